"""Definitions of the demo city Musterstadt: units, districts, goals, Kennzahlen, products and links.

Only data and small record types live here; ``kennzahlen.demo.erzeugen`` turns them into rows.

How values are described (``Kennzahldef``):
- ``verlauf``: knots (t, value) of the noise-free city trend; t is a fractional year (2019.0 = start of
  2019, 2026.75 = end of Q3 2026). Between knots the trend is linear, after the last knot it continues
  the last segment, before the first knot it is constant. An Ist value is the trend at the middle of
  its period, plus ``saison`` · sin(2π(t − 0.1)) and Gaussian noise with standard deviation ``rauschen``.
- ``abgeleitet``: the value is computed from other Kennzahlen, the population or the budget instead
  (e.g. ``"hze_anteil_ambulant"``, ``"fallkosten:060503"``); see ``erzeugen``.
- Zielwerte: ``ziel`` knots (year, value) or, without them, ``bewertung``: "gut" (the Ist beats the
  target by about 3 %), "knapp" (misses it by about 5 %) or "deutlich" (misses it by about 15 %).
- ``raum``: the Kennzahl is published per Sozialraum; the districts' values scatter around the city
  trend by ``exp(elastizitaet · sozialindex)`` and are rescaled so that their mean, weighted with the
  population of the age bands in the denominator (``alter``), is the city trend. ``sonderverlauf``
  pins single Sozialräume to their own trend (story 1).
- Every Ist is a level (a rate, a stock of cases at the end of the period or an annualised amount in
  euro), so the yearly Zielwert is comparable with each in-year Ist; there are no flow sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------------------
# Stories a controller must recognise (see the package docstring)
# --------------------------------------------------------------------------------------------------
GESCHICHTE_KINDERARMUT = {"kennzahl": "K511", "sozialraum": "103"}
GESCHICHTE_KOSTEN_OHNE_WIRKUNG = {"produkt": "050105", "kennzahl": "K108", "ziel": "Z1.2",
                                  "fallzahl": "K107", "zuschuss_je_fall": "K109"}
GESCHICHTE_HZE_STATIONAER = {"produkt": "060503", "anteil_ambulant": "K501", "dichte_stationaer": "K503",
                             "fallzahl": "K506", "aufwand_je_fall": "K505", "ziel": "Z5.1"}
GESCHICHTE_FEHLENDE_LIEFERUNG = {"kennzahl": "K103"}

KOMMUNE = {"name": "Musterstadt", "land": "Nordrhein-Westfalen", "produktrahmen": "NKF NRW",
           "gemeindeschluessel": "05999000"}

ORGANISATIONSEINHEITEN: tuple[tuple[str, str, str | None], ...] = (
    ("V", "Dezernat V – Soziales, Jugend, Gesundheit und Wohnen", None),
    ("V/1", "Stabsstelle Sozialplanung und Sozialberichterstattung", "V"),
    ("V/2", "Jobcenter-Koordination", "V"),
    ("V/3", "Koordinierungsstelle Inklusion", "V"),
    ("50", "Amt für Soziales und Senioren", "V"),
    ("51", "Jugendamt", "V"),
    ("53", "Gesundheitsamt", "V"),
    ("56", "Amt für Wohnungswesen", "V"),
)

# --------------------------------------------------------------------------------------------------
# Stadtbezirke and Sozialräume
# --------------------------------------------------------------------------------------------------
STADTBEZIRKE: tuple[tuple[str, str], ...] = (
    ("B1", "Stadtbezirk Mitte"),
    ("B2", "Stadtbezirk Nord"),
    ("B3", "Stadtbezirk Ost"),
    ("B4", "Stadtbezirk Süd"),
    ("B5", "Stadtbezirk West"),
)
EINWOHNER_2019 = 298_000
"""Inhabitants of the whole city at the end of 2019; the district figures below are scaled to it."""


@dataclass(frozen=True)
class Sozialraumdef:
    """A Sozialraum: its Bezirk, size, social index (−1 well-off … +1 high burden), age profile, growth
    per year and the position of its seed point (degrees, km from the centre)."""

    code: str
    name: str
    bezirk: str
    einwohner: int
    sozialindex: float
    profil: str
    wachstum: float
    winkel: float
    radius: float


def _sektor(bezirk: str, mitte: float, eintraege) -> list[Sozialraumdef]:
    lagen = ((mitte + 22, 3.3), (mitte - 22, 3.3), (mitte + 36, 5.2), (mitte, 5.4), (mitte - 36, 5.2))
    return [Sozialraumdef(code, name, bezirk, ew, s, profil, w, winkel, radius)
            for (code, name, ew, s, profil, w), (winkel, radius) in zip(eintraege, lagen, strict=True)]


SOZIALRAEUME: tuple[Sozialraumdef, ...] = (
    Sozialraumdef("101", "Altstadt", "B1", 9_800, 0.1, "jung", 0.004, 0, 0.0),
    Sozialraumdef("102", "Bahnhofsviertel", "B1", 11_200, 0.6, "jung", 0.006, 0, 1.7),
    Sozialraumdef("103", "Hafenviertel", "B1", 13_500, 0.9, "arm_jung", 0.009, 180, 1.7),
    Sozialraumdef("104", "Nordstadt", "B1", 16_800, 1.0, "arm_jung", 0.005, 90, 1.7),
    Sozialraumdef("105", "Kaiserviertel", "B1", 10_400, -0.4, "jung", 0.003, 270, 1.7),
    *_sektor("B2", 90, (
        ("201", "Lindenhof", 12_600, 0.3, "gemischt", 0.002),
        ("202", "Zechenfeld", 14_100, 0.7, "arm_jung", 0.001),
        ("203", "Heidekamp", 11_900, 0.2, "gemischt", 0.0),
        ("204", "Bergerhof", 9_300, -0.3, "familie", 0.004),
        ("205", "Kanalsiedlung", 10_700, 0.5, "gemischt", -0.002),
    )),
    *_sektor("B3", 0, (
        ("301", "Gartenstadt", 12_200, -0.6, "alt", 0.0),
        ("302", "Ostpark", 13_300, -0.1, "familie", 0.006),
        ("303", "Sonnenhügel", 9_600, -0.8, "alt", -0.001),
        ("304", "Rosenau", 11_500, 0.0, "gemischt", 0.003),
        ("305", "Eichenhain", 8_900, -0.7, "familie", 0.009),
    )),
    *_sektor("B4", 270, (
        ("401", "Südstadt", 14_800, -0.2, "jung", 0.004),
        ("402", "Mühlenbach", 11_700, -0.3, "gemischt", 0.001),
        ("403", "Buchholz", 12_300, -0.5, "familie", 0.002),
        ("404", "Hohe Warte", 8_400, -1.0, "alt", -0.003),
        ("405", "Waldfrieden", 10_100, -0.9, "alt", -0.002),
    )),
    *_sektor("B5", 180, (
        ("501", "Westend", 13_900, 0.4, "gemischt", 0.003),
        ("502", "Hüttenviertel", 12_800, 0.8, "arm_jung", 0.002),
        ("503", "Wiesental", 10_200, -0.4, "familie", 0.005),
        ("504", "Kreuzfeld", 11_100, 0.1, "gemischt", 0.0),
        ("505", "Altdorf", 8_200, -0.6, "alt", -0.001),
    )),
)

ALTERSBAENDER: tuple[tuple[int, int | None], ...] = (
    (0, 2), (3, 5), (6, 9), (10, 14), (15, 17), (18, 20), (21, 24), (25, 44), (45, 64), (65, 74), (75, 79),
    (80, None),
)
ALTERSANTEILE = (2.9, 2.8, 3.7, 4.5, 2.8, 3.0, 4.6, 25.5, 27.0, 11.0, 4.5, 7.7)
"""Shares (%) of the age bands in a typical NRW city."""
ALTERSPROFILE: dict[str, tuple[float, ...]] = {
    # factors on ALTERSANTEILE per band (renormalised)
    "jung": (0.9, 0.85, 0.8, 0.8, 0.85, 1.4, 1.6, 1.35, 0.85, 0.65, 0.6, 0.55),
    "arm_jung": (1.4, 1.35, 1.3, 1.25, 1.2, 1.2, 1.2, 1.15, 0.85, 0.65, 0.6, 0.55),
    "familie": (1.2, 1.25, 1.25, 1.2, 1.15, 0.95, 0.8, 0.95, 1.05, 0.9, 0.85, 0.8),
    "gemischt": (1.0,) * 12,
    "alt": (0.75, 0.75, 0.8, 0.85, 0.9, 0.8, 0.7, 0.75, 1.15, 1.4, 1.55, 1.6),
}

# --------------------------------------------------------------------------------------------------
# Handlungsfelder and Ziele
# --------------------------------------------------------------------------------------------------
HANDLUNGSFELDER: tuple[tuple[str, str, str], ...] = (
    ("HF1", "Arbeit und Grundsicherung",
     "Existenzsicherung nach SGB II und SGB XII, Integration in Arbeit, kommunale Eingliederungsleistungen."),
    ("HF2", "Wohnen",
     "Wohnraumversorgung, Wohngeld, Prävention und Beseitigung von Wohnungslosigkeit."),
    ("HF3", "Bildung und Betreuung",
     "Kindertagesbetreuung, frühe Bildung und der Übergang von der Kita in die Schule."),
    ("HF4", "Gesundheit",
     "Kinder- und Jugendgesundheit, Infektionsschutz, Gesundheitsförderung und sozialpsychiatrische Hilfen."),
    ("HF5", "Jugend und Familie",
     "Hilfen zur Erziehung, Kinderschutz, Frühe Hilfen und Familienförderung."),
    ("HF6", "Senioren und Pflege",
     "Grundsicherung im Alter, Hilfe zur Pflege, Seniorenarbeit und präventive Angebote."),
    ("HF7", "Inklusion und Teilhabe",
     "Teilhabe von Menschen mit Behinderung in Kita, Schule, Arbeit und Quartier; Barrierefreiheit."),
)


@dataclass(frozen=True)
class Zieldef:
    """A goal; operative goals name their strategic parent."""

    code: str
    name: str
    handlungsfeld: str
    ebene: str
    zielfeld: str
    organisationseinheit: str
    parent: str | None = None
    beschreibung: str | None = None
    gueltig_von: str = "2019-01-01"
    gueltig_bis: str = "2030-12-31"


ZIELE: tuple[Zieldef, ...] = (
    Zieldef("Z1", "Existenzsichernde Erwerbsarbeit ermöglichen und Abhängigkeit von Grundsicherung verringern",
            "HF1", "strategisch", "ergebnisse", "V",
            beschreibung="Ratsbeschluss zum Sozialentwicklungsplan 2019–2030."),
    Zieldef("Z1.1", "Langzeitleistungsbezug senken und Integration in Arbeit steigern", "HF1", "operativ",
            "ergebnisse", "V/2", "Z1"),
    Zieldef("Z1.2", "Beschäftigungs- und Qualifizierungsangebote wirksam ausrichten", "HF1", "operativ",
            "programme", "V/2", "Z1",
            "Das kommunale Programm „Perspektive Arbeit“ soll Übergänge in sozialversicherungspflichtige "
            "Beschäftigung schaffen."),
    Zieldef("Z1.3", "Kommunale Leistungen nach dem SGB II wirtschaftlich und zugänglich erbringen", "HF1",
            "operativ", "ressourcen", "V/2", "Z1"),
    Zieldef("Z2", "Wohnraum sichern und Wohnungslosigkeit vermeiden", "HF2", "strategisch", "ergebnisse", "V"),
    Zieldef("Z2.1", "Drohende Wohnungsverluste durch präventive Hilfe abwenden", "HF2", "operativ",
            "ergebnisse", "50", "Z2"),
    Zieldef("Z2.2", "Wohngeldanträge zügig entscheiden", "HF2", "operativ", "prozesse", "56", "Z2"),
    Zieldef("Z2.3", "Wege aus der ordnungsrechtlichen Unterbringung in eigenen Wohnraum öffnen", "HF2",
            "operativ", "programme", "50", "Z2", gueltig_von="2021-01-01"),
    Zieldef("Z3", "Gleiche Bildungschancen von Anfang an", "HF3", "strategisch", "ergebnisse", "V"),
    Zieldef("Z3.1", "Bedarfsgerechte Kindertagesbetreuung sicherstellen", "HF3", "operativ", "ergebnisse",
            "51", "Z3"),
    Zieldef("Z3.2", "Betreuungsplätze wirtschaftlich bereitstellen", "HF3", "operativ", "ressourcen", "51",
            "Z3"),
    Zieldef("Z3.3", "Den Übergang von der Kita in die Schule stärken", "HF3", "operativ", "ergebnisse", "51",
            "Z3"),
    Zieldef("Z4", "Gesundes Aufwachsen und Gesundheitsschutz für alle", "HF4", "strategisch", "ergebnisse",
            "V"),
    Zieldef("Z4.1", "Impfschutz der Kinder verbessern", "HF4", "operativ", "ergebnisse", "53", "Z4"),
    Zieldef("Z4.2", "Übergewicht bei Kindern vorbeugen", "HF4", "operativ", "programme", "53", "Z4",
            gueltig_von="2020-01-01"),
    Zieldef("Z4.3", "Gesundheitsdienste zeitnah und verlässlich erbringen", "HF4", "operativ", "prozesse",
            "53", "Z4"),
    Zieldef("Z5", "Kinder und Familien stärken, Kinderarmut begegnen", "HF5", "strategisch", "ergebnisse",
            "V"),
    Zieldef("Z5.1", "Ambulante vor stationären Hilfen zur Erziehung", "HF5", "operativ", "ergebnisse", "51",
            "Z5"),
    Zieldef("Z5.2", "Hilfen zur Erziehung wirksam und wirtschaftlich gestalten", "HF5", "operativ",
            "ressourcen", "51", "Z5"),
    Zieldef("Z5.3", "Kinder früh erreichen und wirksam schützen", "HF5", "operativ", "programme", "51", "Z5",
            gueltig_von="2020-01-01"),
    Zieldef("Z6", "Selbstbestimmt leben im Alter", "HF6", "strategisch", "ergebnisse", "V"),
    Zieldef("Z6.1", "Ambulant vor stationär in der Pflege", "HF6", "operativ", "ergebnisse", "50", "Z6"),
    Zieldef("Z6.2", "Leistungen für ältere Menschen zügig gewähren", "HF6", "operativ", "prozesse", "50",
            "Z6"),
    Zieldef("Z6.3", "Quartiersnahe Beratung und Prävention für Seniorinnen und Senioren ausbauen", "HF6",
            "operativ", "programme", "50", "Z6", gueltig_bis="2027-12-31"),
    Zieldef("Z7", "Gleichberechtigte Teilhabe von Menschen mit Behinderung", "HF7", "strategisch",
            "ergebnisse", "V"),
    Zieldef("Z7.1", "Inklusive Kindertagesbetreuung und Schule ermöglichen", "HF7", "operativ", "ergebnisse",
            "V/3", "Z7"),
    Zieldef("Z7.2", "Barrieren in städtischen Angeboten abbauen", "HF7", "operativ", "programme", "V/3", "Z7",
            gueltig_bis="2027-12-31"),
    Zieldef("Z7.3", "Teilhabeleistungen fristgerecht und verlässlich erbringen", "HF7", "operativ",
            "prozesse", "50", "Z7"),
)

# Ziel → Kennzahlen (operative goals only; Kontext-Kennzahlen hang at the Handlungsfeld only)
ZIEL_KENNZAHLEN: dict[str, tuple[str, ...]] = {
    "Z1.1": ("K101", "K102", "K103"),
    "Z1.2": ("K107", "K108", "K109"),
    "Z1.3": ("K106", "K110"),
    "Z2.1": ("K203", "K204", "K205"),
    "Z2.2": ("K201", "K202"),
    "Z2.3": ("K207", "K208"),
    "Z3.1": ("K301", "K302", "K303", "K304"),
    "Z3.2": ("K305", "K308"),
    "Z3.3": ("K306", "K307"),
    "Z4.1": ("K401", "K406"),
    "Z4.2": ("K402", "K404"),
    "Z4.3": ("K403", "K405"),
    "Z5.1": ("K501", "K502", "K503", "K504"),
    "Z5.2": ("K505", "K514", "K509"),
    "Z5.3": ("K510", "K513"),
    "Z6.1": ("K601", "K602", "K609"),
    "Z6.2": ("K605", "K608"),
    "Z6.3": ("K606", "K610"),
    "Z7.1": ("K701", "K702"),
    "Z7.2": ("K703", "K705"),
    "Z7.3": ("K704", "K707"),
}

# Ziel → (Produkt, Anteil); a product's shares add up to at most 1
ZIEL_PRODUKTE: dict[str, tuple[tuple[str, str], ...]] = {
    "Z1.1": (("050103", "0.5"), ("050106", "0.6")),
    "Z1.2": (("050105", "1"), ("060202", "0.4")),
    "Z1.3": (("050101", "1"), ("050102", "1"), ("050103", "0.5")),
    "Z2.1": (("050303", "1"), ("050304", "0.4")),
    "Z2.2": (("050401", "1"),),
    "Z2.3": (("050302", "0.6"), ("100102", "1")),
    "Z3.1": (("060101", "0.8"), ("060102", "0.8"), ("060103", "0.8")),
    "Z3.2": (("060101", "0.2"), ("060102", "0.2"), ("060103", "0.2")),
    "Z3.3": (("070101", "0.5"), ("060201", "0.5")),
    "Z4.1": (("070201", "1"),),
    "Z4.2": (("070401", "1"), ("070101", "0.3")),
    "Z4.3": (("070301", "1"), ("070101", "0.2")),
    "Z5.1": (("060501", "1"), ("060502", "1"), ("060503", "0.5")),
    "Z5.2": (("060503", "0.5"), ("060601", "1")),
    "Z5.3": (("060401", "1"), ("060701", "1"), ("060402", "0.5")),
    "Z6.1": (("050203", "1"),),
    "Z6.2": (("050202", "1"), ("050201", "0.5")),
    "Z6.3": (("050305", "1"), ("050306", "0.3")),
    "Z7.1": (("050501", "1"), ("050502", "0.5")),
    "Z7.2": (("050502", "0.5"), ("100101", "0.3")),
    "Z7.3": (("050503", "1"),),
}

# Produkt → (Kennzahl, Rolle): "fallzahl" = the quantity the product's cost is divided by
PRODUKT_KENNZAHLEN: tuple[tuple[str, str, str], ...] = (
    ("050101", "K105", "fallzahl"), ("050101", "K106", "leistung"),
    ("050105", "K107", "fallzahl"), ("050105", "K108", "wirkung"), ("050105", "K109", "leistung"),
    ("050202", "K604", "fallzahl"),
    ("050203", "K602", "fallzahl"), ("050203", "K601", "wirkung"), ("050203", "K609", "leistung"),
    ("050302", "K208", "fallzahl"), ("050302", "K207", "wirkung"),
    ("050303", "K205", "fallzahl"), ("050303", "K204", "wirkung"),
    ("050401", "K206", "fallzahl"), ("050401", "K201", "leistung"),
    ("050501", "K702", "fallzahl"),
    ("050503", "K707", "fallzahl"),
    ("060101", "K303", "fallzahl"), ("060102", "K304", "fallzahl"), ("060103", "K303", "leistung"),
    ("060501", "K507", "fallzahl"), ("060501", "K514", "leistung"),
    ("060502", "K508", "fallzahl"),
    ("060503", "K506", "fallzahl"), ("060503", "K505", "leistung"), ("060503", "K503", "leistung"),
    ("070101", "K402", "wirkung"), ("070201", "K401", "wirkung"), ("070401", "K404", "fallzahl"),
)

# --------------------------------------------------------------------------------------------------
# Kennzahlen
# --------------------------------------------------------------------------------------------------
Knoten = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Raumdef:
    """How a Kennzahl varies between Sozialräume."""

    elastizitaet: float
    alter: tuple[int, int | None] = (0, None)
    sonderverlauf: dict[str, Knoten] = field(default_factory=dict)


@dataclass(frozen=True)
class Kennzahldef:
    """A Kennzahl's Steckbrief and the recipe for its values (see the module docstring)."""

    code: str
    name: str
    einheit: str
    typ: str
    richtung: str
    handlungsfeld: str
    organisationseinheit: str
    quelle: str
    zaehler: str
    nenner: str | None
    beschreibung: str
    nachkommastellen: int = 1
    verlauf: Knoten = ()
    saison: float = 0.0
    rauschen: float = 0.0
    bewertung: str | None = None
    ziel: Knoten = ()
    korridor: tuple[float, float] | None = None
    raum: Raumdef | None = None
    abgeleitet: str | None = None
    vergleich: float | None = None
    prognose: bool = False
    fehlt_letzte_periode: bool = False
    rate_alter: tuple[int, int | None] | None = None
    """Age band of the rate per 1.000 shown beside a count per Sozialraum (Kennzahl.rate_alter_von/-bis)."""


BA = "Statistik der Bundesagentur für Arbeit"
JA = "Jugendamt, Fachverfahren"
FIBU = "Finanzbuchhaltung"
EMA = "Einwohnermelderegister"
SEU = "Gesundheitsamt, Schuleingangsuntersuchung"
NRW = " Vergleichswert: NRW-Durchschnitt (IT.NRW bzw. Bundesagentur für Arbeit)."

KENNZAHLEN: tuple[Kennzahldef, ...] = (
    # ---------------------------------------------------------------- HF1 Arbeit und Grundsicherung
    Kennzahldef("K101", "SGB II-Quote", "%", "wirkung", "niedriger_besser", "HF1", "V/2", BA,
                "Leistungsberechtigte nach dem SGB II", "Einwohnerinnen und Einwohner unter der Regelaltersgrenze",
                "Anteil der Menschen unter der Regelaltersgrenze, die Leistungen nach dem SGB II beziehen." + NRW,
                verlauf=((2019, 12.9), (2020.5, 13.4), (2021.9, 12.5), (2022.7, 13.1), (2026.75, 12.4)),
                saison=0.08, rauschen=0.04, bewertung="knapp", raum=Raumdef(0.85, (0, 64)), vergleich=0.88,
                prognose=True),
    Kennzahldef("K102", "Langzeitleistungsbeziehende SGB II, Veränderung zum Vorjahr", "%", "wirkung",
                "niedriger_besser", "HF1", "V/2", BA,
                "Langzeitleistungsbeziehende im Monat minus Vorjahresmonat", "Langzeitleistungsbeziehende im "
                "Vorjahresmonat", "Veränderung der Zahl der Menschen, die in den letzten 24 Monaten mindestens "
                "21 Monate hilfebedürftig waren; Ziel: höchstens +2 %.",
                verlauf=((2019, -2.5), (2020.5, 7.5), (2021.5, 4.0), (2022.5, -3.0), (2023.5, 1.0),
                         (2024.5, 2.4), (2026.75, 0.8)), rauschen=0.25, ziel=((2019, 2.0), (2029, 2.0))),
    Kennzahldef("K103", "Integrationsquote SGB II", "%", "wirkung", "hoeher_besser", "HF1", "V/2", BA,
                "Integrationen in Erwerbstätigkeit oder Ausbildung (12 Monate)",
                "durchschnittlicher Bestand erwerbsfähiger Leistungsberechtigter",
                "Gleitende Jahressumme der Integrationen je erwerbsfähigem Leistungsberechtigten. Die Daten "
                "liefert die BA mit drei Monaten Wartezeit." + NRW,
                verlauf=((2019, 24.5), (2020.5, 19.0), (2021.5, 21.5), (2022.5, 22.8), (2026.75, 25.5)),
                saison=0.2, rauschen=0.15, bewertung="knapp", vergleich=0.98, prognose=True,
                fehlt_letzte_periode=True),
    Kennzahldef("K104", "Arbeitslosenquote (15 bis 64 Jahre)", "%", "kontext", "niedriger_besser", "HF1", "V/1",
                BA, "Arbeitslose nach SGB II und SGB III", "Einwohnerinnen und Einwohner von 15 bis 64 Jahren",
                "Arbeitslose in % der 15- bis 64-Jährigen (kleinräumige Arbeitslosenziffer)." + NRW,
                verlauf=((2019, 5.9), (2020.5, 7.0), (2021.9, 6.2), (2023.5, 6.3), (2026.75, 6.6)),
                saison=0.2, rauschen=0.04, raum=Raumdef(0.7, (15, 64)), vergleich=0.9),
    Kennzahldef("K105", "Bedarfsgemeinschaften SGB II", "Fälle", "kontext", "niedriger_besser", "HF1", "V/2",
                BA, "Bedarfsgemeinschaften am Ende der Periode", None,
                "Bestand der Bedarfsgemeinschaften; Fallzahl für die Kosten der Unterkunft.",
                nachkommastellen=0, rauschen=45,
                verlauf=((2019, 15200), (2020.5, 15650), (2021.9, 14800), (2022.8, 15900), (2026.75, 15100)),
                prognose=True),
    Kennzahldef("K106", "Aufwand Kosten der Unterkunft je Bedarfsgemeinschaft", "€", "input",
                "niedriger_besser", "HF1", "V/2", FIBU + " und " + BA,
                "Transferaufwand Kosten der Unterkunft und Heizung (hochgerechnet auf 12 Monate)",
                "Bedarfsgemeinschaften", "Jahresaufwand für Unterkunft und Heizung je Bedarfsgemeinschaft.",
                nachkommastellen=0, abgeleitet="fallkosten:050101", bewertung="knapp", prognose=True),
    Kennzahldef("K107", "Teilnehmende im Beschäftigungsprogramm „Perspektive Arbeit“", "Personen", "output",
                "hoeher_besser", "HF1", "V/2", "Jobcenter-Koordination, Teilnehmendenstatistik",
                "Teilnehmende am Ende der Periode", None,
                "Bestand der Teilnehmenden im kommunalen Beschäftigungs- und Qualifizierungsprogramm.",
                nachkommastellen=0, verlauf=((2019, 152), (2026.75, 158)), rauschen=3, ziel=((2019, 150), (2029, 150))),
    Kennzahldef("K108", "Übergänge in sozialversicherungspflichtige Beschäftigung nach Programmteilnahme", "%",
                "wirkung", "hoeher_besser", "HF1", "V/2", "Jobcenter-Koordination, Verbleibsnachhaltung",
                "Austritte mit Aufnahme sozialversicherungspflichtiger Beschäftigung binnen 6 Monaten",
                "Austritte aus dem Programm (12 Monate)",
                "Wirkung des Programms „Perspektive Arbeit“: Anteil der Teilnehmenden, die binnen sechs Monaten "
                "nach dem Austritt sozialversicherungspflichtig beschäftigt sind.",
                verlauf=((2019, 17.4), (2022.5, 17.0), (2026.75, 17.3)), rauschen=0.25,
                ziel=((2019, 18.0), (2026, 24.0), (2029, 26.0))),
    Kennzahldef("K109", "Zuschussbedarf je Teilnehmendem „Perspektive Arbeit“", "€", "input", "niedriger_besser",
                "HF1", "V/2", FIBU, "Zuschussbedarf des Produkts 050105 (Jahr)", "Teilnehmende im Jahresmittel",
                "Netto-Aufwand der Stadt je Teilnehmendem und Jahr.", nachkommastellen=0,
                abgeleitet="zuschuss_je_fall:050105:K107", ziel=((2019, 12800), (2029, 13200))),
    Kennzahldef("K110", "Laufende Fälle kommunaler Eingliederungsleistungen nach § 16a SGB II", "Fälle",
                "output", "hoeher_besser", "HF1", "V/2", "Beratungsstellen, Leistungsstatistik",
                "Laufende Fälle der Schuldner-, Sucht- und psychosozialen Beratung", None,
                "Bestand der Beratungsfälle für Leistungsberechtigte nach dem SGB II.", nachkommastellen=0,
                verlauf=((2019, 1850), (2020.5, 1500), (2022, 1900), (2026.75, 2150)), rauschen=25,
                bewertung="gut"),
    Kennzahldef("K111", "Transferbezugsquote (SGB II und SGB XII)", "%", "kontext", "niedriger_besser", "HF1",
                "V/1", BA + "; Amt für Soziales", "Empfängerinnen und Empfänger von Leistungen nach SGB II und "
                "SGB XII", "Einwohnerinnen und Einwohner",
                "Anteil der Bevölkerung mit existenzsichernden Mindestsicherungsleistungen.",
                verlauf=((2019, 11.8), (2020.5, 12.2), (2021.9, 11.6), (2022.8, 12.3), (2026.75, 11.9)),
                rauschen=0.04, raum=Raumdef(0.8)),
    # ---------------------------------------------------------------- HF2 Wohnen
    Kennzahldef("K201", "Wohngeldanträge in höchstens 12 Wochen entschieden", "%", "prozess", "hoeher_besser",
                "HF2", "56", "Amt für Wohnungswesen, Fachverfahren Wohngeld",
                "Entschiedene Anträge mit Bearbeitungszeit bis 12 Wochen", "Entschiedene Anträge",
                "Anteil der Wohngeldanträge, die spätestens 12 Wochen nach Eingang beschieden sind. Die "
                "Wohngeld-Plus-Reform 2023 hat die Antragszahlen fast verdoppelt.",
                verlauf=((2019, 82), (2022.9, 80), (2023.3, 48), (2024.5, 68), (2026.75, 79)), rauschen=0.8,
                ziel=((2019, 85), (2029, 88)), prognose=True),
    Kennzahldef("K202", "Durchschnittliche Bearbeitungsdauer Wohngeld", "Tage", "prozess", "niedriger_besser",
                "HF2", "56", "Amt für Wohnungswesen, Fachverfahren Wohngeld",
                "Summe der Bearbeitungstage entschiedener Anträge", "Entschiedene Anträge",
                "Tage vom Eingang des vollständigen Antrags bis zum Bescheid.", nachkommastellen=0,
                verlauf=((2019, 52), (2022.9, 55), (2023.3, 118), (2024.5, 76), (2026.75, 60)), rauschen=1.5,
                ziel=((2019, 56), (2029, 50))),
    Kennzahldef("K203", "Ordnungsrechtlich untergebrachte Wohnungslose", "je 1.000 EW", "wirkung",
                "niedriger_besser", "HF2", "50", "Amt für Soziales, Fachstelle Wohnungsnotfälle",
                "Untergebrachte Personen nach letzter Meldeadresse", "Einwohnerinnen und Einwohner / 1.000",
                "Personen in städtischen Unterkünften je 1.000 Einwohnerinnen und Einwohner.",
                nachkommastellen=2, verlauf=((2019, 1.45), (2021.5, 1.38), (2022.6, 1.62), (2026.75, 1.78)),
                rauschen=0.01, bewertung="knapp", raum=Raumdef(1.1), prognose=True),
    Kennzahldef("K204", "Erfolgreiche Wohnungssicherungen", "%", "wirkung", "hoeher_besser", "HF2", "50",
                "Amt für Soziales, Fachstelle Wohnungsnotfälle",
                "Abgeschlossene Fälle mit erhaltener oder ersetzter Wohnung",
                "Abgeschlossene Fälle drohender Wohnungsverluste",
                "Anteil der bekannt gewordenen drohenden Wohnungsverluste, bei denen die Wohnung erhalten oder "
                "eine neue vermittelt wurde.", verlauf=((2019, 67.5), (2026.75, 73.0)), rauschen=0.8,
                bewertung="gut"),
    Kennzahldef("K205", "Laufende Fälle der Fachstelle Wohnungssicherung", "Fälle", "output", "hoeher_besser",
                "HF2", "50", "Amt für Soziales, Fachstelle Wohnungsnotfälle", "Fälle in Bearbeitung", None,
                "Bestand der Haushalte mit drohendem Wohnungsverlust in Beratung.", nachkommastellen=0,
                verlauf=((2019, 410), (2020.5, 320), (2023, 480), (2026.75, 560)), rauschen=10,
                bewertung="gut"),
    Kennzahldef("K206", "Wohngeldhaushalte", "Haushalte", "kontext", "niedriger_besser", "HF2", "56",
                "Amt für Wohnungswesen, Fachverfahren Wohngeld", "Haushalte mit laufendem Wohngeld", None,
                "Bestand der Wohngeldhaushalte; Fallzahl für die Bearbeitungskosten je Haushalt.",
                nachkommastellen=0,
                verlauf=((2019, 3900), (2022.9, 3750), (2023.5, 6300), (2026.75, 6900)), rauschen=35),
    Kennzahldef("K207", "Vermittlungen aus der Unterbringung in eigenen Wohnraum", "%", "wirkung",
                "hoeher_besser", "HF2", "50", "Amt für Soziales, Fachstelle Wohnungsnotfälle",
                "Untergebrachte, die binnen 12 Monaten eigenen Wohnraum bezogen haben", "Untergebrachte Personen",
                "Anteil der Untergebrachten, die innerhalb eines Jahres in eigenen Wohnraum wechseln.",
                verlauf=((2019, 26), (2021, 29), (2026.75, 27.8)), rauschen=0.6, bewertung="knapp"),
    Kennzahldef("K208", "Untergebrachte Personen in städtischen Unterkünften", "Personen", "output",
                "niedriger_besser", "HF2", "50", "Amt für Soziales, Fachstelle Wohnungsnotfälle",
                "Untergebrachte Personen am Ende der Periode", None,
                "Bestand der ordnungsrechtlich untergebrachten Personen; Fallzahl für die Unterbringungskosten.",
                nachkommastellen=0, abgeleitet="bestand_aus_dichte:K203", bewertung="knapp"),
    # ---------------------------------------------------------------- HF3 Bildung und Betreuung
    Kennzahldef("K301", "Betreuungsquote unter 3 Jahren", "%", "output", "zielkorridor", "HF3", "51",
                "Jugendamt, Kita-Platzvergabe", "Betreute Kinder unter 3 Jahren (Kita und Kindertagespflege)",
                "Kinder unter 3 Jahren", "Betreuungsquote U3; Zielkorridor nach Bedarfsplanung 40 bis 60 %." + NRW,
                verlauf=((2019, 35.5), (2026.75, 44.5)), saison=0.6, rauschen=0.15, korridor=(40, 60),
                ziel=((2019, 40), (2029, 50)), raum=Raumdef(-0.25, (0, 2)), vergleich=0.95, prognose=True),
    Kennzahldef("K302", "Betreuungsquote über 3 Jahren bis Schuleintritt", "%", "output", "hoeher_besser",
                "HF3", "51", "Jugendamt, Kita-Platzvergabe", "Betreute Kinder von 3 bis 5 Jahren",
                "Kinder von 3 bis 5 Jahren", "Betreuungsquote Ü3." + NRW,
                verlauf=((2019, 92.4), (2026.75, 94.6)), rauschen=0.1, bewertung="knapp",
                raum=Raumdef(-0.03, (3, 5)), vergleich=0.995, prognose=True),
    Kennzahldef("K303", "Betreute Kinder in Kindertageseinrichtungen", "Kinder", "output", "hoeher_besser",
                "HF3", "51", "Jugendamt, KiBiz.web", "Belegte Plätze in Kindertageseinrichtungen", None,
                "Betreute Kinder in Einrichtungen freier und städtischer Träger; Fallzahl für die "
                "Kita-Förderung.", nachkommastellen=0, abgeleitet="kita", bewertung="gut"),
    Kennzahldef("K304", "Betreute Kinder in Kindertagespflege", "Kinder", "output", "hoeher_besser", "HF3",
                "51", "Jugendamt, Fachverfahren Kindertagespflege", "Betreute Kinder in Kindertagespflege", None,
                "Fallzahl für die Geldleistungen an Tagespflegepersonen.", nachkommastellen=0,
                abgeleitet="tagespflege", bewertung="gut"),
    Kennzahldef("K305", "Zuschussbedarf Kindertagesbetreuung je Kind unter 6 Jahren", "€", "input",
                "niedriger_besser", "HF3", "51", FIBU + " und " + EMA,
                "Zuschussbedarf der Produktgruppe 0601 (Jahr)", "Kinder unter 6 Jahren",
                "Fehlbetrag der Tagesbetreuung je Kind unter 6 Jahren (Jahreswert)." + NRW,
                nachkommastellen=0, abgeleitet="zuschuss_je_ew:0601:0-5", bewertung="knapp", vergleich=1.04),
    Kennzahldef("K306", "Sprachförderbedarf bei der Schuleingangsuntersuchung", "%", "wirkung",
                "niedriger_besser", "HF3", "53", SEU, "Untersuchte Kinder mit Sprachförderbedarf",
                "Untersuchte Kinder", "Anteil der Einschülerinnen und Einschüler mit Förderbedarf in Deutsch.",
                verlauf=((2019, 24.0), (2021.5, 27.5), (2026.75, 26.0)), rauschen=0.25,
                ziel=((2019, 23), (2029, 20)), raum=Raumdef(0.9, (6, 9))),
    Kennzahldef("K307", "Kinder mit mindestens zwei Jahren Kitabesuch vor der Einschulung", "%", "wirkung",
                "hoeher_besser", "HF3", "51", SEU, "Einschulkinder mit mindestens 24 Monaten Kitabesuch",
                "Untersuchte Kinder", "Anteil der Einschulkinder mit mindestens zwei Jahren Kitabesuch.",
                verlauf=((2019, 84.5), (2026.75, 88.0)), rauschen=0.4, bewertung="gut"),
    Kennzahldef("K308", "Vakanzquote Fachkräfte in städtischen Kitas", "%", "input", "niedriger_besser", "HF3",
                "51", "Personalamt, Stellenplan", "Unbesetzte Fachkraftstellen", "Fachkraftstellen laut Stellenplan",
                "Anteil der unbesetzten pädagogischen Stellen in städtischen Kindertageseinrichtungen.",
                verlauf=((2019, 3.5), (2022.5, 7.8), (2026.75, 6.2)), rauschen=0.2,
                ziel=((2019, 4.0), (2029, 3.0))),
    # ---------------------------------------------------------------- HF4 Gesundheit
    Kennzahldef("K401", "Impfquote Masern 2. Dosis bei der Schuleingangsuntersuchung", "%", "wirkung",
                "hoeher_besser", "HF4", "53", SEU, "Einschulkinder mit zwei dokumentierten Masernimpfungen",
                "Einschulkinder mit vorgelegtem Impfbuch", "Ziel der WHO: 95 %." + NRW,
                verlauf=((2019, 90.2), (2026.75, 94.6)), rauschen=0.15, ziel=((2019, 95), (2029, 95)),
                raum=Raumdef(-0.035, (6, 9)), vergleich=1.0),
    Kennzahldef("K402", "Übergewicht (inklusive Adipositas) bei der Schuleingangsuntersuchung", "%", "wirkung",
                "niedriger_besser", "HF4", "53", SEU, "Untersuchte Kinder mit BMI über der 90. Perzentile",
                "Untersuchte Kinder", "Anteil übergewichtiger und adipöser Einschulkinder." + NRW,
                verlauf=((2019, 11.0), (2021.5, 12.6), (2026.75, 12.1)), rauschen=0.12,
                ziel=((2019, 10.8), (2029, 9.5)), raum=Raumdef(0.6, (6, 9)), vergleich=0.96),
    Kennzahldef("K403", "Fristgerecht durchgeführte Schuleingangsuntersuchungen", "%", "prozess",
                "hoeher_besser", "HF4", "53", SEU, "Bis zum Stichtag untersuchte Kinder",
                "Schulpflichtig werdende Kinder",
                "Anteil der Schuleingangsuntersuchungen, die vor dem Stichtag der Schulen abgeschlossen sind.",
                verlauf=((2019, 97.5), (2020.5, 71), (2021.5, 84), (2022.5, 96), (2026.75, 98.6)), rauschen=0.3,
                ziel=((2019, 98), (2029, 98))),
    Kennzahldef("K404", "Teilnehmende Kinder am Bewegungsprogramm „Fit im Quartier“", "Kinder", "output",
                "hoeher_besser", "HF4", "53", "Gesundheitsamt, Programmstatistik", "Angemeldete Kinder", None,
                "Bestand der teilnehmenden Kinder in Kitas und Grundschulen.", nachkommastellen=0,
                verlauf=((2019, 380), (2020.5, 120), (2022, 350), (2026.75, 520)), rauschen=10, bewertung="gut"),
    Kennzahldef("K405", "Wartezeit bis zum Erstkontakt im Sozialpsychiatrischen Dienst", "Tage", "prozess",
                "niedriger_besser", "HF4", "53", "Gesundheitsamt, Fachverfahren SpDi",
                "Summe der Wartetage bis zum Erstkontakt", "Neue Fälle",
                "Durchschnittliche Wartezeit nicht akuter Fälle.",
                verlauf=((2019, 9.5), (2026.75, 10.8)), rauschen=0.3, ziel=((2019, 10), (2029, 10))),
    Kennzahldef("K406", "Kitas mit aufsuchender Impfberatung", "%", "output", "hoeher_besser", "HF4", "53",
                "Gesundheitsamt, Programmstatistik", "Kitas mit Impfberatung in den letzten 12 Monaten",
                "Kindertageseinrichtungen", "Anteil der Kitas, die das Gesundheitsamt zur Impfberatung besucht hat.",
                verlauf=((2019, 35), (2026.75, 78)), rauschen=1.0, bewertung="gut"),
    # ---------------------------------------------------------------- HF5 Jugend und Familie
    Kennzahldef("K501", "Anteil ambulanter Hilfen an allen Hilfen zur Erziehung", "%", "output",
                "hoeher_besser", "HF5", "51", JA, "Laufende ambulante Hilfen (§§ 27 Abs. 2, 28–32, 35 SGB VIII)",
                "Laufende Hilfen zur Erziehung insgesamt", "Steuerungsgrundsatz „ambulant vor stationär“.",
                abgeleitet="hze_anteil_ambulant", ziel=((2019, 65), (2029, 66)), prognose=True),
    Kennzahldef("K502", "Ambulante Leistungsdichte Hilfen zur Erziehung", "je 1.000 EW unter 21", "output",
                "zielkorridor", "HF5", "51", JA + " und " + EMA, "Laufende ambulante Hilfen",
                "Einwohnerinnen und Einwohner unter 21 Jahren / 1.000",
                "Ambulante Hilfen je 1.000 junge Menschen unter 21 Jahren.", abgeleitet="hze_dichte:K507",
                korridor=(18, 24), ziel=((2019, 21), (2029, 21))),
    Kennzahldef("K503", "Stationäre Leistungsdichte Hilfen zur Erziehung", "je 1.000 EW unter 21", "output",
                "niedriger_besser", "HF5", "51", JA + " und " + EMA,
                "Laufende Hilfen nach §§ 33 und 34 SGB VIII", "Einwohnerinnen und Einwohner unter 21 Jahren / 1.000",
                "Vollzeitpflege und Heimerziehung je 1.000 junge Menschen unter 21 Jahren.",
                abgeleitet="hze_dichte:K506+K508", ziel=((2019, 11.5), (2029, 11.0)), prognose=True),
    Kennzahldef("K504", "Anteil Vollzeitpflege an den stationären Hilfen", "%", "output", "zielkorridor", "HF5",
                "51", JA, "Laufende Hilfen nach § 33 SGB VIII", "Laufende Hilfen nach §§ 33 und 34 SGB VIII",
                "Pflegefamilien statt Heim, wo es dem Kind entspricht.", abgeleitet="hze_anteil_vzp",
                korridor=(45, 60), ziel=((2019, 50), (2029, 50))),
    Kennzahldef("K505", "Aufwand je Fall Heimerziehung (§ 34 SGB VIII)", "€", "input", "niedriger_besser",
                "HF5", "51", FIBU + " und " + JA, "Transferaufwand Heimerziehung (Jahr)",
                "Laufende Hilfen nach § 34 SGB VIII im Jahresmittel",
                "Jahresaufwand je Fall der Heimerziehung und sonstigen betreuten Wohnformen.",
                nachkommastellen=0, abgeleitet="fallkosten:060503", ziel=((2019, 61000), (2029, 70000)),
                prognose=True),
    Kennzahldef("K506", "Laufende Hilfen Heimerziehung und sonstige betreute Wohnformen (§ 34 SGB VIII)",
                "Fälle", "output", "niedriger_besser", "HF5", "51", JA, "Laufende Hilfen am Ende der Periode",
                None, "Fallzahl für den Transferaufwand der Heimerziehung.", nachkommastellen=0,
                verlauf=((2019, 400), (2021, 425), (2026.75, 560)), rauschen=3,
                ziel=((2019, 400), (2029, 420)), prognose=True),
    Kennzahldef("K507", "Laufende ambulante Hilfen zur Erziehung", "Fälle", "output", "hoeher_besser", "HF5",
                "51", JA, "Laufende ambulante Hilfen am Ende der Periode", None,
                "Fallzahl für den Transferaufwand der ambulanten Hilfen.", nachkommastellen=0,
                verlauf=((2019, 1250), (2021, 1235), (2026.75, 1030)), rauschen=6,
                ziel=((2019, 1250), (2029, 1260))),
    Kennzahldef("K508", "Laufende Hilfen in Vollzeitpflege (§ 33 SGB VIII)", "Fälle", "output", "hoeher_besser",
                "HF5", "51", JA, "Laufende Hilfen am Ende der Periode", None,
                "Fallzahl für den Transferaufwand der Vollzeitpflege.", nachkommastellen=0,
                verlauf=((2019, 300), (2026.75, 420)), rauschen=2, bewertung="gut"),
    Kennzahldef("K509", "Planmäßig beendete Hilfen zur Erziehung", "%", "wirkung", "hoeher_besser", "HF5", "51",
                JA, "Hilfen, die laut Hilfeplan beendet wurden (12 Monate)", "Beendete Hilfen (12 Monate)",
                "Anteil der Hilfen, deren Ziele laut Hilfeplan erreicht wurden." + NRW,
                verlauf=((2019, 58), (2026.75, 61)), rauschen=0.8, bewertung="gut", vergleich=0.98),
    Kennzahldef("K510", "Erreichte Familien mit Neugeborenen durch Willkommensbesuche", "%", "output",
                "hoeher_besser", "HF5", "51", "Jugendamt, Frühe Hilfen", "Besuchte Familien mit Neugeborenen",
                "Geburten (12 Monate)", "Anteil der Familien, die einen Willkommensbesuch angenommen haben.",
                verlauf=((2019, 62), (2020.5, 41), (2021.5, 58), (2026.75, 74)), rauschen=1.0, bewertung="gut"),
    Kennzahldef("K511", "Kinderarmut: SGB II-Bezug unter 15 Jahren", "%", "kontext", "niedriger_besser", "HF5",
                "V/1", BA, "Nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren", "Kinder unter 15 Jahren",
                "Anteil der Kinder unter 15 Jahren, die in Bedarfsgemeinschaften nach dem SGB II leben." + NRW,
                verlauf=((2019, 19.8), (2026.75, 19.9)), rauschen=0.03,
                raum=Raumdef(0.8, (0, 14), {"103": ((2019, 31.5), (2021, 31.8), (2026.75, 41.0))}),
                vergleich=0.9),
    Kennzahldef("K512", "Alleinerziehende", "%", "kontext", "niedriger_besser", "HF5", "V/1", EMA,
                "Haushalte Alleinerziehender mit minderjährigen Kindern", "Haushalte mit minderjährigen Kindern",
                "Anteil der Alleinerziehenden an den Haushalten mit Kindern (Haushaltegenerierung).",
                verlauf=((2019, 21.5), (2026.75, 22.4)), rauschen=0.05, raum=Raumdef(0.45, (0, 17))),
    Kennzahldef("K513", "Gefährdungseinschätzungen nach § 8a SGB VIII fristgerecht begonnen", "%", "prozess",
                "hoeher_besser", "HF5", "51", JA, "Meldungen mit Beginn der Gefährdungseinschätzung binnen 24 "
                "Stunden", "Eingegangene Meldungen", "Fristgerechter Beginn des Kinderschutzverfahrens.",
                verlauf=((2019, 94.5), (2026.75, 97.1)), rauschen=0.4, bewertung="gut"),
    Kennzahldef("K514", "Aufwand je Fall ambulante Hilfen zur Erziehung", "€", "input", "niedriger_besser",
                "HF5", "51", FIBU + " und " + JA, "Transferaufwand ambulante Hilfen (Jahr)",
                "Laufende ambulante Hilfen im Jahresmittel", "Jahresaufwand je ambulanter Hilfe.",
                nachkommastellen=0, abgeleitet="fallkosten:060501", bewertung="gut"),
    # Heimerziehung per Sozialraum: a count with small numbers in the well-off districts (they are suppressed)
    # and a rate per 1.000 under 21 beside it; the districts add up to K506.
    Kennzahldef("K515", "Laufende Hilfen Heimerziehung (§ 34 SGB VIII) je Sozialraum", "Fälle", "kontext",
                "niedriger_besser", "HF5", "51", JA + " und " + EMA, "Laufende Hilfen nach § 34 SGB VIII am Ende der "
                "Periode nach Wohnort der Eltern", None, "Wo die Heimerziehung gebraucht wird; daneben die Rate je "
                "1.000 junge Menschen unter 21 Jahren im Sozialraum.", nachkommastellen=0,
                raum=Raumdef(1.6, (0, 20)), abgeleitet="faelle_aufteilen:K506", rate_alter=(0, 20)),
    # ---------------------------------------------------------------- HF6 Senioren und Pflege
    Kennzahldef("K601", "Hilfe zur Pflege: Anteil ambulanter Leistungen", "%", "output", "hoeher_besser", "HF6",
                "50", "Amt für Soziales, Fachverfahren SGB XII",
                "Leistungsbeziehende Hilfe zur Pflege außerhalb von Einrichtungen",
                "Leistungsbeziehende Hilfe zur Pflege insgesamt", "Steuerungsgrundsatz „ambulant vor stationär“." + NRW,
                verlauf=((2019, 36.5), (2026.75, 42.0)), rauschen=0.3, bewertung="gut", vergleich=0.95),
    Kennzahldef("K602", "Leistungsbeziehende Hilfe zur Pflege", "Personen", "output", "niedriger_besser", "HF6",
                "50", "Amt für Soziales, Fachverfahren SGB XII", "Leistungsbeziehende am Ende der Periode", None,
                "Fallzahl für den Transferaufwand der Hilfe zur Pflege.", nachkommastellen=0,
                verlauf=((2019, 1150), (2026.75, 1280)), rauschen=6, bewertung="knapp", prognose=True),
    Kennzahldef("K603", "Dichte Grundsicherung im Alter", "je 1.000 EW ab 65", "kontext", "niedriger_besser",
                "HF6", "V/1", "Amt für Soziales, Fachverfahren SGB XII",
                "Leistungsberechtigte Grundsicherung im Alter (4. Kapitel SGB XII, ab Regelaltersgrenze)",
                "Einwohnerinnen und Einwohner ab 65 Jahren / 1.000",
                "Leistungsberechtigte je 1.000 Einwohnerinnen und Einwohner ab der Regelaltersgrenze." + NRW,
                verlauf=((2019, 47.5), (2026.75, 57.0)), rauschen=0.1, raum=Raumdef(0.75, (65, None)),
                vergleich=0.92),
    Kennzahldef("K604", "Leistungsberechtigte Grundsicherung im Alter und bei Erwerbsminderung", "Personen",
                "kontext", "niedriger_besser", "HF6", "50", "Amt für Soziales, Fachverfahren SGB XII",
                "Leistungsberechtigte am Ende der Periode", None,
                "Fallzahl für die Grundsicherung nach dem 4. Kapitel SGB XII.", nachkommastellen=0,
                verlauf=((2019, 5600), (2026.75, 6900)), rauschen=15, prognose=True),
    Kennzahldef("K605", "Bearbeitungsdauer Erstanträge Grundsicherung", "Tage", "prozess", "niedriger_besser",
                "HF6", "50", "Amt für Soziales, Fachverfahren SGB XII", "Summe der Bearbeitungstage",
                "Beschiedene Erstanträge", "Tage vom vollständigen Antrag bis zum Bescheid.", nachkommastellen=0,
                verlauf=((2019, 38), (2023, 46), (2026.75, 44)), rauschen=1.0, bewertung="knapp"),
    Kennzahldef("K606", "Beratungskontakte der Seniorenbüros", "je 1.000 EW ab 65", "output", "hoeher_besser",
                "HF6", "50", "Seniorenbüros, Leistungsstatistik", "Beratungskontakte (hochgerechnet auf 12 Monate)",
                "Einwohnerinnen und Einwohner ab 65 Jahren / 1.000",
                "Reichweite der quartiersnahen Seniorenberatung.",
                verlauf=((2019, 62), (2020.5, 35), (2022, 55), (2026.75, 71)), rauschen=1.0, bewertung="gut"),
    Kennzahldef("K607", "Anteil der Einwohnerinnen und Einwohner ab 65 Jahren", "%", "kontext",
                "niedriger_besser", "HF6", "V/1", EMA, "Einwohnerinnen und Einwohner ab 65 Jahren",
                "Einwohnerinnen und Einwohner", "Altersstruktur der Sozialräume.",
                abgeleitet="bevoelkerungsanteil:65-", raum=Raumdef(0.0)),
    Kennzahldef("K608", "Bearbeitungsdauer Anträge Hilfe zur Pflege", "Tage", "prozess", "niedriger_besser",
                "HF6", "50", "Amt für Soziales, Fachverfahren SGB XII", "Summe der Bearbeitungstage",
                "Beschiedene Anträge", "Tage vom vollständigen Antrag bis zum Bescheid.", nachkommastellen=0,
                verlauf=((2019, 64), (2026.75, 58)), rauschen=1.5, bewertung="gut"),
    Kennzahldef("K609", "Aufwand Hilfe zur Pflege je Leistungsbeziehendem", "€", "input", "niedriger_besser",
                "HF6", "50", FIBU, "Transferaufwand Hilfe zur Pflege (Jahr)", "Leistungsbeziehende im Jahresmittel",
                "Jahresaufwand je Leistungsbeziehendem.", nachkommastellen=0, abgeleitet="fallkosten:050203",
                bewertung="knapp"),
    Kennzahldef("K610", "Präventive Hausbesuche: Annahmequote bei 80-Jährigen", "%", "output",
                "hoeher_besser", "HF6", "50", "Seniorenbüros, Leistungsstatistik",
                "Angenommene Besuchsangebote", "Angeschriebene 80-Jährige",
                "Anteil der 80-Jährigen, die einen präventiven Hausbesuch annehmen.",
                verlauf=((2019, 28), (2020.5, 12), (2022, 27), (2026.75, 36)), rauschen=0.8, bewertung="gut"),
    # ---------------------------------------------------------------- HF7 Inklusion und Teilhabe
    Kennzahldef("K701", "Kinder mit Behinderung in Regel-Kitas", "%", "wirkung", "hoeher_besser", "HF7", "V/3",
                "Jugendamt und Landschaftsverband", "Kinder mit Eingliederungshilfe in Regeleinrichtungen",
                "Kinder mit Eingliederungshilfe in Kindertageseinrichtungen",
                "Anteil inklusiv betreuter Kinder mit (drohender) Behinderung.",
                verlauf=((2019, 71.5), (2026.75, 83.5)), rauschen=0.5, bewertung="gut"),
    Kennzahldef("K702", "Laufende Schulbegleitungen", "Fälle", "output", "zielkorridor", "HF7", "50",
                "Amt für Soziales, Eingliederungshilfe", "Laufende Schulbegleitungen am Ende der Periode", None,
                "Fallzahl für die Eingliederungshilfe für Kinder und Jugendliche; Korridor nach Bedarfsplanung.",
                nachkommastellen=0, verlauf=((2019, 380), (2026.75, 560)), rauschen=4, korridor=(400, 550),
                ziel=((2019, 420), (2029, 540)), prognose=True),
    Kennzahldef("K703", "Barrierefrei zugängliche städtische Beratungsstellen", "%", "output", "hoeher_besser",
                "HF7", "V/3", "Koordinierungsstelle Inklusion, Begehungen",
                "Beratungsstellen mit barrierefreiem Zugang", "Städtische Beratungsstellen",
                "Umsetzung des Aktionsplans Inklusion.", verlauf=((2019, 52), (2026.75, 74)), rauschen=0.3,
                ziel=((2019, 50), (2029, 90))),
    Kennzahldef("K704", "Bescheide Eingliederungshilfe innerhalb der gesetzlichen Frist", "%", "prozess",
                "hoeher_besser", "HF7", "50", "Amt für Soziales, Eingliederungshilfe",
                "Fristgerecht erteilte Bescheide (§§ 14, 15 SGB IX)", "Erteilte Bescheide",
                "Anteil der Bescheide innerhalb der Fristen des SGB IX.", verlauf=((2019, 78), (2026.75, 86)),
                rauschen=0.8, bewertung="gut"),
    Kennzahldef("K705", "Laufende Beratungsfälle der Koordinierungsstelle Inklusion", "Fälle", "output",
                "hoeher_besser", "HF7", "V/3", "Koordinierungsstelle Inklusion, Falldokumentation",
                "Laufende Beratungsfälle", None, "Bestand der Einzelfallberatungen.", nachkommastellen=0,
                verlauf=((2019, 140), (2026.75, 230)), rauschen=4, bewertung="gut"),
    Kennzahldef("K706", "Schwerbehindertenquote", "%", "kontext", "niedriger_besser", "HF7", "V/3",
                "Versorgungsverwaltung NRW", "Menschen mit Grad der Behinderung ab 50", "Einwohnerinnen und Einwohner",
                "Anteil schwerbehinderter Menschen an der Bevölkerung." + NRW,
                verlauf=((2019, 10.2), (2026.75, 10.9)), rauschen=0.02, vergleich=0.99),
    Kennzahldef("K707", "Nutzende des Behindertenfahrdienstes", "Personen", "output", "hoeher_besser", "HF7",
                "50", "Amt für Soziales, Fahrdienstabrechnung", "Berechtigte mit mindestens einer Fahrt (12 Monate)",
                None, "Fallzahl für die Kosten des freiwilligen Fahrdienstes.", nachkommastellen=0,
                verlauf=((2019, 620), (2026.75, 595)), rauschen=4, bewertung="gut"),
)

# --------------------------------------------------------------------------------------------------
# Produkte and budget recipes
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """An amount (euro, 2019) growing by ``wachstum`` per year."""

    betrag: float
    wachstum: float = 0.02


@dataclass(frozen=True)
class Pfad:
    """An amount following knots (year, euro), linear between them and beyond the last two."""

    knoten: Knoten


@dataclass(frozen=True)
class Fall:
    """Fallzahl × Fallkosten: the Kennzahl's yearly mean × cost per case (2019, growing) × share."""

    kennzahl: str
    kosten: float
    wachstum: float
    anteil: float = 1.0


@dataclass(frozen=True)
class Quote:
    """A share of other lines of the same product (e.g. Landeszuweisung = 52 % of line 15)."""

    bezug: tuple[str, ...]
    quote: float | Knoten


Zeilenrezept = Fix | Pfad | Fall | Quote


@dataclass(frozen=True)
class Produktdef:
    """A node of the product hierarchy; Produkte carry an aufgabenart and budget recipes per line.

    ``planabweichung``: relative error of the Ansatz for case-driven lines (negative: under-budgeted).
    ``fortschreibung``: relative change from Ansatz to fortgeschriebener Ansatz 2026 per line.
    """

    code: str
    name: str
    organisationseinheit: str
    aufgabenart: str | None = None
    beschreibung: str | None = None
    zeilen: dict[str, Zeilenrezept] = field(default_factory=dict)
    planabweichung: float = 0.0
    fortschreibung: dict[str, float] = field(default_factory=dict)

    @property
    def ebene(self) -> str:
        return {2: "produktbereich", 4: "produktgruppe"}.get(len(self.code), "produkt")


ILV = Quote(("11", "13"), 0.1)
"""Interne Leistungsverrechnung: overheads of 10 % on staff and material costs."""

PRODUKTE: tuple[Produktdef, ...] = (
    Produktdef("05", "Soziale Leistungen", "50"),
    Produktdef("0501", "Grundsicherung für Arbeitsuchende nach dem SGB II", "V/2"),
    Produktdef("050101", "Kosten der Unterkunft und Heizung nach dem SGB II", "V/2", "pflicht",
               "Leistungen für Unterkunft und Heizung (§ 22 SGB II) mit Bundesbeteiligung.",
               {"15": Fall("K105", 4_900, 0.03),
                "02": Quote(("15",), ((2019, 0.485), (2020, 0.71), (2026, 0.72)))}),
    Produktdef("050102", "Einmalige Leistungen nach dem SGB II", "V/2", "pflicht",
               "Erstausstattungen für Wohnung und Bekleidung, Leistungen bei Schwangerschaft und Geburt.",
               {"15": Fix(1_400_000, 0.03)}),
    Produktdef("050103", "Kommunale Eingliederungsleistungen nach § 16a SGB II", "V/2", "pflicht_ermessen",
               "Schuldner-, Sucht- und psychosoziale Beratung sowie Kinderbetreuung für Leistungsberechtigte.",
               {"11": Fix(450_000, 0.035), "13": Fix(150_000), "15": Fix(2_100_000, 0.03), "28": ILV}),
    Produktdef("050104", "Bildung und Teilhabe", "V/2", "pflicht",
               "Leistungen für Bildung und Teilhabe nach § 28 SGB II, § 34 SGB XII und § 6b BKGG.",
               {"11": Fix(900_000, 0.035), "15": Fix(7_500_000, 0.04), "02": Quote(("15",), 0.92), "28": ILV}),
    Produktdef("050105", "Beschäftigungs- und Qualifizierungsprogramm „Perspektive Arbeit“", "V/2", "freiwillig",
               "Freiwilliges kommunales Programm: geförderte Beschäftigung mit Qualifizierung bei "
               "Beschäftigungsträgern, kofinanziert aus ESF-Mitteln.",
               {"11": Fix(620_000, 0.035), "13": Pfad(((2019, 550_000), (2026, 650_000))),
                "15": Pfad(((2019, 1_250_000), (2026, 1_450_000))),
                "02": Pfad(((2019, 620_000), (2026, 380_000))), "28": ILV}),
    Produktdef("050106", "Kommunaler Finanzierungsanteil Jobcenter", "V/2", "pflicht",
               "Kommunaler Anteil an den Verwaltungskosten der gemeinsamen Einrichtung (15,2 %).",
               {"13": Fix(8_200_000, 0.025)}),
    Produktdef("0502", "Leistungen nach dem SGB XII", "50"),
    Produktdef("050201", "Hilfe zum Lebensunterhalt", "50", "pflicht",
               "Leistungen nach dem 3. Kapitel SGB XII.",
               {"11": Fix(800_000, 0.035), "15": Fix(5_600_000, 0.02), "03": Quote(("15",), 0.06), "28": ILV}),
    Produktdef("050202", "Grundsicherung im Alter und bei Erwerbsminderung", "50", "pflicht",
               "Leistungen nach dem 4. Kapitel SGB XII; der Bund erstattet die Nettoausgaben.",
               {"11": Fix(1_600_000, 0.035), "15": Fall("K604", 6_900, 0.035), "06": Quote(("15",), 0.985),
                "28": ILV}),
    Produktdef("050203", "Hilfe zur Pflege", "50", "pflicht",
               "Leistungen nach dem 7. Kapitel SGB XII, ambulant und in Einrichtungen.",
               {"11": Fix(700_000, 0.035), "15": Fall("K602", 17_000, 0.05), "03": Quote(("15",), 0.11),
                "28": ILV}),
    Produktdef("050204", "Hilfen zur Gesundheit", "50", "pflicht", "Leistungen nach dem 5. Kapitel SGB XII.",
               {"15": Fix(1_100_000, 0.04), "06": Quote(("15",), 0.1)}),
    Produktdef("050205", "Hilfe zur Überwindung besonderer sozialer Schwierigkeiten", "50", "pflicht",
               "Leistungen nach §§ 67 ff. SGB XII, vor allem für wohnungslose Menschen.",
               {"11": Fix(300_000, 0.035), "15": Fix(2_800_000, 0.03), "28": ILV}),
    Produktdef("0503", "Besondere soziale Leistungen", "50"),
    Produktdef("050301", "Leistungen nach dem Asylbewerberleistungsgesetz", "50", "pflicht",
               "Grund- und Gesundheitsleistungen; das Land erstattet nach dem Flüchtlingsaufnahmegesetz.",
               {"11": Fix(1_100_000, 0.035), "13": Fix(3_200_000, 0.03),
                "15": Pfad(((2019, 17_000_000), (2020, 14_000_000), (2021, 12_500_000), (2022, 15_000_000),
                            (2023, 19_000_000), (2024, 18_000_000), (2025, 16_000_000), (2026, 15_000_000))),
                "02": Quote(("15",), 0.68), "28": ILV}),
    Produktdef("050302", "Ordnungsrechtliche Unterbringung wohnungsloser Menschen", "50", "pflicht",
               "Betrieb städtischer Unterkünfte; die Untergebrachten zahlen Nutzungsgebühren.",
               {"11": Fix(900_000, 0.035), "13": Fall("K208", 9_500, 0.04), "14": Fix(400_000, 0.0),
                "04": Quote(("13",), 0.35), "28": ILV}),
    Produktdef("050303", "Fachstelle Wohnungssicherung", "50", "pflicht_ermessen",
               "Prävention von Wohnungsverlusten: Beratung, Mietschuldenübernahme, Vermittlung.",
               {"11": Fix(850_000, 0.035), "13": Fix(50_000), "15": Fix(250_000, 0.02), "28": ILV}),
    Produktdef("050304", "Schuldner- und Insolvenzberatung", "50", "freiwillig",
               "Zuschüsse an die Beratungsstellen der Wohlfahrtsverbände; Landesmittel für Insolvenzberatung.",
               {"15": Fix(520_000, 0.02), "02": Fix(180_000, 0.01)}),
    Produktdef("050305", "Seniorenbüros und offene Seniorenarbeit", "50", "freiwillig",
               "Quartiersnahe Seniorenbüros, präventive Hausbesuche, Begegnungsstätten.",
               {"11": Fix(350_000, 0.035), "15": Fix(950_000, 0.025), "28": ILV}),
    Produktdef("050306", "Förderung der freien Wohlfahrtspflege", "50", "freiwillig",
               "Pauschale Zuschüsse an die Spitzenverbände der freien Wohlfahrtspflege.",
               {"15": Fix(850_000, 0.015)}),
    Produktdef("0504", "Wohngeld", "56"),
    Produktdef("050401", "Wohngeld", "56", "pflicht",
               "Bearbeitung der Wohngeldanträge; das Wohngeld selbst tragen Bund und Land.",
               {"11": Pfad(((2019, 1_600_000), (2022, 1_750_000), (2023, 2_600_000), (2026, 2_900_000))),
                "13": Fix(120_000), "28": ILV}),
    Produktdef("0505", "Leistungen für Menschen mit Behinderung", "50"),
    Produktdef("050501", "Eingliederungshilfe für Kinder und Jugendliche", "50", "pflicht",
               "Schulbegleitung und heilpädagogische Leistungen nach dem SGB IX.",
               {"11": Fix(600_000, 0.035), "15": Fall("K702", 21_000, 0.04), "06": Quote(("15",), 0.05),
                "28": ILV}),
    Produktdef("050502", "Koordinierungsstelle Inklusion", "V/3", "freiwillig",
               "Beratung, Aktionsplan Inklusion, Begehungen zur Barrierefreiheit.",
               {"11": Fix(280_000, 0.03), "13": Fix(60_000), "15": Fix(50_000, 0.0), "28": ILV}),
    Produktdef("050503", "Behindertenfahrdienst", "50", "freiwillig",
               "Freiwilliger Fahrdienst für Menschen mit außergewöhnlicher Gehbehinderung.",
               {"13": Fall("K707", 780, 0.03), "04": Quote(("13",), 0.08)}),
    Produktdef("06", "Kinder-, Jugend- und Familienhilfe", "51"),
    Produktdef("0601", "Kindertagesbetreuung", "51"),
    Produktdef("060101", "Förderung von Kindern in Tageseinrichtungen freier Träger", "51", "pflicht",
               "Kindpauschalen nach dem KiBiz für Einrichtungen freier Träger; Landeszuschüsse und "
               "Elternbeiträge.",
               {"11": Fix(1_200_000, 0.035), "15": Fall("K303", 12_500, 0.045, 0.72),
                "02": Quote(("15",), 0.52),
                "04": Pfad(((2019, 7_500_000), (2020, 6_600_000), (2026, 6_000_000))), "28": ILV}),
    Produktdef("060102", "Kindertagespflege", "51", "pflicht",
               "Geldleistungen an Tagespflegepersonen, Qualifizierung und Vermittlung.",
               {"11": Fix(900_000, 0.035), "15": Fall("K304", 10_500, 0.045), "02": Quote(("15",), 0.35),
                "04": Quote(("15",), 0.12), "28": ILV}),
    Produktdef("060103", "Städtische Kindertageseinrichtungen", "51", "pflicht",
               "Betrieb der städtischen Kitas.",
               {"11": Fall("K303", 11_000, 0.045, 0.28), "13": Fall("K303", 1_600, 0.03, 0.28),
                "14": Fix(1_800_000, 0.02), "02": Quote(("11",), 0.55), "04": Fix(2_600_000, -0.03),
                "28": ILV}),
    Produktdef("0602", "Jugendsozialarbeit", "51"),
    Produktdef("060201", "Schulsozialarbeit", "51", "freiwillig",
               "Schulsozialarbeit an Grund- und weiterführenden Schulen, teilweise landesgefördert.",
               {"11": Fix(2_100_000, 0.04), "02": Fix(1_000_000, 0.01), "28": ILV}),
    Produktdef("060202", "Jugendberufshilfe", "51", "pflicht_ermessen",
               "Übergang Schule–Beruf, Jugendwerkstätten.",
               {"11": Fix(300_000, 0.035), "15": Fix(900_000, 0.02), "02": Fix(250_000, 0.0), "28": ILV}),
    Produktdef("0603", "Kinder- und Jugendarbeit", "51"),
    Produktdef("060301", "Offene Kinder- und Jugendarbeit", "51", "pflicht_ermessen",
               "Jugendzentren in städtischer und freier Trägerschaft nach dem Kinder- und Jugendförderplan.",
               {"11": Fix(1_600_000, 0.035), "13": Fix(400_000), "14": Fix(250_000, 0.0),
                "15": Fix(3_800_000, 0.025), "02": Fix(600_000, 0.0), "28": ILV}),
    Produktdef("0604", "Förderung der Erziehung in der Familie", "51"),
    Produktdef("060401", "Frühe Hilfen und Willkommensbesuche", "51", "pflicht_ermessen",
               "Willkommensbesuche bei Neugeborenen, Familienhebammen; Bundesstiftung Frühe Hilfen.",
               {"11": Fix(550_000, 0.035), "15": Fix(300_000, 0.02), "02": Fix(220_000, 0.0), "28": ILV}),
    Produktdef("060402", "Erziehungs- und Familienberatung", "51", "pflicht_ermessen",
               "Beratungsstellen in städtischer und freier Trägerschaft.",
               {"11": Fix(900_000, 0.035), "15": Fix(1_600_000, 0.025), "02": Fix(250_000, 0.0), "28": ILV}),
    Produktdef("060403", "Familienzentren", "51", "freiwillig",
               "Kommunaler Anteil an den Familienzentren; das Land fördert je Zentrum.",
               {"15": Fix(550_000, 0.01), "02": Fix(450_000, 0.01)}),
    Produktdef("0605", "Hilfen zur Erziehung", "51"),
    Produktdef("060501", "Ambulante Hilfen zur Erziehung", "51", "pflicht",
               "Erziehungsbeistand, sozialpädagogische Familienhilfe, soziale Gruppenarbeit (§§ 27–32 SGB VIII).",
               {"11": Fix(3_200_000, 0.035), "15": Fall("K507", 16_500, 0.035), "03": Quote(("15",), 0.02),
                "06": Quote(("15",), 0.04), "28": ILV}),
    Produktdef("060502", "Vollzeitpflege", "51", "pflicht",
               "Pflegefamilien nach § 33 SGB VIII und Pflegekinderdienst.",
               {"11": Fix(1_100_000, 0.035), "15": Fall("K508", 23_000, 0.03), "03": Quote(("15",), 0.05),
                "06": Quote(("15",), 0.08), "28": ILV}),
    Produktdef("060503", "Heimerziehung und sonstige betreute Wohnformen", "51", "pflicht",
               "Stationäre Hilfen zur Erziehung nach § 34 SGB VIII.",
               {"15": Fall("K506", 60_000, 0.03), "03": Quote(("15",), 0.03), "06": Quote(("15",), 0.06)},
               planabweichung=-0.09, fortschreibung={"15": 0.05}),
    Produktdef("0606", "Eingliederungshilfe für seelisch behinderte junge Menschen", "51"),
    Produktdef("060601", "Eingliederungshilfe nach § 35a SGB VIII", "51", "pflicht",
               "Schulbegleitung, Lerntherapie und stationäre Eingliederungshilfe.",
               {"15": Fix(6_500_000, 0.06), "06": Quote(("15",), 0.03)}),
    Produktdef("0607", "Schutzmaßnahmen für Kinder und Jugendliche", "51"),
    Produktdef("060701", "Kinderschutz und Inobhutnahme", "51", "pflicht",
               "Inobhutnahmen nach § 42 SGB VIII, Bereitschaftspflege, Kinderschutzdienst.",
               {"11": Fix(1_400_000, 0.035), "15": Fix(3_900_000, 0.04), "06": Quote(("15",), 0.25),
                "28": ILV}),
    Produktdef("07", "Gesundheitsdienste", "53"),
    Produktdef("0701", "Kinder- und Jugendgesundheit", "53"),
    Produktdef("070101", "Kinder- und Jugendgesundheitsdienst", "53", "pflicht",
               "Schuleingangsuntersuchungen, Untersuchungen in Kitas und Schulen.",
               {"11": Fix(1_900_000, 0.035), "13": Fix(200_000), "28": ILV}),
    Produktdef("0702", "Gesundheitsschutz", "53"),
    Produktdef("070201", "Infektionsschutz und Impfwesen", "53", "pflicht",
               "Infektionsschutz nach dem IfSG, Impfberatung; 2020–2022 mit Pandemiebewältigung.",
               {"11": Pfad(((2019, 1_400_000), (2020, 2_900_000), (2021, 4_200_000), (2022, 3_100_000),
                            (2023, 1_800_000), (2026, 1_900_000))),
                "13": Pfad(((2019, 300_000), (2020, 1_500_000), (2021, 2_400_000), (2022, 1_100_000),
                            (2023, 400_000), (2026, 420_000))),
                "02": Pfad(((2019, 0), (2020, 1_800_000), (2021, 3_500_000), (2022, 1_900_000), (2023, 100_000),
                            (2026, 100_000))), "28": ILV}),
    Produktdef("0703", "Sozialpsychiatrie", "53"),
    Produktdef("070301", "Sozialpsychiatrischer Dienst", "53", "pflicht",
               "Hilfen nach dem PsychKG NRW, Krisenintervention.",
               {"11": Fix(1_300_000, 0.035), "13": Fix(100_000), "28": ILV}),
    Produktdef("0704", "Gesundheitsförderung", "53"),
    Produktdef("070401", "Gesundheitsförderung „Fit im Quartier“", "53", "freiwillig",
               "Bewegungs- und Ernährungsprogramm in Kitas und Grundschulen; Krankenkassen fördern mit.",
               {"11": Fix(120_000, 0.03), "15": Fix(180_000, 0.03), "02": Fix(80_000, 0.0)}),
    Produktdef("10", "Bauen und Wohnen", "56"),
    Produktdef("1001", "Wohnungsbauförderung und Wohnungswesen", "56"),
    Produktdef("100101", "Wohnraumförderung und Wohnungsaufsicht", "56", "pflicht_ermessen",
               "Bewilligung der öffentlichen Wohnraumförderung, Wohnungsaufsicht nach dem WAG NRW.",
               {"11": Fix(950_000, 0.03), "13": Fix(80_000), "04": Fix(120_000, 0.0), "28": ILV}),
    Produktdef("100102", "Wohnungsvermittlung und Belegungsbindungen", "56", "pflicht",
               "Vermittlung in gebundenen Wohnraum, Ankauf von Belegungsrechten.",
               {"11": Fix(600_000, 0.03), "15": Fix(350_000, 0.02), "28": ILV}),
)

# --------------------------------------------------------------------------------------------------
# Kommentare (Abweichungsbegründungen, Maßnahmen, Hinweise)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kommentardef:
    """A comment on a Kennzahl, Produkt or Ziel; ``monat`` places it in the period containing that month
    (capped at the last period with data)."""

    objekt: tuple[str, str]  # ("kennzahl" | "produkt" | "ziel", code)
    jahr: int
    monat: int
    art: str
    text: str
    autor: str
    erstellt_am: str  # ISO date-time, UTC
    verantwortlich: str | None = None
    frist: str | None = None
    massnahmenstatus: str | None = None


KOMMENTARE: tuple[Kommentardef, ...] = (
    Kommentardef(("produkt", "060503"), 2026, 6, "abweichungsbegruendung",
                 "Der Transferaufwand der Heimerziehung liegt zur Jahresmitte rund 12 % über dem Ansatz. "
                 "Mengeneffekt: 548 laufende Hilfen statt der geplanten 470 (mehr Anschlusshilfen nach "
                 "Inobhutnahmen, fehlende Pflegefamilien). Preiseffekt: Entgeltsteigerungen von 6,5 % nach dem "
                 "Landesrahmenvertrag.", "S. Krüger (51/3)", "2026-07-21T09:30:00"),
    Kommentardef(("produkt", "060503"), 2026, 9, "massnahme",
                 "Fallkonferenzen für alle stationären Hilfen über 24 Monate mit Prüfung der Rückführung; "
                 "zwei zusätzliche Stellen im Pflegekinderdienst zur Gewinnung von Pflegefamilien.",
                 "S. Krüger (51/3)", "2026-10-12T14:05:00", "Abteilungsleitung Hilfen zur Erziehung (51/3)",
                 "2027-03-31", "in_umsetzung"),
    Kommentardef(("kennzahl", "K501"), 2026, 9, "massnahme",
                 "Konzept „Flexible ambulante Hilfen im Sozialraum“ für Nordstadt und Hafenviertel mit den "
                 "freien Trägern erarbeiten und dem Jugendhilfeausschuss vorlegen.", "S. Krüger (51/3)",
                 "2026-10-12T14:20:00", "Jugendamtsleitung (51)", "2026-12-31", "offen"),
    Kommentardef(("kennzahl", "K108"), 2026, 6, "abweichungsbegruendung",
                 "Die Übergangsquote stagniert seit 2019 bei rund 17 %, während der Zuschussbedarf des Programms "
                 "um rund 40 % gestiegen ist (Tarifsteigerungen der Träger, sinkende ESF-Mittel).",
                 "T. Öztürk (V/2)", "2026-07-18T11:00:00"),
    Kommentardef(("produkt", "050105"), 2026, 9, "massnahme",
                 "Programm mit verbindlichen Wirkungszielen neu ausschreiben; bis dahin keine Aufstockung. "
                 "Entscheidung im Ausschuss für Soziales und Gesundheit.", "T. Öztürk (V/2)",
                 "2026-10-09T10:45:00", "Jobcenter-Koordination (V/2)", "2027-06-30", "offen"),
    Kommentardef(("kennzahl", "K511"), 2026, 6, "hinweis",
                 "Im Hafenviertel steigt der Anteil der Kinder im SGB II-Bezug seit 2021 deutlich, während der "
                 "städtische Durchschnitt stabil bleibt. Sozialraumkonferenz am 05.11.2026.",
                 "L. Hoffmann (V/1)", "2026-07-30T08:15:00"),
    Kommentardef(("kennzahl", "K103"), 2026, 9, "hinweis",
                 "Die Bundesagentur für Arbeit liefert die Integrationsquote mit drei Monaten Wartezeit; der Wert "
                 "für die aktuelle Periode fehlt noch.", "T. Öztürk (V/2)", "2026-10-15T09:00:00"),
    Kommentardef(("kennzahl", "K201"), 2023, 12, "massnahme",
                 "Vier zusätzliche Stellen für Wohngeld-Plus und Einführung des Online-Antrags.",
                 "M. Schäfer (56)", "2023-11-20T13:00:00", "Amtsleitung Wohnungswesen (56)", "2024-06-30",
                 "umgesetzt"),
    Kommentardef(("kennzahl", "K402"), 2025, 6, "massnahme",
                 "Verbindliche zuckerfreie Getränke in allen städtischen Kitas (vom Jugendhilfeausschuss "
                 "zugunsten eines Beratungsangebots abgelehnt).", "Dr. A. Wagner (53)", "2025-07-08T10:30:00",
                 "Gesundheitsamt (53)", "2025-12-31", "verworfen"),
    Kommentardef(("ziel", "Z2.3"), 2026, 9, "abweichungsbegruendung",
                 "Die Zahl der Untergebrachten steigt seit 2022; es fehlt bezahlbarer Wohnraum für "
                 "Einpersonenhaushalte. Belegungsbindungen werden 2027 ausgeweitet.", "M. Schäfer (56)",
                 "2026-10-14T15:10:00"),
)


LEICHTE_SPRACHE = {
    "Z1": "Viele Menschen bekommen Geld vom Job·center. Die Stadt will: Mehr Menschen haben eine gute Arbeit. "
          "Dann können sie von ihrem eigenen Geld leben.",
    "Z2.2": "Manche Menschen bekommen Geld für die Miete. Das heißt Wohn·geld. Dafür stellen sie einen Antrag. "
            "Die Stadt will: Jeder Antrag wird schnell bearbeitet.\n\nSchnell heißt: in höchstens 6 Wochen.",
    "Z5.1": "Manche Familien brauchen Hilfe bei der Erziehung. Die Hilfe kann zu Hause sein. Dann bleibt das Kind "
            "in der Familie. Oder das Kind wohnt eine Zeit lang in einem Heim.\n\nDie Stadt will: Mehr Kinder "
            "bekommen Hilfe zu Hause. Weniger Kinder müssen in ein Heim.",
    "K101": "Diese Zahl zeigt: Wie viele Menschen bekommen Geld vom Job·center? Die Zahl ist ein Anteil in Prozent. "
            "Eine kleine Zahl ist gut.",
    "K501": "Diese Zahl zeigt: Wie viele Hilfen für Familien sind zu Hause? Die Zahl ist ein Anteil in Prozent."
            "\n\nBeispiel: 60 Prozent heißt: Von 100 Hilfen sind 60 Hilfen zu Hause. Eine große Zahl ist gut.",
    "K511": "Diese Zahl zeigt: Wie viele Kinder leben in Armut? Gemeint sind Kinder unter 15 Jahren. Ihre Familien "
            "bekommen Geld vom Job·center. Die Zahl ist ein Anteil in Prozent. Die Stadt zeigt die Zahl für jeden "
            "Stadt·teil.",
}
"""Ziele and Kennzahlen of Musterstadt in Leichter Sprache (short sentences, one statement each, the
Mediopunkt in long compounds), shown on request on their views."""

