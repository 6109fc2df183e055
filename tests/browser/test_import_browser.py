"""The upload page in headless Chromium: a file is previewed and imported in the background, with progress."""

import json

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import create_app
from dashboard.seiten.importieren import IDs
from kennzahlen import zugang
from kennzahlen.models import Auditeintrag, Kennzahl, Kennzahlwert
from tests.browser.axe import anmelden
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


def _importseite(dash_duo, app) -> None:
    """Controlling logs in and lands on the upload page."""
    dash_duo.server(app)
    anmelden(dash_duo.driver, dash_duo.server.url.rstrip("/"), "controlling", zugang.DEMO_PASSWORT, "/import")
    dash_duo.wait_for_element(f"#{IDs.DATEI} input[type=file]", timeout=20)


def test_imb001_vorschau_und_import_im_hintergrund(dash_duo, app, tmp_path):
    """Controlling uploads a CSV: preview, then "Import bestätigen"; the result shows; audited once."""
    datei = tmp_path / "werte_q3.csv"
    datei.write_text(DATEI, encoding="utf-8")
    werte_vorher, importe_vorher = _zaehlen(app.datenbank_url)
    _importseite(dash_duo, app)
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


def test_imb002_mehrere_dateien_als_ein_paket(dash_duo, app, tmp_path):
    """Two files chosen at once in the file dialog are one package: the values of a Kennzahl that only the
    other file creates preview together (no error for the unknown code), name their files, list the new
    Kennzahl, and land together once „Neue Stammdaten anlegen“ is ticked."""
    from kennzahlen.importe.formate import vorlage

    stamm = vorlage("kennzahlen").decode("utf-8-sig").splitlines()[-2:]
    stamm[1] = stamm[1].replace("K101;SGB II-Quote", "K990;Paketkennzahl aus dem Browser", 1)
    (tmp_path / "kennzahlen_neu.csv").write_text("\n".join(stamm) + "\n", encoding="utf-8")
    werte = DATEI.replace("K101;2026;quartal;3;;ist;12,7", "K990;2026;quartal;3;;ist;4,2")
    (tmp_path / "werte_neu.csv").write_text(werte, encoding="utf-8")
    werte_vorher, importe_vorher = _zaehlen(app.datenbank_url)
    _importseite(dash_duo, app)
    dash_duo.find_element(f"#{IDs.DATEI} input[type=file]").send_keys(
        f"{tmp_path / 'werte_neu.csv'}\n{tmp_path / 'kennzahlen_neu.csv'}")  # two files in one choice
    dash_duo.wait_for_contains_text(f"#{IDs.ERGEBNIS}", "Vorschau – noch nichts gespeichert", timeout=60)
    vorschau = dash_duo.find_element(f"#{IDs.ERGEBNIS}").text
    assert "werte_neu.csv" in vorschau and "kennzahlen_neu.csv" in vorschau, vorschau[:2000]
    assert "K990" in vorschau, vorschau[:2000]  # new master data is listed before it is created
    assert _zaehlen(app.datenbank_url) == (werte_vorher, importe_vorher)
    dash_duo.find_element(f"#{IDs.STAMMDATEN}").click()  # „Neue Stammdaten anlegen“
    knopf = dash_duo.find_element(f"#{IDs.BESTAETIGEN}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", knopf)
    knopf.click()
    dash_duo.wait_for_contains_text(f"#{IDs.ERGEBNIS}", "Gespeichert als Import Nr.", timeout=60)
    assert _zaehlen(app.datenbank_url) == (werte_vorher + 1, importe_vorher + 1)
    engine = create_engine(app.datenbank_url)
    with engine.connect() as conn:
        wert = conn.execute(select(Kennzahlwert.wert).join(Kennzahl).where(Kennzahl.code == "K990")).scalar_one()
    engine.dispose()
    assert float(wert) == 4.2
