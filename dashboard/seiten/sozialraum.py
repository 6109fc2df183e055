"""The profile of one district (Sozialraum or Stadtbezirk): every Kennzahl measured per district against the
city and the other districts of the same level (level, change over a span, rank), a chart against the city,
and the comments and measures that name the district.

URL: ``/sozialraum/<code>?jahr=2026&quartal=3&spanne=3``. An unknown code gives the "nicht gefunden" page.
Comments: ``Kommentar`` has no Sozialraum column; shown are the comments of the district's Kennzahlen whose
text names the district (see ``kennzahlen.sozialraum``).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import links
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.figuren import kennzahl as figuren
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, diagramm_mit_tabelle, zellwert
from dashboard.seiten import nicht_gefunden
from dashboard.seiten.kennzahl import (
    SPANNEN,
    STANDARDSPANNE,
    differenz_text,
    kommentarliste,
    veraenderung_text,
    vergleich_aus_parametern,
)
from kennzahlen import formate as fmt
from kennzahlen import sozialraum as so
from kennzahlen.perioden import Periode

PFAD = "/sozialraum/{code}"
TITEL = "Sozialraum"
DOWNLOAD = "sozialraumprofil"
MAX_ECHO = 40


class IDs:
    """Component IDs of this page."""

    TITEL = "sozialraum-titel"
    SPANNE = "sozialraum-spanne"
    PROFIL = "sozialraum-profil"
    VERGLEICH = "sozialraum-vergleich"
    KOMMENTARE = "sozialraum-kommentare"
    HINWEIS = "sozialraum-hinweis"
    GELD = "sozialraum-geld"


adresse = links.sozialraum
"""The address of a view of this page (``links.sozialraum``)."""


def _echo(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def _profil(fabrik, einstellungen, parameter: Mapping[str, str]):
    code = (parameter.get("code") or "").strip()
    periode, verfuegbar, hinweise = periode_waehlen(fabrik, einstellungen, parameter,
                                                    verweis=lambda p: adresse(code, p))
    spanne, _rang, vergleichshinweise = vergleich_aus_parametern({"spanne": parameter.get("spanne", "")})
    profil = so.profil(fabrik, code, periode, spanne, mindestfallzahl=einstellungen.mindestfallzahl,
                       mindestbevoelkerung=einstellungen.mindestbevoelkerung)
    return profil, periode, verfuegbar, hinweise + vergleichshinweise


def rate_text(z: Mapping) -> str:
    """The rate per 1.000 of a profile row with its named denominator ('4,2 je 1.000 Einwohner unter 21 Jahren,
    Stand 31.12.2026'), the reason when it is not shown, '' for Kennzahlen without an age band."""
    if not z.get("nenner"):
        return ""
    if pd.isna(z["rate"]):
        return f"nicht ausgewiesen: {z['rate_hinweis'] or 'kein Wert'}"
    return f"{fmt.zahl(z['rate'], 1)} {z['nenner']}"


def tabelle_fuer_download(p: so.Profil) -> pd.DataFrame:
    """The profile as a plain table (German headings, formatted texts; suppressed cells say so)."""
    zeilen = []
    for _, z in p.kennzahlen.iterrows():
        st, e = int(z["nachkommastellen"]), z["einheit"]
        zeilen.append({
            "Kennzahl": f"{z['kennzahl_code']} {z['kennzahl_name']}",
            f"Stand {p.periode.kurz}": (so.UNTERDRUECKT_TEXT if z["unterdrueckt"]
                                        else fmt.wert_mit_einheit(z["stand"], e, st)),
            "Gesamtstadt": fmt.wert_mit_einheit(z["stadt_stand"], e, st),
            "Abstand zur Stadt": fmt.LEER if z["unterdrueckt"] else differenz_text(z["abstand_stadt"], e, st),
            f"Veränderung über {p.spanne} Jahre": (veraenderung_text(z["veraenderung"], z["art"], st)
                                                  if pd.notna(z["veraenderung"]) else z["hinweis"] or fmt.LEER),
            "Rang Stand": z["rang_text"],
            "Rang Anstieg": z["rang_veraenderung_text"],
            "Rate je 1.000 der Altersgruppe": rate_text(z),
            "Rang Rate": z["rang_rate_text"],
        })
    return pd.DataFrame(zeilen)


@tabelle_anmelden(DOWNLOAD)
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    p, *_ = _profil(fabrik, einstellungen, parameter)
    return pd.DataFrame() if p is None else tabelle_fuer_download(p)


def _kopf(p: so.Profil, periode: Periode) -> list:
    ebene = so.EBENEN.get(p.ebene, p.ebene)
    stationen: list[tuple[str, str | None]] = [("Cockpit", links.cockpit(periode))]
    if p.eltern:
        stationen.append((f"{p.eltern['code']} {p.eltern['name']}", adresse(p.eltern["code"], periode)))
    stationen.append((f"{p.code} {p.name}", None))
    teile: list = [
        brotkrumen(stationen),
        html.H1([html.Span(f"{p.code} ", className="text-body-secondary"), p.name], className="h2", id=IDs.TITEL),
        html.P(dbc.Badge(f"Ebene: {ebene}", color="light", text_color="dark", className="border fw-normal fs-6"),
               className="mb-2"),
    ]
    if p.eltern:
        eltern_link = dcc.Link(f"{p.eltern['code']} {p.eltern['name']}", href=adresse(p.eltern["code"], periode))
        teile.append(html.P([f"Gehört zu {so.EBENEN.get(p.eltern['ebene'], p.eltern['ebene'])}: ", eltern_link],
                            className="mb-1"))
    if p.kinder:
        ebene_kinder = "Sozialräume" if p.kinder[0]["ebene"] == "sozialraum" else "Teilgebiete"
        teile.append(html.Div([html.Span(f"{ebene_kinder} in diesem {ebene}: "),
                               html.Ul([html.Li(dcc.Link(f"{k['code']} {k['name']}", href=adresse(k["code"], periode)),
                                                className="list-inline-item") for k in p.kinder],
                                       className="list-inline d-inline mb-0")], className="mb-2"))
    return teile


def _zeilen(p: so.Profil, periode: Periode) -> list[dict]:
    zeilen = []
    for _, z in p.kennzahlen.iterrows():
        st, e = int(z["nachkommastellen"]), z["einheit"]
        zeile = {
            "kennzahl": f"{z['kennzahl_code']} {z['kennzahl_name']}",
            "kennzahl_href": links.kennzahl(z["kennzahl_code"], periode, sozialraum=p.code if p.ebene == "sozialraum"
                                            else None),
            "einheit": e, "einheit_diff": "Prozentpunkte" if e == "%" else e, "stellen": st,
            "stand": None if z["unterdrueckt"] else zellwert(z["stand"], e, st),
            "stadt": zellwert(z["stadt_stand"], e, st),
            "abstand": None if z["unterdrueckt"] else zellwert(z["abstand_stadt"], e, st),
            "veraenderung": zellwert(z["veraenderung"], "", st if z["art"] == "pp" else 1),
            "veraenderung_text": (veraenderung_text(z["veraenderung"], z["art"], st) if pd.notna(z["veraenderung"])
                                  else (z["hinweis"] or fmt.LEER)),
            "stadt_veraenderung_text": veraenderung_text(z["stadt_veraenderung"], z["art"], st),
            "rang": None if pd.isna(z["rang_stand"]) else int(z["rang_stand"]), "rang_text": z["rang_text"],
            "rang_anstieg": None if pd.isna(z["rang_veraenderung"]) else int(z["rang_veraenderung"]),
            "rang_anstieg_text": z["rang_veraenderung_text"],
            "rate_text": rate_text(z) or fmt.LEER,
            "stadt_rate_text": fmt.zahl(z["stadt_rate"], 1) if z["nenner"] and pd.notna(z["stadt_rate"]) else fmt.LEER,
            "rang_rate_text": z["rang_rate_text"] or fmt.LEER,
        }
        if z["unterdrueckt"]:
            zeile["stand_text"] = so.UNTERDRUECKT_TEXT
        zeilen.append(zeile)
    return zeilen


def _profiltabelle(p: so.Profil, periode: Periode, suche: str) -> html.Div:
    anfang = so.anfangsperiode(periode, p.spanne)
    spalten = [Spalte("Kennzahl", feld="kennzahl", format="verweis", breite=220),
               Spalte(f"Stand {periode.kurz}", True, "stand", "wert"),
               Spalte("Gesamtstadt", True, "stadt", "wert"),
               Spalte("Abstand zur Stadt", True, "abstand", "differenz"),
               Spalte(f"Veränderung seit {anfang.kurz} (Prozentpunkte bei %, sonst %)", True, "veraenderung", "zahl"),
               Spalte("Veränderung Gesamtstadt", feld="stadt_veraenderung_text"),
               Spalte(f"Rang Stand unter den {'Sozialräumen' if p.ebene == 'sozialraum' else 'Stadtbezirken'}", True,
                      "rang", "zahl"),
               Spalte("Rang Anstieg", True, "rang_anstieg", "zahl")]
    if p.kennzahlen["nenner"].astype(bool).any():
        spalten += [Spalte("Rate je 1.000 der Altersgruppe (Nenner genannt)", feld="rate_text", breite=260),
                    Spalte("Rate Gesamtstadt", feld="stadt_rate_text"), Spalte("Rang Rate", feld="rang_rate_text")]
    return html.Div([
        html.H2(f"Kennzahlen im Vergleich ({periode.lang}, Veränderung über {p.spanne} Jahr"
                f"{'e' if p.spanne > 1 else ''})", className="h4"),
        html.P("Rang 1 = höchster Stand bzw. stärkster Anstieg, gleich ob das gut oder schlecht ist; die Richtung "
               "jeder Kennzahl steht in ihrem Steckbrief. Kleine Fallzahlen bleiben aus Datenschutzgründen "
               f"verborgen („{so.UNTERDRUECKT_TEXT}“) und fließen in keine Veränderung ein.",
               className="small text-body-secondary"),
        datentabelle(IDs.PROFIL, spalten, _zeilen(p, periode),
                     f"Profil {p.code} {p.name}: Kennzahlen gegen Gesamtstadt und andere Gebiete"),
        html.P(["Herunterladen: ", *tabellenlinks(DOWNLOAD, suche)], className="small mt-2"),
    ], className="mb-4")


def _vergleich(p: so.Profil, periode: Periode) -> dbc.Card:
    df = p.kennzahlen
    mit = df[df["stand"].notna() & df["stadt_stand"].notna() & (df["stadt_stand"] != 0)]
    if len(mit):
        index = mit["stand"] / mit["stadt_stand"] * 100
        hoch, tief = mit.loc[index.idxmax()], mit.loc[index.idxmin()]
        satz = (f"Balkendiagramm: {len(mit)} Kennzahlen von {p.name} als Index zur Gesamtstadt (100), "
                f"am weitesten darüber {hoch['kennzahl_code']} {hoch['kennzahl_name']} mit {index.max():.0f}, "
                f"am weitesten darunter {tief['kennzahl_code']} {tief['kennzahl_name']} mit {index.min():.0f}.")
    else:
        satz = f"Für {p.name} liegen in {periode.lang} keine vergleichbaren Werte vor."
    zeilen = [{"kennzahl": f"{z['kennzahl_code']} {z['kennzahl_name']}", "einheit": z["einheit"],
               "stellen": int(z["nachkommastellen"]),
               "stand": None if z["unterdrueckt"] else zellwert(z["stand"], z["einheit"], int(z["nachkommastellen"])),
               "stadt": zellwert(z["stadt_stand"], z["einheit"], int(z["nachkommastellen"])),
               "index": (None if pd.isna(z["stand"]) or pd.isna(z["stadt_stand"]) or z["stadt_stand"] == 0
                         else round(float(z["stand"] / z["stadt_stand"] * 100))),
               **({"stand_text": so.UNTERDRUECKT_TEXT} if z["unterdrueckt"] else {})}
              for _, z in df.iterrows()]
    spalten = [Spalte("Kennzahl", feld="kennzahl", breite=220), Spalte(p.name, True, "stand", "wert"),
               Spalte("Gesamtstadt", True, "stadt", "wert"), Spalte("Index (Stadt = 100)", True, "index", "zahl")]
    return diagramm_mit_tabelle(
        IDs.VERGLEICH, f"{p.name} gegen die Gesamtstadt, {periode.kurz}", figuren.profilbalken(df, p.name), satz,
        datentabelle(f"{IDs.VERGLEICH}-tabelle", spalten, zeilen, f"{p.name} gegen die Gesamtstadt (Tabelle)"),
    )


def geldabschnitt(geld: so.Raumgeld | None, p: so.Profil) -> html.Div | None:
    """The money that flows into the district per Produktgruppe and per inhabitant, beside the mean of all
    districts of its level; a Stadtteil shows its Stadtbezirk's sum, labelled as such. None without money."""
    if geld is None:
        return None
    art = so.GELDARTEN_TEXT.get(geld.art, geld.art)
    stand = f"Einwohner Stand 31.12.{int(geld.einwohner_jahr)}" if geld.einwohner_jahr else "Einwohner unbekannt"
    if geld.bezirkssumme:
        titel = f"Geld im Stadtbezirk {geld.quelle_code} {geld.quelle_name} (Summe des Stadtbezirks)"
        satz = (f"Der Haushalt teilt dieses Geld nur nach Stadtbezirken auf: gezeigt ist die Summe des Stadtbezirks "
                f"{geld.quelle_name}, zu dem {p.name} gehört, je Einwohner des Stadtbezirks – nicht der Anteil von "
                f"{p.name}.")
    else:
        titel = f"Geld, das nach {p.name} fließt"
        satz = "Zuschussbedarf (Aufwendungen − Erträge) der Produktgruppen, die der Haushalt nach Gebieten aufteilt."
    zeilen = [{"gruppe": f"{r['produkt_code']} {r['produkt_name']}",
               "zuschussbedarf": round(float(r["zuschussbedarf"])),
               "je_einwohner": None if pd.isna(r["je_einwohner"]) else round(float(r["je_einwohner"]), 2),
               "schnitt": None if pd.isna(r["schnitt_je_einwohner"]) else round(float(r["schnitt_je_einwohner"]), 2)}
              for _, r in geld.tabelle.iterrows()]
    spalten = [Spalte("Produktgruppe", feld="gruppe", breite=260), Spalte("Zuschussbedarf (€)", True, "zuschussbedarf",
                                                                          "euro"),
               Spalte("€ je Einwohner", True, "je_einwohner", "zahl", 2),
               Spalte("Durchschnitt aller Gebiete (€ je Einwohner)", True, "schnitt", "zahl", 2)]
    return html.Div([
        html.H2(f"{titel}, {geld.jahr} {art}", className="h4", id=f"{IDs.GELD}-titel"),
        html.P([satz, f" Insgesamt {fmt.euro(geld.gesamt)}"
                + (f", {fmt.euro(geld.gesamt / geld.einwohner)} je Einwohner ({stand})."
                   if geld.einwohner and not pd.isna(geld.einwohner) else f" ({stand})."), " ",
                dcc.Link("Alle Bezirke auf der Karte", href=links.sozialraum("geld", geld=f"{geld.jahr}-{geld.art}"))],
               className="small text-body-secondary"),
        datentabelle(IDs.GELD, spalten, zeilen, titel),
    ], className="mb-4")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The profile of the district in the path, for the period and span in the query string."""
    code = (parameter.get("code") or "").strip()
    p, periode, verfuegbar, hinweise = _profil(fabrik, einstellungen, parameter)
    if p is None:
        return nicht_gefunden.objekt("Sozialraum", _echo(code))
    spanne_auswahl = dbc.Col([
        dbc.Label("Veränderung über", html_for=IDs.SPANNE),
        dbc.Select(id=IDs.SPANNE, value=str(p.spanne),
                   options=[{"label": f"{j} Jahr" + ("e" if j > 1 else ""), "value": str(j)} for j in SPANNEN]),
    ], width="auto")
    suche = "?" + urlencode({"code": code, **{k: v for k, v in parameter.items() if k != "code"}})
    ohne_werte = p.kennzahlen.empty or (p.kennzahlen["hinweis"] == "kein Wert").all()
    hinweis = None
    if ohne_werte:
        text = ("Für diesen Stadtbezirk sind keine eigenen Werte gespeichert; die Werte stehen bei seinen "
                "Sozialräumen (Links oben)." if p.ebene == "bezirk"
                else f"Für diesen Sozialraum liegen in {periode.lang} keine Werte vor.")
        hinweis = dbc.Alert(text, color="info", id=IDs.HINWEIS)
    kommentartext = ("Begründungen, Hinweise und Maßnahmen zu Kennzahlen dieses Gebiets, deren Text das Gebiet "
                     "nennt (Kommentare sind an Kennzahlen gebunden, nicht an Sozialräume).")
    return html.Div([
        *_kopf(p, periode),
        auswahlleiste(periode, verfuegbar, spanne_auswahl),
        hinweisleiste(hinweise),
        hinweis,
        _profiltabelle(p, periode, suche),
        _vergleich(p, periode) if not ohne_werte else None,
        geldabschnitt(so.geld_fuer_raum(fabrik, p.code, periode.jahr), p),
        html.P(kommentartext, className="small text-body-secondary mb-1"),
        kommentarliste(p.kommentare, IDs.KOMMENTARE, f"Kein Kommentar nennt {p.name}."),
    ], id="sozialraum-seite")


def validierungslayout() -> list:
    """Placeholder of the span selector for Dash's callback validation."""
    return [dbc.Select(id=IDs.SPANNE)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write the chosen span into the URL (right lesen); the router then redraws the page."""
    parameter_in_url(app, url_id, IDs.SPANNE, "spanne", ("", str(STANDARDSPANNE)))
