"""Pure calculations for the Kennzahl and Produkt views: time series with status per period, values per
Sozialraum (small numbers suppressed by ``kennzahlen.kleine_zahlen``), and a product's Zuschussbedarf per
year and kind (rolled up the product hierarchy).

Every function takes DataFrames from ``kennzahlen.abfragen.kennzahl`` / ``.produkt`` and returns a new
DataFrame; nothing here reads the database or knows about Dash.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from kennzahlen import cockpit as rechnen
from kennzahlen import kleine_zahlen
from kennzahlen.models import PERIODEN_JE_JAHR
from kennzahlen.perioden import Periode

# ---------------------------------------------------------------------------------------------------
# Kennzahl: time series and status per period
# ---------------------------------------------------------------------------------------------------

REIHENSPALTEN = (
    "jahr", "periodenart", "periode", "kurz", "lang", "ende", "ist", "ist_status", "zielwert", "ausgangswert",
    "vergleichswert", "prognose", "unterdrueckt",
)
"""Columns of ``zeitreihe``."""


def _auswahl_raum(werte: pd.DataFrame, sozialraum_code: str | None) -> pd.DataFrame:
    if sozialraum_code is None:
        return werte[werte["sozialraum_code"].isna()]
    return werte[werte["sozialraum_code"] == sozialraum_code]


def reihenart(frequenz: str, periodenart: str) -> str:
    """The period kind of a Kennzahl's series: yearly Kennzahlen per year (also before any Ist exists), the
    others per reporting period."""
    return "jahr" if frequenz == "jahr" else periodenart


def ist_periodenart(werte: pd.DataFrame, periodenart: str) -> str:
    """The period kind the Ist values of a Kennzahl come in: the reporting period if there are any,
    else 'jahr' for Kennzahlen published once a year (else the reporting period)."""
    ist = werte[werte["wertart"] == "ist"]
    if (ist["periodenart"] == periodenart).any() or not (ist["periodenart"] == "jahr").any():
        return periodenart
    return "jahr"


def _je_periode(df: pd.DataFrame, wertart: str, art: str) -> dict[tuple[int, int], float]:
    teil = df[(df["wertart"] == wertart) & (df["periodenart"] == art)]
    return {(int(j), int(p)): float(w) for j, p, w in zip(teil["jahr"], teil["periode"], teil["wert"], strict=True)}


def _je_jahr(df: pd.DataFrame, wertart: str) -> dict[int, float]:
    teil = df[(df["wertart"] == wertart) & (df["periodenart"] == "jahr")]
    return {int(j): float(w) for j, w in zip(teil["jahr"], teil["wert"], strict=True)}


def zeitreihe(
    werte: pd.DataFrame, periodenart: str, sozialraum_code: str | None = None, bis: Periode | None = None
) -> pd.DataFrame:
    """One row per period from the first Ist to the last Ist (or ``bis``, if later), gaps included.

    In: ``abfragen.kennzahl.werte``. ``periodenart`` is the reporting period; a Kennzahl with only
    yearly Ist values gets a yearly series. Zielwert and Vergleichswert are the period's own value where
    one is stored, else the year's; Ausgangswert is the earliest stored baseline (one constant);
    Prognose is the year's forecast. Only values of the city (``sozialraum_code`` None) or of that one
    Sozialraum count: a city target is never applied to a district. For a district, pass the values from
    ``kleine_zahlen.werte_schuetzen``: a suppressed Ist stays NaN and is flagged in ``unterdrueckt``.
    Out: ``REIHENSPALTEN``; missing values are NaN, ist_status None.
    """
    art = ist_periodenart(werte, periodenart)
    df = _auswahl_raum(werte, sozialraum_code)
    ist = df[(df["wertart"] == "ist") & (df["periodenart"] == art)]
    if ist.empty and df.empty:
        return pd.DataFrame({s: pd.Series(dtype=object) for s in REIHENSPALTEN})
    if ist.empty:  # targets only: start with the first year that has any value, end there (or at ``bis``)
        anfang = ende = Periode(int(df["jahr"].min()), art, 1)
    else:
        schluessel = sorted(zip(ist["jahr"].astype(int), ist["periode"].astype(int), strict=True))
        anfang = Periode(schluessel[0][0], art, schluessel[0][1])
        ende = Periode(schluessel[-1][0], art, schluessel[-1][1])
    if bis is not None:
        bis_hier = bis if art == bis.art else Periode(bis.jahr, "jahr", 1)
        ende = max(ende, bis_hier)
    perioden: list[Periode] = []
    laufend = anfang
    while laufend <= ende:
        perioden.append(laufend)
        laufend = _naechste(laufend)

    ist_wert = _je_periode(df, "ist", art)
    ist_status = {(int(j), int(p)): s for j, p, s in zip(ist["jahr"], ist["periode"], ist["status"], strict=True)}
    geschuetzt = set()
    if "unterdrueckt" in ist:
        geschuetzt = {(int(j), int(p)) for j, p, u in zip(ist["jahr"], ist["periode"], ist["unterdrueckt"], strict=True)
                      if u}
    ziel_periode, ziel_jahr = _je_periode(df, "zielwert", art), _je_jahr(df, "zielwert")
    vergleich_periode, vergleich_jahr = _je_periode(df, "vergleichswert", art), _je_jahr(df, "vergleichswert")
    prognose_jahr = _je_jahr(df, "prognose")
    basis = df[df["wertart"] == "ausgangswert"].sort_values(["jahr", "periode"])
    ausgangswert = float(basis["wert"].iloc[0]) if len(basis) else math.nan

    zeilen = []
    for p in perioden:
        k = (p.jahr, p.nummer)
        zeilen.append({
            "jahr": p.jahr, "periodenart": p.art, "periode": p.nummer, "kurz": p.kurz, "lang": p.lang,
            "ende": p.ende, "ist": ist_wert.get(k, math.nan), "ist_status": ist_status.get(k),
            "zielwert": ziel_periode.get(k, ziel_jahr.get(p.jahr, math.nan)), "ausgangswert": ausgangswert,
            "vergleichswert": vergleich_periode.get(k, vergleich_jahr.get(p.jahr, math.nan)),
            "prognose": prognose_jahr.get(p.jahr, math.nan), "unterdrueckt": k in geschuetzt,
        })
    return pd.DataFrame(zeilen, columns=list(REIHENSPALTEN))


def _naechste(p: Periode) -> Periode:
    if p.art == "jahr":
        return Periode(p.jahr + 1, "jahr", 1)
    if p.nummer < PERIODEN_JE_JAHR[p.art]:
        return Periode(p.jahr, p.art, p.nummer + 1)
    return Periode(p.jahr + 1, p.art, 1)


def reihe_bewerten(
    reihe: pd.DataFrame, steckbrief: Mapping, regeln: rechnen.Bewertungsregeln | None = None
) -> pd.DataFrame:
    """Rate every period of ``zeitreihe`` exactly as the cockpit rates a Kennzahl for one period.

    ``steckbrief`` needs typ, richtung, korridor_unten, korridor_oben. Adds grad (None = keine
    Bewertung), nicht_geliefert (the period before had an Ist, this one has none), vorperiode and the
    status_* columns of ``kennzahlen.cockpit``. Kontext-Kennzahlen are never rated.
    """
    df = reihe.reset_index(drop=True).copy()
    n = len(df)
    if n == 0:
        for spalte in ("grad", "nicht_geliefert", "vorperiode", "status_code", "status_text", "status_symbol",
                       "status_farbe", "status_rang"):
            df[spalte] = pd.Series(dtype=object)
        return df
    df["vorperiode"] = df["ist"].astype(float).shift(1)
    stamm = pd.DataFrame({
        "id": range(n),
        "typ": steckbrief["typ"],
        "richtung": steckbrief["richtung"],
        "korridor_unten": _zahl(steckbrief.get("korridor_unten")),
        "korridor_oben": _zahl(steckbrief.get("korridor_oben")),
    })
    eingabe = pd.DataFrame({
        "kennzahl_id": range(n), "ist": df["ist"].astype(float), "ist_status": df["ist_status"],
        "zielwert": df["zielwert"].astype(float), "ausgangswert": df["ausgangswert"].astype(float),
        "vorperiode": df["vorperiode"],
    })
    bewertet = rechnen.kennzahlen_bewerten(stamm, eingabe, regeln or rechnen.Bewertungsregeln())
    bewertet = bewertet.sort_values("id").reset_index(drop=True)
    for spalte in ("grad", "nicht_geliefert", "status_code", "status_text", "status_symbol", "status_farbe",
                   "status_rang"):
        df[spalte] = bewertet[spalte].to_numpy()
    df["grad"] = pd.Series(list(bewertet["grad"]), dtype=object)
    return df


def _zahl(wert) -> float:
    try:
        f = float(wert)
    except (TypeError, ValueError):
        return math.nan
    return f


# ---------------------------------------------------------------------------------------------------
# Kennzahl: values per Sozialraum
# ---------------------------------------------------------------------------------------------------

def werte_je_sozialraum(
    werte: pd.DataFrame, sozialraeume: pd.DataFrame, periode: Periode, fallzahl: bool = True
) -> pd.DataFrame:
    """The Ist of every Sozialraum for ``periode`` (or its year, for yearly Kennzahlen).

    In: ``abfragen.kennzahl.werte`` (best already through ``kleine_zahlen.werte_schuetzen``, then its
    ``unterdrueckt`` is used and ``fallzahl`` is ignored) and ``abfragen.kennzahl.sozialraeume``.
    ``fallzahl``: the Kennzahl counts people or cases, so small values are suppressed (in doubt: True).
    Out: one row per Sozialraum (also those without a value): code, name, bezirk_code, bezirk_name,
    geometrie, wert (NaN = none or suppressed), status, unterdrueckt, stadtwert (the city Ist of the
    period), abstand_stadt (wert − stadtwert), rang (1 = highest value; NaN without value). Sorted by code.
    """
    art = ist_periodenart(werte, periode.art)
    nummer = periode.nummer if art == periode.art else 1
    ist = werte[(werte["wertart"] == "ist") & (werte["periodenart"] == art) & (werte["jahr"] == periode.jahr)
                & (werte["periode"] == nummer)]
    if "unterdrueckt" not in ist:
        ist = kleine_zahlen.werte_schuetzen(ist, sozialraeume, fallzahl)
    stadt = ist[ist["sozialraum_code"].isna()]["wert"]
    stadtwert = float(stadt.iloc[0]) if len(stadt) else math.nan
    raum = ist[ist["sozialraum_code"].notna()][["sozialraum_code", "wert", "status", "unterdrueckt"]]
    df = sozialraeume.merge(raum, left_on="code", right_on="sozialraum_code", how="left").drop(
        columns="sozialraum_code")
    df["wert"] = df["wert"].astype(float)
    df["unterdrueckt"] = df["unterdrueckt"].astype("boolean").fillna(False).astype(bool)
    df["stadtwert"] = stadtwert
    df["abstand_stadt"] = df["wert"] - stadtwert
    df["rang"] = df["wert"].rank(ascending=False, method="min")
    return df.sort_values("code").reset_index(drop=True)


def hat_sozialraumwerte(werte: pd.DataFrame) -> bool:
    """True when the Kennzahl has Ist values for at least one Sozialraum."""
    return bool(((werte["wertart"] == "ist") & werte["sozialraum_code"].notna()).any())


# ---------------------------------------------------------------------------------------------------
# Produkt: hierarchy and Zuschussbedarf per year
# ---------------------------------------------------------------------------------------------------

ZUSCHUSSSPALTEN = ("ergebnis", "ansatz", "fortgeschriebener_ansatz", "ist_bis", "prognose", "planung")
"""Money columns of ``zuschussbedarf_je_jahr`` (Zuschussbedarf in euro: positive = net cost)."""
_SCHLUESSEL = ["jahr", "periodenart", "periode", "betragsart"]


def _kinder(hierarchie: pd.DataFrame) -> dict[int, list[int]]:
    mit_eltern = hierarchie[hierarchie["parent_id"].notna()]
    kinder: dict[int, list[int]] = {}
    for kind, eltern in zip(mit_eltern["id"], mit_eltern["parent_id"], strict=True):
        kinder.setdefault(int(eltern), []).append(int(kind))
    return kinder


def baumtiefen(kinder: Mapping[int, list[int]], wurzel: int) -> tuple[dict[int, int], dict[int, int]]:
    """(depth, parent) of every node reached from ``wurzel``, breadth first (each node once: cycles are cut)."""
    tiefe, eltern = {wurzel: 0}, {}
    offen = [wurzel]
    while offen:
        naechste = []
        for knoten in offen:
            for kind in kinder.get(knoten, []):
                if kind not in tiefe:
                    tiefe[kind], eltern[kind] = tiefe[knoten] + 1, knoten
                    naechste.append(kind)
        offen = naechste
    return tiefe, eltern


def nachfahren(hierarchie: pd.DataFrame, produkt_id: int) -> list[int]:
    """``produkt_id`` and every node below it in the product hierarchy (cycles in bad data are cut)."""
    kinder = _kinder(hierarchie)
    gesehen: list[int] = []
    offen = [int(produkt_id)]
    while offen:
        knoten = offen.pop()
        if knoten in gesehen:
            continue
        gesehen.append(knoten)
        offen.extend(kinder.get(knoten, []))
    return gesehen


def vorfahren(hierarchie: pd.DataFrame, produkt_id: int) -> pd.DataFrame:
    """The nodes above ``produkt_id``, top first (Produktbereich, Produktgruppe); columns of ``hierarchie``."""
    nach_id = hierarchie.set_index("id")
    kette: list[int] = []
    aktuell = nach_id.loc[produkt_id, "parent_id"] if produkt_id in nach_id.index else None
    while aktuell is not None and not pd.isna(aktuell) and int(aktuell) in nach_id.index and int(aktuell) not in kette:
        kette.append(int(aktuell))
        aktuell = nach_id.loc[int(aktuell), "parent_id"]
    return hierarchie.set_index("id").loc[list(reversed(kette))].reset_index()


class Teilbaum(Mapping[int, pd.DataFrame]):
    """The rolled-up amounts of a subtree: node id → its frame (jahr, periodenart, periode, betragsart,
    betrag), cut out of one long frame only when asked for (a Produktbereich has hundreds of nodes)."""

    def __init__(self, lang: pd.DataFrame, knoten: list[int]) -> None:
        self._lang = lang.reset_index(drop=True)
        self._knoten = knoten
        self._enthalten = set(knoten)
        self._zeilen = self._lang.groupby("produkt_id").indices if len(self._lang) else {}

    def __getitem__(self, pid: int) -> pd.DataFrame:
        if pid not in self._enthalten:
            raise KeyError(pid)
        zeilen = self._zeilen.get(pid)
        if zeilen is None:
            return _als_frame(pd.Series(dtype=float))
        return self._lang.iloc[zeilen][[*_SCHLUESSEL, "betrag"]].reset_index(drop=True)

    def __iter__(self):
        return iter(self._knoten)

    def __len__(self) -> int:
        return len(self._knoten)


def verdichten_teilbaum(betraege: pd.DataFrame, hierarchie: pd.DataFrame, produkt_id: int) -> Teilbaum:
    """``verdichten`` for ``produkt_id`` and every node below it: node id → amounts.

    Level by level from the deepest (vectorised: one groupby per level, not one frame per node): a node
    keeps its own amount of a (jahr, periodenart, periode, betragsart) where stored, else the sum of its
    children's. Cycles in bad data are cut where the walk from ``produkt_id`` meets a node again.
    """
    tiefe, eltern = baumtiefen(_kinder(hierarchie), int(produkt_id))
    schluessel = ["produkt_id", *_SCHLUESSEL]
    eigen = (betraege[betraege["produkt_id"].isin(list(tiefe))].groupby(schluessel)["betrag"].sum()
             if len(betraege) else pd.Series(dtype=float))
    knoten_tiefe = pd.Series(tiefe)
    ebenen, von_unten = [], None
    for t in sorted(set(tiefe.values()), reverse=True):
        ids = knoten_tiefe.index[knoten_tiefe == t]
        hier = eigen[eigen.index.get_level_values(0).isin(ids)] if len(eigen) else eigen
        if von_unten is not None and len(von_unten):
            oben = von_unten.rename(index=eltern, level=0).groupby(level=list(range(len(schluessel)))).sum()
            hier = hier.combine_first(oben) if len(hier) else oben
        ebenen.append(hier)
        von_unten = hier
    teile = [e for e in ebenen if len(e)]
    if teile:
        lang = pd.concat(teile).rename("betrag").reset_index()
        lang.columns = [*schluessel, "betrag"]
    else:
        lang = pd.DataFrame({s: pd.Series(dtype=object) for s in schluessel} | {"betrag": pd.Series(dtype=float)})
    return Teilbaum(lang, list(tiefe))


def _als_frame(wert: pd.Series) -> pd.DataFrame:
    if not len(wert):
        return pd.DataFrame({s: pd.Series(dtype=object) for s in _SCHLUESSEL} | {"betrag": pd.Series(dtype=float)})
    wert = wert.copy()
    wert.index = wert.index.set_names(_SCHLUESSEL)
    return wert.rename("betrag").reset_index()


def verdichten(betraege: pd.DataFrame, hierarchie: pd.DataFrame, produkt_id: int) -> pd.DataFrame:
    """The amounts of one node: its own where stored, else the sum of its children's (recursively).

    The rule holds per (jahr, periodenart, periode, betragsart): a Produktgruppe whose budget is kept at
    group level (as in Köln) uses its own amounts; one whose money sits on its products sums them. A
    node never counts both. In: ``abfragen.produkt.haushaltsbetraege``. Out: jahr, periodenart, periode,
    betragsart, betrag.
    """
    return verdichten_teilbaum(betraege, hierarchie, produkt_id)[int(produkt_id)]


def zuschussbedarf_je_jahr(betraege: pd.DataFrame, periode: Periode) -> pd.DataFrame:
    """Zuschussbedarf (−Ergebnis, euro) of one node per year and kind.

    In: ``verdichten`` (or the raw amounts of a single product). Out: jahr and ``ZUSCHUSSSPALTEN``;
    ergebnis, ansatz, fortgeschriebener_ansatz, prognose and planung are yearly amounts; ist_bis is the
    in-year Ist of the periods 1 … ``periode.nummer`` of ``periode.art`` (same cut-off every year), only
    for years up to ``periode.jahr``. NaN where nothing is stored. Sorted by year.
    """
    jahr = betraege[betraege["periodenart"] == "jahr"]
    tabelle = (-jahr.groupby(["jahr", "betragsart"])["betrag"].sum()).unstack("betragsart") if len(jahr) else None
    ist = betraege[(betraege["betragsart"] == "ist_unterjaehrig") & (betraege["periodenart"] == periode.art)
                   & (betraege["periode"] <= periode.nummer) & (betraege["jahr"] <= periode.jahr)]
    ist_bis = -ist.groupby("jahr")["betrag"].sum() if len(ist) else pd.Series(dtype=float)
    jahre = sorted(set(jahr["jahr"].astype(int)) | set(ist_bis.index.astype(int)))
    df = pd.DataFrame({"jahr": jahre})
    for spalte in ZUSCHUSSSPALTEN:
        quelle = ist_bis if spalte == "ist_bis" else (
            tabelle[spalte] if tabelle is not None and spalte in tabelle else pd.Series(dtype=float))
        df[spalte] = [float(quelle.get(j, math.nan)) for j in jahre]
    return df


def kennzahlen_des_jahres(zuschuss: pd.DataFrame, jahr: int) -> dict[str, float]:
    """The headline numbers of a year from ``zuschussbedarf_je_jahr``: ansatz, fortgeschriebener_ansatz,
    ist_bis, prognose, ergebnis (of that year), ergebnis_vorjahr, ist_vorjahr_bis; NaN where missing."""

    zeilen = {int(z["jahr"]): z for z in zuschuss.to_dict("records")}

    def wert(j: int, spalte: str) -> float:
        return float(zeilen[j][spalte]) if j in zeilen else math.nan

    return {
        "ansatz": wert(jahr, "ansatz"),
        "fortgeschriebener_ansatz": wert(jahr, "fortgeschriebener_ansatz"),
        "ist_bis": wert(jahr, "ist_bis"),
        "prognose": wert(jahr, "prognose"),
        "ergebnis": wert(jahr, "ergebnis"),
        "ergebnis_vorjahr": wert(jahr - 1, "ergebnis"),
        "ist_vorjahr_bis": wert(jahr - 1, "ist_bis"),
    }


def zuschussbedarf_der_kinder(
    betraege: pd.DataFrame, hierarchie: pd.DataFrame, produkt_id: int, periode: Periode,
    teilbaum: dict[int, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The direct children of a node with their Zuschussbedarf in ``periode.jahr``.

    ``teilbaum``: the result of ``verdichten_teilbaum`` when the caller has it already.
    Out: id, code, name, ebene, aufgabenart, ansatz, ist_bis, prognose, ergebnis_vorjahr. Sorted by code.
    """
    kinder = hierarchie[hierarchie["parent_id"] == produkt_id].sort_values("code")
    teilbaum = teilbaum if teilbaum is not None else verdichten_teilbaum(betraege, hierarchie, produkt_id)
    zeilen = []
    for _, kind in kinder.iterrows():
        zahlen = kennzahlen_des_jahres(zuschussbedarf_je_jahr(teilbaum[int(kind["id"])], periode), periode.jahr)
        zeilen.append({"id": int(kind["id"]), "code": kind["code"], "name": kind["name"], "ebene": kind["ebene"],
                       "aufgabenart": kind["aufgabenart"], **{s: zahlen[s] for s in
                                                              ("ansatz", "ist_bis", "prognose", "ergebnis_vorjahr")}})
    spalten = ["id", "code", "name", "ebene", "aufgabenart", "ansatz", "ist_bis", "prognose", "ergebnis_vorjahr"]
    return pd.DataFrame(zeilen, columns=spalten)
