"""Erklärung zur Barrierefreiheit (BITV 2.0 § 7, after the federal template): conformance, content that is not
accessible, how the statement was made, feedback contact and the conciliation procedure.

The installation sets contact, conformance, date and conciliation body (``WK_BARRIEREFREIHEIT_*``). Linked
from the footer of every page and from the login page; without a session ``sicherheit`` serves the same text
as plain HTML (``ohne_anmeldung``), so everyone can read it and give feedback.

``AUSNAHMEN`` is the one list of known barriers: the statement shows it, and the browser tests
(tests/browser/axe.py) let axe-core pass exactly these and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dash import dcc, html
from markupsafe import escape

from dashboard import links
from dashboard.komponenten import brotkrumen
from kennzahlen import formate as fmt
from kennzahlen.abfragen import kommunenname
from kennzahlen.settings import Einstellungen

PFAD = "/barrierefreiheit"
TITEL = "Erklärung zur Barrierefreiheit"


@dataclass(frozen=True)
class Ausnahme:
    """A known barrier: what is affected, why, and how to reach the same content another way.

    ``regel`` and ``selektor`` name the axe-core rule and the elements the browser tests let pass
    (empty: a barrier that automatic tests cannot see, listed for people only).
    """

    inhalt: str
    grund: str
    ausweg: str
    regel: str = ""
    selektor: str = ""


AUSNAHMEN: tuple[Ausnahme, ...] = (
    Ausnahme(
        "Karten der Sozialräume (Kennzahl, Sozialindex, Sozialraumprofil)",
        "Die Karte ist eine Grafik ohne Text; die Sozialräume lassen sich auf ihr nicht mit der Tastatur "
        "ansteuern, ein Klick öffnet das Profil nur mit der Maus.",
        "Jede Karte hat einen Text mit allen Sozialräumen und ihren Werten für Screenreader und eine Tabelle "
        "(„Tabelle anzeigen“) mit Links zu den Profilen.",
    ),
    Ausnahme(
        "Vergrößern eines Diagrammausschnitts",
        "Einen Ausschnitt vergrößert man durch Ziehen mit der Maus.",
        "Die Tabellenansicht unter jedem Diagramm enthält alle Werte; „Achsen zurücksetzen“ und „Bild "
        "herunterladen“ sind mit der Tastatur bedienbar.",
    ),
    Ausnahme(
        "PDF-Berichte (Seite Berichte)",
        "Die PDF-Dateien sind nicht als barrierefreies PDF (PDF/UA) geprüft.",
        "Dieselben Zahlen stehen im Excel-Bericht und auf den Seiten des Cockpits.",
    ),
)
"""The one place for known barriers and accepted axe findings (with reason and workaround)."""

STAND = {
    "vollstaendig": "Das Wirkungscockpit ist mit den Anforderungen der BITV 2.0 vollständig vereinbar.",
    "teilweise": "Das Wirkungscockpit ist mit den Anforderungen der BITV 2.0 teilweise vereinbar. Die "
                 "unten genannten Inhalte sind nicht vollständig barrierefrei.",
    "nicht": "Das Wirkungscockpit ist mit den Anforderungen der BITV 2.0 nicht vereinbar. Die unten "
             "genannten Inhalte sind nicht barrierefrei.",
}
"""The statement's "Stand der Vereinbarkeit" for each value of WK_BARRIEREFREIHEIT_STAND."""

SCHLICHTUNG_STANDARD = (
    "Die Schlichtungsstelle nach dem Behindertengleichstellungsgesetz Ihres Landes; für Stellen des Bundes "
    "die Schlichtungsstelle nach § 16 BGG beim Beauftragten der Bundesregierung für die Belange von Menschen "
    "mit Behinderungen (www.schlichtungsstelle-bgg.de)."
)
KONTAKT_STANDARD = "die Stelle Ihrer Verwaltung, die das Wirkungscockpit betreibt (in der Regel das Controlling)"

LEICHTE_SPRACHE = (
    "Hier steht: Wie gut können alle Menschen das Wirkungscockpit benutzen?",
    "Das Wirkungscockpit zeigt Zahlen und Ziele von der Stadt.",
    "Sie können alles mit der Tastatur bedienen.",
    "Jedes Bild mit Zahlen hat auch eine Tabelle.",
    "Manche Teile sind noch nicht gut für alle. Zum Beispiel die Karten.",
    "Haben Sie ein Problem? Dann schreiben Sie uns. Die Adresse steht unter „Feedback und Kontakt“.",
)


@dataclass(frozen=True)
class Verweis:
    """A link inside a paragraph: text and address (``mailto:`` for an e-mail contact)."""

    text: str
    ziel: str


def kontaktverweis(kontakt: str) -> str | Verweis:
    """The contact as text, or as a mail link when the setting is a bare e-mail address."""
    k = kontakt.strip()
    if "@" in k and " " not in k and "," not in k:
        return Verweis(k, f"mailto:{k}")
    return k or KONTAKT_STANDARD


def abschnitte(einstellungen: Einstellungen, kommune: str) -> list[tuple[str, list]]:
    """The statement as (heading, paragraphs); a paragraph is a list of text pieces and ``Verweis``es, or
    ("liste", [Ausnahme, …]) for the list of barriers."""
    e = einstellungen
    return [
        ("", [[f"{kommune} ist bemüht, das Wirkungscockpit im Einklang mit dem Behindertengleichstellungsgesetz "
               "und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu "
               "machen. Diese Erklärung gilt für das Wirkungscockpit dieser Installation."]]),
        ("Stand der Vereinbarkeit mit den Anforderungen", [[STAND[e.barrierefreiheit_stand]]]),
        ("Nicht barrierefreie Inhalte", [("liste", list(AUSNAHMEN))]),
        ("Erstellung dieser Erklärung zur Barrierefreiheit", [
            [f"Diese Erklärung wurde am {fmt.datum(e.barrierefreiheit_datum)} erstellt bzw. zuletzt überprüft."],
            ["Grundlage ist eine Selbstbewertung: Bei jeder Änderung prüfen automatische Tests im Browser alle "
             "Seiten für alle Rollen mit axe-core nach WCAG 2.1 A und AA, auch nach Bedienschritten, dazu die "
             "Bedienung mit der Tastatur, die Darstellung bei 320 Pixel Breite und 200 % Vergrößerung sowie die "
             "Unterscheidbarkeit der Farben bei Farbsehschwäche."],
        ]),
        ("Feedback und Kontaktangaben", [
            ["Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen Sie Inhalte in einer "
             "anderen Form? Dann wenden Sie sich bitte an: ", kontaktverweis(e.barrierefreiheit_kontakt), "."],
        ]),
        ("Schlichtungsverfahren", [
            ["Wenn auch nach Ihrem Feedback an den oben genannten Kontakt keine zufriedenstellende Lösung "
             "gefunden wurde, können Sie ein Schlichtungsverfahren einleiten. Es ist kostenlos; Sie brauchen "
             "keinen Rechtsbeistand. Zuständig ist: ",
             e.barrierefreiheit_schlichtung.strip() or SCHLICHTUNG_STANDARD],
        ]),
    ]


def _stueck(teil) -> object:
    return html.A(teil.text, href=teil.ziel) if isinstance(teil, Verweis) else teil


def _ausnahme(a: Ausnahme) -> html.Li:
    return html.Li([html.Strong(a.inhalt), ": ", a.grund, " ", html.Em("Ausweg: "), a.ausweg])


def _absatz(absatz) -> object:
    if isinstance(absatz, tuple):
        return html.Ul([_ausnahme(a) for a in absatz[1]], id="barrierefreiheit-ausnahmen")
    return html.P([_stueck(t) for t in absatz])


def inhalt(einstellungen: Einstellungen, kommune: str) -> list:
    """The statement as Dash components (headings h2, paragraphs, the list of barriers, Leichte Sprache)."""
    teile: list = []
    for titel, absaetze in abschnitte(einstellungen, kommune):
        if titel:
            teile.append(html.H2(titel, className="h4 mt-4"))
        teile += [_absatz(a) for a in absaetze]
    teile.append(html.Details([html.Summary("Diese Erklärung in Leichter Sprache"),
                               html.Div([html.P(s) for s in LEICHTE_SPRACHE], lang="de")],
                              className="leichte-sprache mt-4"))
    return teile


def layout(fabrik, einstellungen: Einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The statement inside the app (with navigation)."""
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit()), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        *inhalt(einstellungen, kommunenname(fabrik)),
        html.P(dcc.Link("Zurück zum Cockpit", href=links.cockpit()), className="mt-4"),
    ], id="barrierefreiheit", className="lesebreite")


def _html_stueck(teil) -> str:
    if isinstance(teil, Verweis):
        return f'<a href="{escape(teil.ziel)}">{escape(teil.text)}</a>'
    return str(escape(teil))


def _html_absatz(absatz) -> str:
    if isinstance(absatz, tuple):
        return "<ul>" + "".join(
            f"<li><strong>{escape(a.inhalt)}</strong>: {escape(a.grund)} <em>Ausweg: </em>{escape(a.ausweg)}</li>"
            for a in absatz[1]) + "</ul>"
    return "<p>" + "".join(_html_stueck(t) for t in absatz) + "</p>"


def ohne_anmeldung(einstellungen: Einstellungen, kommune: str) -> str:
    """The statement as a complete HTML page for visitors without a session (no JavaScript needed)."""
    koerper = []
    for titel, absaetze in abschnitte(einstellungen, kommune):
        if titel:
            koerper.append(f'<h2 class="h4 mt-4">{escape(titel)}</h2>')
        koerper += [_html_absatz(a) for a in absaetze]
    leicht = "".join(f"<p>{escape(s)}</p>" for s in LEICHTE_SPRACHE)
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(TITEL)} – Wirkungscockpit</title>"
        '<link rel="icon" href="/assets/favicon.ico"><link rel="stylesheet" href="/assets/bootstrap.min.css">'
        '<link rel="stylesheet" href="/assets/wirkungscockpit.css"></head>\n<body>\n'
        '<header class="bg-primary text-white py-2 mb-4"><div class="container">'
        '<a class="text-white fw-bold text-decoration-none" href="/">Wirkungscockpit</a></div></header>\n'
        f'<main class="container lesebreite" id="barrierefreiheit"><h1 class="h2">{escape(TITEL)}</h1>'
        + "".join(koerper)
        + '<details class="leichte-sprache mt-4"><summary>Diese Erklärung in Leichter Sprache</summary>'
        + leicht + "</details>"
        '<p class="mt-4"><a href="/login">Zur Anmeldung</a></p></main>\n</body>\n</html>'
    )


def validierungslayout() -> list:
    """A static page: no callback targets."""
    return []


def callbacks_registrieren(app, url_id: str) -> None:
    """A static page: no callbacks."""
