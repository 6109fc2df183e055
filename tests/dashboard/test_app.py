"""The app without a browser: factory, Flask test client, layouts and every callback."""

import json

from sqlalchemy import create_engine, text

from dashboard import URL_ID, auswahl, create_app
from kennzahlen import formate as fmt
from kennzahlen.db import aktualisieren, engine_erstellen
from kennzahlen.settings import Einstellungen

HERKUNFT = {"Origin": "http://localhost"}  # the test client's own origin


def _callback(client, output: str, inputs: list[dict], state: list[dict] | None = None):
    """POST one callback as the browser does; ``output`` may carry Dash's '@hash' of duplicate outputs."""
    ziel_id, eigenschaft = output.split("@")[0].split(".")
    body = {
        "output": output,
        "outputs": {"id": ziel_id, "property": output.split(".", 1)[1]},
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": state or [],
    }
    antwort = client.post("/_dash-update-component", json=body, headers=HERKUNFT)
    assert antwort.status_code == 200, antwort.data[:500]
    return antwort.get_json()["response"][ziel_id][eigenschaft]


def _seite(client, pfad: str, suche: str = "") -> str:
    inhalt = _callback(client, "seite.children", [
        {"id": URL_ID, "property": "pathname", "value": pfad},
        {"id": URL_ID, "property": "search", "value": suche},
    ])
    return json.dumps(inhalt, ensure_ascii=False)


def test_app001_startseite_deutsch_und_ohne_cdn(app):
    """The index page is German, loads Bootstrap and the Plotly locale from assets/, nothing from a CDN."""
    seite = app.server.test_client().get("/").get_data(as_text=True)
    assert '<html lang="de">' in seite
    assert "/assets/bootstrap.min.css" in seite and "/assets/plotly-locale-de.js" in seite
    for fremd in ("cdn.", "jsdelivr", "unpkg", "googleapis"):
        assert fremd not in seite


def test_app002_health(app):
    """/health answers 200 OK while the database is reachable."""
    antwort = app.server.test_client().get("/health")
    assert antwort.status_code == 200 and antwort.get_data(as_text=True) == "OK"


def test_app003_health_503_ohne_datenbank(postgres_url):
    """/health answers 503 once the database is gone; an empty database still renders the cockpit."""
    engine = engine_erstellen(postgres_url)
    aktualisieren(engine)
    engine.dispose()
    app = create_app(Einstellungen(database_url=postgres_url, anmeldung="aus"))
    client = app.server.test_client()
    assert "Cockpit" in _seite(client, "/")
    app.server.extensions["wirkungscockpit"].fabrik.kw["bind"].dispose()
    admin = create_engine(postgres_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{postgres_url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()
    assert client.get("/health").status_code == 503


def test_app004_jeder_callback_verdrahtet(app):
    """Every callback's inputs, outputs and states exist in the validation layout."""
    def ids(komponente, gefunden):
        if hasattr(komponente, "id") and getattr(komponente, "id", None):
            id_ = komponente.id
            gefunden.add(id_ if isinstance(id_, str) else (tuple(sorted(id_)), id_.get("type")))
        kinder = getattr(komponente, "children", None)
        for kind in kinder if isinstance(kinder, list | tuple) else [kinder] if kinder is not None else []:
            ids(kind, gefunden)
        return gefunden

    def vorhanden_als(id_: str) -> str | tuple:
        """A plain id as it is; a pattern id (JSON) as the sorted keys and its "type" value."""
        if not id_.startswith("{"):
            return id_
        muster = json.loads(id_)
        return tuple(sorted(muster)), muster.get("type")

    vorhanden = ids(app.validation_layout, set())
    assert len(app.callback_map) >= 2
    for schluessel, cb in app.callback_map.items():
        for abh in cb["inputs"] + cb["state"]:
            assert vorhanden_als(abh["id"]) in vorhanden, (schluessel, abh)
        for ausgabe in schluessel.strip(".").split("..."):
            assert vorhanden_als(ausgabe.rsplit(".", 1)[0]) in vorhanden, schluessel
    assert app.server.test_client().get("/_dash-layout").status_code == 200
    assert app.server.test_client().get("/_dash-dependencies").status_code == 200


def test_app005_cockpit_zeigt_gewaehlte_periode(app):
    """The router renders the cockpit of the period in the URL."""
    client = app.server.test_client()
    inhalt = _seite(client, "/", "?jahr=2025&quartal=2")
    assert "2. Quartal 2025" in inhalt and "Cockpit Musterstadt" in inhalt
    standard = _seite(client, "/")
    assert "3. Quartal 2026" in standard


def test_app006_auswahl_schreibt_url(app):
    """Changing year or quarter writes the selection into the URL query."""
    client = app.server.test_client()
    ausgabe = next(k for k in app.callback_map if k.startswith(f"{URL_ID}.search"))
    suche = _callback(client, ausgabe, [
        {"id": auswahl.IDs.JAHR, "property": "value", "value": "2024"},
        {"id": auswahl.IDs.PERIODE, "property": "value", "value": "4"},
    ], [{"id": URL_ID, "property": "search", "value": ""}])
    assert suche == "?jahr=2024&quartal=4"


def test_app007_falsche_parameter_und_pfade(app):
    """Malformed parameters give a German hint; an unknown path gives the not-found page."""
    client = app.server.test_client()
    inhalt = _seite(client, "/", "?jahr=zwanzig&quartal=9")
    assert "„zwanzig“ ist kein gültiges Jahr" in inhalt and "„9“ ist kein gültiges Quartal" in inhalt
    assert "Seite nicht gefunden" in _seite(client, "/gibt-es-nicht")


def test_app008_summen_stimmen_mit_datenbank(app, demo_einstellungen):
    """The cockpit's Ansatz total equals the database's own sum of Ansatz 2026 (sign: Zuschussbedarf)."""
    engine = create_engine(demo_einstellungen.datenbank_url)
    with engine.connect() as conn:
        summe = conn.execute(text(
            "SELECT -SUM(betrag) FROM haushaltsbetrag WHERE jahr = 2026 AND betragsart = 'ansatz' "
            "AND version = 'beschluss' AND periodenart = 'jahr'")).scalar()
    engine.dispose()
    assert summe and float(summe) > 100_000_000
    assert fmt.euro_kompakt(summe) in _seite(app.server.test_client(), "/", "?jahr=2026&quartal=3")


def test_app009_suche(app):
    """The header search opens /suche?q=…; the results link to the views."""
    client = app.server.test_client()
    pfad_aus = next(k for k in app.callback_map if "suche" in str(app.callback_map[k]["inputs"]))
    antwort = client.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": pfad_aus,
        "outputs": [{"id": URL_ID, "property": p.split(".", 1)[1]} for p in pfad_aus.strip(".").split("...")],
        "inputs": [{"id": "suche-knopf", "property": "n_clicks", "value": 1},
                   {"id": "suche-eingabe", "property": "n_submit", "value": 0}],
        "changedPropIds": ["suche-knopf.n_clicks"],
        "state": [{"id": "suche-eingabe", "property": "value", "value": " Kinderarmut "}],
    })
    assert antwort.status_code == 200
    ergebnis = antwort.get_json()["response"][URL_ID]
    assert ergebnis["pathname"] == "/suche" and ergebnis["search"] == "?q=Kinderarmut"
    inhalt = _seite(client, "/suche", "?q=Kinderarmut")
    assert "/kennzahl/K511" in inhalt and "Treffer" in inhalt
    assert "Keine Kennzahl" in _seite(client, "/suche", "?q=gibtesnicht")
