"""Import of the Veränderungsliste: numbered changes to a draft, one amount per product, plan line and year.

Matched by (Haushaltsjahr, Nr., Produkt, Zeile, Jahr); a changed amount keeps its old value in Wertaenderung.
The versions themselves (Anmeldung, Eckwert, Entwurf, Beschluss, Nachtrag) come with the budget formats
(column Version); see ``kennzahlen.haushaltszyklus`` for what the list means.
"""

from __future__ import annotations

from sqlalchemy import select

from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeilenleser, abgleichen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.stammdaten import _doppelt
from kennzahlen.models import Produkt, Veraenderung

STATUS_ALIASE = {"zurückgezogen": "zurueckgezogen", "angenommen": "beschlossen", "offen": "vorgeschlagen"}


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
