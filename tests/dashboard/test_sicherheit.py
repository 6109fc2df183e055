"""Login, roles and hardening proven with real HTTP requests against the app (Flask test client)."""

import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import create_engine, func, select, text, update

from dashboard import create_app
from dashboard.sicherheit import COOKIE
from kennzahlen import zugang
from kennzahlen.models import Auditeintrag, Kommentar, Sitzung
from kennzahlen.settings import Einstellungen, EinstellungsFehler

HERKUNFT = {"Origin": "http://localhost"}


@pytest.fixture
def einstellungen(anmelde_einstellungen):
    """The demo city with local login and the demo accounts."""
    return anmelde_einstellungen


@pytest.fixture
def app(einstellungen):
    """The app with login enforced."""
    return create_app(einstellungen)


def _anmelden(client, login: str, passwort: str = zugang.DEMO_PASSWORT):
    return client.post("/login", data={"login": login, "passwort": passwort, "weiter": "/"}, headers=HERKUNFT)


def _token(antwort) -> str | None:
    for kopf in antwort.headers.getlist("Set-Cookie"):
        if kopf.startswith(f"{COOKIE}="):
            return kopf.split(";", 1)[0].split("=", 1)[1] or None
    return None


def _kommentar_body(app, art="kennzahl", code="K501", text_="Fallzahlen steigen wegen Zuzug.", schluessel=None):
    ausgabe = next(k for k in app.server.extensions["wirkungscockpit_rechte"] if "kommentar-meldung" in k)
    ausgaben = [teil.rsplit(".", 1) for teil in ausgabe.strip(".").split("...")]
    return {
        "output": ausgabe, "outputs": [{"id": i, "property": p} for i, p in ausgaben],
        "inputs": [{"id": "kommentar-speichern", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["kommentar-speichern.n_clicks"],
        "state": [
            {"id": "kommentar-objekt", "property": "data",
             "value": {"art": art, "code": code, "jahr": 2026, "periodenart": "quartal", "periode": 3}},
            {"id": "kommentar-art", "property": "value", "value": "abweichungsbegruendung"},
            {"id": "kommentar-text", "property": "value", "value": text_},
            {"id": "kommentar-verantwortlich", "property": "value", "value": None},
            {"id": "kommentar-frist", "property": "value", "value": None},
            {"id": "kommentar-status", "property": "value", "value": "offen"},
            {"id": "kommentar-schluessel", "property": "data", "value": schluessel},
        ],
    }


def _anzahl(einstellungen, modell) -> int:
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(modell)).scalar()
    engine.dispose()
    return n


def test_sec001_ohne_sitzung_401_oder_anmeldung(app):
    """Without a session pages redirect to the login and every other route, Dash's included, answers 401."""
    c = app.server.test_client()
    seite = c.get("/?jahr=2026", headers={"Accept": "text/html"})
    assert seite.status_code == 302 and seite.headers["Location"].startswith("/login?weiter=")
    for pfad in ("/_dash-layout", "/_dash-dependencies", "/_dash-component-suites/dash/deps/react@18.3.1.min.js",
                 "/_reload-hash", "/kennzahl/K501"):
        assert c.get(pfad).status_code == 401, pfad
    assert c.post("/_dash-update-component", json={}, headers=HERKUNFT).status_code == 401
    assert c.get("/health").status_code == 200
    assert c.get("/assets/bootstrap.min.css").status_code == 200
    assert c.get("/login").status_code == 200


def test_sec002_anmeldung_cookie_und_neue_sitzungskennung(app):
    """Login sets an HttpOnly, SameSite cookie; every login gets a new session id; the old one dies."""
    c = app.server.test_client()
    falsch = _anmelden(c, "leitung", "falsch")
    assert falsch.status_code == 401 and "Benutzername oder Kennwort ist falsch" in falsch.get_data(as_text=True)
    erste = _anmelden(c, "leitung")
    assert erste.status_code == 303
    kopf = next(k for k in erste.headers.getlist("Set-Cookie") if k.startswith(COOKIE))
    assert "HttpOnly" in kopf and "SameSite=Lax" in kopf
    token1 = _token(erste)
    assert c.get("/_dash-layout").status_code == 200
    token2 = _token(_anmelden(c, "leitung"))
    assert token1 and token2 and token1 != token2
    fremd = app.server.test_client()
    fremd.set_cookie(COOKIE, token1)
    assert fremd.get("/_dash-layout").status_code == 401


def test_sec003_abmelden_beendet_sitzung(app):
    """Logout ends the session on the server: the old cookie no longer works."""
    c = app.server.test_client()
    token = _token(_anmelden(c, "controlling"))
    assert c.post("/logout", headers=HERKUNFT).status_code == 303
    nochmal = app.server.test_client()
    nochmal.set_cookie(COOKIE, token)
    assert nochmal.get("/_dash-layout").status_code == 401


def test_sec004_anmeldeversuche_begrenzt(app):
    """After five wrong passwords the account is locked for 15 minutes, even for the right one."""
    c = app.server.test_client()
    for _ in range(zugang.MAX_FEHLVERSUCHE_JE_LOGIN):
        assert _anmelden(c, "admin", "falsch").status_code == 401
    gesperrt = _anmelden(c, "admin")
    assert gesperrt.status_code == 429 and "Zu viele" in gesperrt.get_data(as_text=True)


def test_sec005_leerlauf_beendet_sitzung(app, einstellungen):
    """A session idle longer than the limit is no longer accepted."""
    c = app.server.test_client()
    _anmelden(c, "leitung")
    engine = create_engine(einstellungen.datenbank_url)
    with engine.begin() as conn:
        conn.execute(update(Sitzung).values(zuletzt_aktiv=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)))
    engine.dispose()
    assert c.get("/_dash-layout").status_code == 401


def test_sec006_jeder_callback_hat_ein_recht(app):
    """Every callback of the app declares the right it needs; an undeclared one is refused with 403."""
    rechte = app.server.extensions["wirkungscockpit_rechte"]
    fehlend = [k for k in app.callback_map if k not in rechte]
    assert fehlend == []
    assert set(rechte.values()) <= set(zugang.RECHTE)
    c = app.server.test_client()
    _anmelden(c, "controlling")
    antwort = c.post("/_dash-update-component", headers=HERKUNFT, json={"output": "gibt-es-nicht.children"})
    assert antwort.status_code == 403


def test_sec007_schreiben_ohne_recht_403_und_datenbank_unveraendert(app, einstellungen):
    """Leitung may not write comments (403); Jugendamt may not write on another field's Kennzahl (the form says
    why); the database is unchanged."""
    vorher = _anzahl(einstellungen, Kommentar)
    c = app.server.test_client()
    _anmelden(c, "leitung")
    assert c.post("/_dash-update-component", json=_kommentar_body(app), headers=HERKUNFT).status_code == 403
    c2 = app.server.test_client()
    _anmelden(c2, "jugendamt")
    fremd = c2.post("/_dash-update-component", json=_kommentar_body(app, code="K101"), headers=HERKUNFT)
    assert fremd.status_code == 200 and "Keine Berechtigung: Kennzahl K101" in fremd.get_data(as_text=True)
    assert _anzahl(einstellungen, Kommentar) == vorher
    eigen = c2.post("/_dash-update-component", json=_kommentar_body(app, code="K501"), headers=HERKUNFT)
    assert eigen.status_code == 200 and "gespeichert am" in eigen.get_data(as_text=True)
    assert _anzahl(einstellungen, Kommentar) == vorher + 1
    engine = create_engine(einstellungen.datenbank_url)
    with engine.connect() as conn:
        letzte = conn.execute(select(Auditeintrag.benutzer, Auditeintrag.aktion)
                              .order_by(Auditeintrag.id.desc()).limit(1)).one()
    engine.dispose()
    assert tuple(letzte) == ("jugendamt", "kommentar_angelegt")


def test_sec008_fremde_herkunft_und_text_plain_abgelehnt(app):
    """Callback POSTs from another origin, without origin, or not as JSON are refused."""
    c = app.server.test_client()
    _anmelden(c, "controlling")
    body = _kommentar_body(app)
    assert c.post("/_dash-update-component", json=body, headers={"Origin": "https://boese.example"}).status_code == 403
    assert c.post("/_dash-update-component", json=body).status_code == 403
    antwort = c.post("/_dash-update-component", data="{}", headers={**HERKUNFT, "Content-Type": "text/plain"})
    assert antwort.status_code == 415


def test_sec009_sicherheitskopfzeilen(app):
    """Every response carries the security headers; the CSP has no 'unsafe-inline' for scripts."""
    c = app.server.test_client()
    for antwort in (c.get("/login"), c.get("/health"), c.get("/_dash-layout")):
        h = antwort.headers
        assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY"
        skript = re.search(r"script-src ([^;]*)", h["Content-Security-Policy"]).group(1)
        assert "'unsafe-inline'" not in skript and "'unsafe-eval'" not in skript
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]


def test_sec010_fehler_ohne_traceback(app):
    """A callback request of the wrong shape answers 400 with a German message and no traceback."""
    c = app.server.test_client()
    _anmelden(c, "controlling")
    antwort = c.post("/_dash-update-component", headers=HERKUNFT,
                     json={"output": "seite.children", "outputs": {"id": "seite", "property": "children"},
                           "inputs": [{"id": "url", "property": "pathname", "value": 42}], "state": []})
    text_ = antwort.get_data(as_text=True)
    assert antwort.status_code == 400 and "Traceback" not in text_ and "File \"" not in text_


def test_sec011_produktion_verweigert_unsichere_starts(einstellungen):
    """Production refuses to run without login and with demo passwords."""
    with pytest.raises(EinstellungsFehler, match="WK_ANMELDUNG"):
        Einstellungen.aus_umgebung({"WK_UMGEBUNG": "produktion", "WK_ANMELDUNG": "aus"})
    with pytest.raises(EinstellungsFehler, match="Demo-Kennwörtern"):
        create_app(dataclasses.replace(einstellungen, umgebung="produktion"))


def test_sec012_sso_nur_vom_proxy(einstellungen):
    """The SSO header is believed only from a configured proxy address."""
    app = create_app(dataclasses.replace(einstellungen, anmeldung="proxy", proxy_adressen=("10.0.0.5",)))
    vom_proxy = app.server.test_client()
    antwort = vom_proxy.get("/_dash-layout", headers={"X-Remote-User": "leitung"},
                            environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert antwort.status_code == 200 and _token(antwort)
    direkt = app.server.test_client()
    assert direkt.get("/_dash-layout", headers={"X-Remote-User": "leitung"},
                      environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 401
    unbekannt = app.server.test_client()
    assert unbekannt.get("/_dash-layout", headers={"X-Remote-User": "niemand"},
                         environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code == 401


def test_sec013_importierter_text_bleibt_text(app, einstellungen):
    """A name with HTML is delivered as a text child, never as markup."""
    engine = create_engine(einstellungen.datenbank_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE kennzahl SET name = '<img src=x onerror=alert(1)>' WHERE code = 'K101'"))
    engine.dispose()
    c = app.server.test_client()
    _anmelden(c, "controlling")
    antwort = c.post("/_dash-update-component", headers=HERKUNFT, json={
        "output": "seite.children", "outputs": {"id": "seite", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": "/suche"},
                   {"id": "url", "property": "search", "value": "?q=K101"}],
        "changedPropIds": ["url.pathname"], "state": []})
    roh = antwort.get_data(as_text=True)
    assert "<img src=x onerror=alert(1)>" in antwort.get_json()["response"]["seite"]["children"].__repr__() or \
        "\\u003cimg" in roh or "<img src=x" in roh
    assert "dangerously_allow_html" not in roh


# --- findings of the outside test (issue 9): each reproduction, now refused --------------------------


@pytest.mark.parametrize("weiter", ["/\t/evil.example", "/\n/evil.example", "/\r//evil.example", "//evil.example",
                                    "/\\evil.example", "https://evil.example/", "/ /evil.example",
                                    "/\x00/evil.example", "\t//evil.example", "/\u3000/evil.example"])
def test_h01_kein_offenes_weiterleiten(app, weiter):
    """After login only a local path is a target: control characters or whitespace never lead off-site."""
    c = app.server.test_client()
    seite = c.get("/login", query_string={"weiter": weiter})
    assert 'name="weiter" value="/"' in seite.get_data(as_text=True)
    antwort = c.post("/login", data={"login": "leitung", "passwort": zugang.DEMO_PASSWORT, "weiter": weiter},
                     headers=HERKUNFT)
    assert antwort.status_code == 303 and antwort.headers["Location"] == "/"


def test_h01_lokale_ziele_bleiben(app):
    """A normal deep link survives the login."""
    c = app.server.test_client()
    antwort = c.post("/login", data={"login": "leitung", "passwort": zugang.DEMO_PASSWORT,
                                     "weiter": "/kennzahl/K511?jahr=2026&quartal=3"}, headers=HERKUNFT)
    assert antwort.headers["Location"] == "/kennzahl/K511?jahr=2026&quartal=3"


def _fehlversuche_von(c, anzahl: int, **kwargs) -> None:
    for i in range(anzahl):
        antwort = c.post("/login", data={"login": f"zufall{i}", "passwort": "falsch", "weiter": "/"},
                         headers=HERKUNFT, **kwargs)
        assert antwort.status_code in (401, 429)


def test_h02_eine_adresse_sperrt_nicht_alle_hinter_dem_proxy(einstellungen):
    """Behind a trusted proxy the lockout counts the real client address (X-Forwarded-For), not the proxy's."""
    app = create_app(dataclasses.replace(einstellungen, proxy_adressen=("10.0.0.5",)))
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    angreifer = app.server.test_client()
    _fehlversuche_von(angreifer, zugang.MAX_FEHLVERSUCHE_JE_ADRESSE,
                      environ_base={**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.66"})
    gesperrt = angreifer.post("/login", data={"login": "leitung", "passwort": zugang.DEMO_PASSWORT, "weiter": "/"},
                              headers={**HERKUNFT, "X-Forwarded-For": "192.0.2.66"}, environ_base=proxy)
    assert gesperrt.status_code == 429
    kollegin = app.server.test_client()
    antwort = kollegin.post("/login", data={"login": "leitung", "passwort": zugang.DEMO_PASSWORT, "weiter": "/"},
                            headers={**HERKUNFT, "X-Forwarded-For": "192.0.2.7"}, environ_base=proxy)
    assert antwort.status_code == 303


def test_h02_gefaelschtes_x_forwarded_for_zaehlt_nicht(einstellungen):
    """A client that is no trusted proxy cannot escape the address limit with its own X-Forwarded-For."""
    app = create_app(dataclasses.replace(einstellungen, proxy_adressen=("10.0.0.5",)))
    c = app.server.test_client()
    for i in range(zugang.MAX_FEHLVERSUCHE_JE_ADRESSE):
        c.post("/login", data={"login": f"z{i}", "passwort": "x", "weiter": "/"},
               headers={**HERKUNFT, "X-Forwarded-For": f"198.51.100.{i}"}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    antwort = c.post("/login", data={"login": "leitung", "passwort": zugang.DEMO_PASSWORT, "weiter": "/"},
                     headers={**HERKUNFT, "X-Forwarded-For": "198.51.100.200"},
                     environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert antwort.status_code == 429


def test_h02_bekanntes_geraet_trotz_sperre_der_adresse(app):
    """A browser that signed in before keeps access when others from the same address failed 20 times."""
    nutzerin = app.server.test_client()
    assert _anmelden(nutzerin, "controlling").status_code == 303
    _fehlversuche_von(app.server.test_client(), zugang.MAX_FEHLVERSUCHE_JE_ADRESSE)
    assert _anmelden(app.server.test_client(), "controlling").status_code == 429  # unknown browser: address limit
    assert _anmelden(nutzerin, "controlling").status_code == 303
    assert _anmelden(nutzerin, "leitung").status_code == 429  # the device cookie is bound to its account


def test_h02_client_adresse():
    """The real client address: rightmost X-Forwarded-For entry that is not a trusted proxy."""
    from dashboard.sicherheit import client_adresse

    proxys = ("10.0.0.5", "10.0.0.6")
    assert client_adresse("10.0.0.5", "198.51.100.1, 192.0.2.7", proxys) == "192.0.2.7"
    assert client_adresse("10.0.0.5", "192.0.2.7, 10.0.0.6", proxys) == "192.0.2.7"
    assert client_adresse("203.0.113.9", "192.0.2.7", proxys) == "203.0.113.9"
    assert client_adresse("10.0.0.5", "kein-ip", proxys) == "10.0.0.5"
    assert client_adresse("10.0.0.5", None, proxys) == "10.0.0.5"


def test_h03_kennwortanmeldung_im_sso_betrieb_geschlossen(einstellungen):
    """With WK_ANMELDUNG=proxy a local password gives no session; the login page shows no form."""
    app = create_app(dataclasses.replace(einstellungen, anmeldung="proxy", proxy_adressen=("10.0.0.5",)))
    c = app.server.test_client()
    antwort = _anmelden(c, "leitung")
    assert antwort.status_code == 403 and _token(antwort) is None
    assert "Single Sign-on" in antwort.get_data(as_text=True)
    assert c.get("/_dash-layout").status_code == 401
    seite = c.get("/login").get_data(as_text=True)
    assert "<form" not in seite and "Single Sign-on" in seite


def test_h05_langer_dateiname_im_protokoll_ohne_verlust():
    """An audit entry with an object text longer than its column keeps the full text in the details."""
    from sqlalchemy.orm import Session

    from kennzahlen.db import aktualisieren, engine_erstellen

    engine = engine_erstellen("sqlite://")
    aktualisieren(engine)
    name = "x" * 250 + ".csv"
    with Session(engine) as s, s.begin():
        zugang.protokollieren(s, "controlling", "import", name, {"import_id": 1})
    with Session(engine) as s:
        eintrag = s.scalars(select(Auditeintrag)).one()
    assert len(eintrag.objekt) <= 200 and name in eintrag.details
    engine.dispose()


def test_h06_fehlerseiten_deutsch(app):
    """Status pages are German, also for a request over the size limit."""
    c = app.server.test_client()
    _anmelden(c, "controlling")
    gross = c.post("/_dash-update-component", headers={**HERKUNFT, "Content-Type": "application/json"},
                   data=b"{" + b" " * (app.server.config["MAX_CONTENT_LENGTH"] + 10) + b"}")
    assert gross.status_code == 413
    assert "zu groß" in gross.get_json()["fehler"] and "Entity" not in gross.get_data(as_text=True)
    methode = c.delete("/login")
    assert methode.status_code == 405 and "nicht erlaubt" in methode.get_data(as_text=True)


@pytest.mark.parametrize("body", [[1, 2], "text", 17, {"output": 5}, {"output": "seite.children", "inputs": 3}])
def test_h08_callback_ohne_objekt_400(app, body):
    """A callback body that is no JSON object of the expected shape gives 400 in German, not 500."""
    c = app.server.test_client()
    _anmelden(c, "controlling")
    antwort = c.post("/_dash-update-component", headers=HERKUNFT, json=body)
    assert antwort.status_code == 400 and "Ungültige" in antwort.get_json()["fehler"]


def test_h08_falsch_typisierte_werte_400(app):
    """A comment whose period is a list instead of an object is refused with 400 (a page path of the
    wrong type: test_sec010)."""
    c = app.server.test_client()
    _anmelden(c, "controlling")
    body = _kommentar_body(app)
    body["state"][0]["value"] = ["keine", "Zuordnung"]
    assert c.post("/_dash-update-component", headers=HERKUNFT, json=body).status_code == 400


def test_h10_kommentar_mit_jahr_minus_5_abgelehnt(app, einstellungen):
    """The comment form refuses a year outside 1990–2100 (the period comes from the browser)."""
    vorher = _anzahl(einstellungen, Kommentar)
    c = app.server.test_client()
    _anmelden(c, "controlling")
    body = _kommentar_body(app)
    body["state"][0]["value"]["jahr"] = -5
    antwort = c.post("/_dash-update-component", headers=HERKUNFT, json=body)
    assert "Jahr -5" in antwort.get_data(as_text=True)
    assert _anzahl(einstellungen, Kommentar) == vorher


def test_h09_gleiche_pruefkosten_fuer_unbekannte_konten(einstellungen, monkeypatch):
    """Unknown, inactive and known accounts with a wrong password cost exactly one scrypt check each."""
    import hashlib

    from kennzahlen.db import engine_erstellen, sessionfabrik

    engine = engine_erstellen(einstellungen.datenbank_url)
    fabrik = sessionfabrik(engine)
    with fabrik() as s, s.begin():
        s.execute(update(zugang.Benutzer).where(zugang.Benutzer.login == "sozialamt").values(aktiv=False))
        s.execute(update(zugang.Benutzer).where(zugang.Benutzer.login == "jugendamt").values(passwort_hash=None))
    zugang.anmelden.__globals__["_attrappen_hash"]()  # made once per process, not per attempt
    echt = hashlib.scrypt
    aufrufe = []

    def zaehlen(*args, **kwargs):
        aufrufe.append(1)
        return echt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", zaehlen)
    for login in ("leitung", "niemand-bekannt", "sozialamt", "jugendamt"):
        aufrufe.clear()
        with pytest.raises(zugang.AnmeldeFehler, match="falsch"):
            zugang.anmelden(fabrik, login, "falsches-kennwort", f"192.0.2.{len(login)}")
        assert len(aufrufe) == 1, login
    engine.dispose()


def test_h10_administration_gibt_sich_keine_rollen(app):
    """An administrator cannot grant itself Controlling (four eyes), checked on the server."""
    from kennzahlen import verwaltung

    kontext = app.server.extensions["wirkungscockpit"]
    with kontext.fabrik() as s, s.begin(), pytest.raises(ValueError, match="eigenen Rollen"):
        verwaltung.rolle_hinzufuegen(s, "admin", zugang.Rolle("controlling"), durch="admin")
    with kontext.fabrik() as s, s.begin(), pytest.raises(ValueError, match="eigenen Rollen"):
        verwaltung.rollen_setzen(s, "admin", [zugang.Rolle("controlling")], durch="admin")
    assert zugang.benutzer_laden(kontext.fabrik, "admin").rollen == (zugang.Rolle("administration"),)


def test_h10_entwurf_nur_mit_recht(einstellungen):
    """With WK_ENTWURF_EINGESCHRAENKT the export holds Entwurf amounts only for holders of entwurf_lesen."""
    import io
    import zipfile

    nutzer_ohne = zugang.Benutzerkontext(1, "x", "X", (zugang.Rolle("fachbereich"),))
    nutzer_mit = zugang.Benutzerkontext(2, "y", "Y", (zugang.Rolle("controlling"),))
    assert not zugang.darf_entwurf_lesen(nutzer_ohne, True) and zugang.darf_entwurf_lesen(nutzer_ohne, False)
    assert zugang.darf_entwurf_lesen(nutzer_mit, True) and not zugang.darf_entwurf_lesen(None, False)
    from kennzahlen.db import engine_erstellen, sessionfabrik
    from kennzahlen.importe.export import export_zip

    engine = engine_erstellen(einstellungen.datenbank_url)

    def haushalt(mit: bool) -> str:
        with zipfile.ZipFile(io.BytesIO(export_zip(sessionfabrik(engine), mit))) as z:
            name = next(n for n in z.namelist() if "haushalt" in n)
            return z.read(name).decode("utf-8-sig")

    assert ";entwurf;" in haushalt(True) and ";entwurf;" not in haushalt(False)
    engine.dispose()


def test_h10_produktion_nicht_auf_sqlite_ohne_zustimmung():
    """Production refuses SQLite unless WK_SQLITE_IN_PRODUKTION=ja; it never loads the demo city."""
    with pytest.raises(EinstellungsFehler, match="WK_SQLITE_IN_PRODUKTION"):
        Einstellungen.aus_umgebung({"WK_UMGEBUNG": "produktion"})
    e = Einstellungen.aus_umgebung({"WK_UMGEBUNG": "produktion", "WK_SQLITE_IN_PRODUKTION": "ja"})
    assert e.sqlite_in_produktion


def test_h10_gunicorn_endet_bei_falscher_einstellung(tmp_path):
    """A settings error stops gunicorn (exit code 3 of the worker) instead of restarting workers endlessly."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    umgebung = {**os.environ, "WK_BERICHTSPERIODE": "wochen", "WK_DATENVERZEICHNIS": str(tmp_path)}
    ergebnis = subprocess.run([str(gunicorn), "app:server", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--no-control-socket"], env=umgebung, capture_output=True, text=True, timeout=60,
                              cwd=Path(__file__).resolve().parents[2])
    assert ergebnis.returncode != 0
    assert "WK_BERICHTSPERIODE" in ergebnis.stderr and "Wirkungscockpit startet nicht" in ergebnis.stderr


def test_h10_hinter_tls_proxy_gilt_die_oeffentliche_herkunft(einstellungen):
    """Behind a trusted TLS proxy a POST from https://cockpit.example is our own origin; from others it is not."""
    app = create_app(dataclasses.replace(einstellungen, proxy_adressen=("10.0.0.5",)))
    kopf = {"Origin": "https://cockpit.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "cockpit.example"}
    daten = {"login": "leitung", "passwort": zugang.DEMO_PASSWORT, "weiter": "/"}
    vom_proxy = app.server.test_client().post("/login", data=daten, headers=kopf,
                                              environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert vom_proxy.status_code == 303
    direkt = app.server.test_client().post("/login", data=daten, headers=kopf,
                                           environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert direkt.status_code == 403


def test_h10_produktion_legt_keine_demo_an(tmp_path):
    """In production the embedded database starts empty: no demo city, no demo accounts."""
    e = Einstellungen(datenverzeichnis=tmp_path, umgebung="produktion", sqlite_in_produktion=True)
    create_app(e)
    engine = create_engine(e.datenbank_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(zugang.Benutzer)).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM kennzahl")).scalar() == 0
    engine.dispose()
