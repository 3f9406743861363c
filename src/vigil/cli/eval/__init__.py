"""``vigil eval ...``: accuracy measured on the public gold sets in ``../shared/eval``.

Each benchmark is its own module (``vigil.cli.eval.<name>``) adding one command
to :data:`eval_app`; the scoring itself lives in ``vigil.eval.<name>``. Those
modules import the whole pipeline (spaCy, scikit-learn), so they are imported
only when an ``eval`` command is run (a :func:`~vigil.cli.lazy.lazy_typer`
group, like ``vigil`` itself): ``vigil eval --help`` and every other command
start without them.
"""

from __future__ import annotations

import os
from pathlib import Path

from vigil.cli.lazy import lazy_typer
from vigil.cli.main import app

#: Benchmark name -> (module that registers it on :data:`eval_app`, one-line help).
BENCHMARKS: dict[str, tuple[str, str]] = {
    "events": (
        "vigil.cli.eval.events",
        "Accuracy, weighted/macro F1 and per-class errors of the event coder.",
    ),
    "acled": (
        "vigil.cli.eval.acled",
        "Event type, sub-event type, actors, inter codes, place and fatalities vs ACLED.",
    ),
    "geo": (
        "vigil.cli.eval.geo",
        "Toponym P/R/F1 (span overlap), accuracy within 161 km and median error (km).",
    ),
    "html": (
        "vigil.cli.eval.html",
        "Token-shingle precision/recall/F1 and exact-match accuracy of the article body.",
    ),
    "quotes": (
        "vigil.cli.eval.quotes",
        "Precision/recall/F1 of quote content spans and speaker accuracy, vs textacy.",
    ),
    "stories": (
        "vigil.cli.eval.stories",
        "B-cubed precision/recall/F1 and adjusted Rand index of the stories vigil forms.",
    ),
}

eval_app = lazy_typer(
    BENCHMARKS, help="Score vigil against public gold sets.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")


def shared_eval_dir() -> Path:
    """``../shared/eval`` beside the checkout, or ``VIGIL_EVAL_DIR``."""
    env = os.environ.get("VIGIL_EVAL_DIR")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        cand = parent.parent / "shared" / "eval"
        if cand.is_dir():
            return cand
    return Path.cwd().parent / "shared" / "eval"
