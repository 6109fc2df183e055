"""Reading single cells: German numbers (thousands dots, decimal comma, trailing minus), integers, dates,
choices, yes/no and text. Every reader raises ``WertFehler(problem, erwartet)`` with German text.

Cells from CSV are text; cells from XLSX may already be int, float, Decimal or datetime.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

ZAHL_ERWARTET = "Dezimalzahl wie 1.234,56"
GANZZAHL_ERWARTET = "ganze Zahl wie 2024"
DATUM_ERWARTET = "Datum wie 31.12.2024 oder 2024-12-31"
JA_NEIN_ERWARTET = "ja oder nein"
GEFAEHRLICHE_ANFAENGE = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these could run as a formula in Excel; exports prefix an apostrophe."""


class WertFehler(ValueError):
    """A cell cannot be read: ``problem`` ("ist keine Zahl") and ``erwartet`` ("Dezimalzahl wie …")."""

    def __init__(self, problem: str, erwartet: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.erwartet = erwartet


@functools.lru_cache(maxsize=4096)
def _schluessel(s: str) -> str:
    s = s.strip().casefold()
    for alt, neu in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(alt, neu)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def schluessel(text: object) -> str:
    """A comparison key for headers and choices: 'Höher besser' → 'hoeher_besser', 'Fläche (km²)' → 'flaeche_km2'."""
    return _schluessel(str(text)[:200])


def ist_leer(wert: object) -> bool:
    """None, an empty or blank text."""
    return wert is None or (isinstance(wert, str) and not wert.strip())


def als_text(wert: object) -> str:
    """The cell as it would read in a spreadsheet (for error messages)."""
    if wert is None:
        return ""
    if isinstance(wert, float) and wert.is_integer():
        return str(int(wert))
    if isinstance(wert, dt.datetime):
        return wert.date().isoformat() if wert.time() == dt.time() else wert.isoformat(sep=" ")
    if isinstance(wert, dt.date):
        return wert.isoformat()
    return str(wert)


def text_lesen(wert: object) -> str | None:
    """Text without surrounding blanks (None when empty); an apostrophe that an export put before
    = + - @ to stop Excel formulas is removed again."""
    if ist_leer(wert):
        return None
    s = als_text(wert).strip()
    if s.startswith("'") and s.lstrip("'")[:1] in GEFAEHRLICHE_ANFAENGE and s.lstrip("'"):
        s = s[1:]
    return s or None


CODE_ERWARTET = "Code wie 050101 oder K101"
CODE_TRENNZEICHEN = {",": "„,“", ";": "„;“", "\t": "einen Tabulator", "|": "„|“"}
"""Separators that, inside a code that is too long, point to a file read with the wrong separator."""
UNZULAESSIGE_KATEGORIEN = {"Cc", "Co", "Cs", "Cn", "Zl", "Zp"}
"""Control, private-use, surrogate, unassigned characters and line/paragraph separators: never in a code."""
SCHRIFTEN = {
    "CYRILLIC": "kyrillisch", "GREEK": "griechisch", "ARMENIAN": "armenisch", "HEBREW": "hebräisch",
    "ARABIC": "arabisch", "CHEROKEE": "Cherokee", "COPTIC": "koptisch", "GEORGIAN": "georgisch",
    "CJK": "chinesisch/japanisch", "HIRAGANA": "japanisch", "KATAKANA": "japanisch", "HANGUL": "koreanisch",
    "THAI": "thailändisch", "DEVANAGARI": "Devanagari",
}
VERWECHSELBAR = dict(zip(
    "АВЕКМНОРСТХУЅІЈԚԜӀаеорсухіјѕԛԝһԁӏ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιρχνυκα" "Օօսհոց",
    "ABEKMHOPCTXYSIJQWIaeopcyxijsqwhdl" "ABEZHIKMNOPTYXoipxvuka" "Oouhng",
    strict=True,
))
"""Letters of other scripts → the Latin letter they look like (the commonest confusables)."""


def zeichen_name(zeichen: str) -> str:
    """'\u200b' → 'U+200B (ZERO WIDTH SPACE)': a character made visible for messages."""
    name = unicodedata.name(zeichen, "")
    return f"U+{ord(zeichen):04X}" + (f" ({name})" if name else "")


def _fremdes_zeichen(zeichen: str) -> bool:
    """A letter that is not Latin, or a digit that is not 0–9."""
    kategorie = unicodedata.category(zeichen)
    if kategorie == "Nd":
        return not ("0" <= zeichen <= "9")
    if not kategorie.startswith("L"):
        return False
    return not unicodedata.name(zeichen, "").startswith("LATIN ")


def _fremd_beschreiben(zeichen: str) -> str:
    name = unicodedata.name(zeichen, "")
    schrift = next((deutsch for englisch, deutsch in SCHRIFTEN.items() if name.startswith(englisch)), None)
    text = f"„{zeichen}“ = {zeichen_name(zeichen)}"
    if schrift:
        text += f", {schrift}"
    if zeichen in VERWECHSELBAR:
        text += f" – sieht aus wie „{VERWECHSELBAR[zeichen]}“"
    return text


def verwechselbar(text: object) -> str:
    """'' or a note on letters of other scripts that look Latin: 'іst' → ' (enthält „і“ = U+0456 (…) – sieht aus
    wie „i“)' – for messages about cells that read right but are not what they seem."""
    if not isinstance(text, str) or text.isascii():
        return ""
    fremd = list(dict.fromkeys(c for c in text[:1000] if c in VERWECHSELBAR))
    return f" (enthält {'; '.join(map(_fremd_beschreiben, fremd[:3]))})" if fremd else ""


def code_normalisieren(text: str) -> tuple[str, list[str]]:
    """NFKC, invisible format characters (BOM, zero-width space, soft hyphen, bidi marks …) removed,
    non-breaking and other spaces → ' ', trimmed; returns the code and the removed characters (visible)."""
    if text.isascii():
        return text.strip(), []
    text = unicodedata.normalize("NFKC", text)
    entfernt = list(dict.fromkeys(zeichen_name(c) for c in text if unicodedata.category(c) == "Cf"))
    if entfernt:
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return text.strip(), entfernt


def code_lesen(wert: object, laenge: int = 20, entfernt: list[str] | None = None) -> str | None:
    """A code (Produkt, Kennzahl, Sozialraum …) as a string, leading zeros kept; numbers from Excel
    cells lose nothing but cannot regain lost zeros.

    Every code cell of every importer is read here: Unicode NFKC, invisible format characters removed
    (their visible names are appended to ``entfernt`` for a note), spaces normalised; letters of other
    scripts (a Cyrillic „К“ in K101), control characters and a code longer than ``laenge`` are refused.
    """
    if ist_leer(wert):
        return None
    if isinstance(wert, bool):
        raise WertFehler("ist kein Code", CODE_ERWARTET)
    if isinstance(wert, float):
        if not wert.is_integer():
            raise WertFehler("ist kein Code", CODE_ERWARTET + " (als Text)")
        wert = int(wert)
    roh = als_text(wert)
    s, weg = code_normalisieren(roh)
    if weg:
        if not s:
            raise WertFehler("enthält nur unsichtbare Zeichen (" + ", ".join(weg) + ")", CODE_ERWARTET)
        if entfernt is not None:
            entfernt.extend(z for z in weg if z not in entfernt)
    s = text_lesen(s)
    if s is None:
        return None
    if len(s) > laenge:
        problem = f"ist als Code zu lang ({len(s)} Zeichen)"
        trenner = [name for zeichen, name in CODE_TRENNZEICHEN.items() if zeichen in s]
        if trenner:
            problem += f" – Trennzeichen falsch? Die Zelle enthält {' und '.join(trenner)}"
        raise WertFehler(problem, f"höchstens {laenge} Zeichen")
    if s.isascii():
        if any(ord(c) < 32 or ord(c) == 127 for c in s):
            raise WertFehler("enthält Steuerzeichen", CODE_ERWARTET)
        return s
    unzulaessig = list(dict.fromkeys(c for c in s if unicodedata.category(c) in UNZULAESSIGE_KATEGORIEN))
    if unzulaessig:
        raise WertFehler("enthält Steuer- oder unzulässige Zeichen (" + ", ".join(map(zeichen_name, unzulaessig[:3]))
                         + ")", CODE_ERWARTET)
    fremd = list(dict.fromkeys(c for c in s if _fremdes_zeichen(c)))
    if fremd:
        if all(unicodedata.category(c) == "Nd" for c in fremd):
            problem = "enthält Ziffern außer 0–9: "
        else:
            problem = "enthält nicht-lateinische Buchstaben: "
        problem += "; ".join(map(_fremd_beschreiben, fremd[:3]))
        raise WertFehler(problem, "Code aus lateinischen Buchstaben und Ziffern 0–9 wie K101")
    return s


_DE_TAUSENDER = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_EN_TAUSENDER = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")
_ZIFFERN = re.compile(r"[0-9]+")
_EINFACH = re.compile(r"-?[0-9]{1,20}(,[0-9]{1,12})?")
_LEERRAUM = re.compile(r"[\s\u00a0\u202f]")
_WAEHRUNG = re.compile(r"(?i)^(eur|€)|(eur|€)$")


def zahlenstil_erkennen(texte: Iterable[object]) -> str | None:
    """'de' (1.234,5), 'en' (1234.5) or None (undecided) for the text cells of one column."""
    de = en = False
    for wert in texte:
        if not isinstance(wert, str):
            continue
        s = wert.strip().lstrip("+-−(").rstrip("-−)").strip()
        if "," in s and "." not in s:
            de = True
        elif "." in s and "," not in s:
            if s.count(".") > 1:
                de = True
            else:
                vor, _, nach = s.partition(".")
                if len(nach) != 3 or len(vor) > 3:
                    en = True
        if de and en:
            return None
    return "de" if de else "en" if en else None


def zahl_lesen(wert: object, stil: str | None = None) -> Decimal:
    """A number from a cell: '1.234.567,89', '6.135.790-', '-14.914.357', '(12)', '1023101.0', 12.5 → Decimal.

    ``stil`` ('de' or 'en', see ``zahlenstil_erkennen``) decides a lone dot with three digits after it
    ('1.234'): thousands in 'de' and when undecided, decimal point in 'en'.
    """
    if type(wert) is str and _EINFACH.fullmatch(wert) and (stil != "en" or "," not in wert):
        return Decimal(wert.replace(",", "."))  # the common cell first: -123, 123,45
    if isinstance(wert, bool | dt.date):
        raise WertFehler("ist keine Zahl", ZAHL_ERWARTET)
    if isinstance(wert, int):
        return Decimal(wert)
    if isinstance(wert, float):
        if not math.isfinite(wert):
            raise WertFehler("ist keine endliche Zahl", ZAHL_ERWARTET)
        return Decimal(repr(wert))
    if isinstance(wert, Decimal):
        if not wert.is_finite():
            raise WertFehler("ist keine endliche Zahl", ZAHL_ERWARTET)
        return wert
    if ist_leer(wert):
        raise WertFehler("fehlt", ZAHL_ERWARTET)
    roh = str(wert)
    s = _LEERRAUM.sub("", roh)
    s = _WAEHRUNG.sub("", s)
    negativ = False
    if s.startswith("(") and s.endswith(")"):
        negativ, s = True, s[1:-1]
    if s[-1:] in ("-", "−"):
        negativ, s = True, s[:-1]
    elif s[:1] in ("-", "−"):
        negativ, s = True, s[1:]
    elif s[:1] == "+":
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s):
        raise WertFehler("ist keine Zahl", ZAHL_ERWARTET)
    ganz, bruch = _zerlegen(s, stil)
    if not _ZIFFERN.fullmatch(ganz) or (bruch and not _ZIFFERN.fullmatch(bruch)) or len(ganz) > 24:
        raise WertFehler("ist keine Zahl", ZAHL_ERWARTET)
    try:
        zahl = Decimal(f"{ganz}.{bruch}" if bruch else ganz)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise WertFehler("ist keine Zahl", ZAHL_ERWARTET) from None
    return -zahl if negativ else zahl


def _zerlegen(s: str, stil: str | None) -> tuple[str, str]:
    """Integer and fraction digits of a number without sign; raises WertFehler for bad grouping."""
    if s[0] in ",.":
        s = "0" + s
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            ganz, _, bruch = s.rpartition(",")
            gruppen = _DE_TAUSENDER
        else:
            ganz, _, bruch = s.rpartition(".")
            gruppen = _EN_TAUSENDER
        if not gruppen.fullmatch(ganz) or "," in bruch or "." in bruch:
            raise WertFehler("hat ungültige Tausendertrennzeichen", ZAHL_ERWARTET)
        return ganz.replace(".", "").replace(",", ""), bruch
    if "," in s:
        if stil == "en" and _EN_TAUSENDER.fullmatch(s):
            return s.replace(",", ""), ""
        if s.count(",") > 1:
            raise WertFehler("ist keine Zahl", ZAHL_ERWARTET)
        ganz, _, bruch = s.partition(",")
        return ganz, bruch
    if "." in s:
        if s.count(".") > 1:
            if not _DE_TAUSENDER.fullmatch(s):
                raise WertFehler("hat ungültige Tausenderpunkte", ZAHL_ERWARTET)
            return s.replace(".", ""), ""
        if stil != "en" and _DE_TAUSENDER.fullmatch(s):
            return s.replace(".", ""), ""
        ganz, _, bruch = s.partition(".")
        return ganz, bruch
    return s, ""


def ganzzahl_lesen(
    wert: object, minimum: int | None = None, maximum: int | None = None, stil: str | None = None
) -> int:
    """An integer ('2024', '2024.0' from a float cell, 2024); raises WertFehler otherwise or out of range."""
    if isinstance(wert, str) and wert.isascii() and wert.isdigit() and len(wert) < 12:
        n = int(wert)
        if (minimum is None or n >= minimum) and (maximum is None or n <= maximum):
            return n
    erwartet = GANZZAHL_ERWARTET
    if minimum is not None and maximum is not None:
        erwartet = f"ganze Zahl von {minimum} bis {maximum}"
    try:
        zahl = zahl_lesen(wert, stil)
    except WertFehler as f:
        raise WertFehler(f.problem if f.problem == "fehlt" else "ist keine ganze Zahl", erwartet) from None
    if zahl != zahl.to_integral_value():
        raise WertFehler("ist keine ganze Zahl", erwartet)
    n = int(zahl)
    if (minimum is not None and n < minimum) or (maximum is not None and n > maximum):
        raise WertFehler("liegt außerhalb des erlaubten Bereichs", erwartet)
    return n


def datum_lesen(wert: object) -> dt.date:
    """A date: '31.12.2024', '2024-12-31' or a date cell."""
    if isinstance(wert, dt.datetime):
        return wert.date()
    if isinstance(wert, dt.date):
        return wert
    s = als_text(wert).strip()
    for muster in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(s, muster).date()
        except ValueError:
            continue
    raise WertFehler("ist kein Datum", DATUM_ERWARTET)


JA = {"ja", "j", "true", "wahr", "1", "x", "yes", "y"}
NEIN = {"nein", "n", "false", "falsch", "0", "no"}


def ja_nein_lesen(wert: object) -> bool:
    """ja/nein, true/false, 1/0, x."""
    if isinstance(wert, bool):
        return wert
    k = schluessel(als_text(wert))
    if k in JA:
        return True
    if k in NEIN:
        return False
    raise WertFehler("ist weder ja noch nein", JA_NEIN_ERWARTET)


def auswahl_lesen(wert: object, erlaubt: Iterable[str], aliase: Mapping[str, str] | None = None) -> str:
    """One of ``erlaubt`` (stored keys like 'hoeher_besser'); German spellings ('Höher besser') and
    ``aliase`` (key → stored value) are accepted."""
    erlaubt = tuple(erlaubt)
    k = schluessel(als_text(wert))
    if k in erlaubt:
        return k
    if aliase and k in aliase:
        return aliase[k]
    raise WertFehler("ist kein erlaubter Wert", "einer von: " + ", ".join(erlaubt))
