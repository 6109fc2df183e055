"""Issue #15 on the upload page: a first-setup package of several files in one upload into an empty
database – one preview listing the new master data, refused without the tick, landed whole with it."""

from __future__ import annotations

import base64
import dataclasses

import pytest
from sqlalchemy.orm import Session

from dashboard import create_app
from kennzahlen import zugang
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.settings import Einstellungen
from tests.dashboard.sitzung import anmelden, seite
from tests.kennzahlen.importe.conftest import zeilenzahlen
from tests.kennzahlen.importe.test_eigene_daten import PAKET, _paket_pruefen


@pytest.fixture
def leere_app(tmp_path):
    """The app on an empty, migrated database with the demo accounts only (no demo city)."""
    url = f"sqlite:///{tmp_path / 'leer.sqlite'}"
    engine = engine_erstellen(url)
    aktualisieren(engine)
    with Session(engine) as s, s.begin():
        zugang.demo_benutzer_anlegen(s)
    engine.dispose()
    einstellungen = dataclasses.replace(Einstellungen(database_url=url, datenverzeichnis=tmp_path),
                                        anmeldung="lokal")
    app = create_app(einstellungen)
    app.datenbank_url = url
    return app


def _hochladen(seite_, dateien: dict[str, str]):
    """Upload several files at once, as dcc.Upload(multiple=True) sends them (lists)."""
    inhalte = ["data:text/csv;base64," + base64.b64encode(t.encode()).decode() for t in dateien.values()]
    antwort = seite_._senden(seite_.vorschau, [
        {"id": "import-datei", "property": "contents", "value": inhalte},
        {"id": "import-art", "property": "value", "value": "auto"},
        {"id": "import-teur", "property": "value", "value": False},
        {"id": "import-vorzeichen", "property": "value", "value": "auto"}],
        [{"id": "import-datei", "property": "filename", "value": list(dateien)}])
    return seite_._warten(antwort, None)


def test_eds001_einrichtungspaket_ueber_die_upload_seite(leere_app, hochladen):
    """Nine files in one upload: the preview names the package and its new master data; confirming without the
    tick stores nothing; a new upload confirmed with the tick lands whole and the cockpit opens."""
    client = anmelden(leere_app, "controlling")
    fabrik = sessionfabrik(engine_erstellen(leere_app.datenbank_url))
    seite_ = hochladen(leere_app, client)
    status, text, speicher = _hochladen(seite_, PAKET)
    assert status == 200 and "Paket aus 9 Dateien" in text and "Neue Stammdaten" in text, text[:2000]
    assert "Produkte: 05, 0501" in text
    _status, text, _ = seite_.bestaetigen(speicher, neue_stammdaten=False)
    assert "neue Stammdaten" in text and zeilenzahlen(fabrik)["produkt"] == 0
    _status, _text, speicher = _hochladen(seite_, PAKET)
    _status, text, _ = seite_.bestaetigen(speicher, neue_stammdaten=True)
    assert "Gespeichert als Import Nr." in text, text[:2000]
    _paket_pruefen(fabrik)
    assert "Existenzsichernde Arbeit" in seite(client, "/") or "Arbeit und Grundsicherung" in seite(client, "/")


def test_eds002_fehler_im_paket_nennt_die_datei(leere_app, hochladen):
    """A broken file in a multi-file upload: the error table names the file; nothing stored."""
    client = anmelden(leere_app, "controlling")
    kaputt = dict(PAKET) | {"b_werte.csv": PAKET["b_werte.csv"].replace("9,5", "9,5x")}
    _status, text, _ = _hochladen(hochladen(leere_app, client), kaputt)
    assert "Nichts gespeichert" in text and "b_werte.csv" in text and "9,5x" in text
    assert zeilenzahlen(sessionfabrik(engine_erstellen(leere_app.datenbank_url)))["kennzahlwert"] == 0


def test_eds003_lieferschleife_ueber_download_und_upload(anmelde_einstellungen, hochladen):
    """The delivery loop through the web: a unit's pre-filled file from /download/lieferung/V/2.csv, filled in,
    uploaded on /import and confirmed – every row lands, nothing is missing for the unit any more."""
    from sqlalchemy import create_engine, delete, select

    from kennzahlen import lieferungen as lf
    from kennzahlen.models import Kennzahl, Kennzahlwert
    from kennzahlen.perioden import Periode

    engine = create_engine(anmelde_einstellungen.datenbank_url)
    with engine.begin() as c:  # two Ist values of Q3 2026 not yet delivered
        ids = [i for (i,) in c.execute(select(Kennzahl.id).where(Kennzahl.code.in_(["K102", "K103"])))]
        c.execute(delete(Kennzahlwert).where(Kennzahlwert.kennzahl_id.in_(ids), Kennzahlwert.jahr == 2026,
                                             Kennzahlwert.periodenart == "quartal", Kennzahlwert.periode == 3,
                                             Kennzahlwert.wertart == "ist", Kennzahlwert.sozialraum_id.is_(None)))
    app = create_app(anmelde_einstellungen)
    client = anmelden(app, "controlling")
    antwort = client.get("/download/lieferung/V/2.csv?jahr=2026&quartal=3")
    assert antwort.status_code == 200
    zeilen = antwort.data.decode("utf-8-sig").splitlines()
    kopf = zeilen[0].split(";")
    wert = kopf.index("Wert")
    gefuellt = [zeilen[0]]
    for nummer, zeile in enumerate(zeilen[1:], start=1):
        zellen = zeile.split(";")
        zellen[wert] = f"{nummer},5"
        gefuellt.append(";".join(zellen))
    assert len(gefuellt) >= 3
    seite_ = hochladen(app, client)
    _status, text, speicher = seite_.datei("lieferung_V-2_Q3_2026.csv", "\n".join(gefuellt).encode("utf-8"))
    assert "Vorschau" in text and f"{len(gefuellt) - 1} neu" in text, text[:1500]
    _status, text, _ = seite_.bestaetigen(speicher, neue_stammdaten=False)  # a delivery creates no master data
    assert "Gespeichert als Import Nr." in text, text[:1500]
    fabrik = sessionfabrik(engine)
    assert lf.fehlende_lieferungen(fabrik, Periode(2026, "quartal", 3)).query("einheit_code == 'V/2'").empty
    engine.dispose()
