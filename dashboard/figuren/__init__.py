"""Pure figure builders: DataFrame in, go.Figure out. One template sets fonts, colours and German formats."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

# Colour-blind safe (Okabe–Ito based), each with ≥ 3:1 contrast against white.
FARBEN = {
    "ansatz": "#1f4e79",
    "ist": "#0072b2",
    "prognose": "#d55e00",
    "vorjahr": "#6b6b6b",
}
SCHRIFT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

VORLAGE = go.layout.Template(
    layout=dict(
        separators=",.",  # German decimal comma and thousands dot, also in exports without the locale
        font=dict(family=SCHRIFT, size=14, color="#212529"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(FARBEN.values()),
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(font=dict(family=SCHRIFT, size=14)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        xaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#999", exponentformat="none", automargin=True),
        yaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#999", exponentformat="none", automargin=True),
    )
)
pio.templates["wirkungscockpit"] = VORLAGE

# Passed to every dcc.Graph: German locale (assets/plotly-locale-de.js), no Plotly logo, no cloud ("Share
# chart…"). The toolbar keeps what helps – download as image, reset – so a chart costs two tab stops, not eight;
# zooming by dragging stays, the reset button undoes it.
GRAPH_CONFIG = {"locale": "de", "displaylogo": False, "responsive": True, "showSendToCloud": False,
                "modeBarButtons": [["toImage", "resetScale2d"]],
                "toImageButtonOptions": {"format": "png", "filename": "wirkungscockpit", "scale": 2}}
ZURUECKSETZEN = {"map": "resetViewMap", "geo": "resetGeo"}
"""Reset button of a chart that has no x/y axes (key: the kind of subplot its traces draw on)."""


def graph_config(figur: go.Figure | None = None) -> dict:
    """The dcc.Graph config for ``figur``: download and the reset that fits its kind (axes, map, geo; a chart
    without zoom – Sankey, treemap – keeps only the download)."""
    if figur is None or not getattr(figur, "data", None):
        return GRAPH_CONFIG
    spur = figur.data[0]
    if hasattr(spur, "xaxis"):
        knoepfe = ["toImage", "resetScale2d"]
    elif hasattr(spur, "subplot") and spur.type.endswith("map"):
        knoepfe = ["toImage", ZURUECKSETZEN["map"]]
    elif hasattr(spur, "geo"):
        knoepfe = ["toImage", ZURUECKSETZEN["geo"]]
    else:
        knoepfe = ["toImage"]
    return {**GRAPH_CONFIG, "modeBarButtons": [knoepfe]}


def zuschussbedarf_je_handlungsfeld(df: pd.DataFrame, ist_bezeichnung: str, jahr: int) -> go.Figure:
    """Horizontal bars per Handlungsfeld: Ansatz, Ist to date and Prognose of the year, in Mio. €.

    ``df`` columns: name, ansatz, ist_bis, prognose (euro; NaN = no data: a kind without any data gets no bars
    and no legend entry, so that a missing Ist is not drawn as 0 €).
    """
    daten = df.sort_values("ansatz", ascending=True, na_position="first")
    fig = go.Figure(layout=dict(template=VORLAGE))
    # Horizontal groups stack their first trace at the bottom: add in reverse, show the legend reversed.
    for spalte, name, farbe in (
        ("prognose", f"Prognose {jahr}", FARBEN["prognose"]),
        ("ist_bis", ist_bezeichnung, FARBEN["ist"]),
        ("ansatz", f"Ansatz {jahr}", FARBEN["ansatz"]),
    ):
        if daten[spalte].isna().all():
            continue
        fig.add_bar(
            y=daten["name"], x=daten[spalte] / 1e6, name=name, orientation="h", marker_color=farbe,
            hovertemplate="%{y}<br>" + name + ": %{x:,.1f} Mio. €<extra></extra>",
        )
    fig.update_layout(
        barmode="group", height=90 + 62 * len(daten), bargap=0.25,
        xaxis=dict(title=dict(text="Zuschussbedarf in Mio. €"), tickformat=",.0f"),
        yaxis=dict(title=None),
        legend=dict(traceorder="reversed"),
    )
    return fig
