"""``vigil extract``: the extraction record for each input, on stdout.

Every input yields a record on stdout or one line on stderr, never a traceback:
an unreadable input is named with the reason (``SOURCE: reason``), and a
document a stage fails on is named with the stage (``SOURCE: stage NAME failed:
Type: message``) while the rest of the batch goes on. Exit status 1 if any did.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from vigil.cli.common import WorkersOption, documents, err, exit_for, out, parse_date
from vigil.cli.main import app
from vigil.ingest import IngestError
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline, StageFailure
from vigil.places.sites import SitesFileError, load_sites_file
from vigil.settings import Settings
from vigil.store.backfill import pool_runner
from vigil.store.ingest import batched, local_runner


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files or folders (read recursively)."),
    format: Format = typer.Option(
        Format.jsonl, "--format", "-f", help="jsonl: one record a line; json: pretty."
    ),
    published: str | None = typer.Option(
        None, help="Publication date (YYYY-MM-DD) where the input gives none."
    ),
    sites: Path | None = typer.Option(
        None, help="YAML file of registered sites to resolve places against."
    ),
    workers: int = WorkersOption,
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Documents per batch."),
) -> None:
    """Write the extraction record of every input document to standard output."""
    settings = Settings(workers=1, sites_file=sites, batch_size=batch_size)
    failures: list[IngestError] = []
    if sites is not None:
        try:
            load_sites_file(sites)
        except SitesFileError as exc:  # a bad --sites file: name it and say why, no traceback
            err.print(f"[red]error[/red]: {exc.path}: {exc.reason}", soft_wrap=True)
            raise typer.Exit(2) from exc
    if workers > 1:
        runner = pool_runner(settings, DEFAULT_PIPELINE, workers)
    else:
        runner = local_runner(lambda: Pipeline(settings=settings))
    batches = batched(documents(paths, parse_date(published), failures), batch_size)
    collected: list[dict] = []
    for results in runner(batches):
        for res in results:
            if not isinstance(res, IngestError):
                try:
                    line = json.dumps(res, ensure_ascii=False)
                except (TypeError, ValueError) as exc:  # a value JSON cannot hold
                    res = StageFailure.of_record(res, "record", exc)
            if isinstance(res, IngestError):
                failures.append(res)
                err.print(f"[red]error[/red]: {escape(str(res))}", soft_wrap=True)
            elif format is Format.jsonl:
                out.file.write(line + "\n")
                out.file.flush()
            else:
                collected.append(res)
    if format is Format.json:
        out.file.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    exit_for(failures)
