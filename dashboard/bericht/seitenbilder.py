"""Page images of the report for the README: ``python -m dashboard.bericht.seitenbilder docs`` builds the Q3 2026
report of the demo city (Q3 closed, so the cover shows a frozen Berichtsstand) in a temporary database and
writes docs/bericht-seite-<n>.png for a few chosen pages (pdftoppm from poppler-utils)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SEITEN = (1, 2, 3, 4, 5)
"""Cover, contents, overview, first Handlungsfeld, a page of goals."""


def main(ziel: str = "docs") -> None:
    """Build the report and write the page images into ``ziel``."""
    from dashboard.bericht import berichtspaket
    from kennzahlen import verwaltung
    from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik, transaktion
    from kennzahlen.demo import demo_laden
    from kennzahlen.perioden import Periode

    ordner = Path(ziel)
    ordner.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wk-seitenbilder-") as tmp:
        engine = engine_erstellen(f"sqlite:///{tmp}/demo.sqlite")
        aktualisieren(engine)
        fabrik = sessionfabrik(engine)
        demo_laden(fabrik)
        periode = Periode(2026, "quartal", 3)
        with transaktion(fabrik) as s:
            verwaltung.periode_abschliessen(s, periode.jahr, periode.art, periode.nummer, "controlling")
        pdf = Path(tmp) / "bericht.pdf"
        pdf.write_bytes(berichtspaket(fabrik, periode).pdf)
        engine.dispose()
        for seite in SEITEN:
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(seite), "-l", str(seite),
                            str(pdf), str(ordner / f"bericht-seite-{seite}")], check=True)
            print(ordner / f"bericht-seite-{seite}.png")


if __name__ == "__main__":
    main(*sys.argv[1:2])
