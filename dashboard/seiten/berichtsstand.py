"""Berichtsstand: what was reported for a period (frozen when Controlling closed it) beside today's figures.

URL: ``/bericht/berichtsstand?jahr=2026&quartal=3`` (``&fassung=1`` for an earlier report of the same
period; ``?jahr=2026&periodenart=jahr`` for a closed year). The page says whether the period is frozen (by
whom, when, which fassung), lists the values that differ from the report first (all values on request and
as download), the frozen texts, and the history of closing and reopening. Reading only: right ``lesen``.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import links
from dashboard.auswahl import auswahlleiste, hinweisleiste, parameter_in_url, periode_waehlen
from dashboard.downloads import tabelle_anmelden, tabellenlinks
from dashboard.komponenten import Spalte, brotkrumen, datentabelle, tabelle, zellwert
from kennzahlen import berichtsstand as bs
from kennzahlen import verwaltung
from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.perioden import Periode

PFAD = "/bericht/berichtsstand"
TITEL = "Berichtsstand"
MAX_ZEILEN = 2000
"""Rows the table of all values shows at most (the download always has all of them)."""
TEXT_KURZ = 120
"""Characters of a Kommentar text shown in the comparison table (the texts section shows them whole)."""
DOWNLOAD = "berichtsstand-vergleich"


class IDs:
    """Component IDs of the Berichtsstand page."""

    FASSUNG = "berichtsstand-fassung"
    STATUS = "berichtsstand-status"
    GEAENDERT = "berichtsstand-geaendert"
    ALLE = "berichtsstand-alle"
    TEXTE = "berichtsstand-texte"
    VERLAUF = "berichtsstand-verlauf"


VERGLEICHSSPALTEN = (
    Spalte("Art", feld="art", breite=110),
    Spalte("Objekt", feld="objekt", format="verweis"),
    Spalte("Größe", feld="groesse"),
    Spalte("Berichtet", True, "berichtet", "wert"),
    Spalte("Aktuell", True, "aktuell", "wert"),
    Spalte("Differenz", True, "differenz", "differenz"),
)
TEXTSPALTEN = (Spalte("Objekt", feld="objekt"), Spalte("Art", feld="art", breite=140),
               Spalte("Berichteter Text", feld="text"), Spalte("Heute", feld="heute"))
VERLAUFSSPALTEN = (Spalte("Zeitpunkt"), Spalte("Aktion"), Spalte("Benutzer"), Spalte("Grund"))


def periode_lesen(fabrik, einstellungen, parameter: Mapping[str, str]) -> tuple[Periode, list[Periode], list[str]]:
    """(period, periods with data, German hints) of the URL; '?jahr=2026&periodenart=jahr' means the whole year."""
    roh = str(parameter.get("jahr", "")).strip()
    if parameter.get("periodenart") == "jahr" and roh.isdigit() and 1990 <= int(roh) <= 2100:
        return Periode(int(roh), "jahr", 1), [], []
    return periode_waehlen(fabrik, einstellungen, parameter)


def _fassung_lesen(parameter: Mapping[str, str], vorhanden: list[int]) -> tuple[int | None, list[str]]:
    roh = str(parameter.get("fassung", "")).strip()
    if not roh:
        return None, []
    if roh.isdigit() and int(roh) in vorhanden:
        return int(roh), []
    erlaubt = ", ".join(map(str, vorhanden)) or "keine"
    return None, [f"„{roh[:20]}“ ist keine Fassung dieser Periode (vorhanden: {erlaubt}); gezeigt wird die neueste."]


def _kurz(text: str | None, laenge: int = TEXT_KURZ) -> str | None:
    if not text:
        return None
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


def _href(zeile: Mapping, periode: Periode) -> str | None:
    if not zeile["code"]:
        return None
    if zeile["objektart"] == "kennzahl":
        return links.kennzahl(zeile["code"], periode)
    if zeile["objektart"] == "produkt":
        return links.produkt(zeile["code"], periode)
    return None


def _textwert(zeile: Mapping, feld: str) -> str:
    text = zeile[f"{feld}_text"]
    if zeile["groesse"] == "art":
        return bs.KOMMENTARARTEN.get(text, text) if text else "–"
    return _kurz(text) or "–"


def gridzeilen(vergleich: pd.DataFrame, periode: Periode) -> list[dict]:
    """Rows of the comparison grid: numbers raw (grades in percent), texts in ``<feld>_text`` fields."""
    zeilen = []
    for z in vergleich.to_dict("records"):
        grad = z["groesse"] == "grad"
        einheit = "%" if grad else (z["einheit"] or "")
        stellen = 1 if grad else int(z["stellen"])
        faktor = 100.0 if grad else 1.0
        zeile = {"art": bs.OBJEKTARTEN.get(z["objektart"], z["objektart"]),
                 "objekt": f"{z['code']} {z['name']}".strip(), "objekt_href": _href(z, periode),
                 "groesse": bs.GROESSENNAMEN.get(z["groesse"], z["groesse"]),
                 "einheit": einheit, "einheit_diff": einheit, "stellen": stellen}
        if z["groesse"] in bs.TEXTGROESSEN:
            zeile.update(berichtet=None, aktuell=None, differenz=None, berichtet_text=_textwert(z, "berichtet"),
                         aktuell_text=_textwert(z, "aktuell"),
                         differenz_text="geändert" if z["geaendert"] else "unverändert")
        else:
            for feld in ("berichtet", "aktuell", "differenz"):
                zeile[feld] = zellwert(z[feld] * faktor if pd.notna(z[feld]) else None, einheit, stellen)
        zeilen.append(zeile)
    return zeilen


def vergleichstabelle(vergleich: pd.DataFrame) -> pd.DataFrame:
    """The comparison with German column names for the download (grades in percent; all rows)."""
    grad = vergleich["groesse"] == "grad"
    faktor = grad.map({True: 100.0, False: 1.0}).astype(float)
    return pd.DataFrame({
        "Art": vergleich["objektart"].map(bs.OBJEKTARTEN),
        "Code": vergleich["code"],
        "Name": vergleich["name"],
        "Größe": vergleich["groesse"].map(lambda g: bs.GROESSENNAMEN.get(g, g)),
        "Einheit": vergleich["einheit"].where(~grad, "%"),
        "Berichtet": (vergleich["berichtet"].astype(float) * faktor).round(6),
        "Aktuell": (vergleich["aktuell"].astype(float) * faktor).round(6),
        "Differenz": (vergleich["differenz"].astype(float) * faktor).round(6),
        "Geändert": vergleich["geaendert"].map({True: "ja", False: "nein"}),
        "Text berichtet": vergleich["berichtet_text"],
        "Text aktuell": vergleich["aktuell_text"],
    })


@tabelle_anmelden(DOWNLOAD)
def _download(fabrik, einstellungen, parameter) -> pd.DataFrame:
    periode, _, _ = periode_lesen(fabrik, einstellungen, parameter)
    vorhanden = [int(f) for f in bs.fassungen(fabrik, periode)["fassung"]]
    fassung, _ = _fassung_lesen(parameter, vorhanden)
    return vergleichstabelle(bs.vergleich(fabrik, periode, fassung, bewertungsregeln(fabrik, einstellungen)))


def _stand(fabrik, periode: Periode, fassungen: pd.DataFrame, fassung: int | None) -> dbc.Alert:
    """Whether the period is frozen now, by whom and when, and which fassung is shown."""
    abgeschlossen = verwaltung.abgeschlossen(fabrik, periode)
    verlauf = bs.abschlussverlauf(fabrik, periode)
    if fassungen.empty:
        text = (f"Für {periode.lang} gibt es noch keinen berichteten Stand. Zahlen und Texte werden eingefroren, "
                "sobald Controlling die Periode abschließt.")
        if abgeschlossen:
            text = (f"{periode.lang} ist abgeschlossen, wurde aber vor Einführung des Berichtsstands abgeschlossen: "
                    "es gibt keine eingefrorenen Werte. Wieder öffnen und erneut abschließen friert sie ein.")
        return dbc.Alert(text, color="secondary", id=IDs.STATUS)
    gezeigt = fassungen.iloc[-1] if fassung is None else fassungen.set_index("fassung", drop=False).loc[fassung]
    eingefroren = (f"Gezeigt wird Fassung {int(gezeigt['fassung'])} von {len(fassungen)}, eingefroren am "
                   f"{verwaltung.zeitpunkt_text(gezeigt['eingefroren_am'])} durch {gezeigt['eingefroren_von'] or '–'}.")
    if abgeschlossen:
        return dbc.Alert([html.Strong(f"{periode.lang} ist abgeschlossen und eingefroren. "), eingefroren,
                          " Spätere Importe ändern diesen Stand nicht; die aktuellen Zahlen stehen daneben."],
                         color="info", id=IDs.STATUS)
    offen = verlauf[verlauf["aktion"] == "wiedergeoeffnet"].head(1)
    seit = ""
    if len(offen):
        o = offen.iloc[0]
        seit = (f" seit {verwaltung.zeitpunkt_text(o['zeitpunkt'])} durch {o['benutzer']} "
                f"(Grund: „{o['grund']}“)")
    return dbc.Alert([html.Strong(f"{periode.lang} ist wieder geöffnet{seit}. "), eingefroren,
                      " Bis zum erneuten Abschluss können sich die aktuellen Zahlen noch ändern."],
                     color="warning", id=IDs.STATUS)


def _fassungsauswahl(fassungen: pd.DataFrame, fassung: int | None) -> dbc.Col:
    optionen = [{"label": "neueste", "value": ""}] + [
        {"label": f"Fassung {int(f.fassung)} ({verwaltung.zeitpunkt_text(f.eingefroren_am)})", "value": str(f.fassung)}
        for f in fassungen.itertuples()]
    return dbc.Col([dbc.Label("Fassung", html_for=IDs.FASSUNG),
                    dbc.Select(id=IDs.FASSUNG, options=optionen, value="" if fassung is None else str(fassung))],
                   width="auto")


def _texte(vergleich: pd.DataFrame) -> html.Div:
    """The frozen Kommentar texts (and those written since) with what became of them."""
    k = vergleich[vergleich["objektart"] == "kommentar"]
    arten = {oid: (z["berichtet_text"] or z["aktuell_text"]) for oid, z in
             k[k["groesse"] == "art"].set_index("objekt_id").iterrows()}
    zeilen = []
    for z in k[k["groesse"] == "text"].to_dict("records"):
        if z["berichtet_text"] is None:
            heute = "neu seit dem Bericht: " + (z["aktuell_text"] or "")
        elif z["aktuell_text"] is None:
            heute = "gelöscht"
        else:
            heute = "geändert: " + z["aktuell_text"] if z["geaendert"] else "unverändert"
        art = arten.get(z["objekt_id"])
        zeilen.append({"objekt": z["name"] + (f" ({z['code']})" if z["code"] else ""),
                       "art": bs.KOMMENTARARTEN.get(art, art or "–"), "text": z["berichtet_text"] or "–",
                       "heute": heute})
    if not zeilen:
        return html.P("Zu dieser Periode wurden keine Texte berichtet.", className="text-body-secondary")
    return datentabelle(IDs.TEXTE, TEXTSPALTEN, zeilen, "Berichtete Texte der Periode und ihr heutiger Stand")


def _verlauf(fabrik, periode: Periode):
    df = bs.abschlussverlauf(fabrik, periode)
    if df.empty:
        return html.P("Diese Periode wurde noch nie abgeschlossen.", className="text-body-secondary")
    zeilen = [(verwaltung.zeitpunkt_text(z.zeitpunkt), z.aktion_text, z.benutzer, z.grund or "–")
              for z in df.itertuples()]
    return tabelle(VERLAUFSSPALTEN, zeilen, f"Abschluss und Wiederöffnung von {periode.lang}, neueste zuerst")


def _vergleich(vergleich: pd.DataFrame, periode: Periode, abfrage: str) -> list:
    geaendert = vergleich[vergleich["geaendert"]]
    anzahl = len(vergleich)
    zusammenfassung = (f"{len(geaendert)} von {anzahl} Werten weichen heute vom Bericht ab."
                       if len(geaendert) else f"Alle {anzahl} Werte entsprechen dem Bericht.")
    inhalt: list = [html.P(zusammenfassung, className="fw-semibold")]
    if len(geaendert):
        inhalt.append(datentabelle(IDs.GEAENDERT, VERGLEICHSSPALTEN, gridzeilen(geaendert, periode),
                                   f"Werte, die vom Bericht {periode.lang} abweichen: berichtet, aktuell, Differenz"))
    alle = gridzeilen(vergleich.head(MAX_ZEILEN), periode)
    hinweis = (html.P(f"Gezeigt werden die ersten {MAX_ZEILEN:_} von {anzahl:_} Werten; alle stehen im Download."
                      .replace("_", "."), className="small") if anzahl > MAX_ZEILEN else None)
    inhalt += [
        html.P(["Herunterladen (alle Werte): ", *tabellenlinks(DOWNLOAD, abfrage)], className="small mt-2"),
        html.Details([html.Summary("Alle berichteten und aktuellen Werte anzeigen"), hinweis,
                      datentabelle(IDs.ALLE, VERGLEICHSSPALTEN, alle,
                                   f"Alle Werte des Berichts {periode.lang}: berichtet, aktuell, Differenz")],
                     className="mt-2"),
    ]
    return inhalt


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """Frozen or not, reported vs current figures (changes first), frozen texts and the history of a period."""
    periode, verfuegbar, hinweise = periode_lesen(fabrik, einstellungen, parameter)
    fassungen = bs.fassungen(fabrik, periode)
    fassung, fassungshinweise = _fassung_lesen(parameter, [int(f) for f in fassungen["fassung"]])
    hinweise = [*hinweise, *fassungshinweise]
    kopf: list = [brotkrumen([("Cockpit", links.cockpit(None if periode.art == "jahr" else periode)), (TITEL, None)]),
                  html.H1(f"{TITEL} {periode.lang}", className="h2")]
    auswahl = [_fassungsauswahl(fassungen, fassung)] if len(fassungen) else []
    if periode.art == "jahr":
        kopf.append(dbc.Row(auswahl, className="g-3 align-items-end mb-3") if auswahl else None)
    else:
        kopf.append(auswahlleiste(periode, verfuegbar, *auswahl))
    kopf += [hinweisleiste(hinweise), _stand(fabrik, periode, fassungen, fassung)]
    abschnitte = []
    if len(fassungen):
        vergleich = bs.vergleich(fabrik, periode, fassung, bewertungsregeln(fabrik, einstellungen))
        abfrage = links.berichtsstand(periode, fassung).removeprefix(PFAD)
        abschnitte += [
            html.Section([html.H2("Berichtet und aktuell", className="h4"),
                          html.P("Zahlen wie im Cockpit: Kennzahlen gesamtstädtisch mit Zielerreichungsgrad und "
                                 "Status, Zuschussbedarf je Produkt und in Summe. Die Differenz ist aktuell minus "
                                 "berichtet.", className="text-body-secondary"),
                          *_vergleich(vergleich, periode, abfrage)], className="mb-5"),
            html.Section([html.H2("Berichtete Texte", className="h4"), _texte(vergleich)], className="mb-5"),
        ]
    abschnitte.append(html.Section([html.H2("Verlauf", className="h4"),
                                    html.Div(_verlauf(fabrik, periode), id=IDs.VERLAUF)]))
    return html.Div([*kopf, *abschnitte])


def validierungslayout() -> list:
    """Placeholders of the IDs this page's callbacks use."""
    return [dbc.Select(id=IDs.FASSUNG)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write the chosen fassung into the URL (right: lesen); the router redraws the page."""
    parameter_in_url(app, url_id, IDs.FASSUNG, "fassung")
