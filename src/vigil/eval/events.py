"""Scoring the event coder: ACLED sub-event types on CASE 2021 task 2, PLOVER on the GSR.

CASE: each snippet goes through the pipeline; the answer is the ACLED
sub-event type of its highest-confidence event that has one (mapped to the
CASE code), or ``NONE``. Gold labels outside ACLED (disasters, crime,
diplomacy, attribution) expect ``NONE``. The ACLED text model is trained on
this very set, so the honest score is k-fold cross-validated: each fold's
snippets are coded by a model trained on the other folds only.

PLOVER: each gold-standard sentence is coded; the highest-confidence event's
category is compared with the gold category (old GSR names mapped as the
PLOVER manual's CAMEO table does), and its actor with the gold source actor.
"""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.document import Document
from vigil.events.acled.training import build_acled_model
from vigil.events.acled.types import CASE_CODES, AcledClassifier
from vigil.events.coder import EventCoder, report_acled, report_vectors

ACLED_CODES: tuple[str, ...] = tuple(sorted(CASE_CODES.values()))
NONE = "NONE"
#: Old GSR category names -> PLOVER's sixteen (manual, CAMEO conversion table).
GSR_CATEGORY = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


@dataclass
class Labelled:
    id: str
    text: str
    label: str


def read_case(path: Path) -> list[Labelled]:
    """Rows of the CASE task 2 TSV (``id``, ``EventSnippet``, ``SubType``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = [
        Labelled(r["id"], r["EventSnippet"], r["SubType"].strip())
        for r in rows
        if r.get("EventSnippet")
    ]
    if not out:
        raise ValueError(f"{path}: no snippets (expected columns id, EventSnippet, SubType)")
    return out


def gold_code(label: str) -> str:
    return label if label in ACLED_CODES else NONE


def predict_code(doc: Document, clf: AcledClassifier | None = None) -> str:
    """The CASE code of the snippet: with a text model, :func:`report_subtype` over the
    coder's events and the model's reading of the whole snippet; without one, the
    highest-confidence ACLED-typed event; NONE if neither finds an ACLED type."""
    typed = [e for e in doc.events if e.acled and e.factual]
    if clf is not None:
        # The same function the events stage fills `report_acled` with, on this fold's model.
        rec = report_acled(doc, clf)
        return CASE_CODES.get(rec["sub_event_type"], NONE) if rec else NONE
    if not typed:
        return NONE
    best = max(typed, key=lambda e: e.confidence)
    return CASE_CODES.get(best.acled["sub_event_type"], NONE)


@dataclass
class Scores:
    n: int
    accuracy: float
    weighted_f1: float
    macro_f1: float
    per_class: list[dict[str, Any]] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def score(gold: list[str], pred: list[str], labels: Iterable[str]) -> Scores:
    """Accuracy over all items; weighted/macro F1 and P/R/F1 per class over ``labels``."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    labels = [lab for lab in labels if lab in set(gold)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
        wf = f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)
        mf = f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
    confusion: dict[str, dict[str, int]] = {}
    for g, q in zip(gold, pred, strict=True):
        if g != q:
            confusion.setdefault(g, {}).setdefault(q, 0)
            confusion[g][q] += 1
    per = [
        {
            "label": lab,
            "precision": float(pi),
            "recall": float(ri),
            "f1": float(fi),
            "support": int(si),
        }
        for lab, pi, ri, fi, si in zip(labels, p, r, f, s, strict=True)
    ]
    acc = sum(g == q for g, q in zip(gold, pred, strict=True)) / max(1, len(gold))
    return Scores(len(gold), acc, float(wf), float(mf), per, confusion)


def prepare(
    texts: list[str], stages: list[str], progress: Callable[[int], None] | None = None
) -> list[Document]:
    """Run the pipeline up to (not including) events over plain snippets, once."""
    from vigil.pipeline import Pipeline

    pipe = Pipeline(stages)
    docs = [
        Document(raw_text=t, source=f"snippet:{i}", given_id=str(i)) for i, t in enumerate(texts)
    ]
    out = []
    for d in pipe.pipe(docs):
        out.append(d)
        if progress:
            progress(1)
    return out


def folds(labels: list[str], k: int, seed: int = 0) -> list[list[int]]:
    """Stratified k folds of indices (classes rarer than k spread round-robin)."""
    import random

    rng = random.Random(seed)
    by: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by.setdefault(lab, []).append(i)
    out: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for lab in sorted(by):
        idx = by[lab]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            out[(j + offset) % k].append(i)
        offset += len(idx)
    return out


def evaluate_case(
    docs: list[Document],
    rows: list[Labelled],
    cv: int = 0,
    classifier: AcledClassifier | None = None,
    progress: Callable[[int], None] | None = None,
    notes: list[tuple[str, str]] | None = None,
) -> Scores:
    """Score the coder on prepared CASE snippets; ``cv`` > 1 trains one model per fold,
    each also on ``notes`` (ACLED's DEV notes, as the packaged model is trained)."""
    gold = [gold_code(r.label) for r in rows]
    pred = [NONE] * len(rows)
    text_pred = [NONE] * len(rows)
    texts = [r.text for r in rows]
    vectors = report_vectors_of(docs)
    if cv and cv > 1:
        from vigil.language.embeddings import load_encoder
        from vigil.settings import Settings

        encoder = load_encoder(Settings().encoder) if vectors is not None else None
        parts = folds([r.label for r in rows], cv)
        for test in parts:
            held = set(test)
            train = [i for i in range(len(rows)) if i not in held]
            model = build_acled_model(
                [texts[i] for i in train],
                [rows[i].label for i in train],
                vectors[train] if vectors is not None else None,
                encoder,
                notes=notes,
            )
            clf = AcledClassifier(model)
            coder = EventCoder(classifier=clf)
            test_x = vectors[test] if vectors is not None else None
            for i, code in zip(
                test, clf.predict_codes([texts[i] for i in test], test_x), strict=True
            ):
                text_pred[i] = gold_code(code)
            for i in test:
                pred[i] = predict_code(coder(_fresh(docs[i])), clf)
                if progress:
                    progress(1)
    else:
        coder = EventCoder(classifier=classifier if classifier is not None else True)
        if coder.clf is not None:
            for i, code in enumerate(coder.clf.predict_codes(texts, vectors)):
                text_pred[i] = gold_code(code)
        for i, d in enumerate(docs):
            pred[i] = predict_code(coder(_fresh(d)), coder.clf)
            if progress:
                progress(1)
    result = score(gold, pred, ACLED_CODES)
    text = score(gold, text_pred, ACLED_CODES)
    result.extra = {
        "cv": cv,
        "text_model_only": {
            "accuracy": text.accuracy,
            "weighted_f1": text.weighted_f1,
            "macro_f1": text.macro_f1,
        },
        "none_predicted": sum(p == NONE for p in pred),
        "none_gold": sum(g == NONE for g in gold),
    }
    return result


def report_vectors_of(docs: list[Document]) -> Any:
    """Every document's vector-reader input stacked, or ``None`` if any lacks vectors."""
    import numpy as np

    rows = [report_vectors(d) for d in docs]
    if not rows or any(r is None for r in rows):
        return None
    return np.vstack(rows)


def _fresh(doc: Document) -> Document:
    doc.events = []
    return doc


# -- PLOVER gold standard records ---------------------------------------------------


def read_gsr(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for rec in data:
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        rec = dict(rec)
        rec["category"] = GSR_CATEGORY.get(rec["event"], rec["event"])
        out.append(rec)
    return out


def _names(actors: Any) -> list[str]:
    if not actors or not isinstance(actors, list):
        return []
    return [str(a.get("actorText", "")).lower() for a in actors if isinstance(a, dict)]


def _match(ours: str | None, gold: list[str]) -> bool:
    if not ours:
        return False
    o = ours.lower()
    return any(g and (g in o or o in g) for g in gold)


def evaluate_plover(docs: list[Document], recs: list[dict[str, Any]]) -> dict[str, Any]:
    """Category accuracy of the top event; actor/recipient match where gold names one."""
    coder = EventCoder()
    gold_cats, pred_cats = [], []
    actor_hits = actor_n = recip_hits = recip_n = found = 0
    for doc, rec in zip(docs, recs, strict=True):
        events = [e for e in coder(_fresh(doc)).events if e.factual]
        best = max(events, key=lambda e: e.confidence) if events else None
        gold_cats.append(rec["category"])
        pred_cats.append(best.category if best else NONE)
        if best is None:
            continue
        found += 1
        src, tgt = _names(rec.get("source")), _names(rec.get("target"))
        if src:
            actor_n += 1
            actor_hits += _match(best.actor[0].name if best.actor else None, src)
        if tgt:
            recip_n += 1
            recip_hits += _match(best.recipient[0].name if best.recipient else None, tgt)
    from vigil.events.lexicon import CATEGORIES

    s = score(gold_cats, pred_cats, CATEGORIES)
    return {
        "n": len(recs),
        "with_event": found,
        "category_accuracy": s.accuracy,
        "category_macro_f1": s.macro_f1,
        "category_weighted_f1": s.weighted_f1,
        "actor_match": actor_hits / max(1, actor_n),
        "actor_n": actor_n,
        "recipient_match": recip_hits / max(1, recip_n),
        "recipient_n": recip_n,
        "per_class": s.per_class,
        "confusion": s.confusion,
    }


def plover_text_model_cv(recs: list[dict[str, Any]], k: int = 5) -> float | None:
    """Cross-validated category accuracy of a TF-IDF text model on the GSR sentences alone
    (the learned alternative to the lexicon coder; ``None`` if too few categories)."""
    texts = [r["text"] for r in recs]
    labels = [r["category"] for r in recs]
    if len(set(labels)) < 2 or len(recs) < 2 * k:
        return None
    hits = 0
    for test in folds(labels, k):
        held = set(test)
        train = [i for i in range(len(recs)) if i not in held]
        if len({labels[i] for i in train}) < 2:
            return None
        model = build_acled_model(
            [texts[i] for i in train], [labels[i] for i in train], with_written=False
        )
        pred = AcledClassifier(model).predict_codes([texts[i] for i in test])
        hits += sum(p == labels[i] for p, i in zip(pred, test, strict=True))
    return round(hits / max(1, len(recs)), 3)
