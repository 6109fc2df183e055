"""Time until a page is fully drawn in headless Chromium (selenium, /usr/bin/chromium).

Measured in the page itself: ``performance.now()`` (milliseconds since the navigation started) at the
first moment when the page content is there, every graph of the page (ids known from the callback
answer) has its ``.main-svg``, no graph is still plotting (``dash-graph--pending``), no component is
loading (``data-dash-is-loading``) and Dash's update title is gone. Every URL is opened once to warm the
browser's cache of the JavaScript bundles, then ``wiederholungen`` times.
"""

from __future__ import annotations

import logging
import statistics

from bench.messung import Frist

log = logging.getLogger(__name__)

GEZEICHNET = """
function gezeichnet(ids, titel) {
  if (document.title === titel) return false;
  if (document.querySelector('[data-dash-is-loading="true"], .dash-graph--pending')) return false;
  for (const id of ids) {
    const g = document.getElementById(id);
    if (!g || !g.querySelector('.main-svg')) return false;
  }
  return true;
}
"""
"""Dash's update title gone, nothing loading or plotting, every graph of ``ids`` with its SVG."""

WARTEN = GEZEICHNET + """
const [wurzel, ids, titel, grenze] = Array.prototype.slice.call(arguments, 0, 4);
const done = arguments[arguments.length - 1];
function fertig() {
  const w = document.querySelector(wurzel);
  if (!w || w.children.length === 0) return false;
  return gezeichnet(ids, titel);
}
function bericht(zeit) {
  const cb = performance.getEntriesByType('resource').filter(r => r.name.includes('/_dash-update-component'));
  const router = cb.length ? cb[0] : null;
  return {fertig: zeit, callbacks: cb.length,
          router_antwort: router ? router.responseEnd : null,
          router_server: router ? router.responseStart - router.requestStart : null,
          kb: cb.reduce((s, r) => s + (r.encodedBodySize || 0), 0) / 1024,
          dom: document.getElementsByTagName('*').length};
}
function fehlgeschlagen() {
  return performance.getEntriesByType('resource').some(
    r => r.name.includes('/_dash-') && r.responseStatus >= 400);
}
(function pruefen() {
  if (fertig()) return done(bericht(performance.now()));
  if (fehlgeschlagen()) return done({...bericht(-1), fehler: true});
  if (performance.now() > grenze) return done(bericht(-1));
  setTimeout(pruefen, 5);
})();
"""
ARGUMENTE = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
             "--window-size=1400,1100", "--lang=de-DE")


def treiber():
    """A headless Chromium driven by selenium (chromedriver from PATH)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options

    optionen = Options()
    optionen.binary_location = "/usr/bin/chromium"
    for argument in ARGUMENTE:
        optionen.add_argument(argument)
    driver = webdriver.Chrome(options=optionen)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(150)
    return driver


def renderzeit(driver, url: str, wurzel: str, graph_ids: list[str], titel: str = "Wird aktualisiert …",
               grenze_ms: float = 90_000) -> dict:
    """Milliseconds from navigation start until the page is drawn ("fertig", None when it never got there),
    until the router callback's answer arrived, the server part of that, callbacks and DOM elements."""
    from selenium.common.exceptions import TimeoutException

    driver.get("about:blank")
    driver.get(url)
    try:
        wert = driver.execute_async_script(WARTEN, wurzel, graph_ids, titel, grenze_ms)
    except TimeoutException:
        return {"fertig": None, "callbacks": None, "router_antwort": None, "router_server": None, "kb": 0, "dom": None}
    if wert["fertig"] is not None and wert["fertig"] < 0:
        wert["fertig"] = None
    if wert.pop("fehler", False):
        log.warning("Ein Callback von %s antwortete mit einem Fehler (siehe gunicorn-Protokoll)", url)
        wert["callback_fehler"] = True
    return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in wert.items()}


WECHSELN = GEZEICHNET + """
const [ziel, ids, titel, grenze] = Array.prototype.slice.call(arguments, 0, 4);
const done = arguments[arguments.length - 1];
const alt = document.querySelector('#seite') && document.querySelector('#seite').firstElementChild;
const t0 = performance.now();
window.history.pushState({}, '', ziel);
window.dispatchEvent(new PopStateEvent('popstate', {state: {}}));
function fertig() {
  const w = document.querySelector('#seite');
  if (!w || !w.firstElementChild || w.firstElementChild === alt) return false;
  return gezeichnet(ids, titel);
}
let ruhig = 0;
(function warten() {
  if (performance.now() - t0 > grenze) { done(null); return; }
  if (fertig()) { if (++ruhig >= 2) { done(performance.now() - t0); return; } } else { ruhig = 0; }
  requestAnimationFrame(warten);
})();
"""


def seitenwechsel(driver, basis: str, start: str, ziel: str, ids: list[str], titel: str = "Wird aktualisiert …",
                  grenze_ms: float = 60_000) -> float | None:
    """Milliseconds of a page change inside the running app, as a click on a link does it (``dcc.Location``
    follows the address; Dash's scripts, Plotly and ag-grid are already loaded): ``start`` is drawn in full,
    then the address changes to ``ziel`` until its graphs ``ids`` are drawn (None: not within the limit)."""
    renderzeit(driver, basis + start, "#seite", [])
    return driver.execute_async_script(WECHSELN, ziel, ids, titel, grenze_ms)


def _median(werte: list) -> float | None:
    gueltig = [w for w in werte if w is not None]
    return round(statistics.median(gueltig), 1) if gueltig else None


def messen(driver, basis: str, seiten: dict[str, tuple[str, list[str]]], wiederholungen: int, budget_s: float,
           wurzel: str = "#seite", wechsel_von: dict[str, str] | None = None) -> dict[str, dict]:
    """Per page (address, graph ids): the first visit (server cache cold), then up to ``wiederholungen``
    more while the page's share of ``budget_s`` lasts; medians of the repeats (of the first without any).
    ``wechsel_von`` (page → start address): also the page change from there inside the app (``seitenwechsel``),
    as often as the full visits."""
    ergebnis = {}
    gesamt = Frist(budget_s)
    for i, (seite, (adresse, ids)) in enumerate(seiten.items()):
        frist = Frist(gesamt.rest / (len(seiten) - i))
        erste = renderzeit(driver, basis + adresse, wurzel, ids)
        laeufe = []
        while len(laeufe) < wiederholungen and not frist.abgelaufen:
            laeufe.append(renderzeit(driver, basis + adresse, wurzel, ids))
        basis_laeufe = laeufe or [erste]
        wechsel = [seitenwechsel(driver, basis, wechsel_von[seite], adresse, ids)
                   for _ in range(max(len(basis_laeufe), 2))] if wechsel_von and seite in wechsel_von else []
        ergebnis[seite] = {
            "adresse": adresse,
            "graphen": len(ids),
            "erster_ms": erste["fertig"],
            "median_ms": _median([r["fertig"] for r in basis_laeufe]),
            "router_antwort_ms": _median([r["router_antwort"] for r in basis_laeufe]),
            "router_server_ms": _median([r["router_server"] for r in basis_laeufe]),
            "callbacks": basis_laeufe[0]["callbacks"],
            "callback_kb": round(basis_laeufe[0]["kb"], 1),
            "dom_elemente": basis_laeufe[0]["dom"],
            "werte_ms": [r["fertig"] for r in laeufe],
            "wechsel_ms": _median(wechsel), "wechsel_werte_ms": wechsel,
            "callback_fehler": any(r.get("callback_fehler") for r in [erste, *laeufe]),
        }
    return ergebnis
