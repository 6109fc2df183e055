"""Fixtures of the import tests: the real data folder, a second empty database, row counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.models import Base

REALDATEN = Path(__file__).resolve().parents[3] / ".." / "shared" / "realdata"
"""../shared/realdata seen from the repository root; the real files are never copied into the repo."""


@pytest.fixture(scope="session")
def koeln() -> Path:
    """The Köln folder of the real data; fails clearly when it is missing."""
    pfad = (REALDATEN / "koeln").resolve()
    if not (pfad / "haushalt" / "teilergebnisplan_produktgruppen_2010-2015.csv").is_file():
        pytest.fail(f"Realdaten fehlen: {pfad} (erwartet: ../shared/realdata/koeln neben dem Repository)")
    return pfad


@pytest.fixture
def fabrik_ziel(tmp_path):
    """A second migrated, empty SQLite database (target of round trips)."""
    engine = engine_erstellen(f"sqlite:///{tmp_path / 'ziel.sqlite'}")
    aktualisieren(engine)
    yield sessionfabrik(engine)
    engine.dispose()


def zeilenzahlen(fabrik) -> dict[str, int]:
    """Rows per table of the whole model."""
    with fabrik() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.fixture
def zaehlen():
    """The function that counts rows per table (``zaehlen(fabrik) -> {tabelle: n}``)."""
    return zeilenzahlen
