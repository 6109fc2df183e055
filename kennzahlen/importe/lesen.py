"""Bytes → tables: size limit, content sniffing, zip-bomb check, encodings, separators, XLSX and GeoJSON.

``datei_lesen(dateiname, inhalt)`` returns the tables of a file: one for a CSV or GeoJSON, one per sheet
of an XLSX workbook, one per member of a ZIP (e.g. a full export). Everything that cannot be read
raises ``ImportFehler`` with a specific German message; nothing else escapes.

Checks, in this order: size limit; content against the file name (a PDF called .xlsx, UTF-16 text,
old .xls, images and other binaries are rejected); for ZIP containers the uncompressed sizes in the
zip directory (total, ratio per member, number of members) BEFORE anything unpacks a byte – Python's
zipfile never yields more than the size the directory declares, so openpyxl cannot be fooled by a
forged directory either; then the encoding (UTF-8, UTF-8 with BOM, else Windows-1252) and the
separator (``;`` ``,`` tab ``|``, chosen by consistent field counts).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePosixPath

from kennzahlen.importe.fehler import Fehler, ImportFehler
from kennzahlen.importe.werte import ist_leer

MAX_DATEIGROESSE = 20 * 1024 * 1024
"""Largest file accepted (bytes); the upload page should set the same limit on the web server."""
MAX_ENTPACKT = 100 * 1024 * 1024
"""Largest total uncompressed size of an XLSX or ZIP (bytes)."""
MAX_VERHAELTNIS = 100
"""Largest compression ratio of a ZIP member bigger than 1 MB (XML of real sheets stays far below)."""
MAX_EINTRAEGE = 2000
MAX_ZEILEN = 1_000_000
MAX_SPALTEN = 1000

INHALTSARTEN = {
    "pdf": "ein PDF-Dokument",
    "xlsx": "eine Excel-Arbeitsmappe (.xlsx)",
    "zip": "ein ZIP-Archiv",
    "ole2": "eine Datei im alten Office-Format (.xls/.doc)",
    "utf16": "Text in UTF-16-Kodierung",
    "bild": "ein Bild",
    "gzip": "ein gzip-Archiv",
    "binaer": "eine Binärdatei",
    "leer": "leer",
    "text": "Text",
}
TEXTENDUNGEN = {".csv", ".txt", ".tsv", ".json", ".geojson"}
EXCELENDUNGEN = {".xlsx"}
MAKROENDUNGEN = {".xlsm", ".xltm", ".xlam"}
"""Macro-enabled workbooks: refused, like any workbook that contains a VBA project."""
ZIPFEHLER = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError, KeyError,
             IndexError, NotImplementedError, RuntimeError, UnicodeDecodeError)
"""What Python's zipfile raises for damaged archives (zlib.error for a corrupted deflate stream, KeyError
and IndexError for damaged directories, RuntimeError for encrypted members)."""
TRENNZEICHEN = (";", ",", "\t", "|")
TRENNZEICHEN_NAMEN = {";": "„;“", ",": "„,“", "\t": "Tabulator", "|": "„|“"}


@dataclass
class Tabelle:
    """One table of a file: header names, data rows with their row numbers, and how it was read."""

    name: str
    spalten: list[str]
    zeilen: list[tuple[int, list[object]]]
    kopfzeile: int = 1
    blatt: str | None = None
    beschreibung: str = ""
    geojson: dict | None = None
    hinweise: list[str] = field(default_factory=list)
    datei: str | None = None
    """The file the table came from (a member of a ZIP, one of several uploaded files)."""

    @property
    def anzahl(self) -> int:
        """Number of data rows (GeoJSON: features)."""
        return len(self.zeilen)


def _grund(fehler: BaseException) -> str:
    """'; Grund: …' for a reader's own exception (zlib, XML parser …), shortened; '' when it says nothing."""
    text = " ".join(str(fehler).split())[:120]
    if isinstance(fehler, zlib.error | zipfile.BadZipFile | EOFError):
        return "; Daten nicht entpackbar"
    return f"; {type(fehler).__name__}: {text}" if text else ""


def _fehler(text: str) -> ImportFehler:
    return ImportFehler([Fehler(None, None, None, "", problem=text)])


def inhaltsart(inhalt: bytes) -> str:
    """What the bytes are, whatever the file is called: pdf, xlsx, zip, ole2, utf16, bild, gzip, binaer, leer, text."""
    kopf = inhalt[:8]
    if not inhalt.strip():
        return "leer"
    if kopf.startswith(b"%PDF"):
        return "pdf"
    if kopf.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        try:
            with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
                namen = set(z.namelist())
        except ZIPFEHLER:
            return "zip"
        return "xlsx" if "xl/workbook.xml" in namen else "zip"
    if kopf.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if kopf.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    if kopf.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "bild"
    if kopf.startswith(b"\x1f\x8b"):
        return "gzip"
    probe = inhalt[:8192]
    if len(probe) >= 4:
        gerade, ungerade = probe[0::2], probe[1::2]
        if gerade.count(0) > 0.4 * len(gerade) or ungerade.count(0) > 0.4 * len(ungerade):
            return "utf16"
    if b"\x00" in probe:
        return "binaer"
    steuer = sum(1 for b in probe if b < 32 and b not in (9, 10, 13))
    if steuer > max(2, len(probe) // 100):
        return "binaer"
    return "text"


def _endung(dateiname: str) -> str:
    return PurePosixPath(dateiname.replace("\\", "/")).suffix.lower()


def _art_pruefen(dateiname: str, art: str) -> None:
    """Reject content that does not match the name, and content we never read."""
    endung = _endung(dateiname)
    name = PurePosixPath(dateiname.replace("\\", "/")).name or "Datei"
    inhalt = INHALTSARTEN[art]
    if art == "leer":
        raise _fehler(f"Die Datei „{name}“ ist leer.")
    if art == "utf16":
        raise _fehler(
            f"Die Datei „{name}“ ist in UTF-16 kodiert; diese Kodierung wird nicht gelesen "
            "(erwartet: CSV in UTF-8 – in Excel „CSV UTF-8 (durch Trennzeichen getrennt)“ – oder Windows-1252)."
        )
    if endung in MAKROENDUNGEN:
        raise _fehler(
            f"Die Datei „{name}“ ist eine Excel-Arbeitsmappe mit Makros ({endung}); Makros werden aus "
            "Sicherheitsgründen nicht angenommen (erwartet: .xlsx ohne Makros – in Excel „Speichern unter … "
            "Excel-Arbeitsmappe (.xlsx)“ – oder CSV)."
        )
    if endung == ".xls" or (art == "ole2" and endung not in EXCELENDUNGEN):
        raise _fehler(
            f"Die Datei „{name}“ hat das alte Excel-Format (.xls), das nicht gelesen wird "
            "(erwartet: .xlsx oder CSV; in Excel „Speichern unter … Excel-Arbeitsmappe (.xlsx)“)."
        )
    if endung in EXCELENDUNGEN and art != "xlsx":
        raise _fehler(f"Die Datei „{name}“ ist keine Excel-Arbeitsmappe: ihr Inhalt ist {inhalt} "
                      "(erwartet: eine .xlsx-Datei).")
    if endung in TEXTENDUNGEN and art != "text":
        raise _fehler(f"Die Datei „{name}“ ist keine Textdatei ({endung}): ihr Inhalt ist {inhalt} "
                      f"(erwartet: {'CSV' if endung in ('.csv', '.txt', '.tsv') else 'GeoJSON'}-Text).")
    if endung == ".zip" and art not in ("zip", "xlsx"):
        raise _fehler(f"Die Datei „{name}“ ist kein ZIP-Archiv: ihr Inhalt ist {inhalt}.")
    if art not in ("text", "xlsx", "zip"):
        raise _fehler(f"Die Datei „{name}“ kann nicht importiert werden: ihr Inhalt ist {inhalt} "
                      "(erwartet: CSV, XLSX, GeoJSON oder ein ZIP-Archiv aus dem Export).")


def zip_pruefen(inhalt: bytes, dateiname: str, max_entpackt: int = MAX_ENTPACKT) -> None:
    """Check the zip directory before anything is unpacked: total size, ratio per member, members."""
    name = PurePosixPath(dateiname.replace("\\", "/")).name or "Datei"
    try:
        with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
            eintraege = z.infolist()
    except ZIPFEHLER:
        raise _fehler(f"Die Datei „{name}“ ist beschädigt (kein lesbares ZIP/XLSX).") from None
    if len(eintraege) > MAX_EINTRAEGE:
        raise _fehler(f"Die Datei „{name}“ enthält {len(eintraege)} Einträge (höchstens {MAX_EINTRAEGE} erlaubt).")
    gesamt = sum(e.file_size for e in eintraege)
    if gesamt > max_entpackt:
        raise _fehler(
            f"Die Datei „{name}“ würde entpackt {gesamt / 2**20:,.0f} MB groß (höchstens "
            f"{max_entpackt / 2**20:,.0f} MB erlaubt) – sie wird nicht geöffnet (mögliche ZIP-Bombe).".replace(",", ".")
        )
    makros = [e.filename for e in eintraege if PurePosixPath(e.filename.replace("\\", "/")).name.lower()
              in ("vbaproject.bin", "vbaprojectsignature.bin")]
    if makros:
        raise _fehler(
            f"Die Datei „{name}“ enthält Makros („{makros[0]}“); Arbeitsmappen mit Makros werden aus "
            "Sicherheitsgründen nicht angenommen (erwartet: .xlsx ohne Makros – in Excel „Speichern unter … "
            "Excel-Arbeitsmappe (.xlsx)“ – oder CSV)."
        )
    for e in eintraege:
        if e.flag_bits & 0x1:
            raise _fehler(f"Die Datei „{name}“ ist verschlüsselt (Eintrag „{e.filename}“); "
                          "bitte ohne Kennwort speichern.")
        if e.file_size > 2**20 and e.file_size > MAX_VERHAELTNIS * max(e.compress_size, 1):
            raise _fehler(
                f"Die Datei „{name}“ enthält den Eintrag „{e.filename}“, der sich auf das "
                f"{e.file_size // max(e.compress_size, 1)}-Fache seiner Größe entpacken würde "
                f"(höchstens das {MAX_VERHAELTNIS}-Fache erlaubt) – sie wird nicht geöffnet (mögliche ZIP-Bombe)."
            )


def dekodieren(inhalt: bytes, dateiname: str = "") -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 with BOM, UTF-8, else Windows-1252."""
    if inhalt.startswith(b"\xef\xbb\xbf"):
        try:
            return inhalt[3:].decode("utf-8").lstrip("\ufeff"), "UTF-8 mit BOM"
        except UnicodeDecodeError:
            raise _fehler(f"Die Datei „{dateiname}“ beginnt mit einer UTF-8-Markierung (BOM), "
                          "enthält aber ungültige UTF-8-Zeichen (erwartet: durchgehend UTF-8).") from None
    try:
        return inhalt.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return inhalt.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise _fehler(f"Die Zeichenkodierung der Datei „{dateiname}“ ist nicht erkennbar "
                      "(erwartet: UTF-8 oder Windows-1252).") from None


def trennzeichen_erkennen(text: str) -> str:
    """The separator giving the widest consistent rows in the first lines (``;`` wins ties)."""
    probe = text[:65536]
    if len(text) > len(probe) and "\n" in probe:
        probe = probe[: probe.rfind("\n")]
    bestes, beste_wertung = ";", (0.0, 0)
    for zeichen in TRENNZEICHEN:
        try:
            zeilen = [z for z in csv.reader(io.StringIO(probe), delimiter=zeichen) if any(f.strip() for f in z)][:50]
        except csv.Error:
            continue
        if not zeilen:
            continue
        breiten = Counter(len(z) for z in zeilen)
        breite, anzahl = max(breiten.items(), key=lambda kv: (kv[1], kv[0]))
        anteil = anzahl / len(zeilen)
        if breite > 1 and anteil >= 0.6 and (anteil >= 0.8, breite) > (beste_wertung[0] >= 0.8, beste_wertung[1]):
            bestes, beste_wertung = zeichen, (anteil, breite)
    return bestes


def _kopf_finden(zeilen: list[tuple[int, list[object]]]) -> int:
    """Index of the header row: the first row with at least half as many filled cells as the widest
    of the first 30 rows (title lines above it are skipped)."""
    gefuellt = [sum(1 for w in z if not ist_leer(w)) for _, z in zeilen[:30]]
    if not gefuellt:
        return 0
    schwelle = max(2, (max(gefuellt) + 1) // 2)
    for i, n in enumerate(gefuellt):
        if n >= schwelle:
            return i
    return 0


def _hat_inhalt(zeile: list[object]) -> bool:
    """A row with at least one filled cell (text rows joined at C speed, other rows cell by cell)."""
    try:
        return bool("".join(zeile).strip())  # type: ignore[arg-type]
    except TypeError:
        return any(not ist_leer(w) for w in zeile)


def _tabelle_bilden(name: str, roh: list[tuple[int, list[object]]], blatt: str | None, beschreibung: str) -> Tabelle:
    """Header detection, header names, trimming of empty rows and columns, ragged rows."""
    # most rows start with a filled text cell: decided without a call
    roh = [(n, z) for n, z in roh if (z and isinstance(z[0], str) and z[0].strip()) or _hat_inhalt(z)]
    if not roh:
        raise ImportFehler([Fehler(None, None, None, "eine Kopfzeile mit Spaltennamen und Datenzeilen",
                                   problem="Die Tabelle ist leer", blatt=blatt)])
    k = _kopf_finden(roh)
    kopfnummer, kopf = roh[k]
    while kopf and ist_leer(kopf[-1]):
        kopf = kopf[:-1]
    if len(kopf) > MAX_SPALTEN:
        raise ImportFehler([Fehler(kopfnummer, None, None, f"höchstens {MAX_SPALTEN} Spalten",
                                   problem=f"Die Kopfzeile hat {len(kopf)} Spalten", blatt=blatt)])
    spalten = [str(w).strip() if not ist_leer(w) else f"Spalte {i + 1}" for i, w in enumerate(kopf)]
    fehler: list[Fehler] = []
    doppelt = [s for s, n in Counter(spalten).items() if n > 1]
    for s in doppelt:
        fehler.append(Fehler(kopfnummer, s, s, "jeden Spaltennamen nur einmal", problem="kommt mehrfach vor",
                             blatt=blatt))
    zeilen = []
    breite = len(spalten)
    for nummer, zeile in roh[k + 1:]:
        if len(zeile) == breite:
            zeilen.append((nummer, zeile if isinstance(zeile, list) else list(zeile)))
            continue
        if len(zeile) > len(spalten):
            if any(not ist_leer(w) for w in zeile[len(spalten):]):
                fehler.append(Fehler(nummer, None, None, f"höchstens {len(spalten)} Felder wie die Kopfzeile",
                                     problem=f"Die Zeile hat {len(zeile)} Felder", blatt=blatt))
                continue
            zeile = zeile[: len(spalten)]
        elif len(zeile) < len(spalten):
            zeile = list(zeile) + [None] * (len(spalten) - len(zeile))
        zeilen.append((nummer, list(zeile)))
    if fehler:
        raise ImportFehler(fehler)
    tabelle = Tabelle(name, spalten, zeilen, kopfzeile=kopfnummer, blatt=blatt, beschreibung=beschreibung)
    if k:
        tabelle.hinweise.append(f"{name}: {k} Titelzeile(n) vor der Kopfzeile (Zeile {kopfnummer}) übersprungen.")
    return tabelle


def csv_lesen(dateiname: str, inhalt: bytes) -> Tabelle:
    """A CSV (or TSV) file: encoding and separator detected."""
    text, kodierung = dekodieren(inhalt, dateiname)
    trenner = trennzeichen_erkennen(text)
    if csv.field_size_limit() < 64 * 2**20:
        csv.field_size_limit(64 * 2**20)  # GeoJSON geometries in the export can be long
    try:  # read at C speed, at most one row beyond the limit
        leser = csv.reader(io.StringIO(text, newline=""), delimiter=trenner)
        roh: list[tuple[int, list[object]]] = list(islice(enumerate(leser, start=1), MAX_ZEILEN + 1))
    except csv.Error as f:
        raise _fehler(f"Die Datei „{dateiname}“ ist keine gültige CSV-Datei ({f}).") from None
    if len(roh) > MAX_ZEILEN:
        raise _fehler(f"Die Datei „{dateiname}“ hat mehr als {MAX_ZEILEN:,} Zeilen.".replace(",", "."))
    beschreibung = f"CSV, {kodierung}, Trennzeichen {TRENNZEICHEN_NAMEN[trenner]}"
    return _tabelle_bilden(dateiname, roh, None, beschreibung)


def geojson_lesen(dateiname: str, inhalt: bytes) -> Tabelle:
    """A GeoJSON FeatureCollection; ``spalten`` are the property names of its features."""
    text, _kodierung = dekodieren(inhalt, dateiname)
    try:
        daten = json.loads(text)
    except (ValueError, RecursionError):
        raise _fehler(f"Die Datei „{dateiname}“ ist kein gültiges JSON "
                      "(erwartet: GeoJSON FeatureCollection).") from None
    if not isinstance(daten, dict) or daten.get("type") != "FeatureCollection" or not isinstance(
        daten.get("features"), list
    ):
        raise _fehler(f"Die Datei „{dateiname}“ ist kein GeoJSON (erwartet: ein Objekt mit "
                      "\"type\": \"FeatureCollection\" und einer Liste \"features\").")
    spalten: list[str] = []
    for feature in daten["features"]:
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            for k in feature["properties"]:
                if k not in spalten:
                    spalten.append(str(k))
    zeilen = [(i + 1, [f]) for i, f in enumerate(daten["features"])]
    return Tabelle(dateiname, spalten, zeilen, kopfzeile=0, beschreibung="GeoJSON", geojson=daten)


def xlsx_lesen(dateiname: str, inhalt: bytes) -> list[Tabelle]:
    """The sheets of an XLSX workbook (read-only, cached values of formulas); empty sheets are skipped."""
    import openpyxl

    tabellen: list[Tabelle] = []
    try:
        mappe = openpyxl.load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True)
    except Exception as f:  # openpyxl raises many kinds of errors for damaged files
        raise _fehler(f"Die Datei „{dateiname}“ ist keine lesbare Excel-Arbeitsmappe (.xlsx){_grund(f)}.") from None
    titel, nummer = None, 0
    try:
        for blatt in mappe.worksheets:
            if not hasattr(blatt, "iter_rows"):
                continue
            titel, nummer = blatt.title, 0
            blatt.reset_dimensions()  # do not trust the declared size
            roh: list[tuple[int, list[object]]] = []
            for nummer, zeile in enumerate(blatt.iter_rows(values_only=True), start=1):
                if nummer > MAX_ZEILEN:
                    raise _fehler(f"Das Blatt „{blatt.title}“ hat mehr als {MAX_ZEILEN:,} Zeilen.".replace(",", "."))
                werte = list(zeile)
                while werte and ist_leer(werte[-1]):
                    werte.pop()
                if len(werte) > MAX_SPALTEN:
                    raise _fehler(f"Das Blatt „{blatt.title}“ hat mehr als {MAX_SPALTEN} Spalten.")
                roh.append((nummer, werte))
            if not any(z for _, z in roh):
                continue
            tabellen.append(_tabelle_bilden(f"{dateiname} › {blatt.title}", roh, blatt.title, "XLSX"))
    except ImportFehler:
        raise
    except Exception as f:  # damaged sheet XML, shared strings, styles …
        wo = f" (Blatt „{titel}“, nach Zeile {nummer})" if titel is not None else ""
        raise _fehler(f"Die Datei „{dateiname}“ ist beschädigt: Excel-Blatt nicht lesbar{wo}{_grund(f)}.") from None
    finally:
        with contextlib.suppress(Exception):  # closing a damaged workbook must not hide the real message
            mappe.close()
    if not tabellen:
        raise _fehler(f"Die Arbeitsmappe „{dateiname}“ enthält keine Daten.")
    return tabellen


def _textdatei_lesen(dateiname: str, inhalt: bytes) -> Tabelle:
    kopf = inhalt.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if _endung(dateiname) in (".json", ".geojson") or kopf == b"{":
        return geojson_lesen(dateiname, inhalt)
    return csv_lesen(dateiname, inhalt)


def datei_lesen(
    dateiname: str, inhalt: bytes, max_groesse: int = MAX_DATEIGROESSE, max_entpackt: int = MAX_ENTPACKT
) -> list[Tabelle]:
    """All tables of a file (see the module docstring); raises ImportFehler for anything unreadable."""
    if not isinstance(inhalt, bytes | bytearray):
        raise _fehler("Der Dateiinhalt fehlt (erwartet: Bytes).")
    inhalt = bytes(inhalt)
    if len(inhalt) > max_groesse:
        raise _fehler(
            f"Die Datei „{dateiname}“ ist {len(inhalt) / 2**20:.1f} MB groß; erlaubt sind höchstens "
            f"{max_groesse / 2**20:.1f} MB.".replace(".", ",")
        )
    art = inhaltsart(inhalt)
    _art_pruefen(dateiname, art)
    if art == "text":
        return [_textdatei_lesen(dateiname, inhalt)]
    zip_pruefen(inhalt, dateiname, max_entpackt)
    if art == "xlsx":
        return xlsx_lesen(dateiname, inhalt)
    return _zip_lesen(dateiname, inhalt, max_entpackt)


def _zip_lesen(dateiname: str, inhalt: bytes, max_entpackt: int) -> list[Tabelle]:
    """The tables of the CSV, XLSX and GeoJSON members of a ZIP archive (already checked by ``zip_pruefen``)."""
    tabellen: list[Tabelle] = []
    with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
        for eintrag in sorted(z.infolist(), key=lambda e: e.filename):
            pfad = PurePosixPath(eintrag.filename.replace("\\", "/"))
            if eintrag.is_dir() or pfad.name.startswith(".") or "__MACOSX" in pfad.parts:
                continue
            if pfad.suffix.lower() in MAKROENDUNGEN:
                _art_pruefen(eintrag.filename, "xlsx")
            if pfad.suffix.lower() not in TEXTENDUNGEN | EXCELENDUNGEN:
                continue
            try:
                daten = z.read(eintrag)
            except ZIPFEHLER as f:
                grund = "Prüfsumme falsch" if "CRC" in str(f) else "Daten nicht entpackbar"
                raise _fehler(f"Der Eintrag „{eintrag.filename}“ in „{dateiname}“ ist beschädigt ({grund}).") from None
            unterart = inhaltsart(daten)
            if unterart == "zip":
                raise _fehler(f"„{eintrag.filename}“ in „{dateiname}“ ist selbst ein ZIP-Archiv (nicht erlaubt).")
            _art_pruefen(eintrag.filename, unterart)
            if unterart == "xlsx":
                zip_pruefen(daten, eintrag.filename, max_entpackt)
                neue = xlsx_lesen(pfad.name, daten)
            else:
                neue = [_textdatei_lesen(pfad.name, daten)]
            for t in neue:
                t.datei = pfad.name
            tabellen.extend(neue)
    if not tabellen:
        raise _fehler(f"Das ZIP-Archiv „{dateiname}“ enthält keine CSV-, XLSX- oder GeoJSON-Dateien.")
    return tabellen
