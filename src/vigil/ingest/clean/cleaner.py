"""The ``clean`` component: the article body without the scraping debris around it.

Extraction leaves page furniture inside the body, and every stray line is a
chance for a false event: a related-story headline ("Iran vows harsh response")
is not something this report says happened. The cleaner splits the raw body
into lines and drops, by shape rather than by content (features in
:mod:`vigil.ingest.clean.lines`):

- related-story lists, kept in ``doc.related``: headline-shaped lines (no
  sentence end, capitalised, 4-25 words) after a "Related"/"Don't miss" label;
  runs of them that were links on the source page (HTML input); and, where no
  link information exists (plain text), runs of three or more standing between
  prose paragraphs that are not a regular list;
- photo captions that end in a credit ("... Photo / Name", "(Getty Images)"):
  kept once in ``doc.captions``;
- repeated paragraphs (the first stays), a repeat of the page title at the top;
- prompts and furniture (subscribe, share, follow, advert, bylines, copyright).

It is conservative on purpose: a lone line without a full stop (a subheading,
a final sentence missing its period) stays, a list introduced by a colon stays,
and if the headline runs would take more than half the words the document is
probably a list, so they stay too. What remains is joined by blank lines and
``doc.paragraphs`` holds each paragraph's offsets in ``doc.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vigil.document import Document
from vigil.ingest.clean.lines import (
    INLINE_RELATED,
    RELATED_LABEL,
    Line,
    find_credit,
    is_prompt,
)
from vigil.records import Caption
from vigil.settings import Settings

#: Shortest run of unlabelled headline-shaped lines taken for a related-stories list.
MIN_RUN = 3
#: Headline runs may not take more than this share of a document's words.
MAX_RUN_SHARE = 0.5
#: Repeats shorter than this (in words) are left alone ("Yes." twice in an interview).
MIN_DUP_WORDS = 5
#: More repeated lines than this (and than this share of lines) means repetition by design.
MAX_DUPS = 3
MAX_DUP_SHARE = 0.05
#: A paragraph this long that ends a sentence is prose.
MIN_PROSE_WORDS = 8


@dataclass
class Cleaned:
    text: str
    paragraphs: list[tuple[int, int]]
    related: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, line)


def split_lines(raw: str) -> list[Line]:
    """Candidate paragraphs: one per line, except hard-wrapped prose, which is re-joined."""
    units: list[Line] = []
    for b, block in enumerate(re.split(r"\n[ \t]*\n", raw.replace("\r\n", "\n"))):
        lines = [" ".join(ln.split()) for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if _is_wrapped(lines):
            units.append(Line(" ".join(lines), b))
        else:
            units.extend(Line(ln, b) for ln in lines)
    return units


def _is_wrapped(lines: list[str]) -> bool:
    """Whether a block's lines are one paragraph broken at a fixed width."""
    if len(lines) < 2:
        return False
    widest = max(len(ln) for ln in lines)
    cont = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if a == b or Line(a, 0).ends_sentence:
            continue
        if b[:1].islower() or a.endswith(("-", ",", ";")):
            cont += 1
        elif len(lines) >= 3 and widest >= 50 and len(a) >= 0.85 * widest:
            cont += 1
    return cont * 2 > len(lines) - 1


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def repeats_title(line: Line, title: str | None) -> bool:
    """Whether a line is the page's headline again (site name suffixes ignored)."""
    if not title:
        return False
    a = _tokens(line.text)
    if not a or len(line.words) > 40:
        return False
    for cand in {title, re.split(r"\s+[|\u2013\u2014-]\s+", title)[0]}:
        b = _tokens(cand)
        if b and len(a & b) / len(a | b) >= 0.7:
            return True
    return False


def clean_text(raw: str, title: str | None = None, links: set[str] | None = None) -> Cleaned:
    """Split, classify and re-join a raw body (see the module docstring for the rules).

    ``links`` are the normalised lines that were whole links on the source page
    (HTML input); None when the input carried no such information (plain text).
    """
    units = split_lines(raw)
    kind: list[str | None] = [None] * len(units)
    related: list[str] = []
    captions: list[Caption] = []
    seen: set[str] = set()
    seen_captions: set[str] = set()

    for i, u in enumerate(units):
        credit = find_credit(u.text)
        inline = INLINE_RELATED.match(u.text)
        if i < 3 and repeats_title(u, title):
            kind[i] = "title"
        elif credit is not None:
            kind[i] = "caption"
            key = " ".join(re.findall(r"\w+", credit[0].casefold()))
            if key and key not in seen_captions:
                seen_captions.add(key)
                captions.append(Caption(text=credit[0], credit=credit[1]))
        elif len(u.words) <= 8 and RELATED_LABEL.match(u.core):
            kind[i] = "label"
        elif inline and len(inline.group("headline").split()) <= 25:
            kind[i] = "related"
            related.append(inline.group("headline").strip())
        elif is_prompt(u):
            kind[i] = "prompt"
        elif u.norm in seen and len(u.words) >= MIN_DUP_WORDS:
            kind[i] = "duplicate"
        if u.norm:
            seen.add(u.norm)
    _keep_structured_repeats(kind)

    _mark_related_runs(units, kind, links)
    for u, k in zip(units, kind, strict=True):
        if k == "related-run":
            related.append(u.core)

    kept = [u.text for u, k in zip(units, kind, strict=True) if k is None]
    paragraphs, pos = [], 0
    for para in kept:
        paragraphs.append((pos, pos + len(para)))
        pos += len(para) + 2
    removed = [(k, u.text) for u, k in zip(units, kind, strict=True) if k is not None]
    return Cleaned("\n\n".join(kept), paragraphs, _unique(related), captions, removed)


def _keep_structured_repeats(kind: list[str | None]) -> None:
    """Undo duplicate removal in documents that repeat by design (menus, schedules).

    Scraping duplicates a caption or a pull quote once or twice; a document where
    many lines recur is a structured one (a weekly meal plan), and its repeats
    are content.
    """
    dups = [i for i, k in enumerate(kind) if k == "duplicate"]
    if len(dups) > max(MAX_DUPS, MAX_DUP_SHARE * len(kind)):
        for i in dups:
            kind[i] = None


def _mark_related_runs(units: list[Line], kind: list[str | None], links: set[str] | None) -> None:
    """Mark runs of headline-shaped lines that list other stories.

    A run counts if a label ("Related", "Don't miss") announces it; or, when the
    page told us which lines were links, if most of its lines were links; or,
    for plain text, if it is at least MIN_RUN lines long, stands between prose
    paragraphs (or at the start or end), is not introduced by a colon, and is
    not a regular list (lines sharing their first word, as dates or steps do).
    """
    live = [i for i, k in enumerate(kind) if k is None or k == "label"]
    runs: list[tuple[list[int], bool]] = []  # (unit indexes, announced by a label)
    j = 0
    while j < len(live):
        i = live[j]
        if kind[i] == "label" or not units[i].is_headline_like:
            j += 1
            continue
        start = j
        while j < len(live) and kind[live[j]] is None and units[live[j]].is_headline_like:
            j += 1
        run = live[start:j]
        prev = live[start - 1] if start > 0 else None
        labelled = prev is not None and kind[prev] == "label"
        listed = prev is not None and units[prev].ends_colon
        if labelled:
            runs.append((run, True))
        elif links is not None:
            linked = sum(units[i].norm in links for i in run)
            if len(run) >= 2 and linked * 3 >= len(run) * 2:
                runs.append((run, False))
        elif (
            len(run) >= MIN_RUN
            and not listed
            and _is_prose_or_edge(units, prev)
            and _is_prose_or_edge(units, live[j] if j < len(live) else None)
            and _headline_run([units[i] for i in run])
        ):
            runs.append((run, False))
    total = sum(len(units[i].words) for i, k in enumerate(kind) if k is None)
    in_runs = sum(len(units[i].words) for run, _ in runs for i in run)
    if total and in_runs > MAX_RUN_SHARE * total:
        runs = [(run, labelled) for run, labelled in runs if labelled]
    for run, _ in runs:
        for i in run:
            kind[i] = "related-run"


def _is_prose_or_edge(units: list[Line], i: int | None) -> bool:
    """A full prose paragraph (or the start/end of the body) borders the run."""
    if i is None:
        return True
    line = units[i]
    return line.ends_sentence and len(line.words) >= MIN_PROSE_WORDS


def _headline_run(lines: list[Line]) -> bool:
    """Headlines, not a list: a list repeats its opening (dates, steps, "Portion: ...")."""
    firsts = [_opening(ln) for ln in lines]
    shared = sum(firsts.count(f) > 1 for f in firsts)
    return shared * 2 < len(lines)


_MONTHS = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*$|^(mon|tue|wed|thu|fri|sat|sun)"
)


def _opening(line: Line) -> str:
    """The first word as a list would repeat it: digits and month names folded."""
    first = re.sub(r"\W", "", line.words[0].casefold()) if line.words else ""
    first = re.sub(r"\d+", "0", first)
    return "MONTH" if _MONTHS.match(first) else first


def _unique(items: list[str]) -> list[str]:
    out, seen = [], set()
    for it in items:
        key = it.casefold()
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


class Cleaner:
    """Pipeline component: sets ``text``, ``paragraphs``, ``related`` and ``captions``."""

    name = "clean"

    def __call__(self, doc: Document) -> Document:
        links = doc.meta.get("link_lines")
        result = clean_text(doc.raw_text, doc.title, set(links) if links is not None else None)
        doc.text = result.text
        doc.paragraphs = result.paragraphs
        doc.related = result.related
        doc.captions = result.captions
        doc.meta["removed"] = [{"kind": k, "text": t} for k, t in result.removed]
        return doc


def make_cleaner(settings: Settings) -> Cleaner:
    return Cleaner()
