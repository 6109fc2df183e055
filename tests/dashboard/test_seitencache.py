"""The finished page is cached: a warm page is a lookup, an import or another role builds it anew."""

import dataclasses

import pytest

from dashboard import create_app, seitencache
from dashboard.seiten import cockpit, protokoll
from kennzahlen import zugang
from kennzahlen.importe import importieren

HERKUNFT = {"Origin": "http://localhost"}


@pytest.fixture
def app(anmelde_einstellungen):
    """The demo app with login."""
    return create_app(anmelde_einstellungen)


def _angemeldet(app, login):
    c = app.server.test_client()
    c.post("/login", data={"login": login, "passwort": zugang.DEMO_PASSWORT, "weiter": "/"}, headers=HERKUNFT)
    return c


def _seite(client, pfad, suche=""):
    return client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": pfad},
                   {"id": "url", "property": "search", "value": suche}],
        "changedPropIds": ["url.pathname"], "state": []})


@pytest.fixture
def aufrufe(monkeypatch):
    """Counts how often the cockpit's layout is really built."""
    zaehler = {"cockpit": 0, "protokoll": 0}
    for name, modul in (("cockpit", cockpit), ("protokoll", protokoll)):
        echt = modul.layout

        def gezaehlt(*args, _echt=echt, _name=name, **kwargs):
            zaehler[_name] += 1
            return _echt(*args, **kwargs)

        monkeypatch.setattr(modul, "layout", gezaehlt)
    return zaehler


def test_sc001_warme_seite_kommt_aus_dem_cache(app, aufrufe):
    """The second request for the same page is served from the cache, byte for byte, without building it."""
    c = _angemeldet(app, "leitung")
    erste = _seite(c, "/", "?jahr=2026&quartal=3")
    zweite = _seite(c, "/", "?jahr=2026&quartal=3")
    assert erste.status_code == zweite.status_code == 200
    assert erste.headers[seitencache.KOPF] == "neu" and zweite.headers[seitencache.KOPF] == "treffer"
    assert erste.get_data() == zweite.get_data() and aufrufe["cockpit"] == 1
    assert "Content-Security-Policy" in zweite.headers  # the cached answer still gets every security header
    _seite(c, "/", "?jahr=2026&quartal=2")
    assert aufrufe["cockpit"] == 2  # another query is another page


def test_sc002_nach_einem_import_neu_gebaut(app, aufrufe, anmelde_einstellungen):
    """An import advances the data version: the next request builds the page anew and shows the new number."""
    from kennzahlen.db import engine_erstellen, sessionfabrik

    c = _angemeldet(app, "leitung")
    vorher = _seite(c, "/kennzahl/K101", "?jahr=2026&quartal=3").get_data(as_text=True)
    engine = engine_erstellen(anmelde_einstellungen.datenbank_url)
    importieren(sessionfabrik(engine), "werte.csv", (
        b"Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert\nK101;2026;quartal;3;;ist;99,9\n"), "test")
    engine.dispose()
    nachher = _seite(c, "/kennzahl/K101", "?jahr=2026&quartal=3")
    assert nachher.headers[seitencache.KOPF] == "neu"
    assert "99,9" in nachher.get_data(as_text=True) and "99,9" not in vorher


def test_sc003_andere_rollen_eigene_seite_verwaltung_nie(app, aufrufe):
    """Another role gets its own entry; administration pages (logins, sessions) are never cached."""
    _seite(_angemeldet(app, "leitung"), "/", "?jahr=2026&quartal=3")
    antwort = _seite(_angemeldet(app, "controlling"), "/", "?jahr=2026&quartal=3")
    assert antwort.headers[seitencache.KOPF] == "neu" and aufrufe["cockpit"] == 2
    admin = _angemeldet(app, "admin")
    for _ in range(2):
        assert seitencache.KOPF not in _seite(admin, "/verwaltung/protokoll").headers
    assert aufrufe["protokoll"] == 2


def test_sc004_ohne_recht_kein_treffer(app, aufrufe):
    """A cached page is never served past the login gate or to a role without the page's right."""
    _seite(_angemeldet(app, "leitung"), "/", "?jahr=2026&quartal=3")
    assert _seite(app.server.test_client(), "/", "?jahr=2026&quartal=3").status_code == 401


def test_sc005_redis_geteilt(anmelde_einstellungen, redis_url, aufrufe):
    """With WK_REDIS_URL two app instances share the finished pages."""
    e = dataclasses.replace(anmelde_einstellungen, redis_url=redis_url)
    erste, zweite = create_app(e), create_app(e)
    assert _seite(_angemeldet(erste, "leitung"), "/", "?jahr=2026&quartal=3").headers[seitencache.KOPF] == "neu"
    assert _seite(_angemeldet(zweite, "leitung"), "/", "?jahr=2026&quartal=3").headers[seitencache.KOPF] == "treffer"
    assert aufrufe["cockpit"] == 1


def test_sc006_ohne_datencache_keine_seiten(app, aufrufe):
    """A detached data cache (benchmark "ohne Cache") detaches the pages too; a new one starts empty."""
    from kennzahlen.cache import LokalerSpeicher, cache_anbinden

    fabrik = app.server.extensions["wirkungscockpit"].fabrik
    c = _angemeldet(app, "leitung")
    _seite(c, "/", "?jahr=2026&quartal=3")
    cache_anbinden(fabrik, None)
    assert seitencache.KOPF not in _seite(c, "/", "?jahr=2026&quartal=3").headers and aufrufe["cockpit"] == 2
    cache_anbinden(fabrik, LokalerSpeicher())
    assert _seite(c, "/", "?jahr=2026&quartal=3").headers[seitencache.KOPF] == "neu"
