"""Cockpit calculations on small hand-made frames."""

import math

import pandas as pd
import pytest

from kennzahlen import cockpit as c


def _steckbrief(**ueber):
    zeilen = [
        dict(id=1, code="K1", name="SGB II-Quote", einheit="%", typ="wirkung", richtung="niedriger_besser",
             korridor_unten=math.nan, korridor_oben=math.nan, handlungsfeld_id=10, nachkommastellen=1),
        dict(id=2, code="K2", name="Arbeitslosenquote", einheit="%", typ="kontext", richtung="niedriger_besser",
             korridor_unten=math.nan, korridor_oben=math.nan, handlungsfeld_id=10, nachkommastellen=1),
        dict(id=3, code="K3", name="Betreuungsquote U3", einheit="%", typ="output", richtung="zielkorridor",
             korridor_unten=40.0, korridor_oben=60.0, handlungsfeld_id=20, nachkommastellen=1),
    ]
    return pd.DataFrame(zeilen)


def _werte():
    return pd.DataFrame(
        dict(kennzahl_id=[1, 2, 3], ist=[10.0, 7.0, math.nan], ist_status=["endgueltig"] * 3,
             zielwert=[8.0, 6.0, math.nan], ausgangswert=[math.nan] * 3, vorperiode=[9.5, 7.1, 45.0])
    )


def test_cp001_kontext_nie_bewertet_und_fehlendes_ist_erkannt():
    """Kontext-Kennzahlen get 'keine Bewertung'; an Ist missing after a delivered one is flagged."""
    b = c.kennzahlen_bewerten(_steckbrief(), _werte()).set_index("code")
    assert b.loc["K2", "grad"] is None and b.loc["K2", "status_code"] == "keine_bewertung"
    assert b.loc["K1", "grad"] == pytest.approx(0.8)
    assert b.loc["K1", "status_text"] == "gefährdet"
    assert bool(b.loc["K3", "nicht_geliefert"]) and not bool(b.loc["K1", "nicht_geliefert"])


def test_cp002_ziel_rollup_schlechteste_und_mittel():
    """A goal takes the worst of its Kennzahlen, or the weighted mean when configured; parents roll up children."""
    bewertung = pd.DataFrame(dict(id=[1, 2, 3], grad=[0.5, 1.0, None]))
    ziele = pd.DataFrame(dict(id=[100, 101], code=["Z1", "Z1.1"], name=["S", "O"], ebene=["strategisch", "operativ"],
                              handlungsfeld_id=[10, 10], parent_id=[None, 100]))
    zk = pd.DataFrame(dict(ziel_id=[101, 101, 101], kennzahl_id=[1, 2, 3], gewicht=[1.0, 3.0, 1.0]))
    schlecht = c.ziele_bewerten(ziele, zk, bewertung, c.Bewertungsregeln(regel="schlechteste")).set_index("id")
    assert schlecht.loc[101, "grad"] == 0.5 and schlecht.loc[100, "grad"] == 0.5
    assert schlecht.loc[101, "anzahl_kennzahlen"] == 3 and schlecht.loc[101, "anzahl_bewertet"] == 2
    mittel = c.ziele_bewerten(ziele, zk, bewertung, c.Bewertungsregeln(regel="gewichtetes_mittel")).set_index("id")
    assert mittel.loc[101, "grad"] == pytest.approx((0.5 + 3.0) / 4)
    hf = c.handlungsfelder_bewerten(pd.DataFrame(dict(id=[10, 20], name=["Arbeit", "Wohnen"])), schlecht.reset_index(),
                                    c.Bewertungsregeln(regel="schlechteste"))
    assert hf.loc[0, "grad"] == 0.5 and hf.loc[1, "grad"] is None and hf.loc[1, "status_text"] == "keine Bewertung"


def test_cp003_geld_nach_beitragsanteil():
    """Money follows the contribution share; shares of one product in one field are capped at 1."""
    zuschuss = pd.DataFrame(dict(produkt_id=[1, 2], ansatz=[100.0, 50.0], prognose=[110.0, 50.0], ist_bis=[80.0, 30.0]))
    zp = pd.DataFrame(dict(ziel_id=[100, 101, 102], produkt_id=[1, 1, 2], anteil=[0.7, 0.6, 0.5]))
    ziele = pd.DataFrame(dict(id=[100, 101, 102], handlungsfeld_id=[10, 10, 20]))
    geld = c.geld_je_handlungsfeld(zuschuss, zp, ziele).set_index("handlungsfeld_id")
    assert geld.loc[10, "ansatz"] == pytest.approx(100.0) and geld.loc[20, "ansatz"] == pytest.approx(25.0)
    assert geld.loc[10, "abweichung_anteil"] == pytest.approx(0.1)
    je_ziel = c.geld_je_ziel(zuschuss, zp).set_index("ziel_id")
    assert je_ziel.loc[101, "prognose"] == pytest.approx(66.0)


def test_cp004_produktabweichungen_nach_betrag_sortiert():
    """Products are ordered by the absolute deviation of Prognose from Ansatz."""
    zuschuss = pd.DataFrame(dict(produkt_id=[1, 2, 3], ansatz=[100.0, 50.0, 10.0], prognose=[90.0, 80.0, math.nan],
                                 ist_bis=[1.0, 2.0, 3.0]))
    produkte = pd.DataFrame(dict(id=[1, 2, 3], code=["050101", "060501", "070101"], name=["a", "b", "c"],
                                 aufgabenart=["pflicht"] * 3))
    df = c.produktabweichungen(zuschuss, produkte)
    assert list(df["code"]) == ["060501", "050101"]


def test_cp005_statuszaehlung_alle_stufen():
    """The count lists every level of the scale, also those with zero."""
    b = c.kennzahlen_bewerten(_steckbrief(), _werte())
    z = c.statuszaehlung(b)
    assert list(z["bezeichnung"]) == ["erreicht", "gefährdet", "nicht erreicht", "keine Bewertung"]
    assert z["anzahl"].sum() == 3
