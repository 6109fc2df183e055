"""Search results: Kennzahlen, Ziele, Produkte and Handlungsfelder by name or code."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import links
from dashboard.komponenten import brotkrumen
from kennzahlen.abfragen.suche import ARTEN, suchen

PFAD = "/suche"
TITEL = "Suche"
HOECHSTENS = 50


class IDs:
    """Component IDs of the search (the field lives in the header of every page)."""

    EINGABE = "suche-eingabe"
    KNOPF = "suche-knopf"
    ERGEBNIS = "suche-ergebnis"


def suchfeld() -> dbc.InputGroup:
    """The search field for the page header."""
    return dbc.InputGroup(
        [
            dbc.Label("Suche", html_for=IDs.EINGABE, className="visually-hidden"),
            dbc.Input(id=IDs.EINGABE, type="search", placeholder="Kennzahl, Ziel, Produkt …", debounce=False,
                      autocomplete="off", n_submit=0),
            dbc.Button("Suchen", id=IDs.KNOPF, color="light", n_clicks=0),
        ],
        size="sm",
        className="suchfeld",
    )


def _ziel(art: str, code: str) -> str:
    return getattr(links, art)(code)


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The hits for ``?q=…`` grouped by kind, each linking to its view."""
    begriff = parameter.get("q", "").strip()
    kopf = [brotkrumen([("Cockpit", links.cockpit()), ("Suche", None)]),
            html.H1(f"Suche nach „{begriff}“" if begriff else "Suche", className="h2")]
    if not begriff:
        return html.Div([*kopf, html.P("Bitte oben einen Namen oder Code eingeben.")], id=IDs.ERGEBNIS)
    treffer = suchen(fabrik, begriff, HOECHSTENS + 1)
    if treffer.empty:
        return html.Div([*kopf, dbc.Alert(f"Keine Kennzahl, kein Ziel und kein Produkt enthält „{begriff}“ "
                                          "in Name oder Code.", color="info")], id=IDs.ERGEBNIS)
    abschnitte = []
    for art, titel in ARTEN.items():
        teil = treffer[treffer["art"] == art].head(HOECHSTENS)
        if teil.empty:
            continue
        abschnitte.append(html.Section([
            html.H2(f"{titel} ({len(teil)})", className="h5 mt-3"),
            html.Ul([html.Li(dcc.Link([html.Code(z.code, className="me-2"), z.name], href=_ziel(art, z.code)))
                     for z in teil.itertuples()], className="list-unstyled"),
        ]))
    hinweis = (html.P(f"Es werden höchstens {HOECHSTENS} Treffer gezeigt; bitte genauer suchen.")
               if len(treffer) > HOECHSTENS else None)
    return html.Div([*kopf, html.P(f"{min(len(treffer), HOECHSTENS)} Treffer."), hinweis, *abschnitte],
                    id=IDs.ERGEBNIS)


def validierungslayout() -> list:
    """The search field is part of the page frame; nothing else is needed."""
    return []


def suchadresse(begriff: str | None) -> tuple[str, str]:
    """(pathname, search) of the results page for ``begriff``."""
    adresse = links.suche((begriff or "").strip())
    pfad, _, suche = adresse.partition("?")
    return pfad, ("?" + suche if suche else "")


def callbacks_registrieren(app, url_id: str) -> None:
    """Enter or the button opens the results page."""

    @app.callback(
        Output(url_id, "pathname", allow_duplicate=True),
        Output(url_id, "search", allow_duplicate=True),
        Input(IDs.KNOPF, "n_clicks"),
        Input(IDs.EINGABE, "n_submit"),
        State(IDs.EINGABE, "value"),
        prevent_initial_call=True,
        recht="lesen",
    )
    def suche_oeffnen(_klicks, _enter, begriff):
        return suchadresse(begriff)
