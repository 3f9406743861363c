"""Scoring quote attribution on PolNeAR (brat standoff: Source, Cue, Content).

Matching rule (documented because attribution papers differ): spans are
compared as sets of *word tokens* (``\\w+``), so quote marks and punctuation
never decide a match. A predicted content span matches a gold one when they
share at least 80% of the shorter span's tokens (the rule of the founding
gold file, close to PARC/PolNeAR "partial match" scoring but stricter than
any-overlap); pairs are matched one-to-one, greedily by overlap. We also
report the lenient any-overlap match, as PARC-style papers do.

Speaker: for a matched pair whose gold attribution has a Source, the speaker
is right when the predicted speaker mention overlaps the gold Source span, or
the entity it resolves to has a mention overlapping it (same entity).
"Attribution" P/R/F1 counts a prediction as correct only when both the content
matches and (where gold has a source) the speaker is right.

Baseline: textacy's ``direct_quotations`` on the same spaCy parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vigil.document import Document

_WORD = re.compile(r"\w+")
_MARKS = "\"'\u201c\u201d\u2018\u2019"
MATCH_SHARE = 0.8


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)

    def is_direct(self, text: str) -> bool:
        """A direct quote: its content opens with a quote mark, inside or just outside it."""
        s = min(a for a, _ in self.content)
        return bool(text[s : s + 1]) and text[s] in _MARKS or (s > 0 and text[s - 1] in _MARKS)


@dataclass
class Prediction:
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    speaker_mentions: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "direct"


@dataclass
class Article:
    name: str
    text: str
    gold: list[GoldAttribution]


def _spans(field_: str) -> list[tuple[int, int]]:
    out = []
    for part in field_.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Attributions of one brat file: relations ``E`` tie Content/Source/Cue text-bound ``T``s."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        if cols[0].startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            try:
                spans[cols[0]] = (label, _spans(offsets))
            except ValueError:
                continue
        elif cols[0].startswith("E") and len(cols) >= 2:
            roles: dict[str, list[str]] = {}
            for arg in cols[1].split():
                role, _, tid = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
            relations.append(roles)
    out = []
    for rel in relations:
        content = [s for t in rel.get("Content", []) if t in spans for s in spans[t][1]]
        if not content:
            continue
        source = [s for t in rel.get("Source", []) if t in spans for s in spans[t][1]]
        cue = [s for t in rel.get("Cue", []) if t in spans for s in spans[t][1]]
        out.append(GoldAttribution(content, source, cue))
    return out


def load_split(root: Path, split: str = "dev", limit: int | None = None) -> list[Article]:
    """One annotation per article (the first annotator's, by file name), with its text."""
    folder = root / split
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no PolNeAR split {split!r} here")
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    arts = []
    for name, ann in sorted(chosen.items()):
        txt = folder / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        arts.append(Article(name, txt.read_text(encoding="utf-8"), parse_ann(ann.read_text())))
        if limit and len(arts) >= limit:
            break
    return arts


class Tokens:
    """Word-token indices of a text, to compare spans as token sets."""

    def __init__(self, text: str):
        self.starts = [m.start() for m in _WORD.finditer(text)]

    def of(self, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
        import bisect

        out: set[int] = set()
        for s, e in spans:
            lo = bisect.bisect_left(self.starts, s)
            hi = bisect.bisect_left(self.starts, e)
            out.update(range(lo, hi))
        return frozenset(out)


@dataclass
class Score:
    system: str
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    matched_any: int = 0
    with_source: int = 0
    speaker_right: int = 0
    correct: int = 0  # content matched and speaker right (or no gold source)

    @staticmethod
    def prf(hit: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = hit / pred if pred else 0.0
        r = hit / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def as_dict(self) -> dict[str, float | int | str]:
        p, r, f = self.prf(self.matched, self.predicted, self.gold)
        pa, ra, fa = self.prf(self.matched_any, self.predicted, self.gold)
        pc, rc, fc = self.prf(self.correct, self.predicted, self.gold)
        return {
            "system": self.system,
            "predicted": self.predicted,
            "gold": self.gold,
            "content_p": round(p, 4),
            "content_r": round(r, 4),
            "content_f1": round(f, 4),
            "any_overlap_f1": round(fa, 4),
            "speaker_acc": round(self.speaker_right / self.with_source, 4)
            if self.with_source
            else 0.0,
            "attribution_p": round(pc, 4),
            "attribution_r": round(rc, 4),
            "attribution_f1": round(fc, 4),
        }


def score_article(
    score: Score, text: str, gold: list[GoldAttribution], preds: list[Prediction]
) -> None:
    """Add one article's counts: greedy one-to-one matching by token overlap."""
    toks = Tokens(text)
    gsets = [toks.of(g.content) for g in gold]
    psets = [toks.of([p.content]) for p in preds]
    score.gold += sum(1 for g in gsets if g)
    score.predicted += sum(1 for p in psets if p)
    pairs = []
    for i, ps in enumerate(psets):
        for j, gs in enumerate(gsets):
            inter = len(ps & gs)
            if inter:
                pairs.append((inter / min(len(ps), len(gs)), inter, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    any_p: set[int] = set()
    any_g: set[int] = set()
    for share, _, i, j in pairs:
        if i not in any_p and j not in any_g:
            any_p.add(i)
            any_g.add(j)
            score.matched_any += 1
        if share < MATCH_SHARE or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        score.matched += 1
        g, p = gold[j], preds[i]
        if not g.source:
            score.correct += 1
            continue
        score.with_source += 1
        src = toks.of(g.source)
        cands = ([p.speaker] if p.speaker else []) + p.speaker_mentions
        if any(toks.of([c]) & src for c in cands):
            score.speaker_right += 1
            score.correct += 1


def vigil_predictions(doc: Document) -> list[Prediction]:
    out = []
    for q in doc.quotes:
        mentions: list[tuple[int, int]] = []
        if q.speaker is not None and q.speaker.entity:
            ent = doc.entity(q.speaker.entity)
            if ent is not None:
                mentions = [(m.start, m.end) for m in ent.mentions]
        sp = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None
        out.append(Prediction((q.start, q.end), sp, mentions, q.kind))  # type: ignore[arg-type]
    return out


def textacy_predictions(doc: Document) -> list[Prediction]:
    """textacy's rule-based direct quotations on the same parse (speaker = its token list)."""
    from textacy.extract.triples import direct_quotations

    out = []
    assert doc.spacy is not None
    try:
        triples = list(direct_quotations(doc.spacy))
    except Exception:  # textacy raises on some unbalanced quote layouts
        return out
    for t in triples:
        content = (t.content.start_char, t.content.end_char)
        sp = None
        if t.speaker:
            s = min(tok.idx for tok in t.speaker)
            e = max(tok.idx + len(tok) for tok in t.speaker)
            sp = (s, e)
        out.append(Prediction(content, sp, [], "direct"))
    return out


def evaluate(
    articles: list[Article],
    run: Callable[[Iterable[Document]], Iterator[Document]],
    progress: Callable[[], None] | None = None,
) -> dict[str, dict[str, Score]]:
    """Scores of vigil and textacy, on all attributions and on gold direct quotes only."""
    scores = {
        "all": {"vigil": Score("vigil"), "textacy": Score("textacy")},
        "direct": {"vigil": Score("vigil"), "textacy": Score("textacy")},
    }
    docs = (Document(raw_text=a.text, source=a.name, given_id=a.name) for a in articles)
    for art, doc in zip(articles, run(docs), strict=True):
        ours = vigil_predictions(doc)
        theirs = textacy_predictions(doc)
        score_article(scores["all"]["vigil"], art.text, art.gold, ours)
        score_article(scores["all"]["textacy"], art.text, art.gold, theirs)
        direct_gold = [g for g in art.gold if g.is_direct(art.text)]
        ours_direct = [p for p in ours if p.kind == "direct"]
        score_article(scores["direct"]["vigil"], art.text, direct_gold, ours_direct)
        score_article(scores["direct"]["textacy"], art.text, direct_gold, theirs)
        if progress:
            progress()
    return scores
