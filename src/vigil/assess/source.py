"""Where the assessment's events come from: the store, or documents in memory."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from vigil.assess.evidence import EventRecord, records_from_record
from vigil.store import Store

log = logging.getLogger(__name__)


def records_from_store(
    store: Store, since: date | None = None, until: date | None = None
) -> list[EventRecord]:
    """Event records of the stored articles published in [since, until], oldest first."""
    out: list[EventRecord] = []
    for art in store.iter_articles(since=since, until=until):
        try:
            out.extend(records_from_record(art.record))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # one malformed stored record must not stop the assessment of every site
            log.warning("article %s (%s): events unreadable, skipped: %s", art.id, art.source, exc)
    return with_canonical(store, out)


def with_canonical(store: Store, records: list[EventRecord]) -> list[EventRecord]:
    """Attach each event's canonical event (vigil.stories), once stories are formed:
    forty reports of one development are then scored as one, corroborated."""
    from vigil.stories.read import canonical_index

    index = canonical_index(store.engine, sorted({r.article_id for r in records}))
    for r in records:
        r.canonical = index.get((r.article_id, r.event.id))
    return records


def records_for_window(store: Store, at: date, window_days: int) -> list[EventRecord]:
    """Articles that can hold events of the window: published in it (or slightly before)."""
    return records_from_store(store, since=at - timedelta(days=2 * window_days), until=at)


def records_from_records(records: Iterable[dict]) -> list[EventRecord]:
    return [r for rec in records for r in records_from_record(rec)]
