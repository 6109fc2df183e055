"""Loads the demo city into a database (one transaction) and fingerprints the domain tables."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.demo.erzeugen import erzeugen
from kennzahlen.demo.gross import STROEME, GrossErzeuger
from kennzahlen.demo.gross_katalog import GROESSEN as _GROSSE
from kennzahlen.kleine_zahlen import ist_fallzahl
from kennzahlen.models import (
    Abschlussverlauf,
    Base,
    Berichtswert,
    Bevoelkerung,
    Handlungsfeld,
    Haushaltsbetrag,
    HskMassnahme,
    HskMassnahmeKennzahl,
    HskZiel,
    Importprotokoll,
    Kennzahl,
    Kennzahlwert,
    Kommentar,
    Kommune,
    Massnahmenverlauf,
    Organisationseinheit,
    Periodenabschluss,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Produktprognose,
    Prognosewahl,
    Rollenzuweisung,
    Sozialraum,
    Sozialraumgeld,
    Veraenderung,
    Wertaenderung,
    Zeilenschema,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)

DEMO_MODELLE = (
    Kommune, Organisationseinheit, Handlungsfeld, Sozialraum, Bevoelkerung, Zeilenschema, Planzeile, Produkt,
    Ziel, Kennzahl, ZielKennzahl, ZielProdukt, ProduktKennzahl, Importprotokoll, Kennzahlwert, Wertaenderung,
    Haushaltsbetrag, Kommentar, Massnahmenverlauf, Periodenabschluss, Abschlussverlauf, Berichtswert,
    Produktprognose, Prognosewahl, Veraenderung, HskMassnahme, HskZiel, HskMassnahmeKennzahl, Sozialraumgeld,
)
"""The domain tables demo_laden replaces (users, role assignments, settings and the audit trail stay)."""
DEMO_TABELLEN = tuple(m.__tablename__ for m in DEMO_MODELLE)
GROESSEN = ("musterstadt", *_GROSSE)
"""The demo sizes: Musterstadt (~300.000 inhabitants), Großstadt (~1 million), Metropole (~3,8 million)."""
_GROSSE_TABELLEN = ("kennzahlwert", "haushaltsbetrag")
"""Tables no other table references: emptied with TRUNCATE on PostgreSQL (DELETE would take minutes)."""
SQLITE_BLOCK = 20_000


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


def _leeren(session: Session) -> None:
    """Delete the demo's domain tables (children first)."""
    demo = set(DEMO_TABELLEN)
    postgres = session.get_bind().dialect.name == "postgresql"
    for tabelle in reversed(Base.metadata.sorted_tables):
        if tabelle.name in demo:
            if postgres and tabelle.name in _GROSSE_TABELLEN:
                session.execute(text(f"TRUNCATE TABLE {tabelle.name}"))
            else:
                session.execute(tabelle.delete())


def _sequenzen_setzen(session: Session) -> None:
    """PostgreSQL: let the id sequences continue after the explicit ids of the demo rows."""
    if session.get_bind().dialect.name == "postgresql":
        for modell in DEMO_MODELLE:
            if "id" in modell.__table__.columns:
                name = modell.__tablename__
                session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                ))


def _fallzahlen_ableiten(session: Session) -> None:
    """Mark the demo's counts of people or cases as Fallzahlen, by the importer's rule (Einheit, Nenner)."""
    ids = [i for i, einheit, nenner in session.execute(select(Kennzahl.id, Kennzahl.einheit, Kennzahl.nenner))
           if ist_fallzahl(einheit, nenner)]
    if ids:
        session.execute(update(Kennzahl).where(Kennzahl.id.in_(ids)).values(fallzahl=True))


def demo_laden(fabrik: sessionmaker[Session], periodenart: str = "quartal", seed: int = 2026,
               groesse: str = "musterstadt", *, massstab: float = 1.0) -> dict[str, int]:
    """Replace all domain data by a demo city, in one transaction; rows per table.

    ``groesse``: "musterstadt" (the hand-made city of about 300.000 inhabitants), "grossstadt" (about
    1 million inhabitants, 86 Sozialräume, 400 Kennzahlen, ten years: about 1,1 million Kennzahlwerte and
    2,2 million Haushaltsbeträge) or "metropole" (about 3,8 million inhabitants, 540 Sozialräume in 12
    Bezirken, about ten times the Großstadt's rows; meant for PostgreSQL). ``periodenart`` ("quartal",
    "tertial" or "monat") is the in-year period of the Ist values. The same arguments give identical
    rows, ids and timestamps. Users, role assignments (re-linked by code), settings and the audit trail
    are kept. ``massstab`` (0 < massstab ≤ 1, large sizes only) shrinks the catalogues, for tests.
    """
    if groesse not in GROESSEN:
        raise ValueError(f"groesse muss {', '.join(GROESSEN)} sein, nicht {groesse!r}.")
    if groesse != "musterstadt":
        return _gross_laden(fabrik, groesse, periodenart, seed, massstab)
    if massstab != 1:
        raise ValueError("massstab gibt es nur für die großen Demostädte.")
    tabellen = erzeugen(periodenart, seed)  # first, so that a bad argument changes nothing
    with fabrik() as session, session.begin():
        gemerkt = _rollen_merken(session)
        _leeren(session)
        anzahl = {name: 0 for name in DEMO_TABELLEN}
        for modell, zeilen in tabellen:
            if zeilen:
                session.execute(insert(modell), zeilen)
            anzahl[modell.__tablename__] = len(zeilen)
        _fallzahlen_ableiten(session)
        _rollen_wiederherstellen(session, gemerkt)
        _sequenzen_setzen(session)
    return anzahl


def _gross_laden(fabrik: sessionmaker[Session], groesse: str, periodenart: str, seed: int,
                 massstab: float) -> dict[str, int]:
    """Großstadt or Metropole: the small tables by INSERT, the large ones streamed (COPY or executemany)."""
    with fabrik() as session:
        dialekt = session.get_bind().dialect.name
    erzeuger = GrossErzeuger(groesse, periodenart, seed, massstab, dialekt)  # bad arguments change nothing
    stammdaten = erzeuger.stammdaten()
    with fabrik() as session, session.begin():
        gemerkt = _rollen_merken(session)
        _leeren(session)
        anzahl = {name: 0 for name in DEMO_TABELLEN}
        for modell, zeilen in stammdaten:
            if zeilen:
                session.execute(insert(modell), zeilen)
            anzahl[modell.__tablename__] = len(zeilen)
        _fallzahlen_ableiten(session)
        for name, zeilen in erzeuger.stroeme():
            with _massenmodus(session, name):
                anzahl[name] = strom_schreiben(session, name, STROEME[name], zeilen)
        _rollen_wiederherstellen(session, gemerkt)
        _sequenzen_setzen(session)
        if dialekt == "postgresql":
            for name in STROEME:
                session.execute(text(f"ANALYZE {name}"))
    return anzahl


@contextlib.contextmanager
def _massenmodus(session: Session, tabelle: str) -> Iterator[None]:
    """Drop the secondary indexes (PostgreSQL: also unique and foreign key constraints) of an empty table
    and recreate them from their catalog definitions afterwards, in the same transaction.

    Building an index once and checking a foreign key with one join is many times faster than
    maintaining them row by row while millions of rows arrive; names and definitions stay exactly
    as the migrations made them. SQLite keeps the constraints of its CREATE TABLE, gets a larger page
    cache and skips the enum CHECKs for the generated rows (SQLite rebuilds each ``IN (…)`` list for
    every row, which triples the insert time; the values are fixed literals of the generator, and
    PostgreSQL checks the same rows); all settings are restored afterwards.
    """
    if session.get_bind().dialect.name == "sqlite":
        indizes = session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL "
            "ORDER BY name"), {"t": tabelle}).all()
        cache = session.execute(text("PRAGMA cache_size")).scalar()
        checks = session.execute(text("PRAGMA ignore_check_constraints")).scalar()
        session.execute(text("PRAGMA cache_size = -262144"))  # 256 MiB
        session.execute(text("PRAGMA ignore_check_constraints = ON"))
        try:
            for name, _sql in indizes:
                session.execute(text(f'DROP INDEX "{name}"'))
            yield
            for _name, sql in indizes:
                session.execute(text(sql))
        finally:
            session.execute(text(f"PRAGMA ignore_check_constraints = {int(checks)}"))
            session.execute(text(f"PRAGMA cache_size = {int(cache)}"))
        return
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    constraints = session.execute(text(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = CAST(:t AS regclass) AND contype IN ('u', 'f') ORDER BY contype DESC, conname"
    ), {"t": tabelle}).all()
    indizes = session.execute(text(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = CAST(:t AS regclass) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname"
    ), {"t": tabelle}).all()
    for name, _art, _definition in constraints:
        session.execute(text(f'ALTER TABLE {tabelle} DROP CONSTRAINT "{name}"'))
    for name, _definition in indizes:
        session.execute(text(f'DROP INDEX "{name}"'))
    yield
    for _name, definition in indizes:
        session.execute(text(definition))
    for name, _art, definition in reversed(constraints):  # unique constraints first, then foreign keys
        session.execute(text(f'ALTER TABLE {tabelle} ADD CONSTRAINT "{name}" {definition}'))


def strom_schreiben(session: Session, tabelle: str, spalten: tuple[str, ...], zeilen: Iterable[tuple]) -> int:
    """Write a stream of row tuples into ``tabelle`` on the session's connection and transaction.

    PostgreSQL: COPY … FROM STDIN through psycopg (values as the database reads them: numbers and
    timestamps may be text); SQLite: executemany in blocks. Never holds more than one block. Returns
    the number of rows.
    """
    verbindung = session.connection()
    roh = verbindung.connection.driver_connection
    liste = ", ".join(spalten)
    anzahl = 0
    if verbindung.dialect.name == "postgresql":
        with roh.cursor() as cursor, cursor.copy(f"COPY {tabelle} ({liste}) FROM STDIN") as kopie:
            for zeile in zeilen:
                kopie.write_row(zeile)
                anzahl += 1
        return anzahl
    befehl = f"INSERT INTO {tabelle} ({liste}) VALUES ({', '.join('?' for _ in spalten)})"
    cursor = roh.cursor()
    try:
        for block in _bloecke(zeilen, SQLITE_BLOCK):
            cursor.executemany(befehl, block)
            anzahl += len(block)
    finally:
        cursor.close()
    return anzahl


def _bloecke(zeilen: Iterable[tuple], groesse: int) -> Iterator[list[tuple]]:
    iterator = iter(zeilen)
    while block := list(islice(iterator, groesse)):
        yield block


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
