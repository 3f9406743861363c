"""The ``server`` fixture: a real server process over each database, with two seeded
organisations (see serve_helpers)."""

from __future__ import annotations

import pytest
from serve_helpers import Server, seed, start_server, stop


@pytest.fixture
def server(db_url):
    orgs = seed(db_url)
    proc, base = start_server(db_url)
    try:
        yield Server(base, db_url, orgs, proc)
    finally:
        stop(proc)
