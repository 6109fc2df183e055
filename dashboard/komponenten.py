"""Reusable UI pieces: status badge, accessible tables and data grids, chart with table view, number cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.figuren import graph_config
from kennzahlen import formate as fmt


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
    """Status as symbol and word (never colour alone), coloured for those who see colour.

    One component: the symbol comes from ``data-symbol`` through CSS (``assets/wirkungscockpit.css``), shown
    before the word and hidden from screen readers, which read the word.
    """
    return html.Span(text, className=f"statusbadge status-{code}", style={"color": farbe, "borderColor": farbe},
                     title=f"Status: {text}", **{"data-symbol": symbol})


@dataclass(frozen=True)
class Spalte:
    """A table column: heading and whether it holds numbers (right-aligned).

    In a data grid (``datentabelle``) also the row field and how its value is shown: ``format`` "euro"
    (whole euros), "prozent" (a percent number, ``vorzeichen`` adds "+"), "wert" (the row's ``stellen``
    decimals and ``einheit``), "differenz" (signed, the row's ``einheit_diff``), "zahl" (``stellen``
    decimals), "verweis" (a link to the row's ``<feld>_href``), "status" (symbol and word) or "" (text).
    """

    titel: str
    zahl: bool = False
    feld: str = ""
    format: str = ""
    stellen: int = 0
    vorzeichen: bool = False
    breite: int | None = None


def tabelle(spalten: Sequence[Spalte], zeilen: Sequence[Sequence], beschriftung: str,
            fuss: Sequence | None = None, className: str = "mb-0", **kwargs) -> dbc.Table:
    """An accessible table (caption, header cells with scope) of already formatted cells; ``fuss`` is a
    total row below the body."""
    def zeile_(zellen) -> html.Tr:
        return html.Tr([html.Td(zelle, className="text-end text-nowrap" if s.zahl else None)
                        for s, zelle in zip(spalten, zellen, strict=True)])

    kopf = html.Thead(
        html.Tr([html.Th(s.titel, scope="col", className="text-end" if s.zahl else None) for s in spalten])
    )
    teile = [html.Caption(beschriftung, className="visually-hidden-focusable caption-top"), kopf,
             html.Tbody([zeile_(z) for z in zeilen])]
    if fuss is not None:
        teile.append(html.Tfoot(zeile_(fuss), className="fw-semibold"))
    return dbc.Table(teile, striped=True, hover=True, size="sm", responsive=True, className=className, **kwargs)


GRID_DEUTSCH = {
    "selectAll": "(Alles auswählen)", "searchOoo": "Suchen...", "blanks": "(Leer)",
    "noMatches": "Keine Übereinstimmungen", "filterOoo": "Filter...", "equals": "Gleich", "notEqual": "Ungleich",
    "blank": "Leer", "notBlank": "Nicht leer", "empty": "Wählen Sie eine", "lessThan": "Weniger als",
    "greaterThan": "Größer als", "lessThanOrEqual": "Weniger als oder gleich",
    "greaterThanOrEqual": "Größer als oder gleich", "inRange": "Zwischen", "inRangeStart": "Von",
    "inRangeEnd": "Bis", "contains": "Enthält", "notContains": "Enthält nicht", "startsWith": "Beginnt mit",
    "endsWith": "Endet mit", "before": "Vor", "after": "Nach", "andCondition": "UND", "orCondition": "ODER",
    "applyFilter": "Anwenden", "resetFilter": "Zurücksetzen", "clearFilter": "Löschen", "cancelFilter": "Abbrechen",
    "textFilter": "Textfilter", "numberFilter": "Zahlenfilter", "columns": "Spalten", "filters": "Filter",
    "loadingOoo": "Wird geladen...", "loadingError": "FEHLER", "noRowsToShow": "Keine Zeilen zum Anzeigen",
    "enabled": "Aktiviert", "pinColumn": "Spalte anheften", "pinLeft": "Links anheften",
    "pinRight": "Rechts anheften", "noPin": "Nicht anheften",
    "autosizeAllColumns": "Alle Spalten automatisch anpassen", "resetColumns": "Spalten zurücksetzen",
    "columnFilter": "Spaltenfilter", "columnChooser": "Spalten auswählen", "chooseColumns": "Spalten auswählen",
    "sortAscending": "Aufsteigend sortieren", "sortDescending": "Absteigend sortieren",
    "sortUnSort": "Sortierung aufheben", "more": "Mehr", "to": "bis", "of": "von", "page": "Seite",
    "nextPage": "Nächste Seite", "lastPage": "Letzte Seite", "firstPage": "Erste Seite",
    "previousPage": "Vorherige Seite", "pageSizeSelectorLabel": "Seitengröße:", "footerTotal": "Gesamt",
    "ariaAdvancedFilterBuilderItem": "${variable}. Ebene ${variable}. Drücken Sie ENTER, um zu bearbeiten.",
    "ariaChecked": "geprüft", "ariaColumn": "Spalte", "ariaColumnGroup": "Spaltengruppe",
    "ariaColumnFiltered": "Spalte gefiltert", "ariaColumnSelectAll": "Alle Spalten ein-/ausblenden",
    "ariaDateFilterInput": "Datum-Filtereingang", "ariaDefaultListName": "Liste",
    "ariaFilterColumnsInput": "Filterspalteneingang", "ariaFilterFromValue": "Filter vom Wert",
    "ariaFilterInput": "Filtereingang", "ariaFilterList": "Filterliste", "ariaFilterToValue": "Filter zum Wert",
    "ariaFilterValue": "Filterwert", "ariaFilterMenuOpen": "Filtermenü öffnen",
    "ariaFilteringOperator": "Filteroperator", "ariaHidden": "versteckt", "ariaIndeterminate": "unbestimmt",
    "ariaInputEditor": "Eingabeeditor", "ariaMenuColumn": "Drücken Sie ALT NACH UNTEN, um das Spaltenmenü zu öffnen",
    "ariaFilterColumn": "Drücken Sie STRG EINGABETASTE, um den Filter zu öffnen",
    "ariaRowDeselect": "Drücken Sie LEERTASTE, um diese Zeile abzuwaehlen",
    "ariaHeaderSelection": "Spalte mit Header-Auswahl",
    "ariaSelectAllCells": "Drücken Sie die Leertaste oder Enter, um alle Zellen auszuwählen.",
    "ariaRowSelectAll": "Drücken Sie LEERTASTE, um die Auswahl aller Zeilen umzuschalten",
    "ariaRowToggleSelection": "Drücken Sie LEERTASTE, um die Zeilenauswahl umzuschalten",
    "ariaRowSelect": "Drücken Sie LEERTASTE, um diese Zeile auszuwählen",
    "ariaRowSelectionDisabled": "Zeilenauswahl ist für diese Zeile deaktiviert", "ariaSearch": "Suche",
    "ariaSortableColumn": "Drücken Sie EINGABETASTE, um zu sortieren",
    "ariaSortableColumnWithCellSelection": "Drücken Sie ALT EINGABETASTE, um zu sortieren",
    "ariaToggleVisibility": "Drücken Sie LEERTASTE, um die Sichtbarkeit umzuschalten",
    "ariaToggleCellValue": "Drücken Sie LEERTASTE, um den Zellenwert umzuschalten", "ariaUnchecked": "ungeprüft",
    "ariaVisible": "sichtbar", "ariaSearchFilterValues": "Filterwerte suchen",
    "ariaPageSizeSelectorLabel": "Seitengröße",
    "ariaSkeletonCellLoadingFailed": "Das Laden der Zeile ist fehlgeschlagen",
    "ariaSkeletonCellLoading": "Zeilendaten werden geladen", "ariaRowGroupDropZonePanelLabel": "Zeilengruppen",
    "ariaValuesDropZonePanelLabel": "Werte", "ariaPivotDropZonePanelLabel": "Spaltenbeschriftungen",
    "ariaDropZoneColumnComponentDescription": "Drücken Sie DELETE, um zu entfernen", "ariaLabelDialog": "Dialog",
    "ariaLabelColumnMenu": "Spaltenmenü", "ariaLabelColumnFilter": "Spaltenfilter",
    "ariaLabelSelectField": "Feld auswählen", "ariaLabelLoadingContextMenu": "Lade Kontextmenü",
    "ariaLabelRichSelectField": "Rich-Select-Feld", "ariaLabelTooltip": "Tooltip",
    "ariaLabelContextMenu": "Kontextmenü", "ariaLabelSubMenu": "Untermenü",
    "ariaLabelAggregationFunction": "Aggregationsfunktion",
    "ariaLabelAdvancedFilterAutocomplete": "Erweiterte Filter-Autovervollständigung",
    "ariaColumnPanelList": "Spaltenliste", "ariaFilterPanelList": "Filterliste", "thousandSeparator": ".",
    "decimalSeparator": ",", "true": "Wahr", "false": "Falsch", "invalidDate": "Ungültiges Datum",
    "invalidNumber": "Ungültige Nummer",
}
"""AG Grid's texts in German (from @ag-grid-community/locale 35, the parts the community grid shows)."""

ZEILEN_OHNE_ROLLEN = 15
"""Grids with up to this many rows grow with their content; longer ones scroll (and draw only what is seen)."""


def _spaltendefinition(s: Spalte) -> dict:
    definition: dict = {"field": s.feld, "headerName": s.titel, "headerTooltip": s.titel,
                        "filter": "agNumberColumnFilter" if s.zahl else "agTextColumnFilter"}
    if s.zahl:
        definition["type"] = "rightAligned"
    elif s.format in ("", "verweis"):  # names wrap instead of being cut off ("Heimerziehung und so…")
        definition.update(wrapText=True, autoHeight=True, flex=2, minWidth=160,
                          cellStyle={"lineHeight": "1.35", "paddingTop": "6px", "paddingBottom": "6px"})
    if s.breite:
        definition["minWidth"] = s.breite
    if s.format == "verweis":
        definition["cellRenderer"] = "Verweis"
    elif s.format == "status":
        definition["cellRenderer"] = "Status"
        definition["comparator"] = {"function": "wkStatusVergleich(valueA, valueB, nodeA, nodeB)"}
    elif s.format:
        definition["valueFormatter"] = {
            "function": f"wkZahl(params, '{s.format}', {s.stellen}, {'true' if s.vorzeichen else 'false'})"}
    return definition


def datentabelle(id_: str, spalten: Sequence[Spalte], zeilen: Sequence[dict], beschriftung: str,
                 summe: dict | None = None) -> html.Div:
    """One data grid (dash-ag-grid) for a long table: sortable, filterable, virtualised, German texts and
    numbers; ``zeilen`` are dicts keyed by the columns' ``feld`` (numbers raw, formatted in the browser by
    ``assets/tabellen.js``); ``summe`` is a total row pinned below (it never sorts away). The caption is the
    accessible name of the grid's region."""
    hoch = len(zeilen) > ZEILEN_OHNE_ROLLEN
    optionen = {"localeText": GRID_DEUTSCH, "domLayout": "normal" if hoch else "autoHeight",
                "enableCellTextSelection": True, "ensureDomOrder": True, "animateRows": False}
    if summe:
        optionen["pinnedBottomRowData"] = [summe]
    return html.Div(
        dag.AgGrid(
            id=id_,
            columnDefs=[_spaltendefinition(s) for s in spalten],
            rowData=list(zeilen),
            defaultColDef={"sortable": True, "resizable": True, "flex": 1, "minWidth": 110, "wrapHeaderText": True,
                           "autoHeaderHeight": True},
            dashGridOptions=optionen,
            columnSize="responsiveSizeToFit",
            className="wk-grid",
            style={"height": "28rem"} if hoch else {"height": None},
        ),
        role="region", className="wk-grid-rahmen", **{"aria-label": beschriftung},
    )


KURZE_TABELLE = 15
"""Open tables with up to this many rows are plain HTML tables (``offene_tabelle``); longer ones data grids."""


def zelltext(s: Spalte, zeile: dict) -> str:
    """The text a grid cell of column ``s`` shows for ``zeile`` (as ``wkZahl`` in assets/tabellen.js)."""
    feld = s.feld
    if zeile.get(f"{feld}_text"):
        return zeile[f"{feld}_text"]
    wert = zeile.get(feld)
    if s.format in ("", "verweis", "status"):
        return "" if wert is None else str(wert)
    if wert is None or (isinstance(wert, float) and pd.isna(wert)) or wert == "":
        return fmt.LEER
    art = s.format
    stellen = zeile.get(f"{feld}_stellen", zeile.get("stellen", s.stellen) if art in ("wert", "differenz")
                        else s.stellen)
    if art == "euro":
        text = fmt.euro(wert)
    elif art == "prozent":
        text = ("-" if wert < 0 else "+" if s.vorzeichen else "") + f"{fmt.zahl(abs(wert), stellen)}\u00a0%"
    elif art in ("wert", "differenz"):
        einheit = zeile.get("einheit_diff" if art == "differenz" else "einheit") or ""
        betrag = abs(wert) if art == "differenz" else wert
        text = (fmt.euro(betrag) if einheit == "€" else f"{fmt.zahl(betrag, stellen)}\u00a0{einheit}".strip())
        if art == "differenz":
            text = ("+" if wert > 0 else "\u2212" if wert < 0 else "\u00b1") + text
    else:
        text = fmt.zahl(wert, stellen)
    return text + (zeile.get(f"{feld}_zusatz") or "")


def _zelle(s: Spalte, zeile: dict):
    """A cell's content in a plain table: text, a link inside the app, or the status badge."""
    if s.format == "status":
        return (statusbadge(zeile["status_symbol"], zeile["status_text"], zeile["status_farbe"],
                            zeile.get("status_code") or "") if zeile.get("status_text") else fmt.LEER)
    text = zelltext(s, zeile)
    href = zeile.get(f"{s.feld}_href") if s.format == "verweis" else None
    if not href:
        return text
    vor, nach, klasse = (zeile.get(f"{s.feld}_{t}") or "" for t in ("vor", "nach", "klasse"))
    if not (vor or nach or klasse):
        return dcc.Link(text, href=href)
    return html.Span([vor, dcc.Link(text, href=href), nach], className=klasse or None)


def offene_tabelle(id_: str, spalten: Sequence[Spalte], zeilen: Sequence[dict], beschriftung: str,
                   summe: dict | None = None):
    """A table shown open on a page, with the rows and columns of ``datentabelle``: up to ``KURZE_TABELLE``
    rows a plain accessible HTML table with the grid's German cell texts (the browser need not start the
    grid for a few rows; it costs more than a chart), longer ones a data grid."""
    if len(zeilen) > KURZE_TABELLE:
        return datentabelle(id_, spalten, zeilen, beschriftung, summe)
    return tabelle(spalten, [[_zelle(s, z) for s in spalten] for z in zeilen], beschriftung,
                   fuss=[_zelle(s, summe) for s in spalten] if summe else None, id=id_,
                   className="mb-0 wk-tabelle")


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
                        dcc.Graph(id=id_, figure=figur, config=graph_config(figur)),
                        role="figure", **{"aria-labelledby": f"{id_}-titel",
                                          "aria-describedby": f"{id_}-zusammenfassung"},
                    ),
                    tabellenansicht(id_, tabelle_, download),
                ]
            ),
        ],
        className="mb-4",
    )


TABELLE_AUF, TABELLE_INHALT, TABELLE_DATEN = "wk-tabelle-auf", "wk-tabelle-inhalt", "wk-tabelle-daten"
"""Pattern-matching id types of the table view under a chart (index: the chart's id)."""
TABELLE_AUFBAUEN = """function(klicks, tabelle, gebaut) {
    if (!klicks || gebaut) { return window.dash_clientside.no_update; }
    return tabelle;
}"""
"""Clientside: the first opening puts the stored table into the page (later toggles only fold it)."""


def tabellenansicht(id_: str, tabelle_, download: list | None = None) -> html.Details:
    """The folded table view under a chart. Its table is built in the browser only when it is first opened
    (a data grid costs the browser more than the chart it explains); until then it waits, unrendered, in a
    dcc.Store. Screen readers have the chart's summary sentence with the key numbers at once."""
    return html.Details(
        [html.Summary("Tabelle anzeigen", id={"type": TABELLE_AUF, "index": id_}),
         html.Div(id={"type": TABELLE_INHALT, "index": id_}, className="mt-2"),
         dcc.Store(id={"type": TABELLE_DATEN, "index": id_}, data=_als_daten(tabelle_)),
         html.P(["Herunterladen: ", *download], className="small mt-2 mb-0") if download else None],
        className="mt-2 tabellenansicht",
    )


def _als_daten(komponente) -> dict:
    """A component tree as plain JSON data (Dash allows components only in ``children``; the browser renders
    the data as the same components once the clientside callback puts it into a ``children``)."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(komponente, cls=PlotlyJSONEncoder))


def tabellen_aufklappen(callbacks) -> None:
    """Register the one clientside callback that builds a table view when it is opened (right: lesen)."""
    from dash import MATCH, Input, Output, State

    callbacks.clientside(
        TABELLE_AUFBAUEN, Output({"type": TABELLE_INHALT, "index": MATCH}, "children"),
        Input({"type": TABELLE_AUF, "index": MATCH}, "n_clicks"),
        State({"type": TABELLE_DATEN, "index": MATCH}, "data"),
        State({"type": TABELLE_INHALT, "index": MATCH}, "children"),
        prevent_initial_call=True, recht="lesen",
    )


def leere_grafik(id_: str, titel: str, satz: str) -> dbc.Card:
    """A chart card without data: one sentence instead of empty axes (and no table view of nothing)."""
    return dbc.Card([
        dbc.CardHeader(html.H2(titel, className="h5 mb-0", id=f"{id_}-titel")),
        dbc.CardBody(html.P(satz, className="mb-0 text-body-secondary", id=f"{id_}-leer")),
    ], className="mb-4")


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


# --- cell values of data grids: numbers rounded as the text formats round; the browser formats them -----


def statusfelder(zeile) -> dict:
    """The fields a grid's status column reads (symbol, word, colour, code, rank) of a row with status."""
    rang = zeile.get("status_rang")
    return {"status": zeile["status_text"], "status_text": zeile["status_text"],
            "status_symbol": zeile["status_symbol"], "status_farbe": zeile["status_farbe"],
            "status_code": zeile["status_code"],
            "status_rang": None if rang is None or pd.isna(rang) else int(rang)}


def euro_zelle(wert) -> float | None:
    """Whole euros for a grid cell (rounded as ``fmt.euro`` rounds); None for no value."""
    return None if wert is None or pd.isna(wert) else float(round(float(wert)))


def prozent_zelle(anteil, stellen: int = 0) -> float | None:
    """A share as a percent number for a grid cell, rounded as ``fmt.prozent`` shows it."""
    return None if anteil is None or pd.isna(anteil) else round(float(anteil) * 100, stellen)


def zellwert(wert, einheit: str, stellen: int) -> float | None:
    """A value for a grid cell, rounded as ``fmt.wert_mit_einheit`` shows it (euros whole); None for none."""
    if wert is None or pd.isna(wert):
        return None
    return euro_zelle(wert) if einheit == "€" else round(float(wert), stellen)


def leichte_sprache(text: str | None, id_: str) -> html.Details | None:
    """A Leichte-Sprache text beside the technical one, folded until asked for ("In Leichter Sprache");
    None when the object has none. Paragraphs are separated by blank lines in the stored text."""
    if text is None or pd.isna(text) or not str(text).strip():
        return None
    absaetze = [a.strip() for a in str(text).split("\n\n") if a.strip()]
    return html.Details([html.Summary("In Leichter Sprache"), *[html.P(a, className="mb-2") for a in absaetze]],
                        id=id_, className="leichte-sprache my-2")
