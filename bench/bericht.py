"""Benchmark of the report pack: time from "Bericht erstellen" to both files, and memory of the worker and of
the child process that builds the report, for Musterstadt and the Großstadt (``python -m bench.bericht``)."""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

from bench.daten import sqlite_bereitstellen
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)


def seiten(pdf: bytes) -> int | None:
    """Number of pages (pdfinfo from poppler-utils; None without it)."""
    import subprocess

    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    return next((int(z.split()[1]) for z in info.splitlines() if z.startswith("Pages:")), None)


def messen(url: str, ordner: Path, handlungsfeld: str | None = None) -> dict:
    """One report as the app builds it (child process, store on disk): seconds, pages, sizes, peak memory."""
    from dashboard import create_app
    from dashboard.bericht import auftraege
    from kennzahlen.auswertung import bewertungsregeln
    from kennzahlen.settings import Einstellungen

    einstellungen = Einstellungen(database_url=url, datenverzeichnis=ordner, anmeldung="aus")
    app = create_app(einstellungen)
    kontext = app.server.extensions["wirkungscockpit"]
    regeln = bewertungsregeln(kontext.fabrik, einstellungen)
    vorher = auftraege.spitzenspeicher_mb()
    beginn = time.perf_counter()
    auftrag = auftraege.starten(kontext, Q3, handlungsfeld, regeln)
    ablage = auftraege.Ablage.der_app(kontext.fabrik, einstellungen)
    while not (status := auftraege.status_lesen(ablage, auftrag) or {}).get("fertig"):
        time.sleep(0.2)
    dauer = time.perf_counter() - beginn
    if status.get("fehler"):
        raise RuntimeError(status["fehler"])
    pdf = ablage.lesen(auftrag, "pdf") or b""
    return {"umfang": handlungsfeld or "Stadt", "sekunden": round(dauer, 1),
            "davon_bauen_s": status.get("sekunden"), "seiten": seiten(pdf),
            "pdf_mb": round(len(pdf) / 1e6, 1), "xlsx_kb": round(len(ablage.lesen(auftrag, "xlsx") or b"") / 1e3),
            "worker_spitze_mb_vorher": vorher, "worker_spitze_mb_nachher": auftraege.spitzenspeicher_mb(),
            "kindprozess_spitze_mb": status.get("spitzenspeicher_mb")}


def main() -> None:
    """Measure Musterstadt and Großstadt and print a table and JSON."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--groessen", nargs="+", default=["musterstadt", "grossstadt"])
    p.add_argument("--json", type=Path)
    a = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    ergebnisse = []
    with tempfile.TemporaryDirectory(prefix="wk-bench-bericht-") as tmp:
        for groesse in a.groessen:
            arbeit = Path(tmp) / groesse
            arbeit.mkdir()
            basis = sqlite_bereitstellen(groesse, arbeit)
            ergebnis = {"groesse": groesse, "kommune": basis.kommune, "ziele": basis.zeilen.get("ziel"),
                        **messen(basis.url, arbeit)}
            ergebnisse.append(ergebnis)
            print(json.dumps(ergebnis, ensure_ascii=False), flush=True)
    if a.json:
        a.json.write_text(json.dumps(ergebnisse, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
