"""``vigil extract``: the extraction record for each input, on stdout."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from vigil.cli.common import WorkersOption, documents, err, exit_for, out, parse_date
from vigil.cli.main import app
from vigil.ingest import IngestError
from vigil.pipeline import Pipeline
from vigil.places.sites import SitesFileError
from vigil.settings import Settings


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
) -> None:
    """Write the extraction record of every input document to standard output."""
    settings = Settings(workers=workers, sites_file=sites)
    failures: list[IngestError] = []
    try:
        pipeline = Pipeline(settings=settings)
    except SitesFileError as exc:  # a bad --sites file: name it and say why, no traceback
        err.print(f"[red]error[/red]: {exc.path}: {exc.reason}", soft_wrap=True)
        raise typer.Exit(2) from exc
    records = (
        d.to_record() for d in pipeline.pipe(documents(paths, parse_date(published), failures))
    )
    if format is Format.jsonl:
        for rec in records:
            out.file.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.file.flush()
    else:
        out.file.write(json.dumps(list(records), ensure_ascii=False, indent=2) + "\n")
    exit_for(failures)
