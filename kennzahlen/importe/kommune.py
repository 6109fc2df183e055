"""The municipality (format "kommune"): name, official key and inhabitants in one row, replacing what is stored."""

from __future__ import annotations

from sqlalchemy import select

from kennzahlen import einrichtung
from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeilenleser, abgleichen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.models import Kommune


def _schluessel_ergaenzen(kontext: Kontext, roh: str | None) -> str | None:
    """A key that lost its leading zero in a spreadsheet (7 or 11 digits) gets it back, with a note."""
    if roh is not None and roh.isdigit() and len(roh) in (7, 11):
        kontext.hinweis(f"Gemeindeschlüssel {roh}: führende Null ergänzt ({roh.zfill(len(roh) + 1)}); die "
                        "Tabellenkalkulation hatte ihn als Zahl gelesen.")
        return roh.zfill(len(roh) + 1)
    return roh


def kommune(tabelle: Tabelle, kontext: Kontext) -> None:
    """The one Kommune row (see ``FORMATE["kommune"]``); a column the file lacks keeps its stored value."""
    leser = Zeilenleser(tabelle, FORMATE["kommune"], kontext)
    if not leser.vollstaendig:
        return
    zeilen = list(leser)
    if len(zeilen) != 1:
        kontext.fehler_melden(zeilen[1].nummer if len(zeilen) > 1 else None, "Kommune", len(zeilen),
                              "genau eine Zeile mit der Kommune", f"die Datei hat {len(zeilen)} Datenzeilen")
        return
    z = zeilen[0]
    daten = {"name": z.text("Kommune")}
    if leser.hat("Gemeindeschlüssel"):
        daten["gemeindeschluessel"] = _schluessel_ergaenzen(kontext, z.code("Gemeindeschlüssel"))
    if leser.hat("Einwohner"):
        daten["einwohner"] = z.ganzzahl("Einwohner", minimum=1, maximum=100_000_000)
    if not z.ok:
        return
    try:  # the same rules as the settings page
        einrichtung.kommune_pruefen(daten["name"], daten.get("gemeindeschluessel"), daten.get("einwohner"))
    except ValueError as fehler:
        spalte, _, text = str(fehler).partition(": ")
        spalte = "Gemeindeschlüssel" if spalte.startswith("Gemeinde") else "Kommune"
        z.fehler(spalte, z.roh(spalte), text, "8 oder 12 Ziffern" if spalte != "Kommune" else "ein Name")
        return
    gespeichert = kontext.session.execute(
        select(Kommune.id, Kommune.name, Kommune.gemeindeschluessel, Kommune.einwohner)
        .order_by(Kommune.id).limit(1)).mappings().first()
    bestehend = {} if gespeichert is None else {1: dict(gespeichert)}
    abgleichen(kontext, Kommune, {1: daten}, bestehend, beschreiben=lambda _: "Kommune")
