"""Helpers for the app-tier tests: sign in with the test client, post callbacks as the browser does, find
components in a response."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dashboard import URL_ID
from kennzahlen import zugang

HERKUNFT = {"Origin": "http://localhost"}
"""The Origin header the app requires on POSTs (same origin as the test client's)."""


def anmelden(app, login: str, passwort: str = zugang.DEMO_PASSWORT):
    """A test client signed in as ``login`` (a demo account by default)."""
    client = app.server.test_client()
    antwort = client.post("/login", data={"login": login, "passwort": passwort, "weiter": "/"}, headers=HERKUNFT)
    assert antwort.status_code == 303, (login, antwort.status_code)
    return client


def senden(client, body: dict):
    """POST a callback request as the Dash renderer does."""
    return client.post("/_dash-update-component", json=body, headers=HERKUNFT)


def aufruf(app, ausloeser: str, werte: dict | None = None) -> dict:
    """The JSON body the browser sends for the callback that ``ausloeser`` (a button's id) triggers, with these
    State values (by component id)."""
    schluessel, cb = next((k, cb) for k, cb in app.callback_map.items()
                          if any(i["id"] == ausloeser for i in cb["inputs"]))
    ausgaben = [{"id": a.split(".", 1)[0], "property": a.split(".", 1)[1]} for a in schluessel.strip(".").split("...")]
    return {
        "output": schluessel,
        "outputs": ausgaben if schluessel.startswith("..") else ausgaben[0],
        "inputs": [{**i, "value": 1 if i["id"] == ausloeser else 0} for i in cb["inputs"]],
        "changedPropIds": [f"{ausloeser}.n_clicks"],
        "state": [{**s, "value": (werte or {}).get(s["id"])} for s in cb["state"]],
    }


def antworttext(antwort) -> str:
    """A callback answer as JSON text (umlauts kept), for 'in' checks."""
    return json.dumps(antwort.get_json()["response"], ensure_ascii=False)


def seite(client, pfad: str, suche: str = "") -> str:
    """The page the router draws for ``pfad`` and ``suche``, as JSON text."""
    antwort = senden(client, {
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": pfad},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:500]
    return antworttext(antwort)


def alle_knoten(baum) -> Iterator[dict]:
    """Every component in a response tree, depth first (also inside props and inside component data kept
    in a Store)."""
    if isinstance(baum, dict):
        if "props" in baum:
            yield baum
        for wert in baum.values():
            yield from alle_knoten(wert)
    elif isinstance(baum, list):
        for wert in baum:
            yield from alle_knoten(wert)


def knoten(baum, id_: str) -> dict | None:
    """The component with this id in a response tree (None when there is none)."""
    return next((k for k in alle_knoten(baum) if k["props"].get("id") == id_), None)
