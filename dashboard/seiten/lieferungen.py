"""Nicht gemeldete Kennzahlen: the delivery state per owner unit for a period, each unit's file to fill in, and
the list of Kennzahlen still without Ist (filterable by unit).

URL: ``/lieferungen?jahr=2026&quartal=3&einheit=51``. The due rule and what counts as delivered are
``kennzahlen.lieferungen``'s; the files come from ``/download/lieferung/<einheit>.<endung>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, prozent_zelle
from kennzahlen import formate as fmt
from kennzahlen import lieferungen as lf
from kennzahlen.perioden import Periode

PFAD = "/lieferungen"
TITEL = "Nicht gemeldete Kennzahlen"

TYPEN = {"input": "Input", "output": "Output", "wirkung": "Wirkung", "prozess": "Prozess/Qualität",
         "kontext": "Kontext"}
MAX_DATEILINKS = 40
"""More units with gaps than this: the page asks to choose one instead of listing every file."""
ALLE = ""


class IDs:
    """Component IDs of this page."""

    EINHEIT = "lieferungen-einheit"
    UEBERSICHT = "lieferungen-uebersicht"
    STAND = "lieferungen-stand"
    DATEIEN = "lieferungen-dateien"
    FEHLEND = "lieferungen-fehlend"


# --------------------------------------------------------------------------------------------- helpers
def abfrage(periode: Periode, einheit: str | None = None) -> str:
    """'?jahr=2026&quartal=3&einheit=51': the query of this view (and of its downloads)."""
    return links.lieferungen(periode, einheit=einheit).removeprefix(PFAD)


def dateilink(einheit_code: str, periode: Periode, endung: str = "xlsx") -> str:
    """'/download/lieferung/51.xlsx?jahr=2026&quartal=3': a unit's delivery file for ``periode``."""
    return f"/download/lieferung/{quote(einheit_code, safe='')}.{endung}{abfrage(periode)}"


def einheit_aus_parametern(parameter: Mapping[str, str], codes: list[str]) -> tuple[str, list[str]]:
    """The unit filter of the URL (``ALLE`` when absent) and a German hint when the code is not a unit with
    due Kennzahlen."""
    roh = (parameter.get("einheit") or "").strip()
    if not roh or roh in codes:
        return roh, []
    return ALLE, [f"„{roh[:40]}“ ist keine Organisationseinheit mit fälligen Kennzahlen; angezeigt werden alle."]


def _daten(fabrik, einstellungen, parameter: Mapping[str, str]):
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    uebersicht = lf.lieferuebersicht(fabrik, periode)
    codes = [c for c in uebersicht["einheit_code"] if c]
    einheit, hinweis = einheit_aus_parametern(parameter, codes)
    fehlend = lf.fehlende_lieferungen(fabrik, periode)
    if einheit:
        fehlend = fehlend[fehlend["einheit_code"] == einheit]
    return periode, verfuegbar, hinweise + hinweis, uebersicht, einheit, fehlend


def uebersichtstabelle(uebersicht: pd.DataFrame, periode: Periode) -> pd.DataFrame:
    """The overview per unit with German column names (download and grid)."""
    return pd.DataFrame({
        "Organisationseinheit": uebersicht["einheit_code"],
        "Bezeichnung": uebersicht["organisationseinheit"],
        f"Fällig {periode.kurz}": uebersicht["faellig"],
        "Geliefert": uebersicht["geliefert"],
        "Fehlend": uebersicht["fehlend"],
        "Lieferquote (%)": (uebersicht["quote"].astype(float) * 100).round(1),
    })


def fehlendtabelle(fehlend: pd.DataFrame) -> pd.DataFrame:
    """The missing Kennzahlen with German column names (download)."""
    return pd.DataFrame({
        "Kennzahl": fehlend["code"], "Name": fehlend["name"], "Organisationseinheit": fehlend["einheit_code"],
        "Bezeichnung der Einheit": fehlend["organisationseinheit"], "Handlungsfeld": fehlend["handlungsfeld"],
        "Typ": fehlend["typ"].map(TYPEN), "Fehlende Perioden": fehlend["perioden"],
        "Gesamtstadt fehlt": fehlend["stadtwert_fehlt"].map({True: "ja", False: "nein"}),
        "Fehlende Sozialräume": fehlend["fehlende_raeume"],
        "Vorperiode geliefert": fehlend["vorperiode_geliefert"].map({True: "ja", False: "nein"}),
    })


@tabelle_anmelden("lieferungen-uebersicht")
def _download_uebersicht(fabrik, einstellungen, parameter) -> pd.DataFrame:
    periode, _, _, uebersicht, _, _ = _daten(fabrik, einstellungen, parameter)
    return uebersichtstabelle(uebersicht, periode)


@tabelle_anmelden("lieferungen-fehlend")
def _download_fehlend(fabrik, einstellungen, parameter) -> pd.DataFrame:
    return fehlendtabelle(_daten(fabrik, einstellungen, parameter)[5])


def standtext(uebersicht: pd.DataFrame, periode: Periode) -> str:
    """'Für 3. Quartal 2026 sind 64 Kennzahlen fällig: 63 vollständig geliefert, 1 fehlt (in 1 Organisationseinheit).'
    """
    faellig, fehlend = int(uebersicht["faellig"].sum()), int(uebersicht["fehlend"].sum())
    if not faellig:
        return f"Für {periode.lang} ist keine Kennzahl fällig."
    einheiten = int((uebersicht["fehlend"] > 0).sum())
    satz = (f"Für {periode.lang} sind {fmt.zahl(faellig, 0)} Kennzahlen fällig: "
            f"{fmt.zahl(faellig - fehlend, 0)} vollständig geliefert, ")
    if not fehlend:
        return satz + "keine fehlt."
    return satz + (f"{fmt.zahl(fehlend, 0)} {'fehlt' if fehlend == 1 else 'fehlen'} (in {einheiten} "
                   f"Organisationseinheit{'' if einheiten == 1 else 'en'}).")


# --------------------------------------------------------------------------------------------- parts
def _anleitung() -> html.Div:
    return html.Div([
        html.H2("So liefern Sie die fehlenden Werte", className="h5"),
        html.Ol([
            html.Li("Unten die Lieferdatei Ihrer Organisationseinheit herunterladen (Excel oder CSV). Sie enthält je "
                    "fehlendem Wert eine Zeile: Kennzahl, Periode und – bei Kennzahlen je Sozialraum – den "
                    "Sozialraum; Sozialraum leer heißt Gesamtstadt."),
            html.Li("In der Spalte „Wert“ die Ist-Werte eintragen. Zeilen ohne Wert vor dem Hochladen löschen: eine "
                    "leere Wert-Zelle ist ein Fehler, und dann wird nichts gespeichert. Die übrigen Spalten nicht "
                    "ändern; Name, Maßeinheit und das Ist der Vorperiode dienen nur zur Orientierung."),
            html.Li(["Die Datei unter ", dcc.Link("Import", href="/import"), " hochladen, die Vorschau prüfen und "
                     "bestätigen. Danach verschwinden die Kennzahlen aus dieser Liste."]),
        ], className="mb-0"),
    ], className="mb-4", id="lieferungen-anleitung")


def _einheitauswahl(uebersicht: pd.DataFrame, einheit: str) -> dbc.Col:
    optionen = [{"label": "Alle Organisationseinheiten", "value": ALLE}] + [
        {"label": f"{c} – {n}", "value": c}
        for c, n in zip(uebersicht["einheit_code"], uebersicht["organisationseinheit"], strict=True) if c]
    return dbc.Col([dbc.Label("Organisationseinheit", html_for=IDs.EINHEIT),
                    dbc.Select(id=IDs.EINHEIT, value=einheit, options=optionen)], width="auto")


def _uebersicht(uebersicht: pd.DataFrame, periode: Periode, einheit: str) -> dbc.Card:
    zeilen = [{"einheit": f"{u.einheit_code} {u.organisationseinheit}" if u.einheit_code else u.organisationseinheit,
               "einheit_href": f"{PFAD}{abfrage(periode, u.einheit_code)}"
               if u.einheit_code else None,
               "faellig": int(u.faellig), "geliefert": int(u.geliefert), "fehlend": int(u.fehlend),
               "quote": prozent_zelle(u.quote), "stand": "vollständig" if u.fehlend == 0 else "⚠ unvollständig"}
              for u in uebersicht.itertuples(index=False)]
    tabelle = datentabelle(
        IDs.UEBERSICHT,
        [Spalte("Organisationseinheit", feld="einheit", format="verweis", breite=240),
         Spalte(f"Fällig {periode.kurz}", True, "faellig", "zahl"), Spalte("Geliefert", True, "geliefert", "zahl"),
         Spalte("Fehlend", True, "fehlend", "zahl"), Spalte("Lieferquote", True, "quote", "prozent"),
         Spalte("Stand", feld="stand")],
        zeilen, f"Lieferstand je Organisationseinheit, {periode.lang}",
    ) if zeilen else html.P(f"Für {periode.lang} ist keine Kennzahl fällig.")
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Lieferstand je Organisationseinheit, {periode.lang}", className="h5 mb-0")),
        dbc.CardBody([
            html.P(standtext(uebersicht, periode), id=IDs.STAND),
            tabelle,
            html.P(["Herunterladen: ", *tabellenlinks("lieferungen-uebersicht", abfrage(periode, einheit))],
                   className="small mt-2 mb-0"),
        ]),
    ], className="mb-4")


def _dateien(uebersicht: pd.DataFrame, periode: Periode, einheit: str) -> dbc.Card:
    if einheit:
        auswahl = uebersicht[uebersicht["einheit_code"] == einheit]
    else:
        auswahl = uebersicht[(uebersicht["fehlend"] > 0) & (uebersicht["einheit_code"] != "")]
    if auswahl.empty:
        inhalt = [html.P("Keine Organisationseinheit hat offene Lieferungen.", className="mb-0")]
    elif len(auswahl) > MAX_DATEILINKS:
        inhalt = [html.P(f"{len(auswahl)} Organisationseinheiten haben offene Lieferungen: Wählen Sie oben eine "
                         "Organisationseinheit, um ihre Lieferdatei herunterzuladen.", className="mb-0")]
    else:
        inhalt = [html.Ul([
            html.Li([f"{u.einheit_code} {u.organisationseinheit} ({u.fehlend} offen): ",
                     html.A("Excel (XLSX)", href=dateilink(u.einheit_code, periode, "xlsx"), className="me-2"),
                     html.A("CSV", href=dateilink(u.einheit_code, periode, "csv"))])
            for u in auswahl.itertuples(index=False)], className="mb-0")]
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Lieferdateien {periode.kurz}", className="h5 mb-0")),
        dbc.CardBody([html.P("Vorausgefüllt mit den fehlenden Ist-Werten der Einheit; Format wie die Vorlage "
                             "„Kennzahlwerte“ des Imports.", className="small text-body-secondary"), *inhalt]),
    ], className="mb-4", id=IDs.DATEIEN)


def _fehlend(fehlend: pd.DataFrame, periode: Periode, einheit: str) -> dbc.Card:
    titel = "Fehlende Kennzahlen" + (f" der Organisationseinheit {einheit}" if einheit else "")
    zeilen = [{"kennzahl": f"{k.code} {k.name}", "kennzahl_href": links.kennzahl(k.code, periode),
               "einheit": f"{k.einheit_code} {k.organisationseinheit}" if k.einheit_code else k.organisationseinheit,
               "handlungsfeld": k.handlungsfeld if isinstance(k.handlungsfeld, str) else fmt.LEER,
               "typ": TYPEN.get(k.typ, k.typ), "perioden": k.perioden,
               "stadt": "fehlt" if k.stadtwert_fehlt else "geliefert",
               "raeume": int(k.fehlende_raeume) if k.raumebene == "sozialraum" else None,
               "vorperiode": "ja" if k.vorperiode_geliefert else "nein"}
              for k in fehlend.itertuples(index=False)]
    inhalt = datentabelle(
        IDs.FEHLEND,
        [Spalte("Kennzahl", feld="kennzahl", format="verweis", breite=240),
         Spalte("Organisationseinheit", feld="einheit", breite=180), Spalte("Handlungsfeld", feld="handlungsfeld"),
         Spalte("Typ", feld="typ"), Spalte("Periode", feld="perioden"), Spalte("Gesamtstadt", feld="stadt"),
         Spalte("Fehlende Sozialräume", True, "raeume", "zahl"), Spalte("Vorperiode geliefert", feld="vorperiode")],
        zeilen, f"{titel}, {periode.lang}",
    ) if zeilen else html.P(f"Für {periode.lang} fehlt keine Kennzahl" + (" dieser Einheit." if einheit else "."),
                            className="mb-0")
    return dbc.Card([
        dbc.CardHeader(html.H2(f"{titel} ({len(fehlend)})", className="h5 mb-0")),
        dbc.CardBody([
            inhalt,
            html.P("„Fehlende Sozialräume“: bei Kennzahlen je Sozialraum die Zahl der Sozialräume ohne Ist. "
                   "„Vorperiode geliefert“: nein heißt, auch die Periode davor hat keinen Wert (neue oder länger "
                   "nicht gelieferte Kennzahl).", className="small text-body-secondary mt-2 mb-1"),
            html.P(["Herunterladen: ", *tabellenlinks("lieferungen-fehlend", abfrage(periode, einheit))],
                   className="small mb-0"),
        ]),
    ], className="mb-4")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Period and unit selectors, how to deliver, the overview per unit, the files and the missing Kennzahlen."""
    periode, verfuegbar, hinweise, uebersicht, einheit, fehlend = _daten(fabrik, einstellungen, parameter)
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit(periode)), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.P("Welche fälligen Ist-Werte die zuständigen Organisationseinheiten noch nicht geliefert haben. Fällig "
               "ist jede Kennzahl, deren Periode in der Berichtsperiode endet (Jahreskennzahlen also mit der "
               "letzten Berichtsperiode des Jahres), Kontextkennzahlen eingeschlossen; bei Kennzahlen je Sozialraum "
               "gehören der Wert der Gesamtstadt und jedes Sozialraums dazu.", className="text-body-secondary"),
        hinweisleiste(hinweise),
        auswahlleiste(periode, verfuegbar, _einheitauswahl(uebersicht, einheit)),
        _anleitung(),
        _uebersicht(uebersicht, periode, einheit),
        _dateien(uebersicht, periode, einheit),
        _fehlend(fehlend, periode, einheit),
    ])


def validierungslayout() -> list:
    """Placeholders of the IDs this page's callbacks use."""
    return [dbc.Select(id=IDs.EINHEIT)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write the chosen unit into the URL (``?einheit=``); the router then redraws the page (right: lesen)."""
    parameter_in_url(app, url_id, IDs.EINHEIT, "einheit")
