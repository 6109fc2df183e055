"""Meine Aufgaben: what a user owes this period in the part of the city they are responsible for.

Open points are the period's deviations without an Abweichungsbegründung, overdue and due measures and
Kennzahlen without a delivered Ist; each is counted for a user where their roles let them write
(``kommentieren`` for explanations and measures, ``ist_erfassen`` for deliveries): a Fachbereich limited to
Jugend sees Jugend's points, Controlling (unscoped) sees all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abweichungen, lieferungen, massnahmen
from kennzahlen.perioden import Periode
from kennzahlen.zugang import Benutzerkontext


def im_bereich(df: pd.DataFrame, nutzer: Benutzerkontext, recht: str, felder: str = "handlungsfeld_ids",
               einheit: str = "einheit_id") -> pd.DataFrame:
    """The rows whose Handlungsfelder (a tuple per row, or one id) or owner unit the user's ``recht`` covers."""
    if df.empty:
        return df

    def menge(wert) -> frozenset[int]:
        if isinstance(wert, tuple | list | set | frozenset):
            return frozenset(int(w) for w in wert)
        return frozenset() if wert is None or pd.isna(wert) else frozenset({int(wert)})

    einheiten = df[einheit] if einheit in df else pd.Series(None, index=df.index)
    maske = [nutzer.darf(recht, menge(f), None if e is None or pd.isna(e) else int(e))
             for f, e in zip(df[felder], einheiten, strict=True)]
    return df[pd.Series(maske, index=df.index, dtype=bool)].reset_index(drop=True)


def eigene_handlungsfelder(nutzer: Benutzerkontext) -> list[int]:
    """The Handlungsfelder the user's roles are limited to (empty: not limited to a field)."""
    return sorted({r.handlungsfeld_id for r in nutzer.rollen if r.handlungsfeld_id is not None})


def ist_bereichsrolle(nutzer: Benutzerkontext) -> bool:
    """Whether the user works in a part of the city (a role limited to a Handlungsfeld or unit)."""
    return any(r.handlungsfeld_id is not None or r.organisationseinheit_id is not None for r in nutzer.rollen)


@dataclass(frozen=True)
class Aufgaben:
    """A user's open points in a period (frames of the owning modules, reduced to the user's part)."""

    periode: Periode
    fehlende_begruendungen: pd.DataFrame  # kennzahlen.abweichungen.abweichungsliste rows, not explained
    ueberfaellige_massnahmen: pd.DataFrame  # kennzahlen.massnahmen.massnahmen rows, overdue
    faellige_massnahmen: pd.DataFrame  # … due in the period and still open
    fehlende_lieferungen: pd.DataFrame  # kennzahlen.lieferungen.fehlende_lieferungen rows

    @property
    def anzahl(self) -> int:
        """All open points together."""
        return (len(self.fehlende_begruendungen) + len(self.ueberfaellige_massnahmen)
                + len(self.faellige_massnahmen) + len(self.fehlende_lieferungen))


def _feldspalte(df: pd.DataFrame) -> pd.DataFrame:
    """The scope columns ``im_bereich`` reads: handlungsfeld_ids (kept, or made from one handlungsfeld_id) and
    einheit_id (the owner unit)."""
    df = df.copy()
    if "handlungsfeld_ids" not in df:
        df["handlungsfeld_ids"] = [() if h is None or pd.isna(h) else (int(h),) for h in df["handlungsfeld_id"]]
    df["einheit_id"] = df["organisationseinheit_id"]
    return df


def meine_aufgaben(fabrik: sessionmaker[Session], periode: Periode, nutzer: Benutzerkontext, regeln=None,
                   heute=None) -> Aufgaben:
    """The open points of ``nutzer`` in ``periode`` (each list only where the user may act on it)."""
    liste = abweichungen.abweichungsliste(fabrik, periode, regeln)
    offen_begr = im_bereich(liste[~liste["begruendet"]], nutzer, "kommentieren")
    alle = _feldspalte(massnahmen.massnahmen(fabrik, periode, heute))
    meine = im_bereich(alle, nutzer, "kommentieren")
    ueberfaellig = meine[meine["ueberfaellig"]].reset_index(drop=True) if len(meine) else meine
    faellig = (meine[meine["faellig_in_periode"] & meine["offen"] & ~meine["ueberfaellig"]].reset_index(drop=True)
               if len(meine) else meine)
    fehlend = im_bereich(_feldspalte(lieferungen.fehlende_lieferungen(fabrik, periode)), nutzer, "ist_erfassen")
    return Aufgaben(periode, offen_begr, ueberfaellig, faellig, fehlend)
