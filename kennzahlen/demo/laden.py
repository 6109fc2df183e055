"""Loads the demo city into a database (one transaction) and fingerprints the domain tables."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.demo.erzeugen import erzeugen
from kennzahlen.models import (
    Base,
    Bevoelkerung,
    Handlungsfeld,
    Haushaltsbetrag,
    Importprotokoll,
    Kennzahl,
    Kennzahlwert,
    Kommentar,
    Kommune,
    Organisationseinheit,
    Periodenabschluss,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Rollenzuweisung,
    Sozialraum,
    Wertaenderung,
    Zeilenschema,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)

DEMO_MODELLE = (
    Kommune, Organisationseinheit, Handlungsfeld, Sozialraum, Bevoelkerung, Zeilenschema, Planzeile, Produkt,
    Ziel, Kennzahl, ZielKennzahl, ZielProdukt, ProduktKennzahl, Importprotokoll, Kennzahlwert, Wertaenderung,
    Haushaltsbetrag, Kommentar, Periodenabschluss,
)
"""The domain tables demo_laden replaces (users, role assignments, settings and the audit trail stay)."""
DEMO_TABELLEN = tuple(m.__tablename__ for m in DEMO_MODELLE)


def _rollen_merken(session: Session) -> list[tuple[int, str | None, str | None]]:
    """Role assignments limited to a Handlungsfeld or unit, by code; their references are cleared."""
    zeilen = session.execute(
        select(Rollenzuweisung.id, Handlungsfeld.code, Organisationseinheit.code)
        .outerjoin(Handlungsfeld, Handlungsfeld.id == Rollenzuweisung.handlungsfeld_id)
        .outerjoin(Organisationseinheit, Organisationseinheit.id == Rollenzuweisung.organisationseinheit_id)
        .where((Rollenzuweisung.handlungsfeld_id.is_not(None)) | (Rollenzuweisung.organisationseinheit_id.is_not(None)))
        .order_by(Rollenzuweisung.id)
    ).all()
    if zeilen:
        session.execute(
            update(Rollenzuweisung)
            .where(Rollenzuweisung.id.in_([z[0] for z in zeilen]))
            .values(handlungsfeld_id=None, organisationseinheit_id=None)
        )
    return [tuple(z) for z in zeilen]


def _rollen_wiederherstellen(session: Session, gemerkt: list[tuple[int, str | None, str | None]]) -> None:
    """Point limited role assignments at the new rows with the same code; without one, drop the assignment
    (it must not silently widen to the whole administration)."""
    hf = dict(session.execute(select(Handlungsfeld.code, Handlungsfeld.id)).all())
    oe = dict(session.execute(select(Organisationseinheit.code, Organisationseinheit.id)).all())
    for zuweisung_id, hf_code, oe_code in gemerkt:
        neu_hf = hf.get(hf_code) if hf_code else None
        neu_oe = oe.get(oe_code) if oe_code else None
        if (hf_code and neu_hf is None) or (oe_code and neu_oe is None):
            session.execute(delete(Rollenzuweisung).where(Rollenzuweisung.id == zuweisung_id))
        else:
            session.execute(
                update(Rollenzuweisung)
                .where(Rollenzuweisung.id == zuweisung_id)
                .values(handlungsfeld_id=neu_hf, organisationseinheit_id=neu_oe)
            )


def demo_laden(fabrik: sessionmaker[Session], periodenart: str = "quartal", seed: int = 2026) -> dict[str, int]:
    """Replace all domain data by the demo city Musterstadt, in one transaction; rows per table.

    ``periodenart`` ("quartal", "tertial" or "monat") is the in-year period of the Ist values. The
    same seed gives identical rows, ids and timestamps. Users, role assignments (re-linked by code),
    settings and the audit trail are kept.
    """
    tabellen = erzeugen(periodenart, seed)  # first, so that a bad argument changes nothing
    demo = set(DEMO_TABELLEN)
    with fabrik() as session, session.begin():
        gemerkt = _rollen_merken(session)
        for tabelle in reversed(Base.metadata.sorted_tables):
            if tabelle.name in demo:
                session.execute(tabelle.delete())
        anzahl = {name: 0 for name in DEMO_TABELLEN}
        for modell, zeilen in tabellen:
            if zeilen:
                session.execute(insert(modell), zeilen)
            anzahl[modell.__tablename__] = len(zeilen)
        _rollen_wiederherstellen(session, gemerkt)
        if session.get_bind().dialect.name == "postgresql":
            for modell in DEMO_MODELLE:
                if "id" in modell.__table__.columns:
                    name = modell.__tablename__
                    session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    ))
    return anzahl


def _normal(wert: object) -> object:
    if isinstance(wert, Decimal):
        return "D" + format(wert.normalize(), "f")
    if isinstance(wert, dt.datetime):
        if wert.tzinfo is not None:
            wert = wert.astimezone(dt.UTC).replace(tzinfo=None)
        return "T" + wert.isoformat()
    if isinstance(wert, dt.date):
        return "d" + wert.isoformat()
    if isinstance(wert, float):
        return "F" + repr(wert)
    return wert


def fingerabdruck(fabrik: sessionmaker[Session]) -> str:
    """SHA-256 over all rows and columns of the demo's domain tables (same on SQLite and PostgreSQL)."""
    pruefsumme = hashlib.sha256()
    with fabrik() as session:
        for name in sorted(DEMO_TABELLEN):
            tabelle = Base.metadata.tables[name]
            spalten = sorted(tabelle.columns, key=lambda c: c.name)
            anzahl = session.scalar(select(func.count()).select_from(tabelle))
            pruefsumme.update(f"#{name}|{anzahl}|{','.join(c.name for c in spalten)}\n".encode())
            for zeile in session.execute(select(*spalten).order_by(*tabelle.primary_key.columns)):
                pruefsumme.update(json.dumps([_normal(w) for w in zeile], ensure_ascii=False).encode())
                pruefsumme.update(b"\n")
    return pruefsumme.hexdigest()
