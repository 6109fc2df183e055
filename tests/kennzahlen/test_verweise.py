"""References of the big tables (Kennzahlwert, Haushaltsbetrag) hold on both databases.

SQLite checks them as foreign keys; PostgreSQL checks them once per statement (migration 0013), which
must keep every rule of the foreign keys it replaced: no value of a missing Kennzahl, Sozialraum,
Produkt or Planzeile; deleting a Kennzahl or Produkt deletes its rows; deleting a Sozialraum or Planzeile
still in use fails.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from kennzahlen.demo import demo_laden
from kennzahlen.models import (
    FREQUENZEN,
    KENNZAHLTYPEN,
    RICHTUNGEN,
    Haushaltsbetrag,
    Kennzahl,
    Kennzahlwert,
    Planzeile,
    Produkt,
    Sozialraum,
)


@pytest.fixture
def demo(fabrik_beide):
    """The demo city on SQLite and on PostgreSQL."""
    demo_laden(fabrik_beide)
    return fabrik_beide


def _neuer_wert(kennzahl_id: int, sozialraum_id: int | None) -> dict:
    return {"kennzahl_id": kennzahl_id, "jahr": 2099, "periodenart": "jahr", "periode": 1, "wertart": "ist",
            "sozialraum_id": sozialraum_id, "wert": 1, "status": "endgueltig"}


def _neuer_betrag(produkt_id: int, planzeile_id: int) -> dict:
    return {"produkt_id": produkt_id, "jahr": 2099, "periodenart": "jahr", "periode": 1,
            "planzeile_id": planzeile_id, "betragsart": "ansatz", "version": "beschluss", "betrag": 1}


def _wert_mit_raum(s):
    return s.execute(select(Kennzahlwert.kennzahl_id, Kennzahlwert.sozialraum_id)
                     .where(Kennzahlwert.sozialraum_id.is_not(None)).limit(1)).one()


def test_vw001_wert_ohne_kennzahl_oder_raum_abgelehnt(demo):
    """Inserting or updating a value that points at a missing Kennzahl or Sozialraum fails, also in bulk."""
    with demo() as s:
        kid, rid = _wert_mit_raum(s)
        vorher = s.scalar(select(func.count()).select_from(Kennzahlwert))
    for falsch in (_neuer_wert(999_999, None), _neuer_wert(kid, 999_999)):
        with pytest.raises(IntegrityError), demo() as s, s.begin():
            s.execute(insert(Kennzahlwert), [_neuer_wert(kid, rid), falsch])
    with pytest.raises(IntegrityError), demo() as s, s.begin():
        s.execute(update(Kennzahlwert).where(Kennzahlwert.kennzahl_id == kid).values(kennzahl_id=999_999))
    with demo() as s:
        assert s.scalar(select(func.count()).select_from(Kennzahlwert)) == vorher
    with demo() as s, s.begin():  # valid rows still go in
        s.execute(insert(Kennzahlwert), [_neuer_wert(kid, rid), _neuer_wert(kid, None)])
    with demo() as s:
        assert s.scalar(select(func.count()).select_from(Kennzahlwert)) == vorher + 2


def test_vw002_kennzahl_loeschen_loescht_werte_sozialraum_in_gebrauch_nicht(demo):
    """Deleting a Kennzahl deletes its values; deleting a Sozialraum that has values fails."""
    with demo() as s, s.begin():
        _kid, rid = _wert_mit_raum(s)
        kennzahl = Kennzahl(code="T999", name="Testkennzahl", einheit="Anzahl", frequenz=FREQUENZEN[0],
                            typ=KENNZAHLTYPEN[0], richtung=RICHTUNGEN[0])
        s.add(kennzahl)
        s.flush()
        kid = kennzahl.id
        s.execute(insert(Kennzahlwert), [_neuer_wert(kid, rid), _neuer_wert(kid, None)])
    with demo() as s:
        andere = s.scalar(select(func.count()).select_from(Kennzahlwert).where(Kennzahlwert.kennzahl_id != kid))
    with pytest.raises(IntegrityError), demo() as s, s.begin():
        s.execute(delete(Sozialraum).where(Sozialraum.id == rid))
    with demo() as s, s.begin():
        s.execute(text("DELETE FROM kennzahl WHERE id = :id"), {"id": kid})
    with demo() as s:
        assert s.get(Kennzahl, kid) is None
        assert s.scalar(select(func.count()).select_from(Kennzahlwert).where(Kennzahlwert.kennzahl_id == kid)) == 0
        assert s.scalar(select(func.count()).select_from(Kennzahlwert)) == andere
        assert s.get(Sozialraum, rid) is not None


def test_vw003_betrag_ohne_produkt_oder_planzeile_abgelehnt_produkt_loeschen_loescht(demo):
    """Amounts: a missing Produkt or Planzeile fails; deleting a Produkt deletes its amounts; deleting a
    Planzeile in use fails."""
    with demo() as s, s.begin():
        pid, zid = s.execute(select(Haushaltsbetrag.produkt_id, Haushaltsbetrag.planzeile_id).limit(1)).one()
        produkt = Produkt(code="99.99.99", name="Testprodukt", ebene="produkt")
        s.add(produkt)
        s.flush()
        neu = produkt.id
        s.execute(insert(Haushaltsbetrag), [_neuer_betrag(neu, zid)])
    for falsch in (_neuer_betrag(999_999, zid), _neuer_betrag(pid, 999_999)):
        with pytest.raises(IntegrityError), demo() as s, s.begin():
            s.execute(insert(Haushaltsbetrag), [_neuer_betrag(pid, zid), falsch])
    with pytest.raises(IntegrityError), demo() as s, s.begin():
        s.execute(delete(Planzeile).where(Planzeile.id == zid))
    with demo() as s:
        vorher = s.scalar(select(func.count()).select_from(Haushaltsbetrag))
    with demo() as s, s.begin():
        s.execute(text("DELETE FROM produkt WHERE id = :id"), {"id": neu})
    with demo() as s:
        assert s.scalar(select(func.count()).select_from(Haushaltsbetrag)
                        .where(Haushaltsbetrag.produkt_id == neu)) == 0
        assert s.scalar(select(func.count()).select_from(Haushaltsbetrag)) == vorher - 1
        assert s.get(Planzeile, zid) is not None


def test_vw004_postgresql_prueft_je_anweisung(postgres_url):
    """On PostgreSQL the four references are statement triggers, not row triggers (import speed)."""
    from kennzahlen.db import aktualisieren, engine_erstellen

    engine = engine_erstellen(postgres_url)
    try:
        aktualisieren(engine)
        with engine.connect() as c:
            fremd = c.execute(text(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f' "
                "AND conrelid::regclass::text IN ('kennzahlwert', 'haushaltsbetrag')")).all()
            trigger = set(c.execute(text(
                "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    finally:
        engine.dispose()
    assert fremd == []
    assert {"kennzahlwert.verweise_neu", "kennzahlwert.verweise_geaendert", "haushaltsbetrag.verweise_neu",
            "haushaltsbetrag.verweise_geaendert", "kennzahl.kennzahlwert_verweise",
            "sozialraum.kennzahlwert_verweise", "produkt.haushaltsbetrag_verweise",
            "planzeile.haushaltsbetrag_verweise"} <= trigger
