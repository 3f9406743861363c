"""JSON Lines and JSON files: one article per line, or a list of articles.

Records carry ``text`` (or ``html``, reduced to its body), and optionally
``title``, ``published``, ``source``, ``url``, ``language`` and ``id`` (kept as
the document's given id). A bad record rejects that record only, named as
``file.jsonl:17`` (line) or ``file.json[3]`` (list index); the rest of the file
still comes through. JSON Lines are streamed, so a file of any length is fine
as long as each line is of article size.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from vigil.document import Document, check_given_id, storable
from vigil.ingest.decode import decode
from vigil.ingest.errors import IngestError
from vigil.ingest.formats.html import extract_html, html_to_text, looks_like_html
from vigil.ingest.formats.text import normalise_newlines
from vigil.ingest.limits import (
    MAX_ARTICLE_BYTES,
    MAX_COLLECTION_BYTES,
    Rejected,
    human_size,
    is_gzip,
    read_bytes,
)
from vigil.ingest.meta import parse_published, pick_published, text_field

_TEXT_KEYS = ("text", "body", "content", "articleBody")
_CHUNK = 1024 * 1024
#: A gzipped JSON Lines stream may hold many articles, but not without end.
MAX_INFLATED_BYTES = 20 * MAX_COLLECTION_BYTES
MAX_BLANK_LINES = 100_000


def record_to_document(rec: Any, where: str, published: date | None) -> Document:
    """One JSON record as a Document; raises :class:`Rejected` naming what is wrong."""
    if not isinstance(rec, dict):
        raise Rejected(f"expected a JSON object, got {type(rec).__name__}")
    title = text_field(rec, "title")
    url = text_field(rec, "url")
    try:
        pub = parse_published(rec.get("published"))
    except ValueError as exc:
        raise Rejected(str(exc)) from exc
    meta: dict[str, Any] = {"record": where}
    body = next((rec[k] for k in _TEXT_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), "")
    if not body and isinstance(rec.get("html"), str) and rec["html"].strip():
        page = extract_html(rec["html"], url=url)
        body, title, url = page["text"], title or page["title"], url or page["url"]
        pub = pub or page["published"]
    elif looks_like_html(body):
        body = html_to_text(body)
    body = storable(normalise_newlines(body))
    if not body.strip():
        raise Rejected(f"record has no text (expected a non-empty {_TEXT_KEYS[0]!r} field)")
    if len(body.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise Rejected(f"text too large (limit {human_size(MAX_ARTICLE_BYTES)})")
    try:
        given = check_given_id(rec.get("id"))
    except ValueError as exc:
        raise Rejected(str(exc)) from exc
    return Document(
        raw_text=body,
        source=text_field(rec, "source") or url or where,
        title=title,
        published=pick_published(pub, published),
        url=url,
        language=text_field(rec, "language") or "en",
        given_id=given,
        meta=meta,
    )


def read_jsonl(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """Stream a JSON Lines file; each bad line is an IngestError ``path:LINE``."""
    opener = gzip.open if is_gzip(path) else open
    blanks = 0
    with opener(path, "rb") as fh:
        for n, raw in _lines(fh, MAX_INFLATED_BYTES if is_gzip(path) else None):
            where = f"{path}:{n}"
            if raw is None:
                yield IngestError(where, f"line too large (limit {human_size(MAX_ARTICLE_BYTES)})")
                continue
            if not raw.strip():
                blanks += 1
                if blanks > MAX_BLANK_LINES:  # cheap to inflate, slow to walk: a bomb
                    raise Rejected(f"more than {MAX_BLANK_LINES:,} blank lines: not JSON Lines")
                continue
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                rec = json.loads(line)
            except UnicodeDecodeError:
                yield IngestError(where, "line is not UTF-8 (JSON Lines must be UTF-8)")
                continue
            except json.JSONDecodeError as exc:
                yield IngestError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            yield _convert(rec, where, published)


def _lines(fh: IO[bytes], cap: int | None) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; a line over the article limit is skipped and yielded as None.

    ``cap`` bounds the bytes read in all (a compressed stream can inflate without end).
    """
    n = total = 0
    while True:
        line = fh.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        total += len(line)
        if cap is not None and total > cap:
            raise Rejected(f"too large: inflates to more than {human_size(cap)}")
        n += 1
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line without keeping it
                rest = fh.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def read_json(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """A ``.json`` file: one article object, a list of them, or ``{"articles": [...]}``.

    A ``.json`` file that is really JSON Lines (several objects, one a line) is
    read as such.
    """
    text = decode(read_bytes(path, limit=MAX_COLLECTION_BYTES))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            yield from read_jsonl(path, published)
            return
        raise Rejected(
            f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if isinstance(data, dict):
        items = next((data[k] for k in ("articles", "items", "documents") if k in data), None)
        if not isinstance(items, list):
            yield _convert(data, str(path), published)
            return
        data = items
    if not isinstance(data, list):
        raise Rejected("JSON must be an article object or a list of article objects")
    for i, rec in enumerate(data):
        yield _convert(rec, f"{path}[{i}]", published)


def _convert(rec: Any, where: str, published: date | None) -> Document | IngestError:
    """One record's document; whatever goes wrong costs this record only, never the file."""
    try:
        return record_to_document(rec, where, published)
    except Rejected as exc:
        return IngestError(where, str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not lose the other records
        return IngestError(where, f"unexpected error in this record ({type(exc).__name__}: {exc})")
