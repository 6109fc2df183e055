"""The social index: hand-made z-scores and classes, suppressed values left out, settings stored and
validated, and Musterstadt's Hafenviertel in the lowest status class."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from kennzahlen import sozialindex as si
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.demo.katalog import SOZIALRAEUME
from kennzahlen.models import Einstellung
from kennzahlen.perioden import Periode


def _rahmen(spalten: dict) -> pd.DataFrame:
    return pd.DataFrame(spalten, index=pd.Index([f"R{i}" for i in range(len(next(iter(spalten.values()))))]))


def test_si001_z_werte_und_klassen_von_hand():
    """z = (x − mean) / population sd; higher-is-better flipped; classes at −1, +1, +1,5 and −1, +1."""
    stand = _rahmen({"A": [1.0, 2.0, 3.0, 4.0, 10.0], "B": [50.0, 40.0, 40.0, 40.0, 30.0]})
    ver = _rahmen({"A": [0.0, 0.0, 0.0, 0.0, 5.0], "B": [0.0, 0.0, 0.0, 0.0, 0.0]})
    erg = si.berechnen(stand, ver, {"A": "niedriger_besser", "B": "hoeher_besser"}, {"A": 1.0, "B": 1.0})
    a = np.array([1, 2, 3, 4, 10.0])
    za = (a - a.mean()) / a.std()
    assert np.allclose(erg["z_A"], za)
    b = np.array([50, 40, 40, 40, 30.0])
    zb = -(b - b.mean()) / b.std()
    assert np.allclose(erg["z_B"], zb)
    roh = (za + zb) / 2
    assert np.allclose(erg["statusindex"], roh)
    assert np.allclose(erg["statusindex_z"], (roh - roh.mean()) / roh.std())
    assert list(erg["statusklasse"])[-1] == 4 and erg["statusklasse_text"].iloc[-1] == "sehr niedrig"
    assert erg["dynamikklasse_text"].iloc[-1] == "negativ" and erg["dynamikklasse_text"].iloc[0] == "stabil"
    assert [si.statusklasse(z) for z in (-1.01, -1.0, 1.0, 1.01, 1.5, 1.51)] == [1, 2, 2, 3, 3, 4]
    assert [si.dynamikklasse(z) for z in (-1.01, -1.0, 1.0, 1.01)] == [1, 2, 2, 3]
    assert si.statusklasse(math.nan) is None


def test_si002_gewichte_und_unterdrueckte_werte():
    """Weights enter the mean; a missing (suppressed) value is left out and the weights renormalised;
    a district with fewer than half of the indicators is „nicht bewertbar“."""
    stand = _rahmen({"A": [1.0, 2.0, 3.0, np.nan], "B": [4.0, 1.0, 2.0, np.nan], "C": [1.0, np.nan, 2.0, 3.0]})
    ver = stand * 0
    erg = si.berechnen(stand, ver, {}, {"A": 3.0, "B": 1.0, "C": 1.0})
    za = (np.array([1, 2, 3.0]) - 2) / np.std([1, 2, 3.0])
    zb_werte = np.array([4, 1, 2.0])
    zb = (zb_werte - zb_werte.mean()) / zb_werte.std()
    assert math.isnan(erg.loc["R1", "z_C"]) and erg.loc["R1", "anzahl_indikatoren"] == 2
    assert erg.loc["R1", "statusindex"] == pytest.approx((3 * za[1] + zb[1]) / 4)
    assert erg.loc["R3", "anzahl_indikatoren"] == 1 and erg.loc["R3", "statusklasse_text"] == "nicht bewertbar"
    assert math.isnan(erg.loc["R3", "statusindex"])


def test_si003_hafenviertel_in_der_niedrigsten_statusklasse(demo_einstellungen):
    """Musterstadt with the default indicators: the Hafenviertel (103) has status „sehr niedrig“."""
    hafen = next(r.code for r in SOZIALRAEUME if r.name == "Hafenviertel")
    fabrik = sessionfabrik(engine_erstellen(demo_einstellungen.datenbank_url))
    with fabrik() as s:
        indikatoren = si.indikatoren_lesen(s)
    assert indikatoren == si.STANDARD_INDIKATOREN
    df = si.sozialindex(fabrik, Periode(2026, "quartal", 3), indikatoren, 3)
    zeile = df[df["code"] == hafen].iloc[0]
    assert zeile["statusklasse"] == 4 and zeile["statusklasse_text"] == "sehr niedrig"
    assert df["statusklasse"].notna().all() and df["statusklasse"].min() == 1
    assert set(df.columns) >= {"z_K101", "z_K104", "z_K511", "dynamikklasse_text", "geometrie"}


def test_si004_einstellung_speichern_und_pruefen(fabrik_beide):
    """Indicators are stored as JSON in Einstellung; unknown codes, city-level Kennzahlen and bad weights
    are refused with German messages naming value and expectation."""
    from kennzahlen.importe import importieren

    importieren(fabrik_beide, "kz.csv", (
        b"Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;Raumebene\n"
        b"R1;Quote;%;jahr;kontext;niedriger_besser;sozialraum\nS1;Stadt;%;jahr;kontext;niedriger_besser;stadt\n"
    ), "test")
    with fabrik_beide() as s, s.begin():
        assert si.indikatoren_speichern(s, {"R1": "1,5"}) == {"R1": 1.5}
    with fabrik_beide() as s:
        assert si.indikatoren_lesen(s) == {"R1": 1.5}
        assert s.scalar(select(Einstellung.wert).where(Einstellung.schluessel == si.SCHLUESSEL)) == '{"R1": 1.5}'
        with pytest.raises(si.SozialindexFehler) as fehler:
            si.indikatoren_pruefen(s, {"X9": 1, "S1": 1, "R1": "null"})
        text = str(fehler.value)
        assert "„X9“ gibt es nicht" in text and "„S1“ hat keine Werte je Sozialraum" in text
        assert "„null“ ist keine Zahl (erwartet z. B. 1 oder 1,5)" in text
        assert si.indikatoren_pruefen(s, {"R1": "1.5"}) == {"R1": 1.5}
        with pytest.raises(si.SozialindexFehler, match="„0“ ist ungültig \\(erwartet: Zahl über 0 bis 100"):
            si.indikatoren_pruefen(s, {"R1": "0"})
        with pytest.raises(si.SozialindexFehler, match="Keine Indikatoren"):
            si.indikatoren_pruefen(s, {})


def test_si005_von_hand_gerechnet():
    """A hand-computed example (mean 5, sd 2 on both indicators; weights 3 : 1; B flipped as higher is better):
    status index per district as on paper, standardised with sd √0,953125, classes from the Berlin limits."""
    stand = _rahmen({"A": [2.0, 4, 4, 4, 5, 5, 7, 9], "B": [9.0, 7, 5, 5, 4, 4, 4, 2]})
    erg = si.berechnen(stand, stand * 0, {"A": "niedriger_besser", "B": "hoeher_besser"}, {"A": 3.0, "B": 1.0})
    assert list(erg["z_A"]) == [-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0]
    assert list(erg["z_B"]) == [-2.0, -1.0, 0.0, 0.0, 0.5, 0.5, 0.5, 1.5]
    assert list(erg["statusindex"]) == [-1.625, -0.625, -0.375, -0.375, 0.125, 0.125, 0.875, 1.875]
    assert erg["statusindex_z"].iloc[0] == pytest.approx(-1.664479, abs=1e-6)
    assert erg["statusindex_z"].iloc[6] == pytest.approx(0.896258, abs=1e-6)
    assert erg["statusindex_z"].iloc[7] == pytest.approx(1.920553, abs=1e-6)
    assert list(erg["statusklasse"]) == [1, 2, 2, 2, 2, 2, 2, 4]
    assert set(erg["dynamikklasse_text"]) == {"stabil"}


@pytest.mark.parametrize(("roh", "gewicht"), [("1.5", 1.5), ("1,5", 1.5), (" 2 ", 2.0), ("0,25", 0.25), (3, 3.0)])
def test_si006_gewicht_mit_komma_oder_punkt(roh, gewicht):
    """„1.5“ is one and a half, as is „1,5“ (never 15); a weight has no thousands separator."""
    assert si.gewicht_lesen(roh) == gewicht


@pytest.mark.parametrize("roh", ["1.000,5", "1,5,0", "1.5.0", "eins", ""])
def test_si007_gewicht_unklar_deutscher_fehler(roh):
    """Both separators, several separators or no number: a German message, no guess."""
    assert isinstance(si.gewicht_lesen(roh), str) and "erwartet" in si.gewicht_lesen(roh)
