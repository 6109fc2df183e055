"""Nicht gemeldete Kennzahlen: the due rule, the missing list and overview per unit on the demo city, and the
delivery file round trip through the real importer (XLSX and CSV), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from kennzahlen import datenstand
from kennzahlen import lieferungen as lf
from kennzahlen.cache import LokalerSpeicher, cache_anbinden
from kennzahlen.demo import demo_laden
from kennzahlen.importe import importieren
from kennzahlen.importe.formate import ERLAEUTERUNG, FORMATE, art_erkennen
from kennzahlen.models import Kennzahl, Kennzahlwert, Sozialraum
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)


def _ist_loeschen(fabrik, code: str, periode: Periode, raeume: tuple[str | None, ...] = (None,)) -> None:
    """Delete the Ist of ``code`` in ``periode`` for the city (None) and/or Sozialräume (codes)."""
    with fabrik() as s, s.begin():
        kid = s.scalar(select(Kennzahl.id).where(Kennzahl.code == code))
        for raum in raeume:
            bedingung = (Kennzahlwert.sozialraum_id.is_(None) if raum is None else
                         Kennzahlwert.sozialraum_id == s.scalar(select(Sozialraum.id).where(Sozialraum.code == raum)))
            geloescht = s.execute(delete(Kennzahlwert).where(
                Kennzahlwert.kennzahl_id == kid, Kennzahlwert.jahr == periode.jahr,
                Kennzahlwert.periodenart == periode.art, Kennzahlwert.periode == periode.nummer,
                Kennzahlwert.wertart == "ist", bedingung)).rowcount
            assert geloescht == 1, (code, raum)
        datenstand.erhoehen(s)


def _frequenz_setzen(fabrik, code: str, frequenz: str) -> None:
    with fabrik() as s, s.begin():
        s.execute(update(Kennzahl).where(Kennzahl.code == code).values(frequenz=frequenz))
        datenstand.erhoehen(s)


def _zeile(df: pd.DataFrame, code: str) -> pd.Series:
    treffer = df[df["code"] == code]
    assert len(treffer) == 1, (code, df["code"].tolist())
    return treffer.iloc[0]


def _einheit(df: pd.DataFrame, einheit_code: str) -> pd.Series:
    return df[df["einheit_code"] == einheit_code].iloc[0]


@pytest.fixture
def demo(fabrik_beide):
    """The demo city on SQLite and PostgreSQL."""
    demo_laden(fabrik_beide)
    return fabrik_beide


# ------------------------------------------------------------------------------------- due rule
@pytest.mark.parametrize(("frequenz", "periode", "erwartet"), [
    ("quartal", Periode(2026, "quartal", 3), ["Q3 2026"]),
    ("jahr", Periode(2026, "quartal", 3), []),
    ("jahr", Periode(2026, "quartal", 4), ["2026"]),
    ("tertial", Periode(2026, "quartal", 1), []),
    ("tertial", Periode(2026, "quartal", 2), ["T1 2026"]),
    ("tertial", Periode(2026, "quartal", 3), ["T2 2026"]),
    ("tertial", Periode(2026, "quartal", 4), ["T3 2026"]),
    ("monat", Periode(2026, "quartal", 3), ["07/2026", "08/2026", "09/2026"]),
    ("quartal", Periode(2026, "jahr", 1), ["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]),
    ("quartal", Periode(2026, "tertial", 1), ["Q1 2026"]),
    ("quartal", Periode(2026, "monat", 8), []),
    ("quartal", Periode(2026, "monat", 9), ["Q3 2026"]),
    ("jahr", Periode(2026, "tertial", 3), ["2026"]),
])
def test_lf001_faellig_ist_jede_periode_die_in_der_berichtsperiode_endet(frequenz, periode, erwartet):
    """A Kennzahl owes the periods of its frequency that end within the report: the quarter itself, the year only
    at the last period of the year, a Tertial in the quarter holding its end, months of the quarter."""
    assert [p.kurz for p in lf.faellige_perioden(frequenz, periode)] == erwartet


def test_lf002_faellige_kennzahlen_quartal_gegen_jahr_und_kontext():
    """Quarterly and Kontext Kennzahlen are due every quarter, yearly ones only in Q4 with their year's Ist."""
    kz = pd.DataFrame({"code": ["Q", "J", "K"], "frequenz": ["quartal", "jahr", "quartal"],
                       "typ": ["wirkung", "output", "kontext"]})
    q3 = lf.faellige_kennzahlen(kz, Q3)
    assert q3[["code", "jahr", "periodenart", "periode"]].values.tolist() == [
        ["Q", 2026, "quartal", 3], ["K", 2026, "quartal", 3]]
    q4 = lf.faellige_kennzahlen(kz, Periode(2026, "quartal", 4))
    assert q4[["code", "periodenart", "periode"]].values.tolist() == [
        ["Q", "quartal", 4], ["J", "jahr", 1], ["K", "quartal", 4]]
    assert q4["typ"].tolist() == ["wirkung", "output", "kontext"]
    assert lf.faellige_kennzahlen(kz.iloc[:0], Q3).empty
    with pytest.raises(ValueError, match="Unbekannte Frequenz"):
        lf.faellige_perioden("woche", Q3)


# ---------------------------------------------------------------------------- missing and overview
def test_lf003_geloeschtes_ist_fehlt_bei_seiner_einheit(demo):
    """An Ist deleted for Q3 2026 makes its Kennzahl missing for its owner unit: city value (K102), two single
    Sozialräume of a sozialraum Kennzahl (K101), a Kontext Kennzahl (K104 of V/1); other units stay complete."""
    vorher = lf.lieferuebersicht(demo, Q3)
    assert "K102" not in set(lf.fehlende_lieferungen(demo, Q3)["code"])
    _ist_loeschen(demo, "K102", Q3)
    _ist_loeschen(demo, "K101", Q3, ("101", "205"))
    _ist_loeschen(demo, "K104", Q3)

    fehlend = lf.fehlende_lieferungen(demo, Q3)
    assert list(fehlend.columns) == lf.FEHLEND_SPALTEN
    k102 = _zeile(fehlend, "K102")
    assert (k102["einheit_code"], k102["organisationseinheit"]) == ("V/2", "Jobcenter-Koordination")
    assert bool(k102["stadtwert_fehlt"]) and k102["fehlende_raeume"] == 0 and bool(k102["vorperiode_geliefert"])
    assert k102["perioden"] == "Q3 2026" and k102["frequenz"] == "quartal" and k102["raumebene"] == "stadt"
    k101 = _zeile(fehlend, "K101")
    assert not bool(k101["stadtwert_fehlt"]) and k101["fehlende_raeume"] == 2 and k101["raumebene"] == "sozialraum"
    k104 = _zeile(fehlend, "K104")
    assert k104["einheit_code"] == "V/1" and k104["fehlende_raeume"] == 0
    with demo() as s:
        kid, hf = s.execute(select(Kennzahl.id, Kennzahl.handlungsfeld_id).where(Kennzahl.code == "K101")).one()
    assert (k101["kennzahl_id"], k101["handlungsfeld_id"]) == (kid, hf)

    nachher = lf.lieferuebersicht(demo, Q3)
    assert list(nachher.columns) == lf.UEBERSICHT_SPALTEN
    v2_vorher, v2 = _einheit(vorher, "V/2"), _einheit(nachher, "V/2")
    assert v2["faellig"] == v2_vorher["faellig"] == 9
    assert v2["fehlend"] == v2_vorher["fehlend"] + 2 and v2["geliefert"] == v2["faellig"] - v2["fehlend"]
    assert v2["quote"] == pytest.approx(v2["geliefert"] / 9)
    assert _einheit(nachher, "V/1")["fehlend"] == _einheit(vorher, "V/1")["fehlend"] + 1
    unberuehrt = nachher[~nachher["einheit_code"].isin(["V/1", "V/2"])]
    pd.testing.assert_frame_equal(unberuehrt.reset_index(drop=True),
                                  vorher[~vorher["einheit_code"].isin(["V/1", "V/2"])].reset_index(drop=True))
    with demo() as s:
        katalog = s.execute(select(Kennzahl.code, Kennzahl.frequenz, Kennzahl.organisationseinheit_id)).all()
    quartalsweise = [c for c, frequenz, einheit in katalog if frequenz == "quartal" and einheit is not None]
    # every demo Kennzahl is quarterly, owned, due
    assert int(nachher["faellig"].sum()) == len(quartalsweise) == len(katalog)


def test_lf004_jahreskennzahl_nur_nach_der_letzten_periode_faellig(demo):
    """A yearly Kennzahl is not due in Q3; in Q4 it owes the year's Ist (Periodenart jahr), never delivered yet."""
    _frequenz_setzen(demo, "K102", "jahr")
    assert _einheit(lf.lieferuebersicht(demo, Q3), "V/2")["faellig"] == 8
    assert "K102" not in set(lf.fehlende_lieferungen(demo, Q3)["code"])
    q4 = Periode(2025, "quartal", 4)
    k102 = _zeile(lf.fehlende_lieferungen(demo, q4), "K102")
    assert k102["perioden"] == "2025" and k102["frequenz"] == "jahr"
    assert not bool(k102["vorperiode_geliefert"])  # no yearly Ist for 2024 either
    assert _einheit(lf.lieferuebersicht(demo, q4), "V/2")["faellig"] == 9
    _, zeilen = lf.lieferzeilen(demo, q4, "V/2")
    jahreszeilen = [z for z in zeilen if z[0] == "K102"]
    assert [z[:7] for z in jahreszeilen] == [["K102", 2025, "jahr", 1, None, "ist", None]]


# -------------------------------------------------------------------------------- delivery file
def _xlsx_lesen(inhalt: bytes) -> tuple[list[str], list[str], list[list]]:
    mappe = openpyxl.load_workbook(io.BytesIO(inhalt))
    blatt = mappe.worksheets[0]
    zeilen = [list(z) for z in blatt.iter_rows(values_only=True)]
    return mappe.sheetnames, [str(k) for k in zeilen[0]], zeilen[1:]


def test_lf005_lieferdatei_ausfuellen_und_importieren_xlsx(demo):
    """The XLSX delivery file holds exactly the unit's missing rows in the import format; filled in with openpyxl
    and imported by the real importer (format recognised from the columns), nothing is missing any more."""
    cache_anbinden(demo, LokalerSpeicher(64))  # the app caches by data version: the import must show
    _ist_loeschen(demo, "K102", Q3)
    _ist_loeschen(demo, "K101", Q3, ("101", "205"))
    assert set(lf.fehlende_lieferungen(demo, Q3).query("einheit_code == 'V/2'")["code"]) == {"K101", "K102", "K103"}

    blaetter, kopf, zeilen = _xlsx_lesen(lf.lieferdatei(demo, Q3, "V/2"))
    assert blaetter == [FORMATE["kennzahlwerte"].blatt, ERLAEUTERUNG]
    assert kopf == [s.name for s in FORMATE["kennzahlwerte"].spalten] + lf.HILFSSPALTEN
    assert art_erkennen(kopf) == ["kennzahlwerte"]
    assert [z[:8] for z in zeilen] == [
        ["K101", 2026, "quartal", 3, "101", "ist", None, None],
        ["K101", 2026, "quartal", 3, "205", "ist", None, None],
        ["K102", 2026, "quartal", 3, None, "ist", None, None],
        ["K103", 2026, "quartal", 3, None, "ist", None, None],
    ]
    assert zeilen[0][8:11] == ["SGB II-Quote", "%", "Altstadt"] and zeilen[2][10] == lf.GESAMTSTADT
    assert zeilen[0][11] is not None  # Ist of Q2 as a help for plausibility

    mappe = openpyxl.load_workbook(io.BytesIO(lf.lieferdatei(demo, Q3, "V/2")))
    werte = [11.25, 16.5, 1.4, 24.75]
    for zeile, wert in zip(mappe.worksheets[0].iter_rows(min_row=2), werte, strict=True):
        zeile[6].value = wert
    puffer = io.BytesIO()
    mappe.save(puffer)
    bericht = importieren(demo, lf.dateiname(Q3, "V/2"), puffer.getvalue(), "fachbereich")
    assert bericht.art == "kennzahlwerte" and bericht.neu == 4 and bericht.geaendert == 0

    assert lf.fehlende_lieferungen(demo, Q3).query("einheit_code == 'V/2'").empty
    v2 = _einheit(lf.lieferuebersicht(demo, Q3), "V/2")
    assert (v2["fehlend"], v2["quote"]) == (0, 1.0)
    with demo() as s:
        gespeichert = s.scalar(select(Kennzahlwert.wert).join(Kennzahl, Kennzahl.id == Kennzahlwert.kennzahl_id).where(
            Kennzahl.code == "K103", Kennzahlwert.jahr == 2026, Kennzahlwert.periode == 3,
            Kennzahlwert.wertart == "ist", Kennzahlwert.sozialraum_id.is_(None)))
    assert gespeichert == Decimal("24.75")
    _, _, leer = _xlsx_lesen(lf.lieferdatei(demo, Q3, "V/2"))
    assert leer == []


def test_lf006_lieferdatei_csv_importiert_ebenso(demo):
    """The CSV variant (``;``, decimal comma) of another unit imports back as well; only filled rows are kept."""
    _ist_loeschen(demo, "K104", Q3, (None, "103"))
    text = lf.lieferdatei(demo, Q3, "V/1", "csv").decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert zeilen[0] == lf.IMPORTSPALTEN + lf.HILFSSPALTEN
    assert [z[:7] for z in zeilen[1:]] == [["K104", "2026", "quartal", "3", "", "ist", ""],
                                           ["K104", "2026", "quartal", "3", "103", "ist", ""]]
    zeilen[1][6], zeilen[2][6] = "6,4", "9,05"
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows(zeilen)
    bericht = importieren(demo, "lieferung_V-1_Q3_2026.csv", puffer.getvalue().encode("utf-8-sig"), "fachbereich")
    assert bericht.art == "kennzahlwerte" and bericht.neu == 2
    assert "K104" not in set(lf.fehlende_lieferungen(demo, Q3)["code"])


def test_lf007_leere_zeilen_vorher_loeschen_und_alle_zeilen_mit_werten(demo):
    """Rows left without Wert make the import fail and write nothing (the file's explanation says to delete
    them); ``nur_fehlende=False`` carries stored values and status, so re-importing it changes nothing."""
    from kennzahlen.importe import ImportFehler

    _ist_loeschen(demo, "K102", Q3)
    with pytest.raises(ImportFehler, match="Wert fehlt"):
        importieren(demo, "leer.csv", lf.lieferdatei(demo, Q3, "V/2", "csv"), "fachbereich")
    assert "K102" in set(lf.fehlende_lieferungen(demo, Q3)["code"])

    _, zeilen = lf.lieferzeilen(demo, Q3, "V/2", nur_fehlende=False)
    assert len(zeilen) == 1 + 25 + 8  # K101: city and 25 Sozialräume; eight city Kennzahlen
    gefuellt = [z for z in zeilen if z[6] is not None]
    assert len(gefuellt) == len(zeilen) - 2 and {z[7] for z in gefuellt} <= {"vorlaeufig", "endgueltig"}
    bericht = importieren(demo, "alle.csv", lf.lieferdatei(demo, Q3, "V/2", "csv", nur_fehlende=False).replace(
        b"K102;2026;quartal;3;;ist;;", b"K102;2026;quartal;3;;ist;1,2;").replace(
        b"K103;2026;quartal;3;;ist;;", b"K103;2026;quartal;3;;ist;25,1;"), "fachbereich")
    assert (bericht.neu, bericht.geaendert, bericht.unveraendert) == (2, 0, len(zeilen) - 2)


def test_lf008_unbekannte_einheit_format_und_dateiname(demo):
    """An unknown unit code raises UnbekannteEinheit, an unknown format ValueError; the file name is German and
    safe for unit codes with slashes."""
    with pytest.raises(lf.UnbekannteEinheit, match="„XX“"):
        lf.lieferdatei(demo, Q3, "XX")
    with pytest.raises(ValueError, match="Unbekanntes Format"):
        lf.lieferdatei(demo, Q3, "51", "pdf")
    assert lf.dateiname(Q3, "51") == "lieferung_51_Q3_2026.xlsx"
    assert lf.dateiname(Periode(2026, "monat", 9), "V/2", "csv") == "lieferung_V-2_09-2026.csv"
    assert lf.lieferzeilen(demo, Periode(2026, "quartal", 2), "51")[1] == []


def test_lf009_leere_datenbank(fabrik):
    """Without Kennzahlen nothing is due: both tables are empty but keep their columns."""
    assert list(lf.fehlende_lieferungen(fabrik, Q3).columns) == lf.FEHLEND_SPALTEN
    assert lf.fehlende_lieferungen(fabrik, Q3).empty
    uebersicht = lf.lieferuebersicht(fabrik, Q3)
    assert uebersicht.empty and list(uebersicht.columns) == lf.UEBERSICHT_SPALTEN


def test_lf020_vorwert_folgt_der_kleinzahlregel():
    """The previous period's value of a Fallzahl per Sozialraum is blanked where the small-number rule hides
    it (primary: 1 and 2; secondary: the next smallest cell of the group), never for rates or the city."""
    soll = pd.DataFrame({
        "kennzahl_id": [1, 1, 1, 1, 2, 2], "vor_jahr": 2026, "periodenart": "quartal", "vor_periode": 2,
        "raum": [0, 11, 12, 13, 11, 12], "fallzahl": [True, True, True, True, False, False],
        "bezirk_code": [None, "B1", "B1", "B1", "B1", "B1"],
        "vorwert": [Decimal(30), Decimal(2), Decimal(9), Decimal(19), Decimal("1.5"), Decimal(2)]})
    geschuetzt = lf.vorwerte_schuetzen(soll, minimum=3)
    assert list(geschuetzt["vorwert"]) == [Decimal(30), None, None, Decimal(19), Decimal("1.5"), Decimal(2)]
    assert list(soll["vorwert"])[1] == Decimal(2)  # the input is not changed


def test_lf021_lieferdatei_zeigt_keinen_verborgenen_vorwert(demo):
    """K515 (Heimerziehung, small counts per Sozialraum): in the delivery file of Q3 2026, with Q3 deleted, no
    previous-period value is one that the Kennzahl page hides for Q2 2026."""
    from kennzahlen import kleine_zahlen
    from kennzahlen.abfragen import kennzahl as ak

    with demo() as s, s.begin():
        kid, einheit = s.execute(select(Kennzahl.id, Kennzahl.organisationseinheit_id)
                                 .where(Kennzahl.code == "K515")).one()
        s.execute(delete(Kennzahlwert).where(Kennzahlwert.kennzahl_id == kid, Kennzahlwert.jahr == 2026,
                                             Kennzahlwert.periode == 3, Kennzahlwert.wertart == "ist"))
        datenstand.erhoehen(s)
    werte = ak.werte(demo, kid)
    q2 = werte[(werte["jahr"] == 2026) & (werte["periodenart"] == "quartal") & (werte["periode"] == 2)
               & (werte["wertart"] == "ist") & werte["sozialraum_code"].notna()]
    versteckt = set(q2.loc[q2["unterdrueckt"].astype(bool), "sozialraum_code"])
    assert versteckt, "K515 hat im 2. Quartal 2026 geschützte Sozialräume"
    einheit_code = lf.sollzeilen(demo, Q3).query("kennzahl_id == @kid")["einheit_code"].iloc[0]
    kopf, zeilen = lf.lieferzeilen(demo, Q3, einheit_code)
    k515 = [dict(zip(kopf, z, strict=True)) for z in zeilen if z[0] == "K515" and z[kopf.index("Sozialraum")]]
    assert k515 and einheit is not None
    for zeile in k515:
        if zeile["Sozialraum"] in versteckt:
            assert zeile["Ist der Vorperiode"] is None, zeile
        else:
            assert zeile["Ist der Vorperiode"] is None or zeile["Ist der Vorperiode"] >= kleine_zahlen.MINDESTFALLZAHL
