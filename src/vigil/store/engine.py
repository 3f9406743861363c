"""Where the database is and how it gets to the current schema.

``--db`` / ``VIGIL_DB`` take either a SQLAlchemy URL (``postgresql+psycopg://...``)
or a bare filesystem path, which means a SQLite file; the default is
``settings.default_db_path()``. Opening a database always brings it to the
newest Alembic revision first, so a user upgrading vigil never runs a manual
migration step. Alembic is configured in code (no ``alembic.ini``) and points
at the ``migrations`` folder inside this package, so it works from a wheel.

Alembic itself is imported only when a database is behind: knowing that it is
current needs the revision ids stored in ``alembic_version`` and the heads of
the migration files, which :func:`head_revisions` reads from the files' text
(importing alembic and executing every migration, as ``ScriptDirectory`` does,
cost more than the rest of ``vigil sites list``).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from vigil.settings import Settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Alembic's default version table, which ``migrations/env.py`` keeps.
VERSION_TABLE = "alembic_version"


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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def head_revisions() -> frozenset[str]:
    """The revisions no other migration builds on, from each file's ``revision`` and
    ``down_revision`` literals (the same answer as ``ScriptDirectory.get_heads()``)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = _module_literals(path, ("revision", "down_revision"))
        if "revision" not in values:
            continue
        revisions.add(values["revision"])
        down = values.get("down_revision")
        parents.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - parents)


def _module_literals(path: Path, names: tuple[str, ...]) -> dict:
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            found[target.id] = ast.literal_eval(value)
    return found


def current_revisions(engine: sa.Engine) -> set[str]:
    """The revisions the database says it is at (empty for a new database)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return set()
        return set(conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def migrate(engine: sa.Engine) -> None:
    """Upgrade to every head (``heads``, not ``head``: parallel revisions by different
    stages must not stop the store from opening); a no-op when already current."""
    if current_revisions(engine) == head_revisions():
        return
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
