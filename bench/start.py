"""Cold start: importing the app and ``create_app`` on an existing database, each in a fresh process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from bench.server import WURZEL

SKRIPT = """
import json, time
t0 = time.perf_counter()
from dashboard import create_app
from kennzahlen.settings import Einstellungen
t1 = time.perf_counter()
app = create_app(Einstellungen(database_url={url!r}, redis_url={redis!r}, anmeldung="aus", loglevel="WARNING"))
t2 = time.perf_counter()
antwort = app.server.test_client().get("/health")
t3 = time.perf_counter()
print("BENCH" + json.dumps({{"import_s": t1 - t0, "create_app_s": t2 - t1, "health_s": t3 - t2,
                            "status": antwort.status_code}}))
"""


def create_app_zeit(url: str, redis_url: str | None, wiederholungen: int) -> dict:
    """Median over ``wiederholungen`` fresh interpreters: import time, create_app time, first /health."""
    laeufe = []
    for _ in range(wiederholungen):
        ausgabe = subprocess.run(
            [sys.executable, "-c", SKRIPT.format(url=url, redis=redis_url or "")], cwd=WURZEL, capture_output=True,
            text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(WURZEL)})
        zeile = next((z for z in ausgabe.stdout.splitlines() if z.startswith("BENCH")), None)
        if zeile is None:
            return {"fehler": ausgabe.stderr[-1000:]}
        laeufe.append(json.loads(zeile[5:]))
    return {
        "n": len(laeufe),
        "import_ms": round(statistics.median(lauf["import_s"] for lauf in laeufe) * 1000, 1),
        "create_app_ms": round(statistics.median(lauf["create_app_s"] for lauf in laeufe) * 1000, 1),
        "erster_health_ms": round(statistics.median(lauf["health_s"] for lauf in laeufe) * 1000, 1),
    }
