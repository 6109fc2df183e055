"""The report pack: a PDF (A4, German, with charts) and an XLSX with the same numbers, for one period and the
city or one Handlungsfeld; built from the frozen Berichtsstand when the period is closed (reproducible)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import cockpit as rechnen
from kennzahlen.perioden import Periode

log = logging.getLogger(__name__)

Meldung = Callable[[float, str], None]
"""Progress: (share done 0…1, German text of the current step)."""


@dataclass(frozen=True)
class Berichtspaket:
    """The finished report: PDF and XLSX as bytes and the file name stem ('bericht_2026_Q3_stadt')."""

    pdf: bytes
    xlsx: bytes
    name: str
    eingefroren: bool
    sekunden: float


def dateiname(periode: Periode, handlungsfeld: str | None) -> str:
    """File name stem of a report: 'bericht_2026_Q3_stadt', 'bericht_2026_Q3_HF5'."""
    teil = periode.kurz.split(" ")[0].replace("/", "-") if periode.art != "jahr" else "jahr"
    umfang = "stadt" if handlungsfeld is None else "".join(c for c in handlungsfeld if c.isalnum() or c in "-_")
    return f"bericht_{periode.jahr}_{teil}_{umfang}"


def berichtspaket(fabrik: sessionmaker[Session], periode: Periode, handlungsfeld: str | None = None,
                  regeln: rechnen.Bewertungsregeln | None = None, meldung: Meldung | None = None) -> Berichtspaket:
    """Gather, draw and lay out the report of ``periode`` (city or one Handlungsfeld) as PDF and XLSX."""
    from dashboard.bericht import bilder, grafiken, pdf, xlsx
    from dashboard.bericht.inhalt import berichtsinhalt

    beginn = time.perf_counter()

    def melden(anteil: float, text: str) -> None:
        if meldung is not None:
            meldung(anteil, text)

    melden(0.02, "Zahlen und Texte werden zusammengestellt …")
    inhalt = berichtsinhalt(fabrik, periode, handlungsfeld, regeln)
    figuren = grafiken.abbildungen(inhalt)
    melden(0.08, f"Grafiken werden gezeichnet (0 von {len(figuren)}) …")
    pngs = bilder.als_png(list(figuren.values()),
                          lambda i, n: melden(0.08 + 0.7 * i / n, f"Grafiken werden gezeichnet ({i} von {n}) …"))
    melden(0.8, "PDF wird gesetzt …")
    pdf_bytes = pdf.pdf_erzeugen(pdf.html_erzeugen(inhalt, dict(zip(figuren, pngs, strict=True))))
    melden(0.95, "Excel-Datei wird geschrieben …")
    xlsx_bytes = xlsx.xlsx_erzeugen(inhalt)
    dauer = time.perf_counter() - beginn
    melden(1.0, "fertig")
    log.info("Bericht %s %s in %.1f s", periode.kurz, handlungsfeld or "Stadt", dauer)
    return Berichtspaket(pdf_bytes, xlsx_bytes, dateiname(periode, handlungsfeld), inhalt.stand.eingefroren, dauer)
