"""Sitemaps and Google News sitemaps: the pages a site lists, not their text.

A news site's sitemap (``<urlset>``) names its recent article pages, with a
``lastmod`` and, in a Google News sitemap (``news:news``), the headline, the
publication date, the language and keywords. A sitemap index
(``<sitemapindex>``) names further sitemaps. The watch reads both to learn
which pages to fetch; one-shot ingest refuses them (they hold no article text).

Sitemaps are XML from strangers, often gzipped (``sitemap.xml.gz``). The body
is inflated with a cap, then parsed by defusedxml with DTDs forbidden, so no
entity tricks (billion laughs, external entities) reach a parser. Namespaces
are matched by local name only: sites omit them, misspell them, or use the old
0.84/0.9 URIs, and none of that changes what a ``<loc>`` means.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from vigil.ingest.formats.feed import FeedItem
from vigil.ingest.limits import (
    MAX_COLLECTION_BYTES,
    SNIFF_BYTES,
    Rejected,
    check_not_binary,
    human_size,
    inflate_capped,
)
from vigil.ingest.meta import parse_published

#: What one-shot ingest says about a sitemap file.
NO_TEXT_REASON = (
    "a sitemap lists pages but carries no article text; add it as a feed to `vigil watch`"
)
#: The sitemap protocol's own limit; a file listing more is not a sitemap we trust.
MAX_ENTRIES = 50_000

_ROOT = re.compile(rb"<([\w.-]+:)?(urlset|sitemapindex)[\s>/]", re.IGNORECASE)
_GZIP = b"\x1f\x8b"


@dataclass
class SitemapEntry:
    """One ``<url>`` of a urlset, or one ``<sitemap>`` of an index."""

    url: str
    lastmod: datetime | None = None
    #: From a Google News sitemap's ``news:news``; None/empty elsewhere.
    title: str | None = None
    publication_date: date | None = None
    language: str | None = None
    keywords: list[str] = field(default_factory=list)
    #: Position in the sitemap, from 1.
    n: int = 0

    def item(self) -> FeedItem:
        """As a feed item: a page to fetch (no text of its own, so ``summary_only``)."""
        return FeedItem(
            url=self.url,
            guid=self.url,
            title=self.title,
            published=self.publication_date,
            text="",
            summary_only=True,
            language=self.language,
            n=self.n,
            tags=list(self.keywords),
        )


@dataclass
class Sitemap:
    """A parsed sitemap: child sitemaps (an index) or pages (a urlset), never both."""

    source: str
    is_index: bool
    #: Child sitemap URLs with their lastmod (an index).
    sitemaps: list[SitemapEntry] = field(default_factory=list)
    #: Page entries (a urlset).
    pages: list[SitemapEntry] = field(default_factory=list)

    @property
    def items(self) -> list[FeedItem]:
        """The pages as :class:`FeedItem` objects, for code that also reads feeds."""
        return [p.item() for p in self.pages]


def looks_like_sitemap(head: bytes) -> bool:
    """Whether the first bytes (plain or gzipped) open a ``<urlset>`` or ``<sitemapindex>``."""
    if head.startswith(_GZIP):
        try:
            head = zlib.decompressobj(wbits=47).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return False
    return bool(_ROOT.search(head[:SNIFF_BYTES]))


def sitemap_items(data: bytes, source: str, base_url: str | None = None) -> Sitemap:
    """The child sitemaps or pages a sitemap's bytes list; raises :class:`Rejected` if unusable.

    ``data`` may be gzipped. ``source`` names the sitemap in error messages;
    ``base_url`` (where it was fetched from) resolves the rare relative ``<loc>``.
    """
    if len(data) > MAX_COLLECTION_BYTES:
        raise Rejected(
            f"too large: {human_size(len(data))} (limit {human_size(MAX_COLLECTION_BYTES)})"
        )
    if data.startswith(_GZIP):
        data = inflate_capped(data, MAX_COLLECTION_BYTES)
    check_not_binary(data)
    root = _parse(data)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise Rejected(
            f"XML is not a sitemap (its root is <{kind}>, not <urlset> or <sitemapindex>)"
        )
    child = "sitemap" if kind == "sitemapindex" else "url"
    entries: list[SitemapEntry] = []
    for el in root:
        if _local(el.tag) != child:
            continue
        entry = _entry(el, base_url)
        if entry is None:
            continue
        if len(entries) >= MAX_ENTRIES:
            raise Rejected(
                f"sitemap lists more than {MAX_ENTRIES:,} entries (the protocol's limit)"
            )
        entry.n = len(entries) + 1
        entries.append(entry)
    if kind == "sitemapindex":
        return Sitemap(source, is_index=True, sitemaps=entries)
    return Sitemap(source, is_index=False, pages=entries)


def _parse(data: bytes) -> Element:
    try:
        return _fromstring(data)
    except ParseError as exc:
        if "unbound prefix" not in str(exc):
            raise Rejected(f"not well-formed XML ({exc})") from exc
    # A prefix used but never declared (``<news:news>`` without ``xmlns:news``):
    # drop the prefixes, since we match local names anyway.
    bare = re.sub(rb"<(/?)[A-Za-z_][\w.-]*:", rb"<\1", data)
    bare = re.sub(rb"(\s)(?!xmlns:)[A-Za-z_][\w.-]*:([\w.-]+\s*=)", rb"\1\2", bare)
    try:
        return _fromstring(bare)
    except ParseError as exc:
        raise Rejected(f"not well-formed XML ({exc})") from exc


def _fromstring(data: bytes) -> Element:
    try:
        return safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise Rejected(
            f"unsafe XML refused ({type(exc).__name__}: a sitemap has no use for a DTD or "
            "entity declarations, as in an XML bomb)"
        ) from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _entry(el: Element, base_url: str | None) -> SitemapEntry | None:
    """An entry from its direct ``loc``/``lastmod`` and, if any, its ``news:news`` block.

    Only children of ``news`` count for the news fields, so an image sitemap's
    ``image:title`` or ``image:loc`` is not taken for the article's.
    """
    fields: dict[str, str] = {}
    news: dict[str, str] = {}
    for child in el:
        name = _local(child.tag)
        if name in ("loc", "lastmod"):
            fields.setdefault(name, _text(child))
        elif name == "news":
            for sub in child.iter():
                key = _local(sub.tag)
                if key in ("title", "publication_date", "language", "keywords") and _text(sub):
                    news.setdefault(key, _text(sub))
    loc = fields.get("loc")
    if not loc:
        return None
    if base_url:
        loc = urljoin(base_url, loc)
    return SitemapEntry(
        url=loc,
        lastmod=_when(fields.get("lastmod")),
        title=news.get("title"),
        publication_date=_day(news.get("publication_date")),
        language=(news.get("language") or "").split("-")[0].lower() or None,
        keywords=[k.strip() for k in news.get("keywords", "").split(",") if k.strip()],
    )


def _text(el: Element) -> str:
    return " ".join((el.text or "").split())


def _when(value: str | None) -> datetime | None:
    """A W3C datetime (or a bare date) as an aware datetime, UTC when no zone is given."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = parse_published(value)
        except ValueError:
            return None
        if day is None:
            return None
        when = datetime(day.year, day.month, day.day)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _day(value: str | None) -> date | None:
    try:
        return parse_published(value)
    except ValueError:
        return None
