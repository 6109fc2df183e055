"""Importaufträge (Importe im Hintergrund)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('importauftrag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('erstellt_am', sa.DateTime(timezone=True), nullable=False),
    sa.Column('benutzer', sa.String(length=100), nullable=False),
    sa.Column('dateiname', sa.String(length=300), nullable=False),
    sa.Column('art', sa.String(length=40), nullable=True),
    sa.Column('optionen', sa.Text(), nullable=False),
    sa.Column('vorschau', sa.Boolean(), nullable=False),
    sa.Column('quelle', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('wartet', 'laeuft', 'fertig', 'fehler', 'abgebrochen', name='auftragsstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('prozess', sa.String(length=200), nullable=True),
    sa.Column('fortschritt', sa.String(length=300), nullable=True),
    sa.Column('anteil', sa.Float(), nullable=False),
    sa.Column('begonnen_am', sa.DateTime(timezone=True), nullable=True),
    sa.Column('beendet_am', sa.DateTime(timezone=True), nullable=True),
    sa.Column('bericht', sa.Text(), nullable=True),
    sa.Column('fehler', sa.Text(), nullable=True),
    sa.Column('keine_aenderung', sa.Boolean(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('bestaetigt_durch', sa.Integer(), nullable=True),
    sa.Column('datei', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_importauftrag'))
    )
    with op.batch_alter_table('importauftrag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_importauftrag_benutzer'), ['benutzer'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('importauftrag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_importauftrag_benutzer'))
    op.drop_table('importauftrag')
