"""Import speed: a generated Kennzahlwerte CSV and a generated budget CSV (Haushalt, Langform), each with half
changed values and half new rows, into a copy of the database.

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
from kennzahlen.models import Haushaltsbetrag, Kennzahl, Kennzahlwert, Planzeile, Produkt, Sozialraum, Zeilenschema

KOPF = ["Kennzahl", "Jahr", "Periodenart", "Periode", "Sozialraum", "Wertart", "Wert", "Status"]
HAUSHALT_KOPF = ["Produkt", "Jahr", "Periodenart", "Periode", "Zeilenschema", "Zeile", "Betragsart", "Version",
                 "Betrag"]
ARTEN = {"kennzahlwerte": "Kennzahlwerte", "haushalt_lang": "Haushaltsbeträge"}
"""The two measured imports: format → what its rows are."""


def csv_erzeugen(fabrik, zeilen: int, verschiebung: int) -> tuple[bytes, int]:
    """(CSV bytes in the template's form, rows) from the database's own Kennzahl values: the first
    ``zeilen / 2`` values changed by 1 %, and the same keys ``verschiebung`` (2×, 3× … as needed) years later
    as new rows."""
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
    with fabrik() as s:
        quelle = s.execute(abfrage).all()
    return _csv(KOPF, quelle, zeilen, verschiebung, Decimal("0.000001"), wertspalte=6)


def _verschiebungen(jahre: list[int], anzahl: int, verschiebung: int) -> list[int]:
    """Year offsets (multiples of ``verschiebung``) that keep every year below 2200, as many as fit."""
    hoechstes = max(jahre, default=2030)
    return [verschiebung * i for i in range(1, anzahl + 1) if hoechstes + verschiebung * i < 2200] or [verschiebung]


def haushalt_csv_erzeugen(fabrik, zeilen: int, verschiebung: int) -> tuple[bytes, int]:
    """(CSV bytes in the long budget form, rows) from the database's own amounts: up to ``zeilen / 2``
    amounts changed by 1 %, and the same keys ``verschiebung`` (2×, 3× … as needed) years later as new rows."""
    halb = max(1, zeilen // 2)
    abfrage = (
        select(Produkt.code, Haushaltsbetrag.jahr, Haushaltsbetrag.periodenart, Haushaltsbetrag.periode,
               Zeilenschema.code, Planzeile.nummer, Haushaltsbetrag.betragsart, Haushaltsbetrag.version,
               Haushaltsbetrag.betrag)
        .join(Produkt, Produkt.id == Haushaltsbetrag.produkt_id)
        .join(Planzeile, Planzeile.id == Haushaltsbetrag.planzeile_id)
        .join(Zeilenschema, Zeilenschema.id == Planzeile.schema_id)
        .where(Haushaltsbetrag.jahr < 2100)
        .order_by(Haushaltsbetrag.id)
        .limit(halb)
    )
    with fabrik() as s:
        quelle = s.execute(abfrage).all()
    return _csv(HAUSHALT_KOPF, quelle, zeilen, verschiebung, Decimal("0.01"), wertspalte=8)


def _csv(kopf: list[str], quelle: list, zeilen: int, verschiebung: int, stellen: Decimal,
         wertspalte: int) -> tuple[bytes, int]:
    """Changed copies of ``quelle`` (field ``wertspalte`` × 1.01), then year-shifted copies (field 1) until
    ``zeilen`` rows."""
    puffer = io.StringIO()
    puffer.write(";".join(kopf) + "\r\n")
    n = 0

    def schreiben(zeile, jahre: int, faktor: Decimal) -> None:
        felder = [str(v) if v is not None else "" for v in zeile]
        felder[1] = str(zeile[1] + jahre)
        wert = (Decimal(str(zeile[wertspalte])) * faktor).quantize(stellen)
        felder[wertspalte] = format(wert.normalize(), "f").replace(".", ",")
        puffer.write(";".join(felder) + "\r\n")

    for zeile in quelle:
        schreiben(zeile, 0, Decimal("1.01"))
        n += 1
    for jahre in _verschiebungen([z[1] for z in quelle], max(1, -(-(zeilen - n) // max(1, len(quelle)))), verschiebung):
        for zeile in quelle:
            if n >= zeilen:
                break
            schreiben(zeile, jahre, Decimal(1))
            n += 1
    return ("\ufeff" + puffer.getvalue()).encode("utf-8"), n


ERZEUGER = {"kennzahlwerte": csv_erzeugen, "haushalt_lang": haushalt_csv_erzeugen}


def _einmal(importieren, fabrik, zeilen: int, verschiebung: int, vorschau: bool, art: str = "kennzahlwerte") -> dict:
    inhalt, n = ERZEUGER[art](fabrik, zeilen, verschiebung)
    start = time.perf_counter()
    bericht = importieren(fabrik, f"bench_{art}.csv", inhalt, "bench", art=art, nur_vorschau=vorschau)
    dauer = time.perf_counter() - start
    return {"zeilen": n, "datei_mb": round(len(inhalt) / 2**20, 1), "sekunden": round(dauer, 2),
            "zeilen_je_s": round(n / dauer), "neu": getattr(bericht, "neu", None),
            "geaendert": getattr(bericht, "geaendert", None), "unveraendert": getattr(bericht, "unveraendert", None)}


def messen(basis: daten.Datenbasis, arbeitsordner: Path, budget_s: float, hoechstens: int = 200_000,
           art: str = "kennzahlwerte") -> dict:
    """Rows per second of importing a Kennzahlwerte CSV (``art="haushalt_lang"``: a budget CSV) into a copy
    of ``basis``.

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
        probe = _einmal(importieren, fabrik, min(10_000, hoechstens), 21, vorschau, art)
        ziel_zeilen = int(min(hoechstens, probe["zeilen_je_s"] * budget_s * 0.6))
        haupt = probe
        if ziel_zeilen > probe["zeilen"] * 1.5:
            haupt = _einmal(importieren, fabrik, ziel_zeilen, 40, vorschau, art)
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
