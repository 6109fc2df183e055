"""Kennzahl values: Ist, Zielwert, Ausgangswert, Prognose, Vergleichswert per period, for the whole city
or per Sozialraum. Matched by (Kennzahl, Jahr, Periodenart, Periode, Wertart, Sozialraum); a changed
value keeps its old value in Wertaenderung."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from kennzahlen.importe import werte as w
from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Langsam, Zeilenleser
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.raeume import Raumfinder
from kennzahlen.importe.stammdaten import _doppelt, codes, referenz
from kennzahlen.importe.stapel import Stapel, stapel_abgleichen
from kennzahlen.models import PERIODEN_JE_JAHR, PERIODENARTEN, WERTARTEN, WERTSTATUS, Kennzahl, Kennzahlwert

WERTART_ALIASE = {
    "ziel": "zielwert", "soll": "zielwert", "sollwert": "zielwert", "istwert": "ist", "ausgang": "ausgangswert",
    "basiswert": "ausgangswert", "vergleich": "vergleichswert", "hochrechnung": "prognose",
}
SCHLUESSEL = ("kennzahl_id", "jahr", "periodenart", "periode", "wertart", "sozialraum_id")
"""The natural key of a Kennzahlwert (sozialraum_id None = the whole city)."""
PERIODENART_ALIASE = {"jaehrlich": "jahr", "q": "quartal", "t": "tertial", "m": "monat"}


def kennzahlwerte(tabelle: Tabelle, kontext: Kontext) -> None:
    """Kennzahl values in the long format (see ``FORMATE["kennzahlwerte"]``)."""
    leser = Zeilenleser(tabelle, FORMATE["kennzahlwerte"], kontext)
    if not leser.vollstaendig:
        return
    kz = codes(kontext, Kennzahl)
    raum = Raumfinder(kontext)
    mit_status = leser.hat("Status")
    try:
        zeilen = _spaltenweise(leser, kontext, kz, raum)
    except Langsam:
        zeilen = _zeilenweise(leser, kontext, kz, raum)
    if kontext.fehler:
        return
    stapel = Stapel(Kennzahlwert, SCHLUESSEL, ("wert", "status") if mit_status else ("wert",), "wert",
                    standard={"status": "endgueltig"})
    kz_code = {v: k for k, v in kz.items()}
    stapel_abgleichen(
        kontext, stapel, list(zeilen.values()),
        beschreiben=lambda k: f"Kennzahl {kz_code.get(k[0])} {k[1]} {k[2]} {k[3]} {k[4]}"
        + (f" Sozialraum {raum.codes.get(k[5])}" if k[5] else ""),
    )


def _spaltenweise(leser: Zeilenleser, kontext: Kontext, kz: dict[str, int], raum: Raumfinder) -> dict[tuple, tuple]:
    """The fast path for big files: each column read once per distinct cell; ``Langsam`` at the first
    thing that needs a row-by-row message (invalid cell, unknown code, duplicate key, another table of
    Kennzahlwerte in the same import)."""
    if kontext.hat_schluessel("kennzahlwerte"):
        raise Langsam("Paket")

    def id_von(ids: Callable[[str], int | None]) -> Callable[[object], int]:
        def lesen(roh: object) -> int:
            entfernt: list[str] = []
            code = w.code_lesen(roh, 20, entfernt)
            gefunden = None if entfernt or code is None else ids(code)
            if gefunden is None:
                raise Langsam(roh)
            return gefunden
        return lesen

    def auswahl(werte: tuple[str, ...], aliase: dict[str, str] | None = None) -> Callable[[object], str]:
        return lambda roh: w.auswahl_lesen(roh, werte, aliase)

    kids = leser.spalte("Kennzahl", id_von(kz.get), leer_erlaubt=False)
    jahre = leser.spalte("Jahr", lambda r: w.ganzzahl_lesen(r, 1900, 2200, leser.stil("Jahr")), leer_erlaubt=False)
    arten = leser.spalte("Periodenart", auswahl(PERIODENARTEN, PERIODENART_ALIASE), leer="jahr")
    perioden = leser.spalte("Periode", lambda r: w.ganzzahl_lesen(r, 1, 12, leser.stil("Periode")), leer=1)
    raeume = leser.spalte("Sozialraum", id_von(raum.finden), leer=None)
    wertarten = leser.spalte("Wertart", auswahl(WERTARTEN, WERTART_ALIASE), leer_erlaubt=False)
    werte = leser.spalte("Wert", lambda r: _wert(r, leser.stil("Wert")), leer_erlaubt=False)
    if any(p > PERIODEN_JE_JAHR[a] for a, p in set(zip(arten, perioden, strict=True))):
        raise Langsam("Periode")
    nummern = [n for n, _z in leser.tabelle.zeilen]
    schluessel = list(zip(kids, jahre, arten, perioden, wertarten, raeume, strict=True))
    if leser.hat("Status"):
        status = leser.spalte("Status", auswahl(WERTSTATUS), leer="endgueltig")
        daten = list(zip(werte, status, strict=True))
    else:
        daten = [(x,) for x in werte]
    zeilen = {k: (*k, *d, n) for k, d, n in zip(schluessel, daten, nummern, strict=True)}
    if len(zeilen) != len(schluessel):
        raise Langsam("doppelt")
    kontext.schluessel_eintragen("kennzahlwerte", leser.tabelle.name, zip(schluessel, nummern, daten, strict=True))
    return zeilen


def _wert(roh: object, stil: str | None) -> Decimal:
    """A value with at most 6 decimals below 10^14 (the checks of ``Zeile.zahl``)."""
    wert = w.zahl_lesen(roh, stil)
    if abs(wert) >= 10**14 or wert != wert.quantize(Decimal("0.000001")):
        raise Langsam(roh)
    return wert


def _zeilenweise(leser: Zeilenleser, kontext: Kontext, kz: dict[str, int], raum: Raumfinder) -> dict[tuple, tuple]:
    """Row by row, with a German error for every invalid cell."""
    mit_status = leser.hat("Status")
    zeilen: dict[tuple, tuple] = {}
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
        werte = (wert, status) if mit_status else (wert,)
        if not z.ok or _doppelt(z, "Kennzahl", schluessel, werte, " mit gleicher Periode, Wertart und Sozialraum"):
            continue
        zeilen[schluessel] = (*schluessel, *werte, z.nummer)
    return zeilen
