"""Administration without a web layer: users and roles, the audit trail, closed periods, thresholds.

Every write takes the caller's session and changes nothing outside it, so the dashboard can wrap it
in ``sicherheit.schreiben`` (audit entry and data version in the same transaction) and the command
line in ``db.transaktion``. Invalid input raises ``ValueError`` with a German message naming the field.
Listings take a session factory and return DataFrames with the columns named in their docstrings;
checks meant for other transactions (``ist_abgeschlossen``, ``schwellenwerte_wirksam``) take a session.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import pandas as pd
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import berichtsstand, zugang
from kennzahlen.cockpit import Bewertungsregeln
from kennzahlen.models import (
    PERIODEN_JE_JAHR,
    Abschlussverlauf,
    Auditeintrag,
    Benutzer,
    Einstellung,
    Handlungsfeld,
    Kennzahlwert,
    Organisationseinheit,
    Periodenabschluss,
    Rollenzuweisung,
    Sitzung,
)
from kennzahlen.perioden import Periode
from kennzahlen.status import Schwellenwerte, schwellenwerte_aus_texten
from kennzahlen.zugang import BEREICHSRECHTE, ROLLENNAMEN, ROLLENRECHTE, Rolle

log = logging.getLogger(__name__)

# Roles whose rights include scoped ones: only for them a Handlungsfeld or unit limits anything.
ROLLEN_MIT_BEREICH = frozenset(r for r, rechte in ROLLENRECHTE.items() if rechte & BEREICHSRECHTE)
ADMINISTRATION = "administration"
LOGIN_MUSTER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
EMAIL_MUSTER = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SCHWELLENWERT_PRAEFIX = "schwellenwert."
SCHWELLENWERTNAMEN = {
    "ampel_gruen": "Ampel: grün ab",
    "ampel_gelb": "Ampel: gelb ab",
    "ueberplanmaessig": "Fünfstufig: überplanmäßig ab",
    "zur_gaenze": "Fünfstufig: zur Gänze ab",
    "ueberwiegend": "Fünfstufig: überwiegend ab",
    "teilweise": "Fünfstufig: teilweise ab",
}
AKTIONEN = {
    "anmeldung": "Anmeldung",
    "anmeldung_sso": "Anmeldung (Single Sign-on)",
    "anmeldung_fehlgeschlagen": "Anmeldung fehlgeschlagen",
    "abmeldung": "Abmeldung",
    "kommentar_angelegt": "Kommentar angelegt",
    "benutzer_angelegt": "Benutzer angelegt",
    "rollen_geaendert": "Rollen geändert",
    "benutzer_deaktiviert": "Benutzer deaktiviert",
    "benutzer_reaktiviert": "Benutzer reaktiviert",
    "kennwort_zurueckgesetzt": "Kennwort zurückgesetzt",
    "periode_abgeschlossen": "Periode abgeschlossen",
    "periode_geoeffnet": "Periode wieder geöffnet",
    "schwellenwerte_geaendert": "Schwellenwerte geändert",
    "abweichungsschwellen_gesetzt": "Schwellen der Abweichungsliste geändert",
    "massnahmenstatus_geaendert": "Maßnahmenstatus geändert",
    "prognose_erfasst": "Prognose erfasst",
    "prognose_gewaehlt": "Gültige Prognose festgelegt",
}
try:
    from zoneinfo import ZoneInfo

    ORTSZEIT: dt.tzinfo = ZoneInfo("Europe/Berlin")
except Exception:  # no time zone database on this system: show UTC rather than fail
    ORTSZEIT = dt.UTC


def _jetzt() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- users and roles ------------------------------------------------------------------------------


def _text(wert: object) -> str:
    return str(wert).strip() if wert is not None else ""


def login_pruefen(login: str | None) -> str:
    """The trimmed login; ValueError unless it is 1–100 letters, digits or . _ @ - (starting alphanumeric)."""
    login = _text(login)
    if not login:
        raise ValueError("Feld „Login“: bitte einen Benutzernamen eingeben.")
    if not LOGIN_MUSTER.fullmatch(login):
        raise ValueError("Feld „Login“: nur Buchstaben, Ziffern und . _ @ - (höchstens 100 Zeichen), "
                         "beginnend mit Buchstabe oder Ziffer.")
    return login


def _kennwort_pruefen(kennwort: str | None) -> str:
    if not kennwort:
        raise ValueError("Feld „Kennwort“: bitte ein Kennwort eingeben.")
    grund = zugang.passwort_ausreichend(kennwort)
    if grund:
        raise ValueError(f"Feld „Kennwort“: {grund}")
    return kennwort


def rolle_aus_angaben(session: Session, rolle: str | None, handlungsfeld: str | None = None,
                      organisationseinheit: str | None = None) -> Rolle:
    """A role assignment from form values (role code, Handlungsfeld code, unit code; blank = no scope)."""
    rolle = _text(rolle)
    if rolle not in ROLLENRECHTE:
        raise ValueError(f"Feld „Rolle“: bitte eine der Rollen {', '.join(ROLLENNAMEN.values())} wählen.")
    hf_code, oe_code = _text(handlungsfeld), _text(organisationseinheit)
    if (hf_code or oe_code) and rolle not in ROLLEN_MIT_BEREICH:
        feld = "Handlungsfeld" if hf_code else "Organisationseinheit"
        erlaubt = ", ".join(ROLLENNAMEN[r] for r in sorted(ROLLEN_MIT_BEREICH))
        raise ValueError(f"Feld „{feld}“: eine Einschränkung gibt es nur für die Rollen {erlaubt}; "
                         f"die Rolle {ROLLENNAMEN[rolle]} gilt immer für die ganze Kommune.")
    hf_id = oe_id = None
    if hf_code:
        hf_id = session.scalar(select(Handlungsfeld.id).where(Handlungsfeld.code == hf_code))
        if hf_id is None:
            raise ValueError(f"Feld „Handlungsfeld“: ein Handlungsfeld „{hf_code}“ gibt es nicht.")
    if oe_code:
        oe_id = session.scalar(select(Organisationseinheit.id).where(Organisationseinheit.code == oe_code))
        if oe_id is None:
            raise ValueError(f"Feld „Organisationseinheit“: eine Organisationseinheit „{oe_code}“ gibt es nicht.")
    return Rolle(rolle, hf_id, oe_id)


def _benutzer(session: Session, login: str | None) -> Benutzer:
    login = _text(login)
    if not login:
        raise ValueError("Feld „Benutzer“: bitte einen Benutzer wählen.")
    benutzer = session.scalar(select(Benutzer).where(Benutzer.login == login))
    if benutzer is None:
        raise ValueError(f"Feld „Benutzer“: einen Benutzer „{login}“ gibt es nicht.")
    return benutzer


def _aktive_administratoren(session: Session, ausser: int | None = None) -> int:
    abfrage = (select(func.count(func.distinct(Benutzer.id))).select_from(Benutzer)
               .join(Rollenzuweisung, Rollenzuweisung.benutzer_id == Benutzer.id)
               .where(Benutzer.aktiv.is_(True), Rollenzuweisung.rolle == ADMINISTRATION))
    if ausser is not None:
        abfrage = abfrage.where(Benutzer.id != ausser)
    return session.scalar(abfrage) or 0


def _ist_administrator(session: Session, benutzer_id: int) -> bool:
    return session.scalar(select(Rollenzuweisung.id).where(
        Rollenzuweisung.benutzer_id == benutzer_id, Rollenzuweisung.rolle == ADMINISTRATION).limit(1)) is not None


def _sitzungen_beenden(session: Session, benutzer_id: int) -> None:
    session.execute(update(Sitzung).where(Sitzung.benutzer_id == benutzer_id, Sitzung.beendet_am.is_(None))
                    .values(beendet_am=_jetzt()))


def benutzer_erstellen(session: Session, login: str | None, name: str | None, kennwort: str | None,
                       rollen: Sequence[Rolle], email: str | None = None) -> Benutzer:
    """Create an active user with roles; ``kennwort`` None or blank means single sign-on only."""
    login = login_pruefen(login)
    name = _text(name)
    if not name:
        raise ValueError("Feld „Name“: bitte den Namen eingeben.")
    if len(name) > 200:
        raise ValueError("Feld „Name“: höchstens 200 Zeichen.")
    email = _text(email) or None
    if email is not None and (len(email) > 200 or not EMAIL_MUSTER.fullmatch(email)):
        raise ValueError(f"Feld „E-Mail“: „{email}“ ist keine gültige E-Mail-Adresse.")
    if kennwort:
        _kennwort_pruefen(kennwort)
    if not rollen:
        raise ValueError("Feld „Rolle“: ein Benutzer braucht mindestens eine Rolle.")
    if session.scalar(select(Benutzer.id).where(func.lower(Benutzer.login) == login.lower())) is not None:
        raise ValueError(f"Feld „Login“: „{login}“ ist bereits vergeben.")
    return zugang.benutzer_anlegen(session, login, name, kennwort or None, list(rollen), email)


def _nicht_selbst(benutzer: Benutzer, durch: str | None) -> None:
    """Nobody changes their own roles (four eyes): an administrator cannot grant itself Controlling."""
    if durch is not None and durch == benutzer.login:
        raise ValueError("Feld „Benutzer“: Die eigenen Rollen kann niemand selbst ändern (Vier-Augen-Prinzip); "
                         "bitte eine andere Administratorin oder einen anderen Administrator bitten.")


def rollen_setzen(session: Session, login: str | None, rollen: Sequence[Rolle],
                  durch: str | None = None) -> list[Rolle]:
    """Replace all roles of a user (not one's own); the last active administrator keeps Administration."""
    benutzer = _benutzer(session, login)
    _nicht_selbst(benutzer, durch)
    if not rollen:
        raise ValueError("Feld „Rolle“: ein Benutzer braucht mindestens eine Rolle.")
    if (benutzer.aktiv and _ist_administrator(session, benutzer.id)
            and all(r.rolle != ADMINISTRATION for r in rollen) and _aktive_administratoren(session, benutzer.id) == 0):
        raise ValueError("Feld „Rolle“: dies ist der letzte aktive Administrator; bitte zuerst einem anderen "
                         "Benutzer die Rolle Administration geben.")
    session.execute(delete(Rollenzuweisung).where(Rollenzuweisung.benutzer_id == benutzer.id))
    for r in dict.fromkeys(rollen):
        session.add(Rollenzuweisung(benutzer_id=benutzer.id, rolle=r.rolle, handlungsfeld_id=r.handlungsfeld_id,
                                    organisationseinheit_id=r.organisationseinheit_id))
    session.flush()
    return list(dict.fromkeys(rollen))


def rolle_hinzufuegen(session: Session, login: str | None, rolle: Rolle, durch: str | None = None) -> list[Rolle]:
    """Give a user (not oneself) one more role (an identical assignment is refused); returns all roles."""
    benutzer = _benutzer(session, login)
    _nicht_selbst(benutzer, durch)
    bisher = [Rolle(*z) for z in session.execute(
        select(Rollenzuweisung.rolle, Rollenzuweisung.handlungsfeld_id, Rollenzuweisung.organisationseinheit_id)
        .where(Rollenzuweisung.benutzer_id == benutzer.id).order_by(Rollenzuweisung.id))]
    if rolle in bisher:
        raise ValueError(f"Feld „Rolle“: {benutzer.login} hat diese Rolle bereits.")
    session.add(Rollenzuweisung(benutzer_id=benutzer.id, rolle=rolle.rolle, handlungsfeld_id=rolle.handlungsfeld_id,
                                organisationseinheit_id=rolle.organisationseinheit_id))
    session.flush()
    return [*bisher, rolle]


def benutzer_deaktivieren(session: Session, login: str | None, durch: str | None = None) -> Benutzer:
    """Deactivate a user and end their sessions; nobody deactivates themselves or the last administrator."""
    benutzer = _benutzer(session, login)
    if not benutzer.aktiv:
        raise ValueError(f"Feld „Benutzer“: {benutzer.login} ist bereits deaktiviert.")
    if durch is not None and benutzer.login == durch:
        raise ValueError("Feld „Benutzer“: das eigene Konto kann man nicht deaktivieren.")
    if _ist_administrator(session, benutzer.id) and _aktive_administratoren(session, benutzer.id) == 0:
        raise ValueError("Feld „Benutzer“: der letzte aktive Administrator kann nicht deaktiviert werden.")
    benutzer.aktiv = False
    _sitzungen_beenden(session, benutzer.id)
    session.flush()
    return benutzer


def benutzer_reaktivieren(session: Session, login: str | None) -> Benutzer:
    """Allow a deactivated user to log in again."""
    benutzer = _benutzer(session, login)
    if benutzer.aktiv:
        raise ValueError(f"Feld „Benutzer“: {benutzer.login} ist bereits aktiv.")
    benutzer.aktiv = True
    session.flush()
    return benutzer


def kennwort_zuruecksetzen(session: Session, login: str | None, kennwort: str | None) -> Benutzer:
    """Set a new password (checked with ``passwort_ausreichend``) and end the user's open sessions."""
    benutzer = _benutzer(session, login)
    benutzer.passwort_hash = zugang.passwort_hashen(_kennwort_pruefen(kennwort))
    _sitzungen_beenden(session, benutzer.id)
    session.flush()
    return benutzer


def rollentext(rollen: Sequence[Rolle], handlungsfelder: Mapping[int, str] | None = None,
               einheiten: Mapping[int, str] | None = None) -> str:
    """'Fachbereich (Handlungsfeld Jugend), Leitung' – roles with their scope, for tables and the CLI."""
    teile = []
    for r in rollen:
        bereich = []
        if r.handlungsfeld_id is not None:
            bereich.append(f"Handlungsfeld {(handlungsfelder or {}).get(r.handlungsfeld_id, r.handlungsfeld_id)}")
        if r.organisationseinheit_id is not None:
            bereich.append(f"Einheit {(einheiten or {}).get(r.organisationseinheit_id, r.organisationseinheit_id)}")
        name = ROLLENNAMEN.get(r.rolle, r.rolle)
        teile.append(f"{name} ({', '.join(bereich)})" if bereich else name)
    return ", ".join(teile) or "ohne Rolle"


def benutzerliste(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """All users sorted by login.

    Columns: login, name, email, aktiv (bool), letzter_login (datetime or None), rollen (German text with
    scope, e.g. "Fachbereich (Handlungsfeld Jugend)"), rollencodes (e.g. "fachbereich").
    """
    spalten = ["login", "name", "email", "aktiv", "letzter_login", "rollen", "rollencodes"]
    with fabrik() as s:
        felder = dict(s.execute(select(Handlungsfeld.id, Handlungsfeld.name)).all())
        einheiten = dict(s.execute(select(Organisationseinheit.id, Organisationseinheit.name)).all())
        zuweisungen: dict[int, list[Rolle]] = {}
        for bid, *rolle in s.execute(
                select(Rollenzuweisung.benutzer_id, Rollenzuweisung.rolle, Rollenzuweisung.handlungsfeld_id,
                       Rollenzuweisung.organisationseinheit_id).order_by(Rollenzuweisung.id)):
            zuweisungen.setdefault(bid, []).append(Rolle(*rolle))
        zeilen = [
            (b.login, b.name, b.email, bool(b.aktiv), b.letzter_login,
             rollentext(zuweisungen.get(b.id, []), felder, einheiten),
             ", ".join(r.rolle for r in zuweisungen.get(b.id, [])))
            for b in s.scalars(select(Benutzer).order_by(Benutzer.login))
        ]
    return pd.DataFrame(zeilen, columns=spalten)


def bereichsauswahl(fabrik: sessionmaker[Session]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(Handlungsfelder, Organisationseinheiten) as (code, name) pairs for scope selectors."""
    with fabrik() as s:
        felder = s.execute(select(Handlungsfeld.code, Handlungsfeld.name)
                           .order_by(Handlungsfeld.reihenfolge, Handlungsfeld.code)).all()
        einheiten = s.execute(select(Organisationseinheit.code, Organisationseinheit.name)
                              .order_by(Organisationseinheit.code)).all()
    return [tuple(f) for f in felder], [tuple(e) for e in einheiten]


# --- audit trail ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Auditseite:
    """One page of the audit trail: entries (id, zeitpunkt, benutzer, aktion, objekt, details), total, pages."""

    eintraege: pd.DataFrame
    gesamt: int
    seite: int
    seiten: int


def _datum(wert: dt.date | str | None, feld: str) -> dt.date | None:
    if wert is None or isinstance(wert, dt.date):
        return wert
    text = wert.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Feld „{feld}“: „{text}“ ist kein Datum (erwartet: JJJJ-MM-TT).") from None


def _tagesbeginn(tag: dt.date) -> dt.datetime:
    """Midnight of ``tag`` in local time, as UTC (the filter means local calendar days)."""
    return dt.datetime.combine(tag, dt.time(), ORTSZEIT).astimezone(dt.UTC)


def auditprotokoll(fabrik: sessionmaker[Session], benutzer: str | None = None, aktion: str | None = None,
                   von: dt.date | str | None = None, bis: dt.date | str | None = None, seite: int = 1,
                   je_seite: int = 50) -> Auditseite:
    """Audit entries newest first, filtered by user, action and local calendar days (both inclusive)."""
    von_tag, bis_tag = _datum(von, "von"), _datum(bis, "bis")
    if von_tag and bis_tag and von_tag > bis_tag:
        raise ValueError("Feld „bis“: das Enddatum liegt vor dem Anfangsdatum.")
    if not 1 <= je_seite <= 1000:
        raise ValueError("Einträge je Seite: 1 bis 1.000.")
    bedingungen = []
    if _text(benutzer):
        bedingungen.append(Auditeintrag.benutzer == _text(benutzer))
    if _text(aktion):
        bedingungen.append(Auditeintrag.aktion == _text(aktion))
    if von_tag:
        bedingungen.append(Auditeintrag.zeitpunkt >= _tagesbeginn(von_tag))
    if bis_tag:
        bedingungen.append(Auditeintrag.zeitpunkt < _tagesbeginn(bis_tag + dt.timedelta(days=1)))
    spalten = ["id", "zeitpunkt", "benutzer", "aktion", "objekt", "details"]
    with fabrik() as s:
        gesamt = s.scalar(select(func.count()).select_from(Auditeintrag).where(*bedingungen)) or 0
        seiten = max(1, math.ceil(gesamt / je_seite))
        seite = min(max(1, int(seite)), seiten)
        zeilen = s.execute(
            select(Auditeintrag.id, Auditeintrag.zeitpunkt, Auditeintrag.benutzer, Auditeintrag.aktion,
                   Auditeintrag.objekt, Auditeintrag.details)
            .where(*bedingungen).order_by(Auditeintrag.zeitpunkt.desc(), Auditeintrag.id.desc())
            .limit(je_seite).offset((seite - 1) * je_seite)
        ).all()
    df = pd.DataFrame(zeilen, columns=spalten)
    df["zeitpunkt"] = [z if z is None or z.tzinfo else z.replace(tzinfo=dt.UTC) for z in df["zeitpunkt"]]
    for spalte in ("objekt", "details"):  # missing text stays None (pandas would make it NaN)
        df[spalte] = pd.Series([v if isinstance(v, str) else None for v in df[spalte]], dtype=object)
    return Auditseite(df, gesamt, seite, seiten)


def audit_filterwerte(fabrik: sessionmaker[Session]) -> tuple[list[str], list[str]]:
    """(users, actions) that occur in the audit trail, sorted, for the filter selectors."""
    with fabrik() as s:
        nutzer = list(s.scalars(select(Auditeintrag.benutzer).distinct().order_by(Auditeintrag.benutzer)))
        aktionen = list(s.scalars(select(Auditeintrag.aktion).distinct().order_by(Auditeintrag.aktion)))
    return nutzer, aktionen


def zeitpunkt_text(zeit: dt.datetime | None) -> str:
    """'05.03.2026, 14:03' in local time (stored times are UTC; SQLite returns them naive)."""
    if zeit is None or pd.isna(zeit):
        return "–"
    zeit = zeit if zeit.tzinfo else zeit.replace(tzinfo=dt.UTC)
    return zeit.astimezone(ORTSZEIT).strftime("%d.%m.%Y, %H:%M")


def details_text(details: str | None) -> str:
    """Audit details as 'schluessel: wert; …' (JSON objects) or the stored text."""
    if not isinstance(details, str) or not details:
        return ""
    try:
        daten = json.loads(details)
    except ValueError:
        return details
    if isinstance(daten, dict):
        return "; ".join(f"{k}: {v}" for k, v in daten.items())
    return str(daten)


# --- closed reporting periods ---------------------------------------------------------------------


def _periode(jahr: int, periodenart: str, periode: int) -> Periode:
    try:
        return Periode(int(jahr), periodenart, int(periode))
    except (TypeError, ValueError):
        raise ValueError(f"Feld „Periode“: {jahr} {periodenart} {periode} ist keine gültige Periode.") from None


def periode_aus_schluessel(schluessel: str | None) -> Periode:
    """The period of a selector value '2026-quartal-3'."""
    teile = _text(schluessel).split("-")
    if len(teile) != 3 or not teile[0].isdigit() or not teile[2].isdigit() or teile[1] not in PERIODEN_JE_JAHR:
        raise ValueError("Feld „Periode“: bitte eine Periode wählen.")
    return _periode(int(teile[0]), teile[1], int(teile[2]))


def periodenschluessel(periode: Periode) -> str:
    """The selector value of a period: '2026-quartal-3'."""
    return f"{periode.jahr}-{periode.art}-{periode.nummer}"


def ist_abgeschlossen(session: Session, jahr: int, periodenart: str, periode: int) -> bool:
    """Whether Controlling has closed this reporting period."""
    return session.scalar(select(Periodenabschluss.id).where(
        Periodenabschluss.jahr == jahr, Periodenabschluss.periodenart == periodenart,
        Periodenabschluss.periode == periode)) is not None


def abgeschlossen(fabrik: sessionmaker[Session], periode: Periode) -> bool:
    """Whether Controlling has closed ``periode`` (``ist_abgeschlossen`` in its own session, for the pages)."""
    with fabrik() as s:
        return ist_abgeschlossen(s, periode.jahr, periode.art, periode.nummer)


def periode_abschliessen(session: Session, jahr: int, periodenart: str, periode: int, durch: str,
                         regeln: Bewertungsregeln | None = None) -> Periodenabschluss:
    """Close a period: freeze its reported numbers and texts (next fassung) and note it in the history.

    Imports then refuse changes to its values (unless explicitly allowed); ``regeln`` are the status rules
    the cockpit uses (default: traffic light with the stored thresholds).
    """
    p = _periode(jahr, periodenart, periode)
    if ist_abgeschlossen(session, p.jahr, p.art, p.nummer):
        raise ValueError(f"Feld „Periode“: {p.lang} ist bereits abgeschlossen.")
    jetzt, benutzer = _jetzt(), _text(durch)[:100] or "?"
    abschluss = Periodenabschluss(jahr=p.jahr, periodenart=p.art, periode=p.nummer, abgeschlossen_am=jetzt,
                                  abgeschlossen_von=benutzer)
    session.add(abschluss)
    session.add(Abschlussverlauf(jahr=p.jahr, periodenart=p.art, periode=p.nummer, aktion="abgeschlossen",
                                 zeitpunkt=jetzt, benutzer=benutzer))
    session.flush()
    berichtsstand.einfrieren(session, p, benutzer, regeln)
    return abschluss


GRUND_MINDESTLAENGE = 10
GRUND_HOECHSTLAENGE = 2000


def grund_pruefen(grund: str | None) -> str:
    """The trimmed reason for reopening; ValueError unless it has 10 to 2.000 characters."""
    grund = _text(grund)
    if not grund:
        raise ValueError(f"Feld „Grund“: bitte angeben, warum die Periode wieder geöffnet wird "
                         f"(mindestens {GRUND_MINDESTLAENGE} Zeichen).")
    if len(grund) < GRUND_MINDESTLAENGE:
        raise ValueError(f"Feld „Grund“: „{grund}“ ist zu kurz (erwartet: mindestens {GRUND_MINDESTLAENGE} Zeichen, "
                         "z. B. „Nachmeldung der Fallzahlen HzE durch das Jugendamt“).")
    if len(grund) > GRUND_HOECHSTLAENGE:
        raise ValueError("Feld „Grund“: höchstens 2.000 Zeichen.")
    return grund


def periode_oeffnen(session: Session, jahr: int, periodenart: str, periode: int, grund: str | None,
                    durch: str) -> None:
    """Open a closed period again with a reason (10+ characters); the history notes it, frozen fassungen stay."""
    p = _periode(jahr, periodenart, periode)
    if not ist_abgeschlossen(session, p.jahr, p.art, p.nummer):
        raise ValueError(f"Feld „Periode“: {p.lang} ist nicht abgeschlossen.")
    grund = grund_pruefen(grund)
    session.execute(delete(Periodenabschluss).where(
        Periodenabschluss.jahr == p.jahr, Periodenabschluss.periodenart == p.art,
        Periodenabschluss.periode == p.nummer))
    session.add(Abschlussverlauf(jahr=p.jahr, periodenart=p.art, periode=p.nummer, aktion="wiedergeoeffnet",
                                 grund=grund, zeitpunkt=_jetzt(), benutzer=_text(durch)[:100] or "?"))
    session.flush()


def periodenuebersicht(fabrik: sessionmaker[Session], periodenart: str) -> pd.DataFrame:
    """Periods with Ist values (of ``periodenart`` and whole years) and every closed period, newest first.

    Columns: schluessel ('2026-quartal-3'), jahr, periodenart, periode, bezeichnung ('3. Quartal 2026'),
    abgeschlossen (bool), abgeschlossen_am (datetime or None), abgeschlossen_von.
    """
    if periodenart not in PERIODEN_JE_JAHR:
        raise ValueError(f"Unbekannte Periodenart: {periodenart}")
    kw = Kennzahlwert
    with fabrik() as s:
        mit_werten = s.execute(
            select(kw.jahr, kw.periodenart, kw.periode).where(kw.wertart == "ist",
                                                              kw.periodenart.in_([periodenart, "jahr"]))
            .distinct()).all()
        abschluesse = {(a.jahr, a.periodenart, a.periode): a for a in s.scalars(select(Periodenabschluss))}
    perioden = {tuple(p) for p in mit_werten} | {(j, "jahr", 1) for j, _, _ in mit_werten} | set(abschluesse)
    zeilen = []
    for jahr, art, nummer in perioden:
        p = Periode(jahr, art, nummer)
        a = abschluesse.get((jahr, art, nummer))
        zeilen.append((periodenschluessel(p), jahr, art, nummer, p.lang, a is not None,
                       a.abgeschlossen_am if a else None, a.abgeschlossen_von if a else None))
    df = pd.DataFrame(zeilen, columns=["schluessel", "jahr", "periodenart", "periode", "bezeichnung",
                                       "abgeschlossen", "abgeschlossen_am", "abgeschlossen_von"])
    # Newest first; within a year the whole year comes before its last in-year period.
    df["_rang"] = [99 if a == "jahr" else n for a, n in zip(df["periodenart"], df["periode"], strict=True)]
    return (df.sort_values(["jahr", "_rang"], ascending=False).drop(columns="_rang")
            .reset_index(drop=True))


# --- thresholds -----------------------------------------------------------------------------------


def schwellenwerte_lesen(session: Session) -> dict[str, str]:
    """Thresholds stored in the app (key as in ``Schwellenwerte`` → text such as '0.95')."""
    zeilen = session.execute(select(Einstellung.schluessel, Einstellung.wert)
                             .where(Einstellung.schluessel.startswith(SCHWELLENWERT_PRAEFIX))).all()
    bekannt = {f.name for f in fields(Schwellenwerte)}
    werte = {k.removeprefix(SCHWELLENWERT_PRAEFIX): w for k, w in zeilen}
    return {k: w for k, w in werte.items() if k in bekannt}


def schwellenwerte_wirksam(session: Session, basis: Mapping[str, str] | None = None) -> Schwellenwerte:
    """The thresholds in force: stored ones over ``basis`` (WK_SCHWELLENWERTE) over the defaults.

    If the stored ones no longer fit a changed ``basis`` (levels out of order), ``basis`` alone applies
    and a warning is logged, so a settings change can never break the cockpit.
    """
    try:
        return schwellenwerte_aus_texten({**(basis or {}), **schwellenwerte_lesen(session)})
    except ValueError as fehler:
        log.warning("Gespeicherte Schwellenwerte passen nicht zu WK_SCHWELLENWERTE (%s); es gilt WK_SCHWELLENWERTE.",
                    fehler)
        return schwellenwerte_aus_texten(dict(basis or {}))


def schwellenwerte_speichern(session: Session, texte: Mapping[str, str | None],
                             basis: Mapping[str, str] | None = None) -> dict[str, str]:
    """Store thresholds from form text ('0,95', '95 %'; blank = back to the default); returns the stored set.

    The whole resulting set (with ``basis`` underneath) is validated before anything is written, so a
    threshold can never be stored that would put the levels out of order.
    """
    bekannt = {f.name for f in fields(Schwellenwerte)}
    for schluessel in texte:
        if schluessel not in bekannt:
            raise ValueError(f"Unbekannter Schwellenwert „{schluessel}“.")
    texte_neu: dict[str, object] = dict(schwellenwerte_lesen(session))
    for schluessel, text in texte.items():
        if _text(text):
            texte_neu[schluessel] = text
        else:
            texte_neu.pop(schluessel, None)
    try:
        ergebnis = schwellenwerte_aus_texten({**(basis or {}), **texte_neu})
    except ValueError as fehler:
        raise ValueError(_feldname_einsetzen(str(fehler))) from None
    neu = {schluessel: repr(getattr(ergebnis, schluessel)) for schluessel in texte_neu}
    session.execute(delete(Einstellung).where(Einstellung.schluessel.startswith(SCHWELLENWERT_PRAEFIX)))
    for schluessel, wert in sorted(neu.items()):
        session.add(Einstellung(schluessel=SCHWELLENWERT_PRAEFIX + schluessel, wert=wert))
    session.flush()
    return neu


def _feldname_einsetzen(meldung: str) -> str:
    """Replace technical keys in a message by the form's field names ('Ampel: gelb ab')."""
    for schluessel, name in SCHWELLENWERTNAMEN.items():
        meldung = meldung.replace(f"„{schluessel}“", f"„{name}“")
    return meldung


def schwellenwerte_uebersicht(fabrik: sessionmaker[Session], basis: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per threshold for the form.

    Columns: schluessel, bezeichnung (German field name), gespeichert (stored text or None), standard (the
    value without a stored one: ``basis`` or the built-in default), wirksam (the value in force).
    """
    standard = schwellenwerte_aus_texten(dict(basis or {}))
    with fabrik() as s:
        gespeichert = schwellenwerte_lesen(s)
        wirksam = schwellenwerte_wirksam(s, basis)
    return pd.DataFrame(
        [(k, name, gespeichert.get(k), getattr(standard, k), getattr(wirksam, k))
         for k, name in SCHWELLENWERTNAMEN.items()],
        columns=["schluessel", "bezeichnung", "gespeichert", "standard", "wirksam"],
    )
