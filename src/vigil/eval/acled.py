"""Scoring vigil's ACLED row of a report against ACLED's own coders.

Each row of ``acled-dev.csv`` is one ACLED event with the short note ACLED's
coder wrote. The note goes through the pipeline as a user's report would: only
its text, with the event date as the publication date (no country, no actor,
no coordinates given). The record's ``report_acled`` row is compared with the
CSV row, field by field:

- ``event_type``, ``sub_event_type``, ``inter1``, ``inter2``, ``interaction``,
  ``geo_precision``, ``fatalities``: exact;
- ``actor1``, ``actor2``: *strict* is equality after normalising case, spacing
  and punctuation ("Military Forces of Yemen (2016-) Supreme Political Council"
  must be spelled out); *lenient* also drops a parenthesised date range and all
  that follows it, so the right institution with another period or faction
  ("Military Forces of Yemen (2012-)") counts. An empty gold actor2 is matched
  by an empty prediction only;
- location: within 50 km of ACLED's coordinates (great-circle distance).

A note without a row (the pipeline found no ACLED event, or failed) is wrong on
every field: a missing location is a wrong location.

Held-out protocol: rows with ``(data_id // 2) % 5 == 0`` are the TEST part,
never looked at while developing; the rest is DEV.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from vigil.document import Document
from vigil.eval.events import Scores, score
from vigil.events.acled.types import ACLED_TYPES
from vigil.places.acled.coded import PlaceList, using
from vigil.places.gazetteer import haversine_km

NONE = "NONE"
EVENT_TYPES: tuple[str, ...] = tuple(sorted(set(ACLED_TYPES.values())))
SUB_EVENT_TYPES: tuple[str, ...] = tuple(sorted(ACLED_TYPES))
#: The fields scored, in the order they are reported.
FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_lenient",
    "actor2",
    "actor2_lenient",
    "inter1",
    "inter2",
    "interaction",
    "location_50km",
    "geo_precision",
    "fatalities",
)
RADIUS_KM = 50.0
SPLITS = ("dev", "test", "all")


def split_of(data_id: str | int) -> str:
    """``test`` for the held-out fifth (``(data_id // 2) % 5 == 0``), else ``dev``."""
    return "test" if (int(data_id) // 2) % 5 == 0 else "dev"


def read_acled(path: Path) -> list[dict[str, str]]:
    """The CSV's rows (ACLED's export columns), each with a note."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("notes") or "").strip()]
    need = {"data_id", "event_date", "event_type", "sub_event_type", "notes"}
    if not rows or not need <= set(rows[0]):
        raise ValueError(f"{path}: no ACLED rows (expected columns {', '.join(sorted(need))})")
    return rows


def select(rows: list[dict[str, str]], split: str, limit: int | None = None) -> list[dict]:
    """The rows of ``split``; ``limit`` of them spread evenly over the file."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    chosen = [r for r in rows if split == "all" or split_of(r["data_id"]) == split]
    if limit and limit < len(chosen):
        step = len(chosen) / limit
        chosen = [chosen[int(i * step)] for i in range(limit)]
    return chosen


def event_date(text: str) -> date | None:
    """ACLED's dates: ``9-May-20`` in the public exports, ISO in the API's."""
    text = (text or "").strip()
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y", "%d-%B-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def note_document(row: dict[str, str]) -> Document:
    """What a user would hand vigil: the note's text, published on the event's date."""
    return Document(
        raw_text=row["notes"],
        source=f"acled:{row['data_id']}",
        published=event_date(row.get("event_date", "")),
        given_id=f"acled-{row['data_id']}",
    )


# -- matching ------------------------------------------------------------------------

_PUNCT = re.compile(r"[\W_]+")
_PERIOD = re.compile(r"\([^)]*\d[^)]*\).*$")


def actor_key(name: str | None, lenient: bool = False) -> str:
    """An actor name for comparison: case, spacing and punctuation folded; lenient also
    drops a parenthesised period ("(2016-)") and what follows it."""
    text = (name or "").strip()
    if lenient:
        text = _PERIOD.sub("", text)
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def field_hits(gold: dict[str, str], pred: dict[str, Any] | None) -> dict[str, bool]:
    """Which of :data:`FIELDS` the predicted row gets right (all wrong without a row)."""
    if not pred:
        return dict.fromkeys(FIELDS, False)
    hits = {
        "event_type": pred.get("event_type") == gold["event_type"],
        "sub_event_type": pred.get("sub_event_type") == gold["sub_event_type"],
    }
    for k in ("actor1", "actor2"):
        hits[k] = actor_key(pred.get(k)) == actor_key(gold.get(k))
        hits[f"{k}_lenient"] = actor_key(pred.get(k), True) == actor_key(gold.get(k), True)
    for k in ("inter1", "inter2", "interaction", "geo_precision", "fatalities"):
        g, p = _int(gold.get(k)), _int(pred.get(k))
        hits[k] = g is not None and p is not None and g == p
    glat, glon = _float(gold.get("latitude")), _float(gold.get("longitude"))
    plat, plon = _float(pred.get("latitude")), _float(pred.get("longitude"))
    hits["location_50km"] = (
        None not in (glat, glon, plat, plon) and haversine_km(glat, glon, plat, plon) <= RADIUS_KM  # type: ignore[arg-type]
    )
    return {k: hits[k] for k in FIELDS}


# -- the result ------------------------------------------------------------------------


@dataclass
class AcledScores:
    split: str
    n: int
    fields: dict[str, float]
    event_type: Scores
    sub_event_type: Scores
    failures: list[str] = field(default_factory=list)
    no_row: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "n": self.n,
            "fields": self.fields,
            "no_row": self.no_row,
            "failures": self.failures,
            "event_type": self.event_type.__dict__,
            "sub_event_type": self.sub_event_type.__dict__,
            **self.extra,
        }


def evaluate(
    rows: list[dict[str, str]],
    preds: list[dict[str, Any] | None],
    split: str = "all",
    failures: Iterable[str] = (),
) -> AcledScores:
    """Per-field accuracy and per-class P/R/F1 of the types, ``preds`` aligned with ``rows``."""
    totals = dict.fromkeys(FIELDS, 0)
    for gold, pred in zip(rows, preds, strict=True):
        for k, ok in field_hits(gold, pred).items():
            totals[k] += ok
    n = len(rows)
    gold_t = [r["event_type"] for r in rows]
    pred_t = [(p or {}).get("event_type") or NONE for p in preds]
    gold_s = [r["sub_event_type"] for r in rows]
    pred_s = [(p or {}).get("sub_event_type") or NONE for p in preds]
    return AcledScores(
        split=split,
        n=n,
        fields={k: v / max(1, n) for k, v in totals.items()},
        event_type=score(gold_t, pred_t, EVENT_TYPES),
        sub_event_type=score(gold_s, pred_s, SUB_EVENT_TYPES),
        failures=list(failures),
        no_row=sum(1 for p in preds if not p),
        extra={"gold": {"event_type": gold_t, "sub_event_type": gold_s}}
        | {"pred": {"event_type": pred_t, "sub_event_type": pred_s}},
    )


# -- running the pipeline ----------------------------------------------------------------


def code_notes(
    rows: list[dict[str, str]],
    pipeline: Any = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 32,
) -> tuple[list[dict[str, Any] | None], list[str]]:
    """Each note's ``report_acled`` row (None without one) and the failures, one line each.

    The pipeline's isolating batch API runs the notes: a note that breaks a stage
    costs only its own row."""
    from vigil.pipeline import Pipeline

    pipe = pipeline or Pipeline()
    preds: list[dict[str, Any] | None] = []
    failures: list[str] = []
    for outcome in pipe.pipe_isolated((note_document(r) for r in rows), batch_size):
        if isinstance(outcome, Document):
            preds.append(outcome.to_record().get("report_acled"))
        else:
            preds.append(None)
            failures.append(str(outcome))
        if progress:
            progress(1)
    return preds, failures


# -- the confusion picture ---------------------------------------------------------------


def confusion_png(result: AcledScores, path: Path) -> Path:
    """Event type and sub-event type confusion matrices side by side, rows = ACLED's
    label, columns = vigil's (``NONE``: no row), shaded by share of the row, counts
    written in the cells."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    gold, pred = result.extra["gold"], result.extra["pred"]
    fig, axes = plt.subplots(1, 2, figsize=(24, 11), gridspec_kw={"width_ratios": [1, 2.6]})
    for ax, key, names in (
        (axes[0], "event_type", EVENT_TYPES),
        (axes[1], "sub_event_type", SUB_EVENT_TYPES),
    ):
        g, p = gold[key], pred[key]
        rows = [lab for lab in names if lab in set(g)]
        cols = rows + sorted({x for x in p if x not in rows and x != NONE}) + [NONE]
        m = np.zeros((len(rows), len(cols)), dtype=int)
        ri, ci = {lab: i for i, lab in enumerate(rows)}, {lab: i for i, lab in enumerate(cols)}
        for a, b in zip(g, p, strict=True):
            if a in ri:
                m[ri[a], ci[b]] += 1
        share = m / np.maximum(1, m.sum(axis=1, keepdims=True))
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        for i in range(len(rows)):
            for j in range(len(cols)):
                if m[i, j]:
                    dark = share[i, j] > 0.55
                    ax.text(
                        j,
                        i,
                        str(m[i, j]),
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if dark else "black",
                    )
        ax.set_xticks(range(len(cols)), cols, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(
            range(len(rows)), [f"{r} ({m[i].sum()})" for i, r in enumerate(rows)], fontsize=8
        )
        sc: Scores = getattr(result, key)
        ax.set_title(f"{key}: accuracy {sc.accuracy:.3f}, macro-F1 {sc.macro_f1:.3f}")
        ax.set_xlabel("vigil")
        ax.set_ylabel("ACLED coders")
    fig.suptitle(f"vigil vs ACLED, {result.split} split, n={result.n}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- cross-validation of the learnt type model ------------------------------------------


def training_notes(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(CASE code, note) pairs the ACLED type model learns from; DEV rows only, always:
    a TEST row given here is refused, so no model can be trained on the held-out part."""
    from vigil.events.acled.types import CASE_CODES

    if any(split_of(r["data_id"]) == "test" for r in rows):
        raise ValueError("training_notes: TEST rows are held out and never trained on")
    return [
        (CASE_CODES[r["sub_event_type"]], r["notes"])
        for r in rows
        if r["sub_event_type"] in CASE_CODES
    ]


def fold_places(rows: list[dict[str, str]], held: set[int]) -> PlaceList:
    """The coded-place list a fold codes with: learnt from the other folds' rows only (the
    fold's own rows never reach it), DEV rows only, as :func:`training_notes`."""
    if any(split_of(r["data_id"]) == "test" for r in rows):
        raise ValueError("fold_places: TEST rows are held out and never learnt from")
    return PlaceList.from_rows(r for i, r in enumerate(rows) if i not in held)


def cross_validate(
    rows: list[dict[str, str]],
    k: int,
    case_texts: list[str],
    case_labels: list[str],
    progress: Callable[[int], None] | None = None,
) -> tuple[list[dict[str, Any] | None], list[str]]:
    """Each DEV note coded by a type model and a coded-place list that never saw it: ``k``
    folds, each fold's model trained as the packaged one is (CASE, vigil's written text,
    and the other folds' notes), its place list learnt from the other folds' rows. The stages before ``events`` run once; ``events`` and what follows
    run per fold with that fold's model."""
    from vigil.eval.events import folds
    from vigil.events.acled.training import _encode, build_acled_model
    from vigil.events.acled.types import AcledClassifier, vector_features
    from vigil.events.coder import EventCoder
    from vigil.language.embeddings import load_encoder
    from vigil.pipeline import DEFAULT_PIPELINE, Pipeline
    from vigil.settings import Settings

    settings = Settings()
    names = list(settings.pipeline or DEFAULT_PIPELINE)
    cut = names.index("events")
    before, after = Pipeline(names[:cut], settings), Pipeline(names[cut:], settings)
    docs = list(before.pipe_isolated(note_document(r) for r in rows))
    encoder = load_encoder(settings.encoder)
    vectors = None
    if encoder is not None:
        vectors = np.stack([vector_features(v) for v in _encode(case_texts, encoder)])
    notes = training_notes(rows)
    codes = [code for code, _ in notes]
    if len(codes) != len(rows):
        raise ValueError("cross_validate: a row's sub-event type is not one of ACLED's")
    preds: list[dict[str, Any] | None] = [None] * len(rows)
    failures = [str(d) for d in docs if not isinstance(d, Document)]
    for test in folds(codes, k):
        held = set(test)
        model = build_acled_model(
            case_texts,
            case_labels,
            vectors,
            encoder,
            notes=[n for i, n in enumerate(notes) if i not in held],
        )
        after.components[0] = EventCoder(classifier=AcledClassifier(model))
        alive = [i for i in test if isinstance(docs[i], Document)]
        with using(fold_places(rows, held)):
            outcomes = list(after.run_batch([docs[i] for i in alive]))
        for i, outcome in zip(alive, outcomes, strict=True):
            if isinstance(outcome, Document):
                preds[i] = outcome.to_record().get("report_acled")
            else:
                failures.append(str(outcome))
        if progress:
            progress(len(test))
    return preds, failures
