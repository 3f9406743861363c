"""``vigil eval ...``: accuracy measured on the public gold sets in ``../shared/eval``.

Each benchmark is its own module (``vigil.cli.eval.<name>``) adding one command
to :data:`eval_app`; the scoring itself lives in ``vigil.eval.<name>``. Those
modules import the whole pipeline (spaCy, scikit-learn), so they are imported
only when an ``eval`` command is listed or run (:class:`_Benchmarks`): every
other command starts without them.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click
import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info

from vigil.cli.main import app

#: The benchmark modules; each registers one command on :data:`eval_app` when imported.
BENCHMARKS = ("acled", "events", "geo", "html", "quotes", "stories")


class _Benchmarks(TyperGroup):
    """The ``eval`` group, whose commands are imported the first time they are asked for."""

    def _load(self) -> None:
        if self.commands:
            return
        for name in BENCHMARKS:
            importlib.import_module(f"vigil.cli.eval.{name}")
        for info in eval_app.registered_commands:
            cmd = get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode
            )
            self.add_command(cmd)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)


eval_app = typer.Typer(
    help="Score vigil against public gold sets.", no_args_is_help=True, cls=_Benchmarks
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
