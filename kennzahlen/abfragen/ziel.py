"""Queries for the Ziel view, and ``zielansicht`` which assembles them with the status roll-up and the
calculations of ``kennzahlen.geldfluss`` (trends, cost per case, money attributed by share).

SQL through SQLAlchemy expressions with bound parameters only; amounts come back as float euros
(Zuschussbedarf = −sum of the signed amounts).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen import geldfluss as gf
from kennzahlen.abfragen import _frame
from kennzahlen.abfragen.handlungsfeld import zielbetraege, zuschussbedarf
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    Handlungsfeld,
    Haushaltssumme,
    Kennzahl,
    Kennzahlwert,
    Kommentar,
    Organisationseinheit,
    Produkt,
    ProduktKennzahl,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)
from kennzahlen.perioden import Periode

VERLAUF_JAHRE = 4
"""How many years (including the chosen one) the trend charts cover."""


def ziel(fabrik: sessionmaker[Session], code: str) -> pd.DataFrame:
    """The goal with this code: 0 or 1 row with id, code, name, beschreibung, ebene, zielfeld,
    handlungsfeld_id, handlungsfeld_code, handlungsfeld_name, parent_id, parent_code, parent_name,
    organisationseinheit, gueltig_von, gueltig_bis, leichte_sprache (text or None)."""
    z, eltern, hf, oe = Ziel, aliased(Ziel), Handlungsfeld, Organisationseinheit
    return _frame(
        fabrik,
        select(
            z.id, z.code, z.name, z.beschreibung, z.ebene, z.zielfeld, z.handlungsfeld_id,
            hf.code.label("handlungsfeld_code"), hf.name.label("handlungsfeld_name"), z.parent_id,
            eltern.code.label("parent_code"), eltern.name.label("parent_name"),
            oe.name.label("organisationseinheit"), z.gueltig_von, z.gueltig_bis, z.leichte_sprache,
        )
        .join(hf, hf.id == z.handlungsfeld_id)
        .outerjoin(eltern, eltern.id == z.parent_id)
        .outerjoin(oe, oe.id == z.organisationseinheit_id)
        .where(z.code == code),
    )


def zielkennzahlen(fabrik: sessionmaker[Session], ziel_ids: list[int]) -> pd.DataFrame:
    """Kennzahlen measuring these goals: ziel_id, kennzahl_id, gewicht (float)."""
    zk = ZielKennzahl
    df = _frame(fabrik, select(zk.ziel_id, zk.kennzahl_id, zk.gewicht).where(zk.ziel_id.in_(ziel_ids)))
    df["gewicht"] = df["gewicht"].astype(float)
    return df


def zielprodukte(fabrik: sessionmaker[Session], ziel_ids: list[int]) -> pd.DataFrame:
    """Products contributing to these goals: ziel_id, produkt_id, code, name, aufgabenart, anteil (float)."""
    zp, p = ZielProdukt, Produkt
    df = _frame(
        fabrik,
        select(zp.ziel_id, zp.produkt_id, p.code, p.name, p.aufgabenart, zp.anteil)
        .join(p, p.id == zp.produkt_id)
        .where(zp.ziel_id.in_(ziel_ids))
        .order_by(p.code),
    )
    df["anteil"] = df["anteil"].astype(float)
    return df


def bezugsgroessen(fabrik: sessionmaker[Session], produkt_ids: list[int]) -> pd.DataFrame:
    """What a product's cost can be divided by: its Fallzahl Kennzahl (rolle "fallzahl") and, if it has
    one, its Wirkung rate (rolle "wirkung", typ "wirkung", einheit "%").

    Columns: produkt_id, fallzahl_id, fallzahl_code, fallzahl_name, fallzahl_einheit, wirkung_id,
    wirkung_code, wirkung_name (NaN/None without a Wirkung rate). One row per Fallzahl.
    """
    pk, k = ProduktKennzahl, Kennzahl
    fall = _frame(
        fabrik,
        select(pk.produkt_id, k.id.label("fallzahl_id"), k.code.label("fallzahl_code"),
               k.name.label("fallzahl_name"), k.einheit.label("fallzahl_einheit"))
        .join(k, k.id == pk.kennzahl_id)
        .where(pk.produkt_id.in_(produkt_ids), pk.rolle == "fallzahl")
        .order_by(pk.produkt_id, k.code),
    )
    wirkung = _frame(
        fabrik,
        select(pk.produkt_id, k.id.label("wirkung_id"), k.code.label("wirkung_code"), k.name.label("wirkung_name"))
        .join(k, k.id == pk.kennzahl_id)
        .where(pk.produkt_id.in_(produkt_ids), pk.rolle == "wirkung", k.typ == "wirkung", k.einheit == "%")
        .order_by(pk.produkt_id, k.code),
    ).drop_duplicates("produkt_id")
    return fall.merge(wirkung, on="produkt_id", how="left")


def kennzahlverlauf(
    fabrik: sessionmaker[Session], kennzahl_ids: list[int], von_jahr: int, bis: Periode
) -> pd.DataFrame:
    """City-wide Ist values of the periods of ``bis.art`` from ``von_jahr`` up to and including ``bis``.

    Columns: kennzahl_id, jahr, periode, wert (float); sorted by Kennzahl and time.
    """
    kw = Kennzahlwert
    df = _frame(
        fabrik,
        select(kw.kennzahl_id, kw.jahr, kw.periode, kw.wert)
        .where(
            kw.kennzahl_id.in_(kennzahl_ids), kw.sozialraum_id.is_(None), kw.wertart == "ist",
            kw.periodenart == bis.art, kw.jahr >= von_jahr,
            or_(kw.jahr < bis.jahr, and_(kw.jahr == bis.jahr, kw.periode <= bis.nummer)),
        )
        .order_by(kw.kennzahl_id, kw.jahr, kw.periode),
    )
    df["wert"] = df["wert"].astype(float)
    return df


def jahreszielwerte(
    fabrik: sessionmaker[Session], kennzahl_ids: list[int], von_jahr: int, bis_jahr: int
) -> pd.DataFrame:
    """City-wide Zielwerte of whole years: kennzahl_id, jahr, zielwert (float)."""
    kw = Kennzahlwert
    df = _frame(
        fabrik,
        select(kw.kennzahl_id, kw.jahr, kw.wert.label("zielwert"))
        .where(kw.kennzahl_id.in_(kennzahl_ids), kw.sozialraum_id.is_(None), kw.wertart == "zielwert",
               kw.periodenart == "jahr", kw.jahr.between(von_jahr, bis_jahr))
        .order_by(kw.kennzahl_id, kw.jahr),
    )
    df["zielwert"] = df["zielwert"].astype(float)
    return df


def ergebnisverlauf(
    fabrik: sessionmaker[Session], produkt_ids: list[int], von_jahr: int, bis_jahr: int
) -> pd.DataFrame:
    """Zuschussbedarf of closed years (Ergebnis): produkt_id, jahr, ergebnis (float euro)."""
    hb = Haushaltssumme
    df = _frame(
        fabrik,
        select(hb.produkt_id, hb.jahr, (-func.sum(hb.betrag)).label("ergebnis"))
        .where(hb.produkt_id.in_(produkt_ids), hb.betragsart == "ergebnis", hb.periodenart == "jahr",
               hb.jahr.between(von_jahr, bis_jahr))
        .group_by(hb.produkt_id, hb.jahr)
        .order_by(hb.produkt_id, hb.jahr),
    )
    df["ergebnis"] = df["ergebnis"].astype(float)
    return df


OFFENE_STATUS = ("offen", "in_umsetzung")


def kommentare(
    fabrik: sessionmaker[Session],
    ziel_ids: list[int],
    kennzahl_ids: list[int],
    produkt_ids: list[int],
    periode: Periode,
) -> pd.DataFrame:
    """Comments on these goals, Kennzahlen and products: those of ``periode``'s year (any period kind)
    and every open or running Maßnahme regardless of its period.

    Columns: id, art, text, verantwortlich, frist (date or None), massnahmenstatus, autor, erstellt_am,
    jahr, periodenart, periode, objektart ("ziel" | "kennzahl" | "produkt"), objekt_code, objekt_name,
    zeitbezug ("periode": of the chosen period, "frueher": earlier in the same year, "offen": an open
    Maßnahme of another period). Later periods of the year are left out. Sorted: period first, then
    deadline.
    """
    k, z, kz, p = Kommentar, Ziel, Kennzahl, Produkt
    abfrage = (
        select(
            k.id, k.art, k.text, k.verantwortlich, k.frist, k.massnahmenstatus, k.autor, k.erstellt_am, k.jahr,
            k.periodenart, k.periode, k.ziel_id, k.kennzahl_id, k.produkt_id,
            z.code.label("ziel_code"), z.name.label("ziel_name"), kz.code.label("kennzahl_code"),
            kz.name.label("kennzahl_name"), p.code.label("produkt_code"), p.name.label("produkt_name"),
        )
        .outerjoin(z, z.id == k.ziel_id)
        .outerjoin(kz, kz.id == k.kennzahl_id)
        .outerjoin(p, p.id == k.produkt_id)
        .where(
            or_(k.ziel_id.in_(ziel_ids), k.kennzahl_id.in_(kennzahl_ids), k.produkt_id.in_(produkt_ids)),
            or_(k.jahr == periode.jahr, and_(k.art == "massnahme", k.massnahmenstatus.in_(OFFENE_STATUS))),
        )
        .order_by(k.jahr, k.periode, k.frist, k.id)
    )
    roh = _frame(fabrik, abfrage)
    spalten = ["id", "art", "text", "verantwortlich", "frist", "massnahmenstatus", "autor", "erstellt_am", "jahr",
               "periodenart", "periode", "objektart", "objekt_code", "objekt_name", "zeitbezug"]
    if roh.empty:
        return pd.DataFrame(columns=spalten)
    objektart, code, name, bezug = [], [], [], []
    for r in roh.itertuples(index=False):
        art = "ziel" if not pd.isna(r.ziel_id) else "kennzahl" if not pd.isna(r.kennzahl_id) else "produkt"
        objektart.append(art)
        code.append(getattr(r, f"{art}_code"))
        name.append(getattr(r, f"{art}_name"))
        bezug.append(_zeitbezug(r, periode))
    roh["objektart"], roh["objekt_code"], roh["objekt_name"], roh["zeitbezug"] = objektart, code, name, bezug
    return roh[roh["zeitbezug"].notna()][spalten].reset_index(drop=True)


def _zeitbezug(r, periode: Periode) -> str | None:
    """Where a comment stands relative to the chosen period (see ``kommentare``); None = leave out."""
    try:
        eigene = Periode(int(r.jahr), r.periodenart, int(r.periode))
    except ValueError:
        return None
    if eigene == periode:
        return "periode"
    offen = r.art == "massnahme" and r.massnahmenstatus in OFFENE_STATUS
    if eigene.jahr == periode.jahr and eigene.ende <= periode.ende and eigene.art != "jahr":
        return "frueher"
    if eigene.jahr == periode.jahr and eigene.art == "jahr" and periode.anteil_am_jahr == 1.0:
        return "periode"
    return "offen" if offen else None


# ---------------------------------------------------------------------------------------------------
# The whole view
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zielansicht:
    """Everything the Ziel view shows for one period and Betragsart.

    ziel: the goal's row of ``ziele_bewerten`` (grad, status_*, anzahl_*) plus the columns of ``ziel``.
    unterziele: rated descendants (id, code, name, parent_id, ebene, grad, status_*, betrag).
    kennzahlen: one row per (goal, Kennzahl): ``kennzahlen_bewerten`` columns plus ziel_id, ziel_code,
      gewicht, vorjahr (Ist one year earlier).
    verlauf: ``kennzahlverlauf`` of these Kennzahlen; zielwerte: ``jahreszielwerte``.
    produkte: one row per product: produkt_id, code, name, aufgabenart, anteil (summed over the goal and
      its sub-goals), the ``GELD`` columns, betrag (chosen amount), zugerechnet (betrag × anteil),
      vergleich (the same kind one year earlier).
    produktverlauf: produkt_id, code, name, jahr, bezeichnung (e.g. "2025 Ergebnis"), betrag (whole
      product), zugerechnet (× anteil); earlier years as Ergebnis, the chosen year as chosen.
    kosten: ``geldfluss.kosten_je_fall`` plus code and name of the product.
    kommentare: ``kommentare``.
    """

    periode: Periode
    wahl: gf.Betragswahl
    regeln: rechnen.Bewertungsregeln
    ziel: pd.Series
    unterziele: pd.DataFrame
    kennzahlen: pd.DataFrame
    verlauf: pd.DataFrame
    zielwerte: pd.DataFrame
    produkte: pd.DataFrame
    produktverlauf: pd.DataFrame
    kosten: pd.DataFrame
    kommentare: pd.DataFrame


def _nachfahren(ziele: pd.DataFrame, ziel_id: int) -> list[int]:
    """Ids of all sub-goals of ``ziel_id`` (depth first, cycles in bad master data ignored)."""
    kinder = ziele.groupby("parent_id")["id"].apply(list).to_dict() if not ziele.empty else {}
    gesehen: list[int] = []
    offen = list(kinder.get(ziel_id, []))
    while offen:
        kind = int(offen.pop(0))
        if kind in gesehen or kind == ziel_id:
            continue
        gesehen.append(kind)
        offen.extend(kinder.get(kind, []))
    return gesehen


@zwischenspeichern
def zielansicht(
    fabrik: sessionmaker[Session], code: str, periode: Periode, betragsart: str, regeln: rechnen.Bewertungsregeln
) -> Zielansicht | None:
    """Load and compute the Ziel view (cached by arguments and data version); None when no goal has this
    code."""
    kopf = ziel(fabrik, code)
    if kopf.empty:
        return None
    ziel_id = int(kopf.iloc[0]["id"])
    steckbrief = abfragen.kennzahlen(fabrik)
    bewertung = rechnen.kennzahlen_bewerten(steckbrief, abfragen.kennzahlwerte_stadt(fabrik, periode), regeln)
    alle_ziele = abfragen.ziele(fabrik)
    zielbewertung = rechnen.ziele_bewerten(alle_ziele, abfragen.ziel_kennzahl(fabrik), bewertung, regeln)
    unter_ids = _nachfahren(alle_ziele, ziel_id)
    ziel_ids = [ziel_id, *unter_ids]
    codes = dict(zip(alle_ziele["id"], alle_ziele["code"], strict=True))

    # Kennzahlen of the goal and its sub-goals, rated, with trend
    zk = zielkennzahlen(fabrik, ziel_ids)
    kz_ids = sorted({int(i) for i in zk["kennzahl_id"]})
    von_jahr = periode.jahr - VERLAUF_JAHRE + 1
    verlauf = kennzahlverlauf(fabrik, kz_ids, von_jahr - 1, periode)
    trend = gf.kennzahltrend(verlauf, periode, kz_ids)[["kennzahl_id", "vorjahr"]]
    kennzahlen = (
        zk.merge(bewertung, left_on="kennzahl_id", right_on="id", how="inner")
        .merge(trend, on="kennzahl_id", how="left")
        .drop(columns="kennzahl_id")
    )
    kennzahlen["ziel_code"] = kennzahlen["ziel_id"].map(codes)
    kennzahlen = kennzahlen.sort_values(["ziel_code", "code"]).reset_index(drop=True)

    # Products with the chosen amount and what is attributed to the goal
    zp = zielprodukte(fabrik, ziel_ids)
    prod_ids = sorted({int(i) for i in zp["produkt_id"]})
    geld = zuschussbedarf(fabrik, prod_ids, periode)
    bis = abfragen.ist_stichtag(fabrik, periode) or periode  # Ist and Vorjahr over the same months
    wahl = gf.betrag_waehlen(betragsart, bis, bool(geld["ergebnis"].notna().any()))
    produkte = (
        zp.groupby(["produkt_id", "code", "name"], as_index=False, dropna=False)
        .agg(aufgabenart=("aufgabenart", "first"), anteil=("anteil", "sum"))
        .merge(geld, on="produkt_id", how="left")
    )
    produkte["anteil"] = produkte["anteil"].clip(upper=1.0)
    produkte["betrag"] = produkte[wahl.spalte]
    produkte["zugerechnet"] = produkte["betrag"] * produkte["anteil"]
    produkte["vergleich"] = produkte[wahl.vergleich_spalte]

    historie = ergebnisverlauf(fabrik, prod_ids, von_jahr, periode.jahr - 1)
    jetzt = produkte[["produkt_id", "betrag"]].assign(jahr=periode.jahr, bezeichnung=wahl.bezeichnung)
    frueher = historie.rename(columns={"ergebnis": "betrag"})
    frueher["bezeichnung"] = "Ergebnis " + frueher["jahr"].astype(str)
    produktverlauf = pd.concat([frueher, jetzt], ignore_index=True).merge(
        produkte[["produkt_id", "code", "name", "anteil"]], on="produkt_id"
    )
    produktverlauf["zugerechnet"] = produktverlauf["betrag"] * produktverlauf["anteil"]
    produktverlauf = produktverlauf.sort_values(["jahr", "code"]).reset_index(drop=True)

    bezug = bezugsgroessen(fabrik, prod_ids)
    fall_ids = sorted({int(i) for i in bezug["fallzahl_id"]} | {int(i) for i in bezug["wirkung_id"].dropna()})
    fallverlauf = kennzahlverlauf(fabrik, fall_ids, periode.jahr - 1, periode)
    kosten = gf.kosten_je_fall(produkte, bezug, fallverlauf, wahl, bis).merge(
        produkte[["produkt_id", "code", "name"]], on="produkt_id"
    )

    zeile = zielbewertung[zielbewertung["id"] == ziel_id].iloc[0]
    kopfzeile = pd.concat([zeile, kopf.iloc[0].drop(labels=[c for c in kopf.columns if c in zeile.index])])
    unterziele = zielbewertung[zielbewertung["id"].isin(unter_ids)].copy()
    alle_zp = zp[["ziel_id", "produkt_id", "anteil"]]
    geldbasis = produkte[["produkt_id", "betrag"]]
    unterziele["betrag"] = zielbetraege(unterziele, alle_zp, geldbasis)
    kopfzeile["betrag"] = float(produkte["zugerechnet"].sum(min_count=1))

    return Zielansicht(
        periode=periode, wahl=wahl, regeln=regeln, ziel=kopfzeile, unterziele=unterziele.reset_index(drop=True),
        kennzahlen=kennzahlen, verlauf=verlauf[verlauf["jahr"] >= von_jahr].reset_index(drop=True),
        zielwerte=jahreszielwerte(fabrik, kz_ids, von_jahr, periode.jahr),
        produkte=produkte.sort_values("code").reset_index(drop=True), produktverlauf=produktverlauf,
        kosten=kosten, kommentare=kommentare(fabrik, ziel_ids, kz_ids, prod_ids, periode),
    )
