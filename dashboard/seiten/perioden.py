"""Controlling: close and reopen reporting periods, and set the status thresholds.

Closing a period freezes its reported numbers and texts (``kennzahlen.berichtsstand``) and makes imports
refuse changes to its values; reopening needs a reason. Both stand in the history on this page, and each
closed period links to its Berichtsstand. Each write callback checks its own right (perioden_abschliessen,
schwellenwerte), delegates to ``kennzahlen.verwaltung`` inside ``sicherheit.schreiben`` (audit entry and
data version in one transaction) and answers in German.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update
from flask import current_app

from dashboard import links, sicherheit
from dashboard.komponenten import Spalte, brotkrumen, datentabelle
from kennzahlen import berichtsstand, verwaltung
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode

PFAD = "/verwaltung/perioden"
TITEL = "Perioden und Schwellenwerte"
RECHT = "perioden_abschliessen"


class IDs:
    """Component IDs of the periods and thresholds page."""

    PERIODE = "perioden-auswahl"
    ABSCHLIESSEN = "perioden-abschliessen"
    OEFFNEN = "perioden-oeffnen"
    GRUND = "perioden-grund"
    MELDUNG = "perioden-meldung"
    TABELLE = "perioden-tabelle"
    GRID = "perioden-grid"
    VERLAUF = "perioden-verlauf"
    VERLAUF_GRID = "perioden-verlauf-grid"
    SCHWELLE = "schwellenwert-"  # + key of kennzahlen.status.Schwellenwerte
    SCHWELLEN_SPEICHERN = "schwellenwerte-speichern"
    SCHWELLEN_MELDUNG = "schwellenwerte-meldung"


SCHWELLEN_IDS = {k: IDs.SCHWELLE + k for k in verwaltung.SCHWELLENWERTNAMEN}
SPALTEN = (Spalte("Periode", feld="periode"), Spalte("Stand", feld="stand"),
           Spalte("Abgeschlossen am", feld="am"), Spalte("Abgeschlossen von", feld="von"),
           Spalte("Berichtsstand", feld="bericht", format="verweis"))
VERLAUFSSPALTEN = (Spalte("Zeitpunkt", feld="zeitpunkt"), Spalte("Periode", feld="periode", format="verweis"),
                   Spalte("Aktion", feld="aktion"), Spalte("Benutzer", feld="benutzer"), Spalte("Grund", feld="grund"))


def _zahl(wert: float | str | None) -> str:
    return "" if wert is None else str(wert).replace(".", ",")


def _periode(zeile) -> Periode:
    return Periode(int(zeile.jahr), zeile.periodenart, int(zeile.periode))


def periodentabelle(df) -> html.Div | html.P:
    """Periods with their state as a data grid; a closed period links to its Berichtsstand."""
    if df.empty:
        return html.P("Noch keine Perioden mit Ist-Werten.", className="text-body-secondary")
    zeilen = [{"periode": p.bezeichnung, "stand": "abgeschlossen" if p.abgeschlossen else "offen",
               "am": verwaltung.zeitpunkt_text(p.abgeschlossen_am) if p.abgeschlossen else "–",
               "von": p.abgeschlossen_von or "–",
               "bericht": "Berichtsstand ansehen" if p.abgeschlossen else "–",
               "bericht_href": links.berichtsstand(_periode(p)) if p.abgeschlossen else None}
              for p in df.itertuples()]
    return datentabelle(IDs.GRID, SPALTEN, zeilen, "Berichtsperioden und ihr Abschluss")


def verlaufstabelle(df) -> html.Div | html.P:
    """The history of closing and reopening (all periods, newest first) as a data grid."""
    if df.empty:
        return html.P("Noch keine Periode abgeschlossen oder wieder geöffnet.", className="text-body-secondary")
    zeilen = [{"zeitpunkt": verwaltung.zeitpunkt_text(z.zeitpunkt), "periode": z.bezeichnung,
               "periode_href": links.berichtsstand(_periode(z)), "aktion": z.aktion_text,
               "benutzer": z.benutzer, "grund": z.grund or "–"} for z in df.itertuples()]
    return datentabelle(IDs.VERLAUF_GRID, VERLAUFSSPALTEN, zeilen,
                        "Verlauf: Abschluss und Wiederöffnung der Perioden, neueste zuerst")


def periodenoptionen(df) -> list[dict]:
    """Options of the period selector: '3. Quartal 2026 (offen)'."""
    return [{"label": f"{p.bezeichnung} ({'abgeschlossen' if p.abgeschlossen else 'offen'})", "value": p.schluessel}
            for p in df.itertuples()]


def _schwellenformular(fabrik, einstellungen) -> list:
    uebersicht = verwaltung.schwellenwerte_uebersicht(fabrik, einstellungen.schwellenwerte)
    felder = [
        dbc.Col([
            dbc.Label(z.bezeichnung, html_for=SCHWELLEN_IDS[z.schluessel]),
            dbc.Input(id=SCHWELLEN_IDS[z.schluessel], value=_zahl(z.gespeichert), inputMode="decimal",
                      placeholder=f"Standard: {_zahl(z.standard)}", maxLength=12, autoComplete="off"),
        ], md=4, className="mb-2")
        for z in uebersicht.itertuples()
    ]
    return [
        html.P("Untergrenzen des Zielerreichungsgrads (1 = 100 %), z. B. 0,95 oder 95 %. Leer lassen heißt: "
               "der Standard gilt. Die Stufen müssen aufsteigen (gelb ≤ grün; teilweise ≤ überwiegend ≤ zur Gänze "
               "≤ überplanmäßig).", id="schwellenwerte-hilfe", className="text-body-secondary"),
        dbc.Row(felder),
        dbc.Button("Schwellenwerte speichern", id=IDs.SCHWELLEN_SPEICHERN, color="primary", n_clicks=0),
        html.Div(id=IDs.SCHWELLEN_MELDUNG, role="status", className="mt-3"),
    ]


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Period selector with close/reopen buttons, the table of periods, and the thresholds form."""
    df = verwaltung.periodenuebersicht(fabrik, einstellungen.berichtsperiode)
    verlauf = berichtsstand.abschlussverlauf(fabrik)
    nutzer = sicherheit.benutzer()
    schwellen = (_schwellenformular(fabrik, einstellungen) if nutzer is not None and nutzer.darf("schwellenwerte")
                 else [html.P("Schwellenwerte festzulegen gehört nicht zu Ihren Rollen.")])
    return html.Div([
        brotkrumen([("Cockpit", "/"), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.Section([
            html.H2("Berichtsperioden abschließen", className="h4"),
            html.P(["Beim Abschluss werden die Zahlen und Texte der Periode so eingefroren, wie sie berichtet "
                    "werden; eine abgeschlossene Periode ändert kein Import mehr (außer mit ausdrücklicher "
                    "Erlaubnis). Wieder öffnen geht nur mit Begründung; der berichtete Stand bleibt abrufbar. "
                    "Abschluss und Wiederöffnung stehen im Verlauf unten und im Änderungsprotokoll."],
                   className="text-body-secondary"),
            dbc.Row([
                dbc.Col([dbc.Label("Periode", html_for=IDs.PERIODE),
                         dbc.Select(id=IDs.PERIODE, options=periodenoptionen(df),
                                    value=df["schluessel"].iloc[0] if not df.empty else None)], md=4),
                dbc.Col([dbc.Button("Abschließen", id=IDs.ABSCHLIESSEN, color="primary", n_clicks=0,
                                    className="me-2"),
                         dbc.Button("Wieder öffnen", id=IDs.OEFFNEN, color="secondary", outline=True, n_clicks=0)],
                        md="auto"),
            ], className="g-3 align-items-end mb-2"),
            dbc.Row(dbc.Col([
                dbc.Label(f"Grund für die Wiederöffnung (mindestens {verwaltung.GRUND_MINDESTLAENGE} Zeichen)",
                          html_for=IDs.GRUND),
                dbc.Textarea(id=IDs.GRUND, rows=2, maxLength=verwaltung.GRUND_HOECHSTLAENGE),
                dbc.FormText("Nur zum Wieder öffnen nötig, z. B. welche Zahlen nachgeliefert oder berichtigt "
                             "werden. Der Grund steht im Verlauf."),
            ], md=8), className="mb-2"),
            html.Div(id=IDs.MELDUNG, role="status", className="mb-3"),
            html.Div(periodentabelle(df), id=IDs.TABELLE),
        ], className="mb-5"),
        html.Section([
            html.H2("Verlauf der Abschlüsse", className="h4"),
            html.Div(verlaufstabelle(verlauf), id=IDs.VERLAUF),
        ], className="mb-5"),
        html.Section([html.H2("Schwellenwerte der Statusstufen", className="h4"), *schwellen]),
    ])


def validierungslayout() -> list:
    """Placeholders of every ID used by this page's callbacks."""
    return [dbc.Select(id=IDs.PERIODE), dbc.Button(id=IDs.ABSCHLIESSEN), dbc.Button(id=IDs.OEFFNEN),
            dbc.Textarea(id=IDs.GRUND), html.Div(id=IDs.MELDUNG), html.Div(id=IDs.TABELLE), html.Div(id=IDs.VERLAUF),
            *(dbc.Input(id=i) for i in SCHWELLEN_IDS.values()),
            dbc.Button(id=IDs.SCHWELLEN_SPEICHERN), html.Div(id=IDs.SCHWELLEN_MELDUNG)]


# --- what the callbacks do ------------------------------------------------------------------------------


def abschluss_aendern(abschliessen: bool, schluessel: str | None, grund: str | None = None):
    """Close (and freeze) or reopen (with a reason) the chosen period.

    Returns (message, table of periods, selector options, history, reason field: emptied after reopening).
    """
    sicherheit.pruefen("perioden_abschliessen")
    kontext = current_app.extensions["wirkungscockpit"]
    nutzer = sicherheit.benutzer()
    aktion = "periode_abgeschlossen" if abschliessen else "periode_geoeffnet"
    grundfeld = no_update
    try:
        periode = verwaltung.periode_aus_schluessel(schluessel)
        details: dict = {"periode": periode.lang}  # completed inside the transaction, audited when it commits
        regeln = bewertungsregeln(kontext.fabrik, kontext.einstellungen) if abschliessen else None
        with sicherheit.schreiben(kontext, nutzer, aktion, f"periode {verwaltung.periodenschluessel(periode)}",
                                  details) as session:
            if abschliessen:
                verwaltung.periode_abschliessen(session, periode.jahr, periode.art, periode.nummer, nutzer.login,
                                                regeln)
                details["fassung"] = berichtsstand.naechste_fassung(session, periode) - 1
            else:
                verwaltung.periode_oeffnen(session, periode.jahr, periode.art, periode.nummer, grund, nutzer.login)
                details["grund"] = verwaltung.grund_pruefen(grund)
    except ValueError as fehler:
        meldung = dbc.Alert(str(fehler), color="danger")
    else:
        verweis = dcc.Link("Berichtsstand ansehen", href=links.berichtsstand(periode))
        if abschliessen:
            meldung = dbc.Alert([f"{periode.lang} ist abgeschlossen; Zahlen und Texte sind als Fassung "
                                 f"{details['fassung']} eingefroren. ", verweis], color="success")
        else:
            meldung = dbc.Alert([f"{periode.lang} ist wieder geöffnet; der berichtete Stand bleibt abrufbar. ",
                                 verweis], color="success")
            grundfeld = ""
    df = verwaltung.periodenuebersicht(kontext.fabrik, kontext.einstellungen.berichtsperiode)
    verlauf = berichtsstand.abschlussverlauf(kontext.fabrik)
    return meldung, periodentabelle(df), periodenoptionen(df), verlaufstabelle(verlauf), grundfeld


def schwellenwerte_speichern(texte: Mapping[str, str | None]) -> dbc.Alert:
    """Validate and store the thresholds of the form (blank = default)."""
    sicherheit.pruefen("schwellenwerte")
    kontext = current_app.extensions["wirkungscockpit"]
    details: dict = {}  # filled inside the transaction; written to the audit trail when it commits
    try:
        with sicherheit.schreiben(kontext, sicherheit.benutzer(), "schwellenwerte_geaendert", "schwellenwerte",
                                  details) as session:
            details["alt"] = verwaltung.schwellenwerte_lesen(session)
            details["neu"] = verwaltung.schwellenwerte_speichern(session, texte, kontext.einstellungen.schwellenwerte)
    except ValueError as fehler:
        return dbc.Alert(str(fehler), color="danger")
    return dbc.Alert("Schwellenwerte gespeichert.", color="success")


def callbacks_registrieren(app, url_id: str) -> None:
    """Close/reopen a period (right: perioden_abschliessen); store thresholds (right: schwellenwerte)."""

    @app.callback(
        Output(IDs.MELDUNG, "children"), Output(IDs.TABELLE, "children"), Output(IDs.PERIODE, "options"),
        Output(IDs.VERLAUF, "children"), Output(IDs.GRUND, "value"),
        Input(IDs.ABSCHLIESSEN, "n_clicks"), Input(IDs.OEFFNEN, "n_clicks"),
        State(IDs.PERIODE, "value"), State(IDs.GRUND, "value"),
        prevent_initial_call=True,
        recht="perioden_abschliessen",
    )
    def periode_abschluss_aendern(_abschliessen, _oeffnen, schluessel, grund):
        return abschluss_aendern(ctx.triggered_id != IDs.OEFFNEN, schluessel, grund)

    @app.callback(
        Output(IDs.SCHWELLEN_MELDUNG, "children"),
        Input(IDs.SCHWELLEN_SPEICHERN, "n_clicks"),
        *(State(i, "value") for i in SCHWELLEN_IDS.values()),
        prevent_initial_call=True,
        recht="schwellenwerte",
    )
    def schwellenwerte_sichern(_klick, *werte):
        return schwellenwerte_speichern(dict(zip(SCHWELLEN_IDS, werte, strict=True)))
