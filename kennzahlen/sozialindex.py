"""Social index per Sozialraum in the manner of the Berlin „Monitoring Soziale Stadtentwicklung“ and the
Hamburg „Sozialmonitoring Integrierte Stadtteilentwicklung“: chosen district indicators, z-standardised
across the districts, combined with weights into a status index (level now) and a dynamics index (change
over a span of years), each cut into classes at fixed multiples of the standard deviation.

Method (also shown on the page, ``methode_text``):

- Per indicator and district the Ist of the period (``abfragen.kennzahl.werte``: small numbers are already
  suppressed; a suppressed value is never used) and its change over ``spanne_jahre`` (Prozentpunkte for
  % units, else per cent of the start value; ``sozialraum.rangliste``).
- z = (value − mean of the districts) / standard deviation of the districts (population sd). Indicators
  where a higher value is better (``richtung == "hoeher_besser"``) are flipped, so a positive z always
  means more disadvantage (Berlin's convention: high index = low social status).
- Status index = weighted mean of a district's z over its available indicators (weights renormalised),
  then standardised again across the districts. A district with fewer than half of the indicators
  (at least one) is „nicht bewertbar“.
- Status classes on the standardised index z_S: 1 „hoch“ (z_S < −1), 2 „mittel“ (−1 ≤ z_S ≤ +1),
  3 „niedrig“ (+1 < z_S ≤ +1,5), 4 „sehr niedrig“ (z_S > +1,5) – the Berlin limits.
- Dynamics index likewise from the changes' z; classes 1 „positiv“ (z_D < −1), 2 „stabil“ (−1 ≤ z_D ≤ +1),
  3 „negativ“ (z_D > +1).

The indicators and weights are a setting (``Einstellung`` key ``sozialindex_indikatoren``, JSON object
code → weight), read with ``indikatoren_lesen`` and stored with ``indikatoren_speichern``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import formate
from kennzahlen.abfragen import kennzahl as abfragen
from kennzahlen.kleine_zahlen import MINDESTFALLZAHL
from kennzahlen.models import Einstellung, Kennzahl
from kennzahlen.perioden import Periode
from kennzahlen.sozialraum import art_fuer_einheit, rangliste
from kennzahlen.zeitreihe import ist_periodenart

SCHLUESSEL = "sozialindex_indikatoren"
"""Key of the setting in the ``Einstellung`` table (JSON object: Kennzahl code → weight)."""
STANDARD_INDIKATOREN: dict[str, float] = {"K101": 1.0, "K104": 1.0, "K511": 1.0}
"""Default (Musterstadt): SGB II-Quote, Arbeitslosenquote, Kinderarmut – the core of Berlin's status index."""
STATUSKLASSEN = {1: "hoch", 2: "mittel", 3: "niedrig", 4: "sehr niedrig"}
DYNAMIKKLASSEN = {1: "positiv", 2: "stabil", 3: "negativ"}
NICHT_BEWERTBAR = "nicht bewertbar"
STATUSGRENZEN = (-1.0, 1.0, 1.5)
"""Upper limits (in standard deviations) of status classes 1, 2 and 3; above the last: class 4."""
DYNAMIKGRENZEN = (-1.0, 1.0)
"""Upper limits of dynamics classes 1 and 2; above the last: class 3."""
MAX_INDIKATOREN = 12
MAX_GEWICHT = 100.0


class SozialindexFehler(ValueError):
    """A setting of indicators and weights that cannot be used; the message says what and what is expected."""


# ------------------------------------------------------------------------------------ pure method
def _z(werte: pd.Series) -> pd.Series:
    """z-scores over the non-missing values (population sd); all 0 when the values do not vary."""
    w = werte.astype(float)
    gueltig = w.dropna()
    if len(gueltig) == 0:
        return w * np.nan
    sd = float(gueltig.std(ddof=0))
    if not sd or math.isnan(sd):
        return w.where(w.isna(), 0.0)
    return (w - float(gueltig.mean())) / sd


def statusklasse(z: float) -> int | None:
    """Status class 1–4 of a standardised status index (None when missing)."""
    if z is None or pd.isna(z):
        return None
    if z < STATUSGRENZEN[0]:
        return 1
    return 2 + sum(z > g for g in STATUSGRENZEN[1:])


def dynamikklasse(z: float) -> int | None:
    """Dynamics class 1–3 of a standardised dynamics index (None when missing)."""
    if z is None or pd.isna(z):
        return None
    return 1 if z < DYNAMIKGRENZEN[0] else (3 if z > DYNAMIKGRENZEN[1] else 2)


def _index(einzel: pd.DataFrame, gewichte: Mapping[str, float], mindestens: int) -> tuple[pd.Series, pd.Series]:
    """Weighted mean of the available z per row (NaN with fewer than ``mindestens``) and its standardisation."""
    g = pd.Series({c: float(gewichte[c]) for c in einzel.columns})
    vorhanden = einzel.notna()
    summe = (einzel.fillna(0.0) * g).sum(axis=1)
    gewicht = (vorhanden * g).sum(axis=1)
    roh = (summe / gewicht.replace(0.0, np.nan)).where(vorhanden.sum(axis=1) >= mindestens)
    return roh, _z(roh)


def berechnen(stand: pd.DataFrame, veraenderung: pd.DataFrame, richtungen: Mapping[str, str],
              gewichte: Mapping[str, float]) -> pd.DataFrame:
    """The social index from values: ``stand`` and ``veraenderung`` are district × indicator (NaN = none or
    suppressed); ``richtungen`` code → Kennzahl.richtung; ``gewichte`` code → weight (> 0).

    Out, one row per district (the index of ``stand``): ``z_<code>`` and ``dz_<code>`` per indicator,
    anzahl_indikatoren, statusindex (weighted mean z), statusindex_z, statusklasse (1–4 or None),
    statusklasse_text, dynamikindex, dynamikindex_z, dynamikklasse (1–3 or None), dynamikklasse_text.
    """
    codes = [c for c in gewichte if c in stand.columns]
    mindestens = max(1, math.ceil(len(codes) / 2))
    vorzeichen = {c: -1.0 if richtungen.get(c) == "hoeher_besser" else 1.0 for c in codes}
    z = pd.DataFrame({c: _z(stand[c]) * vorzeichen[c] for c in codes}, index=stand.index)
    dz = pd.DataFrame({c: _z(veraenderung[c]) * vorzeichen[c] if c in veraenderung else np.nan for c in codes},
                      index=stand.index)
    erg = pd.DataFrame(index=stand.index)
    for c in codes:
        erg[f"z_{c}"] = z[c]
    for c in codes:
        erg[f"dz_{c}"] = dz[c]
    erg["anzahl_indikatoren"] = z.notna().sum(axis=1).astype(int) if codes else 0
    if codes:
        erg["statusindex"], erg["statusindex_z"] = _index(z, gewichte, mindestens)
        erg["dynamikindex"], erg["dynamikindex_z"] = _index(dz, gewichte, mindestens)
    else:
        for s in ("statusindex", "statusindex_z", "dynamikindex", "dynamikindex_z"):
            erg[s] = np.nan
    erg["statusklasse"] = [statusklasse(v) for v in erg["statusindex_z"]]
    erg["dynamikklasse"] = [dynamikklasse(v) for v in erg["dynamikindex_z"]]
    erg["statusklasse_text"] = [STATUSKLASSEN.get(k, NICHT_BEWERTBAR) if k else NICHT_BEWERTBAR
                                for k in erg["statusklasse"]]
    erg["dynamikklasse_text"] = [DYNAMIKKLASSEN.get(k, NICHT_BEWERTBAR) if k else NICHT_BEWERTBAR
                                 for k in erg["dynamikklasse"]]
    return erg


# --------------------------------------------------------------------------------------- with data
def indikatoren_info(fabrik: sessionmaker[Session], codes: list[str]) -> pd.DataFrame:
    """The chosen Kennzahlen that exist: code, id, name, einheit, richtung, raumebene (in the order of ``codes``)."""
    with fabrik() as s:
        zeilen = s.execute(select(Kennzahl.code, Kennzahl.id, Kennzahl.name, Kennzahl.einheit, Kennzahl.richtung,
                                  Kennzahl.raumebene).where(Kennzahl.code.in_(codes))).all()
    df = pd.DataFrame(zeilen, columns=["code", "id", "name", "einheit", "richtung", "raumebene"])
    reihenfolge = {c: i for i, c in enumerate(codes)}
    return df.assign(_r=df["code"].map(reihenfolge)).sort_values("_r").drop(columns="_r").reset_index(drop=True)


def sozialindex(fabrik: sessionmaker[Session], periode: Periode, indikatoren: Mapping[str, float],
                spanne_jahre: int = 3, mindestfallzahl: int = MINDESTFALLZAHL) -> pd.DataFrame:
    """The social index of every Sozialraum for ``periode`` (see the module docstring).

    Out (``attrs["nur_jahreswerte"]``: every indicator has yearly values only, so the year is used):
    code, name, bezirk_code, geometrie, stand_<code> (the value, NaN = none or suppressed) and the
    columns of ``berechnen``; sorted by code. Unknown indicator codes are ignored (``indikatoren_pruefen``
    reports them).
    """
    raeume = abfragen.sozialraeume(fabrik)
    codes_raum = set(raeume["code"])
    info = indikatoren_info(fabrik, list(indikatoren))
    stand, veraenderung, richtungen, arten = {}, {}, {}, set()
    for _, k in info.iterrows():
        werte = abfragen.werte(fabrik, int(k["id"]), mindestfallzahl=mindestfallzahl)
        teil = werte[werte["sozialraum_code"].isna() | werte["sozialraum_code"].isin(codes_raum)]
        arten.add(ist_periodenart(teil, periode.art))
        liste = rangliste(teil, periode, spanne_jahre, art_fuer_einheit(k["einheit"])).set_index("code")
        stand[k["code"]] = liste["stand"].astype(float) if len(liste) else pd.Series(dtype=float)
        veraenderung[k["code"]] = liste["veraenderung"].astype(float) if len(liste) else pd.Series(dtype=float)
        richtungen[k["code"]] = k["richtung"]
    index = pd.Index(sorted(codes_raum), name="code")
    stand_df = pd.DataFrame({c: s.reindex(index) for c, s in stand.items()}, index=index)
    ver_df = pd.DataFrame({c: s.reindex(index) for c, s in veraenderung.items()}, index=index)
    gewichte = {c: float(g) for c, g in indikatoren.items() if c in stand}
    erg = berechnen(stand_df, ver_df, richtungen, gewichte)
    for c in gewichte:
        erg.insert(0, f"stand_{c}", stand_df[c])
    kopf = raeume.set_index("code")[["name", "bezirk_code", "geometrie"]].reindex(index)
    ergebnis = kopf.join(erg).reset_index()
    ergebnis.attrs["nur_jahreswerte"] = arten == {"jahr"}
    return ergebnis


# ---------------------------------------------------------------------------------------- setting
def indikatoren_lesen(session: Session) -> dict[str, float]:
    """The stored indicators and weights (code → weight); the default when none are stored or unreadable."""
    text = session.scalar(select(Einstellung.wert).where(Einstellung.schluessel == SCHLUESSEL))
    if text:
        try:
            daten = json.loads(text)
            if isinstance(daten, dict) and daten:
                return {str(k): float(v) for k, v in daten.items()}
        except (ValueError, TypeError):
            pass
    return dict(STANDARD_INDIKATOREN)


def indikatoren_eingestellt(fabrik: sessionmaker[Session]) -> dict[str, float]:
    """``indikatoren_lesen`` in its own session, for the pages."""
    with fabrik() as s:
        return indikatoren_lesen(s)


def gewicht_lesen(roh: object) -> float | str:
    """A weight as a number: 1,5 and 1.5 both mean one and a half (a weight has no thousands), 2 → 2.0.

    Returns the problem in German instead when the text is no such number („1.000,5“, „1,5,0“, „eins“)."""
    if not isinstance(roh, str):
        try:
            return float(roh)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return "ist keine Zahl (erwartet z. B. 1 oder 1,5)."
    text = roh.strip()
    if "," in text and "." in text:
        return "enthält Komma und Punkt (erwartet ein Dezimaltrennzeichen, z. B. 1,5 oder 1.5)."
    text = text.replace(",", ".")
    if text.count(".") > 1 or not text.replace(".", "", 1).isdigit():
        return "ist keine Zahl (erwartet z. B. 1 oder 1,5)."
    return float(text)


def indikatoren_pruefen(session: Session, eingabe: Mapping[str, object]) -> dict[str, float]:
    """Validate code → weight (weights as numbers or German text like „1,5“); raises ``SozialindexFehler``
    with every problem in German (unknown code, not a district Kennzahl, weight not a number in 0 < g ≤ 100)."""
    fehler = []
    if not eingabe:
        raise SozialindexFehler("Keine Indikatoren gewählt (erwartet: mindestens eine Kennzahl je Sozialraum).")
    if len(eingabe) > MAX_INDIKATOREN:
        fehler.append(f"{len(eingabe)} Indikatoren gewählt (erwartet: höchstens {MAX_INDIKATOREN}).")
    ebenen = dict(session.execute(select(Kennzahl.code, Kennzahl.raumebene)
                                  .where(Kennzahl.code.in_([str(c) for c in eingabe]))).all())
    ergebnis = {}
    for code, roh in eingabe.items():
        code = str(code).strip()
        if code not in ebenen:
            fehler.append(f"Kennzahl „{code}“ gibt es nicht (erwartet: Code einer Kennzahl je Sozialraum).")
            continue
        if ebenen[code] != "sozialraum":
            fehler.append(f"Kennzahl „{code}“ hat keine Werte je Sozialraum (erwartet: Raumebene sozialraum).")
            continue
        gewicht = gewicht_lesen(roh)
        if isinstance(gewicht, str):
            fehler.append(f"Gewicht von {code}: „{roh}“ {gewicht}")
            continue
        if not (0 < gewicht <= MAX_GEWICHT):
            fehler.append(f"Gewicht von {code}: „{roh}“ ist ungültig (erwartet: Zahl über 0 bis "
                          f"{formate.zahl(MAX_GEWICHT, 0)}, z. B. 1 oder 1,5).")
            continue
        ergebnis[code] = gewicht
    if fehler:
        raise SozialindexFehler(" ".join(fehler))
    return ergebnis


def indikatoren_speichern(session: Session, eingabe: Mapping[str, object]) -> dict[str, float]:
    """Validate and store the indicators and weights in the ``Einstellung`` table; returns what was stored."""
    gewichte = indikatoren_pruefen(session, eingabe)
    text = json.dumps(gewichte, ensure_ascii=False)
    vorhanden = session.get(Einstellung, SCHLUESSEL)
    if vorhanden is None:
        session.add(Einstellung(schluessel=SCHLUESSEL, wert=text))
    else:
        vorhanden.wert = text
    session.flush()
    return gewichte


def methode_text(info: pd.DataFrame, gewichte: Mapping[str, float], spanne_jahre: int) -> list[str]:
    """The method in plain German, one paragraph per item, for the page."""
    teile = [f"{r['name']} ({r['code']}, Gewicht {formate.zahl(gewichte.get(r['code'], 1.0), 1)}, "
             + ("höherer Wert = günstiger" if r["richtung"] == "hoeher_besser" else "höherer Wert = ungünstiger")
             + ")" for _, r in info.iterrows()]
    return [
        "Indikatoren: " + ("; ".join(teile) if teile else "keine") + ".",
        "Jeder Indikator wird über die Sozialräume z-standardisiert (Abstand zum Mittelwert in "
        "Standardabweichungen). Indikatoren, bei denen ein höherer Wert günstiger ist, werden umgedreht, sodass "
        "ein positiver Wert immer eine ungünstigere Lage bedeutet.",
        "Statusindex: gewichteter Mittelwert der z-Werte eines Sozialraums, erneut standardisiert. Klassen wie "
        "im Berliner Monitoring Soziale Stadtentwicklung: hoch (unter −1), mittel (−1 bis +1), niedrig (über +1 "
        "bis +1,5), sehr niedrig (über +1,5 Standardabweichungen).",
        f"Dynamikindex: ebenso aus der Veränderung über {spanne_jahre} Jahr{'e' if spanne_jahre != 1 else ''} "
        "(Prozentpunkte bei Anteilen, sonst "
        "Prozent); positiv (unter −1), stabil (−1 bis +1), negativ (über +1 Standardabweichung).",
        "Geschützte kleine Fallzahlen werden nicht verwendet. Ein Sozialraum mit Werten für weniger als die Hälfte "
        "der Indikatoren ist „nicht bewertbar“.",
    ]
