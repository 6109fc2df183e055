"""Sozialräume: Beträge je Bezirk, Altersgruppen-Raten (Issue #16)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:00:00

Adds the table ``sozialraumgeld`` (budget money per Stadtbezirk or Sozialraum, Produktgruppe, year, line and
kind: the product budget has no district) and the age band of a Kennzahl's rate per 1.000 inhabitants
(``kennzahl.rate_alter_von``/``rate_alter_bis``).
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

RAUMGELDARTEN = ("ergebnis", "ansatz", "fortgeschriebener_ansatz", "planung")


def upgrade() -> None:
    op.create_table(
        'sozialraumgeld',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sozialraum_id', sa.Integer(), nullable=False),
        sa.Column('jahr', sa.Integer(), nullable=False),
        sa.Column('betragsart', sa.Enum(*RAUMGELDARTEN, name='betragsart', native_enum=False,
                                        create_constraint=True, length=32), nullable=False),
        sa.Column('produkt_code', sa.String(length=20), nullable=False),
        sa.Column('produkt_name', sa.String(length=300), nullable=False),
        sa.Column('zeile', sa.String(length=10), nullable=False),
        sa.Column('zeile_name', sa.String(length=200), nullable=True),
        sa.Column('betrag', sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['import_id'], ['importprotokoll.id'],
                                name=op.f('fk_sozialraumgeld_import_id_importprotokoll')),
        sa.ForeignKeyConstraint(['sozialraum_id'], ['sozialraum.id'], ondelete='CASCADE',
                                name=op.f('fk_sozialraumgeld_sozialraum_id_sozialraum')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sozialraumgeld')),
        sa.UniqueConstraint('sozialraum_id', 'jahr', 'betragsart', 'produkt_code', 'zeile',
                            name=op.f('uq_sozialraumgeld_sozialraum_id')),
    )
    with op.batch_alter_table('sozialraumgeld', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sozialraumgeld_sozialraum_id'), ['sozialraum_id'], unique=False)
    with op.batch_alter_table('kennzahl', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rate_alter_von', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rate_alter_bis', sa.Integer(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy would drop ``kennzahl``, which other
    # tables reference, and fails with foreign keys switched on.
    op.drop_column('kennzahl', 'rate_alter_bis')
    op.drop_column('kennzahl', 'rate_alter_von')
    with op.batch_alter_table('sozialraumgeld', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sozialraumgeld_sozialraum_id'))
    op.drop_table('sozialraumgeld')
