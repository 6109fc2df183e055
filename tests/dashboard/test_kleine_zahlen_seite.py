"""The Kennzahl view keeps small numbers out of every callback response (reproduction of the security test:
a count in "Jugendliche" with district values 1 and 2, city 17, visible rest 14)."""

import base64
import json
import math
import re

import numpy as np
import pytest

from dashboard import URL_ID, create_app
from dashboard.seiten import kennzahl as seite
from kennzahlen import kleine_zahlen as kz
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.importe import importieren

HERKUNFT = {"Origin": "http://localhost"}
KENNZAHLEN = ("Kennzahl;Name;Einheit;Frequenz;Typ;Richtung;Raumebene;Nachkommastellen\n"
              "K990;Jugendliche im offenen Treff;Jugendliche;quartal;output;hoeher_besser;sozialraum;0\n")
# Q3 2026: 101 = 1 and 102 = 2 (small), 103 = 4, 104 = 0, 105 = 10, city 17: without secondary suppression
# 17 − (4 + 0 + 10) = 3 gives the small pair away. Q2: 101 = 2 alone would equal city − visible.
WERTE = {(3, None): 17, (3, "101"): 1, (3, "102"): 2, (3, "103"): 4, (3, "104"): 0, (3, "105"): 10,
         (2, None): 27, (2, "101"): 2, (2, "102"): 6, (2, "103"): 7, (2, "104"): 3, (2, "105"): 9}
VERBORGEN = {3: {"101": 1, "102": 2, "103": 4}, 2: {"101": 2, "104": 3}}
"""The district values that must never reach the browser, per quarter (small ones and their partners)."""


@pytest.fixture
def app_mit_jugendlichen(demo_einstellungen):
    """The demo app with the Kennzahl K990 (a count in "Jugendliche"; no Fallzahl column: derived)."""
    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    fabrik = sessionfabrik(engine)
    importieren(fabrik, "kennzahlen.csv", KENNZAHLEN.encode(), "test")
    zeilen = ["Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert"]
    zeilen += [f"K990;2026;quartal;{p};{raum or ''};ist;{wert}" for (p, raum), wert in WERTE.items()]
    importieren(fabrik, "werte.csv", "\n".join(zeilen).encode(), "test")
    engine.dispose()
    return create_app(demo_einstellungen)


def _post(client, output: str, inputs: list[dict], state: list[dict] | None = None) -> dict:
    ziel_id = output.split("@")[0].split(".")[0]
    body = {"output": output, "outputs": {"id": ziel_id, "property": output.split(".", 1)[1]}, "inputs": inputs,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"], "state": state or []}
    antwort = client.post("/_dash-update-component", json=body, headers=HERKUNFT)
    assert antwort.status_code == 200, antwort.data[:800]
    return antwort.get_json()


def _seite(client, suche: str) -> dict:
    return _post(client, "seite.children", [{"id": URL_ID, "property": "pathname", "value": "/kennzahl/K990"},
                                            {"id": URL_ID, "property": "search", "value": suche}])


def _figuren(knoten, gefunden: dict | None = None) -> dict:
    """Every dcc.Graph figure in a response, by component id."""
    gefunden = {} if gefunden is None else gefunden
    if isinstance(knoten, dict):
        props = knoten.get("props", {})
        if knoten.get("type") == "Graph" and "figure" in props:
            gefunden[props.get("id")] = props["figure"]
        for wert in knoten.values():
            _figuren(wert, gefunden)
    elif isinstance(knoten, list):
        for wert in knoten:
            _figuren(wert, gefunden)
    return gefunden


def _reihe(werte) -> list[float]:
    """A trace's number array as floats (None → NaN), also from Plotly's base64 typed arrays."""
    if isinstance(werte, dict) and "bdata" in werte:
        return [float(z) for z in np.frombuffer(base64.b64decode(werte["bdata"]), dtype=np.dtype(werte["dtype"]))]
    return [math.nan if z is None else float(z) for z in werte]


WERTFELDER = ("x", "y", "z", "text", "customdata", "hovertext", "name")
"""Trace fields that carry data (not styling like colour scales, widths and coordinates)."""


def _zahlen(knoten, feld: str | None = None) -> list[float]:
    """All numbers in the data fields of figure traces, also numbers inside text."""
    zahlen: list[float] = []
    if isinstance(knoten, dict) and "bdata" in knoten:  # Plotly's typed array
        return [float(z) for z in _reihe(knoten) if not math.isnan(z)] if feld else []
    if isinstance(knoten, dict):
        for schluessel, wert in knoten.items():
            if schluessel in WERTFELDER or (feld is None and not isinstance(wert, str | int | float)):
                zahlen += _zahlen(wert, schluessel if schluessel in WERTFELDER else feld)
    elif isinstance(knoten, list):
        for wert in knoten:
            zahlen += _zahlen(wert, feld)
    elif feld is None or isinstance(knoten, bool):
        pass
    elif isinstance(knoten, int | float):
        zahlen.append(float(knoten))
    elif isinstance(knoten, str):
        zahlen += [float(z.replace(".", "").replace(",", ".")) for z in re.findall(r"(?<![\w.,])\d[\d.,]*", knoten)]
    return zahlen


def _kein_kleiner_wert_als_text(text: str, werte) -> None:
    for wert in werte:
        treffer = re.search(rf"(?<![\d.,]){wert}\u00a0Jugendliche", text)
        assert treffer is None, text[max(0, treffer.start() - 200): treffer.end() + 50]


@pytest.mark.parametrize("suche", ["?jahr=2026&quartal=3", "?jahr=2026&quartal=3&sozialraum=101",
                                   "?jahr=2026&quartal=3&sozialraum=103", "?jahr=2026&quartal=2&sozialraum=104",
                                   "?jahr=2026&quartal=2", "?jahr=2026&quartal=3&sozialraum=105"])
def test_ks001_keine_kleinen_zahlen_in_antworten(app_mit_jugendlichen, suche):
    """Map, ranking, district table, district card and district time series never carry a hidden value:
    not as number in figure data (z, x, y, text, customdata), not as text; the UI says why instead."""
    antwort = _seite(app_mit_jugendlichen.server.test_client(), suche)
    text = json.dumps(antwort, ensure_ascii=False)
    quartal = int(re.search(r"quartal=(\d)", suche).group(1))
    verborgen = set(VERBORGEN[3].values()) | set(VERBORGEN[2].values()) | {3}  # 3: the old 17 − 14
    _kein_kleiner_wert_als_text(text, sorted(verborgen))
    figuren = _figuren(antwort)
    for id_ in (seite.IDs.KARTE, seite.IDs.BALKEN):
        zahlen = set(_zahlen(figuren[id_]["data"]))
        assert not zahlen & {float(w) for w in VERBORGEN[quartal].values()}, (id_, zahlen)
    assert kz.UNTERDRUECKT_LANG in text and kz.HINWEIS in text
    raum = re.search(r"sozialraum=(\d+)", suche)
    if raum:
        linie = [t for t in figuren[seite.IDs.ZEITREIHE]["data"] if raum.group(1) in str(t.get("name", ""))]
        assert len(linie) == 1
        eigene = {q: VERBORGEN[q].get(raum.group(1)) for q in (2, 3)}
        werte = _reihe(linie[0]["y"])
        for q, wert in eigene.items():
            if wert is not None:
                assert math.isnan(werte[q - 2]), (q, werte)  # the series starts with Q2 2026
            else:
                assert werte[q - 2] == WERTE[(q, raum.group(1))]
        assert not {w for w in werte if not math.isnan(w)} & {1.0, 2.0}


def test_ks002_stadtwert_sichtbar_rest_nicht_rueckrechenbar(app_mit_jugendlichen):
    """The city value is shown; city − visible districts is no small number and no single hidden value."""
    antwort = _seite(app_mit_jugendlichen.server.test_client(), "?jahr=2026&quartal=3")
    karte = _figuren(antwort)[seite.IDs.KARTE]
    sichtbar = [z for t in karte["data"] if t.get("name") not in (kz.UNTERDRUECKT_LANG, "kein Wert")
                for z in _reihe(t.get("z", []))]
    assert sorted(sichtbar) == [0, 10]
    rest = 17 - sum(sichtbar)
    assert rest >= kz.MINDESTFALLZAHL and rest not in VERBORGEN[3].values()
    geschuetzt = [t for t in karte["data"] if t.get("name") == kz.UNTERDRUECKT_LANG]
    assert len(geschuetzt) == 1 and sorted(geschuetzt[0]["locations"]) == ["101", "102", "103"]
    assert "17\u00a0Jugendliche" in json.dumps(antwort, ensure_ascii=False)


def test_ks003_auswahl_callback_und_keine_downloads(app_mit_jugendlichen):
    """The Sozialraum selector only writes the URL; the page offers no table download that could carry
    district values (if one is added, it must use the same protected frame and this test must cover it)."""
    client = app_mit_jugendlichen.server.test_client()
    ausgabe = next(k for k, cb in app_mit_jugendlichen.callback_map.items()
                   if seite.IDs.SOZIALRAUM in str(cb["inputs"]))
    antwort = _post(client, ausgabe, [{"id": seite.IDs.SOZIALRAUM, "property": "value", "value": "101"},
                                      {"id": seite.IDs.SOZIALRAUM, "property": "id", "value": "x"}],
                    [{"id": URL_ID, "property": "search", "value": "?jahr=2026"}])
    assert json.dumps(antwort["response"]) == json.dumps({URL_ID: {"search": "?jahr=2026&sozialraum=101"}})
    for suche in ("?jahr=2026&quartal=3", "?jahr=2026&quartal=3&sozialraum=101"):
        assert "/download/" not in json.dumps(_seite(client, suche))


def test_ks004_steckbrief_nennt_fallzahl(app_mit_jugendlichen):
    """The Steckbrief says that the Kennzahl is a Fallzahl and what that means."""
    text = json.dumps(_seite(app_mit_jugendlichen.server.test_client(), ""), ensure_ascii=False)
    assert "Fallzahl" in text and "werden nicht ausgewiesen" in text
