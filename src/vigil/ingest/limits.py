"""Reading raw bytes defensively: size caps, gzip bombs, binary files.

News arrives from scrapers and strangers. Before any parser sees a file we make
sure it is of a sane size (checked on disk first, so a 50 MB file costs a
``stat``, not a read), that a ``.gz`` does not inflate without bound, and that
the bytes look like text at all. Every check raises :class:`Rejected` with a
reason a person can act on; the readers turn that into an ``IngestError``.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

MB = 1024 * 1024
#: One article (text, HTML page, JSON record) larger than this is not a news report.
MAX_ARTICLE_BYTES = 10 * MB
#: A feed or a ``.json`` list holds many articles, so it may be larger.
MAX_COLLECTION_BYTES = 50 * MB
#: How far into a file we look when sniffing its kind.
SNIFF_BYTES = 4096

#: Magic numbers of formats people drop into news folders by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3", "an SQLite database"),
)
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


class Rejected(Exception):
    """An input we refuse to read; ``str(exc)`` is the human reason."""


def human_size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def read_bytes(path: Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The file's bytes (inflated if ``.gz``), refusing anything over ``limit``.

    A gzip member is inflated only up to ``limit + 1`` bytes, so a small
    compressed file that would expand to gigabytes is refused cheaply.
    """
    size = path.stat().st_size
    if is_gzip(path):
        if size > limit:
            raise Rejected(f"too large: {human_size(size)} compressed (limit {human_size(limit)})")
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise Rejected(f"not a readable gzip file ({exc})") from exc
        if len(data) > limit:
            raise Rejected(f"too large: inflates to more than {human_size(limit)}")
    else:
        if size > limit:
            raise Rejected(f"too large: {human_size(size)} (limit {human_size(limit)})")
        data = path.read_bytes()
    check_not_binary(data)
    return data


def inflate_capped(data: bytes, limit: int) -> bytes:
    """Bytes of a gzip (or zlib) body, inflated only up to ``limit``; over it is refused.

    For bodies already in memory (an HTTP response, a ``sitemap.xml.gz``): a
    few kilobytes that would expand to gigabytes cost ``limit + 1`` bytes of
    work, not the whole expansion. Concatenated gzip members are all read.
    """
    out = bytearray()
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header
            out += inflater.decompress(rest, limit + 1 - len(out))
            if len(out) > limit or inflater.unconsumed_tail:
                raise Rejected(f"too large: inflates to more than {human_size(limit)}")
            if not inflater.eof:
                raise Rejected("not a readable gzip body (truncated)")
            rest = inflater.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise Rejected(f"not a readable gzip body ({exc})") from exc
    return bytes(out)


def check_not_binary(data: bytes) -> None:
    """Refuse empty input, known binary formats, and bytes with NULs (unless UTF-16/32)."""
    if not data.strip():
        raise Rejected("empty file")
    head = data[:SNIFF_BYTES]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Rejected(f"binary file ({what}), not text")
    if head.startswith(_UTF16_32_BOMS):
        return
    if b"\x00" in head:
        raise Rejected("binary file (contains NUL bytes), not text")
