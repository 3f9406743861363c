"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from vigil.document import Document
from vigil.ingest import IngestError

#: Diagnostics go to stderr so stdout stays machine-readable (jsonl).
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DbOption = typer.Option(
    None,
    "--db",
    envvar="VIGIL_DB",
    help="Database URL or SQLite path (default ~/.local/share/vigil/vigil.db).",
)
WorkersOption = typer.Option(
    1, "--workers", "-w", min=1, help="Pipeline processes to run in parallel."
)


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def documents(
    paths: Iterable[Path], published: date | None, failures: list[IngestError]
) -> Iterator[Document]:
    """Documents from paths; rejected inputs are reported on stderr and collected."""
    from vigil.ingest.readers import read_paths  # trafilatura: only commands that read

    for item in read_paths(paths, published=published):
        if isinstance(item, IngestError):
            failures.append(item)
            err.print(f"[red]error[/red]: {item.source}: {item.reason}", soft_wrap=True)
            continue
        yield item


def exit_for(failures: list[IngestError]) -> None:
    if failures:
        sys.exit(1)
