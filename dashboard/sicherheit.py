"""Server-side security at one point: login gate, callback authorization, origin checks, headers.

- Every request passes ``_tor`` (before_request): without a valid session only the login page,
  /health and /assets/ answer; pages redirect to the login, everything else (also Dash's own
  endpoints) gets 401.
- Every Dash callback is registered through ``Callbacks.callback(..., recht=...)``; the gate looks up
  the right of the called callback and answers 403 when the user lacks it or when the callback has
  no declaration at all. Scoped checks on the object a callback writes call ``pruefen``.
- POSTs must come from our own origin; callback POSTs must be JSON.
- Every response carries security headers and a Content-Security-Policy without 'unsafe-inline'
  scripts (Dash's inline scripts are allowed by their hashes).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from urllib.parse import quote, urlsplit

from flask import Response, abort, g, has_request_context, jsonify, redirect, render_template_string, request
from werkzeug.exceptions import HTTPException

from dashboard.seiten import barrierefreiheit
from kennzahlen import abfragen, zugang
from kennzahlen.db import transaktion
from kennzahlen.zugang import RECHTE, AnmeldeFehler, Benutzerkontext

log = logging.getLogger(__name__)
COOKIE = "wk_sitzung"
GERAET_COOKIE = "wk_geraet"
OFFEN = ("/login", "/health", "/assets/")
FEHLERTEXTE = {
    400: "Ungültige Anfrage: Die übermittelten Werte passen nicht zu dieser Aktion.",
    401: "Nicht angemeldet.",
    403: "Keine Berechtigung für diese Aktion.",
    404: "Nicht gefunden.",
    405: "Diese Anfrageart ist hier nicht erlaubt.",
    413: "Die Anfrage ist zu groß: Dateien dürfen höchstens 20 MB groß sein.",
    415: "Falsches Format der Anfrage.",
    429: "Zu viele Anfragen. Bitte etwas später erneut versuchen.",
    500: "Interner Fehler. Er wurde protokolliert; bitte später erneut versuchen.",
}
"""German text of every error status the app answers (no English error page reaches a user)."""
EINGABEFEHLER = (TypeError, ValueError, AttributeError, KeyError, IndexError)
"""What a callback request with values of the wrong type or shape raises inside Dash or a callback."""
RECHTE_SCHLUESSEL = "wirkungscockpit_rechte"


class Callbacks:
    """Registers Dash callbacks with their required right; a callback without a right cannot be registered."""

    def __init__(self, app) -> None:
        self._app = app
        self.rechte: dict[str, str] = app.server.extensions.setdefault(RECHTE_SCHLUESSEL, {})

    def callback(self, *args, recht: str, **kwargs):
        """Like ``app.callback``; ``recht`` (one of zugang.RECHTE) is checked on the server for every call."""
        if recht not in RECHTE:
            raise ValueError(f"Unbekanntes Recht für einen Callback: {recht}")

        def registrieren(funktion):
            vorher = set(self._app.callback_map)
            ergebnis = self._app.callback(*args, **kwargs)(funktion)
            for schluessel in set(self._app.callback_map) - vorher:
                self.rechte[schluessel] = recht
            return ergebnis

        return registrieren

    def clientside(self, funktion: str, *args, recht: str, **kwargs) -> None:
        """Like ``app.clientside_callback`` (runs in the browser, reads nothing from the server); ``recht`` is
        recorded like that of a server callback, so that every callback of the app declares one."""
        if recht not in RECHTE:
            raise ValueError(f"Unbekanntes Recht für einen Callback: {recht}")
        vorher = set(self._app.callback_map)
        self._app.clientside_callback(funktion, *args, **kwargs)
        for schluessel in set(self._app.callback_map) - vorher:
            self.rechte[schluessel] = recht


def benutzer() -> Benutzerkontext | None:
    """The user of the current request (set by the gate); None outside a request."""
    return g.get("benutzer") if has_request_context() else None


def kontext_und_benutzer():
    """(the app's Kontext with settings and session factory, the current user) for a callback's work."""
    from flask import current_app

    return current_app.extensions["wirkungscockpit"], benutzer()


OBJEKTNAMEN = {"kennzahl": "Kennzahl", "ziel": "Ziel", "produkt": "Produkt"}


def _bereichspruefung(recht: str, art: str | None, code: str | None) -> tuple[int, str] | None:
    """None when the current user has ``recht`` (for the object if given), else (HTTP status, German reason)."""
    nutzer = benutzer()
    if nutzer is None:
        return 401, FEHLERTEXTE[401]
    if art is None:
        return None if nutzer.darf(recht) else (403, FEHLERTEXTE[403])
    from flask import current_app

    fabrik = current_app.extensions["wirkungscockpit"].fabrik
    with fabrik() as s:
        bereich = zugang.bereich_von(s, art, code or "")
    objekt = f"{OBJEKTNAMEN.get(art, art)} {code}"
    if bereich is None:
        return 404, f"{objekt} gibt es nicht."
    felder, einheit = bereich
    if nutzer.darf(recht, felder, einheit):
        return None
    return 403, (f"Keine Berechtigung: {objekt} gehört nicht zu Ihrem Handlungsfeld oder Ihrer Organisationseinheit "
                 f"(Recht „{RECHTE[recht]}“). Es wurde nichts gespeichert.")


def pruefen(recht: str, art: str | None = None, code: str | None = None) -> None:
    """Abort with 403 unless the current user has ``recht`` (for the object ``art``/``code`` if given)."""
    if (ergebnis := _bereichspruefung(recht, art, code)) is not None:
        abort(ergebnis[0])


def verweigerung(recht: str, art: str | None = None, code: str | None = None) -> str | None:
    """Like ``pruefen``, but for forms: None when allowed, else the German reason to show (nothing is written)."""
    ergebnis = _bereichspruefung(recht, art, code)
    return None if ergebnis is None else ergebnis[1]


def darf_schreiben(recht: str, art: str, code: str) -> bool:
    """Whether the current user may use ``recht`` on this object (for showing buttons; writes check again)."""
    return _bereichspruefung(recht, art, code) is None


# --- the login page (plain server-rendered HTML: works without JavaScript) -------------------------

ANMELDESEITE = """<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Anmelden – Wirkungscockpit</title>
  <link rel="icon" href="/assets/favicon.ico">
  <link rel="stylesheet" href="/assets/bootstrap.min.css"><link rel="stylesheet" href="/assets/wirkungscockpit.css">
</head>
<body>
<main class="container" style="max-width: 28rem; margin-top: 8vh">
  <h1 class="h3 mb-3">Wirkungscockpit</h1>
  <p class="text-body-secondary">Bitte melden Sie sich an.</p>
  {% if fehler %}<div class="alert alert-danger" role="alert">{{ fehler }}</div>{% endif %}
  {% if hinweis %}<div class="alert alert-info" role="status">{{ hinweis }}</div>{% endif %}
  {% if formular %}
  <form method="post" action="/login">
    <input type="hidden" name="weiter" value="{{ weiter }}">
    <div class="mb-3"><label class="form-label" for="login">Benutzername</label>
      <input class="form-control" id="login" name="login" autocomplete="username" required value="{{ login }}"></div>
    <div class="mb-3"><label class="form-label" for="passwort">Kennwort</label>
      <input class="form-control" id="passwort" name="passwort" type="password" autocomplete="current-password"
             required></div>
    <button class="btn btn-primary" type="submit">Anmelden</button>
  </form>
  {% else %}
  <p>Die Anmeldung erfolgt über das Single Sign-on Ihrer Verwaltung. Bitte öffnen Sie das Wirkungscockpit
     über das Portal bzw. den Link Ihrer IT; eine Anmeldung mit Kennwort ist hier abgeschaltet.</p>
  {% endif %}
</main>
<footer class="container small mt-4" style="max-width: 28rem">
  <a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a></footer>
</body>
</html>"""


def sicheres_ziel(weiter: str | None) -> str:
    """Only a local path is a target after login; anything a browser could read as another host is "/".

    Browsers drop tabs and line breaks inside URLs and read a backslash as a slash, so "/\t/evil"
    and "/\\evil" would leave the site: control characters, whitespace and backslashes are refused.
    """
    if not weiter or not weiter.startswith("/") or "\\" in weiter:
        return "/"
    if any(ord(z) < 0x21 or ord(z) == 0x7F or z.isspace() for z in weiter):
        return "/"
    teile = urlsplit(weiter)
    if weiter.startswith("//") or teile.scheme or teile.netloc:
        return "/"
    return weiter


def client_adresse(direkt: str | None, weitergeleitet: str | None, proxys: tuple[str, ...]) -> str:
    """The real client address: behind a trusted proxy the rightmost X-Forwarded-For entry that is no proxy.

    Only a request that comes directly from one of ``proxys`` may name another address; entries a client
    wrote itself stand left of those its proxies added and are never used while a proxy entry follows.
    """
    adresse = direkt or "unbekannt"
    if adresse not in proxys or not weitergeleitet:
        return adresse
    kette = [a.strip() for a in weitergeleitet.split(",") if a.strip()]
    for eintrag in reversed(kette):
        if eintrag in proxys:
            continue
        try:
            return str(ipaddress.ip_address(eintrag))
        except ValueError:
            return adresse
    return adresse


def _adresse(einstellungen) -> str:
    return client_adresse(request.remote_addr, request.headers.get("X-Forwarded-For"), einstellungen.proxy_adressen)


def _cookie_setzen(antwort: Response, token: str, einstellungen) -> None:
    antwort.set_cookie(
        COOKIE, token, httponly=True, samesite="Lax", path="/",
        secure=einstellungen.umgebung == "produktion" or request.is_secure,
        max_age=einstellungen.sitzung_hoechstdauer_stunden * 3600,
    )


def _eigener_ursprung(proxys: tuple[str, ...] = ()) -> bool:
    """True when the POST's Origin (or Referer) is this server.

    Behind a trusted reverse proxy (``proxys``) the public scheme and host are those the proxy names in
    X-Forwarded-Proto and X-Forwarded-Host (TLS ends at the proxy); from anyone else they are ignored.
    """
    herkunft = request.headers.get("Origin") or request.headers.get("Referer")
    if not herkunft:
        return False
    teile = urlsplit(herkunft)
    schema, wirt = request.scheme, request.host
    if request.remote_addr in proxys:
        schema = request.headers.get("X-Forwarded-Proto", schema).split(",")[0].strip() or schema
        wirt = request.headers.get("X-Forwarded-Host", wirt).split(",")[0].strip() or wirt
    return f"{teile.scheme}://{teile.netloc}" == f"{schema}://{wirt}"


def einrichten(app, kontext) -> None:
    """Install gate, login/logout routes, error pages and headers on the app's Flask server."""
    server = app.server
    einstellungen = kontext.einstellungen
    fabrik = kontext.fabrik
    leerlauf = dt.timedelta(minutes=einstellungen.sitzung_leerlauf_minuten)
    hoechstdauer = dt.timedelta(hours=einstellungen.sitzung_hoechstdauer_stunden)
    rechte: dict[str, str] = server.extensions.setdefault(RECHTE_SCHLUESSEL, {})

    @server.before_request
    def _tor():
        g.benutzer = None
        if request.method == "POST" and not _eigener_ursprung(einstellungen.proxy_adressen):
            return _verweigert(403, "Anfrage von fremder Herkunft abgelehnt.")
        if request.path.startswith(OFFEN):
            return None
        if einstellungen.anmeldung == "aus":
            g.benutzer = zugang.TESTBETRIEB
        else:
            g.benutzer = zugang.sitzung_pruefen(fabrik, request.cookies.get(COOKIE), leerlauf, hoechstdauer)
            if g.benutzer is None and einstellungen.anmeldung == "proxy":
                g.benutzer = _sso(einstellungen)
        if g.benutzer is None:
            if request.method == "GET" and request.path == barrierefreiheit.PFAD:  # BITV: open to everyone
                return barrierefreiheit.ohne_anmeldung(einstellungen, abfragen.kommunenname(fabrik))
            if request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
                return redirect("/login?weiter=" + quote(request.full_path.rstrip("?"), safe=""))
            return _verweigert(401, "Nicht angemeldet.")
        if request.path == "/_dash-update-component":
            return _callback_pruefen(rechte)
        return None

    def _sso(einstellungen):
        name = request.headers.get(einstellungen.proxy_header, "").strip()
        if not name or request.remote_addr not in einstellungen.proxy_adressen:
            return None
        try:
            nutzer, token = zugang.sso_anmelden(fabrik, name, _adresse(einstellungen))
        except AnmeldeFehler:
            return None
        g.neues_token = token
        return nutzer

    def _anmeldeseite(fehler=None, hinweis=None, weiter="/", login="", status=200):
        formular = einstellungen.anmeldung == "lokal"
        return render_template_string(ANMELDESEITE, fehler=fehler, hinweis=hinweis, weiter=weiter, login=login,
                                      formular=formular), status

    @server.get("/login")
    def login_seite():
        if einstellungen.anmeldung == "aus":
            return redirect("/")
        return _anmeldeseite(hinweis=request.args.get("hinweis"), weiter=sicheres_ziel(request.args.get("weiter")))

    @server.post("/login")
    def login_senden():
        if einstellungen.anmeldung != "lokal":  # with single sign-on the password login is closed
            return _anmeldeseite(fehler="Die Anmeldung mit Kennwort ist abgeschaltet (Single Sign-on).", status=403)
        weiter = sicheres_ziel(request.form.get("weiter"))
        login = str(request.form.get("login", ""))
        geraet = zugang.geraet_pruefen(fabrik, request.cookies.get(GERAET_COOKIE), login)
        try:
            _, token = zugang.anmelden(fabrik, login, str(request.form.get("passwort", "")), _adresse(einstellungen),
                                       bekanntes_geraet=geraet)
        except AnmeldeFehler as fehler:
            status = 429 if "Zu viele" in str(fehler) else 401
            return _anmeldeseite(fehler=str(fehler), weiter=weiter, login=login, status=status)
        zugang.abmelden(fabrik, request.cookies.get(COOKIE))  # the old session id never survives a login
        antwort = redirect(weiter, code=303)
        _cookie_setzen(antwort, token, einstellungen)
        antwort.set_cookie(GERAET_COOKIE, zugang.geraet_merken(fabrik, login.strip()[:100]), httponly=True,
                           samesite="Strict", path="/login", max_age=int(zugang.GERAET_GUELTIG.total_seconds()),
                           secure=einstellungen.umgebung == "produktion" or request.is_secure)
        return antwort

    @server.post("/logout")
    def logout():
        zugang.abmelden(fabrik, request.cookies.get(COOKIE))
        antwort = redirect("/login?hinweis=" + quote("Sie sind abgemeldet."), code=303)
        antwort.delete_cookie(COOKIE, path="/")
        return antwort

    @server.errorhandler(HTTPException)
    def _http_fehler(fehler: HTTPException):
        code = fehler.code or 500
        return _verweigert(code, FEHLERTEXTE.get(code, f"Die Anfrage konnte nicht bearbeitet werden (HTTP {code})."))

    @server.errorhandler(Exception)
    def _unerwartet(fehler: Exception):
        if request.path == "/_dash-update-component" and isinstance(fehler, EINGABEFEHLER):
            # Callback inputs come from the browser and can be anything JSON allows: a value of the wrong
            # type or shape that makes Dash or a callback fail is a bad request, not a server error.
            log.warning("Callback-Anfrage mit ungültigen Werten abgelehnt (%s: %s)", type(fehler).__name__,
                        str(fehler)[:200], exc_info=True)
            return _verweigert(400, FEHLERTEXTE[400])
        log.exception("Unerwarteter Fehler bei %s", request.path)
        return _verweigert(500, FEHLERTEXTE[500])

    csp = _csp(app)

    @server.after_request
    def _kopfzeilen(antwort: Response) -> Response:
        token = g.pop("neues_token", None)
        if token:
            _cookie_setzen(antwort, token, einstellungen)
        h = antwort.headers
        h["Content-Security-Policy"] = csp
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        if einstellungen.umgebung == "produktion" or request.is_secure:
            h["Strict-Transport-Security"] = "max-age=31536000"
        if not request.path.startswith(("/assets/", "/_dash-component-suites/")):
            h["Cache-Control"] = "no-store"
        return antwort


def _callback_pruefen(rechte: dict[str, str]):
    if not request.is_json:
        return _verweigert(415, "Callback-Anfragen müssen JSON sein.")
    daten = request.get_json(silent=True)
    if (not isinstance(daten, dict) or not isinstance(daten.get("output"), str)
            or not isinstance(daten.get("inputs", []), list) or not isinstance(daten.get("state", []), list)):
        return _verweigert(400, "Ungültige Callback-Anfrage (erwartet: ein JSON-Objekt mit output und inputs).")
    recht = rechte.get(daten["output"])
    if recht is None:
        return _verweigert(403, "Diese Aktion ist nicht freigegeben.")
    nutzer = benutzer()
    if nutzer is None or not nutzer.darf_irgendwo(recht):  # the object's scope is checked by the callback
        return _verweigert(403, "Keine Berechtigung für diese Aktion.")
    return None


def _verweigert(status: int, text: str):
    antwort = jsonify({"fehler": text}) if request.path.startswith("/_") else Response(
        text, mimetype="text/plain")
    antwort.status_code = status
    return antwort


def _csp(app) -> str:
    hashes = " ".join(app.csp_hashes())
    return (
        "default-src 'self'; "
        f"script-src 'self' {hashes}; "
        "style-src 'self' 'unsafe-inline'; "  # Plotly and React set inline styles; scripts stay hashed
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; child-src 'self' blob:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
    )


def schreiben(kontext, nutzer: Benutzerkontext, aktion: str, objekt: str, details=None):
    """A transaction for a write by ``nutzer`` that also records it in the audit trail."""
    from contextlib import contextmanager

    from kennzahlen import datenstand

    @contextmanager
    def _tx():
        with transaktion(kontext.fabrik) as session:
            yield session
            zugang.protokollieren(session, nutzer, aktion, objekt, details)
            datenstand.erhoehen(session)

    return _tx()
