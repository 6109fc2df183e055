"""Alembic environment: runs migrations on the engine handed over by kennzahlen.db."""

from alembic import context
from sqlalchemy import create_engine

from kennzahlen.models import VERWEISE_JE_ANWEISUNG, Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # plain `alembic` CLI use: take the URL from the settings
    from kennzahlen.settings import Einstellungen

    engine = create_engine(Einstellungen.aus_umgebung().datenbank_url)


def _vergleichen(objekt, name, art, reflektiert, vergleich) -> bool:
    """Autogenerate compares everything but the foreign keys that PostgreSQL checks per statement
    (migration 0013: triggers, not constraints)."""
    return not (art == "foreign_key_constraint" and name in VERWEISE_JE_ANWEISUNG
                and engine.dialect.name == "postgresql")


with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_vergleichen,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
