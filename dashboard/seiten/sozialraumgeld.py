"""Geld je Bezirk: the budget money per Stadtbezirk (or Sozialraum) where the budget is broken down by district
(Köln: 20 Produktgruppen × 9 Stadtbezirke), as Zuschussbedarf and per inhabitant, on a map and in a table.

The map draws the finest areas (Köln: 86 Stadtteile). An area without money of its own is coloured by its
Stadtbezirk's money per inhabitant – the Bezirk's sum, never split to the Stadtteil – and its hover and the
table say so. URL: ``/sozialraum/geld?geld=2012-ergebnis&produktgruppe=0603``.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.auswahl import hinweisleiste, parameter_in_url
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren.kennzahl import sozialraumkarte
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, diagramm_mit_tabelle
from kennzahlen import formate as fmt
from kennzahlen import sozialraum as so
from kennzahlen.abfragen import kennzahl as abfragen

PFAD = "/sozialraum/geld"
TITEL = "Geld je Bezirk"
DOWNLOAD = "sozialraumgeld"
ALLE = "alle"
EINHEIT = "€ je Einwohner"


class IDs:
    """Component IDs of this page."""

    STAND = "raumgeld-stand"
    PRODUKTGRUPPE = "raumgeld-produktgruppe"
    KARTE = "raumgeld-karte"
    TABELLE = "raumgeld-tabelle"


def _daten(fabrik, parameter: Mapping[str, str]):
    """(stand (jahr, art) or None, all stands, Produktgruppen, chosen group, overview per district, hints)."""
    hinweise: list = []
    staende = so.geldstaende(fabrik)
    roh = (parameter.get("geld") or "").strip()
    jahr, _, art = roh.partition("-")
    stand = so.geldstand_waehlen(staende, int(jahr) if jahr.isdigit() else None, art or None)
    if roh and stand is not None and f"{stand[0]}-{stand[1]}" != roh:
        hinweise.append(f"„{roh[:40]}“ gibt es nicht; angezeigt wird {stand[0]} ({so.GELDARTEN_TEXT[stand[1]]}).")
    if stand is None:
        return None, staende, pd.DataFrame(), ALLE, pd.DataFrame(), hinweise
    geld = so.geld_je_raum(fabrik, *stand)
    gruppen = geld.drop_duplicates("produkt_code")[["produkt_code", "produkt_name"]].sort_values("produkt_code")
    gruppe = (parameter.get("produktgruppe") or ALLE).strip()
    if gruppe != ALLE and gruppe not in set(gruppen["produkt_code"]):
        hinweise.append(f"Produktgruppe „{gruppe[:40]}“ hat kein Geld je Bezirk; angezeigt werden alle.")
        gruppe = ALLE
    auswahl = geld if gruppe == ALLE else geld[geld["produkt_code"] == gruppe]
    uebersicht = so.geld_uebersicht(auswahl, so.einwohner_je_raum(fabrik, jahr=stand[0]))
    return stand, staende, gruppen, gruppe, uebersicht, hinweise


def kartendaten(fabrik, uebersicht: pd.DataFrame) -> pd.DataFrame:
    """The finest areas with geometry and the € per inhabitant of their own money or, flagged in the hover
    text, of their Stadtbezirk (the Bezirk's sum). Columns as ``sozialraumkarte`` expects."""
    raeume = abfragen.sozialraeume(fabrik)
    eigen = uebersicht.set_index("code")
    zeilen = []
    for _, r in raeume.iterrows():
        quelle = r["code"] if r["code"] in eigen.index else r["bezirk_code"]
        wert, zusatz = float("nan"), ""
        if isinstance(quelle, str) and quelle in eigen.index:
            q = eigen.loc[quelle]
            wert = q["je_einwohner"]
            if quelle != r["code"]:
                zusatz = (f"<br>Summe des Stadtbezirks {quelle} {q['name']}, nicht je Stadtteil aufgeteilt:<br>"
                          f"{fmt.euro(q['zuschussbedarf'])} Zuschussbedarf, {fmt.zahl(q['einwohner'], 0)} Einwohner")
        zeilen.append({"code": r["code"], "name": r["name"], "bezirk_name": r["bezirk_name"] or "",
                       "geometrie": r["geometrie"], "wert": wert, "hover_zusatz": zusatz})
    return pd.DataFrame(zeilen, columns=["code", "name", "bezirk_name", "geometrie", "wert", "hover_zusatz"])


def tabelle_fuer_download(uebersicht: pd.DataFrame) -> pd.DataFrame:
    """The money per district as downloaded (German headings)."""
    return pd.DataFrame({
        "Gebiet": uebersicht["code"], "Name": uebersicht["name"],
        "Ebene": [so.EBENEN.get(e, e) for e in uebersicht["ebene"]],
        "Zuschussbedarf (€)": uebersicht["zuschussbedarf"].round(2), "Einwohner": uebersicht["einwohner"],
        "Einwohner Stand 31.12.": uebersicht["einwohner_jahr"], EINHEIT: uebersicht["je_einwohner"].round(2),
    })


@tabelle_anmelden(DOWNLOAD)
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    *_, uebersicht, _h = _daten(fabrik, parameter)
    return tabelle_fuer_download(uebersicht) if len(uebersicht) else pd.DataFrame()


def _auswahl(stand, staende: pd.DataFrame, gruppen: pd.DataFrame, gruppe: str) -> dbc.Row:
    optionen = [{"label": f"{j} {so.GELDARTEN_TEXT.get(a, a)}", "value": f"{j}-{a}"}
                for j, a in zip(staende["jahr"], staende["betragsart"], strict=True)]
    return dbc.Row([
        dbc.Col([dbc.Label("Jahr und Betragsart", html_for=IDs.STAND),
                 dbc.Select(id=IDs.STAND, value=f"{stand[0]}-{stand[1]}", options=optionen)], width="auto"),
        dbc.Col([dbc.Label("Produktgruppe", html_for=IDs.PRODUKTGRUPPE),
                 dbc.Select(id=IDs.PRODUKTGRUPPE, value=gruppe,
                            options=[{"label": "alle Produktgruppen", "value": ALLE},
                                     *[{"label": f"{c} {n}", "value": c} for c, n in
                                       zip(gruppen["produkt_code"], gruppen["produkt_name"], strict=True)]])],
                width="auto"),
    ], className="g-3 mb-3 align-items-end")


def _tabelle(uebersicht: pd.DataFrame) -> html.Div:
    spalten = [Spalte("Gebiet", feld="gebiet", breite=200), Spalte("Ebene", feld="ebene"),
               Spalte("Zuschussbedarf (€)", True, "zuschussbedarf", "euro"),
               Spalte("Einwohner", True, "einwohner", "zahl", 0), Spalte("Einwohner Stand", feld="stand"),
               Spalte(EINHEIT, True, "je_einwohner", "zahl", 2)]
    zeilen = [{"gebiet": f"{r['code']} {r['name']}", "ebene": so.EBENEN.get(r["ebene"], r["ebene"]),
               "zuschussbedarf": round(float(r["zuschussbedarf"])),
               "einwohner": None if pd.isna(r["einwohner"]) else round(float(r["einwohner"])),
               "stand": f"31.12.{int(r['einwohner_jahr'])}" if pd.notna(r["einwohner_jahr"]) else "unbekannt",
               "je_einwohner": None if pd.isna(r["je_einwohner"]) else round(float(r["je_einwohner"]), 2)}
              for _, r in uebersicht.iterrows()]
    return datentabelle(IDs.TABELLE, spalten, zeilen, "Geld je Bezirk: Zuschussbedarf und je Einwohner")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Money per district for the year, kind and Produktgruppe in the URL."""
    stand, staende, gruppen, gruppe, uebersicht, hinweise = _daten(fabrik, parameter)
    kopf = [brotkrumen([("Cockpit", "/"), ("Geld je Bezirk", None)]), html.H1(TITEL, className="h2")]
    if stand is None:
        return html.Div([*kopf, dbc.Alert("Es sind keine Haushaltsbeträge je Bezirk importiert (Importformat "
                                          "„Geld je Bezirk“).", color="info")])
    gruppentext = ("alle Produktgruppen mit Bezirksaufteilung" if gruppe == ALLE
                   else " ".join(gruppen[gruppen["produkt_code"] == gruppe].iloc[0]))
    karte = kartendaten(fabrik, uebersicht)
    mit = uebersicht.dropna(subset=["je_einwohner"])
    satz = (f"Karte: {len(karte.dropna(subset=['geometrie']))} Gebiete, gefärbt nach Zuschussbedarf je Einwohner "
            f"({gruppentext}, {stand[0]} {so.GELDARTEN_TEXT[stand[1]]}); "
            + (f"am höchsten {mit.loc[mit['je_einwohner'].idxmax(), 'name']} mit "
               f"{fmt.euro(mit['je_einwohner'].max())}, am niedrigsten {mit.loc[mit['je_einwohner'].idxmin(), 'name']} "
               f"mit {fmt.euro(mit['je_einwohner'].min())} je Einwohner." if len(mit) else "ohne Einwohnerzahlen."))
    bezirksweise = (uebersicht["ebene"] == "bezirk").any()
    suche = "?" + urlencode(dict(parameter))
    return html.Div([
        *kopf,
        html.P("Zuschussbedarf (Aufwendungen − Erträge) der Produktgruppen, die der Haushalt nach Bezirken aufteilt, "
               "je Einwohnerin und Einwohner.", className="text-body-secondary"),
        _auswahl(stand, staende, gruppen, gruppe),
        hinweisleiste(hinweise),
        dbc.Alert("Stadtteile zeigen die Summe ihres Stadtbezirks je Einwohner des Stadtbezirks: der Haushalt teilt "
                  "das Geld nur nach Stadtbezirken auf, nicht nach Stadtteilen.", color="light",
                  className="border small") if bezirksweise else None,
        diagramm_mit_tabelle(IDs.KARTE, f"Zuschussbedarf je Einwohner, {stand[0]} {so.GELDARTEN_TEXT[stand[1]]}",
                             sozialraumkarte(karte, einheit=EINHEIT, stellen=0, hoehe=520), satz,
                             _tabelle(uebersicht)),
        html.P(["Herunterladen: ", *tabellenlinks(DOWNLOAD, suche)], className="small mt-2"),
    ], id="raumgeld-seite")


def validierungslayout() -> list:
    """Placeholders of the selectors for Dash's callback validation."""
    return [dbc.Select(id=IDs.STAND), dbc.Select(id=IDs.PRODUKTGRUPPE)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write year/kind and Produktgruppe into the URL (right lesen); the router then redraws the page."""
    parameter_in_url(app, url_id, IDs.STAND, "geld")
    parameter_in_url(app, url_id, IDs.PRODUKTGRUPPE, "produktgruppe", ("", ALLE))
