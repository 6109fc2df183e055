"""The Dash user interface: ``create_app`` builds the app from settings (the only entry point)."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, dcc, html
from sqlalchemy.orm import Session, sessionmaker

from dashboard import auswahl, downloads, komponenten, seiten, seitencache, sicherheit
from dashboard.bericht import auftraege as berichtsauftraege
from dashboard.routing import abfrageparameter, aufloesen
from dashboard.seiten import nicht_gefunden, suche
from kennzahlen import abfragen, zugang
from kennzahlen.db import erreichbar, vorbereiten
from kennzahlen.settings import Einstellungen, EinstellungsFehler

log = logging.getLogger(__name__)
ASSETS = Path(__file__).resolve().parent.parent / "assets"
URL_ID = "url"
SEITE_ID = "seite"



def _seitenmodule() -> list[tuple[str, ModuleType]]:
    """Every module in dashboard/seiten with a PFAD: (path pattern, module), fixed paths first.

    A page module has PFAD (e.g. "/kennzahl/{code}"), TITEL, layout(fabrik, einstellungen, parameter),
    validierungslayout() and callbacks_registrieren(app, url_id). Path placeholders arrive in
    ``parameter`` together with the query string.
    """
    module = [importlib.import_module(f"{seiten.__name__}.{m.name}") for m in pkgutil.iter_modules(seiten.__path__)]
    routen = [(m.PFAD, m) for m in module if hasattr(m, "PFAD")]
    return sorted(routen, key=lambda r: ("{" in r[0], r[0]))


ROUTEN = _seitenmodule()

INDEX = """<!DOCTYPE html>
<html lang="de">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        <a class="visually-hidden-focusable" href="#seite">Zum Inhalt springen</a>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


@dataclass(frozen=True)
class Kontext:
    """What callbacks need from the app instance: settings and the session factory."""

    einstellungen: Einstellungen
    fabrik: sessionmaker[Session]


def _benutzerbereich(nutzer) -> html.Div:
    if nutzer is None:
        return html.Div()
    abmelden = (html.Form(dbc.Button("Abmelden", type="submit", color="light", size="sm", className="ms-2"),
                          action="/logout", method="POST", className="d-inline")
                if nutzer.id is not None else None)
    return html.Div(
        [html.Span(nutzer.name, className="text-white small fw-semibold", id="benutzer-name",
                   title=f"Rollen: {nutzer.rollentext}"), abmelden],
        className="d-flex align-items-center ms-3 benutzerbereich",
    )


NAVIGATION = (
    ("Cockpit", "/", "lesen"),
    ("Meine Aufgaben", "/aufgaben", "lesen"),
    ("Quartal", (
        ("Abweichungsliste", "/abweichungen", "lesen"),
        ("Maßnahmen", "/massnahmen", "lesen"),
        ("Nicht gemeldet", "/lieferungen", "lesen"),
        ("Prognosen", "/prognosen", "lesen"),
        ("Berichtsstand", "/bericht/berichtsstand", "lesen"),
        ("Berichte (PDF, Excel)", "/berichte", "lesen"),
    ), "lesen"),
    ("Haushalt", (
        ("Haushaltsplan", "/haushalt", "lesen"),
        ("Haushaltsberatung", "/haushaltsberatung", "lesen"),
        ("Versionen und Veränderungsliste", "/haushaltsberatung/versionen", "lesen"),
        ("Mengen- und Preiseffekt", "/haushalt/effekte", "lesen"),
        ("Wirkung und Kosten", "/portfolio", "lesen"),
    ), "lesen"),
    ("Sozialindex", "/sozialindex", "lesen"),
    ("Import", "/import", "importieren"),
    ("Perioden", "/verwaltung/perioden", "perioden_abschliessen"),
    ("Benutzer", "/verwaltung/benutzer", "benutzer_verwalten"),
    ("Kommune", "/verwaltung/kommune", "einrichten"),
    ("Protokoll", "/verwaltung/protokoll", "audit_lesen"),
)
"""Menu entries (text, path or sub-entries, right); entries whose page does not exist are left out."""


def _navigation(nutzer) -> list:
    """Menu entries for the pages the user's roles include (the pages check again on the server)."""
    routen = {muster for muster, _ in ROUTEN}

    def sichtbar(pfad: str, recht: str) -> bool:
        return pfad in routen and (nutzer is None or nutzer.darf_irgendwo(recht))

    eintraege = []
    for text, ziel, recht in NAVIGATION:
        if isinstance(ziel, str):
            if sichtbar(ziel, recht):
                eintraege.append(dbc.NavItem(dbc.NavLink(text, href=ziel, active="exact")))
            continue
        unter = [dbc.DropdownMenuItem(t, href=z) for t, z, r in ziel if sichtbar(z, r)]
        if unter:
            eintraege.append(dbc.DropdownMenu(unter, label=text, nav=True, in_navbar=True))
    return eintraege


def _kopfzeile(kommune: str, nutzer=None) -> html.Header:
    return html.Header(dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand([html.Span("Wirkungscockpit", className="fw-bold"),
                                 html.Span(f" · {kommune}", className="fw-normal")], href="/"),
                dbc.Nav(_navigation(nutzer), navbar=True, className="me-auto"),
                html.Div(suche.suchfeld(), role="search"),
                _benutzerbereich(nutzer),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-4",
    ))


def _rahmen(kommune: str, nutzer=None) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=URL_ID, refresh=False),
            _kopfzeile(kommune, nutzer),
            html.Main(dbc.Container(html.Div(id=SEITE_ID), fluid=True), id="inhalt"),
            html.Footer(
                dbc.Container(
                    html.Div([
                        html.Small("Wirkungscockpit – wirkungsorientierte Steuerung für die Soziale Kommune. "
                                   "Beträge in Euro; Zuschussbedarf = Aufwendungen abzüglich Erträge.",
                                   className="text-body-secondary"),
                        html.Small(dcc.Link("Erklärung zur Barrierefreiheit", href="/barrierefreiheit",
                                            id="fuss-barrierefreiheit")),
                    ], className="fusszeile-links"),
                    fluid=True,
                ),
                className="border-top py-3 mt-4",
            ),
        ]
    )


def seite_rendern(kontext: Kontext, pfad: str | None, suche: str | None):
    """The page component for a path and query string (unknown paths get the not-found page).

    A page may name the right it needs (RECHT, default "lesen"); without it the content is never built.
    """
    treffer = aufloesen(ROUTEN, pfad)
    if treffer is None:
        return nicht_gefunden.layout(pfad or "")
    seite, pfadparameter = treffer
    nutzer = sicherheit.benutzer()
    if nutzer is None or not nutzer.darf_irgendwo(getattr(seite, "RECHT", "lesen")):
        return nicht_gefunden.keine_berechtigung(pfad or "")
    return seite.layout(kontext.fabrik, kontext.einstellungen, {**abfrageparameter(suche), **pfadparameter})


def create_app(einstellungen: Einstellungen | None = None) -> Dash:
    """Build the app: connect (and on first start set up) the database, lay out, wire callbacks."""
    einstellungen = einstellungen or Einstellungen.aus_umgebung()
    logging.basicConfig(level=einstellungen.loglevel, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine, fabrik = vorbereiten(einstellungen)
    if einstellungen.umgebung == "produktion" and (demo := zugang.demo_kennwoerter_aktiv(fabrik)):
        raise EinstellungsFehler(
            f"WK_UMGEBUNG: In Produktion nicht mit Demo-Kennwörtern ({', '.join(demo)}); bitte ändern oder sperren.")
    kontext = Kontext(einstellungen, fabrik)

    app = Dash(
        __name__,
        assets_folder=str(ASSETS),
        title="Wirkungscockpit",
        update_title="Wird aktualisiert …",
        serve_locally=True,
        index_string=INDEX,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"},
                   {"name": "description", "content": "Wirkungsorientierte Steuerung: Ziele, Kennzahlen, Haushalt"}],
    )
    app.server.extensions["wirkungscockpit"] = kontext
    kommune = abfragen.kommunenname(fabrik)
    # The name is read per page load (cached by data version), so a master-data import shows everywhere.
    app.layout = lambda: _rahmen(abfragen.kommunenname(fabrik), sicherheit.benutzer())
    app.validation_layout = html.Div(
        [_rahmen(kommune), *auswahl.validierungslayout(), komponenten.tabellenansicht("validierung", html.Div()),
         *(k for _, modul in ROUTEN for k in modul.validierungslayout())]
    )
    callbacks = sicherheit.Callbacks(app)

    @callbacks.callback(Output(SEITE_ID, "children"), Input(URL_ID, "pathname"), Input(URL_ID, "search"),
                        recht="lesen")
    def seite(pfad, suche):
        return seite_rendern(kontext, pfad, suche)

    auswahl.callbacks_registrieren(callbacks, URL_ID)
    komponenten.tabellen_aufklappen(callbacks)
    for _, modul in ROUTEN:
        modul.callbacks_registrieren(callbacks, URL_ID)
    downloads.einrichten(app.server)
    berichtsauftraege.einrichten(app.server)
    # Uploads arrive base64-encoded in a callback: refuse larger requests before they are parsed.
    app.server.config["MAX_CONTENT_LENGTH"] = 32 * 2**20
    sicherheit.einrichten(app, kontext)
    seitencache.einrichten(app.server, kontext, ROUTEN, f"{SEITE_ID}.children", URL_ID)  # after the login gate

    @app.server.get("/health")
    def health():
        if not erreichbar(engine):
            return "Datenbank nicht erreichbar", 503, {"Content-Type": "text/plain; charset=utf-8"}
        return "OK", 200, {"Content-Type": "text/plain; charset=utf-8"}

    return app
