"""Where the time goes: cProfile of the slowest uncached router callback, summarised by file:function."""

from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path

from bench.callbacks import aufrufen, koerper
from bench.daten import Eingabe
from bench.server import WURZEL

EIGENE = ("dashboard/", "kennzahlen/")
HUELLEN = {"seite", "seite_rendern", "layout", "verpackt", "add_context", "dispatch", "_perform_callback",
           "wsgi_app", "full_dispatch_request", "dispatch_request", "run_wsgi_app", "post", "open", "run_app",
           "_callback_pruefen", "_tor", "wrapper", "invoke_callback", "__call__", "_sync", "_invoke_callback"}


def _ort(datei: str, zeile: int, name: str) -> str:
    pfad = Path(datei)
    try:
        pfad = pfad.resolve().relative_to(WURZEL)
    except ValueError:
        teile = pfad.parts
        if "site-packages" in teile:
            pfad = Path(*teile[teile.index("site-packages") + 1:])
    return f"{pfad}:{zeile}:{name}"


BEREICHE = ("pandas", "numpy", "plotly", "_plotly_utils", "sqlalchemy", "psycopg", "dash", "flask", "werkzeug",
            "json", "pickle", "redis", "decimal", "babel", "dash_bootstrap_components")


def _bereich(datei: str, name: str) -> str:
    """The package a profiled function belongs to (built-ins by their name, e.g. sqlite3 execute)."""
    d = datei.replace("\\", "/")
    if d == "~":
        if "sqlite3" in name or "execute" in name or "fetch" in name:
            return "Datenbanktreiber (C)"
        return "Python-Builtins"
    if "/site-packages/" in d:
        paket = d.split("/site-packages/", 1)[1].split("/", 1)[0]
        if paket == "_plotly_utils":
            paket = "plotly"
        return paket if paket in BEREICHE else f"sonstige ({paket})"
    for eigen in ("dashboard", "kennzahlen", "bench"):
        if f"/{eigen}/" in d:
            return eigen
    return "Python-Standardbibliothek"


def profilieren(app, seite: str, e: Eingabe, anzahl: int = 8, mit_cache: bool = False) -> dict:
    """Profile one call of ``e`` – uncached, or ``mit_cache`` answered from a warm cache (called once
    before); top functions by own time, own time per package, and our own functions by total time."""
    from kennzahlen.cache import ATTRIBUT, cache_anbinden

    client = app.server.test_client()
    fabrik = app.server.extensions["wirkungscockpit"].fabrik
    speicher = getattr(fabrik, ATTRIBUT, None)
    if mit_cache:
        aufrufen(client, koerper(e))
    else:
        cache_anbinden(fabrik, None)
    profil = cProfile.Profile()
    try:
        profil.enable()
        dauer, _ = aufrufen(client, koerper(e))
        profil.disable()
    finally:
        cache_anbinden(fabrik, speicher)
    werte = pstats.Stats(profil, stream=io.StringIO()).stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    eigenzeit = sorted(werte.items(), key=lambda kv: kv[1][2], reverse=True)[:anzahl]
    eigene = [
        (k, v) for k, v in werte.items()
        if any(s in k[0].replace("\\", "/") for s in EIGENE) and k[2] not in HUELLEN and "/bench/" not in k[0]
    ]
    eigene.sort(key=lambda kv: kv[1][3], reverse=True)
    anteile: dict[str, float] = {}
    for (datei, _z, name), v in werte.items():
        anteile[_bereich(datei, name)] = anteile.get(_bereich(datei, name), 0.0) + v[2]
    return {
        "seite": seite,
        "cache": "warm" if mit_cache else "ohne",
        "adresse": e.adresse,
        "dauer_ms": round(dauer * 1000, 1),
        "eigenzeit": [{"ort": _ort(*k), "ms": round(v[2] * 1000, 1), "aufrufe": v[1]} for k, v in eigenzeit],
        "eigenzeit_nach_bereich_ms": {k: round(v * 1000, 1)
                                      for k, v in sorted(anteile.items(), key=lambda kv: -kv[1]) if v >= 0.0005},
        "eigener_code_gesamtzeit": [{"ort": _ort(*k), "ms": round(v[3] * 1000, 1), "aufrufe": v[1]}
                                    for k, v in eigene[:anzahl]],
    }
