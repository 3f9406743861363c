"""Option handling shared by the commands that assess (assess, brief, replay).

They all take a weights file, a window and either a registry file or the
registry in the database; the errors users see for bad values are the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from vigil.assess.config import load_weights
from vigil.assess.run import window_days
from vigil.cli.common import err
from vigil.registry.io import RegistryFileError, load_registry
from vigil.registry.repo import load_registry_db


def weights_and_window(weights_file: Path | None, window: str | None) -> tuple[Any, int]:
    """The assessment weights and the window in days; a bad value is a usage error."""
    try:
        weights = load_weights(weights_file)
        return weights, window_days(window, weights)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def registry_for(sites_file: Path | None, store: Any) -> Any:
    """The registry from ``--sites FILE`` if given, else the one in the database."""
    if not sites_file:
        return load_registry_db(store.engine)
    try:
        return load_registry(sites_file)
    except RegistryFileError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc
