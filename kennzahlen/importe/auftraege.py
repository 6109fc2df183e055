"""Imports in the background: a job row per upload, run by ``python -m kennzahlen auftrag <id>``.

A web request must never wait for an import: an 11 MB file takes longer than a worker may take. The
upload page therefore stores the file as an ``Importauftrag`` and starts a separate process; every
worker reads progress and result from the row, so polling may land on any worker or instance. The
import itself stays ``ablauf.importieren``: one transaction, all or nothing, audit entry inside.

A job whose process died (kill, restart) is recognised by its process id on this host, or by its age
elsewhere, and reported as "abgebrochen": nothing of it was stored, because its transaction never
committed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.importe.ablauf import importieren
from kennzahlen.importe.fehler import Fehler, ImportFehler
from kennzahlen.models import Importauftrag

log = logging.getLogger(__name__)
HOECHSTDAUER = dt.timedelta(hours=2)
"""A job running longer than this on another host is taken as dead (on this host the pid is checked)."""
AUFBEWAHRUNG = dt.timedelta(days=1)
"""Files of unconfirmed previews are removed after this time."""


@dataclass(frozen=True)
class Auftragsstand:
    """What the upload page shows of a job: status, progress, and the report or the errors."""

    id: int
    status: str
    vorschau: bool
    dateiname: str
    fortschritt: str
    anteil: float
    sekunden: float
    bericht: str | None = None
    fehler: list[Fehler] = field(default_factory=list)
    kandidaten: tuple[str, ...] = ()
    keine_aenderung: bool = False
    import_id: int | None = None
    bestaetigt: bool = False

    @property
    def laeuft(self) -> bool:
        """Still waiting or running."""
        return self.status in ("wartet", "laeuft")


def _jetzt() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(zeit: dt.datetime | None) -> dt.datetime | None:
    return zeit if zeit is None or zeit.tzinfo else zeit.replace(tzinfo=dt.UTC)


def _prozesskennung() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def anlegen(fabrik: sessionmaker[Session], benutzer: str, dateiname: str, inhalt: bytes, art: str | None,
            optionen: dict, vorschau: bool = True, quelle: str = "upload") -> int:
    """Store a file as a new job (status "wartet") and return its id.

    In the same transaction the files of finished jobs older than ``AUFBEWAHRUNG`` are removed (previews
    that were never confirmed keep their file only that long); the job rows with their results stay.
    """
    with fabrik() as s, s.begin():
        s.execute(update(Importauftrag).where(Importauftrag.erstellt_am < _jetzt() - AUFBEWAHRUNG,
                                              Importauftrag.status.in_(("fertig", "fehler", "abgebrochen")),
                                              Importauftrag.datei.is_not(None)).values(datei=None))
        auftrag = Importauftrag(benutzer=benutzer[:100], dateiname=(dateiname or "Datei")[:300], art=art,
                                optionen=json.dumps(optionen, ensure_ascii=False), vorschau=vorschau,
                                quelle=quelle[:100], status="wartet", anteil=0.0, datei=bytes(inhalt),
                                fortschritt="Wartet auf den Start")
        s.add(auftrag)
        s.flush()
        return auftrag.id


def bestaetigen(fabrik: sessionmaker[Session], vorschau_id: int, benutzer: str,
                optionen: dict | None = None) -> int:
    """A real import of a finished preview's file (once per preview, only by the one who previewed it);
    ``optionen`` are added to the preview's (e.g. the confirmation ``neue_stammdaten_anlegen``).

    Raises ImportFehler when the preview is unknown, someone else's, not finished, failed or was
    confirmed already (a second click never imports twice).
    """
    with fabrik() as s, s.begin():
        vorschau = s.scalar(select(Importauftrag).where(Importauftrag.id == vorschau_id).with_for_update())
        if vorschau is None or vorschau.benutzer != benutzer or not vorschau.vorschau:
            raise ImportFehler("Zu dieser Vorschau gibt es keinen Auftrag; bitte die Datei erneut hochladen.")
        if vorschau.bestaetigt_durch is not None:
            raise ImportFehler(f"Diese Vorschau wurde bereits bestätigt (Auftrag Nr. {vorschau.bestaetigt_durch}).")
        if vorschau.status != "fertig" or vorschau.datei is None:
            raise ImportFehler("Die Vorschau ist nicht fehlerfrei abgeschlossen; bestätigt werden kann nur eine "
                               "fehlerfreie Vorschau.")
        gesamt = json.loads(vorschau.optionen or "{}") | dict(optionen or {})
        auftrag = Importauftrag(benutzer=benutzer, dateiname=vorschau.dateiname, art=vorschau.art,
                                optionen=json.dumps(gesamt), vorschau=False, quelle=vorschau.quelle, status="wartet",
                                anteil=0.0, datei=vorschau.datei, fortschritt="Wartet auf den Start")
        s.add(auftrag)
        s.flush()
        vorschau.bestaetigt_durch = auftrag.id
        vorschau.datei = None
        return auftrag.id


def _fortschritt_schreiben(fabrik: sessionmaker[Session], auftrag_id: int, text: str, anteil: float) -> None:
    """Best effort: on SQLite the import's own transaction holds the write lock, so this may be skipped."""
    try:
        with fabrik() as s, s.begin():
            s.execute(update(Importauftrag).where(Importauftrag.id == auftrag_id)
                      .values(fortschritt=text[:300], anteil=max(0.0, min(1.0, anteil))))
    except OperationalError:
        pass


def _fehler_json(fehler: ImportFehler) -> str:
    return json.dumps({"fehler": [[f.blatt, f.zeile, f.spalte, f.wert, f.problem, f.erwartet, f.weitere, f.datei]
                                  for f in fehler.fehler[:1000]],
                       "anzahl": len(fehler.fehler), "kandidaten": list(fehler.kandidaten)}, ensure_ascii=False)


def ausfuehren(fabrik: sessionmaker[Session], auftrag_id: int) -> str:
    """Run one waiting job to its end and record the result; returns the final status."""
    with fabrik() as s, s.begin():
        auftrag = s.get(Importauftrag, auftrag_id)
        if auftrag is None or auftrag.status != "wartet" or auftrag.datei is None:
            return "unbekannt" if auftrag is None else auftrag.status
        auftrag.status, auftrag.prozess, auftrag.begonnen_am = "laeuft", _prozesskennung(), _jetzt()
        auftrag.fortschritt = "Läuft"
        daten = (auftrag.benutzer, auftrag.dateiname, bytes(auftrag.datei), auftrag.art,
                 json.loads(auftrag.optionen or "{}"), auftrag.vorschau, auftrag.quelle)
    benutzer, dateiname, inhalt, art, optionen, vorschau, quelle = daten
    ergebnis: dict = {"beendet_am": None, "anteil": 1.0}
    sqlite = fabrik.kw["bind"].dialect.name == "sqlite"

    def melden(text: str, anteil: float) -> None:
        # SQLite has one writer: inside the import's transaction a progress write would only wait.
        if not sqlite or anteil < 0.05:
            _fortschritt_schreiben(fabrik, auftrag_id, text, anteil)

    try:
        bericht = importieren(fabrik, dateiname, inhalt, benutzer, art, optionen, nur_vorschau=vorschau,
                              quelle=quelle, fortschritt=melden)
        ergebnis.update(status="fertig", bericht=bericht.text(), keine_aenderung=bericht.keine_aenderung,
                        import_id=bericht.import_id, fortschritt="Abgeschlossen")
    except ImportFehler as fehler:
        ergebnis.update(status="fehler", fehler=_fehler_json(fehler), fortschritt="Mit Fehlern beendet")
    except Exception:  # the job row must say what happened; the import's transaction rolled back
        log.exception("Importauftrag %s: unerwarteter Fehler", auftrag_id)
        ergebnis.update(status="fehler", fortschritt="Mit Fehlern beendet", fehler=_fehler_json(ImportFehler(
            "Interner Fehler beim Import; er wurde protokolliert. Nichts gespeichert.")))
    ergebnis["beendet_am"] = _jetzt()
    if not vorschau or ergebnis["status"] != "fertig":
        ergebnis["datei"] = None  # kept only for a preview that may still be confirmed
    with fabrik() as s, s.begin():
        s.execute(update(Importauftrag).where(Importauftrag.id == auftrag_id).values(**ergebnis))
    return ergebnis["status"]


def _lebt(prozess: str | None, begonnen: dt.datetime | None) -> bool:
    """Whether the process running a job can still be alive."""
    if not prozess:
        return True
    host, _, pid = prozess.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return begonnen is None or _jetzt() - _utc(begonnen) < HOECHSTDAUER


def stand(fabrik: sessionmaker[Session], auftrag_id: int, benutzer: str) -> Auftragsstand | None:
    """The job's state for its owner (None for unknown jobs or those of someone else)."""
    with fabrik() as s:
        a = s.get(Importauftrag, auftrag_id)
        if a is None or a.benutzer != benutzer:
            return None
        tot = a.status == "laeuft" and not _lebt(a.prozess, a.begonnen_am)
    if tot:
        with fabrik() as s, s.begin():
            s.execute(update(Importauftrag).where(Importauftrag.id == auftrag_id, Importauftrag.status == "laeuft")
                      .values(status="abgebrochen", fortschritt="Abgebrochen", datei=None, beendet_am=_jetzt(),
                              fehler=_fehler_json(ImportFehler(
                                  "Der Import wurde abgebrochen (der Prozess wurde beendet). Nichts gespeichert; "
                                  "bitte erneut hochladen."))))
    with fabrik() as s:
        a = s.get(Importauftrag, auftrag_id)
        fehler, kandidaten = [], ()
        if a.fehler:
            daten = json.loads(a.fehler)
            fehler = [Fehler(zeile=z, spalte=sp, wert=w, erwartet=e or "", problem=p, blatt=b, weitere=n or 0,
                             datei=(rest or [None])[0])
                      for b, z, sp, w, p, e, n, *rest in daten["fehler"]]
            kandidaten = tuple(daten.get("kandidaten", ()))
        ende = _utc(a.beendet_am) or _jetzt()
        return Auftragsstand(a.id, a.status, a.vorschau, a.dateiname, a.fortschritt or "", float(a.anteil or 0),
                             (ende - (_utc(a.begonnen_am) or _utc(a.erstellt_am))).total_seconds(), a.bericht,
                             fehler, kandidaten, a.keine_aenderung, a.import_id, a.bestaetigt_durch is not None)


def starten(datenbank_url: str, auftrag_id: int) -> subprocess.Popen:
    """Start ``python -m kennzahlen auftrag <id>`` as a process of its own (it outlives the request).

    The database URL goes through the environment (not the command line, where others could read it).
    A thread waits for the process so that it leaves no zombie behind.
    """
    umgebung = {**os.environ, "DATABASE_URL": datenbank_url}
    prozess = subprocess.Popen([sys.executable, "-m", "kennzahlen", "auftrag", str(auftrag_id)], env=umgebung,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True,
                               cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    threading.Thread(target=prozess.wait, daemon=True, name=f"importauftrag-{auftrag_id}").start()
    return prozess
