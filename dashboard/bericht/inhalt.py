"""What the report pack says: its numbers, statuses and texts gathered as plain DataFrames (no Dash, no I/O
beyond the query layer).

For a frozen (closed) period everything that was reported comes from the snapshot of the latest fassung
(``kennzahlen.berichtsstand``): the Kennzahlen's Ist, Zielwert, grade and status, the products' money and the
texts of the period's Kommentare. Goals and Handlungsfelder are rolled up from those frozen grades and amounts
with the master data of today (which goal a Kennzahl measures); a Maßnahme's status is the one it had when the
period was frozen (from its history). So an import after the freeze does not change the report. For an open
period the same is computed from the live data, exactly as the cockpit does.

Only city-wide values appear in the report; values per Sozialraum (the ones small-number suppression protects)
are not part of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen, massnahmen
from kennzahlen import berichtsstand as bs
from kennzahlen import cockpit as rechnen
from kennzahlen import status as st
from kennzahlen.kommentare import KOMMENTARARTEN, STATUSNAMEN
from kennzahlen.perioden import Periode

GELD = ("ansatz", "fortgeschriebener_ansatz", "ist_bis", "prognose")
"""The money columns the report shows (Zuschussbedarf, euro)."""
KENNZAHLSPALTEN = ["ziel_id", "ziel_code", "kennzahl_id", "code", "name", "einheit", "nachkommastellen", "typ",
                   "richtung", "gewicht", "ist", "zielwert", "grad", "status_code", "status_text", "status_symbol",
                   "status_farbe"]
TEXTSPALTEN = ["id", "ziel_id", "ziel_code", "art", "art_text", "objektart", "objekt_code", "objekt_name", "text",
               "verantwortlich", "frist", "massnahmenstatus", "massnahmenstatus_text"]
ARTRANG = {"abweichungsbegruendung": 0, "massnahme": 1, "hinweis": 2}


@dataclass(frozen=True)
class Stand:
    """Whether the report shows a frozen fassung (and which) or the live, provisional figures."""

    eingefroren: bool
    fassung: int | None = None
    eingefroren_am: dt.datetime | None = None
    eingefroren_von: str | None = None


@dataclass(frozen=True)
class Berichtsinhalt:
    """Everything the report pack shows for one period and scope.

    handlungsfelder: id, code, name, beschreibung, grad, status_* columns, the ``GELD`` columns, abweichung
      (Prognose − Ansatz), abweichung_anteil, anzahl_ziele, anzahl_kennzahlen, and one count column per status
      of the scale (``anzahl_<status_code>``) over the field's distinct Kennzahlen.
    ziele: id, code, name, ebene, handlungsfeld_id, parent_id, organisationseinheit, grad, status_*,
      anzahl_kennzahlen, anzahl_bewertet, the ``GELD`` columns, abweichung, abweichung_anteil (sorted by field, code).
    kennzahlen: ``KENNZAHLSPALTEN``, one row per goal and Kennzahl measuring it (a Kennzahl of two goals twice).
    texte: ``TEXTSPALTEN``, the period's Abweichungsbegründungen, Maßnahmen and Hinweise, one row per goal they
      concern (on the goal, on one of its Kennzahlen, or on a product contributing to it).
    gesamt: the ``GELD`` sums over the scope (city: all products; field: what is attributed to the field).
    """

    kommune: str
    periode: Periode
    handlungsfeld: str | None
    stand: Stand
    stichtag: Periode | None
    regeln: rechnen.Bewertungsregeln
    handlungsfelder: pd.DataFrame
    ziele: pd.DataFrame
    kennzahlen: pd.DataFrame
    texte: pd.DataFrame
    gesamt: dict[str, float] = field(default_factory=dict)

    @property
    def umfang(self) -> str:
        """'Stadt Musterstadt' or 'Handlungsfeld HF5 Jugend und Familie'."""
        if self.handlungsfeld is None:
            return f"Gesamtstadt {self.kommune}"
        zeile = self.handlungsfelder.iloc[0]
        return f"Handlungsfeld {zeile['code']} {zeile['name']}"

    @property
    def statusstufen(self) -> list[st.Statusstufe]:
        """The rated levels of the scale in force, best first, then "keine Bewertung"."""
        return list(st.stufen(self.regeln.skala))


def natuerlich(code: str) -> tuple:
    """Sort key that puts 'Z5.2' before 'Z5.10'."""
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(code)))


def _stufe(text: str | None, grad, regeln: rechnen.Bewertungsregeln) -> st.Statusstufe:
    """The level of a frozen status text ('◆ gefährdet'); recomputed from the grade when the text is unknown."""
    for stufe in (*st.AMPEL, *st.FUENFSTUFIG, st.KEINE_BEWERTUNG):
        if text and text.strip() == stufe.beschriftung:
            return stufe
    return st.status(None if pd.isna(grad) else float(grad), regeln.skala, regeln.schwellen)


def _eingefroren_bewerten(steckbrief: pd.DataFrame, stand: pd.DataFrame,
                          regeln: rechnen.Bewertungsregeln) -> pd.DataFrame:
    """The Kennzahl rating of the snapshot in the shape of ``cockpit.kennzahlen_bewerten``."""
    kz = stand[stand["objektart"] == "kennzahl"]
    werte = kz[kz["groesse"] != "status"].pivot_table(index="objekt_id", columns="groesse", values="wert",
                                                       aggfunc="first", dropna=False)
    status = kz[kz["groesse"] == "status"].set_index("objekt_id")["text"]
    df = steckbrief.copy()
    for spalte in ("ist", "zielwert", "grad"):
        df[spalte] = df["id"].map(werte[spalte]) if spalte in werte else float("nan")
        df[spalte] = df[spalte].astype(float)
    stufen = [_stufe(status.get(i), g, regeln) for i, g in zip(df["id"], df["grad"], strict=True)]
    df["grad"] = pd.Series([None if pd.isna(g) else float(g) for g in df["grad"]], index=df.index, dtype=object)
    return rechnen.statusspalten(df, stufen)


def _eingefroren_geld(stand: pd.DataFrame) -> pd.DataFrame:
    """Zuschussbedarf per product of the snapshot: produkt_id plus the ``GELD`` columns."""
    p = stand[stand["objektart"] == "produkt"]
    if p.empty:
        return pd.DataFrame(columns=["produkt_id", *GELD])
    breit = p.pivot_table(index="objekt_id", columns="groesse", values="wert", aggfunc="first", dropna=False)
    breit = breit.reindex(columns=list(GELD)).astype(float)
    breit.columns.name = None
    return breit.rename_axis("produkt_id").reset_index()


def _texte_zuordnen(roh: pd.DataFrame, ziele: pd.DataFrame, zk: pd.DataFrame, zp: pd.DataFrame,
                    steckbrief: pd.DataFrame, produkte: pd.DataFrame) -> pd.DataFrame:
    """One row per (Kommentar, goal it concerns), in ``TEXTSPALTEN``."""
    zielcodes = dict(zip(ziele["id"], ziele["code"], strict=True))
    zielnamen = dict(zip(ziele["id"], ziele["name"], strict=True))
    kz = {int(i): (c, n) for i, c, n in zip(steckbrief["id"], steckbrief["code"], steckbrief["name"], strict=True)}
    pr = {int(i): (c, n) for i, c, n in zip(produkte["id"], produkte["code"], produkte["name"], strict=True)}
    ziele_je_kennzahl = zk.groupby("kennzahl_id")["ziel_id"].apply(list).to_dict()
    ziele_je_produkt = zp.groupby("produkt_id")["ziel_id"].apply(list).to_dict()
    zeilen = []
    for r in roh.to_dict("records"):
        if pd.notna(r["ziel_id"]):
            objektart, (code, name) = "ziel", (zielcodes.get(r["ziel_id"], ""), zielnamen.get(r["ziel_id"], ""))
            ziel_ids = [int(r["ziel_id"])]
        elif pd.notna(r["kennzahl_id"]):
            objektart, (code, name) = "kennzahl", kz.get(int(r["kennzahl_id"]), ("", ""))
            ziel_ids = ziele_je_kennzahl.get(int(r["kennzahl_id"]), [])
        elif pd.notna(r["produkt_id"]):
            objektart, (code, name) = "produkt", pr.get(int(r["produkt_id"]), ("", ""))
            ziel_ids = ziele_je_produkt.get(int(r["produkt_id"]), [])
        else:
            continue
        status = r["massnahmenstatus"] if r["art"] == "massnahme" else None
        for ziel_id in dict.fromkeys(int(z) for z in ziel_ids):
            if ziel_id not in zielcodes:
                continue
            zeilen.append((int(r["id"]), ziel_id, zielcodes[ziel_id], r["art"], KOMMENTARARTEN.get(r["art"], r["art"]),
                           objektart, code, name, r["text"], r["verantwortlich"], r["frist"], status,
                           STATUSNAMEN.get(status or "", None)))
    df = pd.DataFrame(zeilen, columns=TEXTSPALTEN)
    if df.empty:
        return df
    df["_r"] = df["art"].map(ARTRANG).fillna(9)
    df["_z"] = df["ziel_code"].map(natuerlich)
    return df.sort_values(["_z", "_r", "objekt_code", "id"]).drop(columns=["_r", "_z"]).reset_index(drop=True)


def _statuszaehlung(hf: pd.DataFrame, ziele: pd.DataFrame, kennzahlen: pd.DataFrame,
                    stufen: list[st.Statusstufe]) -> pd.DataFrame:
    """Adds anzahl_ziele, anzahl_kennzahlen and anzahl_<status> (distinct Kennzahlen of the field)."""
    hf = hf.copy()
    je_ziel = kennzahlen.merge(ziele[["id", "handlungsfeld_id"]], left_on="ziel_id", right_on="id")
    hf["anzahl_ziele"] = [int((ziele["handlungsfeld_id"] == i).sum()) for i in hf["id"]]
    eindeutig = je_ziel.drop_duplicates(["handlungsfeld_id", "kennzahl_id"])
    hf["anzahl_kennzahlen"] = [int((eindeutig["handlungsfeld_id"] == i).sum()) for i in hf["id"]]
    for stufe in stufen:
        treffer = eindeutig[eindeutig["status_code"] == stufe.code]
        hf[f"anzahl_{stufe.code}"] = [int((treffer["handlungsfeld_id"] == i).sum()) for i in hf["id"]]
    return hf


def stand_lesen(fabrik: sessionmaker[Session], periode: Periode) -> Stand:
    """Whether ``periode`` is closed and frozen, and its latest fassung (who, when)."""
    letzte = bs.eingefrorene_fassung(fabrik, periode)
    if letzte is None:
        return Stand(False)
    am = letzte["eingefroren_am"]
    return Stand(True, int(letzte["fassung"]), None if pd.isna(am) else am, letzte["eingefroren_von"])


def berichtsinhalt(fabrik: sessionmaker[Session], periode: Periode, handlungsfeld: str | None = None,
                   regeln: rechnen.Bewertungsregeln | None = None) -> Berichtsinhalt:
    """Gather the report of ``periode`` for the city or one Handlungsfeld (code); frozen figures when the period
    is closed, else live ones. ValueError with a German message for an unknown Handlungsfeld."""
    regeln = regeln or rechnen.Bewertungsregeln()
    alle_hf = abfragen.handlungsfelder(fabrik)
    if handlungsfeld is not None and handlungsfeld not in set(alle_hf["code"]):
        erlaubt = ", ".join(alle_hf["code"])
        raise ValueError(f"Feld „Umfang“: ein Handlungsfeld „{handlungsfeld}“ gibt es nicht (erwartet: Stadt oder "
                         f"{erlaubt}).")
    stand = stand_lesen(fabrik, periode)
    steckbrief = abfragen.kennzahlen(fabrik)
    ziele = abfragen.ziele(fabrik)
    zk = abfragen.ziel_kennzahl(fabrik)
    zp = abfragen.ziel_produkt(fabrik)
    produkte = abfragen.produkte(fabrik)

    if stand.eingefroren:
        snapshot = bs.berichtsstand(fabrik, periode, stand.fassung)
        bewertung = _eingefroren_bewerten(steckbrief, snapshot, regeln)
        zuschuss = _eingefroren_geld(snapshot)
        frozen = snapshot[snapshot["objektart"] == "kommentar"]
        frozen_texte = frozen.pivot_table(index="objekt_id", columns="groesse", values="text", aggfunc="first")
        roh = bs.berichtskommentare(fabrik, periode, [int(i) for i in frozen_texte.index])
        roh["text"] = roh["id"].map(frozen_texte["text"]) if "text" in frozen_texte else roh["text"]
        roh["art"] = roh["id"].map(frozen_texte["art"]) if "art" in frozen_texte else roh["art"]
        if stand.eingefroren_am is not None:
            damals = massnahmen.status_zum_zeitpunkt(fabrik, [int(i) for i in roh["id"]], stand.eingefroren_am)
            roh["massnahmenstatus"] = [damals.get(int(i), m) for i, m in
                                       zip(roh["id"], roh["massnahmenstatus"], strict=True)]
    else:
        bewertung = rechnen.kennzahlen_bewerten(steckbrief, abfragen.kennzahlwerte_stadt(fabrik, periode), regeln)
        zuschuss = abfragen.zuschussbedarf_je_produkt(fabrik, periode)
        roh = bs.berichtskommentare(fabrik, periode)
    kommune = abfragen.kommunenname(fabrik)

    zielbewertung = rechnen.ziele_bewerten(ziele, zk, bewertung, regeln)
    zielbewertung = zielbewertung.merge(rechnen.geld_je_ziel(zuschuss, zp), left_on="id", right_on="ziel_id",
                                        how="left").drop(columns="ziel_id")
    hf = rechnen.handlungsfelder_bewerten(alle_hf, zielbewertung, regeln)
    hf = hf.merge(rechnen.geld_je_handlungsfeld(zuschuss, zp, ziele), left_on="id", right_on="handlungsfeld_id",
                  how="left").drop(columns="handlungsfeld_id")

    kennzahlen = zk.merge(bewertung.rename(columns={"id": "kennzahl_id"}), on="kennzahl_id", how="inner")
    kennzahlen["ziel_code"] = kennzahlen["ziel_id"].map(dict(zip(ziele["id"], ziele["code"], strict=True)))
    kennzahlen["_z"] = kennzahlen["ziel_code"].map(natuerlich)
    kennzahlen["_k"] = kennzahlen["code"].map(natuerlich)
    kennzahlen = kennzahlen.sort_values(["_z", "_k"])[KENNZAHLSPALTEN].reset_index(drop=True)

    texte = _texte_zuordnen(roh, ziele, zk, zp, steckbrief, produkte)
    if handlungsfeld is not None:
        hf_id = int(alle_hf.loc[alle_hf["code"] == handlungsfeld, "id"].iloc[0])
        hf = hf[hf["id"] == hf_id]
        zielbewertung = zielbewertung[zielbewertung["handlungsfeld_id"] == hf_id]
        kennzahlen = kennzahlen[kennzahlen["ziel_id"].isin(zielbewertung["id"])]
        texte = texte[texte["ziel_id"].isin(zielbewertung["id"])]
        gesamt = {g: float(hf[g].sum()) for g in GELD if g in hf}
    else:
        gesamt = {g: float(zuschuss[g].sum(min_count=1)) for g in GELD if g in zuschuss}
    zielbewertung = zielbewertung.assign(
        _h=zielbewertung["handlungsfeld_id"].map(dict(zip(alle_hf["id"], alle_hf["reihenfolge"], strict=True))),
        _z=zielbewertung["code"].map(natuerlich)).sort_values(["_h", "_z"]).drop(columns=["_h", "_z"])
    hf = _statuszaehlung(hf, zielbewertung, kennzahlen, list(st.stufen(regeln.skala)))
    return Berichtsinhalt(
        kommune=kommune, periode=periode, handlungsfeld=handlungsfeld, stand=stand,
        stichtag=abfragen.ist_stichtag(fabrik, periode), regeln=regeln,
        handlungsfelder=hf.reset_index(drop=True), ziele=zielbewertung.reset_index(drop=True),
        kennzahlen=kennzahlen.reset_index(drop=True), texte=texte.reset_index(drop=True), gesamt=gesamt,
    )

