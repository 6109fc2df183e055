"""The presentation mode in headless Chromium: walking the slides with the keyboard, the announcement for screen
readers, ending it, the entry from the Handlungsfeld page, no header, accessibility and a clean console."""

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import create_app
from dashboard.seiten.praesentation import IDs
from tests.browser.test_cockpit_browser import axe_verstoesse

pytestmark = pytest.mark.browser
Q3 = "?jahr=2026&quartal=3"
TITEL = {1: "Handlungsfeld Jugend und Familie", 3: "Ziel Z5.1: Ambulante vor stationären Hilfen zur Erziehung",
         4: "Ziel Z5.2: Hilfen zur Erziehung wirksam und wirtschaftlich gestalten",
         6: "Offene Maßnahmen und Beschlussvorschläge"}


def _folie(driver) -> str | None:
    return driver.execute_script("var w = document.getElementById('praesentation');"
                                 "return w ? w.getAttribute('data-folie') : null;")


def _taste(dash_duo, taste, erwartet: int) -> None:
    """Press a key on the page and wait until slide ``erwartet`` is drawn."""
    ActionChains(dash_duo.driver).send_keys(taste).perform()
    WebDriverWait(dash_duo.driver, 20).until(lambda d: _folie(d) == str(erwartet))
    assert f"folie={erwartet}" in dash_duo.driver.current_url


def _sichtbar(driver, selektor: str) -> bool:
    return driver.execute_script("var e = document.querySelector(arguments[0]);"
                                 "return !!e && getComputedStyle(e).display !== 'none';", selektor)


def test_pb001_mit_der_tastatur_blaettern(dash_duo, demo_einstellungen):
    """Slide 1, → three times: the URL says folie=4 (period kept) and the heading is Z5.2's; ← goes back and is
    announced; End/Home/PageDown/Space/PageUp work; Escape ends on the Handlungsfeld page with its header."""
    dash_duo.start_server(create_app(demo_einstellungen))
    treiber = dash_duo.driver
    treiber.get(dash_duo.server_url.rstrip("/") + f"/praesentation/HF5{Q3}")
    dash_duo.wait_for_text_to_equal(f"#{IDs.TITEL}", TITEL[1], timeout=20)
    assert not _sichtbar(treiber, "header") and not _sichtbar(treiber, "footer")
    for n in (2, 3, 4):
        _taste(dash_duo, Keys.ARROW_RIGHT, n)
    dash_duo.wait_for_text_to_equal(f"#{IDs.TITEL}", TITEL[4], timeout=20)
    assert "jahr=2026" in treiber.current_url and "quartal=3" in treiber.current_url
    assert dash_duo.find_element(f"#{IDs.POSITION}").text == "Folie 4 von 6"
    _taste(dash_duo, Keys.ARROW_LEFT, 3)
    dash_duo.wait_for_text_to_equal(f"#{IDs.TITEL}", TITEL[3], timeout=20)
    WebDriverWait(treiber, 10).until(lambda d: d.execute_script(
        "var a = document.getElementById('praesentation-ansage'); return a && a.textContent;")
        == f"Folie 3 von 6: {TITEL[3]}")
    ansage = dash_duo.find_element("#praesentation-ansage")
    assert ansage.get_attribute("aria-live") == "polite" and ansage.get_attribute("role") == "status"
    _taste(dash_duo, Keys.END, 6)
    dash_duo.wait_for_text_to_equal(f"#{IDs.TITEL}", TITEL[6], timeout=20)
    _taste(dash_duo, Keys.HOME, 1)
    _taste(dash_duo, Keys.PAGE_DOWN, 2)
    _taste(dash_duo, Keys.SPACE, 3)
    _taste(dash_duo, Keys.PAGE_UP, 2)
    treiber.back()  # the browser's history holds every slide
    WebDriverWait(treiber, 20).until(lambda d: _folie(d) == "3")
    ActionChains(treiber).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(treiber, 20).until(lambda d: "/handlungsfeld/HF5" in d.current_url)
    dash_duo.wait_for_text_to_equal("#handlungsfeld-titel", "Handlungsfeld Jugend und Familie", timeout=20)
    assert "jahr=2026" in treiber.current_url and "quartal=3" in treiber.current_url
    assert _sichtbar(treiber, "header")
    url = treiber.current_url
    ActionChains(treiber).send_keys(Keys.ARROW_RIGHT).perform()  # outside the presentation the keys do nothing
    assert treiber.current_url == url
    assert dash_duo.get_logs() == []


def test_pb002_einstieg_knoepfe_und_barrierefreiheit(dash_duo, demo_einstellungen):
    """"Präsentation starten" opens slide 1 of the chosen period; "Weiter ▶" and "Präsentation beenden" are links;
    axe-core finds no WCAG 2.1 AA violations on a goal slide with its table view open; the console stays clean."""
    dash_duo.start_server(create_app(demo_einstellungen))
    treiber = dash_duo.driver
    treiber.get(dash_duo.server_url.rstrip("/") + f"/handlungsfeld/HF5{Q3}")
    dash_duo.wait_for_element("#handlungsfeld-praesentation", timeout=20).click()
    dash_duo.wait_for_text_to_equal(f"#{IDs.TITEL}", TITEL[1], timeout=20)
    assert "/praesentation/HF5" in treiber.current_url and "folie=1" in treiber.current_url
    for n in (2, 3):
        dash_duo.find_element(f"#{IDs.WEITER}").click()
        WebDriverWait(treiber, 20).until(lambda d, n=n: _folie(d) == str(n))
    dash_duo.wait_for_text_to_equal(f"#{IDs.TITEL}", TITEL[3], timeout=20)
    dash_duo.wait_for_element(f"#{IDs.DIAGRAMM} .main-svg", timeout=20)
    assert treiber.title.startswith("Ziel Z5.1")
    treiber.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    dash_duo.wait_for_element(f"#{IDs.DIAGRAMM}-tabelle .ag-row", timeout=20)
    verstoesse = axe_verstoesse(treiber)
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]
    dash_duo.find_element(f"#{IDs.ENDE}").click()
    dash_duo.wait_for_text_to_equal("#handlungsfeld-titel", "Handlungsfeld Jugend und Familie", timeout=20)
    assert dash_duo.get_logs() == []
