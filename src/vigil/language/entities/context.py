"""Where in the text a name stands: inside a quotation, or in a photo credit.

Both matter to the linker. A name inside a direct quotation is the speaker's
reference, not the reporter's, so it must not be taken as the organisation a
"member" or "spokesman" belongs to. A name in a photo credit ("Photo / Jane Doe",
"Credit: AFP", "(Getty Images)") is the photographer or agency, not an actor of the
story; the clean component normally removes captions, but scraped text often keeps
them, so the linker guards against them itself.
"""

from __future__ import annotations

import re
from functools import cache

from vigil.language.entities.knowledge import Knowledge

_OPEN_CLOSE = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb"}


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks (a quote never crosses a line)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        line, base = m.group(0), m.start()
        i = 0
        while i < len(line):
            ch = line[i]
            if ch in _OPEN_CLOSE:
                close = line.find(_OPEN_CLOSE[ch], i + 1)
                if close == -1:  # quote continues into the next paragraph
                    out.append((base + i, base + len(line)))
                    break
                out.append((base + i, base + close + 1))
                i = close + 1
            else:
                i += 1
    return out


@cache
def _credit_patterns(cues: tuple[str, ...], agencies: tuple[str, ...]) -> list[re.Pattern[str]]:
    cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    agency = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True))
    name = r"(?:[A-Z][\w.'\u2019-]*\s?){1,4}"
    return [
        # "Photo / Jane Doe", "Photo: AP", "Picture: Jane Doe/Reuters" up to the line's end.
        re.compile(rf"\b(?:{cue})\s*[/:|]\s*[^\n]{{0,80}}", re.IGNORECASE),
        # "(Getty Images)", "Jane Doe/AFP", "Jane Doe / Getty Images"
        re.compile(rf"\((?:{agency})\)"),
        re.compile(rf"{name}\s?/\s?(?:{agency})\b"),
    ]


def credit_ranges(text: str, kb: Knowledge) -> list[tuple[int, int]]:
    """Character ranges of photo or picture credits."""
    out: list[tuple[int, int]] = []
    for pat in _credit_patterns(tuple(kb.credit_cues), tuple(kb.credit_agencies)):
        for m in pat.finditer(text):
            end = m.end()
            # A credit line ends at the line's end; a sentence after it is not a credit.
            nl = text.find("\n", m.start())
            if nl != -1:
                end = min(end, nl)
            out.append((m.start(), end))
    return out


def inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of ``ranges``."""
    return any(s < end and start < e for s, e in ranges)
