"""The cockpit in headless Chromium: render, change the quarter, reload a deep link, accessibility."""

import json
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import Select

from dashboard import auswahl, create_app
from dashboard.seiten.cockpit import IDs

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_verstoesse(driver) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA and best practices) on the current page and return its violations."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
        axe.run(document, {runOnly: {type: 'tag', values: tags}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))))
           .catch(e => done([{id: 'axe-fehler', impact: String(e), nodes: []}]));"""
    )


def test_br001_cockpit_quartal_wechseln(dash_duo, demo_einstellungen):
    """The cockpit opens on Q3 2026; choosing Q2 changes the URL, the period and the Ist total."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "3. Quartal 2026", timeout=20)
    dash_duo.wait_for_element(f"#{IDs.DIAGRAMM} .main-svg", timeout=20)
    ist_q3 = dash_duo.find_element(f"#{IDs.GESAMT_IST}").text
    assert "Mio." in ist_q3

    Select(dash_duo.find_element(f"#{auswahl.IDs.PERIODE}")).select_by_value("2")
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "2. Quartal 2026", timeout=20)
    assert "quartal=2" in dash_duo.driver.current_url and "jahr=2026" in dash_duo.driver.current_url
    assert dash_duo.find_element(f"#{IDs.GESAMT_IST}").text != ist_q3
    assert "Ist bis Q2 2026" in dash_duo.find_element(f"#{IDs.HANDLUNGSFELDER}").text
    assert dash_duo.get_logs() == []


def test_br002_deeplink_und_zurueck(dash_duo, demo_einstellungen):
    """A deep link opens the same view after a reload; the back button returns to the previous period."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.driver.get(dash_duo.server_url + "/?jahr=2025&quartal=4")
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "4. Quartal 2025", timeout=20)
    Select(dash_duo.find_element(f"#{auswahl.IDs.JAHR}")).select_by_value("2024")
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "4. Quartal 2024", timeout=20)
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "4. Quartal 2024", timeout=20)
    dash_duo.driver.back()
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "4. Quartal 2025", timeout=20)
    assert dash_duo.get_logs() == []


def test_br003_barrierefreiheit_axe(dash_duo, demo_einstellungen):
    """axe-core finds no WCAG 2.1 AA violations on the cockpit, with the table view unfolded."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.wait_for_element(f"#{IDs.DIAGRAMM} .main-svg", timeout=20)
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    verstoesse = axe_verstoesse(dash_duo.driver)
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]


def test_br004_unbekannte_seite(dash_duo, demo_einstellungen):
    """An unknown address shows the not-found page with a link back to the cockpit."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.driver.get(dash_duo.server_url + "/gibt/es/nicht")
    dash_duo.wait_for_contains_text("#nicht-gefunden", "Seite nicht gefunden", timeout=20)
    dash_duo.find_element("#nicht-gefunden a").click()
    dash_duo.wait_for_contains_text(f"#{IDs.STAND}", "Stand:", timeout=20)
    assert dash_duo.get_logs() == []
