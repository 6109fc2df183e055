"""District ranking and profile in headless Chromium: "rises fastest" in one click, a map click opens the
district's profile, axe-core on the profile page."""

import json

import pytest
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.support.ui import Select

from dashboard import create_app
from dashboard.seiten.kennzahl import IDs as KIDs
from dashboard.seiten.sozialraum import IDs as SIDs
from kennzahlen.demo import GESCHICHTE_KINDERARMUT
from tests.browser.test_kennzahl_produkt_browser import axe_verstoesse

pytestmark = pytest.mark.browser
K511, HAFEN = GESCHICHTE_KINDERARMUT["kennzahl"], GESCHICHTE_KINDERARMUT["sozialraum"]

ERSTE_ZEILE = f"#{KIDs.RANGLISTE} .ag-center-cols-container .ag-row[row-index='0']"

PUNKT_DES_RAUMS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot'), code = arguments[1];
const flaeche = Array.from(gd.querySelectorAll('path.choroplethlocation'))
  .find(p => p.__data__ && p.__data__.loc === code);
if (!flaeche) return null;
const vorher = flaeche.getBoundingClientRect();
window.scrollTo({top: window.scrollY + vorher.top + vorher.height / 2 - window.innerHeight / 2, behavior: 'instant'});
const r = flaeche.getBoundingClientRect();
return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2)};
"""


def _oeffnen(dash_duo, pfad: str, warten_auf: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + pfad)
    dash_duo.wait_for_element(warten_auf, timeout=30)


def test_br_sr001_anstieg_mit_einem_klick(dash_duo, demo_einstellungen):
    """On the Kennzahl page of child poverty one choice ("Sortieren nach: Anstieg") puts the Hafenviertel first,
    with its rise in Prozentpunkten; the URL keeps ?rang=anstieg."""
    dash_duo.start_server(create_app(demo_einstellungen))
    _oeffnen(dash_duo, f"/kennzahl/{K511}", ERSTE_ZEILE)
    Select(dash_duo.find_element(f"#{KIDs.RANG}")).select_by_visible_text("Anstieg")
    dash_duo.wait_for_contains_text(f"#{KIDs.BALKEN}-titel", "Anstieg je Sozialraum", timeout=20)
    dash_duo.wait_for_contains_text(ERSTE_ZEILE, "103 Hafenviertel", timeout=20)
    erste = dash_duo.find_element(ERSTE_ZEILE).text
    assert "Prozentpunkte" in erste and "rang=anstieg" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_br_sr002_kartenklick_oeffnet_profil(dash_duo, demo_einstellungen):
    """A real mouse click on the Hafenviertel in the map (at the centre of its drawn shape)
    opens /sozialraum/103 with the period kept; the profile shows child poverty ranked first."""
    dash_duo.start_server(create_app(demo_einstellungen))
    _oeffnen(dash_duo, f"/kennzahl/{K511}?jahr=2026&quartal=3",
             f"#{KIDs.KARTE} .js-plotly-plot path.choroplethlocation")
    punkt = None
    for _ in range(60):
        punkt = dash_duo.driver.execute_script(PUNKT_DES_RAUMS, KIDs.KARTE, HAFEN)
        if punkt:
            break
        dash_duo.driver.execute_script("return new Promise(r => setTimeout(r, 250))")
    assert punkt, "Karte nicht gezeichnet"
    aktion = ActionBuilder(dash_duo.driver)  # a real pointer: move (so the map hovers the district), then click
    aktion.pointer_action.move_to_location(punkt["x"], punkt["y"]).pause(0.5).click()
    aktion.perform()
    dash_duo.wait_for_contains_text(f"#{SIDs.TITEL}", "Hafenviertel", timeout=20)
    assert "/sozialraum/103" in dash_duo.driver.current_url and "quartal=3" in dash_duo.driver.current_url
    dash_duo.wait_for_contains_text(f"#{SIDs.PROFIL}", "1 von 25", timeout=20)
    assert dash_duo.get_logs() == []


def test_br_sr003_profil_barrierefrei(dash_duo, demo_einstellungen):
    """axe-core finds no WCAG 2.1 AA violations on the profile of a Sozialraum and of a Stadtbezirk."""
    dash_duo.start_server(create_app(demo_einstellungen))
    for pfad, warten_auf in ((f"/sozialraum/{HAFEN}", f"#{SIDs.VERGLEICH} .main-svg"),
                             ("/sozialraum/B1", f"#{SIDs.HINWEIS}")):
        _oeffnen(dash_duo, pfad, warten_auf)
        dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        verstoesse = axe_verstoesse(dash_duo.driver)
        assert verstoesse == [], (pfad, json.dumps(verstoesse, ensure_ascii=False)[:3000])
    assert dash_duo.get_logs() == []


def test_br_sr004_profil_zeigt_geld_und_rate(dash_duo, demo_einstellungen):
    """The profile of the Hafenviertel shows the money of its Stadtbezirk (Musterstadt's Geld je Bezirk: Hilfen
    zur Erziehung and Jugendarbeit, Ergebnis 2025) per inhabitant, and the Heimerziehung as a rate per 1.000
    under 21 with its denominator named."""
    dash_duo.start_server(create_app(demo_einstellungen))
    _oeffnen(dash_duo, f"/sozialraum/{HAFEN}?jahr=2026&quartal=3", f"#{SIDs.GELD}-titel")
    titel = dash_duo.find_element(f"#{SIDs.GELD}-titel").text
    assert "Stadtbezirk B1" in titel and "2025 Ergebnis" in titel
    dash_duo.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center', "
                                   "behavior: 'instant'})", SIDs.GELD)
    dash_duo.wait_for_contains_text(f"#{SIDs.GELD}", "0605 Hilfen zur Erziehung", timeout=20)
    assert "0603 Kinder- und Jugendarbeit" in dash_duo.find_element(f"#{SIDs.GELD}").text
    dash_duo.wait_for_contains_text(f"#{SIDs.PROFIL}", "je 1.000 Einwohner unter 21 Jahren", timeout=20)
    assert dash_duo.get_logs() == []
