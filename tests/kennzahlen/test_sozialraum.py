"""District ranking (level, change over a span, gap to the city) and the district profile."""

import math

import pandas as pd
import pytest

from kennzahlen import sozialraum as so
from kennzahlen.db import engine_erstellen, sessionfabrik, transaktion
from kennzahlen.demo import GESCHICHTE_KINDERARMUT
from kennzahlen.models import Kennzahl, Kennzahlwert, Kommentar, Sozialraum
from kennzahlen.perioden import Periode

Q3_2026 = Periode(2026, "quartal", 3)


def _werte(zeilen: list[tuple], unterdrueckt: set[tuple] = frozenset()) -> pd.DataFrame:
    """(code or None, jahr, wert) as Ist of Q3 → the frame ``abfragen.kennzahl.werte`` returns."""
    df = pd.DataFrame([{"jahr": j, "periodenart": "quartal", "periode": 3, "sozialraum_code": c, "wertart": "ist",
                        "wert": float(w), "status": "endgueltig", "unterdrueckt": (c, j) in unterdrueckt}
                       for c, j, w in zeilen])
    df.loc[df["unterdrueckt"], "wert"] = math.nan
    return df


def test_sr001_veraenderung_in_prozentpunkten_und_prozent():
    """pp is the difference of levels, % the change relative to the start; ranks: 1 = highest / rises most."""
    w = _werte([(None, 2023, 20), (None, 2026, 22), ("A", 2023, 10), ("A", 2026, 15), ("B", 2023, 40),
                ("B", 2026, 44), ("C", 2023, 30), ("C", 2026, 27)])
    pp = so.rangliste(w, Q3_2026, 3, "pp").set_index("code")
    assert pp.loc["A", "veraenderung"] == pytest.approx(5) and pp.loc["B", "veraenderung"] == pytest.approx(4)
    assert pp.loc["C", "veraenderung"] == pytest.approx(-3)
    assert pp.loc["A", "rang_veraenderung"] == 1 and pp.loc["B", "rang_stand"] == 1
    assert pp.loc["C", "abstand_stadt"] == pytest.approx(5) and pp.loc["A", "stadt_veraenderung"] == pytest.approx(2)
    pr = so.rangliste(w, Q3_2026, 3, "prozent").set_index("code")
    assert pr.loc["A", "veraenderung"] == pytest.approx(50) and pr.loc["B", "veraenderung"] == pytest.approx(10)
    assert pr.loc["C", "veraenderung"] == pytest.approx(-10)
    assert pr.loc["A", "stadt_veraenderung"] == pytest.approx(10)
    kurz = so.rangliste(w, Q3_2026, 1, "pp")
    assert kurz["veraenderung"].isna().all() and set(kurz["hinweis"]) == {"kein Anfangswert"}
    with pytest.raises(ValueError):
        so.rangliste(w, Q3_2026, 3, "absolut")


def test_sr002_unterdrueckte_werte_bleiben_verborgen_und_zaehlen_nicht():
    """A suppressed value now or at the start gives no change and no rank, with the reason; a flagged value that
    still carries a number is not used either."""
    w = _werte([(None, 2023, 100), (None, 2026, 110), ("A", 2023, 50), ("A", 2026, 60), ("B", 2023, 2),
                ("B", 2026, 40), ("C", 2023, 48), ("C", 2026, 1)], unterdrueckt={("B", 2023), ("C", 2026)})
    w.loc[(w["sozialraum_code"] == "B") & (w["jahr"] == 2023), "wert"] = 2.0  # flagged, value left by mistake
    r = so.rangliste(w, Q3_2026, 3, "pp").set_index("code")
    assert math.isnan(r.loc["B", "veraenderung"]) and r.loc["B", "hinweis"].startswith("Anfangswert unterdrückt")
    assert r.loc["B", "stand"] == 40 and math.isnan(r.loc["B", "stand_anfang"])
    assert math.isnan(r.loc["C", "stand"]) and math.isnan(r.loc["C", "veraenderung"])
    assert r.loc["C", "hinweis"] == so.UNTERDRUECKT_TEXT and bool(r.loc["C", "unterdrueckt"])
    assert math.isnan(r.loc["C", "rang_stand"]) and math.isnan(r.loc["C", "rang_veraenderung"])
    assert r.loc["A", "rang_veraenderung"] == 1 and int(r.loc["A", "anzahl_veraenderung"]) == 1
    assert int(r.loc["A", "anzahl_stand"]) == 2 and so.rangtext(r.loc["A", "rang_stand"], 2) == "1 von 2"


def _anlegen(fabrik):
    """Bezirk B1 with Sozialräume 101 Altstadt, 103 Hafenviertel, 104 Nordstadt; a rate and a count."""
    with transaktion(fabrik) as s:
        b1 = Sozialraum(code="B1", name="Stadtbezirk Mitte", ebene="bezirk")
        s.add(b1)
        s.flush()
        raeume = {c: Sozialraum(code=c, name=n, ebene="sozialraum", parent_id=b1.id)
                  for c, n in (("101", "Altstadt"), ("103", "Hafenviertel"), ("104", "Nordstadt"))}
        s.add_all(raeume.values())
        quote = Kennzahl(code="K1", name="Kinderarmut", einheit="%", frequenz="quartal", typ="kontext",
                         richtung="niedriger_besser", raumebene="sozialraum")
        anzahl = Kennzahl(code="K2", name="Hilfen", einheit="Fälle", frequenz="quartal", typ="output",
                          richtung="hoeher_besser", raumebene="sozialraum", fallzahl=True, nachkommastellen=0)
        stadtweit = Kennzahl(code="K3", name="Nur Stadt", einheit="%", frequenz="quartal", typ="kontext",
                             richtung="hoeher_besser")
        s.add_all([quote, anzahl, stadtweit])
        s.flush()
        daten = {quote: {None: (20, 22), "101": (15, 15), "103": (30, 38), "104": (18, 17)},
                 anzahl: {None: (60, 60), "101": (30, 20), "103": (2, 20), "104": (28, 20)}}
        for k, je_raum in daten.items():
            for code, (anfang, jetzt) in je_raum.items():
                for jahr, wert in ((2023, anfang), (2026, jetzt)):
                    s.add(Kennzahlwert(kennzahl_id=k.id, jahr=jahr, periodenart="quartal", periode=3, wertart="ist",
                                       wert=wert, sozialraum_id=raeume[code].id if code else None))
        s.add(Kommentar(kennzahl_id=quote.id, jahr=2026, periodenart="quartal", periode=3, art="hinweis",
                        text="Im Hafenviertel steigt die Quote.", autor="test"))
        s.add(Kommentar(kennzahl_id=quote.id, jahr=2026, periodenart="quartal", periode=3, art="hinweis",
                        text="Die Altstadt bleibt stabil.", autor="test"))


def test_sr003_profil_gegen_stadt_und_andere_sozialraeume(fabrik_beide):
    """Every district-level Kennzahl with level, change, rank "1 von 3"; the small start count of 103 is
    suppressed and gives no change; only comments naming the district; parent and children; unknown → None."""
    _anlegen(fabrik_beide)
    p = so.profil(fabrik_beide, "103", Q3_2026, 3)
    assert (p.name, p.ebene, p.eltern["code"], p.kinder) == ("Hafenviertel", "sozialraum", "B1", [])
    df = p.kennzahlen.set_index("kennzahl_code")
    assert list(df.index) == ["K1", "K2"]
    assert df.loc["K1", "art"] == "pp" and df.loc["K1", "veraenderung"] == pytest.approx(8)
    assert df.loc["K1", "rang_text"] == "1 von 3" and df.loc["K1", "rang_veraenderung_text"] == "1 von 3"
    assert df.loc["K1", "abstand_stadt"] == pytest.approx(16)
    assert df.loc["K2", "art"] == "prozent" and math.isnan(df.loc["K2", "veraenderung"])
    assert "unterdrückt" in df.loc["K2", "hinweis"]
    assert list(p.kommentare["text"]) == ["Im Hafenviertel steigt die Quote."]
    bezirk = so.profil(fabrik_beide, "B1", Q3_2026, 3)
    assert bezirk.ebene == "bezirk" and [k["code"] for k in bezirk.kinder] == ["101", "103", "104"]
    assert bezirk.eltern is None and set(bezirk.kennzahlen["hinweis"]) == {"kein Wert"}
    assert so.profil(fabrik_beide, "999", Q3_2026) is None


def test_sr004_demo_hafenviertel_steigt_am_staerksten(demo_einstellungen):
    """On Musterstadt the Hafenviertel is first by level and by rise in child poverty (in Prozentpunkten)."""
    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    try:
        p = so.profil(sessionfabrik(engine), GESCHICHTE_KINDERARMUT["sozialraum"], Q3_2026, 3)
    finally:
        engine.dispose()
    zeile = p.kennzahlen.set_index("kennzahl_code").loc[GESCHICHTE_KINDERARMUT["kennzahl"]]
    assert zeile["rang_veraenderung_text"].startswith("1 von ") and zeile["rang_text"].startswith("1 von ")
    assert zeile["veraenderung"] > 2 and zeile["art"] == "pp"
    assert any("Hafenviertel" in t for t in p.kommentare["text"])
