"""Set-based upsert of the big tables (Kennzahlwerte, Haushaltsbeträge): the file's rows go into a temporary
staging table in one bulk write (COPY on PostgreSQL, executemany on SQLite); one JOIN against the stored
rows puts each row's stored id and values beside it (a second temporary table), from which a count finds
new, changed and unchanged rows and three statements write the history (Wertaenderung), the changed values
(joined by primary key) and the new rows. It runs on the import's own connection, inside its one transaction:
all or nothing, and a preview rolls it back like everything else.

Why not row by row: loading every stored value of the touched Kennzahlen into Python and comparing them
there costs time in proportion to the database, not to the file (a big city has millions of values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from sqlalchemy import (
    Column,
    Enum,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from kennzahlen import datenstand
from kennzahlen.importe.kontext import MAX_AENDERUNGEN, Kontext
from kennzahlen.models import Periodenabschluss, Wertaenderung


@dataclass(frozen=True)
class Stapel:
    """What a staging upsert writes: the model, its natural key, the values the file sets and defaults.

    ``periode`` names the key columns (jahr, periodenart, periode) that decide whether a row falls into
    a period closed by Controlling.
    """

    modell: type
    schluessel: tuple[str, ...]
    werte: tuple[str, ...]
    wertfeld: str
    standard: dict[str, object] = field(default_factory=dict)
    periode: tuple[str, str, str] = ("jahr", "periodenart", "periode")

    @property
    def spalten(self) -> tuple[str, ...]:
        """Columns of the staging table (without the row number)."""
        return self.schluessel + self.werte


def _staging(stapel: Stapel) -> Table:
    ziel = stapel.modell.__table__
    spalten = []
    for name in stapel.spalten:
        typ = ziel.c[name].type
        spalten.append(Column(name, String(60) if isinstance(typ, Enum) else typ))
    return Table(f"stapel_{ziel.name}", MetaData(), *spalten, Column("zeile", Integer), prefixes=["TEMPORARY"])


def _laden(conn: Connection, tabelle: Table, zeilen: Sequence[tuple]) -> None:
    """Bulk write into the staging table: COPY on PostgreSQL (then ``_schaetzen``), one executemany on SQLite."""
    namen = [c.name for c in tabelle.columns]
    if conn.dialect.name == "postgresql":
        roh = conn.connection.driver_connection
        typen = [c.type.compile(dialect=conn.dialect).split("(")[0].lower() for c in tabelle.columns]
        with roh.cursor() as cur, cur.copy(f"COPY {tabelle.name} ({', '.join(namen)}) FROM STDIN") as kopie:
            kopie.set_types(typen)  # dumpers chosen once per column, not per value: a third faster
            for zeile in zeilen:
                kopie.write_row(zeile)
        _schaetzen(conn, tabelle)
        return
    # SQLite stores Numeric as REAL, exactly as SQLAlchemy binds it for the model's own columns
    gleitend = [i for i, c in enumerate(tabelle.columns) if getattr(c.type, "asdecimal", False)]
    if gleitend:
        zeilen = [tuple(float(v) if i in gleitend and isinstance(v, Decimal) else v for i, v in enumerate(z))
                  for z in zeilen]
    platz = ", ".join("?" for _ in namen)
    conn.exec_driver_sql(f"INSERT INTO {tabelle.name} ({', '.join(namen)}) VALUES ({platz})", list(zeilen))


def _schaetzen(conn: Connection, tabelle: Table) -> None:
    """PostgreSQL: a small sample's statistics for a temporary table (it has none, and the planner then
    guesses a fraction of its rows: with a Großstadt it hashed all 2,2 million stored amounts instead of the
    200.000 file rows, 1,8 s instead of 0,5 s). 10 instead of 100 as statistics target: a tenth of the sample,
    enough for the row count and the distinct values of the key columns."""
    conn.exec_driver_sql("SET LOCAL default_statistics_target = 10")
    conn.exec_driver_sql(f"ANALYZE {tabelle.name}")
    conn.exec_driver_sql("SET LOCAL default_statistics_target = DEFAULT")


def _verbunden(stapel: Stapel, t: Table) -> Table:
    """The staging rows beside the id and the stored values of their row in the target table (None: new)."""
    spalten = [Column(c.name, c.type) for c in t.columns]
    spalten += [Column("ziel_id", Integer), *[Column(f"alt_{s}", t.c[s].type) for s in stapel.werte]]
    return Table(f"{t.name}_verbunden", MetaData(), *spalten, prefixes=["TEMPORARY"])


def _verbinden(conn: Connection, stapel: Stapel, k: Table, t: Table, v: Table) -> None:
    """The one JOIN of the file's rows against the stored rows, written to ``v``; every later step reads
    ``v`` alone (or joins it by primary key), instead of repeating the JOIN on the natural key."""
    for gleich, auswahl in _gruppen(stapel, k, t):
        abfrage = select(*t.c, k.c.id, *[k.c[s] for s in stapel.werte]).select_from(t.outerjoin(k, gleich))
        conn.execute(insert(v).from_select([c.name for c in v.columns],
                                           abfrage if auswahl is None else abfrage.where(auswahl)))
    if conn.dialect.name == "postgresql":
        _schaetzen(conn, v)


def _als_text(wert: object) -> str | None:
    if wert is None:
        return None
    if isinstance(wert, float):
        wert = Decimal(repr(wert))
    if isinstance(wert, Decimal):
        return format(wert.normalize(), "f").replace(".", ",")
    return str(wert)


def stapel_abgleichen(
    kontext: Kontext,
    stapel: Stapel,
    zeilen: Sequence[tuple],
    beschreiben: Callable[[tuple], str],
) -> None:
    """Upsert ``zeilen`` (each: the values of ``stapel.spalten`` in order, then the file's row number).

    Keys must be unique within ``zeilen``. Counts go to ``kontext.zaehlen(table)``, the first changes to
    the preview list, old values of ``wertfeld`` to Wertaenderung; a new or changed row in a closed
    period is an error (unless the option allows it), and then nothing is written.
    """
    ziel = stapel.modell.__table__
    conn = kontext.session.connection()
    t = _staging(stapel)
    if conn.dialect.name == "postgresql":  # the JOINs sort and hash ~10 MB per 100.000 rows: in memory
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    v = _verbunden(stapel, t)
    for tabelle in (t, v):
        tabelle.drop(conn, checkfirst=True)
        tabelle.create(conn)
    try:
        _laden(conn, t, zeilen)
        _verbinden(conn, stapel, ziel, t, v)
        _abgleichen(kontext, stapel, conn, ziel, v, beschreiben)
        _vermerken(kontext, stapel, zeilen)
    finally:
        if not conn.closed and conn.in_transaction():
            v.drop(conn, checkfirst=True)
            t.drop(conn, checkfirst=True)


ZUSAMMENFASSUNG = ("produkt_id", "jahr", "periodenart", "periode", "wertart", "sozialraum_id")
"""Key columns that decide which part of the summary tables (``datenstand``) a row touches."""


def _vermerken(kontext: Kontext, stapel: Stapel, zeilen: Sequence[tuple]) -> None:
    """Tell ``datenstand`` which parts of its summaries the rows touch (these writes bypass the session)."""
    namen = [s for s in ZUSAMMENFASSUNG if s in stapel.spalten]
    stellen = [stapel.spalten.index(s) for s in namen]
    teile = set(map(itemgetter(*stellen), zeilen)) if len(stellen) > 1 else {(z[stellen[0]],) for z in zeilen}
    datenstand.vermerken(kontext.session, stapel.modell.__tablename__, (dict(zip(namen, t, strict=True))
                                                                        for t in teile))


def _gruppen(stapel: Stapel, k: Table, t: Table) -> list[tuple]:
    """(join condition, filter on the staging rows) per pattern of the nullable key columns.

    A nullable key (sozialraum_id: None = the whole city) has two partial unique indexes; plain equality
    in the rows that have a value and IS NULL in those that have none lets both databases use them
    (IS NOT DISTINCT FROM would not)."""
    feste = [k.c[s] == t.c[s] for s in stapel.schluessel if not k.c[s].nullable]
    offen = [s for s in stapel.schluessel if k.c[s].nullable]
    gruppen = [(feste, [])]
    for s in offen:
        gruppen = [([*g, k.c[s].is_(None)], [*a, t.c[s].is_(None)]) for g, a in gruppen] + \
                  [([*g, k.c[s] == t.c[s]], [*a, t.c[s].is_not(None)]) for g, a in gruppen]
    return [(and_(*g), and_(*a) if a else None) for g, a in gruppen]


def _abgleichen(kontext: Kontext, stapel: Stapel, conn: Connection, k: Table, v: Table,
                beschreiben: Callable[[tuple], str]) -> None:
    alt = {s: v.c[f"alt_{s}"] for s in stapel.werte}
    anders = or_(*[alt[s].is_distinct_from(v.c[s]) for s in stapel.werte])
    vorhanden, neu = v.c.ziel_id.is_not(None), v.c.ziel_id.is_(None)
    gesamt, anzahl_vorhanden, geaendert = conn.execute(select(
        func.count(), func.count(v.c.ziel_id), func.coalesce(func.sum(case((and_(vorhanden, anders), 1), else_=0)), 0)
    )).one()
    if not gesamt:
        return
    if not kontext.optionen.abgeschlossene_perioden_aendern:
        _abschluesse(kontext, stapel, conn, v, select(v.c.zeile).where(or_(neu, anders)))
        if kontext.fehler:
            return
    zaehler = kontext.zaehlen(k.name)
    zaehler.neu += gesamt - anzahl_vorhanden
    zaehler.geaendert += geaendert
    zaehler.unveraendert += anzahl_vorhanden - geaendert
    if geaendert:
        frei = MAX_AENDERUNGEN - len(kontext.aenderungen)
        if frei > 0:
            abfrage = (select(*[v.c[s] for s in stapel.spalten], *alt.values())
                       .where(vorhanden, anders).order_by(v.c.zeile).limit(frei))
            for r in conn.execute(abfrage).mappings():
                schluessel = tuple(r[s] for s in stapel.schluessel)
                for s in stapel.werte:
                    vorher, nachher = _als_text(r[f"alt_{s}"]), _als_text(r[s])
                    if vorher != nachher:
                        kontext.aenderung(k.name, f"{beschreiben(schluessel)}: {s}", vorher, nachher)
        w = Wertaenderung.__table__
        wertfeld = stapel.wertfeld
        conn.execute(insert(w).from_select(
            ["tabelle", "datensatz_id", "alter_wert", "neuer_wert", "geaendert_am", "geaendert_von", "import_id"],
            select(literal(k.name, String(40)), v.c.ziel_id, alt[wertfeld], v.c[wertfeld],
                   literal(kontext.jetzt, w.c.geaendert_am.type), literal(kontext.benutzer[:100], String(100)),
                   literal(kontext.import_id, Integer))
            .where(vorhanden, alt[wertfeld].is_distinct_from(v.c[wertfeld]))))
        conn.execute(update(k).where(k.c.id == v.c.ziel_id, anders)  # UPDATE … FROM (PostgreSQL and SQLite)
                     .values(**{s: v.c[s] for s in stapel.werte}, geaendert_am=kontext.jetzt,
                             import_id=kontext.import_id))
    if gesamt > anzahl_vorhanden:
        extra = {n: x for n, x in stapel.standard.items() if n not in stapel.werte}
        spalten = [*stapel.spalten, *extra, "geaendert_am", "import_id"]
        conn.execute(insert(k).from_select(spalten, select(
            *[v.c[s] for s in stapel.spalten], *[literal(x, k.c[n].type) for n, x in extra.items()],
            literal(kontext.jetzt, k.c.geaendert_am.type), literal(kontext.import_id, Integer))
            .where(neu).order_by(v.c.zeile)))


def _abschluesse(kontext: Kontext, stapel: Stapel, conn: Connection, t: Table, betroffen) -> None:
    """New or changed rows (``betroffen``: a select of their staging row numbers) in periods closed by
    Controlling are errors (one per period, with a count)."""
    geschlossen = [tuple(r) for r in conn.execute(
        select(Periodenabschluss.jahr, Periodenabschluss.periodenart, Periodenabschluss.periode))]
    if not geschlossen:
        return
    jahr, art, periode = (t.c[s] for s in stapel.periode)
    in_geschlossen = or_(*[and_(jahr == j, art == a, periode == p) for j, a, p in geschlossen])
    for r in conn.execute(select(t.c.zeile, jahr, art, periode).where(in_geschlossen)
                          .where(t.c.zeile.in_(betroffen)).order_by(t.c.zeile)):
        kontext.sammelfehler(r[0], "Jahr", f"{r[1]} {r[2]} {r[3]}",
                             "eine offene Periode (Änderungen abgeschlossener Perioden nur mit der Option "
                             "abgeschlossene_perioden_aendern)", "ist eine abgeschlossene Periode")
