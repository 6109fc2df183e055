"""Login, a scoped write and logout in headless Chromium (CSP active, console clean)."""

from pathlib import Path

import pytest

from dashboard import create_app
from kennzahlen import zugang

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def app(anmelde_einstellungen):
    """The demo app with login and demo accounts."""
    return create_app(anmelde_einstellungen)


def _starten(dash_duo, app) -> str:
    """Start the server without waiting for Dash (the first page is the plain login form)."""
    dash_duo.server(app)
    return dash_duo.server.url.rstrip("/")


def _anmelden(dash_duo, basis: str, login: str, weiter: str = "/"):
    dash_duo.driver.get(f"{basis}/login?weiter={weiter}")
    dash_duo.find_element("#login").send_keys(login)
    dash_duo.find_element("#passwort").send_keys(zugang.DEMO_PASSWORT)
    dash_duo.find_element("button[type=submit]").click()


def test_an001_anmelden_kommentieren_abmelden(dash_duo, app):
    """Jugendamt logs in, writes an Abweichungsbegründung on its own Kennzahl, and logs out."""
    basis = _starten(dash_duo, app)
    dash_duo.driver.get(basis + "/")
    dash_duo.wait_for_contains_text("h1", "Wirkungscockpit", timeout=20)  # redirected to the login page
    assert "/login" in dash_duo.driver.current_url
    _anmelden(dash_duo, basis, "jugendamt", "/kommentar/kennzahl/K501%3Fjahr%3D2026%26quartal%3D3")
    dash_duo.wait_for_contains_text("#benutzer-name", "Jana Jugend", timeout=20)
    dash_duo.wait_for_element("#kommentar-text", timeout=20).send_keys("Mehr Inobhutnahmen nach Zuzug.")
    dash_duo.find_element("#kommentar-speichern").click()
    dash_duo.wait_for_contains_text("#kommentar-meldung", "gespeichert am", timeout=20)
    dash_duo.find_element("#benutzer-name + form button").click()
    dash_duo.wait_for_contains_text(".alert-info", "abgemeldet", timeout=20)
    assert dash_duo.get_logs() == []


def test_an002_fremdes_handlungsfeld_abgelehnt(dash_duo, app):
    """A Fachbereich saving on another field's Kennzahl is told before typing and, on saving, why the server
    refused; nothing is stored (the server checks, whatever the page shows)."""
    basis = _starten(dash_duo, app)
    _anmelden(dash_duo, basis, "jugendamt", "/kommentar/kennzahl/K101")
    dash_duo.wait_for_contains_text("#seite", "Keine Berechtigung: Kennzahl K101", timeout=20)
    dash_duo.wait_for_element("#kommentar-text", timeout=20).send_keys("Versuch")
    dash_duo.find_element("#kommentar-speichern").click()
    dash_duo.wait_for_contains_text("#kommentar-meldung", "Es wurde nichts gespeichert", timeout=20)
    assert "gespeichert am" not in dash_duo.find_element("#kommentar-meldung").text
    assert "Versuch" not in dash_duo.find_element("#kommentar-liste").text
    assert dash_duo.get_logs() == []
