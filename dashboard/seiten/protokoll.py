"""The audit trail for Administration: who changed what and when, filtered by user, action and date.

The filter lives in the URL (``?benutzer=…&aktion=…&von=…&bis=…&seite=…``), so a filtered view can be
linked; the only callback writes the form into the URL and reads nothing from the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import sicherheit
from dashboard.komponenten import Spalte, brotkrumen, tabelle
from kennzahlen import verwaltung

PFAD = "/verwaltung/protokoll"
TITEL = "Änderungsprotokoll"
RECHT = "audit_lesen"
JE_SEITE = 50
FILTER = ("benutzer", "aktion", "von", "bis")


class IDs:
    """Component IDs of the audit trail page."""

    BENUTZER = "protokoll-benutzer"
    AKTION = "protokoll-aktion"
    VON = "protokoll-von"
    BIS = "protokoll-bis"
    FILTERN = "protokoll-filtern"
    TABELLE = "protokoll-tabelle"


SPALTEN = (Spalte("Zeitpunkt"), Spalte("Benutzer"), Spalte("Aktion"), Spalte("Objekt"), Spalte("Details"))


def adresse(filter_: Mapping[str, str | None], seite: int = 1) -> str:
    """The query string of a filtered view: '?benutzer=admin&seite=2' (blank filters left out)."""
    werte = {k: str(filter_[k]).strip() for k in FILTER if filter_.get(k) and str(filter_[k]).strip()}
    if seite > 1:
        werte["seite"] = str(seite)
    return "?" + urlencode(werte) if werte else ""


def protokolltabelle(df) -> dbc.Table | html.P:
    """The entries as an accessible table (times in local time, actions in German)."""
    if df.empty:
        return html.P("Keine Einträge für diese Auswahl.", className="text-body-secondary")
    zeilen = [(verwaltung.zeitpunkt_text(e.zeitpunkt), e.benutzer, verwaltung.AKTIONEN.get(e.aktion, e.aktion),
               e.objekt or "–", verwaltung.details_text(e.details)) for e in df.itertuples()]
    return tabelle(SPALTEN, zeilen, "Änderungsprotokoll, neueste Einträge zuerst")


def _blaettern(filter_: Mapping[str, str], seite: int, seiten: int) -> html.Nav:
    def eintrag(text: str, ziel: int, aktiv: bool) -> html.Li:
        inhalt = (dcc.Link(text, href=PFAD + adresse(filter_, ziel), className="page-link") if aktiv
                  else html.Span(text, className="page-link"))
        return html.Li(inhalt, className="page-item" + ("" if aktiv else " disabled"))

    return html.Nav(html.Ul([
        eintrag("Neuere Einträge", seite - 1, seite > 1),
        html.Li(html.Span(f"Seite {seite} von {seiten}", className="page-link"), className="page-item active",
                **{"aria-current": "page"}),
        eintrag("Ältere Einträge", seite + 1, seite < seiten),
    ], className="pagination"), **{"aria-label": "Seiten des Protokolls"})


def _auswahl(label: str, id_: str, werte: list[str], wert: str, namen: Mapping[str, str]) -> dbc.Col:
    optionen = [{"label": "– alle –", "value": ""}] + [{"label": namen.get(w, w), "value": w} for w in werte]
    if wert and wert not in werte:
        optionen.append({"label": namen.get(wert, wert), "value": wert})
    return dbc.Col([dbc.Label(label, html_for=id_), dbc.Select(id=id_, options=optionen, value=wert)], md=3)


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The filter form and one page of audit entries, newest first."""
    filter_ = {k: parameter.get(k, "").strip() for k in FILTER}
    roh_seite = parameter.get("seite", "1").strip()
    seite = int(roh_seite) if roh_seite.isdigit() and int(roh_seite) >= 1 else 1
    nutzer, aktionen = verwaltung.audit_filterwerte(fabrik)
    try:
        ergebnis = verwaltung.auditprotokoll(fabrik, filter_["benutzer"], filter_["aktion"], filter_["von"],
                                             filter_["bis"], seite, JE_SEITE)
        inhalt = [html.P(f"{ergebnis.gesamt} Einträge.", className="text-body-secondary"),
                  protokolltabelle(ergebnis.eintraege)]
        if ergebnis.seiten > 1:
            inhalt.append(_blaettern(filter_, ergebnis.seite, ergebnis.seiten))
    except ValueError as fehler:
        inhalt = [dbc.Alert(str(fehler), color="warning")]
    formular = dbc.Row([
        _auswahl("Benutzer", IDs.BENUTZER, nutzer, filter_["benutzer"], {}),
        _auswahl("Aktion", IDs.AKTION, aktionen, filter_["aktion"], verwaltung.AKTIONEN),
        dbc.Col([dbc.Label("von (Datum)", html_for=IDs.VON),
                 dbc.Input(id=IDs.VON, type="date", value=filter_["von"])], md=2),
        dbc.Col([dbc.Label("bis (Datum)", html_for=IDs.BIS),
                 dbc.Input(id=IDs.BIS, type="date", value=filter_["bis"])], md=2),
        dbc.Col(dbc.Button("Anzeigen", id=IDs.FILTERN, color="primary", n_clicks=0), md=2),
    ], className="g-3 align-items-end mb-3")
    return html.Div([
        brotkrumen([("Cockpit", "/"), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.P("Jede Änderung – Import, Bearbeitung, Periodenabschluss, Benutzeränderung – und jede Anmeldung "
               "mit Benutzer und Zeitpunkt (Ortszeit).", className="text-body-secondary"),
        formular,
        html.Div(inhalt, id=IDs.TABELLE),
    ])


def validierungslayout() -> list:
    """Placeholders of the filter form's IDs."""
    return [dbc.Select(id=IDs.BENUTZER), dbc.Select(id=IDs.AKTION), dbc.Input(id=IDs.VON), dbc.Input(id=IDs.BIS),
            dbc.Button(id=IDs.FILTERN), html.Div(id=IDs.TABELLE)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write the filter into the URL (right: audit_lesen); the router then shows the filtered page."""

    @app.callback(
        Output(url_id, "search", allow_duplicate=True),
        Input(IDs.FILTERN, "n_clicks"),
        State(IDs.BENUTZER, "value"), State(IDs.AKTION, "value"), State(IDs.VON, "value"), State(IDs.BIS, "value"),
        prevent_initial_call=True,
        recht="audit_lesen",
    )
    def protokoll_filtern(_klick, benutzer, aktion, von, bis):
        sicherheit.pruefen(RECHT)
        return adresse({"benutzer": benutzer, "aktion": aktion, "von": von, "bis": bis})
