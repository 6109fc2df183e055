"""Honest periods: the previous year is compared on the same months, a period without Ist is named as such."""

import datetime as dt
from decimal import Decimal

import pytest

from kennzahlen import abfragen
from kennzahlen.auswertung import cockpitdaten
from kennzahlen.db import transaktion
from kennzahlen.models import Haushaltsbetrag, Planzeile, Produkt, Zeilenschema
from kennzahlen.perioden import Periode, ist_bezeichnung, periodenvermerk, stichtagstext, vorjahresbezug

Q = "quartal"
AUFWAND_JE_QUARTAL = {2025: (100, 110, 120, 400), 2026: (130, 140, 150)}
"""Zuschussbedarf per quarter: 2025 complete (Q4 with the year-end bookings), 2026 up to Q3."""


@pytest.fixture
def haushalt(fabrik_beide):
    """One product with an Ansatz 2026 and in-year Ist for Q1–Q4 2025 and Q1–Q3 2026 (stored as expenses)."""
    with transaktion(fabrik_beide) as s:
        schema = Zeilenschema(code="nkf", name="NKF")
        s.add(schema)
        s.flush()
        zeile = Planzeile(schema_id=schema.id, nummer="15", bezeichnung="Transferaufwendungen", art="aufwand")
        produkt = Produkt(code="060503", name="Heimerziehung", ebene="produkt")
        s.add_all([zeile, produkt])
        s.flush()
        betraege = [Haushaltsbetrag(produkt_id=produkt.id, jahr=2026, periodenart="jahr", periode=1,
                                    planzeile_id=zeile.id, betragsart="ansatz", betrag=Decimal("-600"))]
        betraege += [
            Haushaltsbetrag(produkt_id=produkt.id, jahr=jahr, periodenart=Q, periode=n, planzeile_id=zeile.id,
                            betragsart="ist_unterjaehrig", betrag=Decimal(-betrag))
            for jahr, reihe in AUFWAND_JE_QUARTAL.items() for n, betrag in enumerate(reihe, start=1)
        ]
        s.add_all(betraege)
    return fabrik_beide


def test_pe001_vorjahr_auf_dieselben_monate_gekuerzt(haushalt):
    """Q4 2026 chosen while 2026 has Ist only for Q1–Q3: Stichtag Q3, Ist and Vorjahr both over Q1–Q3
    (not 9 months of 2026 against 12 of 2025)."""
    z = abfragen.zuschussbedarf_je_produkt(haushalt, Periode(2026, Q, 4)).iloc[0]
    assert abfragen.ist_stichtag(haushalt, Periode(2026, Q, 4)) == Periode(2026, Q, 3)
    assert z["ist_bis"] == 130 + 140 + 150
    assert z["ist_vorjahr_bis"] == 100 + 110 + 120  # Q4 2025 (400) is left out
    assert z["ansatz"] == 600


def test_pe002_perioden_mit_ist_unveraendert(haushalt):
    """A period that has Ist is its own Stichtag; Q2 cuts both years at Q2; 2025 Q4 keeps the whole year."""
    z = abfragen.zuschussbedarf_je_produkt(haushalt, Periode(2026, Q, 2)).iloc[0]
    assert (z["ist_bis"], z["ist_vorjahr_bis"]) == (270, 210)
    assert abfragen.ist_stichtag(haushalt, Periode(2025, Q, 4)) == Periode(2025, Q, 4)
    assert list(abfragen.zuschussbedarf_je_produkt(haushalt, Periode(2026, Q, 3)).columns) == [
        "produkt_id", "ansatz", "fortgeschriebener_ansatz", "prognose", "ergebnis_vorjahr", "ist_bis",
        "ist_vorjahr_bis"]


def test_pe003_jahr_ohne_ist(haushalt):
    """A year without any Ist has no Stichtag and no year-to-date comparison (NaN, not −100 %)."""
    assert abfragen.ist_stichtag(haushalt, Periode(2027, Q, 1)) is None
    z = abfragen.zuschussbedarf_je_produkt(haushalt, Periode(2027, Q, 1))
    assert z.empty or (z["ist_bis"].isna().all() and z["ist_vorjahr_bis"].isna().all())


def test_pe004_cockpitdaten_tragen_den_stichtag(haushalt):
    """Cockpitdaten carry the effective Stichtag and their sums compare the same months; without any Kennzahl
    the period is not "ohne Ist" (there is nothing to rate at all)."""
    d = cockpitdaten(haushalt, Periode(2026, Q, 4))
    assert d.stichtag == Periode(2026, Q, 3)
    assert (d.gesamt["ist_bis"], d.gesamt["ist_vorjahr_bis"]) == (420, 330)
    assert not d.ohne_ist and cockpitdaten(haushalt, Periode(2027, Q, 1)).stichtag is None


def test_pe005_texte_und_vermerke():
    """Labels of the Stichtag and of periods without Ist, relative to today."""
    heute = dt.date(2026, 12, 7)
    mit_ist = [Periode(2026, Q, n) for n in (1, 2, 3)]
    assert periodenvermerk(Periode(2026, Q, 3), mit_ist, heute) is None
    assert periodenvermerk(Periode(2026, Q, 4), mit_ist, heute) == "läuft noch"
    assert periodenvermerk(Periode(2026, Q, 2), mit_ist[:1], heute) == "noch keine Ist-Werte"
    assert periodenvermerk(Periode(2027, Q, 1), mit_ist, heute) == "noch nicht begonnen"
    q3 = Periode(2026, Q, 3)
    assert (ist_bezeichnung(Periode(2026, Q, 4), q3), stichtagstext(q3), vorjahresbezug(q3)) == (
        "Ist bis Q3 2026", "Stichtag 30.09.2026", "ggü. Vorjahr bis 30.09.")
    assert ist_bezeichnung(Periode(2027, Q, 1), None) == "Ist 2027"
