"""Haushaltsberatung › Versionen: one budget year through its stages (Anmeldung, Eckwert, Entwurf,
Veränderungsliste, Beschluss, Nachtrag, fortgeschriebener Ansatz) side by side, the numbered Veränderungsliste
(entered here by Controlling, exported as XLSX) and the measures of the Haushaltssicherungskonzept.

URL: ``/haushaltsberatung/versionen?jahr=2027&code=06``. Draft stages and the list reach only users whom
``zugang.darf_entwurf_lesen`` allows. Entering a change needs the right ``haushalt_aendern`` (checked on the server
in the callback, written with an audit entry).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, html, no_update
from werkzeug.exceptions import HTTPException

from dashboard import links, sicherheit
from dashboard.auswahl import hinweisleiste, parameter_in_url
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren import haushaltszyklus as figuren
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, diagramm_mit_tabelle, euro_zelle, tabelle
from kennzahlen import formate as fmt
from kennzahlen import haushaltsberatung as hb
from kennzahlen import haushaltszyklus as hz
from kennzahlen import zugang
from kennzahlen.abfragen import produkt as abfragen_produkt
from kennzahlen.models import VERAENDERUNGSSTATUS

PFAD = "/haushaltsberatung/versionen"
TITEL = "Haushaltsversionen"
STATUSSYMBOL = {"vorgeschlagen": "○", "beschlossen": "✓", "abgelehnt": "✗", "zurueckgezogen": "–"}
"""Symbol beside the word of a change's state (never colour alone)."""


class IDs:
    """Component IDs of this page."""

    JAHR = "zyklus-jahr"
    KNOTEN = "zyklus-knoten"
    VERSIONEN = "zyklus-versionen"
    DIAGRAMM = "zyklus-diagramm"
    LISTE = "zyklus-liste"
    HSK = "zyklus-hsk"
    HSK_DIAGRAMM = "zyklus-hsk-diagramm"
    FORM_JAHR = "zyklus-form-jahr"
    NUMMER = "zyklus-nummer"
    BEZEICHNUNG = "zyklus-bezeichnung"
    PRODUKT = "zyklus-produkt"
    ZEILE = "zyklus-zeile"
    BETRAGSJAHR = "zyklus-betragsjahr"
    BETRAG = "zyklus-betrag"
    BEGRUENDUNG = "zyklus-begruendung"
    ANTRAGSTELLER = "zyklus-antragsteller"
    STATUS = "zyklus-status"
    SPEICHERN = "zyklus-speichern"
    MELDUNG = "zyklus-meldung"
    HSK_MASSNAHME = "zyklus-hsk-massnahme"
    HSK_STATUS = "zyklus-hsk-status"
    HSK_GRAD = "zyklus-hsk-grad"
    HSK_JAHR = "zyklus-hsk-jahr"
    HSK_ERREICHT = "zyklus-hsk-erreicht"
    HSK_SPEICHERN = "zyklus-hsk-speichern"
    HSK_MELDUNG = "zyklus-hsk-meldung"


def adresse(jahr: int | None, code: str | None = None) -> str:
    """'/haushaltsberatung/versionen?jahr=2027&code=06'."""
    werte = {k: str(v) for k, v in (("jahr", jahr), ("code", code)) if v}
    return PFAD + ("?" + urlencode(werte) if werte else "")


def darf_entwurf() -> bool:
    """Whether the current user may see draft stages (checked on the server, per request)."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    return zugang.darf_entwurf_lesen(nutzer, kontext.einstellungen.entwurf_eingeschraenkt)


def auswahl_lesen(fabrik, parameter: Mapping[str, str]) -> tuple[int | None, str | None, list[str]]:
    """(year, node code or None for the whole budget, German hints) from the URL; default year: the draft year
    of the Haushaltsberatung, or the newest year with amounts when that one has none (Köln: plans up to 2015)."""
    hinweise = []
    jahr = hb.standardjahr(fabrik)
    jahre = hz.versionsjahre(fabrik, darf_entwurf())
    if jahre and jahr not in jahre:
        jahr = jahre[-1]
    roh = (parameter.get("jahr") or "").strip()
    if roh:
        if roh.isdigit() and 1990 <= int(roh) <= 2100:
            jahr = int(roh)
        else:
            hinweise.append(f"„{roh[:20]}“ ist kein gültiges Jahr; gezeigt wird {jahr}.")
    code = (parameter.get("code") or "").strip() or None
    if code is not None:
        hierarchie = abfragen_produkt.hierarchie(fabrik)
        if code not in set(hierarchie["code"]):
            hinweise.append(f"Produkt „{code[:30]}“ gibt es nicht; gezeigt wird der Gesamthaushalt.")
            code = None
    return jahr, code, hinweise


# ---------------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------------


def liste_fuer_ausschuss(liste: pd.DataFrame) -> pd.DataFrame:
    """The Veränderungsliste as the committee gets it: Nr., Produkt, Produktbezeichnung, Bezeichnung, Antragsteller,
    Status, one column per year and Summe (euro, Verbesserung + / Verschlechterung −)."""
    breit = hz.liste_breit(liste)
    daten = {"Nr.": breit["nummer"], "Produkt": breit["produkt_code"], "Produktbezeichnung": breit["produkt_name"],
             "Bezeichnung": breit["bezeichnung"], "Antragsteller": breit["antragsteller"],
             "Status": [hz.STATUSNAMEN.get(s, s) for s in breit["status"]]}
    for jahr in breit.attrs["jahre"]:
        daten[f"{jahr} (€)"] = breit[jahr]
    daten["Summe (€)"] = breit["summe"]
    return pd.DataFrame(daten)


@tabelle_anmelden("veraenderungsliste")
def _download_liste(fabrik, einstellungen, parameter) -> pd.DataFrame:
    """The year's Veränderungsliste (only for users allowed to read drafts; checked here, on the server)."""
    jahr, _code, _ = auswahl_lesen(fabrik, parameter)
    if jahr is None or not darf_entwurf():
        return pd.DataFrame()
    return liste_fuer_ausschuss(hz.veraenderungsliste(fabrik, jahr))


def versionen_fuer_download(ansicht: hz.Versionsansicht) -> pd.DataFrame:
    """The versions table with German headings (Zuschussbedarf in euro)."""
    z = ansicht.zeilen
    daten = {"Code": z["code"], "Bezeichnung": z["name"]}
    for s in ansicht.stufen:
        daten[f"{s.titel} {ansicht.jahr} (€)"] = z[s.schluessel].round(2)
    for k, t in ansicht.differenzen:
        daten[f"{t} (€)"] = z[k].round(2)
    return pd.DataFrame(daten)


@tabelle_anmelden("haushaltsversionen")
def _download_versionen(fabrik, einstellungen, parameter) -> pd.DataFrame:
    """The versions of the node and year in the URL (draft stages only with draft rights)."""
    jahr, code, _ = auswahl_lesen(fabrik, parameter)
    ansicht = hz.versionsansicht(fabrik, code, jahr, darf_entwurf()) if jahr else None
    return versionen_fuer_download(ansicht) if ansicht is not None else pd.DataFrame()


# ---------------------------------------------------------------------------------------------------
# Pieces of the page
# ---------------------------------------------------------------------------------------------------


def _auswahlleiste(fabrik, jahr: int, code: str | None, mit_entwurf: bool) -> dbc.Row:
    jahre = sorted(set(hz.versionsjahre(fabrik, mit_entwurf)) | {jahr}, reverse=True)
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    knoten = hierarchie[hierarchie["ebene"].isin(["produktbereich", "produktgruppe"])]
    return dbc.Row([
        dbc.Col([dbc.Label("Haushaltsjahr", html_for=IDs.JAHR),
                 dbc.Select(id=IDs.JAHR, value=str(jahr), options=[{"label": str(j), "value": str(j)} for j in jahre])],
                width="auto"),
        dbc.Col([dbc.Label("Produktbereich oder Produktgruppe", html_for=IDs.KNOTEN),
                 dbc.Select(id=IDs.KNOTEN, value=code or "", options=[
                     {"label": "Gesamthaushalt", "value": ""},
                     *({"label": f"{c} {n}", "value": c} for c, n in zip(knoten["code"], knoten["name"],
                                                                          strict=True))])], width="auto"),
    ], className="g-3 align-items-end mb-3")


def _breite(titel: str) -> int:
    """Column width in pixels so that the longest word of a heading fits on one line beside the filter icon."""
    return max(130, 8 * max(len(w) for w in titel.split()) + 50)


def _versionstabelle(a: hz.Versionsansicht, abfrage: str) -> dbc.Card:
    if not a.stufen:
        return dbc.Card(dbc.CardBody(html.P(f"Für {a.name} sind {a.jahr} keine Haushaltsbeträge erfasst, weder eine "
                                            "Version noch ein Ergebnis. Wählen Sie oben ein anderes Jahr.",
                                            className="mb-0")), className="mb-4")
    spalten = [Spalte("Knoten", feld="knoten", format="verweis", breite=240)]
    spalten += [Spalte(titel, True, s.schluessel, "euro", breite=_breite(titel)) for s in a.stufen
                for titel in [f"{s.titel} {a.jahr}" if not s.abgeleitet else s.titel]]
    spalten += [Spalte(t, True, k, "euro", breite=_breite(t)) for k, t in a.differenzen]
    felder = [s.schluessel for s in a.stufen] + [k for k, _t in a.differenzen]
    zeilen = []
    for _, z in a.zeilen.iterrows():
        zeile = {"knoten": f"{z['code']} {z['name']}", **{f: euro_zelle(z[f]) for f in felder}}
        if z["ebene"] != "produkt":
            zeile["knoten_href"] = adresse(a.jahr, z["code"])
        zeilen.append(zeile)
    summe = {"knoten": "Summe", **{f: euro_zelle(a.summe.get(f)) for f in felder}}
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Zuschussbedarf {a.jahr} je Version in Euro", className="h5 mb-0")),
        dbc.CardBody([
            datentabelle(IDs.VERSIONEN, spalten, zeilen, f"Versionen {a.jahr}: {a.name}", summe=summe),
            html.P(["Tabelle herunterladen: ", *tabellenlinks("haushaltsversionen", abfrage)],
                   className="small mt-2 mb-0"),
        ]),
    ], className="mb-4")


def _stufendiagramm(a: hz.Versionsansicht) -> dbc.Card | None:
    if not a.stufen:
        return None
    stufen = [(s.titel, a.summe.get(s.schluessel, math.nan), s.abgeleitet) for s in a.stufen
              if s.schluessel not in ("veraenderungen", "nachtrag_veraenderung", "uebertragung")]
    fig = figuren.stufenbalken(stufen)
    reihen = [[t, fmt.euro(w), "abgeleitet" if ab else "erfasst"] for t, w, ab in stufen]
    satz = f"Zuschussbedarf {a.name} {a.jahr}: " + ", ".join(f"{t} {fmt.euro_kompakt(w)}" for t, w, _ in stufen) + "."
    return diagramm_mit_tabelle(IDs.DIAGRAMM, f"Der Haushalt {a.jahr} von Stufe zu Stufe", fig, satz,
                                tabelle([Spalte("Stufe"), Spalte("Zuschussbedarf", True), Spalte("Herkunft")], reihen,
                                        "Zuschussbedarf je Stufe", id=f"{IDs.DIAGRAMM}-tabelle"))


def _listenkarte(a: hz.Versionsansicht, abfrage: str, formular) -> dbc.Card:
    spalten = [Spalte("Nr.", feld="nummer", breite=70), Spalte("Bezeichnung", feld="bezeichnung", breite=260),
               Spalte("Produkt", feld="produkt", breite=220), Spalte("Zeile", feld="zeile", breite=230),
               Spalte("Jahr", feld="jahr", breite=80), Spalte("Betrag", True, "betrag", "euro", breite=120),
               Spalte("Status", feld="status", breite=140), Spalte("Antragsteller", feld="antragsteller", breite=170),
               Spalte("Begründung", feld="begruendung", breite=300)]
    zeilen = [{"nummer": z["nummer"], "bezeichnung": z["bezeichnung"],
               "produkt": f"{z['produkt_code']} {z['produkt_name']}", "zeile": f"{z['zeile']} {z['zeile_bezeichnung']}",
               "jahr": int(z["jahr"]), "betrag": euro_zelle(z["betrag"]),
               "status": f"{STATUSSYMBOL.get(z['status'], '')} {hz.STATUSNAMEN.get(z['status'], z['status'])}",
               "antragsteller": z["antragsteller"] or "", "begruendung": z["begruendung"] or ""}
              for _, z in a.liste.iterrows()]
    if a.liste.empty:
        ohne_entwurf = "entwurf" not in {s.schluessel for s in a.stufen}
        return dbc.Card([
            dbc.CardHeader(html.H2(f"Veränderungsliste {a.jahr}", className="h5 mb-0")),
            dbc.CardBody([html.P(f"Für {a.jahr} ist keine Veränderungsliste erfasst" + (
                "; eine Veränderungsliste ändert einen Entwurf, und für dieses Jahr ist keiner erfasst." if ohne_entwurf
                else "."), className="mb-0"), None if ohne_entwurf else formular]),
        ], className="mb-4")
    zaehlt = a.liste[~a.liste["status"].isin(hz.ZAEHLT_NICHT)] if len(a.liste) else a.liste
    summe = float(zaehlt.loc[zaehlt["jahr"] == a.jahr, "betrag"].astype(float).sum()) if len(zaehlt) else 0.0
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Veränderungsliste zum Entwurf {a.jahr}", className="h5 mb-0")),
        dbc.CardBody([
            html.P(f"{a.liste['nummer'].nunique() if len(a.liste) else 0} Nummern; Betrag: Verbesserung (+) oder "
                   f"Verschlechterung (−) des Ergebnisses. Wirkung der zählenden Nummern auf {a.jahr}: "
                   f"{fmt.euro(summe)} (abgelehnte und zurückgezogene zählen nicht). Entwurf + Veränderungen = "
                   "Beschlussvorschlag, je Produkt in der Tabelle oben.", className="small text-body-secondary"),
            datentabelle(IDs.LISTE, spalten, zeilen, f"Veränderungsliste {a.jahr}"),
            html.P(["Für den Ausschuss herunterladen (Nr., Produkt, Betrag je Jahr, Summe): ",
                    *tabellenlinks("veraenderungsliste", abfrage)], className="small mt-2 mb-0"),
            formular,
        ]),
    ], className="mb-4")


def _formular(fabrik, a: hz.Versionsansicht) -> html.Details:
    """The entry form (shown to users with ``haushalt_aendern``; the callback checks again)."""
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    produkte = hierarchie[hierarchie["ebene"] == "produkt"]
    if produkte.empty:
        produkte = hierarchie[hierarchie["ebene"] == "produktgruppe"]
    feld = dict(className="mb-2")
    return html.Details([
        html.Summary("Veränderung erfassen (Controlling)"),
        dbc.Row([
            dbc.Col([dbc.Label("Haushaltsjahr", html_for=IDs.FORM_JAHR),
                     dbc.Input(id=IDs.FORM_JAHR, value=str(a.jahr), inputMode="numeric", maxLength=4)], md=2, **feld),
            dbc.Col([dbc.Label("Nr.", html_for=IDs.NUMMER),
                     dbc.Input(id=IDs.NUMMER, value=hz.naechste_nummer(a.liste["nummer"] if len(a.liste) else []),
                               maxLength=20)], md=2, **feld),
            dbc.Col([dbc.Label("Bezeichnung", html_for=IDs.BEZEICHNUNG),
                     dbc.Input(id=IDs.BEZEICHNUNG, maxLength=300)], md=8, **feld),
            dbc.Col([dbc.Label("Produkt", html_for=IDs.PRODUKT),
                     dbc.Select(id=IDs.PRODUKT, value="", options=[
                         {"label": "bitte wählen", "value": ""},
                         *({"label": f"{c} {n}", "value": c} for c, n in zip(produkte["code"], produkte["name"],
                                                                              strict=True))])], md=6, **feld),
            dbc.Col([dbc.Label("Zeile (z. B. 15)", html_for=IDs.ZEILE), dbc.Input(id=IDs.ZEILE, maxLength=40)],
                    md=2, **feld),
            dbc.Col([dbc.Label("Jahr", html_for=IDs.BETRAGSJAHR),
                     dbc.Input(id=IDs.BETRAGSJAHR, value=str(a.jahr), inputMode="numeric", maxLength=4)], md=2,
                    **feld),
            dbc.Col([dbc.Label("Betrag (+ Verbesserung, − Verschlechterung)", html_for=IDs.BETRAG),
                     dbc.Input(id=IDs.BETRAG, inputMode="decimal", maxLength=20)], md=2, **feld),
            dbc.Col([dbc.Label("Antragsteller", html_for=IDs.ANTRAGSTELLER),
                     dbc.Input(id=IDs.ANTRAGSTELLER, maxLength=200)], md=4, **feld),
            dbc.Col([dbc.Label("Status", html_for=IDs.STATUS),
                     dbc.Select(id=IDs.STATUS, value="vorgeschlagen", options=[
                         {"label": hz.STATUSNAMEN[s], "value": s} for s in VERAENDERUNGSSTATUS])], md=2, **feld),
            dbc.Col([dbc.Label("Begründung", html_for=IDs.BEGRUENDUNG),
                     dbc.Textarea(id=IDs.BEGRUENDUNG, maxLength=4000)], md=6, **feld),
        ], className="g-2 mt-2"),
        dbc.Button("Veränderung speichern", id=IDs.SPEICHERN, color="primary", n_clicks=0),
        html.Div(id=IDs.MELDUNG, role="status", className="mt-2"),
    ], className="mt-3")



def _prozentfeld(anteil: float) -> str:
    prozent = round(float(anteil) * 100, 2)
    return fmt.zahl(prozent, 0 if prozent == int(prozent) else 2)


def _hskformular(massnahmen: pd.DataFrame, bilanz: pd.DataFrame, jahr: int) -> html.Details:
    """Controlling updates a measure's state, Umsetzungsgrad and the savings reached in a year (the callback checks
    the right ``haushalt_aendern`` again)."""
    jahre = sorted({int(j) for j in bilanz["jahr"]}) or [jahr]
    offen = bilanz[bilanz["erreicht"].isna()]
    vorgabe = int(offen["jahr"].min()) if len(offen) else jahre[-1]
    feld = dict(className="mb-2")
    erste = massnahmen.iloc[0]
    return html.Details([
        html.Summary("Umsetzungsstand fortschreiben (Controlling)"),
        dbc.Row([
            dbc.Col([dbc.Label("Maßnahme", html_for=IDs.HSK_MASSNAHME),
                     dbc.Select(id=IDs.HSK_MASSNAHME, value=erste["code"], options=[
                         {"label": f"{c} {b}", "value": c}
                         for c, b in zip(massnahmen["code"], massnahmen["bezeichnung"], strict=True)])], md=6, **feld),
            dbc.Col([dbc.Label("Status", html_for=IDs.HSK_STATUS),
                     dbc.Select(id=IDs.HSK_STATUS, value=erste["status"], options=[
                         {"label": t, "value": s} for s, t in hz.HSK_STATUSNAMEN.items()])], md=3, **feld),
            dbc.Col([dbc.Label("Umsetzungsgrad in %", html_for=IDs.HSK_GRAD),
                     dbc.Input(id=IDs.HSK_GRAD, value=_prozentfeld(erste["umsetzungsgrad"]),
                               inputMode="decimal", maxLength=6)], md=3, **feld),
            dbc.Col([dbc.Label("Jahr", html_for=IDs.HSK_JAHR),
                     dbc.Select(id=IDs.HSK_JAHR, value=str(vorgabe), options=[
                         {"label": str(j), "value": str(j)} for j in jahre])], md=3, **feld),
            dbc.Col([dbc.Label("erreichte Einsparung in Euro (leer: unverändert)", html_for=IDs.HSK_ERREICHT),
                     dbc.Input(id=IDs.HSK_ERREICHT, inputMode="decimal", maxLength=20)], md=5, **feld),
        ], className="g-2 mt-2"),
        dbc.Button("Umsetzungsstand speichern", id=IDs.HSK_SPEICHERN, color="primary", n_clicks=0),
        html.Div(id=IDs.HSK_MELDUNG, role="status", className="mt-2"),
    ], className="mt-3")


def _hskkarte(fabrik, jahr: int, darf_aendern: bool) -> dbc.Card:
    massnahmen, bilanz = hz.hsk_uebersicht(fabrik, jahr)
    spalten = [Spalte("Maßnahme", feld="massnahme", breite=280), Spalte("Produkt", feld="produkt", breite=200),
               Spalte("Status", feld="status", breite=120),
               Spalte("Umsetzungsgrad", True, "grad", "prozent", breite=_breite("Umsetzungsgrad")),
               Spalte("Einsparziel gesamt", True, "ziel_gesamt", "euro", breite=130),
               Spalte("Ziel abgeschl. Jahre", True, "ziel_bisher", "euro", breite=130),
               Spalte("erreicht", True, "erreicht_bisher", "euro", breite=120),
               Spalte("Zielerreichung", True, "zielerreichung", "prozent", breite=_breite("Zielerreichung")),
               Spalte("Kennzahlen, denen sie nicht schaden darf", feld="kennzahlen", breite=380)]
    zeilen = [{"massnahme": f"{m['code']} {m['bezeichnung']}",
               "produkt": f"{m['produkt_code']} {m['produkt_name']}" if isinstance(m["produkt_code"], str) else "",
               "status": hz.HSK_STATUSNAMEN.get(m["status"], m["status"]), "grad": round(m["umsetzungsgrad"] * 100),
               "ziel_gesamt": euro_zelle(m["ziel_gesamt"]), "ziel_bisher": euro_zelle(m["ziel_bisher"]),
               "erreicht_bisher": euro_zelle(m["erreicht_bisher"]),
               "zielerreichung": None if pd.isna(m["zielerreichung_bisher"]) else round(
                   m["zielerreichung_bisher"] * 100), "kennzahlen": m["kennzahltrend"]}
              for _, m in massnahmen.iterrows()]
    inhalt = [datentabelle(IDs.HSK, spalten, zeilen, "Maßnahmen des Haushaltssicherungskonzepts")]
    if len(bilanz):
        reihen = [[f"{b['code']} {b['jahr']}", fmt.euro(b["einsparziel"]), fmt.euro(b["erreicht"]),
                   fmt.prozent(b["zielerreichung"], 0), f"{b['symbol']} {b['bewertung']}"]
                  for _, b in bilanz.iterrows()]
        satz = "; ".join(f"{b['code']} {b['jahr']}: Ziel {fmt.euro_kompakt(b['einsparziel'])}, erreicht "
                         f"{fmt.euro_kompakt(b['erreicht'])} ({b['bewertung']})" for _, b in bilanz.iterrows())
        inhalt.append(html.Div(diagramm_mit_tabelle(
            IDs.HSK_DIAGRAMM, "Einsparziel und erreichte Einsparung je Jahr", figuren.hsk_balken(bilanz), satz,
            tabelle([Spalte("Maßnahme und Jahr"), Spalte("Einsparziel", True), Spalte("erreicht", True),
                     Spalte("Zielerreichung", True), Spalte("Bewertung")], reihen, "Einsparziel gegen erreicht",
                    id=f"{IDs.HSK_DIAGRAMM}-tabelle")), className="mt-3"))
        if darf_aendern:
            inhalt.append(_hskformular(massnahmen, bilanz, jahr))
    else:
        inhalt = [html.P("Es sind keine Maßnahmen eines Haushaltssicherungskonzepts erfasst.",
                         className="text-body-secondary mb-0")]
    return dbc.Card([dbc.CardHeader(html.H2("Haushaltssicherung (HSK)", className="h5 mb-0")), dbc.CardBody(inhalt)],
                    className="mb-4")


def _erlaeuterung() -> html.Details:
    return html.Details([
        html.Summary("Wie wird gerechnet?"),
        html.Ul([
            html.Li("Jede Version (Anmeldung, Eckwert, Entwurf, Beschluss, Nachtrag) behält ihre eigenen Beträge; "
                    "Differenzen werden berechnet, nie gespeichert. Beträge: Zuschussbedarf in Euro."),
            html.Li("Beschlussvorschlag = Entwurf + Veränderungen der Liste (abgelehnte und zurückgezogene zählen "
                    "nicht). In der Liste heißt + Verbesserung des Ergebnisses; im Zuschussbedarf sinkt er dadurch."),
            html.Li("Fortgeschriebener Ansatz = Ansatz (Beschluss) + Veränderung durch den Nachtrag (nur die Zeilen, "
                    "die der Nachtrag ändert) + Übertragungen aus dem Vorjahr. Ein gebuchter fortgeschriebener "
                    "Ansatz steht daneben."),
            html.Li("HSK: Zielerreichung = erreichte Einsparung ÷ Einsparziel der abgeschlossenen Jahre; "
                    "✓ erreicht, ◐ teilweise, ✗ nicht erreicht, ○ offen."),
        ], className="small mb-0 mt-2"),
    ], className="mb-3 small")


# ---------------------------------------------------------------------------------------------------
# Page contract
# ---------------------------------------------------------------------------------------------------


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The versions of the year and node in the URL, the Veränderungsliste and the HSK measures."""
    mit_entwurf = darf_entwurf()
    jahr, code, hinweise = auswahl_lesen(fabrik, parameter)
    kopf = [brotkrumen([("Cockpit", links.cockpit()), ("Haushaltsberatung", hb_adresse(jahr)),
                        ("Versionen", None)])]
    ansicht = hz.versionsansicht(fabrik, code, jahr, mit_entwurf) if jahr else None
    if ansicht is None:
        return html.Div([*kopf, html.H1("Haushaltsversionen", className="h2"), hinweisleiste(hinweise),
                         html.P("Es sind keine Haushaltsbeträge erfasst.", className="text-body-secondary")],
                        id="haushaltszyklus-seite")
    abfrage = adresse(ansicht.jahr, code)[len(PFAD):]
    _kontext, nutzer = sicherheit.kontext_und_benutzer()
    darf_aendern = nutzer is None or nutzer.darf("haushalt_aendern")
    formular = _formular(fabrik, ansicht) if darf_aendern else html.P(
        "Veränderungen erfasst das Controlling.", className="small text-body-secondary mt-2 mb-0")
    return html.Div([
        *kopf,
        html.H1([f"Haushaltsversionen {ansicht.jahr}: ", html.Span(f"{code or ''} ", className="text-body-secondary"),
                 ansicht.name], className="h2"),
        html.P("Der Haushalt eines Jahres durch den politischen Zyklus: Anmeldung der Fachbereiche, Eckwerte der "
               "Kämmerei, Entwurf, Veränderungsliste, Beschluss und Nachtrag nebeneinander.",
               className="text-body-secondary"),
        _auswahlleiste(fabrik, ansicht.jahr, code, mit_entwurf),
        hinweisleiste(hinweise + ansicht.hinweise),
        _erlaeuterung(),
        _versionstabelle(ansicht, abfrage),
        _stufendiagramm(ansicht),
        _listenkarte(ansicht, abfrage, formular) if mit_entwurf else None,
        _hskkarte(fabrik, ansicht.jahr, darf_aendern),
    ], id="haushaltszyklus-seite")


def hb_adresse(jahr: int | None) -> str:
    """The Haushaltsberatung of the same draft year."""
    return "/haushaltsberatung" + (f"?jahr={jahr}" if jahr else "")


def validierungslayout() -> list:
    """Placeholders of the page's IDs for Dash's callback validation."""
    return [dbc.Select(id=IDs.JAHR), dbc.Select(id=IDs.KNOTEN), dbc.Input(id=IDs.FORM_JAHR), dbc.Input(id=IDs.NUMMER),
            dbc.Input(id=IDs.BEZEICHNUNG), dbc.Select(id=IDs.PRODUKT), dbc.Input(id=IDs.ZEILE),
            dbc.Input(id=IDs.BETRAGSJAHR), dbc.Input(id=IDs.BETRAG), dbc.Textarea(id=IDs.BEGRUENDUNG),
            dbc.Input(id=IDs.ANTRAGSTELLER), dbc.Select(id=IDs.STATUS), dbc.Button(id=IDs.SPEICHERN),
            html.Div(id=IDs.MELDUNG), dbc.Select(id=IDs.HSK_MASSNAHME), dbc.Select(id=IDs.HSK_STATUS),
            dbc.Input(id=IDs.HSK_GRAD), dbc.Select(id=IDs.HSK_JAHR), dbc.Input(id=IDs.HSK_ERREICHT),
            dbc.Button(id=IDs.HSK_SPEICHERN), html.Div(id=IDs.HSK_MELDUNG)]


def _fehler(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="danger", className="py-2")


def _verweigert(was: str) -> dbc.Alert | None:
    """None when the current user has ``haushalt_aendern`` (checked on the server), else the German refusal."""
    try:
        sicherheit.pruefen("haushalt_aendern")
    except HTTPException as fehler:
        if fehler.code == 401:
            return _fehler("Nicht angemeldet: Bitte melden Sie sich erneut an.")
        return _fehler(f"Keine Berechtigung: {was} erfasst das Controlling. Es wurde nichts gespeichert.")
    return None


def _neu_laden(text: str, adresse_: str | None) -> dbc.Alert:
    return dbc.Alert([text, " ", html.A("Seite neu laden", href=adresse_ or PFAD, className="alert-link"), "."],
                     color="success", className="py-2")


def speichern(werte: dict, zurueck: str | None = None) -> dbc.Alert:
    """Record one change of the Veränderungsliste; the right ``haushalt_aendern`` is checked here, on the server."""
    if (abgewiesen := _verweigert("Veränderungen der Veränderungsliste")) is not None:
        return abgewiesen
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    details: dict = {}
    objekt = f"veraenderungsliste {str(werte.get('haushaltsjahr'))[:4]} nr {str(werte.get('nummer'))[:20]}"
    try:
        with sicherheit.schreiben(kontext, nutzer, "veraenderung_erfasst", objekt, details) as session:
            eintrag = hz.veraenderung_erfassen(session, autor=nutzer.login, **werte)
            details.update(produkt=str(werte.get("produkt_code")), jahr=eintrag.jahr, betrag=str(eintrag.betrag),
                           status=eintrag.status)
    except ValueError as fehler:
        return _fehler(str(fehler))
    return _neu_laden(f"Nr. {eintrag.nummer} gespeichert: {fmt.euro(eintrag.betrag)} im Jahr {eintrag.jahr}. Die Liste "
                      "zeigt die Änderung nach dem Neuladen:", zurueck)


def hsk_speichern(werte: dict, zurueck: str | None = None) -> dbc.Alert:
    """Update the implementation of an HSK measure; right ``haushalt_aendern`` checked here, written with audit."""
    if (abgewiesen := _verweigert("Den Umsetzungsstand der HSK-Maßnahmen")) is not None:
        return abgewiesen
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    details = {k: str(v)[:40] for k, v in werte.items() if v not in (None, "")}
    try:
        with sicherheit.schreiben(kontext, nutzer, "hsk_fortgeschrieben", f"hsk {str(werte.get('code'))[:20]}",
                                  details) as session:
            massnahme = hz.hsk_fortschreiben(session, **werte)
            text = (f"{massnahme.code} gespeichert: {hz.HSK_STATUSNAMEN[massnahme.status]}, Umsetzungsgrad "
                    f"{fmt.prozent(float(massnahme.umsetzungsgrad), 0)}.")
    except ValueError as fehler:
        return _fehler(str(fehler))
    return _neu_laden(text, zurueck)



def callbacks_registrieren(app, url_id: str) -> None:
    """Year and node into the URL (right lesen); save a change (right haushalt_aendern, checked again inside)."""

    parameter_in_url(app, url_id, IDs.JAHR, "jahr")
    parameter_in_url(app, url_id, IDs.KNOTEN, "code")

    @app.callback(Output(IDs.MELDUNG, "children"), Input(IDs.SPEICHERN, "n_clicks"),
                  State(IDs.FORM_JAHR, "value"), State(IDs.NUMMER, "value"), State(IDs.BEZEICHNUNG, "value"),
                  State(IDs.PRODUKT, "value"), State(IDs.ZEILE, "value"), State(IDs.BETRAGSJAHR, "value"),
                  State(IDs.BETRAG, "value"), State(IDs.BEGRUENDUNG, "value"), State(IDs.ANTRAGSTELLER, "value"),
                  State(IDs.STATUS, "value"), State(url_id, "search"), prevent_initial_call=True,
                  recht="haushalt_aendern")
    def veraenderung_speichern(klick, haushaltsjahr, nummer, bezeichnung, produkt, zeile, jahr, betrag, begruendung,
                               antragsteller, status, suche):
        if not klick:
            return no_update
        return speichern({"haushaltsjahr": haushaltsjahr, "nummer": nummer, "bezeichnung": bezeichnung,
                          "produkt_code": produkt, "zeile": zeile, "jahr": jahr, "betrag": betrag,
                          "begruendung": begruendung, "antragsteller": antragsteller, "status": status},
                         PFAD + (suche or ""))

    @app.callback(Output(IDs.HSK_STATUS, "value"), Output(IDs.HSK_GRAD, "value"), Input(IDs.HSK_MASSNAHME, "value"),
                  prevent_initial_call=True, recht="lesen")
    def hsk_stand_zeigen(code):
        kontext, _nutzer = sicherheit.kontext_und_benutzer()
        massnahmen = hz.hsk_massnahmen(kontext.fabrik).set_index("code")
        if code not in massnahmen.index:
            return no_update, no_update
        return massnahmen.loc[code, "status"], _prozentfeld(massnahmen.loc[code, "umsetzungsgrad"])

    @app.callback(Output(IDs.HSK_MELDUNG, "children"), Input(IDs.HSK_SPEICHERN, "n_clicks"),
                  State(IDs.HSK_MASSNAHME, "value"), State(IDs.HSK_STATUS, "value"), State(IDs.HSK_GRAD, "value"),
                  State(IDs.HSK_JAHR, "value"), State(IDs.HSK_ERREICHT, "value"), State(url_id, "search"),
                  prevent_initial_call=True, recht="haushalt_aendern")
    def hsk_fortschreiben(klick, code, status, grad, jahr, erreicht, suche):
        if not klick:
            return no_update
        return hsk_speichern({"code": code, "status": status, "umsetzungsgrad": grad, "jahr": jahr,
                              "erreicht": erreicht}, PFAD + (suche or ""))
