"""The store: every extraction record, and queryable tables derived from it.

SQLAlchemy 2 + Alembic; SQLite by default (a bare path or nothing), PostgreSQL
(or any SQLAlchemy URL) through ``--db`` / ``VIGIL_DB``. Opening a store runs
``alembic upgrade heads`` first, so the schema is always current.

Use::

    from vigil.store import open_store
    with open_store("postgresql+psycopg://user:pw@host/db") as store:
        store.save(doc)                 # True if new; same id again -> no change
        store.reject("bad.html", "not UTF-8")
        store.get_article("3fa9")       # id or unique id prefix
        store.quotes(speaker="Ron Mark")
        store.events(since=date(2020, 1, 1), category="ASSAULT")

Layout: ``models.py`` (ORM tables, shared ``Base``), ``rows.py`` (record ->
rows), ``repository.py`` (``Store``), ``engine.py`` (URL, engine, migrations),
``migrations/`` (Alembic environment and ``versions/``).

Adding a table (quote ledger, assessments, site registry...):

1. Define the model in your own module, subclassing :class:`vigil.store.models.Base`
   (so it shares metadata and naming conventions), and import that module wherever
   you use it.
2. Add a revision file ``src/vigil/store/migrations/versions/NNNN_<what>.py``
   (copy the header of ``0001_articles.py``): ``revision = "NNNN_<what>"``,
   ``down_revision`` = the current head (``0001_articles`` or the newest after it),
   and explicit ``op.create_table`` / ``op.create_index`` calls with explicit
   constraint names. A draft file (header filled in) comes from::

       .venv/bin/python -c "from alembic import command; from vigil.store.engine import \\
           alembic_config; command.revision(alembic_config(), 'what', rev_id='0002_what')"

3. Don't edit a revision that has shipped; write a new one. Two engineers adding
   revisions on the same parent is fine (the store upgrades to all ``heads``);
   add a merge revision when convenient.
4. ``tests/store/test_migrations.py`` checks that migrations create every table of
   ``Base.metadata`` that is imported when it runs.
"""

from vigil.store.models import Base
from vigil.store.repository import AmbiguousId, Store, default_pipeline_version, open_store

__all__ = ["AmbiguousId", "Base", "Store", "default_pipeline_version", "open_store"]
