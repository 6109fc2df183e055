"""The Ziel view: its Kennzahlen with status and trend, its products with Zuschussbedarf and trend, the
cost per case and per case with outcome, and the comments and measures attached.

URL: ``/ziel/Z5.1?jahr=2026&quartal=3&betrag=ansatz`` (betrag: ansatz | ist | prognose). A strategic goal
also shows everything of its sub-goals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url
from dashboard.figuren.handlungsfeld import kurz
from dashboard.figuren.ziel import kennzahlverlauf, zuschussverlauf
from dashboard.komponenten import (
    Spalte,
    brotkrumen,
    datentabelle,
    diagramm_mit_tabelle,
    euro_zelle,
    kennzahlkarte,
    leere_grafik,
    leichte_sprache,
    offene_tabelle,
    prozent_zelle,
    statusfelder,
    zellwert,
)
from dashboard.seiten.handlungsfeld import (
    ZIELEBENEN,
    ansicht_parameter,
    betragsauswahl,
    betragshinweise,
    gradtext,
    ist_hinweise,
    kennzahltabelle,
    nicht_gefunden,
    regelbox,
    stand_text,
    statusbadge_aus,
)
from dashboard.seiten.kommentar import aktionsleiste
from kennzahlen import abfragen
from kennzahlen import formate as fmt
from kennzahlen import geldfluss as gf
from kennzahlen.abfragen.ziel import Zielansicht, zielansicht
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode

PFAD = "/ziel/{code}"
TITEL = "Ziel"

ZIELFELDER = {"ergebnisse": "Ergebnisse/Wirkungen", "programme": "Programme/Produkte",
              "prozesse": "Prozesse/Strukturen", "ressourcen": "Ressourcen"}
AUFGABEN = {"pflicht": "Pflicht", "pflicht_ermessen": "Pflicht (Ermessen)", "freiwillig": "freiwillig"}
KOMMENTARARTEN = {"abweichungsbegruendung": "Abweichungsbegründung", "massnahme": "Maßnahme", "hinweis": "Hinweis"}
MASSNAHMENSTATUS = {"offen": "offen", "in_umsetzung": "in Umsetzung", "umgesetzt": "umgesetzt",
                    "verworfen": "verworfen"}
OBJEKTARTEN = {"ziel": "Ziel", "kennzahl": "Kennzahl", "produkt": "Produkt"}


class IDs:
    """Component IDs of this page."""

    TITEL = "ziel-titel"
    STAND = "ziel-stand"
    BETRAG = "ziel-betrag"
    REGEL = "ziel-regel"
    STATUS = "ziel-status"
    SUMME = "ziel-summe"
    MASSNAHMEN = "ziel-massnahmen"
    UNTERZIELE = "ziel-unterziele"
    KENNZAHLEN = "ziel-kennzahlen"
    KENNZAHLVERLAUF = "ziel-kennzahlverlauf"
    PRODUKTE = "ziel-produkte"
    PRODUKTVERLAUF = "ziel-produktverlauf"
    KOSTEN = "ziel-kosten"
    KOMMENTARE = "ziel-kommentare"


def _wenn(wert) -> str | None:
    """A text value or None for NaN/None/blank (object columns carry NaN for SQL NULL)."""
    if wert is None or (not isinstance(wert, str) and pd.isna(wert)):
        return None
    text = str(wert).strip()
    return text or None


# ---------------------------------------------------------------------------------------------------
# Parts of the page
# ---------------------------------------------------------------------------------------------------


def _kopf(a: Zielansicht) -> list:
    z, p, art = a.ziel, a.periode, a.wahl.art
    krumen = [("Cockpit", links.cockpit(p)),
              (f"Handlungsfeld {z['handlungsfeld_name']}", links.handlungsfeld(z["handlungsfeld_code"], p, betrag=art))]
    if _wenn(z.get("parent_code")):
        krumen.append((f"{z['parent_code']} {kurz(z['parent_name'], 40)}", links.ziel(z["parent_code"], p, betrag=art)))
    krumen.append((f"Ziel {z['code']}", None))
    gueltig = " – ".join(fmt.datum(d) for d in (z.get("gueltig_von"), z.get("gueltig_bis")) if _gueltiges_datum(d))
    ebene = ZIELEBENEN.get(z["ebene"], z["ebene"])  # "operatives Ziel": only the first letter goes up
    meta = [f"{ebene[:1].upper()}{ebene[1:]} im Handlungsfeld {z['handlungsfeld_name']}",
            f"Zielfeld {ZIELFELDER.get(z['zielfeld'], z['zielfeld'])}"]
    if _wenn(z.get("organisationseinheit")):
        meta.append(f"verantwortlich: {z['organisationseinheit']}")
    if gueltig:
        meta.append(f"gültig {gueltig}")
    return [
        brotkrumen(krumen),
        html.Div([html.H1(f"Ziel {z['code']}: {z['name']}", className="h2 mb-0 me-3", id=IDs.TITEL),
                  statusbadge_aus(z)], className="d-flex flex-wrap align-items-center gap-2 mb-2"),
        html.P(" · ".join(meta), className="mb-1"),
        html.P(z["beschreibung"], className="mb-1") if _wenn(z.get("beschreibung")) else None,
        leichte_sprache(z.get("leichte_sprache"), "ziel-leichte-sprache"),
        html.P(stand_text(p, a.wahl), className="text-body-secondary", id=IDs.STAND),
        aktionsleiste("ziel", z["code"], p),
    ]


def _gueltiges_datum(wert) -> bool:
    return isinstance(wert, dt.date)


def _karten(a: Zielansicht) -> dbc.Row:
    z, kz = a.ziel, a.kennzahlen
    steuerbar = kz[kz["typ"] != "kontext"]
    bewertet = int(steuerbar["grad"].notna().sum())
    status = dbc.Card(dbc.CardBody([
        html.H2("Zielerreichung", className="h6 text-body-secondary mb-1"),
        html.P([statusbadge_aus(z), html.Span(f"Grad {gradtext(z['grad'])}", className="fw-semibold")],
               className="fs-5 mb-1"),
        html.P(f"{bewertet} von {len(steuerbar)} Kennzahlen bewertet"
               + (f"; {len(a.unterziele)} Unterziele fließen ein." if len(a.unterziele) else "."),
               className="small mb-0"),
    ]), className="h-100", id=IDs.STATUS)
    zugerechnet = a.ziel["betrag"]
    vergleich = (a.produkte["vergleich"] * a.produkte["anteil"]).sum(min_count=1)
    _, relativ = gf.veraenderung(zugerechnet, vergleich)
    zusatz = (f"dem Ziel nach Beitragsanteil zugerechnet; {fmt.prozent(relativ, 1, vorzeichen=True)} ggü. "
              f"{a.wahl.vergleich_bezeichnung} ({fmt.euro_kompakt(vergleich)})" if relativ is not None
              else "dem Ziel nach Beitragsanteil zugerechnet")
    geld = kennzahlkarte(f"Zuschussbedarf {a.wahl.bezeichnung}", fmt.euro_kompakt(zugerechnet), zusatz, IDs.SUMME)
    offen = a.kommentare[(a.kommentare["art"] == "massnahme")
                         & a.kommentare["massnahmenstatus"].isin(["offen", "in_umsetzung"])]
    massnahmen = kennzahlkarte("Offene Maßnahmen", str(len(offen)),
                               "offen oder in Umsetzung, unabhängig von der Periode (Liste unten)", IDs.MASSNAHMEN)
    return dbc.Row([dbc.Col(status, md=4), dbc.Col(geld, md=4), dbc.Col(massnahmen, md=4)], className="g-3 mb-4")


def _unterziele(a: Zielansicht) -> dbc.Card | None:
    if a.unterziele.empty:
        return None
    zeilen = [
        {"ziel": f"{u['code']} {u['name']}", "ziel_href": links.ziel(u["code"], a.periode, betrag=a.wahl.art),
         **statusfelder(u), "grad": prozent_zelle(u["grad"]),
         "kennzahlen": f"{int(u['anzahl_bewertet'])} von {int(u['anzahl_kennzahlen'])}",
         "betrag": euro_zelle(u["betrag"])}
        for _, u in a.unterziele.sort_values("code").iterrows()
    ]
    return dbc.Card([
        dbc.CardHeader(html.H2(f"Unterziele ({len(a.unterziele)})", className="h5 mb-0")),
        dbc.CardBody(offene_tabelle(
            IDs.UNTERZIELE,
            [Spalte("Ziel", feld="ziel", format="verweis", breite=260),
             Spalte("Status", feld="status", format="status"),
             Spalte("Grad", True, "grad", "prozent"), Spalte("Kennzahlen bewertet", True, "kennzahlen"),
             Spalte(f"Zuschussbedarf {a.wahl.bezeichnung}", True, "betrag", "euro")],
            zeilen, "Unterziele mit Status und zugerechnetem Zuschussbedarf")),
    ], className="mb-4")


def _kennzahlen(a: Zielansicht) -> list:
    kz = a.kennzahlen
    if kz.empty:
        return [dbc.Alert("Diesem Ziel sind keine Kennzahlen zugeordnet; es kann nicht bewertet werden.",
                          color="info", className="mb-4")]
    mehrere = len(a.unterziele) > 0
    t = kennzahltabelle(kz, a.periode, "Kennzahlen des Ziels mit Status und Entwicklung", IDs.KENNZAHLEN,
                        "ziel_code" if mehrere else None)
    gewichte = ", ".join(f"{k['code']}: {fmt.zahl(k['gewicht'], 1)}" for _, k in kz.iterrows())
    karte = dbc.Card([
        dbc.CardHeader(html.H2(f"Kennzahlen ({len(kz)})", className="h5 mb-0")),
        dbc.CardBody([t, html.P(f"Gewichte in der Verdichtung: {gewichte}.",
                                className="small text-body-secondary mt-2 mb-0")]),
    ], className="mb-4")
    steckbrief = kz.drop_duplicates("id")[["id", "code", "name", "einheit", "nachkommastellen", "richtung",
                                             "korridor_unten", "korridor_oben"]]
    if a.verlauf.empty:  # a sentence, not empty axes
        return [karte, leere_grafik(IDs.KENNZAHLVERLAUF, "Entwicklung der Kennzahlen gegen ihre Zielwerte",
                                    f"Keine Ist-Daten: Für die Kennzahlen dieses Ziels gibt es bis {a.periode.kurz} "
                                    f"noch keine Ist-Werte je {a.periode.art.capitalize()}. Die Entwicklung wird "
                                    "gezeichnet, sobald Ist-Werte vorliegen.")]
    fig = kennzahlverlauf(a.verlauf, a.zielwerte, steckbrief, a.periode.art)
    zeilen = []
    for _, k in steckbrief.iterrows():
        reihe = a.verlauf[a.verlauf["kennzahl_id"] == k["id"]]
        ziele = a.zielwerte[a.zielwerte["kennzahl_id"] == k["id"]].set_index("jahr")["zielwert"]
        einheit, stellen = k["einheit"], int(k["nachkommastellen"])
        for r in reihe.itertuples(index=False):
            p = Periode(int(r.jahr), a.periode.art, int(r.periode))
            zeilen.append({"kennzahl": f"{k['code']} {k['name']}", "periode": p.kurz, "einheit": einheit,
                           "stellen": stellen, "ist": zellwert(r.wert, einheit, stellen),
                           "zielwert": zellwert(ziele.get(int(r.jahr)), einheit, stellen)})
    erste = a.verlauf["jahr"].min() if len(a.verlauf) else a.periode.jahr
    satz = (f"Liniendiagramme der {len(steckbrief)} Kennzahlen des Ziels von {erste} bis {a.periode.kurz}, "
            "jeweils Ist je Periode gegen den Zielwert des Jahres. "
            + " ".join(f"{k['code']}: Ist {fmt.wert_mit_einheit(k['ist'], k['einheit'], int(k['nachkommastellen']))},"
                       f" Status {k['status_text']}." for _, k in kz.drop_duplicates("id").iterrows()))
    tabelle_ = datentabelle(f"{IDs.KENNZAHLVERLAUF}-tabelle",
                            [Spalte("Kennzahl", feld="kennzahl", breite=220), Spalte("Periode", feld="periode"),
                             Spalte("Ist", True, "ist", "wert"), Spalte("Zielwert", True, "zielwert", "wert")],
                            zeilen, "Ist und Zielwert je Periode")
    verlauf = diagramm_mit_tabelle(IDs.KENNZAHLVERLAUF, "Entwicklung der Kennzahlen gegen ihre Zielwerte", fig,
                                   satz, tabelle_)
    return [karte, verlauf]


def _produkte(a: Zielansicht) -> list:
    pr = a.produkte
    if pr.empty:
        return [dbc.Alert("Diesem Ziel sind keine Produkte zugeordnet: es ist nicht erkennbar, welches Geld "
                          "ihm dient.", color="info", className="mb-4")]
    w = a.wahl
    zeilen = []
    for _, p in pr.iterrows():
        _, relativ = gf.veraenderung(p["betrag"], p["vergleich"])
        zeilen.append({
            "produkt": f"{p['code']} {p['name']}", "produkt_href": links.produkt(p["code"], a.periode),
            "aufgabe": AUFGABEN.get(p["aufgabenart"], fmt.LEER), "anteil": prozent_zelle(p["anteil"]),
            "betrag": euro_zelle(p["betrag"]), "zugerechnet": euro_zelle(p["zugerechnet"]),
            "vergleich": euro_zelle(p["vergleich"]),
            "veraenderung": ("↑ " if relativ and relativ > 0 else "↓ " if relativ and relativ < 0 else "")
            + fmt.prozent(relativ, 1, vorzeichen=True),
        })
    summe = pr[["betrag", "zugerechnet", "vergleich"]].sum(min_count=1)
    t = offene_tabelle(
        IDs.PRODUKTE,
        [Spalte("Produkt", feld="produkt", format="verweis", breite=240), Spalte("Aufgabe", feld="aufgabe"),
         Spalte("Anteil", True, "anteil", "prozent"), Spalte(f"Zuschussbedarf {w.bezeichnung}", True, "betrag", "euro"),
         Spalte("dem Ziel zugerechnet", True, "zugerechnet", "euro"),
         Spalte(w.vergleich_bezeichnung, True, "vergleich", "euro"), Spalte("Veränderung", True, "veraenderung")],
        zeilen, f"Produkte des Ziels: Zuschussbedarf {w.bezeichnung} und Vergleich mit {w.vergleich_bezeichnung}",
        summe={"produkt": "Summe", "betrag": euro_zelle(summe["betrag"]),
               "zugerechnet": euro_zelle(summe["zugerechnet"]), "vergleich": euro_zelle(summe["vergleich"])},
    )
    karte = dbc.Card([
        dbc.CardHeader(html.H2(f"Produkte ({len(pr)}): Zuschussbedarf und Entwicklung", className="h5 mb-0")),
        dbc.CardBody([t, html.P(
            "Anteil = Beitragsanteil des Produkts an diesem Ziel"
            + (" (einschließlich Unterziele)" if len(a.unterziele) else "")
            + "; zugerechnet = Zuschussbedarf × Anteil. Veränderung: Zuschussbedarf des ganzen Produkts ggü. "
            + f"{w.vergleich_bezeichnung}.", className="small text-body-secondary mt-2 mb-0")]),
    ], className="mb-4")
    v = a.produktverlauf
    summen = v.groupby("bezeichnung", sort=False)["zugerechnet"].sum(min_count=1)
    satz = ("Gestapeltes Säulendiagramm des dem Ziel zugerechneten Zuschussbedarfs je Jahr und Produkt: "
            + "; ".join(f"{b}: {fmt.euro_kompakt(s)}" for b, s in summen.items()) + ".")
    zeilen_v = [{"jahr": r.bezeichnung, "produkt": f"{r.code} {r.name}", "betrag": euro_zelle(r.betrag),
                 "anteil": prozent_zelle(r.anteil), "zugerechnet": euro_zelle(r.zugerechnet)}
                for r in v.itertuples(index=False)]
    tabelle_v = datentabelle(f"{IDs.PRODUKTVERLAUF}-tabelle",
                             [Spalte("Jahr", feld="jahr"), Spalte("Produkt", feld="produkt", breite=220),
                              Spalte("Zuschussbedarf", True, "betrag", "euro"),
                              Spalte("Anteil", True, "anteil", "prozent"),
                              Spalte("zugerechnet", True, "zugerechnet", "euro")],
                             zeilen_v, "Zuschussbedarf je Jahr und Produkt in Euro")
    verlauf = diagramm_mit_tabelle(
        IDs.PRODUKTVERLAUF, f"Dem Ziel zugerechneter Zuschussbedarf je Jahr (Ergebnisse, zuletzt {w.bezeichnung})",
        zuschussverlauf(v), satz, tabelle_v,
    )
    return [karte, verlauf]


def fallkosten_zeilen(aktuell: pd.DataFrame, vorjahr: pd.DataFrame, periode: Periode) -> list[dict]:
    """Grid rows of the cost per case (``geldfluss.fallkosten``) of a view's products, with the year before."""
    vj = vorjahr.set_index("produkt_id")
    zeilen = []
    for _, r in aktuell.iterrows():
        einheit = _fallwort(r["fallzahl_einheit"])
        v = vj.loc[r["produkt_id"]] if r["produkt_id"] in vj.index else None
        # the year before on the same basis (Transferaufwand or Zuschussbedarf) as this year
        vorher = None if v is None else (v["je_fall"] if v["grundlage"] == r["grundlage"] else v["zuschuss_je_fall"]
                                          if r["grundlage"] == "zuschussbedarf" else None)
        zeile = {"produkt": f"{r['code']} {r['name']}", "produkt_href": links.produkt(r["code"], periode),
                 "fallzahl": f"{r['fallzahl_code']} {r['fallzahl_name']}",
                 "fallzahl_href": links.kennzahl(r["fallzahl_code"], periode),
                 "faelle": fmt.LEER if pd.isna(r["faelle"]) else
                 f"{fmt.zahl(r['faelle'], 0)} {r['fallzahl_einheit']} ({gf.FALLARTEN[r['fallart']]})",
                 "grundlage": gf.fallkosten_bezeichnung(r["grundlage"]), "betrag": euro_zelle(r["betrag"]),
                 "je_fall": euro_zelle(r["je_fall"]), "je_fall_zusatz": f" je {einheit}",
                 "vorjahr": euro_zelle(vorher),
                 "veraenderung": fmt.prozent(gf.veraenderung(r["je_fall"], vorher)[1], 1, vorzeichen=True),
                 "zuschuss": euro_zelle(r["zuschuss_je_fall"])}
        if isinstance(r.get("wirkung_code"), str):
            zeile.update(wirkung=euro_zelle(r["je_wirkungsfall"]),
                         wirkungsart=f"{r['wirkung_code']} ({fmt.zahl(r['wirkungsfaelle'], 0)} Fälle)"
                         if not pd.isna(r["wirkungsfaelle"]) else f"{r['wirkung_code']} (ohne Wert)")
        else:
            zeile.update(wirkung=None, wirkungsart="nicht definiert")
        zeilen.append(zeile)
    return zeilen


FALLKOSTEN_SPALTEN = [
    Spalte("Produkt", feld="produkt", format="verweis", breite=220),
    Spalte("Fallzahl (Kennzahl)", feld="fallzahl", format="verweis", breite=200),
    Spalte("Fälle", True, "faelle", breite=170), Spalte("Kosten je Fall bezogen auf", feld="grundlage"),
    Spalte("Betrag", True, "betrag", "euro"), Spalte("Kosten je Fall", True, "je_fall", "euro"),
    Spalte("Vorjahr", True, "vorjahr", "euro"), Spalte("Veränderung", True, "veraenderung"),
    Spalte("Zuschussbedarf je Fall", True, "zuschuss", "euro"),
    Spalte("je Fall mit Wirkung", True, "wirkung", "euro"), Spalte("Wirkung", feld="wirkungsart"),
]
"""Columns of the cost-per-case grid (Ziel and Produkt view)."""


def _kosten(a: Zielansicht, fabrik, stichtag: Periode | None) -> dbc.Card:
    from kennzahlen import effekte

    ids = [int(i) for i in a.produkte["produkt_id"]]
    stand_vj, stand = effekte.staende_zur_wahl(a.wahl, a.periode.jahr, stichtag)
    k = effekte.fallkosten_je_produkt(fabrik, stand, ids) if ids else pd.DataFrame()
    if k.empty:
        inhalt = [html.P("Für die Produkte dieses Ziels ist keine Fallzahl hinterlegt; Kosten je Fall oder je "
                         "Wirkung sind deshalb nicht definiert.", className="mb-0")]
    else:
        vj = effekte.fallkosten_je_produkt(fabrik, stand_vj, ids)
        wirkungen = k.dropna(subset=["wirkung_code"]).drop_duplicates("wirkung_code")
        erklaerung = (
            f"Betrag: {stand.bezeichnung}, Vorjahr: {stand_vj.bezeichnung}. {gf.FALLKOSTEN_DEFINITION} "
            "Zuschussbedarf je Fall: dasselbe mit dem Zuschussbedarf (Aufwand abzüglich Erträge) des ganzen "
            "Produkts. Je Fall mit Wirkung (Näherung) = Betrag ÷ (Fälle × Wirkungsquote derselben Art); die Quote "
            "kann sich auf eine andere Grundgesamtheit beziehen (Steckbrief der Kennzahl). Gemeldete Kennzahlen wie "
            "„Aufwand je Fall“ sind Werte zum Stichtag und können deshalb abweichen."
            + "".join(f" {r['wirkung_code']}: {r['wirkung_name']}." for _, r in wirkungen.iterrows())
        )
        inhalt = [
            datentabelle(IDs.KOSTEN, FALLKOSTEN_SPALTEN, fallkosten_zeilen(k, vj, a.periode),
                         f"Kosten je Fall ({stand.bezeichnung}) und je Fall mit Wirkung"),
            html.P(erklaerung, className="small text-body-secondary mt-2 mb-0"),
            html.P(dcc.Link("Mengen- und Preiseffekt dieser Produkte", href=f"/haushalt/effekte?basis="
                            f"{stand_vj.schluessel}&vergleich={stand.schluessel}"), className="small mt-1 mb-0"),
        ]
    return dbc.Card([dbc.CardHeader(html.H2("Kosten je Fall und je Wirkung", className="h5 mb-0")),
                     dbc.CardBody(inhalt)], className="mb-4")


FALLWOERTER = {"Fälle": "Fall", "Personen": "Person", "Kinder": "Kind", "Haushalte": "Haushalt"}


def _fallwort(einheit: str) -> str:
    return FALLWOERTER.get(einheit, "Fall")


def _objektlink(r, periode: Periode) -> dcc.Link:
    bauer = {"ziel": links.ziel, "kennzahl": links.kennzahl, "produkt": links.produkt}[r["objektart"]]
    return dcc.Link(f"{OBJEKTARTEN[r['objektart']]} {r['objekt_code']} {r['objekt_name']}",
                    href=bauer(r["objekt_code"], periode))


def _kommentar(r, periode: Periode, heute: dt.date) -> html.Li:
    art = KOMMENTARARTEN.get(r["art"], r["art"])
    zeilen = [
        html.Div([html.Strong(f"{art} "), html.Span("zu "), _objektlink(r, periode),
                  html.Span(f" · {Periode(int(r['jahr']), r['periodenart'], int(r['periode'])).kurz}",
                            className="text-body-secondary")]),
        html.P(r["text"], className="mb-1"),
    ]
    if r["art"] == "massnahme":
        frist = r["frist"] if isinstance(r["frist"], dt.date) else None
        status = r["massnahmenstatus"] if _wenn(r["massnahmenstatus"]) else None
        teile = [f"Verantwortlich: {_wenn(r['verantwortlich']) or 'nicht benannt'}",
                 f"Frist: {fmt.datum(frist) if frist else 'keine'}",
                 f"Status: {MASSNAHMENSTATUS.get(status, 'unbekannt') if status else 'unbekannt'}"]
        ueberfaellig = frist is not None and frist < heute and status in ("offen", "in_umsetzung")
        zeilen.append(html.P(
            [" · ".join(teile)] + ([html.Strong(" · ⚠ Frist überschritten", className="text-danger")]
                                   if ueberfaellig else []),
            className="small mb-1"))
    erstellt = r["erstellt_am"]
    datum = fmt.datum(erstellt.date() if isinstance(erstellt, dt.datetime) else None)
    zeilen.append(html.P(f"{r['autor']}, {datum}", className="small text-body-secondary mb-0"))
    return html.Li(zeilen, className="kommentar border-start border-3 ps-3 mb-3")


def _kommentare(a: Zielansicht, heute: dt.date | None = None) -> dbc.Card:
    heute = heute or dt.date.today()
    k = a.kommentare
    abschnitte = []
    for bezug, titel in (("periode", f"Zur Periode {a.periode.lang}"),
                         ("offen", "Offene Maßnahmen aus anderen Perioden"),
                         ("frueher", f"Frühere Kommentare {a.periode.jahr}")):
        teil = k[k["zeitbezug"] == bezug]
        if teil.empty:
            continue
        abschnitte += [html.H3(f"{titel} ({len(teil)})", className="h6 mt-2"),
                       html.Ul([_kommentar(r, a.periode, heute) for _, r in teil.iterrows()],
                               className="list-unstyled mb-2")]
    if not abschnitte:
        abschnitte = [html.P(f"Für {a.periode.lang} gibt es keine Abweichungsbegründungen, Hinweise oder offenen "
                             "Maßnahmen zu diesem Ziel, seinen Kennzahlen und Produkten.", className="mb-0")]
    return dbc.Card([
        dbc.CardHeader(html.H2("Abweichungsbegründungen und Maßnahmen", className="h5 mb-0")),
        dbc.CardBody(abschnitte),
    ], className="mb-4", id=IDs.KOMMENTARE)


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The Ziel ``parameter['code']`` for the period and Betragsart in the URL."""
    code = parameter.get("code", "")
    periode, verfuegbar, art, hinweise = ansicht_parameter(
        fabrik, einstellungen, parameter, lambda p, b: links.ziel(code, p, betrag=b))
    a = zielansicht(fabrik, code, periode, art, bewertungsregeln(fabrik, einstellungen))
    if a is None:
        return nicht_gefunden("Ziel", code, periode)
    if not a.produkte.empty:
        hinweise += betragshinweise(a.wahl, a.produkte["betrag"]) + ist_hinweise(fabrik, periode, a.wahl)
    return html.Div(
        [
            *_kopf(a),
            auswahlleiste(periode, verfuegbar, betragsauswahl(IDs.BETRAG, art)),
            hinweisleiste(hinweise),
            _karten(a),
            regelbox(a.regeln, IDs.REGEL),
            _unterziele(a),
            *_kennzahlen(a),
            *_produkte(a),
            _kosten(a, fabrik, abfragen.ist_stichtag(fabrik, periode) or periode),
            _kommentare(a),
        ]
    )


def validierungslayout() -> list:
    """Placeholder of the Betrag selector for Dash's callback validation."""
    return [dbc.Select(id=IDs.BETRAG)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write the chosen Betragsart into the URL (the router then redraws the page); needs the right "lesen".

    ``app`` is the registry of ``dashboard.sicherheit.Callbacks`` (every callback declares its right).
    """

    parameter_in_url(app, url_id, IDs.BETRAG, "betrag")
