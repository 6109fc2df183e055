"""Reading the data grids (dash-ag-grid) of a callback response, for tests of the app tier."""

import json


def gridwerte(inhalt: str) -> list:
    """Every cell value of the page's data grids (numbers raw; the browser formats them in German)."""
    werte: list = []

    def gehen(knoten):
        if isinstance(knoten, dict):
            if knoten.get("type") == "AgGrid":
                p = knoten["props"]
                for zeile in [*p.get("rowData", []), *p.get("dashGridOptions", {}).get("pinnedBottomRowData", [])]:
                    werte.extend(zeile.values())
            for wert in knoten.values():
                gehen(wert)
        elif isinstance(knoten, list):
            for wert in knoten:
                gehen(wert)

    gehen(json.loads(inhalt))
    return werte
