"""Shared fixtures: the founding article run through the full pipeline once, the gold
annotation, and database URLs for every real backend available (SQLite always,
PostgreSQL when ``VIGIL_TEST_PG_URL`` is set, as ``.ci/run`` does)."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD_PATH = SHARED / "gold" / "nzdf-taji.gold.json"
DEMO = ROOT / "demo"


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text())


@pytest.fixture(scope="session")
def taji_doc():
    """The founding article, read from shared/ and run through the default pipeline."""
    from vigil.ingest import read_paths
    from vigil.pipeline import Pipeline
    from vigil.settings import Settings

    (doc,) = list(read_paths([CORPUS / "nzdf-taji.txt"]))
    settings = Settings(sites_file=DEMO / "sites.yaml")
    return Pipeline(settings=settings)(doc)


@pytest.fixture(scope="session")
def taji_record(taji_doc) -> dict:
    return json.loads(json.dumps(taji_doc.to_record()))


def _pg_url() -> str | None:
    return os.environ.get("VIGIL_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each real backend (a new PostgreSQL schema per test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vigil.db'}"
        return
    url = _pg_url()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("VIGIL_TEST_PG_URL must be set in CI: PostgreSQL tests may not be skipped")
        pytest.skip("no PostgreSQL (set VIGIL_TEST_PG_URL)")
    import sqlalchemy as sa

    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{url}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()
