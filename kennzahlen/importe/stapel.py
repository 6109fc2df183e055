"""Set-based upsert of the big tables (Kennzahlwerte, Haushaltsbeträge): the file's rows go into a temporary
staging table in one bulk write (COPY on PostgreSQL, executemany on SQLite); one JOIN against the stored
rows counts new, changed and unchanged rows; three statements write the history (Wertaenderung), the
changed values and the new rows. It runs on the import's own connection, inside its one transaction:
all or nothing, and a preview rolls it back like everything else.

Why not row by row: loading every stored value of the touched Kennzahlen into Python and comparing them
there costs time in proportion to the database, not to the file (a big city has millions of values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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
    true,
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
    """Bulk write into the staging table: COPY on PostgreSQL, one executemany on SQLite."""
    namen = [c.name for c in tabelle.columns]
    if conn.dialect.name == "postgresql":
        roh = conn.connection.driver_connection
        with roh.cursor() as cur, cur.copy(f"COPY {tabelle.name} ({', '.join(namen)}) FROM STDIN") as kopie:
            for zeile in zeilen:
                kopie.write_row(zeile)
        conn.exec_driver_sql(f"ANALYZE {tabelle.name}")  # temporary tables get no statistics otherwise
        return
    # SQLite stores Numeric as REAL, exactly as SQLAlchemy binds it for the model's own columns
    gleitend = [i for i, c in enumerate(tabelle.columns) if getattr(c.type, "asdecimal", False)]
    if gleitend:
        zeilen = [tuple(float(v) if i in gleitend and isinstance(v, Decimal) else v for i, v in enumerate(z))
                  for z in zeilen]
    platz = ", ".join("?" for _ in namen)
    conn.exec_driver_sql(f"INSERT INTO {tabelle.name} ({', '.join(namen)}) VALUES ({platz})", list(zeilen))


def _index(conn: Connection, tabelle: Table, schluessel: Sequence[str]) -> None:
    """An index on the staging table's key, so that the JOIN can run either way round."""
    conn.exec_driver_sql(f"CREATE INDEX {tabelle.name}_schluessel ON {tabelle.name} ({', '.join(schluessel)})")


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
    t.drop(conn, checkfirst=True)
    t.create(conn)
    try:
        _laden(conn, t, zeilen)
        _index(conn, t, stapel.schluessel)
        _abgleichen(kontext, stapel, conn, ziel, t, beschreiben)
        _vermerken(kontext, stapel, zeilen)
    finally:
        if not conn.closed and conn.in_transaction():
            t.drop(conn, checkfirst=True)


ZUSAMMENFASSUNG = ("produkt_id", "jahr", "periodenart", "periode", "wertart", "sozialraum_id")
"""Key columns that decide which part of the summary tables (``datenstand``) a row touches."""


def _vermerken(kontext: Kontext, stapel: Stapel, zeilen: Sequence[tuple]) -> None:
    """Tell ``datenstand`` which parts of its summaries the rows touch (these writes bypass the session)."""
    namen = [s for s in ZUSAMMENFASSUNG if s in stapel.spalten]
    stellen = [stapel.spalten.index(s) for s in namen]
    teile = {tuple(z[i] for i in stellen) for z in zeilen}
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


def _abgleichen(kontext: Kontext, stapel: Stapel, conn: Connection, k: Table, t: Table,
                beschreiben: Callable[[tuple], str]) -> None:
    for gleich, auswahl in _gruppen(stapel, k, t):
        _gruppe_abgleichen(kontext, stapel, conn, k, t, beschreiben, gleich, auswahl)
        if kontext.fehler:
            return


def _gruppe_abgleichen(kontext: Kontext, stapel: Stapel, conn: Connection, k: Table, t: Table,
                       beschreiben: Callable[[tuple], str], gleich, auswahl) -> None:
    def nur(abfrage):
        return abfrage if auswahl is None else abfrage.where(auswahl)

    anders = or_(*[k.c[s].is_distinct_from(t.c[s]) for s in stapel.werte])
    verbunden = t.outerjoin(k, gleich)
    gesamt, vorhanden, geaendert = conn.execute(
        select(func.count(), func.count(k.c.id), func.coalesce(func.sum(case((and_(k.c.id.is_not(None), anders), 1),
                                                                              else_=0)), 0))
        .select_from(verbunden).where(auswahl if auswahl is not None else true())).one()
    if not gesamt:
        return
    if not kontext.optionen.abgeschlossene_perioden_aendern:
        _abschluesse(kontext, stapel, conn, t, nur(select(t.c.zeile).select_from(verbunden)
                                                      .where(or_(k.c.id.is_(None), anders))))
        if kontext.fehler:
            return
    zaehler = kontext.zaehlen(k.name)
    zaehler.neu += gesamt - vorhanden
    zaehler.geaendert += geaendert
    zaehler.unveraendert += vorhanden - geaendert
    if geaendert:
        frei = MAX_AENDERUNGEN - len(kontext.aenderungen)
        if frei > 0:
            abfrage = (select(*[t.c[s] for s in stapel.spalten], *[k.c[s].label(f"alt_{s}") for s in stapel.werte])
                       .select_from(t.join(k, gleich)).where(anders).order_by(t.c.zeile).limit(frei))
            for r in conn.execute(nur(abfrage)).mappings():
                schluessel = tuple(r[s] for s in stapel.schluessel)
                for s in stapel.werte:
                    alt, neu = _als_text(r[f"alt_{s}"]), _als_text(r[s])
                    if alt != neu:
                        kontext.aenderung(k.name, f"{beschreiben(schluessel)}: {s}", alt, neu)
        w = Wertaenderung.__table__
        wertfeld = stapel.wertfeld
        conn.execute(insert(w).from_select(
            ["tabelle", "datensatz_id", "alter_wert", "neuer_wert", "geaendert_am", "geaendert_von", "import_id"],
            nur(select(literal(k.name, String(40)), k.c.id, k.c[wertfeld], t.c[wertfeld],
                       literal(kontext.jetzt, w.c.geaendert_am.type), literal(kontext.benutzer[:100], String(100)),
                       literal(kontext.import_id, Integer))
                .select_from(t.join(k, gleich)).where(k.c[wertfeld].is_distinct_from(t.c[wertfeld])))))
        conn.execute(nur(update(k).where(gleich).where(anders))  # UPDATE … FROM staging (PostgreSQL and SQLite)
                     .values(**{s: t.c[s] for s in stapel.werte}, geaendert_am=kontext.jetzt,
                             import_id=kontext.import_id))
    if gesamt > vorhanden:
        extra = {n: v for n, v in stapel.standard.items() if n not in stapel.werte}
        spalten = [*stapel.spalten, *extra, "geaendert_am", "import_id"]
        conn.execute(insert(k).from_select(spalten, nur(select(
            *[t.c[s] for s in stapel.spalten], *[literal(v, k.c[n].type) for n, v in extra.items()],
            literal(kontext.jetzt, k.c.geaendert_am.type), literal(kontext.import_id, Integer))
            .select_from(verbunden).where(k.c.id.is_(None)).order_by(t.c.zeile))))


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
