"""Find event triggers in a parsed sentence: verbs and event nouns from the lexicon.

A trigger has two tokens: the *match* (the word the lexicon knows, e.g. the noun
"attack") and the *anchor*, the predicate whose dependents carry the event's
arguments. For a verb both are the verb. For an event noun that is the object
of a support verb ("launched an attack", "put the mission on hold") the anchor
is the support verb, whose subject is then the actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Span, Token

from vigil.events.lexicon import Entry, Lexicon
from vigil.language.parsed import parsed_text

#: Verbs that describe a state, not an act: a nominal trigger as their subject is generic
#: ("recent attacks constitute a risk"), not a report of one event.
_STATIVE = frozenset(
    {"constitute", "pose", "represent", "mean", "remain", "show", "highlight", "underline"}
)
_GENERIC_DETS = frozenset({"any", "every", "such", "each"})


@dataclass
class Trigger:
    match: Token
    anchor: Token
    entry: Entry
    kind: str  # "verb" | "noun"

    @property
    def category(self) -> str:
        return self.entry.category

    @property
    def mode(self) -> str | None:
        return self.entry.mode


def _norm(tok: Token) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_


def _descendants(tok: Token, depth: int = 3) -> list[Token]:
    out: list[Token] = []
    frontier = [tok]
    for _ in range(depth):
        nxt: list[Token] = []
        for t in frontier:
            nxt.extend(t.children)
        out.extend(nxt)
        frontier = nxt
    return out


def _verb_entry_matches(tok: Token, entry: Entry, lex: Lexicon) -> bool:
    if len(entry.words) == 1:
        return True
    below = _descendants(tok)
    forms = {f for t in below for f in _norm(t)}
    if not all(w in forms for w in entry.words[1:]):
        return False
    if entry.words == ("describe", "as"):
        as_tokens = [t for t in below if t.lower_ == "as"]
        content = {f for a in as_tokens for t in a.subtree for f in _norm(t)}
        return bool(content & lex.negative)
    return True


def _noun_entry_matches(tok: Token, entry: Entry) -> bool:
    if len(entry.words) == 1:
        return True
    doc = tok.doc
    start = tok.i - entry.head_index
    if start < 0 or start + len(entry.words) > len(doc):
        return False
    return all(w in _norm(doc[start + k]) for k, w in enumerate(entry.words))


def _noun_anchor(tok: Token, lex: Lexicon) -> Token:
    """The support verb a nominal trigger hangs from, or the noun itself."""
    head = tok.head
    if tok.dep_ in {"dobj", "attr", "nsubjpass", "oprd"} and head.lemma_ in lex.light:
        return head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_ in lex.light:
        if head.head.pos_ in {"VERB", "AUX"}:
            return head.head
    return tok


def _is_generic(tok: Token) -> bool:
    """Nominal triggers that talk about a kind of event, not one event."""
    if any(c.dep_ == "det" and c.lower_ in _GENERIC_DETS for c in tok.children):
        return True
    return tok.dep_ == "nsubj" and tok.head.lemma_ in _STATIVE


_NAME_TYPES = frozenset({"ORG", "PERSON", "GPE", "FAC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"})


def _adjectival(tok: Token) -> bool:
    """ "deployed personnel", "troops stationed there": a participle describing a noun."""
    if tok.dep_ == "amod":
        return True
    if tok.tag_ != "VBN":
        return False
    # A bare participle (no subject, no finite auxiliary: "to deployed X" is a misparse).
    return not any(
        c.dep_ in {"nsubj", "nsubjpass", "auxpass"} or (c.dep_ == "aux" and c.lower_ != "to")
        for c in tok.children
    )


def present_passive(tok: Token) -> bool:
    """ "are based", "is stationed": a passive in the present tense, which says how
    things stand rather than that something happened."""
    return any(c.dep_ == "auxpass" and c.tag_ in {"VBP", "VBZ"} for c in tok.children)


def _stative_subclause(tok: Token) -> bool:
    """ "wherever our troops are deployed": a present passive in a subordinate clause
    (a main clause may still be a headline's "X is attacked")."""
    return tok.dep_ in {"advcl", "relcl"} and present_passive(tok)


def find_triggers(sent: Span, lex: Lexicon, names: set[int] | None = None) -> list[Trigger]:
    """Every lexicon trigger in ``sent``, longest entry first for each word.

    Words inside a proper name ("Popular Mobilisation Forces") are never
    triggers; ``names`` adds token indices the entities stage knows as names.
    """
    out: list[Trigger] = []
    for tok in sent:
        if tok.ent_type_ in _NAME_TYPES or (names and tok.i in names):
            continue
        lemma, lower = _norm(tok)
        if tok.pos_ == "VERB" and not _adjectival(tok) and not _stative_subclause(tok):
            for entry in lex.verbs.get(lemma, []) or lex.verbs.get(lower, []):
                if _verb_entry_matches(tok, entry, lex):
                    out.append(Trigger(tok, tok, entry, "verb"))
                    break
        elif tok.pos_ in {"NOUN", "PROPN"} or (tok.pos_ == "VERB" and tok.dep_ == "amod"):
            if tok.pos_ == "VERB":
                continue
            entries = lex.nouns.get(lemma, []) or lex.nouns.get(lower, [])
            for entry in entries:
                if _noun_entry_matches(tok, entry):
                    if _is_generic(tok):
                        break
                    out.append(Trigger(tok, _noun_anchor(tok, lex), entry, "noun"))
                    break
    return out


_TERMINAL = re.compile(r"[.!?\"'\u201d\u2019)\]:;]\s*$")
_CREDIT = re.compile(r"\b(Photo|Picture|Image|Credit|Video|File photo)\s*[/:|]", re.I)


@dataclass
class _Tokens:
    """What the headline test reads of a spaCy Doc's tokens, read once as arrays."""

    text: str  # the Doc's text (``Doc.text`` rebuilds it on every access)
    verbal: np.ndarray  # a verb or an auxiliary
    alpha: np.ndarray
    idx: np.ndarray  # where each token starts in ``text``


def _tokens(sdoc: Doc) -> _Tokens:
    arr = sdoc.to_array([POS, IS_ALPHA, IDX]).reshape(len(sdoc), 3)
    return _Tokens(
        parsed_text(sdoc), np.isin(arr[:, 0], (VERB, AUX)), arr[:, 1].astype(bool), arr[:, 2]
    )


def prose_sentences(sdoc: Doc, text: str) -> list[Span]:
    """The sentences of ``sdoc`` that are running prose (:func:`is_headline_like`), its
    tokens read once for them all."""
    toks = _tokens(sdoc)
    return [s for s in sdoc.sents if not _headline_like(s, text, toks)]


def is_headline_like(sent: Span, text: str | None = None) -> bool:
    """Lines that are not running prose: headlines, captions with credits, verbless lines.

    Related-story headlines and captions are removed by the clean stage, but a
    scraped body may still carry some; such lines never yield events.
    """
    return _headline_like(sent, sent.doc.text if text is None else text, _tokens(sent.doc))


def _headline_like(sent: Span, text: str, toks: _Tokens) -> bool:
    stext = toks.text[sent.start_char : sent.end_char]
    body = stext.strip()
    start = sent.start_char + (len(stext) - len(stext.lstrip()))
    end = start + len(body)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    if _CREDIT.search(line):
        return True
    if not toks.verbal[sent.start : sent.end].any():
        return True
    # A text's only or last line is its body, even in capitals (wire flashes, snippets).
    last_line = end >= len(text.rstrip())  # nothing but whitespace after the sentence
    if last_line and line_start == 0:
        return False
    words = toks.idx[sent.start : sent.end][toks.alpha[sent.start : sent.end]].tolist()
    if len(words) >= 4:
        caps = sum(1 for at in words if toks.text[at].isupper())
        if caps / len(words) > 0.6:
            return True
    # A whole short line without closing punctuation: a headline.
    # A short line without closing punctuation amid prose: a headline. The text's
    # last line is exempt: snippets and feeds often drop the final full stop.
    own_line = body == line
    return own_line and not last_line and len(words) < 25 and not _TERMINAL.search(line)
