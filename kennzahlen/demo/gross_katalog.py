"""Definitions of the two large demo cities (Großstadt, Metropole): sizes, names, units and templates.

Only data lives here; ``kennzahlen.demo.gross`` derives the rows from it and from the Musterstadt
catalogue (``katalog``): the Musterstadt Kennzahlen and social Produkte are the templates that are
varied (target groups, Stadtbezirke, Sozialräume) into the large catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass

from kennzahlen.demo.katalog import BA, EMA, FIBU, Kennzahldef, Raumdef


@dataclass(frozen=True)
class Groessendef:
    """A demo size: the city, its districts and the size of its catalogues."""

    code: str
    kommune: str
    land: str
    gemeindeschluessel: str
    einwohner: int
    """Inhabitants at the end of the first year."""
    bezirke: tuple[str, ...]
    sozialraeume: int
    kennzahlen: int
    raumkennzahlen: int
    """How many Kennzahlen carry a value per Sozialraum."""
    strategische_ziele: int
    """Strategic goals per Handlungsfeld (operative ones make up the rest of ``ziele``)."""
    ziele: int
    produkte: int
    """Target number of Produkte (ebene "produkt"); reached with Sozialraum facilities."""
    flaeche_km2: float
    zentrum: tuple[float, float]
    """Centre of the map (lon, lat)."""
    bezirksart: str = "Stadtbezirk"


GROESSEN: dict[str, Groessendef] = {
    "grossstadt": Groessendef(
        "grossstadt", "Rheinstadt", "Nordrhein-Westfalen", "05999100", 1_040_000,
        ("Innenstadt", "Nord", "Nordost", "Ost", "Südost", "Süd", "Südwest", "West", "Nordwest"),
        86, 400, 325, 3, 150, 2_400, 405.0, (6.96, 50.94)),
    "metropole": Groessendef(
        "metropole", "Spreestadt", "Berlin", "11999000", 3_780_000,
        ("Mitte", "Spreebogen", "Nordheide", "Lindenau", "Ostufer", "Seenplatte", "Südring", "Kieferngrund",
         "Westhafen", "Havelblick", "Weidenfeld", "Rosenthal"),
        540, 640, 520, 5, 400, 23_000, 891.0, (13.40, 52.52), "Bezirk"),
}
"""The large sizes; "musterstadt" is the hand-made catalogue in ``katalog``."""

ERSTES_JAHR = 2017
"""The large cities have ten years of data: 2017 up to the reporting date 30.09.2026."""

ORTSTEILE_VORN = (
    "Linden", "Eichen", "Birken", "Rosen", "Mühlen", "Kreuz", "Wiesen", "Sonnen", "Buchen", "Hafen", "Kanal",
    "Zechen", "Garten", "Heide", "Wald", "Bach", "Stein", "Brunnen", "Kirch", "Schloss", "Markt", "Tannen",
    "Erlen", "Weiden", "Hasel", "Ulmen", "Kastanien", "Fichten", "Ahorn", "Eschen", "Kloster", "Ziegel",
    "Hütten", "Rotdorn", "Falken", "Schwanen", "Lerchen", "Nussbaum", "Holunder", "Wacholder",
)
ORTSTEILE_HINTEN = (
    "hof", "feld", "au", "berg", "dorf", "hausen", "heim", "viertel", "siedlung", "park", "tal", "hain",
    "winkel", "grund", "kamp", "busch", "wiese", "höhe",
)
"""Syllables for the names of Sozialräume (e.g. Lindenhof, Eichenau)."""

ORGANISATIONSEINHEITEN_GROSS: tuple[tuple[str, str, str | None], ...] = (
    ("I", "Dezernat I – Allgemeine Verwaltung, Ordnung und Recht", None),
    ("II", "Dezernat II – Finanzen", None),
    ("III", "Dezernat III – Wirtschaft und Liegenschaften", None),
    ("IV", "Dezernat IV – Bildung, Jugend und Sport", None),
    ("V", "Dezernat V – Soziales, Gesundheit und Wohnen", None),
    ("VI", "Dezernat VI – Planen und Bauen", None),
    ("VII", "Dezernat VII – Kultur", None),
    ("VIII", "Dezernat VIII – Klima, Umwelt und Mobilität", None),
    ("V/1", "Stabsstelle Sozialplanung und Sozialberichterstattung", "V"),
    ("V/2", "Jobcenter-Koordination", "V"),
    ("V/3", "Koordinierungsstelle Inklusion", "V"),
    ("10", "Amt für Personal, Organisation und Innovation", "I"),
    ("12", "Amt für Stadtentwicklung und Statistik", "I"),
    ("13", "Amt für Presse- und Öffentlichkeitsarbeit", "I"),
    ("14", "Rechnungsprüfungsamt", "I"),
    ("15", "Amt für Informationsverarbeitung", "I"),
    ("20", "Kämmerei", "II"),
    ("21", "Kassen- und Steueramt", "II"),
    ("23", "Amt für Liegenschaften", "III"),
    ("30", "Rechtsamt", "I"),
    ("32", "Ordnungsamt", "I"),
    ("33", "Amt für Bürgerdienste", "I"),
    ("37", "Feuerwehr", "I"),
    ("40", "Amt für Schulentwicklung", "IV"),
    ("41", "Kulturamt", "VII"),
    ("42", "Stadtbibliothek", "VII"),
    ("43", "Volkshochschule", "VII"),
    ("44", "Musikschule", "VII"),
    ("45", "Städtische Museen", "VII"),
    ("46", "Bühnen und Orchester", "VII"),
    ("50", "Amt für Soziales und Senioren", "V"),
    ("51", "Jugendamt", "IV"),
    ("52", "Sportamt", "IV"),
    ("53", "Gesundheitsamt", "V"),
    ("56", "Amt für Wohnungswesen", "V"),
    ("57", "Amt für Integration und Vielfalt", "V"),
    ("61", "Stadtplanungsamt", "VI"),
    ("62", "Amt für Geoinformation und Kataster", "VI"),
    ("63", "Bauaufsichtsamt", "VI"),
    ("65", "Gebäudewirtschaft", "VI"),
    ("66", "Amt für Straßen und Verkehr", "VIII"),
    ("67", "Amt für Stadtgrün und Friedhöfe", "VIII"),
    ("70", "Abfallwirtschaft und Stadtreinigung", "VIII"),
    ("79", "Umwelt- und Verbraucherschutzamt", "VIII"),
    ("80", "Amt für Wirtschaftsförderung", "III"),
)

HANDLUNGSFELDER_ZUSATZ: tuple[tuple[str, str, str], ...] = (
    ("HF8", "Integration und Zuwanderung",
     "Ankommen, Sprache, Aufenthalt und Einbürgerung; interkulturelle Öffnung der Verwaltung."),
    ("HF9", "Quartiersentwicklung",
     "Integrierte Stadtteilentwicklung, Sozialmonitoring, Beteiligung und Nachbarschaft in den Sozialräumen."),
    ("HF10", "Kultur, Sport und Freizeit",
     "Teilhabe an Kultur, Bildung und Sport für alle Altersgruppen, unabhängig vom Einkommen."),
)

STRATEGISCHE_ZIELE: dict[str, tuple[str, ...]] = {
    "HF1": ("Existenzsichernde Erwerbsarbeit ermöglichen und Abhängigkeit von Grundsicherung verringern",
            "Fachkräfte sichern und Qualifizierung stärken",
            "Armut und Überschuldung vorbeugen",
            "Langzeitarbeitslosigkeit dauerhaft abbauen",
            "Teilhabe am Arbeitsleben für alle Zielgruppen öffnen"),
    "HF2": ("Wohnraum sichern und Wohnungslosigkeit vermeiden",
            "Bezahlbaren Wohnraum in allen Stadtteilen schaffen",
            "Wohnungslosigkeit bis 2030 überwinden",
            "Wohnungsmarkt sozial ausgewogen gestalten",
            "Wohnqualität in benachteiligten Quartieren verbessern"),
    "HF3": ("Gleiche Bildungschancen von Anfang an",
            "Betreuungsangebote bedarfsgerecht ausbauen",
            "Bildungsübergänge erfolgreich gestalten",
            "Sprachliche Bildung in Kita und Schule stärken",
            "Ganztag als Bildungsort entwickeln"),
    "HF4": ("Gesundes Aufwachsen und Gesundheitsschutz für alle",
            "Gesundheitliche Chancengleichheit in den Stadtteilen herstellen",
            "Infektionsschutz verlässlich sichern",
            "Psychische Gesundheit stärken",
            "Prävention und Gesundheitsförderung in Lebenswelten verankern"),
    "HF5": ("Kinder und Familien stärken, Kinderarmut begegnen",
            "Kinder wirksam schützen",
            "Hilfen zur Erziehung wirksam und sozialraumorientiert gestalten",
            "Jugendliche beim Übergang ins Erwachsenenleben begleiten",
            "Familienbildung und Frühe Hilfen ausbauen"),
    "HF6": ("Selbstbestimmt leben im Alter",
            "Pflege im Quartier sichern",
            "Altersarmut begegnen",
            "Einsamkeit im Alter vorbeugen",
            "Altersgerechte Infrastruktur schaffen"),
    "HF7": ("Gleichberechtigte Teilhabe von Menschen mit Behinderung",
            "Inklusive Bildung von der Kita bis zum Beruf",
            "Barrierefreie Stadt gestalten",
            "Selbstbestimmtes Wohnen mit Assistenz ermöglichen",
            "Teilhabe am Arbeitsleben für Menschen mit Behinderung verbessern"),
    "HF8": ("Ankommen erleichtern und Teilhabe von Zugewanderten sichern",
            "Sprache und Bildung von Anfang an fördern",
            "Verwaltung interkulturell öffnen",
            "Integration in Arbeit beschleunigen",
            "Zusammenleben in Vielfalt stärken"),
    "HF9": ("Lebensqualität in allen Quartieren angleichen",
            "Benachteiligte Quartiere gezielt stärken",
            "Nachbarschaft und Engagement fördern",
            "Beteiligung in der Stadtteilentwicklung ausbauen",
            "Öffentliche Räume sicher und lebenswert gestalten"),
    "HF10": ("Kultur, Bildung und Sport für alle zugänglich machen",
             "Bewegung in allen Lebensphasen fördern",
             "Kulturelle Teilhabe unabhängig vom Einkommen sichern",
             "Lebenslanges Lernen ermöglichen",
             "Freizeitangebote für Kinder und Jugendliche in den Stadtteilen sichern"),
}
"""Strategic goals per Handlungsfeld (the first is the Musterstadt goal)."""

OPERATIVE_ZIELE_ZUSATZ: dict[str, tuple[tuple[str, str, str], ...]] = {
    "HF8": (("Integrationskurse zügig vermitteln und erfolgreich abschließen", "ergebnisse", "57"),
            ("Aufenthaltsrechtliche Verfahren fristgerecht bearbeiten", "prozesse", "57"),
            ("Gemeinschaftsunterkünfte durch Wohnungen ersetzen", "programme", "50")),
    "HF9": (("Quartiersmanagement in Gebieten mit hohem Handlungsbedarf sichern", "programme", "V/1"),
            ("Bewohnerinnen und Bewohner an der Quartiersentwicklung beteiligen", "ergebnisse", "61"),
            ("Grün- und Spielflächen wohnortnah erreichbar machen", "ressourcen", "67")),
    "HF10": (("Schwimmfähigkeit der Grundschulkinder erhöhen", "ergebnisse", "52"),
             ("Bibliotheken und Volkshochschule in den Stadtteilen stärken", "programme", "42"),
             ("Kulturangebote für Leistungsberechtigte öffnen", "ergebnisse", "41")),
}
"""Operative goals of the additional Handlungsfelder: (name, zielfeld, owner unit)."""

ZIELGRUPPEN: dict[str, tuple[str, ...]] = {
    "HF1": ("unter 25 Jahren", "ab 55 Jahren", "Frauen", "Männer", "Alleinerziehende",
            "ausländische Staatsangehörige", "Geflüchtete", "ohne Berufsabschluss", "Langzeitarbeitslose",
            "mit Schwerbehinderung", "Bedarfsgemeinschaften mit Kindern", "Aufstockende"),
    "HF2": ("Einpersonenhaushalte", "Familien mit Kindern", "Seniorinnen und Senioren", "junge Erwachsene",
            "Frauen", "Geflüchtete", "Haushalte mit Mietschulden", "Großhaushalte ab 5 Personen",
            "Haushalte mit Transferbezug", "Menschen mit Behinderung"),
    "HF3": ("Kinder mit nichtdeutscher Familiensprache", "Kinder aus Familien im SGB II-Bezug",
            "Kinder mit Behinderung", "Einrichtungen freier Träger", "städtische Einrichtungen", "Mädchen",
            "Jungen", "erstes Kitajahr", "Ganztagsplätze", "Kinder Alleinerziehender"),
    "HF4": ("Mädchen", "Jungen", "Kinder aus Familien im SGB II-Bezug", "Kinder mit nichtdeutscher Familiensprache",
            "Grundschulkinder", "Jugendliche", "Seniorinnen und Senioren", "Erstuntersuchungen",
            "Kinder ohne Kitabesuch", "Schwangere"),
    "HF5": ("unter 6 Jahren", "6 bis unter 12 Jahren", "12 bis unter 18 Jahren", "junge Volljährige", "Mädchen",
            "Jungen", "Familien mit Migrationsgeschichte", "Alleinerziehende",
            "unbegleitete minderjährige Ausländer", "Familien im SGB II-Bezug"),
    "HF6": ("ab 80 Jahren", "Frauen", "Männer", "Alleinlebende", "Pflegegrad 2", "Pflegegrad 3 und höher",
            "mit Migrationsgeschichte", "in Einrichtungen", "Hochaltrige mit Demenz", "Rentnerinnen"),
    "HF7": ("Kinder", "Erwachsene", "Frauen", "mit seelischer Behinderung", "mit geistiger Behinderung",
            "mit Sinnesbehinderung", "im Ganztag", "ab 65 Jahren", "Werkstattbeschäftigte", "junge Erwachsene"),
    "HF8": ("Frauen", "unter 25 Jahren", "Geflüchtete", "EU-Bürgerinnen und -Bürger", "Drittstaatsangehörige",
            "Familien mit Kindern", "Neuzugewanderte", "Erwerbsfähige", "Seniorinnen und Senioren",
            "Schülerinnen und Schüler"),
    "HF9": ("Familien mit Kindern", "Seniorinnen und Senioren", "junge Erwachsene", "Neuzugezogene",
            "Alleinerziehende", "Haushalte mit Transferbezug", "Jugendliche", "Menschen mit Behinderung",
            "Mieterhaushalte", "Eigentümerhaushalte"),
    "HF10": ("Kinder", "Jugendliche", "Seniorinnen und Senioren", "Mädchen und Frauen", "Menschen mit Behinderung",
             "Familien mit Transferbezug", "junge Erwachsene", "Zugewanderte", "Schulklassen", "Vereine"),
}
"""Target groups that turn a template Kennzahl into a variant ("SGB II-Quote – unter 25 Jahren")."""

_I, _S = "Amt für Integration und Vielfalt, Fachverfahren", "Sozialmonitoring der Stadt"
KENNZAHLEN_ZUSATZ: tuple[Kennzahldef, ...] = (
    # ---------------------------------------------------------------- HF8 Integration und Zuwanderung
    Kennzahldef("K801", "Erfolgreich abgeschlossene Integrationskurse", "%", "wirkung", "hoeher_besser", "HF8", "57",
                "Bundesamt für Migration und Flüchtlinge", "Teilnehmende mit Sprachniveau B1",
                "Teilnehmende am Deutsch-Test für Zuwanderer", "Anteil der Kursabschlüsse mit B1.",
                verlauf=((2019, 51.0), (2021, 46.0), (2026.75, 54.0)), rauschen=0.6, bewertung="knapp"),
    Kennzahldef("K802", "Geflüchtete in Gemeinschaftsunterkünften", "Personen", "output", "niedriger_besser",
                "HF8", "50", _I, "Untergebrachte Geflüchtete am Ende der Periode", None,
                "Bestand der Geflüchteten in kommunalen Gemeinschaftsunterkünften.", nachkommastellen=0,
                verlauf=((2019, 2100), (2021, 1700), (2022.5, 3200), (2026.75, 2600)), rauschen=25, bewertung="knapp"),
    Kennzahldef("K803", "Ausländische Bevölkerung", "%", "kontext", "niedriger_besser", "HF8", "12", EMA,
                "Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit", "Einwohnerinnen und Einwohner",
                "Anteil der ausländischen Bevölkerung (Hauptwohnsitz).", verlauf=((2019, 18.5), (2026.75, 21.2)),
                rauschen=0.03, raum=Raumdef(0.55)),
    Kennzahldef("K804", "Bearbeitungsdauer Aufenthaltstitel", "Tage", "prozess", "niedriger_besser", "HF8", "57",
                _I, "Summe der Bearbeitungstage", "Erteilte Aufenthaltstitel",
                "Tage vom vollständigen Antrag bis zur Erteilung.", nachkommastellen=0,
                verlauf=((2019, 48), (2022.5, 95), (2026.75, 61)), rauschen=1.5, bewertung="deutlich"),
    Kennzahldef("K805", "Einbürgerungen", "je 1.000 ausländische EW", "output", "hoeher_besser", "HF8", "57", _I,
                "Einbürgerungen (12 Monate)", "Ausländische Einwohnerinnen und Einwohner / 1.000",
                "Einbürgerungsquote.", verlauf=((2019, 11.0), (2024.5, 19.5), (2026.75, 24.0)), rauschen=0.2,
                bewertung="gut", raum=Raumdef(-0.2)),
    Kennzahldef("K806", "Menschen mit Migrationsgeschichte", "%", "kontext", "niedriger_besser", "HF8", "12", EMA,
                "Ausländerinnen und Ausländer sowie Deutsche mit Migrationshintergrund", "Einwohnerinnen und Einwohner",
                "Anteil der Bevölkerung mit Migrationsgeschichte (Haushaltegenerierung).",
                verlauf=((2019, 38.0), (2026.75, 42.5)), rauschen=0.05, raum=Raumdef(0.45)),
    # ---------------------------------------------------------------- HF9 Quartiersentwicklung
    Kennzahldef("K901", "Zufriedenheit mit dem Wohnumfeld", "%", "wirkung", "hoeher_besser", "HF9", "V/1",
                "Bürgerumfrage", "Befragte, die (sehr) zufrieden sind", "Befragte",
                "Anteil der Befragten, die mit ihrem Wohnumfeld zufrieden oder sehr zufrieden sind.",
                verlauf=((2019, 71.0), (2022, 68.0), (2026.75, 70.0)), rauschen=0.5, bewertung="knapp",
                raum=Raumdef(-0.15)),
    Kennzahldef("K902", "Wohnungen mit Belegungsbindung", "%", "output", "hoeher_besser", "HF9", "56",
                "Amt für Wohnungswesen, Wohnraumförderung", "Gebundene Mietwohnungen", "Mietwohnungen",
                "Anteil der öffentlich geförderten Mietwohnungen am Bestand.", verlauf=((2019, 7.1), (2026.75, 6.3)),
                rauschen=0.02, bewertung="deutlich", raum=Raumdef(0.7)),
    Kennzahldef("K903", "Grünfläche in höchstens 500 m erreichbar", "%", "output", "hoeher_besser", "HF9", "67",
                "Amt für Stadtgrün, Geoinformationssystem", "Einwohnerinnen und Einwohner mit Grünfläche ab 1 ha "
                "in 500 m Luftlinie", "Einwohnerinnen und Einwohner", "Wohnortnahe Grünversorgung.",
                verlauf=((2019, 74.0), (2026.75, 77.5)), rauschen=0.05, bewertung="gut", raum=Raumdef(-0.12)),
    Kennzahldef("K904", "Teilnehmende an Quartiersprojekten", "Personen", "output", "hoeher_besser", "HF9", "V/1",
                "Quartiersmanagement, Projektstatistik", "Teilnehmende am Ende der Periode", None,
                "Bewohnerinnen und Bewohner, die sich an Projekten der Quartiersentwicklung beteiligen.",
                nachkommastellen=0, verlauf=((2019, 4200), (2020.5, 1900), (2022, 3900), (2026.75, 5600)),
                rauschen=40, bewertung="gut"),
    Kennzahldef("K905", "Wanderungssaldo", "je 1.000 EW", "kontext", "hoeher_besser", "HF9", "12", EMA,
                "Zuzüge minus Fortzüge (12 Monate)", "Einwohnerinnen und Einwohner / 1.000",
                "Saldo der Zu- und Fortzüge über die Stadtgrenze und zwischen den Stadtteilen.",
                verlauf=((2019, 4.2), (2020.5, 1.0), (2022.5, 9.5), (2026.75, 3.8)), rauschen=0.3,
                raum=Raumdef(0.3)),
    Kennzahldef("K906", "Wohndauer von mindestens fünf Jahren", "%", "kontext", "hoeher_besser", "HF9", "12", EMA,
                "Einwohnerinnen und Einwohner mit mindestens fünf Jahren an der Adresse",
                "Einwohnerinnen und Einwohner", "Stabilität der Nachbarschaften.",
                verlauf=((2019, 58.0), (2026.75, 55.5)), rauschen=0.1, raum=Raumdef(-0.25)),
    # ---------------------------------------------------------------- HF10 Kultur, Sport und Freizeit
    Kennzahldef("K1001", "Aktive Nutzerinnen und Nutzer der Stadtbibliothek", "je 1.000 EW", "output",
                "hoeher_besser", "HF10", "42", "Stadtbibliothek, Ausleihsystem",
                "Ausweise mit mindestens einer Ausleihe (12 Monate)", "Einwohnerinnen und Einwohner / 1.000",
                "Reichweite der Bibliotheken.", verlauf=((2019, 92), (2020.5, 60), (2022, 85), (2026.75, 104)),
                rauschen=0.8, bewertung="gut", raum=Raumdef(-0.2)),
    Kennzahldef("K1002", "Schwimmfähige Kinder am Ende der Grundschule", "%", "wirkung", "hoeher_besser", "HF10",
                "52", "Sportamt, Schwimmabzeichenstatistik", "Kinder mit Freischwimmer (Bronze)",
                "Kinder der 4. Klassen", "Anteil der Viertklässlerinnen und Viertklässler, die sicher schwimmen.",
                verlauf=((2019, 63.0), (2021, 48.0), (2026.75, 61.0)), rauschen=0.6, bewertung="knapp",
                raum=Raumdef(-0.3, (6, 9))),
    Kennzahldef("K1003", "Mitglieder in Sportvereinen", "%", "kontext", "hoeher_besser", "HF10", "52",
                "Landessportbund, Bestandserhebung", "Vereinsmitglieder mit Wohnsitz in der Stadt",
                "Einwohnerinnen und Einwohner", "Organisationsgrad im Vereinssport.",
                verlauf=((2019, 24.5), (2021, 22.0), (2026.75, 25.0)), rauschen=0.05, raum=Raumdef(-0.35)),
    Kennzahldef("K1004", "Belegungsteilnahmen an der Volkshochschule", "je 1.000 EW", "output", "hoeher_besser",
                "HF10", "43", "Volkshochschule, Kursverwaltung", "Kursbelegungen (12 Monate)",
                "Einwohnerinnen und Einwohner / 1.000", "Reichweite der Volkshochschule.",
                verlauf=((2019, 58), (2020.5, 30), (2022, 50), (2026.75, 61)), rauschen=0.6, bewertung="gut",
                raum=Raumdef(-0.15)),
    Kennzahldef("K1005", "Kulturpass-Nutzung durch Leistungsberechtigte", "%", "wirkung", "hoeher_besser", "HF10",
                "41", "Kulturamt, Kulturpass-Abrechnung", "Leistungsberechtigte mit mindestens einer Nutzung",
                "Leistungsberechtigte nach SGB II und SGB XII", "Kulturelle Teilhabe bei geringem Einkommen.",
                verlauf=((2019, 9.5), (2020.5, 4.0), (2026.75, 14.0)), rauschen=0.2, bewertung="gut"),
    Kennzahldef("K1006", "Kostendeckungsgrad der Bäder", "%", "input", "hoeher_besser", "HF10", "52", FIBU,
                "Erträge der Bäder", "Aufwendungen der Bäder", "Anteil der Aufwendungen, den Eintritte decken.",
                verlauf=((2019, 31.0), (2020.5, 12.0), (2022, 27.0), (2026.75, 29.0)), rauschen=0.4,
                bewertung="deutlich"),
)
"""Template Kennzahlen of the additional Handlungsfelder (same recipe fields as Musterstadt's)."""
_ = BA  # the Musterstadt sources are shared

# --------------------------------------------------------------------------------------------------
# Produkte
# --------------------------------------------------------------------------------------------------
ZEILENMUSTER: dict[str, tuple[dict[str, float], dict[str, float]]] = {
    # typ: (lines always present: share of the product's expenses, optional lines: share)
    "einrichtung": ({"11": .52, "12": .04, "13": .22, "14": .09, "16": .03, "28": .10,
                     "02": .12, "04": .08, "05": .02, "07": .04},
                    {"06": .01, "15": .02, "27": .01, "20": .01}),
    "verwaltung": ({"11": .60, "12": .07, "13": .14, "14": .04, "16": .05, "28": .10,
                    "04": .06, "05": .01, "07": .01, "27": .10},
                   {"02": .05, "06": .02, "20": .005}),
    "transfer": ({"11": .06, "12": .005, "13": .03, "15": .84, "16": .01, "28": .05, "02": .25, "03": .04, "06": .12},
                 {"04": .01, "07": .002, "14": .002, "27": .001}),
    "infrastruktur": ({"11": .24, "12": .02, "13": .33, "14": .30, "16": .03, "28": .08,
                       "02": .08, "04": .14, "05": .02, "07": .12},
                      {"20": .03, "06": .01, "27": .01, "23": .002}),
    "zuschuss": ({"11": .10, "12": .01, "13": .05, "15": .80, "16": .01, "28": .03, "02": .12},
                 {"07": .005, "04": .01, "06": .02}),
}
"""Teilergebnisplan lines by kind of product (the same shares for Erträge and Aufwendungen)."""

# (nummer, name, aufgabenart, typ, euro per 1.000.000 inhabitants in 2017, je)
# je: None = one product for the city, "bezirk" = one per Stadtbezirk
Produkt = tuple[str, str, str, str, float, str | None]
Gruppe = tuple[str, str, str, tuple[Produkt, ...]]  # (code, name, owner unit, products)

PF, PE, FW = "pflicht", "pflicht_ermessen", "freiwillig"
E, V, T, I_, Z = "einrichtung", "verwaltung", "transfer", "infrastruktur", "zuschuss"

PRODUKTBEREICHE: tuple[tuple[str, str, str, tuple[Gruppe, ...]], ...] = (
    ("01", "Innere Verwaltung", "I", (
        ("0101", "Politische Gremien und Verwaltungsführung", "10", (
            ("01", "Rat, Ausschüsse und Fraktionen", PF, V, 9e6, None),
            ("02", "Verwaltungsführung", PF, V, 6e6, None),
            ("03", "Bezirksvertretungen", PF, V, 4e6, "bezirk"),
            ("04", "Gleichstellung", PF, V, 1.5e6, None),
            ("05", "Rechnungsprüfung", PF, V, 5e6, None),
        )),
        ("0102", "Personal und Organisation", "10", (
            ("01", "Personalverwaltung und -abrechnung", PF, V, 14e6, None),
            ("02", "Ausbildung und Fortbildung", PE, V, 11e6, None),
            ("03", "Organisation und Verwaltungsmodernisierung", PE, V, 4e6, None),
            ("04", "Betriebliches Gesundheitsmanagement", FW, V, 2e6, None),
            ("05", "Personalvertretungen", PF, V, 3e6, None),
        )),
        ("0103", "Finanzmanagement", "20", (
            ("01", "Haushaltsplanung und -steuerung", PF, V, 5e6, None),
            ("02", "Finanzbuchhaltung und Jahresabschluss", PF, V, 7e6, None),
            ("03", "Stadtkasse und Vollstreckung", PF, V, 9e6, None),
            ("04", "Steuerverwaltung", PF, V, 6e6, None),
            ("05", "Beteiligungsmanagement", PE, V, 2e6, None),
        )),
        ("0104", "Zentrale Dienste", "15", (
            ("01", "Informationstechnik", PE, V, 48e6, None),
            ("02", "Digitalisierung und E-Government", PE, V, 12e6, None),
            ("03", "Zentraler Einkauf und Vergabe", PE, V, 5e6, None),
            ("04", "Druckerei, Post und Botendienst", PE, V, 4e6, None),
            ("05", "Rechtsangelegenheiten", PF, V, 6e6, None),
            ("06", "Statistik und Wahlen", PF, V, 7e6, None),
            ("07", "Presse- und Öffentlichkeitsarbeit", FW, V, 5e6, None),
        )),
        ("0105", "Gebäude- und Liegenschaftsmanagement", "65", (
            ("01", "Verwaltungsgebäude", PE, I_, 55e6, None),
            ("02", "Grundstücksverkehr und Liegenschaften", PE, V, 9e6, None),
            ("03", "Bezirksrathäuser", PE, I_, 3e6, "bezirk"),
        )),
        ("0106", "Bürgerhäuser und Stadtteilzentren", "23", ()),
    )),
    ("02", "Sicherheit und Ordnung", "I", (
        ("0201", "Allgemeine Sicherheit und Ordnung", "32", (
            ("01", "Ordnungsbehördliche Aufgaben", PF, V, 14e6, None),
            ("02", "Gewerbeangelegenheiten", PF, V, 5e6, None),
            ("04", "Veterinär- und Lebensmittelüberwachung", PF, V, 6e6, None),
            ("05", "Sondernutzungen und Veranstaltungen", PF, V, 2e6, None),
        )),
        ("0202", "Bürgerdienste", "33", (
            ("01", "Bürgerämter", PF, V, 3e6, "bezirk"),
            ("02", "Standesamt", PF, V, 6e6, None),
            ("03", "Ausländerbehörde", PF, V, 18e6, None),
            ("05", "Kfz-Zulassung", PF, V, 7e6, None),
            ("06", "Fahrerlaubnisbehörde", PF, V, 4e6, None),
        )),
        ("0203", "Verkehrsüberwachung", "32", (
            ("01", "Parkraumüberwachung", PF, V, 9e6, None),
            ("02", "Geschwindigkeitsüberwachung", PF, V, 5e6, None),
        )),
        ("0204", "Brandschutz und Rettungsdienst", "37", (
            ("01", "Feuerwachen", PF, E, 9e6, "bezirk"),
            ("02", "Rettungsdienst", PF, E, 70e6, None),
            ("03", "Bevölkerungs- und Katastrophenschutz", PF, V, 4e6, None),
            ("04", "Freiwillige Feuerwehr", PF, E, 6e6, None),
            ("05", "Leitstelle", PF, E, 9e6, None),
        )),
    )),
    ("03", "Schulträgeraufgaben", "IV", (
        ("0301", "Grundschulen", "40", ()),
        ("0302", "Weiterführende Schulen", "40", (
            ("01", "Gymnasien", PF, E, 7e6, "bezirk"),
            ("02", "Gesamtschulen", PF, E, 7e6, "bezirk"),
            ("03", "Realschulen und Sekundarschulen", PF, E, 3e6, "bezirk"),
        )),
        ("0303", "Förderschulen", "40", (
            ("01", "Förderschulen Lernen und emotionale und soziale Entwicklung", PF, E, 14e6, None),
            ("02", "Förderschulen geistige und körperliche Entwicklung", PF, E, 16e6, None),
        )),
        ("0304", "Berufskollegs", "40", (
            ("01", "Berufskollegs Wirtschaft und Verwaltung", PF, E, 12e6, None),
            ("02", "Berufskollegs Technik und Gestaltung", PF, E, 15e6, None),
            ("03", "Berufskollegs Sozial- und Gesundheitswesen", PF, E, 9e6, None),
        )),
        ("0305", "Schulische Ergänzungsangebote", "40", (
            ("02", "Schülerbeförderung", PF, T, 16e6, None),
            ("03", "Schulverpflegung", PE, Z, 6e6, None),
            ("04", "Schulpsychologischer Dienst", PE, V, 2.5e6, None),
            ("05", "Medienentwicklung und digitale Schule", PE, I_, 18e6, None),
        )),
    )),
    ("04", "Kultur und Wissenschaft", "VII", (
        ("0401", "Museen", "45", (
            ("01", "Stadtmuseum", FW, E, 7e6, None),
            ("02", "Kunstmuseum", FW, E, 11e6, None),
            ("03", "Naturkundemuseum", FW, E, 4e6, None),
            ("04", "Museum für Industriekultur", FW, E, 3e6, None),
        )),
        ("0402", "Theater und Musik", "46", (
            ("01", "Schauspiel", FW, E, 28e6, None),
            ("02", "Oper und Ballett", FW, E, 45e6, None),
            ("03", "Städtisches Orchester", FW, E, 14e6, None),
            ("04", "Förderung der freien Szene", FW, Z, 5e6, None),
        )),
        ("0403", "Musikschule", "44", (
            ("01", "Musikschule – Zentrale", FW, E, 8e6, None),
        )),
        ("0404", "Volkshochschule", "43", (
            ("01", "Volkshochschule – Zentrale", FW, E, 11e6, None),
        )),
        ("0405", "Bibliotheken", "42", (
            ("01", "Zentralbibliothek", FW, E, 14e6, None),
            ("03", "Fahrbibliothek", FW, E, 1e6, None),
        )),
        ("0406", "Kulturförderung und Kulturelles Erbe", "41", (
            ("01", "Kulturförderung", FW, Z, 9e6, None),
            ("02", "Stadtarchiv", PF, E, 6e6, None),
            ("04", "Soziokulturelle Zentren", FW, Z, 2e6, "bezirk"),
        )),
    )),
    ("05", "Soziale Leistungen", "50", (
        ("0506", "Integration und Zuwanderung", "57", (
            ("01", "Integrationsagentur und Migrationsberatung", FW, Z, 4e6, None),
            ("02", "Unterbringung Geflüchteter in Gemeinschaftsunterkünften", PF, T, 3e6, "bezirk"),
        )),
        ("0507", "Seniorenarbeit", "50", (
            ("01", "Seniorenvertretung und Altenplanung", FW, V, 1e6, None),
        )),
    )),
    ("06", "Kinder-, Jugend- und Familienhilfe", "51", (
        ("0608", "Allgemeiner Sozialer Dienst", "51", (
            ("01", "Bezirkssozialdienst", PF, V, 2.5e6, "bezirk"),
            ("02", "Beistandschaften, Amtsvormundschaften und Unterhaltsvorschuss", PF, T, 24e6, None),
        )),
    )),
    ("07", "Gesundheitsdienste", "53", (
        ("0705", "Amtsärztlicher Dienst und Umweltmedizin", "53", (
            ("01", "Amtsärztlicher Dienst", PF, V, 4e6, None),
            ("02", "Umwelthygiene und Trinkwasserüberwachung", PF, V, 2.5e6, None),
            ("03", "Drogenhilfe und Suchtprävention", PE, Z, 9e6, None),
            ("04", "Gesundheitsberichterstattung", PE, V, 0.8e6, None),
        )),
    )),
    ("08", "Sportförderung", "IV", (
        ("0801", "Sportstätten", "52", (
            ("01", "Stadion und Großsportanlagen", FW, I_, 9e6, None),
        )),
        ("0802", "Bäder", "52", (
            ("01", "Hallenbäder", FW, E, 2.5e6, "bezirk"),
            ("02", "Freibäder", FW, E, 7e6, None),
        )),
        ("0803", "Sportförderung", "52", (
            ("01", "Förderung der Sportvereine", FW, Z, 8e6, None),
            ("02", "Sportveranstaltungen", FW, Z, 2e6, None),
        )),
    )),
    ("09", "Räumliche Planung und Entwicklung, Geoinformationen", "VI", (
        ("0901", "Stadtentwicklung", "61", (
            ("01", "Stadtentwicklungsplanung", PE, V, 5e6, None),
            ("02", "Bauleitplanung", PF, V, 9e6, None),
            ("03", "Stadterneuerung und Sanierungsgebiete", PE, I_, 6e6, None),
        )),
        ("0902", "Geoinformation und Kataster", "62", (
            ("01", "Liegenschaftskataster", PF, V, 8e6, None),
            ("02", "Geodatenmanagement", PE, V, 4e6, None),
            ("03", "Gutachterausschuss für Grundstückswerte", PF, V, 1.5e6, None),
        )),
        ("0904", "Soziale Stadt", "61", ()),
    )),
    ("10", "Bauen und Wohnen", "VI", (
        ("1002", "Bauaufsicht und Denkmalschutz", "63", (
            ("01", "Baugenehmigungen", PF, V, 18e6, None),
            ("02", "Bauüberwachung", PF, V, 5e6, None),
            ("03", "Denkmalschutz", PF, V, 3e6, None),
        )),
    )),
    ("11", "Ver- und Entsorgung", "VIII", (
        ("1101", "Abfallwirtschaft", "70", (
            ("01", "Abfallsammlung und -entsorgung", PF, I_, 110e6, None),
            ("03", "Wertstoffhöfe", PF, I_, 1.5e6, "bezirk"),
        )),
        ("1102", "Stadtentwässerung", "70", (
            ("01", "Abwasserbeseitigung", PF, I_, 160e6, None),
        )),
        ("1103", "Stadtreinigung", "70", ()),
        ("1104", "Energieversorgung", "70", (
            ("01", "Energiemanagement städtischer Gebäude", PE, V, 3e6, None),
        )),
    )),
    ("12", "Verkehrsflächen und -anlagen, ÖPNV", "VIII", (
        ("1201", "Verkehrsplanung", "66", (
            ("01", "Verkehrsentwicklungsplanung", PE, V, 4e6, None),
            ("02", "Verkehrslenkung und Lichtsignalanlagen", PF, I_, 12e6, None),
        )),
        ("1202", "Straßen, Wege und Plätze", "66", (
            ("02", "Brücken, Tunnel und Ingenieurbauwerke", PF, I_, 30e6, None),
            ("03", "Hauptverkehrsstraßen", PF, I_, 6e6, "bezirk"),
        )),
        ("1203", "Parkeinrichtungen und Beleuchtung", "66", (
            ("01", "Parkhäuser und Parkplätze", FW, I_, 6e6, None),
        )),
        ("1204", "Öffentlicher Personennahverkehr", "66", (
            ("01", "ÖPNV-Finanzierung", PE, Z, 120e6, None),
            ("02", "Barrierefreie Haltestellen", PE, I_, 5e6, None),
        )),
    )),
    ("13", "Natur- und Landschaftspflege", "VIII", (
        ("1301", "Öffentliches Grün", "67", (
            ("01", "Stadtparks von gesamtstädtischer Bedeutung", PE, I_, 14e6, None),
        )),
        ("1302", "Spiel- und Freizeitflächen", "67", ()),
        ("1303", "Stadtwald und Gewässer", "67", (
            ("01", "Stadtwald", PE, I_, 5e6, None),
            ("03", "Gewässerunterhaltung", PF, I_, 4e6, None),
        )),
        ("1304", "Friedhöfe", "67", (
            ("01", "Friedhöfe und Bestattungswesen", PF, I_, 2.5e6, "bezirk"),
        )),
    )),
    ("14", "Umweltschutz", "VIII", (
        ("1401", "Klimaschutz und Klimaanpassung", "79", (
            ("01", "Klimaschutzprogramm", FW, Z, 12e6, None),
        )),
        ("1402", "Umweltüberwachung", "79", (
            ("01", "Immissionsschutz", PF, V, 3e6, None),
            ("02", "Bodenschutz und Altlasten", PF, V, 4e6, None),
            ("03", "Untere Wasserbehörde", PF, V, 2e6, None),
            ("04", "Untere Naturschutzbehörde", PF, V, 2.5e6, None),
        )),
    )),
    ("15", "Wirtschaft und Tourismus", "III", (
        ("1501", "Wirtschaftsförderung", "80", (
            ("01", "Bestandspflege und Ansiedlung", FW, V, 6e6, None),
            ("02", "Gründungsförderung", FW, Z, 2e6, None),
            ("03", "Märkte", FW, I_, 3e6, None),
        )),
        ("1502", "Tourismus und Stadtmarketing", "80", (
            ("01", "Tourismusförderung", FW, Z, 5e6, None),
            ("02", "Messen und Kongresse", FW, Z, 8e6, None),
        )),
    )),
)
"""Produktbereiche 01–15 beyond Musterstadt's catalogue (05, 06, 07 and 10 add to it).
Groups with no products of their own are filled by Sozialraum facilities (``EINRICHTUNGEN``)."""

FINANZWIRTSCHAFT: tuple[tuple[str, str, tuple[tuple[str, str, dict[str, float]], ...]], ...] = (
    ("1601", "Steuern", (
        ("01", "Grundsteuer A und B", {"01": 230e6, "16": 0.6e6}),
        ("02", "Gewerbesteuer", {"01": 950e6, "15": 85e6, "16": 1.5e6}),
        ("03", "Gemeindeanteil an der Einkommensteuer", {"01": 520e6}),
        ("04", "Gemeindeanteil an der Umsatzsteuer", {"01": 95e6}),
        ("05", "Vergnügungs-, Hunde- und Zweitwohnungsteuer", {"01": 35e6, "11": 1.2e6}),
    )),
    ("1602", "Allgemeine Zuweisungen und Umlagen", (
        ("01", "Schlüsselzuweisungen", {"02": 380e6}),
        ("02", "Landschaftsumlage", {"15": 330e6}),
        ("03", "Sonstige allgemeine Zuweisungen", {"02": 40e6, "03": 6e6}),
    )),
    ("1603", "Finanzierung", (
        ("01", "Zinsen für Investitionskredite", {"20": 55e6, "19": 4e6}),
        ("02", "Liquiditätskredite", {"20": 18e6, "19": 1e6}),
    )),
    ("1604", "Beteiligungen", (
        ("01", "Stadtwerke und Versorgungsbeteiligungen", {"19": 60e6, "16": 2e6}),
        ("02", "Sonstige Beteiligungen", {"19": 12e6, "16": 6e6}),
    )),
    ("1701", "Rechtlich unselbstständige Stiftungen", (
        ("01", "Bürgerstiftung", {"19": 0.8e6, "15": 0.7e6}),
        ("02", "Hospitalstiftung", {"05": 2.5e6, "13": 1.8e6, "19": 0.4e6}),
        ("03", "Waisenhausstiftung", {"19": 0.3e6, "15": 0.28e6}),
    )),
)
"""Produktbereiche 16 Allgemeine Finanzwirtschaft and 17 Stiftungen: fixed lines (euro per 1 million
inhabitants in 2017)."""
FINANZBEREICHE = {"16": ("Allgemeine Finanzwirtschaft", "20"), "17": ("Stiftungen", "20")}

# (group, nummer, name, aufgabenart, typ, euro per 1.000.000 inhabitants for all Sozialräume together)
EINRICHTUNGEN: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("0601", "03", "Städtische Kindertageseinrichtungen", PF, E, 160e6),
    ("0301", "01", "Grundschulen", PF, E, 70e6),
    ("0405", "02", "Stadtteilbibliothek", FW, E, 9e6),
    ("0603", "02", "Jugendfreizeiteinrichtungen", PE, E, 22e6),
    ("1301", "02", "Grünanlagen und Parks", PE, I_, 28e6),
    ("1302", "01", "Spielplätze", FW, I_, 9e6),
    ("0801", "02", "Sportplätze und Turnhallen", FW, I_, 20e6),
    ("0305", "01", "Offene Ganztagsschule", PE, Z, 42e6),
    ("0604", "04", "Familienzentrum", FW, Z, 6e6),
    ("0507", "02", "Seniorenbegegnungsstätte", FW, E, 5e6),
    ("0904", "01", "Quartiersmanagement", FW, Z, 4e6),
    ("0106", "01", "Bürgerhaus und Stadtteilzentrum", FW, E, 8e6),
    ("1202", "01", "Straßenunterhaltung", PF, I_, 42e6),
    ("0602", "03", "Schulsozialarbeit", FW, V, 15e6),
    ("0605", "04", "Sozialraumbudget ambulante Hilfen zur Erziehung", PF, T, 30e6),
    ("0704", "02", "Gesundheitsförderung im Quartier", FW, Z, 2e6),
    ("1103", "01", "Straßenreinigung und Winterdienst", PF, I_, 26e6),
    ("0506", "03", "Integrationslotsen und Stadtteilmütter", FW, Z, 3e6),
    ("0406", "03", "Stadtteilkultur", FW, Z, 4e6),
    ("1203", "02", "Straßenbeleuchtung", PF, I_, 12e6),
    ("0201", "03", "Kommunaler Ordnungsdienst", PF, V, 10e6),
    ("1303", "02", "Straßenbäume und Begleitgrün", PE, I_, 10e6),
    ("0603", "03", "Abenteuerspielplätze und Kinderbauernhöfe", FW, Z, 4e6),
    ("0505", "04", "Inklusive Nachbarschaftsprojekte", FW, Z, 2e6),
    ("0607", "02", "Netzwerk Frühe Hilfen und Kinderschutz", PE, V, 3e6),
    ("1101", "02", "Wertstoffsammlung und Containerstandorte", PF, I_, 6e6),
    ("1201", "03", "Radverkehrsanlagen", PE, I_, 8e6),
    ("0503", "07", "Wohnungsnotfallhilfe im Quartier", PE, T, 4e6),
    ("0801", "03", "Bolz- und Freizeitsportflächen", FW, I_, 3e6),
    ("0404", "02", "Volkshochschule – Stadtteilangebote", FW, E, 3e6),
    ("0403", "02", "Musikschule – Unterrichtsstätte", FW, E, 3e6),
    ("0502", "06", "Pflegestützpunkt und Seniorenberatung", PE, V, 3e6),
    ("1304", "02", "Kleingärten und Gemeinschaftsgärten", FW, I_, 1e6),
    ("0904", "02", "Verfügungsfonds Bürgerbeteiligung", FW, Z, 1e6),
    ("0702", "02", "Schulzahnärztlicher Dienst", PF, V, 2e6),
    ("1401", "02", "Klimaanpassung im Quartier", FW, Z, 2e6),
    ("0202", "04", "Bürgerservice vor Ort", PF, V, 4e6),
    ("0405", "04", "Bücherei in der Schule", FW, E, 1e6),
    ("0302", "04", "Schulhöfe und Schulgärten", PE, I_, 4e6),
    ("0608", "03", "Sozialraumteam", PF, V, 5e6),
    ("1202", "04", "Gehwege und Plätze", PF, I_, 9e6),
    ("0604", "05", "Elterncafé und Familienbildung", FW, Z, 2e6),
    ("0507", "03", "Mittagstisch und Nachbarschaftshilfe für Ältere", FW, Z, 1.5e6),
    ("1301", "03", "Stadtplätze und Brunnen", PE, I_, 3e6),
    ("0602", "04", "Jugendsozialarbeit im Stadtteil", PE, V, 4e6),
)
"""Facilities budgeted per Sozialraum ("Grundschulen Lindenhof"), in the order they are used: a size
uses as many as it needs to reach its number of Produkte."""

GRUPPE_HANDLUNGSFELD: dict[str, str] = {
    "0501": "HF1", "0502": "HF6", "0503": "HF2", "0504": "HF2", "0505": "HF7", "0506": "HF8", "0507": "HF6",
    "0601": "HF3", "0602": "HF5", "0603": "HF5", "0604": "HF5", "0605": "HF5", "0606": "HF5", "0607": "HF5",
    "0608": "HF5", "0701": "HF4", "0702": "HF4", "0703": "HF4", "0704": "HF4", "0705": "HF4", "1001": "HF2",
    "0301": "HF3", "0305": "HF3", "0904": "HF9", "0106": "HF9", "1301": "HF9", "1302": "HF9",
    "0405": "HF10", "0404": "HF10", "0403": "HF10", "0406": "HF10", "0801": "HF10", "0802": "HF10",
    "0803": "HF10",
}
"""Which Handlungsfeld the Produkte of a Produktgruppe serve (Ziel ↔ Produkt links)."""
