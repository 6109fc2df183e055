"""Caching by arguments and data version, local and in Redis."""

import pytest

from kennzahlen import datenstand
from kennzahlen.cache import LokalerSpeicher, RedisSpeicher, cache_anbinden, zwischenspeichern
from kennzahlen.db import transaktion

AUFRUFE: list[tuple] = []


@zwischenspeichern
def _zaehlend(fabrik, a, b=1):
    AUFRUFE.append((a, b))
    return {"summe": a + b}


@pytest.fixture(params=["lokal", "redis"])
def speicher(request):
    """A local LRU and a Redis-backed store."""
    if request.param == "lokal":
        return LokalerSpeicher(eintraege=2)
    return RedisSpeicher(request.getfixturevalue("redis_url"))


def test_ca001_gleiche_argumente_einmal_gerechnet(fabrik, speicher):
    """The same arguments at the same data version compute once; other arguments compute anew."""
    AUFRUFE.clear()
    cache_anbinden(fabrik, speicher)
    assert _zaehlend(fabrik, 1, b=2) == {"summe": 3}
    assert _zaehlend(fabrik, 1, b=2) == {"summe": 3}
    assert _zaehlend(fabrik, 2) == {"summe": 3}
    assert AUFRUFE == [(1, 2), (2, 1)]


def test_ca002_neuer_datenstand_rechnet_neu(fabrik, speicher):
    """Advancing the data version (as every import does) invalidates every cached value."""
    AUFRUFE.clear()
    cache_anbinden(fabrik, speicher)
    _zaehlend(fabrik, 5)
    vorher = datenstand.lesen(fabrik)
    with transaktion(fabrik) as s:
        datenstand.erhoehen(s)
    assert datenstand.lesen(fabrik) == vorher + 1
    _zaehlend(fabrik, 5)
    assert AUFRUFE == [(5, 1), (5, 1)]


def test_ca003_ohne_cache_wird_gerechnet(fabrik):
    """A factory without a cache always computes (scripts and tests)."""
    AUFRUFE.clear()
    cache_anbinden(fabrik, None)
    _zaehlend(fabrik, 1)
    _zaehlend(fabrik, 1)
    assert len(AUFRUFE) == 2


def test_ca004_lru_begrenzt():
    """The local store keeps only its newest entries."""
    s = LokalerSpeicher(eintraege=2)
    for i in range(3):
        s.ablegen(str(i), b"x")
    assert s.holen("0") is None and s.holen("2") == b"x"


def test_ca005_schluessel_enthaelt_codestand(fabrik, monkeypatch):
    """Values cached by another code version are not read back (the key carries a hash of the source)."""
    from kennzahlen import cache

    AUFRUFE.clear()
    cache_anbinden(fabrik, LokalerSpeicher())
    _zaehlend(fabrik, 7)
    monkeypatch.setattr(cache, "codestand", lambda: "anderer-stand")
    _zaehlend(fabrik, 7)
    assert AUFRUFE == [(7, 1), (7, 1)]
