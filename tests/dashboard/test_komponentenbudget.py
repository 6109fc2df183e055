"""Component budget: no page sends the browser more than about 400 Dash components, at Großstadt size.

The Dash renderer's cost grows faster than linearly with the number of components (bench/README.md:
1.000 plain Divs take 2–3 s); pages of 1.000–1.750 components took up to 14 s to draw. The budget is
checked on the FULL Großstadt catalogue (2.520 Produkte, 150 Ziele, 400 Kennzahlen, 86 Sozialräume),
loaded by the demo's own loader with only the last periods' values (the long series change no count).
"""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import text

from dashboard import SEITE_ID, URL_ID, create_app
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.demo import gross as gross_demo
from kennzahlen.demo import laden
from kennzahlen.settings import Einstellungen

BUDGET = 400
HERKUNFT = {"Origin": "http://localhost"}
AB_PERIODE = (2025, 3)
"""Ist values from this period on (Q3 2025 … Q3 2026: this and last year's comparisons still have data)."""
AB_JAHR = 2025
"""Yearly values (Zielwert, Vergleichswert, Haushalt) from this year on; Ausgangswerte always."""


class WenigePerioden(gross_demo.GrossErzeuger):
    """The Großstadt's full catalogue with only the newest periods' values (seconds instead of minutes)."""

    def kennzahlwert_zeilen(self):
        """Kennzahlwerte from AB_PERIODE (Ist) and AB_JAHR (yearly values), every Ausgangswert."""
        for z in super().kennzahlwert_zeilen():
            _, _, jahr, art, periode, _, wertart = z[:7]
            neu = jahr >= AB_JAHR if art == "jahr" else (jahr, periode) >= AB_PERIODE
            if neu or wertart == "ausgangswert":
                yield z

    def haushalt_zeilen(self):
        """Haushaltsbeträge from AB_JAHR on."""
        for z in super().haushalt_zeilen():
            if z[2] >= AB_JAHR:
                yield z


@pytest.fixture(scope="session")
def grossstadt_vorlage(tmp_path_factory):
    """A SQLite file with the Großstadt catalogue and the newest periods' values, built once per session."""
    pfad = tmp_path_factory.mktemp("grossstadt") / "grossstadt.sqlite"
    engine = engine_erstellen(f"sqlite:///{pfad}")
    aktualisieren(engine)
    mp = pytest.MonkeyPatch()
    mp.setattr(laden, "GrossErzeuger", WenigePerioden)  # the loader builds its generator by this name
    try:
        laden.demo_laden(sessionfabrik(engine), groesse="grossstadt")
    finally:
        mp.undo()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return pfad


@pytest.fixture(scope="session")
def grossstadt(grossstadt_vorlage, tmp_path_factory):
    """(Flask test client, engine) of the app on the Großstadt, without login (every right)."""
    verzeichnis = tmp_path_factory.mktemp("grossstadt_app")
    einstellungen = Einstellungen(database_url=f"sqlite:///{grossstadt_vorlage}", datenverzeichnis=verzeichnis,
                                  anmeldung="aus")
    app = create_app(einstellungen)
    engine = engine_erstellen(einstellungen.datenbank_url)
    yield app.server.test_client(), engine
    engine.dispose()


def komponenten(knoten) -> int:
    """Dash components in a callback answer: every {type, namespace, props} object, recursively through
    children and component-valued props."""
    if isinstance(knoten, list):
        return sum(komponenten(k) for k in knoten)
    if not isinstance(knoten, dict):
        return 0
    eigene = 1 if {"type", "namespace", "props"} <= knoten.keys() else 0
    return eigene + sum(komponenten(w) for w in knoten.values())


def seite(client, pfad: str, suche: str = ""):
    """The router's answer ``seite.children`` for a path and query string."""
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": f"{SEITE_ID}.children", "outputs": {"id": SEITE_ID, "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": pfad},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:300]
    return antwort.get_json()["response"][SEITE_ID]["children"]


def _groesste(engine, sql: str) -> str:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def seiten(engine) -> dict[str, tuple[str, str]]:
    """Every page with the largest object of its kind in the Großstadt: name → (path, query)."""
    hf = _groesste(engine, "SELECT h.code FROM handlungsfeld h JOIN ziel z ON z.handlungsfeld_id = h.id "
                           "GROUP BY h.code ORDER BY count(*) DESC, h.code LIMIT 1")
    ziel = _groesste(engine, "SELECT z.code FROM ziel z LEFT JOIN ziel u ON u.parent_id = z.id "
                             "LEFT JOIN ziel_kennzahl k ON k.ziel_id IN (z.id, u.id) "
                             "GROUP BY z.code ORDER BY count(DISTINCT u.id) + count(k.kennzahl_id) DESC, z.code "
                             "LIMIT 1")
    kennzahl = _groesste(engine, "SELECT k.code FROM kennzahl k JOIN kennzahlwert w ON w.kennzahl_id = k.id "
                                 "WHERE w.sozialraum_id IS NOT NULL GROUP BY k.code "
                                 "ORDER BY count(*) DESC, k.code LIMIT 1")
    raum = _groesste(engine, "SELECT code FROM sozialraum WHERE ebene = 'sozialraum' ORDER BY code LIMIT 1")
    bereich = _groesste(engine, "SELECT substr(code, 1, 2) AS b FROM produkt GROUP BY b "
                                "ORDER BY count(*) DESC, b LIMIT 1")
    gruppe = _groesste(engine, "SELECT substr(code, 1, 4) AS g FROM produkt WHERE length(code) = 6 GROUP BY g "
                               "ORDER BY count(*) DESC, g LIMIT 1")
    produkt = _groesste(engine, "SELECT p.code FROM produkt p JOIN ziel_produkt z ON z.produkt_id = p.id "
                                "WHERE length(p.code) = 6 GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1")
    return {
        "Cockpit": ("/", ""),
        "Handlungsfeld": (f"/handlungsfeld/{hf}", ""),
        "Ziel": (f"/ziel/{ziel}", ""),
        "Kennzahl": (f"/kennzahl/{kennzahl}", ""),
        "Kennzahl mit Sozialraum": (f"/kennzahl/{kennzahl}", f"?sozialraum={raum}"),
        "Produktbereich": (f"/produkt/{bereich}", ""),
        "Produktgruppe": (f"/produkt/{gruppe}", ""),
        "Produkt": (f"/produkt/{produkt}", ""),
        "Suche": ("/suche", "?q=Kita"),
        "Kommentar": (f"/kommentar/kennzahl/{kennzahl}", ""),
        "Import": ("/import", ""),
        "Perioden": ("/verwaltung/perioden", ""),
        "Benutzer": ("/verwaltung/benutzer", ""),
        "Kommune": ("/verwaltung/kommune", ""),
        "Protokoll": ("/verwaltung/protokoll", ""),
        "Meine Aufgaben": ("/aufgaben", ""),
        "Abweichungsliste": ("/abweichungen", ""),
        "Maßnahmen": ("/massnahmen", "?status=alle"),
        "Nicht gemeldet": ("/lieferungen", ""),
        "Prognosen": ("/prognosen", ""),
        "Berichtsstand": ("/bericht/berichtsstand", ""),
        "Berichte": ("/berichte", ""),
        "Präsentation": (f"/praesentation/{hf}", "?folie=2"),
        "Haushalt": ("/haushalt", f"?knoten={bereich}"),
        "Haushaltsberatung": ("/haushaltsberatung", f"?ebene=produktbereich&code={bereich}"),
        "Haushaltsversionen": ("/haushaltsberatung/versionen", f"?code={bereich}"),
        "Mengen- und Preiseffekt": ("/haushalt/effekte", f"?produkt={produkt}"),
        "Wirkung und Kosten": ("/portfolio", ""),
        "Sozialindex": ("/sozialindex", ""),
        "Sozialraumprofil": (f"/sozialraum/{raum}", ""),
        "Geld je Bezirk": ("/sozialraum/geld", ""),
        "Erklärung zur Barrierefreiheit": ("/barrierefreiheit", ""),
    }


def test_kb001_jede_seite_hoechstens_400_komponenten(grossstadt):
    """Every page of the Großstadt sends at most BUDGET Dash components (its biggest objects each)."""
    client, engine = grossstadt
    zaehlung = {}
    for name, (pfad, suche) in seiten(engine).items():
        inhalt = seite(client, pfad, suche)
        text_ = json.dumps(inhalt, ensure_ascii=False)
        assert "nicht gefunden" not in text_.lower() or name == "Suche", f"{name}: {pfad}{suche} nicht gefunden"
        zaehlung[f"{name} {pfad}{suche}"] = komponenten(inhalt)
    if os.environ.get("WK_KOMPONENTEN_ZEIGEN"):
        print("\n" + "\n".join(f"{n:60s} {z:5d}" for n, z in zaehlung.items()))
    zu_gross = {n: z for n, z in zaehlung.items() if z > BUDGET}
    assert not zu_gross, f"mehr als {BUDGET} Komponenten: {zu_gross}"


def test_kb002_zaehlung_wie_im_benchmark():
    """The count is the benchmark's: one per component object, through children and component props."""
    import dash_bootstrap_components as dbc
    from dash import html
    from plotly.io.json import to_json_plotly

    baum = dbc.Card([dbc.CardHeader(html.H2("Titel")), dbc.CardBody([html.P(["a", html.Strong("b")])])])
    daten = json.loads(to_json_plotly(baum))
    assert komponenten(daten) == 6 == json.dumps(daten).count('"namespace"')
