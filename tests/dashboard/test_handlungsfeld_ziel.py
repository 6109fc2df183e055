"""The Handlungsfeld and Ziel views without a browser: router, layouts, numbers against the DB, wrong links,
the Betrag selector's URL callback and the figure builders."""

import dataclasses
import json
import math
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from dashboard import URL_ID, create_app
from dashboard.figuren import handlungsfeld as fig_hf
from dashboard.figuren import ziel as fig_ziel
from dashboard.seiten import handlungsfeld as seite_hf
from dashboard.seiten import ziel as seite_ziel
from kennzahlen import formate as fmt
from kennzahlen import status as st
from tests.dashboard.grid import gridwerte

HERKUNFT = {"Origin": "http://localhost"}  # the test client's own origin


def _skalar(db, sql: str, **parameter):
    with db.connect() as conn:
        return conn.execute(text(sql), parameter).scalar()


def _zuschuss(db, code: str, art: str = "ansatz", jahr: int = 2026) -> float:
    return float(_skalar(db, "SELECT -SUM(h.betrag) FROM haushaltsbetrag h JOIN produkt p ON p.id = h.produkt_id "
                             "WHERE p.code = :c AND h.jahr = :j AND h.betragsart = :a AND h.version = 'beschluss' "
                             "AND h.periodenart = 'jahr'", c=code, j=jahr, a=art))


def _post(client, output: str, inputs: list[dict], state: list[dict] | None = None):
    ziel_id = output.split("@")[0].split(".")[0]
    body = {"output": output, "outputs": {"id": ziel_id, "property": output.split(".", 1)[1]}, "inputs": inputs,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"], "state": state or []}
    return client.post("/_dash-update-component", json=body, headers=HERKUNFT)


def _seite(client, pfad: str, suche: str = "") -> str:
    antwort = _post(client, "seite.children", [{"id": URL_ID, "property": "pathname", "value": pfad},
                                               {"id": URL_ID, "property": "search", "value": suche}])
    assert antwort.status_code == 200, antwort.data[:800]
    return json.dumps(antwort.get_json()["response"]["seite"]["children"], ensure_ascii=False)


def _euro_gezeigt(inhalt: str, betrag: float) -> bool:
    """The amount is on the page: as German text, or as the whole-euro number of a grid cell (the grid
    formats it with the German locale in the browser, see assets/tabellen.js)."""
    if fmt.euro(betrag) in inhalt:
        return True
    gesucht = float(round(float(betrag)))
    return any(isinstance(w, float) and w == gesucht for w in gridwerte(inhalt))


def test_hz001_handlungsfeld_hf5(app, db):
    """HF5: title, rolled-up status as symbol and word, the rule in words, the Sankey and the Ansatz total
    of its products exactly as in the database."""
    inhalt = _seite(app.server.test_client(), "/handlungsfeld/HF5", "?jahr=2026&quartal=3")
    assert "Handlungsfeld Jugend und Familie" in inhalt and seite_hf.IDs.SANKEY in inhalt
    assert st.REGELN["gewichtetes_mittel"] in inhalt and st.SKALEN["ampel"] in inhalt
    assert any(f'"{sym}"' in inhalt for sym in ("▲", "◆", "▼")) and '"data-symbol"' in inhalt
    codes = ["060401", "060402", "060501", "060502", "060503", "060601", "060701"]
    summe = sum(_zuschuss(db, c) for c in codes)
    assert fmt.euro_kompakt(summe) in inhalt and _euro_gezeigt(inhalt, summe)
    assert _euro_gezeigt(inhalt, _zuschuss(db, "060503"))  # the product in the table view
    assert _euro_gezeigt(inhalt, _zuschuss(db, "060503") / 2)  # its half for Z5.1
    assert "keinem Ziel zugeordnet" in inhalt  # 060402 gives only half to a goal
    assert "/ziel/Z5.1?jahr=2026&quartal=3&betrag=ansatz" in inhalt and "/kennzahl/K501?jahr=2026&quartal=3" in inhalt
    assert "Kontextkennzahlen" in inhalt and "K511" in inhalt
    assert '"/?jahr=2026&quartal=3"' in inhalt  # breadcrumb back to the cockpit keeps the period


def test_hz002_betragsarten(app, db):
    """Ist and Prognose change labels and amounts; a year without Prognose says so in German."""
    client = app.server.test_client()
    ist = _seite(client, "/handlungsfeld/HF5", "?jahr=2026&quartal=3&betrag=ist")
    assert "Ist bis Q3 2026" in ist
    prognose = _seite(client, "/handlungsfeld/HF5", "?jahr=2026&quartal=3&betrag=prognose")
    assert "Prognose 2026" in prognose and _euro_gezeigt(prognose, _zuschuss(db, "060503", "prognose"))
    abgeschlossen = _seite(client, "/handlungsfeld/HF5", "?jahr=2025&quartal=4&betrag=ist")
    assert "Ergebnis 2025" in abgeschlossen and _euro_gezeigt(abgeschlossen, _zuschuss(db, "060503", "ergebnis", 2025))
    ohne = _seite(client, "/handlungsfeld/HF5", "?jahr=2025&betrag=prognose")
    assert "eine Prognose gibt es nur für das laufende Haushaltsjahr" in ohne and "keine Beträge vorhanden" in ohne


def test_hz003_ziel_z51(app, db):
    """Z5.1: breadcrumbs up to the field and the parent goal, Kennzahlen with status, products with their
    amounts, cost per case, and the open measures with owner, German deadline and status word."""
    inhalt = _seite(app.server.test_client(), "/ziel/Z5.1", "?jahr=2026&quartal=3&betrag=prognose")
    assert "Ziel Z5.1: Ambulante vor stationären Hilfen zur Erziehung" in inhalt
    assert "/handlungsfeld/HF5?jahr=2026&quartal=3&betrag=prognose" in inhalt
    assert "/ziel/Z5?jahr=2026&quartal=3&betrag=prognose" in inhalt
    assert "/produkt/060503?jahr=2026&quartal=3" in inhalt and "/kennzahl/K503?jahr=2026&quartal=3" in inhalt
    assert _euro_gezeigt(inhalt, _zuschuss(db, "060503", "prognose"))
    assert _euro_gezeigt(inhalt, _zuschuss(db, "060503", "ergebnis", 2025))  # comparison with the year before
    assert seite_ziel.IDs.KENNZAHLVERLAUF in inhalt and seite_ziel.IDs.PRODUKTVERLAUF in inhalt
    assert "je Fall" in inhalt and "Laufende Hilfen Heimerziehung" in inhalt
    assert "Fallkonferenzen für alle stationären Hilfen" in inhalt
    assert "31.03.2027" in inhalt and "in Umsetzung" in inhalt and "Abteilungsleitung Hilfen zur Erziehung" in inhalt
    assert "Der Transferaufwand der Heimerziehung" in inhalt  # the Abweichungsbegründung of Q2 (same year)
    assert st.REGELN["gewichtetes_mittel"] in inhalt


def test_hz004_strategisches_ziel_und_alle_demo_codes(app):
    """Z5 lists its sub-goals; every Handlungsfeld and every goal of the demo city renders."""
    client = app.server.test_client()
    z5 = _seite(client, "/ziel/Z5")
    assert "Unterziele (3)" in z5 and "Z5.3 Kinder früh erreichen" in z5
    with create_engine(app.server.extensions["wirkungscockpit"].einstellungen.datenbank_url).connect() as conn:
        hf = [r[0] for r in conn.execute(text("SELECT code FROM handlungsfeld"))]
        ziele = [r[0] for r in conn.execute(text("SELECT code FROM ziel"))]
    assert len(hf) == 7 and len(ziele) == 28
    for code in hf:
        assert "nicht gefunden" not in _seite(client, f"/handlungsfeld/{code}", "?betrag=ist")
    for code in ziele:
        assert f"Ziel {code}:" in _seite(client, f"/ziel/{code}")


def test_hz005_unbekannte_codes(app):
    """Unknown codes open a page that names what was not found and links back, never a traceback."""
    client = app.server.test_client()
    hf = _seite(client, "/handlungsfeld/HF99", "?jahr=2025&quartal=2")
    assert "Handlungsfeld nicht gefunden" in hf and "Ein Handlungsfeld mit dem Code" in hf and "HF99" in hf
    assert '"/?jahr=2025&quartal=2"' in hf and "nicht-gefunden" in hf
    ziel = _seite(client, "/ziel/%3Cscript%3E")
    assert "Ziel nicht gefunden" in ziel and "<script>" in ziel and "Traceback" not in ziel
    assert "Seite nicht gefunden" in _seite(client, "/ziel/")


def test_hz006_falsche_parameter(app):
    """A malformed betrag or jahr gives a German hint and the default view, not an error."""
    client = app.server.test_client()
    inhalt = _seite(client, "/handlungsfeld/HF5", "?jahr=zwanzig&quartal=9&betrag=alles")
    assert "„zwanzig“ ist kein gültiges Jahr" in inhalt and "„9“ ist kein gültiges Quartal" in inhalt
    assert "„alles“ ist keine gültige Betragsart" in inhalt and "Ansatz 2026" in inhalt
    ziel = _seite(client, "/ziel/Z1.2", "?betrag=%27%3B--")
    assert "keine gültige Betragsart" in ziel and "Ziel Z1.2:" in ziel


def test_hz007_betrag_schreibt_url(app):
    """Choosing Ist writes betrag=ist into the URL and keeps year, quarter and other parameters."""
    client = app.server.test_client()
    for id_ in (seite_hf.IDs.BETRAG, seite_ziel.IDs.BETRAG):
        schluessel = next(k for k, cb in app.callback_map.items()
                          if k.startswith(f"{URL_ID}.search") and cb["inputs"][0]["id"] == id_)
        antwort = _post(client, schluessel, [{"id": id_, "property": "value", "value": "ist"},
                                                 {"id": id_, "property": "id", "value": id_}],
                        [{"id": URL_ID, "property": "search", "value": "?jahr=2025&quartal=2&sozialraum=103"}])
        assert antwort.status_code == 200, antwort.data[:500]
        assert antwort.get_json()["response"][URL_ID]["search"] == "?jahr=2025&quartal=2&sozialraum=103&betrag=ist"
        assert app.server.extensions["wirkungscockpit_rechte"][schluessel] == "lesen"
    assert seite_hf.betrag_suchtext("?betrag=ist&jahr=2026", "") == "?jahr=2026"


def test_hz008_regel_und_skala_aus_einstellungen(demo_einstellungen):
    """The configured roll-up rule and scale are the ones stated on both pages."""
    einstellungen = dataclasses.replace(demo_einstellungen, rollup_regel="schlechteste", statusskala="fuenfstufig")
    client = create_app(einstellungen).server.test_client()
    for pfad in ("/handlungsfeld/HF1", "/ziel/Z1"):
        inhalt = _seite(client, pfad)
        assert st.REGELN["schlechteste"] in inhalt and st.SKALEN["fuenfstufig"] in inhalt
        assert "„zur Gänze erreicht“ ab 95\u00a0%" in inhalt


def test_hz009_validierung_hat_alle_ids():
    """The validation placeholders hold every ID the pages' callbacks use."""
    assert [k.id for k in seite_hf.validierungslayout()] == [seite_hf.IDs.BETRAG]
    assert [k.id for k in seite_ziel.validierungslayout()] == [seite_ziel.IDs.BETRAG]
    assert all(v.startswith("handlungsfeld-") for k, v in vars(seite_hf.IDs).items() if k.isupper())
    assert all(v.startswith("ziel-") for k, v in vars(seite_ziel.IDs).items() if k.isupper())


def _fluss():
    knoten = pd.DataFrame(dict(
        schluessel=["bereich:06", "produkt:060503", "rest:0604", "ziel:Z5.1", "ziel:Z5.2", "kein_ziel"],
        art=["produktbereich", "produkt", "produktgruppe_rest", "ziel", "ziel", "kein_ziel"],
        code=["06", "060503", "0604", "Z5.1", "Z5.2", ""],
        name=["Kinder-, Jugend- und Familienhilfe", "Heimerziehung und sonstige betreute Wohnformen",
              "Förderung der Erziehung in der Familie", "Ambulante vor stationären Hilfen zur Erziehung",
              "Hilfen zur Erziehung wirksam und wirtschaftlich gestalten", "keinem Ziel zugeordnet"],
        betrag=[Decimal("37000000"), Decimal("33182280"), Decimal("3817720"), Decimal("16591140"),
                Decimal("18500000"), Decimal("1908860")],
        anzahl_produkte=[2, 1, 2, 0, 0, 0],
    ))
    kanten = pd.DataFrame(dict(
        quelle=["bereich:06", "bereich:06", "produkt:060503", "produkt:060503", "rest:0604", "rest:0604"],
        ziel=["produkt:060503", "rest:0604", "ziel:Z5.1", "ziel:Z5.2", "ziel:Z5.2", "kein_ziel"],
        betrag=[Decimal("33182280"), Decimal("3817720"), Decimal("16591140"), Decimal("16591140"),
                Decimal("1908860"), Decimal("1908860")],
        anteil=[math.nan, math.nan, 0.5, 0.5, math.nan, math.nan],
    ))
    return knoten, kanten


def test_hz010_sankey_figur():
    """The Sankey: German amounts in labels and hovers, products left of the middle, goals ordered by code,
    node centres inside the plot; without nodes a German note instead of an empty chart."""
    knoten, kanten = _fluss()
    fig = fig_hf.geldfluss_sankey(knoten, kanten, "Ansatz 2026")
    trace = fig.data[0]
    assert trace.type == "sankey" and trace.valueformat == ",.0f" and trace.valuesuffix == "\u00a0€"
    labels = list(trace.node.label)
    assert "060503 Heimerziehung und sonstige betreute… · 33,2\u00a0Mio.\u00a0€" in labels  # name shortened
    assert "0604 übrige (2 Produkte) · 3,8\u00a0Mio.\u00a0€" in labels
    assert any("Ansatz 2026: 33.182.280\u00a0€" in h for h in trace.node.customdata)
    assert any("(Anteil 50\u00a0%)" in h for h in trace.link.customdata)
    assert sum(trace.link.value) == pytest.approx(float(sum(kanten["betrag"])))
    assert all(0 < y < 1 for y in trace.node.y) and set(trace.node.x) == set(fig_hf.SPALTEN_X)
    ziele = [lab for lab in labels if lab.startswith("Z")]
    assert ziele == sorted(ziele)
    leer = fig_hf.geldfluss_sankey(knoten.iloc[0:0], kanten.iloc[0:0], "Prognose 2025")
    assert leer.layout.annotations[0].text == "Keine Beträge vorhanden"
    assert fig_hf.kurz("Kindertagesbetreuung und Förderung von Kindern in Tageseinrichtungen", 30).endswith("…")


def test_hz011_verlaufsfiguren():
    """Kennzahl trends: one chart per Kennzahl with its unit on the y axis; money per year: stacked bars in
    Mio. € with a German total above each bar."""
    steckbrief = pd.DataFrame(dict(id=[1, 2], code=["K501", "K502"], name=["Anteil ambulant", "Dichte"],
                                   einheit=["%", "je 1.000 EW unter 21"], nachkommastellen=[1, 1],
                                   richtung=["hoeher_besser", "zielkorridor"], korridor_unten=[math.nan, 18.0],
                                   korridor_oben=[math.nan, 24.0]))
    verlauf = pd.DataFrame(dict(kennzahl_id=[1, 1, 2, 2], jahr=[2026] * 4, periode=[1, 2, 1, 2],
                                wert=[52.0, 51.2, 16.7, 16.4]))
    zielwerte = pd.DataFrame(dict(kennzahl_id=[1, 2], jahr=[2026, 2026], zielwert=[65.7, 21.0]))
    fig = fig_ziel.kennzahlverlauf(verlauf, zielwerte, steckbrief, "quartal")
    assert fig.layout.yaxis.title.text == "in %" and fig.layout.yaxis2.title.text == "je 1.000 EW unter 21"
    assert sorted(t.name for t in fig.data if t.showlegend) == ["Ist", "Zielkorridor", "Zielwert"]
    ist = next(t for t in fig.data if t.name == "Ist")
    assert ist.customdata[-1] == "Q2 2026: 51,2\u00a0%"
    produkte = pd.DataFrame(dict(code=["060501", "060503", "060501", "060503"], name=["Ambulant", "Heim"] * 2,
                                 jahr=[2025, 2025, 2026, 2026],
                                 bezeichnung=["Ergebnis 2025", "Ergebnis 2025", "Ansatz 2026", "Ansatz 2026"],
                                 zugerechnet=[24e6, 16e6, 25e6, 17e6], anteil=[1.0, 0.5, 1.0, 0.5]))
    bars = fig_ziel.zuschussverlauf(produkte)
    assert bars.layout.barmode == "stack" and bars.layout.yaxis.title.text == "Zuschussbedarf in Mio. €"
    assert [t.type for t in bars.data] == ["bar", "bar", "scatter"]
    assert list(bars.data[2].text) == ["40,0\u00a0Mio.\u00a0€", "42,0\u00a0Mio.\u00a0€"]
    assert bars.data[0].marker.pattern.shape != bars.data[1].marker.pattern.shape  # not colour alone
