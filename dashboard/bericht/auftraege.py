"""Report jobs of the web app: built in a child process (started and watched by a background thread of the
worker that got the click), with progress and the finished files in a store every worker can read, and
served by a download route behind "lesen".

Why a child process: laying out a Großstadt report takes a few hundred MB (WeasyPrint keeps the boxes of all
pages); a worker would keep that memory after the report (Python rarely returns it to the system). The child
returns all of it when it ends, so the workers stay small. It is spawned (not forked: the worker has threads
and open connections) and opens its own database connection.

The store is the shared Redis when the app has one (``WK_REDIS_URL``), else the data directory on disk
(``WK_DATENVERZEICHNIS/berichte``), which all gunicorn workers of one machine share. A job is identified by
a random id (32 hex digits); its state is JSON (anteil, text, fertig, fehler, name), its files are bytes.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from pathlib import Path

from flask import Response, abort, current_app

from kennzahlen.cache import ATTRIBUT, RedisSpeicher
from kennzahlen.perioden import Periode

log = logging.getLogger(__name__)
AUFTRAG = re.compile(r"^[0-9a-f]{32}$")
ENDUNGEN = {"pdf": "application/pdf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
AUFBEWAHRUNG_S = 24 * 3600
"""Files of finished reports on disk are removed after a day (Redis expires them after its TTL)."""


class Ablage:
    """Where job states and files live: Redis (shared by all instances) or a folder (shared by the workers)."""

    def __init__(self, ordner: Path | str, redis_url: str | None = None) -> None:
        self._redis = RedisSpeicher(redis_url) if redis_url else None
        self._ordner = Path(ordner)
        self.redis_url = redis_url

    @classmethod
    def der_app(cls, fabrik, einstellungen) -> Ablage:
        """The store of an app: its Redis when the data cache is shared, else ``<datenverzeichnis>/berichte``."""
        geteilt = isinstance(getattr(fabrik, ATTRIBUT, None), RedisSpeicher) and einstellungen.redis_url
        return cls(Path(einstellungen.datenverzeichnis).resolve() / "berichte",
                   einstellungen.redis_url if geteilt else None)

    @property
    def ordner(self) -> Path:
        """The folder of the files (when no Redis is used)."""
        return self._ordner

    def _pfad(self, auftrag: str, teil: str) -> Path:
        return self._ordner / f"{auftrag}.{teil}"

    def schreiben(self, auftrag: str, teil: str, daten: bytes) -> None:
        """Store one part of a job (``status``, ``pdf`` or ``xlsx``)."""
        if self._redis is not None:
            self._redis.ablegen(f"wk:bericht:{auftrag}:{teil}", daten)
            return
        self._ordner.mkdir(parents=True, exist_ok=True)
        ziel = self._pfad(auftrag, teil)
        tmp = ziel.with_suffix(ziel.suffix + ".tmp")
        tmp.write_bytes(daten)
        tmp.replace(ziel)  # readers never see half a file

    def lesen(self, auftrag: str, teil: str) -> bytes | None:
        """One part of a job, or None when it is unknown or expired."""
        if self._redis is not None:
            return self._redis.holen(f"wk:bericht:{auftrag}:{teil}")
        pfad = self._pfad(auftrag, teil)
        return pfad.read_bytes() if pfad.exists() else None

    def aufraeumen(self) -> None:
        """Remove files of jobs older than ``AUFBEWAHRUNG_S``."""
        if self._redis is not None or not self._ordner.exists():
            return
        grenze = time.time() - AUFBEWAHRUNG_S
        for pfad in self._ordner.iterdir():
            try:
                if pfad.stat().st_mtime < grenze:
                    pfad.unlink()
            except OSError:
                pass


def status_lesen(ablage: Ablage, auftrag: str | None) -> dict | None:
    """The job's state (anteil, text, fertig, fehler, name), or None for an unknown job."""
    if not auftrag or not AUFTRAG.match(auftrag):
        return None
    roh = ablage.lesen(auftrag, "status")
    return None if roh is None else json.loads(roh)


def _status(ablage: Ablage, auftrag: str, **werte) -> None:
    ablage.schreiben(auftrag, "status", json.dumps(werte, ensure_ascii=False).encode("utf-8"))


def spitzenspeicher_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory (VmHWM) of a process in MB; None where /proc is missing."""
    try:
        for zeile in Path(f"/proc/{pid}/status").read_text().splitlines():
            if zeile.startswith("VmHWM:"):
                return round(int(zeile.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _kind(url: str, ordner: str, redis_url: str | None, auftrag: str, periode: Periode,
          handlungsfeld: str | None, regeln) -> None:
    """Entry of the child process: own engine, build, store."""
    from kennzahlen.db import engine_erstellen, sessionfabrik

    engine = engine_erstellen(url)
    try:
        bauen(Ablage(ordner, redis_url), auftrag, sessionfabrik(engine), periode, handlungsfeld, regeln)
    finally:
        engine.dispose()


def _ueberwachen(prozess, ablage: Ablage, auftrag: str, name: str) -> None:
    try:
        prozess.join()
    except SystemExit:  # the server is shutting down; the daemon child ends with it
        return
    status = status_lesen(ablage, auftrag)
    if prozess.exitcode != 0 and not (status and status.get("fertig")):
        log.error("Berichtsprozess %s endete mit %s", name, prozess.exitcode)
        _status(ablage, auftrag, anteil=1.0, text="Fehler", fertig=True, name=name,
                fehler=f"Der Bericht konnte nicht erstellt werden (Prozess beendet mit Code {prozess.exitcode}). "
                       "Bitte erneut versuchen oder den Betrieb informieren.")


def bauen(ablage: Ablage, auftrag: str, fabrik, periode: Periode, handlungsfeld: str | None, regeln) -> None:
    """Build a report and store its progress, files and end state (errors as a German message)."""
    from dashboard.bericht import berichtspaket, dateiname

    name = dateiname(periode, handlungsfeld)
    letzte = [0.0]

    def melden(anteil: float, text: str) -> None:
        if anteil >= 1.0 or time.monotonic() - letzte[0] > 0.3:  # no store write per image on a fast machine
            letzte[0] = time.monotonic()
            _status(ablage, auftrag, anteil=round(anteil, 3), text=text, fertig=False, fehler=None, name=name)

    try:
        paket = berichtspaket(fabrik, periode, handlungsfeld, regeln, melden)
        ablage.schreiben(auftrag, "pdf", paket.pdf)
        ablage.schreiben(auftrag, "xlsx", paket.xlsx)
        _status(ablage, auftrag, anteil=1.0, text=f"Fertig in {paket.sekunden:.0f} s".replace(".", ","),
                fertig=True, fehler=None, name=name, sekunden=round(paket.sekunden, 2),
                spitzenspeicher_mb=spitzenspeicher_mb())
    except Exception as fehler:  # the page must say so instead of waiting forever
        log.exception("Bericht %s konnte nicht erstellt werden", name)
        _status(ablage, auftrag, anteil=1.0, text="Fehler", fertig=True, name=name,
                fehler=f"Der Bericht konnte nicht erstellt werden ({type(fehler).__name__}: {fehler}). "
                       "Bitte erneut versuchen oder den Betrieb informieren.")


def starten(kontext, periode: Periode, handlungsfeld: str | None, regeln) -> str:
    """Start building a report in a child process (watched by a thread); returns the job id at once."""
    import multiprocessing

    from dashboard.bericht import dateiname

    ablage = Ablage.der_app(kontext.fabrik, kontext.einstellungen)
    ablage.aufraeumen()
    auftrag = uuid.uuid4().hex
    name = dateiname(periode, handlungsfeld)
    _status(ablage, auftrag, anteil=0.0, text="Bericht wird vorbereitet …", fertig=False, fehler=None, name=name)
    url = kontext.fabrik.kw["bind"].url.render_as_string(hide_password=False)
    prozess = multiprocessing.get_context("spawn").Process(
        target=_kind, args=(url, str(ablage.ordner), ablage.redis_url, auftrag, periode, handlungsfeld, regeln),
        name=f"bericht-{auftrag[:8]}", daemon=True)
    prozess.start()
    threading.Thread(target=_ueberwachen, args=(prozess, ablage, auftrag, name), name=f"bericht-{auftrag[:8]}",
                     daemon=True).start()
    return auftrag


def einrichten(server) -> None:
    """Add the route /download/bericht/<auftrag>.<pdf|xlsx> (right "lesen"; 404 for unknown or unfinished jobs).
    Idempotent: a second call on the same server adds nothing."""
    if "bericht_laden" in server.view_functions:
        return
    from dashboard import sicherheit

    @server.get("/download/bericht/<auftrag>.<endung>")
    def bericht_laden(auftrag: str, endung: str):
        sicherheit.pruefen("lesen")
        if endung not in ENDUNGEN or not AUFTRAG.match(auftrag):
            abort(404)
        kontext = current_app.extensions["wirkungscockpit"]
        ablage = Ablage.der_app(kontext.fabrik, kontext.einstellungen)
        status = status_lesen(ablage, auftrag)
        daten = ablage.lesen(auftrag, endung) if status and status.get("fertig") else None
        if daten is None:
            return Response("Diesen Bericht gibt es nicht (mehr). Bitte unter „Berichte“ neu erstellen.", 404,
                            mimetype="text/plain; charset=utf-8")
        antwort = Response(daten, mimetype=ENDUNGEN[endung])
        antwort.headers["Content-Disposition"] = f'attachment; filename="{status["name"]}.{endung}"'
        return antwort
