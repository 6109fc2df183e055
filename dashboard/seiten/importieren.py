"""Upload page: a file is checked and previewed first (nothing stored), then imported on confirmation.

Several files in one upload (a first-setup package) are one package: bundled into a ZIP, previewed and
imported together in dependency order, all or nothing, every message naming its file. New master data
that an import would create is listed in the preview and needs the tick „Neue Stammdaten anlegen“.

Both run in the background (``kennzahlen.importe.auftraege``): the upload stores the file as a job and
starts a process; the page polls the job's progress, so no request waits and no worker timeout cuts an
import. Same code path as ``python -m kennzahlen import``: ``kennzahlen.importe.ablauf.importieren``.
"""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import links, sicherheit
from dashboard.komponenten import Spalte, brotkrumen, tabelle
from kennzahlen import formate as fmt
from kennzahlen.importe import auftraege
from kennzahlen.importe.ablauf import optionen_pruefen
from kennzahlen.importe.fehler import ImportFehler
from kennzahlen.importe.formate import FORMATE, VORLAGEN
from kennzahlen.importe.lesen import MAX_DATEIGROESSE

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
    AUFTRAG = "import-auftrag"
    ABFRAGE = "import-abfrage"
    STAMMDATEN = "import-stammdaten"


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
                   f"GeoJSON oder ZIP, höchstens {MAX_DATEIGROESSE // 2**20} MB. Mehrere Dateien auf einmal "
                   "(z. B. das Einrichtungspaket aus Stammdaten, Werten und Haushalt), ein ZIP und eine "
                   "mehrblättrige XLSX sind ein Paket: eine Vorschau, ein Import in der richtigen Reihenfolge."),
            dbc.Row([
                dbc.Col([
                    dcc.Upload(id=IDs.DATEI, max_size=MAX_DATEIGROESSE, multiple=True,
                               children=html.Div(["Datei oder mehrere Dateien hierher ziehen oder ",
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
                    dbc.Checkbox(id=IDs.STAMMDATEN, value=False, className="mt-3",
                                 label="Neue Stammdaten anlegen (Organisationseinheiten, Ziele, Kennzahlen, Produkte "
                                       "…, die die Vorschau als neu auflistet)"),
                    dbc.Button("Import bestätigen", id=IDs.BESTAETIGEN, color="primary", disabled=True,
                               className="mt-2", n_clicks=0),
                    html.Div(id=IDs.ERGEBNIS, className="mt-3", role="status", **{"aria-live": "polite"}),
                    dcc.Store(id=IDs.AUFTRAG), dcc.Interval(id=IDs.ABFRAGE, interval=1000, disabled=True),
                ], lg=7),
                dbc.Col([
                    html.H2("Vorlagen", className="h5"),
                    html.P("Deutsche Kopfzeile und eine Beispielzeile; die XLSX-Vorlage erklärt jede Spalte auf "
                           "dem Blatt „Erläuterung“, die CSV-Vorlage in #-Zeilen über der Kopfzeile. "
                           "Jedes Format mit Spalten, erlaubten Werten, Grenzen und Beispiel beschreibt "
                           "docs/importformate.md.", className="small"),
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


def upload_lesen(daten, namen) -> tuple[str, bytes]:
    """(name, bytes) of an upload; several files become one ZIP package named after them."""
    if isinstance(daten, str) or daten is None:
        return str(namen or "Datei"), _inhalt(daten)
    namen = list(namen or [])
    dateien = [(str(namen[i] if i < len(namen) else f"Datei {i + 1}"), _inhalt(d)) for i, d in enumerate(daten)]
    if not dateien:
        raise ImportFehler("Keine Datei empfangen.")
    if len(dateien) == 1:
        return dateien[0]
    if len({n for n, _i in dateien}) < len(dateien):
        raise ImportFehler("Mehrere hochgeladene Dateien heißen gleich; bitte umbenennen.")
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, inhalt in dateien:
            z.writestr(name, inhalt)
    return f"Paket aus {len(dateien)} Dateien ({', '.join(n for n, _i in dateien)})"[:250] + ".zip", puffer.getvalue()


def _fehlertabelle(fehler: ImportFehler) -> html.Div:
    zeilen = [[f.datei or "", f.blatt if f.blatt and f.blatt != f.datei else "",
               "" if f.zeile is None else str(f.zeile), f.spalte or "", f.wert or "",
               f"{f.problem}" + (f" (erwartet: {f.erwartet})" if f.erwartet else "")]
              for f in fehler.fehler[:200]]
    kopf = f"Nichts gespeichert: {len(fehler.fehler)} Fehler gefunden. Bitte die Datei korrigieren."
    teile = [dbc.Alert(kopf, color="danger")]
    if fehler.kandidaten:
        namen = ", ".join(FORMATE[k].titel for k in fehler.kandidaten if k in FORMATE)
        teile.append(dbc.Alert(f"Bitte die Importart oben wählen; in Frage kommen: {namen}.", color="warning"))
    teile.append(tabelle([Spalte("Datei"), Spalte("Blatt"), Spalte("Zeile", True), Spalte("Spalte"), Spalte("Wert"),
                          Spalte("Problem und Erwartung")], zeilen, "Fehler der Datei"))
    return html.Div(teile)


def auftrag_starten(daten, dateiname, art, teur, vorzeichen) -> dict:
    """Store the upload as a preview job and start it; returns the job store (the page polls it)."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    optionen = {"teur": bool(teur), "vorzeichen": str(vorzeichen or "auto")}
    optionen_pruefen(optionen)  # wrong option values are refused before anything is stored
    art = None if art in (None, "", "auto") else str(art)
    dateiname, inhalt = upload_lesen(daten, dateiname)
    auftrag_id = auftraege.anlegen(kontext.fabrik, nutzer.login, dateiname, inhalt, art, optionen,
                                   vorschau=True, quelle="upload")
    auftraege.starten(kontext.einstellungen.datenbank_url, auftrag_id)
    return {"auftrag": auftrag_id, "vorschau": auftrag_id}


def bestaetigung_starten(speicher: dict | None, neue_stammdaten: bool = False) -> dict:
    """Start the real import of the previewed file (once per preview, checked on the server); new master data
    only with the tick."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    vorschau_id = int((speicher or {}).get("vorschau") or 0)
    auftrag_id = auftraege.bestaetigen(kontext.fabrik, vorschau_id, nutzer.login,
                                       {"neue_stammdaten_anlegen": bool(neue_stammdaten)})
    auftraege.starten(kontext.einstellungen.datenbank_url, auftrag_id)
    return {"auftrag": auftrag_id, "vorschau": vorschau_id}


def _fortschrittsanzeige(stand: auftraege.Auftragsstand) -> html.Div:
    was = "Vorschau" if stand.vorschau else "Import"
    sekunden = fmt.zahl(stand.sekunden, 0)
    prozent = round(100 * stand.anteil)
    return html.Div([
        dbc.Alert(f"{was} von „{stand.dateiname}“ läuft im Hintergrund – seit {sekunden} s. "
                  "Sie können die Seite offen lassen oder später wiederkommen: das Ergebnis steht dann im "
                  "Änderungsprotokoll und im Importprotokoll.", color="info"),
        # A native progress bar with a name (dbc.Progress cannot carry one: axe "aria-progressbar-name").
        html.Progress(value=str(prozent), max="100", className="w-100 mb-2", title=f"{prozent} %",
                      **{"aria-label": f"Fortschritt {was}: {prozent} %"}),
        html.P(stand.fortschritt, className="small text-body-secondary"),
    ])


def stand_anzeigen(speicher: dict | None) -> tuple[object, bool, bool]:
    """The job's state as (content, confirm disabled, polling disabled)."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    auftrag_id = int((speicher or {}).get("auftrag") or 0)
    stand = auftraege.stand(kontext.fabrik, auftrag_id, nutzer.login) if auftrag_id else None
    if stand is None:
        return dbc.Alert("Zu diesem Import gibt es keinen Auftrag.", color="warning"), True, True
    if stand.laeuft:
        return _fortschrittsanzeige(stand), True, False
    if stand.status != "fertig":
        fehler = ImportFehler(stand.fehler or "Nichts gespeichert.", kandidaten=stand.kandidaten)
        return _fehlertabelle(fehler), True, True
    farbe = "info" if stand.vorschau else "success"
    inhalt = html.Div([dbc.Alert(("Vorschau – noch nichts gespeichert" if stand.vorschau else
                                  f"Gespeichert als Import Nr. {stand.import_id}"), color=farbe),
                       html.Pre(stand.bericht or "", className="importbericht")])
    return inhalt, not stand.vorschau or stand.keine_aenderung or stand.bestaetigt, True


def validierungslayout() -> list:
    """Placeholders of the upload page's IDs."""
    return [dcc.Upload(id=IDs.DATEI), dbc.Select(id=IDs.ART), dbc.Checkbox(id=IDs.TEUR),
            dbc.Checkbox(id=IDs.STAMMDATEN), dbc.Select(id=IDs.VORZEICHEN), html.Div(id=IDs.ERGEBNIS),
            dbc.Button(id=IDs.BESTAETIGEN),
            dcc.Store(id=IDs.AUFTRAG), dcc.Interval(id=IDs.ABFRAGE)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Preview on upload or changed options, import on confirmation, progress by polling (all 'importieren')."""

    @app.callback(
        Output(IDs.AUFTRAG, "data"), Output(IDs.ERGEBNIS, "children"), Output(IDs.BESTAETIGEN, "disabled"),
        Output(IDs.ABFRAGE, "disabled"),
        Input(IDs.DATEI, "contents"), Input(IDs.ART, "value"), Input(IDs.TEUR, "value"),
        Input(IDs.VORZEICHEN, "value"), State(IDs.DATEI, "filename"),
        prevent_initial_call=True, recht="importieren",
    )
    def vorschau(daten, art, teur, vorzeichen, dateiname):
        if not daten:
            return None, None, True, True
        try:
            speicher = auftrag_starten(daten, dateiname, art, teur, vorzeichen)
        except ImportFehler as fehler:
            return None, _fehlertabelle(fehler), True, True
        return (speicher, *stand_anzeigen(speicher))

    @app.callback(
        Output(IDs.AUFTRAG, "data", allow_duplicate=True), Output(IDs.ERGEBNIS, "children", allow_duplicate=True),
        Output(IDs.BESTAETIGEN, "disabled", allow_duplicate=True), Output(IDs.ABFRAGE, "disabled",
                                                                         allow_duplicate=True),
        Input(IDs.BESTAETIGEN, "n_clicks"), State(IDs.AUFTRAG, "data"), State(IDs.STAMMDATEN, "value"),
        prevent_initial_call=True, recht="importieren",
    )
    def bestaetigen(_klick, speicher, neue_stammdaten):
        try:
            speicher = bestaetigung_starten(speicher, neue_stammdaten)
        except ImportFehler as fehler:
            return speicher, _fehlertabelle(fehler), True, True
        return (speicher, *stand_anzeigen(speicher))

    @app.callback(
        Output(IDs.ERGEBNIS, "children", allow_duplicate=True),
        Output(IDs.BESTAETIGEN, "disabled", allow_duplicate=True),
        Output(IDs.ABFRAGE, "disabled", allow_duplicate=True),
        Input(IDs.ABFRAGE, "n_intervals"), State(IDs.AUFTRAG, "data"),
        prevent_initial_call=True, recht="importieren",
    )
    def abfragen(_n, speicher):
        return stand_anzeigen(speicher)
