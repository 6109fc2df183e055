"""Write an Abweichungsbegründung, Maßnahme or Hinweis on a Kennzahl, Ziel or Produkt for a period.

Reached from the "Begründen" and "Maßnahme anlegen" buttons of every object page and of the
Abweichungsliste (``?art=massnahme`` preselects the kind). Saving is idempotent: the form carries a key,
a second click with the same key stores nothing new. A refusal says why; the list shows a new entry at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from flask import current_app
from sqlalchemy.exc import IntegrityError

from dashboard import links, sicherheit
from dashboard.auswahl import periode_waehlen
from dashboard.komponenten import brotkrumen
from kennzahlen import formate as fmt
from kennzahlen.kommentare import (
    KOMMENTARARTEN,
    STATUSNAMEN,
    Kommentarentwurf,
    gespeichert,
    kommentar_anlegen,
    kommentare,
    text_gesperrt,
)
from kennzahlen.perioden import Periode

PFAD = "/kommentar/{art}/{code}"
TITEL = "Kommentar erfassen"
RECHT = "kommentieren"
OBJEKTARTEN = {"kennzahl": "Kennzahl", "ziel": "Ziel", "produkt": "Produkt"}


class IDs:
    """Component IDs of the comment form."""

    OBJEKT = "kommentar-objekt"
    SCHLUESSEL = "kommentar-schluessel"
    LISTE = "kommentar-liste"
    ART = "kommentar-art"
    TEXT = "kommentar-text"
    VERANTWORTLICH = "kommentar-verantwortlich"
    FRIST = "kommentar-frist"
    STATUS = "kommentar-status"
    SPEICHERN = "kommentar-speichern"
    MELDUNG = "kommentar-meldung"


def _liste(df) -> html.Div:
    if df.empty:
        return html.P("Noch keine Kommentare.", className="text-body-secondary")
    eintraege = []
    for k in df.itertuples():
        periode = Periode(int(k.jahr), k.periodenart, int(k.periode))
        kopf = [html.Strong(KOMMENTARARTEN[k.art]), f" · {periode.lang} · {k.autor}"]
        if k.art == "massnahme":
            kopf.append(f" · verantwortlich: {k.verantwortlich or fmt.LEER} · Frist: {fmt.datum(k.frist)}"
                        f" · Status: {STATUSNAMEN.get(k.massnahmenstatus, fmt.LEER)}")
        eintraege.append(html.Li([html.Div(kopf, className="small"), html.P(k.text, className="mb-2")]))
    return html.Ul(eintraege, className="list-unstyled")


def layout(fabrik, einstellungen, parameter: Mapping[str, str]) -> html.Div:
    """The form for the object in the URL and the comments it already has."""
    art, code = parameter.get("art", ""), parameter.get("code", "")
    if art not in OBJEKTARTEN:
        from dashboard.seiten import nicht_gefunden

        return nicht_gefunden.layout(f"/kommentar/{art}/{code}")
    periode, _, hinweise = periode_waehlen(fabrik, einstellungen, parameter)
    vorhandene = kommentare(fabrik, art, code)
    if vorhandene is None:
        from dashboard.seiten import nicht_gefunden

        return nicht_gefunden.objekt(OBJEKTARTEN[art], code)
    zurueck = getattr(links, art)(code, periode)
    voreinstellung = parameter.get("art") if parameter.get("art") in KOMMENTARARTEN else "abweichungsbegruendung"
    gesperrt = text_gesperrt(fabrik, periode)
    verweigert = sicherheit.verweigerung("kommentieren", art, code)
    return html.Div(
        [
            brotkrumen([("Cockpit", links.cockpit(periode)), (f"{OBJEKTARTEN[art]} {code}", zurueck),
                        ("Kommentar erfassen", None)]),
            html.H1(f"Kommentar zu {OBJEKTARTEN[art]} {code} für {periode.lang}", className="h3"),
            *[dbc.Alert(h, color="warning") for h in hinweise],
            *[dbc.Alert(h, color="info") for h in (gesperrt, verweigert) if h],
            dcc.Store(id=IDs.OBJEKT, data={"art": art, "code": code, "jahr": periode.jahr,
                                           "periodenart": periode.art, "periode": periode.nummer}),
            dcc.Store(id=IDs.SCHLUESSEL, data=secrets.token_hex(16)),
            dbc.Row([
                dbc.Col([
                    dbc.Label("Art", html_for=IDs.ART),
                    dbc.Select(id=IDs.ART, value=voreinstellung,
                               options=[{"label": v, "value": k} for k, v in KOMMENTARARTEN.items()]),
                    dbc.Label("Text", html_for=IDs.TEXT, className="mt-3"),
                    dbc.Textarea(id=IDs.TEXT, rows=5, maxLength=4000),
                    dbc.Row([
                        dbc.Col([dbc.Label("Verantwortlich (bei Maßnahmen)", html_for=IDs.VERANTWORTLICH),
                                 dbc.Input(id=IDs.VERANTWORTLICH, maxLength=200)], md=5),
                        dbc.Col([dbc.Label("Frist", html_for=IDs.FRIST),
                                 dbc.Input(id=IDs.FRIST, type="date")], md=3),
                        dbc.Col([dbc.Label("Status", html_for=IDs.STATUS),
                                 dbc.Select(id=IDs.STATUS, value="offen",
                                            options=[{"label": v, "value": k} for k, v in STATUSNAMEN.items()])],
                                md=4),
                    ], className="mt-3"),
                    dbc.Button("Speichern", id=IDs.SPEICHERN, color="primary", className="mt-3", n_clicks=0),
                    html.Div(id=IDs.MELDUNG, role="status", className="mt-3"),
                ], lg=7),
                dbc.Col([html.H2("Bisherige Kommentare", className="h5"), html.Div(_liste(vorhandene), id=IDs.LISTE)],
                        lg=5),
            ]),
            dcc.Link("Zurück", href=zurueck, className="btn btn-link mt-2"),
        ]
    )


def aktionsleiste(objektart: str, code: str, periode: Periode) -> html.Div | None:
    """"Begründen" and "Maßnahme anlegen" (and for a Produkt "Prognose erfassen") for users who may write on
    this object; None for everyone else. Hiding is convenience: every save checks the right again."""
    knoepfe = []
    if sicherheit.darf_schreiben("kommentieren", objektart, code):
        knoepfe += [
            dcc.Link("Abweichung begründen",
                     href=links.kommentar(objektart, code, periode, art="abweichungsbegruendung"),
                     className="btn btn-primary btn-sm me-2"),
            dcc.Link("Maßnahme anlegen", href=links.kommentar(objektart, code, periode, art="massnahme"),
                     className="btn btn-primary btn-sm me-2"),
        ]
    if objektart == "produkt" and sicherheit.darf_schreiben("prognose_erfassen", objektart, code):
        knoepfe.append(dcc.Link("Prognose erfassen", href=links.prognosen(periode, produkt=code),
                                className="btn btn-primary btn-sm me-2"))
    return html.Div(knoepfe, className="mb-3 aktionen d-print-none") if knoepfe else None


def validierungslayout() -> list:
    """Placeholders of the form's IDs."""
    return [dcc.Store(id=IDs.OBJEKT), dcc.Store(id=IDs.SCHLUESSEL), html.Div(id=IDs.LISTE),
            dbc.Select(id=IDs.ART), dbc.Textarea(id=IDs.TEXT),
            dbc.Input(id=IDs.VERANTWORTLICH), dbc.Input(id=IDs.FRIST), dbc.Select(id=IDs.STATUS),
            dbc.Button(id=IDs.SPEICHERN), html.Div(id=IDs.MELDUNG)]


def speicherschluessel(login: str, entwurf: Kommentarentwurf) -> str | None:
    """The stored idempotency key: the form's key with who wrote what. A finished page may come from the page
    cache (the same form key for users with the same roles, or for two tabs), so only the same user saving
    the same entry with the same form counts as a repeated click."""
    if not entwurf.schluessel:
        return None
    roh = "|".join((login, entwurf.schluessel, entwurf.objektart, entwurf.code, entwurf.art, entwurf.text))
    return hashlib.sha256(roh.encode()).hexdigest()


def speichern(objekt: dict, art: str, text: str | None, verantwortlich: str | None, frist: str | None,
              status: str | None, schluessel: str | None = None):
    """Check the right for this object on the server, then save once per form key.

    Returns (message, the object's comment list or no_update, the next form key, the text field's value).
    """
    if (grund := sicherheit.verweigerung("kommentieren", objekt.get("art"), objekt.get("code"))) is not None:
        return dbc.Alert(grund, color="danger"), no_update, no_update, no_update
    try:
        entwurf = Kommentarentwurf.aus_formular(objekt, art, text, verantwortlich, frist, status, schluessel)
    except ValueError as fehler:
        return dbc.Alert(str(fehler), color="danger"), no_update, no_update, no_update
    kontext = current_app.extensions["wirkungscockpit"]
    nutzer = sicherheit.benutzer()
    entwurf = dataclasses.replace(entwurf, schluessel=speicherschluessel(nutzer.login, entwurf))
    with kontext.fabrik() as s:
        schon = gespeichert(s, entwurf.schluessel)
    if schon is None:
        try:
            with sicherheit.schreiben(kontext, nutzer, "kommentar_angelegt", f"{entwurf.objektart} {entwurf.code}",
                                      {"art": entwurf.art, "jahr": entwurf.jahr}) as session:
                kommentar_anlegen(session, entwurf, nutzer.name)
        except IntegrityError:  # the same key saved by a parallel click in between
            schon = True
        except ValueError as fehler:  # e.g. the period is frozen: nothing written
            return dbc.Alert(str(fehler), color="danger"), no_update, no_update, no_update
    liste = _liste(kommentare(kontext.fabrik, entwurf.objektart, entwurf.code))
    if schon is not None:
        return (dbc.Alert("Dieser Eintrag ist bereits gespeichert (kein zweites Mal angelegt).", color="info"),
                liste, no_update, no_update)
    meldung = dbc.Alert(f"{KOMMENTARARTEN[entwurf.art]} gespeichert am {fmt.datum(dt.date.today())}. "
                        "Sie steht jetzt in der Liste rechts.", color="success")
    return meldung, liste, secrets.token_hex(16), ""


def callbacks_registrieren(app, url_id: str) -> None:
    """Save the form (right: kommentieren, checked for the object's Handlungsfeld or unit)."""

    @app.callback(
        Output(IDs.MELDUNG, "children"), Output(IDs.LISTE, "children"), Output(IDs.SCHLUESSEL, "data"),
        Output(IDs.TEXT, "value"),
        Input(IDs.SPEICHERN, "n_clicks"),
        State(IDs.OBJEKT, "data"), State(IDs.ART, "value"), State(IDs.TEXT, "value"),
        State(IDs.VERANTWORTLICH, "value"), State(IDs.FRIST, "value"), State(IDs.STATUS, "value"),
        State(IDs.SCHLUESSEL, "data"),
        prevent_initial_call=True,
        recht="kommentieren",
    )
    def kommentar_speichern(_klick, objekt, art, text, verantwortlich, frist, status, schluessel):
        return speichern(objekt or {}, art, text, verantwortlich, frist, status, schluessel)
