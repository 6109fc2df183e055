"""Wirkung und Kosten: quadrants, Wirkungssaldo, money without measurement (demo city and a tiny database)."""

from decimal import Decimal

import pandas as pd
import pytest

from kennzahlen import portfolio as pf
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.models import Handlungsfeld, Haushaltsbetrag, Planzeile, Produkt, Ziel, ZielProdukt
from kennzahlen.zeilenschema import schema_anlegen


@pytest.fixture(scope="module")
def demo(demo_vorlage):
    """A session factory on the shared demo database (read only)."""
    engine = engine_erstellen(f"sqlite:///{demo_vorlage}")
    yield sessionfabrik(engine)
    engine.dispose()


def test_pf001_quadranten():
    """Dearer or cheaper × with or without outcome; no measurement is its own group."""
    assert pf.quadrant(0.1, 0.5) == "teurer_mit"
    assert pf.quadrant(0.1, 0.0) == "teurer_ohne"
    assert pf.quadrant(-0.1, 1.0) == "guenstiger_mit"
    assert pf.quadrant(-0.1, -1.0) == "guenstiger_ohne"
    assert pf.quadrant(0.1, float("nan")) == "ohne_messung"
    assert pf.QUADRANTEN["teurer_ohne"] == "teurer, ohne messbare Wirkung"


def test_pf002_wirkungssaldo_mit_richtung_und_schwelle():
    """Lower-is-better falling counts as better; a move within 2 % counts as unchanged; Wirkung Kennzahlen
    replace Output ones where a product has both."""
    verknuepfung = pd.DataFrame({
        "produkt_id": [1, 1, 1, 2], "kennzahl_id": [10, 11, 12, 12], "typ": ["wirkung", "wirkung", "output", "output"],
        "richtung": ["niedriger_besser", "hoeher_besser", "hoeher_besser", "hoeher_besser"],
        "korridor_unten": [float("nan")] * 4, "korridor_oben": [float("nan")] * 4})
    zaehlend = pf.zaehlende_kennzahlen(verknuepfung)
    assert sorted(zaehlend.loc[zaehlend["produkt_id"] == 1, "kennzahl_id"]) == [10, 11]
    werte = pd.DataFrame({"kennzahl_id": [10, 10, 11, 11, 12, 12], "jahr": [2022, 2025] * 3,
                          "wert": [30.0, 25.0, 17.0, 17.2, 100.0, 90.0]})
    w = pf.wirkung_je_produkt(zaehlend, werte, 2022, 2025).set_index("produkt_id")
    assert (w.loc[1, "besser"], w.loc[1, "gleich"], w.loc[1, "wirkungssaldo"]) == (1, 1, 0.5)
    assert (w.loc[2, "schlechter"], w.loc[2, "wirkungssaldo"]) == (1, -1.0)


def test_pf003_demo_perspektive_arbeit_teurer_ohne_wirkung(demo):
    """The demo's story 'Kosten ohne Wirkung' (050105 Perspektive Arbeit): dearer over 2022–2025 while its
    Wirkung Kennzahl K108 does not move; filters keep freiwillig and Handlungsfeld HF1 only."""
    df = pf.portfolio(demo, 2022, 2025)
    z = df.set_index("code").loc["050105"]
    assert z["veraenderung_anteil"] > 0.05 and z["quadrant_text"] == "teurer, ohne messbare Wirkung"
    freiwillig = pf.portfolio_filtern(df, "freiwillig", "HF1")
    assert "050105" in set(freiwillig["code"]) and set(freiwillig["aufgabenart"]) == {"freiwillig"}
    assert all("HF1" in c.split(",") for c in freiwillig["handlungsfeld_codes"])
    with pytest.raises(ValueError, match="vorwärts"):
        pf.portfolio(demo, 2025, 2025)


def test_pf004_demo_geld_ohne_wirkungsmessung(demo):
    """Products without any goal (050301 Asylbewerberleistungen, 060301 Offene Jugendarbeit) are listed with
    their amounts; the share no goal accounts for lies between the listed money and the total."""
    liste = pf.ohne_wirkungsmessung(demo, 2025)
    assert {"050301", "060301"} <= set(liste["code"]) and set(liste["grund"]) <= {"kein Ziel", "Ziel ohne Kennzahl"}
    assert (liste["betrag"] > 0).all() and liste["betrag"].is_monotonic_decreasing
    anteil = pf.anteil_ohne_ziel(demo, 2025)
    ohne_ziel = float(liste.loc[liste["grund"] == "kein Ziel", "betrag"].sum())
    assert ohne_ziel <= anteil.betrag_ohne_ziel < anteil.gesamt and 0 < anteil.anteil < 0.5
    assert "ist keinem Ziel zugeordnet" in anteil.text


def test_pf005_anteil_ohne_ziel_von_hand(fabrik_beide):
    """Two products of 1 Mio. € each: one 60 % in a goal, one without → 1,4 Mio. € of 2 Mio. € (70 %) no goal
    accounts for; SQLite and PostgreSQL."""
    with fabrik_beide() as s, s.begin():
        schema = schema_anlegen(s)
        zeile15 = s.query(Planzeile).filter_by(schema_id=schema.id, nummer="15").one()
        hf = Handlungsfeld(code="HF1", name="Arbeit")
        a = Produkt(code="050101", name="A", ebene="produkt", aufgabenart="pflicht")
        b = Produkt(code="050102", name="B", ebene="produkt", aufgabenart="freiwillig")
        s.add_all([hf, a, b])
        s.flush()
        z = Ziel(code="Z1", name="Ziel", ebene="strategisch", zielfeld="ergebnisse", handlungsfeld_id=hf.id)
        s.add(z)
        s.flush()
        s.add(ZielProdukt(ziel_id=z.id, produkt_id=a.id, anteil=Decimal("0.6")))
        for p in (a, b):
            s.add(Haushaltsbetrag(produkt_id=p.id, jahr=2025, periodenart="jahr", periode=1, betragsart="ergebnis",
                                  version="beschluss", planzeile_id=zeile15.id, betrag=Decimal(-1_000_000)))
    anteil = pf.anteil_ohne_ziel(fabrik_beide, 2025)
    assert (anteil.betrag_ohne_ziel, anteil.gesamt, anteil.anteil) == pytest.approx((1_400_000, 2_000_000, 0.7))
    liste = pf.ohne_wirkungsmessung(fabrik_beide, 2025).set_index("code")
    assert liste.loc["050102", "grund"] == "kein Ziel" and liste.loc["050101", "grund"] == "Ziel ohne Kennzahl"
