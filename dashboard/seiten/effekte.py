"""Mengen- und Preiseffekt: where a product's change in money comes from, more cases or dearer cases.

URL: ``/haushalt/effekte?produkt=060503&basis=2025-ergebnis&vergleich=2026-prognose``. A waterfall Basis →
Mengeneffekt → Preiseffekt → Rest → Vergleich for one product (with a text summary and a table view), the
formula in words and symbols, and every product with a Fallzahl in a downloadable grid.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import hinweisleiste, parameter_in_url
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren.effekte import wasserfall
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, diagramm_mit_tabelle, euro_zelle, tabelle
from kennzahlen import effekte as ef
from kennzahlen import formate as fmt
from kennzahlen import geldfluss as gf

PFAD = "/haushalt/effekte"
TITEL = "Mengen- und Preiseffekt"


class IDs:
    """Component IDs of this page."""

    BASIS = "effekte-basis"
    VERGLEICH = "effekte-vergleich"
    PRODUKT = "effekte-produkt"
    WASSERFALL = "effekte-wasserfall"
    TEXT = "effekte-text"
    FORMEL = "effekte-formel"
    TABELLE = "effekte-tabelle"


ART_TEXT = {"ergebnis": "Ergebnis", "ansatz": "Ansatz", "prognose": "Prognose", "ist": "Ist hochgerechnet"}


def auswahl(fabrik, parameter: Mapping[str, str]) -> tuple[ef.Stand, ef.Stand, list[ef.Stand], list[str]]:
    """(basis, vergleich, available Stände, German hints) from the URL."""
    staende = ef.verfuegbare_staende(fabrik)
    basis_std, vergleich_std = ef.standard_staende(staende)
    basis, h1 = ef.stand_lesen(parameter.get("basis"), basis_std)
    vergleich, h2 = ef.stand_lesen(parameter.get("vergleich"), vergleich_std)
    hinweise = [h for h in (h1, h2) if h]
    if basis == vergleich:
        hinweise.append("Basis und Vergleich sind derselbe Stand; es gibt keine Veränderung zu zerlegen.")
    return basis, vergleich, staende, hinweise


def _effekte(fabrik, parameter: Mapping[str, str]):
    basis, vergleich, staende, hinweise = auswahl(fabrik, parameter)
    return basis, vergleich, staende, hinweise, ef.effekte_je_produkt(fabrik, basis, vergleich)


def tabelle_fuer_download(df: pd.DataFrame, basis: ef.Stand, vergleich: ef.Stand) -> pd.DataFrame:
    """All products' split with German headings (as downloaded)."""
    b, v = basis.bezeichnung, vergleich.bezeichnung
    return pd.DataFrame({
        "Produkt": df["code"], "Bezeichnung": df["name"], "Betrag": df["grundlage"].map(gf.GRUNDLAGEN),
        "Fallzahl (Kennzahl)": df["fallzahl_code"] + " " + df["fallzahl_name"],
        f"Betrag {b}": df["betrag0"].round(2), f"Fälle {b}": df["menge0"].round(2),
        f"Art der Fälle {b}": df["menge0_art"].map(gf.FALLARTEN), f"je Fall {b}": df["preis0"].round(2),
        f"Betrag {v}": df["betrag1"].round(2), f"Fälle {v}": df["menge1"].round(2),
        f"Art der Fälle {v}": df["menge1_art"].map(gf.FALLARTEN), f"je Fall {v}": df["preis1"].round(2),
        "Veränderung": df["veraenderung"].round(2), "Mengeneffekt": df["mengeneffekt"].round(2),
        "Preiseffekt": df["preiseffekt"].round(2), "Rest (Wechselwirkung)": df["rest"].round(2),
        "Hinweis": df["hinweis"],
    })


@tabelle_anmelden("mengen_preis_effekt")
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    basis, vergleich, _, _, df = _effekte(fabrik, parameter)
    return tabelle_fuer_download(df, basis, vergleich)


def _select(id_: str, titel: str, wert: str, optionen: list[dict]) -> dbc.Col:
    return dbc.Col([dbc.Label(titel, html_for=id_), dbc.Select(id=id_, value=wert, options=optionen)], md="auto")


def zusammenfassung(z: Mapping, basis: ef.Stand, vergleich: ef.Stand) -> str:
    """The split of one product in words."""
    grundlage = gf.GRUNDLAGEN[z["grundlage"]]
    richtung = "steigt" if z["veraenderung"] > 0 else "sinkt" if z["veraenderung"] < 0 else "bleibt gleich"
    einheit = z["fallzahl_einheit"]
    return (
        f"{z['code']} {z['name']}: Der {grundlage} {richtung} von {fmt.euro(z['betrag0'])} ({basis.bezeichnung}) auf "
        f"{fmt.euro(z['betrag1'])} ({vergleich.bezeichnung}), um {fmt.euro(z['veraenderung'])}. "
        f"Mengeneffekt {fmt.euro(z['mengeneffekt'])}: die Fälle ändern sich von {fmt.zahl(z['menge0'], 0)} auf "
        f"{fmt.zahl(z['menge1'], 0)} {einheit}, bewertet mit den alten Kosten von {fmt.euro(z['preis0'])} je Fall. "
        f"Preiseffekt {fmt.euro(z['preiseffekt'])}: die Kosten je Fall ändern sich von {fmt.euro(z['preis0'])} auf "
        f"{fmt.euro(z['preis1'])} für die bisherigen Fälle. Rest (Wechselwirkung) {fmt.euro(z['rest'])}."
    )


FORMEL = html.Div([
    html.P("Mit m = Fallzahl, p = Kosten je Fall und B = m · p (0 = Basis, 1 = Vergleich) gilt genau:",
           className="mb-1"),
    html.Pre("B₁ − B₀ = (m₁ − m₀) · p₀  +  (p₁ − p₀) · m₀  +  (m₁ − m₀) · (p₁ − p₀)\n"
             "           Mengeneffekt    Preiseffekt      Rest (Wechselwirkung)", className="mb-2",
             **{"aria-label": "B eins minus B null gleich Mengeneffekt plus Preiseffekt plus Rest"}),
    html.P("In Worten: Der Mengeneffekt ist die Veränderung der Fälle, bewertet mit den alten Kosten je Fall. Der "
           "Preiseffekt ist die Veränderung der Kosten je Fall für die bisherigen Fälle. Der Rest entsteht, weil die "
           "zusätzlichen (oder weggefallenen) Fälle zugleich teurer (oder billiger) geworden sind. Die drei Teile "
           "ergeben zusammen genau die Veränderung.", className="mb-1"),
    html.P(gf.FALLKOSTEN_DEFINITION, className="small text-body-secondary mb-0"),
], id=IDs.FORMEL)


def _wasserfallkarte(z: Mapping, basis: ef.Stand, vergleich: ef.Stand) -> dbc.Card:
    teile = [(basis.bezeichnung, z["betrag0"]), ("Mengeneffekt", z["mengeneffekt"]), ("Preiseffekt", z["preiseffekt"]),
             ("Rest (Wechselwirkung)", z["rest"]), (vergleich.bezeichnung, z["betrag1"])]
    tab = tabelle([Spalte("Schritt"), Spalte("Betrag in Euro", True)],
                  [[t, fmt.euro(w)] for t, w in teile]
                  + [["Fälle", f"{fmt.zahl(z['menge0'], 0)} → {fmt.zahl(z['menge1'], 0)}"],
                     ["Kosten je Fall", f"{fmt.euro(z['preis0'])} → {fmt.euro(z['preis1'])}"]],
                  f"Mengen- und Preiseffekt {z['code']}")
    grundlage = gf.GRUNDLAGEN[z["grundlage"]]
    return diagramm_mit_tabelle(
        IDs.WASSERFALL, f"{grundlage} {z['code']} {z['name']}: {basis.bezeichnung} → {vergleich.bezeichnung}",
        wasserfall(z["betrag0"], z["mengeneffekt"], z["preiseffekt"], z["rest"], z["betrag1"], basis.bezeichnung,
                   vergleich.bezeichnung),
        "Wasserfalldiagramm. " + zusammenfassung(z, basis, vergleich), tab)


def _gesamttabelle(df: pd.DataFrame, basis: ef.Stand, vergleich: ef.Stand, abfrage: str) -> html.Div:
    zeilen = [{
        "produkt": f"{r.code} {r.name}",
        "produkt_href": f"{PFAD}?produkt={r.code}&basis={basis.schluessel}&vergleich={vergleich.schluessel}",
        "grundlage": gf.GRUNDLAGEN[r.grundlage], "faelle": f"{fmt.zahl(r.menge0, 0)} → {fmt.zahl(r.menge1, 0)}"
        if not (pd.isna(r.menge0) or pd.isna(r.menge1)) else fmt.LEER,
        "preis0": euro_zelle(r.preis0), "preis1": euro_zelle(r.preis1), "veraenderung": euro_zelle(r.veraenderung),
        "menge": euro_zelle(r.mengeneffekt), "preis": euro_zelle(r.preiseffekt), "rest": euro_zelle(r.rest),
        "hinweis": r.hinweis or "",
    } for r in df.itertuples(index=False)]
    return html.Div([
        datentabelle(IDs.TABELLE, [
            Spalte("Produkt", feld="produkt", format="verweis", breite=240), Spalte("Betrag", feld="grundlage"),
            Spalte("Fälle", True, "faelle", breite=150), Spalte(f"je Fall {basis.bezeichnung}", True, "preis0", "euro"),
            Spalte(f"je Fall {vergleich.bezeichnung}", True, "preis1", "euro"),
            Spalte("Veränderung", True, "veraenderung", "euro"), Spalte("Mengeneffekt", True, "menge", "euro"),
            Spalte("Preiseffekt", True, "preis", "euro"), Spalte("Rest", True, "rest", "euro"),
            Spalte("Hinweis", feld="hinweis")],
            zeilen, f"Mengen- und Preiseffekt aller Produkte mit Fallzahl, {basis.bezeichnung} → "
                    f"{vergleich.bezeichnung}"),
        html.P(["Tabelle herunterladen: ", *tabellenlinks("mengen_preis_effekt", abfrage)], className="small mt-2"),
    ])


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The split for the product and Stände in the URL, and the table of all products."""
    basis, vergleich, staende, hinweise, df = _effekte(fabrik, parameter)
    optionen = [{"label": s.bezeichnung, "value": s.schluessel} for s in staende]
    for s in (basis, vergleich):
        if s.schluessel not in {o["value"] for o in optionen}:
            optionen.append({"label": f"{s.bezeichnung} (keine Beträge)", "value": s.schluessel})
    zerlegt = df[df["hinweis"].isna()]
    code = parameter.get("produkt")
    if code and code not in set(df["code"]):
        hinweise.append(f"Produkt „{code}“ hat keine Fallzahl oder gibt es nicht; gezeigt wird das Produkt mit der "
                        "größten Veränderung.")
        code = None
    if not code and len(zerlegt):
        code = zerlegt.loc[zerlegt["veraenderung"].abs().idxmax(), "code"]
    zeile = df[df["code"] == code].iloc[0] if code else None
    if zeile is None:
        inhalt = html.P("Für diese Stände gibt es kein Produkt mit Fallzahl und Beträgen.", id=IDs.TEXT)
    elif isinstance(zeile["hinweis"], str):
        inhalt = dbc.Alert(f"{zeile['code']} {zeile['name']}: {zeile['hinweis']}.", color="warning", id=IDs.TEXT)
    else:
        inhalt = html.Div([html.P(zusammenfassung(zeile, basis, vergleich), id=IDs.TEXT),
                           _wasserfallkarte(zeile, basis, vergleich)])
    abfrage = f"?basis={basis.schluessel}&vergleich={vergleich.schluessel}"
    produkte = [{"label": f"{r.code} {r.name}", "value": r.code} for r in df.itertuples(index=False)]
    return html.Div([
        brotkrumen([("Cockpit", links.cockpit()), (TITEL, None)]),
        html.H1(TITEL, className="h2"),
        html.P("Woher kommt die Veränderung: mehr Fälle oder teurere Fälle? Für jedes Produkt mit einer Fallzahl wird "
               "die Veränderung seines Transferaufwands (ohne Transferaufwand: seines Zuschussbedarfs) zwischen zwei "
               "Ständen in Mengeneffekt, Preiseffekt und Rest zerlegt.", className="text-body-secondary"),
        dbc.Row([_select(IDs.BASIS, "Basis", basis.schluessel, optionen),
                 _select(IDs.VERGLEICH, "Vergleich", vergleich.schluessel, optionen),
                 _select(IDs.PRODUKT, "Produkt", code or "", produkte)], className="g-3 mb-3 align-items-end"),
        hinweisleiste(hinweise),
        links.haushaltsverweise(code, "produkt", None, ohne="effekte") if code else None,
        inhalt,
        dbc.Card([dbc.CardHeader(html.H2("Formel", className="h5 mb-0")), dbc.CardBody(FORMEL)], className="mb-4"),
        html.H2("Alle Produkte mit Fallzahl", className="h4"),
        _gesamttabelle(df, basis, vergleich, abfrage),
        html.P(dcc.Link("Wirkung und Kosten aller Produkte", href="/portfolio"), className="small"),
    ])


def validierungslayout() -> list:
    """Placeholders of the page's selectors for Dash's callback validation."""
    return [dbc.Select(id=IDs.BASIS), dbc.Select(id=IDs.VERGLEICH), dbc.Select(id=IDs.PRODUKT)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Basis, Vergleich and Produkt into the URL (right lesen); the router redraws the page."""
    parameter_in_url(app, url_id, IDs.BASIS, "basis")
    parameter_in_url(app, url_id, IDs.VERGLEICH, "vergleich")
    parameter_in_url(app, url_id, IDs.PRODUKT, "produkt")
