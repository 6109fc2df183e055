"""The import formats as data: German column headers, required and optional columns, how each format
is recognised from its columns, and the downloadable templates (CSV and XLSX with one example row).

Every format is an ``Importformat``; ``FORMATE`` maps its ``art`` (e.g. ``"kennzahlwerte"``) to it, in
the order in which a full export writes them and a multi-part import applies them (master data
first). ``art_erkennen(tabelle)`` names the format(s) a table fits; ``vorlage(art, "csv"|"xlsx")``
returns a template file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kennzahlen.importe.werte import schluessel
from kennzahlen.models import (
    AUFGABENARTEN,
    BETRAGSARTEN,
    FREQUENZEN,
    KENNZAHLTYPEN,
    MASSNAHMENSTATUS,
    PERIODENARTEN,
    PRODUKTEBENEN,
    RAUMEBENEN,
    RICHTUNGEN,
    SOZIALRAUMEBENEN,
    VERAENDERUNGSSTATUS,
    VERSIONEN,
    WERTARTEN,
    WERTSTATUS,
    ZEILENARTEN,
    ZIELEBENEN,
    ZIELFELDER,
)

ERLAEUTERUNG = "Erläuterung"
"""Name of the explanation sheet in XLSX templates; an import skips a sheet of this name."""


TYPEN = {
    "code": "Code (Text; führende Nullen bleiben – in Excel die Spalte als Text formatieren)",
    "text": "Text",
    "zahl": "Zahl (1.234,5 oder 1234.5)",
    "betrag": "Betrag in Euro (6.135.790-, -6.135.790 oder (6.135.790))",
    "ganzzahl": "ganze Zahl",
    "auswahl": "einer der erlaubten Werte",
    "datum": "Datum (31.12.2024 oder 2024-12-31)",
    "ja_nein": "ja oder nein",
    "anteil": "Anteil über 0 bis 1 (0,6 oder 60 %)",
}
"""How each column type is written, in German (documentation and templates)."""


@dataclass(frozen=True)
class Spalte:
    """A column of an import format: German header, type, required or not, meaning and example."""

    name: str
    typ: str = "text"  # code, text, zahl, betrag, ganzzahl, auswahl, datum, ja_nein, anteil
    pflicht: bool = False
    beschreibung: str = ""
    beispiel: str = ""
    aliase: tuple[str, ...] = ()
    werte: tuple[str, ...] = ()
    laenge: int | None = None

    @property
    def schluessel(self) -> set[str]:
        """Normalised header names under which this column is recognised."""
        return {schluessel(self.name), *(schluessel(a) for a in self.aliase)}

    @property
    def grenze(self) -> str:
        """The length limit in words ('höchstens 300 Zeichen'), or ''."""
        laenge = self.laenge or (20 if self.typ == "code" else None)
        return f"höchstens {laenge} Zeichen" if laenge else ""

    def erklaerung(self) -> str:
        """One line of plain German on the column (required, type, allowed values, limit, meaning, example)."""
        teile = ["Pflicht" if self.pflicht else "optional"]
        teile.append("erlaubt: " + ", ".join(self.werte) if self.werte else TYPEN.get(self.typ, self.typ))
        if self.grenze:
            teile.append(self.grenze)
        text = f"{self.name} ({', '.join(teile)})"
        if self.beschreibung:
            text += f": {self.beschreibung}"
        return text + (f" – Beispiel: {self.beispiel}" if self.beispiel else "")


@dataclass(frozen=True)
class Importformat:
    """One import format: its columns, its recognition rule and its template."""

    art: str
    titel: str
    beschreibung: str
    spalten: tuple[Spalte, ...]
    erkennung: tuple[tuple[str, ...], ...]
    """Groups of column names; every group needs one of its columns (names or aliases) in the file."""
    dateiname: str | None = None
    """Stem of the export and template file; None for foreign formats that are only read."""
    jahresspalten: bool = False
    """Wide budget form: one column per kind and year ('Ergebnis 2024', 'Ansatz 2025', …)."""
    beispielspalten: tuple[tuple[str, str], ...] = ()
    """Extra template columns (header, example) for ``jahresspalten``."""
    blatt: str = ""
    hinweise: tuple[str, ...] = field(default=())

    def spalte(self, name: str) -> Spalte:
        """The column called ``name``."""
        return next(s for s in self.spalten if s.name == name)

    @property
    def pflichtspalten(self) -> list[str]:
        """Names of the required columns."""
        return [s.name for s in self.spalten if s.pflicht]


def _liste(werte: Sequence[str]) -> str:
    return ", ".join(werte)


# ------------------------------------------------------------------------------------------ columns
_PRODUKTSPALTEN = (
    Spalte("Produktbereich", "code", beschreibung="Code des Produktbereichs (z. B. 05); wird angelegt, wenn er fehlt",
           beispiel="", aliase=("PB", "Produktbereichsnummer")),
    Spalte("Produktbereichsbezeichnung", beschreibung="Name des Produktbereichs", aliase=("PB_BEZ",), laenge=300),
    Spalte("Produktgruppe", "code", beschreibung="Code der Produktgruppe (z. B. 0501); Köln: „Teilplan“",
           aliase=("Teilplan", "PG", "Produktgruppennummer")),
    Spalte("Produktgruppenbezeichnung", beschreibung="Name der Produktgruppe",
           aliase=("Teilplanbezeichnung", "PG_BEZ"), laenge=300),
    Spalte("Produkt", "code", beschreibung="Code des Produkts (z. B. 050101); die Beträge gehören zur feinsten "
           "ausgefüllten Produktspalte", beispiel="050101", aliase=("Produktnummer", "Produktcode")),
    Spalte("Produktbezeichnung", beschreibung="Name des Produkts; nötig, wenn das Produkt noch nicht existiert",
           beispiel="Kosten der Unterkunft und Heizung nach dem SGB II", aliase=("Produktname",), laenge=300),
)
_PRODUKTGRUPPE = ("Produkt", "Produktgruppe", "Produktbereich")
_ZEILE = Spalte("Zeile", "text", True, "Nummer der Teilergebnisplan-Zeile (01–29) oder „15 - Transferaufwendungen“; "
                "Summenzeilen („10 = …“) werden geprüft, nicht gespeichert", "15",
                aliase=("Teilplanzeile", "Planzeile", "Zeilennummer", "Zeilennr"))
_ZEILENBEZEICHNUNG = Spalte("Zeilenbezeichnung", beschreibung="Name der Zeile (nur zur Information)",
                            beispiel="Transferaufwendungen", aliase=("Zeilenname",))
_ZEILENSCHEMA = Spalte("Zeilenschema", "code", beschreibung="Code des Zeilenschemas (Standard: nkf-nrw-2019 oder "
                       "aus den Zeilen der Datei abgeleitet)", beispiel="nkf-nrw-2019", aliase=("Schema",), laenge=40)
_MASSNAHME = Spalte("Maßnahme", "code", True, "Code der HSK-Maßnahme", "HSK-06-01",
                    aliase=("Massnahme", "HSK-Maßnahme", "Maßnahmennummer"), laenge=20)
_VERSION = Spalte("Version", "auswahl", beschreibung="Planungsstand: " + _liste(VERSIONEN) + " (Standard: beschluss)",
                  beispiel="beschluss", werte=VERSIONEN)

FORMATE_LISTE: tuple[Importformat, ...] = (
    Importformat(
        "kommune", "Kommune", "Die Kommune, die das Cockpit steuert: Name (steht im Kopf jeder Seite), amtlicher "
        "Gemeindeschlüssel und Einwohnerzahl. Genau eine Zeile; sie ersetzt die gespeicherten Angaben.",
        (
            Spalte("Kommune", "text", True, "Name der Kommune", "Stadt Musterstadt",
                   aliase=("Name der Kommune", "Gemeindename", "Gemeinde"), laenge=200),
            Spalte("Gemeindeschlüssel", "code", beschreibung="Amtlicher Gemeindeschlüssel (8 Ziffern) oder "
                   "Regionalschlüssel (12 Ziffern); als Text, damit die führende Null bleibt", beispiel="05999000",
                   aliase=("AGS", "Amtlicher Gemeindeschlüssel", "Regionalschlüssel", "ARS"), laenge=12),
            Spalte("Einwohner", "ganzzahl", beschreibung="Einwohnerzahl (ganze Zahl)", beispiel="250000",
                   aliase=("Einwohnerzahl", "Bevölkerung")),
        ),
        (("Kommune",), ("Gemeindeschlüssel", "Einwohner")), "00_kommune", blatt="Kommune",
    ),
    Importformat(
        "organisationseinheiten", "Organisationseinheiten",
        "Dezernate, Ämter, Fachbereiche und Stabsstellen mit ihrer Über-/Unterordnung.",
        (
            Spalte("Organisationseinheit", "code", True, "Code der Einheit", "50", aliase=("OE", "OE-Code"),
                   laenge=20),
            Spalte("Name", "text", True, "Name der Einheit", "Amt für Soziales und Senioren", laenge=200),
            Spalte("Übergeordnete Organisationseinheit", "code", beschreibung="Code der übergeordneten Einheit",
                   beispiel="", aliase=("Übergeordnet", "Übergeordnete OE")),
        ),
        (("Organisationseinheit",), ("Name",)), "01_organisationseinheiten", blatt="Organisationseinheiten",
    ),
    Importformat(
        "handlungsfelder", "Handlungsfelder", "Handlungsfelder über Fachbereiche hinweg (Arbeit, Wohnen, …).",
        (
            Spalte("Handlungsfeld", "code", True, "Code des Handlungsfelds", "HF1", laenge=20),
            Spalte("Name", "text", True, "Name", "Arbeit und Grundsicherung", laenge=200),
            Spalte("Beschreibung", beschreibung="Erläuterung", beispiel="Existenzsicherung und Integration in Arbeit"),
            Spalte("Reihenfolge", "ganzzahl", beschreibung="Position in Listen (Standard 0)", beispiel="1"),
        ),
        (("Handlungsfeld",), ("Name",)), "02_handlungsfelder", blatt="Handlungsfelder",
    ),
    Importformat(
        "ziele", "Ziele", "Strategische und operative Ziele der Zielpyramide.",
        (
            Spalte("Ziel", "code", True, "Code des Ziels", "Z1", laenge=20),
            Spalte("Name", "text", True, "Kurzname des Ziels für Listen und Grafiken; ein längerer Text wird "
                   "Zieltext, der Kurzname sein erster Satz", "Existenzsichernde Erwerbsarbeit ermöglichen"),
            Spalte("Beschreibung", beschreibung="Erläuterung", beispiel=""),
            Spalte("Ebene", "auswahl", True, _liste(ZIELEBENEN), "strategisch", werte=ZIELEBENEN),
            Spalte("Zielfeld", "auswahl", True, "KGSt-Zielfeld: " + _liste(ZIELFELDER), "ergebnisse", werte=ZIELFELDER),
            Spalte("Handlungsfeld", "code", True, "Code des Handlungsfelds", "HF1"),
            Spalte("Übergeordnetes Ziel", "code", beschreibung="Code des übergeordneten Ziels (bei operativen Zielen)",
                   aliase=("Übergeordnet", "Oberziel")),
            Spalte("Organisationseinheit", "code", beschreibung="Code der verantwortlichen Einheit", beispiel="50"),
            Spalte("Gültig von", "datum", beschreibung="Beginn der Gültigkeit", beispiel="01.01.2024"),
            Spalte("Gültig bis", "datum", beschreibung="Ende der Gültigkeit", beispiel="31.12.2030"),
            Spalte("Zieltext", beschreibung="Voller Wortlaut des Ziels, ohne Längengrenze (die Spalte „Name“ ist "
                   "dann der Kurzname für Listen und Grafiken)", aliase=("Langtext", "Wortlaut", "Zielformulierung")),
            Spalte("Leichte Sprache", beschreibung="Das Ziel in Leichter Sprache (kurze Sätze; auf der Zielseite auf "
                   "Wunsch neben dem Fachtext gezeigt)", aliase=("leichte_sprache",)),
        ),
        (("Ziel",), ("Name",), ("Ebene",), ("Zielfeld",), ("Handlungsfeld",)), "03_ziele", blatt="Ziele",
    ),
    Importformat(
        "kennzahlen", "Kennzahlen (Steckbriefe)", "Kennzahlen mit ihrem Steckbrief.",
        (
            Spalte("Kennzahl", "code", True, "Code der Kennzahl", "K101", laenge=20),
            Spalte("Name", "text", True, "Name", "SGB II-Quote", laenge=300),
            Spalte("Beschreibung", beschreibung="Definition",
                   beispiel="Anteil der Leistungsberechtigten nach dem SGB II"),
            Spalte("Einheit", "text", True, "Einheit (%, €, Fälle, je 1.000 EW …)", "%", laenge=50),
            Spalte("Zähler", beschreibung="Zähler der Formel", beispiel="Leistungsberechtigte SGB II"),
            Spalte("Nenner", beschreibung="Nenner der Formel", beispiel="Einwohner unter der Regelaltersgrenze"),
            Spalte("Quelle", beschreibung="Datenquelle", beispiel="Statistik der Bundesagentur für Arbeit", laenge=300),
            Spalte("Frequenz", "auswahl", True, _liste(FREQUENZEN), "quartal", werte=FREQUENZEN),
            Spalte("Typ", "auswahl", True, _liste(KENNZAHLTYPEN), "wirkung", werte=KENNZAHLTYPEN),
            Spalte("Richtung", "auswahl", True, _liste(RICHTUNGEN), "niedriger_besser", werte=RICHTUNGEN),
            Spalte("Korridor unten", "zahl", beschreibung="Untergrenze des Zielkorridors (nur bei zielkorridor)"),
            Spalte("Korridor oben", "zahl", beschreibung="Obergrenze des Zielkorridors (nur bei zielkorridor)"),
            Spalte("Steuerbar", "ja_nein", beschreibung="ja/nein (Kontextkennzahlen: nein; Standard ja)",
                   beispiel="ja"),
            Spalte("Raumebene", "auswahl", beschreibung=_liste(RAUMEBENEN) + " (Standard stadt)", beispiel="sozialraum",
                   werte=RAUMEBENEN),
            Spalte("Fallzahl", "ja_nein", beschreibung="ja/nein: zählt Personen oder Fälle, kleine Werte je Sozialraum "
                   "werden unterdrückt (leer: ja, wenn kein Nenner und die Einheit keine Quote, kein Betrag und "
                   "keine Dauer ist)", beispiel="nein"),
            Spalte("Nachkommastellen", "ganzzahl", beschreibung="Anzeige (Standard 1)", beispiel="1"),
            Spalte("Handlungsfeld", "code", beschreibung="Code des Handlungsfelds", beispiel="HF1"),
            Spalte("Organisationseinheit", "code", beschreibung="Code der verantwortlichen Einheit", beispiel="50"),
            Spalte("Leichte Sprache", beschreibung="Die Kennzahl in Leichter Sprache (kurze Sätze; auf der "
                   "Kennzahlseite auf Wunsch neben dem Steckbrief gezeigt)", aliase=("leichte_sprache",)),
            Spalte("Rate ab Alter", "ganzzahl", beschreibung="Fallzahlen je Sozialraum zusätzlich als Rate je 1.000 "
                   "Einwohner dieser Altersgruppe zeigen: jüngstes Alter (leer mit „Rate bis Alter“: 0)",
                   beispiel="0"),
            Spalte("Rate bis Alter", "ganzzahl", beschreibung="ältestes Alter der Altersgruppe der Rate "
                   "(20 = unter 21; leer: ohne Obergrenze)", beispiel="20"),
        ),
        (("Kennzahl",), ("Name",), ("Einheit",), ("Frequenz",), ("Typ",), ("Richtung",)), "04_kennzahlen",
        blatt="Kennzahlen",
    ),
    Importformat(
        "produkte", "Produkte", "Produktbereiche, Produktgruppen und Produkte des Haushalts.",
        (
            Spalte("Produkt", "code", True, "Code (z. B. 05, 0501, 050101)", "05", laenge=20),
            Spalte("Name", "text", True, "Name", "Soziale Leistungen", laenge=300),
            Spalte("Ebene", "auswahl", True, _liste(PRODUKTEBENEN), "produktbereich", werte=PRODUKTEBENEN),
            Spalte("Übergeordnetes Produkt", "code", beschreibung="Code der übergeordneten Ebene",
                   aliase=("Übergeordnet",)),
            Spalte("Organisationseinheit", "code", beschreibung="Code der verantwortlichen Einheit", beispiel="50"),
            Spalte("Aufgabenart", "auswahl", beschreibung=_liste(AUFGABENARTEN), werte=AUFGABENARTEN),
            Spalte("Beschreibung", beschreibung="Erläuterung"),
        ),
        (("Produkt",), ("Name",), ("Ebene",)), "05_produkte", blatt="Produkte",
    ),
    Importformat(
        "zeilenschemata", "Zeilenschemata", "Zeilen eines Teilergebnisplan-Schemas; Summenzeilen nennen ihre Teile.",
        (
            Spalte("Zeilenschema", "code", True, "Code des Schemas", "nkf-nrw-2019", laenge=40),
            Spalte("Schemaname", beschreibung="Name des Schemas", beispiel="NKF NRW (29 Zeilen)", laenge=200),
            Spalte("Nummer", "text", True, "Zeilennummer", "01", laenge=4),
            Spalte("Bezeichnung", "text", True, "Name der Zeile", "Steuern und ähnliche Abgaben", laenge=200),
            Spalte("Art", "auswahl", True, _liste(ZEILENARTEN), "ertrag", werte=ZEILENARTEN),
            Spalte("Summe aus", beschreibung="bei Summenzeilen: Nummern der Teile, z. B. 10,17", laenge=200),
        ),
        (("Zeilenschema",), ("Nummer",), ("Bezeichnung",), ("Art",)), "06_zeilenschemata", blatt="Zeilenschemata",
    ),
    Importformat(
        "ziel_produkt", "Ziele ↔ Produkte", "Welcher Anteil des Geldes eines Produkts einem Ziel dient.",
        (
            Spalte("Ziel", "code", True, "Code des Ziels", "Z1"),
            Spalte("Produkt", "code", True, "Code des Produkts", "05"),
            Spalte("Anteil", "anteil", True, "Anteil über 0 bis 1 (oder in %: 60 %)", "0,6"),
        ),
        (("Ziel",), ("Produkt",), ("Anteil",)), "07_ziel_produkt", blatt="Ziel-Produkt",
    ),
    Importformat(
        "ziel_kennzahl", "Ziele ↔ Kennzahlen", "Welche Kennzahl ein Ziel misst, mit Gewicht.",
        (
            Spalte("Ziel", "code", True, "Code des Ziels", "Z1"),
            Spalte("Kennzahl", "code", True, "Code der Kennzahl", "K101"),
            Spalte("Gewicht", "zahl", beschreibung="Gewicht in der Zusammenfassung (Standard 1)", beispiel="1"),
        ),
        (("Ziel",), ("Kennzahl",)), "08_ziel_kennzahl", blatt="Ziel-Kennzahl",
    ),
    Importformat(
        "produkt_kennzahl", "Produkte ↔ Kennzahlen", "Kennzahlen, die ein Produkt beschreiben (z. B. Fallzahl).",
        (
            Spalte("Produkt", "code", True, "Code des Produkts", "05"),
            Spalte("Kennzahl", "code", True, "Code der Kennzahl", "K101"),
            Spalte("Rolle", beschreibung="fallzahl, leistung, wirkung … (Standard leistung)", beispiel="fallzahl",
                   laenge=30),
        ),
        (("Produkt",), ("Kennzahl",)), "09_produkt_kennzahl", blatt="Produkt-Kennzahl",
    ),
    Importformat(
        "sozialraeume", "Sozialräume", "Stadtbezirke und Sozialräume, optional mit Fläche und Geometrie.",
        (
            Spalte("Sozialraum", "code", True, "Code", "101", laenge=20),
            Spalte("Name", "text", True, "Name", "Altstadt-Nord", laenge=200),
            Spalte("Ebene", "auswahl", beschreibung=_liste(SOZIALRAUMEBENEN) + " (Standard sozialraum)",
                   beispiel="sozialraum", werte=SOZIALRAUMEBENEN),
            Spalte("Übergeordneter Sozialraum", "code", beschreibung="Code des Bezirks",
                   aliase=("Übergeordnet", "Bezirk")),
            Spalte("Fläche (km²)", "zahl", beschreibung="Fläche in km²", beispiel="2,361",
                   aliase=("Fläche", "Flaeche km2")),
            Spalte("Geometrie", beschreibung="GeoJSON-Geometrie (WGS84) als Text", aliase=("GeoJSON",)),
        ),
        (("Sozialraum",), ("Name",)), "10_sozialraeume", blatt="Sozialräume",
    ),
    Importformat(
        "sozialraeume_geojson", "Sozialräume (GeoJSON)",
        "GeoJSON-FeatureCollection (WGS84) mit einem Polygon je Bezirk oder Sozialraum. Code und Name werden aus "
        "den Eigenschaften erkannt (Code, Name, Ebene, Übergeordnet; Köln: STB_NR/STB_NAME bzw. STT_NR/STT_NAME; "
        "sonst Optionen code_feld/name_feld). Die Fläche kommt aus „Fläche (km²)“ oder SHAPE_AREA (m²) oder wird "
        "aus der Geometrie berechnet; der Bezirk eines Sozialraums aus „Übergeordnet“ oder dem Code-Anfang.",
        (), (),
    ),
    Importformat(
        "bevoelkerung", "Bevölkerung", "Einwohner je Sozialraum, Jahr und Altersband.",
        (
            Spalte("Sozialraum", "code", True, "Code des Sozialraums", "101"),
            Spalte("Jahr", "ganzzahl", True, "Jahr (Stand 31.12.)", "2024"),
            Spalte("Alter von", "ganzzahl", True, "untere Altersgrenze (einschließlich)", "0"),
            Spalte("Alter bis", "ganzzahl", beschreibung="obere Altersgrenze (einschließlich); leer = und älter",
                   beispiel="2"),
            Spalte("Anzahl", "ganzzahl", True, "Einwohnerinnen und Einwohner", "1.234"),
        ),
        (("Sozialraum",), ("Jahr",), ("Alter von",), ("Anzahl",)), "11_bevoelkerung", blatt="Bevölkerung",
    ),
    Importformat(
        "bevoelkerung_statistik", "Bevölkerung (Statistik-Langformat)",
        "Langformat eines Statistikamts wie Köln (tab_id, tabelle, jahr, raum_id, raum, zei_id, zeile, zahl): "
        "übernommen wird die Tabelle der Altersbänder (Köln 020, erkannt an Zeilen wie „00 - < 03“, „75 und älter“; "
        "Option statistik_tabelle). Zeilen der Gesamtstadt und von Bezirken, deren Stadtteile ebenfalls in der "
        "Datei stehen, werden gegen die Summe geprüft, nicht gespeichert.",
        (
            Spalte("tab_id", "code", True, "Tabellennummer", "020"),
            Spalte("tabelle", beschreibung="Tabellenname"),
            Spalte("jahr", "ganzzahl", True, "Jahr", "2012"),
            Spalte("raum_id", "code", True, "Raumnummer (000 Stadt, 001–009 Bezirke, 101–909 Stadtteile)", "101"),
            Spalte("raum", beschreibung="Raumname"),
            Spalte("zei_id", beschreibung="Zeilennummer"),
            Spalte("zeile", "text", True, "Altersband wie „00 - < 03“ oder „75 und älter“", "00 - < 03"),
            Spalte("zahl", "zahl", True, "Einwohner", "2511.0"),
            Spalte("id", beschreibung="Schlüssel (wird nicht verwendet)"),
        ),
        (("tab_id",), ("jahr",), ("raum_id",), ("zeile",), ("zahl",)),
    ),
    Importformat(
        "kennzahlwerte", "Kennzahlwerte", "Ist-, Ziel-, Ausgangs-, Prognose- und Vergleichswerte je Periode, "
        "für die Stadt oder je Sozialraum.",
        (
            Spalte("Kennzahl", "code", True, "Code der Kennzahl", "K101"),
            Spalte("Jahr", "ganzzahl", True, "Jahr", "2024"),
            Spalte("Periodenart", "auswahl", beschreibung=_liste(PERIODENARTEN) + " (Standard jahr)",
                   beispiel="quartal", werte=PERIODENARTEN),
            Spalte("Periode", "ganzzahl", beschreibung="1 beim Jahr, 1–4 Quartal, 1–3 Tertial, 1–12 Monat (Standard 1)",
                   beispiel="3"),
            Spalte("Sozialraum", "code", beschreibung="Code des Sozialraums; leer = ganze Stadt", beispiel="101"),
            Spalte("Wertart", "auswahl", True, _liste(WERTARTEN), "ist", werte=WERTARTEN, aliase=("Art",)),
            Spalte("Wert", "zahl", True, "Zahl, höchstens 6 Nachkommastellen", "12,3"),
            Spalte("Status", "auswahl", beschreibung=_liste(WERTSTATUS) + " (Standard endgueltig)",
                   beispiel="vorlaeufig", werte=WERTSTATUS),
        ),
        (("Kennzahl",), ("Jahr",), ("Wertart",), ("Wert",)), "12_kennzahlwerte", blatt="Kennzahlwerte",
    ),
    Importformat(
        "sozialatlas_lang", "Sozialatlas (Langform)",
        "Ein Wert je Stadtteil, Merkmal und Jahr wie im Sozialatlas (Flensburg: table, table_label_de, year, "
        "district_id, district_name, variable, value). Je Tabelle und Merkmal entsteht eine Kennzahl auf "
        "Sozialraumebene, falls sie fehlt (Code aus „Kennzahl“ oder „SA-“ und eine Prüfsumme); die Werte werden "
        "Ist-Werte des Jahres. Leere Werte gelten als unterdrückt und werden nicht übernommen (nie als 0); Zeilen "
        "ohne Stadtteil werden übersprungen. Stadtteile werden über Code, Nummer am Code-Ende oder Namen gefunden.",
        (
            Spalte("Stadtteil", "code", True, "Code oder Nummer des Sozialraums; leer = keinem Stadtteil "
                   "zugeordnet (übersprungen)", "101", aliase=("district_id", "Sozialraum", "Stadtteilnummer")),
            Spalte("Stadtteilname", beschreibung="Name des Stadtteils (falls die Nummer nicht eindeutig ist)",
                   beispiel="Altstadt-Nord", aliase=("district_name",)),
            Spalte("Tabelle", beschreibung="Tabelle des Sozialatlas (bildet mit dem Merkmal die Kennzahl)",
                   beispiel="arbeitslose", aliase=("table",), laenge=200),
            Spalte("Tabellenbezeichnung", beschreibung="Titel der Tabelle (Name und Beschreibung neuer Kennzahlen)",
                   beispiel="Arbeitslose in den Stadtteilen", aliase=("table_label_de",)),
            Spalte("Merkmal", "text", True, "Merkmal (Variable) der Tabelle", "Anteil Arbeitslose",
                   aliase=("variable", "Indikator"), laenge=200),
            Spalte("Jahr", "ganzzahl", True, "Jahr", "2024", aliase=("year",)),
            Spalte("Wert", "zahl", True, "Zahl; leer = unterdrückt oder unbekannt", "7,4", aliase=("value",)),
            Spalte("Einheit", beschreibung="Einheit neuer Kennzahlen (Standard: % bei Anteilen und Quoten, sonst "
                   "Anzahl)", beispiel="%", laenge=50),
            Spalte("Richtung", "auswahl", beschreibung="hoeher_besser oder niedriger_besser für neue Kennzahlen "
                   "(Standard niedriger_besser, Beschäftigungsquoten hoeher_besser)", beispiel="niedriger_besser",
                   werte=RICHTUNGEN),
            Spalte("Kennzahl", "code", beschreibung="Code der Kennzahl (leer: aus Tabelle und Merkmal abgeleitet)",
                   beispiel="SA101", laenge=20),
        ),
        (("Stadtteil",), ("Merkmal",), ("Jahr",), ("Wert",)), "12b_sozialatlas", blatt="Sozialatlas",
    ),
    Importformat(
        "haushalt_lang", "Haushalt (Langform)",
        "Teilergebnisplan: ein Betrag je Zeile (Produkt, Jahr, Periode, Zeile, Betragsart, Version). Beträge in "
        "Euro, Erträge positiv und Aufwendungen negativ (andere Vorzeichen werden erkannt oder per Option gewählt); "
        "TEUR auf Wunsch (Option teur oder „TEUR“ in der Spaltenüberschrift).",
        (
            *_PRODUKTSPALTEN,
            Spalte("Jahr", "ganzzahl", True, "Haushaltsjahr", "2024"),
            Spalte("Periodenart", "auswahl", beschreibung=_liste(PERIODENARTEN) + " (Standard jahr)", beispiel="jahr",
                   werte=PERIODENARTEN),
            Spalte("Periode", "ganzzahl", beschreibung="Periode im Jahr (Standard 1)", beispiel="1"),
            _ZEILENSCHEMA,
            _ZEILE,
            _ZEILENBEZEICHNUNG,
            Spalte("Betragsart", "auswahl", True, _liste(BETRAGSARTEN), "ansatz", werte=BETRAGSARTEN),
            _VERSION,
            Spalte("Betrag", "betrag", True, "Betrag in Euro (Aufwand negativ), z. B. -6.135.790 oder 6.135.790-",
                   "6.135.790-", aliase=("Betrag (EUR)", "Betrag in EUR", "Betrag (TEUR)", "Betrag in TEUR")),
        ),
        (_PRODUKTGRUPPE, ("Jahr",), ("Zeile",), ("Betragsart",), ("Betrag",)), "13_haushalt", blatt="Haushalt",
    ),
    Importformat(
        "haushalt_breit", "Haushalt (Breitform wie im gedruckten Plan)",
        "Teilergebnisplan mit einer Spalte je Betragsart und Jahr („Ergebnis 2023“, „Ansatz 2024“, „Planung 2026“, "
        "„Fortgeschriebener Ansatz 2024“, „Prognose 2024“; „Plan 2025“ gilt als Ansatz, Option plan_als). Die Zeile "
        "steht als Nummer oder wie in Köln als „01 - Steuern …“ / „10 = ordentliche Erträge“; dann wird das "
        "Zeilenschema aus der Datei abgeleitet und gespeichert. Summenzeilen werden gegen die Einzelzeilen geprüft "
        "und nie gespeichert; das Vorzeichen wird an ihnen erkannt.",
        (*_PRODUKTSPALTEN, _ZEILENSCHEMA, _ZEILE, _ZEILENBEZEICHNUNG, _VERSION),
        (_PRODUKTGRUPPE, ("Zeile",)), "haushalt_breit", jahresspalten=True,
        beispielspalten=(("Ergebnis 2023", "6.135.790-"), ("Ansatz 2024", "6.200.000-"),
                         ("Planung 2025", "6.300.000-")),
        blatt="Haushalt breit",
    ),
    Importformat(
        "raumgeld", "Geld je Bezirk (Breitform)",
        "Haushaltsbeträge je Stadtbezirk oder Sozialraum und Produktgruppe wie Kölns „bezirke_produktgruppen“: "
        "eine Spalte je Betragsart und Jahr („Ergebnis 2010“, „Plan 2011“ = Ansatz). Die Zeile steht als Nummer oder "
        "als „15 - Transferaufwendungen“ / „17 = ordentliche Aufwendungen“; Summenzeilen werden gegen die "
        "Einzelzeilen geprüft und nie gespeichert, das Vorzeichen wird an ihnen erkannt (Köln: Zuschussbedarf "
        "positiv). Gespeichert wird je Bezirk: Erträge positiv, Aufwendungen negativ.",
        (
            Spalte("Sozialraum", "code", True, "Code des Stadtbezirks oder Sozialraums (vorher importieren)", "101",
                   aliase=("Bezirk", "Stadtbezirk", "Stadtteil", "Bezirksnummer", "Sozialraumcode")),
            Spalte("Sozialraumname", beschreibung="Name des Gebiets (nur zur Information)", beispiel="Altstadt-Nord",
                   aliase=("Bezeichnung", "Bezirksname", "Stadtbezirksname")),
            Spalte("Produktbereich", "code", beschreibung="Code des Produktbereichs (nur zur Information)",
                   aliase=("PB",)),
            Spalte("Produktbereichsbezeichnung", beschreibung="Name des Produktbereichs (nur zur Information)",
                   aliase=("PB_BEZ",)),
            Spalte("Produktgruppe", "code", True, "Code der Produktgruppe (Köln: „Teilplan“)", "0603",
                   aliase=("Teilplan", "PG", "Produktgruppennummer", "Produkt"), laenge=20),
            Spalte("Produktgruppenbezeichnung", "text", True, "Name der Produktgruppe", "Kindertagesbetreuung",
                   aliase=("PG_BEZ", "Teilplanbezeichnung", "Produktbezeichnung"), laenge=300),
            _ZEILE,
        ),
        (("Sozialraum",), ("Produktgruppe",), ("Zeile",)), "14_raumgeld", jahresspalten=True,
        beispielspalten=(("Ergebnis 2024", "1.250.000"), ("Ansatz 2025", "1.300.000")),
        blatt="Geld je Bezirk",
    ),
    Importformat(
        "veraenderungsliste", "Veränderungsliste",
        "Nummerierte Änderungen zum Haushaltsentwurf (erst die der Verwaltung, dann die Anträge der Fraktionen): "
        "ein Betrag je Nr., Produkt, Zeile und Jahr. Betrag: Verbesserung (+) oder Verschlechterung (−) des "
        "Ergebnisses in Euro. Entwurf + Veränderungen = Beschlussvorschlag; abgelehnte und zurückgezogene "
        "zählen nicht.",
        (
            Spalte("Haushaltsjahr", "ganzzahl", True, "Jahr des Entwurfs, zu dem die Liste gehört", "2025"),
            Spalte("Nr.", "text", True, "Nummer in der Liste", "1", aliase=("Nr", "Nummer", "lfd. Nr."), laenge=20),
            Spalte("Bezeichnung", "text", True, "Was geändert wird", "Mehrbedarf Kosten der Unterkunft", laenge=300),
            Spalte("Produkt", "code", True, "Code des Produkts", "050101", aliase=("Produktnummer",)),
            _ZEILE,
            Spalte("Jahr", "ganzzahl", True, "Jahr, für das der Betrag gilt (Haushaltsjahr bis +5)", "2025"),
            Spalte("Betrag", "betrag", True, "Verbesserung (+) oder Verschlechterung (−) in Euro, z. B. -850.000 "
                   "oder 850.000-", "850.000-",
                   aliase=("Betrag (EUR)", "Veränderung")),
            Spalte("Begründung", beschreibung="Begründung", beispiel="Mieten seit der Anmeldung gestiegen"),
            Spalte("Antragsteller", beschreibung="Verwaltung oder Fraktion", beispiel="Verwaltung (Jugendamt)",
                   laenge=200),
            Spalte("Status", "auswahl", beschreibung=_liste(VERAENDERUNGSSTATUS) + " (Standard vorgeschlagen)",
                   beispiel="beschlossen", werte=VERAENDERUNGSSTATUS),
        ),
        (("Haushaltsjahr",), ("Nr.",), ("Produkt",), ("Zeile",), ("Jahr",), ("Betrag",)), "15_veraenderungsliste",
        blatt="Veränderungsliste",
    ),
    Importformat(
        "hsk_massnahmen", "HSK-Maßnahmen",
        "Konsolidierungsmaßnahmen des Haushaltssicherungskonzepts mit Produkt, Umsetzungsstand und den Kennzahlen, "
        "denen sie nicht schaden dürfen. Die Spalte Kennzahlen ersetzt die Verknüpfungen der Maßnahme.",
        (
            _MASSNAHME,
            Spalte("Bezeichnung", "text", True, "Name der Maßnahme", "Ambulant vor stationär", laenge=300),
            Spalte("Beschreibung", beschreibung="Was getan wird",
                   beispiel="Mehr Vollzeitpflege statt Heimunterbringung"),
            Spalte("Produkt", "code", beschreibung="Code des Produkts, bei dem gespart wird", beispiel="05",
                   aliase=("Produktnummer",)),
            Spalte("Status", "auswahl", beschreibung=_liste(MASSNAHMENSTATUS) + " (Standard offen)",
                   beispiel="in_umsetzung", werte=MASSNAHMENSTATUS),
            Spalte("Umsetzungsgrad", "anteil", beschreibung="Umgesetzter Anteil 0 bis 1 oder in Prozent",
                   beispiel="55 %", aliase=("Umsetzungsstand",)),
            Spalte("Verantwortlich", beschreibung="Verantwortliche Stelle", beispiel="Jugendamt", laenge=200),
            Spalte("Kennzahlen", beschreibung="Codes der Kennzahlen, durch Komma getrennt", beispiel="K101"),
        ),
        (("Maßnahme",), ("Bezeichnung",)), "16_hsk_massnahmen", blatt="HSK-Maßnahmen",
    ),
    Importformat(
        "hsk_ziele", "HSK-Einsparziele",
        "Einsparziel und erreichte Einsparung einer HSK-Maßnahme je Jahr in Euro (positiv = gespart); "
        "Erreicht leer: das Jahr ist noch offen.",
        (
            _MASSNAHME,
            Spalte("Jahr", "ganzzahl", True, "Haushaltsjahr", "2025"),
            Spalte("Einsparziel", "betrag", True, "Geplante Einsparung in Euro", "300.000", aliase=("Ziel",)),
            Spalte("Erreicht", "betrag", beschreibung="Erreichte Einsparung in Euro (leer: noch offen)",
                   beispiel="240.000", aliase=("erreichte Einsparung",)),
        ),
        (("Maßnahme",), ("Jahr",), ("Einsparziel",)), "17_hsk_ziele", blatt="HSK-Einsparziele",
    ),
)
FORMATE: dict[str, Importformat] = {f.art: f for f in FORMATE_LISTE}
"""All import formats by ``art``, in the order a multi-part import applies them."""
REIHENFOLGE = {art: i for i, art in enumerate(FORMATE)}
VORLAGEN = tuple(f.art for f in FORMATE_LISTE if f.dateiname)
"""The formats that have a template (the own formats, not the foreign ones that are only read)."""

# --------------------------------------------------------------------------------- year columns
BETRAGSART_WOERTER = {
    "ergebnis": "ergebnis", "ist": "ergebnis", "rechnungsergebnis": "ergebnis", "jahresergebnis": "ergebnis",
    "ansatz": "ansatz", "haushaltsansatz": "ansatz", "plan": "plan",
    "fortgeschriebener_ansatz": "fortgeschriebener_ansatz", "fortgeschr_ansatz": "fortgeschriebener_ansatz",
    "fortgeschriebener_plan": "fortgeschriebener_ansatz",
    "planung": "planung", "finanzplanung": "planung", "mittelfristige_planung": "planung",
    "prognose": "prognose", "hochrechnung": "prognose",
}
"""Words in wide-form headers → Betragsart; "plan" is resolved by the option ``plan_als`` (default ansatz)."""
_JAHR_HINTEN = re.compile(r"^(?P<art>\D*?)[\s_]*(?P<jahr>(?:19|20|21)\d\d)(?P<rest>\D*)$")
_JAHR_VORN = re.compile(r"^(?P<jahr>(?:19|20|21)\d\d)[\s_]*(?P<art>\D+)$")


@dataclass(frozen=True)
class Jahresspalte:
    """A wide-form column: kind, year, and what the rest of the header says (TEUR, version)."""

    betragsart: str
    jahr: int
    teur: bool
    version: str | None


def jahresspalte_lesen(kopf: str) -> Jahresspalte | None:
    """'Ergebnis 2010' → (ergebnis, 2010); 'Ansatz 2025 (TEUR)' → TEUR; 'Ansatz 2025 Entwurf' → version."""
    text = str(kopf).strip()
    treffer = _JAHR_HINTEN.match(text) or _JAHR_VORN.match(text)
    if not treffer:
        return None
    worte = [w for w in schluessel(treffer.group("art")).split("_") if w]
    zusatz = set(worte) | set(schluessel(treffer.groupdict().get("rest") or "").split("_"))
    teur = "teur" in zusatz or "t" in zusatz or "tsd" in zusatz
    version = next((v for v in VERSIONEN if v in zusatz), None)
    worte = "_".join(w for w in worte if w not in ("in", "teur", "t", "tsd", "eur", *VERSIONEN))
    if worte not in BETRAGSART_WOERTER:
        return None
    return Jahresspalte(BETRAGSART_WOERTER[worte], int(treffer.group("jahr")), teur, version)


# ------------------------------------------------------------------------------------ recognition
def spalten_zuordnen(format_: Importformat, spalten: Sequence[str]) -> dict[str, int]:
    """Column name of the format → index in the file, for the columns the file has."""
    index = {schluessel(s): i for i, s in reversed(list(enumerate(spalten)))}
    zuordnung = {}
    for spalte in format_.spalten:
        for k in (schluessel(spalte.name), *(schluessel(a) for a in spalte.aliase)):
            if k in index:
                zuordnung[spalte.name] = index[k]
                break
    return zuordnung


def _passt(format_: Importformat, spalten: Sequence[str]) -> tuple[int, int] | None:
    if not format_.erkennung:
        return None
    zuordnung = spalten_zuordnen(format_, spalten)
    for gruppe in format_.erkennung:
        if not any(name in zuordnung for name in gruppe):
            return None
    if format_.jahresspalten and not any(jahresspalte_lesen(s) for s in spalten):
        return None
    return len(format_.erkennung) + (1 if format_.jahresspalten else 0), len(zuordnung)


def art_erkennen(spalten: Sequence[str], ist_geojson: bool = False) -> list[str]:
    """The formats a table with these headers fits, best first; one entry when it is unambiguous."""
    if ist_geojson:
        return ["sozialraeume_geojson"]
    wertungen = [(w, f.art) for f in FORMATE_LISTE if (w := _passt(f, spalten)) is not None]
    if not wertungen:
        return []
    wertungen.sort(key=lambda t: t[0], reverse=True)
    beste = wertungen[0][0]
    gleich = [art for w, art in wertungen if w == beste]
    return gleich if len(gleich) > 1 else [wertungen[0][1]]


# --------------------------------------------------------------------------------------- templates
def vorlage_spalten(art: str) -> list[tuple[Spalte | None, str, str]]:
    """(column, header, example) of a template, including the example year columns of the wide form."""
    format_ = FORMATE[art]
    zeilen: list[tuple[Spalte | None, str, str]] = [(s, s.name, s.beispiel) for s in format_.spalten]
    if art.startswith("haushalt"):  # the hierarchy columns are optional alternatives to "Produkt"
        weglassen = {"Produktbereich", "Produktbereichsbezeichnung", "Produktgruppe", "Produktgruppenbezeichnung"}
        if art == "haushalt_breit":
            weglassen |= {"Zeilenschema", "Version"}
        zeilen = [z for z in zeilen if z[1] not in weglassen]
    zeilen += [(None, kopf, beispiel) for kopf, beispiel in format_.beispielspalten]
    return zeilen


JAHRESSPALTE = ("Betragsart und Jahr: Ergebnis, Ansatz, Fortgeschriebener Ansatz, Planung, Prognose (Plan = Ansatz); "
                "„TEUR“ im Namen rechnet in Euro um")
"""What a year column of the wide budget form (e.g. „Ansatz 2024“) means, in the templates."""


def csv_erklaerung(art: str) -> list[str]:
    """The comment lines above the header of a CSV template: what the file is and every column (the import
    skips lines above the header; ``;`` becomes ``,`` so that each stays one cell)."""
    f = FORMATE[art]
    zeilen = [f"# Vorlage „{f.titel}“ für das Wirkungscockpit: {f.beschreibung}",
              "# Zeilen mit # über der Kopfzeile erklären die Spalten und werden beim Import übersprungen. "
              "Ab der Kopfzeile: eine Zeile je Datensatz, Trennzeichen Semikolon, Zahlen deutsch (1.234,5)."]
    for s, name, _b in vorlage_spalten(art):
        zeilen.append("# " + (s.erklaerung() if s else f"{name} ({JAHRESSPALTE})"))
    return [z.replace(";", ",").replace("\n", " ") for z in zeilen]


def vorlage(art: str, format: str = "csv") -> bytes:
    """A template for ``art``: the German headers and one example row, as CSV (``;``, UTF-8 with BOM, with
    ``csv_erklaerung`` above the header) or XLSX (plus a sheet „Erläuterung“ describing every column)."""
    from kennzahlen.importe import export
    from kennzahlen.importe.werte import WertFehler, zahl_lesen

    if art not in VORLAGEN:
        raise ValueError(f"Keine Vorlage für „{art}“ (vorhanden: {', '.join(VORLAGEN)})")
    spalten = vorlage_spalten(art)
    kopf = [name for _s, name, _b in spalten]
    if format == "csv":
        return export.zeilen_als_csv(kopf, [[b for _s, _n, b in spalten]], vorspann=csv_erklaerung(art))
    if format != "xlsx":
        raise ValueError(f"Unbekanntes Format „{format}“ (erwartet: csv oder xlsx)")
    beispiel: list[object] = []
    for s, _name, b in spalten:
        wert: object = b
        if b and (s is None or s.typ in ("zahl", "betrag", "ganzzahl", "anteil")):
            try:
                wert = zahl_lesen(b)
            except WertFehler:
                wert = b
        beispiel.append(None if b == "" else wert)
    f = FORMATE[art]
    erlaeuterung = [[s.name if s else name, "ja" if s and s.pflicht else "nein",
                     s.beschreibung if s else JAHRESSPALTE, b]
                    for s, name, b in spalten]
    return export.blaetter_als_xlsx([
        (f.blatt or f.titel[:31], kopf, [beispiel]),
        (ERLAEUTERUNG, ["Spalte", "Pflicht", "Bedeutung", "Beispiel"], erlaeuterung),
    ])
