"""The Teilergebnisplan line scheme as data, and the derivation of its sum lines.

A scheme is a sequence of lines ``(nummer, bezeichnung, art, summe_aus)``: ``art`` is "ertrag",
"aufwand" or "summe"; a sum line names the lines it adds in ``summe_aus`` ("10,17"). Amounts are
signed (Erträge positive, Aufwendungen negative), so every sum line is a plain addition: line 18
Ordentliches Ergebnis = 10 + 17 with line 17 negative. Sum lines are never stored as facts;
``summen_ableiten`` computes them from the detail lines.

``NKF_NRW_2019`` is the current NRW layout with 29 lines (see DOMAIN.md). Other layouts (Köln
2010–2015 with 28 lines, other Länder) are further entries of ``SCHEMATA``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kennzahlen.models import Planzeile, Zeilenschema

NKF_NRW_2019_CODE = "nkf-nrw-2019"
NKF_NRW_2019_NAME = "NKF NRW (29 Zeilen)"

NKF_NRW_2019: tuple[tuple[str, str, str, str | None], ...] = (
    ("01", "Steuern und ähnliche Abgaben", "ertrag", None),
    ("02", "Zuwendungen und allgemeine Umlagen", "ertrag", None),
    ("03", "Sonstige Transfererträge", "ertrag", None),
    ("04", "Öffentlich-rechtliche Leistungsentgelte", "ertrag", None),
    ("05", "Privatrechtliche Leistungsentgelte", "ertrag", None),
    ("06", "Kostenerstattungen und Kostenumlagen", "ertrag", None),
    ("07", "Sonstige ordentliche Erträge", "ertrag", None),
    ("08", "Aktivierte Eigenleistungen", "ertrag", None),
    ("09", "Bestandsveränderungen", "ertrag", None),
    ("10", "Ordentliche Erträge", "summe", "01,02,03,04,05,06,07,08,09"),
    ("11", "Personalaufwendungen", "aufwand", None),
    ("12", "Versorgungsaufwendungen", "aufwand", None),
    ("13", "Aufwendungen für Sach- und Dienstleistungen", "aufwand", None),
    ("14", "Bilanzielle Abschreibungen", "aufwand", None),
    ("15", "Transferaufwendungen", "aufwand", None),
    ("16", "Sonstige ordentliche Aufwendungen", "aufwand", None),
    ("17", "Ordentliche Aufwendungen", "summe", "11,12,13,14,15,16"),
    ("18", "Ordentliches Ergebnis", "summe", "10,17"),
    ("19", "Finanzerträge", "ertrag", None),
    ("20", "Zinsen und sonstige Finanzaufwendungen", "aufwand", None),
    ("21", "Finanzergebnis", "summe", "19,20"),
    ("22", "Ergebnis der laufenden Verwaltungstätigkeit", "summe", "18,21"),
    ("23", "Außerordentliche Erträge", "ertrag", None),
    ("24", "Außerordentliche Aufwendungen", "aufwand", None),
    ("25", "Außerordentliches Ergebnis", "summe", "23,24"),
    ("26", "Ergebnis vor Berücksichtigung der internen Leistungsbeziehungen", "summe", "22,25"),
    ("27", "Erträge aus internen Leistungsbeziehungen", "ertrag", None),
    ("28", "Aufwendungen aus internen Leistungsbeziehungen", "aufwand", None),
    ("29", "Ergebnis", "summe", "26,27,28"),
)
"""The NKF NRW Teilergebnisplan (29 lines): (nummer, bezeichnung, art, summe_aus)."""

NKF_NRW_2019_ERGEBNISZEILE = "29"
"""The line whose negative value is the Zuschussbedarf."""

SCHEMATA: dict[str, tuple[str, tuple[tuple[str, str, str, str | None], ...]]] = {
    NKF_NRW_2019_CODE: (NKF_NRW_2019_NAME, NKF_NRW_2019),
}
"""Known schemes by code: (name, lines)."""


def schema_anlegen(session: Session, code: str = NKF_NRW_2019_CODE) -> Zeilenschema:
    """Return the scheme ``code``, creating it with its lines when it does not exist yet (idempotent).

    The new rows are flushed, not committed: the caller's transaction decides.
    """
    vorhanden = session.scalar(select(Zeilenschema).where(Zeilenschema.code == code))
    if vorhanden is not None:
        return vorhanden
    if code not in SCHEMATA:
        raise ValueError(f"Unbekanntes Zeilenschema: {code!r} (bekannt: {', '.join(sorted(SCHEMATA))})")
    name, zeilen = SCHEMATA[code]
    schema = Zeilenschema(code=code, name=name)
    schema.zeilen = [
        Planzeile(nummer=nummer, bezeichnung=bezeichnung, art=art, summe_aus=summe_aus)
        for nummer, bezeichnung, art, summe_aus in zeilen
    ]
    session.add(schema)
    session.flush()
    return schema


def ableitungszeilen(
    zeilen: Sequence[tuple[str, str, str, str | None]],
) -> list[tuple[str, str, str | None]]:
    """The (nummer, art, summe_aus) triples ``summen_ableiten`` needs, from 4-tuples like NKF_NRW_2019."""
    return [(nummer, art, summe_aus) for nummer, _bezeichnung, art, summe_aus in zeilen]


def _teile(summe_aus: str | None) -> list[str]:
    return [teil.strip() for teil in (summe_aus or "").split(",") if teil.strip()]


def summen_ableiten(
    detailbetraege: Mapping[str, Decimal],
    zeilen: Sequence[tuple[str, str, str | None]],
) -> dict[str, Decimal]:
    """All lines of a scheme: the detail lines (missing ones count 0) and the derived sum lines.

    ``zeilen`` are (nummer, art, summe_aus) triples, e.g. ``ableitungszeilen(NKF_NRW_2019)`` or
    ``[(z.nummer, z.art, z.summe_aus) for z in schema.zeilen]``. Sums of sums are resolved whatever
    the order of the lines. Raises ``ValueError`` for an amount on a sum line or an unknown line, for
    a sum naming an unknown line and for a cyclic scheme.
    """
    arten = {nummer: (art, summe_aus) for nummer, art, summe_aus in zeilen}
    for nummer in detailbetraege:
        if nummer not in arten:
            raise ValueError(f"Zeile {nummer} gibt es im Zeilenschema nicht.")
        if arten[nummer][0] == "summe":
            raise ValueError(f"Zeile {nummer} ist eine Summenzeile; sie wird abgeleitet, nicht gespeichert.")

    ergebnis: dict[str, Decimal] = {}
    in_arbeit: set[str] = set()

    def wert(nummer: str) -> Decimal:
        if nummer in ergebnis:
            return ergebnis[nummer]
        if nummer not in arten:
            raise ValueError(f"Summenzeile verweist auf die unbekannte Zeile {nummer}.")
        art, summe_aus = arten[nummer]
        if art != "summe":
            betrag = Decimal(detailbetraege.get(nummer, Decimal(0)))
        else:
            if nummer in in_arbeit:
                raise ValueError(f"Zeilenschema ist zyklisch (Zeile {nummer}).")
            in_arbeit.add(nummer)
            betrag = sum((wert(teil) for teil in _teile(summe_aus)), Decimal(0))
            in_arbeit.discard(nummer)
        ergebnis[nummer] = betrag
        return betrag

    for nummer, _art, _summe_aus in zeilen:
        wert(nummer)
    return {nummer: ergebnis[nummer] for nummer, _art, _summe_aus in zeilen}
