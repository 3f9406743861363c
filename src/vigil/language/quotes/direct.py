"""Finding quoted stretches of text by their marks, before any attribution.

Works on characters, not tokens, so that curly and straight marks, quotes that
span several sentences, and brackets inside quotes are all the same problem.
Rules of news typography it follows:

* double marks are the quote; single marks inside them are a nested quote and
  belong to the outer one;
* outside double marks, single marks quote too (British style, headlines) but an
  apostrophe is not a mark: a mark between two letters (it's, Iraq's) never is;
* a quote left open at the end of a paragraph runs to the paragraph's end: the
  next paragraph re-opens it (the continued-quote convention), and a paragraph
  never carries an open quote into the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vigil.language.quotes.lexicon import DOUBLE_CLOSE, DOUBLE_OPEN, SINGLE_CLOSE, SINGLE_OPEN

_PARA = re.compile(r"\n[ \t]*\n")


@dataclass
class Marked:
    """A quoted stretch: ``start:end`` is the text inside the marks."""

    start: int
    end: int
    outer_start: int  # the opening mark
    outer_end: int  # just after the closing mark (== end when left open)
    single: bool = False
    open_end: bool = False  # ran to the end of its paragraph without a closing mark


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each blank-line separated paragraph."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_letter(before) and (after.isalnum() or after in "[(")


def _closes_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_letter(before) and _is_letter(after):
        return False  # apostrophe: it's, Iraq's
    return not before.isspace() and not _is_letter(after)


def find_marked(text: str, para: tuple[int, int]) -> list[Marked]:
    """Quoted stretches inside one paragraph, outermost only."""
    p0, p1 = para
    found: list[Marked] = []
    open_double: int | None = None
    open_single: int | None = None
    i = p0
    while i < p1:
        ch = text[i]
        if open_double is not None:
            if ch in DOUBLE_CLOSE and (ch != '"' or _plausible_close(text, i, open_double)):
                found.append(Marked(open_double + 1, i, open_double, i + 1))
                open_double = None
        elif ch in DOUBLE_OPEN:
            open_double = i
            open_single = None
        elif open_single is not None:
            if ch in SINGLE_CLOSE and _closes_single(text, i):
                found.append(Marked(open_single + 1, i, open_single, i + 1, single=True))
                open_single = None
        elif ch in SINGLE_OPEN and _opens_single(text, i):
            open_single = i
        i += 1
    if open_double is not None:
        end = p1
        while end > open_double + 1 and text[end - 1].isspace():
            end -= 1
        found.append(Marked(open_double + 1, end, open_double, end, open_end=True))
    return [m for m in found if text[m.start : m.end].strip()]


def _plausible_close(text: str, i: int, opened: int) -> bool:
    """A straight ``"`` closes unless it is glued to the next word and the quote is empty."""
    return i > opened + 1


def find_all_marked(text: str) -> list[Marked]:
    out: list[Marked] = []
    for para in paragraphs(text):
        out.extend(find_marked(text, para))
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
