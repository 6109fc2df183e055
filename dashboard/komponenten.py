"""Reusable UI pieces: status badge, accessible tables, chart with table view, number cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figuren import GRAPH_CONFIG


def brotkrumen(stationen: Sequence[tuple[str, str | None]]) -> html.Nav:
    """Breadcrumbs: (text, address) pairs, the last one is the current page (address None)."""
    eintraege = []
    for i, (text, ziel) in enumerate(stationen):
        letzte = i == len(stationen) - 1
        inhalt = text if letzte or not ziel else dcc.Link(text, href=ziel)
        eintraege.append(html.Li(inhalt, className="breadcrumb-item" + (" active" if letzte else ""),
                                 **({"aria-current": "page"} if letzte else {})))
    return html.Nav(html.Ol(eintraege, className="breadcrumb"), **{"aria-label": "Brotkrümelnavigation"})


def statusbadge(symbol: str, text: str, farbe: str, code: str = "") -> html.Span:
    """Status as symbol and word (never colour alone), coloured for those who see colour."""
    return html.Span(
        [html.Span(symbol, className="status-symbol", **{"aria-hidden": "true"}), html.Span(text)],
        className=f"statusbadge status-{code}",
        style={"color": farbe, "borderColor": farbe},
        title=f"Status: {text}",
    )


@dataclass(frozen=True)
class Spalte:
    """A table column: heading and whether it holds numbers (right-aligned)."""

    titel: str
    zahl: bool = False


def tabelle(spalten: Sequence[Spalte], zeilen: Sequence[Sequence], beschriftung: str, **kwargs) -> dbc.Table:
    """An accessible table (caption, header cells with scope) of already formatted cells."""
    kopf = html.Thead(
        html.Tr([html.Th(s.titel, scope="col", className="text-end" if s.zahl else None) for s in spalten])
    )
    koerper = html.Tbody(
        [
            html.Tr([
                html.Td(zelle, className="text-end text-nowrap" if s.zahl else None)
                for s, zelle in zip(spalten, zeile, strict=True)
            ])
            for zeile in zeilen
        ]
    )
    return dbc.Table(
        [html.Caption(beschriftung, className="visually-hidden-focusable caption-top"), kopf, koerper],
        striped=True, hover=True, size="sm", responsive=True, className="mb-0", **kwargs,
    )


def diagramm_mit_tabelle(
    id_: str, titel: str, figur, zusammenfassung: str, tabelle_: dbc.Table, download: list | None = None
) -> dbc.Card:
    """A chart card with a one-sentence summary for screen readers, a table view to unfold and, if given,
    download links for the table (see dashboard.downloads.tabellenlinks)."""
    return dbc.Card(
        [
            dbc.CardHeader(html.H2(titel, className="h5 mb-0", id=f"{id_}-titel")),
            dbc.CardBody(
                [
                    html.P(zusammenfassung, className="visually-hidden", id=f"{id_}-zusammenfassung"),
                    html.Div(
                        dcc.Graph(id=id_, figure=figur, config=GRAPH_CONFIG),
                        role="figure", **{"aria-describedby": f"{id_}-zusammenfassung"},
                    ),
                    html.Details(
                        [html.Summary("Tabelle anzeigen"), html.Div(tabelle_, className="mt-2"),
                         html.P(["Herunterladen: ", *download], className="small mt-2 mb-0") if download else None],
                        className="mt-2 tabellenansicht",
                    ),
                ]
            ),
        ],
        className="mb-4",
    )


def kennzahlkarte(titel: str, wert: str, zusatz: list | str | None = None, id_: str | None = None) -> dbc.Card:
    """A card with one headline number and an explanatory line."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(titel, className="h6 text-body-secondary mb-1"),
                html.P(wert, className="fs-3 fw-semibold mb-1 text-nowrap", **({"id": id_} if id_ else {})),
                html.P(zusatz, className="small mb-0") if zusatz else None,
            ]
        ),
        className="h-100",
    )
