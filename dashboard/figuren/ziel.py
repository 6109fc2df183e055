"""Figures of the Ziel view: Kennzahlen over time against their targets, and the goal's money per year.

Pure functions: DataFrames and plain parameters in, ``go.Figure`` out (template ``VORLAGE``). Axes carry
titles with units; numbers use the German separators of the template.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import FARBEN, VORLAGE
from dashboard.figuren.handlungsfeld import kurz
from kennzahlen import formate as fmt
from kennzahlen.perioden import Periode

ZIELFARBE = "#1f4e79"
BANDFARBE = "rgba(31, 78, 121, 0.12)"
PRODUKTFARBEN = ("#0072b2", "#007a5a", "#1f4e79", "#d55e00", "#a1487c", "#8a5a00", "#5b3f8c", "#4a4a4a")
"""Okabe–Ito based, each ≥ 3:1 against white; products also differ by bar pattern (not colour alone). Ordered so
that neighbouring bars stay apart also for protanopia and deuteranopia (dashboard/figuren/farben.py)."""
MUSTER = ("", "/", "x", "\\", ".", "-", "|", "+")
HOEHE_JE_KENNZAHL = 200
HOEHE_JE_KENNZAHL_VIELE = 160
"""Height of one small chart; from six Kennzahlen on (strategic goals) the charts get flatter."""


def _einheit(einheit: str) -> str:
    return f"\u00a0{einheit}" if einheit else ""


def kennzahlverlauf(
    verlauf: pd.DataFrame, zielwerte: pd.DataFrame, steckbrief: pd.DataFrame, periodenart: str
) -> go.Figure:
    """One small chart per Kennzahl, stacked with a shared time axis: Ist per period (line) against the
    yearly Zielwert (dashed steps) and the Zielkorridor (band).

    ``verlauf``: kennzahl_id, jahr, periode, wert. ``zielwerte``: kennzahl_id, jahr, zielwert.
    ``steckbrief``: id, code, name, einheit, nachkommastellen, richtung, korridor_unten, korridor_oben
    (one row per Kennzahl, in display order).
    """
    n = max(1, len(steckbrief))
    # Subplots laid out by hand (plain dicts, one validation pass): make_subplots is slow for many rows.
    abstand = min(0.12, 0.35 / n)
    zeile_h = (1 - (n - 1) * abstand) / n
    daten: list[dict] = []
    achsen: dict[str, dict] = {}
    titel: list[dict] = []
    gezeigt: set[str] = set()  # legend entries already shown (each once, in the first chart that has it)

    def erstmals(gruppe: str) -> bool:
        neu = gruppe not in gezeigt
        gezeigt.add(gruppe)
        return neu

    for i, k in enumerate(steckbrief.itertuples(index=False), start=1):
        nr = "" if i == 1 else str(i)
        xa, ya = f"x{nr}", f"y{nr}"
        oben_rand = 1 - (i - 1) * (zeile_h + abstand)
        stellen = int(k.nachkommastellen)
        reihe = verlauf[verlauf["kennzahl_id"] == k.id].sort_values(["jahr", "periode"])
        perioden = [Periode(int(j), periodenart, int(p)) for j, p in zip(reihe["jahr"], reihe["periode"], strict=True)]
        x = [p.ende.isoformat() for p in perioden]
        texte = [f"{p.kurz}: {fmt.wert_mit_einheit(w, k.einheit, stellen)}"
                 for p, w in zip(perioden, reihe["wert"], strict=True)]
        unten, oben = k.korridor_unten, k.korridor_oben
        if k.richtung == "zielkorridor" and not (pd.isna(unten) or pd.isna(oben)) and x:
            daten.append(dict(type="scatter", x=[x[0], x[-1]], y=[oben, oben], mode="lines", line=dict(width=0),
                              hoverinfo="skip", showlegend=False, legendgroup="korridor", xaxis=xa, yaxis=ya))
            daten.append(dict(type="scatter", x=[x[0], x[-1]], y=[unten, unten], mode="lines", line=dict(width=0),
                              fill="tonexty", fillcolor=BANDFARBE, name="Zielkorridor", legendgroup="korridor",
                              showlegend=erstmals("korridor"), hoverinfo="skip", xaxis=xa, yaxis=ya))
        ziel = zielwerte[zielwerte["kennzahl_id"] == k.id].sort_values("jahr")
        if not ziel.empty and x:
            zx, zy, zt = [], [], []
            for z in ziel.itertuples(index=False):
                zx += [f"{int(z.jahr)}-01-01", f"{int(z.jahr)}-12-31"]
                zy += [z.zielwert, z.zielwert]
                text = f"Zielwert {int(z.jahr)}: {fmt.wert_mit_einheit(z.zielwert, k.einheit, stellen)}"
                zt += [text, text]
            daten.append(dict(type="scatter", x=zx, y=zy, mode="lines", name="Zielwert",
                              line=dict(color=ZIELFARBE, dash="dash", width=2), legendgroup="ziel",
                              showlegend=erstmals("ziel"), customdata=zt, hovertemplate="%{customdata}<extra></extra>",
                              xaxis=xa, yaxis=ya))
        daten.append(dict(type="scatter", x=x, y=list(reihe["wert"]), mode="lines+markers", name="Ist",
                          legendgroup="ist", showlegend=erstmals("ist"), line=dict(color=FARBEN["ist"], width=2.5),
                          marker=dict(size=6), customdata=texte, hovertemplate="Ist %{customdata}<extra></extra>",
                          xaxis=xa, yaxis=ya))
        letzte = i == n
        achsen[f"xaxis{nr}"] = dict(anchor=ya, matches=None if i == 1 else "x", showticklabels=letzte,
                                    tickformat="%Y", dtick="M12", ticklabelmode="period",
                                    title=dict(text="Stichtag der Periode (Ist) bzw. Jahr (Zielwert)") if letzte
                                    else None)
        achsen[f"yaxis{nr}"] = dict(anchor=xa, domain=[max(0.0, oben_rand - zeile_h), oben_rand],
                                    title=dict(text=_achsentitel(k.einheit)), tickformat=f",.{stellen}~f")
        titel.append(dict(text=f"{k.code} {kurz(k.name, 70)} ({k.einheit})", x=0, xref="paper", xanchor="left",
                          y=oben_rand, yref="paper", yanchor="bottom", showarrow=False, font=dict(size=14)))
    hoehe = HOEHE_JE_KENNZAHL if n < 6 else HOEHE_JE_KENNZAHL_VIELE
    return go.Figure(data=daten, layout=dict(
        template=VORLAGE, height=110 + hoehe * n, margin=dict(l=10, r=10, t=90, b=10), hovermode="closest",
        legend=dict(yref="container", y=0.995, yanchor="top", x=0, xanchor="left"), annotations=titel, **achsen,
    ))


def _achsentitel(einheit: str) -> str:
    if einheit in ("%", "€"):
        return f"in {einheit}"
    return einheit or "Wert"


def zuschussverlauf(produktverlauf: pd.DataFrame) -> go.Figure:
    """Stacked bars per year: the Zuschussbedarf each product contributes to the goal (× share), in Mio. €.

    ``produktverlauf``: code, name, jahr, bezeichnung (x label, e.g. "Ergebnis 2025", "Ansatz 2026"),
    zugerechnet (euro), anteil.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    daten = produktverlauf.sort_values(["jahr", "code"])
    reihenfolge = list(dict.fromkeys(daten["bezeichnung"]))
    for i, (code, teil) in enumerate(daten.groupby("code", sort=True)):
        name = teil["name"].iloc[0]
        farbe = PRODUKTFARBEN[i % len(PRODUKTFARBEN)]
        anteil = teil["anteil"].iloc[0]
        hover = [
            f"{code} {name}<br>{b}: {fmt.euro(z)} dem Ziel zugerechnet (Anteil {fmt.prozent(anteil, 0)})"
            for b, z in zip(teil["bezeichnung"], teil["zugerechnet"], strict=True)
        ]
        fig.add_bar(
            x=teil["bezeichnung"], y=teil["zugerechnet"] / 1e6, name=f"{code} {kurz(name, 34)}",
            marker=dict(color=farbe, pattern=dict(shape=MUSTER[i % len(MUSTER)], fillmode="overlay", fgcolor="white",
                                                  size=8, solidity=0.3)),
            customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        )
    summen = daten.groupby("bezeichnung", sort=False)["zugerechnet"].sum(min_count=1).reindex(reihenfolge)
    fig.add_trace(go.Scatter(
        x=reihenfolge, y=summen / 1e6, mode="text", text=[fmt.euro_kompakt(s) for s in summen],
        textposition="top center", showlegend=False, hoverinfo="skip", textfont=dict(size=13),
    ))
    hoechster = float(summen.max()) / 1e6 if len(summen) and not math.isnan(float(summen.max())) else 1.0
    fig.update_layout(
        barmode="stack", height=380, bargap=0.35,
        xaxis=dict(title=dict(text="Jahr und Betragsart"), categoryorder="array", categoryarray=reihenfolge),
        yaxis=dict(title=dict(text="Zuschussbedarf in Mio. €"), tickformat=",.1~f", range=[0, hoechster * 1.15]),
        legend=dict(title=dict(text="Produkt: ")),
    )
    return fig
