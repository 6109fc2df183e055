"""The upload page in headless Chromium: a file is previewed and imported in the background, with progress."""

import json

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import create_app
from dashboard.seiten.importieren import IDs
from kennzahlen import zugang
from kennzahlen.models import Auditeintrag, Kennzahlwert
from tests.browser.test_cockpit_browser import axe_verstoesse
from tests.browser.test_verwaltung_browser import _ohne_kopfzeile

pytestmark = pytest.mark.browser
DATEI = "Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert;Status\nK101;2026;quartal;3;;ist;12,7;vorläufig\n"


@pytest.fixture
def app(anmelde_einstellungen):
    """The demo app with login and demo accounts."""
    app = create_app(anmelde_einstellungen)
    app.datenbank_url = anmelde_einstellungen.datenbank_url
    return app


def _zaehlen(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        werte = conn.execute(select(func.count()).select_from(Kennzahlwert)).scalar()
        importe = conn.execute(select(func.count()).select_from(Auditeintrag)
                               .where(Auditeintrag.aktion == "import")).scalar()
    engine.dispose()
    return werte, importe


def test_imb001_vorschau_und_import_im_hintergrund(dash_duo, app, tmp_path):
    """Controlling uploads a CSV: preview, then "Import bestätigen"; the result shows; audited once."""
    datei = tmp_path / "werte_q3.csv"
    datei.write_text(DATEI, encoding="utf-8")
    werte_vorher, importe_vorher = _zaehlen(app.datenbank_url)
    dash_duo.server(app)
    basis = dash_duo.server.url.rstrip("/")
    dash_duo.driver.get(f"{basis}/login?weiter=/import")
    dash_duo.find_element("#login").send_keys("controlling")
    dash_duo.find_element("#passwort").send_keys(zugang.DEMO_PASSWORT)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element(f"#{IDs.DATEI} input[type=file]", timeout=20)
    dash_duo.find_element(f"#{IDs.DATEI} input[type=file]").send_keys(str(datei))
    dash_duo.wait_for_contains_text(f"#{IDs.ERGEBNIS}", "Vorschau – noch nichts gespeichert", timeout=60)
    assert "1 geändert" in dash_duo.find_element(f"#{IDs.ERGEBNIS}").text
    assert _zaehlen(app.datenbank_url) == (werte_vorher, importe_vorher)
    knopf = dash_duo.find_element(f"#{IDs.BESTAETIGEN}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", knopf)
    knopf.click()
    dash_duo.wait_for_contains_text(f"#{IDs.ERGEBNIS}", "Gespeichert als Import Nr.", timeout=60)
    assert dash_duo.find_element(f"#{IDs.BESTAETIGEN}").get_attribute("disabled") is not None
    assert _zaehlen(app.datenbank_url) == (werte_vorher, importe_vorher + 1)
    assert dash_duo.get_logs() == []
    verstoesse = _ohne_kopfzeile(dash_duo.driver, axe_verstoesse(dash_duo.driver))
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]
