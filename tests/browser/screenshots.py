"""Screenshots of the main views for the README (``make screenshots``): starts the app on a fresh
demo database, opens each view in headless Chromium and saves PNGs into the given folder."""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

ANSICHTEN = [
    ("cockpit.png", "/?jahr=2026&quartal=3", "#cockpit-zuschuss-diagramm .main-svg"),
    ("handlungsfeld.png", "/handlungsfeld/HF5?jahr=2026&quartal=3", ".js-plotly-plot .main-svg"),
    ("ziel.png", "/ziel/Z5.1?jahr=2026&quartal=3", "#seite h1"),
    ("kennzahl.png", "/kennzahl/K511?jahr=2026&quartal=3&sozialraum=103", ".js-plotly-plot .main-svg"),
    ("produkt.png", "/produkt/060503?jahr=2026&quartal=3", ".js-plotly-plot .main-svg"),
    ("import.png", "/import", "#import-datei"),
    ("aufgaben.png", "/aufgaben?jahr=2026&quartal=3", "#aufgaben-karte"),
    ("abweichungen.png", "/abweichungen?jahr=2026&quartal=3&handlungsfeld=HF5", "#abweichungen-kennzahlen .ag-row"),
    ("massnahmen.png", "/massnahmen?jahr=2026&quartal=4", "#massnahmen-nachverfolgung"),
    ("prognosen.png", "/prognosen?jahr=2026&quartal=3", "#seite h1"),
    ("haushalt.png", "/haushalt?jahr=2026&quartal=3&knoten=06", "#haushalt-treemap .main-svg"),
    ("haushaltsberatung.png", "/haushaltsberatung?ebene=handlungsfeld&code=HF5&wenn=060503&um=-5&einheit=prozent",
     "#beratung-tabelle .ag-row"),
    ("haushaltsversionen.png", "/haushaltsberatung/versionen?jahr=2027&code=06", "#zyklus-versionen .ag-row"),
    ("effekte.png", "/haushalt/effekte?produkt=060503", "#effekte-wasserfall .main-svg"),
    ("portfolio.png", "/portfolio", "#portfolio-streuung .main-svg"),
    ("sozialraum.png", "/sozialraum/103?jahr=2026&quartal=3", ".js-plotly-plot .main-svg"),
    ("sozialindex.png", "/sozialindex", ".js-plotly-plot .main-svg"),
    ("koeln_bezirksgeld.png", "/sozialraum/geld?geld=2012-ansatz", "#raumgeld-karte .main-svg", "koeln"),
    ("flensburg_stadtteile.png", "/kennzahl/SA-FBC77FF7?jahr=2022", ".js-plotly-plot .main-svg", "flensburg"),
]
"""(file, path, element to wait for[, real city from ../shared/realdata instead of the demo city])."""
REALDATEN = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata"
STAEDTE = {
    "koeln": ("koeln/geo/stadtbezirke.geojson", "koeln/geo/stadtteile.geojson",
              "koeln/statistik/bevoelkerung_2005-2012.csv", "koeln/haushalt/bezirke_produktgruppen_2010-2015.csv"),
    "flensburg": ("flensburg/stadtteile.geojson", "flensburg/sozialatlas_stadtteile_long.csv"),
}
"""Files imported (through the product's own import) for the views of a real city."""


def _stadt(name: str, tmp: Path) -> str:
    """A database with the real data of city ``name`` imported; its URL."""
    from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
    from kennzahlen.importe import importieren

    url = f"sqlite:///{tmp / name}.sqlite"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    for datei in STAEDTE[name]:
        importieren(sessionfabrik(engine), Path(datei).name, (REALDATEN / datei).read_bytes(), "screenshots")
    engine.dispose()
    return url


ZOOMANSICHTEN = [("cockpit-200prozent.png", 640, 2), ("cockpit-320px.png", 320, 1)]
"""The cockpit as a 1280 px window at 200 % zoom (640 CSS px, drawn at scale 2) and 320 px wide (WCAG reflow)."""


def _zoomaufnahme(browser, adresse: str, datei: Path, breite: int, faktor: int, hoehe: int = 1400) -> Path:
    """The top of a page at ``breite`` CSS pixels and zoom ``faktor`` (Chrome's own emulation, as a user's zoom)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": breite, "height": hoehe, "deviceScaleFactor": faktor, "mobile": False})
    browser.get(adresse)
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#seite .main-svg")))
    time.sleep(2.0)
    browser.save_screenshot(str(datei))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return datei


def _browser(breite: int) -> webdriver.Chrome:
    optionen = Options()
    optionen.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-quic", "--no-first-run", f"--window-size={breite},1000", "--lang=de-DE"):
        optionen.add_argument(argument)
    return webdriver.Chrome(options=optionen)


def aufnehmen(ziel: Path, breite: int = 1400, nur: set[str] | None = None) -> list[Path]:
    """Render every view of ``ANSICHTEN`` (or only the files named in ``nur``) full-page into ``ziel``; returns the
    files written."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from dashboard import create_app
    from kennzahlen.settings import Einstellungen

    ziel.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        basen, server = {}, []
        ansichten = [a for a in ANSICHTEN if nur is None or a[0] in nur]
        for stadt in dict.fromkeys([*(a[3] if len(a) > 3 else None for a in ansichten), None]):
            url = {} if stadt is None else {"database_url": _stadt(stadt, Path(tmp))}
            app = create_app(Einstellungen(datenverzeichnis=Path(tmp), anmeldung="aus", **url))
            server.append(make_server("127.0.0.1", 0, app.server, threaded=True))
            threading.Thread(target=server[-1].serve_forever, daemon=True).start()
            basen[stadt] = f"http://127.0.0.1:{server[-1].server_port}"
        browser = _browser(breite)
        dateien = []
        try:
            for datei, pfad, warten_auf, *stadt in ansichten:
                browser.get(basen[stadt[0] if stadt else None] + pfad)
                WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, warten_auf)))
                time.sleep(2.0)  # let Plotly and the map finish drawing
                hoehe = browser.execute_script("return document.documentElement.scrollHeight")
                browser.set_window_size(breite, hoehe)
                time.sleep(0.5)
                browser.save_screenshot(str(ziel / datei))
                browser.set_window_size(breite, 1000)
                dateien.append(ziel / datei)
            for datei, zoombreite, faktor in (z for z in ZOOMANSICHTEN if nur is None or z[0] in nur):
                dateien.append(_zoomaufnahme(browser, basen[None] + "/?jahr=2026&quartal=3", ziel / datei, zoombreite,
                                             faktor))
        finally:
            browser.quit()
            for s in server:
                s.shutdown()
    return dateien


if __name__ == "__main__":
    for f in aufnehmen(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"), nur=set(sys.argv[2:]) or None):
        print(f)
