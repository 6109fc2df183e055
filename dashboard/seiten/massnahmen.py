"""The Maßnahmen page: open, overdue and due measures, what became of those promised the period before,
and a form to change a measure's status (with its history).

URL: ``/massnahmen?jahr=2026&quartal=4&status=ueberfaellig&handlungsfeld=HF5&massnahme=3``
(status: offen (default) | ueberfaellig | faellig | alle; handlungsfeld: a Handlungsfeld code;
massnahme: the measure selected in the form). Changing a status needs the right "kommentieren" for the
measure's object (checked on the server); the callback answers with the redrawn tables, so the new
status shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update
from werkzeug.exceptions import Forbidden, NotFound

from dashboard import links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_aus_parametern
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, kennzahlkarte
from kennzahlen import abfragen
from kennzahlen import massnahmen as mn
from kennzahlen.kommentare import STATUSNAMEN
from kennzahlen.perioden import Periode

PFAD = "/massnahmen"
TITEL = "Maßnahmen"

FILTER = {"offen": "offen oder in Umsetzung", "ueberfaellig": "überfällig", "faellig": "fällig in der Periode",
          "alle": "alle"}
"""Values of the URL parameter ``status`` and their labels."""
STANDARDFILTER = "offen"
OBJEKTARTEN = {"kennzahl": "Kennzahl", "ziel": "Ziel", "produkt": "Produkt"}
STATUSDARSTELLUNG = {"offen": ("○", "#495057", 1), "in_umsetzung": ("◐", "#1f4e79", 2),
                     "umgesetzt": ("✓", "#1e6b34", 3), "verworfen": ("✗", "#842029", 4)}
"""Symbol, colour and sort rank of each status (the word is always shown beside the symbol)."""
AKTION = "massnahmenstatus_geaendert"
"""Audit action of a status change."""


class IDs:
    """Component IDs of this page."""

    STATUSFILTER = "massnahmen-statusfilter"
    FELD = "massnahmen-handlungsfeld"
    ANSICHT = "massnahmen-ansicht"
    UEBERSICHT = "massnahmen-uebersicht"
    TABELLE = "massnahmen-tabelle"
    NACHVERFOLGUNG = "massnahmen-nachverfolgung"
    NACHVERFOLGUNG_TABELLE = "massnahmen-nachverfolgung-tabelle"
    AUSWAHL = "massnahmen-auswahl"
    NEUER_STATUS = "massnahmen-neuer-status"
    BEMERKUNG = "massnahmen-bemerkung"
    ERWARTET = "massnahmen-erwartet"
    SPEICHERN = "massnahmen-speichern"
    MELDUNG = "massnahmen-meldung"
    VERLAUF = "massnahmen-verlauf"
    VERLAUF_TABELLE = "massnahmen-verlauf-tabelle"


@dataclass(frozen=True)
class Ansicht:
    """What the URL selects: period, status filter, Handlungsfeld, the measure in the form."""

    periode: Periode
    status: str
    feld_code: str
    feld_id: int | None
    massnahme: int | None

    def daten(self) -> dict:
        """The view as a store value for the save callback."""
        return {"jahr": self.periode.jahr, "art": self.periode.art, "nummer": self.periode.nummer,
                "status": self.status, "handlungsfeld": self.feld_code, "massnahme": self.massnahme}

    @classmethod
    def aus_daten(cls, fabrik, daten: dict) -> Ansicht:
        """The view back from the store value (ValueError for values the page never writes)."""
        periode = Periode(int(daten["jahr"]), str(daten["art"]), int(daten["nummer"]))
        status = daten.get("status") if daten.get("status") in FILTER else STANDARDFILTER
        code = str(daten.get("handlungsfeld") or "")
        felder = abfragen.handlungsfelder(fabrik)
        treffer = felder.loc[felder["code"] == code, "id"]
        return cls(periode, status, code if len(treffer) else "", int(treffer.iloc[0]) if len(treffer) else None,
                   None)

    def adresse(self, **anders) -> str:
        """The page's address with this selection (``anders`` overrides single parameters)."""
        werte = {"status": self.status if self.status != STANDARDFILTER else None,
                 "handlungsfeld": self.feld_code or None, "massnahme": self.massnahme}
        return links.massnahmen(self.periode, **{**werte, **anders})


def ansicht_aus_parametern(fabrik, einstellungen, parameter: Mapping[str, str]) -> tuple[Ansicht, list[Periode],
                                                                                          list[str]]:
    """(view, periods with data, German hints on what in the URL could not be used).

    Measures need no Ist values, so a period without them gets no hint here (unlike the data views).
    """
    verfuegbar = abfragen.verfuegbare_perioden(fabrik, einstellungen.berichtsperiode)
    periode, hinweise = periode_aus_parametern(parameter, verfuegbar, einstellungen.berichtsperiode)
    status = parameter.get("status", STANDARDFILTER) or STANDARDFILTER
    if status not in FILTER:
        hinweise.append(f"„{status}“ ist kein Statusfilter (erlaubt: {', '.join(FILTER)}); angezeigt werden die "
                        "offenen Maßnahmen.")
        status = STANDARDFILTER
    code = (parameter.get("handlungsfeld") or "").strip()
    felder = abfragen.handlungsfelder(fabrik)
    treffer = felder.loc[felder["code"] == code, "id"] if code else []
    feld_id = int(treffer.iloc[0]) if len(treffer) else None
    if code and feld_id is None:
        hinweise.append(f"Ein Handlungsfeld „{code}“ gibt es nicht; angezeigt werden alle Handlungsfelder.")
        code = ""
    roh = (parameter.get("massnahme") or "").strip()
    massnahme = int(roh) if roh.isdigit() else None
    if roh and massnahme is None:
        hinweise.append(f"„{roh}“ ist keine Nummer einer Maßnahme.")
    return Ansicht(periode, status, code, feld_id, massnahme), verfuegbar, hinweise


def gefiltert(df: pd.DataFrame, status: str, feld_id: int | None) -> pd.DataFrame:
    """The measures the filter selects (status filter and Handlungsfeld, by any field of the object)."""
    if feld_id is not None:
        df = df[[feld_id in ids for ids in df["handlungsfeld_ids"]]]
    if status == "offen":
        df = df[df["offen"]]
    elif status == "ueberfaellig":
        df = df[df["ueberfaellig"]]
    elif status == "faellig":
        df = df[df["faellig_in_periode"]]
    return df


# --- cells -----------------------------------------------------------------------------------------


def _tag(wert: dt.date | None) -> dict:
    """A date cell: sortable number, German text."""
    if wert is None or pd.isna(wert):
        return {"wert": None, "text": None}
    return {"wert": wert.year * 10000 + wert.month * 100 + wert.day, "text": wert.strftime("%d.%m.%Y")}


def _zeit(wert: dt.datetime | None) -> dict:
    """A time cell: sortable number, German text in local time."""
    if wert is None or pd.isna(wert):
        return {"wert": None, "text": None}
    lokal = wert.astimezone(mn.ORTSZEIT)
    return {"wert": int(lokal.strftime("%Y%m%d%H%M")), "text": mn.zeitpunkt_text(wert)}


def _datumsfelder(feld: str, zelle: dict) -> dict:
    ergebnis = {feld: zelle["wert"]}
    if zelle["text"]:
        ergebnis[f"{feld}_text"] = zelle["text"]
    return ergebnis


def statusfelder(status: str | None) -> dict:
    """The fields of a grid's status column for a measure status (symbol and word, never colour alone)."""
    symbol, farbe, rang = STATUSDARSTELLUNG.get(status or "", ("?", "#495057", 0))
    text = mn.statustext(status)
    return {"status": text, "status_text": text, "status_symbol": symbol, "status_farbe": farbe,
            "status_code": f"massnahme-{status}", "status_rang": rang}


def faelligkeit(m, periode: Periode) -> str:
    """'⚠ überfällig', 'fällig in Q4 2026' or '' for a measure row."""
    if m["ueberfaellig"]:
        return "⚠ überfällig"
    if m["faellig_in_periode"]:
        return f"fällig in {periode.kurz}"
    return ""


def _objektfelder(m, periode: Periode) -> dict:
    art = m["objektart"]
    return {"objekt": f"{OBJEKTARTEN[art]} {m['objekt_code']} {m['objekt_name']}",
            "objekt_href": getattr(links, art)(m["objekt_code"], periode)}


def _bearbeiten(a: Ansicht, nummer: int) -> dict:
    return {"bearbeiten": f"Nr. {nummer} auswählen", "bearbeiten_href": a.adresse(massnahme=nummer)}


# --- parts of the page -----------------------------------------------------------------------------


def _karten(a: Ansicht, df: pd.DataFrame) -> dbc.Row:
    def karte(titel: str, anzahl: int, filter_: str, zusatz: str) -> dbc.Col:
        verweis = dcc.Link(f"{zusatz} anzeigen", href=a.adresse(status=filter_, massnahme=None))
        return dbc.Col(kennzahlkarte(titel, f"{anzahl}", [verweis]), md=4)

    return dbc.Row([
        karte("Überfällig", int(df["ueberfaellig"].sum()), "ueberfaellig", "Überfällige"),
        karte(f"Fällig in {a.periode.kurz}", int(df["faellig_in_periode"].sum()), "faellig", "Fällige"),
        karte("Offen oder in Umsetzung", int(df["offen"].sum()), STANDARDFILTER, "Offene"),
    ], className="g-3 mb-4")


def _tabelle(a: Ansicht, df: pd.DataFrame) -> dbc.Card:
    auswahl = gefiltert(df, a.status, a.feld_id)
    zeilen = [{
        "nummer": int(m["id"]), "text": m["text"], **_objektfelder(m, a.periode),
        "handlungsfeld": m["handlungsfeld"] or "–", "verantwortlich": m["verantwortlich"] or "–",
        **_datumsfelder("frist", _tag(m["frist"])), "faelligkeit": faelligkeit(m, a.periode),
        **statusfelder(m["massnahmenstatus"]), "angelegt_in": m["angelegt_in"],
        **_datumsfelder("geaendert", _zeit(m["letzte_aenderung"])), "geaendert_von": m["letzte_aenderung_von"],
        **_bearbeiten(a, int(m["id"])),
    } for _, m in auswahl.iterrows()]
    spalten = [Spalte("Nr.", True, "nummer", breite=70), Spalte("Maßnahme", feld="text", breite=260),
               Spalte("Objekt", feld="objekt", format="verweis", breite=220),
               Spalte("Handlungsfeld", feld="handlungsfeld"), Spalte("Verantwortlich", feld="verantwortlich"),
               Spalte("Frist", True, "frist", "zahl"), Spalte("Fälligkeit", feld="faelligkeit"),
               Spalte("Status", feld="status", format="status", breite=150), Spalte("Zugesagt in", feld="angelegt_in"),
               Spalte("Letzte Änderung", True, "geaendert", "zahl", breite=150),
               Spalte("durch", feld="geaendert_von"),
               Spalte("Status ändern", feld="bearbeiten", format="verweis", breite=140)]
    feld = f", Handlungsfeld {a.feld_code}" if a.feld_code else ""
    titel = f"Maßnahmen: {FILTER[a.status]}{feld} ({len(auswahl)})"
    inhalt = (datentabelle(IDs.TABELLE, spalten, zeilen, titel) if zeilen
              else html.P("Keine Maßnahmen für diese Auswahl.", className="mb-0"))
    return dbc.Card([
        dbc.CardHeader(html.H2(titel, className="h5 mb-0")),
        dbc.CardBody([
            inhalt,
            html.P(["Herunterladen: ", *tabellenlinks("massnahmen", a.adresse(massnahme=None)[len(PFAD):])],
                   className="small mt-2 mb-0"),
        ]),
    ], className="mb-4")


def uebersicht(a: Ansicht, df: pd.DataFrame) -> list:
    """The counters and the filtered table (redrawn by the save callback)."""
    return [_karten(a, df), _tabelle(a, df)]


def nachverfolgungstext(nv: pd.DataFrame, vorige: Periode) -> str:
    """One sentence: how many were promised, what became of them, how many were carried over."""
    zugesagt = nv[~nv["uebertragen"]]
    uebertragen = nv[nv["uebertragen"]]
    if zugesagt.empty:
        satz = f"In {vorige.kurz} wurden keine Maßnahmen zugesagt."
    else:
        zaehlung = zugesagt["status_jetzt"].value_counts()
        teile = [f"{int(zaehlung[s])} {mn.statustext(s)}" for s in STATUSNAMEN if s in zaehlung]
        satz = (f"In {vorige.kurz} {'wurde' if len(zugesagt) == 1 else 'wurden'} {len(zugesagt)} "
                f"{'Maßnahme' if len(zugesagt) == 1 else 'Maßnahmen'} zugesagt; heute: {', '.join(teile)}.")
    if len(uebertragen):
        satz += (f" Aus früheren Perioden übertragen (zu Beginn noch offen oder in Umsetzung): {len(uebertragen)}.")
    return satz


def nachverfolgung(a: Ansicht, nv: pd.DataFrame) -> list:
    """The follow-up card: promised in the previous period (and carried over) – what became of it."""
    vorige = a.periode.vorige()
    if a.feld_id is not None:
        nv = nv[[a.feld_id in ids for ids in nv["handlungsfeld_ids"]]]
    zeilen = [{
        "nummer": int(m["id"]), "text": m["text"], **_objektfelder(m, a.periode),
        "verantwortlich": m["verantwortlich"] or "–", **_datumsfelder("frist", _tag(m["frist"])),
        "zugesagt": m["angelegt_in"] + (" (übertragen)" if m["uebertragen"] else ""),
        "damals": f"{STATUSDARSTELLUNG.get(m['status_damals'], ('?',))[0]} {m['status_damals_text']}",
        **statusfelder(m["status_jetzt"]),
        "ergebnis": "Status geändert" if m["veraendert"] else "unverändert",
        "aenderungen": m["aenderungen"] or "keine Statusänderung", **_bearbeiten(a, int(m["id"])),
    } for _, m in nv.iterrows()]
    spalten = [Spalte("Nr.", True, "nummer", breite=70), Spalte("Maßnahme", feld="text", breite=240),
               Spalte("Objekt", feld="objekt", format="verweis", breite=200),
               Spalte("Verantwortlich", feld="verantwortlich"), Spalte("Frist", True, "frist", "zahl"),
               Spalte("Zugesagt in", feld="zugesagt"),
               Spalte(f"Status zu Beginn {a.periode.kurz}", feld="damals"),
               Spalte("Status heute", feld="status", format="status", breite=150), Spalte("Ergebnis", feld="ergebnis"),
               Spalte("Was geschah", feld="aenderungen", breite=260),
               Spalte("Status ändern", feld="bearbeiten", format="verweis", breite=140)]
    titel = f"Nachverfolgung: in {vorige.kurz} zugesagt – was daraus wurde"
    inhalt = (datentabelle(IDs.NACHVERFOLGUNG_TABELLE, spalten, zeilen, titel) if zeilen
              else html.P("Keine Maßnahmen nachzuverfolgen.", className="mb-0"))
    return [dbc.Card([
        dbc.CardHeader(html.H2(titel, className="h5 mb-0")),
        dbc.CardBody([
            html.P(nachverfolgungstext(nv, vorige)),
            inhalt,
            html.P(["Herunterladen: ",
                    *tabellenlinks("massnahmen-nachverfolgung", a.adresse(massnahme=None)[len(PFAD):])],
                   className="small mt-2 mb-0"),
            html.P(f"„Status zu Beginn“: Stand am {a.periode.anfang.strftime('%d.%m.%Y')} (für später erfasste "
                   "Maßnahmen: Stand bei der Erfassung); „Status heute“: gespeicherter Stand.",
                   className="small text-body-secondary mt-2 mb-0"),
        ]),
    ], className="mb-4")]


def verlaufsanzeige(fabrik, df: pd.DataFrame, nummer: int | None) -> list:
    """The selected measure in words and its status history (oldest first)."""
    if nummer is None:
        return [html.P("Wählen Sie eine Maßnahme, um ihren Verlauf zu sehen.", className="text-body-secondary")]
    zeile = df[df["id"] == nummer]
    if zeile.empty:
        return [html.P(f"Eine Maßnahme Nr. {nummer} gibt es nicht.", className="text-body-secondary")]
    m = zeile.iloc[0]
    v = mn.verlauf(fabrik, nummer)
    zeilen = [{**_datumsfelder("zeit", _zeit(e["geaendert_am"])), "von": e["geaendert_von"],
               "alt": "– (angelegt)" if e["alter_status"] is None else mn.statustext(e["alter_status"]),
               **statusfelder(e["neuer_status"]), "bemerkung": e["bemerkung"] or ""} for _, e in v.iterrows()]
    spalten = [Spalte("Zeitpunkt", True, "zeit", "zahl", breite=150), Spalte("durch", feld="von"),
               Spalte("alter Status", feld="alt"), Spalte("neuer Status", feld="status", format="status"),
               Spalte("Bemerkung", feld="bemerkung", breite=220)]
    kopf = (f"Nr. {nummer} · {OBJEKTARTEN[m['objektart']]} {m['objekt_code']} · Status: {m['status_text']} · "
            f"verantwortlich: {m['verantwortlich'] or '–'} · Frist: {_tag(m['frist'])['text'] or '–'}")
    return [html.H3(f"Verlauf der Maßnahme Nr. {nummer}", className="h6"),
            html.P(kopf, className="small mb-1"), html.P(m["text"], className="small"),
            datentabelle(IDs.VERLAUF_TABELLE, spalten, zeilen, f"Statusverlauf der Maßnahme Nr. {nummer}")
            if zeilen else html.P("Noch keine Statusänderung gespeichert.", className="small")]


def _aenderbar(df: pd.DataFrame, nutzer) -> pd.DataFrame:
    """The measures the user may change (right "kommentieren" for the object's fields or unit)."""
    if nutzer is None or df.empty:
        return df.iloc[0:0]
    erlaubt = [nutzer.darf("kommentieren", frozenset(m["handlungsfeld_ids"]),
                           None if pd.isna(m["organisationseinheit_id"]) else int(m["organisationseinheit_id"]))
               for _, m in df.iterrows()]
    return df[erlaubt]


def _formular(a: Ansicht, df: pd.DataFrame, nutzer) -> list:
    if nutzer is None or not nutzer.darf_irgendwo("kommentieren"):
        return [html.P("Den Status einer Maßnahme ändern Fachbereiche (für ihr Handlungsfeld) und das "
                       "Controlling.", className="text-body-secondary")]
    aenderbar = _aenderbar(df, nutzer)
    optionen = [{"label": "– bitte wählen –", "value": ""}] + [
        {"label": f"Nr. {int(m['id'])} · {m['objekt_code']} · {m['text'][:70]}{'…' if len(m['text']) > 70 else ''}",
         "value": str(int(m["id"]))} for _, m in aenderbar.sort_values("id").iterrows()]
    gewaehlt = str(a.massnahme) if a.massnahme is not None and (aenderbar["id"] == a.massnahme).any() else ""
    hinweis = None
    if a.massnahme is not None and not gewaehlt and (df["id"] == a.massnahme).any():
        hinweis = dbc.Alert(f"Die Maßnahme Nr. {a.massnahme} gehört nicht zu Ihrem Bereich; ihren Status können "
                            "Sie nicht ändern.", color="info", className="py-2")
    aktuell = df.loc[df["id"] == int(gewaehlt), "massnahmenstatus"].iloc[0] if gewaehlt else "offen"
    return [
        hinweis,
        dbc.Row([
            dbc.Col([dbc.Label("Maßnahme", html_for=IDs.AUSWAHL),
                     dbc.Select(id=IDs.AUSWAHL, value=gewaehlt, options=optionen,
                                placeholder="– bitte wählen –")], lg=6),
            dbc.Col([dbc.Label("Neuer Status", html_for=IDs.NEUER_STATUS),
                     dbc.Select(id=IDs.NEUER_STATUS, value=aktuell,
                                options=[{"label": t, "value": s} for s, t in STATUSNAMEN.items()])], lg=3),
        ], className="g-3"),
        dbc.Label("Bemerkung (optional, z. B. was erreicht wurde oder warum verworfen)", html_for=IDs.BEMERKUNG,
                  className="mt-3"),
        dbc.Textarea(id=IDs.BEMERKUNG, rows=2, maxLength=mn.BEMERKUNG_MAX),
        dbc.Button("Status speichern", id=IDs.SPEICHERN, color="primary", className="mt-3", n_clicks=0),
    ]


def _erwartet(df: pd.DataFrame) -> dict:
    """Every measure's status as the page showed it (the server refuses when it changed meanwhile)."""
    return {str(int(i)): s for i, s in zip(df["id"], df["massnahmenstatus"], strict=True)}


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The measures of the selection, the follow-up of the previous period and the status form."""
    a, verfuegbar, hinweise = ansicht_aus_parametern(fabrik, einstellungen, parameter)
    df = mn.massnahmen(fabrik, a.periode)
    nv = mn.nachverfolgung(fabrik, a.periode)
    felder = abfragen.handlungsfelder(fabrik)
    nutzer = sicherheit.benutzer()
    filterspalten = [
        dbc.Col([dbc.Label("Status", html_for=IDs.STATUSFILTER),
                 dbc.Select(id=IDs.STATUSFILTER, value=a.status,
                            options=[{"label": t, "value": w} for w, t in FILTER.items()])], width="auto"),
        dbc.Col([dbc.Label("Handlungsfeld", html_for=IDs.FELD),
                 dbc.Select(id=IDs.FELD, value=a.feld_code, placeholder="alle",
                            options=[{"label": "alle", "value": ""}]
                            + [{"label": f["name"], "value": f["code"]} for _, f in felder.iterrows()])],
                width="auto"),
    ]
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit(a.periode)), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.P("Korrekturmaßnahmen zu Kennzahlen, Zielen und Produkten: wer was bis wann zugesagt hat und was "
               f"daraus wurde. Überfällig heißt: Frist vor dem {dt.date.today().strftime('%d.%m.%Y')} und noch "
               "offen oder in Umsetzung.", className="text-body-secondary"),
        auswahlleiste(a.periode, verfuegbar, *filterspalten),
        hinweisleiste(hinweise),
        dcc.Store(id=IDs.ANSICHT, data=a.daten()),
        dcc.Store(id=IDs.ERWARTET, data=_erwartet(df)),
        html.Div(uebersicht(a, df), id=IDs.UEBERSICHT),
        dbc.Card([
            dbc.CardHeader(html.H2("Status ändern", className="h5 mb-0")),
            dbc.CardBody([
                *_formular(a, df, nutzer),
                html.Div(id=IDs.MELDUNG, role="status", className="mt-3"),
                html.Div(verlaufsanzeige(fabrik, df, a.massnahme), id=IDs.VERLAUF, className="mt-3"),
            ]),
        ], className="mb-4"),
        html.Div(nachverfolgung(a, nv), id=IDs.NACHVERFOLGUNG),
    ])


def validierungslayout() -> list:
    """Placeholders of this page's IDs for Dash's callback validation."""
    return [dbc.Select(id=IDs.STATUSFILTER), dbc.Select(id=IDs.FELD), dcc.Store(id=IDs.ANSICHT),
            dcc.Store(id=IDs.ERWARTET), html.Div(id=IDs.UEBERSICHT), html.Div(id=IDs.NACHVERFOLGUNG),
            dbc.Select(id=IDs.AUSWAHL), dbc.Select(id=IDs.NEUER_STATUS), dbc.Textarea(id=IDs.BEMERKUNG),
            dbc.Button(id=IDs.SPEICHERN), html.Div(id=IDs.MELDUNG), html.Div(id=IDs.VERLAUF)]


# --- downloads -------------------------------------------------------------------------------------


def _ansicht_fuer_download(fabrik, einstellungen, parameter) -> Ansicht:
    return ansicht_aus_parametern(fabrik, einstellungen, parameter)[0]


@tabelle_anmelden("massnahmen")
def _download_massnahmen(fabrik, einstellungen, parameter) -> pd.DataFrame:
    a = _ansicht_fuer_download(fabrik, einstellungen, parameter)
    df = gefiltert(mn.massnahmen(fabrik, a.periode), a.status, a.feld_id)
    return pd.DataFrame({
        "Nr.": df["id"], "Objektart": df["objektart"].map(OBJEKTARTEN), "Code": df["objekt_code"],
        "Bezeichnung": df["objekt_name"], "Handlungsfeld": df["handlungsfeld"], "Maßnahme": df["text"],
        "Verantwortlich": df["verantwortlich"], "Frist": df["frist"], "Status": df["status_text"],
        "Überfällig": df["ueberfaellig"].map({True: "ja", False: "nein"}),
        f"Fällig in {a.periode.kurz}": df["faellig_in_periode"].map({True: "ja", False: "nein"}),
        "Zugesagt in": df["angelegt_in"], "Letzte Änderung": [mn.zeitpunkt_text(z) for z in df["letzte_aenderung"]],
        "Geändert von": df["letzte_aenderung_von"],
    })


@tabelle_anmelden("massnahmen-nachverfolgung")
def _download_nachverfolgung(fabrik, einstellungen, parameter) -> pd.DataFrame:
    a = _ansicht_fuer_download(fabrik, einstellungen, parameter)
    nv = mn.nachverfolgung(fabrik, a.periode)
    if a.feld_id is not None:
        nv = nv[[a.feld_id in ids for ids in nv["handlungsfeld_ids"]]]
    return pd.DataFrame({
        "Nr.": nv["id"], "Objektart": nv["objektart"].map(OBJEKTARTEN), "Code": nv["objekt_code"],
        "Bezeichnung": nv["objekt_name"], "Maßnahme": nv["text"], "Verantwortlich": nv["verantwortlich"],
        "Frist": nv["frist"], "Zugesagt in": nv["angelegt_in"],
        "Übertragen": nv["uebertragen"].map({True: "ja", False: "nein"}),
        f"Status zu Beginn {a.periode.kurz}": nv["status_damals_text"], "Status heute": nv["status_jetzt_text"],
        "Was geschah": nv["aenderungen"],
    })


# --- saving ----------------------------------------------------------------------------------------


class _Unveraendert(Exception):
    """The measure already had the status: roll the transaction back (no audit entry, no new data version)."""


def _neu_gezeichnet(fabrik, ansicht: Ansicht, nummer: int | None, meldung) -> tuple:
    df = mn.massnahmen(fabrik, ansicht.periode)
    nv = mn.nachverfolgung(fabrik, ansicht.periode)
    return (meldung, uebersicht(ansicht, df), nachverfolgung(ansicht, nv), verlaufsanzeige(fabrik, df, nummer),
            _erwartet(df))


def speichern(massnahme, neuer_status, bemerkung, erwartet, ansicht_daten) -> tuple:
    """Check the right for the measure's object on the server, change the status, redraw the tables.

    Returns (message, overview, follow-up, history, expected statuses, remark field); a refusal changes
    nothing but the message.
    """
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    fabrik = kontext.fabrik
    unveraendert = (no_update,) * 5
    objekt = mn.objekt_von(fabrik, massnahme)
    if objekt is None:
        text = ("Feld „Maßnahme“: bitte eine Maßnahme auswählen." if not str(massnahme or "").strip()
                else f"Feld „Maßnahme“: eine Maßnahme Nr. {massnahme} gibt es nicht.")
        return (dbc.Alert(text, color="danger"), *unveraendert)
    art, code = objekt
    try:
        sicherheit.pruefen("kommentieren", art, code)
    except (Forbidden, NotFound):
        return (dbc.Alert(f"Keine Berechtigung: Maßnahmen zu {OBJEKTARTEN[art]} {code} ändern nur das Controlling "
                          "und der Fachbereich, zu dessen Handlungsfeld oder Organisationseinheit das Objekt gehört. "
                          "Nichts wurde gespeichert.", color="danger"), *unveraendert)
    ansicht = Ansicht.aus_daten(fabrik, ansicht_daten or {})
    nummer = int(massnahme)
    ansicht = Ansicht(ansicht.periode, ansicht.status, ansicht.feld_code, ansicht.feld_id, nummer)
    erwarteter = (erwartet or {}).get(str(nummer)) if isinstance(erwartet, dict) else None
    try:
        with sicherheit.schreiben(kontext, nutzer, AKTION, f"Maßnahme {nummer} ({OBJEKTARTEN[art]} {code})",
                                  {"neuer_status": neuer_status, "erwartet": erwarteter}) as session:
            if not mn.status_aendern(session, nummer, neuer_status, bemerkung, nutzer.name, erwarteter):
                raise _Unveraendert
    except _Unveraendert:
        meldung = dbc.Alert(f"Die Maßnahme Nr. {nummer} hat bereits den Status „{mn.statustext(neuer_status)}“; "
                            "nichts geändert.", color="info")
        return (*_neu_gezeichnet(fabrik, ansicht, nummer, meldung), no_update)
    except ValueError as fehler:
        meldung = dbc.Alert(str(fehler), color="danger")
        return (*_neu_gezeichnet(fabrik, ansicht, nummer, meldung), no_update)
    vorher = mn.statustext(erwarteter) if erwarteter else None
    text = (f"Gespeichert: Maßnahme Nr. {nummer} hat jetzt den Status „{mn.statustext(neuer_status)}“"
            + (f" (vorher „{vorher}“)." if vorher else "."))
    return (*_neu_gezeichnet(fabrik, ansicht, nummer, dbc.Alert(text, color="success")), "")


def callbacks_registrieren(app, url_id: str) -> None:
    """Filters and the selected measure into the URL (right "lesen"); saving a status (right
    "kommentieren", checked again for the measure's object)."""
    parameter_in_url(app, url_id, IDs.STATUSFILTER, "status", ohne=("", STANDARDFILTER))
    parameter_in_url(app, url_id, IDs.FELD, "handlungsfeld")
    parameter_in_url(app, url_id, IDs.AUSWAHL, "massnahme")

    @app.callback(
        Output(IDs.MELDUNG, "children"), Output(IDs.UEBERSICHT, "children"), Output(IDs.NACHVERFOLGUNG, "children"),
        Output(IDs.VERLAUF, "children"), Output(IDs.ERWARTET, "data"), Output(IDs.BEMERKUNG, "value"),
        Input(IDs.SPEICHERN, "n_clicks"),
        State(IDs.AUSWAHL, "value"), State(IDs.NEUER_STATUS, "value"), State(IDs.BEMERKUNG, "value"),
        State(IDs.ERWARTET, "data"), State(IDs.ANSICHT, "data"),
        prevent_initial_call=True,
        recht="kommentieren",
    )
    def status_speichern(_klick, massnahme, neuer_status, bemerkung, erwartet, ansicht):
        return speichern(massnahme, neuer_status, bemerkung, erwartet, ansicht)
