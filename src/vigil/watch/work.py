"""A watch worker: lease jobs, make each item a document, run the pipeline, store, assess, alert.

One step of a worker takes up to ``batch`` jobs from the queue
(:mod:`vigil.watch.queue`) and, for each:

1. builds the document: the item's own text, or, when the feed gave only a
   summary, the article page fetched with the same care as the feed (the
   summary is kept if the page cannot be had);
2. skips the pipeline if that content is stored already (idempotent by content id),
   or if it is a near-copy of a stored article (then it is a further source of it);
3. runs the pipeline with each document isolated (:meth:`Pipeline.run_batch`);
   a stage failure is stored (``vigil failures``) and the job retried with backoff;
4. stores the record, marks the job done.

After a step that stored anything, the new articles join stories, the
registered sites are assessed as of today and new alerts go to the outbox, so a report reaches the people
responsible within seconds of being fetched.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from vigil.alert.service import process as raise_alerts
from vigil.assess.config import load_weights
from vigil.assess.run import assess_stored
from vigil.document import Document
from vigil.ingest.formats.feed import FeedItem, item_document
from vigil.ingest.formats.html import html_document
from vigil.ingest.limits import MAX_ARTICLE_BYTES, Rejected
from vigil.net.fetch import Fetcher, FetchError
from vigil.pipeline import Pipeline, StageFailure
from vigil.registry.repo import load_registry_db
from vigil.settings import Settings
from vigil.store import Store, default_pipeline_version
from vigil.store.ingest import record_of
from vigil.stories import claim, forget, record_source
from vigil.stories import update as update_stories
from vigil.watch import queue
from vigil.watch.queue import Job


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def item_payload(item: FeedItem, feed_url: str, allow_private: bool) -> dict[str, Any]:
    """What a job keeps of a feed item: enough to build the document with no feed at hand."""
    return {
        "url": item.url,
        "guid": item.guid,
        "title": item.title,
        "published": item.published.isoformat() if item.published else None,
        "text": item.text,
        "summary_only": item.summary_only,
        "language": item.language,
        "feed_title": item.feed_title,
        "n": item.n,
        "author": item.author,
        "tags": item.tags,
        "feed": feed_url,
        "allow_private": allow_private,
    }


class NoArticle(Exception):
    """The item has no text and its page gave none: retrying later may help (or not)."""

    def __init__(self, reason: str, permanent: bool):
        super().__init__(reason)
        self.permanent = permanent


def build_document(payload: dict[str, Any], fetcher: Fetcher) -> Document:
    """The item as a document: its page's article when it carries only a summary."""
    published = payload.get("published")
    item = FeedItem(
        url=payload.get("url"),
        guid=payload.get("guid"),
        title=payload.get("title"),
        published=date.fromisoformat(published) if published else None,
        text=payload.get("text") or "",
        summary_only=bool(payload.get("summary_only")),
        language=payload.get("language"),
        feed_title=payload.get("feed_title"),
        n=int(payload.get("n") or 0),
        author=payload.get("author"),
        tags=list(payload.get("tags") or []),
    )
    feed = payload.get("feed") or "<feed>"
    page_error: str | None = None
    permanent = False
    if item.summary_only and item.url:
        try:
            # --allow-private on a feed covers its own host's pages, not every private host
            same_host = urlsplit(item.url).netloc == urlsplit(feed).netloc
            page = fetcher.get(
                item.url,
                allow_private=bool(payload.get("allow_private")) and same_host,
                max_bytes=MAX_ARTICLE_BYTES,
            )
            charset = page.headers.get("content-type", "").partition("charset=")[2] or None
            doc = html_document(
                page.body, item.url, url=page.url, published=item.published, charset=charset
            )
            doc.title = doc.title or item.title
            doc.published = item.published or doc.published
            doc.meta |= {"feed": feed, "guid": item.guid, "summary": item.text or None}
            return doc
        except Rejected as exc:  # the page holds no article: asking again won't change that
            page_error, permanent = f"{item.url}: {exc}", True
        except FetchError as exc:  # gone, refused or forbidden is final; the rest may pass
            page_error = str(exc)
            permanent = exc.status in (404, 410) or exc.reason.startswith(
                ("refused", "disallowed by robots")
            )
    if not item.text.strip():
        if page_error is None:
            raise NoArticle("the item has no text and no link", permanent=True)
        raise NoArticle(page_error, permanent)
    doc = item_document(item, feed)
    if page_error:
        doc.meta["page_error"] = page_error  # the summary is what we have
    return doc


@dataclass
class StepReport:
    claimed: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    alerts: int = 0
    errors: list[str] = field(default_factory=list)


class Worker:
    """Takes jobs from the queue of ``store`` until told to stop; one per process."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        fetcher: Fetcher,
        *,
        name: str | None = None,
        batch: int = 4,
        lease: timedelta = timedelta(minutes=5),
        max_attempts: int = queue.MAX_ATTEMPTS,
        assess: bool = True,
    ):
        self.store, self.settings, self.fetcher = store, settings, fetcher
        self.name = name or worker_name()
        self.batch, self.lease, self.max_attempts = batch, lease, max_attempts
        self.assess = assess
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:  # spaCy loads only when there is work
            self._pipeline = Pipeline(settings=self.settings)
        return self._pipeline

    def step(self) -> StepReport:
        """Take and do up to ``batch`` jobs; an empty report means the queue had none due."""
        engine = self.store.engine
        jobs = queue.claim(engine, self.name, self.batch, self.lease, self.max_attempts)
        report = StepReport(claimed=len(jobs))
        todo: list[tuple[Job, Document]] = []
        for job in jobs:
            try:
                doc = build_document(job.payload, self.fetcher)
            except NoArticle as exc:
                report.failed += 1
                report.errors.append(f"{job.url}: {exc}")
                if exc.permanent:
                    queue.give_up(engine, job, str(exc))
                    self.store.reject(job.url or job.key, str(exc))
                else:
                    queue.retry_later(engine, job, str(exc), self.max_attempts)
                continue
            if self.store.has(doc.id):
                report.unchanged += 1
                queue.complete(engine, job, self.name, doc.id)
            elif (original := claim(engine, doc)) is not None:
                # a syndicated copy or re-scrape: a further source of that article, not news
                record_source(engine, original, doc)
                report.unchanged += 1
                queue.complete(engine, job, self.name, original)
            else:  # claimed in one transaction with the look-up: no worker processes a copy
                todo.append((job, doc))
        if todo:
            version = default_pipeline_version(self.pipeline.names)
            outcomes = self.pipeline.run_batch([doc for _, doc in todo])
            for (job, _), outcome in zip(todo, outcomes, strict=True):
                result = record_of(outcome)
                saved = None
                if not isinstance(result, StageFailure):
                    try:
                        saved = self.store.save(result, version)
                    except Exception as exc:  # noqa: BLE001 - a value the database refuses
                        result = StageFailure.of_record(result, "store", exc)
                if isinstance(result, StageFailure):
                    report.failed += 1
                    report.errors.append(str(result))
                    retry_in = timedelta(seconds=min(3600, 30 * 2 ** max(0, job.attempts - 1)))
                    self.store.fail(result, retry_in=retry_in)
                    forget(engine, result.doc_id or "")
                    queue.retry_later(engine, job, str(result), self.max_attempts)
                    continue
                if saved:
                    report.new += 1
                else:
                    report.unchanged += 1
                queue.complete(engine, job, self.name, result["id"])
        if report.new:
            # the articles are stored and their jobs done: what follows must not stop the watch
            try:
                update_stories(self.store)  # new articles join stories before the assessment
                if self.assess:
                    report.alerts = assess_and_alert(self.store)
            except Exception as exc:  # noqa: BLE001 - reported; the next step tries again
                report.errors.append(f"assessment failed: {type(exc).__name__}: {exc}")
        return report


def assess_and_alert(store: Store, at: date | None = None) -> int:
    """Assess every registered site as of ``at`` (today) and queue the alerts it raises."""
    reg = load_registry_db(store.engine)
    if not reg.sites and not reg.presence:
        return 0
    weights = load_weights(None)
    results = assess_stored(store, reg, at or datetime.now(UTC).date(), weights)
    return len(raise_alerts(store.engine, results, "watch"))  # audited as system:watch
