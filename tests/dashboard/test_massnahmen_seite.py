"""The Maßnahmen page without a browser: it renders on the demo city, filters from the URL, and the status
form's callback is checked on the server for the measure's object, saves once, and redraws at once."""

import json

import pytest
from sqlalchemy import create_engine, func, select, text

from dashboard import SEITE_ID, URL_ID, create_app
from dashboard.seiten import massnahmen as seite
from kennzahlen.models import Auditeintrag, Massnahmenverlauf
from tests.dashboard.grid import gridwerte
from tests.dashboard.sitzung import HERKUNFT, knoten
from tests.dashboard.sitzung import anmelden as _client
from tests.dashboard.sitzung import antworttext as _antworttext

Q4 = {"jahr": 2026, "art": "quartal", "nummer": 4, "status": "alle", "handlungsfeld": "", "massnahme": None}


def _finden(baum, id_: str) -> dict | None:
    """The props of the component with this id in a response tree."""
    treffer = knoten(baum, id_)
    return None if treffer is None else treffer["props"]


@pytest.fixture
def app(anmelde_einstellungen):
    """The app on the demo city with login and the demo accounts."""
    return create_app(anmelde_einstellungen)


@pytest.fixture
def db(anmelde_einstellungen):
    """A plain engine on the same demo copy."""
    engine = create_engine(anmelde_einstellungen.datenbank_url)
    yield engine
    engine.dispose()


def _seite(client, suche: str = "") -> str:
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": f"{SEITE_ID}.children", "outputs": {"id": SEITE_ID, "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": "/massnahmen"},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:500]
    return json.dumps(antwort.get_json()["response"][SEITE_ID]["children"], ensure_ascii=False)


def _komponenten(knoten) -> int:
    if isinstance(knoten, list):
        return sum(_komponenten(k) for k in knoten)
    if not isinstance(knoten, dict):
        return 0
    return (1 if {"type", "namespace", "props"} <= knoten.keys() else 0) + sum(_komponenten(w) for w in knoten.values())


def _nummer(db, code: str) -> int:
    with db.connect() as conn:
        return conn.execute(text(
            "SELECT k.id FROM kommentar k LEFT JOIN kennzahl z ON z.id = k.kennzahl_id "
            "LEFT JOIN produkt p ON p.id = k.produkt_id WHERE k.art = 'massnahme' AND (z.code = :c OR p.code = :c)"),
            {"c": code}).scalar_one()


def _status(db, nummer: int) -> str:
    with db.connect() as conn:
        return conn.execute(text("SELECT massnahmenstatus FROM kommentar WHERE id = :i"), {"i": nummer}).scalar_one()


def _verlauf(db, nummer: int) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(Massnahmenverlauf)
                            .where(Massnahmenverlauf.kommentar_id == nummer)).scalar_one()


def _speichern(app, client, nummer, status: str, erwartet: dict, bemerkung: str | None = None):
    rechte = app.server.extensions["wirkungscockpit_rechte"]
    ausgabe = next(k for k, r in rechte.items() if r == "kommentieren" and seite.IDs.MELDUNG in k)
    teile = [t for t in ausgabe.strip(".").split("...")]
    return client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": ausgabe, "outputs": [{"id": t.split(".")[0], "property": t.split(".", 1)[1]} for t in teile],
        "inputs": [{"id": seite.IDs.SPEICHERN, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{seite.IDs.SPEICHERN}.n_clicks"],
        "state": [{"id": seite.IDs.AUSWAHL, "property": "value", "value": str(nummer)},
                  {"id": seite.IDs.NEUER_STATUS, "property": "value", "value": status},
                  {"id": seite.IDs.BEMERKUNG, "property": "value", "value": bemerkung},
                  {"id": seite.IDs.ERWARTET, "property": "data", "value": erwartet},
                  {"id": seite.IDs.ANSICHT, "property": "data", "value": Q4}]})


def test_mns001_seite_auf_der_demo(app, db):
    """The page lists the demo's open measures with links to their objects, follows up the three measures
    promised in Q3 2026 when Q4 is chosen, and stays within the component budget."""
    c = _client(app, "controlling")
    inhalt = _seite(c, "?jahr=2026&quartal=4")
    assert "Nachverfolgung: in Q3 2026 zugesagt – was daraus wurde" in inhalt
    assert "In Q3 2026 wurden 3 Maßnahmen zugesagt" in inhalt
    werte = gridwerte(inhalt)
    assert "/kennzahl/K501?jahr=2026&quartal=4" in werte and "/produkt/050105?jahr=2026&quartal=4" in werte
    assert "fällig in Q4 2026" in werte  # K501, deadline 31.12.2026
    assert "in Umsetzung" in werte and "umgesetzt" not in werte  # default filter: open ones only
    assert "Status speichern" in inhalt
    assert "keine Ist-Werte" not in inhalt  # measures need none: no hint for the current quarter
    assert _komponenten(json.loads(inhalt)) <= 400
    alle = gridwerte(_seite(c, "?jahr=2026&quartal=4&status=alle"))
    assert "umgesetzt" in alle and "verworfen" in alle
    jugend = gridwerte(_seite(c, "?jahr=2026&quartal=4&status=alle&handlungsfeld=HF5"))
    assert "/kennzahl/K501?jahr=2026&quartal=4" in jugend and "/produkt/050105?jahr=2026&quartal=4" not in jugend
    falsch = _seite(c, "?status=kaputt&handlungsfeld=XX")
    assert "„kaputt“ ist kein Statusfilter" in falsch and "Ein Handlungsfeld „XX“ gibt es nicht" in falsch


def test_mns002_jugendamt_fremde_massnahme_abgelehnt(app, db):
    """Jugendamt may not change a measure on an Arbeit product: German refusal, nothing written."""
    nummer = _nummer(db, "050105")
    c = _client(app, "jugendamt")
    antwort = _speichern(app, c, nummer, "umgesetzt", {str(nummer): "offen"})
    assert antwort.status_code == 200  # refused with a German message in the form's status region
    assert "Keine Berechtigung: Maßnahmen zu Produkt 050105" in _antworttext(antwort)
    assert seite.IDs.UEBERSICHT not in antwort.get_json()["response"]  # nothing redrawn
    assert _status(db, nummer) == "offen" and _verlauf(db, nummer) == 1
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Auditeintrag)
                            .where(Auditeintrag.aktion == seite.AKTION)).scalar_one() == 0
    leitung = _client(app, "leitung")  # no right "kommentieren" at all: the gate refuses
    assert _speichern(app, leitung, nummer, "umgesetzt", {}).status_code == 403


def test_mns003_jugendamt_eigene_massnahme_sofort_sichtbar(app, db):
    """Jugendamt changes K501's measure: stored with history and audit entry, and the returned overview,
    history and follow-up already show the new status."""
    nummer = _nummer(db, "K501")
    c = _client(app, "jugendamt")
    antwort = _speichern(app, c, nummer, "umgesetzt", {str(nummer): "offen"}, "Konzept beschlossen")
    assert antwort.status_code == 200, antwort.data[:500]
    daten = antwort.get_json()["response"]
    meldung = json.dumps(daten[seite.IDs.MELDUNG], ensure_ascii=False)
    assert "hat jetzt den Status „umgesetzt“ (vorher „offen“)" in meldung
    uebersicht = json.dumps(daten[seite.IDs.UEBERSICHT], ensure_ascii=False)
    zeile = next(z for z in _zeilen(uebersicht) if z.get("nummer") == nummer)
    assert zeile["status_text"] == "umgesetzt" and zeile["geaendert_von"] == "Jana Jugend (Jugendamt)"
    nachverfolgung = json.dumps(daten[seite.IDs.NACHVERFOLGUNG], ensure_ascii=False)
    nv = next(z for z in _zeilen(nachverfolgung) if z.get("nummer") == nummer)
    assert nv["status_text"] == "umgesetzt" and "offen → umgesetzt" in nv["aenderungen"]
    verlauf = json.dumps(daten[seite.IDs.VERLAUF], ensure_ascii=False)
    assert "Konzept beschlossen" in verlauf
    assert daten[seite.IDs.ERWARTET]["data"][str(nummer)] == "umgesetzt"
    assert daten[seite.IDs.BEMERKUNG]["value"] == ""
    assert _status(db, nummer) == "umgesetzt" and _verlauf(db, nummer) == 2
    with db.connect() as conn:
        letzte = conn.execute(select(Auditeintrag.benutzer, Auditeintrag.aktion)
                              .order_by(Auditeintrag.id.desc()).limit(1)).one()
    assert tuple(letzte) == ("jugendamt", seite.AKTION)


def _zeilen(inhalt: str) -> list[dict]:
    """The rows of every data grid in a callback answer."""
    zeilen: list[dict] = []

    def gehen(knoten):
        if isinstance(knoten, dict):
            if knoten.get("type") == "AgGrid":
                zeilen.extend(knoten["props"].get("rowData", []))
            for w in knoten.values():
                gehen(w)
        elif isinstance(knoten, list):
            for w in knoten:
                gehen(w)

    gehen(json.loads(inhalt))
    return zeilen


def test_mns004_zweimal_gesendet_ein_eintrag(app, db):
    """The same change posted twice (double click, repeated request) stores one history row and one audit
    entry; the second answer says nothing changed."""
    nummer = _nummer(db, "K501")
    c = _client(app, "controlling")
    erste = _speichern(app, c, nummer, "in_umsetzung", {str(nummer): "offen"})
    zweite = _speichern(app, c, nummer, "in_umsetzung", {str(nummer): "offen"})
    assert erste.status_code == zweite.status_code == 200
    assert "bereits den Status „in Umsetzung“" in _antworttext(zweite)
    assert _verlauf(db, nummer) == 2
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Auditeintrag)
                            .where(Auditeintrag.aktion == seite.AKTION)).scalar_one() == 1


def test_mns005_inzwischen_geaendert_und_ungueltig_abgelehnt(app, db):
    """A change based on an outdated status, an unknown status or no measure: German message, nothing
    written."""
    nummer = _nummer(db, "K501")
    c = _client(app, "controlling")
    veraltet = _speichern(app, c, nummer, "verworfen", {str(nummer): "in_umsetzung"})
    assert veraltet.status_code == 200
    assert "inzwischen von „in Umsetzung“ auf „offen“ geändert" in _antworttext(veraltet)
    unbekannt = _speichern(app, c, nummer, "erledigt", {str(nummer): "offen"})
    assert "Feld „Status“" in _antworttext(unbekannt)
    ohne = _speichern(app, c, "", "umgesetzt", {})
    assert "bitte eine Maßnahme auswählen" in _antworttext(ohne)
    assert _status(db, nummer) == "offen" and _verlauf(db, nummer) == 1


def test_mns006_auswahl_und_verlauf_aus_der_url(app, db):
    """?massnahme=<id> preselects the measure in the form and shows its history; a Jugendamt user sees a
    hint instead of the form for another field's measure, and only own measures in the selector."""
    nummer = _nummer(db, "060503")
    fremd = _nummer(db, "050105")
    c = _client(app, "jugendamt")
    inhalt = _seite(c, f"?jahr=2026&quartal=4&massnahme={nummer}")
    assert f"Verlauf der Maßnahme Nr. {nummer}" in inhalt and "angelegt" in inhalt
    knoten = json.loads(inhalt)
    auswahl = _finden(knoten, seite.IDs.AUSWAHL)
    assert auswahl["value"] == str(nummer)
    assert str(fremd) not in {o["value"] for o in auswahl["options"]}
    assert _finden(knoten, seite.IDs.NEUER_STATUS)["value"] == "in_umsetzung"
    hinweis = _seite(c, f"?jahr=2026&quartal=4&massnahme={fremd}")
    assert "gehört nicht zu Ihrem Bereich" in hinweis


def test_mns007_download_und_filter_in_der_url(app):
    """The filtered table downloads as CSV; the status filter writes ?status=… into the URL."""
    c = _client(app, "leitung")
    csv = c.get("/download/tabelle/massnahmen.csv?jahr=2026&quartal=4&status=alle")
    assert csv.status_code == 200
    text_ = csv.get_data(as_text=True)
    assert "K501" in text_ and "umgesetzt" in text_ and "Verantwortlich" in text_
    nv = c.get("/download/tabelle/massnahmen-nachverfolgung.csv?jahr=2026&quartal=4").get_data(as_text=True)
    assert "050105" in nv and "Status heute" in nv
    ausgabe = next(k for k, cb in app.callback_map.items()
                   if k.startswith(f"{URL_ID}.search") and cb["inputs"][0]["id"] == seite.IDs.STATUSFILTER)
    antwort = c.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": ausgabe, "outputs": {"id": URL_ID, "property": ausgabe.split(".", 1)[1]},
        "inputs": [{"id": seite.IDs.STATUSFILTER, "property": "value", "value": "ueberfaellig"},
                   {"id": seite.IDs.STATUSFILTER, "property": "id", "value": seite.IDs.STATUSFILTER}],
        "changedPropIds": [f"{seite.IDs.STATUSFILTER}.value"],
        "state": [{"id": URL_ID, "property": "search", "value": "?jahr=2026&quartal=4"}]})
    assert antwort.status_code == 200
    assert antwort.get_json()["response"][URL_ID]["search"] == "?jahr=2026&quartal=4&status=ueberfaellig"

