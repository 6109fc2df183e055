"""Figures of the Handlungsfeld view: the money of a field as a Sankey Produktbereich → Produkt → Ziel.

Pure functions: DataFrames and plain parameters in, ``go.Figure`` out (template ``VORLAGE``). Node labels
carry code, a shortened name and the amount in German format; hovers carry the full name.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import VORLAGE
from kennzahlen import formate as fmt

KNOTENFARBEN = {
    "produktbereich": "#1f4e79",
    "produkt": "#0072b2",
    "produktgruppe_rest": "#4a90c2",
    "ziel": "#cc79a7",  # Okabe–Ito reddish purple: green merged with grey for deuteranopia
    "andere_felder": "#6b6b6b",
    "kein_ziel": "#8a5a00",
}
"""Node colour per kind (each ≥ 3:1 against white); the label says what a node is, not the colour."""
LABEL_LAENGE = 44
ZEILENHOEHE = 62
PAD = 24
RAND = 10
SPALTE = {"produktbereich": 0, "produkt": 1, "produktgruppe_rest": 1, "ziel": 2, "andere_felder": 2, "kein_ziel": 2}
SPALTEN_X = (0.001, 0.3, 0.999)
"""Products at less than a third of the width: their labels (right of the node) and those of the goals
(left of the last column) then do not run into each other."""


def kurz(text: str, laenge: int = LABEL_LAENGE) -> str:
    """``text`` cut to ``laenge`` characters at a word boundary, with an ellipsis when shortened."""
    text = " ".join(str(text).split())
    if len(text) <= laenge:
        return text
    roh = text[: laenge - 1]
    wortgrenze = roh.rsplit(" ", 1)[0].rstrip(" ,;–-")
    # Long German compounds: cutting at the last blank may lose half the label, then cut inside the word.
    return (wortgrenze if len(wortgrenze) >= 0.75 * laenge else roh.rstrip(" ,;–-")) + "…"


def knotenname(art: str, code: str, name: str, anzahl: int = 1) -> str:
    """The full German name of a Sankey node (for hover and table)."""
    if art == "produktgruppe_rest":
        return f"{code} {name}: {anzahl} kleinere Produkte zusammengefasst".strip()
    if art in ("andere_felder", "kein_ziel"):
        return name
    return f"{code} {name}".strip()


def _label(art: str, code: str, name: str, anzahl: int, betrag: float) -> str:
    if art == "produktgruppe_rest":
        text = f"{code} übrige ({anzahl} Produkte)"
    elif art in ("andere_felder", "kein_ziel"):
        text = name
    else:
        text = f"{code} {kurz(name)}".strip()
    return f"{text} · {fmt.euro_kompakt(betrag)}"


def anordnen(knoten: pd.DataFrame, kanten: pd.DataFrame) -> pd.DataFrame:
    """Nodes in drawing order: column by column; goals by code with "other fields" and "no goal" last,
    products next to the goal they give most to (fewer crossings), Produktbereiche by size."""
    spalte = knoten["art"].map(SPALTE)
    art_rang = knoten["art"].map({"ziel": 0, "andere_felder": 1, "kein_ziel": 2}).fillna(0)
    zielrang = {s: (r, c) for s, r, c, sp in zip(knoten["schluessel"], art_rang, knoten["code"], spalte, strict=True)
                if sp == 2}
    haupt = (kanten.assign(wert=[float(b) for b in kanten["betrag"]])
             .sort_values("wert", ascending=False).drop_duplicates("quelle").set_index("quelle")["ziel"])
    schluessel = []
    for s, sp, b in zip(knoten["schluessel"], spalte, knoten["betrag"], strict=True):
        if sp == 2:
            schluessel.append((2, *zielrang[s], 0.0))
        elif sp == 1:
            schluessel.append((1, *zielrang.get(haupt.get(s, ""), (9, "")), -float(b)))
        else:
            schluessel.append((0, 0, "", -float(b)))
    reihenfolge = sorted(range(len(knoten)), key=lambda i: schluessel[i])
    return knoten.iloc[reihenfolge].reset_index(drop=True)


def positionen(knoten: pd.DataFrame, hoehe: float, pad: float) -> tuple[list[float], list[float]]:
    """Node centres (x, y as fractions of the plot area) for nodes in the order of ``anordnen``.

    Heights follow Plotly's (d3-sankey's) rule: one scale for all columns, chosen so that the fullest
    column fills ``hoehe`` pixels minus gaps of ``pad`` pixels.
    """
    werte = [float(b) for b in knoten["betrag"]]
    spalte = [SPALTE[a] for a in knoten["art"]]
    spalten = {c: [i for i, s in enumerate(spalte) if s == c] for c in sorted(set(spalte))}
    massstab = min(
        (hoehe - (len(ids) - 1) * pad) / summe
        for ids in spalten.values() if (summe := sum(werte[i] for i in ids)) > 0
    )
    x, y = [0.0] * len(werte), [0.0] * len(werte)
    for c, ids in spalten.items():
        oben = 0.0
        for i in ids:
            h = werte[i] * massstab
            x[i], y[i] = SPALTEN_X[c], min(0.999, max(0.001, (oben + h / 2) / hoehe))
            oben += h + pad
    return x, y


def _rgba(farbe: str, alpha: float) -> str:
    r, g, b = (int(farbe[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def geldfluss_sankey(knoten: pd.DataFrame, kanten: pd.DataFrame, betragsbezeichnung: str) -> go.Figure:
    """Sankey of the money of a Handlungsfeld.

    ``knoten``: schluessel, art, code, name, betrag, anzahl_produkte (``kennzahlen.geldfluss.Geldfluss``);
    ``kanten``: quelle, ziel, betrag, anteil. Amounts in euro (Decimal or float).
    ``betragsbezeichnung``: e.g. "Ansatz 2026", used in hovers.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    if knoten.empty:
        fig.update_layout(height=120, xaxis=dict(visible=False), yaxis=dict(visible=False),
                          annotations=[dict(text="Keine Beträge vorhanden", showarrow=False, x=0.5, y=0.5,
                                            xref="paper", yref="paper")])
        return fig
    knoten = anordnen(knoten, kanten)
    index = {s: i for i, s in enumerate(knoten["schluessel"])}
    betraege = [float(b) for b in knoten["betrag"]]
    labels = [
        _label(k.art, k.code, k.name, int(k.anzahl_produkte), b)
        for k, b in zip(knoten.itertuples(index=False), betraege, strict=True)
    ]
    volle_namen = [knotenname(k.art, k.code, k.name, int(k.anzahl_produkte)) for k in knoten.itertuples(index=False)]
    knoten_hover = [f"{n}<br>{betragsbezeichnung}: {fmt.euro(b)}" for n, b in zip(volle_namen, betraege, strict=True)]
    farben = [KNOTENFARBEN.get(a, "#6b6b6b") for a in knoten["art"]]

    quellen = [index[q] for q in kanten["quelle"]]
    ziele = [index[z] for z in kanten["ziel"]]
    werte = [float(b) for b in kanten["betrag"]]
    kanten_hover = []
    for q, z, w, a in zip(quellen, ziele, werte, kanten["anteil"], strict=True):
        anteil = "" if a is None or (isinstance(a, float) and math.isnan(a)) else f" (Anteil {fmt.prozent(a, 0)})"
        kanten_hover.append(f"{volle_namen[q]} → {volle_namen[z]}<br>{fmt.euro(w)}{anteil}")
    kantenfarben = [_rgba(farben[z], 0.22) for z in ziele]

    spalten = [SPALTE[a] for a in knoten["art"]]
    hoechste_spalte = max(spalten.count(c) for c in set(spalten))
    hoehe = max(420, 80 + ZEILENHOEHE * hoechste_spalte)
    x, y = positionen(knoten, hoehe - 2 * RAND, PAD)
    fig.add_trace(go.Sankey(
        arrangement="snap",
        valueformat=",.0f",
        valuesuffix="\u00a0€",
        node=dict(
            label=labels, color=farben, pad=PAD, thickness=16, x=x, y=y, sort="input",
            line=dict(color="white", width=0.5),
            customdata=knoten_hover, hovertemplate="%{customdata}<extra></extra>",
        ),
        link=dict(
            source=quellen, target=ziele, value=werte, color=kantenfarben,
            customdata=kanten_hover, hovertemplate="%{customdata}<extra></extra>",
        ),
        textfont=dict(size=13, color="#212529"),
    ))
    fig.update_layout(height=hoehe, margin=dict(l=10, r=10, t=RAND, b=RAND))
    return fig
