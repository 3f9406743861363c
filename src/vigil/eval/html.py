"""Article-body extraction scored the way scrapinghub's article-extraction-benchmark does.

The benchmark (github.com/scrapinghub/article-extraction-benchmark, ``evaluate.py``)
compares an extracted body with the gold ``articleBody`` on bags of *shingles*: runs
of 4 consecutive ``\\w+`` tokens (case kept). Per page it counts true positives, false
positives and false negatives over the shingle multisets and normalises them to sum
to 1, so long pages weigh no more than short ones. Precision and recall are then
averaged over pages, F1 is the harmonic mean of those averages, and "accuracy" is
the share of pages whose token sequence matches the gold exactly. We re-implement
that definition here (no code copied) so the numbers are comparable with the
benchmark's published table.

Three systems are scored in the same run: bare ``trafilatura.extract`` with its
default options (the baseline), vigil's ingest alone (its extraction options,
no cleaning) and vigil's ingest + ``clean`` (what the pipeline really sees).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def tokenize(text: str | None) -> list[str]:
    """The benchmark's tokeniser: maximal runs of word characters."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n is one short shingle."""
    toks = tokenize(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        sh = tuple(toks[i : i + n])
        if sh:
            out[sh] += 1
    return out


@dataclass(frozen=True)
class PageScore:
    """Normalised (tp, fp, fn) of one page, plus exact token match."""

    key: str
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None  # nothing predicted and nothing expected: page not counted
        return _precision(self.tp, self.fp, self.fn)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        return _recall(self.tp, self.fp, self.fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score_page(key: str, gold: str | None, pred: str | None) -> PageScore:
    """Shingle-bag match of one page, normalised so that tp + fp + fn = 1."""
    g, p = shingles(gold), shingles(pred)
    tp = fp = fn = 0.0
    for sh in g.keys() | p.keys():
        gc, pc = g.get(sh, 0), p.get(sh, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(key, tp, fp, fn, tokenize(gold) == tokenize(pred))


@dataclass
class SystemScore:
    """One system's benchmark numbers over all pages."""

    name: str
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: list[PageScore] = field(default_factory=list)

    def summary(self) -> dict[str, float | str | int]:
        return {
            "name": self.name,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "accuracy": round(self.accuracy, 4),
            "pages": len(self.pages),
        }


def aggregate(name: str, pages: list[PageScore]) -> SystemScore:
    """Mean precision and recall over pages, F1 of the means, exact-match accuracy."""
    precs = [p.precision for p in pages if p.precision is not None]
    recs = [p.recall for p in pages if p.recall is not None]
    prec = statistics.mean(precs) if precs else 0.0
    rec = statistics.mean(recs) if recs else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    acc = statistics.mean(float(p.exact) for p in pages) if pages else 0.0
    return SystemScore(name, prec, rec, f1, acc, pages)


@dataclass(frozen=True)
class GoldPage:
    key: str
    path: Path
    body: str
    url: str | None


def load_gold(eval_dir: Path, limit: int | None = None) -> list[GoldPage]:
    """The benchmark's pages (``pages/KEY.html.gz``) with their gold bodies, sorted by key."""
    truth = json.loads((eval_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = eval_dir / "pages" / f"{key}.html.gz"
        if path.exists():
            item = truth[key]
            pages.append(GoldPage(key, path, item.get("articleBody") or "", item.get("url")))
    return pages[:limit] if limit else pages


Extractor = Callable[[GoldPage], str | None]


def bare_trafilatura(page: GoldPage) -> str | None:
    """The baseline: ``trafilatura.extract`` with its default options."""
    import trafilatura

    with gzip.open(page.path, "rt", encoding="utf-8") as fh:
        html = fh.read()
    return trafilatura.extract(html)


@lru_cache(maxsize=4)
def _ingested(path: Path):
    """The page read by vigil's ingest (cached: two systems below share one read)."""
    from vigil.ingest import IngestError, read_paths

    items = list(read_paths([path]))
    return None if not items or isinstance(items[0], IngestError) else items[0]


def vigil_raw(page: GoldPage) -> str | None:
    """vigil's ingest alone (its trafilatura options, no cleaning): isolates the cleaner's share."""
    doc = _ingested(page.path)
    return doc.raw_text if doc else None


def vigil_ingest(page: GoldPage) -> str | None:
    """vigil's path: ``read_paths`` on the page, then the ``clean`` component."""
    from vigil.ingest.clean.cleaner import Cleaner

    doc = _ingested(page.path)
    return Cleaner()(doc).text if doc else None


SYSTEMS: dict[str, Extractor] = {
    "trafilatura": bare_trafilatura,
    "vigil-raw": vigil_raw,
    "vigil": vigil_ingest,
}


def evaluate(
    pages: list[GoldPage],
    systems: dict[str, Extractor] | None = None,
    progress: Callable[[Iterable[GoldPage]], Iterable[GoldPage]] | None = None,
) -> list[SystemScore]:
    """Score every system on every page (one pass over the pages)."""
    systems = systems or SYSTEMS
    per: dict[str, list[PageScore]] = {name: [] for name in systems}
    for page in progress(pages) if progress else pages:
        for name, extract in systems.items():
            per[name].append(score_page(page.key, page.body, extract(page)))
    return [aggregate(name, scores) for name, scores in per.items()]
