"""User management for Administration: list users with roles, create, change roles, (de)activate, reset passwords.

Decorated callbacks only delegate: each checks the right on the server, runs one function of
``kennzahlen.verwaltung`` inside ``sicherheit.schreiben`` (audit entry and data version in the same
transaction) and returns a German confirmation or the validation message.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update
from flask import current_app

from dashboard import sicherheit
from dashboard.komponenten import Spalte, brotkrumen, tabelle
from kennzahlen import verwaltung
from kennzahlen.zugang import ROLLENNAMEN

PFAD = "/verwaltung/benutzer"
TITEL = "Benutzer und Rollen"
RECHT = "benutzer_verwalten"
GANZE_KOMMUNE = "– ganze Kommune –"


class IDs:
    """Component IDs of the user management page."""

    TABELLE = "benutzer-tabelle"
    NEU_LOGIN = "benutzer-neu-login"
    NEU_NAME = "benutzer-neu-name"
    NEU_EMAIL = "benutzer-neu-email"
    NEU_KENNWORT = "benutzer-neu-kennwort"
    NEU_ROLLE = "benutzer-neu-rolle"
    NEU_HANDLUNGSFELD = "benutzer-neu-handlungsfeld"
    NEU_EINHEIT = "benutzer-neu-einheit"
    NEU_ANLEGEN = "benutzer-neu-anlegen"
    NEU_MELDUNG = "benutzer-neu-meldung"
    AUSWAHL = "benutzer-aendern-auswahl"
    ROLLE = "benutzer-aendern-rolle"
    HANDLUNGSFELD = "benutzer-aendern-handlungsfeld"
    EINHEIT = "benutzer-aendern-einheit"
    ROLLE_ERSETZEN = "benutzer-aendern-rolle-ersetzen"
    ROLLE_HINZU = "benutzer-aendern-rolle-hinzu"
    DEAKTIVIEREN = "benutzer-aendern-deaktivieren"
    REAKTIVIEREN = "benutzer-aendern-reaktivieren"
    KENNWORT = "benutzer-aendern-kennwort"
    KENNWORT_SETZEN = "benutzer-aendern-kennwort-setzen"
    MELDUNG = "benutzer-aendern-meldung"


SPALTEN = (Spalte("Login"), Spalte("Name"), Spalte("E-Mail"), Spalte("Rollen und Bereich"), Spalte("Status"),
           Spalte("Letzte Anmeldung"))


def benutzertabelle(df) -> dbc.Table | html.P:
    """The users with their roles and scope as an accessible table."""
    if df.empty:
        return html.P("Noch keine Benutzer.", className="text-body-secondary")
    zeilen = [(html.Code(b.login), b.name, b.email or "–", b.rollen, "aktiv" if b.aktiv else "deaktiviert",
               verwaltung.zeitpunkt_text(b.letzter_login)) for b in df.itertuples()]
    return tabelle(SPALTEN, zeilen, "Benutzer mit Rollen und Bereich")


def benutzeroptionen(df) -> list[dict]:
    """Options of the user selector: 'login – Name' (deactivated ones marked)."""
    return [{"label": f"{b.login} – {b.name}" + ("" if b.aktiv else " (deaktiviert)"), "value": b.login}
            for b in df.itertuples()]


def _auswahlfeld(label: str, id_: str, optionen: list[dict], wert: str = "") -> html.Div:
    return html.Div([dbc.Label(label, html_for=id_), dbc.Select(id=id_, options=optionen, value=wert)],
                    className="mb-2")


def _eingabe(label: str, id_: str, **kwargs) -> html.Div:
    return html.Div([dbc.Label(label, html_for=id_), dbc.Input(id=id_, **kwargs)], className="mb-2")


def _rollenfelder(rolle_id: str, hf_id: str, oe_id: str, felder, einheiten) -> list:
    rollen = [{"label": name, "value": code} for code, name in ROLLENNAMEN.items()]
    hf = [{"label": GANZE_KOMMUNE, "value": ""}] + [{"label": f"{c} – {n}", "value": c} for c, n in felder]
    oe = [{"label": GANZE_KOMMUNE, "value": ""}] + [{"label": f"{c} – {n}", "value": c} for c, n in einheiten]
    return [
        _auswahlfeld("Rolle", rolle_id, rollen, "fachbereich"),
        _auswahlfeld("Bereich: Handlungsfeld (nur Fachbereich und Controlling)", hf_id, hf),
        _auswahlfeld("Bereich: Organisationseinheit (nur Fachbereich und Controlling)", oe_id, oe),
    ]


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The user table, the form for a new user and the form to change an existing one."""
    df = verwaltung.benutzerliste(fabrik)
    felder, einheiten = verwaltung.bereichsauswahl(fabrik)
    neu = dbc.Card([
        dbc.CardHeader(html.H2("Neuen Benutzer anlegen", className="h5 mb-0")),
        dbc.CardBody([
            _eingabe("Login", IDs.NEU_LOGIN, maxLength=100, autoComplete="off"),
            _eingabe("Name", IDs.NEU_NAME, maxLength=200, autoComplete="off"),
            _eingabe("E-Mail (optional)", IDs.NEU_EMAIL, type="email", maxLength=200, autoComplete="off"),
            _eingabe("Erstkennwort (mindestens 12 Zeichen; leer: nur Single Sign-on)", IDs.NEU_KENNWORT,
                     type="password", autoComplete="new-password"),
            *_rollenfelder(IDs.NEU_ROLLE, IDs.NEU_HANDLUNGSFELD, IDs.NEU_EINHEIT, felder, einheiten),
            dbc.Button("Benutzer anlegen", id=IDs.NEU_ANLEGEN, color="primary", n_clicks=0, className="mt-2"),
            html.Div(id=IDs.NEU_MELDUNG, role="status", className="mt-3"),
        ]),
    ], className="h-100")
    aendern = dbc.Card([
        dbc.CardHeader(html.H2("Benutzer ändern", className="h5 mb-0")),
        dbc.CardBody([
            _auswahlfeld("Benutzer", IDs.AUSWAHL, [{"label": "– bitte wählen –", "value": ""},
                                                   *benutzeroptionen(df)]),
            # A group with a legend, not a heading "Rolle" above the field "Rolle": a screen reader said it twice.
            html.Fieldset([
                html.Legend("Rollen ändern", className="h6 mt-3"),
                *_rollenfelder(IDs.ROLLE, IDs.HANDLUNGSFELD, IDs.EINHEIT, felder, einheiten),
                html.Div([
                    dbc.Button("Rolle zuweisen (ersetzt die bisherigen)", id=IDs.ROLLE_ERSETZEN, color="primary",
                               n_clicks=0, className="me-2 mb-2"),
                    dbc.Button("Rolle zusätzlich vergeben", id=IDs.ROLLE_HINZU, color="secondary", n_clicks=0,
                               className="mb-2"),
                ]),
            ]),
            html.H3("Zugang", className="h6 mt-3"),
            html.Div([
                dbc.Button("Deaktivieren", id=IDs.DEAKTIVIEREN, color="danger", outline=True, n_clicks=0,
                           className="me-2 mb-2"),
                dbc.Button("Reaktivieren", id=IDs.REAKTIVIEREN, color="secondary", outline=True, n_clicks=0,
                           className="mb-2"),
            ]),
            _eingabe("Neues Kennwort (mindestens 12 Zeichen)", IDs.KENNWORT, type="password",
                     autoComplete="new-password"),
            dbc.Button("Kennwort zurücksetzen", id=IDs.KENNWORT_SETZEN, color="secondary", n_clicks=0),
            html.Div(id=IDs.MELDUNG, role="status", className="mt-3"),
        ]),
    ], className="h-100")
    return html.Div([
        brotkrumen([("Cockpit", "/"), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.P(["Änderungen werden im ", dcc.Link("Änderungsprotokoll", href="/verwaltung/protokoll"),
                " festgehalten. Deaktivierte Benutzer können sich nicht mehr anmelden; ihre Sitzungen enden sofort."],
               className="text-body-secondary"),
        html.Section([html.H2("Benutzer", className="h5"), html.Div(benutzertabelle(df), id=IDs.TABELLE)],
                     className="mb-4"),
        dbc.Row([dbc.Col(neu, lg=6, className="mb-3"), dbc.Col(aendern, lg=6, className="mb-3")]),
    ])


def validierungslayout() -> list:
    """Placeholders of every ID used by this page's callbacks."""
    eingaben = (IDs.NEU_LOGIN, IDs.NEU_NAME, IDs.NEU_EMAIL, IDs.NEU_KENNWORT, IDs.KENNWORT)
    auswahlen = (IDs.NEU_ROLLE, IDs.NEU_HANDLUNGSFELD, IDs.NEU_EINHEIT, IDs.AUSWAHL, IDs.ROLLE, IDs.HANDLUNGSFELD,
                 IDs.EINHEIT)
    knoepfe = (IDs.NEU_ANLEGEN, IDs.ROLLE_ERSETZEN, IDs.ROLLE_HINZU, IDs.DEAKTIVIEREN, IDs.REAKTIVIEREN,
               IDs.KENNWORT_SETZEN)
    return [*(dbc.Input(id=i) for i in eingaben), *(dbc.Select(id=i) for i in auswahlen),
            *(dbc.Button(id=i) for i in knoepfe),
            html.Div(id=IDs.TABELLE), html.Div(id=IDs.NEU_MELDUNG), html.Div(id=IDs.MELDUNG)]


# --- what the callbacks do (testable without Dash's machinery) --------------------------------------


def _fehler(fehler: ValueError) -> dbc.Alert:
    return dbc.Alert(str(fehler), color="danger")


def _bereich(handlungsfeld: str | None, einheit: str | None) -> dict:
    return {k: v for k, v in (("handlungsfeld", handlungsfeld), ("organisationseinheit", einheit)) if v}


def anlegen(login, name, email, kennwort, rolle, handlungsfeld, einheit):
    """Create a user with one role; returns (message, new value of the password field)."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    login = (login or "").strip()
    try:
        with sicherheit.schreiben(kontext, nutzer, "benutzer_angelegt", f"benutzer {login[:100]}",
                                  {"rolle": rolle, **_bereich(handlungsfeld, einheit)}) as session:
            r = verwaltung.rolle_aus_angaben(session, rolle, handlungsfeld, einheit)
            verwaltung.benutzer_erstellen(session, login, name, kennwort, [r], email)
    except ValueError as fehler:
        return _fehler(fehler), no_update
    sso = "" if kennwort else " ohne Kennwort (nur Single Sign-on)"
    return dbc.Alert(f"Benutzer „{login}“ wurde{sso} angelegt.", color="success"), ""


def rolle_aendern(aktion: str, login, rolle, handlungsfeld, einheit) -> dbc.Alert:
    """Replace the roles of a user by one role (``aktion`` "ersetzen") or add it ("hinzufuegen")."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    login = (login or "").strip()
    try:
        with sicherheit.schreiben(kontext, nutzer, "rollen_geaendert", f"benutzer {login[:100]}",
                                  {"aktion": aktion, "rolle": rolle, **_bereich(handlungsfeld, einheit)}) as session:
            r = verwaltung.rolle_aus_angaben(session, rolle, handlungsfeld, einheit)
            if aktion == "ersetzen":
                rollen = verwaltung.rollen_setzen(session, login, [r], durch=nutzer.login)
            else:
                rollen = verwaltung.rolle_hinzufuegen(session, login, r, durch=nutzer.login)
    except ValueError as fehler:
        return _fehler(fehler)
    return dbc.Alert(f"Rollen von „{login}“ geändert: {', '.join(ROLLENNAMEN[x.rolle] for x in rollen)}.",
                     color="success")


def aktiv_setzen(aktiv: bool, login) -> dbc.Alert:
    """Deactivate (ending the user's sessions) or reactivate a user."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    login = (login or "").strip()
    aktion = "benutzer_reaktiviert" if aktiv else "benutzer_deaktiviert"
    try:
        with sicherheit.schreiben(kontext, nutzer, aktion, f"benutzer {login[:100]}") as session:
            if aktiv:
                verwaltung.benutzer_reaktivieren(session, login)
            else:
                verwaltung.benutzer_deaktivieren(session, login, nutzer.login)
    except ValueError as fehler:
        return _fehler(fehler)
    return dbc.Alert(f"Benutzer „{login}“ wurde {'reaktiviert' if aktiv else 'deaktiviert'}.", color="success")


def kennwort_setzen(login, kennwort):
    """Reset the password of a user; returns (message, new value of the password field)."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    login = (login or "").strip()
    try:
        with sicherheit.schreiben(kontext, nutzer, "kennwort_zurueckgesetzt", f"benutzer {login[:100]}") as session:
            verwaltung.kennwort_zuruecksetzen(session, login, kennwort)
    except ValueError as fehler:
        return _fehler(fehler), no_update
    return dbc.Alert(f"Das Kennwort von „{login}“ wurde zurückgesetzt; offene Sitzungen sind beendet.",
                     color="success"), ""


def callbacks_registrieren(app, url_id: str) -> None:
    """Four writes (right: benutzer_verwalten) and the refresh of table and user selector after each."""

    @app.callback(
        Output(IDs.NEU_MELDUNG, "children"), Output(IDs.NEU_KENNWORT, "value"),
        Input(IDs.NEU_ANLEGEN, "n_clicks"),
        State(IDs.NEU_LOGIN, "value"), State(IDs.NEU_NAME, "value"), State(IDs.NEU_EMAIL, "value"),
        State(IDs.NEU_KENNWORT, "value"), State(IDs.NEU_ROLLE, "value"), State(IDs.NEU_HANDLUNGSFELD, "value"),
        State(IDs.NEU_EINHEIT, "value"),
        prevent_initial_call=True,
        recht="benutzer_verwalten",
    )
    def benutzer_anlegen(_klick, login, name, email, kennwort, rolle, handlungsfeld, einheit):
        return anlegen(login, name, email, kennwort, rolle, handlungsfeld, einheit)

    @app.callback(
        Output(IDs.MELDUNG, "children", allow_duplicate=True),
        Input(IDs.ROLLE_ERSETZEN, "n_clicks"), Input(IDs.ROLLE_HINZU, "n_clicks"),
        State(IDs.AUSWAHL, "value"), State(IDs.ROLLE, "value"), State(IDs.HANDLUNGSFELD, "value"),
        State(IDs.EINHEIT, "value"),
        prevent_initial_call=True,
        recht="benutzer_verwalten",
    )
    def benutzer_rolle_aendern(_ersetzen, _hinzu, login, rolle, handlungsfeld, einheit):
        aktion = "hinzufuegen" if ctx.triggered_id == IDs.ROLLE_HINZU else "ersetzen"
        return rolle_aendern(aktion, login, rolle, handlungsfeld, einheit)

    @app.callback(
        Output(IDs.MELDUNG, "children", allow_duplicate=True),
        Input(IDs.DEAKTIVIEREN, "n_clicks"), Input(IDs.REAKTIVIEREN, "n_clicks"),
        State(IDs.AUSWAHL, "value"),
        prevent_initial_call=True,
        recht="benutzer_verwalten",
    )
    def benutzer_aktiv_setzen(_deaktivieren, _reaktivieren, login):
        return aktiv_setzen(ctx.triggered_id == IDs.REAKTIVIEREN, login)

    @app.callback(
        Output(IDs.MELDUNG, "children", allow_duplicate=True), Output(IDs.KENNWORT, "value"),
        Input(IDs.KENNWORT_SETZEN, "n_clicks"),
        State(IDs.AUSWAHL, "value"), State(IDs.KENNWORT, "value"),
        prevent_initial_call=True,
        recht="benutzer_verwalten",
    )
    def benutzer_kennwort_setzen(_klick, login, kennwort):
        return kennwort_setzen(login, kennwort)

    @app.callback(
        Output(IDs.TABELLE, "children"), Output(IDs.AUSWAHL, "options"),
        Input(IDs.NEU_MELDUNG, "children"), Input(IDs.MELDUNG, "children"),
        prevent_initial_call=True,
        recht="benutzer_verwalten",
    )
    def benutzer_neu_zeigen(_neu, _geaendert):
        fabrik = current_app.extensions["wirkungscockpit"].fabrik
        df = verwaltung.benutzerliste(fabrik)
        return benutzertabelle(df), [{"label": "– bitte wählen –", "value": ""}, *benutzeroptionen(df)]
