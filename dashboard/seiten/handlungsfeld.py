"""The Handlungsfeld view: goal tree with rolled-up status, the field's money as a Sankey
(Produktbereich → Produkt → Ziel) and its Kennzahlen, steerable ones apart from Kontext.

URL: ``/handlungsfeld/HF5?jahr=2026&quartal=3&betrag=ansatz`` (betrag: ansatz | ist | prognose).
The helpers shared with the Ziel view (Betrag selector, rule box, trend cell, not-found page) are public
here so that ``dashboard.seiten.ziel`` can import them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import (
    auswahlleiste,
    hinweisleiste,
    ist_stichtag_hinweis,
    mit_parameter,
    parameter_in_url,
    periode_waehlen,
)
from dashboard.figuren.handlungsfeld import geldfluss_sankey, knotenname
from dashboard.komponenten import (
    Spalte,
    brotkrumen,
    datentabelle,
    diagramm_mit_tabelle,
    euro_zelle,
    kennzahlkarte,
    offene_tabelle,
    prozent_zelle,
    statusbadge,
    statusfelder,
    zellwert,
)
from kennzahlen import formate as fmt
from kennzahlen import geldfluss as gf
from kennzahlen import status as st
from kennzahlen.abfragen import ist_stichtag
from kennzahlen.abfragen.handlungsfeld import Handlungsfeldansicht, handlungsfeldansicht
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.cockpit import Bewertungsregeln
from kennzahlen.perioden import Periode

PFAD = "/handlungsfeld/{code}"
TITEL = "Handlungsfeld"

TYPEN = {"input": "Input", "output": "Output", "wirkung": "Wirkung", "prozess": "Prozess/Qualität",
         "kontext": "Kontext"}
ZIELEBENEN = {"strategisch": "strategisches Ziel", "operativ": "operatives Ziel"}


class IDs:
    """Component IDs of this page."""

    TITEL = "handlungsfeld-titel"
    STAND = "handlungsfeld-stand"
    BETRAG = "handlungsfeld-betrag"
    REGEL = "handlungsfeld-regel"
    STATUS = "handlungsfeld-status"
    SUMME = "handlungsfeld-summe"
    ZIELBAUM = "handlungsfeld-zielbaum"
    SANKEY = "handlungsfeld-sankey"
    KENNZAHLEN = "handlungsfeld-kennzahlen"
    KONTEXT = "handlungsfeld-kontext"


# ---------------------------------------------------------------------------------------------------
# Helpers shared with the Ziel view
# ---------------------------------------------------------------------------------------------------


def betragsauswahl(id_: str, art: str) -> dbc.Col:
    """A labelled native select for Ansatz, Ist or Prognose (URL parameter ``betrag``)."""
    return dbc.Col(
        [dbc.Label("Betrag", html_for=id_),
         dbc.Select(id=id_, value=art, options=[{"label": t, "value": w} for w, t in gf.BETRAGSARTEN.items()])],
        width="auto",
    )


def betrag_suchtext(bisher: str | None, betrag: str | None) -> str:
    """The URL query with ``betrag`` set (or removed when empty), every other parameter kept."""
    suche = mit_parameter(bisher, "betrag", betrag)
    return (bisher or "") if suche is None else suche


def ansicht_parameter(
    fabrik, einstellungen, parameter: Mapping[str, str], verweis: Callable[[Periode, str], str] | None = None
) -> tuple[Periode, list[Periode], str, list]:
    """(period, periods with data, Betragsart, German hints) from the URL parameters of a view.

    ``verweis(periode, betragsart)``: the view's address, to link the newest period with data when the chosen
    one has no Ist yet.
    """
    art, hinweis = gf.betragsart_pruefen(parameter.get("betrag"))
    periode, verfuegbar, hinweise = periode_waehlen(
        fabrik, einstellungen, parameter, verweis=(lambda p: verweis(p, art)) if verweis else None)
    if hinweis:
        hinweise.append(hinweis)
    return periode, verfuegbar, art, hinweise


def ist_hinweise(fabrik, periode: Periode, wahl: gf.Betragswahl) -> list[str]:
    """A hint when the chosen Ist amount ends before ``periode`` (the budget Ist reaches an earlier Stichtag)."""
    if wahl.spalte != "ist_bis":
        return []
    hinweis = ist_stichtag_hinweis(periode, ist_stichtag(fabrik, periode))
    return [hinweis] if hinweis else []


def schwellentext(regeln: Bewertungsregeln) -> str:
    """The thresholds of the configured scale in words, e.g. "erreicht ab 95 %, gefährdet ab 80 % …"."""
    s = regeln.schwellen
    if regeln.skala == "ampel":
        paare = [("erreicht", s.ampel_gruen), ("gefährdet", s.ampel_gelb)]
        unten = "nicht erreicht"
    else:
        paare = [("überplanmäßig erreicht", s.ueberplanmaessig), ("zur Gänze erreicht", s.zur_gaenze),
                 ("überwiegend erreicht", s.ueberwiegend), ("teilweise erreicht", s.teilweise)]
        unten = "nicht erreicht"
    teile = ", ".join(f"„{name}“ ab {fmt.prozent(wert, 0)}" for name, wert in paare)
    return f"Zielerreichungsgrad: {teile}, darunter „{unten}“."


def regelbox(regeln: Bewertungsregeln, id_: str) -> dbc.Alert:
    """The configured status scale, thresholds and roll-up rule in words (shown on every rated view)."""
    return dbc.Alert(
        [
            html.H2("So wird der Status berechnet", className="h6 mb-1"),
            html.P([
                f"{st.SKALEN[regeln.skala]} {schwellentext(regeln)} ",
                f"Verdichtung Kennzahl → operatives Ziel → strategisches Ziel → Handlungsfeld: "
                f"{st.REGELN[regeln.regel]} ",
                "Kontextkennzahlen beschreiben das Umfeld und werden nie bewertet; „keine Bewertung“ heißt: "
                "kein Ist oder kein Zielwert.",
            ], className="mb-0 small"),
        ],
        color="light", className="border mb-4", id=id_,
    )


def statusbadge_aus(zeile) -> html.Span:
    """The status badge of a row with status_symbol, status_text, status_farbe, status_code."""
    return statusbadge(zeile["status_symbol"], zeile["status_text"], zeile["status_farbe"], zeile["status_code"])


def gradtext(grad) -> str:
    """A Zielerreichungsgrad as percent ('87 %'), or a dash when not rated."""
    return fmt.LEER if grad is None or pd.isna(grad) else fmt.prozent(float(grad), 0)


def trendzelle(k, vergleich_spalte: str) -> str:
    """The change of a Kennzahl row's Ist against ``vergleich_spalte`` in words (arrow, amount, better/worse)."""
    return gf.trendtext(
        k["ist"], k[vergleich_spalte], k["einheit"], int(k["nachkommastellen"]), k["richtung"],
        k["korridor_unten"], k["korridor_oben"], bewerten=k["typ"] != "kontext",
    )


def nicht_gefunden(art: str, code: str, periode: Periode | None = None) -> html.Div:
    """An unknown code in the URL: say which ``art`` (neuter: "Handlungsfeld", "Ziel") was not found, link back.

    (``dashboard.seiten.nicht_gefunden.objekt`` writes "Eine …", which is wrong for neuter nouns.)
    """
    return html.Div(
        [
            brotkrumen([("Cockpit", links.cockpit(periode)), (f"{art} nicht gefunden", None)]),
            html.H1(f"{art} nicht gefunden", className="h2"),
            dbc.Alert(
                [html.P([f"Ein {art} mit dem Code ", html.Code(code or "(leer)", className="text-reset"),
                         " gibt es in dieser Datenbank nicht."], className="mb-1"),
                 html.P("Vielleicht wurde es umbenannt oder gelöscht, oder der Link ist unvollständig. "
                        "Im Cockpit finden Sie alle Handlungsfelder und Ziele.", className="mb-0")],
                color="warning",
            ),
            dcc.Link("Zurück zum Cockpit", href=links.cockpit(periode), className="btn btn-primary"),
        ],
        id="nicht-gefunden",
    )


def kennzahllink(k, periode: Periode) -> dcc.Link:
    """Link to the Kennzahl view: code and name."""
    return dcc.Link(f"{k['code']} {k['name']}", href=links.kennzahl(k["code"], periode))


KURZE_EINHEIT = 9
"""Units up to this length ('%', '€', 'Fälle', 'Haushalte') stand next to each value; longer ones
('je 1.000 EW unter 21') only once below the Kennzahl's name, so that tables stay narrow."""


def wert(k, spalte: str) -> str:
    """A value of a Kennzahl row, with its unit when that is short."""
    einheit = k["einheit"] if len(k["einheit"] or "") <= KURZE_EINHEIT else ""
    return fmt.wert_mit_einheit(k[spalte], einheit, int(k["nachkommastellen"]))


def kennzahlzelle(k, periode: Periode) -> list:
    """Link plus a muted line with type and unit."""
    zusatz = f"{TYPEN.get(k['typ'], k['typ'])} · Einheit: {k['einheit']}"
    return [kennzahllink(k, periode), html.Div(zusatz, className="small text-body-secondary")]


def zielwerttext(k) -> str:
    """Zielwert or Zielkorridor of a rated Kennzahl row (unit as in ``wert``)."""
    stellen = int(k["nachkommastellen"])
    if k["richtung"] == "zielkorridor" and pd.notna(k["korridor_unten"]) and pd.notna(k["korridor_oben"]):
        return f"{fmt.zahl(k['korridor_unten'], stellen)}–{wert(k, 'korridor_oben')}"
    return wert(k, "zielwert")


def _wertfelder(k, spalte: str) -> dict:
    """A Kennzahl value for a grid's "wert" column: the number, its decimals and the short unit."""
    einheit = k["einheit"] if len(k["einheit"] or "") <= KURZE_EINHEIT else ""
    stellen = int(k["nachkommastellen"])
    return {spalte: zellwert(k[spalte], einheit, stellen), "einheit": einheit, "stellen": stellen}


def _kennzahlfelder(k, periode: Periode) -> dict:
    return {"kennzahl": f"{k['code']} {k['name']}", "kennzahl_href": links.kennzahl(k["code"], periode),
            "typ": TYPEN.get(k["typ"], k["typ"]), "einheit_lang": k["einheit"]}


def _kennzahlspalten() -> list[Spalte]:
    return [Spalte("Kennzahl", feld="kennzahl", format="verweis", breite=240), Spalte("Typ", feld="typ"),
            Spalte("Einheit", feld="einheit_lang")]


def kennzahltabelle(kennzahlen: pd.DataFrame, periode: Periode, beschriftung: str, id_: str,
                    zielspalte: str | None = None):
    """Rated Kennzahlen as one grid: link, type, unit, Ist, target, grade, status, change to previous period
    and year."""
    spalten = _kennzahlspalten()
    if zielspalte:
        spalten.append(Spalte("Ziel", feld="ziel"))
    spalten += [Spalte(f"Ist {periode.kurz}", True, "ist", "wert"), Spalte("Zielwert", True, "zielwert"),
                Spalte("Grad", True, "grad", "prozent"), Spalte("Status", feld="status", format="status"),
                Spalte(f"ggü. {periode.vorige().kurz}", feld="vorperiode", breite=160),
                Spalte(f"ggü. {periode.vorjahr().kurz}", feld="vorjahr", breite=160)]
    zeilen = []
    for _, k in kennzahlen.iterrows():
        zeile = {**_kennzahlfelder(k, periode), **_wertfelder(k, "ist"), "zielwert": zielwerttext(k),
                 "grad": prozent_zelle(k["grad"]), **statusfelder(k), "vorperiode": trendzelle(k, "vorperiode"),
                 "vorjahr": trendzelle(k, "vorjahr")}
        if pd.isna(k["ist"]) and bool(k.get("nicht_geliefert", False)):
            zeile["ist_text"] = "⚠ nicht geliefert"
        if zielspalte:
            zeile["ziel"] = k[zielspalte] if isinstance(k[zielspalte], str) else "ohne Ziel"
        zeilen.append(zeile)
    return offene_tabelle(id_, spalten, zeilen, beschriftung)


def kontexttabelle(kennzahlen: pd.DataFrame, periode: Periode, beschriftung: str, id_: str):
    """Kontext-Kennzahlen as one grid: Ist and change, never a status."""
    spalten = [*_kennzahlspalten(), Spalte(f"Ist {periode.kurz}", True, "ist", "wert"),
               Spalte(f"ggü. {periode.vorige().kurz}", feld="vorperiode", breite=160),
               Spalte(f"ggü. {periode.vorjahr().kurz}", feld="vorjahr", breite=160),
               Spalte("Bewertung", feld="bewertung")]
    zeilen = [{**_kennzahlfelder(k, periode), **_wertfelder(k, "ist"), "vorperiode": trendzelle(k, "vorperiode"),
               "vorjahr": trendzelle(k, "vorjahr"), "bewertung": "nicht bewertet (Umfeld)"}
              for _, k in kennzahlen.iterrows()]
    return offene_tabelle(id_, spalten, zeilen, beschriftung)


def stand_text(periode: Periode, wahl: gf.Betragswahl) -> str:
    """'Stand: 3. Quartal 2026 (Stichtag 30.09.2026). Beträge: Ansatz 2026 (Zuschussbedarf).'"""
    return (f"Stand: {periode.lang} (Stichtag {fmt.datum(periode.ende)}). "
            f"Beträge: {wahl.bezeichnung} (Zuschussbedarf = Aufwendungen abzüglich Erträge).")


def betragshinweise(wahl: gf.Betragswahl, betraege: pd.Series) -> list[str]:
    """A hint when the chosen amount does not exist for the chosen year at all."""
    if betraege.notna().any():
        return []
    if wahl.art == "prognose":
        return [f"Für {wahl.bezeichnung} liegen keine Beträge vor: eine Prognose gibt es nur für das laufende "
                "Haushaltsjahr. Wählen Sie Ansatz oder Ist."]
    return [f"Für {wahl.bezeichnung} liegen keine Beträge vor."]


# ---------------------------------------------------------------------------------------------------
# Parts of this page
# ---------------------------------------------------------------------------------------------------


def _kopf(a: Handlungsfeldansicht) -> list:
    f = a.feld
    return [
        brotkrumen([("Cockpit", links.cockpit(a.periode)), (f"Handlungsfeld {f['name']}", None)]),
        html.Div(
            [html.H1(f"Handlungsfeld {f['name']}", className="h2 mb-0 me-3", id=IDs.TITEL), statusbadge_aus(f),
             dcc.Link("Präsentation starten", id="handlungsfeld-praesentation", className="btn btn-primary ms-auto",
                      href=links.handlungsfeld(f["code"], a.periode, folie=1).replace("/handlungsfeld/",
                                                                                       "/praesentation/", 1))],
            className="d-flex flex-wrap align-items-center gap-2 mb-2",
        ),
        html.P(f["beschreibung"], className="mb-1") if isinstance(f.get("beschreibung"), str) else None,
        html.P(stand_text(a.periode, a.wahl), className="text-body-secondary", id=IDs.STAND),
    ]


def _karten(a: Handlungsfeldansicht) -> dbc.Row:
    f, ziele, kz = a.feld, a.ziele, a.kennzahlen
    bewertet = kz[kz["grad"].notna()]
    unter_ziel = int((bewertet["grad"].astype(float) < 1.0).sum()) if len(bewertet) else 0
    summe = float(a.fluss.summe)
    zugeordnet = float(a.fluss.knoten.loc[a.fluss.knoten["art"] == "ziel", "betrag"].sum()) if summe else 0.0
    status = dbc.Card(dbc.CardBody([
        html.H2("Zielerreichung des Handlungsfelds", className="h6 text-body-secondary mb-1"),
        html.P([statusbadge_aus(f), html.Span(f"Grad {gradtext(f['grad'])}", className="fw-semibold")],
               className="fs-5 mb-1"),
        html.P(f"{len(ziele)} Ziele; {len(bewertet)} von {len(kz[kz['typ'] != 'kontext'])} steuerbaren Kennzahlen "
               f"bewertet, {unter_ziel} davon unter Ziel.", className="small mb-0"),
    ]), className="h-100", id=IDs.STATUS)
    geld = kennzahlkarte(
        f"Zuschussbedarf {a.wahl.bezeichnung}", fmt.euro_kompakt(summe) if summe else fmt.LEER,
        f"Produkte mit Beitrag zu Zielen des Felds; {fmt.euro_kompakt(zugeordnet)} davon nach Beitragsanteil "
        f"Zielen dieses Felds zugeordnet." if summe else "Keine Beträge vorhanden.",
        IDs.SUMME,
    )
    return dbc.Row([dbc.Col(status, md=6), dbc.Col(geld, md=6)], className="g-3 mb-4")


def _zielbaum(a: Handlungsfeldansicht) -> dbc.Card:
    ziele = a.ziele
    ids = set(ziele["id"])
    kinder = {i: g.sort_values("code") for i, g in ziele.groupby("parent_id")}
    oberste = ziele[ziele["parent_id"].isna() | ~ziele["parent_id"].isin(ids)].sort_values("code")
    zeilen = []

    def zeile(z, tiefe: int) -> None:
        kz = f"{int(z['anzahl_bewertet'])} von {int(z['anzahl_kennzahlen'])}" if z["anzahl_kennzahlen"] else fmt.LEER
        zeilen.append({"ziel": f"{z['code']} {z['name']}",
                       "ziel_href": links.ziel(z["code"], a.periode, betrag=a.wahl.art),
                       "ziel_vor": "\u00a0\u00a0\u00a0" * (tiefe - 1) + "└ " if tiefe else "",
                       "ziel_klasse": "fw-semibold" if z["ebene"] == "strategisch" else None,
                       "ebene": ZIELEBENEN.get(z["ebene"], z["ebene"]), **statusfelder(z),
                       "grad": prozent_zelle(z["grad"]), "kennzahlen": kz, "betrag": euro_zelle(z["betrag"])})
        for _, kind in kinder.get(z["id"], pd.DataFrame()).iterrows():
            zeile(kind, tiefe + 1)

    for _, z in oberste.iterrows():
        zeile(z, 0)
    t = offene_tabelle(
        IDs.ZIELBAUM,
        [Spalte("Ziel", feld="ziel", format="verweis", breite=260), Spalte("Ebene", feld="ebene"),
         Spalte("Status", feld="status", format="status"), Spalte("Grad", True, "grad", "prozent"),
         Spalte("Kennzahlen bewertet", True, "kennzahlen"),
         Spalte(f"Zuschussbedarf {a.wahl.bezeichnung}", True, "betrag", "euro")],
        zeilen, "Zielbaum des Handlungsfelds mit Status und zugerechnetem Zuschussbedarf",
    )
    return dbc.Card([
        dbc.CardHeader(html.H2("Ziele und ihre Zielerreichung", className="h5 mb-0")),
        dbc.CardBody([
            t,
            html.P("Der Zuschussbedarf eines Ziels ist der Betrag seiner Produkte × Beitragsanteil; ein strategisches "
                   "Ziel zeigt die Summe seiner operativen Ziele.", className="small text-body-secondary mt-2 mb-0"),
        ]),
    ], className="mb-4")


def _sankey(a: Handlungsfeldansicht) -> list:
    fluss = a.fluss
    titel = f"Wohin das Geld fließt: {a.wahl.bezeichnung}, Produktbereich → Produkt → Ziel"
    if fluss.knoten.empty:
        return [dbc.Alert(f"{titel}: keine Beträge vorhanden.", color="info", className="mb-4")]
    summe = fluss.summe
    knoten = fluss.knoten
    ziele = knoten[knoten["art"] == "ziel"]
    produkte = a.produkte.dropna(subset=["betrag"])
    groesstes = produkte.sort_values("betrag", ascending=False).iloc[0] if len(produkte) else None
    rest = knoten.loc[knoten["art"] == "kein_ziel", "betrag"].sum()
    andere = knoten.loc[knoten["art"] == "andere_felder", "betrag"].sum()
    satz = (
        f"Flussdiagramm des Zuschussbedarfs im Handlungsfeld {a.feld['name']}, {a.wahl.bezeichnung}: "
        f"{fmt.euro_kompakt(summe)} aus {len(produkte)} Produkten fließen nach Beitragsanteil in {len(ziele)} Ziele"
        + (f"; größter Posten ist {groesstes['code']} {groesstes['name']} mit {fmt.euro_kompakt(groesstes['betrag'])}"
           if groesstes is not None else "")
        + (f"; {fmt.euro_kompakt(andere)} tragen zu Zielen anderer Handlungsfelder bei" if andere else "")
        + (f"; {fmt.euro_kompakt(rest)} sind keinem Ziel zugeordnet" if rest else "")
        + "."
    )
    namen = {k.schluessel: knotenname(k.art, k.code, k.name, int(k.anzahl_produkte))
             for k in a.fluss_einzeln.knoten.itertuples(index=False)}
    bereich_je_produkt = {
        f"produkt:{p.code}": namen.get(f"bereich:{p.produktbereich_code}", gf.OHNE_BEREICH)
        for p in a.produkte.itertuples(index=False)
    }
    zeilen = []
    for k in a.fluss_einzeln.kanten.itertuples(index=False):
        if not k.quelle.startswith("produkt:"):
            continue
        zeilen.append({"bereich": bereich_je_produkt.get(k.quelle, fmt.LEER), "produkt": namen[k.quelle],
                       "ziel": namen[k.ziel], "anteil": prozent_zelle(k.anteil), "betrag": euro_zelle(k.betrag)})
    t = datentabelle(f"{IDs.SANKEY}-tabelle",
                     [Spalte("Produktbereich", feld="bereich"), Spalte("Produkt", feld="produkt", breite=220),
                      Spalte("Ziel", feld="ziel", breite=220), Spalte("Anteil", True, "anteil", "prozent"),
                      Spalte("Betrag", True, "betrag", "euro")],
                     zeilen, f"Zuschussbedarf je Produkt und Ziel, {a.wahl.bezeichnung}, in Euro",
                     summe={"bereich": "Summe", "betrag": euro_zelle(summe)})
    karte = diagramm_mit_tabelle(IDs.SANKEY, titel, geldfluss_sankey(knoten, fluss.kanten, a.wahl.bezeichnung),
                                 satz, t)
    lesehilfe = (
        "Lesehilfe: Die Breite eines Bandes entspricht dem Betrag. Jedes Produkt wird nach seinen Beitragsanteilen "
        "auf die Ziele aufgeteilt; Anteile ohne Ziel erscheinen als „keinem Ziel zugeordnet“, Anteile an Zielen "
        "anderer Handlungsfelder gesammelt. Kleine Produkte sind je Produktgruppe zusammengefasst; die Tabelle "
        "zeigt jedes Produkt einzeln."
    )
    hinweise = [html.Li(h) for h in fluss.hinweise]
    return [karte, html.P(lesehilfe, className="small text-body-secondary mt-n3 mb-2"),
            html.Ul(hinweise, className="small mb-4") if hinweise else html.Div(className="mb-4")]


def _kennzahlen(a: Handlungsfeldansicht) -> list:
    kz = a.kennzahlen.sort_values("code")
    steuerbar = kz[(kz["typ"] != "kontext") & kz["steuerbar"].astype(bool)]
    kontext = kz[(kz["typ"] == "kontext") | ~kz["steuerbar"].astype(bool)]
    teile = [dbc.Card([
        dbc.CardHeader(html.H2(f"Steuerbare Kennzahlen ({len(steuerbar)})", className="h5 mb-0")),
        dbc.CardBody(kennzahltabelle(steuerbar, a.periode, "Steuerbare Kennzahlen mit Status und Entwicklung",
                                     IDs.KENNZAHLEN, "ziele") if len(steuerbar) else
                     html.P("Keine steuerbaren Kennzahlen.", className="mb-0")),
    ], className="mb-4")]
    if len(kontext):
        teile.append(dbc.Card([
            dbc.CardHeader(html.H2(f"Kontextkennzahlen ({len(kontext)}): Umfeld, nicht bewertet", className="h5 mb-0")),
            dbc.CardBody([
                html.P("Diese Kennzahlen beschreiben Lebenslagen im Umfeld; die Verwaltung kann sie nicht allein "
                       "steuern, deshalb fließen sie nicht in den Status ein.", className="small text-body-secondary"),
                kontexttabelle(kontext, a.periode, "Kontextkennzahlen mit Entwicklung", IDs.KONTEXT),
            ]),
        ], className="mb-4"))
    return teile


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The Handlungsfeld ``parameter['code']`` for the period and Betragsart in the URL."""
    code = parameter.get("code", "")
    periode, verfuegbar, art, hinweise = ansicht_parameter(
        fabrik, einstellungen, parameter, lambda p, b: links.handlungsfeld(code, p, betrag=b))
    a = handlungsfeldansicht(fabrik, code, periode, art, bewertungsregeln(fabrik, einstellungen))
    if a is None:
        return nicht_gefunden("Handlungsfeld", code, periode)
    hinweise += betragshinweise(a.wahl, a.produkte["betrag"]) + ist_hinweise(fabrik, periode, a.wahl)
    return html.Div(
        [
            *_kopf(a),
            auswahlleiste(periode, verfuegbar, betragsauswahl(IDs.BETRAG, art)),
            hinweisleiste(hinweise),
            _karten(a),
            regelbox(a.regeln, IDs.REGEL),
            _zielbaum(a),
            *_sankey(a),
            *_kennzahlen(a),
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
