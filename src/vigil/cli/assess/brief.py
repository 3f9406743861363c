"""``vigil brief``: the situation for one or all sites, as Markdown or HTML."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from vigil.assess.config import load_weights
from vigil.assess.report.brief import build_brief, to_html, to_markdown
from vigil.assess.run import parse_duration
from vigil.cli.assess.assess import today
from vigil.cli.assess.options import registry_for
from vigil.cli.common import DbOption, err, out, parse_date
from vigil.cli.main import app
from vigil.registry.db import open_db


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


@app.command()
def brief(
    site: str | None = typer.Option(None, "--site", help="Only this site."),
    since: str = typer.Option("72h", "--since", help="Key events of this period, e.g. 72h, 7d."),
    at: str | None = typer.Option(None, "--at", help="As of this date (default today)."),
    format: BriefFormat = typer.Option(BriefFormat.md, "--format", "-f"),
    out_file: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="File to write; md charts go beside it (default stdout, no charts).",
    ),
    chart_format: str = typer.Option("png", "--chart-format", help="png or svg."),
    sites_file: Path | None = typer.Option(
        None, "--sites", help="Registry file instead of the registered sites."
    ),
    weights_file: Path | None = typer.Option(None, "--weights"),
    db: str | None = DbOption,
) -> None:
    """Write a situation brief: levels, key events with quotes and sources, level charts."""
    if chart_format not in ("png", "svg"):
        raise typer.BadParameter("--chart-format must be png or svg")
    try:
        period = parse_duration(since)
        weights = load_weights(weights_file)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    when = parse_date(at or today())
    assert when
    if out_file:
        out_file.parent.mkdir(parents=True, exist_ok=True)
    store = open_db(db)
    try:
        reg = registry_for(sites_file, store)
        b = build_brief(store, reg, when, period, weights, site, chart_format)
    finally:
        store.close()
    if site and not b.sites:
        err.print(f"[red]error[/red]: no registered site is called {escape(site)!r}")
        raise typer.Exit(1)
    text = (
        to_html(b, chart_format)
        if format is BriefFormat.html
        else to_markdown(b, out_file, chart_format)
    )
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        err.print(f"brief written to {escape(str(out_file))}")
    else:
        out.file.write(text)
