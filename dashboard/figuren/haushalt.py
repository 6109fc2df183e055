"""Figures of the Haushalt view: the product hierarchy as a treemap, sized by money, coloured by goal status.

Pure functions: DataFrames and plain parameters in, ``go.Figure`` out (template ``VORLAGE``). The status is
never shown by colour alone: every tile names its status in words, and the hover repeats it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import VORLAGE
from kennzahlen import formate as fmt

WURZELFARBE = "#f1f3f5"
OHNE_ZIEL_FARBE = "#d9d9d9"
"""Light grey: products that serve no goal (with dark text and the words "ohne Ziel")."""
DUNKLER_TEXT = "#212529"
HELLER_TEXT = "#ffffff"


def kachelfarben(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(tile colour, text colour) per row of ``haushalt.hierarchie_mit_betraegen``: the status colour with
    white text, light grey with dark text for "ohne Ziel", a pale root."""
    farben, schrift = [], []
    for z in df.itertuples(index=False):
        if z.ebene == "gesamt":
            farben.append(WURZELFARBE)
            schrift.append(DUNKLER_TEXT)
        elif z.status_code == "ohne_ziel":
            farben.append(OHNE_ZIEL_FARBE)
            schrift.append(DUNKLER_TEXT)
        else:
            farben.append(z.status_farbe)  # AA text colours: white on them has ≥ 4.5:1 as well
            schrift.append(HELLER_TEXT)
    return farben, schrift


def statuswort(zeile) -> str:
    """'▼ nicht erreicht', 'ohne Ziel' (the symbol and the word of a node's goal status)."""
    if zeile.status_code == "ohne_ziel":
        return zeile.zielstatus
    return f"{zeile.status_symbol} {zeile.zielstatus}"


def tiefen(df: pd.DataFrame) -> dict[str, int]:
    """Depth of every node id of ``hierarchie_mit_betraegen`` (root 0, Produktbereich 1, …)."""
    eltern = dict(zip(df["id"], df["parent"], strict=True))
    tiefe: dict[str, int] = {}
    for knoten in eltern:
        kette, aktuell = [], knoten
        while aktuell in eltern and aktuell not in tiefe and aktuell not in kette:
            kette.append(aktuell)
            aktuell = eltern[aktuell]
        basis = tiefe.get(aktuell, -1)
        for i, k in enumerate(reversed(kette)):
            tiefe[k] = basis + 1 + i
    return tiefe


def sichtbare_knoten(df: pd.DataFrame, ebene: str | None, grundtiefe: int = 2, maxdepth: int = 3) -> pd.DataFrame:
    """The rows a view needs: every node down to ``grundtiefe`` (Produktgruppen) and, below the node ``ebene``
    the view starts from, its subtree as deep as the treemap shows it (keeps a Großstadt's figure small)."""
    tiefe = tiefen(df)
    behalten = {k for k, t in tiefe.items() if t <= grundtiefe}
    if ebene and ebene in tiefe:
        kinder: dict[str, list[str]] = {}
        for k, p in zip(df["id"], df["parent"], strict=True):
            kinder.setdefault(p, []).append(k)
        grenze = tiefe[ebene] + maxdepth - 1
        offen = [ebene]
        while offen:
            k = offen.pop()
            if k in behalten and tiefe[k] > grundtiefe:
                continue
            behalten.add(k)
            offen.extend(c for c in kinder.get(k, []) if tiefe.get(c, grenze + 1) <= grenze)
    return df[df["id"].isin(behalten)]


def haushalt_treemap(df: pd.DataFrame, betragstitel: str, ebene: str | None = None, maxdepth: int = 3) -> go.Figure:
    """A treemap of the product hierarchy: area = ``flaeche``, colour and words = goal status.

    ``df``: ``kennzahlen.haushalt.hierarchie_mit_betraegen`` (id, parent, code, name, ebene, betrag, flaeche,
    zielstatus, status_code, status_symbol, status_farbe). Only nodes with an area are drawn (surpluses and
    missing amounts cannot be), and only those ``sichtbare_knoten`` keeps. ``betragstitel`` names the amount
    in the hover ("Zuschussbedarf Ansatz 2026"); ``ebene`` is the id of the node the view starts from (None:
    the whole budget). customdata per tile: formatted amount, status in words, parent id, code and name.
    """
    daten = sichtbare_knoten(df, ebene, maxdepth=maxdepth)
    daten = daten[(daten["flaeche"] > 0) | (daten["ebene"] == "gesamt")].copy()
    daten["flaeche"] = daten["flaeche"].round(0)
    namen = [z.name if z.ebene == "gesamt" else f"{z.code} {z.name}" for z in daten.itertuples(index=False)]
    status = [statuswort(z) for z in daten.itertuples(index=False)]
    # The status word is part of the label: Plotly draws only the label in the header strip of a parent.
    beschriftung = [f"{n} · {s}" for n, s in zip(namen, status, strict=True)]
    farben, schrift = kachelfarben(daten)
    eltern = set(daten["parent"])
    vorlagen = ["<b>%{label}</b> · %{customdata[0]}" if i in eltern
                else "<b>%{customdata[3]}</b><br>%{customdata[0]}<br>%{customdata[1]}" for i in daten["id"]]
    fig = go.Figure(layout=dict(template=VORLAGE))
    fig.add_trace(go.Treemap(
        ids=list(daten["id"]), parents=list(daten["parent"]), labels=beschriftung, values=daten["flaeche"].tolist(),
        branchvalues="total", maxdepth=maxdepth, sort=True,
        level=ebene if ebene and ebene in set(daten["id"]) else None,
        customdata=list(zip([fmt.euro(b) for b in daten["betrag"]], status, daten["parent"], namen, strict=True)),
        marker=dict(colors=farben, line=dict(color="white", width=1.5)),
        textfont=dict(color=schrift),
        texttemplate=vorlagen,
        hovertemplate=("<b>%{customdata[3]}</b><br>" + betragstitel + ": %{customdata[0]}<br>"
                       "Anteil: %{percentRoot:.1%} des Ganzen<br>Zielstatus: %{customdata[1]}<extra></extra>"),
        pathbar=dict(visible=False),  # its text takes the tile colours (unreadable); the page has breadcrumbs
        tiling=dict(pad=2),
    ))
    fig.update_layout(height=620, margin=dict(l=4, r=4, t=36, b=4))
    return fig
