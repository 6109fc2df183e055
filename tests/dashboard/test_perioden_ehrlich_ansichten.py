"""Honest periods in the views: a period without Ist says so, Ist and Vorjahr cover the same months."""

import datetime as dt
import json

from dashboard import URL_ID
from dashboard.auswahl import IDs as AuswahlIDs
from dashboard.auswahl import auswahlleiste, ohne_ist_hinweis, periodenoptionen
from dashboard.seiten.cockpit import IDs
from dashboard.seiten.produkt import IDs as ProduktIDs
from kennzahlen.perioden import Periode

HERKUNFT = {"Origin": "http://localhost"}
Q = "quartal"
HEUTE = dt.date(2026, 12, 7)
VERFUEGBAR = [Periode(2025, Q, n) for n in range(1, 5)] + [Periode(2026, Q, n) for n in (1, 2, 3)]


def _seite(client, pfad: str, suche: str = "") -> dict:
    body = {"output": "seite.children", "outputs": {"id": "seite", "property": "children"},
            "inputs": [{"id": URL_ID, "property": "pathname", "value": pfad},
                       {"id": URL_ID, "property": "search", "value": suche}],
            "changedPropIds": [f"{URL_ID}.pathname"], "state": []}
    antwort = client.post("/_dash-update-component", json=body, headers=HERKUNFT)
    assert antwort.status_code == 200, antwort.data[:800]
    return antwort.get_json()["response"]["seite"]["children"]


def _kinder(knoten) -> list:
    if isinstance(knoten, list):
        return knoten
    if isinstance(knoten, dict):
        props = knoten.get("props", {})
        return [props[k] for k in ("children", "options") if props.get(k) is not None]
    return []


def _texte(knoten) -> list[str]:
    """Every text under a component (children and option labels), in order."""
    if isinstance(knoten, str):
        return [knoten]
    if isinstance(knoten, dict) and "label" in knoten and "props" not in knoten:
        return [str(knoten["label"])]
    return [t for kind in _kinder(knoten) for t in _texte(kind)]


def _mit_id(knoten, id_: str, vorfahren: tuple = ()) -> tuple | None:
    """(the component with this id, its ancestors nearest first) or None."""
    if isinstance(knoten, dict) and knoten.get("props", {}).get("id") == id_:
        return knoten, vorfahren
    for kind in _kinder(knoten):
        treffer = _mit_id(kind, id_, (knoten, *vorfahren) if isinstance(knoten, dict) else vorfahren)
        if treffer:
            return treffer
    return None


def _kartentext(seite, id_: str) -> str:
    """The whole text of the card around the headline number with this id."""
    _, vorfahren = _mit_id(seite, id_)
    koerper = next(v for v in vorfahren if v.get("type") == "CardBody")
    return " ".join(_texte(koerper))


def test_pd001_optionen_markieren_perioden_ohne_ist():
    """Periods of the chosen year without Ist are marked in their option label; periods with data are not."""
    optionen = {o["value"]: o["label"] for o in periodenoptionen(2026, Q, VERFUEGBAR, HEUTE)}
    assert optionen == {"1": "1. Quartal", "2": "2. Quartal", "3": "3. Quartal", "4": "4. Quartal – läuft noch"}
    luecke = {o["value"]: o["label"] for o in periodenoptionen(2026, Q, [Periode(2026, Q, 1)], HEUTE)}
    assert luecke["2"] == "2. Quartal – noch keine Ist-Werte"
    assert periodenoptionen(2027, Q, VERFUEGBAR, HEUTE)[0]["label"] == "1. Quartal – noch nicht begonnen"
    leiste = auswahlleiste(Periode(2026, Q, 4), VERFUEGBAR, heute=HEUTE).to_plotly_json()
    auswahl = json.loads(json.dumps(leiste, default=lambda k: k.to_plotly_json()))
    periode, _ = _mit_id(auswahl, AuswahlIDs.PERIODE)
    assert periode["props"]["value"] == "4" and periode["props"]["options"][3]["label"].endswith("läuft noch")


def test_pd002_cockpit_q4_ohne_ist_sagt_es(app):
    """Q4 2026 on the demo (data up to Q3): one notice linking Q3, Ist card at the real Stichtag with the Vorjahr
    on the same months (the same +x % as for Q3, not −27,8 %), no −100 %, no 'keine Bewertung' count."""
    client = app.server.test_client()
    q4 = _seite(client, "/", "?jahr=2026&quartal=4")
    text = json.dumps(q4, ensure_ascii=False)
    assert text.count("Für 4. Quartal 2026 liegen noch keine Ist-Werte vor. Neueste Periode mit Daten: ") == 1
    assert '"href": "/?jahr=2026&quartal=3"' in text
    ist_q4 = _kartentext(q4, IDs.GESAMT_IST)
    assert "Ist bis Q3 2026 (Stichtag 30.09.2026)" in ist_q4 and "ggü. Vorjahr bis 30.09." in ist_q4
    assert "27,8" not in text and "-100\u00a0%" not in text and "−100" not in text
    ist_q3 = _kartentext(_seite(client, "/", "?jahr=2026&quartal=3"), IDs.GESAMT_IST)
    assert ist_q4 == ist_q3  # the same months, so the same amounts and the same change
    ziele = " ".join(_texte(_mit_id(q4, IDs.ZIELSTATUS)[0]))
    assert "noch keine Ist-Werte für 4. Quartal 2026" in ziele
    assert "keine Bewertung" not in text and "Ist bis Q4 2026" not in text
    optionen = _mit_id(q4, AuswahlIDs.PERIODE)[0]["props"]["options"]
    assert optionen[3]["label"] in ("4. Quartal – läuft noch", "4. Quartal – noch keine Ist-Werte")


def test_pd003_standard_ist_neueste_periode_mit_daten(app):
    """Without parameters the cockpit shows Q3 2026 (the newest period with data) and no notice."""
    seite = _seite(app.server.test_client(), "/")
    text = json.dumps(seite, ensure_ascii=False)
    assert _mit_id(seite, AuswahlIDs.PERIODE)[0]["props"]["value"] == "3"
    assert _mit_id(seite, AuswahlIDs.JAHR)[0]["props"]["value"] == "2026"
    assert "Stand: 3. Quartal 2026 (Stichtag 30.09.2026)" in text and "noch keine Ist-Werte" not in text
    assert "Ist bis Q3 2026 (Stichtag 30.09.2026)" in _kartentext(seite, IDs.GESAMT_IST)


def test_pd004_andere_ansichten(app):
    """Produkt: Ist card at the real Stichtag, Vorjahr on the same months; Handlungsfeld and Ziel with Ist say
    where the Ist ends; every view links the newest period with data, keeping its Betragsart."""
    client = app.server.test_client()
    produkt_q4 = _seite(client, "/produkt/060503", "?jahr=2026&quartal=4")
    produkt_q3 = _seite(client, "/produkt/060503", "?jahr=2026&quartal=3")
    karte = _kartentext(produkt_q4, ProduktIDs.IST)
    assert "Ist bis Q3 2026 (Stichtag 30.09.2026)" in karte and karte == _kartentext(produkt_q3, ProduktIDs.IST)
    assert '"href": "/produkt/060503?jahr=2026&quartal=3"' in json.dumps(produkt_q4)
    for pfad in ("/handlungsfeld/HF5", "/ziel/Z5.1"):
        text = json.dumps(_seite(client, pfad, "?jahr=2026&quartal=4&betrag=ist"), ensure_ascii=False)
        assert "Ist-Beträge des Haushalts liegen für 2026 erst bis 3. Quartal 2026 vor (Stichtag 30.09.2026)." in text
        assert f'"href": "{pfad}?jahr=2026&quartal=3&betrag=ist"' in text
    kennzahl = json.dumps(_seite(client, "/kennzahl/K101", "?jahr=2026&quartal=4"), ensure_ascii=False)
    assert "Für 4. Quartal 2026 liegen noch keine Ist-Werte vor." in kennzahl
    assert '"href": "/kennzahl/K101?jahr=2026&quartal=3"' in kennzahl


def test_pd005_hinweis_ohne_verweis_bleibt_text():
    """Without a link builder the notice is plain text (e.g. for the comment form); with data there is none."""
    assert ohne_ist_hinweis(Periode(2026, Q, 4), VERFUEGBAR) == (
        "Für 4. Quartal 2026 liegen noch keine Ist-Werte vor. Neueste Periode mit Daten: 3. Quartal 2026.")
    assert ohne_ist_hinweis(Periode(2026, Q, 3), VERFUEGBAR) is None
    assert ohne_ist_hinweis(Periode(2026, Q, 4), []) is None
