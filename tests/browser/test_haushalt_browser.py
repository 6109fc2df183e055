"""The budget negotiation in headless Chromium, as a treasurer walks it: cockpit → Haushalt → Haushaltsberatung
→ product → Mengen- und Preiseffekt → what-if, and back."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard import create_app
from dashboard.seiten import effekte, haushalt, haushaltsberatung
from tests.browser.test_cockpit_browser import axe_verstoesse
from tests.browser.test_quartalszyklus_browser import _anmelden, _klicken
from tests.dashboard.test_koeln import koeln_db  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def _verweis(dash_duo, selektor: str) -> None:
    """Click a link (scrolled into the middle of the window first)."""
    element = dash_duo.driver.find_element(By.CSS_SELECTOR, selektor)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _zelle(dash_duo, grid_id: str, zeile: int, spalte: str) -> str:
    """The text of a grid cell by row index and column heading."""
    kopf = next(k for k in dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{grid_id} .ag-header-cell")
                if k.text.replace("\n", " ").strip() == spalte)
    col_id = kopf.get_attribute("col-id")
    return dash_duo.driver.find_element(
        By.CSS_SELECTOR, f"#{grid_id} .ag-center-cols-container .ag-row[row-index='{zeile}'] [col-id='{col_id}']").text


def _ansatz(einstellungen, praefix: str, jahr: int) -> int:
    """The adopted Ansatz of all products under ``praefix``, summed over every plan line, straight from the table."""
    from sqlalchemy import func, select

    from kennzahlen.db import engine_erstellen, sessionfabrik
    from kennzahlen.models import Haushaltsbetrag, Produkt

    engine = engine_erstellen(einstellungen.datenbank_url)
    with sessionfabrik(engine)() as s:
        summe = s.scalar(select(func.sum(Haushaltsbetrag.betrag))
                         .join(Produkt, Produkt.id == Haushaltsbetrag.produkt_id)
                         .where(Produkt.code.startswith(praefix), Haushaltsbetrag.jahr == jahr,
                                Haushaltsbetrag.betragsart == "ansatz", Haushaltsbetrag.version == "beschluss",
                                Haushaltsbetrag.periodenart == "jahr"))
    engine.dispose()
    return round(float(summe))


def _axe_sauber(dash_duo) -> None:
    verstoesse = [v for v in axe_verstoesse(dash_duo.driver) if v["impact"] in ("serious", "critical")]
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]


def test_hb001_haushaltsberatung_durchgehen(dash_duo, anmelde_einstellungen):
    """Controlling opens the Haushaltsplan from the menu, drills into Produktgruppe 0605 and its Teilergebnisplan,
    goes on to the Haushaltsberatung with the draft, to product 060503, its Mengen- und Preiseffekt, then a −5 %
    what-if that lands in the URL (nothing written), and the back button returns to the previous view."""
    dash_duo.server(create_app(anmelde_einstellungen))
    _anmelden(dash_duo, "controlling", "/")
    dash_duo.wait_for_element("#cockpit-stand", timeout=30)

    dash_duo.driver.find_element(By.XPATH, "//a[contains(@class, 'dropdown-toggle') and text()='Haushalt']").click()
    dash_duo.driver.find_element(By.LINK_TEXT, "Haushaltsplan").click()
    dash_duo.wait_for_element(f"#{haushalt.IDs.TREEMAP} .main-svg", timeout=30)
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    _verweis(dash_duo, "a[href*='knoten=0605']")
    dash_duo.wait_for_contains_text(f"#{haushalt.IDs.PLANKARTE}", "Teilergebnisplan 0605", timeout=30)
    assert "knoten=0605" in dash_duo.driver.current_url
    assert _ziffern(_zelle(dash_duo, haushalt.IDs.PLAN, 28, "Ansatz 2026")) == str(abs(_ansatz(
        anmelde_einstellungen, "0605", 2026)))  # line 29 (Jahresergebnis) equals the stored detail lines
    _axe_sauber(dash_duo)

    _verweis(dash_duo, f"#{haushalt.IDs.PLANKARTE} .haushaltsverweise a[href*='/haushaltsberatung']")
    dash_duo.wait_for_contains_text("h1", "Haushaltsberatung", timeout=30)
    dash_duo.wait_for_contains_text(f"#{haushaltsberatung.IDs.TABELLE}", "060503", timeout=30)
    assert "Entwurf" in dash_duo.find_element(f"#{haushaltsberatung.IDs.TABELLE}").text  # Controlling reads drafts
    _axe_sauber(dash_duo)

    _verweis(dash_duo, f"#{haushaltsberatung.IDs.TABELLE} a[href*='code=060503']")
    dash_duo.wait_for_contains_text("h1", "060503", timeout=30)
    _verweis(dash_duo, ".haushaltsverweise a[href^='/produkt/060503']")
    dash_duo.wait_for_contains_text("#seite h1", "Heimerziehung", timeout=30)
    _verweis(dash_duo, ".haushaltsverweise a[href*='/haushalt/effekte']")
    dash_duo.wait_for_element(f"#{effekte.IDs.WASSERFALL} .main-svg", timeout=30)
    assert "Mengeneffekt" in dash_duo.find_element(f"#{effekte.IDs.TEXT}").text
    dash_duo.driver.back()
    dash_duo.wait_for_contains_text("#seite h1", "Heimerziehung", timeout=30)

    _verweis(dash_duo, ".haushaltsverweise a[href*='/haushaltsberatung']")
    dash_duo.wait_for_element(f"#{haushaltsberatung.IDs.WENN_BETRAG}", timeout=30)
    Select(dash_duo.find_element(f"#{haushaltsberatung.IDs.WENN_PRODUKT}")).select_by_value("060503")
    dash_duo.find_element(f"#{haushaltsberatung.IDs.WENN_BETRAG}").send_keys("-5")
    Select(dash_duo.find_element(f"#{haushaltsberatung.IDs.WENN_EINHEIT}")).select_by_value("prozent")
    _klicken(dash_duo, f"#{haushaltsberatung.IDs.WENN_RECHNEN}")
    dash_duo.wait_for_contains_text(f"#{haushaltsberatung.IDs.WENN_ERGEBNIS}", "Rechnerische Folgen", timeout=30)
    assert "wenn=060503" in dash_duo.driver.current_url
    dash_duo.driver.back()
    WebDriverWait(dash_duo.driver, 20).until(lambda d: "wenn=" not in d.current_url)
    dash_duo.wait_for_element(f"#{haushaltsberatung.IDs.TABELLE}", timeout=30)
    assert dash_duo.get_logs() == []


def _ziffern(text: str) -> str:
    return "".join(z for z in text if z.isdigit())


def test_hb002_koeln_teilergebnisplan_per_deeplink(dash_duo, koeln_db):  # noqa: F811
    """On Köln's real budget a deep link opens Produktgruppe 0501's Teilergebnisplan with its 28 lines for
    2010–2015, line 28 (Ansatz 2015) equal to the file; on to its Haushaltsberatung and back."""
    from dashboard.seiten.haushalt import IDs as HIDs
    from kennzahlen.settings import Einstellungen
    from tests.dashboard.test_haushalt_seite import _koeln_gruppe

    dash_duo.start_server(create_app(Einstellungen(database_url=koeln_db, anmeldung="aus")))
    basis = dash_duo.server_url.rstrip("/")
    dash_duo.driver.get(f"{basis}/haushalt?jahr=2015&jahre=alle&knoten=0501")
    dash_duo.wait_for_contains_text(f"#{HIDs.PLANKARTE}", "Teilergebnisplan 0501", timeout=30)
    zeilen = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{HIDs.PLAN} .ag-center-cols-container .ag-row")
    assert len(zeilen) == 28
    kopf = [k.text.replace("\n", " ") for k in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, f"#{HIDs.PLAN} .ag-header-cell-text")]
    assert "Ergebnis 2010" in kopf and "Ansatz 2015" in kopf
    erwartet = round(sum(_koeln_gruppe("0501")["Ansatz 2015"].values()))
    zeile_28 = dash_duo.driver.find_element(By.CSS_SELECTOR,
                                            f"#{HIDs.PLAN} .ag-center-cols-container .ag-row[row-index='27']")
    zelle = zeile_28.find_element(By.CSS_SELECTOR, "[col-id='s5']")  # the sixth amount column: Ansatz 2015
    assert _ziffern(zelle.text) == str(abs(erwartet))
    _verweis(dash_duo, f"#{HIDs.PLANKARTE} .haushaltsverweise a[href*='/haushaltsberatung']")
    dash_duo.wait_for_contains_text("h1", "Haushaltsberatung", timeout=30)
    dash_duo.wait_for_element(f"#{haushaltsberatung.IDs.TABELLE} .ag-row", timeout=30)
    dash_duo.driver.back()
    dash_duo.wait_for_contains_text(f"#{HIDs.PLANKARTE}", "Teilergebnisplan 0501", timeout=30)
    assert dash_duo.get_logs() == []
