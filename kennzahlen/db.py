"""Database lifecycle: engine, sessions, migrations (Alembic) and the first-start set-up."""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import datenstand, zugang
from kennzahlen.settings import Einstellungen, EinstellungsFehler

log = logging.getLogger(__name__)
MIGRATIONEN = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def engine_erstellen(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets WAL mode, a busy timeout and foreign keys."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise EinstellungsFehler(f"DATABASE_URL: '{url}' ist keine gültige SQLAlchemy-URL.") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": 10})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5)
    except (NoSuchModuleError, ImportError) as fehler:
        raise EinstellungsFehler(f"DATABASE_URL: Datenbanktreiber nicht verfügbar ({fehler}).") from None
    return engine


def verbindung_pruefen(engine: Engine) -> None:
    """Open one connection; raise EinstellungsFehler naming DATABASE_URL when that fails."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as fehler:
        grund = str(getattr(fehler, "orig", fehler)).strip().splitlines()[0]
        raise EinstellungsFehler(
            f"DATABASE_URL: Datenbank nicht erreichbar ({engine.url.render_as_string()}): {grund}"
        ) from None


def erreichbar(engine: Engine) -> bool:
    """True when one connection can be opened (for /health); a failure is logged, not raised."""
    try:
        verbindung_pruefen(engine)
    except EinstellungsFehler:
        log.exception("Datenbank nicht erreichbar")
        return False
    return True


def sessionfabrik(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def transaktion(fabrik: sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction: commit on success, roll back on any error."""
    with fabrik() as session, session.begin():
        yield session


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONEN))
    cfg.attributes["engine"] = engine
    return cfg


def revision_aktuell(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def revision_ziel() -> str:
    """The newest Alembic revision shipped with this code."""
    return ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://"))).get_current_head()


def aktualisieren(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    command.upgrade(_alembic_config(engine), "head")


def ist_leer(fabrik: sessionmaker[Session]) -> bool:
    """True when the database holds no Handlungsfeld and no Produkt yet."""
    from kennzahlen.models import Handlungsfeld, Produkt

    with fabrik() as s:
        return s.scalar(select(Handlungsfeld.id).limit(1)) is None and s.scalar(
            select(Produkt.id).limit(1)
        ) is None


@contextlib.contextmanager
def _dateisperre(pfad: Path) -> Iterator[None]:
    """Serialise the first-start set-up between several worker processes on one machine."""
    pfad.parent.mkdir(parents=True, exist_ok=True)
    with open(pfad, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def vorbereiten(einstellungen: Einstellungen) -> tuple[Engine, sessionmaker[Session]]:
    """Connect and check the schema; the default SQLite database is created and filled on first start.

    A configured DATABASE_URL is never changed implicitly: when its schema is missing or old, the
    error names the command that sets it up.
    """
    engine = engine_erstellen(einstellungen.datenbank_url)
    verbindung_pruefen(engine)
    fabrik = sessionfabrik(engine)
    if einstellungen.ist_standarddatenbank:
        with _dateisperre(einstellungen.datenverzeichnis / ".einrichtung.lock"):
            if revision_aktuell(engine) != revision_ziel():
                log.info("Lege die Datenbank an bzw. aktualisiere sie: %s", engine.url)
                aktualisieren(engine)
            if einstellungen.demo_laden and einstellungen.umgebung != "produktion" and ist_leer(fabrik):
                from kennzahlen.demo import demo_laden

                log.info("Leere Datenbank: lade die Demostadt Musterstadt …")
                demo_laden(fabrik, periodenart=einstellungen.berichtsperiode)
                with transaktion(fabrik) as session:
                    datenstand.erhoehen(session)
                    zugang.demo_benutzer_anlegen(session)
    else:
        aktuell = revision_aktuell(engine)
        if aktuell != revision_ziel():
            zustand = "ist leer" if aktuell is None else f"hat den Stand {aktuell}"
            raise EinstellungsFehler(
                f"DATABASE_URL: Die Datenbank {zustand}; einrichten mit 'python -m kennzahlen db upgrade'."
            )
    _cache_einrichten(einstellungen, fabrik)
    return engine, fabrik


def _cache_einrichten(einstellungen: Einstellungen, fabrik: sessionmaker[Session]) -> None:
    """Redis when WK_REDIS_URL is set (checked now, so a wrong URL stops the start), else a local LRU."""
    from kennzahlen.cache import LokalerSpeicher, RedisSpeicher, cache_anbinden

    if not einstellungen.redis_url:
        cache_anbinden(fabrik, LokalerSpeicher())
        return
    try:
        speicher = RedisSpeicher(einstellungen.redis_url)
        speicher.pruefen()
    except Exception as fehler:
        raise EinstellungsFehler(f"WK_REDIS_URL: Redis nicht erreichbar ({fehler}).") from None
    cache_anbinden(fabrik, speicher)
