"""A Sozialatlas in long form (one value per Stadtteil, Merkmal and Jahr, like Flensburg's open-social-map
export: table, table_label_de, year, district_id, district_name, variable, value).

Every (Tabelle, Merkmal) becomes one Kennzahl at Sozialraum level (created when missing, code from the
column „Kennzahl“ or derived as „SA-“ plus a short checksum of table and Merkmal); the values become
Ist-values of the year. An empty value is a suppressed or unknown figure and is skipped, never read as 0;
rows without a Stadtteil (city tables, „nicht zuordenbar“) are skipped too; the report counts both.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from kennzahlen.importe import werte as w
from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeilenleser, abgleichen, abschluesse_pruefen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.raeume import Raumfinder
from kennzahlen.importe.stammdaten import RICHTUNG_ALIASE, _doppelt
from kennzahlen.kleine_zahlen import ist_fallzahl
from kennzahlen.models import Kennzahl, Kennzahlwert, Sozialraum

HOEHER_BESSER = ("employment_rate", "beschaeftigungsquote")
"""Merkmal words that mark a higher-is-better indicator when the file has no „Richtung“."""


def kennzahlcode(tabelle: str | None, merkmal: str) -> str:
    """The derived Kennzahl code of a (Tabelle, Merkmal): „SA-“ and 8 hex digits of its checksum."""
    return "SA-" + hashlib.sha1(f"{tabelle or ''}|{merkmal}".encode()).hexdigest()[:8].upper()


def einheit_ableiten(merkmal: str) -> str:
    """Unit from the Merkmal name: % for rates and shares, Quotient for ratios, else Anzahl."""
    k = w.schluessel(merkmal)
    if any(t in k for t in ("percentage", "rate", "quote", "anteil", "prozent")):
        return "%"
    if "quotient" in k:
        return "Quotient"
    return "Anzahl"


class _Stadtteile:
    """Finds a Sozialraum by code, by the number at the end of its code (1 → STGT01), or by name."""

    def __init__(self, kontext: Kontext) -> None:
        self.finder = Raumfinder(kontext)
        self.kontext = kontext
        self.nummern: dict[int, list[int]] = {}
        self.namen: dict[str, list[int]] = {}
        for sid, code, name in kontext.session.execute(select(Sozialraum.id, Sozialraum.code, Sozialraum.name)):
            if treffer := re.search(r"(\d+)$", code):
                self.nummern.setdefault(int(treffer.group(1)), []).append(sid)
            self.namen.setdefault(_name(name), []).append(sid)
        self.gemeldet = False

    def finden(self, code: str, name: str | None) -> int | None:
        """The id of the Stadtteil ``code`` (or ``name``), None when unknown or ambiguous."""
        sid = self.finder.finden(code)
        if sid is not None:
            return sid
        kandidaten = self.nummern.get(int(code), []) if code.isdigit() else []
        if len(kandidaten) != 1 and name:
            kandidaten = self.namen.get(_name(name), [])
        if len(kandidaten) == 1:
            if not self.gemeldet:
                self.gemeldet = True
                self.kontext.hinweis(f"Stadtteile über die Nummer am Ende des Sozialraum-Codes oder den Namen "
                                     f"zugeordnet (z. B. „{code}“ → „{self.finder.codes[kandidaten[0]]}“).")
            return kandidaten[0]
        return None


def _name(text: str) -> str:
    """A district name without a leading number ("01 Altstadt" → "altstadt")."""
    return w.schluessel(re.sub(r"^\s*\d+\s*", "", str(text)))


def sozialatlas_lang(tabelle: Tabelle, kontext: Kontext) -> None:
    """A Sozialatlas in long form (see ``FORMATE["sozialatlas_lang"]``): Kennzahlen and their values."""
    leser = Zeilenleser(tabelle, FORMATE["sozialatlas_lang"], kontext)
    if not leser.vollstaendig:
        return
    raeume = _Stadtteile(kontext)
    bestehende_kz = dict(kontext.session.execute(select(Kennzahl.code, Kennzahl.id)).all())
    neue_kz: dict[str, dict] = {}
    werte: dict[tuple, dict] = {}
    nummern: dict[tuple, int] = {}
    ohne_raum = unterdrueckt = 0
    for z in leser:
        merkmal, tab = z.text("Merkmal"), z.text("Tabelle")
        jahr = z.ganzzahl("Jahr", minimum=1900, maximum=2200)
        code_roh = z.code("Stadtteil", pflicht=False)
        wert = z.zahl("Wert", pflicht=False, stellen=6, grenze=10**14)
        einheit = z.text("Einheit")
        richtung = z.auswahl("Richtung", aliase=RICHTUNG_ALIASE)
        if richtung == "zielkorridor":
            z.fehler("Richtung", z.roh("Richtung"), "braucht einen Zielkorridor, den dieses Format nicht kennt",
                     "hoeher_besser oder niedriger_besser")
        kz_code = z.code("Kennzahl")
        if not z.ok or merkmal is None:
            continue
        if code_roh is None:
            ohne_raum += 1
            continue
        sid = raeume.finden(code_roh, z.text("Stadtteilname"))
        if sid is None:
            z.ok = False
            kontext.sammelfehler(z.nummer, leser.kopf("Stadtteil"), code_roh,
                                 "Code, Nummer oder Name eines vorhandenen Sozialraums – zuerst die Sozialräume "
                                 "(z. B. als GeoJSON) importieren", "ist als Stadtteil unbekannt")
            continue
        kz_code = kz_code or kennzahlcode(tab, merkmal)
        if kz_code not in bestehende_kz and kz_code not in neue_kz:
            bezeichnung = (z.text("Tabellenbezeichnung") or tab or "").strip()
            kopf = bezeichnung.splitlines()[0].strip() if bezeichnung else ""
            einheit_kz = einheit or einheit_ableiten(merkmal)
            neue_kz[kz_code] = {
                "code": kz_code, "name": (f"{kopf} – {merkmal}" if kopf else merkmal)[:300],
                "beschreibung": bezeichnung or None, "einheit": einheit_kz[:50],
                "quelle": f"Sozialatlas ({kontext.dateiname})"[:300], "frequenz": "jahr", "typ": "kontext",
                "richtung": richtung or ("hoeher_besser" if any(t in w.schluessel(merkmal) for t in HOEHER_BESSER)
                                         else "niedriger_besser"),
                "steuerbar": False, "raumebene": "sozialraum", "nachkommastellen": 1 if einheit_kz != "Anzahl" else 0,
                "fallzahl": ist_fallzahl(einheit_kz, None) and einheit_kz != "Quotient",
            }
        if wert is None:
            unterdrueckt += 1
            continue
        schluessel = (kz_code, jahr, sid)
        if _doppelt(z, "Merkmal", schluessel, wert, " für dieselbe Kennzahl, dasselbe Jahr und denselben Stadtteil"):
            continue
        werte[schluessel] = {"wert": wert}
        nummern[schluessel] = z.nummer
    if kontext.fehler:
        return
    if ohne_raum:
        kontext.hinweis(f"{ohne_raum} Zeilen ohne Stadtteil (Gesamtstadt oder nicht zuordenbar) übersprungen.")
    if unterdrueckt:
        kontext.hinweis(f"{unterdrueckt} leere Werte (unterdrückt oder unbekannt) nicht übernommen – nicht als 0.")
    abgleichen(kontext, Kennzahl, neue_kz, {}, beschreiben=lambda c: f"Kennzahl {c}")
    kz = dict(kontext.session.execute(select(Kennzahl.code, Kennzahl.id)).all())
    zeilen = {(kz[c], j, "jahr", 1, "ist", s): {
        "kennzahl_id": kz[c], "jahr": j, "periodenart": "jahr", "periode": 1, "wertart": "ist",
        "sozialraum_id": s, "wert": d["wert"]} for (c, j, s), d in werte.items()}
    zeilennummern = {(kz[c], j, "jahr", 1, "ist", s): n for (c, j, s), n in nummern.items()}
    ids = sorted({k[0] for k in zeilen})
    bestehend = {}
    for i in range(0, len(ids), 500):
        for r in kontext.session.execute(
            select(Kennzahlwert.id, Kennzahlwert.kennzahl_id, Kennzahlwert.jahr, Kennzahlwert.periodenart,
                   Kennzahlwert.periode, Kennzahlwert.wertart, Kennzahlwert.sozialraum_id, Kennzahlwert.wert)
            .where(Kennzahlwert.kennzahl_id.in_(ids[i:i + 500]))
        ):
            bestehend[(r.kennzahl_id, r.jahr, r.periodenart, r.periode, r.wertart, r.sozialraum_id)] = {
                "id": r.id, "wert": r.wert}
    for k, d in zeilen.items():
        if k not in bestehend:
            d["status"] = "endgueltig"
    abschluesse_pruefen(kontext, zeilen, bestehend, lambda k: (k[1], k[2], k[3]), zeilennummern)
    if kontext.fehler:
        return
    kz_code = {v: k for k, v in kz.items()}
    abgleichen(
        kontext, Kennzahlwert,
        {k: (d if k not in bestehend else {"wert": d["wert"]}) for k, d in zeilen.items()},
        bestehend, wertfeld="wert", import_felder=True,
        beschreiben=lambda k: f"Kennzahl {kz_code.get(k[0])} {k[1]} Sozialraum {raeume.finder.codes.get(k[5])}",
    )


