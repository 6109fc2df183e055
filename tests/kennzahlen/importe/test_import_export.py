"""Out: table downloads with German number formats and without formula injection; the full export
imports back into an empty database unchanged."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from decimal import Decimal

import openpyxl
import pandas as pd
from sqlalchemy import func, select

from kennzahlen.__main__ import main
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.importe import (
    export_xlsx,
    export_zip,
    importieren,
    inhalt_fingerabdruck,
    tabelle_als_csv,
    tabelle_als_xlsx,
)
from kennzahlen.importe.export import sicher
from kennzahlen.models import Haushaltsbetrag, Kennzahlwert, Sozialraumgeld

GEFAHR = ["=SUMME(A1:A9)", "+49 221", "-Sparen", "@SUM(1)", "\tTab", "\rCR", "'=schon", "harmlos", "Größe = 3"]


def test_imp040_formeln_werden_nicht_ausfuehrbar_exportiert():
    """Text cells starting with = + - @ tab CR get an apostrophe in CSV and XLSX; numbers stay numbers."""
    assert [sicher(t) for t in GEFAHR] == ["'=SUMME(A1:A9)", "'+49 221", "'-Sparen", "'@SUM(1)", "'\tTab", "'\rCR",
                                           "''=schon", "harmlos", "Größe = 3"]
    df = pd.DataFrame({"Name": GEFAHR, "Betrag": [-1.5] * len(GEFAHR)})
    csv_text = tabelle_als_csv(df).decode("utf-8-sig")
    assert "'=SUMME(A1:A9);-1,5" in csv_text and "\n=" not in csv_text and "\n+" not in csv_text
    blatt = openpyxl.load_workbook(io.BytesIO(tabelle_als_xlsx(df))).active
    namen = [blatt.cell(row=i, column=1) for i in range(2, 2 + len(GEFAHR))]
    assert all(z.data_type == "s" for z in namen)
    assert [z.value for z in namen][:4] == ["'=SUMME(A1:A9)", "'+49 221", "'-Sparen", "'@SUM(1)"]
    assert blatt.cell(row=2, column=2).value == -1.5 and blatt.cell(row=2, column=2).data_type == "n"


def test_imp041_deutsche_zahlenformate():
    """CSV: ';', decimal comma, UTF-8 with BOM; XLSX: numbers with #,##0 formats, dates TT.MM.JJJJ, years ungrouped."""
    df = pd.DataFrame({"Jahr": [2024, 2025], "Betrag": [Decimal("-6135790.5"), Decimal("1234")],
                       "Quote": [0.125, None], "Stand": [dt.date(2024, 12, 31), None], "Text": ["a", pd.NA]})
    inhalt = tabelle_als_csv(df)
    assert inhalt.startswith(b"\xef\xbb\xbf")
    assert inhalt.decode("utf-8-sig").splitlines() == [
        "Jahr;Betrag;Quote;Stand;Text", "2024;-6135790,5;0,125;31.12.2024;a", "2025;1234;;;"]
    blatt = openpyxl.load_workbook(io.BytesIO(tabelle_als_xlsx(df, "Haushalt"))).active
    assert blatt.title == "Haushalt" and blatt["A1"].font.bold
    assert blatt["A2"].number_format == "0" and blatt["B2"].number_format == "#,##0.0"
    assert blatt["C2"].number_format == "#,##0.000" and blatt["D2"].number_format == "DD.MM.YYYY"


def _demo(demo_vorlage, tmp_path):
    ziel = tmp_path / "demo.sqlite"
    shutil.copy(demo_vorlage, ziel)
    engine = engine_erstellen(f"sqlite:///{ziel}")
    return engine, sessionfabrik(engine)


def test_imp042_vollexport_der_demostadt_importiert_unveraendert(demo_vorlage, tmp_path, fabrik_ziel):
    """Full export of the demo city as ZIP → import into an empty database → identical content."""
    engine, quelle = _demo(demo_vorlage, tmp_path)
    paket = export_zip(quelle)
    with zipfile.ZipFile(io.BytesIO(paket)) as z:
        assert z.namelist()[:2] == ["00_kommune.csv", "01_organisationseinheiten.csv"]
        assert "13_haushalt.csv" in z.namelist()
    bericht = importieren(fabrik_ziel, "export.zip", paket, "test")
    with quelle() as s:
        betraege = s.scalar(select(func.count()).select_from(Haushaltsbetrag))
        werte = s.scalar(select(func.count()).select_from(Kennzahlwert))
        raumgeld = s.scalar(select(func.count()).select_from(Sozialraumgeld))
    assert bericht.je_tabelle["kennzahlwert"].neu == werte and bericht.je_tabelle["haushaltsbetrag"].neu == betraege
    assert raumgeld and bericht.je_tabelle["sozialraumgeld"].neu == raumgeld  # Musterstadt's money per Bezirk
    assert bericht.je_tabelle["veraenderung"].neu == 7  # the Veränderungsliste 2027 of the demo
    assert inhalt_fingerabdruck(fabrik_ziel) == inhalt_fingerabdruck(quelle)
    engine.dispose()


def test_imp043_export_und_import_ueber_die_kommandozeile(fabrik, tmp_path, monkeypatch, capsys):
    """`vorlage alle`, `import` of the templates, `export ORDNER`, `import ORDNER` into a new database: same content."""
    quelle_url = str(fabrik.kw["bind"].url)
    monkeypatch.setenv("DATABASE_URL", quelle_url)
    assert main(["vorlage", "alle", "--format", "xlsx", str(tmp_path / "vorlagen")]) == 0
    assert (tmp_path / "vorlagen" / "12_kennzahlwerte.xlsx").is_file()
    assert main(["import", "--neue-stammdaten-anlegen", str(tmp_path / "vorlagen")]) == 0
    assert main(["export", str(tmp_path / "export")]) == 0
    assert (tmp_path / "export" / "13_haushalt.csv").is_file()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'neu.sqlite'}")
    assert main(["import", "--neue-stammdaten-anlegen", str(tmp_path / "export")]) == 0
    ausgabe = capsys.readouterr().out
    assert "Datenbank eingerichtet" in ausgabe and "Kennzahlwerte, 1 Zeilen" in ausgabe
    ziel_engine = engine_erstellen(f"sqlite:///{tmp_path / 'neu.sqlite'}")
    assert inhalt_fingerabdruck(sessionfabrik(ziel_engine)) == inhalt_fingerabdruck(fabrik)
    ziel_engine.dispose()


def test_imp044_xlsx_export_importiert_unveraendert(demo_vorlage, tmp_path, fabrik_ziel):
    """The XLSX export (one sheet per format) imports back unchanged (master data, districts, population)."""
    engine, quelle = _demo(demo_vorlage, tmp_path)
    paket = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(export_zip(quelle))) as z, zipfile.ZipFile(paket, "w") as klein:
        for name in z.namelist():
            if not name.startswith(("12_", "13_")):
                klein.writestr(name, z.read(name))
    zwischen = sessionfabrik(engine_erstellen(f"sqlite:///{tmp_path / 'zwischen.sqlite'}"))
    from kennzahlen.db import aktualisieren

    aktualisieren(zwischen.kw["bind"])
    importieren(zwischen, "teil.zip", paket.getvalue(), "test")
    mappe, hinweise = export_xlsx(zwischen)
    assert hinweise == []
    assert openpyxl.load_workbook(io.BytesIO(mappe), read_only=True).sheetnames[:3] == [
        "Kommune", "Organisationseinheiten", "Handlungsfelder"]
    importieren(fabrik_ziel, "export.xlsx", mappe, "test")
    assert inhalt_fingerabdruck(fabrik_ziel) == inhalt_fingerabdruck(zwischen)
    zwischen.kw["bind"].dispose()
    engine.dispose()
