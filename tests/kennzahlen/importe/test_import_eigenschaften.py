"""Property tests: arbitrary bytes raise only the import's own error and write nothing; export then
import is the identity."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.importe import FORMATE, ImportFehler, export_zip, importieren, inhalt_fingerabdruck, vorlage
from kennzahlen.importe.export import export_dateien, sicher, zahl_text, zeilen_als_csv
from kennzahlen.importe.formate import VORLAGEN, vorlage_spalten
from kennzahlen.importe.werte import text_lesen, zahl_lesen
from kennzahlen.models import (
    BETRAGSARTEN,
    KENNZAHLTYPEN,
    PERIODEN_JE_JAHR,
    RICHTUNGEN,
    VERSIONEN,
    WERTARTEN,
    WERTSTATUS,
)
from kennzahlen.zeilenschema import NKF_NRW_2019

FUNKTIONSFIXTUR = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                           deadline=None, derandomize=True)
NAMEN = st.sampled_from(["daten.csv", "daten.xlsx", "daten.geojson", "daten.json", "daten.zip", "daten", "d.txt"])
_XLSX = vorlage("kennzahlwerte", "xlsx")


def _verdorben(daten: bytes, stellen: list[tuple[int, int]]) -> bytes:
    puffer = bytearray(daten)
    for position, wert in stellen:
        puffer[position % len(puffer)] = wert
    return bytes(puffer)


BYTES = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=500)),
    st.builds(lambda b: b"\xef\xbb\xbf" + b, st.binary(max_size=500)),
    st.builds(lambda b: b"{" + b, st.binary(max_size=500)),
    st.builds(lambda s: _verdorben(_XLSX, s), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)),
                                                       min_size=1, max_size=8)),
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"), st.text(max_size=400)),
)


@FUNKTIONSFIXTUR
@given(name=NAMEN, inhalt=BYTES, art=st.one_of(st.none(), st.sampled_from(list(FORMATE))))
def test_imp050_beliebige_bytes_nur_importfehler_und_nichts_geschrieben(fabrik, zaehlen, name, inhalt, art):
    """Any bytes under any name and kind: the import succeeds or raises ImportFehler, and then writes nothing."""
    vorher = zaehlen(fabrik)
    try:
        importieren(fabrik, name, inhalt, "fuzz", art)
    except ImportFehler as fehler:
        assert fehler.fehler and all(f.text() for f in fehler.fehler)
        assert zaehlen(fabrik) == vorher


ZELLEN = st.one_of(st.text(alphabet="0123456789,.-+=@ abcxyzÄöüß'\"€%()/;\n", max_size=12),
                   st.sampled_from(["", "K101", "ist", "jahr", "15", "2024", "HF1", "ansatz", "01 - Steuern"]))


@settings(FUNKTIONSFIXTUR, max_examples=60)
@given(art=st.sampled_from(VORLAGEN), zeilen=st.lists(st.lists(ZELLEN, min_size=1, max_size=12), max_size=6),
       endung=st.sampled_from([".csv", ".xlsx"]))
def test_imp051_fast_gueltige_dateien(fabrik, zaehlen, art, zeilen, endung):
    """A template's header with random cells: success, or ImportFehler with nothing written."""
    from kennzahlen.importe.export import blaetter_als_xlsx

    kopf = [n for _s, n, _b in vorlage_spalten(art)]
    zeilen = [(z * 3)[: len(kopf)] for z in zeilen]
    inhalt = zeilen_als_csv(kopf, zeilen) if endung == ".csv" else blaetter_als_xlsx([("Daten", kopf, zeilen)])
    vorher = zaehlen(fabrik)
    try:
        importieren(fabrik, art + endung, inhalt, "fuzz")
    except ImportFehler:
        assert zaehlen(fabrik) == vorher


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_imp052_zahlen_hin_und_zurueck(zahl):
    """Every exported number reads back as the same Decimal."""
    assert zahl_lesen(zahl_text(zahl)) == zahl


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=30))
def test_imp053_escapte_texte_hin_und_zurueck(text):
    """Formula escaping is undone by the import: text_lesen(sicher(t)) == t."""
    assert text_lesen(sicher(text)) == text


# ------------------------------------------------------------------------- export ∘ import = identity
CODE = st.text(alphabet="ABCDEFGHKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=6)
NAME = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=25).map(
    str.strip).filter(bool)
WERT = st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False)
BETRAG = st.decimals(min_value=-10**11, max_value=10**11, places=2, allow_nan=False, allow_infinity=False)
DETAILZEILEN = [n for n, _b, a, _s in NKF_NRW_2019 if a != "summe"]


@st.composite
def bestand(draw):
    """Random master data, districts, Kennzahl values and budget amounts as import files."""
    hf = draw(st.lists(CODE, min_size=1, max_size=3, unique=True))
    kz = draw(st.lists(CODE, min_size=1, max_size=3, unique=True))
    raeume = draw(st.lists(CODE, max_size=3, unique=True))
    produkte = draw(st.lists(st.text("0123456789", min_size=2, max_size=6), min_size=1, max_size=3, unique=True))
    dateien = [("handlungsfelder.csv", ["Handlungsfeld", "Name", "Beschreibung", "Reihenfolge"],
                [[c, draw(NAME), draw(st.one_of(st.none(), NAME)), draw(st.integers(-5, 50))] for c in hf])]
    kennzahlen = []
    for c in kz:
        richtung = draw(st.sampled_from(RICHTUNGEN))
        unten = draw(WERT) if richtung == "zielkorridor" else draw(st.one_of(st.none(), WERT))
        oben = None if unten is None else unten + abs(draw(WERT))
        kennzahlen.append([c, draw(NAME), draw(st.sampled_from(["%", "€", "Fälle"])), "jahr",
                           draw(st.sampled_from(KENNZAHLTYPEN)), richtung, unten, oben, draw(st.booleans()),
                           draw(st.sampled_from(hf))])
    dateien.append(("kennzahlen.csv", ["Kennzahl", "Name", "Einheit", "Frequenz", "Typ", "Richtung", "Korridor unten",
                                       "Korridor oben", "Steuerbar", "Handlungsfeld"], kennzahlen))
    if raeume:
        dateien.append(("sozialraeume.csv", ["Sozialraum", "Name", "Ebene"],
                        [[c, draw(NAME), "sozialraum"] for c in raeume]))
    werte = {}
    for _ in range(draw(st.integers(0, 12))):
        art = draw(st.sampled_from(list(PERIODEN_JE_JAHR)))
        schluessel = (draw(st.sampled_from(kz)), draw(st.integers(2000, 2030)), art,
                      draw(st.integers(1, PERIODEN_JE_JAHR[art])), draw(st.one_of(st.none(), *(
                          [st.sampled_from(raeume)] if raeume else []))), draw(st.sampled_from(WERTARTEN)))
        werte[schluessel] = [*schluessel, draw(WERT), draw(st.sampled_from(WERTSTATUS))]
    if werte:
        dateien.append(("werte.csv", ["Kennzahl", "Jahr", "Periodenart", "Periode", "Sozialraum", "Wertart", "Wert",
                                      "Status"], list(werte.values())))
    betraege = {}
    for _ in range(draw(st.integers(1, 12))):
        schluessel = (draw(st.sampled_from(produkte)), draw(st.integers(2000, 2030)), draw(st.sampled_from(
            DETAILZEILEN)), draw(st.sampled_from(BETRAGSARTEN)), draw(st.sampled_from(VERSIONEN)))
        betraege[schluessel] = [schluessel[0], f"Produkt {schluessel[0]}", *schluessel[1:], draw(BETRAG)]
    dateien.append(("haushalt.csv", ["Produkt", "Produktbezeichnung", "Jahr", "Zeile", "Betragsart", "Version",
                                     "Betrag"], list(betraege.values())))
    return dateien


_LEER: list[Path] = []


def _neue_datenbank(ordner: Path, name: str):
    """A migrated empty SQLite file: migrated once per session, then copied (fast enough for many examples)."""
    if not _LEER:
        vorlage_ordner = Path(tempfile.mkdtemp(prefix="wk_leer_"))
        engine = engine_erstellen(f"sqlite:///{vorlage_ordner / 'leer.sqlite'}")
        aktualisieren(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _LEER.append(vorlage_ordner / "leer.sqlite")
    shutil.copy(_LEER[0], ordner / name)
    engine = engine_erstellen(f"sqlite:///{ordner / name}")
    return engine, sessionfabrik(engine)


@settings(deadline=None, derandomize=True, max_examples=12,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dateien=bestand())
def test_imp054_export_dann_import_ist_die_identitaet(dateien):
    """Random data imported, exported and imported into an empty database gives the same content and export."""
    ordner = Path(tempfile.mkdtemp(prefix="wk_rundreise_"))
    try:
        quelle_engine, quelle = _neue_datenbank(ordner, "quelle.sqlite")
        for name, kopf, zeilen in dateien:
            importieren(quelle, name, zeilen_als_csv(kopf, zeilen), "test", optionen={"vorzeichen": "aufwand_negativ"})
        ziel_engine, ziel = _neue_datenbank(ordner, "ziel.sqlite")
        importieren(ziel, "export.zip", export_zip(quelle), "test")
        assert inhalt_fingerabdruck(ziel) == inhalt_fingerabdruck(quelle)
        assert export_dateien(ziel) == export_dateien(quelle)
        quelle_engine.dispose()
        ziel_engine.dispose()
    finally:
        shutil.rmtree(ordner, ignore_errors=True)


def test_imp055_betraege_bleiben_exakt(fabrik):
    """Amounts are stored exactly (Decimal), also large ones with cents."""
    inhalt = zeilen_als_csv(["Produkt", "Produktbezeichnung", "Jahr", "Zeile", "Betragsart", "Betrag"],
                            [["050101", "KdU", 2024, "15", "ansatz", Decimal("-99999999999.99")]])
    importieren(fabrik, "h.csv", inhalt, "test")
    from sqlalchemy import select

    from kennzahlen.models import Haushaltsbetrag

    with fabrik() as s:
        assert s.scalars(select(Haushaltsbetrag.betrag)).one() == Decimal("-99999999999.99")
