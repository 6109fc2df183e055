"""The finished page, cached: the router callback's whole response by path, query, data version and roles.

A warm page costs one lookup instead of building a thousand components again. The key holds everything
that shapes the page: path and query string, the data version (every import or edit advances it, so no
page outlives a change), the roles with their scope of the user (rights decide what a page offers),
the settings and the code version. Only the data views (``DATENSEITEN``) are cached; administration,
import and comment pages, which show logins, jobs or forms, are always built anew.

The check runs after the login gate (``sicherheit._tor``), as a second ``before_request``: a cached page
is only ever served to a user who passed the same authorisation as the one it was built for. The shared
cache is Redis when ``WK_REDIS_URL`` is set; otherwise each worker keeps a small LRU beside its data cache
(``kennzahlen.cache.seitenspeicher``): emptying or detaching the data cache empties or detaches the pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from flask import Response, g, request

from dashboard.routing import aufloesen
from kennzahlen import datenstand
from kennzahlen.cache import codestand, quellstand, seitenspeicher

DATENSEITEN = frozenset({"/", "/handlungsfeld/{code}", "/ziel/{code}", "/kennzahl/{code}", "/produkt/{code}",
                         "/suche", "/aufgaben", "/lieferungen", "/bericht/berichtsstand", "/praesentation/{code}",
                         "/haushalt", "/haushaltsberatung", "/haushalt/effekte", "/portfolio"})
"""Path patterns of the pages whose content depends only on the data, the query and the user's roles."""
KOPF = "X-Seitencache"
"""Response header saying whether the page came from the cache ("treffer") or was built ("neu")."""


def seitenschluessel(pfad: str, suche: str, version: int, rollen: tuple, einstellungen: str, datenbank: str) -> str:
    """The cache key of a finished page (the same inputs on the same day give the same key: "überfällig" and
    "läuft noch" depend on today's date)."""
    code = (codestand(), quellstand(str(Path(__file__).resolve().parent)))  # kennzahlen and dashboard
    roh = repr((code, datenbank, einstellungen, pfad, suche, version, tuple(sorted(rollen)), dt.date.today()))
    return "wk:seite:" + hashlib.sha256(roh.encode()).hexdigest()


def _router_eingaben(daten: object, ausgabe: str, url_id: str) -> tuple[str, str] | None:
    """(pathname, search) of a router callback request, or None for any other request."""
    if not isinstance(daten, dict) or daten.get("output") != ausgabe or not isinstance(daten.get("inputs"), list):
        return None
    werte = {(e.get("id"), e.get("property")): e.get("value") for e in daten["inputs"] if isinstance(e, dict)}
    pfad, suche = werte.get((url_id, "pathname")), werte.get((url_id, "search"))
    if not isinstance(pfad, str) or not isinstance(suche, str | None):
        return None
    return pfad, suche or ""


def einrichten(server, kontext, routen, ausgabe: str, url_id: str) -> None:
    """Install the page cache for the router callback whose output is ``ausgabe`` (e.g. "seite.children")."""
    fabrik = kontext.fabrik
    datenbank = fabrik.kw["bind"].url.render_as_string(hide_password=True)
    einstellungen = repr(sorted((k, repr(v)) for k, v in vars(kontext.einstellungen).items()))

    @server.before_request
    def _aus_dem_cache():
        g.seitencache = None
        if request.method != "POST" or request.path != "/_dash-update-component" or g.get("benutzer") is None:
            return None
        speicher = seitenspeicher(fabrik)
        if speicher is None:  # the data cache is detached (tests, benchmark "ohne Cache"): no pages either
            return None
        eingaben = _router_eingaben(request.get_json(silent=True), ausgabe, url_id)
        if eingaben is None:
            return None
        treffer = aufloesen(routen, eingaben[0])
        if treffer is None or treffer[0].PFAD not in DATENSEITEN:
            return None
        rollen = tuple((r.rolle, r.handlungsfeld_id or 0, r.organisationseinheit_id or 0) for r in g.benutzer.rollen)
        schluessel = seitenschluessel(*eingaben, datenstand.lesen(fabrik), rollen, einstellungen, datenbank)
        inhalt = speicher.holen(schluessel)
        if inhalt is not None:
            antwort = Response(inhalt, mimetype="application/json")
            antwort.headers[KOPF] = "treffer"
            return antwort
        g.seitencache = (speicher, schluessel)
        return None

    @server.after_request
    def _ablegen(antwort: Response) -> Response:
        ablage = g.pop("seitencache", None)
        if ablage and antwort.status_code == 200 and antwort.mimetype == "application/json":
            speicher, schluessel = ablage
            speicher.ablegen(schluessel, antwort.get_data())
            antwort.headers[KOPF] = "neu"
        return antwort
