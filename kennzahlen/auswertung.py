"""Assembles query results and calculations into the data one view shows (no Dash here)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.perioden import Periode


@dataclass(frozen=True)
class Cockpitdaten:
    """Everything the cockpit shows for one period (all frames documented in kennzahlen.cockpit)."""

    periode: Periode
    kommune: str
    handlungsfelder: pd.DataFrame  # handlungsfelder_bewerten + money columns
    ziele: pd.DataFrame  # ziele_bewerten + geld_je_ziel columns
    kennzahlen: pd.DataFrame  # kennzahlen_bewerten
    produkte: pd.DataFrame  # produktabweichungen
    produktbereiche: pd.DataFrame  # je_produktbereich
    gesamt: dict[str, float]  # sums over all products: ansatz, ist_bis, ist_vorjahr_bis, prognose …
    regeln: rechnen.Bewertungsregeln
    stichtag: Periode | None = None
    """Effective Stichtag of the budget Ist (``abfragen.ist_stichtag``): ist_bis and ist_vorjahr_bis cover
    the months up to it; None when the year has no Ist yet."""

    @property
    def ohne_ist(self) -> bool:
        """True when Kennzahlen exist but none has a city-wide Ist for the period (nothing can be rated yet)."""
        return not self.kennzahlen.empty and not self.kennzahlen["ist"].notna().any()


@zwischenspeichern
def cockpitdaten(
    fabrik: sessionmaker[Session], periode: Periode, regeln: rechnen.Bewertungsregeln | None = None
) -> Cockpitdaten:
    """Load and compute the cockpit of ``periode``."""
    regeln = regeln or rechnen.Bewertungsregeln()
    steckbrief = abfragen.kennzahlen(fabrik)
    bewertung = rechnen.kennzahlen_bewerten(steckbrief, abfragen.kennzahlwerte_stadt(fabrik, periode), regeln)
    ziele = abfragen.ziele(fabrik)
    zp = abfragen.ziel_produkt(fabrik)
    zuschuss = abfragen.zuschussbedarf_je_produkt(fabrik, periode)
    zielbewertung = rechnen.ziele_bewerten(ziele, abfragen.ziel_kennzahl(fabrik), bewertung, regeln)
    zielbewertung = zielbewertung.merge(
        rechnen.geld_je_ziel(zuschuss, zp), left_on="id", right_on="ziel_id", how="left"
    ).drop(columns="ziel_id")
    hf = rechnen.handlungsfelder_bewerten(abfragen.handlungsfelder(fabrik), zielbewertung, regeln)
    hf = hf.merge(
        rechnen.geld_je_handlungsfeld(zuschuss, zp, ziele), left_on="id", right_on="handlungsfeld_id", how="left"
    ).drop(columns="handlungsfeld_id")
    gesamt = {s: float(zuschuss[s].sum(min_count=1)) for s in rechnen.GELDSPALTEN if s in zuschuss}
    produkte = abfragen.produkte(fabrik)
    return Cockpitdaten(
        periode=periode,
        kommune=abfragen.kommunenname(fabrik),
        handlungsfelder=hf,
        ziele=zielbewertung,
        kennzahlen=bewertung,
        produkte=rechnen.produktabweichungen(zuschuss, produkte),
        produktbereiche=rechnen.je_produktbereich(zuschuss, produkte),
        gesamt=gesamt,
        regeln=regeln,
        stichtag=abfragen.ist_stichtag(fabrik, periode),
    )


@zwischenspeichern
def bewertungsregeln(fabrik: sessionmaker[Session], einstellungen) -> rechnen.Bewertungsregeln:
    """The rules in force: scale and roll-up from the settings, thresholds stored by Controlling
    (Einstellung table) over WK_SCHWELLENWERTE over the defaults."""
    from kennzahlen.verwaltung import schwellenwerte_wirksam

    with fabrik() as session:
        schwellen = schwellenwerte_wirksam(session, einstellungen.schwellenwerte)
    return rechnen.Bewertungsregeln(einstellungen.statusskala, einstellungen.rollup_regel, schwellen)
