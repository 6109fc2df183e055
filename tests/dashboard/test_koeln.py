"""Köln's real budget, districts and population: in through the CLI and the upload page, out in the views."""

import csv
import dataclasses
import json
from pathlib import Path

import pytest

from dashboard import URL_ID, create_app
from kennzahlen.__main__ import main
from kennzahlen.db import aktualisieren, engine_erstellen
from kennzahlen.settings import Einstellungen
from tests.dashboard.grid import gridwerte

KOELN = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "koeln"
HERKUNFT = {"Origin": "http://localhost"}
HAUSHALT = "haushalt/teilergebnisplan_produktgruppen_2010-2015.csv"


@pytest.fixture
def koeln_db(tmp_path, monkeypatch):
    """An SQLite database with Köln imported through the command line."""
    assert KOELN.is_dir(), f"Realdaten fehlen: {KOELN}"
    url = f"sqlite:///{tmp_path / 'koeln.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    dateien = [KOELN / "geo/stadtbezirke.geojson", KOELN / "geo/stadtteile.geojson",
               KOELN / "statistik/bevoelkerung_2005-2012.csv",
               KOELN / "haushalt/teilergebnisplan_produktgruppen_2010-2015_original.csv"]
    assert main(["import", "--neue-stammdaten-anlegen", *map(str, dateien)]) == 0
    return url


def _zuschussbedarf_aus_datei(bereich: str, spalte: str) -> tuple[float, float]:
    """(from the detail lines, from the file's own line 28) of a Produktbereich, straight from the Köln file.

    Köln prints whole euros, so its sum lines may differ from the sum of the detail lines by rounding.
    """
    aufwand = {"11", "12", "13", "14", "15", "16", "20", "24", "27"}  # 27: internal services, net expense
    detail = summe = 0.0
    with open(KOELN / HAUSHALT, encoding="utf-8") as f:
        for z in csv.DictReader(f):
            if z["Produktbereich"] != bereich:
                continue
            nummer, zeichen = z["Teilplanzeile"][:2], z["Teilplanzeile"][3]
            if zeichen == "-":
                detail += float(z[spalte]) * (1 if nummer in aufwand else -1)
            elif nummer == "28":
                summe -= float(z[spalte])
    return detail, summe


def _seite(app, pfad: str, suche: str = "") -> str:
    antwort = app.server.test_client().post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": pfad},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200
    return json.dumps(antwort.get_json(), ensure_ascii=False)


def test_koe001_cockpit_und_produkt_zeigen_koeln(koeln_db):
    """After the CLI import the cockpit lists Köln's Produktbereiche and the Produkt view its Produktgruppe,
    with the amounts of the file."""
    app = create_app(Einstellungen(database_url=koeln_db, anmeldung="aus"))
    cockpit = _seite(app, "/", "?jahr=2015&quartal=4")
    assert "Soziale Hilfen" in cockpit and "Kinder-, Jugend- und Familienhilfe" in cockpit
    detail, summenzeile = _zuschussbedarf_aus_datei("05", "Plan 2015")
    assert float(round(detail)) in gridwerte(cockpit)  # "458.549.093 €" in the browser
    assert abs(detail - summenzeile) <= 7  # 14 Produktgruppen, rounded euros
    produkt = _seite(app, "/produkt/0501", "?jahr=2015&quartal=4")
    assert "Leistungen nach dem" in produkt and "172,2" in produkt  # 0501 Ansatz 2015: 172.219.449 €


def test_koe002_upload_seite_importiert_koeln(tmp_path, hochladen):
    """The upload page previews and then imports the raw Köln budget file into an empty database."""
    url = f"sqlite:///{tmp_path / 'leer.sqlite'}"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    engine.dispose()
    app = create_app(dataclasses.replace(Einstellungen(database_url=url), anmeldung="aus"))
    inhalt = (KOELN / "haushalt/teilergebnisplan_produktgruppen_2010-2015_original.csv").read_bytes()
    seite = hochladen(app, app.server.test_client())
    _, text, speicher = seite.datei("teilergebnisplan.csv", inhalt)
    assert "Vorschau" in text and "12.120 neu" in text
    _, text, _ = seite.bestaetigen(speicher)
    assert "Gespeichert als Import Nr." in text
    assert "Soziale Hilfen" in _seite(app, "/", "?jahr=2015&quartal=4")
