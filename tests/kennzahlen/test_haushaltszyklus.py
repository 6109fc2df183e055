"""The budget cycle: fortgeschriebener Ansatz, Veränderungsliste, HSK (pure), and the versions on the demo city
(SQLite and PostgreSQL)."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from kennzahlen import haushaltszyklus as hz
from kennzahlen.demo import demo_laden
from kennzahlen.demo import zyklus as geschichte
from kennzahlen.models import Haushaltsbetrag, Planzeile, Produkt


def test_hz001_fortschreibung_mit_teilen():
    """Ansatz + (Nachtrag − Ansatz) + Übertragungen, each part kept; without a Nachtrag its change is 0."""
    f = hz.fortschreibung(1_000.0, 1_300.0, 50.0)
    assert (f.ansatz, f.nachtrag_veraenderung, f.uebertragungen, f.fortgeschrieben) == (1_000.0, 300.0, 50.0, 1_350.0)
    assert hz.fortschreibung(Decimal("200"), None, None).fortgeschrieben == 200.0
    assert hz.fortschreibung(200.0, math.nan, 7.0).fortgeschrieben == 207.0
    with pytest.raises(ValueError, match="Ohne Ansatz"):
        hz.fortschreibung(None, 10.0)


def test_hz002_nachtrag_nur_geaenderte_zeilen():
    """A Nachtrag naming one line changes only that line; the other lines keep their Ansatz (derived per line)."""
    je_zeile = pd.DataFrame({"produkt_id": [1, 1, 1], "planzeile_id": [2, 15, 13],
                             "beschluss": [100.0, -1_000.0, -200.0], "nachtrag": [math.nan, -1_100.0, math.nan],
                             "uebertragung": [math.nan, math.nan, -6.0]})
    df = hz.ableiten(je_zeile)
    assert list(df["nachtrag_veraenderung"]) == [0.0, -100.0, 0.0]
    assert list(df["fortgeschrieben"]) == [100.0, -1_100.0, -206.0]
    assert df["fortgeschrieben"].sum() == 100.0 - 1_100.0 - 206.0


def test_hz003_wirkung_der_veraenderungsliste():
    """Entwurf + Σ counting changes = Beschlussvorschlag; rejected and withdrawn entries do not count."""
    liste = pd.DataFrame({"produkt_id": [1, 1, 2, 3], "status": ["beschlossen", "abgelehnt", "vorgeschlagen",
                                                                  "zurueckgezogen"],
                          "betrag": [Decimal("-500"), Decimal("-9999"), Decimal("200"), Decimal("-1")]})
    entwurf = pd.DataFrame({"produkt_id": [1, 2, 4], "entwurf": [10_000.0, 3_000.0, 70.0]})
    df = hz.wirkung_je_produkt(liste, entwurf).set_index("produkt_id")
    assert df.at[1, "beschlussvorschlag"] == 10_500.0  # Verschlechterung 500 → Zuschussbedarf +500
    assert df.at[2, "beschlussvorschlag"] == 2_800.0
    assert df.at[4, "beschlussvorschlag"] == 70.0 and math.isnan(df.at[4, "veraenderungen"])
    assert 3 not in df.index


def test_hz004_hsk_ziel_gegen_erreicht():
    """Each year's attainment with a word and a symbol; open years are not counted in the totals."""
    ziele = pd.DataFrame({"massnahme_id": [1, 1, 1, 2], "jahr": [2025, 2026, 2027, 2025],
                          "einsparziel": [300.0, 600.0, 900.0, 80.0], "erreicht": [240.0, 0.0, math.nan, 92.0]})
    b = hz.hsk_bilanz(ziele)
    assert list(b["bewertung"]) == ["teilweise erreicht", "nicht erreicht", "offen", "erreicht"]
    assert list(b["symbol"]) == ["◐", "✗", "○", "✓"]
    assert b["zielerreichung"].iloc[0] == pytest.approx(0.8)
    s = hz.hsk_summen(b).set_index("massnahme_id")
    assert (s.at[1, "ziel_gesamt"], s.at[1, "ziel_bisher"], s.at[1, "erreicht_bisher"]) == (1_800.0, 900.0, 240.0)
    assert s.at[1, "zielerreichung_bisher"] == pytest.approx(240 / 900)


def test_hz005_liste_breit_je_jahr_mit_summe():
    """One row per number and product, years as columns, natural number order ('2' before '10')."""
    eintraege = pd.DataFrame({
        "nummer": ["10", "2", "2"], "bezeichnung": ["B", "A", "A"], "produkt_code": ["0601", "0605", "0605"],
        "produkt_name": ["x", "y", "y"], "jahr": [2027, 2027, 2028], "antragsteller": [None, "F", "F"],
        "status": ["beschlossen"] * 3, "betrag": [Decimal("5"), Decimal("-1.50"), Decimal("-2")]})
    breit = hz.liste_breit(eintraege)
    assert list(breit["nummer"]) == ["2", "10"] and breit.attrs["jahre"] == [2027, 2028]
    assert breit.loc[0, "summe"] == Decimal("-3.50") and breit.loc[1, "summe"] == Decimal("5")
    assert hz.liste_breit(eintraege.iloc[0:0]).empty


@pytest.fixture
def demo(fabrik_beide):
    """The demo city in a fresh database (SQLite and PostgreSQL)."""
    demo_laden(fabrik_beide)
    return fabrik_beide


def _roh(fabrik, prefix: str, jahr: int, version: str, art: str = "ansatz") -> float:
    with fabrik() as s:
        werte = s.scalars(select(Haushaltsbetrag.betrag).join(Produkt, Produkt.id == Haushaltsbetrag.produkt_id).where(
            Produkt.code.startswith(prefix), Haushaltsbetrag.jahr == jahr, Haushaltsbetrag.periodenart == "jahr",
            Haushaltsbetrag.betragsart == art, Haushaltsbetrag.version == version)).all()
    return -float(sum(werte, Decimal(0)))


def test_hz006_versionen_der_musterstadt(demo):
    """On Musterstadt every stored stage equals the raw amounts, Beschluss = Entwurf + adopted list entries, and the
    derived fortgeschriebener Ansatz 2026 equals the booked one."""
    a = hz.versionsansicht(demo, "06", 2027, True)
    for version in ("anmeldung", "eckwert", "entwurf", "beschluss"):
        assert a.summe[version] == pytest.approx(_roh(demo, "06", 2027, version), abs=0.01), version
    beschlossen = sum(n.betraege.get(2027, 0) for n in geschichte.VERAENDERUNGSLISTE
                      if n.produkt.startswith("06") and n.status == "beschlossen")
    assert a.summe["veraenderungen"] == pytest.approx(-beschlossen)
    assert a.summe["beschluss"] == pytest.approx(a.summe["beschlussvorschlag"], abs=2)  # cents rounded per line
    assert [s.schluessel for s in a.stufen][:5] == ["anmeldung", "eckwert", "entwurf", "veraenderungen",
                                                    "beschlussvorschlag"]
    vorjahr = hz.versionsansicht(demo, None, 2026, True)
    assert vorjahr.summe["fortgeschrieben"] == pytest.approx(vorjahr.summe["fortgeschrieben_gespeichert"], rel=1e-6)
    assert vorjahr.summe["nachtrag_veraenderung"] > 0 and vorjahr.summe["uebertragung"] > 0
    ohne = hz.versionsansicht(demo, "06", 2027, False)
    assert "anmeldung" not in ohne.zeilen and ohne.liste.empty


def test_hz007_neue_versionen_in_der_datenbank(demo):
    """The migrated CHECK constraint takes the new versions and kinds, and still refuses an unknown one."""
    with demo() as s:
        pz = s.scalar(select(Planzeile.id).where(Planzeile.nummer == "13"))
        pid = s.scalar(select(Produkt.id).where(Produkt.code == "070101"))
    zeile = {"produkt_id": pid, "jahr": 2031, "periodenart": "jahr", "periode": 1, "planzeile_id": pz,
             "betragsart": "uebertragung", "version": "eckwert", "betrag": Decimal("-1.00")}
    with demo() as s, s.begin():
        s.execute(insert(Haushaltsbetrag), [zeile])
    with pytest.raises(IntegrityError), demo() as s, s.begin():
        s.execute(insert(Haushaltsbetrag), [{**zeile, "jahr": 2032, "version": "vorentwurf"}])


def test_hz008_veraenderung_erfassen_prueft(demo):
    """A change is stored with its amount; an unknown product, a sum line or a year far off is refused in German."""
    with demo() as s, s.begin():
        e = hz.veraenderung_erfassen(s, 2027, "7", "Test", "060401", "15", 2028, "-12.500,50", None, "Rat", None,
                                     "carl")
        assert (e.betrag, e.status, e.jahr) == (Decimal("-12500.50"), "vorgeschlagen", 2028)
        for produkt, zeile, jahr, muster in (("999999", "15", 2027, "Produkt"), ("060401", "17", 2027, "Summenzeile"),
                                             ("060401", "15", 2040, "passt nicht")):
            with pytest.raises(ValueError, match=muster):
                hz.veraenderung_erfassen(s, 2027, "8", "x", produkt, zeile, jahr, "1", None, None, None, "carl")


def test_hz009_rundreise_versionen_und_liste(demo, tmp_path):
    """Export of the demo city → empty database → import: the same versions side by side and the same list."""
    from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
    from kennzahlen.importe import export_zip, importieren, inhalt_fingerabdruck

    ziel_engine = engine_erstellen(f"sqlite:///{tmp_path / 'ziel.sqlite'}")
    aktualisieren(ziel_engine)
    ziel = sessionfabrik(ziel_engine)
    importieren(ziel, "export.zip", export_zip(demo), "test")
    for code, jahr in ((None, 2026), ("06", 2027), ("0605", 2027)):
        vorher, nachher = hz.versionsansicht(demo, code, jahr, True), hz.versionsansicht(ziel, code, jahr, True)
        assert [s.schluessel for s in nachher.stufen] == [s.schluessel for s in vorher.stufen]
        pd.testing.assert_frame_equal(nachher.zeilen.drop(columns="knoten_id"), vorher.zeilen.drop(columns="knoten_id"))
    spalten = ["nummer", "produkt_code", "zeile", "jahr", "betrag", "status", "bezeichnung"]
    liste_ziel, liste_demo = hz.veraenderungsliste(ziel, 2027), hz.veraenderungsliste(demo, 2027)
    pd.testing.assert_frame_equal(liste_ziel[spalten], liste_demo[spalten])
    ohne_id = ["code", "bezeichnung", "beschreibung", "produkt_code", "status", "umsetzungsgrad", "verantwortlich",
               "kennzahlen"]
    assert len(hz.hsk_massnahmen(demo)) == len(geschichte.HSK)
    pd.testing.assert_frame_equal(hz.hsk_massnahmen(ziel)[ohne_id], hz.hsk_massnahmen(demo)[ohne_id])

    def ziele_mit_code(fab):
        code = dict(zip(hz.hsk_massnahmen(fab)["id"], hz.hsk_massnahmen(fab)["code"], strict=True))
        ziele = hz.hsk_ziele(fab)
        return ziele.assign(massnahme_id=ziele["massnahme_id"].map(code)).sort_values(["massnahme_id", "jahr"]
                                                                                       ).reset_index(drop=True)
    pd.testing.assert_frame_equal(ziele_mit_code(ziel), ziele_mit_code(demo))
    assert inhalt_fingerabdruck(ziel) == inhalt_fingerabdruck(demo)
    ziel_engine.dispose()


def test_hz010_vorlage_der_veraenderungsliste_importiert(fabrik):
    """The list's template imports into a database holding its product; a wrong line is reported with row and
    column and nothing is written."""
    from kennzahlen.importe import ImportFehler, importieren, vorlage
    from kennzahlen.importe.formate import csv_erklaerung

    importieren(fabrik, "haushalt.csv", vorlage("haushalt_lang"), "test")
    bericht = importieren(fabrik, "liste.csv", vorlage("veraenderungsliste"), "test")
    assert bericht.je_tabelle["veraenderung"].neu == 1
    assert importieren(fabrik, "liste.csv", vorlage("veraenderungsliste"), "test").keine_aenderung
    falsch = vorlage("veraenderungsliste").decode("utf-8-sig").replace(";15;", ";17;").replace(";1;", ";2;")
    with pytest.raises(ImportFehler) as fehler:
        importieren(fabrik, "liste.csv", falsch.encode(), "test")
    zeile = f"Zeile {len(csv_erklaerung('veraenderungsliste')) + 2}"  # the example row below explanation and header
    assert "Summenzeile" in str(fehler.value) and zeile in str(fehler.value)
    assert hz.veraenderungsliste(fabrik, 2025)["nummer"].tolist() == ["1"]


def test_hz011_hsk_vorlagen_importieren_und_pruefen(fabrik):
    """The HSK templates import after the templates of their product and Kennzahl; the Kennzahlen column replaces the
    links, a second import changes nothing, an Umsetzungsgrad over 100 % or an unknown measure is refused with row and
    column and nothing is written."""
    from kennzahlen.importe import ImportFehler, importieren, vorlage
    from kennzahlen.importe.formate import csv_erklaerung

    for art in ("organisationseinheiten", "handlungsfelder", "produkte", "kennzahlen"):
        importieren(fabrik, f"{art}.csv", vorlage(art), "test")
    bericht = importieren(fabrik, "hsk.csv", vorlage("hsk_massnahmen"), "test")
    assert bericht.je_tabelle["hsk_massnahme"].neu == 1 and bericht.je_tabelle["hsk_massnahme_kennzahl"].neu == 1
    assert importieren(fabrik, "ziele.csv", vorlage("hsk_ziele"), "test").je_tabelle["hsk_ziel"].neu == 1
    assert importieren(fabrik, "hsk.csv", vorlage("hsk_massnahmen"), "test").keine_aenderung
    massnahme = hz.hsk_massnahmen(fabrik).iloc[0]
    assert (massnahme["code"], massnahme["umsetzungsgrad"], massnahme["kennzahlen"]) == ("HSK-06-01", 0.55, "K101")
    bilanz = hz.hsk_bilanz(hz.hsk_ziele(fabrik)).iloc[0]
    assert (bilanz["einsparziel"], bilanz["erreicht"]) == (300_000.0, 240_000.0)
    assert bilanz["bewertung"] == "teilweise erreicht"

    ohne_kennzahl = vorlage("hsk_massnahmen").decode("utf-8-sig").replace(";K101", ";").encode()
    assert importieren(fabrik, "hsk.csv", ohne_kennzahl, "test").je_tabelle["hsk_massnahme_kennzahl"].geaendert == 1
    assert hz.hsk_kennzahlen(fabrik).empty
    falsch = vorlage("hsk_massnahmen").decode("utf-8-sig").replace("55 %", "120 %").replace(";K101", ";K999")
    with pytest.raises(ImportFehler) as fehler:
        importieren(fabrik, "hsk.csv", falsch.encode(), "test")
    zeile = f"Zeile {len(csv_erklaerung('hsk_massnahmen')) + 2}"
    assert "Umsetzungsgrad" in str(fehler.value) and "K999" in str(fehler.value) and zeile in str(fehler.value)
    unbekannt = vorlage("hsk_ziele").decode("utf-8-sig").replace("HSK-06-01", "HSK-99")
    with pytest.raises(ImportFehler, match="HSK-99"):
        importieren(fabrik, "ziele.csv", unbekannt.encode(), "test")
    assert hz.hsk_massnahmen(fabrik)["umsetzungsgrad"].tolist() == [0.55]


def test_hz012_naechste_nummer_und_umsetzungsgrad():
    """The next list number follows the highest number with digits; an Umsetzungsgrad in percent becomes a share."""
    assert hz.naechste_nummer(["1", "2", "10a", "Z"]) == "11"
    assert hz.naechste_nummer([]) == "1"
    assert hz.umsetzungsgrad_lesen("55,5 %") == Decimal("0.555")
    for falsch in ("120", "abc", ""):
        with pytest.raises(ValueError, match="Umsetzungsgrad"):
            hz.umsetzungsgrad_lesen(falsch)


def test_hz013_hsk_fortschreiben(demo):
    """Controlling's update sets state, Umsetzungsgrad and the savings reached in a year with a target; a year
    without a target or an unknown state is refused in German and changes nothing."""
    with demo() as s, s.begin():
        m = hz.hsk_fortschreiben(s, "HSK-06-01", "in_umsetzung", "70", 2027, "650.000")
        assert (m.status, m.umsetzungsgrad) == ("in_umsetzung", Decimal("0.7"))
        for status, jahr, muster in (("in_umsetzung", 2031, "kein Einsparziel"), ("fertig", 2027, "Status")):
            with pytest.raises(ValueError, match=muster):
                hz.hsk_fortschreiben(s, "HSK-06-01", status, "80", jahr, "1")
    ziele = hz.hsk_ziele(demo)
    massnahme_id = int(hz.hsk_massnahmen(demo).set_index("code").loc["HSK-06-01", "id"])
    zeile = ziele[(ziele["massnahme_id"] == massnahme_id) & (ziele["jahr"] == 2027)].iloc[0]
    assert zeile["erreicht"] == 650_000.0
    assert hz.hsk_massnahmen(demo).set_index("code").loc["HSK-06-01", "umsetzungsgrad"] == 0.7
