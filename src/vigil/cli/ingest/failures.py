"""``vigil failures``: the documents a pipeline stage failed on, and inputs that were refused.

A failure is a bug met in the field: the document is kept whole in the store,
so ``vigil ingest --retry-failed`` (or the watch, by itself) can run it again
once the cause is fixed.
"""

from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.markup import escape
from rich.table import Table

from vigil.cli.common import DbOption, out
from vigil.cli.main import app
from vigil.store import open_store


class Format(StrEnum):
    text = "text"
    json = "json"


@app.command()
def failures(
    db: str | None = DbOption,
    all_: bool = typer.Option(False, "--all", help="Include failures since resolved."),
    rejected: bool = typer.Option(False, "--rejected", help="Also list refused inputs."),
    traceback: bool = typer.Option(False, "--traceback", help="Show each traceback."),
    format: Format = typer.Option(Format.text, "--format", "-f"),
) -> None:
    """List documents a stage failed on (stage, error, attempts, when)."""
    with open_store(db) as store:
        rows = store.failures(include_resolved=all_)
        refused = store.rejections() if rejected else []
    if format is Format.json:
        items = [
            {
                "doc_id": f.doc_id,
                "source": f.source,
                "stage": f.stage,
                "error": f.error,
                "attempts": f.attempts,
                "first_at": f.first_at.isoformat(),
                "last_at": f.last_at.isoformat(),
                "resolved_at": f.resolved_at.isoformat() if f.resolved_at else None,
                **({"traceback": f.traceback} if traceback else {}),
            }
            for f in rows
        ]
        items += [
            {"source": r.source, "rejected": r.reason, "at": r.at.isoformat()} for r in refused
        ]
        out.file.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("document", "source", "stage", "error", "attempts", "last", title="Failures")
    for f in rows:
        state = " (resolved)" if f.resolved_at else ""
        table.add_row(
            f.doc_id[:12],
            escape(f.source),
            f.stage,
            escape(f.error) + state,
            str(f.attempts),
            f.last_at.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table)
    if traceback:
        for f in rows:
            out.rule(escape(f"{f.source}: stage {f.stage}"))
            out.print(escape(f.traceback), soft_wrap=True, highlight=False)
    if refused:
        rej = Table("source", "reason", "at", title="Refused inputs")
        for r in refused:
            rej.add_row(escape(r.source), escape(r.reason), r.at.strftime("%Y-%m-%d %H:%M"))
        out.print(rej)
    if not rows and not refused:
        out.print("no failures")
