"""The large demo cities Großstadt and Metropole: catalogues derived from Musterstadt, rows as streams.

``GrossErzeuger(groesse, periodenart, seed)`` builds the small tables (Kommune, units, Handlungsfelder,
Sozialräume with geometry, Produkte, Ziele, Kennzahlen and their links) as lists of dicts, and the
large ones (Bevölkerung, Kennzahlwerte, Haushaltsbeträge) as generators of tuples in the column order
of ``STROEME``, with values already in the form the database reads (numbers and timestamps as text),
so that ``laden`` can COPY them into PostgreSQL or executemany them into SQLite without building
objects. Nothing here touches a database.

How the catalogues grow from Musterstadt
- Kennzahlen: Musterstadt's 64 (codes kept) and six templates each for HF8–HF10, then variants per
  target group ("SGB II-Quote – unter 25 Jahren") with the template's unit, type and direction and a
  trend derived from the template's (levels of counts scale with the population). Most rates carry a
  value per Sozialraum: the template's spread ``exp(elastizitaet · sozialindex)``, rescaled so that
  the population-weighted mean is the city trend; the city value is that mean, as in Musterstadt.
- Produkte: Produktbereiche 01–17. The social ones keep Musterstadt's Produkte and recipes (amounts
  scaled with the population); the others come from ``gross_katalog``. Some Produkte exist once per
  Stadtbezirk, and facilities (Kitas, Grundschulen, Stadtteilbibliotheken …) once per Sozialraum, as
  many kinds as the size needs to reach its number of Produkte.
- Ziele: per Handlungsfeld a few strategic goals; operative ones are Musterstadt's and the strategic
  goals' implementation per Stadtbezirk; each operative goal has 2–4 Kennzahlen and 1–3 Produkte.

Every random draw comes from a ``random.Random`` seeded with the seed and the object, as in
Musterstadt, so the same (groesse, periodenart, seed, massstab) gives the same rows in the same order.
``massstab`` < 1 shrinks every catalogue (tests).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kennzahlen.demo import gross_katalog as gk
from kennzahlen.demo import katalog as kat
from kennzahlen.demo.erzeugen import (
    MONATSPROFILE,
    STICHTAG,
    ZEILENART,
    ZEILENPROFIL,
    Erzeuger,
    _interp,
    letzte_periode,
    periodenende,
)
from kennzahlen.demo.gross_geometrie import zellen
from kennzahlen.models import (
    PERIODEN_JE_JAHR,
    Base,
    Handlungsfeld,
    Kennzahl,
    Kommentar,
    Kommune,
    Organisationseinheit,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Sozialraum,
    Zeilenschema,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)
from kennzahlen.zeilenschema import NKF_NRW_2019, NKF_NRW_2019_CODE, NKF_NRW_2019_NAME

ERSTES_JAHR = gk.ERSTES_JAHR
LETZTES_JAHR = STICHTAG.year
LETZTES_ERGEBNISJAHR = LETZTES_JAHR - 1
LETZTES_ZIELJAHR = 2029
JAHRE = tuple(range(ERSTES_JAHR, LETZTES_ZIELJAHR + 1))
MUSTERSTADT_EINWOHNER = kat.EINWOHNER_2019

STROEME: dict[str, tuple[str, ...]] = {
    "bevoelkerung": ("id", "sozialraum_id", "jahr", "alter_von", "alter_bis", "anzahl"),
    "kennzahlwert": ("id", "kennzahl_id", "jahr", "periodenart", "periode", "sozialraum_id", "wertart", "wert",
                     "status", "geaendert_am", "import_id"),
    "haushaltsbetrag": ("id", "produkt_id", "jahr", "periodenart", "periode", "planzeile_id", "betragsart",
                        "version", "betrag", "geaendert_am", "import_id"),
}
"""The large tables, generated as streams of tuples in this column order."""

ANZAHL_EINHEITEN = ("Fälle", "Personen", "Kinder", "Haushalte")
VORZEICHENBEHAFTET = {"K102", "K905"}
"""Templates whose values may be negative (changes, balances): never clamped, never spread per area."""


def _basisprodukte(bezirke: int) -> int:
    """Produkte of a large city before the Sozialraum facilities, with ``bezirke`` Stadtbezirke."""
    muster = sum(1 for p in kat.PRODUKTE if p.ebene == "produkt" and p.code != "060103")
    weitere = sum(bezirke if e[5] == "bezirk" else 1
                  for _b, _n, _o, gruppen in gk.PRODUKTBEREICHE for *_g, eintraege in gruppen for e in eintraege)
    return muster + weitere + sum(len(e) for _g, _n, e in gk.FINANZWIRTSCHAFT)


def _ist_rate(einheit: str) -> bool:
    return einheit == "%" or einheit.startswith("je ") or einheit == "Tage"


@dataclass
class GKennzahl:
    """A Kennzahl of a large city with its value recipe (see the module docstring)."""

    id: int
    code: str
    name: str
    vorlage: kat.Kennzahldef
    handlungsfeld: str
    knoten: tuple[tuple[float, float], ...]
    saison: float
    rauschen: float
    bewertung: str
    korridor: tuple[float, float] | None
    vergleich: float | None
    prognose: bool
    ziel: tuple[tuple[float, float], ...] = ()
    zielgruppe: str | None = None
    raum: tuple[float, tuple[int, int | None]] | None = None

    @property
    def steuerbar(self) -> bool:
        return self.vorlage.typ != "kontext"


@dataclass
class GProdukt:
    """A node of the product hierarchy; Produkte carry their budget lines as yearly true amounts."""

    id: int
    code: str
    name: str
    ebene: str
    parent: str | None
    organisationseinheit: str
    aufgabenart: str | None = None
    beschreibung: str | None = None
    handlungsfeld: str | None = None
    bezirk: int | None = None
    """0-based Stadtbezirk of a per-Bezirk or per-Sozialraum Produkt."""
    plan: float = 0.0
    zeilen: dict[str, list[float]] | None = None
    """Line number → true amount (euro, unsigned) per year of ``JAHRE``."""


class GrossErzeuger:
    """Generates all rows of a large demo city for one size, periodenart and seed."""

    def __init__(self, groesse: str, periodenart: str = "quartal", seed: int = 2026, massstab: float = 1.0,
                 dialekt: str = "postgresql") -> None:
        if groesse not in gk.GROESSEN:
            raise ValueError(f"groesse muss musterstadt, {', '.join(gk.GROESSEN)} sein, nicht {groesse!r}.")
        if not 0 < massstab <= 1:
            raise ValueError(f"massstab muss in (0, 1] liegen, nicht {massstab!r}.")
        self.letzte = letzte_periode(periodenart)
        self.g = gk.GROESSEN[groesse]
        self.art = periodenart
        self.n = PERIODEN_JE_JAHR[periodenart]
        self.seed = seed
        self.massstab = massstab
        self.dialekt = dialekt
        self.perioden = [(j, p) for j in range(ERSTES_JAHR, LETZTES_JAHR + 1) for p in range(1, self.n + 1)
                         if (j, p) <= self.letzte]
        self._zeiten: dict[tuple[dt.date, int, int], str] = {}
        self.muster = Erzeuger("quartal", seed)
        self._sozialraeume_bauen()
        self._bevoelkerung_bauen()
        self._kennzahlen_bauen()
        self._produkte_bauen()
        self._ziele_bauen()

    # ------------------------------------------------------------------------------------ helpers
    def rng(self, *teile: object) -> random.Random:
        """A random generator for one object, independent of all others."""
        return random.Random(":".join(str(t) for t in (self.seed, self.g.code, *teile)))

    def _anzahl(self, voll: int, minimum: int) -> int:
        return voll if self.massstab == 1 else max(minimum, round(voll * self.massstab))

    def zeit(self, tag: dt.date, stunde: int = 9, minute: int = 0) -> str:
        """A UTC timestamp as the database reads it (cached: there are few distinct ones)."""
        schluessel = (tag, stunde, minute)
        text = self._zeiten.get(schluessel)
        if text is None:
            if self.dialekt == "postgresql":
                text = f"{tag.isoformat()} {stunde:02d}:{minute:02d}:00+00"
            else:  # SQLAlchemy's SQLite storage format (naive UTC)
                text = f"{tag.isoformat()} {stunde:02d}:{minute:02d}:00.000000"
            self._zeiten[schluessel] = text
        return text

    def t(self, jahr: int, periode: int) -> float:
        return jahr + (periode - 0.5) / self.n

    # ------------------------------------------------------------------------------------ Sozialräume
    def _sozialraeume_bauen(self) -> None:
        g = self.g
        self.anzahl_sozialraeume = self._anzahl(g.sozialraeume, 4)
        self.bezirksnamen = g.bezirke[: min(len(g.bezirke), max(2, self.anzahl_sozialraeume // 3))]
        faktor = self.anzahl_sozialraeume / g.sozialraeume
        self.einwohner_start = round(g.einwohner * faktor)
        flaeche = g.flaeche_km2 * faktor
        self.zellen = zellen(self.anzahl_sozialraeume, len(self.bezirksnamen), flaeche, g.zentrum, self.seed)
        rng = self.rng("ortsnamen")
        namen = [v + h for v in gk.ORTSTEILE_VORN for h in gk.ORTSTEILE_HINTEN]
        rng.shuffle(namen)
        if len(namen) < len(self.zellen):
            namen += [f"{n}-Nord" for n in namen]
        radius = math.sqrt(flaeche / math.pi)
        breite = 3 if max(self._je_bezirk().values()) > 99 else 2
        self.sozialraeume: list[dict] = []
        zaehler: dict[int, int] = defaultdict(int)
        for i, z in enumerate(self.zellen):
            zaehler[z.bezirk] += 1
            r = self.rng("sozialraum", i)
            abstand = math.hypot(*z.punkt) / radius
            winkel = math.atan2(z.punkt[1], z.punkt[0])
            index = 0.7 * math.exp(-2.5 * abstand) + 0.55 * math.cos(winkel - 0.6) * abstand + r.gauss(0, 0.3) - 0.15
            index = round(min(max(index, -1.0), 1.0), 2)
            if index > 0.55:
                profil = "arm_jung"
            elif abstand < 0.35:
                profil = "jung"
            elif index < -0.45 and abstand > 0.6:
                profil = "alt"
            else:
                profil = r.choice(("familie", "gemischt", "gemischt"))
            self.sozialraeume.append({
                "code": f"{z.bezirk + 1:02d}{zaehler[z.bezirk]:0{breite}d}", "name": namen[i], "bezirk": z.bezirk,
                "sozialindex": index, "profil": profil, "geojson": z.geojson, "flaeche": z.flaeche_km2,
                "gewicht": math.exp(r.gauss(0, 0.35)) * (1.6 - 0.8 * min(abstand, 1.0)),
                "wachstum": r.gauss(0.004 - 0.004 * index, 0.004),
            })
        self.bezirk_id = {b: b + 1 for b in range(len(self.bezirksnamen))}
        for i, s in enumerate(self.sozialraeume):
            s["id"] = len(self.bezirksnamen) + i + 1

    def _je_bezirk(self) -> dict[int, int]:
        anzahl: dict[int, int] = defaultdict(int)
        for z in self.zellen:
            anzahl[z.bezirk] += 1
        return anzahl

    def _bevoelkerung_bauen(self) -> None:
        """Inhabitants per Sozialraum, year (2017–2026) and age band."""
        summe = sum(s["gewicht"] for s in self.sozialraeume)
        self.jahre_bev = tuple(range(ERSTES_JAHR, LETZTES_JAHR + 1))
        for s in self.sozialraeume:
            rng = self.rng("bevoelkerung", s["code"])
            profil = kat.ALTERSPROFILE[s["profil"]]
            start = self.einwohner_start * s["gewicht"] / summe
            s["bev"] = []
            for k, _jahr in enumerate(self.jahre_bev):
                gesamt = start * (1 + s["wachstum"]) ** k * (1 + rng.gauss(0, 0.002))
                anteile = [a * f * (1 + 0.007 * k if von >= 65 else 1.0)
                           for a, f, (von, _bis) in zip(kat.ALTERSANTEILE, profil, kat.ALTERSBAENDER, strict=True)]
                gesamt_anteile = sum(anteile)
                s["bev"].append([round(gesamt * a / gesamt_anteile) for a in anteile])
        self._gewichte: dict[tuple[int, int | None, int], list[float]] = {}

    def gewichte(self, alter: tuple[int, int | None], jahr: int) -> list[float]:
        """Inhabitants per Sozialraum (in order) in the age bands within ``alter`` in ``jahr``."""
        jahr = min(max(jahr, ERSTES_JAHR), LETZTES_JAHR)
        schluessel = (alter[0], alter[1], jahr)
        if schluessel not in self._gewichte:
            von, bis = alter
            baender = [i for i, (bv, bb) in enumerate(kat.ALTERSBAENDER)
                       if bv >= von and (bis is None or (bb is not None and bb <= bis))]
            k = jahr - ERSTES_JAHR
            self._gewichte[schluessel] = [float(sum(s["bev"][k][i] for i in baender)) for s in self.sozialraeume]
        return self._gewichte[schluessel]

    # ------------------------------------------------------------------------------------ Kennzahlen
    def _kennzahlen_bauen(self) -> None:
        """Templates per Handlungsfeld, then variants per target group; picks the Sozialraum Kennzahlen."""
        g = self.g
        self.verhaeltnis = self.einwohner_start / MUSTERSTADT_EINWOHNER
        vorlagen: dict[str, list[kat.Kennzahldef]] = defaultdict(list)
        for d in (*kat.KENNZAHLEN, *gk.KENNZAHLEN_ZUSATZ):
            if not (d.abgeleitet or "").startswith("faelle_aufteilen:"):  # counts split per district: Musterstadt only
                vorlagen[d.handlungsfeld].append(d)
        self.handlungsfelder = [*kat.HANDLUNGSFELDER, *gk.HANDLUNGSFELDER_ZUSATZ]
        je_feld = round(g.kennzahlen / len(self.handlungsfelder))
        gewaehlt = self._anzahl(je_feld, 3)
        self.kennzahlen: list[GKennzahl] = []
        for hf, _name, _text in self.handlungsfelder:
            eigene = vorlagen[hf]
            liste = [self._kennzahl_aus_vorlage(d, None, int(d.code[1 + len(hf) - 2:])) for d in eigene[:je_feld]]
            raten = [d for d in eigene if _ist_rate(d.einheit) and d.code not in VORZEICHENBEHAFTET]
            andere = [d for d in eigene if d not in raten]
            rng = self.rng("varianten", hf)
            nummer = max(int(d.code[1 + len(hf) - 2:]) for d in eigene)
            gruppen = gk.ZIELGRUPPEN[hf]
            benutzt = {d.name for d in eigene}
            i = 0
            while len(liste) < je_feld:
                if i > 100_000:
                    raise ValueError(f"Zu wenige Zielgruppen für die Kennzahlen im Handlungsfeld {hf}")
                pool = andere if (i % 11 == 10 and andere) else raten
                vorlage = pool[(i // (11 if pool is andere else 1)) % len(pool)]
                zielgruppe = gruppen[(i // len(raten)) % len(gruppen)]
                i += 1
                name = f"{vorlage.name} – {zielgruppe}"
                if name in benutzt:
                    continue
                benutzt.add(name)
                nummer += 1
                if nummer > 99:
                    raise ValueError(f"Zu viele Kennzahlen im Handlungsfeld {hf}")
                liste.append(self._kennzahl_aus_vorlage(vorlage, zielgruppe, nummer, rng))
            if gewaehlt < je_feld:  # reduced scale: evenly spread over the full list (first = a template)
                liste = [liste[i] for i in sorted({round(j * (je_feld - 1) / (gewaehlt - 1)) for j in range(gewaehlt)})]
            self.kennzahlen.extend(liste)
        for i, k in enumerate(self.kennzahlen, start=1):
            k.id = i
        # Sozialraum Kennzahlen: the templates' own first, then further rates, spread over the fields
        ziel = round(len(self.kennzahlen) * g.raumkennzahlen / g.kennzahlen)
        kandidaten = [k for k in self.kennzahlen if k.vorlage.raum is not None]
        reihenfolge = sorted((k for k in self.kennzahlen if k.vorlage.raum is None and _ist_rate(k.vorlage.einheit)
                              and k.vorlage.code not in VORZEICHENBEHAFTET and k.zielgruppe is not None),
                             key=lambda k: self.rng("raumwahl", k.code).random())
        for k in [*kandidaten, *reihenfolge][:ziel]:
            k.raum = self._raum(k)
        self.kz = {k.code: k for k in self.kennzahlen}

    def _kennzahl_aus_vorlage(self, d: kat.Kennzahldef, zielgruppe: str | None, nummer: int,
                              rng: random.Random | None = None) -> GKennzahl:
        hf = d.handlungsfeld
        code = f"K{hf[2:]}{nummer:02d}"
        rng = rng or self.rng("kennzahl", code)
        punkte = (2019.0, 2020.5, 2022.0, 2023.5, 2025.0, 2026.75)
        werte = [self.muster.trend(d.code, t) if d.code in self.muster.kz else _interp(d.verlauf, t) for t in punkte]
        if d.einheit in ANZAHL_EINHEITEN:
            faktor = self.verhaeltnis * (rng.uniform(0.12, 0.55) if zielgruppe else 1.0)
        elif d.einheit == "%" and zielgruppe:
            faktor = rng.uniform(0.6, 1.5) if max(werte) < 50 else rng.uniform(0.88, 1.04)
        elif zielgruppe:
            faktor = rng.uniform(0.75, 1.35)
        else:
            faktor = 1.0
        neigung = rng.uniform(-0.12, 0.12) if zielgruppe else 0.0
        knoten = [(t, w * faktor * (1 + neigung * (t - 2022) / 5)) for t, w in zip(punkte, werte, strict=True)]
        if d.einheit == "%" and d.code not in VORZEICHENBEHAFTET:
            knoten = [(t, min(w, 97.5)) for t, w in knoten]
        knoten.insert(0, (float(ERSTES_JAHR), knoten[0][1] * (1 + (rng.uniform(-0.05, 0.05) if zielgruppe else 0.0))))
        niveau = sum(abs(w) for _t, w in knoten) / len(knoten)
        rauschen = d.rauschen * faktor if d.rauschen else 0.004 * niveau
        korridor = None
        if d.richtung == "zielkorridor":
            unten, oben = d.korridor or (niveau * 0.85, niveau * 1.15)
            skala = faktor if d.korridor else 1.0
            korridor = (round(unten * skala, d.nachkommastellen), round(oben * skala, d.nachkommastellen))
            if d.einheit == "%":
                korridor = (min(korridor[0], 95.0), min(korridor[1], 100.0))
        bewertung = d.bewertung or (rng.choice(("gut", "gut", "knapp", "knapp", "deutlich")) if zielgruppe else "gut")
        vergleich = d.vergleich if (not zielgruppe or rng.random() < 0.3) else None
        skala = faktor if d.einheit in ANZAHL_EINHEITEN or zielgruppe else 1.0
        ziel = tuple((float(t), w * skala) for t, w in d.ziel)
        name = d.name if zielgruppe is None else f"{d.name} – {zielgruppe}"
        prognose = d.prognose and (not zielgruppe or rng.random() < 0.2)
        return GKennzahl(0, code, name, d, hf, tuple(knoten), d.saison * (faktor if d.einheit != "%" else 1.0),
                         rauschen, bewertung, korridor, vergleich, prognose, ziel, zielgruppe)

    def _raum(self, k: GKennzahl) -> tuple[float, tuple[int, int | None]]:
        """(elastizitaet, alter) of a Sozialraum Kennzahl; rates stay below 100 % in every area."""
        d = k.vorlage
        rng = self.rng("raum", k.code)
        if d.raum is not None:
            elastizitaet, alter = d.raum.elastizitaet * (rng.uniform(0.8, 1.2) if k.zielgruppe else 1.0), d.raum.alter
        else:
            alter = {"HF3": (0, 5), "HF5": (0, 17), "HF6": (65, None), "HF1": (15, 64)}.get(k.handlungsfeld, (0, None))
            if d.typ == "prozess":
                elastizitaet = rng.uniform(-0.1, 0.15)
            elif d.richtung == "niedriger_besser":
                elastizitaet = rng.uniform(0.3, 0.9)
            else:
                elastizitaet = -rng.uniform(0.05, 0.35)
        if d.einheit == "%":  # the largest spread factor is about exp(|elastizitaet|)
            hoechster = max(w for _t, w in k.knoten)
            grenze = max(math.log(99.0 / hoechster), 0.0) if hoechster > 0 else 1.0
            elastizitaet = math.copysign(min(abs(elastizitaet), grenze), elastizitaet)
        return round(elastizitaet, 3), alter

    def trend(self, k: GKennzahl, t: float) -> float:
        return _interp(k.knoten, t) + k.saison * math.sin(2 * math.pi * (t - 0.1))

    @staticmethod
    def _grenzen(k: GKennzahl) -> tuple[float, float]:
        """Lowest and highest possible value (rates 0–100 %, counts ≥ 0, changes unbounded)."""
        if k.vorlage.code in VORZEICHENBEHAFTET:
            return -math.inf, math.inf
        return (0.0, 100.0) if k.vorlage.einheit == "%" else (0.0, math.inf)

    def _begrenzen(self, k: GKennzahl, wert: float) -> float:
        if k.vorlage.code in VORZEICHENBEHAFTET:
            return wert
        if k.vorlage.einheit == "%":
            return min(max(wert, 0.0), 100.0)
        return max(wert, 0.0)

    # ------------------------------------------------------------------------------------ Produkte
    def _produkte_bauen(self) -> None:
        g = self.g
        bezirke = len(self.bezirksnamen)
        einwohner = self.einwohner_start / 1_000_000
        bev_sr = [sum(s["bev"][0]) for s in self.sozialraeume]
        bev_gesamt = sum(bev_sr)
        bev_bezirk = [sum(b for b, s in zip(bev_sr, self.sozialraeume, strict=True) if s["bezirk"] == i)
                      for i in range(bezirke)]
        knoten: dict[str, GProdukt] = {}
        produkte: list[GProdukt] = []

        def knoten_anlegen(code: str, name: str, oe: str, parent: str | None) -> None:
            if code not in knoten:
                knoten[code] = GProdukt(0, code, name, "produktbereich" if len(code) == 2 else "produktgruppe",
                                        parent, oe)

        # social Produktbereiche from Musterstadt (recipes scaled with the population)
        muster_gruppen = {}
        for p in kat.PRODUKTE:
            if p.ebene != "produkt":
                muster_gruppen[p.code] = p
                continue
            if p.code == "060103":  # becomes a facility per Sozialraum
                continue
            knoten_anlegen(p.code[:2], muster_gruppen[p.code[:2]].name, muster_gruppen[p.code[:2]].organisationseinheit,
                           None)
            knoten_anlegen(p.code[:4], muster_gruppen[p.code[:4]].name, muster_gruppen[p.code[:4]].organisationseinheit,
                           p.code[:2])
            rng = self.rng("produkt", p.code)
            produkt = GProdukt(0, p.code, p.name, "produkt", p.code[:4], p.organisationseinheit, p.aufgabenart,
                               p.beschreibung, gk.GRUPPE_HANDLUNGSFELD.get(p.code[:4]), plan=p.planabweichung)
            produkt.zeilen = self._muster_zeilen(p, rng)
            produkte.append(produkt)
        # further Produktbereiche, groups and products
        for bcode, bname, boe, gruppen in gk.PRODUKTBEREICHE:
            name = muster_gruppen[bcode].name if bcode in muster_gruppen else bname
            knoten_anlegen(bcode, name, muster_gruppen[bcode].organisationseinheit if bcode in muster_gruppen else boe,
                           None)
            for gcode, gname, goe, eintraege in gruppen:
                knoten_anlegen(gcode, gname, goe, bcode)
                for nummer, pname, aufgabenart, typ, betrag, je in eintraege:
                    code = gcode + nummer
                    if je == "bezirk":
                        for b in range(bezirke):
                            anteil = bev_bezirk[b] / bev_gesamt
                            produkte.append(self._typprodukt(
                                f"{code}.{b + 1:02d}", f"{pname} {g.bezirksart} {self.bezirksnamen[b]}", gcode, goe,
                                aufgabenart, typ, betrag * einwohner * anteil, b))
                    else:
                        produkte.append(self._typprodukt(code, pname, gcode, goe, aufgabenart, typ, betrag * einwohner))
        for gcode, gname, eintraege in gk.FINANZWIRTSCHAFT:
            bcode = gcode[:2]
            knoten_anlegen(bcode, gk.FINANZBEREICHE[bcode][0], gk.FINANZBEREICHE[bcode][1], None)
            knoten_anlegen(gcode, gname, "20", bcode)
            for nummer, pname, zeilen in eintraege:
                code = gcode + nummer
                rng = self.rng("produkt", code)
                produkt = GProdukt(0, code, pname, "produkt", gcode, "20", "pflicht" if bcode == "16" else "freiwillig")
                produkt.zeilen = {z: self._verlauf(z, b * einwohner * rng.uniform(0.85, 1.15), rng, "finanz")
                                  for z, b in zeilen.items()}
                produkte.append(produkt)
        # facilities per Sozialraum, as many kinds as needed for the size's number of Produkte
        arten = min(len(gk.EINRICHTUNGEN), max(0, math.ceil((g.produkte - _basisprodukte(len(g.bezirke)))
                                                             / g.sozialraeume)))
        for gcode, nummer, pname, aufgabenart, typ, betrag in gk.EINRICHTUNGEN[:arten]:
            for i, s in enumerate(self.sozialraeume):
                anteil = bev_sr[i] / bev_gesamt
                produkte.append(self._typprodukt(
                    f"{gcode}{nummer}.{s['code']}", f"{pname} {s['name']}", gcode,
                    self._gruppen_oe(gcode, knoten), aufgabenart, typ, betrag * einwohner * anteil, s["bezirk"]))
        if self.massstab < 1:
            behalten = max(30, round(g.produkte * self.massstab))
            rng = self.rng("produktauswahl")
            auswahl = sorted(rng.sample(range(len(produkte)), min(behalten, len(produkte))))
            produkte = [produkte[i] for i in auswahl]
        # hierarchy: only groups and areas with products, ordered by code
        genutzt = {p.parent for p in produkte}
        genutzt |= {knoten[c].parent for c in genutzt}
        alle = sorted([k for c, k in knoten.items() if c in genutzt] + produkte, key=lambda p: p.code)
        for i, p in enumerate(alle, start=1):
            p.id = i
            if p.handlungsfeld is None and p.ebene == "produkt":
                p.handlungsfeld = gk.GRUPPE_HANDLUNGSFELD.get(p.code[:4])
        self.produkte = alle
        self.produkt_id = {p.code: p.id for p in alle}

    @staticmethod
    def _gruppen_oe(gcode: str, knoten: dict[str, GProdukt]) -> str:
        return knoten[gcode].organisationseinheit if gcode in knoten else "V"

    def _verlauf(self, zeile: str, betrag: float, rng: random.Random, typ: str) -> list[float]:
        """True yearly amounts (2017–2029) of a line from its 2017 amount: growth and two shocks."""
        wachstum = {"11": 0.03, "12": 0.035, "13": 0.025, "14": 0.015, "15": 0.035, "16": 0.02, "01": 0.03,
                    "20": -0.01}.get(zeile, 0.02) + rng.gauss(0, 0.008)
        werte = []
        for jahr in JAHRE:
            wert = betrag * (1 + wachstum) ** (jahr - ERSTES_JAHR)
            if zeile in ("04", "05") and typ == "einrichtung":
                wert *= {2020: 0.7, 2021: 0.82}.get(jahr, 1.0)
            if zeile == "13":
                wert *= {2022: 1.08, 2023: 1.12}.get(jahr, 1.0 + (0.06 if jahr > 2023 else 0.0))
            if zeile == "01" and typ == "finanz":
                wert *= {2020: 0.86, 2021: 0.95}.get(jahr, 1.0)
            werte.append(max(wert, 0.0))
        return werte

    def _typprodukt(self, code: str, name: str, gruppe: str, oe: str, aufgabenart: str, typ: str, aufwand: float,
                    bezirk: int | None = None) -> GProdukt:
        rng = self.rng("produkt", code)
        immer, optional = gk.ZEILENMUSTER[typ]
        aufwand *= rng.uniform(0.7, 1.4)
        zeilen = {}
        for zeile, anteil in (*immer.items(), *((z, a) for z, a in optional.items() if rng.random() < 0.55)):
            zeilen[zeile] = self._verlauf(zeile, aufwand * anteil * rng.uniform(0.7, 1.3), rng, typ)
        produkt = GProdukt(0, code, name, "produkt", gruppe, oe, aufgabenart, bezirk=bezirk,
                           plan=rng.uniform(-0.06, 0.02) if typ == "transfer" else 0.0)
        produkt.zeilen = dict(sorted(zeilen.items()))
        return produkt

    def _muster_zeilen(self, p: kat.Produktdef, rng: random.Random) -> dict[str, list[float]]:
        """Musterstadt's noise-free amounts × population ratio (2017–2018 extrapolated), plus the usual
        lines (Versorgung, sonstige Aufwendungen) that Musterstadt leaves out."""
        faktor = self.verhaeltnis * rng.uniform(0.9, 1.1)
        zeilen = {}
        for zeile in p.zeilen:
            m = {j: self.muster.betrag(p.code, zeile, j) for j in range(2019, LETZTES_ZIELJAHR + 1)}
            wachstum = m[2020] / m[2019] if m[2019] > 0 else 1.0
            wachstum = min(max(wachstum, 0.9), 1.1)
            m[2018] = m[2019] / wachstum
            m[2017] = m[2018] / wachstum
            zeilen[zeile] = [max(m[j] * faktor, 0.0) for j in JAHRE]
        if "11" in zeilen:
            personal = zeilen["11"][0]
            zeilen["12"] = self._verlauf("12", personal * rng.uniform(0.06, 0.1), rng, "verwaltung")
            zeilen["16"] = self._verlauf("16", personal * rng.uniform(0.04, 0.1), rng, "verwaltung")
            zeilen.setdefault("13", self._verlauf("13", personal * rng.uniform(0.1, 0.25), rng, "verwaltung"))
        return dict(sorted(zeilen.items()))

    # ------------------------------------------------------------------------------------ Ziele
    def _ziele_bauen(self) -> None:
        g = self.g
        strategisch = self._anzahl(g.strategische_ziele, 1)
        operativ = self._anzahl(round(g.ziele / len(self.handlungsfelder)) - g.strategische_ziele, 1)
        muster = defaultdict(list)
        for z in kat.ZIELE:
            if z.ebene == "operativ":
                muster[z.handlungsfeld].append(z)
        hf_oe = {"HF1": "V/2", "HF2": "50", "HF3": "51", "HF4": "53", "HF5": "51", "HF6": "50", "HF7": "V/3",
                 "HF8": "57", "HF9": "V/1", "HF10": "52"}
        zielfelder = ("ergebnisse", "programme", "prozesse", "ressourcen")
        self.ziele: list[dict] = []
        self.ziel_bezirk: dict[str, int | None] = {}
        for hf, _name, _text in self.handlungsfelder:
            namen = gk.STRATEGISCHE_ZIELE[hf][:strategisch]
            eltern = []
            for s, name in enumerate(namen, start=1):
                code = f"Z{hf[2:]}-{s}"
                eltern.append(code)
                self.ziele.append({"code": code, "name": name, "beschreibung": None, "ebene": "strategisch",
                                   "zielfeld": "ergebnisse", "handlungsfeld": hf, "parent": None,
                                   "oe": {"HF3": "IV", "HF5": "IV", "HF10": "IV", "HF9": "VI"}.get(hf, "V"),
                                   "gueltig_von": dt.date(ERSTES_JAHR, 1, 1), "gueltig_bis": dt.date(2030, 12, 31)})
            basis = [(z.name, z.zielfeld, z.organisationseinheit, z.beschreibung) for z in muster[hf]] or \
                [(n, f, o, None) for n, f, o in gk.OPERATIVE_ZIELE_ZUSATZ[hf]]
            nummern: dict[str, int] = defaultdict(int)
            for k in range(operativ):
                if k < len(basis):
                    name, zielfeld, oe, beschreibung = basis[k]
                    parent, bezirk = eltern[0], None
                else:
                    v = k - len(basis)
                    bezirk = v % len(self.bezirksnamen)
                    parent = eltern[v % len(eltern)]
                    name = (f"{namen[v % len(eltern)]} – Umsetzung im {g.bezirksart} "
                            f"{self.bezirksnamen[bezirk]}")
                    zielfeld, oe, beschreibung = zielfelder[v % 4], hf_oe[hf], None
                nummern[parent] += 1
                code = f"{parent}.{nummern[parent]}"
                self.ziel_bezirk[code] = bezirk
                self.ziele.append({"code": code, "name": name, "beschreibung": beschreibung, "ebene": "operativ",
                                   "zielfeld": zielfeld, "handlungsfeld": hf, "parent": parent, "oe": oe,
                                   "gueltig_von": dt.date(ERSTES_JAHR, 1, 1), "gueltig_bis": dt.date(2030, 12, 31)})
        for i, z in enumerate(self.ziele, start=1):
            z["id"] = i
        self.ziel_id = {z["code"]: z["id"] for z in self.ziele}
        # links: 2–4 steerable Kennzahlen and 1–3 Produkte per operative goal, from its Handlungsfeld
        steuerbar = defaultdict(list)
        for k in self.kennzahlen:
            if k.steuerbar:
                steuerbar[k.handlungsfeld].append(k)
        produkte_hf: dict[tuple[str, int | None], list[GProdukt]] = defaultdict(list)
        for p in self.produkte:
            if p.ebene == "produkt" and p.handlungsfeld:
                produkte_hf[(p.handlungsfeld, None)].append(p)
                if p.bezirk is not None:
                    produkte_hf[(p.handlungsfeld, p.bezirk)].append(p)
        self.ziel_kennzahl: list[tuple[str, str]] = []
        self.ziel_produkt: list[tuple[str, str]] = []
        zeiger_k: dict[str, int] = defaultdict(int)
        zeiger_p: dict[tuple[str, int | None], int] = defaultdict(int)
        for z in self.ziele:
            if z["ebene"] != "operativ":
                continue
            rng = self.rng("ziel", z["code"])
            hf = z["handlungsfeld"]
            liste = steuerbar[hf]
            for _ in range(min(len(liste), rng.randint(2, 4))):
                k = liste[zeiger_k[hf] % len(liste)]
                zeiger_k[hf] += 1
                if (z["code"], k.code) not in self.ziel_kennzahl:
                    self.ziel_kennzahl.append((z["code"], k.code))
            schluessel = (hf, self.ziel_bezirk[z["code"]])
            if not produkte_hf.get(schluessel):
                schluessel = (hf, None)
            pool = produkte_hf.get(schluessel, [])
            for _ in range(min(len(pool), rng.randint(1, 3))):
                p = pool[zeiger_p[schluessel] % len(pool)]
                zeiger_p[schluessel] += 1
                if (z["code"], p.code) not in self.ziel_produkt:
                    self.ziel_produkt.append((z["code"], p.code))

    # ------------------------------------------------------------------------------------ small tables
    def stammdaten(self) -> list[tuple[type[Base], list[dict]]]:
        """All small tables as (model, rows), in an order that satisfies the foreign keys."""
        g = self.g
        kommune = [{"id": 1, "name": g.kommune, "land": g.land, "produktrahmen": "NKF NRW",
                    "gemeindeschluessel": g.gemeindeschluessel}]
        oe_id, oe = {}, []
        for i, (code, name, parent) in enumerate(gk.ORGANISATIONSEINHEITEN_GROSS, start=1):
            oe_id[code] = i
            oe.append({"id": i, "code": code, "name": name, "parent_id": oe_id[parent] if parent else None})
        hf_id, hf = {}, []
        for i, (code, name, beschreibung) in enumerate(self.handlungsfelder, start=1):
            hf_id[code] = i
            hf.append({"id": i, "code": code, "name": name, "beschreibung": beschreibung, "reihenfolge": i})
        sozialraeume = []
        for b, name in enumerate(self.bezirksnamen):
            flaeche = sum((s["flaeche"] for s in self.sozialraeume if s["bezirk"] == b), Decimal(0))
            sozialraeume.append({"id": self.bezirk_id[b], "code": f"B{b + 1:02d}", "name": f"{g.bezirksart} {name}",
                                 "ebene": "bezirk", "parent_id": None, "flaeche_km2": flaeche, "geometrie": None})
        for s in self.sozialraeume:
            sozialraeume.append({"id": s["id"], "code": s["code"], "name": s["name"], "ebene": "sozialraum",
                                 "parent_id": self.bezirk_id[s["bezirk"]], "flaeche_km2": s["flaeche"],
                                 "geometrie": s["geojson"]})
        schema = [{"id": 1, "code": NKF_NRW_2019_CODE, "name": NKF_NRW_2019_NAME}]
        self.zeile_id = {}
        planzeilen = []
        for i, (nummer, bezeichnung, art, summe_aus) in enumerate(NKF_NRW_2019, start=1):
            self.zeile_id[nummer] = i
            planzeilen.append({"id": i, "schema_id": 1, "nummer": nummer, "bezeichnung": bezeichnung, "art": art,
                               "summe_aus": summe_aus})
        produkte = [{"id": p.id, "code": p.code, "name": p.name, "ebene": p.ebene,
                     "parent_id": self.produkt_id[p.parent] if p.parent else None,
                     "organisationseinheit_id": oe_id[p.organisationseinheit], "aufgabenart": p.aufgabenart,
                     "beschreibung": p.beschreibung} for p in self.produkte]
        ziele = [{"id": z["id"], "code": z["code"], "name": z["name"], "beschreibung": z["beschreibung"],
                  "ebene": z["ebene"], "zielfeld": z["zielfeld"], "handlungsfeld_id": hf_id[z["handlungsfeld"]],
                  "parent_id": self.ziel_id[z["parent"]] if z["parent"] else None,
                  "organisationseinheit_id": oe_id[z["oe"]], "gueltig_von": z["gueltig_von"],
                  "gueltig_bis": z["gueltig_bis"]} for z in self.ziele]
        kennzahlen = []
        for k in self.kennzahlen:
            d = k.vorlage
            zusatz = f" ({k.zielgruppe})" if k.zielgruppe else ""
            kennzahlen.append({
                "id": k.id, "code": k.code, "name": k.name,
                "beschreibung": d.beschreibung + (f" Zielgruppe: {k.zielgruppe}." if k.zielgruppe else ""),
                "einheit": d.einheit, "zaehler": d.zaehler + zusatz, "nenner": d.nenner, "quelle": d.quelle,
                "frequenz": self.art, "typ": d.typ, "richtung": d.richtung,
                "korridor_unten": Decimal(str(k.korridor[0])) if k.korridor else None,
                "korridor_oben": Decimal(str(k.korridor[1])) if k.korridor else None,
                "steuerbar": k.steuerbar, "raumebene": "sozialraum" if k.raum else "stadt",
                "nachkommastellen": d.nachkommastellen, "handlungsfeld_id": hf_id[k.handlungsfeld],
                "organisationseinheit_id": oe_id[d.organisationseinheit],
            })
        ziel_kennzahl = [{"ziel_id": self.ziel_id[z], "kennzahl_id": self.kz[k].id,
                          "gewicht": Decimal("2.000") if self.kz[k].vorlage.typ == "wirkung" else Decimal("1.000")}
                         for z, k in self.ziel_kennzahl]
        links = defaultdict(int)
        for _z, p in self.ziel_produkt:
            links[p] += 1
        ziel_produkt = [{"ziel_id": self.ziel_id[z], "produkt_id": self.produkt_id[p],
                         "anteil": (Decimal(1) / links[p]).quantize(Decimal("0.0001"), rounding="ROUND_DOWN")}
                        for z, p in self.ziel_produkt]
        produkt_kennzahl = [{"produkt_id": self.produkt_id[p], "kennzahl_id": self.kz[k].id, "rolle": rolle}
                            for p, k, rolle in kat.PRODUKT_KENNZAHLEN if p in self.produkt_id and k in self.kz]
        return [
            (Kommune, kommune), (Organisationseinheit, oe), (Handlungsfeld, hf), (Sozialraum, sozialraeume),
            (Zeilenschema, schema), (Planzeile, planzeilen), (Produkt, produkte), (Ziel, ziele), (Kennzahl, kennzahlen),
            (ZielKennzahl, ziel_kennzahl), (ZielProdukt, ziel_produkt), (ProduktKennzahl, produkt_kennzahl),
            (Kommentar, self._kommentare()),
        ]

    def _kommentare(self) -> list[dict]:
        """Musterstadt's comments, where their object exists in this city."""
        zeilen = []
        ziele = {"Z2.3": "Z2-1.3"}
        for k in kat.KOMMENTARE:
            art, code = k.objekt
            ids = {"kennzahl": {c: x.id for c, x in self.kz.items()}, "produkt": self.produkt_id,
                   "ziel": self.ziel_id}[art]
            objekt_id = ids.get(ziele.get(code, code))
            if objekt_id is None:
                continue
            periode = min(math.ceil(k.monat * self.n / 12), self.letzte[1] if k.jahr == self.letzte[0] else self.n)
            zeile = {"id": len(zeilen) + 1, "kennzahl_id": None, "produkt_id": None, "ziel_id": None,
                     "jahr": k.jahr, "periodenart": self.art, "periode": periode, "art": k.art, "text": k.text,
                     "verantwortlich": k.verantwortlich, "frist": dt.date.fromisoformat(k.frist) if k.frist else None,
                     "massnahmenstatus": k.massnahmenstatus, "autor": k.autor,
                     "erstellt_am": dt.datetime.fromisoformat(k.erstellt_am).replace(tzinfo=dt.UTC),
                     "geaendert_am": None}
            zeile[f"{art}_id"] = objekt_id
            zeilen.append(zeile)
        return zeilen

    # ------------------------------------------------------------------------------------ streams
    def stroeme(self) -> list[tuple[str, Iterator[tuple]]]:
        """The large tables as (table name, stream of tuples in ``STROEME`` order), in insert order."""
        return [("bevoelkerung", self.bevoelkerung_zeilen()), ("kennzahlwert", self.kennzahlwert_zeilen()),
                ("haushaltsbetrag", self.haushalt_zeilen())]

    def bevoelkerung_zeilen(self) -> Iterator[tuple]:
        i = 0
        for s in self.sozialraeume:
            for k, jahr in enumerate(self.jahre_bev):
                for (von, bis), anzahl in zip(kat.ALTERSBAENDER, s["bev"][k], strict=True):
                    i += 1
                    yield (i, s["id"], jahr, von, bis, anzahl)

    def kennzahlwert_zeilen(self) -> Iterator[tuple]:
        """Ist per period (city and, for Sozialraum Kennzahlen, every area), Zielwert per year 2017–2029,
        Ausgangswert 2017, Vergleichswert 2017–2025 and Prognose 2026 where the template has them."""
        zaehler = 0
        art, letzte = self.art, self.letzte
        ist_zeit = {(j, p): self.zeit(periodenende(j, art, p) + dt.timedelta(days=25)) for j, p in self.perioden}
        ist_status = {jp: ("vorlaeufig" if jp == letzte else "endgueltig") for jp in self.perioden}
        meta = [(j, p, ist_status[(j, p)], ist_zeit[(j, p)]) for j, p in self.perioden]
        for k in self.kennzahlen:
            n = k.vorlage.nachkommastellen
            form = f"%.{n}f"
            unten, oben = self._grenzen(k)

            def text(wert: float, form: str = form) -> str:
                s = form % wert
                return s[1:] if s[0] == "-" and float(s) == 0 else s

            rng = self.rng("ist", k.code)
            stadt: dict[tuple[int, int], float] = {}
            raum: list[list[float]] = []
            if k.raum is None:
                for j, p in self.perioden:
                    wert = self.trend(k, self.t(j, p)) + rng.gauss(0, k.rauschen)
                    stadt[(j, p)] = round(self._begrenzen(k, wert), n)
            else:
                elastizitaet, alter = k.raum
                spreizung = [math.exp(elastizitaet * s["sozialindex"]) for s in self.sozialraeume]
                raum = [[] for _ in self.sozialraeume]
                jahr_faktoren: dict[int, tuple[list[float], list[float], float]] = {}
                for j, p in self.perioden:
                    if j not in jahr_faktoren:
                        w = self.gewichte(alter, j)
                        summe = sum(w)
                        korrektur = summe / sum(a * b for a, b in zip(w, spreizung, strict=True))
                        jahr_faktoren[j] = (w, [f * korrektur for f in spreizung], summe)
                    w, faktoren, summe = jahr_faktoren[j]
                    basis = self.trend(k, self.t(j, p))
                    gesamt = 0.0
                    gauss = rng.gauss
                    for i, f in enumerate(faktoren):
                        wert = basis * f * (1 + gauss(0, 0.012))
                        wert = round(unten if wert < unten else oben if wert > oben else wert, n)
                        raum[i].append(wert)
                        gesamt += w[i] * wert
                    stadt[(j, p)] = round(gesamt / summe, n)
            kid = k.id
            for (j, p), wert in stadt.items():
                zaehler += 1
                yield (zaehler, kid, j, art, p, None, "ist", text(wert), ist_status[(j, p)], ist_zeit[(j, p)], None)
            for s, werte in zip(self.sozialraeume, raum, strict=False):
                sid = s["id"]
                for (j, p, status, zeitpunkt), wert in zip(meta, werte, strict=True):
                    zaehler += 1
                    yield (zaehler, kid, j, art, p, sid, "ist", text(wert), status, zeitpunkt, None)
            if k.steuerbar:
                for jahr in range(ERSTES_JAHR, LETZTES_ZIELJAHR + 1):
                    zaehler += 1
                    yield (zaehler, kid, jahr, "jahr", 1, None, "zielwert", text(self.zielwert(k, jahr)), "endgueltig",
                           self.zeit(dt.date(min(jahr, LETZTES_JAHR) - 1, 12, 12), 18), None)
                erste = [w for (j, _p), w in stadt.items() if j == ERSTES_JAHR]
                zaehler += 1
                yield (zaehler, kid, ERSTES_JAHR, "jahr", 1, None, "ausgangswert", text(sum(erste) / len(erste)),
                       "endgueltig", self.zeit(dt.date(ERSTES_JAHR + 1, 3, 31)), None)
            if k.vergleich is not None:
                rng_v = self.rng("vergleich", k.code)
                for jahr in range(ERSTES_JAHR, LETZTES_ERGEBNISJAHR + 1):
                    mittel = sum(_interp(k.knoten, jahr + (q + 0.5) / 4) for q in range(4)) / 4
                    zaehler += 1
                    yield (zaehler, kid, jahr, "jahr", 1, None, "vergleichswert",
                           text(mittel * k.vergleich * (1 + rng_v.gauss(0, 0.005))), "endgueltig",
                           self.zeit(dt.date(jahr + 1, 9, 30)), None)
            if k.prognose:
                rng_p = self.rng("prognose", k.code)
                mittel = sum(_interp(k.knoten, LETZTES_JAHR + (q + 0.5) / 4) for q in range(4)) / 4
                zaehler += 1
                yield (zaehler, kid, LETZTES_JAHR, "jahr", 1, None, "prognose",
                       text(self._begrenzen(k, mittel * (1 + rng_p.gauss(0, 0.004)))), "vorlaeufig",
                       self.zeit(dt.date(2026, 10, 20)), None)

    def zielwert(self, k: GKennzahl, jahr: int) -> float:
        """Yearly target: the corridor's middle, or the trend shifted so that the rating is ``bewertung``."""
        if k.ziel:
            return self._begrenzen(k, _interp(k.ziel, jahr))
        if k.korridor is not None:
            return (k.korridor[0] + k.korridor[1]) / 2
        richtung = 1 if k.vorlage.richtung == "hoeher_besser" else -1
        abstand = {"gut": -0.03, "knapp": 0.05, "deutlich": 0.15}[k.bewertung]
        erwartet = _interp(k.knoten, min(jahr, LETZTES_JAHR) + 0.5)
        if jahr > LETZTES_JAHR:
            erwartet *= 1 + 0.01 * richtung * (jahr - LETZTES_JAHR)
        return self._begrenzen(k, erwartet * (1 + abstand * richtung))

    def _periodenanteile(self, zeile: str) -> list[float]:
        monate = MONATSPROFILE[ZEILENPROFIL.get(zeile, "gleich")]
        laenge = 12 // self.n
        anteile = [sum(monate[(p - 1) * laenge:p * laenge]) for p in range(1, self.n + 1)]
        summe = sum(anteile)
        return [a / summe for a in anteile]

    def haushalt_zeilen(self) -> Iterator[tuple]:
        """Per Produkt and line: Ansatz 2017–2026, Ergebnis 2017–2025, fortgeschriebener Ansatz and Prognose
        per year 2017–2026, Ist per in-year period, Ansatz 2027 and Planung 2028–2029 as Entwurf,
        Planung 2027–2029 as Beschluss (as in Musterstadt, over ten years)."""
        art = self.art
        letztes_jahr, letzte_p = self.letzte
        zeilen_id = {nummer: i for i, (nummer, *_rest) in enumerate(NKF_NRW_2019, start=1)}
        anteile = {z: self._periodenanteile(z) for z in zeilen_id}
        ist_zeit = {(j, p): self.zeit(periodenende(j, art, p) + dt.timedelta(days=12), 7)
                    for j in range(ERSTES_JAHR, LETZTES_JAHR + 1) for p in range(1, self.n + 1)}
        einbringung = self.zeit(dt.date(2026, 9, 22), 10)
        mittelfrist = self.zeit(dt.date(2025, 12, 11), 18)
        index = {jahr: i for i, jahr in enumerate(JAHRE)}
        jahre = range(ERSTES_JAHR, LETZTES_JAHR + 1)
        z_ansatz = {j: self.zeit(dt.date(j - 1, 12, 12), 18) for j in jahre}
        z_ergebnis = {j: self.zeit(dt.date(j + 1, 5, 31), 12) for j in jahre}
        z_fortg = {j: self.zeit(dt.date(2026, 7, 1) if j == LETZTES_JAHR else dt.date(j, 11, 30), 8) for j in jahre}
        z_prognose = {j: self.zeit(dt.date(j, 10, 16), 12) for j in jahre}
        zaehler = 0
        for p in self.produkte:
            if not p.zeilen:
                continue
            pid = p.id
            for zeile, wahr in p.zeilen.items():
                zid = zeilen_id[zeile]
                vorzeichen = 1 if ZEILENART[zeile] == "ertrag" else -1

                def euro(wert: float, v: int = vorzeichen) -> str:
                    return f"{round(v * wert)}.00"

                rng = self.rng("haushalt", p.code, zeile)
                plan = p.plan if zeile == "15" else 0.0
                ansatz, ergebnis = {}, {}
                for jahr in range(ERSTES_JAHR, LETZTES_JAHR + 1):
                    ansatz[jahr] = wahr[index[jahr]] * (1 + plan + rng.gauss(0, 0.012))
                    zaehler += 1
                    yield (zaehler, pid, jahr, "jahr", 1, zid, "ansatz", "beschluss", euro(ansatz[jahr]),
                           z_ansatz[jahr], None)
                for jahr in range(ERSTES_JAHR, LETZTES_ERGEBNISJAHR + 1):
                    ergebnis[jahr] = wahr[index[jahr]] * (1 + rng.gauss(0, 0.008))
                    zaehler += 1
                    yield (zaehler, pid, jahr, "jahr", 1, zid, "ergebnis", "beschluss", euro(ergebnis[jahr]),
                           z_ergebnis[jahr], None)
                for jahr in range(ERSTES_JAHR, LETZTES_JAHR + 1):
                    fortschreibung = 0.03 if zeile == "13" else (rng.choice((0.0, 0.0, 0.02, 0.05)) if zeile == "15"
                                                                 else 0.0)
                    zaehler += 1
                    yield (zaehler, pid, jahr, "jahr", 1, zid, "fortgeschriebener_ansatz", "beschluss",
                           euro(ansatz[jahr] * (1 + fortschreibung)), z_fortg[jahr], None)
                basis = anteile[zeile]
                for jahr in range(ERSTES_JAHR, LETZTES_JAHR + 1):
                    gewichte = [a * (1 + rng.gauss(0, 0.02)) for a in basis]
                    if jahr <= LETZTES_ERGEBNISJAHR:
                        jahresbetrag = ergebnis[jahr] * (1 - rng.uniform(0, 0.012))
                        summe = sum(gewichte)
                        betraege = [jahresbetrag * g / summe for g in gewichte]
                    else:
                        betraege = [wahr[index[jahr]] * g for g in gewichte]
                    for periode, betrag in enumerate(betraege, start=1):
                        if jahr == letztes_jahr and periode > letzte_p:
                            break
                        zaehler += 1
                        yield (zaehler, pid, jahr, art, periode, zid, "ist_unterjaehrig", "beschluss", euro(betrag),
                               ist_zeit[(jahr, periode)], None)
                for jahr in range(ERSTES_JAHR, LETZTES_JAHR + 1):
                    if jahr <= LETZTES_ERGEBNISJAHR:
                        prognose = ergebnis[jahr] * (1 + rng.gauss(0, 0.01))
                    else:
                        prognose = wahr[index[jahr]] * (1 + rng.gauss(0, 0.006))
                    zaehler += 1
                    yield (zaehler, pid, jahr, "jahr", 1, zid, "prognose", "beschluss", euro(prognose),
                           z_prognose[jahr], None)
                zaehler += 1
                yield (zaehler, pid, 2027, "jahr", 1, zid, "ansatz", "entwurf",
                       euro(wahr[index[2027]] * (1 + plan / 2 + rng.gauss(0, 0.008))), einbringung, None)
                for jahr in (2028, 2029):
                    zaehler += 1
                    yield (zaehler, pid, jahr, "jahr", 1, zid, "planung", "entwurf",
                           euro(wahr[index[jahr]] * (1 + plan / 2 + rng.gauss(0, 0.01))), einbringung, None)
                for jahr in (2027, 2028, 2029):
                    zaehler += 1
                    yield (zaehler, pid, jahr, "jahr", 1, zid, "planung", "beschluss",
                           euro(ansatz[LETZTES_JAHR] * 1.02 ** (jahr - LETZTES_JAHR)), mittelfrist, None)

    # ------------------------------------------------------------------------------------ sizes
    def erwartete_zeilen(self) -> dict[str, int]:
        """Rows per stream, computed from the catalogues (without generating them)."""
        perioden = len(self.perioden)
        werte = 0
        for k in self.kennzahlen:
            werte += perioden * (1 + (len(self.sozialraeume) if k.raum else 0))
            werte += (LETZTES_ZIELJAHR - ERSTES_JAHR + 2) if k.steuerbar else 0
            werte += (LETZTES_ERGEBNISJAHR - ERSTES_JAHR + 1) if k.vergleich is not None else 0
            werte += 1 if k.prognose else 0
        jahre = LETZTES_JAHR - ERSTES_JAHR + 1
        je_zeile = jahre + (jahre - 1) + jahre + perioden + jahre + 3 + 3
        linien = sum(len(p.zeilen) for p in self.produkte if p.zeilen)
        return {"bevoelkerung": len(self.sozialraeume) * len(self.jahre_bev) * len(kat.ALTERSBAENDER),
                "kennzahlwert": werte, "haushaltsbetrag": linien * je_zeile}
