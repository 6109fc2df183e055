"""The upload page and the downloads through real HTTP requests: preview, confirm, errors, rights."""

import base64

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import create_app
from kennzahlen import zugang
from kennzahlen.models import Auditeintrag, Kennzahl, Kennzahlwert

HERKUNFT = {"Origin": "http://localhost"}
DATEI = "Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert;Status\nK101;2026;quartal;3;;ist;12,7;vorläufig\n"
KAPUTT = "Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert;Status\nK101;2026;quartal;3;;ist;12,7x;vorläufig\n"


@pytest.fixture
def app(anmelde_einstellungen):
    """The demo app with login and the demo accounts."""
    app = create_app(anmelde_einstellungen)
    app.datenbank_url = anmelde_einstellungen.datenbank_url
    return app


def _client(app, login):
    c = app.server.test_client()
    c.post("/login", data={"login": login, "passwort": zugang.DEMO_PASSWORT}, headers=HERKUNFT)
    return c


def _hochladen(app, client, text: str, bestaetigen: bool = False):
    rechte = app.server.extensions["wirkungscockpit_rechte"]
    schluessel = [k for k, r in rechte.items() if r == "importieren"]
    ausgabe = next(k for k in schluessel if ("@" in k) == bestaetigen)
    daten = "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()
    ausloeser = ({"id": "import-bestaetigen", "property": "n_clicks", "value": 1} if bestaetigen
                 else {"id": "import-datei", "property": "contents", "value": daten})
    eingaben = [ausloeser] if bestaetigen else [
        ausloeser, {"id": "import-art", "property": "value", "value": ""},
        {"id": "import-teur", "property": "value", "value": False},
        {"id": "import-vorzeichen", "property": "value", "value": "auto"}]
    zustand = [{"id": "import-datei", "property": "filename", "value": "werte.csv"}]
    if bestaetigen:
        zustand = [{"id": "import-datei", "property": "contents", "value": daten},
                   {"id": "import-art", "property": "value", "value": ""},
                   {"id": "import-teur", "property": "value", "value": False},
                   {"id": "import-vorzeichen", "property": "value", "value": "auto"}, *zustand]
    teile = ausgabe.strip(".").split("...")
    return client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": ausgabe, "outputs": [{"id": t.split(".")[0], "property": t.split(".", 1)[1]} for t in teile],
        "inputs": eingaben, "changedPropIds": [f"{ausloeser['id']}.{ausloeser['property']}"], "state": zustand})


def _ist(app) -> tuple[float | None, int]:
    """(Ist of K101 for Q3 2026, number of import entries in the audit trail)."""
    engine = create_engine(app.datenbank_url)
    with engine.connect() as conn:
        kennzahl_id = conn.execute(select(Kennzahl.id).where(Kennzahl.code == "K101")).scalar()
        wert = conn.execute(select(Kennzahlwert.wert).where(
            Kennzahlwert.kennzahl_id == kennzahl_id, Kennzahlwert.jahr == 2026, Kennzahlwert.periode == 3,
            Kennzahlwert.periodenart == "quartal", Kennzahlwert.wertart == "ist",
            Kennzahlwert.sozialraum_id.is_(None))).scalar()
        n_audit = conn.execute(select(func.count()).select_from(Auditeintrag)
                               .where(Auditeintrag.aktion == "import")).scalar()
    engine.dispose()
    return (float(wert) if wert is not None else None), n_audit


def test_imp_seite001_vorschau_dann_bestaetigen(app):
    """The preview stores nothing; the confirmation stores the value and records the import."""
    c = _client(app, "controlling")
    vorher, audit_vorher = _ist(app)
    vorschau = _hochladen(app, c, DATEI)
    assert vorschau.status_code == 200 and "Vorschau" in vorschau.get_data(as_text=True)
    assert _ist(app) == (vorher, audit_vorher)
    fertig = _hochladen(app, c, DATEI, bestaetigen=True)
    assert fertig.status_code == 200 and "gespeichert" in fertig.get_data(as_text=True)
    assert _ist(app) == (12.7, audit_vorher + 1)


def test_imp_seite002_fehler_mit_zeile_und_spalte(app):
    """A broken value is explained with row, column, value and expectation; nothing is stored."""
    c = _client(app, "controlling")
    vorher = _ist(app)
    antwort = _hochladen(app, c, KAPUTT, bestaetigen=True).get_data(as_text=True)
    assert "Nichts gespeichert" in antwort and "12,7x" in antwort and "Wert" in antwort
    assert _ist(app) == vorher


def test_imp_seite003_ohne_recht_403(app):
    """Leitung may not import: 403 for preview and confirmation, the page is not built, DB unchanged."""
    c = _client(app, "leitung")
    vorher = _ist(app)
    assert _hochladen(app, c, DATEI).status_code == 403
    assert _hochladen(app, c, DATEI, bestaetigen=True).status_code == 403
    assert c.get("/download/export.zip").status_code == 403
    assert _ist(app) == vorher


def test_imp_seite004_downloads(app):
    """Templates and table views download with German headers; the full export is a ZIP."""
    c = _client(app, "controlling")
    vorlage = c.get("/download/vorlage/kennzahlwerte.csv")
    assert vorlage.status_code == 200 and "Kennzahl;Jahr" in vorlage.get_data(as_text=True).lstrip("\ufeff")
    tabelle = c.get("/download/tabelle/cockpit-zuschussbedarf.csv?jahr=2026&quartal=3").get_data(as_text=True)
    assert "Handlungsfeld;Ansatz 2026" in tabelle and "Jugend und Familie" in tabelle
    xlsx = c.get("/download/tabelle/cockpit-produkte.xlsx?jahr=2026&quartal=3")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert c.get("/download/export.zip").data[:2] == b"PK"
    assert c.get("/download/tabelle/gibt-es-nicht.csv").status_code == 404
    anonym = app.server.test_client()
    assert anonym.get("/download/vorlage/kennzahlwerte.csv").status_code == 401
