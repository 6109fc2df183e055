"""Queries of the Kennzahl and Produkt views on the demo city and on an empty database."""

import math

import pytest
from sqlalchemy import text

from kennzahlen import zeitreihe as zr
from kennzahlen.abfragen import kennzahl as ak
from kennzahlen.abfragen import produkt as ap
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.demo import (
    GESCHICHTE_FEHLENDE_LIEFERUNG,
    GESCHICHTE_HZE_STATIONAER,
    GESCHICHTE_KINDERARMUT,
    GESCHICHTE_KOSTEN_OHNE_WIRKUNG,
)
from kennzahlen.perioden import Periode


@pytest.fixture
def demo(demo_einstellungen):
    """A session factory on a private copy of the demo city."""
    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    yield sessionfabrik(engine)
    engine.dispose()


def _skalar(fabrik, sql: str, **parameter):
    with fabrik() as s:
        return s.execute(text(sql), parameter).scalar()


def test_ak001_steckbrief_und_unbekannter_code(demo):
    """The Steckbrief carries definition, owner and field; an unknown or hostile code gives no row."""
    sb = ak.steckbrief(demo, GESCHICHTE_KINDERARMUT["kennzahl"]).iloc[0]
    assert sb["typ"] == "kontext" and sb["einheit"] == "%" and sb["raumebene"] == "sozialraum"
    assert sb["handlungsfeld_code"] == "HF5" and sb["organisationseinheit_code"] == "V/1"
    assert sb["zaehler"] and sb["nenner"] and sb["quelle"]
    korridor = ak.steckbrief(demo, "K504").iloc[0]
    assert (korridor["korridor_unten"], korridor["korridor_oben"]) == (45.0, 60.0)
    assert ak.steckbrief(demo, "K999").empty
    assert ak.steckbrief(demo, "K511' OR '1'='1").empty


def test_ak002_werte_stadt_und_sozialraum_wie_in_der_datenbank(demo):
    """All values come back; the district value equals the stored one."""
    kid = int(ak.steckbrief(demo, "K511").iloc[0]["id"])
    w = ak.werte(demo, kid)
    anzahl = _skalar(demo, "SELECT COUNT(*) FROM kennzahlwert WHERE kennzahl_id = :k", k=kid)
    assert len(w) == anzahl
    gespeichert = _skalar(
        demo, "SELECT w.wert FROM kennzahlwert w JOIN sozialraum s ON s.id = w.sozialraum_id WHERE "
              "w.kennzahl_id = :k AND s.code = '103' AND w.jahr = 2026 AND w.periode = 3 AND w.wertart = 'ist'",
        k=kid)
    zeile = w[(w["sozialraum_code"] == "103") & (w["jahr"] == 2026) & (w["periode"] == 3) & (w["wertart"] == "ist")]
    assert zeile["wert"].iloc[0] == pytest.approx(float(gespeichert))
    assert w["sozialraum_code"].isna().any() and zr.hat_sozialraumwerte(w)


def test_ak003_geschichten_der_demostadt(demo):
    """Kinderarmut rises in 103 above 38 % while the city stays near 20 %; K103 misses the newest period."""
    kid = int(ak.steckbrief(demo, "K511").iloc[0]["id"])
    werte = ak.werte(demo, kid)
    raeume = zr.werte_je_sozialraum(werte, ak.sozialraeume(demo), Periode(2026, "quartal", 3), fallzahl=False)
    hafen = raeume.set_index("code").loc[GESCHICHTE_KINDERARMUT["sozialraum"]]
    assert hafen["wert"] > 38 and hafen["rang"] == 1 and 18 < hafen["stadtwert"] < 22
    assert len(raeume) == 25 and raeume["geometrie"].notna().all()
    k103 = ak.steckbrief(demo, GESCHICHTE_FEHLENDE_LIEFERUNG["kennzahl"]).iloc[0]
    reihe = zr.reihe_bewerten(zr.zeitreihe(ak.werte(demo, int(k103["id"])), "quartal", bis=Periode(2026, "quartal", 3)),
                              k103)
    letzte = reihe.iloc[-1]
    assert letzte["kurz"] == "Q3 2026" and math.isnan(letzte["ist"]) and letzte["nicht_geliefert"]
    assert letzte["status_code"] == "keine_bewertung"


def test_ak004_verknuepfungen_und_kommentare(demo):
    """K108 measures Z1.2 and describes 050105; comments on a Kennzahl and on products are found."""
    kid = int(ak.steckbrief(demo, GESCHICHTE_KOSTEN_OHNE_WIRKUNG["kennzahl"]).iloc[0]["id"])
    assert "Z1.2" in set(ak.ziele(demo, kid)["code"])
    assert "050105" in set(ak.produkte(demo, kid)["code"])
    assert len(ak.kommentare(demo, kennzahl_id=kid)) >= 1
    pid = int(ap.produkt(demo, GESCHICHTE_HZE_STATIONAER["produkt"]).iloc[0]["id"])
    kommentare = ak.kommentare(demo, produkt_ids=[pid])
    assert set(kommentare["produkt_code"]) == {"060503"} and "massnahme" in set(kommentare["art"])
    assert ak.kommentare(demo).empty


def test_ap001_produkt_hierarchie_und_zuschussbedarf_wie_in_der_datenbank(demo):
    """The Ansatz of 060503 and of the group 0605 equal the database's own −SUM."""
    p = ap.produkt(demo, "060503").iloc[0]
    assert p["ebene"] == "produkt" and p["aufgabenart"] == "pflicht"
    hierarchie = ap.hierarchie(demo)
    assert list(zr.vorfahren(hierarchie, int(p["id"]))["code"]) == ["06", "0605"]
    periode = Periode(2026, "quartal", 3)
    for code in ("060503", "0605", "06"):
        knoten = int(ap.produkt(demo, code).iloc[0]["id"])
        unten = zr.nachfahren(hierarchie, knoten)
        z = zr.zuschussbedarf_je_jahr(zr.verdichten(ap.haushaltsbetraege(demo, unten), hierarchie, knoten), periode)
        liste = ",".join(str(i) for i in unten)  # ids from the database itself, not user input
        erwartet = _skalar(demo, "SELECT -SUM(betrag) FROM haushaltsbetrag WHERE jahr = 2026 AND betragsart = 'ansatz' "
                                 f"AND version = 'beschluss' AND produkt_id IN ({liste})")
        assert z.set_index("jahr").loc[2026, "ansatz"] == pytest.approx(float(erwartet)), code
        ist = _skalar(demo, "SELECT -SUM(betrag) FROM haushaltsbetrag WHERE jahr = 2026 AND periodenart = 'quartal' "
                            f"AND periode <= 3 AND betragsart = 'ist_unterjaehrig' AND produkt_id IN ({liste})")
        assert z.set_index("jahr").loc[2026, "ist_bis"] == pytest.approx(float(ist)), code


def test_ap002_ziele_und_kennzahlen_eines_produkts(demo):
    """060503 serves Z5.1 and Z5.2 with half its money each; K506 is its Fallzahl."""
    pid = int(ap.produkt(demo, "060503").iloc[0]["id"])
    ziele = ap.ziele(demo, [pid]).set_index("code")
    assert ziele.loc["Z5.1", "anteil"] == 0.5 and ziele.loc["Z5.2", "anteil"] == 0.5
    kennzahlen = ap.kennzahlen(demo, [pid]).set_index("code")
    assert kennzahlen.loc["K506", "rolle"] == "fallzahl"


def test_ap003_leere_datenbank_liefert_leere_frames_mit_spalten(fabrik):
    """On an empty database every query returns an empty frame with its documented columns."""
    assert list(ap.produkt(fabrik, "0605").columns)[:4] == ["id", "code", "name", "ebene"]
    assert ap.hierarchie(fabrik).empty
    betraege = ap.haushaltsbetraege(fabrik, [])
    assert betraege.empty and "betrag" in betraege
    assert {"anteil", "ziel_id"} <= set(ap.ziele(fabrik, []).columns)
    assert {"kennzahl_id", "rolle"} <= set(ap.kennzahlen(fabrik, []).columns)
    assert ak.steckbrief(fabrik, "K1").empty and "korridor_unten" in ak.steckbrief(fabrik, "K1")
    assert {"wertart", "wert", "sozialraum_code"} <= set(ak.werte(fabrik, 1).columns)
    assert {"geometrie", "bezirk_name"} <= set(ak.sozialraeume(fabrik).columns)
