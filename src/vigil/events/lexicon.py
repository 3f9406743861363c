"""The PLOVER trigger lexicon: which words signal which category and mode.

The lexicon is data (``data/lexicon.yaml``), not code, so that analysts can
extend it without touching the coder. It is indexed here by the *head* word of
each entry (a verb lemma or a head-noun lemma); the other words of a
multi-word entry are checked against the parse by :mod:`vigil.events.detect`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

#: PLOVER's sixteen event categories, in the manual's order.
CATEGORIES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: Verbal acts: their complement is what is asked, threatened or refused, not an event.
SPEECH_ACT_CATEGORIES = frozenset({"REQUEST", "THREATEN", "REJECT", "ACCUSE", "SUPPORT", "AGREE"})


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: ``words`` in reading order, the head word at ``head_index``."""

    words: tuple[str, ...]
    category: str
    mode: str | None
    head_index: int

    @property
    def head(self) -> str:
        return self.words[self.head_index]

    @property
    def sense(self) -> str:
        """A label for the predicate, used to merge repeated mentions of one event."""
        return f"{self.category}:{' '.join(self.words)}"


@dataclass
class Lexicon:
    verbs: dict[str, list[Entry]] = field(default_factory=dict)
    nouns: dict[str, list[Entry]] = field(default_factory=dict)
    irrealis_verbs: frozenset[str] = frozenset()
    irrealis_nouns: frozenset[str] = frozenset()
    irrealis_adjectives: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()
    light: frozenset[str] = frozenset()
    negative: frozenset[str] = frozenset()
    agent_nouns: frozenset[str] = frozenset()
    acled_hints: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)


_PREPOSITIONS = frozenset({"on", "under", "in", "at"})


def _noun_head_index(words: tuple[str, ...]) -> int:
    """``air strike`` -> 1 (the head is last); ``on hold`` -> 1; ``state of emergency`` -> 0."""
    if "of" in words:
        return words.index("of") - 1
    return len(words) - 1


def parse_lexicon(data: dict) -> Lexicon:
    """Build a :class:`Lexicon` from the YAML structure (see ``data/lexicon.yaml``)."""
    lex = Lexicon()
    for cat in CATEGORIES:
        spec = data.get(cat) or {}
        for kind, index in (("verbs", lex.verbs), ("nouns", lex.nouns)):
            for mode, items in (spec.get(kind) or {}).items():
                for item in items or []:
                    words = tuple(w for w in re.split(r"\s+|(-)", str(item).lower()) if w)
                    head = 0 if kind == "verbs" else _noun_head_index(words)
                    entry = Entry(words, cat, None if mode == "_" else str(mode), head)
                    index.setdefault(entry.head, []).append(entry)
    irr = data.get("irrealis") or {}
    lex.irrealis_verbs = frozenset(irr.get("verbs") or [])
    lex.irrealis_nouns = frozenset(irr.get("nouns") or [])
    lex.irrealis_adjectives = frozenset(irr.get("adjectives") or [])
    lex.modals = frozenset(irr.get("modals") or [])
    lex.speech = frozenset(data.get("speech") or [])
    lex.light = frozenset(data.get("light") or [])
    lex.negative = frozenset(data.get("negative") or [])
    lex.agent_nouns = frozenset(data.get("agent_nouns") or [])
    for sub, words in (data.get("acled_hints") or {}).items():
        # One alternation per type: every sentence is searched once per type, not per word.
        alts = "|".join(re.escape(str(w).lower()) for w in words or [])
        lex.acled_hints[str(sub)] = [re.compile(r"\b(?:" + alts + r")\b")] if alts else []
    # Longest entries first: "suicide bombing" beats "bombing".
    for index in (lex.verbs, lex.nouns):
        for entries in index.values():
            entries.sort(key=lambda e: (-len(e.words), e.mode is None))
    return lex


@functools.cache
def load_lexicon() -> Lexicon:
    """The lexicon shipped with vigil (parsed once per process)."""
    text = resources.files("vigil.events").joinpath("data/lexicon.yaml").read_text("utf-8")
    return parse_lexicon(yaml.safe_load(text))
