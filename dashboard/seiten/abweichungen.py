"""Abweichungsliste: the period's Kennzahlen off target and products beyond the thresholds, explained or not.

Every row links to its object and to the form that explains it or adds a measure; filters (Handlungsfeld,
owner unit, Pflicht/freiwillig) live in the URL. Controlling sets the thresholds on this page.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, html

from dashboard import links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, euro_zelle, prozent_zelle, statusfelder, zellwert
from dashboard.seiten.prognosen import verschlechterungshinweis
from kennzahlen import abfragen
from kennzahlen import abweichungen as ab
from kennzahlen import formate as fmt
from kennzahlen import prognose as pg
from kennzahlen.auswertung import bewertungsregeln

PFAD = "/abweichungen"
TITEL = "Abweichungsliste"


class IDs:
    """Component IDs of this page."""

    HANDLUNGSFELD = "abweichungen-handlungsfeld"
    EINHEIT = "abweichungen-einheit"
    AUFGABE = "abweichungen-aufgabe"
    ZUSAMMENFASSUNG = "abweichungen-zusammenfassung"
    KENNZAHLEN = "abweichungen-kennzahlen"
    PRODUKTE = "abweichungen-produkte"
    SCHWELLE_EURO = "abweichungen-schwelle-euro"
    SCHWELLE_PROZENT = "abweichungen-schwelle-prozent"
    SCHWELLE_WESENTLICH = "abweichungen-schwelle-wesentlich"
    VERSCHLECHTERUNG = "abweichungen-verschlechterung"
    SCHWELLEN_SPEICHERN = "abweichungen-schwellen-speichern"
    SCHWELLEN_MELDUNG = "abweichungen-schwellen-meldung"


FILTER = {"handlungsfeld": IDs.HANDLUNGSFELD, "einheit": IDs.EINHEIT, "aufgabe": IDs.AUFGABE}
ALLE = "alle"


def _liste(fabrik, einstellungen, parameter: Mapping[str, str], schwellen: ab.Abweichungsschwellen | None = None):
    """(period, hints, the filtered list, the unfiltered list, Handlungsfelder)."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    alle = ab.abweichungsliste(fabrik, periode, bewertungsregeln(fabrik, einstellungen),
                               schwellen or ab.schwellen_lesen(fabrik))
    felder = abfragen.handlungsfelder(fabrik)
    hf_id = None
    if (code := parameter.get("handlungsfeld")) and code != ALLE:
        treffer = felder.loc[felder["code"] == code, "id"]
        if treffer.empty:
            hinweise.append(f"Handlungsfeld „{code}“ gibt es nicht; gezeigt werden alle.")
        else:
            hf_id = int(treffer.iloc[0])
    aufgabe = parameter.get("aufgabe") if parameter.get("aufgabe") in ab.AUFGABEN else None
    einheit = parameter.get("einheit") if parameter.get("einheit") not in (None, "", ALLE) else None
    gefiltert = ab.filtern(alle, hf_id, einheit, aufgabe)
    return periode, verfuegbar, hinweise, gefiltert, alle, felder


def tabelle_fuer_download(df: pd.DataFrame) -> pd.DataFrame:
    """The list with German column names (as downloaded)."""
    return pd.DataFrame({
        "Rang": df["rang"], "Art": df["objektart"].map(ab.OBJEKTARTEN), "Code": df["code"], "Bezeichnung": df["name"],
        "Handlungsfeld": df["handlungsfelder"], "Organisationseinheit": df["organisationseinheit"],
        "Aufgabe": df["aufgabenart"].map(ab.AUFGABEN), "Status": df["status_text"],
        "Soll (Ziel bzw. fortgeschriebener Ansatz)": df["soll"].round(2), "Ist bzw. Prognose": df["ist"].round(2),
        "Einheit": df["einheit"], "Abweichung": df["abweichung"].round(2),
        "Abweichung in %": (df["abweichung_anteil"] * 100).round(1),
        "Begründet": df["begruendet"].map({True: "ja", False: "nein"}), "Begründung": df["begruendung"],
        "Offene Maßnahmen": df["massnahmen_offen"],
    })


@tabelle_anmelden("abweichungsliste")
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    return tabelle_fuer_download(_liste(fabrik, einstellungen, parameter)[3])


def _aktionsfelder(z: pd.Series, periode) -> dict:
    """The explain and measure cells of a row: a link to the form, and whether it is explained."""
    art, code = z["objektart"], z["code"]
    begruendet = bool(z["begruendet"])
    offen = int(z["massnahmen_offen"])
    return {
        "begruendung": "✓ begründet" if begruendet else "✗ fehlt – begründen",
        "begruendung_href": links.kommentar(art, code, periode, art="abweichungsbegruendung"),
        "massnahme": f"{offen} offen · weitere anlegen" if offen else "Maßnahme anlegen",
        "massnahme_href": links.kommentar(art, code, periode, art="massnahme"),
    }


def _kennzahltabelle(df: pd.DataFrame, periode) -> html.Div:
    zeilen = []
    for _, z in df.iterrows():
        stellen = int(z["nachkommastellen"])
        zeilen.append({
            **statusfelder(z), "rang": int(z["rang"]), "code": f"{z['code']} {z['name']}",
            "code_href": links.kennzahl(z["code"], periode),
            "feld": z["handlungsfelder"], "einheit_name": z["organisationseinheit"],
            "soll": zellwert(z["soll"], z["einheit"], stellen), "ist": zellwert(z["ist"], z["einheit"], stellen),
            "einheit": z["einheit"], "stellen": stellen, "anteil": prozent_zelle(z["abweichung_anteil"], 1),
            **_aktionsfelder(z, periode),
        })
    return datentabelle(IDs.KENNZAHLEN, [
        Spalte("Status", feld="status", format="status", breite=160),
        Spalte("Kennzahl", feld="code", format="verweis", breite=260), Spalte("Handlungsfeld", feld="feld"),
        Spalte("Verantwortlich", feld="einheit_name"), Spalte("Ziel", True, "soll", "wert"),
        Spalte("Ist", True, "ist", "wert"), Spalte("Abweichung in %", True, "anteil", "prozent", 1, True),
        Spalte("Begründung", feld="begruendung", format="verweis", breite=150),
        Spalte("Maßnahme", feld="massnahme", format="verweis", breite=150),
    ], zeilen, f"Kennzahlen unter Ziel in {periode.lang}, schlechteste zuerst")


def _produkttabelle(df: pd.DataFrame, periode) -> html.Div:
    zeilen = [{
        **statusfelder(z), "code": f"{z['code']} {z['name']}", "code_href": links.produkt(z["code"], periode),
        "aufgabe": ab.AUFGABEN.get(z["aufgabenart"], fmt.LEER), "einheit_name": z["organisationseinheit"],
        "soll": euro_zelle(z["soll"]), "ist": euro_zelle(z["ist"]), "abweichung": euro_zelle(z["abweichung"]),
        "anteil": prozent_zelle(z["abweichung_anteil"], 1), **_aktionsfelder(z, periode),
    } for _, z in df.iterrows()]
    return datentabelle(IDs.PRODUKTE, [
        Spalte("Richtung", feld="status", format="status", breite=150),
        Spalte("Produkt", feld="code", format="verweis", breite=260), Spalte("Aufgabe", feld="aufgabe"),
        Spalte("Verantwortlich", feld="einheit_name"), Spalte("Fortgeschr. Ansatz", True, "soll", "euro", breite=130),
        Spalte("Prognose", True, "ist", "euro", breite=130),
        Spalte("Abweichung", True, "abweichung", "euro", breite=120),
        Spalte("in %", True, "anteil", "prozent", 1, True),
        Spalte("Begründung", feld="begruendung", format="verweis", breite=150),
        Spalte("Maßnahme", feld="massnahme", format="verweis", breite=150),
    ], zeilen, f"Produkte mit Planabweichung in {periode.lang} (Zuschussbedarf in Euro), größte zuerst")


def _auswahl(id_: str, titel: str, wert: str | None, optionen: list[tuple[str, str]]) -> dbc.Col:
    return dbc.Col([dbc.Label(titel, html_for=id_),
                    dbc.Select(id=id_, value=wert or ALLE,
                               options=[{"label": "alle", "value": ALLE},
                                        *({"label": t, "value": w} for w, t in optionen)])], width="auto")


def _filterspalten(parameter, alle: pd.DataFrame, felder: pd.DataFrame) -> list[dbc.Col]:
    einheiten = (alle.dropna(subset=["einheit_code"]).drop_duplicates("einheit_code")
                 .sort_values("organisationseinheit"))
    return [
        _auswahl(IDs.HANDLUNGSFELD, "Handlungsfeld", parameter.get("handlungsfeld"),
                 list(zip(felder["code"], felder["name"], strict=True))),
        _auswahl(IDs.EINHEIT, "Organisationseinheit", parameter.get("einheit"),
                 list(zip(einheiten["einheit_code"], einheiten["organisationseinheit"], strict=True))),
        _auswahl(IDs.AUFGABE, "Aufgabe (Produkte)", parameter.get("aufgabe"), list(ab.AUFGABEN.items())),
    ]


def _schwellenformular(schwellen: ab.Abweichungsschwellen, wesentlich: float) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2("Schwellen für Produkte festlegen", className="h6"),
        html.P("Eine Abweichung der Prognose vom fortgeschriebenen Ansatz gehört in die Liste, wenn sie den "
               "Betrag oder den Anteil erreicht (oder-Verknüpfung, wie in den Ratsbeschlüssen üblich). Verschlechtert "
               "sich das Gesamtergebnis um mehr als den letzten Betrag, ist der Rat zu unterrichten "
               "(§ 25 KomHVO NRW).", className="small text-body-secondary"),
        dbc.Row([
            dbc.Col([dbc.Label("Schwelle in Euro", html_for=IDs.SCHWELLE_EURO),
                     dbc.Input(id=IDs.SCHWELLE_EURO, value=fmt.zahl(schwellen.euro), inputMode="decimal", maxLength=15,
                               autoComplete="off")], md=4),
            dbc.Col([dbc.Label("Schwelle in Prozent", html_for=IDs.SCHWELLE_PROZENT),
                     dbc.Input(id=IDs.SCHWELLE_PROZENT, value=fmt.zahl(schwellen.prozent, 1 if schwellen.prozent % 1
                                                                       else 0),
                               inputMode="decimal", maxLength=6, autoComplete="off")], md=3),
            dbc.Col([dbc.Label("Wesentliche Verschlechterung ab (Euro)", html_for=IDs.SCHWELLE_WESENTLICH),
                     dbc.Input(id=IDs.SCHWELLE_WESENTLICH, value=fmt.zahl(wesentlich), inputMode="decimal",
                               maxLength=18, autoComplete="off")], md=4),
            dbc.Col(dbc.Button("Schwellen speichern", id=IDs.SCHWELLEN_SPEICHERN, color="primary", n_clicks=0),
                    md="auto", className="align-self-end"),
        ], className="g-2"),
        html.Div(id=IDs.SCHWELLEN_MELDUNG, role="status", className="mt-2"),
    ]), className="mt-4")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The Abweichungsliste of the period in the URL, filtered as the URL says."""
    schwellen = ab.schwellen_lesen(fabrik)
    periode, verfuegbar, hinweise, df, alle, felder = _liste(fabrik, einstellungen, parameter, schwellen)
    zahlen = ab.zusammenfassung(df)
    kz, pr = df[df["objektart"] == "kennzahl"], df[df["objektart"] == "produkt"]
    nutzer = sicherheit.benutzer()
    abfrage = links.abweichungen(periode, **{k: parameter.get(k) for k in FILTER})[len(PFAD):]
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit(periode)), ("Abweichungsliste", None)]),
        html.H1(f"Abweichungsliste {periode.lang}", className="h2"),
        html.P(f"Kennzahlen unter Ziel und Produkte, deren Prognose vom fortgeschriebenen Ansatz um {schwellen.text} "
               "abweicht. Jede Zeile führt zur Begründung und zur Maßnahme.", className="text-body-secondary"),
        auswahlleiste(periode, verfuegbar, *_filterspalten(parameter, alle, felder)),
        hinweisleiste(hinweise),
        verschlechterungshinweis(pg.wesentliche_verschlechterung(fabrik, periode), IDs.VERSCHLECHTERUNG),
        dbc.Alert([html.Strong(f"{zahlen['kennzahlen']} Kennzahlen unter Ziel, {zahlen['produkte']} Produkte mit "
                               "Planabweichung. "),
                   f"Davon noch nicht begründet: {zahlen['unbegruendet']}." if zahlen["unbegruendet"]
                   else "Alle sind begründet."],
                  color="warning" if zahlen["unbegruendet"] else "success", id=IDs.ZUSAMMENFASSUNG, className="py-2"),
        html.H2(f"Kennzahlen unter Ziel ({len(kz)})", className="h4 mt-3"),
        _kennzahltabelle(kz, periode) if len(kz) else html.P("Keine Kennzahl unter Ziel.",
                                                             className="text-body-secondary"),
        html.H2(f"Produkte mit Planabweichung ({len(pr)})", className="h4 mt-4"),
        _produkttabelle(pr, periode) if len(pr) else html.P(f"Kein Produkt weicht um {schwellen.text} ab.",
                                                            className="text-body-secondary"),
        html.P(["Ganze Liste herunterladen: ", *tabellenlinks("abweichungsliste", abfrage)], className="small mt-2"),
        _schwellenformular(schwellen, ab.wesentlich_ab(fabrik))
        if nutzer is not None and nutzer.darf("schwellenwerte") else None,
    ])


def validierungslayout() -> list:
    """Placeholders of the page's IDs for Dash's callback validation."""
    return [dbc.Select(id=IDs.HANDLUNGSFELD), dbc.Select(id=IDs.EINHEIT), dbc.Select(id=IDs.AUFGABE),
            dbc.Input(id=IDs.SCHWELLE_EURO), dbc.Input(id=IDs.SCHWELLE_PROZENT), dbc.Input(id=IDs.SCHWELLE_WESENTLICH),
            dbc.Button(id=IDs.SCHWELLEN_SPEICHERN), html.Div(id=IDs.SCHWELLEN_MELDUNG)]


def schwellen_speichern(euro: str | None, prozent: str | None, wesentlich: str | None = None):
    """Store the thresholds (right schwellenwerte, checked again here); the German message component."""
    sicherheit.pruefen("schwellenwerte")
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    try:
        with sicherheit.schreiben(kontext, nutzer, "abweichungsschwellen_gesetzt", "Abweichungsliste",
                                  {"euro": euro, "prozent": prozent, "wesentlich": wesentlich}) as session:
            neu = ab.schwellen_speichern(session, euro, prozent)
            grenze = pg.schwelle_speichern(session, wesentlich)
    except ValueError as fehler:
        return dbc.Alert(str(fehler), color="danger")
    return dbc.Alert(f"Gespeichert: {neu.text}; wesentliche Verschlechterung ab {fmt.zahl(grenze)} €. "
                     "Die Liste zeigt die neuen Schwellen nach dem Neuladen.", color="success")


def callbacks_registrieren(app, url_id: str) -> None:
    """Filters into the URL (right lesen); thresholds (right schwellenwerte)."""
    for name, komponente in FILTER.items():
        parameter_in_url(app, url_id, komponente, name, ohne=("", ALLE))

    @app.callback(Output(IDs.SCHWELLEN_MELDUNG, "children"), Input(IDs.SCHWELLEN_SPEICHERN, "n_clicks"),
                  State(IDs.SCHWELLE_EURO, "value"), State(IDs.SCHWELLE_PROZENT, "value"),
                  State(IDs.SCHWELLE_WESENTLICH, "value"), prevent_initial_call=True, recht="schwellenwerte")
    def schwellen(_klick, euro, prozent, wesentlich):
        return schwellen_speichern(euro, prozent, wesentlich)
