"""RSS and Atom feeds, from a file or from bytes fetched over HTTP.

Feeds are XML from strangers, so they are checked with defusedxml *before*
feedparser sees them: entity declarations (billion laughs, quadratic blowup)
and external entities are refused outright. Feeds that are not well-formed XML
(bare ``&nbsp;`` and the like are common) still go to feedparser's lenient
parser, but only when they declare no DTD or entities at all.

Two layers. :func:`feed_items` turns a feed's bytes into :class:`FeedItem`
objects, one per item, whether or not the item carries text: the watch needs
the link of a summary-only item to fetch the article page. :func:`parse_feed`
(and :func:`read_feed` for files) turns items into Documents for one-shot
ingest, where there is nothing to fetch, so an item without text is an error.

Each item's body is its full text (``content:encoded`` or Atom ``content``) if
present, else its summary; markup is reduced to one line per block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_et
import feedparser
from defusedxml import DefusedXmlException

from vigil.document import Document
from vigil.ingest.errors import IngestError
from vigil.ingest.formats.html import html_to_text
from vigil.ingest.limits import (
    MAX_COLLECTION_BYTES,
    SNIFF_BYTES,
    Rejected,
    check_not_binary,
    human_size,
    read_bytes,
)
from vigil.ingest.meta import pick_published

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|RDF)[\s>]", re.IGNORECASE)
_DTD = re.compile(rb"<!(DOCTYPE[^>]*\[|ENTITY)", re.IGNORECASE)


@dataclass
class FeedItem:
    """One item of a feed (or one page of a sitemap), before any fetching.

    ``text`` is the plain text the feed itself carries ("" when none);
    ``summary_only`` is True unless the item carries a full body
    (``content:encoded`` or Atom ``content`` longer than its summary), which
    tells the watch to fetch ``url`` for the article. ``url`` is absolute when
    the feed's own URL was given to resolve relative links against.
    """

    url: str | None
    guid: str | None
    title: str | None
    published: date | None
    text: str
    summary_only: bool
    language: str | None
    feed_title: str | None = None
    #: Position in the feed, from 1: names the item when it has no link.
    n: int = 0
    author: str | None = None
    tags: list[str] = field(default_factory=list)


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML file open an RSS, Atom or RDF feed."""
    return bool(_FEED_ROOT.search(head[:SNIFF_BYTES]))


def check_safe_xml(data: bytes) -> None:
    """Refuse XML that declares entities or reaches outside the file."""
    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise Rejected(
            f"unsafe XML refused ({type(exc).__name__}: entity declarations or external "
            "references, as in an XML bomb)"
        ) from exc
    except ParseError as exc:
        if _DTD.search(data):
            raise Rejected(f"malformed XML with a DTD or entity declarations ({exc})") from exc
        # Not well-formed but declares nothing: feedparser's lenient parser may cope.


def feed_items(data: bytes, source: str, base_url: str | None = None) -> list[FeedItem]:
    """Every item of an RSS/Atom feed's bytes; raises :class:`Rejected` for an unusable feed.

    ``source`` names the feed in error messages; ``base_url`` (the URL the feed
    was fetched from) resolves relative item links. Items are kept even when
    they carry neither text nor link, so callers can report them by position.
    """
    if len(data) > MAX_COLLECTION_BYTES:
        raise Rejected(
            f"too large: {human_size(len(data))} (limit {human_size(MAX_COLLECTION_BYTES)})"
        )
    check_not_binary(data)
    check_safe_xml(data)
    # Bytes, not a URL: feedparser fetches nothing. Links are resolved here, by us.
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        if not parsed.get("version"):
            what = "an HTML page" if re.search(rb"<html[\s>]", data[:SNIFF_BYTES], re.I) else None
            raise Rejected(
                "not a readable RSS/Atom feed"
                + (f" (it is {what})" if what else f" ({why})" if why else "")
            )
        raise Rejected(f"not a readable RSS/Atom feed ({why})" if why else "feed has no items")
    feed_lang = _lang(parsed.feed.get("language"))
    feed_title = _one_line(parsed.feed.get("title", "")) or None
    items = []
    for n, entry in enumerate(parsed.entries, start=1):
        text, summary_only = _body(entry)
        link = (entry.get("link") or "").strip() or None
        if link and base_url:
            link = urljoin(base_url, link)
        tags = [t.get("term") for t in entry.get("tags", []) or [] if t.get("term")]
        items.append(
            FeedItem(
                url=link,
                guid=(entry.get("id") or "").strip() or link,
                title=_one_line(entry.get("title", "")) or None,
                published=_entry_date(entry),
                text=text,
                summary_only=summary_only,
                language=_lang(entry.get("language")) or feed_lang,
                feed_title=feed_title,
                n=n,
                author=entry.get("author") or None,
                tags=tags,
            )
        )
    return items


def parse_feed(
    data: bytes, source: str, published: date | None = None, base_url: str | None = None
) -> Iterator[Document | IngestError]:
    """A Document per item that carries text; an IngestError per item that carries none.

    Raises :class:`Rejected` when the feed as a whole is unsafe or unreadable.
    ``published`` is the date for items that declare none.
    """
    for item in feed_items(data, source, base_url):
        where = f"{source}#item{item.n}"
        if not item.text.strip():
            why = "feed item has no text (no content or summary)"
            yield IngestError(where, f"{why}; its page is {item.url}" if item.url else why)
            continue
        yield item_document(item, source, published)


def item_document(item: FeedItem, source: str, published: date | None = None) -> Document:
    """The Document of a feed item that carries text (the feed's own, or its fetched page's)."""
    meta: dict[str, Any] = {
        "feed": source,
        "item": item.n,
        "link": item.url,
        "feed_title": item.feed_title,
        "summary_only": item.summary_only,
    }
    if item.guid:
        meta["guid"] = item.guid
    if item.author:
        meta["author"] = item.author
    if item.tags:
        meta["tags"] = item.tags
    return Document(
        raw_text=item.text,
        source=item.url or f"{source}#item{item.n}",
        title=item.title,
        published=pick_published(item.published, published),
        url=item.url,
        language=item.language or "en",
        meta=meta,
    )


def read_feed(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """Every item of an RSS/Atom file; items without text are rejected one by one."""
    data = read_bytes(path, limit=MAX_COLLECTION_BYTES)
    for got in parse_feed(data, str(path), published):
        if isinstance(got, Document):
            got.meta = {"path": str(path), **got.meta}
        yield got


def _body(entry: Any) -> tuple[str, bool]:
    """The fullest text an item carries, and whether that is only a summary.

    feedparser copies the content into ``summary`` when an item has no summary
    of its own (then ``summary_detail`` is missing), so a content that merely
    equals such a summary is still full content.
    """
    contents = [html_to_text(c.get("value", "")) for c in entry.get("content", []) or []]
    best = max(contents, key=lambda t: len(t.strip()), default="")
    summary = html_to_text(entry.get("summary", "") or "")
    own_summary = "summary_detail" in entry
    if not best.strip():
        return summary, True
    if own_summary and len(best.strip()) <= len(summary.strip()):
        return summary, True
    return best, False


def _one_line(fragment: str) -> str:
    return " ".join(html_to_text(fragment or "").split())


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return date(*st[:3])
            except (TypeError, ValueError):
                continue
    return None


def _lang(value: str | None) -> str | None:
    return value.split("-")[0].lower() or None if value else None
