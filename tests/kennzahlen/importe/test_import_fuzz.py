"""Fuzzing every import format (all keys of ``IMPORTEURE``) on a database with the demo city.

Generated files start from real rows (the demo city's own export, the templates) and are mutated:
columns dropped, duplicated, renamed or swapped; cells replaced by empty cells, huge numbers, BOMs,
zero-width characters, Cyrillic lookalikes, separators, random text; rows duplicated (also across
sheets and ZIP members); then written as CSV (every separator and encoding), XLSX (openpyxl, several
sheets) or ZIP, and possibly damaged: truncated, random bytes, flipped bytes in a deflated member.

Every file must either import (a report) or raise ``ImportFehler`` – nothing else – and after an
``ImportFehler`` the database must be exactly as before (row counts and a hash of all rows of every
table). The CI run is small and fixed (derandomized); ``make fuzz`` sets WK_FUZZ_BEISPIELE (total number
of files, e.g. 2000) and prints "N Dateien, 0 Abstürze, 0 Teilschreibungen".
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import pickle
import shutil
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.importe import FORMATE, ImportFehler
from kennzahlen.importe.ablauf import IMPORTEURE, Importbericht, importieren
from kennzahlen.importe.export import daten_exportieren, zelle_text
from kennzahlen.importe.formate import VORLAGEN, vorlage_spalten
from kennzahlen.models import Base

GRUPPEN = 3
"""Test functions that share the total number of files: CSV/GeoJSON text, XLSX, ZIP."""
BEISPIELE = max(20, -(-int(os.environ.get("WK_FUZZ_BEISPIELE", "450")) // GRUPPEN))
EINSTELLUNGEN = settings(max_examples=BEISPIELE, derandomize=True, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                HealthCheck.filter_too_much])
ARTEN = list(IMPORTEURE)
STAND = {"dateien": 0, "abstuerze": 0, "teilschreibungen": 0, "berichte": 0, "importfehler": 0}


# ------------------------------------------------------------------------------ database and base rows
def fingerabdruck(engine) -> tuple[tuple[str, int, str], ...]:
    """(table, row count, SHA-256 of all rows in key order) for every table of the model.

    The SQL comes from SQLAlchemy (``Base.metadata.sorted_tables``); the rows are fetched from the DB-API
    cursor without SQLAlchemy's row objects, which makes it fast enough to run after every file.
    """
    ergebnis = []
    with engine.connect() as verbindung:
        for tabelle in Base.metadata.sorted_tables:
            ordnung = list(tabelle.primary_key.columns) or list(tabelle.columns)
            sql = str(select(tabelle).order_by(*ordnung).compile(engine))
            zeilen = verbindung.exec_driver_sql(sql).cursor.fetchall()
            ergebnis.append((tabelle.name, len(zeilen), hashlib.sha256(pickle.dumps(zeilen)).hexdigest()))
    return tuple(ergebnis)


class Stadt:
    """The demo database of this module, its base rows per format and the fingerprint before the next file."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.fabrik = fabrik = sessionfabrik(engine)
        self._abdruck = None
        export = {art: (kopf, zeilen) for art, kopf, zeilen in daten_exportieren(fabrik)}
        self.basis: dict[str, tuple[list[str], list[list[object]]]] = {}
        for art in VORLAGEN:
            kopf, zeilen = export.get(art, ([], []))
            beispiel = [[b for _s, _n, b in vorlage_spalten(art)]]
            if art == "haushalt_breit" or not zeilen:
                kopf, zeilen = [n for _s, n, _b in vorlage_spalten(art)], beispiel
                if art == "haushalt_breit":
                    zeilen = [*zeilen, ["050102", "16 - Aufwendungen", "Aufwendungen", "1.000-", "2.000-", "3.000-"],
                              ["050102", "10 = Ertraege", "Summe", "0", "0", "0"]]
                    zeilen = [z[: len(kopf)] for z in zeilen]
            else:
                mitte = len(zeilen) // 2
                zeilen = zeilen[:3] + zeilen[mitte:mitte + 2] + zeilen[-1:]
            self.basis[art] = (list(kopf), [list(z) for z in zeilen])
        raeume = [z[0] for z in export["sozialraeume"][1]][:4] or ["101"]
        self.basis["bevoelkerung_statistik"] = (
            ["tab_id", "tabelle", "jahr", "raum_id", "raum", "zei_id", "zeile", "zahl", "id"],
            [["020", "Alter", "2012", r, "Raum", str(i), band, str(100 + i), str(i)]
             for r in raeume for i, band in enumerate(["00 - < 03", "03 - < 06", "75 und älter"])]
            + [["010", "Geschlecht", "2012", raeume[0], "Raum", "1", "männlich", "5", "99"]],
        )
        self.geo = [(z[0], z[1]) for z in export["sozialraeume"][1]][:3] or [("101", "Altstadt")]

    def abdruck(self):
        """The fingerprint of the current content (cached until the next successful import)."""
        if self._abdruck is None:
            self._abdruck = fingerabdruck(self.engine)
        return self._abdruck

    def pruefen(self, dateiname: str, inhalt: bytes, art: str | None) -> None:
        """Import one generated file: a report, or ImportFehler with the database unchanged."""
        STAND["dateien"] += 1
        vorher = self.abdruck()
        try:
            bericht = importieren(self.fabrik, dateiname, inhalt, "fuzz", art=art, nur_vorschau=False)
        except ImportFehler as fehler:
            STAND["importfehler"] += 1
            assert fehler.fehler and all(f.text() for f in fehler.fehler)
            self._abdruck = None
            if self.abdruck() != vorher:
                STAND["teilschreibungen"] += 1
                raise AssertionError(f"{dateiname}: ImportFehler, aber die Datenbank wurde geändert") from fehler
            return
        except Exception:
            STAND["abstuerze"] += 1
            raise
        STAND["berichte"] += 1
        self._abdruck = None
        assert isinstance(bericht, Importbericht) and bericht.text()


@pytest.fixture(scope="module")
def stadt(demo_vorlage, tmp_path_factory):
    """A private copy of the demo city for this module (the files change it when they import)."""
    ziel = tmp_path_factory.mktemp("fuzz") / "demo.sqlite"
    shutil.copy(demo_vorlage, ziel)
    engine = engine_erstellen(f"sqlite:///{ziel}")
    yield Stadt(engine)
    engine.dispose()


@pytest.fixture(scope="module", autouse=True)
def zusammenfassung(request):
    """Print the counts after the module (``make fuzz`` shows them)."""
    yield
    zeile = (f"{STAND['dateien']} Dateien, {STAND['abstuerze']} Abstürze, {STAND['teilschreibungen']} "
             f"Teilschreibungen ({STAND['berichte']} importiert, {STAND['importfehler']} mit ImportFehler abgelehnt)")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print("\n" + zeile)
    else:  # pragma: no cover
        print(zeile)


# ---------------------------------------------------------------------------------------- mutations
def _kyrillisch(text: str) -> str:
    return text.translate(str.maketrans("KAEOPCXaeopcx", "КАЕОРСХаеорсх"))


ZELLWERTE = st.one_of(
    st.sampled_from([
        "", " ", "\u00a0", "\u200b", "9" * 40, "1e309", "-", "NaN", "inf", "1.234.567,89", "(12)", "12-", "=1+1",
        "'=1", "0", "-0", "2024.5", "99999999999999999999999", "١٢٣", "\t", "\n", '"', "31.02.2024", "ja",
        "x" * 5000, "1" * 5000, "00 - < " + "9" * 5000, "9" * 5000 + " und älter", "K101,2024,ist,5", "K101;2024",
        "2024|ist", "\ufeff", "\u00ad", "\u202e", "\x00", "\x7f", "𝐊𝟏𝟎𝟏", "ＫＡ１", "Ⅻ", "ß", "summe", "ertrag",
        "10 = ordentliche Erträge", "01 - Steuern", "nkf-nrw-2019", "abgeleitet-0", "HF1", "K101", "050101", "101",
        '{"type":"Polygon","coordinates":[[[1' + "0" * 400 + ',0],[0,0],[0,1],[1,0]]]}',
        '{"type":"Polygon","coordinates":[[[' * 50, "[]", "{}", "true", "2024-13-01", "1900", "2201", "12",
        "13", "4", "quartal", "monat", "entwurf", "zielkorridor", "0,00001", "-1", "100 %", "1,5",
    ]),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
)


def _veraendern(data, kopf: list[str], zeilen: list[list[object]]) -> tuple[list[str], list[list[object]]]:
    """Random edits of columns, cells and rows (drawn from ``data``)."""
    kopf, zeilen = list(kopf), [list(z) for z in zeilen]
    breite = len(kopf)
    zeilen = [(z + [None] * breite)[:breite] for z in zeilen]
    for _ in range(data.draw(st.integers(0, 6), label="änderungen")):
        was = data.draw(st.sampled_from(["zelle", "zelle", "zelle", "zeichen", "spalte_fuellen", "ziffern",
                                         "spalte_weg", "spalte_doppelt",
                                         "spalte_umbenennen", "spalten_tauschen", "zeile_doppelt",
                                         "zeile_doppelt_anders", "zeile_weg", "leerzeile", "titelzeile"]))
        if not kopf:
            break
        i = data.draw(st.integers(0, len(kopf) - 1))
        r = data.draw(st.integers(0, max(len(zeilen) - 1, 0)))
        if was in ("zelle", "zeichen") and zeilen:
            alt = "" if zeilen[r][i] is None else zelle_text(zeilen[r][i])
            if was == "zelle":
                neu = data.draw(ZELLWERTE)
            else:
                art = data.draw(st.sampled_from(["zwsp", "bom", "kyrillisch", "nbsp", "weich", "bidi", "fremd"]))
                stelle = data.draw(st.integers(0, len(alt)))
                zeichen = {"zwsp": "\u200b", "bom": "\ufeff", "nbsp": "\u00a0", "weich": "\u00ad", "bidi": "\u200f",
                           "fremd": "К", "kyrillisch": ""}[art]
                neu = _kyrillisch(alt) if art == "kyrillisch" else alt[:stelle] + zeichen + alt[stelle:]
            zeilen[r][i] = neu
        elif was == "spalte_fuellen":  # every row: reaches checks that look at a whole column
            wert = data.draw(ZELLWERTE)
            for z in zeilen:
                z[i] = wert
        elif was == "ziffern" and zeilen:
            alt = "" if zeilen[r][i] is None else zelle_text(zeilen[r][i])
            zeilen[r][i] = alt + "9" * data.draw(st.sampled_from([3, 20, 30, 4400]))
        elif was == "spalte_weg":
            del kopf[i]
            for z in zeilen:
                del z[i]
        elif was == "spalte_doppelt":
            kopf.insert(i, kopf[i])
            for z in zeilen:
                z.insert(i, z[i])
        elif was == "spalte_umbenennen":
            kopf[i] = data.draw(st.one_of(
                st.sampled_from([f"{kopf[i]}\u200b", str(kopf[i]).upper(), _kyrillisch(str(kopf[i])), "", "Produkt",
                                 "Kennzahl", "Ansatz 2024", "Ergebnis 1899", "Plan 2030 TEUR", "Sozialraum", "Bezirk",
                                 "Wert", "Betrag (TEUR)", "Zeilenschema"]),
                st.text(max_size=12)))
        elif was == "spalten_tauschen":
            j = data.draw(st.integers(0, len(kopf) - 1))
            kopf[i], kopf[j] = kopf[j], kopf[i]
        elif was == "zeile_doppelt" and zeilen:
            zeilen.insert(r, list(zeilen[r]))
        elif was == "zeile_doppelt_anders" and zeilen:
            kopie = list(zeilen[r])
            kopie[i] = data.draw(ZELLWERTE)
            zeilen.append(kopie)
        elif was == "zeile_weg" and zeilen:
            del zeilen[r]
        elif was == "leerzeile":
            zeilen.insert(r, [None] * len(kopf))
        elif was == "titelzeile":
            zeilen.insert(0, ["Teilergebnisplan 2024"] + [None] * (len(kopf) - 1))
            kopf, zeilen[0] = zeilen[0], kopf
    return kopf, zeilen


def _text(wert: object) -> str:
    return "" if wert is None else wert if isinstance(wert, str) else zelle_text(wert)


def _csv(data, kopf: list[str], zeilen: list[list[object]]) -> bytes:
    """CSV with a drawn separator, quoting, line end and encoding."""
    trenner = data.draw(st.sampled_from([";", ";", ",", "\t", "|"]))
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=trenner, lineterminator=data.draw(st.sampled_from(["\r\n", "\n"])),
                           quoting=data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    schreiber.writerow(kopf)
    schreiber.writerows([[_text(w) for w in z] for z in zeilen])
    kodierung = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return puffer.getvalue().encode(kodierung, errors="replace")


def _stelle(data, laenge: int, anfang: int = 0) -> int:
    """A position in [anfang, anfang + laenge), drawn independently of the length (XLSX and ZIP bytes carry
    timestamps, so their length may differ between runs; Hypothesis needs the same draws)."""
    return anfang + data.draw(st.integers(0, 2**20)) % max(laenge, 1)


def _beschaedigen(data, inhalt: bytes) -> bytes:
    """Truncate, insert random bytes or flip bytes (or leave the file alone)."""
    was = data.draw(st.sampled_from(["nichts", "nichts", "abschneiden", "einfuegen", "kippen", "bom_doppelt"]))
    if not inhalt or was == "nichts":
        return inhalt
    stelle = _stelle(data, len(inhalt))
    if was == "abschneiden":
        return inhalt[:stelle]
    if was == "einfuegen":
        return inhalt[:stelle] + data.draw(st.binary(min_size=1, max_size=20)) + inhalt[stelle:]
    if was == "bom_doppelt":
        return b"\xef\xbb\xbf" + inhalt
    puffer = bytearray(inhalt)
    for _ in range(data.draw(st.integers(1, 8))):
        puffer[_stelle(data, len(puffer))] = data.draw(st.integers(0, 255))
    return bytes(puffer)


def _zellwert(wert: object, typisiert: bool) -> object:
    """A cell for openpyxl: typed values as Excel would hold them, or text."""
    if isinstance(wert, str):
        text = "".join(c for c in wert if c in "\t\n\r" or ord(c) >= 32)  # XML cannot hold control characters
        if typisiert and text.lstrip("-").isdigit() and len(text) < 16:
            return int(text)
        return text[:32000]
    if isinstance(wert, Decimal):
        return float(wert) if typisiert else zelle_text(wert)
    if isinstance(wert, dt.date | bool | int | float) and typisiert:
        return wert
    return _text(wert)


def _xlsx(data, blaetter: list[tuple[str, list[str], list[list[object]]]], typisiert: bool) -> bytes:
    """A workbook with the given sheets (title, header, rows)."""
    mappe = openpyxl.Workbook()
    mappe.remove(mappe.active)
    for titel, kopf, zeilen in blaetter:
        blatt = mappe.create_sheet(titel)
        blatt.append([_zellwert(k, False) for k in kopf])
        for z in zeilen:
            blatt.append([_zellwert(w, typisiert) for w in z])
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _geojson(data, stadt: Stadt) -> bytes:
    """A FeatureCollection of Sozialräume, with drawn damage to properties and geometries."""
    features = []
    for code, name in stadt.geo:
        ring = [[6.9, 50.9], [6.95, 50.9], [6.95, 50.95], [6.9, 50.9]]
        features.append({"type": "Feature", "properties": {"Code": code, "Name": name},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    for _ in range(data.draw(st.integers(0, 4))):
        f = features[data.draw(st.integers(0, len(features) - 1))]
        was = data.draw(st.sampled_from(["code", "name", "geometrie", "riesig", "doppelt", "weg", "liste"]))
        if not isinstance(f["properties"], dict):
            f["properties"] = {"Code": "1", "Name": "Eins"}
        if was == "code":
            f["properties"]["Code"] = data.draw(st.one_of(ZELLWERTE, st.integers(), st.none(), st.booleans()))
        elif was == "name":
            f["properties"]["Name"] = data.draw(ZELLWERTE)
        elif was == "geometrie":
            f["geometry"] = data.draw(st.sampled_from([None, {}, {"type": "Point", "coordinates": [1, 2]},
                                                       {"type": "Polygon", "coordinates": [[[1, 2]]]},
                                                       {"type": "MultiPolygon", "coordinates": [[]]}]))
        elif was == "riesig":
            f["geometry"] = {"type": "Polygon", "coordinates": [[[10**400, 0], [0, 0], [0, 1], [10**400, 0]]]}
        elif was == "doppelt":
            features.append(json.loads(json.dumps(f)))
        elif was == "weg":
            f["properties"] = data.draw(st.sampled_from([None, {}, [], "x"]))
        else:
            f["properties"]["Bezirk"] = data.draw(st.sampled_from([[1], {"a": 1}, "1\u200b", "999"]))
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def _tabelle(data, stadt: Stadt, art: str) -> tuple[list[str], list[list[object]]]:
    kopf, zeilen = stadt.basis[art]
    return _veraendern(data, kopf, zeilen)


# -------------------------------------------------------------------------------------------- tests
@EINSTELLUNGEN
@given(data=st.data())
def test_imp060_fuzz_csv_und_geojson_jedes_format(stadt, data):
    """CSV (and GeoJSON) files of every format, mutated and damaged: a report or ImportFehler, nothing else."""
    art = data.draw(st.sampled_from(ARTEN), label="art")
    if art == "sozialraeume_geojson":
        name, inhalt = "stadtteile.geojson", _geojson(data, stadt)
    else:
        name, inhalt = f"{art}.csv", _csv(data, *_tabelle(data, stadt, art))
    inhalt = _beschaedigen(data, inhalt)
    stadt.pruefen(name, inhalt, data.draw(st.sampled_from([art, art, art, None]), label="angegeben"))


@EINSTELLUNGEN
@given(data=st.data())
def test_imp061_fuzz_xlsx_jedes_format(stadt, data):
    """XLSX workbooks (typed or text cells, one or two sheets of the same format, byte flips)."""
    art = data.draw(st.sampled_from([a for a in ARTEN if a != "sozialraeume_geojson"]), label="art")
    kopf, zeilen = _tabelle(data, stadt, art)
    blaetter = [("Daten", kopf, zeilen)]
    if data.draw(st.booleans(), label="zwei_blaetter"):  # the same keys on a second sheet, maybe changed
        kopf2, zeilen2 = _veraendern(data, *stadt.basis[art])
        blaetter.append(("Daten 2", kopf2, zeilen2))
    inhalt = _xlsx(data, blaetter, data.draw(st.booleans(), label="typisiert"))
    name = data.draw(st.sampled_from([f"{art}.xlsx", f"{art}.xlsx", f"{art}.xlsm"]), label="name")
    stadt.pruefen(name, _beschaedigen(data, inhalt), data.draw(st.sampled_from([art, art, None]), label="angegeben"))


def _member_beschaedigen(data, inhalt: bytes) -> bytes:
    """Flip bytes inside the compressed data of one member (zlib.error, CRC errors) or in its header."""
    with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
        eintraege = z.infolist()
    e = eintraege[_stelle(data, len(eintraege))]
    anfang = e.header_offset + 30 + len(e.filename.encode()) + len(e.extra)
    ende = max(anfang + 1, anfang + e.compress_size)
    puffer = bytearray(inhalt)
    wo = data.draw(st.sampled_from(["daten", "daten", "kopf"]))
    for _ in range(data.draw(st.integers(1, 4))):
        if wo == "daten":
            i = _stelle(data, ende - anfang, anfang)
        else:
            i = _stelle(data, anfang - e.header_offset, e.header_offset)
        if i < len(puffer):
            puffer[i] = data.draw(st.integers(0, 255))
    return bytes(puffer)


@EINSTELLUNGEN
@given(data=st.data())
def test_imp062_fuzz_zip_mit_mehreren_und_beschaedigten_eintraegen(stadt, data):
    """ZIP archives of CSV/XLSX members (the same format twice, other formats, macros) and damaged members."""
    arten = data.draw(st.lists(st.sampled_from([a for a in ARTEN if a != "sozialraeume_geojson"]),
                               min_size=1, max_size=3), label="arten")
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for n, art in enumerate(arten):
            kopf, zeilen = _tabelle(data, stadt, art)
            stamm = f"{n:02d}_{FORMATE[art].dateiname or art}"
            if data.draw(st.booleans(), label="xlsx"):
                z.writestr(f"{stamm}.xlsx", _xlsx(data, [("Daten", kopf, zeilen)], data.draw(st.booleans())))
            else:
                z.writestr(f"{stamm}.csv", _csv(data, kopf, zeilen))
        extra = data.draw(st.sampled_from(["", "", "makro", "liesmich", "verschachtelt", "geojson"]), label="extra")
        if extra == "makro":
            z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
        elif extra == "liesmich":
            z.writestr("LIESMICH.md", b"Export")
        elif extra == "verschachtelt":
            z.writestr("innen.zip", b"PK\x05\x06" + b"\x00" * 18)
        elif extra == "geojson":
            z.writestr("stadtteile.geojson", _geojson(data, stadt))
    inhalt = puffer.getvalue()
    if data.draw(st.booleans(), label="eintrag_beschaedigen"):
        inhalt = _member_beschaedigen(data, inhalt)
    inhalt = _beschaedigen(data, inhalt)
    art = data.draw(st.sampled_from([None, None, arten[0]]), label="angegeben")
    stadt.pruefen("paket.zip", inhalt, art)
