"""Mengen- und Preiseffekt: hand-computed splits, the sum property, and the split per product from the database."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kennzahlen import effekte as ef
from kennzahlen import geldfluss as gf
from kennzahlen.models import Haushaltsbetrag, Kennzahl, Kennzahlwert, Planzeile, Produkt, ProduktKennzahl
from kennzahlen.zeilenschema import schema_anlegen


def test_eff001_faelle_und_preis_steigen():
    """100 cases at 1.000 € → 120 cases at 1.100 €: +32.000 € = 20.000 Menge + 10.000 Preis + 2.000 Rest."""
    e = ef.mengen_preis_effekt(100, 1000, 120, 1100)
    assert (e.betrag0, e.betrag1, e.veraenderung) == (100_000, 132_000, 32_000)
    assert (e.mengeneffekt, e.preiseffekt, e.rest) == (20_000, 10_000, 2_000)


def test_eff002_faelle_sinken_kosten_steigen():
    """200 cases at 500 € → 150 cases at 800 €: the amount rises by 20.000 € although cases fall:
    Mengeneffekt −25.000, Preiseffekt +60.000, Rest −15.000."""
    e = ef.mengen_preis_effekt(200, 500, 150, 800)
    assert e.veraenderung == 20_000
    assert (e.mengeneffekt, e.preiseffekt, e.rest) == (-25_000, 60_000, -15_000)
    same = ef.effekt_aus_betraegen(100_000, 200, 120_000, 150)
    assert (same.mengeneffekt, same.preiseffekt, same.rest) == pytest.approx((-25_000, 60_000, -15_000))


def test_eff003_nullbasis_und_wegfall():
    """No cases before: the whole change is Mengeneffekt (at the new price); all cases gone: likewise, at the
    old price; money without cases cannot be split (German error)."""
    neu = ef.mengen_preis_effekt(0, None, 10, 300)
    assert (neu.veraenderung, neu.mengeneffekt, neu.preiseffekt, neu.rest) == (3000, 3000, 0, 0)
    weg = ef.effekt_aus_betraegen(5000, 20, 0, 0)
    assert (weg.veraenderung, weg.mengeneffekt, weg.preiseffekt, weg.rest) == (-5000, -5000, 0, 0)
    assert ef.effekt_aus_betraegen(0, 0, 0, 0).veraenderung == 0
    with pytest.raises(ValueError, match="ohne Fälle"):
        ef.effekt_aus_betraegen(1000, 0, 2000, 10)
    with pytest.raises(ValueError, match="Fallzahlen"):
        ef.mengen_preis_effekt(-1, 10, 5, 10)


@settings(max_examples=300, deadline=None)
@given(st.decimals(0, 10**6, places=2), st.decimals(0, 10**6, places=2), st.decimals(0, 10**6, places=2),
       st.decimals(0, 10**6, places=2))
def test_eff004_drei_teile_ergeben_die_veraenderung(m0, p0, m1, p1):
    """For any cases and prices the three parts add up to the change (in floats to 1e-9 of the amounts)."""
    e = ef.mengen_preis_effekt(float(m0), float(p0), float(m1), float(p1))
    skala = max(abs(e.betrag0), abs(e.betrag1), 1.0)
    assert e.mengeneffekt + e.preiseffekt + e.rest == pytest.approx(e.veraenderung, abs=1e-9 * skala)
    exakt = m1 * p1 - m0 * p0
    assert Decimal(repr(e.veraenderung)) == pytest.approx(exakt, rel=Decimal("1e-12"), abs=Decimal("1e-6"))


def test_eff005_stand_aus_der_adresse():
    """'2025-ergebnis' is read; a bad value falls back with a German hint naming what is expected."""
    standard = ef.Stand(2025, "ergebnis")
    assert ef.stand_lesen("2026-prognose", standard) == (ef.Stand(2026, "prognose"), None)
    stand, hinweis = ef.stand_lesen("2026-soll", standard)
    assert stand == standard and "Jahr-Betragsart" in hinweis
    assert ef.Stand(2026, "ist", "quartal", 3).bezeichnung == "Ist bis Q3 2026 (hochgerechnet)"


@pytest.fixture
def heimfall(fabrik_beide):
    """One product with Transferaufwand and a Fallzahl: Ergebnis 2025 1 Mio. € for 100 cases, Ansatz 2026
    900.000 € for 90 planned cases, Prognose 2026 1,2 Mio. € for 80 cases (Ist Q1–Q2 2026)."""
    with fabrik_beide() as s, s.begin():
        schema = schema_anlegen(s)
        zeile = {z.nummer: z for z in s.query(Planzeile).filter_by(schema_id=schema.id)}
        p = Produkt(code="060503", name="Heimerziehung", ebene="produkt", aufgabenart="pflicht")
        k = Kennzahl(code="K506", name="Laufende Hilfen", einheit="Fälle", frequenz="quartal", typ="output",
                     richtung="niedriger_besser", nachkommastellen=0)
        s.add_all([p, k])
        s.flush()
        s.add(ProduktKennzahl(produkt_id=p.id, kennzahl_id=k.id, rolle="fallzahl"))
        for jahr, quartale in ((2025, (100, 100, 100, 100)), (2026, (80, 80))):
            for n, wert in enumerate(quartale, 1):
                s.add(Kennzahlwert(kennzahl_id=k.id, jahr=jahr, periodenart="quartal", periode=n, wertart="ist",
                                   wert=Decimal(wert)))
        s.add(Kennzahlwert(kennzahl_id=k.id, jahr=2026, periodenart="jahr", periode=1, wertart="zielwert",
                           wert=Decimal(90)))
        for jahr, art, transfer, erstattung in ((2025, "ergebnis", 1_000_000, 100_000),
                                                (2026, "ansatz", 900_000, 90_000),
                                                (2026, "prognose", 1_200_000, 100_000)):
            s.add(Haushaltsbetrag(produkt_id=p.id, jahr=jahr, periodenart="jahr", periode=1, betragsart=art,
                                  version="beschluss", planzeile_id=zeile["15"].id, betrag=Decimal(-transfer)))
            s.add(Haushaltsbetrag(produkt_id=p.id, jahr=jahr, periodenart="jahr", periode=1, betragsart=art,
                                  version="beschluss", planzeile_id=zeile["06"].id, betrag=Decimal(erstattung)))
    return fabrik_beide


def test_eff006_effekte_je_produkt_aus_der_datenbank(heimfall):
    """Ergebnis 2025 → Prognose 2026 on the Transferaufwand: 100 → 80 cases, 10.000 € → 15.000 € per case:
    Mengeneffekt −200.000 €, Preiseffekt +500.000 €, Rest −100.000 € (the change: +200.000 €)."""
    df = ef.effekte_je_produkt(heimfall, ef.Stand(2025, "ergebnis"), ef.Stand(2026, "prognose"))
    z = df.set_index("code").loc["060503"]
    assert z["grundlage"] == "transferaufwand" and z["hinweis"] is None
    assert (z["menge0"], z["menge1"], z["preis0"], z["preis1"]) == pytest.approx((100, 80, 10_000, 15_000))
    assert (z["menge0_art"], z["menge1_art"]) == ("ist_jahresmittel", "ist_mittel_bis")
    assert (z["veraenderung"], z["mengeneffekt"], z["preiseffekt"], z["rest"]) == pytest.approx(
        (200_000, -200_000, 500_000, -100_000))


def test_eff007_fallkosten_plan_durch_plan(heimfall):
    """The one definition: an Ansatz is divided by the planned cases (Zielwert), never by Ist cases; the
    Zuschussbedarf per case is named beside it."""
    k = ef.fallkosten_je_produkt(heimfall, ef.Stand(2026, "ansatz")).iloc[0]
    assert k["fallart"] == "plan" and k["faelle"] == 90
    assert k["je_fall"] == pytest.approx(10_000) and k["zuschuss_je_fall"] == pytest.approx(9_000)
    assert gf.fallkosten_bezeichnung(k["grundlage"]) == "Transferaufwand je Fall"
    ohne_transfer = gf.fallkosten(0, 5000, 10)
    assert ohne_transfer["grundlage"] == "zuschussbedarf" and ohne_transfer["je_fall"] == 500
