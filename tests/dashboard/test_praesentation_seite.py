"""The presentation page without a browser: every slide of HF5 through the router, wrong slide numbers, an unknown
Handlungsfeld, the entry on the Handlungsfeld page, the component budget and the pure helpers."""

import json

import pandas as pd
from sqlalchemy import text

from dashboard import SEITE_ID, URL_ID
from dashboard.figuren.praesentation import zielerreichung_figur
from dashboard.seiten import praesentation as seite
from kennzahlen import formate as fmt
from tests.dashboard.sitzung import HERKUNFT
from tests.dashboard.sitzung import knoten as _finden
from tests.dashboard.test_komponentenbudget import komponenten

Q3 = "?jahr=2026&quartal=3"
TITEL = ["Handlungsfeld Jugend und Familie", "Ziel Z5: Kinder und Familien stärken, Kinderarmut begegnen",
         "Ziel Z5.1: Ambulante vor stationären Hilfen zur Erziehung",
         "Ziel Z5.2: Hilfen zur Erziehung wirksam und wirtschaftlich gestalten",
         "Ziel Z5.3: Kinder früh erreichen und wirksam schützen", "Offene Maßnahmen und Beschlussvorschläge"]


def _antwort(client, pfad: str, suche: str):
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": f"{SEITE_ID}.children", "outputs": {"id": SEITE_ID, "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": pfad},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:800]
    return antwort.get_json()["response"][SEITE_ID]["children"]


def _titel(baum) -> str:
    return _finden(baum, seite.IDs.TITEL)["props"]["children"]


def test_ps001_jede_folie(app):
    """Slides 1 … 6 of HF5: heading, "Folie n von 6", previous/next addresses keeping the period, the end link back
    to the Handlungsfeld page; each within the component budget of 400."""
    client = app.server.test_client()
    for nummer, titel in enumerate(TITEL, start=1):
        baum = _antwort(client, "/praesentation/HF5", f"{Q3}&folie={nummer}")
        assert _titel(baum) == titel
        assert _finden(baum, seite.IDs.POSITION)["props"]["children"] == f"Folie {nummer} von 6"
        wurzel = _finden(baum, seite.IDs.WURZEL)["props"]
        assert "praesentation" in wurzel["className"].split()
        assert wurzel["data-folie"] == str(nummer) and wurzel["data-anzahl"] == "6"
        assert wurzel["data-ansage"] == f"Folie {nummer} von 6: {titel}"
        assert wurzel["data-weiter"] == f"/praesentation/HF5{Q3}&folie={min(6, nummer + 1)}"
        assert wurzel["data-zurueck"] == f"/praesentation/HF5{Q3}&folie={max(1, nummer - 1)}"
        assert wurzel["data-erste"].endswith("folie=1") and wurzel["data-letzte"].endswith("folie=6")
        assert wurzel["data-ende"] == f"/handlungsfeld/HF5{Q3}"
        assert _finden(baum, seite.IDs.ENDE)["props"]["href"] == f"/handlungsfeld/HF5{Q3}"
        weiter, zurueck = _finden(baum, seite.IDs.WEITER), _finden(baum, seite.IDs.ZURUECK)
        assert (weiter["type"] == "Link") == (nummer < 6) and (zurueck["type"] == "Link") == (nummer > 1)
        if nummer < 6:
            assert weiter["props"]["href"] == f"/praesentation/HF5{Q3}&folie={nummer + 1}"
        assert komponenten(baum) <= 400, (nummer, komponenten(baum))


def test_ps002_zielfolie_zahlen_und_diagramm(app, db):
    """Z5.1: the Ist of K501 from the database in German, the status as symbol and word, the chart with its
    sentence for screen readers and its table view, the open measure on K501."""
    with db.connect() as conn:
        ist = float(conn.execute(text(
            "SELECT w.wert FROM kennzahlwert w JOIN kennzahl k ON k.id = w.kennzahl_id WHERE k.code = 'K501' "
            "AND w.sozialraum_id IS NULL AND w.wertart = 'ist' AND w.jahr = 2026 AND w.periodenart = 'quartal' "
            "AND w.periode = 3")).scalar_one())
    baum = _antwort(app.server.test_client(), "/praesentation/HF5", f"{Q3}&folie=3")
    inhalt = json.dumps(baum, ensure_ascii=False)
    assert fmt.wert_mit_einheit(ist, "%", 1) in inhalt
    assert '"data-symbol": "▼"' in inhalt and "nicht erreicht" in inhalt
    assert _finden(baum, seite.IDs.DIAGRAMM)["type"] == "Graph"
    satz = _finden(baum, f"{seite.IDs.DIAGRAMM}-zusammenfassung")["props"]["children"]
    assert satz.startswith("Balkendiagramm der Zielerreichung der 4 Kennzahlen von Ziel Z5.1") and "K504" in satz
    assert _finden(baum, f"{seite.IDs.DIAGRAMM}-tabelle")["type"] == "AgGrid"
    assert "Tabelle anzeigen" in inhalt
    massnahmen = json.dumps(_finden(baum, seite.IDs.MASSNAHMEN), ensure_ascii=False)
    assert "Kennzahl K501" in massnahmen and "Frist 31.12.2026" in massnahmen
    assert "Keine Abweichungsbegründung für 3. Quartal 2026." in inhalt


def test_ps003_feldfolie_und_schluss(app):
    """Slide 1: money cards (Ansatz, Ist bis Q3 2026 with Stichtag, Prognose), status counts, agenda linking each
    slide; the last slide lists the open measures and the proposals' section."""
    client = app.server.test_client()
    erste = json.dumps(_antwort(client, "/praesentation/HF5", Q3), ensure_ascii=False)
    for text_ in ("Ansatz 2026", "Ist bis Q3 2026", "Stichtag 30.09.2026", "Prognose 2026", "Mio.\u00a0€",
                  "Status der Ziele und Kennzahlen", "steuerbare Kennzahlen", "Ablauf"):
        assert text_ in erste, text_
    for n in range(2, 7):
        assert f'"/praesentation/HF5{Q3}&folie={n}"' in erste
    letzte = _antwort(client, "/praesentation/HF5", f"{Q3}&folie=6")
    offen = json.dumps(_finden(letzte, seite.IDs.MASSNAHMEN), ensure_ascii=False)
    assert "Offene Maßnahmen (2)" in offen and "Produkt 060503" in offen and "Kennzahl K501" in offen
    assert _finden(letzte, seite.IDs.BESCHLUESSE) is not None


def test_ps004_falsche_folie(app):
    """?folie= out of range or not a number: a German hint naming the allowed range, and slide 1."""
    client = app.server.test_client()
    for roh in ("0", "7", "99", "drei", "-1"):
        baum = _antwort(client, "/praesentation/HF5", f"{Q3}&folie={roh}")
        inhalt = json.dumps(baum, ensure_ascii=False)
        assert f"Eine Folie „{roh}“ gibt es in dieser Präsentation nicht (erlaubt: 1 bis 6)" in inhalt
        assert _titel(baum) == TITEL[0]
        assert _finden(baum, seite.IDs.POSITION)["props"]["children"] == "Folie 1 von 6"
    ohne = json.dumps(_antwort(client, "/praesentation/HF5", Q3), ensure_ascii=False)
    assert "gibt es in dieser Präsentation nicht" not in ohne


def test_ps005_unbekanntes_handlungsfeld(app):
    """An unknown code gives the not-found page of a Handlungsfeld with the link back to the cockpit."""
    inhalt = json.dumps(_antwort(app.server.test_client(), "/praesentation/HF99", Q3), ensure_ascii=False)
    assert "Handlungsfeld nicht gefunden" in inhalt and "HF99" in inhalt and "Zurück zum Cockpit" in inhalt
    assert seite.IDs.WURZEL not in inhalt


def test_ps006_einstieg_auf_der_handlungsfeldseite(app):
    """The Handlungsfeld page offers "Präsentation starten", linking slide 1 with the chosen period."""
    baum = _antwort(app.server.test_client(), "/handlungsfeld/HF5", "?jahr=2025&quartal=4")
    knopf = _finden(baum, "handlungsfeld-praesentation")
    assert knopf["props"]["children"] == "Präsentation starten"
    assert knopf["props"]["href"] == "/praesentation/HF5?jahr=2025&quartal=4&folie=1"


def test_ps007_adresse_und_folie_lesen():
    """Addresses keep the period; slide numbers outside 1 … n fall back to 1 with a hint, blank means 1."""
    from kennzahlen.perioden import Periode

    assert seite.adresse("HF 5", Periode(2026, "quartal", 3), 2) == "/praesentation/HF%205?jahr=2026&quartal=3&folie=2"
    assert seite.adresse("HF5", Periode(2025, "jahr", 1), 1) == "/praesentation/HF5?jahr=2025&folie=1"
    assert seite.folie_lesen("3", 6) == (3, None) and seite.folie_lesen(None, 6) == (1, None)
    assert seite.folie_lesen(" ", 6) == (1, None)
    nummer, hinweis = seite.folie_lesen("7", 6)
    assert nummer == 1 and "erlaubt: 1 bis 6" in hinweis and "gezeigt wird Folie 1" in hinweis


def test_ps008_zielerreichung_figur():
    """Bars cut at 150 %, unrated rows at 0 with their status word, each label with the status symbol, a line at
    100 %; the first row stands on top."""
    zeilen = pd.DataFrame({"beschriftung": ["K1", "K2", "K3"], "grad": [0.4, 2.3, None],
                           "status_symbol": ["▼", "▲", "○"], "status_text": ["nicht erreicht", "erreicht",
                                                                              "keine Bewertung"],
                           "status_farbe": ["#b42318", "#1a7f37", "#595959"]})
    fig = zielerreichung_figur(zeilen)
    balken = fig.data[0]
    assert list(balken.y) == ["K3", "K2", "K1"] and list(balken.x) == [0.0, 150.0, 40.0]
    texte = [a.text for a in fig.layout.annotations]
    assert "▼\u00a040\u00a0%" in texte and "▲\u00a0230\u00a0%" in texte and "○\u00a0keine Bewertung" in texte
    assert any(s.x0 == 100 and s.x1 == 100 for s in fig.layout.shapes)
