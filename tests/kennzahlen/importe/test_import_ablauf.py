"""The import run: all or nothing, every error reported, idempotent, logged with history, preview,
recognition of the format, sign conventions, templates, master data checks."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import select

from kennzahlen.importe import FORMATE, VORLAGEN, ImportFehler, importieren, vorlage
from kennzahlen.models import (
    Haushaltsbetrag,
    Importprotokoll,
    Kennzahlwert,
    Periodenabschluss,
    Planzeile,
    Produkt,
    Wertaenderung,
    Ziel,
    ZielProdukt,
)

STAMMDATEN = (
    "Handlungsfeld;Name\nHF1;Arbeit\n",
    "Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;Raumebene;Handlungsfeld\n"
    "K101;SGB II-Quote;%;quartal;Wirkung;Niedriger besser;sozialraum;HF1\n"
    "K102;Übergänge;%;jahr;wirkung;höher besser;stadt;HF1\n",
    "Sozialraum;Name;Ebene\n001;Altstadt;sozialraum\n",
)


def _stammdaten(fabrik) -> None:
    for i, text in enumerate(STAMMDATEN):
        importieren(fabrik, f"stamm{i}.csv", text.encode(), "test")


def test_imp020_fehlerhafte_zeilen_schreiben_nichts_und_alle_fehler_werden_gemeldet(fabrik, zaehlen):
    """One file with several bad rows writes nothing and reports every error with row, column, value, expectation."""
    _stammdaten(fabrik)
    vorher = zaehlen(fabrik)
    inhalt = (b"Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert\n"
              b"K101;2024;quartal;1;001;ist;12,5\n"
              b"K101;2024;quartal;2;001;ist;12,3x\n"
              b"K999;2024;quartal;3;;ist;1\n"
              b"K101;20x4;quartal;5;001;Soll;1\n"
              b"K102;2024;jahr;1;;geraten;1\n")
    with pytest.raises(ImportFehler) as info:
        importieren(fabrik, "werte.csv", inhalt, "test")
    texte = [f.text() for f in info.value.fehler]
    assert texte == [
        "Zeile 3, Spalte „Wert“: „12,3x“ ist keine Zahl (erwartet: Dezimalzahl wie 1.234,56)",
        "Zeile 4, Spalte „Kennzahl“: „K999“ ist als Kennzahl unbekannt "
        "(erwartet: ein Code, der als Kennzahl gespeichert ist)",
        "Zeile 5, Spalte „Jahr“: „20x4“ ist keine ganze Zahl (erwartet: ganze Zahl von 1900 bis 2200)",
        "Zeile 5, Spalte „Periode“: „5“ passt nicht zur Periodenart quartal (erwartet: 1 bis 4)",
        "Zeile 6, Spalte „Wertart“: „geraten“ ist kein erlaubter Wert "
        "(erwartet: einer von: ist, zielwert, ausgangswert, prognose, vergleichswert)",
    ]
    f = info.value.fehler[0]
    assert (f.zeile, f.spalte, f.wert) == (3, "Wert", "12,3x")
    assert "nichts gespeichert: 5 Fehler" in str(info.value)
    assert zaehlen(fabrik) == vorher


def test_imp021_zweimal_importieren_aendert_nichts_und_protokolliert(fabrik):
    """The same file twice: the second import changes nothing, says so, and both runs are logged."""
    _stammdaten(fabrik)
    inhalt = b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;17,5\nK102;2024;zielwert;20\n"
    erster = importieren(fabrik, "werte.csv", inhalt, "anna")
    zweiter = importieren(fabrik, "werte.csv", inhalt, "bernd")
    assert (erster.neu, erster.geaendert) == (2, 0)
    assert zweiter.keine_aenderung and zweiter.unveraendert == 2
    assert "Keine Änderungen" in zweiter.text() and "bereits importiert: Nr." in zweiter.text()
    with fabrik() as s:
        protokolle = s.scalars(select(Importprotokoll).where(Importprotokoll.dateiname == "werte.csv")
                               .order_by(Importprotokoll.id)).all()
        assert [(p.benutzer, p.zeilen_neu, p.zeilen_geaendert, p.zeilen_unveraendert) for p in protokolle] == [
            ("anna", 2, 0, 0), ("bernd", 0, 0, 2)]
        assert protokolle[0].sha256 == protokolle[1].sha256 == erster.sha256 and len(erster.sha256) == 64
        assert {w.import_id for w in s.scalars(select(Kennzahlwert))} == {erster.import_id}


def test_imp022_geaenderte_werte_behalten_ihre_geschichte(fabrik):
    """A changed value is updated, counted as changed and its old value kept in Wertaenderung."""
    _stammdaten(fabrik)
    importieren(fabrik, "a.csv", b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;17,5\nK102;2024;ist;18\n", "anna")
    bericht = importieren(fabrik, "b.csv", b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;17,9\nK102;2024;ist;18,0\n"
, "bernd")
    assert (bericht.neu, bericht.geaendert, bericht.unveraendert) == (0, 1, 1)
    assert bericht.aenderungen[0].alt == "17,5" and bericht.aenderungen[0].neu == "17,9"
    with fabrik() as s:
        (aenderung,) = s.scalars(select(Wertaenderung)).all()
        wert = s.get(Kennzahlwert, aenderung.datensatz_id)
        assert (aenderung.tabelle, aenderung.alter_wert, aenderung.neuer_wert) == (
            "kennzahlwert", Decimal("17.5"), Decimal("17.9"))
        assert aenderung.geaendert_von == "bernd" and aenderung.import_id == bericht.import_id
        assert wert.wert == Decimal("17.9") and wert.import_id == bericht.import_id


def test_imp023_vorschau_schreibt_nichts(fabrik, zaehlen):
    """nur_vorschau returns the exact counts and changes of a real import and writes nothing."""
    _stammdaten(fabrik)
    importieren(fabrik, "a.csv", b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;17,5\n", "test")
    vorher = zaehlen(fabrik)
    inhalt = b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;19\nK102;2024;ist;20\n"
    bericht = importieren(fabrik, "b.csv", inhalt, "test", nur_vorschau=True)
    assert bericht.vorschau and bericht.import_id is None
    assert (bericht.neu, bericht.geaendert) == (1, 1)
    assert "Vorschau" in bericht.text() and "17,5 → 19" in bericht.text()
    assert zaehlen(fabrik) == vorher


def test_imp024_importart_erkannt_oder_erfragt(fabrik):
    """The format is recognised from the columns; unknown columns are an "unbekanntes Format" naming the closest
    formats with their missing columns (at most three candidates, not every format)."""
    with pytest.raises(ImportFehler) as info:
        importieren(fabrik, "x.csv", b"Spalte A;Spalte B\n1;2\n", "test")
    assert "Unbekanntes Format" in str(info.value) and 1 <= len(info.value.kandidaten) <= 3
    with pytest.raises(ImportFehler) as info:
        importieren(fabrik, "x.csv", b"Kennzahl;Jahr;Wertart;Betrag\nK1;2024;ist;3\n", "test")
    assert info.value.kandidaten[0] == "kennzahlwerte" and "Kennzahlwerte (es fehlt „Wert“)" in str(info.value)
    with pytest.raises(ImportFehler, match="Unbekannte Importart"):
        importieren(fabrik, "x.csv", b"a;b\n1;2\n", "test", art="gibtsnicht")
    bericht = importieren(fabrik, "hf.csv", b"Handlungsfeld;Name\nHF1;Arbeit\n", "test")
    assert bericht.art == "handlungsfelder"
    with pytest.raises(ImportFehler, match="Spalte fehlt"):
        importieren(fabrik, "hf.csv", b"Code;Bezeichnung\nHF1;Arbeit\n", "test", art="handlungsfelder")


def test_imp025_leere_datenbank_nennt_den_befehl(sqlite_url):
    """A database without schema is not changed by importieren; the error names the set-up command."""
    from kennzahlen.db import engine_erstellen, sessionfabrik

    engine = engine_erstellen(sqlite_url)
    with pytest.raises(ImportFehler, match="python -m kennzahlen db upgrade"):
        importieren(sessionfabrik(engine), "hf.csv", b"Handlungsfeld;Name\nHF1;Arbeit\n", "test")
    engine.dispose()


PLAN_INVERTIERT = (
    "Produkt;Produktbezeichnung;Zeile;Ergebnis 2023\n"
    "0601;Kita;01 - Steuern und ähnliche Abgaben;0\n"
    "0601;Kita;02 - Zuwendungen und allg. Umlagen;-1.000\n"
    "0601;Kita;10 = ordentliche Erträge;-1.000\n"
    "0601;Kita;11 - Personalaufwendungen;800\n"
    "0601;Kita;15 - Transferaufwendungen;700\n"
    "0601;Kita;17 = ordentliche Aufwendungen;1.500\n"
    "0601;Kita;18 = Ergebnis (10 und 17);500\n"
)


def test_imp026_vorzeichen_erkannt_oder_gewaehlt(fabrik):
    """An inverted file (Erträge negative) is detected at its sum lines and stored Erträge +/Aufwendungen −."""
    bericht = importieren(fabrik, "invertiert.csv", PLAN_INVERTIERT.encode(), "test")
    assert "erkannt: Erträge negativ, Aufwendungen positiv" in bericht.text()
    assert "keine weitere Abweichung" in bericht.text()
    with fabrik() as s:
        betraege = dict(s.execute(select(Planzeile.nummer, Haushaltsbetrag.betrag)
                                  .join(Planzeile, Planzeile.id == Haushaltsbetrag.planzeile_id)).all())
    assert betraege == {"01": 0, "02": Decimal(1000), "11": Decimal(-800), "15": Decimal(-700)}
    falsch = importieren(fabrik, "invertiert.csv", PLAN_INVERTIERT.encode(), "test",
                         optionen={"vorzeichen": "aufwand_positiv"}, nur_vorschau=True)
    assert "(gewählt)" in falsch.text() and "weichen stärker ab" in falsch.text()
    with pytest.raises(ImportFehler, match="keine Vorzeichenregel"):
        importieren(fabrik, "x.csv", PLAN_INVERTIERT.encode(), "test", optionen={"vorzeichen": "egal"})


def test_imp027_vorlagen_haben_deutsche_koepfe_und_importieren_zusammen(fabrik):
    """Every template (CSV and XLSX) has the German headers and one example row; together they import."""
    from kennzahlen.importe.formate import vorlage_spalten
    from kennzahlen.importe.lesen import datei_lesen

    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as z:
        for art in VORLAGEN:
            csv_text = vorlage(art, "csv")
            assert csv_text.startswith(b"\xef\xbb\xbf")
            (tabelle,) = datei_lesen(f"{art}.csv", csv_text)
            assert len(tabelle.zeilen) == 1 and tabelle.spalten == [n for _s, n, _b in vorlage_spalten(art)]
            kommentare = [z.strip('"') for z in csv_text.decode("utf-8-sig").splitlines() if z.lstrip('"')[:1] == "#"]
            for name in tabelle.spalten:  # every column explained above the header, in one cell
                assert any(k.startswith(f"# {name} (") or k.startswith(f"# {name}:") for k in kommentare), (art, name)
            assert set(tabelle.spalten) >= set(FORMATE[art].pflichtspalten)
            xlsx = datei_lesen(f"{art}.xlsx", vorlage(art, "xlsx"))
            assert [t.blatt for t in xlsx][1] == "Erläuterung" and xlsx[0].spalten == tabelle.spalten
            z.writestr(f"{FORMATE[art].dateiname}.csv", csv_text)
    bericht = importieren(fabrik, "vorlagen.zip", puffer.getvalue(), "test")
    assert bericht.art == "paket" and bericht.neu > 0
    assert importieren(fabrik, "ziele.xlsx", vorlage("ziele", "xlsx"), "test").keine_aenderung


def test_imp028_stammdaten_hierarchie_und_anteile(fabrik):
    """Parents may come later in the file, cycles are rejected, shares accept percent."""
    importieren(fabrik, "hf.csv", b"Handlungsfeld;Name\nHF1;Arbeit\n", "test")
    ziele = ("Ziel;Name;Ebene;Zielfeld;Handlungsfeld;Übergeordnetes Ziel\n"
             "Z1.1;Operativ;operativ;ergebnisse;HF1;Z1\nZ1;Strategisch;strategisch;ergebnisse;HF1;\n")
    importieren(fabrik, "ziele.csv", ziele.encode(), "test")
    with fabrik() as s:
        unter = s.scalars(select(Ziel).where(Ziel.code == "Z1.1")).one()
        assert s.get(Ziel, unter.parent_id).code == "Z1"
    kreis = "Ziel;Name;Ebene;Zielfeld;Handlungsfeld;Übergeordnetes Ziel\nZ1;S;strategisch;ergebnisse;HF1;Z1.1\n"
    with pytest.raises(ImportFehler, match="bildet einen Kreis"):
        importieren(fabrik, "kreis.csv", kreis.encode(), "test")
    importieren(fabrik, "p.csv", b"Produkt;Name;Ebene\n05;Soziales;produktbereich\n", "test")
    importieren(fabrik, "zp.csv", b"Ziel;Produkt;Anteil\nZ1;05;60 %\n", "test")
    with fabrik() as s:
        assert s.scalars(select(ZielProdukt.anteil)).one() == Decimal("0.6")
    with pytest.raises(ImportFehler, match="liegt nicht zwischen 0 und 1"):
        importieren(fabrik, "zp.csv", b"Ziel;Produkt;Anteil\nZ1;05;1,5\n", "test")


def test_imp029_abgeschlossene_perioden(fabrik):
    """Values of a period closed by Controlling cannot change unless the option allows it."""
    _stammdaten(fabrik)
    importieren(fabrik, "a.csv", b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;17,5\n", "test")
    with fabrik() as s, s.begin():
        s.add(Periodenabschluss(jahr=2023, periodenart="jahr", periode=1, abgeschlossen_von="controlling"))
    neu = b"Kennzahl;Jahr;Wertart;Wert\nK102;2023;ist;18\n"
    with pytest.raises(ImportFehler, match="abgeschlossene Periode"):
        importieren(fabrik, "b.csv", neu, "test")
    assert importieren(fabrik, "b.csv", neu, "test", optionen={"abgeschlossene_perioden_aendern": True}).geaendert == 1


@pytest.mark.postgres
def test_imp030_koeln_auf_sqlite_und_postgresql(fabrik_beide, koeln):
    """The raw Köln budget imports the same on SQLite and PostgreSQL, and a repeat changes nothing."""
    pfad = koeln / "haushalt" / "teilergebnisplan_produktgruppen_2010-2015_original.csv"
    bericht = importieren(fabrik_beide, pfad.name, pfad.read_bytes(), "test")
    assert bericht.je_tabelle["haushaltsbetrag"].neu == 12120
    assert importieren(fabrik_beide, pfad.name, pfad.read_bytes(), "test").keine_aenderung
    _stammdaten(fabrik_beide)
    importieren(fabrik_beide, "w.csv", b"Kennzahl;Jahr;Sozialraum;Wertart;Wert\nK101;2024;1;ist;12,345678\n",
                "test")
    with fabrik_beide() as s:
        assert s.scalars(select(Kennzahlwert.wert)).one() == Decimal("12.345678")
        assert s.scalar(select(Produkt.code).where(Produkt.code == "0501")) == "0501"
