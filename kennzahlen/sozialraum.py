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
from kennzahlen.kleine_zahlen import MINDESTFALLZAHL
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
    nachkommastellen, richtung, typ, rate_alter_von, rate_alter_bis (age band of a rate per 1.000, NaN
    without). Sorted by code."""
    k = Kennzahl
    return tabelle_lesen(fabrik, select(k.id, k.code, k.name, k.einheit, k.nachkommastellen, k.richtung, k.typ,
                                        k.rate_alter_von, k.rate_alter_bis)
                         .where(k.raumebene == "sozialraum").order_by(k.code))


PROFILSPALTEN = ("kennzahl_code", "kennzahl_name", "einheit", "nachkommastellen", "richtung", "typ", "art",
                 "stand", "stand_anfang", "veraenderung", "stadt_stand", "stadt_veraenderung", "abstand_stadt",
                 "rang_stand", "rang_veraenderung", "anzahl_stand", "anzahl_veraenderung", "rang_text",
                 "rang_veraenderung_text", "unterdrueckt", "hinweis", "rate", "stadt_rate", "rate_hinweis",
                 "rang_rate_text", "nenner")


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


def profil(fabrik: sessionmaker[Session], code: str, periode: Periode, spanne: int = 3,
           mindestfallzahl: int = MINDESTFALLZAHL, mindestbevoelkerung: int = 0) -> Profil | None:
    """The profile of district ``code`` (Sozialraum or Stadtbezirk), None when the code is unknown: every
    district-level Kennzahl with level, change over ``spanne`` years, gap to the city and rank among the
    districts of the same level ("3 von 12"), for Kennzahlen with an age band the rate per 1.000 with its
    named denominator (``nenner``), plus the comments of those Kennzahlen that name the district.
    ``mindestfallzahl``/``mindestbevoelkerung``: the settings WK_MINDESTFALLZAHL and WK_MINDESTBEVOELKERUNG."""
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
        werte = abfragen.werte(fabrik, int(k["id"]), mindestfallzahl=mindestfallzahl)
        teil = werte[werte["sozialraum_code"].isna() | werte["sozialraum_code"].isin(gleiche)]
        art = art_fuer_einheit(k["einheit"])
        liste = rangliste(teil, periode, spanne, art)
        band = altersband(k)
        nenner = ""
        if band is not None and len(liste):
            liste, nenner = raten(fabrik, liste, band, periode.jahr, mindestbevoelkerung)
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
        zeile.update(rate=z.get("rate", math.nan), stadt_rate=z.get("stadt_rate", math.nan),
                     rate_hinweis=z.get("rate_hinweis", "") if nenner else "", nenner=nenner,
                     rang_rate_text=rangtext(z.get("rang_rate"), z.get("anzahl_rate", 0)) if nenner else "")
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



# ---------------------------------------------------------------------------------------------------
# Population per district and rates per 1.000 of an age band
# ---------------------------------------------------------------------------------------------------


def altersband_text(alter_von: int, alter_bis: int | None) -> str:
    """'unter 21 Jahren' (0–20), 'ab 65 Jahren' (65–), 'von 15 bis 64 Jahren', '' for everybody."""
    von = int(alter_von or 0)
    if von == 0 and alter_bis is None:
        return ""
    if von == 0:
        return f"unter {int(alter_bis) + 1} Jahren"
    if alter_bis is None:
        return f"ab {von} Jahren"
    return f"von {von} bis {int(alter_bis)} Jahren"


def nenner_text(alter_von: int, alter_bis: int | None, jahr: int | None) -> str:
    """The named denominator: 'je 1.000 Einwohner unter 21 Jahren, Stand 31.12.2025'."""
    band = altersband_text(alter_von, alter_bis)
    text = "je 1.000 Einwohner" + (f" {band}" if band else "")
    return text + (f", Stand 31.12.{int(jahr)}" if jahr is not None else ", Bevölkerung unbekannt")


def rate_je_1000(anzahl: float, einwohner: float, mindestbevoelkerung: float = 0) -> float:
    """Cases per 1.000 inhabitants; NaN without a count, without inhabitants or below ``mindestbevoelkerung``."""
    if anzahl is None or einwohner is None or pd.isna(anzahl) or pd.isna(einwohner):
        return math.nan
    if einwohner <= 0 or einwohner < mindestbevoelkerung:
        return math.nan
    return float(anzahl) / float(einwohner) * 1000


def einwohner_je_raum(fabrik: sessionmaker[Session], alter_von: int = 0, alter_bis: int | None = None,
                      jahr: int | None = None) -> pd.DataFrame:
    """Inhabitants of an age band per area in the newest year up to ``jahr`` (any year when None).

    Population is stored for the finest areas; a Bezirk gets the sum of its areas. A band partly inside
    the stored bands is split in proportion to its years (``haushaltsberatung.einwohner``).
    Columns: code, ebene, einwohner (float, NaN unknown), jahr (int or None). Sorted by code."""
    from kennzahlen.haushaltsberatung import Zielgruppe, einwohner
    from kennzahlen.models import Bevoelkerung

    b, sr = Bevoelkerung, Sozialraum
    df = tabelle_lesen(fabrik, select(sr.code, b.jahr, b.alter_von, b.alter_bis, b.anzahl)
                       .join(sr, sr.id == b.sozialraum_id))
    alle = raeume(fabrik)
    gruppe = Zielgruppe("", int(alter_von or 0), None if alter_bis is None or pd.isna(alter_bis) else int(alter_bis))
    grenze = 9999 if jahr is None else int(jahr)
    zahlen: dict[str, tuple[float, int | None]] = {}
    for code, teil in df.groupby("code"):
        e = einwohner(teil.astype({"anzahl": float}), grenze, gruppe)
        zahlen[str(code)] = (e.anzahl, e.jahr)
    zeilen = []
    for _, r in alle.iterrows():
        if r["code"] in zahlen:
            anzahl, j = zahlen[r["code"]]
        else:
            kinder = [zahlen[c] for c in alle[alle["parent_code"] == r["code"]]["code"] if c in zahlen]
            jahre = {j for _a, j in kinder}
            anzahl = sum(a for a, _j in kinder) if kinder and len(jahre) == 1 else math.nan
            j = next(iter(jahre)) if len(jahre) == 1 else None
        zeilen.append({"code": r["code"], "ebene": r["ebene"], "einwohner": anzahl, "jahr": j})
    return pd.DataFrame(zeilen, columns=["code", "ebene", "einwohner", "jahr"])


def rate_anfuegen(liste: pd.DataFrame, ew: pd.DataFrame, mindestbevoelkerung: float) -> pd.DataFrame:
    """The ranking (``rangliste``) with the rate per 1.000 of the band beside the count: einwohner,
    einwohner_jahr, rate (NaN when the count is hidden or the population is below the minimum),
    rate_hinweis and rang_rate (1 = highest rate)."""
    df = liste.copy()
    e = ew.set_index("code")
    df["einwohner"] = [float(e.at[c, "einwohner"]) if c in e.index else math.nan for c in df["code"]]
    df["einwohner_jahr"] = [e.at[c, "jahr"] if c in e.index else None for c in df["code"]]
    df["rate"] = [rate_je_1000(a, n, mindestbevoelkerung) for a, n in zip(df["stand"], df["einwohner"], strict=True)]
    df["rate_hinweis"] = [
        "" if pd.notna(r) else (h if u or pd.isna(a) else
                                "Bevölkerung unbekannt" if pd.isna(n) else
                                f"zu wenige Einwohner (unter {int(mindestbevoelkerung)})")
        for r, u, a, n, h in zip(df["rate"], df["unterdrueckt"], df["stand"], df["einwohner"], df["hinweis"],
                                 strict=True)]
    df["rang_rate"] = df["rate"].rank(ascending=False, method="min")
    return df


# ---------------------------------------------------------------------------------------------------
# Money per district (Sozialraumgeld)
# ---------------------------------------------------------------------------------------------------

GELDARTEN_TEXT = {"ergebnis": "Ergebnis", "ansatz": "Ansatz", "fortgeschriebener_ansatz": "fortgeschriebener Ansatz",
                  "planung": "Planung"}
GELDSPALTEN = ("code", "name", "ebene", "produkt_code", "produkt_name", "zuschussbedarf")


def geldstaende(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """The years and kinds of money per district that exist: jahr, betragsart. Newest year first."""
    from kennzahlen.models import Sozialraumgeld

    g = Sozialraumgeld
    return tabelle_lesen(fabrik, select(g.jahr, g.betragsart).distinct().order_by(g.jahr.desc(), g.betragsart))


def geldstand_waehlen(staende: pd.DataFrame, jahr: int | None = None, art: str | None = None
                      ) -> tuple[int, str] | None:
    """(jahr, betragsart) to show: the asked one when it exists; else the newest year up to ``jahr`` (any year
    if none) with its Ergebnis preferred over Ansatz, Fortgeschriebener Ansatz and Planung. None without money."""
    if staende.empty:
        return None
    paare = {(int(j), a) for j, a in zip(staende["jahr"], staende["betragsart"], strict=True)}
    if jahr is not None and art is not None and (int(jahr), art) in paare:
        return int(jahr), art
    jahre = sorted({j for j, _a in paare})
    passend = [j for j in jahre if jahr is None or j <= int(jahr)] or jahre
    j = passend[-1]
    for a in ("ergebnis", "ansatz", "fortgeschriebener_ansatz", "planung"):
        if (j, a) in paare:
            return j, a
    return j, sorted(a for jj, a in paare if jj == j)[0]


def geld_je_raum(fabrik: sessionmaker[Session], jahr: int, art: str) -> pd.DataFrame:
    """Zuschussbedarf (Aufwendungen − Erträge, from the stored detail lines) per district and Produktgruppe.

    Columns: ``GELDSPALTEN`` (zuschussbedarf float, positive = net cost). Sorted by code and Produktgruppe."""
    from sqlalchemy import func

    from kennzahlen.models import Sozialraumgeld

    g, sr = Sozialraumgeld, Sozialraum
    df = tabelle_lesen(fabrik, select(sr.code, sr.name, sr.ebene, g.produkt_code, func.max(g.produkt_name),
                                      func.sum(g.betrag)).join(sr, sr.id == g.sozialraum_id)
                       .where(g.jahr == int(jahr), g.betragsart == art)
                       .group_by(sr.code, sr.name, sr.ebene, g.produkt_code).order_by(sr.code, g.produkt_code),
                       list(GELDSPALTEN))
    df["zuschussbedarf"] = -pd.to_numeric(df["zuschussbedarf"], errors="coerce").astype(float)
    return df


GELDUEBERSICHTSSPALTEN = ("code", "name", "ebene", "zuschussbedarf", "einwohner", "einwohner_jahr", "je_einwohner")


def geld_uebersicht(geld: pd.DataFrame, ew: pd.DataFrame) -> pd.DataFrame:
    """Per district with money: total Zuschussbedarf, inhabitants (``einwohner_je_raum``) and € per inhabitant.
    Columns: ``GELDUEBERSICHTSSPALTEN``."""
    if geld.empty:
        return pd.DataFrame(columns=list(GELDUEBERSICHTSSPALTEN))
    summe = geld.groupby(["code", "name", "ebene"], as_index=False)["zuschussbedarf"].sum()
    df = summe.merge(ew[["code", "einwohner", "jahr"]].rename(columns={"jahr": "einwohner_jahr"}), on="code",
                     how="left")
    df["je_einwohner"] = df["zuschussbedarf"] / df["einwohner"].where(df["einwohner"] > 0)
    return df[list(GELDUEBERSICHTSSPALTEN)].sort_values("code").reset_index(drop=True)


@dataclass
class Raumgeld:
    """The money that flows into a district: per Produktgruppe, with € per inhabitant beside the mean of all
    districts with money. ``bezirkssumme``: the district has no money of its own, the figures are its
    Stadtbezirk's (``quelle_code``) sum, not split to the district."""

    quelle_code: str
    quelle_name: str
    bezirkssumme: bool
    jahr: int
    art: str
    einwohner: float
    einwohner_jahr: int | None
    tabelle: pd.DataFrame
    """produkt_code, produkt_name, zuschussbedarf, je_einwohner, schnitt_je_einwohner (all districts of the level)."""

    @property
    def gesamt(self) -> float:
        """The district's whole Zuschussbedarf over its Produktgruppen."""
        return float(self.tabelle["zuschussbedarf"].sum())


def geld_fuer_raum(fabrik: sessionmaker[Session], code: str, jahr: int | None = None, art: str | None = None
                   ) -> Raumgeld | None:
    """The money of district ``code``, else of its Stadtbezirk (flagged ``bezirkssumme``); None without money."""
    stand = geldstand_waehlen(geldstaende(fabrik), jahr, art)
    if stand is None:
        return None
    j, a = stand
    geld = geld_je_raum(fabrik, j, a)
    alle = raeume(fabrik)
    zeile = alle[alle["code"] == code]
    if zeile.empty:
        return None
    quelle, bezirkssumme = code, False
    if code not in set(geld["code"]):
        eltern = zeile.iloc[0]["parent_code"]
        if not isinstance(eltern, str) or eltern not in set(geld["code"]):
            return None
        quelle, bezirkssumme = eltern, True
    ew = einwohner_je_raum(fabrik, jahr=j)
    uebersicht = geld_uebersicht(geld, ew).set_index("code")
    eigene = geld[geld["code"] == quelle]
    ebene = eigene["ebene"].iloc[0]
    gleich = geld[geld["ebene"] == ebene]
    ew_ebene = uebersicht[uebersicht["ebene"] == ebene]["einwohner"]
    schnitt = gleich.groupby("produkt_code")["zuschussbedarf"].sum() / (ew_ebene.sum() if ew_ebene.notna().all()
                                                                        else math.nan)
    n = float(uebersicht.at[quelle, "einwohner"])
    tabelle = eigene[["produkt_code", "produkt_name", "zuschussbedarf"]].copy()
    tabelle["je_einwohner"] = tabelle["zuschussbedarf"] / n if n and not pd.isna(n) else math.nan
    tabelle["schnitt_je_einwohner"] = tabelle["produkt_code"].map(schnitt).astype(float)
    return Raumgeld(quelle_code=quelle, quelle_name=str(uebersicht.at[quelle, "name"]), bezirkssumme=bezirkssumme,
                    jahr=j, art=a, einwohner=n, einwohner_jahr=uebersicht.at[quelle, "einwohner_jahr"],
                    tabelle=tabelle.reset_index(drop=True))


def altersband(kennzahl) -> tuple[int, int | None] | None:
    """(alter_von, alter_bis) of a Kennzahl's rate per 1.000 (a row with rate_alter_von/-bis), None without."""
    von, bis = kennzahl.get("rate_alter_von"), kennzahl.get("rate_alter_bis")
    if (von is None or pd.isna(von)) and (bis is None or pd.isna(bis)):
        return None
    return int(0 if von is None or pd.isna(von) else von), None if bis is None or pd.isna(bis) else int(bis)


def altersband_der_kennzahl(fabrik: sessionmaker[Session], kennzahl_id: int) -> tuple[int, int | None] | None:
    """The age band of a Kennzahl's rate per 1.000 (``altersband``), None without one."""
    with fabrik() as s:
        zeile = s.execute(select(Kennzahl.rate_alter_von, Kennzahl.rate_alter_bis)
                          .where(Kennzahl.id == int(kennzahl_id))).one_or_none()
    return None if zeile is None else altersband({"rate_alter_von": zeile[0], "rate_alter_bis": zeile[1]})


def raten(fabrik: sessionmaker[Session], liste: pd.DataFrame, band: tuple[int, int | None], jahr: int,
          mindestbevoelkerung: float) -> tuple[pd.DataFrame, str]:
    """The ranking (``rangliste``: code, stand, unterdrueckt, hinweis) with the rate per 1.000 of the age band
    (``rate_anfuegen``), the city's rate (``stadt_rate``, over the Sozialräume' inhabitants), the number of
    ranked rates (``anzahl_rate``), and the named denominator ('je 1.000 Einwohner unter 21 Jahren, Stand …').
    A hidden count gives no rate; a rate over fewer than ``mindestbevoelkerung`` inhabitants is not shown."""
    ew = einwohner_je_raum(fabrik, band[0], band[1], jahr)
    df = rate_anfuegen(liste, ew, mindestbevoelkerung)
    feinste = ew[ew["ebene"] == "sozialraum"]
    stadt_ew = float(feinste["einwohner"].sum()) if len(feinste) and feinste["einwohner"].notna().all() else math.nan
    stadt = df["stadt_stand"].iloc[0] if "stadt_stand" in df and len(df) else math.nan
    df["stadt_rate"] = rate_je_1000(stadt, stadt_ew)
    df["anzahl_rate"] = int(df["rate"].notna().sum())
    jahre = {int(j) for j in feinste["jahr"] if j is not None and not pd.isna(j)}
    return df, nenner_text(band[0], band[1], max(jahre) if jahre else None)


def jahre_mit_werten(fabrik: sessionmaker[Session]) -> list[Periode]:
    """Every year with a yearly Ist value, of the city or of any district, oldest first (as ``Periode`` of
    the kind 'jahr'): the periods of a city whose data are yearly and per district only (Flensburg's
    Sozialatlas has no city-wide value, so ``abfragen.verfuegbare_perioden`` finds none)."""
    from kennzahlen.models import Kennzahlwert

    kw = Kennzahlwert
    with fabrik() as s:
        jahre = s.scalars(select(kw.jahr).where(kw.periodenart == "jahr", kw.wertart == "ist").distinct()
                          .order_by(kw.jahr)).all()
    return [Periode(int(j), "jahr", 1) for j in jahre]
