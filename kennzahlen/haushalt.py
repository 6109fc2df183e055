"""The Haushalt as the Haushaltsplan shows it: the product hierarchy with its amounts and goal status (for a
treemap), and the Teilergebnisplan of any node with its lines and columns over the years. No Dash here.

- ``hierarchie_mit_betraegen``: one row per node of the product hierarchy plus a root for the whole budget,
  with the Zuschussbedarf (or Aufwand) of one year and kind summed bottom-up, the area a treemap can draw
  and the worst status of the goals the node's products serve.
- ``teilergebnisplan``: the plan lines (01–29 in NRW, 28 in Köln 2010–2015) × one column per (Betragsart,
  Jahr, Version) present; sum lines are computed from the detail lines by the line scheme, never read.

Each euro is counted once: per plan line and column a node takes its own stored amount where it has one,
else the sum of its children's (the rule of ``kennzahlen.zeitreihe.verdichten``, here per plan line). The
budget is kept at one level per product line (Produkt, or Produktgruppe in Köln), so both agree with the
Produkt view. Amounts are signed as stored: Erträge positive, Aufwendungen negative.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen import status as st
from kennzahlen.abfragen import produkt as abfragen_produkt
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.geldfluss import dezimal
from kennzahlen.models import BETRAGSARTEN, Haushaltsbetrag, Haushaltssumme, Planzeile, Zeilenschema
from kennzahlen.perioden import Periode
from kennzahlen.zeilenschema import NKF_NRW_2019, NKF_NRW_2019_CODE, SCHEMATA, summen_ableiten
from kennzahlen.zeitreihe import baumtiefen

GROESSEN = {"zuschuss": "Zuschussbedarf", "aufwand": "Aufwand"}
"""What the treemap's areas show: code → German label."""
BETRAGSARTNAMEN = {
    "ergebnis": "Ergebnis",
    "ansatz": "Ansatz",
    "fortgeschriebener_ansatz": "fortgeschriebener Ansatz",
    "ist_unterjaehrig": "Ist",
    "prognose": "Prognose",
    "planung": "Planung",
}
"""German labels of the Betragsarten (column headings of the Teilergebnisplan)."""
VERSIONSNAMEN = {"beschluss": "", "nachtrag": "Nachtrag ", "entwurf": "Entwurf "}
"""Prefix of a column of another version than the adopted budget."""
OHNE_ZIEL = "ohne Ziel"
"""Status word of a node none of whose products serves a goal."""
OHNE_ZIEL_FARBE = "#595959"
WURZEL = "gesamt"
"""Id of the treemap's root: the whole budget."""
WURZELNAME = "Gesamthaushalt"

HIERARCHIESPALTEN = ["id", "parent", "code", "name", "ebene", "betrag", "flaeche", "ueberschuss", "zielstatus",
                     "status_code", "status_symbol", "status_farbe", "status_rang", "anzahl_ziele"]
"""Columns of ``hierarchie_mit_betraegen``."""

_REIHENFOLGE_ARTEN = {art: i for i, art in enumerate(BETRAGSARTEN)}
_REIHENFOLGE_VERSIONEN = {v: i for i, v in enumerate(VERSIONSNAMEN)}
_WURZEL_ID = -1


# ---------------------------------------------------------------------------------------------------
# Pure calculations
# ---------------------------------------------------------------------------------------------------


def _kinder(hierarchie: pd.DataFrame) -> dict[int, list[int]]:
    """Children per node id; nodes without parent hang under the virtual root ``_WURZEL_ID``."""
    kinder: dict[int, list[int]] = {}
    for kind, eltern in zip(hierarchie["id"], hierarchie["parent_id"], strict=True):
        kinder.setdefault(_WURZEL_ID if pd.isna(eltern) else int(eltern), []).append(int(kind))
    return kinder


def verdichten_je_schluessel(
    lang: pd.DataFrame, hierarchie: pd.DataFrame, schluessel: Sequence[str], wurzel: int | None = None
) -> pd.DataFrame:
    """Amounts of every node under ``wurzel`` (None: the whole budget, root id -1) per ``schluessel``.

    ``lang``: produkt_id, the ``schluessel`` columns and betrag (stored amounts). A node keeps its own amount
    of a key where it has one, else the sum of its children's, level by level from the deepest, so every euro
    counts once. Out: produkt_id, ``schluessel``, betrag for every node that has an amount (Decimal stays
    Decimal). The virtual root (id -1) holds the whole budget.
    """
    schluessel = list(schluessel)
    start = _WURZEL_ID if wurzel is None else int(wurzel)
    tiefe, eltern = baumtiefen(_kinder(hierarchie), start)
    spalten = ["produkt_id", *schluessel]
    leer = pd.DataFrame({s: pd.Series(dtype=object) for s in spalten} | {"betrag": pd.Series(dtype=object)})
    daten = lang[lang["produkt_id"].isin(list(tiefe))] if len(lang) else lang
    if not len(daten):
        return leer
    eigen = daten.groupby(spalten, sort=False)["betrag"].sum()
    ebene_je_knoten = pd.Series(tiefe)
    von_unten = None
    teile = []
    for t in sorted(set(tiefe.values()), reverse=True):
        ids = set(ebene_je_knoten.index[ebene_je_knoten == t])
        hier = eigen[eigen.index.get_level_values(0).isin(ids)]
        if von_unten is not None and len(von_unten):
            oben = von_unten.rename(index=eltern, level=0).groupby(level=list(range(len(spalten))), sort=False).sum()
            hier = hier.combine_first(oben) if len(hier) else oben
        if len(hier):
            teile.append(hier)
        von_unten = hier
    if not teile:
        return leer
    ergebnis = pd.concat(teile).rename("betrag").reset_index()
    ergebnis.columns = [*spalten, "betrag"]
    return ergebnis


def zielstatus_je_knoten(
    hierarchie: pd.DataFrame, ziel_produkt: pd.DataFrame, zielbewertung: pd.DataFrame
) -> pd.DataFrame:
    """The worst status of the goals served by a node or any product below it.

    In: ``abfragen.produkte`` (id, parent_id), ``abfragen.ziel_produkt`` (ziel_id, produkt_id) and
    ``cockpit.ziele_bewerten`` (id and the status_* columns). A node whose goals are all unrated gets
    "keine Bewertung", one without any goal "ohne Ziel". Out: produkt_id (-1 = the whole budget), zielstatus,
    status_code, status_symbol, status_farbe, status_rang, anzahl_ziele.
    """
    kinder = _kinder(hierarchie)
    eigene: dict[int, set[int]] = {}
    for ziel_id, produkt_id in zip(ziel_produkt["ziel_id"], ziel_produkt["produkt_id"], strict=True):
        eigene.setdefault(int(produkt_id), set()).add(int(ziel_id))
    stufe = {int(z["id"]): z for z in zielbewertung.to_dict("records")}
    tiefe, _ = baumtiefen(kinder, _WURZEL_ID)
    ziele_unter: dict[int, set[int]] = {}
    for knoten in sorted(tiefe, key=lambda k: -tiefe[k]):  # deepest first: children are done before parents
        menge = set(eigene.get(knoten, set()))
        for kind in kinder.get(knoten, []):
            if tiefe.get(kind, -1) > tiefe[knoten]:
                menge |= ziele_unter.get(kind, set())
        ziele_unter[knoten] = menge
    zeilen = []
    for knoten, ziele in ziele_unter.items():
        if not ziele:
            zeilen.append((knoten, OHNE_ZIEL, "ohne_ziel", "–", OHNE_ZIEL_FARBE, -1, 0))
            continue
        bewertet = [stufe[z] for z in ziele if z in stufe and stufe[z]["status_code"] != st.KEINE_BEWERTUNG.code]
        if bewertet:
            s = min(bewertet, key=lambda z: (z["status_rang"], z["status_code"]))
            zeilen.append((knoten, s["status_text"], s["status_code"], s["status_symbol"], s["status_farbe"],
                           int(s["status_rang"]), len(ziele)))
        else:
            k = st.KEINE_BEWERTUNG
            zeilen.append((knoten, k.bezeichnung, k.code, k.symbol, k.farbe, k.rang, len(ziele)))
    return pd.DataFrame(zeilen, columns=["produkt_id", "zielstatus", "status_code", "status_symbol", "status_farbe",
                                         "status_rang", "anzahl_ziele"])


def baumflaechen(hierarchie: pd.DataFrame, betrag: Mapping[int, float], eigen: set[int]) -> dict[int, float]:
    """Areas a treemap can draw (branchvalues "total"): a node's area is the sum of its children's, a node
    whose amount is its own stored one (or a node without children) gets max(betrag, 0) in whole euros and its
    descendants 0 (they are not counted in it). Surpluses and missing amounts get area 0. Key -1 = root."""
    kinder = _kinder(hierarchie)
    tiefe, _ = baumtiefen(kinder, _WURZEL_ID)
    flaeche: dict[int, float] = {}
    for knoten in sorted(tiefe, key=lambda k: -tiefe[k]):
        unten = [k for k in kinder.get(knoten, []) if tiefe.get(k, -1) > tiefe[knoten]]
        if knoten in eigen or not unten:
            wert = betrag.get(knoten, math.nan)
            # Whole euros: sums of integers are exact, so a parent never falls short of its children.
            flaeche[knoten] = float(round(max(float(wert), 0.0))) if not pd.isna(wert) else 0.0
        else:
            flaeche[knoten] = sum(flaeche[k] for k in unten)
    # Descendants of a node that counts its own amount are not part of its area.
    for knoten in sorted(tiefe, key=lambda k: tiefe[k]):
        if knoten in eigen:
            offen = list(kinder.get(knoten, []))
            while offen:
                k = offen.pop()
                if flaeche.get(k):
                    flaeche[k] = 0.0
                    offen.extend(kinder.get(k, []))
    return flaeche


def hierarchie_berechnen(
    hierarchie: pd.DataFrame, betraege: pd.DataFrame, zielstatus: pd.DataFrame, groesse: str = "zuschuss",
    wurzelname: str = WURZELNAME,
) -> pd.DataFrame:
    """The treemap frame from the hierarchy, the stored amounts per node and plan line, and the goal status.

    ``betraege``: produkt_id, nummer, art ("ertrag"/"aufwand"), betrag (one year and kind, signed as stored).
    ``groesse``: "zuschuss" (−Σ all lines) or "aufwand" (−Σ Aufwand lines). Out: ``HIERARCHIESPALTEN``; the
    root row has id "gesamt" and parent "", the others their code as id and their parent's code (or
    "gesamt") as parent; ueberschuss marks a negative amount (drawn with area 0).
    """
    if groesse not in GROESSEN:
        raise ValueError(f"Unbekannte Größe „{groesse}“; erlaubt sind: {', '.join(GROESSEN)}.")
    teil = betraege if groesse == "zuschuss" else betraege[betraege["art"] == "aufwand"]
    je_zeile = verdichten_je_schluessel(teil[["produkt_id", "nummer", "betrag"]], hierarchie, ["nummer"])
    summe = (-je_zeile.groupby("produkt_id")["betrag"].sum().astype(float)).to_dict() if len(je_zeile) else {}
    eigen_ids = set(teil["produkt_id"].astype(int)) if len(teil) else set()
    # A node "counts its own amount" when all its lines come from itself (the usual case: one level per line).
    flaeche = baumflaechen(hierarchie, summe, eigen_ids)
    codes = {int(i): c for i, c in zip(hierarchie["id"], hierarchie["code"], strict=True)}
    status = zielstatus.set_index("produkt_id") if len(zielstatus) else None

    def statuswerte(pid: int) -> list:
        if status is not None and pid in status.index:
            s = status.loc[pid]
            return [s["zielstatus"], s["status_code"], s["status_symbol"], s["status_farbe"], int(s["status_rang"]),
                    int(s["anzahl_ziele"])]
        return [OHNE_ZIEL, "ohne_ziel", "–", OHNE_ZIEL_FARBE, -1, 0]

    zeilen = []
    wurzelbetrag = summe.get(_WURZEL_ID, math.nan)
    zeilen.append([WURZEL, "", "", wurzelname, "gesamt", wurzelbetrag, flaeche.get(_WURZEL_ID, 0.0),
                   bool(wurzelbetrag < 0), *statuswerte(_WURZEL_ID)])
    for z in hierarchie.sort_values("code").itertuples(index=False):
        pid = int(z.id)
        eltern = WURZEL if pd.isna(z.parent_id) else codes.get(int(z.parent_id), WURZEL)
        wert = summe.get(pid, math.nan)
        zeilen.append([z.code, eltern, z.code, z.name, z.ebene, wert, flaeche.get(pid, 0.0),
                       bool(not pd.isna(wert) and wert < 0), *statuswerte(pid)])
    return pd.DataFrame(zeilen, columns=HIERARCHIESPALTEN)


def spaltentitel(betragsart: str, version: str, jahr: int, ist_bis: Periode | None = None) -> str:
    """The heading of a Teilergebnisplan column: 'Ansatz 2026', 'Ist bis Q3 2026', 'Entwurf Planung 2028'."""
    if betragsart == "ist_unterjaehrig" and ist_bis is not None:
        grund = f"Ist bis {ist_bis.kurz}"
    else:
        grund = f"{BETRAGSARTNAMEN.get(betragsart, betragsart)} {jahr}"
    vor = VERSIONSNAMEN.get(version, f"{version} ")
    return vor + grund if vor else grund


def teilergebnisplan_berechnen(
    betraege: pd.DataFrame, zeilen: Sequence[tuple[str, str, str, str | None]], ist_bis: Periode | None = None
) -> pd.DataFrame:
    """The Teilergebnisplan of one node from its amounts per line and column and the line scheme.

    ``betraege``: nummer, betragsart, version, jahr, betrag (the node's amounts, already summed over its
    subtree; Decimal or float); ``zeilen``: (nummer, bezeichnung, art, summe_aus) of the scheme. Every
    (betragsart, version, jahr) present becomes a column, ordered by year, then kind (Ergebnis, Ansatz,
    fortgeschriebener Ansatz, Ist, Prognose, Planung), then version (Beschluss, Nachtrag, Entwurf). Detail
    lines without an amount stay NaN (they count 0 in the sums); sum lines are computed with
    ``zeilenschema.summen_ableiten``. Out: nummer, bezeichnung, art and one float column per heading
    (``spaltentitel``); ``attrs["spalten"]`` lists dicts titel, betragsart, version, jahr.
    """
    dreier = [(n, a, s) for n, _b, a, s in zeilen]
    summenzeilen = {n for n, _b, a, _s in zeilen if a == "summe"}
    df = pd.DataFrame({"nummer": [z[0] for z in zeilen], "bezeichnung": [z[1] for z in zeilen],
                       "art": [z[2] for z in zeilen]})
    schluessel = sorted(
        {(str(a), str(v), int(j)) for a, v, j in zip(betraege["betragsart"], betraege["version"], betraege["jahr"],
                                                       strict=True)} if len(betraege) else set(),
        key=lambda k: (k[2], _REIHENFOLGE_ARTEN.get(k[0], 99), _REIHENFOLGE_VERSIONEN.get(k[1], 99)))
    spalten = []
    gruppen = betraege.groupby(["betragsart", "version", "jahr"]) if len(betraege) else {}
    for art, version, jahr in schluessel:
        teil = gruppen.get_group((art, version, jahr))
        detail: dict[str, Decimal] = {}
        for nummer, betrag in zip(teil["nummer"], teil["betrag"], strict=True):
            if nummer in summenzeilen:
                continue  # never stored; a stray amount on a sum line is ignored, the sum is derived
            detail[nummer] = detail.get(nummer, Decimal(0)) + dezimal(betrag)
        alle = summen_ableiten(detail, dreier)
        titel = spaltentitel(art, version, jahr, ist_bis if ist_bis is not None and ist_bis.jahr == jahr else None)
        df[titel] = [float(alle[n]) if (n in detail or n in summenzeilen) else math.nan for n in df["nummer"]]
        spalten.append({"titel": titel, "betragsart": art, "version": version, "jahr": jahr})
    df.attrs["spalten"] = spalten
    return df


# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


@zwischenspeichern
def zeilen_je_schema(fabrik: sessionmaker[Session]) -> dict[int, tuple[str, list[tuple[str, str, str, str | None]]]]:
    """Every stored line scheme: schema id → (code, [(nummer, bezeichnung, art, summe_aus) …])."""
    with fabrik() as s:
        ergebnis: dict[int, tuple[str, list]] = {}
        for schema in s.scalars(select(Zeilenschema).order_by(Zeilenschema.id)):
            ergebnis[schema.id] = (schema.code, [(z.nummer, z.bezeichnung, z.art, z.summe_aus) for z in schema.zeilen])
    return ergebnis


@zwischenspeichern
def betraege_je_zeile(
    fabrik: sessionmaker[Session], jahr: int, betragsart: str, version: str = "beschluss"
) -> pd.DataFrame:
    """Stored amounts of one year and kind per product and plan line, summed over the periods.

    Columns: produkt_id, schema_id, nummer, art (ertrag/aufwand/summe), betrag (float euro, signed as stored).
    Yearly kinds are read at periodenart 'jahr'; the in-year Ist sums the periods of the year's most frequent
    period kind.
    """
    hb, pz = Haushaltsbetrag, Planzeile
    bedingung = [hb.jahr == jahr, hb.betragsart == betragsart, hb.version == version]
    if betragsart != "ist_unterjaehrig":
        bedingung.append(hb.periodenart == "jahr")
    abfrage = (
        select(hb.produkt_id, pz.schema_id, pz.nummer, pz.art, hb.periodenart, func.sum(hb.betrag).label("betrag"))
        .join(pz, pz.id == hb.planzeile_id)
        .where(*bedingung)
        .group_by(hb.produkt_id, pz.schema_id, pz.nummer, pz.art, hb.periodenart)
    )
    df = tabelle_lesen(fabrik, abfrage)
    if betragsart == "ist_unterjaehrig" and len(df):
        haeufigste = df["periodenart"].value_counts().index[0]
        df = df[df["periodenart"] == haeufigste]
    df = df.drop(columns="periodenart").reset_index(drop=True)
    df["betrag"] = df["betrag"].astype(float)
    return df


@zwischenspeichern
def betraege_teilbaum(
    fabrik: sessionmaker[Session], produkt_ids: tuple[int, ...] | None, jahre: tuple[int, ...],
    versionen: tuple[str, ...], ist_bis: Periode | None,
) -> pd.DataFrame:
    """Stored amounts of the given products (None: all) per plan line and column, periods summed.

    Yearly kinds of ``jahre`` at periodenart 'jahr'; the in-year Ist only for ``ist_bis``'s year, its periods
    up to and including ``ist_bis``. Columns: produkt_id, schema_id, nummer, betragsart, version, jahr,
    betrag (Decimal, signed as stored).
    """
    hb, pz = Haushaltsbetrag, Planzeile
    jahresarten = [a for a in BETRAGSARTEN if a != "ist_unterjaehrig"]
    teile = [and_(hb.periodenart == "jahr", hb.betragsart.in_(jahresarten), hb.jahr.in_(list(jahre)))]
    if ist_bis is not None:
        teile.append(and_(hb.betragsart == "ist_unterjaehrig", hb.jahr == ist_bis.jahr,
                          hb.periodenart == ist_bis.art, hb.periode <= ist_bis.nummer))
    bedingungen = [or_(*teile), hb.version.in_(list(versionen))]
    if produkt_ids is not None:
        bedingungen.append(hb.produkt_id.in_(list(produkt_ids) or [-1]))
    abfrage = (
        select(hb.produkt_id, pz.schema_id, pz.nummer, hb.betragsart, hb.version, hb.jahr,
               func.sum(hb.betrag).label("betrag"))
        .join(pz, pz.id == hb.planzeile_id)
        .where(*bedingungen)
        .group_by(hb.produkt_id, pz.schema_id, pz.nummer, hb.betragsart, hb.version, hb.jahr)
    )
    df = tabelle_lesen(fabrik, abfrage)
    df["betrag"] = [dezimal(b) for b in df["betrag"]]
    return df


@zwischenspeichern
def haushaltsjahre(fabrik: sessionmaker[Session]) -> list[int]:
    """Every year with a budget amount of the adopted version, oldest first."""
    hs = Haushaltssumme
    with fabrik() as s:
        jahre = s.scalars(select(hs.jahr).where(hs.version == "beschluss").distinct().order_by(hs.jahr))
        return [int(j) for j in jahre]


@zwischenspeichern
def betragsarten_im_jahr(fabrik: sessionmaker[Session], jahr: int) -> list[str]:
    """The Betragsarten with adopted amounts in ``jahr``, in the order of ``models.BETRAGSARTEN``."""
    hs = Haushaltssumme
    with fabrik() as s:
        arten = set(s.scalars(select(hs.betragsart).where(hs.jahr == jahr, hs.version == "beschluss").distinct()))
    return [a for a in BETRAGSARTEN if a in arten]


def _ist_stichtag_automatisch(fabrik: sessionmaker[Session], jahre: Iterable[int]) -> Periode | None:
    """The newest in-year Ist among ``jahre``: its year, period kind and last period (None without any)."""
    hb = Haushaltsbetrag
    abfrage = (
        select(hb.jahr, hb.periodenart, func.max(hb.periode))
        .where(hb.betragsart == "ist_unterjaehrig", hb.jahr.in_(list(jahre)), hb.periodenart != literal("jahr"))
        .group_by(hb.jahr, hb.periodenart)
        .order_by(hb.jahr.desc(), func.count().desc())
    )
    with fabrik() as s:
        zeile = s.execute(abfrage).first()
    return None if zeile is None else Periode(int(zeile[0]), zeile[1], int(zeile[2]))


# ---------------------------------------------------------------------------------------------------
# What the views call
# ---------------------------------------------------------------------------------------------------


def hierarchie_mit_betraegen(
    fabrik: sessionmaker[Session], jahr: int, groesse: str = "zuschuss", betragsart: str = "ansatz",
    periode: Periode | None = None, regeln: rechnen.Bewertungsregeln | None = None,
) -> pd.DataFrame:
    """The product hierarchy with the Zuschussbedarf (or Aufwand) of ``jahr`` and ``betragsart`` (adopted
    version) summed bottom-up, and the worst status of the goals served in ``periode`` (default: the year).

    Out: ``HIERARCHIESPALTEN`` (see ``hierarchie_berechnen``), the first row the whole budget.
    """
    if betragsart not in BETRAGSARTEN:
        raise ValueError(f"Unbekannte Betragsart „{betragsart}“; erlaubt sind: {', '.join(BETRAGSARTEN)}.")
    periode = periode or Periode(jahr, "jahr", 1)
    regeln = regeln or rechnen.Bewertungsregeln()
    produkte = abfragen_produkt.hierarchie(fabrik)
    betraege = betraege_je_zeile(fabrik, jahr, betragsart)
    schemata = betraege["schema_id"].value_counts()
    if len(schemata) > 1:  # line numbers mean different things in different schemes: keep the main one
        betraege = betraege[betraege["schema_id"] == schemata.index[0]]
    bewertung = rechnen.kennzahlen_bewerten(abfragen.kennzahlen(fabrik), abfragen.kennzahlwerte_stadt(fabrik, periode),
                                            regeln)
    zielbewertung = rechnen.ziele_bewerten(abfragen.ziele(fabrik), abfragen.ziel_kennzahl(fabrik), bewertung, regeln)
    status = zielstatus_je_knoten(produkte, abfragen.ziel_produkt(fabrik), zielbewertung)
    return hierarchie_berechnen(produkte, betraege, status, groesse, abfragen.kommunenname(fabrik))


def teilergebnisplan(
    fabrik: sessionmaker[Session], code: str | None, jahre: Iterable[int], mit_entwurf: bool = False,
    ist_bis: Periode | None = None,
) -> pd.DataFrame:
    """The Teilergebnisplan of the node ``code`` (a Produkt, Produktgruppe or Produktbereich; None: the whole
    budget) over ``jahre``: its subtree's amounts per line, each euro once, sum lines derived.

    Columns: nummer, bezeichnung, art, then one per (Betragsart, Jahr, Version) present (see
    ``teilergebnisplan_berechnen``). Drafts (version Entwurf) only with ``mit_entwurf``: the caller decides
    with ``zugang.darf_entwurf_lesen``. The in-year Ist is cut at ``ist_bis`` (default: the newest period with
    an Ist among ``jahre``). ``attrs``: spalten, schema (code) and hinweise (German sentences). ValueError for
    an unknown code.
    """
    jahre = tuple(sorted({int(j) for j in jahre}))
    hierarchie = abfragen_produkt.hierarchie(fabrik)
    if code is None:
        wurzel = None
        ids = None
    else:
        treffer = hierarchie.loc[hierarchie["code"] == code, "id"]
        if treffer.empty:
            raise ValueError(f"Ein Produkt mit dem Code „{code}“ gibt es nicht.")
        wurzel = int(treffer.iloc[0])
        ids = tuple(sorted(baumtiefen(_kinder(hierarchie), wurzel)[0]))
    if ist_bis is None and jahre:
        ist_bis = _ist_stichtag_automatisch(fabrik, jahre)
    if ist_bis is not None and ist_bis.jahr not in jahre:
        ist_bis = None
    versionen = ("beschluss", "nachtrag", "entwurf") if mit_entwurf else ("beschluss", "nachtrag")
    roh = betraege_teilbaum(fabrik, ids, jahre, versionen, ist_bis)
    schemata = zeilen_je_schema(fabrik)
    hinweise: list[str] = []
    if len(roh):
        zaehlung = roh["schema_id"].value_counts()
        schema_id = int(zaehlung.index[0])
        if len(zaehlung) > 1:
            andere = ", ".join(schemata[int(i)][0] for i in zaehlung.index[1:] if int(i) in schemata)
            hinweise.append(f"Beträge nach einem anderen Zeilenschema ({andere}) sind hier nicht enthalten.")
            roh = roh[roh["schema_id"] == schema_id]
        schema_code, zeilen = schemata[schema_id]
    else:
        schema_code = NKF_NRW_2019_CODE
        zeilen = next((z for c, z in schemata.values() if c == NKF_NRW_2019_CODE),
                      [tuple(z) for z in SCHEMATA.get(NKF_NRW_2019_CODE, ("", NKF_NRW_2019))[1]])
    schluessel = ["nummer", "betragsart", "version", "jahr"]
    verdichtet = verdichten_je_schluessel(roh[["produkt_id", *schluessel, "betrag"]], hierarchie, schluessel, wurzel)
    knoten = _WURZEL_ID if wurzel is None else wurzel
    eigene = verdichtet[verdichtet["produkt_id"] == knoten]
    df = teilergebnisplan_berechnen(eigene, zeilen, ist_bis)
    df.attrs["schema"] = schema_code
    df.attrs["hinweise"] = hinweise
    df.attrs["ist_bis"] = ist_bis
    return df
