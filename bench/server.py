"""Real servers for the browser and load runs: gunicorn on a free loopback port, stopped by its pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent


def freier_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as antwort:
            return antwort.status
    except Exception:
        return None


@dataclass
class Gunicorn:
    """One gunicorn master with its workers; ``start_s`` is the time from spawn to the first 200."""

    prozess: subprocess.Popen
    port: int
    start_s: float
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker(self) -> list[int]:
        """Pids of the worker processes (children of the master)."""
        pfad = Path(f"/proc/{self.prozess.pid}/task/{self.prozess.pid}/children")
        try:
            return [int(p) for p in pfad.read_text().split()]
        except OSError:
            return []

    def stoppen(self) -> None:
        """SIGTERM to the master (it stops its workers), then wait; SIGKILL after 15 s."""
        if self.prozess.poll() is None:
            self.prozess.send_signal(signal.SIGTERM)
            try:
                self.prozess.wait(15)
            except subprocess.TimeoutExpired:
                self.prozess.kill()
                self.prozess.wait(5)


def spitzenspeicher_mb(pid: int) -> dict:
    """VmHWM (peak resident set) and VmRSS of a process in MB."""
    werte = {}
    try:
        for zeile in Path(f"/proc/{pid}/status").read_text().splitlines():
            if zeile.startswith(("VmHWM:", "VmRSS:")):
                name, wert = zeile.split(":", 1)
                werte[name] = round(int(wert.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"pid": pid, "spitze_mb": werte.get("VmHWM"), "aktuell_mb": werte.get("VmRSS")}


def starten(app: str, umgebung: dict[str, str], worker: int, logordner: Path, pruefpfad: str = "/health",
            timeout: float = 180) -> Gunicorn:
    """Start ``gunicorn app`` with ``worker`` sync workers on a free port; returns once ``pruefpfad`` answers 200."""
    port = freier_port()
    logordner.mkdir(parents=True, exist_ok=True)
    log = logordner / f"gunicorn-{app.replace(':', '_')}-{port}.log"
    env = {**os.environ, **umgebung, "PYTHONPATH": str(WURZEL)}
    befehl = [sys.executable, "-m", "gunicorn", app, "-w", str(worker), "-b", f"127.0.0.1:{port}",
              "--no-control-socket", "--timeout", "120", "--graceful-timeout", "5", "--log-level", "warning"]
    start = time.perf_counter()
    with open(log, "wb") as ausgabe:
        prozess = subprocess.Popen(befehl, cwd=WURZEL, env=env, stdout=ausgabe, stderr=subprocess.STDOUT)
    server = Gunicorn(prozess, port, 0.0, log)
    while time.perf_counter() - start < timeout:
        if prozess.poll() is not None:
            raise RuntimeError(f"gunicorn {app} beendet sich beim Start:\n{log.read_text()[-2000:]}")
        if _status(server.url + pruefpfad) == 200:
            server.start_s = time.perf_counter() - start
            # wait until every worker has loaded the app (the first 200 may come from the first worker)
            bis = time.perf_counter() + 60
            while len(server.worker()) < worker and time.perf_counter() < bis:
                time.sleep(0.05)
            return server
        time.sleep(0.01)
    server.stoppen()
    raise RuntimeError(f"gunicorn {app} antwortet nach {timeout:.0f} s nicht:\n{log.read_text()[-2000:]}")


def app_umgebung(url: str, redis_url: str | None) -> dict[str, str]:
    """Environment for ``app:server``: the database, the shared cache if any, no login, quiet logs."""
    return {"DATABASE_URL": url, "WK_REDIS_URL": redis_url or "", "WK_ANMELDUNG": "aus", "WK_LOGLEVEL": "WARNING",
            "WK_DEMO_LADEN": "nein"}
