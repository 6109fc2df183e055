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


def _kommentar_body(app, art="kennzahl", code="K501", text_="Fallzahlen steigen wegen Zuzug."):
    ausgabe = next(k for k, r in app.server.extensions["wirkungscockpit_rechte"].items() if r == "kommentieren")
    return {
        "output": ausgabe, "outputs": {"id": ausgabe.split(".")[0], "property": "children"},
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
    """Leitung may not write comments; Jugendamt may not write on another field's Kennzahl; DB unchanged."""
    vorher = _anzahl(einstellungen, Kommentar)
    c = app.server.test_client()
    _anmelden(c, "leitung")
    assert c.post("/_dash-update-component", json=_kommentar_body(app), headers=HERKUNFT).status_code == 403
    c2 = app.server.test_client()
    _anmelden(c2, "jugendamt")
    fremd = c2.post("/_dash-update-component", json=_kommentar_body(app, code="K101"), headers=HERKUNFT)
    assert fremd.status_code == 403
    assert _anzahl(einstellungen, Kommentar) == vorher
    eigen = c2.post("/_dash-update-component", json=_kommentar_body(app, code="K501"), headers=HERKUNFT)
    assert eigen.status_code == 200 and "Gespeichert" in eigen.get_data(as_text=True)
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
    """A failing callback answers 500 with a German message and no traceback."""
    c = app.server.test_client()
    _anmelden(c, "controlling")
    antwort = c.post("/_dash-update-component", headers=HERKUNFT,
                     json={"output": "seite.children", "outputs": {"id": "seite", "property": "children"},
                           "inputs": [{"id": "url", "property": "pathname", "value": 42}], "state": []})
    text_ = antwort.get_data(as_text=True)
    assert antwort.status_code == 500 and "Traceback" not in text_ and "File \"" not in text_


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
