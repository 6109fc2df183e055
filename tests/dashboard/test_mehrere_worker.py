"""Cache invalidation across processes: an import through one app instance is visible through another on
its very next request – with one SQLite file (a private cache in each process) and with one PostgreSQL
database plus a shared Redis cache.

Each instance is a separate process (fork) that builds its own app with ``create_app`` and serves it with
werkzeug on a free port; a pipe lets the test run an import inside instance B's process, through the one
way in (``kennzahlen.importe.ablauf.importieren``).
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import threading
import urllib.request

import pytest

from dashboard import URL_ID, create_app
from dashboard.seiten.cockpit import IDs
from kennzahlen.settings import Einstellungen

ZEIT = 60  # seconds any single step may take
PRODUKT, JAHR, ZEILE = "050101", 2026, "15"  # Musterstadt: Kosten der Unterkunft, Transferaufwendungen
MEHR_AUFWAND = 1_000_000_000  # one billion euro more: changes the cockpit's total at any rounding


def _instanz(einstellungen: Einstellungen, leitung) -> None:
    """Child process: build the app, serve it on a free port, then run the orders that come through the pipe."""
    from werkzeug.serving import make_server

    from kennzahlen.cache import ATTRIBUT, LokalerSpeicher

    app = create_app(einstellungen)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fabrik = app.server.extensions["wirkungscockpit"].fabrik
    leitung.send(server.server_port)
    while (auftrag := leitung.recv()) is not None:
        art, inhalt = auftrag
        try:
            if art == "import":
                leitung.send(("ok", _importieren(fabrik, inhalt)))
            elif art == "cache":
                speicher = getattr(fabrik, ATTRIBUT, None)
                leitung.send(("ok", len(speicher._daten) if isinstance(speicher, LokalerSpeicher) else None))
        except Exception as fehler:  # reported to the test, which fails with it
            leitung.send(("fehler", repr(fehler)))
    server.shutdown()


def _importieren(fabrik, betrag: int) -> int:
    """Set the Ansatz of one budget line as an import does; returns the rows changed."""
    try:
        from kennzahlen.importe.ablauf import importieren
    except ImportError:  # before the importer existed: a write that advances the data version the same way
        from sqlalchemy import select, update

        from kennzahlen import datenstand
        from kennzahlen.db import transaktion
        from kennzahlen.models import Haushaltsbetrag, Planzeile, Produkt

        with transaktion(fabrik) as s:
            ziel = select(Haushaltsbetrag.id).join(Produkt).join(Planzeile).where(
                Produkt.code == PRODUKT, Haushaltsbetrag.jahr == JAHR, Haushaltsbetrag.periodenart == "jahr",
                Haushaltsbetrag.betragsart == "ansatz", Haushaltsbetrag.version == "beschluss",
                Planzeile.nummer == ZEILE)
            n = s.execute(update(Haushaltsbetrag).where(Haushaltsbetrag.id.in_(ziel)).values(betrag=betrag)).rowcount
            datenstand.erhoehen(s)
        return n
    datei = ("Produkt;Jahr;Periodenart;Periode;Zeilenschema;Zeile;Betragsart;Version;Betrag\r\n"
             f"{PRODUKT};{JAHR};jahr;1;nkf-nrw-2019;{ZEILE};ansatz;beschluss;{betrag}\r\n").encode()
    bericht = importieren(fabrik, "ansatz.csv", datei, "test", art="haushalt_lang",
                          optionen={"vorzeichen": "aufwand_negativ"})
    return bericht.geaendert


class Instanz:
    """A running app process: its URL, and orders through the pipe."""

    def __init__(self, einstellungen: Einstellungen) -> None:
        kontext = multiprocessing.get_context("fork")
        self.leitung, kind = kontext.Pipe()
        self.prozess = kontext.Process(target=_instanz, args=(einstellungen, kind), daemon=True)
        self.prozess.start()
        self.url = f"http://127.0.0.1:{self._antwort()}"

    def _antwort(self):
        if not self.leitung.poll(ZEIT):
            raise TimeoutError("Die App-Instanz antwortet nicht.")
        return self.leitung.recv()

    def auftrag(self, art: str, inhalt=None):
        self.leitung.send((art, inhalt))
        status, wert = self._antwort()
        assert status == "ok", wert
        return wert

    def gesamtansatz(self) -> str:
        """The cockpit's 'Zuschussbedarf Ansatz' card, rendered through the router callback over HTTP."""
        body = {"output": "seite.children", "outputs": {"id": "seite", "property": "children"},
                "inputs": [{"id": URL_ID, "property": "pathname", "value": "/"},
                           {"id": URL_ID, "property": "search", "value": f"?jahr={JAHR}"}],
                "changedPropIds": [f"{URL_ID}.pathname"], "state": []}
        anfrage = urllib.request.Request(self.url + "/_dash-update-component", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", "Origin": self.url})
        with urllib.request.urlopen(anfrage, timeout=ZEIT) as antwort:
            return _karte(json.loads(antwort.read())["response"]["seite"]["children"])

    def beenden(self) -> None:
        if self.prozess.is_alive():
            self.leitung.send(None)
            self.prozess.join(10)
        if self.prozess.is_alive():
            self.prozess.terminate()
            self.prozess.join(5)


def _texte(knoten) -> list[str]:
    if isinstance(knoten, str):
        return [knoten]
    if isinstance(knoten, list):
        return [t for k in knoten for t in _texte(k)]
    if isinstance(knoten, dict):
        return _texte(knoten.get("props", {}).get("children"))
    return []


def _karte(knoten) -> str | None:
    """Text of the component with the id of the Ansatz card in a Dash component tree (JSON)."""
    if isinstance(knoten, list):
        return next((t for k in knoten if (t := _karte(k)) is not None), None)
    if isinstance(knoten, dict):
        props = knoten.get("props", {})
        if props.get("id") == IDs.GESAMT_ANSATZ:
            return " ".join(_texte(props.get("children")))
        return _karte(props.get("children"))
    return None


def _pruefen(einstellungen: Einstellungen, redis_url: str | None = None) -> None:
    a, b = Instanz(einstellungen), Instanz(einstellungen)
    try:
        vorher = a.gesamtansatz()
        assert vorher and "€" in vorher, vorher
        assert a.gesamtansatz() == vorher  # the second request is answered from A's cache
        assert b.gesamtansatz() == vorher
        if redis_url is None:
            assert a.auftrag("cache") > 0, "A hat nichts zwischengespeichert"
        else:
            import redis

            assert redis.Redis.from_url(redis_url).dbsize() > 0, "Redis ist leer: der Cache wird nicht geteilt"

        assert b.auftrag("import", -MEHR_AUFWAND) == 1  # the import runs in B's process

        nachher = a.gesamtansatz()  # A's very next request
        frisch = create_app(einstellungen).server.test_client()  # an instance that never cached anything
        antwort = frisch.post("/_dash-update-component", headers={"Origin": "http://localhost"}, json={
            "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
            "inputs": [{"id": URL_ID, "property": "pathname", "value": "/"},
                       {"id": URL_ID, "property": "search", "value": f"?jahr={JAHR}"}],
            "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
        erwartet = _karte(antwort.get_json()["response"]["seite"]["children"])
        assert nachher != vorher, f"A zeigt nach dem Import durch B noch den alten Wert: {vorher}"
        assert nachher == erwartet
        assert b.gesamtansatz() == erwartet
    finally:
        a.beenden()
        b.beenden()


def test_mw001_sqlite_eigener_cache_je_prozess(demo_vorlage, tmp_path):
    """One SQLite file, two processes each with its own cache: B imports, A's next request shows it."""
    ziel = tmp_path / "demo.sqlite"
    shutil.copy(demo_vorlage, ziel)
    _pruefen(Einstellungen(database_url=f"sqlite:///{ziel}", anmeldung="aus", loglevel="WARNING"))


@pytest.mark.postgres
def test_mw002_postgresql_mit_redis(postgres_url, redis_url):
    """One PostgreSQL database and one Redis shared by two processes: B imports, A's next request shows it."""
    from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
    from kennzahlen.demo import demo_laden

    engine = engine_erstellen(postgres_url)
    aktualisieren(engine)
    demo_laden(sessionfabrik(engine))
    engine.dispose()
    _pruefen(Einstellungen(database_url=postgres_url, redis_url=redis_url, anmeldung="aus", loglevel="WARNING"),
             redis_url)
