"""Zielerreichungsgrad, Status (Ampel oder fünfstufige Skala) und Verdichtung über die Zielpyramide.

Pure Python without database or UI. Arithmetic runs in ``Decimal`` (a float enters through its
shortest ``repr``, so 0.1 counts as 0.1), which makes thresholds exact (80 of 100 is exactly 0.8)
and rules out overflow, division by zero and inf/NaN. Edge cases, as decided here:

- No Ist (None, NaN or ±inf) → ``None`` = "keine Bewertung". Every other non-finite input is treated
  like a missing value (an infinite corridor bound is an open side).
- Unknown ``richtung`` → ``ValueError`` (checked first, even without an Ist). Numbers never raise.
- hoeher_besser/niedriger_besser without Zielwert → ``None``.
- Ausgangswert on the "bad" side of the Zielwert (below it for hoeher_besser, above it for
  niedriger_besser) → progress ``(ist − ausgangswert) / (zielwert − ausgangswert)``; worse than the
  baseline gives a negative value, clamped to 0.
- No Ausgangswert, Ausgangswert == Zielwert, or Ausgangswert already better than the Zielwert → the
  baseline carries no information about the distance to go, so the ratio rule applies:
  hoeher_besser ``ist / zielwert``, niedriger_besser ``zielwert / ist``.
- Zero and negative values in the ratio rule:
  Zielwert 0 → a step: met (1.0) if ``ist >= 0`` (hoeher_besser) or ``ist <= 0`` (niedriger_besser),
  else 0.0. niedriger_besser with positive Zielwert and ``ist <= 0`` → better than any ratio, i.e. the
  cap 1.5. Negative Zielwert → difference rule scaled by the Zielwert's size:
  hoeher_besser ``1 + (ist − zielwert) / |zielwert|``, niedriger_besser ``1 + (zielwert − ist) / |zielwert|``
  (for a positive Zielwert the first formula equals ``ist / zielwert``).
- zielkorridor: inside ``[unten, oben]`` (bounds included) → 1.0; outside ``1 − Abstand / Breite``,
  floored at 0. Width 0 → the nearest bound's absolute value is the scale, or 1 if that bound is 0.
  Swapped bounds are put in order. No corridor → the band ``[zielwert, zielwert]``; neither → ``None``.
  Only one bound → the band is open on the other side (scale: the bound's absolute value, or 1).
  The Ausgangswert plays no part in a corridor.
- Every grade is clamped into ``[0.0, 1.5]`` so that one outlier cannot dominate a roll-up.
- Kennzahlen of typ "kontext" are never rated; neither are those without Zielwert and corridor.
- Status thresholds are inclusive (``grad >= schwelle``); ``keine Bewertung`` has rang 0 and
  ``bewertet == False`` and must not be ranked below "nicht erreicht".
- Roll-up: entries without a grade and entries with weight 0 do not count, for both rules; nothing
  left → ``None``. Negative or non-finite weights → ``ValueError``.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal, localcontext

__all__ = [
    "AMPEL",
    "FUENFSTUFIG",
    "GRAD_MAX",
    "GRAD_MIN",
    "KEINE_BEWERTUNG",
    "KENNZAHLTYPEN",
    "REGELN",
    "RICHTUNGEN",
    "SKALEN",
    "STANDARD_SCHWELLENWERTE",
    "Schwellenwerte",
    "Statusstufe",
    "bewerten",
    "schwellenwerte_aus_texten",
    "status",
    "stufen",
    "zielerreichungsgrad",
    "zusammenfassen",
]

Zahl = float | int | Decimal | None

HOEHER_BESSER = "hoeher_besser"
NIEDRIGER_BESSER = "niedriger_besser"
ZIELKORRIDOR = "zielkorridor"
RICHTUNGEN = (HOEHER_BESSER, NIEDRIGER_BESSER, ZIELKORRIDOR)
"""Allowed values of ``richtung`` (same as ``kennzahlen.models.RICHTUNGEN``)."""
KENNZAHLTYPEN = ("input", "output", "wirkung", "prozess", "kontext")
"""Allowed Kennzahl types (same as ``kennzahlen.models.KENNZAHLTYPEN``); "kontext" is never rated."""

GRAD_MIN = 0.0
"""Lowest Zielerreichungsgrad returned."""
GRAD_MAX = 1.5
"""Highest Zielerreichungsgrad returned (cap against outliers in roll-ups)."""

_NULL = Decimal(0)
_EINS = Decimal(1)
_GRAD_MAX = Decimal("1.5")
# Own context: independent of the global one, wide exponent range, no traps (results are clamped anyway).
_KONTEXT = Context(
    prec=34, rounding=ROUND_HALF_EVEN, Emin=MIN_EMIN, Emax=MAX_EMAX, capitals=1, clamp=0, flags=[], traps=[]
)


# ---------------------------------------------------------------------------------------------------
# Zielerreichungsgrad
# ---------------------------------------------------------------------------------------------------


def _zahl(wert: object) -> Decimal | None:
    """A finite Decimal for ``wert``, or None for None/NaN/±inf; TypeError for non-numbers."""
    if wert is None:
        return None
    if isinstance(wert, Decimal):
        zahl = wert
    elif isinstance(wert, int):
        zahl = Decimal(int(wert))
    elif isinstance(wert, float):
        if not math.isfinite(wert):
            return None
        zahl = Decimal(repr(float(wert)))
    elif isinstance(wert, numbers.Rational):
        with localcontext(_KONTEXT):
            zahl = Decimal(wert.numerator) / Decimal(wert.denominator)
    elif isinstance(wert, numbers.Real):
        return _zahl(float(wert))
    else:
        raise TypeError(f"Keine Zahl: {wert!r}")
    return zahl if zahl.is_finite() else None


def _pruefe_richtung(richtung: str) -> None:
    """ValueError unless ``richtung`` is one of ``RICHTUNGEN``."""
    if richtung not in RICHTUNGEN:
        erlaubt = ", ".join(RICHTUNGEN)
        raise ValueError(f"Unbekannte Richtung „{richtung}“; erlaubt sind: {erlaubt}.")


def _grad_richtung(ist: Decimal, ziel: Decimal, ausgang: Decimal | None, hoeher: bool) -> Decimal:
    """Unclamped grade for hoeher_besser (``hoeher``) or niedriger_besser."""
    if ausgang is not None and (ausgang < ziel if hoeher else ausgang > ziel):
        return (ist - ausgang) / (ziel - ausgang)
    if ziel == 0:
        erreicht = ist >= 0 if hoeher else ist <= 0
        return _EINS if erreicht else _NULL
    if hoeher:
        return _EINS + (ist - ziel) / abs(ziel)
    if ziel > 0:
        return _GRAD_MAX if ist <= 0 else ziel / ist
    return _EINS + (ziel - ist) / abs(ziel)


def _grad_korridor(ist: Decimal, ziel: Decimal | None, unten: Decimal | None, oben: Decimal | None) -> Decimal | None:
    """Unclamped grade for a Zielkorridor; None without corridor and Zielwert."""
    if unten is None and oben is None:
        if ziel is None:
            return None
        unten = oben = ziel
    if unten is not None and oben is not None and unten > oben:
        unten, oben = oben, unten
    if unten is not None and ist < unten:
        grenze, abstand = unten, unten - ist
    elif oben is not None and ist > oben:
        grenze, abstand = oben, ist - oben
    else:
        return _EINS
    if unten is not None and oben is not None and oben > unten:
        massstab = oben - unten
    else:
        massstab = abs(grenze) if grenze != 0 else _EINS
    return max(_NULL, _EINS - abstand / massstab)


def _begrenzen(roh: Decimal | None) -> float | None:
    """Clamp a raw grade into [GRAD_MIN, GRAD_MAX] as float; None stays None."""
    if roh is None or roh.is_nan():
        return None
    if roh <= 0:
        return GRAD_MIN
    if roh >= _GRAD_MAX:
        return GRAD_MAX
    return float(roh)


def zielerreichungsgrad(
    ist: Zahl,
    zielwert: Zahl,
    ausgangswert: Zahl,
    richtung: str,
    korridor_unten: Zahl = None,
    korridor_oben: Zahl = None,
) -> float | None:
    """Degree of attainment as a fraction (1.0 = target met), clamped to [0, 1.5]; None = keine Bewertung."""
    _pruefe_richtung(richtung)
    i = _zahl(ist)
    if i is None:
        return None
    z = _zahl(zielwert)
    with localcontext(_KONTEXT):
        if richtung == ZIELKORRIDOR:
            return _begrenzen(_grad_korridor(i, z, _zahl(korridor_unten), _zahl(korridor_oben)))
        if z is None:
            return None
        return _begrenzen(_grad_richtung(i, z, _zahl(ausgangswert), hoeher=richtung == HOEHER_BESSER))


# ---------------------------------------------------------------------------------------------------
# Status scales
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statusstufe:
    """One level of a status scale: code, German label, symbol (never colour alone), AA text colour, rank."""

    code: str
    bezeichnung: str
    symbol: str
    farbe: str
    rang: int

    @property
    def bewertet(self) -> bool:
        """False only for "keine Bewertung", which is not ranked against rated levels."""
        return self.code != KEINE_BEWERTUNG.code

    @property
    def beschriftung(self) -> str:
        """Symbol and label as text, e.g. "▲ erreicht" (for tables, exports and screen readers)."""
        return f"{self.symbol} {self.bezeichnung}"


KEINE_BEWERTUNG = Statusstufe("keine_bewertung", "keine Bewertung", "○", "#595959", 0)
"""The level shown when there is no Ist, no target, or a Kontext-Kennzahl (both scales)."""

ERREICHT = Statusstufe("gruen", "erreicht", "▲", "#1a7f37", 3)
GEFAEHRDET = Statusstufe("gelb", "gefährdet", "◆", "#8a5a00", 2)
NICHT_ERREICHT_AMPEL = Statusstufe("rot", "nicht erreicht", "▼", "#b42318", 1)

UEBERPLANMAESSIG = Statusstufe("ueberplanmaessig", "überplanmäßig erreicht", "★", "#005f73", 5)
ZUR_GAENZE = Statusstufe("zur_gaenze", "zur Gänze erreicht", "▲", "#1a7f37", 4)
UEBERWIEGEND = Statusstufe("ueberwiegend", "überwiegend erreicht", "◆", "#4d7c0f", 3)
TEILWEISE = Statusstufe("teilweise", "teilweise erreicht", "▽", "#8a5a00", 2)
NICHT_ERREICHT = Statusstufe("nicht_erreicht", "nicht erreicht", "▼", "#b42318", 1)

AMPEL = (ERREICHT, GEFAEHRDET, NICHT_ERREICHT_AMPEL)
"""Rated levels of the traffic light, best first."""
FUENFSTUFIG = (UEBERPLANMAESSIG, ZUR_GAENZE, UEBERWIEGEND, TEILWEISE, NICHT_ERREICHT)
"""Rated levels of the five-level scale, best first."""

SKALEN = {
    "ampel": "Ampel mit drei Stufen: erreicht, gefährdet, nicht erreicht.",
    "fuenfstufig": (
        "Fünfstufige Skala: überplanmäßig erreicht, zur Gänze erreicht, überwiegend erreicht, "
        "teilweise erreicht, nicht erreicht."
    ),
}
"""Status scales: code → German description shown to users."""

REGELN = {
    "schlechteste": "Der schlechteste Einzelstatus bestimmt den Gesamtstatus.",
    "gewichtetes_mittel": (
        "Der Gesamtstatus ergibt sich aus dem gewichteten Mittel der Zielerreichungsgrade; "
        "Kennzahlen ohne Bewertung oder mit Gewicht 0 zählen nicht mit."
    ),
}
"""Roll-up rules: code → German description shown to users."""

_STUFEN = {"ampel": AMPEL, "fuenfstufig": FUENFSTUFIG}


def _pruefe_skala(skala: str) -> None:
    """ValueError unless ``skala`` is one of ``SKALEN``."""
    if skala not in SKALEN:
        raise ValueError(f"Unbekannte Statusskala „{skala}“; erlaubt sind: {', '.join(SKALEN)}.")


def stufen(skala: str = "ampel") -> tuple[Statusstufe, ...]:
    """All levels of a scale for a legend, best first, "keine Bewertung" last."""
    _pruefe_skala(skala)
    return (*_STUFEN[skala], KEINE_BEWERTUNG)


def _de(wert: float) -> str:
    """A number with German decimal comma, for messages."""
    return f"{wert:g}".replace(".", ",")


@dataclass(frozen=True)
class Schwellenwerte:
    """Lower bounds (inclusive) of the status levels; validated on creation (0 … 1.5, ascending)."""

    ampel_gruen: float = 0.95
    ampel_gelb: float = 0.80
    ueberplanmaessig: float = 1.05
    zur_gaenze: float = 0.95
    ueberwiegend: float = 0.80
    teilweise: float = 0.50

    def __post_init__(self) -> None:
        """Convert to float and check range and order; ValueError with a German message naming the key."""
        for feld in fields(self):
            wert = getattr(self, feld.name)
            if isinstance(wert, bool) or not isinstance(wert, int | float | Decimal):
                raise ValueError(f"Schwellenwert „{feld.name}“: {wert!r} ist keine Zahl.")
            zahl = float(wert)
            if not (math.isfinite(zahl) and GRAD_MIN <= zahl <= GRAD_MAX):
                raise ValueError(
                    f"Schwellenwert „{feld.name}“ muss zwischen {_de(GRAD_MIN)} und {_de(GRAD_MAX)} "
                    f"liegen, ist aber {_de(zahl)}."
                )
            object.__setattr__(self, feld.name, zahl)
        for niedriger, hoeher in (
            ("ampel_gelb", "ampel_gruen"),
            ("teilweise", "ueberwiegend"),
            ("ueberwiegend", "zur_gaenze"),
            ("zur_gaenze", "ueberplanmaessig"),
        ):
            if getattr(self, niedriger) > getattr(self, hoeher):
                raise ValueError(
                    f"Schwellenwert „{niedriger}“ ({_de(getattr(self, niedriger))}) darf nicht größer sein "
                    f"als „{hoeher}“ ({_de(getattr(self, hoeher))})."
                )


STANDARD_SCHWELLENWERTE = Schwellenwerte()
"""Default thresholds: Ampel 0,95/0,80; fünfstufig 1,05/0,95/0,80/0,50."""

_ZAHLTEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def _text_zu_zahl(schluessel: str, text: object) -> float | None:
    """Parse one setting ("0,95", "0.95", "95 %"); None/blank → None; ValueError naming the key."""
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        raise ValueError(f"Schwellenwert „{schluessel}“: {text!r} ist kein Text und keine Zahl.")
    roh = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not roh:
        return None
    prozent = roh.endswith("%")
    if prozent:
        roh = roh[:-1]
    if not _ZAHLTEXT.fullmatch(roh):
        raise ValueError(f"Schwellenwert „{schluessel}“: „{text}“ ist keine gültige Zahl (Beispiel: 0,95 oder 95 %).")
    zahl = Decimal(roh.replace(",", "."))
    return float(zahl / 100 if prozent else zahl)


def schwellenwerte_aus_texten(texte: Mapping[str, object]) -> Schwellenwerte:
    """Build thresholds from settings text (decimal comma or point, optional "%"); missing/blank → default."""
    bekannt = {feld.name for feld in fields(Schwellenwerte)}
    werte: dict[str, float] = {}
    for schluessel, text in texte.items():
        if schluessel not in bekannt:
            raise ValueError(f"Unbekannter Schwellenwert „{schluessel}“; erlaubt sind: {', '.join(sorted(bekannt))}.")
        zahl = _text_zu_zahl(schluessel, text)
        if zahl is not None:
            werte[schluessel] = zahl
    return Schwellenwerte(**werte)


def status(
    grad: float | Decimal | None, skala: str = "ampel", schwellen: Schwellenwerte = STANDARD_SCHWELLENWERTE
) -> Statusstufe:
    """The status level of a Zielerreichungsgrad on a scale; None/NaN → keine Bewertung."""
    _pruefe_skala(skala)
    zahl = _zahl(grad)
    if zahl is None:
        return KEINE_BEWERTUNG
    wert = float(zahl)  # compare as float, so Decimal("0.8") meets the threshold 0.8 exactly
    if skala == "ampel":
        grenzen = (schwellen.ampel_gruen, schwellen.ampel_gelb)
    else:
        grenzen = (schwellen.ueberplanmaessig, schwellen.zur_gaenze, schwellen.ueberwiegend, schwellen.teilweise)
    for stufe, grenze in zip(_STUFEN[skala], grenzen, strict=False):
        if wert >= grenze:
            return stufe
    return _STUFEN[skala][-1]


def bewerten(
    ist: Zahl,
    zielwert: Zahl,
    ausgangswert: Zahl,
    richtung: str,
    typ: str,
    korridor_unten: Zahl = None,
    korridor_oben: Zahl = None,
    skala: str = "ampel",
    schwellen: Schwellenwerte = STANDARD_SCHWELLENWERTE,
) -> Statusstufe:
    """Status of one Kennzahl value; Kontext-Kennzahlen and those without target are never rated."""
    _pruefe_richtung(richtung)
    _pruefe_skala(skala)
    if typ not in KENNZAHLTYPEN:
        raise ValueError(f"Unbekannter Kennzahl-Typ „{typ}“; erlaubt sind: {', '.join(KENNZAHLTYPEN)}.")
    if typ == "kontext":
        return KEINE_BEWERTUNG
    if _zahl(zielwert) is None and _zahl(korridor_unten) is None and _zahl(korridor_oben) is None:
        return KEINE_BEWERTUNG
    grad = zielerreichungsgrad(ist, zielwert, ausgangswert, richtung, korridor_unten, korridor_oben)
    return status(grad, skala, schwellen)


# ---------------------------------------------------------------------------------------------------
# Roll-up Kennzahl → Ziel → Handlungsfeld
# ---------------------------------------------------------------------------------------------------


def _gewicht(gewicht: object) -> Decimal:
    """A weight as Decimal; ValueError unless it is a finite number >= 0."""
    try:
        zahl = _zahl(gewicht)
    except TypeError:
        zahl = None
    if zahl is None or zahl < 0:
        raise ValueError(f"Gewicht {gewicht!r} ist ungültig: erlaubt sind endliche Zahlen ab 0.")
    return zahl


def zusammenfassen(
    grade_mit_gewicht: Iterable[tuple[float | Decimal | None, float | int | Decimal]],
    regel: str = "schlechteste",
) -> float | None:
    """Roll grades up by ``regel`` ("schlechteste" or "gewichtetes_mittel"); None if nothing is rated."""
    if regel not in REGELN:
        raise ValueError(f"Unbekannte Verdichtungsregel „{regel}“; erlaubt sind: {', '.join(REGELN)}.")
    paare: list[tuple[Decimal, Decimal]] = []
    for grad, gewicht in grade_mit_gewicht:
        g = _gewicht(gewicht)
        zahl = _zahl(grad)
        if zahl is not None and g > 0:
            paare.append((zahl, g))
    if not paare:
        return None
    kleinster = float(min(zahl for zahl, _ in paare))
    if regel == "schlechteste":
        return kleinster
    groesster = float(max(zahl for zahl, _ in paare))
    with localcontext(_KONTEXT):
        mittel = sum((zahl * g for zahl, g in paare), _NULL) / sum((g for _, g in paare), _NULL)
    # The exact mean lies within [min, max]; clamping only removes rounding noise.
    return min(groesster, max(kleinster, float(mittel)))
