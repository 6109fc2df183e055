"""The Produkt view: the goals a budget product serves (with the share), its Kennzahlen with status, its
Zuschussbedarf over the years (Ergebnis, Ansatz, Ist, Prognose, Planung) and its Pflicht/freiwillig flag.

URL: ``/produkt/<code>?jahr=2026&quartal=3``. The code may name a Produkt, a Produktgruppe or a
Produktbereich; groups and areas show the sum of their products (or their own amounts where the budget
is kept at that level) and list what they contain. An unknown code gives a "nicht gefunden" page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import auswahlleiste, hinweisleiste, istkarte, periode_waehlen
from dashboard.figuren import produkt as figuren
from dashboard.komponenten import (
    Spalte,
    brotkrumen,
    datentabelle,
    diagramm_mit_tabelle,
    euro_zelle,
    kennzahlkarte,
    offene_tabelle,
    statusbadge,
    statusfelder,
    tabelle,
    zellwert,
)
from dashboard.seiten.kennzahl import ROLLEN, ZIELEBENEN, kommentarliste, vorhanden, zieltext
from dashboard.seiten.kommentar import aktionsleiste
from kennzahlen import abfragen as gemeinsam
from kennzahlen import cockpit as rechnen
from kennzahlen import formate as fmt
from kennzahlen import zeitreihe as zr
from kennzahlen.abfragen import kennzahl as abfragen_kennzahl
from kennzahlen.abfragen import produkt as abfragen
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode, ist_bezeichnung

PFAD = "/produkt/{code}"
TITEL = "Produkt"

EBENEN = {"produktbereich": "Produktbereich", "produktgruppe": "Produktgruppe", "produkt": "Produkt"}
AUFGABEN = {
    "pflicht": "Pflichtaufgabe",
    "pflicht_ermessen": "Pflichtaufgabe mit Ermessen (im Wie)",
    "freiwillig": "freiwillige Leistung",
}
AUFGABEN_KURZ = {"pflicht": "Pflicht", "pflicht_ermessen": "Pflicht (Ermessen)", "freiwillig": "freiwillig"}
MAX_ECHO = 40


class IDs:
    """Component IDs of this page."""

    TITEL = "produkt-titel"
    AUFGABE = "produkt-aufgabe"
    ANSATZ = "produkt-ansatz"
    IST = "produkt-ist"
    PROGNOSE = "produkt-prognose"
    ERGEBNIS = "produkt-ergebnis"
    VERLAUF = "produkt-zuschussbedarf"
    ZIELE = "produkt-ziele"
    KENNZAHLEN = "produkt-kennzahlen"
    ENTHALTEN = "produkt-enthalten"
    KOMMENTARE = "produkt-kommentare"
    FALLKOSTEN = "produkt-fallkosten"


def _echo(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def nicht_gefunden(code: str) -> html.Div:
    """Like ``nicht_gefunden.objekt`` but grammatical for the neuter 'Produkt' ("Ein Produkt …")."""
    return html.Div(
        [
            html.H1("Produkt nicht gefunden", className="h2"),
            dbc.Alert(
                [html.P(["Ein Produkt mit dem Code ", html.Code(_echo(code)), " gibt es in dieser Datenbank nicht."],
                        className="mb-1"),
                 html.P("Vielleicht wurde es umbenannt, gelöscht oder der Link ist unvollständig. "
                        "Die Suche oben findet Kennzahlen, Ziele und Produkte nach Name oder Code.", className="mb-0")],
                color="warning",
            ),
            dcc.Link("Zurück zum Cockpit", href="/", className="btn btn-primary"),
        ],
        id="nicht-gefunden",
    )


# ---------------------------------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------------------------------


def aufgabentext(produkt: Mapping, enthalten: pd.DataFrame) -> str:
    """'Pflichtaufgabe' / 'freiwillige Leistung' for a product; for a group the mix of its products."""
    if produkt["aufgabenart"] in AUFGABEN:
        return AUFGABEN[produkt["aufgabenart"]]
    arten = enthalten["aufgabenart"].dropna()
    if arten.empty:
        return "Aufgabenart nicht erfasst"
    zaehlung = arten.value_counts()
    teile = [f"{int(zaehlung[a])} × {AUFGABEN_KURZ[a]}" for a in AUFGABEN_KURZ if a in zaehlung]
    return "enthält " + ", ".join(teile)


def abweichungstext(prognose: float, ansatz: float) -> str:
    """'4,8 Mio. € (+7,4 %) über Ansatz' or '–' when one of them is missing."""
    if pd.isna(prognose) or pd.isna(ansatz):
        return fmt.LEER
    abweichung = prognose - ansatz
    if abweichung == 0:
        return "entspricht dem Ansatz"
    anteil = abweichung / ansatz if ansatz else None
    richtung = "über" if abweichung > 0 else "unter"
    return f"{fmt.euro_kompakt(abs(abweichung))} ({fmt.prozent(anteil, vorzeichen=True)}) {richtung} Ansatz"


def zusammenfassung(name: str, zuschuss: pd.DataFrame, periode: Periode) -> str:
    """One sentence for screen readers: first and last Ergebnis, Ansatz and Prognose of the year, Planung."""
    if zuschuss.empty:
        return f"Für {name} sind keine Haushaltsbeträge erfasst."
    teile = [f"Zuschussbedarf {name} je Haushaltsjahr {zuschuss['jahr'].min()} bis {zuschuss['jahr'].max()}"]
    ergebnis = zuschuss[zuschuss["ergebnis"].notna()]
    if len(ergebnis) >= 2:
        erstes, letztes = ergebnis.iloc[0], ergebnis.iloc[-1]
        veraenderung = (letztes["ergebnis"] / erstes["ergebnis"] - 1) if erstes["ergebnis"] else None
        teile.append(f"Ergebnis {int(erstes['jahr'])} {fmt.euro_kompakt(erstes['ergebnis'])}, "
                     f"Ergebnis {int(letztes['jahr'])} {fmt.euro_kompakt(letztes['ergebnis'])} "
                     f"({fmt.prozent(veraenderung, vorzeichen=True)})")
    zahlen = zr.kennzahlen_des_jahres(zuschuss, periode.jahr)
    if pd.notna(zahlen["ansatz"]):
        teile.append(f"Ansatz {periode.jahr} {fmt.euro_kompakt(zahlen['ansatz'])}")
    if pd.notna(zahlen["ist_bis"]):
        teile.append(f"Ist bis {periode.kurz} {fmt.euro_kompakt(zahlen['ist_bis'])}")
    if pd.notna(zahlen["prognose"]):
        teile.append(f"Prognose {fmt.euro_kompakt(zahlen['prognose'])}, "
                     f"{abweichungstext(zahlen['prognose'], zahlen['ansatz'])}")
    planung = zuschuss[zuschuss["planung"].notna()]
    if len(planung):
        teile.append(f"Planung {int(planung['jahr'].iloc[-1])} {fmt.euro_kompakt(planung['planung'].iloc[-1])}")
    return "; ".join(teile) + "."


# ---------------------------------------------------------------------------------------------------
# Pieces of the page
# ---------------------------------------------------------------------------------------------------


def _badge(text: str, id_: str | None = None) -> dbc.Badge:
    extra = {"id": id_} if id_ else {}
    return dbc.Badge(text, color="light", text_color="dark", className="border me-2 fw-normal fs-6", **extra)


def _status(z: Mapping) -> html.Span:
    return statusbadge(z["status_symbol"], z["status_text"], z["status_farbe"], z["status_code"])


def _kopf(produkt: Mapping, vorfahren: pd.DataFrame, enthalten: pd.DataFrame, periode: Periode) -> list:
    stationen: list[tuple[str, str | None]] = [("Cockpit", links.cockpit(periode))]
    stationen += [(f"{v['code']} {v['name']}", links.produkt(v["code"], periode)) for _, v in vorfahren.iterrows()]
    stationen.append((f"{produkt['code']} {produkt['name']}", None))
    badges = [_badge(EBENEN.get(produkt["ebene"], produkt["ebene"])),
              _badge(aufgabentext(produkt, enthalten), IDs.AUFGABE)]
    if vorhanden(produkt["organisationseinheit"]):
        badges.append(_badge(f"Verantwortlich: {produkt['organisationseinheit']}"))
    kopf = [
        brotkrumen(stationen),
        html.H1([html.Span(f"{produkt['code']} ", className="text-body-secondary"), produkt["name"]], className="h2",
                id=IDs.TITEL),
        html.Div(badges, className="mb-2"),
        aktionsleiste("produkt", produkt["code"], periode),
        links.haushaltsverweise(produkt["code"], produkt["ebene"], periode, ohne="produkt"),
    ]
    if vorhanden(produkt["beschreibung"]):
        kopf.append(html.P(produkt["beschreibung"], className="text-body-secondary"))
    if produkt["ebene"] != "produkt":
        kopf.append(html.P("Beträge dieser Ebene sind die Summe der enthaltenen Produkte, soweit der Haushalt "
                           "nicht auf dieser Ebene selbst geplant ist.", className="small text-body-secondary"))
    return kopf


def _karten(zahlen: dict[str, float], periode: Periode, stichtag: Periode | None = None) -> dbc.Row:
    """The headline cards; ``zahlen`` cut at the Ist-Stichtag ``stichtag`` (``abfragen.ist_stichtag``)."""
    ansatz, ist, prognose = zahlen["ansatz"], zahlen["ist_bis"], zahlen["prognose"]
    ansatz_zusatz = "beschlossener Haushalt"
    if pd.notna(zahlen["fortgeschriebener_ansatz"]):
        ansatz_zusatz += f" · fortgeschrieben {fmt.euro_kompakt(zahlen['fortgeschriebener_ansatz'])}"
    if pd.notna(prognose) or pd.isna(zahlen["ergebnis"]):
        dritte = kennzahlkarte(f"Prognose {periode.jahr}", fmt.euro_kompakt(prognose),
                               abweichungstext(prognose, ansatz) if pd.notna(prognose) else "keine Prognose erfasst",
                               IDs.PROGNOSE)
    else:
        dritte = kennzahlkarte(f"Ergebnis {periode.jahr}", fmt.euro_kompakt(zahlen["ergebnis"]),
                               "Jahr abgeschlossen · " + abweichungstext(zahlen["ergebnis"], ansatz), IDs.PROGNOSE)
    return dbc.Row(
        [
            dbc.Col(kennzahlkarte(f"Zuschussbedarf Ansatz {periode.jahr}", fmt.euro_kompakt(ansatz), ansatz_zusatz,
                                  IDs.ANSATZ), md=6, lg=3),
            dbc.Col(istkarte(periode, stichtag, ist, ansatz, zahlen["ist_vorjahr_bis"], IDs.IST), md=6, lg=3),
            dbc.Col(dritte, md=6, lg=3),
            dbc.Col(kennzahlkarte(f"Ergebnis {periode.jahr - 1}", fmt.euro_kompakt(zahlen["ergebnis_vorjahr"]),
                                  "Zuschussbedarf des Vorjahres (Jahresabschluss)", IDs.ERGEBNIS), md=6, lg=3),
        ],
        className="g-3 mb-4",
    )


def _verlaufskarte(produkt: Mapping, zuschuss: pd.DataFrame, periode: Periode) -> dbc.Card:
    ist_name = f"Ist bis {periode.kurz}"
    fig = figuren.zuschussbedarf_verlauf(zuschuss, periode.jahr, ist_name + " (unterjährig)")
    spalten = [Spalte("Jahr"), Spalte("Ergebnis", True), Spalte("Ansatz", True),
               Spalte("fortgeschriebener Ansatz", True), Spalte(f"Ist bis {periode.ende:%d.%m.}", True),
               Spalte("Prognose", True), Spalte("Planung", True)]
    zeilen = [[str(int(z["jahr"]))] + [fmt.euro(z[s]) for s in zr.ZUSCHUSSSPALTEN]
              for _, z in zuschuss.iloc[::-1].iterrows()]
    return diagramm_mit_tabelle(
        IDs.VERLAUF, "Zuschussbedarf je Haushaltsjahr: Ergebnis, Ansatz, Ist, Prognose und Planung", fig,
        zusammenfassung(produkt["name"], zuschuss, periode),
        tabelle(spalten, zeilen, f"Zuschussbedarf {produkt['code']} {produkt['name']} je Jahr in Euro",
                id=f"{IDs.VERLAUF}-tabelle"),
    )


def _zielkarte(ziele: pd.DataFrame, zielstatus: pd.DataFrame, zuschuss_kinder: dict[int, float], mehrere: bool,
               periode: Periode) -> dbc.Card:
    status = zielstatus.set_index("id")
    spalten = [Spalte("Ziel", feld="ziel", format="verweis", breite=240), Spalte("Ebene", feld="ebene")] + (
        [Spalte("Produkt", feld="produkt", format="verweis")] if mehrere else []) + [
        Spalte("Handlungsfeld", feld="feld", format="verweis"), Spalte("Anteil", True, "anteil", "prozent"),
        Spalte(f"davon Ansatz {periode.jahr}", True, "ansatz", "euro"),
        Spalte(f"Zielstatus {periode.kurz}", feld="status", format="status")]
    zeilen = []
    for _, z in ziele.iterrows():
        ansatz = zuschuss_kinder.get(int(z["produkt_id"]), math.nan)
        zeile = {"ziel": f"{z['code']} {z['name']}", "ziel_href": links.ziel(z["code"], periode),
                 "ebene": ZIELEBENEN.get(z["ebene"], z["ebene"]),
                 "feld": z["handlungsfeld_name"], "feld_href": links.handlungsfeld(z["handlungsfeld_code"], periode),
                 "anteil": None if pd.isna(z["anteil"]) else round(float(z["anteil"]) * 100),
                 "ansatz": euro_zelle(ansatz * z["anteil"] if pd.notna(ansatz) else math.nan)}
        if mehrere:
            zeile.update(produkt=z["produkt_code"], produkt_href=links.produkt(z["produkt_code"], periode))
        if z["ziel_id"] in status.index:
            zeile.update(statusfelder(status.loc[z["ziel_id"]]))
        zeilen.append(zeile)
    beschriftung = "Ziele, denen dieses Produkt dient, mit Anteil am Zuschussbedarf"
    inhalt = (offene_tabelle(IDs.ZIELE, spalten, zeilen, beschriftung)
              if zeilen else html.P("Keinem Ziel zugeordnet.", className="text-body-secondary mb-0", id=IDs.ZIELE))
    return dbc.Card([dbc.CardHeader(html.H2("Dient den Zielen", className="h5 mb-0")), dbc.CardBody([
        inhalt,
        html.P("Anteil: welcher Teil des Zuschussbedarfs dem Ziel zugerechnet wird.",
               className="small text-body-secondary mt-2 mb-0") if zeilen else None,
    ])], className="mb-4")


def _kennzahlkarte(kennzahlen: pd.DataFrame, bewertung: pd.DataFrame, mehrere: bool, periode: Periode) -> dbc.Card:
    bew = bewertung.set_index("id")
    spalten = [Spalte("Kennzahl", feld="kennzahl", format="verweis", breite=240)] + (
        [Spalte("Produkt", feld="produkt", format="verweis")] if mehrere else []) + [
        Spalte("Rolle", feld="rolle"), Spalte(f"Ist {periode.kurz}", True, "ist", "wert"),
        Spalte("Ziel", True, "ziel"), Spalte("Status", feld="status", format="status")]
    zeilen = []
    for _, k in kennzahlen.iterrows():
        zeile = {"kennzahl": f"{k['code']} {k['name']}", "kennzahl_href": links.kennzahl(k["code"], periode),
                 "rolle": ROLLEN.get(k["rolle"], k["rolle"]), "ist": None, "ziel": fmt.LEER}
        if mehrere:
            zeile.update(produkt=k["produkt_code"], produkt_href=links.produkt(k["produkt_code"], periode))
        if k["kennzahl_id"] in bew.index:
            b = bew.loc[k["kennzahl_id"]]
            stellen = int(b["nachkommastellen"])
            zeile.update(ist=zellwert(b["ist"], b["einheit"], stellen), einheit=b["einheit"], stellen=stellen,
                         ziel=zieltext(b, b["zielwert"]), **statusfelder(b))
        zeilen.append(zeile)
    inhalt = (offene_tabelle(IDs.KENNZAHLEN, spalten, zeilen, "Kennzahlen dieses Produkts mit Ist, Ziel und Status")
              if zeilen else html.P("Keine Kennzahl zugeordnet.", className="text-body-secondary mb-0",
                                    id=IDs.KENNZAHLEN))
    return dbc.Card([dbc.CardHeader(html.H2("Kennzahlen", className="h5 mb-0")), dbc.CardBody(inhalt)],
                    className="mb-4")


def _enthalten(kinder: pd.DataFrame, periode: Periode, ist_name: str | None = None) -> dbc.Card:
    zeilen = [
        {"produkt": f"{k['code']} {k['name']}", "produkt_href": links.produkt(k["code"], periode),
         "aufgabe": AUFGABEN_KURZ.get(k["aufgabenart"], fmt.LEER) if isinstance(k["aufgabenart"], str) else fmt.LEER,
         "ansatz": euro_zelle(k["ansatz"]), "ist": euro_zelle(k["ist_bis"]), "prognose": euro_zelle(k["prognose"]),
         "abweichung": euro_zelle(k["prognose"] - k["ansatz"])}
        for _, k in kinder.iterrows()
    ]
    spalten = [Spalte("Enthalten", feld="produkt", format="verweis", breite=240), Spalte("Aufgabe", feld="aufgabe"),
               Spalte(f"Ansatz {periode.jahr}", True, "ansatz", "euro"),
               Spalte(ist_name or f"Ist bis {periode.kurz}", True, "ist", "euro"),
               Spalte(f"Prognose {periode.jahr}", True, "prognose", "euro"),
               Spalte("Prognose − Ansatz", True, "abweichung", "euro")]
    return dbc.Card([dbc.CardHeader(html.H2("Enthaltene Produkte (Zuschussbedarf in Euro)", className="h5 mb-0")),
                     dbc.CardBody(offene_tabelle(IDs.ENTHALTEN, spalten, zeilen,
                                               "Enthaltene Produkte mit Zuschussbedarf"))], className="mb-4")


def _fallkosten(fabrik, produkt_ids: list[int], periode: Periode, stichtag: Periode | None,
                kennzahlen: pd.DataFrame) -> dbc.Card | None:
    """Cost per case (``geldfluss.fallkosten``) of the products with a Fallzahl: Ergebnis of the year before,
    Ansatz, Ist to the Stichtag and Prognose of the year; None without a Fallzahl."""
    from kennzahlen import effekte
    from kennzahlen import geldfluss as gf

    j = periode.jahr
    staende = [effekte.Stand(j - 1, "ergebnis"), effekte.Stand(j, "ansatz")]
    if stichtag is not None:
        staende.append(effekte.Stand(j, "ist", stichtag.art, stichtag.nummer))
    staende.append(effekte.Stand(j, "prognose"))
    zeilen = []
    for stand in staende:
        for _, r in effekte.fallkosten_je_produkt(fabrik, stand, produkt_ids).iterrows():
            zeilen.append({
                "produkt": f"{r['code']} {r['name']}", "stand": stand.bezeichnung,
                "faelle": fmt.LEER if pd.isna(r["faelle"]) else
                f"{fmt.zahl(r['faelle'], 0)} {r['fallzahl_einheit']} ({gf.FALLARTEN[r['fallart']]})",
                "grundlage": gf.fallkosten_bezeichnung(r["grundlage"]),
                "betrag": None if pd.isna(r["betrag"]) else round(float(r["betrag"])),
                "je_fall": None if pd.isna(r["je_fall"]) else round(float(r["je_fall"])),
                "zuschuss": None if pd.isna(r["zuschuss_je_fall"]) else round(float(r["zuschuss_je_fall"])),
            })
    if not zeilen:
        return None
    gemeldet = kennzahlen[kennzahlen["name"].str.contains("je ", regex=False) & (kennzahlen["einheit"] == "€")
                          ].drop_duplicates("code")
    codes = sorted(set(kennzahlen.loc[kennzahlen["rolle"] == "fallzahl", "produkt_code"]))
    return dbc.Card([
        dbc.CardHeader(html.H2("Kosten je Fall", className="h5 mb-0")),
        dbc.CardBody([
            datentabelle(IDs.FALLKOSTEN, [
                Spalte("Produkt", feld="produkt", breite=200), Spalte("Stand", feld="stand"),
                Spalte("Fälle", True, "faelle", breite=170), Spalte("bezogen auf", feld="grundlage"),
                Spalte("Betrag", True, "betrag", "euro"), Spalte("Kosten je Fall", True, "je_fall", "euro"),
                Spalte("Zuschussbedarf je Fall", True, "zuschuss", "euro")],
                zeilen, "Kosten je Fall nach Stand (aus Haushalt und Fallzahl berechnet)"),
            html.P(gf.FALLKOSTEN_DEFINITION + (
                " Die gemeldeten Kennzahlen " + ", ".join(f"{k.code} „{k.name}“" for k in gemeldet.itertuples())
                + " sind Werte der Fachstelle zum Stichtag (siehe Kennzahlen) und können deshalb abweichen."
                if len(gemeldet) else ""), className="small text-body-secondary mt-2 mb-0"),
            html.P([dcc.Link(f"Mengen- und Preiseffekt {c}", href=f"/haushalt/effekte?produkt={c}", className="me-3")
                    for c in codes[:3]], className="small mt-1 mb-0") if codes else None,
        ]),
    ], className="mb-4")


# ---------------------------------------------------------------------------------------------------
# Page contract
# ---------------------------------------------------------------------------------------------------


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The product (or group, or area) in the path, for the period in the query string."""
    code = parameter.get("code", "")
    treffer = abfragen.produkt(fabrik, code)
    if treffer.empty:
        return nicht_gefunden(code)
    produkt = treffer.iloc[0]
    pid = int(produkt["id"])
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter,
                                                    verweis=lambda p: links.produkt(code, p))
    stichtag = gemeinsam.ist_stichtag(fabrik, periode)
    bis = stichtag or periode  # Ist of every year cut at the same, real Stichtag (not at a period without Ist)
    regeln = bewertungsregeln(fabrik, einstellungen)
    hierarchie = abfragen.hierarchie(fabrik)
    unten = zr.nachfahren(hierarchie, pid)
    betraege = abfragen.haushaltsbetraege(fabrik, unten)
    teilbaum = zr.verdichten_teilbaum(betraege, hierarchie, pid)
    zuschuss = zr.zuschussbedarf_je_jahr(teilbaum[pid], bis)
    zahlen = zr.kennzahlen_des_jahres(zuschuss, periode.jahr)
    enthalten = hierarchie[hierarchie["id"].isin(unten) & (hierarchie["id"] != pid)]
    kinder = zr.zuschussbedarf_der_kinder(betraege, hierarchie, pid, bis, teilbaum)

    ziele = abfragen.ziele(fabrik, unten)
    kennzahlen = abfragen.kennzahlen(fabrik, unten)
    bewertung = rechnen.kennzahlen_bewerten(
        gemeinsam.kennzahlen(fabrik), gemeinsam.kennzahlwerte_stadt(fabrik, periode), regeln)
    zielstatus = rechnen.ziele_bewerten(gemeinsam.ziele(fabrik), gemeinsam.ziel_kennzahl(fabrik), bewertung, regeln)
    ansatz_je_produkt = {
        p: zr.kennzahlen_des_jahres(zr.zuschussbedarf_je_jahr(teilbaum[p], periode), periode.jahr)["ansatz"]
        for p in set(ziele["produkt_id"].astype(int)) if p in teilbaum
    }
    mehrere = produkt["ebene"] != "produkt" or len(unten) > 1
    return html.Div(
        [
            *_kopf(produkt, zr.vorfahren(hierarchie, pid), enthalten, periode),
            auswahlleiste(periode, verfuegbar),
            hinweisleiste(hinweise),
            _karten(zahlen, periode, stichtag),
            _verlaufskarte(produkt, zuschuss, bis),
            _enthalten(kinder, periode, ist_bezeichnung(periode, stichtag)) if len(kinder) else None,
            _zielkarte(ziele, zielstatus, ansatz_je_produkt, mehrere, periode),
            _kennzahlkarte(kennzahlen, bewertung, mehrere, periode),
            _fallkosten(fabrik, unten, periode, stichtag, kennzahlen),
            kommentarliste(abfragen_kennzahl.kommentare(fabrik, produkt_ids=unten), IDs.KOMMENTARE,
                           "Zu diesem Produkt gibt es keine Begründungen, Hinweise oder Maßnahmen."),
        ],
        id="produkt-seite",
    )


def validierungslayout() -> list:
    """This page's only selection is the shared period (dashboard.auswahl)."""
    return []


def callbacks_registrieren(app, url_id: str) -> None:
    """The Produkt view has no callbacks of its own: the period selection is shared."""
