"""Titles and roles of people: "Defence Minister Ron Mark", "Iraq's Prime Minister, X".

News introduces a person with a title before the name, optionally qualified by a
country ("US Secretary of State"), a possessive ("Iraq's Prime Minister,") or an
organisation ("NZDF spokesman"); or with an apposition after it ("X, the defence
minister,"). From that one phrase we read the person's role, country and sector, and
the *description* ("top Iranian commander") that lets an earlier "a top Iranian
commander" be linked to the same person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from vigil.language.entities.knowledge import Knowledge, Title
from vigil.language.entities.ruler import ADJ, COUNTRY, PORTFOLIO, TITLE, KbMatch

# Words that head a compound title after a portfolio ("Defence Minister").
_PORTFOLIO_HEADS = {"minister", "secretary", "spokesman", "spokeswoman", "spokesperson"}
# Modifiers that may stand in a description before a title ("top Iranian commander").
_MODIFIER_POS = {"ADJ", "NOUN", "PROPN"}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}


@dataclass(frozen=True)
class TitleSpan:
    start: int  # token offsets
    end: int
    text: str
    title: Title


def title_spans(doc: Doc, matches: list[KbMatch], kb: Knowledge) -> list[TitleSpan]:
    """Every office title in the Doc, portfolio compounds joined, longest first at a place."""
    titles = [m for m in matches if m.kind == TITLE]
    portfolios = [m for m in matches if m.kind == PORTFOLIO]
    spans: list[TitleSpan] = []
    for t in titles:
        title = kb.titles[t.key]
        start, end = t.start, t.end
        if t.key in _PORTFOLIO_HEADS:
            before = [p for p in portfolios if p.end == t.start]
            if before:
                start = min(p.start for p in before)
            elif t.end + 1 < len(doc) and doc[t.end].lower_ in {"of", "for"}:
                after = [p for p in portfolios if p.start == t.end + 1]
                if after:
                    end = max(p.end for p in after)
        # "Deputy Prime Minister" is listed; other capitalised modifiers join the title.
        while start > 0 and doc[start - 1].lower_ in {"deputy", "acting", "assistant", "associate"}:
            start -= 1
        text = doc[start:end].text
        if title.full and (start, end) == (t.start, t.end):
            text = title.full  # "Gov." -> "Governor"
        spans.append(TitleSpan(start, end, text, title))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[TitleSpan] = []
    for s in spans:  # keep the longest of overlapping titles
        if out and s.start < out[-1].end:
            if (s.end - s.start) > (out[-1].end - out[-1].start) and s.start == out[-1].start:
                out[-1] = s
            continue
        out.append(s)
    return out


@dataclass
class PersonContext:
    """What the phrase around a person's name says about them."""

    mention_start: int  # token where the mention starts (title included)
    mention_end: int
    role: str | None = None
    title: Title | None = None
    country: str | None = None
    country_explicit: bool = False
    org_token: int | None = None  # token of an organisation the role belongs to
    description: list[str] = field(default_factory=list)  # lower-cased words
    head_len: int = 1  # how many of the description's last words are the title


def _country_ending_at(i: int, matches: list[KbMatch]) -> KbMatch | None:
    best = None
    for m in matches:
        if m.kind in (COUNTRY, ADJ) and m.end == i:
            if best is None or m.start < best.start:
                best = m
    return best


def person_context(
    doc: Doc,
    start: int,
    end: int,
    titles: list[TitleSpan],
    matches: list[KbMatch],
    kb: Knowledge,
    org_ends: dict[int, int],
) -> PersonContext:
    """Read the title, role, country and description around the name ``doc[start:end]``.

    ``org_ends`` maps the end token of each organisation mention to its start token,
    so that "NZDF spokesman X" attaches the role to the organisation.
    """
    ctx = PersonContext(start, end)
    by_end = {t.end: t for t in titles}
    by_start = {t.start: t for t in titles}
    t = by_end.get(start)
    appositive = False
    if t is None and start >= 2 and doc[start - 1].text == "," and (start - 1) in by_end:
        t = by_end[start - 1]  # "Iraq's Prime Minister, Adil Abdul Mahdi"
        appositive = True
    if t is not None and not appositive:
        # "Chief of Defence Force Air Marshal X": the office names the role, not the rank.
        outer = by_end.get(t.start)
        if outer is not None and t.title.kind == "rank" and outer.title.kind != "rank":
            t = TitleSpan(outer.start, t.end, outer.text, outer.title)
    if t is not None:
        ctx.title, ctx.role, ctx.mention_start = t.title, t.text, t.start
        i = t.start
        if appositive and i >= 1 and doc[i - 1].text in _POSSESSIVE:
            owner = _country_ending_at(i - 1, matches)
            if owner is not None and owner.kind == COUNTRY:
                ctx.country, ctx.country_explicit = owner.key, True
                ctx.role = f"{t.text} of {kb.country_name(owner.key)}"
                ctx.mention_start = owner.start
                return ctx
            if (i - 1) in org_ends:
                ctx.org_token = org_ends[i - 1]
                ctx.mention_start = org_ends[i - 1]
                return ctx
        # Modifiers, countries and organisations before the title.
        j = i
        desc_start = i
        modified = False  # "top Iranian commander X": a description, not a formal title
        while j > 0:
            prev = doc[j - 1]
            c = _country_ending_at(j, matches)
            if c is not None:
                ctx.country, ctx.country_explicit = c.key, True
                j = desc_start = c.start
                continue
            if prev.text in _POSSESSIVE and j >= 2:
                c = _country_ending_at(j - 1, matches)
                if c is not None and c.kind == COUNTRY:
                    ctx.country, ctx.country_explicit = c.key, True
                    ctx.role = f"{t.text} of {kb.country_name(c.key)}"
                    j = c.start
                    continue
            if j in org_ends and ctx.org_token is None and j == i:
                ctx.org_token = org_ends[j]
                j = org_ends[j]
                continue
            if prev.pos_ in _MODIFIER_POS and prev.is_lower and prev.is_alpha:
                j = desc_start = j - 1
                modified = True
                continue
            break
        # A formal title is part of the name phrase ("Defence Minister Ron Mark"); a
        # description ("top Iranian commander") is a mention of its own, linked by text.
        ctx.mention_start = start if modified else j
        words = [w.lower_ for w in doc[desc_start : t.end] if not w.is_punct]
        if len(words) >= 2 or t.title.kind != "role":
            ctx.description = words
            ctx.head_len = len([w for w in doc[t.start : t.end] if not w.is_punct])
        return ctx
    # Apposition after the name: "X, the defence minister," / "X, a spokesman for Y,".
    k = end
    if k < len(doc) and doc[k].text == ",":
        k += 1
        if k < len(doc) and doc[k].lower_ in {"the", "a", "an"}:
            k += 1
        c_start = k
        while k < len(doc) and k not in by_start and k - c_start < 4:
            if _country_ending_at(k + 1, matches) is not None:
                ctx.country = _country_ending_at(k + 1, matches).key  # type: ignore[union-attr]
                ctx.country_explicit = True
            if doc[k].is_punct:
                break
            k += 1
        t = by_start.get(k)
        if t is not None:
            ctx.title, ctx.role = t.title, t.text
            after = t.end
            if after + 1 < len(doc) and doc[after].lower_ in {"of", "for", "at"}:
                if (after + 1) in {s for s in org_ends.values()}:
                    ctx.org_token = after + 1
    return ctx
