"""Import speed alone, without the full benchmark: ``python -m bench.importtempo``.

Builds the demo city once per database (a SQLite file in a temporary folder, a PostgreSQL database
``wk_bench_importtempo`` that is dropped afterwards), then imports a generated Kennzahlwerte CSV and a
generated budget CSV (Haushalt, Langform) through ``importieren`` – the one way in, as a real import
with history, not a preview. Each file has half changed values and half new rows
(``bench.importe.csv_erzeugen`` / ``haushalt_csv_erzeugen``). Prints rows per second and the load of the
machine at the start (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import importe
from bench.daten import PG_SERVER, _pg_url
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.demo import demo_laden
from kennzahlen.importe.ablauf import importieren

ZIEL_ZEILEN_S = 50_000
PG_NAME = "wk_bench_importtempo"


def _datenbank(art: str, ordner: Path) -> str:
    """A fresh database with the demo city; returns its URL."""
    if art == "sqlite":
        url = f"sqlite:///{ordner / 'importtempo.sqlite'}"
    else:
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
        admin.dispose()
        url = _pg_url(PG_SERVER, PG_NAME)
    engine = engine_erstellen(url)
    aktualisieren(engine)
    demo_laden(sessionfabrik(engine))
    # statistics, visibility map and hint bits as a database in use would have them (autovacuum keeps them so;
    # a freshly loaded database has none, and the import would otherwise race the first autovacuum for the CPU)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    engine.dispose()
    return url


def _loeschen(art: str) -> None:
    if art == "postgresql":
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
        admin.dispose()


def messen(art: str, zeilen: int, format_: str) -> dict:
    """Rows per second of one import of ``zeilen`` generated rows of ``format_`` into a fresh demo database."""
    with tempfile.TemporaryDirectory() as ordner:
        url = _datenbank(art, Path(ordner))
        engine = engine_erstellen(url)
        try:
            fabrik = sessionfabrik(engine)
            inhalt, n = importe.ERZEUGER[format_](fabrik, zeilen, 40)
            start = time.perf_counter()
            bericht = importieren(fabrik, f"tempo_{format_}.csv", inhalt, "bench", art=format_)
            dauer = time.perf_counter() - start
        finally:
            engine.dispose()
            _loeschen(art)
    return {"datenbank": art, "import": importe.ARTEN[format_], "zeilen": n, "sekunden": round(dauer, 2),
            "zeilen_je_s": round(n / dauer), "neu": bericht.neu, "geaendert": bericht.geaendert,
            "unveraendert": bericht.unveraendert}


def _zahl(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit code 1 when an import on PostgreSQL stays below 50.000 rows/s."""
    parser = argparse.ArgumentParser(prog="python -m bench.importtempo", description=__doc__.splitlines()[0])
    parser.add_argument("--zeilen", type=int, default=100_000, help="Zeilen je Datei (Standard 100.000)")
    parser.add_argument("--datenbank", choices=["sqlite", "postgresql", "beide"], default="beide")
    parser.add_argument("--import", dest="arten", choices=[*importe.ARTEN, "beide"], default="beide")
    parser.add_argument("--json", type=Path, help="Ergebnis zusätzlich als JSON schreiben")
    args = parser.parse_args(argv)
    last = os.getloadavg()
    print(f"Last beim Start (1/5/15 min): {last[0]:.2f} / {last[1]:.2f} / {last[2]:.2f} · {os.cpu_count()} Kerne"
          .replace(".", ","))
    dbs = ["sqlite", "postgresql"] if args.datenbank == "beide" else [args.datenbank]
    arten = list(importe.ARTEN) if args.arten == "beide" else [args.arten]
    ergebnisse = []
    for db in dbs:
        for format_ in arten:
            e = messen(db, args.zeilen, format_)
            ergebnisse.append(e)
            print(f"{e['datenbank']:<10} {e['import']:<17} {_zahl(e['zeilen']):>9} Zeilen "
                  f"({_zahl(e['neu'])} neu, {_zahl(e['geaendert'])} geändert) in "
                  f"{str(e['sekunden']).replace('.', ',')} s = {_zahl(e['zeilen_je_s'])} Zeilen/s")
    if args.json:
        args.json.write_text(json.dumps({"last": last, "ergebnisse": ergebnisse}, indent=2), encoding="utf-8")
    langsam = [e for e in ergebnisse if e["datenbank"] == "postgresql" and e["zeilen_je_s"] < ZIEL_ZEILEN_S]
    return 1 if langsam else 0


if __name__ == "__main__":
    sys.exit(main())
