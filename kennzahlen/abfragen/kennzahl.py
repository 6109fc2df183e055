"""Queries behind the Kennzahl view (Steckbrief): definition, all values, districts, links, comments.

Every function takes a session factory and plain parameters, builds SQLAlchemy expressions with bound
parameters and returns a DataFrame whose columns are listed in its docstring (empty frames keep them).
Values come back as float; NULL becomes NaN (numbers) or None (text).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kennzahlen import kleine_zahlen
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    Handlungsfeld,
    Kennzahl,
    Kennzahlwert,
    Kommentar,
    Organisationseinheit,
    Produkt,
    ProduktKennzahl,
    Sozialraum,
    Ziel,
    ZielKennzahl,
)

_frame = tabelle_lesen


def _float(df: pd.DataFrame, *spalten: str) -> pd.DataFrame:
    for spalte in spalten:
        df[spalte] = pd.to_numeric(df[spalte], errors="coerce").astype(float)
    return df


@zwischenspeichern
def steckbrief(fabrik: sessionmaker[Session], code: str) -> pd.DataFrame:
    """The Steckbrief of the Kennzahl ``code``: one row, or none when the code is unknown.

    Columns: id, code, name, beschreibung, einheit, zaehler, nenner, quelle, frequenz, typ, richtung,
    korridor_unten, korridor_oben (float), steuerbar, raumebene, nachkommastellen, fallzahl (bool: counts
    people or cases, so small district values are suppressed), handlungsfeld_id, handlungsfeld_code,
    handlungsfeld_name, organisationseinheit_code, organisationseinheit, leichte_sprache (text or None).
    """
    k, hf, oe = Kennzahl, Handlungsfeld, Organisationseinheit
    abfrage = (
        select(
            k.id, k.code, k.name, k.beschreibung, k.einheit, k.zaehler, k.nenner, k.quelle, k.frequenz, k.typ,
            k.richtung, k.korridor_unten, k.korridor_oben, k.steuerbar, k.raumebene, k.nachkommastellen,
            k.fallzahl, k.handlungsfeld_id, hf.code.label("handlungsfeld_code"), hf.name.label("handlungsfeld_name"),
            oe.code.label("organisationseinheit_code"), oe.name.label("organisationseinheit"), k.leichte_sprache,
        )
        .outerjoin(hf, hf.id == k.handlungsfeld_id)
        .outerjoin(oe, oe.id == k.organisationseinheit_id)
        .where(k.code == code)
    )
    return _float(_frame(fabrik, abfrage), "korridor_unten", "korridor_oben")


@zwischenspeichern
def werte(fabrik: sessionmaker[Session], kennzahl_id: int,
          mindestfallzahl: int = kleine_zahlen.MINDESTFALLZAHL) -> pd.DataFrame:
    """Every stored value of one Kennzahl, for the city and each Sozialraum, all kinds – small numbers
    already protected (``kleine_zahlen.werte_schuetzen`` with ``mindestfallzahl``, the setting
    WK_MINDESTFALLZAHL): no caller ever gets a suppressed district value.

    Columns: jahr, periodenart, periode, sozialraum_code (None = Gesamtstadt), wertart, wert (float; NaN
    where suppressed), status ('vorlaeufig' | 'endgueltig'), unterdrueckt (bool). Sorted by sozialraum,
    wertart, jahr, periodenart, periode.
    """
    kw, sr = Kennzahlwert, Sozialraum
    abfrage = (
        select(kw.jahr, kw.periodenart, kw.periode, sr.code.label("sozialraum_code"), kw.wertart, kw.wert,
               kw.status)
        .outerjoin(sr, sr.id == kw.sozialraum_id)
        .where(kw.kennzahl_id == kennzahl_id)
        .order_by(sr.code, kw.wertart, kw.jahr, kw.periodenart, kw.periode)
    )
    df = _frame(fabrik, abfrage)
    df["sozialraum_code"] = df["sozialraum_code"].astype(object).where(df["sozialraum_code"].notna(), None)
    df = _float(df, "wert")
    if not df["sozialraum_code"].notna().any():
        return df.assign(unterdrueckt=False)
    with fabrik() as s:
        fallzahl = s.scalar(select(Kennzahl.fallzahl).where(Kennzahl.id == kennzahl_id))
    return kleine_zahlen.werte_schuetzen(df, sozialraeume(fabrik), True if fallzahl is None else bool(fallzahl),
                                         int(mindestfallzahl))


@zwischenspeichern
def sozialraeume(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """The Sozialräume (ebene 'sozialraum', not the Bezirke) with their Bezirk and boundary.

    Columns: code, name, bezirk_code, bezirk_name, geometrie (GeoJSON geometry as text, or None).
    Sorted by code.
    """
    sr = Sozialraum
    bezirk = aliased(Sozialraum)
    abfrage = (
        select(sr.code, sr.name, bezirk.code.label("bezirk_code"), bezirk.name.label("bezirk_name"), sr.geometrie)
        .outerjoin(bezirk, bezirk.id == sr.parent_id)
        .where(sr.ebene == "sozialraum")
        .order_by(sr.code)
    )
    return _frame(fabrik, abfrage)


@zwischenspeichern
def ziele(fabrik: sessionmaker[Session], kennzahl_id: int) -> pd.DataFrame:
    """The goals this Kennzahl measures.

    Columns: id, code, name, ebene, gewicht (float), parent_id, handlungsfeld_code, handlungsfeld_name.
    Sorted by code.
    """
    z, zk, hf = Ziel, ZielKennzahl, Handlungsfeld
    abfrage = (
        select(z.id, z.code, z.name, z.ebene, zk.gewicht, z.parent_id, hf.code.label("handlungsfeld_code"),
               hf.name.label("handlungsfeld_name"))
        .join(zk, zk.ziel_id == z.id)
        .join(hf, hf.id == z.handlungsfeld_id)
        .where(zk.kennzahl_id == kennzahl_id)
        .order_by(z.code)
    )
    return _float(_frame(fabrik, abfrage), "gewicht")


@zwischenspeichern
def produkte(fabrik: sessionmaker[Session], kennzahl_id: int) -> pd.DataFrame:
    """The budget products this Kennzahl describes (e.g. as their Fallzahl).

    Columns: id, code, name, ebene, aufgabenart, rolle ('fallzahl', 'leistung', 'wirkung' …). Sorted by code.
    """
    p, pk = Produkt, ProduktKennzahl
    abfrage = (
        select(p.id, p.code, p.name, p.ebene, p.aufgabenart, pk.rolle)
        .join(pk, pk.produkt_id == p.id)
        .where(pk.kennzahl_id == kennzahl_id)
        .order_by(p.code)
    )
    return _frame(fabrik, abfrage)


KOMMENTARSPALTEN = (
    "id", "jahr", "periodenart", "periode", "art", "text", "verantwortlich", "frist", "massnahmenstatus", "autor",
)


@zwischenspeichern
def kommentare(
    fabrik: sessionmaker[Session], *, kennzahl_id: int | None = None, produkt_ids: list[int] | None = None
) -> pd.DataFrame:
    """Abweichungsbegründungen, Maßnahmen and Hinweise on one Kennzahl or on some products, newest first.

    Columns: id, jahr, periodenart, periode, art, text, verantwortlich, frist (date or None),
    massnahmenstatus, autor, produkt_code (None for a Kennzahl's comments).
    """
    k, p = Kommentar, Produkt
    abfrage = select(*(getattr(k, s) for s in KOMMENTARSPALTEN), p.code.label("produkt_code")).outerjoin(
        p, p.id == k.produkt_id
    )
    if kennzahl_id is not None:
        abfrage = abfrage.where(k.kennzahl_id == kennzahl_id)
    elif produkt_ids:
        abfrage = abfrage.where(k.produkt_id.in_(produkt_ids))
    else:
        abfrage = abfrage.where(k.id.is_(None))
    return _frame(fabrik, abfrage.order_by(k.jahr.desc(), k.periode.desc(), k.id.desc()))
