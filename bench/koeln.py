"""The real Köln budget beside the demo city: its cockpit and a Produktbereich page, drawn in the browser.

The peer a city's IT would install instead (Apache Superset) draws a four-chart dashboard of this budget
in about 1,5 s on this kind of machine; our target is under 0,7 s per page. The four Köln files of
``../shared/realdata/koeln`` are imported into a fresh SQLite file through the product's own import, then
served by gunicorn (2 workers) like every other page of the benchmark.
"""

from __future__ import annotations

import logging
import statistics
import time
from pathlib import Path

from bench import browser, server

log = logging.getLogger("bench")
KOELN = Path(__file__).resolve().parents[1] / ".." / "shared" / "realdata" / "koeln"
DATEIEN = ("geo/stadtbezirke.geojson", "geo/stadtteile.geojson", "statistik/bevoelkerung_2005-2012.csv",
           "haushalt/teilergebnisplan_produktgruppen_2010-2015_original.csv")
SEITEN = {"Köln Cockpit": ("/?jahr=2015&quartal=4", []),
          "Köln Produktbereich 05": ("/produkt/05?jahr=2015&quartal=4", [])}
ZIEL_MS = 700


def bereitstellen(ordner: Path) -> tuple[str, float, int]:
    """Import the Köln files into a new SQLite database; (url, seconds, amounts stored)."""
    from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
    from kennzahlen.importe import importieren

    url = f"sqlite:///{ordner / 'koeln.sqlite'}"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    start = time.perf_counter()
    neu = 0
    for name in DATEIEN:
        bericht = importieren(fabrik, Path(name).name, (KOELN / name).read_bytes(), "benchmark")
        neu += bericht.neu
    dauer = time.perf_counter() - start
    engine.dispose()
    return url, dauer, neu


def _graphen(treiber, url: str) -> list[str]:
    """The ids of the graphs a page draws (read once from the DOM)."""
    browser.renderzeit(treiber, url, "#seite", [])
    return treiber.execute_script(
        "return Array.from(document.querySelectorAll('#seite .dash-graph')).map(e => e.id).filter(Boolean);")


def messen(treiber, ordner: Path, logordner: Path, wiederholungen: int = 5) -> dict:
    """Köln's cockpit and Produktbereich 05: import time, then browser medians of warm pages (gunicorn, 2 workers)."""
    if not KOELN.is_dir():
        return {"status": f"nicht gemessen: {KOELN} fehlt"}
    url, import_s, neu = bereitstellen(ordner)
    gunicorn = server.starten("app:server", server.app_umgebung(url, None), 2, logordner)
    try:
        seiten = {name: (adresse, _graphen(treiber, gunicorn.url + adresse)) for name, (adresse, _) in SEITEN.items()}
        for adresse, ids in seiten.values():  # both workers warm (their page caches too)
            for _ in range(4):
                browser.renderzeit(treiber, gunicorn.url + adresse, "#seite", ids)
        gemessen = browser.messen(treiber, gunicorn.url, seiten, wiederholungen, 60)
    finally:
        gunicorn.stoppen()
    for wert in gemessen.values():
        gueltig = [w for w in wert["werte_ms"] if w is not None]
        wert["median_ms"] = round(statistics.median(gueltig), 1) if gueltig else wert["median_ms"]
        wert["ziel_erfuellt"] = wert["median_ms"] is not None and wert["median_ms"] < ZIEL_MS
    return {"import_s": round(import_s, 1), "betraege_neu": neu, "seiten": gemessen, "ziel_ms": ZIEL_MS}
