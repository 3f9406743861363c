"""The ``quantities`` component: counts that matter to security work, tied to what and where.

A count is a number run in the parse (digits, number words, "dozens",
"more than 200", "10 to 20") attached to the noun it counts. The noun and the
verb that governs it decide the unit ("six people ... were killed" -> killed;
"45 ... personnel" -> personnel), the noun phrase and its "of/from" names the
owner (``of``), and the clause names the place (``at``). Dates are never
counts (spaCy DATE/TIME entities and year-like numbers are skipped). A figure
inside a quote records who claimed it. Unknown stays unknown: no owner or
place is invented, but "five more personnel" continues the owner of the
figure before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from vigil.document import Document
from vigil.language.quantities.numbers import (
    Reading,
    bound_before,
    bound_length,
    is_number_word,
    read_number,
    word_value,
)
from vigil.language.quantities.places import PlaceFinder
from vigil.language.quantities.units import (
    CURRENCY,
    DISTANCE,
    EVENT_UNITS,
    NOUN_UNITS,
    PERSON_UNITS,
    SUBJECT_VICTIM,
    family,
)
from vigil.records import Entity, EntityRef, Quantity
from vigil.settings import Settings

_HARD_SKIP_ENTS = {"PERCENT", "ORDINAL"}
#: spaCy sometimes tags "between 30 and 40" as a DATE: such a number counts only
#: when it visibly counts people/things of a known unit outside the date span.
_DATE_ENTS = {"DATE", "TIME"}
#: Verbs of having/sending: their subject owns the counted people ("X has 30 soldiers").
_OWNING_VERBS = {"have", "keep", "deploy", "send", "station", "maintain", "dispatch", "base"}
_RANGE_JOIN = {"to", "-", "\u2013", "and", "or"}

_CONTINUE_WORDS = {"more", "additional", "another", "further", "extra"}


def _number_runs(sp: Doc) -> Iterator[list[Token]]:
    """Maximal runs of number tokens, ranges kept together ('10 to 20', '10-20')."""
    i = 0
    n = len(sp)
    while i < n:
        tok = sp[i]
        if not is_number_word(tok) or tok.ent_type_ in _HARD_SKIP_ENTS:
            i += 1
            continue
        j = i
        while j + 1 < n:
            if is_number_word(sp[j + 1]):
                j += 1
                continue
            if sp[j + 1].lower_ in _RANGE_JOIN:
                k = j + 2
                if k < n and sp[k].is_currency:  # "$6 to $12"
                    k += 1
                if k < n and is_number_word(sp[k]) and sp[k].ent_type_ not in _HARD_SKIP_ENTS:
                    j = k
                    continue
            break
        while j > i and sp[j].lower_ in _RANGE_JOIN:
            j -= 1
        yield list(sp[i : j + 1])
        i = j + 1


def _read(run: list[Token]) -> Reading | None:
    """Value, bound and range of a run; ranges split on 'to'/'-'/'and'."""
    parts: list[list[str]] = [[]]
    for t in run:
        if t.is_currency:
            continue
        if t.lower_ in _RANGE_JOIN:
            parts.append([])
        elif "-" in t.text and word_value(t.text) is None and t.text.count("-") == 1:
            lo, hi = t.text.split("-")
            parts[-1].append(lo)
            parts.append([hi])
        else:
            parts[-1].append(t.text)
    readings = [read_number(p) for p in parts if p]
    if not readings or any(r is None for r in readings):
        return None
    if len(readings) == 2:
        lo, hi = readings[0].value, readings[1].value  # type: ignore[union-attr]
        if lo is not None and hi is not None and lo < hi:
            return Reading(lo, None, [lo, hi])
        return None
    return readings[0]


def _proportion(sp: Doc, run: list[Token]) -> bool:
    """'two of the three members', 'two out of three Americans': the share is not a count.

    Only the first number is dropped: the second ('three members') is the whole, a count.
    """
    n = len(sp)
    j = run[-1].i + 1
    if j < n and sp[j].lower_ == "out":
        j += 1
    if j < n and sp[j].lower_ == "of":
        j += 1
        if j < n and sp[j].lower_ in {"the", "every", "each", "all"}:
            j += 1
        return j < n and is_number_word(sp[j])
    return False


def _year_like(run: list[Token], reading: Reading) -> bool:
    """'in 2015', 'June, 2020': a four-digit number that counts nothing is a year."""
    if len(run) != 1 or not re.fullmatch(r"(1[89]|20)\d\d", run[0].text):
        return False
    return True


def _counted_noun(num: Token) -> Token | None:
    """The noun a number counts: its head for 'nummod', the 'of' object for 'dozens of X'."""
    tok = num
    while (
        tok.dep_ in {"quantmod", "compound", "amod"} and tok.head is not tok and tok.head.like_num
    ):
        tok = tok.head
    if tok.dep_ == "nummod" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return tok.head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if tok.pos_ in {"NOUN", "PROPN"}:
        return tok
    # "killing 20", "20 were killed": the number stands for the noun itself.
    if tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj", "conj"}:
        return tok
    return None


def _event_unit(noun: Token) -> str | None:
    """The unit the governing event gives: killed for 'X were killed', 'killing of X and N others'."""
    tok = noun
    for _ in range(4):
        dep = tok.dep_
        head = tok.head
        if head is tok:
            return None
        lemma = head.lemma_.lower()
        if lemma in EVENT_UNITS:
            if head.pos_ == "VERB":
                if dep in {"nsubjpass", "dobj"} or (dep == "nsubj" and lemma in SUBJECT_VICTIM):
                    return EVENT_UNITS[lemma]
                if dep in {"nsubj", "agent"}:
                    return None
            else:
                return EVENT_UNITS[lemma]
        if dep in {"conj", "pobj", "prep", "appos", "nummod", "amod"}:
            tok = head
            continue
        return None
    return None


def _unit_of(
    noun: Token, num: Token, ents_by_tok: dict[int, Span]
) -> tuple[str, str | None] | None:
    """``(unit, measure)``: measure is a currency code or length unit when it applies."""
    ent = ents_by_tok.get(num.i)
    after = " ".join(t.lower_ for t in num.doc[num.i + 1 : num.i + 3])
    if after.startswith(("per cent", "percent", "%")):
        return None  # a share, whatever the tagger thought
    if ent is not None and ent.label_ == "MONEY":
        currency = _currency(ent)
        return ("money", currency) if currency else None  # "#1" is not money
    lemma = noun.lemma_.lower()
    if lemma in DISTANCE:
        return "distance", DISTANCE[lemma]
    if lemma in CURRENCY:
        return "money", CURRENCY[lemma]
    base = NOUN_UNITS.get(lemma)
    if base is None and noun.ent_type_ == "NORP" and noun.tag_ in {"NNPS", "NNS"}:
        base = "people"
    if base is None or (noun is num and base is None):
        base = None
    event = _event_unit(noun)
    if event and (base is None or base in PERSON_UNITS):
        return event, None
    if base is None:
        return None
    return base, None


def _currency(ent: Span) -> str | None:
    low = ent.text.lower()
    for sym, code in sorted(CURRENCY.items(), key=lambda kv: -len(kv[0])):
        if sym in low:
            return code
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.text.lower() in CURRENCY:
        return CURRENCY[prev.text.lower()]
    return None


def _phrase(noun: Token, run: list[Token]) -> tuple[int, int]:
    """Token range of the counted phrase: left modifiers, the noun, and 'of X' after it."""
    lo = min(run[0].i, noun.i)
    for child in noun.lefts:
        if child.dep_ in {"det", "amod", "nummod", "compound", "quantmod", "poss", "nmod"}:
            lo = min(lo, child.left_edge.i)
    hi = max(run[-1].i, noun.i)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            hi = max(hi, child.right_edge.i)
        break
    return lo, hi


class _Owners:
    """Entity lookups by offset, and demonyms ("New Zealanders") to citizens of a country."""

    def __init__(self, doc: Document):
        self.mentions = [(m.start, m.end, e) for e in doc.entities for m in e.mentions]

    def in_range(self, start: int, end: int, types: tuple[str, ...]) -> Entity | None:
        found = [m for m in self.mentions if m[0] < end and m[1] > start and m[2].type in types]
        if not found:
            return None
        return min(found, key=lambda m: (types.index(m[2].type), m[0]))[2]


def _owner(noun: Token, lo: int, hi: int, owners: _Owners, unit: str) -> EntityRef | None:
    """Whose people or money: an organisation/group named in the phrase or by 'of'/'from'."""
    sp = noun.doc
    if noun.ent_type_ == "NORP" and unit in {"people", "killed", "injured", "abducted"}:
        from vigil.language.quantities.places import demonym_country

        ent_span = next((e for e in sp.ents if e.start <= noun.i < e.end), None)
        country = demonym_country(ent_span.text if ent_span is not None else noun.text)
        if country:
            return EntityRef(None, f"{country} citizens")
    start, end = sp[lo].idx, sp[hi].idx + len(sp[hi])
    types = ("ORG", "NORP", "GPE") if unit not in {"money"} else ("ORG", "GPE", "PERSON", "NORP")
    ent = owners.in_range(start, end, types)
    if ent is None:
        # "six people from a convoy in the militia X": the group further down the phrase.
        sub_lo, sub_hi = noun.left_edge.i, noun.right_edge.i
        for child in noun.rights:
            if child.dep_ in {"relcl", "acl"}:
                sub_hi = min(sub_hi, child.left_edge.i - 1)
        ent = owners.in_range(sp[sub_lo].idx, sp[sub_hi].idx + len(sp[sub_hi]), ("ORG",))
    if ent is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in _OWNING_VERBS:
        subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            ent = owners.in_range(subj.left_edge.idx, subj.idx + len(subj), ("ORG", "GPE"))
    return EntityRef(ent.id, ent.canonical) if ent else None


def _with_whom(noun: Token, run: list[Token], owners: _Owners) -> EntityRef | None:
    """'Soleimani and eight others': the named person the others were counted with."""
    if noun.lemma_.lower() != "other":
        return None
    sp = noun.doc
    lo = max(0, run[0].i - 8)
    start, end = sp[lo].idx, run[0].idx
    ent = owners.in_range(start, end, ("PERSON", "ORG"))
    return EntityRef(ent.id, ent.canonical) if ent else None


def extract_quantities(doc: Document) -> list[Quantity]:
    """All security-relevant counts of a parsed document."""
    sp = doc.spacy
    assert sp is not None, "quantities needs the parse stage first"
    ents_by_tok = {t.i: e for e in sp.ents for t in e}
    owners = _Owners(doc)
    places = PlaceFinder(doc)
    out: list[Quantity] = []
    last_by_unit: dict[str, tuple[Quantity, int]] = {}
    for run in _number_runs(sp):
        reading = _read(run)
        if reading is None or reading.value is None or _proportion(sp, run):
            continue
        num = run[-1] if reading.range is None else run[0]
        noun = _counted_noun(num)
        if noun is None:
            continue
        unit_m = _unit_of(noun, num, ents_by_tok)
        if unit_m is None:
            continue
        unit, measure = unit_m
        if num.ent_type_ in _DATE_ENTS and (
            noun is num or noun.ent_type_ in _DATE_ENTS or noun.lemma_.lower() not in NOUN_UNITS
        ):
            continue
        if _year_like(run, reading) and unit not in {"money"}:
            continue
        bound = reading.bound or bound_before(list(sp[max(0, run[0].i - 4) : run[0].i]))
        lo, hi = _phrase(noun, run)
        if bound is not None and reading.bound is None:
            lo = min(lo, run[0].i - bound_length(list(sp[max(0, run[0].i - 4) : run[0].i])))
        start, end = sp[lo].idx, sp[hi].idx + len(sp[hi])
        of = _owner(noun, lo, hi, owners, unit) if unit != "distance" else None
        relation = None
        with_ref = _with_whom(noun, run, owners)
        if with_ref is not None and of is None:
            of, relation = with_ref, "with"
        modifiers = {t.lower_ for t in sp[lo : hi + 1]} | {c.lower_ for c in num.children}
        continues = bool(modifiers & _CONTINUE_WORDS)
        prev = last_by_unit.get(family(unit))
        if of is None and prev is not None and sp[prev[1]].sent.start >= _sent_back(sp, num, 3):
            of = prev[0].of
        if not continues or prev is None:
            continues = False
        at = places.place_for(noun, num)
        qty = Quantity(
            text=doc.text[start:end],
            start=start,
            end=end,
            value=reading.value,
            unit=unit,
            of=of,
            at=at,
            claimed_by=_claimed_by(doc, start),
            bound=bound,
            range=reading.range,
            of_relation=relation,
            continues=continues,
            measure=measure,
        )
        out.append(qty)
        last_by_unit[family(unit)] = (qty, num.i)
    places.fill_scope(out)
    return out


def _sent_back(sp: Doc, tok: Token, n: int) -> int:
    start = tok.sent.start
    for _ in range(n):
        if start == 0:
            break
        start = sp[start - 1].sent.start
    return start


def _claimed_by(doc: Document, start: int) -> EntityRef | None:
    """The speaker of the quote a figure stands in, if any."""
    for q in doc.quotes:
        if q.start <= start < q.end and q.speaker is not None:
            return q.speaker
    return None


class QuantityExtractor:
    """Pipeline component ``quantities``."""

    name = "quantities"

    def __call__(self, doc: Document) -> Document:
        doc.quantities = extract_quantities(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def make_quantity_extractor(settings: Settings) -> QuantityExtractor:
    return QuantityExtractor()
