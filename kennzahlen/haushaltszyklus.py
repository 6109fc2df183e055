"""The political budget cycle: the versions of a year side by side, the Veränderungsliste and the
Haushaltssicherungskonzept (HSK). No Dash here.

Why a module of its own: ``haushaltsberatung`` sets one draft against past years and goals; this one follows one
year through its stages (Anmeldung → Eckwert → Entwurf → Veränderungsliste → Beschluss → Nachtrag) and owns
the two lists the committee works on. The Beratung page shows both.

Definitions, as decided here:
- Every version keeps its own amounts (``Haushaltsbetrag.version``; Betragsart "ansatz"). A later version never
  overwrites an earlier one; differences are computed, never stored.
- The Nachtrag is stored as the full Ansatz after the Nachtrag (as the Nachtragsplan prints „neuer Ansatz“);
  its change is Nachtrag − Beschluss.
- Übertragungen (Ermächtigungsübertragungen, § 22 KomHVO NRW) are a Betragsart ("uebertragung", version
  "beschluss"), not a version: they are decided by the administration, not by the council, and add to whichever
  Ansatz is in force.
- fortgeschriebener Ansatz = Ansatz + (Nachtrag − Ansatz, where a Nachtrag exists) + Übertragungen, per product
  line, then summed. A stored fortgeschriebener Ansatz (imported, e.g. from a finance system) is shown beside it.
- The Veränderungsliste: numbered entries (``Veraenderung``) with an amount per product, plan line and year,
  signed as in the Ergebnisplan (+ = Verbesserung). Entries „abgelehnt“ or „zurückgezogen“ do not count;
  Beschlussvorschlag = Entwurf + Σ counting entries of the year.
- All amounts of the views are Zuschussbedarf (−Ergebnis, euro): positive = net cost.
- Anmeldung, Eckwert, Entwurf and the Veränderungsliste are draft material: read only with ``mit_entwurf``
  (the caller asks ``zugang.darf_entwurf_lesen``).
- HSK: Zielerreichung = erreicht / Einsparziel of a year; a year without a reached amount is „offen“.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import formate as fmt
from kennzahlen.abfragen import produkt as abfragen_produkt
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.geldfluss import trendbewertung
from kennzahlen.haushalt import verdichten_je_schluessel
from kennzahlen.haushaltsberatung import jahreswerte
from kennzahlen.models import (
    ENTWURFSVERSIONEN,
    VERAENDERUNGSSTATUS,
    Haushaltsbetrag,
    Haushaltssumme,
    HskMassnahme,
    HskMassnahmeKennzahl,
    HskZiel,
    Kennzahl,
    Planzeile,
    Produkt,
    Veraenderung,
)

STATUSNAMEN = {"vorgeschlagen": "vorgeschlagen", "beschlossen": "beschlossen", "abgelehnt": "abgelehnt",
               "zurueckgezogen": "zurückgezogen"}
"""German names of the states of a Veränderung."""
ZAEHLT_NICHT = frozenset({"abgelehnt", "zurueckgezogen"})
"""States whose amounts do not enter the Beschlussvorschlag."""
HSK_STATUSNAMEN = {"offen": "offen", "in_umsetzung": "in Umsetzung", "umgesetzt": "umgesetzt",
                   "verworfen": "verworfen"}


@dataclass(frozen=True)
class Stufe:
    """A column of the versions view: key, German heading, whether it is draft material, how it is made."""

    schluessel: str
    titel: str
    entwurf: bool
    abgeleitet: bool = False


STUFEN = (
    Stufe("anmeldung", "Anmeldung", True),
    Stufe("eckwert", "Eckwert", True),
    Stufe("entwurf", "Entwurf", True),
    Stufe("veraenderungen", "Veränderungsliste", True),
    Stufe("beschlussvorschlag", "Beschlussvorschlag", True, True),
    Stufe("beschluss", "Beschluss", False),
    Stufe("nachtrag_veraenderung", "Nachtrag (Veränderung)", False, True),
    Stufe("uebertragung", "Übertragungen", False),
    Stufe("fortgeschrieben", "fortgeschr. Ansatz", False, True),
    Stufe("fortgeschrieben_gespeichert", "fortgeschr. Ansatz (gebucht)", False),
    Stufe("ergebnis", "Ergebnis", False),
)
"""The stages of the cycle in order, with the parts of the fortgeschriebener Ansatz, and the Ergebnis that closes
the year (the Jahresabschluss; Köln's files bring only Beschluss and Ergebnis)."""
DIFFERENZEN = (
    ("entwurf_gegen_anmeldung", "Entwurf − Anmeldung", "entwurf", "anmeldung"),
    ("entwurf_gegen_eckwert", "Entwurf − Eckwert", "entwurf", "eckwert"),
    ("beschluss_gegen_entwurf", "Beschluss − Entwurf", "beschluss", "entwurf"),
    ("beschluss_gegen_vorschlag", "Beschluss − Beschlussvorschlag", "beschluss", "beschlussvorschlag"),
    ("ergebnis_gegen_fortgeschrieben", "Ergebnis − fortgeschr. Ansatz", "ergebnis", "fortgeschrieben"),
)
"""Differences shown (key, heading, minuend, subtrahend); all in Zuschussbedarf."""

_GESPEICHERT = {  # stored (betragsart, version) → column key
    ("ansatz", "anmeldung"): "anmeldung",
    ("ansatz", "eckwert"): "eckwert",
    ("ansatz", "entwurf"): "entwurf",
    ("ansatz", "beschluss"): "beschluss",
    ("ansatz", "nachtrag"): "nachtrag",
    ("uebertragung", "beschluss"): "uebertragung",
    ("fortgeschriebener_ansatz", "beschluss"): "fortgeschrieben_gespeichert",
    ("ergebnis", "beschluss"): "ergebnis",
}


# ---------------------------------------------------------------------------------------------------
# Pure calculations
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fortschreibung:
    """The fortgeschriebener Ansatz with its parts (any unit, any sign convention, as given)."""

    ansatz: float
    nachtrag_veraenderung: float
    uebertragungen: float

    @property
    def fortgeschrieben(self) -> float:
        """Ansatz + Veränderung durch den Nachtrag + Übertragungen."""
        return self.ansatz + self.nachtrag_veraenderung + self.uebertragungen


def _fehlt(wert) -> bool:
    return wert is None or (isinstance(wert, float) and math.isnan(wert)) or (
        isinstance(wert, Decimal) and wert.is_nan())


def fortschreibung(ansatz, nachtrag=None, uebertragungen=None) -> Fortschreibung:
    """The fortgeschriebener Ansatz of one line: ``nachtrag`` is the full Ansatz after a Nachtrag (None: none),
    ``uebertragungen`` the carried-over amounts (None: none). ValueError without an Ansatz."""
    if _fehlt(ansatz):
        raise ValueError("Ohne Ansatz gibt es keinen fortgeschriebenen Ansatz.")
    a = float(ansatz)
    return Fortschreibung(a, 0.0 if _fehlt(nachtrag) else float(nachtrag) - a,
                          0.0 if _fehlt(uebertragungen) else float(uebertragungen))


def ableiten(breit: pd.DataFrame) -> pd.DataFrame:
    """Adds the derived stages to amounts per product line (columns named by ``_GESPEICHERT``'s keys and
    veraenderungen, NaN = none): veraenderungen (0 where an Entwurf exists and nothing changes it),
    beschlussvorschlag = entwurf + veraenderungen, nachtrag_veraenderung = nachtrag − beschluss (0 without a
    Nachtrag), fortgeschrieben = ``fortschreibung``. A Nachtrag names only the lines it changes, so derive per line,
    then sum. Works on any sign convention, since every rule is a sum."""
    df = breit.copy()
    for spalte in (*_GESPEICHERT.values(), "veraenderungen"):
        if spalte not in df:
            df[spalte] = math.nan
    df["veraenderungen"] = df["veraenderungen"].where(df["veraenderungen"].notna() | df["entwurf"].isna(), 0.0)
    df["beschlussvorschlag"] = df["entwurf"] + df["veraenderungen"].fillna(0.0)
    angesetzt = df["beschluss"].notna() | df["nachtrag"].notna()
    df["nachtrag_veraenderung"] = (df["nachtrag"] - df["beschluss"].fillna(0.0)).fillna(0.0).where(angesetzt)
    df["fortgeschrieben"] = (df["beschluss"].fillna(0.0) + df["nachtrag_veraenderung"]
                             + df["uebertragung"].fillna(0.0)).where(angesetzt)
    return df


def differenzen(werte: pd.DataFrame) -> pd.DataFrame:
    """The ``DIFFERENZEN`` columns added to a frame holding the stage columns (NaN where one side is missing)."""
    df = werte.copy()
    for schluessel, _titel, links, rechts in DIFFERENZEN:
        df[schluessel] = df[links] - df[rechts] if links in df and rechts in df else math.nan
    return df


def wirkung_je_produkt(veraenderungen: pd.DataFrame, entwurf: pd.DataFrame) -> pd.DataFrame:
    """Entwurf + Σ counting changes = Beschlussvorschlag per product (Zuschussbedarf).

    ``veraenderungen``: produkt_id, status, betrag (Ergebnis sign, + = better); ``entwurf``: produkt_id,
    entwurf (Zuschussbedarf). Out: produkt_id, entwurf, veraenderungen (Zuschussbedarf: − = cheaper),
    beschlussvorschlag; one row per product in either input."""
    zaehlt = veraenderungen[~veraenderungen["status"].isin(ZAEHLT_NICHT)]
    summe = (-zaehlt["betrag"].astype(float)).groupby(zaehlt["produkt_id"]).sum().rename("veraenderungen")
    df = entwurf.set_index("produkt_id")[["entwurf"]].astype(float).join(summe, how="outer")
    df["beschlussvorschlag"] = df["entwurf"] + df["veraenderungen"].fillna(0.0)
    return df.reset_index()


def nummer_sortierung(nummer: str) -> tuple:
    """Natural order of list numbers: '2' < '10' < '10a'."""
    ziffern = "".join(z for z in str(nummer) if z.isdigit())
    return (int(ziffern) if ziffern else math.inf, str(nummer))


def naechste_nummer(nummern) -> str:
    """The number a new entry of the list gets: one more than the highest number with digits ('1' for none)."""
    ziffern = [int(d) for n in nummern if (d := "".join(z for z in str(n) if z.isdigit()))]
    return str(max(ziffern, default=0) + 1)


def liste_breit(eintraege: pd.DataFrame) -> pd.DataFrame:
    """The Veränderungsliste as a committee reads it: one row per number and product, one column per year, a sum.

    ``eintraege``: ``veraenderungsliste`` (nummer, bezeichnung, produkt_code, produkt_name, jahr, betrag, status,
    antragsteller). Out: nummer, produkt_code, produkt_name, bezeichnung, antragsteller, status, one column per
    year (int) and summe; sorted by number; ``attrs["jahre"]`` lists the years."""
    kopf = ["nummer", "produkt_code", "produkt_name", "bezeichnung", "antragsteller", "status"]
    if eintraege.empty:
        df = pd.DataFrame(columns=[*kopf, "summe"])
        df.attrs["jahre"] = []
        return df
    jahre = sorted(int(j) for j in eintraege["jahr"].unique())
    e = eintraege.assign(betrag=eintraege["betrag"].map(Decimal), antragsteller=eintraege["antragsteller"].fillna(""))
    breit = e.pivot_table(index=kopf, columns="jahr", values="betrag", aggfunc="sum").reset_index()
    breit.columns = [c if isinstance(c, str) else int(c) for c in breit.columns]
    breit["summe"] = [sum((b for b in zeile if not _fehlt(b)), Decimal(0)) for zeile in breit[jahre].itertuples(
        index=False)]
    breit = breit.sort_values(["nummer", "produkt_code"], key=lambda s: s.map(nummer_sortierung)
                              if s.name == "nummer" else s).reset_index(drop=True)
    breit.attrs["jahre"] = jahre
    return breit


def hsk_bilanz(ziele: pd.DataFrame) -> pd.DataFrame:
    """Target against achieved per measure and year: adds luecke (Ziel − erreicht), zielerreichung (share),
    bewertung (German word) and symbol (never colour alone): ✓ erreicht (≥ 100 %), ◐ teilweise, ✗ nicht
    erreicht (≤ 0), ○ offen (no achieved amount yet).

    ``ziele``: massnahme_id, jahr, einsparziel, erreicht (euro, NaN = not yet known)."""
    df = ziele.copy()
    df["einsparziel"] = df["einsparziel"].astype(float)
    df["erreicht"] = df["erreicht"].astype(float)
    df["luecke"] = df["einsparziel"] - df["erreicht"]
    df["zielerreichung"] = df["erreicht"] / df["einsparziel"].where(df["einsparziel"] > 0)
    bewertung, symbol = [], []
    for erreicht, grad in zip(df["erreicht"], df["zielerreichung"], strict=True):
        if math.isnan(erreicht):
            wort, zeichen = "offen", "○"
        elif not math.isnan(grad) and grad >= 1:
            wort, zeichen = "erreicht", "✓"
        elif erreicht <= 0:
            wort, zeichen = "nicht erreicht", "✗"
        else:
            wort, zeichen = "teilweise erreicht", "◐"
        bewertung.append(wort)
        symbol.append(zeichen)
    df["bewertung"], df["symbol"] = bewertung, symbol
    return df


def hsk_summen(bilanz: pd.DataFrame) -> pd.DataFrame:
    """Per measure: Σ Einsparziel and Σ erreicht over the years with a reached amount (closed years), their
    share, and the target of all years. Columns: massnahme_id, ziel_gesamt, ziel_bisher, erreicht_bisher,
    zielerreichung_bisher."""
    if bilanz.empty:
        return pd.DataFrame(columns=["massnahme_id", "ziel_gesamt", "ziel_bisher", "erreicht_bisher",
                                     "zielerreichung_bisher"])
    zeilen = []
    for mid, teil in bilanz.groupby("massnahme_id"):
        bisher = teil[teil["erreicht"].notna()]
        ziel_bisher = float(bisher["einsparziel"].sum())
        erreicht = float(bisher["erreicht"].sum())
        zeilen.append({"massnahme_id": int(mid), "ziel_gesamt": float(teil["einsparziel"].sum()),
                       "ziel_bisher": ziel_bisher if len(bisher) else math.nan,
                       "erreicht_bisher": erreicht if len(bisher) else math.nan,
                       "zielerreichung_bisher": erreicht / ziel_bisher if ziel_bisher > 0 else math.nan})
    return pd.DataFrame(zeilen)


# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


def versionsbetraege(fabrik: sessionmaker[Session], jahr: int, mit_entwurf: bool) -> pd.DataFrame:
    """Stored yearly amounts of ``jahr`` per product, plan line and stage key (``_GESPEICHERT``).

    Columns: produkt_id, planzeile_id, schluessel, betrag (float, Ergebnis sign). Per line, because a Nachtrag
    names only the lines it changes. Draft versions only with ``mit_entwurf``."""
    hb = Haushaltsbetrag
    abfrage = select(hb.produkt_id, hb.planzeile_id, hb.betragsart, hb.version, hb.betrag).where(
        hb.jahr == jahr, hb.periodenart == "jahr",
        hb.betragsart.in_(["ansatz", "uebertragung", "fortgeschriebener_ansatz", "ergebnis"]))
    if not mit_entwurf:
        abfrage = abfrage.where(hb.version.not_in(ENTWURFSVERSIONEN))
    df = tabelle_lesen(fabrik, abfrage)
    df["schluessel"] = [_GESPEICHERT.get((a, v)) for a, v in zip(df["betragsart"], df["version"], strict=True)]
    df = df[df["schluessel"].notna()]
    return pd.DataFrame({"produkt_id": df["produkt_id"].astype(int), "planzeile_id": df["planzeile_id"].astype(int),
                         "schluessel": df["schluessel"].astype(str), "betrag": df["betrag"].astype(float)})


def veraenderungsliste(fabrik: sessionmaker[Session], haushaltsjahr: int) -> pd.DataFrame:
    """The entries of the Veränderungsliste to the draft ``haushaltsjahr``, one row per amount.

    Columns: id, nummer, bezeichnung, produkt_id, planzeile_id, produkt_code, produkt_name, zeile,
    zeile_bezeichnung, jahr, betrag (Decimal, Ergebnis sign), begruendung, antragsteller, status, erfasst_von;
    sorted by number."""
    v, p, z = Veraenderung, Produkt, Planzeile
    df = tabelle_lesen(fabrik, select(
        v.id, v.nummer, v.bezeichnung, v.produkt_id, v.planzeile_id, p.code.label("produkt_code"),
        p.name.label("produkt_name"),
        z.nummer.label("zeile"), z.bezeichnung.label("zeile_bezeichnung"), v.jahr, v.betrag, v.begruendung,
        v.antragsteller, v.status, v.erfasst_von,
    ).join(p, p.id == v.produkt_id).join(z, z.id == v.planzeile_id).where(v.haushaltsjahr == haushaltsjahr))
    if df.empty:
        return df
    df["betrag"] = df["betrag"].map(Decimal)
    ordnung = df["nummer"].map(nummer_sortierung)
    return df.assign(_o=ordnung).sort_values(["_o", "produkt_code", "zeile", "jahr"]).drop(columns="_o").reset_index(
        drop=True)


def listenjahre(fabrik: sessionmaker[Session]) -> list[int]:
    """Draft years that have a Veränderungsliste, oldest first."""
    with fabrik() as s:
        return [int(j) for j in s.scalars(select(Veraenderung.haushaltsjahr).distinct().order_by(
            Veraenderung.haushaltsjahr))]


def hsk_massnahmen(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """The HSK measures: id, code, bezeichnung, beschreibung, produkt_code, produkt_name, status, umsetzungsgrad
    (float 0–1), verantwortlich, kennzahlen (codes, comma-separated); sorted by code."""
    m, p = HskMassnahme, Produkt
    df = tabelle_lesen(fabrik, select(m.id, m.code, m.bezeichnung, m.beschreibung, p.code.label("produkt_code"),
                                      p.name.label("produkt_name"), m.status, m.umsetzungsgrad, m.verantwortlich)
                       .outerjoin(p, p.id == m.produkt_id).order_by(m.code))
    verknuepft = hsk_kennzahlen(fabrik)
    df["umsetzungsgrad"] = df["umsetzungsgrad"].astype(float)
    df["kennzahlen"] = [", ".join(verknuepft.loc[verknuepft["massnahme_id"] == i, "code"]) for i in df["id"]]
    return df


def hsk_kennzahlen(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """Kennzahlen the measures must not harm: massnahme_id, kennzahl_id, code, name, richtung, korridor_unten,
    korridor_oben."""
    mk, k = HskMassnahmeKennzahl, Kennzahl
    return tabelle_lesen(fabrik, select(mk.massnahme_id, mk.kennzahl_id, k.code, k.name, k.richtung,
                                        k.korridor_unten, k.korridor_oben)
                         .join(k, k.id == mk.kennzahl_id).order_by(mk.massnahme_id, k.code))


def hsk_ziele(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    """Targets and achieved savings: massnahme_id, jahr, einsparziel, erreicht (float; NaN = not yet known)."""
    z = HskZiel
    df = tabelle_lesen(fabrik, select(z.massnahme_id, z.jahr, z.einsparziel, z.erreicht).order_by(
        z.massnahme_id, z.jahr))
    df["einsparziel"] = df["einsparziel"].astype(float)
    df["erreicht"] = pd.to_numeric(df["erreicht"], errors="coerce").astype(float)
    return df


def hsk_uebersicht(fabrik: sessionmaker[Session], jahr: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(measures with their totals and ``kennzahltrend``: per linked Kennzahl its trend over the three years
    before ``jahr``, as German text; yearly balance with the measure's code)."""
    massnahmen = hsk_massnahmen(fabrik)
    bilanz = hsk_bilanz(hsk_ziele(fabrik))
    if massnahmen.empty:  # a city without Haushaltssicherung (Köln's files)
        return massnahmen, bilanz.iloc[0:0]
    summen = hsk_summen(bilanz)
    massnahmen = massnahmen.merge(summen, left_on="id", right_on="massnahme_id", how="left")
    kz = hsk_kennzahlen(fabrik)
    verlauf = jahreswerte(fabrik, [int(i) for i in kz["kennzahl_id"]], [jahr - 3, jahr - 2, jahr - 1])
    texte = []
    for mid in massnahmen["id"]:
        teile = []
        for k in kz[kz["massnahme_id"] == mid].itertuples(index=False):
            reihe = verlauf[verlauf["kennzahl_id"] == k.kennzahl_id].sort_values("jahr")
            urteil = trendbewertung(reihe["wert"].iloc[-1], reihe["wert"].iloc[0], k.richtung, k.korridor_unten,
                                    k.korridor_oben) if len(reihe) > 1 else None
            teile.append(f"{k.code} {k.name}: " + {"besser": "▲ besser", "schlechter": "▼ schlechter",
                                                    "gleich": "● gleich"}.get(urteil or "", "keine Bewertung"))
        texte.append("; ".join(teile))
    massnahmen["kennzahltrend"] = texte
    bilanz = bilanz.merge(massnahmen[["id", "code"]], left_on="massnahme_id", right_on="id")
    return massnahmen, bilanz


# ---------------------------------------------------------------------------------------------------
# The versions view
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Versionsansicht:
    """The versions of one year for the children of a node (or the Produktbereiche for the whole budget).

    zeilen: knoten_id, code, name, ebene, then every stage key of ``stufen`` and every ``DIFFERENZEN`` key
    (Zuschussbedarf, NaN where none). summe: the node's total per key. stufen: the stages with at least one
    amount in this view (in cycle order). liste: ``veraenderungsliste`` of the year (empty without drafts)."""

    jahr: int
    code: str | None
    name: str
    mit_entwurf: bool
    stufen: tuple[Stufe, ...]
    zeilen: pd.DataFrame
    summe: dict[str, float]
    liste: pd.DataFrame
    hinweise: list[str] = field(default_factory=list)

    @property
    def differenzen(self) -> tuple[tuple[str, str], ...]:
        """(key, heading) of the differences whose both sides are shown."""
        da = {s.schluessel for s in self.stufen}
        return tuple((k, t) for k, t, a, b in DIFFERENZEN if a in da and b in da)


def _je_produkt(lang: pd.DataFrame, liste: pd.DataFrame, jahr: int) -> pd.DataFrame:
    """Stored and derived stages per product (Ergebnis sign): derived per line with the list's counting changes
    of ``jahr``, then summed (NaN where a product has none of a stage)."""
    breit = lang.pivot_table(index=["produkt_id", "planzeile_id"], columns="schluessel", values="betrag",
                             aggfunc="sum")
    if len(liste):
        teil = liste[(liste["jahr"] == jahr) & ~liste["status"].isin(ZAEHLT_NICHT)]
        summe = teil["betrag"].astype(float).groupby([teil["produkt_id"].astype(int),
                                                      teil["planzeile_id"].astype(int)]).sum()
        breit = breit.join(summe.rename("veraenderungen"), how="outer")
    breit.columns = [str(c) for c in breit.columns]
    je_zeile = ableiten(breit.reset_index())
    werte = [c for c in je_zeile.columns if c not in ("produkt_id", "planzeile_id")]
    return je_zeile.groupby("produkt_id")[werte].sum(min_count=1).reset_index()


def versionsansicht(fabrik: sessionmaker[Session], code: str | None, jahr: int, mit_entwurf: bool
                    ) -> Versionsansicht | None:
    """The versions view of node ``code`` (None: the whole budget by Produktbereich) for ``jahr``; None for an
    unknown code. Draft stages and the Veränderungsliste only with ``mit_entwurf``."""
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    if code is None:
        wurzel, name = None, "Gesamthaushalt"
        kinder = hierarchie[hierarchie["parent_id"].isna()]
    else:
        treffer = hierarchie[hierarchie["code"] == code]
        if treffer.empty:
            return None
        wurzel, name = int(treffer["id"].iloc[0]), str(treffer["name"].iloc[0])
        kinder = hierarchie[hierarchie["parent_id"] == wurzel]
        if kinder.empty:
            kinder = treffer
    liste = veraenderungsliste(fabrik, jahr) if mit_entwurf else pd.DataFrame()
    lang = versionsbetraege(fabrik, jahr, mit_entwurf)
    je_produkt = _je_produkt(lang, liste, jahr)
    schluessel = [s.schluessel for s in STUFEN if mit_entwurf or not s.entwurf]
    langform = je_produkt.melt(id_vars="produkt_id", value_vars=schluessel, var_name="schluessel",
                               value_name="betrag").dropna(subset=["betrag"])
    verdichtet = verdichten_je_schluessel(langform, hierarchie, ["schluessel"], wurzel)
    werte = {(int(p), s): -float(b) for p, s, b in zip(verdichtet["produkt_id"], verdichtet["schluessel"],
                                                       verdichtet["betrag"], strict=True)}
    knoten = [int(i) for i in kinder["id"]]
    zeilen = pd.DataFrame({"knoten_id": knoten, "code": list(kinder["code"]), "name": list(kinder["name"]),
                           "ebene": list(kinder["ebene"])})
    for s in schluessel:
        zeilen[s] = [werte.get((k, s), math.nan) for k in knoten]
    wurzel_id = -1 if wurzel is None else wurzel
    summe = {s: werte.get((wurzel_id, s), math.nan) for s in schluessel}
    vorhanden = {s for s in schluessel if not math.isnan(summe[s])}
    if {"entwurf"} & vorhanden:
        vorhanden |= {"veraenderungen", "beschlussvorschlag"}
    if "beschluss" in vorhanden:
        vorhanden |= {"nachtrag_veraenderung", "fortgeschrieben"}
    stufen = tuple(s for s in STUFEN if s.schluessel in vorhanden)
    zeilen = differenzen(zeilen)
    summe.update({k: summe.get(a, math.nan) - summe.get(b, math.nan) for k, _t, a, b in DIFFERENZEN})
    hinweise = []
    if not mit_entwurf:
        hinweise.append("Anmeldung, Eckwert, Entwurf und Veränderungsliste sind Entwurfsstände; Ihre Rollen erlauben "
                        "sie nicht zu lesen, daher fehlen sie.")
    elif not vorhanden & {"anmeldung", "eckwert", "entwurf"} and liste.empty:
        erfasst = [s.titel for s in STUFEN if s.schluessel in vorhanden and not s.abgeleitet]
        hinweise.append(f"Für {jahr} sind keine Entwurfsversionen (Anmeldung, Eckwert, Entwurf) und keine "
                        "Veränderungsliste erfasst" + (f"; gezeigt wird, was erfasst ist: {', '.join(erfasst)}."
                                                       if erfasst else "."))
    elif "entwurf" not in vorhanden:
        hinweise.append(f"Für {jahr} ist kein Entwurf erfasst.")
    if "beschluss" not in vorhanden:
        hinweise.append(f"Für {jahr} ist kein beschlossener Ansatz erfasst.")
    gebucht = summe.get("fortgeschrieben_gespeichert", math.nan)
    toleranz = max(1.0, abs(gebucht) * 1e-6)  # cents rounded per line
    if not math.isnan(gebucht) and abs(gebucht - summe.get("fortgeschrieben", math.nan)) > toleranz:
        hinweise.append("Der gebuchte fortgeschriebene Ansatz weicht vom abgeleiteten ab (Ansatz + Nachtrag + "
                        f"Übertragungen) um {fmt.euro(gebucht - summe['fortgeschrieben'])}: dort sind Veränderungen "
                        "enthalten, die hier nicht als Version oder Übertragung erfasst sind.")
    return Versionsansicht(jahr, code, name, mit_entwurf, stufen, zeilen, summe, liste, hinweise)


def versionsjahre(fabrik: sessionmaker[Session], mit_entwurf: bool) -> list[int]:
    """Years with an Ansatz in any readable version or an Ergebnis, oldest first."""
    hs = Haushaltssumme
    abfrage = select(hs.jahr).where(hs.betragsart.in_(["ansatz", "ergebnis"]), hs.periodenart == "jahr")
    if not mit_entwurf:
        abfrage = abfrage.where(hs.version.not_in(ENTWURFSVERSIONEN))
    with fabrik() as s:
        return [int(j) for j in s.scalars(abfrage.distinct().order_by(hs.jahr))]


# ---------------------------------------------------------------------------------------------------
# Writes (the caller runs them in its transaction and writes the audit entry)
# ---------------------------------------------------------------------------------------------------


def _text(wert: object, feld: str, laenge: int, pflicht: bool = True) -> str | None:
    text = str(wert).strip() if wert is not None else ""
    if not text:
        if pflicht:
            raise ValueError(f"{feld} fehlt.")
        return None
    if len(text) > laenge:
        raise ValueError(f"{feld}: {len(text)} Zeichen sind zu lang; erwartet: höchstens {fmt.zahl(laenge)} Zeichen.")
    return text


def _jahr(wert: object, feld: str) -> int:
    try:
        jahr = int(str(wert).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{feld}: „{str(wert)[:20]}“ ist keine Jahreszahl; erwartet: z. B. 2027.") from None
    if not 1990 <= jahr <= 2100:
        raise ValueError(f"{feld}: {jahr} liegt außerhalb; erwartet: ein Jahr zwischen 1990 und 2100.")
    return jahr


def planzeile_finden(session: Session, produkt: Produkt, zeile: object) -> Planzeile:
    """The detail line ``zeile`` ('15' or '15 - Transferaufwendungen') of the scheme the product's amounts use
    (else the only or the NKF NRW scheme); German ValueError for a sum line or an unknown number."""
    from kennzahlen.models import Zeilenschema
    from kennzahlen.zeilenschema import NKF_NRW_2019_CODE

    roh = str(zeile or "").strip()
    nummer = "".join(z for z in roh.split(" ")[0] if z.isdigit()).zfill(2) if roh else ""
    if not nummer:
        raise ValueError("Zeile fehlt; erwartet: Nummer einer Teilergebnisplan-Zeile wie 15.")
    schema_id = session.scalar(select(Planzeile.schema_id).join(Haushaltsbetrag, Haushaltsbetrag.planzeile_id
                                                                == Planzeile.id)
                               .where(Haushaltsbetrag.produkt_id == produkt.id).limit(1))
    if schema_id is None:
        schemata = session.execute(select(Zeilenschema.id, Zeilenschema.code)).all()
        schema_id = next((i for i, c in schemata if c == NKF_NRW_2019_CODE or len(schemata) == 1), None)
    pz = session.scalar(select(Planzeile).where(Planzeile.schema_id == schema_id, Planzeile.nummer == nummer))
    if pz is None:
        raise ValueError(f"Zeile: „{roh[:40]}“ gibt es im Zeilenschema nicht; erwartet: Nummer einer "
                         "Teilergebnisplan-Zeile wie 15.")
    if pz.art == "summe":
        raise ValueError(f"Zeile: {pz.nummer} {pz.bezeichnung} ist eine Summenzeile; erwartet: eine Ertrags- oder "
                         "Aufwandszeile.")
    return pz


def veraenderung_erfassen(session: Session, haushaltsjahr: object, nummer: object, bezeichnung: object,
                          produkt_code: object, zeile: object, jahr: object, betrag: object, begruendung: object,
                          antragsteller: object, status: object, autor: str) -> Veraenderung:
    """Record one amount of a numbered change (Verbesserung + / Verschlechterung −, euro); the same number,
    product, line and year again replaces its amount and texts. German ValueError naming the field."""
    from kennzahlen.prognose import betrag_lesen

    hj = _jahr(haushaltsjahr, "Haushaltsjahr")
    nr = _text(nummer, "Nr.", 20)
    titel = _text(bezeichnung, "Bezeichnung", 300)
    code = _text(produkt_code, "Produkt", 20)
    produkt = session.scalar(select(Produkt).where(Produkt.code == code))
    if produkt is None:
        raise ValueError(f"Produkt: „{code}“ gibt es nicht; erwartet: Code eines vorhandenen Produkts.")
    pz = planzeile_finden(session, produkt, zeile)
    j = _jahr(jahr, "Jahr")
    if not hj <= j <= hj + 5:
        raise ValueError(f"Jahr: {j} passt nicht zum Haushaltsjahr {hj}; erwartet: {hj} bis {hj + 5}.")
    wert = betrag_lesen(betrag, "Betrag")
    zustand = str(status or "vorgeschlagen").strip()
    if zustand not in VERAENDERUNGSSTATUS:
        raise ValueError(f"Status: „{zustand[:30]}“ gibt es nicht; erwartet: {', '.join(VERAENDERUNGSSTATUS)}.")
    grund = _text(begruendung, "Begründung", 4000, pflicht=False)
    wer = _text(antragsteller, "Antragsteller", 200, pflicht=False)
    eintrag = session.scalar(select(Veraenderung).where(
        Veraenderung.haushaltsjahr == hj, Veraenderung.nummer == nr, Veraenderung.produkt_id == produkt.id,
        Veraenderung.planzeile_id == pz.id, Veraenderung.jahr == j))
    if eintrag is None:
        eintrag = Veraenderung(haushaltsjahr=hj, nummer=nr, produkt_id=produkt.id, planzeile_id=pz.id, jahr=j)
        session.add(eintrag)
    eintrag.bezeichnung, eintrag.betrag, eintrag.begruendung = titel, wert, grund
    eintrag.antragsteller, eintrag.status, eintrag.erfasst_von = wer, zustand, (autor or "unbekannt")[:100]
    session.flush()
    return eintrag


def umsetzungsgrad_lesen(wert: object) -> Decimal:
    """An Umsetzungsgrad from a form in percent ('55', '55,5 %') as a share 0–1; German ValueError otherwise."""
    from kennzahlen.prognose import betrag_lesen

    text = str(wert).strip().removesuffix("%").strip() if wert is not None else ""
    prozent = betrag_lesen(text, "Umsetzungsgrad")
    if not 0 <= prozent <= 100:
        raise ValueError(f"Umsetzungsgrad: {fmt.zahl(prozent)} % liegt außerhalb; erwartet: 0 bis 100 %.")
    return (prozent / 100).quantize(Decimal("0.0001"))


def hsk_fortschreiben(session: Session, code: object, status: object, umsetzungsgrad: object, jahr: object,
                      erreicht: object) -> HskMassnahme:
    """Update an HSK measure's state and Umsetzungsgrad (percent) and, when ``jahr`` and ``erreicht`` are given, the
    savings reached in that year of its targets (euro; the year needs a target). German ValueError naming the field."""
    from kennzahlen.prognose import betrag_lesen

    massnahme = session.scalar(select(HskMassnahme).where(HskMassnahme.code == _text(code, "Maßnahme", 20)))
    if massnahme is None:
        raise ValueError(f"Maßnahme: „{str(code)[:20]}“ gibt es nicht; erwartet: Code einer erfassten HSK-Maßnahme.")
    zustand = str(status or "").strip()
    if zustand not in HSK_STATUSNAMEN:
        raise ValueError(f"Status: „{zustand[:30]}“ gibt es nicht; erwartet: {', '.join(HSK_STATUSNAMEN)}.")
    grad = umsetzungsgrad_lesen(umsetzungsgrad)
    ziel = None
    if _text(erreicht, "Erreicht", 30, pflicht=False) is not None:
        j = _jahr(jahr, "Jahr")
        ziel = session.get(HskZiel, (massnahme.id, j))
        if ziel is None:
            raise ValueError(f"Jahr: Für {j} hat {massnahme.code} kein Einsparziel; erwartet: ein Jahr mit "
                             "Einsparziel.")
        ziel.erreicht = betrag_lesen(erreicht, "Erreicht")
    massnahme.status, massnahme.umsetzungsgrad = zustand, grad
    massnahme.geaendert_am = dt.datetime.now(dt.UTC)
    session.flush()
    return massnahme


__all__ = [
    "DIFFERENZEN", "STATUSNAMEN", "STUFEN", "Fortschreibung", "Stufe", "Versionsansicht", "ableiten", "differenzen",
    "fortschreibung", "hsk_bilanz", "hsk_fortschreiben", "hsk_kennzahlen", "hsk_massnahmen", "hsk_summen", "hsk_ziele",
    "liste_breit", "listenjahre", "naechste_nummer", "nummer_sortierung", "planzeile_finden", "umsetzungsgrad_lesen",
    "veraenderung_erfassen", "veraenderungsliste",
    "versionsansicht", "versionsbetraege", "versionsjahre", "wirkung_je_produkt",
]
