"""The Sozialindex page: renders on the demo city and on an imported Flensburg database within the
component budget, names the class words, and refuses the settings form to a Fachbereich."""

from __future__ import annotations

import json

from sqlalchemy import create_engine

from dashboard import create_app
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.settings import Einstellungen
from kennzahlen.sozialindex import indikatoren_speichern
from tests.dashboard.sitzung import anmelden, antworttext, aufruf, knoten, seite, senden
from tests.dashboard.test_komponentenbudget import BUDGET, komponenten
from tests.kennzahlen.importe.test_import_flensburg import flensburg, flensburg_importieren  # noqa: F401

FLENSBURG_INDIKATOREN = {"SA-FBC77FF7": 1.0, "SA-7E6E01C5": 1.0}
"""Flensburg's ready-made shares: SGB II/III/XII recipients aged 15–64 (% of residents), employment rate."""


def test_sx001_seite_auf_der_demo(app):
    """The demo page shows the method, the map with class words, the table and the download links."""
    client = app.server.test_client()
    text = seite(client, "/sozialindex", "?jahr=2026&quartal=3")
    inhalt = json.loads(text)
    assert komponenten(inhalt) <= BUDGET
    assert "Sozialindex 3. Quartal 2026" in text and "z-standardisiert" in text and "sehr niedrig" in text
    karte = knoten(inhalt, "sozialindex-karte")["props"]["figure"]
    namen = [t["name"] for t in karte["data"]]
    assert "4 sehr niedrig" in namen and all("Status" in t["hovertemplate"] or "customdata" in t["hovertemplate"]
                                             for t in karte["data"])
    tabelle = knoten(inhalt, "sozialindex-tabelle")["props"]["rowData"]
    hafen = next(z for z in tabelle if z["code"] == "103")
    assert hafen["status"] == "4 sehr niedrig"
    assert "/download/tabelle/sozialindex.csv" in text
    antwort = client.get("/download/tabelle/sozialindex.csv?jahr=2026&quartal=3")
    assert antwort.status_code == 200 and "Hafenviertel" in antwort.data.decode("utf-8-sig")


def test_sx002_formular_nur_fuer_controlling(anmelde_einstellungen):
    """Controlling sees the form and stores valid weights; bad input gets a German message; a Fachbereich
    neither sees the form nor may post to it."""
    app = create_app(anmelde_einstellungen)
    controlling = anmelden(app, "controlling")
    assert knoten(json.loads(seite(controlling, "/sozialindex")), "sozialindex-indikatoren") is not None
    falsch = senden(controlling, aufruf(app, "sozialindex-speichern", {"sozialindex-indikatoren": "K101=0; X1"}))
    assert "„X1“ hat nicht die Form Code=Gewicht" in antworttext(falsch)
    falsch = senden(controlling, aufruf(app, "sozialindex-speichern", {"sozialindex-indikatoren": "K101=0"}))
    assert "Gewicht von K101: „0“ ist ungültig" in antworttext(falsch)
    gut = senden(controlling, aufruf(app, "sozialindex-speichern", {"sozialindex-indikatoren": "K101=2; K511=1"}))
    assert "Gespeichert: K101=2; K511=1" in antworttext(gut)
    fach = anmelden(app, "jugendamt")
    assert knoten(json.loads(seite(fach, "/sozialindex")), "sozialindex-indikatoren") is None
    verboten = senden(fach, aufruf(app, "sozialindex-speichern", {"sozialindex-indikatoren": "K101=1"}))
    assert verboten.status_code in (401, 403)
    engine = create_engine(anmelde_einstellungen.datenbank_url)
    with engine.connect() as c:
        assert json.loads(c.exec_driver_sql("SELECT wert FROM einstellung WHERE schluessel = "
                                            "'sozialindex_indikatoren'").scalar()) == {"K101": 2.0, "K511": 1.0}
    engine.dispose()


def test_sx003_seite_auf_flensburg(tmp_path, flensburg):  # noqa: F811
    """On an imported Flensburg database the page rates the 13 Stadtteile with Flensburg's own shares."""
    url = f"sqlite:///{tmp_path / 'flensburg.sqlite'}"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    flensburg_importieren(fabrik, flensburg)
    with fabrik() as s, s.begin():
        indikatoren_speichern(s, FLENSBURG_INDIKATOREN)
    engine.dispose()
    app = create_app(Einstellungen(database_url=url, datenverzeichnis=tmp_path, anmeldung="aus"))
    text = seite(app.server.test_client(), "/sozialindex", "?jahr=2022&spanne=1")
    inhalt = json.loads(text)
    assert komponenten(inhalt) <= BUDGET
    zeilen = knoten(inhalt, "sozialindex-tabelle")["props"]["rowData"]
    assert len(zeilen) == 13 and all(z["status"] != "nicht bewertbar" for z in zeilen)
    assert "Sozialindex 2022" in text and "Altstadt" in text
