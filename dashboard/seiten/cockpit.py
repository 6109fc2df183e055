"""The cockpit: per Handlungsfeld its goals with status, the money behind them and the largest deviations."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import figuren, links
from dashboard.auswahl import auswahlleiste, hinweisleiste, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, diagramm_mit_tabelle, kennzahlkarte, statusbadge, tabelle
from kennzahlen import formate as fmt
from kennzahlen.auswertung import Cockpitdaten, bewertungsregeln, cockpitdaten

PFAD = "/"
TITEL = "Cockpit"


class IDs:
    """Component IDs of this page."""

    DIAGRAMM = "cockpit-zuschuss-diagramm"
    STAND = "cockpit-stand"
    GESAMT_ANSATZ = "cockpit-gesamt-ansatz"
    GESAMT_IST = "cockpit-gesamt-ist"
    GESAMT_PROGNOSE = "cockpit-gesamt-prognose"
    ZIELSTATUS = "cockpit-zielstatus"
    HANDLUNGSFELDER = "cockpit-handlungsfelder"
    PRODUKTE = "cockpit-produkte"
    PRODUKTBEREICHE = "cockpit-produktbereiche"


def _abweichungstext(abweichung: float, anteil: float | None) -> str:
    if pd.isna(abweichung):
        return fmt.LEER
    richtung = "über" if abweichung > 0 else "unter"
    return f"{fmt.euro_kompakt(abs(abweichung))} ({fmt.prozent(anteil, vorzeichen=True)}) {richtung} Ansatz"


def _uebersicht(d: Cockpitdaten) -> dbc.Row:
    g, p = d.gesamt, d.periode
    ansatz, prognose, ist, ist_vj = (
        g.get(k, float("nan")) for k in ("ansatz", "prognose", "ist_bis", "ist_vorjahr_bis")
    )
    quote = ist / ansatz if ansatz and not pd.isna(ist) else float("nan")
    vorjahr = (ist / ist_vj - 1) if ist_vj else float("nan")
    zaehlung = d.ziele.groupby(["status_rang", "status_code", "status_symbol", "status_text", "status_farbe"]).size()
    zaehlung = zaehlung.sort_index(level=0, ascending=False)
    status_liste = html.Ul(
        [html.Li([statusbadge(sym, f"{anzahl} {text}", farbe, code)])
         for (_, code, sym, text, farbe), anzahl in zaehlung.items()],
        className="list-unstyled mb-0 statusliste",
    )
    return dbc.Row(
        [
            dbc.Col(kennzahlkarte(f"Zuschussbedarf Ansatz {p.jahr}", fmt.euro_kompakt(ansatz),
                                  "alle Produkte, beschlossener Haushalt", IDs.GESAMT_ANSATZ), md=3),
            dbc.Col(kennzahlkarte(f"Ist bis {p.kurz}", fmt.euro_kompakt(ist),
                                  f"{fmt.prozent(quote, 0)} des Ansatzes · {fmt.prozent(vorjahr, vorzeichen=True)}"
                                  f" ggü. Vorjahr zum Stichtag", IDs.GESAMT_IST), md=3),
            dbc.Col(kennzahlkarte(f"Prognose {p.jahr}", fmt.euro_kompakt(prognose),
                                  _abweichungstext(prognose - ansatz, (prognose - ansatz) / ansatz if ansatz else None),
                                  IDs.GESAMT_PROGNOSE), md=3),
            dbc.Col(dbc.Card(dbc.CardBody([
                html.H2(f"Zielerreichung ({len(d.ziele)} Ziele)", className="h6 text-body-secondary mb-2"),
                status_liste if len(d.ziele) else html.P("Noch keine Ziele erfasst.", className="small mb-0"),
            ]), className="h-100", id=IDs.ZIELSTATUS), md=3),
        ],
        className="g-3 mb-4",
    )


def zuschuss_je_handlungsfeld(d: Cockpitdaten) -> pd.DataFrame:
    """The chart's table: one row per Handlungsfeld, German column names, amounts in euro."""
    hf = d.handlungsfelder.fillna({"ansatz": 0.0, "ist_bis": 0.0, "prognose": 0.0})
    hf = hf.sort_values("ansatz", ascending=False)
    return pd.DataFrame({
        "Handlungsfeld": hf["name"],
        f"Ansatz {d.periode.jahr}": hf["ansatz"].round(2),
        f"Ist bis {d.periode.kurz}": hf["ist_bis"].round(2),
        f"Prognose {d.periode.jahr}": hf["prognose"].round(2),
        "Prognose − Ansatz": (hf["prognose"] - hf["ansatz"]).round(2),
    })


def produktabweichungen(d: Cockpitdaten) -> pd.DataFrame:
    """Products by deviation of the Prognose from the Ansatz, German column names."""
    aufgabe = {"pflicht": "Pflicht", "pflicht_ermessen": "Pflicht (Ermessen)", "freiwillig": "freiwillig"}
    p = d.produkte
    return pd.DataFrame({
        "Produkt": p["code"], "Bezeichnung": p["name"], "Aufgabe": p["aufgabenart"].map(aufgabe),
        "Ansatz": p["ansatz"].round(2), "Prognose": p["prognose"].round(2), "Abweichung": p["abweichung"].round(2),
        "Abweichung in %": (p["abweichung_anteil"] * 100).round(1),
    })


def _daten_aus_parametern(fabrik, einstellungen, parameter) -> Cockpitdaten:
    periode, _, _ = periode_waehlen(fabrik, einstellungen, parameter)
    return cockpitdaten(fabrik, periode, bewertungsregeln(fabrik, einstellungen))


@tabelle_anmelden("cockpit-zuschussbedarf")
def _download_zuschuss(fabrik, einstellungen, parameter) -> pd.DataFrame:
    return zuschuss_je_handlungsfeld(_daten_aus_parametern(fabrik, einstellungen, parameter))


@tabelle_anmelden("cockpit-produkte")
def _download_produkte(fabrik, einstellungen, parameter) -> pd.DataFrame:
    return produktabweichungen(_daten_aus_parametern(fabrik, einstellungen, parameter))


def _abfrage(d: Cockpitdaten) -> str:
    return links.cockpit(d.periode)[1:]


def _diagramm(d: Cockpitdaten) -> dbc.Card:
    hf = d.handlungsfelder.fillna({"ansatz": 0.0, "ist_bis": 0.0, "prognose": 0.0})
    ist_name = f"Ist bis {d.periode.kurz}"
    fig = figuren.zuschussbedarf_je_handlungsfeld(hf, ist_name, d.periode.jahr)
    groesste = hf.sort_values("ansatz", ascending=False).iloc[0] if len(hf) else None
    zusammenfassung = (
        f"Balkendiagramm des Zuschussbedarfs je Handlungsfeld {d.periode.jahr}. "
        + (f"Den größten Ansatz hat {groesste['name']} mit {fmt.euro_kompakt(groesste['ansatz'])}; "
           f"insgesamt beträgt der Ansatz {fmt.euro_kompakt(hf['ansatz'].sum())}, "
           f"die Prognose {fmt.euro_kompakt(hf['prognose'].sum())}." if groesste is not None else "Keine Daten.")
    )
    df = zuschuss_je_handlungsfeld(d)
    zeilen = [[r.iloc[0], *(fmt.euro(w) for w in r.iloc[1:])] for _, r in df.iterrows()]
    t = tabelle([Spalte(df.columns[0]), *(Spalte(c, True) for c in df.columns[1:])], zeilen,
                f"Zuschussbedarf je Handlungsfeld {d.periode.jahr} in Euro")
    return diagramm_mit_tabelle(
        IDs.DIAGRAMM, f"Zuschussbedarf je Handlungsfeld {d.periode.jahr}: Ansatz, Ist und Prognose", fig,
        zusammenfassung, t, tabellenlinks("cockpit-zuschussbedarf", _abfrage(d)),
    )


def _zielliste(ziele: pd.DataFrame, periode) -> html.Ul:
    eintraege = []
    for _, z in ziele.sort_values(["parent_id", "code"], na_position="first").iterrows():
        strategisch = z["ebene"] == "strategisch"
        eintraege.append(
            html.Li(
                [statusbadge(z["status_symbol"], z["status_text"], z["status_farbe"], z["status_code"]),
                 dcc.Link(z["name"], href=links.ziel(z["code"], periode),
                          className="fw-semibold" if strategisch else None),
                 html.Span(" (strategisch)" if strategisch else "", className="small text-body-secondary")],
                className="zielzeile" + ("" if strategisch else " ms-3"),
            )
        )
    return html.Ul(eintraege, className="list-unstyled mb-2")


def _abweichungsliste(kennzahlen: pd.DataFrame, periode) -> html.Div:
    schlecht = kennzahlen[kennzahlen["grad"].notna()].copy()
    schlecht["grad"] = schlecht["grad"].astype(float)
    schlecht = schlecht[schlecht["grad"] < 0.95].sort_values("grad").head(3)
    fehlend = kennzahlen[kennzahlen["nicht_geliefert"]]
    punkte = [
        html.Li([statusbadge(k["status_symbol"], k["status_text"], k["status_farbe"], k["status_code"]),
                 dcc.Link(k["name"], href=links.kennzahl(k["code"], periode)),
                 f": Ist {fmt.wert_mit_einheit(k['ist'], k['einheit'], int(k['nachkommastellen']))}"
                 f" · Ziel {_zieltext(k)}"])
        for _, k in schlecht.iterrows()
    ]
    punkte += [
        html.Li([html.Span("⚠", className="me-1", **{"aria-hidden": "true"}),
                 html.Strong("Ist nicht geliefert: "), dcc.Link(k["name"], href=links.kennzahl(k["code"], periode))],
                className="text-warning-emphasis")
        for _, k in fehlend.iterrows()
    ]
    if not punkte:
        punkte = [html.Li("Keine Kennzahl unter Ziel.", className="text-body-secondary")]
    return html.Div([html.H4("Größte Abweichungen", className="h6 mt-3"),
                     html.Ul(punkte, className="list-unstyled small mb-0 abweichungen")])


def _zieltext(k: pd.Series) -> str:
    stellen = int(k["nachkommastellen"])
    if k["richtung"] == "zielkorridor" and pd.notna(k["korridor_unten"]):
        oben = fmt.wert_mit_einheit(k["korridor_oben"], k["einheit"], stellen)
        return f"{fmt.zahl(k['korridor_unten'], stellen)}–{oben}"
    return fmt.wert_mit_einheit(k["zielwert"], k["einheit"], stellen)


def _handlungsfeldkarte(hf: pd.Series, d: Cockpitdaten) -> dbc.Card:
    ziele = d.ziele[d.ziele["handlungsfeld_id"] == hf["id"]]
    kz = d.kennzahlen[d.kennzahlen["handlungsfeld_id"] == hf["id"]]
    kz = kz[kz["typ"] != "kontext"]
    p = d.periode
    geld = tabelle(
        [Spalte(f"Ansatz {p.jahr}", True), Spalte(f"Ist bis {p.kurz}", True), Spalte(f"Prognose {p.jahr}", True),
         Spalte("Abweichung", True)],
        [[fmt.euro_kompakt(hf.get("ansatz")), fmt.euro_kompakt(hf.get("ist_bis")),
          fmt.euro_kompakt(hf.get("prognose")), fmt.prozent(hf.get("abweichung_anteil"), vorzeichen=True)]],
        f"Zuschussbedarf {hf['name']}",
    )
    return dbc.Card(
        [
            dbc.CardHeader(
                html.Div([html.H3(dcc.Link(hf["name"], href=links.handlungsfeld(hf["code"], p)),
                                  className="h5 mb-0 me-2"),
                          statusbadge(hf["status_symbol"], hf["status_text"], hf["status_farbe"], hf["status_code"])],
                         className="d-flex flex-wrap align-items-center justify-content-between")
            ),
            dbc.CardBody([
                html.H4("Ziele", className="h6"),
                _zielliste(ziele, p),
                html.H4("Geld dahinter (Zuschussbedarf)", className="h6 mt-3"),
                geld,
                _abweichungsliste(kz, p),
            ]),
        ],
        className="h-100 handlungsfeld",
        id=f"handlungsfeld-{hf['code']}",
    )


def _produkttabelle(d: Cockpitdaten) -> dbc.Card:
    aufgabe = {"pflicht": "Pflicht", "pflicht_ermessen": "Pflicht (Ermessen)", "freiwillig": "freiwillig"}
    top = d.produkte.head(10)
    zeilen = [
        [dcc.Link(r["code"], href=links.produkt(r["code"], d.periode)), r["name"],
         aufgabe.get(r["aufgabenart"], fmt.LEER), fmt.euro(r["ansatz"]), fmt.euro(r["prognose"]),
         fmt.euro(r["abweichung"]), fmt.prozent(r["abweichung_anteil"], vorzeichen=True)]
        for _, r in top.iterrows()
    ]
    return dbc.Card(
        [
            dbc.CardHeader(html.H2(f"Größte Abweichungen im Haushalt {d.periode.jahr}: Prognose gegenüber Ansatz",
                                   className="h5 mb-0")),
            dbc.CardBody([tabelle(
                [Spalte("Produkt"), Spalte("Bezeichnung"), Spalte("Aufgabe"), Spalte("Ansatz", True),
                 Spalte("Prognose", True), Spalte("Abweichung", True), Spalte("in %", True)],
                zeilen, "Produkte mit der größten Abweichung der Prognose vom Ansatz (Zuschussbedarf in Euro)",
                id=IDs.PRODUKTE,
            ), html.P(["Alle Produkte herunterladen: ", *tabellenlinks("cockpit-produkte", _abfrage(d))],
                      className="small mt-2 mb-0")]),
        ],
        className="mb-4",
    )


def haushalt_je_produktbereich(d: Cockpitdaten) -> pd.DataFrame:
    """Zuschussbedarf per Produktbereich, German column names, euro."""
    p = d.produktbereiche
    spalten = {"code": "Produktbereich", "name": "Bezeichnung", "ergebnis_vorjahr": f"Ergebnis {d.periode.jahr - 1}",
               "ansatz": f"Ansatz {d.periode.jahr}", "ist_bis": f"Ist bis {d.periode.kurz}",
               "prognose": f"Prognose {d.periode.jahr}"}
    return p[[c for c in spalten if c in p]].rename(columns=spalten).round(2)


@tabelle_anmelden("cockpit-produktbereiche")
def _download_produktbereiche(fabrik, einstellungen, parameter) -> pd.DataFrame:
    return haushalt_je_produktbereich(_daten_aus_parametern(fabrik, einstellungen, parameter))


def _produktbereiche(d: Cockpitdaten) -> dbc.Card:
    df = haushalt_je_produktbereich(d)
    zeilen = [[dcc.Link(r.iloc[0], href=links.produkt(r.iloc[0], d.periode)), r.iloc[1],
               *(fmt.euro(w) for w in r.iloc[2:])] for _, r in df.iterrows()]
    return dbc.Card(
        [
            dbc.CardHeader(html.H2(f"Haushalt {d.periode.jahr} nach Produktbereichen (Zuschussbedarf)",
                                   className="h5 mb-0")),
            dbc.CardBody([
                tabelle([Spalte(df.columns[0]), Spalte(df.columns[1]), *(Spalte(c, True) for c in df.columns[2:])],
                        zeilen, "Zuschussbedarf je Produktbereich in Euro", id=IDs.PRODUKTBEREICHE),
                html.P(["Herunterladen: ", *tabellenlinks("cockpit-produktbereiche", _abfrage(d))],
                       className="small mt-2 mb-0"),
            ]),
        ],
        className="mb-4",
    )


def _regeltext(d: Cockpitdaten) -> str:
    from kennzahlen import status as st

    return f"{st.SKALEN[d.regeln.skala]} {st.REGELN[d.regeln.regel]}"


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The cockpit for the period the URL names (newest period with data by default)."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    d = cockpitdaten(fabrik, periode, bewertungsregeln(fabrik, einstellungen))
    karten = [dbc.Col(_handlungsfeldkarte(hf, d), lg=6, className="mb-4") for _, hf in d.handlungsfelder.iterrows()]
    return html.Div(
        [
            html.H1(f"Cockpit {d.kommune}", className="h2"),
            html.P([f"Stand: {periode.lang} (Stichtag {fmt.datum(periode.ende)}). ", _regeltext(d)],
                   className="text-body-secondary", id=IDs.STAND),
            auswahlleiste(periode, verfuegbar),
            hinweisleiste(hinweise),
            _uebersicht(d),
            _diagramm(d) if karten else None,
            html.H2("Handlungsfelder", className="h4 mb-3") if karten else dbc.Alert(
                "Noch keine Handlungsfelder und Ziele erfasst: das Cockpit zeigt den Haushalt. Ziele, Kennzahlen "
                "und ihre Verknüpfung mit Produkten lassen sich über „Import“ einlesen.", color="info"),
            dbc.Row(karten, id=IDs.HANDLUNGSFELDER),
            _produkttabelle(d) if not d.produkte.empty else None,
            _produktbereiche(d),
        ]
    )


def validierungslayout() -> list:
    """This page's callbacks use only the shared period selection."""
    return []


def callbacks_registrieren(app, url_id: str) -> None:
    """The cockpit has no callbacks of its own: the period selection is shared (dashboard.auswahl)."""
