"""Year-end forecasts of each product's Zuschussbedarf: the department's own, a static and a seasonal
extrapolation, which one counts, how good the statistical ones were in past years (backtest), and whether
the overall result gets materially worse (wesentliche Verschlechterung, § 25 KomHVO NRW).

All amounts are Zuschussbedarf in euro (−Ergebnis: positive = net cost), as floats in DataFrames and as
Decimal where they are stored. In-year Ist (``ist_unterjaehrig``) is stored per period, not cumulated:
the Ist up to a Stichtag is the sum of the year's periods up to it. Pure calculations take DataFrames;
the queries read the summary table ``Haushaltssumme`` (amounts summed over the plan lines).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import formate as fmt
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    PERIODEN_JE_JAHR,
    PROGNOSEMETHODEN,
    Einstellung,
    Haushaltssumme,
    Produkt,
    Produktprognose,
    Prognosewahl,
    Ziel,
    ZielProdukt,
)
from kennzahlen.perioden import Periode
from kennzahlen.verwaltung import ist_abgeschlossen
from kennzahlen.zugang import Benutzerkontext

METHODENNAMEN = {
    "fachbereich": "Prognose des Fachbereichs",
    "statisch": "statische Hochrechnung",
    "saisonal": "saisonale Hochrechnung",
}
"""The methods' names as the user reads them."""

METHODEN = {
    "fachbereich": "Die Prognose des Fachbereichs ist die Schätzung des Zuschussbedarfs zum Jahresende, die das "
    "Fachamt zum Stichtag mit Begründung erfasst hat; ohne eigene Erfassung gilt die mit dem Haushalt "
    "importierte Prognose.",
    "statisch": "Die statische Hochrechnung teilt das Ist bis zum Stichtag durch den abgelaufenen Anteil des "
    "Jahres (zum 30.09. durch 9/12) und unterstellt, dass der Rest des Jahres so verläuft wie bisher.",
    "saisonal": "Die saisonale Hochrechnung teilt das Ist bis zum Stichtag durch den Anteil am Jahresergebnis, "
    "den die bis zu drei letzten abgeschlossenen Jahre zum selben Stichtag erreicht hatten, und berücksichtigt "
    "so Abschläge und Jahresendbuchungen; ohne solche Vorjahre rechnet sie statisch.",
}
"""One German sentence per method saying how it works."""

STATISTISCHE_METHODEN = ("statisch", "saisonal")
PROFILJAHRE = 3
"""How many previous complete years the seasonal profile averages at most."""

SCHWELLE_SCHLUESSEL = "wesentliche_verschlechterung_euro"
SCHWELLE_STANDARD = Decimal("1000000")
"""Default of the amount beyond which a worse overall result is 'wesentlich' (the council sets it)."""
BETRAG_ERWARTET = "Betrag in Euro wie 1.234.567,89"
GRENZE = Decimal("1e15")  # Numeric(18, 2) holds 16 integer digits; more is a typing error anyway

PROGNOSESPALTEN = (
    "produkt_id", "code", "name", "ansatz", "fortgeschriebener_ansatz", "bezugsansatz", "ist_bis",
    "fachbereich", "fachbereich_begruendung", "fachbereich_autor", "fachbereich_stichtag", "fachbereich_quelle",
    "statisch", "saisonal", "profiljahre", "methode", "gewaehlt", "prognose", "abweichung", "wahl_begruendung",
    "wahl_autor", "hinweis",
)
"""Columns of ``prognosen_je_produkt``."""

BACKTESTSPALTEN = ("methode", "periode", "stichtag", "mape", "jahre", "ohne_profil")
"""Columns of ``backtest``."""


# ---------------------------------------------------------------------------------------------------
# Pure calculations
# ---------------------------------------------------------------------------------------------------


def statische_hochrechnung(ist_bis: float, periode: Periode) -> float:
    """Ist up to the Stichtag divided by the elapsed share of the year (Q3: ÷ 0,75); NaN without Ist."""
    if ist_bis is None or pd.isna(ist_bis):
        return math.nan
    return float(ist_bis) / periode.anteil_am_jahr


def _leer_hochrechnung() -> pd.DataFrame:
    return pd.DataFrame({"produkt_id": pd.Series(dtype="int64"), "ist_bis": pd.Series(dtype=float),
                         "statisch": pd.Series(dtype=float), "saisonanteil": pd.Series(dtype=float),
                         "profiljahre": pd.Series(dtype="int64"), "saisonal": pd.Series(dtype=float)})


def saisonanteile(ist: pd.DataFrame, ergebnis: pd.DataFrame, periode: Periode,
                  profiljahre: int = PROFILJAHRE) -> pd.DataFrame:
    """Average share of the year's Ergebnis reached at the Stichtag in earlier complete years, per product.

    ``ist``: produkt_id, jahr, periode, zuschuss (one row per in-year period of kind ``periode.art``);
    ``ergebnis``: produkt_id, jahr, zuschuss. A year counts when it lies before ``periode.jahr``, has an
    Ergebnis other than 0 and Ist for every period of the year; the newest ``profiljahre`` of them are
    averaged. Returns produkt_id, saisonanteil (float), profiljahre (int, ≥ 1); products without such a
    year are absent.
    """
    n = PERIODEN_JE_JAHR[periode.art]
    frueher = ist[ist["jahr"] < periode.jahr]
    if frueher.empty or ergebnis.empty:
        return pd.DataFrame({"produkt_id": pd.Series(dtype="int64"), "saisonanteil": pd.Series(dtype=float),
                             "profiljahre": pd.Series(dtype="int64")})
    gruppen = frueher.groupby(["produkt_id", "jahr"])
    jahre = pd.DataFrame({
        "perioden": gruppen["periode"].nunique(),
        "bis": frueher[frueher["periode"] <= periode.nummer].groupby(["produkt_id", "jahr"])["zuschuss"].sum(),
    }).reset_index()
    jahre = jahre.merge(ergebnis.rename(columns={"zuschuss": "ergebnis"})[["produkt_id", "jahr", "ergebnis"]],
                        on=["produkt_id", "jahr"], how="inner")
    jahre = jahre[(jahre["perioden"] == n) & (jahre["ergebnis"] != 0) & jahre["ergebnis"].notna()]
    jahre = jahre.assign(anteil=jahre["bis"].fillna(0.0) / jahre["ergebnis"])
    jahre = jahre.sort_values(["produkt_id", "jahr"]).groupby("produkt_id").tail(profiljahre)
    anteile = jahre.groupby("produkt_id").agg(saisonanteil=("anteil", "mean"), profiljahre=("jahr", "size"))
    return anteile.reset_index()


def hochrechnungen(ist: pd.DataFrame, ergebnis: pd.DataFrame, periode: Periode,
                   profiljahre: int = PROFILJAHRE) -> pd.DataFrame:
    """Static and seasonal extrapolation of every product with Ist in the year of ``periode``.

    Inputs as in ``saisonanteile``. Returns produkt_id, ist_bis (sum of the year's periods up to the
    Stichtag), statisch, saisonanteil (NaN without profile), profiljahre (0 = no usable earlier year:
    then saisonal equals statisch), saisonal.
    """
    jahr = ist[(ist["jahr"] == periode.jahr) & (ist["periode"] <= periode.nummer)]
    if jahr.empty:
        return _leer_hochrechnung()
    df = jahr.groupby("produkt_id")["zuschuss"].sum().rename("ist_bis").reset_index()
    df["statisch"] = df["ist_bis"] / periode.anteil_am_jahr
    df = df.merge(saisonanteile(ist, ergebnis, periode, profiljahre), on="produkt_id", how="left")
    brauchbar = df["saisonanteil"].notna() & (df["saisonanteil"] > 0) & df["saisonanteil"].map(math.isfinite)
    df["profiljahre"] = df["profiljahre"].where(brauchbar, 0).fillna(0).astype("int64")
    df["saisonanteil"] = df["saisonanteil"].where(brauchbar)
    df["saisonal"] = (df["ist_bis"] / df["saisonanteil"]).where(brauchbar, df["statisch"])
    return df[["produkt_id", "ist_bis", "statisch", "saisonanteil", "profiljahre", "saisonal"]]


def wirksamer_stichtag(ist: pd.DataFrame, periode: Periode) -> Periode | None:
    """The newest period of the year up to ``periode`` with any in-year Ist (``ist`` as in ``saisonanteile``):
    Q3 when Q4 is chosen but the Ist runs only to Q3, so no extrapolation divides nine months by twelve.
    None when the year has no Ist yet."""
    jahr = ist[(ist["jahr"] == periode.jahr) & (ist["periode"] <= periode.nummer)]
    return None if jahr.empty else Periode(periode.jahr, periode.art, int(jahr["periode"].max()))


def geltende_prognose(werte: pd.DataFrame) -> pd.DataFrame:
    """Which forecast counts per row: the chosen method where it has a value, else the department's
    forecast where one exists, else the seasonal one.

    ``werte`` has fachbereich, statisch, saisonal (floats) and wahl (a method or None). Returns the same
    index with methode, gewaehlt (True when the choice applies), prognose and hinweis (German, "" if none).
    """
    methode, gewaehlt, prognose, hinweis = [], [], [], []
    for zeile in werte[["fachbereich", "statisch", "saisonal", "wahl"]].itertuples(index=False):
        wahl = zeile.wahl if isinstance(zeile.wahl, str) and zeile.wahl in PROGNOSEMETHODEN else None
        text = ""
        if wahl is not None and pd.notna(getattr(zeile, wahl)):
            m, g = wahl, True
        else:
            m, g = ("fachbereich" if pd.notna(zeile.fachbereich) else "saisonal"), False
            if wahl is not None:
                text = (f"Gewählt ist die {METHODENNAMEN[wahl]}, für sie liegt aber kein Wert vor; es gilt die "
                        f"{METHODENNAMEN[m]}.")
        methode.append(m)
        gewaehlt.append(g)
        prognose.append(getattr(zeile, m))
        hinweis.append(text)
    return pd.DataFrame({"methode": methode, "gewaehlt": gewaehlt, "prognose": pd.Series(prognose, dtype=float).values,
                         "hinweis": hinweis}, index=werte.index)


@dataclass(frozen=True)
class Verschlechterung:
    """The overall result by the forecasts that count, set against the (fortgeschriebener) Ansatz."""

    periode: Periode
    prognose: float
    """Sum of the counting forecasts (Zuschussbedarf); products without one count with their Ansatz."""
    ansatz: float
    """Sum of the fortgeschriebener Ansatz (the Ansatz where none is recorded)."""
    abweichung: float
    """prognose − ansatz: positive means the result gets worse."""
    schwelle: float
    wesentlich: bool
    ohne_prognose: int
    text: str


def verschlechterung_bewerten(prognosen: pd.DataFrame, schwelle: float | Decimal, periode: Periode) -> Verschlechterung:
    """Flag a 'wesentliche Verschlechterung' when the counting forecasts exceed the reference Ansatz by more
    than ``schwelle`` euro; ``prognosen`` has the columns prognose and bezugsansatz (``prognosen_je_produkt``)."""
    schwelle = float(schwelle)
    ohne = prognosen["prognose"].isna()
    ansatz = prognosen["bezugsansatz"].where(prognosen["bezugsansatz"].notna() | ohne, 0.0)
    prognose = prognosen["prognose"].where(~ohne, ansatz)
    summe_ansatz = float(ansatz.sum(min_count=1)) if ansatz.notna().any() else 0.0
    summe_prognose = float(prognose.sum(min_count=1)) if prognose.notna().any() else 0.0
    abweichung = summe_prognose - summe_ansatz
    wesentlich = abweichung > schwelle
    stand = (f"Nach den geltenden Prognosen zum {fmt.datum(periode.ende)} liegt der Zuschussbedarf aller Produkte "
             f"bei {fmt.euro(summe_prognose)}, {fmt.euro(abs(abweichung))} "
             f"{'über' if abweichung > 0 else 'unter'} dem fortgeschriebenen Ansatz von {fmt.euro(summe_ansatz)}.")
    if abweichung == 0:
        stand = (f"Nach den geltenden Prognosen zum {fmt.datum(periode.ende)} entspricht der Zuschussbedarf aller "
                 f"Produkte mit {fmt.euro(summe_prognose)} dem fortgeschriebenen Ansatz.")
    if wesentlich:
        text = (f"Wesentliche Verschlechterung: {stand} Das ist mehr als die vom Rat festgelegte Schwelle von "
                f"{fmt.euro(schwelle)}; nach § 25 KomHVO NRW ist der Rat unverzüglich zu unterrichten.")
    else:
        text = (f"Keine wesentliche Verschlechterung: {stand} Die Schwelle von {fmt.euro(schwelle)} für die "
                f"Unterrichtung des Rates nach § 25 KomHVO NRW ist nicht überschritten.")
    if ohne.any():
        text += (f" Für {int(ohne.sum())} Produkt(e) liegt keine Prognose vor; sie sind mit ihrem Ansatz "
                 "gerechnet.")
    return Verschlechterung(periode, summe_prognose, summe_ansatz, abweichung, schwelle, bool(wesentlich),
                            int(ohne.sum()), text)


def stichtagname(art: str, nummer: int) -> str:
    """'3. Quartal (30.09.)', '2. Tertial (31.08.)', 'September (30.09.)' for a Stichtag in any year."""
    p = Periode(2025, art, nummer)  # a common year: the end of February is the 28th
    return f"{p.lang.removesuffix(' 2025')} ({p.ende:%d.%m.})"


def _ohne_profil(teil: pd.DataFrame, methode: str) -> int:
    """Years in which the seasonal method had no earlier year at any Stichtag (0 for other methods)."""
    if methode != "saisonal":
        return 0
    return int((~teil.groupby("jahr")["mit_profil"].any()).sum())


def backtest_auswerten(einzeln: pd.DataFrame) -> pd.DataFrame:
    """Mean absolute percentage error per method and Stichtag, plus one overall row per method (periode 0).

    ``einzeln`` as from ``backtest_einzeln``. Columns: see BACKTESTSPALTEN; mape is a share (0,034 = 3,4 %),
    jahre the number of years, ohne_profil the years the seasonal method had no earlier year to learn from.
    """
    if einzeln.empty:
        return pd.DataFrame({s: pd.Series(dtype=object) for s in BACKTESTSPALTEN})
    art = einzeln["periodenart"].iloc[0]
    zeilen = []
    for methode in STATISTISCHE_METHODEN:
        teil = einzeln[einzeln["methode"] == methode]
        for nummer, gruppe in teil.groupby("periode"):
            zeilen.append((methode, int(nummer), stichtagname(art, int(nummer)), float(gruppe["fehler"].mean()),
                           int(gruppe["jahr"].nunique()), _ohne_profil(gruppe, methode)))
        zeilen.append((methode, 0, "alle Stichtage", float(teil["fehler"].mean()), int(teil["jahr"].nunique()),
                       _ohne_profil(teil, methode)))
    return pd.DataFrame(zeilen, columns=list(BACKTESTSPALTEN))


def beste_methode(auswertung: pd.DataFrame) -> str | None:
    """The statistical method with the smallest mean error over all Stichtage (None without backtest)."""
    gesamt = auswertung[auswertung["periode"] == 0]
    if gesamt.empty or gesamt["mape"].isna().all():
        return None
    return str(gesamt.sort_values(["mape", "methode"]).iloc[0]["methode"])


# ---------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------


def _summen(fabrik: sessionmaker[Session], periodenart: str, bis_jahr: int | None = None,
            jahresarten: Iterable[str] = ("ergebnis",)) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(in-year Ist per period, yearly amounts) as Zuschussbedarf: produkt_id, jahr, periode, zuschuss /
    produkt_id, jahr, betragsart, zuschuss; version 'beschluss', years up to ``bis_jahr``."""
    hb = Haushaltssumme
    bedingungen = [hb.version == "beschluss",
                   or_(and_(hb.betragsart == "ist_unterjaehrig", hb.periodenart == periodenart),
                       and_(hb.betragsart.in_(list(jahresarten)), hb.periodenart == "jahr"))]
    if bis_jahr is not None:
        bedingungen.append(hb.jahr <= bis_jahr)
    roh = tabelle_lesen(fabrik, select(hb.produkt_id, hb.jahr, hb.periode, hb.betragsart, hb.betrag)
                        .where(*bedingungen))
    roh["zuschuss"] = -roh["betrag"].astype(float)
    ist = roh[roh["betragsart"] == "ist_unterjaehrig"][["produkt_id", "jahr", "periode", "zuschuss"]]
    jahr = roh[roh["betragsart"] != "ist_unterjaehrig"][["produkt_id", "jahr", "betragsart", "zuschuss"]]
    return ist.reset_index(drop=True), jahr.reset_index(drop=True)


def _fachbereichsprognosen(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """The newest recorded department forecast of the year at or before the Stichtag, per product.

    Columns: produkt_id, fachbereich, fachbereich_begruendung, fachbereich_autor, fachbereich_stichtag (date).
    """
    pp = Produktprognose
    roh = tabelle_lesen(fabrik, select(pp.produkt_id, pp.periodenart, pp.periode, pp.zuschussbedarf,
                                       pp.begruendung, pp.autor, pp.erfasst_am).where(pp.jahr == periode.jahr))
    spalten = ["produkt_id", "fachbereich", "fachbereich_begruendung", "fachbereich_autor", "fachbereich_stichtag"]
    if roh.empty:
        return pd.DataFrame({s: pd.Series(dtype="int64" if s == "produkt_id" else object) for s in spalten})
    roh["fachbereich_stichtag"] = [Periode(periode.jahr, a, int(n)).ende for a, n in
                                   zip(roh["periodenart"], roh["periode"], strict=True)]
    roh = roh[roh["fachbereich_stichtag"] <= periode.ende]
    roh = (roh.sort_values(["produkt_id", "fachbereich_stichtag", "erfasst_am"])
           .drop_duplicates("produkt_id", keep="last"))
    return pd.DataFrame({
        "produkt_id": roh["produkt_id"].astype("int64"), "fachbereich": roh["zuschussbedarf"].astype(float),
        "fachbereich_begruendung": roh["begruendung"], "fachbereich_autor": roh["autor"],
        "fachbereich_stichtag": roh["fachbereich_stichtag"],
    }).reset_index(drop=True)


def prognosen_je_produkt(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """All forecasts of every product with amounts in the year of ``periode``, side by side (PROGNOSESPALTEN).

    ansatz, fortgeschriebener_ansatz: of the year; bezugsansatz: the fortgeschriebener Ansatz, else the
    Ansatz; ist_bis: Ist up to the Stichtag (the newest with Ist, see ``wirksamer_stichtag``); fachbereich:
    the department's forecast (recorded at or before the Stichtag, else the imported Haushalt prognose;
    fachbereich_quelle says which: "erfasst", "import");
    statisch, saisonal, profiljahre: see ``hochrechnungen``; methode, gewaehlt, prognose, hinweis: see
    ``geltende_prognose``; abweichung = prognose − bezugsansatz (positive: worse). Sorted by code.
    """
    ist, jahreswerte = _summen(fabrik, periode.art, periode.jahr,
                               ("ergebnis", "ansatz", "fortgeschriebener_ansatz", "prognose"))
    ergebnis = jahreswerte[jahreswerte["betragsart"] == "ergebnis"]
    diesjahr = jahreswerte[(jahreswerte["jahr"] == periode.jahr) & (jahreswerte["betragsart"] != "ergebnis")]
    breit = diesjahr.pivot_table(index="produkt_id", columns="betragsart", values="zuschuss", aggfunc="sum")
    breit = breit.reindex(columns=["ansatz", "fortgeschriebener_ansatz", "prognose"])
    breit.columns.name = None
    hoch = hochrechnungen(ist, ergebnis, wirksamer_stichtag(ist, periode) or periode).set_index("produkt_id")
    fach = _fachbereichsprognosen(fabrik, periode).set_index("produkt_id")
    wahl = tabelle_lesen(fabrik, select(Prognosewahl.produkt_id, Prognosewahl.methode, Prognosewahl.begruendung,
                                        Prognosewahl.autor).where(Prognosewahl.jahr == periode.jahr))
    wahl = wahl.rename(columns={"methode": "wahl", "begruendung": "wahl_begruendung", "autor": "wahl_autor"})
    ids = sorted(set(breit.index) | set(hoch.index) | set(fach.index))
    produkte = tabelle_lesen(fabrik, select(Produkt.id.label("produkt_id"), Produkt.code, Produkt.name)
                             .where(Produkt.id.in_(ids or [-1])))
    df = (produkte.set_index("produkt_id").join(breit).join(hoch).join(fach)
          .join(wahl.set_index("produkt_id")).reset_index())
    for spalte in ("ansatz", "fortgeschriebener_ansatz", "prognose", "ist_bis", "statisch", "saisonal", "fachbereich"):
        if spalte not in df:
            df[spalte] = math.nan
        df[spalte] = df[spalte].astype(float)
    for spalte in ("fachbereich_begruendung", "fachbereich_autor", "fachbereich_stichtag", "wahl",
                   "wahl_begruendung", "wahl_autor"):
        if spalte not in df:
            df[spalte] = None
        df[spalte] = df[spalte].astype(object).where(df[spalte].notna(), None)
    df["fachbereich_quelle"] = [("erfasst" if pd.notna(f) else "import" if pd.notna(i) else None)
                                for f, i in zip(df["fachbereich"], df["prognose"], strict=True)]
    df["fachbereich"] = df["fachbereich"].fillna(df["prognose"])
    df["profiljahre"] = df.get("profiljahre", pd.Series(dtype=float)).fillna(0).astype("int64")
    df["bezugsansatz"] = df["fortgeschriebener_ansatz"].fillna(df["ansatz"])
    df = df.drop(columns=["prognose"])
    df = df.join(geltende_prognose(df))
    df["abweichung"] = df["prognose"] - df["bezugsansatz"]
    return df.reindex(columns=list(PROGNOSESPALTEN)).sort_values("code").reset_index(drop=True)


def gueltige_prognosen(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """The forecast that counts per product: produkt_id, prognose (Zuschussbedarf, float), methode (one of
    PROGNOSEMETHODEN), gewaehlt (True when Controlling chose it), hinweis (German, "" if none)."""
    return prognosen_je_produkt(fabrik, periode)[["produkt_id", "prognose", "methode", "gewaehlt", "hinweis"]]


@zwischenspeichern
def backtest_einzeln(fabrik: sessionmaker[Session], periodenart: str) -> pd.DataFrame:
    """Each statistical method's forecast of the total for every past complete year and in-year Stichtag.

    A year takes part with the products that have an Ergebnis and Ist for every period of the year; the
    seasonal method learns only from the years before it. Cached by data version where the app attached a
    cache. Columns: periodenart, jahr, periode, methode,
    prognose, ergebnis (sums over those products), fehler (|prognose − ergebnis| / |ergebnis|), mit_profil.
    """
    ist, jahreswerte = _summen(fabrik, periodenart)
    ergebnis = jahreswerte[jahreswerte["betragsart"] == "ergebnis"][["produkt_id", "jahr", "zuschuss"]]
    n = PERIODEN_JE_JAHR[periodenart]
    vollstaendig = ist.groupby(["produkt_id", "jahr"])["periode"].nunique()
    vollstaendig = vollstaendig[vollstaendig == n].reset_index()[["produkt_id", "jahr"]]
    teilnehmer = vollstaendig.merge(ergebnis, on=["produkt_id", "jahr"])
    zeilen = []
    for jahr, gruppe in teilnehmer.groupby("jahr"):
        summe = float(gruppe["zuschuss"].sum())
        if summe == 0:
            continue
        produkte = set(gruppe["produkt_id"])
        for nummer in range(1, n + 1):
            hoch = hochrechnungen(ist[ist["jahr"] <= jahr], ergebnis[ergebnis["jahr"] < jahr],
                                  Periode(int(jahr), periodenart, nummer))
            hoch = hoch[hoch["produkt_id"].isin(produkte)]
            mit_profil = bool((hoch["profiljahre"] > 0).any())
            for methode in STATISTISCHE_METHODEN:
                wert = float(hoch[methode].sum())
                zeilen.append((periodenart, int(jahr), nummer, methode, wert, summe, abs(wert - summe) / abs(summe),
                               mit_profil))
    return pd.DataFrame(zeilen, columns=["periodenart", "jahr", "periode", "methode", "prognose", "ergebnis",
                                         "fehler", "mit_profil"])


def backtest(fabrik: sessionmaker[Session], periodenart: str) -> pd.DataFrame:
    """Mean absolute percentage error of each statistical method per Stichtag and overall (BACKTESTSPALTEN)."""
    return backtest_auswerten(backtest_einzeln(fabrik, periodenart))


def erfassbare_produkte(fabrik: sessionmaker[Session], nutzer: Benutzerkontext | None) -> list[str]:
    """Codes of the products (with amounts) for which ``nutzer`` may record a forecast, sorted.

    A product belongs to the Handlungsfelder of the goals it serves and to its owner unit (as in
    ``zugang.bereich_von``); read in one query instead of one per product.
    """
    if nutzer is None or not nutzer.darf_irgendwo("prognose_erfassen"):
        return []
    mit_betraegen = select(Haushaltssumme.produkt_id).distinct()
    produkte = tabelle_lesen(fabrik, select(Produkt.id, Produkt.code, Produkt.organisationseinheit_id)
                             .where(Produkt.id.in_(mit_betraegen)).order_by(Produkt.code))
    felder = tabelle_lesen(fabrik, select(ZielProdukt.produkt_id, Ziel.handlungsfeld_id)
                           .join(Ziel, Ziel.id == ZielProdukt.ziel_id))
    je_produkt = felder.groupby("produkt_id")["handlungsfeld_id"].agg(frozenset).to_dict()
    return [code for pid, code, einheit in produkte.itertuples(index=False)
            if nutzer.darf("prognose_erfassen", je_produkt.get(pid, frozenset()),
                           None if pd.isna(einheit) else int(einheit))]


# ---------------------------------------------------------------------------------------------------
# The threshold of a 'wesentliche Verschlechterung'
# ---------------------------------------------------------------------------------------------------


def betrag_lesen(wert: object, feld: str) -> Decimal:
    """An amount from a form or a script ('1.234.567,89', 1234.5, Decimal) rounded to cents; a German
    ValueError naming ``feld`` when it is missing or no number."""
    from kennzahlen.importe.werte import WertFehler, zahl_lesen

    if wert is None or (isinstance(wert, str) and not wert.strip()):
        raise ValueError(f"{feld} fehlt; erwartet: {BETRAG_ERWARTET}.")
    try:
        betrag = zahl_lesen(wert.strip() if isinstance(wert, str) else wert, "de")
    except WertFehler as fehler:
        raise ValueError(f"{feld}: „{str(wert)[:40]}“ {fehler.problem}; erwartet: {BETRAG_ERWARTET}.") from None
    try:
        betrag = betrag.quantize(Decimal("0.01"))
    except InvalidOperation:
        betrag = GRENZE
    if abs(betrag) >= GRENZE:
        raise ValueError(f"{feld}: „{str(wert)[:40]}“ ist zu groß; erwartet: {BETRAG_ERWARTET}.")
    return betrag


def schwelle_lesen(session: Session) -> Decimal:
    """The amount (euro) beyond which a worse overall result is 'wesentlich'; default 1.000.000 €."""
    text = session.scalar(select(Einstellung.wert).where(Einstellung.schluessel == SCHWELLE_SCHLUESSEL))
    try:
        wert = Decimal(text) if text is not None else SCHWELLE_STANDARD
    except InvalidOperation:
        return SCHWELLE_STANDARD
    return wert if wert.is_finite() and wert >= 0 else SCHWELLE_STANDARD


def schwelle_speichern(session: Session, wert: object) -> Decimal:
    """Store the threshold ('1.000.000', 250000; blank = back to the default); returns the threshold in force."""
    session.execute(delete(Einstellung).where(Einstellung.schluessel == SCHWELLE_SCHLUESSEL))
    if wert is None or (isinstance(wert, str) and not wert.strip()):
        session.flush()
        return SCHWELLE_STANDARD
    betrag = betrag_lesen(wert, "Schwelle der wesentlichen Verschlechterung")
    if betrag < 0:
        raise ValueError("Schwelle der wesentlichen Verschlechterung: der Betrag darf nicht negativ sein; erwartet: "
                         "Betrag in Euro wie 1.000.000.")
    session.add(Einstellung(schluessel=SCHWELLE_SCHLUESSEL, wert=str(betrag)))
    session.flush()
    return betrag


def wesentliche_verschlechterung(fabrik: sessionmaker[Session], periode: Periode,
                                 prognosen: pd.DataFrame | None = None) -> Verschlechterung:
    """The overall result by the counting forecasts against the threshold in force (see ``verschlechterung_bewerten``);
    pass ``prognosen`` (from ``prognosen_je_produkt``) to save reading them again."""
    with fabrik() as s:
        schwelle = schwelle_lesen(s)
    if prognosen is None:
        prognosen = prognosen_je_produkt(fabrik, periode)
    return verschlechterung_bewerten(prognosen, schwelle, periode)


# ---------------------------------------------------------------------------------------------------
# Writes (the caller runs them in its transaction and writes the audit entry)
# ---------------------------------------------------------------------------------------------------


def _produkt(session: Session, code: object) -> Produkt:
    text = str(code).strip() if code is not None else ""
    if not text:
        raise ValueError("Produkt fehlt; erwartet: Produktcode wie 060502.")
    produkt = session.scalar(select(Produkt).where(Produkt.code == text))
    if produkt is None:
        raise ValueError(f"Produkt: „{text[:40]}“ gibt es nicht; erwartet: Code eines vorhandenen Produkts.")
    return produkt


def _text(wert: object) -> str:
    return str(wert).strip() if wert is not None else ""


def prognose_erfassen(session: Session, produkt_code: str, periode: Periode, zuschussbedarf: object,
                      begruendung: str | None, autor: str) -> Produktprognose:
    """Record the department's year-end forecast of a product's Zuschussbedarf at the Stichtag ``periode``.

    Re-entering at the same Stichtag replaces the earlier entry (unchanged values leave the row as it is,
    so saving twice gives the same state). Raises a German ValueError naming the field for a missing
    product or reason, an amount that is no number, a yearly period or a closed period.
    """
    produkt = _produkt(session, produkt_code)
    if periode.art == "jahr":
        raise ValueError("Stichtag: eine Prognose gehört zu einer unterjährigen Periode; erwartet: Quartal, Tertial "
                         "oder Monat.")
    betrag = betrag_lesen(zuschussbedarf, "Prognose (Zuschussbedarf)")
    grund = _text(begruendung)
    if not grund:
        raise ValueError("Begründung fehlt; erwartet: ein Satz, worauf die Prognose beruht (z. B. Fallzahlen, "
                         "Preissteigerungen).")
    if len(grund) > 4000:
        raise ValueError(f"Begründung: {len(grund)} Zeichen sind zu lang; erwartet: höchstens 4.000 Zeichen.")
    if ist_abgeschlossen(session, periode.jahr, periode.art, periode.nummer):
        raise ValueError(f"Stichtag: {periode.lang} ist abgeschlossen; erwartet: eine offene Periode (Controlling "
                         "kann sie wieder öffnen).")
    autor = _text(autor)[:100] or "unbekannt"
    eintrag = session.scalar(select(Produktprognose).where(
        Produktprognose.produkt_id == produkt.id, Produktprognose.jahr == periode.jahr,
        Produktprognose.periodenart == periode.art, Produktprognose.periode == periode.nummer))
    if eintrag is None:
        eintrag = Produktprognose(produkt_id=produkt.id, jahr=periode.jahr, periodenart=periode.art,
                                  periode=periode.nummer, zuschussbedarf=betrag, begruendung=grund, autor=autor)
        session.add(eintrag)
    elif (Decimal(eintrag.zuschussbedarf), eintrag.begruendung, eintrag.autor) != (betrag, grund, autor):
        eintrag.zuschussbedarf, eintrag.begruendung, eintrag.autor = betrag, grund, autor
        eintrag.erfasst_am = dt.datetime.now(dt.UTC)
    session.flush()
    return eintrag


def prognose_waehlen(session: Session, produkt_code: str, jahr: int, methode: str, begruendung: str | None,
                     autor: str) -> Prognosewahl:
    """Record which forecast counts for a product in a year (one of PROGNOSEMETHODEN); replaces an earlier
    choice. Raises a German ValueError naming the field for an unknown product, year or method."""
    produkt = _produkt(session, produkt_code)
    if methode not in PROGNOSEMETHODEN:
        erlaubt = ", ".join(f"{m} ({METHODENNAMEN[m]})" for m in PROGNOSEMETHODEN)
        raise ValueError(f"Methode: „{str(methode)[:40]}“ gibt es nicht; erwartet: {erlaubt}.")
    try:
        jahr = int(jahr)
    except (TypeError, ValueError):
        raise ValueError(f"Jahr: „{jahr}“ ist keine Jahreszahl; erwartet: ganze Zahl wie 2026.") from None
    if not 1990 <= jahr <= 2100:
        raise ValueError(f"Jahr: {jahr} liegt außerhalb; erwartet: ein Jahr zwischen 1990 und 2100.")
    grund = _text(begruendung) or None
    autor = _text(autor)[:100] or "unbekannt"
    wahl = session.get(Prognosewahl, (produkt.id, jahr))
    if wahl is None:
        wahl = Prognosewahl(produkt_id=produkt.id, jahr=jahr, methode=methode, begruendung=grund, autor=autor)
        session.add(wahl)
    elif (wahl.methode, wahl.begruendung, wahl.autor) != (methode, grund, autor):
        wahl.methode, wahl.begruendung, wahl.autor = methode, grund, autor
        wahl.geaendert_am = dt.datetime.now(dt.UTC)
    session.flush()
    return wahl
