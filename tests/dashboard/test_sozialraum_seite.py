"""The district profile page and the district ranking of the Kennzahl page, without a browser."""

import json

from dashboard import URL_ID, create_app
from dashboard.auswahl import IDs as AuswahlIDs
from dashboard.seiten import kennzahl as seite_kennzahl
from dashboard.seiten import sozialraum as seite_sozialraum
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.demo import GESCHICHTE_KINDERARMUT
from kennzahlen.importe.sozialatlas import kennzahlcode
from kennzahlen.settings import Einstellungen
from tests.dashboard.sitzung import knoten, seite, senden
from tests.dashboard.test_komponentenbudget import grossstadt, grossstadt_vorlage, komponenten  # noqa: F401
from tests.kennzahlen.importe.test_import_flensburg import flensburg, flensburg_importieren  # noqa: F401

K511, HAFEN = GESCHICHTE_KINDERARMUT["kennzahl"], GESCHICHTE_KINDERARMUT["sozialraum"]


def _baum(client, pfad: str, suche: str = "") -> dict:
    return json.loads(seite(client, pfad, suche))


def test_srs001_profil_hafenviertel(app):
    """The profile names district and level, links its Stadtbezirk, ranks child poverty "1 von 25" in level and
    rise, shows the comment naming the Hafenviertel, offers the download, and stays within the budget."""
    client = app.server.test_client()
    baum = _baum(client, f"/sozialraum/{HAFEN}", "?jahr=2026&quartal=3")
    text = json.dumps(baum, ensure_ascii=False)
    assert "Hafenviertel" in json.dumps(knoten(baum, seite_sozialraum.IDs.TITEL), ensure_ascii=False)
    assert "Ebene: Sozialraum" in text and "/sozialraum/B1?jahr=2026&quartal=3" in text
    zeilen = knoten(baum, seite_sozialraum.IDs.PROFIL)["props"]["rowData"]
    kinderarmut = next(z for z in zeilen if z["kennzahl"].startswith(K511))
    assert kinderarmut["rang_text"] == "1 von 25" and kinderarmut["rang_anstieg_text"] == "1 von 25"
    assert kinderarmut["veraenderung_text"].startswith("+") and "Prozentpunkte" in kinderarmut["veraenderung_text"]
    assert "Im Hafenviertel steigt der Anteil" in json.dumps(knoten(baum, seite_sozialraum.IDs.KOMMENTARE),
                                                              ensure_ascii=False)
    assert knoten(baum, seite_sozialraum.IDs.VERGLEICH) is not None and "Tabelle anzeigen" in text
    assert "/download/tabelle/sozialraumprofil.csv?code=103" in text
    assert komponenten(baum) <= 400
    csv = client.get("/download/tabelle/sozialraumprofil.csv?code=103&jahr=2026&quartal=3")
    assert csv.status_code == 200 and "1 von 25" in csv.data.decode("utf-8-sig")


def test_srs002_stadtbezirk_und_unbekannter_code(app):
    """A Stadtbezirk lists its Sozialräume and says it has no own values; an unknown code is "nicht gefunden";
    a wrong span gives a German hint."""
    client = app.server.test_client()
    baum = _baum(client, "/sozialraum/B1", "?spanne=7")
    text = json.dumps(baum, ensure_ascii=False)
    assert "Ebene: Stadtbezirk" in text and "/sozialraum/103?" in text
    assert knoten(baum, seite_sozialraum.IDs.HINWEIS) is not None and "keine eigenen Werte" in text
    assert "ist keine Spanne" in text
    assert komponenten(baum) <= 400
    unbekannt = json.dumps(_baum(client, "/sozialraum/XYZ"), ensure_ascii=False)
    assert "Sozialraum nicht gefunden" in unbekannt and "XYZ" in unbekannt


def test_srs003_rangliste_nach_anstieg(app):
    """On the Kennzahl page ?rang=anstieg puts the Hafenviertel first with its change and gap; by default the
    order is by level; a wrong order gives a hint; the selector writes ?rang= into the URL."""
    client = app.server.test_client()
    baum = _baum(client, f"/kennzahl/{K511}", "?jahr=2026&quartal=3&rang=anstieg")
    zeilen = knoten(baum, seite_kennzahl.IDs.RANGLISTE)["props"]["rowData"]
    assert zeilen[0]["name"] == "103 Hafenviertel" and zeilen[0]["rang_anstieg"] == 1
    assert zeilen[0]["veraenderung"] > 2 and zeilen[0]["abstand"] > 10 and zeilen[0]["profil_href"].startswith(
        "/sozialraum/103?jahr=2026&quartal=3")
    assert [z["rang_anstieg"] for z in zeilen if z["rang_anstieg"] is not None] == sorted(
        z["rang_anstieg"] for z in zeilen if z["rang_anstieg"] is not None)
    nach_stand = knoten(_baum(client, f"/kennzahl/{K511}", "?jahr=2026&quartal=3"), seite_kennzahl.IDs.RANGLISTE)
    assert [z["rang"] for z in nach_stand["props"]["rowData"]][:3] == [1, 2, 3]
    falsch = json.dumps(_baum(client, f"/kennzahl/{K511}", "?rang=kaputt&spanne=x"), ensure_ascii=False)
    assert "ist keine Sortierung" in falsch and "ist keine Spanne" in falsch
    ausgabe = next(k for k, cb in app.callback_map.items() if any(i["id"] == seite_kennzahl.IDs.RANG
                                                                   for i in cb["inputs"]))
    antwort = senden(client, {
        "output": ausgabe, "outputs": {"id": URL_ID, "property": "search"},
        "inputs": [{"id": seite_kennzahl.IDs.RANG, "property": "value", "value": "anstieg"},
                   {"id": seite_kennzahl.IDs.RANG, "property": "id", "value": seite_kennzahl.IDs.RANG}],
        "changedPropIds": [f"{seite_kennzahl.IDs.RANG}.value"],
        "state": [{"id": URL_ID, "property": "search", "value": "?jahr=2026&quartal=3"}]})
    assert antwort.get_json()["response"][URL_ID]["search"] == "?jahr=2026&quartal=3&rang=anstieg"


def test_srs004_kartenklick_oeffnet_profil(app):
    """A click on a district in the map writes /sozialraum/<code> with the period; no click, no change."""
    client = app.server.test_client()
    ausgabe = next(k for k, cb in app.callback_map.items() if any(i["id"] == seite_kennzahl.IDs.KARTE
                                                                   for i in cb["inputs"]))
    klick = {"points": [{"location": HAFEN, "customdata": [HAFEN, "Hafenviertel", "Stadtbezirk Mitte", ""]}]}
    antwort = senden(client, {
        "output": ausgabe, "outputs": [{"id": URL_ID, "property": "pathname"}, {"id": URL_ID, "property": "search"}],
        "inputs": [{"id": seite_kennzahl.IDs.KARTE, "property": "clickData", "value": klick}],
        "changedPropIds": [f"{seite_kennzahl.IDs.KARTE}.clickData"],
        "state": [{"id": URL_ID, "property": "search", "value": "?jahr=2025&quartal=2&sozialraum=101&rang=anstieg"}]},
    )
    antwort_url = antwort.get_json()["response"][URL_ID]
    assert antwort_url == {"pathname": "/sozialraum/103", "search": "?jahr=2025&quartal=2"}
    assert seite_kennzahl.klickcode(None) is None and seite_kennzahl.klickcode({"points": []}) is None
    assert seite_kennzahl.klickcode({"points": [{"location": "104"}]}) == "104"


def test_srs005_grossstadt_im_komponentenbudget(grossstadt):  # noqa: F811 (fixture imported above)
    """At Großstadt size the profile of the Stadtbezirk with the most Sozialräume and of a Sozialraum stay within
    400 Dash components (the Kennzahlen are one grid, not one component each)."""
    client, engine = grossstadt
    with engine.connect() as conn:
        bezirk = conn.exec_driver_sql(
            "SELECT b.code FROM sozialraum b JOIN sozialraum s ON s.parent_id = b.id WHERE b.ebene = 'bezirk' "
            "GROUP BY b.code ORDER BY count(*) DESC, b.code LIMIT 1").scalar_one()
        raum = conn.exec_driver_sql(
            "SELECT code FROM sozialraum WHERE ebene = 'sozialraum' ORDER BY code LIMIT 1").scalar_one()
    for code in (bezirk, raum):
        baum = _baum(client, f"/sozialraum/{code}")
        assert knoten(baum, seite_sozialraum.IDs.PROFIL) is not None
        assert komponenten(baum) <= 400, (code, komponenten(baum))


def test_srs006_flensburg_nur_jahreswerte_zeigt_das_jahr(tmp_path, flensburg):  # noqa: F811
    """Flensburg has yearly values per Stadtteil only: the period selector offers the years, never
    „4. Quartal – noch keine Ist-Werte“, and Kennzahl page, profile and Sozialindex show the year 2022."""
    url = f"sqlite:///{tmp_path / 'flensburg.sqlite'}"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    flensburg_importieren(sessionfabrik(engine), flensburg)
    engine.dispose()
    app = create_app(Einstellungen(database_url=url, datenverzeichnis=tmp_path, anmeldung="aus"))
    client = app.server.test_client()
    kennzahl = kennzahlcode("fl_beneficiaries_by_district", "residents")
    for pfad, suche in ((f"/kennzahl/{kennzahl}", ""), ("/sozialraum/STGT01", "?jahr=2022"), ("/sozialindex", "")):
        baum = _baum(client, pfad, suche)
        text = json.dumps(baum, ensure_ascii=False)
        assert "noch keine Ist-Werte" not in text and "Quartal" not in text and "kein gültiges" not in text, pfad
        jahre = [o["value"] for o in knoten(baum, AuswahlIDs.JAHR)["props"]["options"]]
        assert knoten(baum, AuswahlIDs.JAHR)["props"]["value"] == "2022" and "2011" in jahre, pfad
        assert "Jahr 2022" in text or "Sozialindex 2022" in text, pfad
