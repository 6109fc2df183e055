"""Map-like boundaries for the many Sozialräume of the large demo cities (pure Python, no GIS library).

As for Musterstadt (``geometrie``), each Sozialraum is the Voronoi cell of a seed point clipped to an
irregular city outline; here the seed points lie on a jittered square grid that fills the outline, and
each cell is clipped only by the seeds near it, so that 540 cells take well under a second. Stadtbezirke
group the cells: the first takes the cells nearest the centre, the others are angular sectors around it.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from kennzahlen.demo.geometrie import _flaeche, _halbebene

Punkt = tuple[float, float]


@dataclass(frozen=True)
class Zelle:
    """One Sozialraum cell: its Bezirk (0-based), seed point (km from the centre), GeoJSON and area."""

    bezirk: int
    punkt: Punkt
    geojson: str
    flaeche_km2: Decimal


def umriss(rng: random.Random, radius: float, ecken: int = 96) -> list[Punkt]:
    """An irregular, star-shaped outline (open ring, counter-clockwise) with mean radius ``radius`` km."""
    phasen = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    ring = []
    for i in range(ecken):
        winkel = 2 * math.pi * i / ecken
        r = radius * (1 + 0.08 * math.sin(2 * winkel + phasen[0]) + 0.05 * math.sin(3 * winkel + phasen[1])
                      + 0.03 * math.sin(5 * winkel + phasen[2]) + 0.015 * math.sin(9 * winkel + phasen[3]))
        ring.append((1.08 * r * math.cos(winkel), r * math.sin(winkel) / 1.08))
    return ring


def _innen(p: Punkt, ring: list[Punkt]) -> bool:
    """Point in polygon (ray casting)."""
    x, y = p
    drin = False
    for i, (x1, y1) in enumerate(ring):
        x2, y2 = ring[i - 1]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            drin = not drin
    return drin


def _geojson(ring_km: list[Punkt], zentrum: tuple[float, float]) -> str:
    """GeoJSON Polygon text: lon/lat (6 decimals), closed, counter-clockwise."""
    km_lat = 111.2
    km_lon = 111.32 * math.cos(math.radians(zentrum[1]))
    if _flaeche(ring_km) < 0:
        ring_km = list(reversed(ring_km))
    koordinaten: list[tuple[float, float]] = []
    for x, y in ring_km:
        lonlat = (round(zentrum[0] + x / km_lon, 6), round(zentrum[1] + y / km_lat, 6))
        if not koordinaten or koordinaten[-1] != lonlat:
            koordinaten.append(lonlat)
    if len(koordinaten) > 1 and koordinaten[0] == koordinaten[-1]:
        koordinaten.pop()
    koordinaten.append(koordinaten[0])
    return json.dumps({"type": "Polygon", "coordinates": [[list(k) for k in koordinaten]]})


def zellen(anzahl: int, bezirke: int, flaeche_km2: float, zentrum: tuple[float, float], seed: object) -> list[Zelle]:
    """``anzahl`` Voronoi cells filling an outline of about ``flaeche_km2``, grouped into ``bezirke``.

    Cells are ordered by Bezirk, within a Bezirk from the centre outwards.
    """
    rng = random.Random(f"gross-geometrie:{seed}:{anzahl}")
    radius = math.sqrt(flaeche_km2 / math.pi)
    ring = umriss(rng, radius)
    abstand = math.sqrt(abs(_flaeche(ring)) / anzahl)
    # a slightly finer grid than needed, then drop random points until ``anzahl`` remain
    punkte: list[Punkt] = []
    schritt = abstand * 0.93
    n = int(radius * 1.3 / schritt) + 2
    for i in range(-n, n + 1):
        for j in range(-n, n + 1):
            p = ((i + 0.5 * (j % 2)) * schritt + rng.uniform(-0.3, 0.3) * schritt,
                 j * schritt * 0.95 + rng.uniform(-0.3, 0.3) * schritt)
            if _innen(p, ring):
                punkte.append(p)
    while len(punkte) < anzahl:  # very small outlines (tests): add points near the centre
        punkte.append((rng.uniform(-0.3, 0.3) * radius, rng.uniform(-0.3, 0.3) * radius))
    rng.shuffle(punkte)
    punkte = punkte[:anzahl]
    reichweite = (4.0 * abstand) ** 2
    ergebnis: list[tuple[int, float, Punkt, list[Punkt]]] = []
    for p in punkte:
        nachbarn = sorted(((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2, q) for q in punkte if q != p)
        zelle = ring
        for d2, q in nachbarn:
            if d2 > reichweite and len(zelle) >= 3:
                break
            zelle = _halbebene(zelle, p, q)
        if len(zelle) < 3:
            raise ValueError("Sozialraum ohne Fläche im Stadtumriss")
        ergebnis.append((0, math.hypot(*p), p, zelle))
    # Bezirk 1: the cells nearest the centre; the others: angular sectors of the remaining cells
    ergebnis.sort(key=lambda e: e[1])
    je_bezirk = anzahl / bezirke
    mitte = ergebnis[: round(je_bezirk)]
    rest = sorted(ergebnis[round(je_bezirk):], key=lambda e: math.atan2(e[2][1], e[2][0]))
    zugeordnet = [(0, e) for e in mitte]
    sektoren = bezirke - 1
    for i, e in enumerate(rest):
        zugeordnet.append((1 + min(sektoren - 1, i * sektoren // max(len(rest), 1)), e))
    zugeordnet.sort(key=lambda be: (be[0], be[1][1]))
    return [Zelle(b, e[2], _geojson(e[3], zentrum), Decimal(str(round(abs(_flaeche(e[3])), 3))))
            for b, e in zugeordnet]
