"""The chart palettes: told apart with protanopia and deuteranopia, AA contrast; status never by colour alone."""

import pytest

from dashboard.figuren import FARBEN, effekte, farben, haushaltsberatung, ziel
from dashboard.figuren.handlungsfeld import KNOTENFARBEN
from kennzahlen import status

SEHWEISEN = ("normal", "protanopie", "deuteranopie")
PALETTEN = {
    "Cockpit und Zeitreihen (FARBEN)": FARBEN,
    "Haushaltsberatung": haushaltsberatung.SPALTENFARBEN,
    "Sankey-Knoten": {k: v for k, v in KNOTENFARBEN.items() if k != "produktgruppe_rest"},
    "Mengen- und Preiseffekt": {"steigt": effekte.STEIGT, "sinkt": effekte.SINKT},
    "Portfolio-Quadranten": {k: f for k, (f, _) in effekte.QUADRANTFARBEN.items()},
}
"""Colours that appear side by side in one chart (the rest group of the Sankey is a lighter shade of its
products on purpose and always labelled)."""


def test_fa001_abstand_bekannter_werte():
    """CIEDE2000 gives Sharma's reference value; black and white have contrast 21, equal colours 1."""
    assert farben.ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert farben.kontrast("#000000") == pytest.approx(21)
    assert farben.kontrast("#1f4e79", "#1f4e79") == pytest.approx(1)


def test_fa002_simulation_verwechselt_rot_und_gruen():
    """The check can fail: red and green, far apart for normal vision, merge for deuteranopia."""
    rot_gruen = {"rot": "#b2182b", "gruen": "#1a7837"}
    assert farben.zu_aehnliche_paare(rot_gruen, ("normal",)) == []
    assert [f[2] for f in farben.zu_aehnliche_paare(rot_gruen, SEHWEISEN)] == ["deuteranopie"]


@pytest.mark.parametrize("name", list(PALETTEN))
def test_fa003_paletten_fuer_farbsehschwaeche(name):
    """Every pair of a palette keeps the minimum distance for normal vision, protanopia and deuteranopia,
    and every colour has at least 3:1 contrast on white (WCAG 1.4.11)."""
    palette = PALETTEN[name]
    assert farben.zu_aehnliche_paare(palette, SEHWEISEN) == []
    assert farben.zu_schwach(palette) == []


def test_fa004_produktfarben_nachbarn():
    """The eight product colours of the Ziel view: all pairs apart for normal vision; neighbours (stacked
    bars) also for protanopia and deuteranopia; the bar patterns differ, so colour is never the only cue."""
    palette = dict(enumerate(ziel.PRODUKTFARBEN))
    assert farben.zu_aehnliche_paare(palette, ("normal",)) == []
    assert farben.zu_aehnliche_nachbarn(ziel.PRODUKTFARBEN, SEHWEISEN) == []
    assert farben.zu_schwach(palette) == []
    assert len(set(ziel.MUSTER)) == len(ziel.MUSTER) >= len(ziel.PRODUKTFARBEN)


@pytest.mark.parametrize("skala", list(status.SKALEN))
def test_fa005_status_nie_nur_farbe(skala):
    """Each level of a status scale has its own word and symbol; its colour reaches 4.5:1 as text on white."""
    stufen = status.stufen(skala)
    assert len({s.symbol for s in stufen}) == len({s.bezeichnung for s in stufen}) == len(stufen)
    assert [s.bezeichnung for s in stufen if farben.kontrast(s.farbe) < 4.5] == []
