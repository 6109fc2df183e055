"""The single way in: ``importieren(fabrik, dateiname, inhalt, benutzer, art=None, optionen=None)``.

One code path for the command line and the upload page: read the bytes (``lesen``), recognise the
format of every table (or take ``art``), validate every row and collect ALL errors, then write in ONE
transaction – or nothing at all – with counts of new, changed and unchanged rows, the history of
changed values (Wertaenderung) and an Importprotokoll row. ``nur_vorschau=True`` runs the same steps
and rolls back: the report says exactly what a real import would change.

Bad input raises ``ImportFehler`` (with the list of ``Fehler``) and nothing else.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping
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
from kennzahlen.importe.fehler import Fehler, ImportFehler
from kennzahlen.importe.formate import ERLAEUTERUNG, FORMATE, REIHENFOLGE, art_erkennen
from kennzahlen.importe.kontext import VORZEICHEN, Aenderung, Importoptionen, Kontext, Zaehler
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
}
"""The importer of every format (the order of ``FORMATE`` is the order of a multi-part import)."""


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
                                 f"Die Spalten {spalten} passen zu mehreren Importarten", t.blatt))
        else:
            kandidaten += list(IMPORTEURE)
            fehler.append(Fehler(t.kopfzeile, None, None, "die Spalten eines Importformats (siehe Vorlagen) oder "
                                 "die Angabe der Importart", f"Die Importart ist an den Spalten {spalten} nicht "
                                 "erkennbar", t.blatt))
    if fehler:
        raise ImportFehler(fehler, kandidaten=list(dict.fromkeys(kandidaten)))
    if not teile:
        raise ImportFehler(f"Keine Tabelle der Datei passt zur Importart „{art}“.")
    if uebersprungen:
        teile[0][0].hinweise.append(
            f"Nicht zur Importart „{art}“ passend und übersprungen: {', '.join(uebersprungen)}.")
    return sorted(teile, key=lambda ta: REIHENFOLGE[ta[1]])


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
    between the steps (anteil 0–1) for a progress display.
    """
    melden = fortschritt or (lambda _text, _anteil: None)
    dateiname = str(dateiname or "Datei")[:300]
    benutzer = (str(benutzer or "").strip() or "unbekannt")[:100]
    o = optionen_pruefen(optionen)
    if art is not None and art not in IMPORTEURE:
        raise ImportFehler(f"Unbekannte Importart „{art}“ (erwartet: {', '.join(IMPORTEURE)}).")
    melden("Datei wird gelesen", 0.02)
    tabellen = datei_lesen(dateiname, inhalt, o.max_groesse, o.max_entpackt)
    teile = _arten_bestimmen(tabellen, art)
    _datenbank_pruefen(fabrik)
    sha256 = hashlib.sha256(bytes(inhalt)).hexdigest()
    gesamtart = teile[0][1] if len({a for _t, a in teile}) == 1 else "paket"
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
                kontext.blatt = tabelle.blatt or (tabelle.name if len(teile) > 1 else None)
                for h in tabelle.hinweise:
                    kontext.hinweis(h)
                IMPORTEURE[tabellenart](tabelle, kontext)
            if kontext.fehler:
                raise ImportFehler(kontext.fehler)
            bericht.je_tabelle = kontext.zaehler
            bericht.hinweise = kontext.hinweise
            bericht.aenderungen = kontext.aenderungen
            if nur_vorschau:
                raise _Vorschau(bericht)
            if not bericht.keine_aenderung:
                datenstand.erhoehen(session)  # caches key on the data version
            protokoll.zeilen_neu = bericht.neu
            protokoll.zeilen_geaendert = bericht.geaendert
            protokoll.zeilen_unveraendert = bericht.unveraendert
            protokoll.meldungen = "\n".join(bericht.hinweise) or None
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
