"""Every view names itself in the browser tab; printing shows the content without navigation or toolbars."""

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import create_app

pytestmark = pytest.mark.browser


def test_tdb001_seitentitel_je_ansicht(dash_duo, demo_einstellungen):
    """The tab says which view is open, also after navigating inside the app."""
    dash_duo.start_server(create_app(demo_einstellungen))
    basis = dash_duo.server_url.rstrip("/")
    for pfad, titel in (("/ziel/Z5.1?jahr=2026&quartal=3", "Ziel Z5.1: Ambulante vor stationären Hilfen"),
                        ("/kennzahl/K511?jahr=2026&quartal=3", "K511 Kinderarmut"),
                        ("/?jahr=2026&quartal=3", "Cockpit Musterstadt")):
        dash_duo.driver.get(basis + pfad)
        dash_duo.wait_for_element("#seite h1", timeout=20)
        WebDriverWait(dash_duo.driver, 15).until(lambda d, t=titel: d.title.startswith(t))
        assert dash_duo.driver.title.endswith("– Wirkungscockpit")
    verweis = dash_duo.find_element("#seite a[href^='/handlungsfeld/']")  # a link inside the app, no reload
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", verweis)
    verweis.click()
    WebDriverWait(dash_duo.driver, 20).until(lambda d: d.title.startswith("Handlungsfeld "))
    assert dash_duo.get_logs() == []


def test_tdb002_druckansicht_ohne_navigation(dash_duo, demo_einstellungen):
    """Under print media the header, search and chart toolbars are hidden; the content stays."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.driver.get(dash_duo.server_url.rstrip("/") + "/kennzahl/K511?jahr=2026&quartal=3")
    dash_duo.wait_for_element("#seite .js-plotly-plot .main-svg", timeout=20)
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    sichtbar = "return getComputedStyle(document.querySelector(arguments[0])).display !== 'none';"
    assert not dash_duo.driver.execute_script(sichtbar, "header")
    assert not dash_duo.driver.execute_script(sichtbar, ".modebar-container")
    assert dash_duo.driver.execute_script(sichtbar, "#seite h1")
    assert dash_duo.driver.execute_script(sichtbar, "#seite .js-plotly-plot")
