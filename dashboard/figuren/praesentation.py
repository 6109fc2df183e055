"""Figures of the presentation mode: large, calm, readable from the back of a council room."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import VORLAGE
from kennzahlen import formate as fmt

GRAD_ANZEIGE_MAX = 1.5
"""Bars are cut at 150 % so that one outlier does not squeeze the rest (the label says the real grade)."""


def _grad(grad: float | None) -> str:
    return fmt.LEER if grad is None else fmt.prozent(grad, 0)


def zielerreichung_figur(zeilen: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the Zielerreichungsgrad per row with a dashed line at 100 % (= Ziel), each bar labelled
    with status symbol and grade (the status word stands in the table beside it and in the table view).

    ``zeilen``: beschriftung (short, e.g. the code), grad (share, None = not rated), status_symbol, status_text,
    status_farbe; top row first.
    """
    daten = zeilen.iloc[::-1]
    grade = [None if g is None or pd.isna(g) else float(g) for g in daten["grad"]]
    x = [0.0 if g is None else min(g, GRAD_ANZEIGE_MAX) * 100 for g in grade]
    texte = [f"{s}\u00a0{_grad(g)}" if g is not None else f"{s}\u00a0{t}"
             for s, g, t in zip(daten["status_symbol"], grade, daten["status_text"], strict=True)]
    fig = go.Figure(layout=dict(template=VORLAGE))
    fig.add_bar(
        y=list(daten["beschriftung"]), x=x, orientation="h", marker=dict(color=list(daten["status_farbe"])),
        customdata=[f"{t}, Zielerreichung {_grad(g)}" for t, g in zip(daten["status_text"], grade, strict=True)],
        hovertemplate="%{y}: %{customdata}<extra></extra>", showlegend=False,
    )
    fig.add_vline(x=100, line=dict(color="#212529", width=2, dash="dash"))
    fig.add_annotation(x=100, y=1, yref="paper", yanchor="bottom", text="Ziel 100\u00a0%", showarrow=False,
                       font=dict(size=17))
    for name, text in zip(daten["beschriftung"], texte, strict=True):  # a calm column of labels on the right
        fig.add_annotation(x=1, xref="paper", xanchor="right", y=name, text=text, showarrow=False,
                           font=dict(size=20))
    fig.update_layout(
        height=95 + 58 * max(1, len(daten)), margin=dict(l=10, r=10, t=34, b=10), font=dict(size=18),
        bargap=0.3,
        xaxis=dict(title=dict(text="Zielerreichungsgrad in %", font=dict(size=17)), range=[0, 205], domain=[0, 0.78],
                   tickvals=[0, 50, 100, 150], ticktext=["0", "50", "100", "≥150"], fixedrange=True),
        yaxis=dict(title=None, automargin=True, fixedrange=True),
    )
    return fig
