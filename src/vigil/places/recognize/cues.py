"""Local textual cues that a capitalised name is (said as) a place.

Split out of ``recognize`` because these rules look only at the tokens and
characters around a name ("in X", "the town of X", "X-based", "a X man",
"X and Y counties", a dateline, a party-hometown tag) and need no gazetteer:
they are the evidence the ``Recogniser`` weighs before trusting a name, and
can be read and tested on their own. Also the small span helpers they share.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from vigil.places.lexicon import LOCATIVE_PREPS, PLACE_NOUNS

TITLE_WORD = re.compile(r"^[A-Z][\w'.\-]*$")
DATELINE_RE = re.compile(
    r"(?:^|\n|\.\s)\s*([A-Z]{3,}(?: [A-Z]{2,}){0,2})\s*(?:,[^\n]{0,20}?)?\s*(?:—|–|--+|-)\s"
)
PARTY_RE = re.compile(r"\b(?:R|D|I|DFL)-([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


def trim(span: Span) -> tuple[int, int]:
    """Token bounds without a leading determiner or a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].text in {"'s", "’s", "'", "’", ".", ","}:
        end -= 1
    return start, end


def char_span(doc: SpacyDoc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


class SpanIndex:
    """:func:`overlaps` against a fixed list of spans, asked once per token: a binary
    search instead of a pass over every span (the same answers)."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to here
        for _, e in ordered:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def overlaps(self, a: tuple[int, int]) -> bool:
        k = bisect.bisect_left(self._starts, a[1])  # the spans that start before a ends
        return k > 0 and self._reach[k - 1] > a[0]


_NOT_LOCATIVE_TO = frozenset("according due thanks owing prior contrary".split())


def locative_before(doc: SpacyDoc, i: int) -> bool:
    """Is token ``i`` introduced as a place ("in X", "the town of X")?"""
    j = i - 1
    while j >= 0 and doc[j].lower_ in {"the", "downtown", "central", "rural", "nearby"}:
        j -= 1
    if j < 0:
        return False
    prev = doc[j].lower_
    if prev in LOCATIVE_PREPS:
        # "according to X", "due to X", "thanks to X": a source or a cause, not a place.
        return not (prev == "to" and j > 0 and doc[j - 1].lower_ in _NOT_LOCATIVE_TO)
    if prev != "of" or j == 0:
        return False
    # "the town of X"; "Rebecca Sears, 41, of Grovetown"; "Terry McAuliffe of McLean"
    before = doc[j - 1]
    return before.lower_ in PLACE_NOUNS or before.text == "," or before.ent_type_ == "PERSON"


#: Lower-case words after a name that make it a place: "a Crafton man", "Danbury police".
LOCAL_NOUNS = frozenset(
    "man woman men women resident residents police officer officers student students pupils "
    "teen teenager boy girl native natives homeowner homeowners area neighborhood "
    "neighbourhood neighborhoods landlord mayor council schools voters businesses "
    "countryside outskirts suburbs environs frontline front city town village district "
    "governorate province highway road".split()
)
_PLURAL_ADMIN = re.compile(
    r"^(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?)*\s+"
    r"(counties|parishes|provinces|states|districts)\b"
)


def local_evidence(text: str, doc: SpacyDoc, i: int, j: int) -> str | None:
    """Evidence after tokens ``i:j`` that they name a place; the admin hint if any.

    Returns ``'admin2'``/``'admin'`` for "Jackson and Barrow counties", ``''`` for
    other evidence ("Sligo-based", "a Crafton man", "Danbury police"), else None.
    """
    end = doc[j - 1].idx + len(doc[j - 1].text)
    m = _PLURAL_ADMIN.match(text[end : end + 80])
    if m:
        return "admin2" if m.group(1) in {"counties", "parishes"} else "admin"
    if text[end : end + 6].lower() == "-based":
        return ""
    if j < len(doc):
        nxt = doc[j]
        if nxt.text.islower() and nxt.lower_ in LOCAL_NOUNS:
            return ""
    return None
