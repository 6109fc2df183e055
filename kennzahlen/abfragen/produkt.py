"""Queries behind the Produkt view: the product, its hierarchy, budget amounts per year, goals, Kennzahlen.

Every function takes a session factory and plain parameters, builds SQLAlchemy expressions with bound
parameters and returns a DataFrame whose columns are listed in its docstring (empty frames keep them).
Amounts come back as float euros, signed as stored (Erträge +, Aufwendungen −); the Zuschussbedarf
(−Ergebnis) is computed in ``kennzahlen.zeitreihe``.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    Handlungsfeld,
    Haushaltssumme,
    Kennzahl,
    Organisationseinheit,
    Produkt,
    ProduktKennzahl,
    Ziel,
    ZielProdukt,
)

_frame = tabelle_lesen


@zwischenspeichern
def produkt(fabrik: sessionmaker[Session], code: str) -> pd.DataFrame:
    """The product node ``code`` (Produktbereich, Produktgruppe or Produkt): one row, or none if unknown.

    Columns: id, code, name, ebene, parent_id, aufgabenart, beschreibung, organisationseinheit_code,
    organisationseinheit.
    """
    p, oe = Produkt, Organisationseinheit
    return _frame(
        fabrik,
        select(p.id, p.code, p.name, p.ebene, p.parent_id, p.aufgabenart, p.beschreibung,
               oe.code.label("organisationseinheit_code"), oe.name.label("organisationseinheit"))
        .outerjoin(oe, oe.id == p.organisationseinheit_id)
        .where(p.code == code),
    )


@zwischenspeichern
def hierarchie(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """The whole product hierarchy (small: one row per node). Columns: id, code, name, ebene, parent_id,
    aufgabenart. Sorted by code; parent_id is NaN for Produktbereiche."""
    p = Produkt
    return _frame(fabrik, select(p.id, p.code, p.name, p.ebene, p.parent_id, p.aufgabenart).order_by(p.code))


@zwischenspeichern
def haushaltsbetraege(
    fabrik: sessionmaker[Session], produkt_ids: list[int], version: str = "beschluss"
) -> pd.DataFrame:
    """Budget amounts of the given products summed over all plan lines (= line Ergebnis), per period.

    Columns: produkt_id, jahr, periodenart, periode, betragsart, betrag (float euro, signed as stored:
    negative = Zuschussbedarf). Only ``version`` (actuals are stored as 'beschluss'). Read from the summary
    ``Haushaltssumme``, which holds exactly one row per product, period, kind and version.
    """
    hb = Haushaltssumme
    if not produkt_ids:
        produkt_ids = [-1]
    return _frame(
        fabrik,
        select(hb.produkt_id, hb.jahr, hb.periodenart, hb.periode, hb.betragsart, hb.betrag)
        .where(hb.produkt_id.in_(produkt_ids), hb.version == version)
        .order_by(hb.produkt_id, hb.jahr, hb.betragsart, hb.periodenart, hb.periode),
    ).astype({"betrag": float})


@zwischenspeichern
def ziele(fabrik: sessionmaker[Session], produkt_ids: list[int]) -> pd.DataFrame:
    """The goals the given products serve, with the share of the product's money.

    Columns: produkt_id, produkt_code, ziel_id, code, name, ebene, parent_id, handlungsfeld_code,
    handlungsfeld_name, anteil (float 0–1). Sorted by goal code, then product code.
    """
    z, zp, p, hf = Ziel, ZielProdukt, Produkt, Handlungsfeld
    df = _frame(
        fabrik,
        select(zp.produkt_id, p.code.label("produkt_code"), z.id.label("ziel_id"), z.code, z.name, z.ebene,
               z.parent_id, hf.code.label("handlungsfeld_code"), hf.name.label("handlungsfeld_name"), zp.anteil)
        .join(z, z.id == zp.ziel_id)
        .join(p, p.id == zp.produkt_id)
        .join(hf, hf.id == z.handlungsfeld_id)
        .where(zp.produkt_id.in_(produkt_ids or [-1]))
        .order_by(z.code, p.code),
    )
    df["anteil"] = df["anteil"].astype(float)
    return df


@zwischenspeichern
def kennzahlen(fabrik: sessionmaker[Session], produkt_ids: list[int]) -> pd.DataFrame:
    """The Kennzahlen linked to the given products.

    Columns: produkt_id, produkt_code, kennzahl_id, code, name, einheit, typ, rolle. Sorted by Kennzahl
    code, then product code.
    """
    k, pk, p = Kennzahl, ProduktKennzahl, Produkt
    return _frame(
        fabrik,
        select(pk.produkt_id, p.code.label("produkt_code"), k.id.label("kennzahl_id"), k.code, k.name, k.einheit,
               k.typ, pk.rolle)
        .join(k, k.id == pk.kennzahl_id)
        .join(p, p.id == pk.produkt_id)
        .where(pk.produkt_id.in_(produkt_ids or [-1]))
        .order_by(k.code, p.code),
    )
