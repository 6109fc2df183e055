"""The comment form as a Fachbereich uses it: preselected kind, idempotent saving, refusal with a reason."""

import pytest

from dashboard import create_app
from dashboard.seiten.kommentar import IDs
from kennzahlen.models import Kommentar
from tests.dashboard.test_sicherheit import HERKUNFT, _anmelden, _anzahl, _kommentar_body


@pytest.fixture
def app(anmelde_einstellungen):
    """The app with login enforced."""
    return create_app(anmelde_einstellungen)


def test_kos001_zweiter_klick_speichert_nichts(app, anmelde_einstellungen):
    """Posting the same form key twice stores one comment; the answer lists it and says it was already saved."""
    vorher = _anzahl(anmelde_einstellungen, Kommentar)
    c = app.server.test_client()
    _anmelden(c, "jugendamt")
    body = _kommentar_body(app, text_="Mehr Inobhutnahmen durch Zuzug.", schluessel="0123456789abcdef")
    erste = c.post("/_dash-update-component", json=body, headers=HERKUNFT).get_json()["response"]
    assert "gespeichert am" in str(erste[IDs.MELDUNG]) and "Mehr Inobhutnahmen durch Zuzug." in str(erste[IDs.LISTE])
    assert erste[IDs.SCHLUESSEL]["data"] != "0123456789abcdef" and erste[IDs.TEXT]["value"] == ""
    zweite = c.post("/_dash-update-component", json=body, headers=HERKUNFT).get_json()["response"]
    assert "bereits gespeichert" in str(zweite[IDs.MELDUNG])
    assert _anzahl(anmelde_einstellungen, Kommentar) == vorher + 1


def test_kos002_fehler_und_verweigerung_sichtbar(app, anmelde_einstellungen):
    """An empty text and a foreign object both answer with a German message; nothing is written."""
    vorher = _anzahl(anmelde_einstellungen, Kommentar)
    c = app.server.test_client()
    _anmelden(c, "jugendamt")
    leer = c.post("/_dash-update-component", json=_kommentar_body(app, text_=" "), headers=HERKUNFT)
    assert "Feld „Text“" in str(leer.get_json())
    fremd = c.post("/_dash-update-component", json=_kommentar_body(app, art="produkt", code="050202"),
                   headers=HERKUNFT)
    assert "Keine Berechtigung: Produkt 050202" in str(fremd.get_json())
    assert _anzahl(anmelde_einstellungen, Kommentar) == vorher


def test_kos003_art_aus_adresse_und_hinweis_fuer_fremde(app):
    """?art=massnahme preselects Maßnahme; a user outside the object's field is told before typing."""
    from tests.dashboard.sitzung import anmelden as client_fuer
    from tests.dashboard.sitzung import seite as _seite

    jugend = client_fuer(app, "jugendamt")
    eigen = _seite(jugend, "/kommentar/kennzahl/K501", "?jahr=2026&quartal=3&art=massnahme")
    assert '"value": "massnahme"' in eigen and "Keine Berechtigung" not in eigen
    fremd = _seite(jugend, "/kommentar/produkt/050202", "?jahr=2026&quartal=3")
    assert "Keine Berechtigung: Produkt 050202" in fremd


def test_kos004_gleicher_schluessel_anderer_nutzer_oder_text(app, anmelde_einstellungen):
    """A form from the page cache carries the same key for users with the same roles and for two tabs: another
    user, or another text, is a new entry, not a repeated click."""
    vorher = _anzahl(anmelde_einstellungen, Kommentar)
    for login, text_ in (("controlling", "Zuzug"), ("jugendamt", "Zuzug"), ("jugendamt", "Zuzug aus Nachbarkreis")):
        c = app.server.test_client()
        _anmelden(c, login)
        body = _kommentar_body(app, text_=text_, schluessel="fedcba9876543210")
        assert "gespeichert am" in str(c.post("/_dash-update-component", json=body, headers=HERKUNFT).get_json())
    assert _anzahl(anmelde_einstellungen, Kommentar) == vorher + 3


def test_kos005_knoepfe_nur_wo_geschrieben_werden_darf(app):
    """Kennzahl, Ziel and Produkt pages show 'Abweichung begründen' and 'Maßnahme anlegen' to whoever may write
    there (Jugendamt on Jugend's Kennzahl, not on Arbeit's; Leitung nowhere); a Produkt adds 'Prognose erfassen'."""
    from tests.dashboard.sitzung import anmelden as client_fuer
    from tests.dashboard.sitzung import seite as _seite

    jugend, leitung = client_fuer(app, "jugendamt"), client_fuer(app, "leitung")
    q3 = "?jahr=2026&quartal=3"
    eigen = _seite(jugend, "/kennzahl/K501", q3)
    assert "Abweichung begründen" in eigen and "/kommentar/kennzahl/K501?jahr=2026&quartal=3&art=massnahme" in eigen
    assert "Abweichung begründen" not in _seite(jugend, "/kennzahl/K101", q3)
    assert "Maßnahme anlegen" in _seite(jugend, "/ziel/Z5", q3)
    produkt = _seite(jugend, "/produkt/060503", q3)
    assert "Prognose erfassen" in produkt and "/prognosen?jahr=2026&quartal=3&produkt=060503" in produkt
    assert "Abweichung begründen" not in _seite(leitung, "/kennzahl/K501", q3)


def test_kos006_eingefrorene_periode_nimmt_keine_texte(app, anmelde_einstellungen):
    """After Controlling froze Q3 2026, a new explanation for Q3 is refused with the reason; nothing is written."""
    from kennzahlen import verwaltung
    from kennzahlen.db import engine_erstellen, sessionfabrik, transaktion

    engine = engine_erstellen(anmelde_einstellungen.datenbank_url)
    with transaktion(sessionfabrik(engine)) as s:
        verwaltung.periode_abschliessen(s, 2026, "quartal", 3, "controlling")
    engine.dispose()
    vorher = _anzahl(anmelde_einstellungen, Kommentar)
    c = app.server.test_client()
    _anmelden(c, "jugendamt")
    antwort = c.post("/_dash-update-component", json=_kommentar_body(app, text_="Nachträglich"), headers=HERKUNFT)
    assert "ihre Texte sind eingefroren" in str(antwort.get_json())
    assert _anzahl(anmelde_einstellungen, Kommentar) == vorher
