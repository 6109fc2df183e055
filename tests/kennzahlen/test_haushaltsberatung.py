"""Haushaltsberatung: the table's amounts against the raw budget rows, the weighting in a Handlungsfeld, drafts only
when allowed, the target-group mapping and population, and the what-if arithmetic checked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import func, select

from kennzahlen import haushaltsberatung as hb
from kennzahlen.demo import demo_laden
from kennzahlen.models import Handlungsfeld, Haushaltsbetrag, Produkt, Ziel, ZielProdukt


@pytest.fixture
def demo(fabrik_beide):
    """The demo city in a fresh database (SQLite and PostgreSQL)."""
    demo_laden(fabrik_beide)
    return fabrik_beide


def _roh(fabrik, codes: list[str], jahr: int, betragsart: str, version: str = "beschluss") -> float:
    """Zuschussbedarf straight from Haushaltsbetrag: −Σ betrag of these products (and everything below them)."""
    with fabrik() as s:
        alle = {c: i for c, i in s.execute(select(Produkt.code, Produkt.id))}
        ids = [i for c, i in alle.items() if any(c.startswith(p) for p in codes)]
        summe = s.scalar(select(func.sum(Haushaltsbetrag.betrag)).where(
            Haushaltsbetrag.produkt_id.in_(ids), Haushaltsbetrag.jahr == jahr, Haushaltsbetrag.periodenart == "jahr",
            Haushaltsbetrag.betragsart == betragsart, Haushaltsbetrag.version == version))
    return -float(summe)


def test_hb001_produktbereich_gleich_rohsummen(demo):
    """Every cell of Produktbereich 06 (rows = its Produktgruppen) equals the raw sum of the budget lines, the
    Entwurf included; the total row and the whole budget too."""
    b = hb.beratungstabelle(demo, "produktbereich", "06", 2027, True)
    assert list(b.zeilen["code"]) == ["0601", "0602", "0603", "0604", "0605", "0606", "0607"]
    z = b.zeilen.set_index("code")
    erwartet = {"ergebnis_n2": (2024, "ergebnis", "beschluss"), "ergebnis_n1": (2025, "ergebnis", "beschluss"),
                "ansatz": (2026, "ansatz", "beschluss"),
                "fortgeschrieben": (2026, "fortgeschriebener_ansatz", "beschluss"),
                "prognose": (2026, "prognose", "beschluss"), "entwurf": (2027, "ansatz", "entwurf")}
    for spalte, (jahr, art, version) in erwartet.items():
        for gruppe in ("0601", "0605"):
            assert z.at[gruppe, spalte] == pytest.approx(_roh(demo, [gruppe], jahr, art, version), abs=0.01), spalte
        assert b.summe[spalte] == pytest.approx(_roh(demo, ["06"], jahr, art, version), abs=0.01)
        assert b.gesamt[spalte] == pytest.approx(_roh(demo, [""], jahr, art, version), abs=0.01)
    assert z.at["0605", "veraenderung_euro"] == pytest.approx(z.at["0605", "entwurf"] - z.at["0605", "ansatz"])
    assert z.at["0605", "veraenderung_prozent"] == pytest.approx(
        z.at["0605", "veraenderung_euro"] / z.at["0605", "ansatz"])
    assert b.bezug == "entwurf" and b.jahr_n == 2026


def test_hb002_ohne_entwurfsrecht_keine_entwurfszahl(demo):
    """Without draft rights the Entwurf is not read: no column, no total, no what-if on it, and no number of the
    draft anywhere in the result."""
    mit = hb.beratungstabelle(demo, "produktbereich", "06", 2027, True)
    ohne = hb.beratungstabelle(demo, "produktbereich", "06", 2027, False)
    assert "entwurf" not in ohne.zeilen and "veraenderung_euro" not in ohne.zeilen
    assert "entwurf" not in ohne.summe and "entwurf" not in ohne.gesamt and "entwurf" not in ohne.produkte
    assert [s.schluessel for s in ohne.spalten] == ["ergebnis_n2", "ergebnis_n1", "ansatz", "fortgeschrieben",
                                                    "prognose"]
    assert ohne.bezug == "ansatz"
    entwurfszahlen = {round(v) for v in mit.zeilen["entwurf"]} | {round(v) for v in mit.produkte["entwurf"]}
    text = ohne.zeilen.to_csv() + ohne.produkte.to_csv() + repr(ohne.summe) + repr(ohne.gesamt)
    assert not any(str(z) in text for z in entwurfszahlen)
    assert ohne.zeilen.set_index("code").at["0605", "je_einwohner"] == pytest.approx(
        ohne.zeilen.set_index("code").at["0605", "ansatz"] / ohne.einwohner.anzahl)


def test_hb003_handlungsfeld_gewichtet_mit_zielanteilen(demo):
    """In a Handlungsfeld each product counts with the sum of its shares to the field's goals (at most 1), as the
    cockpit weights it; the total is the weighted sum."""
    with demo() as s:
        hf_id = s.scalar(select(Handlungsfeld.id).where(Handlungsfeld.code == "HF6"))
        anteile = pd.DataFrame(s.execute(
            select(Produkt.code, func.sum(ZielProdukt.anteil).label("anteil"))
            .join(ZielProdukt, ZielProdukt.produkt_id == Produkt.id).join(Ziel, Ziel.id == ZielProdukt.ziel_id)
            .where(Ziel.handlungsfeld_id == hf_id).group_by(Produkt.code)).all(), columns=["code", "anteil"])
    anteile["anteil"] = anteile["anteil"].astype(float).clip(upper=1.0)
    assert (anteile["anteil"] < 1).any(), "the demo field needs a product with a partial share"
    b = hb.beratungstabelle(demo, "handlungsfeld", "HF6", 2027, True)
    z = b.zeilen.set_index("code")
    assert set(z.index) == set(anteile["code"])
    summe = 0.0
    for code, anteil in zip(anteile["code"], anteile["anteil"], strict=True):
        roh = _roh(demo, [code], 2026, "ansatz")
        assert z.at[code, "anteil"] == pytest.approx(anteil)
        assert z.at[code, "ansatz"] == pytest.approx(roh * anteil, abs=0.01)
        summe += roh * anteil
    assert b.summe["ansatz"] == pytest.approx(summe, abs=0.05)
    teil = b.produkte.set_index("code")
    code = anteile.loc[anteile["anteil"] < 1, "code"].iloc[0]
    assert teil.at[code, "ansatz"] == pytest.approx(_roh(demo, [code], 2026, "ansatz"), abs=0.01)  # unweighted
    assert b.zielgruppe == hb.AELTERE and set(z["zielgruppe"]) == {hb.AELTERE.name}


def test_hb004_zielgruppen_und_einwohner(demo):
    """The one mapping: Jugend/Familie → under 21, Senioren → 65+, Arbeit → 15–64, else everyone; population of
    the group from the age bands, a straddling band split by its years, an open band never split."""
    assert hb.zielgruppe("Jugend und Familie") == hb.JUNGE_MENSCHEN
    assert hb.zielgruppe("Senioren und Pflege") == hb.AELTERE
    assert hb.zielgruppe("Arbeit und Grundsicherung") == hb.ERWERBSALTER
    assert hb.zielgruppe("Wohnen") == hb.GESAMT == hb.zielgruppe(None)
    baender = pd.DataFrame({"jahr": [2012] * 4, "alter_von": [0, 18, 25, 75], "alter_bis": [17, 24, 74, None],
                            "anzahl": [100.0, 70.0, 500.0, 80.0]})
    assert hb.einwohner(baender, 2015).anzahl == 750 and hb.einwohner(baender, 2015).jahr == 2012
    unter21 = hb.einwohner(baender, 2015, hb.JUNGE_MENSCHEN)
    assert unter21.anzahl == pytest.approx(100 + 70 * 3 / 7) and unter21.anteilig
    ab65 = hb.einwohner(baender, 2015, hb.AELTERE)
    assert ab65.anzahl == pytest.approx(80 + 500 * 10 / 50)
    assert math.isnan(hb.einwohner(baender, 2015, hb.ERWERBSALTER).anzahl) is False
    offen = pd.DataFrame({"jahr": [2012, 2012], "alter_von": [0, 60], "alter_bis": [59, None],
                          "anzahl": [10.0, 5.0]})
    assert math.isnan(hb.einwohner(offen, 2012, hb.AELTERE).anzahl)
    assert math.isnan(hb.einwohner(baender, 2011).anzahl)
    # the demo: under-21 population of 2026 equals the raw sum of its bands 0 … 20
    b = hb.beratungstabelle(demo, "produktgruppe", "0605", 2027, True)
    roh = hb.bevoelkerung(demo)
    roh = roh[(roh["jahr"] == 2026) & (roh["alter_bis"].notna()) & (roh["alter_bis"] <= 20)]["anzahl"].sum()
    assert b.zielgruppe == hb.JUNGE_MENSCHEN and b.zielgruppe_einwohner.anzahl == roh


def test_hb005_was_waere_wenn_von_hand_gerechnet(demo):
    """−5 % and −250.000 € on 060503 in Produktgruppe 0605: each consequence checked by hand, also a rise."""
    b = hb.beratungstabelle(demo, "produktgruppe", "0605", 2027, True)
    alt = _roh(demo, ["060503"], 2027, "ansatz", "entwurf")
    p = b.produkte.set_index("code").loc["060503"]
    w = hb.was_waere_wenn(b, "060503", aenderung_prozent=-5)
    assert w.spalte == "entwurf" and w.betrag_alt == pytest.approx(alt)
    assert w.aenderung == pytest.approx(-0.05 * alt) and w.betrag_neu == pytest.approx(0.95 * alt)
    assert w.je_einwohner_neu == pytest.approx(0.95 * alt / b.einwohner.anzahl)
    assert w.je_zielgruppe_neu == pytest.approx(0.95 * alt / b.zielgruppe_einwohner.anzahl)
    assert p["fallzahl"] > 0 and w.je_fall_alt == pytest.approx(alt / p["fallzahl"])
    assert w.je_fall_neu == pytest.approx(0.95 * alt / p["fallzahl"])
    knoten = _roh(demo, ["0605"], 2027, "ansatz", "entwurf")
    assert w.knoten_alt == pytest.approx(knoten, abs=0.01) and w.knoten_neu == pytest.approx(knoten - 0.05 * alt)
    assert w.anteil_alt == pytest.approx(alt / knoten)
    assert w.anteil_neu == pytest.approx(0.95 * alt / (knoten - 0.05 * alt))
    gesamt = _roh(demo, [""], 2027, "ansatz", "entwurf")
    assert w.gesamt_neu == pytest.approx(gesamt - 0.05 * alt, abs=0.05)
    assert w.gesamt_veraenderung == pytest.approx(-0.05 * alt / gesamt)
    euro = hb.was_waere_wenn(b, "060503", aenderung_euro=-250_000)
    assert euro.betrag_neu == pytest.approx(alt - 250_000) and euro.knoten_neu == pytest.approx(knoten - 250_000)
    mehr = hb.was_waere_wenn(b, "060503", aenderung_euro=1_000_000)
    assert mehr.gesamt_neu - mehr.gesamt_alt == pytest.approx(1_000_000)
    ohne = hb.beratungstabelle(demo, "produktgruppe", "0605", 2027, False)
    assert hb.was_waere_wenn(ohne, "060503", aenderung_prozent=10).betrag_alt == pytest.approx(
        _roh(demo, ["060503"], 2026, "ansatz"))


def test_hb006_was_waere_wenn_im_handlungsfeld_und_fehler(demo):
    """In a field the view's total moves by change × share, the budget's total by the whole change; wrong input
    gives German errors."""
    b = hb.beratungstabelle(demo, "handlungsfeld", "HF6", 2027, True)
    teil = b.produkte[b.produkte["anteil"] < 1].iloc[0]
    w = hb.was_waere_wenn(b, teil["code"], aenderung_euro=-100_000)
    assert w.knoten_neu - w.knoten_alt == pytest.approx(-100_000 * teil["anteil"])
    assert w.gesamt_neu - w.gesamt_alt == pytest.approx(-100_000)
    with pytest.raises(ValueError, match="genau eine"):
        hb.was_waere_wenn(b, teil["code"])
    with pytest.raises(ValueError, match="gehört nicht"):
        hb.was_waere_wenn(b, "999999", aenderung_euro=1)
    assert hb.aenderung_lesen("-5 %") == (None, -5.0)
    assert hb.aenderung_lesen("-250.000") == (-250_000.0, None)
    assert hb.aenderung_lesen("1.234,5") == (1234.5, None)
    with pytest.raises(ValueError, match="erwartet"):
        hb.aenderung_lesen("viel")


def test_hb007_status_trend_und_standardjahr(demo):
    """Default draft year from adopted amounts only; the goals' worst status and the Kennzahl trend of 0605 (the
    Heimerziehung story: more cases, goals missed)."""
    assert hb.standardjahr(demo) == 2027
    b = hb.beratungstabelle(demo, "produktbereich", "06", 2027, False)
    z = b.zeilen.set_index("code")
    assert z.at["0605", "ziele"] == "Z5.1, Z5.2" and z.at["0605", "status_code"] == "rot"
    assert z.at["0605", "kennzahlen_schlechter"] > z.at["0605", "kennzahlen_besser"]
    assert "Ziel-Kennzahlen" in z.at["0605", "trend"]
    assert z.at["0603", "ziele_anzahl"] == 0 and z.at["0603", "status_code"] == "keine_bewertung"
    assert hb.beratungstabelle(demo, "produkt", "nicht-da", 2027, True) is None
    einzeln = hb.beratungstabelle(demo, "produkt", "060503", 2027, True)
    assert list(einzeln.zeilen["code"]) == ["060503"]
