"""The versions view on Köln's real budget (plans 2011–2015 as Beschluss, Ergebnis 2010): the stages that exist,
the amounts of the file, and a sentence instead of empty tables where Köln has no draft versions."""

import csv
import json
from pathlib import Path

import pytest

from dashboard import create_app
from dashboard.seiten import haushaltszyklus as seite
from kennzahlen.__main__ import main
from kennzahlen.settings import Einstellungen
from tests.dashboard.grid import gridwerte
from tests.dashboard.sitzung import knoten
from tests.dashboard.test_koeln import _seite

KOELN = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "koeln" / "haushalt"
DATEI = KOELN / "teilergebnisplan_produktgruppen_2010-2015_original.csv"


@pytest.fixture(scope="module")
def koeln_app(tmp_path_factory):
    """The app (without login) on Köln's Teilergebnisplan, imported through the command line."""
    assert DATEI.is_file(), f"Realdaten fehlen: {DATEI}"
    url = f"sqlite:///{tmp_path_factory.mktemp('koeln') / 'koeln.sqlite'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        assert main(["import", "--neue-stammdaten-anlegen", str(DATEI)]) == 0
    return create_app(Einstellungen(database_url=url, anmeldung="aus"))


def _spalten(inhalt: str) -> list[str]:
    """Column headings of the versions grid."""
    return [c.get("headerName") for c in knoten(json.loads(inhalt), seite.IDs.VERSIONEN)["props"]["columnDefs"]]


def _zuschussbedarf(produktgruppe: str, spalte: str) -> float:
    """Net cost of a Produktgruppe straight from the file: line 28 (Ergebnis, Köln sign: Erträge − Aufwendungen)."""
    with open(KOELN / "teilergebnisplan_produktgruppen_2010-2015.csv", encoding="utf-8") as f:
        return -sum(float(z[spalte]) for z in csv.DictReader(f)
                    if z["Teilplan"] == produktgruppe and z["Teilplanzeile"].startswith("28"))


def test_hzk001_beschluss_2015_wie_in_der_datei(koeln_app):
    """Beschluss 2015 of the Produktgruppen of Soziale Hilfen equals the file's Plan 2015; no draft stage appears,
    and the page says why instead of showing an empty list."""
    inhalt = _seite(koeln_app, seite.PFAD, "?jahr=2015&code=05")
    assert _spalten(inhalt) == ["Knoten", "Beschluss 2015", "Nachtrag (Veränderung)", "fortgeschr. Ansatz"]
    assert "Veränderung erfassen" not in inhalt
    assert "keine Entwurfsversionen (Anmeldung, Eckwert, Entwurf) und keine Veränderungsliste erfasst" in inhalt
    assert "Für 2015 ist keine Veränderungsliste erfasst" in inhalt
    werte = [w for w in gridwerte(inhalt) if isinstance(w, int | float)]
    for pg in ("0501", "0502", "0503"):
        assert any(abs(w - _zuschussbedarf(pg, "Plan 2015")) <= 30 for w in werte), pg  # rounded euros per line
    assert "Es sind keine Maßnahmen eines Haushaltssicherungskonzepts erfasst" in inhalt


def test_hzk002_ergebnis_2010_und_standardjahr(koeln_app):
    """2010 has only the Ergebnis: it is shown as its own stage; without a year the page opens the newest year with
    amounts (2015), not the empty draft year 2016."""
    inhalt = _seite(koeln_app, seite.PFAD, "?jahr=2010&code=05")
    assert _spalten(inhalt) == ["Knoten", "Ergebnis 2010"]
    assert "gezeigt wird, was erfasst ist: Ergebnis" in inhalt
    werte = [w for w in gridwerte(inhalt) if isinstance(w, int | float)]
    assert any(abs(w - _zuschussbedarf("0501", "Ergebnis 2010")) <= 30 for w in werte)
    standard = _seite(koeln_app, seite.PFAD)
    assert "Haushaltsversionen 2015" in standard and "Beschluss 2015" in _spalten(standard)
    leer = _seite(koeln_app, seite.PFAD, "?jahr=2030")
    assert "keine Haushaltsbeträge erfasst" in leer and "Zuschussbedarf 2030 je Version" not in leer
