"""A walk as a department head would take it: Cockpit → Handlungsfeld → Ziel → Kennzahl → Produkt and back,
numbers checked against the database, a deep link reloaded, the console free of errors."""

import pytest
from sqlalchemy import create_engine, text

from dashboard import create_app
from kennzahlen import formate as fmt

pytestmark = pytest.mark.browser


def _klicken(dash_duo, href_beginn: str) -> None:
    """Follow the first link whose address starts with ``href_beginn`` (as a person would click it)."""
    auswahl = f"#seite a[href^='{href_beginn}']"
    dash_duo.wait_for_element(auswahl, timeout=20)
    link = next(e for e in dash_duo.find_elements(auswahl) if e.is_displayed())
    # A real click event on the link (scrolled into view first); Plotly's overlays can catch WebDriver's pointer.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", link)


def _ansatz_aus_datenbank(url: str, produkt: str) -> float:
    engine = create_engine(url)
    with engine.connect() as conn:
        wert = conn.execute(text(
            "SELECT -SUM(h.betrag) FROM haushaltsbetrag h JOIN produkt p ON p.id = h.produkt_id "
            "WHERE p.code = :code AND h.jahr = 2026 AND h.betragsart = 'ansatz' AND h.version = 'beschluss' "
            "AND h.periodenart = 'jahr'"), {"code": produkt}).scalar()
    engine.dispose()
    return float(wert)


def test_rg001_rundgang(dash_duo, demo_einstellungen):
    """Cockpit → HF5 → Z5.1 → K506 → Produkt 060503 → back; numbers match the DB; deep link reloads."""
    dash_duo.start_server(create_app(demo_einstellungen))
    dash_duo.wait_for_contains_text("#cockpit-stand", "3. Quartal 2026", timeout=20)

    _klicken(dash_duo, "/handlungsfeld/HF5")
    dash_duo.wait_for_contains_text("#seite h1", "Jugend und Familie", timeout=20)
    assert "/handlungsfeld/HF5" in dash_duo.driver.current_url and "quartal=3" in dash_duo.driver.current_url

    _klicken(dash_duo, "/ziel/Z5.2")
    dash_duo.wait_for_contains_text("#seite h1", "Z5.2", timeout=20)

    _klicken(dash_duo, "/kennzahl/K506")
    dash_duo.wait_for_contains_text("#seite h1", "K506", timeout=20)

    _klicken(dash_duo, "/produkt/060503")
    dash_duo.wait_for_contains_text("#seite h1", "060503", timeout=20)
    erwartet = fmt.euro_kompakt(_ansatz_aus_datenbank(demo_einstellungen.datenbank_url, "060503"))
    dash_duo.wait_for_contains_text("#produkt-ansatz", erwartet.replace("\u00a0", " "), timeout=20)

    deeplink = dash_duo.driver.current_url
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#seite h1", "060503", timeout=20)
    assert dash_duo.driver.current_url == deeplink

    for erwartet_titel in ("K506", "Z5.2", "Jugend und Familie"):
        dash_duo.driver.back()
        dash_duo.wait_for_contains_text("#seite h1", erwartet_titel, timeout=20)
    _klicken(dash_duo, "/?")
    dash_duo.wait_for_contains_text("#cockpit-stand", "3. Quartal 2026", timeout=20)
    assert dash_duo.get_logs() == []
