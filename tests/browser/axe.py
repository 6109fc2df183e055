"""axe-core in the browser tests: run the WCAG 2.1 A/AA rules on the open page and move between pages of the
single-page app without reloading it. Accepted exceptions live in one place, with reason and workaround:
dashboard/seiten/barrierefreiheit.AUSNAHMEN (the Erklärung zur Barrierefreiheit shows the same list).

axe-core comes from ``node_modules/axe-core`` (``make system-test-deps``), never from a CDN.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from dashboard.seiten.barrierefreiheit import AUSNAHMEN

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
ERNST = ("serious", "critical")
LADEN = "Wird aktualisiert …"


def axe_laden(driver) -> None:
    """Load axe-core into the open page (once per page load; a second call is a no-op)."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(90)


def verstoesse(driver, bereich: str | None = None, alle: bool = False) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the open page (or inside ``bereich``): id, impact, nodes.

    Without ``alle`` only serious and critical ones count; elements of the known barriers
    (dashboard/seiten/barrierefreiheit.AUSNAHMEN, the one list with reason and workaround) are left out.
    """
    axe_laden(driver)
    ausschluss = [[a.selektor] for a in AUSNAHMEN if a.selektor]
    ergebnis = driver.execute_async_script(
        """const [bereich, ausschluss, tags] = arguments; const done = arguments[arguments.length - 1];
        const kontext = {include: bereich ? [[bereich]] : [['html']], exclude: ausschluss};
        axe.run(kontext, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, hilfe: v.help,
                                                    nodes: v.nodes.map(n => n.target)}))))
           .catch(e => done([{id: 'axe-fehler', impact: 'critical', hilfe: String(e), nodes: []}]));""",
        bereich, ausschluss, list(WCAG),
    )
    return ergebnis if alle else [v for v in ergebnis if v["impact"] in ERNST]


def bericht(funde: dict[str, list[dict]]) -> str:
    """Violations per page as short readable JSON for an assertion message."""
    return json.dumps({k: v for k, v in funde.items() if v}, ensure_ascii=False, indent=1)[:6000]


def warten_bis_fertig(driver, zeitlimit: float = 30.0) -> None:
    """Wait until Dash has no pending update and every chart on the page is drawn."""
    ende = time.monotonic() + zeitlimit
    ruhig = 0
    while time.monotonic() < ende:
        fertig = driver.execute_script(
            """if (document.title === arguments[0]) return false;
            if (document.querySelector('[data-dash-is-loading="true"]')) return false;
            if (!document.querySelector('#seite > *')) return false;
            return [...document.querySelectorAll('#seite .dash-graph')].every(g => g.querySelector('.main-svg'));""",
            LADEN,
        )
        ruhig = ruhig + 1 if fertig else 0
        if ruhig >= 2:
            return
        time.sleep(0.15)
    raise TimeoutError(f"Seite {driver.current_url} wurde nicht fertig")


def aufrufen(driver, adresse: str, zeitlimit: float = 30.0) -> None:
    """Open ``adresse`` (path and query) inside the running app, as a dcc.Link does (no reload)."""
    ende = time.monotonic() + zeitlimit
    while not driver.execute_script("return !!document.getElementById('seite')"):
        if time.monotonic() > ende:
            raise TimeoutError("Die App wurde nicht geladen")
        time.sleep(0.1)
    if driver.execute_script("return location.pathname + location.search") == adresse:
        warten_bis_fertig(driver, zeitlimit)
        return
    driver.execute_script(
        """const seite = document.getElementById('seite');
        window.wkNeu = false;
        if (!window.wkBeobachter) {
            window.wkBeobachter = new MutationObserver(() => { window.wkNeu = true; });
            window.wkBeobachter.observe(seite, {childList: true, subtree: true});
        }
        window.scrollTo(0, 0);
        window.history.pushState({}, '', arguments[0]);
        window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));""",
        adresse,
    )
    ende = time.monotonic() + zeitlimit
    while not driver.execute_script("return window.wkNeu"):
        if time.monotonic() > ende:
            raise TimeoutError(f"{adresse} wurde nicht gezeigt")
        time.sleep(0.1)
    warten_bis_fertig(driver, max(1.0, ende - time.monotonic()))


def anmelden(driver, basis: str, login: str, passwort: str, weiter: str = "/") -> None:
    """Log in through the login form and wait for the first page."""
    driver.get(f"{basis}/login?weiter={weiter}")
    driver.find_element("css selector", "#login").send_keys(login)
    driver.find_element("css selector", "#passwort").send_keys(passwort)
    driver.find_element("css selector", "button[type=submit]").click()
    ende = time.monotonic() + 30
    while not driver.execute_script("return !!document.querySelector('#seite > *')"):
        if time.monotonic() > ende:
            raise TimeoutError("Nach der Anmeldung erschien keine Seite")
        time.sleep(0.1)
    warten_bis_fertig(driver)
