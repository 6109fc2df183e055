"""The municipality settings page: Administration sets name, key and inhabitants; others get 403; KGSt defaults."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from dashboard import _rahmen, create_app
from dashboard.seiten import kommune
from kennzahlen import abfragen, zugang
from kennzahlen.db import aktualisieren, engine_erstellen
from kennzahlen.models import Auditeintrag, Handlungsfeld, Kommune
from tests.dashboard.sitzung import anmelden, antworttext, aufruf, seite, senden

ANDERE = ("leitung", "controlling", "jugendamt", "sozialamt")


def _werte(name="Stadt Köln", schluessel="05315000", einwohner="1.084.831") -> dict:
    return {kommune.IDs.NAME: name, kommune.IDs.SCHLUESSEL: schluessel, kommune.IDs.EINWOHNER: einwohner}


def _lesen(url: str, modell, *spalten):
    engine = create_engine(url)
    with Session(engine) as s:
        ergebnis = s.execute(select(*(getattr(modell, sp) for sp in spalten))).all()
    engine.dispose()
    return ergebnis


def test_kom001_admin_setzt_kommune_kopf_zeigt_namen(anmelde_einstellungen):
    """Administration saves name, key and inhabitants; the header shows the name; the change is audited."""
    app = create_app(anmelde_einstellungen)
    admin = anmelden(app, "admin")
    assert "Kommune einrichten" in seite(admin, kommune.PFAD)
    antwort = senden(admin, aufruf(app, kommune.IDs.SPEICHERN, _werte()))
    assert antwort.status_code == 200 and "Gespeichert: Stadt Köln" in antworttext(antwort)
    url = anmelde_einstellungen.datenbank_url
    assert _lesen(url, Kommune, "name", "gemeindeschluessel", "einwohner") == [("Stadt Köln", "05315000", 1084831)]
    (aktion,) = _lesen(url, Auditeintrag, "benutzer", "aktion", "details")[-1:]
    assert aktion[:2] == ("admin", "kommune_geaendert") and "Stadt Köln" in aktion[2]
    kontext = app.server.extensions["wirkungscockpit"]
    assert "Stadt Köln" in str(_rahmen(abfragen.kommunenname(kontext.fabrik)).to_plotly_json())
    assert "1.084.831" in seite(admin, kommune.PFAD)  # the form shows the stored values in German format


@pytest.mark.parametrize("werte, teil", [
    (_werte(name=""), "Name"), (_werte(schluessel="5315"), "Gemeindeschlüssel"), (_werte(einwohner="-3"), "Einwohner"),
])
def test_kom002_falsche_angaben_deutsch_gemeldet_nichts_geschrieben(anmelde_einstellungen, werte, teil):
    """A wrong field is named in German and nothing is stored."""
    app = create_app(anmelde_einstellungen)
    url = anmelde_einstellungen.datenbank_url
    vorher = _lesen(url, Kommune, "name", "gemeindeschluessel", "einwohner")
    antwort = senden(anmelden(app, "admin"), aufruf(app, kommune.IDs.SPEICHERN, werte))
    assert antwort.status_code == 200 and teil in antworttext(antwort) and "danger" in antworttext(antwort)
    assert _lesen(url, Kommune, "name", "gemeindeschluessel", "einwohner") == vorher


def test_kom003_ohne_recht_403_fuer_beide_schreibaktionen(anmelde_einstellungen):
    """Every role except Administration gets 403 on both write callbacks and on the page; nothing changes."""
    app = create_app(anmelde_einstellungen)
    url = anmelde_einstellungen.datenbank_url
    vorher = (_lesen(url, Kommune, "name", "einwohner"), _lesen(url, Handlungsfeld, "code"))
    for login in ANDERE:
        client = anmelden(app, login)
        for ausloeser, werte in ((kommune.IDs.SPEICHERN, _werte()), (kommune.IDs.KGST, {})):
            assert senden(client, aufruf(app, ausloeser, werte)).status_code == 403, (login, ausloeser)
        assert "Kommune einrichten" not in seite(client, kommune.PFAD)
    assert (_lesen(url, Kommune, "name", "einwohner"), _lesen(url, Handlungsfeld, "code")) == vorher


def test_kom004_kgst_vorgaben_nur_ohne_handlungsfelder(anmelde_einstellungen, tmp_path):
    """In the demo city the KGSt button refuses (nothing overwritten); in an empty database it creates them."""
    app = create_app(anmelde_einstellungen)
    antwort = senden(anmelden(app, "admin"), aufruf(app, kommune.IDs.KGST))
    assert "nichts überschrieben" in antworttext(antwort)

    url = f"sqlite:///{tmp_path / 'leer.sqlite'}"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    with Session(engine) as s, s.begin():
        zugang.demo_benutzer_anlegen(s)
    leer = create_app(dataclasses.replace(anmelde_einstellungen, database_url=url))
    admin = anmelden(leer, "admin")
    assert "übernommen werden" in seite(admin, kommune.PFAD)
    antwort = senden(admin, aufruf(leer, kommune.IDs.KGST))
    assert "8 Handlungsfelder der KGSt angelegt" in antworttext(antwort)
    with Session(engine) as s:
        assert s.scalar(select(func.count(Handlungsfeld.id))) == 8
    engine.dispose()
