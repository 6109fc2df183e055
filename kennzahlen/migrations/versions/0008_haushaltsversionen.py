"""Politischer Haushaltszyklus: Versionen, Veränderungsliste, Haushaltssicherung (Issue #14)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 16:00:00

The Enums version and betragsart of haushaltsbetrag are strings with a CHECK constraint: the new values
(Versionen anmeldung and eckwert, Betragsart uebertragung) need the constraints replaced. SQLite cannot alter a
constraint, so both go through ``batch_alter_table`` (a table copy on SQLite, ALTER on PostgreSQL).
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

VERSIONEN_ALT = ('entwurf', 'beschluss', 'nachtrag')
VERSIONEN_NEU = ('anmeldung', 'eckwert', 'entwurf', 'beschluss', 'nachtrag')
BETRAGSARTEN_ALT = ('ergebnis', 'ansatz', 'fortgeschriebener_ansatz', 'ist_unterjaehrig', 'prognose', 'planung')
BETRAGSARTEN_NEU = (*BETRAGSARTEN_ALT, 'uebertragung')
MASSNAHMENSTATUS = ('offen', 'in_umsetzung', 'umgesetzt', 'verworfen')
VERAENDERUNGSSTATUS = ('vorgeschlagen', 'beschlossen', 'abgelehnt', 'zurueckgezogen')


def _liste(werte) -> str:
    return ", ".join(f"'{w}'" for w in werte)


def _auswahl_ersetzen(versionen, betragsarten) -> None:
    with op.batch_alter_table('haushaltsbetrag', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_haushaltsbetrag_version'), type_='check')
        batch_op.drop_constraint(op.f('ck_haushaltsbetrag_betragsart'), type_='check')
        batch_op.create_check_constraint('version', f"version IN ({_liste(versionen)})")
        batch_op.create_check_constraint('betragsart', f"betragsart IN ({_liste(betragsarten)})")


def upgrade() -> None:
    _auswahl_ersetzen(VERSIONEN_NEU, BETRAGSARTEN_NEU)
    op.create_table('veraenderung',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('haushaltsjahr', sa.Integer(), nullable=False),
    sa.Column('nummer', sa.String(length=20), nullable=False),
    sa.Column('bezeichnung', sa.String(length=300), nullable=False),
    sa.Column('produkt_id', sa.Integer(), nullable=False),
    sa.Column('planzeile_id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('betrag', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('begruendung', sa.Text(), nullable=True),
    sa.Column('antragsteller', sa.String(length=200), nullable=True),
    sa.Column('status', sa.Enum(*VERAENDERUNGSSTATUS, name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('erfasst_von', sa.String(length=100), nullable=True),
    sa.Column('geaendert_am', sa.DateTime(timezone=True), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['importprotokoll.id'], name=op.f('fk_veraenderung_import_id_importprotokoll')),
    sa.ForeignKeyConstraint(['planzeile_id'], ['planzeile.id'], name=op.f('fk_veraenderung_planzeile_id_planzeile')),
    sa.ForeignKeyConstraint(['produkt_id'], ['produkt.id'], name=op.f('fk_veraenderung_produkt_id_produkt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_veraenderung')),
    sa.UniqueConstraint('haushaltsjahr', 'nummer', 'produkt_id', 'planzeile_id', 'jahr', name=op.f('uq_veraenderung_haushaltsjahr'))
    )
    with op.batch_alter_table('veraenderung', schema=None) as batch_op:
        batch_op.create_index('ix_veraenderung_haushaltsjahr', ['haushaltsjahr', 'nummer'], unique=False)
        batch_op.create_index(batch_op.f('ix_veraenderung_produkt_id'), ['produkt_id'], unique=False)

    op.create_table('hsk_massnahme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('bezeichnung', sa.String(length=300), nullable=False),
    sa.Column('beschreibung', sa.Text(), nullable=True),
    sa.Column('produkt_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum(*MASSNAHMENSTATUS, name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('umsetzungsgrad', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('verantwortlich', sa.String(length=200), nullable=True),
    sa.Column('geaendert_am', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('umsetzungsgrad >= 0 AND umsetzungsgrad <= 1', name=op.f('ck_hsk_massnahme_umsetzungsgrad')),
    sa.ForeignKeyConstraint(['produkt_id'], ['produkt.id'], name=op.f('fk_hsk_massnahme_produkt_id_produkt'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsk_massnahme')),
    sa.UniqueConstraint('code', name=op.f('uq_hsk_massnahme_code'))
    )
    with op.batch_alter_table('hsk_massnahme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsk_massnahme_produkt_id'), ['produkt_id'], unique=False)

    op.create_table('hsk_ziel',
    sa.Column('massnahme_id', sa.Integer(), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('einsparziel', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('erreicht', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['massnahme_id'], ['hsk_massnahme.id'], name=op.f('fk_hsk_ziel_massnahme_id_hsk_massnahme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('massnahme_id', 'jahr', name=op.f('pk_hsk_ziel'))
    )
    op.create_table('hsk_massnahme_kennzahl',
    sa.Column('massnahme_id', sa.Integer(), nullable=False),
    sa.Column('kennzahl_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kennzahl_id'], ['kennzahl.id'], name=op.f('fk_hsk_massnahme_kennzahl_kennzahl_id_kennzahl'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['massnahme_id'], ['hsk_massnahme.id'], name=op.f('fk_hsk_massnahme_kennzahl_massnahme_id_hsk_massnahme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('massnahme_id', 'kennzahl_id', name=op.f('pk_hsk_massnahme_kennzahl'))
    )


def downgrade() -> None:
    op.drop_table('hsk_massnahme_kennzahl')
    op.drop_table('hsk_ziel')
    with op.batch_alter_table('hsk_massnahme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsk_massnahme_produkt_id'))
    op.drop_table('hsk_massnahme')
    with op.batch_alter_table('veraenderung', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_veraenderung_produkt_id'))
        batch_op.drop_index('ix_veraenderung_haushaltsjahr')
    op.drop_table('veraenderung')
    # Amounts of the new versions and kinds have no place in the old schema: they are removed, not bent.
    op.execute(sa.text("DELETE FROM haushaltssumme WHERE version IN ('anmeldung', 'eckwert') "
                       "OR betragsart = 'uebertragung'"))
    op.execute(sa.text("DELETE FROM haushaltsbetrag WHERE version IN ('anmeldung', 'eckwert') "
                       "OR betragsart = 'uebertragung'"))
    _auswahl_ersetzen(VERSIONEN_ALT, BETRAGSARTEN_ALT)
