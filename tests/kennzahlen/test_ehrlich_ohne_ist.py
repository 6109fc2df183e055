"""Honest when data is missing (#15): money without Ist stays "no data", never 0 € or −100 %."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kennzahlen import cockpit as c


def _stamm():
    zp = pd.DataFrame(dict(ziel_id=[1, 2], produkt_id=[1, 2], anteil=[1.0, 0.5]))
    ziele = pd.DataFrame(dict(id=[1, 2], handlungsfeld_id=[10, 20]))
    return zp, ziele


def test_ehr001_ohne_ist_bleibt_ist_und_prognose_leer():
    """Products with an Ansatz but no Ist and no Prognose: the field's Ist and deviation are NaN, not 0 / −100 %."""
    zp, ziele = _stamm()
    zuschuss = pd.DataFrame(dict(produkt_id=[1, 2], ansatz=[100.0, 50.0], prognose=[math.nan] * 2,
                                 ist_bis=[math.nan] * 2))
    geld = c.geld_je_handlungsfeld(zuschuss, zp, ziele).set_index("handlungsfeld_id")
    assert geld.loc[10, "ansatz"] == pytest.approx(100.0)
    assert geld[["ist_bis", "prognose", "abweichung", "abweichung_anteil"]].isna().all().all()
    je_ziel = c.geld_je_ziel(zuschuss, zp).set_index("ziel_id")
    assert je_ziel.loc[2, "ansatz"] == pytest.approx(25.0) and je_ziel["ist_bis"].isna().all()


def test_ehr002_teilweise_ist_summiert_nur_vorhandene():
    """One product with Ist, one without: the sum is the delivered part (the missing one is not a 0 that hides)."""
    zp = pd.DataFrame(dict(ziel_id=[1, 1], produkt_id=[1, 2], anteil=[1.0, 1.0]))
    ziele = pd.DataFrame(dict(id=[1], handlungsfeld_id=[10]))
    zuschuss = pd.DataFrame(dict(produkt_id=[1, 2], ansatz=[100.0, 50.0], prognose=[120.0, math.nan],
                                 ist_bis=[60.0, math.nan]))
    geld = c.geld_je_handlungsfeld(zuschuss, zp, ziele).set_index("handlungsfeld_id")
    assert geld.loc[10, "ist_bis"] == pytest.approx(60.0) and geld.loc[10, "prognose"] == pytest.approx(120.0)
