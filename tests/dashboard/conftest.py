"""Fixtures of the app tier: the app on a private demo copy and a plain engine to check its numbers."""

import pytest
from sqlalchemy import create_engine

from dashboard import create_app


@pytest.fixture
def app(demo_einstellungen):
    """The app on a private copy of the demo city (no login: the settings say anmeldung='aus')."""
    return create_app(demo_einstellungen)


@pytest.fixture
def db(demo_einstellungen):
    """A plain engine on the same demo copy, to check the numbers the views show."""
    engine = create_engine(demo_einstellungen.datenbank_url)
    yield engine
    engine.dispose()
