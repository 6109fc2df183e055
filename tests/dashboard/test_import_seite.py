"""The upload page and the downloads through real HTTP requests: preview, confirm, errors, rights."""


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


def test_imp_seite001_vorschau_dann_bestaetigen(app, hochladen):
    """The preview stores nothing; the confirmation stores the value and records the import (audit once)."""
    c = _client(app, "controlling")
    vorher, audit_vorher = _ist(app)
    seite = hochladen(app, c)
    status, text, speicher = seite.datei("werte.csv", DATEI.encode())
    assert status == 200 and "Vorschau" in text and "1 geändert" in text
    assert _ist(app) == (vorher, audit_vorher)
    status, text, _ = seite.bestaetigen(speicher)
    assert status == 200 and "Gespeichert als Import Nr." in text
    assert _ist(app) == (12.7, audit_vorher + 1)
    status, text, _ = seite.bestaetigen(speicher)  # a second click never imports twice
    assert "bereits bestätigt" in text and _ist(app) == (12.7, audit_vorher + 1)


def test_imp_seite002_fehler_mit_zeile_und_spalte(app, hochladen):
    """A broken value is explained with row, column, value and expectation; nothing is stored."""
    c = _client(app, "controlling")
    vorher = _ist(app)
    seite = hochladen(app, c)
    _, antwort, speicher = seite.datei("werte.csv", KAPUTT.encode())
    assert "Nichts gespeichert" in antwort and "12,7x" in antwort and "Wert" in antwort
    _, antwort, _ = seite.bestaetigen(speicher)
    assert "nicht fehlerfrei" in antwort
    assert _ist(app) == vorher


def test_imp_seite003_ohne_recht_403(app, hochladen):
    """Leitung may not import: 403 for upload, confirmation and polling, DB unchanged."""
    seite = hochladen(app, _client(app, "controlling"))
    _, _, speicher = seite.datei("werte.csv", DATEI.encode())
    vorher = _ist(app)
    fremd = hochladen(app, _client(app, "leitung"))
    assert fremd.datei("werte.csv", DATEI.encode())[0] == 403
    assert fremd.bestaetigen(speicher)[0] == 403
    assert _client(app, "leitung").get("/download/export.zip").status_code == 403
    assert _ist(app) == vorher


def test_imp_seite005_fremder_auftrag_unsichtbar(app, hochladen, anmelde_einstellungen):
    """A job belongs to who uploaded it: another importer can neither see nor confirm it."""
    from kennzahlen.db import engine_erstellen, sessionfabrik

    engine = engine_erstellen(anmelde_einstellungen.datenbank_url)
    with sessionfabrik(engine)() as s, s.begin():
        zugang.benutzer_anlegen(s, "controlling2", "Zweite Controllerin", "ein-langes-kennwort-1",
                                [zugang.Rolle("controlling")])
    engine.dispose()
    _, _, speicher = hochladen(app, _client(app, "controlling")).datei("werte.csv", DATEI.encode())
    andere = app.server.test_client()
    andere.post("/login", data={"login": "controlling2", "passwort": "ein-langes-kennwort-1"}, headers=HERKUNFT)
    _, text, _ = hochladen(app, andere).bestaetigen(speicher)
    assert "keinen Auftrag" in text and _ist(app)[0] != 12.7


def test_imp_seite006_langer_dateiname_gespeichert_und_protokolliert(app, hochladen):
    """A file name of 250 characters: the import lands whole, with its audit entry (was: 500, no audit)."""
    c = _client(app, "controlling")
    _, audit_vorher = _ist(app)
    seite = hochladen(app, c)
    _, _, speicher = seite.datei("w" * 250 + ".csv", DATEI.encode())
    status, text, _ = seite.bestaetigen(speicher)
    assert status == 200 and "Gespeichert als Import Nr." in text
    assert _ist(app) == (12.7, audit_vorher + 1)


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
