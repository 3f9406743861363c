"""``vigil assess``: each site's level, posture, score and reasons, from stored events."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from vigil.alert.service import process
from vigil.assess.report.explain import render_json, render_text
from vigil.assess.run import assess_stored
from vigil.cli.assess.options import registry_for, weights_and_window
from vigil.cli.common import DbOption, err, out, parse_date
from vigil.cli.main import app
from vigil.registry.db import open_db
from vigil.settings import Settings


class AssessFormat(StrEnum):
    text = "text"
    json = "json"


def today() -> str:
    return datetime.now(UTC).date().isoformat()


@app.command()
def assess(
    site: str | None = typer.Option(None, "--site", help="Only this site (name or alias)."),
    at: str | None = typer.Option(None, "--at", help="Assess as of this date (default today)."),
    window: str | None = typer.Option(
        None, "--window", help="Rolling window, e.g. 14d (default from weights)."
    ),
    format: AssessFormat = typer.Option(AssessFormat.text, "--format", "-f"),
    sites_file: Path | None = typer.Option(
        None, "--sites", help="Registry file to assess instead of the registered sites."
    ),
    weights_file: Path | None = typer.Option(
        None, "--weights", help="Weights YAML (default: built-in)."
    ),
    top: int = typer.Option(3, "--top", min=1, help="Reasons per site in text output."),
    record: bool = typer.Option(
        True, "--record/--no-record", help="Keep the assessment in history and raise alerts."
    ),
    deliver: bool = typer.Option(
        False, "--deliver", help="Send the alerts raised now (and any pending) at once."
    ),
    db: str | None = DbOption,
) -> None:
    """Print, for each site and presence, the level (1-5), posture, score and reasons."""
    weights, days = weights_and_window(weights_file, window)
    when = parse_date(at or today())
    store = open_db(db)
    try:
        reg = registry_for(sites_file, store)
        if not reg.sites and not reg.presence:
            err.print("no sites registered: run `vigil sites import FILE` or pass --sites FILE")
            raise typer.Exit(1)
        results = assess_stored(store, reg, when, weights, days, site)
        if site and not results:
            err.print(f"[red]error[/red]: no registered site is called {escape(site)!r}")
            raise typer.Exit(1)
        if record:
            new = process(store.engine, results)
            if new and not deliver:
                err.print(f"{len(new)} new alert(s) queued; `vigil alerts deliver` sends them")
            if deliver:
                allow = Settings().allow_private_urls
                from vigil.alert import delivery  # the senders only when delivering

                report = delivery.deliver(
                    store.engine, delivery.default_sender(allow_private=allow)
                )
                err.print(
                    f"{len(new)} new alert(s); {report.delivered} delivered, "
                    f"{report.failed} failed, {report.pending} pending"
                )
    finally:
        store.close()
    if format is AssessFormat.json:
        out.file.write(render_json(results))
    else:
        out.file.write(render_text(results, top))
