"""Where the database is and how it gets to the current schema.

``--db`` / ``VIGIL_DB`` take either a SQLAlchemy URL (``postgresql+psycopg://...``)
or a bare filesystem path, which means a SQLite file; the default is
``settings.default_db_path()``. Opening a database always brings it to the
newest Alembic revision first, so a user upgrading vigil never runs a manual
migration step. Alembic is configured in code (no ``alembic.ini``) and points
at the ``migrations`` folder inside this package, so it works from a wheel.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from vigil.settings import Settings

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def resolve_url(url_or_path: str | Path | None) -> str:
    """A SQLAlchemy URL from a URL, a bare path (SQLite) or nothing (settings default).

    For SQLite files the parent folder is created, so the first run just works.
    """
    value = str(url_or_path) if url_or_path else Settings().db
    if "://" not in value:
        path = Path(value).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    url = sa.make_url(value)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return value


def create_engine(url: str) -> sa.Engine:
    """An engine with the per-backend settings vigil relies on."""
    engine = sa.create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")  # ON DELETE CASCADE from articles
    cur.execute("PRAGMA busy_timeout=30000")  # wait for a concurrent writer, don't fail
    cur.close()


def alembic_config() -> Config:
    """Alembic configuration in code, pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def migrate(engine: sa.Engine) -> None:
    """Upgrade to every head (``heads``, not ``head``: parallel revisions by different
    stages must not stop the store from opening); a no-op when already current."""
    if current_revisions(engine) == head_revisions():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
