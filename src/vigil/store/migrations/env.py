"""Alembic environment for vigil's store, driven programmatically (no alembic.ini).

:func:`vigil.store.engine.migrate` builds the Alembic ``Config`` in code and
passes an open connection in ``config.attributes["connection"]``; that way the
migrations run from an installed package, against whatever URL the user gave,
inside the caller's transaction handling. Running the ``alembic`` command line
against this folder also works if you give ``-x url=...``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from vigil.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE on SQLite
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - vigil always migrates online
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
