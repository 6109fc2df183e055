"""Reading files as they come: encodings, separators, German numbers, TEUR, codes; hostile files."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import select

from kennzahlen.importe import ImportFehler, importieren
from kennzahlen.importe.formate import jahresspalte_lesen
from kennzahlen.importe.lesen import MAX_DATEIGROESSE, datei_lesen, dekodieren, inhaltsart, trennzeichen_erkennen
from kennzahlen.importe.werte import WertFehler, zahl_lesen, zahlenstil_erkennen
from kennzahlen.models import Haushaltsbetrag, Produkt

HAUSHALT = ("Produkt;Produktbezeichnung;Zeile;Ansatz 2024;Ergebnis 2023\n"
            "050101;Kosten der Unterkunft – Übergänge;15;{a};{b}\n")


def _fehlertext(info) -> str:
    return "\n".join(f.text() for f in info.value.fehler)


def test_imp010_kodierungen_utf8_bom_cp1252_und_utf16_abgelehnt():
    """UTF-8, UTF-8 with BOM and Windows-1252 read umlauts correctly; UTF-16 is rejected by name."""
    text = "Sozialraum;Name\n101;Mülheim-Süd Straße\n"
    for inhalt, kodierung in ((text.encode("utf-8"), "UTF-8"),
                              (b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8 mit BOM"),
                              (text.encode("cp1252"), "Windows-1252")):
        assert dekodieren(inhalt) == (text, kodierung)
        (tabelle,) = datei_lesen("raeume.csv", inhalt)
        assert tabelle.spalten == ["Sozialraum", "Name"] and tabelle.zeilen[0][1] == ["101", "Mülheim-Süd Straße"]
    for inhalt in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-16-be")):
        with pytest.raises(ImportFehler, match="UTF-16"):
            datei_lesen("raeume.csv", inhalt)


def test_imp011_trennzeichen_werden_erkannt():
    """; , tab and | are recognised by consistent field counts; commas inside unquoted ;-fields do not confuse it."""
    assert trennzeichen_erkennen("a;b;c\n1;Gremien, Verwaltung;3\n4;x, y, z;6\n") == ";"
    assert trennzeichen_erkennen('a,b,c\n1,"Gremien; x",3\n') == ","
    assert trennzeichen_erkennen("a\tb\tc\n1\t2\t3\n") == "\t"
    assert trennzeichen_erkennen("a|b|c\n1|2|3\n") == "|"


def test_imp012_deutsche_zahlen_nachgestelltes_minus_tausenderpunkte():
    """German numbers: thousands dots, decimal comma, trailing minus, brackets; English style by column."""
    assert zahl_lesen("6.135.790-") == Decimal("-6135790")
    assert zahl_lesen("-14.914.357") == Decimal("-14914357")
    assert zahl_lesen("1.234.567,89") == Decimal("1234567.89")
    assert zahl_lesen("12,5") == Decimal("12.5")
    assert zahl_lesen("(1.200)") == Decimal("-1200")
    assert zahl_lesen("1 234,5 €") == Decimal("1234.5")
    assert zahl_lesen("1023101.0") == Decimal("1023101.0")
    assert zahl_lesen("1.234") == Decimal("1234")
    assert zahl_lesen("1.234", zahlenstil_erkennen(["1.234", "13.5"])) == Decimal("1.234")
    assert zahl_lesen(12.5) == Decimal("12.5") and zahl_lesen(3) == Decimal(3)
    for falsch in ("12,3x", "1.23.4", "1,2,3", "abc", "--5", "1e5", "", True):
        with pytest.raises(WertFehler):
            zahl_lesen(falsch)


def test_imp013_teur_auf_wunsch_und_aus_der_ueberschrift(fabrik):
    """TEUR amounts are scaled on request (option teur) or when the header says TEUR; the report says so."""
    inhalt = HAUSHALT.format(a="6.135,8-", b="6.000-").encode()
    bericht = importieren(fabrik, "plan.csv", inhalt, "test", optionen={"teur": True})
    assert bericht.je_tabelle["haushaltsbetrag"].neu == 2
    with fabrik() as s:
        assert sorted(s.scalars(select(Haushaltsbetrag.betrag))) == [Decimal("-6135800"), Decimal("-6000000")]
    assert jahresspalte_lesen("Ansatz 2025 (TEUR)").teur and not jahresspalte_lesen("Ansatz 2025 (EUR)").teur
    inhalt = b"Produkt;Zeile;Ansatz 2025 in TEUR\n050101;15;1,5-\n"
    bericht = importieren(fabrik, "plan2.csv", inhalt, "test")
    assert "TEUR" in bericht.text()
    with fabrik() as s:
        assert s.scalar(select(Haushaltsbetrag.betrag).where(Haushaltsbetrag.jahr == 2025)) == Decimal("-1500")


def test_imp014_codes_behalten_fuehrende_nullen(fabrik):
    """Codes stay strings with their leading zeros; products missing in the database are created."""
    importieren(fabrik, "plan.csv", HAUSHALT.format(a="1", b="2").encode(), "test")
    with fabrik() as s:
        produkt = s.scalars(select(Produkt)).one()
        assert produkt.code == "050101" and produkt.name == "Kosten der Unterkunft – Übergänge"


def test_imp015_pdf_als_xlsx_und_andere_falsche_inhalte_abgelehnt():
    """A PDF called .xlsx, a ZIP called .csv, an old .xls and an image are rejected with a specific message."""
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
    with pytest.raises(ImportFehler, match=r"keine Excel-Arbeitsmappe: ihr Inhalt ist ein PDF-Dokument"):
        datei_lesen("haushalt.xlsx", pdf)
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(ImportFehler, match=r"keine Textdatei \(\.csv\): ihr Inhalt ist ein ZIP-Archiv"):
        datei_lesen("werte.csv", puffer.getvalue())
    with pytest.raises(ImportFehler, match=r"alte Excel-Format \(\.xls\)"):
        datei_lesen("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ImportFehler, match="ein Bild"):
        datei_lesen("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    with pytest.raises(ImportFehler, match="ist leer"):
        datei_lesen("leer.csv", b"   \n")
    assert inhaltsart(pdf) == "pdf"


def _zipbombe() -> bytes:
    """A small XLSX-shaped zip whose sheet unpacks to 60 MB of zeros (about 60 KB compressed)."""
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 2**20))
    return puffer.getvalue()


def test_imp016_zipbombe_wird_vor_dem_oeffnen_abgelehnt(monkeypatch):
    """An XLSX unpacking to far more than its size is rejected from the zip directory, before openpyxl opens it."""
    import openpyxl

    def nicht_oeffnen(*_a, **_k):
        raise AssertionError("openpyxl darf eine ZIP-Bombe nicht öffnen")

    monkeypatch.setattr(openpyxl, "load_workbook", nicht_oeffnen)
    bombe = _zipbombe()
    assert len(bombe) < 200_000
    with pytest.raises(ImportFehler, match="ZIP-Bombe") as info:
        datei_lesen("haushalt.xlsx", bombe)
    assert "-Fache seiner Größe" in _fehlertext(info)
    with pytest.raises(ImportFehler, match="ZIP-Bombe"):
        datei_lesen("export.zip", bombe, max_entpackt=10 * 2**20)


def test_imp017_groessengrenze(fabrik):
    """Files above the size limit are rejected before anything is parsed; the limit is configurable."""
    assert MAX_DATEIGROESSE == 20 * 2**20
    inhalt = b"Kennzahl;Jahr;Wertart;Wert\n" + b"K1;2024;ist;1\n" * 1000
    with pytest.raises(ImportFehler, match=r"erlaubt sind höchstens 0,0 MB"):
        importieren(fabrik, "werte.csv", inhalt, "test", optionen={"max_groesse": 1000})
    with pytest.raises(ImportFehler, match="erlaubt sind höchstens 20,0 MB"):
        datei_lesen("gross.csv", b"a;b\n" + b"1;2\n" * (5 * 2**20 + 1))


def test_imp018_titelzeilen_und_leere_zeilen(fabrik):
    """Title lines above the header and empty rows are skipped; row numbers stay those of the file."""
    inhalt = b"Teilergebnisplan 2024;;\n;;\nProdukt;Zeile;Ansatz 2024\n050101;15;1.000-\n;;\n050101;16;x\n"
    with pytest.raises(ImportFehler) as info:
        importieren(fabrik, "plan.csv", inhalt, "test")
    assert _fehlertext(info) == "Zeile 6, Spalte „Ansatz 2024“: „x“ ist keine Zahl (erwartet: Dezimalzahl wie 1.234,56)"
