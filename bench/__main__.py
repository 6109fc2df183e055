"""``python -m bench``: the whole benchmark in one run, printed as a German table and written as JSON.

    .venv/bin/python -m bench [--datenbank sqlite|postgresql|beide] [--wiederholungen N] [--json PFAD] [--schnell]

Full run: Großstadt (about 1,1 million Kennzahlwerte), about 10 minutes for both databases. ``--schnell``:
Musterstadt, about 2 minutes. Every phase has a time budget (a share of ``--zeitbudget``) and measures at
least once per page, so the run stays bounded however slow a page is. Needs PostgreSQL on 127.0.0.1:5432
(user postgres, trust), Redis on 127.0.0.1:6379, /usr/bin/chromium with chromedriver, and wrk (optional).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import ausgabe, boden, browser, callbacks, daten, importe, koeln, last, profil, server, start
from bench.messung import kennwerte, maschine

log = logging.getLogger("bench")
REDIS = "redis://127.0.0.1:6379/13"
ANTEILE = {"callbacks": 0.27, "boden": 0.06, "import": 0.12, "browser": 0.16, "last": 0.2}
"""Shares of a database's time budget; the rest covers start-up, cold start and profile."""


def _argumente(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--datenbank", choices=("sqlite", "postgresql", "beide"), default="beide")
    p.add_argument("--wiederholungen", type=int, default=None,
                   help="warme Wiederholungen je Eingabe (Standard 5, schnell 3)")
    p.add_argument("--json", type=Path, default=None, help="Ergebnisdatei (Standard bench/ergebnisse/<datum>.json)")
    p.add_argument("--schnell", action="store_true", help="Musterstadt, kleine Budgets: etwa 2 Minuten")
    p.add_argument("--groesse", choices=("musterstadt", "grossstadt", "metropole"), default=None,
                   help="Demostadt (Standard grossstadt, schnell musterstadt)")
    p.add_argument("--zeitbudget", type=float, default=None,
                   help="Sekunden für den ganzen Lauf (Standard 540, schnell 90); jede Phase bekommt einen Anteil")
    p.add_argument("--eingaben", type=int, default=None, help="verschiedene Eingaben je Seite (Standard 6, schnell 3)")
    p.add_argument("--nutzer", type=int, default=8, help="simulierte Nutzer im Lasttest (Standard 8)")
    p.add_argument("--sqlite-datei", type=Path, default=None, help="vorhandene SQLite-Datei (wird kopiert)")
    p.add_argument("--postgresql-url", default=None, help="vorhandene PostgreSQL-Datenbank (wird nur gelesen)")
    p.add_argument("--redis-url", default=REDIS, help=f"Redis für den gemeinsamen Cache (Standard {REDIS}; "
                                                      "die Datenbank wird geleert)")
    p.add_argument("--ohne-browser", action="store_true")
    p.add_argument("--ohne-last", action="store_true")
    a = p.parse_args(argv)
    a.groesse = a.groesse or ("musterstadt" if a.schnell else "grossstadt")
    a.wiederholungen = a.wiederholungen or (3 if a.schnell else 5)
    a.zeitbudget = a.zeitbudget or (90 if a.schnell else 540)
    a.eingaben = a.eingaben or (3 if a.schnell else 6)
    return a


def _einstellungen(basis: daten.Datenbasis, redis_url: str | None):
    from kennzahlen.settings import Einstellungen

    return Einstellungen(database_url=basis.url, redis_url=redis_url or "", anmeldung="aus", loglevel="WARNING",
                         demo_laden=False)


class Uhr:
    """Wall time of each phase of one database (``phasen_s`` in the JSON), logged as it starts."""

    def __init__(self, art: str) -> None:
        self.art = art
        self.zeiten: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(self, name: str, budget: float | None = None):
        log.info("[%s] %s%s …", self.art, name, f" (Budget {budget:.0f} s)" if budget else "")
        start = time.perf_counter()
        try:
            yield
        finally:
            self.zeiten[name] = round(time.perf_counter() - start, 1)


def _im_prozess(basis, eingaben, redis_url, args, budget: float, trivial_median_s: float, uhr: Uhr) -> dict:
    """Callbacks through the test client, the floor, the profile of the slowest; the engine is closed after."""
    from dashboard import create_app

    ergebnis: dict = {}
    start_s = time.perf_counter()
    app = create_app(_einstellungen(basis, redis_url))
    ergebnis["create_app_warm_ms"] = round((time.perf_counter() - start_s) * 1000, 1)
    engine = app.server.extensions["wirkungscockpit"].fabrik.kw["bind"]
    try:
        with uhr.phase("Callbacks", budget * ANTEILE["callbacks"]):
            messungen = callbacks.messen(app, eingaben, args.wiederholungen, budget * ANTEILE["callbacks"])
        ergebnis["callbacks"] = {s: m.zusammenfassung() for s, m in messungen.items()}
        with uhr.phase("Boden", budget * ANTEILE["boden"]):
            ergebnis["boden"] = boden.messen(engine, messungen, trivial_median_s, budget * ANTEILE["boden"])
        ergebnis["graph_ids"] = {
            s: (m.eingaben_ohne_cache[0].adresse, [i for i, _ in m.figuren[0] if isinstance(i, str)])
            for s, m in messungen.items() if m.eingaben_ohne_cache
        }
        if (ziel := callbacks.langsamste(messungen)) is not None:
            with uhr.phase("Profil"):
                ergebnis["profil"] = profil.profilieren(app, *ziel)
        if (ziel := callbacks.langsamste(messungen, "warm")) is not None and ziel[1] is not None:
            with uhr.phase("Profil warm"):
                ergebnis["profil_warm"] = profil.profilieren(app, *ziel, mit_cache=True)
    finally:
        engine.dispose()
    return ergebnis


def _fehlertext(fehler: Exception) -> str:
    return f"fehlgeschlagen: {(str(fehler).strip().splitlines() or [repr(fehler)])[0][:300]}"


def _server_phasen(basis, eingaben, graph_ids, redis_url, args, budget: float, logordner: Path, treiber,
                   uhr: Uhr) -> dict:
    """gunicorn instances: time to first /health, load test (it also warms every worker on every page),
    browser render times, peak memory per worker (VmHWM after both)."""
    ergebnis: dict = {}
    instanzen = 2 if basis.art == "postgresql" else 1  # scale-out needs the shared database and cache
    if redis_url:  # a fresh shared cache, as after a deploy (entries of the in-process phase are gone)
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    umgebung = server.app_umgebung(basis.url, redis_url)
    laufend: list[server.Gunicorn] = []
    try:
        with uhr.phase("gunicorn starten"):
            app_server = []
            for _ in range(instanzen):
                app_server.append(server.starten("app:server", umgebung, 2, logordner))
                laufend.append(app_server[-1])
            trivial_server = []
            for _ in range(instanzen):
                trivial_server.append(server.starten("bench.app_trivial:server", {}, 2, logordner, pruefpfad="/"))
                laufend.append(trivial_server[-1])
        ergebnis["kaltstart_gunicorn"] = {"gunicorn_health_ms": round(app_server[0].start_s * 1000, 1),
                                          "gunicorn_trivial_ms": round(trivial_server[0].start_s * 1000, 1)}
        if not args.ohne_last:
            with uhr.phase("Last", budget * ANTEILE["last"]):
                try:
                    ergebnis["last"] = _last(app_server, trivial_server, eingaben, args, budget * ANTEILE["last"])
                except Exception as fehler:
                    log.exception("[%s] Lasttest fehlgeschlagen", basis.art)
                    ergebnis["last"] = {"status": _fehlertext(fehler)}
        if treiber is not None:
            with uhr.phase("Browser", budget * ANTEILE["browser"]):
                try:
                    eingraph = server.starten("bench.app_eingraph:server", {}, 2, logordner, pruefpfad="/")
                    laufend.append(eingraph)
                    ergebnis["browser"] = _browser(treiber, app_server[0], eingraph, args,
                                                   budget * ANTEILE["browser"], graph_ids)
                except Exception as fehler:
                    log.exception("[%s] Browser fehlgeschlagen", basis.art)
                    ergebnis["browser"] = {"status": _fehlertext(fehler)}
        else:
            ergebnis["browser"] = {"status": "nicht gemessen (--schnell: nur auf der ersten Datenbank; "
                                             "die Zeit im Browser hängt kaum von der Datenbank ab)"
                                   if args.schnell else "nicht gemessen (kein Browser)"}
        ergebnis["speicher"] = {
            "app_worker": [server.spitzenspeicher_mb(p) for s in app_server for p in s.worker()],
            "trivial_worker": [server.spitzenspeicher_mb(p) for s in trivial_server for p in s.worker()],
        }
    finally:
        for s in laufend:
            s.stoppen()
    return ergebnis


def _browser(treiber, app_server, eingraph, args, budget: float, graph_ids: dict) -> dict:
    from bench.app_eingraph import GRAPH_ID

    wiederholungen = 0 if args.schnell else 2
    mit_graph = sorted((len(ids), adresse) for adresse, ids in graph_ids.values() if ids)  # cheapest page with
    warm = mit_graph[0][1] if mit_graph else "/"  # a graph warms the browser's cache of the bundles (plotly too)
    browser.renderzeit(treiber, app_server.url + warm, "#seite", [])
    bare = {"eingraph": ("/", [GRAPH_ID])}
    bare_wechsel = {"eingraph": "/graphen?n=1"}  # the page change starts on a page with a graph (Plotly loaded)
    vorher = browser.messen(treiber, eingraph.url, bare, wiederholungen + 2, 30, wechsel_von=bare_wechsel)["eingraph"]
    # page changes inside the app start on the Kennzahl page (graphs, map, grid: every bundle loaded), the
    # Kennzahl page's own from the cockpit
    start = ({s: graph_ids["cockpit" if s == "kennzahl" else "kennzahl"][0] for s in graph_ids}
             if {"cockpit", "kennzahl"} <= graph_ids.keys() else None)
    seiten = browser.messen(treiber, app_server.url, graph_ids, wiederholungen, budget, wechsel_von=start)
    nachher = {"werte_ms": [], "wechsel_werte_ms": []} if args.schnell else browser.messen(
        treiber, eingraph.url, bare, wiederholungen + 2, 30, wechsel_von=bare_wechsel)["eingraph"]
    skalierung = {n: browser.renderzeit(treiber, f"{eingraph.url}/komponenten?n={n}", "#seite", [])["fertig"]
                  for n in ((250,) if args.schnell else (250, 1000))}
    graphen: dict[int, float | None] = {}  # bare pages with as many charts as ours: the floor of drawing them
    for n in sorted({len(ids) for _, ids in graph_ids.values() if len(ids) > 1}):
        ids = [f"{GRAPH_ID}-{i}" for i in range(1, n + 1)]
        laeufe = [browser.renderzeit(treiber, f"{eingraph.url}/graphen?n={n}", "#seite", ids)["fertig"]
                  for _ in range(wiederholungen + 2)]
        gueltig = [w for w in laeufe if w is not None]
        graphen[n] = round(statistics.median(gueltig), 1) if gueltig else None
    werte = [w for w in vorher["werte_ms"] + nachher["werte_ms"] if w is not None]
    wechsel = [w for w in vorher["wechsel_werte_ms"] + nachher["wechsel_werte_ms"] if w is not None]
    return {"seiten": seiten, "eingraph": {**vorher, "median_ms": round(statistics.median(werte), 1) if werte else None,
                                           "werte_ms": werte, "wechsel_werte_ms": wechsel,
                                           "wechsel_ms": round(statistics.median(wechsel), 1) if wechsel else None},
            "renderer_html_div_ms": skalierung, "nackt_mit_n_graphen_ms": graphen}


def _last(app_server, trivial_server, eingaben, args, budget: float) -> dict:
    from bench.app_trivial import KOERPER

    koerper = [callbacks.koerper(e) for liste in eingaben.values() for e in liste]
    dauer = max(5.0 if args.schnell else 15.0, budget * 0.35)
    urls = [s.url for s in app_server]
    aufwaermen = last.lasten(urls, koerper, args.nutzer, max(3.0, budget * 0.15), 2)  # every worker, every page
    app = last.lasten(urls, koerper, args.nutzer, dauer, 2)
    app["aufwaermen"] = {k: aufwaermen[k] for k in ("sekunden", "anfragen", "fehler", "p50_ms", "nachlauf_s")}
    trivial = last.lasten([s.url for s in trivial_server], [KOERPER], args.nutzer, dauer, 2)
    return {"app": app, "trivial": trivial, "verhaeltnis_je_worker": round(
        app["anfragen_je_s_je_worker"] / trivial["anfragen_je_s_je_worker"], 4)
        if app["anfragen_je_s_je_worker"] and trivial["anfragen_je_s_je_worker"] else None}


def datenbank_messen(art: str, args, budget: float, ordner: Path, logordner: Path, trivial_median_s: float,
                     treiber) -> dict:
    """Every phase on one database."""
    uhr = Uhr(art)
    with uhr.phase("Datenbasis bereitstellen"):
        if art == "sqlite":
            basis = daten.sqlite_bereitstellen(args.groesse, ordner, args.sqlite_datei)
            redis_url = None
        else:
            basis = daten.postgresql_bereitstellen(args.groesse, url=args.postgresql_url)
            redis_url = args.redis_url
        eingaben = daten.eingaben(basis.url, args.eingaben)
    log.info("[%s] Datenbasis: %s (%s)", art, basis.url, basis.quelle)
    ergebnis: dict = {"datenbasis": vars(basis), "cache": "Redis (geteilt)" if redis_url else "lokal je Worker (LRU)",
                      "eingaben": {s: [e.adresse for e in liste] for s, liste in eingaben.items()}}
    ergebnis.update(_im_prozess(basis, eingaben, redis_url, args, budget, trivial_median_s, uhr))
    graph_ids = ergebnis.pop("graph_ids", {})
    with uhr.phase("Kaltstart"):
        ergebnis["kaltstart"] = start.create_app_zeit(basis.url, redis_url, 1 if args.schnell else 2)
    with uhr.phase("Import", budget * ANTEILE["import"]):
        ergebnis["import"] = importe.messen(basis, ordner, budget * ANTEILE["import"] / 2,
                                           10_000 if args.schnell else 200_000)
        ergebnis["import_haushalt"] = importe.messen(basis, ordner, budget * ANTEILE["import"] / 2,
                                                     10_000 if args.schnell else 200_000, art="haushalt_lang")
    try:
        phasen = _server_phasen(basis, eingaben, graph_ids, redis_url, args, budget, logordner / art, treiber, uhr)
        ergebnis["kaltstart"].update(phasen.pop("kaltstart_gunicorn", {}))
        ergebnis.update(phasen)
    except Exception as fehler:
        log.exception("[%s] Serverphasen fehlgeschlagen", art)
        ergebnis["fehler"] = f"Serverphasen: {_fehlertext(fehler)}"
    ergebnis["phasen_s"] = uhr.zeiten
    ergebnis["ziele"] = ausgabe.ziele(ergebnis)
    return ergebnis


def main(argv: list[str] | None = None) -> int:
    args = _argumente(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    beginn = time.perf_counter()
    zeitpunkt = dt.datetime.now().astimezone()
    ergebnis: dict = {"zeitpunkt": zeitpunkt.isoformat(timespec="seconds"), "schnell": args.schnell,
                      "groesse": args.groesse, "argumente": {k: str(v) for k, v in vars(args).items()},
                      "maschine": maschine()}
    logordner = daten.ORDNER / "logs" / f"{zeitpunkt:%Y-%m-%d_%H%M%S}"  # gunicorn output, kept for diagnosis
    triv = boden.trivialer_callback(300)
    ergebnis["trivial"] = kennwerte(triv)
    arten = ["sqlite", "postgresql"] if args.datenbank == "beide" else [args.datenbank]
    treiber = None
    if not args.ohne_browser:
        try:
            treiber = browser.treiber()
        except Exception as fehler:
            log.warning("Kein Browser: %s", fehler)
    ergebnis["bericht"] = importe.bericht_erzeugen()
    ergebnis["datenbanken"] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="wk_bench_") as ordner:
            for i, art in enumerate(arten):
                rest = args.zeitbudget - (time.perf_counter() - beginn)
                budget = max(20.0, rest / (len(arten) - i))
                ergebnis["datenbanken"][art] = datenbank_messen(  # --schnell: the browser on the first only
                    art, args, budget, Path(ordner), logordner, statistics.median(triv),
                    treiber if i == 0 or not args.schnell else None)
            if treiber is not None:
                try:
                    ergebnis["koeln"] = koeln.messen(treiber, Path(ordner), logordner / "koeln",
                                                     2 if args.schnell else 5)
                except Exception as fehler:
                    log.exception("Köln fehlgeschlagen")
                    ergebnis["koeln"] = {"status": _fehlertext(fehler)}
    finally:
        if treiber is not None:
            treiber.quit()
    ergebnis["dauer_s"] = round(time.perf_counter() - beginn, 1)
    text = ausgabe.drucken(ergebnis)
    print(text)
    ziel = args.json or daten.ORDNER / f"{zeitpunkt:%Y-%m-%d_%H%M%S}.json"
    ziel.parent.mkdir(parents=True, exist_ok=True)
    ziel.write_text(json.dumps(ergebnis, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"\nJSON: {ziel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
