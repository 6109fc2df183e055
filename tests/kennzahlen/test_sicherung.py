"""Backup and restore as the README describes it: pg_dump -Fc, pg_restore into an empty database, db upgrade."""

from __future__ import annotations

import glob
import hashlib
import json
import shutil
import subprocess

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from kennzahlen import zugang
from kennzahlen.db import aktualisieren, engine_erstellen, revision_aktuell, revision_ziel, sessionfabrik, transaktion
from kennzahlen.demo import demo_laden, fingerabdruck
from kennzahlen.models import Auditeintrag, Base

pytestmark = pytest.mark.postgres


def _programm(name: str) -> str | None:
    """``name`` from PATH, else the newest /usr/lib/postgresql/<version>/bin/<name> (Debian's layout)."""
    if gefunden := shutil.which(name):
        return gefunden
    kandidaten = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")

    def _version(pfad: str) -> tuple[int, ...]:
        teil = pfad.split("/")[4]
        return tuple(int(z) for z in teil.split(".") if z.isdigit())

    return max(kandidaten, key=_version) if kandidaten else None


@pytest.fixture(scope="module")
def werkzeuge() -> tuple[str, str]:
    pg_dump, pg_restore = _programm("pg_dump"), _programm("pg_restore")
    if not pg_dump or not pg_restore:
        pytest.skip("pg_dump/pg_restore nicht gefunden (weder im PATH noch unter /usr/lib/postgresql/*/bin); "
                    "Debian-Paket postgresql-client installieren (make system-test-deps).")
    return pg_dump, pg_restore


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as a libpq connection URI for pg_dump/pg_restore (--dbname)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _ausfuehren(befehl: list[str]) -> None:
    lauf = subprocess.run(befehl, capture_output=True, text=True, timeout=600)
    assert lauf.returncode == 0, f"{befehl[0]} endete mit {lauf.returncode}: {lauf.stderr.strip()}"


def _inhalt(engine) -> dict[str, tuple[int, str]]:
    """Rows and a SHA-256 over all rows (ordered by primary key) of every table of the model."""
    ergebnis = {}
    with engine.connect() as conn:
        for tabelle in Base.metadata.sorted_tables:
            spalten = sorted(tabelle.columns, key=lambda c: c.name)
            ordnung = list(tabelle.primary_key.columns) or spalten
            anzahl = conn.scalar(select(func.count()).select_from(tabelle))
            pruefsumme = hashlib.sha256()
            for zeile in conn.execute(select(*spalten).order_by(*ordnung)):
                pruefsumme.update(json.dumps([repr(w) for w in zeile], ensure_ascii=False).encode() + b"\n")
            ergebnis[tabelle.name] = (anzahl, pruefsumme.hexdigest())
    return ergebnis


def test_sicherung_und_wiederherstellung(postgres_url, werkzeuge, tmp_path):
    pg_dump, pg_restore = werkzeuge

    # the original: demo city, an extra user who signs in (session, attempt, audit entries), one more entry
    engine = engine_erstellen(postgres_url)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    demo_laden(fabrik)
    with transaktion(fabrik) as s:
        zugang.benutzer_anlegen(s, "sicherung", "Sina Sicherung (IT)", "Sicherung-Test-2026!",
                                [zugang.Rolle("administration")])
        zugang.protokollieren(s, "kommandozeile:test", "benutzer_angelegt", "benutzer sicherung",
                              {"rolle": "administration"})
    zugang.anmelden(fabrik, "sicherung", "Sicherung-Test-2026!", "192.0.2.10")
    vorher = _inhalt(engine)
    abdruck = fingerabdruck(fabrik)
    revision = revision_aktuell(engine)
    with fabrik() as s:
        letzte_id = s.scalar(select(func.max(Auditeintrag.id)))
    engine.dispose()
    assert revision == revision_ziel()
    for tabelle in ("kennzahlwert", "haushaltsbetrag", "benutzer", "rollenzuweisung", "sitzung", "anmeldeversuch",
                    "auditeintrag"):
        assert vorher[tabelle][0] > 0, f"{tabelle} ist leer – der Test prüft dann nichts"

    # backup, then restore into a second, empty database
    datei = tmp_path / "wirkungscockpit.dump"
    _ausfuehren([pg_dump, "-Fc", "--file", str(datei), "--dbname", _libpq(postgres_url)])
    assert datei.stat().st_size > 0
    url = make_url(postgres_url)
    ziel_url = url.set(database=f"{url.database}_wieder").render_as_string(hide_password=False)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{url.database}_wieder"'))
    try:
        _ausfuehren([pg_restore, "--no-owner", "--exit-on-error", "--dbname", _libpq(ziel_url), str(datei)])
        ziel = engine_erstellen(ziel_url)
        try:
            aktualisieren(ziel)  # README: after a restore, `python -m kennzahlen db upgrade`
            assert revision_aktuell(ziel) == revision
            nachher = _inhalt(ziel)
            assert set(nachher) == set(vorher)
            unterschiede = {t: (vorher[t], nachher[t]) for t in vorher if vorher[t] != nachher[t]}
            assert not unterschiede, f"Tabellen nach der Wiederherstellung anders: {unterschiede}"
            ziel_fabrik = sessionfabrik(ziel)
            assert fingerabdruck(ziel_fabrik) == abdruck
            # the restored database works: the user signs in, the sequences continue after the last id
            nutzer, _token = zugang.anmelden(ziel_fabrik, "sicherung", "Sicherung-Test-2026!", "192.0.2.11")
            assert nutzer.login == "sicherung"
            with ziel_fabrik() as s:
                assert s.scalar(select(func.max(Auditeintrag.id))) > letzte_id
        finally:
            ziel.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}_wieder" WITH (FORCE)'))
        admin.dispose()
