"""BITV 2.0 / WCAG 2.1 AA in headless Chromium: axe-core on every page reachable from the navigation and on
the detail pages, for every role, in the default state and after what a person does (a menu opened, the table
views shown, an upload error, a refused form); no serious or critical violation outside the one list of known
barriers (dashboard/seiten/barrierefreiheit.AUSNAHMEN). Every chart has a name, a German short text and at
most two tab stops.

One browser session per role: it logs in once and moves from page to page inside the app (as a link does).
"""

from __future__ import annotations

import re

import pytest

from dashboard import NAVIGATION, create_app
from dashboard.seiten.benutzer import IDs as BENUTZER
from dashboard.seiten.importieren import IDs as IMPORT
from dashboard.seiten.kommentar import IDs as KOMMENTAR
from kennzahlen import zugang
from tests.browser import axe

pytestmark = pytest.mark.browser

ROLLEN = {"leitung": "leitung", "fachbereich": "jugendamt", "controlling": "controlling",
          "administration": "admin"}
"""Role → demo account (kennzahlen/zugang.py DEMO_BENUTZER); jugendamt works in HF5."""

DETAILSEITEN = (
    ("/handlungsfeld/HF5?jahr=2026&quartal=3", "lesen"),
    ("/ziel/Z5.1?jahr=2026&quartal=3", "lesen"),
    ("/kennzahl/K511?jahr=2026&quartal=3&sozialraum=103", "lesen"),
    ("/produkt/060503?jahr=2026&quartal=3", "lesen"),
    ("/sozialraum/103?jahr=2026&quartal=3", "lesen"),
    ("/kommentar/kennzahl/K501?jahr=2026&quartal=3", "kommentieren"),
    ("/suche?q=Kita", "lesen"),
    ("/barrierefreiheit", "lesen"),
)
"""Pages reached from links inside pages (not from the menu), with the right they need."""

MODEBAR_TEXTE = {"Graphen als PNG herunterladen", "Achsen zurücksetzen", "Ansicht zurücksetzen", "Zurücksetzen"}
"""The only chart tool buttons (German through assets/plotly-locale-de.js)."""

GRAFIKEN_PRUEFEN = """
const funde = [];
document.querySelectorAll('#seite [role=figure]').forEach(f => {
  const name = f.getAttribute('aria-label') || (f.getAttribute('aria-labelledby') || '').split(' ')
      .map(i => (document.getElementById(i) || {}).textContent || '').join(' ').trim();
  const beschr = (f.getAttribute('aria-describedby') || '').split(' ')
      .map(i => (document.getElementById(i) || {}).textContent || '').join(' ').trim();
  const knoepfe = [...f.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('aria-label'));
  if (!name) funde.push('ohne Namen: ' + f.outerHTML.slice(0, 80));
  if (!beschr) funde.push('ohne Kurztext: ' + name);
  if (/(^|[^\\w.])\\d+\\.0\\b|\\bnan\\b|\\bundefined\\b/.test(beschr)) {
    funde.push('Zahl nicht deutsch: ' + beschr.slice(0, 120));
  }
  if (knoepfe.length > 2 || knoepfe.some(k => !arguments[0].includes(k))) funde.push(name + ': ' + knoepfe.join(', '));
});
return funde;"""


def navigationsseiten(rolle: str) -> list[str]:
    """Paths of the menu entries (dashboard.NAVIGATION) a role's rights open."""
    rechte = zugang.ROLLENRECHTE[rolle]
    pfade = []
    for _, ziel, recht in NAVIGATION:
        eintraege = [(ziel, recht)] if isinstance(ziel, str) else [(z, r) for _, z, r in ziel]
        pfade += [z for z, r in eintraege if r in rechte]
    return pfade


def seiten_der_rolle(rolle: str) -> list[str]:
    """Menu pages and the detail pages the role may open."""
    rechte = zugang.ROLLENRECHTE[rolle]
    return navigationsseiten(rolle) + [p for p, r in DETAILSEITEN if r in rechte]


def _klicken(treiber, element) -> None:
    treiber.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'}); "
                           "arguments[0].click();", element)


def _tabellen_zeigen(treiber) -> int:
    """Open every folded table view of the page as a person would (a click builds it); how many."""
    zusammen = treiber.find_elements("css selector", "#seite details:not([open]) > summary")
    for s in zusammen:
        _klicken(treiber, s)
    if zusammen:
        axe.warten_bis_fertig(treiber)
    return len(zusammen)


def _menues_pruefen(treiber, funde: dict) -> None:
    """Open each menu of the header (Quartal, Haushalt) and check the header with the menu open."""
    for knopf in treiber.find_elements("css selector", "header .dropdown-toggle"):
        _klicken(treiber, knopf)
        treiber.find_element("css selector", "header .dropdown-menu.show a")
        funde[f"Menü {knopf.text} offen"] = axe.verstoesse(treiber, "header")
        _klicken(treiber, knopf)


def _warten_auf_text(treiber, auswahl: str, zeitlimit: float = 30) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(treiber, zeitlimit).until(
        lambda t: (t.find_element("css selector", auswahl).text.strip() or False))


def _rollenaktionen(treiber, rolle: str, funde: dict, tmp_path) -> None:
    """What only this role can do and get wrong: a refused form, an upload error."""
    if rolle in ("fachbereich", "controlling"):
        axe.aufrufen(treiber, "/kommentar/kennzahl/K501?jahr=2026&quartal=3")
        _klicken(treiber, treiber.find_element("css selector", f"#{KOMMENTAR.SPEICHERN}"))
        assert _warten_auf_text(treiber, f"#{KOMMENTAR.MELDUNG}")
        funde["Kommentar abgewiesen"] = axe.verstoesse(treiber)
    if rolle == "controlling":
        axe.aufrufen(treiber, "/import")
        datei = tmp_path / "kaputt.csv"
        datei.write_text("Kennzahl;Jahr;Wertart;Wert\nK999;zwanzig;ist;viel\n", encoding="utf-8")
        treiber.find_element("css selector", f"#{IMPORT.DATEI} input[type=file]").send_keys(str(datei))
        from selenium.webdriver.support.ui import WebDriverWait

        ergebnis = WebDriverWait(treiber, 90).until(lambda t: (
            (text := t.find_element("css selector", f"#{IMPORT.ERGEBNIS}").text) and "Hintergrund" not in text
            and text))
        assert "zwanzig" in ergebnis, ergebnis[:300]
        funde["Upload-Fehler"] = axe.verstoesse(treiber)
    if rolle == "administration":
        axe.aufrufen(treiber, "/verwaltung/benutzer")
        _klicken(treiber, treiber.find_element("css selector", f"#{BENUTZER.NEU_ANLEGEN}"))
        assert _warten_auf_text(treiber, f"#{BENUTZER.NEU_MELDUNG}")
        funde["Benutzer abgewiesen"] = axe.verstoesse(treiber)


@pytest.mark.parametrize("rolle", list(ROLLEN))
def test_bf001_jede_seite_jede_rolle(dash_duo, anmelde_einstellungen, rolle, tmp_path):
    """Every page of the role (for Leitung also with all table views opened), the header menus open, and the
    role's forms refused: no serious/critical axe finding; every chart named, described in German, ≤ 2 tools."""
    dash_duo.server(create_app(anmelde_einstellungen))
    treiber = dash_duo.driver
    axe.anmelden(treiber, dash_duo.server.url.rstrip("/"), ROLLEN[rolle], zugang.DEMO_PASSWORT)
    funde: dict[str, list] = {}
    _menues_pruefen(treiber, funde)
    for pfad in seiten_der_rolle(rolle):
        axe.aufrufen(treiber, pfad)
        funde[pfad] = axe.verstoesse(treiber)
        funde[f"{pfad} Grafiken"] = treiber.execute_script(GRAFIKEN_PRUEFEN, sorted(MODEBAR_TEXTE))
        # Table views show the same tables for every role: opened (and checked) in one session, to save time.
        if rolle == "leitung" and _tabellen_zeigen(treiber):
            funde[f"{pfad} Tabellen offen"] = axe.verstoesse(treiber, "#seite")
    _rollenaktionen(treiber, rolle, funde, tmp_path)
    assert not any(funde.values()), axe.bericht(funde)
    assert dash_duo.get_logs() == []


def test_bf002_ohne_anmeldung(dash_duo, anmelde_einstellungen):
    """The login page (also after a refused login) and the Erklärung zur Barrierefreiheit, without a session."""
    dash_duo.server(create_app(anmelde_einstellungen))
    basis = dash_duo.server.url.rstrip("/")
    treiber = dash_duo.driver
    funde = {}
    treiber.get(f"{basis}/barrierefreiheit")
    assert "Feedback und Kontaktangaben" in treiber.find_element("css selector", "main").text
    funde["Erklärung"] = axe.verstoesse(treiber)
    treiber.get(f"{basis}/login")
    funde["Anmeldung"] = axe.verstoesse(treiber)
    treiber.find_element("css selector", "#login").send_keys("leitung")
    treiber.find_element("css selector", "#passwort").send_keys("falsch")
    treiber.find_element("css selector", "button[type=submit]").click()
    assert treiber.find_element("css selector", "[role=alert]").text
    funde["Anmeldung abgewiesen"] = axe.verstoesse(treiber)
    treiber.find_element("link text", "Erklärung zur Barrierefreiheit").click()
    assert re.search(r"/barrierefreiheit$", treiber.current_url)
    assert not any(funde.values()), axe.bericht(funde)


def test_bf003_reflow_320_und_200_prozent(dash_duo, demo_einstellungen):
    """At 320 CSS pixels wide (400 % zoom) and at 200 % zoom of a 1280 px window the main pages never scroll
    sideways: document.documentElement.scrollWidth <= clientWidth."""
    dash_duo.start_server(create_app(demo_einstellungen))
    treiber = dash_duo.driver
    axe.warten_bis_fertig(treiber)
    breit = {}
    for breite, faktor in ((320, 1), (640, 2)):
        treiber.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": breite, "height": 900, "deviceScaleFactor": faktor, "mobile": False})
        for pfad in ("/?jahr=2026&quartal=3", "/handlungsfeld/HF5", "/ziel/Z5.1", "/kennzahl/K511?sozialraum=103",
                     "/produkt/060503", "/haushalt", "/abweichungen", "/sozialindex", "/barrierefreiheit"):
            axe.aufrufen(treiber, pfad)
            _tabellen_zeigen(treiber)
            weite = treiber.execute_script("const d = document.documentElement; return [d.scrollWidth, d.clientWidth]")
            if weite[0] > weite[1]:
                breit[f"{breite} px {pfad}"] = weite
    treiber.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert breit == {}, breit
