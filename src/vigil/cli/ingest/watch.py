"""``vigil watch``: poll the feeds that are due, process new items, alert; until stopped."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from vigil.assess.run import parse_duration
from vigil.cli.common import DbOption, err
from vigil.cli.main import app
from vigil.registry.repo import gazetteer_sites
from vigil.settings import Settings
from vigil.store.engine import resolve_url

if TYPE_CHECKING:
    from vigil.watch.service import WatchReport


@app.command()
def watch(
    once: bool = typer.Option(False, "--once", help="Poll what is due once, work it off, exit."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes."),
    poll: bool = typer.Option(True, "--poll/--no-poll", help="--no-poll: only work the queue."),
    batch: int = typer.Option(4, "--batch", min=1, help="Jobs a worker takes at a time."),
    lease: str = typer.Option("5m", "--lease", help="How long a job stays with its worker."),
    sites: Path | None = typer.Option(None, help="YAML sites file to resolve places against."),
    db: str | None = DbOption,
) -> None:
    """Watch the feeds (`vigil feeds add`): exit status 1 if anything failed in --once mode."""
    try:
        lease_td = parse_duration(lease)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lease") from exc
    url = resolve_url(db)
    settings = Settings(sites_file=sites)
    settings.db = url
    if sites is None:
        settings.sites = gazetteer_sites(url)
    # Here, not at the top: the watch imports the feed readers (trafilatura), which
    # every other command would otherwise load at start-up.
    from vigil.watch.service import WatchOptions
    from vigil.watch.service import watch as run_watch

    options = WatchOptions(once=once, workers=workers, poll=poll, batch=batch, lease=lease_td)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]watch[/bold]"),
        TextColumn("{task.fields[line]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    task = progress.add_task("watch", total=None, line="starting")

    def on_change(report: WatchReport, jobs: dict[str, int]) -> None:
        line = (
            f"{report.polls} polls · queue {jobs['queued']} waiting, {jobs['running']} running, "
            f"{jobs['done']} done, {jobs['failed']} failed · {report.new} new · "
            f"{report.alerts} alerts"
        )
        progress.update(task, line=line)

    with progress:
        report = run_watch(url, settings, options, on_change)
    for line in report.errors[-20:]:
        err.print(f"[red]error[/red]: {escape(line)}", soft_wrap=True)
    err.print(report.summary(), highlight=False)
    if once and (report.poll_errors or report.failed):
        raise typer.Exit(1)
