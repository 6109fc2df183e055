"""The data version: one counter that every import or edit advances in its own transaction – and, in the
same transaction, the summary tables (``Kennzahlperiode``, ``Haushaltssumme``) brought in step with the data.

What a transaction changed is noted on its session by SQLAlchemy events (ORM flushes and DML statements run
through ``Session.execute``): the periods of new city-wide Ist values, the product-years of budget amounts,
deletes. ``erhoehen`` then recomputes just that part of each summary, set-based in SQL (DELETE + INSERT …
SELECT … GROUP BY), so a comment edit costs no budget sum and an import of one year recomputes one year.
A transaction that wrote source rows without calling ``erhoehen`` refreshes them when it commits.
Writers that bypass the session (COPY, raw DBAPI cursors) must name the tables they wrote:
``erhoehen(session, geaendert={"kennzahlwert"})``. An ``erhoehen`` in a transaction in which the session saw
no write at all refreshes every summary (the safe default, e.g. after loading data through another path).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, event, exists, func, insert, inspect, select, tuple_, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import TextClause

from kennzahlen.models import Datenstand, Haushaltsbetrag, Haushaltssumme, Kennzahlperiode, Kennzahlwert

QUELLEN = ("kennzahlwert", "haushaltsbetrag")
"""Tables the summaries are derived from (names for ``erhoehen(…, geaendert=…)``)."""
_INFO = "wk_aenderungen"
_KW_SCHLUESSEL = frozenset({"kennzahl_id", "jahr", "periodenart", "periode", "wertart", "sozialraum_id"})
_HB_SCHLUESSEL = frozenset({"produkt_id", "jahr", "periodenart", "periode", "betragsart", "version"})
_BLOCK = 500
_HOECHSTENS_PERIODEN = 100
"""More touched periods than this: recompute the whole period list (one statement instead of many)."""
_HOECHSTENS_PRODUKTE = 400
"""More touched products in one year than this: recompute the whole year."""
_TEXT_DML = re.compile(r"\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|copy)\s+\"?(\w+)",
                       re.IGNORECASE)


def lesen(fabrik: sessionmaker[Session]) -> int:
    """The current data version (0 for a database without the counter row)."""
    with fabrik() as s:
        return s.scalar(select(Datenstand.version).where(Datenstand.id == 1)) or 0


def erhoehen(session: Session, geaendert: Iterable[str] | None = None) -> None:
    """Advance the data version and refresh the summaries inside the caller's transaction (commits with it)."""
    session.flush()
    aenderungen = _aenderungen(session)
    session.info.pop(_INFO, None)
    if geaendert is not None:
        for tabelle in geaendert:
            aenderungen.alles(tabelle)
    elif not aenderungen.geschrieben:
        aenderungen.alles("kennzahlwert")
        aenderungen.alles("haushaltsbetrag")
    _auffrischen(session, aenderungen)
    jetzt = dt.datetime.now(dt.UTC)
    geaendert_zeilen = session.execute(
        update(Datenstand).where(Datenstand.id == 1).values(version=Datenstand.version + 1, geaendert_am=jetzt)
    ).rowcount
    if not geaendert_zeilen:
        session.add(Datenstand(id=1, version=1, geaendert_am=jetzt))
        session.flush()
    session.info.pop(_INFO, None)


def vermerken(session: Session, tabelle: str, zeilen: Iterable[dict]) -> None:
    """Note rows of ``tabelle`` (kennzahlwert or haushaltsbetrag, as column values) written past the session,
    e.g. by a bulk import on the raw connection, so that ``erhoehen`` refreshes just their part."""
    a = _aenderungen(session)
    a.geschrieben = True
    eintragen = a.kennzahlwert if tabelle == "kennzahlwert" else a.haushaltsbetrag
    for zeile in zeilen:
        eintragen(zeile)


def zusammenfassungen_auffrischen(session: Session) -> None:
    """Recompute every summary table from scratch (inside the caller's transaction)."""
    aenderungen = _Aenderungen()
    aenderungen.alles("kennzahlwert")
    aenderungen.alles("haushaltsbetrag")
    _auffrischen(session, aenderungen)


# ---------------------------------------------------------------------------------------------------
# What a transaction changed
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Aenderungen:
    """The parts of the summaries a transaction's writes touch."""

    geschrieben: bool = False
    perioden: set[tuple[str, int, int]] = field(default_factory=set)  # gained a city-wide Ist value
    perioden_pruefen: set[tuple[str, int, int]] = field(default_factory=set)  # may have lost their last one
    perioden_alle: bool = False
    haushalt: dict[int, set[int] | None] = field(default_factory=dict)  # jahr → produkt_ids (None: all)
    haushalt_ids: set[int] = field(default_factory=set)  # changed rows whose product-year is looked up
    haushalt_alle: bool = False

    @property
    def offen(self) -> bool:
        """True when some summary must be recomputed."""
        return bool(self.perioden_alle or self.perioden or self.perioden_pruefen or self.haushalt_alle
                    or self.haushalt or self.haushalt_ids)

    def alles(self, tabelle: str) -> None:
        """Mark every summary derived from ``tabelle`` for a full recomputation."""
        if tabelle in ("kennzahlwert", "kennzahl", "sozialraum"):
            self.perioden_alle = True
        if tabelle in ("haushaltsbetrag", "produkt"):
            self.haushalt_alle = True

    def kennzahlwert(self, zeile: dict, entfernt: bool = False) -> None:
        """A Kennzahl value (as column values) that was added, or removed (``entfernt``)."""
        if zeile.get("wertart") != "ist" or zeile.get("sozialraum_id") is not None:
            return
        if zeile.get("periodenart") is None or zeile.get("jahr") is None:
            self.perioden_alle = True
            return
        periode = (zeile["periodenart"], int(zeile["jahr"]), int(zeile.get("periode") or 1))
        (self.perioden_pruefen if entfernt else self.perioden).add(periode)

    def haushaltsbetrag(self, zeile: dict, entfernt: bool = False) -> None:
        """A budget amount (as column values) that was added, changed or removed (``entfernt``: no matter)."""
        if zeile.get("jahr") is None or zeile.get("produkt_id") is None:
            self.haushalt_alle = True
            return
        produkte = self.haushalt.setdefault(int(zeile["jahr"]), set())
        if produkte is not None:
            produkte.add(int(zeile["produkt_id"]))


def _aenderungen(session: Session) -> _Aenderungen:
    a = session.info.get(_INFO)
    if a is None:
        a = session.info[_INFO] = _Aenderungen()
    return a


def _zeilen(parameter) -> list[dict]:
    if isinstance(parameter, dict):
        return [parameter]
    return [p for p in (parameter or []) if isinstance(p, dict)]


@event.listens_for(Session, "do_orm_execute")
def _bei_ausfuehrung(zustand) -> None:
    """Note what an INSERT, UPDATE or DELETE run through ``Session.execute`` writes."""
    anweisung = zustand.statement
    if isinstance(anweisung, TextClause):
        namen = _TEXT_DML.findall(anweisung.text)
        if namen:
            a = _aenderungen(zustand.session)
            a.geschrieben = True
            for name in namen:
                a.alles(name.lower())
        return
    if not (zustand.is_insert or zustand.is_update or zustand.is_delete):
        return
    a = _aenderungen(zustand.session)
    a.geschrieben = True
    tabelle = getattr(getattr(anweisung, "table", None), "name", None)
    if tabelle not in ("kennzahlwert", "haushaltsbetrag", "kennzahl", "produkt", "sozialraum"):
        return
    zeilen = _zeilen(zustand.parameters)
    if tabelle in ("kennzahl", "produkt", "sozialraum"):
        if zustand.is_delete:  # cascades to the values or amounts
            a.alles(tabelle)
        return
    mehrwertig = getattr(anweisung, "_multi_values", None)
    if zustand.is_delete or not zeilen or mehrwertig or getattr(anweisung, "select", None) is not None:
        a.alles(tabelle)  # by criteria, from a SELECT or with inline values: the whole summary
        return
    if zustand.is_insert:
        for zeile in zeilen:
            (a.kennzahlwert if tabelle == "kennzahlwert" else a.haushaltsbetrag)(zeile)
        return
    # UPDATE by primary key ("bulk update": one dict per row with its id)
    if getattr(anweisung, "_where_criteria", ()) or getattr(anweisung, "_values", None):
        a.alles(tabelle)
        return
    schluessel = _KW_SCHLUESSEL if tabelle == "kennzahlwert" else _HB_SCHLUESSEL
    if any(schluessel & zeile.keys() for zeile in zeilen) or any("id" not in z for z in zeilen):
        a.alles(tabelle)
    elif tabelle == "haushaltsbetrag":
        a.haushalt_ids.update(int(z["id"]) for z in zeilen)
    # a Kennzahlwert whose value or status changed leaves the period list as it is


@event.listens_for(Session, "before_flush")
def _vor_flush(session: Session, _kontext, _instanzen) -> None:
    """Note what the ORM unit of work is about to write (new, changed and deleted objects)."""
    if not (session.new or session.dirty or session.deleted):
        return
    a = _aenderungen(session)
    a.geschrieben = True
    for objekt in (*session.new, *session.dirty, *session.deleted):
        tabelle = getattr(objekt, "__tablename__", None)
        if tabelle in ("kennzahl", "produkt", "sozialraum") and objekt in session.deleted:
            a.alles(tabelle)
        if tabelle not in ("kennzahlwert", "haushaltsbetrag"):
            continue
        spalten = _KW_SCHLUESSEL if tabelle == "kennzahlwert" else _HB_SCHLUESSEL
        eintragen = a.kennzahlwert if tabelle == "kennzahlwert" else a.haushaltsbetrag
        jetzt = {s: getattr(objekt, s, None) for s in spalten}
        if objekt in session.deleted:
            eintragen(jetzt, entfernt=True)
            continue
        eintragen(jetzt)
        if objekt in session.dirty:
            zustand = inspect(objekt)
            vorher = dict(jetzt)
            for s in spalten:
                alt = zustand.attrs[s].history.deleted
                if alt:
                    vorher[s] = alt[0]
            if vorher != jetzt:
                eintragen(vorher, entfernt=True)


@event.listens_for(Session, "before_commit")
def _vor_commit(session: Session) -> None:
    """A transaction that wrote source rows but did not call ``erhoehen`` (e.g. the demo load) still commits
    its summaries in step."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    aenderungen = session.info.pop(_INFO, None)
    if aenderungen is not None and aenderungen.offen:
        _auffrischen(session, aenderungen)
        session.info.pop(_INFO, None)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _vergessen(session: Session) -> None:
    session.info.pop(_INFO, None)


# ---------------------------------------------------------------------------------------------------
# Recomputing the summaries
# ---------------------------------------------------------------------------------------------------


def _auffrischen(session: Session, a: _Aenderungen) -> None:
    if a.perioden_alle or len(a.perioden_pruefen) > _HOECHSTENS_PERIODEN:
        _perioden_neu(session, None)
    elif a.perioden or a.perioden_pruefen:
        _perioden_neu(session, a.perioden_pruefen, a.perioden)
    if a.haushalt_alle:
        _haushalt_neu(session, [])
        return
    if a.haushalt_ids:
        ids = sorted(a.haushalt_ids)
        hb = Haushaltsbetrag
        for i in range(0, len(ids), _BLOCK):
            for jahr, produkt_id in session.execute(
                select(hb.jahr, hb.produkt_id).where(hb.id.in_(ids[i:i + _BLOCK])).distinct()
            ):
                a.haushaltsbetrag({"jahr": jahr, "produkt_id": produkt_id})
    ganz, gleich = [], {}  # years with the same products share their statements (an import of many years)
    for jahr, produkte in sorted(a.haushalt.items()):
        if produkte is None or len(produkte) > _HOECHSTENS_PRODUKTE:
            ganz.append(jahr)
        else:
            gleich.setdefault(frozenset(produkte), []).append(jahr)
    for i in range(0, len(ganz), _BLOCK):
        _haushalt_neu(session, [lambda t, j=ganz[i:i + _BLOCK]: t.jahr.in_(j)])
    for produkte, jahre in gleich.items():
        liste = sorted(produkte)
        for i in range(0, len(liste), _BLOCK):
            block = liste[i:i + _BLOCK]
            _haushalt_neu(session, [lambda t, j=jahre: t.jahr.in_(j), lambda t, b=block: t.produkt_id.in_(b)])


def _perioden_neu(session: Session, pruefen: set[tuple[str, int, int]] | None,
                  dazu: set[tuple[str, int, int]] = frozenset()) -> None:
    """Kennzahlperiode from the city-wide Ist values: all of it (``pruefen`` None), or the periods in
    ``pruefen`` (which may have lost values) and those in ``dazu`` not listed yet (which gained some)."""
    kp, kw = Kennzahlperiode, Kennzahlwert
    spalten = ["periodenart", "jahr", "periode"]
    if pruefen is None:
        session.execute(delete(kp))
        session.execute(insert(kp).from_select(spalten, select(kw.periodenart, kw.jahr, kw.periode).where(
            kw.wertart == "ist", kw.sozialraum_id.is_(None)).distinct()))
        return
    gelistet = {tuple(p) for p in session.execute(select(kp.periodenart, kp.jahr, kp.periode))}
    weg = sorted(pruefen & gelistet)
    for i in range(0, len(weg), _BLOCK):
        session.execute(delete(kp).where(tuple_(kp.periodenart, kp.jahr, kp.periode).in_(weg[i:i + _BLOCK])))
    neu = sorted(pruefen | (set(dazu) - gelistet))
    if neu:  # one statement, compiled once, run for every period (a UNION of 100 SELECTs took 0,15 s to compile)
        art, jahr, nummer = (bindparam(n, type_=kp.__table__.c[n].type) for n in spalten)
        session.connection().execute(insert(kp).from_select(spalten, select(art, jahr, nummer).where(exists().where(
            kw.jahr == jahr, kw.periodenart == art, kw.periode == nummer, kw.wertart == "ist",
            kw.sozialraum_id.is_(None)))), [dict(zip(spalten, p, strict=True)) for p in neu])


def _haushalt_neu(session: Session, bedingungen: list) -> None:
    """Haushaltssumme where every condition (a function of the model: Haushaltsbetrag or Haushaltssumme)
    holds, recomputed from the budget amounts; no conditions: all of it."""
    hs, hb = Haushaltssumme, Haushaltsbetrag
    session.execute(delete(hs).where(*(b(hs) for b in bedingungen)))
    gruppe = (hb.produkt_id, hb.jahr, hb.periodenart, hb.periode, hb.betragsart, hb.version)
    session.execute(insert(hs).from_select(
        ["produkt_id", "jahr", "periodenart", "periode", "betragsart", "version", "betrag"],
        select(*gruppe, func.sum(hb.betrag)).where(*(b(hb) for b in bedingungen)).group_by(*gruppe),
    ))
