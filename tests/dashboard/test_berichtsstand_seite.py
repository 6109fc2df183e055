"""The Berichtsstand page and the freeze/reopen callbacks of the periods page, through the Flask test client
with login: the page shows a frozen period beside today's figures; reopening needs a reason; Fachbereich
users may neither close nor reopen."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import create_app, links
from dashboard.seiten import berichtsstand, perioden
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.importe import importieren
from kennzahlen.models import Abschlussverlauf, Auditeintrag, Berichtswert, Periodenabschluss
from kennzahlen.perioden import Periode
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.sitzung import antworttext as _text
from tests.dashboard.sitzung import aufruf as _aufruf
from tests.dashboard.sitzung import seite as _seite
from tests.dashboard.sitzung import senden as _senden

Q3 = "2026-quartal-3"
SEITE = "?jahr=2026&quartal=3"
GRUND = "Nachmeldung der Fallzahlen HzE durch das Jugendamt"


@pytest.fixture
def app(anmelde_einstellungen):
    """The demo city with local login and the demo accounts."""
    return create_app(anmelde_einstellungen)


def _zaehlen(einstellungen) -> dict[str, int]:
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        zahlen = {m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar()
                  for m in (Periodenabschluss, Abschlussverlauf, Berichtswert, Auditeintrag)}
    engine.dispose()
    return zahlen


def _abschliessen(app, client) -> str:
    antwort = _senden(client, _aufruf(app, perioden.IDs.ABSCHLIESSEN, {perioden.IDs.PERIODE: Q3}))
    assert antwort.status_code == 200
    return _text(antwort)


def test_bsts001_seite_zeigt_eingefrorene_periode_neben_aktuellen_zahlen(app, anmelde_einstellungen):
    """Controlling closes Q3 2026; the page (for Leitung) says it is frozen, by whom, which fassung; after a
    later import with permission it lists the changed Ist first, and the download has every value."""
    controlling = _anmelden(app, "controlling")
    meldung = _abschliessen(app, controlling)
    assert "3. Quartal 2026 ist abgeschlossen" in meldung and "Fassung 1 eingefroren" in meldung
    assert links.berichtsstand(Periode(2026, "quartal", 3)) in meldung
    assert links.berichtsstand(Periode(2026, "quartal", 3)) in _seite(controlling, perioden.PFAD)
    leitung = _anmelden(app, "leitung")
    seite = _seite(leitung, berichtsstand.PFAD, SEITE)
    assert "Berichtsstand 3. Quartal 2026" in seite
    assert "ist abgeschlossen und eingefroren" in seite and "Fassung 1 von 1" in seite and "controlling" in seite
    assert "Werte entsprechen dem Bericht" in seite and berichtsstand.IDs.GEAENDERT not in seite
    assert "Berichtete Texte" in seite and "Bundesagentur für Arbeit liefert die Integrationsquote" in seite
    assert "abgeschlossen und eingefroren" in seite  # the history

    fabrik = sessionfabrik(engine_erstellen(anmelde_einstellungen.datenbank_url))
    importieren(fabrik, "nachlieferung.csv", b"Kennzahl;Jahr;Periodenart;Periode;Wertart;Wert\n"
                b"K101;2026;quartal;3;ist;13,1\n", "controlling", optionen={"abgeschlossene_perioden_aendern": True})
    fabrik.kw["bind"].dispose()
    seite = _seite(leitung, berichtsstand.PFAD, SEITE)
    assert "Werten weichen heute vom Bericht ab" in seite and berichtsstand.IDs.GEAENDERT in seite
    geaendert = json.loads(seite)
    zeilen = _grid_zeilen(geaendert, berichtsstand.IDs.GEAENDERT)
    k101 = next(z for z in zeilen if z["objekt"].startswith("K101 ") and z["groesse"] == "Ist")
    assert (k101["berichtet"], k101["aktuell"], k101["differenz"]) == (12.5, 13.1, 0.6)
    csv = leitung.get(f"/download/tabelle/{berichtsstand.DOWNLOAD}.csv{SEITE}")
    assert csv.status_code == 200
    inhalt = csv.data.decode("utf-8-sig")
    assert "Berichtet" in inhalt and "Geändert" in inhalt and "SGB II-Quote" in inhalt


def _grid_zeilen(baum, grid_id: str) -> list[dict]:
    """The rowData of the data grid ``grid_id`` somewhere in a page's component tree."""
    if isinstance(baum, list):
        for k in baum:
            if (gefunden := _grid_zeilen(k, grid_id)) is not None:
                return gefunden
        return None
    if isinstance(baum, dict):
        if baum.get("props", {}).get("id") == grid_id:
            return baum["props"]["rowData"]
        for w in baum.values():
            if (gefunden := _grid_zeilen(w, grid_id)) is not None:
                return gefunden
    return None


def test_bsts002_wiederoeffnen_ohne_grund_verweigert(app, anmelde_einstellungen):
    """Reopening without a reason or with a too short one answers in German and changes nothing; with a reason
    the period is open, the field is emptied, and the history on both pages shows the reason."""
    controlling = _anmelden(app, "controlling")
    _abschliessen(app, controlling)
    vorher = _zaehlen(anmelde_einstellungen)
    for grund, text in ((None, "Feld „Grund“: bitte angeben"), ("kurz", "ist zu kurz")):
        antwort = _senden(controlling, _aufruf(app, perioden.IDs.OEFFNEN,
                                               {perioden.IDs.PERIODE: Q3, perioden.IDs.GRUND: grund}))
        assert antwort.status_code == 200 and text in _text(antwort), grund
        assert '"color": "danger"' in _text(antwort)
    assert _zaehlen(anmelde_einstellungen) == vorher
    antwort = _senden(controlling, _aufruf(app, perioden.IDs.OEFFNEN,
                                           {perioden.IDs.PERIODE: Q3, perioden.IDs.GRUND: GRUND}))
    daten = antwort.get_json()["response"]
    assert "wieder geöffnet" in json.dumps(daten[perioden.IDs.MELDUNG], ensure_ascii=False)
    assert daten[perioden.IDs.GRUND]["value"] == ""
    assert GRUND in json.dumps(daten[perioden.IDs.VERLAUF], ensure_ascii=False)
    nachher = _zaehlen(anmelde_einstellungen)
    assert nachher["periodenabschluss"] == vorher["periodenabschluss"] - 1
    assert nachher["abschlussverlauf"] == vorher["abschlussverlauf"] + 1
    assert nachher["berichtswert"] == vorher["berichtswert"]
    seite = _seite(_anmelden(app, "leitung"), berichtsstand.PFAD, SEITE)
    assert "ist wieder geöffnet" in seite and GRUND in seite and "Fassung 1 von 1" in seite


def test_bsts003_fachbereich_darf_weder_abschliessen_noch_oeffnen(app, anmelde_einstellungen):
    """Jugendamt and Sozialamt (Fachbereich) get 403 for closing and reopening; nothing is written."""
    _abschliessen(app, _anmelden(app, "controlling"))
    clients = {login: _anmelden(app, login) for login in ("jugendamt", "sozialamt")}
    vorher = _zaehlen(anmelde_einstellungen)
    for login, client in clients.items():
        for ausloeser, periode in ((perioden.IDs.ABSCHLIESSEN, "2026-quartal-2"), (perioden.IDs.OEFFNEN, Q3)):
            antwort = _senden(client, _aufruf(app, ausloeser, {perioden.IDs.PERIODE: periode,
                                                               perioden.IDs.GRUND: GRUND}))
            assert antwort.status_code == 403, (login, ausloeser)
        assert "Berichtsstand 3. Quartal 2026" in _seite(client, berichtsstand.PFAD, SEITE)  # reading is allowed
    assert _zaehlen(anmelde_einstellungen) == vorher


def test_bsts004_nie_berichtete_periode_und_falsche_fassung(app):
    """A period never closed says so; an unknown fassung in the URL gives a German hint, the newest is shown."""
    leitung = _anmelden(app, "leitung")
    seite = _seite(leitung, berichtsstand.PFAD, "?jahr=2026&quartal=2")
    assert "noch keinen berichteten Stand" in seite and "Diese Periode wurde noch nie abgeschlossen" in seite
    _abschliessen(app, _anmelden(app, "controlling"))
    seite = _seite(leitung, berichtsstand.PFAD, SEITE + "&fassung=7")
    assert "„7“ ist keine Fassung dieser Periode (vorhanden: 1)" in seite and "Fassung 1 von 1" in seite
