"""Migration 0007: events stored before it get their ACLED row from their article's record."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command

from vigil.store import open_store
from vigil.store.engine import alembic_config, create_engine
from vigil.store.models import EventRow


def test_existing_events_get_their_row_from_the_record(db_url: str):
    engine = create_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006_serve_isolation")
    row = {"event_type": "Riots", "sub_event_type": "Mob violence", "actor1": "Rioters (Iraq)"}
    record = {"id": "a1", "events": [{"id": "v1", "acled": row}, {"id": "v2", "acled": None}]}
    meta = sa.MetaData()
    articles = sa.Table("articles", meta, autoload_with=engine)
    events = sa.Table("events", meta, autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(
            articles.insert().values(
                id="a1",
                source="s",
                text="t",
                record=record,
                ingested_at=datetime(2021, 1, 1),
                pipeline_version="test",
            )
        )
        for eid in ("v1", "v2"):
            conn.execute(
                events.insert().values(
                    article_id="a1",
                    event_id=eid,
                    category="ASSAULT",
                    actors=[],
                    recipients=[],
                    evidence=[],
                    negated=False,
                    hypothetical=False,
                )
            )
    engine.dispose()
    with open_store(db_url) as store, store.engine.connect() as conn:
        got = {e: a for e, a in conn.execute(sa.select(EventRow.event_id, EventRow.acled))}
    assert got == {"v1": row, "v2": None}
