"""Command line: ``python -m dashboard.bericht --jahr 2026 --quartal 3 [--handlungsfeld HF5] --pdf out.pdf
--xlsx out.xlsx`` builds the report pack with the settings of the environment (WK_…), like the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kennzahlen.perioden import Periode


def argumente(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line (German help)."""
    p = argparse.ArgumentParser(prog="python -m dashboard.bericht",
                                description="Berichtspaket (PDF und XLSX) einer Periode erstellen.")
    p.add_argument("--jahr", type=int, required=True, help="Berichtsjahr, z. B. 2026")
    gruppe = p.add_mutually_exclusive_group()
    for art in ("quartal", "tertial", "monat"):
        gruppe.add_argument(f"--{art}", type=int, help=f"Nummer der Periode ({art}), z. B. 3")
    p.add_argument("--handlungsfeld", default=None, help="Code eines Handlungsfelds (ohne: Gesamtstadt)")
    p.add_argument("--pdf", type=Path, help="Datei für das PDF")
    p.add_argument("--xlsx", type=Path, help="Datei für die Excel-Datei")
    return p.parse_args(argv)


def periode_aus(a: argparse.Namespace) -> Periode:
    """The period named on the command line (only --jahr: the whole year)."""
    for art in ("quartal", "tertial", "monat"):
        if getattr(a, art) is not None:
            return Periode(a.jahr, art, getattr(a, art))
    return Periode(a.jahr, "jahr", 1)


def main(argv: list[str] | None = None) -> int:
    """Build the pack and write the files; 0 on success, 2 on wrong input."""
    import logging

    from dashboard.bericht import berichtspaket
    from kennzahlen.auswertung import bewertungsregeln
    from kennzahlen.db import vorbereiten
    from kennzahlen.settings import Einstellungen

    a = argumente(argv)
    if a.pdf is None and a.xlsx is None:
        print("Bitte --pdf und/oder --xlsx angeben.", file=sys.stderr)
        return 2
    einstellungen = Einstellungen.aus_umgebung()
    logging.basicConfig(level=einstellungen.loglevel, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        periode = periode_aus(a)
    except ValueError as fehler:
        print(f"Periode: {fehler}", file=sys.stderr)
        return 2
    _engine, fabrik = vorbereiten(einstellungen)

    def melden(anteil: float, text: str) -> None:
        print(f"{round(anteil * 100):3d} % {text}", file=sys.stderr)

    try:
        paket = berichtspaket(fabrik, periode, a.handlungsfeld, bewertungsregeln(fabrik, einstellungen), melden)
    except ValueError as fehler:
        print(str(fehler), file=sys.stderr)
        return 2
    if a.pdf is not None:
        a.pdf.write_bytes(paket.pdf)
        print(f"PDF: {a.pdf}")
    if a.xlsx is not None:
        a.xlsx.write_bytes(paket.xlsx)
        print(f"XLSX: {a.xlsx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
