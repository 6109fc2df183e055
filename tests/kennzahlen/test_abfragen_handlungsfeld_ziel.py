"""Queries and assembly of the Handlungsfeld and Ziel views on the demo city (read only)."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from kennzahlen.abfragen import handlungsfeld as hq
from kennzahlen.abfragen import ziel as zq
from kennzahlen.cockpit import Bewertungsregeln
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)


@pytest.fixture(scope="module")
def demo(demo_vorlage):
    """A session factory on the shared demo database (these tests only read)."""
    engine = engine_erstellen(f"sqlite:///{demo_vorlage}")
    yield sessionfabrik(engine)
    engine.dispose()


def _sql(fabrik, abfrage: str, **parameter):
    with fabrik() as s:
        return s.execute(text(abfrage), parameter).scalar()


def _zuschuss(fabrik, code: str, art: str, jahr: int) -> float:
    return float(_sql(fabrik, "SELECT -SUM(h.betrag) FROM haushaltsbetrag h JOIN produkt p ON p.id = h.produkt_id "
                              "WHERE p.code = :c AND h.jahr = :j AND h.betragsart = :a AND h.version = 'beschluss' "
                              "AND h.periodenart = 'jahr'", c=code, j=jahr, a=art))


def test_hq001_feld_und_produkte(demo):
    """HF5 is found with its products and their place in the hierarchy; unknown or hostile codes give nothing."""
    feld = hq.handlungsfeld(demo, "HF5")
    assert feld.iloc[0]["name"] == "Jugend und Familie"
    assert hq.handlungsfeld(demo, "HF9").empty and hq.handlungsfeld(demo, "HF5' OR '1'='1").empty
    produkte = hq.feldprodukte(demo, int(feld.iloc[0]["id"]))
    assert list(produkte["code"]) == ["060401", "060402", "060501", "060502", "060503", "060601", "060701"]
    heim = produkte.set_index("code").loc["060503"]
    assert (heim["produktgruppe_code"], heim["produktbereich_code"]) == ("0605", "06")


def test_hq002_anteile_auch_anderer_felder(demo):
    """Shares are listed for all goals; im_feld marks those of the asked field (070101: HF3 and HF4)."""
    hf3 = int(hq.handlungsfeld(demo, "HF3").iloc[0]["id"])
    pid = int(_sql(demo, "SELECT id FROM produkt WHERE code = '070101'"))
    anteile = hq.produktanteile(demo, [pid], hf3).set_index("ziel_code")
    assert anteile["anteil"].to_dict() == {"Z3.3": 0.5, "Z4.2": 0.3, "Z4.3": 0.2}
    assert anteile["im_feld"].to_dict() == {"Z3.3": True, "Z4.2": False, "Z4.3": False}


def test_hq003_zuschussbedarf_wie_in_der_datenbank(demo):
    """Ansatz, Prognose, Ergebnis of the year before and Ist to Q3 equal the database's own sums."""
    pid = int(_sql(demo, "SELECT id FROM produkt WHERE code = '060503'"))
    z = hq.zuschussbedarf(demo, [pid], Q3).iloc[0]
    assert z["ansatz"] == _zuschuss(demo, "060503", "ansatz", 2026)
    assert z["ansatz_vorjahr"] == _zuschuss(demo, "060503", "ansatz", 2025)
    assert z["prognose"] == _zuschuss(demo, "060503", "prognose", 2026)
    assert z["ergebnis_vorjahr"] == _zuschuss(demo, "060503", "ergebnis", 2025)
    ist = _sql(demo, "SELECT -SUM(betrag) FROM haushaltsbetrag WHERE produkt_id = :p AND jahr = 2026 "
                     "AND betragsart = 'ist_unterjaehrig' AND periodenart = 'quartal' AND periode <= 3", p=pid)
    assert z["ist_bis"] == float(ist)
    assert z["ergebnis"] != z["ergebnis"]  # NaN: 2026 is not closed


def test_hq004_ansicht_summen_und_rollup(demo):
    """The Sankey carries exactly the field's product amounts; goal money = amount × share; the field's
    status rolls up its goals; unknown codes give None."""
    a = hq.handlungsfeldansicht(demo, "HF5", Q3, "ansatz", Bewertungsregeln())
    summe = sum(_zuschuss(demo, c, "ansatz", 2026) for c in a.produkte["code"])
    assert a.fluss.summe == Decimal(repr(summe)) and a.fluss_einzeln.summe == a.fluss.summe
    ziele = a.ziele.set_index("code")
    z51 = _zuschuss(demo, "060501", "ansatz", 2026) + _zuschuss(demo, "060502", "ansatz", 2026) + 0.5 * _zuschuss(
        demo, "060503", "ansatz", 2026)
    assert ziele.at["Z5.1", "betrag"] == pytest.approx(z51)
    assert ziele.at["Z5", "betrag"] == pytest.approx(ziele.loc[["Z5.1", "Z5.2", "Z5.3"], "betrag"].sum())
    rest = a.fluss.knoten.set_index("schluessel").at["kein_ziel", "betrag"]
    assert float(rest) == pytest.approx(0.5 * _zuschuss(demo, "060402", "ansatz", 2026))
    assert a.feld["status_text"] in ("erreicht", "gefährdet", "nicht erreicht")
    assert set(a.kennzahlen["code"]) >= {"K501", "K511"} and a.kennzahlen["vorjahr"].notna().any()
    assert a.kennzahlen.set_index("code").at["K501", "ziele"] == "Z5.1"
    assert hq.handlungsfeldansicht(demo, "HF99", Q3, "ansatz", Bewertungsregeln()) is None


def test_hq005_regel_schlechteste_aendert_status(demo):
    """With the rule "schlechteste" a field is never rated better than with the weighted mean."""
    mittel = hq.handlungsfeldansicht(demo, "HF5", Q3, "ist", Bewertungsregeln(regel="gewichtetes_mittel"))
    schlecht = hq.handlungsfeldansicht(demo, "HF5", Q3, "ist", Bewertungsregeln(regel="schlechteste"))
    assert schlecht.feld["grad"] <= mittel.feld["grad"]
    assert mittel.wahl.bezeichnung == "Ist bis Q3 2026"


def test_zq001_ziel_mit_kennzahlen_produkten_kosten(demo):
    """Z1.2 (story 'Kosten ohne Wirkung'): its three Kennzahlen, two products, cost per participant and per
    transition, the Maßnahme of this period and the explanation of Q2."""
    a = zq.zielansicht(demo, "Z1.2", Q3, "prognose", Bewertungsregeln())
    assert (a.ziel["handlungsfeld_code"], a.ziel["parent_code"]) == ("HF1", "Z1")
    assert list(a.kennzahlen["code"]) == ["K107", "K108", "K109"]
    assert a.kennzahlen.set_index("code").at["K108", "gewicht"] == 2.0
    produkte = a.produkte.set_index("code")
    assert produkte.at["060202", "anteil"] == 0.4
    assert produkte.at["050105", "betrag"] == _zuschuss(demo, "050105", "prognose", 2026)
    assert produkte.at["050105", "vergleich"] == _zuschuss(demo, "050105", "ergebnis", 2025)
    assert a.ziel["betrag"] == pytest.approx(produkte["zugerechnet"].sum())
    kosten = a.kosten.set_index("code").loc["050105"]
    assert kosten["fallzahl_code"] == "K107" and kosten["wirkung_code"] == "K108"
    assert kosten["je_wirkungsfall"] > kosten["je_fall"] > 10_000
    k = a.kommentare.set_index("objekt_code")
    assert k.at["050105", "zeitbezug"] == "periode" and k.at["050105", "frist"] == dt.date(2027, 6, 30)
    assert k.at["K108", "zeitbezug"] == "frueher" and k.at["K108", "art"] == "abweichungsbegruendung"
    jahre = list(a.produktverlauf["bezeichnung"].unique())
    assert jahre == ["Ergebnis 2023", "Ergebnis 2024", "Ergebnis 2025", "Prognose 2026"]


def test_zq002_strategisches_ziel_mit_unterzielen(demo):
    """Z5 shows its sub-goals' Kennzahlen and products; a product shared by two sub-goals counts once."""
    a = zq.zielansicht(demo, "Z5", Q3, "ansatz", Bewertungsregeln())
    assert list(a.unterziele.sort_values("code")["code"]) == ["Z5.1", "Z5.2", "Z5.3"]
    assert set(a.kennzahlen["ziel_code"]) == {"Z5.1", "Z5.2", "Z5.3"}
    heim = a.produkte.set_index("code").loc["060503"]
    assert heim["anteil"] == 1.0 and heim["zugerechnet"] == heim["betrag"]
    assert a.ziel["betrag"] == pytest.approx(a.unterziele["betrag"].sum())


def test_zq003_kommentare_offene_massnahmen_jeder_periode(demo):
    """An open Maßnahme shows in any later period; closed ones only in their own year; later periods not."""
    a = zq.zielansicht(demo, "Z5.1", Periode(2027, "quartal", 1), "ansatz", Bewertungsregeln())
    assert set(a.kommentare["zeitbezug"]) == {"offen"}
    assert set(a.kommentare["massnahmenstatus"]) <= {"offen", "in_umsetzung"}
    frueh = zq.zielansicht(demo, "Z5.1", Periode(2026, "quartal", 1), "ansatz", Bewertungsregeln())
    assert frueh.kommentare[frueh.kommentare["art"] == "abweichungsbegruendung"].empty  # written in Q2
    assert zq.zielansicht(demo, "Z0", Q3, "ansatz", Bewertungsregeln()) is None


def test_zq004_verlauf_und_zielwerte(demo):
    """The trend covers four years up to the chosen period; Zielwerte per year."""
    a = zq.zielansicht(demo, "Z5.1", Q3, "ansatz", Bewertungsregeln())
    assert a.verlauf["jahr"].min() == 2023
    letzte = a.verlauf.sort_values(["jahr", "periode"]).iloc[-1]
    assert (letzte["jahr"], letzte["periode"]) == (2026, 3)
    assert set(a.zielwerte["jahr"]) == {2023, 2024, 2025, 2026}
