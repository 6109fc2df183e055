"""Import of the Veränderungsliste (numbered changes to a draft, one amount per product, plan line and year) and of
the Haushaltssicherungskonzept (measures, their yearly savings targets and what they achieved).

The list is matched by (Haushaltsjahr, Nr., Produkt, Zeile, Jahr); a changed amount keeps its old value in
Wertaenderung. HSK measures are matched by code (a changed Umsetzungsgrad keeps its old value), targets by
(Maßnahme, Jahr). The versions themselves (Anmeldung, Eckwert, Entwurf, Beschluss, Nachtrag) come with the budget
formats (column Version); see ``kennzahlen.haushaltszyklus`` for what the list means.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import delete, insert, select, update

from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeilenleser, abgleichen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.stammdaten import _anteil, _doppelt, codes, referenz
from kennzahlen.models import HskMassnahme, HskMassnahmeKennzahl, HskZiel, Kennzahl, Produkt, Veraenderung

STATUS_ALIASE = {"zurückgezogen": "zurueckgezogen", "angenommen": "beschlossen", "offen": "vorgeschlagen"}
HSK_STATUS_ALIASE = {"in_arbeit": "in_umsetzung", "laufend": "in_umsetzung", "erledigt": "umgesetzt",
                     "abgeschlossen": "umgesetzt", "gestrichen": "verworfen"}
_ANTEIL_ERWARTET = "Anteil von 0 bis 1, z. B. 0,55 oder 55 %"


def veraenderungsliste(tabelle: Tabelle, kontext: Kontext) -> None:
    """The Veränderungsliste in the long format (see ``FORMATE["veraenderungsliste"]``)."""
    from kennzahlen.haushaltszyklus import planzeile_finden

    leser = Zeilenleser(tabelle, FORMATE["veraenderungsliste"], kontext)
    if not leser.vollstaendig:
        return
    session = kontext.session
    produkte = {p.code: p for p in session.scalars(select(Produkt))}
    zeilen, beschreibung = {}, {}
    for z in leser:
        hj = z.ganzzahl("Haushaltsjahr", minimum=1990, maximum=2100)
        nummer = z.text("Nr.")
        titel = z.text("Bezeichnung")
        code = z.code("Produkt")
        jahr = z.ganzzahl("Jahr", minimum=1990, maximum=2100)
        betrag = z.zahl("Betrag", stellen=2, grenze=10**14)
        status = z.auswahl("Status", standard="vorgeschlagen", aliase=STATUS_ALIASE)
        produkt = produkte.get(code) if code else None
        if code and produkt is None:
            z.fehler("Produkt", code, "ist als Produkt unbekannt", "ein Code, der als Produkt gespeichert ist")
        planzeile = None
        if produkt is not None:
            try:
                planzeile = planzeile_finden(session, produkt, z.roh("Zeile"))
            except ValueError as fehler:
                z.fehler("Zeile", z.roh("Zeile"), str(fehler).split(";")[0].removeprefix("Zeile: "),
                         "Nummer einer Ertrags- oder Aufwandszeile wie 15")
        if hj and jahr and not hj <= jahr <= hj + 5:
            z.fehler("Jahr", jahr, f"passt nicht zum Haushaltsjahr {hj}", f"{hj} bis {hj + 5}")
        if not z.ok or planzeile is None:
            continue
        schluessel = (hj, nummer, produkt.id, planzeile.id, jahr)
        daten = {"haushaltsjahr": hj, "nummer": nummer, "bezeichnung": titel, "produkt_id": produkt.id,
                 "planzeile_id": planzeile.id, "jahr": jahr, "betrag": betrag, "status": status,
                 "begruendung": z.text("Begründung"), "antragsteller": z.text("Antragsteller"),
                 "erfasst_von": kontext.benutzer[:100]}
        if _doppelt(z, "Nr.", schluessel, daten, " mit gleichem Produkt, gleicher Zeile und gleichem Jahr"):
            continue
        zeilen[schluessel] = daten
        beschreibung[schluessel] = f"Veränderungsliste {hj} Nr. {nummer} Produkt {code} Zeile {planzeile.nummer} {jahr}"
    if kontext.fehler:
        return
    v = Veraenderung
    bestehend = {(r.haushaltsjahr, r.nummer, r.produkt_id, r.planzeile_id, r.jahr): {
        "id": r.id, "bezeichnung": r.bezeichnung, "betrag": r.betrag, "status": r.status, "begruendung": r.begruendung,
        "antragsteller": r.antragsteller}
        for r in session.execute(select(v.id, v.haushaltsjahr, v.nummer, v.produkt_id, v.planzeile_id, v.jahr,
                                        v.bezeichnung, v.betrag, v.status, v.begruendung, v.antragsteller))}
    felder = ("bezeichnung", "betrag", "status", "begruendung", "antragsteller")
    abgleichen(kontext, Veraenderung,
               {k: (d if k not in bestehend else {f: d[f] for f in felder}) for k, d in zeilen.items()},
               bestehend, wertfeld="betrag", import_felder=True, beschreiben=beschreibung.get)


def kennzahlcodes(text: str | None) -> list[str]:
    """The Kennzahl codes of a cell like 'K501, K509' (comma, semicolon or space separated), in order, once each."""
    return list(dict.fromkeys(c for c in re.split(r"[,;\s]+", text or "") if c))


def hsk_massnahmen(tabelle: Tabelle, kontext: Kontext) -> None:
    """HSK measures (see ``FORMATE["hsk_massnahmen"]``); the column Kennzahlen replaces a measure's links."""
    leser = Zeilenleser(tabelle, FORMATE["hsk_massnahmen"], kontext)
    if not leser.vollstaendig:
        return
    produkte, kennzahlen = codes(kontext, Produkt), codes(kontext, Kennzahl)
    zeilen, verknuepft = {}, {}
    for z in leser:
        code = z.code("Maßnahme")
        daten = {"code": code, "bezeichnung": z.text("Bezeichnung")}
        if leser.hat("Beschreibung"):
            daten["beschreibung"] = z.text("Beschreibung")
        if leser.hat("Produkt"):
            daten["produkt_id"] = referenz(z, "Produkt", produkte, "Produkt")
        if leser.hat("Status"):
            daten["status"] = z.auswahl("Status", standard="offen", aliase=HSK_STATUS_ALIASE)
        if leser.hat("Umsetzungsgrad"):
            grad = z.lesen("Umsetzungsgrad", False, _anteil, _ANTEIL_ERWARTET)
            if grad is not None and not (0 <= grad <= 1 and grad == grad.quantize(Decimal("0.0001"))):
                z.fehler("Umsetzungsgrad", z.roh("Umsetzungsgrad"), "liegt nicht zwischen 0 und 1 (höchstens 4 "
                         "Nachkommastellen)", _ANTEIL_ERWARTET)
            daten["umsetzungsgrad"] = Decimal(0) if grad is None else grad
        if leser.hat("Verantwortlich"):
            daten["verantwortlich"] = z.text("Verantwortlich")
        if leser.hat("Kennzahlen"):
            gesucht = kennzahlcodes(z.text("Kennzahlen"))
            for unbekannt in (c for c in gesucht if c not in kennzahlen):
                z.fehler("Kennzahlen", unbekannt, "ist als Kennzahl unbekannt", "Codes gespeicherter Kennzahlen, "
                         "durch Komma getrennt")
            verknuepft[code] = {kennzahlen[c] for c in gesucht if c in kennzahlen}
        if not z.ok or _doppelt(z, "Maßnahme", code, daten):
            continue
        zeilen[code] = daten
    if kontext.fehler:
        return
    m = HskMassnahme
    session = kontext.session
    bestehend = {r["code"]: dict(r) for r in session.execute(select(
        m.id, m.code, m.bezeichnung, m.beschreibung, m.produkt_id, m.status, m.umsetzungsgrad, m.verantwortlich
    )).mappings()}
    ergebnis = abgleichen(kontext, HskMassnahme, zeilen, bestehend, wertfeld="umsetzungsgrad",
                          beschreiben=lambda k: f"HSK-Maßnahme {k}")
    if ergebnis.geaendert:
        session.execute(update(m).where(m.code.in_(ergebnis.geaendert)).values(geaendert_am=kontext.jetzt))
    _verknuepfungen_ersetzen(kontext, verknuepft, {v: k for k, v in kennzahlen.items()})


def _verknuepfungen_ersetzen(kontext: Kontext, verknuepft: dict[str, set[int]], kennzahlcode: dict[int, str]) -> None:
    """Make the Kennzahlen of every measure in ``verknuepft`` (code → Kennzahl ids) exactly those given."""
    if not verknuepft:
        return
    session = kontext.session
    ids = dict(session.execute(select(HskMassnahme.code, HskMassnahme.id)).all())
    mk = HskMassnahmeKennzahl
    bestehend: dict[int, set[int]] = {}
    for massnahme_id, kennzahl_id in session.execute(select(mk.massnahme_id, mk.kennzahl_id)):
        bestehend.setdefault(massnahme_id, set()).add(kennzahl_id)
    zaehler = kontext.zaehlen(mk.__tablename__)
    for code, gesucht in verknuepft.items():
        massnahme_id = ids[code]
        da = bestehend.get(massnahme_id, set())
        neu, weg = gesucht - da, da - gesucht
        zaehler.neu += len(neu)
        zaehler.unveraendert += len(gesucht & da)
        if neu:
            session.execute(insert(mk), [{"massnahme_id": massnahme_id, "kennzahl_id": k} for k in sorted(neu)])
        if weg:
            zaehler.geaendert += len(weg)
            session.execute(delete(mk).where(mk.massnahme_id == massnahme_id, mk.kennzahl_id.in_(weg)))
            kontext.aenderung(mk.__tablename__, f"HSK-Maßnahme {code}: Kennzahlen",
                              ", ".join(sorted(kennzahlcode.get(k, "?") for k in da)),
                              ", ".join(sorted(kennzahlcode.get(k, "?") for k in gesucht)))


def hsk_ziele(tabelle: Tabelle, kontext: Kontext) -> None:
    """Savings targets and achieved savings of HSK measures per year (see ``FORMATE["hsk_ziele"]``)."""
    leser = Zeilenleser(tabelle, FORMATE["hsk_ziele"], kontext)
    if not leser.vollstaendig:
        return
    massnahmen = codes(kontext, HskMassnahme)
    zeilen, beschreibung = {}, {}
    for z in leser:
        massnahme_id = referenz(z, "Maßnahme", massnahmen, "HSK-Maßnahme")
        jahr = z.ganzzahl("Jahr", minimum=1990, maximum=2100)
        ziel = z.zahl("Einsparziel", stellen=2, grenze=10**14)
        daten = {"massnahme_id": massnahme_id, "jahr": jahr, "einsparziel": ziel}
        if leser.hat("Erreicht"):
            daten["erreicht"] = z.zahl("Erreicht", stellen=2, grenze=10**14)
        if not z.ok or _doppelt(z, "Maßnahme", (massnahme_id, jahr), daten, f" mit dem Jahr {jahr}"):
            continue
        zeilen[(massnahme_id, jahr)] = daten
        beschreibung[(massnahme_id, jahr)] = f"HSK-Maßnahme {z.roh('Maßnahme')} {jahr}"
    if kontext.fehler:
        return
    zi = HskZiel
    bestehend = {(r.massnahme_id, r.jahr): {"massnahme_id": r.massnahme_id, "jahr": r.jahr,
                                            "einsparziel": r.einsparziel, "erreicht": r.erreicht}
                 for r in kontext.session.execute(select(zi.massnahme_id, zi.jahr, zi.einsparziel, zi.erreicht))}
    abgleichen(kontext, HskZiel, zeilen, bestehend, pk=("massnahme_id", "jahr"), beschreiben=beschreibung.get)
