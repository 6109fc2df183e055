"""The presentation of one Handlungsfeld for the controlling meeting: slides in a fixed order.

Slide 1 is the field (status counts of its goals and steerable Kennzahlen, Ansatz, Ist bis Stichtag and
Prognose), then one slide per goal in tree order (a strategic goal, then its operative goals, depth
first, codes ascending), and last "Offene Maßnahmen und Beschlussvorschläge". The assembly
(``folien_bauen``, ``zielreihenfolge``, ``beschlussvorschlaege``) is pure; ``praesentation`` loads the data
through the existing queries (``auswertung.cockpitdaten``, ``abfragen.handlungsfeld``, ``abfragen.ziel``,
``massnahmen.massnahmen``) and is cached by arguments and data version.

Decisions made here:
- A goal slide shows the goal's OWN Kennzahlen (its operative goals get their own slides), its sub-goals
  with status, the Abweichungsbegründungen of the chosen period on the goal and its Kennzahlen, and the
  Maßnahmen on the goal and its Kennzahlen that are still open or were written in the chosen period.
- The last slide lists every open Maßnahme of the field (as the permission check sees the field: also
  those on its products and on Kennzahlen measuring its goals).
- Beschlussvorschläge are derived, not stored: a goal without sub-goals (measures are decided where the
  Kennzahlen are) below target (rated, grade < 100 %) and without an open Maßnahme on it or its Kennzahlen
  asks for one; an overdue open Maßnahme asks for a new deadline or a decision to end it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen import formate as fmt
from kennzahlen.abfragen import handlungsfeld as hq
from kennzahlen.abfragen import ziel as zq
from kennzahlen.auswertung import cockpitdaten
from kennzahlen.cache import zwischenspeichern
from kennzahlen.massnahmen import massnahmen as alle_massnahmen
from kennzahlen.perioden import Periode

VERLAUF_JAHRE = 3
"""Years (including the chosen one) of the trend chart on a goal slide: fewer than the Ziel view, for a
projector."""
SCHLUSSTITEL = "Offene Maßnahmen und Beschlussvorschläge"
GELD = ("ansatz", "ist_bis", "prognose", "ist_vorjahr_bis")
"""Money columns of ``Praesentation.geld`` (euro, Zuschussbedarf attributed to the field by share)."""


@dataclass(frozen=True)
class Folie:
    """One slide.

    art: "handlungsfeld" | "ziel" | "massnahmen"; titel: the slide's heading ("Ziel Z5.1: …").
    ziel: the goal's row of ``ziele_bewerten`` (code, name, ebene, grad, status_* …), goal slides only.
    kennzahlen: the goal's own Kennzahlen, rated (``kennzahlen_bewerten`` columns plus gewicht), by code.
    unterziele: the goal's direct sub-goals, rated, by code.
    begruendungen: Abweichungsbegründungen of the period (columns of ``abfragen.ziel.kommentare``).
    massnahmen: Maßnahmen shown on the slide (columns of ``massnahmen.massnahmen``).
    """

    nummer: int
    art: str
    titel: str
    ziel: pd.Series | None = None
    kennzahlen: pd.DataFrame = field(default_factory=pd.DataFrame)
    unterziele: pd.DataFrame = field(default_factory=pd.DataFrame)
    begruendungen: pd.DataFrame = field(default_factory=pd.DataFrame)
    massnahmen: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class Praesentation:
    """Everything the presentation of one Handlungsfeld shows for one period.

    feld: the field's row of ``handlungsfelder_bewerten`` (code, name, beschreibung, grad, status_*).
    geld: ``GELD`` amounts of the field (NaN when none). stichtag: effective Stichtag of the budget Ist.
    statuszaehlung: one row per status level, best first: code, bezeichnung, symbol, farbe, ziele,
      kennzahlen (counts of the field's goals and steerable Kennzahlen).
    verlauf / zielwerte: Ist per period and yearly Zielwerte of the field's goal Kennzahlen
      (``abfragen.ziel.kennzahlverlauf`` / ``jahreszielwerte``) for the trend charts.
    beschlussvorschlaege: ``beschlussvorschlaege``.
    """

    periode: Periode
    stichtag: Periode | None
    regeln: rechnen.Bewertungsregeln
    feld: pd.Series
    geld: dict[str, float]
    statuszaehlung: pd.DataFrame
    folien: tuple[Folie, ...]
    verlauf: pd.DataFrame
    zielwerte: pd.DataFrame
    beschlussvorschlaege: tuple[str, ...]

    @property
    def anzahl(self) -> int:
        """How many slides there are."""
        return len(self.folien)

    def folie(self, nummer: int) -> Folie:
        """Slide ``nummer`` (1-based); IndexError outside 1 … anzahl."""
        if not 1 <= nummer <= self.anzahl:
            raise IndexError(f"Folie {nummer} gibt es nicht (1 bis {self.anzahl}).")
        return self.folien[nummer - 1]


def zielreihenfolge(ziele: pd.DataFrame) -> list[int]:
    """Ids of ``ziele`` (id, code, parent_id) in tree order: each top goal, then its sub-goals depth first,
    codes ascending; a goal whose parent is not in ``ziele`` counts as a top goal; cycles are cut."""
    if ziele.empty:
        return []
    ids = {int(i) for i in ziele["id"]}
    sortiert = ziele.sort_values("code", key=lambda s: s.map(_codeschluessel))
    kinder: dict[int, list[int]] = {}
    oberste = []
    for z in sortiert.itertuples(index=False):
        eltern = None if pd.isna(z.parent_id) else int(z.parent_id)
        if eltern is None or eltern not in ids:
            oberste.append(int(z.id))
        else:
            kinder.setdefault(eltern, []).append(int(z.id))
    reihe: list[int] = []

    def besuchen(ziel_id: int) -> None:
        if ziel_id in reihe:
            return
        reihe.append(ziel_id)
        for kind in kinder.get(ziel_id, []):
            besuchen(kind)

    for ziel_id in oberste:
        besuchen(ziel_id)
    for ziel_id in sortiert["id"]:  # goals only reachable through a cycle
        besuchen(int(ziel_id))
    return reihe


def _codeschluessel(code: str) -> tuple:
    """'Z5.10' after 'Z5.9': digits compare as numbers."""
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(code)) if t)


def zieltitel(ziel) -> str:
    """'Ziel Z5.1: Ambulante vor stationären Hilfen'."""
    return f"Ziel {ziel['code']}: {ziel['name']}"


def beschlussvorschlaege(ziele: pd.DataFrame, eigene_kennzahlen: dict[int, list[str]],
                         offene_massnahmen: pd.DataFrame, heute: dt.date) -> tuple[str, ...]:
    """Decisions the meeting could take, in words (see the module's notes), goals in the order given.

    ``ziele``: id, code, name, parent_id, grad, status_text; ``eigene_kennzahlen``: goal id → codes of its Kennzahlen;
    ``offene_massnahmen``: open Maßnahmen (objektart, objekt_code, id, text, frist, ueberfaellig).
    """
    vorschlaege = []
    mit_massnahme = set(zip(offene_massnahmen["objektart"], offene_massnahmen["objekt_code"], strict=True)) \
        if len(offene_massnahmen) else set()
    eltern = {int(i) for i in ziele["parent_id"].dropna()}
    for z in ziele.itertuples(index=False):
        grad = None if z.grad is None or pd.isna(z.grad) else float(z.grad)
        if grad is None or grad >= 1.0 or int(z.id) in eltern:
            continue
        objekte = {("ziel", z.code)} | {("kennzahl", k) for k in eigene_kennzahlen.get(int(z.id), [])}
        if objekte & mit_massnahme:
            continue
        vorschlaege.append(f"Ziel {z.code} „{z.name}“ ist {z.status_text} (Zielerreichung {fmt.prozent(grad, 0)}) "
                           "und hat keine offene Maßnahme: Maßnahme mit Verantwortung und Frist beschließen.")
    for m in offene_massnahmen.itertuples(index=False):
        if bool(m.ueberfaellig):
            vorschlaege.append(f"Maßnahme Nr. {m.id} „{m.text}“ ist seit {fmt.datum(m.frist)} überfällig: neue Frist "
                               "festlegen oder die Maßnahme beenden.")
    return tuple(vorschlaege)


def folien_bauen(
    feld: pd.Series,
    ziele: pd.DataFrame,
    kennzahlen: pd.DataFrame,
    ziel_kennzahl: pd.DataFrame,
    kommentare: pd.DataFrame,
    massnahmen: pd.DataFrame,
    periode: Periode,
) -> tuple[Folie, ...]:
    """The slides of a field: field, each goal in ``zielreihenfolge``, open measures.

    ``ziele``: the field's goals rated (``ziele_bewerten``); ``kennzahlen``: ``kennzahlen_bewerten`` (at least the
    field's); ``ziel_kennzahl``: ziel_id, kennzahl_id, gewicht; ``kommentare``: ``abfragen.ziel.kommentare`` of the
    field's goals and Kennzahlen; ``massnahmen``: ``massnahmen.massnahmen`` (any scope: filtered here by object,
    and for the last slide by ``handlungsfeld_ids`` containing the field's id).
    """
    folien = [Folie(1, "handlungsfeld", f"Handlungsfeld {feld['name']}")]
    nach_id = ziele.set_index("id", drop=False)
    kz = kennzahlen.set_index("id", drop=False)
    for ziel_id in zielreihenfolge(ziele):
        z = nach_id.loc[ziel_id]
        links_ = ziel_kennzahl[ziel_kennzahl["ziel_id"] == ziel_id]
        eigene = (kz.loc[[int(i) for i in links_["kennzahl_id"] if int(i) in kz.index]].reset_index(drop=True)
                  .merge(links_[["kennzahl_id", "gewicht"]], left_on="id", right_on="kennzahl_id", how="left")
                  .drop(columns="kennzahl_id").sort_values("code").reset_index(drop=True))
        codes = set(eigene["code"])
        unter = ziele[ziele["parent_id"] == ziel_id].sort_values("code", key=lambda s: s.map(_codeschluessel))
        folien.append(Folie(
            len(folien) + 1, "ziel", zieltitel(z), z, eigene, unter.reset_index(drop=True),
            _begruendungen(kommentare, z["code"], codes), _zielmassnahmen(massnahmen, z["code"], codes, periode),
        ))
    offen = offene_massnahmen(massnahmen, int(feld["id"]))
    folien.append(Folie(len(folien) + 1, "massnahmen", SCHLUSSTITEL, massnahmen=offen))
    return tuple(folien)


def _betrifft(df: pd.DataFrame, ziel_code: str, kennzahlcodes: set[str]) -> pd.Series:
    """Rows (objektart, objekt_code) on the goal or one of these Kennzahlen."""
    return ((df["objektart"] == "ziel") & (df["objekt_code"] == ziel_code)) | (
        (df["objektart"] == "kennzahl") & df["objekt_code"].isin(kennzahlcodes))


def _begruendungen(kommentare: pd.DataFrame, ziel_code: str, kennzahlcodes: set[str]) -> pd.DataFrame:
    """Abweichungsbegründungen of the chosen period on the goal and its Kennzahlen."""
    if kommentare.empty:
        return kommentare.copy()
    wahl = (kommentare["art"] == "abweichungsbegruendung") & (kommentare["zeitbezug"] == "periode") & _betrifft(
        kommentare, ziel_code, kennzahlcodes)
    return kommentare[wahl].reset_index(drop=True)


def _zielmassnahmen(massnahmen: pd.DataFrame, ziel_code: str, kennzahlcodes: set[str],
                    periode: Periode) -> pd.DataFrame:
    """Maßnahmen on the goal and its Kennzahlen: open ones, and those written in ``periode`` (any status)."""
    if massnahmen.empty:
        return massnahmen.copy()
    dieser = ((massnahmen["jahr"] == periode.jahr) & (massnahmen["periodenart"] == periode.art)
              & (massnahmen["periode"] == periode.nummer))
    wahl = _betrifft(massnahmen, ziel_code, kennzahlcodes) & (
        massnahmen["offen"].astype(bool) | dieser)
    return massnahmen[wahl].reset_index(drop=True)


def offene_massnahmen(massnahmen: pd.DataFrame, handlungsfeld_id: int) -> pd.DataFrame:
    """Open Maßnahmen (offen, in Umsetzung) of the field: its id among ``handlungsfeld_ids``; by deadline."""
    if massnahmen.empty:
        return massnahmen.copy()
    im_feld = massnahmen["handlungsfeld_ids"].map(lambda t: handlungsfeld_id in tuple(t or ()))
    return massnahmen[im_feld & massnahmen["offen"].astype(bool)].reset_index(drop=True)


@zwischenspeichern
def praesentation(fabrik: sessionmaker[Session], code: str, periode: Periode, regeln: rechnen.Bewertungsregeln,
                  heute: dt.date) -> Praesentation | None:
    """Load and assemble the presentation of the Handlungsfeld ``code`` (None when no field has it); ``heute``
    decides which Maßnahmen are overdue."""
    kopf = hq.handlungsfeld(fabrik, code)
    if kopf.empty:
        return None
    hf_id = int(kopf.iloc[0]["id"])
    daten = cockpitdaten(fabrik, periode, regeln)
    feld = daten.handlungsfelder[daten.handlungsfelder["id"] == hf_id].iloc[0]
    geld = {s: float(feld[s]) if s in feld.index and pd.notna(feld[s]) else float("nan") for s in GELD}
    ziele = daten.ziele[daten.ziele["handlungsfeld_id"] == hf_id].reset_index(drop=True)
    zk = abfragen.ziel_kennzahl(fabrik)
    zk = zk[zk["ziel_id"].isin(ziele["id"])]
    ziel_kz_ids = sorted({int(i) for i in zk["kennzahl_id"]})
    feld_kz_ids = set(hq.feldkennzahlen(fabrik, hf_id))
    kennzahlen = daten.kennzahlen[daten.kennzahlen["id"].isin(feld_kz_ids | set(ziel_kz_ids))]
    steuerbar = kennzahlen[(kennzahlen["typ"] != "kontext") & kennzahlen["steuerbar"].astype(bool)]

    zaehlung = rechnen.statuszaehlung(ziele, regeln).rename(columns={"anzahl": "ziele"})
    zaehlung["kennzahlen"] = rechnen.statuszaehlung(steuerbar, regeln)["anzahl"]

    kommentare = zq.kommentare(fabrik, [int(i) for i in ziele["id"]], ziel_kz_ids, [], periode)
    massnahmen = alle_massnahmen(fabrik, periode, heute)
    folien = folien_bauen(feld, ziele, kennzahlen, zk, kommentare, massnahmen, periode)

    von_jahr = periode.jahr - VERLAUF_JAHRE + 1
    eigene = {int(z): [str(c) for c in kennzahlen.loc[kennzahlen["id"].isin(g["kennzahl_id"]), "code"]]
              for z, g in zk.groupby("ziel_id")}
    reihenfolge = ziele.set_index("id").loc[zielreihenfolge(ziele)].reset_index()
    return Praesentation(
        periode=periode, stichtag=daten.stichtag, regeln=regeln, feld=feld, geld=geld, statuszaehlung=zaehlung,
        folien=folien, verlauf=zq.kennzahlverlauf(fabrik, ziel_kz_ids, von_jahr, periode),
        zielwerte=zq.jahreszielwerte(fabrik, ziel_kz_ids, von_jahr, periode.jahr),
        beschlussvorschlaege=beschlussvorschlaege(reihenfolge, eigene, folien[-1].massnahmen, heute),
    )
