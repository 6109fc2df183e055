"""The Berichte page without a browser: layout, scope from the URL, progress display, and the download route."""

from __future__ import annotations

from dashboard import create_app
from dashboard.bericht import auftraege
from dashboard.seiten import berichte


def test_ber101_seite_zeigt_auswahl_stand_und_knopf(demo_einstellungen):
    """/berichte?…&handlungsfeld=HF5 has the scope preselected, the provisional Berichtsstand and the button;
    an unknown scope falls back to the city with a German hint."""
    app = create_app(demo_einstellungen)
    kontext = app.server.extensions["wirkungscockpit"]
    seite = berichte.layout(kontext.fabrik, kontext.einstellungen, {"jahr": "2026", "quartal": "3",
                                                                    "handlungsfeld": "HF5"})
    text = str(seite)
    assert "Berichte 3. Quartal 2026" in text and "Bericht erstellen" in text and "vorläufig, nicht eingefroren" in text
    assert "'value': 'HF5'" in text
    falsch = str(berichte.layout(kontext.fabrik, kontext.einstellungen, {"handlungsfeld": "XY"}))
    assert "Ein Handlungsfeld „XY“ gibt es nicht" in falsch


def test_ber102_fortschritt_und_fertig(tmp_path):
    """Progress shows percent and keeps polling; a finished job shows both links and stops; an error is shown."""
    wert, meldung, dateien, aus = berichte.fortschritt_anzeigen(
        {"anteil": 0.42, "text": "Grafiken werden gezeichnet (3 von 9) …", "fertig": False}, "a" * 32)
    assert (wert, dateien, aus) == ("42", None, False) and "(42 %)" in meldung
    wert, meldung, dateien, aus = berichte.fortschritt_anzeigen(
        {"anteil": 1.0, "text": "Fertig in 9 s", "fertig": True, "name": "bericht_2026_Q3_stadt"}, "a" * 32)
    assert aus and f"/download/bericht/{'a' * 32}.pdf" in str(dateien) and ".xlsx" in str(dateien)
    _, meldung, dateien, aus = berichte.fortschritt_anzeigen({"anteil": 1, "fertig": True, "fehler": "kaputt"}, "x")
    assert aus and dateien is None and "kaputt" in str(meldung)
    ablage = auftraege.Ablage(tmp_path)
    ablage.schreiben("b" * 32, "status", b'{"fertig": false}')
    assert auftraege.status_lesen(ablage, "b" * 32) == {"fertig": False}
    assert auftraege.status_lesen(ablage, "../etc/passwd") is None


def test_ber103_download_unbekannt_und_fertig(demo_einstellungen):
    """The route serves a finished job's files with its name and refuses unknown or unfinished ones (404)."""
    app = create_app(demo_einstellungen)
    kontext = app.server.extensions["wirkungscockpit"]
    client = app.server.test_client()
    antwort = client.get(f"/download/bericht/{'c' * 32}.pdf")
    assert antwort.status_code == 404 and "neu erstellen" in antwort.get_data(as_text=True)
    assert client.get("/download/bericht/nicht-hex.pdf").status_code == 404
    ablage = auftraege.Ablage.der_app(kontext.fabrik, kontext.einstellungen)
    ablage.schreiben("d" * 32, "status", b'{"fertig": false, "name": "bericht_2026_Q3_stadt"}')
    ablage.schreiben("d" * 32, "pdf", b"%PDF-1.7 test")
    assert client.get(f"/download/bericht/{'d' * 32}.pdf").status_code == 404
    ablage.schreiben("d" * 32, "status", b'{"fertig": true, "name": "bericht_2026_Q3_stadt"}')
    antwort = client.get(f"/download/bericht/{'d' * 32}.pdf")
    assert antwort.status_code == 200 and antwort.data == b"%PDF-1.7 test"
    assert 'filename="bericht_2026_Q3_stadt.pdf"' in antwort.headers["Content-Disposition"]
