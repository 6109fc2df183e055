"""German number, currency, percent and date formats (Babel; the OS has no de_DE locale)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "de_DE"
LEER = "–"  # shown where there is no value


def _fehlt(wert) -> bool:
    if wert is None:
        return True
    try:
        return math.isnan(float(wert))
    except (TypeError, ValueError):
        return True


def zahl(wert: float | Decimal | None, stellen: int = 0) -> str:
    """1234567.891 → '1.234.567,9' (with ``stellen`` decimals)."""
    if _fehlt(wert):
        return LEER
    muster = "#,##0" + ("." + "0" * stellen if stellen > 0 else "")
    return format_decimal(wert, format=muster, locale=LOCALE)


def euro(wert: float | Decimal | None) -> str:
    """Whole euros: 1234567.5 → '1.234.568 €' (non-breaking space before the sign)."""
    if _fehlt(wert):
        return LEER
    return f"{zahl(round(float(wert)))}\u00a0€"


def euro_kompakt(wert: float | Decimal | None) -> str:
    """Large amounts in Mio. € with one decimal, small ones in T€: '123,4 Mio. €', '850 T€'."""
    if _fehlt(wert):
        return LEER
    w = float(wert)
    if abs(w) >= 1_000_000:
        return f"{zahl(w / 1_000_000, 1)}\u00a0Mio.\u00a0€"
    if abs(w) >= 1_000:
        return f"{zahl(w / 1_000, 0)}\u00a0T€"
    return euro(w)


def prozent(anteil: float | None, stellen: int = 1, vorzeichen: bool = False) -> str:
    """A share as percent: 0.123 → '12,3 %'; with ``vorzeichen`` '+12,3 %'."""
    if _fehlt(anteil):
        return LEER
    text = f"{zahl(abs(float(anteil)) * 100, stellen)}\u00a0%"
    if vorzeichen or float(anteil) < 0:
        text = ("+" if float(anteil) >= 0 else "-") + text
    return text


def wert_mit_einheit(wert: float | Decimal | None, einheit: str, stellen: int = 1) -> str:
    """A Kennzahl value with its unit: '12,3 %', '45,0 je 1.000 EW', '1.234 €'."""
    if _fehlt(wert):
        return LEER
    if einheit == "€":
        return euro(wert)
    return f"{zahl(wert, stellen)}\u00a0{einheit}".rstrip()


def datum(tag: dt.date | None, art: str = "medium") -> str:
    """05.03.2026 (medium) or 5. März 2026 (long)."""
    if tag is None:
        return LEER
    return format_date(tag, art, locale=LOCALE)
