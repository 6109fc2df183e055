"""Meine Aufgaben: a user's open points, limited to the part of the city their roles cover."""

import datetime as dt

from kennzahlen import zugang
from kennzahlen.abweichungen import abweichungsliste
from kennzahlen.aufgaben import eigene_handlungsfelder, ist_bereichsrolle, meine_aufgaben
from kennzahlen.db import transaktion
from kennzahlen.demo import demo_laden
from kennzahlen.kommentare import Kommentarentwurf, kommentar_anlegen
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)
HEUTE = dt.date(2026, 12, 7)


def _konten(fabrik):
    with transaktion(fabrik) as s:
        zugang.demo_benutzer_anlegen(s)
    return {login: zugang.benutzer_laden(fabrik, login) for login in ("jugendamt", "sozialamt", "controlling",
                                                                      "leitung")}


def test_au001_jeder_sieht_seinen_bereich(fabrik_beide):
    """Jugendamt's missing explanations are all in Jugend, Sozialamt's in Arbeit; Controlling sees them all,
    Leitung (who writes none) nothing; an overdue measure on a Jugend Kennzahl is Jugendamt's, not Sozialamt's."""
    demo_laden(fabrik_beide)
    konten = _konten(fabrik_beide)
    entwurf = Kommentarentwurf.aus_formular(
        {"art": "kennzahl", "code": "K501", "jahr": 2026, "periodenart": "quartal", "periode": 2}, "massnahme",
        "Fallkonferenzen vor jeder stationären Hilfe", "Jugendamt 51.2", "2026-08-31", "offen")
    with transaktion(fabrik_beide) as s:
        kommentar_anlegen(s, entwurf, "Jana Jugend")
    a = {login: meine_aufgaben(fabrik_beide, Q3, nutzer, heute=HEUTE) for login, nutzer in konten.items()}
    jugend = eigene_handlungsfelder(konten["jugendamt"])
    assert len(jugend) == 1 and len(a["jugendamt"].fehlende_begruendungen) > 0
    assert all(jugend[0] in ids for ids in a["jugendamt"].fehlende_begruendungen["handlungsfeld_ids"])
    arbeit = eigene_handlungsfelder(konten["sozialamt"])[0]
    assert all(arbeit in ids for ids in a["sozialamt"].fehlende_begruendungen["handlungsfeld_ids"])
    def codes(login):
        return set(a[login].fehlende_begruendungen["code"])

    liste = abweichungsliste(fabrik_beide, Q3)
    assert len(a["controlling"].fehlende_begruendungen) == int((~liste["begruendet"]).sum())
    assert codes("jugendamt") | codes("sozialamt") < codes("controlling")
    assert a["leitung"].anzahl == 0
    texte = list(a["jugendamt"].ueberfaellige_massnahmen["text"])
    assert "Fallkonferenzen vor jeder stationären Hilfe" in texte
    assert "Fallkonferenzen vor jeder stationären Hilfe" not in list(a["sozialamt"].ueberfaellige_massnahmen["text"])
    assert ist_bereichsrolle(konten["jugendamt"]) and not ist_bereichsrolle(konten["controlling"])


def test_au002_begruendung_erledigt_den_punkt(fabrik_beide):
    """Writing the explanation removes the point from Meine Aufgaben."""
    demo_laden(fabrik_beide)
    jugendamt = _konten(fabrik_beide)["jugendamt"]
    vorher = meine_aufgaben(fabrik_beide, Q3, jugendamt, heute=HEUTE)
    erste = vorher.fehlende_begruendungen.iloc[0]
    entwurf = Kommentarentwurf.aus_formular(
        {"art": erste["objektart"], "code": erste["code"], "jahr": 2026, "periodenart": "quartal", "periode": 3},
        "abweichungsbegruendung", "Mehr Fälle nach Zuzug.", None, None, None)
    with transaktion(fabrik_beide) as s:
        kommentar_anlegen(s, entwurf, "Jana Jugend")
    nachher = meine_aufgaben(fabrik_beide, Q3, jugendamt, heute=HEUTE)
    assert len(nachher.fehlende_begruendungen) == len(vorher.fehlende_begruendungen) - 1
    assert erste["code"] not in set(nachher.fehlende_begruendungen["code"])
