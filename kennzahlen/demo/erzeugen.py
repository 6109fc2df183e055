"""Turns the definitions of ``katalog`` into table rows (plain dicts with explicit ids); no database here.

Everything is a function of (periodenart, seed): every random draw comes from a ``random.Random``
seeded with a string naming the seed and the object (e.g. ``"2026:ist:K101"``), so adding a Kennzahl
does not change the others, and every timestamp is derived from the period or the budget event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache

from kennzahlen.demo import katalog as kat
from kennzahlen.demo import zyklus
from kennzahlen.demo.geometrie import sozialraum_geometrien
from kennzahlen.models import (
    PERIODEN_JE_JAHR,
    Base,
    Bevoelkerung,
    Handlungsfeld,
    Haushaltsbetrag,
    Kennzahl,
    Kennzahlwert,
    Kommentar,
    Kommune,
    Massnahmenverlauf,
    Organisationseinheit,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Sozialraum,
    Sozialraumgeld,
    Zeilenschema,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)
from kennzahlen.zeilenschema import NKF_NRW_2019, NKF_NRW_2019_CODE, NKF_NRW_2019_NAME

STICHTAG = dt.date(2026, 9, 30)
"""Data run up to the last period ending on or before this date."""
ERSTES_JAHR = 2019
LETZTES_JAHR = 2026
LETZTES_ERGEBNISJAHR = 2025
LETZTES_ZIELJAHR = 2029
BEVOELKERUNGSJAHRE = tuple(range(ERSTES_JAHR, LETZTES_JAHR + 1))
UNTERJAEHRIG = ("quartal", "tertial", "monat")

ZEILENART = {nummer: art for nummer, _bezeichnung, art, _summe in NKF_NRW_2019}
MONATSPROFILE: dict[str, tuple[float, ...]] = {
    "gleich": (1.0,) * 12,
    "personal": (1.0,) * 10 + (1.85, 1.0),  # Jahressonderzahlung im November
    "sach": (0.6, 0.7, 0.9, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0, 1.1, 1.2, 1.6),
    "transfer": tuple(1.0 + 0.03 * (m - 5.5) / 5.5 for m in range(12)),
    "abschlag": (0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1),  # quarterly instalments of Bund and Land
    "jahresende": (0,) * 11 + (1,),  # booked with the annual accounts
}
ZEILENPROFIL = {"02": "abschlag", "03": "gleich", "04": "gleich", "06": "abschlag", "11": "personal",
                "13": "sach", "14": "jahresende", "15": "transfer", "16": "gleich", "28": "jahresende"}
CENT = Decimal("0.01")


def letzte_periode(periodenart: str) -> tuple[int, int]:
    """(jahr, periode) of the newest period with data: Q3, Tertial 2 or month 9 of 2026."""
    if periodenart not in UNTERJAEHRIG:
        raise ValueError(f"periodenart muss quartal, tertial oder monat sein, nicht {periodenart!r}.")
    return LETZTES_JAHR, STICHTAG.month * PERIODEN_JE_JAHR[periodenart] // 12


def perioden(periodenart: str) -> list[tuple[int, int]]:
    """All in-year periods from 2019 up to ``letzte_periode``."""
    letzte = letzte_periode(periodenart)
    n = PERIODEN_JE_JAHR[periodenart]
    return [(j, p) for j in range(ERSTES_JAHR, LETZTES_JAHR + 1) for p in range(1, n + 1) if (j, p) <= letzte]


def periodenende(jahr: int, periodenart: str, periode: int) -> dt.date:
    """Last day of a period."""
    monat = periode * 12 // PERIODEN_JE_JAHR[periodenart]
    return dt.date(jahr, monat, calendar.monthrange(jahr, monat)[1])


def _zeitpunkt(tag: dt.date, stunde: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(tag.year, tag.month, tag.day, stunde, minute, tzinfo=dt.UTC)


def _interp(knoten: kat.Knoten, t: float) -> float:
    """Linear between knots, constant before the first, the last segment continued after the last."""
    if len(knoten) == 1 or t <= knoten[0][0]:
        return knoten[0][1]
    for (t0, v0), (t1, v1) in itertools.pairwise(knoten):
        if t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    (t0, v0), (t1, v1) = knoten[-2], knoten[-1]
    return v1 + (v1 - v0) * (t - t1) / (t1 - t0)


def _dez(wert: float, stellen: int) -> Decimal:
    ergebnis = Decimal(f"{wert:.{stellen}f}")
    return ergebnis if ergebnis != 0 else Decimal(0).quantize(Decimal(1).scaleb(-stellen))


def _euro(wert: float) -> Decimal:
    return Decimal(round(wert)).quantize(CENT)


def _datum(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Erzeuger:
    """Generates all rows of Musterstadt for one periodenart and seed (see ``tabellen``)."""

    def __init__(self, periodenart: str = "quartal", seed: int = 2026) -> None:
        self.letzte = letzte_periode(periodenart)  # raises ValueError for anything but quartal/tertial/monat
        self.art = periodenart
        self.n = PERIODEN_JE_JAHR[periodenart]
        self.seed = seed
        self.perioden = perioden(periodenart)
        self.kz = {k.code: k for k in kat.KENNZAHLEN}
        self.produkte = {p.code: p for p in kat.PRODUKTE}
        self.sozialraeume = {s.code: s for s in kat.SOZIALRAEUME}
        self.trend = cache(self._trend)
        self.betrag = cache(self._betrag)
        self._ist: dict[str, dict[tuple[int, int], float]] = {}
        self._ist_raum: dict[str, dict[str, dict[tuple[int, int], float]]] = {}
        self.bevoelkerung = self._bevoelkerung_erzeugen()

    # ------------------------------------------------------------------------------------ helpers
    def rng(self, *teile: object) -> random.Random:
        """A random generator for one object, independent of all others."""
        return random.Random(":".join(str(t) for t in (self.seed, *teile)))

    def t(self, jahr: int, periode: int) -> float:
        """Middle of a period as a fractional year."""
        return jahr + (periode - 0.5) / self.n

    # ------------------------------------------------------------------------------------ population
    def _bevoelkerung_erzeugen(self) -> dict[tuple[str, int], list[int]]:
        faktor = kat.EINWOHNER_2019 / sum(s.einwohner for s in kat.SOZIALRAEUME)
        ergebnis = {}
        for s in kat.SOZIALRAEUME:
            rng = self.rng("bevoelkerung", s.code)
            profil = kat.ALTERSPROFILE[s.profil]
            for jahr in BEVOELKERUNGSJAHRE:
                k = jahr - ERSTES_JAHR
                gesamt = s.einwohner * faktor * (1 + s.wachstum) ** k * (1 + rng.gauss(0, 0.002))
                anteile = [
                    a * f * (1 + 0.007 * k if von >= 65 else 1.0)
                    for a, f, (von, _bis) in zip(kat.ALTERSANTEILE, profil, kat.ALTERSBAENDER, strict=True)
                ]
                summe = sum(anteile)
                ergebnis[(s.code, jahr)] = [round(gesamt * a / summe) for a in anteile]
        return ergebnis

    def einwohner(self, codes: Iterable[str] | None, von: int = 0, bis: int | None = None,
                  jahr: float = LETZTES_JAHR) -> int:
        """Inhabitants of the given Sozialräume (None: all) in the age bands within [von, bis]."""
        jahr = min(max(int(jahr), ERSTES_JAHR), LETZTES_JAHR)
        codes = list(self.sozialraeume) if codes is None else list(codes)
        baender = [
            i for i, (bvon, bbis) in enumerate(kat.ALTERSBAENDER)
            if bvon >= von and (bis is None or (bbis is not None and bbis <= bis))
        ]
        return sum(self.bevoelkerung[(c, jahr)][i] for c in codes for i in baender)

    # ------------------------------------------------------------------------------------ trends
    def _fallrezept(self, produkt: str) -> kat.Fall:
        return next(r for r in self.produkte[produkt].zeilen.values() if isinstance(r, kat.Fall))

    @staticmethod
    def _jahresinterp(funktion: Callable[[int], float], t: float) -> float:
        """Interpolate yearly values (placed at mid-year) to the fractional year t."""
        basis = min(max(math.floor(t - 0.5), ERSTES_JAHR), LETZTES_ZIELJAHR - 1)
        w = min(max(t - 0.5 - basis, 0.0), 1.0)
        return (1 - w) * funktion(basis) + w * funktion(basis + 1)

    def _trend(self, code: str, t: float) -> float:
        """Noise-free city trend of a Kennzahl at the fractional year t."""
        d = self.kz[code]
        if d.abgeleitet is None:
            return _interp(d.verlauf, t)
        art, _, arg = d.abgeleitet.partition(":")
        jahr = math.floor(t)
        if art == "faelle_aufteilen":
            return self.trend(arg, t)
        if art == "fallkosten":
            fall = self._fallrezept(arg)
            return fall.kosten * (1 + fall.wachstum) ** (t - 0.5 - ERSTES_JAHR)
        if art == "zuschuss_je_fall":
            produkt, fallzahl = arg.split(":")
            return self._jahresinterp(lambda y: self.zuschuss(produkt, y) / self.trend(fallzahl, y + 0.5), t)
        if art == "zuschuss_je_ew":
            gruppe, alter = arg.split(":")
            von, bis = (int(x) for x in alter.split("-"))
            produkte = [p for p in self.produkte if p.startswith(gruppe) and len(p) == 6]
            return self._jahresinterp(
                lambda y: sum(self.zuschuss(p, y) for p in produkte) / self.einwohner(None, von, bis, y), t)
        if art == "hze_anteil_ambulant":
            a, v, h = (self.trend(c, t) for c in ("K507", "K508", "K506"))
            return 100 * a / (a + v + h)
        if art == "hze_anteil_vzp":
            v, h = self.trend("K508", t), self.trend("K506", t)
            return 100 * v / (v + h)
        if art == "hze_dichte":
            return 1000 * sum(self.trend(c, t) for c in arg.split("+")) / self.einwohner(None, 0, 20, jahr)
        if art in ("kita", "tagespflege"):
            return self._kita(art, self.trend("K301", t), self.trend("K302", t), jahr)
        if art == "bestand_aus_dichte":
            return self.trend(arg, t) * self.einwohner(None, 0, None, jahr) / 1000
        if art == "bevoelkerungsanteil":
            return 100 * self.einwohner(None, 65, None, jahr) / self.einwohner(None, 0, None, jahr)
        raise ValueError(f"Unbekannte Ableitung {d.abgeleitet!r} für {code}")

    def _kita(self, art: str, quote_u3: float, quote_ue3: float, jahr: int) -> float:
        """Children in Kitas (78 % of U3, 98,5 % of Ü3 care) or in Kindertagespflege (the rest)."""
        u3 = self.einwohner(None, 0, 2, jahr) * quote_u3 / 100
        ue3 = self.einwohner(None, 3, 5, jahr) * quote_ue3 / 100
        if art == "kita":
            return 0.78 * u3 + 0.985 * ue3
        return 0.22 * u3 + 0.015 * ue3

    # ------------------------------------------------------------------------------------ budget
    def _betrag(self, produkt: str, zeile: str, jahr: int) -> float:
        """Noise-free yearly amount (euro, unsigned) of a product's line."""
        rezept = self.produkte[produkt].zeilen[zeile]
        k = jahr - ERSTES_JAHR
        if isinstance(rezept, kat.Fix):
            return rezept.betrag * (1 + rezept.wachstum) ** k
        if isinstance(rezept, kat.Pfad):
            return max(_interp(rezept.knoten, jahr), 0.0)
        if isinstance(rezept, kat.Fall):
            kosten = rezept.kosten * (1 + rezept.wachstum) ** k
            return self.trend(rezept.kennzahl, jahr + 0.5) * kosten * rezept.anteil
        quote = rezept.quote if isinstance(rezept.quote, int | float) else _interp(rezept.quote, jahr)
        p = self.produkte[produkt]
        return quote * sum(self.betrag(produkt, b, jahr) for b in rezept.bezug if b in p.zeilen)

    def zuschuss(self, produkt: str, jahr: int) -> float:
        """Noise-free Zuschussbedarf (expenses minus revenue) of a product in a year."""
        summe = 0.0
        for zeile in self.produkte[produkt].zeilen:
            vorzeichen = 1 if ZEILENART[zeile] == "aufwand" else -1
            summe += vorzeichen * self.betrag(produkt, zeile, jahr)
        return summe

    # ------------------------------------------------------------------------------------ Kennzahl values
    def ist(self, code: str) -> dict[tuple[int, int], float]:
        """City Ist per period (rounded to the Kennzahl's decimals)."""
        if code not in self._ist:
            d = self.kz[code]
            if d.raum is not None:
                self._raum_erzeugen(code)
            else:
                self._ist[code] = self._ist_stadt(d)
        return self._ist[code]

    def ist_raum(self, code: str) -> dict[str, dict[tuple[int, int], float]]:
        """Ist per Sozialraum and period (only for Kennzahlen with raumebene "sozialraum")."""
        self.ist(code)
        return self._ist_raum[code]

    def _saison(self, d: kat.Kennzahldef, t: float) -> float:
        return d.saison * math.sin(2 * math.pi * (t - 0.1))

    @staticmethod
    def _begrenzen(d: kat.Kennzahldef, wert: float) -> float:
        if d.einheit == "%" and d.code != "K102":
            return min(max(wert, 0.0), 100.0)
        if d.einheit not in ("%",):
            return max(wert, 0.0)
        return wert

    def _ist_stadt(self, d: kat.Kennzahldef) -> dict[tuple[int, int], float]:
        rng = self.rng("ist", d.code)
        art = (d.abgeleitet or "").partition(":")[0]
        werte = {}
        for j, p in self.perioden:
            t = self.t(j, p)
            if art in ("", "fallkosten", "zuschuss_je_fall", "zuschuss_je_ew"):
                basis = self.trend(d.code, t) + self._saison(d, t)
                wert = basis + rng.gauss(0, d.rauschen) if not art else basis * (1 + rng.gauss(0, 0.004))
            elif art == "hze_anteil_ambulant":
                a, v, h = (self.ist(c)[(j, p)] for c in ("K507", "K508", "K506"))
                wert = 100 * a / (a + v + h)
            elif art == "hze_anteil_vzp":
                v, h = self.ist("K508")[(j, p)], self.ist("K506")[(j, p)]
                wert = 100 * v / (v + h)
            elif art == "hze_dichte":
                faelle = sum(self.ist(c)[(j, p)] for c in d.abgeleitet.split(":")[1].split("+"))
                wert = 1000 * faelle / self.einwohner(None, 0, 20, j)
            elif art in ("kita", "tagespflege"):
                wert = self._kita(art, self.ist("K301")[(j, p)], self.ist("K302")[(j, p)], j)
            elif art == "bestand_aus_dichte":
                wert = self.ist(d.abgeleitet.split(":")[1])[(j, p)] * self.einwohner(None, 0, None, j) / 1000
            else:
                raise ValueError(f"Unbekannte Ableitung {d.abgeleitet!r}")
            werte[(j, p)] = round(self._begrenzen(d, wert), d.nachkommastellen)
        return werte

    def _raum_erzeugen(self, code: str) -> None:
        """District values scattered around the city trend; the city value is their weighted mean."""
        d = self.kz[code]
        raum = d.raum
        assert raum is not None
        rng = self.rng("raum", code)
        von, bis = raum.alter
        stadt: dict[tuple[int, int], float] = {}
        bezirke: dict[str, dict[tuple[int, int], float]] = {c: {} for c in self.sozialraeume}
        if (d.abgeleitet or "").startswith("faelle_aufteilen:"):
            self._faelle_aufteilen(d)
            return
        for j, p in self.perioden:
            t = self.t(j, p)
            gewichte = {c: self.einwohner([c], von, bis, j) for c in self.sozialraeume}
            if d.abgeleitet == "bevoelkerungsanteil:65-":
                werte = {c: 100 * self.einwohner([c], 65, None, j) / self.einwohner([c], 0, None, j)
                         for c in self.sozialraeume}
            else:
                basis = self.trend(code, t) + self._saison(d, t)
                roh = {c: basis * math.exp(raum.elastizitaet * s.sozialindex) for c, s in self.sozialraeume.items()}
                fest = {c: _interp(k, t) for c, k in raum.sonderverlauf.items()}
                soll = basis * sum(gewichte.values()) - sum(gewichte[c] * v for c, v in fest.items())
                rest = sum(gewichte[c] * v for c, v in roh.items() if c not in fest)
                korrektur = soll / rest
                werte = {}
                for c in self.sozialraeume:
                    wert = fest[c] if c in fest else roh[c] * korrektur
                    werte[c] = wert * (1 + rng.gauss(0, 0.005 if c in fest else 0.012))
            gesamt = 0.0
            for c, wert in werte.items():
                gerundet = round(self._begrenzen(d, wert), d.nachkommastellen)
                bezirke[c][(j, p)] = gerundet
                gesamt += gewichte[c] * gerundet
            stadt[(j, p)] = round(gesamt / sum(gewichte.values()), d.nachkommastellen)
        self._ist[code] = stadt
        self._ist_raum[code] = bezirke

    def _faelle_aufteilen(self, d: kat.Kennzahldef) -> None:
        """A city count (``faelle_aufteilen:K506``) split into whole cases per Sozialraum in proportion to the
        population of the age band times ``exp(elastizitaet · sozialindex)`` (largest remainder), so that the
        districts add up to the city value exactly."""
        assert d.raum is not None and d.abgeleitet is not None
        quelle = self.ist(d.abgeleitet.partition(":")[2])
        rng = self.rng("raum", d.code)
        von, bis = d.raum.alter
        bezirke: dict[str, dict[tuple[int, int], float]] = {c: {} for c in self.sozialraeume}
        for j, p in self.perioden:
            gewichte = {c: self.einwohner([c], von, bis, j) * math.exp(d.raum.elastizitaet * s.sozialindex)
                        * (1 + rng.gauss(0, 0.05)) for c, s in self.sozialraeume.items()}
            gesamt = round(quelle[(j, p)])
            anteile = {c: gesamt * g / sum(gewichte.values()) for c, g in gewichte.items()}
            faelle = {c: math.floor(a) for c, a in anteile.items()}
            for c in sorted(anteile, key=lambda c: faelle[c] - anteile[c])[:gesamt - sum(faelle.values())]:
                faelle[c] += 1
            for c, f in faelle.items():
                bezirke[c][(j, p)] = float(f)
        self._ist[d.code] = {(j, p): float(round(quelle[(j, p)])) for j, p in self.perioden}
        self._ist_raum[d.code] = bezirke

    def zielwert(self, d: kat.Kennzahldef, jahr: int) -> float:
        """The yearly target of a steerable Kennzahl.

        Without explicit ``ziel`` knots the target follows the trend so that the usual rating (progress
        from the Ausgangswert when the Kennzahl improves, else the ratio Ist/Zielwert) lands where
        ``bewertung`` says: "gut" met, "knapp" missed narrowly, "deutlich" missed clearly.
        """
        if d.ziel:
            return _interp(d.ziel, jahr)
        if d.korridor is not None:
            return (d.korridor[0] + d.korridor[1]) / 2
        richtung = 1 if d.richtung == "hoeher_besser" else -1
        bewertung = d.bewertung or "gut"
        basis = sum(self.trend(d.code, ERSTES_JAHR + (q + 0.5) / 4) for q in range(4)) / 4
        aktuell = self.trend(d.code, LETZTES_JAHR + 0.5)
        if jahr <= LETZTES_JAHR:
            erwartet = self.trend(d.code, jahr + 0.5)
        else:
            erwartet = aktuell * (1 + 0.01 * richtung * (jahr - LETZTES_JAHR))
        if richtung * (aktuell - basis) > 0.02 * abs(basis):  # improving: rated by progress
            fortschritt = {"gut": 1.15, "knapp": 0.87, "deutlich": 0.6}[bewertung]
            return self._begrenzen(d, basis + (erwartet - basis) / fortschritt)
        abstand = {"gut": -0.03, "knapp": 0.08, "deutlich": 0.25}[bewertung]
        return self._begrenzen(d, erwartet * (1 + abstand * richtung))

    # ------------------------------------------------------------------------------------ tables
    def tabellen(self) -> list[tuple[type[Base], list[dict]]]:
        """All rows, in an order that satisfies the foreign keys."""
        ids = {}
        kommune = [{"id": 1, **kat.KOMMUNE}]
        oe = []
        for i, (code, name, parent) in enumerate(kat.ORGANISATIONSEINHEITEN, start=1):
            ids[("oe", code)] = i
            oe.append({"id": i, "code": code, "name": name, "parent_id": ids[("oe", parent)] if parent else None})
        hf = []
        for i, (code, name, beschreibung) in enumerate(kat.HANDLUNGSFELDER, start=1):
            ids[("hf", code)] = i
            hf.append({"id": i, "code": code, "name": name, "beschreibung": beschreibung, "reihenfolge": i})
        sozialraeume = self._sozialraeume(ids)
        bevoelkerung = self._bevoelkerung_zeilen(ids)
        schema = [{"id": 1, "code": NKF_NRW_2019_CODE, "name": NKF_NRW_2019_NAME}]
        planzeilen = []
        for i, (nummer, bezeichnung, art, summe_aus) in enumerate(NKF_NRW_2019, start=1):
            ids[("zeile", nummer)] = i
            planzeilen.append({"id": i, "schema_id": 1, "nummer": nummer, "bezeichnung": bezeichnung,
                               "art": art, "summe_aus": summe_aus})
        produkte = []
        for i, p in enumerate(kat.PRODUKTE, start=1):
            ids[("produkt", p.code)] = i
            parent = ids.get(("produkt", p.code[:-2])) if len(p.code) > 2 else None
            produkte.append({"id": i, "code": p.code, "name": p.name, "ebene": p.ebene, "parent_id": parent,
                             "organisationseinheit_id": ids[("oe", p.organisationseinheit)],
                             "aufgabenart": p.aufgabenart, "beschreibung": p.beschreibung})
        ziele = []
        for i, z in enumerate(kat.ZIELE, start=1):
            ids[("ziel", z.code)] = i
            ziele.append({"id": i, "code": z.code, "name": z.name, "beschreibung": z.beschreibung,
                          "ebene": z.ebene, "zielfeld": z.zielfeld, "handlungsfeld_id": ids[("hf", z.handlungsfeld)],
                          "parent_id": ids[("ziel", z.parent)] if z.parent else None,
                          "organisationseinheit_id": ids[("oe", z.organisationseinheit)],
                          "gueltig_von": _datum(z.gueltig_von), "gueltig_bis": _datum(z.gueltig_bis),
                          "leichte_sprache": kat.LEICHTE_SPRACHE.get(z.code)})
        kennzahlen = []
        for i, k in enumerate(kat.KENNZAHLEN, start=1):
            ids[("kz", k.code)] = i
            kennzahlen.append({
                "id": i, "code": k.code, "name": k.name, "beschreibung": k.beschreibung, "einheit": k.einheit,
                "zaehler": k.zaehler, "nenner": k.nenner, "quelle": k.quelle, "frequenz": self.art, "typ": k.typ,
                "richtung": k.richtung,
                "korridor_unten": Decimal(str(k.korridor[0])) if k.korridor else None,
                "korridor_oben": Decimal(str(k.korridor[1])) if k.korridor else None,
                "steuerbar": k.typ != "kontext", "raumebene": "sozialraum" if k.raum else "stadt",
                "nachkommastellen": k.nachkommastellen, "handlungsfeld_id": ids[("hf", k.handlungsfeld)],
                "organisationseinheit_id": ids[("oe", k.organisationseinheit)],
                "leichte_sprache": kat.LEICHTE_SPRACHE.get(k.code),
                "rate_alter_von": k.rate_alter[0] if k.rate_alter else None,
                "rate_alter_bis": k.rate_alter[1] if k.rate_alter else None,
            })
        ziel_kennzahl = [
            {"ziel_id": ids[("ziel", z)], "kennzahl_id": ids[("kz", k)],
             "gewicht": Decimal("2.000") if self.kz[k].typ == "wirkung" else Decimal("1.000")}
            for z, codes in kat.ZIEL_KENNZAHLEN.items() for k in codes
        ]
        ziel_produkt = [
            {"ziel_id": ids[("ziel", z)], "produkt_id": ids[("produkt", p)], "anteil": Decimal(anteil)}
            for z, eintraege in kat.ZIEL_PRODUKTE.items() for p, anteil in eintraege
        ]
        produkt_kennzahl = [
            {"produkt_id": ids[("produkt", p)], "kennzahl_id": ids[("kz", k)], "rolle": rolle}
            for p, k, rolle in kat.PRODUKT_KENNZAHLEN
        ]
        return [
            (Kommune, kommune),
            (Organisationseinheit, oe),
            (Handlungsfeld, hf),
            (Sozialraum, sozialraeume),
            (Bevoelkerung, bevoelkerung),
            (Zeilenschema, schema),
            (Planzeile, planzeilen),
            (Produkt, produkte),
            (Ziel, ziele),
            (Kennzahl, kennzahlen),
            (ZielKennzahl, ziel_kennzahl),
            (ZielProdukt, ziel_produkt),
            (ProduktKennzahl, produkt_kennzahl),
            (Kennzahlwert, self._kennzahlwerte(ids)),
            (Haushaltsbetrag, self._haushalt(ids)),
            (Sozialraumgeld, self._raumgeld(ids)),
            (Kommentar, kommentare := self._kommentare(ids)),
            (Massnahmenverlauf, _erste_statuseintraege(kommentare)),
            *zyklus.tabellen(ids),
        ]

    def _sozialraeume(self, ids: dict) -> list[dict]:
        anordnung = {s.code: (s.winkel, s.radius) for s in kat.SOZIALRAEUME}
        geometrien, _umriss = sozialraum_geometrien(anordnung, self.seed)
        zeilen = []
        for i, (code, name) in enumerate(kat.STADTBEZIRKE, start=1):
            ids[("sr", code)] = i
            flaeche = sum((geometrien[s.code][1] for s in kat.SOZIALRAEUME if s.bezirk == code), Decimal(0))
            zeilen.append({"id": i, "code": code, "name": name, "ebene": "bezirk", "parent_id": None,
                           "flaeche_km2": flaeche, "geometrie": None})
        for i, s in enumerate(kat.SOZIALRAEUME, start=len(zeilen) + 1):
            ids[("sr", s.code)] = i
            geojson, flaeche = geometrien[s.code]
            zeilen.append({"id": i, "code": s.code, "name": s.name, "ebene": "sozialraum",
                           "parent_id": ids[("sr", s.bezirk)], "flaeche_km2": flaeche, "geometrie": geojson})
        return zeilen

    def _raumgeld(self, ids: dict) -> list[dict]:
        """Money per Stadtbezirk (Ergebnis 2024 and 2025) of two Produktgruppen, as Transferaufwendungen:
        Hilfen zur Erziehung split by the expected need of the Bezirk's Sozialräume (inhabitants under 21 times
        exp(elasticity · social index), as K515, not its counts: money gives no case count away), Kinder- und
        Jugendarbeit by the inhabitants under 21; each sums to the groups' Zuschussbedarf."""
        gruppen = {"0605": ("Hilfen zur Erziehung", ("060501", "060502", "060503")),
                   "0603": ("Kinder- und Jugendarbeit", ("060301",))}
        zeilen = []
        for jahr in (LETZTES_ERGEBNISJAHR - 1, LETZTES_ERGEBNISJAHR):
            bedarf = self.kz["K515"].raum
            for gruppe, (name, produkte) in gruppen.items():
                summe = sum(self.zuschuss(p, jahr) for p in produkte if p in self.produkte)
                if gruppe == "0605":
                    gewicht = {b: sum(self.einwohner([s.code], 0, 20, jahr) * math.exp(bedarf.elastizitaet
                                                                                      * s.sozialindex)
                                      for s in kat.SOZIALRAEUME if s.bezirk == b) for b, _n in kat.STADTBEZIRKE}
                else:
                    gewicht = {b: self.einwohner([s.code for s in kat.SOZIALRAEUME if s.bezirk == b], 0, 20, jahr)
                               for b, _n in kat.STADTBEZIRKE}
                for b, g in gewicht.items():
                    zeilen.append({"id": len(zeilen) + 1, "sozialraum_id": ids[("sr", b)], "jahr": jahr,
                                   "betragsart": "ergebnis", "produkt_code": gruppe, "produkt_name": name,
                                   "zeile": "15", "zeile_name": "Transferaufwendungen",
                                   "betrag": _euro(-summe * g / sum(gewicht.values())), "import_id": None})
        return zeilen

    def _bevoelkerung_zeilen(self, ids: dict) -> list[dict]:
        zeilen = []
        for s in kat.SOZIALRAEUME:
            for jahr in BEVOELKERUNGSJAHRE:
                for (von, bis), anzahl in zip(kat.ALTERSBAENDER, self.bevoelkerung[(s.code, jahr)], strict=True):
                    zeilen.append({"id": len(zeilen) + 1, "sozialraum_id": ids[("sr", s.code)], "jahr": jahr,
                                   "alter_von": von, "alter_bis": bis, "anzahl": anzahl})
        return zeilen

    def _kennzahlwerte(self, ids: dict) -> list[dict]:
        zeilen: list[dict] = []

        def neu(d, jahr, periodenart, periode, wertart, wert, status, zeitpunkt, sozialraum=None):
            zeilen.append({
                "id": len(zeilen) + 1, "kennzahl_id": ids[("kz", d.code)], "jahr": jahr,
                "periodenart": periodenart, "periode": periode,
                "sozialraum_id": ids[("sr", sozialraum)] if sozialraum else None, "wertart": wertart,
                "wert": _dez(wert, d.nachkommastellen), "status": status, "geaendert_am": zeitpunkt,
                "import_id": None,
            })

        def ist_status(jahr, periode):
            return "vorlaeufig" if (jahr, periode) == self.letzte else "endgueltig"

        def ist_zeitpunkt(jahr, periode):
            return _zeitpunkt(periodenende(jahr, self.art, periode) + dt.timedelta(days=25))

        for d in kat.KENNZAHLEN:
            for (j, p), wert in self.ist(d.code).items():
                if d.fehlt_letzte_periode and (j, p) == self.letzte:
                    continue
                neu(d, j, self.art, p, "ist", wert, ist_status(j, p), ist_zeitpunkt(j, p))
            if d.raum is not None:
                for sr, werte in self.ist_raum(d.code).items():
                    for (j, p), wert in werte.items():
                        neu(d, j, self.art, p, "ist", wert, ist_status(j, p), ist_zeitpunkt(j, p), sr)
            if d.typ != "kontext":
                for jahr in range(ERSTES_JAHR, LETZTES_ZIELJAHR + 1):
                    beschlossen = _zeitpunkt(dt.date(min(jahr, LETZTES_JAHR) - 1, 12, 12), 18)
                    neu(d, jahr, "jahr", 1, "zielwert", self.zielwert(d, jahr), "endgueltig", beschlossen)
                werte_2019 = [w for (j, _p), w in self.ist(d.code).items() if j == ERSTES_JAHR]
                neu(d, ERSTES_JAHR, "jahr", 1, "ausgangswert", sum(werte_2019) / len(werte_2019), "endgueltig",
                    _zeitpunkt(dt.date(ERSTES_JAHR + 1, 3, 31)))
            if d.vergleich is not None:
                rng = self.rng("vergleich", d.code)
                for jahr in range(ERSTES_JAHR, LETZTES_ERGEBNISJAHR + 1):
                    mittel = sum(self.trend(d.code, jahr + (q + 0.5) / 4) for q in range(4)) / 4
                    neu(d, jahr, "jahr", 1, "vergleichswert", mittel * d.vergleich * (1 + rng.gauss(0, 0.005)),
                        "endgueltig", _zeitpunkt(dt.date(jahr + 1, 9, 30)))
            if d.prognose:
                rng = self.rng("prognose", d.code)
                mittel = sum(self.trend(d.code, LETZTES_JAHR + (q + 0.5) / 4) for q in range(4)) / 4
                neu(d, LETZTES_JAHR, "jahr", 1, "prognose", mittel * (1 + rng.gauss(0, 0.004)), "vorlaeufig",
                    _zeitpunkt(dt.date(2026, 10, 20)))
        return zeilen

    def _periodenanteile(self, zeile: str) -> list[float]:
        monate = MONATSPROFILE[ZEILENPROFIL.get(zeile, "gleich")]
        laenge = 12 // self.n
        anteile = [sum(monate[(p - 1) * laenge:p * laenge]) for p in range(1, self.n + 1)]
        summe = sum(anteile)
        return [a / summe for a in anteile]

    def _haushalt(self, ids: dict) -> list[dict]:
        zeilen: list[dict] = []

        def neu(produkt, zeile, jahr, periodenart, periode, betragsart, version, betrag, zeitpunkt):
            vorzeichen = 1 if ZEILENART[zeile] == "ertrag" else -1
            zeilen.append({
                "id": len(zeilen) + 1, "produkt_id": ids[("produkt", produkt)], "jahr": jahr,
                "periodenart": periodenart, "periode": periode, "planzeile_id": ids[("zeile", zeile)],
                "betragsart": betragsart, "version": version, "betrag": _euro(vorzeichen * betrag),
                "geaendert_am": zeitpunkt, "import_id": None,
            })

        letztes_jahr, letzte_p = self.letzte
        for p in kat.PRODUKTE:
            for zeile in sorted(p.zeilen):
                rng = self.rng("haushalt", p.code, zeile)
                rezept = p.zeilen[zeile]
                plan = p.planabweichung if isinstance(rezept, kat.Fall) else 0.0

                def wahr(jahr, _p=p.code, _z=zeile):
                    return self.betrag(_p, _z, jahr)

                ansatz = {}
                for jahr in range(ERSTES_JAHR, LETZTES_JAHR + 1):
                    ansatz[jahr] = wahr(jahr) * (1 + plan + rng.gauss(0, 0.012))
                    neu(p.code, zeile, jahr, "jahr", 1, "ansatz", "beschluss", ansatz[jahr],
                        _zeitpunkt(dt.date(jahr - 1, 12, 12), 18))
                ergebnis = {}
                for jahr in range(ERSTES_JAHR, LETZTES_ERGEBNISJAHR + 1):
                    ergebnis[jahr] = wahr(jahr) * (1 + rng.gauss(0, 0.008))
                    neu(p.code, zeile, jahr, "jahr", 1, "ergebnis", "beschluss", ergebnis[jahr],
                        _zeitpunkt(dt.date(jahr + 1, 5, 31), 12))
                fortgeschrieben = ansatz[LETZTES_JAHR] * (1 + p.fortschreibung.get(zeile, 0.03 if zeile == "13"
                                                                                   else 0.0))
                neu(p.code, zeile, LETZTES_JAHR, "jahr", 1, "fortgeschriebener_ansatz", "beschluss",
                    fortgeschrieben, _zeitpunkt(dt.date(LETZTES_JAHR, 7, 1), 8))
                anteile = self._periodenanteile(zeile)
                for jahr in range(ERSTES_JAHR, LETZTES_JAHR + 1):
                    gewichte = [a * (1 + rng.gauss(0, 0.02)) for a in anteile]
                    if jahr <= LETZTES_ERGEBNISJAHR:
                        jahresbetrag = ergebnis[jahr] * (1 - rng.uniform(0, 0.012))
                        summe = sum(gewichte)
                        betraege = [jahresbetrag * g / summe for g in gewichte]
                    else:
                        betraege = [wahr(jahr) * g for g in gewichte]
                    for periode, betrag in enumerate(betraege, start=1):
                        if (jahr, periode) > (letztes_jahr, letzte_p):
                            break
                        zeitpunkt = _zeitpunkt(periodenende(jahr, self.art, periode) + dt.timedelta(days=12), 7)
                        neu(p.code, zeile, jahr, self.art, periode, "ist_unterjaehrig", "beschluss", betrag,
                            zeitpunkt)
                neu(p.code, zeile, LETZTES_JAHR, "jahr", 1, "prognose", "beschluss",
                    wahr(LETZTES_JAHR) * (1 + rng.gauss(0, 0.006)), _zeitpunkt(dt.date(2026, 10, 16), 12))
                einbringung = _zeitpunkt(dt.date(2026, 9, 22), 10)
                entwurf = wahr(2027) * (1 + plan / 2 + rng.gauss(0, 0.008))
                neu(p.code, zeile, 2027, "jahr", 1, "ansatz", "entwurf", entwurf, einbringung)
                for jahr in (2028, 2029):
                    neu(p.code, zeile, jahr, "jahr", 1, "planung", "entwurf",
                        wahr(jahr) * (1 + plan / 2 + rng.gauss(0, 0.01)), einbringung)
                for jahr in (2027, 2028, 2029):
                    neu(p.code, zeile, jahr, "jahr", 1, "planung", "beschluss",
                        ansatz[LETZTES_JAHR] * 1.02 ** (jahr - LETZTES_JAHR),
                        _zeitpunkt(dt.date(2025, 12, 11), 18))
                for jahr, art, version, betrag, zeitpunkt in zyklus.versionsbetraege(
                        self.rng("zyklus", p.code, zeile), p.code, zeile, ZEILENART[zeile], entwurf,
                        ansatz[LETZTES_JAHR], p.fortschreibung.get(zeile)):
                    neu(p.code, zeile, jahr, "jahr", 1, art, version, betrag, zeitpunkt)
        return zeilen

    def _kommentare(self, ids: dict) -> list[dict]:
        zeilen = []
        schluessel = {"kennzahl": "kz", "produkt": "produkt", "ziel": "ziel"}
        for i, k in enumerate(kat.KOMMENTARE, start=1):
            periode = math.ceil(k.monat * self.n / 12)
            if (k.jahr, periode) > self.letzte:
                periode = self.letzte[1]
            objektart, code = k.objekt
            zeile = {"id": i, "kennzahl_id": None, "produkt_id": None, "ziel_id": None, "jahr": k.jahr,
                     "periodenart": self.art, "periode": periode, "art": k.art, "text": k.text,
                     "verantwortlich": k.verantwortlich, "frist": _datum(k.frist) if k.frist else None,
                     "massnahmenstatus": k.massnahmenstatus, "autor": k.autor,
                     "erstellt_am": dt.datetime.fromisoformat(k.erstellt_am).replace(tzinfo=dt.UTC),
                     "geaendert_am": None}
            zeile[f"{objektart}_id"] = ids[(schluessel[objektart], code)]
            zeilen.append(zeile)
        return zeilen


def _erste_statuseintraege(kommentare: list[dict]) -> list[dict]:
    """The first history entry of every Maßnahme: created with its status, by its author."""
    massnahmen = [k for k in kommentare if k["art"] == "massnahme" and k["massnahmenstatus"]]
    return [{"id": i, "kommentar_id": k["id"], "alter_status": None, "neuer_status": k["massnahmenstatus"],
             "bemerkung": "angelegt", "geaendert_am": k["erstellt_am"], "geaendert_von": k["autor"]}
            for i, k in enumerate(massnahmen, start=1)]


def erzeugen(periodenart: str = "quartal", seed: int = 2026) -> list[tuple[type[Base], list[dict]]]:
    """All rows of Musterstadt as (model, rows) in insert order."""
    return Erzeuger(periodenart, seed).tabellen()
