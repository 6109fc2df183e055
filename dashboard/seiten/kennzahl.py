"""The Kennzahl view (Steckbrief): definition, time series against target with status per period, values
per Sozialraum, linked goals and products, explanations and measures.

URL: ``/kennzahl/<code>?jahr=2026&quartal=3&sozialraum=103``. Every parameter is optional; invalid ones
give a German hint and fall back to the default (newest period, Gesamtstadt). An unknown code gives the
"nicht gefunden" page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import links
from dashboard.auswahl import (
    auswahlleiste,
    gerade_gezeichnet,
    hinweisleiste,
    mit_parameter,
    parameter_in_url,
    periode_waehlen,
)
from dashboard.figuren import graph_config
from dashboard.figuren import kennzahl as figuren
from dashboard.komponenten import (
    Spalte,
    brotkrumen,
    datentabelle,
    diagramm_mit_tabelle,
    kennzahlkarte,
    leichte_sprache,
    statusbadge,
    statusfelder,
    zellwert,
)
from dashboard.seiten import nicht_gefunden
from dashboard.seiten.kommentar import aktionsleiste
from kennzahlen import formate as fmt
from kennzahlen import kleine_zahlen as kz
from kennzahlen import sozialraum as so
from kennzahlen import status as st
from kennzahlen import zeitreihe as zr
from kennzahlen.abfragen import kennzahl as abfragen
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode

PFAD = "/kennzahl/{code}"
TITEL = "Kennzahl"

TYPEN = {
    "input": "Input (Ressourcen)",
    "output": "Output (Leistung)",
    "wirkung": "Wirkung",
    "prozess": "Prozess/Qualität",
    "kontext": "Kontext",
}
RICHTUNGEN = {"hoeher_besser": "höher ist besser", "niedriger_besser": "niedriger ist besser",
              "zielkorridor": "Zielkorridor"}
FREQUENZEN = {"jahr": "jährlich", "tertial": "je Tertial", "quartal": "vierteljährlich", "monat": "monatlich"}
RAUMEBENEN = {"stadt": "Gesamtstadt", "sozialraum": "Gesamtstadt und Sozialräume"}
ROLLEN = {"fallzahl": "Fallzahl", "leistung": "Leistung", "wirkung": "Wirkung"}
KOMMENTARARTEN = {"abweichungsbegruendung": "Abweichungsbegründung", "massnahme": "Maßnahme", "hinweis": "Hinweis"}
MASSNAHMENSTATUS = {"offen": "offen", "in_umsetzung": "in Umsetzung", "umgesetzt": "umgesetzt",
                    "verworfen": "verworfen"}
ZIELEBENEN = {"strategisch": "strategisches Ziel", "operativ": "operatives Ziel"}
MAX_ECHO = 40  # characters of a wrong URL value repeated in a hint
SPANNEN = (1, 2, 3, 5)
"""Years the change per Sozialraum can span (``?spanne=3``, the default)."""
STANDARDSPANNE = 3
RANGARTEN = {"stand": "Stand", "anstieg": "Anstieg"}
"""Orders of the district ranking (``?rang=anstieg``: the fastest rise first)."""
GESAMTSTADT = "gesamtstadt"
"""Selector value for the whole city (dbc.Select keeps "" for its hidden placeholder option)."""


class IDs:
    """Component IDs of this page."""

    TITEL = "kennzahl-titel"
    SOZIALRAUM = "kennzahl-sozialraum"
    IST = "kennzahl-ist"
    ZIEL = "kennzahl-zielwert"
    STATUS = "kennzahl-status"
    RAUMWERT = "kennzahl-raumwert"
    VERGLEICH = "kennzahl-vergleichswert"
    PROGNOSE = "kennzahl-prognose"
    STATUSVERLAUF = "kennzahl-statusverlauf"
    ZEITREIHE = "kennzahl-zeitreihe"
    KARTE = "kennzahl-karte"
    RANG = "kennzahl-rang"
    SPANNE = "kennzahl-spanne"
    RANGLISTE = "kennzahl-rangliste"
    BALKEN = "kennzahl-sozialraeume"
    STECKBRIEF = "kennzahl-steckbrief"
    VERKNUEPFUNGEN = "kennzahl-verknuepfungen"
    KOMMENTARE = "kennzahl-kommentare"


# ---------------------------------------------------------------------------------------------------
# URL parameters
# ---------------------------------------------------------------------------------------------------


def _echo(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def sozialraum_aus_parametern(
    parameter: Mapping[str, str], sozialraeume: pd.DataFrame, hat_werte: bool
) -> tuple[str | None, list[str]]:
    """The Sozialraum code the URL asks for (``?sozialraum=103``) and German hints on what was ignored.

    None means Gesamtstadt: no parameter, a blank one, a code that does not exist, or a Kennzahl without
    values per Sozialraum (the last two with a hint).
    """
    roh = (parameter.get("sozialraum") or "").strip()
    if not roh or roh == GESAMTSTADT:
        return None, []
    if not hat_werte:
        return None, [f"Diese Kennzahl wird nicht je Sozialraum erhoben; „{_echo(roh)}“ wird ignoriert, "
                      "angezeigt wird die Gesamtstadt."]
    if roh not in set(sozialraeume["code"]):
        return None, [f"„{_echo(roh)}“ ist kein Sozialraum; angezeigt wird die Gesamtstadt."]
    return roh, []


def sozialraum_suchtext(bisher: str | None, sozialraum: str | None) -> str | None:
    """The URL query with the new Sozialraum (blank or ``GESAMTSTADT``: none), other parameters kept; None when the
    URL already shows that Sozialraum (so nothing is redrawn twice).

    ``sozialraum_suchtext("?jahr=2026&quartal=3", "103") == "?jahr=2026&quartal=3&sozialraum=103"``
    """
    return mit_parameter(bisher, "sozialraum", sozialraum, ("", GESAMTSTADT))


def vergleich_aus_parametern(parameter: Mapping[str, str]) -> tuple[int, str, list[str]]:
    """(span in years, ranking order 'stand' | 'anstieg', German hints) from ``?spanne=3&rang=anstieg``."""
    hinweise = []
    roh = (parameter.get("spanne") or "").strip()
    spanne = STANDARDSPANNE
    if roh:
        if roh.isdigit() and int(roh) in SPANNEN:
            spanne = int(roh)
        else:
            erlaubt = ", ".join(str(j) for j in SPANNEN)
            hinweise.append(f"„{_echo(roh)}“ ist keine Spanne (erwartet: {erlaubt} Jahre); gezeigt wird die "
                            f"Veränderung über {STANDARDSPANNE} Jahre.")
    rang = (parameter.get("rang") or "").strip() or "stand"
    if rang not in RANGARTEN:
        hinweise.append(f"„{_echo(rang)}“ ist keine Sortierung (erwartet: stand oder anstieg); sortiert wird nach "
                        "dem Stand.")
        rang = "stand"
    return spanne, rang, hinweise


def profiladresse(code: str, suche: str | None) -> tuple[str, str]:
    """(path, query) of a district's profile, keeping the period and span of ``suche`` (not the Kennzahl's
    own selection): ``("/sozialraum/103", "?jahr=2026&quartal=3")``."""
    from urllib.parse import parse_qsl, quote, urlencode

    behalten = {k: v for k, v in parse_qsl((suche or "").lstrip("?"))
                if k in ("jahr", "quartal", "tertial", "monat", "spanne")}
    return f"/sozialraum/{quote(str(code), safe='')}", ("?" + urlencode(behalten) if behalten else "")


def veraenderung_text(wert: float | None, art: str, stellen: int) -> str:
    """A signed change: '+4,4 Prozentpunkte' (art 'pp') or '+12,5 %' (art 'prozent'); '–' without a value."""
    if wert is None or pd.isna(wert):
        return fmt.LEER
    zeichen = "+" if wert > 0 else ("−" if wert < 0 else "±")
    return zeichen + fmt.wert_mit_einheit(abs(wert), "Prozentpunkte" if art == "pp" else "%", stellen)


def differenz_text(differenz: float | None, einheit: str, stellen: int) -> str:
    """A signed change in the Kennzahl's unit; percentages change by Prozentpunkte: '+0,4 Prozentpunkte'."""
    if differenz is None or pd.isna(differenz):
        return fmt.LEER
    einheit_diff = "Prozentpunkte" if einheit == "%" else einheit
    zeichen = "+" if differenz > 0 else ("−" if differenz < 0 else "±")
    return zeichen + fmt.wert_mit_einheit(abs(differenz), einheit_diff, stellen)


def zieltext(k: Mapping, zielwert: float | None) -> str:
    """The target as text: the corridor '45–60 %' for a Zielkorridor, else the Zielwert ('–' if none)."""
    stellen = int(k["nachkommastellen"])
    if k["richtung"] == "zielkorridor" and pd.notna(k["korridor_unten"]) and pd.notna(k["korridor_oben"]):
        unten, oben = sorted([k["korridor_unten"], k["korridor_oben"]])
        return f"{fmt.zahl(unten, stellen)}–{fmt.wert_mit_einheit(oben, k['einheit'], stellen)}"
    return fmt.wert_mit_einheit(zielwert, k["einheit"], stellen)


def zusammenfassung_zeitreihe(k: Mapping, reihe: pd.DataFrame, raumreihe: pd.DataFrame | None = None,
                              raumname: str | None = None) -> str:
    """One sentence for screen readers: period range, latest Ist, target, baseline and status."""
    if reihe.empty:
        return f"Für {k['name']} liegen keine Werte vor."
    stellen, einheit = int(k["nachkommastellen"]), k["einheit"]
    mit_ist = reihe[reihe["ist"].notna()]
    teile = [f"Liniendiagramm {k['name']} von {reihe['lang'].iloc[0]} bis {reihe['lang'].iloc[-1]}"]
    if len(mit_ist):
        letzte = mit_ist.iloc[-1]
        teile.append(f"zuletzt Ist {fmt.wert_mit_einheit(letzte['ist'], einheit, stellen)} ({letzte['kurz']})")
        erste = mit_ist.iloc[0]
        teile.append(f"zu Beginn {fmt.wert_mit_einheit(erste['ist'], einheit, stellen)} ({erste['kurz']})")
    ziel = zieltext(k, reihe["zielwert"].iloc[-1])
    if ziel != fmt.LEER:
        teile.append(f"Ziel {ziel}")
    if reihe["ausgangswert"].notna().any():
        teile.append(f"Ausgangswert {fmt.wert_mit_einheit(reihe['ausgangswert'].iloc[0], einheit, stellen)}")
    if raumreihe is not None and raumreihe["ist"].notna().any():
        r = raumreihe[raumreihe["ist"].notna()].iloc[-1]
        teile.append(f"im Sozialraum {raumname} zuletzt {fmt.wert_mit_einheit(r['ist'], einheit, stellen)}")
    letzte_zeile = reihe.iloc[-1]
    if k["typ"] == "kontext":
        teile.append("Kontextkennzahl, nicht bewertet")
    else:
        teile.append(f"Status {letzte_zeile['kurz']}: {letzte_zeile['status_text']}")
    return "; ".join(teile) + "."


def zusammenfassung_sozialraeume(k: Mapping, werte: pd.DataFrame, periode: Periode) -> str:
    """One sentence for screen readers: highest and lowest district and the city value."""
    stellen, einheit = int(k["nachkommastellen"]), k["einheit"]
    mit = werte[werte["wert"].notna()].sort_values("wert")
    geschuetzt = int(werte["unterdrueckt"].sum()) if "unterdrueckt" in werte else 0
    schutz = (f" {geschuetzt} Sozialräume sind aus Datenschutzgründen nicht ausgewiesen (kleine Fallzahl)."
              if geschuetzt else "")
    if mit.empty:
        return f"Für {periode.lang} liegen keine Werte je Sozialraum vor." + schutz
    hoch, tief = mit.iloc[-1], mit.iloc[0]
    satz = (f"{k['name']} in {len(mit)} Sozialräumen, {periode.lang}: am höchsten {hoch['code']} {hoch['name']} "
            f"mit {fmt.wert_mit_einheit(hoch['wert'], einheit, stellen)}, am niedrigsten {tief['code']} "
            f"{tief['name']} mit {fmt.wert_mit_einheit(tief['wert'], einheit, stellen)}")
    if pd.notna(werte["stadtwert"].iloc[0]):
        satz += f"; Gesamtstadt {fmt.wert_mit_einheit(werte['stadtwert'].iloc[0], einheit, stellen)}"
    return satz + "." + schutz


# ---------------------------------------------------------------------------------------------------
# Pieces of the page
# ---------------------------------------------------------------------------------------------------


def vorhanden(wert) -> bool:
    """False for None, NaN and blank text (pandas turns SQL NULL into either None or NaN)."""
    if wert is None:
        return False
    if isinstance(wert, str):
        return bool(wert.strip())
    return not pd.isna(wert)


def _badge(text: str) -> dbc.Badge:
    return dbc.Badge(text, color="light", text_color="dark", className="border me-2 fw-normal fs-6")


def _status(zeile: Mapping) -> html.Span:
    return statusbadge(zeile["status_symbol"], zeile["status_text"], zeile["status_farbe"], zeile["status_code"])


def _kopf(k: Mapping, periode: Periode, ziel: pd.Series | None) -> list:
    stationen: list[tuple[str, str | None]] = [("Cockpit", links.cockpit(periode))]
    hf_code, hf_name = k["handlungsfeld_code"], k["handlungsfeld_name"]
    if not vorhanden(hf_code) and ziel is not None:
        hf_code, hf_name = ziel["handlungsfeld_code"], ziel["handlungsfeld_name"]
    if vorhanden(hf_code):
        stationen.append((hf_name, links.handlungsfeld(hf_code, periode)))
    if ziel is not None:
        stationen.append((f"{ziel['code']} {ziel['name']}", links.ziel(ziel["code"], periode)))
    stationen.append((f"{k['code']} {k['name']}", None))
    richtung = RICHTUNGEN.get(k["richtung"], k["richtung"])
    kopf = [
        brotkrumen(stationen),
        html.H1([html.Span(f"{k['code']} ", className="text-body-secondary"), k["name"]], className="h2",
                id=IDs.TITEL),
        html.Div([_badge(f"Typ: {TYPEN.get(k['typ'], k['typ'])}"), _badge(f"Richtung: {richtung}"),
                  _badge(f"Einheit: {k['einheit']}")], className="mb-3"),
        leichte_sprache(k.get("leichte_sprache"), "kennzahl-leichte-sprache"),
        aktionsleiste("kennzahl", k["code"], periode),
    ]
    if k["typ"] == "kontext":
        kopf.append(dbc.Alert(
            [html.Strong("Kontextkennzahl: "),
             "Sie beschreibt das Umfeld, das die Verwaltung nicht allein beeinflussen kann. Sie wird gezeigt, "
             "aber nie bewertet und fließt in keinen Zielstatus ein."],
            color="info", className="py-2"))
    return kopf


def _sozialraumauswahl(raeume: pd.DataFrame, gewaehlt: str | None) -> dbc.Col:
    optionen = [{"label": "Gesamtstadt", "value": GESAMTSTADT}] + [
        {"label": f"{c} {n}", "value": c} for c, n in zip(raeume["code"], raeume["name"], strict=True)
    ]
    return dbc.Col([dbc.Label("Sozialraum", html_for=IDs.SOZIALRAUM),
                    dbc.Select(id=IDs.SOZIALRAUM, value=gewaehlt or GESAMTSTADT, options=optionen)], width="auto")


def _zeile_der_periode(reihe: pd.DataFrame, periode: Periode) -> pd.Series | None:
    if reihe.empty:
        return None
    if (reihe["periodenart"] == "jahr").all():
        treffer = reihe[reihe["jahr"] == periode.jahr]
    else:
        treffer = reihe[(reihe["jahr"] == periode.jahr) & (reihe["periode"] == periode.nummer)]
    return treffer.iloc[0] if len(treffer) else None


def _karten(k: Mapping, zeile: pd.Series | None, periode: Periode, raumzeile: pd.Series | None,
            raumname: str | None, rang: tuple[float, int] | None) -> dbc.Row:
    stellen, einheit = int(k["nachkommastellen"]), k["einheit"]
    kurz = zeile["kurz"] if zeile is not None else periode.kurz
    if zeile is None:
        ist_text, ist_zusatz = fmt.LEER, f"Für {periode.lang} liegt kein Wert vor."
    else:
        ist_text = fmt.wert_mit_einheit(zeile["ist"], einheit, stellen)
        vorl = " · vorläufig" if zeile["ist_status"] == "vorlaeufig" else ""
        if pd.isna(zeile["ist"]):
            ist_zusatz = ("Ist nicht geliefert (die Vorperiode hat einen Wert)." if zeile["nicht_geliefert"]
                          else "Kein Ist für diese Periode.")
        else:
            ist_zusatz = (f"Vorperiode {fmt.wert_mit_einheit(zeile['vorperiode'], einheit, stellen)} · "
                          f"Veränderung {differenz_text(zeile['ist'] - zeile['vorperiode'], einheit, stellen)}{vorl}")
    zielwert = zeile["zielwert"] if zeile is not None else math.nan
    ziel = zieltext(k, zielwert)
    ziel_zusatz = []
    if k["richtung"] == "zielkorridor" and pd.notna(zielwert):
        ziel_zusatz.append(f"Zielwert {fmt.wert_mit_einheit(zielwert, einheit, stellen)}")
    if zeile is not None and pd.notna(zeile["ausgangswert"]):
        ziel_zusatz.append(f"Ausgangswert {fmt.wert_mit_einheit(zeile['ausgangswert'], einheit, stellen)}")
    if ziel == fmt.LEER and not ziel_zusatz:
        ziel_zusatz.append("Kein Zielwert festgelegt.")
    if zeile is None:
        stufe = st.KEINE_BEWERTUNG
        status = statusbadge(stufe.symbol, stufe.bezeichnung, stufe.farbe, stufe.code)
        status_zusatz = "Kein Ist – keine Bewertung."
    else:
        status = _status(zeile)
        if k["typ"] == "kontext":
            status_zusatz = "Kontextkennzahl – wird nicht bewertet."
        elif zeile["grad"] is not None and not pd.isna(zeile["grad"]):
            status_zusatz = f"Zielerreichungsgrad {fmt.prozent(zeile['grad'], 0)}"
        elif pd.isna(zeile["ist"]):
            status_zusatz = "Kein Ist – keine Bewertung."
        else:
            status_zusatz = "Kein Zielwert – keine Bewertung."
    spalten = [
        dbc.Col(kennzahlkarte(f"Ist Gesamtstadt {kurz}", ist_text, ist_zusatz, IDs.IST), md=6, lg=3),
        dbc.Col(kennzahlkarte(f"Ziel {periode.jahr}", ziel, " · ".join(ziel_zusatz), IDs.ZIEL), md=6, lg=3),
        dbc.Col(kennzahlkarte(f"Status {kurz}", status, status_zusatz, IDs.STATUS), md=6, lg=3),
    ]
    if raumname:
        wert = raumzeile["wert"] if raumzeile is not None else math.nan
        wert_text = fmt.wert_mit_einheit(wert, einheit, stellen)
        zusatz = "Kein Wert für diese Periode."
        if raumzeile is not None and pd.notna(wert):
            zusatz = f"Abstand zur Gesamtstadt {differenz_text(raumzeile['abstand_stadt'], einheit, stellen)}"
            if rang is not None:
                zusatz += f" · Rang {int(rang[0])} von {rang[1]} (1 = höchster Wert)"
        elif raumzeile is not None and raumzeile["unterdrueckt"]:
            wert_text = kz.UNTERDRUECKT
            zusatz = ("Kleine Fallzahl: aus Datenschutzgründen nicht ausgewiesen (Werte unter "
                      f"{_minimum(k)} und Werte, aus denen sie sich zurückrechnen ließen).")
        spalten.append(dbc.Col(kennzahlkarte(f"Ist {raumname} {kurz}", wert_text, zusatz, IDs.RAUMWERT),
                               md=6, lg=3))
    elif zeile is not None and pd.notna(zeile["vergleichswert"]):
        spalten.append(dbc.Col(kennzahlkarte(f"Vergleichswert {periode.jahr}",
                                             fmt.wert_mit_einheit(zeile["vergleichswert"], einheit, stellen),
                                             "laut Steckbrief (z. B. Landesdurchschnitt)", IDs.VERGLEICH),
                               md=6, lg=3))
    elif zeile is not None and pd.notna(zeile["prognose"]):
        spalten.append(dbc.Col(kennzahlkarte(f"Prognose {periode.jahr}",
                                             fmt.wert_mit_einheit(zeile["prognose"], einheit, stellen),
                                             "erwarteter Wert zum Jahresende", IDs.PROGNOSE), md=6, lg=3))
    return dbc.Row(spalten, className="g-3 mb-3")


def _statusverlauf(k: Mapping, reihe: pd.DataFrame, anzahl: int = 8) -> html.Div:
    if k["typ"] == "kontext" or reihe.empty:
        return html.Div(id=IDs.STATUSVERLAUF)
    letzte = reihe.tail(anzahl)
    return html.Div(
        [html.H2(f"Status der letzten {len(letzte)} Perioden", className="h6 text-body-secondary mb-2"),
         html.Ul([html.Li([html.Span(z["kurz"], className="me-1 small"), _status(z)],
                          className="d-inline-block me-2 mb-1") for _, z in letzte.iterrows()],
                 className="list-unstyled mb-0")],
        className="mb-4", id=IDs.STATUSVERLAUF,
    )


def _zeitreihenkarte(k: Mapping, reihe: pd.DataFrame, periode: Periode, raumreihe: pd.DataFrame | None,
                     raumname: str | None) -> dbc.Card:
    stellen, einheit = int(k["nachkommastellen"]), k["einheit"]
    korridor = (k["korridor_unten"], k["korridor_oben"]) if k["richtung"] == "zielkorridor" else None
    zeile = _zeile_der_periode(reihe, periode)
    fig = figuren.zeitreihe(
        reihe, einheit=einheit, stellen=stellen, kontext=k["typ"] == "kontext", korridor=korridor,
        gewaehlt=zeile["kurz"] if zeile is not None else None, raumreihe=raumreihe, raumname=raumname,
    )
    raumwerte = {}
    if raumreihe is not None:
        raumwerte = {(j, p): (None, kz.UNTERDRUECKT_LANG) if u else (zellwert(w, einheit, stellen), None)
                     for j, p, w, u in zip(raumreihe["jahr"], raumreihe["periode"], raumreihe["ist"],
                                           raumreihe["unterdrueckt"], strict=True)}
    mit_vergleich = reihe["vergleichswert"].notna().any() if len(reihe) else False
    spalten = [Spalte("Periode", feld="periode"), Spalte("Ist Gesamtstadt" if raumname else "Ist", True, "ist", "wert")]
    if raumname:
        spalten.append(Spalte(f"Ist {raumname}", True, "raum", "wert"))
    spalten += [Spalte("Zielwert", True, "zielwert", "wert"), Spalte("Status", feld="status", format="status")]
    if mit_vergleich:
        spalten.append(Spalte("Vergleichswert", True, "vergleich", "wert"))
    zeilen = []
    for _, z in reihe.iloc[::-1].iterrows():
        zeile = {"periode": z["lang"], "ist": zellwert(z["ist"], einheit, stellen), "einheit": einheit,
                 "stellen": stellen, "zielwert": zellwert(z["zielwert"], einheit, stellen), **statusfelder(z)}
        if z["ist_status"] == "vorlaeufig":
            zeile["ist_zusatz"] = " (vorläufig)"
        elif z["nicht_geliefert"]:
            zeile["ist_text"] = "nicht geliefert"
        if raumname:
            zeile["raum"], text = raumwerte.get((z["jahr"], z["periode"]), (None, None))
            if text:
                zeile["raum_text"] = text
        if mit_vergleich:
            zeile["vergleich"] = zellwert(z["vergleichswert"], einheit, stellen)
        zeilen.append(zeile)
    titel = "Zeitverlauf: Ist, Ziel und Ausgangswert" + (f" – Gesamtstadt und {raumname}" if raumname else "")
    karte = diagramm_mit_tabelle(
        IDs.ZEITREIHE, titel, fig, zusammenfassung_zeitreihe(k, reihe, raumreihe, raumname),
        datentabelle(f"{IDs.ZEITREIHE}-tabelle", spalten, zeilen, f"{k['name']}: Werte und Status je Periode"),
    )
    if raumreihe is not None and raumreihe["unterdrueckt"].any():
        karte.children[1].children.insert(0, _schutzhinweis(f"{IDs.ZEITREIHE}-datenschutz", _minimum(k)))
    return karte


def _minimum(k: Mapping) -> int:
    """The installation's WK_MINDESTFALLZAHL, put into the Steckbrief row by ``layout``."""
    return int(k.get("mindestfallzahl", kz.MINDESTFALLZAHL))


def _schutzhinweis(id_: str, minimum: int = kz.MINDESTFALLZAHL) -> html.P:
    return html.P(kz.hinweis(minimum) + f" Solche Perioden und Sozialräume zeigen „{kz.UNTERDRUECKT_LANG}“.",
                  className="small text-body-secondary", id=id_)


def sozialraeume_mit_veraenderung(raumwerte: pd.DataFrame, werte: pd.DataFrame, periode: Periode, spanne: int,
                                  einheit: str) -> pd.DataFrame:
    """``werte_je_sozialraum`` plus the ranking of ``sozialraum.rangliste``: stand_anfang, veraenderung,
    stadt_veraenderung, rang_veraenderung, anzahl_veraenderung, hinweis (suppressed values stay hidden)."""
    liste = so.rangliste(werte, periode, spanne, so.art_fuer_einheit(einheit))
    spalten = ["code", "stand_anfang", "veraenderung", "stadt_veraenderung", "rang_veraenderung",
               "anzahl_veraenderung", "hinweis"]
    df = raumwerte.merge(liste[spalten], on="code", how="left")
    df["hinweis"] = df["hinweis"].fillna("kein Wert")
    return df


def raten_anfuegen(fabrik, raumwerte: pd.DataFrame, kennzahl_id: int, periode: Periode,
                   mindestbevoelkerung: int) -> pd.DataFrame:
    """For a Kennzahl with an age band: ``raumwerte`` with rate, rate_hinweis, rang_rate, stadt_rate and the
    named denominator in ``attrs["nenner"]`` (``sozialraum.raten``); unchanged without an age band."""
    band = so.altersband_der_kennzahl(fabrik, kennzahl_id)
    if band is None:
        return raumwerte
    df, nenner = so.raten(fabrik, raumwerte.assign(stand=raumwerte["wert"], stadt_stand=raumwerte["stadtwert"]),
                          band, periode.jahr, mindestbevoelkerung)
    df = df.drop(columns=["stand", "stadt_stand"])
    df.attrs["nenner"] = nenner
    return df


def _ratenhinweis(werte: pd.DataFrame) -> html.P | None:
    if "rate" not in werte:
        return None
    stadt = werte["stadt_rate"].iloc[0] if len(werte) else math.nan
    return html.P(f"Rate {werte.attrs.get('nenner', '')}"
                  + (f"; Gesamtstadt {fmt.zahl(stadt, 1)}" if pd.notna(stadt) else "")
                  + ". Für Sozialräume mit geschützter Fallzahl oder zu wenigen Einwohnern der Altersgruppe wird "
                  "keine Rate ausgewiesen (Grund in der Rangliste).", className="small", id=f"{IDs.RANGLISTE}-nenner")


def _sortiert(werte: pd.DataFrame, rang: str) -> pd.DataFrame:
    spalte = "rang_veraenderung" if rang == "anstieg" else "rang"
    return werte.sort_values([spalte, "rang", "code"], na_position="last")


def _vergleichsauswahl(spanne: int, rang: str) -> dbc.Row:
    return dbc.Row([
        dbc.Col([dbc.Label("Sortieren nach", html_for=IDs.RANG),
                 dbc.Select(id=IDs.RANG, value=rang, options=[{"label": t, "value": w} for w, t in RANGARTEN.items()])],
                width="auto"),
        dbc.Col([dbc.Label("Veränderung über", html_for=IDs.SPANNE),
                 dbc.Select(id=IDs.SPANNE, value=str(spanne),
                            options=[{"label": f"{j} Jahr" + ("e" if j > 1 else ""), "value": str(j)}
                                     for j in SPANNEN])], width="auto"),
    ], className="g-3 mb-3 align-items-end")


def _sozialraumteil(k: Mapping, werte: pd.DataFrame, periode: Periode, gewaehlt: str | None, spanne: int = 3,
                    rang: str = "stand") -> html.Div:
    stellen, einheit = int(k["nachkommastellen"]), k["einheit"]
    einheit_diff = "Prozentpunkte" if einheit == "%" else einheit
    art = so.art_fuer_einheit(einheit)
    anfang = so.anfangsperiode(periode, spanne)
    aenderung_titel = f"Veränderung seit {anfang.kurz} ({'Prozentpunkte' if art == 'pp' else '%'})"
    zeilen, kartenzeilen = [], []
    for _, r in _sortiert(werte, rang).iterrows():
        versteckt = bool(r["unterdrueckt"])
        profil, profil_suche = profiladresse(r["code"], links.kennzahl(k["code"], periode).partition("?")[2])
        zeile = {"name": f"{r['code']} {r['name']}",
                 "name_href": links.kennzahl(k["code"], periode, sozialraum=r["code"]),
                 "profil": "Profil", "profil_href": profil + profil_suche,
                 "bezirk": r["bezirk_name"] or fmt.LEER, "einheit": einheit, "einheit_diff": einheit_diff,
                 "stellen": stellen, "wert": None if versteckt else zellwert(r["wert"], einheit, stellen),
                 "veraenderung": zellwert(r["veraenderung"], einheit_diff if art == "pp" else "%",
                                          stellen if art == "pp" else 1),
                 "abstand": None if versteckt else zellwert(r["abstand_stadt"], einheit_diff, stellen),
                 "rang": None if pd.isna(r["rang"]) else int(r["rang"]),
                 "rang_anstieg": None if pd.isna(r["rang_veraenderung"]) else int(r["rang_veraenderung"])}
        if "rate" in r:
            zeile.update(rate=None if pd.isna(r["rate"]) else round(float(r["rate"]), 1),
                         rang_rate=None if pd.isna(r["rang_rate"]) else int(r["rang_rate"]))
            if pd.isna(r["rate"]):
                zeile["rate_text"] = r["rate_hinweis"] or "kein Wert"
        if versteckt:
            zeile["wert_text"] = so.UNTERDRUECKT_TEXT
        if pd.isna(r["veraenderung"]) and r["hinweis"]:
            zeile["veraenderung_text"] = r["hinweis"]
        if r["code"] == gewaehlt:
            zeile.update(name_vor="▶ ", name_nach=" (gewählt)", name_klasse="fw-bold")
        zeilen.append(zeile)
        kartenzeilen.append({"name": zeile["name"], "name_href": zeile["profil_href"], "bezirk": zeile["bezirk"],
                             "einheit": einheit, "stellen": stellen, "wert": zeile["wert"],
                             **({"wert_text": zeile["wert_text"]} if versteckt else {})})
    spalten = [Spalte("Sozialraum", feld="name", format="verweis", breite=180), Spalte("Stadtbezirk", feld="bezirk"),
               Spalte(f"Stand {periode.kurz}", True, "wert", "wert"),
               (Spalte(aenderung_titel, True, "veraenderung", "differenz") if art == "pp" else
                Spalte(aenderung_titel, True, "veraenderung", "prozent", stellen=1, vorzeichen=True)),
               Spalte(f"Abstand zur Stadt ({einheit_diff})", True, "abstand", "differenz"),
               Spalte("Rang Stand", True, "rang", "zahl"), Spalte("Rang Anstieg", True, "rang_anstieg", "zahl"),
               Spalte("Profil", feld="profil", format="verweis")]
    if "rate" in werte:
        spalten[-1:-1] = [Spalte("Rate je 1.000 der Altersgruppe", True, "rate", "zahl", stellen=1),
                          Spalte("Rang Rate", True, "rang_rate", "zahl")]
    kartenspalten = [Spalte("Sozialraum (öffnet das Profil)", feld="name", format="verweis", breite=200),
                     Spalte("Stadtbezirk", feld="bezirk"), Spalte(f"Stand {periode.kurz}", True, "wert", "wert")]

    satz = zusammenfassung_sozialraeume(k, werte, periode)
    hover = [f"<br>Veränderung seit {anfang.kurz}: {veraenderung_text(v, art, stellen) if pd.notna(v) else h}"
             f"<br>Abstand zur Stadt: {differenz_text(d, einheit, stellen)}"
             for v, h, d in zip(werte["veraenderung"], werte["hinweis"], werte["abstand_stadt"], strict=True)]
    karte = diagramm_mit_tabelle(
        IDs.KARTE, f"Karte: {k['name']} je Sozialraum, {periode.kurz}",
        figuren.sozialraumkarte(werte.assign(hover_zusatz=hover), einheit=einheit, stellen=stellen,
                                gewaehlt=gewaehlt),
        "Karte. " + satz + " Ein Klick auf einen Sozialraum öffnet sein Profil. Sozialräume auf der Karte: "
        + "; ".join(f"{z['name']}: {z.get('wert_text') or fmt.wert_mit_einheit(z['wert'], einheit, stellen)}"
                    for z in kartenzeilen) + ".",
        datentabelle(f"{IDs.KARTE}-tabelle", kartenspalten, kartenzeilen,
                     f"{k['name']} je Sozialraum, {periode.lang} (Tabelle zur Karte)"),
    )
    if rang == "anstieg":
        balkendaten = werte.assign(wert=werte["veraenderung"], stadtwert=werte["stadt_veraenderung"],
                                   unterdrueckt=werte["veraenderung"].isna() & werte["hinweis"].str.contains(
                                       "unterdrückt"))
        balken_fig = figuren.sozialraumbalken(balkendaten, einheit="Prozentpunkte" if art == "pp" else "%",
                                              stellen=stellen, gewaehlt=gewaehlt)
        balken_titel = (f"Anstieg je Sozialraum seit {anfang.kurz}, stärkster Anstieg oben"
                        + figuren.balkenumfang(int(balkendaten["wert"].notna().sum())))
        mit = werte[werte["veraenderung"].notna()].sort_values("veraenderung", ascending=False)
        balken_satz = (f"Balkendiagramm der Veränderung seit {anfang.kurz}: am stärksten gestiegen "
                       f"{mit.iloc[0]['code']} {mit.iloc[0]['name']} mit "
                       f"{veraenderung_text(mit.iloc[0]['veraenderung'], art, stellen)}." if len(mit)
                       else f"Für die Veränderung seit {anfang.kurz} liegen keine Werte vor.")
    else:
        balken_fig = figuren.sozialraumbalken(werte, einheit=einheit, stellen=stellen, gewaehlt=gewaehlt)
        balken_titel = f"Rangfolge der Sozialräume nach Stand, {periode.kurz}" + figuren.balkenumfang(
            int(werte["wert"].notna().sum()))
        balken_satz = "Balkendiagramm. " + satz
    rangliste = dbc.Card([
        dbc.CardHeader(html.H2(balken_titel, className="h5 mb-0", id=f"{IDs.BALKEN}-titel")),
        dbc.CardBody([
            html.P(balken_satz, className="visually-hidden", id=f"{IDs.BALKEN}-zusammenfassung"),
            html.Div(dcc.Graph(id=IDs.BALKEN, figure=balken_fig, config=graph_config(balken_fig)),
                     role="figure", **{"aria-labelledby": f"{IDs.BALKEN}-titel",
                                       "aria-describedby": f"{IDs.BALKEN}-zusammenfassung"}),
        ]),
    ], className="mb-4")
    tabelle = html.Div([
        html.H3(f"Rangliste: Stand, Veränderung über {spanne} Jahr{'e' if spanne > 1 else ''} und Abstand zur Stadt",
                className="h5"),
        datentabelle(IDs.RANGLISTE, spalten, zeilen,
                     f"{k['name']} je Sozialraum, {periode.lang}: Stand, Veränderung, Abstand und Rang"),
    ], className="mb-4")
    return html.Div([
        html.H2(f"Werte je Sozialraum ({periode.lang})", className="h4 mb-1"),
        html.P("„Sortieren nach: Anstieg“ zeigt, wo der Wert am stärksten steigt. Ein Klick auf einen Sozialraum in "
               "der Karte oder auf „Profil“ öffnet sein Profil, ein Klick auf den Namen in der Rangliste zeigt "
               "seinen Verlauf hier. Sozialräume haben keine eigenen Zielwerte; bewertet wird nur der Wert der "
               "Gesamtstadt.", className="text-body-secondary small"),
        _vergleichsauswahl(spanne, rang),
        _schutzhinweis(f"{IDs.KARTE}-datenschutz", _minimum(k)) if werte["unterdrueckt"].any() else None,
        _ratenhinweis(werte),
        tabelle,
        dbc.Row([dbc.Col(karte, lg=6), dbc.Col(rangliste, lg=6)], className="g-3"),
    ])


def _definitionsliste(eintraege: list[tuple[str, object]]) -> html.Dl:
    kinder = []
    for begriff, wert in eintraege:
        kinder += [html.Dt(begriff, className="col-sm-4"), html.Dd(wert, className="col-sm-8")]
    return html.Dl(kinder, className="row mb-0")


def _steckbrief(k: Mapping) -> dbc.Card:
    stellen = int(k["nachkommastellen"])
    formel: object = fmt.LEER
    if vorhanden(k["zaehler"]) or vorhanden(k["nenner"]):
        zaehler = k["zaehler"] if vorhanden(k["zaehler"]) else fmt.LEER
        nenner = k["nenner"] if vorhanden(k["nenner"]) else fmt.LEER
        formel = html.Span([html.Span(zaehler), html.Br(), html.Span("geteilt durch "), html.Span(nenner)])
    verantwortlich = fmt.LEER
    if vorhanden(k["organisationseinheit"]):
        verantwortlich = f"{k['organisationseinheit']} ({k['organisationseinheit_code']})"
    richtung = RICHTUNGEN.get(k["richtung"], k["richtung"])
    if k["richtung"] == "zielkorridor":
        richtung += f" {zieltext(k, None)}"
    eintraege = [
        ("Definition", k["beschreibung"] if vorhanden(k["beschreibung"]) else fmt.LEER),
        ("Formel", formel),
        ("Einheit", k["einheit"]),
        ("Quelle", k["quelle"] if vorhanden(k["quelle"]) else fmt.LEER),
        ("Verantwortlich", verantwortlich),
        ("Typ", TYPEN.get(k["typ"], k["typ"])),
        ("Richtung", richtung),
        ("Erhebung", FREQUENZEN.get(k["frequenz"], k["frequenz"])),
        ("Räumliche Ebene", RAUMEBENEN.get(k["raumebene"], k["raumebene"])),
        ("Fallzahl", f"ja (Personen oder Fälle: Werte unter {_minimum(k)} je Sozialraum werden nicht "
                     "ausgewiesen)" if k["fallzahl"] else "nein"),
        ("Steuerbar", "ja" if k["steuerbar"] else "nein (nur eingeschränkt beeinflussbar)"),
        ("Nachkommastellen", str(stellen)),
    ]
    return dbc.Card([dbc.CardHeader(html.H2("Steckbrief", className="h5 mb-0")),
                     dbc.CardBody(_definitionsliste(eintraege))], className="mb-4 h-100", id=IDs.STECKBRIEF)


def _verknuepfungen(k: Mapping, ziele: pd.DataFrame, produkte: pd.DataFrame, periode: Periode) -> dbc.Card:
    teile: list = []
    if vorhanden(k["handlungsfeld_code"]):
        teile += [html.H3("Handlungsfeld", className="h6"),
                  html.P(dcc.Link(k["handlungsfeld_name"], href=links.handlungsfeld(k["handlungsfeld_code"], periode)))]
    teile.append(html.H3("Misst die Ziele", className="h6"))
    if ziele.empty:
        teile.append(html.P("Keinem Ziel zugeordnet.", className="text-body-secondary"))
    else:
        teile.append(html.Ul([
            html.Li([dcc.Link(f"{z['code']} {z['name']}", href=links.ziel(z["code"], periode)),
                     html.Span(f" ({ZIELEBENEN.get(z['ebene'], z['ebene'])}, Gewicht {fmt.zahl(z['gewicht'], 1)})",
                               className="small text-body-secondary")])
            for _, z in ziele.iterrows()
        ]))
    teile.append(html.H3("Beschreibt die Produkte", className="h6"))
    if produkte.empty:
        teile.append(html.P("Keinem Produkt zugeordnet.", className="text-body-secondary mb-0"))
    else:
        teile.append(html.Ul([
            html.Li([dcc.Link(f"{p['code']} {p['name']}", href=links.produkt(p["code"], periode)),
                     html.Span(f" (als {ROLLEN.get(p['rolle'], p['rolle'])})", className="small text-body-secondary")])
            for _, p in produkte.iterrows()
        ], className="mb-0"))
    return dbc.Card([dbc.CardHeader(html.H2("Verknüpfungen", className="h5 mb-0")), dbc.CardBody(teile)],
                    className="mb-4 h-100", id=IDs.VERKNUEPFUNGEN)


def kommentarliste(kommentare: pd.DataFrame, id_: str, leer: str = "Keine Einträge.") -> dbc.Card:
    """Abweichungsbegründungen, Maßnahmen and Hinweise as a card (shared with the Produkt view)."""
    eintraege = []
    for _, c in kommentare.iterrows():
        try:
            wann = Periode(int(c["jahr"]), c["periodenart"], int(c["periode"])).lang
        except ValueError:
            wann = str(c["jahr"])
        details = []
        if vorhanden(c["verantwortlich"]):
            details.append(f"verantwortlich: {c['verantwortlich']}")
        if vorhanden(c["frist"]):
            details.append(f"Frist: {fmt.datum(c['frist'])}")
        if vorhanden(c["massnahmenstatus"]):
            details.append(f"Stand: {MASSNAHMENSTATUS.get(c['massnahmenstatus'], c['massnahmenstatus'])}")
        details.append(f"von {c['autor']}")
        produkt = c.get("produkt_code")
        eintraege.append(html.Li([
            html.Strong(f"{KOMMENTARARTEN.get(c['art'], c['art'])}, {wann}"
                        + (f" (Produkt {produkt})" if vorhanden(produkt) else "") + ": "),
            c["text"], html.Br(), html.Span(" · ".join(details), className="small text-body-secondary"),
        ], className="mb-2"))
    inhalt = html.Ul(eintraege, className="list-unstyled mb-0") if eintraege else html.P(
        leer, className="text-body-secondary mb-0")
    return dbc.Card([dbc.CardHeader(html.H2("Begründungen, Hinweise und Maßnahmen", className="h5 mb-0")),
                     dbc.CardBody(inhalt)], className="mb-4", id=id_)


# ---------------------------------------------------------------------------------------------------
# Page contract
# ---------------------------------------------------------------------------------------------------


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The Steckbrief of the Kennzahl in the path, for the period and Sozialraum in the query string."""
    code = parameter.get("code", "")
    steckbrief = abfragen.steckbrief(fabrik, code)
    if steckbrief.empty:
        return nicht_gefunden.objekt("Kennzahl", _echo(code))
    k = steckbrief.iloc[0].copy()
    k["mindestfallzahl"] = einstellungen.mindestfallzahl
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter,
                                                    verweis=lambda p: links.kennzahl(code, p))
    regeln = bewertungsregeln(fabrik, einstellungen)
    werte = abfragen.werte(fabrik, int(k["id"]), mindestfallzahl=einstellungen.mindestfallzahl)
    mit_raeumen = zr.hat_sozialraumwerte(werte)
    raeume = abfragen.sozialraeume(fabrik) if mit_raeumen else pd.DataFrame({"code": [], "name": []})
    sozialraum, raumhinweise = sozialraum_aus_parametern(parameter, raeume, mit_raeumen)
    spanne, rangart, vergleichshinweise = vergleich_aus_parametern(parameter) if mit_raeumen else (3, "stand", [])
    bis = verfuegbar[-1] if verfuegbar else None
    art = zr.reihenart(k["frequenz"], periode.art)  # a yearly Kennzahl is drawn per year, with its plan values
    reihe = zr.reihe_bewerten(zr.zeitreihe(werte, art, None, bis), k, regeln)
    zeile = _zeile_der_periode(reihe, periode)

    raumname = raumreihe = raumzeile = rang = None
    raumwerte = None
    if mit_raeumen:  # werte is protected once over all periods: map, ranking and district series agree
        raumwerte = sozialraeume_mit_veraenderung(zr.werte_je_sozialraum(werte, raeume, periode), werte, periode,
                                                  spanne, k["einheit"])
        raumwerte = raten_anfuegen(fabrik, raumwerte, int(k["id"]), periode, einstellungen.mindestbevoelkerung)
    if sozialraum is not None and raumwerte is not None:
        treffer = raumwerte[raumwerte["code"] == sozialraum].iloc[0]
        raumname = f"{treffer['code']} {treffer['name']}"
        raumreihe = zr.zeitreihe(werte, art, sozialraum, bis)
        raumzeile = treffer
        rang = (treffer["rang"], int(raumwerte["wert"].notna().sum())) if pd.notna(treffer["rang"]) else None

    ziele = abfragen.ziele(fabrik, int(k["id"]))
    eigene = ziele[ziele["handlungsfeld_code"] == k["handlungsfeld_code"]]
    ziel_fuer_pfad = (eigene if len(eigene) else ziele).iloc[0] if len(ziele) else None
    weitere = [_sozialraumauswahl(raeume, sozialraum)] if mit_raeumen else []
    return html.Div(
        [
            *_kopf(k, periode, ziel_fuer_pfad),
            auswahlleiste(periode, verfuegbar, *weitere),
            hinweisleiste(hinweise + raumhinweise + vergleichshinweise),
            _karten(k, zeile, periode, raumzeile, raumname, rang),
            _statusverlauf(k, reihe),
            _zeitreihenkarte(k, reihe, periode, raumreihe, raumname),
            _sozialraumteil(k, raumwerte, periode, sozialraum, spanne, rangart) if raumwerte is not None else None,
            dbc.Row([dbc.Col(_steckbrief(k), lg=7), dbc.Col(_verknuepfungen(k, ziele, abfragen.produkte(
                fabrik, int(k["id"])), periode), lg=5)], className="g-3 mt-1 mb-4"),
            kommentarliste(abfragen.kommentare(fabrik, kennzahl_id=int(k["id"])), IDs.KOMMENTARE,
                           "Zu dieser Kennzahl gibt es keine Begründungen, Hinweise oder Maßnahmen."),
        ],
        id="kennzahl-seite",
    )


def validierungslayout() -> list:
    """Placeholder of the Sozialraum selector for Dash's callback validation."""
    return [dbc.Select(id=IDs.SOZIALRAUM), dbc.Select(id=IDs.RANG), dbc.Select(id=IDs.SPANNE), dcc.Graph(id=IDs.KARTE)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write the chosen Sozialraum, ranking order and span into the URL (other parameters kept); the router
    then redraws the page. A click on a district in the map opens its profile (right lesen)."""

    parameter_in_url(app, url_id, IDs.SOZIALRAUM, "sozialraum", ("", GESAMTSTADT))
    parameter_in_url(app, url_id, IDs.RANG, "rang", ("", "stand"))
    parameter_in_url(app, url_id, IDs.SPANNE, "spanne", ("", str(STANDARDSPANNE)))

    @app.callback(
        Output(url_id, "pathname", allow_duplicate=True),
        Output(url_id, "search", allow_duplicate=True),
        Input(IDs.KARTE, "clickData"),
        State(url_id, "search"),
        prevent_initial_call=True,
        recht="lesen",
    )
    def karte_geklickt(klick, bisher):
        code = klickcode(klick)
        if code is None or gerade_gezeichnet():
            return no_update, no_update
        return profiladresse(code, bisher)


def klickcode(klick) -> str | None:
    """The district code of a map click (``customdata[0]`` or ``location`` of the first point), else None."""
    try:
        punkt = (klick or {})["points"][0]
    except (KeyError, IndexError, TypeError):
        return None
    daten = punkt.get("customdata")
    code = daten[0] if isinstance(daten, list | tuple) and daten else punkt.get("location")
    return str(code) if code not in (None, "") else None
