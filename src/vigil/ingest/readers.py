"""Dispatch paths to the format readers; walk folders; never let one bad input stop a batch.

The format is decided by extension (``.gz`` looks at the name inside), and by
sniffing the first bytes where the extension is ambiguous or missing: an
``.xml`` that opens with ``<rss`` or ``<feed`` is a feed, one that opens with
``<html`` is a page, a sitemap is refused (it lists pages, it holds no text),
a file that opens with ``WARC/1.`` is a web archive, a file without a known
extension that starts with ``{`` is JSON. Whatever goes wrong in a reader
comes out as an :class:`IngestError` naming the input and the reason.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from vigil.document import Document
from vigil.ingest.errors import IngestError
from vigil.ingest.formats.feed import looks_like_feed, read_feed
from vigil.ingest.formats.html import read_html
from vigil.ingest.formats.jsonl import read_json, read_jsonl
from vigil.ingest.formats.sitemap import NO_TEXT_REASON as SITEMAP_HAS_NO_TEXT
from vigil.ingest.formats.sitemap import looks_like_sitemap
from vigil.ingest.formats.text import read_text
from vigil.ingest.formats.warc import looks_like_warc, read_warc
from vigil.ingest.limits import SNIFF_BYTES, Rejected, is_gzip
from vigil.ingest.meta import is_sidecar

Item = Document | IngestError
Reader = Callable[[Path, date | None], Iterator[Item]]

_TEXT = {".txt", ".text", ".md"}
_HTML = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
_JSONL = {".jsonl", ".ndjson", ".jl"}
_JSON = {".json"}
_FEED = {".rss", ".atom", ".rdf"}
_XML = {".xml"}
_WARC = {".warc"}


def read_paths(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Item]:
    """Documents (or errors) from files and folders, folders walked recursively in sorted order.

    ``published`` is the date for inputs that carry none of their own (no
    sidecar, no metadata in the page or record).
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in walk(path):
                yield from read_file(f, published)
        elif path.exists():
            yield from read_file(path, published)
        else:
            yield IngestError(str(path), "no such file or folder")


def walk(folder: Path) -> list[Path]:
    """Every readable file under ``folder``, sorted; hidden files and sidecars skipped."""
    files = []
    for f in folder.rglob("*"):
        rel = f.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or not f.is_file() or is_sidecar(f):
            continue
        files.append(f)
    return sorted(files)


def read_file(path: Path, published: date | None = None) -> Iterator[Item]:
    """One file through the reader for its format; every failure becomes an IngestError."""
    if is_sidecar(path):
        return
    source = str(path)
    if not path.is_file():  # a device or pipe could be read forever
        yield IngestError(source, "not a regular file")
        return
    try:
        reader = reader_for(path)
        yield from reader(path, published)
    except Rejected as exc:
        yield IngestError(source, str(exc))
    except OSError as exc:
        yield IngestError(source, f"cannot read ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
        yield IngestError(source, f"unexpected error while reading ({type(exc).__name__}: {exc})")


def _one(read: Callable[[Path, date | None], Document]) -> Reader:
    def reader(path: Path, published: date | None) -> Iterator[Item]:
        yield read(path, published)

    return reader


def reader_for(path: Path) -> Reader:
    """The reader for a file, by extension, falling back to sniffing its first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    if ext in _TEXT:
        return _one(read_text)
    if ext in _HTML:
        return _one(read_html)
    if ext in _JSONL:
        return read_jsonl
    if ext in _JSON:
        return read_json
    if ext in _FEED:
        return read_feed
    if ext in _WARC:
        return read_warc
    return _sniff(path, xml=ext in _XML)


def _sniff(path: Path, xml: bool) -> Reader:
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    if looks_like_warc(head):
        return read_warc
    if looks_like_feed(head):
        return read_feed
    if looks_like_sitemap(head):
        raise Rejected(SITEMAP_HAS_NO_TEXT)
    if re.search(rb"<(!doctype\s+html|html|head|body)[\s>]", head[:SNIFF_BYTES], re.I):
        return _one(read_html)
    if xml:
        raise Rejected("XML file is neither an RSS/Atom feed nor an HTML page")
    if head.startswith((b"{", b"[")):
        return read_json
    return _one(read_text)


def _head(path: Path) -> bytes:
    try:
        if is_gzip(path):
            with gzip.open(path, "rb") as fh:
                return fh.read(SNIFF_BYTES)
        with path.open("rb") as fh:
            return fh.read(SNIFF_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise Rejected(f"not a readable gzip file ({exc})") from exc
