"""Zusammenfassungen: Perioden mit Ist-Werten und Haushaltssummen je Produkt (einmal gefüllt)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('haushaltssumme',
    sa.Column('produkt_id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('periodenart', sa.String(length=32), nullable=False),
    sa.Column('periode', sa.Integer(), nullable=False),
    sa.Column('betragsart', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('betrag', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('produkt_id', 'jahr', 'periodenart', 'periode', 'betragsart', 'version',
                            name=op.f('pk_haushaltssumme'))
    )
    with op.batch_alter_table('haushaltssumme', schema=None) as batch_op:
        batch_op.create_index('ix_haushaltssumme_jahr', ['jahr', 'betragsart', 'periodenart'], unique=False)

    op.create_table('kennzahlperiode',
    sa.Column('periodenart', sa.String(length=32), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('periode', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('periodenart', 'jahr', 'periode', name=op.f('pk_kennzahlperiode'))
    )

    # Fill both once from the data already stored (the same statements as kennzahlen.datenstand's full refresh).
    op.execute(
        "INSERT INTO haushaltssumme (produkt_id, jahr, periodenart, periode, betragsart, version, betrag) "
        "SELECT produkt_id, jahr, periodenart, periode, betragsart, version, SUM(betrag) FROM haushaltsbetrag "
        "GROUP BY produkt_id, jahr, periodenart, periode, betragsart, version"
    )
    op.execute(
        "INSERT INTO kennzahlperiode (periodenart, jahr, periode) "
        "SELECT DISTINCT periodenart, jahr, periode FROM kennzahlwert "
        "WHERE wertart = 'ist' AND sozialraum_id IS NULL"
    )


def downgrade() -> None:
    op.drop_table('kennzahlperiode')
    with op.batch_alter_table('haushaltssumme', schema=None) as batch_op:
        batch_op.drop_index('ix_haushaltssumme_jahr')
    op.drop_table('haushaltssumme')
