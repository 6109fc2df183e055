"""Administration: the municipality (name in the header, official key, inhabitants) and the KGSt defaults.

Both write callbacks check the right ``einrichten`` (Administration) on the server, delegate to
``kennzahlen.einrichtung`` inside ``sicherheit.schreiben`` (audit entry and data version in one transaction)
and answer in German. The KGSt defaults go only into a database without Handlungsfelder.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html
from flask import current_app

from dashboard import sicherheit
from dashboard.komponenten import brotkrumen
from kennzahlen import abfragen, einrichtung, formate

PFAD = "/verwaltung/kommune"
TITEL = "Kommune einrichten"
RECHT = "einrichten"


class IDs:
    """Component IDs of the municipality settings page."""

    NAME = "kommune-name"
    SCHLUESSEL = "kommune-gemeindeschluessel"
    EINWOHNER = "kommune-einwohner"
    SPEICHERN = "kommune-speichern"
    MELDUNG = "kommune-meldung"
    KGST = "kommune-kgst"
    KGST_MELDUNG = "kommune-kgst-meldung"


def _feld(beschriftung: str, id_: str, wert, hilfe: str, **weiteres) -> dbc.Col:
    return dbc.Col([dbc.Label(beschriftung, html_for=id_),
                    dbc.Input(id=id_, value=wert, autoComplete="off", **weiteres),
                    dbc.FormText(hilfe)], md=4, className="mb-3")


def _kgst_abschnitt(fabrik) -> list:
    handlungsfelder = abfragen.handlungsfelder(fabrik)
    liste = html.Ul([html.Li(f"{name} – {text}") for _, name, text in einrichtung.KGST_HANDLUNGSFELDER])
    if handlungsfelder.empty:
        stand = html.P("Die Datenbank hat noch keine Handlungsfelder: die KGSt-Vorgaben können übernommen werden.")
    else:
        stand = html.P(f"Es gibt schon {len(handlungsfelder)} Handlungsfelder; die KGSt-Vorgaben werden nur in eine "
                       "leere Zielstruktur übernommen, nichts wird überschrieben.", className="text-body-secondary")
    return [
        html.P(["Zielebenen: ", ", ".join(einrichtung.ZIELEBENEN_NAMEN.values()), ". Zielfelder: ",
                ", ".join(einrichtung.ZIELFELDER_NAMEN.values()), ". Beide sind fest; die Handlungsfelder "
                "der KGSt („Soziale Kommune“) sind ein Vorschlag zum Start:"]),
        liste, stand,
        dbc.Button("KGSt-Handlungsfelder übernehmen", id=IDs.KGST, color="secondary", n_clicks=0,
                   disabled=not handlungsfelder.empty),
        html.Div(id=IDs.KGST_MELDUNG, role="status", className="mt-3"),
    ]


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The municipality form and the KGSt defaults."""
    k = einrichtung.kommune_lesen(fabrik) or einrichtung.Kommunedaten("")
    return html.Div([
        brotkrumen([("Cockpit", "/"), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.Section([
            html.H2("Kommune", className="h4"),
            html.P("Der Name steht im Kopf jeder Seite und in den Berichten. Auch per Import (Format „Kommune“, "
                   "Vorlage auf der Importseite) oder auf der Kommandozeile: python -m kennzahlen einrichten "
                   "--kommune …", className="text-body-secondary"),
            dbc.Row([
                _feld("Name", IDs.NAME, k.name, "z. B. Stadt Köln", maxLength=einrichtung.NAME_HOECHSTENS),
                _feld("Amtlicher Gemeindeschlüssel", IDs.SCHLUESSEL, k.gemeindeschluessel or "",
                      "8 Ziffern (z. B. 05315000) oder 12 (Regionalschlüssel)", maxLength=14, inputMode="numeric"),
                _feld("Einwohner", IDs.EINWOHNER, "" if k.einwohner is None else formate.zahl(k.einwohner),
                      "ganze Zahl, z. B. 1.084.831", maxLength=14, inputMode="numeric"),
            ]),
            dbc.Button("Speichern", id=IDs.SPEICHERN, color="primary", n_clicks=0),
            html.Div(id=IDs.MELDUNG, role="status", className="mt-3"),
        ], className="mb-5"),
        html.Section([html.H2("Mit den KGSt-Vorgaben starten", className="h4"), *_kgst_abschnitt(fabrik)]),
    ])


def validierungslayout() -> list:
    """Placeholders of every ID used by this page's callbacks."""
    return [dbc.Input(id=IDs.NAME), dbc.Input(id=IDs.SCHLUESSEL), dbc.Input(id=IDs.EINWOHNER),
            dbc.Button(id=IDs.SPEICHERN), html.Div(id=IDs.MELDUNG), dbc.Button(id=IDs.KGST),
            html.Div(id=IDs.KGST_MELDUNG)]


# --- what the callbacks do ------------------------------------------------------------------------------


def kommune_speichern(name: str | None, schluessel: str | None, einwohner: str | None) -> dbc.Alert:
    """Check and store the municipality; the header shows the new name on the next page load."""
    sicherheit.pruefen("einrichten")
    kontext = current_app.extensions["wirkungscockpit"]
    details: dict = {}  # filled inside the transaction; audited when it commits
    try:
        daten = einrichtung.kommune_pruefen(name, schluessel, einwohner)
        with sicherheit.schreiben(kontext, sicherheit.benutzer(), "kommune_geaendert", "kommune", details) as session:
            details.update(einrichtung.kommune_setzen(session, daten))
    except ValueError as fehler:
        return dbc.Alert(str(fehler), color="danger")
    if not details:
        return dbc.Alert("Keine Änderung.", color="secondary")
    return dbc.Alert(f"Gespeichert: {daten.name}. Der Kopf der Seiten zeigt den Namen ab dem nächsten Seitenaufruf.",
                     color="success")


def kgst_uebernehmen() -> tuple[dbc.Alert, bool]:
    """Create the KGSt Handlungsfelder (only in an empty goal structure); returns (message, button disabled)."""
    sicherheit.pruefen("einrichten")
    kontext = current_app.extensions["wirkungscockpit"]
    details: dict = {}
    try:
        with sicherheit.schreiben(kontext, sicherheit.benutzer(), "kgst_vorgaben", "handlungsfelder",
                                  details) as session:
            details["anzahl"] = einrichtung.kgst_vorgaben_anlegen(session)
    except ValueError as fehler:
        return dbc.Alert(str(fehler), color="danger"), True
    return dbc.Alert(f"{details['anzahl']} Handlungsfelder der KGSt angelegt. Ziele, Kennzahlen und Produkte kommen "
                     "per Import (Vorlagen auf der Importseite).", color="success"), True


def callbacks_registrieren(app, url_id: str) -> None:
    """Store the municipality; take over the KGSt defaults (both: right einrichten)."""

    @app.callback(
        Output(IDs.MELDUNG, "children"),
        Input(IDs.SPEICHERN, "n_clicks"),
        State(IDs.NAME, "value"), State(IDs.SCHLUESSEL, "value"), State(IDs.EINWOHNER, "value"),
        prevent_initial_call=True,
        recht="einrichten",
    )
    def kommune_sichern(_klick, name, schluessel, einwohner):
        return kommune_speichern(name, schluessel, einwohner)

    @app.callback(
        Output(IDs.KGST_MELDUNG, "children"), Output(IDs.KGST, "disabled"),
        Input(IDs.KGST, "n_clicks"),
        prevent_initial_call=True,
        recht="einrichten",
    )
    def kgst_vorgaben(_klick):
        return kgst_uebernehmen()
