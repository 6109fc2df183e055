"""Forecasts of the year-end Zuschussbedarf per product: the department's own (with reason), the static and
the seasonal extrapolation, which one counts, and whether the overall result gets materially worse.

URL: ``/prognosen?jahr=2026&quartal=3&produkt=060502`` (``produkt`` preselects the forms). The department
enters its forecast for the products of its area (right ``prognose_erfassen``, checked on the server for
the product); Controlling chooses which forecast counts (right ``prognose_waehlen``). Both callbacks write
through ``sicherheit.schreiben`` (audit entry and data version) and re-render the table at once.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update
from werkzeug.exceptions import HTTPException

from dashboard import links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, euro_zelle
from kennzahlen import abfragen
from kennzahlen import formate as fmt
from kennzahlen import prognose as pg
from kennzahlen.models import PROGNOSEMETHODEN
from kennzahlen.perioden import Periode

PFAD = "/prognosen"
TITEL = "Prognosen"
DOWNLOAD = "prognosen"


class IDs:
    """Component IDs of the forecasts page."""

    ERGEBNIS = "prognose-ergebnis"
    TABELLE = "prognose-tabelle"
    HINWEIS = "prognose-verschlechterung"
    STICHTAG = "prognose-stichtag"
    PRODUKT = "prognose-produkt"
    BETRAG = "prognose-betrag"
    BEGRUENDUNG = "prognose-begruendung"
    SPEICHERN = "prognose-speichern"
    MELDUNG = "prognose-meldung"
    WAHL_PRODUKT = "prognose-wahl-produkt"
    WAHL_METHODE = "prognose-wahl-methode"
    WAHL_BEGRUENDUNG = "prognose-wahl-begruendung"
    WAHL_SPEICHERN = "prognose-wahl-speichern"
    WAHL_MELDUNG = "prognose-wahl-meldung"


# ---------------------------------------------------------------------------------------------------
# Table and flag
# ---------------------------------------------------------------------------------------------------


def _geltend(zeile) -> str:
    name = pg.METHODENNAMEN.get(zeile["methode"], zeile["methode"])
    return f"{name} ({'gewählt' if zeile['gewaehlt'] else 'Standard'})"


def _begruendung(zeile) -> str:
    if zeile["fachbereich_quelle"] == "erfasst":
        stichtag = fmt.datum(zeile["fachbereich_stichtag"])
        return f"{zeile['fachbereich_begruendung']} ({zeile['fachbereich_autor']}, Stand {stichtag})"
    if zeile["fachbereich_quelle"] == "import":
        return "aus dem Haushaltsimport (ohne Begründung)"
    return fmt.LEER


def prognosetabelle(df: pd.DataFrame, periode: Periode) -> pd.DataFrame:
    """The table as people read and download it: German column names, one row per product, euro."""
    return pd.DataFrame({
        "Produkt": df["code"], "Bezeichnung": df["name"],
        f"Ansatz {periode.jahr}": df["ansatz"].round(2),
        "fortgeschriebener Ansatz": df["fortgeschriebener_ansatz"].round(2),
        "Ist bis Stichtag": df["ist_bis"].round(2),
        "Prognose Fachbereich": df["fachbereich"].round(2),
        "Begründung Fachbereich": [_begruendung(z) for _, z in df.iterrows()],
        "statische Hochrechnung": df["statisch"].round(2),
        "saisonale Hochrechnung": df["saisonal"].round(2),
        "Es gilt": [_geltend(z) for _, z in df.iterrows()],
        "geltende Prognose": df["prognose"].round(2),
        "Abweichung vom fortgeschriebenen Ansatz": df["abweichung"].round(2),
    })


def _periode_aus_parametern(fabrik, einstellungen, parameter) -> Periode:
    periode, _, _ = periode_waehlen(fabrik, einstellungen, parameter)
    return periode


@tabelle_anmelden(DOWNLOAD)
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    periode = _periode_aus_parametern(fabrik, einstellungen, parameter)
    return prognosetabelle(pg.prognosen_je_produkt(fabrik, periode), periode)


SPALTEN_FELDER = ("ansatz", "fortgeschriebener_ansatz", "ist_bis", "fachbereich", "statisch", "saisonal", "prognose")


def _zeilen(df: pd.DataFrame, periode: Periode) -> tuple[list[dict], dict]:
    zeilen = []
    for _, z in df.iterrows():
        zeile = {"produkt": f"{z['code']} {z['name']}", "produkt_href": links.produkt(z["code"], periode),
                 "begruendung": _begruendung(z), "gilt": _geltend(z), "abweichung": euro_zelle(z["abweichung"]),
                 "einheit_diff": "€"}
        zeile.update({f: euro_zelle(z[f]) for f in SPALTEN_FELDER})
        if z["hinweis"]:
            zeile["gilt"] += " – " + z["hinweis"]
        zeilen.append(zeile)
    summe = {"produkt": "Summe", "begruendung": "", "gilt": "", "einheit_diff": "€",
             "abweichung": euro_zelle(df["abweichung"].sum(min_count=1))}
    summe.update({f: euro_zelle(df[f].sum(min_count=1)) for f in SPALTEN_FELDER})
    return zeilen, summe


def verschlechterungshinweis(v: pg.Verschlechterung, id_: str = IDs.HINWEIS) -> html.Div:
    """The flag of a wesentliche Verschlechterung (an alert when material, else a calm status line)."""
    kopf, _, rest = v.text.partition(": ")
    # A plain Div with Bootstrap's alert classes: dbc.Alert has no role, and a mere status must not interrupt.
    return html.Div([html.Strong(kopf + ": "), rest], id=id_, role="alert" if v.wesentlich else "status",
                    className=f"alert alert-{'danger' if v.wesentlich else 'success'} mb-3")


def ergebnisbereich(fabrik, periode: Periode) -> list:
    """The flag of a wesentliche Verschlechterung and the table of all forecasts (re-rendered after a save)."""
    df = pg.prognosen_je_produkt(fabrik, periode)
    if df.empty:
        return [dbc.Alert(f"Für {periode.jahr} sind keine Haushaltsbeträge erfasst; ohne Ansatz und Ist gibt es "
                          "keine Prognosen.", color="warning", id=IDs.HINWEIS),
                html.Div(id=IDs.TABELLE)]
    zeilen, summe = _zeilen(df, periode)
    ist_stand = abfragen.ist_stichtag(fabrik, periode) or periode
    spalten = [
        Spalte("Produkt", feld="produkt", format="verweis", breite=220),
        Spalte(f"Ansatz {periode.jahr}", True, "ansatz", "euro", breite=135),
        Spalte("fortgeschriebener Ansatz", True, "fortgeschriebener_ansatz", "euro", breite=135),
        Spalte(f"Ist bis {ist_stand.kurz}", True, "ist_bis", "euro", breite=135),
        Spalte("Prognose Fachbereich", True, "fachbereich", "euro", breite=135),
        Spalte("Begründung Fachbereich", feld="begruendung", breite=200),
        Spalte("statische Hochrechnung", True, "statisch", "euro", breite=135),
        Spalte("saisonale Hochrechnung", True, "saisonal", "euro", breite=135),
        Spalte("Es gilt", feld="gilt", breite=180),
        Spalte("geltende Prognose", True, "prognose", "euro", breite=135),
        Spalte("Abweichung vom fortgeschriebenen Ansatz", True, "abweichung", "differenz", breite=135),
    ]
    stand = ([html.P(f"Ist-Werte des Haushalts liegen erst bis {ist_stand.lang} vor; die Hochrechnungen gehen von "
                     "diesem Stichtag aus.", className="small", role="status")] if ist_stand != periode else [])
    return [
        verschlechterungshinweis(pg.wesentliche_verschlechterung(fabrik, periode, df)),
        *stand,
        html.Div(datentabelle(IDs.TABELLE, spalten, zeilen, f"Prognosen des Zuschussbedarfs {periode.jahr} je "
                              f"Produkt zum {fmt.datum(periode.ende)}", summe)),
        html.P(["Zuschussbedarf in Euro (Aufwendungen abzüglich Erträge); Abweichung positiv = Verschlechterung. "
                "Herunterladen: ", *tabellenlinks(DOWNLOAD, links.cockpit(periode)[1:])], className="small mt-2"),
    ]


# ---------------------------------------------------------------------------------------------------
# Methods, backtest and forms
# ---------------------------------------------------------------------------------------------------


def _methoden(fabrik, periode: Periode) -> html.Section:
    eintraege = []
    for m in PROGNOSEMETHODEN:
        eintraege += [html.Dt(pg.METHODENNAMEN[m]), html.Dd(pg.METHODEN[m])]
    einzeln = pg.backtest_einzeln(fabrik, periode.art)
    stichtag = einzeln[(einzeln["periode"] == periode.nummer) & (einzeln["jahr"] < periode.jahr)]
    if stichtag.empty:
        rueckblick = "Für einen Rückblick fehlen abgeschlossene Jahre mit unterjährigen Ist-Werten."
    else:
        fehler = stichtag.groupby("methode")["fehler"].mean()
        jahre = sorted(stichtag["jahr"].unique())
        rueckblick = (f"Mittlerer Fehler zum selben Stichtag in den Jahren {jahre[0]}–{jahre[-1]}: "
                      + ", ".join(f"{pg.METHODENNAMEN[m]} {fmt.prozent(fehler[m], 1)}"
                                  for m in pg.STATISTISCHE_METHODEN if m in fehler)
                      + " (Abweichung der hochgerechneten Summe aller Produkte vom Ergebnis; "
                      "vollständig: python -m kennzahlen prognose-backtest).")
    return html.Section([
        html.H2("Methoden", className="h4"),
        html.Dl(eintraege, className="mb-2"),
        html.P(rueckblick, className="small text-body-secondary", id="prognose-rueckblick"),
    ], className="mb-4")


def _optionen(df: pd.DataFrame, codes: list[str] | None = None) -> list[dict]:
    namen = dict(zip(df["code"], df["name"], strict=True))
    return [{"label": f"{c} {namen.get(c, '')}".strip(), "value": c} for c in (codes if codes is not None else namen)]


def _erfassungsformular(df: pd.DataFrame, codes: list[str], vorwahl: str | None, periode: Periode) -> html.Section:
    if not codes:
        inhalt = [html.P("Für Ihren Bereich gibt es keine Produkte, für die Sie eine Prognose erfassen dürfen.",
                         className="text-body-secondary")]
    else:
        inhalt = [
            html.P(f"Erwarteter Zuschussbedarf des ganzen Jahres {periode.jahr} (Aufwendungen abzüglich Erträge), "
                   f"Stand {fmt.datum(periode.ende)}. Eine erneute Erfassung zum selben Stichtag ersetzt die "
                   "vorige.", className="small text-body-secondary"),
            dbc.Row([
                dbc.Col([dbc.Label("Produkt", html_for=IDs.PRODUKT),
                         dbc.Select(id=IDs.PRODUKT, options=_optionen(df, codes), placeholder="– bitte wählen –",
                                    value=vorwahl if vorwahl in codes else None)], md=6),
                dbc.Col([dbc.Label("Zuschussbedarf zum Jahresende in Euro", html_for=IDs.BETRAG),
                         dbc.Input(id=IDs.BETRAG, type="text", inputMode="decimal", placeholder="1.234.567,89",
                                   maxLength=30, autoComplete="off")], md=6),
            ], className="g-3"),
            dbc.Label("Begründung", html_for=IDs.BEGRUENDUNG, className="mt-3"),
            dbc.Textarea(id=IDs.BEGRUENDUNG, rows=3, maxLength=4000,
                         placeholder="Worauf beruht die Prognose? (z. B. Fallzahlen, Preissteigerungen)"),
            dbc.Button("Prognose speichern", id=IDs.SPEICHERN, color="primary", className="mt-3", n_clicks=0),
        ]
    return html.Section([html.H2("Prognose des Fachbereichs erfassen", className="h4"), *inhalt,
                         html.Div(id=IDs.MELDUNG, role="status", className="mt-3")], className="mb-4")


def _wahlformular(df: pd.DataFrame, vorwahl: str | None, periode: Periode) -> html.Section:
    aktuell = df.set_index("code")["methode"].to_dict() if len(df) else {}
    return html.Section([
        html.H2(f"Geltende Prognose {periode.jahr} festlegen", className="h4"),
        html.P("Ohne Festlegung gilt die Prognose des Fachbereichs, wo es eine gibt, sonst die saisonale "
               "Hochrechnung.", className="small text-body-secondary"),
        dbc.Row([
            dbc.Col([dbc.Label("Produkt", html_for=IDs.WAHL_PRODUKT),
                     dbc.Select(id=IDs.WAHL_PRODUKT, options=_optionen(df), placeholder="– bitte wählen –",
                                value=vorwahl if vorwahl in aktuell else None)], md=5),
            dbc.Col([dbc.Label("Es gilt", html_for=IDs.WAHL_METHODE),
                     dbc.Select(id=IDs.WAHL_METHODE, value=aktuell.get(vorwahl, "fachbereich"),
                                options=[{"label": pg.METHODENNAMEN[m], "value": m} for m in PROGNOSEMETHODEN])],
                    md=3),
            dbc.Col([dbc.Label("Begründung (freiwillig)", html_for=IDs.WAHL_BEGRUENDUNG),
                     dbc.Input(id=IDs.WAHL_BEGRUENDUNG, maxLength=500, autoComplete="off")], md=4),
        ], className="g-3"),
        dbc.Button("Festlegen", id=IDs.WAHL_SPEICHERN, color="primary", className="mt-3", n_clicks=0),
        html.Div(id=IDs.WAHL_MELDUNG, role="status", className="mt-3"),
    ], className="mb-4")


# ---------------------------------------------------------------------------------------------------
# Page contract
# ---------------------------------------------------------------------------------------------------


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Period selector, the flag, the table of forecasts, the methods and the forms the user may use."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    nutzer = sicherheit.benutzer()
    df = pg.prognosen_je_produkt(fabrik, periode)
    vorwahl = (parameter.get("produkt") or "").strip() or None
    formulare = []
    if nutzer is not None and nutzer.darf_irgendwo("prognose_erfassen"):
        vorhanden = set(df["code"])
        codes = [c for c in pg.erfassbare_produkte(fabrik, nutzer) if c in vorhanden]
        if vorwahl and vorwahl in vorhanden and vorwahl not in codes:
            hinweise = [*hinweise, f"Für das Produkt {vorwahl} dürfen Sie keine Prognose erfassen; es gehört nicht "
                                   "zu Ihrem Bereich."]
        formulare.append(_erfassungsformular(df, codes, vorwahl, periode))
    if nutzer is not None and nutzer.darf("prognose_waehlen") and len(df):
        formulare.append(_wahlformular(df, vorwahl, periode))
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit(periode)), (TITEL, None)]),
        html.H1(f"Prognosen zum {fmt.datum(periode.ende)}", className="h2"),
        html.P("Zuschussbedarf zum Jahresende je Produkt: die Prognose des Fachbereichs neben der statischen und "
               "der saisonalen Hochrechnung, und welche davon gilt.", className="text-body-secondary"),
        auswahlleiste(periode, verfuegbar),
        hinweisleiste(hinweise),
        dcc.Store(id=IDs.STICHTAG, data={"jahr": periode.jahr, "periodenart": periode.art, "periode": periode.nummer}),
        html.Div(ergebnisbereich(fabrik, periode), id=IDs.ERGEBNIS, className="mb-4"),
        _methoden(fabrik, periode),
        *formulare,
    ], id="prognosen-seite")


def validierungslayout() -> list:
    """Placeholders of every ID used by this page's callbacks."""
    return [html.Div(id=IDs.ERGEBNIS), dcc.Store(id=IDs.STICHTAG), dbc.Select(id=IDs.PRODUKT),
            dbc.Input(id=IDs.BETRAG), dbc.Textarea(id=IDs.BEGRUENDUNG), dbc.Button(id=IDs.SPEICHERN),
            html.Div(id=IDs.MELDUNG), dbc.Select(id=IDs.WAHL_PRODUKT), dbc.Select(id=IDs.WAHL_METHODE),
            dbc.Input(id=IDs.WAHL_BEGRUENDUNG), dbc.Button(id=IDs.WAHL_SPEICHERN), html.Div(id=IDs.WAHL_MELDUNG)]


# --- what the callbacks do ------------------------------------------------------------------------------


def _fehler(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="danger")


def _stichtag(daten: object) -> Periode:
    """The period the form was shown for (sent back by the browser, so checked like any input)."""
    if not isinstance(daten, dict):
        raise ValueError("Stichtag fehlt; bitte die Seite neu laden.")
    try:
        periode = Periode(int(daten.get("jahr")), str(daten.get("periodenart")), int(daten.get("periode")))
    except (TypeError, ValueError):
        periode = None
    if periode is None or not 1990 <= periode.jahr <= 2100:
        raise ValueError("Stichtag ist ungültig; bitte die Seite neu laden.")
    return periode


def _verweigert(recht_text: str, fehler: HTTPException, code: str | None = None) -> dbc.Alert:
    if fehler.code == 404:
        return _fehler(f"Produkt: „{(code or '')[:40]}“ gibt es nicht; bitte ein Produkt aus der Liste wählen.")
    if fehler.code == 401:
        return _fehler("Nicht angemeldet: Bitte melden Sie sich erneut an.")
    return _fehler(f"Keine Berechtigung: {recht_text}")


def erfassen(stichtag: object, code: str | None, betrag: object, begruendung: str | None):
    """Record the department's forecast for one product; returns (message, re-rendered table or no_update).

    The right ``prognose_erfassen`` is checked on the server for this product's area; a refusal says why.
    """
    code = (code or "").strip() if isinstance(code, str) else ""
    if not code:
        return _fehler("Produkt fehlt; bitte ein Produkt aus der Liste wählen."), no_update
    try:
        sicherheit.pruefen("prognose_erfassen", "produkt", code)
    except HTTPException as fehler:
        return _verweigert(f"Prognosen für das Produkt {code[:40]} darf Ihr Konto nicht erfassen; es gehört nicht "
                           "zu Ihrem Bereich (Handlungsfeld oder Organisationseinheit).", fehler, code), no_update
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    details: dict = {}
    try:
        periode = _stichtag(stichtag)
        with sicherheit.schreiben(kontext, nutzer, "prognose_erfasst", f"produkt {code}", details) as session:
            eintrag = pg.prognose_erfassen(session, code, periode, betrag, begruendung, nutzer.name)
            details.update(stichtag=periode.kurz, zuschussbedarf=str(eintrag.zuschussbedarf))
            wert = eintrag.zuschussbedarf
    except ValueError as fehler:
        return _fehler(str(fehler)), no_update
    meldung = dbc.Alert(f"Prognose für {code} zum {fmt.datum(periode.ende)} gespeichert: {fmt.euro(wert)}.",
                        color="success")
    return meldung, ergebnisbereich(kontext.fabrik, periode)


def waehlen(stichtag: object, code: str | None, methode: str | None, begruendung: str | None):
    """Record which forecast counts for one product in the year; returns (message, re-rendered table)."""
    try:
        sicherheit.pruefen("prognose_waehlen")
    except HTTPException as fehler:
        return _verweigert("Welche Prognose gilt, legt das Controlling fest.", fehler), no_update
    code = (code or "").strip() if isinstance(code, str) else ""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    details: dict = {}
    try:
        periode = _stichtag(stichtag)
        with sicherheit.schreiben(kontext, nutzer, "prognose_gewaehlt", f"produkt {code}", details) as session:
            wahl = pg.prognose_waehlen(session, code, periode.jahr, methode, begruendung, nutzer.name)
            details.update(jahr=periode.jahr, methode=wahl.methode)
    except ValueError as fehler:
        return _fehler(str(fehler)), no_update
    meldung = dbc.Alert(f"Für {code} gilt {periode.jahr} die {pg.METHODENNAMEN[methode]}.", color="success")
    return meldung, ergebnisbereich(kontext.fabrik, periode)


def callbacks_registrieren(app, url_id: str) -> None:
    """Save a department forecast (right: prognose_erfassen, scoped); choose the method (right: prognose_waehlen)."""

    @app.callback(
        Output(IDs.MELDUNG, "children"), Output(IDs.ERGEBNIS, "children", allow_duplicate=True),
        Input(IDs.SPEICHERN, "n_clicks"),
        State(IDs.STICHTAG, "data"), State(IDs.PRODUKT, "value"), State(IDs.BETRAG, "value"),
        State(IDs.BEGRUENDUNG, "value"),
        prevent_initial_call=True,
        recht="prognose_erfassen",
    )
    def prognose_speichern(_klick, stichtag, code, betrag, begruendung):
        return erfassen(stichtag, code, betrag, begruendung)

    @app.callback(
        Output(IDs.WAHL_MELDUNG, "children"), Output(IDs.ERGEBNIS, "children", allow_duplicate=True),
        Input(IDs.WAHL_SPEICHERN, "n_clicks"),
        State(IDs.STICHTAG, "data"), State(IDs.WAHL_PRODUKT, "value"), State(IDs.WAHL_METHODE, "value"),
        State(IDs.WAHL_BEGRUENDUNG, "value"),
        prevent_initial_call=True,
        recht="prognose_waehlen",
    )
    def prognose_festlegen(_klick, stichtag, code, methode, begruendung):
        return waehlen(stichtag, code, methode, begruendung)
