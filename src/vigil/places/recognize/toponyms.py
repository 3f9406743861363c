"""Toponym recognition: which stretches of the text name (or point at) a place.

spaCy's GPE/LOC/FAC entities are the backbone, corrected in both directions:

* a place name inside a longer organisation name ("Auckland Peace Action") is
  not a place; an ORG/PERSON entity that is nothing but a known place name in a
  locative context ("at Taji", "Pandi, Bulacan") is one (the small model often
  mislabels rare place names);
* capitalised proper nouns the model missed are looked up in the gazetteer,
  but only with evidence that they are places (a locative preposition, a
  following ", <state>", or a name that only big places carry);
* registered site names and aliases are found verbatim;
* demonyms ("Iraqi forces") become country mentions, and descriptions ("the
  city", "the camp", "their base") become references for the resolver to tie to
  a place already in the text.

The gazetteer-free pieces live beside it: ``cues`` (the local evidence around
a name: "in X", "X-based", datelines) and ``mentions`` (the ``Mention`` record,
references, deduplication and annotation of the found mentions as a whole);
``spans`` turns an entity span into the name it holds ("City of X", "Pandi,
Bulacan"). This module finds the candidates; ``judge`` holds the gazetteer's verdicts
on them (a known name, a big one, followed by its state, plausible as a toponym).
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from vigil.places.gazetteer import Gazetteer
from vigil.places.lexicon import ORG_WORDS, PART_WORDS
from vigil.places.mentions import Mention, annotate, dedupe, find_references
from vigil.places.recognize.cues import (
    DATELINE_RE,
    PARTY_RE,
    TITLE_WORD,
    SpanIndex,
    char_span,
    local_evidence,
    locative_before,
    overlaps,
    trim,
)
from vigil.places.recognize.hierarchy import hierarchy_mentions
from vigil.places.recognize.judge import NameJudge, without_part_word
from vigil.places.recognize.spans import (
    NAME_JOINERS,
    PLACE_LABELS,
    complete_entities,
    core_name,
    split_list,
)
from vigil.places.recognize.streets import street_mentions
from vigil.places.sites import Site

__all__ = ["BLOCKING_LABELS", "PLACE_LABELS", "Mention", "Recogniser"]

#: Entities whose text is never a place (a name inside them is part of something else).
BLOCKING_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"}


class Recogniser:
    """Finds place mentions in a parsed document (see module docstring)."""

    def __init__(self, gazetteer: Gazetteer, sites: list[Site] | None = None):
        self.gaz = gazetteer
        self.sites = sites or []
        self._site_names: dict[str, list[Site]] = {}
        for site in self.sites:
            for name in site.names:
                self._site_names.setdefault(name, []).append(site)
        names = sorted(self._site_names, key=len, reverse=True)
        self._site_re = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
            if names
            else None
        )
        self.judge = NameJudge(gazetteer, self._site_names)

    # -- main --------------------------------------------------------------
    def __call__(self, text: str, doc: SpacyDoc) -> list[Mention]:
        sent_starts = [s.start_char for s in doc.sents]

        def sent_of(ch: int) -> int:
            return max(0, bisect.bisect_right(sent_starts, ch) - 1)

        found: list[Mention] = []
        pending: list[tuple[int, Span, int, int, int]] = []
        blocked: list[tuple[int, int]] = []
        covered: list[tuple[int, int]] = []  # every entity, to keep the gazetteer scan off them

        ents = complete_entities(doc, text, self.gaz, self.judge.big_name)
        for k, ent in enumerate(ents):
            covered.append((ent.start_char, ent.end_char))
            t0, t1 = trim(ent)
            if t0 >= t1:
                continue
            s, e = char_span(doc, t0, t1)
            span_text = text[s:e]
            if ent.label_ in PLACE_LABELS:
                if any(w.lower() in ORG_WORDS for w in span_text.split()[1:]) and not (
                    self.judge.is_name(span_text)
                ):
                    # "Santa Ana City Council": an organisation the model called a place.
                    blocked.append((s, e))
                    found.extend(self._names_inside(text, doc, t0, t1, sent_of))
                    continue
                for ps, pe in split_list(self.judge.is_name, text, s, e, self.judge.area_part):
                    ps, pe, hint = core_name(
                        self.gaz, self.judge.is_name, text, ps, pe, ent.label_ != "FAC"
                    )
                    sub = text[ps:pe]
                    iso = (
                        None
                        if self.judge.is_name(sub)
                        else self.gaz.demonym(without_part_word(sub))
                    )
                    if iso:  # "Sri Lankan", "Northern Indian" tagged GPE or LOC
                        found.append(Mention(ps, pe, sub, "demonym", sent_of(ps), country=iso))
                        continue
                    if ent.label_ == "FAC" and not self.judge.is_name(sub):
                        continue
                    found.append(
                        Mention(ps, pe, sub, "ner", sent_of(ps), label=ent.label_, admin_hint=hint)
                    )
            elif ent.label_ == "NORP":
                iso = self.gaz.demonym(span_text)
                if iso:
                    found.append(
                        Mention(s, e, span_text, "demonym", sent_of(s), label="NORP", country=iso)
                    )
                elif self.judge.is_name(span_text):
                    pending.append((k, ent, s, e, t0))  # "in Pewaukee" tagged NORP
            elif ent.label_ in BLOCKING_LABELS:
                if self.judge.is_name(span_text):
                    pending.append((k, ent, s, e, t0))
                else:
                    blocked.append((ent.start_char, ent.end_char))
                    if ent.label_ in {"ORG", "FAC"}:
                        found.extend(self._names_inside(text, doc, t0, t1, sent_of))

        # A bare known name the model labelled ORG/PERSON, said as a place, or
        # named as a place elsewhere in the text: keep it.
        place_texts = {m.text for m in found if m.source == "ner"}
        for k, ent, s, e, t0 in pending:
            span_text = text[s:e]
            local = local_evidence(text, doc, t0, ent.end)
            if local:
                found.append(
                    Mention(s, e, span_text, "ner", sent_of(s), label=ent.label_, admin_hint=local)
                )
            elif local == "" or (
                span_text in place_texts
                or locative_before(doc, t0)
                or self._listed_with_place(text, s, e, ents, k)
                or self.judge.followed_by_container(doc, ent.end)
                or (ent.label_ == "ORG" and self.judge.big_name(span_text) and " " not in span_text)
                or (ent.label_ == "PERSON" and self.judge.area_name(span_text))
            ):
                found.append(Mention(s, e, span_text, "ner", sent_of(s), label=ent.label_))
            else:
                blocked.append((ent.start_char, ent.end_char))

        found.extend(self._site_mentions(text, blocked, sent_of))
        taken = [(m.start, m.end) for m in found]
        found.extend(self._patterns(text, taken, sent_of))
        taken = [(m.start, m.end) for m in found]
        outside = [(m.start, m.end) for m in found if m.source != "inname"]
        in_names = [(m.start, m.end) for m in found if m.source == "inname"]
        found.extend(hierarchy_mentions(text, self.gaz, outside, sent_of, in_names))
        taken = [(m.start, m.end) for m in found]
        found.extend(self._gazetteer_scan(text, doc, covered + taken, sent_of))
        found.extend(
            street_mentions(text, [(m.start, m.end) for m in found], sent_of, self.judge.is_name)
        )
        taken = SpanIndex(covered + [(m.start, m.end) for m in found])
        for tok in doc:
            if tok.is_title and not taken.overlaps((tok.idx, tok.idx + len(tok))):
                iso = self.gaz.demonym(tok.text)
                if iso and tok.pos_ in {"ADJ", "PROPN", "NOUN"}:
                    s = tok.idx
                    found.append(
                        Mention(s, s + len(tok), tok.text, "demonym", sent_of(s), country=iso)
                    )
        found = [m for m in dedupe(found) if self.judge.plausible(m, text)]
        found.extend(find_references(text, found, blocked, sent_of))
        found.sort(key=lambda m: (m.start, -m.end))
        annotate(text, found)
        return found

    def _names_inside(self, text: str, doc: SpacyDoc, t0: int, t1: int, sent_of) -> list[Mention]:
        """'Alexandria Police Department' -> 'Alexandria' as a name inside an organisation.

        Kept apart (source ``inname``): not a place of the story, but evidence of
        where the story is, and what corpora such as LGL annotate.
        """
        out: list[Mention] = []
        i = t0
        while i < t1:
            hit = None
            if TITLE_WORD.match(doc[i].text) and doc[i].lower_ not in ORG_WORDS:
                for j in range(min(t1, i + 4), i, -1):
                    s, e = char_span(doc, i, j)
                    cands = self.gaz.lookup(text[s:e])
                    top = cands[0] if cands else None
                    if top is not None and (
                        top.level in {"country", "admin1"}
                        or (top.official and (top.level != "city" or top.population >= 1000))
                    ):
                        hit = (j, Mention(s, e, text[s:e], "inname", sent_of(s), label="ORG"))
                        break
                    iso = self.gaz.demonym(text[s:e]) if j == i + 1 else None
                    if iso:  # "American Red Cross"
                        m = Mention(
                            s, e, text[s:e], "inname", sent_of(s), label="NORP", country=iso
                        )
                        hit = (j, m)
                        break
            if hit:
                out.append(hit[1])
                i = hit[0]
            else:
                i += 1
        return out

    def _patterns(self, text: str, avoid: list[tuple[int, int]], sent_of) -> list[Mention]:
        """Datelines ('ROSWELL - A man...') and party-hometown tags ('R-Marshall')."""
        out = []
        for m in DATELINE_RE.finditer(text):
            name = m.group(1)
            s, e = m.span(1)
            if not overlaps((s, e), avoid) and self.gaz.has_name(name.title()):
                out.append(Mention(s, e, name, "gazetteer", sent_of(s), label="DATELINE"))
        for m in PARTY_RE.finditer(text):
            s, e = m.span(1)
            if not overlaps((s, e), avoid) and self.gaz.has_name(m.group(1)):
                out.append(Mention(s, e, m.group(1), "gazetteer", sent_of(s), label="HOMETOWN"))
        return out

    def _listed_with_place(self, text: str, s: int, e: int, ents: list[Span], k: int) -> bool:
        """'Pandi, Bulacan', 'Bihar and Uttar Pradesh': a name joined by a comma, 'and'
        or 'or' to a place entity next to it."""
        for j in (k - 1, k + 1):
            if not 0 <= j < len(ents) or ents[j].label_ not in PLACE_LABELS:
                continue
            other = ents[j]
            gap = text[other.end_char : s] if j < k else text[e : other.start_char]
            if gap.strip() in {",", "and", "or", ", and", ", or"}:
                return True
        return False

    def _site_mentions(self, text: str, blocked: list[tuple[int, int]], sent_of) -> list[Mention]:
        if self._site_re is None:
            return []
        out = []
        for m in self._site_re.finditer(text):
            s, e = m.span()
            # Inside a longer organisation name ("Auckland Peace Action") it is not the site.
            if any(bs <= s and e <= be and (be - bs) > (e - s) for bs, be in blocked):
                continue
            out.append(
                Mention(s, e, m.group(0), "site", sent_of(s), sites=self._site_names[m.group(0)])
            )
        return out

    def _gazetteer_scan(
        self, text: str, doc: SpacyDoc, avoid: list[tuple[int, int]], sent_of
    ) -> list[Mention]:
        """Capitalised proper-noun runs the model missed, kept only with place evidence."""
        out: list[Mention] = []
        avoided = SpanIndex(avoid)
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            if not (tok.pos_ == "PROPN" and TITLE_WORD.match(tok.text)):
                i += 1
                continue
            hit, skip = None, i + 1
            prev = doc[i - 1] if i > 0 else None
            if (
                prev is not None
                and not tok.is_sent_start
                and prev.pos_ == "PROPN"
                and TITLE_WORD.match(prev.text)
                and prev.lower_ not in PART_WORDS
                and not avoided.overlaps((prev.idx, prev.idx + len(prev)))
            ):
                # The tail of a longer name the gazetteer lacks: "Danube Delta" is
                # not Nigeria's Delta state, "Mount Kenya" not the country.
                i += 1
                continue
            # Any word starts a sentence capitalised: there, only a longer name counts.
            shortest = i + 2 if tok.is_sent_start else i + 1
            for j in range(min(n, i + 5), shortest - 1, -1):
                words = doc[i:j]
                if not TITLE_WORD.match(words[-1].text) or not all(
                    TITLE_WORD.match(t.text) or t.text in NAME_JOINERS for t in words
                ):
                    continue  # "Rio Grande do Sul", not "Rio Grande do"
                s, e = char_span(doc, i, j)
                if avoided.overlaps((s, e)):
                    continue
                if j < n and doc[j].lower_ in ORG_WORDS and doc[j].is_title:
                    continue  # "Springfield Police ..." starts an organisation name
                name = text[s:e]
                if not self.gaz.has_name(name):
                    continue
                if (
                    locative_before(doc, i)
                    or self.judge.followed_by_container(doc, j)
                    or local_evidence(text, doc, i, j) is not None
                    or self.judge.big_name(name)
                ):
                    hit = (j, Mention(s, e, name, "gazetteer", sent_of(s), label="GAZ"))
                else:
                    # A known name without place evidence: no shorter name inside
                    # it is a place either ("Central" in "Central Java").
                    skip = j
                break
            if hit:
                out.append(hit[1])
                i = hit[0]
            else:
                i = skip
        return out
