"""Mentions found after clustering: the ones that need whole entities to be linked.

A "member" or "spokesman" belongs to the organisation in context; a description
("a top Iranian commander") to the person later introduced with it; a surname the
NER missed to the person of that name; a third-person pronoun outside quotations to
the person mentioned last.
"""

from __future__ import annotations

import bisect
import re

from vigil.document import Document
from vigil.language.entities.attributes import attrs, best
from vigil.language.entities.candidates import Cand
from vigil.language.entities.context import inside
from vigil.language.entities.knowledge import Knowledge

_PRONOUNS = {"he", "she", "him"}
_PRONOUN_REACH = 800  # characters back to the person a pronoun may refer to
_ROLE_ORG_REACH = 600  # characters back to the organisation a "member" belongs to


def role_organisations(
    groups: list[list[Cand]], quotes: list[tuple[int, int]], kb: Knowledge, doc: Document
) -> None:
    """'member Jane Doe' -> 'member of <the organisation in context>'."""
    orgs = [
        (c, g)
        for g in groups
        if best(g).label == "ORG"
        for c in g
        if not inside(c.start, c.end, quotes)
    ]
    for g in groups:
        for c in g:
            ctx = c.person
            if ctx is None or ctx.title is None or ctx.title.kind != "role":
                continue
            org = None
            if ctx.org_token is not None:
                org = next(
                    (og for oc, og in orgs if oc.tok_start <= ctx.org_token < oc.tok_end), None
                )
            if org is None:
                before = [
                    (oc, og)
                    for oc, og in orgs
                    if oc.end <= c.start and c.start - oc.end <= _ROLE_ORG_REACH
                ]
                if before:
                    org = max(before, key=lambda p: p[0].end)[1]
            if org is not None:
                _, name, country, sector, _ = attrs(org, kb, doc)
                c.role = f"{ctx.title.title} of {name}"
                c.country = c.country or country
                c.sector = c.sector or sector


def descriptions(groups: list[list[Cand]], text: str, kb: Knowledge) -> None:
    """Link "a top Iranian commander" to the person later called "top Iranian commander X".

    A noun phrase whose head is the title of a person's description links to that
    person when its modifiers are among the description's ("an Iranian commander",
    "the commander"), and it is definite or has a modifier; among several people of
    that title, the one introduced last before the phrase (else first after) wins.
    """
    taken = [(c.start, c.end) for g in groups for c in g if c.label == "PERSON"]
    found: dict[tuple[int, int], list[tuple[int, list[Cand]]]] = {}
    for g in groups:
        for c in list(g):
            ctx = c.person
            if ctx is None or not ctx.description:
                continue
            words = ctx.description
            head, mods = words[-ctx.head_len :], set(words[: -ctx.head_len])
            pat = re.compile(
                r"\b(a|an|the)\s+((?:[\w'\u2019-]+\s+){0,3}?)"
                + r"\s+".join(re.escape(w) for w in head)
                + r"\b",
                re.IGNORECASE,
            )
            for m in pat.finditer(text):
                have = [w.lower() for w in m.group(2).split()]
                if not set(have) <= mods or (not have and m.group(1).lower() != "the"):
                    continue
                if inside(m.start(), m.end(), taken):
                    continue
                nxt = text[m.end() : m.end() + 2]
                if nxt[:1] == " " and nxt[1:2].isupper():
                    continue  # followed by a name: that person's own title
                found.setdefault((m.start(), m.end()), []).append((c.start, g))
            if not c.country:
                for w in words:
                    a3 = kb.country_adj.get(w) or kb.country_names.get(w)
                    if a3:
                        c.country = a3
    for (start, end), owners in sorted(found.items()):
        before = [o for o in owners if o[0] < start]
        g = max(before, key=lambda o: o[0])[1] if before else min(owners, key=lambda o: o[0])[1]
        d = Cand(start, end, text[start:end], "PERSON", -1, -1, priority=-1)
        d.extras["description"] = True
        g.append(d)


def untagged_surnames(
    groups: list[list[Cand]], doc: Document, credits: list[tuple[int, int]]
) -> None:
    """A person's surname the NER missed ('"...," Badenoch said') is still a mention."""
    assert doc.spacy is not None
    taken = [(c.start, c.end) for g in groups for c in g]
    surnames: dict[str, list[tuple[int, list[Cand]]]] = {}
    for g in groups:
        if best(g).label != "PERSON":
            continue
        words = (best(g).canonical or best(g).name).split()
        if len(words) >= 2:
            first = min(c.start for c in g)
            surnames.setdefault(words[-1], []).append((first, g))
    for tok in doc.spacy:
        # The small model reads a capitalised surname as a noun now and then ("Trump
        # urges...") or folds it into a date ("Last week Stumpf"); a known surname wins.
        if tok.text not in surnames or tok.pos_ not in ("PROPN", "NOUN") or not tok.is_title:
            continue
        end = tok.idx + len(tok)
        if inside(tok.idx, end, taken) or inside(tok.idx, end, credits):
            continue
        before = [p for p in surnames[tok.text] if p[0] < tok.idx]
        if before:
            g = max(before, key=lambda p: p[0])[1]
        else:  # a headline's surname before the body names the person in full
            g = min(surnames[tok.text], key=lambda p: p[0])[1]
        g.append(Cand(tok.idx, end, tok.text, "PERSON", tok.i, tok.i + 1, priority=40))


def pronouns(groups: list[list[Cand]], doc: Document, quotes: list[tuple[int, int]]) -> None:
    """A third-person pronoun outside quotes refers back to a person mentioned before it.

    Among the people named in the pronoun's sentence (before it) or the one before,
    the last one who was a grammatical subject wins (news keeps its topic as the
    subject: "Pompeo dismissed the statement, saying he believed..."); otherwise the
    last person mentioned within reach.
    """
    sd = doc.spacy
    assert sd is not None
    persons: list[tuple[int, list[Cand], bool, int]] = []  # end, group, subject, sentence
    for g in groups:
        if best(g).label != "PERSON":
            continue
        for c in g:
            if c.tok_start < 0 or c.tok_end <= c.tok_start:
                subject, sent = False, -1
            else:
                root = sd[c.tok_start : c.tok_end].root
                subject, sent = root.dep_ in ("nsubj", "nsubjpass"), root.sent.start
            persons.append((c.end, g, subject, sent))
    if not persons:
        return
    persons.sort(key=lambda p: p[0])
    ends = [p[0] for p in persons]
    gender = {id(g): x for g in groups if (x := _gender(g)) is not None}
    for tok in sd:
        if tok.lower_ not in _PRONOUNS or tok.pos_ != "PRON":
            continue
        if inside(tok.idx, tok.idx + len(tok), quotes):
            continue
        k = bisect.bisect_right(ends, tok.idx) - 1
        if k < 0 or tok.idx - ends[k] > _PRONOUN_REACH:
            continue
        want = "f" if tok.lower_ == "she" else "m"
        fits = [
            p
            for p in persons[: k + 1]
            if tok.idx - p[0] <= _PRONOUN_REACH and gender.get(id(p[1]), want) == want
        ]
        if not fits:
            continue
        sent = tok.sent
        prev_start = sd[sent.start - 1].sent.start if sent.start > 0 else sent.start
        near = [p for p in fits if p[3] in (sent.start, prev_start) and p[2]]
        g = near[-1][1] if near else fits[-1][1]
        p = Cand(tok.idx, tok.idx + len(tok), tok.text, "PERSON", tok.i, tok.i + 1, priority=-2)
        p.extras["pronoun"] = True
        g.append(p)


_FEMALE = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman"}
_FEMALE |= {"congresswoman", "businesswoman", "sister", "mother", "wife", "daughter"}
_MALE = {"mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman"}
_MALE |= {"businessman", "brother", "father", "husband", "son"}


def _gender(group: list[Cand]) -> str | None:
    """Grammatical gender a pronoun must agree with, when a title or honorific tells."""
    for c in group:
        if c.tok_start < 0:
            continue
        words = {w.lower().rstrip(".") for w in c.text.split()}
        if words & _FEMALE:
            return "f"
        if words & _MALE:
            return "m"
    return None
