"""The data version: one counter that every import or edit advances in its own transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.models import Datenstand


def lesen(fabrik: sessionmaker[Session]) -> int:
    """The current data version (0 for a database without the counter row)."""
    with fabrik() as s:
        return s.scalar(select(Datenstand.version).where(Datenstand.id == 1)) or 0


def erhoehen(session: Session) -> None:
    """Advance the data version inside the caller's transaction (so it commits with the change)."""
    jetzt = dt.datetime.now(dt.UTC)
    geaendert = session.execute(
        update(Datenstand).where(Datenstand.id == 1).values(version=Datenstand.version + 1, geaendert_am=jetzt)
    ).rowcount
    if not geaendert:
        session.add(Datenstand(id=1, version=1, geaendert_am=jetzt))
