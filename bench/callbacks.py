"""Server time of the router callback ``seite.children`` of every page, via the Flask test client.

Per database: the app is built with ``create_app``; a first pass calls every page once (process warm-up,
reported as "erster Aufruf"); then the cache is emptied and every varied input is called once
("kalt": a cache miss, as after an import) and ``wiederholungen`` times more ("warm": cached); finally
the cache is detached (``cache_anbinden(fabrik, None)``) and every input runs uncached ("ohne Cache"),
recording the SQL statements and the figures of the answer for the floor (``boden``).
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import event

from bench.daten import Eingabe
from bench.messung import Frist, kennwerte, ms

log = logging.getLogger(__name__)
HERKUNFT = {"Origin": "http://localhost"}  # the test client's own origin (the gate checks it)


def koerper(e: Eingabe) -> dict:
    """The POST body the browser sends for the router callback of ``e``."""
    return {
        "output": "seite.children",
        "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": e.pfad},
                   {"id": "url", "property": "search", "value": e.suche}],
        "changedPropIds": ["url.pathname"],
        "state": [],
    }


def aufrufen(client, body: dict) -> tuple[float, bytes]:
    """(seconds, response bytes) of one callback POST; raises on a status other than 200."""
    start = time.perf_counter()
    antwort = client.post("/_dash-update-component", json=body, headers=HERKUNFT)
    daten = antwort.get_data()
    dauer = time.perf_counter() - start
    if antwort.status_code != 200:
        raise RuntimeError(f"Callback antwortet {antwort.status_code}: {daten[:300]!r}")
    return dauer, daten


def figuren(antwort: bytes) -> list[tuple[str, dict]]:
    """(id, figure dict) of every dcc.Graph in a callback answer."""
    gefunden: list[tuple[str, dict]] = []

    def gehen(knoten):
        if isinstance(knoten, dict):
            if knoten.get("type") == "Graph" and isinstance(knoten.get("props"), dict):
                p = knoten["props"]
                if isinstance(p.get("figure"), dict):
                    gefunden.append((str(p.get("id")), p["figure"]))
            for wert in knoten.values():
                gehen(wert)
        elif isinstance(knoten, list):
            for wert in knoten:
                gehen(wert)

    gehen(json.loads(antwort))
    return gefunden


class SqlMitschnitt:
    """Records every statement an engine executes (statement, parameters) while active."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.anweisungen: list[tuple[str, object]] = []
        self._aktiv = False
        event.listen(engine, "before_cursor_execute", self._merken)

    def _merken(self, conn, cursor, statement, parameters, context, executemany):
        if self._aktiv and not executemany:
            self.anweisungen.append((statement, parameters))

    def __enter__(self):
        self.anweisungen = []
        self._aktiv = True
        return self

    def __exit__(self, *exc):
        self._aktiv = False

    def entfernen(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._merken)


@dataclass
class Seitenmessung:
    """Durations (s) of one page; and per input what the uncached call ran (for the floor)."""

    erster_aufruf: list[float] = field(default_factory=list)
    kalt: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    ohne_cache: list[float] = field(default_factory=list)
    antwort_kb: list[float] = field(default_factory=list)
    komponenten: list[int] = field(default_factory=list)
    sql: list[list[tuple[str, object]]] = field(default_factory=list)
    figuren: list[list[tuple[str, dict]]] = field(default_factory=list)
    eingaben_ohne_cache: list[Eingabe] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)

    def zusammenfassung(self) -> dict:
        return {
            "erster_aufruf": kennwerte(self.erster_aufruf),
            "kalt": kennwerte(self.kalt),
            "warm": kennwerte(self.warm),
            "ohne_cache": kennwerte(self.ohne_cache),
            "alle_mit_cache": kennwerte(self.kalt + self.warm),
            "antwort_kb_median": round(sorted(self.antwort_kb)[len(self.antwort_kb) // 2], 1)
            if self.antwort_kb else None,
            "komponenten_median": sorted(self.komponenten)[len(self.komponenten) // 2] if self.komponenten else None,
            "sql_anweisungen_median": sorted(len(s) for s in self.sql)[len(self.sql) // 2] if self.sql else None,
            "graphen": max((len(f) for f in self.figuren), default=0),
            "fehler": self.fehler[:5],
        }


def cache_leeren(fabrik) -> None:
    """Empty the cache bound to ``fabrik`` (a new local LRU, or FLUSHDB of the bench's Redis database)."""
    from kennzahlen.cache import ATTRIBUT, LokalerSpeicher, RedisSpeicher, cache_anbinden

    speicher = getattr(fabrik, ATTRIBUT, None)
    if isinstance(speicher, RedisSpeicher):
        speicher._redis.flushdb()
    elif speicher is not None:
        cache_anbinden(fabrik, LokalerSpeicher())


def messen(app, eingaben: dict[str, list[Eingabe]], wiederholungen: int, budget_s: float) -> dict[str, Seitenmessung]:
    """Run the passes described in the module docstring within about ``budget_s`` seconds (cold 40 %, warm 20 %,
    uncached 40 %, shared by the pages; every page gets at least one call per pass)."""
    from kennzahlen.cache import ATTRIBUT, cache_anbinden

    client = app.server.test_client()
    fabrik = app.server.extensions["wirkungscockpit"].fabrik
    ergebnis: dict[str, Seitenmessung] = defaultdict(Seitenmessung)

    def sicher(seite: str, body: dict) -> tuple[float, bytes] | None:
        try:
            return aufrufen(client, body)
        except Exception as fehler:  # reported, the run goes on
            ergebnis[seite].fehler.append(str(fehler)[:300])
            log.warning("Fehler bei %s: %s", seite, fehler)
            return None

    cache_leeren(fabrik)  # nothing from an earlier run (or an older code version) is read
    for seite, liste in eingaben.items():  # process warm-up: the first call of each page
        if liste and (r := sicher(seite, koerper(liste[0]))):
            ergebnis[seite].erster_aufruf.append(r[0])
    cache_leeren(fabrik)

    seiten = [s for s, liste in eingaben.items() if liste]

    def je_seite(anteil: float):
        """(page, budget) in turn: the rest of the pass's budget shared by the pages still to come."""
        frist = Frist(budget_s * anteil)
        for i, seite in enumerate(seiten):
            yield seite, Frist(frist.rest / (len(seiten) - i))

    for seite, frist in je_seite(0.4):  # cold: each input's first call (a cache miss)
        for nr, e in enumerate(eingaben[seite]):
            if nr and frist.abgelaufen:
                break
            if r := sicher(seite, koerper(e)):
                ergebnis[seite].kalt.append(r[0])
                ergebnis[seite].antwort_kb.append(len(r[1]) / 1024)
                ergebnis[seite].komponenten.append(r[1].count(b'"namespace"'))
    for seite, frist in je_seite(0.2):  # warm: the same inputs again (cache hits)
        gemessen = eingaben[seite][: max(1, len(ergebnis[seite].kalt))]
        for runde in range(wiederholungen):
            if runde and frist.abgelaufen:
                break
            for e in gemessen:
                if r := sicher(seite, koerper(e)):
                    ergebnis[seite].warm.append(r[0])

    speicher = getattr(fabrik, ATTRIBUT, None)
    cache_anbinden(fabrik, None)
    mitschnitt = SqlMitschnitt(fabrik.kw["bind"])
    try:
        for seite, frist in je_seite(0.4):  # without cache: the whole work, SQL and figures recorded
            for nr, e in enumerate(eingaben[seite]):
                if nr and frist.abgelaufen:
                    break
                with mitschnitt:
                    r = sicher(seite, koerper(e))
                if r:
                    m = ergebnis[seite]
                    m.ohne_cache.append(r[0])
                    m.sql.append(list(mitschnitt.anweisungen))
                    m.figuren.append(figuren(r[1]))
                    m.eingaben_ohne_cache.append(e)
    finally:
        mitschnitt.entfernen()
        cache_anbinden(fabrik, speicher)
    for seite, m in ergebnis.items():
        log.info("%-14s kalt %s warm %s ohne Cache %s", seite, kennwerte(m.kalt)["p95_ms"], kennwerte(m.warm)["p95_ms"],
                 kennwerte(m.ohne_cache)["p95_ms"])
    return dict(ergebnis)


def langsamste(messungen: dict[str, Seitenmessung], art: str = "ohne_cache") -> tuple[str, Eingabe] | None:
    """The page and input with the slowest call of a kind: "ohne_cache" (each input), "warm" (the page with
    the highest warm median, its first input)."""
    if art == "warm":
        kandidaten = {s: sorted(m.warm)[len(m.warm) // 2] for s, m in messungen.items() if m.warm}
        if not kandidaten:
            return None
        seite = max(kandidaten, key=kandidaten.get)
        return seite, messungen[seite].eingaben_ohne_cache[0] if messungen[seite].eingaben_ohne_cache else None
    beste = None
    for seite, m in messungen.items():
        for dauer, e in zip(m.ohne_cache, m.eingaben_ohne_cache, strict=True):
            if beste is None or dauer > beste[0]:
                beste = (dauer, seite, e)
    return (beste[1], beste[2]) if beste else None


__all__ = ["HERKUNFT", "Seitenmessung", "aufrufen", "cache_leeren", "figuren", "koerper", "langsamste", "messen", "ms"]
