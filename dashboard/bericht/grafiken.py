"""Figures of the report pack, drawn only from the report's own data (``inhalt.Berichtsinhalt``), so that a
frozen report draws frozen numbers. Pure functions: DataFrames in, ``go.Figure`` out (template ``VORLAGE``)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import SCHRIFT, VORLAGE, zuschussbedarf_je_handlungsfeld
from dashboard.figuren.handlungsfeld import kurz
from kennzahlen import formate as fmt

DRUCKSCHRIFT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
"""Fonts present on the server that renders the images (the screen template names system fonts)."""
BREITE = 760
"""Width of every report image in CSS pixels (A4 text width at about 96 dpi)."""
GRAD_GRENZE = 1.5
"""Grades above 150 % are drawn at the edge (the label still says the true value)."""


def druckfassung(fig: go.Figure) -> go.Figure:
    """The figure with print fonts and a white background (same template otherwise)."""
    fig.update_layout(font=dict(family=DRUCKSCHRIFT, size=13), hoverlabel=dict(font=dict(family=SCHRIFT)))
    return fig


def zielerreichung(kennzahlen: pd.DataFrame) -> go.Figure:
    """Horizontal bars: Zielerreichungsgrad of each Kennzahl of one goal, coloured and labelled with its status
    (symbol and word, never colour alone); a dashed line marks 100 % (Ziel erreicht).

    ``kennzahlen``: code, grad (ratio, None = keine Bewertung), status_symbol, status_text, status_farbe.
    """
    daten = kennzahlen.iloc[::-1]
    namen = list(daten["code"])
    grade = [None if pd.isna(g) else float(g) for g in daten["grad"]]
    x = [0 if g is None else min(g, GRAD_GRENZE) * 100 for g in grade]
    texte = [f"{s} {t}" + ("" if g is None else f" · {fmt.prozent(g, 0)}")
             for s, t, g in zip(daten["status_symbol"], daten["status_text"], grade, strict=True)]
    fig = go.Figure(layout=dict(template=VORLAGE))
    fig.add_bar(y=namen, x=x, orientation="h", marker_color=list(daten["status_farbe"]), text=texte,
                textposition="outside", cliponaxis=False, textfont=dict(size=12), showlegend=False)
    fig.add_vline(x=100, line=dict(color="#212529", dash="dash", width=1.5))
    fig.add_annotation(x=100, y=1, yref="paper", yanchor="bottom", xanchor="left", text=" Ziel 100\u00a0%",
                       showarrow=False, font=dict(size=11))
    fig.update_layout(
        width=BREITE, height=80 + 30 * max(1, len(daten)), bargap=0.3, margin=dict(l=10, r=10, t=22, b=10),
        xaxis=dict(title=dict(text="Zielerreichungsgrad in %"), range=[0, GRAD_GRENZE * 100 + 62],
                   tickvals=[0, 25, 50, 75, 100, 125, 150], ticksuffix="\u00a0%"),
        yaxis=dict(title=None, automargin=True),
    )
    return druckfassung(fig)


def geld_je_ziel(ziele: pd.DataFrame, jahr: int, ist_bezeichnung: str) -> go.Figure:
    """Ansatz, Ist to date and Prognose of the Zuschussbedarf attributed to each goal, in Mio. €.

    ``ziele``: code, name, ansatz, ist_bis, prognose (euro).
    """
    daten = ziele.assign(name=[f"{c} {kurz(n, 30)}" for c, n in zip(ziele["code"], ziele["name"], strict=True)])
    fig = zuschussbedarf_je_handlungsfeld(daten[["name", "ansatz", "ist_bis", "prognose"]].fillna(0.0),
                                         ist_bezeichnung, jahr)
    fig.update_layout(width=BREITE, height=110 + 48 * len(daten), bargap=0.2)
    fig.update_xaxes(tickformat=",.1~f")
    return druckfassung(fig)


def geld_je_handlungsfeld(hf: pd.DataFrame, jahr: int, ist_bezeichnung: str) -> go.Figure:
    """The city's Zuschussbedarf per Handlungsfeld (Ansatz, Ist to date, Prognose), in Mio. €."""
    daten = hf.assign(name=[f"{c} {kurz(n, 30)}" for c, n in zip(hf["code"], hf["name"], strict=True)])
    fig = zuschussbedarf_je_handlungsfeld(daten[["name", "ansatz", "ist_bis", "prognose"]].fillna(0.0),
                                         ist_bezeichnung, jahr)
    fig.update_layout(width=BREITE, height=110 + 48 * len(daten), bargap=0.2)
    return druckfassung(fig)


def ist_bezeichnung(stichtag) -> str:
    """Legend text of the Ist to date: 'Ist bis Q3 2026' (or 'Ist' without a Stichtag)."""
    return f"Ist bis {stichtag.kurz}" if stichtag is not None else "Ist"


def abbildungen(inhalt) -> dict[str, go.Figure]:
    """Every chart of the report by key: 'gesamt' (city: money per field), 'hf:<code>' (money per goal of a
    field), 'ziel:<code>' (grades of a goal's Kennzahlen; only goals with Kennzahlen)."""
    jahr, ist = inhalt.periode.jahr, ist_bezeichnung(inhalt.stichtag)
    figuren: dict[str, go.Figure] = {}
    if inhalt.handlungsfeld is None and len(inhalt.handlungsfelder) > 1:
        figuren["gesamt"] = geld_je_handlungsfeld(inhalt.handlungsfelder, jahr, ist)
    for hf in inhalt.handlungsfelder.itertuples(index=False):
        ziele = inhalt.ziele[inhalt.ziele["handlungsfeld_id"] == hf.id]
        if not ziele.empty:
            figuren[f"hf:{hf.code}"] = geld_je_ziel(ziele, jahr, ist)
    for ziel in inhalt.ziele.itertuples(index=False):
        kz = inhalt.kennzahlen[inhalt.kennzahlen["ziel_id"] == ziel.id]
        if not kz.empty:
            figuren[f"ziel:{ziel.code}"] = zielerreichung(kz)
    return figuren
