"""The quarter's work in headless Chromium, as the people who do it: a Fachbereich explains a deviation and
promises a measure, follows it up the next quarter, and Controlling freezes the period before a late import."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from dashboard import create_app
from dashboard.seiten import abweichungen, aufgaben, kommentar, massnahmen, perioden
from kennzahlen import berichtsstand, zugang
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.importe import importieren
from kennzahlen.models import Kommentar, Massnahmenverlauf
from kennzahlen.perioden import Periode
from tests.browser.test_cockpit_browser import axe_verstoesse

pytestmark = pytest.mark.browser
Q3 = Periode(2026, "quartal", 3)
BEGRUENDUNG = "Mehr stationäre Hilfen nach Zuzug zweier Großfamilien; Einzelfallprüfung läuft."
MASSNAHME = "Fallkonferenz vor jeder stationären Unterbringung einführen."


def _anmelden(dash_duo, login: str, weiter: str) -> None:
    basis = dash_duo.server.url.rstrip("/")
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{basis}/login?weiter={weiter}")
    dash_duo.find_element("#login").send_keys(login)
    dash_duo.find_element("#passwort").send_keys(zugang.DEMO_PASSWORT)
    dash_duo.find_element("button[type=submit]").click()


def _setzen(driver, element, wert: str) -> None:
    """Set an input's value the way React notices (date inputs differ by browser locale)."""
    driver.execute_script(
        "const e = arguments[0]; const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e), 'value').set;"
        "setter.call(e, arguments[1]); e.dispatchEvent(new Event('input', {bubbles: true}));", element, wert)


def _klicken(dash_duo, selektor: str) -> None:
    """Scroll the element to the middle of the window at once (Bootstrap scrolls smoothly), then click."""
    element = dash_duo.find_element(selektor)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _axe_sauber(dash_duo) -> None:
    verstoesse = [v for v in axe_verstoesse(dash_duo.driver) if v["impact"] in ("serious", "critical")]
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]


def test_qz001_quartalszyklus(dash_duo, anmelde_einstellungen):
    """Jugendamt: cockpit → Abweichungsliste → explanation and measure, shown at once; Q4: the measure is up for
    follow-up and its status changes with history. Controlling: freezes Q3; a later import leaves the frozen
    figures unchanged and the Berichtsstand shows reported and current side by side."""
    dash_duo.server(create_app(anmelde_einstellungen))
    fabrik = sessionfabrik(engine_erstellen(anmelde_einstellungen.datenbank_url))

    # 1. After login the Fachbereich's cockpit starts with its open points.
    _anmelden(dash_duo, "jugendamt", "/?jahr=2026%26quartal=3")
    dash_duo.wait_for_contains_text(f"#{aufgaben.IDs.KARTE}", "Meine Aufgaben für 3. Quartal 2026", timeout=30)
    dash_duo.find_element(f"#{aufgaben.IDs.KARTE} a[href*='/abweichungen']").click()
    dash_duo.wait_for_contains_text("h1", "Abweichungsliste 3. Quartal 2026", timeout=20)

    # 2. The list, filtered to Jugend, links each row to the form.
    Select(dash_duo.find_element(f"#{abweichungen.IDs.HANDLUNGSFELD}")).select_by_value("HF5")
    dash_duo.wait_for_contains_text(f"#{abweichungen.IDs.KENNZAHLEN}", "K5", timeout=20)
    assert "handlungsfeld=HF5" in dash_duo.driver.current_url
    _axe_sauber(dash_duo)
    link = dash_duo.driver.find_element(By.CSS_SELECTOR,
                                        f"#{abweichungen.IDs.KENNZAHLEN} a[href*='abweichungsbegruendung']")
    ziel = link.get_attribute("href")
    code = ziel.split("/kommentar/kennzahl/")[1].split("?")[0]
    link.click()
    dash_duo.wait_for_contains_text("h1", f"Kommentar zu Kennzahl {code}", timeout=20)

    # 3. Explanation saved: shown at once; a second click stores nothing new.
    dash_duo.find_element(f"#{kommentar.IDs.TEXT}").send_keys(BEGRUENDUNG)
    _klicken(dash_duo, f"#{kommentar.IDs.SPEICHERN}")
    dash_duo.wait_for_contains_text(f"#{kommentar.IDs.MELDUNG}", "gespeichert am", timeout=20)
    dash_duo.wait_for_contains_text(f"#{kommentar.IDs.LISTE}", BEGRUENDUNG, timeout=20)

    # 4. A measure with owner and deadline.
    Select(dash_duo.find_element(f"#{kommentar.IDs.ART}")).select_by_value("massnahme")
    dash_duo.find_element(f"#{kommentar.IDs.TEXT}").send_keys(MASSNAHME)
    dash_duo.find_element(f"#{kommentar.IDs.VERANTWORTLICH}").send_keys("Jugendamt, Abt. 51.2")
    _setzen(dash_duo.driver, dash_duo.find_element(f"#{kommentar.IDs.FRIST}"), "2026-11-30")
    _klicken(dash_duo, f"#{kommentar.IDs.SPEICHERN}")
    dash_duo.wait_for_contains_text(f"#{kommentar.IDs.LISTE}", MASSNAHME, timeout=20)
    _klicken(dash_duo, f"#{kommentar.IDs.SPEICHERN}")  # the text field is empty again: refused
    dash_duo.wait_for_contains_text(f"#{kommentar.IDs.MELDUNG}", "Feld „Text“", timeout=20)
    with fabrik() as s:
        gespeichert = s.execute(select(Kommentar.id, Kommentar.art).where(
            Kommentar.text.in_([BEGRUENDUNG, MASSNAHME]))).all()
    assert sorted(a for _, a in gespeichert) == ["abweichungsbegruendung", "massnahme"]
    massnahme_id = next(i for i, a in gespeichert if a == "massnahme")

    # 5. Next quarter: the measure promised in Q3 is up for follow-up; its status changes with history.
    basis = dash_duo.server.url.rstrip("/")
    dash_duo.driver.get(f"{basis}/massnahmen?jahr=2026&quartal=4&massnahme={massnahme_id}")
    dash_duo.wait_for_contains_text(f"#{massnahmen.IDs.NACHVERFOLGUNG}", MASSNAHME[:40], timeout=30)
    Select(dash_duo.find_element(f"#{massnahmen.IDs.NEUER_STATUS}")).select_by_value("in_umsetzung")
    dash_duo.find_element(f"#{massnahmen.IDs.BEMERKUNG}").send_keys("Erste Fallkonferenzen im November.")
    _klicken(dash_duo, f"#{massnahmen.IDs.SPEICHERN}")
    dash_duo.wait_for_contains_text(f"#{massnahmen.IDs.VERLAUF}", "in Umsetzung", timeout=20)
    _axe_sauber(dash_duo)
    with fabrik() as s:
        verlauf = s.execute(select(Massnahmenverlauf.alter_status, Massnahmenverlauf.neuer_status,
                                   Massnahmenverlauf.geaendert_von)
                            .where(Massnahmenverlauf.kommentar_id == massnahme_id)
                            .order_by(Massnahmenverlauf.id)).all()
    assert [tuple(v)[:2] for v in verlauf] == [(None, "offen"), ("offen", "in_umsetzung")]
    assert dash_duo.get_logs() == []

    # 6. Controlling freezes Q3 2026.
    _anmelden(dash_duo, "controlling", "/verwaltung/perioden")
    dash_duo.wait_for_element(f"#{perioden.IDs.PERIODE}", timeout=30)
    Select(dash_duo.find_element(f"#{perioden.IDs.PERIODE}")).select_by_value("2026-quartal-3")
    _klicken(dash_duo, f"#{perioden.IDs.ABSCHLIESSEN}")
    dash_duo.wait_for_contains_text(f"#{perioden.IDs.MELDUNG}", "abgeschlossen", timeout=30)
    berichtet = berichtsstand.berichtsstand(fabrik, Q3)
    k101 = berichtet[(berichtet["objektart"] == "kennzahl") & (berichtet["code"] == "K101")
                     & (berichtet["groesse"] == "ist")]["wert"].iloc[0]

    # 7. A late delivery for Q3, imported by Controlling with the explicit option, changes the current value only.
    nachlieferung = b"Kennzahl;Jahr;Periodenart;Periode;Wertart;Wert\nK101;2026;quartal;3;ist;13,1\n"
    importieren(fabrik, "nachlieferung.csv", nachlieferung, "controlling",
                optionen={"abgeschlossene_perioden_aendern": True})
    danach = berichtsstand.berichtsstand(fabrik, Q3)
    assert danach[(danach["code"] == "K101") & (danach["groesse"] == "ist")]["wert"].iloc[0] == k101
    assert BEGRUENDUNG in set(danach["text"].dropna())
    dash_duo.driver.get(f"{basis}/bericht/berichtsstand?jahr=2026&quartal=3")
    dash_duo.wait_for_contains_text("#seite", "K101", timeout=30)
    seite = dash_duo.find_element("#seite").text
    assert "13,1" in seite and "12,5" in seite
    assert dash_duo.get_logs() == []
