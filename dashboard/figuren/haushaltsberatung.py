"""Figure of the Haushaltsberatung: the Zuschussbedarf of each row, Ergebnis n−2 … Entwurf n+1, as grouped bars.

Pure function: DataFrame and plain parameters in, ``go.Figure`` out (template ``VORLAGE``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import VORLAGE
from dashboard.figuren.produkt import geldeinheit

SPALTENFARBEN = {
    "ergebnis_n2": "#8c8c8c",  # ≥ 3:1 on white (WCAG 1.4.11)
    "ergebnis_n1": "#6b6b6b",
    "ansatz": "#1f4e79",
    "fortgeschrieben": "#0072b2",
    "prognose": "#d55e00",
    "entwurf": "#222222",  # green merged with grey for deuteranopia (dashboard/figuren/farben.py)
}
"""Colour per money column (colour-blind safe; the legend and the table view name every series)."""
MUSTER = {"fortgeschrieben": "/", "entwurf": "x"}
"""Fill patterns, so that neighbouring bars differ without colour too."""


def beratungsbalken(zeilen: pd.DataFrame, spalten: list[tuple[str, str]]) -> go.Figure:
    """Grouped bars per row (x: code) and money column (``spalten``: key, legend title), in € / T€ / Mio. €.

    ``zeilen``: code, name and the money columns (Zuschussbedarf, euro; NaN = no bar)."""
    fig = go.Figure(layout=dict(template=VORLAGE))
    werte = pd.concat([zeilen[s] for s, _ in spalten]) if len(zeilen) and spalten else []
    teiler, einheit = geldeinheit(werte)
    stellen = 1 if teiler > 1 else 0
    x = [str(c) for c in zeilen["code"]]
    for schluessel, titel in spalten:
        fig.add_bar(
            x=x, y=zeilen[schluessel] / teiler, name=titel, marker_color=SPALTENFARBEN.get(schluessel),
            marker_pattern_shape=MUSTER.get(schluessel, ""), customdata=zeilen["name"],
            hovertemplate="%{x} %{customdata}<br>" + titel + ": %{y:,." + str(stellen) + "f}\u00a0" + einheit
                          + "<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.2, height=420,
                      yaxis=dict(title=dict(text=f"Zuschussbedarf in {einheit}"), tickformat=",.0f"),
                      xaxis=dict(title=None, type="category"))
    return fig
