"""The reported state of a closed period: numbers and texts frozen when the report goes out.

When Controlling closes a period, ``einfrieren`` stores what the cockpit shows for it as ``Berichtswert``
rows (one per object and quantity) under the next ``fassung``: per Kennzahl the city-wide Ist, Zielwert,
Zielerreichungsgrad and status; per Produkt with amounts the Zuschussbedarf Ansatz, fortgeschriebener
Ansatz, Ist bis zum Stichtag and Prognose; their totals; and the texts of the period's Kommentare. Later
imports never touch these rows, so what was reported stays retrievable (``berichtsstand``) and can be set
beside the current figures (``vergleich``). Reopening keeps every earlier fassung; freezing again adds one.
No Dash here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterable
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen import abfragen
from kennzahlen import cockpit as rechnen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.models import (
    Abschlussverlauf,
    Berichtswert,
    Kennzahl,
    Kommentar,
    Periodenabschluss,
    Produkt,
    Ziel,
)
from kennzahlen.perioden import Periode

OBJEKTARTEN = {"gesamt": "Gesamt", "kennzahl": "Kennzahl", "produkt": "Produkt", "kommentar": "Kommentar"}
"""Kinds of frozen objects (stored value → German label), in the order tables list them."""
KENNZAHLGROESSEN = ("ist", "zielwert", "grad", "status")
GELDGROESSEN = ("ansatz", "fortgeschriebener_ansatz", "ist_bis", "prognose")
KOMMENTARGROESSEN = ("text", "art")
METAGROESSEN = ("eingefroren_von", "eingefroren_am")
"""Rows of objektart "gesamt" that say who froze a fassung and when (not compared, not listed as values)."""
TEXTGROESSEN = frozenset({"status", "text", "art"})
"""Quantities stored as text; all others are numbers."""
GROESSENNAMEN = {
    "ist": "Ist",
    "zielwert": "Zielwert",
    "grad": "Zielerreichungsgrad",
    "status": "Status",
    "ansatz": "Zuschussbedarf Ansatz",
    "fortgeschriebener_ansatz": "Zuschussbedarf fortgeschriebener Ansatz",
    "ist_bis": "Zuschussbedarf Ist bis Stichtag",
    "prognose": "Zuschussbedarf Prognose",
    "text": "Text",
    "art": "Art",
}
"""German names of the quantities."""
_REIHENFOLGE = {g: i for i, g in enumerate((*KENNZAHLGROESSEN, *GELDGROESSEN, *KOMMENTARGROESSEN))}
KOMMENTARARTEN = {"abweichungsbegruendung": "Abweichungsbegründung", "massnahme": "Maßnahme", "hinweis": "Hinweis"}
GESAMTNAME = "Alle Produkte (Summe)"
AKTIONSNAMEN = {"abgeschlossen": "abgeschlossen und eingefroren", "wiedergeoeffnet": "wieder geöffnet"}

Zeile = tuple[str, int, str, Decimal | None, str | None]
"""(objektart, objekt_id, groesse, wert, text): one frozen or current quantity."""
BERICHTSSPALTEN = ["fassung", "objektart", "objekt_id", "code", "name", "groesse", "wert", "text", "einheit", "stellen"]
VERGLEICHSSPALTEN = ["objektart", "objekt_id", "code", "name", "groesse", "berichtet", "aktuell", "differenz",
                     "geaendert", "berichtet_text", "aktuell_text", "einheit", "stellen"]
VERLAUFSSPALTEN = ["jahr", "periodenart", "periode", "bezeichnung", "aktion", "aktion_text", "grund", "zeitpunkt",
                   "benutzer"]
FASSUNGSSPALTEN = ["fassung", "eingefroren_am", "eingefroren_von"]


def _jetzt() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _als_quelle(session: Session) -> Callable[[], contextlib.AbstractContextManager[Session]]:
    """The caller's session in the shape of a session factory, for the query layer (never closed here)."""
    return lambda: contextlib.nullcontext(session)


def _dezimal(wert, stellen: int = 6) -> Decimal | None:
    """A float from a DataFrame as an exact Decimal rounded to ``stellen`` places; None for no value."""
    if wert is None:
        return None
    try:
        zahl = float(wert)
    except (TypeError, ValueError):
        return None
    if math.isnan(zahl) or math.isinf(zahl):
        return None
    return Decimal(f"{zahl:.{stellen}f}")


def _zahl(wert) -> float:
    """A stored Decimal (or None) as a float (NaN for none)."""
    return float("nan") if wert is None else float(wert)


def _regeln(session: Session) -> rechnen.Bewertungsregeln:
    """Default rules: traffic light and weighted mean with the thresholds stored by Controlling."""
    from kennzahlen.verwaltung import schwellenwerte_wirksam

    return rechnen.Bewertungsregeln(schwellen=schwellenwerte_wirksam(session))


def _bedingung(periode: Periode) -> tuple:
    bw = Berichtswert
    return bw.jahr == periode.jahr, bw.periodenart == periode.art, bw.periode == periode.nummer


def stand_berechnen(quelle, periode: Periode, regeln: rechnen.Bewertungsregeln) -> list[Zeile]:
    """What the cockpit shows for ``periode`` as rows to freeze or compare (``quelle``: a session factory).

    Kennzahlen with an Ist or a Zielwert (city-wide; grade and status as ``kennzahlen_bewerten`` computes
    them), products with at least one of the four Zuschussbedarf amounts (as ``zuschussbedarf_je_produkt``),
    the totals over all products (always, also when empty), and text and kind of the period's Kommentare.
    """
    zeilen: list[Zeile] = []
    bewertung = rechnen.kennzahlen_bewerten(abfragen.kennzahlen(quelle), abfragen.kennzahlwerte_stadt(quelle, periode),
                                            regeln)
    for k in bewertung.itertuples(index=False):
        if pd.isna(k.ist) and pd.isna(k.zielwert):
            continue
        kid = int(k.id)
        status = f"{k.status_symbol} {k.status_text}"
        zeilen += [("kennzahl", kid, "ist", _dezimal(k.ist), None),
                   ("kennzahl", kid, "zielwert", _dezimal(k.zielwert), None),
                   ("kennzahl", kid, "grad", _dezimal(k.grad), None),
                   ("kennzahl", kid, "status", None, status)]
    zuschuss = abfragen.zuschussbedarf_je_produkt(quelle, periode)
    for z in zuschuss.to_dict("records"):
        werte = {g: _dezimal(z.get(g), 2) for g in GELDGROESSEN}
        if all(w is None for w in werte.values()):
            continue
        zeilen += [("produkt", int(z["produkt_id"]), g, w, None) for g, w in werte.items()]
    for g in GELDGROESSEN:
        summe = zuschuss[g].sum(min_count=1) if g in zuschuss else float("nan")
        zeilen.append(("gesamt", 0, g, _dezimal(summe, 2), None))
    k = Kommentar
    with quelle() as s:
        kommentare = s.execute(select(k.id, k.text, k.art).where(
            k.jahr == periode.jahr, k.periodenart == periode.art, k.periode == periode.nummer).order_by(k.id)).all()
    for kid, text, art in kommentare:
        zeilen += [("kommentar", int(kid), "text", None, text), ("kommentar", int(kid), "art", None, art)]
    return zeilen


def naechste_fassung(session: Session, periode: Periode) -> int:
    """The fassung the next freeze of ``periode`` gets (1 for the first report)."""
    return (session.scalar(select(func.max(Berichtswert.fassung)).where(*_bedingung(periode))) or 0) + 1


def einfrieren(session: Session, periode: Periode, durch: str,
               regeln: rechnen.Bewertungsregeln | None = None) -> int:
    """Store the period's reported numbers and texts as the next fassung (in the caller's transaction); returns it.

    ``regeln`` are the status rules the cockpit uses (default: traffic light with the stored thresholds).
    """
    fassung = naechste_fassung(session, periode)
    zeilen = stand_berechnen(_als_quelle(session), periode, regeln or _regeln(session))
    zeilen += [("gesamt", 0, "eingefroren_von", None, (str(durch or "").strip() or "?")[:100]),
               ("gesamt", 0, "eingefroren_am", None, _jetzt().isoformat())]
    basis = {"jahr": periode.jahr, "periodenart": periode.art, "periode": periode.nummer, "fassung": fassung}
    session.execute(insert(Berichtswert), [
        {**basis, "objektart": art, "objekt_id": oid, "groesse": groesse, "wert": wert, "text": text}
        for art, oid, groesse, wert, text in zeilen])
    session.flush()
    return fassung


def _lesen(session: Session, periode: Periode, fassung: int) -> list[Zeile]:
    bw = Berichtswert
    return [tuple(z) for z in session.execute(
        select(bw.objektart, bw.objekt_id, bw.groesse, bw.wert, bw.text)
        .where(*_bedingung(periode), bw.fassung == fassung, bw.groesse.not_in(METAGROESSEN)))]


def _fassung_bestimmen(session: Session, periode: Periode, fassung: int | None) -> int | None:
    letzte = naechste_fassung(session, periode) - 1
    if fassung is None:
        return letzte or None
    if not 1 <= int(fassung) <= letzte:
        erwartet = f"1 bis {letzte}" if letzte else "keine, die Periode wurde nie berichtet"
        raise ValueError(f"Feld „Fassung“: für {periode.lang} gibt es keine Fassung {fassung} (erwartet: {erwartet}).")
    return int(fassung)


def _objekte(session: Session, zeilen: Iterable[Zeile]) -> dict[tuple[str, int], tuple[str, str, str, int]]:
    """(objektart, objekt_id) → (code, name, einheit, stellen) for every object of ``zeilen``."""
    ids: dict[str, set[int]] = {}
    for art, oid, *_ in zeilen:
        ids.setdefault(art, set()).add(oid)
    objekte: dict[tuple[str, int], tuple[str, str, str, int]] = {("gesamt", 0): ("", GESAMTNAME, "€", 0)}
    if ids.get("kennzahl"):
        for kid, code, name, einheit, stellen in session.execute(
                select(Kennzahl.id, Kennzahl.code, Kennzahl.name, Kennzahl.einheit, Kennzahl.nachkommastellen)
                .where(Kennzahl.id.in_(ids["kennzahl"]))):
            objekte[("kennzahl", kid)] = (code, name, einheit, int(stellen if stellen is not None else 1))
    if ids.get("produkt"):
        for pid, code, name in session.execute(select(Produkt.id, Produkt.code, Produkt.name)
                                               .where(Produkt.id.in_(ids["produkt"]))):
            objekte[("produkt", pid)] = (code, name, "€", 0)
    if ids.get("kommentar"):
        k = Kommentar
        zeilen_k = session.execute(
            select(k.id, k.art, Kennzahl.code, Kennzahl.name, Produkt.code, Produkt.name, Ziel.code, Ziel.name)
            .outerjoin(Kennzahl, Kennzahl.id == k.kennzahl_id).outerjoin(Produkt, Produkt.id == k.produkt_id)
            .outerjoin(Ziel, Ziel.id == k.ziel_id).where(k.id.in_(ids["kommentar"])))
        for kid, art, kc, kn, pc, pn, zc, zn in zeilen_k:
            code, name = (kc, kn) if kc else (pc, pn) if pc else (zc, zn)
            objekte[("kommentar", kid)] = (code or "", f"{KOMMENTARARTEN.get(art, art)} zu {name or '?'}", "", 0)
    return objekte


def _objekt(objekte, art: str, oid: int, texte: dict[tuple[str, int, str], str | None]):
    if (art, oid) in objekte:
        return objekte[(art, oid)]
    if art == "kommentar":  # deleted since: the frozen kind still names it
        kommentarart = texte.get((art, oid, "art"))
        return ("", f"{KOMMENTARARTEN.get(kommentarart or '', 'Kommentar')} (gelöscht, Nr. {oid})", "", 0)
    return ("", f"{OBJEKTARTEN.get(art, art)} Nr. {oid} (gelöscht)", "", 0)


def _einheit(groesse: str, einheit: str) -> str | None:
    if groesse in TEXTGROESSEN:
        return None
    if groesse == "grad":
        return ""  # a ratio: 1 = 100 %
    return einheit


def _sortieren(df: pd.DataFrame, textspalten: Iterable[str]) -> pd.DataFrame:
    for spalte in textspalten:  # missing text stays None (pandas would make it NaN)
        df[spalte] = pd.Series([t if isinstance(t, str) else None for t in df[spalte]], index=df.index, dtype=object)
    rang = {a: i for i, a in enumerate(OBJEKTARTEN)}
    return (df.assign(_a=df["objektart"].map(rang), _g=df["groesse"].map(_REIHENFOLGE).fillna(99))
            .sort_values(["_a", "code", "objekt_id", "_g"]).drop(columns=["_a", "_g"]).reset_index(drop=True))


def fassungen(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """The frozen fassungen of a period, oldest first: fassung, eingefroren_am (datetime, UTC), eingefroren_von."""
    bw = Berichtswert
    with fabrik() as s:
        zeilen = s.execute(select(bw.fassung, bw.groesse, bw.text).where(
            *_bedingung(periode), bw.objektart == "gesamt", bw.groesse.in_(METAGROESSEN))).all()
        alle = s.scalars(select(bw.fassung).where(*_bedingung(periode)).distinct()).all()
    meta: dict[int, dict[str, object]] = {int(f): {"fassung": int(f), "eingefroren_am": None, "eingefroren_von": None}
                                          for f in alle}
    for fassung, groesse, text in zeilen:
        wert: object = text
        if groesse == "eingefroren_am" and text:
            try:
                wert = dt.datetime.fromisoformat(text)
            except ValueError:
                wert = None
        meta[int(fassung)][groesse] = wert
    return pd.DataFrame([meta[f] for f in sorted(meta)], columns=FASSUNGSSPALTEN)


def berichtsstand(fabrik: sessionmaker[Session], periode: Periode, fassung: int | None = None) -> pd.DataFrame:
    """The frozen numbers and texts of a period (latest fassung unless one is named); empty if never frozen.

    Columns: fassung, objektart (kennzahl, produkt, kommentar, gesamt), objekt_id, code, name, groesse,
    wert (float, NaN for text rows or no value), text (status, Kommentar text or kind; else None),
    einheit (the Kennzahl's unit, "€", "" for the grade – a ratio, 1 = 100 % – and None for texts) and
    stellen (decimals to show). An unknown fassung raises ValueError naming the field.
    """
    with fabrik() as s:
        fassung = _fassung_bestimmen(s, periode, fassung)
        if fassung is None:
            return pd.DataFrame(columns=BERICHTSSPALTEN)
        zeilen = _lesen(s, periode, fassung)
        objekte = _objekte(s, zeilen)
    texte = {(a, o, g): t for a, o, g, _, t in zeilen}
    daten = []
    for art, oid, groesse, wert, text in zeilen:
        code, name, einheit, stellen = _objekt(objekte, art, oid, texte)
        daten.append((fassung, art, oid, code, name, groesse, _zahl(wert), text, _einheit(groesse, einheit),
                      3 if groesse == "grad" else stellen))
    return _sortieren(pd.DataFrame(daten, columns=BERICHTSSPALTEN), ("text", "einheit"))


def _gleich(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return round(a, 6) == round(b, 6)


@zwischenspeichern
def vergleich(fabrik: sessionmaker[Session], periode: Periode, fassung: int | None = None,
              regeln: rechnen.Bewertungsregeln | None = None) -> pd.DataFrame:
    """Reported (latest or named fassung) beside current figures of a period; empty if never frozen.

    One row per object and quantity that was reported or exists now. Columns: objektart, objekt_id, code,
    name, groesse, berichtet and aktuell (floats, NaN for texts or no value), differenz (aktuell − berichtet,
    NaN where one is missing), geaendert (bool; texts compare as changed or not), berichtet_text and
    aktuell_text (status, Kommentar text or kind), einheit and stellen as in ``berichtsstand``.
    ``regeln`` should be the rules of the freeze (default: traffic light with the stored thresholds).
    """
    with fabrik() as s:
        fassung = _fassung_bestimmen(s, periode, fassung)
        if fassung is None:
            return pd.DataFrame(columns=VERGLEICHSSPALTEN)
        berichtet = _lesen(s, periode, fassung)
        aktuell = stand_berechnen(_als_quelle(s), periode, regeln or _regeln(s))
        objekte = _objekte(s, [*berichtet, *aktuell])
    alt = {(a, o, g): (w, t) for a, o, g, w, t in berichtet}
    neu = {(a, o, g): (w, t) for a, o, g, w, t in aktuell}
    texte = {k: t for k, (_, t) in {**neu, **alt}.items()}
    daten = []
    for schluessel in dict.fromkeys([*alt, *neu]):
        art, oid, groesse = schluessel
        (w_alt, t_alt), (w_neu, t_neu) = alt.get(schluessel, (None, None)), neu.get(schluessel, (None, None))
        code, name, einheit, stellen = _objekt(objekte, art, oid, texte)
        b, a = _zahl(w_alt), _zahl(w_neu)
        geaendert = (t_alt or None) != (t_neu or None) if groesse in TEXTGROESSEN else not _gleich(b, a)
        daten.append((art, oid, code, name, groesse, b, a, a - b, geaendert, t_alt, t_neu,
                      _einheit(groesse, einheit), 3 if groesse == "grad" else stellen))
    df = pd.DataFrame(daten, columns=VERGLEICHSSPALTEN)
    df["geaendert"] = df["geaendert"].astype(bool)
    return _sortieren(df, ("berichtet_text", "aktuell_text", "einheit"))


def eingefrorene_fassung(fabrik: sessionmaker[Session], periode: Periode) -> dict | None:
    """The latest fassung of a closed period (fassung, eingefroren_am, eingefroren_von); None while it is open."""
    from kennzahlen.verwaltung import ist_abgeschlossen

    with fabrik() as s:
        if not ist_abgeschlossen(s, periode.jahr, periode.art, periode.nummer):
            return None
    alle = fassungen(fabrik, periode)
    return None if alle.empty else alle.iloc[-1].to_dict()


def berichtskommentare(fabrik: sessionmaker[Session], periode: Periode, ids: list[int] | None = None) -> pd.DataFrame:
    """Live Kommentare of ``periode`` (or, for a frozen report, those with these ids), by id.

    Columns: id, art, text, verantwortlich, frist, massnahmenstatus, kennzahl_id, produkt_id, ziel_id.
    """
    k = Kommentar
    abfrage = select(k.id, k.art, k.text, k.verantwortlich, k.frist, k.massnahmenstatus, k.kennzahl_id,
                     k.produkt_id, k.ziel_id)
    if ids is None:
        abfrage = abfrage.where(k.jahr == periode.jahr, k.periodenart == periode.art, k.periode == periode.nummer)
    else:
        abfrage = abfrage.where(k.id.in_(ids or [-1]))
    spalten = ["id", "art", "text", "verantwortlich", "frist", "massnahmenstatus", "kennzahl_id", "produkt_id",
               "ziel_id"]
    with fabrik() as s:
        return pd.DataFrame(s.execute(abfrage.order_by(k.id)).all(), columns=spalten)


def abschlussverlauf(fabrik: sessionmaker[Session], periode: Periode | None = None) -> pd.DataFrame:
    """History of closing (freezing) and reopening, newest first, of one period or all.

    Columns: jahr, periodenart, periode, bezeichnung ('3. Quartal 2026'), aktion ('abgeschlossen',
    'wiedergeoeffnet'), aktion_text (German), grund (None when closing), zeitpunkt (datetime, UTC), benutzer.
    """
    av = Abschlussverlauf
    abfrage = select(av.jahr, av.periodenart, av.periode, av.aktion, av.grund, av.zeitpunkt, av.benutzer)
    if periode is not None:
        abfrage = abfrage.where(av.jahr == periode.jahr, av.periodenart == periode.art, av.periode == periode.nummer)
    with fabrik() as s:
        zeilen = s.execute(abfrage.order_by(av.zeitpunkt.desc(), av.id.desc())).all()
    daten = []
    for jahr, art, nummer, aktion, grund, zeitpunkt, benutzer in zeilen:
        try:
            bezeichnung = Periode(jahr, art, nummer).lang
        except ValueError:
            bezeichnung = f"{jahr} {art} {nummer}"
        zeit = zeitpunkt if zeitpunkt is None or zeitpunkt.tzinfo else zeitpunkt.replace(tzinfo=dt.UTC)
        daten.append((jahr, art, nummer, bezeichnung, aktion, AKTIONSNAMEN.get(aktion, aktion), grund, zeit, benutzer))
    return pd.DataFrame(daten, columns=VERLAUFSSPALTEN)


def text_gesperrt(session: Session, periode: Periode) -> str | None:
    """Why texts of ``periode`` cannot be written or changed (German), or None while the period is open."""
    abschluss = session.scalar(select(Periodenabschluss).where(
        Periodenabschluss.jahr == periode.jahr, Periodenabschluss.periodenart == periode.art,
        Periodenabschluss.periode == periode.nummer))
    if abschluss is None:
        return None
    from kennzahlen.verwaltung import zeitpunkt_text

    return (f"Die Periode „{periode.lang}“ ist seit {zeitpunkt_text(abschluss.abgeschlossen_am)} abgeschlossen und "
            f"berichtet (durch {abschluss.abgeschlossen_von}); ihre Texte sind eingefroren. Änderungen sind erst "
            "möglich, wenn Controlling die Periode mit Begründung wieder öffnet.")
