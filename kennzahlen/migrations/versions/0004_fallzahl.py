"""Fallzahl je Kennzahl

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:00:00.000000

Adds ``kennzahl.fallzahl`` (the Kennzahl counts persons or cases; its small values per Sozialraum are
suppressed). Existing Kennzahlen get the value that ``kennzahlen.kleine_zahlen.ist_fallzahl`` derives
from their Einheit and Nenner, so that an upgraded database protects small numbers from the start.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kennzahl', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fallzahl', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Derive the flag for existing rows with the importer's rule (one rule, in kennzahlen.kleine_zahlen;
    # it is a pure function of Einheit and Nenner and reads nothing else of the model).
    from kennzahlen.kleine_zahlen import ist_fallzahl

    verbindung = op.get_bind()
    kennzahl = sa.table('kennzahl', sa.column('id', sa.Integer()), sa.column('einheit', sa.String()),
                        sa.column('nenner', sa.Text()), sa.column('fallzahl', sa.Boolean()))
    zeilen = verbindung.execute(sa.select(kennzahl.c.id, kennzahl.c.einheit, kennzahl.c.nenner)).all()
    ids = [i for i, einheit, nenner in zeilen if ist_fallzahl(einheit, nenner)]
    if ids:
        verbindung.execute(sa.update(kennzahl).where(kennzahl.c.id.in_(ids)).values(fallzahl=True))


def downgrade() -> None:
    with op.batch_alter_table('kennzahl', schema=None) as batch_op:
        batch_op.drop_column('fallzahl')
