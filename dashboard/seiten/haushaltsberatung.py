"""Haushaltsberatung: the draft (Entwurf n+1) against Ergebnis, Ansatz, fortgeschriebener Ansatz and Prognose, per
Handlungsfeld, Produktbereich, Produktgruppe or Produkt, with goals' status, Kennzahl trend, amounts per inhabitant,
and a what-if that only does arithmetic.

URL: ``/haushaltsberatung?ebene=produktbereich&code=06&jahr=2027&wenn=060503&um=-5&einheit=prozent``. ``jahr`` is
the draft year (default: the year after the newest adopted Ansatz). Drafts reach only users whom
``zugang.darf_entwurf_lesen`` allows (setting WK_ENTWURF_EINGESCHRAENKT): for everyone else the Entwurf is never
loaded, neither in the page nor in the download. The what-if lives only in the URL; nothing is stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import links, sicherheit
from dashboard.auswahl import gerade_gezeichnet, hinweisleiste
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren import haushaltsberatung as figuren
from dashboard.komponenten import (
    Spalte,
    brotkrumen,
    datentabelle,
    diagramm_mit_tabelle,
    euro_zelle,
    kennzahlkarte,
    prozent_zelle,
    statusfelder,
    tabelle,
)
from dashboard.routing import neue_suche
from kennzahlen import abfragen, zugang
from kennzahlen import formate as fmt
from kennzahlen import haushaltsberatung as hb
from kennzahlen import zeitreihe as zr
from kennzahlen.abfragen import produkt as abfragen_produkt
from kennzahlen.auswertung import bewertungsregeln

PFAD = "/haushaltsberatung"
TITEL = "Haushaltsberatung"
DIAGRAMM_HOECHSTENS = 12
"""The chart shows at most this many rows (the largest); the table shows all."""
EINHEITEN = {"euro": "Euro", "prozent": "Prozent"}
WAS_WAERE_WENN = "Rechnerische Folgen – keine Prognose der Wirkung"


class IDs:
    """Component IDs of this page."""

    JAHR = "beratung-jahr"
    HANDLUNGSFELD = "beratung-handlungsfeld"
    BEREICH = "beratung-bereich"
    TABELLE = "beratung-tabelle"
    DIAGRAMM = "beratung-diagramm"
    ENTWURF_HINWEIS = "beratung-entwurf-hinweis"
    WENN_PRODUKT = "beratung-wenn-produkt"
    WENN_BETRAG = "beratung-wenn-betrag"
    WENN_EINHEIT = "beratung-wenn-einheit"
    WENN_RECHNEN = "beratung-wenn-rechnen"
    WENN_MELDUNG = "beratung-wenn-meldung"
    WENN_ERGEBNIS = "beratung-wenn-ergebnis"


def adresse(ebene: str, code: str, jahr: int | None, **extra) -> str:
    """'/haushaltsberatung?ebene=produktgruppe&code=0605&jahr=2027' (extra parameters appended if set)."""
    werte = {"ebene": ebene, "code": code, **({"jahr": str(jahr)} if jahr else {})}
    werte.update({k: str(v) for k, v in extra.items() if v not in (None, "")})
    return PFAD + "?" + urlencode(werte)


def darf_entwurf() -> bool:
    """Whether the current user may see drafts (checked on the server, per request)."""
    kontext, nutzer = sicherheit.kontext_und_benutzer()
    return zugang.darf_entwurf_lesen(nutzer, kontext.einstellungen.entwurf_eingeschraenkt)


# ---------------------------------------------------------------------------------------------------
# Reading the URL
# ---------------------------------------------------------------------------------------------------


def auswahl_lesen(fabrik, parameter: Mapping[str, str]) -> tuple[str, str, int | None, list[str]]:
    """(ebene, code, draft year, German hints) from the URL; defaults: the first Produktbereich, the year
    after the newest adopted Ansatz."""
    hinweise: list[str] = []
    jahr = hb.standardjahr(fabrik)
    roh = parameter.get("jahr")
    if roh not in (None, ""):
        if roh.strip().isdigit() and 1990 <= int(roh) <= 2100:
            jahr = int(roh)
        else:
            hinweise.append(f"„{roh[:20]}“ ist kein gültiges Jahr; gezeigt wird der Entwurf {jahr}.")
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    bereiche = hierarchie[hierarchie["ebene"] == "produktbereich"]
    standard = ("produktbereich", str(bereiche["code"].iloc[0])) if len(bereiche) else ("produktbereich", "")
    ebene, code = parameter.get("ebene") or "", parameter.get("code") or ""
    if not ebene and not code:
        return *standard, jahr, hinweise
    if ebene not in hb.EBENEN:
        hinweise.append(f"Ebene „{ebene[:30]}“ gibt es nicht (erlaubt: {', '.join(hb.EBENEN.values())}).")
        return *standard, jahr, hinweise
    if ebene == "handlungsfeld":
        felder = abfragen.handlungsfelder(fabrik)
        if code in set(felder["code"]):
            return ebene, code, jahr, hinweise
    elif code in set(hierarchie["code"]):
        return ebene, code, jahr, hinweise
    hinweise.append(f"{hb.EBENEN[ebene]} „{code[:30]}“ gibt es nicht; gezeigt wird Produktbereich {standard[1]}.")
    return *standard, jahr, hinweise


def wenn_lesen(parameter: Mapping[str, str]) -> tuple[str | None, float | None, float | None, str | None]:
    """(product code, change in euro, change in percent, German error) of the what-if in the URL."""
    code = parameter.get("wenn") or None
    if code is None:
        return None, None, None, None
    um = (parameter.get("um") or "").strip()
    if parameter.get("einheit") == "prozent" and not um.endswith("%"):
        um += "%"
    try:
        euro, prozent = hb.aenderung_lesen(um)
    except ValueError as fehler:
        return code, None, None, str(fehler)
    return code, euro, prozent, None


def _zahltext(wert: float) -> str:
    return fmt.zahl(wert, 0 if float(wert).is_integer() else 2)


# ---------------------------------------------------------------------------------------------------
# Data for the table (also the download)
# ---------------------------------------------------------------------------------------------------


def _tabelle(fabrik, einstellungen, parameter: Mapping[str, str], mit_entwurf: bool):
    ebene, code, jahr, hinweise = auswahl_lesen(fabrik, parameter)
    if jahr is None or not code:
        return None, hinweise
    basis = hb.beratungstabelle(fabrik, ebene, code, jahr, mit_entwurf, einstellungen.berichtsperiode,
                                bewertungsregeln(fabrik, einstellungen))
    return basis, hinweise


def tabelle_fuer_download(basis: hb.Beratungstabelle) -> pd.DataFrame:
    """The table with German column names, as downloaded (no Entwurf columns when the view has none)."""
    z = basis.zeilen
    daten = {"Code": z["code"], "Bezeichnung": z["name"]}
    if basis.ebene == "handlungsfeld":
        daten["Anteil im Handlungsfeld in %"] = (z["anteil"] * 100).round(1)
    for s in basis.spalten:
        daten[f"{s.ueberschrift(basis.jahr_n)} (€)"] = z[s.schluessel].round(2)
    if basis.mit_entwurf:
        daten["Entwurf − Ansatz (€)"] = z["veraenderung_euro"].round(2)
        daten["Entwurf − Ansatz (%)"] = (z["veraenderung_prozent"] * 100).round(1)
    daten[f"je Einwohner ({basis.bezugstitel}, €)"] = z["je_einwohner"].round(2)
    daten["Zielgruppe"] = z["zielgruppe"]
    daten[f"je Einwohner der Zielgruppe ({basis.bezugstitel}, €)"] = z["je_zielgruppe"].round(2)
    daten["Ziele"] = z["ziele"]
    daten["Zielstatus (schlechtester)"] = z["status_text"]
    daten["Kennzahltrend (3 Jahre)"] = z["trend"]
    return pd.DataFrame(daten)


@tabelle_anmelden("haushaltsberatung")
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    """The view's table; the Entwurf only for users allowed to see drafts (checked here, on the server)."""
    basis, _ = _tabelle(fabrik, einstellungen, parameter, darf_entwurf())
    return tabelle_fuer_download(basis) if basis is not None else pd.DataFrame()


# ---------------------------------------------------------------------------------------------------
# Pieces of the page
# ---------------------------------------------------------------------------------------------------


def _auswahlleiste(fabrik, ebene: str, code: str, jahr: int) -> dbc.Row:
    jahre = sorted(set(hb.entwurfsjahre(fabrik)) | {jahr}, reverse=True)
    felder = abfragen.handlungsfelder(fabrik)
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    bereiche = hierarchie[hierarchie["ebene"] == "produktbereich"]
    bereich = code if ebene == "produktbereich" else (code[:2] if ebene != "handlungsfeld" else "")

    def auswahl(id_, titel, wert, optionen, leer=None):
        extra = {"placeholder": leer} if leer else {}
        return dbc.Col([dbc.Label(titel, html_for=id_), dbc.Select(id=id_, value=wert, options=optionen, **extra)],
                       width="auto")

    return dbc.Row([
        auswahl(IDs.JAHR, "Entwurfsjahr", str(jahr), [{"label": str(j), "value": str(j)} for j in jahre]),
        auswahl(IDs.HANDLUNGSFELD, "Handlungsfeld", code if ebene == "handlungsfeld" else "",
                [{"label": f"{c} {n}", "value": c} for c, n in zip(felder["code"], felder["name"], strict=True)],
                "bitte wählen"),
        auswahl(IDs.BEREICH, "Produktbereich", bereich if bereich in set(bereiche["code"]) else "",
                [{"label": f"{c} {n}", "value": c} for c, n in zip(bereiche["code"], bereiche["name"], strict=True)],
                "bitte wählen"),
    ], className="g-3 align-items-end mb-3")


def _brotkrumen(fabrik, basis: hb.Beratungstabelle) -> html.Nav:
    stationen: list[tuple[str, str | None]] = [("Cockpit", links.cockpit()), ("Haushaltsberatung", PFAD)]
    if basis.ebene != "handlungsfeld":
        hierarchie = abfragen_produkt.hierarchie(fabrik)
        treffer = hierarchie[hierarchie["code"] == basis.code]
        if len(treffer):
            vorfahren = zr.vorfahren(hierarchie, int(treffer["id"].iloc[0]))
            stationen += [(f"{v['code']} {v['name']}", adresse(v["ebene"], v["code"], basis.jahr_entwurf))
                          for _, v in vorfahren.iterrows()]
    stationen.append((f"{basis.code} {basis.name}", None))
    return brotkrumen(stationen)


def _entwurfshinweis(basis: hb.Beratungstabelle, eingeschraenkt: bool) -> dbc.Alert | None:
    if basis.mit_entwurf:
        return None
    grund = ("Haushaltsentwürfe sind nach der Einstellung dieser Installation nur für Leitung und Controlling "
             "sichtbar" if eingeschraenkt else "Ihre Rollen erlauben das Lesen von Haushaltsentwürfen nicht")
    return dbc.Alert([html.Strong(f"Ohne Entwurf {basis.jahr_entwurf}: "),
                      f"{grund}. Die Spalten zum Entwurf fehlen daher; Beträge je Einwohner und die "
                      f"Was-wäre-wenn-Rechnung beziehen sich auf den Ansatz {basis.jahr_n}."],
                     color="info", className="py-2", id=IDs.ENTWURF_HINWEIS)


def _karten(basis: hb.Beratungstabelle) -> dbc.Row:
    s, n = basis.summe, basis.jahr_n
    karten = [kennzahlkarte(f"Ansatz {n}", fmt.euro_kompakt(s.get("ansatz")),
                            f"Prognose {n}: {fmt.euro_kompakt(s.get('prognose'))}")]
    if basis.mit_entwurf:
        differenz = s.get("entwurf", math.nan) - s.get("ansatz", math.nan)
        anteil = differenz / abs(s["ansatz"]) if s.get("ansatz") else None
        karten.append(kennzahlkarte(f"Entwurf {basis.jahr_entwurf}", fmt.euro_kompakt(s.get("entwurf")),
                                    f"{fmt.euro_kompakt(differenz)} ({fmt.prozent(anteil, 1, vorzeichen=True)}) "
                                    f"gegenüber Ansatz {n}" if pd.notna(differenz) else "kein Entwurf erfasst"))
    ew, gruppe = basis.einwohner, basis.zielgruppe_einwohner
    bezug = s.get(basis.bezug, math.nan)
    karten.append(kennzahlkarte(f"je Einwohner ({basis.bezugstitel})",
                                fmt.euro(bezug / ew.anzahl) if ew.anzahl and pd.notna(bezug) else fmt.LEER,
                                f"{fmt.zahl(ew.anzahl)} Einwohner {ew.jahr}" if ew.jahr else "keine Einwohnerzahlen"))
    if not basis.zielgruppe.gesamt:
        karten.append(kennzahlkarte(f"je Einwohner der Zielgruppe ({basis.bezugstitel})",
                                    fmt.euro(bezug / gruppe.anzahl) if gruppe.anzahl and pd.notna(bezug) else fmt.LEER,
                                    f"{basis.zielgruppe.name}: {fmt.zahl(gruppe.anzahl)}"))
    return dbc.Row([dbc.Col(k, md=6, lg=3) for k in karten], className="g-3 mb-3")


def _tabellenkarte(basis: hb.Beratungstabelle, download: str) -> dbc.Card:
    n = basis.jahr_n
    spalten = [Spalte(hb.EBENEN.get(basis.zeilen["ebene"].iloc[0], "Knoten") if len(basis.zeilen) else "Knoten",
                      feld="knoten", format="verweis", breite=230)]
    if basis.ebene == "handlungsfeld":
        spalten.append(Spalte("Anteil im Feld", True, "anteil", "prozent"))
    spalten += [Spalte(s.ueberschrift(n), True, s.schluessel, "euro", breite=125) for s in basis.spalten]
    if basis.mit_entwurf:
        spalten += [Spalte(f"Entwurf − Ansatz {n}", True, "veraenderung_euro", "euro", breite=125),
                    Spalte("in %", True, "veraenderung_prozent", "prozent", 1, True, breite=90)]
    spalten += [Spalte("je Einwohner", True, "je_einwohner", "zahl", 2, breite=110),
                Spalte("je Einwohner der Zielgruppe", True, "je_zielgruppe", "zahl", 2, breite=120),
                Spalte("Zielgruppe", feld="zielgruppe", breite=150),
                Spalte("Zielstatus (schlechtester)", feld="status", format="status", breite=160),
                Spalte("Ziele", feld="ziele", breite=110),
                Spalte("Kennzahltrend (3 Jahre)", feld="trend", breite=220)]
    zeilen = []
    for _, z in basis.zeilen.iterrows():
        zeile = {"knoten": f"{z['code']} {z['name']}", "anteil": prozent_zelle(z["anteil"]),
                 "zielgruppe": z["zielgruppe"], "ziele": z["ziele"], "trend": z["trend"],
                 "je_einwohner": None if pd.isna(z["je_einwohner"]) else round(float(z["je_einwohner"]), 2),
                 "je_zielgruppe": None if pd.isna(z["je_zielgruppe"]) else round(float(z["je_zielgruppe"]), 2),
                 **statusfelder(z), **{s.schluessel: euro_zelle(z[s.schluessel]) for s in basis.spalten}}
        if z["ebene"] != basis.ebene or z["code"] != basis.code:
            zeile["knoten_href"] = adresse(z["ebene"], z["code"], basis.jahr_entwurf)
        if basis.mit_entwurf:
            zeile.update(veraenderung_euro=euro_zelle(z["veraenderung_euro"]),
                         veraenderung_prozent=prozent_zelle(z["veraenderung_prozent"], 1))
        zeilen.append(zeile)
    summe = {"knoten": "Summe", **{s.schluessel: euro_zelle(basis.summe.get(s.schluessel)) for s in basis.spalten}}
    if basis.einwohner.anzahl and pd.notna(basis.summe.get(basis.bezug)):
        summe["je_einwohner"] = round(basis.summe[basis.bezug] / basis.einwohner.anzahl, 2)
        if basis.zielgruppe_einwohner.anzahl and not basis.zielgruppe.gesamt:
            summe["je_zielgruppe"] = round(basis.summe[basis.bezug] / basis.zielgruppe_einwohner.anzahl, 2)
    if basis.mit_entwurf:
        differenz = basis.summe.get("entwurf", math.nan) - basis.summe.get("ansatz", math.nan)
        summe.update(veraenderung_euro=euro_zelle(differenz), veraenderung_prozent=prozent_zelle(
            differenz / abs(basis.summe["ansatz"]) if basis.summe.get("ansatz") else None, 1))
    gewichtet = " (gewichtet mit dem Anteil im Handlungsfeld)" if basis.ebene == "handlungsfeld" else ""
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Zuschussbedarf in Euro{gewichtet}", className="h5 mb-0")),
        dbc.CardBody([
            datentabelle(IDs.TABELLE, spalten, zeilen, f"Haushaltsberatung {basis.code} {basis.name}: Zuschussbedarf "
                         f"je {spalten[0].titel}", summe=summe),
            html.P(["Ganze Tabelle herunterladen: ", *tabellenlinks("haushaltsberatung", download)],
                   className="small mt-2 mb-0"),
        ]),
    ], className="mb-4")


def _erlaeuterung(basis: hb.Beratungstabelle) -> html.Details:
    gruppen = "; ".join(sorted({f"{g.name}: {stamm}…" for stamm, g in hb.ZIELGRUPPEN}))
    return html.Details([
        html.Summary("Wie wird gerechnet?"),
        html.Ul([
            html.Li("Zuschussbedarf = Aufwendungen abzüglich Erträge (Ergebnis des Teilergebnisplans mit umgekehrtem "
                    "Vorzeichen). Ergebnis, Ansatz, fortgeschriebener Ansatz und Prognose sind beschlossene bzw. "
                    "gebuchte Beträge; der Entwurf ist der Ansatz in der Version Entwurf."),
            html.Li(f"Je Einwohner: {basis.bezugstitel} geteilt durch alle Einwohner; je Einwohner der Zielgruppe: "
                    "geteilt durch die Altersgruppe des Handlungsfelds, dem das Geld überwiegend dient (Zuordnung nach "
                    f"dem Namen des Handlungsfelds – {gruppen}; alle anderen: alle Einwohner)."),
            html.Li(f"Zielstatus: der schlechteste bewertete Status der Ziele, denen die Produkte dienen "
                    f"({basis.statusperiode.lang})."),
            html.Li(f"Kennzahltrend: Fallzahlen der Produkte und Kennzahlen ihrer Ziele, Jahreswerte "
                    f"{basis.jahr_n - 2} bis {basis.jahr_n} (erstes gegen letztes Jahr mit Wert); "
                    "„besser“/„schlechter“ nach der gewünschten Richtung der Kennzahl."),
            html.Li(hb.NICHT_ERFASST),
        ], className="small mb-0 mt-2"),
    ], className="mb-3 small")


def _diagramm(basis: hb.Beratungstabelle) -> dbc.Card:
    zeilen = basis.zeilen
    if len(zeilen) > DIAGRAMM_HOECHSTENS:
        zeilen = zeilen.reindex(zeilen["bezugsbetrag"].abs().sort_values(ascending=False).index)
        zeilen = zeilen.head(DIAGRAMM_HOECHSTENS)
    serien = [(s.schluessel, s.ueberschrift(basis.jahr_n)) for s in basis.spalten]
    fig = figuren.beratungsbalken(zeilen, serien)
    kopf = [Spalte("Knoten")] + [Spalte(t, True) for _, t in serien]
    reihen = [[f"{z['code']} {z['name']}"] + [fmt.euro(z[s]) for s, _ in serien] for _, z in zeilen.iterrows()]
    teil = f" (die {DIAGRAMM_HOECHSTENS} größten)" if len(basis.zeilen) > DIAGRAMM_HOECHSTENS else ""
    summe = basis.summe
    satz = (f"Zuschussbedarf {basis.code} {basis.name}: " + ", ".join(
        f"{t} {fmt.euro_kompakt(summe.get(s))}" for s, t in serien) + ".")
    return diagramm_mit_tabelle(IDs.DIAGRAMM, f"Zuschussbedarf je Jahr und Betragsart{teil}", fig, satz,
                                tabelle(kopf, reihen, "Zuschussbedarf in Euro", id=f"{IDs.DIAGRAMM}-tabelle"))


def _vergleich(titel: str, alt: float, neu: float, art: str = "euro") -> list:
    if art == "prozent":
        differenz = fmt.prozent(neu - alt, 2, vorzeichen=True).replace("%", "Pp.") if pd.notna(alt) and pd.notna(
            neu) else fmt.LEER
        return [titel, fmt.prozent(alt, 2), fmt.prozent(neu, 2), differenz]
    zeigen = fmt.euro if art == "euro" else (lambda w: fmt.LEER if pd.isna(w) else f"{fmt.zahl(w, 2)}\u00a0€")
    differenz = neu - alt if pd.notna(alt) and pd.notna(neu) else math.nan
    vorzeichen = "+" if pd.notna(differenz) and differenz > 0 else ""
    return [titel, zeigen(alt), zeigen(neu), vorzeichen + zeigen(differenz) if pd.notna(differenz) else fmt.LEER]


def wennergebnis_karte(basis: hb.Beratungstabelle, w: hb.Wennergebnis) -> html.Section:
    """The result box of a what-if: old, new and difference of each arithmetic consequence."""
    knoten = f"{hb.EBENEN[basis.ebene]} {basis.code}"
    reihen = [
        _vergleich(f"{basis.titel(w.spalte)} {w.code}", w.betrag_alt, w.betrag_neu),
        _vergleich("je Einwohner", w.je_einwohner_alt, w.je_einwohner_neu, "cent"),
        _vergleich(f"je Einwohner der Zielgruppe ({w.zielgruppe})", w.je_zielgruppe_alt, w.je_zielgruppe_neu, "cent"),
        _vergleich(f"je Fall ({w.fallzahl_name}, Jahresmittel {w.fallzahl_jahr}: {fmt.zahl(w.fallzahl, 0)})"
                   if w.fallzahl_name else "je Fall (keine Fallzahl zugeordnet)", w.je_fall_alt, w.je_fall_neu),
        _vergleich(f"Summe {knoten}", w.knoten_alt, w.knoten_neu),
        _vergleich(f"Anteil an {knoten}", w.anteil_alt, w.anteil_neu, "prozent"),
        _vergleich("Σ Zuschussbedarf aller Produkte (Gesamtergebnis)", w.gesamt_alt, w.gesamt_neu),
    ]
    kopf = [Spalte("Größe"), Spalte("bisher", True), Spalte("mit Änderung", True), Spalte("Veränderung", True)]
    return html.Section(dbc.Card([
        dbc.CardHeader(html.H3(WAS_WAERE_WENN, className="h6 mb-0")),
        dbc.CardBody([
            html.P([html.Strong(f"{w.code} {w.name}: "),
                    f"{basis.titel(w.spalte)} {'+' if w.aenderung > 0 else ''}{fmt.euro(w.aenderung)} "
                    f"({fmt.prozent(w.aenderung / abs(w.betrag_alt) if w.betrag_alt else None, 2, vorzeichen=True)}); "
                    f"Σ Zuschussbedarf aller Produkte {fmt.prozent(w.gesamt_veraenderung, 2, vorzeichen=True)}."],
                   className="mb-2"),
            tabelle(kopf, reihen, "Rechnerische Folgen der Änderung"),
            html.P("Reine Rechnung mit den erfassten Beträgen und Zahlen. Sie sagt nichts darüber, wie sich "
                   "Fallzahlen, Wirkungen oder Ziele verändern würden, und wird nirgends gespeichert – nur in der "
                   "Adresse dieser Seite, damit sie sich teilen lässt.",
                   className="small text-body-secondary mt-2 mb-0"),
        ]),
    ], className="border-warning"), id=IDs.WENN_ERGEBNIS, **{"aria-label": WAS_WAERE_WENN})


def _wennkarte(basis: hb.Beratungstabelle, parameter: Mapping[str, str]) -> dbc.Card:
    code, euro, prozent, fehler = wenn_lesen(parameter)
    optionen = [{"label": f"{p['code']} {p['name']}", "value": p["code"]} for _, p in basis.produkte.iterrows()]
    ergebnis = None
    if code is not None and fehler is None:
        try:
            ergebnis = wennergebnis_karte(basis, hb.was_waere_wenn(basis, code, euro, prozent))
        except ValueError as grund:
            fehler = str(grund)
    einheit = "prozent" if prozent is not None or parameter.get("einheit") == "prozent" else "euro"
    wert = _zahltext(prozent if prozent is not None else euro) if (euro is not None or prozent is not None) else ""
    return dbc.Card([
        dbc.CardHeader(html.H2("Was wäre, wenn …", className="h5 mb-0")),
        dbc.CardBody([
            html.P(f"Betrag eines Produkts ({basis.bezugstitel}) ändern und die rechnerischen Folgen sehen. Die "
                   "Änderung steht nur in der Adresse der Seite und wird nie in den Haushalt geschrieben.",
                   className="small text-body-secondary"),
            dbc.Row([
                dbc.Col([dbc.Label("Produkt", html_for=IDs.WENN_PRODUKT),
                         dbc.Select(id=IDs.WENN_PRODUKT, value=code or "", options=[
                             {"label": "bitte wählen", "value": ""}, *optionen])], md=5),
                dbc.Col([dbc.Label("Änderung (z. B. -250.000 oder -5)", html_for=IDs.WENN_BETRAG),
                         dbc.Input(id=IDs.WENN_BETRAG, value=wert, inputMode="decimal", maxLength=20,
                                   autoComplete="off")], md=3),
                dbc.Col([dbc.Label("Einheit", html_for=IDs.WENN_EINHEIT),
                         dbc.Select(id=IDs.WENN_EINHEIT, value=einheit,
                                    options=[{"label": "Euro", "value": "euro"},
                                             {"label": "Prozent", "value": "prozent"}])], md=2),
                dbc.Col(dbc.Button("Berechnen", id=IDs.WENN_RECHNEN, color="primary", n_clicks=0), md="auto",
                        className="align-self-end"),
            ], className="g-2 mb-2"),
            html.Div(dbc.Alert(fehler, color="danger", className="py-2") if fehler else None, id=IDs.WENN_MELDUNG,
                     role="status"),
            ergebnis,
        ]),
    ], className="mb-4")


# ---------------------------------------------------------------------------------------------------
# Page contract
# ---------------------------------------------------------------------------------------------------


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The Haushaltsberatung of the node and draft year in the URL, with the what-if from the URL."""
    mit_entwurf = darf_entwurf()
    basis, hinweise = _tabelle(fabrik, einstellungen, parameter, mit_entwurf)
    kopf = [brotkrumen([("Cockpit", links.cockpit()), ("Haushaltsberatung", None)]),
            html.H1("Haushaltsberatung", className="h2")]
    if basis is None:
        return html.Div([*kopf, hinweisleiste(hinweise),
                         html.P("Es sind keine Haushaltsbeträge erfasst.", className="text-body-secondary")])
    hinweise = hinweise + basis.hinweise
    abfrage = adresse(basis.ebene, basis.code, basis.jahr_entwurf)[len(PFAD):]
    return html.Div([
        _brotkrumen(fabrik, basis),
        html.H1([f"Haushaltsberatung {basis.jahr_entwurf}: ",
                 html.Span(f"{basis.code} ", className="text-body-secondary"), basis.name], className="h2"),
        html.P(f"{hb.EBENEN[basis.ebene]}: "
               + (f"Entwurf {basis.jahr_entwurf} gegen " if basis.mit_entwurf else "")
               + f"Ansatz, fortgeschriebener Ansatz und Prognose {basis.jahr_n} und die Ergebnisse "
               f"{basis.jahr_n - 2} und {basis.jahr_n - 1}; daneben die Ziele und der Verlauf ihrer Kennzahlen.",
               className="text-body-secondary"),
        links.haushaltsverweise(basis.code, basis.ebene, None, ohne="beratung")
        if basis.ebene != "handlungsfeld" else None,
        _auswahlleiste(fabrik, basis.ebene, basis.code, basis.jahr_entwurf),
        html.P(dcc.Link(f"Versionen {basis.jahr_entwurf} von der Anmeldung bis zum Beschluss, Veränderungsliste und "
                        "Haushaltssicherung", href=f"/haushaltsberatung/versionen?jahr={basis.jahr_entwurf}"
                        + (f"&code={basis.code}" if basis.ebene in ("produktbereich", "produktgruppe") else "")),
               className="mb-3"),
        hinweisleiste(hinweise),
        _entwurfshinweis(basis, einstellungen.entwurf_eingeschraenkt),
        _karten(basis),
        _erlaeuterung(basis),
        _tabellenkarte(basis, abfrage),
        _wennkarte(basis, parameter),
        _diagramm(basis),
    ], id="haushaltsberatung-seite")


def validierungslayout() -> list:
    """Placeholders of the page's IDs for Dash's callback validation."""
    return [dbc.Select(id=IDs.JAHR), dbc.Select(id=IDs.HANDLUNGSFELD), dbc.Select(id=IDs.BEREICH),
            dbc.Select(id=IDs.WENN_PRODUKT), dbc.Input(id=IDs.WENN_BETRAG), dbc.Select(id=IDs.WENN_EINHEIT),
            dbc.Button(id=IDs.WENN_RECHNEN), html.Div(id=IDs.WENN_MELDUNG)]



def wenn_in_url(bisher: str | None, produkt: str | None, betrag: str | None, einheit: str | None):
    """(new query string or no_update, message) for the what-if form: German error when the input is wrong."""
    if not produkt:
        return no_update, dbc.Alert("Bitte ein Produkt wählen.", color="danger", className="py-2")
    text = (betrag or "").strip()
    if einheit == "prozent" and not text.endswith("%"):
        text += "%"
    try:
        euro, prozent = hb.aenderung_lesen(text)
    except ValueError as fehler:
        return no_update, dbc.Alert(str(fehler), color="danger", className="py-2")
    if euro is not None and abs(euro) > 1e12:
        return no_update, dbc.Alert("Die Änderung ist zu groß (höchstens ±1 Billion Euro).", color="danger",
                                    className="py-2")
    zahl = prozent if prozent is not None else euro
    suche = neue_suche(bisher, wenn=produkt[:20], um=_zahltext(zahl),
                       einheit="prozent" if prozent is not None else "euro")
    return (no_update if suche == (bisher or "") else suche), None


def callbacks_registrieren(app, url_id: str) -> None:
    """Selections and the what-if into the URL (right lesen); the router redraws the page from it."""

    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(IDs.JAHR, "value"), Input(IDs.JAHR, "id"),
                  State(url_id, "search"), prevent_initial_call=True, recht="lesen")
    def jahr(wert, _id, bisher):
        if gerade_gezeichnet():
            return no_update
        suche = neue_suche(bisher, jahr=wert)
        return no_update if suche == (bisher or "") else suche

    for komponente, ebene in ((IDs.HANDLUNGSFELD, "handlungsfeld"), (IDs.BEREICH, "produktbereich")):
        @app.callback(Output(url_id, "search", allow_duplicate=True), Input(komponente, "value"),
                      Input(komponente, "id"), State(url_id, "search"), prevent_initial_call=True, recht="lesen")
        def knoten(wert, _id, bisher, _ebene=ebene):
            if not wert or gerade_gezeichnet():
                return no_update
            suche = neue_suche(bisher, ebene=_ebene, code=wert, wenn=None, um=None, einheit=None)
            return no_update if suche == (bisher or "") else suche

    @app.callback(Output(url_id, "search", allow_duplicate=True), Output(IDs.WENN_MELDUNG, "children"),
                  Input(IDs.WENN_RECHNEN, "n_clicks"), State(IDs.WENN_PRODUKT, "value"),
                  State(IDs.WENN_BETRAG, "value"), State(IDs.WENN_EINHEIT, "value"), State(url_id, "search"),
                  prevent_initial_call=True, recht="lesen")
    def rechnen(klick, produkt, betrag, einheit, bisher):
        if not klick:  # the button was drawn anew with the page, not clicked
            return no_update, no_update
        return wenn_in_url(bisher, produkt, betrag, einheit)
