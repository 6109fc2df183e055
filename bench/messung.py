"""Small helpers: timing, median and 95th percentile, the machine the run happened on."""

from __future__ import annotations

import math
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def ms(sekunden: float) -> float:
    """Seconds → milliseconds, rounded to 0.01."""
    return round(sekunden * 1000, 2)


def stoppen(funktion: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    ergebnis = funktion()
    return time.perf_counter() - start, ergebnis


def perzentil(werte: Iterable[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation; NaN for no values."""
    reihe = sorted(werte)
    if not reihe:
        return math.nan
    if len(reihe) == 1:
        return reihe[0]
    lage = (len(reihe) - 1) * p / 100
    unten, oben = math.floor(lage), math.ceil(lage)
    return reihe[unten] + (reihe[oben] - reihe[unten]) * (lage - unten)


def kennwerte(sekunden: list[float]) -> dict:
    """n, median, p95, min, max in milliseconds of a list of durations in seconds."""
    if not sekunden:
        return {"n": 0, "median_ms": None, "p95_ms": None, "min_ms": None, "max_ms": None}
    return {
        "n": len(sekunden),
        "median_ms": ms(statistics.median(sekunden)),
        "p95_ms": ms(perzentil(sekunden, 95)),
        "min_ms": ms(min(sekunden)),
        "max_ms": ms(max(sekunden)),
    }


class Frist:
    """A time budget: ``abgelaufen`` once ``sekunden`` have passed since creation."""

    def __init__(self, sekunden: float) -> None:
        self.ende = time.monotonic() + sekunden

    @property
    def abgelaufen(self) -> bool:
        return time.monotonic() > self.ende

    @property
    def rest(self) -> float:
        return max(0.0, self.ende - time.monotonic())


def _cpu() -> str:
    try:
        for zeile in Path("/proc/cpuinfo").read_text().splitlines():
            if zeile.startswith("model name"):
                return zeile.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unbekannt"


def _speicher_gb() -> float | None:
    try:
        for zeile in Path("/proc/meminfo").read_text().splitlines():
            if zeile.startswith("MemTotal:"):
                return round(int(zeile.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _befehl(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
    except Exception:
        return "nicht verfügbar"


def maschine() -> dict:
    """What the numbers depend on: CPU, cores, memory, OS, versions and the load at the start."""
    from importlib.metadata import version

    os_name = "unbekannt"
    try:
        for zeile in Path("/etc/os-release").read_text().splitlines():
            if zeile.startswith("PRETTY_NAME="):
                os_name = zeile.split("=", 1)[1].strip('"')
    except OSError:
        pass
    pakete = {}
    for paket in ("dash", "plotly", "pandas", "sqlalchemy", "psycopg", "redis", "gunicorn", "selenium"):
        try:
            pakete[paket] = version(paket)
        except Exception:
            pakete[paket] = None
    return {
        "cpu": _cpu(),
        "kerne": os.cpu_count(),
        "speicher_gb": _speicher_gb(),
        "system": os_name,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pakete": pakete,
        "postgresql": _befehl("psql", "--version"),
        "redis": _befehl("redis-server", "--version"),
        "chromium": _befehl("/usr/bin/chromium", "--version"),
        "wrk": _befehl("wrk", "--version"),
        "last_beim_start": os.getloadavg(),
    }
