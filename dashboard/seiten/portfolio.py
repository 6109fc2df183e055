"""Wirkung und Kosten: per product the change of its Zuschussbedarf against the change of its outcome over a
span of years, in four plain-German quadrants, and the list "Geld ohne Wirkungsmessung".

URL: ``/portfolio?von=2022&bis=2025&aufgabe=freiwillig&handlungsfeld=HF1``.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import links
from dashboard.auswahl import hinweisleiste, parameter_in_url
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren.effekte import portfolio_streuung
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, diagramm_mit_tabelle, euro_zelle, prozent_zelle
from kennzahlen import abfragen
from kennzahlen import formate as fmt
from kennzahlen import portfolio as pf
from kennzahlen.abweichungen import AUFGABEN

PFAD = "/portfolio"
TITEL = "Wirkung und Kosten"
ALLE = "alle"
SPANNE = 3
"""Default span in years, ending with the newest year with an Ergebnis."""


class IDs:
    """Component IDs of this page."""

    VON = "portfolio-von"
    BIS = "portfolio-bis"
    AUFGABE = "portfolio-aufgabe"
    HANDLUNGSFELD = "portfolio-handlungsfeld"
    STREUUNG = "portfolio-streuung"
    TABELLE = "portfolio-tabelle"
    OHNE = "portfolio-ohne-messung"
    ANTEIL = "portfolio-anteil-ohne-ziel"


def auswahl(fabrik, parameter: Mapping[str, str]) -> dict:
    """The span and filters from the URL with German hints: von, bis, aufgabe, handlungsfeld, jahre, hinweise."""
    jahre, letztes = pf.jahre_mit_betrag(fabrik)
    hinweise: list[str] = []

    def jahr(name: str, standard: int) -> int:
        roh = parameter.get(name)
        if not roh:
            return standard
        try:
            return int(roh)
        except ValueError:
            hinweise.append(f"„{roh}“ ist kein Jahr (erwartet z. B. {standard}); gezeigt wird {standard}.")
            return standard

    von, bis = jahr("von", letztes - SPANNE), jahr("bis", letztes)
    if von >= bis:
        hinweise.append(f"Der Zeitraum {von}–{bis} läuft nicht vorwärts; gezeigt wird {letztes - SPANNE}–{letztes}.")
        von, bis = letztes - SPANNE, letztes
    aufgabe = parameter.get("aufgabe")
    if aufgabe in (None, "", ALLE):
        aufgabe = None
    elif aufgabe not in AUFGABEN:
        hinweise.append(f"„{aufgabe}“ ist keine Aufgabenart (erlaubt: {', '.join(AUFGABEN)}); gezeigt werden alle.")
        aufgabe = None
    felder = abfragen.handlungsfelder(fabrik)
    feld = parameter.get("handlungsfeld")
    if feld in (None, "", ALLE):
        feld = None
    elif feld not in set(felder["code"]):
        hinweise.append(f"Handlungsfeld „{feld}“ gibt es nicht; gezeigt werden alle.")
        feld = None
    return dict(von=von, bis=bis, aufgabe=aufgabe, handlungsfeld=feld, jahre=jahre, felder=felder, hinweise=hinweise)


def tabelle_fuer_download(df: pd.DataFrame, von: int, bis: int) -> pd.DataFrame:
    """The portfolio with German headings (as downloaded)."""
    return pd.DataFrame({
        "Produkt": df["code"], "Bezeichnung": df["name"], "Aufgabe": df["aufgabenart"].map(AUFGABEN),
        "Handlungsfelder": df["handlungsfelder"], f"Zuschussbedarf {von}": df["betrag_von"].round(2),
        f"Art {von}": df["art_von"], f"Zuschussbedarf {bis}": df["betrag_bis"].round(2), f"Art {bis}": df["art_bis"],
        "Veränderung": df["veraenderung"].round(2), "Veränderung in %": (df["veraenderung_anteil"] * 100).round(1),
        "Kennzahlen bewertbar": df["bewertbar"], "besser": df["besser"], "schlechter": df["schlechter"],
        "unverändert": df["gleich"], "Wirkungssaldo in %": (df["wirkungssaldo"] * 100).round(0),
        "Einordnung": df["quadrant_text"],
    })


def _daten(fabrik, parameter: Mapping[str, str]):
    a = auswahl(fabrik, parameter)
    df = pf.portfolio_filtern(pf.portfolio(fabrik, a["von"], a["bis"]), a["aufgabe"], a["handlungsfeld"])
    return a, df


@tabelle_anmelden("portfolio")
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    a, df = _daten(fabrik, parameter)
    return tabelle_fuer_download(df, a["von"], a["bis"])


def _select(id_: str, titel: str, wert, optionen: list[tuple[str, str]], alle: bool = True) -> dbc.Col:
    eintraege = ([{"label": "alle", "value": ALLE}] if alle else []) + [{"label": t, "value": w} for w, t in optionen]
    return dbc.Col([dbc.Label(titel, html_for=id_), dbc.Select(id=id_, value=str(wert or ALLE), options=eintraege)],
                   md="auto")


def zusammenfassung(df: pd.DataFrame, von: int, bis: int) -> str:
    """How many products fall into each quadrant, in words."""
    zaehlung = df["quadrant"].value_counts()
    teile = [f"{pf.QUADRANTEN[q]}: {int(zaehlung.get(q, 0))}" for q in pf.QUADRANTEN]
    return f"Streudiagramm von {len(df)} Produkten, {von} bis {bis}. " + "; ".join(teile) + "."


def _tabelle(df: pd.DataFrame, von: int, bis: int) -> html.Div:
    zeilen = [{
        "produkt": f"{r.code} {r.name}", "produkt_href": links.produkt(r.code),
        "aufgabe": AUFGABEN.get(r.aufgabenart, ""),
        "von": euro_zelle(r.betrag_von), "bis": euro_zelle(r.betrag_bis),
        "anteil": prozent_zelle(r.veraenderung_anteil, 1),
        "kennzahlen": f"{r.besser} besser, {r.schlechter} schlechter, {r.gleich} unverändert" if r.bewertbar
        else "keine",
        "saldo": prozent_zelle(r.wirkungssaldo), "einordnung": r.quadrant_text,
    } for r in df.itertuples(index=False)]
    return datentabelle(IDs.TABELLE, [
        Spalte("Produkt", feld="produkt", format="verweis", breite=240), Spalte("Aufgabe", feld="aufgabe"),
        Spalte(f"Zuschussbedarf {von}", True, "von", "euro"), Spalte(f"Zuschussbedarf {bis}", True, "bis", "euro"),
        Spalte("Veränderung in %", True, "anteil", "prozent", 1, True), Spalte("Kennzahlen", feld="kennzahlen"),
        Spalte("Wirkungssaldo in %", True, "saldo", "prozent", 0, True), Spalte("Einordnung", feld="einordnung")],
        zeilen, f"Wirkung und Kosten je Produkt, {von} bis {bis}")


def _ohne_messung(fabrik, jahr: int, aufgabe: str | None, handlungsfeld: str | None) -> dbc.Card:
    liste = pf.ohne_wirkungsmessung(fabrik, jahr)
    if aufgabe:
        liste = liste[liste["aufgabenart"] == aufgabe]
    anteil = pf.anteil_ohne_ziel(fabrik, jahr)
    zeilen = [{"produkt": f"{r.code} {r.name}", "produkt_href": links.produkt(r.code),
               "aufgabe": AUFGABEN.get(r.aufgabenart, ""), "grund": r.grund, "betrag": euro_zelle(r.betrag),
               "art": str(r.art).capitalize()} for r in liste.itertuples(index=False)]
    inhalt = [html.P(anteil.text, id=IDs.ANTEIL, className="fw-semibold")]
    if handlungsfeld:
        inhalt.append(html.P("Produkte ohne Ziel gehören zu keinem Handlungsfeld; die Liste zeigt deshalb alle.",
                             className="small text-body-secondary"))
    inhalt.append(datentabelle(IDs.OHNE, [
        Spalte("Produkt", feld="produkt", format="verweis", breite=240), Spalte("Aufgabe", feld="aufgabe"),
        Spalte("Grund", feld="grund"), Spalte(f"Zuschussbedarf {jahr}", True, "betrag", "euro"),
        Spalte("Betragsart", feld="art")], zeilen, f"Geld ohne Wirkungsmessung {jahr}")
        if zeilen else html.P("Jedes Produkt mit Zuschussbedarf dient einem Ziel mit Kennzahl.", id=IDs.OHNE))
    return dbc.Card([dbc.CardHeader(html.H2(f"Geld ohne Wirkungsmessung ({jahr})", className="h5 mb-0")),
                     dbc.CardBody(inhalt)], className="mb-4")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Scatter, table and the list of money without measurement for the span and filters in the URL."""
    a, df = _daten(fabrik, parameter)
    von, bis = a["von"], a["bis"]
    jahre = [(str(j), str(j)) for j in a["jahre"]]
    abfrage = "?" + "&".join(f"{k}={v}" for k, v in (("von", von), ("bis", bis), ("aufgabe", a["aufgabe"]),
                                                       ("handlungsfeld", a["handlungsfeld"])) if v)
    gemessen = df[df["wirkungssaldo"].notna()]
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit()), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.P("Welche Produkte sind teurer geworden, und hat sich dabei etwas für die Menschen verbessert? "
               "Waagerecht: Veränderung des Zuschussbedarfs. Senkrecht: Wirkungssaldo = (Kennzahlen der Ziele, die "
               "sich in die "
               "gewünschte Richtung bewegen, minus die, die sich verschlechtern) ÷ bewertbare Kennzahlen. Gezählt "
               "werden die Wirkungskennzahlen der Ziele (ohne solche: Output- und Prozesskennzahlen), nie Input- oder "
               f"Kontextkennzahlen; Bewegungen bis {fmt.prozent(pf.MESSSCHWELLE, 0)} gelten als unverändert. Betrag "
               "eines Jahres: Ergebnis, sonst Prognose, sonst Ansatz.", className="text-body-secondary"),
        dbc.Row([_select(IDs.VON, "von", von, jahre, alle=False), _select(IDs.BIS, "bis", bis, jahre, alle=False),
                 _select(IDs.AUFGABE, "Aufgabe", a["aufgabe"], list(AUFGABEN.items())),
                 _select(IDs.HANDLUNGSFELD, "Handlungsfeld", a["handlungsfeld"],
                         list(zip(a["felder"]["code"], a["felder"]["name"], strict=True)))],
                className="g-3 mb-3 align-items-end"),
        hinweisleiste(a["hinweise"]),
        diagramm_mit_tabelle(IDs.STREUUNG, f"Zuschussbedarf und Wirkung {von}–{bis} ({len(gemessen)} Produkte mit "
                             "Wirkungsmessung)", portfolio_streuung(df, von, bis), zusammenfassung(df, von, bis),
                             _tabelle(df, von, bis), tabellenlinks("portfolio", abfrage)),
        _ohne_messung(fabrik, bis, a["aufgabe"], a["handlungsfeld"]),
    ])


def validierungslayout() -> list:
    """Placeholders of the page's selectors for Dash's callback validation."""
    return [dbc.Select(id=i) for i in (IDs.VON, IDs.BIS, IDs.AUFGABE, IDs.HANDLUNGSFELD)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Span and filters into the URL (right lesen); the router redraws the page."""
    parameter_in_url(app, url_id, IDs.VON, "von")
    parameter_in_url(app, url_id, IDs.BIS, "bis")
    parameter_in_url(app, url_id, IDs.AUFGABE, "aufgabe", ohne=("", ALLE))
    parameter_in_url(app, url_id, IDs.HANDLUNGSFELD, "handlungsfeld", ohne=("", ALLE))
