"""File downloads (templates, full export, table views as CSV/XLSX), each behind a server-side right."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from flask import Response, abort, current_app, request

from dashboard import sicherheit
from kennzahlen import zugang
from kennzahlen.importe.export import export_zip, tabelle_als_csv, tabelle_als_xlsx
from kennzahlen.importe.formate import VORLAGEN, vorlage

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Table views that can be downloaded: name → (right, function(fabrik, einstellungen, parameter) → DataFrame).
TABELLEN: dict[str, tuple[str, Callable[..., pd.DataFrame]]] = {}


def tabelle_anmelden(name: str, recht: str = "lesen"):
    """Register a table view's data function for download as CSV and XLSX under /download/tabelle/<name>."""

    def registrieren(funktion):
        TABELLEN[name] = (recht, funktion)
        return funktion

    return registrieren


def tabellenlinks(name: str, parameter: str = "") -> list:
    """The two download links of a table view (CSV, XLSX) keeping the view's query string."""
    from dash import html

    return [html.A("CSV", href=f"/download/tabelle/{name}.csv{parameter}", className="me-2"),
            html.A("Excel (XLSX)", href=f"/download/tabelle/{name}.xlsx{parameter}")]


def _datei(inhalt: bytes, name: str, art: str) -> Response:
    antwort = Response(inhalt, mimetype=art)
    antwort.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort


def einrichten(server) -> None:
    """Add the download routes to the Flask server (the login gate runs before them)."""

    @server.get("/download/vorlage/<art>.<endung>")
    def vorlage_laden(art: str, endung: str):
        sicherheit.pruefen("lesen")
        if art not in VORLAGEN or endung not in ("csv", "xlsx"):
            abort(404)
        return _datei(vorlage(art, endung), f"vorlage_{art}.{endung}", CSV if endung == "csv" else XLSX)

    @server.get("/download/export.zip")
    def gesamtexport():
        sicherheit.pruefen("importieren")
        kontext = current_app.extensions["wirkungscockpit"]
        mit_entwurf = zugang.darf_entwurf_lesen(sicherheit.benutzer(), kontext.einstellungen.entwurf_eingeschraenkt)
        return _datei(export_zip(kontext.fabrik, mit_entwurf), "wirkungscockpit_export.zip", "application/zip")

    @server.get("/download/lieferung/<path:datei>")
    def lieferung_laden(datei: str):
        """A unit's delivery file of missing Ist values: /download/lieferung/<einheit_code>.<endung>?jahr=…&quartal=…
        (the unit code may contain "/", e.g. V/2; 404 for an unknown unit or format)."""
        from dashboard.auswahl import periode_aus_parametern
        from kennzahlen import lieferungen
        from kennzahlen.abfragen import verfuegbare_perioden

        sicherheit.pruefen("lesen")
        einheit_code, _, endung = datei.rpartition(".")
        if endung not in lieferungen.ENDUNGEN or not einheit_code:
            abort(404)
        kontext = current_app.extensions["wirkungscockpit"]
        art = kontext.einstellungen.berichtsperiode
        periode, hinweise = periode_aus_parametern(dict(request.args), verfuegbare_perioden(kontext.fabrik, art), art)
        if hinweise:
            return Response(" ".join(hinweise), 400, mimetype="text/plain; charset=utf-8")
        try:
            inhalt = lieferungen.lieferdatei(kontext.fabrik, periode, einheit_code, endung,
                                             mindestfallzahl=kontext.einstellungen.mindestfallzahl)
        except lieferungen.UnbekannteEinheit:
            abort(404)
        return _datei(inhalt, lieferungen.dateiname(periode, einheit_code, endung), CSV if endung == "csv" else XLSX)

    @server.get("/download/tabelle/<name>.<endung>")
    def tabelle_laden(name: str, endung: str):
        if name not in TABELLEN or endung not in ("csv", "xlsx"):
            abort(404)
        recht, funktion = TABELLEN[name]
        sicherheit.pruefen(recht)
        kontext = current_app.extensions["wirkungscockpit"]
        df = funktion(kontext.fabrik, kontext.einstellungen, dict(request.args))
        if endung == "csv":
            return _datei(tabelle_als_csv(df), f"{name}.csv", CSV)
        return _datei(tabelle_als_xlsx(df), f"{name}.xlsx", XLSX)
