"""The Haushaltsberatung page through the router callback and the download route: demo and Köln, drafts only for
roles allowed by the setting (page and download, checked on the server), the what-if from and into the URL."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import URL_ID, create_app
from dashboard.seiten import haushaltsberatung as seite
from dashboard.seiten.haushaltsberatung import IDs
from kennzahlen import datenstand
from kennzahlen import formate as fmt
from kennzahlen.db import sessionfabrik
from kennzahlen.models import Haushaltsbetrag, Produkt
from kennzahlen.settings import Einstellungen
from tests.dashboard.grid import gridwerte
from tests.dashboard.sitzung import HERKUNFT
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.test_koeln import _zuschussbedarf_aus_datei, koeln_db  # noqa: F401 (fixture)
from tests.dashboard.test_komponentenbudget import BUDGET, komponenten

SUCHE = "?ebene=produktbereich&code=06&jahr=2027"


def _seite(client, suche: str = SUCHE) -> str:
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": seite.PFAD},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:300]
    return json.dumps(antwort.get_json()["response"]["seite"]["children"], ensure_ascii=False)


def _betrag(url: str, code: str, jahr: int, art: str, version: str = "beschluss") -> float:
    """Zuschussbedarf of a product code prefix straight from Haushaltsbetrag."""
    engine = create_engine(url)
    with sessionfabrik(engine)() as s:
        ids = list(s.scalars(select(Produkt.id).where(Produkt.code.startswith(code))))
        summe = s.scalar(select(func.sum(Haushaltsbetrag.betrag)).where(
            Haushaltsbetrag.produkt_id.in_(ids), Haushaltsbetrag.jahr == jahr, Haushaltsbetrag.periodenart == "jahr",
            Haushaltsbetrag.betragsart == art, Haushaltsbetrag.version == version))
    engine.dispose()
    return -float(summe)


def test_hbs001_demo_zeigt_entwurf_und_bleibt_im_budget(app, demo_einstellungen):
    """On the demo the view of Produktbereich 06 shows Ansatz 2026 and Entwurf 2027 of 0605 as stored, the total,
    the chart with its table and at most BUDGET components (also the largest field and area)."""
    client = app.server.test_client()
    inhalt = _seite(client)
    url = demo_einstellungen.datenbank_url
    werte = gridwerte(inhalt)
    assert round(_betrag(url, "0605", 2027, "ansatz", "entwurf")) in werte
    assert round(_betrag(url, "0605", 2026, "ansatz")) in werte
    assert round(_betrag(url, "06", 2027, "ansatz", "entwurf")) in werte  # total row
    assert "Entwurf 2027" in inhalt and "Ergebnis 2024" in inhalt and "Tabelle anzeigen" in inhalt
    assert "Anmeldungen der Fachbereiche und Eckwerte" in inhalt and "junge Menschen unter 21 Jahren" in inhalt
    for suche in (SUCHE, "?ebene=produktbereich&code=05", "?ebene=handlungsfeld&code=HF1&wenn=050101&um=-5%25"):
        zahl = komponenten(json.loads(_seite(client, suche)))
        assert 50 < zahl <= BUDGET, (suche, zahl)
    standard = _seite(client, "")
    assert "Haushaltsberatung 2027" in standard  # default: the year after the newest adopted Ansatz


def test_hbs002_koeln_echter_haushalt(koeln_db):  # noqa: F811
    """On Köln's real budget (Produktgruppen, no goals, population up to 2012) the view of Produktbereich 05 shows
    the file's Plan 2015 as Ansatz, says whose population it divides by and computes a what-if."""
    app = create_app(Einstellungen(database_url=koeln_db, anmeldung="aus"))
    client = app.server.test_client()
    inhalt = _seite(client, "?ebene=produktbereich&code=05&jahr=2016&wenn=0501&um=-1.000.000&einheit=euro")
    detail, _summe = _zuschussbedarf_aus_datei("05", "Plan 2015")
    assert float(round(detail)) in gridwerte(inhalt)
    assert "Haushaltsberatung 2016" in inhalt and "Einwohnerzahlen liegen bis 2012 vor" in inhalt
    assert "Rechnerische Folgen – keine Prognose der Wirkung" in inhalt
    ansatz = _betrag(koeln_db, "0501", 2015, "ansatz")
    assert fmt.euro(ansatz - 1_000_000) in inhalt
    alt = _seite(client, "?ebene=produktbereich&code=05&jahr=2012")
    assert float(round(_zuschussbedarf_aus_datei("05", "Ergebnis 2010")[0])) in gridwerte(alt)  # Ergebnis n−1


@pytest.mark.parametrize("eingeschraenkt", [True, False])
def test_hbs003_entwurf_nur_mit_recht_auch_im_download(anmelde_einstellungen, eingeschraenkt):
    """WK_ENTWURF_EINGESCHRAENKT=ja: Leitung gets the Entwurf in page and download, the Fachbereich (jugendamt)
    neither – no draft number reaches it, the what-if uses the Ansatz. With „nein“ both see it."""
    einstellungen = dataclasses.replace(anmelde_einstellungen, entwurf_eingeschraenkt=eingeschraenkt)
    app = create_app(einstellungen)
    url = einstellungen.datenbank_url
    entwurf = round(_betrag(url, "0605", 2027, "ansatz", "entwurf"))
    entwurf_060503 = _betrag(url, "060503", 2027, "ansatz", "entwurf")
    ansatz_060503 = _betrag(url, "060503", 2026, "ansatz")
    suche = SUCHE + "&wenn=060503&um=-5&einheit=prozent"
    for login, darf in (("leitung", True), ("jugendamt", not eingeschraenkt)):
        client = _anmelden(app, login)
        inhalt = _seite(client, suche)
        assert (entwurf in gridwerte(inhalt)) is darf, login
        assert ('"headerName": "Entwurf 2027"' in inhalt) is darf, login
        assert (IDs.ENTWURF_HINWEIS in inhalt) is not darf, login
        assert fmt.euro((entwurf_060503 if darf else ansatz_060503) * 0.95) in inhalt, login
        assert (fmt.euro(entwurf_060503 * 0.95) in inhalt) is darf, login
        datei = client.get(f"/download/tabelle/haushaltsberatung.csv{suche}")
        assert datei.status_code == 200
        text = datei.data.decode("utf-8-sig")
        assert ("Entwurf 2027" in text) is darf and (str(entwurf) in text) is darf, login
        assert str(round(_betrag(url, "0605", 2026, "ansatz"))) in text


def test_hbs004_was_waere_wenn_aus_der_adresse(app, demo_einstellungen, db):
    """A what-if in the URL is evaluated on render, marked as arithmetic, and changes nothing in the database;
    a wrong number gives a German error instead of a result."""
    client = app.server.test_client()
    fabrik = sessionfabrik(db)
    vorher = datenstand.lesen(fabrik)
    with fabrik() as s:
        zeilen = s.scalar(select(func.count()).select_from(Haushaltsbetrag))
    alt = _betrag(demo_einstellungen.datenbank_url, "060503", 2027, "ansatz", "entwurf")
    inhalt = _seite(client, SUCHE + "&wenn=060503&um=-250.000&einheit=euro")
    assert seite.WAS_WAERE_WENN in inhalt and fmt.euro(alt - 250_000) in inhalt
    assert "keine Prognose der Wirkung" in inhalt and "je Fall (K506" in inhalt
    prozent = _seite(client, SUCHE + "&wenn=060503&um=10&einheit=prozent")
    assert fmt.euro(alt * 1.1) in prozent
    falsch = _seite(client, SUCHE + "&wenn=060503&um=viel&einheit=euro")
    assert seite.WAS_WAERE_WENN not in falsch and "ist keine Zahl" in falsch
    fremd = _seite(client, SUCHE + "&wenn=050101&um=5&einheit=prozent")
    assert "gehört nicht zu dieser Ansicht" in fremd
    with fabrik() as s:
        assert s.scalar(select(func.count()).select_from(Haushaltsbetrag)) == zeilen
    assert datenstand.lesen(fabrik) == vorher


def _aufruf(app, ausloeser: str, werte: dict, suche: str) -> dict:
    schluessel, cb = next((k, cb) for k, cb in app.callback_map.items()
                          if any(i["id"] == ausloeser for i in cb["inputs"]))
    ausgaben = [{"id": a.split(".", 1)[0], "property": a.split(".", 1)[1].split("@")[0]}
                for a in schluessel.strip(".").split("...")]
    return {"output": schluessel, "outputs": ausgaben, "inputs": [{**i, "value": 1} for i in cb["inputs"]],
            "changedPropIds": [f"{ausloeser}.n_clicks"],
            "state": [{**s, "value": suche if s["id"] == URL_ID else werte.get(s["id"])} for s in cb["state"]]}


def test_hbs005_formular_schreibt_in_die_adresse(app):
    """„Berechnen“ writes product, amount (German number) and unit into the URL, keeping the view; a wrong amount
    leaves the URL alone and says what was expected."""
    client = app.server.test_client()
    body = _aufruf(app, IDs.WENN_RECHNEN, {IDs.WENN_PRODUKT: "060503", IDs.WENN_BETRAG: "-2,5",
                                           IDs.WENN_EINHEIT: "prozent"}, SUCHE)
    antwort = client.post("/_dash-update-component", json=body, headers=HERKUNFT)
    assert antwort.status_code == 200
    neu = antwort.get_json()["response"][URL_ID]["search"]
    assert neu.startswith(SUCHE) and "wenn=060503" in neu and "um=-2%2C5" in neu and "einheit=prozent" in neu
    body = _aufruf(app, IDs.WENN_RECHNEN, {IDs.WENN_PRODUKT: "060503", IDs.WENN_BETRAG: "zehn",
                                           IDs.WENN_EINHEIT: "euro"}, SUCHE)
    antwort = client.post("/_dash-update-component", json=body, headers=HERKUNFT).get_json()["response"]
    assert URL_ID not in antwort and "erwartet" in json.dumps(antwort, ensure_ascii=False)
