"""The Haushalt page through the app: treemap and Teilergebnisplan on the demo city, drafts only for roles that
may read them, a click on a tile selects the node, the real Köln budget, and the component budget."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard import URL_ID, create_app
from dashboard.seiten import haushalt as seite
from dashboard.seiten.haushalt import IDs
from kennzahlen import haushalt as hh
from kennzahlen.db import engine_erstellen, sessionfabrik
from kennzahlen.models import Haushaltsbetrag, Planzeile, Produkt
from kennzahlen.settings import Einstellungen
from tests.dashboard.sitzung import HERKUNFT
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.sitzung import knoten as _knoten
from tests.dashboard.test_koeln import KOELN, koeln_db  # noqa: F401  (fixture: Köln imported through the CLI)
from tests.dashboard.test_komponentenbudget import (  # noqa: F401  (fixtures: the Großstadt, built once)
    BUDGET,
    grossstadt,
    grossstadt_vorlage,
    komponenten,
)

SUCHE = "?jahr=2026&quartal=3"


def _seite(client, suche: str = SUCHE):
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": seite.PFAD},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:300]
    return antwort.get_json()["response"]["seite"]["children"]


def _plan(baum) -> tuple[list[dict], dict[str, str]]:
    """(rows of the Teilergebnisplan grid, field → heading of its amount columns)."""
    grid = _knoten(baum, IDs.PLAN)
    assert grid is not None, "kein Teilergebnisplan"
    titel = {d["field"]: d["headerName"] for d in grid["props"]["columnDefs"] if d["field"].startswith("s")}
    return grid["props"]["rowData"], titel


def _pruefe_summen(zeilen: list[dict], felder, summen: dict[str, list[str]]) -> None:
    """Every sum line equals the sum of the lines it names (missing detail lines count 0), in every column."""
    nach_nummer = {z["nummer"]: z for z in zeilen}
    for summe, teile in summen.items():
        for f in felder:
            erwartet = sum(nach_nummer[t][f] or 0 for t in teile)
            assert nach_nummer[summe][f] == pytest.approx(erwartet, abs=len(teile)), (summe, f)


NRW_SUMMEN = {"10": ["01", "02", "03", "04", "05", "06", "07", "08", "09"], "17": ["11", "12", "13", "14", "15", "16"],
              "18": ["10", "17"], "21": ["19", "20"], "22": ["18", "21"], "25": ["23", "24"], "26": ["22", "25"],
              "29": ["26", "27", "28"]}


def test_hs001_treemap_und_teilergebnisplan_0605(app, db):
    """The demo page shows the treemap (status word in every label) and for 0605 the 29 lines with correct sums."""
    client = app.server.test_client()
    ohne = _seite(client)
    figur = _knoten(ohne, IDs.TREEMAP)["props"]["figure"]
    spur = figur["data"][0]
    assert spur["type"] == "treemap" and spur["ids"][0] == hh.WURZEL
    assert all(" · " in label for label in spur["labels"])  # name · status word, never colour alone
    assert any(label.endswith("ohne Ziel") for label in spur["labels"])
    assert _knoten(ohne, IDs.PLAN) is None and _knoten(ohne, IDs.HINWEIS) is not None
    baum = _seite(client, SUCHE + "&knoten=0605")
    zeilen, titel = _plan(baum)
    assert len(zeilen) == 29 and [z["nummer"] for z in zeilen][:3] == ["01", "02", "03"]
    assert {z["art_text"] for z in zeilen if z["nummer"] in NRW_SUMMEN} == {"Summe"}
    _pruefe_summen(zeilen, titel, NRW_SUMMEN)
    feld = next(f for f, t in titel.items() if t == "Ansatz 2026")
    with db.connect() as c:
        roh = c.execute(select(func.sum(Haushaltsbetrag.betrag)).join(Produkt, Produkt.id == Haushaltsbetrag.produkt_id)
                        .where(Produkt.code.like("0605%"), Haushaltsbetrag.jahr == 2026,
                               Haushaltsbetrag.betragsart == "ansatz", Haushaltsbetrag.version == "beschluss",
                               Haushaltsbetrag.periodenart == "jahr")).scalar_one()
    assert zeilen[-1][feld] == round(float(roh))
    assert {"Ergebnis 2025", "fortgeschriebener Ansatz 2026", "Ist bis Q3 2026", "Prognose 2026",
            "Planung 2029"} <= set(titel.values())
    text = json.dumps(baum, ensure_ascii=False)
    assert "/produkt/0605" in text and "06 Kinder-, Jugend- und Familienhilfe" in text  # product link, breadcrumbs
    assert "level" not in spur and _knoten(baum, IDs.TREEMAP)["props"]["figure"]["data"][0]["level"] == "0605"


def test_hs002_falsche_parameter_und_unbekannter_knoten(app):
    """Invalid choices fall back with a German hint; an unknown node says so instead of failing."""
    text = json.dumps(_seite(app.server.test_client(), SUCHE + "&groesse=ertrag&knoten=9999"), ensure_ascii=False)
    assert "„ertrag“ ist kein gültiger Wert für „groesse“" in text
    assert "Einen Knoten mit dem Code „9999“ gibt es in diesem Haushalt nicht." in text


def test_hs003_klick_auf_kachel_waehlt_knoten(app):
    """A click writes ?knoten= (right lesen); on the node already shown it goes up, on the root it is removed."""
    klick = {"points": [{"id": "0605", "customdata": ["1 €", "▼ nicht erreicht", "06", "0605 HzE"]}]}
    assert seite.knoten_aus_klick(klick, SUCHE) == SUCHE + "&knoten=0605"
    assert seite.knoten_aus_klick(klick, SUCHE + "&knoten=0605") == SUCHE + "&knoten=06"
    assert seite.knoten_aus_klick({"points": [{"id": hh.WURZEL}]}, SUCHE + "&knoten=06") == SUCHE
    assert seite.knoten_aus_klick(None, SUCHE) is None
    schluessel = next(k for k, cb in app.callback_map.items() if any(i["id"] == IDs.TREEMAP for i in cb["inputs"]))
    assert app.server.extensions["wirkungscockpit_rechte"][schluessel] == "lesen"
    antwort = app.server.test_client().post("/_dash-update-component", headers=HERKUNFT, json={
        "output": schluessel, "outputs": {"id": URL_ID, "property": "search"},
        "inputs": [{"id": IDs.TREEMAP, "property": "clickData", "value": klick}],
        "changedPropIds": [f"{IDs.TREEMAP}.clickData"],
        "state": [{"id": URL_ID, "property": "search", "value": SUCHE}]})
    assert antwort.status_code == 200
    assert antwort.get_json()["response"][URL_ID]["search"] == SUCHE + "&knoten=0605"


def test_hs004_entwurf_nur_fuer_berechtigte(anmelde_einstellungen):
    """With WK_ENTWURF_EINGESCHRAENKT a Fachbereich sees no draft columns, on the page and in the download;
    Controlling sees them."""
    assert anmelde_einstellungen.entwurf_eingeschraenkt
    app = create_app(anmelde_einstellungen)
    jugendamt, controlling = _anmelden(app, "jugendamt"), _anmelden(app, "controlling")
    suche = SUCHE + "&knoten=0605"
    _, ohne = _plan(_seite(jugendamt, suche))
    _, mit = _plan(_seite(controlling, suche))
    assert not any(t.startswith("Entwurf") for t in ohne.values())
    assert "Entwurf Ansatz 2027" in mit.values() and "Planung 2027" in ohne.values()
    pfad = f"/download/tabelle/{seite.DOWNLOAD_PLAN}.csv{suche}"
    assert "Entwurf" not in jugendamt.get(pfad).get_data(as_text=True)
    assert "Entwurf Ansatz 2027" in controlling.get(pfad).get_data(as_text=True)


def test_hs005_download_teilergebnisplan_und_baum(app):
    """The plan downloads with German headings and 29 lines; the tree with every node and its status."""
    client = app.server.test_client()
    plan = client.get(f"/download/tabelle/{seite.DOWNLOAD_PLAN}.csv{SUCHE}&knoten=0605").get_data(as_text=True)
    zeilen = list(csv.reader(plan.lstrip("\ufeff").splitlines(), delimiter=";"))
    assert zeilen[0][:3] == ["Zeile", "Bezeichnung", "Art"] and len(zeilen) == 30
    baum = client.get(f"/download/tabelle/{seite.DOWNLOAD_BAUM}.csv{SUCHE}").get_data(as_text=True)
    assert "Zuschussbedarf Ansatz 2026 (Euro)" in baum and "Zielstatus" in baum and "ohne Ziel" in baum


def _koeln_gruppe(teilplan: str) -> dict[str, dict[str, float]]:
    """Column → {line: amount} of one Köln Produktgruppe straight from the file, signed as stored (Aufwand −)."""
    aufwand = {"11", "12", "13", "14", "15", "16", "20", "24", "27"}
    werte: dict[str, dict[str, float]] = {}
    with open(Path(KOELN) / "haushalt/teilergebnisplan_produktgruppen_2010-2015.csv", encoding="utf-8") as f:
        for z in csv.DictReader(f):
            if z["Teilplan"] != teilplan or z["Teilplanzeile"][3] != "-":
                continue
            nummer = z["Teilplanzeile"][:2]
            for spalte in ("Ergebnis 2010", *(f"Plan {j}" for j in range(2011, 2016))):
                titel = spalte.replace("Plan", "Ansatz")
                werte.setdefault(titel, {})[nummer] = float(z[spalte]) * (-1 if nummer in aufwand else 1)
    return werte


def test_hs006_koeln_28_zeilen_und_treemap(koeln_db):  # noqa: F811
    """Köln's real budget: a Produktgruppe's 28-line plan over 2010–2015 equals the file, the sum lines follow
    Köln's scheme, and the treemap's root equals the sum of the Produktbereiche."""
    app = create_app(Einstellungen(database_url=koeln_db, anmeldung="aus"))
    baum = _seite(app.server.test_client(), "?jahr=2015&jahre=alle&knoten=0501")
    zeilen, titel = _plan(baum)
    assert len(zeilen) == 28 and zeilen[-1]["nummer"] == "28"
    assert list(titel.values()) == ["Ergebnis 2010", *(f"Ansatz {j}" for j in range(2011, 2016))]
    datei = _koeln_gruppe("0501")
    for feld, spalte in titel.items():
        for z in zeilen:
            if z["nummer"] in datei[spalte]:
                assert z[feld] == round(datei[spalte][z["nummer"]]), (spalte, z["nummer"])
        assert next(z for z in zeilen if z["nummer"] == "28")[feld] == round(sum(datei[spalte].values()))
    _pruefe_summen(zeilen, titel, {"10": [f"{n:02d}" for n in range(1, 10)], "17": ["11", "12", "13", "14", "15", "16"],
                                   "18": ["10", "17"], "28": ["26", "27"]})
    engine = engine_erstellen(koeln_db)
    fabrik = sessionfabrik(engine)
    df = hh.hierarchie_mit_betraegen(fabrik, 2015)
    bereiche = df[df["parent"] == hh.WURZEL]
    assert len(bereiche) == 18 and df.iloc[0]["betrag"] == pytest.approx(bereiche["betrag"].sum(), abs=0.5)
    with fabrik() as s:  # the whole budget's line 28 straight from the stored detail lines
        gesamt = s.scalar(select(func.sum(Haushaltsbetrag.betrag)).join(Planzeile)
                          .where(Haushaltsbetrag.jahr == 2015, Haushaltsbetrag.betragsart == "ansatz"))
    assert df.iloc[0]["betrag"] == pytest.approx(-float(gesamt), abs=0.5)
    spur = _knoten(baum, IDs.TREEMAP)["props"]["figure"]["data"][0]
    flaeche = dict(zip(spur["ids"], spur["values"], strict=True))
    kinder = [f for i, p, f in zip(spur["ids"], spur["parents"], spur["values"], strict=True) if p == hh.WURZEL]
    assert flaeche[hh.WURZEL] == sum(kinder)  # branchvalues "total": the root is its Produktbereiche
    assert all(label.endswith("ohne Ziel") for label in spur["labels"][1:])  # Köln has no goals
    engine.dispose()


def test_hs007_komponentenbudget_grossstadt(grossstadt):  # noqa: F811
    """On the full Großstadt catalogue the page stays within the component budget, with and without a plan."""
    client, engine = grossstadt
    with engine.connect() as c:
        bereich = c.exec_driver_sql("SELECT substr(code, 1, 2) AS b FROM produkt GROUP BY b "
                                    "ORDER BY count(*) DESC, b LIMIT 1").scalar_one()
    for suche in ("", f"?knoten={bereich}"):
        anzahl = komponenten(_seite(client, suche))
        assert anzahl <= BUDGET, (suche, anzahl)


def test_hs008_treemap_builder_status_in_worten_und_kleine_figur():
    """The builder names every tile's status in words, greys "ohne Ziel" with dark text, draws no surplus and
    keeps only the levels the view needs."""
    import pandas as pd

    from dashboard.figuren import haushalt as fig

    df = pd.DataFrame({
        "id": [hh.WURZEL, "06", "0605", "060501", "05", "0501", "050101"],
        "parent": ["", hh.WURZEL, "06", "0605", hh.WURZEL, "05", "0501"],
        "code": ["", "06", "0605", "060501", "05", "0501", "050101"],
        "name": ["Stadt", "Jugend", "HzE", "Heime", "Soziales", "SGB II", "KdU"],
        "ebene": ["gesamt", "produktbereich", "produktgruppe", "produkt", "produktbereich", "produktgruppe", "produkt"],
        "betrag": [90.0, 100.0, 100.0, 100.0, -10.0, -10.0, -10.0], "flaeche": [100.0, 100, 100, 100, 0, 0, 0],
        "zielstatus": ["nicht erreicht", "nicht erreicht", "nicht erreicht", "nicht erreicht", "ohne Ziel", "ohne Ziel",
                       "ohne Ziel"],
        "status_code": ["rot", "rot", "rot", "rot", "ohne_ziel", "ohne_ziel", "ohne_ziel"],
        "status_symbol": ["▼", "▼", "▼", "▼", "–", "–", "–"],
        "status_farbe": ["#b42318"] * 4 + ["#595959"] * 3})
    spur = fig.haushalt_treemap(df, "Zuschussbedarf Ansatz 2026").data[0]
    assert list(spur.ids) == [hh.WURZEL, "06", "0605"]  # no surplus tiles; products only below a chosen node
    assert spur.labels[2] == "0605 HzE · ▼ nicht erreicht" and spur.branchvalues == "total"
    assert "Zuschussbedarf Ansatz 2026" in spur.hovertemplate and spur.customdata[2][0] == "100\u00a0€"
    assert list(fig.haushalt_treemap(df, "x", "0605").data[0].ids) == [hh.WURZEL, "06", "0605", "060501"]
    farben, schrift = fig.kachelfarben(df)
    assert farben[4] == fig.OHNE_ZIEL_FARBE and schrift[4] == fig.DUNKLER_TEXT and schrift[1] == fig.HELLER_TEXT
