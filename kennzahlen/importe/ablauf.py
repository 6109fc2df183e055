"""The single way in: ``importieren(fabrik, dateiname, inhalt, benutzer, art=None, optionen=None)``.

One code path for the command line and the upload page: read the bytes (``lesen``), recognise the
format of every table (or take ``art``), validate every row and collect ALL errors, then write in ONE
transaction – or nothing at all – with counts of new, changed and unchanged rows, the history of
changed values (Wertaenderung) and an Importprotokoll row. ``nur_vorschau=True`` runs the same steps
and rolls back: the report says exactly what a real import would change.

Bad input raises ``ImportFehler`` (with the list of ``Fehler``) and nothing else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import datenstand, zugang
from kennzahlen.importe import (
    haushalt,
    haushaltszyklus,
    kennzahlwerte,
    kommune,
    raeume,
    raumgeld,
    sozialatlas,
    stammdaten,
)
from kennzahlen.importe.fehler import Fehler, ImportFehler, mit_datei
from kennzahlen.importe.formate import ERLAEUTERUNG, FORMATE, REIHENFOLGE, art_erkennen, spalten_zuordnen
from kennzahlen.importe.kontext import STAMMDATEN, VORZEICHEN, Aenderung, Importoptionen, Kontext, Zaehler
from kennzahlen.importe.lesen import Tabelle, datei_lesen
from kennzahlen.models import VERSIONEN, Importprotokoll

IMPORTEURE: dict[str, Callable[[Tabelle, Kontext], None]] = {
    "kommune": kommune.kommune,
    "organisationseinheiten": stammdaten.organisationseinheiten,
    "handlungsfelder": stammdaten.handlungsfelder,
    "ziele": stammdaten.ziele,
    "kennzahlen": stammdaten.kennzahlen,
    "produkte": stammdaten.produkte,
    "zeilenschemata": stammdaten.zeilenschemata,
    "ziel_produkt": stammdaten.ziel_produkt,
    "ziel_kennzahl": stammdaten.ziel_kennzahl,
    "produkt_kennzahl": stammdaten.produkt_kennzahl,
    "sozialraeume": raeume.sozialraeume,
    "sozialraeume_geojson": raeume.sozialraeume_geojson,
    "bevoelkerung": raeume.bevoelkerung,
    "bevoelkerung_statistik": raeume.bevoelkerung_statistik,
    "kennzahlwerte": kennzahlwerte.kennzahlwerte,
    "sozialatlas_lang": sozialatlas.sozialatlas_lang,
    "haushalt_lang": haushalt.haushalt_lang,
    "haushalt_breit": haushalt.haushalt_breit,
    "raumgeld": raumgeld.raumgeld,
    "veraenderungsliste": haushaltszyklus.veraenderungsliste,
    "hsk_massnahmen": haushaltszyklus.hsk_massnahmen,
    "hsk_ziele": haushaltszyklus.hsk_ziele,
}
"""The importer of every format (the order of ``FORMATE`` is the order of a multi-part import)."""
OHNE_ZEILENZAEHLUNG = {"kommune"}
"""Formats that set a single record without row counts (not checked for "all rows ignored")."""


def _zahl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class Importbericht:
    """What an import did (or, as a preview, would do): counts per table, notes, single changes."""

    dateiname: str
    sha256: str
    art: str
    benutzer: str
    vorschau: bool
    teile: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(table name, art, data rows, how it was read) per table of the file."""
    je_tabelle: dict[str, Zaehler] = field(default_factory=dict)
    hinweise: list[str] = field(default_factory=list)
    warnungen: list[str] = field(default_factory=list)
    """What a person must check before confirming (codes changed, …); shown first."""
    neue_stammdaten: dict[str, list[str]] = field(default_factory=dict)
    """Master data the import creates: table → codes (to be confirmed)."""
    aenderungen: list[Aenderung] = field(default_factory=list)
    """The first changed values (old → new), for the preview."""
    import_id: int | None = None
    frueher: list[tuple[int, dt.datetime, str]] = field(default_factory=list)
    """Earlier imports of the same content: (id, time, user)."""
    zeitpunkt: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def neu(self) -> int:
        """Rows added, over all tables."""
        return sum(z.neu for z in self.je_tabelle.values())

    @property
    def geaendert(self) -> int:
        """Rows changed, over all tables."""
        return sum(z.geaendert for z in self.je_tabelle.values())

    @property
    def unveraendert(self) -> int:
        """Rows that were already stored exactly so."""
        return sum(z.unveraendert for z in self.je_tabelle.values())

    @property
    def keine_aenderung(self) -> bool:
        """Nothing was added or changed."""
        return self.neu == 0 and self.geaendert == 0

    @property
    def titel(self) -> str:
        """The format's German title (or 'Paket' for several tables)."""
        return FORMATE[self.art].titel if self.art in FORMATE else "Paket aus mehreren Tabellen"

    def stammdaten_text(self, hoechstens: int = 8) -> str:
        """'Produkte: 0501, 0502; Kennzahlen: K1' – the new master data in words."""
        teile = []
        for tabelle, codes in self.neue_stammdaten.items():
            liste = ", ".join(codes[:hoechstens]) + (f" … (insgesamt {_zahl(len(codes))})" if len(codes) > hoechstens
                                                      else "")
            teile.append(f"{STAMMDATEN.get(tabelle, tabelle)}: {liste}")
        return "; ".join(teile)

    def text(self) -> str:
        """The report in German, one fact per line."""
        if self.vorschau:
            kopf = f"Vorschau für „{self.dateiname}“ ({self.titel}) – noch nichts gespeichert"
        else:
            kopf = f"Import „{self.dateiname}“ ({self.titel}) – gespeichert als Import Nr. {self.import_id}"
        zeilen = [kopf]
        for name, art, anzahl, wie in self.teile:
            zeilen.append(f"  gelesen: {name} – {FORMATE[art].titel}, {_zahl(anzahl)} Zeilen ({wie})")
        verb = "würden" if self.vorschau else "wurden"
        zeilen += [f"ACHTUNG: {w}" for w in self.warnungen]
        if self.neue_stammdaten:
            zeilen.append(f"Neue Stammdaten ({verb} angelegt): {self.stammdaten_text()}")
        if self.keine_aenderung:
            zeilen.append(f"Keine Änderungen: alle {_zahl(self.unveraendert)} Datensätze sind bereits genau so "
                          "gespeichert.")
        else:
            zeilen.append(f"Ergebnis: {_zahl(self.neu)} neu, {_zahl(self.geaendert)} geändert, "
                          f"{_zahl(self.unveraendert)} unverändert ({verb} so übernommen).")
        for tabelle, z in sorted(self.je_tabelle.items()):
            zeilen.append(f"  {tabelle:<18} {_zahl(z.neu):>9} neu {_zahl(z.geaendert):>9} geändert "
                          f"{_zahl(z.unveraendert):>9} unverändert")
        for nummer, zeit, wer in self.frueher[:3]:
            zeilen.append(f"Dieselbe Datei wurde bereits importiert: Nr. {nummer} am "
                          f"{zeit.astimezone().strftime('%d.%m.%Y %H:%M')} von {wer}.")
        if self.hinweise:
            zeilen.append("Hinweise:")
            zeilen += [f"  {h}" if h.startswith("  ") else f"  - {h}" for h in self.hinweise]
        if self.aenderungen and self.geaendert:
            zeilen.append(f"Geänderte Werte (die ersten {len(self.aenderungen)}):" if self.vorschau else
                          "Geänderte Werte (Auszug; die alten Werte stehen in der Änderungshistorie):")
            for a in self.aenderungen[: 50 if self.vorschau else 10]:
                zeilen.append(f"  {a.schluessel}: {a.alt} → {a.neu}")
        return "\n".join(zeilen)


class _Vorschau(Exception):
    def __init__(self, bericht: Importbericht) -> None:
        self.bericht = bericht


@functools.cache
def _revision_ziel() -> str:
    from kennzahlen.db import revision_ziel

    return revision_ziel()


def _datenbank_pruefen(fabrik: sessionmaker[Session]) -> None:
    from kennzahlen.db import revision_aktuell

    engine = fabrik.kw.get("bind")
    if engine is None:
        return
    aktuell = revision_aktuell(engine)
    if aktuell != _revision_ziel():
        zustand = "ist nicht eingerichtet" if aktuell is None else f"hat den veralteten Stand {aktuell}"
        raise ImportFehler(f"Die Datenbank {zustand}; einrichten mit 'python -m kennzahlen db upgrade'.")


def optionen_pruefen(optionen: Importoptionen | Mapping[str, object] | None) -> Importoptionen:
    """The options as ``Importoptionen``; ImportFehler naming each option with a value it does not allow."""
    try:
        o = Importoptionen.aus(optionen)
    except (TypeError, ValueError) as f:
        raise ImportFehler(str(f)) from None
    falsch = []
    if o.vorzeichen not in VORZEICHEN:
        falsch.append(Fehler(None, "vorzeichen", o.vorzeichen, ", ".join(VORZEICHEN), "ist keine Vorzeichenregel"))
    if o.plan_als not in ("ansatz", "planung"):
        falsch.append(Fehler(None, "plan_als", o.plan_als, "ansatz oder planung", "ist keine erlaubte Betragsart"))
    if o.ebene not in (None, "bezirk", "sozialraum"):
        falsch.append(Fehler(None, "ebene", o.ebene, "bezirk oder sozialraum", "ist keine Sozialraumebene"))
    if o.version is not None and o.version not in VERSIONEN:
        falsch.append(Fehler(None, "version", o.version, ", ".join(VERSIONEN), "ist keine Version"))
    if falsch:
        raise ImportFehler(falsch)
    return o


def _arten_bestimmen(tabellen: list[Tabelle], art: str | None) -> list[tuple[Tabelle, str]]:
    """The format of every table: recognised from its columns, or ``art`` when given."""
    teile, fehler, kandidaten, uebersprungen = [], [], [], []
    tabellen = [t for t in tabellen if t.blatt != ERLAEUTERUNG]
    if not tabellen:
        raise ImportFehler("Die Datei enthält nur die Erläuterung einer Vorlage, keine Daten.")
    for t in tabellen:
        erkannt = art_erkennen(t.spalten, t.geojson is not None)
        if art is not None:
            if len(tabellen) == 1 or art in erkannt:
                teile.append((t, art))
            else:
                uebersprungen.append(t.name)
            continue
        if len(erkannt) == 1:
            teile.append((t, erkannt[0]))
            continue
        spalten = ", ".join(f"„{s}“" for s in t.spalten[:12]) + (" …" if len(t.spalten) > 12 else "")
        if erkannt:
            kandidaten += erkannt
            fehler.append(Fehler(t.kopfzeile, None, None, "eine Importart: " + ", ".join(erkannt),
                                 f"Die Spalten {spalten} passen zu mehreren Importarten", t.blatt, datei=t.datei))
        else:
            naechste = naechste_formate(t.spalten)
            kandidaten += [a for a, _f in naechste]
            fehler.append(Fehler(t.kopfzeile, None, None, "die Spalten eines Importformats (siehe "
                                 "docs/importformate.md) oder die Angabe der Importart; am nächsten: " + "; ".join(
                                     f"{FORMATE[a].titel} (es fehlt {', '.join(f'„{x}“' for x in f)})"
                                     for a, f in naechste),
                                 f"Unbekanntes Format: die Spalten {spalten} passen zu keinem Importformat", t.blatt,
                                 datei=t.datei))
    if fehler:
        raise ImportFehler(fehler, kandidaten=list(dict.fromkeys(kandidaten)))
    if not teile:
        raise ImportFehler(f"Keine Tabelle der Datei passt zur Importart „{art}“.")
    if uebersprungen:
        teile[0][0].hinweise.append(
            f"Nicht zur Importart „{art}“ passend und übersprungen: {', '.join(uebersprungen)}.")
    # dependency order; Bezirke before Sozialräume, otherwise the order of the files
    return sorted(teile, key=lambda ta: (REIHENFOLGE[ta[1]], "bezirk" not in ta[0].name.lower()))


def naechste_formate(spalten: list[str], anzahl: int = 3) -> list[tuple[str, list[str]]]:
    """The formats closest to a table's headers, with the columns each misses (fewest missing first)."""
    wertung = []
    for f in FORMATE.values():
        if not f.erkennung:
            continue
        zuordnung = spalten_zuordnen(f, spalten)
        fehlt = [gruppe[0] for gruppe in f.erkennung if not any(n in zuordnung for n in gruppe)]
        fehlt += [n for n in f.pflichtspalten if n not in zuordnung and n not in fehlt]
        wertung.append((len(fehlt), -len(zuordnung), f.art, fehlt))
    wertung.sort()
    return [(art, fehlt) for _n, _z, art, fehlt in wertung[:anzahl]]


def importieren(
    fabrik: sessionmaker[Session],
    dateiname: str,
    inhalt: bytes,
    benutzer: str,
    art: str | None = None,
    optionen: Importoptionen | Mapping[str, object] | None = None,
    *,
    nur_vorschau: bool = False,
    quelle: str = "python",
    fortschritt: Callable[[str, float], None] | None = None,
) -> Importbericht:
    """Import one file (CSV, XLSX, GeoJSON, or a ZIP from the export) in one transaction.

    ``art`` is one of ``FORMATE`` (None: recognised from the columns); ``optionen`` an
    ``Importoptionen`` or a dict of its fields (teur, vorzeichen, plan_als, …). Returns the report;
    raises ``ImportFehler`` with every problem found, and then nothing was written.

    A real import writes its audit entry (who, file, counts, ``quelle``: "upload", "kommandozeile" …) in
    the same transaction as its rows: both land or neither. ``fortschritt(text, anteil)`` is called
    between the steps (anteil 0–1) for a progress display. Several files: ``paket_importieren``.
    """
    return paket_importieren(fabrik, [(dateiname, inhalt)], benutzer, art, optionen, nur_vorschau=nur_vorschau,
                             quelle=quelle, fortschritt=fortschritt)


def _lesen(dateien: Sequence[tuple[str, bytes]], o: Importoptionen) -> list[Tabelle]:
    """The tables of every file; the errors of all unreadable files at once, each naming its file."""
    tabellen, fehler = [], []
    for name, inhalt in dateien:
        try:
            neue = datei_lesen(name, inhalt, o.max_groesse, o.max_entpackt)
        except ImportFehler as f:
            fehler += mit_datei(f, name).fehler if len(dateien) > 1 else f.fehler
            continue
        for t in neue:
            t.datei = t.datei or name
        tabellen += neue
    if fehler:
        raise ImportFehler(fehler)
    return tabellen


def _paketname(dateien: Sequence[tuple[str, bytes]]) -> str:
    if len(dateien) == 1:
        return str(dateien[0][0] or "Datei")[:300]
    namen = ", ".join(str(n) for n, _i in dateien)
    return (f"Paket aus {len(dateien)} Dateien: {namen}")[:300]


def _fingerabdruck(dateien: Sequence[tuple[str, bytes]]) -> str:
    if len(dateien) == 1:
        return hashlib.sha256(bytes(dateien[0][1])).hexdigest()
    h = hashlib.sha256()
    for name, inhalt in sorted(dateien, key=lambda d: str(d[0])):
        h.update(str(name).encode() + b"\0" + hashlib.sha256(bytes(inhalt)).digest())
    return h.hexdigest()


def _zeilen_gesamt(kontext: Kontext) -> int:
    return sum(z.neu + z.geaendert + z.unveraendert for z in kontext.zaehler.values())


@contextlib.contextmanager
def zyklensammler_pausiert() -> Iterator[None]:
    """Python's cycle collector paused while the block runs, then restored: an import builds hundreds of
    thousands of small lists and tuples (no cycles), and the collector's repeated scans of all of them
    took about 70 % of reading a 100.000-row CSV (bench/README.md, Importtempo)."""
    war_an = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if war_an:
            gc.enable()


@zyklensammler_pausiert()
def paket_importieren(
    fabrik: sessionmaker[Session],
    dateien: Sequence[tuple[str, bytes]],
    benutzer: str,
    art: str | None = None,
    optionen: Importoptionen | Mapping[str, object] | None = None,
    *,
    nur_vorschau: bool = False,
    quelle: str = "python",
    fortschritt: Callable[[str, float], None] | None = None,
) -> Importbericht:
    """Import several files (a folder, several uploads, a first-setup package) as ONE package: all tables
    in dependency order (master data, Sozialräume, values, budget) in one transaction, all or nothing;
    every error names its file. A ZIP and a multi-sheet XLSX are packages of their own members/sheets.

    New master data (Organisationseinheiten, Ziele, Kennzahlen, Produkte …) is listed in the report; unless
    ``optionen.neue_stammdaten_anlegen`` a real import that would create any is refused (the preview shows
    it). A table whose rows would all be ignored is an error.
    """
    melden = fortschritt or (lambda _text, _anteil: None)
    if not dateien:
        raise ImportFehler("Keine Datei angegeben.")
    dateiname = _paketname(dateien)
    benutzer = (str(benutzer or "").strip() or "unbekannt")[:100]
    o = optionen_pruefen(optionen)
    if art is not None and art not in IMPORTEURE:
        raise ImportFehler(f"Unbekannte Importart „{art}“ (erwartet: {', '.join(IMPORTEURE)}).")
    melden("Datei wird gelesen" if len(dateien) == 1 else f"{len(dateien)} Dateien werden gelesen", 0.02)
    tabellen = _lesen(dateien, o)
    teile = _arten_bestimmen(tabellen, art)
    _datenbank_pruefen(fabrik)
    sha256 = _fingerabdruck(dateien)
    gesamtart = teile[0][1] if len({a for _t, a in teile}) == 1 else "paket"
    mehrere_dateien = len({t.datei for t, _a in teile}) > 1
    bericht = Importbericht(dateiname, sha256, gesamtart, benutzer, nur_vorschau,
                            teile=[(t.name, a, t.anzahl, t.beschreibung) for t, a in teile])
    try:
        with fabrik() as session, session.begin():
            bericht.frueher = [(i, z, b) for i, z, b in session.execute(
                select(Importprotokoll.id, Importprotokoll.zeitpunkt, Importprotokoll.benutzer)
                .where(Importprotokoll.sha256 == sha256).order_by(Importprotokoll.id.desc()))]
            protokoll = Importprotokoll(benutzer=benutzer, importart=gesamtart, dateiname=dateiname,
                                        sha256=sha256, zeitpunkt=bericht.zeitpunkt)
            session.add(protokoll)
            session.flush()
            kontext = Kontext(session, o, benutzer, dateiname, import_id=protokoll.id, jetzt=bericht.zeitpunkt)
            for nummer, (tabelle, tabellenart) in enumerate(teile):
                melden(f"Tabelle {nummer + 1} von {len(teile)} wird geprüft: {tabelle.name} "
                       f"({_zahl(tabelle.anzahl)} Zeilen)", 0.05 + 0.85 * nummer / len(teile))
                kontext.datei = tabelle.datei if mehrere_dateien else None
                kontext.dateiname = tabelle.datei or dateiname
                kontext.blatt = tabelle.blatt or (tabelle.name if len(teile) > 1 and not mehrere_dateien else None)
                for h in tabelle.hinweise:
                    kontext.hinweis(h)
                vorher = _zeilen_gesamt(kontext)
                IMPORTEURE[tabellenart](tabelle, kontext)
                if (tabelle.anzahl and not kontext.fehler and _zeilen_gesamt(kontext) == vorher
                        and tabellenart not in OHNE_ZEILENZAEHLUNG):  # (after errors importers stop early)
                    kontext.fehler_melden(None, None, None, "mindestens eine Zeile, die gespeichert oder geprüft wird",
                                          f"Alle {_zahl(tabelle.anzahl)} Zeilen der Tabelle „{tabelle.name}“ würden "
                                          "ignoriert")
            if kontext.fehler:
                raise ImportFehler(kontext.fehler)
            bericht.je_tabelle = kontext.zaehler
            bericht.hinweise = kontext.hinweise
            bericht.warnungen = kontext.warnungen
            bericht.neue_stammdaten = {t: c for t, c in kontext.neu_angelegt.items() if c}
            bericht.aenderungen = kontext.aenderungen
            if nur_vorschau:
                raise _Vorschau(bericht)
            if bericht.neue_stammdaten and not o.neue_stammdaten_anlegen:
                raise ImportFehler(Fehler(None, None, None, "die Bestätigung, dass sie angelegt werden sollen "
                                          "(Kommandozeile: --neue-stammdaten-anlegen; Upload-Seite: Häkchen "
                                          "„Neue Stammdaten anlegen“)",
                                          "Der Import würde neue Stammdaten anlegen: "
                                          + bericht.stammdaten_text()))
            if not bericht.keine_aenderung:
                datenstand.erhoehen(session)  # caches key on the data version
            protokoll.zeilen_neu = bericht.neu
            protokoll.zeilen_geaendert = bericht.geaendert
            protokoll.zeilen_unveraendert = bericht.unveraendert
            protokoll.meldungen = "\n".join([*bericht.warnungen, *bericht.hinweise]) or None
            bericht.import_id = protokoll.id
            zugang.protokollieren(session, benutzer, "import", dateiname, {
                "import_id": protokoll.id, "art": gesamtart, "quelle": quelle, "neu": bericht.neu,
                "geaendert": bericht.geaendert, "unveraendert": bericht.unveraendert})
            melden("Wird gespeichert", 0.95)
    except _Vorschau:
        return bericht
    except (IntegrityError, DataError) as f:
        grund = str(getattr(f, "orig", f)).strip().splitlines()[0][:300]
        raise ImportFehler(f"Die Datenbank hat die Daten abgelehnt ({grund}); nichts gespeichert.") from None
    return bericht
