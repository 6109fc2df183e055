"""Kennzahl values: Ist, Zielwert, Ausgangswert, Prognose, Vergleichswert per period, for the whole city
or per Sozialraum. Matched by (Kennzahl, Jahr, Periodenart, Periode, Wertart, Sozialraum); a changed
value keeps its old value in Wertaenderung."""

from __future__ import annotations

from sqlalchemy import select

from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeilenleser, abgleichen, abschluesse_pruefen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.raeume import Raumfinder
from kennzahlen.importe.stammdaten import _doppelt, codes, referenz
from kennzahlen.models import PERIODEN_JE_JAHR, Kennzahl, Kennzahlwert

WERTART_ALIASE = {
    "ziel": "zielwert", "soll": "zielwert", "sollwert": "zielwert", "istwert": "ist", "ausgang": "ausgangswert",
    "basiswert": "ausgangswert", "vergleich": "vergleichswert", "hochrechnung": "prognose",
}
PERIODENART_ALIASE = {"jaehrlich": "jahr", "q": "quartal", "t": "tertial", "m": "monat"}


def kennzahlwerte(tabelle: Tabelle, kontext: Kontext) -> None:
    """Kennzahl values in the long format (see ``FORMATE["kennzahlwerte"]``)."""
    leser = Zeilenleser(tabelle, FORMATE["kennzahlwerte"], kontext)
    if not leser.vollstaendig:
        return
    kz = codes(kontext, Kennzahl)
    raum = Raumfinder(kontext)
    zeilen, nummern = {}, {}
    for z in leser:
        kid = referenz(z, "Kennzahl", kz, "Kennzahl")
        jahr = z.ganzzahl("Jahr", minimum=1900, maximum=2200)
        art = z.auswahl("Periodenart", standard="jahr", aliase=PERIODENART_ALIASE)
        periode = z.ganzzahl("Periode", minimum=1, maximum=12, standard=1)
        if art and periode and periode > PERIODEN_JE_JAHR[art]:
            z.fehler("Periode", z.roh("Periode"), f"passt nicht zur Periodenart {art}",
                     f"1 bis {PERIODEN_JE_JAHR[art]}")
        sid = raum.lesen(z, "Sozialraum") if leser.hat("Sozialraum") else None
        wertart = z.auswahl("Wertart", aliase=WERTART_ALIASE)
        wert = z.zahl("Wert", stellen=6, grenze=10**14)
        status = z.auswahl("Status", standard="endgueltig")
        schluessel = (kid, jahr, art, periode, wertart, sid)
        daten = {"kennzahl_id": kid, "jahr": jahr, "periodenart": art, "periode": periode, "wertart": wertart,
                 "sozialraum_id": sid, "wert": wert}
        if leser.hat("Status"):
            daten["status"] = status
        if not z.ok or _doppelt(z, "Kennzahl", schluessel, daten, " mit gleicher Periode, Wertart und Sozialraum"):
            continue
        zeilen[schluessel] = daten
        nummern[schluessel] = z.nummer
    if kontext.fehler:
        return
    ids = sorted({k[0] for k in zeilen})
    bestehend = {}
    for i in range(0, len(ids), 500):
        for r in kontext.session.execute(
            select(Kennzahlwert.id, Kennzahlwert.kennzahl_id, Kennzahlwert.jahr, Kennzahlwert.periodenart,
                   Kennzahlwert.periode, Kennzahlwert.wertart, Kennzahlwert.sozialraum_id, Kennzahlwert.wert,
                   Kennzahlwert.status).where(Kennzahlwert.kennzahl_id.in_(ids[i:i + 500]))
        ):
            bestehend[(r.kennzahl_id, r.jahr, r.periodenart, r.periode, r.wertart, r.sozialraum_id)] = {
                "id": r.id, "wert": r.wert, "status": r.status}
    for schluessel, daten in zeilen.items():
        if schluessel not in bestehend and "status" not in daten:
            daten["status"] = "endgueltig"
    abschluesse_pruefen(kontext, zeilen, bestehend, lambda k: (k[1], k[2], k[3]), nummern)
    if kontext.fehler:
        return
    kz_code = {v: k for k, v in kz.items()}
    abgleichen(
        kontext, Kennzahlwert,
        {k: (d if k not in bestehend else {f: d[f] for f in ("wert", "status") if f in d}) for k, d in zeilen.items()},
        bestehend, wertfeld="wert", import_felder=True,
        beschreiben=lambda k: f"Kennzahl {kz_code.get(k[0])} {k[1]} {k[2]} {k[3]} {k[4]}"
        + (f" Sozialraum {raum.codes.get(k[5])}" if k[5] else ""),
    )
