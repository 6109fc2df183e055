"""Colour checks for the charts: contrast (WCAG 2.1) and distinguishability under colour-vision deficiency.

Pure functions on hex colours. Colour-blindness is simulated with the matrices of Machado, Oliveira and
Fernandes (2009, severity 1.0) in linear RGB; distance is CIEDE2000 in CIELAB (D65). The palettes the
charts use together (``PALETTEN``) are checked by tests/dashboard/test_farben.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

SEHWEISEN: dict[str, tuple[tuple[float, float, float], ...] | None] = {
    "normal": None,
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
"""Ways of seeing colour: none (normal vision) or the simulation matrix in linear RGB."""

MINDESTABSTAND = 12.0
"""Smallest CIEDE2000 distance at which two series of a chart count as told apart at a glance."""

WEISS = "#ffffff"


def _rgb(farbe: str) -> tuple[float, float, float]:
    f = farbe.lstrip("#")
    if len(f) == 3:
        f = "".join(z * 2 for z in f)
    return tuple(int(f[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _linear(kanal: float) -> float:
    return kanal / 12.92 if kanal <= 0.04045 else ((kanal + 0.055) / 1.055) ** 2.4


def relative_leuchtdichte(farbe: str) -> float:
    """Relative luminance of a hex colour as WCAG 2.1 defines it (0 black … 1 white)."""
    r, g, b = (_linear(k) for k in _rgb(farbe))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def kontrast(vordergrund: str, hintergrund: str = WEISS) -> float:
    """WCAG 2.1 contrast ratio of two hex colours (1 … 21); text needs 4.5, graphics 3."""
    hell, dunkel = sorted((relative_leuchtdichte(vordergrund), relative_leuchtdichte(hintergrund)), reverse=True)
    return (hell + 0.05) / (dunkel + 0.05)


def _lab(linear_rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = linear_rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def gesehen(farbe: str, sehweise: str = "normal") -> tuple[float, float, float]:
    """The CIELAB colour a person with ``sehweise`` (a key of SEHWEISEN) perceives for a hex colour."""
    linear = tuple(_linear(k) for k in _rgb(farbe))
    matrix = SEHWEISEN[sehweise]
    if matrix is not None:
        linear = tuple(min(1.0, max(0.0, sum(m * k for m, k in zip(zeile, linear, strict=True))))
                       for zeile in matrix)
    return _lab(linear)  # type: ignore[arg-type]


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (about 1: just noticeable)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mittel = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mittel**7 / (c_mittel**7 + 25**7)))
    a1s, a2s = a1 * (1 + g), a2 * (1 + g)
    c1s, c2s = math.hypot(a1s, b1), math.hypot(a2s, b2)
    h1s = math.degrees(math.atan2(b1, a1s)) % 360 if c1s else 0.0
    h2s = math.degrees(math.atan2(b2, a2s)) % 360 if c2s else 0.0
    dl, dc = l2 - l1, c2s - c1s
    if c1s * c2s == 0:
        dh = 0.0
    elif abs(h2s - h1s) <= 180:
        dh = h2s - h1s
    else:
        dh = h2s - h1s - 360 if h2s > h1s else h2s - h1s + 360
    dh_gross = 2 * math.sqrt(c1s * c2s) * math.sin(math.radians(dh / 2))
    l_mittel, c_mittel_s = (l1 + l2) / 2, (c1s + c2s) / 2
    if c1s * c2s == 0:
        h_mittel = h1s + h2s
    elif abs(h1s - h2s) <= 180:
        h_mittel = (h1s + h2s) / 2
    else:
        h_mittel = (h1s + h2s + 360) / 2 if h1s + h2s < 360 else (h1s + h2s - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mittel - 30)) + 0.24 * math.cos(math.radians(2 * h_mittel))
         + 0.32 * math.cos(math.radians(3 * h_mittel + 6)) - 0.20 * math.cos(math.radians(4 * h_mittel - 63)))
    sl = 1 + 0.015 * (l_mittel - 50) ** 2 / math.sqrt(20 + (l_mittel - 50) ** 2)
    sc = 1 + 0.045 * c_mittel_s
    sh = 1 + 0.015 * c_mittel_s * t
    rt = (-2 * math.sqrt(c_mittel_s**7 / (c_mittel_s**7 + 25**7))
          * math.sin(math.radians(60 * math.exp(-(((h_mittel - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh_gross / sh) ** 2 + rt * (dc / sc) * (dh_gross / sh))


def abstand(farbe1: str, farbe2: str, sehweise: str = "normal") -> float:
    """CIEDE2000 distance of two hex colours as seen with ``sehweise``."""
    return ciede2000(gesehen(farbe1, sehweise), gesehen(farbe2, sehweise))


def zu_aehnliche_paare(palette: Mapping[str, str], sehweisen: Iterable[str] = tuple(SEHWEISEN),
                       mindestabstand: float = MINDESTABSTAND) -> list[tuple[str, str, str, float]]:
    """Pairs of a palette that some way of seeing cannot tell apart: (name, name, sehweise, distance).

    An empty list means every pair keeps ``mindestabstand`` for normal vision and every simulated deficiency.
    """
    funde = []
    for (n1, f1), (n2, f2) in combinations(palette.items(), 2):
        for sehweise in sehweisen:
            d = abstand(f1, f2, sehweise)
            if d < mindestabstand:
                funde.append((n1, n2, sehweise, round(d, 1)))
    return funde


def zu_schwach(palette: Mapping[str, str], hintergrund: str = WEISS,
               mindestens: float = 3.0) -> list[tuple[str, float]]:
    """Colours of a palette below ``mindestens`` contrast on ``hintergrund`` (WCAG 1.4.11: 3 for graphics)."""
    return [(name, round(kontrast(f, hintergrund), 2)) for name, f in palette.items()
            if kontrast(f, hintergrund) < mindestens]


def zu_aehnliche_nachbarn(farben: Sequence[str], sehweisen: Iterable[str] = tuple(SEHWEISEN),
                          mindestabstand: float = MINDESTABSTAND) -> list[tuple[int, str, float]]:
    """Neighbours of a colour cycle (series i and i+1, the last next to the first) some way of seeing cannot
    tell apart: (index of the first, sehweise, distance). For long cycles whose series also differ by pattern."""
    funde = []
    for i, farbe in enumerate(farben):
        naechste = farben[(i + 1) % len(farben)]
        for sehweise in sehweisen:
            d = abstand(farbe, naechste, sehweise)
            if d < mindestabstand:
                funde.append((i, sehweise, round(d, 1)))
    return funde
