"""Leichte Sprache for Ziele and Kennzahlen: an optional column of the master-data import, stored beside the
technical text, exported again; a file without the column leaves a stored text alone."""

from sqlalchemy import select

from kennzahlen.importe import FORMATE, importieren
from kennzahlen.importe.export import daten_exportieren
from kennzahlen.models import Kennzahl, Ziel

STAMM = "Handlungsfeld;Name\nHF1;Arbeit\n"
ZIELE = ("Ziel;Name;Ebene;Zielfeld;Handlungsfeld;Leichte Sprache\n"
         "Z1;Arbeit ermöglichen;strategisch;ergebnisse;HF1;Mehr Menschen haben Arbeit. Das ist gut.\n"
         "Z2;Schnelle Bescheide;strategisch;prozesse;HF1;\n")
KENNZAHLEN = ("Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;leichte_sprache\n"
              "K1;SGB II-Quote;%;jahr;wirkung;niedriger_besser;Wie viele Menschen bekommen Geld vom Job·center?\n")


def _texte(fabrik, modell) -> dict[str, str | None]:
    with fabrik() as s:
        return dict(s.execute(select(modell.code, modell.leichte_sprache)).all())


def test_ls001_import_speichert_leichte_sprache(fabrik):
    """The optional column (also spelled leichte_sprache) fills the text; an empty cell stores none."""
    for name, text in (("hf.csv", STAMM), ("ziele.csv", ZIELE), ("kennzahlen.csv", KENNZAHLEN)):
        importieren(fabrik, name, text.encode(), "test")
    assert _texte(fabrik, Ziel) == {"Z1": "Mehr Menschen haben Arbeit. Das ist gut.", "Z2": None}
    assert _texte(fabrik, Kennzahl) == {"K1": "Wie viele Menschen bekommen Geld vom Job·center?"}
    assert "Leichte Sprache" in [s.name for s in FORMATE["ziele"].spalten]


def test_ls002_ohne_spalte_bleibt_der_text(fabrik):
    """A later file without the column changes the name but keeps the stored Leichte-Sprache text."""
    importieren(fabrik, "hf.csv", STAMM.encode(), "test")
    importieren(fabrik, "ziele.csv", ZIELE.encode(), "test")
    importieren(fabrik, "ziele2.csv", b"Ziel;Name;Ebene;Zielfeld;Handlungsfeld\n"
                                      b"Z1;Arbeit f\xc3\xbcr alle;strategisch;ergebnisse;HF1\n", "test")
    assert _texte(fabrik, Ziel)["Z1"] == "Mehr Menschen haben Arbeit. Das ist gut."


def test_ls003_export_enthaelt_leichte_sprache(fabrik):
    """The export writes the column, so an export can be imported again without losing the texts."""
    importieren(fabrik, "hf.csv", STAMM.encode(), "test")
    importieren(fabrik, "ziele.csv", ZIELE.encode(), "test")
    kopf, zeilen = next((k, z) for art, k, z in daten_exportieren(fabrik) if art == "ziele")
    spalte = kopf.index("Leichte Sprache")
    assert {z[0]: z[spalte] for z in zeilen} == {"Z1": "Mehr Menschen haben Arbeit. Das ist gut.", "Z2": None}
