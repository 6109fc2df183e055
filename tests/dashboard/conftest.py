"""Fixtures of the app tier: the app on a private demo copy and a plain engine to check its numbers."""

import pytest
from sqlalchemy import create_engine

from dashboard import create_app


@pytest.fixture
def app(demo_einstellungen):
    """The app on a private copy of the demo city (no login: the settings say anmeldung='aus')."""
    return create_app(demo_einstellungen)


@pytest.fixture
def db(demo_einstellungen):
    """A plain engine on the same demo copy, to check the numbers the views show."""
    engine = create_engine(demo_einstellungen.datenbank_url)
    yield engine
    engine.dispose()


class Hochladen:
    """Drives the upload page through its callbacks as the browser does: upload → poll → confirm → poll."""

    def __init__(self, app, client) -> None:
        self.HERKUNFT = {"Origin": "http://localhost"}
        self.client = client
        rechte = app.server.extensions["wirkungscockpit_rechte"]
        eigene = [k for k, r in rechte.items() if r == "importieren"]
        self.vorschau = next(k for k in eigene if "import-auftrag.data" in k and "import-auftrag.data@" not in k)
        self.bestaetigen_ausgabe = next(k for k in eigene if "import-auftrag.data@" in k)
        self.abfrage = next(k for k in eigene if "import-auftrag" not in k)

    def _senden(self, ausgabe: str, eingaben: list, zustand: list):
        teile = ausgabe.strip(".").split("...")
        return self.client.post("/_dash-update-component", headers=self.HERKUNFT, json={
            "output": ausgabe, "outputs": [{"id": t.split(".")[0], "property": t.split(".", 1)[1]} for t in teile],
            "inputs": eingaben, "changedPropIds": [f"{eingaben[0]['id']}.{eingaben[0]['property']}"],
            "state": zustand})

    def _warten(self, antwort, speicher, frist: float = 180.0):
        """Poll until the job is done; returns (status code, response text of the last answer, store)."""
        import time

        ende = time.monotonic() + frist
        while antwort.status_code == 200:
            daten = antwort.get_json()["response"]
            if daten.get("import-auftrag", {}).get("data"):
                speicher = daten["import-auftrag"]["data"]
            if daten.get("import-abfrage", {}).get("disabled", True) or time.monotonic() > ende:
                break
            time.sleep(0.3)
            antwort = self._senden(self.abfrage, [{"id": "import-abfrage", "property": "n_intervals", "value": 1}],
                                   [{"id": "import-auftrag", "property": "data", "value": speicher}])
        import json

        text = json.dumps(antwort.get_json(silent=True), ensure_ascii=False) if antwort.is_json else antwort.text
        return antwort.status_code, text, speicher

    def datei(self, name: str, inhalt: bytes, art: str = "auto"):
        """Upload a file: (status, text of the finished preview, store)."""
        import base64

        daten = "data:text/csv;base64," + base64.b64encode(inhalt).decode()
        antwort = self._senden(self.vorschau, [
            {"id": "import-datei", "property": "contents", "value": daten},
            {"id": "import-art", "property": "value", "value": art},
            {"id": "import-teur", "property": "value", "value": False},
            {"id": "import-vorzeichen", "property": "value", "value": "auto"}],
            [{"id": "import-datei", "property": "filename", "value": name}])
        return self._warten(antwort, None)

    def bestaetigen(self, speicher, neue_stammdaten: bool = True):
        """Confirm the preview (with the tick „Neue Stammdaten anlegen“ unless told): (status, text, store)."""
        antwort = self._senden(self.bestaetigen_ausgabe,
                               [{"id": "import-bestaetigen", "property": "n_clicks", "value": 1}],
                               [{"id": "import-auftrag", "property": "data", "value": speicher},
                                {"id": "import-stammdaten", "property": "value", "value": neue_stammdaten}])
        return self._warten(antwort, speicher)


@pytest.fixture
def hochladen():
    """``hochladen(app, client)`` → a Hochladen driver for the upload page."""
    return Hochladen

