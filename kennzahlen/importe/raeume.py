"""Districts and population: Sozialräume as CSV or GeoJSON, Bevölkerung in the own long format or in a
statistics office's long format (Köln: tab_id, jahr, raum_id, zeile, zahl).

Sozialraum codes are matched exactly; a code that only differs by leading zeros ("001" for "1", as
Köln writes its Stadtbezirke three ways) is matched when that is unique, and the report says so.
Population rows of an area whose sub-areas are in the same file (a Bezirk above its Stadtteile, the
whole city) are sums: they are checked against the sub-areas and not stored, like budget sum lines.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from kennzahlen.importe import werte as w
from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeile, Zeilenleser, abgleichen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.stammdaten import _doppelt, _hierarchie
from kennzahlen.models import Bevoelkerung, Sozialraum

GEOMETRIETYPEN = ("Polygon", "MultiPolygon")
ERDRADIUS_M = 6_371_008.8


class Raumfinder:
    """Finds Sozialräume by code, tolerating leading zeros when the match is unique."""

    def __init__(self, kontext: Kontext) -> None:
        self.kontext = kontext
        zeilen = kontext.session.execute(select(Sozialraum.code, Sozialraum.id, Sozialraum.parent_id)).all()
        self.ids = {c: i for c, i, _p in zeilen}
        self.eltern = {i: p for _c, i, p in zeilen}
        self.codes = {i: c for c, i, _p in zeilen}
        self._gemeldet = False
        self._numerisch: dict[int, list[str]] = defaultdict(list)
        for code in self.ids:
            if code.isdigit():
                self._numerisch[int(code)].append(code)

    def finden(self, code: str) -> int | None:
        """The id of ``code`` (or of the only code equal to it without leading zeros)."""
        if code in self.ids:
            return self.ids[code]
        if code.isdigit() and len(self._numerisch.get(int(code), [])) == 1:
            gefunden = self._numerisch[int(code)][0]
            if not self._gemeldet:
                self._gemeldet = True
                self.kontext.hinweis(f"Sozialraum-Codes, die sich nur in führenden Nullen unterscheiden, zugeordnet "
                                     f"(z. B. „{code}“ → „{gefunden}“).")
            return self.ids[gefunden]
        return None

    def lesen(self, z: Zeile, spalte: str, pflicht: bool | None = None) -> int | None:
        """The Sozialraum of a row's cell (None for an empty cell); unknown codes are reported once."""
        code = z.code(spalte, pflicht)
        if code is None:
            return None
        sid = self.finden(code)
        if sid is None:
            z.ok = False
            self.kontext.sammelfehler(z.nummer, z.leser.kopf(spalte), code,
                                      "Code eines vorhandenen Sozialraums – zuerst die Sozialräume importieren",
                                      "ist als Sozialraum unbekannt")
        return sid


# ------------------------------------------------------------------------------------ Sozialräume
def geometrie_pruefen(geometrie: object) -> str | None:
    """None when ``geometrie`` is a WGS84 Polygon/MultiPolygon, else the problem in German."""
    if not isinstance(geometrie, dict) or geometrie.get("type") not in GEOMETRIETYPEN:
        return "ist keine Polygon- oder MultiPolygon-Geometrie"
    koordinaten = geometrie.get("coordinates")
    ringe = [koordinaten] if geometrie["type"] == "Polygon" else koordinaten
    if not isinstance(ringe, list) or not ringe:
        return "hat keine Koordinaten"
    for polygon in ringe:
        if not isinstance(polygon, list) or not polygon:
            return "hat ungültige Koordinaten"
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return "hat einen Ring mit weniger als 4 Punkten"
            for punkt in ring:
                if (not isinstance(punkt, list) or len(punkt) < 2
                        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in punkt[:2])):
                    return "hat ungültige Koordinaten"
                try:  # JSON integers can be arbitrarily large
                    lon, lat = float(punkt[0]), float(punkt[1])
                except OverflowError:
                    return "hat Koordinaten außerhalb von WGS84 (Längen-/Breitengrad)"
                if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                    return "hat Koordinaten außerhalb von WGS84 (Längen-/Breitengrad)"
    return None


def flaeche_km2(geometrie: dict) -> Decimal:
    """Area of a WGS84 polygon in km² (local equirectangular projection; exact enough for districts)."""
    polygone = [geometrie["coordinates"]] if geometrie["type"] == "Polygon" else geometrie["coordinates"]
    breiten = [p[1] for poly in polygone for ring in poly for p in ring]
    cos0 = math.cos(math.radians(sum(breiten) / len(breiten)))
    gesamt = 0.0
    for polygon in polygone:
        for i, ring in enumerate(polygon):
            punkte = [(math.radians(p[0]) * ERDRADIUS_M * cos0, math.radians(p[1]) * ERDRADIUS_M) for p in ring]
            a = abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(punkte, punkte[1:] + punkte[:1], strict=True)))
            gesamt += (a if i == 0 else -a) / 2
    return Decimal(repr(round(max(gesamt, 0.0) / 1e6, 3)))


def sozialraeume(tabelle: Tabelle, kontext: Kontext) -> None:
    """Sozialräume from the own CSV/XLSX format (Code, Name, Ebene, Übergeordnet, Fläche, Geometrie)."""
    leser = Zeilenleser(tabelle, FORMATE["sozialraeume"], kontext)
    if not leser.vollstaendig:
        return
    zeilen, eltern = {}, {}
    for z in leser:
        code, name = z.code("Sozialraum"), z.text("Name")
        daten = {"code": code, "name": name}
        if leser.hat("Ebene") or code not in zeilen:
            daten["ebene"] = z.auswahl("Ebene", standard="sozialraum")
        if leser.hat("Fläche (km²)"):
            daten["flaeche_km2"] = z.zahl("Fläche (km²)", stellen=3, grenze=10**9)
        if leser.hat("Geometrie"):
            text = z.text("Geometrie")
            if text is not None:
                try:
                    problem = geometrie_pruefen(json.loads(text))
                except (ValueError, RecursionError):
                    problem = "ist kein GeoJSON"
                if problem:
                    z.fehler("Geometrie", text, problem, "GeoJSON-Geometrie (Polygon/MultiPolygon, WGS84)")
            daten["geometrie"] = text
        vater = z.code("Übergeordneter Sozialraum")
        if not z.ok or _doppelt(z, "Sozialraum", code, (daten, vater)):
            continue
        zeilen[code] = daten
        if leser.hat("Übergeordneter Sozialraum"):
            eltern[code] = (vater, z.nummer)
    _hierarchie(kontext, Sozialraum, zeilen, eltern if leser.hat("Übergeordneter Sozialraum") else None,
                leser.kopf("Übergeordneter Sozialraum"), lambda c: f"Sozialraum {c}")


def _eigenschaft(schluessel_liste: list[str], *namen: str) -> str | None:
    normal = {w.schluessel(k): k for k in schluessel_liste}
    for name in namen:
        if w.schluessel(name) in normal:
            return normal[w.schluessel(name)]
    return None


def _codefeld(features: list[dict], schluessel_liste: list[str]) -> str | None:
    """The property that holds the code: named Code/Sozialraum, else …_NR/…NR/Nummer, else …_ID; unique values."""
    def eindeutig(k: str) -> bool:
        werte = [f["properties"].get(k) for f in features]
        return all(isinstance(v, str | int) and not isinstance(v, bool) and str(v).strip() for v in werte) and len(
            {str(v).strip() for v in werte}) == len(werte)

    kandidaten = [_eigenschaft(schluessel_liste, "Code", "Sozialraum", "Nummer", "Nr")]
    kandidaten += [k for k in schluessel_liste if re.search(r"(^|_)nr$|nr$|nummer$", w.schluessel(k))]
    kandidaten += [k for k in schluessel_liste if re.search(r"(^|_)id$", w.schluessel(k))
                   and "parent" not in w.schluessel(k)]
    return next((k for k in kandidaten if k and eindeutig(k)), None)


def _geo_code(kontext: Kontext, nummer: int, feld: str, wert: object) -> str | bool | None:
    """A code from a GeoJSON property (read like every code cell); False after an error was reported."""
    if isinstance(wert, dict | list):
        kontext.fehler_melden(nummer, feld, str(wert)[:60], w.CODE_ERWARTET, f"Objekt {nummer}: ist kein Code")
        return False
    entfernt: list[str] = []
    try:
        code = w.code_lesen(wert, 20, entfernt)
    except w.WertFehler as f:
        kontext.fehler_melden(nummer, feld, wert, f.erwartet, f"Objekt {nummer}: {f.problem}")
        return False
    if entfernt:
        kontext.zeichen_entfernt(nummer, feld, wert, entfernt)
    return code


def sozialraeume_geojson(tabelle: Tabelle, kontext: Kontext) -> None:
    """Sozialräume or Bezirke from a GeoJSON FeatureCollection (see the format's description)."""
    optionen = kontext.optionen
    if tabelle.geojson is None:
        kontext.fehler_melden(None, None, None, "eine GeoJSON-Datei (FeatureCollection)",
                              "Die Datei ist kein GeoJSON")
        return
    features = [z[0] for _n, z in tabelle.zeilen]
    fehler_vorher = len(kontext.fehler)
    for nummer, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            kontext.fehler_melden(nummer, "properties", None, "ein Feature mit Eigenschaften (properties)",
                                  f"Objekt {nummer} hat keine Eigenschaften")
        else:
            problem = geometrie_pruefen(feature.get("geometry"))
            if problem:
                kontext.fehler_melden(nummer, "geometry", json.dumps(feature.get("geometry"))[:60],
                                      "Polygon oder MultiPolygon in WGS84 (Längen-/Breitengrad)",
                                      f"Geometrie von Objekt {nummer} {problem}")
    if len(kontext.fehler) > fehler_vorher:
        return
    if not features:
        kontext.fehler_melden(None, None, None, "mindestens ein Feature", "Die GeoJSON-Datei enthält keine Objekte")
        return
    schluessel_liste = tabelle.spalten
    codefeld = optionen.code_feld or _codefeld(features, schluessel_liste)
    namefeld = optionen.name_feld or _eigenschaft(schluessel_liste, "Name") or next(
        (k for k in schluessel_liste if "name" in w.schluessel(k) and k != codefeld), None)
    for feld, was in ((codefeld, "Code"), (namefeld, "Name")):
        if feld is None or feld not in schluessel_liste:
            kontext.fehler_melden(None, feld, None, f"eine Eigenschaft mit dem {was} (Option {was.lower()}_feld)",
                                  f"Die Eigenschaft für den {was} ist nicht erkennbar")
    if len(kontext.fehler) > fehler_vorher:
        return
    ebenenfeld = _eigenschaft(schluessel_liste, "Ebene")
    elternfeld = optionen.parent_feld or _eigenschaft(schluessel_liste, "Übergeordnet", "Übergeordneter Sozialraum",
                                                      "Bezirk", "Parent")
    flaechenfeld = _eigenschaft(schluessel_liste, "Fläche (km²)", "flaeche_km2", "Fläche")
    shapefeld = _eigenschaft(schluessel_liste, "SHAPE_AREA")
    ebene = optionen.ebene
    if ebene is None and ebenenfeld is None:
        name = w.schluessel(kontext.dateiname) + "_" + w.schluessel(codefeld)
        ebene = "bezirk" if ("bezirk" in name or "stb" in name.split("_")) else "sozialraum"
        kontext.hinweis(f"{tabelle.name}: Ebene „{ebene}“ angenommen (aus Datei- und Eigenschaftsnamen; "
                        "sonst Option ebene).")
    kontext.hinweis(f"{tabelle.name}: Code aus „{codefeld}“, Name aus „{namefeld}“.")
    bezirke = dict(kontext.session.execute(
        select(Sozialraum.code, Sozialraum.id).where(Sozialraum.ebene == "bezirk")).all())
    zeilen, eltern, vom_anfang = {}, {}, 0
    for nummer, feature in enumerate(features, start=1):
        p = feature["properties"]
        code = _geo_code(kontext, nummer, codefeld, p.get(codefeld))
        name = w.text_lesen(p.get(namefeld))
        if code is False:
            continue
        if not code or not name or len(name) > 200:
            kontext.fehler_melden(nummer, codefeld if not code else namefeld, code if not code else name,
                                  "Code (höchstens 20 Zeichen) und Name (höchstens 200 Zeichen)",
                                  f"Objekt {nummer}: Code oder Name fehlt oder ist zu lang")
            continue
        erste = kontext.schluessel_melden("sozialraeume_geojson", code, tabelle.name, nummer)
        if erste is not None:
            wo = f"Objekt {erste[1]}" if erste[0] == tabelle.name else f"Tabelle „{erste[0]}“, Objekt {erste[1]}"
            kontext.fehler_melden(nummer, codefeld, code, "jeden Code nur einmal", f"kommt doppelt vor (schon in {wo})")
            continue
        art = ebene
        if ebenenfeld is not None:
            try:
                art = w.auswahl_lesen(p.get(ebenenfeld) or "sozialraum", ("bezirk", "sozialraum"))
            except w.WertFehler as f:
                kontext.fehler_melden(nummer, ebenenfeld, p.get(ebenenfeld), f.erwartet, f.problem)
                continue
        geometrie = feature["geometry"]
        if flaechenfeld and p.get(flaechenfeld) not in (None, ""):
            try:
                flaeche = w.zahl_lesen(p[flaechenfeld])
            except w.WertFehler as f:
                kontext.fehler_melden(nummer, flaechenfeld, p[flaechenfeld], f.erwartet, f.problem)
                continue
        elif (shapefeld and isinstance(p.get(shapefeld), int | float) and not isinstance(p[shapefeld], bool)
              and 0 < p[shapefeld] < 10**15):  # m²; inf, NaN and absurd sizes fall back to the geometry
            flaeche = (Decimal(repr(float(p[shapefeld]))) / 1_000_000).quantize(Decimal("0.001"))
            kontext.hinweis(f"{tabelle.name}: Fläche aus {shapefeld} (m²) in km² umgerechnet.")
        else:
            flaeche = flaeche_km2(geometrie)
            kontext.hinweis(f"{tabelle.name}: Fläche aus der Geometrie berechnet.")
        if abs(flaeche) >= 10**9 or flaeche != flaeche.quantize(Decimal("0.001")):
            flaeche = flaeche.quantize(Decimal("0.001")) if abs(flaeche) < 10**9 else None
        zeilen[code] = {"code": code, "name": name, "ebene": art, "flaeche_km2": flaeche,
                        "geometrie": json.dumps(geometrie, ensure_ascii=False, separators=(",", ":"))}
        if elternfeld:
            vater = _geo_code(kontext, nummer, elternfeld, p.get(elternfeld))
            if vater is False:
                continue
            eltern[code] = (vater, nummer)
        elif art == "sozialraum":
            passend = [b for b in bezirke if code.startswith(b) and b != code]
            if passend:
                eltern[code] = (max(passend, key=len), nummer)
                vom_anfang += 1
    if vom_anfang:
        beispiel = next(iter(eltern.items()))
        kontext.hinweis(f"{tabelle.name}: Bezirk von {vom_anfang} Sozialräumen aus dem Code-Anfang abgeleitet "
                        f"(z. B. {beispiel[0]} → {beispiel[1][0]}).")
    _hierarchie(kontext, Sozialraum, zeilen, eltern if eltern else None, elternfeld or codefeld,
                lambda c: f"Sozialraum {c}")


# ------------------------------------------------------------------------------------ Bevölkerung
_BAENDER = (  # at most three digits: ages, and no int() of a 5.000-digit cell
    (re.compile(r"^([0-9]{1,3})\s*-\s*<\s*([0-9]{1,3})$"), lambda a, b: (a, b - 1)),
    (re.compile(r"^([0-9]{1,3})\s*bis\s*unter\s*([0-9]{1,3})(?:\s*jahre)?$"), lambda a, b: (a, b - 1)),
    (re.compile(r"^unter\s*([0-9]{1,3})(?:\s*jahre)?$"), lambda b: (0, b - 1)),
    (re.compile(r"^([0-9]{1,3})\s*(?:jahre\s*)?(?:und\s*(?:älter|aelter|mehr)|\+|u\.\s*ä\.|und\s*darüber)$"),
     lambda a: (a, None)),
    (re.compile(r"^([0-9]{1,3})\s*(?:-|–|bis)\s*([0-9]{1,3})(?:\s*jahre)?$"), lambda a, b: (a, b)),
)


def altersband_lesen(text: str) -> tuple[int, int | None]:
    """'00 - < 03' → (0, 2); '75 und älter' → (75, None); '3 bis unter 6' → (3, 5); '18-24' → (18, 24)."""
    s = re.sub(r"\s+", " ", str(text).strip().casefold())
    for muster, bilden in _BAENDER:
        treffer = muster.match(s)
        if treffer:
            von, bis = bilden(*(int(g) for g in treffer.groups()))
            if von < 0 or von > 150 or (bis is not None and (bis < von or bis > 150)):
                break
            return von, bis
    raise w.WertFehler("ist kein Altersband", "Altersband wie „00 - < 03“, „3 bis unter 6“ oder „75 und älter“")


def _bevoelkerung_speichern(
    kontext: Kontext, raum: Raumfinder, eintraege: dict[tuple[int | None, int, int], tuple[int | None, int, int]],
    spalte: str,
) -> None:
    """Store population rows; rows of areas whose sub-areas are also given are checked, not stored.

    ``eintraege`` maps (sozialraum_id or None for the whole city, jahr, alter_von) to (alter_bis, anzahl, zeile).
    """
    kinder = defaultdict(set)
    for sid, parent in raum.eltern.items():
        if parent is not None:
            kinder[parent].add(sid)
    vorhanden = defaultdict(set)
    for sid, jahr, von in eintraege:
        vorhanden[(jahr, von)].add(sid)
    summen, abweichungen, geprueft = [], [], 0
    speichern = {}
    for schluessel, (bis, anzahl, _nummer) in eintraege.items():
        sid, jahr, von = schluessel
        if sid is None:
            summen.append((schluessel, anzahl))
            continue
        teile = kinder.get(sid, set()) & vorhanden[(jahr, von)]
        if teile:
            summen.append((schluessel, anzahl))
            continue
        speichern[schluessel] = {"sozialraum_id": sid, "jahr": jahr, "alter_von": von, "alter_bis": bis,
                                 "anzahl": anzahl}
    stadt = defaultdict(int)
    for (_s, jahr, von), daten in speichern.items():
        stadt[(jahr, von)] += daten["anzahl"]
    for (sid, jahr, von), anzahl in summen:
        if sid is None:
            teile = [stadt[(jahr, von)]]
        else:
            teile = [eintraege[(k, jahr, von)][1] for k in kinder[sid] if (k, jahr, von) in eintraege]
        geprueft += 1
        if sum(teile) != anzahl:
            name = "Stadt" if sid is None else f"Sozialraum {raum.codes.get(sid)}"
            abweichungen.append(f"{name}, {jahr}, ab {von} Jahren: Datei {anzahl:,}, Summe der Teilräume "
                                f"{sum(teile):,}".replace(",", "."))
    if summen:
        kontext.hinweis(f"{geprueft:,} Summenzeilen (Gesamtstadt bzw. Bezirke über ihren Sozialräumen) geprüft und "
                        f"nicht gespeichert; {len(abweichungen)} weichen von der Summe ihrer Teilräume ab."
                        .replace(",", "."))
        for text in abweichungen[:20]:
            kontext.hinweis(f"  Summenabweichung: {text}")
    if kontext.fehler:
        return
    sids = {s for s, _j, _v in speichern}
    bestehend = {}
    if sids:
        for r in kontext.session.execute(select(Bevoelkerung.id, Bevoelkerung.sozialraum_id, Bevoelkerung.jahr,
                                                Bevoelkerung.alter_von, Bevoelkerung.alter_bis, Bevoelkerung.anzahl)):
            bestehend[(r.sozialraum_id, r.jahr, r.alter_von)] = {"id": r.id, "alter_bis": r.alter_bis,
                                                                 "anzahl": r.anzahl}
    zeilen = {k: (d if k not in bestehend else {"alter_bis": d["alter_bis"], "anzahl": d["anzahl"]})
              for k, d in speichern.items()}
    abgleichen(kontext, Bevoelkerung, zeilen, bestehend, wertfeld="anzahl",
               beschreiben=lambda k: f"Bevölkerung {raum.codes.get(k[0])} {k[1]} ab {k[2]}")


def bevoelkerung(tabelle: Tabelle, kontext: Kontext) -> None:
    """Population in the own long format (Sozialraum, Jahr, Alter von, Alter bis, Anzahl)."""
    leser = Zeilenleser(tabelle, FORMATE["bevoelkerung"], kontext)
    if not leser.vollstaendig:
        return
    raum = Raumfinder(kontext)
    eintraege = {}
    for z in leser:
        sid = raum.lesen(z, "Sozialraum")
        jahr = z.ganzzahl("Jahr", minimum=1800, maximum=2200)
        von = z.ganzzahl("Alter von", minimum=0, maximum=150)
        bis = z.ganzzahl("Alter bis", minimum=0, maximum=150)
        anzahl = z.ganzzahl("Anzahl", minimum=0, maximum=10**9)
        if von is not None and bis is not None and bis < von:
            z.fehler("Alter bis", z.roh("Alter bis"), "liegt unter „Alter von“", "obere Grenze ≥ untere Grenze")
        if not z.ok or _doppelt(z, "Alter von", (sid, jahr, von), (bis, anzahl),
                                      " für diesen Sozialraum und dieses Jahr", "bevoelkerung"):
            continue
        eintraege[(sid, jahr, von)] = (bis, anzahl, z.nummer)
    _bevoelkerung_speichern(kontext, raum, eintraege, "Sozialraum")


def bevoelkerung_statistik(tabelle: Tabelle, kontext: Kontext) -> None:
    """Population from a statistics office's long format: the age-band table (Köln tab_id 020)."""
    leser = Zeilenleser(tabelle, FORMATE["bevoelkerung_statistik"], kontext)
    if not leser.vollstaendig:
        return
    i_tab, i_zeile = leser.index["tab_id"], leser.index["zeile"]
    baender: dict[str, bool] = {}
    for _n, zeile in tabelle.zeilen:
        tab = w.als_text(zeile[i_tab]).strip()
        if baender.get(tab, True):
            try:
                altersband_lesen(w.als_text(zeile[i_zeile]))
                baender.setdefault(tab, True)
            except w.WertFehler:
                baender[tab] = False
    tab_id = kontext.optionen.statistik_tabelle
    if tab_id is None:
        passend = [t for t, ok in baender.items() if ok]
        if len(passend) != 1:
            kontext.fehler_melden(None, leser.kopf("tab_id"), ", ".join(sorted(baender)),
                                  "genau eine Tabelle mit Altersbändern (Option statistik_tabelle)",
                                  "Die Tabelle der Altersbänder ist nicht eindeutig erkennbar")
            return
        tab_id = passend[0]
    elif tab_id not in baender:
        kontext.fehler_melden(None, leser.kopf("tab_id"), tab_id, "eine tab_id aus der Datei",
                              "Die gewählte Tabelle kommt in der Datei nicht vor")
        return
    andere = sorted(t for t in baender if t != tab_id)
    kontext.hinweis(f"Übernommen: Tabelle {tab_id} (Einwohner nach Alter)"
                    + (f"; übersprungen: Tabellen {', '.join(andere)}." if andere else "."))
    raum = Raumfinder(kontext)
    eintraege = {}
    for z in leser:
        if w.als_text(z.roh("tab_id")).strip() != tab_id:
            continue
        code = z.code("raum_id")
        jahr = z.ganzzahl("jahr", minimum=1800, maximum=2200)
        zahl = z.zahl("zahl", stellen=0, grenze=10**9)
        band = z.lesen("zeile", True, lambda r: altersband_lesen(w.als_text(r)), "Altersband wie „00 - < 03“")
        if code is None or not z.ok:
            continue
        sid = None if code.strip("0") == "" else raum.lesen(z, "raum_id")
        if zahl is not None and zahl < 0:
            z.fehler("zahl", z.roh("zahl"), "ist negativ", "Einwohnerzahl ≥ 0")
        if not z.ok or _doppelt(z, "zeile", (sid, jahr, band[0]), (band[1], zahl),
                                      " für diesen Raum und dieses Jahr", "bevoelkerung"):
            continue
        eintraege[(sid, jahr, band[0])] = (band[1], int(zahl), z.nummer)
    _bevoelkerung_speichern(kontext, raum, eintraege, "raum_id")
