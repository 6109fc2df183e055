"""The page „Nicht gemeldete Kennzahlen“ and the delivery file download, without a browser (Flask test client)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from sqlalchemy import create_engine, delete, select

from dashboard import URL_ID, create_app
from dashboard.seiten import lieferungen as seite
from kennzahlen import datenstand, zugang
from kennzahlen import lieferungen as lf
from kennzahlen.db import sessionfabrik
from kennzahlen.models import Kennzahl, Kennzahlwert
from tests.dashboard.grid import gridwerte

HERKUNFT = {"Origin": "http://localhost"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _seite(client, suche: str = "") -> str:
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": URL_ID, "property": "pathname", "value": seite.PFAD},
                   {"id": URL_ID, "property": "search", "value": suche}],
        "changedPropIds": [f"{URL_ID}.pathname"], "state": []})
    assert antwort.status_code == 200, antwort.data[:500]
    return json.dumps(antwort.get_json()["response"]["seite"]["children"], ensure_ascii=False)


def _ist_loeschen(einstellungen, *codes: str) -> None:
    """Delete the city Ist of Q3 2026 of these Kennzahlen (and advance the data version, as every write does)."""
    engine = create_engine(einstellungen.datenbank_url)
    with sessionfabrik(engine)() as s, s.begin():
        for code in codes:
            kid = s.scalar(select(Kennzahl.id).where(Kennzahl.code == code))
            assert s.execute(delete(Kennzahlwert).where(
                Kennzahlwert.kennzahl_id == kid, Kennzahlwert.jahr == 2026, Kennzahlwert.periodenart == "quartal",
                Kennzahlwert.periode == 3, Kennzahlwert.wertart == "ist",
                Kennzahlwert.sozialraum_id.is_(None))).rowcount == 1
        datenstand.erhoehen(s)
    engine.dispose()


def test_lfs001_seite_zeigt_uebersicht_dateien_und_fehlende(app, demo_einstellungen):
    """The page shows the overview per unit, the delivery files of units with gaps, the missing Kennzahlen
    linked to their view, and how to deliver (with a link to the import)."""
    _ist_loeschen(demo_einstellungen, "K102", "K301")
    inhalt = _seite(app.server.test_client(), "?jahr=2026&quartal=3")
    werte = gridwerte(inhalt)
    assert seite.TITEL in inhalt and '"href": "/import"' in inhalt
    assert "V/2 Jobcenter-Koordination" in werte and "51 Jugendamt" in werte
    engine = create_engine(demo_einstellungen.datenbank_url)
    with sessionfabrik(engine)() as s:
        faellig = len(s.scalars(select(Kennzahl.id)).all())  # every demo Kennzahl is quarterly, owned, due
    engine.dispose()
    assert f"Für 3. Quartal 2026 sind {faellig} Kennzahlen fällig: {faellig - 3} vollständig geliefert, 3 fehlen " \
           "(in 2 Organisationseinheiten)." in inhalt
    assert "/download/lieferung/V%2F2.xlsx?jahr=2026&quartal=3" in inhalt
    assert "/download/lieferung/51.csv?jahr=2026&quartal=3" in inhalt
    assert "/download/lieferung/50.xlsx" not in inhalt  # nothing missing there
    for code in ("K102", "K103", "K301"):
        assert f"/kennzahl/{code}?jahr=2026&quartal=3" in werte
    assert "/download/tabelle/lieferungen-uebersicht.csv?jahr=2026&quartal=3" in inhalt
    assert '"id": "lieferungen-einheit"' in inhalt


def test_lfs002_filter_nach_einheit(app, demo_einstellungen):
    """``?einheit=51`` lists only the Jugendamt's missing Kennzahlen and its file; an unknown code says so."""
    _ist_loeschen(demo_einstellungen, "K301")
    client = app.server.test_client()
    inhalt = _seite(client, "?jahr=2026&quartal=3&einheit=51")
    werte = gridwerte(inhalt)
    assert "/kennzahl/K301?jahr=2026&quartal=3" in werte
    assert "/kennzahl/K103?jahr=2026&quartal=3" not in werte
    assert "/download/lieferung/51.xlsx?jahr=2026&quartal=3" in inhalt
    assert "/download/lieferung/V%2F2.xlsx" not in inhalt
    assert "Fehlende Kennzahlen der Organisationseinheit 51 (1)" in inhalt
    falsch = _seite(client, "?jahr=2026&quartal=3&einheit=XYZ")
    assert "„XYZ“ ist keine Organisationseinheit mit fälligen Kennzahlen" in falsch
    assert "/kennzahl/K103?jahr=2026&quartal=3" in gridwerte(falsch)


def test_lfs003_einheitauswahl_schreibt_url(app):
    """Choosing a unit writes ``einheit`` into the URL, keeping the period; "all" removes it."""
    client = app.server.test_client()
    schluessel = next(k for k, cb in app.callback_map.items()
                      if any(i["id"] == seite.IDs.EINHEIT for i in cb["inputs"]))

    def waehlen(wert, bisher):
        antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
            "output": schluessel, "outputs": {"id": URL_ID, "property": "search"},
            "inputs": [{"id": seite.IDs.EINHEIT, "property": "value", "value": wert},
                       {"id": seite.IDs.EINHEIT, "property": "id", "value": seite.IDs.EINHEIT}],
            "changedPropIds": [f"{seite.IDs.EINHEIT}.value"],
            "state": [{"id": URL_ID, "property": "search", "value": bisher}]})
        assert antwort.status_code == 200
        return antwort.get_json()["response"][URL_ID]["search"]

    assert waehlen("51", "?jahr=2026&quartal=3") == "?jahr=2026&quartal=3&einheit=51"
    assert waehlen("", "?jahr=2026&quartal=3&einheit=51") == "?jahr=2026&quartal=3"


def test_lfs004_download_liefert_gueltige_xlsx_mit_den_fehlenden_zeilen(app, demo_einstellungen):
    """The route returns an XLSX in the import format with the unit's missing rows and a German file name;
    CSV too; an unknown unit or format is 404, an invalid period 400."""
    _ist_loeschen(demo_einstellungen, "K102")
    client = app.server.test_client()
    antwort = client.get("/download/lieferung/V%2F2.xlsx?jahr=2026&quartal=3")
    assert antwort.status_code == 200 and antwort.mimetype == XLSX
    assert antwort.headers["Content-Disposition"] == 'attachment; filename="lieferung_V-2_Q3_2026.xlsx"'
    blatt = openpyxl.load_workbook(io.BytesIO(antwort.data)).worksheets[0]
    zeilen = list(blatt.iter_rows(values_only=True))
    assert list(zeilen[0]) == lf.IMPORTSPALTEN + lf.HILFSSPALTEN
    assert [z[:7] for z in zeilen[1:]] == [("K102", 2026, "quartal", 3, None, "ist", None),
                                           ("K103", 2026, "quartal", 3, None, "ist", None)]

    csv = client.get("/download/lieferung/V/2.csv?jahr=2026&quartal=3")
    assert csv.status_code == 200 and csv.headers["Content-Disposition"].endswith('lieferung_V-2_Q3_2026.csv"')
    assert csv.data.decode("utf-8-sig").splitlines()[1].startswith("K102;2026;quartal;3;;ist;;")
    assert client.get("/download/lieferung/XX.xlsx?jahr=2026&quartal=3").status_code == 404
    assert client.get("/download/lieferung/51.pdf").status_code == 404
    falsch = client.get("/download/lieferung/51.xlsx?jahr=2026&quartal=9")
    assert falsch.status_code == 400 and "kein gültiges Quartal" in falsch.get_data(as_text=True)
    tabelle = client.get("/download/tabelle/lieferungen-fehlend.csv?jahr=2026&quartal=3&einheit=V/2")
    assert tabelle.status_code == 200
    assert [z.split(";")[0] for z in tabelle.data.decode("utf-8-sig").splitlines()[1:]] == ["K102", "K103"]


@pytest.fixture
def app_mit_anmeldung(anmelde_einstellungen):
    """The app with login enforced."""
    return create_app(anmelde_einstellungen)


def test_lfs005_ohne_anmeldung_kein_zugang(app_mit_anmeldung):
    """Without a session the download answers 401 and the page redirects to the login; a Fachbereich account
    (right lesen) gets both."""
    client = app_mit_anmeldung.server.test_client()
    assert client.get("/download/lieferung/51.xlsx?jahr=2026&quartal=3").status_code == 401
    assert client.get("/download/tabelle/lieferungen-uebersicht.csv").status_code == 401
    umleitung = client.get("/lieferungen?jahr=2026&quartal=3", headers={"Accept": "text/html"})
    assert umleitung.status_code == 302 and umleitung.headers["Location"].startswith("/login?weiter=")
    anmeldung = client.post("/login", data={"login": "jugendamt", "passwort": zugang.DEMO_PASSWORT, "weiter": "/"},
                            headers=HERKUNFT)
    assert anmeldung.status_code == 303
    assert client.get("/download/lieferung/51.xlsx?jahr=2026&quartal=3").status_code == 200
    assert seite.TITEL in _seite(client, "?jahr=2026&quartal=3")
