"""``vigil ingest``: read inputs, run the full pipeline, keep the records in the store.

Re-running on the same inputs is cheap and changes nothing: stored articles are
recognised by content id before any NLP. ``--dask`` hands the NLP to a Dask
cluster (a local one of ``--workers`` processes, or ``--scheduler ADDRESS``);
storing stays in this process either way (see :mod:`vigil.store.backfill`).

A document a stage fails on is stored as a failure (``vigil failures`` lists
them) and the batch goes on; ``--retry-failed`` runs the stored failures again,
from the input kept with them, once the cause is fixed.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from vigil.cli.common import DbOption, WorkersOption, err, parse_date
from vigil.cli.main import app
from vigil.ingest import IngestError
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline, StageFailure
from vigil.registry.repo import gazetteer_sites
from vigil.settings import Settings
from vigil.store import default_pipeline_version, open_store
from vigil.store.backfill import pool_runner
from vigil.store.ingest import IngestStats, failed_documents, local_runner
from vigil.store.ingest import ingest as run_ingest


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders (read recursively)."),
    db: str | None = DbOption,
    workers: int = WorkersOption,
    published: str | None = typer.Option(
        None, help="Publication date (YYYY-MM-DD) where the input gives none."
    ),
    sites: Path | None = typer.Option(
        None, help="YAML file of registered sites to resolve places against."
    ),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Documents per batch."),
    dask: bool = typer.Option(False, "--dask", help="Run the NLP on a Dask cluster (backfill)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: a local cluster)."
    ),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Also run again the documents stored as failures."
    ),
) -> None:
    """Extract every input and store its record; exit status 1 if any input failed."""
    if not paths and not retry_failed:
        raise typer.BadParameter("give files or folders to ingest, or --retry-failed")
    settings = Settings(workers=1, sites_file=sites, batch_size=batch_size)
    if db:
        settings.db = db
    names = list(DEFAULT_PIPELINE)
    store = open_store(settings.db)
    if sites is None:
        # Sites registered with `vigil sites import` join the gazetteer.
        settings.sites = gazetteer_sites(settings.db)
    from vigil.ingest.readers import read_paths

    items = read_paths(paths or [], published=parse_date(published))
    if retry_failed:
        items = chain(failed_documents(store), items)

    def on_reject(e: IngestError) -> None:
        what = "failed" if isinstance(e, StageFailure) else "rejected"
        err.print(f"[red]{what}[/red] {escape(e.source)}: {escape(e.reason)}", soft_wrap=True)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        TextColumn("{task.completed} batches · {task.fields[stats]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    task = progress.add_task("ingest", total=None, stats="starting")

    def on_batch(stats: IngestStats) -> None:
        progress.update(task, advance=1, stats=stats.summary())

    version = default_pipeline_version(names)
    try:
        with progress:
            if dask or scheduler:
                settings.workers = workers
                stats = _run_dask(store, items, settings, names, scheduler, on_reject, on_batch)
            else:
                if workers > 1:
                    runner = pool_runner(settings, names, workers)
                else:
                    runner = local_runner(lambda: Pipeline(names, settings=settings))
                stats = run_ingest(
                    store,
                    items,
                    runner,
                    batch_size=batch_size,
                    pipeline_version=version,
                    on_reject=on_reject,
                    on_batch=on_batch,
                )
    finally:
        store.close()
    err.print(f"{stats.summary()} ({store.url})", soft_wrap=True, highlight=False)
    if stats.rejected or stats.failed:
        raise typer.Exit(1)


def _run_dask(store, items, settings, names, scheduler, on_reject, on_batch) -> IngestStats:  # noqa: ANN001
    from distributed import Client

    from vigil.store.backfill import dask_runner, local_cluster

    cluster = None if scheduler else local_cluster(settings.workers)
    client = Client(scheduler or cluster)
    try:
        return run_ingest(
            store,
            items,
            dask_runner(client, settings, names),
            batch_size=settings.batch_size,
            pipeline_version=default_pipeline_version(names),
            on_reject=on_reject,
            on_batch=on_batch,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
