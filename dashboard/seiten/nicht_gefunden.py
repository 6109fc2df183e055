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
                [html.P(["Unter der Adresse ", html.Code(pfad), " gibt es keine Seite."], className="mb-1"),
                 html.P("Vielleicht ist der Link veraltet oder unvollständig.", className="mb-0")],
                color="warning",
            ),
            dcc.Link("Zurück zum Cockpit", href="/", className="btn btn-primary"),
        ],
        id="nicht-gefunden",
    )
