"""Reading the tables of a callback response, for tests of the app tier: data grids (dash-ag-grid) and the
plain HTML tables that short open tables are (``komponenten.offene_tabelle``)."""

import json
import re

ZAHL = re.compile(r"^[+\-−]?\d{1,3}(?:\.\d{3})*(?:,\d+)?|^[+\-−]?\d+(?:,\d+)?")


def _text(knoten) -> str:
    """The visible text of a component subtree."""
    if isinstance(knoten, str | int | float):
        return str(knoten)
    if isinstance(knoten, list):
        return "".join(_text(k) for k in knoten)
    if isinstance(knoten, dict):
        return _text(knoten.get("props", {}).get("children"))
    return ""


def _als_zahl(text: str) -> float | None:
    """The leading German number of a cell text ('1.234.568 €' → 1234568.0, '50 %' → 50.0)."""
    treffer = ZAHL.match(text.strip())
    if not treffer:
        return None
    roh = treffer.group(0).replace("−", "-").replace(".", "").replace(",", ".")
    return float(roh)


def gridwerte(inhalt: str) -> list:
    """Every cell value of the page's tables: grid cells raw (the browser formats them in German), cells of
    plain tables as the number they show (or their text when they show none)."""
    werte: list = []

    def gehen(knoten):
        if isinstance(knoten, dict):
            p = knoten.get("props", {})
            if knoten.get("type") == "AgGrid":
                for zeile in [*p.get("rowData", []), *p.get("dashGridOptions", {}).get("pinnedBottomRowData", [])]:
                    werte.extend(zeile.values())
            elif knoten.get("type") == "Td":
                text = _text(p.get("children"))
                zahl = _als_zahl(text)
                werte.append(text if zahl is None else zahl)
                return
            for wert in knoten.values():
                gehen(wert)
        elif isinstance(knoten, list):
            for wert in knoten:
                gehen(wert)

    gehen(json.loads(inhalt))
    return werte
