"""German number, currency, percent and date formats."""

import datetime as dt
import math
from decimal import Decimal

from kennzahlen import formate as fmt


def test_fmt001_zahl_mit_tausenderpunkt_und_komma():
    """Numbers use the thousands dot and the decimal comma."""
    assert fmt.zahl(1234567.891, 1) == "1.234.567,9"
    assert fmt.zahl(Decimal("-6135790"), 0) == "-6.135.790"


def test_fmt002_euro_und_kompakt():
    """Euro amounts are whole euros with a non-breaking space; large ones in Mio. €."""
    assert fmt.euro(1234567.5) == "1.234.568\u00a0€"
    assert fmt.euro_kompakt(123_456_789) == "123,5\u00a0Mio.\u00a0€"
    assert fmt.euro_kompakt(850_000) == "850\u00a0T€"


def test_fmt003_prozent_mit_vorzeichen():
    """Shares are shown as percent with a comma, optionally signed."""
    assert fmt.prozent(0.1234) == "12,3\u00a0%"
    assert fmt.prozent(0.05, vorzeichen=True) == "+5,0\u00a0%"
    assert fmt.prozent(-0.05) == "-5,0\u00a0%"


def test_fmt004_fehlende_werte():
    """None and NaN are shown as a dash, never as 'nan'."""
    for f in (fmt.zahl, fmt.euro, fmt.euro_kompakt, fmt.prozent):
        assert f(None) == fmt.LEER
        assert f(math.nan) == fmt.LEER


def test_fmt005_datum():
    """Dates are dd.mm.yyyy or long with the German month name."""
    assert fmt.datum(dt.date(2026, 3, 5)) == "05.03.2026"
    assert fmt.datum(dt.date(2026, 3, 5), "long") == "5. März 2026"


def test_fmt006_wert_mit_einheit():
    """Kennzahl values carry their unit; euro values use the euro format."""
    assert fmt.wert_mit_einheit(45, "je 1.000 EW") == "45,0\u00a0je 1.000 EW"
    assert fmt.wert_mit_einheit(1234, "€") == "1.234\u00a0€"
