"""The political budget cycle in headless Chromium: Controlling follows the 2027 story of Musterstadt from the
Anmeldung to the Beschluss, enters a change of the Veränderungsliste and updates an HSK measure; a department
account sees the same versions but gets no form."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard import create_app
from dashboard.seiten import haushaltszyklus as seite
from dashboard.seiten.haushaltszyklus import IDs
from kennzahlen import formate as fmt
from kennzahlen import haushaltszyklus as hz
from kennzahlen.demo import zyklus as geschichte
from tests.browser.test_haushalt_browser import _axe_sauber, _zelle
from tests.browser.test_quartalszyklus_browser import _anmelden, _klicken

pytestmark = pytest.mark.browser
SUCHE = "?jahr=2027&code=06"
EURO = re.compile(r"^-?\d{1,3}(\.\d{3})* €$")
"""A whole-euro amount as the grids show it: 1.234.567 € (Selenium reads the non-breaking space as a space)."""


def _euro(wert) -> str:
    """``fmt.euro`` as Selenium reads it (non-breaking spaces become spaces)."""
    return fmt.euro(wert).replace("\u00a0", " ")


def _fabrik(einstellungen):
    from kennzahlen.db import engine_erstellen, sessionfabrik

    return sessionfabrik(engine_erstellen(einstellungen.datenbank_url))


def _text(dash_duo, selektor: str) -> str:
    return dash_duo.find_element(selektor).text


def _aufklappen(dash_duo, summary_text: str) -> None:
    """Open a <details> by the text of its summary (scrolled into the middle first)."""
    summary = dash_duo.driver.find_element(By.XPATH, f"//summary[normalize-space()='{summary_text}']")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", summary)
    summary.click()


def _eingeben(dash_duo, komponente: str, text: str) -> None:
    feld = dash_duo.find_element(f"#{komponente}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", feld)
    feld.clear()
    feld.send_keys(text)


def test_hzb001_geschichte_2027_mit_controlling(dash_duo, anmelde_einstellungen, tmp_path):
    """From the menu to the versions of Kinder-, Jugend- und Familienhilfe 2027 (Anmeldung, Eckwert, Entwurf,
    Veränderungsliste, Beschlussvorschlag, Beschluss side by side, sums as in the database and in German format);
    a new change gets the next number and shows up in the list; the committee's XLSX downloads; HSK-06-01 shows its
    targets against what it achieved, and its Umsetzungsgrad can be updated."""
    dash_duo.server(create_app(anmelde_einstellungen))
    dash_duo.driver.set_window_size(1400, 1000)
    _anmelden(dash_duo, "controlling", "/haushaltsberatung")
    dash_duo.wait_for_contains_text("h1", "Haushaltsberatung", timeout=30)
    dash_duo.driver.find_element(By.XPATH, "//a[contains(@class, 'dropdown-toggle') and text()='Haushalt']").click()
    dash_duo.driver.find_element(By.LINK_TEXT, "Versionen und Veränderungsliste").click()
    dash_duo.wait_for_contains_text("h1", "Haushaltsversionen 2027", timeout=30)
    Select(dash_duo.find_element(f"#{IDs.KNOTEN}")).select_by_value("06")
    dash_duo.wait_for_contains_text("h1", "Kinder-, Jugend- und Familienhilfe", timeout=30)
    assert "code=06" in dash_duo.driver.current_url

    ansicht = hz.versionsansicht(_fabrik(anmelde_einstellungen), "06", 2027, True)
    kopf = _text(dash_duo, f"#{IDs.VERSIONEN} .ag-header").replace("\n", " ")
    for stufe in ("Anmeldung 2027", "Eckwert 2027", "Entwurf 2027", "Veränderungsliste 2027", "Beschlussvorschlag",
                  "Beschluss 2027"):
        assert stufe in kopf, stufe
    summen = _text(dash_duo, f"#{IDs.VERSIONEN} .ag-floating-bottom")
    for stufe in ("anmeldung", "eckwert", "entwurf", "beschluss"):
        assert _euro(ansicht.summe[stufe]) in summen, stufe
    betrag = _zelle(dash_duo, IDs.VERSIONEN, 0, "Entwurf 2027")
    assert EURO.match(betrag), betrag
    assert ansicht.summe["anmeldung"] > ansicht.summe["entwurf"]  # the story: departments ask for more
    _axe_sauber(dash_duo)

    dash_duo.wait_for_contains_text(f"#{IDs.LISTE}", "Mehrbedarf Heimerziehung", timeout=30)
    xlsx = dash_duo.driver.find_element(By.CSS_SELECTOR, "a[href*='/download/tabelle/veraenderungsliste.xlsx']")
    status = dash_duo.driver.execute_async_script(
        "const fertig = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.blob().then(b => fertig([r.status, r.headers.get('content-type'), b.size])))",
        xlsx.get_attribute("href"))
    assert status[0] == 200 and "spreadsheet" in status[1] and status[2] > 1000, status

    naechste = hz.naechste_nummer([n.nummer for n in geschichte.VERAENDERUNGSLISTE])
    _aufklappen(dash_duo, "Veränderung erfassen (Controlling)")
    assert dash_duo.find_element(f"#{IDs.NUMMER}").get_attribute("value") == naechste
    _eingeben(dash_duo, IDs.BEZEICHNUNG, "Familienzentrum Nord")
    Select(dash_duo.find_element(f"#{IDs.PRODUKT}")).select_by_value("060403")
    _eingeben(dash_duo, IDs.ZEILE, "15")
    _eingeben(dash_duo, IDs.BETRAG, "-45.000")
    _eingeben(dash_duo, IDs.ANTRAGSTELLER, "Fraktion C")
    _klicken(dash_duo, f"#{IDs.SPEICHERN}")
    dash_duo.wait_for_contains_text(f"#{IDs.MELDUNG}", f"Nr. {naechste} gespeichert", timeout=30)
    _klicken(dash_duo, f"#{IDs.MELDUNG} a")
    dash_duo.wait_for_contains_text(f"#{IDs.LISTE}", "Familienzentrum Nord", timeout=30)
    zeile = next(r.text for r in dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{IDs.LISTE} .ag-row")
                 if "Familienzentrum Nord" in r.text)
    assert zeile.startswith(naechste) and "-45.000 €" in zeile and "○ vorgeschlagen" in zeile, zeile

    dash_duo.wait_for_contains_text(f"#{IDs.HSK}", "HSK-06-01", timeout=30)
    massnahme = next(m for m in geschichte.HSK if m.code == "HSK-06-01")
    ziel, erreicht = massnahme.ziele[2025]
    karte = dash_duo.driver.find_element(By.ID, f"{IDs.HSK_DIAGRAMM}-titel").find_element(
        By.XPATH, "./ancestor::div[contains(concat(' ', @class, ' '), ' card ')][1]")
    tabelle = karte.find_element(By.TAG_NAME, "details")  # built when opened
    summary = tabelle.find_element(By.TAG_NAME, "summary")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", summary)
    summary.click()
    WebDriverWait(dash_duo.driver, 20).until(lambda d: "HSK-06-01 2025" in tabelle.text)
    reihe = next(z for z in tabelle.text.split("\n") if z.startswith("HSK-06-01 2025"))
    assert _euro(ziel) in reihe and _euro(erreicht) in reihe and "◐ teilweise erreicht" in reihe, reihe
    assert "○ offen" in next(z for z in tabelle.text.split("\n") if z.startswith("HSK-06-01 2027"))

    _aufklappen(dash_duo, "Umsetzungsstand fortschreiben (Controlling)")
    Select(dash_duo.find_element(f"#{IDs.HSK_MASSNAHME}")).select_by_value("HSK-06-01")
    grad = str(round(float(massnahme.umsetzungsgrad) * 100))  # filled in from the stored measure (55)
    WebDriverWait(dash_duo.driver, 20).until(
        lambda d: d.find_element(By.ID, IDs.HSK_GRAD).get_attribute("value") == grad)
    Select(dash_duo.find_element(f"#{IDs.HSK_JAHR}")).select_by_value("2027")
    _eingeben(dash_duo, IDs.HSK_GRAD, "70")
    _eingeben(dash_duo, IDs.HSK_ERREICHT, "650.000")
    _klicken(dash_duo, f"#{IDs.HSK_SPEICHERN}")
    dash_duo.wait_for_contains_text(f"#{IDs.HSK_MELDUNG}", "HSK-06-01 gespeichert", timeout=30)
    _klicken(dash_duo, f"#{IDs.HSK_MELDUNG} a")
    dash_duo.wait_for_contains_text(f"#{IDs.HSK}", "70 %", timeout=30)
    dash_duo.driver.save_screenshot(str(Path(tmp_path) / "haushaltszyklus.png"))
    assert dash_duo.get_logs() == []


def test_hzb002_fachbereich_sieht_beschluss_ohne_formular(dash_duo, anmelde_einstellungen):
    """The Jugendamt (drafts restricted, as by default) reads the Beschluss and the HSK measures, is told why the
    draft stages are missing, and gets neither the list nor an entry form."""
    dash_duo.server(create_app(anmelde_einstellungen))
    _anmelden(dash_duo, "jugendamt", quote(seite.PFAD + SUCHE, safe="/"))
    dash_duo.wait_for_contains_text("h1", "Haushaltsversionen 2027", timeout=30)
    dash_duo.wait_for_contains_text(f"#{IDs.HSK}", "HSK-06-01", timeout=30)
    kopf = _text(dash_duo, f"#{IDs.VERSIONEN} .ag-header").replace("\n", " ")
    assert "Beschluss 2027" in kopf and "Anmeldung 2027" not in kopf and "Entwurf 2027" not in kopf
    assert "Ihre Rollen erlauben sie nicht zu lesen" in _text(dash_duo, "#haushaltszyklus-seite")
    for komponente in (IDs.LISTE, IDs.SPEICHERN, IDs.HSK_SPEICHERN, IDs.NUMMER):
        assert not dash_duo.driver.find_elements(By.ID, komponente), komponente
    assert dash_duo.get_logs() == []
