"""User management, audit trail, periods and thresholds proven with real HTTP requests (Flask test client).

Every write callback of the three pages is called by every demo role without its right: 403, and the
database is exactly as before. The right role succeeds and leaves an audit entry.
"""

import io

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import URL_ID, create_app
from dashboard.seiten import benutzer, perioden, protokoll
from kennzahlen import zugang
from kennzahlen.models import (
    Auditeintrag,
    Base,
    Benutzer,
    Datenstand,
    Einstellung,
    Periodenabschluss,
    Rollenzuweisung,
    Sitzung,
)
from kennzahlen.settings import Einstellungen
from tests.dashboard.sitzung import HERKUNFT
from tests.dashboard.sitzung import anmelden as _anmelden
from tests.dashboard.sitzung import antworttext as _antworttext
from tests.dashboard.sitzung import aufruf as _aufruf
from tests.dashboard.sitzung import seite as _seite
from tests.dashboard.sitzung import senden as _senden

ROLLEN = ("leitung", "controlling", "admin", "jugendamt", "sozialamt")
NEUES_KENNWORT = "ein-gutes-Kennwort-42"

# (trigger, State values of a request that would succeed, logins that hold the right)
SCHREIBAUFRUFE = {
    "benutzer_anlegen": (benutzer.IDs.NEU_ANLEGEN, {
        benutzer.IDs.NEU_LOGIN: "neu.nutzer", benutzer.IDs.NEU_NAME: "Nora Neu", benutzer.IDs.NEU_EMAIL: "",
        benutzer.IDs.NEU_KENNWORT: NEUES_KENNWORT, benutzer.IDs.NEU_ROLLE: "fachbereich",
        benutzer.IDs.NEU_HANDLUNGSFELD: "HF5", benutzer.IDs.NEU_EINHEIT: ""}, {"admin"}),
    "rolle_ersetzen": (benutzer.IDs.ROLLE_ERSETZEN, {
        benutzer.IDs.AUSWAHL: "sozialamt", benutzer.IDs.ROLLE: "controlling", benutzer.IDs.HANDLUNGSFELD: "",
        benutzer.IDs.EINHEIT: ""}, {"admin"}),
    "rolle_hinzufuegen": (benutzer.IDs.ROLLE_HINZU, {
        benutzer.IDs.AUSWAHL: "jugendamt", benutzer.IDs.ROLLE: "fachbereich", benutzer.IDs.HANDLUNGSFELD: "HF3",
        benutzer.IDs.EINHEIT: ""}, {"admin"}),
    "deaktivieren": (benutzer.IDs.DEAKTIVIEREN, {benutzer.IDs.AUSWAHL: "leitung"}, {"admin"}),
    "reaktivieren": (benutzer.IDs.REAKTIVIEREN, {benutzer.IDs.AUSWAHL: "leitung"}, {"admin"}),
    "kennwort": (benutzer.IDs.KENNWORT_SETZEN, {
        benutzer.IDs.AUSWAHL: "sozialamt", benutzer.IDs.KENNWORT: NEUES_KENNWORT}, {"admin"}),
    "periode_abschliessen": (perioden.IDs.ABSCHLIESSEN, {perioden.IDs.PERIODE: "2026-quartal-2"}, {"controlling"}),
    "periode_oeffnen": (perioden.IDs.OEFFNEN, {perioden.IDs.PERIODE: "2026-quartal-2",
                                               perioden.IDs.GRUND: "Nachmeldung der Fallzahlen HzE"}, {"controlling"}),
    "schwellenwerte": (perioden.IDs.SCHWELLEN_SPEICHERN, {
        perioden.SCHWELLEN_IDS["ampel_gruen"]: "0,97", perioden.SCHWELLEN_IDS["ampel_gelb"]: "85 %"}, {"controlling"}),
}


@pytest.fixture
def einstellungen(anmelde_einstellungen):
    """The demo city with local login and the demo accounts."""
    return anmelde_einstellungen


@pytest.fixture
def app(einstellungen):
    """The app with login enforced."""
    return create_app(einstellungen)


def _zustand(einstellungen) -> dict:
    """Row counts of every table and the full content of the tables these pages write."""
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        zustand = {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                   for t in Base.metadata.sorted_tables}
        for modell in (Benutzer, Rollenzuweisung, Periodenabschluss, Einstellung, Auditeintrag, Datenstand):
            zustand[f"inhalt_{modell.__tablename__}"] = [tuple(z) for z in conn.execute(
                select(modell.__table__).order_by(*modell.__table__.primary_key.columns))]
        zustand["inhalt_sitzung"] = [tuple(z) for z in conn.execute(
            select(Sitzung.id, Sitzung.benutzer_id, Sitzung.beendet_am).order_by(Sitzung.id))]
    engine.dispose()
    return zustand


def _letzter_audit(einstellungen) -> tuple:
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        zeile = conn.execute(select(Auditeintrag.benutzer, Auditeintrag.aktion, Auditeintrag.objekt)
                             .order_by(Auditeintrag.id.desc()).limit(1)).one()
    engine.dispose()
    return tuple(zeile)


def test_vws001_jeder_schreibcallback_ohne_recht_403_und_datenbank_unveraendert(app, einstellungen):
    """Every write callback of the three pages refuses every role without its right; nothing changes."""
    rechte = app.server.extensions["wirkungscockpit_rechte"]
    eigene = {k for k, cb in app.callback_map.items()
              if any(i["id"].startswith(("benutzer-", "perioden-", "schwellenwerte-")) for i in cb["inputs"])}
    geprueft = {_aufruf(app, ausloeser)["output"] for ausloeser, _, _ in SCHREIBAUFRUFE.values()}
    lesend = {_aufruf(app, benutzer.IDs.NEU_MELDUNG)["output"]}
    assert eigene == geprueft | lesend  # no write callback of these pages escapes this test
    clients = {login: _anmelden(app, login) for login in ROLLEN}
    vorher = _zustand(einstellungen)
    verweigert = 0
    for name, (ausloeser, werte, berechtigt) in SCHREIBAUFRUFE.items():
        body = _aufruf(app, ausloeser, werte)
        recht = rechte[body["output"]]
        for login in set(ROLLEN) - berechtigt:
            antwort = _senden(clients[login], body)
            assert antwort.status_code == 403, (name, login, recht, antwort.status_code)
            assert "response" not in (antwort.get_json() or {})
            verweigert += 1
    assert verweigert == 4 * len(SCHREIBAUFRUFE)
    for login in set(ROLLEN) - {"admin"}:  # the table refresh reveals users: Administration only
        assert _senden(clients[login], _aufruf(app, benutzer.IDs.NEU_MELDUNG)).status_code == 403, login
    assert _zustand(einstellungen) == vorher


def test_vws002_rechte_der_callbacks(app):
    """Each callback is declared with the narrowest right of its task."""
    rechte = app.server.extensions["wirkungscockpit_rechte"]
    erwartet = {"benutzer_anlegen": "benutzer_verwalten", "rolle_ersetzen": "benutzer_verwalten",
                "deaktivieren": "benutzer_verwalten", "kennwort": "benutzer_verwalten",
                "periode_abschliessen": "perioden_abschliessen", "schwellenwerte": "schwellenwerte"}
    for name, recht in erwartet.items():
        assert rechte[_aufruf(app, SCHREIBAUFRUFE[name][0])["output"]] == recht, name
    assert rechte[_aufruf(app, benutzer.IDs.NEU_MELDUNG)["output"]] == "benutzer_verwalten"
    assert rechte[_aufruf(app, protokoll.IDs.FILTERN)["output"]] == "audit_lesen"


@pytest.mark.parametrize("name", list(SCHREIBAUFRUFE))
def test_vws003_berechtigte_rolle_schreibt_mit_protokoll(app, einstellungen, name):
    """The role with the right succeeds; the change, an audit entry and a new data version are stored."""
    ausloeser, werte, berechtigt = SCHREIBAUFRUFE[name]
    login = next(iter(berechtigt))
    client = _anmelden(app, login)
    if name == "reaktivieren":
        assert _senden(client, _aufruf(app, benutzer.IDs.DEAKTIVIEREN, werte)).status_code == 200
    if name == "periode_oeffnen":
        assert _senden(client, _aufruf(app, perioden.IDs.ABSCHLIESSEN, werte)).status_code == 200
    vorher = _zustand(einstellungen)
    antwort = _senden(client, _aufruf(app, ausloeser, werte))
    assert antwort.status_code == 200, antwort.data[:300]
    assert '"color": "success"' in _antworttext(antwort)
    nachher = _zustand(einstellungen)
    assert nachher["auditeintrag"] == vorher["auditeintrag"] + 1
    assert nachher["inhalt_datenstand"][0][1] == vorher["inhalt_datenstand"][0][1] + 1
    benutzer_, aktion, objekt = _letzter_audit(einstellungen)
    assert benutzer_ == login
    assert aktion == {"benutzer_anlegen": "benutzer_angelegt", "rolle_ersetzen": "rollen_geaendert",
                      "rolle_hinzufuegen": "rollen_geaendert", "deaktivieren": "benutzer_deaktiviert",
                      "reaktivieren": "benutzer_reaktiviert", "kennwort": "kennwort_zurueckgesetzt",
                      "periode_abschliessen": "periode_abgeschlossen", "periode_oeffnen": "periode_geoeffnet",
                      "schwellenwerte": "schwellenwerte_geaendert"}[name]
    assert objekt


def test_vws004_wirkung_der_benutzeraenderungen(app, einstellungen):
    """A new user can log in; a deactivated one is logged out at once; a reset password replaces the old."""
    admin = _anmelden(app, "admin")
    ausloeser, werte, _ = SCHREIBAUFRUFE["benutzer_anlegen"]
    antwort = _senden(admin, _aufruf(app, ausloeser, werte))
    assert "„neu.nutzer“ wurde angelegt" in _antworttext(antwort)
    assert _antworttext(antwort).count('"value": ""') == 1  # the password field is emptied
    neu = _anmelden(app, "neu.nutzer", NEUES_KENNWORT)
    assert "Keine Berechtigung" in _seite(neu, "/verwaltung/benutzer")
    leitung = _anmelden(app, "leitung")
    assert _senden(admin, _aufruf(app, benutzer.IDs.DEAKTIVIEREN, {benutzer.IDs.AUSWAHL: "leitung"})).status_code == 200
    assert leitung.get("/_dash-layout").status_code == 401
    _senden(admin, _aufruf(app, *SCHREIBAUFRUFE["kennwort"][:2]))
    abgewiesen = app.server.test_client().post("/login", headers=HERKUNFT, data={
        "login": "sozialamt", "passwort": zugang.DEMO_PASSWORT, "weiter": "/"})
    assert abgewiesen.status_code == 401
    _anmelden(app, "sozialamt", NEUES_KENNWORT)
    tabelle = _antworttext(_senden(admin, _aufruf(app, benutzer.IDs.NEU_MELDUNG)))
    assert "neu.nutzer" in tabelle and "Fachbereich (Handlungsfeld Jugend und Familie)" in tabelle
    assert "deaktiviert" in tabelle


def test_vws005_eingabefehler_deutsch_und_ohne_aenderung(app, einstellungen):
    """Invalid input answers 200 with a German message naming the field; nothing and no audit is stored."""
    admin = _anmelden(app, "admin")
    controlling = _anmelden(app, "controlling")
    vorher = _zustand(einstellungen)
    ausloeser, werte, _ = SCHREIBAUFRUFE["benutzer_anlegen"]
    faelle = [
        (admin, _aufruf(app, ausloeser, {**werte, benutzer.IDs.NEU_KENNWORT: "kurz"}), "Feld „Kennwort“"),
        (admin, _aufruf(app, ausloeser, {**werte, benutzer.IDs.NEU_LOGIN: "admin"}), "bereits vergeben"),
        (admin, _aufruf(app, ausloeser, {**werte, benutzer.IDs.NEU_ROLLE: "leitung"}), "Feld „Handlungsfeld“"),
        (admin, _aufruf(app, benutzer.IDs.DEAKTIVIEREN, {benutzer.IDs.AUSWAHL: "admin"}), "eigene Konto"),
        (admin, _aufruf(app, benutzer.IDs.ROLLE_ERSETZEN, {benutzer.IDs.AUSWAHL: "",
                                                               benutzer.IDs.ROLLE: "leitung"}), "Feld „Benutzer“"),
        (controlling, _aufruf(app, perioden.IDs.OEFFNEN, {perioden.IDs.PERIODE: "2026-quartal-2"}),
         "nicht abgeschlossen"),
        (controlling, _aufruf(app, perioden.IDs.SCHWELLEN_SPEICHERN, {perioden.SCHWELLEN_IDS["ampel_gelb"]: "0,99"}),
         "Ampel: gelb ab"),
    ]
    for client, body, text in faelle:
        antwort = _senden(client, body)
        assert antwort.status_code == 200 and text in _antworttext(antwort), text
    assert _zustand(einstellungen) == vorher


@pytest.mark.parametrize(("pfad", "berechtigt", "titel"), [
    (benutzer.PFAD, {"admin"}, "Neuen Benutzer anlegen"),
    (protokoll.PFAD, {"admin"}, "Änderungsprotokoll"),
    (perioden.PFAD, {"controlling"}, "Berichtsperioden abschließen"),
])
def test_vws006_seiten_nur_mit_recht(app, pfad, berechtigt, titel):
    """Each page is built only for the role with its right; everyone else sees 'Keine Berechtigung'."""
    for login in ROLLEN:
        inhalt = _seite(_anmelden(app, login), pfad)
        if login in berechtigt:
            assert titel in inhalt and "Keine Berechtigung" not in inhalt, login
        else:
            assert "Keine Berechtigung" in inhalt and titel not in inhalt, login


def test_vws007_protokoll_zeigt_und_filtert(app):
    """Administration sees changes with user and time; the filter goes into the URL and narrows the list."""
    admin = _anmelden(app, "admin")
    _senden(_anmelden(app, "controlling"), _aufruf(app, *SCHREIBAUFRUFE["periode_abschliessen"][:2]))
    alles = _seite(admin, protokoll.PFAD)
    assert "Periode abgeschlossen" in alles and "controlling" in alles and "Anmeldung" in alles
    antwort = _senden(admin, _aufruf(app, protokoll.IDs.FILTERN, {protokoll.IDs.BENUTZER: "controlling",
                                                                  protokoll.IDs.AKTION: "periode_abgeschlossen"}))
    suche = antwort.get_json()["response"][URL_ID]["search"]
    assert suche == "?benutzer=controlling&aktion=periode_abgeschlossen"
    gefiltert = _seite(admin, protokoll.PFAD, suche)
    assert "1 Einträge." in gefiltert and "periode: 2. Quartal 2026" in gefiltert
    assert "Feld „von“" in _seite(admin, protokoll.PFAD, "?von=gestern")
    assert _senden(_anmelden(app, "leitung"), _aufruf(app, protokoll.IDs.FILTERN)).status_code == 403


def test_vws008_kommandozeile_legt_ersten_administrator_an(tmp_path, monkeypatch, capsys):
    """On an empty database the CLI creates the first administrator, who can log in and manage users."""
    from kennzahlen.__main__ import main

    url = f"sqlite:///{tmp_path / 'leer.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert main(["benutzer", "anlegen", "ada", "--name", "Ada Admin", "--kennwort-stdin"]) == 1
    assert "mindestens 12 Zeichen" in capsys.readouterr().err
    antworten = iter([NEUES_KENNWORT, "anders-als-das-erste"])
    monkeypatch.setattr("getpass.getpass", lambda _frage="": next(antworten))
    assert main(["benutzer", "anlegen", "ada", "--name", "Ada Admin"]) == 1
    assert "stimmen nicht überein" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(NEUES_KENNWORT + "\n"))
    assert main(["benutzer", "anlegen", "ada", "--name", "Ada Admin", "--rolle", "administration",
                 "--kennwort-stdin"]) == 0
    assert "Administration angelegt" in capsys.readouterr().out
    assert main(["benutzer", "liste"]) == 0
    assert "ada" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(NEUES_KENNWORT + "\n"))
    assert main(["benutzer", "anlegen", "ada", "--name", "Noch einmal", "--kennwort-stdin"]) == 1
    assert "bereits vergeben" in capsys.readouterr().err

    app = create_app(Einstellungen(database_url=url, anmeldung="lokal"))
    admin = _anmelden(app, "ada", NEUES_KENNWORT)
    assert "Neuen Benutzer anlegen" in _seite(admin, benutzer.PFAD)
    assert "Ada Admin" in _seite(admin, benutzer.PFAD)
    assert "kommandozeile" in _seite(admin, protokoll.PFAD)
    app.server.extensions["wirkungscockpit"].fabrik.kw["bind"].dispose()
