"""The Abweichungsliste page: rows with explain and measure links, filters from the URL, download, thresholds."""

import io

import pandas as pd
import pytest

from dashboard import create_app
from dashboard.seiten.abweichungen import IDs
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.sitzung import seite as _seite
from tests.dashboard.sitzung import senden as _senden

Q3 = "?jahr=2026&quartal=3"


@pytest.fixture
def app(anmelde_einstellungen):
    """The app with login enforced."""
    return create_app(anmelde_einstellungen)


def _schwellen_body(app, euro, prozent, wesentlich="1.000.000") -> dict:
    ausgabe = f"{IDs.SCHWELLEN_MELDUNG}.children"
    assert app.server.extensions["wirkungscockpit_rechte"][ausgabe] == "schwellenwerte"
    return {"output": ausgabe, "outputs": {"id": IDs.SCHWELLEN_MELDUNG, "property": "children"},
            "inputs": [{"id": IDs.SCHWELLEN_SPEICHERN, "property": "n_clicks", "value": 1}],
            "changedPropIds": [f"{IDs.SCHWELLEN_SPEICHERN}.n_clicks"],
            "state": [{"id": IDs.SCHWELLE_EURO, "property": "value", "value": euro},
                      {"id": IDs.SCHWELLE_PROZENT, "property": "value", "value": prozent},
                      {"id": IDs.SCHWELLE_WESENTLICH, "property": "value", "value": wesentlich}]}


def test_abs001_liste_mit_aktionen_und_filter(app):
    """The list names its period and thresholds, links each row to the form (Begründung, Maßnahme), and the
    Handlungsfeld filter from the URL keeps only that field's rows."""
    c = _anmelden(app, "jugendamt")
    alle = _seite(c, "/abweichungen", Q3)
    assert "Abweichungsliste 3. Quartal 2026" in alle and "±10.000 € oder ±5 %" in alle
    assert "/kommentar/kennzahl/" in alle and "art=abweichungsbegruendung" in alle and "art=massnahme" in alle
    assert "✗ fehlt – begründen" in alle
    assert IDs.SCHWELLE_EURO not in alle  # the thresholds form is Controlling's
    jugend = _seite(c, "/abweichungen", Q3 + "&handlungsfeld=HF5")
    tabellen = jugend.split("Kennzahlen unter Ziel (")[1]
    assert "Jugend und Familie" in tabellen and "Arbeit und Grundsicherung" not in tabellen


def test_abs002_download_wie_angezeigt(app):
    """The list downloads as XLSX with German headings, filtered as the URL says."""
    c = _anmelden(app, "leitung")
    antwort = c.get("/download/tabelle/abweichungsliste.xlsx" + Q3 + "&einheit=51")
    assert antwort.status_code == 200
    df = pd.read_excel(io.BytesIO(antwort.data))
    assert {"Rang", "Art", "Begründet", "Abweichung in %"} <= set(df.columns)
    assert len(df) and set(df["Organisationseinheit"]) == {"Jugendamt"}


def test_abs003_schwellen_nur_controlling(app, anmelde_einstellungen):
    """Controlling sets the thresholds (German error on bad input); a Fachbereich is refused on the server."""
    fach = _anmelden(app, "jugendamt")
    assert _senden(fach, _schwellen_body(app, "1", "1")).status_code == 403
    controlling = _anmelden(app, "controlling")
    assert "Schwelle in Euro" in _seite(controlling, "/abweichungen", Q3)
    falsch = _senden(controlling, _schwellen_body(app, "viel", "5")).get_json()
    assert "Feld „Schwelle in Euro“" in str(falsch)
    gut = _senden(controlling, _schwellen_body(app, "250.000", "10", "1")).get_json()
    assert "±250.000 € oder ±10 %" in str(gut) and "wesentliche Verschlechterung ab 1 €" in str(gut)
    seite = _seite(controlling, "/abweichungen", Q3)
    assert "±250.000 € oder ±10 %" in seite
    assert IDs.VERSCHLECHTERUNG in seite and "§ 25 KomHVO NRW" in seite
