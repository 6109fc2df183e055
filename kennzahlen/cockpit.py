"""Pure calculations behind the cockpit: rate Kennzahlen, roll up to Ziele and Handlungsfelder,
attribute money to goals by contribution share, and find the largest deviations.

Every function takes DataFrames from ``kennzahlen.abfragen`` and returns a new DataFrame; nothing
here reads the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kennzahlen import status as st


@dataclass(frozen=True)
class Bewertungsregeln:
    """How statuses are computed and rolled up (scale, thresholds, roll-up rule)."""

    skala: str = "ampel"
    regel: str = "gewichtetes_mittel"
    schwellen: st.Schwellenwerte = st.STANDARD_SCHWELLENWERTE

    @classmethod
    def aus_einstellungen(cls, einstellungen) -> Bewertungsregeln:
        """The rules configured by WK_STATUSSKALA, WK_ROLLUP_REGEL and WK_SCHWELLENWERTE."""
        return cls(einstellungen.statusskala, einstellungen.rollup_regel,
                   st.schwellenwerte_aus_texten(einstellungen.schwellenwerte))


def _zahl_oder_none(wert) -> float | None:
    if wert is None:
        return None
    try:
        f = float(wert)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def statusspalten(df: pd.DataFrame, stufen: list[st.Statusstufe]) -> pd.DataFrame:
    """Add status_code, status_text, status_symbol, status_farbe and status_rang of ``stufen`` (one per row)."""
    df["status_code"] = [s.code for s in stufen]
    df["status_text"] = [s.bezeichnung for s in stufen]
    df["status_symbol"] = [s.symbol for s in stufen]
    df["status_farbe"] = [s.farbe for s in stufen]
    df["status_rang"] = [s.rang for s in stufen]
    return df


def kennzahlen_bewerten(
    steckbrief: pd.DataFrame, werte: pd.DataFrame, regeln: Bewertungsregeln = Bewertungsregeln()
) -> pd.DataFrame:
    """Rate every Kennzahl for one period.

    In: ``abfragen.kennzahlen`` and ``abfragen.kennzahlwerte_stadt``. Out: the Steckbrief columns plus
    ist, zielwert, ausgangswert, vorperiode, ist_status, grad (None = keine Bewertung),
    nicht_geliefert (the previous period had an Ist, this one has none) and the status_* columns.
    Kontext-Kennzahlen are never rated.
    """
    df = steckbrief.merge(werte, left_on="id", right_on="kennzahl_id", how="left").drop(columns="kennzahl_id")
    for spalte in ("ist", "zielwert", "ausgangswert", "vorperiode"):
        if spalte not in df:
            df[spalte] = float("nan")
    grade: list[float | None] = []
    stufen: list[st.Statusstufe] = []
    for zeile in df.itertuples(index=False):
        ist = _zahl_oder_none(zeile.ist)
        ziel = _zahl_oder_none(zeile.zielwert)
        unten, oben = _zahl_oder_none(zeile.korridor_unten), _zahl_oder_none(zeile.korridor_oben)
        bewertbar = zeile.typ != "kontext" and (ziel is not None or (unten is not None and oben is not None))
        grad = (
            st.zielerreichungsgrad(ist, ziel, _zahl_oder_none(zeile.ausgangswert), zeile.richtung, unten, oben)
            if bewertbar
            else None
        )
        grade.append(grad)
        stufen.append(st.status(grad, regeln.skala, regeln.schwellen))
    df["grad"] = pd.Series(grade, index=df.index, dtype=object)
    df["nicht_geliefert"] = df["ist"].isna() & df["vorperiode"].notna()
    return statusspalten(df, stufen)


def _zusammenfassen(paare: list[tuple[float | None, float]], regel: str) -> float | None:
    return st.zusammenfassen(paare, regel) if paare else None


def ziele_bewerten(
    ziele: pd.DataFrame,
    ziel_kennzahl: pd.DataFrame,
    bewertung: pd.DataFrame,
    regeln: Bewertungsregeln = Bewertungsregeln(),
) -> pd.DataFrame:
    """Roll Kennzahl grades up to goals; a goal with sub-goals also takes their grades.

    Out: the goal columns plus grad, anzahl_kennzahlen, anzahl_bewertet and the status_* columns.
    """
    grad_je_kennzahl = dict(zip(bewertung["id"], bewertung["grad"], strict=True))
    links: dict[int, list[tuple[int, float]]] = {}
    for ziel_id, kennzahl_id, gewicht in zip(ziel_kennzahl["ziel_id"], ziel_kennzahl["kennzahl_id"],
                                              ziel_kennzahl["gewicht"], strict=True):
        links.setdefault(ziel_id, []).append((kennzahl_id, gewicht))
    kinder = ziele.groupby("parent_id")["id"].apply(list).to_dict() if not ziele.empty else {}
    ergebnis: dict[int, float | None] = {}
    anzahl: dict[int, tuple[int, int]] = {}

    def grad(ziel_id: int, pfad: frozenset[int] = frozenset()) -> float | None:
        if ziel_id in ergebnis:
            return ergebnis[ziel_id]
        paare: list[tuple[float | None, float]] = []
        n_kz = n_bew = 0
        for kennzahl_id, gewicht in links.get(ziel_id, ()):
            g = _zahl_oder_none(grad_je_kennzahl.get(kennzahl_id))
            paare.append((g, gewicht))
            n_kz += 1
            n_bew += g is not None
        for kind in kinder.get(ziel_id, []):
            if kind not in pfad:  # a cycle in bad master data must not recurse forever
                paare.append((grad(kind, pfad | {ziel_id}), 1.0))
        ergebnis[ziel_id] = _zusammenfassen(paare, regeln.regel)
        anzahl[ziel_id] = (n_kz, n_bew)
        return ergebnis[ziel_id]

    df = ziele.copy()
    grade = [grad(int(i)) for i in df["id"]]
    df["grad"] = pd.Series(grade, index=df.index, dtype=object)
    df["anzahl_kennzahlen"] = [anzahl[int(i)][0] for i in df["id"]]
    df["anzahl_bewertet"] = [anzahl[int(i)][1] for i in df["id"]]
    return statusspalten(df, [st.status(g, regeln.skala, regeln.schwellen) for g in grade])


def handlungsfelder_bewerten(
    handlungsfelder: pd.DataFrame, zielbewertung: pd.DataFrame, regeln: Bewertungsregeln = Bewertungsregeln()
) -> pd.DataFrame:
    """Roll the top-level goals of each Handlungsfeld up to the field: adds grad and status_* columns."""
    oberste = zielbewertung[zielbewertung["parent_id"].isna()]
    grade = []
    for hf_id in handlungsfelder["id"]:
        paare = [(g, 1.0) for g in oberste.loc[oberste["handlungsfeld_id"] == hf_id, "grad"]]
        grade.append(_zusammenfassen(paare, regeln.regel))
    df = handlungsfelder.copy()
    df["grad"] = pd.Series(grade, index=df.index, dtype=object)
    return statusspalten(df, [st.status(g, regeln.skala, regeln.schwellen) for g in grade])


GELDSPALTEN = ("ansatz", "fortgeschriebener_ansatz", "ist_bis", "ist_vorjahr_bis", "ergebnis_vorjahr", "prognose")


def anteile_je_handlungsfeld(ziel_produkt: pd.DataFrame, ziele: pd.DataFrame) -> pd.DataFrame:
    """A product's share in each Handlungsfeld: the sum of its shares to goals of that field, at most 1.

    In: ``abfragen.ziel_produkt`` and ``abfragen.ziele``. Out: handlungsfeld_id, produkt_id, anteil.
    """
    anteile = (
        ziel_produkt.merge(ziele[["id", "handlungsfeld_id"]], left_on="ziel_id", right_on="id")
        .groupby(["handlungsfeld_id", "produkt_id"], as_index=False)["anteil"].sum()
    )
    anteile["anteil"] = anteile["anteil"].clip(upper=1.0)
    return anteile


def geld_je_handlungsfeld(zuschuss: pd.DataFrame, ziel_produkt: pd.DataFrame, ziele: pd.DataFrame) -> pd.DataFrame:
    """Zuschussbedarf attributed to each Handlungsfeld through its goals' product shares.

    A product's share in a field is ``anteile_je_handlungsfeld``.
    Out: handlungsfeld_id plus the money columns of ``abfragen.zuschussbedarf_je_produkt`` (NaN where no
    product of the field has an amount of that kind), abweichung (Prognose − Ansatz) and abweichung_anteil
    (relative to Ansatz).
    """
    anteile = anteile_je_handlungsfeld(ziel_produkt, ziele)
    return _abweichung(_gewichtet_summieren(anteile.merge(zuschuss, on="produkt_id", how="left"), zuschuss,
                                            "handlungsfeld_id"))


def _gewichtet_summieren(gewichtet: pd.DataFrame, zuschuss: pd.DataFrame, je: str) -> pd.DataFrame:
    """Money columns × anteil summed per ``je``; a sum without any amount stays NaN ("keine Daten", never 0 €)."""
    spalten = [s for s in GELDSPALTEN if s in zuschuss]
    for s in spalten:
        gewichtet[s] = gewichtet[s] * gewichtet["anteil"]
    return gewichtet.groupby(je, as_index=False)[spalten].sum(min_count=1)


def _abweichung(df: pd.DataFrame) -> pd.DataFrame:
    df["abweichung"] = df["prognose"] - df["ansatz"]
    df["abweichung_anteil"] = df["abweichung"] / df["ansatz"].where(df["ansatz"] != 0)
    return df


def geld_je_ziel(zuschuss: pd.DataFrame, ziel_produkt: pd.DataFrame) -> pd.DataFrame:
    """Zuschussbedarf attributed to each goal (product amount × contribution share).

    Out: ziel_id plus the money columns, abweichung and abweichung_anteil.
    """
    return _abweichung(_gewichtet_summieren(ziel_produkt.merge(zuschuss, on="produkt_id", how="left"), zuschuss,
                                            "ziel_id"))


def produktabweichungen(zuschuss: pd.DataFrame, produkte: pd.DataFrame) -> pd.DataFrame:
    """Products with Ansatz and Prognose, largest absolute deviation first.

    Out: produkt_id, code, name, aufgabenart, ansatz, prognose, ist_bis, abweichung, abweichung_anteil.
    """
    df = zuschuss.merge(produkte[["id", "code", "name", "aufgabenart"]], left_on="produkt_id", right_on="id")
    df = _abweichung(df.dropna(subset=["ansatz", "prognose"]).copy())
    df = df.reindex(df["abweichung"].abs().sort_values(ascending=False).index)
    return df[["produkt_id", "code", "name", "aufgabenart", "ansatz", "prognose", "ist_bis",
               "abweichung", "abweichung_anteil"]].reset_index(drop=True)


def kennzahlabweichungen(bewertung: pd.DataFrame) -> pd.DataFrame:
    """Rated Kennzahlen below target, worst first (lowest grade); Kontext and unrated ones excluded."""
    df = bewertung[bewertung["grad"].notna()].copy()
    df["grad"] = df["grad"].astype(float)
    return df[df["grad"] < 1.0].sort_values(["grad", "code"]).reset_index(drop=True)


def statuszaehlung(bewertung: pd.DataFrame, regeln: Bewertungsregeln = Bewertungsregeln()) -> pd.DataFrame:
    """How many items have each status of the scale (all levels, also with 0), best first.

    Out: code, bezeichnung, symbol, farbe, anzahl.
    """
    stufen = st.stufen(regeln.skala)
    zaehlung = bewertung["status_code"].value_counts()
    return pd.DataFrame(
        {
            "code": [s.code for s in stufen],
            "bezeichnung": [s.bezeichnung for s in stufen],
            "symbol": [s.symbol for s in stufen],
            "farbe": [s.farbe for s in stufen],
            "anzahl": [int(zaehlung.get(s.code, 0)) for s in stufen],
        }
    )


def je_produktbereich(zuschuss: pd.DataFrame, produkte: pd.DataFrame) -> pd.DataFrame:
    """Zuschussbedarf summed per Produktbereich (the root of each product's hierarchy), largest Ansatz first.

    In: ``abfragen.zuschussbedarf_je_produkt`` and ``abfragen.produkte``. Amounts are stored at one level
    per product line (Produkt, or Produktgruppe in files like Köln's), so summing all nodes under a root
    counts each euro once. Out: code, name, and the money columns present in ``zuschuss``.
    """
    eltern = {int(i): int(e) for i, e in zip(produkte["id"], produkte["parent_id"], strict=True) if pd.notna(e)}

    def wurzel(produkt_id: int) -> int:
        gesehen = set()
        while produkt_id in eltern and produkt_id not in gesehen:
            gesehen.add(produkt_id)
            produkt_id = eltern[produkt_id]
        return produkt_id

    spalten = [s for s in GELDSPALTEN if s in zuschuss]
    if zuschuss.empty or produkte.empty:
        return pd.DataFrame(columns=["code", "name", *spalten])
    df = zuschuss.copy()
    df["bereich_id"] = [wurzel(int(i)) for i in df["produkt_id"]]
    summen = df.groupby("bereich_id", as_index=False)[spalten].sum(min_count=1)
    summen = summen.merge(produkte[["id", "code", "name"]], left_on="bereich_id", right_on="id")
    return summen.sort_values(["ansatz", "code"], ascending=[False, True], na_position="last")[
        ["code", "name", *spalten]].reset_index(drop=True)
