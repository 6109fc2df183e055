"""Settings from environment variables: defaults, parsing, one clear error line, documentation."""

from pathlib import Path

import pytest

from kennzahlen.settings import EINSTELLUNGEN, Einstellungen, EinstellungsFehler

README = Path(__file__).resolve().parents[2] / "README.md"


def test_set001_standardwerte():
    """Without environment the app uses the SQLite file in data/ with quarters."""
    e = Einstellungen.aus_umgebung({})
    assert e.ist_standarddatenbank
    assert e.datenbank_url.startswith("sqlite:///") and e.datenbank_url.endswith("data/wirkungscockpit.sqlite")
    assert (e.berichtsperiode, e.port, e.debug, e.demo_laden) == ("quartal", 8050, False, True)


def test_set002_werte_werden_geparst():
    """Values of every kind are parsed into their types."""
    e = Einstellungen.aus_umgebung({"DATABASE_URL": "postgresql+psycopg://x@h/db", "WK_PORT": "9000",
                                    "WK_DEBUG": "ja", "WK_BERICHTSPERIODE": "Tertial"})
    assert (e.database_url, e.port, e.debug, e.berichtsperiode) == ("postgresql+psycopg://x@h/db", 9000, True,
                                                                     "tertial")
    assert not e.ist_standarddatenbank


@pytest.mark.parametrize(
    ("name", "wert"),
    [("WK_PORT", "acht"), ("WK_PORT", "70000"), ("WK_DEBUG", "vielleicht"), ("WK_BERICHTSPERIODE", "woche"),
     ("WK_LOGLEVEL", "laut")],
)
def test_set003_falscher_wert_nennt_die_einstellung(name, wert):
    """A wrong value raises one line that names the setting and the value."""
    with pytest.raises(EinstellungsFehler) as info:
        Einstellungen.aus_umgebung({name: wert})
    meldung = str(info.value)
    assert meldung.startswith(f"{name}:") and wert in meldung and "\n" not in meldung


def test_set004_jede_einstellung_im_readme():
    """Every setting is documented in the README with its default."""
    text = README.read_text(encoding="utf-8")
    for d in EINSTELLUNGEN:
        assert f"`{d.name}`" in text, d.name


def test_set005_schwellenwerte_und_regel():
    """Thresholds come as 'key=value; …' with decimal comma; a wrong key names the setting."""
    e = Einstellungen.aus_umgebung({"WK_SCHWELLENWERTE": "ampel_gruen=0,9; ampel_gelb=0,7",
                                    "WK_ROLLUP_REGEL": "schlechteste", "WK_STATUSSKALA": "fuenfstufig"})
    from kennzahlen.cockpit import Bewertungsregeln

    regeln = Bewertungsregeln.aus_einstellungen(e)
    assert (regeln.skala, regeln.regel, regeln.schwellen.ampel_gruen, regeln.schwellen.ampel_gelb) == (
        "fuenfstufig", "schlechteste", 0.9, 0.7)
    with pytest.raises(EinstellungsFehler, match=r"^WK_SCHWELLENWERTE:"):
        Einstellungen.aus_umgebung({"WK_SCHWELLENWERTE": "gruen=0,9"})
