"""The page for an unknown address: says what was not found and links back."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

TITEL = "Seite nicht gefunden"


def layout(pfad: str) -> html.Div:
    """Explain that ``pfad`` does not exist and offer the way back to the cockpit."""
    return html.Div(
        [
            html.H1(TITEL, className="h2"),
            dbc.Alert(
                [html.P(["Unter der Adresse ", html.Code(pfad, className="text-reset"), " gibt es keine Seite."],
                        className="mb-1"),
                 html.P("Vielleicht ist der Link veraltet oder unvollständig.", className="mb-0")],
                color="warning",
            ),
            dcc.Link("Zurück zum Cockpit", href="/", className="btn btn-primary"),
        ],
        id="nicht-gefunden",
    )


ARTIKEL = {"Kennzahl": ("Eine", "sie"), "Ziel": ("Ein", "es"), "Produkt": ("Ein", "es"),
           "Handlungsfeld": ("Ein", "es"), "Sozialraum": ("Ein", "er")}


def objekt(art: str, code: str, zurueck: tuple[str, str] = ("Zurück zum Cockpit", "/")) -> html.Div:
    """Explain that no ``art`` (e.g. 'Kennzahl') with ``code`` exists and link back."""
    artikel, pronomen = ARTIKEL.get(art, ("Ein Objekt vom Typ", "es"))
    return html.Div(
        [
            html.H1(f"{art} nicht gefunden", className="h2"),
            dbc.Alert(
                [html.P([f"{artikel} {art} mit dem Code ", html.Code(code, className="text-reset"),
                         " gibt es in dieser Datenbank nicht."], className="mb-1"),
                 html.P(f"Vielleicht wurde {pronomen} umbenannt, gelöscht, oder der Link ist unvollständig. "
                        "Die Suche oben findet Kennzahlen, Ziele und Produkte nach Name oder Code.", className="mb-0")],
                color="warning",
            ),
            dcc.Link(zurueck[0], href=zurueck[1], className="btn btn-primary"),
        ],
        id="nicht-gefunden",
    )


def keine_berechtigung(pfad: str) -> html.Div:
    """The page a user sees for a view their role does not include (its content is never built)."""
    return html.Div(
        [
            html.H1("Keine Berechtigung", className="h2"),
            dbc.Alert(["Die Seite ", html.Code(pfad, className="text-reset"),
                       " gehört nicht zu Ihren Rollen. Wenden Sie sich an die Administration, "
                       "wenn Sie Zugriff brauchen."],
                      color="warning"),
            dcc.Link("Zurück zum Cockpit", href="/", className="btn btn-primary"),
        ],
        id="keine-berechtigung",
    )
