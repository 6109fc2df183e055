"""Caching of data functions by their arguments and the data version.

A cached function takes a session factory first; the cache lives on the factory (``cache_anbinden``),
so tests and scripts without a cache simply compute. The key holds the database, the function, its
arguments and the data version read from the database on every call: an import through any worker or
instance advances the version, and every other worker computes anew on its next request. With
``WK_REDIS_URL`` the cache is shared (Redis), otherwise each process keeps a small LRU of its own.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from kennzahlen import datenstand

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
ATTRIBUT = "wk_cache"


class Speicher(Protocol):
    """What a cache backend offers."""

    def holen(self, schluessel: str) -> bytes | None: ...
    def ablegen(self, schluessel: str, wert: bytes) -> None: ...


class LokalerSpeicher:
    """A thread-safe LRU in process memory (one per worker)."""

    def __init__(self, eintraege: int = 256) -> None:
        self._daten: OrderedDict[str, bytes] = OrderedDict()
        self._sperre = threading.Lock()
        self._eintraege = eintraege
        self.seiten: LokalerSpeicher | None = None
        """The finished pages that belong to this cache (see ``seitenspeicher``)."""

    def holen(self, schluessel: str) -> bytes | None:
        """The stored value or None."""
        with self._sperre:
            wert = self._daten.get(schluessel)
            if wert is not None:
                self._daten.move_to_end(schluessel)
            return wert

    def ablegen(self, schluessel: str, wert: bytes) -> None:
        """Store a value, dropping the least recently used beyond the limit."""
        with self._sperre:
            self._daten[schluessel] = wert
            self._daten.move_to_end(schluessel)
            while len(self._daten) > self._eintraege:
                self._daten.popitem(last=False)


class RedisSpeicher:
    """A cache shared by all workers and instances (entries expire after ``ttl`` seconds)."""

    def __init__(self, url: str, ttl: int = 3600) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2)
        self._ttl = ttl

    def holen(self, schluessel: str) -> bytes | None:
        """The stored value or None (also when Redis is unreachable: then we compute)."""
        try:
            return self._redis.get(schluessel)
        except Exception:
            log.warning("Redis nicht erreichbar, rechne ohne Cache", exc_info=True)
            return None

    def ablegen(self, schluessel: str, wert: bytes) -> None:
        """Store a value with expiry (errors are logged, not raised)."""
        try:
            self._redis.set(schluessel, wert, ex=self._ttl)
        except Exception:
            log.warning("Redis nicht erreichbar, Wert nicht zwischengespeichert", exc_info=True)

    def pruefen(self) -> None:
        """Raise when Redis cannot be reached (used at start-up)."""
        self._redis.ping()


def cache_anbinden(fabrik, speicher: Speicher | None) -> None:
    """Attach a cache backend to a session factory (None: no caching)."""
    setattr(fabrik, ATTRIBUT, speicher)


SEITEN_JE_WORKER = 48
"""Finished pages a worker keeps without Redis (a big page is about 1 MB of JSON)."""


def seitenspeicher(fabrik) -> Speicher | None:
    """Where finished pages go: the shared Redis, else a small LRU that lives and dies with the local data cache
    (a new or detached data cache – after ``cache_anbinden`` – takes the pages with it); None without cache."""
    speicher = getattr(fabrik, ATTRIBUT, None)
    if not isinstance(speicher, LokalerSpeicher):
        return speicher
    if speicher.seiten is None:
        speicher.seiten = LokalerSpeicher(SEITEN_JE_WORKER)
    return speicher.seiten


@functools.cache
def quellstand(ordner: str) -> str:
    """A hash of the Python source below ``ordner`` (for cache keys that must change with the code)."""
    from pathlib import Path

    pruefsumme = hashlib.sha256()
    for datei in sorted(Path(ordner).rglob("*.py")):
        pruefsumme.update(datei.read_bytes())
    return pruefsumme.hexdigest()[:16]


def codestand() -> str:
    """A hash of this package's source: cached values of another code version are never read back
    (a rolling deploy with a shared Redis would otherwise unpickle objects of an older shape)."""
    from pathlib import Path

    return quellstand(str(Path(__file__).parent))


def _schluessel(fabrik, funktion: Callable, args: tuple, kwargs: dict, version: int) -> str:
    url = fabrik.kw["bind"].url.render_as_string(hide_password=True)
    roh = repr((codestand(), url, funktion.__module__, funktion.__qualname__, args, sorted(kwargs.items()), version))
    return "wk:" + hashlib.sha256(roh.encode()).hexdigest()


def zwischenspeichern(funktion: F) -> F:
    """Cache ``funktion(fabrik, *args)`` by its arguments and the current data version."""

    @functools.wraps(funktion)
    def verpackt(fabrik, *args, **kwargs):
        speicher: Speicher | None = getattr(fabrik, ATTRIBUT, None)
        if speicher is None:
            return funktion(fabrik, *args, **kwargs)
        schluessel = _schluessel(fabrik, funktion, args, kwargs, datenstand.lesen(fabrik))
        treffer = speicher.holen(schluessel)
        if treffer is not None:
            return pickle.loads(treffer)
        wert = funktion(fabrik, *args, **kwargs)
        speicher.ablegen(schluessel, pickle.dumps(wert, protocol=pickle.HIGHEST_PROTOCOL))
        return wert

    verpackt.ungecacht = funktion  # type: ignore[attr-defined]
    return verpackt  # type: ignore[return-value]
