"""Verweise der großen Tabellen je Anweisung prüfen (PostgreSQL, Issue #15)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 19:20:00

Import speed (≥ 50.000 rows/s on PostgreSQL): a foreign key is a row trigger on PostgreSQL. For the
two big tables, ``kennzahlwert`` (→ kennzahl, sozialraum) and ``haushaltsbetrag`` (→ produkt,
planzeile), those four triggers cost more than half of inserting the new rows of a big import (one
``SELECT … FOR KEY SHARE`` per row and key; ``bench/README.md``, Importtempo).

On PostgreSQL the four foreign keys become statement triggers with transition tables that enforce the
same rules once per statement, set-based:

- insert or update of a child row: every referenced parent row must exist; the distinct parents are
  locked ``FOR KEY SHARE`` as the row triggers would lock them, so a concurrent delete of a parent
  waits for the import or makes it fail, never leaves an orphan;
- delete of a Kennzahl or Produkt deletes its values or amounts (as ``ON DELETE CASCADE`` did);
- delete of a Sozialraum or Planzeile still referenced fails (as ``NO ACTION`` did), with SQLSTATE
  23503 (``foreign_key_violation``), which SQLAlchemy raises as ``IntegrityError`` like before.

The ids are surrogate keys that the application never changes and never truncates; those two cases are
not covered. SQLite keeps its real foreign keys (it checks them cheaply in its own B-trees).
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

VERWEISE = (
    # child table, column, parent table, on delete, old constraint name
    ("kennzahlwert", "kennzahl_id", "kennzahl", "cascade", "fk_kennzahlwert_kennzahl_id_kennzahl"),
    ("kennzahlwert", "sozialraum_id", "sozialraum", "restrict", "fk_kennzahlwert_sozialraum_id_sozialraum"),
    ("haushaltsbetrag", "produkt_id", "produkt", "cascade", "fk_haushaltsbetrag_produkt_id_produkt"),
    ("haushaltsbetrag", "planzeile_id", "planzeile", "restrict", "fk_haushaltsbetrag_planzeile_id_planzeile"),
)

PRUEFEN = """
CREATE OR REPLACE FUNCTION wk_verweise_pruefen() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  i integer = 0;
  fehlt text;
BEGIN
  -- TG_ARGV: pairs of (column, parent table); the transition table of the statement is "neu"
  WHILE i < TG_NARGS LOOP
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I WHERE id IN (SELECT %I FROM neu) FOR KEY SHARE) s',
                   TG_ARGV[i + 1], TG_ARGV[i]);
    EXECUTE format('SELECT CAST(x.%I AS text) FROM (SELECT DISTINCT %I FROM neu WHERE %I IS NOT NULL) x '
                   'WHERE NOT EXISTS (SELECT 1 FROM %I p WHERE p.id = x.%I) LIMIT 1',
                   TG_ARGV[i], TG_ARGV[i], TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[i])
      INTO fehlt;
    IF fehlt IS NOT NULL THEN
      RAISE foreign_key_violation USING MESSAGE = format(
        'insert or update on table "%s" violates foreign key: (%s)=(%s) is not present in table "%s"',
        TG_TABLE_NAME, TG_ARGV[i], fehlt, TG_ARGV[i + 1]);
    END IF;
    i = i + 2;
  END LOOP;
  RETURN NULL;
END
$f$
"""

LOESCHEN = """
CREATE OR REPLACE FUNCTION wk_verweise_loeschen() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  gefunden boolean;
BEGIN
  -- TG_ARGV: child table, column, 'cascade' or 'restrict'; the deleted rows are "alt"
  IF TG_ARGV[2] = 'cascade' THEN
    EXECUTE format('DELETE FROM %I WHERE %I IN (SELECT id FROM alt)', TG_ARGV[0], TG_ARGV[1]);
  ELSE
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I IN (SELECT id FROM alt))', TG_ARGV[0], TG_ARGV[1])
      INTO gefunden;
    IF gefunden THEN
      RAISE foreign_key_violation USING MESSAGE = format(
        'update or delete on table "%s" violates foreign key: still referenced from table "%s" (%s)',
        TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]);
    END IF;
  END IF;
  RETURN NULL;
END
$f$
"""


def _kinder() -> dict[str, list[tuple[str, str]]]:
    kinder: dict[str, list[tuple[str, str]]] = {}
    for kind, spalte, eltern, _aktion, _name in VERWEISE:
        kinder.setdefault(kind, []).append((spalte, eltern))
    return kinder


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(sa.text(PRUEFEN))
    op.execute(sa.text(LOESCHEN))
    for kind, spalte, eltern, aktion, name in VERWEISE:
        op.drop_constraint(name, kind, type_="foreignkey")
        op.execute(sa.text(
            f"CREATE TRIGGER {kind}_verweise AFTER DELETE ON {eltern} REFERENCING OLD TABLE AS alt "
            f"FOR EACH STATEMENT EXECUTE FUNCTION wk_verweise_loeschen('{kind}', '{spalte}', '{aktion}')"))
    for kind, paare in _kinder().items():
        argumente = ", ".join(f"'{s}', '{e}'" for s, e in paare)
        for ereignis, name in (("INSERT", "neu"), ("UPDATE", "geaendert")):
            op.execute(sa.text(
                f"CREATE TRIGGER verweise_{name} AFTER {ereignis} ON {kind} REFERENCING NEW TABLE AS neu "
                f"FOR EACH STATEMENT EXECUTE FUNCTION wk_verweise_pruefen({argumente})"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for kind in _kinder():
        op.execute(sa.text(f"DROP TRIGGER verweise_neu ON {kind}"))
        op.execute(sa.text(f"DROP TRIGGER verweise_geaendert ON {kind}"))
    for kind, spalte, eltern, aktion, name in VERWEISE:
        op.execute(sa.text(f"DROP TRIGGER {kind}_verweise ON {eltern}"))
        op.create_foreign_key(name, kind, eltern, [spalte], ["id"], ondelete="CASCADE" if aktion == "cascade" else None)
    op.execute(sa.text("DROP FUNCTION wk_verweise_loeschen()"))
    op.execute(sa.text("DROP FUNCTION wk_verweise_pruefen()"))
