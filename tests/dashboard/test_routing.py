"""Address resolution: path patterns with placeholders, query strings."""

from types import ModuleType

from dashboard.routing import abfrageparameter, aufloesen

A, B = ModuleType("a"), ModuleType("b")
ROUTEN = [("/", A), ("/kennzahl/{code}", B)]


def test_rt001_pfade_mit_platzhaltern():
    """Fixed paths and placeholders resolve; unknown paths and extra segments do not."""
    assert aufloesen(ROUTEN, "/") == (A, {})
    assert aufloesen(ROUTEN, "/kennzahl/SGB2%20Q") == (B, {"code": "SGB2 Q"})
    assert aufloesen(ROUTEN, "/kennzahl") is None
    assert aufloesen(ROUTEN, "/kennzahl/a/b") is None
    assert aufloesen(ROUTEN, "/produkt/0501") is None


def test_rt002_abfrageparameter():
    """The query string becomes a dict; blank values are kept."""
    assert abfrageparameter("?jahr=2026&quartal=") == {"jahr": "2026", "quartal": ""}
    assert abfrageparameter(None) == {}
