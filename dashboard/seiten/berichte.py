"""Berichte: the report pack (PDF and XLSX) of a period for the city or one Handlungsfeld, built on request.

URL: ``/berichte?jahr=2026&quartal=3&handlungsfeld=HF5`` (without ``handlungsfeld``: the whole city). The
button starts the build in a child process (``dashboard.bericht.auftraege``); a timer asks for its progress
every ~0,7 s – from whichever worker answers, since progress and files live in a shared store – and shows
the two download links when it is done. Reading only: right ``lesen``.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from dashboard import links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.bericht import auftraege
from dashboard.bericht.inhalt import stand_lesen
from dashboard.bericht.pdf import standtext
from dashboard.komponenten import brotkrumen
from kennzahlen.abfragen import handlungsfelder
from kennzahlen.perioden import Periode

PFAD = "/berichte"
TITEL = "Berichte"
TAKT_MS = 700


class IDs:
    """Component IDs of the Berichte page."""

    UMFANG = "berichte-umfang"
    ERSTELLEN = "berichte-erstellen"
    AUFTRAG = "berichte-auftrag"
    TAKT = "berichte-takt"
    FORTSCHRITT = "berichte-fortschritt"
    MELDUNG = "berichte-meldung"
    DATEIEN = "berichte-dateien"
    PERIODE = "berichte-periode"


def umfang_lesen(codes: list[str], parameter: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """(Handlungsfeld code or None for the city, German hints) from the URL parameter ``handlungsfeld``;
    ``codes``: the Handlungsfelder there are."""
    roh = str(parameter.get("handlungsfeld", "") or "").strip()
    if not roh:
        return None, []
    if roh in codes:
        return roh, []
    return None, [f"Ein Handlungsfeld „{roh[:20]}“ gibt es nicht (vorhanden: {', '.join(codes)}); gezeigt wird "
                  "der Bericht der Gesamtstadt."]


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Period and scope selection, the Berichtsstand of the period, the button and the progress area."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    felder = handlungsfelder(fabrik)
    umfang, umfanghinweise = umfang_lesen(list(felder["code"]), parameter)
    optionen = [{"label": "Gesamtstadt", "value": ""}] + [
        {"label": f"{c} {n}", "value": c} for c, n in zip(felder["code"], felder["name"], strict=True)]
    auswahl = dbc.Col([dbc.Label("Umfang", html_for=IDs.UMFANG),
                       dbc.Select(id=IDs.UMFANG, value=umfang or "", options=optionen)], width="auto")
    stand = stand_lesen(fabrik, periode)
    standhinweis = standtext(stand)  # the same sentence as on the cover
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit(periode)), ("Berichte", None)]),
        html.H1(f"Berichte {periode.lang}", className="h2"),
        html.P("Das Berichtspaket für Ausschuss und Verwaltungsleitung: ein PDF (A4, mit Deckblatt, Inhalt, je "
               "Handlungsfeld und Ziel Grafik und Tabelle, Abweichungsbegründungen und Maßnahmen) und eine "
               "Excel-Datei mit denselben Zahlen.", className="text-body-secondary"),
        auswahlleiste(periode, verfuegbar, auswahl),
        hinweisleiste([*hinweise, *umfanghinweise]),
        dbc.Alert(standhinweis, color="info" if stand.eingefroren else "warning", className="py-2"),
        dcc.Store(id=IDs.PERIODE, data={"jahr": periode.jahr, "art": periode.art, "nummer": periode.nummer,
                                        "handlungsfeld": umfang}),
        dbc.Button("Bericht erstellen", id=IDs.ERSTELLEN, color="primary", className="mb-3"),
        dcc.Store(id=IDs.AUFTRAG),
        dcc.Interval(id=IDs.TAKT, interval=TAKT_MS, disabled=True),
        html.Div([
            html.Label("Fortschritt", htmlFor=IDs.FORTSCHRITT, className="form-label me-2"),
            html.Progress(id=IDs.FORTSCHRITT, value="0", max="100", style={"width": "20rem"}),
        ], className="mb-2"),
        html.Div(id=IDs.MELDUNG, role="status", **{"aria-live": "polite"}, className="mb-2"),
        html.Div(id=IDs.DATEIEN, className="mb-3"),
    ])


def validierungslayout() -> list:
    """Placeholders of this page's callback components."""
    return [dbc.Select(id=IDs.UMFANG), dbc.Button(id=IDs.ERSTELLEN), dcc.Store(id=IDs.AUFTRAG),
            dcc.Store(id=IDs.PERIODE), dcc.Interval(id=IDs.TAKT), html.Progress(id=IDs.FORTSCHRITT),
            html.Div(id=IDs.MELDUNG), html.Div(id=IDs.DATEIEN)]


def dateilinks(auftrag: str, name: str) -> html.Div:
    """The two download links of a finished report."""
    return html.Div([
        html.A(f"PDF herunterladen ({name}.pdf)", href=f"/download/bericht/{auftrag}.pdf", id="berichte-pdf",
               className="btn btn-primary me-2"),
        html.A(f"Excel herunterladen ({name}.xlsx)", href=f"/download/bericht/{auftrag}.xlsx", id="berichte-xlsx",
               className="btn btn-primary"),
    ])


def fortschritt_anzeigen(status: dict | None, auftrag: str | None) -> tuple:
    """(progress value, message, files, timer disabled) for a job's state."""
    if status is None:
        return "0", "Dieser Bericht ist nicht mehr bekannt; bitte neu erstellen.", None, True
    wert = str(round(100 * float(status.get("anteil", 0))))
    if status.get("fehler"):
        return wert, dbc.Alert(status["fehler"], color="danger", className="py-2"), None, True
    if status.get("fertig"):
        return "100", f"Bericht fertig. {status.get('text', '')}.", dateilinks(auftrag, status["name"]), True
    return wert, f"{status.get('text', '')} ({wert} %)", None, False


def callbacks_registrieren(app, url_id: str) -> None:
    """Scope into the URL, start a report, poll its progress (the download route: dashboard.create_app)."""
    parameter_in_url(app, url_id, IDs.UMFANG, "handlungsfeld")

    @app.callback(
        Output(IDs.AUFTRAG, "data"), Output(IDs.TAKT, "disabled"), Output(IDs.MELDUNG, "children"),
        Output(IDs.DATEIEN, "children"), Output(IDs.FORTSCHRITT, "value"),
        Input(IDs.ERSTELLEN, "n_clicks"), State(IDs.PERIODE, "data"),
        prevent_initial_call=True, recht="lesen",
    )
    def erstellen(klicks, auswahl):
        if not klicks or not auswahl:
            return no_update, no_update, no_update, no_update, no_update
        from kennzahlen.auswertung import bewertungsregeln

        kontext, _ = sicherheit.kontext_und_benutzer()
        try:
            periode = Periode(int(auswahl["jahr"]), str(auswahl["art"]), int(auswahl["nummer"]))
        except (KeyError, TypeError, ValueError):
            return None, True, "Die Periode ist ungültig; bitte Jahr und Quartal neu wählen.", None, "0"
        umfang = auswahl.get("handlungsfeld") or None
        if umfang is not None and umfang not in set(handlungsfelder(kontext.fabrik)["code"]):
            return None, True, f"Ein Handlungsfeld „{umfang}“ gibt es nicht; bitte den Umfang neu wählen.", None, "0"
        regeln = bewertungsregeln(kontext.fabrik, kontext.einstellungen)
        auftrag = auftraege.starten(kontext, periode, umfang, regeln)
        return auftrag, False, "Bericht wird vorbereitet …", None, "0"

    @app.callback(
        Output(IDs.FORTSCHRITT, "value", allow_duplicate=True), Output(IDs.MELDUNG, "children", allow_duplicate=True),
        Output(IDs.DATEIEN, "children", allow_duplicate=True), Output(IDs.TAKT, "disabled", allow_duplicate=True),
        Input(IDs.TAKT, "n_intervals"), State(IDs.AUFTRAG, "data"),
        prevent_initial_call=True, recht="lesen",
    )
    def fortschritt(_takte, auftrag):
        if not auftrag:
            return no_update, no_update, no_update, True
        kontext, _ = sicherheit.kontext_und_benutzer()
        status = auftraege.status_lesen(auftraege.Ablage.der_app(kontext.fabrik, kontext.einstellungen), auftrag)
        return fortschritt_anzeigen(status, auftrag)
