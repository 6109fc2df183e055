"""Search over codes and names."""

import pytest

from kennzahlen.abfragen.suche import suchen
from kennzahlen.demo import demo_laden


@pytest.fixture
def demo(fabrik):
    """The demo city in a fresh SQLite database."""
    demo_laden(fabrik)
    return fabrik


def test_su001_code_exakt_zuerst(demo):
    """An exact code match comes first; names match case-insensitively."""
    treffer = suchen(demo, "k511")
    assert treffer.iloc[0]["code"] == "K511" and treffer.iloc[0]["art"] == "kennzahl"
    assert not suchen(demo, "kinderarmut").empty


def test_su002_platzhalter_woertlich(demo):
    """% and _ are matched literally, not as SQL wildcards; empty input finds nothing."""
    assert suchen(demo, "%").empty and suchen(demo, "_").empty
    assert suchen(demo, "   ").empty


def test_su003_alle_arten(demo):
    """Kennzahlen, Ziele, Produkte and Handlungsfelder are all found."""
    arten = set(suchen(demo, "e", 500)["art"])
    assert arten == {"handlungsfeld", "ziel", "kennzahl", "produkt"}
