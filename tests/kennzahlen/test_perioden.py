"""Reporting periods: labels, end dates, navigation."""

import datetime as dt

import pytest

from kennzahlen.perioden import Periode, perioden_des_jahres


def test_per001_quartal_label_und_ende():
    """Q3 2026 ends on 30.09.2026 and is labelled in German."""
    p = Periode(2026, "quartal", 3)
    assert (p.kurz, p.lang) == ("Q3 2026", "3. Quartal 2026")
    assert (p.anfang, p.ende) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def test_per002_tertial_stichtage():
    """Tertial cut-offs are 30.4., 31.8. and 31.12."""
    assert [p.ende for p in perioden_des_jahres(2026, "tertial")] == [
        dt.date(2026, 4, 30), dt.date(2026, 8, 31), dt.date(2026, 12, 31)]


def test_per003_vorige_ueber_jahresgrenze():
    """The period before Q1 is Q4 of the previous year; before January is December."""
    assert Periode(2026, "quartal", 1).vorige() == Periode(2025, "quartal", 4)
    assert Periode(2026, "monat", 1).vorige() == Periode(2025, "monat", 12)
    assert Periode(2026, "monat", 2).lang == "Februar 2026"


def test_per004_ungueltige_periode():
    """A fifth quarter or an unknown kind is refused."""
    with pytest.raises(ValueError):
        Periode(2026, "quartal", 5)
    with pytest.raises(ValueError):
        Periode(2026, "woche", 1)


def test_per005_anteil_am_jahr():
    """Q3 is three quarters of the year; Tertial 2 two thirds."""
    assert Periode(2026, "quartal", 3).anteil_am_jahr == 0.75
    assert Periode(2026, "tertial", 2).anteil_am_jahr == pytest.approx(2 / 3)
