"""The demo city Musterstadt: a deterministic, realistic data set for a NRW city of about 300.000.

``demo_laden(fabrik, periodenart="quartal", seed=2026, groesse="musterstadt")`` replaces all domain
data in one transaction and returns the rows per table; ``fingerabdruck(fabrik)`` hashes the domain
tables so that two loads can be compared. Importing this package touches no database.

Sizes (``GROESSEN``): "musterstadt" is described below. "grossstadt" (Rheinstadt, about 1 million
inhabitants, 9 Stadtbezirke with 86 Sozialräume, about 2.400 Produkte in Produktbereichen 01–17, 400
Kennzahlen of which about 320 per Sozialraum, 150 Ziele, 2017 to Q3 2026: about 1,1 million Kennzahlwerte
and 2,2 million Haushaltsbeträge) and "metropole" (Spreestadt, about 3,8 million inhabitants, 12 Bezirke
with 540 Planungsräumen, 640 Kennzahlen, 400 Ziele, about ten times the Großstadt's rows) are generated
from the Musterstadt catalogue by ``kennzahlen.demo.gross`` and streamed into the database (COPY on
PostgreSQL); see there.

Contents
- Kommune Musterstadt (Gemeindeschlüssel 05999000), Dezernat V with Ämtern 50, 51, 53, 56 and the
  Stabsstellen V/1 Sozialplanung, V/2 Jobcenter-Koordination, V/3 Inklusion.
- 5 Stadtbezirke (B1 Mitte … B5 West) with 25 Sozialräumen (codes 101–505); synthetic Voronoi
  boundaries as GeoJSON (WGS84, around 7,15° E / 51,45° N); population 2019–2026 (31.12.) in 12 age
  bands, young and poor inner districts, old suburbs, about 298.000 → 303.000 inhabitants.
- 7 Handlungsfelder HF1–HF7, 28 Ziele (Z1 … Z7 strategic, Z1.1 … Z7.3 operative), 64 Kennzahlen
  K101–K707 of all five types (13 per Sozialraum), 41 Produkte in 05/06/07/10 with the NKF NRW
  Teilergebnisplan (scheme "nkf-nrw-2019").
- Kennzahl values: Ist per in-year period from 2019 to the last period ending by 30.09.2026 (Q3, Tertial
  2 or September 2026; status "vorlaeufig" for that period, else "endgueltig"); Zielwert per year
  2019–2029 and Ausgangswert 2019 for steerable Kennzahlen; Vergleichswert (NRW-Durchschnitt,
  2019–2025) and Prognose 2026 for some. Every Ist is a level (rate, stock of cases at the end of the
  period, or euro per year), never a flow sum, so the yearly Zielwert applies to each period as it is.
  Sozialraum Kennzahlen carry a value per Sozialraum and the city value (sozialraum_id NULL), which is
  the mean of the districts weighted with the population of the denominator's age bands.
- Budget (whole euros) per Produkt: Ergebnis 2019–2025, Ansatz 2019–2026, fortgeschriebener Ansatz
  2026, Ist unterjährig per period (each period's own amount; Abschreibungen and interne
  Leistungsbeziehungen are booked in the last period of the year), Prognose 2026 (version
  "beschluss"); Ansatz 2027 and Planung 2028–2029 as "entwurf"; Planung 2027–2029 as "beschluss"
  (the mid-term plan adopted with the 2026 budget). Case-driven transfers are Fallzahl × Fallkosten.

Stories a controller must recognise
1. Kinderarmut im Hafenviertel: Kennzahl K511 (SGB II-Bezug unter 15 Jahren) in Sozialraum 103
   Hafenviertel rises from about 32 % (2021) to about 41 % (2026) while the city value stays near
   19,8 %.
2. Kosten ohne Wirkung: the voluntary Produkt 050105 (Beschäftigungsprogramm „Perspektive Arbeit“,
   Ziel Z1.2) raises its Zuschussbedarf by about 40 % from 2019 to 2026 (ESF money falls, costs rise),
   while its Wirkung K108 (Übergänge in Beschäftigung) stays flat at about 17 % against a rising
   Zielwert; K107 are the participants (flat), K109 the Zuschussbedarf per participant (rising).
3. Hilfen zur Erziehung kippen ins Stationäre: K501 Anteil ambulanter Hilfen falls from about 64 % to
   about 51 %, K503 stationäre Leistungsdichte rises from about 11,5 to about 15,5 per 1.000 under 21,
   and Produkt 060503 Heimerziehung climbs with Fallzahl K506 (400 → 560 cases) × Aufwand je Fall K505
   (60.000 € + 3 % p. a.); its Ansatz is 9 % too low, so 2026 shows an overrun (Kommentare explain it).
4. Fehlende Lieferung: K103 Integrationsquote SGB II has no Ist for the newest period (the BA delivers
   with three months' delay); every other Kennzahl has one.
The codes are also available as ``GESCHICHTE_*`` dicts.
"""

from kennzahlen.demo.erzeugen import letzte_periode, perioden
from kennzahlen.demo.katalog import (
    GESCHICHTE_FEHLENDE_LIEFERUNG,
    GESCHICHTE_HZE_STATIONAER,
    GESCHICHTE_KINDERARMUT,
    GESCHICHTE_KOSTEN_OHNE_WIRKUNG,
)
from kennzahlen.demo.laden import DEMO_TABELLEN, GROESSEN, demo_laden, fingerabdruck

__all__ = [
    "DEMO_TABELLEN",
    "GESCHICHTE_FEHLENDE_LIEFERUNG",
    "GESCHICHTE_HZE_STATIONAER",
    "GESCHICHTE_KINDERARMUT",
    "GESCHICHTE_KOSTEN_OHNE_WIRKUNG",
    "GROESSEN",
    "demo_laden",
    "fingerabdruck",
    "letzte_periode",
    "perioden",
]
