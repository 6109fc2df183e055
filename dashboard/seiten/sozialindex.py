"""Sozialindex: status and dynamics class of every Sozialraum (Berlin/Hamburg social monitoring), with the
method in plain German, a map coloured by status class (class word in legend and hover) and a downloadable
table. Controlling (right schwellenwerte) chooses the indicators and weights in a small form.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren import graph_config
from dashboard.figuren.sozialindex import statuskarte
from dashboard.komponenten import Spalte, brotkrumen, datentabelle
from kennzahlen import sozialindex as si

PFAD = "/sozialindex"
TITEL = "Sozialindex"
SPANNEN = (1, 2, 3, 4, 5)


class IDs:
    """Component IDs of this page."""

    SPANNE = "sozialindex-spanne"
    KARTE = "sozialindex-karte"
    TABELLE = "sozialindex-tabelle"
    METHODE = "sozialindex-methode"
    INDIKATOREN = "sozialindex-indikatoren"
    SPEICHERN = "sozialindex-speichern"
    MELDUNG = "sozialindex-meldung"


def _spanne(parameter: Mapping[str, str], hinweise: list) -> int:
    roh = parameter.get("spanne")
    if roh is None:
        return 3
    if roh.strip().isdigit() and int(roh) in SPANNEN:
        return int(roh)
    hinweise.append(f"„{roh}“ ist keine gültige Spanne (erlaubt: 1 bis 5 Jahre); angezeigt werden 3 Jahre.")
    return 3


def _daten(fabrik, einstellungen, parameter: Mapping[str, str]):
    """(period, available periods, hints, span, indicators, their info, the index table)."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    spanne = _spanne(parameter, hinweise)
    indikatoren = si.indikatoren_eingestellt(fabrik)
    info = si.indikatoren_info(fabrik, list(indikatoren))
    fehlend = [c for c in indikatoren if c not in set(info["code"])]
    if fehlend:
        hinweise.append(f"Eingestellte Indikatoren ohne Kennzahl in dieser Datenbank: {', '.join(fehlend)}.")
    df = si.sozialindex(fabrik, periode, indikatoren, spanne, mindestfallzahl=einstellungen.mindestfallzahl)
    return periode, verfuegbar, hinweise, spanne, indikatoren, info, df


def tabelle_fuer_download(df: pd.DataFrame, info: pd.DataFrame) -> pd.DataFrame:
    """The index table with German column names (as downloaded)."""
    aus = pd.DataFrame({
        "Sozialraum": df["code"], "Name": df["name"], "Statusklasse": df["statusklasse"],
        "Status": df["statusklasse_text"], "Statusindex (z)": df["statusindex_z"].round(3),
        "Dynamikklasse": df["dynamikklasse"], "Dynamik": df["dynamikklasse_text"],
        "Dynamikindex (z)": df["dynamikindex_z"].round(3), "Indikatoren mit Wert": df["anzahl_indikatoren"],
    })
    for _, k in info.iterrows():
        c = k["code"]
        if f"z_{c}" in df:
            aus[f"{c} Wert"] = df[f"stand_{c}"].round(3)
            aus[f"{c} z Stand"] = df[f"z_{c}"].round(3)
            aus[f"{c} z Veränderung"] = df[f"dz_{c}"].round(3)
    return aus


@tabelle_anmelden("sozialindex")
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    _p, _v, _h, _s, _i, info, df = _daten(fabrik, einstellungen, parameter)
    return tabelle_fuer_download(df, info)


def _zahl(wert):
    return None if wert is None or pd.isna(wert) else round(float(wert), 3)


def _tabelle(df: pd.DataFrame, info: pd.DataFrame) -> html.Div:
    codes = [c for c in info["code"] if f"z_{c}" in df]
    spalten = [Spalte("Sozialraum", feld="code", breite=110), Spalte("Name", feld="name"),
               Spalte("Status", feld="status"), Spalte("Statusindex (z)", True, "statusindex_z", "zahl", 2),
               Spalte("Dynamik", feld="dynamik"), Spalte("Dynamikindex (z)", True, "dynamikindex_z", "zahl", 2),
               Spalte("Indikatoren mit Wert", True, "anzahl", "zahl", 0),
               *[Spalte(f"z {c}", True, f"z_{c}", "zahl", 2) for c in codes]]
    zeilen = []
    for _, r in df.iterrows():
        klasse = r["statusklasse"]
        zeile = {"code": r["code"], "name": r["name"],
                 "status": f"{int(klasse)} {r['statusklasse_text']}" if pd.notna(klasse) and klasse
                 else r["statusklasse_text"],
                 "dynamik": r["dynamikklasse_text"], "statusindex_z": _zahl(r["statusindex_z"]),
                 "dynamikindex_z": _zahl(r["dynamikindex_z"]), "anzahl": int(r["anzahl_indikatoren"])}
        zeile.update({f"z_{c}": _zahl(r[f"z_{c}"]) for c in codes})
        zeilen.append(zeile)
    return datentabelle(IDs.TABELLE, spalten, zeilen, "Sozialindex je Sozialraum")


def indikatoren_text(indikatoren: Mapping[str, float]) -> str:
    """Indicators and weights as form text: „K101=1; K104=1,5“."""
    return "; ".join(f"{c}={str(g).replace('.', ',').removesuffix(',0')}" for c, g in indikatoren.items())


def indikatoren_aus_text(text: str | None) -> dict[str, str]:
    """Form text „K101=1; K104=1,5“ → code → weight text; raises ``SozialindexFehler`` on a malformed part."""
    ergebnis: dict[str, str] = {}
    for teil in [t.strip() for t in (text or "").replace("\n", ";").split(";") if t.strip()]:
        code, gleich, gewicht = teil.partition("=")
        if not gleich or not code.strip():
            raise si.SozialindexFehler(f"„{teil}“ hat nicht die Form Code=Gewicht (erwartet z. B. K101=1).")
        if code.strip() in ergebnis:
            raise si.SozialindexFehler(f"Kennzahl „{code.strip()}“ ist doppelt angegeben (erwartet: jede einmal).")
        ergebnis[code.strip()] = gewicht.strip()
    return ergebnis


def _formular(indikatoren: Mapping[str, float]) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2("Indikatoren und Gewichte (Controlling)", className="h5"),
        dbc.Label("Indikatoren als Code=Gewicht, getrennt durch Semikolon", html_for=IDs.INDIKATOREN),
        dbc.Input(id=IDs.INDIKATOREN, value=indikatoren_text(indikatoren), type="text"),
        html.Small("Nur Kennzahlen mit Werten je Sozialraum; Gewicht über 0 bis 100, z. B. K101=1; K511=1,5.",
                   id="sozialindex-indikatoren-hilfe", className="text-body-secondary d-block"),
        dbc.Button("Speichern", id=IDs.SPEICHERN, color="primary", className="mt-2"),
        html.Div(id=IDs.MELDUNG, role="status", className="mt-2"),
    ]), className="mt-4")


def _kartentext(bewertet: pd.DataFrame) -> str:
    """What the map shows, for screen readers: every district with its Statusklasse (the canvas has no text)."""
    return ("Karte der Statusklassen. " + "; ".join(
        f"{r.code} {r.name}: {r.statusklasse_text}" for r in bewertet.itertuples()) + ".")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The social index of the period and span in the URL."""
    periode, verfuegbar, hinweise, spanne, indikatoren, info, df = _daten(fabrik, einstellungen, parameter)
    nutzer = sicherheit.benutzer()
    abfrage = "?" + "&".join(f"{k}={v}" for k, v in parameter.items()) if parameter else ""
    bewertet = df[df["statusklasse"].notna()]
    nur_jahre = df.attrs.get("nur_jahreswerte") or periode.art == "jahr"
    spanne_wahl = dbc.Col([dbc.Label("Spanne der Dynamik", html_for=IDs.SPANNE),
                           dbc.Select(id=IDs.SPANNE, value=str(spanne),
                                      options=[{"label": f"{j} Jahr{'e' if j > 1 else ''}", "value": str(j)}
                                               for j in SPANNEN])], width="auto")
    return html.Div([
        brotkrumen([("Cockpit", "/"), ("Sozialindex", None)]),
        html.H1(f"Sozialindex {periode.jahr if nur_jahre else periode.lang}", className="h2"),
        html.P("Soziale Lage der Sozialräume nach dem Vorbild des Berliner Monitorings Soziale Stadtentwicklung "
               "und des Hamburger Sozialmonitorings: Statusklasse (Stand) und Dynamikklasse (Veränderung).",
               className="text-body-secondary"),
        auswahlleiste(periode, verfuegbar, spanne_wahl),
        hinweisleiste(hinweise),
        html.Details([html.Summary("Methode"),
                      html.Ul([html.Li(t) for t in si.methode_text(info, indikatoren, spanne)])],
                     id=IDs.METHODE, open=True, className="mb-3"),
        (html.Div([html.P(_kartentext(bewertet), className="visually-hidden", id=f"{IDs.KARTE}-zusammenfassung"),
                   dcc.Graph(id=IDs.KARTE, figure=(karte := statuskarte(df)), config=graph_config(karte))],
                  role="figure", **{"aria-label": "Karte der Statusklassen je Sozialraum",
                                    "aria-describedby": f"{IDs.KARTE}-zusammenfassung"})
         if df["geometrie"].notna().any() and len(bewertet)
         else html.P("Keine Karte: kein Sozialraum ist bewertbar oder es fehlen Geometrien.",
                     className="text-body-secondary")),
        html.H2(f"Sozialräume ({len(df)}, davon {len(bewertet)} bewertbar)", className="h4 mt-3"),
        _tabelle(df, info),
        html.P(["Tabelle herunterladen: ", *tabellenlinks("sozialindex", abfrage)], className="small mt-2"),
        _formular(indikatoren) if nutzer is not None and nutzer.darf("schwellenwerte") else None,
    ])


def validierungslayout() -> list:
    """Placeholders of the page's IDs for Dash's callback validation."""
    return [dbc.Select(id=IDs.SPANNE), dbc.Input(id=IDs.INDIKATOREN), dbc.Button(id=IDs.SPEICHERN),
            html.Div(id=IDs.MELDUNG)]


def indikatoren_speichern(text: str | None):
    """Store indicators and weights (right schwellenwerte, checked again here); the German message component."""
    sicherheit.pruefen("schwellenwerte")
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    try:
        eingabe = indikatoren_aus_text(text)
        with sicherheit.schreiben(kontext, nutzer, "sozialindex_indikatoren_gesetzt", "Sozialindex",
                                  {"indikatoren": text}) as session:
            neu = si.indikatoren_speichern(session, eingabe)
    except si.SozialindexFehler as fehler:
        return dbc.Alert(str(fehler), color="danger")
    return dbc.Alert(f"Gespeichert: {indikatoren_text(neu)}. Die Seite zeigt den neuen Index nach dem Neuladen.",
                     color="success")


def callbacks_registrieren(app, url_id: str) -> None:
    """Span into the URL (right lesen); indicators and weights (right schwellenwerte)."""
    parameter_in_url(app, url_id, IDs.SPANNE, "spanne", ohne=("", "3"))

    @app.callback(Output(IDs.MELDUNG, "children"), Input(IDs.SPEICHERN, "n_clicks"),
                  State(IDs.INDIKATOREN, "value"), prevent_initial_call=True, recht="schwellenwerte")
    def speichern(_klick, text):
        return indikatoren_speichern(text)
