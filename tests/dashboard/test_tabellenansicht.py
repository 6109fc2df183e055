"""Table views under charts are built in the browser only when opened (#10): the page sends them as data."""

from __future__ import annotations

import json

from dashboard import komponenten
from dashboard.seiten import cockpit
from tests.dashboard.sitzung import knoten, seite


def _alle(baum, typ: str) -> list[dict]:
    """Every component of type ``typ`` in the rendered tree (component data inside a Store is not rendered)."""
    if isinstance(baum, list):
        return [k for b in baum for k in _alle(b, typ)]
    if not isinstance(baum, dict):
        return []
    eigene = [baum] if baum.get("type") == typ else []
    if baum.get("type") == "Store":
        return eigene
    return eigene + [k for w in baum.values() for k in _alle(w, typ)]


def test_tab001_tabelle_unter_dem_diagramm_wartet_als_daten(app):
    """The cockpit's chart table is not a rendered grid but the data of a Store; its placeholder is empty; the
    chart's summary sentence (the screen reader's text alternative) is there at once."""
    baum = json.loads(seite(app.server.test_client(), "/"))
    index = {"index": cockpit.IDs.DIAGRAMM}
    gerendert = [g["props"].get("id") for g in _alle(baum, "AgGrid")]
    assert f"{cockpit.IDs.DIAGRAMM}-tabelle" not in gerendert
    daten = knoten(baum, {"type": komponenten.TABELLE_DATEN, **index})["props"]["data"]
    grid = knoten(daten, f"{cockpit.IDs.DIAGRAMM}-tabelle")
    assert grid["type"] == "AgGrid" and len(grid["props"]["rowData"]) > 0
    assert knoten(baum, {"type": komponenten.TABELLE_INHALT, **index})["props"].get("children") is None
    satz = knoten(baum, f"{cockpit.IDs.DIAGRAMM}-zusammenfassung")["props"]["children"]
    assert "Ansatz" in satz and "Mio." in satz


def test_tab002_aufklappen_ist_ein_clientside_callback_mit_recht(app):
    """One clientside callback builds the table view (no server round trip); it declares the right lesen."""
    rechte = app.server.extensions["wirkungscockpit_rechte"]
    treffer = [k for k in app.callback_map if komponenten.TABELLE_INHALT in k]
    assert len(treffer) == 1 and rechte[treffer[0]] == "lesen"
    clientseitig = [c for c in app._callback_list if c.get("clientside_function")]
    assert any(komponenten.TABELLE_INHALT in c["output"] for c in clientseitig)
