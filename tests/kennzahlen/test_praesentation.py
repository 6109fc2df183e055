"""The presentation of a Handlungsfeld: slide order and content on the demo city (SQLite and PostgreSQL), and the
pure parts (tree order, Beschlussvorschläge) on small frames."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import text

from kennzahlen import praesentation as pr
from kennzahlen.auswertung import cockpitdaten
from kennzahlen.cockpit import Bewertungsregeln
from kennzahlen.demo import demo_laden
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)
HEUTE = dt.date(2026, 10, 15)


@pytest.fixture
def demo(fabrik_beide):
    """The demo city Musterstadt in a fresh database (SQLite and PostgreSQL)."""
    demo_laden(fabrik_beide)
    return fabrik_beide


def _ist(fabrik, code: str, periode: Periode) -> float:
    with fabrik() as s:
        return float(s.execute(text(
            "SELECT w.wert FROM kennzahlwert w JOIN kennzahl k ON k.id = w.kennzahl_id WHERE k.code = :c "
            "AND w.sozialraum_id IS NULL AND w.wertart = 'ist' AND w.jahr = :j AND w.periodenart = :a "
            "AND w.periode = :p"), {"c": code, "j": periode.jahr, "a": periode.art, "p": periode.nummer}).scalar_one())


def test_pr001_folienreihenfolge_hf5(demo):
    """HF5: field first, then Z5 and its operative goals in code order, open measures last; numbers 1 … 6."""
    p = pr.praesentation(demo, "HF5", Q3, Bewertungsregeln(), HEUTE)
    assert [f.titel for f in p.folien] == [
        "Handlungsfeld Jugend und Familie",
        "Ziel Z5: Kinder und Familien stärken, Kinderarmut begegnen",
        "Ziel Z5.1: Ambulante vor stationären Hilfen zur Erziehung",
        "Ziel Z5.2: Hilfen zur Erziehung wirksam und wirtschaftlich gestalten",
        "Ziel Z5.3: Kinder früh erreichen und wirksam schützen",
        "Offene Maßnahmen und Beschlussvorschläge",
    ]
    assert [f.nummer for f in p.folien] == list(range(1, 7)) and p.anzahl == 6
    assert [f.art for f in p.folien] == ["handlungsfeld", "ziel", "ziel", "ziel", "ziel", "massnahmen"]
    assert p.folie(3).ziel["code"] == "Z5.1"
    for falsch in (0, 7):
        with pytest.raises(IndexError):
            p.folie(falsch)
    assert pr.praesentation(demo, "HF99", Q3, Bewertungsregeln(), HEUTE) is None


def test_pr002_zielfolien_inhalt(demo):
    """Z5.1 shows its own four Kennzahlen with the Ist of the database and its open measure on K501; the
    strategic Z5 shows no Kennzahlen of its own but its three operative goals."""
    p = pr.praesentation(demo, "HF5", Q3, Bewertungsregeln(), HEUTE)
    z51 = p.folie(3)
    assert list(z51.kennzahlen["code"]) == ["K501", "K502", "K503", "K504"]
    for k in z51.kennzahlen.itertuples(index=False):
        assert k.ist == pytest.approx(_ist(demo, k.code, Q3))
    assert set(z51.kennzahlen["status_text"]) <= {"erreicht", "gefährdet", "nicht erreicht", "keine Bewertung"}
    assert list(z51.massnahmen["objekt_code"]) == ["K501"] and bool(z51.massnahmen["offen"].iloc[0])
    assert z51.ziel["status_text"] == "nicht erreicht" and 0 < float(z51.ziel["grad"]) < 1
    z5 = p.folie(2)
    assert z5.kennzahlen.empty and list(z5.unterziele["code"]) == ["Z5.1", "Z5.2", "Z5.3"]
    assert p.folie(4).massnahmen.empty  # Z5.2: the open measure on product 060503 is no goal's or Kennzahl's


def test_pr003_feldfolie_und_schluss(demo):
    """The field's money is the cockpit's (Ansatz, Ist bis Stichtag, Prognose); status counts add up to its 4 goals
    and its steerable Kennzahlen; the last slide lists the field's open measures (also on its products), none of
    other fields."""
    p = pr.praesentation(demo, "HF5", Q3, Bewertungsregeln(), HEUTE)
    cockpit = cockpitdaten(demo, Q3, Bewertungsregeln()).handlungsfelder.set_index("code").loc["HF5"]
    for spalte in ("ansatz", "ist_bis", "prognose"):
        assert p.geld[spalte] == pytest.approx(float(cockpit[spalte])) and p.geld[spalte] > 0
    assert p.stichtag == Q3
    assert int(p.statuszaehlung["ziele"].sum()) == 4
    assert int(p.statuszaehlung["kennzahlen"].sum()) == 12
    assert list(p.statuszaehlung["bezeichnung"]) == ["erreicht", "gefährdet", "nicht erreicht", "keine Bewertung"]
    schluss = p.folien[-1]
    assert set(schluss.massnahmen["objekt_code"]) == {"K501", "060503"}
    assert schluss.massnahmen["offen"].all()
    assert p.beschlussvorschlaege == ()  # Z5.1 below target has its measure; Z5 is covered by its sub-goals


def test_pr004_begruendungen_nur_der_periode(demo):
    """An Abweichungsbegründung of Q3 on Z2.3 stands on Z2.3's slide in Q3; K108's of Q2 stands on Z1.2's slide in
    Q2 only. Goals below target without an open measure become Beschlussvorschläge."""
    p2 = pr.praesentation(demo, "HF2", Q3, Bewertungsregeln(), HEUTE)
    z23 = next(f for f in p2.folien if f.ziel is not None and f.ziel["code"] == "Z2.3")
    assert list(z23.begruendungen["objekt_code"]) == ["Z2.3"]
    assert all(f.begruendungen.empty for f in p2.folien if f is not z23)
    assert any("Z2.2" in v and "keine offene Maßnahme" in v for v in p2.beschlussvorschlaege)
    z12 = lambda p: next(f for f in p.folien if f.ziel is not None and f.ziel["code"] == "Z1.2")  # noqa: E731
    assert z12(pr.praesentation(demo, "HF1", Q3, Bewertungsregeln(), HEUTE)).begruendungen.empty
    q2 = z12(pr.praesentation(demo, "HF1", Periode(2026, "quartal", 2), Bewertungsregeln(), HEUTE))
    assert list(q2.begruendungen["objekt_code"]) == ["K108"]


def test_pr005_zielreihenfolge():
    """Tree order: top goals by code (Z10 after Z9), each followed by its sub-goals depth first; a goal whose
    parent is missing counts as a top goal; a cycle ends instead of looping."""
    ziele = pd.DataFrame({
        "id": [1, 2, 3, 4, 5, 6, 7, 8],
        "code": ["Z10", "Z9", "Z9.2", "Z9.10", "Z9.2.1", "Z10.1", "Z8.1", "ZX"],
        "parent_id": [None, None, 2, 2, 3, 1, 99, 8],
    })
    assert pr.zielreihenfolge(ziele) == [7, 2, 3, 5, 4, 1, 6, 8]
    assert pr.zielreihenfolge(ziele.iloc[0:0]) == []


def _ziele(**grade) -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3], "code": ["Z1", "Z1.1", "Z1.2"], "name": ["Oben", "Links", "Rechts"],
                         "parent_id": [None, 1, 1], "grad": [grade.get("z1"), grade.get("z11"), grade.get("z12")],
                         "status_text": ["gefährdet", "nicht erreicht", "erreicht"]})


def test_pr006_beschlussvorschlaege():
    """A goal without sub-goals below target and without an open measure gets a proposal; a measure on one of its
    Kennzahlen or reaching the target avoids it; a parent goal never gets one; an overdue measure asks for a new
    deadline."""
    keine = pd.DataFrame(columns=["id", "objektart", "objekt_code", "text", "frist", "ueberfaellig"])
    vorschlaege = pr.beschlussvorschlaege(_ziele(z1=0.5, z11=0.4, z12=1.1), {2: ["K1"]}, keine, HEUTE)
    assert len(vorschlaege) == 1 and vorschlaege[0].startswith("Ziel Z1.1 „Links“ ist nicht erreicht")
    assert "40\u00a0%" in vorschlaege[0]
    eine = pd.DataFrame([{"id": 7, "objektart": "kennzahl", "objekt_code": "K1", "text": "Prüfen",
                          "frist": dt.date(2026, 9, 30), "ueberfaellig": True}])
    vorschlaege = pr.beschlussvorschlaege(_ziele(z1=0.5, z11=0.4, z12=1.1), {2: ["K1"]}, eine, HEUTE)
    assert vorschlaege == ("Maßnahme Nr. 7 „Prüfen“ ist seit 30.09.2026 überfällig: neue Frist festlegen oder die "
                           "Maßnahme beenden.",)
    assert pr.beschlussvorschlaege(_ziele(z1=None, z11=None, z12=None), {}, keine, HEUTE) == ()
