"""Barrierefreiheit: Leichte Sprache für Ziele und Kennzahlen (Issue #17)

A plain-language text (Leichte Sprache) beside the technical one, shown on request on the Ziel and Kennzahl
views. Optional: empty for existing rows.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABELLEN = ("ziel", "kennzahl")


def upgrade() -> None:
    for tabelle in TABELLEN:
        with op.batch_alter_table(tabelle, schema=None) as batch_op:
            batch_op.add_column(sa.Column("leichte_sprache", sa.Text(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy would drop ``ziel``, which other tables
    # reference, and fails with foreign keys switched on.
    for tabelle in TABELLEN:
        op.drop_column(tabelle, "leichte_sprache")
