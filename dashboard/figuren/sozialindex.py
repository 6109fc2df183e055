"""Map of the social index: the districts coloured by status class, one legend entry per class with its
word (hoch, mittel, niedrig, sehr niedrig, nicht bewertbar), and the class words, both index values and the
dynamics class in every hover – the class never shows by colour alone. Offline (no tiles, no glyphs)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import VORLAGE
from dashboard.figuren.kennzahl import KARTE_GEO, flaechen
from kennzahlen.formate import zahl
from kennzahlen.sozialindex import NICHT_BEWERTBAR, STATUSKLASSEN

KLASSENFARBEN = {1: "#e3eef8", 2: "#9ecae1", 3: "#4292c6", 4: "#08306b", None: "#d9d9d9"}
"""Light (hoch) to dark (sehr niedrig); grey for districts that cannot be rated."""


def _z_text(wert) -> str:
    return "–" if wert is None or pd.isna(wert) else zahl(float(wert), 2)


def statuskarte(df: pd.DataFrame, hoehe: int = 480) -> go.Figure:
    """Choropleth of ``kennzahlen.sozialindex.sozialindex`` (code, name, geometrie, statusklasse,
    statusklasse_text, statusindex_z, dynamikklasse_text, dynamikindex_z, anzahl_indikatoren); districts
    without geometry are left out (the table lists them)."""
    fig = go.Figure(layout=dict(template=VORLAGE))
    mit_form, geojson = flaechen(df)
    mit_form["_klasse"] = [int(k) if k is not None and not pd.isna(k) else None for k in mit_form["statusklasse"]]
    for klasse in [*STATUSKLASSEN, None]:
        teil = mit_form[mit_form["_klasse"].isna()] if klasse is None else mit_form[mit_form["_klasse"] == klasse]
        if teil.empty:
            continue
        wort = STATUSKLASSEN[klasse] if klasse else NICHT_BEWERTBAR
        daten = pd.DataFrame({
            "code": teil["code"], "name": teil["name"],
            "status": [f"Status {klasse}: {wort}" if klasse else f"Status: {wort}" for _ in range(len(teil))],
            "sz": [_z_text(v) for v in teil["statusindex_z"]],
            "dyn": teil["dynamikklasse_text"], "dz": [_z_text(v) for v in teil["dynamikindex_z"]],
            "n": teil["anzahl_indikatoren"].astype(int),
        })
        farbe = KLASSENFARBEN[klasse]
        fig.add_choropleth(
            geojson=geojson, locations=teil["code"], z=[klasse or 0] * len(teil), featureidkey="id",
            colorscale=[[0, farbe], [1, farbe]], showscale=False, showlegend=True,
            name=f"{klasse} {wort}" if klasse else wort,
            marker=dict(line=dict(color="#555555", width=1), opacity=0.95), customdata=daten,
            hovertemplate="<b>%{customdata[0]} %{customdata[1]}</b><br>%{customdata[2]} (Index %{customdata[3]})"
                          "<br>Dynamik: %{customdata[4]} (Index %{customdata[5]})<br>Indikatoren mit Wert: "
                          "%{customdata[6]}<extra></extra>",
        )
    fig.update_layout(
        height=hoehe, margin=dict(l=0, r=0, t=40, b=0), geo=KARTE_GEO,
        legend=dict(title=dict(text="Statusklasse"), y=1.0, yanchor="bottom", x=0, orientation="h",
                    bgcolor="rgba(255,255,255,0.8)"),
    )
    return fig
