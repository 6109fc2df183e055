"""Eigene Daten: Importe ohne Verlust (Summenzeilen, Stammdaten) (Issue #15)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 16:00:00

Import speed (≥ 50.000 rows/s on PostgreSQL): the big tables ``kennzahlwert`` and ``haushaltsbetrag`` and
their history ``wertaenderung`` lose the foreign key of ``import_id``. It is a pure provenance note (which
import wrote the row last), set only by the import itself to the id of the protocol row it has just written
in the same transaction; on PostgreSQL a foreign key is a row trigger, and this one cost about a third of
the time of a big import's INSERT and UPDATE (``bench/README.md``, Importtempo). The keys that carry meaning
(Kennzahl, Sozialraum, Produkt, Planzeile) keep theirs.
"""

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TABELLEN = ("kennzahlwert", "haushaltsbetrag", "wertaenderung")


def _name(tabelle: str) -> str:
    return f"fk_{tabelle}_import_id_importprotokoll"


def upgrade() -> None:
    # batch: SQLite copies the table (nothing references these three), PostgreSQL drops the constraint
    for tabelle in TABELLEN:
        with op.batch_alter_table(tabelle, schema=None) as batch_op:
            batch_op.drop_constraint(_name(tabelle), type_="foreignkey")


def downgrade() -> None:
    for tabelle in TABELLEN:
        with op.batch_alter_table(tabelle, schema=None) as batch_op:
            batch_op.create_foreign_key(_name(tabelle), "importprotokoll", ["import_id"], ["id"])
