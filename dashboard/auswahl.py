"""The period selection shared by all views: read it from the URL, show the selectors, write it back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard.komponenten import kennzahlkarte
from dashboard.routing import abfrageparameter, neue_suche
from kennzahlen import formate as fmt
from kennzahlen.abfragen import verfuegbare_perioden
from kennzahlen.geldfluss import veraenderung
from kennzahlen.models import PERIODEN_JE_JAHR
from kennzahlen.perioden import (
    PERIODENNAMEN,
    Periode,
    ist_bezeichnung,
    periodenvermerk,
    stichtagstext,
    vorjahresbezug,
)
from kennzahlen.sozialraum import jahre_mit_werten


class IDs:
    """Component IDs of the period selection (one per page)."""

    JAHR = "auswahl-jahr"
    PERIODE = "auswahl-periode"


def periode_aus_parametern(
    parameter: Mapping[str, str], verfuegbar: list[Periode], periodenart: str
) -> tuple[Periode, list[str]]:
    """The period a URL asks for (``?jahr=2026&quartal=3``) and hints on what could not be used.

    Without parameters, or with invalid ones, the newest period with data is chosen and a German
    hint says what was ignored. A valid period without data is kept (the page says so).
    """
    hinweise: list[str] = []
    neueste = verfuegbar[-1] if verfuegbar else Periode(2026, periodenart, 1)
    jahr, nummer = neueste.jahr, neueste.nummer
    roh_jahr = parameter.get("jahr")
    if roh_jahr is not None:
        if roh_jahr.strip().isdigit() and 1990 <= int(roh_jahr) <= 2100:
            jahr = int(roh_jahr)
            if jahr != neueste.jahr:
                jahrgang = [p.nummer for p in verfuegbar if p.jahr == jahr]
                nummer = max(jahrgang) if jahrgang else PERIODEN_JE_JAHR[periodenart]
        else:
            hinweise.append(f"„{roh_jahr}“ ist kein gültiges Jahr; angezeigt wird {neueste.jahr}.")
    roh_nummer = parameter.get(periodenart) if periodenart != "jahr" else None  # a year's only period is 1
    if roh_nummer is not None:
        grenze = PERIODEN_JE_JAHR[periodenart]
        if roh_nummer.strip().isdigit() and 1 <= int(roh_nummer) <= grenze:
            nummer = int(roh_nummer)
        else:
            hinweise.append(
                f"„{roh_nummer}“ ist kein gültiges {PERIODENNAMEN[periodenart]} (erlaubt: 1 bis {grenze})."
            )
    return Periode(jahr, periodenart, nummer), hinweise


Verweis = Callable[[Periode], str]
"""The address of the current view for another period (e.g. ``dashboard.links.cockpit``)."""


def ohne_ist_hinweis(periode: Periode, verfuegbar: list[Periode], verweis: Verweis | None = None) -> str | list | None:
    """The notice for a period without Ist values, naming (and with ``verweis`` linking) the newest period with
    data; None when the period has data or nothing has any.

    "Für 4. Quartal 2026 liegen noch keine Ist-Werte vor. Neueste Periode mit Daten: 3. Quartal 2026."
    """
    if not verfuegbar or periode in verfuegbar:
        return None
    neueste = verfuegbar[-1]
    satz = f"Für {periode.lang} liegen noch keine Ist-Werte vor."
    if verweis is None:
        return f"{satz} Neueste Periode mit Daten: {neueste.lang}."
    return [f"{satz} Neueste Periode mit Daten: ",
            dcc.Link(neueste.lang, href=verweis(neueste), className="alert-link ohne-ist-verweis"), "."]


def periode_waehlen(
    fabrik, einstellungen, parameter: Mapping[str, str], verweis: Verweis | None = None
) -> tuple[Periode, list[Periode], list]:
    """(chosen period, periods with data, German hints) for a page's URL parameters.

    A period without Ist values gets ``ohne_ist_hinweis`` among the hints (with a link when ``verweis`` is
    given); hints are strings or lists of Dash children, both shown by ``hinweisleiste``.
    """
    art = einstellungen.berichtsperiode
    verfuegbar = verfuegbare_perioden(fabrik, art)
    if not verfuegbar and art != "jahr" and (jahre := jahre_mit_werten(fabrik)):
        art, verfuegbar = "jahr", jahre  # a city with yearly values only (Flensburg's Sozialatlas): show the year
    periode, hinweise = periode_aus_parametern(parameter, verfuegbar, art)
    hinweis = ohne_ist_hinweis(periode, verfuegbar, verweis)
    if hinweis is not None:
        hinweise.append(hinweis)
    return periode, verfuegbar, hinweise


def suchtext(bisher: str | None, jahr: str | int | None, nummer: str | int | None, periodenart: str) -> str:
    """The URL query with the new selection, other parameters (e.g. sozialraum) kept: '?jahr=2026&quartal=3'."""
    return neue_suche(bisher, **{"jahr": jahr, periodenart: nummer})


def mit_parameter(bisher: str | None, name: str, wert: str | None, ohne: tuple[str, ...] = ("",)) -> str | None:
    """The URL query with ``name=wert`` (removed when ``wert`` is None or in ``ohne``), other parameters kept;
    None when the URL already says so (then nothing is redrawn)."""
    neu = None if wert is None or wert in ohne else str(wert)
    if abfrageparameter(bisher).get(name) == neu:
        return None
    return neue_suche(bisher, **{name: neu})


def gerade_gezeichnet() -> bool:
    """Whether a URL-writing callback fires because its selectors were just drawn, not because a person changed
    one. Dash calls callbacks whose inputs are inserted by the page router even with prevent_initial_call (their
    output, the URL, is outside the page); then every input counts as triggered at once, while a person changes
    one. Writing the URL then would add a history entry for nothing, so "Zurück" would seem to do nothing."""
    return not ctx.triggered_id or len(ctx.triggered) > 1


def parameter_in_url(app, url_id: str, komponente_id: str, name: str, ohne: tuple[str, ...] = ("",)) -> None:
    """Register the callback that writes a selector's value into the URL parameter ``name`` (right: lesen)."""

    @app.callback(
        Output(url_id, "search", allow_duplicate=True),
        Input(komponente_id, "value"),
        Input(komponente_id, "id"),  # never changes: it only "triggers" when the selector is drawn
        State(url_id, "search"),
        prevent_initial_call=True,
        recht="lesen",
    )
    def wert_in_url(wert, _id, bisher):
        if gerade_gezeichnet():
            return no_update
        suche = mit_parameter(bisher, name, wert, ohne)
        return no_update if suche is None else suche


def periodenoptionen(jahr: int, art: str, verfuegbar: list[Periode], heute: dt.date | None = None) -> list[dict]:
    """The options of the period select for ``jahr``: periods without Ist are marked in their label
    ("4. Quartal – läuft noch", "2. Quartal – noch keine Ist-Werte")."""
    heute = heute or dt.date.today()
    optionen = []
    for n in range(1, PERIODEN_JE_JAHR[art] + 1):
        p = Periode(jahr, art, n)
        name = p.lang.replace(f" {jahr}", "")
        vermerk = periodenvermerk(p, verfuegbar, heute)
        optionen.append({"label": f"{name} – {vermerk}" if vermerk else name, "value": str(n)})
    return optionen


def auswahlleiste(periode: Periode, verfuegbar: list[Periode], *weitere, heute: dt.date | None = None) -> dbc.Row:
    """Year and period selectors (native selects with labels; periods without Ist marked), plus further
    columns of a page."""
    jahre = sorted({p.jahr for p in verfuegbar} | {periode.jahr}, reverse=True)
    art = periode.art
    optionen = periodenoptionen(periode.jahr, art, verfuegbar, heute)
    return dbc.Row(
        [
            dbc.Col([dbc.Label("Jahr", html_for=IDs.JAHR),
                     dbc.Select(id=IDs.JAHR, value=str(periode.jahr),
                                options=[{"label": str(j), "value": str(j)} for j in jahre])], width="auto"),
            dbc.Col([dbc.Label(PERIODENNAMEN[art], html_for=IDs.PERIODE),
                     dbc.Select(id=IDs.PERIODE, value=str(periode.nummer), options=optionen)], width="auto",
                    className="d-none" if art == "jahr" else None),  # a year has no in-year period to choose
            *weitere,
        ],
        className="g-3 align-items-end mb-3",
    )


def istkarte(periode: Periode, stichtag: Periode | None, ist: float, ansatz: float, ist_vorjahr: float,
             id_: str | None = None) -> dbc.Card:
    """The card "Ist bis Q3 2026 (Stichtag 30.09.2026)": Zuschussbedarf to the real Stichtag, its share of
    the Ansatz and the change against the same months one year earlier ("ggü. Vorjahr bis 30.09.").

    ``stichtag`` is ``abfragen.ist_stichtag`` (None: the year has no Ist yet, and the card says so).
    """
    titel = f"{ist_bezeichnung(periode, stichtag)} ({stichtagstext(stichtag)})"
    if stichtag is None:
        return kennzahlkarte(titel, fmt.LEER, f"Für {periode.jahr} liegen noch keine Ist-Werte vor.", id_)
    quote = ist / ansatz if ansatz and not pd.isna(ist) and not pd.isna(ansatz) else None
    _, relativ = veraenderung(ist, ist_vorjahr)
    zusatz = (f"{fmt.prozent(quote, 0)} des Ansatzes · {fmt.prozent(relativ, vorzeichen=True)} "
              f"{vorjahresbezug(stichtag)}")
    return kennzahlkarte(titel, fmt.euro_kompakt(ist), zusatz, id_)


def ist_stichtag_hinweis(periode: Periode, stichtag: Periode | None) -> str | None:
    """The hint when a view's "Ist bis <periode>" really ends earlier, at the effective Stichtag; None when
    the budget Ist reaches ``periode``."""
    if stichtag == periode:
        return None
    if stichtag is None:
        return f"Für {periode.jahr} liegen noch keine Ist-Beträge des Haushalts vor."
    return (f"Ist-Beträge des Haushalts liegen für {periode.jahr} erst bis {stichtag.lang} vor "
            f"({stichtagstext(stichtag)}).")


def hinweisleiste(hinweise: list) -> html.Div:
    """German hints about the URL (invalid parameters, periods without data): strings or lists of children."""
    return html.Div([dbc.Alert(h, color="warning", className="py-2") for h in hinweise], role="status",
                    className="hinweise")


def validierungslayout() -> list:
    """Placeholders of the selectors for Dash's callback validation."""
    return [dbc.Select(id=IDs.JAHR), dbc.Select(id=IDs.PERIODE)]


def callbacks_registrieren(app, url_id: str) -> None:
    """Write a changed year or period into the URL; the router then redraws the page."""

    @app.callback(
        Output(url_id, "search", allow_duplicate=True),
        Input(IDs.JAHR, "value"),
        Input(IDs.PERIODE, "value"),
        State(url_id, "search"),
        prevent_initial_call=True,
        recht="lesen",
    )
    def auswahl_in_url(jahr, nummer, bisher):
        if gerade_gezeichnet():
            return no_update
        from flask import current_app

        einstellungen = current_app.extensions["wirkungscockpit"].einstellungen
        neu = suchtext(bisher, jahr, nummer, einstellungen.berichtsperiode)
        return no_update if neu == (bisher or "") else neu
