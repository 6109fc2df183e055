"""Figures of the Produkt view: the Zuschussbedarf over the years (Ergebnis, Ansatz, Ist, Prognose, Planung).

Pure functions: DataFrames and plain parameters in, ``go.Figure`` out (template ``VORLAGE``).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import FARBEN, VORLAGE

PLANFARBE = "#6b6b6b"
ANSATZFARBE = "#111111"  # near-black: FARBEN["ansatz"] is too close to the blue Ergebnis bars it sits on


def geldeinheit(betraege: pd.Series | list[float]) -> tuple[float, str]:
    """(divisor, unit) for an axis in euro: Mio. € from one million, else T€ from one thousand, else €."""
    groesste = max((abs(float(b)) for b in betraege if b is not None and not math.isnan(float(b))), default=0.0)
    if groesste >= 1_000_000:
        return 1_000_000.0, "Mio. €"
    if groesste >= 1_000:
        return 1_000.0, "T€"
    return 1.0, "€"


def zuschussbedarf_verlauf(df: pd.DataFrame, jahr: int, ist_bezeichnung: str) -> go.Figure:
    """Zuschussbedarf per year: Ergebnis as bars, the in-year Ist of ``jahr`` as a narrower hatched bar,
    Ansatz as a step line, fortgeschriebener Ansatz, Prognose and Planung as markers.

    ``df``: ``zeitreihe.zuschussbedarf_je_jahr`` (jahr, ergebnis, ansatz, fortgeschriebener_ansatz, ist_bis,
    prognose, planung; euro). ``ist_bezeichnung``: legend text of the in-year Ist, e.g. 'Ist bis Q3 2026'.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    spalten = ["ergebnis", "ansatz", "fortgeschriebener_ansatz", "ist_bis", "prognose", "planung"]
    teiler, einheit = geldeinheit(pd.concat([df[s] for s in spalten]) if len(df) else [])
    stellen = 1 if teiler > 1 else 0
    x = [str(int(j)) for j in df["jahr"]]
    werte = {s: df[s] / teiler for s in spalten}

    def hover(name: str) -> str:
        return name + ": %{y:,." + str(stellen) + "f}\u00a0" + einheit + "<extra></extra>"

    if df["ergebnis"].notna().any():
        fig.add_bar(x=x, y=werte["ergebnis"], name="Ergebnis (Ist)", marker_color=FARBEN["ist"], width=0.7,
                    hovertemplate=hover("Ergebnis"))
    ist = df["ist_bis"].where(df["jahr"] == jahr)
    if ist.notna().any():
        fig.add_bar(x=x, y=ist / teiler, name=ist_bezeichnung, width=0.4,
                    marker=dict(color="#9ecae1", line=dict(color=FARBEN["ist"], width=1.5),
                                pattern=dict(shape="/", fgcolor=FARBEN["ist"], size=6)),
                    hovertemplate=hover(ist_bezeichnung))
    if df["ansatz"].notna().any():
        fig.add_scatter(x=x, y=werte["ansatz"], name="Ansatz", mode="markers",
                        marker=dict(symbol="line-ew-open", size=46, color=ANSATZFARBE, line=dict(width=4)),
                        hovertemplate=hover("Ansatz"))
    if df["fortgeschriebener_ansatz"].notna().any():
        fig.add_scatter(x=x, y=werte["fortgeschriebener_ansatz"], name="fortgeschriebener Ansatz", mode="markers",
                        marker=dict(symbol="x-thin-open", size=14, color=ANSATZFARBE, line=dict(width=2.5)),
                        hovertemplate=hover("fortgeschriebener Ansatz"))
    if df["prognose"].notna().any():
        fig.add_scatter(x=x, y=werte["prognose"], name="Prognose", mode="markers",
                        marker=dict(symbol="diamond", size=14, color=FARBEN["prognose"],
                                    line=dict(color="white", width=1)),
                        hovertemplate=hover("Prognose"))
    if df["planung"].notna().any():
        fig.add_scatter(x=x, y=werte["planung"], name="Planung (mittelfristig)", mode="lines+markers",
                        line=dict(color=PLANFARBE, width=2, dash="dash"),
                        marker=dict(symbol="square-open", size=9, color=PLANFARBE),
                        hovertemplate=hover("Planung"))
    fig.update_layout(
        barmode="overlay",
        height=420,
        margin=dict(t=60),
        xaxis=dict(title=dict(text="Haushaltsjahr"), type="category"),
        yaxis=dict(title=dict(text=f"Zuschussbedarf in {einheit}"), rangemode="tozero",
                   tickformat=f",.{stellen}~f"),
        hovermode="x unified",
        legend=dict(y=1.04, traceorder="normal"),
    )
    return fig
