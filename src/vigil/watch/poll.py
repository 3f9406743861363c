"""Polling: ask each due feed for what is new and queue its items.

A poll is a conditional GET (the feed's ETag and Last-Modified go back to the
server, so an unchanged feed costs a 304), through the SSRF guard, robots.txt
and the size and time caps of :class:`vigil.net.fetch.Fetcher`. The body is an
RSS/Atom feed or a (news) sitemap; a sitemap index is followed one level down.
Items become jobs (:mod:`vigil.watch.queue`) keyed by guid or link, so an item
seen again is not queued again. Whatever goes wrong with one feed is recorded on
that feed (its status and backoff) and never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa

from vigil.ingest.formats.feed import FeedItem, feed_items
from vigil.ingest.formats.sitemap import looks_like_sitemap, sitemap_items
from vigil.ingest.limits import MAX_COLLECTION_BYTES, Rejected
from vigil.net.fetch import Fetcher, FetchError
from vigil.watch import queue
from vigil.watch.feeds import Feed, due_feeds, record_poll
from vigil.watch.work import item_payload

#: Child sitemaps read from one sitemap index per poll (the newest first).
MAX_CHILD_SITEMAPS = 10


@dataclass
class PollResult:
    feed: Feed
    ok: bool
    status: str
    new_items: int = 0


def poll_due(
    engine: sa.Engine,
    fetcher: Fetcher,
    concurrency: int = 8,
    on_result: Callable[[PollResult], None] | None = None,
) -> list[PollResult]:
    """Poll every feed that is due, ``concurrency`` at a time (the fetcher keeps per-host
    limits); returns what each poll found."""
    feeds = due_feeds(engine)
    if not feeds:
        return []
    results: list[PollResult] = []
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(feeds)))) as pool:
        for result in pool.map(lambda f: poll_feed(engine, fetcher, f), feeds):
            results.append(result)
            if on_result:
                on_result(result)
    return results


def poll_feed(engine: sa.Engine, fetcher: Fetcher, feed: Feed) -> PollResult:
    """Poll one feed, queue its new items, and record the outcome on the feed."""
    try:
        resp = fetcher.get(
            feed.url,
            allow_private=feed.allow_private,
            etag=feed.etag,
            last_modified=feed.last_modified,
            max_bytes=MAX_COLLECTION_BYTES,
        )
        if resp.not_modified:
            result = PollResult(feed, True, "304 not modified")
        else:
            items = read_items(resp.body, resp.url, fetcher, feed.allow_private)
            new = queue.enqueue(engine, [_job(i, feed) for i in items if i.guid or i.url], feed.id)
            result = PollResult(feed, True, f"{resp.status}: {len(items)} items, {new} new", new)
        record_poll(
            engine,
            feed,
            ok=True,
            status=result.status,
            new_items=result.new_items,
            etag=resp.etag,
            last_modified=resp.last_modified,
        )
        return result
    except (FetchError, Rejected) as exc:
        status = str(exc) if isinstance(exc, FetchError) else f"{feed.url}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one feed's surprise must not stop the watch
        status = f"{feed.url}: unexpected {type(exc).__name__}: {exc}"
    record_poll(engine, feed, ok=False, status=status)
    return PollResult(feed, False, status)


def read_items(body: bytes, url: str, fetcher: Fetcher, allow_private: bool) -> list[FeedItem]:
    """The items of a feed or sitemap body; a sitemap index is followed one level."""
    if looks_like_sitemap(body[:4096].lstrip()):
        sitemap = sitemap_items(body, url, base_url=url)
        if not sitemap.is_index:
            return sitemap.items
        items: list[FeedItem] = []
        children = sorted(sitemap.sitemaps, key=lambda e: e.lastmod is None)
        for child in children[:MAX_CHILD_SITEMAPS]:
            try:
                same_host = urlsplit(child.url).netloc == urlsplit(url).netloc
                resp = fetcher.get(
                    child.url,
                    allow_private=allow_private and same_host,
                    max_bytes=MAX_COLLECTION_BYTES,
                )
                items += sitemap_items(resp.body, child.url, base_url=child.url).items
            except (FetchError, Rejected):
                continue  # one bad child sitemap costs only its own items
        return items
    return feed_items(body, url, base_url=url)


def _job(item: FeedItem, feed: Feed) -> tuple[str, str | None, dict]:
    return (
        queue.job_key(item.guid, item.url),
        item.url,
        item_payload(item, feed.url, feed.allow_private),
    )
