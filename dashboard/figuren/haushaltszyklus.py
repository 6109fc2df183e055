"""Figures of the budget cycle: the Zuschussbedarf of each stage (Anmeldung … fortgeschriebener Ansatz) and the
savings of an HSK measure, target against achieved.

Pure functions: DataFrame or plain values in, ``go.Figure`` out (template ``VORLAGE``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import VORLAGE
from dashboard.figuren.produkt import geldeinheit

STUFENFARBE = "#1f4e79"
ABGELEITET_FARBE = "#0072b2"
ZIEL_FARBE = "#6b6b6b"
ERREICHT_FARBE = "#1f4e79"


def stufenbalken(stufen: Sequence[tuple[str, float, bool]]) -> go.Figure:
    """One bar per stage (title, Zuschussbedarf in euro, derived?); derived stages hatched, so colour is not needed
    to tell them apart."""
    fig = go.Figure(layout=dict(template=VORLAGE))
    werte = pd.Series([w for _t, w, _a in stufen], dtype=float)
    teiler, einheit = geldeinheit(werte)
    stellen = 1 if teiler > 1 else 0
    fig.add_bar(
        x=[t for t, _w, _a in stufen], y=werte / teiler,
        marker_color=[ABGELEITET_FARBE if a else STUFENFARBE for _t, _w, a in stufen],
        marker_pattern_shape=["/" if a else "" for _t, _w, a in stufen],
        hovertemplate="%{x}: %{y:,." + str(stellen) + "f}\u00a0" + einheit + "<extra></extra>",
    )
    fig.update_layout(yaxis_title=f"Zuschussbedarf ({einheit})", showlegend=False, margin=dict(t=20))
    return fig


def hsk_balken(bilanz: pd.DataFrame) -> go.Figure:
    """Savings target and achieved per measure and year (``bilanz``: code, jahr, einsparziel, erreicht, euro)."""
    fig = go.Figure(layout=dict(template=VORLAGE))
    teiler, einheit = geldeinheit(pd.concat([bilanz["einsparziel"], bilanz["erreicht"]]) if len(bilanz) else [])
    x = [f"{c} {j}" for c, j in zip(bilanz["code"], bilanz["jahr"], strict=True)]
    fig.add_bar(x=x, y=bilanz["einsparziel"] / teiler, name="Einsparziel", marker_color=ZIEL_FARBE,
                marker_pattern_shape="/")
    fig.add_bar(x=x, y=bilanz["erreicht"] / teiler, name="erreicht", marker_color=ERREICHT_FARBE)
    fig.update_layout(barmode="group", yaxis_title=f"Einsparung ({einheit})", margin=dict(t=20))
    return fig
