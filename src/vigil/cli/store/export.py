"""``vigil export``: the stored ACLED-typed events as ACLED CSV, GeoJSON or Parquet."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from vigil.cli.common import DbOption, err, parse_date
from vigil.cli.main import app
from vigil.registry.db import open_db


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.acled_csv, "--format", "-f"),
    since: str | None = typer.Option(None, "--since", help="Only events on or after YYYY-MM-DD."),
    site: str | None = typer.Option(
        None, "--site", help="Only events within this registered site's radius (name or alias)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default stdout; Parquet needs a file)."
    ),
    db: str | None = DbOption,
) -> None:
    """Write what is stored, in ACLED's columns: for ACLED tooling, GIS and data teams."""
    from vigil.export import export_rows, write
    from vigil.registry.repo import load_registry_db

    day = parse_date(since)
    if format is ExportFormat.parquet and output is None:
        err.print("[red]error[/red]: Parquet is binary: give a file with -o")
        raise typer.Exit(2)
    store = open_db(db)
    try:
        chosen = None
        if site:
            chosen = load_registry_db(store.engine).site(site)
            if chosen is None:
                err.print(f"[red]error[/red]: no registered site is called {escape(site)!r}")
                raise typer.Exit(1)
        rows = export_rows(store, day, chosen)
    finally:
        store.close()
    if output is None:
        write(format.value, rows, sys.stdout.buffer)
    else:
        with output.open("wb") as fh:
            write(format.value, rows, fh)
    err.print(f"{len(rows)} event(s) written" + (f" to {escape(str(output))}" if output else ""))
