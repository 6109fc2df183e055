"""Who may do what: users, password hashes, roles with scope, sessions, login limits, audit trail.

No web framework here: the dashboard's security layer calls these functions at one point.
Passwords are hashed with scrypt (stdlib); sessions are random tokens of which the database keeps
only the SHA-256, so a database dump does not let anyone take over a session.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.models import (
    Anmeldeversuch,
    Auditeintrag,
    Benutzer,
    Einstellung,
    Handlungsfeld,
    Rollenzuweisung,
    Sitzung,
)

log = logging.getLogger(__name__)

RECHTE = {
    "lesen": "Cockpit und Auswertungen lesen",
    "entwurf_lesen": "Haushaltsentwürfe lesen (wenn eingeschränkt)",
    "kommentieren": "Abweichungsbegründungen und Maßnahmen schreiben",
    "ist_erfassen": "Ist-Werte erfassen",
    "prognose_erfassen": "Jahresprognosen der eigenen Produkte mit Begründung erfassen",
    "prognose_waehlen": "festlegen, welche Prognose je Produkt gilt",
    "haushalt_aendern": "Veränderungsliste zum Haushaltsentwurf erfassen",
    "importieren": "Dateien importieren",
    "stammdaten": "Stammdaten pflegen",
    "schwellenwerte": "Schwellenwerte festlegen",
    "perioden_abschliessen": "Berichtsperioden abschließen",
    "benutzer_verwalten": "Benutzer und Rollen verwalten",
    "einrichten": "Kommune einrichten (Name, Gemeindeschlüssel, Einwohner, KGSt-Vorgaben)",
    "audit_lesen": "Änderungsprotokoll lesen",
}
ROLLENNAMEN = {
    "leitung": "Leitung",
    "fachbereich": "Fachbereich",
    "controlling": "Controlling",
    "administration": "Administration",
}
ROLLENRECHTE: dict[str, frozenset[str]] = {
    "leitung": frozenset({"lesen", "entwurf_lesen"}),
    "fachbereich": frozenset({"lesen", "kommentieren", "ist_erfassen", "prognose_erfassen"}),
    "controlling": frozenset({"lesen", "entwurf_lesen", "kommentieren", "ist_erfassen", "prognose_erfassen",
                              "prognose_waehlen", "haushalt_aendern", "importieren", "stammdaten", "schwellenwerte",
                              "perioden_abschliessen"}),
    "administration": frozenset({"lesen", "benutzer_verwalten", "audit_lesen", "einrichten"}),
}
# Rights a role holds only inside the Handlungsfeld or owner unit of its assignment (when one is set).
BEREICHSRECHTE = frozenset({"kommentieren", "ist_erfassen", "prognose_erfassen"})

MAX_FEHLVERSUCHE_JE_LOGIN = 5
MAX_FEHLVERSUCHE_JE_ADRESSE = 20
SPERRFENSTER = dt.timedelta(minutes=15)
DEMO_PASSWORT = "demo"


class AnmeldeFehler(Exception):
    """Login refused; the message is German and safe to show (it never says which part was wrong)."""


def _jetzt() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(zeit: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; treat them as UTC."""
    return zeit if zeit.tzinfo else zeit.replace(tzinfo=dt.UTC)


# --- passwords ------------------------------------------------------------------------------------

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def passwort_hashen(passwort: str) -> str:
    """scrypt hash with a random salt: 'scrypt$16384$8$1$<salt>$<hash>'."""
    salz = secrets.token_bytes(16)
    wert = hashlib.scrypt(passwort.encode(), salt=salz, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salz).decode()}${b64(wert).decode()}"


def passwort_pruefen(passwort: str, gespeichert: str | None) -> bool:
    """True when ``passwort`` matches the stored hash (constant-time comparison)."""
    if not gespeichert:
        return False
    try:
        verfahren, n, r, p, salz, wert = gespeichert.split("$")
        if verfahren != "scrypt":
            return False
        probe = hashlib.scrypt(passwort.encode(), salt=base64.b64decode(salz), n=int(n), r=int(r), p=int(p),
                               dklen=len(base64.b64decode(wert)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(probe, base64.b64decode(wert))


def passwort_ausreichend(passwort: str) -> str | None:
    """None if the password is acceptable, else a German reason (length ≥ 12, not trivial)."""
    if len(passwort) < 12:
        return "Das Kennwort muss mindestens 12 Zeichen lang sein."
    if len(set(passwort)) < 5:
        return "Das Kennwort ist zu einfach (zu wenige verschiedene Zeichen)."
    return None


# --- the user as the app sees it ------------------------------------------------------------------


@dataclass(frozen=True)
class Rolle:
    """One role assignment, optionally limited to a Handlungsfeld or an owner unit."""

    rolle: str
    handlungsfeld_id: int | None = None
    organisationseinheit_id: int | None = None


@dataclass(frozen=True)
class Benutzerkontext:
    """The signed-in user: identity and roles; ``darf`` answers every permission question."""

    id: int | None
    login: str
    name: str
    rollen: tuple[Rolle, ...]

    def darf(self, recht: str, handlungsfelder: frozenset[int] = frozenset(),
             organisationseinheit_id: int | None = None) -> bool:
        """Whether any role grants ``recht``; scoped rights also need the object's field or unit to match."""
        if recht not in RECHTE:
            raise ValueError(f"Unbekanntes Recht: {recht}")
        for r in self.rollen:
            if recht not in ROLLENRECHTE.get(r.rolle, frozenset()):
                continue
            if recht not in BEREICHSRECHTE or (r.handlungsfeld_id is None and r.organisationseinheit_id is None):
                return True
            if r.handlungsfeld_id is not None and r.handlungsfeld_id in handlungsfelder:
                return True
            if r.organisationseinheit_id is not None and r.organisationseinheit_id == organisationseinheit_id:
                return True
        return False

    def darf_irgendwo(self, recht: str) -> bool:
        """Whether any role grants ``recht`` at all (for scoped rights: in at least one field or unit)."""
        return any(recht in ROLLENRECHTE.get(r.rolle, frozenset()) for r in self.rollen)

    @property
    def rollentext(self) -> str:
        """'Controlling, Fachbereich' for the header."""
        return ", ".join(sorted({ROLLENNAMEN.get(r.rolle, r.rolle) for r in self.rollen})) or "ohne Rolle"


def darf_entwurf_lesen(nutzer: Benutzerkontext | None, eingeschraenkt: bool) -> bool:
    """Whether ``nutzer`` may see budget drafts (version Entwurf): with WK_ENTWURF_EINGESCHRAENKT only
    holders of ``entwurf_lesen`` (Leitung, Controlling), otherwise every reader."""
    if nutzer is None:
        return False
    return nutzer.darf("entwurf_lesen") if eingeschraenkt else nutzer.darf("lesen")


TESTBETRIEB = Benutzerkontext(None, "testbetrieb", "Testbetrieb ohne Anmeldung",
                              tuple(Rolle(r) for r in ROLLENRECHTE))


def _kontext(session: Session, benutzer: Benutzer) -> Benutzerkontext:
    rollen = session.execute(
        select(Rollenzuweisung.rolle, Rollenzuweisung.handlungsfeld_id, Rollenzuweisung.organisationseinheit_id)
        .where(Rollenzuweisung.benutzer_id == benutzer.id)
        .order_by(Rollenzuweisung.id)
    ).all()
    return Benutzerkontext(benutzer.id, benutzer.login, benutzer.name, tuple(Rolle(*r) for r in rollen))


def benutzer_laden(fabrik: sessionmaker[Session], login: str) -> Benutzerkontext | None:
    """The active user with this login, or None."""
    with fabrik() as s:
        b = s.scalar(select(Benutzer).where(Benutzer.login == login, Benutzer.aktiv.is_(True)))
        return _kontext(s, b) if b else None


def benutzer_anlegen(session: Session, login: str, name: str, passwort: str | None,
                     rollen: list[Rolle], email: str | None = None) -> Benutzer:
    """Create a user with roles (passwort None: single sign-on only)."""
    benutzer = Benutzer(login=login, name=name, email=email,
                        passwort_hash=passwort_hashen(passwort) if passwort else None, aktiv=True)
    session.add(benutzer)
    session.flush()
    for r in rollen:
        session.add(Rollenzuweisung(benutzer_id=benutzer.id, rolle=r.rolle, handlungsfeld_id=r.handlungsfeld_id,
                                    organisationseinheit_id=r.organisationseinheit_id))
    session.flush()
    return benutzer


# --- login, sessions, limits ----------------------------------------------------------------------


def _fehlversuche(session: Session, spalte, wert: str, seit: dt.datetime) -> int:
    return session.scalar(
        select(func.count()).select_from(Anmeldeversuch)
        .where(spalte == wert, Anmeldeversuch.zeitpunkt >= seit, Anmeldeversuch.erfolgreich.is_(False))
    ) or 0


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sitzung_beginnen(session: Session, benutzer_id: int, adresse: str) -> str:
    """Start a new session and return its token (a fresh id at every login)."""
    token = secrets.token_urlsafe(32)
    session.add(Sitzung(token_hash=_token_hash(token), benutzer_id=benutzer_id, adresse=adresse[:64]))
    return token


@functools.cache
def _attrappen_hash() -> str:
    """A hash no password matches: checked instead of a missing one, so every refusal costs one scrypt."""
    return passwort_hashen(secrets.token_urlsafe(24))


def anmelden(fabrik: sessionmaker[Session], login: str, passwort: str, adresse: str,
             bekanntes_geraet: bool = False) -> tuple[Benutzerkontext, str]:
    """Check the password, enforce the attempt limits, start a session; AnmeldeFehler when refused.

    Limits: 5 failures per account and 20 per client address within 15 minutes. A browser in which this
    account signed in before (``bekanntes_geraet``, see ``geraet_pruefen``) is not held back by the
    address limit, so failures of others behind the same address cannot lock its user out. Unknown,
    inactive and password-less accounts cost the same single scrypt check as a wrong password.
    """
    jetzt = _jetzt()
    login = login.strip()[:100]
    with fabrik() as s, s.begin():
        seit = jetzt - SPERRFENSTER
        if (_fehlversuche(s, Anmeldeversuch.login, login, seit) >= MAX_FEHLVERSUCHE_JE_LOGIN
                or (not bekanntes_geraet
                    and _fehlversuche(s, Anmeldeversuch.adresse, adresse, seit) >= MAX_FEHLVERSUCHE_JE_ADRESSE)):
            s.add(Anmeldeversuch(zeitpunkt=jetzt, login=login, adresse=adresse[:64], erfolgreich=False))
            raise AnmeldeFehler("Zu viele fehlgeschlagene Anmeldungen. Bitte in 15 Minuten erneut versuchen.")
        benutzer = s.scalar(select(Benutzer).where(Benutzer.login == login))
        gespeichert = benutzer.passwort_hash if benutzer is not None and benutzer.aktiv else None
        passt = passwort_pruefen(passwort, gespeichert or _attrappen_hash())
        ok = gespeichert is not None and passt
        s.add(Anmeldeversuch(zeitpunkt=jetzt, login=login, adresse=adresse[:64], erfolgreich=ok))
        if not ok:
            protokollieren(s, login, "anmeldung_fehlgeschlagen", adresse)
    if not ok:
        raise AnmeldeFehler("Anmeldung fehlgeschlagen: Benutzername oder Kennwort ist falsch.")
    with fabrik() as s, s.begin():
        benutzer = s.get(Benutzer, benutzer.id)
        benutzer.letzter_login = jetzt
        token = sitzung_beginnen(s, benutzer.id, adresse)
        protokollieren(s, login, "anmeldung", adresse)
        return _kontext(s, benutzer), token


GERAET_GUELTIG = dt.timedelta(days=90)


def _geraeteschluessel(fabrik: sessionmaker[Session]) -> bytes:
    """The server's secret for device cookies (made once, kept in the database for every worker)."""
    with fabrik() as s:
        wert = s.scalar(select(Einstellung.wert).where(Einstellung.schluessel == "geraeteschluessel"))
    if wert is None:
        try:
            with fabrik() as s, s.begin():
                s.add(Einstellung(schluessel="geraeteschluessel", wert=secrets.token_hex(32)))
        except IntegrityError:  # another worker made it at the same moment
            pass
        with fabrik() as s:
            wert = s.scalar(select(Einstellung.wert).where(Einstellung.schluessel == "geraeteschluessel"))
    return bytes.fromhex(wert)


def _geraetesignatur(schluessel: bytes, login: str, ablauf: int) -> str:
    return hmac.new(schluessel, f"{login}|{ablauf}".encode(), hashlib.sha256).hexdigest()


def geraet_merken(fabrik: sessionmaker[Session], login: str) -> str:
    """A signed device cookie value: this browser signed in as ``login`` (valid 90 days)."""
    ablauf = int((_jetzt() + GERAET_GUELTIG).timestamp())
    kodiert = base64.urlsafe_b64encode(login.encode()).decode()
    return f"{kodiert}.{ablauf}.{_geraetesignatur(_geraeteschluessel(fabrik), login, ablauf)}"


def geraet_pruefen(fabrik: sessionmaker[Session], wert: str | None, login: str) -> bool:
    """True when ``wert`` is an unexpired device cookie of ``login`` signed by this server."""
    if not wert or wert.count(".") != 2:
        return False
    kodiert, ablauf_text, signatur = wert.split(".")
    try:
        gemerkt = base64.urlsafe_b64decode(kodiert.encode()).decode()
        ablauf = int(ablauf_text)
    except (ValueError, UnicodeDecodeError):
        return False
    if gemerkt != login.strip()[:100] or ablauf < _jetzt().timestamp():
        return False
    return hmac.compare_digest(signatur, _geraetesignatur(_geraeteschluessel(fabrik), gemerkt, ablauf))


def sso_anmelden(fabrik: sessionmaker[Session], login: str, adresse: str) -> tuple[Benutzerkontext, str]:
    """Single sign-on (user name from a trusted proxy): the account must exist and be active."""
    with fabrik() as s, s.begin():
        benutzer = s.scalar(select(Benutzer).where(Benutzer.login == login, Benutzer.aktiv.is_(True)))
        if benutzer is None:
            raise AnmeldeFehler(f"Das Konto „{login}“ ist für das Wirkungscockpit nicht freigeschaltet.")
        benutzer.letzter_login = _jetzt()
        token = sitzung_beginnen(s, benutzer.id, adresse)
        s.add(Auditeintrag(benutzer=login, aktion="anmeldung_sso", objekt=adresse))
        return _kontext(s, benutzer), token


def sitzung_pruefen(fabrik: sessionmaker[Session], token: str | None, leerlauf: dt.timedelta,
                    hoechstdauer: dt.timedelta) -> Benutzerkontext | None:
    """The user of a valid session (not ended, not idle too long, not too old), else None."""
    if not token:
        return None
    jetzt = _jetzt()
    with fabrik() as s:
        zeile = s.execute(
            select(Sitzung, Benutzer).join(Benutzer, Benutzer.id == Sitzung.benutzer_id)
            .where(Sitzung.token_hash == _token_hash(token), Sitzung.beendet_am.is_(None), Benutzer.aktiv.is_(True))
        ).first()
        if zeile is None:
            return None
        sitzung, benutzer = zeile
        if jetzt - _utc(sitzung.zuletzt_aktiv) > leerlauf or jetzt - _utc(sitzung.erstellt_am) > hoechstdauer:
            s.execute(update(Sitzung).where(Sitzung.id == sitzung.id).values(beendet_am=jetzt))
            s.commit()
            return None
        if jetzt - _utc(sitzung.zuletzt_aktiv) > dt.timedelta(seconds=30):  # fewer writes, same idle limit
            s.execute(update(Sitzung).where(Sitzung.id == sitzung.id).values(zuletzt_aktiv=jetzt))
            s.commit()
        return _kontext(s, benutzer)


def abmelden(fabrik: sessionmaker[Session], token: str | None) -> None:
    """End the session of ``token`` (no-op for unknown tokens)."""
    if not token:
        return
    with fabrik() as s, s.begin():
        sitzung = s.scalar(select(Sitzung).where(Sitzung.token_hash == _token_hash(token)))
        if sitzung and sitzung.beendet_am is None:
            sitzung.beendet_am = _jetzt()
            login = s.scalar(select(Benutzer.login).where(Benutzer.id == sitzung.benutzer_id))
            s.add(Auditeintrag(benutzer=login or "?", aktion="abmeldung"))


# --- audit ----------------------------------------------------------------------------------------


def protokollieren(session: Session, benutzer: Benutzerkontext | str, aktion: str, objekt: str | None = None,
                   details: dict | str | None = None) -> None:
    """Record a change in the audit trail (inside the caller's transaction)."""
    login = benutzer if isinstance(benutzer, str) else benutzer.login
    text = json.dumps(details, ensure_ascii=False, default=str) if isinstance(details, dict) else details
    if objekt is not None and len(objekt) > 200:  # the full text goes to the details, nothing is lost
        text = json.dumps({"objekt": objekt, "details": details}, ensure_ascii=False, default=str)
        objekt = objekt[:199] + "…"
    session.add(Auditeintrag(benutzer=login[:100], aktion=aktion[:60], objekt=objekt, details=text))


# --- demo accounts --------------------------------------------------------------------------------

DEMO_BENUTZER = (
    ("leitung", "Dr. Lea Leitung (Sozialdezernentin)", "leitung", None),
    ("controlling", "Carl Controlling (Finanzcontrolling)", "controlling", None),
    ("admin", "Ada Admin (IT-Administration)", "administration", None),
    ("jugendamt", "Jana Jugend (Jugendamt)", "fachbereich", "Jugend"),
    ("sozialamt", "Sami Sozial (Amt für Soziales)", "fachbereich", "Arbeit"),
)


def demo_benutzer_anlegen(session: Session) -> list[str]:
    """Create the demo accounts (password 'demo'); Fachbereich accounts are limited to one Handlungsfeld."""
    angelegt = []
    for login, name, rolle, feld in DEMO_BENUTZER:
        if session.scalar(select(Benutzer.id).where(Benutzer.login == login)) is not None:
            continue
        hf_id = None
        if feld:
            hf_id = session.scalar(select(Handlungsfeld.id).where(Handlungsfeld.name.startswith(feld)).limit(1))
        b = Benutzer(login=login, name=name, passwort_hash=passwort_hashen(DEMO_PASSWORT), aktiv=True)
        session.add(b)
        session.flush()
        session.add(Rollenzuweisung(benutzer_id=b.id, rolle=rolle, handlungsfeld_id=hf_id))
        angelegt.append(login)
    session.flush()
    return angelegt


def demo_kennwoerter_aktiv(fabrik: sessionmaker[Session]) -> list[str]:
    """Logins of active accounts that still accept the demo password (production refuses to start)."""
    with fabrik() as s:
        konten = s.execute(select(Benutzer.login, Benutzer.passwort_hash).where(Benutzer.aktiv.is_(True))).all()
    return [login for login, h in konten if passwort_pruefen(DEMO_PASSWORT, h)]


def bereich_von(session: Session, art: str, code: str) -> tuple[frozenset[int], int | None] | None:
    """(Handlungsfelder, owner unit) an object belongs to, for scoped permission checks; None if unknown.

    A Kennzahl belongs to its own field and to the fields of its goals; a Produkt to the fields of the
    goals it serves; a Ziel to its field.
    """
    from kennzahlen.models import Kennzahl, Produkt, Ziel, ZielKennzahl, ZielProdukt

    if art == "ziel":
        zeile = session.execute(select(Ziel.handlungsfeld_id, Ziel.organisationseinheit_id)
                                .where(Ziel.code == code)).first()
        return None if zeile is None else (frozenset({zeile[0]}), zeile[1])
    if art == "kennzahl":
        zeile = session.execute(select(Kennzahl.id, Kennzahl.handlungsfeld_id, Kennzahl.organisationseinheit_id)
                                .where(Kennzahl.code == code)).first()
        if zeile is None:
            return None
        felder = set(session.scalars(select(Ziel.handlungsfeld_id).join(ZielKennzahl, ZielKennzahl.ziel_id == Ziel.id)
                                     .where(ZielKennzahl.kennzahl_id == zeile[0])))
        return frozenset(felder | ({zeile[1]} if zeile[1] else set())), zeile[2]
    if art == "produkt":
        zeile = session.execute(select(Produkt.id, Produkt.organisationseinheit_id).where(Produkt.code == code)).first()
        if zeile is None:
            return None
        felder = session.scalars(select(Ziel.handlungsfeld_id).join(ZielProdukt, ZielProdukt.ziel_id == Ziel.id)
                                 .where(ZielProdukt.produkt_id == zeile[0]))
        return frozenset(felder), zeile[1]
    raise ValueError(f"Unbekannte Objektart: {art}")
