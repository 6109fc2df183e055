"""Hardening found by fuzzing: lookalike codes (BOM, zero-width space, Cyrillic letters), duplicate keys
across the tables of one import, damaged ZIP members, macros, and messages that show what is really in
a cell. Every test failed before its fix."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from kennzahlen.importe import ImportFehler, importieren
from kennzahlen.importe.fehler import Fehler
from kennzahlen.importe.lesen import datei_lesen
from kennzahlen.importe.werte import WertFehler, code_lesen
from kennzahlen.models import Handlungsfeld, Kennzahl, Kennzahlwert

STAMMDATEN = (
    "Handlungsfeld;Name\nHF1;Arbeit\n",
    "Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;Raumebene;Handlungsfeld\n"
    "K101;SGB II-Quote;%;jahr;Wirkung;Niedriger besser;stadt;HF1\n",
)
WERTE_KOPF = "Kennzahl;Jahr;Wertart;Wert\n"


@pytest.fixture
def stamm(fabrik):
    """An empty database with one Handlungsfeld and one Kennzahl (K101)."""
    for i, text in enumerate(STAMMDATEN):
        importieren(fabrik, f"stamm{i}.csv", text.encode(), "test")
    return fabrik


def _fehlertexte(fabrik, name: str, inhalt: bytes, art: str | None = None) -> list[str]:
    with pytest.raises(ImportFehler) as info:
        importieren(fabrik, name, inhalt, "test", art)
    return [f.text() for f in info.value.fehler]


def _zip(eintraege: dict[str, bytes], kompression: int = zipfile.ZIP_STORED) -> bytes:
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", compression=kompression) as z:
        for name, daten in eintraege.items():
            z.writestr(name, daten)
    return puffer.getvalue()


def _xlsx(blaetter: dict[str, list[list[object]]]) -> bytes:
    mappe = openpyxl.Workbook()
    mappe.remove(mappe.active)
    for titel, zeilen in blaetter.items():
        blatt = mappe.create_sheet(titel)
        for zeile in zeilen:
            blatt.append(zeile)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


# ------------------------------------------------------------------------------- 7. lookalike codes
def test_imp070_kyrillisches_k_im_code_wird_abgelehnt(stamm, zaehlen):
    """A Cyrillic К in K101 is refused with row, column, the code point and the Latin letter it looks like."""
    vorher = zaehlen(stamm)
    texte = _fehlertexte(stamm, "kennzahlen.csv", (
        "Kennzahl;Name;Einheit;Frequenz;Typ;Richtung\nК101;Quote;%;jahr;wirkung;höher besser\n").encode())
    assert len(texte) == 1
    assert texte[0].startswith("Zeile 2, Spalte „Kennzahl“: „К101“ enthält nicht-lateinische Buchstaben")
    assert "U+041A (CYRILLIC CAPITAL LETTER KA), kyrillisch" in texte[0] and "sieht aus wie „K“" in texte[0]
    assert zaehlen(stamm) == vorher


def test_imp071_griechische_buchstaben_und_fremde_ziffern():
    """Greek letters and digits other than 0–9 are refused in every code; fullwidth Latin becomes ASCII (NFKC)."""
    with pytest.raises(WertFehler) as info:
        code_lesen("ΗF1")
    assert "U+0397" in info.value.problem and "sieht aus wie „H“" in info.value.problem
    with pytest.raises(WertFehler) as info:
        code_lesen("١٠١")
    assert "Ziffern außer 0–9" in info.value.problem
    assert code_lesen("ＫＡ１") == "KA1"


def test_imp072_unsichtbare_zeichen_werden_entfernt_mit_hinweis(stamm):
    """BOM, zero-width space and soft hyphen in codes are removed, with a note naming the row; NBSP → space."""
    inhalt = (WERTE_KOPF + "K101\u200b;2023;ist;5\n\ufeffK101;2024;ist;6\nK1\u00ad01;2025;ist;7\n").encode()
    bericht = importieren(stamm, "werte.csv", inhalt, "test")
    assert bericht.neu == 3
    hinweise = "\n".join(bericht.hinweise)
    assert "Zeile 2, Spalte „Kennzahl“: unsichtbare Zeichen entfernt (U+200B (ZERO WIDTH SPACE))" in hinweise
    assert "„K101⟨U+200B⟩“" in hinweise and "Zeile 3" in hinweise and "U+00AD (SOFT HYPHEN)" in hinweise
    bericht = importieren(stamm, "hf.csv", "Handlungsfeld;Name\n\u00a0HF1\u200d;Arbeit\n".encode(), "test")
    assert bericht.keine_aenderung
    with stamm() as s:
        assert s.scalars(select(Handlungsfeld.code)).all() == ["HF1"]
        assert s.scalars(select(Kennzahl.code)).all() == ["K101"]
    assert code_lesen("K\u00a0101 ") == "K 101"


def test_imp073_zelle_nur_aus_unsichtbaren_zeichen_ist_ein_fehler(stamm):
    """A code cell holding only a zero-width space is an error, not silently empty."""
    texte = _fehlertexte(stamm, "werte.csv", (WERTE_KOPF + "\u200b;2024;ist;5\n").encode())
    assert texte == ["Zeile 2, Spalte „Kennzahl“: „⟨U+200B⟩“ enthält nur unsichtbare Zeichen "
                     "(U+200B (ZERO WIDTH SPACE)) (erwartet: Code wie 050101 oder K101)"]


def test_imp074_doppelte_schluessel_in_zwei_zip_eintraegen(stamm, zaehlen):
    """The same key in two ZIP members: an error naming both places unless the rows are identical."""
    a = (WERTE_KOPF + "K101;2024;ist;5\n").encode()
    b = (WERTE_KOPF + "K101;2023;ist;4\nK101;2024;ist;6\n").encode()
    vorher = zaehlen(stamm)
    texte = _fehlertexte(stamm, "paket.zip", _zip({"a_werte.csv": a, "b_werte.csv": b}))
    assert len(texte) == 1 and texte[0].startswith("Datei „b_werte.csv“, Zeile 3, Spalte „Kennzahl“: „K101“ kommt "
                                                   "doppelt vor mit gleicher Periode, Wertart und Sozialraum: schon in "
                                                   "Tabelle „a_werte.csv“, Zeile 2, dort mit anderen Werten")
    assert zaehlen(stamm) == vorher
    bericht = importieren(stamm, "paket.zip", _zip({"a_werte.csv": a, "b_werte.csv": a}), "test")
    assert bericht.neu == 1 and bericht.unveraendert == 1


def test_imp075_doppelte_schluessel_auf_zwei_blaettern(stamm):
    """The same Handlungsfeld on two sheets of one workbook with other names is an error naming both sheets."""
    inhalt = _xlsx({"Teil 1": [["Handlungsfeld", "Name"], ["HF2", "Wohnen"]],
                    "Teil 2": [["Handlungsfeld", "Name"], ["HF3", "Bildung"], ["HF2", "Wohnen und Bauen"]]})
    texte = _fehlertexte(stamm, "hf.xlsx", inhalt)
    assert texte == ["Blatt „Teil 2“, Zeile 3, Spalte „Handlungsfeld“: „HF2“ kommt doppelt vor: schon in Tabelle "
                     "„hf.xlsx › Teil 1“, Zeile 2, dort mit anderen Werten (erwartet: jeden Schlüssel nur einmal je "
                     "Import (gleiche Zeilen in mehreren Tabellen sind erlaubt))"]


def test_imp076_doppelte_haushaltsbetraege_in_zwei_eintraegen(fabrik):
    """Budget amounts: the same product, year, line and kind in two members with another amount is an error."""
    kopf = "Produkt;Produktbezeichnung;Jahr;Zeile;Betragsart;Betrag\n"
    a = (kopf + "050101;Hilfe;2024;15;ansatz;-100\n").encode()
    b = (kopf + "050101;Hilfe;2024;15;ansatz;-200\n").encode()
    texte = _fehlertexte(fabrik, "haushalt.zip", _zip({"a.csv": a, "b.csv": b}))
    assert len(texte) == 1 and "schon in Tabelle „a.csv“, Zeile 2, dort mit anderem Betrag" in texte[0]


# ------------------------------------------------------------------------------ 8. crashes, messages
def test_imp077_beschaedigter_zip_eintrag_ist_ein_importfehler(fabrik):
    """A member whose deflate stream is damaged (zlib.error) is reported by name, not raised."""
    inhalt = bytearray(_zip({"werte.csv": (WERTE_KOPF + "K101;2024;ist;5\n" * 50).encode()}, zipfile.ZIP_DEFLATED))
    with zipfile.ZipFile(io.BytesIO(bytes(inhalt))) as z:
        e = z.infolist()[0]
    inhalt[e.header_offset + 30 + len(e.filename) + len(e.extra)] = 0xFF  # reserved block type
    texte = _fehlertexte(fabrik, "paket.zip", bytes(inhalt))
    assert texte == ["Datei: Der Eintrag „werte.csv“ in „paket.zip“ ist beschädigt (Daten nicht entpackbar)."]


def test_imp078_haushalt_lang_ohne_produktspalte(fabrik):
    """--art haushalt_lang without any product column: „Spalte fehlt“, not StopIteration."""
    texte = _fehlertexte(fabrik, "h.csv", b"Jahr;Zeile;Betragsart;Betrag\n2024;15;ansatz;5\n", "haushalt_lang")
    assert texte == ["Zeile 1, Spalte „Produkt“: Spalte fehlt (erwartet: eine Spalte „Produkt“, „Produktgruppe“ "
                     "oder „Produktbereich“ mit dem Produktcode)"]
    texte = _fehlertexte(fabrik, "h.csv", b"Zeile;Ansatz 2024\n15;5\n", "haushalt_breit")
    assert texte[0].startswith("Zeile 1, Spalte „Produkt“: Spalte fehlt")


def test_imp079_makros_werden_abgelehnt(fabrik):
    """.xlsm files and any workbook with xl/vbaProject.bin are refused with a German message."""
    mappe = _xlsx({"Handlungsfelder": [["Handlungsfeld", "Name"], ["HF1", "Arbeit"]]})
    texte = _fehlertexte(fabrik, "hf.xlsm", mappe)
    assert "ist eine Excel-Arbeitsmappe mit Makros (.xlsm)" in texte[0]
    puffer = io.BytesIO(mappe)
    with zipfile.ZipFile(puffer, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(60))
    texte = _fehlertexte(fabrik, "hf.xlsx", puffer.getvalue())
    assert texte == ["Datei: Die Datei „hf.xlsx“ enthält Makros („xl/vbaProject.bin“); Arbeitsmappen mit Makros "
                     "werden aus Sicherheitsgründen nicht angenommen (erwartet: .xlsx ohne Makros – in Excel "
                     "„Speichern unter … Excel-Arbeitsmappe (.xlsx)“ – oder CSV)."]
    texte = _fehlertexte(fabrik, "paket.zip", _zip({"hf.xlsm": mappe}))
    assert "mit Makros (.xlsm)" in texte[0]


def test_imp080_unsichtbare_zeichen_in_meldungen_sichtbar():
    """Messages show invisible characters: „12⟨U+200B⟩“, „a⟨U+00A0⟩b“."""
    assert Fehler(3, "Wert", "12\u200b", "Zahl", "ist keine Zahl").text() == (
        "Zeile 3, Spalte „Wert“: „12⟨U+200B⟩“ ist keine Zahl (erwartet: Zahl)")
    assert "„a⟨U+00A0⟩b\\tc“" in Fehler(1, None, "a\u00a0b\tc", "", "x").text()


def test_imp081_zu_langer_code_nennt_das_trennzeichen(stamm):
    """A row written with another separator: „Trennzeichen falsch?“ instead of only „zu lang“."""
    texte = _fehlertexte(stamm, "werte.csv", (WERTE_KOPF + "K101;2023;ist;4\nK101,2024,ist,5,0,0,0,0\n").encode(),
                         "kennzahlwerte")
    assert texte[0] == ("Zeile 3, Spalte „Kennzahl“: „K101,2024,ist,5,0,0,0,0“ ist als Code zu lang (23 Zeichen) – "
                        "Trennzeichen falsch? Die Zelle enthält „,“ (erwartet: höchstens 20 Zeichen)")


def test_imp082_verwechselbare_buchstaben_in_auswahl_und_kopf(stamm):
    """A Cyrillic і in „ist“ and a Cyrillic К in the header are named, not just „kein erlaubter Wert“/„fehlt“."""
    texte = _fehlertexte(stamm, "werte.csv", (WERTE_KOPF + "K101;2024;іst;5\n").encode())
    assert "„іst“ ist kein erlaubter Wert (enthält „і“ = U+0456" in texte[0] and "sieht aus wie „i“" in texte[0]
    texte = _fehlertexte(stamm, "werte.csv", "Кennzahl;Jahr;Wertart;Wert\nK101;2024;ist;5\n".encode(),
                         "kennzahlwerte")
    assert texte[0].startswith("Zeile 1, Spalte „Kennzahl“: Spalte fehlt; nicht zugeordnete Spalten der Datei: "
                               "„Кennzahl“ (enthält „К“ = U+041A")


def test_imp083_geojson_mit_riesigen_koordinaten(fabrik):
    """A GeoJSON integer too large for a float is a wrong coordinate, not an OverflowError."""
    ring = [[10**400, 0], [0, 0], [0, 1], [10**400, 0]]
    geo = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"Code": "1", "Name": "A"},
                                                      "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    texte = _fehlertexte(fabrik, "stadtteile.geojson", json.dumps(geo).encode())
    assert "hat Koordinaten außerhalb von WGS84" in texte[0]


def test_imp084_altersband_mit_5000_ziffern(fabrik):
    """An age band cell of 5,000 digits is not an age band (no ValueError from int())."""
    inhalt = ("tab_id;jahr;raum_id;zeile;zahl\n020;2012;000;00 - < 03;5\n020;2012;000;00 - < " + "9" * 5000
              + ";5\n").encode()
    texte = _fehlertexte(fabrik, "statistik.csv", inhalt, "bevoelkerung_statistik")
    assert "Altersbänder ist nicht eindeutig erkennbar" in texte[0]


def test_imp085_geojson_codes_werden_wie_zellen_gelesen(fabrik):
    """GeoJSON codes go through the same code reader: a Cyrillic letter is refused, a BOM removed."""
    ring = [[6.9, 50.9], [6.95, 50.9], [6.95, 50.95], [6.9, 50.9]]

    def feature(code):
        return {"type": "Feature", "properties": {"Code": code, "Name": "A"},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    geo = {"type": "FeatureCollection", "features": [feature("К1")]}
    texte = _fehlertexte(fabrik, "stadtteile.geojson", json.dumps(geo).encode())
    assert "U+041A" in texte[0]
    geo["features"] = [feature("\ufeff101")]
    bericht = importieren(fabrik, "stadtteile.geojson", json.dumps(geo).encode(), "test")
    assert bericht.neu == 1 and any("U+FEFF" in h for h in bericht.hinweise)


def test_imp086_beschaedigte_xlsx_nennt_datei(fabrik):
    """A workbook with a damaged sheet member is an ImportFehler naming the file."""
    inhalt = bytearray(_xlsx({"Daten": [["Handlungsfeld", "Name"], ["HF1", "Arbeit"]]}))
    with zipfile.ZipFile(io.BytesIO(bytes(inhalt))) as z:
        e = z.getinfo("xl/worksheets/sheet1.xml")
    inhalt[e.header_offset + 30 + len(e.filename) + len(e.extra)] = 0xFF
    texte = _fehlertexte(fabrik, "hf.xlsx", bytes(inhalt))
    assert texte == ["Datei: Die Datei „hf.xlsx“ ist keine lesbare Excel-Arbeitsmappe (.xlsx); Daten nicht entpackbar."]
    with pytest.raises(ImportFehler):
        datei_lesen("hf.xlsx", bytes(inhalt))


def test_imp087_kennzahlwert_mit_bom_trifft_die_vorhandene_kennzahl(stamm):
    """The value of „\\ufeffK101“ lands on K101 (no new Kennzahl, no unknown code)."""
    importieren(stamm, "werte.csv", (WERTE_KOPF + "\ufeffK101;2024;ist;5\n").encode(), "test")
    with stamm() as s:
        assert s.scalar(select(Kennzahl.code).join(Kennzahlwert, Kennzahlwert.kennzahl_id == Kennzahl.id)) == "K101"
