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
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from vigil.registry.db import utcnow
from vigil.registry.model import Registry
from vigil.store.models import Article

#: Cached results kept per process (each holds one organisation's date's assessments).
CACHE_SIZE = 32


def _fingerprint(engine: sa.Engine, reg: Registry, weights: Any) -> str:
    art = Article.__table__
    with engine.connect() as conn:
        count, latest = conn.execute(
            sa.select(sa.func.count(), sa.func.max(art.c.ingested_at)).select_from(art)
        ).one()
        stories_changed = None
        try:
            from vigil.stories.tables import stories

            stories_changed = conn.scalar(sa.select(sa.func.max(stories.c.updated_at)))
        except ImportError:  # pragma: no cover - the stories package is part of vigil
            pass
    state = repr(
        (
            count,
            latest,
            stories_changed,
            [asdict(s) for s in reg.sites],
            [asdict(p) for p in reg.presence],
            weights.raw,
        )
    )
    return hashlib.sha256(state.encode()).hexdigest()


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

        reg = load_registry_db(engine, organisation)
        weights = load_weights(None)
        key = (organisation, when, site, _fingerprint(engine, reg, weights))
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        results = assess_stored(Store(engine), reg, when, weights, None, site)
        value = (utcnow(), [a.as_dict() for a in results])
        with self._lock:
            self.computed += 1
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
