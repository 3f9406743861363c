"""HTML pages: the article body (trafilatura), its title and its publication date.

Extraction options were chosen on the scrapinghub article-extraction benchmark
(``vigil eval html``): ``favor_precision`` and no comments keep more boilerplate
out of the body at almost no cost in recall, which matters more to us than to a
search engine because every stray sentence can become a false event.

The date comes from the page's own metadata (meta tags, JSON-LD, ``<time>``,
URL) first; only if the page declares none do we let htmldate search the
visible text, which is slower and less certain.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from vigil.document import Document, check_given_id
from vigil.ingest.clean.lines import Line
from vigil.ingest.decode import decode
from vigil.ingest.limits import (
    MAX_ARTICLE_BYTES,
    Rejected,
    check_not_binary,
    human_size,
    read_bytes,
)
from vigil.ingest.meta import load_sidecar, parse_published, pick_published, text_field

# trafilatura and htmldate log every oddity of every page at WARNING; a batch of
# scraped pages would bury the real errors on stderr.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)

#: trafilatura options used for every page (see module docstring for why).
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
}
#: Fewer words than this is navigation debris, not an article body.
MIN_BODY_WORDS = 8

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "section", "article", "header", "footer",
    "figure", "figcaption", "dd", "dt", "hr",
}  # fmt: skip


def extract_html(html: str, url: str | None = None) -> dict[str, Any]:
    """Body text and metadata of one page; raises :class:`Rejected` if it has no body."""
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
            **EXTRACT_OPTIONS,
        )
    except (ValueError, etree.LxmlError) as exc:
        raise Rejected(f"broken HTML ({exc})") from exc
    text = (getattr(result, "text", None) or "").strip()
    words = len(text.split())
    if words < MIN_BODY_WORDS:
        raise Rejected(
            f"no extractable article body (broken or empty HTML; {words} words of text found)"
        )
    published, date_from = None, None
    if result.date:
        published, date_from = _iso(result.date), "metadata"
    if published is None:
        found = htmldate.find_date(html, extensive_search=True, original_date=True)
        if found:
            published, date_from = _iso(found), "htmldate"
    lang = (result.language or _declared_lang(html) or "").split("-")[0].lower() or None
    return {
        "text": text,
        "link_lines": link_lines(text, html),
        "title": strip_site_name(" ".join((result.title or "").split()), result.sitename) or None,
        "published": published,
        "date_from": date_from,
        "url": result.url or url,
        "language": lang,
        "sitename": result.sitename,
        "author": result.author,
        "description": result.description,
    }


_TITLE_SEP = re.compile(r"\s+[|\u2013\u2014-]\s+")


def strip_site_name(title: str, sitename: str | None) -> str:
    """The headline without the site's name glued to it ("Storm hits coast | Example News").

    Only a segment that *is* the site name (as the page declares it) is removed, so
    "The Guardian view on Hong Kong | Editorial" keeps its section word.
    """
    site = re.sub(r"\W", "", (sitename or "").casefold())
    if not site:
        return title
    name = " ".join((sitename or "").split())
    # The whole declared name, even one that holds a separator itself, set off by one.
    m = re.match(re.escape(name) + r"\s*[|:\u2013\u2014-]\s+(?=\S{2})", title, re.I)
    if m:
        return title[m.end() :]
    m = re.search(r"\s+[|\u2013\u2014-]\s*" + re.escape(name) + r"$", title, re.I)
    if m and m.start() > 10:
        return title[: m.start()]
    seps = list(_TITLE_SEP.finditer(title))
    if not seps:
        return title

    def is_site(segment: str) -> bool:
        key = re.sub(r"\W", "", segment.casefold())
        return bool(key) and (key in site or (site in key and len(key) <= len(site) + 4))

    last, first = seps[-1], seps[0]
    if is_site(title[last.end() :]):
        return title[: last.start()]
    if is_site(title[: first.start()]):
        return title[first.end() :]
    return title


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def link_lines(text: str, html: str) -> list[str]:
    """Lines of the extracted body that were, on the page, the whole text of a link.

    Plain-text extraction forgets which lines were links; but a line that is
    nothing but a link is how pages list other stories, so the cleaner wants to
    know. Returned normalised (see :attr:`vigil.ingest.lines.Line.norm`).
    """
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    anchors = {_norm(a.text_content()) for a in root.iter("a")}
    anchors.discard("")
    out = []
    for text_line in text.split("\n"):
        line = Line(text_line, 0)
        if line.norm and _norm(line.core) in anchors:
            out.append(line.norm)
    return out


_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)


def _declared_lang(html: str) -> str | None:
    """The page's ``<html lang>``: what the publisher says the language is."""
    m = _LANG.search(html[:20000])
    return m.group(1) if m else None


def _iso(value: str) -> date | None:
    try:
        return parse_published(value)
    except ValueError:
        return None


def read_html(path: Path, published: date | None = None) -> Document:
    """One HTML page (``.html``, ``.htm``, ``.html.gz``) as a Document."""
    doc = html_document(read_bytes(path), str(path), published=published, given=load_sidecar(path))
    doc.meta = {"path": str(path), **doc.meta}
    return doc


def html_document(
    data: bytes,
    source: str,
    url: str | None = None,
    published: date | None = None,
    *,
    charset: str | None = None,
    given: dict[str, Any] | None = None,
) -> Document:
    """One HTML page's bytes (a file's, a fetched page's, a WARC record's) as a Document.

    ``url`` is where the page came from (it helps the extractor and is kept);
    ``published`` is the date when the page declares none; ``charset`` is the
    one an HTTP header names. ``given`` is what a sidecar says, which wins over
    everything found in the page. Raises :class:`Rejected` for a page without
    an article body, or one too large to be an article.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise Rejected(
            f"too large: {human_size(len(data))} (limit {human_size(MAX_ARTICLE_BYTES)})"
        )
    check_not_binary(data)
    given = given or {}
    page = extract_html(decode(data, charset=charset), url=text_field(given, "url") or url)
    meta: dict[str, Any] = {}
    meta.update({k: page[k] for k in ("sitename", "author", "description") if page[k]})
    meta["link_lines"] = page["link_lines"]
    pub = pick_published(parse_published(given.get("published")), page["published"], published)
    if given.get("published"):
        meta["date_from"] = "sidecar"
    elif page["published"]:
        meta["date_from"] = page["date_from"]
    elif published:
        meta["date_from"] = "option"
    return Document(
        raw_text=page["text"],
        source=text_field(given, "source") or source,
        title=text_field(given, "title") or page["title"],
        published=pub,
        url=text_field(given, "url") or page["url"] or url,
        language=text_field(given, "language") or page["language"] or "en",
        given_id=_given_id(given),
        meta=meta,
    )


def _given_id(given: dict[str, Any]) -> str | None:
    try:
        return check_given_id(text_field(given, "id"))
    except ValueError as exc:
        raise Rejected(f"sidecar: {exc}") from exc


def looks_like_html(text: str) -> bool:
    """Whether a string carries markup (a feed item's or JSON record's body often does)."""
    return bool(re.search(r"<(p|br|div|a|span|em|strong|b|i|img|ul|li|h\d)\b[^>]*>", text, re.I))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block element.

    Used for feed items and JSON records: they carry a body already, so the
    boilerplate-removal of trafilatura is not wanted (it drops short bodies),
    only the markup has to go.
    """
    if not looks_like_html(fragment):
        return unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(el: etree._Element, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag.lower() in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if el.text and tag:
        parts.append(el.text)
    for child in el:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")
