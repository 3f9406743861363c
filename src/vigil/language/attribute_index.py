"""The attribute ruler's matches found by table look-up, not by spaCy's Matcher.

spaCy's ``attribute_ruler`` (the tag map and morph rules of the English
pipelines: POS, MORPH and some lemmas from TAG, LOWER and DEP) runs a
``Matcher`` of about 180 patterns over every token, which took 0.65 s of the
8.3 s that bare spaCy spent on the bench texts: as much as all of vigil's
entity linking. Every pattern of the shipped English pipelines is a fixed run
of tokens tested by equality, IN / NOT_IN or a regular expression on a few
attributes, so which pattern tokens a token satisfies is a function of those
attributes and can be looked up (and remembered: tokens repeat). Patterns of
any other shape (operators, other attributes) keep a Matcher of their own.
The matches come back exactly as ``AttributeRuler.match`` returns them (same
tuples, same order) and the ruler's own ``set_annotations`` applies them, so
the tokens come out the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: Pattern keys the index reads, with the token array column of each.
_ATTRS: dict[str, int] = {
    "TAG": TAG,
    "LOWER": LOWER,
    "DEP": DEP,
    "ORTH": ORTH,
    "IS_SPACE": IS_SPACE,
}
_CACHE_LIMIT = 100_000  # attribute values remembered (about 0.1 kB each), then forgotten

Match = tuple[int, int, int, int]
#: One token's test on one attribute: the ids it accepts, or a predicate on the id.
Test = frozenset[int] | Callable[[int], bool]
#: What a token's attribute row gives: the slots it fills, the (attr id, match id) of the
#: one-token runs it matches, the longer runs it may start.
Filled = tuple[frozenset[int], list[tuple[int, int]], list[int]]


class IndexedAttributeMatcher:
    """``AttributeRuler.match`` for one loaded ruler, by dictionary look-up."""

    def __init__(self, ruler: AttributeRuler):
        self.strings = ruler.vocab.strings
        self.names: list[str] = []  # the attributes some pattern tests, in row order
        # per indexed key: (attr id, match id, alternatives: one list of token tests each)
        keys: list[tuple[int, int, list[list[list[Test]]]]] = []
        self.rest = Matcher(ruler.vocab)
        self.has_rest = False
        for i, entry in enumerate(ruler.patterns):
            alternatives = [self._compile(p) for p in entry["patterns"]]
            if any(a is None for a in alternatives):
                self.rest.add(str(i), entry["patterns"])
                self.has_rest = True
            else:
                keys.append((i, self.strings[str(i)], alternatives))  # type: ignore[arg-type]
        self.columns = [_ATTRS[n] for n in self.names]
        # Every (key, alternative, token position) is one "slot" a token may fill.
        self.slots: list[list[tuple[int, Test]]] = []
        self.runs: list[tuple[int, int, list[int]]] = []  # (attr id, match id, slot per token)
        for i, m_id, alternatives in keys:
            for tokens in alternatives:
                first = len(self.slots)
                self.slots.extend(tokens)
                self.runs.append((i, m_id, list(range(first, first + len(tokens)))))
        # Per attribute: the slots that don't test it, those that accept one of a set of
        # ids (by id), those with another predicate; and the passing slots per id seen.
        every = frozenset(range(len(self.slots)))
        self.free = [set(every) for _ in self.names]
        self.by_id: list[dict[int, set[int]]] = [{} for _ in self.names]
        self.other: list[list[tuple[int, Callable[[int], bool]]]] = [[] for _ in self.names]
        for k, tests in enumerate(self.slots):
            for c, test in tests:
                self.free[c].discard(k)
                if isinstance(test, frozenset):
                    for v in test:
                        self.by_id[c].setdefault(v, set()).add(k)
                else:
                    self.other[c].append((k, test))
        self.passing: list[dict[int, frozenset[int]]] = [{} for _ in self.names]
        self.starting: dict[int, list[int]] = {}  # first slot -> runs it starts
        for r, (_, _, run) in enumerate(self.runs):
            self.starting.setdefault(run[0], []).append(r)
        # the tests a token's attributes pass, one set per attribute -> (the slots it
        # fills, the runs it can start); few entries, since the sets are interned
        self.interned: dict[frozenset[int], frozenset[int]] = {}
        self.cache: dict[tuple[frozenset[int], ...], Filled] = {}

    def _compile(self, pattern: list[dict[str, Any]]) -> list[list[tuple[int, Test]]] | None:
        tokens = []
        for spec in pattern:
            tests = []
            for name, value in spec.items():
                test = self._test(name, value)
                if test is None:
                    return None
                if name not in self.names:
                    self.names.append(name)
                tests.append((self.names.index(name), test))
            tokens.append(tests)
        return tokens or None

    def _test(self, name: str, value: Any) -> Test | None:
        """A predicate on the attribute's id, by the Matcher's own rules (an unset
        attribute reads 0, the id of the empty string); None for what it can't index."""
        if name not in _ATTRS:
            return None
        if name == "IS_SPACE":
            return frozenset({int(value)}) if isinstance(value, bool) else None
        if isinstance(value, str):
            return frozenset({self.strings[value]})
        if not isinstance(value, dict) or len(value) != 1:
            return None
        op, arg = next(iter(value.items()))
        if op == "REGEX" and isinstance(arg, str):
            rx, strings = re.compile(arg), self.strings
            return lambda v: bool(rx.search(strings[v]))
        if op in ("IN", "NOT_IN") and all(isinstance(a, str) for a in arg):
            ids = frozenset(self.strings[a] for a in arg)
            return ids if op == "IN" else (lambda v: v not in ids)
        return None

    def _passing(self, c: int, value: int) -> frozenset[int]:
        slots = self.passing[c].get(value)
        if slots is None:
            found = self.free[c] | self.by_id[c].get(value, set())
            found.update(k for k, test in self.other[c] if test(value))
            # Equal sets are one object: most words pass the same tests (none of
            # their own), so rows of different words share one cache entry below.
            slots = self.passing[c][value] = self.interned.setdefault(
                frozenset(found), frozenset(found)
            )
        return slots

    def _filled(self, passes: tuple[frozenset[int], ...]) -> Filled:
        slots = frozenset.intersection(*passes)
        starting, runs = self.starting, self.runs
        started = sorted(r for k in slots if k in starting for r in starting[k])
        # one-token runs match here and now; a key reports a span once, whichever of
        # its alternatives matched it (as the Matcher does)
        singles = sorted({runs[r][:2] for r in started if len(runs[r][2]) == 1})
        return slots, singles, [r for r in started if len(runs[r][2]) > 1]

    def match(self, doc: Doc) -> list[Match]:
        matches: list[Match] = []
        if len(doc) and self.runs:
            cache, get, fill, passing = self.cache, self.cache.get, self._filled, self._passing
            if sum(map(len, self.passing)) > _CACHE_LIMIT:
                cache.clear()
                self.interned.clear()
                for values in self.passing:
                    values.clear()
            columns = range(len(self.columns))
            rows = doc.to_array(self.columns).reshape(len(doc), -1).tolist()
            filled = []
            for row in rows:
                passes = tuple(map(passing, columns, row))
                hit = get(passes)
                if hit is None:
                    hit = cache[passes] = fill(passes)
                filled.append(hit)
            longer: set[Match] = set()
            for start, (_, singles, multis) in enumerate(filled):
                end = start + 1
                matches.extend([(i, m_id, start, end) for i, m_id in singles])
                for r in multis:
                    i, m_id, run = self.runs[r]
                    end = start + len(run)
                    if end <= len(filled) and all(
                        run[k] in filled[start + k][0] for k in range(1, len(run))
                    ):
                        longer.add((i, m_id, start, end))
            matches.extend(longer)
        if self.has_rest:
            strings = doc.vocab.strings
            for m_id, s, e in self.rest(doc, allow_missing=True, as_spans=False):
                matches.append((int(strings[m_id]), m_id, s, e))
        matches.sort()
        return matches


def index_attribute_ruler(ruler: AttributeRuler) -> None:
    """Have ``ruler`` find its matches by look-up (same matches, same order)."""
    ruler.match = IndexedAttributeMatcher(ruler).match  # type: ignore[method-assign]
