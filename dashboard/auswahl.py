"""The period selection shared by all views: read it from the URL, show the selectors, write it back."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update

from dashboard.routing import abfrageparameter
from kennzahlen.abfragen import verfuegbare_perioden
from kennzahlen.models import PERIODEN_JE_JAHR
from kennzahlen.perioden import PERIODENNAMEN, Periode


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
    roh_nummer = parameter.get(periodenart)
    if roh_nummer is not None:
        grenze = PERIODEN_JE_JAHR[periodenart]
        if roh_nummer.strip().isdigit() and 1 <= int(roh_nummer) <= grenze:
            nummer = int(roh_nummer)
        else:
            hinweise.append(
                f"„{roh_nummer}“ ist kein gültiges {PERIODENNAMEN[periodenart]} (erlaubt: 1 bis {grenze})."
            )
    return Periode(jahr, periodenart, nummer), hinweise


def periode_waehlen(fabrik, einstellungen, parameter: Mapping[str, str]) -> tuple[Periode, list[Periode], list[str]]:
    """(chosen period, periods with data, German hints) for a page's URL parameters."""
    verfuegbar = verfuegbare_perioden(fabrik, einstellungen.berichtsperiode)
    periode, hinweise = periode_aus_parametern(parameter, verfuegbar, einstellungen.berichtsperiode)
    if verfuegbar and periode not in verfuegbar:
        hinweise.append(f"Für {periode.lang} liegen noch keine Ist-Werte vor.")
    return periode, verfuegbar, hinweise


def suchtext(bisher: str | None, jahr: str | int | None, nummer: str | int | None, periodenart: str) -> str:
    """The URL query with the new selection, other parameters (e.g. sozialraum) kept: '?jahr=2026&quartal=3'."""
    werte = abfrageparameter(bisher)
    for schluessel, wert in (("jahr", jahr), (periodenart, nummer)):
        if wert in (None, ""):
            werte.pop(schluessel, None)
        else:
            werte[schluessel] = str(wert)
    return "?" + urlencode(werte) if werte else ""


def mit_parameter(bisher: str | None, name: str, wert: str | None, ohne: tuple[str, ...] = ("",)) -> str | None:
    """The URL query with ``name=wert`` (removed when ``wert`` is None or in ``ohne``), other parameters kept;
    None when the URL already says so (then nothing is redrawn)."""
    werte = abfrageparameter(bisher)
    neu = None if wert is None or wert in ohne else str(wert)
    if werte.get(name) == neu:
        return None
    if neu is None:
        werte.pop(name, None)
    else:
        werte[name] = neu
    return "?" + urlencode(werte) if werte else ""


def parameter_in_url(app, url_id: str, komponente_id: str, name: str, ohne: tuple[str, ...] = ("",)) -> None:
    """Register the callback that writes a selector's value into the URL parameter ``name`` (right: lesen)."""

    @app.callback(
        Output(url_id, "search", allow_duplicate=True),
        Input(komponente_id, "value"),
        State(url_id, "search"),
        prevent_initial_call=True,
        recht="lesen",
    )
    def wert_in_url(wert, bisher):
        suche = mit_parameter(bisher, name, wert, ohne)
        return no_update if suche is None else suche


def auswahlleiste(periode: Periode, verfuegbar: list[Periode], *weitere) -> dbc.Row:
    """Year and period selectors (native selects with labels), plus further columns of a page."""
    jahre = sorted({p.jahr for p in verfuegbar} | {periode.jahr}, reverse=True)
    art = periode.art
    optionen = [
        {"label": Periode(periode.jahr, art, n).lang.replace(f" {periode.jahr}", ""), "value": str(n)}
        for n in range(1, PERIODEN_JE_JAHR[art] + 1)
    ]
    return dbc.Row(
        [
            dbc.Col([dbc.Label("Jahr", html_for=IDs.JAHR),
                     dbc.Select(id=IDs.JAHR, value=str(periode.jahr),
                                options=[{"label": str(j), "value": str(j)} for j in jahre])], width="auto"),
            dbc.Col([dbc.Label(PERIODENNAMEN[art], html_for=IDs.PERIODE),
                     dbc.Select(id=IDs.PERIODE, value=str(periode.nummer), options=optionen)], width="auto"),
            *weitere,
        ],
        className="g-3 align-items-end mb-3",
    )


def hinweisleiste(hinweise: list[str]) -> html.Div:
    """German hints about the URL (invalid parameters, periods without data)."""
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
        from flask import current_app

        einstellungen = current_app.extensions["wirkungscockpit"].einstellungen
        neu = suchtext(bisher, jahr, nummer, einstellungen.berichtsperiode)
        return no_update if neu == (bisher or "") else neu
