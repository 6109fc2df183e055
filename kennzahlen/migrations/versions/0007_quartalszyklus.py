"""Quartalszyklus: Maßnahmenverlauf, Periodenabschluss mit Berichtsstand und Verlauf, Prognosen

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:46:31.944052
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('abschlussverlauf',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('periodenart', sa.Enum('jahr', 'tertial', 'quartal', 'monat', name='periodenart', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('periode', sa.Integer(), nullable=False),
    sa.Column('aktion', sa.Enum('abgeschlossen', 'wiedergeoeffnet', name='aktion', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('grund', sa.Text(), nullable=True),
    sa.Column('zeitpunkt', sa.DateTime(timezone=True), nullable=False),
    sa.Column('benutzer', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abschlussverlauf'))
    )
    op.create_table('berichtswert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('periodenart', sa.String(length=32), nullable=False),
    sa.Column('periode', sa.Integer(), nullable=False),
    sa.Column('fassung', sa.Integer(), nullable=False),
    sa.Column('objektart', sa.String(length=20), nullable=False),
    sa.Column('objekt_id', sa.Integer(), nullable=False),
    sa.Column('groesse', sa.String(length=40), nullable=False),
    sa.Column('wert', sa.Numeric(precision=20, scale=6), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_berichtswert')),
    sa.UniqueConstraint('jahr', 'periodenart', 'periode', 'fassung', 'objektart', 'objekt_id', 'groesse', name=op.f('uq_berichtswert_jahr'))
    )
    with op.batch_alter_table('berichtswert', schema=None) as batch_op:
        batch_op.create_index('ix_berichtswert_periode', ['jahr', 'periodenart', 'periode', 'fassung'], unique=False)

    op.create_table('produktprognose',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('produkt_id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('periodenart', sa.Enum('jahr', 'tertial', 'quartal', 'monat', name='periodenart', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('periode', sa.Integer(), nullable=False),
    sa.Column('zuschussbedarf', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('begruendung', sa.Text(), nullable=False),
    sa.Column('autor', sa.String(length=100), nullable=False),
    sa.Column('erfasst_am', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['produkt_id'], ['produkt.id'], name=op.f('fk_produktprognose_produkt_id_produkt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_produktprognose')),
    sa.UniqueConstraint('produkt_id', 'jahr', 'periodenart', 'periode', name=op.f('uq_produktprognose_produkt_id'))
    )
    with op.batch_alter_table('produktprognose', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_produktprognose_produkt_id'), ['produkt_id'], unique=False)

    op.create_table('prognosewahl',
    sa.Column('produkt_id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('methode', sa.Enum('fachbereich', 'statisch', 'saisonal', name='methode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('begruendung', sa.Text(), nullable=True),
    sa.Column('autor', sa.String(length=100), nullable=False),
    sa.Column('geaendert_am', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['produkt_id'], ['produkt.id'], name=op.f('fk_prognosewahl_produkt_id_produkt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('produkt_id', 'jahr', name=op.f('pk_prognosewahl'))
    )
    op.create_table('massnahmenverlauf',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommentar_id', sa.Integer(), nullable=False),
    sa.Column('alter_status', sa.String(length=32), nullable=True),
    sa.Column('neuer_status', sa.Enum('offen', 'in_umsetzung', 'umgesetzt', 'verworfen', name='neuer_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('bemerkung', sa.Text(), nullable=True),
    sa.Column('geaendert_am', sa.DateTime(timezone=True), nullable=False),
    sa.Column('geaendert_von', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['kommentar_id'], ['kommentar.id'], name=op.f('fk_massnahmenverlauf_kommentar_id_kommentar'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_massnahmenverlauf'))
    )
    with op.batch_alter_table('massnahmenverlauf', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_massnahmenverlauf_kommentar_id'), ['kommentar_id'], unique=False)

    with op.batch_alter_table('kommentar', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schluessel', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_kommentar_schluessel'), ['schluessel'])

    # Existing Maßnahmen get their first history entry: created with their current status.
    op.execute(
        "INSERT INTO massnahmenverlauf (kommentar_id, alter_status, neuer_status, bemerkung, geaendert_am,"
        " geaendert_von) SELECT id, NULL, massnahmenstatus, 'angelegt', erstellt_am, autor FROM kommentar"
        " WHERE art = 'massnahme' AND massnahmenstatus IS NOT NULL"
    )



def downgrade() -> None:
    with op.batch_alter_table('kommentar', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_kommentar_schluessel'), type_='unique')
        batch_op.drop_column('schluessel')

    with op.batch_alter_table('massnahmenverlauf', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_massnahmenverlauf_kommentar_id'))

    op.drop_table('massnahmenverlauf')
    op.drop_table('prognosewahl')
    with op.batch_alter_table('produktprognose', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_produktprognose_produkt_id'))

    op.drop_table('produktprognose')
    with op.batch_alter_table('berichtswert', schema=None) as batch_op:
        batch_op.drop_index('ix_berichtswert_periode')

    op.drop_table('berichtswert')
    op.drop_table('abschlussverlauf')
