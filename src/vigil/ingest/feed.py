"""RSS and Atom feed files: one Document per item, full text where the feed carries it.

Feeds are XML from strangers, so they are checked with defusedxml *before*
feedparser sees them: entity declarations (billion laughs, quadratic blowup)
and external entities are refused outright. Feeds that are not well-formed XML
(bare ``&nbsp;`` and the like are common) still go to feedparser's lenient
parser, but only when they declare no DTD or entities at all.

Each item's body is its full text (``content:encoded`` or Atom ``content``) if
present, else its summary; markup is reduced to one line per block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_et
import feedparser
from defusedxml import DefusedXmlException

from vigil.document import Document
from vigil.ingest.errors import IngestError
from vigil.ingest.html import html_to_text
from vigil.ingest.limits import MAX_COLLECTION_BYTES, SNIFF_BYTES, Rejected, read_bytes
from vigil.ingest.meta import pick_published

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|RDF)[\s>]", re.IGNORECASE)
_DTD = re.compile(rb"<!(DOCTYPE[^>]*\[|ENTITY)", re.IGNORECASE)


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


def read_feed(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """Every item of an RSS/Atom file; items without text are rejected one by one."""
    data = read_bytes(path, limit=MAX_COLLECTION_BYTES)
    check_safe_xml(data)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        raise Rejected(f"not a readable RSS/Atom feed ({why})" if why else "feed has no items")
    feed_lang = _lang(parsed.feed.get("language"))
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{path}#item{n}"
        text = html_to_text(_body(entry))
        if not text.strip():
            yield IngestError(where, "feed item has no text (no content or summary)")
            continue
        yield Document(
            raw_text=text,
            source=entry.get("link") or where,
            title=" ".join(html_to_text(entry.get("title", "")).split()) or None,
            published=pick_published(_entry_date(entry), published),
            url=entry.get("link"),
            language=_lang(entry.get("language")) or feed_lang or "en",
            meta=_entry_meta(entry, path, n),
        )


def _body(entry: Any) -> str:
    """The fullest body an item carries: the longest content, else the summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best.strip()) >= len(summary.strip()) else summary


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return date(*st[:3])
            except (TypeError, ValueError):
                continue
    return None


def _entry_meta(entry: Any, path: Path, n: int) -> dict[str, Any]:
    meta: dict[str, Any] = {"path": str(path), "item": n}
    if entry.get("id"):
        meta["guid"] = entry["id"]
    if entry.get("author"):
        meta["author"] = entry["author"]
    tags = [t.get("term") for t in entry.get("tags", []) or [] if t.get("term")]
    if tags:
        meta["tags"] = tags
    return meta


def _lang(value: str | None) -> str | None:
    return value.split("-")[0].lower() if value else None
