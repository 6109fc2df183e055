"""Erste Einrichtung: the municipality (name, official key, inhabitants) and the KGSt defaults to start from.

``kommune_setzen`` stores the one ``Kommune`` row (import format "kommune", the settings page
/verwaltung/kommune); ``kgst_vorgaben_anlegen`` fills an empty goal structure with the KGSt's
Handlungsfelder. Goal levels and Zielfelder are the KGSt's by construction (``models.ZIELEBENEN``,
``models.ZIELFELDER``); their German names live here so that every page uses the same words.
``kurzname`` derives the short name of a goal from its full wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.models import Handlungsfeld, Kommune

ZIELEBENEN_NAMEN = {
    "strategisch": "Strategisches Ziel (Rat und Verwaltungsführung, mehrjährig)",
    "operativ": "Operatives Ziel (Fachbereich, jährlich)",
}
"""The KGSt goal levels with their German names."""
ZIELFELDER_NAMEN = {
    "ergebnisse": "Ergebnisse/Wirkungen",
    "programme": "Programme/Produkte",
    "prozesse": "Prozesse/Strukturen",
    "ressourcen": "Ressourcen",
}
"""The KGSt's four Zielfelder with their German names."""
KGST_HANDLUNGSFELDER: tuple[tuple[str, str, str], ...] = (
    ("HF1", "Arbeit und Grundsicherung",
     "Existenzsicherung nach SGB II und SGB XII, Integration in Arbeit, kommunale Eingliederungsleistungen."),
    ("HF2", "Wohnen", "Wohnraumversorgung, Wohngeld, Prävention und Beseitigung von Wohnungslosigkeit."),
    ("HF3", "Bildung", "Kindertagesbetreuung, frühe Bildung, Übergänge von der Kita in Schule und Beruf."),
    ("HF4", "Gesundheit", "Kinder- und Jugendgesundheit, Infektionsschutz, Gesundheitsförderung, "
     "sozialpsychiatrische Hilfen."),
    ("HF5", "Jugend und Familie", "Hilfen zur Erziehung, Kinderschutz, Frühe Hilfen und Familienförderung."),
    ("HF6", "Senioren", "Grundsicherung im Alter, Hilfe zur Pflege, Seniorenarbeit und präventive Angebote."),
    ("HF7", "Inklusion", "Teilhabe von Menschen mit Behinderung in Kita, Schule, Arbeit und Quartier."),
    ("HF8", "Integration", "Teilhabe von Zugewanderten: Sprache, Arbeit, Wohnen, Beratung."),
)
"""(code, name, description) of the Handlungsfelder of the KGSt's "Soziale Kommune"."""

NAME_HOECHSTENS = 200
KURZNAME_GRENZE = 300
"""A goal name longer than this (the column's limit) is taken as the full wording and gets a derived short name."""
KURZNAME_HOECHSTENS = 120
"""A derived short name has at most this many characters."""
_SCHLUESSEL = re.compile(r"^\d{8}(\d{4})?$")


@dataclass(frozen=True)
class Kommunedaten:
    """What the cockpit knows about its municipality."""

    name: str
    gemeindeschluessel: str | None = None
    einwohner: int | None = None


def kommune_pruefen(name: str | None, gemeindeschluessel: str | None, einwohner: object) -> Kommunedaten:
    """Checked values of the settings form; raises ValueError with a German message naming the field."""
    name = (name or "").strip()
    if not name:
        raise ValueError("Name: bitte den Namen der Kommune angeben (z. B. „Stadt Köln“).")
    if len(name) > NAME_HOECHSTENS:
        raise ValueError(f"Name: höchstens {NAME_HOECHSTENS} Zeichen (sind {len(name)}).")
    schluessel = re.sub(r"\s", "", gemeindeschluessel or "") or None
    if schluessel is not None and not _SCHLUESSEL.match(schluessel):
        raise ValueError(f"Gemeindeschlüssel: „{gemeindeschluessel}“ ist kein amtlicher Schlüssel; erwartet werden "
                         "8 Ziffern (Gemeindeschlüssel, z. B. 05315000) oder 12 (Regionalschlüssel).")
    return Kommunedaten(name, schluessel, einwohner_lesen(einwohner))


def einwohner_lesen(wert: object) -> int | None:
    """Inhabitants from '1.084.831', '1084831' or a number; None when empty; ValueError when not a count."""
    if wert is None or (isinstance(wert, str) and not wert.strip()):
        return None
    if isinstance(wert, bool):
        raise ValueError("Einwohner: eine ganze Zahl wird erwartet.")
    if isinstance(wert, int | float):
        zahl = int(wert) if float(wert).is_integer() else None
    else:
        text = re.sub(r"[\s.\u00a0\u202f]", "", str(wert))
        zahl = int(text) if text.isdigit() else None
    if zahl is None or zahl <= 0 or zahl > 100_000_000:
        raise ValueError(f"Einwohner: „{wert}“ ist keine Einwohnerzahl; erwartet wird eine ganze Zahl über 0, "
                         "z. B. 1.084.831.")
    return zahl


def kommune_lesen(fabrik: sessionmaker[Session]) -> Kommunedaten | None:
    """The stored municipality (None in a database where none was set)."""
    with fabrik() as s:
        k = s.scalars(select(Kommune).order_by(Kommune.id).limit(1)).first()
        return None if k is None else Kommunedaten(k.name, k.gemeindeschluessel, k.einwohner)


def kommune_setzen(session: Session, daten: Kommunedaten) -> dict[str, tuple[object, object]]:
    """Store the municipality (the one row, created when missing); returns {field: (old, new)} of what changed."""
    k = session.scalars(select(Kommune).order_by(Kommune.id).limit(1)).first()
    if k is None:
        k = Kommune(name=daten.name)
        session.add(k)
        alt = Kommunedaten("")
    else:
        alt = Kommunedaten(k.name, k.gemeindeschluessel, k.einwohner)
    k.name, k.gemeindeschluessel, k.einwohner = daten.name, daten.gemeindeschluessel, daten.einwohner
    session.flush()
    return {f: (getattr(alt, f), getattr(daten, f)) for f in ("name", "gemeindeschluessel", "einwohner")
            if getattr(alt, f) != getattr(daten, f)}


def kgst_vorgaben_anlegen(session: Session) -> int:
    """Create the KGSt Handlungsfelder in a database without any; returns how many were created.

    Never overwrites: when Handlungsfelder exist, a ValueError says so and nothing is written.
    """
    vorhanden = session.scalar(select(func.count(Handlungsfeld.id)))
    if vorhanden:
        raise ValueError(f"Es gibt schon {vorhanden} Handlungsfeld{'er' if vorhanden != 1 else ''}; die "
                         "KGSt-Vorgaben werden nur in eine leere Zielstruktur übernommen (nichts überschrieben).")
    for i, (code, name, beschreibung) in enumerate(KGST_HANDLUNGSFELDER, start=1):
        session.add(Handlungsfeld(code=code, name=name, beschreibung=beschreibung, reihenfolge=i))
    session.flush()
    return len(KGST_HANDLUNGSFELDER)


def kurzname(zieltext: str, hoechstens: int = KURZNAME_HOECHSTENS) -> str:
    """A goal's short name from its full wording: the first sentence, cut at a word with '…' when too long."""
    text = " ".join(zieltext.split())
    satz = re.split(r"(?<=[.;:!?])\s", text, maxsplit=1)[0].rstrip(".;:")
    if len(satz) <= hoechstens:
        return satz
    schnitt = satz[:hoechstens - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return schnitt + "…"
