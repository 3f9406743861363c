"""``vigil replay``: when each site's level would have changed, over stored articles."""

from __future__ import annotations

import json
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from vigil.assess.replay import replay as run_replay
from vigil.assess.report.chart import write_chart
from vigil.assess.source import records_from_store
from vigil.cli.assess.options import registry_for, weights_and_window
from vigil.cli.common import DbOption, err, out, parse_date
from vigil.cli.main import app
from vigil.registry.db import open_db


class ReplayFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def replay(
    start: str = typer.Option(..., "--from", help="First day (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last day (YYYY-MM-DD)."),
    site: str | None = typer.Option(None, "--site", help="Only this site."),
    window: str | None = typer.Option(None, "--window", help="Rolling window, e.g. 14d."),
    chart: Path | None = typer.Option(
        None, "--chart", help="Write the level timeline here (.png/.svg)."
    ),
    sites_file: Path | None = typer.Option(
        None, "--sites", help="Registry file instead of the registered sites."
    ),
    weights_file: Path | None = typer.Option(None, "--weights"),
    format: ReplayFormat = typer.Option(ReplayFormat.text, "--format", "-f"),
    db: str | None = DbOption,
) -> None:
    """Re-run the assessment day by day over stored articles in publication order."""
    weights, days = weights_and_window(weights_file, window)
    first, last = parse_date(start), parse_date(end)
    assert first and last
    if last < first:
        raise typer.BadParameter(f"--to {last} is before --from {first}")
    store = open_db(db)
    try:
        reg = registry_for(sites_file, store)
        records = records_from_store(store, since=first - timedelta(days=2 * days), until=last)
    finally:
        store.close()
    if not reg.sites and not reg.presence:
        err.print("no sites registered: run `vigil sites import FILE` or pass --sites FILE")
        raise typer.Exit(1)
    result = run_replay(records, reg, first, last, weights, days, site)
    if format is ReplayFormat.json:
        doc = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "changes": [
                {
                    "day": c.day.isoformat(),
                    "subject": c.subject,
                    "type": c.subject_type,
                    "from_level": c.old,
                    "to_level": c.new,
                    "posture": c.posture,
                    "score": c.score,
                    "why": c.why,
                }
                for c in result.changes
            ],
            "timeline": {
                k: [[d.isoformat(), lv] for d, lv in v] for k, v in result.timeline.items()
            },
        }
        out.file.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        out.file.write(f"Replay {first} .. {last}: {result.steps} steps, {len(records)} events\n")
        for c in result.changes:
            out.file.write(c.line() + "\n")
        if not result.changes:
            out.file.write("No level changes.\n")
    if chart:
        try:
            write_chart(
                result.of_kind("site"),
                chart,
                f"Replay {first} .. {last}: site level",
                presence=result.of_kind("presence"),
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        err.print(f"chart written to {escape(str(chart))}")
