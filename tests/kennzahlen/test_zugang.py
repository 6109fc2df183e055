"""Passwords, roles with scope, sessions and login limits (no web layer)."""

import datetime as dt

import pytest

from kennzahlen import zugang
from kennzahlen.db import transaktion
from kennzahlen.zugang import Benutzerkontext, Rolle


def test_zg001_passwort_hash():
    """scrypt hashes are salted; only the right password matches; garbage never matches."""
    h1, h2 = zugang.passwort_hashen("Kennwort-123456"), zugang.passwort_hashen("Kennwort-123456")
    assert h1 != h2 and h1.startswith("scrypt$")
    assert zugang.passwort_pruefen("Kennwort-123456", h1)
    assert not zugang.passwort_pruefen("kennwort-123456", h1)
    assert not zugang.passwort_pruefen("x", None) and not zugang.passwort_pruefen("x", "kaputt$$")


def test_zg002_rollen_und_bereiche():
    """Fachbereich writes only in its field; Leitung reads and never writes; Controlling writes everywhere."""
    jugend = Benutzerkontext(1, "j", "J", (Rolle("fachbereich", handlungsfeld_id=5),))
    assert jugend.darf("lesen") and jugend.darf("kommentieren", frozenset({5}))
    assert not jugend.darf("kommentieren", frozenset({1})) and not jugend.darf("kommentieren")
    assert jugend.darf_irgendwo("kommentieren") and not jugend.darf_irgendwo("importieren")
    leitung = Benutzerkontext(2, "l", "L", (Rolle("leitung"),))
    assert leitung.darf("entwurf_lesen") and not leitung.darf_irgendwo("kommentieren")
    controlling = Benutzerkontext(3, "c", "C", (Rolle("controlling"),))
    assert controlling.darf("kommentieren", frozenset({1})) and controlling.darf("importieren")
    assert not controlling.darf("benutzer_verwalten")
    with pytest.raises(ValueError):
        jugend.darf("fliegen")


def test_zg003_sitzung_und_sperre(fabrik):
    """A login starts a session; wrong passwords lock the account after five attempts."""
    with transaktion(fabrik) as s:
        zugang.benutzer_anlegen(s, "anna", "Anna", "ein-langes-kennwort", [Rolle("leitung")])
    nutzer, token = zugang.anmelden(fabrik, "anna", "ein-langes-kennwort", "127.0.0.1")
    assert nutzer.login == "anna"
    stunde = dt.timedelta(hours=1)
    assert zugang.sitzung_pruefen(fabrik, token, stunde, stunde).login == "anna"
    zugang.abmelden(fabrik, token)
    assert zugang.sitzung_pruefen(fabrik, token, stunde, stunde) is None
    for _ in range(zugang.MAX_FEHLVERSUCHE_JE_LOGIN):
        with pytest.raises(zugang.AnmeldeFehler, match="falsch"):
            zugang.anmelden(fabrik, "anna", "nein", "127.0.0.1")
    with pytest.raises(zugang.AnmeldeFehler, match="Zu viele"):
        zugang.anmelden(fabrik, "anna", "ein-langes-kennwort", "127.0.0.1")


def test_zg004_kennwortregeln():
    """Passwords need at least 12 characters and some variety."""
    assert zugang.passwort_ausreichend("kurz") is not None
    assert zugang.passwort_ausreichend("aaaaaaaaaaaaaaaa") is not None
    assert zugang.passwort_ausreichend("Sozialplanung2026!") is None
