"""The Haushalt view as the Haushaltsplan shows it: the product hierarchy as a treemap sized by Zuschussbedarf
(or Aufwand) and marked by the status of the goals it serves, and for any node its Teilergebnisplan (lines
01–29, or Köln's 28) over the years, sum lines computed from the detail lines.

URL: ``/haushalt?jahr=2026&quartal=3&groesse=aufwand&betragsart=ergebnis&knoten=0605&jahre=alle``. Clicking a
tile writes ``knoten`` into the URL (right lesen). Drafts (version Entwurf) appear in the Teilergebnisplan only
for users that ``zugang.darf_entwurf_lesen`` allows, on the page and in its download.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren import haushalt as figuren
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, diagramm_mit_tabelle, euro_zelle, statusbadge
from dashboard.routing import abfrageparameter
from kennzahlen import formate as fmt
from kennzahlen import haushalt as hh
from kennzahlen import status as st
from kennzahlen import zugang
from kennzahlen.abfragen import ist_stichtag
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode

PFAD = "/haushalt"
TITEL = "Haushalt"
DOWNLOAD_PLAN = "haushalt-teilergebnisplan"
DOWNLOAD_BAUM = "haushalt-hierarchie"

BETRAGSARTEN = {"ansatz": "Ansatz", "ergebnis": "Ergebnis", "prognose": "Prognose"}
"""The amounts the treemap can show (URL ``betragsart``)."""
JAHRESSPANNE = {"nah": "Haushaltsjahr ± 3 Jahre", "alle": "alle Jahre"}
"""Which years the Teilergebnisplan shows (URL ``jahre``)."""
SPANNE = 3
EBENEN = {"gesamt": "Gesamthaushalt", "produktbereich": "Produktbereich", "produktgruppe": "Produktgruppe",
          "produkt": "Produkt"}


class IDs:
    """Component IDs of this page."""

    GROESSE = "haushalt-groesse"
    BETRAGSART = "haushalt-betragsart"
    JAHRE = "haushalt-jahre"
    TREEMAP = "haushalt-treemap"
    KNOTEN = "haushalt-knoten"
    PLAN = "haushalt-teilergebnisplan"
    PLANKARTE = "haushalt-plan"
    HINWEIS = "haushalt-hinweis"


# ---------------------------------------------------------------------------------------------------
# Reading the URL
# ---------------------------------------------------------------------------------------------------


def _wahl(parameter: Mapping[str, str], name: str, erlaubt: Mapping[str, str], standard: str,
          hinweise: list) -> str:
    roh = (parameter.get(name) or "").strip().lower()
    if not roh:
        return standard
    if roh in erlaubt:
        return roh
    hinweise.append(f"„{roh[:40]}“ ist kein gültiger Wert für „{name}“ (erlaubt: {', '.join(erlaubt)}); "
                    f"angezeigt wird {erlaubt[standard]}.")
    return standard


def auswahl(fabrik, einstellungen, parameter: Mapping[str, str]) -> tuple[Periode, list, list, str, str, str]:
    """(period, periods with data, hints, groesse, betragsart, jahre) from the URL; invalid values give hints."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter,
                                                    verweis=lambda p: adresse(p, parameter))
    groesse = _wahl(parameter, "groesse", hh.GROESSEN, "zuschuss", hinweise)
    betragsart = _wahl(parameter, "betragsart", BETRAGSARTEN, "ansatz", hinweise)
    jahre = _wahl(parameter, "jahre", JAHRESSPANNE, "nah", hinweise)
    return periode, verfuegbar, hinweise, groesse, betragsart, jahre


def adresse(periode: Periode | None, parameter: Mapping[str, str] | None = None, **neu) -> str:
    """'/haushalt?jahr=2026&quartal=3&knoten=0605': this view's address with the page's other choices kept."""
    werte = {k: v for k, v in (parameter or {}).items() if k in ("groesse", "betragsart", "jahre", "knoten") and v}
    werte.update({k: v for k, v in neu.items()})
    werte = {k: v for k, v in werte.items() if v not in (None, "")}
    basis = links.cockpit(periode)[1:] if periode is not None else ""
    abfrage = "&".join(t for t in (basis.lstrip("?"), urlencode(werte)) if t)
    return PFAD + ("?" + abfrage if abfrage else "")


def planjahre(fabrik, periode: Periode, spanne: str) -> list[int]:
    """The years of the Teilergebnisplan: the chosen year ± 3, or every year with amounts."""
    if spanne == "alle":
        return hh.haushaltsjahre(fabrik) or [periode.jahr]
    return list(range(periode.jahr - SPANNE, periode.jahr + SPANNE + 1))


def mit_entwurf(einstellungen) -> bool:
    """Whether the current user may see drafts (checked on the server for every page and download)."""
    return zugang.darf_entwurf_lesen(sicherheit.benutzer(), einstellungen.entwurf_eingeschraenkt)


def knoten_aus_klick(klick: Mapping | None, bisher: str | None) -> str | None:
    """The URL query after a click on a tile: ``knoten`` set to the tile, to its parent when the tile is the node
    shown at the top (Plotly zooms out then), removed for the root. None when nothing changes."""
    try:
        punkt = (klick or {})["points"][0]
    except (KeyError, IndexError, TypeError):
        return None
    knoten = punkt.get("id")
    daten = punkt.get("customdata") or []
    werte = abfrageparameter(bisher)
    if knoten and knoten == werte.get("knoten") and len(daten) >= 3:
        knoten = daten[2]
    if not isinstance(knoten, str) or knoten == hh.WURZEL:
        knoten = None
    if werte.get("knoten") == knoten:
        return None
    if knoten is None:
        werte.pop("knoten", None)
    else:
        werte["knoten"] = knoten
    return "?" + urlencode(werte) if werte else ""


# ---------------------------------------------------------------------------------------------------
# Tables as people read and download them
# ---------------------------------------------------------------------------------------------------


def betragstitel(groesse: str, betragsart: str, jahr: int) -> str:
    """'Zuschussbedarf Ansatz 2026'."""
    return f"{hh.GROESSEN[groesse]} {BETRAGSARTEN.get(betragsart, betragsart)} {jahr}"


def plantabelle(df: pd.DataFrame) -> pd.DataFrame:
    """The Teilergebnisplan with German headings, as downloaded: Zeile, Bezeichnung, Art, amounts in euro."""
    arten = {"ertrag": "Ertrag", "aufwand": "Aufwand", "summe": "Summe"}
    aus = pd.DataFrame({"Zeile": df["nummer"], "Bezeichnung": df["bezeichnung"], "Art": df["art"].map(arten)})
    for s in df.attrs.get("spalten", []):
        aus[s["titel"]] = df[s["titel"]].round(2)
    return aus


def baumtabelle(df: pd.DataFrame, titel: str) -> pd.DataFrame:
    """The treemap's nodes with German headings, as downloaded."""
    return pd.DataFrame({"Code": df["code"], "Bezeichnung": df["name"], "Ebene": df["ebene"].map(EBENEN),
                         "Übergeordnet": df["parent"].replace(hh.WURZEL, ""), f"{titel} (Euro)": df["betrag"].round(2),
                         "Zielstatus": df["zielstatus"], "Ziele": df["anzahl_ziele"]})


def _plan_aus_parametern(fabrik, einstellungen, parameter) -> tuple[pd.DataFrame, str | None]:
    periode, _, _, _, _, spanne = auswahl(fabrik, einstellungen, parameter)
    knoten = parameter.get("knoten") or None
    stichtag = ist_stichtag(fabrik, periode)
    return hh.teilergebnisplan(fabrik, knoten, planjahre(fabrik, periode, spanne), mit_entwurf(einstellungen),
                               stichtag), knoten


@tabelle_anmelden(DOWNLOAD_PLAN)
def _download_plan(fabrik, einstellungen, parameter) -> pd.DataFrame:
    try:
        df, _ = _plan_aus_parametern(fabrik, einstellungen, parameter)
    except ValueError:
        return pd.DataFrame({"Hinweis": [f"Ein Produkt mit dem Code „{parameter.get('knoten')}“ gibt es nicht."]})
    return plantabelle(df)


@tabelle_anmelden(DOWNLOAD_BAUM)
def _download_baum(fabrik, einstellungen, parameter) -> pd.DataFrame:
    periode, _, _, groesse, betragsart, _ = auswahl(fabrik, einstellungen, parameter)
    df = hh.hierarchie_mit_betraegen(fabrik, periode.jahr, groesse, betragsart, periode,
                                     bewertungsregeln(fabrik, einstellungen))
    return baumtabelle(df, betragstitel(groesse, betragsart, periode.jahr))


# ---------------------------------------------------------------------------------------------------
# Pieces of the page
# ---------------------------------------------------------------------------------------------------


def zusammenfassung(df: pd.DataFrame, titel: str) -> str:
    """One paragraph for screen readers: the total, the largest Produktbereiche with status, surpluses."""
    gesamt = df.iloc[0]
    if pd.isna(gesamt["betrag"]):
        return f"Für {titel} sind keine Haushaltsbeträge erfasst."
    bereiche = df[(df["parent"] == hh.WURZEL) & df["betrag"].notna()].sort_values("betrag", ascending=False)
    teile = [f"{titel} gesamt {fmt.euro_kompakt(gesamt['betrag'])} in {len(bereiche)} Produktbereichen"]
    for _, b in bereiche.head(5).iterrows():
        teile.append(f"{b['code']} {b['name']} {fmt.euro_kompakt(b['betrag'])} (Zielstatus {b['zielstatus']})")
    ueberschuss = df[df["ueberschuss"] & (df["ebene"] != "gesamt")]
    satz = "; ".join(teile) + "."
    if len(ueberschuss):
        satz += (f" {len(ueberschuss)} Knoten mit Überschuss (negativer Betrag) haben keine Fläche; "
                 "die Tabelle nennt sie.")
    return satz


def _baumkarte(df: pd.DataFrame, titel: str, knoten: str | None, periode: Periode,
               parameter: Mapping[str, str]) -> dbc.Card:
    start = _startebene(df, knoten)
    fig = figuren.haushalt_treemap(df, titel, start)
    zeilen = []
    for z in figuren.sichtbare_knoten(df, start or knoten, maxdepth=2).itertuples(index=False):
        zeile = {"knoten": z.name if z.ebene == "gesamt" else f"{z.code} {z.name}",
                 "knoten_href": adresse(periode, parameter, knoten=None if z.ebene == "gesamt" else z.code),
                 "ebene": EBENEN.get(z.ebene, z.ebene), "betrag": euro_zelle(z.betrag),
                 "status": z.zielstatus, "status_text": z.zielstatus, "status_symbol": z.status_symbol,
                 "status_farbe": z.status_farbe, "status_code": z.status_code, "status_rang": int(z.status_rang),
                 "ziele": int(z.anzahl_ziele)}
        if z.ueberschuss:
            zeile["betrag_zusatz"] = " (Überschuss)"
        zeilen.append(zeile)
    tabelle = datentabelle(IDs.KNOTEN, [
        Spalte("Knoten", feld="knoten", format="verweis", breite=260), Spalte("Ebene", feld="ebene"),
        Spalte(f"{titel} in Euro", True, "betrag", "euro", breite=150),
        Spalte("Zielstatus (schlechtester)", feld="status", format="status", breite=170),
        Spalte("Ziele", True, "ziele", "zahl")], zeilen,
        f"Produktbereiche und Produktgruppen mit {titel} und Zielstatus (alle Produkte im Download)")
    abfrage = adresse(periode, parameter)[len(PFAD):]
    return diagramm_mit_tabelle(IDs.TREEMAP, f"{titel} nach Produktbereichen und Produktgruppen", fig,
                                zusammenfassung(df, titel), tabelle, tabellenlinks(DOWNLOAD_BAUM, abfrage))


def _startebene(df: pd.DataFrame, knoten: str | None) -> str | None:
    """The node the treemap starts from: the chosen node when it has tiles below it, else its parent."""
    if not knoten:
        return None
    gezeichnet = df[df["flaeche"] > 0]
    if (gezeichnet["parent"] == knoten).any():
        return knoten
    eltern = df.loc[df["id"] == knoten, "parent"]
    return None if eltern.empty or eltern.iloc[0] in ("", hh.WURZEL) else eltern.iloc[0]


def legende() -> html.P:
    """What the colours mean, in words with symbols (the tiles name their status too)."""
    stufen = [statusbadge(s.symbol, s.bezeichnung, s.farbe, s.code) for s in st.stufen("ampel")]
    return html.P(["Farbe und Text jeder Fläche: schlechtester Status der Ziele, denen die Produkte dienen – ",
                   *stufen, statusbadge("–", hh.OHNE_ZIEL, hh.OHNE_ZIEL_FARBE, "ohne_ziel"),
                   ". Klick auf eine Fläche zeigt deren Teilergebnisplan."],
                  className="small text-body-secondary", id="haushalt-legende")


def _plankarte(fabrik, einstellungen, knoten: str, df_baum: pd.DataFrame, periode: Periode, spanne: str,
               parameter: Mapping[str, str]) -> dbc.Card:
    try:
        plan = hh.teilergebnisplan(fabrik, knoten, planjahre(fabrik, periode, spanne), mit_entwurf(einstellungen),
                                   ist_stichtag(fabrik, periode))
    except ValueError:
        return dbc.Alert([f"Einen Knoten mit dem Code „{knoten[:40]}“ gibt es in diesem Haushalt nicht. ",
                          dcc.Link("Zur Übersicht", href=adresse(periode, parameter, knoten=None),
                                   className="alert-link")], color="warning", id=IDs.PLANKARTE)
    nach_id = df_baum.set_index("id")
    kette, aktuell = [], knoten
    while aktuell in nach_id.index and aktuell != hh.WURZEL and aktuell not in kette:
        kette.append(aktuell)
        aktuell = nach_id.loc[aktuell, "parent"]
    kette.reverse()
    stationen = [("Gesamthaushalt", adresse(periode, parameter, knoten=None))]
    stationen += [(f"{c} {nach_id.loc[c, 'name']}", adresse(periode, parameter, knoten=c)) for c in kette[:-1]]
    name = nach_id.loc[knoten, "name"] if knoten in nach_id.index else ""
    stationen.append((f"{knoten} {name}", None))
    ebene_code = nach_id.loc[knoten, "ebene"] if knoten in nach_id.index else "produkt"
    ebene = EBENEN.get(ebene_code, "")
    spalten = [Spalte("Zeile", feld="nummer", breite=80), Spalte("Bezeichnung", feld="bezeichnung", breite=280),
               Spalte("Art", feld="art_text", breite=100)]
    spalten += [Spalte(s["titel"], True, f"s{i}", "euro", breite=130) for i, s in enumerate(plan.attrs["spalten"])]
    zeilen = []
    for _, z in plan.iterrows():
        zeile = {"nummer": z["nummer"], "bezeichnung": z["bezeichnung"], "art": z["art"],
                 "art_text": {"ertrag": "Ertrag", "aufwand": "Aufwand", "summe": "Summe"}.get(z["art"], z["art"])}
        zeile.update({f"s{i}": euro_zelle(z[s["titel"]]) for i, s in enumerate(plan.attrs["spalten"])})
        zeilen.append(zeile)
    tabelle = datentabelle(IDs.PLAN, spalten, zeilen, f"Teilergebnisplan {knoten} {name} in Euro")
    grid = tabelle.children
    grid.getRowStyle = {"styleConditions": [
        {"condition": "params.data.art === 'summe'", "style": {"fontWeight": "700", "backgroundColor": "#f1f3f5"}}]}
    for definition in grid.columnDefs[:2]:
        definition["pinned"] = "left"
    grid.dashGridOptions = {**grid.dashGridOptions, "domLayout": "autoHeight"}  # 28/29 lines: no inner scrolling
    grid.style = {"height": None}
    abfrage = adresse(periode, parameter, knoten=knoten)[len(PFAD):]
    hinweise = [html.P(h, className="small text-warning-emphasis") for h in plan.attrs.get("hinweise", [])]
    if not plan.attrs["spalten"]:
        hinweise.append(html.P(f"Für {knoten} sind in diesen Jahren keine Haushaltsbeträge erfasst.",
                               className="small", role="status"))
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Teilergebnisplan {knoten} {name}", className="h5 mb-0")),
        dbc.CardBody([
            brotkrumen(stationen),
            html.P(f"{ebene} · Zeilenschema {plan.attrs['schema']}", className="small mb-1"),
            links.haushaltsverweise(knoten, ebene_code, periode, ohne="plan"),
            *hinweise,
            tabelle,
            html.P(["Erträge positiv, Aufwendungen negativ; ein negatives Ergebnis ist Zuschussbedarf. Summenzeilen "
                    "(fett, Art „Summe“) sind aus den Einzelzeilen berechnet. Herunterladen: ",
                    *tabellenlinks(DOWNLOAD_PLAN, abfrage)], className="small mt-2 mb-0"),
        ]),
    ], className="mb-4", id=IDs.PLANKARTE)


def _auswahlspalten(groesse: str, betragsart: str, spanne: str) -> list[dbc.Col]:
    def feld(id_: str, titel: str, wert: str, optionen: Mapping[str, str]) -> dbc.Col:
        optionen_ = [{"label": t, "value": w} for w, t in optionen.items()]
        return dbc.Col([dbc.Label(titel, html_for=id_), dbc.Select(id=id_, value=wert, options=optionen_)],
                       width="auto")

    return [feld(IDs.GROESSE, "Größe der Flächen", groesse, hh.GROESSEN),
            feld(IDs.BETRAGSART, "Betragsart", betragsart, BETRAGSARTEN),
            feld(IDs.JAHRE, "Jahre im Teilergebnisplan", spanne, JAHRESSPANNE)]


# ---------------------------------------------------------------------------------------------------
# Page contract
# ---------------------------------------------------------------------------------------------------


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The treemap of the year and kind in the URL and, with ``knoten``, that node's Teilergebnisplan."""
    periode, verfuegbar, hinweise, groesse, betragsart, spanne = auswahl(fabrik, einstellungen, parameter)
    knoten = (parameter.get("knoten") or "").strip() or None
    titel = betragstitel(groesse, betragsart, periode.jahr)
    baum = hh.hierarchie_mit_betraegen(fabrik, periode.jahr, groesse, betragsart, periode,
                                       bewertungsregeln(fabrik, einstellungen))
    if pd.isna(baum.iloc[0]["betrag"]):
        vorhanden = [BETRAGSARTEN[a] for a in hh.betragsarten_im_jahr(fabrik, periode.jahr) if a in BETRAGSARTEN]
        hinweise.append(f"Für {BETRAGSARTEN[betragsart]} {periode.jahr} sind keine Haushaltsbeträge erfasst"
                        + (f"; vorhanden: {', '.join(vorhanden)}." if vorhanden else "."))
    stationen = [("Cockpit", links.cockpit(periode)), ("Haushalt", None)]
    return html.Div([
        brotkrumen(stationen),
        html.H1(f"Haushalt {periode.jahr}", className="h2"),
        html.P("Die Produkthierarchie wie im Haushaltsplan: Flächen nach Geld, Farbe und Text nach dem Status der "
               "Ziele; für jeden Bereich der Teilergebnisplan über die Jahre.", className="text-body-secondary"),
        auswahlleiste(periode, verfuegbar, *_auswahlspalten(groesse, betragsart, spanne)),
        hinweisleiste(hinweise),
        legende(),
        _baumkarte(baum, titel, knoten, periode, parameter),
        _plankarte(fabrik, einstellungen, knoten, baum, periode, spanne, parameter) if knoten else
        html.P("Wählen Sie eine Fläche oder einen Knoten in der Tabelle, um seinen Teilergebnisplan zu sehen.",
               className="text-body-secondary", id=IDs.HINWEIS),
    ], id="haushalt-seite")


def validierungslayout() -> list:
    """Placeholders of the page's IDs for Dash's callback validation."""
    return [dbc.Select(id=IDs.GROESSE), dbc.Select(id=IDs.BETRAGSART), dbc.Select(id=IDs.JAHRE),
            dcc.Graph(id=IDs.TREEMAP)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Selectors into the URL; a click on a tile selects that node (right lesen)."""
    parameter_in_url(app, url_id, IDs.GROESSE, "groesse", ohne=("", "zuschuss"))
    parameter_in_url(app, url_id, IDs.BETRAGSART, "betragsart", ohne=("", "ansatz"))
    parameter_in_url(app, url_id, IDs.JAHRE, "jahre", ohne=("", "nah"))

    @app.callback(Output(url_id, "search", allow_duplicate=True), Input(IDs.TREEMAP, "clickData"),
                  State(url_id, "search"), prevent_initial_call=True, recht="lesen")
    def kachel_gewaehlt(klick, bisher):
        suche = knoten_aus_klick(klick, bisher)
        return no_update if suche is None else suche
