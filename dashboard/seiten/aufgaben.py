"""Meine Aufgaben: the signed-in user's open points of the period, each with the link that settles it.

The cockpit shows the same as a card on top for users working in a part of the city (``aufgabenkarte``).
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, periode_waehlen
from dashboard.komponenten import brotkrumen
from kennzahlen import abfragen
from kennzahlen import formate as fmt
from kennzahlen.aufgaben import Aufgaben, eigene_handlungsfelder, meine_aufgaben
from kennzahlen.auswertung import bewertungsregeln

PFAD = "/aufgaben"
TITEL = "Meine Aufgaben"
JE_LISTE = 8
"""Entries shown per list; the linked pages have all of them."""


class IDs:
    """Component IDs of this page."""

    KARTE = "aufgaben-karte"
    BEGRUENDUNGEN = "aufgaben-begruendungen"
    UEBERFAELLIG = "aufgaben-ueberfaellig"
    FAELLIG = "aufgaben-faellig"
    LIEFERUNGEN = "aufgaben-lieferungen"


def aufgaben_des_nutzers(fabrik, einstellungen, periode) -> Aufgaben | None:
    """The current user's open points (None without a user)."""
    nutzer = sicherheit.benutzer()
    if nutzer is None:
        return None
    return meine_aufgaben(fabrik, periode, nutzer, bewertungsregeln(fabrik, einstellungen))


def _zaehler(anzahl: int, einzahl: str, mehrzahl: str) -> str:
    return f"{fmt.zahl(anzahl)} {einzahl if anzahl == 1 else mehrzahl}"


def _punkte(a: Aufgaben) -> list[tuple[str, int, str, str]]:
    """(id, count, text, link) of the four kinds of open points."""
    p = a.periode
    return [
        (IDs.BEGRUENDUNGEN, len(a.fehlende_begruendungen),
         _zaehler(len(a.fehlende_begruendungen), "Abweichung ohne Begründung", "Abweichungen ohne Begründung"),
         links.abweichungen(p)),
        (IDs.UEBERFAELLIG, len(a.ueberfaellige_massnahmen),
         _zaehler(len(a.ueberfaellige_massnahmen), "überfällige Maßnahme", "überfällige Maßnahmen"),
         links.massnahmen(p, status="ueberfaellig")),
        (IDs.FAELLIG, len(a.faellige_massnahmen),
         _zaehler(len(a.faellige_massnahmen), f"Maßnahme fällig bis {fmt.datum(p.ende)}",
                  f"Maßnahmen fällig bis {fmt.datum(p.ende)}"), links.massnahmen(p, status="faellig")),
        (IDs.LIEFERUNGEN, len(a.fehlende_lieferungen),
         _zaehler(len(a.fehlende_lieferungen), "Kennzahl nicht gemeldet", "Kennzahlen nicht gemeldet"),
         links.lieferungen(p)),
    ]


def aufgabenkarte(a: Aufgaben) -> dbc.Card:
    """The cockpit's card: the four counts, each a link (✓ when nothing is open, ⚠ otherwise)."""
    eintraege = [html.Li([html.Span("⚠ " if n else "✓ ", **{"aria-hidden": "true"}),
                          dcc.Link(text, href=ziel) if n else html.Span(text, className="text-body-secondary")])
                 for _id, n, text, ziel in _punkte(a)]
    return dbc.Card(dbc.CardBody([
        html.H2([f"Meine Aufgaben für {a.periode.lang}: ",
                 "nichts offen" if a.anzahl == 0 else _zaehler(a.anzahl, "offener Punkt", "offene Punkte")],
                className="h5"),
        html.Ul(eintraege, className="list-unstyled mb-1 aufgaben"),
        dcc.Link("Alle meine Aufgaben →", href=links.aufgaben(a.periode), className="small"),
    ]), className="mb-4 border-warning" if a.anzahl else "mb-4", id=IDs.KARTE)


def _liste(df: pd.DataFrame, eintrag, leer: str, mehr: str, ziel: str) -> html.Div:
    if df.empty:
        return html.P(leer, className="text-body-secondary")
    punkte = [html.Li(eintrag(z)) for _, z in df.head(JE_LISTE).iterrows()]
    rest = len(df) - JE_LISTE
    return html.Div([html.Ul(punkte, className="mb-1"),
                     dcc.Link(f"{mehr} ({rest} weitere) →" if rest > 0 else f"{mehr} →", href=ziel,
                              className="small")])


def _begruendung(periode):
    def eintrag(z):
        objekt = getattr(links, z["objektart"])(z["code"], periode)
        return [dcc.Link(f"{z['code']} {z['name']}", href=objekt), f" ({z['status_text']}) – ",
                dcc.Link("jetzt begründen", href=links.kommentar(z["objektart"], z["code"], periode,
                                                                 art="abweichungsbegruendung"))]
    return eintrag


def _massnahme(periode):
    def eintrag(z):
        return [dcc.Link(z["text"][:90] + ("…" if len(z["text"]) > 90 else ""),
                         href=links.massnahmen(periode, massnahme=int(z["id"]))),
                f" · {z['objekt_code']} · Frist {fmt.datum(z['frist'])} · {z['status_text']}"]
    return eintrag


def _lieferung(periode):
    def eintrag(z):
        return [dcc.Link(f"{z['code']} {z['name']}", href=links.kennzahl(z["code"], periode)),
                f" · {z['organisationseinheit'] or fmt.LEER}"]
    return eintrag


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The user's open points of the period in the URL."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    a = aufgaben_des_nutzers(fabrik, einstellungen, periode)
    nutzer = sicherheit.benutzer()
    felder = eigene_handlungsfelder(nutzer) if nutzer else []
    schreibt = nutzer is not None and (nutzer.darf_irgendwo("kommentieren") or nutzer.darf_irgendwo("ist_erfassen"))
    if not schreibt:
        bereich = ("Ihre Rolle liest nur: Begründungen, Maßnahmen und Lieferungen schreiben die Fachbereiche und das "
                   "Controlling. Was dort offen ist, zeigen die Abweichungsliste, die Maßnahmen und „Nicht gemeldet“.")
    elif felder:
        namen = abfragen.handlungsfelder(fabrik).set_index("id")["name"]
        bereich = "Ihr Bereich: " + ", ".join(str(namen.get(f, f)) for f in felder) + "."
    else:
        bereich = "Ihre Rolle ist auf keinen Bereich beschränkt: gezeigt wird alles, was Sie bearbeiten dürfen."
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit(periode)), ("Meine Aufgaben", None)]),
        html.H1(f"Meine Aufgaben {periode.lang}", className="h2"),
        html.P(bereich, className="text-body-secondary"),
        auswahlleiste(periode, verfuegbar),
        hinweisleiste(hinweise),
        aufgabenkarte(a),
        dbc.Row([
            dbc.Col([html.H2("Abweichungen ohne Begründung", className="h5"),
                     _liste(a.fehlende_begruendungen, _begruendung(periode), "Alle Abweichungen sind begründet.",
                            "Zur Abweichungsliste", links.abweichungen(periode))], lg=6, className="mb-4"),
            dbc.Col([html.H2("Nicht gemeldete Kennzahlen", className="h5"),
                     _liste(a.fehlende_lieferungen, _lieferung(periode), "Alle fälligen Ist-Werte sind geliefert.",
                            "Zur Lieferübersicht mit Lieferdatei", links.lieferungen(periode))], lg=6,
                    className="mb-4"),
            dbc.Col([html.H2("Überfällige Maßnahmen", className="h5"),
                     _liste(a.ueberfaellige_massnahmen, _massnahme(periode), "Keine Maßnahme ist überfällig.",
                            "Zu den Maßnahmen", links.massnahmen(periode, status="ueberfaellig"))], lg=6,
                    className="mb-4"),
            dbc.Col([html.H2(f"Fällig bis {fmt.datum(periode.ende)}", className="h5"),
                     _liste(a.faellige_massnahmen, _massnahme(periode), "In dieser Periode ist keine Maßnahme fällig.",
                            "Zu den Maßnahmen", links.massnahmen(periode, status="faellig"))], lg=6,
                    className="mb-4"),
        ]),
    ])


def validierungslayout() -> list:
    """This page has no callbacks of its own (the period selection is shared)."""
    return []


def callbacks_registrieren(app, url_id: str) -> None:
    """No callbacks: the period selection is shared (dashboard.auswahl)."""
