"""Mengen- und Preiseffekt: how much of a product's change in money comes from more (or fewer) cases and how
much from dearer (or cheaper) cases, and the cost per case of ``geldfluss.fallkosten`` for any Stand.

The split (``mengen_preis_effekt``), with m = Fallzahl, p = Kosten je Fall, B = m · p:

    B₁ − B₀ = (m₁ − m₀) · p₀          Mengeneffekt: the change in cases at the old cost per case
            + (p₁ − p₀) · m₀          Preiseffekt: the change in cost per case for the old cases
            + (m₁ − m₀) · (p₁ − p₀)   Rest (Wechselwirkung): more cases that are also dearer

The three parts add up to the change exactly (computed in ``Decimal``). A side without cases has no cost
per case; then the whole change is Mengeneffekt (cases appear or vanish at the other side's cost per case).

A Stand is a (jahr, art) pair: "ansatz", "ergebnis", "prognose" or "ist" (Ist bis zum Stichtag, auf 12
Monate hochgerechnet). The amount is the Transferaufwand (plan lines named "Transferaufwendungen") when
the product has one, else the Zuschussbedarf; the Fallzahl is that of the same kind (``geldfluss.FALLARTEN``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import localcontext

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import formate as fmt
from kennzahlen import geldfluss as gf
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.abfragen.ziel import bezugsgroessen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    PERIODEN_JE_JAHR,
    Haushaltsbetrag,
    Haushaltssumme,
    Kennzahl,
    Kennzahlwert,
    Planzeile,
    Produkt,
    ProduktKennzahl,
)
from kennzahlen.perioden import Periode

STANDARTEN = {"ansatz": "Ansatz", "ergebnis": "Ergebnis", "prognose": "Prognose", "ist": "Ist hochgerechnet"}
"""The kinds of amount a Stand can be → German label."""

TRANSFERZEILE = "transferaufwend"
"""Plan lines whose name contains this (case-insensitive) are Transferaufwand (NKF line 15)."""

SPALTEN = ["produkt_id", "code", "name", "aufgabenart", "fallzahl_code", "fallzahl_name", "fallzahl_einheit",
           "grundlage", "betrag0", "menge0", "menge0_art", "preis0", "betrag1", "menge1", "menge1_art", "preis1",
           "veraenderung", "mengeneffekt", "preiseffekt", "rest", "hinweis"]
"""Columns of ``effekte_je_produkt``."""

FALLKOSTEN_SPALTEN = ["produkt_id", "code", "name", "aufgabenart", "fallzahl_code", "fallzahl_name",
                      "fallzahl_einheit", "transferaufwand", "zuschussbedarf", "faelle", "fallart", "grundlage",
                      "betrag", "je_fall", "zuschuss_je_fall", "wirkung_code", "wirkung_name", "wirkungsquote",
                      "wirkungsfaelle", "je_wirkungsfall"]
"""Columns of ``fallkosten_je_produkt``."""


# ---------------------------------------------------------------------------------------------------
# The split (pure)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effekt:
    """A change B₁ − B₀ split into Mengeneffekt, Preiseffekt and Rest (Wechselwirkung); euro, floats."""

    betrag0: float
    betrag1: float
    veraenderung: float
    mengeneffekt: float
    preiseffekt: float
    rest: float


def _leer(wert) -> bool:
    return wert is None or (isinstance(wert, float) and math.isnan(wert))


def mengen_preis_effekt(menge0: float, preis0: float | None, menge1: float, preis1: float | None) -> Effekt:
    """Split m₁·p₁ − m₀·p₀ into Mengeneffekt (m₁−m₀)·p₀, Preiseffekt (p₁−p₀)·m₀ and Rest (m₁−m₀)·(p₁−p₀).

    A side with no cases (m = 0) may have no price (None); it takes the other side's price, so the whole
    change is Mengeneffekt. Negative case counts, or a missing price beside cases, raise ValueError.
    """
    if _leer(menge0) or _leer(menge1) or float(menge0) < 0 or float(menge1) < 0:
        raise ValueError(f"Fallzahlen müssen Zahlen ≥ 0 sein (erhalten: {menge0!r} und {menge1!r}).")
    if _leer(preis0):
        if float(menge0) != 0 or _leer(preis1):
            raise ValueError("Ohne Kosten je Fall lässt sich nur eine Seite ohne Fälle zerlegen.")
        preis0 = preis1
    if _leer(preis1):
        if float(menge1) != 0:
            raise ValueError("Ohne Kosten je Fall lässt sich nur eine Seite ohne Fälle zerlegen.")
        preis1 = preis0
    with localcontext() as ctx:
        ctx.prec = 60
        m0, p0, m1, p1 = gf.dezimal(menge0), gf.dezimal(preis0), gf.dezimal(menge1), gf.dezimal(preis1)
        b0, b1 = m0 * p0, m1 * p1
        menge, preis, rest = (m1 - m0) * p0, (p1 - p0) * m0, (m1 - m0) * (p1 - p0)
        assert menge + preis + rest == b1 - b0  # exact in Decimal: the identity behind the split
    return Effekt(float(b0), float(b1), float(b1 - b0), float(menge), float(preis), float(rest))


def effekt_aus_betraegen(betrag0: float, menge0: float, betrag1: float, menge1: float) -> Effekt:
    """The split for two amounts and their case counts (p = B ÷ m); a side with 0 cases must have 0 euro."""
    for betrag, menge in ((betrag0, menge0), (betrag1, menge1)):
        if not _leer(menge) and float(menge) == 0 and not _leer(betrag) and float(betrag) != 0:
            raise ValueError(f"{fmt.euro(betrag)} ohne Fälle: Kosten je Fall nicht definiert, keine Zerlegung möglich.")
    with localcontext() as ctx:
        ctx.prec = 60
        p0 = None if float(menge0) == 0 else gf.dezimal(betrag0) / gf.dezimal(menge0)
        p1 = None if float(menge1) == 0 else gf.dezimal(betrag1) / gf.dezimal(menge1)
        if p0 is None and p1 is None:
            return Effekt(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        m0, m1 = gf.dezimal(menge0), gf.dezimal(menge1)
        p0 = p1 if p0 is None else p0
        p1 = p0 if p1 is None else p1
        b0, b1 = gf.dezimal(betrag0), gf.dezimal(betrag1)
        menge, preis = (m1 - m0) * p0, (p1 - p0) * m0
        rest = (b1 - b0) - menge - preis  # = (m1 − m0)(p1 − p0) up to the last of 60 digits
    return Effekt(float(b0), float(b1), float(b1 - b0), float(menge), float(preis), float(rest))


# ---------------------------------------------------------------------------------------------------
# Stand: which amount and which cases
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stand:
    """A year and a kind of amount; for "ist" the periods (``periodenart``) up to ``bis`` (None: the latest)."""

    jahr: int
    art: str
    periodenart: str = "quartal"
    bis: int | None = None

    def __post_init__(self) -> None:
        if self.art not in STANDARTEN:
            raise ValueError(f"Unbekannte Betragsart „{self.art}“; erlaubt: {', '.join(STANDARTEN)}.")

    @property
    def bezeichnung(self) -> str:
        """'Ergebnis 2025', 'Prognose 2026', 'Ist bis Q3 2026 (hochgerechnet)'."""
        if self.art == "ist":
            if self.bis:
                return f"Ist bis {Periode(self.jahr, self.periodenart, self.bis).kurz} (hochgerechnet)"
            return f"Ist {self.jahr} (hochgerechnet)"
        return f"{STANDARTEN[self.art]} {self.jahr}"

    @property
    def schluessel(self) -> str:
        """The form used in URLs: '2025-ergebnis'."""
        return f"{self.jahr}-{self.art}"


def stand_lesen(text: str | None, standard: Stand) -> tuple[Stand, str | None]:
    """A Stand from a URL value '2025-ergebnis' and a German hint when it cannot be read."""
    if not text:
        return standard, None
    jahr, _, art = text.strip().partition("-")
    try:
        return Stand(int(jahr), art.lower()), None
    except ValueError:
        erlaubt = ", ".join(STANDARTEN)
        return standard, (f"„{text}“ ist kein gültiger Stand (erwartet Jahr-Betragsart, z. B. 2025-ergebnis; "
                          f"Betragsarten: {erlaubt}); gezeigt wird {standard.bezeichnung}.")


def staende_zur_wahl(wahl: gf.Betragswahl, jahr: int, stichtag=None) -> tuple[Stand, Stand]:
    """(Vorjahr, gewählt) as Stände for a view's ``geldfluss.Betragswahl``: Ansatz ↔ Ansatz des Vorjahres,
    Prognose ↔ Ergebnis des Vorjahres, Ergebnis ↔ Ergebnis, Ist bis ``stichtag`` ↔ Ist bis zum selben Monat."""
    if wahl.spalte == "ansatz":
        return Stand(jahr - 1, "ansatz"), Stand(jahr, "ansatz")
    if wahl.spalte == "prognose":
        return Stand(jahr - 1, "ergebnis"), Stand(jahr, "prognose")
    if wahl.spalte == "ergebnis" or stichtag is None:
        return Stand(jahr - 1, "ergebnis"), Stand(jahr, "ergebnis")
    return (Stand(jahr - 1, "ist", stichtag.art, stichtag.nummer), Stand(jahr, "ist", stichtag.art, stichtag.nummer))


def verfuegbare_staende(fabrik: sessionmaker[Session]) -> list[Stand]:
    """The Stände with budget amounts (adopted version), newest year first: whole-year kinds and in-year Ist."""
    hb = Haushaltssumme
    zeilen = tabelle_lesen(fabrik, select(hb.jahr, hb.betragsart).where(hb.version == "beschluss").distinct())
    staende = set()
    for r in zeilen.itertuples(index=False):
        art = "ist" if r.betragsart == "ist_unterjaehrig" else r.betragsart
        if art in STANDARTEN:
            staende.add(Stand(int(r.jahr), art))
    reihenfolge = list(STANDARTEN)
    return sorted(staende, key=lambda s: (-s.jahr, reihenfolge.index(s.art)))


def standard_staende(staende: list[Stand]) -> tuple[Stand, Stand]:
    """(basis, vergleich) when the URL names none: the newest Ergebnis against the next year's Prognose (else
    its Ansatz); without an Ergebnis the two newest Ansätze."""
    vorhanden = set(staende)
    ergebnisse = [s for s in staende if s.art == "ergebnis"]
    if ergebnisse:
        basis = ergebnisse[0]
        for art in ("prognose", "ansatz"):
            if Stand(basis.jahr + 1, art) in vorhanden:
                return basis, Stand(basis.jahr + 1, art)
        return basis, basis
    ansaetze = [s for s in staende if s.art == "ansatz"] or [Stand(2000, "ansatz")]
    return (ansaetze[1] if len(ansaetze) > 1 else ansaetze[0]), ansaetze[0]


def _fallprodukte(fabrik: sessionmaker[Session], produkt_ids: list[int] | None) -> pd.DataFrame:
    """Products with a Fallzahl Kennzahl (the first by code): produkt_id, code, name, aufgabenart, fallzahl_id,
    fallzahl_code, fallzahl_name, fallzahl_einheit."""
    pk, k, p = ProduktKennzahl, Kennzahl, Produkt
    abfrage = (
        select(p.id.label("produkt_id"), p.code, p.name, p.aufgabenart, k.id.label("fallzahl_id"),
               k.code.label("fallzahl_code"), k.name.label("fallzahl_name"), k.einheit.label("fallzahl_einheit"))
        .join(pk, pk.produkt_id == p.id).join(k, k.id == pk.kennzahl_id)
        .where(pk.rolle == "fallzahl").order_by(p.code, k.code)
    )
    if produkt_ids is not None:
        abfrage = abfrage.where(p.id.in_(produkt_ids or [-1]))
    return tabelle_lesen(fabrik, abfrage).drop_duplicates("produkt_id").reset_index(drop=True)


def _betraege(fabrik: sessionmaker[Session], produkt_ids: list[int], stand: Stand) -> pd.DataFrame:
    """produkt_id, transferaufwand, zuschussbedarf (euro, positive = cost) of the Stand, adopted version."""
    hb, pz = Haushaltsbetrag, Planzeile
    transfer = case((func.lower(pz.bezeichnung).like(f"%{TRANSFERZEILE}%") & (pz.art == "aufwand"), hb.betrag),
                    else_=0)
    abfrage = (
        select(hb.produkt_id, hb.periode, (-func.sum(transfer)).label("transferaufwand"),
               (-func.sum(hb.betrag)).label("zuschussbedarf"))
        .join(pz, pz.id == hb.planzeile_id)
        .where(hb.produkt_id.in_(produkt_ids or [-1]), hb.jahr == stand.jahr, hb.version == "beschluss",
               pz.art != "summe")
        .group_by(hb.produkt_id, hb.periode)
    )
    if stand.art == "ist":
        abfrage = abfrage.where(hb.betragsart == "ist_unterjaehrig", hb.periodenart == stand.periodenart)
        if stand.bis:
            abfrage = abfrage.where(hb.periode <= stand.bis)
    else:
        abfrage = abfrage.where(hb.betragsart == stand.art, hb.periodenart == "jahr")
    df = tabelle_lesen(fabrik, abfrage).astype({"transferaufwand": float, "zuschussbedarf": float})
    summe = df.groupby("produkt_id", as_index=False)[["transferaufwand", "zuschussbedarf"]].sum()
    if stand.art == "ist":
        perioden = df.groupby("produkt_id")["periode"].max()
        faktor = PERIODEN_JE_JAHR[stand.periodenart] / summe["produkt_id"].map(perioden).astype(float)
        summe["transferaufwand"] *= faktor
        summe["zuschussbedarf"] *= faktor
        summe["bis"] = summe["produkt_id"].map(perioden)
    return summe


def _faelle(fabrik: sessionmaker[Session], kennzahl_ids: list[int], stand: Stand,
            bis_je_kennzahl: dict[int, int] | None = None) -> pd.DataFrame:
    """kennzahl_id, wert, fallart (key of ``geldfluss.FALLARTEN``) for the Stand's kind of case count."""
    kw = Kennzahlwert
    werte = tabelle_lesen(fabrik, select(kw.kennzahl_id, kw.periodenart, kw.periode, kw.wertart, kw.wert).where(
        kw.kennzahl_id.in_(kennzahl_ids or [-1]), kw.jahr == stand.jahr, kw.sozialraum_id.is_(None),
        kw.wertart.in_(("ist", "zielwert", "prognose"))))
    werte["wert"] = werte["wert"].astype(float)
    zeilen = []
    for kid in kennzahl_ids:
        eigene = werte[werte["kennzahl_id"] == kid]
        jahr = eigene[eigene["periodenart"] == "jahr"]
        ist = eigene[(eigene["wertart"] == "ist") & (eigene["periodenart"] != "jahr")]
        if len(ist):  # the period kind with the most values (quarters, say), not a mix of kinds
            art = ist["periodenart"].value_counts().idxmax()
            ist = ist[ist["periodenart"] == art]
        bis = (bis_je_kennzahl or {}).get(kid, stand.bis)
        wert, fallart = math.nan, None
        if stand.art == "ansatz":
            plan = jahr[jahr["wertart"] == "zielwert"]
            if len(plan):
                wert, fallart = float(plan["wert"].iloc[0]), "plan"
        elif stand.art == "prognose" and len(jahr[jahr["wertart"] == "prognose"]):
            wert, fallart = float(jahr[jahr["wertart"] == "prognose"]["wert"].iloc[0]), "prognose"
        elif stand.art in ("ist", "prognose"):
            teil = ist[ist["periode"] <= bis] if bis else ist
            if len(teil):
                wert, fallart = float(teil["wert"].mean()), "ist_mittel_bis"
        elif len(ist):  # ergebnis: the whole year
            wert, fallart = float(ist["wert"].mean()), "ist_jahresmittel"
        elif len(jahr[jahr["wertart"] == "ist"]):
            wert, fallart = float(jahr[jahr["wertart"] == "ist"]["wert"].iloc[0]), "ist_jahresmittel"
        zeilen.append({"kennzahl_id": kid, "wert": wert, "fallart": fallart})
    return pd.DataFrame(zeilen, columns=["kennzahl_id", "wert", "fallart"]).astype({"kennzahl_id": "int64",
                                                                                   "wert": float})


@zwischenspeichern
def fallkosten_je_produkt(fabrik: sessionmaker[Session], stand: Stand, produkt_ids: list[int] | None = None
                          ) -> pd.DataFrame:
    """Cost per case (``geldfluss.fallkosten``) of every product with a Fallzahl for one Stand.

    Columns: produkt_id, code, name, aufgabenart, fallzahl_code, fallzahl_name, fallzahl_einheit,
    transferaufwand, zuschussbedarf, faelle, fallart (key of ``geldfluss.FALLARTEN``), grundlage, betrag,
    je_fall, zuschuss_je_fall, and where the product has a Wirkung rate (rolle "wirkung", in %): wirkung_code,
    wirkung_name, wirkungsquote (of the same kind as the cases), wirkungsfaelle (Fälle × Quote, an
    approximation), je_wirkungsfall (betrag ÷ wirkungsfaelle). ``produkt_ids`` None = all products.
    """
    produkte = _fallprodukte(fabrik, produkt_ids)
    if produkte.empty:
        return pd.DataFrame(columns=FALLKOSTEN_SPALTEN)
    ids = [int(i) for i in produkte["produkt_id"]]
    geld = _betraege(fabrik, ids, stand)
    bis = None
    if stand.art in ("ist", "prognose") and stand.bis is None and "bis" in geld:
        bis = dict(zip(produkte["fallzahl_id"], produkte["produkt_id"].map(geld.set_index("produkt_id")["bis"]),
                       strict=True))
        bis = {int(k): int(v) for k, v in bis.items() if not pd.isna(v)}
    faelle = _faelle(fabrik, sorted({int(i) for i in produkte["fallzahl_id"]}), stand, bis)
    df = (produkte.merge(geld[["produkt_id", "transferaufwand", "zuschussbedarf"]], on="produkt_id", how="left")
          .merge(faelle.rename(columns={"kennzahl_id": "fallzahl_id", "wert": "faelle"}), on="fallzahl_id", how="left"))
    teile = [gf.fallkosten(r.transferaufwand, r.zuschussbedarf, r.faelle) for r in df.itertuples(index=False)]
    for spalte in ("grundlage", "betrag", "je_fall", "zuschuss_je_fall"):
        df[spalte] = [t[spalte] for t in teile]
    wirkung = bezugsgroessen(fabrik, ids)[["produkt_id", "wirkung_id", "wirkung_code", "wirkung_name"]]
    wirkung = wirkung.dropna(subset=["wirkung_id"]).drop_duplicates("produkt_id")
    quoten = _faelle(fabrik, sorted({int(i) for i in wirkung["wirkung_id"]}), stand, None)
    wirkung = wirkung.assign(wirkung_id=wirkung["wirkung_id"].astype(int)).merge(
        quoten.rename(columns={"kennzahl_id": "wirkung_id", "wert": "wirkungsquote"})[["wirkung_id", "wirkungsquote"]],
        on="wirkung_id", how="left")
    df = df.merge(wirkung.drop(columns="wirkung_id"), on="produkt_id", how="left")
    df["wirkungsfaelle"] = [gf.wirkungsfaelle(f, q) for f, q in zip(df["faelle"], df["wirkungsquote"], strict=True)]
    df["je_wirkungsfall"] = [gf.kosten_je_einheit(b, w) for b, w in zip(df["betrag"], df["wirkungsfaelle"],
                                                                        strict=True)]
    for spalte in ("betrag", "je_fall", "zuschuss_je_fall", "faelle", "wirkungsquote", "wirkungsfaelle",
                   "je_wirkungsfall"):
        df[spalte] = df[spalte].astype(float)
    return df.drop(columns="fallzahl_id")[FALLKOSTEN_SPALTEN]


# ---------------------------------------------------------------------------------------------------
# The split per product
# ---------------------------------------------------------------------------------------------------


def effekte_berechnen(basis: pd.DataFrame, vergleich: pd.DataFrame) -> pd.DataFrame:
    """The split per product from two ``fallkosten_je_produkt`` frames (pure); columns ``SPALTEN``.

    The amount's basis is the same on both sides: Transferaufwand when either side has one, else
    Zuschussbedarf. Products where a side lacks an amount or a case count get a German ``hinweis``
    and no split.
    """
    b = basis.set_index("produkt_id")
    zeilen = []
    for r in vergleich.itertuples(index=False):
        if r.produkt_id not in b.index:
            continue
        a = b.loc[r.produkt_id]
        transfer = any(not _leer(t) and float(t) != 0 for t in (a["transferaufwand"], r.transferaufwand))
        spalte = "transferaufwand" if transfer else "zuschussbedarf"
        b0, b1 = a[spalte], getattr(r, spalte)
        m0, m1 = a["faelle"], r.faelle
        zeile = dict(produkt_id=r.produkt_id, code=r.code, name=r.name, aufgabenart=r.aufgabenart,
                     fallzahl_code=r.fallzahl_code, fallzahl_name=r.fallzahl_name, fallzahl_einheit=r.fallzahl_einheit,
                     grundlage=spalte, betrag0=b0, menge0=m0, menge0_art=a["fallart"], preis0=math.nan,
                     betrag1=b1, menge1=m1, menge1_art=r.fallart, preis1=math.nan, veraenderung=math.nan,
                     mengeneffekt=math.nan, preiseffekt=math.nan, rest=math.nan, hinweis=None)
        fehlt = [t for t, w in (("Betrag Basis", b0), ("Betrag Vergleich", b1), ("Fallzahl Basis", m0),
                                ("Fallzahl Vergleich", m1)) if _leer(w) or (isinstance(w, float) and math.isnan(w))]
        if fehlt:
            zeile["hinweis"] = "nicht zerlegbar, es fehlt: " + ", ".join(fehlt)
        else:
            try:
                e = effekt_aus_betraegen(float(b0), float(m0), float(b1), float(m1))
            except ValueError as fehler:
                zeile["hinweis"] = str(fehler)
            else:
                zeile.update(preis0=gf.kosten_je_einheit(b0, m0), preis1=gf.kosten_je_einheit(b1, m1),
                             veraenderung=e.veraenderung, mengeneffekt=e.mengeneffekt, preiseffekt=e.preiseffekt,
                             rest=e.rest)
        zeilen.append(zeile)
    df = pd.DataFrame(zeilen, columns=SPALTEN)
    for spalte in ("betrag0", "menge0", "preis0", "betrag1", "menge1", "preis1", "veraenderung", "mengeneffekt",
                   "preiseffekt", "rest"):
        df[spalte] = df[spalte].astype(float)
    return df.sort_values("code").reset_index(drop=True)


def effekte_je_produkt(fabrik: sessionmaker[Session], basis: Stand, vergleich: Stand,
                       produkt_ids: list[int] | None = None) -> pd.DataFrame:
    """Mengen- und Preiseffekt of every product with a Fallzahl from ``basis`` to ``vergleich``; ``SPALTEN``.

    Betrag = Transferaufwand (or Zuschussbedarf, named in ``grundlage``), Menge = Fallzahl of the Stand's kind
    (``menge0_art``/``menge1_art``), Preis = Betrag ÷ Menge. Example: (2025, "ergebnis") → (2026, "prognose").
    """
    return effekte_berechnen(fallkosten_je_produkt(fabrik, basis, produkt_ids),
                             fallkosten_je_produkt(fabrik, vergleich, produkt_ids))
