"""The Abweichungsliste: thresholds (euro or per cent), rows, explanations and filters."""

import pandas as pd
import pytest

from kennzahlen import abweichungen as ab
from kennzahlen.db import transaktion
from kennzahlen.demo import demo_laden
from kennzahlen.kommentare import Kommentarentwurf, kommentar_anlegen
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)


def test_ab001_schwellen_oder_verknuepft():
    """±10.000 € or ±5 %: either one suffices; below both does not; a zero Ansatz needs the euro amount."""
    s = ab.Abweichungsschwellen(10_000, 5)
    assert s.erheblich(-10_000, 1_000_000_000)  # the amount alone
    assert s.erheblich(600, 10_000)  # 6 % alone
    assert not s.erheblich(9_999, 1_000_000)  # 1 %, under 10.000 €
    assert not s.erheblich(400, 0) and s.erheblich(10_000, 0)
    assert not s.erheblich(float("nan"), 1_000)
    assert s.text == "±10.000 € oder ±5 %"
    assert ab.Abweichungsschwellen(25_000, 2.5).text == "±25.000 € oder ±2,5 %"


@pytest.mark.parametrize(("text", "zahl"), [("10.000", 10_000), ("2,5", 2.5), ("5 %", 5), ("10.000 €", 10_000),
                                            ("1.234.567,5", 1_234_567.5), ("0", 0)])
def test_ab002_zahlen_deutsch_lesen(text, zahl):
    """Thresholds are typed the German way."""
    assert ab.zahl_lesen(text, "Schwelle") == zahl


@pytest.mark.parametrize("text", ["zehn", "-5", "", "1,2,3"])
def test_ab003_falsche_zahl_nennt_feld(text):
    """A wrong entry names the field and what is expected."""
    with pytest.raises(ValueError, match="Feld „Schwelle in Euro“"):
        ab.zahl_lesen(text, "Schwelle in Euro")


def test_ab004_produktzeilen_fortgeschriebener_ansatz_und_gueltige_prognose():
    """The basis is the fortgeschriebener Ansatz (else the Ansatz); a counting forecast replaces the imported
    one; largest amount first; below both thresholds stays out."""
    zuschuss = pd.DataFrame({
        "produkt_id": [1, 2, 3, 4], "ansatz": [100_000.0, 1_000_000.0, 50_000.0, 80_000.0],
        "fortgeschriebener_ansatz": [120_000.0, None, 50_000.0, None],
        "prognose": [121_000.0, 1_050_000.0, 50_500.0, None], "ist_bis": [0.0] * 4,
    })
    produkte = pd.DataFrame({"id": [1, 2, 3, 4], "code": ["01", "02", "03", "04"], "name": list("ABCD"),
                             "aufgabenart": ["pflicht", "freiwillig", "pflicht", "pflicht"]})
    zeilen = ab.produktzeilen(zuschuss, produkte, ab.Abweichungsschwellen(10_000, 5))
    assert list(zeilen["code"]) == ["02"]  # 01: +1.000 € = 0,8 %; 03: +500 € = 1 %; 04: no forecast
    assert zeilen.loc[0, "soll"] == 1_000_000 and zeilen.loc[0, "status_text"] == "Mehrbedarf"
    gilt = pd.DataFrame({"produkt_id": [1], "prognose": [150_000.0]})
    zeilen = ab.produktzeilen(zuschuss, produkte, ab.Abweichungsschwellen(10_000, 5), gilt)
    assert list(zeilen["code"]) == ["02", "01"] and zeilen.loc[1, "abweichung"] == 30_000


def test_ab005_liste_auf_musterstadt_mit_begruendung_und_filter(fabrik_beide):
    """On the demo: Kennzahlen under target and products beyond the thresholds; writing an explanation marks
    its row explained; the Handlungsfeld and unit filters keep only their rows."""
    demo_laden(fabrik_beide)
    liste = ab.abweichungsliste(fabrik_beide, Q3)
    assert list(liste.columns) == ab.SPALTEN
    kz = liste[liste["objektart"] == "kennzahl"]
    assert len(kz) > 5 and (kz["grad"].astype(float) < 1).all()
    assert list(kz["grad"].astype(float)) == sorted(kz["grad"].astype(float))
    pr = liste[liste["objektart"] == "produkt"]
    assert len(pr) > 5 and list(pr["abweichung"].abs()) == sorted(pr["abweichung"].abs(), reverse=True)
    ziel = kz.iloc[0]
    assert not ziel["begruendet"]
    entwurf = Kommentarentwurf.aus_formular(
        {"art": "kennzahl", "code": ziel["code"], "jahr": 2026, "periodenart": "quartal", "periode": 3},
        "abweichungsbegruendung", "Stichtagseffekt: Meldungen des Jobcenters fehlen.", None, None, None)
    with transaktion(fabrik_beide) as s:
        kommentar_anlegen(s, entwurf, "Test")
    neu = ab.abweichungsliste(fabrik_beide, Q3)
    zeile = neu[(neu["objektart"] == "kennzahl") & (neu["code"] == ziel["code"])].iloc[0]
    assert zeile["begruendet"] and zeile["begruendung"].startswith("Stichtagseffekt")
    assert ab.zusammenfassung(neu)["unbegruendet"] == ab.zusammenfassung(liste)["unbegruendet"] - 1
    hf = int(ziel["handlungsfeld_ids"][0])
    nur_feld = ab.filtern(neu, handlungsfeld_id=hf)
    assert len(nur_feld) < len(neu) and all(hf in ids for ids in nur_feld["handlungsfeld_ids"])
    nur_einheit = ab.filtern(neu, einheit_code="51")
    assert len(nur_einheit) and set(nur_einheit["organisationseinheit"]) == {"Jugendamt"}
    pflicht = ab.filtern(neu, aufgabenart="freiwillig")
    assert set(pflicht["objektart"]) <= {"produkt"}


def test_ab006_schwellen_speichern_und_lesen(fabrik_beide):
    """Controlling's thresholds are stored and change the list: with 1 billion € or 100 % only products whose
    forecast is at least double (or nothing) of the Ansatz remain."""
    demo_laden(fabrik_beide)
    assert ab.schwellen_lesen(fabrik_beide) == ab.Abweichungsschwellen()
    with transaktion(fabrik_beide) as s:
        ab.schwellen_speichern(s, "1.000.000.000", "100")
    assert ab.schwellen_lesen(fabrik_beide) == ab.Abweichungsschwellen(1e9, 100)
    liste = ab.abweichungsliste(fabrik_beide, Q3)
    produkte = liste[liste["objektart"] == "produkt"]
    assert len(produkte) < 3 and (produkte["abweichung_anteil"].abs() >= 1).all()
    with pytest.raises(ValueError, match="höchstens 100"), transaktion(fabrik_beide) as s:
        ab.schwellen_speichern(s, "10.000", "150")
    assert ab.schwellen_lesen(fabrik_beide) == ab.Abweichungsschwellen(1e9, 100)
