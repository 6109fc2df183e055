"""Haushaltsberatung: the draft budget (Entwurf n+1) against Ergebnis, Ansatz, fortgeschriebener Ansatz and
Prognose, per Handlungsfeld, Produktbereich, Produktgruppe or Produkt; and the arithmetic of a what-if.

``beratungstabelle`` loads one view (rows = the node's children, or the field's products); ``was_waere_wenn``
is pure and computes what a changed amount means arithmetically (per inhabitant, per case, share, total).
Nothing here writes: a what-if is never stored.

Definitions, as decided here:
- Amounts are Zuschussbedarf (−Ergebnis of the Teilergebnisplan, euro): positive = net cost.
- Jahr n is the year before the draft year (``jahr_entwurf`` − 1). Columns: Ergebnis n−2 and n−1, Ansatz n,
  fortgeschriebener Ansatz n, Prognose n (version "beschluss") and Entwurf n+1 (Betragsart "ansatz", version
  "entwurf"). Entwurf amounts are read only when ``mit_entwurf`` is true: the caller decides with
  ``zugang.darf_entwurf_lesen``; without it no draft number is ever loaded, summed or returned.
- "Anmeldung" (the departments' requests) and "Eckwert" (ceilings) are not Betragsarten of the schema; the
  view cannot show them (``NICHT_ERFASST`` says so).
- A node's amount is ``zeitreihe.verdichten``: its own where stored, else the sum of its children's.
- For a Handlungsfeld the rows are the products serving its goals, each weighted with its share in the field
  (sum of its ``ZielProdukt`` shares to the field's goals, at most 1): ``cockpit.anteile_je_handlungsfeld``.
- Per inhabitant: the Bezugsbetrag (Entwurf n+1 where shown and recorded, else Ansatz n) divided by the
  population of the newest year up to the Bezugsjahr (all Sozialräume, all age bands). Per inhabitant of the
  target group: divided by the population of the age band of the row's Handlungsfeld (``ZIELGRUPPEN``).
- Per case (what-if): amount divided by the product's Fallzahl (Kennzahl with rolle "fallzahl"), as the
  yearly mean of its city-wide Ist in the newest year up to n with values.
- Trend of the Kennzahlen: yearly values (the year's own value, else the mean of its in-year Ist) of n−2 … n;
  the first against the last year with a value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen import formate as fmt
from kennzahlen import zeitreihe as zr
from kennzahlen.abfragen import _frame
from kennzahlen.abfragen import handlungsfeld as abfragen_hf
from kennzahlen.abfragen import produkt as abfragen_produkt
from kennzahlen.abfragen.ziel import bezugsgroessen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.geldfluss import trendbewertung, veraenderung
from kennzahlen.models import PERIODEN_JE_JAHR, Bevoelkerung, Haushaltssumme, Kennzahlwert
from kennzahlen.perioden import Periode

EBENEN = {"handlungsfeld": "Handlungsfeld", "produktbereich": "Produktbereich", "produktgruppe": "Produktgruppe",
          "produkt": "Produkt"}
"""The levels a view can show: code → German name."""

NICHT_ERFASST = ("Anmeldungen der Fachbereiche und Eckwerte sind in dieser Datenbank keine eigenen Betragsarten "
                 "und werden daher nicht gezeigt.")
"""The page's note on the amounts the issue names but the schema does not record."""


@dataclass(frozen=True)
class Spaltendefinition:
    """A money column: key, Betragsart and version read, year relative to n, German heading pattern."""

    schluessel: str
    betragsart: str
    version: str
    versatz: int
    titel: str

    def ueberschrift(self, jahr_n: int) -> str:
        """'Ergebnis 2024' for n = 2026."""
        return self.titel.format(jahr=jahr_n + self.versatz)


SPALTEN = (
    Spaltendefinition("ergebnis_n2", "ergebnis", "beschluss", -2, "Ergebnis {jahr}"),
    Spaltendefinition("ergebnis_n1", "ergebnis", "beschluss", -1, "Ergebnis {jahr}"),
    Spaltendefinition("ansatz", "ansatz", "beschluss", 0, "Ansatz {jahr}"),
    Spaltendefinition("fortgeschrieben", "fortgeschriebener_ansatz", "beschluss", 0, "fortgeschr. Ansatz {jahr}"),
    Spaltendefinition("prognose", "prognose", "beschluss", 0, "Prognose {jahr}"),
    Spaltendefinition("entwurf", "ansatz", "entwurf", 1, "Entwurf {jahr}"),
)
"""The money columns in order, oldest first; "entwurf" only with draft rights."""


# ---------------------------------------------------------------------------------------------------
# Target groups
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zielgruppe:
    """An age band of the population (``alter_bis`` None: open upwards)."""

    name: str
    alter_von: int = 0
    alter_bis: int | None = None

    @property
    def gesamt(self) -> bool:
        """True for the whole population."""
        return self.alter_von == 0 and self.alter_bis is None


GESAMT = Zielgruppe("Einwohnerinnen und Einwohner insgesamt")
JUNGE_MENSCHEN = Zielgruppe("junge Menschen unter 21 Jahren", 0, 20)
AELTERE = Zielgruppe("Menschen ab 65 Jahren", 65, None)
ERWERBSALTER = Zielgruppe("Menschen von 15 bis 64 Jahren", 15, 64)

ZIELGRUPPEN: tuple[tuple[str, Zielgruppe], ...] = (
    ("jugend", JUNGE_MENSCHEN),
    ("famil", JUNGE_MENSCHEN),
    ("kinder", JUNGE_MENSCHEN),
    ("senior", AELTERE),
    ("pflege", AELTERE),
    ("arbeit", ERWERBSALTER),
)
"""THE mapping Handlungsfeld → target group: the first word stem found in the field's name (lower case) decides.

Jugend/Familie/Kinder → under 21 (SGB VIII counts Leistungsdichten per inhabitant under 21); Senioren/
Pflege → 65 and older; Arbeit → 15 to 64 (SGB II: erwerbsfähiges Alter). Every other field (Wohnen, Bildung,
Gesundheit, Inklusion …) and a budget without Handlungsfelder use the whole population (``GESAMT``)."""


def zielgruppe(handlungsfeld_name: str | None) -> Zielgruppe:
    """The target group of a Handlungsfeld by ``ZIELGRUPPEN``; ``GESAMT`` when none matches."""
    name = (handlungsfeld_name or "").casefold()
    for stamm, gruppe in ZIELGRUPPEN:
        if stamm in name:
            return gruppe
    return GESAMT


def bevoelkerung(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """Population per year and age band, summed over all Sozialräume: jahr, alter_von, alter_bis, anzahl.

    The importer stores only the finest areas (sums are checked, not stored), so the sum is the city."""
    b = Bevoelkerung
    df = _frame(fabrik, select(b.jahr, b.alter_von, b.alter_bis, func.sum(b.anzahl).label("anzahl"))
                .group_by(b.jahr, b.alter_von, b.alter_bis).order_by(b.jahr, b.alter_von))
    return df.astype({"anzahl": float})


@dataclass(frozen=True)
class Einwohnerzahl:
    """The population of a target group in a year: anzahl (NaN if unknown), jahr used, anteilig (a band
    straddling the group's limits was split in proportion to its years)."""

    anzahl: float
    jahr: int | None
    anteilig: bool = False


def einwohner(baender: pd.DataFrame, jahr: int, gruppe: Zielgruppe = GESAMT) -> Einwohnerzahl:
    """Population of ``gruppe`` in the newest year up to ``jahr`` (``baender``: ``bevoelkerung``).

    A band partly inside the group counts with the share of its years inside (0–24 for "under 21": 21/25);
    an open band (80 and older) partly inside cannot be split, then the number is unknown (NaN)."""
    jahre = sorted(int(j) for j in baender["jahr"].unique() if int(j) <= jahr)
    if not jahre:
        return Einwohnerzahl(math.nan, None)
    nutz = jahre[-1]
    teil = baender[baender["jahr"] == nutz]
    summe, anteilig = 0.0, False
    g_von, g_bis = gruppe.alter_von, gruppe.alter_bis
    for von, bis, anzahl in zip(teil["alter_von"], teil["alter_bis"], teil["anzahl"], strict=True):
        von = int(von)
        bis = None if bis is None or pd.isna(bis) else int(bis)
        innen = von >= g_von and (g_bis is None or (bis is not None and bis <= g_bis))
        aussen = (g_bis is not None and von > g_bis) or (bis is not None and bis < g_von)
        if innen:
            summe += float(anzahl)
        elif not aussen:
            if bis is None:
                return Einwohnerzahl(math.nan, nutz, True)
            oben = bis if g_bis is None else min(bis, g_bis)
            jahre_innen = oben - max(von, g_von) + 1
            summe += float(anzahl) * jahre_innen / (bis - von + 1)
            anteilig = True
    return Einwohnerzahl(summe, nutz, anteilig)


# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


def entwurfsjahre(fabrik: sessionmaker[Session]) -> list[int]:
    """Draft years a view can be asked for: every year after an adopted Ansatz (from adopted amounts only,
    so that the list tells nobody whether drafts exist), oldest first."""
    hb = Haushaltssumme
    with fabrik() as s:
        jahre = s.scalars(select(hb.jahr).where(hb.betragsart == "ansatz", hb.version == "beschluss")
                          .distinct().order_by(hb.jahr)).all()
    return [int(j) + 1 for j in jahre]


def standardjahr(fabrik: sessionmaker[Session]) -> int | None:
    """The default draft year: the year after the running budget year (the newest year with an adopted Ansatz and
    booked amounts, Ergebnis or in-year Ist), else the year after the newest adopted Ansatz (None without any).

    So an adopted next year (the Beschluss of the draft just negotiated) does not move the view past the draft."""
    hb = Haushaltssumme
    with fabrik() as s:
        angesetzt = set(s.scalars(select(hb.jahr).where(hb.betragsart == "ansatz", hb.version == "beschluss")
                                  .distinct()))
        gebucht = set(s.scalars(select(hb.jahr).where(hb.betragsart.in_(["ergebnis", "ist_unterjaehrig"]))
                                .distinct()))
    laufend = angesetzt & gebucht
    if laufend:
        return int(max(laufend)) + 1
    return int(max(angesetzt)) + 1 if angesetzt else None


def _spalten(mit_entwurf: bool) -> tuple[Spaltendefinition, ...]:
    return tuple(s for s in SPALTEN if mit_entwurf or s.version != "entwurf")


def _lange_betraege(fabrik, ids: list[int], jahr_n: int, mit_entwurf: bool) -> pd.DataFrame:
    """Amounts of these products in the long form ``zeitreihe.verdichten`` takes, with the column key as
    betragsart (so that Ansatz and Entwurf never mix)."""
    teile = []
    for version in ("beschluss", "entwurf") if mit_entwurf else ("beschluss",):
        df = abfragen_produkt.haushaltsbetraege(fabrik, ids, version)
        df = df[df["periodenart"] == "jahr"]
        for s in _spalten(mit_entwurf):
            if s.version != version:
                continue
            t = df[(df["betragsart"] == s.betragsart) & (df["jahr"] == jahr_n + s.versatz)].copy()
            t["betragsart"] = s.schluessel
            teile.append(t)
    if not teile:
        return pd.DataFrame(columns=["produkt_id", "jahr", "periodenart", "periode", "betragsart", "betrag"])
    return pd.concat(teile, ignore_index=True)


def _als_spalten(lang: pd.DataFrame, spalten: tuple[Spaltendefinition, ...]) -> dict[str, float]:
    """Zuschussbedarf (−betrag) per column key of one node's rolled-up amounts; NaN where none."""
    werte = lang.groupby("betragsart")["betrag"].sum() if len(lang) else pd.Series(dtype=float)
    return {s.schluessel: (0.0 - float(werte[s.schluessel]) if s.schluessel in werte.index else math.nan)
            for s in spalten}


def gesamtsummen(fabrik: sessionmaker[Session], jahr_n: int, mit_entwurf: bool) -> dict[str, float]:
    """Σ Zuschussbedarf of the whole budget per column key (every stored amount counts once: amounts sit at one
    level per product line); NaN where the budget has no such amount."""
    hb = Haushaltssumme
    spalten = _spalten(mit_entwurf)
    jahre = sorted({jahr_n + s.versatz for s in spalten})
    versionen = ["beschluss", "entwurf"] if mit_entwurf else ["beschluss"]
    df = _frame(fabrik, select(hb.jahr, hb.betragsart, hb.version, func.sum(hb.betrag).label("betrag"))
                .where(hb.periodenart == "jahr", hb.jahr.in_(jahre), hb.version.in_(versionen))
                .group_by(hb.jahr, hb.betragsart, hb.version))
    ergebnis = {}
    for s in spalten:
        treffer = df[(df["jahr"] == jahr_n + s.versatz) & (df["betragsart"] == s.betragsart)
                     & (df["version"] == s.version)]
        ergebnis[s.schluessel] = -float(treffer["betrag"].astype(float).sum()) if len(treffer) else math.nan
    return ergebnis


def jahreswerte(fabrik: sessionmaker[Session], kennzahl_ids: list[int], jahre: list[int]) -> pd.DataFrame:
    """City-wide Ist of these Kennzahlen per year: the year's own value where stored, else the mean of its
    in-year values (of the finest kind present). Columns: kennzahl_id, jahr, wert (float)."""
    kw = Kennzahlwert
    df = _frame(fabrik, select(kw.kennzahl_id, kw.jahr, kw.periodenart, kw.wert)
                .where(kw.kennzahl_id.in_(kennzahl_ids or [-1]), kw.jahr.in_(jahre), kw.sozialraum_id.is_(None),
                       kw.wertart == "ist"))
    if df.empty:
        return pd.DataFrame({"kennzahl_id": pd.Series(dtype=int), "jahr": pd.Series(dtype=int),
                             "wert": pd.Series(dtype=float)})
    df["wert"] = df["wert"].astype(float)
    df["feinheit"] = df["periodenart"].map(PERIODEN_JE_JAHR)
    df["rang"] = df["periodenart"].eq("jahr").map({True: 0, False: 1})
    df = df.sort_values(["kennzahl_id", "jahr", "rang", "feinheit"], ascending=[True, True, True, False])
    erste = df.drop_duplicates(["kennzahl_id", "jahr"])[["kennzahl_id", "jahr", "periodenart"]]
    df = df.merge(erste, on=["kennzahl_id", "jahr", "periodenart"])
    return df.groupby(["kennzahl_id", "jahr"], as_index=False)["wert"].mean()


# ---------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Beratungstabelle:
    """One Haushaltsberatung view.

    zeilen: one row per child node (or the field's products): knoten_id, code, name, ebene, anteil (weight in a
    Handlungsfeld, else 1), handlungsfeld (main field's name or None), zielgruppe (name), the money columns
    ``spalten`` (Zuschussbedarf, weighted), veraenderung_euro and veraenderung_prozent (Entwurf − Ansatz n; only
    with drafts), bezugsbetrag, je_einwohner, zielgruppe_einwohner, je_zielgruppe, ziele (codes), ziele_anzahl,
    the status_* columns of the worst rated goal, fallzahl_veraenderung, kennzahlen_besser, kennzahlen_schlechter,
    kennzahlen_gleich, trend (German text).
    produkte: what a what-if can change (nodes with amounts of their own): knoten_id, code, name, zeile (code of
    its row), anteil, zielgruppe, zielgruppe_einwohner, the money columns (unweighted), fallzahl, fallzahl_name,
    fallzahl_jahr.
    summe: the node's total per column (weighted for a field); gesamt: Σ Zuschussbedarf of the whole budget.
    """

    ebene: str
    code: str
    name: str
    jahr_entwurf: int
    mit_entwurf: bool
    spalten: tuple[Spaltendefinition, ...]
    zeilen: pd.DataFrame
    produkte: pd.DataFrame
    summe: dict[str, float]
    gesamt: dict[str, float]
    bezug: str
    einwohner: Einwohnerzahl
    zielgruppe: Zielgruppe
    zielgruppe_einwohner: Einwohnerzahl
    statusperiode: Periode
    hinweise: list[str] = field(default_factory=list)

    @property
    def jahr_n(self) -> int:
        """The current budget year n (the year before the draft)."""
        return self.jahr_entwurf - 1

    def titel(self, schluessel: str) -> str:
        """German heading of a money column ('Entwurf 2027')."""
        return next(s.ueberschrift(self.jahr_n) for s in SPALTEN if s.schluessel == schluessel)

    @property
    def bezugstitel(self) -> str:
        """The amount the per-inhabitant columns divide ('Entwurf 2027' or 'Ansatz 2026')."""
        return self.titel(self.bezug)


def _haupthandlungsfeld(anteile: pd.DataFrame, knoten: list[int], felder: dict[int, str]) -> str | None:
    """The Handlungsfeld with the largest sum of shares of these products (ties: first by field order)."""
    teil = anteile[anteile["produkt_id"].isin(knoten)]
    if teil.empty:
        return None
    summen = teil.groupby("handlungsfeld_id")["anteil"].sum()
    reihenfolge = list(felder)
    bester = max(summen.index, key=lambda h: (round(float(summen[h]), 9), -reihenfolge.index(h)
                                              if h in reihenfolge else 0))
    return felder.get(int(bester))


def _statusperiode(fabrik, jahr_n: int, periodenart: str) -> Periode:
    perioden = [p for p in abfragen.verfuegbare_perioden(fabrik, periodenart) if p.jahr <= jahr_n]
    return perioden[-1] if perioden else Periode(jahr_n, periodenart, PERIODEN_JE_JAHR[periodenart])


def _trend(kz: pd.DataFrame, werte: pd.DataFrame, steckbrief: pd.DataFrame) -> dict:
    """Trend of a row's Kennzahlen (``kz``: kennzahl_id, rolle) over the years of ``werte``."""
    info = steckbrief.set_index("id")
    je = {int(k): g.sort_values("jahr") for k, g in werte.groupby("kennzahl_id")}
    fall_alt = fall_neu = 0.0
    fall_da = False
    zaehler = {"besser": 0, "schlechter": 0, "gleich": 0}
    for kid in sorted(set(kz.loc[kz["rolle"] == "fallzahl", "kennzahl_id"].astype(int))):
        reihe = je.get(kid)
        if reihe is not None and len(reihe) >= 2:
            fall_alt += float(reihe["wert"].iloc[0])
            fall_neu += float(reihe["wert"].iloc[-1])
            fall_da = True
    for kid in sorted(set(kz.loc[kz["rolle"] == "ziel", "kennzahl_id"].astype(int))):
        reihe = je.get(kid)
        if reihe is None or len(reihe) < 2 or kid not in info.index or info.at[kid, "typ"] == "kontext":
            continue
        s = info.loc[kid]
        urteil = trendbewertung(float(reihe["wert"].iloc[-1]), float(reihe["wert"].iloc[0]), s["richtung"],
                                s["korridor_unten"], s["korridor_oben"])
        if urteil:
            zaehler[urteil] += 1
    fall = veraenderung(fall_neu, fall_alt)[1] if fall_da else None
    teile = []
    if fall is not None:
        pfeil = "↑" if fall > 0.005 else "↓" if fall < -0.005 else "→"
        teile.append(f"Fälle {pfeil} {fmt.prozent(fall, 1, vorzeichen=True)}")
    if sum(zaehler.values()):
        teile.append(f"Ziel-Kennzahlen: {zaehler['besser']} besser, {zaehler['schlechter']} schlechter"
                     + (f", {zaehler['gleich']} gleich" if zaehler["gleich"] else ""))
    return {"fallzahl_veraenderung": math.nan if fall is None else fall,
            "kennzahlen_besser": zaehler["besser"], "kennzahlen_schlechter": zaehler["schlechter"],
            "kennzahlen_gleich": zaehler["gleich"], "trend": " · ".join(teile) or fmt.LEER}


@zwischenspeichern
def beratungstabelle(
    fabrik: sessionmaker[Session], ebene: str, code: str, jahr_entwurf: int, mit_entwurf: bool,
    periodenart: str = "quartal", regeln: rechnen.Bewertungsregeln | None = None,
) -> Beratungstabelle | None:
    """The Haushaltsberatung view of one node for the draft year ``jahr_entwurf``; None for an unknown node.

    ``ebene``: "handlungsfeld" (``code`` a field) or a product level (``code`` a Produktbereich, -gruppe or
    Produkt; the node's own level is used). ``mit_entwurf``: whether draft amounts may be read at all.
    ``periodenart``/``regeln``: the reporting period and rating rules for the goals' status.
    """
    if ebene not in EBENEN:
        raise ValueError(f"Unbekannte Ebene „{ebene}“; erlaubt: {', '.join(EBENEN)}.")
    regeln = regeln or rechnen.Bewertungsregeln()
    jahr_n = jahr_entwurf - 1
    spalten = _spalten(mit_entwurf)
    schluessel = [s.schluessel for s in spalten]
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    felder_df = abfragen.handlungsfelder(fabrik)
    felder = dict(zip(felder_df["id"].astype(int), felder_df["name"], strict=True))
    alle_ziele = abfragen.ziele(fabrik)
    ziel_produkt = abfragen.ziel_produkt(fabrik)
    zp = ziel_produkt.merge(alle_ziele[["id", "handlungsfeld_id"]], left_on="ziel_id", right_on="id").drop(
        columns="id")
    hinweise: list[str] = []

    if ebene == "handlungsfeld":
        feld = abfragen_hf.handlungsfeld(fabrik, code)
        if feld.empty:
            return None
        hf_id, name = int(feld.iloc[0]["id"]), str(feld.iloc[0]["name"])
        produkte = abfragen_hf.feldprodukte(fabrik, hf_id)
        anteile = rechnen.anteile_je_handlungsfeld(ziel_produkt, alle_ziele)
        gewicht = anteile[anteile["handlungsfeld_id"] == hf_id].set_index("produkt_id")["anteil"]
        zeilen_knoten = [int(i) for i in produkte["produkt_id"]]
        zeilen_info = pd.DataFrame({"knoten_id": zeilen_knoten, "code": produkte["code"], "name": produkte["name"],
                                    "ebene": "produkt",
                                    "anteil": [float(gewicht.get(i, 0.0)) for i in zeilen_knoten]})
        unter = {k: zr.nachfahren(hierarchie, k) for k in zeilen_knoten}
        feldname_je_zeile = {k: name for k in zeilen_knoten}
        gruppe_knoten = zielgruppe(name)
        ziel_filter = hf_id
    else:
        treffer = abfragen_produkt.produkt(fabrik, code)
        if treffer.empty:
            return None
        knoten = treffer.iloc[0]
        wurzel, name, ebene = int(knoten["id"]), str(knoten["name"]), str(knoten["ebene"])
        kinder = hierarchie[hierarchie["parent_id"] == wurzel]
        if kinder.empty:
            kinder = hierarchie[hierarchie["id"] == wurzel]
        zeilen_knoten = [int(i) for i in kinder["id"]]
        zeilen_info = pd.DataFrame({"knoten_id": zeilen_knoten, "code": list(kinder["code"]),
                                    "name": list(kinder["name"]), "ebene": list(kinder["ebene"]), "anteil": 1.0})
        unter = {k: zr.nachfahren(hierarchie, k) for k in zeilen_knoten}
        feldname_je_zeile = {k: _haupthandlungsfeld(zp, unter[k], felder) for k in zeilen_knoten}
        gruppe_knoten = zielgruppe(_haupthandlungsfeld(zp, zr.nachfahren(hierarchie, wurzel), felder))
        ziel_filter = None

    alle_ids = sorted({i for ids in unter.values() for i in ids})
    lang = _lange_betraege(fabrik, alle_ids, jahr_n, mit_entwurf)
    eigene = set(lang["produkt_id"].astype(int)) if len(lang) else set()
    betraege: dict[int, dict[str, float]] = {}
    for k in zeilen_knoten:
        teilbaum = zr.verdichten_teilbaum(lang, hierarchie, k)
        for knoten_id in teilbaum:
            if knoten_id == k or knoten_id in eigene:
                betraege[knoten_id] = _als_spalten(teilbaum[knoten_id], spalten)

    zeilen = zeilen_info.copy()
    for s in schluessel:
        zeilen[s] = [betraege[k][s] * a for k, a in zip(zeilen["knoten_id"], zeilen["anteil"], strict=True)]
    summe = {s: float(zeilen[s].sum(min_count=1)) for s in schluessel}
    gesamt = gesamtsummen(fabrik, jahr_n, mit_entwurf)

    bezug = "entwurf" if mit_entwurf and pd.notna(summe.get("entwurf", math.nan)) else "ansatz"
    if mit_entwurf:
        zeilen["veraenderung_euro"] = zeilen["entwurf"] - zeilen["ansatz"]
        zeilen["veraenderung_prozent"] = zeilen["veraenderung_euro"] / zeilen["ansatz"].abs().where(
            zeilen["ansatz"] != 0)
        if bezug == "ansatz":
            hinweise.append(f"Für {jahr_entwurf} ist kein Haushaltsentwurf erfasst.")
    bezugsjahr = jahr_entwurf if bezug == "entwurf" else jahr_n
    baender = bevoelkerung(fabrik)
    ew = einwohner(baender, bezugsjahr)
    zeilen["handlungsfeld"] = [feldname_je_zeile[k] for k in zeilen["knoten_id"]]
    gruppen = {k: zielgruppe(feldname_je_zeile[k]) for k in zeilen_knoten}
    gruppenzahl = {g: einwohner(baender, bezugsjahr, g) for g in set(gruppen.values()) | {gruppe_knoten}}
    zeilen["zielgruppe"] = [gruppen[k].name for k in zeilen["knoten_id"]]
    zeilen["zielgruppe_einwohner"] = [gruppenzahl[gruppen[k]].anzahl for k in zeilen["knoten_id"]]
    zeilen["bezugsbetrag"] = zeilen[bezug]
    zeilen["je_einwohner"] = zeilen["bezugsbetrag"] / ew.anzahl if ew.anzahl else math.nan
    zeilen["je_zielgruppe"] = zeilen["bezugsbetrag"] / zeilen["zielgruppe_einwohner"].where(
        zeilen["zielgruppe_einwohner"] > 0)
    if ew.jahr is None:
        hinweise.append("Es sind keine Einwohnerzahlen erfasst; Beträge je Einwohner fehlen.")
    elif ew.jahr != bezugsjahr:
        hinweise.append(f"Einwohnerzahlen liegen bis {ew.jahr} vor; die Beträge je Einwohner beziehen sich auf "
                        f"die Einwohner {ew.jahr}.")
    if any(z.anteilig for z in gruppenzahl.values()):
        hinweise.append("Die Altersbänder der Bevölkerungsdaten passen nicht genau zu einer Zielgruppe; der "
                        "überstehende Teil eines Bandes ist im Verhältnis seiner Altersjahre gezählt.")

    # Goals' status and the trend of the Kennzahlen
    periode = _statusperiode(fabrik, jahr_n, periodenart)
    steckbrief = abfragen.kennzahlen(fabrik)
    bewertung = rechnen.kennzahlen_bewerten(steckbrief, abfragen.kennzahlwerte_stadt(fabrik, periode), regeln)
    zk = abfragen.ziel_kennzahl(fabrik)
    zielstatus = rechnen.ziele_bewerten(alle_ziele, zk, bewertung, regeln).set_index("id")
    pk = abfragen_produkt.kennzahlen(fabrik, alle_ids)
    kennzahl_ids = sorted(set(zk["kennzahl_id"].astype(int)) | set(pk["kennzahl_id"].astype(int)))
    verlauf = jahreswerte(fabrik, kennzahl_ids, [jahr_n - 2, jahr_n - 1, jahr_n])
    status_zeilen, trend_zeilen = [], []
    for k in zeilen_knoten:
        ziele_hier = zp[zp["produkt_id"].isin(unter[k])]
        if ziel_filter is not None:
            ziele_hier = ziele_hier[ziele_hier["handlungsfeld_id"] == ziel_filter]
        ziel_ids = sorted(set(ziele_hier["ziel_id"].astype(int)) & set(zielstatus.index))
        bewertet = [zielstatus.loc[z] for z in ziel_ids if zielstatus.at[z, "status_code"] != "keine_bewertung"]
        schlechtester = min(bewertet, key=lambda z: z["status_rang"]) if bewertet else None
        quelle = schlechtester if schlechtester is not None else pd.Series(
            {"status_code": "keine_bewertung", "status_text": "keine Bewertung", "status_symbol": "○",
             "status_farbe": "#595959", "status_rang": 0})
        status_zeilen.append({
            "ziele": ", ".join(zielstatus.loc[ziel_ids, "code"]) if ziel_ids else "",
            "ziele_anzahl": len(ziel_ids),
            **{c: quelle[c] for c in ("status_code", "status_text", "status_symbol", "status_farbe", "status_rang")},
        })
        kz = pd.concat([
            pk.loc[pk["produkt_id"].isin(unter[k]) & (pk["rolle"] == "fallzahl"), ["kennzahl_id"]].assign(
                rolle="fallzahl"),
            zk.loc[zk["ziel_id"].isin(ziel_ids), ["kennzahl_id"]].assign(rolle="ziel"),
        ])
        trend_zeilen.append(_trend(kz, verlauf, steckbrief))
    zeilen = pd.concat([zeilen.reset_index(drop=True), pd.DataFrame(status_zeilen), pd.DataFrame(trend_zeilen)],
                       axis=1) if zeilen_knoten else _leere_zeilen(zeilen, mit_entwurf)

    # What-if candidates: the nodes below the rows that carry amounts of their own
    kandidaten = []
    for k, zeilencode, a in zip(zeilen_info["knoten_id"], zeilen_info["code"], zeilen_info["anteil"], strict=True):
        for knoten_id in unter[k]:
            if knoten_id in eigene and knoten_id in betraege:
                kandidaten.append({"knoten_id": knoten_id, "zeile": zeilencode, "anteil": float(a),
                                   **betraege[knoten_id], "zielgruppe": gruppen[k].name,
                                   "zielgruppe_einwohner": gruppenzahl[gruppen[k]].anzahl})
    produkte = pd.DataFrame(kandidaten, columns=["knoten_id", "zeile", "anteil", *schluessel, "zielgruppe",
                                                 "zielgruppe_einwohner"])
    produkte = produkte.drop_duplicates("knoten_id")
    namen = hierarchie.set_index("id")
    produkte.insert(1, "code", [namen.at[i, "code"] for i in produkte["knoten_id"]])
    produkte.insert(2, "name", [namen.at[i, "name"] for i in produkte["knoten_id"]])
    produkte = _mit_fallzahl(fabrik, produkte, jahr_n).sort_values("code").reset_index(drop=True)

    return Beratungstabelle(
        ebene=ebene, code=code, name=name, jahr_entwurf=jahr_entwurf, mit_entwurf=mit_entwurf, spalten=spalten,
        zeilen=zeilen, produkte=produkte, summe=summe, gesamt=gesamt, bezug=bezug, einwohner=ew,
        zielgruppe=gruppe_knoten, zielgruppe_einwohner=gruppenzahl[gruppe_knoten], statusperiode=periode,
        hinweise=hinweise,
    )


def _leere_zeilen(zeilen: pd.DataFrame, mit_entwurf: bool) -> pd.DataFrame:
    for spalte in ("ziele", "ziele_anzahl", "status_code", "status_text", "status_symbol", "status_farbe",
                   "status_rang", "fallzahl_veraenderung", "kennzahlen_besser", "kennzahlen_schlechter",
                   "kennzahlen_gleich", "trend"):
        zeilen[spalte] = pd.Series(dtype=object)
    return zeilen


def _mit_fallzahl(fabrik, produkte: pd.DataFrame, jahr_n: int) -> pd.DataFrame:
    """Adds fallzahl (yearly mean of the newest year up to n with values), fallzahl_name and fallzahl_jahr."""
    produkte = produkte.copy()
    produkte["fallzahl"], produkte["fallzahl_name"], produkte["fallzahl_jahr"] = math.nan, None, None
    if produkte.empty:
        return produkte
    bezug = bezugsgroessen(fabrik, [int(i) for i in produkte["knoten_id"]]).drop_duplicates("produkt_id")
    if bezug.empty:
        return produkte
    werte = jahreswerte(fabrik, [int(i) for i in bezug["fallzahl_id"]], list(range(jahr_n - 4, jahr_n + 1)))
    for b in bezug.itertuples(index=False):
        reihe = werte[werte["kennzahl_id"] == b.fallzahl_id].sort_values("jahr")
        if reihe.empty:
            continue
        zeile = produkte["knoten_id"] == b.produkt_id
        produkte.loc[zeile, "fallzahl"] = float(reihe["wert"].iloc[-1])
        produkte.loc[zeile, "fallzahl_name"] = f"{b.fallzahl_code} {b.fallzahl_name}"
        produkte.loc[zeile, "fallzahl_jahr"] = int(reihe["jahr"].iloc[-1])
    return produkte


# ---------------------------------------------------------------------------------------------------
# What-if
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wennergebnis:
    """The arithmetic consequences of changing one product's Bezugsbetrag (nothing is predicted or stored).

    alt/neu pairs: betrag (the product's whole amount), je_einwohner, je_zielgruppe, je_fall, knoten (the view's
    total), anteil (the product's weighted share of the view's total), gesamt (Σ Zuschussbedarf of the budget).
    """

    code: str
    name: str
    spalte: str
    aenderung: float
    betrag_alt: float
    betrag_neu: float
    je_einwohner_alt: float
    je_einwohner_neu: float
    zielgruppe: str
    je_zielgruppe_alt: float
    je_zielgruppe_neu: float
    fallzahl: float
    fallzahl_name: str | None
    fallzahl_jahr: int | None
    je_fall_alt: float
    je_fall_neu: float
    knoten_alt: float
    knoten_neu: float
    anteil_alt: float
    anteil_neu: float
    gesamt_alt: float
    gesamt_neu: float

    @property
    def gesamt_veraenderung(self) -> float:
        """Relative change of Σ Zuschussbedarf (NaN without a total)."""
        return self.aenderung / abs(self.gesamt_alt) if self.gesamt_alt else math.nan


def _teilen(zaehler: float, nenner: float) -> float:
    if pd.isna(zaehler) or pd.isna(nenner) or not nenner:
        return math.nan
    return float(zaehler) / float(nenner)


def was_waere_wenn(
    basis: Beratungstabelle, produkt_code: str, aenderung_euro: float | None = None,
    aenderung_prozent: float | None = None,
) -> Wennergebnis:
    """What changing ``produkt_code``'s Bezugsbetrag by ``aenderung_euro`` or by ``aenderung_prozent`` (−5 = −5 %)
    means arithmetically; German ValueError when the product is not in the view or has no amount."""
    if (aenderung_euro is None) == (aenderung_prozent is None):
        raise ValueError("Bitte genau eine Änderung angeben: in Euro oder in Prozent.")
    treffer = basis.produkte[basis.produkte["code"] == produkt_code]
    if treffer.empty:
        raise ValueError(f"Produkt „{produkt_code}“ gehört nicht zu dieser Ansicht oder hat keine eigenen Beträge.")
    p = treffer.iloc[0]
    spalte = basis.bezug
    alt = float(p[spalte])
    if math.isnan(alt):
        raise ValueError(f"Produkt {produkt_code} hat keinen Betrag „{basis.titel(spalte)}“.")
    aenderung = float(aenderung_euro) if aenderung_euro is not None else alt * float(aenderung_prozent) / 100.0
    if not math.isfinite(aenderung):
        raise ValueError("Die Änderung muss eine endliche Zahl sein.")
    neu = alt + aenderung
    anteil = float(p["anteil"])
    knoten_alt = basis.summe.get(spalte, math.nan)
    knoten_neu = knoten_alt + aenderung * anteil
    gesamt_alt = basis.gesamt.get(spalte, math.nan)
    ew = basis.einwohner.anzahl
    gruppe = float(p["zielgruppe_einwohner"]) if pd.notna(p["zielgruppe_einwohner"]) else math.nan
    fall = float(p["fallzahl"]) if pd.notna(p["fallzahl"]) else math.nan
    return Wennergebnis(
        code=str(p["code"]), name=str(p["name"]), spalte=spalte, aenderung=aenderung, betrag_alt=alt, betrag_neu=neu,
        je_einwohner_alt=_teilen(alt, ew), je_einwohner_neu=_teilen(neu, ew),
        zielgruppe=str(p["zielgruppe"]), je_zielgruppe_alt=_teilen(alt, gruppe), je_zielgruppe_neu=_teilen(neu, gruppe),
        fallzahl=fall, fallzahl_name=p["fallzahl_name"] if isinstance(p["fallzahl_name"], str) else None,
        fallzahl_jahr=None if pd.isna(p["fallzahl_jahr"]) else int(p["fallzahl_jahr"]),
        je_fall_alt=_teilen(alt, fall), je_fall_neu=_teilen(neu, fall),
        knoten_alt=knoten_alt, knoten_neu=knoten_neu,
        anteil_alt=_teilen(alt * anteil, knoten_alt), anteil_neu=_teilen(neu * anteil, knoten_neu),
        gesamt_alt=gesamt_alt, gesamt_neu=gesamt_alt + aenderung,
    )


def aenderung_lesen(text: str | None) -> tuple[float | None, float | None]:
    """A change typed the German way: '-5 %' → (None, -5.0); '-250.000' or '-250.000 €' → (-250000.0, None).

    German ValueError saying what was expected when the text is no number."""
    from kennzahlen.importe.werte import WertFehler, zahl_lesen

    roh = (text or "").strip()
    prozent = roh.endswith("%")
    try:
        zahl = float(zahl_lesen(roh.rstrip("%").strip(), "de"))
    except WertFehler as fehler:
        raise ValueError(f"Änderung „{roh[:40]}“ {fehler.problem} (erwartet z. B. -250.000 für Euro oder "
                         "-5 % für Prozent).") from None
    if prozent and abs(zahl) > 1000:
        raise ValueError(f"Änderung „{roh[:40]}“: höchstens ±1.000 % (erwartet z. B. -5 %).")
    return (None, zahl) if prozent else (zahl, None)


__all__ = [
    "EBENEN", "GESAMT", "NICHT_ERFASST", "SPALTEN", "ZIELGRUPPEN", "Beratungstabelle", "Einwohnerzahl",
    "Wennergebnis", "Zielgruppe", "aenderung_lesen", "beratungstabelle", "bevoelkerung", "einwohner",
    "entwurfsjahre", "gesamtsummen", "jahreswerte", "standardjahr", "was_waere_wenn", "zielgruppe",
]
