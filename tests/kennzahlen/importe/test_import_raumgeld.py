"""Money per district: Köln's real ``bezirke_produktgruppen`` imports through the format „Geld je Bezirk“;
stored detail lines equal the file (sign turned to Erträge +, Aufwendungen −), sum lines are not stored,
and a Stadtteil's profile money is its Stadtbezirk's sum."""

from __future__ import annotations

import csv
import math
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kennzahlen import sozialraum as so
from kennzahlen.importe import ImportFehler, importieren, vorlage
from kennzahlen.importe.formate import art_erkennen
from kennzahlen.models import Sozialraumgeld

BEZIRKE = "haushalt/bezirke_produktgruppen_2010-2015.csv"


def _koeln_raeume(fabrik, koeln) -> None:
    for datei in ("geo/stadtbezirke.geojson", "geo/stadtteile.geojson", "statistik/bevoelkerung_2005-2012.csv"):
        importieren(fabrik, datei.rsplit("/", 1)[-1], (koeln / datei).read_bytes(), "test")


def test_rg001_koeln_bezirke_wie_in_der_datei(fabrik_beide, koeln):
    """Every detail line is stored per Bezirk with the sign of the Ergebnisplan; line 28 of the file equals
    minus the sum of the stored lines (the Zuschussbedarf) to the euro; sum lines are not stored."""
    _koeln_raeume(fabrik_beide, koeln)
    bericht = importieren(fabrik_beide, "bezirke.csv", (koeln / BEZIRKE).read_bytes(), "test")
    assert "Geld je Bezirk" in bericht.text() and "Erträge negativ, Aufwendungen positiv" in bericht.text()
    with open(koeln / BEZIRKE, encoding="utf-8") as d:
        zeilen = list(csv.DictReader(d))
    details = [z for z in zeilen if z["Teilplanzeile"][3] == "-"]
    spalten = [s for s in zeilen[0] if s.startswith(("Ergebnis", "Plan"))]
    with fabrik_beide() as s:
        anzahl = s.scalar(select(func.count()).select_from(Sozialraumgeld))
        assert anzahl == sum(1 for z in details for sp in spalten if z[sp] != "")
        assert s.scalar(select(func.count()).select_from(Sozialraumgeld).where(
            Sozialraumgeld.zeile.in_(["10", "17", "18", "22", "26", "28"]))) == 0
    geld = so.geld_je_raum(fabrik_beide, 2012, "ansatz")
    for z in zeilen:
        if z["Teilplanzeile"].startswith("28 ="):
            treffer = geld[(geld["code"] == z["Bezirk"]) & (geld["produkt_code"] == z["Teilplan"])]
            assert abs(float(treffer["zuschussbedarf"].iloc[0]) - float(z["Plan 2012"])) <= 4, z
    transfer = next(z for z in details if z["Teilplanzeile"].startswith("15") and float(z["Ergebnis 2010"]) > 0)
    with fabrik_beide() as s:
        gespeichert = s.scalar(select(Sozialraumgeld.betrag).where(
            Sozialraumgeld.produkt_code == transfer["Teilplan"], Sozialraumgeld.zeile == "15",
            Sozialraumgeld.jahr == 2010, Sozialraumgeld.betragsart == "ergebnis",
            Sozialraumgeld.sozialraum_id == select(so.Sozialraum.id).where(
                so.Sozialraum.code == transfer["Bezirk"]).scalar_subquery()))
    assert gespeichert == -Decimal(transfer["Ergebnis 2010"])
    assert importieren(fabrik_beide, "nochmal.csv", (koeln / BEZIRKE).read_bytes(), "test").keine_aenderung


def test_rg002_profil_stadtteil_zeigt_bezirkssumme(fabrik, koeln):
    """A Stadtteil has no money of its own: its profile money is the Bezirk's sum, per Bezirk inhabitant."""
    _koeln_raeume(fabrik, koeln)
    importieren(fabrik, "bezirke.csv", (koeln / BEZIRKE).read_bytes(), "test")
    stadtteil = so.geld_fuer_raum(fabrik, "101", 2012)
    bezirk = so.geld_fuer_raum(fabrik, "1", 2012)
    assert stadtteil.bezirkssumme and stadtteil.quelle_code == "1" and not bezirk.bezirkssumme
    assert (stadtteil.jahr, stadtteil.art) == (2012, "ansatz") and stadtteil.einwohner_jahr == 2012
    ew = so.einwohner_je_raum(fabrik, jahr=2012).set_index("code")
    kinder = [c for c in ew.index if len(c) == 3 and c.startswith("1")]
    assert stadtteil.einwohner == pytest.approx(ew.loc[kinder, "einwohner"].sum())
    assert stadtteil.gesamt == bezirk.gesamt > 0
    kita = stadtteil.tabelle.set_index("produkt_code").loc["0603"]
    assert kita["je_einwohner"] == pytest.approx(kita["zuschussbedarf"] / stadtteil.einwohner)
    alle = so.geld_je_raum(fabrik, 2012, "ansatz")
    schnitt = alle[alle["produkt_code"] == "0603"]["zuschussbedarf"].sum() / ew.loc[[str(i) for i in range(1, 10)],
                                                                                     "einwohner"].sum()
    assert kita["schnitt_je_einwohner"] == pytest.approx(schnitt)
    assert so.geld_fuer_raum(fabrik, "gibtsnicht", 2012) is None


def test_rg003_erkennung_vorlage_und_fehler(fabrik):
    """The Köln header is recognised as „raumgeld“ (not as product budget); the template imports; an unknown
    Bezirk and a line that is neither Ertrag nor Aufwand are reported in German, nothing is stored."""
    kopf = ["Produktbereich", "PB_BEZ", "Teilplan", "PG_BEZ", "Bezirk", "Bezeichnung", "Teilplanzeile",
            "Ergebnis 2010", "Plan 2011"]
    assert art_erkennen(kopf) == ["raumgeld"]
    importieren(fabrik, "r.csv", b"Sozialraum;Name;Ebene\n101;Altstadt-Nord;bezirk\n", "test")
    bericht = importieren(fabrik, "vorlage.csv", vorlage("raumgeld", "csv"), "test")
    assert bericht.neu == 2
    kopf = "Bezirk;Teilplan;PG_BEZ;Teilplanzeile;Ergebnis 2010\n"
    with pytest.raises(ImportFehler, match="„9“ ist als Sozialraum unbekannt"):
        importieren(fabrik, "f.csv", (kopf + "9;0603;Kita;15 - Transferaufwendungen;100\n").encode(), "test")
    with pytest.raises(ImportFehler, match="Ertrag oder Aufwand ist nicht erkennbar"):
        importieren(fabrik, "f.csv", (kopf + "101;0603;Kita;99 - Sonstiges;5\n").encode(), "test")
    with fabrik() as s:
        assert s.scalar(select(func.count()).select_from(Sozialraumgeld)) == 2


def test_rg004_rate_und_nenner():
    """Rates per 1.000 of the age band; below the minimum population or without a count: no rate."""
    assert so.rate_je_1000(12, 4000) == 3.0
    assert math.isnan(so.rate_je_1000(12, 40, mindestbevoelkerung=50))
    assert math.isnan(so.rate_je_1000(math.nan, 4000))
    assert so.nenner_text(0, 20, 2025) == "je 1.000 Einwohner unter 21 Jahren, Stand 31.12.2025"
    assert so.nenner_text(65, None, 2024) == "je 1.000 Einwohner ab 65 Jahren, Stand 31.12.2024"
    assert so.nenner_text(0, None, None) == "je 1.000 Einwohner, Bevölkerung unbekannt"
