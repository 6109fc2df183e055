"""Erklärung zur Barrierefreiheit (settings of the installation, open without login, linked everywhere), chart
texts formatted as on screen, toolbars reduced, the user form without a doubled label."""

import dataclasses
import json
import re

import plotly.graph_objects as go
import pytest

from dashboard import create_app, figuren
from dashboard.seiten import barrierefreiheit as bf
from kennzahlen.settings import Einstellungen
from tests.dashboard.sitzung import HERKUNFT, anmelden, knoten, seite

ENGLISCHE_ZAHL = re.compile(r"(?<![\w.])\d+\.0\b|\bnan\b|\bNone\b")
"""What a number formatted by Python instead of kennzahlen.formate looks like ("2019.0", "nan")."""


def _zusammenfassungen(baum) -> list[str]:
    """Texts of every chart summary (components whose id ends with '-zusammenfassung') in a page tree."""
    funde = []

    def gehen(k):
        if isinstance(k, dict):
            props = k.get("props", {})
            if str(props.get("id", "")).endswith("-zusammenfassung"):
                funde.append(json.dumps(props.get("children"), ensure_ascii=False))
            for w in k.values():
                gehen(w)
        elif isinstance(k, list):
            for w in k:
                gehen(w)

    gehen(baum)
    return funde


def test_bfs001_einstellungen_der_installation(demo_einstellungen):
    """Contact (as mail link), conformance, date and conciliation body come from the settings."""
    e = dataclasses.replace(demo_einstellungen, barrierefreiheit_kontakt="a11y@musterstadt.de",
                            barrierefreiheit_stand="vollstaendig", barrierefreiheit_schlichtung="Landesstelle X")
    text = json.dumps(bf.abschnitte(e, "Musterstadt"), default=repr, ensure_ascii=False)
    assert "mailto:a11y@musterstadt.de" in text and "Landesstelle X" in text and bf.STAND["vollstaendig"] in text
    standard = json.dumps(bf.abschnitte(Einstellungen(), "Musterstadt"), default=repr, ensure_ascii=False)
    assert bf.KONTAKT_STANDARD in standard and bf.SCHLICHTUNG_STANDARD in standard
    assert "07.12.2026" in standard and bf.STAND["teilweise"] in standard
    for titel in ("Stand der Vereinbarkeit", "Nicht barrierefreie Inhalte", "Erstellung", "Feedback und Kontakt",
                  "Schlichtungsverfahren"):
        assert titel in standard
    assert Einstellungen.aus_umgebung({"WK_BARRIEREFREIHEIT_DATUM": "2027-01-31"}).barrierefreiheit_datum.day == 31


def test_bfs002_ohne_anmeldung_lesbar(anmelde_einstellungen):
    """Without a session /barrierefreiheit answers with the statement as HTML (other pages go to the login);
    the login page links to it; the page escapes what the installation sets."""
    e = dataclasses.replace(anmelde_einstellungen, barrierefreiheit_kontakt="<b>Team</b> Tel. 1")
    client = create_app(e).server.test_client()
    antwort = client.get("/barrierefreiheit", headers={"Accept": "text/html"})
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200 and '<html lang="de">' in text and "<h1" in text
    assert "Schlichtungsverfahren" in text and "&lt;b&gt;Team&lt;/b&gt; Tel. 1" in text and "<b>Team" not in text
    assert all(a.inhalt in text for a in bf.AUSNAHMEN)
    assert client.get("/haushalt", headers={"Accept": "text/html"}).status_code == 302
    assert 'href="/barrierefreiheit"' in client.get("/login").get_data(as_text=True)


def test_bfs003_in_der_app_und_in_der_fusszeile(anmelde_einstellungen):
    """Signed in, the page is drawn by the app (with navigation); the footer of every page links it."""
    app = create_app(anmelde_einstellungen)
    client = anmelden(app, "leitung")
    text = seite(client, "/barrierefreiheit")
    assert bf.TITEL in text and "Feedback und Kontaktangaben" in text and "Leichter Sprache" in text
    rahmen = client.get("/_dash-layout", headers=HERKUNFT).get_json()
    assert knoten(rahmen, "fuss-barrierefreiheit")["props"]["href"] == bf.PFAD


@pytest.mark.parametrize("pfad", ["/", "/handlungsfeld/HF5", "/ziel/Z5.1", "/kennzahl/K511", "/kennzahl/K511",
                                  "/produkt/060503", "/produkt/06", "/haushalt", "/portfolio", "/haushalt/effekte",
                                  "/sozialindex", "/sozialraum/103", "/haushaltsberatung"])
def test_bfs004_kurztexte_der_grafiken_deutsch(app, pfad):
    """Every chart of a page has a short text; its numbers are formatted as on screen (no "2019.0", no "nan")."""
    suche = "?sozialraum=103" if pfad == "/kennzahl/K511" else ""
    baum = json.loads(seite(app.server.test_client(), pfad, suche))
    texte = _zusammenfassungen(baum)
    assert texte, f"{pfad}: keine Kurztexte"
    falsch = [t for t in texte if ENGLISCHE_ZAHL.search(t)]
    assert falsch == [], falsch


def test_bfs005_produkt_jahre_ohne_komma_null(app):
    """The product chart's text names whole years ("Ergebnis 2019"), the defect the issue saw."""
    texte = " ".join(_zusammenfassungen(json.loads(seite(app.server.test_client(), "/produkt/060503"))))
    assert re.search(r"Ergebnis 20\d\d \d", texte), texte[:300]


def test_bfs006_werkzeugleiste_deutsch_und_klein():
    """Charts offer download and reset only (no cloud "Share chart…"); charts without axes only download."""
    achsen = figuren.graph_config(go.Figure(go.Bar(x=[1], y=[1])))
    assert achsen["modeBarButtons"] == [["toImage", "resetScale2d"]] and achsen["showSendToCloud"] is False
    assert achsen["locale"] == "de" and achsen["displaylogo"] is False
    assert figuren.graph_config(go.Figure(go.Sankey()))["modeBarButtons"] == [["toImage"]]
    assert figuren.graph_config(go.Figure(go.Choroplethmap()))["modeBarButtons"] == [["toImage", "resetViewMap"]]
    assert figuren.graph_config(go.Figure(go.Choropleth()))["modeBarButtons"] == [["toImage", "resetGeo"]]


def test_bfs007_benutzerseite_rolle_nur_einmal(anmelde_einstellungen):
    """The change form groups role and scope under the legend "Rollen ändern": no heading "Rolle" above the
    field "Rolle"."""
    client = anmelden(create_app(anmelde_einstellungen), "admin")
    text = seite(client, "/verwaltung/benutzer")
    assert text.count('"children": "Rolle"') == 2  # the two select labels (new user, change user)
    assert '"children": "Rollen ändern"' in text and '"type": "Legend"' in text


def test_bfs008_leichte_sprache_auf_wunsch(app):
    """Ziel and Kennzahl views fold their Leichte-Sprache text under "In Leichter Sprache" (closed until asked);
    an object without such a text shows no empty box."""
    from kennzahlen.demo.katalog import LEICHTE_SPRACHE

    client = app.server.test_client()
    for pfad, id_, code in (("/ziel/Z5.1", "ziel-leichte-sprache", "Z5.1"),
                            ("/kennzahl/K501", "kennzahl-leichte-sprache", "K501")):
        block = knoten(json.loads(seite(client, pfad)), id_)
        assert block is not None and block["type"] == "Details" and not block["props"].get("open")
        text = json.dumps(block, ensure_ascii=False)
        assert "In Leichter Sprache" in text and LEICHTE_SPRACHE[code].split("\n\n")[0] in text
    assert knoten(json.loads(seite(client, "/ziel/Z5.2")), "ziel-leichte-sprache") is None
