"""The shared period selection: URL parameters in and out."""

from dashboard.auswahl import periode_aus_parametern, suchtext
from kennzahlen.perioden import Periode

VERFUEGBAR = [Periode(2025, "quartal", n) for n in range(1, 5)] + [Periode(2026, "quartal", n) for n in (1, 2, 3)]


def test_cs001_ohne_parameter_neueste_periode():
    """Without parameters the newest period with data is shown."""
    assert periode_aus_parametern({}, VERFUEGBAR, "quartal") == (Periode(2026, "quartal", 3), [])


def test_cs002_jahr_ohne_quartal_nimmt_letztes_des_jahres():
    """A year without quarter shows that year's last period with data."""
    assert periode_aus_parametern({"jahr": "2025"}, VERFUEGBAR, "quartal")[0] == Periode(2025, "quartal", 4)


def test_cs003_ungueltiges_wird_gemeldet():
    """Invalid values fall back to the newest period and are named in German hints."""
    periode, hinweise = periode_aus_parametern({"jahr": "abc", "quartal": "7"}, VERFUEGBAR, "quartal")
    assert periode == Periode(2026, "quartal", 3)
    assert len(hinweise) == 2 and "„abc“" in hinweise[0] and "1 bis 4" in hinweise[1]


def test_cs004_tertial_parameter():
    """With Tertial as reporting period the URL parameter is 'tertial'."""
    verf = [Periode(2026, "tertial", 1), Periode(2026, "tertial", 2)]
    assert periode_aus_parametern({"tertial": "1"}, verf, "tertial")[0] == Periode(2026, "tertial", 1)
    assert suchtext("", 2026, 2, "tertial") == "?jahr=2026&tertial=2"


def test_cs005_andere_parameter_bleiben():
    """Changing the period keeps other parameters of the view, such as the district."""
    assert suchtext("?jahr=2025&quartal=1&sozialraum=103", "2026", "3", "quartal") == (
        "?jahr=2026&quartal=3&sozialraum=103")
