"""Forecasts: static and seasonal extrapolation with known answers, the seasonal fallback, which forecast
counts, the backtest (hand-made and on the demo city Musterstadt), the wesentliche-Verschlechterung flag and
the validation of the two writes."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import func, select

from kennzahlen import abfragen
from kennzahlen import prognose as pg
from kennzahlen.db import engine_erstellen, sessionfabrik, transaktion
from kennzahlen.models import (
    Handlungsfeld,
    Haushaltsbetrag,
    Periodenabschluss,
    Planzeile,
    Produkt,
    Produktprognose,
    Prognosewahl,
    Zeilenschema,
)
from kennzahlen.perioden import Periode
from kennzahlen.zugang import Benutzerkontext, Rolle

PROFIL = (10.0, 20.0, 30.0, 40.0)
"""Quarterly Zuschussbedarf of the hand-made product in 2022–2024 (Ergebnis 100 each year)."""


def _ist(zeilen: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(zeilen, columns=["produkt_id", "jahr", "periode", "zuschuss"])


def _ergebnis(zeilen: list[tuple[int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(zeilen, columns=["produkt_id", "jahr", "zuschuss"])


def _geschichte(produkt_id: int = 1) -> tuple[list, list]:
    ist = [(produkt_id, j, q, PROFIL[q - 1]) for j in (2022, 2023, 2024) for q in range(1, 5)]
    return ist, [(produkt_id, j, 100.0) for j in (2022, 2023, 2024)]


# --- pure calculations -----------------------------------------------------------------------------


def test_prg001_statische_hochrechnung():
    """Ist to date divided by the elapsed share of the year: 75 at Q3 → 100, 40 at Tertial 1 → 120."""
    assert pg.statische_hochrechnung(75.0, Periode(2026, "quartal", 3)) == pytest.approx(100.0)
    assert pg.statische_hochrechnung(40.0, Periode(2026, "tertial", 1)) == pytest.approx(120.0)
    assert math.isnan(pg.statische_hochrechnung(math.nan, Periode(2026, "quartal", 3)))


def test_prg002_saisonale_hochrechnung_bekannte_antwort():
    """With 10 % of the Ergebnis reached at Q1 in earlier years, 12 at Q1 extrapolates to 120 (static: 48).

    Only the three newest complete years count: 2021 (a flat profile) lies further back; 2020 without
    Ergebnis and a year with a missing quarter are skipped.
    """
    ist, ergebnis = _geschichte()
    ist += [(1, 2021, q, 25.0) for q in range(1, 5)] + [(1, 2020, q, 99.0) for q in range(1, 5)]
    ergebnis += [(1, 2021, 100.0)]
    ist += [(1, 2025, 1, 12.0)]
    df = pg.hochrechnungen(_ist(ist), _ergebnis(ergebnis), Periode(2025, "quartal", 1)).set_index("produkt_id")
    assert df.loc[1, "ist_bis"] == pytest.approx(12.0)
    assert df.loc[1, "statisch"] == pytest.approx(48.0)
    assert df.loc[1, "saisonanteil"] == pytest.approx(0.1)
    assert df.loc[1, "profiljahre"] == 3
    assert df.loc[1, "saisonal"] == pytest.approx(120.0)
    # At Q2 the share is 30 %: 12 + 18 = 30 → 100.
    df = pg.hochrechnungen(_ist([*ist, (1, 2025, 2, 18.0)]), _ergebnis(ergebnis),
                           Periode(2025, "quartal", 2)).set_index("produkt_id")
    assert df.loc[1, "saisonal"] == pytest.approx(100.0) and df.loc[1, "statisch"] == pytest.approx(60.0)
    # A year with a missing quarter does not count: 2024 without Q4 leaves 2021–2023 (shares 0,25, 0,1, 0,1).
    ohne_q4 = [z for z in ist if (z[1], z[2]) != (2024, 4)]
    df = pg.hochrechnungen(_ist(ohne_q4), _ergebnis(ergebnis), Periode(2025, "quartal", 1)).set_index("produkt_id")
    assert df.loc[1, "saisonanteil"] == pytest.approx(0.15)


def test_prg003_saisonal_ohne_vorjahre_faellt_auf_statisch_zurueck():
    """Without an earlier complete year the seasonal forecast equals the static one and says so (profiljahre 0)."""
    ist = _ist([(7, 2025, 1, 30.0), (7, 2025, 2, 30.0)])
    df = pg.hochrechnungen(ist, _ergebnis([]), Periode(2025, "quartal", 2)).set_index("produkt_id")
    assert df.loc[7, "profiljahre"] == 0
    assert math.isnan(df.loc[7, "saisonanteil"])
    assert df.loc[7, "saisonal"] == df.loc[7, "statisch"] == pytest.approx(120.0)
    # An Ergebnis of 0 gives no usable share either.
    ist = _ist([(7, 2024, q, 5.0) for q in range(1, 5)] + [(7, 2025, 1, 30.0)])
    df = pg.hochrechnungen(ist, _ergebnis([(7, 2024, 0.0)]), Periode(2025, "quartal", 1)).set_index("produkt_id")
    assert df.loc[7, "profiljahre"] == 0 and df.loc[7, "saisonal"] == pytest.approx(120.0)
    assert "ohne solche Vorjahre rechnet sie statisch" in pg.METHODEN["saisonal"]


def test_prg004_welche_prognose_gilt():
    """The choice wins where it has a value; else the department's forecast; else the seasonal one."""
    werte = pd.DataFrame({
        "fachbereich": [110.0, math.nan, 110.0, math.nan],
        "statisch": [60.0, 60.0, 60.0, 60.0],
        "saisonal": [100.0, 100.0, 100.0, 100.0],
        "wahl": [None, None, "statisch", "fachbereich"],
    })
    g = pg.geltende_prognose(werte)
    assert list(g["methode"]) == ["fachbereich", "saisonal", "statisch", "saisonal"]
    assert list(g["prognose"]) == [110.0, 100.0, 60.0, 100.0]
    assert list(g["gewaehlt"]) == [False, False, True, False]
    assert g["hinweis"].iloc[3].startswith("Gewählt ist die Prognose des Fachbereichs")
    assert g["hinweis"].iloc[0] == ""


def test_prg005_wesentliche_verschlechterung_schwelle():
    """More than the threshold above the Ansatz is flagged with a sentence naming the amount and § 25 KomHVO NRW;
    exactly the threshold is not; a product without forecast counts with its Ansatz."""
    p = Periode(2026, "quartal", 3)
    df = pd.DataFrame({"prognose": [1_600_000.0, 900_000.0, math.nan], "bezugsansatz": [1_000_000.0, 500_000.0,
                                                                                         300_000.0]})
    genau = pg.verschlechterung_bewerten(df, Decimal("1000000"), p)
    assert genau.abweichung == pytest.approx(1_000_000.0) and not genau.wesentlich
    assert (genau.prognose, genau.ansatz) == (pytest.approx(2_800_000.0), pytest.approx(1_800_000.0))
    knapp = pg.verschlechterung_bewerten(df, 999_000, p)
    assert knapp.wesentlich
    assert knapp.text.startswith("Wesentliche Verschlechterung:")
    assert "§ 25 KomHVO NRW" in knapp.text and "1.000.000\u00a0€ über dem fortgeschriebenen Ansatz" in knapp.text
    assert "Schwelle von 999.000\u00a0€" in knapp.text and "unverzüglich zu unterrichten" in knapp.text
    assert "Für 1 Produkt(e) liegt keine Prognose vor" in knapp.text and knapp.ohne_prognose == 1
    assert genau.text.startswith("Keine wesentliche Verschlechterung:") and "§ 25 KomHVO NRW" in genau.text
    besser = pg.verschlechterung_bewerten(df.assign(prognose=[0.0, 0.0, 0.0]), 0, p)
    assert not besser.wesentlich and "unter dem fortgeschriebenen Ansatz" in besser.text


def test_prg006_backtest_auswerten_und_beste_methode():
    """Mean errors per method and Stichtag plus an overall row; the best method has the smallest overall error."""
    einzeln = pd.DataFrame([
        ("quartal", 2022, 1, "statisch", 40.0, 100.0, 0.6, False), ("quartal", 2022, 1, "saisonal", 40.0, 100.0, 0.6,
                                                                    False),
        ("quartal", 2023, 1, "statisch", 40.0, 100.0, 0.6, True), ("quartal", 2023, 1, "saisonal", 100.0, 100.0, 0.0,
                                                                   True),
    ], columns=["periodenart", "jahr", "periode", "methode", "prognose", "ergebnis", "fehler", "mit_profil"])
    a = pg.backtest_auswerten(einzeln).set_index(["methode", "periode"])
    assert a.loc[("statisch", 1), "mape"] == pytest.approx(0.6)
    assert a.loc[("saisonal", 1), "mape"] == pytest.approx(0.3)
    assert a.loc[("saisonal", 0), "stichtag"] == "alle Stichtage"
    assert a.loc[("saisonal", 1), "stichtag"] == "1. Quartal (31.03.)"
    assert a.loc[("saisonal", 0), "ohne_profil"] == 1 and a.loc[("statisch", 0), "ohne_profil"] == 0
    assert a.loc[("statisch", 1), "jahre"] == 2
    assert pg.beste_methode(a.reset_index()) == "saisonal"
    assert pg.beste_methode(pg.backtest_auswerten(einzeln.iloc[:0])) is None


# --- queries and writes on a hand-made database (SQLite and PostgreSQL) ---------------------------------


@pytest.fixture
def haushalt(fabrik_beide):
    """Product 050101 (Zuschussbedarf per quarter 10/20/30/40, Ergebnis 100 in 2022–2024; 2025: Q1 12, Q2 18,
    Ansatz 90, fortgeschriebener Ansatz 95, imported Prognose 110) and 050102 without any amount."""
    with transaktion(fabrik_beide) as s:
        schema = Zeilenschema(code="test", name="Test")
        s.add(schema)
        s.flush()
        zeile = Planzeile(schema_id=schema.id, nummer="15", bezeichnung="Transferaufwendungen", art="aufwand")
        s.add_all([zeile, Produkt(code="050101", name="Kosten der Unterkunft", ebene="produkt"),
                   Produkt(code="050102", name="Einmalige Leistungen", ebene="produkt")])
        s.flush()
        pid = s.scalar(select(Produkt.id).where(Produkt.code == "050101"))

        def betrag(jahr, art, periodenart, periode, zuschuss):
            s.add(Haushaltsbetrag(produkt_id=pid, jahr=jahr, periodenart=periodenart, periode=periode,
                                  planzeile_id=zeile.id, betragsart=art, version="beschluss",
                                  betrag=Decimal(str(-zuschuss))))

        for jahr in (2022, 2023, 2024):
            betrag(jahr, "ergebnis", "jahr", 1, 100)
            for q in range(1, 5):
                betrag(jahr, "ist_unterjaehrig", "quartal", q, PROFIL[q - 1])
        betrag(2025, "ist_unterjaehrig", "quartal", 1, 12)
        betrag(2025, "ist_unterjaehrig", "quartal", 2, 18)
        betrag(2025, "ansatz", "jahr", 1, 90)
        betrag(2025, "fortgeschriebener_ansatz", "jahr", 1, 95)
        betrag(2025, "prognose", "jahr", 1, 110)
    return fabrik_beide


def test_prg007_prognosen_je_produkt_nebeneinander(haushalt):
    """All three forecasts side by side; the department's recorded forecast replaces the imported one from its
    Stichtag on; a choice of Controlling makes its method count."""
    q2 = Periode(2025, "quartal", 2)
    df = pg.prognosen_je_produkt(haushalt, q2)
    assert list(df.columns) == list(pg.PROGNOSESPALTEN)
    z = df.set_index("code").loc["050101"]
    assert (z["ansatz"], z["fortgeschriebener_ansatz"], z["bezugsansatz"], z["ist_bis"]) == (90.0, 95.0, 95.0, 30.0)
    assert z["statisch"] == pytest.approx(60.0) and z["saisonal"] == pytest.approx(100.0) and z["profiljahre"] == 3
    assert (z["fachbereich"], z["fachbereich_quelle"], z["methode"], z["gewaehlt"]) == (110.0, "import",
                                                                                        "fachbereich", False)
    assert z["prognose"] == 110.0 and z["abweichung"] == pytest.approx(15.0)
    assert "050102" not in set(df["code"])  # no amounts, no forecast
    # Q3 chosen while the Ist runs only to Q2: extrapolated from Q2 (30 ÷ 0,5), not 30 ÷ 0,75.
    q3 = Periode(2025, "quartal", 3)
    assert abfragen.ist_stichtag(haushalt, q3) == q2
    assert abfragen.ist_stichtag(haushalt, Periode(2026, "quartal", 1)) is None
    z3 = pg.prognosen_je_produkt(haushalt, q3).set_index("code").loc["050101"]
    assert (z3["ist_bis"], z3["statisch"], z3["saisonal"]) == (30.0, pytest.approx(60.0), pytest.approx(100.0))

    with transaktion(haushalt) as s:
        pg.prognose_erfassen(s, "050101", Periode(2025, "quartal", 1), "105,50", "Mehr Bedarfsgemeinschaften", "Ana")
        pg.prognose_erfassen(s, "050101", Periode(2025, "quartal", 3), 200, "später erfasst", "Ana")
    z = pg.prognosen_je_produkt(haushalt, q2).set_index("code").loc["050101"]
    assert (z["fachbereich"], z["fachbereich_quelle"], z["fachbereich_begruendung"]) == (
        105.5, "erfasst", "Mehr Bedarfsgemeinschaften")
    assert str(z["fachbereich_stichtag"]) == "2025-03-31" and z["fachbereich_autor"] == "Ana"
    assert pg.prognosen_je_produkt(haushalt, Periode(2025, "quartal", 3)).set_index("code").loc[
        "050101", "fachbereich"] == 200.0

    with transaktion(haushalt) as s:
        pg.prognose_waehlen(s, "050101", 2025, "statisch", "Fachbereich zu optimistisch", "Carl")
    g = pg.gueltige_prognosen(haushalt, q2)
    assert list(g.columns)[:4] == ["produkt_id", "prognose", "methode", "gewaehlt"]
    assert (g["methode"].iloc[0], g["prognose"].iloc[0], bool(g["gewaehlt"].iloc[0])) == ("statisch", 60.0, True)
    # The choice belongs to its year: 2024 is untouched.
    assert pg.gueltige_prognosen(haushalt, Periode(2024, "quartal", 2))["gewaehlt"].tolist() == [False]


def test_prg008_backtest_bekannte_antwort(haushalt):
    """Hand-made backtest: static errs 60/40/20/0 % at Q1–Q4; the seasonal one only in the first year (no profile)."""
    a = pg.backtest(haushalt, "quartal").set_index(["methode", "periode"])
    for q, fehler in zip(range(1, 5), (0.6, 0.4, 0.2, 0.0), strict=True):
        assert a.loc[("statisch", q), "mape"] == pytest.approx(fehler)
        assert a.loc[("saisonal", q), "mape"] == pytest.approx(fehler / 3)
        assert a.loc[("statisch", q), "jahre"] == 3  # 2022–2024; 2025 has no Ergebnis yet
    assert a.loc[("statisch", 0), "mape"] == pytest.approx(0.3)
    assert a.loc[("saisonal", 0), "mape"] == pytest.approx(0.1)
    assert a.loc[("saisonal", 0), "ohne_profil"] == 1
    assert pg.beste_methode(a.reset_index()) == "saisonal"
    assert pg.backtest(haushalt, "tertial").empty


def test_prg009_prognose_erfassen_prueft_und_ersetzt(haushalt):
    """Reason required, amount a number (German format), product known, period open and in-year; the same
    Stichtag again replaces the entry, and saving the same twice leaves the row untouched."""
    q1 = Periode(2025, "quartal", 1)
    faelle = [
        (dict(begruendung="  "), "Begründung fehlt"),
        (dict(begruendung=None), "Begründung fehlt"),
        (dict(zuschussbedarf="viel"), "Prognose (Zuschussbedarf): „viel“ ist keine Zahl"),
        (dict(zuschussbedarf=""), "Prognose (Zuschussbedarf) fehlt"),
        (dict(zuschussbedarf="1.2.3"), "Prognose (Zuschussbedarf)"),
        (dict(zuschussbedarf="1e30"), "Prognose (Zuschussbedarf)"),
        (dict(produkt_code="999999"), "Produkt: „999999“ gibt es nicht"),
        (dict(produkt_code=""), "Produkt fehlt"),
        (dict(periode=Periode(2025, "jahr", 1)), "Stichtag"),
    ]
    for abweichend, meldung in faelle:
        argumente = dict(produkt_code="050101", periode=q1, zuschussbedarf="1.234.567,89", begruendung="Fallzahlen",
                         autor="Ana") | abweichend
        with haushalt() as s, pytest.raises(ValueError, match=meldung.replace("(", r"\(").replace(")", r"\)")):
            pg.prognose_erfassen(s, **argumente)
    with transaktion(haushalt) as s:
        e = pg.prognose_erfassen(s, "050101", q1, "1.234.567,89", "Fallzahlen", "Ana")
        assert e.zuschussbedarf == Decimal("1234567.89")
    with haushalt() as s:
        erster = s.scalar(select(Produktprognose.erfasst_am))
    with transaktion(haushalt) as s:
        pg.prognose_erfassen(s, "050101", q1, "1234567,89", " Fallzahlen ", "Ana")
    with haushalt() as s:
        assert s.scalar(select(Produktprognose.erfasst_am)) == erster  # same values: row untouched
    with transaktion(haushalt) as s:
        pg.prognose_erfassen(s, "050101", q1, Decimal("99"), "neu geschätzt", "Ben")
    with haushalt() as s:
        zeilen = s.execute(select(Produktprognose.zuschussbedarf, Produktprognose.begruendung,
                                  Produktprognose.autor)).all()
        assert [tuple(z) for z in zeilen] == [(Decimal("99.00"), "neu geschätzt", "Ben")]
    with transaktion(haushalt) as s:
        s.add(Periodenabschluss(jahr=2025, periodenart="quartal", periode=2, abgeschlossen_von="controlling"))
    with haushalt() as s, pytest.raises(ValueError, match=r"2\. Quartal 2025 ist abgeschlossen"):
        pg.prognose_erfassen(s, "050101", Periode(2025, "quartal", 2), 1, "Grund", "Ana")


def test_prg010_prognose_waehlen_prueft_und_ersetzt(haushalt):
    """Only the three methods; unknown product or year refused in German; a second choice replaces the first."""
    with haushalt() as s:
        with pytest.raises(ValueError, match="Methode: „raten“ gibt es nicht; erwartet: fachbereich"):
            pg.prognose_waehlen(s, "050101", 2025, "raten", None, "Carl")
        with pytest.raises(ValueError, match="Produkt"):
            pg.prognose_waehlen(s, "nix", 2025, "statisch", None, "Carl")
        with pytest.raises(ValueError, match="Jahr"):
            pg.prognose_waehlen(s, "050101", "zwanzig", "statisch", None, "Carl")
    for methode in ("statisch", "saisonal", "saisonal"):
        with transaktion(haushalt) as s:
            pg.prognose_waehlen(s, "050101", 2025, methode, "", "Carl")
    with haushalt() as s:
        assert s.scalar(select(func.count()).select_from(Prognosewahl)) == 1
        wahl = s.scalar(select(Prognosewahl))
        assert (wahl.methode, wahl.begruendung, wahl.jahr) == ("saisonal", None, 2025)


def test_prg011_schwelle_lesen_speichern_und_flag(haushalt):
    """Default 1.000.000 €; a stored threshold (German format) changes the flag; bad input is refused in German."""
    q2 = Periode(2025, "quartal", 2)
    with haushalt() as s:
        assert pg.schwelle_lesen(s) == Decimal("1000000")
    v = pg.wesentliche_verschlechterung(haushalt, q2)
    assert v.abweichung == pytest.approx(15.0) and not v.wesentlich and v.schwelle == 1_000_000
    with transaktion(haushalt) as s:
        assert pg.schwelle_speichern(s, "10,00") == Decimal("10.00")
    v = pg.wesentliche_verschlechterung(haushalt, q2)
    assert v.wesentlich and "Schwelle von 10\u00a0€" in v.text and "§ 25 KomHVO NRW" in v.text
    with haushalt() as s:
        with pytest.raises(ValueError, match="Schwelle der wesentlichen Verschlechterung: „zehn“ ist keine Zahl"):
            pg.schwelle_speichern(s, "zehn")
        with pytest.raises(ValueError, match="nicht negativ"):
            pg.schwelle_speichern(s, "-5")
    with transaktion(haushalt) as s:
        assert pg.schwelle_speichern(s, "") == Decimal("1000000")
    with haushalt() as s:
        assert pg.schwelle_lesen(s) == Decimal("1000000")


def test_prg012_leere_datenbank(fabrik):
    """An empty database gives empty frames with their columns, and no flag."""
    p = Periode(2026, "quartal", 3)
    assert list(pg.prognosen_je_produkt(fabrik, p).columns) == list(pg.PROGNOSESPALTEN)
    assert pg.gueltige_prognosen(fabrik, p).empty
    assert pg.backtest(fabrik, "quartal").empty
    assert not pg.wesentliche_verschlechterung(fabrik, p).wesentlich


# --- the demo city Musterstadt ---------------------------------------------------------------------------


@pytest.fixture
def demo(demo_einstellungen):
    """A session factory on a private copy of the demo city."""
    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    yield sessionfabrik(engine)
    engine.dispose()


def test_prg013_backtest_musterstadt(demo):
    """On Musterstadt (2019–2025 closed) the seasonal extrapolation beats the static one at every Stichtag; the
    static one errs most at Q1 and least at Q4; the first year has no profile."""
    a = pg.backtest(demo, "quartal")
    assert list(a.columns) == list(pg.BACKTESTSPALTEN)
    assert len(a) == 2 * 5 and set(a["jahre"]) == {7}
    t = a.set_index(["methode", "periode"])
    for q in range(0, 5):
        assert t.loc[("saisonal", q), "mape"] < t.loc[("statisch", q), "mape"], q
    statisch = [t.loc[("statisch", q), "mape"] for q in range(1, 5)]
    assert statisch == sorted(statisch, reverse=True) and 0.05 < statisch[0] < 0.3 and statisch[3] < 0.02
    assert t.loc[("saisonal", 0), "mape"] < 0.05 and t.loc[("saisonal", 0), "ohne_profil"] == 1
    assert pg.beste_methode(a) == "saisonal"
    einzeln = pg.backtest_einzeln(demo, "quartal")
    assert sorted(einzeln["jahr"].unique()) == list(range(2019, 2026))


def test_prg014_musterstadt_q3_2026(demo):
    """Q3 2026: 41 products, the imported department forecast counts by default; no wesentliche Verschlechterung
    with the default threshold, but one once the threshold is below the deterioration of a chosen method."""
    p = Periode(2026, "quartal", 3)
    df = pg.prognosen_je_produkt(demo, p)
    assert len(df) == 41 and set(df["methode"]) == {"fachbereich"} and set(df["fachbereich_quelle"]) == {"import"}
    assert (df["profiljahre"] == 3).all() and df["saisonal"].notna().all()
    v = pg.wesentliche_verschlechterung(demo, p, df)
    assert not v.wesentlich and v.prognose == pytest.approx(df["prognose"].sum())
    with transaktion(demo) as s:
        for code in df["code"]:
            pg.prognose_waehlen(s, code, 2026, "saisonal", None, "Carl")
        pg.schwelle_speichern(s, 0)
    df2 = pg.prognosen_je_produkt(demo, p)
    v2 = pg.wesentliche_verschlechterung(demo, p)
    assert set(df2["methode"]) == {"saisonal"} and df2["gewaehlt"].all()
    assert v2.abweichung == pytest.approx((df2["saisonal"] - df2["bezugsansatz"]).sum())
    assert v2.wesentlich == (v2.abweichung > 0)


def test_prg015_erfassbare_produkte_nach_bereich(demo):
    """A Fachbereich account limited to Jugend und Familie may record forecasts for 060502, not for 050101;
    Controlling for every product; Leitung for none."""
    with demo() as s:
        jugend = s.scalar(select(Handlungsfeld.id).where(Handlungsfeld.code == "HF5"))
    jana = Benutzerkontext(1, "jugendamt", "Jana", (Rolle("fachbereich", handlungsfeld_id=jugend),))
    codes = pg.erfassbare_produkte(demo, jana)
    assert "060502" in codes and "050101" not in codes and codes == sorted(codes)
    carl = Benutzerkontext(2, "controlling", "Carl", (Rolle("controlling"),))
    assert len(pg.erfassbare_produkte(demo, carl)) == 41
    assert pg.erfassbare_produkte(demo, Benutzerkontext(3, "leitung", "Lea", (Rolle("leitung"),))) == []
