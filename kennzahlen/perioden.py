"""Reporting periods: year, Tertial, quarter or month, with German labels and end dates."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kennzahlen.models import PERIODEN_JE_JAHR

MONATE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)
PERIODENNAMEN = {"jahr": "Jahr", "tertial": "Tertial", "quartal": "Quartal", "monat": "Monat"}


@dataclass(frozen=True, order=True)
class Periode:
    """A reporting period: (jahr, art, nummer), e.g. (2026, "quartal", 3) for Q3 2026."""

    jahr: int
    art: str
    nummer: int = 1

    def __post_init__(self) -> None:
        if self.art not in PERIODEN_JE_JAHR:
            raise ValueError(f"Unbekannte Periodenart: {self.art!r}")
        if not 1 <= self.nummer <= PERIODEN_JE_JAHR[self.art]:
            raise ValueError(f"{self.art} {self.nummer} gibt es nicht.")

    @property
    def monate(self) -> int:
        """Length of the period in months."""
        return 12 // PERIODEN_JE_JAHR[self.art]

    @property
    def ende(self) -> dt.date:
        """The last day of the period (e.g. 30.09. for Q3, 31.08. for Tertial 2)."""
        monat = self.nummer * self.monate
        return dt.date(self.jahr, monat, calendar.monthrange(self.jahr, monat)[1])

    @property
    def anfang(self) -> dt.date:
        """The first day of the period."""
        return dt.date(self.jahr, (self.nummer - 1) * self.monate + 1, 1)

    @property
    def kurz(self) -> str:
        """Short label: "Q3 2026", "T2 2026", "09/2026" or "2026"."""
        return {
            "jahr": f"{self.jahr}",
            "quartal": f"Q{self.nummer} {self.jahr}",
            "tertial": f"T{self.nummer} {self.jahr}",
            "monat": f"{self.nummer:02d}/{self.jahr}",
        }[self.art]

    @property
    def lang(self) -> str:
        """Long label: "3. Quartal 2026", "2. Tertial 2026", "September 2026" or "Jahr 2026"."""
        if self.art == "jahr":
            return f"Jahr {self.jahr}"
        if self.art == "monat":
            return f"{MONATE[self.nummer - 1]} {self.jahr}"
        return f"{self.nummer}. {PERIODENNAMEN[self.art]} {self.jahr}"

    @property
    def anteil_am_jahr(self) -> float:
        """Share of the year elapsed at the end of this period (Q3 → 0.75)."""
        return self.nummer / PERIODEN_JE_JAHR[self.art]

    def im_jahr(self) -> list[Periode]:
        """All periods of this kind in the same year up to and including this one."""
        return [Periode(self.jahr, self.art, n) for n in range(1, self.nummer + 1)]

    def vorjahr(self) -> Periode:
        """The same period one year earlier."""
        return Periode(self.jahr - 1, self.art, self.nummer)

    def vorige(self) -> Periode:
        """The period before this one (across the year boundary)."""
        if self.nummer > 1:
            return Periode(self.jahr, self.art, self.nummer - 1)
        return Periode(self.jahr - 1, self.art, PERIODEN_JE_JAHR[self.art])


def perioden_des_jahres(jahr: int, art: str) -> list[Periode]:
    """All in-year periods of a year."""
    return [Periode(jahr, art, n) for n in range(1, PERIODEN_JE_JAHR[art] + 1)]


def periodenvermerk(periode: Periode, mit_ist: Iterable[Periode], heute: dt.date) -> str | None:
    """Why a period has no Ist yet: "läuft noch", "noch nicht begonnen", "noch keine Ist-Werte"; None when it has."""
    if periode in set(mit_ist):
        return None
    if heute < periode.anfang:
        return "noch nicht begonnen"
    if heute <= periode.ende:
        return "läuft noch"
    return "noch keine Ist-Werte"


def ist_bezeichnung(periode: Periode, stichtag: Periode | None) -> str:
    """Label of the in-year Ist of ``periode``'s year cut at ``stichtag``: "Ist bis Q3 2026", or "Ist 2027"
    when the year has no Ist at all (``stichtag`` None)."""
    return f"Ist bis {stichtag.kurz}" if stichtag is not None else f"Ist {periode.jahr}"


def stichtagstext(stichtag: Periode | None) -> str:
    """"Stichtag 30.09.2026" (German date of the period's end), or "noch keine Ist-Werte" without a Stichtag."""
    if stichtag is None:
        return "noch keine Ist-Werte"
    return f"Stichtag {stichtag.ende:%d.%m.%Y}"


def vorjahresbezug(stichtag: Periode | None) -> str:
    """How a year-to-date Ist is compared: "ggü. Vorjahr bis 30.09." (the same months one year earlier)."""
    if stichtag is None:
        return "ggü. Vorjahr"
    return f"ggü. Vorjahr bis {stichtag.ende:%d.%m.}"
