"""Upload page: a file is checked and previewed first (nothing stored), then imported on confirmation.

Same code path as ``python -m kennzahlen import``: ``kennzahlen.importe.ablauf.importieren``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html
from flask import current_app

from dashboard import links, sicherheit
from dashboard.komponenten import Spalte, brotkrumen, tabelle
from kennzahlen.db import transaktion
from kennzahlen.importe.ablauf import importieren
from kennzahlen.importe.fehler import ImportFehler
from kennzahlen.importe.formate import FORMATE, VORLAGEN
from kennzahlen.importe.kontext import Importoptionen
from kennzahlen.importe.lesen import MAX_DATEIGROESSE
from kennzahlen.zugang import protokollieren

PFAD = "/import"
TITEL = "Daten importieren"
RECHT = "importieren"
VORZEICHENTEXTE = {
    "auto": "automatisch erkennen (an den Summenzeilen)",
    "aufwand_positiv": "Aufwendungen positiv (gedruckte Pläne)",
    "aufwand_negativ": "Aufwendungen negativ",
    "ertrag_negativ": "Erträge negativ",
}


class IDs:
    """Component IDs of the upload page."""

    DATEI = "import-datei"
    ART = "import-art"
    TEUR = "import-teur"
    VORZEICHEN = "import-vorzeichen"
    ERGEBNIS = "import-ergebnis"
    BESTAETIGEN = "import-bestaetigen"


def _vorlagen() -> dbc.Table:
    zeilen = [[html.Span(FORMATE[art].titel, title=FORMATE[art].beschreibung),
               html.Span([html.A("CSV", href=f"/download/vorlage/{art}.csv"), " · ",
                          html.A("XLSX", href=f"/download/vorlage/{art}.xlsx")], className="text-nowrap")]
              for art in VORLAGEN]
    return tabelle([Spalte("Importart"), Spalte("Vorlage")], zeilen,
                   "Vorlagen der Importformate mit deutscher Kopfzeile und einer Beispielzeile")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The upload form, the options a file cannot tell by itself, the templates and the full export."""
    arten = [{"label": "automatisch an den Spalten erkennen", "value": "auto"}] + [
        {"label": f.titel, "value": art} for art, f in FORMATE.items()]
    return html.Div(
        [
            brotkrumen([("Cockpit", links.cockpit()), ("Daten importieren", None)]),
            html.H1("Daten importieren", className="h2"),
            html.P("Eine Datei wird zuerst geprüft und als Vorschau gezeigt – gespeichert wird erst nach "
                   "„Import bestätigen“, und nur ganz oder gar nicht. CSV (Trennzeichen ; oder ,), XLSX, "
                   f"GeoJSON oder ZIP, höchstens {MAX_DATEIGROESSE // 2**20} MB."),
            dbc.Row([
                dbc.Col([
                    dcc.Upload(id=IDs.DATEI, max_size=MAX_DATEIGROESSE, multiple=False,
                               children=html.Div(["Datei hierher ziehen oder ",
                                                  html.Span("auswählen", className="text-decoration-underline")]),
                               className="upload-feld"),
                    dbc.Row([
                        dbc.Col([dbc.Label("Importart", html_for=IDs.ART),
                                 dbc.Select(id=IDs.ART, value="auto", options=arten)], md=5),
                        dbc.Col([dbc.Label("Vorzeichen der Haushaltsbeträge", html_for=IDs.VORZEICHEN),
                                 dbc.Select(id=IDs.VORZEICHEN, value="auto",
                                            options=[{"label": t, "value": k} for k, t in VORZEICHENTEXTE.items()])],
                                md=5),
                        dbc.Col(dbc.Checkbox(id=IDs.TEUR, label="Beträge in TEUR", value=False), md=2,
                                className="d-flex align-items-end"),
                    ], className="g-3 mt-1"),
                    dbc.Button("Import bestätigen", id=IDs.BESTAETIGEN, color="primary", disabled=True,
                               className="mt-3", n_clicks=0),
                    html.Div(id=IDs.ERGEBNIS, className="mt-3", role="status", **{"aria-live": "polite"}),
                ], lg=7),
                dbc.Col([
                    html.H2("Vorlagen", className="h5"),
                    html.P("Deutsche Kopfzeile und eine Beispielzeile; die XLSX-Vorlage erklärt jede Spalte. "
                           "Die Formate beschreibt die README im Abschnitt „Import und Export“.", className="small"),
                    _vorlagen(),
                    html.H2("Gesamtexport", className="h5 mt-4"),
                    html.P(["Der ganze Datenbestand in den Importformaten, der sich in eine leere Datenbank "
                            "wieder einlesen lässt: ", html.A("export.zip", href="/download/export.zip"), "."]),
                ], lg=5),
            ]),
        ]
    )


def _inhalt(daten: str | None) -> bytes:
    """Decode dcc.Upload's data URL; the size limit is enforced here on the server, before decoding."""
    if not daten or "," not in daten:
        raise ImportFehler("Keine Datei empfangen.")
    roh = daten.split(",", 1)[1]
    if len(roh) * 3 // 4 > MAX_DATEIGROESSE:
        raise ImportFehler(f"Die Datei ist größer als {MAX_DATEIGROESSE // 2**20} MB.")
    try:
        return base64.b64decode(roh, validate=True)
    except (binascii.Error, ValueError):
        raise ImportFehler("Die Datei kam beschädigt an (ungültige Kodierung).") from None


def _fehlertabelle(fehler: ImportFehler) -> html.Div:
    zeilen = [[f.blatt or "", "" if f.zeile is None else str(f.zeile), f.spalte or "", f.wert or "",
               f"{f.problem}" + (f" (erwartet: {f.erwartet})" if f.erwartet else "")]
              for f in fehler.fehler[:200]]
    kopf = f"Nichts gespeichert: {len(fehler.fehler)} Fehler gefunden. Bitte die Datei korrigieren."
    teile = [dbc.Alert(kopf, color="danger")]
    if fehler.kandidaten:
        namen = ", ".join(FORMATE[k].titel for k in fehler.kandidaten if k in FORMATE)
        teile.append(dbc.Alert(f"Die Importart ist nicht eindeutig; bitte oben wählen: {namen}.", color="warning"))
    teile.append(tabelle([Spalte("Blatt"), Spalte("Zeile", True), Spalte("Spalte"), Spalte("Wert"),
                          Spalte("Problem und Erwartung")], zeilen, "Fehler der Datei"))
    return html.Div(teile)


def pruefen_oder_importieren(daten, dateiname, art, teur, vorzeichen, vorschau: bool):
    """Run the import (or its preview) for the current user; returns (message, confirm disabled)."""
    kontext = current_app.extensions["wirkungscockpit"]
    nutzer = sicherheit.benutzer()
    try:
        optionen = Importoptionen(teur=bool(teur), vorzeichen=vorzeichen or "auto")
        art = None if art in (None, "", "auto") else art
        bericht = importieren(kontext.fabrik, dateiname or "Datei", _inhalt(daten), nutzer.login, art,
                              optionen, nur_vorschau=vorschau)
    except ImportFehler as fehler:
        return _fehlertabelle(fehler), True
    if not vorschau:
        with transaktion(kontext.fabrik) as session:
            protokollieren(session, nutzer, "import", dateiname, {"import_id": bericht.import_id, "neu": bericht.neu,
                                                                  "geaendert": bericht.geaendert})
    farbe = "info" if vorschau else "success"
    return html.Div([dbc.Alert(bericht.titel + (" – Vorschau" if vorschau else " – gespeichert"), color=farbe),
                     html.Pre(bericht.text(), className="importbericht")]), not vorschau or bericht.keine_aenderung


def validierungslayout() -> list:
    """Placeholders of the upload page's IDs."""
    return [dcc.Upload(id=IDs.DATEI), dbc.Select(id=IDs.ART), dbc.Checkbox(id=IDs.TEUR),
            dbc.Select(id=IDs.VORZEICHEN), html.Div(id=IDs.ERGEBNIS), dbc.Button(id=IDs.BESTAETIGEN)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Preview on upload or changed options; import on confirmation (both need the right 'importieren')."""

    @app.callback(
        Output(IDs.ERGEBNIS, "children"), Output(IDs.BESTAETIGEN, "disabled"),
        Input(IDs.DATEI, "contents"), Input(IDs.ART, "value"), Input(IDs.TEUR, "value"),
        Input(IDs.VORZEICHEN, "value"), State(IDs.DATEI, "filename"),
        prevent_initial_call=True, recht="importieren",
    )
    def vorschau(daten, art, teur, vorzeichen, dateiname):
        if not daten:
            return None, True
        return pruefen_oder_importieren(daten, dateiname, art, teur, vorzeichen, vorschau=True)

    @app.callback(
        Output(IDs.ERGEBNIS, "children", allow_duplicate=True), Output(IDs.BESTAETIGEN, "disabled",
                                                                      allow_duplicate=True),
        Input(IDs.BESTAETIGEN, "n_clicks"),
        State(IDs.DATEI, "contents"), State(IDs.ART, "value"), State(IDs.TEUR, "value"),
        State(IDs.VORZEICHEN, "value"), State(IDs.DATEI, "filename"),
        prevent_initial_call=True, recht="importieren",
    )
    def bestaetigen(_klick, daten, art, teur, vorzeichen, dateiname):
        return pruefen_oder_importieren(daten, dateiname, art, teur, vorzeichen, vorschau=False)
