"""``vigil eval ...``: accuracy measured on the public gold sets in ``../shared/eval``.

Each benchmark is its own module (``vigil.cli.eval.<name>``) adding one command
to :data:`eval_app`; the scoring itself lives in ``vigil.eval.<name>``.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from vigil.cli.main import app

eval_app = typer.Typer(help="Score vigil against public gold sets.", no_args_is_help=True)
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


# Each benchmark's module registers its command on `eval_app` when imported.
from vigil.cli.eval import acled, events, geo, html, quotes, stories  # noqa: E402,F401
