"""Figures of the pages Mengen- und Preiseffekt (waterfall) and Wirkung und Kosten (portfolio scatter).

Pure functions: plain values or DataFrames in, ``go.Figure`` out (template ``VORLAGE``).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import FARBEN, VORLAGE
from dashboard.figuren.produkt import geldeinheit
from kennzahlen import formate as fmt

STEIGT = "#b2182b"  # dark red: the amount rises (≥ 4,5:1 on white)
SINKT = "#0072b2"  # blue: the amount falls (red/green would merge for deuteranopia; dashboard/figuren/farben.py)
SUMME = FARBEN["ansatz"]

QUADRANTFARBEN = {
    "teurer_ohne": ("#b2182b", "x"),
    "teurer_mit": ("#d55e00", "circle"),
    "guenstiger_ohne": ("#6b6b6b", "square"),
    "guenstiger_mit": ("#0072b2", "diamond"),
}
"""Colour and marker symbol per quadrant: the symbol tells the quadrant without colour."""


def wasserfall(betrag0: float, mengeneffekt: float, preiseffekt: float, rest: float, betrag1: float,
               basis: str, vergleich: str) -> go.Figure:
    """Basis → Mengeneffekt → Preiseffekt → Rest → Vergleich as a waterfall; values printed on the bars."""
    teiler, einheit = geldeinheit([betrag0, betrag1, mengeneffekt, preiseffekt, rest])
    stellen = 1 if teiler > 1 else 0
    werte = [betrag0, mengeneffekt, preiseffekt, rest, betrag1]
    texte = [fmt.euro_kompakt(betrag0)] + [("+" if w > 0 else "") + fmt.euro_kompakt(w) for w in werte[1:4]] + [
        fmt.euro_kompakt(betrag1)]
    fig = go.Figure(go.Waterfall(
        x=[basis, "Mengeneffekt", "Preiseffekt", "Rest (Wechselwirkung)", vergleich],
        measure=["absolute", "relative", "relative", "relative", "total"],
        y=[w / teiler for w in werte], text=texte, textposition="outside",
        increasing=dict(marker=dict(color=STEIGT)), decreasing=dict(marker=dict(color=SINKT)),
        totals=dict(marker=dict(color=SUMME)), connector=dict(line=dict(color="#999", width=1)),
        hovertemplate="%{x}: %{y:,." + str(stellen) + "f}\u00a0" + einheit + "<extra></extra>",
    ), layout=dict(template=VORLAGE))
    unten = min(betrag0, betrag1) / teiler
    oben = max(betrag0, betrag1, betrag0 + max(mengeneffekt, 0) + max(preiseffekt, 0) + max(rest, 0)) / teiler
    spanne = max(oben - unten, abs(oben) * 0.05, 1e-9)
    fig.update_layout(showlegend=False, height=420, yaxis_title=einheit,
                      yaxis_range=[max(0.0, unten - spanne * 1.2), oben + spanne * 0.35])
    return fig


def portfolio_streuung(df: pd.DataFrame, von: int, bis: int) -> go.Figure:
    """Change of Zuschussbedarf in % (x) against Wirkungssaldo in % (y), bubbles sized by the later amount,
    one trace per quadrant (colour and symbol), the quadrants named in the corners.

    ``df``: ``kennzahlen.portfolio.portfolio`` rows (products without measurement are left out here).
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    gemessen = df[df["wirkungssaldo"].notna() & df["veraenderung_anteil"].notna()]
    groesste = float(gemessen["betrag_bis"].abs().max()) if len(gemessen) else 1.0
    from kennzahlen.portfolio import QUADRANTEN

    for schluessel, (farbe, symbol) in QUADRANTFARBEN.items():
        teil = gemessen[gemessen["quadrant"] == schluessel]
        if teil.empty:
            continue
        groesse = [8 + 40 * math.sqrt(abs(b) / groesste) if groesste else 10 for b in teil["betrag_bis"]]
        fig.add_scatter(
            x=teil["veraenderung_anteil"] * 100, y=teil["wirkungssaldo"] * 100, mode="markers",
            name=QUADRANTEN[schluessel], marker=dict(color=farbe, symbol=symbol, size=groesse, opacity=0.75,
                                                     line=dict(color="white", width=1)),
            customdata=list(zip(teil["code"], teil["name"], [fmt.euro_kompakt(b) for b in teil["betrag_bis"]],
                                strict=True)),
            hovertemplate=("%{customdata[0]} %{customdata[1]}<br>Zuschussbedarf %{x:+.1f}\u00a0%, "
                           "Wirkungssaldo %{y:+.0f}\u00a0%<br>" + str(bis) + ": %{customdata[2]}<extra></extra>"),
        )
    x = gemessen["veraenderung_anteil"] * 100 if len(gemessen) else pd.Series([0.0])
    xmax = max(abs(float(x.min())), abs(float(x.max())), 5.0) * 1.15
    fig.update_layout(
        height=520, xaxis=dict(title=f"Veränderung des Zuschussbedarfs {von}–{bis} in %", range=[-xmax, xmax],
                               zeroline=True, zerolinewidth=2, ticksuffix="\u00a0%"),
        yaxis=dict(title="Wirkungssaldo: Kennzahlen besser minus schlechter, in %", range=[-115, 115],
                   zeroline=True, zerolinewidth=2, ticksuffix="\u00a0%"),
    )
    for text, xpos, ypos, xa, ya in (("teurer, mit Wirkung", 1, 1, "right", "top"),
                                     ("teurer, ohne messbare Wirkung", 1, 0, "right", "bottom"),
                                     ("günstiger, mit Wirkung", 0, 1, "left", "top"),
                                     ("günstiger, ohne messbare Wirkung", 0, 0, "left", "bottom")):
        fig.add_annotation(text=text, xref="paper", yref="paper", x=xpos, y=ypos, xanchor=xa, yanchor=ya,
                           showarrow=False, font=dict(size=13, color="#444"))
    return fig
