"""Browser tier: one Dash test server port per xdist worker, so the tier can run on two workers at once."""

from __future__ import annotations

import functools

import pytest

ERSTER_PORT = 8050
"""dash.testing's default port; worker gw<n> uses ERSTER_PORT + 1 + n."""


@pytest.fixture
def dash_duo(dash_duo, worker_id):
    """dash.testing's dash_duo, its server on this worker's own port."""
    port = ERSTER_PORT + (1 + int(worker_id[2:]) if worker_id.startswith("gw") else 0)
    dash_duo.start_server = functools.partial(dash_duo.start_server, port=port)
    return dash_duo
