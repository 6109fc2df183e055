"""The Teilergebnisplan line scheme: data, idempotent creation and derivation of the sum lines."""

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kennzahlen.models import Planzeile, Zeilenschema
from kennzahlen.zeilenschema import (
    NKF_NRW_2019,
    NKF_NRW_2019_CODE,
    NKF_NRW_2019_NAME,
    ableitungszeilen,
    schema_anlegen,
    summen_ableiten,
)

ZEILEN = ableitungszeilen(NKF_NRW_2019)
DETAIL = [nummer for nummer, art, _summe in ZEILEN if art != "summe"]
BETRAG = st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


def test_zs001_nkf_nrw_hat_29_zeilen_mit_summenregeln():
    """Lines 01–29 in order; arts and sum rules as in the NKF NRW Teilergebnisplan."""
    assert [z[0] for z in NKF_NRW_2019] == [f"{i:02d}" for i in range(1, 30)]
    art = {nummer: a for nummer, _b, a, _s in NKF_NRW_2019}
    summe = {nummer: s for nummer, _b, _a, s in NKF_NRW_2019 if s}
    assert summe == {"10": "01,02,03,04,05,06,07,08,09", "17": "11,12,13,14,15,16", "18": "10,17",
                     "21": "19,20", "22": "18,21", "25": "23,24", "26": "22,25", "29": "26,27,28"}
    assert {n for n, a in art.items() if a == "summe"} == set(summe)
    assert [art[n] for n in ("19", "20", "23", "24", "27", "28")] == [
        "ertrag", "aufwand", "ertrag", "aufwand", "ertrag", "aufwand"]
    assert all(art[f"{i:02d}"] == "ertrag" for i in range(1, 10))
    assert all(art[f"{i:02d}"] == "aufwand" for i in range(11, 17))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(DETAIL), BETRAG))
def test_zs002_zeile_29_ist_summe_aller_detailzeilen(betraege):
    """Line 29 equals the sum of all detail lines; 10, 17 and 18 add up as defined."""
    alle = summen_ableiten(betraege, ZEILEN)
    assert alle["29"] == sum(betraege.values(), Decimal(0))
    assert alle["10"] == sum((alle[f"{i:02d}"] for i in range(1, 10)), Decimal(0))
    assert alle["17"] == sum((alle[f"{i:02d}"] for i in range(11, 17)), Decimal(0))
    assert alle["18"] == alle["10"] + alle["17"]
    assert list(alle) == [z[0] for z in ZEILEN]


def test_zs003_fehlende_detailzeilen_zaehlen_null():
    """Without amounts every line is 0; a Zuschussbedarf shows as a negative line 29."""
    assert set(summen_ableiten({}, ZEILEN).values()) == {Decimal(0)}
    alle = summen_ableiten({"02": Decimal("100.00"), "15": Decimal("-250.00")}, ZEILEN)
    assert (alle["10"], alle["17"], alle["18"], alle["29"]) == (
        Decimal("100.00"), Decimal("-250.00"), Decimal("-150.00"), Decimal("-150.00"))


def test_zs004_summenzeile_oder_unbekannte_zeile_als_eingabe():
    """Amounts on a sum line or an unknown line are refused."""
    with pytest.raises(ValueError, match="Summenzeile"):
        summen_ableiten({"10": Decimal(1)}, ZEILEN)
    with pytest.raises(ValueError, match="gibt es"):
        summen_ableiten({"30": Decimal(1)}, ZEILEN)


def test_zs005_reihenfolge_egal_zyklus_erkannt():
    """Sums of sums resolve in any line order; a cyclic scheme raises ValueError."""
    betraege = {"01": Decimal("5.00"), "11": Decimal("-3.00"), "27": Decimal("1.00")}
    gemischt = list(ZEILEN)
    random.Random(7).shuffle(gemischt)
    assert summen_ableiten(betraege, gemischt) == summen_ableiten(betraege, ZEILEN)
    with pytest.raises(ValueError, match="zyklisch"):
        summen_ableiten({}, [("01", "ertrag", None), ("02", "summe", "01,03"), ("03", "summe", "02")])


def test_zs006_anderes_schema_mit_28_zeilen():
    """A Köln-style 28-line scheme (27 = internal services net, 28 = Jahresergebnis) derives too."""
    koeln = [*ZEILEN[:26], ("27", "ertrag", None), ("28", "summe", "26,27")]
    alle = summen_ableiten({"15": Decimal("-10.00"), "27": Decimal("-2.00")}, koeln)
    assert alle["28"] == Decimal("-12.00")
    assert "29" not in alle


def test_zs007_schema_anlegen_idempotent(fabrik_beide):
    """schema_anlegen creates the 29 lines once and returns the existing scheme afterwards."""
    with fabrik_beide() as s, s.begin():
        erstes = schema_anlegen(s)
        assert (erstes.code, erstes.name) == (NKF_NRW_2019_CODE, NKF_NRW_2019_NAME)
    with fabrik_beide() as s, s.begin():
        zweites = schema_anlegen(s, NKF_NRW_2019_CODE)
        assert zweites.id == erstes.id
        assert s.scalar(select(func.count()).select_from(Zeilenschema)) == 1
        assert s.scalar(select(func.count()).select_from(Planzeile)) == 29
        zeilen = [(z.nummer, z.art, z.summe_aus) for z in zweites.zeilen]
    assert zeilen == ZEILEN
    assert summen_ableiten({"04": Decimal("3.00")}, zeilen)["29"] == Decimal("3.00")


def test_zs008_unbekanntes_schema(fabrik):
    """An unknown scheme code raises ValueError and creates nothing."""
    with fabrik() as s:
        with pytest.raises(ValueError, match="Unbekanntes Zeilenschema"):
            schema_anlegen(s, "gibt-es-nicht")
        assert s.scalar(select(func.count()).select_from(Zeilenschema)) == 0
