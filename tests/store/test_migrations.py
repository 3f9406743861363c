"""Migrations build the schema the models describe, on every backend, and are re-runnable."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import vigil.watch.tables  # noqa: E402,F401 - the watch's tables join Base.metadata
from vigil.store import Base, open_store
from vigil.store.engine import current_revisions, head_revisions

CORE_TABLES = {"articles", "rejections", "entities", "quotes", "events", "places", "times"}
#: Tables whose models must match their migrations exactly (autogenerate finds nothing).
CHECKED_TABLES = CORE_TABLES | {"failures", "feeds", "jobs"}


def test_open_creates_every_table_at_head(db_url):
    store = open_store(db_url)
    try:
        tables = set(sa.inspect(store.engine).get_table_names())
        assert CORE_TABLES <= tables
        # every model on the shared Base that is imported by now has its migration
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        assert current_revisions(store.engine) == head_revisions()
    finally:
        store.close()


def test_reopening_is_harmless(db_url):
    with open_store(db_url) as store:
        store.reject("a.txt", "broken")
    with open_store(db_url) as store:  # migrate again: must not drop or recreate anything
        assert store.counts()["rejections"] == 1


def test_migrations_match_models(db_url):
    """Autogenerate finds nothing to change in vigil's own tables: models == migrations."""
    with open_store(db_url) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)

    def table_of(diff) -> str:
        item = diff[0] if isinstance(diff, list) else diff
        kind = item[0]
        if kind in ("add_table", "remove_table"):
            return item[1].name
        if kind in ("add_column", "remove_column") or kind.startswith("modify_"):
            return item[2]
        return item[1].table.name  # indexes and constraints

    mine = [d for d in diffs if table_of(d) in CHECKED_TABLES]
    assert mine == []


def test_heads_read_from_the_files_are_alembics():
    """The cheap start-up check reads the same heads Alembic's ScriptDirectory computes."""
    from alembic.script import ScriptDirectory

    from vigil.store.engine import alembic_config

    assert head_revisions() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_database_behind_is_upgraded_on_open(db_url):
    """An older schema (an earlier revision in alembic_version) is brought to every head."""
    from alembic import command

    from vigil.store.engine import alembic_config, create_engine, resolve_url

    engine = create_engine(resolve_url(db_url))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_articles")
    assert current_revisions(engine) == {"0001_articles"}
    engine.dispose()
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert current_revisions(store.engine) == head_revisions()
        assert set(MigrationContext.configure(conn).get_current_heads()) == head_revisions()
