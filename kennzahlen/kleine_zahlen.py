"""Privacy of small numbers: which Kennzahlen count people or cases, and suppression of their small
values per Sozialraum (primary and secondary suppression).

A Kennzahl is a *Fallzahl* when it counts persons or cases (``Kennzahl.fallzahl``; derived by
``ist_fallzahl`` when an import does not say). Its values per Sozialraum are protected like the
statistics of the Bundesagentur für Arbeit:

- primary: values with 0 < v < minimum are hidden (0 stays: it identifies nobody); the minimum is the
  installation's setting WK_MINDESTFALLZAHL (``Einstellungen.mindestfallzahl``, default ``MINDESTFALLZAHL``),
  passed down from the page, download or report to ``abfragen.kennzahl.werte``;
- secondary: the Sozialräume of the city add up to the city value, those of a Bezirk to the Bezirk
  value (counted as published even when it is not stored, to fail safe). Within each such group the
  hidden cells' sum is known as total − visible. A group is safe when it hides no cell, or when it hides
  at least two cells, the hidden sum is at least ``MINDESTFALLZAHL``, at least one hidden cell is not a
  small number (so the hidden sum is no sum of small numbers only) and no small hidden cell can be
  narrowed to a single value from that sum and the known bounds (small: 1 … minimum − 1; others ≥
  minimum). An unsafe group hides its next smallest visible non-zero cell (zeros only when no other cell
  is left) until it is safe or nothing is left to hide.

Everything here is pure pandas: suppressed values are replaced by NaN and flagged in ``unterdrueckt``;
the original value is not kept in any column, so it cannot reach a figure, a table or a download.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

MINDESTFALLZAHL = 3
"""Like the Bundesagentur für Arbeit: counts of 1 and 2 are not published."""
UNTERDRUECKT = "geschützt"
"""Cell text of a suppressed value (the same for primary and secondary suppression, so that a reader
cannot tell which hidden cell is the small one)."""
UNTERDRUECKT_LANG = "geschützt (kleine Fallzahl)"
"""Longer cell text of a suppressed value, for tables and hover texts."""


def hinweis(minimum: int = MINDESTFALLZAHL) -> str:
    """Sentence shown near a map or table that contains suppressed values (``minimum``: the installation's
    setting WK_MINDESTFALLZAHL)."""
    return (f"Datenschutz: Werte unter {int(minimum)} Personen oder Fällen je Sozialraum werden nicht "
            "ausgewiesen, dazu weitere Sozialräume, aus denen sie sich über die Summe zurückrechnen ließen.")


HINWEIS = hinweis()
"""``hinweis`` for the default minimum."""
RATE_UNTERDRUECKT = "zu wenige Einwohner"
"""Start of the reason a rate per 1.000 is not shown: its population is below WK_MINDESTBEVOELKERUNG."""
SCHLUESSEL = ("wertart", "jahr", "periodenart", "periode")
"""Columns of ``abfragen.kennzahl.werte`` that identify one table of district values (one period)."""

# Units that are rates, amounts, durations or scores, not counts. Symbols count anywhere, words when a
# word of the unit is or ends with them ("Betreuungsquote", "Beratungsstunden"), short words only alone.
_ZEICHEN = ("%", "‰", "€", "m²", "ø")
_WORTENDEN = ("jahr", "jahre", "jahren", "monat", "monate", "monaten", "tage", "tagen", "woche", "wochen", "stunde",
              "stunden", "minuten", "index", "punkte", "quote", "anteil", "rate", "km")
_WOERTER = ("eur", "euro", "teur", "je", "pro")
_ENDUNG = re.compile(r"(?:" + "|".join(_WORTENDEN) + r")(?!\w)")
_WORT = re.compile(r"(?<!\w)(?:" + "|".join(_WOERTER) + r")(?!\w)")
_ALTERSANGABE = re.compile(r"\d[\d.,]*\s*(?:(?:bis|-|–)\s*\d[\d.,]*\s*)?(?:jahr\w*|monat\w*)")
"""Age bands ("unter 6 Jahren", "15 bis 64 Jahre") describe whom a count counts, not a duration."""


def ist_fallzahl(einheit: str | None, nenner: str | None) -> bool:
    """True when a Kennzahl counts people or cases: no Nenner and a unit that is no rate, amount, duration
    or score (%, ‰, €, EUR, „je …“, „pro …“, Jahre, Tage, Index, Quote, Anteil, Ø …). In doubt: True."""
    if nenner is not None and not (isinstance(nenner, float) and math.isnan(nenner)) and str(nenner).strip():
        return False
    text = _ALTERSANGABE.sub(" ", str(einheit or "").casefold())
    if any(z in text for z in _ZEICHEN):
        return False
    return not (_ENDUNG.search(text) or _WORT.search(text))


# ---------------------------------------------------------------------------------------------------
# Suppression of one table of cells
# ---------------------------------------------------------------------------------------------------


def _gruppe_sicher(werte: np.ndarray, klein: np.ndarray, versteckt: np.ndarray, minimum: int) -> bool:
    """Whether the hidden cells of one group (arrays restricted to the group) are safe against total − visible."""
    if not versteckt.any():
        return True
    w, k = werte[versteckt], klein[versteckt]
    summe = float(w.sum())
    if len(w) < 2 or summe < minimum or not (w >= minimum).any():
        return False
    # Bounds an attacker may know: small cells 1 … minimum − 1, hidden zeros 0, other cells ≥ minimum.
    unten = np.where(k, 1.0, np.where(w == 0, 0.0, float(minimum)))
    oben = np.where(k, float(minimum - 1), np.where(w == 0, 0.0, math.inf))
    for i in np.flatnonzero(k):
        andere_unten = float(unten.sum() - unten[i])
        andere_oben = float(np.delete(oben, i).sum())
        kleinst = max(unten[i], summe - andere_oben)
        groesst = min(oben[i], summe - andere_unten)
        if groesst - kleinst < 1:
            return False
    return True


def _naechste_zelle(werte: np.ndarray, versteckt: np.ndarray, gruppe: np.ndarray) -> int | None:
    """The visible cell of ``gruppe`` to hide next: the smallest non-zero one, else a zero, else None."""
    offen = gruppe[~versteckt[gruppe]]
    if not len(offen):
        return None
    nicht_null = offen[werte[offen] != 0]
    kandidaten = nicht_null if len(nicht_null) else offen
    return int(kandidaten[np.argmin(werte[kandidaten])])


def unterdrueckungsmaske(
    werte: Sequence[float] | np.ndarray, bezirke: Sequence[Hashable | None] | None = None,
    minimum: int = MINDESTFALLZAHL,
) -> np.ndarray:
    """Which cells of one table of district counts must be hidden (primary and secondary suppression).

    ``werte``: the cells (NaN = no value, never hidden); ``bezirke``: the Bezirk of each cell (None = none);
    every Bezirk is a group against its total, so are the cells without Bezirk and all cells together
    (against the city value). Returns a bool array of the same length.
    """
    w = np.asarray(werte, dtype=float)
    da = ~np.isnan(w)
    klein = da & (w > 0) & (w < minimum)
    versteckt = klein.copy()
    if not klein.any():
        return versteckt
    alle = np.flatnonzero(da)
    gruppen = []
    if bezirke is not None and any(b is not None and not pd.isna(b) for b in bezirke):
        schluessel = ["" if b is None or pd.isna(b) else f"b:{b}" for b in bezirke]
        for s in dict.fromkeys(schluessel[i] for i in alle):
            gruppen.append(np.array([i for i in alle if schluessel[i] == s], dtype=int))
    gruppen.append(alle)
    geaendert = True
    while geaendert:
        geaendert = False
        for g in gruppen:
            while not _gruppe_sicher(w[g], klein[g], versteckt[g], minimum):
                zelle = _naechste_zelle(w, versteckt, g)
                if zelle is None:
                    break
                versteckt[zelle] = True
                geaendert = True
    return versteckt


def unterdruecken(
    df: pd.DataFrame, spalte: str, fallzahl: bool, bezirk: str | None = None, minimum: int = MINDESTFALLZAHL
) -> pd.DataFrame:
    """One table of district values with small counts and recomputable cells blanked (NaN).

    ``df``: one row per Sozialraum; ``bezirk``: the column naming each row's Bezirk (optional). Only for
    Fallzahlen; other Kennzahlen pass unchanged. Adds a bool column ``unterdrueckt``.
    """
    ergebnis = df.copy()
    werte = pd.to_numeric(ergebnis[spalte], errors="coerce").astype(float)
    if fallzahl and len(ergebnis):
        maske = unterdrueckungsmaske(werte.to_numpy(), list(ergebnis[bezirk]) if bezirk else None, minimum)
    else:
        maske = np.zeros(len(ergebnis), dtype=bool)
    ergebnis[spalte] = werte.mask(maske)
    ergebnis["unterdrueckt"] = maske
    return ergebnis


def werte_schuetzen(
    werte: pd.DataFrame, sozialraeume: pd.DataFrame, fallzahl: bool, minimum: int = MINDESTFALLZAHL
) -> pd.DataFrame:
    """All values of one Kennzahl with its district values suppressed per kind of value and period.

    In: ``abfragen.kennzahl.werte`` and ``abfragen.kennzahl.sozialraeume`` (code, bezirk_code). Each
    (wertart, jahr, periodenart, periode) is one table: the Sozialräume grouped by Bezirk against the city;
    values stored for other areas (Bezirke) form one more table against the city. City values stay.
    Out: the columns of ``werte`` (wert masked) plus ``unterdrueckt``. Compute it once and derive the map,
    the ranking and every district's time series from it, so a value hidden in one is hidden in all.
    """
    ergebnis = werte.copy()
    ergebnis["wert"] = pd.to_numeric(ergebnis["wert"], errors="coerce").astype(float)
    maske = np.zeros(len(ergebnis), dtype=bool)
    if fallzahl and len(ergebnis):
        bezirk_von = dict(zip(sozialraeume["code"], sozialraeume.get("bezirk_code", pd.Series(
            [None] * len(sozialraeume), dtype=object)), strict=True))
        positionen = pd.Series(np.arange(len(ergebnis)), index=ergebnis.index)
        raum = ergebnis["sozialraum_code"]
        for ist_sozialraum in (True, False):
            auswahl = raum.notna() & (raum.isin(bezirk_von) == ist_sozialraum)
            teil = ergebnis[auswahl]
            for _, tabelle in teil.groupby(list(SCHLUESSEL), sort=False):
                bezirke = [bezirk_von.get(c) for c in tabelle["sozialraum_code"]] if ist_sozialraum else None
                m = unterdrueckungsmaske(tabelle["wert"].to_numpy(), bezirke, minimum)
                maske[positionen[tabelle.index[m]].to_numpy()] = True
    ergebnis["wert"] = ergebnis["wert"].mask(maske)
    ergebnis["unterdrueckt"] = maske
    return ergebnis
