"""The budget (Teilergebnisplan) by product and line, in the long form and in the wide form of printed
plans (one column per kind and year, e.g. Köln's ``Ergebnis 2010``, ``Plan 2011`` …).

What happens to a file:
1. Rows → items (product, year, period, line, kind, version, amount as in the file; TEUR scaled).
2. The line scheme: from a Zeilenschema column or option; else, when the line labels carry the
   number and a marker ("01 - Steuern …", "10 = ordentliche Erträge"), derived from the file (which
   lines are sums, of which lines: "(10 und 17)" in the label, else the block of detail lines above,
   plus the previous result line for result lines) and stored as a Zeilenschema – or the stored scheme
   with the same structure is reused; else NKF NRW (29 lines).
3. The sign convention: chosen, or detected from the sum lines (the convention under which most sum
   lines equal the sum of their detail lines), else from the signs of the expense lines.
4. Sum lines are checked against the detail lines (to the cent) and reported when they disagree;
   they are never stored. Detail lines are stored signed: Erträge +, Aufwendungen −.
5. Products missing in the database are created at the level the file has (Köln: Produktgruppen with
   their Produktbereich as parent); names of existing products are not changed.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from sqlalchemy import select, update

from kennzahlen.importe import werte as w
from kennzahlen.importe.formate import FORMATE, jahresspalte_lesen
from kennzahlen.importe.kontext import (
    VORZEICHEN_TEXT,
    Kontext,
    Langsam,
    Zeile,
    Zeilenleser,
    abgleichen,
)
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.stammdaten import codes, zeilennummer
from kennzahlen.importe.stapel import Stapel, stapel_abgleichen
from kennzahlen.models import (
    BETRAGSARTEN,
    PERIODEN_JE_JAHR,
    PERIODENARTEN,
    PRODUKTEBENEN,
    VERSIONEN,
    Haushaltsbetrag,
    Planzeile,
    Produkt,
    Zeilenschema,
)
from kennzahlen.zeilenschema import NKF_NRW_2019_CODE, SCHEMATA, schema_anlegen, summen_ableiten

BETRAG_GRENZE = 10**16
STAPEL = Stapel(Haushaltsbetrag, ("produkt_id", "jahr", "periodenart", "periode", "planzeile_id", "betragsart",
                                  "version"), ("betrag",), "betrag")
"""How budget amounts are matched (natural key) and written (the amount, with its history)."""
_ZEILE = re.compile(r"^\s*(\d{1,3})\s*([-=–:.)]?)\s*(.*?)\s*$", re.S)
_BEZUG = re.compile(r"\(([\d\s,+und]+)\)\s*$")
_PRODUKTSTUFEN = (
    ("Produktbereich", "Produktbereichsbezeichnung", "produktbereich"),
    ("Produktgruppe", "Produktgruppenbezeichnung", "produktgruppe"),
    ("Produkt", "Produktbezeichnung", None),
)


@dataclass(slots=True)
class Posten:
    """One amount of the file, before the sign convention is applied."""

    zeile: int
    spalte: str
    produkt: str
    jahr: int
    periodenart: str
    periode: int
    nummer: str
    betragsart: str
    version: str
    wert: Decimal
    schema: str | None


def zeile_lesen(text: str) -> tuple[str, str, str]:
    """'01 - Steuern …' → ('01', '-', 'Steuern …'); '10 = ordentliche Erträge' → ('10', '=', …);
    '15' → ('15', '', '')."""
    treffer = _ZEILE.match(text)
    if not treffer:
        raise w.WertFehler("ist keine Zeilennummer", "Nummer wie 15 oder „15 - Transferaufwendungen“")
    nummer, zeichen, rest = treffer.groups()
    return zeilennummer(nummer), zeichen, rest


def _art_aus_text(text: str) -> str | None:
    s = _BEZUG.sub("", text).casefold()
    if "aufw" in s:
        return "aufwand"
    if "ertr" in s:
        return "ertrag"
    return None


def schema_ableiten(angaben: dict[str, tuple[str, bool]]) -> list[tuple[str, str, str, str | None]]:
    """A line scheme from the file's lines: number → (label, is sum line). See the module docstring.

    A sum line with no detail lines above it and no "(10 und 17)" reference (a plan published only with
    its sum lines) is the finest line the file has: it becomes a line of its kind (Ertrag/Aufwand)."""
    nummern = sorted(angaben, key=lambda n: (len(n), n))
    arten = {n: _art_aus_text(angaben[n][0]) for n in nummern if not angaben[n][1]}
    teile: dict[str, list[str]] = {}
    ohne_teile: set[str] = set()
    vorige, block = None, []
    for n in nummern:
        bezeichnung, summe = angaben[n]
        if not summe:
            block.append(n)
            continue
        bezug = _BEZUG.search(bezeichnung)
        art = _art_aus_text(bezeichnung)
        if not bezug and not block and art and (vorige is None or _art_aus_text(angaben[vorige][0]) is not None):
            ohne_teile.add(n)  # "10 = ordentliche Erträge" with no detail lines: the finest line the file has
            arten[n] = art
            vorige = n
            continue
        if bezug:
            teile[n] = [zeilennummer(t) for t in re.findall(r"\d+", bezug.group(1))]
        elif block and art and {arten[b] for b in block} - {None} <= {art}:
            teile[n] = list(block)
        else:
            teile[n] = ([vorige] if vorige else []) + block
        if art:
            for b in block:
                arten[b] = arten[b] or art
        vorige, block = n, []
    return [(n, angaben[n][0], "summe" if angaben[n][1] and n not in ohne_teile else (arten[n] or "unbekannt"),
             ",".join(teile[n]) if angaben[n][1] and n not in ohne_teile else None) for n in nummern]


def _klassen(zeilen: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    """Per line: ertrag, aufwand, or for sums of both kinds ergebnis."""
    ergebnis: dict[str, set[str]] = {}

    def arten(n: str, tiefe: int = 0) -> set[str]:
        if n in ergebnis:
            return ergebnis[n]
        art, summe_aus = zeilen.get(n, ("ertrag", None))
        if art != "summe" or tiefe > 50:
            gefunden = {art}
        else:
            gefunden = set().union(*(arten(t.strip(), tiefe + 1) for t in (summe_aus or "").split(",") if t.strip()))
        ergebnis[n] = gefunden
        return gefunden

    return {n: (next(iter(arten(n))) if len(arten(n)) == 1 else "ergebnis") for n in zeilen}


def _detailanzahl(zeilen: dict[str, tuple[str, str | None]]) -> dict[str, int]:
    """Per sum line: how many detail lines it adds up (recursively) – the rounding tolerance grows with it."""
    ergebnis: dict[str, set[str]] = {}

    def details(n: str, tiefe: int = 0) -> set[str]:
        if n not in ergebnis:
            art, summe_aus = zeilen.get(n, ("ertrag", None))
            if art != "summe" or tiefe > 50:
                ergebnis[n] = {n}
            else:
                ergebnis[n] = set().union(*(details(t.strip(), tiefe + 1) for t in (summe_aus or "").split(",")
                                            if t.strip()))
        return ergebnis[n]

    return {n: len(details(n)) for n in zeilen}


def _faktor(konvention: str, klasse: str) -> int:
    """Stored value = file value × factor (and back, the factor is its own inverse)."""
    if konvention == "aufwand_positiv":
        return -1 if klasse == "aufwand" else 1
    if konvention == "ertrag_negativ":
        return -1
    return 1


@dataclass
class _Schema:
    code: str
    zeilen: dict[str, tuple[str, str | None]]  # nummer → (art, summe_aus)
    ids: dict[str, int]


def _schema_laden(kontext: Kontext, code: str) -> _Schema | None:
    session = kontext.session
    schema = session.scalar(select(Zeilenschema).where(Zeilenschema.code == code))
    if schema is None and code in SCHEMATA:
        schema = schema_anlegen(session, code)
        kontext.zaehlen("zeilenschema").neu += 1
        kontext.zaehlen("planzeile").neu += len(schema.zeilen)
    if schema is None:
        return None
    return _Schema(schema.code, {z.nummer: (z.art, z.summe_aus) for z in schema.zeilen},
                   {z.nummer: z.id for z in schema.zeilen})


def _struktur(zeilen) -> tuple:
    return tuple(sorted((n, a, (s or "").replace(" ", "")) for n, _b, a, s in zeilen))


def _abgeleitetes_schema(kontext: Kontext, zeilen: list[tuple[str, str, str, str | None]],
                         name: str | None = None) -> _Schema:
    """Reuse a stored or known scheme with the same structure, else store the derived one."""
    session = kontext.session
    struktur = _struktur(zeilen)
    for code, (_name, bekannte) in SCHEMATA.items():
        if _struktur(bekannte) == struktur:
            kontext.hinweis(f"Zeilenschema: die Zeilen der Datei entsprechen dem Schema „{code}“.")
            return _schema_laden(kontext, code)
    for schema in session.scalars(select(Zeilenschema)):
        if _struktur([(z.nummer, z.bezeichnung, z.art, z.summe_aus) for z in schema.zeilen]) == struktur:
            kontext.hinweis(f"Zeilenschema: die Zeilen der Datei entsprechen dem gespeicherten Schema „{schema.code}“.")
            return _schema_laden(kontext, schema.code)
    code = "abgeleitet-" + hashlib.sha256(repr(struktur).encode()).hexdigest()[:10]
    name = (name or f"{len(zeilen)} Zeilen, abgeleitet aus {kontext.dateiname}")[:200]
    schema = Zeilenschema(code=code, name=name)
    schema.zeilen = [Planzeile(nummer=n, bezeichnung=b[:200], art=a, summe_aus=s) for n, b, a, s in zeilen]
    session.add(schema)
    session.flush()
    kontext.zaehlen("zeilenschema").neu += 1
    kontext.zaehlen("planzeile").neu += len(zeilen)
    summen = ", ".join(f"{n} = {s.replace(',', ' + ')}" for n, _b, a, s in zeilen if a == "summe")
    kontext.hinweis(f"Zeilenschema „{code}“ ({len(zeilen)} Zeilen) aus der Datei abgeleitet und gespeichert; "
                    f"Summenzeilen: {summen}.")
    return _Schema(code, {z.nummer: (z.art, z.summe_aus) for z in schema.zeilen},
                   {z.nummer: z.id for z in schema.zeilen})


# ------------------------------------------------------------------------------------ reading rows
class _Sammler:
    """Collects items, product information and line labels from the rows of either form."""

    def __init__(self, leser: Zeilenleser, kontext: Kontext) -> None:
        self.leser = leser
        self.kontext = kontext
        self.posten: list[Posten] = []
        self.produkte: dict[str, tuple[str | None, str, str | None, int]] = {}
        self.angaben: dict[str, tuple[str, bool]] = {}
        self.markiert = False
        self.version = kontext.optionen.version or "beschluss"
        self.langform = leser.format.art == "haushalt_lang"

    def produkt(self, z: Zeile) -> str | None:
        """The finest product code of the row; coarser ones become its parents."""
        vater, feinstes = None, None
        for code_spalte, name_spalte, ebene in _PRODUKTSTUFEN:
            if not self.leser.hat(code_spalte):
                continue
            code = z.code(code_spalte, False)
            name = z.text(name_spalte, False) if self.leser.hat(name_spalte) else None
            if code is None:
                continue
            if ebene is None:
                ebene = {2: "produktbereich", 4: "produktgruppe"}.get(len(code), "produkt")
            if code not in self.produkte or (self.produkte[code][0] is None and name):
                self.produkte[code] = (name, ebene, vater, z.nummer)
            vater = feinstes = code
        if feinstes is None and z.ok:
            z.fehler(next(s for s, _n, _e in _PRODUKTSTUFEN if self.leser.hat(s)), None, "Produkt fehlt",
                     "ein Produktcode in Produkt, Produktgruppe oder Produktbereich")
        return feinstes

    def zeile(self, z: Zeile) -> str | None:
        """The line number of the row; remembers labels and sum markers for the scheme."""
        roh = z.roh("Zeile")
        text = w.text_lesen(roh)
        if text is None:
            z.fehler("Zeile", None, "Wert fehlt", "Nummer wie 15 oder „15 - Transferaufwendungen“")
            return None
        try:
            nummer, zeichen, rest = zeile_lesen(text)
        except w.WertFehler as f:
            z.fehler("Zeile", roh, f.problem, f.erwartet)
            return None
        bezeichnung = rest or (z.text("Zeilenbezeichnung", False) if self.leser.hat("Zeilenbezeichnung") else "") or ""
        if zeichen == "=":
            self.markiert = True
        if nummer not in self.angaben or (not self.angaben[nummer][0] and bezeichnung):
            self.angaben[nummer] = (bezeichnung or nummer, zeichen == "=")
        return nummer

    def allgemein(self, z: Zeile) -> tuple[str | None, str | None, str | None]:
        """Product, line and scheme of a row."""
        produkt = self.produkt(z)
        nummer = self.zeile(z)
        schema = z.code("Zeilenschema", False) if self.leser.hat("Zeilenschema") else None
        return produkt, nummer, schema


def _produktspalte_fehlt(leser: Zeilenleser, kontext: Kontext) -> bool:
    """Report a table without any product column (Produkt, Produktgruppe or Produktbereich)."""
    if any(leser.hat(s) for s, _n, _e in _PRODUKTSTUFEN):
        return False
    kontext.fehler_melden(leser.tabelle.kopfzeile or None, "Produkt", None,
                          "eine Spalte „Produkt“, „Produktgruppe“ oder „Produktbereich“ mit dem Produktcode",
                          "Spalte fehlt")
    return True


def _bezirksspalte(tabelle: Tabelle, kontext: Kontext) -> bool:
    for spalte in tabelle.spalten:
        if w.schluessel(spalte) in ("bezirk", "stadtbezirk", "sozialraum", "stadtteil"):
            kontext.fehler_melden(tabelle.kopfzeile, spalte, None, "Haushaltsdaten je Produkt ohne Raumbezug",
                                  "Haushaltsbeträge je Bezirk oder Sozialraum kann das Datenmodell nicht speichern")
            return True
    return False


def haushalt_lang(tabelle: Tabelle, kontext: Kontext) -> None:
    """The long form: one amount per row."""
    leser = Zeilenleser(tabelle, FORMATE["haushalt_lang"], kontext)
    if _bezirksspalte(tabelle, kontext) | _produktspalte_fehlt(leser, kontext) or not leser.vollstaendig:
        return
    teur = kontext.optionen.teur or "teur" in w.schluessel(leser.kopf("Betrag")).split("_")
    if teur and not kontext.optionen.teur:
        kontext.hinweis(f"Spalte „{leser.kopf('Betrag')}“ ist in TEUR: Beträge × 1.000 in Euro umgerechnet.")
    aliase = {"ist": "ergebnis", "plan": kontext.optionen.plan_als, "hochrechnung": "prognose"}
    stand = kontext.stand()
    try:
        sammler = _lang_spaltenweise(leser, kontext, 1000 if teur else 1, aliase)
    except Langsam:
        kontext.zuruecksetzen(stand)
        sammler = _lang_zeilenweise(leser, kontext, 1000 if teur else 1, aliase)
    _uebernehmen(sammler, kontext)


def _lang_spaltenweise(leser: Zeilenleser, kontext: Kontext, faktor: int, aliase: dict[str, str]) -> _Sammler:
    """The fast path of the long form: value columns read once per distinct cell, product and line once per
    distinct combination; ``Langsam`` at the first cell that needs a message with its row."""
    sammler = _Sammler(leser, kontext)
    jahre = leser.spalte("Jahr", lambda r: w.ganzzahl_lesen(r, 1900, 2200, leser.stil("Jahr")), leer_erlaubt=False)
    arten = leser.spalte("Periodenart", lambda r: w.auswahl_lesen(r, PERIODENARTEN), leer="jahr")
    perioden = leser.spalte("Periode", lambda r: w.ganzzahl_lesen(r, 1, 12, leser.stil("Periode")), leer=1)
    if any(p > PERIODEN_JE_JAHR[a] for a, p in set(zip(arten, perioden, strict=True))):
        raise Langsam("Periode")
    betragsarten = leser.spalte("Betragsart", lambda r: w.auswahl_lesen(r, BETRAGSARTEN, aliase),
                                leer_erlaubt=False)
    versionen = leser.spalte("Version", lambda r: w.auswahl_lesen(r, VERSIONEN), leer=sammler.version)

    stil, cent = leser.stil("Betrag"), Decimal("0.01")

    def betrag(roh: object) -> Decimal:
        wert = w.zahl_lesen(roh, stil)
        if faktor != 1:
            wert *= faktor
        if abs(wert) >= BETRAG_GRENZE or (wert.as_tuple().exponent < -2 and wert != wert.quantize(cent)):
            raise Langsam(roh)
        return wert

    betraege = leser.spalte("Betrag", betrag, leer_erlaubt=False)
    allgemein = [leser.index[s] for s in (*(c for c, _n, _e in _PRODUKTSTUFEN), *(n for _c, n, _e in _PRODUKTSTUFEN),
                                          "Zeile", "Zeilenbezeichnung", "Zeilenschema") if s in leser.index]
    gemerkt: dict[object, tuple] = {}
    kopf = leser.kopf("Betrag")
    posten = sammler.posten
    merkmal_von = itemgetter(*allgemein)  # the product and line columns of a row (at least the product code)
    for (nummer, werte), jahr, art, periode, betragsart, version, wert in zip(
            leser.tabelle.zeilen, jahre, arten, perioden, betragsarten, versionen, betraege, strict=True):
        merkmal = merkmal_von(werte)
        teile = gemerkt.get(merkmal)
        if teile is None:
            z = Zeile(leser, nummer, werte)
            teile = gemerkt[merkmal] = sammler.allgemein(z)
            if not z.ok:
                raise Langsam(nummer)
        posten.append(Posten(nummer, kopf, teile[0], jahr, art, periode, teile[1], betragsart, version, wert,
                             teile[2]))
    return sammler


def _lang_zeilenweise(leser: Zeilenleser, kontext: Kontext, faktor: int, aliase: dict[str, str]) -> _Sammler:
    """The long form row by row, with a German error for every invalid cell."""
    sammler = _Sammler(leser, kontext)
    for z in leser:
        produkt, nummer, schema = sammler.allgemein(z)
        jahr = z.ganzzahl("Jahr", minimum=1900, maximum=2200)
        art = z.auswahl("Periodenart", standard="jahr")
        periode = z.ganzzahl("Periode", minimum=1, maximum=12, standard=1)
        if art and periode and periode > PERIODEN_JE_JAHR[art]:
            z.fehler("Periode", z.roh("Periode"), f"passt nicht zur Periodenart {art}",
                     f"1 bis {PERIODEN_JE_JAHR[art]}")
        betragsart = z.auswahl("Betragsart", aliase=aliase)
        version = z.auswahl("Version", standard=sammler.version)
        betrag = z.zahl("Betrag", stellen=2, grenze=BETRAG_GRENZE, faktor=faktor)
        if z.ok:
            sammler.posten.append(Posten(z.nummer, leser.kopf("Betrag"), produkt, jahr, art, periode, nummer,
                                         betragsart, version, betrag, schema))
    return sammler


def haushalt_breit(tabelle: Tabelle, kontext: Kontext) -> None:
    """The wide form: one column per kind and year."""
    leser = Zeilenleser(tabelle, FORMATE["haushalt_breit"], kontext)
    if _bezirksspalte(tabelle, kontext) | _produktspalte_fehlt(leser, kontext) or not leser.vollstaendig:
        return
    sammler = _Sammler(leser, kontext)
    spalten = []
    for i, kopf in enumerate(tabelle.spalten):
        js = jahresspalte_lesen(kopf)
        if js is None:
            continue
        betragsart = js.betragsart
        if betragsart == "plan":
            betragsart = kontext.optionen.plan_als
            kontext.hinweis(f"Spalten „Plan JJJJ“ als Betragsart „{betragsart}“ gelesen (Option plan_als).")
        teur = kontext.optionen.teur or js.teur
        if js.teur and not kontext.optionen.teur:
            kontext.hinweis(f"Spalte „{kopf}“ ist in TEUR: Beträge × 1.000 in Euro umgerechnet.")
        spalten.append((i, kopf, betragsart, js.jahr, js.version, 1000 if teur else 1))
    stile = {i: w.zahlenstil_erkennen(z[i] for _, z in tabelle.zeilen) for i, *_ in spalten}
    for z in leser:
        produkt, nummer, schema = sammler.allgemein(z)
        version = z.auswahl("Version", standard=sammler.version)
        for i, kopf, betragsart, jahr, spaltenversion, faktor in spalten:
            roh = z.werte[i]
            if w.ist_leer(roh):
                continue
            try:
                betrag = w.zahl_lesen(roh, stile[i]) * faktor
            except w.WertFehler as f:
                z.ok = False
                kontext.fehler_melden(z.nummer, kopf, roh, f.erwartet, f.problem)
                continue
            if abs(betrag) >= BETRAG_GRENZE or betrag != betrag.quantize(Decimal("0.01")):
                z.ok = False
                kontext.fehler_melden(z.nummer, kopf, roh, "Betrag in Euro mit höchstens 2 Nachkommastellen",
                                      "ist zu groß oder hat zu viele Nachkommastellen")
                continue
            if z.ok:
                sammler.posten.append(Posten(z.nummer, kopf, produkt, jahr, "jahr", 1, nummer, betragsart,
                                             spaltenversion or version, betrag, schema))
    _uebernehmen(sammler, kontext)


# ---------------------------------------------------------------------------------- common steps
def _schemata_bestimmen(sammler: _Sammler, kontext: Kontext) -> dict[str | None, _Schema] | None:
    """Scheme per item's schema value (None = the file's default scheme)."""
    gewaehlt = {p.schema for p in sammler.posten if p.schema}
    ergebnis: dict[str | None, _Schema] = {}
    for code in sorted(gewaehlt | ({kontext.optionen.zeilenschema} if kontext.optionen.zeilenschema else set())):
        schema = _schema_laden(kontext, code)
        if schema is None:
            kontext.sammelfehler(None, "Zeilenschema", code, "ein gespeichertes Zeilenschema oder "
                                 + ", ".join(SCHEMATA), "ist als Zeilenschema unbekannt")
            continue
        ergebnis[code] = schema
    if kontext.fehler:
        return None
    if any(p.schema is None for p in sammler.posten):
        if kontext.optionen.zeilenschema:
            ergebnis[None] = ergebnis[kontext.optionen.zeilenschema]
        elif sammler.markiert:
            zeilen = schema_ableiten(sammler.angaben)
            unklar = [n for n, _b, a, _s in zeilen if a == "unbekannt"]
            if unklar:
                for n in unklar:
                    kontext.fehler_melden(None, "Zeile", f"{n} {sammler.angaben[n][0]}",
                                          "eine Bezeichnung mit „Ertrag“ oder „Aufwand“ oder ein Zeilenschema",
                                          "Ertrag oder Aufwand ist nicht erkennbar")
                return None
            try:
                summen_ableiten({}, [(n, a, s) for n, _b, a, s in zeilen])
            except (ValueError, RecursionError) as f:  # RecursionError: a chain of 1.000 sums
                kontext.fehler_melden(None, "Zeile", None, "Summenzeilen, die vorhandene Zeilen addieren",
                                      f"Das Zeilenschema der Datei ist nicht ableitbar: {f}")
                return None
            ergebnis[None] = _abgeleitetes_schema(kontext, zeilen)
        else:
            ergebnis[None] = _schema_laden(kontext, NKF_NRW_2019_CODE)
            kontext.hinweis(f"Zeilenschema „{NKF_NRW_2019_CODE}“ verwendet (Datei ohne Zeilenschema).")
    return ergebnis


@dataclass
class _Vergleich:
    """Sum lines of the file against the sums of their detail lines under one sign convention."""

    exakt: int = 0
    gerundet: int = 0
    falsch: int = 0
    max_rundung: Decimal = Decimal(0)
    abweichungen: list[str] | None = None

    @property
    def passend(self) -> int:
        return self.exakt + self.gerundet

    @property
    def gesamt(self) -> int:
        return self.passend + self.falsch


def _summen_vergleichen(gruppen, schemata_info, konvention: str, ganze_euro: bool, texte: bool = True) -> _Vergleich:
    """Compare every sum line of the file with the value derived from its detail lines.

    When all amounts of the file are whole euros, a difference of at most (k + 1) / 2 € for a sum of k
    detail lines is rounding (each printed amount is rounded on its own) and counted as such.
    """
    v = _Vergleich(abweichungen=[])
    for (schema_wahl, produkt, *_rest), (details, summen) in gruppen.items():
        if not summen:
            continue
        schema, klassen, anzahl = schemata_info[schema_wahl]
        gespeichert = {z: w_ * _faktor(konvention, klassen[z]) for z, (w_, _p) in details.items()}
        abgeleitet = summen_ableiten(gespeichert, [(z, a, s_) for z, (a, s_) in schema.zeilen.items()])
        for z, (wert, p) in sorted(summen.items()):
            erwartet = abgeleitet[z] * _faktor(konvention, klassen[z])
            differenz = wert - erwartet
            if not differenz:
                v.exakt += 1
            elif ganze_euro and abs(differenz) <= Decimal(anzahl[z] + 1) / 2:
                v.gerundet += 1
                v.max_rundung = max(v.max_rundung, abs(differenz))
            else:
                v.falsch += 1
                if texte and len(v.abweichungen) < 100:
                    v.abweichungen.append(
                        f"Zeile {p.zeile}, Produkt {produkt}, Summenzeile {z}, „{p.spalte}“: Datei {_euro(wert)}, aus "
                        f"den Einzelzeilen {_euro(erwartet)} (Differenz {_euro(differenz)})")
    return v


def _vorzeichen_bestimmen(
    gruppen, schemata_info, kontext: Kontext, langform: bool, ganze_euro: bool
) -> tuple[str, _Vergleich | None]:
    """The file's sign convention: chosen; else the one under which most sum lines add up; else, for
    the long form, the documented one (Aufwendungen negativ), for the wide form the majority sign of
    the expense lines."""
    gewaehlt = kontext.optionen.vorzeichen
    if gewaehlt != "auto":
        kontext.hinweis(f"Vorzeichen der Datei (gewählt): {VORZEICHEN_TEXT[gewaehlt]}.")
        return gewaehlt, None
    treffer = {k: _summen_vergleichen(gruppen, schemata_info, k, ganze_euro, texte=False) for k in VORZEICHEN_TEXT}
    beste = max((v.passend, v.exakt) for v in treffer.values())
    sieger = [k for k, v in treffer.items() if (v.passend, v.exakt) == beste]
    if beste[0] and len(sieger) == 1:
        k = sieger[0]
        kontext.hinweis(f"Vorzeichen der Datei erkannt: {VORZEICHEN_TEXT[k]} – an den Summenzeilen "
                        f"({_zahl(beste[0])} von {_zahl(treffer[k].gesamt)} stimmen damit)"
                        + ("" if k == "aufwand_negativ" else "; gespeichert mit Erträgen positiv, Aufwendungen negativ")
                        + ".")
        return k, treffer[k]
    if langform:
        k = "aufwand_negativ"
        grund = "die Summenzeilen entscheiden es nicht" if beste[0] else "keine Summenzeilen zum Prüfen"
        kontext.hinweis(f"Vorzeichen wie im Format beschrieben: {VORZEICHEN_TEXT[k]} ({grund}; "
                        "sonst Option vorzeichen).")
        return k, None
    aufwand = [0, 0]
    ertrag = [0, 0]
    for (schema, *_rest), (details, _s) in gruppen.items():
        _sch, klassen, _anzahl = schemata_info[schema]
        for z, (v, _p) in details.items():
            if v:
                (aufwand if klassen[z] == "aufwand" else ertrag)[v > 0] += 1
    if aufwand[0] > aufwand[1]:
        k = "aufwand_negativ"
    elif aufwand[1] > aufwand[0]:
        k = "ertrag_negativ" if ertrag[0] > ertrag[1] else "aufwand_positiv"
    else:
        k = "aufwand_negativ"
        kontext.hinweis("Vorzeichen der Datei nicht erkennbar (keine Aufwandsbeträge); angenommen: "
                        f"{VORZEICHEN_TEXT[k]} (sonst Option vorzeichen).")
        return k, None
    kontext.hinweis(f"Vorzeichen der Datei erkannt: {VORZEICHEN_TEXT[k]} – an den Vorzeichen der Aufwandszeilen "
                    f"({_zahl(max(aufwand))} von {_zahl(sum(aufwand))}).")
    return k, None


def _produkte_sichern(sammler: _Sammler, kontext: Kontext) -> dict[str, int] | None:
    """Create missing products (coarse before fine, parent by the file or by the code prefix)."""
    session = kontext.session
    vorhanden = {c: (i, n) for c, i, n in session.execute(select(Produkt.code, Produkt.id, Produkt.name))}
    anders = [(c, vorhanden[c][1], name) for c, (name, _e, _v, _n) in sammler.produkte.items()
              if c in vorhanden and name and " ".join(name.split()) != " ".join(vorhanden[c][1].split())]
    if anders:
        beispiele = "; ".join(f"{c}: „{alt}“ ↔ „{neu}“" for c, alt, neu in anders[:3])
        kontext.hinweis(f"{len(anders)} Produkte heißen in der Datenbank anders als in der Datei; die Namen bleiben "
                        f"unverändert (z. B. {beispiele}).")
    neue = {c: info for c, info in sammler.produkte.items() if c not in vorhanden}
    for code, (name, _e, _v, nummer) in neue.items():
        if not name:
            kontext.sammelfehler(nummer, "Produkt", code, "ein Produkt aus den Stammdaten oder eine Spalte mit "
                                 "seiner Bezeichnung", "ist als Produkt unbekannt und hat keine Bezeichnung")
        elif len(name) > 300:
            kontext.fehler_melden(nummer, "Produktbezeichnung", name, "höchstens 300 Zeichen", "ist zu lang")
    if kontext.fehler:
        return None
    if neue:
        reihenfolge = sorted(neue, key=lambda c: (PRODUKTEBENEN.index(neue[c][1]), c))
        abgleichen(kontext, Produkt, {c: {"code": c, "name": neue[c][0], "ebene": neue[c][1]} for c in reihenfolge},
                   {}, beschreiben=lambda c: f"Produkt {c}")
        ids = codes(kontext, Produkt)
        eltern, vom_code = [], 0
        for c in reihenfolge:
            vater = neue[c][2]
            if vater is None:
                passend = [p for p in ids if c.startswith(p) and p != c and len(p) < len(c)]
                vater = max(passend, key=len) if passend else None
                vom_code += vater is not None
            if vater is not None:
                eltern.append({"id": ids[c], "parent_id": ids[vater]})
        if eltern:
            session.execute(update(Produkt), eltern)
        ebenen = defaultdict(int)
        for _n, e, _v, _z in neue.values():
            ebenen[e] += 1
        kontext.hinweis("Neu angelegte Produkte: " + ", ".join(f"{n} {e}" for e, n in ebenen.items())
                        + (f" ({vom_code} über den Code-Anfang ihrem übergeordneten Produkt zugeordnet)" if vom_code
                           else "") + ".")
        return ids
    return {c: i for c, (i, _n) in vorhanden.items()}


def _blaetter(schema: _Schema, nummer: str, tiefe: int = 0) -> set[str]:
    """The detail lines a line adds up (itself for a detail line)."""
    art, summe_aus = schema.zeilen.get(nummer, ("ertrag", None))
    if art != "summe" or tiefe > 50:
        return {nummer}
    return set().union(*(_blaetter(schema, t.strip(), tiefe + 1) for t in (summe_aus or "").split(",") if t.strip()))


def _teilschema(schema: _Schema, klassen: dict[str, str], nummern: frozenset[str],
                namen: dict[str, str]) -> tuple[list[tuple[str, str, str, str | None]], str | None]:
    """The part of ``schema`` made of the sum lines ``nummern`` a file gives without their detail lines:
    a sum made of other given lines stays a sum of them, the finest given lines become lines of their kind.
    Returns (lines, None) or ([], the problem in German)."""
    def teile(nummer: str, tiefe: int = 0) -> list[str]:
        ergebnis = []
        for t in (schema.zeilen[nummer][1] or "").split(","):
            t = t.strip()
            if t in nummern:
                ergebnis.append(t)
            elif t and schema.zeilen.get(t, ("", None))[0] == "summe" and tiefe < 50:
                ergebnis += teile(t, tiefe + 1)
        return ergebnis

    zeilen = []
    for n in sorted(nummern, key=lambda x: (len(x), x)):
        gegeben = teile(n)
        if gegeben:
            fehlt = _blaetter(schema, n) - set().union(*(_blaetter(schema, t) for t in gegeben))
            if fehlt:
                return [], (f"Summenzeile {n} ist aus den gelieferten Summenzeilen ({', '.join(gegeben)}) nicht "
                            "ableitbar")
            zeilen.append((n, namen.get(n, n), "summe", ",".join(gegeben)))
        elif klassen.get(n) in ("ertrag", "aufwand"):
            zeilen.append((n, namen.get(n, n), klassen[n], None))
        else:
            return [], f"Summenzeile {n} ({namen.get(n, n)}) ist weder Ertrag noch Aufwand"
    return zeilen, None


def _nur_summen(kontext: Kontext, gruppen: dict, schemata: dict, schemata_info: dict) -> bool:
    """Amounts given only as sum lines (plans published with 10/17/18 per Produktgruppe) are stored at that
    level, in the part of their scheme made of those lines (``_teilschema``) – never dropped. Sum lines
    beside detail lines stay checks. False after an error."""
    faelle: dict[tuple, list[tuple]] = {}
    for schluessel, (details, summen) in gruppen.items():
        if summen and not details:
            faelle.setdefault((schluessel[0], frozenset(summen)), []).append(schluessel)
    for (wahl, nummern), schluessel_liste in faelle.items():
        schema, klassen, _anzahl = schemata_info[wahl]
        namen = dict(kontext.session.execute(select(Planzeile.nummer, Planzeile.bezeichnung)
                                             .where(Planzeile.id.in_(list(schema.ids.values())))).all())
        zeilen, problem = _teilschema(schema, klassen, nummern, namen)
        if problem:
            beispiel = gruppen[schluessel_liste[0]][1]
            p = next(iter(beispiel.values()))[1]
            kontext.fehler_melden(p.zeile, "Zeile", ", ".join(sorted(nummern)),
                                  "Einzelzeilen oder Summenzeilen, aus denen sich jede gelieferte Summe ergibt "
                                  "(z. B. 10, 17 und 18)", f"Nur Summenzeilen für Produkt {p.produkt}: {problem}")
            return False
        teil = _abgeleitetes_schema(kontext, zeilen, f"Summenzeilen {', '.join(n for n, *_r in zeilen)} aus "
                                                     f"„{schema.code}“")
        neue_wahl = ("nur_summen", wahl, nummern)
        schemata[neue_wahl] = teil
        schemata_info[neue_wahl] = (teil, _klassen(teil.zeilen), _detailanzahl(teil.zeilen))
        for schluessel in schluessel_liste:
            _leer, summen = gruppen.pop(schluessel)
            gruppen[(neue_wahl, *schluessel[1:])] = (
                {n: v for n, v in summen.items() if teil.zeilen[n][0] != "summe"},
                {n: v for n, v in summen.items() if teil.zeilen[n][0] == "summe"})
        produkte = sorted({k[1] for k in schluessel_liste})
        kontext.hinweis(f"Nur Summenzeilen ({', '.join(sorted(nummern, key=lambda x: (len(x), x)))}) für "
                        f"{_zahl(len(produkte))} Produkte (z. B. {', '.join(produkte[:3])}): auf dieser Ebene "
                        f"gespeichert (Zeilenschema „{teil.code}“), nicht verworfen.")
    return True


def verlorene_nullen(codes: Iterable[str], katalog: Iterable[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Codes that lost their leading zeros (Excel: 0501 → 501), recognised against the stored catalogue and
    the code scheme: (code → normalised code, code → several stored candidates, i.e. ambiguous).

    A code not in the catalogue is the stored code with the same digits and more leading zeros when there is
    exactly one; else, when its length is not one of the scheme's (the lengths of the catalogue's digit
    codes, or of the file's other codes for an empty catalogue) but one more digit is, it gets one zero.
    """
    katalog = set(katalog)
    codes = set(codes)
    je_zahl: dict[int, list[str]] = defaultdict(list)
    for c in katalog:
        if c.isdigit():
            je_zahl[int(c)].append(c)
    schema = {len(c) for c in katalog if c.isdigit()} or {len(c) for c in codes if c.isdigit() and c[:1] == "0"}
    korrektur, mehrdeutig = {}, {}
    for code in sorted(codes):
        if code in katalog or not code.isdigit():
            continue
        treffer = sorted(c for c in je_zahl.get(int(code), []) if len(c) > len(code))
        if len(treffer) == 1:
            korrektur[code] = treffer[0]
        elif len(treffer) > 1:
            mehrdeutig[code] = treffer
        elif schema and len(code) not in schema and len(code) + 1 in schema:
            korrektur[code] = "0" + code
    return korrektur, mehrdeutig


def _codes_pruefen(sammler: _Sammler, kontext: Kontext) -> None:
    """Normalise product codes that lost their leading zeros (visible warning) or refuse ambiguous ones."""
    katalog = list(kontext.session.scalars(select(Produkt.code)))
    korrektur, mehrdeutig = verlorene_nullen(sammler.produkte, katalog)
    for code, treffer in mehrdeutig.items():
        kontext.sammelfehler(sammler.produkte[code][3], "Produkt", code, "einer von " + ", ".join(treffer)
                             + " (als Text formatiert, damit die führenden Nullen bleiben)",
                             "hat keine führende Null und passt zu mehreren gespeicherten Produkten")
    if not korrektur or kontext.fehler:
        return
    produkte = {}
    for code, (name, ebene, vater, nummer) in sammler.produkte.items():
        neu = korrektur.get(code, code)
        if neu in produkte and produkte[neu][0]:
            continue
        ebene = {2: "produktbereich", 4: "produktgruppe"}.get(len(neu), ebene) if neu != code else ebene
        produkte[neu] = (name, ebene, korrektur.get(vater, vater), nummer)
    sammler.produkte = produkte
    for p in sammler.posten:
        p.produkt = korrektur.get(p.produkt, p.produkt)
    beispiele = ", ".join(f"{a} → {b}" for a, b in list(korrektur.items())[:5])
    kontext.warnung(f"{_zahl(len(korrektur))} Produktcodes ohne führende Null (Excel?) ergänzt: {beispiele}"
                    + (" …" if len(korrektur) > 5 else "") + ". Bitte prüfen; in Excel die Spalte als Text "
                    "formatieren.")


def _gruppieren(posten: list[Posten], schemata: dict[str | None, _Schema],
                kontext: Kontext) -> dict[tuple, tuple[dict, dict]]:
    """The items by (scheme choice, product, year, period, kind, version): (detail lines, sum lines), each
    line number → (amount, item); unknown lines and amounts given twice are errors.

    Choices naming the same scheme (no scheme in the row, and the default scheme by name) share their
    groups, so an amount given twice is one line number already in its group."""
    erste_wahl: dict[str, str | None] = {}
    wahl = {w_: erste_wahl.setdefault(s_.code, w_) for w_, s_ in schemata.items()}
    gruppen: dict[tuple, tuple[dict, dict]] = {}
    for p in posten:
        schema = schemata[p.schema]
        zeile = schema.zeilen.get(p.nummer)
        if zeile is None:
            kontext.sammelfehler(p.zeile, "Zeile", p.nummer, f"eine Zeilennummer des Zeilenschemas „{schema.code}“ "
                                 f"({', '.join(sorted(schema.zeilen))})", "gibt es im Zeilenschema nicht")
            continue
        schluessel = (wahl[p.schema], p.produkt, p.jahr, p.periodenart, p.periode, p.betragsart, p.version)
        gruppe = gruppen.get(schluessel)
        if gruppe is None:
            gruppe = gruppen[schluessel] = ({}, {})
        erste = gruppe[0].get(p.nummer) or gruppe[1].get(p.nummer)
        if erste is not None:
            kontext.sammelfehler(p.zeile, p.spalte, f"{p.produkt} / Zeile {p.nummer}",
                                 "jeden Betrag (Produkt, Jahr, Periode, Zeile, Betragsart, Version) nur einmal",
                                 f"kommt doppelt vor (schon in Zeile {erste[1].zeile})")
            continue
        gruppe[zeile[0] == "summe"][p.nummer] = (p.wert, p)
    return gruppen


def _uebernehmen(sammler: _Sammler, kontext: Kontext) -> None:
    """Schemes, sign convention, sum checks, products, then the upsert of the detail lines."""
    if not sammler.posten and not kontext.fehler:
        kontext.fehler_melden(None, None, None, "mindestens einen Betrag", "Die Datei enthält keine Beträge")
    if kontext.fehler:
        return
    _codes_pruefen(sammler, kontext)
    if kontext.fehler:
        return
    schemata = _schemata_bestimmen(sammler, kontext)
    if schemata is None:
        return
    schemata_info = {k: (s_, _klassen(s_.zeilen), _detailanzahl(s_.zeilen)) for k, s_ in schemata.items()}
    gruppen = _gruppieren(sammler.posten, schemata, kontext)
    if kontext.fehler or not _nur_summen(kontext, gruppen, schemata, schemata_info):
        return
    ganze_euro = (any(summen for _d, summen in gruppen.values())  # whole euros matter only for sum checks
                  and all(p.wert == p.wert.to_integral_value() for p in sammler.posten))
    konvention, vergleich = _vorzeichen_bestimmen(gruppen, schemata_info, kontext, sammler.langform, ganze_euro)
    speichern: dict[tuple, tuple[Decimal, Posten]] = {}
    art_des_formats, tabelle = sammler.leser.format.art, sammler.leser.tabelle.name
    erste_tabelle = not kontext.hat_schluessel(art_des_formats)  # keys unique here: register them at once
    eintraege = []
    negativ = {w_: frozenset(z for z, k in klassen.items() if _faktor(konvention, k) < 0)
               for w_, (_s, klassen, _a) in schemata_info.items()}  # lines whose stored sign is the file's inverse
    for (schema_wahl, produkt, jahr, art, periode, betragsart, version), (details, _summen) in gruppen.items():
        schema = schemata_info[schema_wahl][0]
        ids, code, umkehren = schema.ids, schema.code, negativ[schema_wahl]
        for z, (wert, p) in details.items():
            gespeichert = -wert if z in umkehren else wert
            speichern[(produkt, jahr, art, periode, ids[z], betragsart, version)] = (gespeichert, p)
            schluessel = (produkt, jahr, art, periode, code, z, betragsart, version)
            if erste_tabelle:
                eintraege.append((schluessel, p.zeile, gespeichert))
                continue
            erste = kontext.schluessel_melden(art_des_formats, schluessel, tabelle, p.zeile, gespeichert)
            if erste is not None and not erste[2]:
                kontext.fehler_melden(p.zeile, p.spalte, f"{produkt} / Zeile {z}",
                                      "jeden Betrag (Produkt, Jahr, Periode, Zeile, Betragsart, Version) nur einmal "
                                      "je Import (gleiche Beträge in mehreren Tabellen sind erlaubt)",
                                      f"kommt doppelt vor: schon in Tabelle „{erste[0]}“, Zeile {erste[1]}, "
                                      "dort mit anderem Betrag")
    if kontext.fehler:
        return
    if erste_tabelle:
        kontext.schluessel_eintragen(art_des_formats, tabelle, eintraege)
    if vergleich is None or vergleich.falsch:
        vergleich = _summen_vergleichen(gruppen, schemata_info, konvention, ganze_euro)
    if vergleich.gesamt:
        text = (f"Summenzeilen: {_zahl(vergleich.gesamt)} geprüft und nicht gespeichert; {_zahl(vergleich.exakt)} "
                "stimmen auf den Cent mit der Summe ihrer Einzelzeilen überein")
        if vergleich.gerundet:
            text += (f", {_zahl(vergleich.gerundet)} weichen um höchstens {_euro(vergleich.max_rundung)} ab (Rundung: "
                     "die Datei enthält auf ganze Euro gerundete Beträge)")
        kontext.hinweis(text + (f"; {_zahl(vergleich.falsch)} weichen stärker ab:"
                                if vergleich.falsch else "; keine weitere Abweichung."))
        for text in vergleich.abweichungen[:25]:
            kontext.hinweis(f"  {text}")
        if vergleich.falsch > 25:
            kontext.hinweis(f"  … und {_zahl(vergleich.falsch - 25)} weitere Abweichungen.")
    ids = _produkte_sichern(sammler, kontext)
    if ids is None:
        return
    zeilen = [(ids[produkt], jahr, art, periode, planzeile, betragsart, version, wert, p.zeile)
              for (produkt, jahr, art, periode, planzeile, betragsart, version), (wert, p) in speichern.items()]
    code_je_id = {i: c for c, i in ids.items()}
    nummer_je_id = {i: n for s in schemata.values() for n, i in s.ids.items()}
    stapel_abgleichen(
        kontext, STAPEL, zeilen,
        beschreiben=lambda k: f"Produkt {code_je_id.get(k[0])} {k[1]} Zeile {nummer_je_id.get(k[4])} {k[5]} {k[6]}",
    )


def _zahl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _euro(wert: Decimal) -> str:
    text = f"{wert:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return (text[:-3] if text.endswith(",00") else text) + " €"
