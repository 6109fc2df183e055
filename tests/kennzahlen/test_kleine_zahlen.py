"""Small-number suppression: which Kennzahlen are Fallzahlen, primary and secondary suppression per table
of districts, one suppression per period for map and time series, and the Fallzahl column of the import."""

import io
import math
import zipfile

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as s
from sqlalchemy import select

from kennzahlen import kleine_zahlen as kz
from kennzahlen import zeitreihe as zr
from kennzahlen.importe import export_zip, importieren
from kennzahlen.models import Kennzahl
from kennzahlen.perioden import Periode

Q = "quartal"
MIN = kz.MINDESTFALLZAHL


def _werte(zeilen: list[tuple]) -> pd.DataFrame:
    """Rows (jahr, periodenart, periode, sozialraum_code, wertart, wert) as ``abfragen.kennzahl.werte``."""
    return pd.DataFrame([(*z, "endgueltig") for z in zeilen],
                        columns=["jahr", "periodenart", "periode", "sozialraum_code", "wertart", "wert",
                                 "status"]).astype({"wert": float})


def _raeume(bezirke: dict[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"code": list(bezirke), "name": [f"Raum {c}" for c in bezirke],
                         "bezirk_code": list(bezirke.values()), "bezirk_name": list(bezirke.values()),
                         "geometrie": [None] * len(bezirke)})


def _gruppen(bezirke: list[str | None]) -> list[list[int]]:
    """The groups an attacker can difference: each Bezirk, the cells without Bezirk, and all cells (city)."""
    gruppen: dict[str | None, list[int]] = {}
    for i, b in enumerate(bezirke):
        gruppen.setdefault(b, []).append(i)
    return [*gruppen.values(), list(range(len(bezirke)))] if any(b is not None for b in bezirke) \
        else [list(range(len(bezirke)))]


# ---------------------------------------------------------------------------------------------------
# Which Kennzahlen are Fallzahlen
# ---------------------------------------------------------------------------------------------------


def test_kz001_fallzahl_nach_art_des_werts_nicht_nach_namen_der_einheit():
    """Any count without Nenner is a Fallzahl (also units no list knows, like "Jugendliche"); rates,
    amounts, durations, scores and everything with a Nenner are not."""
    for einheit in ("Jugendliche", "Fälle", "Personen", "Kinder unter 6 Jahren", "Teilnehmende", "Anzahl", "",
                    None, "Bedarfsgemeinschaften", "Plätze"):
        assert kz.ist_fallzahl(einheit, None), einheit
    for einheit in ("%", "‰", "€", "EUR", "TEUR", "Euro je Fall", "je 1.000 EW", "Fälle pro Tag", "Jahre",
                    "Monate", "Tage", "Wochen", "Stunden", "Beratungsstunden", "Index", "Punkte", "km", "m²",
                    "Quote", "Betreuungsquote", "Anteil", "Rate", "Ø Tage", "Indexpunkte"):
        assert not kz.ist_fallzahl(einheit, None), einheit
    assert not kz.ist_fallzahl("Jugendliche", "Einwohner von 14 bis 17 Jahren")
    assert kz.ist_fallzahl("Fälle", "  ") and kz.ist_fallzahl("Fälle", math.nan)


def test_kz002_demostadt_zaehlt_personen_und_faelle(demo_vorlage):
    """In the loaded demo city, counts of Fälle, Personen, Kinder and Haushalte are Fallzahlen; rates,
    amounts and durations are not."""
    from kennzahlen.db import engine_erstellen

    engine = engine_erstellen(f"sqlite:///{demo_vorlage}")
    with engine.connect() as conn:
        zeilen = conn.execute(select(Kennzahl.code, Kennzahl.einheit, Kennzahl.fallzahl)).all()
    engine.dispose()
    assert len(zeilen) > 50
    for code, einheit, fallzahl in zeilen:
        assert fallzahl == (einheit in ("Fälle", "Personen", "Kinder", "Haushalte")), (code, einheit)


# ---------------------------------------------------------------------------------------------------
# One table of districts
# ---------------------------------------------------------------------------------------------------


def test_kz010_primaer_kleine_werte_verschwinden_null_bleibt():
    """1 and 2 are hidden, 0 stays (it identifies nobody), NaN stays NaN and is not flagged."""
    df = pd.DataFrame({"code": list("abcdef"), "wert": [1.0, 2.0, 0.0, 10.0, 20.0, math.nan]})
    aus = kz.unterdruecken(df, "wert", fallzahl=True).set_index("code")
    assert aus.loc["a", "unterdrueckt"] and aus.loc["b", "unterdrueckt"] and math.isnan(aus.loc["a", "wert"])
    assert aus.loc["c", "wert"] == 0.0 and not aus.loc["c", "unterdrueckt"]
    assert math.isnan(aus.loc["f", "wert"]) and not aus.loc["f", "unterdrueckt"]
    assert aus.loc["e", "wert"] == 20.0


def test_kz011_sekundaer_stadt_17_sichtbar_14():
    """The reported case: districts 1, 2, 4, 0, 10 and city 17. Hiding only 1 and 2 leaves 17 − 14 = 3 to
    recompute; the next smallest non-zero count is hidden too, so the hidden sum holds a non-small value."""
    werte = [1.0, 2.0, 4.0, 0.0, 10.0]
    maske = kz.unterdrueckungsmaske(werte)
    assert list(maske) == [True, True, True, False, False]
    sichtbar = sum(w for w, m in zip(werte, maske, strict=True) if not m)
    assert 17 - sichtbar not in (1, 2, 3) and maske.sum() >= 2


def test_kz012_einzelne_kleine_zahl_braucht_partner():
    """One small cell alone would equal city − visible: a second cell is hidden, the smallest non-zero
    one; a partner that would pin the small cell down (1 + 3 = 4) is not enough."""
    assert list(kz.unterdrueckungsmaske([2.0, 7.0, 8.0, 30.0])) == [True, True, False, False]
    assert list(kz.unterdrueckungsmaske([1.0, 3.0, 10.0])) == [True, True, True]
    assert list(kz.unterdrueckungsmaske([1.0, 4.0, 6.0, 9.0])) == [True, True, False, False]


def test_kz013_zwei_ebenen_bezirk_und_stadt():
    """Each Bezirk is a group against its own total: a small cell in one Bezirk takes a partner from the
    same Bezirk even when the city group alone would take a smaller one elsewhere."""
    werte = [2.0, 50.0, 3.0, 4.0, 40.0]
    bezirke = ["B1", "B1", "B2", "B2", "B2"]
    ohne = kz.unterdrueckungsmaske(werte)
    mit = kz.unterdrueckungsmaske(werte, bezirke)
    assert list(ohne) == [True, False, True, False, False]
    assert mit[0] and mit[1]  # B1: 2 and its only partner 50
    for g in _gruppen(bezirke):
        assert mit[g].sum() != 1


def test_kz014_keine_fallzahl_bleibt_unveraendert():
    """Rates and amounts pass unchanged, with unterdrueckt False everywhere."""
    df = pd.DataFrame({"code": ["a", "b"], "wert": [1.5, 2.0], "bezirk": ["B1", "B1"]})
    aus = kz.unterdruecken(df, "wert", fallzahl=False, bezirk="bezirk")
    assert list(aus["wert"]) == [1.5, 2.0] and not aus["unterdrueckt"].any()


def test_kz015_alles_null_oder_leer():
    """No small value: nothing hidden; empty tables work."""
    assert not kz.unterdrueckungsmaske([0.0, 0.0, 5.0, math.nan]).any()
    assert len(kz.unterdrueckungsmaske([])) == 0
    leer = kz.unterdruecken(pd.DataFrame({"wert": []}), "wert", fallzahl=True)
    assert leer.empty and "unterdrueckt" in leer


def _gruppe_rueckrechenbar(werte: np.ndarray, maske: np.ndarray, gruppe: list[int]) -> bool:
    """Whether total − visible of the group gives a hidden small value away (one hidden cell, or a hidden
    sum that only small values can make up), while the group still had cells to hide."""
    da = [i for i in gruppe if not math.isnan(werte[i])]
    versteckt = [i for i in da if maske[i]]
    if not versteckt or len(versteckt) == len(da):  # nothing hidden, or nothing left that could be hidden
        return False
    summe = sum(werte[i] for i in versteckt)
    return len(versteckt) == 1 or summe < MIN or all(werte[i] < MIN for i in versteckt)


@settings(max_examples=400, deadline=None)
@given(s.lists(s.tuples(s.one_of(s.just(math.nan), s.integers(0, 4), s.integers(0, 40)),
                        s.sampled_from([None, "B1", "B2", "B3"])), min_size=1, max_size=14))
def test_kz020_nichts_aus_summen_rueckrechenbar(zellen):
    """Property: every small count is hidden, zeros and missing values only when nothing else is left,
    and in no group (Bezirk, cells without Bezirk, city) can a hidden value be recomputed as total − visible
    or narrowed to one value from the hidden sum and the public bounds (small: 1 … 2, others ≥ 3)."""
    werte = np.array([float(w) for w, _ in zellen])
    bezirke = [b for _, b in zellen]
    maske = kz.unterdrueckungsmaske(werte, bezirke)
    nan = np.isnan(werte)
    assert not (maske & nan).any()
    assert maske[(werte > 0) & (werte < MIN)].all()
    for g in _gruppen(bezirke):
        assert not _gruppe_rueckrechenbar(werte, maske, g), (g, werte[g], maske[g])
        versteckt = [i for i in g if maske[i]]
        offen_nicht_null = [i for i in g if not maske[i] and not nan[i] and werte[i] != 0]
        if versteckt and offen_nicht_null:  # still protectable: no small hidden cell is pinned down
            summe = sum(werte[i] for i in versteckt)
            klein = [i for i in versteckt if 0 < werte[i] < MIN]  # hidden zeros count as known 0
            gross = [i for i in versteckt if werte[i] >= MIN]
            if klein:  # the attacker's largest and smallest value for a small cell, given the others' bounds
                andere_klein = len(klein) - 1
                hoechst = min(MIN - 1, summe - andere_klein - MIN * len(gross))
                niedrigst = max(1, summe - (MIN - 1) * andere_klein - (math.inf if gross else 0))
                assert hoechst - niedrigst >= 1, (g, werte[g], maske[g])


# ---------------------------------------------------------------------------------------------------
# All periods at once: map, ranking and district time series agree
# ---------------------------------------------------------------------------------------------------

RAEUME = _raeume({"101": "B1", "102": "B1", "103": "B1", "104": "B1", "105": "B1"})


def _jugendliche() -> pd.DataFrame:
    return _werte([
        (2026, Q, 3, None, "ist", 17.0), (2026, Q, 3, "101", "ist", 1.0), (2026, Q, 3, "102", "ist", 2.0),
        (2026, Q, 3, "103", "ist", 4.0), (2026, Q, 3, "104", "ist", 0.0), (2026, Q, 3, "105", "ist", 10.0),
        (2026, Q, 2, None, "ist", 27.0), (2026, Q, 2, "101", "ist", 2.0), (2026, Q, 2, "102", "ist", 6.0),
        (2026, Q, 2, "103", "ist", 7.0), (2026, Q, 2, "104", "ist", 3.0), (2026, Q, 2, "105", "ist", 9.0),
        (2026, "jahr", 1, "101", "zielwert", 1.0), (2026, "jahr", 1, None, "zielwert", 20.0),
    ])


def test_kz030_karte_und_zeitreihe_verbergen_dieselben_werte():
    """Suppression runs once per kind and period over all districts: a value hidden in the map of Q3 is
    hidden in that district's time series for Q3; city values stay; non-Fallzahlen stay."""
    geschuetzt = kz.werte_schuetzen(_jugendliche(), RAEUME, fallzahl=True)
    karte = zr.werte_je_sozialraum(geschuetzt, RAEUME, Periode(2026, Q, 3)).set_index("code")
    assert list(karte["unterdrueckt"]) == [True, True, True, False, False]
    assert karte.loc["105", "wert"] == 10.0 and karte.loc["104", "wert"] == 0.0
    assert math.isnan(karte.loc["103", "rang"]) and math.isnan(karte.loc["103", "abstand_stadt"])
    reihe = zr.zeitreihe(geschuetzt, Q, "103").set_index("kurz")
    assert math.isnan(reihe.loc["Q3 2026", "ist"]) and reihe.loc["Q3 2026", "unterdrueckt"]
    assert reihe.loc["Q2 2026", "ist"] == 7.0 and not reihe.loc["Q2 2026", "unterdrueckt"]
    q2 = zr.werte_je_sozialraum(geschuetzt, RAEUME, Periode(2026, Q, 2)).set_index("code")
    assert q2.loc["101", "unterdrueckt"] and q2.loc["104", "unterdrueckt"]  # 2, and 3 as its partner
    stadt = zr.zeitreihe(geschuetzt, Q)
    assert list(stadt["ist"]) == [27.0, 17.0] and not stadt["unterdrueckt"].any()
    ziel = geschuetzt[(geschuetzt["wertart"] == "zielwert") & (geschuetzt["sozialraum_code"] == "101")]
    assert ziel["unterdrueckt"].all() and ziel["wert"].isna().all()  # every kind of value is protected
    offen = kz.werte_schuetzen(_jugendliche(), RAEUME, fallzahl=False)
    assert not offen["unterdrueckt"].any() and offen["wert"].equals(_jugendliche()["wert"])


def test_kz031_kein_urwert_in_irgendeiner_spalte():
    """The protected frames hold no column with the original value."""
    geschuetzt = kz.werte_schuetzen(_jugendliche(), RAEUME, fallzahl=True)
    karte = zr.werte_je_sozialraum(geschuetzt, RAEUME, Periode(2026, Q, 3))
    versteckt = karte[karte["unterdrueckt"]]
    for spalte in karte.columns:
        if pd.api.types.is_numeric_dtype(karte[spalte]) and spalte not in ("stadtwert",):
            assert versteckt[spalte].isna().all() or spalte == "unterdrueckt", spalte


def test_kz032_ohne_vorherigen_schutz_schuetzt_werte_je_sozialraum_selbst():
    """Called on raw values, ``werte_je_sozialraum`` suppresses itself (in doubt: as a Fallzahl)."""
    karte = zr.werte_je_sozialraum(_jugendliche(), RAEUME, Periode(2026, Q, 3))
    assert karte["unterdrueckt"].sum() == 3 and 1.0 not in set(karte["wert"])


# ---------------------------------------------------------------------------------------------------
# Import and export of the Fallzahl column
# ---------------------------------------------------------------------------------------------------

KOPF = "Kennzahl;Name;Einheit;Nenner;Frequenz;Typ;Richtung;Raumebene"


def test_kz040_import_leitet_ab_und_uebernimmt_angabe(fabrik):
    """Without the column the flag is derived; "ja"/"nein" win over the derivation; an empty cell derives;
    the full export writes the column, so a round trip keeps a deliberate "nein"."""
    importieren(fabrik, "kennzahlen.csv", (
        f"{KOPF}\nK1;Jugendliche im Treff;Jugendliche;;quartal;output;hoeher_besser;sozialraum\n"
        "K2;Quote;%;Einwohner;quartal;wirkung;hoeher_besser;sozialraum\n").encode(), "test")
    importieren(fabrik, "kennzahlen2.csv", (
        f"{KOPF};Fallzahl\nK3;Plätze;Plätze;;jahr;input;hoeher_besser;stadt;nein\n"
        "K4;Tage;Tage;;jahr;prozess;niedriger_besser;stadt;ja\n"
        "K5;Kinder;Kinder;;jahr;output;hoeher_besser;stadt;\n").encode(), "test")
    with fabrik() as sitzung:
        flags = dict(sitzung.execute(select(Kennzahl.code, Kennzahl.fallzahl)).all())
    assert flags == {"K1": True, "K2": False, "K3": False, "K4": True, "K5": True}
    with zipfile.ZipFile(io.BytesIO(export_zip(fabrik))) as z:
        name = next(n for n in z.namelist() if "kennzahlen" in n)
        text = z.read(name).decode("utf-8-sig")
    kopf, *zeilen = text.splitlines()
    spalte = kopf.split(";").index("Fallzahl")
    assert {z.split(";")[0]: z.split(";")[spalte] for z in zeilen}["K3"] == "nein"


def test_kz041_migration_leitet_bestehende_kennzahlen_ab(sqlite_url):
    """Upgrading a database of revision 0003 derives the flag for the Kennzahlen already stored."""
    from alembic import command
    from sqlalchemy import text

    from kennzahlen.db import _alembic_config, aktualisieren, engine_erstellen

    engine = engine_erstellen(sqlite_url)
    command.upgrade(_alembic_config(engine), "0003")
    with engine.begin() as conn:
        for code, einheit, nenner in (("K1", "Jugendliche", None), ("K2", "%", "EW"), ("K3", "je 1.000 EW", None)):
            conn.execute(text("INSERT INTO kennzahl (code, name, einheit, nenner, frequenz, typ, richtung, steuerbar, "
                              "raumebene, nachkommastellen) VALUES (:c, :c, :e, :n, 'jahr', 'output', "
                              "'hoeher_besser', true, 'stadt', 1)"), {"c": code, "e": einheit, "n": nenner})
    aktualisieren(engine)
    with engine.connect() as conn:
        flags = dict(conn.execute(text("SELECT code, fallzahl FROM kennzahl")).all())
    assert {c: bool(f) for c, f in flags.items()} == {"K1": True, "K2": False, "K3": False}
    engine.dispose()
