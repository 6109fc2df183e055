"""The Handlungsfeld and Ziel views in headless Chromium: Sankey drawn, Ansatz/Ist/Prognose switch via the
URL, navigation between the views, accessibility (axe-core), a clean browser console."""

import json
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import Select

from dashboard import create_app
from dashboard.seiten.handlungsfeld import IDs as HF
from dashboard.seiten.ziel import IDs as ZIEL

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_verstoesse(driver, bereich: str = "#seite") -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA and best practices) on ``bereich`` of the current page; its violations.

    Only the page content (``#seite``) is checked here: the shared header and footer belong to the
    cockpit's tests, so that a finding there does not hide or fake one in these views.
    """
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
        axe.run({include: [arguments[0]]}, {runOnly: {type: 'tag', values: tags}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))))
           .catch(e => done([{id: 'axe-fehler', impact: String(e), nodes: []}]));""",
        bereich,
    )


def _axe_sauber(dash_duo) -> None:
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    verstoesse = axe_verstoesse(dash_duo.driver)
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]


def test_bh001_handlungsfeld_betrag_wechseln(dash_duo, demo_einstellungen):
    """HF5 draws its Sankey; Ist and then Prognose change the URL, the labels and the total; axe finds nothing."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.driver.get(dash_duo.server_url + "/handlungsfeld/HF5?jahr=2026&quartal=3")
    dash_duo.wait_for_contains_text(f"#{HF.STAND}", "Ansatz 2026", timeout=20)
    dash_duo.wait_for_element(f"#{HF.SANKEY} .sankey .sankey-node", timeout=20)
    assert "Heimerziehung" in dash_duo.find_element(f"#{HF.SANKEY}").text
    ansatz = dash_duo.find_element(f"#{HF.SUMME}").text
    _axe_sauber(dash_duo)

    Select(dash_duo.find_element(f"#{HF.BETRAG}")).select_by_value("ist")
    dash_duo.wait_for_contains_text(f"#{HF.STAND}", "Ist bis Q3 2026", timeout=20)
    assert "betrag=ist" in dash_duo.driver.current_url and "quartal=3" in dash_duo.driver.current_url
    dash_duo.wait_for_element(f"#{HF.SANKEY} .sankey .sankey-node", timeout=20)
    assert dash_duo.find_element(f"#{HF.SUMME}").text != ansatz

    Select(dash_duo.find_element(f"#{HF.BETRAG}")).select_by_value("prognose")
    dash_duo.wait_for_contains_text(f"#{HF.STAND}", "Prognose 2026", timeout=20)
    assert "betrag=prognose" in dash_duo.driver.current_url
    dash_duo.driver.refresh()  # a link opens the same view
    dash_duo.wait_for_contains_text(f"#{HF.STAND}", "Prognose 2026", timeout=20)
    assert dash_duo.get_logs() == []


def test_bh002_ziel_und_navigation(dash_duo, demo_einstellungen):
    """From HF5 to Z5.1 by its link (selection kept), charts drawn, Betrag switch, back via the breadcrumb."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.driver.get(dash_duo.server_url + "/handlungsfeld/HF5?jahr=2025&quartal=4&betrag=ist")
    dash_duo.wait_for_contains_text(f"#{HF.STAND}", "Ergebnis 2025", timeout=20)
    dash_duo.find_element(f"#{HF.ZIELBAUM} a[href^='/ziel/Z5.1']").click()
    dash_duo.wait_for_contains_text(f"#{ZIEL.TITEL}", "Ziel Z5.1", timeout=20)
    assert "jahr=2025" in dash_duo.driver.current_url and "betrag=ist" in dash_duo.driver.current_url
    dash_duo.wait_for_element(f"#{ZIEL.KENNZAHLVERLAUF} .main-svg", timeout=20)
    dash_duo.wait_for_element(f"#{ZIEL.PRODUKTVERLAUF} .main-svg", timeout=20)
    assert "Ergebnis 2025" in dash_duo.find_element(f"#{ZIEL.PRODUKTE}").text
    _axe_sauber(dash_duo)

    Select(dash_duo.find_element(f"#{ZIEL.BETRAG}")).select_by_value("ansatz")
    dash_duo.wait_for_contains_text(f"#{ZIEL.STAND}", "Ansatz 2025", timeout=20)
    assert "betrag=ansatz" in dash_duo.driver.current_url and "quartal=4" in dash_duo.driver.current_url

    dash_duo.find_element("nav[aria-label] a[href^='/handlungsfeld/HF5']").click()
    dash_duo.wait_for_contains_text(f"#{HF.STAND}", "Ansatz 2025", timeout=20)
    dash_duo.wait_for_element(f"#{HF.SANKEY} .sankey .sankey-node", timeout=20)
    assert dash_duo.get_logs() == []


def test_bh003_unbekanntes_ziel(dash_duo, demo_einstellungen):
    """An unknown goal says so and links back to the cockpit; no console errors."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.driver.get(dash_duo.server_url + "/ziel/Z99?jahr=2026&betrag=nix")
    dash_duo.wait_for_contains_text("#nicht-gefunden", "Ziel nicht gefunden", timeout=20)
    _axe_sauber(dash_duo)
    dash_duo.find_element("#nicht-gefunden a.btn").click()
    dash_duo.wait_for_contains_text("#cockpit-stand", "Stand:", timeout=20)
    assert dash_duo.get_logs() == []
