"""Addresses of the views: one builder per view, so every link keeps the chosen period."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlencode

from kennzahlen.perioden import Periode


def _mit(pfad: str, periode: Periode | None, extra: Mapping[str, object] | None = None) -> str:
    werte: dict[str, str] = {}
    if periode is not None:
        werte["jahr"] = str(periode.jahr)
        if periode.art != "jahr":
            werte[periode.art] = str(periode.nummer)
    werte.update({k: str(v) for k, v in (extra or {}).items() if v not in (None, "")})
    return pfad + ("?" + urlencode(werte) if werte else "")


def cockpit(periode: Periode | None = None) -> str:
    """'/?jahr=2026&quartal=3'."""
    return _mit("/", periode)


def handlungsfeld(code: str, periode: Periode | None = None, **extra) -> str:
    """'/handlungsfeld/HF1?jahr=2026&quartal=3'."""
    return _mit(f"/handlungsfeld/{quote(code, safe='')}", periode, extra)


def ziel(code: str, periode: Periode | None = None, **extra) -> str:
    """'/ziel/Z1.2?jahr=2026&quartal=3'."""
    return _mit(f"/ziel/{quote(code, safe='')}", periode, extra)


def kennzahl(code: str, periode: Periode | None = None, **extra) -> str:
    """'/kennzahl/K511?jahr=2026&quartal=3&sozialraum=103'."""
    return _mit(f"/kennzahl/{quote(code, safe='')}", periode, extra)


def produkt(code: str, periode: Periode | None = None, **extra) -> str:
    """'/produkt/060503?jahr=2026&quartal=3'."""
    return _mit(f"/produkt/{quote(code, safe='')}", periode, extra)


def suche(begriff: str) -> str:
    """'/suche?q=Kita'."""
    return _mit("/suche", None, {"q": begriff})
