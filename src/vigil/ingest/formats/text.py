"""Plain-text articles, with what their ``NAME.meta.json`` sidecar knows about them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from vigil.document import Document, check_given_id
from vigil.ingest.decode import decode
from vigil.ingest.limits import Rejected, read_bytes
from vigil.ingest.meta import load_sidecar, parse_published, pick_published, text_field

_TERMINAL = tuple(".!?:;\"'\u201d\u2019)")


def normalise_newlines(text: str) -> str:
    """Unix newlines, no trailing blanks on lines: offsets must not depend on the OS."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return re.sub(r"[ \t\u00a0]+\n", "\n", text).strip("\n")


def guess_title(text: str) -> tuple[str | None, str]:
    """A leading headline line, if the file starts with one, and the text without it.

    A headline is a lone first paragraph: short, no sentence-final punctuation,
    followed by at least one more paragraph. Prose that merely starts the file
    (a full sentence) is never taken for a title.
    """
    blocks = text.split("\n\n", 1)
    if len(blocks) < 2:
        return None, text
    first = blocks[0].strip()
    words = first.split()
    if "\n" in first or not 2 <= len(words) <= 20 or first.endswith(_TERMINAL):
        return None, text
    return first, blocks[1].lstrip("\n")


def document_from_text(
    text: str,
    source: str,
    sidecar: dict[str, Any],
    published: date | None,
    path: Path | None = None,
) -> Document:
    """A Document from a body and its sidecar; the sidecar wins over every guess."""
    text = normalise_newlines(text)
    if not text.strip():
        raise Rejected("empty file (no text)")
    title = text_field(sidecar, "title")
    guessed, rest = guess_title(text)
    if guessed and (title is None or _same(guessed, title)):
        title, text = title or guessed, rest
    meta = {k: v for k, v in sidecar.items() if k not in ("title", "published", "source")}
    if path is not None:
        meta["path"] = str(path)
    try:
        given = check_given_id(text_field(sidecar, "id"))
    except ValueError as exc:
        raise Rejected(f"sidecar: {exc}") from exc
    return Document(
        raw_text=text,
        source=text_field(sidecar, "source") or source,
        title=title,
        published=pick_published(parse_published(sidecar.get("published")), published),
        url=text_field(sidecar, "url"),
        language=text_field(sidecar, "language") or "en",
        given_id=given,
        meta=meta,
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def read_text(path: Path, published: date | None = None) -> Document:
    """One plain-text article; raises :class:`Rejected` with the reason if unreadable."""
    sidecar = load_sidecar(path)
    return document_from_text(decode(read_bytes(path)), str(path), sidecar, published, path)
