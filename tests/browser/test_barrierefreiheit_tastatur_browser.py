"""Keyboard alone through the cockpit in headless Chromium: skip link first, then header, content and footer in
document order, every stop visibly focused, at most two German chart tools per chart, menus open with Enter."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import create_app
from tests.browser import axe
from tests.browser.test_barrierefreiheit_browser import MODEBAR_TEXTE

pytestmark = pytest.mark.browser

STOPP = """const e = document.activeElement;
const s = getComputedStyle(e);
const graph = e.closest('.js-plotly-plot');
return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 60),
        id: e.id, grafik: graph ? graph.closest('.dash-graph').id : null,
        bereich: e.closest('header') ? 'kopf' : e.closest('main') ? 'inhalt' : e.closest('footer') ? 'fuss' : 'sonst',
        sichtbar: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none',
        vorher: window.wkLetzter ? !!(window.wkLetzter.compareDocumentPosition(e) & 4) : true,
        _: (window.wkLetzter = e, 0)};"""
"""What the focused element is, whether its focus is visible, and whether it follows the last one."""


def _tabben(treiber, hoechstens: int = 400) -> list[dict]:
    """Press Tab from the top of the page until the focus leaves the page; the stops in order."""
    treiber.execute_script("window.wkLetzter = null; document.activeElement && document.activeElement.blur();"
                           "window.scrollTo(0, 0);")
    stopps = []
    for _ in range(hoechstens):
        ActionChains(treiber).send_keys(Keys.TAB).perform()
        stopp = treiber.execute_script(STOPP)
        if stopp["tag"] == "BODY" or (stopps and stopp["bereich"] == "kopf" and stopps[-1]["bereich"] == "fuss"):
            break
        stopps.append(stopp)
    return stopps


def test_bt001_tastatur_durch_das_cockpit(dash_duo, demo_einstellungen):
    """The first Tab reaches "Zum Inhalt springen"; all stops come in document order (header → content →
    footer), each with a visible focus; each chart has at most two tab stops, both German (no "Share chart");
    the footer's statement link is reachable; a header menu opens with Enter and its entries with arrow keys."""
    dash_duo.start_server(create_app(demo_einstellungen))
    treiber = dash_duo.driver
    axe.aufrufen(treiber, "/?jahr=2026&quartal=3")
    stopps = _tabben(treiber)
    assert stopps[0]["text"] == "Zum Inhalt springen"
    assert [s for s in stopps if not s["vorher"]] == [], "Fokus springt zurück"
    assert [s for s in stopps if not s["sichtbar"]] == [], "Fokus unsichtbar"
    bereiche = [s["bereich"] for s in stopps[1:]]
    assert bereiche == sorted(bereiche, key=["kopf", "inhalt", "fuss"].index), bereiche
    je_grafik: dict[str, list[str]] = {}
    for s in stopps:
        if s["grafik"]:
            je_grafik.setdefault(s["grafik"], []).append(s["text"])
    assert je_grafik, "keine Grafik erreicht"
    assert {g: t for g, t in je_grafik.items() if len(t) > 2 or set(t) - MODEBAR_TEXTE} == {}
    assert any(s["id"] == "fuss-barrierefreiheit" for s in stopps)

    # Skip link: Enter moves on into the content, the next Tab lands inside <main>.
    treiber.execute_script("window.wkLetzter = null; document.activeElement.blur()")
    ActionChains(treiber).send_keys(Keys.TAB).send_keys(Keys.ENTER).send_keys(Keys.TAB).perform()
    assert treiber.execute_script("return !!document.activeElement.closest('main')")

    # A header menu with the keyboard only.
    menue = treiber.find_element("css selector", "header .dropdown-toggle")
    treiber.execute_script("arguments[0].focus()", menue)
    ActionChains(treiber).send_keys(Keys.ENTER).perform()
    treiber.find_element("css selector", "header .dropdown-menu.show")
    ActionChains(treiber).send_keys(Keys.ARROW_DOWN).perform()
    eintrag = treiber.execute_script("return document.activeElement")
    assert eintrag.get_attribute("href") and "dropdown-item" in eintrag.get_attribute("class")
    ActionChains(treiber).send_keys(Keys.ENTER).perform()
    axe.warten_bis_fertig(treiber)
    assert treiber.execute_script("return location.pathname") != "/"
    assert dash_duo.get_logs() == []
