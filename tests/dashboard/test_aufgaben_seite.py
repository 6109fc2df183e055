"""Meine Aufgaben as a page: a Fachbereich sees its own open points with links that settle them."""

import json
import re

import pytest

from dashboard import create_app
from dashboard.seiten.aufgaben import IDs
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.sitzung import seite as _seite

Q3 = "?jahr=2026&quartal=3"
MUSTER = r'"id": "handlungsfeld-(HF\d+)"'



@pytest.fixture
def app(anmelde_einstellungen):
    """The app with login enforced."""
    return create_app(anmelde_einstellungen)


def test_aus001_fachbereich_sieht_eigene_punkte(app):
    """Jugendamt: its field named, its unexplained deviations with 'jetzt begründen' links to the form, and the
    counts card; nothing of Arbeit."""
    text_ = _seite(_anmelden(app, "jugendamt"), "/aufgaben", Q3)
    assert "Meine Aufgaben 3. Quartal 2026" in text_ and "Ihr Bereich: Jugend und Familie." in text_
    assert IDs.KARTE in text_ and "Abweichungen ohne Begründung" in text_
    assert "jetzt begründen" in text_ and "/kommentar/kennzahl/K5" in text_
    assert "/kommentar/kennzahl/K1" not in text_  # Arbeit's Kennzahlen are Sozialamt's


def test_aus002_leitung_liest_nur(app):
    """Leitung writes nothing: the page says where the open points are instead of listing none."""
    text_ = _seite(_anmelden(app, "leitung"), "/aufgaben", Q3)
    assert "Ihre Rolle liest nur" in text_ and "jetzt begründen" not in text_


def test_aus003_cockpit_fachbereich_eigenes_zuerst(app):
    """After login the Jugendamt's cockpit starts with its open points and puts Jugend's card first;
    Controlling's cockpit has no such card and the usual order."""
    jugend = json.loads(_seite(_anmelden(app, "jugendamt"), "/", Q3))
    text_ = json.dumps(jugend, ensure_ascii=False)
    assert IDs.KARTE in text_ and "Meine Aufgaben für 3. Quartal 2026" in text_
    assert "Handlungsfelder (Ihre zuerst)" in text_
    karten = re.findall(MUSTER, text_)
    assert karten[0] == "HF5" and len(karten) > 1
    controlling = _seite(_anmelden(app, "controlling"), "/", Q3)
    assert IDs.KARTE not in controlling and "Quartalsarbeit Q3 2026" in controlling
    assert "des Zuschussbedarfs 2026" in controlling and "ist keinem Ziel zugeordnet" in controlling
    assert re.findall(MUSTER, controlling)[0] == "HF1"
