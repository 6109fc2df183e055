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


@pytest.fixture
def mit_jahreskennzahl(demo_einstellungen):
    """The demo city plus a yearly Kennzahl K900 (Ist 2023–2025, Zielwerte 2023–2027) measuring goal Z1."""
    from kennzahlen.importe import importieren

    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    fabrik = sessionfabrik(engine)
    importieren(fabrik, "k.csv", ("Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;Nachkommastellen\n"
                                  "K900;Schulabschlüsse ohne Abschluss;Anzahl;jahr;wirkung;niedriger_besser;0\n")
                .encode(), "test")
    werte = "Kennzahl;Jahr;Wertart;Wert\n" + "".join(
        f"K900;{j};ist;{w}\n" for j, w in ((2023, 2), (2024, 1), (2025, 2))) + "".join(
        f"K900;{j};zielwert;{w}\n" for j, w in ((2023, 2), (2024, 2), (2025, 1), (2026, 1), (2027, 0)))
    importieren(fabrik, "w.csv", werte.encode(), "test")
    importieren(fabrik, "zk.csv", b"Ziel;Kennzahl;Gewicht\nZ1;K900;1\n", "test")
    engine.dispose()
    return create_app(demo_einstellungen).server.test_client()


def _zahlen(werte) -> list[float]:
    """A trace's values, also when Plotly sent them as a typed array ({"dtype", "bdata"})."""
    import base64

    import numpy as np

    if isinstance(werte, dict):
        return np.frombuffer(base64.b64decode(werte["bdata"]), dtype=werte["dtype"]).tolist()
    return list(werte)


def test_ehr014_jahreskennzahl_je_jahr_mit_planwerten(mit_jahreskennzahl):
    """A yearly Kennzahl: the 2024 value is drawn within 2024, its Zielwerte are drawn (also for plan years),
    the status strip names years (no Q1–Q4), and whole-number ticks cannot repeat (0 1 1 2 2)."""
    import json

    from dashboard.seiten import kennzahl as kennzahlseite

    baum = json.loads(seite(mit_jahreskennzahl, "/kennzahl/K900", SUCHE))
    fig = knoten(baum, kennzahlseite.IDs.ZEITREIHE)["props"]["figure"]
    ist = next(t for t in fig["data"] if t.get("name") in ("Ist", "Ist Gesamtstadt"))
    punkte = dict(zip(ist["x"], _zahlen(ist["y"]), strict=True))
    assert punkte["2024-07-01"] == 1 and all(x.endswith("-07-01") for x in ist["x"])
    ziel = next(t for t in fig["data"] if t.get("name") == "Zielwert")
    assert dict(zip(ziel["x"], _zahlen(ziel["y"]), strict=True))["2026-07-01"] == 1  # plan year without Ist
    assert fig["layout"]["xaxis"]["ticklabelmode"] == "period"
    assert "~f" in fig["layout"]["yaxis"]["tickformat"] and fig["layout"]["yaxis"]["tickformat"] != ",.0~f"
    streifen = json.dumps(knoten(baum, kennzahlseite.IDs.STATUSVERLAUF), ensure_ascii=False)
    assert "2025" in streifen and "Q1" not in streifen and "Q4" not in streifen
