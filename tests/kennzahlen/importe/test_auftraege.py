"""Imports in the background (kennzahlen.importe.auftraege): preview, confirm once, progress, a killed run."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from kennzahlen.importe import auftraege
from kennzahlen.models import Auditeintrag, Importauftrag, Kennzahlwert

WERTE = "Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert\n"


def _anzahl(fabrik, modell) -> int:
    with fabrik() as s:
        return s.scalar(select(func.count()).select_from(modell))


def _stammdaten(fabrik, anzahl: int = 1) -> None:
    """Kennzahlen K1 … K<anzahl> to import values for (through the real import)."""
    from kennzahlen.importe import importieren

    importieren(fabrik, "hf.csv", b"Handlungsfeld;Name\nHF1;Arbeit\n", "test")
    zeilen = "".join(f"K{i};Quote {i};%;monat;wirkung;niedriger_besser;HF1\n" for i in range(1, anzahl + 1))
    importieren(fabrik, "kz.csv", ("Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;Handlungsfeld\n" + zeilen).encode(),
                "test")


def test_auf001_vorschau_bestaetigen_einmal(fabrik):
    """A preview stores nothing; its confirmation imports once, with an audit entry; a second one is refused."""
    _stammdaten(fabrik)
    datei = (WERTE + "K1;2025;monat;1;;ist;7,5\n").encode()
    vorschau = auftraege.anlegen(fabrik, "controlling", "werte.csv", datei, None, {}, vorschau=True)
    assert auftraege.ausfuehren(fabrik, vorschau) == "fertig"
    stand = auftraege.stand(fabrik, vorschau, "controlling")
    assert stand.status == "fertig" and "1 neu" in stand.bericht and _anzahl(fabrik, Kennzahlwert) == 0
    assert auftraege.stand(fabrik, vorschau, "jemand-anderes") is None
    audit_vorher = _anzahl(fabrik, Auditeintrag)
    echt = auftraege.bestaetigen(fabrik, vorschau, "controlling")
    with pytest.raises(auftraege.ImportFehler, match="bereits bestätigt"):
        auftraege.bestaetigen(fabrik, vorschau, "controlling")
    assert auftraege.ausfuehren(fabrik, echt) == "fertig"
    assert auftraege.ausfuehren(fabrik, echt) == "fertig"  # a finished job is never run again
    assert _anzahl(fabrik, Kennzahlwert) == 1 and _anzahl(fabrik, Auditeintrag) == audit_vorher + 1
    with fabrik() as s:
        assert all(a.datei is None for a in s.scalars(select(Importauftrag)))  # no file kept after the import


def test_auf002_fehler_bleiben_im_auftrag(fabrik):
    """A broken file: the job keeps every error with row and column; nothing is stored; it cannot be confirmed."""
    _stammdaten(fabrik)
    datei = (WERTE + "K1;2025;monat;1;;ist;7,5x\nK1;2025;monat;13;;ist;1\n").encode()
    auftrag = auftraege.anlegen(fabrik, "controlling", "werte.csv", datei, None, {}, vorschau=True)
    assert auftraege.ausfuehren(fabrik, auftrag) == "fehler"
    stand = auftraege.stand(fabrik, auftrag, "controlling")
    assert len(stand.fehler) >= 2 and {f.zeile for f in stand.fehler} >= {2, 3}
    assert any("7,5x" in (f.wert or "") for f in stand.fehler)
    with pytest.raises(auftraege.ImportFehler, match="nicht fehlerfrei"):
        auftraege.bestaetigen(fabrik, auftrag, "controlling")


def test_auf003_abgebrochener_prozess_speichert_nichts(fabrik, sqlite_url):
    """kill -9 during a large background import: nothing stored, the job says "abgebrochen"."""
    _stammdaten(fabrik, 25)
    zeilen = [f"K{k};{jahr};monat;{monat};;{art};{jahr % 7 + monat / 10:.1f}".replace(".", ",")
              for k in range(1, 26) for jahr in range(1990, 2100) for monat in range(1, 13)
              for art in ("ist", "zielwert", "prognose")]
    datei = (WERTE + "\n".join(zeilen) + "\n").encode()
    auftrag = auftraege.anlegen(fabrik, "controlling", "gross.csv", datei, None, {}, vorschau=False)
    prozess = auftraege.starten(sqlite_url, auftrag)
    ende = time.monotonic() + 60
    while auftraege.stand(fabrik, auftrag, "controlling").status == "wartet" and time.monotonic() < ende:
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(prozess.pid, signal.SIGKILL)
    prozess.wait(timeout=10)
    stand = auftraege.stand(fabrik, auftrag, "controlling")
    assert stand.status == "abgebrochen", stand
    assert "abgebrochen" in stand.fehler[0].problem
    assert _anzahl(fabrik, Kennzahlwert) == 0


def test_auf004_befehl_auftrag(fabrik, sqlite_url):
    """`python -m kennzahlen auftrag NR` runs a job to its end (exit 0) – what the upload page starts."""
    _stammdaten(fabrik)
    auftrag = auftraege.anlegen(fabrik, "controlling", "w.csv", (WERTE + "K1;2025;monat;2;;ist;3\n").encode(),
                                None, {}, vorschau=False)
    ergebnis = subprocess.run([sys.executable, "-m", "kennzahlen", "auftrag", str(auftrag)],
                              env={**os.environ, "DATABASE_URL": sqlite_url}, capture_output=True, text=True,
                              timeout=120)
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert _anzahl(fabrik, Kennzahlwert) == 1


def test_auf005_xlsx_ohne_xml_entitaeten():
    """openpyxl parses workbooks through defusedxml (no entity expansion)."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_auf006_alte_vorschaudateien_werden_entfernt(fabrik):
    """A preview never confirmed keeps its file one day; the next upload removes it, the job row stays."""
    import datetime as dt

    from sqlalchemy import update

    _stammdaten(fabrik)
    alt = auftraege.anlegen(fabrik, "controlling", "w.csv", (WERTE + "K1;2025;monat;1;;ist;1\n").encode(), None, {})
    auftraege.ausfuehren(fabrik, alt)
    with fabrik() as s, s.begin():
        s.execute(update(Importauftrag).where(Importauftrag.id == alt)
                  .values(erstellt_am=dt.datetime.now(dt.UTC) - auftraege.AUFBEWAHRUNG - dt.timedelta(minutes=1)))
    neu = auftraege.anlegen(fabrik, "controlling", "w.csv", (WERTE + "K1;2025;monat;2;;ist;1\n").encode(), None, {})
    with fabrik() as s:
        assert s.get(Importauftrag, alt).datei is None and s.get(Importauftrag, neu).datei is not None
    assert auftraege.stand(fabrik, alt, "controlling").status == "fertig"
    with pytest.raises(auftraege.ImportFehler, match="nicht fehlerfrei"):
        auftraege.bestaetigen(fabrik, alt, "controlling")
