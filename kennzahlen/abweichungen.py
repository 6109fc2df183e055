"""The Abweichungsliste of a reporting period: Kennzahlen off target and products whose Prognose deviates
from the fortgeschriebener Ansatz beyond the council's thresholds, each marked explained or not.

Thresholds are kept in the database (Controlling sets them in the app): an amount in euro and a share in
per cent, combined with "or" as councils word them ("±10.000 € oder ±5 %"). Pure functions take the
cockpit's frames; ``abweichungsliste`` reads what they need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen
from kennzahlen import formate as fmt
from kennzahlen.models import (
    Einstellung,
    Handlungsfeld,
    Kennzahl,
    Kommentar,
    Organisationseinheit,
    Produkt,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)
from kennzahlen.perioden import Periode

SCHLUESSEL_EURO = "abweichung_schwelle_euro"
SCHLUESSEL_PROZENT = "abweichung_schwelle_prozent"
AUFGABEN = {"pflicht": "Pflicht", "pflicht_ermessen": "Pflicht (Ermessen)", "freiwillig": "freiwillig"}
OBJEKTARTEN = {"kennzahl": "Kennzahl", "produkt": "Produkt"}
SPALTEN = ["objektart", "objekt_id", "code", "name", "handlungsfeld_ids", "handlungsfelder", "einheit_id",
           "einheit_code", "organisationseinheit", "aufgabenart", "soll", "ist", "einheit", "nachkommastellen",
           "abweichung", "abweichung_anteil", "status_code", "status_text", "status_symbol", "status_farbe", "grad",
           "begruendet", "begruendung", "massnahmen_offen", "rang"]
"""Columns of ``abweichungsliste``. For a Kennzahl soll is its target (or corridor edge), ist its Ist; for a
Produkt soll is the fortgeschriebener Ansatz and ist the Prognose (Zuschussbedarf in euro)."""


@dataclass(frozen=True)
class Abweichungsschwellen:
    """When a product's deviation counts: at least ``euro`` or at least ``prozent`` of the Ansatz (either)."""

    euro: float = 10_000.0
    prozent: float = 5.0

    def erheblich(self, abweichung: float, basis: float | None) -> bool:
        """Whether |abweichung| reaches the euro threshold or |abweichung / basis| the per-cent one."""
        if abweichung is None or pd.isna(abweichung):
            return False
        if abs(abweichung) >= self.euro:
            return True
        return bool(basis) and not pd.isna(basis) and abs(abweichung / basis) * 100 >= self.prozent

    @property
    def text(self) -> str:
        """'±10.000 € oder ±5 %' for headings and notes."""
        return f"±{fmt.zahl(self.euro)} € oder ±{fmt.zahl(self.prozent, 1 if self.prozent % 1 else 0)} %"


def zahl_lesen(text: object, feld: str) -> float:
    """A non-negative number typed the German way ('10.000', '2,5', '5 %', '10.000 €'); ValueError naming the field."""
    from kennzahlen.importe.werte import WertFehler
    from kennzahlen.importe.werte import zahl_lesen as zelle_lesen

    try:
        zahl = float(zelle_lesen(str(text or "").replace("%", "").strip(), "de"))
    except WertFehler as fehler:
        raise ValueError(f"Feld „{feld}“: „{text}“ {fehler.problem} (erwartet z. B. 10.000 oder 2,5).") from None
    if zahl < 0:
        raise ValueError(f"Feld „{feld}“: „{text}“ – erwartet eine Zahl ab 0.")
    return zahl


def schwellen_lesen(fabrik: sessionmaker[Session]) -> Abweichungsschwellen:
    """The thresholds Controlling set (defaults: 10.000 € or 5 %)."""
    with fabrik() as s:
        werte = dict(s.execute(select(Einstellung.schluessel, Einstellung.wert)
                               .where(Einstellung.schluessel.in_([SCHLUESSEL_EURO, SCHLUESSEL_PROZENT]))).all())
    standard = Abweichungsschwellen()
    return Abweichungsschwellen(float(werte.get(SCHLUESSEL_EURO, standard.euro)),
                                float(werte.get(SCHLUESSEL_PROZENT, standard.prozent)))


def wesentlich_ab(fabrik: sessionmaker[Session]) -> float:
    """The amount (euro) beyond which a worse overall result must be reported (``prognose.schwelle_lesen``)."""
    from kennzahlen.prognose import schwelle_lesen

    with fabrik() as s:
        return float(schwelle_lesen(s))


def schwellen_speichern(session: Session, euro: object, prozent: object) -> Abweichungsschwellen:
    """Validate and store both thresholds (inside the caller's transaction); German ValueError on bad input."""
    neu = Abweichungsschwellen(zahl_lesen(euro, "Schwelle in Euro"), zahl_lesen(prozent, "Schwelle in Prozent"))
    if neu.prozent > 100:
        raise ValueError(f"Feld „Schwelle in Prozent“: „{prozent}“ – erwartet höchstens 100.")
    for schluessel, wert in ((SCHLUESSEL_EURO, neu.euro), (SCHLUESSEL_PROZENT, neu.prozent)):
        zeile = session.get(Einstellung, schluessel)
        if zeile is None:
            session.add(Einstellung(schluessel=schluessel, wert=repr(wert)))
        else:
            zeile.wert = repr(wert)
    session.flush()
    return neu


# --- pure parts --------------------------------------------------------------------------------------


def kennzahlzeilen(bewertung: pd.DataFrame) -> pd.DataFrame:
    """Rated Kennzahlen below target (grade < 1), worst first, as rows of the list (without scope columns)."""
    df = bewertung[bewertung["grad"].notna() & (bewertung["typ"] != "kontext")].copy()
    df["grad"] = df["grad"].astype(float)
    df = df[df["grad"] < 1.0].sort_values(["grad", "code"])
    korridor = df["richtung"] == "zielkorridor"
    unter = df["ist"] < df["korridor_unten"]
    soll = df["zielwert"].where(~korridor, df["korridor_unten"].where(unter, df["korridor_oben"]))
    return pd.DataFrame({
        "objektart": "kennzahl", "objekt_id": df["id"].astype(int), "code": df["code"], "name": df["name"],
        "soll": soll.astype(float), "ist": df["ist"].astype(float), "einheit": df["einheit"],
        "nachkommastellen": df["nachkommastellen"].astype(int), "abweichung": (df["ist"] - soll).astype(float),
        "abweichung_anteil": ((df["ist"] - soll) / soll.where(soll != 0)).astype(float),
        "status_code": df["status_code"], "status_text": df["status_text"], "status_symbol": df["status_symbol"],
        "status_farbe": df["status_farbe"], "grad": df["grad"], "aufgabenart": None,
    }).reset_index(drop=True)


def produktzeilen(zuschuss: pd.DataFrame, produkte: pd.DataFrame, schwellen: Abweichungsschwellen,
                  prognosen: pd.DataFrame | None = None) -> pd.DataFrame:
    """Products whose Prognose deviates from the fortgeschriebener Ansatz (else the Ansatz) beyond the
    thresholds, largest amount first.

    In: ``abfragen.zuschussbedarf_je_produkt`` and ``abfragen.produkte``; ``prognosen`` (produkt_id,
    prognose) replaces the imported Prognose where given (the forecast that counts per product).
    """
    df = zuschuss.merge(produkte[["id", "code", "name", "aufgabenart"]], left_on="produkt_id", right_on="id")
    if prognosen is not None and not prognosen.empty:
        gilt = prognosen.set_index("produkt_id")["prognose"]
        df["prognose"] = df["produkt_id"].map(gilt).combine_first(df["prognose"])
    basis = df["fortgeschriebener_ansatz"].combine_first(df["ansatz"])
    df = df.assign(soll=basis, abweichung=df["prognose"] - basis).dropna(subset=["soll", "prognose"])
    df = df[[schwellen.erheblich(a, b) for a, b in zip(df["abweichung"], df["soll"], strict=True)]]
    df = df.reindex(df["abweichung"].abs().sort_values(ascending=False, kind="stable").index)
    mehr = [a > 0 for a in df["abweichung"]]
    return pd.DataFrame({
        "objektart": "produkt", "objekt_id": df["produkt_id"].astype(int), "code": df["code"], "name": df["name"],
        "soll": df["soll"].astype(float), "ist": df["prognose"].astype(float), "einheit": "€",
        "nachkommastellen": 0, "abweichung": df["abweichung"].astype(float),
        "abweichung_anteil": (df["abweichung"] / df["soll"].where(df["soll"] != 0)).astype(float),
        "status_code": ["mehrbedarf" if m else "minderbedarf" for m in mehr],
        "status_text": ["Mehrbedarf" if m else "Minderbedarf" for m in mehr],
        "status_symbol": ["▲" if m else "▼" for m in mehr],
        "status_farbe": ["#b02a37" if m else "#146c43" for m in mehr],
        "grad": None, "aufgabenart": df["aufgabenart"],
    }).reset_index(drop=True)


def begruendungen_zuordnen(zeilen: pd.DataFrame, kommentare: pd.DataFrame) -> pd.DataFrame:
    """Mark each row explained when its object has an Abweichungsbegründung for the period; count open measures.

    ``kommentare``: objektart, objekt_id, art, text, massnahmenstatus (the period's comments).
    """
    df = zeilen.copy()
    schluessel = list(zip(df["objektart"], df["objekt_id"], strict=True))
    begr = kommentare[kommentare["art"] == "abweichungsbegruendung"]
    texte = {(a, int(i)): t for a, i, t in zip(begr["objektart"], begr["objekt_id"], begr["text"], strict=True)}
    offen = kommentare[(kommentare["art"] == "massnahme")
                       & kommentare["massnahmenstatus"].isin(["offen", "in_umsetzung"])]
    anzahl = offen.groupby(["objektart", "objekt_id"]).size().to_dict()
    df["begruendet"] = [k in texte for k in schluessel]
    df["begruendung"] = [texte.get(k) for k in schluessel]
    df["massnahmen_offen"] = [int(anzahl.get(k, 0)) for k in schluessel]
    return df


def filtern(df: pd.DataFrame, handlungsfeld_id: int | None = None, einheit_code: str | None = None,
            aufgabenart: str | None = None) -> pd.DataFrame:
    """Rows of one Handlungsfeld, owner unit and kind of task (Pflicht/freiwillig: products only)."""
    maske = pd.Series(True, index=df.index)
    if handlungsfeld_id is not None:
        maske &= pd.Series([handlungsfeld_id in ids for ids in df["handlungsfeld_ids"]], index=df.index, dtype=bool)
    if einheit_code:
        maske &= df["einheit_code"] == einheit_code
    if aufgabenart:
        maske &= df["aufgabenart"] == aufgabenart
    return df[maske].reset_index(drop=True)


# --- reading --------------------------------------------------------------------------------------------


def _zuordnungen(fabrik: sessionmaker[Session]) -> tuple[dict, dict, dict]:
    """(Handlungsfelder per (art, id), (unit id, code, name) per (art, id), field names by id).

    The fields are those of ``zugang.bereich_von``: a Kennzahl's own and its goals', a product's goals'."""
    felder: dict[tuple[str, int], set[int]] = {}
    einheit: dict[tuple[str, int], tuple[int | None, str | None, str | None]] = {}
    oe = Organisationseinheit
    with fabrik() as s:
        namen = dict(s.execute(select(Handlungsfeld.id, Handlungsfeld.name)).all())
        for i, hf, oe_id, code, name in s.execute(
                select(Kennzahl.id, Kennzahl.handlungsfeld_id, oe.id, oe.code, oe.name)
                .outerjoin(oe, oe.id == Kennzahl.organisationseinheit_id)):
            felder[("kennzahl", i)] = {hf} if hf else set()
            einheit[("kennzahl", i)] = (oe_id, code, name)
        for kennzahl_id, hf in s.execute(select(ZielKennzahl.kennzahl_id, Ziel.handlungsfeld_id)
                                         .join(Ziel, Ziel.id == ZielKennzahl.ziel_id)):
            felder[("kennzahl", kennzahl_id)].add(hf)
        for i, oe_id, code, name in s.execute(select(Produkt.id, oe.id, oe.code, oe.name)
                                              .outerjoin(oe, oe.id == Produkt.organisationseinheit_id)):
            felder[("produkt", i)] = set()
            einheit[("produkt", i)] = (oe_id, code, name)
        for produkt_id, hf in s.execute(select(ZielProdukt.produkt_id, Ziel.handlungsfeld_id)
                                        .join(Ziel, Ziel.id == ZielProdukt.ziel_id)):
            felder[("produkt", produkt_id)].add(hf)
    return felder, einheit, namen


def kommentare_der_periode(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """The period's comments on Kennzahlen and Produkte: objektart, objekt_id, art, text, massnahmenstatus."""
    k = Kommentar
    df = abfragen.tabelle_lesen(fabrik, select(k.kennzahl_id, k.produkt_id, k.art, k.text, k.massnahmenstatus)
                                .where(k.jahr == periode.jahr, k.periodenart == periode.art,
                                       k.periode == periode.nummer, k.ziel_id.is_(None))
                                .order_by(k.erstellt_am, k.id))
    art = ["kennzahl" if pd.notna(kz) else "produkt" for kz in df["kennzahl_id"]]
    objekt = df["kennzahl_id"].combine_first(df["produkt_id"])
    return pd.DataFrame({"objektart": art, "objekt_id": objekt.astype("Int64"), "art": df["art"],
                         "text": df["text"], "massnahmenstatus": df["massnahmenstatus"]})


def abweichungsliste(fabrik: sessionmaker[Session], periode: Periode, regeln=None,
                     schwellen: Abweichungsschwellen | None = None,
                     prognosen: pd.DataFrame | None = None) -> pd.DataFrame:
    """All deviations of the period (columns ``SPALTEN``): Kennzahlen first (worst grade first), then
    products (largest amount first); ``rang`` numbers them in that order. Products are measured by the
    forecast that counts (``prognose.gueltige_prognosen``) unless ``prognosen`` is given."""
    from kennzahlen import prognose
    from kennzahlen.auswertung import cockpitdaten

    if prognosen is None:
        prognosen = prognose.gueltige_prognosen(fabrik, periode)[["produkt_id", "prognose"]]
    schwellen = schwellen or schwellen_lesen(fabrik)
    d = cockpitdaten(fabrik, periode, regeln)
    kz = kennzahlzeilen(d.kennzahlen)
    pr = produktzeilen(abfragen.zuschussbedarf_je_produkt(fabrik, periode), abfragen.produkte(fabrik), schwellen,
                       prognosen)
    df = pd.concat([kz, pr], ignore_index=True) if len(pr) else kz
    felder, einheit, namen = _zuordnungen(fabrik)
    schluessel = list(zip(df["objektart"], df["objekt_id"].astype(int), strict=True))
    df["handlungsfeld_ids"] = [tuple(sorted(felder.get(k, ()))) for k in schluessel]
    df["handlungsfelder"] = [", ".join(namen[i] for i in ids) for ids in df["handlungsfeld_ids"]]
    leer = (None, None, None)
    df["einheit_id"] = pd.array([einheit.get(k, leer)[0] for k in schluessel], dtype="Int64")
    df["einheit_code"] = [einheit.get(k, leer)[1] for k in schluessel]
    df["organisationseinheit"] = [einheit.get(k, leer)[2] for k in schluessel]
    df = begruendungen_zuordnen(df, kommentare_der_periode(fabrik, periode))
    df["rang"] = range(1, len(df) + 1)
    return df[SPALTEN]


def zusammenfassung(df: pd.DataFrame) -> Mapping[str, int]:
    """Counts for the page head: kennzahlen, produkte, unbegruendet."""
    return {"kennzahlen": int((df["objektart"] == "kennzahl").sum()),
            "produkte": int((df["objektart"] == "produkt").sum()),
            "unbegruendet": int((~df["begruendet"]).sum())}
