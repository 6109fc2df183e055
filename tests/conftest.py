"""Shared fixtures: throwaway databases (SQLite file, and PostgreSQL on 127.0.0.1:5432)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik

PG_SERVER = os.environ.get("WK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def pytest_setup_options():
    """Options for dash.testing's Chromium: Debian's binary, headless, no network chatter."""
    from selenium.webdriver.chrome.options import Options

    optionen = Options()
    optionen.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--window-size=1400,1100", "--lang=de-DE",
    ):
        optionen.add_argument(argument)
    return optionen


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of an empty SQLite file in a temporary folder."""
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def postgres_url():
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    name = f"wk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as fehler:
        pytest.fail(f"PostgreSQL unter {PG_SERVER} nicht erreichbar: {fehler}")
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def datenbank_url(request) -> str:
    """An empty database URL, once for SQLite and once for PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def fabrik(sqlite_url):
    """A session factory on a migrated, empty SQLite database."""
    engine = engine_erstellen(sqlite_url)
    aktualisieren(engine)
    yield sessionfabrik(engine)
    engine.dispose()


@pytest.fixture
def fabrik_beide(datenbank_url):
    """A session factory on a migrated, empty database, SQLite and PostgreSQL."""
    engine = engine_erstellen(datenbank_url)
    aktualisieren(engine)
    yield sessionfabrik(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def demo_vorlage(tmp_path_factory):
    """A SQLite file with the demo city, built once per test session (copy it before changing it)."""
    from kennzahlen.demo import demo_laden

    pfad = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    engine = engine_erstellen(f"sqlite:///{pfad}")
    aktualisieren(engine)
    demo_laden(sessionfabrik(engine))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return pfad


@pytest.fixture
def demo_einstellungen(demo_vorlage, tmp_path):
    """Settings pointing at a private copy of the demo database."""
    import shutil

    from kennzahlen.settings import Einstellungen

    ziel = tmp_path / "demo.sqlite"
    shutil.copy(demo_vorlage, ziel)
    return Einstellungen(database_url=f"sqlite:///{ziel}", datenverzeichnis=tmp_path, anmeldung="aus")


def _redis_datenbank() -> int:
    """Redis database of this test process: 15, and one below per further pytest-xdist worker (gw1 → 14 …)."""
    arbeiter = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 15 - int(arbeiter[2:] or 0) if arbeiter.startswith("gw") and arbeiter[2:].isdigit() else 15


REDIS_URL = os.environ.get("WK_TEST_REDIS", f"redis://127.0.0.1:6379/{_redis_datenbank()}")


@pytest.fixture
def redis_url():
    """URL of the Redis test database (15), emptied before the test."""
    import redis

    verbindung = redis.Redis.from_url(REDIS_URL)
    try:
        verbindung.flushdb()
    except redis.RedisError as fehler:
        pytest.fail(f"Redis unter {REDIS_URL} nicht erreichbar: {fehler}")
    return REDIS_URL


@pytest.fixture
def anmelde_einstellungen(demo_einstellungen):
    """The demo city with local login and the demo accounts (leitung, controlling, admin, jugendamt, sozialamt)."""
    import dataclasses

    from sqlalchemy.orm import Session

    from kennzahlen import zugang

    e = dataclasses.replace(demo_einstellungen, anmeldung="lokal")
    engine = create_engine(e.datenbank_url)
    with Session(engine) as s, s.begin():
        zugang.demo_benutzer_anlegen(s)
    engine.dispose()
    return e
