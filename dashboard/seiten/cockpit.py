"""The cockpit: per Handlungsfeld its goals with status, the money behind them and the largest deviations."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import figuren, links, sicherheit
from dashboard.auswahl import auswahlleiste, hinweisleiste, istkarte, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, datentabelle, diagramm_mit_tabelle, euro_zelle, kennzahlkarte, statusbadge
from dashboard.seiten.aufgaben import aufgaben_des_nutzers, aufgabenkarte
from kennzahlen import formate as fmt
from kennzahlen.aufgaben import eigene_handlungsfelder, ist_bereichsrolle
from kennzahlen.auswertung import Cockpitdaten, bewertungsregeln, cockpitdaten
from kennzahlen.perioden import ist_bezeichnung
from kennzahlen.portfolio import anteil_ohne_ziel

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
    OHNE_ZIEL = "cockpit-ohne-ziel"


def _abweichungstext(abweichung: float, anteil: float | None) -> str:
    if pd.isna(abweichung):
        return fmt.LEER
    richtung = "über" if abweichung > 0 else "unter"
    return f"{fmt.euro_kompakt(abs(abweichung))} ({fmt.prozent(anteil, vorzeichen=True)}) {richtung} Ansatz"


def ist_name(d: Cockpitdaten) -> str:
    """'Ist bis Q3 2026': the budget Ist to the effective Stichtag (not to a chosen period without Ist)."""
    return ist_bezeichnung(d.periode, d.stichtag)


def ohne_ist_text(d: Cockpitdaten) -> str:
    """'noch keine Ist-Werte für 4. Quartal 2026' (said instead of counting 'keine Bewertung')."""
    return f"noch keine Ist-Werte für {d.periode.lang}"


def _uebersicht(d: Cockpitdaten) -> dbc.Row:
    g, p = d.gesamt, d.periode
    ansatz, prognose, ist, ist_vj = (
        g.get(k, float("nan")) for k in ("ansatz", "prognose", "ist_bis", "ist_vorjahr_bis")
    )
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
            dbc.Col(istkarte(p, d.stichtag, ist, ansatz, ist_vj, IDs.GESAMT_IST), md=3),
            dbc.Col(kennzahlkarte(f"Prognose {p.jahr}", fmt.euro_kompakt(prognose),
                                  _abweichungstext(prognose - ansatz, (prognose - ansatz) / ansatz if ansatz else None),
                                  IDs.GESAMT_PROGNOSE), md=3),
            dbc.Col(dbc.Card(dbc.CardBody([
                html.H2(f"Zielerreichung ({len(d.ziele)} Ziele)", className="h6 text-body-secondary mb-2"),
                html.P(f"Status: {ohne_ist_text(d)}; die Ziele werden bewertet, sobald sie vorliegen.",
                       className="small mb-0") if d.ohne_ist and len(d.ziele) else
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
        ist_name(d): hf["ist_bis"].round(2),
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
    hf = d.handlungsfelder
    fig = figuren.zuschussbedarf_je_handlungsfeld(hf, ist_name(d), d.periode.jahr)
    zusammenfassung = f"Balkendiagramm des Zuschussbedarfs je Handlungsfeld {d.periode.jahr}. " + geldsatz(hf)
    df = zuschuss_je_handlungsfeld(d)
    felder = ["name", "ansatz", "ist", "prognose", "abweichung"]
    zeilen = [dict(zip(felder, [r[0], *(euro_zelle(w) for w in r[1:])], strict=True))
              for r in df.itertuples(index=False)]
    t = datentabelle(f"{IDs.DIAGRAMM}-tabelle",
                     [Spalte(df.columns[0], feld="name"),
                      *(Spalte(c, True, f, "euro") for c, f in zip(df.columns[1:], felder[1:], strict=True))],
                     zeilen, f"Zuschussbedarf je Handlungsfeld {d.periode.jahr} in Euro")
    return diagramm_mit_tabelle(
        IDs.DIAGRAMM, f"Zuschussbedarf je Handlungsfeld {d.periode.jahr}: Ansatz, Ist und Prognose", fig,
        zusammenfassung, t, tabellenlinks("cockpit-zuschussbedarf", _abfrage(d)),
    )


def geldsatz(hf: pd.DataFrame) -> str:
    """The key numbers of the chart in one sentence; missing Ansatz, Ist or Prognose are named, never 0 €."""
    ansatz = hf["ansatz"].sum(min_count=1) if len(hf) else float("nan")
    if pd.isna(ansatz):
        return "Keine Ansätze für dieses Jahr."
    groesste = hf.loc[hf["ansatz"].idxmax()]
    prognose = hf["prognose"].sum(min_count=1)
    return (f"Den größten Ansatz hat {groesste['name']} mit {fmt.euro_kompakt(groesste['ansatz'])}; insgesamt "
            f"beträgt der Ansatz {fmt.euro_kompakt(ansatz)}, "
            + (f"die Prognose {fmt.euro_kompakt(prognose)}." if pd.notna(prognose)
               else "eine Prognose gibt es noch nicht (keine Ist-Daten)."))


def _geld_oder(wert, fehlt: str) -> str:
    return fehlt if pd.isna(wert) else fmt.euro_kompakt(wert)


ZIELE_JE_FELD = 3
"""Goals per Handlungsfeld card (off target first); all of them are on the Handlungsfeld page."""
ABWEICHUNGEN_JE_FELD = 3
"""Kennzahlen below target or not delivered per card (largest deviation first)."""


def _rangfolge(rang) -> int:
    """Sort key: the worst rated status first, unrated ('keine Bewertung', rang 0) last."""
    return 99 if pd.isna(rang) or int(rang) == 0 else int(rang)


def _zielliste(ziele: pd.DataFrame, periode, bewertet: bool = True) -> html.Ul:
    """The goals of a card: all in tree order when they fit, else the ones off target first; without a
    status badge when nothing can be rated yet (``bewertet`` False)."""
    if len(ziele) <= ZIELE_JE_FELD:
        auswahl = ziele.sort_values(["parent_id", "code"], na_position="first")
    else:
        auswahl = ziele.assign(_r=ziele["status_rang"].map(_rangfolge)).sort_values(["_r", "code"]).head(ZIELE_JE_FELD)
    eintraege = []
    for _, z in auswahl.iterrows():
        strategisch = z["ebene"] == "strategisch"
        eintraege.append(html.Li(
            [statusbadge(z["status_symbol"], z["status_text"], z["status_farbe"], z["status_code"])
             if bewertet else None,
             dcc.Link(z["name"], href=links.ziel(z["code"], periode), className="fw-semibold" if strategisch else None),
             " (strategisch)" if strategisch else None],
            className="zielzeile" + ("" if strategisch or len(ziele) > ZIELE_JE_FELD else " ms-3"),
        ))
    return html.Ul(eintraege, className="hf-liste")


def _zielzaehlung(ziele: pd.DataFrame, ohne_ist: str | None = None) -> str:
    """'15 Ziele: 3 nicht erreicht (▼), 5 gefährdet (◆), 7 erreicht (▲).' (symbol and word, never colour);
    '15 Ziele: noch keine Ist-Werte für 4. Quartal 2026.' when ``ohne_ist`` says so."""
    if ziele.empty:
        return "Keine Ziele."
    if ohne_ist:
        return f"{len(ziele)} Ziele: {ohne_ist}."
    zaehlung = ziele.groupby(["status_rang", "status_symbol", "status_text"]).size()
    teile = [f"{anzahl} {text} ({symbol})" for (_, symbol, text), anzahl in
             sorted(zaehlung.items(), key=lambda e: _rangfolge(e[0][0]))]
    return f"{len(ziele)} Ziele: " + ", ".join(teile) + "."


def ohne_abweichung_text(kennzahlen: pd.DataFrame) -> str:
    """What an empty deviation list means: good news only when Kennzahlen were rated at all."""
    bewertet = int(kennzahlen["grad"].notna().sum())
    if not bewertet:
        return "Keine Kennzahl bewertet (keine Ist-Werte oder keine Zielwerte)."
    return f"Keine Kennzahl unter Ziel ({bewertet} bewertet)."


def _abweichungsliste(kennzahlen: pd.DataFrame, periode) -> tuple[list, int]:
    """Heading and list of the largest deviations, and how many more there are."""
    schlecht = kennzahlen[kennzahlen["grad"].notna()].copy()
    schlecht["grad"] = schlecht["grad"].astype(float)
    schlecht = schlecht[schlecht["grad"] < 0.95].sort_values("grad")
    fehlend = kennzahlen[kennzahlen["nicht_geliefert"]]
    punkte = [
        html.Li([statusbadge(k["status_symbol"], k["status_text"], k["status_farbe"], k["status_code"]),
                 dcc.Link(k["name"], href=links.kennzahl(k["code"], periode)),
                 f": Ist {fmt.wert_mit_einheit(k['ist'], k['einheit'], int(k['nachkommastellen']))}"
                 f" · Ziel {_zieltext(k)}"])
        for _, k in schlecht.head(ABWEICHUNGEN_JE_FELD).iterrows()
    ]
    platz = max(ABWEICHUNGEN_JE_FELD - len(punkte), 1)
    punkte += [
        html.Li(["⚠ Ist nicht geliefert: ", dcc.Link(k["name"], href=links.kennzahl(k["code"], periode))],
                className="text-warning-emphasis")
        for _, k in fehlend.head(platz).iterrows()
    ]
    if not punkte:
        punkte = [html.Li(ohne_abweichung_text(kennzahlen), className="text-body-secondary")]
    weitere = max(len(schlecht) - ABWEICHUNGEN_JE_FELD, 0) + max(len(fehlend) - platz, 0)
    return [html.H4("Größte Abweichungen", className="h6 mt-3"),
            html.Ul(punkte, className="hf-liste small mb-0 abweichungen")], weitere


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
    geld = (f"Zuschussbedarf: Ansatz {p.jahr} {_geld_oder(hf.get('ansatz'), 'kein Ansatz')} · "
            f"{ist_name(d)} {_geld_oder(hf.get('ist_bis'), 'keine Ist-Daten')} · "
            f"Prognose {p.jahr} {_geld_oder(hf.get('prognose'), '–')} · "
            f"Abweichung {fmt.prozent(hf.get('abweichung_anteil'), vorzeichen=True)}")
    if d.ohne_ist:  # nothing delivered yet: not "Ist nicht geliefert" for every Kennzahl
        abweichungen, weitere = [html.H4("Größte Abweichungen", className="h6 mt-3"),
                                 html.P(f"Für {p.lang} liegen noch keine Ist-Werte vor.",
                                        className="small mb-0 abweichungen text-body-secondary")], 0
    else:
        abweichungen, weitere = _abweichungsliste(kz, p)
    alle = (f"Alle {len(ziele)} Ziele und {len(kz)} Kennzahlen" if len(ziele) > ZIELE_JE_FELD
            else "Ziele, Kennzahlen und Geldfluss")
    if weitere:
        alle += f" ({weitere} weitere unter Ziel oder nicht geliefert)"
    return dbc.Card(
        [
            dbc.CardHeader(
                [html.H3(dcc.Link(hf["name"], href=links.handlungsfeld(hf["code"], p)), className="h5 mb-0 me-2"),
                 None if d.ohne_ist else
                 statusbadge(hf["status_symbol"], hf["status_text"], hf["status_farbe"], hf["status_code"])],
                className="d-flex flex-wrap align-items-center justify-content-between",
            ),
            dbc.CardBody([
                html.H4(_zielzaehlung(ziele, ohne_ist_text(d) if d.ohne_ist else None), className="h6"),
                _zielliste(ziele, p, not d.ohne_ist),
                html.P(geld, className="small mb-0 geld"),
                *abweichungen,
                dcc.Link(f"{alle} im Handlungsfeld {hf['name']} →", href=links.handlungsfeld(hf["code"], p),
                         className="d-inline-block small mt-2"),
            ]),
        ],
        className="h-100 handlungsfeld",
        id=f"handlungsfeld-{hf['code']}",
    )


PRODUKTE_OBEN = 10
"""The largest deviations shown; all Produkte are in the download."""


def _produkttabelle(d: Cockpitdaten) -> dbc.Card:
    aufgabe = {"pflicht": "Pflicht", "pflicht_ermessen": "Pflicht (Ermessen)", "freiwillig": "freiwillig"}
    top = d.produkte.head(PRODUKTE_OBEN)
    zeilen = [
        {"code": r["code"], "code_href": links.produkt(r["code"], d.periode), "name": r["name"],
         "aufgabe": aufgabe.get(r["aufgabenart"], fmt.LEER), "ansatz": euro_zelle(r["ansatz"]),
         "prognose": euro_zelle(r["prognose"]), "abweichung": euro_zelle(r["abweichung"]),
         "anteil": None if pd.isna(r["abweichung_anteil"]) else round(float(r["abweichung_anteil"]) * 100, 1)}
        for _, r in top.iterrows()
    ]
    return dbc.Card(
        [
            dbc.CardHeader(html.H2(f"Größte Abweichungen im Haushalt {d.periode.jahr}: Prognose gegenüber Ansatz",
                                   className="h5 mb-0")),
            dbc.CardBody([datentabelle(
                IDs.PRODUKTE,
                [Spalte("Produkt", feld="code", format="verweis"), Spalte("Bezeichnung", feld="name", breite=220),
                 Spalte("Aufgabe", feld="aufgabe"), Spalte("Ansatz", True, "ansatz", "euro"),
                 Spalte("Prognose", True, "prognose", "euro"), Spalte("Abweichung", True, "abweichung", "euro"),
                 Spalte("in %", True, "anteil", "prozent", 1, True)],
                zeilen, f"Die {len(zeilen)} Produkte mit der größten Abweichung der Prognose vom Ansatz "
                        "(Zuschussbedarf in Euro)",
            ), html.P([f"Alle {len(d.produkte)} Produkte herunterladen: ",
                       *tabellenlinks("cockpit-produkte", _abfrage(d))], className="small mt-2 mb-0")]),
        ],
        className="mb-4",
    )


def haushalt_je_produktbereich(d: Cockpitdaten) -> pd.DataFrame:
    """Zuschussbedarf per Produktbereich, German column names, euro."""
    p = d.produktbereiche
    spalten = {"code": "Produktbereich", "name": "Bezeichnung", "ergebnis_vorjahr": f"Ergebnis {d.periode.jahr - 1}",
               "ansatz": f"Ansatz {d.periode.jahr}", "ist_bis": ist_name(d),
               "prognose": f"Prognose {d.periode.jahr}"}
    return p[[c for c in spalten if c in p]].rename(columns=spalten).round(2)


@tabelle_anmelden("cockpit-produktbereiche")
def _download_produktbereiche(fabrik, einstellungen, parameter) -> pd.DataFrame:
    return haushalt_je_produktbereich(_daten_aus_parametern(fabrik, einstellungen, parameter))


def _produktbereiche(d: Cockpitdaten) -> dbc.Card:
    df = haushalt_je_produktbereich(d)
    felder = [f"b{i}" for i in range(2, len(df.columns))]
    zeilen = [{"code": r[0], "code_href": links.produkt(r[0], d.periode), "name": r[1],
               **{f: euro_zelle(w) for f, w in zip(felder, r[2:], strict=True)}} for r in df.itertuples(index=False)]
    return dbc.Card(
        [
            dbc.CardHeader(html.H2(f"Haushalt {d.periode.jahr} nach Produktbereichen (Zuschussbedarf)",
                                   className="h5 mb-0")),
            dbc.CardBody([
                datentabelle(IDs.PRODUKTBEREICHE,
                             [Spalte(df.columns[0], feld="code", format="verweis"),
                              Spalte(df.columns[1], feld="name", breite=220),
                              *(Spalte(c, True, f, "euro") for c, f in zip(df.columns[2:], felder, strict=True))],
                             zeilen, "Zuschussbedarf je Produktbereich in Euro"),
                html.P(["Herunterladen: ", *tabellenlinks("cockpit-produktbereiche", _abfrage(d))],
                       className="small mt-2 mb-0"),
            ]),
        ],
        className="mb-4",
    )


def _regeltext(d: Cockpitdaten) -> str:
    from kennzahlen import status as st

    return f"{st.SKALEN[d.regeln.skala]} {st.REGELN[d.regeln.regel]}"


def stand(d: Cockpitdaten) -> str:
    """'Stand: 3. Quartal 2026 (Stichtag 30.09.2026). ', or for a period without Ist what is there instead."""
    p = d.periode
    if not d.ohne_ist and d.stichtag in (p, None):
        return f"Stand: {p.lang} (Stichtag {fmt.datum(p.ende)}). "
    ist = f"Haushalts-Ist bis {fmt.datum(d.stichtag.ende)}" if d.stichtag else "noch kein Haushalts-Ist"
    kennzahlen = "noch keine Ist-Werte der Kennzahlen" if d.ohne_ist else f"Kennzahlen {p.lang}"
    return f"Gewählt: {p.lang} (bis {fmt.datum(p.ende)}): {kennzahlen}, {ist}. "


def _ohne_ziel(fabrik, periode) -> html.P | None:
    """The share of the Zuschussbedarf no goal accounts for, with the link to the list of that money."""
    anteil = anteil_ohne_ziel(fabrik, periode.jahr)
    if anteil.anteil is None:
        return None
    return html.P([anteil.text, " ", dcc.Link("Geld ohne Wirkungsmessung ansehen →", href=links.portfolio())],
                  className="mb-4", id=IDs.OHNE_ZIEL)


def _quartalsleiste(periode) -> html.Nav:
    """Links to the quarter's work for the chosen period (the controlling meeting's agenda)."""
    ziele = [("Abweichungsliste", links.abweichungen(periode)), ("Maßnahmen", links.massnahmen(periode)),
             ("Nicht gemeldet", links.lieferungen(periode)), ("Prognosen", links.prognosen(periode)),
             ("Berichtsstand", links.berichtsstand(periode))]
    eintraege = []
    for i, (text, ziel) in enumerate(ziele):
        eintraege += [" · " if i else None, dcc.Link(text, href=ziel)]
    return html.Nav([html.Span(f"Quartalsarbeit {periode.kurz}: ", className="fw-semibold"), *eintraege],
                    className="small mb-3 quartalsleiste", **{"aria-label": "Quartalsarbeit"})


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The cockpit for the period the URL names (newest period with data by default)."""
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter, verweis=links.cockpit)
    d = cockpitdaten(fabrik, periode, bewertungsregeln(fabrik, einstellungen))
    nutzer = sicherheit.benutzer()
    eigene = eigene_handlungsfelder(nutzer) if nutzer is not None else []
    felder = d.handlungsfelder.assign(_eigen=~d.handlungsfelder["id"].isin(eigene)).sort_values("_eigen", kind="stable")
    karten = [_handlungsfeldkarte(hf, d) for _, hf in felder.iterrows()]
    karte = (aufgabenkarte(aufgaben_des_nutzers(fabrik, einstellungen, periode))
             if nutzer is not None and ist_bereichsrolle(nutzer) else None)
    return html.Div(
        [
            html.H1(f"Cockpit {d.kommune}", className="h2"),
            html.P([stand(d), _regeltext(d)],
                   className="text-body-secondary", id=IDs.STAND),
            auswahlleiste(periode, verfuegbar),
            hinweisleiste(hinweise),
            karte,
            _quartalsleiste(periode),
            _uebersicht(d),
            _diagramm(d) if karten else None,
            html.H2("Handlungsfelder (Ihre zuerst)" if eigene else "Handlungsfelder", className="h4 mb-3")
            if karten else dbc.Alert(
                "Noch keine Handlungsfelder und Ziele erfasst: das Cockpit zeigt den Haushalt. Ziele, Kennzahlen "
                "und ihre Verknüpfung mit Produkten lassen sich über „Import“ einlesen.", color="info"),
            html.Div(karten, id=IDs.HANDLUNGSFELDER, className="hf-raster mb-4"),
            _produkttabelle(d) if not d.produkte.empty else None,
            _ohne_ziel(fabrik, periode),
            _produktbereiche(d),
        ]
    )


def validierungslayout() -> list:
    """This page's callbacks use only the shared period selection."""
    return []


def callbacks_registrieren(app, url_id: str) -> None:
    """The cockpit has no callbacks of its own: the period selection is shared (dashboard.auswahl)."""
