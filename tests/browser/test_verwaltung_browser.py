"""User management in headless Chromium: an administrator creates a user and sees it in the table."""

import json

import pytest
from selenium.webdriver.support.ui import Select

from dashboard import create_app
from dashboard.seiten.benutzer import IDs
from kennzahlen import zugang
from tests.browser.test_cockpit_browser import axe_verstoesse

pytestmark = pytest.mark.browser


@pytest.fixture
def app(anmelde_einstellungen):
    """The demo app with login and demo accounts."""
    return create_app(anmelde_einstellungen)


def test_vwb001_admin_legt_benutzer_an(dash_duo, app):
    """Ada Admin creates a Fachbereich user for Jugend; the table shows it; console and axe-core are clean."""
    dash_duo.server(app)  # start without waiting for Dash: the first page is the plain login form
    basis = dash_duo.server.url.rstrip("/")
    dash_duo.driver.get(f"{basis}/login?weiter=/verwaltung/benutzer")
    dash_duo.find_element("#login").send_keys("admin")
    dash_duo.find_element("#passwort").send_keys(zugang.DEMO_PASSWORT)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_contains_text(f"#{IDs.TABELLE}", "sozialamt", timeout=20)

    dash_duo.find_element(f"#{IDs.NEU_LOGIN}").send_keys("nora.neu")
    dash_duo.find_element(f"#{IDs.NEU_NAME}").send_keys("Nora Neu (Jugendamt)")
    dash_duo.find_element(f"#{IDs.NEU_KENNWORT}").send_keys("ein-gutes-Kennwort-42")
    Select(dash_duo.find_element(f"#{IDs.NEU_ROLLE}")).select_by_value("fachbereich")
    Select(dash_duo.find_element(f"#{IDs.NEU_HANDLUNGSFELD}")).select_by_value("HF5")
    knopf = dash_duo.find_element(f"#{IDs.NEU_ANLEGEN}")
    # Bootstrap scrolls smoothly; an instant scroll keeps the button still while Selenium clicks it.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", knopf)
    knopf.click()
    dash_duo.wait_for_contains_text(f"#{IDs.NEU_MELDUNG}", "„nora.neu“ wurde angelegt", timeout=20)
    dash_duo.wait_for_contains_text(f"#{IDs.TABELLE}", "Nora Neu (Jugendamt)", timeout=20)
    assert "Fachbereich (Handlungsfeld Jugend und Familie)" in dash_duo.find_element(f"#{IDs.TABELLE}").text
    assert dash_duo.find_element(f"#{IDs.NEU_KENNWORT}").get_attribute("value") == ""
    assert "nora.neu" in dash_duo.find_element(f"#{IDs.AUSWAHL}").text
    assert dash_duo.get_logs() == []
    verstoesse = _ohne_kopfzeile(dash_duo.driver, axe_verstoesse(dash_duo.driver))
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]


def _ohne_kopfzeile(driver, verstoesse: list[dict]) -> list[dict]:
    """Violations outside the shared page header (its navigation is checked by the cockpit's axe test)."""
    im_kopf = "const e = document.querySelector(arguments[0]); return !!(e && e.closest('header'));"
    uebrig = []
    for v in verstoesse:
        knoten = [n for n in v["nodes"] if not (n and driver.execute_script(im_kopf, n[0]))]
        if knoten or not v["nodes"]:
            uebrig.append({**v, "nodes": knoten})
    return uebrig
