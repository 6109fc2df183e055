"""Queries for the Handlungsfeld view, and ``handlungsfeldansicht`` which assembles them with the cockpit
calculations (roll-up of goals) and ``kennzahlen.geldfluss`` (Sankey of the money).

SQL through SQLAlchemy expressions with bound parameters only; amounts come back as float euros
(Zuschussbedarf = −sum of the signed amounts), as in ``kennzahlen.abfragen``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen import geldfluss as gf
from kennzahlen.abfragen import _frame
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
from kennzahlen.perioden import Periode

GELD = ("ansatz", "ansatz_vorjahr", "ergebnis", "ergebnis_vorjahr", "prognose", "ist_bis", "ist_vorjahr_bis")
"""Money columns of ``zuschussbedarf`` (euro, float, NaN where no amount exists)."""


def handlungsfeld(fabrik: sessionmaker[Session], code: str) -> pd.DataFrame:
    """The Handlungsfeld with this code: 0 or 1 row with id, code, name, beschreibung, reihenfolge."""
    h = Handlungsfeld
    return _frame(fabrik, select(h.id, h.code, h.name, h.beschreibung, h.reihenfolge).where(h.code == code))


def feldprodukte(fabrik: sessionmaker[Session], handlungsfeld_id: int) -> pd.DataFrame:
    """Products with a contribution share in a goal of the field, with their place in the hierarchy.

    Columns: produkt_id, code, name, aufgabenart, produktgruppe_code, produktgruppe_name,
    produktbereich_code, produktbereich_name (None where the hierarchy has no such level); sorted by code.
    """
    p = Produkt
    gruppe, bereich = aliased(Produkt), aliased(Produkt)
    im_feld = (
        select(ZielProdukt.produkt_id)
        .join(Ziel, Ziel.id == ZielProdukt.ziel_id)
        .where(Ziel.handlungsfeld_id == handlungsfeld_id)
    )
    abfrage = (
        select(
            p.id.label("produkt_id"), p.code, p.name, p.aufgabenart,
            gruppe.code.label("produktgruppe_code"), gruppe.name.label("produktgruppe_name"),
            bereich.code.label("produktbereich_code"), bereich.name.label("produktbereich_name"),
        )
        .outerjoin(gruppe, gruppe.id == p.parent_id)
        .outerjoin(bereich, bereich.id == gruppe.parent_id)
        .where(p.id.in_(im_feld))
        .order_by(p.code)
    )
    df = _frame(fabrik, abfrage)
    # A product hanging directly below its Produktbereich (no group level): move the parent up.
    direkt = df["produktbereich_code"].isna() & df["produktgruppe_code"].notna() & (
        df["produktgruppe_code"].str.len() <= 2
    )
    df.loc[direkt, "produktbereich_code"] = df.loc[direkt, "produktgruppe_code"]
    df.loc[direkt, "produktbereich_name"] = df.loc[direkt, "produktgruppe_name"]
    df.loc[direkt, ["produktgruppe_code", "produktgruppe_name"]] = None
    return df


def produktanteile(fabrik: sessionmaker[Session], produkt_ids: list[int], handlungsfeld_id: int) -> pd.DataFrame:
    """Every contribution share of these products, also to goals of other fields.

    Columns: produkt_id, ziel_id, ziel_code, ziel_name, handlungsfeld_id, anteil (float 0–1),
    im_feld (the goal belongs to ``handlungsfeld_id``).
    """
    zp, z = ZielProdukt, Ziel
    df = _frame(
        fabrik,
        select(zp.produkt_id, zp.ziel_id, z.code.label("ziel_code"), z.name.label("ziel_name"), z.handlungsfeld_id,
               zp.anteil)
        .join(z, z.id == zp.ziel_id)
        .where(zp.produkt_id.in_(produkt_ids))
        .order_by(zp.produkt_id, z.code),
    )
    df["anteil"] = df["anteil"].astype(float)
    df["im_feld"] = df["handlungsfeld_id"] == handlungsfeld_id
    return df


def zuschussbedarf(fabrik: sessionmaker[Session], produkt_ids: list[int], periode: Periode) -> pd.DataFrame:
    """Zuschussbedarf of these products for the year of ``periode`` and the year before.

    Columns: produkt_id and ``GELD``: ansatz, ansatz_vorjahr, ergebnis, ergebnis_vorjahr, prognose
    (adopted version, whole year), ist_bis and ist_vorjahr_bis (Ist of the in-year periods up to and
    including the effective Stichtag ``abfragen.ist_stichtag``, and the same months one year earlier;
    NaN when the year has no Ist yet). One row per product asked for.
    """
    hb = Haushaltssumme
    jahr = periode.jahr
    bis = abfragen.ist_stichtag(fabrik, periode)
    jahresarten = ("ansatz", "ergebnis", "prognose")
    jahreswerte = _frame(
        fabrik,
        select(hb.produkt_id, hb.jahr, hb.betragsart, (-func.sum(hb.betrag)).label("betrag"))
        .where(hb.produkt_id.in_(produkt_ids), hb.jahr.in_([jahr - 1, jahr]), hb.betragsart.in_(jahresarten),
               hb.version == "beschluss", hb.periodenart == "jahr")
        .group_by(hb.produkt_id, hb.jahr, hb.betragsart),
    )
    ist = _frame(
        fabrik,
        select(hb.produkt_id, hb.jahr, (-func.sum(hb.betrag)).label("betrag"))
        .where(hb.produkt_id.in_(produkt_ids), hb.jahr.in_([jahr - 1, jahr]), hb.betragsart == "ist_unterjaehrig",
               hb.version == "beschluss", hb.periodenart == periode.art,
               hb.periode <= (bis.nummer if bis else 0))
        .group_by(hb.produkt_id, hb.jahr),
    )
    jahreswerte["spalte"] = jahreswerte["betragsart"] + np.where(jahreswerte["jahr"] == jahr, "", "_vorjahr")
    ist["spalte"] = np.where(ist["jahr"] == jahr, "ist_bis", "ist_vorjahr_bis")
    lang = pd.concat([jahreswerte[["produkt_id", "spalte", "betrag"]], ist[["produkt_id", "spalte", "betrag"]]])
    lang = lang[lang["spalte"].isin(GELD)].astype({"betrag": float})
    breit = lang.pivot(index="produkt_id", columns="spalte", values="betrag")
    ergebnis = breit.reindex(index=pd.Index(list(produkt_ids), name="produkt_id"), columns=list(GELD))
    ergebnis.columns.name = None
    return ergebnis.astype(float).reset_index()


def feldkennzahlen(fabrik: sessionmaker[Session], handlungsfeld_id: int) -> list[int]:
    """Ids of the Kennzahlen of the field: assigned to it, or measuring one of its goals."""
    ueber_ziele = (
        select(ZielKennzahl.kennzahl_id).join(Ziel, Ziel.id == ZielKennzahl.ziel_id)
        .where(Ziel.handlungsfeld_id == handlungsfeld_id)
    )
    abfrage = select(Kennzahl.id).where(
        (Kennzahl.handlungsfeld_id == handlungsfeld_id) | Kennzahl.id.in_(ueber_ziele)
    ).order_by(Kennzahl.code)
    with fabrik() as s:
        return list(s.scalars(abfrage))


def ist_vorjahr(fabrik: sessionmaker[Session], kennzahl_ids: list[int], periode: Periode) -> pd.DataFrame:
    """City-wide Ist of the same period one year earlier: kennzahl_id, vorjahr (float)."""
    kw = Kennzahlwert
    vj = periode.vorjahr()
    df = _frame(
        fabrik,
        select(kw.kennzahl_id, kw.wert.label("vorjahr"))
        .where(kw.kennzahl_id.in_(kennzahl_ids), kw.sozialraum_id.is_(None), kw.wertart == "ist",
               kw.jahr == vj.jahr, kw.periodenart == vj.art, kw.periode == vj.nummer),
    )
    df["vorjahr"] = df["vorjahr"].astype(float)
    return df


# ---------------------------------------------------------------------------------------------------
# The whole view
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handlungsfeldansicht:
    """Everything the Handlungsfeld view shows for one period and Betragsart.

    feld: the field's row of ``handlungsfelder_bewerten`` (grad, status_*).
    ziele: the field's goals from ``ziele_bewerten`` plus ``betrag`` (money attributed by share, euro).
    kennzahlen: the field's Kennzahlen from ``kennzahlen_bewerten`` plus vorjahr (Ist one year earlier).
    produkte: ``feldprodukte`` plus the ``GELD`` columns and betrag (the chosen amount).
    anteile: ``produktanteile``.
    fluss: the Sankey (``geldfluss``) of the chosen amount, small products merged per Produktgruppe.
    fluss_einzeln: the same without merging (for the table view).
    """

    periode: Periode
    wahl: gf.Betragswahl
    regeln: rechnen.Bewertungsregeln
    feld: pd.Series
    ziele: pd.DataFrame
    kennzahlen: pd.DataFrame
    produkte: pd.DataFrame
    anteile: pd.DataFrame
    fluss: gf.Geldfluss
    fluss_einzeln: gf.Geldfluss


def zielbetraege(ziele: pd.DataFrame, anteile: pd.DataFrame, produkte: pd.DataFrame) -> pd.Series:
    """Money attributed to each goal (product ``betrag`` × share), including that of its sub-goals.

    ``ziele``: id, parent_id; ``anteile``: ziel_id, produkt_id, anteil; ``produkte``: produkt_id, betrag.
    Returns a Series aligned with ``ziele``; NaN for a goal without any product amount below it.
    """
    teile = anteile.merge(produkte[["produkt_id", "betrag"]], on="produkt_id", how="inner")
    teile["teil"] = teile["betrag"] * teile["anteil"]
    eigen = teile.groupby("ziel_id")["teil"].sum(min_count=1).to_dict()
    kinder = ziele.groupby("parent_id")["id"].apply(list).to_dict() if not ziele.empty else {}

    def summe(ziel_id: int, pfad: frozenset[int]) -> float:
        werte = [eigen.get(ziel_id, float("nan"))]
        werte += [summe(k, pfad | {ziel_id}) for k in kinder.get(ziel_id, []) if k not in pfad]
        vorhanden = [w for w in werte if not pd.isna(w)]
        return float(sum(vorhanden)) if vorhanden else float("nan")

    return pd.Series([summe(int(i), frozenset()) for i in ziele["id"]], index=ziele.index, dtype=float)


SANKEY_HOECHSTENS = 14
"""At most this many products get their own Sankey node; smaller ones are merged per Produktgruppe."""
SANKEY_MINDESTANTEIL = 0.01
"""Products below this share of the field's total are merged per Produktgruppe."""


@zwischenspeichern
def handlungsfeldansicht(
    fabrik: sessionmaker[Session], code: str, periode: Periode, betragsart: str, regeln: rechnen.Bewertungsregeln
) -> Handlungsfeldansicht | None:
    """Load and compute the Handlungsfeld view (cached by arguments and data version); None when no field
    has this code."""
    feld = handlungsfeld(fabrik, code)
    if feld.empty:
        return None
    hf_id = int(feld.iloc[0]["id"])
    steckbrief = abfragen.kennzahlen(fabrik)
    bewertung = rechnen.kennzahlen_bewerten(steckbrief, abfragen.kennzahlwerte_stadt(fabrik, periode), regeln)
    alle_ziele = abfragen.ziele(fabrik)
    zielbewertung = rechnen.ziele_bewerten(alle_ziele, abfragen.ziel_kennzahl(fabrik), bewertung, regeln)
    feldbewertung = rechnen.handlungsfelder_bewerten(feld, zielbewertung, regeln).iloc[0]

    produkte = feldprodukte(fabrik, hf_id)
    ids = [int(i) for i in produkte["produkt_id"]]
    anteile = produktanteile(fabrik, ids, hf_id)
    geld = zuschussbedarf(fabrik, ids, periode)
    wahl = gf.betrag_waehlen(betragsart, abfragen.ist_stichtag(fabrik, periode) or periode,
                             bool(geld["ergebnis"].notna().any()))
    produkte = produkte.merge(geld, on="produkt_id", how="left")
    produkte["betrag"] = produkte[wahl.spalte]

    ziele = zielbewertung[zielbewertung["handlungsfeld_id"] == hf_id].copy()
    ziele["betrag"] = zielbetraege(ziele, anteile, produkte)

    kz_ids = feldkennzahlen(fabrik, hf_id)
    kennzahlen = bewertung[bewertung["id"].isin(kz_ids)].merge(
        ist_vorjahr(fabrik, kz_ids, periode), left_on="id", right_on="kennzahl_id", how="left"
    ).drop(columns="kennzahl_id")
    zk = abfragen.ziel_kennzahl(fabrik)
    codes = dict(zip(ziele["id"], ziele["code"], strict=True))
    zk = zk[zk["ziel_id"].isin(codes)]
    je_kennzahl = zk.groupby("kennzahl_id")["ziel_id"].apply(lambda s: ", ".join(sorted(codes[i] for i in s)))
    kennzahlen["ziele"] = kennzahlen["id"].map(je_kennzahl)

    fluss = gf.geldfluss(produkte, anteile, SANKEY_HOECHSTENS, SANKEY_MINDESTANTEIL)
    return Handlungsfeldansicht(periode, wahl, regeln, feldbewertung, ziele.reset_index(drop=True),
                                kennzahlen.reset_index(drop=True), produkte, anteile, fluss,
                                gf.geldfluss(produkte, anteile))
