"""Synthetic, map-like boundaries for the Sozialräume of Musterstadt (pure Python, no GIS library).

The city outline is an irregular, star-shaped polygon around (7,15° E, 51,45° N). Each Sozialraum is
the Voronoi cell of a jittered seed point, clipped to the outline: the outline polygon is clipped by
the half-planes "closer to this seed than to that one" (Sutherland–Hodgman). The work is done in a
local kilometre grid (equirectangular projection) so distances and areas are metric; the result is
GeoJSON (RFC 7946): WGS84 lon/lat, closed rings, exterior ring counter-clockwise.
"""

from __future__ import annotations

import json
import math
import random
from decimal import Decimal

ZENTRUM = (7.15, 51.45)
"""Centre of the city (lon, lat)."""
BBOX = (7.0, 51.35, 7.3, 51.55)
"""Every coordinate lies inside (min lon, min lat, max lon, max lat)."""
KM_JE_GRAD_BREITE = 111.2
KM_JE_GRAD_LAENGE = 111.32 * math.cos(math.radians(ZENTRUM[1]))
NACHKOMMASTELLEN = 6

Punkt = tuple[float, float]


def _flaeche(ring: list[Punkt]) -> float:
    """Signed area (shoelace) of an open ring; positive when counter-clockwise."""
    summe = 0.0
    for i, (x1, y1) in enumerate(ring):
        x2, y2 = ring[(i + 1) % len(ring)]
        summe += x1 * y2 - x2 * y1
    return summe / 2


def _halbebene(ring: list[Punkt], p: Punkt, q: Punkt) -> list[Punkt]:
    """Clip ``ring`` to the half-plane of points at least as close to ``p`` as to ``q``."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    nx, ny = q[0] - p[0], q[1] - p[1]

    def innen(a: Punkt) -> float:
        return (a[0] - mx) * nx + (a[1] - my) * ny  # <= 0: inside

    ergebnis: list[Punkt] = []
    for i, a in enumerate(ring):
        b = ring[(i + 1) % len(ring)]
        da, db = innen(a), innen(b)
        if da <= 0:
            ergebnis.append(a)
        if (da < 0 < db) or (db < 0 < da):
            t = da / (da - db)
            ergebnis.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return ergebnis


def stadtumriss(rng: random.Random, ecken: int = 64) -> list[Punkt]:
    """The city outline in km around the centre: an open ring, counter-clockwise, radius 6,2–8,2 km."""
    phasen = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    ring = []
    for i in range(ecken):
        winkel = 2 * math.pi * i / ecken
        radius = 7.2 * (
            1
            + 0.07 * math.sin(2 * winkel + phasen[0])
            + 0.05 * math.sin(3 * winkel + phasen[1])
            + 0.025 * math.sin(5 * winkel + phasen[2])
        )
        ring.append((1.05 * radius * math.cos(winkel), radius * math.sin(winkel)))
    return ring


def _nach_lonlat(punkt: Punkt) -> tuple[float, float]:
    x, y = punkt
    return (
        round(ZENTRUM[0] + x / KM_JE_GRAD_LAENGE, NACHKOMMASTELLEN),
        round(ZENTRUM[1] + y / KM_JE_GRAD_BREITE, NACHKOMMASTELLEN),
    )


def als_geojson(ring_km: list[Punkt]) -> str:
    """A GeoJSON Polygon (text) for an open ring in km: lon/lat, closed, counter-clockwise."""
    if _flaeche(ring_km) < 0:
        ring_km = list(reversed(ring_km))
    koordinaten: list[tuple[float, float]] = []
    for punkt in ring_km:
        lonlat = _nach_lonlat(punkt)
        if not koordinaten or koordinaten[-1] != lonlat:
            koordinaten.append(lonlat)
    if len(koordinaten) > 1 and koordinaten[0] == koordinaten[-1]:
        koordinaten.pop()
    koordinaten.append(koordinaten[0])
    return json.dumps({"type": "Polygon", "coordinates": [[list(k) for k in koordinaten]]})


def saatpunkte(anordnung: dict[str, tuple[float, float]], rng: random.Random) -> dict[str, Punkt]:
    """Seed points in km from (winkel in degrees, radius in km), jittered by up to ±0,25 km."""
    punkte = {}
    for code, (winkel, radius) in anordnung.items():
        x = radius * math.cos(math.radians(winkel)) + rng.uniform(-0.25, 0.25)
        y = radius * math.sin(math.radians(winkel)) + rng.uniform(-0.25, 0.25)
        punkte[code] = (x, y)
    return punkte


def sozialraum_geometrien(
    anordnung: dict[str, tuple[float, float]], seed: int
) -> tuple[dict[str, tuple[str, Decimal]], float]:
    """GeoJSON text and area (km², 3 decimals) per Sozialraum code, and the outline's area in km².

    ``anordnung`` maps each code to (winkel, radius) of its seed point around the centre.
    """
    rng = random.Random(f"geometrie:{seed}")
    umriss = stadtumriss(rng)
    punkte = saatpunkte(anordnung, rng)
    ergebnis = {}
    for code, p in punkte.items():
        zelle = umriss
        for anderer, q in punkte.items():
            if anderer != code:
                zelle = _halbebene(zelle, p, q)
        if len(zelle) < 3:
            raise ValueError(f"Sozialraum {code} hat keine Fläche innerhalb des Stadtumrisses.")
        flaeche = Decimal(str(round(abs(_flaeche(zelle)), 3)))
        ergebnis[code] = (als_geojson(zelle), flaeche)
    return ergebnis, abs(_flaeche(umriss))
