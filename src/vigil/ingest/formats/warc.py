"""WARC files (``.warc``, ``.warc.gz``): every archived article page becomes a Document.

For backfills from web and news crawls (CommonCrawl's CC-NEWS and the like).
WARC files run to gigabytes, so they are streamed record by record with
warcio, never read whole; there is no cap on the file, only on each record
(the article limit of :mod:`vigil.ingest.limits`).

Which records count: ``response`` records with HTTP status 200 and an HTML
payload. Everything else a crawl holds (requests, metadata, revisits, images,
robots.txt, redirects, 404s) is skipped without a word, but counted in
:class:`WarcStats`. An HTML response without an article body is an
:class:`IngestError` naming the record (``path#OFFSET (URL)``) and why. A
truncated or corrupt file ends in one IngestError for the rest of it; the
records read before that stand.

A record is named by its byte offset in the file (in the compressed file for
``.warc.gz``), the number CommonCrawl's index gives and ``warcio extract``
takes.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from vigil.document import Document
from vigil.ingest.errors import IngestError
from vigil.ingest.formats.html import html_document
from vigil.ingest.limits import MAX_ARTICLE_BYTES, SNIFF_BYTES, Rejected, human_size
from vigil.ingest.meta import parse_published

log = logging.getLogger(__name__)

_HTML_TYPE = re.compile(r"^\s*(text/html|application/xhtml\+xml)\b", re.I)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
#: How much of the warcio stderr noise we let through: none (it is counted instead).
logging.getLogger("warcio").setLevel(logging.ERROR)


@dataclass
class WarcStats:
    """What one WARC file held; the skipped kinds are not errors, only counted."""

    records: int = 0
    responses: int = 0
    documents: int = 0
    rejected: int = 0
    not_html: int = 0
    not_ok: int = 0
    revisits: int = 0
    other: int = 0
    truncated: bool = False

    @property
    def skipped(self) -> int:
        return self.not_html + self.not_ok + self.revisits + self.other

    def __str__(self) -> str:
        return (
            f"{self.records} records: {self.documents} documents, {self.rejected} rejected, "
            f"{self.skipped} skipped ({self.not_html} not HTML, {self.not_ok} not status 200, "
            f"{self.revisits} revisits, {self.other} other record types)"
            + ("; file truncated or corrupt" if self.truncated else "")
        )


def looks_like_warc(head: bytes) -> bool:
    """Whether a file's first (inflated) bytes open a WARC record."""
    return head.lstrip(b"\r\n").startswith(b"WARC/1.")


def read_warc(
    path: Path, published: date | None = None, stats: WarcStats | None = None
) -> Iterator[Document | IngestError]:
    """Every article page of a WARC file, streamed; see the module docstring for what counts.

    ``published`` is the date for pages that declare none (before the
    record's WARC-Date). ``stats``, if given, is filled in as records are read.
    """
    stats = stats if stats is not None else WarcStats()
    with path.open("rb") as fh:
        if not looks_like_warc(_head(fh)):
            yield IngestError(str(path), 'not a WARC file (it does not open with "WARC/1.")')
            return
        fh.seek(0)
        iterator = _QuietIterator(fh)
        at = 0  # where the next record starts
        try:
            for record in iterator:
                got = _record(record, iterator, path, stats, published)
                stats.records += 1
                at = iterator.offset
                if got is not None:
                    yield got
            if _more_after(fh, at):  # warcio ends quietly on a record cut inside its headers
                raise EOFError("the file ends inside a record's headers")
        except _Truncated as exc:
            stats.truncated = True
            yield IngestError(
                f"{path}#{exc.offset}",
                f"WARC truncated: {exc}; the "
                f"{stats.records} records before it were read, the rest of the file is not",
            )
        except Exception as exc:  # noqa: BLE001 - warcio fails in many ways on corrupt input
            stats.truncated = True
            yield IngestError(
                f"{path}#{at}",
                f"WARC truncated or corrupt here ({type(exc).__name__}: {_short(exc)}); the "
                f"{stats.records} records before it were read, the rest of the file is not",
            )
    log.info("%s: %s", path, stats)


class _QuietIterator(ArchiveIterator):
    """warcio's iterator without its direct writes to stderr about odd record ends.

    A bad record boundary shows up as a parse error on the next record, which
    we report as an IngestError; the extra stderr line would only be noise.
    """

    INC_RECORD = ""


class _Truncated(Exception):
    def __init__(self, offset: int, why: str) -> None:
        super().__init__(why)
        self.offset = offset


def _head(fh: BinaryIO) -> bytes:
    """The first bytes of the file, inflated if it is gzipped."""
    head = fh.read(SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(wbits=47).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return b""
    return head


def _more_after(fh: BinaryIO, at: int) -> bool:
    """Whether anything but blank lines follows the last record read."""
    if at >= os.fstat(fh.fileno()).st_size:
        return False
    fh.seek(at)
    return bool(fh.read(SNIFF_BYTES).strip(b"\r\n\t \x00"))


def _record(
    record: Any,
    iterator: ArchiveIterator,
    path: Path,
    stats: WarcStats,
    published: date | None,
) -> Document | IngestError | None:
    """One record: a Document, an IngestError, or None when it is skipped (and counted)."""
    kind = record.rec_type
    http = record.http_headers if kind == "response" else None
    status = http.get_statuscode() if http is not None else None
    ctype = (http.get_header("Content-Type") or "") if http is not None else ""
    may_be_html = status == "200" and (not ctype.strip() or _HTML_TYPE.match(ctype))
    body = _read_capped(record.content_stream(), MAX_ARTICLE_BYTES + 1) if may_be_html else b""
    offset = iterator.get_record_offset()  # reads the rest of the record
    if record.rec_headers.get_header("Content-Length") is None:  # mandatory in WARC
        raise _Truncated(offset, "this record's headers are cut off (no Content-Length)")
    if isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0:
        raise _Truncated(offset, "this record ends before its declared length")
    if kind == "revisit":
        stats.revisits += 1
        return None
    if kind != "response":
        stats.other += 1
        return None
    stats.responses += 1
    if status != "200":
        stats.not_ok += 1
        return None
    if not may_be_html or (not ctype.strip() and not _HTML_START.match(body[:SNIFF_BYTES])):
        stats.not_html += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{path}#{offset}"
    named = f"{where} ({url})" if url else where
    try:
        if len(body) > MAX_ARTICLE_BYTES:
            raise Rejected(f"too large: more than {human_size(MAX_ARTICLE_BYTES)} of HTML")
        warc_day = _warc_day(record.rec_headers.get_header("WARC-Date"))
        m = _CHARSET.search(ctype)
        doc = html_document(
            body, where, url=url, published=published or warc_day, charset=m and m.group(1)
        )
    except Rejected as exc:
        stats.rejected += 1
        return IngestError(named, str(exc))
    except Exception as exc:  # noqa: BLE001 - one odd page must not end a multi-GB file
        stats.rejected += 1
        return IngestError(named, f"unexpected error ({type(exc).__name__}: {_short(exc)})")
    if url and doc.url != url:  # the page's canonical URL; the crawl's URL is the one we know
        doc.meta["canonical_url"] = doc.url
        doc.url = url
    if doc.meta.get("date_from") == "option" and published is None:
        doc.meta["date_from"] = "warc-date"
    doc.meta = {
        "path": str(path),
        "warc_offset": offset,
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        "warc_date": record.rec_headers.get_header("WARC-Date"),
        **doc.meta,
    }
    stats.documents += 1
    return doc


def _read_capped(stream: Any, limit: int) -> bytes:
    parts, size = [], 0
    while size < limit:
        chunk = stream.read(min(65536, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _warc_day(value: str | None) -> date | None:
    try:
        return parse_published(value)
    except ValueError:
        return None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or "no detail"
