"""The databases the benchmark runs on, and the varied inputs (paths and query strings) of every page.

Großstadt data come from where another step left them (PostgreSQL database ``wk_gross``, SQLite file
``/tmp/wk_gross.sqlite``) when they exist and are complete; otherwise the benchmark builds its own once
(``bench/ergebnisse/daten/<groesse>.sqlite``, PostgreSQL database ``wk_bench_<groesse>``) and reuses them.
SQLite runs always work on a private copy, so the source file is never touched; the PostgreSQL source
is only read (the import goes into a copy made with ``CREATE DATABASE … TEMPLATE``).
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from kennzahlen import datenstand
from kennzahlen.db import aktualisieren, engine_erstellen, revision_aktuell, revision_ziel, sessionfabrik, transaktion
from kennzahlen.models import Handlungsfeld, Kennzahl, Kennzahlwert, Kommune, Produkt, Sozialraum, Ziel

log = logging.getLogger(__name__)
ORDNER = Path(__file__).resolve().parent / "ergebnisse"
DATENORDNER = ORDNER / "daten"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
VORHANDEN = {"grossstadt": {"sqlite": Path("/tmp/wk_gross.sqlite"), "postgresql": "wk_gross"}}
"""Where another step leaves a loaded Großstadt (used when complete)."""


@dataclass
class Datenbasis:
    """One database of the run: kind, URL, demo size, where it came from, rows of the big tables."""

    art: str
    url: str
    groesse: str
    quelle: str
    zeilen: dict[str, int] = field(default_factory=dict)
    kommune: str = ""
    aufbau_s: float | None = None


def _pg_url(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _vollstaendig(url: str) -> tuple[bool, dict[str, int], str]:
    """(schema at head and demo data present, rows of the big tables, Kommune) for a database URL."""
    engine = engine_erstellen(url)
    try:
        if revision_aktuell(engine) != revision_ziel():
            return False, {}, ""
        with engine.connect() as conn:
            kommune = conn.scalar(select(Kommune.name).limit(1)) or ""
            zeilen = {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) or 0
                      for t in ("kennzahlwert", "haushaltsbetrag", "kennzahl", "produkt", "ziel", "sozialraum")}
        return bool(kommune) and zeilen["kennzahlwert"] > 0, zeilen, kommune
    except Exception:
        return False, {}, ""
    finally:
        engine.dispose()


def _demo_aufbauen(url: str, groesse: str) -> float:
    """Migrate and load the demo city of ``groesse``; seconds taken."""
    from kennzahlen.demo import demo_laden

    start = time.perf_counter()
    engine = engine_erstellen(url)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    log.warning("Baue die Demostadt (%s) auf: %s – einmalig, wird wiederverwendet", groesse,
                engine.url.render_as_string())
    demo_laden(fabrik, groesse=groesse)
    with transaktion(fabrik) as s:
        datenstand.erhoehen(s)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return time.perf_counter() - start


def sqlite_kopieren(quelle: Path, ziel: Path) -> None:
    """A consistent copy of a SQLite database (backup API: correct also with a WAL beside the file)."""
    ziel.parent.mkdir(parents=True, exist_ok=True)
    if ziel.exists():
        ziel.unlink()
    with sqlite3.connect(f"file:{quelle}?mode=ro", uri=True) as q, sqlite3.connect(ziel) as z:
        q.backup(z)
    sqlite3.connect(ziel).close()


def sqlite_bereitstellen(groesse: str, arbeitsordner: Path, datei: Path | None = None) -> Datenbasis:
    """A private SQLite copy of the demo city of ``groesse`` in ``arbeitsordner``."""
    kandidaten = [datei] if datei else []
    if groesse in VORHANDEN:
        kandidaten.append(VORHANDEN[groesse]["sqlite"])
    aufbau = None
    for kandidat in kandidaten:
        if kandidat and kandidat.exists() and _vollstaendig(f"sqlite:///{kandidat}")[0]:
            quelle = kandidat
            break
    else:
        quelle = DATENORDNER / f"{groesse}.sqlite"
        if not (quelle.exists() and _vollstaendig(f"sqlite:///{quelle}")[0]):
            DATENORDNER.mkdir(parents=True, exist_ok=True)
            for rest in DATENORDNER.glob(f"{groesse}.sqlite*"):
                rest.unlink()
            aufbau = _demo_aufbauen(f"sqlite:///{quelle}", groesse)
    kopie = arbeitsordner / f"{groesse}.sqlite"
    sqlite_kopieren(quelle, kopie)
    url = f"sqlite:///{kopie}"
    _, zeilen, kommune = _vollstaendig(url)
    return Datenbasis("sqlite", url, groesse, f"Kopie von {quelle}", zeilen, kommune, aufbau)


def _pg_datenbanken(server: str) -> set[str]:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            return set(conn.scalars(text("SELECT datname FROM pg_database")))
    finally:
        admin.dispose()


def postgresql_bereitstellen(groesse: str, server: str = PG_SERVER, url: str | None = None) -> Datenbasis:
    """A PostgreSQL database with the demo city of ``groesse`` (an existing complete one, else built once)."""
    if url:
        ok, zeilen, kommune = _vollstaendig(url)
        if not ok:
            raise SystemExit(f"--postgresql-url: {url} hat kein vollständiges Schema mit Demodaten.")
        return Datenbasis("postgresql", url, groesse, "angegeben", zeilen, kommune)
    vorhanden = _pg_datenbanken(server)
    if groesse in VORHANDEN and VORHANDEN[groesse]["postgresql"] in vorhanden:
        kandidat = _pg_url(server, VORHANDEN[groesse]["postgresql"])
        ok, zeilen, kommune = _vollstaendig(kandidat)
        if ok:
            return Datenbasis("postgresql", kandidat, groesse, f"vorhanden ({VORHANDEN[groesse]['postgresql']})",
                              zeilen, kommune)
    name = f"wk_bench_{groesse}"
    eigene = _pg_url(server, name)
    aufbau = None
    if name not in vorhanden or not _vollstaendig(eigene)[0]:
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        aufbau = _demo_aufbauen(eigene, groesse)
    ok, zeilen, kommune = _vollstaendig(eigene)
    return Datenbasis("postgresql", eigene, groesse, f"eigene ({name})", zeilen, kommune, aufbau)


def postgresql_kopie(url: str, server: str = PG_SERVER) -> str | None:
    """A copy of a PostgreSQL database (CREATE DATABASE … TEMPLATE); None when the source is in use."""
    quelle = make_url(url).database
    name = f"wk_bench_kopie_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{quelle}"'))
    except Exception as fehler:
        log.warning("Kopie von %s nicht möglich: %s", quelle, str(fehler).splitlines()[0])
        return None
    finally:
        admin.dispose()
    return _pg_url(server, name)


def postgresql_loeschen(url: str, server: str = PG_SERVER) -> None:
    """Drop a database made by ``postgresql_kopie``."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    finally:
        admin.dispose()


# --- varied inputs ------------------------------------------------------------------------------------

SEITEN = ("cockpit", "handlungsfeld", "ziel", "kennzahl", "produkt", "suche", "kommentar")
SUCHBEGRIFFE = ("Kinder", "SGB", "Hilfe", "Schule", "Quote", "Heim", "Bibliothek", "Wohn", "05", "Pflege")
BETRAGSARTEN = ("", "ist", "prognose", "ansatz")


@dataclass(frozen=True)
class Eingabe:
    """One request of the router callback: page, path and query string."""

    seite: str
    pfad: str
    suche: str

    @property
    def adresse(self) -> str:
        return self.pfad + self.suche


def _abfrage(werte: dict) -> str:
    werte = {k: v for k, v in werte.items() if v not in (None, "")}
    return "?" + urlencode(werte) if werte else ""


def eingaben(url: str, je_seite: int, periodenart: str = "quartal", seed: int = 2026) -> dict[str, list[Eingabe]]:
    """Per page ``je_seite`` varied inputs: codes from the database, periods, Betragsart, Sozialraum."""
    from kennzahlen.abfragen import verfuegbare_perioden

    zufall = random.Random(seed)
    engine = engine_erstellen(url)
    fabrik = sessionfabrik(engine)
    perioden = verfuegbare_perioden.ungecacht(fabrik, periodenart)[-8:]  # the newest two years
    with fabrik() as s:
        hf = list(s.scalars(select(Handlungsfeld.code).order_by(Handlungsfeld.code)))
        ziele = list(s.scalars(select(Ziel.code).order_by(Ziel.code)))
        produkte = list(s.scalars(select(Produkt.code).where(Produkt.ebene == "produkt").order_by(Produkt.code)))
        gruppen = list(s.scalars(select(Produkt.code).where(Produkt.ebene != "produkt").order_by(Produkt.code)))
        kz_raum = list(s.scalars(select(Kennzahl.code).where(Kennzahl.raumebene == "sozialraum")
                                 .order_by(Kennzahl.code)))
        kz_stadt = list(s.scalars(select(Kennzahl.code).where(Kennzahl.raumebene != "sozialraum")
                                  .order_by(Kennzahl.code)))
        raeume = list(s.scalars(select(Sozialraum.code).where(Sozialraum.ebene == "sozialraum")
                                .order_by(Sozialraum.code)))
        zaehl = s.scalar(select(func.count()).select_from(Kennzahlwert))
    engine.dispose()
    log.info("Eingaben aus %s Kennzahlwerten", zaehl)

    def periode(i: int) -> dict:
        if i == 0 or not perioden:
            return {}
        p = perioden[-1 - (i * 3) % len(perioden)]
        return {"jahr": p.jahr, periodenart: p.nummer}

    def auswahl(liste: list[str], n: int) -> list[str]:
        return zufall.sample(liste, min(n, len(liste))) if liste else []

    def verteilen(codes: list[str], n: int) -> list[str]:
        return [codes[i % len(codes)] for i in range(n)] if codes else []

    e: dict[str, list[Eingabe]] = {s: [] for s in SEITEN}
    for i in range(je_seite):
        e["cockpit"].append(Eingabe("cockpit", "/", _abfrage(periode(i))))
    for i, code in enumerate(verteilen(auswahl(hf, je_seite), je_seite)):
        e["handlungsfeld"].append(Eingabe("handlungsfeld", f"/handlungsfeld/{code}",
                                          _abfrage({**periode(i), "betrag": BETRAGSARTEN[i % 4]})))
    for i, code in enumerate(verteilen(auswahl(ziele, je_seite), je_seite)):
        e["ziel"].append(Eingabe("ziel", f"/ziel/{code}", _abfrage({**periode(i), "betrag": BETRAGSARTEN[i % 4]})))
    kz = [c for pair in zip(auswahl(kz_raum, je_seite), auswahl(kz_stadt, je_seite), strict=False) for c in pair]
    kz = verteilen(kz or kz_raum or kz_stadt, je_seite)
    for i, code in enumerate(kz):
        raum = zufall.choice(raeume) if code in kz_raum and raeume and i % 3 != 2 else None
        e["kennzahl"].append(Eingabe("kennzahl", f"/kennzahl/{code}", _abfrage({**periode(i), "sozialraum": raum})))
    prod = auswahl(produkte, je_seite - 1) + auswahl(gruppen, 1)
    for i, code in enumerate(verteilen(prod, je_seite)):
        e["produkt"].append(Eingabe("produkt", f"/produkt/{code}", _abfrage(periode(i))))
    for i in range(je_seite):
        e["suche"].append(Eingabe("suche", "/suche", _abfrage({"q": SUCHBEGRIFFE[i % len(SUCHBEGRIFFE)]})))
    objekte = [("kennzahl", c) for c in auswahl(kz_stadt, 2)] + [("ziel", c) for c in auswahl(ziele, 2)] + [
        ("produkt", c) for c in auswahl(produkte, 2)]
    for i, (art, code) in enumerate(verteilen(objekte, je_seite)):
        e["kommentar"].append(Eingabe("kommentar", f"/kommentar/{art}/{code}", _abfrage(periode(i))))
    return e
