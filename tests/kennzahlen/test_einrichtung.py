"""Erste Einrichtung: the municipality by import and by function, the KGSt defaults, long goal texts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kennzahlen import einrichtung
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik, transaktion
from kennzahlen.importe import ImportFehler, art_erkennen, importieren, vorlage
from kennzahlen.importe.export import export_dateien
from kennzahlen.importe.lesen import datei_lesen
from kennzahlen.models import Handlungsfeld, Kommune, Ziel


def _csv(*zeilen: str) -> bytes:
    return ("\n".join(zeilen) + "\n").encode("utf-8")


def test_ein001_kommune_import_setzt_name_schluessel_einwohner(fabrik):
    """A one-row "kommune" file sets name, key and inhabitants; a second file changes them (still one row)."""
    importieren(fabrik, "kommune.csv", _csv("Kommune;Gemeindeschlüssel;Einwohner", "Stadt Köln;05315000;1.084.831"),
                "test")
    assert einrichtung.kommune_lesen(fabrik) == einrichtung.Kommunedaten("Stadt Köln", "05315000", 1084831)
    importieren(fabrik, "kommune.csv", _csv("Kommune;Einwohner", "Köln;1090000"), "test")
    with fabrik() as s:
        assert s.scalar(select(func.count(Kommune.id))) == 1
    # a column the file lacks keeps its value
    assert einrichtung.kommune_lesen(fabrik) == einrichtung.Kommunedaten("Köln", "05315000", 1090000)


def test_ein002_kommune_import_ergaenzt_fuehrende_null_mit_hinweis(fabrik):
    """A key that a spreadsheet read as a number (7 digits) gets its leading zero back, and the report says so."""
    bericht = importieren(fabrik, "kommune.csv", _csv("Kommune;AGS", "Stadt Köln;5315000"), "test")
    assert einrichtung.kommune_lesen(fabrik).gemeindeschluessel == "05315000"
    assert any("führende Null ergänzt" in h for h in bericht.hinweise)


@pytest.mark.parametrize("zeilen, teil", [
    (("Kommune;Gemeindeschlüssel", "Köln;0531500X"), "Gemeindeschlüssel"),
    (("Kommune;Einwohner", "Köln;-5"), "Einwohner"),
    (("Kommune;Einwohner", "Köln;1", "Bonn;2"), "genau eine Zeile"),
])
def test_ein003_kommune_import_fehler_schreibt_nichts(fabrik, zeilen, teil):
    """A wrong key, a negative count or two rows fail loudly, naming the column, and store nothing."""
    with pytest.raises(ImportFehler) as fehler:
        importieren(fabrik, "kommune.csv", _csv(*zeilen), "test")
    assert teil in str(fehler.value)
    assert einrichtung.kommune_lesen(fabrik) is None


def test_ein004_kommune_vorlage_wird_erkannt_und_importiert(fabrik):
    """The CSV template of the format is recognised as "kommune" and imports as it stands."""
    inhalt = vorlage("kommune", "csv")
    tabelle = datei_lesen("vorlage.csv", inhalt)[0]
    assert art_erkennen(tabelle.spalten) == ["kommune"]
    importieren(fabrik, "00_kommune.csv", inhalt, "test")
    assert einrichtung.kommune_lesen(fabrik).gemeindeschluessel == "05999000"


@pytest.mark.parametrize("name, schluessel, einwohner, teil", [
    ("", None, None, "Name"), ("Köln", "123", None, "Gemeindeschlüssel"), ("Köln", None, "viele", "Einwohner"),
    ("Köln", None, "0", "Einwohner"), ("x" * 201, None, None, "höchstens 200"),
])
def test_ein005_kommune_pruefen_meldet_das_feld(name, schluessel, einwohner, teil):
    """The settings check refuses empty names, keys that are not 8/12 digits and counts that are not > 0."""
    with pytest.raises(ValueError, match=teil):
        einrichtung.kommune_pruefen(name, schluessel, einwohner)


def test_ein006_kommune_pruefen_liest_deutsche_zahl():
    """'1.084.831' and a 12-digit Regionalschlüssel with blanks are accepted."""
    daten = einrichtung.kommune_pruefen(" Stadt Köln ", "05315 0000000", "1.084.831")
    assert daten == einrichtung.Kommunedaten("Stadt Köln", "053150000000", 1084831)


def test_ein007_kgst_vorgaben_nur_in_leere_zielstruktur(fabrik):
    """The KGSt Handlungsfelder go into an empty database; a second call refuses and changes nothing."""
    with transaktion(fabrik) as s:
        assert einrichtung.kgst_vorgaben_anlegen(s) == len(einrichtung.KGST_HANDLUNGSFELDER)
    with transaktion(fabrik) as s:
        s.execute(Handlungsfeld.__table__.update().where(Handlungsfeld.code == "HF1").values(name="Eigener Name"))
    with pytest.raises(ValueError, match="nichts überschrieben"), transaktion(fabrik) as s:
        einrichtung.kgst_vorgaben_anlegen(s)
    with fabrik() as s:
        namen = dict(s.execute(select(Handlungsfeld.code, Handlungsfeld.name)).all())
    assert len(namen) == len(einrichtung.KGST_HANDLUNGSFELDER) and namen["HF1"] == "Eigener Name"


def test_ein008_kurzname_erster_satz_und_wortgrenze():
    """The short name is the first sentence; a long sentence is cut at a word with '…'."""
    assert einrichtung.kurzname("Arbeit sichern. Weitere Erläuterung folgt.") == "Arbeit sichern"
    lang = "Wort " * 60
    kurz = einrichtung.kurzname(lang)
    assert kurz.endswith("…") and len(kurz) <= einrichtung.KURZNAME_HOECHSTENS and "Wor…" not in kurz


def _stammdaten(fabrik):
    importieren(fabrik, "hf.csv", _csv("Handlungsfeld;Name", "HF1;Arbeit"), "test")


def test_ein009_langer_zieltext_passt(fabrik):
    """A goal text of 700 characters in "Name" is kept whole as Zieltext, with a derived short name and a note."""
    _stammdaten(fabrik)
    text = "Bis 2030 sinkt die Zahl der Langzeitleistungsbeziehenden " + "deutlich und nachhaltig " * 27 + "."
    assert len(text) > 600
    bericht = importieren(fabrik, "ziele.csv", _csv("Ziel;Name;Ebene;Zielfeld;Handlungsfeld",
                                                    f"Z1;{text};strategisch;ergebnisse;HF1"), "test")
    with fabrik() as s:
        z = s.scalars(select(Ziel)).one()
    assert z.zieltext == text and len(z.name) <= einrichtung.KURZNAME_HOECHSTENS and text.startswith(z.name[:-1])
    assert any("Kurzname" in h for h in bericht.hinweise)


def test_ein010_kurzname_und_zieltext_getrennt_und_im_export(fabrik, tmp_path):
    """Name and Zieltext in their own columns are stored as given and survive export → import."""
    engine = engine_erstellen(f"sqlite:///{tmp_path / 'ziel.sqlite'}")
    aktualisieren(engine)
    fabrik_ziel = sessionfabrik(engine)
    _stammdaten(fabrik)
    voll = "Existenzsichernde Erwerbsarbeit ermöglichen: " + "x" * 2000
    importieren(fabrik, "ziele.csv", _csv("Ziel;Name;Zieltext;Ebene;Zielfeld;Handlungsfeld",
                                          f"Z1;Arbeit ermöglichen;{voll};strategisch;ergebnisse;HF1"), "test")
    importieren(fabrik, "kommune.csv", _csv("Kommune;Einwohner", "Musterstadt;250000"), "test")
    dateien = export_dateien(fabrik)
    assert "00_kommune.csv" in dateien
    for name, inhalt in sorted(dateien.items()):
        importieren(fabrik_ziel, name, inhalt, "test")
    with fabrik_ziel() as s:
        z = s.scalars(select(Ziel)).one()
    assert (z.name, z.zieltext) == ("Arbeit ermöglichen", voll)
    assert einrichtung.kommune_lesen(fabrik_ziel) == einrichtung.Kommunedaten("Musterstadt", None, 250000)


def test_ein011_kommandozeile_einrichten(sqlite_url, monkeypatch, capsys):
    """`python -m kennzahlen einrichten --kgst --kommune …` sets up an empty database; a second --kgst refuses."""
    from kennzahlen.__main__ import main

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["einrichten", "--kgst", "--kommune", "Stadt Köln", "--gemeindeschluessel", "05315000",
                 "--einwohner", "1.084.831"]) == 0
    assert "8 Handlungsfelder" in capsys.readouterr().out
    fabrik = sessionfabrik(engine_erstellen(sqlite_url))
    assert einrichtung.kommune_lesen(fabrik) == einrichtung.Kommunedaten("Stadt Köln", "05315000", 1084831)
    assert main(["einrichten", "--kgst", "--kommune", "Köln"]) == 1
    assert "nichts überschrieben" in capsys.readouterr().err
    assert einrichtung.kommune_lesen(fabrik).name == "Stadt Köln"  # one transaction: the name stays too
