"""Money into goals (Sankey links), cost per case and trends: pure calculations on small frames."""

import math
from collections import defaultdict
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as s

from kennzahlen import geldfluss as gf
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)


def _produkte(*zeilen):
    """(code, betrag, gruppe, bereich) → the frame ``geldfluss`` expects."""
    return pd.DataFrame(
        [dict(produkt_id=i, code=c, name=f"Produkt {c}", betrag=b, produktgruppe_code=g, produktgruppe_name=f"G {g}",
              produktbereich_code=bb, produktbereich_name=f"B {bb}") for i, (c, b, g, bb) in enumerate(zeilen, 1)]
    )


def _anteile(*zeilen):
    """(produkt_id, ziel_code, anteil, im_feld)."""
    return pd.DataFrame([dict(produkt_id=p, ziel_code=z, ziel_name=f"Ziel {z}", anteil=a, im_feld=f)
                         for p, z, a, f in zeilen],
                        columns=["produkt_id", "ziel_code", "ziel_name", "anteil", "im_feld"])


def _summen(fluss: gf.Geldfluss) -> tuple[dict, dict]:
    ein, aus = defaultdict(Decimal), defaultdict(Decimal)
    for k in fluss.kanten.itertuples(index=False):
        aus[k.quelle] += k.betrag
        ein[k.ziel] += k.betrag
    return ein, aus


def test_gf001_betragsart_aus_url():
    """ansatz/ist/prognose are accepted (case and blanks ignored); anything else gives a German hint."""
    assert gf.betragsart_pruefen(None) == ("ansatz", None)
    assert gf.betragsart_pruefen(" Prognose ") == ("prognose", None)
    art, hinweis = gf.betragsart_pruefen("<script>")
    assert art == "ansatz" and "„<script>“ ist keine gültige Betragsart" in hinweis


def test_gf002_betrag_waehlen():
    """Ist is the Ist to the cut-off date, or the Ergebnis of a closed year at its last period."""
    ist = gf.betrag_waehlen("ist", Q3, ergebnis_vorhanden=False)
    assert (ist.spalte, ist.bezeichnung, ist.vergleich_bezeichnung) == ("ist_bis", "Ist bis Q3 2026", "Ist bis Q3 2025")
    assert ist.unterjaehrig and ist.jahresbetrag(750.0) == pytest.approx(1000.0)
    ergebnis = gf.betrag_waehlen("ist", Periode(2025, "quartal", 4), ergebnis_vorhanden=True)
    assert (ergebnis.spalte, ergebnis.bezeichnung, ergebnis.vergleich_spalte) == ("ergebnis", "Ergebnis 2025",
                                                                                 "ergebnis_vorjahr")
    prognose = gf.betrag_waehlen("prognose", Q3, False)
    assert prognose.vergleich_bezeichnung == "Ergebnis 2025" and not prognose.unterjaehrig
    assert gf.betrag_waehlen("ansatz", Q3, False).vergleich_spalte == "ansatz_vorjahr"
    with pytest.raises(ValueError):
        gf.betrag_waehlen("planung", Q3, False)


def test_gf003_exakte_aufteilung_mit_rest_und_anderen_feldern():
    """A product splits exactly by its shares; the rest goes to "keinem Ziel zugeordnet", shares in other
    fields to one node; the Produktbereich carries the whole amount."""
    produkte = _produkte(("060503", 33_182_280.0, "0605", "06"), ("060402", 2_952_560.0, "0604", "06"))
    anteile = _anteile((1, "Z5.1", 0.5, True), (1, "Z5.2", 0.5, True), (2, "Z5.3", 0.3, True),
                       (2, "Z3.3", 0.2, False))
    fluss = gf.geldfluss(produkte, anteile)
    kanten = fluss.kanten.set_index(["quelle", "ziel"])["betrag"]
    assert kanten[("produkt:060503", "ziel:Z5.1")] == Decimal("16591140.0")
    assert kanten[("produkt:060402", "ziel:Z5.3")] == Decimal("885768.0")
    assert kanten[("produkt:060402", "andere_felder")] == Decimal("590512.0")
    assert kanten[("produkt:060402", "kein_ziel")] == Decimal("1476280.0")
    assert ("produkt:060503", "kein_ziel") not in kanten.index  # fully attributed: no empty rest link
    assert fluss.summe == Decimal("36134840.0")
    knoten = fluss.knoten.set_index("schluessel")
    assert knoten.at["kein_ziel", "name"] == "keinem Ziel zugeordnet"
    assert list(fluss.knoten["art"]) == ["produktbereich", "produkt", "produkt", "ziel", "ziel", "ziel",
                                         "andere_felder", "kein_ziel"]
    assert fluss.hinweise == []


def test_gf004_ueberschuss_fehlender_betrag_und_anteile_ueber_eins():
    """Products with a surplus or no amount are named, not drawn; shares above 100 % are scaled down."""
    produkte = _produkte(("1", 100.0, "G", "B"), ("2", -50.0, "G", "B"), ("3", math.nan, "G", "B"))
    fluss = gf.geldfluss(produkte, _anteile((1, "Z1", 0.75, True), (1, "Z2", 0.5, True)))
    assert len(fluss.hinweise) == 3
    assert "Überschuss" in fluss.hinweise[0] and "kein Betrag" in fluss.hinweise[1]
    assert "125,0 %" in fluss.hinweise[2]
    kanten = fluss.kanten.set_index(["quelle", "ziel"])["betrag"]
    assert kanten[("produkt:1", "ziel:Z1")] == Decimal(60) and kanten[("produkt:1", "ziel:Z2")] == Decimal(40)
    assert fluss.summe == Decimal(100)


def test_gf005_kleine_produkte_je_produktgruppe_zusammengefasst():
    """Beyond the largest products, at least two small ones of one Produktgruppe become one node;
    a single small product of a group stays on its own."""
    produkte = _produkte(("A1", 1000.0, "GA", "B"), ("B1", 10.0, "GB", "B"), ("B2", 5.0, "GB", "B"),
                         ("C1", 4.0, "GC", "B"))
    anteile = _anteile((1, "Z1", 1.0, True), (2, "Z1", 0.5, True), (3, "Z2", 1.0, True), (4, "Z2", 1.0, True))
    fluss = gf.geldfluss(produkte, anteile, hoechstens=1)
    knoten = fluss.knoten.set_index("schluessel")
    assert "rest:GB" in knoten.index and "produkt:B1" not in knoten.index
    assert knoten.at["rest:GB", "anzahl_produkte"] == 2 and knoten.at["rest:GB", "betrag"] == Decimal(15)
    assert "produkt:C1" in knoten.index
    kanten = fluss.kanten.set_index(["quelle", "ziel"])
    assert kanten.at[("rest:GB", "ziel:Z1"), "betrag"] == Decimal(5)
    assert kanten.at[("rest:GB", "kein_ziel"), "betrag"] == Decimal(5)
    ein, aus = _summen(fluss)
    assert ein["rest:GB"] == aus["rest:GB"] == Decimal(15)


def test_gf006_leer():
    """No products: no nodes, no links, sum 0."""
    fluss = gf.geldfluss(_produkte(), _anteile())
    assert fluss.knoten.empty and fluss.kanten.empty and fluss.summe == 0


BETRAG = s.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2).map(float)
ANTEIL_TAUSENDSTEL = s.integers(min_value=1, max_value=1000)


@s.composite
def _feld(draw):
    """Random products (amount, group, area) with shares summing to at most 1, some in other fields."""
    n = draw(s.integers(min_value=1, max_value=12))
    zeilen, anteile = [], []
    for i in range(1, n + 1):
        zeilen.append((f"P{i}", draw(BETRAG), f"G{draw(s.integers(0, 3))}", f"B{draw(s.integers(0, 1))}"))
        rest = 1000
        for z in draw(s.lists(s.sampled_from(["Z1", "Z2", "Z3", "Z4", "Y1"]), max_size=4, unique=True)):
            if rest == 0:
                break
            teil = draw(s.integers(min_value=1, max_value=rest))
            rest -= teil
            anteile.append((i, z, teil / 1000, not z.startswith("Y")))
    return _produkte(*zeilen), _anteile(*anteile)


@settings(max_examples=80, deadline=None)
@given(_feld(), s.one_of(s.none(), s.integers(min_value=0, max_value=12)), s.sampled_from([0.0, 0.05, 0.3]))
def test_gf007_eigenschaft_fluesse_erhalten_betraege(feld, hoechstens, mindestanteil):
    """Per product the outflow to goals (incl. other fields) is exactly amount × sum of its shares and the
    rest is amount × (1 − sum); with or without merging, inflow = outflow at every inner node and the
    sinks receive exactly what the sources send."""
    produkte, anteile = feld
    einzeln = gf.geldfluss(produkte, anteile)
    _, aus_einzeln = _summen(einzeln)
    for p in produkte.itertuples(index=False):
        betrag = Decimal(repr(p.betrag))
        summe_anteile = sum((Decimal(repr(a)) for a in anteile.loc[anteile["produkt_id"] == p.produkt_id, "anteil"]),
                            Decimal(0))
        eigene = einzeln.kanten[einzeln.kanten["quelle"] == f"produkt:{p.code}"]
        an_ziele = sum(eigene.loc[eigene["ziel"] != "kein_ziel", "betrag"], Decimal(0))
        assert an_ziele == betrag * summe_anteile
        assert sum(eigene.loc[eigene["ziel"] == "kein_ziel", "betrag"], Decimal(0)) == betrag * (1 - summe_anteile)
        assert aus_einzeln[f"produkt:{p.code}"] == betrag
        assert (eigene["betrag"] > 0).all()

    for fluss in (einzeln, gf.geldfluss(produkte, anteile, hoechstens, mindestanteil)):
        ein, aus = _summen(fluss)
        for k in fluss.knoten.itertuples(index=False):
            if k.art in ("produkt", "produktgruppe_rest"):
                assert ein[k.schluessel] == aus[k.schluessel] == k.betrag
            elif k.art == "produktbereich":
                assert ein[k.schluessel] == 0 and aus[k.schluessel] == k.betrag
            else:
                assert aus[k.schluessel] == 0 and ein[k.schluessel] == k.betrag
        senken = fluss.knoten[fluss.knoten["art"].isin(["ziel", "andere_felder", "kein_ziel"])]
        assert sum(senken["betrag"], Decimal(0)) == fluss.summe == sum(
            (Decimal(repr(b)) for b in produkte["betrag"]), Decimal(0))


def test_gf008_kosten_je_einheit_und_wirkungsfaelle():
    """Euro per unit only for positive quantities; cases with outcome = Fallzahl × Quote."""
    assert gf.kosten_je_einheit(1000.0, 4) == 250.0
    assert gf.kosten_je_einheit(1000.0, 0) is None and gf.kosten_je_einheit(None, 3) is None
    assert gf.kosten_je_einheit(math.nan, 3) is None
    assert gf.wirkungsfaelle(200, 17.5) == pytest.approx(35.0) and gf.wirkungsfaelle(200, None) is None


def test_gf009_kosten_je_fall_mit_hochrechnung_und_vorjahr():
    """Ist to Q3 is extrapolated to 12 months and divided by the mean Fallzahl of the year to date."""
    betraege = pd.DataFrame(dict(produkt_id=[7], ist_bis=[1_500_000.0], ist_vorjahr_bis=[1_350_000.0]))
    bezug = pd.DataFrame(dict(produkt_id=[7], fallzahl_id=[107], fallzahl_code=["K107"], fallzahl_name=["TN"],
                              fallzahl_einheit=["Personen"], wirkung_id=[108.0], wirkung_code=["K108"],
                              wirkung_name=["Übergänge"]))
    verlauf = pd.DataFrame(dict(
        kennzahl_id=[107] * 7 + [108] * 7,
        jahr=[2025] * 4 + [2026] * 3 + [2025] * 4 + [2026] * 3,
        periode=[1, 2, 3, 4, 1, 2, 3] * 2,
        wert=[100, 100, 100, 300, 90, 100, 110, 20, 20, 20, 20, 25, 25, 25],
    ))
    wahl = gf.betrag_waehlen("ist", Q3, False)
    k = gf.kosten_je_fall(betraege, bezug, verlauf, wahl, Q3).iloc[0]
    assert k["fallzahl"] == 100 and k["jahresbetrag"] == pytest.approx(2_000_000)
    assert k["je_fall"] == pytest.approx(20_000)
    assert k["je_fall_vorjahr"] == pytest.approx(18_000)  # 1,8 Mio. hochgerechnet ÷ 100 (Q1–Q3 2025, not Q4)
    assert k["je_fall_veraenderung"] == pytest.approx(20_000 / 18_000 - 1)
    assert k["wirkungsfaelle"] == pytest.approx(25) and k["je_wirkungsfall"] == pytest.approx(80_000)
    assert k["je_wirkungsfall_vorjahr"] == pytest.approx(90_000)
    leer = gf.kosten_je_fall(betraege, bezug.iloc[0:0], verlauf, wahl, Q3)
    assert leer.empty and "je_fall" in leer.columns


def test_gf010_trend_und_bewertung():
    """Better/worse follows the Richtung; a corridor counts the distance to it; Kontext gets no verdict."""
    assert gf.veraenderung(110, 100) == (10, pytest.approx(0.1)) and gf.veraenderung(5, 0) == (5, None)
    assert gf.veraenderung(None, 3) == (None, None)
    assert gf.trendbewertung(12, 10, "hoeher_besser") == "besser"
    assert gf.trendbewertung(12, 10, "niedriger_besser") == "schlechter"
    assert gf.trendbewertung(50, 70, "zielkorridor", 40, 60) == "besser"
    assert gf.trendbewertung(45, 55, "zielkorridor", 40, 60) == "gleich"
    assert gf.trendbewertung(30, 35, "zielkorridor", 40, 60) == "schlechter"
    assert gf.trendbewertung(30, 35, "zielkorridor") is None and gf.trendbewertung(None, 1, "hoeher_besser") is None
    assert gf.trendtext(51.2, 51.9, "%", 1, "hoeher_besser") == "↓ -0,7\u00a0Pp. (schlechter)"
    assert gf.trendtext(557, 551, "Fälle", 0, "niedriger_besser") == "↑ +1,1\u00a0% (schlechter)"
    assert gf.trendtext(19.8, 19.9, "%", 1, "niedriger_besser", bewerten=False) == "↓ -0,1\u00a0Pp."
    assert gf.trendtext(3, 3, "Tage", 0, "niedriger_besser") == "→ +0,0\u00a0% (unverändert)"
    assert gf.trendtext(None, 3, "%", 1, "hoeher_besser") == "–"


def test_gf011_kennzahltrend():
    """Ist, previous period (across the year boundary) and same period one year earlier."""
    verlauf = pd.DataFrame(dict(kennzahl_id=[1, 1, 1, 2], jahr=[2025, 2026, 2026, 2026], periode=[1, 4, 1, 1],
                                wert=[5.0, 7.0, 8.0, 3.0]))
    verlauf.loc[1, "jahr"] = 2025
    t = gf.kennzahltrend(verlauf, Periode(2026, "quartal", 1), [1, 2, 3]).set_index("kennzahl_id")
    assert t.loc[1].tolist() == [8.0, 7.0, 5.0]
    assert t.loc[2, "ist"] == 3.0 and math.isnan(t.loc[2, "vorjahr"]) and math.isnan(t.loc[3, "ist"])
