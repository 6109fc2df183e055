"""What every importer shares: options, the running import's context (session, errors, notes, counts),
a row reader that turns cells into typed values or German errors, and the upsert that counts
new/changed/unchanged rows and keeps the history of changed values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from kennzahlen.importe import werte as w
from kennzahlen.importe.fehler import Fehler, sichtbar
from kennzahlen.importe.formate import Importformat, spalten_zuordnen
from kennzahlen.importe.lesen import MAX_DATEIGROESSE, MAX_ENTPACKT, Tabelle
from kennzahlen.models import Wertaenderung

VORZEICHEN = ("auto", "aufwand_negativ", "aufwand_positiv", "ertrag_negativ")
"""Sign conventions of budget files: auto = detect; aufwand_negativ = as stored (Erträge +, Aufwendungen −);
aufwand_positiv = both positive, results Ertrag − Aufwand (printed plans, Köln); ertrag_negativ = inverted."""
VORZEICHEN_TEXT = {
    "aufwand_negativ": "Erträge positiv, Aufwendungen negativ (wie gespeichert)",
    "aufwand_positiv": "Erträge und Aufwendungen positiv, Ergebnis = Erträge − Aufwendungen",
    "ertrag_negativ": "Erträge negativ, Aufwendungen positiv, Ergebnis = Aufwendungen − Erträge "
                      "(Zuschussbedarf positiv)",
}
STAMMDATEN = {"organisationseinheit": "Organisationseinheiten", "handlungsfeld": "Handlungsfelder", "ziel": "Ziele",
              "kennzahl": "Kennzahlen", "produkt": "Produkte", "sozialraum": "Sozialräume",
              "zeilenschema": "Zeilenschemata"}
"""Master data tables (→ German plural): new rows of these are listed in the preview and must be confirmed."""
MAX_AENDERUNGEN = 200
"""How many single changes a report lists (for the preview); the counts are always complete."""


@dataclass(frozen=True)
class Importoptionen:
    """Choices a file cannot tell by itself; every field has a default that fits the own formats."""

    teur: bool = False
    """Budget amounts are in thousand euros: multiply by 1000 (also when a header says TEUR)."""
    vorzeichen: str = "auto"
    """Sign convention of budget files, one of ``VORZEICHEN``."""
    plan_als: str = "ansatz"
    """Betragsart of wide-form columns called 'Plan JJJJ' (ansatz or planung)."""
    version: str | None = None
    """Version of budget rows without a Version column (default beschluss)."""
    zeilenschema: str | None = None
    """Line scheme of budget files without one (default: derived from the file or nkf-nrw-2019)."""
    ebene: str | None = None
    """GeoJSON: bezirk or sozialraum (default: from the file name and properties)."""
    code_feld: str | None = None
    name_feld: str | None = None
    parent_feld: str | None = None
    statistik_tabelle: str | None = None
    """Statistics long format: the tab_id of the age bands (default: recognised, Köln 020)."""
    abgeschlossene_perioden_aendern: bool = False
    """Allow changes in periods closed by Controlling (Periodenabschluss)."""
    neue_stammdaten_anlegen: bool = True
    """Create master data the files name but the database lacks; False: a real import that would create any is
    refused (the command line and the upload page ask for it explicitly)."""
    max_groesse: int = MAX_DATEIGROESSE
    max_entpackt: int = MAX_ENTPACKT

    @classmethod
    def aus(cls, optionen: Importoptionen | Mapping[str, object] | None) -> Importoptionen:
        """Options from an object, a dict (unknown keys are an error) or None."""
        if optionen is None:
            return cls()
        if isinstance(optionen, cls):
            return optionen
        bekannt = {f.name for f in fields(cls)}
        falsch = set(optionen) - bekannt
        if falsch:
            raise ValueError(f"Unbekannte Importoptionen: {', '.join(sorted(falsch))}")
        return cls(**dict(optionen))


@dataclass
class Zaehler:
    """Rows of one table: added, changed, unchanged."""

    neu: int = 0
    geaendert: int = 0
    unveraendert: int = 0


@dataclass(frozen=True)
class Aenderung:
    """One changed value for the preview: table, key in words, old and new value as text."""

    tabelle: str
    schluessel: str
    alt: str | None
    neu: str | None


@dataclass
class Kontext:
    """The running import: its session (one transaction), options, and what it found so far."""

    session: Session
    optionen: Importoptionen
    benutzer: str
    dateiname: str
    import_id: int | None = None
    jetzt: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    fehler: list[Fehler] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)
    zaehler: dict[str, Zaehler] = field(default_factory=dict)
    aenderungen: list[Aenderung] = field(default_factory=list)
    blatt: str | None = None
    datei: str | None = None
    """The file of a package whose table is being read (named in every error)."""
    warnungen: list[str] = field(default_factory=list)
    """What a person must see before confirming (codes changed, …): shown above the notes."""
    neu_angelegt: dict[str, list[str]] = field(default_factory=dict)
    """Master data the import creates: table → codes (listed in the preview, to be confirmed)."""
    _sammel: dict[tuple, int] = field(default_factory=dict)
    _schluessel: dict[tuple[str, Hashable], tuple[str, int | None, object]] = field(default_factory=dict)
    _arten: set[str] = field(default_factory=set)
    _vorgemerkt: dict[str, list[tuple[str, Iterable]]] = field(default_factory=dict)
    _bereinigt: int = 0
    _bereinigt_index: int = 0

    def fehler_melden(self, zeile: int | None, spalte: str | None, wert: object, erwartet: str,
                      problem: str = "ist ungültig") -> None:
        """Record one error (nothing is written when any error was recorded)."""
        text = None if wert is None else w.als_text(wert)
        self.fehler.append(Fehler(zeile, spalte, text, erwartet, problem, self.blatt, datei=self.datei))

    def sammelfehler(self, zeile: int | None, spalte: str | None, wert: object, erwartet: str, problem: str) -> None:
        """Record an error once per (column, value, problem); further rows only raise its count."""
        schluessel = (self.datei, self.blatt, spalte, w.als_text(wert), problem)
        if schluessel in self._sammel:
            i = self._sammel[schluessel]
            f = self.fehler[i]
            self.fehler[i] = dataclasses.replace(f, weitere=f.weitere + 1)
            return
        self._sammel[schluessel] = len(self.fehler)
        self.fehler_melden(zeile, spalte, wert, erwartet, problem)

    def schluessel_melden(self, art: str, schluessel: Hashable, tabelle: str, zeile: int | None,
                          daten: object = None) -> tuple[str, int | None, bool] | None:
        """Register a key of format ``art`` for the whole import (all tables of a file share one context).

        Returns None the first time; else where it came first: (table, row, same values) – the same key
        twice in one table, or with other values in another table, is an error for the caller to report.
        """
        for tabelle_vorher, eintraege in self._vorgemerkt.pop(art, ()):
            self._schluessel.update(((art, k), (tabelle_vorher, z, d)) for k, z, d in eintraege)
        eintrag = self._schluessel.get((art, schluessel))
        daten = _einfrieren(daten)  # the importer may still add to its dicts
        self._arten.add(art)
        if eintrag is None:
            self._schluessel[(art, schluessel)] = (tabelle, zeile, daten)
            return None
        erste_tabelle, erste_zeile, erste_daten = eintrag
        return erste_tabelle, erste_zeile, erste_tabelle != tabelle and erste_daten == daten

    def stand(self) -> tuple:
        """What errors and notes were recorded so far (for ``zuruecksetzen`` after an abandoned fast path)."""
        return (len(self.fehler), len(self.hinweise), len(self.warnungen), dict(self._sammel), self._bereinigt,
                self._bereinigt_index)

    def zuruecksetzen(self, stand: tuple) -> None:
        """Forget the errors and notes recorded since ``stand()``: the row-by-row reading records them again."""
        fehler, hinweise, warnungen, sammel, self._bereinigt, self._bereinigt_index = stand
        del self.fehler[fehler:]
        del self.hinweise[hinweise:]
        del self.warnungen[warnungen:]
        self._sammel = sammel

    def hat_schluessel(self, art: str) -> bool:
        """Keys of format ``art`` were registered before in this import (another table of the package)."""
        return art in self._arten

    def schluessel_eintragen(self, art: str, tabelle: str, eintraege: Iterable[tuple[Hashable, int, tuple]]) -> None:
        """Register many (key, row, values) of a table at once – for the first table of ``art`` only,
        whose keys are known to be unique (``schluessel_melden`` checks one at a time). They are only kept
        until a later table of ``art`` checks its keys (a single table, the usual case, never builds the index)."""
        self._arten.add(art)
        self._vorgemerkt.setdefault(art, []).append((tabelle, eintraege))

    def zeichen_entfernt(self, zeile: int | None, spalte: str | None, wert: object, zeichen: list[str]) -> None:
        """Note invisible characters removed from a code (the first 20 cells, then a count)."""
        self._bereinigt += 1
        if self._bereinigt <= 20:
            ort = Fehler(zeile, spalte, None, "", blatt=self.blatt).ort
            self.hinweis(f"{ort}: unsichtbare Zeichen entfernt ({', '.join(zeichen)}) aus "
                         f"„{sichtbar(w.als_text(wert))[:80]}“.")
            return
        text = f"Unsichtbare Zeichen aus Codes entfernt: ebenso in {self._bereinigt - 20} weiteren Zellen."
        if self._bereinigt == 21:
            self.hinweise.append(text)
            self._bereinigt_index = len(self.hinweise) - 1
        else:
            self.hinweise[self._bereinigt_index] = text

    def warnung(self, text: str) -> None:
        """A warning: something the import changed or assumed that a person must check."""
        if text not in self.warnungen:
            self.warnungen.append(text)

    def angelegt(self, tabelle: str, codes: Iterable[str]) -> None:
        """Note master data rows the import creates (by code)."""
        self.neu_angelegt.setdefault(tabelle, []).extend(codes)

    def hinweis(self, text: str) -> None:
        """A note for the report (warnings, what was detected)."""
        if text not in self.hinweise:
            self.hinweise.append(text)

    def zaehlen(self, tabelle: str) -> Zaehler:
        """The counter of ``tabelle``."""
        return self.zaehler.setdefault(tabelle, Zaehler())

    def aenderung(self, tabelle: str, schluessel: str, alt: object, neu: object) -> None:
        """Remember a change for the preview (the first MAX_AENDERUNGEN)."""
        if len(self.aenderungen) < MAX_AENDERUNGEN:
            self.aenderungen.append(Aenderung(tabelle, schluessel, _anzeigen(alt), _anzeigen(neu)))


def _einfrieren(daten: object) -> object:
    """A snapshot of a row's values: dicts (also inside tuples) as sorted tuples of their items."""
    if isinstance(daten, dict):
        return tuple(sorted(((k, _einfrieren(v)) for k, v in daten.items()), key=lambda kv: str(kv[0])))
    if isinstance(daten, tuple):
        return tuple(_einfrieren(v) for v in daten)
    return daten


def _anzeigen(wert: object) -> str | None:
    if wert is None:
        return None
    if isinstance(wert, Decimal):
        return format(wert.normalize(), "f").replace(".", ",")
    return w.als_text(wert)


# ------------------------------------------------------------------------------------ row reader
class Zeilenleser:
    """Reads the rows of a table in a format: maps headers to the format's columns, reports missing
    required columns, and yields ``Zeile`` objects with typed getters that record German errors."""

    def __init__(self, tabelle: Tabelle, format_: Importformat, kontext: Kontext) -> None:
        self.tabelle = tabelle
        self.format = format_
        self.kontext = kontext
        self.index = spalten_zuordnen(format_, tabelle.spalten)
        self.pflicht = set(format_.pflichtspalten)
        self.spalten = {s.name: s for s in format_.spalten}
        self._stile: dict[str, str | None] = {}
        self._zellen: dict[str, set] = {}
        """The distinct cells per column, once ``spalte`` has read it (``stil`` reuses them)."""
        self._quer: list[tuple] | None = None
        self.gemerkt: dict[tuple, tuple[object, tuple | None]] = {}
        """Outcome per (column, how it is read, required, cell): see ``Zeile.lesen``."""
        verwendet = set(self.index.values())
        unbekannt = [s for i, s in enumerate(tabelle.spalten) if i not in verwendet]
        self.unbekannt = unbekannt
        nicht_erkannt = ""
        if unbekannt:
            nicht_erkannt = "; nicht zugeordnete Spalten der Datei: " + ", ".join(
                f"„{sichtbar(s)[:40]}“{w.verwechselbar(s)}" for s in unbekannt[:8])
            nicht_erkannt += " …" if len(unbekannt) > 8 else ""
        for name in format_.pflichtspalten:
            if name not in self.index:
                kontext.fehler_melden(tabelle.kopfzeile or None, name, None,
                                      f"eine Spalte „{name}“ ({format_.spalte(name).beschreibung})",
                                      problem="Spalte fehlt" + nicht_erkannt)

    @property
    def vollstaendig(self) -> bool:
        """All required columns are present."""
        return all(name in self.index for name in self.format.pflichtspalten)

    def hat(self, name: str) -> bool:
        """The file has the column ``name`` (or one of its aliases)."""
        return name in self.index

    def kopf(self, name: str) -> str:
        """The header text the file uses for column ``name``."""
        return self.tabelle.spalten[self.index[name]] if name in self.index else name

    def stil(self, name: str) -> str | None:
        """Number style ('de'/'en') of a column, from all its cells."""
        if name not in self._stile:
            i = self.index.get(name)
            zellen = self._zellen.get(name) or (set(self.zellen(i)) if i is not None else set())
            self._stile[name] = w.zahlenstil_erkennen(z for z in zellen if isinstance(z, str))  # a set property
        return self._stile[name]

    def zellen(self, i: int) -> tuple:
        """All cells of the column at position ``i``, in row order (the table transposed once, at C speed;
        ``lesen`` gives every row the header's width)."""
        if self._quer is None:
            self._quer = list(zip(*(z for _, z in self.tabelle.zeilen), strict=True))
        return self._quer[i] if self._quer else ()

    def __iter__(self) -> Iterator[Zeile]:
        for nummer, werte in self.tabelle.zeilen:
            yield Zeile(self, nummer, werte)

    def spalte(self, name: str, lesen: Callable[[object], object], leer: object = None,
               leer_erlaubt: bool = True) -> list[object]:
        """Every cell of column ``name`` read by ``lesen`` – once per distinct cell – for the column-wise
        fast path of big tables; ``leer`` for empty cells and a missing column.

        Raises ``Langsam`` when a cell is invalid (``WertFehler``), empty where ``leer_erlaubt`` is False,
        or not hashable: the importer then reads the table row by row, which reports every error with
        its row.
        """
        i = self.index.get(name)
        zeilen = self.tabelle.zeilen
        if i is None:
            if not leer_erlaubt:
                raise Langsam(name)
            return [leer] * len(zeilen)
        roh = self.zellen(i)
        karte: dict[object, object] = {}
        try:
            self._zellen[name] = zellen = set(roh)
            for zelle in zellen:
                if w.ist_leer(zelle):
                    if not leer_erlaubt:
                        raise Langsam(name)
                    karte[zelle] = leer
                else:
                    karte[zelle] = lesen(zelle)
        except (w.WertFehler, TypeError):
            raise Langsam(name) from None
        return list(map(karte.__getitem__, roh))


class Langsam(Exception):
    """The column-wise fast path met something it does not decide; read the table row by row."""


class Zeile:
    """One data row; every getter returns None and records an error when the cell is invalid."""

    def __init__(self, leser: Zeilenleser, nummer: int, werte: list[object]) -> None:
        self.leser = leser
        self.nummer = nummer
        self.werte = werte
        self.ok = True

    def roh(self, name: str) -> object:
        """The raw cell of column ``name`` (None when the file has no such column)."""
        i = self.leser.index.get(name)
        return None if i is None or i >= len(self.werte) else self.werte[i]

    def fehler(self, name: str, wert: object, problem: str, erwartet: str) -> None:
        """Record an error in this row."""
        self.ok = False
        if "sieht aus wie" not in problem:
            problem += w.verwechselbar(wert)
        self.leser.kontext.fehler_melden(self.nummer, self.leser.kopf(name), wert, erwartet, problem)

    def _pflicht(self, name: str, pflicht: bool | None) -> bool:
        if pflicht is not None:
            return pflicht
        return name in self.leser.pflicht

    def lesen(self, name: str, pflicht: bool | None, leser: Callable[[object], object], erwartet: str,
              merken: Hashable = None) -> object:
        """The cell of ``name`` read by ``leser``; errors are recorded in this row.

        With ``merken`` (what, besides the cell, decides the result) the outcome is remembered per
        column and cell for the whole table: big files repeat the same codes, years and kinds in
        every row, and each distinct cell is then read once (its errors are still reported per row).
        """
        roh = self.roh(name)
        if merken is None:
            wert, fehler = self._lesen(name, pflicht, leser, erwartet, roh)
        else:
            schluessel = (name, merken, pflicht, roh)
            try:
                wert, fehler = self.leser.gemerkt[schluessel]
            except KeyError:
                wert, fehler = self.leser.gemerkt[schluessel] = self._lesen(name, pflicht, leser, erwartet, roh)
            except TypeError:  # an unhashable cell (never in CSV or XLSX)
                wert, fehler = self._lesen(name, pflicht, leser, erwartet, roh)
        if fehler is not None:
            self.fehler(name, *fehler)
        return wert

    def _lesen(self, name: str, pflicht: bool | None, leser: Callable[[object], object], erwartet: str,
               roh: object) -> tuple[object, tuple[object, str, str] | None]:
        if w.ist_leer(roh):
            return None, ((None, "Wert fehlt", erwartet) if self._pflicht(name, pflicht) else None)
        try:
            return leser(roh), None
        except w.WertFehler as f:
            return None, (roh, f.problem, f.erwartet)

    def text(self, name: str, pflicht: bool | None = None) -> str | None:
        """Text (surrounding blanks removed), checked against the column's maximum length."""
        spalte = self.leser.spalten[name]
        wert = self.lesen(name, pflicht, w.text_lesen, spalte.beschreibung or "Text", merken="text")
        if wert is not None and spalte.laenge and len(wert) > spalte.laenge:
            self.fehler(name, wert, f"ist zu lang ({len(wert)} Zeichen)", f"höchstens {spalte.laenge} Zeichen")
            return None
        return wert

    def code(self, name: str, pflicht: bool | None = None) -> str | None:
        """A code as a string (leading zeros kept)."""
        laenge = self.leser.spalten[name].laenge or 20
        entfernt: list[str] = []

        def lesen(roh: object) -> tuple[str, tuple[str, ...]]:
            entfernt.clear()
            return w.code_lesen(roh, laenge, entfernt), tuple(entfernt)

        gelesen = self.lesen(name, pflicht, lesen, w.CODE_ERWARTET, merken=("code", laenge))
        if gelesen is None:
            return None
        wert, weg = gelesen
        if weg:
            self.leser.kontext.zeichen_entfernt(self.nummer, self.leser.kopf(name), self.roh(name), list(weg))
        return wert

    def zahl(self, name: str, pflicht: bool | None = None, stellen: int = 6, grenze: int = 10**14,
             faktor: int = 1) -> Decimal | None:
        """A number, multiplied by ``faktor``, with at most ``stellen`` decimals and below ``grenze``."""
        wert = self.lesen(name, pflicht, lambda r: w.zahl_lesen(r, self.leser.stil(name)), w.ZAHL_ERWARTET,
                          merken="zahl")
        if wert is None:
            return None
        wert = wert * faktor
        roh = self.roh(name)
        if abs(wert) >= grenze:
            self.fehler(name, roh, "ist zu groß", f"Zahl unter {grenze:,}".replace(",", "."))
            return None
        if wert != wert.quantize(Decimal(1).scaleb(-stellen)):
            self.fehler(name, roh, "hat zu viele Nachkommastellen", f"höchstens {stellen} Nachkommastellen")
            return None
        return wert

    def ganzzahl(self, name: str, pflicht: bool | None = None, minimum: int | None = None,
                 maximum: int | None = None, standard: int | None = None) -> int | None:
        """An integer in [minimum, maximum]; ``standard`` when the cell is empty."""
        wert = self.lesen(name, pflicht, lambda r: w.ganzzahl_lesen(r, minimum, maximum, self.leser.stil(name)),
                           w.GANZZAHL_ERWARTET, merken=("ganzzahl", minimum, maximum))
        return standard if wert is None and w.ist_leer(self.roh(name)) else wert

    def auswahl(self, name: str, werte: tuple[str, ...] | None = None, standard: str | None = None,
                pflicht: bool | None = None, aliase: Mapping[str, str] | None = None) -> str | None:
        """One of the allowed values (German spellings accepted); ``standard`` when empty."""
        erlaubt = werte or self.leser.spalten[name].werte
        wert = self.lesen(name, pflicht, lambda r: w.auswahl_lesen(r, erlaubt, aliase),
                          "einer von: " + ", ".join(erlaubt),
                          merken=("auswahl", erlaubt, tuple(sorted(aliase.items())) if aliase else None))
        return standard if wert is None and w.ist_leer(self.roh(name)) else wert

    def datum(self, name: str, pflicht: bool | None = None) -> dt.date | None:
        """A date (31.12.2024, 2024-12-31 or a date cell)."""
        return self.lesen(name, pflicht, w.datum_lesen, w.DATUM_ERWARTET, merken="datum")

    def ja_nein(self, name: str, standard: bool | None = None) -> bool | None:
        """ja/nein; ``standard`` when empty."""
        wert = self.lesen(name, False, w.ja_nein_lesen, w.JA_NEIN_ERWARTET, merken="ja_nein")
        return standard if wert is None and w.ist_leer(self.roh(name)) else wert


# ---------------------------------------------------------------------------------------- upsert
def normal(wert: object) -> object:
    """A value in a form that compares equal across SQLite, PostgreSQL and the file (Decimal scale)."""
    if isinstance(wert, Decimal):
        return wert.normalize() if wert else Decimal(0)
    if isinstance(wert, float):
        return Decimal(repr(wert)).normalize()
    if isinstance(wert, dt.datetime):
        return wert.date() if wert.time() == dt.time() else wert
    return wert


@dataclass
class Abgleich:
    """Result of an upsert: the ids of new and existing rows by key."""

    ids: dict[Hashable, int]
    neu: list[Hashable]
    geaendert: list[Hashable]


def abgleichen(
    kontext: Kontext,
    modell: type,
    zeilen: Mapping[Hashable, dict],
    bestehend: Mapping[Hashable, dict],
    *,
    beschreiben: Callable[[Hashable], str],
    wertfeld: str | None = None,
    import_felder: bool = False,
    pk: tuple[str, ...] = ("id",),
) -> Abgleich:
    """Insert new rows, update changed ones, count all; keep the old value of ``wertfeld`` in Wertaenderung.

    ``zeilen`` maps a natural key to the column values the file sets; ``bestehend`` maps the keys of
    rows already stored to their values (with "id"). Only the columns present in a row are compared
    and written. ``import_felder`` also sets geaendert_am and import_id on written rows. ``pk`` names
    the primary key columns (link tables have a composite key and no history).
    """
    tabelle = modell.__tablename__
    zaehler = kontext.zaehlen(tabelle)
    neue, updates, historie = [], [], []
    ids: dict[Hashable, int] = {}
    neu_schluessel, geaendert_schluessel = [], []
    for schluessel, daten in zeilen.items():
        alt = bestehend.get(schluessel)
        if alt is None:
            zeile = dict(daten)
            if import_felder:
                zeile.update(geaendert_am=kontext.jetzt, import_id=kontext.import_id)
            neue.append(zeile)
            neu_schluessel.append(schluessel)
            zaehler.neu += 1
            continue
        if "id" in alt:
            ids[schluessel] = alt["id"]
        unterschiede = {k: v for k, v in daten.items() if normal(alt.get(k)) != normal(v)}
        if not unterschiede:
            zaehler.unveraendert += 1
            continue
        zaehler.geaendert += 1
        geaendert_schluessel.append(schluessel)
        zeile = {k: alt[k] for k in pk} | unterschiede
        if import_felder:
            zeile.update(geaendert_am=kontext.jetzt, import_id=kontext.import_id)
        updates.append(zeile)
        for k, v in unterschiede.items():
            kontext.aenderung(tabelle, f"{beschreiben(schluessel)}: {k}", alt.get(k), v)
        if wertfeld and wertfeld in unterschiede and "id" in alt:
            historie.append({
                "tabelle": tabelle, "datensatz_id": alt["id"], "alter_wert": alt.get(wertfeld),
                "neuer_wert": unterschiede[wertfeld], "geaendert_am": kontext.jetzt,
                "geaendert_von": kontext.benutzer[:100], "import_id": kontext.import_id,
            })
    session = kontext.session
    if neue and tabelle in STAMMDATEN:
        kontext.angelegt(tabelle, [str(z.get("code") or z.get("nummer") or "") for z in neue])
    if neue:
        for i in range(0, len(neue), 5000):
            session.execute(insert(modell), neue[i:i + 5000])
    if updates:
        session.execute(update(modell), updates)
    if historie:
        session.execute(insert(Wertaenderung), historie)
    return Abgleich(ids, neu_schluessel, geaendert_schluessel)


def abschluesse_pruefen(
    kontext: Kontext,
    zeilen: Mapping[Hashable, dict],
    bestehend: Mapping[Hashable, dict],
    periode: Callable[[Hashable], tuple[int, str, int]],
    nummern: Mapping[Hashable, int],
) -> None:
    """Report new or changed values in periods closed by Controlling (unless the option allows it)."""
    from sqlalchemy import select

    from kennzahlen.models import Periodenabschluss

    if kontext.optionen.abgeschlossene_perioden_aendern:
        return
    geschlossen = {tuple(r) for r in kontext.session.execute(
        select(Periodenabschluss.jahr, Periodenabschluss.periodenart, Periodenabschluss.periode))}
    if not geschlossen:
        return
    for schluessel, daten in zeilen.items():
        p = periode(schluessel)
        if p not in geschlossen:
            continue
        alt = bestehend.get(schluessel)
        if alt is None or any(normal(alt.get(k)) != normal(v) for k, v in daten.items()):
            kontext.sammelfehler(nummern.get(schluessel), "Jahr", f"{p[0]} {p[1]} {p[2]}",
                                 "eine offene Periode (Änderungen abgeschlossener Perioden nur mit der Option "
                                 "abgeschlossene_perioden_aendern)", "ist eine abgeschlossene Periode")
