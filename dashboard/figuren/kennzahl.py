"""Figures of the Kennzahl view: time series with status markers, district map and district bars.

Pure functions: DataFrames and plain parameters in, ``go.Figure`` out (template ``VORLAGE``). Status is
never shown by colour alone: each status level has its own marker shape and a legend entry with its word.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from dashboard.figuren import FARBEN, VORLAGE
from kennzahlen.formate import wert_mit_einheit, zahl
from kennzahlen.kleine_zahlen import UNTERDRUECKT_LANG

MARKER_JE_SYMBOL = {
    "★": "star",
    "▲": "triangle-up",
    "◆": "diamond",
    "▽": "triangle-down-open",
    "▼": "triangle-down",
    "○": "circle-open",
}
"""Plotly marker shape for each status symbol of ``kennzahlen.status`` (same shape as the text symbol)."""
ZIELFARBE = "#1f4e79"
BANDFARBE = "rgba(31, 78, 121, 0.12)"
GRAU = "#595959"
GESCHUETZT = "#a6a6a6"
"""Map colour of districts whose value is suppressed (named in the legend and the hover text, too)."""
VERGLEICHSFARBE = "#7a4f9a"
RAUMFARBE = FARBEN["prognose"]
KARTENSKALA = [[0.0, "#e3eef8"], [0.5, "#6baed6"], [1.0, "#08306b"]]


def achsentitel(einheit: str) -> str:
    """Axis title for a Kennzahl's unit: 'Wert in %', 'Wert in €', else the unit itself ('je 1.000 EW unter 21')."""
    if einheit in ("%", "€"):
        return f"Wert in {einheit}"
    return einheit or "Wert"


def zahlformat(stellen: int) -> str:
    """d3 format with thousands separator and ``stellen`` decimals (German via the template's separators)."""
    return f",.{max(0, int(stellen))}f"


def _einheit_text(einheit: str) -> str:
    return f"\u00a0{einheit}" if einheit else ""


def _datum(tag: dt.date) -> str:
    """x value of a period: its last day (the Stichtag)."""
    return tag.isoformat()


def achsenformat(stellen: int) -> str:
    """d3 tick format: thousands separator, no trailing zeros ('20' not '20,0'), at least two decimals allowed:
    ticks at 0,5 steps of a whole-number Kennzahl must not all round to '0 1 1 2 2'."""
    return f",.{max(2, int(stellen))}~f"


def zeitreihe(
    reihe: pd.DataFrame,
    *,
    einheit: str,
    stellen: int = 1,
    kontext: bool = False,
    korridor: tuple[float, float] | None = None,
    gewaehlt: str | None = None,
    raumreihe: pd.DataFrame | None = None,
    raumname: str | None = None,
) -> go.Figure:
    """Ist over all periods against Zielwert (step line), Zielkorridor (band), Ausgangswert and Vergleichswert.

    ``reihe``: ``zeitreihe.reihe_bewerten`` (columns ende, kurz, lang, ist, ist_status, zielwert,
    ausgangswert, vergleichswert, status_symbol, status_text, status_farbe). ``gewaehlt``: the ``kurz``
    label of the selected period (marked by a vertical line). ``raumreihe``: the Ist series of one
    Sozialraum (columns ende, lang, ist), drawn as a second line named ``raumname``.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    fmt = zahlformat(stellen)
    e = _einheit_text(einheit)
    if reihe.empty:
        fig.add_annotation(text="Keine Werte vorhanden", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
        fig.update_layout(height=220, xaxis=dict(visible=False), yaxis=dict(visible=False))
        return fig
    jaehrlich = bool((reihe["periodenart"] == "jahr").all()) if "periodenart" in reihe else False
    # A year's value sits in the middle of its year, under its own label (not at 31.12., next to the next tick).
    x = [f"{int(j)}-07-01" for j in reihe["jahr"]] if jaehrlich else [_datum(t) for t in reihe["ende"]]
    if korridor is not None and all(pd.notna(v) for v in korridor):
        unten, oben = sorted(korridor)
        fig.add_scatter(x=[x[0], x[-1]], y=[unten, unten], mode="lines", line=dict(width=0), hoverinfo="skip",
                        showlegend=False)
        fig.add_scatter(
            x=[x[0], x[-1]], y=[oben, oben], mode="lines", line=dict(width=0), fill="tonexty", fillcolor=BANDFARBE,
            name=f"Zielkorridor {zahl(unten, stellen)}–{zahl(oben, stellen)}{e}", hoverinfo="skip",
        )
    if reihe["zielwert"].notna().any():
        fig.add_scatter(
            x=x, y=reihe["zielwert"], mode="lines", line=dict(color=ZIELFARBE, width=2, dash="dash", shape="vh"),
            name="Zielwert", customdata=reihe[["lang"]],
            hovertemplate="%{customdata[0]}<br>Zielwert: %{y:" + fmt + "}" + e + "<extra></extra>",
        )
    basis = reihe["ausgangswert"].dropna()
    if len(basis):
        fig.add_scatter(
            x=[x[0], x[-1]], y=[basis.iloc[0]] * 2, mode="lines", line=dict(color=GRAU, width=1.5, dash="dot"),
            name=f"Ausgangswert ({zahl(basis.iloc[0], stellen)}{e})",
            hovertemplate="Ausgangswert: %{y:" + fmt + "}" + e + "<extra></extra>",
        )
    if reihe["vergleichswert"].notna().any():
        fig.add_scatter(
            x=x, y=reihe["vergleichswert"], mode="lines", line=dict(color=VERGLEICHSFARBE, width=1.5, dash="dashdot",
                                                                    shape="vh"),
            name="Vergleichswert", customdata=reihe[["lang"]], connectgaps=False,
            hovertemplate="%{customdata[0]}<br>Vergleichswert: %{y:" + fmt + "}" + e + "<extra></extra>",
        )
    ist_text = [wert_mit_einheit(w, einheit, stellen) + (" (vorläufig)" if s == "vorlaeufig" else "")
                for w, s in zip(reihe["ist"], reihe["ist_status"], strict=True)]
    ziel_text = [wert_mit_einheit(w, einheit, stellen) for w in reihe["zielwert"]]
    daten = reihe.assign(_x=x, _ist=ist_text, _ziel=ziel_text)
    ist_name = "Ist Gesamtstadt" if raumreihe is not None else "Ist"
    fig.add_scatter(x=x, y=reihe["ist"], mode="lines", line=dict(color=FARBEN["ist"], width=2.5), name=ist_name,
                    hoverinfo="skip", connectgaps=False)
    if kontext:
        fig.add_scatter(
            x=x, y=reihe["ist"], mode="markers", marker=dict(color=FARBEN["ist"], size=6), showlegend=False,
            customdata=daten[["lang", "_ist"]],
            hovertemplate="%{customdata[0]}<br>Ist: %{customdata[1]}<br>Kontextkennzahl, nicht bewertet"
                          "<extra></extra>",
        )
    else:
        for (symbol, text, farbe), teil in daten[daten["ist"].notna()].groupby(
            ["status_symbol", "status_text", "status_farbe"], sort=False
        ):
            fig.add_scatter(
                x=teil["_x"], y=teil["ist"], mode="markers", name=text,
                marker=dict(symbol=MARKER_JE_SYMBOL.get(symbol, "circle"), color=farbe, size=11,
                            line=dict(color=farbe, width=1.5)),
                customdata=teil[["lang", "_ist", "_ziel"]],
                hovertemplate="%{customdata[0]}<br>Ist: %{customdata[1]}<br>Zielwert: %{customdata[2]}<br>"
                              f"Status: {symbol} {text}<extra></extra>",
            )
    if raumreihe is not None and len(raumreihe):
        xr = [f"{int(j)}-07-01" for j in raumreihe["jahr"]] if jaehrlich else [_datum(t) for t in raumreihe["ende"]]
        fig.add_scatter(
            x=xr, y=raumreihe["ist"], mode="lines+markers", line=dict(color=RAUMFARBE, width=2.5),
            marker=dict(symbol="square", size=6, color=RAUMFARBE), name=raumname or "Sozialraum",
            customdata=raumreihe[["lang"]],
            hovertemplate="%{customdata[0]}<br>" + (raumname or "Sozialraum") + ": %{y:" + fmt + "}" + e
                          + "<extra></extra>",
        )
    if "nicht_geliefert" in reihe:
        for i in reihe.index[reihe["nicht_geliefert"].astype(bool)]:
            fig.add_annotation(x=x[int(i)], xref="x", yref="paper", y=0.02, yanchor="bottom", showarrow=False,
                               text="Ist fehlt", font=dict(size=12, color="#b42318"), xanchor="right")
    treffer = reihe.index[reihe["kurz"] == gewaehlt] if gewaehlt else []
    if len(treffer):
        xg = x[int(treffer[0])]
        fig.add_shape(type="line", x0=xg, x1=xg, xref="x", yref="paper", y0=0, y1=1,
                      line=dict(color="#333", width=1, dash="dot"))
        fig.add_annotation(x=xg, xref="x", yref="paper", y=1.0, yanchor="bottom", text=f"gewählt: {gewaehlt}",
                           showarrow=False, font=dict(size=12, color="#333"), xanchor="right")
    fig.update_layout(
        height=430,
        margin=dict(t=70),
        xaxis=dict(title=dict(text="Jahr" if jaehrlich else "Berichtsperiode (Stichtag)"), type="date",
                   tickformat="%Y", dtick="M12", hoverformat="%Y" if jaehrlich else "%d.%m.%Y",
                   **({"ticklabelmode": "period"} if jaehrlich else {})),
        yaxis=dict(title=dict(text=achsentitel(einheit)), tickformat=achsenformat(stellen)),
        hovermode="closest",
        legend=dict(y=1.08, traceorder="normal"),
    )
    return fig


# ---------------------------------------------------------------------------------------------------
# Values per Sozialraum
# ---------------------------------------------------------------------------------------------------


def _ringe(geometrie: dict) -> list[list[list[float]]]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon."""
    if geometrie.get("type") == "Polygon":
        return [geometrie["coordinates"][0]]
    if geometrie.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometrie["coordinates"]]
    return []


def _umlauf(ring: list[list[float]], im_uhrzeigersinn: bool) -> list[list[float]]:
    """The ring in the given direction (lon to the right, lat up; shoelace sign)."""
    flaeche = sum(x1 * y2 - x2 * y1 for (x1, y1, *_a), (x2, y2, *_b) in pairwise(ring))
    return ring[::-1] if (flaeche < 0) != im_uhrzeigersinn else ring


def svg_umlauf(geometrie: dict) -> dict:
    """A GeoJSON Polygon or MultiPolygon with outer rings clockwise and holes counter-clockwise, as Plotly's SVG
    maps (d3-geo) need them – the reverse of GeoJSON's rule (RFC 7946): an outer ring the other way round is
    read as "everything but this district" and fills the whole map. Other geometries are returned unchanged."""
    def polygon(ringe: list) -> list:
        return [_umlauf(r, i == 0) for i, r in enumerate(ringe)]

    if geometrie.get("type") == "Polygon":
        return {**geometrie, "coordinates": polygon(geometrie["coordinates"])}
    if geometrie.get("type") == "MultiPolygon":
        return {**geometrie, "coordinates": [polygon(p) for p in geometrie["coordinates"]]}
    return geometrie


def flaechen(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """(the rows with a geometry, their parsed geometry in ``_geo``; one GeoJSON FeatureCollection whose feature
    ids are the districts' codes, rings turned for the SVG map) for a choropleth of districts; rows without
    geometry are left out."""
    mit_form = df[df["geometrie"].notna()].copy()
    mit_form["_geo"] = [json.loads(g) for g in mit_form["geometrie"]]
    geojson = {"type": "FeatureCollection",
               "features": [{"type": "Feature", "id": c, "geometry": svg_umlauf(g), "properties": {}}
                            for c, g in zip(mit_form["code"], mit_form["_geo"], strict=True)]}
    return mit_form, geojson


KARTE_GEO = dict(visible=False, fitbounds="locations", projection_type="mercator")
"""The map of the districts: an SVG map (Plotly geo) of their own shapes, fitted to them, on an empty background
– no tiles, no world map (``assets/karten_offline.js``), no WebGL. The tile-free MapLibre map it replaces cost
~370 ms more per page in Chromium without a graphics card (software WebGL, as on the thin clients and virtual
desktops of many administrations)."""


def sozialraumkarte(
    df: pd.DataFrame, *, einheit: str, stellen: int = 1, gewaehlt: str | None = None, hoehe: int = 460
) -> go.Figure:
    """Choropleth of the districts' values on a blank background (SVG, ``KARTE_GEO``; works offline).

    ``df``: ``zeitreihe.werte_je_sozialraum`` (code, name, bezirk_name, geometrie as GeoJSON text, wert,
    optional unterdrueckt, optional hover_zusatz: text appended to the hover, e.g. change and gap to the city,
    starting with "<br>"). Every district names itself in the hover (code and name); ``customdata[0]`` of a
    clicked point is its code. No text labels on the map (a big city's ~90 names would cover it); the table view
    names the districts instead.
    Districts without a value are light grey, suppressed ones (small numbers)
    darker grey with the legend entry and hover text "geschützt (kleine Fallzahl)"; the selected one (code
    ``gewaehlt``) gets a thick outline and a legend entry with its name.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    mit_form, geojson = flaechen(df)
    fmt = zahlformat(stellen)
    e = _einheit_text(einheit)
    mit_wert = mit_form[mit_form["wert"].notna()]
    geschuetzt = (mit_form["unterdrueckt"].astype(bool) if "unterdrueckt" in mit_form
                  else pd.Series(False, index=mit_form.index))
    ohne_wert = mit_form[mit_form["wert"].isna() & ~geschuetzt]
    unterdrueckt = mit_form[mit_form["wert"].isna() & geschuetzt]
    if len(unterdrueckt):
        fig.add_choropleth(
            geojson=geojson, locations=unterdrueckt["code"], z=[0] * len(unterdrueckt), featureidkey="id",
            colorscale=[[0, GESCHUETZT], [1, GESCHUETZT]], showscale=False, name=UNTERDRUECKT_LANG,
            showlegend=True, marker=dict(line=dict(color="white", width=1)),
            customdata=unterdrueckt[["code", "name"]],
            hovertemplate="<b>%{customdata[0]} %{customdata[1]}</b><br>" + UNTERDRUECKT_LANG + "<extra></extra>",
        )
    if len(ohne_wert):
        fig.add_choropleth(
            geojson=geojson, locations=ohne_wert["code"], z=[0] * len(ohne_wert), featureidkey="id",
            colorscale=[[0, "#d9d9d9"], [1, "#d9d9d9"]], showscale=False, name="kein Wert", showlegend=True,
            marker=dict(line=dict(color="white", width=1)), customdata=ohne_wert[["code", "name"]],
            hovertemplate="<b>%{customdata[0]} %{customdata[1]}</b><br>kein Wert<extra></extra>",
        )
    if len(mit_wert):
        zusatz = mit_wert["hover_zusatz"] if "hover_zusatz" in mit_wert else pd.Series("", index=mit_wert.index)
        fig.add_choropleth(
            geojson=geojson, locations=mit_wert["code"], z=mit_wert["wert"], featureidkey="id",
            colorscale=KARTENSKALA, marker=dict(line=dict(color="white", width=1), opacity=0.9),
            colorbar=dict(title=dict(text=achsentitel(einheit)), tickformat=achsenformat(stellen),
                          thickness=14, len=0.8),
            customdata=mit_wert[["code", "name", "bezirk_name"]].assign(_zusatz=zusatz.fillna("")), name="",
            hovertemplate="<b>%{customdata[0]} %{customdata[1]}</b><br>%{customdata[2]}<br>Stand: %{z:" + fmt + "}"
                          + e + "%{customdata[3]}<br>Klick öffnet das Profil<extra></extra>",
        )
    auswahl = mit_form[mit_form["code"] == gewaehlt]
    if len(auswahl):
        zeile = auswahl.iloc[0]
        lon: list[float | None] = []
        lat: list[float | None] = []
        for ring in _ringe(zeile["_geo"]):
            lon += [p[0] for p in ring] + [None]
            lat += [p[1] for p in ring] + [None]
        fig.add_scattergeo(lon=lon, lat=lat, mode="lines", line=dict(color=RAUMFARBE, width=4),
                           name=f"gewählt: {zeile['code']} {zeile['name']}", hoverinfo="skip")
    fig.update_layout(
        height=hoehe, margin=dict(l=0, r=0, t=40, b=0),
        geo=KARTE_GEO,
        legend=dict(y=1.0, yanchor="bottom", x=0, bgcolor="rgba(255,255,255,0.8)"),
        showlegend=bool(len(auswahl) or len(ohne_wert) or len(unterdrueckt)),
    )
    return fig


BALKEN_ALLE_BIS = 30
"""Up to this many districts with a value the bar chart shows every one; more: ``BALKEN_JE_ENDE`` highest and
lowest (and the selected one), with a gap label that names how many are left out. A chart of hundreds of bars
(a Metropole has ~450 districts) is unreadable and slow to draw; every district stays on the map and in the
Rangliste."""
BALKEN_JE_ENDE = 10


def balkenauswahl(daten: pd.DataFrame, gewaehlt: str | None = None) -> pd.DataFrame:
    """The bars to draw of ``daten`` (sorted ascending by value): every row up to ``BALKEN_ALLE_BIS``, else
    the ``BALKEN_JE_ENDE`` lowest and highest and the selected district in its place, with a row without
    value between the groups whose ``luecke`` says how many districts are left out there."""
    daten = daten.assign(luecke=None)
    if len(daten) <= BALKEN_ALLE_BIS:
        return daten
    n = BALKEN_JE_ENDE
    behalten = [*range(n), *range(len(daten) - n, len(daten))]
    behalten += [i for i, c in enumerate(daten["code"]) if c == gewaehlt]
    teile, vorher, luecken = [], -1, 0
    for i in sorted(set(behalten)):
        if i - vorher > 1:  # a second gap of the same size gets a trailing no-break space: categories are unique
            text = f"… {i - vorher - 1} weitere Sozialräume (alle in der Rangliste)" + "\u00a0" * luecken
            luecken += 1
            teile.append(pd.DataFrame({"code": [None], "name": [""], "wert": [None], "luecke": [text]}))
        teile.append(daten.iloc[[i]])
        vorher = i
    return pd.concat(teile, ignore_index=True)


def balkenumfang(anzahl: int) -> str:
    """The chart title's note on what ``balkenauswahl`` left out of ``anzahl`` districts with a value ('' when none)."""
    if anzahl <= BALKEN_ALLE_BIS:
        return ""
    return f" ({BALKEN_JE_ENDE} höchste und {BALKEN_JE_ENDE} niedrigste von {anzahl}; alle in Karte und Rangliste)"


def sozialraumbalken(
    df: pd.DataFrame, *, einheit: str, stellen: int = 1, gewaehlt: str | None = None
) -> go.Figure:
    """Horizontal bars of the districts' values, highest on top, with the city value as a dashed line.

    ``df``: ``zeitreihe.werte_je_sozialraum`` (code, name, wert, stadtwert, optional unterdrueckt). The
    selected district is marked in its label ("▶ … (gewählt)") and in another colour; suppressed districts
    get no bar, a note under the chart counts them. Many districts: the highest and lowest (``balkenauswahl``)
    with a bar-less row between them that says how many are left out.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    daten = balkenauswahl(df[df["wert"].notna()].sort_values(["wert", "code"], ascending=[True, False]), gewaehlt)
    fmt = zahlformat(stellen)
    e = _einheit_text(einheit)
    beschriftung = [luecke or (f"▶ {c} {n} (gewählt)" if c == gewaehlt else f"{c} {n}")
                    for c, n, luecke in zip(daten["code"], daten["name"], daten["luecke"], strict=True)]
    farben = [RAUMFARBE if c == gewaehlt else FARBEN["ist"] for c in daten["code"]]
    fig.add_bar(
        y=beschriftung, x=daten["wert"], orientation="h", marker_color=farben, name="Sozialraum",
        text=daten["wert"], texttemplate="%{x:" + fmt + "}", textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:" + fmt + "}" + e + "<extra></extra>", showlegend=False,
    )
    stadtwert = df["stadtwert"].dropna()
    if len(stadtwert) and len(daten):
        wert = float(stadtwert.iloc[0])
        _bezugslinie(fig, wert, f"Gesamtstadt {zahl(wert, stellen)}{e}")
    geschuetzt = int(df["unterdrueckt"].sum()) if "unterdrueckt" in df else 0
    if geschuetzt:
        _fussnote(fig, f"{geschuetzt} Sozialräume ohne Balken: {UNTERDRUECKT_LANG}")
    fig.update_layout(
        height=max(220, 120 + 24 * len(daten)) + (30 if geschuetzt else 0),
        margin=dict(t=40, r=40, b=80 if geschuetzt else None),
        xaxis=dict(title=dict(text=achsentitel(einheit)), rangemode="tozero", tickformat=achsenformat(stellen)),
        yaxis=dict(title=None, automargin=True, tickfont=dict(size=13)),
        bargap=0.25,
    )
    return fig


def _bezugslinie(fig: go.Figure, x: float, text: str) -> None:
    """A dashed vertical reference line (the city's value) with its label on top."""
    fig.add_shape(type="line", x0=x, x1=x, yref="paper", y0=0, y1=1, layer="below",
                  line=dict(color="#212529", width=1.5, dash="dash"))
    fig.add_annotation(x=x, yref="paper", y=1.0, yanchor="bottom", showarrow=False, text=text, font=dict(size=12),
                       xanchor="left")


def _fussnote(fig: go.Figure, text: str) -> None:
    """A grey note below the plot (e.g. how many bars are missing and why)."""
    fig.add_annotation(xref="paper", x=0, yref="paper", y=0, yanchor="top", yshift=-40, showarrow=False,
                       xanchor="left", font=dict(size=12, color=GRAU), text=text)


def profilbalken(df: pd.DataFrame, name: str) -> go.Figure:
    """Horizontal bars of one district's Kennzahlen as an index against the city (Gesamtstadt = 100), so
    Kennzahlen of different units fit one chart; the city is a dashed line at 100.

    ``df``: ``sozialraum.profil(...).kennzahlen`` (kennzahl_code, kennzahl_name, stand, stadt_stand, einheit,
    nachkommastellen). Kennzahlen without a district value (none or suppressed) or without a city value get
    no bar; a note counts them.
    """
    fig = go.Figure(layout=dict(template=VORLAGE))
    daten = df[df["stand"].notna() & df["stadt_stand"].notna() & (df["stadt_stand"] != 0)].copy()
    daten["index"] = daten["stand"] / daten["stadt_stand"] * 100
    daten = daten.iloc[::-1]
    beschriftung = [f"{c} {n}" if len(n) <= 45 else f"{c} {n[:44]}…"
                    for c, n in zip(daten["kennzahl_code"], daten["kennzahl_name"], strict=True)]
    texte = [f"{name}: {wert_mit_einheit(s, e, int(st))}<br>Gesamtstadt: {wert_mit_einheit(g, e, int(st))}"
             for s, g, e, st in zip(daten["stand"], daten["stadt_stand"], daten["einheit"],
                                    daten["nachkommastellen"], strict=True)]
    fig.add_bar(y=beschriftung, x=daten["index"], orientation="h", marker_color=RAUMFARBE, name=name,
                customdata=texte, text=daten["index"], texttemplate="%{x:,.0f}", textposition="outside",
                cliponaxis=False, hovertemplate="%{y}<br>%{customdata}<br>Index (Stadt = 100): %{x:,.0f}"
                                                "<extra></extra>", showlegend=False)
    _bezugslinie(fig, 100, "Gesamtstadt = 100")
    ohne = len(df) - len(daten)
    if ohne:
        _fussnote(fig, f"{ohne} Kennzahlen ohne Balken (kein Wert oder {UNTERDRUECKT_LANG})")
    fig.update_layout(
        height=max(220, 120 + 26 * len(daten)) + (30 if ohne else 0),
        margin=dict(t=40, r=40, b=80 if ohne else None),
        xaxis=dict(title=dict(text="Index: Wert des Sozialraums je 100 der Gesamtstadt"), rangemode="tozero"),
        yaxis=dict(title=None, automargin=True, tickfont=dict(size=12)),
        bargap=0.25,
    )
    return fig
