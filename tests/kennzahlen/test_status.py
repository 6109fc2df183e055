"""Tests for kennzahlen.status: Zielerreichungsgrad, status scales, thresholds and roll-up."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kennzahlen.status import (
    AMPEL,
    FUENFSTUFIG,
    GRAD_MAX,
    KEINE_BEWERTUNG,
    KENNZAHLTYPEN,
    REGELN,
    RICHTUNGEN,
    SKALEN,
    STANDARD_SCHWELLENWERTE,
    Schwellenwerte,
    Statusstufe,
    bewerten,
    schwellenwerte_aus_texten,
    status,
    stufen,
    zielerreichungsgrad,
    zusammenfassen,
)

HB, NB, KORRIDOR = "hoeher_besser", "niedriger_besser", "zielkorridor"


# --- Zielerreichungsgrad: missing values and invalid input -------------------------------------------


@pytest.mark.parametrize("richtung", RICHTUNGEN)
@pytest.mark.parametrize("ist", [None, float("nan"), float("inf"), -float("inf"), Decimal("NaN")])
def test_st001_ohne_ist_keine_bewertung(richtung, ist):
    """No (finite) Ist gives None for every direction."""
    assert zielerreichungsgrad(ist, 10, 5, richtung, 8, 12) is None


def test_st002_unbekannte_richtung_valueerror():
    """An unknown richtung raises ValueError, even without an Ist."""
    with pytest.raises(ValueError, match="Unbekannte Richtung"):
        zielerreichungsgrad(None, 1, None, "egal")


@pytest.mark.parametrize("richtung", [HB, NB])
@pytest.mark.parametrize("ziel", [None, float("nan"), float("inf")])
def test_st003_ohne_zielwert_keine_bewertung(richtung, ziel):
    """hoeher_besser/niedriger_besser without a (finite) Zielwert give None."""
    assert zielerreichungsgrad(5, ziel, 1, richtung) is None


def test_st004_zahlentypen_gemischt():
    """int, float, Decimal and Fraction inputs give the same result."""
    erwartet = zielerreichungsgrad(80, 100, None, HB)
    assert erwartet == 0.8
    assert zielerreichungsgrad(80.0, Decimal("100"), None, HB) == erwartet
    assert zielerreichungsgrad(Decimal("80.00"), 100.0, None, HB) == erwartet
    assert zielerreichungsgrad(Fraction(80), Fraction(100), None, HB) == erwartet


def test_st005_keine_zahl_typeerror():
    """A non-number (e.g. a string) is a programming error and raises TypeError."""
    with pytest.raises(TypeError):
        zielerreichungsgrad("80", 100, None, HB)


# --- hoeher_besser / niedriger_besser with Ausgangswert ----------------------------------------------


def test_st010_hoeher_besser_fortschritt_ab_ausgangswert():
    """hoeher_besser with baseline below target: share of the way from baseline to target."""
    assert zielerreichungsgrad(60, 80, 40, HB) == 0.5
    assert zielerreichungsgrad(80, 80, 40, HB) == 1.0
    assert zielerreichungsgrad(40, 80, 40, HB) == 0.0


def test_st011_niedriger_besser_fortschritt_ab_ausgangswert():
    """niedriger_besser with baseline above target: share of the way down from baseline to target."""
    assert zielerreichungsgrad(10, 8, 12, NB) == 0.5
    assert zielerreichungsgrad(8, 8, 12, NB) == 1.0
    assert zielerreichungsgrad(12, 8, 12, NB) == 0.0


def test_st012_schlechter_als_ausgangswert_null():
    """Worse than the baseline gives 0, not a negative grade."""
    assert zielerreichungsgrad(30, 80, 40, HB) == 0.0
    assert zielerreichungsgrad(13, 8, 12, NB) == 0.0


def test_st013_ueber_ziel_begrenzt():
    """Beyond the target the grade grows above 1 but is clamped at 1.5."""
    assert zielerreichungsgrad(90, 80, 40, HB) == 1.25
    assert zielerreichungsgrad(200, 80, 40, HB) == GRAD_MAX
    assert zielerreichungsgrad(-100, 8, 12, NB) == GRAD_MAX


def test_st014_dezimal_exakt_an_schwelle():
    """Arithmetic is decimal: (0.26 − 0.1) / (0.3 − 0.1) is exactly 0.8, not 0.8000000000000003."""
    assert zielerreichungsgrad(0.26, 0.3, 0.1, HB) == 0.8
    assert status(zielerreichungsgrad(0.26, 0.3, 0.1, HB)) == AMPEL[1]


def test_st015_ausgangswert_gleich_ziel_verhaeltnisregel():
    """Ausgangswert == Zielwert falls back to the ratio rule instead of dividing by zero."""
    assert zielerreichungsgrad(40, 50, 50, HB) == 0.8
    assert zielerreichungsgrad(10, 8, 8, NB) == 0.8


def test_st016_ausgangswert_schon_besser_verhaeltnisregel():
    """A baseline already better than the target is ignored (ratio rule)."""
    assert zielerreichungsgrad(40, 50, 70, HB) == zielerreichungsgrad(40, 50, None, HB) == 0.8
    assert zielerreichungsgrad(10, 8, 5, NB) == zielerreichungsgrad(10, 8, None, NB) == 0.8


def test_st017_negative_werte_mit_ausgangswert():
    """The progress rule works with negative numbers (e.g. a Wanderungssaldo from −200 to 0)."""
    assert zielerreichungsgrad(-100, 0, -200, HB) == 0.5
    assert zielerreichungsgrad(-150, -200, -100, NB) == 0.5


# --- ratio rule without Ausgangswert, zero and negative values ---------------------------------------


def test_st020_hoeher_besser_verhaeltnis():
    """hoeher_besser without baseline: ist / zielwert."""
    assert zielerreichungsgrad(45, 50, None, HB) == 0.9
    assert zielerreichungsgrad(0, 50, None, HB) == 0.0
    assert zielerreichungsgrad(-5, 50, None, HB) == 0.0


def test_st021_niedriger_besser_verhaeltnis():
    """niedriger_besser without baseline: zielwert / ist."""
    assert zielerreichungsgrad(10, 8, None, NB) == 0.8
    assert zielerreichungsgrad(16, 8, None, NB) == 0.5
    assert zielerreichungsgrad(7.5, 6, None, NB) == 0.8


@pytest.mark.parametrize(("ist", "erwartet"), [(0, 1.0), (-3, 1.0), (0.001, 0.0), (5, 0.0)])
def test_st022_niedriger_besser_ziel_null(ist, erwartet):
    """niedriger_besser with Zielwert 0: met (1.0) if ist <= 0, else 0.0."""
    assert zielerreichungsgrad(ist, 0, None, NB) == erwartet


@pytest.mark.parametrize(("ist", "erwartet"), [(0, 1.0), (3, 1.0), (-0.001, 0.0), (-5, 0.0)])
def test_st023_hoeher_besser_ziel_null(ist, erwartet):
    """hoeher_besser with Zielwert 0: met (1.0) if ist >= 0, else 0.0."""
    assert zielerreichungsgrad(ist, 0, None, HB) == erwartet


@pytest.mark.parametrize("ist", [0, -1, Decimal("-0.0")])
def test_st024_niedriger_besser_ist_null_positives_ziel(ist):
    """niedriger_besser with Ist <= 0 and positive target is better than any ratio: the cap 1.5."""
    assert zielerreichungsgrad(ist, 8, None, NB) == GRAD_MAX


def test_st025_negatives_ziel_differenzregel():
    """Negative Zielwert: difference rule 1 ± (ist − zielwert) / |zielwert|."""
    assert zielerreichungsgrad(-10, -10, None, HB) == 1.0
    assert zielerreichungsgrad(-15, -10, None, HB) == 0.5
    assert zielerreichungsgrad(-20, -10, None, HB) == 0.0
    assert zielerreichungsgrad(-5, -10, None, HB) == 1.5
    assert zielerreichungsgrad(-10, -10, None, NB) == 1.0
    assert zielerreichungsgrad(-8, -10, None, NB) == 0.8
    assert zielerreichungsgrad(0, -10, None, NB) == 0.0
    assert zielerreichungsgrad(-12, -10, None, NB) == 1.2


def test_st026_winzige_und_riesige_werte_endlich():
    """Extreme magnitudes never give inf or NaN."""
    assert zielerreichungsgrad(1e308, 5e-324, None, HB) == GRAD_MAX
    assert zielerreichungsgrad(5e-324, 1e308, None, NB) == GRAD_MAX
    assert zielerreichungsgrad(1e308, 5e-324, None, NB) == 0.0
    assert zielerreichungsgrad(-1e308, 1e308, -1.7e308, HB) == pytest.approx(7 / 27, rel=1e-12)


# --- Zielkorridor ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ist", [40, 50, 60])
def test_st030_korridor_innen_inklusive_grenzen(ist):
    """Inside the corridor, bounds included, the grade is 1.0."""
    assert zielerreichungsgrad(ist, None, None, KORRIDOR, 40, 60) == 1.0


def test_st031_korridor_aussen_abstand_durch_breite():
    """Outside: 1 − distance to the nearest bound / width, floored at 0."""
    assert zielerreichungsgrad(35, None, None, KORRIDOR, 40, 60) == 0.75
    assert zielerreichungsgrad(64, None, None, KORRIDOR, 40, 60) == 0.8
    assert zielerreichungsgrad(80, None, None, KORRIDOR, 40, 60) == 0.0
    assert zielerreichungsgrad(0, None, None, KORRIDOR, 40, 60) == 0.0


def test_st032_korridor_breite_null():
    """Width 0: the absolute bound is the scale; a zero bound uses scale 1."""
    assert zielerreichungsgrad(45, None, None, KORRIDOR, 50, 50) == 0.9
    assert zielerreichungsgrad(55, None, None, KORRIDOR, 50, 50) == 0.9
    assert zielerreichungsgrad(0.25, None, None, KORRIDOR, 0, 0) == 0.75
    assert zielerreichungsgrad(-3, None, None, KORRIDOR, 0, 0) == 0.0


def test_st033_korridor_aus_zielwert():
    """Without a corridor the Zielwert is a band [zielwert, zielwert]; without both → None."""
    assert zielerreichungsgrad(95, 95, None, KORRIDOR) == 1.0
    assert zielerreichungsgrad(76, 95, None, KORRIDOR) == 0.8
    assert zielerreichungsgrad(95, None, None, KORRIDOR) is None


def test_st034_korridor_vertauschte_grenzen():
    """Swapped bounds are put in order."""
    assert zielerreichungsgrad(35, None, None, KORRIDOR, 60, 40) == 0.75


def test_st035_korridor_einseitig_offen():
    """A single bound gives a band open on the other side, scaled by the bound."""
    assert zielerreichungsgrad(95, None, None, KORRIDOR, 90, None) == 1.0
    assert zielerreichungsgrad(81, None, None, KORRIDOR, 90, None) == 0.9
    assert zielerreichungsgrad(81, None, None, KORRIDOR, 90, float("inf")) == 0.9
    assert zielerreichungsgrad(-100, None, None, KORRIDOR, None, 10) == 1.0
    assert zielerreichungsgrad(12, None, None, KORRIDOR, None, 10) == 0.8


def test_st036_korridor_ignoriert_ausgangswert():
    """The Ausgangswert plays no part in a corridor."""
    assert zielerreichungsgrad(35, None, 0, KORRIDOR, 40, 60) == 0.75


# --- Statusstufen and scales -------------------------------------------------------------------------


def _kontrast(farbe: str) -> float:
    """WCAG contrast ratio of a hex colour against white."""
    kanaele = [int(farbe[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [k / 12.92 if k <= 0.04045 else ((k + 0.055) / 1.055) ** 2.4 for k in kanaele]
    leuchtdichte = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (leuchtdichte + 0.05)


@pytest.mark.parametrize("skala", SKALEN)
def test_st040_stufen_barrierefrei(skala):
    """Each scale has distinct codes and symbols and AA-contrast text colours (≥ 4.5:1 on white)."""
    alle = stufen(skala)
    assert alle[-1] == KEINE_BEWERTUNG
    assert len({s.code for s in alle}) == len({s.symbol for s in alle}) == len(alle)
    for stufe in alle:
        assert isinstance(stufe, Statusstufe)
        assert stufe.symbol and stufe.bezeichnung
        assert _kontrast(stufe.farbe) >= 4.5, stufe
    raenge = [s.rang for s in alle[:-1]]
    assert raenge == sorted(raenge, reverse=True) and min(raenge) > KEINE_BEWERTUNG.rang


def test_st041_stufe_eigenschaften():
    """Only keine Bewertung is unrated; beschriftung joins symbol and label."""
    assert not KEINE_BEWERTUNG.bewertet
    assert all(s.bewertet for s in AMPEL + FUENFSTUFIG)
    assert AMPEL[0].beschriftung == "▲ erreicht"
    assert [s.bezeichnung for s in AMPEL] == ["erreicht", "gefährdet", "nicht erreicht"]
    assert [s.bezeichnung for s in FUENFSTUFIG] == [
        "überplanmäßig erreicht",
        "zur Gänze erreicht",
        "überwiegend erreicht",
        "teilweise erreicht",
        "nicht erreicht",
    ]
    with pytest.raises(AttributeError):
        AMPEL[0].code = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("grad", "code"),
    [(1.5, "gruen"), (0.95, "gruen"), (0.9499999, "gelb"), (0.8, "gelb"), (0.7999999, "rot"), (0.0, "rot")],
)
def test_st042_ampel_schwellen_exakt(grad, code):
    """Ampel: grün from 0.95, gelb from 0.80 (inclusive), else rot."""
    assert status(grad, "ampel").code == code


@pytest.mark.parametrize(
    ("grad", "code"),
    [
        (1.05, "ueberplanmaessig"),
        (1.0499999, "zur_gaenze"),
        (0.95, "zur_gaenze"),
        (0.9499999, "ueberwiegend"),
        (0.8, "ueberwiegend"),
        (0.7999999, "teilweise"),
        (0.5, "teilweise"),
        (0.4999999, "nicht_erreicht"),
        (0.0, "nicht_erreicht"),
    ],
)
def test_st043_fuenfstufig_schwellen_exakt(grad, code):
    """Five-level scale: 1.05 / 0.95 / 0.80 / 0.50 are inclusive lower bounds."""
    assert status(grad, "fuenfstufig").code == code


@pytest.mark.parametrize("skala", SKALEN)
@pytest.mark.parametrize("grad", [None, float("nan"), Decimal("NaN")])
def test_st044_status_ohne_grad(skala, grad):
    """No grade gives keine Bewertung on both scales."""
    assert status(grad, skala) is KEINE_BEWERTUNG


def test_st045_status_decimal_an_schwelle():
    """A Decimal grade exactly on a threshold meets it (compared as float, like the threshold)."""
    assert status(Decimal("0.8")).code == "gelb"
    assert status(Decimal("0.95"), "fuenfstufig").code == "zur_gaenze"


def test_st046_unbekannte_skala():
    """An unknown scale raises ValueError."""
    with pytest.raises(ValueError, match="Statusskala"):
        status(1.0, "zehnstufig")
    with pytest.raises(ValueError, match="Statusskala"):
        stufen("zehnstufig")


def test_st047_eigene_schwellen():
    """Custom thresholds shift the levels."""
    streng = Schwellenwerte(ampel_gruen=1.0, ampel_gelb=0.9)
    assert status(0.95, "ampel", streng).code == "gelb"
    assert status(0.89, "ampel", streng).code == "rot"


# --- bewerten ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("typ", ["input", "output", "wirkung", "prozess"])
def test_st050_bewerten_mit_ist_und_ziel(typ):
    """Controllable Kennzahlen are rated from Ist against the target."""
    assert bewerten(95, 100, None, HB, typ).code == "gruen"
    assert bewerten(80, 100, None, HB, typ).code == "gelb"
    assert bewerten(79, 100, None, HB, typ).code == "rot"
    assert bewerten(105, 100, None, HB, typ, skala="fuenfstufig").code == "ueberplanmaessig"


@pytest.mark.parametrize("richtung", RICHTUNGEN)
def test_st051_kontext_nie_bewertet(richtung):
    """Kontext-Kennzahlen are never rated, however good or bad the value."""
    for skala in SKALEN:
        assert bewerten(100, 100, 50, richtung, "kontext", 90, 110, skala=skala) is KEINE_BEWERTUNG
        assert bewerten(0, 100, 50, richtung, "kontext", 90, 110, skala=skala) is KEINE_BEWERTUNG


@pytest.mark.parametrize("richtung", RICHTUNGEN)
def test_st052_ohne_ziel_und_korridor_keine_bewertung(richtung):
    """Without Zielwert and corridor there is nothing to rate against."""
    assert bewerten(5, None, 3, richtung, "wirkung") is KEINE_BEWERTUNG


def test_st053_bewerten_ohne_ist_und_korridor():
    """No Ist → keine Bewertung; a corridor alone is enough to rate."""
    assert bewerten(None, 8, 10, NB, "wirkung") is KEINE_BEWERTUNG
    assert bewerten(50, None, None, KORRIDOR, "output", 40, 60).code == "gruen"
    assert bewerten(30, None, None, KORRIDOR, "output", 40, 60, skala="fuenfstufig").code == "teilweise"


def test_st054_bewerten_ungueltige_eingaben():
    """Unknown typ, richtung or scale raise ValueError."""
    with pytest.raises(ValueError, match="Kennzahl-Typ"):
        bewerten(1, 1, None, HB, "sonstiges")
    with pytest.raises(ValueError, match="Richtung"):
        bewerten(1, 1, None, "seitwaerts", "wirkung")
    with pytest.raises(ValueError, match="Statusskala"):
        bewerten(1, 1, None, HB, "wirkung", skala="x")


def test_st055_konstanten_wie_datenmodell():
    """RICHTUNGEN and KENNZAHLTYPEN match the data model."""
    modelle = pytest.importorskip("kennzahlen.models")
    assert RICHTUNGEN == modelle.RICHTUNGEN
    assert KENNZAHLTYPEN == modelle.KENNZAHLTYPEN


# --- Schwellenwerte ----------------------------------------------------------------------------------


def test_st060_standardschwellen():
    """Defaults: Ampel 0.95/0.80; five-level 1.05/0.95/0.80/0.50."""
    s = Schwellenwerte()
    assert s == STANDARD_SCHWELLENWERTE
    assert (s.ampel_gruen, s.ampel_gelb) == (0.95, 0.80)
    assert (s.ueberplanmaessig, s.zur_gaenze, s.ueberwiegend, s.teilweise) == (1.05, 0.95, 0.80, 0.50)


@pytest.mark.parametrize(
    ("text", "erwartet"),
    [("0,95", 0.95), ("0.9", 0.9), (" 0,85 ", 0.85), ("90 %", 0.9), ("92,5%", 0.925), (",9", 0.9), ("1", 1.0)],
)
def test_st061_texte_mit_komma_und_prozent(text, erwartet):
    """Settings text accepts decimal comma, decimal point, spaces and a percent sign."""
    assert schwellenwerte_aus_texten({"ampel_gruen": text}).ampel_gruen == erwartet


def test_st062_texte_fehlend_oder_leer_standard():
    """Missing, blank or None settings keep the default."""
    s = schwellenwerte_aus_texten({"ampel_gelb": "", "teilweise": None, "ueberwiegend": "0,7"})
    assert s == Schwellenwerte(ueberwiegend=0.7)


@pytest.mark.parametrize("text", ["abc", "0,9,5", "1.000,5", "0_95", "1e-1", "nan", "--1", "%"])
def test_st063_ungueltiger_text_nennt_schluessel(text):
    """Text that is not a plain number raises a German ValueError naming the key."""
    with pytest.raises(ValueError, match="„zur_gaenze“") as fehler:
        schwellenwerte_aus_texten({"zur_gaenze": text})
    assert "keine gültige Zahl" in str(fehler.value)


def test_st064_bereich_und_reihenfolge():
    """Out of [0, 1.5] or out of order raises ValueError naming the keys."""
    with pytest.raises(ValueError, match=r"„ampel_gelb“.*zwischen 0 und 1,5"):
        schwellenwerte_aus_texten({"ampel_gelb": "-0,1"})
    with pytest.raises(ValueError, match=r"„ueberplanmaessig“.*zwischen"):
        schwellenwerte_aus_texten({"ueberplanmaessig": "160 %"})
    with pytest.raises(ValueError, match=r"„ampel_gelb“ \(0,97\) darf nicht größer sein als „ampel_gruen“"):
        schwellenwerte_aus_texten({"ampel_gelb": "0,97"})
    with pytest.raises(ValueError, match=r"„teilweise“.*„ueberwiegend“"):
        Schwellenwerte(teilweise=0.9)


def test_st065_unbekannter_schluessel_und_falscher_typ():
    """Unknown keys and non-text values raise ValueError naming the key."""
    with pytest.raises(ValueError, match="Unbekannter Schwellenwert „gruen“"):
        schwellenwerte_aus_texten({"gruen": "0,9"})
    with pytest.raises(ValueError, match="„teilweise“"):
        schwellenwerte_aus_texten({"teilweise": ["0,5"]})
    with pytest.raises(ValueError, match="„teilweise“"):
        Schwellenwerte(teilweise="0,5")  # type: ignore[arg-type]
    assert schwellenwerte_aus_texten({"teilweise": Decimal("0.4")}).teilweise == 0.4


# --- zusammenfassen ----------------------------------------------------------------------------------


def test_st070_schlechteste():
    """schlechteste: the minimum grade, None entries skipped."""
    assert zusammenfassen([(0.9, 1), (None, 1), (1.2, 1), (0.6, 2)]) == 0.6


def test_st071_gewichtetes_mittel():
    """gewichtetes_mittel: sum(grade × weight) / sum(weight)."""
    assert zusammenfassen([(1.0, 3), (0.6, 1), (None, 5)], "gewichtetes_mittel") == 0.9
    assert zusammenfassen([(Decimal("0.5"), Decimal("1")), (1, 1)], "gewichtetes_mittel") == 0.75


@pytest.mark.parametrize("regel", REGELN)
def test_st072_leer_oder_nur_none(regel):
    """An empty list or only unrated entries give None."""
    assert zusammenfassen([], regel) is None
    assert zusammenfassen([(None, 1), (float("nan"), 2)], regel) is None


@pytest.mark.parametrize("regel", REGELN)
def test_st073_gewicht_null_zaehlt_nicht(regel):
    """Weight 0 excludes an entry for both rules; zero total weight gives None."""
    assert zusammenfassen([(0.1, 0), (0.9, 1)], regel) == 0.9
    assert zusammenfassen([(0.1, 0), (0.9, 0)], regel) is None


@pytest.mark.parametrize("gewicht", [-1, float("nan"), float("inf"), None, "1"])
def test_st074_ungueltiges_gewicht(gewicht):
    """Negative, non-finite or non-numeric weights raise ValueError."""
    with pytest.raises(ValueError, match="Gewicht"):
        zusammenfassen([(0.5, gewicht)], "gewichtetes_mittel")


def test_st075_unbekannte_regel_und_texte():
    """Unknown rule raises ValueError; every rule and scale has a German description."""
    with pytest.raises(ValueError, match="Verdichtungsregel"):
        zusammenfassen([(1.0, 1)], "bestes")
    assert REGELN["schlechteste"] == "Der schlechteste Einzelstatus bestimmt den Gesamtstatus."
    assert set(REGELN) == {"schlechteste", "gewichtetes_mittel"}
    assert set(SKALEN) == {"ampel", "fuenfstufig"}
    assert all(text.endswith(".") for text in (*REGELN.values(), *SKALEN.values()))


def test_st076_verdichtung_ueber_ebenen():
    """Kennzahl → Ziel → Handlungsfeld: grades roll up and give a status at each level."""
    ziel_a = zusammenfassen([(zielerreichungsgrad(95, 100, None, HB), 1), (None, 1)])
    ziel_b = zusammenfassen([(zielerreichungsgrad(10, 8, None, NB), 1), (1.1, 1)], "gewichtetes_mittel")
    feld = zusammenfassen([(ziel_a, 1), (ziel_b, 1)])
    assert status(ziel_a).code == "gruen"
    assert status(ziel_b).code == "gruen"
    assert feld == 0.95 and status(feld, "fuenfstufig").code == "zur_gaenze"


# --- Property tests ----------------------------------------------------------------------------------

endliche_zahlen = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False),
)
alle_zahlen = st.one_of(endliche_zahlen, st.floats(), st.decimals())
normale_floats = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@given(st.sampled_from(RICHTUNGEN), endliche_zahlen, endliche_zahlen, endliche_zahlen, endliche_zahlen, endliche_zahlen)
def test_st080_grad_immer_none_oder_endlich_im_bereich(richtung, ist, ziel, ausgang, unten, oben):
    """For arbitrary finite inputs the grade is None or a finite float in [0, 1.5]."""
    grad = zielerreichungsgrad(ist, ziel, ausgang, richtung, unten, oben)
    assert grad is None or (isinstance(grad, float) and math.isfinite(grad) and 0.0 <= grad <= GRAD_MAX)
    if ist is not None:
        assert bewerten(ist, ziel, ausgang, richtung, "wirkung").code in {s.code for s in stufen("ampel")}


@given(st.sampled_from(RICHTUNGEN), alle_zahlen, alle_zahlen, alle_zahlen, alle_zahlen, alle_zahlen)
def test_st081_grad_auch_bei_nan_und_inf_nie_fehler(richtung, ist, ziel, ausgang, unten, oben):
    """NaN and infinite inputs never raise and never leak into the result."""
    grad = zielerreichungsgrad(ist, ziel, ausgang, richtung, unten, oben)
    assert grad is None or 0.0 <= grad <= GRAD_MAX


@given(
    st.floats(min_value=1e-6, max_value=1e9),
    st.floats(min_value=0, max_value=1),
    normale_floats,
    normale_floats,
)
def test_st082_monoton_hoeher_besser(ziel, anteil, ist_a, ist_b):
    """hoeher_besser, positive target, baseline below it: a larger Ist never gives a smaller grade."""
    ausgang = ziel * anteil - 1  # strictly below the target
    klein, gross = sorted((ist_a, ist_b))
    assert zielerreichungsgrad(klein, ziel, ausgang, HB) <= zielerreichungsgrad(gross, ziel, ausgang, HB)


@given(
    st.floats(min_value=1e-6, max_value=1e9),
    st.floats(min_value=0, max_value=10),
    normale_floats,
    normale_floats,
)
def test_st083_monoton_niedriger_besser(ziel, anteil, ist_a, ist_b):
    """niedriger_besser, positive target, baseline above it: a larger Ist never gives a larger grade."""
    ausgang = ziel * (1 + anteil) + 1  # strictly above the target
    klein, gross = sorted((ist_a, ist_b))
    assert zielerreichungsgrad(klein, ziel, ausgang, NB) >= zielerreichungsgrad(gross, ziel, ausgang, NB)


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_st084_monoton_ohne_ausgangswert_jedes_ziel(ziel, ist_a, ist_b):
    """Without baseline the ratio/difference rules are monotone for any target, both directions."""
    klein, gross = sorted((ist_a, ist_b))
    assert zielerreichungsgrad(klein, ziel, None, HB) <= zielerreichungsgrad(gross, ziel, None, HB)
    assert zielerreichungsgrad(klein, ziel, None, NB) >= zielerreichungsgrad(gross, ziel, None, NB)


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(min_value=0, max_value=GRAD_MAX)),
            st.one_of(st.floats(min_value=0, max_value=1e6), st.integers(min_value=0, max_value=10**6)),
        ),
        max_size=20,
    )
)
def test_st085_schlechteste_le_mittel_le_max(paare):
    """Roll-up: schlechteste ≤ gewichtetes_mittel ≤ max of the counted grades (both None together)."""
    schlechteste = zusammenfassen(paare, "schlechteste")
    mittel = zusammenfassen(paare, "gewichtetes_mittel")
    gezaehlt = [g for g, w in paare if g is not None and w > 0]
    if not gezaehlt:
        assert schlechteste is None and mittel is None
    else:
        assert schlechteste == min(gezaehlt)
        assert schlechteste <= mittel <= max(gezaehlt)


@given(st.floats(min_value=0, max_value=GRAD_MAX), st.sampled_from(list(SKALEN)))
def test_st086_status_monoton_im_grad(grad, skala):
    """A higher grade never gives a lower-ranked status."""
    hoeher = min(GRAD_MAX, grad + 0.01)
    assert status(grad, skala).rang <= status(hoeher, skala).rang
