"""Erste Einrichtung: Kommune (Einwohner), Kurzname und Langtext von Zielen (Issue #15)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:00:00

Adds ``kommune.einwohner`` (set by the import format "kommune" or on the settings page) and
``ziel.zieltext``, the full wording of a goal without a length limit. ``ziel.name`` stays the short
name that lists and charts show.
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('einwohner', sa.Integer(), nullable=True))
    with op.batch_alter_table('ziel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zieltext', sa.Text(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy would drop ``ziel``, which other tables
    # reference, and fails with foreign keys switched on.
    op.drop_column('ziel', 'zieltext')
    op.drop_column('kommune', 'einwohner')
