"""The Haushalt view's data: amounts summed up the product hierarchy (each euro once), the goal status per node,
treemap areas and the Teilergebnisplan with derived sum lines, on hand-made data and on the demo city."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import create_engine, func, select

from kennzahlen import haushalt as hh
from kennzahlen.db import sessionfabrik
from kennzahlen.models import Haushaltsbetrag, Haushaltssumme, Planzeile, Produkt
from kennzahlen.perioden import Periode
from kennzahlen.zeilenschema import NKF_NRW_2019, schema_anlegen

# 06 → 0601 (amounts on its products 060101, 060102) and 0605 (amounts kept at group level, its product empty)
HIERARCHIE = pd.DataFrame({
    "id": [1, 2, 3, 4, 5, 6, 7],
    "code": ["06", "0601", "060101", "060102", "0605", "060501", "05"],
    "name": ["Jugend", "Kita", "Kita frei", "Tagespflege", "HzE", "Heime", "Soziales"],
    "ebene": ["produktbereich", "produktgruppe", "produkt", "produkt", "produktgruppe", "produkt", "produktbereich"],
    "parent_id": [math.nan, 1, 2, 2, 1, 5, math.nan],
})


def _lang(zeilen: list[tuple]) -> pd.DataFrame:
    """Rows (produkt_id, nummer, betrag)."""
    return pd.DataFrame(zeilen, columns=["produkt_id", "nummer", "betrag"])


def test_hh001_verdichten_zaehlt_jeden_euro_einmal():
    """A node takes its own stored amount of a line, else its children's sum; the root holds the whole budget."""
    lang = _lang([(3, "15", -100.0), (4, "15", -50.0), (4, "02", 20.0), (5, "15", -300.0), (7, "13", -7.0),
                  (6, "15", -999.0)])  # 060501 under 0605, which keeps its own amount of line 15
    df = hh.verdichten_je_schluessel(lang, HIERARCHIE, ["nummer"])
    werte = {(int(p), n): b for p, n, b in zip(df["produkt_id"], df["nummer"], df["betrag"], strict=True)}
    assert werte[(2, "15")] == -150.0 and werte[(2, "02")] == 20.0
    assert werte[(5, "15")] == -300.0  # its own amount, not the product's −999 as well
    assert werte[(1, "15")] == -450.0 and werte[(1, "02")] == 20.0
    assert werte[(-1, "15")] == -450.0 and werte[(-1, "13")] == -7.0
    nur_0601 = hh.verdichten_je_schluessel(lang, HIERARCHIE, ["nummer"], wurzel=2)
    assert set(nur_0601["produkt_id"]) == {2, 3, 4}


def test_hh002_zielstatus_schlechtester_keine_bewertung_ohne_ziel():
    """A node gets the worst rated status of the goals below it; unrated only → keine Bewertung; none → ohne Ziel."""
    ziel_produkt = pd.DataFrame({"ziel_id": [10, 11, 12], "produkt_id": [3, 4, 6]})
    bewertung = pd.DataFrame({
        "id": [10, 11, 12], "status_code": ["gruen", "rot", "keine_bewertung"],
        "status_text": ["erreicht", "nicht erreicht", "keine Bewertung"], "status_symbol": ["▲", "▼", "○"],
        "status_farbe": ["#1a7f37", "#b42318", "#595959"], "status_rang": [3, 1, 0]})
    df = hh.zielstatus_je_knoten(HIERARCHIE, ziel_produkt, bewertung).set_index("produkt_id")
    assert df.loc[3, "zielstatus"] == "erreicht" and df.loc[2, "zielstatus"] == "nicht erreicht"
    assert df.loc[2, "anzahl_ziele"] == 2
    assert df.loc[5, "zielstatus"] == "keine Bewertung"  # 0605: only the unrated goal of its product
    assert df.loc[1, "zielstatus"] == "nicht erreicht" and df.loc[1, "anzahl_ziele"] == 3
    assert df.loc[7, "zielstatus"] == hh.OHNE_ZIEL and df.loc[7, "status_code"] == "ohne_ziel"


def test_hh003_baum_flaechen_und_ueberschuss():
    """Zuschussbedarf per node bottom-up; a surplus gets area 0 and is flagged; parents' areas add up."""
    betraege = pd.DataFrame({
        "produkt_id": [3, 3, 4, 5, 7], "nummer": ["15", "02", "15", "06", "13"],
        "art": ["aufwand", "ertrag", "aufwand", "ertrag", "aufwand"],
        "betrag": [-100.0, 30.0, -50.0, 40.0, -7.0]})
    leer = pd.DataFrame(columns=["produkt_id", "zielstatus", "status_code", "status_symbol", "status_farbe",
                                 "status_rang", "anzahl_ziele"])
    df = hh.hierarchie_berechnen(HIERARCHIE, betraege, leer, "zuschuss", "Musterstadt").set_index("id")
    assert list(df.columns) == hh.HIERARCHIESPALTEN[1:]
    assert df.loc["060101", "betrag"] == 70.0 and df.loc["0601", "betrag"] == 120.0
    assert df.loc["0605", "betrag"] == -40.0 and df.loc["0605", "ueberschuss"] and df.loc["0605", "flaeche"] == 0
    assert df.loc["06", "betrag"] == 80.0 and df.loc["06", "flaeche"] == 120.0  # the surplus has no area
    assert df.loc[hh.WURZEL, "betrag"] == 87.0 and df.loc[hh.WURZEL, "parent"] == ""
    assert df.loc[hh.WURZEL, "flaeche"] == df.loc["06", "flaeche"] + df.loc["05", "flaeche"]
    assert math.isnan(df.loc["060501", "betrag"]) and df.loc["060501", "zielstatus"] == hh.OHNE_ZIEL
    aufwand = hh.hierarchie_berechnen(HIERARCHIE, betraege, leer, "aufwand").set_index("id")
    assert aufwand.loc["0601", "betrag"] == 150.0 and math.isnan(aufwand.loc["0605", "betrag"])
    with pytest.raises(ValueError, match="Größe"):
        hh.hierarchie_berechnen(HIERARCHIE, betraege, leer, "ertrag")


def test_hh004_teilergebnisplan_summenzeilen_aus_den_einzelzeilen():
    """Sum lines are derived by the scheme (10, 17, 18, 21, 22, 25, 26, 29); columns ordered as in the plan."""
    betraege = pd.DataFrame([
        ("02", "ansatz", "beschluss", 2026, Decimal("100.50")), ("15", "ansatz", "beschluss", 2026, Decimal("-300")),
        ("28", "ansatz", "beschluss", 2026, Decimal("-10")), ("20", "ansatz", "beschluss", 2026, Decimal("-5")),
        ("29", "ansatz", "beschluss", 2026, Decimal("12345")),  # a stray sum line: never read
        ("15", "ergebnis", "beschluss", 2025, Decimal("-280")), ("15", "ansatz", "entwurf", 2027, Decimal("-320")),
        ("15", "planung", "beschluss", 2027, Decimal("-310")),
    ], columns=["nummer", "betragsart", "version", "jahr", "betrag"])
    df = hh.teilergebnisplan_berechnen(betraege, NKF_NRW_2019).set_index("nummer")
    assert list(df.columns[:2]) == ["bezeichnung", "art"] and len(df) == 29
    assert [s["titel"] for s in df.attrs["spalten"]] == [
        "Ergebnis 2025", "Ansatz 2026", "Entwurf Ansatz 2027", "Planung 2027"]
    a = df["Ansatz 2026"]
    assert a["10"] == 100.5 and a["17"] == -300 and a["18"] == -199.5 and a["21"] == -5 and a["22"] == -204.5
    assert a["25"] == 0 and a["26"] == -204.5 and a["29"] == -214.5
    assert math.isnan(a["01"]) and a["02"] == 100.5
    assert df.loc["29", "Ergebnis 2025"] == -280 and df.loc["29", "Entwurf Ansatz 2027"] == -320
    assert hh.spaltentitel("ist_unterjaehrig", "beschluss", 2026, Periode(2026, "quartal", 3)) == "Ist bis Q3 2026"


def _anlegen(fabrik) -> None:
    """06 → 0605 → 060501/060502 with amounts on the products (2025 Ergebnis, 2026 Ansatz, 2027 Entwurf)."""
    with fabrik() as s, s.begin():
        schema = schema_anlegen(s)
        zeile = {z.nummer: z.id for z in schema.zeilen}
        bereich = Produkt(code="06", name="Jugend", ebene="produktbereich")
        s.add(bereich)
        s.flush()
        gruppe = Produkt(code="0605", name="Hilfen zur Erziehung", ebene="produktgruppe", parent_id=bereich.id)
        s.add(gruppe)
        s.flush()
        for code, faktor in (("060501", 1), ("060502", 2)):
            p = Produkt(code=code, name=f"Hilfe {code}", ebene="produkt", parent_id=gruppe.id)
            s.add(p)
            s.flush()
            for nummer, betragsart, version, jahr, betrag in (
                ("15", "ansatz", "beschluss", 2026, "-1000.10"), ("06", "ansatz", "beschluss", 2026, "200.05"),
                ("11", "ansatz", "beschluss", 2026, "-300"), ("15", "ergebnis", "beschluss", 2025, "-900"),
                ("15", "ansatz", "entwurf", 2027, "-1100"),
            ):
                s.add(Haushaltsbetrag(produkt_id=p.id, jahr=jahr, periodenart="jahr", periode=1,
                                      planzeile_id=zeile[nummer], betragsart=betragsart, version=version,
                                      betrag=Decimal(betrag) * faktor))
            for quartal in (1, 2, 3):
                s.add(Haushaltsbetrag(produkt_id=p.id, jahr=2026, periodenart="quartal", periode=quartal,
                                      planzeile_id=zeile["15"], betragsart="ist_unterjaehrig", version="beschluss",
                                      betrag=Decimal("-250") * faktor))


def test_hh005_teilergebnisplan_aus_der_datenbank(fabrik_beide):
    """The plan of a group and of its area sums the products' lines; drafts only when allowed; Ist to the cut-off."""
    _anlegen(fabrik_beide)
    plan = hh.teilergebnisplan(fabrik_beide, "0605", range(2023, 2030), mit_entwurf=False,
                               ist_bis=Periode(2026, "quartal", 2)).set_index("nummer")
    titel = [s["titel"] for s in plan.attrs["spalten"]]
    assert titel == ["Ergebnis 2025", "Ansatz 2026", "Ist bis Q2 2026"] and plan.attrs["schema"] == "nkf-nrw-2019"
    assert plan.loc["15", "Ansatz 2026"] == pytest.approx(-3000.30)
    assert plan.loc["10", "Ansatz 2026"] == pytest.approx(600.15)
    assert plan.loc["17", "Ansatz 2026"] == pytest.approx(-3900.30)
    assert plan.loc["29", "Ansatz 2026"] == pytest.approx(-3300.15)
    assert plan.loc["29", "Ist bis Q2 2026"] == -1500  # quarters 1 and 2 of both products, not Q3
    mit = hh.teilergebnisplan(fabrik_beide, "06", [2026, 2027], mit_entwurf=True)
    assert "Entwurf Ansatz 2027" in mit.columns and mit.set_index("nummer").loc["29", "Entwurf Ansatz 2027"] == -3300
    assert mit.attrs["ist_bis"] == Periode(2026, "quartal", 3)  # default: the newest Ist among the years
    gesamt = hh.teilergebnisplan(fabrik_beide, None, [2026], mit_entwurf=False).set_index("nummer")
    assert gesamt.loc["29", "Ansatz 2026"] == pytest.approx(-3300.15)
    with pytest.raises(ValueError, match="9999"):
        hh.teilergebnisplan(fabrik_beide, "9999", [2026])
    baum = hh.hierarchie_mit_betraegen(fabrik_beide, 2026).set_index("id")
    assert baum.loc[hh.WURZEL, "betrag"] == pytest.approx(3300.15) == baum.loc["06", "betrag"]
    assert baum.loc["060502", "betrag"] == pytest.approx(2200.10) and baum.loc["0605", "zielstatus"] == hh.OHNE_ZIEL
    aufwand = hh.hierarchie_mit_betraegen(fabrik_beide, 2026, "aufwand").set_index("id")
    assert aufwand.loc["0605", "betrag"] == pytest.approx(3900.30)


def _rohsummen(engine, code_praefix: str) -> dict[tuple[str, str, int, str], float]:
    """(betragsart, version, jahr, nummer) → the raw Haushaltsbetrag sum of the yearly amounts under a code."""
    with engine.connect() as c:
        zeilen = c.execute(
            select(Haushaltsbetrag.betragsart, Haushaltsbetrag.version, Haushaltsbetrag.jahr, Planzeile.nummer,
                   func.sum(Haushaltsbetrag.betrag))
            .join(Planzeile, Planzeile.id == Haushaltsbetrag.planzeile_id)
            .join(Produkt, Produkt.id == Haushaltsbetrag.produkt_id)
            .where(Produkt.code.like(code_praefix + "%"), Haushaltsbetrag.periodenart == "jahr")
            .group_by(Haushaltsbetrag.betragsart, Haushaltsbetrag.version, Haushaltsbetrag.jahr, Planzeile.nummer)
        ).all()
    return {(a, v, int(j), n): float(b) for a, v, j, n, b in zeilen}


def test_hh006_demo_teilergebnisplan_gleich_rohen_summen(demo_einstellungen):
    """On the demo: every detail line of 0605's plan equals the raw sum of its products' amounts, and line 29
    the raw sum over all lines, in every column; the treemap's root equals the summary table's total."""
    engine = create_engine(demo_einstellungen.datenbank_url)
    fabrik = sessionfabrik(engine)
    plan = hh.teilergebnisplan(fabrik, "0605", range(2021, 2030), mit_entwurf=True).set_index("nummer")
    roh = _rohsummen(engine, "0605")
    jahresspalten = [s for s in plan.attrs["spalten"] if s["betragsart"] != "ist_unterjaehrig"]
    assert len(jahresspalten) >= 15 and len(plan) == 29
    for s in jahresspalten:
        zeilen = {n: b for (a, v, j, n), b in roh.items() if (a, v, j) == (s["betragsart"], s["version"], s["jahr"])}
        assert zeilen, s
        for nummer, betrag in zeilen.items():
            assert plan.loc[nummer, s["titel"]] == pytest.approx(betrag, abs=0.005), (s["titel"], nummer)
        assert plan.loc["29", s["titel"]] == pytest.approx(sum(zeilen.values()), abs=0.01), s["titel"]
    baum = hh.hierarchie_mit_betraegen(fabrik, 2026, periode=Periode(2026, "quartal", 3))
    with engine.connect() as c:
        summe = c.execute(select(func.sum(Haushaltssumme.betrag)).where(
            Haushaltssumme.jahr == 2026, Haushaltssumme.betragsart == "ansatz", Haushaltssumme.version == "beschluss",
            Haushaltssumme.periodenart == "jahr")).scalar_one()
    assert baum.iloc[0]["betrag"] == pytest.approx(-float(summe), abs=0.01)
    bereiche = baum[baum["parent"] == hh.WURZEL]
    assert baum.iloc[0]["betrag"] == pytest.approx(bereiche["betrag"].sum(), abs=0.01)
    assert set(baum["status_code"]) >= {"rot", "gruen", "ohne_ziel"}  # the demo has goals met, missed and none
    engine.dispose()
