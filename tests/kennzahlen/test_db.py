"""Database lifecycle: migrations on SQLite and PostgreSQL, first start, clear errors."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from kennzahlen.db import (
    _alembic_config,
    aktualisieren,
    engine_erstellen,
    revision_aktuell,
    revision_ziel,
    vorbereiten,
)
from kennzahlen.models import Base
from kennzahlen.settings import Einstellungen, EinstellungsFehler


def test_db001_migration_legt_alle_tabellen_an(datenbank_url):
    """Upgrading an empty database creates every table of the model; the schema matches the model."""
    engine = engine_erstellen(datenbank_url)
    aktualisieren(engine)
    assert revision_aktuell(engine) == revision_ziel()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    command.check(_alembic_config(engine))  # raises when the model and the migrations differ
    engine.dispose()


def test_db002_migration_ist_wiederholbar(datenbank_url):
    """Upgrading twice changes nothing and does not fail."""
    engine = engine_erstellen(datenbank_url)
    aktualisieren(engine)
    aktualisieren(engine)
    assert revision_aktuell(engine) == revision_ziel()
    engine.dispose()


def test_db003_sqlite_wal_und_timeout(sqlite_url):
    """The SQLite file runs in WAL mode with a busy timeout and foreign keys on."""
    engine = engine_erstellen(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_db004_unerreichbare_datenbank_eine_zeile():
    """An unreachable database stops with one line naming DATABASE_URL."""
    e = Einstellungen.aus_umgebung({"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/nichts"})
    with pytest.raises(EinstellungsFehler) as info:
        vorbereiten(e)
    assert str(info.value).startswith("DATABASE_URL:") and "\n" not in str(info.value)


def test_db005_leere_konfigurierte_datenbank_nennt_befehl(postgres_url):
    """A configured but empty database is not changed; the error names the set-up command."""
    with pytest.raises(EinstellungsFehler, match="python -m kennzahlen db upgrade"):
        vorbereiten(Einstellungen.aus_umgebung({"DATABASE_URL": postgres_url}))
    engine = engine_erstellen(postgres_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_db006_kaputte_url():
    """A URL that is no SQLAlchemy URL is reported as such."""
    with pytest.raises(EinstellungsFehler, match="keine gültige SQLAlchemy-URL"):
        engine_erstellen("kein-url")
