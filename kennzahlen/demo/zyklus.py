"""Musterstadt's budget negotiation 2027: Anmeldung, Eckwert, Entwurf, a numbered Veränderungsliste, the
Beschluss, and two HSK measures with targets and what they achieved; also the Nachtrag and the Übertragungen
2026 that make up the fortgeschriebener Ansatz 2026.

``erzeugen.Erzeuger._haushalt`` asks ``versionsbetraege`` for the extra amounts of one product line (after it
drew its own random numbers, so the other demo amounts stay exactly as they were); ``tabellen`` returns the rows
of the Veränderungsliste and the HSK tables. Amounts here are magnitudes in euro; the caller signs them by line.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from kennzahlen.models import Base, HskMassnahme, HskMassnahmeKennzahl, HskZiel, Veraenderung

HAUSHALTSJAHR = 2027
ANMELDUNG_AM = dt.datetime(2026, 4, 30, 12, tzinfo=dt.UTC)
ECKWERT_AM = dt.datetime(2026, 6, 24, 18, tzinfo=dt.UTC)
BESCHLUSS_AM = dt.datetime(2026, 10, 29, 18, tzinfo=dt.UTC)  # early: before the demo's data date
NACHTRAG_AM = dt.datetime(2026, 6, 25, 18, tzinfo=dt.UTC)
UEBERTRAGUNG_AM = dt.datetime(2026, 2, 15, 9, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Nummer:
    """One numbered entry of the Veränderungsliste: effect on the Ergebnis per year (+ better, − worse)."""

    nummer: str
    bezeichnung: str
    produkt: str
    zeile: str
    betraege: dict[int, int]
    begruendung: str
    antragsteller: str
    status: str


VERAENDERUNGSLISTE = (
    Nummer("1", "Mehrbedarf Heimerziehung nach gestiegenen Fallzahlen", "060503", "15",
           {2027: -850_000, 2028: -900_000},
           "Die Zahl der stationären Hilfen ist seit der Anmeldung um 14 Fälle gestiegen; Entgelte +4,5 %.",
           "Verwaltung (Jugendamt)", "beschlossen"),
    Nummer("2", "Schulsozialarbeit an zwei weiteren Grundschulen", "060201", "11", {2027: -180_000, 2028: -185_000},
           "Zwei Stellen ab 1.2.2027 an Grundschulen mit hohem Sozialindex.", "Fraktion A", "beschlossen"),
    Nummer("3", "Höhere Landeszuweisungen Kindertagesbetreuung", "060101", "02", {2027: 1_200_000},
           "Neuer Orientierungserlass des Landes vom 2.10.2026.", "Verwaltung (Kämmerei)", "beschlossen"),
    Nummer("4", "Kürzung des Zuschusses an die freie Wohlfahrtspflege", "050306", "15", {2027: 150_000},
           "Konsolidierungsbeitrag der freiwilligen Leistungen.", "Fraktion B", "abgelehnt"),
    Nummer("5", "Energiekosten Übergangswohnheime nach neuem Rahmenvertrag", "050302", "13", {2027: 95_000},
           "Neuer Strom- und Gasvertrag ab 1.1.2027.", "Verwaltung (Kämmerei)", "beschlossen"),
)
"""The Veränderungsliste to the Entwurf 2027 (the administration's entries first, then the parties' motions)."""


@dataclass(frozen=True)
class Konsolidierung:
    """An HSK measure with savings targets and savings reached per year (None: year not over yet)."""

    code: str
    bezeichnung: str
    beschreibung: str
    produkt: str
    status: str
    umsetzungsgrad: str
    verantwortlich: str
    ziele: dict[int, tuple[int, int | None]]
    kennzahlen: tuple[str, ...]


HSK = (
    Konsolidierung("HSK-06-01", "Ambulant vor stationär in den Hilfen zur Erziehung",
                   "Mehr Vollzeitpflege und ambulante Hilfen statt Heimunterbringung; Pflegeelternwerbung, "
                   "Rückführungsmanagement.", "0605", "in_umsetzung", "0.55", "Jugendamt, Abteilung Erziehungshilfen",
                   {2025: (300_000, 240_000), 2026: (600_000, 410_000), 2027: (900_000, None)},
                   ("K501", "K509")),
    Konsolidierung("HSK-05-01", "Energiekosten der Übergangswohnheime senken",
                   "Neuer Rahmenvertrag und Heizungsoptimierung in drei Häusern.", "050302", "umgesetzt", "1",
                   "Amt für Wohnen", {2025: (80_000, 92_000), 2026: (120_000, 131_000)}, ("K203",)),
)
"""The city's Haushaltssicherungskonzept (the measures of the social budget)."""


def versionsbetraege(rng: random.Random, produkt: str, zeile: str, art: str, entwurf: float, ansatz_2026: float,
                     fortschreibung: float | None) -> list[tuple[int, str, str, float, dt.datetime]]:
    """Extra amounts (jahr, betragsart, version, magnitude, time) of one product line: Anmeldung and Eckwert 2027
    around the Entwurf, the Beschluss 2027 (Entwurf + the adopted entries of the list), Nachtrag and Übertragung
    2026. ``fortschreibung`` is the line's planned change of the Ansatz 2026 (None: no change by the council)."""
    aufwand = art == "aufwand"
    mehr = rng.uniform(0.01, 0.06)
    anmeldung = entwurf * (1 + mehr) if aufwand else entwurf * (1 - mehr / 3)
    eckwert = entwurf * (1 - rng.uniform(0.004, 0.02)) if aufwand else entwurf * (1 + rng.uniform(0.0, 0.01))
    aenderung = sum(n.betraege.get(HAUSHALTSJAHR, 0) for n in VERAENDERUNGSLISTE
                    if n.produkt == produkt and n.zeile == zeile and n.status == "beschlossen")
    beschluss = entwurf - aenderung if aufwand else entwurf + aenderung  # a better result: less Aufwand, more Ertrag
    zeilen = [(HAUSHALTSJAHR, "ansatz", "anmeldung", anmeldung, ANMELDUNG_AM),
              (HAUSHALTSJAHR, "ansatz", "eckwert", eckwert, ECKWERT_AM),
              (HAUSHALTSJAHR, "ansatz", "beschluss", beschluss, BESCHLUSS_AM)]
    if fortschreibung is not None:  # the council's Nachtrag 2026 (rising transfer costs)
        zeilen.append((2026, "ansatz", "nachtrag", ansatz_2026 * (1 + fortschreibung), NACHTRAG_AM))
    elif zeile == "13":  # Sachmittel carried over from 2025
        zeilen.append((2026, "uebertragung", "beschluss", ansatz_2026 * 0.03, UEBERTRAGUNG_AM))
    return zeilen


def tabellen(ids: dict) -> list[tuple[type[Base], list[dict]]]:
    """Rows of the Veränderungsliste and the HSK tables as (model, rows), in insert order."""
    veraenderungen = []
    for n in VERAENDERUNGSLISTE:
        for jahr, betrag in sorted(n.betraege.items()):
            veraenderungen.append({
                "id": len(veraenderungen) + 1, "haushaltsjahr": HAUSHALTSJAHR, "nummer": n.nummer,
                "bezeichnung": n.bezeichnung, "produkt_id": ids[("produkt", n.produkt)],
                "planzeile_id": ids[("zeile", n.zeile)], "jahr": jahr, "betrag": Decimal(betrag),
                "begruendung": n.begruendung, "antragsteller": n.antragsteller, "status": n.status,
                "erfasst_von": "controlling", "geaendert_am": dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC),
                "import_id": None,
            })
    massnahmen, ziele, kennzahlen = [], [], []
    for i, m in enumerate(HSK, start=1):
        massnahmen.append({"id": i, "code": m.code, "bezeichnung": m.bezeichnung, "beschreibung": m.beschreibung,
                           "produkt_id": ids[("produkt", m.produkt)], "status": m.status,
                           "umsetzungsgrad": Decimal(m.umsetzungsgrad), "verantwortlich": m.verantwortlich,
                           "geaendert_am": dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)})
        ziele += [{"massnahme_id": i, "jahr": jahr, "einsparziel": Decimal(ziel),
                   "erreicht": None if erreicht is None else Decimal(erreicht)}
                  for jahr, (ziel, erreicht) in sorted(m.ziele.items())]
        kennzahlen += [{"massnahme_id": i, "kennzahl_id": ids[("kz", k)]} for k in m.kennzahlen]
    return [(Veraenderung, veraenderungen), (HskMassnahme, massnahmen), (HskZiel, ziele),
            (HskMassnahmeKennzahl, kennzahlen)]
