"""Wirkung und Kosten: per product, the change of its Zuschussbedarf against the change of its outcome over a
span of years, sorted into four quadrants in plain German; and the money no goal measures.

Outcome (Wirkungssaldo) of a product = (Kennzahlen better − Kennzahlen worse) ÷ Kennzahlen with a value in
both years, over the Kennzahlen of the goals it contributes to: its goals' Wirkung Kennzahlen, and only where
they have none their Output and Prozess Kennzahlen (more participants is no outcome where an outcome is
measured). Input Kennzahlen (money, cost per case) and Kontext Kennzahlen (not controllable) never count.
"Better" follows each Kennzahl's Richtung (``geldfluss.trendbewertung``), comparing the yearly mean of the
city-wide Ist; a change of at most ``MESSSCHWELLE`` of the earlier value counts as unchanged (noise).

The amount of a year is its Ergebnis, or where the year is not closed its Prognose, else its Ansatz (named
in art_von / art_bis).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import formate as fmt
from kennzahlen import geldfluss as gf
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    Handlungsfeld,
    Haushaltssumme,
    Kennzahl,
    Kennzahlwert,
    Produkt,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)

QUADRANTEN = {
    "teurer_mit": "teurer, mit Wirkung",
    "teurer_ohne": "teurer, ohne messbare Wirkung",
    "guenstiger_mit": "günstiger, mit Wirkung",
    "guenstiger_ohne": "günstiger, ohne messbare Wirkung",
    "ohne_messung": "ohne Wirkungsmessung",
}
"""Quadrant keys → the words the page shows."""

ZAEHLENDE_TYPEN = ("wirkung", "output", "prozess")
"""Kennzahl types that count as outcome (not input = money, not kontext = not controllable)."""

MESSSCHWELLE = 0.02
"""A Kennzahl moving by at most this share of its earlier value counts as unchanged (no measurable effect)."""

BETRAGSFOLGE = ("ergebnis", "prognose", "ansatz")
"""Which amount of a year counts, first found first."""

SPALTEN = ["produkt_id", "code", "name", "aufgabenart", "handlungsfelder", "handlungsfeld_codes", "betrag_von",
           "art_von", "betrag_bis", "art_bis", "veraenderung", "veraenderung_anteil", "bewertbar", "besser",
           "schlechter", "gleich", "wirkungssaldo", "quadrant", "quadrant_text"]
"""Columns of ``portfolio``."""


# ---------------------------------------------------------------------------------------------------
# Pure
# ---------------------------------------------------------------------------------------------------


def quadrant(veraenderung_anteil: float | None, wirkungssaldo: float | None) -> str:
    """The quadrant key: dearer (change > 0) or cheaper, with outcome (saldo > 0) or without measurable one."""
    if wirkungssaldo is None or (isinstance(wirkungssaldo, float) and math.isnan(wirkungssaldo)):
        return "ohne_messung"
    teurer = veraenderung_anteil is not None and not math.isnan(veraenderung_anteil) and veraenderung_anteil > 0
    mit = wirkungssaldo > 0
    return ("teurer_" if teurer else "guenstiger_") + ("mit" if mit else "ohne")


def wirkung_je_produkt(verknuepfung: pd.DataFrame, werte: pd.DataFrame, jahr_von: int, jahr_bis: int,
                       schwelle: float = MESSSCHWELLE) -> pd.DataFrame:
    """Counts of better/worse/equal Kennzahlen per product and the Wirkungssaldo (pure).

    ``verknuepfung``: produkt_id, kennzahl_id, richtung, korridor_unten, korridor_oben (one row per
    product and counting Kennzahl). ``werte``: kennzahl_id, jahr, wert (yearly mean Ist). Out: produkt_id,
    bewertbar, besser, schlechter, gleich, wirkungssaldo (NaN when nothing is measurable).
    """
    mittel = werte.set_index(["kennzahl_id", "jahr"])["wert"].to_dict() if len(werte) else {}
    urteile = []
    for r in verknuepfung.itertuples(index=False):
        neu, alt = mittel.get((r.kennzahl_id, jahr_bis)), mittel.get((r.kennzahl_id, jahr_von))
        urteil = gf.trendbewertung(neu, alt, r.richtung, r.korridor_unten, r.korridor_oben)
        if urteil is not None and abs(neu - alt) <= schwelle * abs(alt):
            urteil = "gleich"
        urteile.append((r.produkt_id, urteil))
    df = pd.DataFrame(urteile, columns=["produkt_id", "urteil"])
    zaehlung = pd.crosstab(df["produkt_id"], df["urteil"]) if df["urteil"].notna().any() else pd.DataFrame()
    ergebnis = pd.DataFrame({"produkt_id": sorted(set(verknuepfung["produkt_id"]))})
    for spalte in ("besser", "schlechter", "gleich"):
        ergebnis[spalte] = ergebnis["produkt_id"].map(zaehlung.get(spalte, {})).fillna(0)
        ergebnis[spalte] = ergebnis[spalte].astype(int)
    ergebnis["bewertbar"] = ergebnis["besser"] + ergebnis["schlechter"] + ergebnis["gleich"]
    saldo = (ergebnis["besser"] - ergebnis["schlechter"]) / ergebnis["bewertbar"].where(ergebnis["bewertbar"] > 0)
    ergebnis["wirkungssaldo"] = saldo.astype(float)
    return ergebnis


def zaehlende_kennzahlen(verknuepfung: pd.DataFrame) -> pd.DataFrame:
    """The product → Kennzahl rows that measure outcome: typ wirkung where a product has one, else its output
    and prozess Kennzahlen (``verknuepfung``: produkt_id, kennzahl_id, typ, …); one row per pair."""
    df = verknuepfung[verknuepfung["typ"].isin(ZAEHLENDE_TYPEN)].drop_duplicates(["produkt_id", "kennzahl_id"])
    hat_wirkung = df.groupby("produkt_id")["typ"].transform(lambda t: (t == "wirkung").any())
    return df[~hat_wirkung | (df["typ"] == "wirkung")].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


def _produkte(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """Products (ebene produkt): produkt_id, code, name, aufgabenart."""
    p = Produkt
    return tabelle_lesen(fabrik, select(p.id.label("produkt_id"), p.code, p.name, p.aufgabenart)
                         .where(p.ebene == "produkt").order_by(p.code))


def jahresbetraege(fabrik: sessionmaker[Session], jahre: list[int]) -> pd.DataFrame:
    """The Zuschussbedarf of every product per year: produkt_id, jahr, betrag (euro), art (Ergebnis, else
    Prognose, else Ansatz; adopted version)."""
    hb = Haushaltssumme
    df = tabelle_lesen(fabrik, select(hb.produkt_id, hb.jahr, hb.betragsart, (-func.sum(hb.betrag)).label("betrag"))
                       .where(hb.jahr.in_(jahre), hb.betragsart.in_(BETRAGSFOLGE), hb.version == "beschluss",
                              hb.periodenart == "jahr")
                       .group_by(hb.produkt_id, hb.jahr, hb.betragsart))
    df["betrag"] = df["betrag"].astype(float)
    df["rang"] = df["betragsart"].map({a: i for i, a in enumerate(BETRAGSFOLGE)})
    df = df.sort_values(["produkt_id", "jahr", "rang"]).drop_duplicates(["produkt_id", "jahr"])
    return df.rename(columns={"betragsart": "art"})[["produkt_id", "jahr", "betrag", "art"]].reset_index(drop=True)


@zwischenspeichern
def jahre_mit_betrag(fabrik: sessionmaker[Session]) -> tuple[list[int], int]:
    """(years with a Zuschussbedarf of a kind in ``BETRAGSFOLGE``, oldest first; newest year with an Ergebnis,
    else the newest year, else 2000) — the span a portfolio can be asked for."""
    hb = Haushaltssumme
    df = tabelle_lesen(fabrik, select(hb.jahr, hb.betragsart)
                       .where(hb.betragsart.in_(BETRAGSFOLGE), hb.version == "beschluss", hb.periodenart == "jahr")
                       .distinct())
    jahre = sorted({int(j) for j in df["jahr"]})
    ergebnis = [int(j) for j in df.loc[df["betragsart"] == "ergebnis", "jahr"]]
    return jahre, max(ergebnis) if ergebnis else (max(jahre) if jahre else 2000)


def _jahresmittel(fabrik: sessionmaker[Session], kennzahl_ids: list[int], jahre: list[int]) -> pd.DataFrame:
    """City-wide yearly mean Ist per Kennzahl: kennzahl_id, jahr, wert (the in-year kind with most values,
    or the yearly Ist)."""
    kw = Kennzahlwert
    df = tabelle_lesen(fabrik, select(kw.kennzahl_id, kw.jahr, kw.periodenart, kw.wert).where(
        kw.kennzahl_id.in_(kennzahl_ids or [-1]), kw.jahr.in_(jahre), kw.sozialraum_id.is_(None), kw.wertart == "ist"))
    if df.empty:
        return pd.DataFrame(columns=["kennzahl_id", "jahr", "wert"])
    df["wert"] = df["wert"].astype(float)
    df["anzahl"] = df.groupby(["kennzahl_id", "jahr", "periodenart"])["wert"].transform("size")
    df = df[df["anzahl"] == df.groupby(["kennzahl_id", "jahr"])["anzahl"].transform("max")]
    art = df.groupby(["kennzahl_id", "jahr"])["periodenart"].transform("min")  # ties: one kind, deterministic
    return df[df["periodenart"] == art].groupby(["kennzahl_id", "jahr"], as_index=False)["wert"].mean()


def _zielverknuepfung(fabrik: sessionmaker[Session]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(product → goal with Handlungsfeld and share, product → counting Kennzahl with Richtung)."""
    zp, z, hf, zk, k = ZielProdukt, Ziel, Handlungsfeld, ZielKennzahl, Kennzahl
    ziele = tabelle_lesen(fabrik, select(zp.produkt_id, zp.ziel_id, zp.anteil, hf.code.label("hf_code"),
                                         hf.name.label("hf_name"))
                          .join(z, z.id == zp.ziel_id).join(hf, hf.id == z.handlungsfeld_id))
    ziele["anteil"] = ziele["anteil"].astype(float)
    kz = tabelle_lesen(fabrik, select(zp.produkt_id, zk.kennzahl_id, k.typ, k.richtung, k.korridor_unten,
                                      k.korridor_oben)
                       .join(zk, zk.ziel_id == zp.ziel_id).join(k, k.id == zk.kennzahl_id))
    for spalte in ("korridor_unten", "korridor_oben"):
        kz[spalte] = pd.to_numeric(kz[spalte], errors="coerce").astype(float)
    return ziele, kz


def _zielanteil_je_produkt(ziele: pd.DataFrame) -> pd.Series:
    """Σ contribution shares of each product over all its goals, at most 1 (index produkt_id)."""
    return ziele.groupby("produkt_id")["anteil"].sum().clip(upper=1.0)


@zwischenspeichern
def portfolio(fabrik: sessionmaker[Session], jahr_von: int, jahr_bis: int) -> pd.DataFrame:
    """Every product with an amount in both years: change of Zuschussbedarf, Wirkungssaldo, quadrant.

    Columns ``SPALTEN``: veraenderung (euro), veraenderung_anteil (relative), bewertbar/besser/schlechter/gleich
    (Kennzahlen of its goals), wirkungssaldo (−1 … +1, NaN without measurement), quadrant (key of
    ``QUADRANTEN``), quadrant_text; handlungsfelder / handlungsfeld_codes of its goals ("" without goal).
    """
    if jahr_von >= jahr_bis:
        raise ValueError(f"Der Zeitraum muss vorwärts laufen: {jahr_von} bis {jahr_bis}.")
    produkte = _produkte(fabrik)
    geld = jahresbetraege(fabrik, [jahr_von, jahr_bis])
    von = geld[geld["jahr"] == jahr_von].set_index("produkt_id")
    bis = geld[geld["jahr"] == jahr_bis].set_index("produkt_id")
    ziele, kz = _zielverknuepfung(fabrik)
    zaehlend = zaehlende_kennzahlen(kz)
    werte = _jahresmittel(fabrik, sorted({int(i) for i in zaehlend["kennzahl_id"]}), [jahr_von, jahr_bis])
    wirkung = wirkung_je_produkt(zaehlend, werte, jahr_von, jahr_bis).set_index("produkt_id")
    felder = ziele.drop_duplicates(["produkt_id", "hf_code"]).sort_values("hf_code").groupby("produkt_id")
    hf_namen, hf_codes = felder["hf_name"].agg(", ".join), felder["hf_code"].agg(",".join)

    df = produkte[produkte["produkt_id"].isin(von.index) & produkte["produkt_id"].isin(bis.index)].copy()
    df["handlungsfelder"] = df["produkt_id"].map(hf_namen).fillna("")
    df["handlungsfeld_codes"] = df["produkt_id"].map(hf_codes).fillna("")
    df["betrag_von"], df["art_von"] = df["produkt_id"].map(von["betrag"]), df["produkt_id"].map(von["art"])
    df["betrag_bis"], df["art_bis"] = df["produkt_id"].map(bis["betrag"]), df["produkt_id"].map(bis["art"])
    aenderung = [gf.veraenderung(b, v) for v, b in zip(df["betrag_von"], df["betrag_bis"], strict=True)]
    df["veraenderung"] = [a[0] for a in aenderung]
    df["veraenderung_anteil"] = [math.nan if a[1] is None else a[1] for a in aenderung]
    for spalte in ("bewertbar", "besser", "schlechter", "gleich"):
        df[spalte] = df["produkt_id"].map(wirkung[spalte]).fillna(0).astype(int)
    df["wirkungssaldo"] = df["produkt_id"].map(wirkung["wirkungssaldo"]).astype(float)
    df["quadrant"] = [quadrant(a, w) for a, w in zip(df["veraenderung_anteil"], df["wirkungssaldo"], strict=True)]
    df["quadrant_text"] = df["quadrant"].map(QUADRANTEN)
    for spalte in ("betrag_von", "betrag_bis", "veraenderung", "veraenderung_anteil"):
        df[spalte] = df[spalte].astype(float)
    return df[SPALTEN].reset_index(drop=True)


def portfolio_filtern(df: pd.DataFrame, aufgabe: str | None = None, handlungsfeld: str | None = None) -> pd.DataFrame:
    """Rows of ``portfolio`` of one Aufgabenart (pflicht, pflicht_ermessen, freiwillig) and one Handlungsfeld code."""
    if aufgabe:
        df = df[df["aufgabenart"] == aufgabe]
    if handlungsfeld:
        df = df[df["handlungsfeld_codes"].str.split(",").apply(lambda codes: handlungsfeld in codes)]
    return df.reset_index(drop=True)


@zwischenspeichern
def ohne_wirkungsmessung(fabrik: sessionmaker[Session], jahr: int) -> pd.DataFrame:
    """Products with money in ``jahr`` but no goal, or only goals without any Kennzahl.

    Columns: produkt_id, code, name, aufgabenart, grund ("kein Ziel" | "Ziel ohne Kennzahl"), betrag (euro),
    art (Ergebnis/Prognose/Ansatz), anteil_ohne_ziel (share of the product no goal accounts for, 0–1),
    betrag_ohne_ziel (betrag × that share). Largest amount first.
    """
    produkte = _produkte(fabrik)
    geld = jahresbetraege(fabrik, [jahr]).set_index("produkt_id")
    ziele, kz = _zielverknuepfung(fabrik)
    mit_ziel = set(ziele["produkt_id"])
    mit_kennzahl = set(kz["produkt_id"])
    df = produkte[produkte["produkt_id"].isin(geld.index)].copy()
    df["grund"] = ["kein Ziel" if p not in mit_ziel else "Ziel ohne Kennzahl" if p not in mit_kennzahl else None
                   for p in df["produkt_id"]]
    df = df[df["grund"].notna()].copy()
    df["betrag"] = df["produkt_id"].map(geld["betrag"]).astype(float)
    df["art"] = df["produkt_id"].map(geld["art"])
    anteile = _zielanteil_je_produkt(ziele)
    df["anteil_ohne_ziel"] = 1.0 - df["produkt_id"].map(anteile).fillna(0.0)
    df["betrag_ohne_ziel"] = df["betrag"] * df["anteil_ohne_ziel"]
    spalten = ["produkt_id", "code", "name", "aufgabenart", "grund", "betrag", "art", "anteil_ohne_ziel",
               "betrag_ohne_ziel"]
    return df.sort_values("betrag", ascending=False)[spalten].reset_index(drop=True)


@dataclass(frozen=True)
class AnteilOhneZiel:
    """The Zuschussbedarf of a year that no goal accounts for (products' shares left over), and its share."""

    jahr: int
    betrag_ohne_ziel: float
    gesamt: float
    anteil: float | None

    @property
    def text(self) -> str:
        """'12,3 % des Zuschussbedarfs 2026 (45,6 Mio. €) sind keinem Ziel zugeordnet.'"""
        if self.anteil is None:
            return f"Für {self.jahr} liegt kein Zuschussbedarf vor."
        return (f"{fmt.prozent(self.anteil, 1)} des Zuschussbedarfs {self.jahr} "
                f"({fmt.euro_kompakt(self.betrag_ohne_ziel)}) ist keinem Ziel zugeordnet.")


@zwischenspeichern
def anteil_ohne_ziel(fabrik: sessionmaker[Session], jahr: int) -> AnteilOhneZiel:
    """Share of the total Zuschussbedarf of ``jahr`` (products with a need, Ergebnis/Prognose/Ansatz) that no
    goal accounts for: Σ betrag × (1 − Σ Beitragsanteile, at most 1) ÷ Σ betrag."""
    geld = jahresbetraege(fabrik, [jahr])
    produkte = set(_produkte(fabrik)["produkt_id"])
    geld = geld[geld["produkt_id"].isin(produkte) & (geld["betrag"] > 0)]
    ziele, _ = _zielverknuepfung(fabrik)
    anteile = _zielanteil_je_produkt(ziele)
    rest = 1.0 - geld["produkt_id"].map(anteile).fillna(0.0)
    gesamt = float(geld["betrag"].sum())
    ohne = float((geld["betrag"] * rest).sum())
    return AnteilOhneZiel(jahr, ohne, gesamt, ohne / gesamt if gesamt > 0 else None)
