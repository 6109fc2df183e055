"""The forecasts page through real HTTP requests with login: layout per role, the department's forecast only for
its own products (checked on the server), Controlling's choice of the counting method, the table at once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import URL_ID, create_app
from dashboard.seiten import prognosen
from dashboard.seiten.prognosen import IDs
from kennzahlen import prognose as pg
from kennzahlen.models import Auditeintrag, Produktprognose, Prognosewahl
from tests.dashboard.sitzung import HERKUNFT
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.sitzung import aufruf as _aufruf
from tests.dashboard.sitzung import knoten as _knoten
from tests.dashboard.sitzung import senden as _senden

STICHTAG = {"jahr": 2026, "periodenart": "quartal", "periode": 3}
SUCHE = "?jahr=2026&quartal=3"


@pytest.fixture
def einstellungen(anmelde_einstellungen):
    """The demo city with local login and the demo accounts."""
    return anmelde_einstellungen


@pytest.fixture
def app(einstellungen):
    """The app with login enforced."""
    return create_app(einstellungen)


def _seite(client, suche: str = SUCHE) -> dict:
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": prognosen.PFAD},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:300]
    return antwort.get_json()["response"]["seite"]["children"]


def _erfassen(app, client, code: str, betrag: str = "12.345.678,90", grund: str | None = "Mehr Fälle"):
    return _senden(client, _aufruf(app, IDs.SPEICHERN, {IDs.STICHTAG: STICHTAG, IDs.PRODUKT: code,
                                                        IDs.BETRAG: betrag, IDs.BEGRUENDUNG: grund}))


def _waehlen(app, client, code: str, methode: str):
    return _senden(client, _aufruf(app, IDs.WAHL_SPEICHERN, {IDs.STICHTAG: STICHTAG, IDs.WAHL_PRODUKT: code,
                                                             IDs.WAHL_METHODE: methode,
                                                             IDs.WAHL_BEGRUENDUNG: "Saisonprofil trifft besser"}))


def _zeile(baum, code: str) -> dict:
    grid = _knoten(baum, IDs.TABELLE)
    return next(z for z in grid["props"]["rowData"] if z["produkt"].startswith(code + " "))


def _anzahl(einstellungen, modell) -> int:
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(modell)).scalar()
    engine.dispose()
    return n


def _letzter_audit(einstellungen) -> tuple:
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        zeile = conn.execute(select(Auditeintrag.benutzer, Auditeintrag.aktion, Auditeintrag.objekt)
                             .order_by(Auditeintrag.id.desc()).limit(1)).one()
    engine.dispose()
    return tuple(zeile)


def test_pgs001_layout_je_rolle(app):
    """Controlling sees table, flag, methods and both forms; Leitung reads only; the Jugendamt's form offers only
    products of Jugend und Familie and no choice of method; ?produkt= preselects."""
    seite = _seite(_anmelden(app, "controlling"))
    text = json.dumps(seite, ensure_ascii=False)
    assert "Prognosen zum 30.09.2026" in text
    flag = _knoten(seite, IDs.HINWEIS)
    assert flag["props"]["role"] == "status" and "Keine wesentliche Verschlechterung: " in json.dumps(
        flag, ensure_ascii=False) and "§ 25 KomHVO NRW" in json.dumps(flag, ensure_ascii=False)
    for satz in pg.METHODEN.values():
        assert satz in text
    grid = _knoten(seite, IDs.TABELLE)
    assert len(grid["props"]["rowData"]) == 41
    zeile = _zeile(seite, "060502")
    assert zeile["produkt_href"] == "/produkt/060502?jahr=2026&quartal=3"
    assert zeile["gilt"] == "Prognose des Fachbereichs (Standard)"
    assert zeile["begruendung"] == "aus dem Haushaltsimport (ohne Begründung)"
    assert {"ansatz", "fortgeschriebener_ansatz", "ist_bis", "fachbereich", "statisch", "saisonal", "prognose",
            "abweichung"} <= zeile.keys()
    assert _knoten(seite, IDs.SPEICHERN) and _knoten(seite, IDs.WAHL_SPEICHERN)
    assert "/download/tabelle/prognosen.csv?jahr=2026&quartal=3" in text

    leitung = _seite(_anmelden(app, "leitung"))
    assert _knoten(leitung, IDs.TABELLE) and not _knoten(leitung, IDs.SPEICHERN)
    assert not _knoten(leitung, IDs.WAHL_SPEICHERN) and not _knoten(leitung, IDs.PRODUKT)

    jugend = _seite(_anmelden(app, "jugendamt"), SUCHE + "&produkt=060502")
    auswahl = _knoten(jugend, IDs.PRODUKT)["props"]
    codes = [o["value"] for o in auswahl["options"]]
    assert "060502" in codes and "050101" not in codes and auswahl["value"] == "060502"
    assert not _knoten(jugend, IDs.WAHL_SPEICHERN)
    fremd = json.dumps(_seite(_anmelden(app, "jugendamt"), SUCHE + "&produkt=050101"), ensure_ascii=False)
    assert "Für das Produkt 050101 dürfen Sie keine Prognose erfassen" in fremd


def test_pgs002_jugendamt_nur_eigene_produkte(app, einstellungen):
    """The Jugendamt is refused (in German, nothing stored) for 050101; for 060502 its forecast is stored with an
    audit entry and the table shows it at once; saving the same twice gives the same state."""
    jana = _anmelden(app, "jugendamt")
    vorher = _anzahl(einstellungen, Produktprognose)
    antwort = _erfassen(app, jana, "050101")  # the server's scoped check refuses and says why
    assert antwort.status_code == 200, antwort.data[:300]
    meldung = json.dumps(antwort.get_json()["response"][IDs.MELDUNG], ensure_ascii=False)
    assert "Keine Berechtigung" in meldung and "050101" in meldung and "nicht zu Ihrem Bereich" in meldung
    assert IDs.ERGEBNIS not in antwort.get_json()["response"]
    assert _anzahl(einstellungen, Produktprognose) == vorher
    assert _senden(_anmelden(app, "leitung"), _aufruf(app, IDs.SPEICHERN, {
        IDs.STICHTAG: STICHTAG, IDs.PRODUKT: "060502", IDs.BETRAG: "1", IDs.BEGRUENDUNG: "x"})).status_code == 403

    for _ in range(2):
        antwort = _erfassen(app, jana, "060502")
        assert antwort.status_code == 200, antwort.data[:300]
        daten = antwort.get_json()["response"]
        assert "Prognose für 060502 zum 30.09.2026 gespeichert: 12.345.679\u00a0€" in json.dumps(
            daten[IDs.MELDUNG], ensure_ascii=False)
        zeile = _zeile(daten[IDs.ERGEBNIS]["children"], "060502")
        assert zeile["fachbereich"] == 12_345_679.0
        assert zeile["begruendung"].startswith("Mehr Fälle (Jana Jugend (Jugendamt), Stand 30.09.2026)")
        assert zeile["prognose"] == 12_345_679.0 and zeile["gilt"] == "Prognose des Fachbereichs (Standard)"
    assert _anzahl(einstellungen, Produktprognose) == vorher + 1
    assert _letzter_audit(einstellungen) == ("jugendamt", "prognose_erfasst", "produkt 060502")
    neu = _zeile(_seite(_anmelden(app, "leitung")), "060502")  # and every reader sees it
    assert neu["fachbereich"] == 12_345_679.0


def test_pgs003_eingabefehler_deutsch(app, einstellungen):
    """A missing reason, an amount that is no number or no product: a German message, nothing stored."""
    carl = _anmelden(app, "controlling")
    for code, betrag, grund, erwartet in (
        ("060502", "viel", "Grund", "Prognose (Zuschussbedarf): „viel“ ist keine Zahl"),
        ("060502", "1.000", "  ", "Begründung fehlt"),
        ("", "1.000", "Grund", "Produkt fehlt"),
        ("999999", "1.000", "Grund", "„999999“ gibt es nicht"),
    ):
        antwort = _erfassen(app, carl, code, betrag, grund)
        assert antwort.status_code == 200, antwort.data[:300]
        assert erwartet in json.dumps(antwort.get_json()["response"][IDs.MELDUNG], ensure_ascii=False)
    kaputt = _senden(carl, _aufruf(app, IDs.SPEICHERN, {IDs.STICHTAG: {"jahr": "x"}, IDs.PRODUKT: "060502",
                                                       IDs.BETRAG: "1", IDs.BEGRUENDUNG: "Grund"}))
    assert "Stichtag ist ungültig" in json.dumps(kaputt.get_json()["response"], ensure_ascii=False)
    assert _anzahl(einstellungen, Produktprognose) == 0


def test_pgs004_controlling_waehlt_methode(app, einstellungen):
    """Controlling makes the static extrapolation count for 060502: stored once (also when saved twice), shown at
    once, audited; the Jugendamt may not choose (403)."""
    assert _waehlen(app, _anmelden(app, "jugendamt"), "060502", "statisch").status_code == 403
    carl = _anmelden(app, "controlling")
    for _ in range(2):
        antwort = _waehlen(app, carl, "060502", "statisch")
        assert antwort.status_code == 200, antwort.data[:300]
        daten = antwort.get_json()["response"]
        assert "Für 060502 gilt 2026 die statische Hochrechnung." in json.dumps(daten[IDs.WAHL_MELDUNG],
                                                                               ensure_ascii=False)
        zeile = _zeile(daten[IDs.ERGEBNIS]["children"], "060502")
        assert zeile["gilt"] == "statische Hochrechnung (gewählt)" and zeile["prognose"] == zeile["statisch"]
    assert _anzahl(einstellungen, Prognosewahl) == 1
    assert _letzter_audit(einstellungen) == ("controlling", "prognose_gewaehlt", "produkt 060502")
    falsch = _waehlen(app, carl, "060502", "raten")
    assert "Methode: „raten“ gibt es nicht" in json.dumps(falsch.get_json()["response"], ensure_ascii=False)


def test_pgs005_tabelle_herunterladen(app):
    """The table downloads as CSV with German headings, one row per product."""
    antwort = _anmelden(app, "leitung").get("/download/tabelle/prognosen.csv" + SUCHE)
    assert antwort.status_code == 200
    zeilen = antwort.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert zeilen[0].split(";")[:4] == ["Produkt", "Bezeichnung", "Ansatz 2026", "fortgeschriebener Ansatz"]
    assert "Es gilt" in zeilen[0] and "Abweichung vom fortgeschriebenen Ansatz" in zeilen[0]
    assert len(zeilen) == 42


def test_pgs006_stichtag_ohne_ist_rechnet_vom_letzten_ist(app):
    """Q4 2026 chosen while the budget Ist runs to Q3: the page says so and extrapolates from Q3 (same numbers)."""
    leitung = _anmelden(app, "leitung")
    q4 = _seite(leitung, "?jahr=2026&quartal=4")
    text = json.dumps(q4, ensure_ascii=False)
    assert "Ist-Werte des Haushalts liegen erst bis 3. Quartal 2026 vor" in text and "Ist bis Q3 2026" in text
    q3 = _zeile(_seite(leitung), "060502")
    assert {k: _zeile(q4, "060502")[k] for k in ("ist_bis", "statisch", "saisonal")} == {
        k: q3[k] for k in ("ist_bis", "statisch", "saisonal")}
    assert "liegen erst bis" not in json.dumps(_seite(leitung), ensure_ascii=False)
