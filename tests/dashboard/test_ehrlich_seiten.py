"""Pages on a database with goals, Kennzahlen and budget plans but no Ist (#15: honest when data is missing)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from dashboard import create_app
from dashboard.seiten import cockpit as cockpitseite
from dashboard.seiten import ziel as zielseite
from kennzahlen import datenstand
from kennzahlen.db import engine_erstellen, sessionfabrik, transaktion
from tests.dashboard.sitzung import knoten, seite

SUCHE = "?jahr=2026&periode=2"


@pytest.fixture
def ohne_ist(demo_einstellungen):
    """The demo city without any Ist and Prognose (Kennzahlen and budget): a city that imported its plans only."""
    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    with transaktion(sessionfabrik(engine)) as s:
        s.execute(text("DELETE FROM kennzahlwert WHERE wertart IN ('ist', 'prognose')"))
        s.execute(text("DELETE FROM haushaltsbetrag WHERE betragsart IN ('ergebnis', 'ist_unterjaehrig', 'prognose')"))
        datenstand.erhoehen(s, geaendert={"kennzahlwert", "haushaltsbetrag"})
    engine.dispose()
    return create_app(demo_einstellungen).server.test_client()


def test_ehr010_cockpit_ohne_ist_sagt_keine_ist_daten(ohne_ist):
    """No "Ist 0 €", no "−100,0 %", no "Keine Kennzahl unter Ziel", no Prognose of 0 € in the chart's sentence."""
    antwort = seite(ohne_ist, "/", SUCHE)
    assert "keine Ist-Daten" in antwort
    for falsch in ("Ist 2026 0\u00a0€", "-100,0", "Keine Kennzahl unter Ziel", "die Prognose 0"):
        assert falsch not in antwort, falsch


def test_ehr011_ziel_ohne_ist_ist_ein_satz_keine_leeren_achsen(ohne_ist):
    """A goal without Ist gets a sentence instead of the Kennzahl chart (no dcc.Graph with empty axes)."""
    import json

    baum = json.loads(seite(ohne_ist, "/ziel/Z1", SUCHE))
    assert knoten(baum, zielseite.IDs.KENNZAHLVERLAUF) is None
    satz = knoten(baum, f"{zielseite.IDs.KENNZAHLVERLAUF}-leer")
    assert satz is not None and "Keine Ist-Daten" in satz["props"]["children"]


def test_ehr012_leere_abweichungsliste_nur_mit_bewertung_gute_nachricht():
    """An empty deviation list says "unter Ziel" only when Kennzahlen were rated."""
    unbewertet = pd.DataFrame({"grad": [None, None]}, dtype=object)
    bewertet = pd.DataFrame({"grad": [1.02, None]}, dtype=object)
    assert "Keine Kennzahl bewertet" in cockpitseite.ohne_abweichung_text(unbewertet)
    assert cockpitseite.ohne_abweichung_text(bewertet) == "Keine Kennzahl unter Ziel (1 bewertet)."


def test_ehr013_geldsatz_nennt_fehlende_prognose():
    """The chart's sentence names a missing Prognose and a year without Ansatz instead of summing NaN to 0 €."""
    hf = pd.DataFrame({"name": ["Arbeit", "Wohnen"], "ansatz": [2e6, 1e6], "prognose": [float("nan")] * 2})
    assert "keine Ist-Daten" in cockpitseite.geldsatz(hf) and "Arbeit" in cockpitseite.geldsatz(hf)
    assert cockpitseite.geldsatz(hf.assign(ansatz=float("nan"))) == "Keine Ansätze für dieses Jahr."
