"""Bytes to text: the encoding a document says it has, else the one it plausibly has.

Order of trust: a byte-order mark; strict UTF-8 (by far the most common, and
it almost never decodes non-UTF-8 text by accident); the charset the document
declares (``<meta charset>``, ``http-equiv``, ``<?xml encoding?>``); then
charset-normalizer's statistical guess. If nothing yields plausible text the
input is rejected rather than turned into mojibake that would poison every
later stage.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from vigil.ingest.limits import SNIFF_BYTES, Rejected

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["'])""",
    re.IGNORECASE,
)
#: Share of control characters (other than tab/newline/CR) above which text is not text.
_MAX_CONTROL_SHARE = 0.01
#: charset-normalizer's "chaos" (mess) above which a guess is not trusted.
_MAX_CHAOS = 0.2
#: Western encodings preferred when a guess is otherwise a tie (most news here is English).
_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, if Python knows it."""
    m = _DECLARED.search(data[:SNIFF_BYTES])
    if not m:
        return None
    return _known((m.group(1) or m.group(2)).decode("ascii", "ignore"))


def _known(name: str | None) -> str | None:
    """Python's name for an encoding name, or None if Python does not know it."""
    if not name:
        return None
    try:
        return codecs.lookup(name.split(";")[0].strip().strip("\"'")).name
    except LookupError:
        return None


def decode(data: bytes, charset: str | None = None) -> str:
    """Text of ``data``; raises :class:`Rejected` when no encoding gives plausible text.

    ``charset`` is what the transport says (an HTTP ``Content-Type``): trusted
    after a BOM and valid UTF-8, before the document's own declaration.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _plausible(data[len(bom) :].decode(enc, errors="replace"), enc)
    try:
        return _plausible(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _plausible(mostly, "utf-8")
    hinted = _known(charset)
    if hinted and hinted != "utf-8":
        try:
            return _plausible(data.decode(hinted), hinted)
        except (UnicodeDecodeError, Rejected):
            pass
    declared = declared_charset(data)
    if declared and declared != "utf-8":
        try:
            return _plausible(data.decode(declared), declared)
        except (UnicodeDecodeError, Rejected):
            pass
    return _guess(data)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
#: Share of undecodable bytes a UTF-8 file with real multibyte text may have (scraper glitches).
_MAX_UTF8_ERRORS = 0.001


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes: keep it UTF-8 rather than re-guess the whole file.

    Only when the file holds real multibyte UTF-8 sequences; an ASCII file with one
    stray byte is better served by the statistical guess (usually cp1252).
    """
    if not _UTF8_MULTIBYTE.search(data):
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    return text if bad <= max(1, _MAX_UTF8_ERRORS * len(text)) else None


def _guess(data: bytes) -> str:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise Rejected("undecodable: not UTF-8, no usable declared charset, no plausible encoding")
    tied = [r for r in results if r.chaos == best.chaos]
    for enc in _PREFERRED:
        for r in tied:
            if r.encoding == enc:
                best = r
                break
        else:
            continue
        break
    return _plausible(str(best), best.encoding)


def _plausible(text: str, encoding: str) -> str:
    """Refuse decodes that are mostly control characters (binary that slipped through)."""
    sample = text[:20000]
    if sample:
        ctrl = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
        if ctrl / len(sample) > _MAX_CONTROL_SHARE:
            raise Rejected(f"binary file (control characters when read as {encoding}), not text")
    if not text.strip():
        raise Rejected("empty file")
    return text
