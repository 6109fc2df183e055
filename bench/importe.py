"""Import speed: a generated Kennzahlwerte CSV (half changed values, half new rows) into a copy of the database.

Uses ``kennzahlen.importe.ablauf.importieren`` – the one way in – when it exists ("nicht verfügbar"
otherwise). The file is built from the copy's own rows: ``zeilen / 2`` existing values changed by 1 %
(updates with history) and ``zeilen / 2`` the same keys 20 or 40 years later (new rows). SQLite copies the file;
PostgreSQL copies the database with ``CREATE DATABASE … TEMPLATE``; when that is impossible (the source
is in use) the import runs as a preview (``nur_vorschau=True``: every step, then a rollback) on the source.
"""

from __future__ import annotations

import io
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from bench import daten
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.models import Kennzahl, Kennzahlwert, Sozialraum

KOPF = ["Kennzahl", "Jahr", "Periodenart", "Periode", "Sozialraum", "Wertart", "Wert", "Status"]


def _zahl(wert) -> str:
    text = format(Decimal(str(wert)).quantize(Decimal("0.000001")).normalize(), "f")
    return text.replace(".", ",")


def csv_erzeugen(fabrik, zeilen: int, verschiebung: int) -> tuple[bytes, int]:
    """(CSV bytes in the template's form, rows) from the database's own Kennzahl values: the first
    ``zeilen / 2`` values changed by 1 %, and the same keys ``verschiebung`` years later as new rows."""
    halb = max(1, zeilen // 2)
    raum = aliased(Sozialraum)
    abfrage = (
        select(Kennzahl.code, Kennzahlwert.jahr, Kennzahlwert.periodenart, Kennzahlwert.periode, raum.code,
               Kennzahlwert.wertart, Kennzahlwert.wert, Kennzahlwert.status)
        .join(Kennzahl, Kennzahl.id == Kennzahlwert.kennzahl_id)
        .outerjoin(raum, raum.id == Kennzahlwert.sozialraum_id)
        .where(Kennzahlwert.jahr < 2100)
        .order_by(Kennzahlwert.id)
        .limit(halb)
    )
    puffer = io.StringIO()
    puffer.write(";".join(KOPF) + "\r\n")
    n = 0
    with fabrik() as s:
        quelle = s.execute(abfrage).all()
    for jahre, faktor in ((0, Decimal("1.01")), (verschiebung, Decimal(1))):
        for code, jahr, art, periode, sr, wertart, wert, status in quelle:
            puffer.write(f"{code};{jahr + jahre};{art};{periode};{sr or ''};{wertart};"
                         f"{_zahl(Decimal(str(wert)) * faktor)};{status}\r\n")
            n += 1
    return ("\ufeff" + puffer.getvalue()).encode("utf-8"), n


def _einmal(importieren, fabrik, zeilen: int, verschiebung: int, vorschau: bool) -> dict:
    inhalt, n = csv_erzeugen(fabrik, zeilen, verschiebung)
    start = time.perf_counter()
    bericht = importieren(fabrik, "bench_kennzahlwerte.csv", inhalt, "bench", art="kennzahlwerte",
                          nur_vorschau=vorschau)
    dauer = time.perf_counter() - start
    return {"zeilen": n, "datei_mb": round(len(inhalt) / 2**20, 1), "sekunden": round(dauer, 2),
            "zeilen_je_s": round(n / dauer), "neu": getattr(bericht, "neu", None),
            "geaendert": getattr(bericht, "geaendert", None), "unveraendert": getattr(bericht, "unveraendert", None)}


def messen(basis: daten.Datenbasis, arbeitsordner: Path, budget_s: float, hoechstens: int = 200_000) -> dict:
    """Rows per second of importing a Kennzahlwerte CSV into a copy of ``basis``.

    A probe of 10.000 rows estimates the speed; the main import then has as many rows as fit into about
    60 % of ``budget_s`` (at most ``hoechstens``, the issue's 200.000). Both are reported.
    """
    try:
        from kennzahlen.importe.ablauf import importieren
    except ImportError:
        return {"status": "nicht verfügbar", "grund": "kennzahlen.importe.ablauf.importieren fehlt"}
    kopie, vorschau = None, False
    if basis.art == "sqlite":
        ziel = arbeitsordner / "import-kopie.sqlite"
        daten.sqlite_kopieren(Path(basis.url.removeprefix("sqlite:///")), ziel)
        url = f"sqlite:///{ziel}"
    else:
        kopie = daten.postgresql_kopie(basis.url)
        url, vorschau = (kopie, False) if kopie else (basis.url, True)
    engine = engine_erstellen(url)
    try:
        fabrik = sessionfabrik(engine)
        probe = _einmal(importieren, fabrik, min(10_000, hoechstens), 20, vorschau)
        ziel_zeilen = int(min(hoechstens, probe["zeilen_je_s"] * budget_s * 0.6))
        haupt = probe
        if ziel_zeilen > probe["zeilen"] * 1.5:
            haupt = _einmal(importieren, fabrik, ziel_zeilen, 40, vorschau)
        return {
            "status": "gemessen" + (" (Vorschau mit Rollback: Kopie nicht möglich)" if vorschau else ""),
            **haupt,
            "probe": probe,
            "hinweis": None if haupt["zeilen"] >= hoechstens else
            f"Zeitbudget: {haupt['zeilen']} statt {hoechstens} Zeilen (Tempo aus einer Probe mit {probe['zeilen']})",
        }
    except Exception as fehler:
        return {"status": "fehlgeschlagen", "grund": str(fehler)[:500]}
    finally:
        engine.dispose()
        if kopie:
            daten.postgresql_loeschen(kopie)
        elif basis.art == "sqlite":
            for rest in arbeitsordner.glob("import-kopie.sqlite*"):
                rest.unlink()


def bericht_erzeugen() -> dict:
    """Report generation: there are no reports yet."""
    try:
        import kennzahlen.berichte  # noqa: F401
    except ImportError:
        return {"status": "nicht vorhanden", "grund": "Die App erzeugt noch keine Berichte (kein Modul "
                                                       "kennzahlen.berichte); nichts zu messen."}
    return {"status": "nicht gemessen", "grund": "kennzahlen.berichte existiert, ist aber noch nicht angebunden."}
