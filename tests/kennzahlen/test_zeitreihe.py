"""Time series, status per period, values per Sozialraum and Zuschussbedarf per year on hand-made frames."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as s

from kennzahlen import zeitreihe as zr
from kennzahlen.cockpit import Bewertungsregeln, kennzahlen_bewerten
from kennzahlen.perioden import Periode

Q = "quartal"


def _werte(zeilen: list[tuple]) -> pd.DataFrame:
    """Rows (jahr, periodenart, periode, sozialraum_code, wertart, wert[, status])."""
    voll = [(*z, "endgueltig") if len(z) == 6 else z for z in zeilen]
    return pd.DataFrame(voll, columns=["jahr", "periodenart", "periode", "sozialraum_code", "wertart", "wert",
                                       "status"]).astype({"wert": float})


STECKBRIEF = {"typ": "wirkung", "richtung": "hoeher_besser", "korridor_unten": math.nan, "korridor_oben": math.nan}


def test_zr001_reihe_mit_ziel_des_jahres_und_ausgangswert():
    """Each period gets its year's target, the earliest baseline, the year's Vergleichswert and Prognose."""
    w = _werte([
        (2025, Q, 3, None, "ist", 20.0), (2025, Q, 4, None, "ist", 21.0), (2026, Q, 1, None, "ist", 22.0, "vorlaeufig"),
        (2025, "jahr", 1, None, "zielwert", 21.0), (2026, "jahr", 1, None, "zielwert", 24.0),
        (2026, Q, 1, None, "zielwert", 23.0),  # a period's own target wins over the year's
        (2019, "jahr", 1, None, "ausgangswert", 18.0), (2021, "jahr", 1, None, "ausgangswert", 30.0),
        (2025, "jahr", 1, None, "vergleichswert", 19.5), (2026, "jahr", 1, None, "prognose", 23.5),
    ])
    r = zr.zeitreihe(w, Q)
    assert list(r["kurz"]) == ["Q3 2025", "Q4 2025", "Q1 2026"]
    assert list(r["zielwert"]) == [21.0, 21.0, 23.0]
    assert set(r["ausgangswert"]) == {18.0}
    assert list(r["vergleichswert"][:2]) == [19.5, 19.5] and math.isnan(r["vergleichswert"].iloc[2])
    assert r["prognose"].iloc[2] == 23.5 and r["ist_status"].iloc[2] == "vorlaeufig"
    assert r["ende"].iloc[0].isoformat() == "2025-09-30"


def test_zr002_luecken_und_fehlende_lieferung_bis_zur_neuesten_periode():
    """Gaps stay as rows without Ist; with ``bis`` the series runs on to the newest period and flags the miss."""
    w = _werte([(2025, Q, 3, None, "ist", 20.0), (2026, Q, 1, None, "ist", 22.0),
                (2026, "jahr", 1, None, "zielwert", 21.0)])
    r = zr.reihe_bewerten(zr.zeitreihe(w, Q, bis=Periode(2026, Q, 2)), STECKBRIEF)
    assert list(r["kurz"]) == ["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026"]
    assert math.isnan(r["ist"].iloc[1])
    assert list(r["status_code"]) == ["keine_bewertung", "keine_bewertung", "gruen", "keine_bewertung"]
    assert list(r["nicht_geliefert"]) == [False, True, False, True]


def test_zr003_status_je_periode_wie_im_cockpit():
    """Every period's status equals what the cockpit computes for that Kennzahl and period."""
    w = _werte([(2026, Q, n, None, "ist", v) for n, v in ((1, 10.0), (2, 9.0), (3, 7.0))]
               + [(2026, "jahr", 1, None, "zielwert", 10.0), (2019, "jahr", 1, None, "ausgangswert", 6.0)])
    regeln = Bewertungsregeln(skala="fuenfstufig")
    r = zr.reihe_bewerten(zr.zeitreihe(w, Q), STECKBRIEF, regeln)
    for _, zeile in r.iterrows():
        cockpit = kennzahlen_bewerten(
            pd.DataFrame([{"id": 1, **STECKBRIEF}]),
            pd.DataFrame([{"kennzahl_id": 1, "ist": zeile["ist"], "ist_status": "endgueltig",
                           "zielwert": zeile["zielwert"], "ausgangswert": zeile["ausgangswert"],
                           "vorperiode": math.nan}]),
            regeln,
        ).iloc[0]
        assert zeile["status_code"] == cockpit["status_code"]
        assert zeile["grad"] == cockpit["grad"]
    assert r["grad"].iloc[0] == pytest.approx(1.0) and r["grad"].iloc[2] == pytest.approx(0.25)


def test_zr004_kontext_nie_bewertet_und_korridor():
    """A Kontext-Kennzahl is never rated, even with a target; a corridor is rated without a Zielwert."""
    w = _werte([(2026, Q, 1, None, "ist", 50.0), (2026, Q, 2, None, "ist", 70.0),
                (2026, "jahr", 1, None, "zielwert", 50.0)])
    kontext = zr.reihe_bewerten(zr.zeitreihe(w, Q), {**STECKBRIEF, "typ": "kontext"})
    assert set(kontext["status_code"]) == {"keine_bewertung"} and all(g is None for g in kontext["grad"])
    ohne_ziel = w[w["wertart"] == "ist"]
    korridor = zr.reihe_bewerten(zr.zeitreihe(ohne_ziel, Q), {"typ": "output", "richtung": "zielkorridor",
                                                              "korridor_unten": 40.0, "korridor_oben": 60.0})
    assert list(korridor["grad"]) == [1.0, pytest.approx(0.5)]


def test_zr005_sozialraum_bekommt_kein_stadtziel():
    """A district series takes only the district's own values: the city target is not applied to it."""
    w = _werte([(2026, Q, 1, None, "ist", 20.0), (2026, Q, 1, "103", "ist", 40.0), (2026, Q, 1, "104", "ist", 30.0),
                (2026, "jahr", 1, None, "zielwert", 19.0)])
    raum = zr.reihe_bewerten(zr.zeitreihe(w, Q, "103"), STECKBRIEF)
    assert list(raum["ist"]) == [40.0] and math.isnan(raum["zielwert"].iloc[0])
    assert raum["status_code"].iloc[0] == "keine_bewertung"
    assert list(zr.zeitreihe(w, Q)["ist"]) == [20.0]


def test_zr006_jaehrliche_kennzahl_ergibt_jahresreihe():
    """A Kennzahl with only yearly Ist values gets a yearly series, also for a quarterly report."""
    w = _werte([(2024, "jahr", 1, None, "ist", 5.0), (2025, "jahr", 1, None, "ist", 6.0)])
    r = zr.zeitreihe(w, Q, bis=Periode(2026, Q, 3))
    assert list(r["kurz"]) == ["2024", "2025", "2026"] and set(r["periodenart"]) == {"jahr"}


def test_zr007_leere_reihe():
    """No values at all give an empty frame with the documented columns, also after rating."""
    leer = _werte([])
    r = zr.reihe_bewerten(zr.zeitreihe(leer, Q), STECKBRIEF)
    assert r.empty and set(zr.REIHENSPALTEN) <= set(r.columns) and "status_code" in r


SOZIALRAEUME = pd.DataFrame({"code": ["101", "102", "103"], "name": ["A", "B", "C"], "bezirk_code": ["B1"] * 3,
                             "bezirk_name": ["Mitte"] * 3, "geometrie": [None] * 3})


def test_zr008_werte_je_sozialraum_mit_rang_und_abstand():
    """Every district appears; rank 1 is the highest value; the distance is to the city value of that period."""
    w = _werte([(2026, Q, 3, None, "ist", 20.0), (2026, Q, 3, "101", "ist", 10.0), (2026, Q, 3, "103", "ist", 40.0),
                (2026, Q, 2, "102", "ist", 99.0)])
    df = zr.werte_je_sozialraum(w, SOZIALRAEUME, Periode(2026, Q, 3), fallzahl=False).set_index("code")
    assert df.loc["103", "rang"] == 1 and df.loc["101", "rang"] == 2 and math.isnan(df.loc["102", "wert"])
    assert df.loc["103", "abstand_stadt"] == 20.0 and df.loc["101", "stadtwert"] == 20.0


def test_zr009_kleine_fallzahlen_unterdrueckt():
    """Counts of 1 and 2 never leave the calculation, nor the count that would give them away; 0 and rates stay."""
    w = _werte([(2026, Q, 3, "101", "ist", 2.0), (2026, Q, 3, "102", "ist", 0.0), (2026, Q, 3, "103", "ist", 3.0)])
    faelle = zr.werte_je_sozialraum(w, SOZIALRAEUME, Periode(2026, Q, 3), fallzahl=True).set_index("code")
    assert math.isnan(faelle.loc["101", "wert"]) and bool(faelle.loc["101", "unterdrueckt"])
    assert faelle.loc["102", "wert"] == 0.0 and math.isnan(faelle.loc["103", "wert"])
    quote = zr.werte_je_sozialraum(w, SOZIALRAEUME, Periode(2026, Q, 3), fallzahl=False).set_index("code")
    assert quote.loc["101", "wert"] == 2.0 and not quote["unterdrueckt"].any()


# ---------------------------------------------------------------------------------------------------
# Produkt hierarchy and Zuschussbedarf
# ---------------------------------------------------------------------------------------------------

HIERARCHIE = pd.DataFrame({
    "id": [1, 2, 3, 4, 5],
    "code": ["06", "0605", "060501", "060503", "0601"],
    "name": ["Jugend", "HzE", "ambulant", "Heim", "Kita"],
    "ebene": ["produktbereich", "produktgruppe", "produkt", "produkt", "produktgruppe"],
    "parent_id": [math.nan, 1, 2, 2, 1],
    "aufgabenart": [None, None, "pflicht", "pflicht", None],
})


def _betraege(zeilen: list[tuple]) -> pd.DataFrame:
    """Rows (produkt_id, jahr, periodenart, periode, betragsart, betrag) signed as stored."""
    return pd.DataFrame(zeilen, columns=["produkt_id", "jahr", "periodenart", "periode", "betragsart", "betrag"])


def test_zr010_hierarchie_auf_und_ab():
    """Descendants include the node; ancestors come top first."""
    assert sorted(zr.nachfahren(HIERARCHIE, 1)) == [1, 2, 3, 4, 5]
    assert sorted(zr.nachfahren(HIERARCHIE, 2)) == [2, 3, 4]
    assert list(zr.vorfahren(HIERARCHIE, 4)["code"]) == ["06", "0605"]
    assert zr.vorfahren(HIERARCHIE, 1).empty


def test_zr011_zuschussbedarf_je_jahr_und_art():
    """Zuschussbedarf is −sum; the in-year Ist counts periods up to the cut-off, each year the same."""
    b = _betraege([
        (3, 2025, "jahr", 1, "ergebnis", -100.0), (3, 2025, "jahr", 1, "ergebnis", 10.0),  # two plan lines
        (3, 2026, "jahr", 1, "ansatz", -120.0), (3, 2026, "jahr", 1, "prognose", -130.0),
        (3, 2027, "jahr", 1, "planung", -125.0),
        *[(3, 2025, Q, n, "ist_unterjaehrig", -20.0) for n in (1, 2, 3, 4)],
        *[(3, 2026, Q, n, "ist_unterjaehrig", -30.0) for n in (1, 2, 3)],
    ])
    z = zr.zuschussbedarf_je_jahr(b, Periode(2026, Q, 2)).set_index("jahr")
    assert z.loc[2025, "ergebnis"] == 90.0 and z.loc[2026, "ansatz"] == 120.0
    assert z.loc[2025, "ist_bis"] == 40.0 and z.loc[2026, "ist_bis"] == 60.0
    assert z.loc[2027, "planung"] == 125.0 and math.isnan(z.loc[2027, "ist_bis"])
    zahlen = zr.kennzahlen_des_jahres(z.reset_index(), 2026)
    assert zahlen["ergebnis_vorjahr"] == 90.0 and zahlen["ist_vorjahr_bis"] == 40.0 and zahlen["prognose"] == 130.0


def test_zr012_verdichten_summiert_kinder_und_bevorzugt_eigene_betraege():
    """A group sums its products; where the group has its own amounts (Köln), those count, never both."""
    b = _betraege([
        (3, 2026, "jahr", 1, "ansatz", -100.0), (4, 2026, "jahr", 1, "ansatz", -50.0),
        (3, 2025, "jahr", 1, "ergebnis", -90.0),
        (5, 2026, "jahr", 1, "ansatz", -70.0),  # Kita: planned at group level only
        (2, 2025, "jahr", 1, "ergebnis", -200.0),  # HzE 2025 kept at group level
    ])
    hze = zr.zuschussbedarf_je_jahr(zr.verdichten(b, HIERARCHIE, 2), Periode(2026, Q, 3)).set_index("jahr")
    assert hze.loc[2026, "ansatz"] == 150.0
    assert hze.loc[2025, "ergebnis"] == 200.0
    bereich = zr.zuschussbedarf_je_jahr(zr.verdichten(b, HIERARCHIE, 1), Periode(2026, Q, 3)).set_index("jahr")
    assert bereich.loc[2026, "ansatz"] == 220.0 and bereich.loc[2025, "ergebnis"] == 200.0
    kinder = zr.zuschussbedarf_der_kinder(b, HIERARCHIE, 1, Periode(2026, Q, 3))
    assert list(kinder["code"]) == ["0601", "0605"] and list(kinder["ansatz"]) == [70.0, 150.0]


def test_zr013_ohne_betraege_und_mit_zyklus():
    """A node without amounts gives an empty year table; a cycle in bad master data does not loop."""
    leer = _betraege([])
    assert zr.zuschussbedarf_je_jahr(zr.verdichten(leer, HIERARCHIE, 5), Periode(2026, Q, 3)).empty
    zyklus = HIERARCHIE.assign(parent_id=[5, 1, 2, 2, 1])
    assert sorted(zr.nachfahren(zyklus, 1)) == [1, 2, 3, 4, 5]
    b = _betraege([(3, 2026, "jahr", 1, "ansatz", -10.0)])
    assert zr.verdichten(b, zyklus, 1)["betrag"].sum() == -10.0


@settings(max_examples=40, deadline=None)
@given(s.lists(s.tuples(s.sampled_from([3, 4, 5]), s.integers(-10_000, 10_000)), min_size=1, max_size=12))
def test_zr014_verdichtung_erhaelt_die_summe(zeilen):
    """Without own amounts on groups, the area's Zuschussbedarf is exactly the sum over all products."""
    b = _betraege([(p, 2026, "jahr", 1, "ansatz", float(betrag)) for p, betrag in zeilen])
    bereich = zr.zuschussbedarf_je_jahr(zr.verdichten(b, HIERARCHIE, 1), Periode(2026, Q, 3))
    assert bereich["ansatz"].iloc[0] == -sum(betrag for _, betrag in zeilen)


def _verdichten_referenz(betraege, hierarchie, produkt_id):
    """The former recursive roll-up (one pandas Series per node), kept as the reference for the level-wise one."""
    kinder = {}
    for kind, eltern in zip(hierarchie["id"], hierarchie["parent_id"], strict=True):
        if not pd.isna(eltern):
            kinder.setdefault(int(eltern), []).append(int(kind))
    schluessel = ["jahr", "periodenart", "periode", "betragsart"]
    summen = betraege.groupby(["produkt_id", *schluessel])["betrag"].sum()
    ergebnis = {}

    def knoten(pid, pfad):
        eigen = summen.xs(pid, level="produkt_id") if pid in set(summen.index.get_level_values(0)) else None
        teile = [t for t in (knoten(k, pfad | {pid}) for k in kinder.get(pid, []) if k not in pfad) if len(t)]
        von_kindern = pd.concat(teile).groupby(level=[0, 1, 2, 3]).sum() if teile else None
        wert = (von_kindern if von_kindern is not None else pd.Series(dtype=float)) if eigen is None else (
            eigen if von_kindern is None else eigen.combine_first(von_kindern))
        ergebnis[pid] = wert
        return wert

    knoten(produkt_id, frozenset())
    return ergebnis


@settings(max_examples=150, deadline=None)
@given(eltern=s.lists(s.integers(0, 12), min_size=1, max_size=14),
       betraege=s.lists(s.tuples(s.integers(1, 15), s.integers(2024, 2025), s.sampled_from(["ansatz", "ergebnis"]),
                                 s.integers(-50, 50)), max_size=40))
def test_zr020_verdichten_ebenenweise_wie_rekursiv(eltern, betraege):
    """The level-wise roll-up gives every node of the subtree exactly what the former recursion gave."""
    ids = list(range(1, len(eltern) + 2))
    hierarchie = pd.DataFrame({"id": ids, "parent_id": [None] + [float((e % (i + 1)) + 1) if e else None
                                                                 for i, e in enumerate(eltern)]})
    b = pd.DataFrame([(p, j, "jahr", 1, a, float(w)) for p, j, a, w in betraege if p in ids],
                     columns=["produkt_id", "jahr", "periodenart", "periode", "betragsart", "betrag"])
    for wurzel in ids:
        neu = zr.verdichten_teilbaum(b, hierarchie, wurzel)
        alt = _verdichten_referenz(b, hierarchie, wurzel)
        assert set(neu) == set(alt)
        for pid, wert in alt.items():
            erwartet = {k: v for k, v in wert.items()} if len(wert) else {}
            gefunden = {tuple(z[:4]): z[4] for z in neu[pid].itertuples(index=False)}
            assert gefunden == pytest.approx(erwartet), (wurzel, pid)
