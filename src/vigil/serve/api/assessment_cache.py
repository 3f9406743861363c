"""``GET /api/v1/assessments``: each organisation's assessment, computed once per state.

Assessing every site reads the window's events and scores each site: far too much
work to repeat for every request of a watch floor that polls. The result is kept
in memory, keyed by what it depends on: the organisation, the date, the site
asked for, the articles stored (how many, the latest ingestion), the stories'
latest change (canonical events count reports once), the organisation's sites and
presence, and the weights. A request whose key is known is answered from memory;
a new article, an edited site or a new day makes a new key, so the next request
recomputes. Nothing goes stale: there is no time-to-live to wait out.

Each server process has its own cache (a few entries per organisation, least
recently used dropped first); a second worker process computes once for itself.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from vigil.registry import tables as rt
from vigil.registry.db import utcnow
from vigil.store.models import Article
from vigil.stories.tables import stories

#: Cached results kept per process (each holds one organisation's date's assessments).
CACHE_SIZE = 32


def _fingerprint(engine: sa.Engine, organisation: str, weights: Any) -> str:
    """A digest of everything the organisation's assessment reads (raw rows: cheaper
    than building the registry, which only a miss needs)."""
    art, o = Article.__table__, rt.organisations
    h = hashlib.sha256()
    with engine.connect() as conn:
        h.update(
            repr(
                conn.execute(
                    sa.select(sa.func.count(), sa.func.max(art.c.ingested_at)).select_from(art)
                ).one()
            ).encode()
        )
        h.update(repr(conn.scalar(sa.select(sa.func.max(stories.c.updated_at)))).encode())
        oid = sa.select(o.c.id).where(o.c.name == organisation).scalar_subquery()
        for table in (rt.sites, rt.presence):
            rows = conn.execute(
                sa.select(table).where(table.c.organisation_id == oid).order_by(table.c.id)
            )
            for row in rows:
                h.update(repr(tuple(row)).encode())
    h.update(repr(weights.raw).encode())
    return h.hexdigest()


class AssessmentCache:
    """Assessments by (organisation, date, site, state of the data): see the module."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, tuple[datetime, list[dict[str, Any]]]] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # how many times assessments were computed (tests, diagnostics)

    def get(
        self, engine: sa.Engine, organisation: str, when: date, site: str | None
    ) -> tuple[datetime, list[dict[str, Any]]]:
        """(when they were computed, the assessments as JSON dicts)."""
        from vigil.assess.config import load_weights
        from vigil.assess.run import assess_stored
        from vigil.registry.repo import load_registry_db
        from vigil.store import Store

        weights = load_weights(None)
        key = (organisation, when, site, _fingerprint(engine, organisation, weights))
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        reg = load_registry_db(engine, organisation)
        results = assess_stored(Store(engine), reg, when, weights, None, site)
        value = (utcnow(), [a.as_dict() for a in results])
        with self._lock:
            self.computed += 1
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
