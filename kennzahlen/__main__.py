"""Command line for administrators: ``python -m kennzahlen --help``."""

from __future__ import annotations

import argparse
import logging
import sys
import time

from kennzahlen.settings import Einstellungen, EinstellungsFehler


def _engine(einstellungen: Einstellungen):
    from kennzahlen.db import engine_erstellen, verbindung_pruefen

    engine = engine_erstellen(einstellungen.datenbank_url)
    verbindung_pruefen(engine)
    return engine


def befehl_db(args, einstellungen: Einstellungen) -> int:
    """db upgrade | db status."""
    from kennzahlen.db import aktualisieren, revision_aktuell, revision_ziel

    engine = _engine(einstellungen)
    if args.aktion == "upgrade":
        aktualisieren(engine)
        print(f"Datenbank ist auf dem neuesten Stand ({revision_ziel()}): {engine.url.render_as_string()}")
        return 0
    aktuell, ziel = revision_aktuell(engine), revision_ziel()
    print(f"Datenbank: {engine.url.render_as_string()}")
    print(f"Stand: {aktuell or 'leer'} · neuester Stand: {ziel}")
    return 0 if aktuell == ziel else 1


def befehl_demo(args, einstellungen: Einstellungen) -> int:
    """Create/upgrade the database and load the demo city Musterstadt (replaces existing data)."""
    from kennzahlen.db import aktualisieren, sessionfabrik
    from kennzahlen.demo import demo_laden, fingerabdruck

    engine = _engine(einstellungen)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    start = time.perf_counter()
    anzahl = demo_laden(fabrik, periodenart=args.periodenart or einstellungen.berichtsperiode, seed=args.seed)
    dauer = time.perf_counter() - start
    print(f"Demostadt Musterstadt geladen in {dauer:.1f} s: {engine.url.render_as_string()}")
    for tabelle, n in sorted(anzahl.items()):
        print(f"  {tabelle:<22} {n:>9}")
    print(f"Fingerabdruck: {fingerabdruck(fabrik)}")
    return 0


def parser_erstellen() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m kennzahlen",
        description="Wirkungscockpit auf der Kommandozeile: Datenbank einrichten, Demostadt laden. "
        "Die Datenbank wählt DATABASE_URL (Standard: SQLite-Datei in data/).",
    )
    parser.add_argument("-v", "--ausfuehrlich", action="store_true", help="mehr Protokollausgaben")
    unter = parser.add_subparsers(dest="befehl", required=True, metavar="BEFEHL")

    db = unter.add_parser("db", help="Datenbank anlegen oder aktualisieren (Migrationen), Stand anzeigen")
    db.add_argument("aktion", choices=["upgrade", "status"], help="upgrade: anlegen/aktualisieren; status: Stand")
    db.set_defaults(funktion=befehl_db)

    demo = unter.add_parser("demo", help="Demostadt Musterstadt erzeugen (ersetzt vorhandene Daten)")
    demo.add_argument("--seed", type=int, default=2026, help="Startwert des Zufallsgenerators (Standard: 2026)")
    demo.add_argument("--periodenart", choices=["quartal", "tertial", "monat"],
                      help="unterjährige Periode (Standard: WK_BERICHTSPERIODE)")
    demo.set_defaults(funktion=befehl_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser_erstellen().parse_args(argv)
    stufe = logging.INFO if args.ausfuehrlich else logging.WARNING
    logging.basicConfig(level=stufe, format="%(levelname)s %(message)s")
    try:
        einstellungen = Einstellungen.aus_umgebung()
        return args.funktion(args, einstellungen)
    except EinstellungsFehler as fehler:
        print(f"Fehler: {fehler}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
