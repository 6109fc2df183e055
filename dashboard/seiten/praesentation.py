"""Presentation mode for the controlling meeting: one Handlungsfeld, slide by slide, in large type.

URL: ``/praesentation/HF5?jahr=2026&quartal=3&folie=3``. Slide 1 is the field, then one slide per goal in tree
order, last "Offene Maßnahmen und Beschlussvorschläge" (``kennzahlen.praesentation``). The slide number lives in
the URL, so a link opens exactly that slide. The page root carries the class ``praesentation`` (CSS in
``assets/praesentation.css`` hides header and footer and enlarges the type) and the addresses of the first,
previous, next and last slide and of the Handlungsfeld page as data attributes, which
``assets/praesentation.js`` uses for the keyboard (→ ← PageUp PageDown Space Home End Escape) and to announce
the slide to screen readers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import hinweisleiste, periode_waehlen
from dashboard.figuren.handlungsfeld import kurz
from dashboard.figuren.praesentation import zielerreichung_figur
from dashboard.komponenten import (
    Spalte,
    datentabelle,
    diagramm_mit_tabelle,
    kennzahlkarte,
    prozent_zelle,
    statusbadge,
    statusfelder,
    tabelle,
)
from dashboard.seiten.handlungsfeld import ZIELEBENEN, gradtext, nicht_gefunden, statusbadge_aus, wert, zielwerttext
from kennzahlen import formate as fmt
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode, ist_bezeichnung, stichtagstext
from kennzahlen.praesentation import Folie, Praesentation, praesentation

PFAD = "/praesentation/{code}"
TITEL = "Präsentation"

OBJEKTARTEN = {"ziel": "Ziel", "kennzahl": "Kennzahl", "produkt": "Produkt"}
TASTENHILFE = "Tasten: → ← blättern · Pos1/Ende · Esc beendet"
TASTENHILFE_LANG = ("Tastatur: Pfeil rechts, Bild ab oder Leertaste: nächste Folie; Pfeil links oder Bild auf: vorige "
                    "Folie; Pos1 und Ende: erste und letzte Folie; Escape beendet die Präsentation.")


class IDs:
    """Component IDs of this page."""

    WURZEL = "praesentation"
    KOPF = "praesentation-kopf"
    TITEL = "praesentation-titel"
    ZURUECK = "praesentation-zurueck"
    WEITER = "praesentation-weiter"
    POSITION = "praesentation-position"
    ENDE = "praesentation-ende"
    DIAGRAMM = "praesentation-diagramm"
    KENNZAHLEN = "praesentation-kennzahlen"
    BEGRUENDUNGEN = "praesentation-begruendungen"
    MASSNAHMEN = "praesentation-massnahmen"
    BESCHLUESSE = "praesentation-beschluesse"


adresse = links.praesentation
"""The address of a view of this page (``links.praesentation``)."""


def folie_lesen(roh: str | None, anzahl: int) -> tuple[int, str | None]:
    """(slide number, German hint) from the URL parameter ``folie``; anything but 1 … anzahl gives slide 1 and
    a hint saying what was wrong and what is allowed."""
    if roh is None or roh.strip() == "":
        return 1, None
    text = roh.strip()
    if text.isdigit() and 1 <= int(text) <= anzahl:
        return int(text), None
    return 1, (f"Eine Folie „{roh}“ gibt es in dieser Präsentation nicht (erlaubt: 1 bis {anzahl}); "
               "gezeigt wird Folie 1.")


# ---------------------------------------------------------------------------------------------------
# The chart: Zielerreichung per Kennzahl (or per sub-goal), one calm bar chart for a projector
# ---------------------------------------------------------------------------------------------------


def _diagramm(titel: str, zeilen: pd.DataFrame, satzanfang: str) -> html.Div:
    """The bar chart with its sentence for screen readers and its table view (names, grade, status)."""
    satz = satzanfang + " " + "; ".join(
        f"{r.name_lang}: {gradtext(r.grad)}, {r.status_text}" for r in zeilen.itertuples(index=False)) + "."
    tabellenzeilen = [{"name": r.name_lang, "grad": prozent_zelle(r.grad), **statusfelder(r._asdict())}
                      for r in zeilen.itertuples(index=False)]
    t = datentabelle(f"{IDs.DIAGRAMM}-tabelle",
                     [Spalte("Kennzahl oder Ziel", feld="name", breite=260), Spalte("Zielerreichung", True, "grad",
                                                                                     "prozent"),
                      Spalte("Status", feld="status", format="status")],
                     tabellenzeilen, titel)
    return html.Div(diagramm_mit_tabelle(IDs.DIAGRAMM, titel, zielerreichung_figur(zeilen), satz, t),
                    className="praesentation-diagramm")


# ---------------------------------------------------------------------------------------------------
# Slides
# ---------------------------------------------------------------------------------------------------


def _ueberschrift(text: str) -> html.H1:
    return html.H1(text, id=IDs.TITEL)


def _grossstatus(zeile, zusatz: str | None = None) -> html.P:
    return html.P([statusbadge_aus(zeile), html.Span(f"Zielerreichung {gradtext(zeile['grad'])}"),
                   html.Span(zusatz, className="praesentation-unterzeile") if zusatz else None],
                  className="praesentation-status")


def _feldfolie(p: Praesentation, code: str) -> list:
    f, g = p.feld, p.geld
    jahr = p.periode.jahr
    karten = dbc.Row([
        dbc.Col(kennzahlkarte(f"Ansatz {jahr}", fmt.euro_kompakt(g["ansatz"]), "Zuschussbedarf nach Beitragsanteil"),
                md=4),
        dbc.Col(kennzahlkarte(f"{ist_bezeichnung(p.periode, p.stichtag)}", fmt.euro_kompakt(g["ist_bis"]),
                              stichtagstext(p.stichtag)), md=4),
        dbc.Col(kennzahlkarte(f"Prognose {jahr}", fmt.euro_kompakt(g["prognose"]),
                              _abweichungstext(g["prognose"], g["ansatz"])), md=4),
    ], className="g-3 mb-4")
    zaehlung = tabelle(
        [Spalte("Status"), Spalte("Ziele", True), Spalte("steuerbare Kennzahlen", True)],
        [[statusbadge(s.symbol, s.bezeichnung, s.farbe, s.code), str(s.ziele), str(s.kennzahlen)]
         for s in p.statuszaehlung.itertuples(index=False)],
        "Anzahl der Ziele und steuerbaren Kennzahlen je Status",
    )
    ablauf = html.Ol([html.Li(dcc.Link(_kurztitel(fo), href=adresse(code, p.periode, fo.nummer)), value=str(fo.nummer),
                              className="praesentation-einzug" if fo.ziel is not None and pd.notna(fo.ziel["parent_id"])
                              else None)
                      for fo in p.folien[1:]], className="praesentation-ablauf")
    return [
        _ueberschrift(f"Handlungsfeld {f['name']}"),
        _grossstatus(f, f["beschreibung"] if isinstance(f.get("beschreibung"), str) else None),
        karten,
        dbc.Row([
            dbc.Col([html.H2("Status der Ziele und Kennzahlen"), zaehlung], lg=6),
            dbc.Col([html.H2("Ablauf"), ablauf], lg=6),
        ], className="g-4"),
    ]


def _kurztitel(fo: Folie) -> str:
    """'Z5.1 Ambulante vor stationären Hilfen zur …' for the agenda (the slide itself shows the whole name)."""
    return f"{fo.ziel['code']} {kurz(fo.ziel['name'], 48)}" if fo.ziel is not None else fo.titel


def _abweichungstext(prognose: float, ansatz: float) -> str:
    if pd.isna(prognose) or pd.isna(ansatz) or not ansatz:
        return "Jahresprognose"
    differenz = prognose - ansatz
    richtung = "über" if differenz > 0 else "unter"
    return f"{fmt.euro_kompakt(abs(differenz))} ({fmt.prozent(abs(differenz) / ansatz, 1)}) {richtung} dem Ansatz"


def _kennzahltabelle(kz: pd.DataFrame) -> html.Div:
    zeilen = []
    for _, k in kz.iterrows():
        ist = wert(k, "ist")
        if pd.isna(k["ist"]) and bool(k.get("nicht_geliefert", False)):
            ist = "⚠ nicht geliefert"
        einheit = k["einheit"] if len(k["einheit"] or "") > 9 else None
        name = [html.Span(k["code"], className="text-body-secondary me-2"), k["name"]]
        if einheit:
            name.append(html.Span(f" · {einheit}", className="praesentation-klein"))
        zeilen.append([name, ist, zielwerttext(k), statusbadge_aus(k)])
    return html.Div(tabelle([Spalte("Kennzahl"), Spalte("Ist", True), Spalte("Ziel", True), Spalte("Status")],
                            zeilen, "Kennzahlen des Ziels mit Ist, Ziel und Status"), id=IDs.KENNZAHLEN)


def _unterzieltabelle(unter: pd.DataFrame, p: Praesentation, code: str) -> html.Div:
    nummern = {fo.ziel["code"]: fo.nummer for fo in p.folien if fo.ziel is not None}
    zeilen = [[dcc.Link(f"{u['code']} {u['name']}", href=adresse(code, p.periode, nummern[u["code"]]))
               if u["code"] in nummern else f"{u['code']} {u['name']}",
               gradtext(u["grad"]), statusbadge_aus(u)] for _, u in unter.iterrows()]
    return tabelle([Spalte("Unterziel"), Spalte("Zielerreichung", True), Spalte("Status")], zeilen,
                   "Unterziele mit Zielerreichung und Status")


def _objekt(r) -> str:
    return f"{OBJEKTARTEN.get(r['objektart'], r['objektart'])} {r['objekt_code']}"


def _begruendungen(fo: Folie, periode: Periode) -> html.Div:
    if fo.begruendungen.empty:
        inhalt = [html.P(f"Keine Abweichungsbegründung für {periode.lang}.", className="praesentation-leer")]
    else:
        inhalt = [html.Ul([html.Li([html.Strong(f"{_objekt(r)}: "), r["text"],
                                    html.Span(f" ({r['autor']})", className="praesentation-klein")])
                           for _, r in fo.begruendungen.iterrows()])]
    return html.Div([html.H2(f"Abweichungsbegründungen {periode.kurz}"), *inhalt], id=IDs.BEGRUENDUNGEN)


def _massnahme(r) -> html.Li:
    frist = r["frist"] if isinstance(r["frist"], dt.date) else None
    teile = [f"verantwortlich: {r['verantwortlich'] or 'nicht benannt'}",
             f"Frist {fmt.datum(frist) if frist else 'keine'}", r["status_text"]]
    return html.Li([
        html.Strong(f"{_objekt(r)}: "), r["text"],
        html.Div([" · ".join(teile), html.Strong(" · ⚠ Frist überschritten") if bool(r["ueberfaellig"]) else None],
                 className="praesentation-klein"),
    ])


def _massnahmenliste(m: pd.DataFrame, leer: str) -> list:
    if m.empty:
        return [html.P(leer, className="praesentation-leer")]
    return [html.Ul([_massnahme(r) for _, r in m.iterrows()])]


def _zielfolie(p: Praesentation, fo: Folie, code: str) -> list:
    z = fo.ziel
    ebene = ZIELEBENEN.get(z["ebene"], z["ebene"])
    oben = [fo_.ziel for fo_ in p.folien if fo_.ziel is not None and fo_.ziel["id"] == z.get("parent_id")]
    unterzeile = f"{ebene[:1].upper()}{ebene[1:]}" + (f", Teil von Ziel {oben[0]['code']}" if oben else "")
    links_teil, diagramm = [], None
    if len(fo.kennzahlen):
        links_teil += [html.H2(f"Kennzahlen ({len(fo.kennzahlen)})"), _kennzahltabelle(fo.kennzahlen)]
        zeilen = fo.kennzahlen.assign(beschriftung=list(fo.kennzahlen["code"]),
                                      name_lang=[f"{k.code} {k.name}" for k in fo.kennzahlen.itertuples(index=False)])
        diagramm = _diagramm("Zielerreichung je Kennzahl", zeilen,
                             f"Balkendiagramm der Zielerreichung der {len(zeilen)} Kennzahlen von Ziel {z['code']}, "
                             "Ziel = 100 %:")
    if len(fo.unterziele):
        links_teil += [html.H2(f"Unterziele ({len(fo.unterziele)})"), _unterzieltabelle(fo.unterziele, p, code)]
        if diagramm is None:
            namen = [f"{u.code} {u.name}" for u in fo.unterziele.itertuples(index=False)]
            zeilen = fo.unterziele.assign(beschriftung=list(fo.unterziele["code"]), name_lang=namen)
            diagramm = _diagramm("Zielerreichung je Unterziel", zeilen,
                                 f"Balkendiagramm der Zielerreichung der {len(zeilen)} Unterziele von Ziel {z['code']},"
                                 " Ziel = 100 %:")
    if not links_teil:
        links_teil = [html.P("Diesem Ziel sind keine Kennzahlen zugeordnet; es kann nicht bewertet werden.",
                             className="praesentation-leer")]
    return [
        _ueberschrift(fo.titel),
        _grossstatus(z, unterzeile),
        dbc.Row([dbc.Col(links_teil, lg=8), dbc.Col(diagramm, lg=4)], className="g-4 mb-1"),
        dbc.Row([
            dbc.Col(_begruendungen(fo, p.periode), lg=6),
            dbc.Col(html.Div([html.H2("Maßnahmen"), *_massnahmenliste(
                fo.massnahmen, "Keine offene und keine in dieser Periode beschlossene Maßnahme.")],
                id=IDs.MASSNAHMEN), lg=6),
        ], className="g-4"),
    ]


def _schlussfolie(p: Praesentation, fo: Folie) -> list:
    vorschlaege = (html.Ol([html.Li(v) for v in p.beschlussvorschlaege]) if p.beschlussvorschlaege else
                   html.P("Keine Beschlussvorschläge: Jedes Ziel ohne Unterziele, das unter Plan liegt, hat eine "
                          "offene Maßnahme, und keine Frist ist überschritten.", className="praesentation-leer"))
    return [
        _ueberschrift(fo.titel),
        dbc.Row([
            dbc.Col(html.Div([html.H2(f"Offene Maßnahmen ({len(fo.massnahmen)})"),
                              *_massnahmenliste(fo.massnahmen, "Keine offenen Maßnahmen in diesem Handlungsfeld.")],
                             id=IDs.MASSNAHMEN), lg=6),
            dbc.Col(html.Div([html.H2("Beschlussvorschläge"), vorschlaege], id=IDs.BESCHLUESSE), lg=6),
        ], className="g-4"),
    ]


def _steuerung(code: str, p: Praesentation, nummer: int) -> html.Nav:
    def knopf(text: str, ziel: int, id_: str):
        if 1 <= ziel <= p.anzahl and ziel != nummer:
            return dcc.Link(text, href=adresse(code, p.periode, ziel), id=id_, className="btn btn-primary btn-lg")
        return html.Span(text, id=id_, className="btn btn-outline-secondary btn-lg disabled",
                         **{"aria-disabled": "true"})

    return html.Nav([
        knopf("◀ Zurück", nummer - 1, IDs.ZURUECK),
        html.Span(f"Folie {nummer} von {p.anzahl}", id=IDs.POSITION, className="praesentation-position"),
        knopf("Weiter ▶", nummer + 1, IDs.WEITER),
        html.Span(TASTENHILFE, className="praesentation-tastenhilfe", title=TASTENHILFE_LANG),
        dcc.Link("Präsentation beenden", href=links.handlungsfeld(code, p.periode), id=IDs.ENDE,
                 className="btn btn-outline-primary btn-lg ms-auto"),
        html.P(TASTENHILFE_LANG, className="visually-hidden"),
    ], className="praesentation-steuerung", **{"aria-label": "Folien der Präsentation"})


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Slide ``parameter['folie']`` of the presentation of Handlungsfeld ``parameter['code']`` for the period in
    the URL."""
    code = parameter.get("code", "")
    periode, _, hinweise = periode_waehlen(fabrik, einstellungen, parameter,
                                           verweis=lambda p: adresse(code, p, 1))
    p = praesentation(fabrik, code, periode, bewertungsregeln(fabrik, einstellungen), dt.date.today())
    if p is None:
        return nicht_gefunden("Handlungsfeld", code, periode)
    nummer, hinweis = folie_lesen(parameter.get("folie"), p.anzahl)
    if hinweis:
        hinweise.append(hinweis)
    fo = p.folie(nummer)
    if fo.art == "handlungsfeld":
        inhalt = _feldfolie(p, code)
    elif fo.art == "ziel":
        inhalt = _zielfolie(p, fo, code)
    else:
        inhalt = _schlussfolie(p, fo)
    daten = {
        "data-folie": str(nummer), "data-anzahl": str(p.anzahl),
        "data-ansage": f"Folie {nummer} von {p.anzahl}: {fo.titel}",
        "data-erste": adresse(code, periode, 1), "data-letzte": adresse(code, periode, p.anzahl),
        "data-zurueck": adresse(code, periode, max(1, nummer - 1)),
        "data-weiter": adresse(code, periode, min(p.anzahl, nummer + 1)),
        "data-ende": links.handlungsfeld(code, periode),
    }
    return html.Div(
        [
            html.P(f"Präsentation · Handlungsfeld {p.feld['name']} · {periode.lang}", id=IDs.KOPF,
                   className="praesentation-kopf"),
            hinweisleiste(hinweise),
            html.Section(inhalt, className="praesentation-folie", **{"aria-labelledby": IDs.TITEL}),
            _steuerung(code, p, nummer),
        ],
        id=IDs.WURZEL, className="praesentation", **daten,
    )


def validierungslayout() -> list:
    """This page has no callbacks of its own."""
    return []


def callbacks_registrieren(app, url_id: str) -> None:
    """No callbacks: every control is a link, the keyboard is handled by ``assets/praesentation.js``."""
