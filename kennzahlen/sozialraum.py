"""Districts compared: level, change over a span and gap to the city per Sozialraum or Stadtbezirk (the
ranking of a Kennzahl, ``rangliste``), and the profile of one district over all its Kennzahlen (``profil``).

Values come from ``abfragen.kennzahl.werte``, so small numbers are already suppressed (NaN and
``unterdrueckt``). A suppressed value is never used for a change or a rank: a district whose value now or
at the start of the span is suppressed gets no change and says why in ``hinweis``.

Comments of a district: ``Kommentar`` has no Sozialraum column, so the profile takes the comments and
measures of the district's Kennzahlen whose text names the district (its name, case-insensitive).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import zeitreihe as zr
from kennzahlen.abfragen import kennzahl as abfragen
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.models import Kennzahl, Sozialraum
from kennzahlen.perioden import Periode

ARTEN = ("pp", "prozent")
"""Kinds of change: percentage points (difference, for % units) or per cent of the start value."""
UNTERDRUECKT_TEXT = "unterdrückt (kleine Zahl)"
"""Cell text of a suppressed district value in rankings and profiles."""
RANGLISTENSPALTEN = ("code", "stand", "stand_anfang", "veraenderung", "stadt_stand", "stadt_anfang",
                     "stadt_veraenderung", "abstand_stadt", "rang_stand", "rang_veraenderung", "anzahl_stand",
                     "anzahl_veraenderung", "unterdrueckt", "hinweis")
EBENEN = {"bezirk": "Stadtbezirk", "sozialraum": "Sozialraum"}


def art_fuer_einheit(einheit: str | None) -> str:
    """'pp' for Kennzahlen in per cent (change in Prozentpunkte), else 'prozent' (change in % of the start)."""
    return "pp" if (einheit or "").strip() == "%" else "prozent"


def anfangsperiode(periode: Periode, spanne_jahre: int) -> Periode:
    """The same period ``spanne_jahre`` years earlier (Q3 2026, 3 → Q3 2023)."""
    return Periode(periode.jahr - int(spanne_jahre), periode.art, periode.nummer)


def _ist(werte: pd.DataFrame, art: str, periode: Periode) -> pd.DataFrame:
    nummer = periode.nummer if art == periode.art else 1
    teil = werte[(werte["wertart"] == "ist") & (werte["periodenart"] == art) & (werte["jahr"] == periode.jahr)
                 & (werte["periode"] == nummer)]
    unterdrueckt = (teil["unterdrueckt"].astype(bool) if "unterdrueckt" in teil
                    else pd.Series(False, index=teil.index))
    wert = teil["wert"].astype(float).where(~unterdrueckt)  # a flagged value is never used, even if present
    return pd.DataFrame({"code": teil["sozialraum_code"], "wert": wert, "unterdrueckt": unterdrueckt})


def _veraenderung(jetzt: float, anfang: float, art: str) -> float:
    if pd.isna(jetzt) or pd.isna(anfang):
        return math.nan
    if art == "pp":
        return float(jetzt - anfang)
    return math.nan if anfang == 0 else float((jetzt - anfang) / abs(anfang) * 100)


def rangliste(werte_df: pd.DataFrame, periode: Periode, spanne_jahre: int = 3, art: str = "pp") -> pd.DataFrame:
    """Per district (every code in ``werte_df``): level now and at the start of the span, change (pp or %),
    the city's level and change, gap to the city, rank by level and by change (1 = highest / rises most).

    ``werte_df``: ``abfragen.kennzahl.werte`` (suppressed values NaN and flagged ``unterdrueckt``).
    Out: ``RANGLISTENSPALTEN``, sorted by code; suppressed values stay NaN, get no change and no rank, and
    ``hinweis`` says why ("unterdrückt (kleine Zahl)", "Anfangswert unterdrückt (kleine Zahl)", "kein Wert").
    """
    if art not in ARTEN:
        raise ValueError(f"Unbekannte Art der Veränderung: {art!r} (erwartet: 'pp' oder 'prozent').")
    leer = pd.DataFrame({s: pd.Series(dtype=object) for s in RANGLISTENSPALTEN})
    if werte_df.empty:
        return leer
    iart = zr.ist_periodenart(werte_df, periode.art)
    jetzt, anfang = _ist(werte_df, iart, periode), _ist(werte_df, iart, anfangsperiode(periode, spanne_jahre))
    stadt_j = jetzt[jetzt["code"].isna()]["wert"]
    stadt_a = anfang[anfang["code"].isna()]["wert"]
    stadt_stand = float(stadt_j.iloc[0]) if len(stadt_j) else math.nan
    stadt_anfang = float(stadt_a.iloc[0]) if len(stadt_a) else math.nan
    codes = sorted({c for c in werte_df["sozialraum_code"] if c is not None and not pd.isna(c)})
    if not codes:
        return leer
    j = jetzt[jetzt["code"].notna()].set_index("code")
    a = anfang[anfang["code"].notna()].set_index("code")
    zeilen = []
    for code in codes:
        w = float(j.at[code, "wert"]) if code in j.index else math.nan
        u = bool(j.at[code, "unterdrueckt"]) if code in j.index else False
        wa = float(a.at[code, "wert"]) if code in a.index else math.nan
        ua = bool(a.at[code, "unterdrueckt"]) if code in a.index else False
        if u:
            hinweis = UNTERDRUECKT_TEXT
        elif pd.isna(w):
            hinweis = "kein Wert"
        elif ua:
            hinweis = f"Anfangswert {UNTERDRUECKT_TEXT}"
        elif pd.isna(wa):
            hinweis = "kein Anfangswert"
        else:
            hinweis = ""
        zeilen.append({"code": code, "stand": w, "stand_anfang": wa, "veraenderung": _veraenderung(w, wa, art),
                       "unterdrueckt": u, "hinweis": hinweis})
    df = pd.DataFrame(zeilen)
    df["stadt_stand"] = stadt_stand
    df["stadt_anfang"] = stadt_anfang
    df["stadt_veraenderung"] = _veraenderung(stadt_stand, stadt_anfang, art)
    df["abstand_stadt"] = df["stand"] - stadt_stand
    df["rang_stand"] = df["stand"].rank(ascending=False, method="min")
    df["rang_veraenderung"] = df["veraenderung"].rank(ascending=False, method="min")
    df["anzahl_stand"] = int(df["stand"].notna().sum())
    df["anzahl_veraenderung"] = int(df["veraenderung"].notna().sum())
    return df[list(RANGLISTENSPALTEN)].reset_index(drop=True)


def rangtext(rang: float, anzahl: int) -> str:
    """'3 von 12' ('–' without a rank)."""
    if rang is None or pd.isna(rang):
        return "–"
    return f"{int(rang)} von {int(anzahl)}"


# ---------------------------------------------------------------------------------------------------
# Profile of one district
# ---------------------------------------------------------------------------------------------------


def raeume(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """All Sozialräume and Stadtbezirke. Columns: id, code, name, ebene, parent_id, parent_code. Sorted by code."""
    sr = Sozialraum
    df = tabelle_lesen(fabrik, select(sr.id, sr.code, sr.name, sr.ebene, sr.parent_id).order_by(sr.code))
    codes = dict(zip(df["id"], df["code"], strict=True))
    df["parent_code"] = pd.Series([codes.get(int(p)) if pd.notna(p) else None for p in df["parent_id"]],
                                  index=df.index, dtype=object)
    return df


def raumkennzahlen(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """The Kennzahlen measured per district (raumebene 'sozialraum'). Columns: id, code, name, einheit,
    nachkommastellen, richtung, typ. Sorted by code."""
    k = Kennzahl
    return tabelle_lesen(fabrik, select(k.id, k.code, k.name, k.einheit, k.nachkommastellen, k.richtung, k.typ)
                         .where(k.raumebene == "sozialraum").order_by(k.code))


PROFILSPALTEN = ("kennzahl_code", "kennzahl_name", "einheit", "nachkommastellen", "richtung", "typ", "art",
                 "stand", "stand_anfang", "veraenderung", "stadt_stand", "stadt_veraenderung", "abstand_stadt",
                 "rang_stand", "rang_veraenderung", "anzahl_stand", "anzahl_veraenderung", "rang_text",
                 "rang_veraenderung_text", "unterdrueckt", "hinweis")


@dataclass
class Profil:
    """A district with its parent, children, Kennzahlen against city and peers, and comments naming it."""

    code: str
    name: str
    ebene: str
    periode: Periode
    spanne: int
    eltern: dict | None = None
    kinder: list[dict] = field(default_factory=list)
    kennzahlen: pd.DataFrame = field(default_factory=pd.DataFrame)
    kommentare: pd.DataFrame = field(default_factory=pd.DataFrame)


def profil(fabrik: sessionmaker[Session], code: str, periode: Periode, spanne: int = 3) -> Profil | None:
    """The profile of district ``code`` (Sozialraum or Stadtbezirk), None when the code is unknown: every
    district-level Kennzahl with level, change over ``spanne`` years, gap to the city and rank among the
    districts of the same level ("3 von 12"), plus the comments of those Kennzahlen that name the district."""
    alle = raeume(fabrik)
    treffer = alle[alle["code"] == code]
    if treffer.empty:
        return None
    r = treffer.iloc[0]
    gleiche = set(alle[alle["ebene"] == r["ebene"]]["code"])
    eltern = None
    if isinstance(r["parent_code"], str):
        e = alle[alle["code"] == r["parent_code"]].iloc[0]
        eltern = {"code": e["code"], "name": e["name"], "ebene": e["ebene"]}
    kinder = [{"code": c, "name": n, "ebene": eb} for c, n, eb in
              zip(*(alle[alle["parent_code"] == code][s] for s in ("code", "name", "ebene")), strict=True)]
    zeilen, kommentare = [], []
    for _, k in raumkennzahlen(fabrik).iterrows():
        werte = abfragen.werte(fabrik, int(k["id"]))
        teil = werte[werte["sozialraum_code"].isna() | werte["sozialraum_code"].isin(gleiche)]
        art = art_fuer_einheit(k["einheit"])
        liste = rangliste(teil, periode, spanne, art)
        eigene = liste[liste["code"] == code]
        zeile = {"kennzahl_code": k["code"], "kennzahl_name": k["name"], "einheit": k["einheit"],
                 "nachkommastellen": int(k["nachkommastellen"]), "richtung": k["richtung"], "typ": k["typ"],
                 "art": art}
        if eigene.empty:
            z = {s: math.nan for s in RANGLISTENSPALTEN if s != "code"}
            z.update(unterdrueckt=False, hinweis="kein Wert", anzahl_stand=0, anzahl_veraenderung=0)
            if len(liste):
                z.update(stadt_stand=liste["stadt_stand"].iloc[0],
                         stadt_veraenderung=liste["stadt_veraenderung"].iloc[0])
        else:
            z = eigene.iloc[0].drop("code").to_dict()
        zeile.update({s: z[s] for s in RANGLISTENSPALTEN if s != "code"})
        zeile["rang_text"] = rangtext(zeile["rang_stand"], zeile["anzahl_stand"])
        zeile["rang_veraenderung_text"] = rangtext(zeile["rang_veraenderung"], zeile["anzahl_veraenderung"])
        zeilen.append(zeile)
        kom = abfragen.kommentare(fabrik, kennzahl_id=int(k["id"]))
        name = str(r["name"]).casefold()
        kom = kom[[name in str(t).casefold() for t in kom["text"]]] if len(kom) else kom
        if len(kom):
            kommentare.append(kom.assign(kennzahl_code=k["code"]))
    df = pd.DataFrame(zeilen, columns=list(PROFILSPALTEN))
    df["unterdrueckt"] = df["unterdrueckt"].astype(bool)
    kom_df = (pd.concat(kommentare, ignore_index=True).sort_values(["jahr", "periode"], ascending=False)
              if kommentare else pd.DataFrame(columns=[*abfragen.KOMMENTARSPALTEN, "produkt_code", "kennzahl_code"]))
    return Profil(code=code, name=r["name"], ebene=r["ebene"], periode=periode, spanne=int(spanne), eltern=eltern,
                  kinder=kinder, kennzahlen=df, kommentare=kom_df)

