"""Bounded load test on loopback: a fixed number of simulated users for a fixed time.

With ``wrk`` (preferred: it costs little CPU) every connection is one user that POSTs callback bodies
in turn, as fast as answers come; without wrk a thread pool of keep-alive ``http.client`` connections
does the same. Errors are socket errors, timeouts and every answer that is not 200. Several servers
(instances) are loaded at the same time, the users split evenly between them. Only requests answered
within the time count; afterwards the servers are given time to work off what is still queued
(``nachlauf_s``), so that the next measurement starts on idle servers.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.messung import perzentil

LUA = """
local koerper = {%(koerper)s}
local herkunft = "%(herkunft)s"
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/_dash-update-component",
    {["Content-Type"] = "application/json", ["Origin"] = herkunft}, koerper[(i %% #koerper) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"anfragen":%%d,"dauer_us":%%d,"p50_us":%%d,"p95_us":%%d,"p99_us":%%d,' ..
    '"max_us":%%d,"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def _lua_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrk(url: str, koerper: list[dict], nutzer: int, sekunden: float, ordner: Path) -> subprocess.Popen:
    skript = ordner / f"last-{urlsplit(url).port}.lua"
    skript.write_text(LUA % {"koerper": ", ".join(_lua_text(json.dumps(k)) for k in koerper), "herkunft": url})
    return subprocess.Popen(["wrk", "-t1", f"-c{nutzer}", f"-d{max(1, round(sekunden))}s", "--timeout", "30s",
                             "-s", str(skript), url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wrk_auswerten(ausgabe: str) -> dict:
    zeile = next((z for z in ausgabe.splitlines() if z.startswith("WRKJSON")), None)
    if zeile is None:
        return {"anfragen": 0, "fehler": 1, "ausgabe": ausgabe[-500:]}
    w = json.loads(zeile[7:])
    fehler = w["connect"] + w["read"] + w["write"] + w["status"] + w["timeout"]
    return {"anfragen": w["anfragen"], "dauer_s": w["dauer_us"] / 1e6, "p50_ms": w["p50_us"] / 1000,
            "p95_ms": w["p95_us"] / 1000, "p99_ms": w["p99_us"] / 1000, "max_ms": w["max_us"] / 1000,
            "fehler": fehler, "fehler_art": {k: w[k] for k in ("connect", "read", "write", "status", "timeout")}}


def _python_last(url: str, koerper: list[dict], nutzer: int, sekunden: float) -> dict:
    """The same with threads (fallback without wrk)."""
    teile = urlsplit(url)
    ende = time.monotonic() + sekunden
    zeiten: list[float] = []
    fehler = [0]
    sperre = threading.Lock()
    daten = [json.dumps(k).encode() for k in koerper]

    def nutzer_lauf(nr: int) -> None:
        verbindung = http.client.HTTPConnection(teile.hostname, teile.port, timeout=30)
        i = nr
        while time.monotonic() < ende:
            i += 1
            start = time.perf_counter()
            try:
                verbindung.request("POST", "/_dash-update-component", body=daten[i % len(daten)],
                                   headers={"Content-Type": "application/json", "Origin": url})
                antwort = verbindung.getresponse()
                antwort.read()
                ok = antwort.status == 200
            except Exception:
                ok = False
                verbindung.close()
                verbindung = http.client.HTTPConnection(teile.hostname, teile.port, timeout=30)
            dauer = time.perf_counter() - start
            with sperre:
                if ok:
                    zeiten.append(dauer)
                else:
                    fehler[0] += 1
        verbindung.close()

    start = time.perf_counter()
    faeden = [threading.Thread(target=nutzer_lauf, args=(n,)) for n in range(nutzer)]
    for f in faeden:
        f.start()
    for f in faeden:
        f.join()
    dauer = time.perf_counter() - start
    return {"anfragen": len(zeiten) + fehler[0], "dauer_s": dauer,
            "p50_ms": statistics.median(zeiten) * 1000 if zeiten else None,
            "p95_ms": perzentil(zeiten, 95) * 1000 if zeiten else None,
            "p99_ms": perzentil(zeiten, 99) * 1000 if zeiten else None,
            "max_ms": max(zeiten) * 1000 if zeiten else None, "fehler": fehler[0]}


def leerlaufen(urls: list[str], hoechstens_s: float = 180) -> float:
    """Wait until every server has worked off what a finished load left queued (sync workers go on with
    requests whose client is gone): /health must answer within 0.5 s. Seconds waited."""
    start = time.perf_counter()
    for url in urls:
        teile = urlsplit(url)
        while time.perf_counter() - start < hoechstens_s:
            t = time.perf_counter()
            try:
                verbindung = http.client.HTTPConnection(teile.hostname, teile.port, timeout=hoechstens_s)
                verbindung.request("GET", "/health")
                verbindung.getresponse().read()
                verbindung.close()
            except Exception:
                time.sleep(0.2)
                continue
            if time.perf_counter() - t < 0.5:
                break
    return time.perf_counter() - start


def lasten(urls: list[str], koerper: list[dict], nutzer: int, sekunden: float, worker_je_instanz: int) -> dict:
    """Load all ``urls`` at once with ``nutzer`` users in total for ``sekunden``; summed req/s, latencies, errors."""
    je_instanz = max(1, nutzer // len(urls))
    werkzeug = "wrk" if shutil.which("wrk") else "python"
    teile: list[dict] = []
    with tempfile.TemporaryDirectory() as ordner:
        if werkzeug == "wrk":
            prozesse = [_wrk(u, koerper, je_instanz, sekunden, Path(ordner)) for u in urls]
            teile = [_wrk_auswerten(p.communicate(timeout=sekunden + 120)[0]) for p in prozesse]
        else:
            ergebnisse: list[dict] = [{} for _ in urls]

            def lauf(i: int) -> None:
                ergebnisse[i] = _python_last(urls[i], koerper, je_instanz, sekunden)

            faeden = [threading.Thread(target=lauf, args=(i,)) for i in range(len(urls))]
            for f in faeden:
                f.start()
            for f in faeden:
                f.join()
            teile = ergebnisse
    nachlauf = leerlaufen(urls)
    anfragen = sum(t["anfragen"] for t in teile)
    dauer = max((t.get("dauer_s") or sekunden) for t in teile)
    worker = worker_je_instanz * len(urls)
    return {
        "werkzeug": werkzeug,
        "instanzen": len(urls),
        "worker": worker,
        "nutzer": je_instanz * len(urls),
        "sekunden": round(dauer, 1),
        "anfragen": anfragen,
        "fehler": sum(t["fehler"] for t in teile),
        "anfragen_je_s": round(anfragen / dauer, 1) if dauer else None,
        "anfragen_je_s_je_worker": round(anfragen / dauer / worker, 1) if dauer else None,
        "p50_ms": round(max((t.get("p50_ms") or 0) for t in teile), 1),
        "p95_ms": round(max((t.get("p95_ms") or 0) for t in teile), 1),
        "nachlauf_s": round(nachlauf, 1),
        "teile": teile,
    }
