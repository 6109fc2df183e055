"""Settings from environment variables, parsed once into a typed object.

Every setting has a default and a help line; ``EINSTELLUNGEN`` is the single list of them, and the
README documents each (a test checks that). A wrong value raises ``EinstellungsFehler`` whose message
names the setting in one line.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class EinstellungsFehler(ValueError):
    """A setting has a value of the wrong kind or cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Einstellungsdefinition:
    """One environment variable: its name, default (as text), help line and parser."""

    name: str
    default: str
    hilfe: str
    parser: Callable[[str, str], Any]
    feld: str


def _text(name: str, wert: str) -> str:
    return wert.strip()


def _bool(name: str, wert: str) -> bool:
    w = wert.strip().lower()
    if w in {"1", "true", "ja", "yes", "on", "an"}:
        return True
    if w in {"0", "false", "nein", "no", "off", "aus", ""}:
        return False
    raise EinstellungsFehler(f"{name}: '{wert}' ist kein Wahrheitswert (erwartet: ja/nein, true/false, 1/0).")


def _ganzzahl(minimum: int, maximum: int) -> Callable[[str, str], int]:
    def parse(name: str, wert: str) -> int:
        try:
            zahl = int(wert.strip())
        except ValueError:
            raise EinstellungsFehler(f"{name}: '{wert}' ist keine ganze Zahl.") from None
        if not minimum <= zahl <= maximum:
            raise EinstellungsFehler(f"{name}: {zahl} liegt nicht zwischen {minimum} und {maximum}.")
        return zahl

    return parse


def _auswahl(*erlaubt: str) -> Callable[[str, str], str]:
    def parse(name: str, wert: str) -> str:
        w = wert.strip().lower()
        if w not in erlaubt:
            raise EinstellungsFehler(f"{name}: '{wert}' ist nicht erlaubt (erlaubt: {', '.join(erlaubt)}).")
        return w

    return parse


def _schwellen(name: str, wert: str) -> dict[str, str]:
    from kennzahlen.status import schwellenwerte_aus_texten

    paare: dict[str, str] = {}
    for teil in (t.strip() for t in wert.split(";")):
        if not teil:
            continue
        schluessel, gleich, zahl = teil.partition("=")
        if not gleich:
            raise EinstellungsFehler(f"{name}: '{teil}' hat nicht die Form schluessel=wert.")
        paare[schluessel.strip()] = zahl.strip()
    try:
        schwellenwerte_aus_texten(paare)
    except ValueError as fehler:
        raise EinstellungsFehler(f"{name}: {fehler}") from None
    return paare


def _datum(name: str, wert: str) -> dt.date:
    try:
        return dt.date.fromisoformat(wert.strip())
    except ValueError:
        raise EinstellungsFehler(f"{name}: '{wert}' ist kein Datum (erwartet: JJJJ-MM-TT).") from None


def _pfad(name: str, wert: str) -> Path:
    return Path(wert.strip() or ".").expanduser()


EINSTELLUNGEN: tuple[Einstellungsdefinition, ...] = (
    Einstellungsdefinition(
        "DATABASE_URL", "",
        "SQLAlchemy-URL der Datenbank, z. B. postgresql+psycopg://user:pw@host/db. Leer: SQLite-Datei "
        "im Datenverzeichnis, beim ersten Start mit der Demostadt Musterstadt gefüllt.",
        _text, "database_url",
    ),
    Einstellungsdefinition(
        "WK_REDIS_URL", "",
        "Redis für den gemeinsamen Cache mehrerer Worker und Instanzen, z. B. redis://127.0.0.1:6379/0. "
        "Leer: jeder Prozess hat einen eigenen kleinen Cache.",
        _text, "redis_url",
    ),
    Einstellungsdefinition(
        "WK_DATENVERZEICHNIS", "data",
        "Verzeichnis für die SQLite-Datei (nur ohne DATABASE_URL).",
        _pfad, "datenverzeichnis",
    ),
    Einstellungsdefinition(
        "WK_DEMO_LADEN", "ja",
        "Füllt eine leere Standard-SQLite-Datenbank beim ersten Start mit der Demostadt (ja/nein).",
        _bool, "demo_laden",
    ),
    Einstellungsdefinition(
        "WK_BERICHTSPERIODE", "quartal",
        "Unterjährige Berichtsperiode: quartal, tertial oder monat.",
        _auswahl("quartal", "tertial", "monat"), "berichtsperiode",
    ),
    Einstellungsdefinition(
        "WK_STATUSSKALA", "ampel",
        "Statusskala der Zielerreichung: ampel (3 Stufen) oder fuenfstufig (überplanmäßig … nicht erreicht).",
        _auswahl("ampel", "fuenfstufig"), "statusskala",
    ),
    Einstellungsdefinition(
        "WK_ROLLUP_REGEL", "gewichtetes_mittel",
        "Verdichtung Kennzahl → Ziel → Handlungsfeld: gewichtetes_mittel oder schlechteste.",
        _auswahl("gewichtetes_mittel", "schlechteste"), "rollup_regel",
    ),
    Einstellungsdefinition(
        "WK_SCHWELLENWERTE", "",
        "Schwellen der Statusstufen als Zielerreichungsgrad, z. B. 'ampel_gruen=0,95; ampel_gelb=0,8' "
        "(weitere: ueberplanmaessig, zur_gaenze, ueberwiegend, teilweise). Leer: Standardwerte.",
        _schwellen, "schwellenwerte",
    ),
    Einstellungsdefinition(
        "WK_UMGEBUNG", "entwicklung",
        "entwicklung oder produktion. In Produktion startet die App nicht ohne Anmeldung, nicht mit Demo-Kennwörtern "
        "und nicht im Debugmodus; das Sitzungscookie ist immer Secure.",
        _auswahl("entwicklung", "produktion"), "umgebung",
    ),
    Einstellungsdefinition(
        "WK_SQLITE_IN_PRODUKTION", "nein",
        "In Produktion auch auf SQLite starten (ja/nein). Ohne diese ausdrückliche Zustimmung verlangt "
        "WK_UMGEBUNG=produktion eine PostgreSQL-DATABASE_URL.",
        _bool, "sqlite_in_produktion",
    ),
    Einstellungsdefinition(
        "WK_ANMELDUNG", "lokal",
        "lokal (Benutzername und Kennwort), proxy (Single Sign-on: Benutzername aus einem Header des "
        "vertrauenswürdigen Reverse Proxys) oder aus (lokaler Testbetrieb ohne Anmeldung, nicht in Produktion).",
        _auswahl("lokal", "proxy", "aus"), "anmeldung",
    ),
    Einstellungsdefinition(
        "WK_PROXY_HEADER", "X-Remote-User",
        "Header mit dem Benutzernamen beim Single Sign-on (WK_ANMELDUNG=proxy).",
        _text, "proxy_header",
    ),
    Einstellungsdefinition(
        "WK_PROXY_ADRESSEN", "",
        "Kommagetrennte IP-Adressen der Reverse Proxys, denen der SSO-Header geglaubt wird; leer: keinem.",
        lambda n, w: tuple(a.strip() for a in w.split(",") if a.strip()), "proxy_adressen",
    ),
    Einstellungsdefinition(
        "WK_SITZUNG_LEERLAUF_MINUTEN", "30",
        "Nach so vielen Minuten ohne Aktivität endet eine Sitzung.",
        _ganzzahl(1, 24 * 60), "sitzung_leerlauf_minuten",
    ),
    Einstellungsdefinition(
        "WK_SITZUNG_HOECHSTDAUER_STUNDEN", "10",
        "Nach so vielen Stunden endet jede Sitzung, auch eine aktive.",
        _ganzzahl(1, 24 * 7), "sitzung_hoechstdauer_stunden",
    ),
    Einstellungsdefinition(
        "WK_ENTWURF_EINGESCHRAENKT", "ja",
        "Haushaltsentwürfe (Version Entwurf) nur für Leitung und Controlling sichtbar (ja/nein).",
        _bool, "entwurf_eingeschraenkt",
    ),
    Einstellungsdefinition(
        "WK_MINDESTFALLZAHL", "3",
        "Schutz kleiner Zahlen: Fallzahlen je Sozialraum unter diesem Wert (und Werte, aus denen sie sich über "
        "eine Summe zurückrechnen ließen) werden in keiner Ansicht, keinem Download und keinem Bericht gezeigt.",
        _ganzzahl(1, 1000), "mindestfallzahl",
    ),
    Einstellungsdefinition(
        "WK_MINDESTBEVOELKERUNG", "50",
        "Schutz kleiner Zahlen: Raten je 1.000 Einwohner werden für Sozialräume mit weniger Einwohnern der "
        "Altersgruppe (Nenner) nicht ausgewiesen.",
        _ganzzahl(0, 1_000_000), "mindestbevoelkerung",
    ),
    Einstellungsdefinition(
        "WK_BARRIEREFREIHEIT_KONTAKT", "",
        "Feedback-Kontakt der Erklärung zur Barrierefreiheit (/barrierefreiheit): E-Mail-Adresse oder Text, "
        "z. B. 'barrierefreiheit@musterstadt.de, Telefon 0123 456-0'. Leer: Hinweis auf die Stelle, die das "
        "Wirkungscockpit betreibt.",
        _text, "barrierefreiheit_kontakt",
    ),
    Einstellungsdefinition(
        "WK_BARRIEREFREIHEIT_STAND", "teilweise",
        "Stand der Vereinbarkeit mit BITV 2.0 in der Erklärung: vollstaendig, teilweise oder nicht.",
        _auswahl("vollstaendig", "teilweise", "nicht"), "barrierefreiheit_stand",
    ),
    Einstellungsdefinition(
        "WK_BARRIEREFREIHEIT_DATUM", "2026-12-07",
        "Datum der Erstellung bzw. letzten Überprüfung der Erklärung (JJJJ-MM-TT).",
        _datum, "barrierefreiheit_datum",
    ),
    Einstellungsdefinition(
        "WK_BARRIEREFREIHEIT_SCHLICHTUNG", "",
        "Schlichtungsstelle des Landes (Name, Adresse, Webseite) für das Schlichtungsverfahren der Erklärung. "
        "Leer: allgemeiner Hinweis auf die Schlichtungsstelle nach dem Behindertengleichstellungsgesetz.",
        _text, "barrierefreiheit_schlichtung",
    ),
    Einstellungsdefinition(
        "WK_HOST", "127.0.0.1",
        "Adresse, an die der Entwicklungsserver (make run) bindet.",
        _text, "host",
    ),
    Einstellungsdefinition(
        "WK_PORT", "8050",
        "Port des Entwicklungsservers und von gunicorn in Docker.",
        _ganzzahl(1, 65535), "port",
    ),
    Einstellungsdefinition(
        "WK_DEBUG", "nein",
        "Dash-Debugmodus (nur für die Entwicklung, nie in Produktion).",
        _bool, "debug",
    ),
    Einstellungsdefinition(
        "WK_LOGLEVEL", "INFO",
        "Protokollstufe: DEBUG, INFO, WARNING oder ERROR.",
        lambda n, w: _auswahl("debug", "info", "warning", "error")(n, w).upper(), "loglevel",
    ),
)


@dataclass(frozen=True)
class Einstellungen:
    """The parsed settings of one app or command-line run."""

    database_url: str = ""
    redis_url: str = ""
    datenverzeichnis: Path = Path("data")
    demo_laden: bool = True
    berichtsperiode: str = "quartal"
    statusskala: str = "ampel"
    rollup_regel: str = "gewichtetes_mittel"
    schwellenwerte: dict[str, str] = field(default_factory=dict)
    umgebung: str = "entwicklung"
    sqlite_in_produktion: bool = False
    anmeldung: str = "lokal"
    proxy_header: str = "X-Remote-User"
    proxy_adressen: tuple[str, ...] = ()
    sitzung_leerlauf_minuten: int = 30
    sitzung_hoechstdauer_stunden: int = 10
    entwurf_eingeschraenkt: bool = True
    mindestfallzahl: int = 3
    mindestbevoelkerung: int = 50
    barrierefreiheit_kontakt: str = ""
    barrierefreiheit_stand: str = "teilweise"
    barrierefreiheit_datum: dt.date = dt.date(2026, 12, 7)
    barrierefreiheit_schlichtung: str = ""
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    loglevel: str = "INFO"

    @property
    def ist_standarddatenbank(self) -> bool:
        """True when no DATABASE_URL is set and the embedded SQLite file is used."""
        return not self.database_url

    @property
    def datenbank_url(self) -> str:
        """The SQLAlchemy URL actually used (the SQLite file when DATABASE_URL is empty)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.datenverzeichnis / 'wirkungscockpit.sqlite').resolve()}"

    @classmethod
    def aus_umgebung(cls, umgebung: Mapping[str, str] | None = None) -> Einstellungen:
        """Parse all settings from environment variables (or the given mapping)."""
        quelle = os.environ if umgebung is None else umgebung
        werte = {d.feld: d.parser(d.name, quelle.get(d.name, d.default)) for d in EINSTELLUNGEN}
        einstellungen = cls(**werte)
        einstellungen.pruefen()
        return einstellungen

    def pruefen(self) -> None:
        """Refuse combinations that are unsafe in production (one line naming the setting)."""
        if self.umgebung != "produktion":
            return
        if self.anmeldung == "aus":
            raise EinstellungsFehler(
                "WK_ANMELDUNG: 'aus' (ohne Anmeldung) ist mit WK_UMGEBUNG=produktion nicht erlaubt.")
        if self.debug:
            raise EinstellungsFehler("WK_DEBUG: Der Debugmodus ist mit WK_UMGEBUNG=produktion nicht erlaubt.")
        if self.anmeldung == "proxy" and not self.proxy_adressen:
            raise EinstellungsFehler(
                "WK_PROXY_ADRESSEN: Für WK_ANMELDUNG=proxy muss mindestens ein Proxy genannt sein.")
        if self.datenbank_url.startswith("sqlite") and not self.sqlite_in_produktion:
            raise EinstellungsFehler(
                "DATABASE_URL: In Produktion wird eine PostgreSQL-Datenbank erwartet; SQLite nur mit "
                "WK_SQLITE_IN_PRODUKTION=ja.")
