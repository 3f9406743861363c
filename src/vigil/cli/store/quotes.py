"""``vigil quotes`` (the quote ledger) and ``vigil conflicts`` (figures that disagree).

Both read only the store (no NLP): ``quotes`` lists what a speaker said across
every stored article, with dates and sources; ``conflicts`` compares the figures
of stored reports about the same (owner, unit, place).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import sqlalchemy as sa
import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from vigil.cli.common import DbOption, err, out, parse_date
from vigil.cli.main import app
from vigil.language.quantities.conflicts import cross_document_conflicts
from vigil.records import to_dict
from vigil.store import Store, open_store
from vigil.store.models import Article, QuoteRow


def speaker_matches(query: str, speaker: str | None) -> bool:
    """Case-insensitive: the whole name, or whole words of it ("Peters" -> "Winston Peters")."""
    if not speaker or not query.strip():
        return False
    q = query.strip().casefold()
    s = speaker.casefold()
    return q == s or re.search(rf"(?<!\w){re.escape(q)}(?!\w)", s) is not None


def ledger(
    store: Store, speaker: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """Every stored quote of a speaker, oldest first, with its article's date and source."""
    like = f"%{speaker.strip().lower()}%"
    stmt = (
        sa.select(QuoteRow, Article.title, Article.url)
        .join(Article, Article.id == QuoteRow.article_id)
        .where(sa.func.lower(QuoteRow.speaker).like(like))
    )
    if since:
        stmt = stmt.where(QuoteRow.published >= since)
    if until:
        stmt = stmt.where(QuoteRow.published <= until)
    stmt = stmt.order_by(QuoteRow.published, QuoteRow.article_id, QuoteRow.seq)
    rows = []
    with store.session() as s:
        for q, title, url in s.execute(stmt):
            if not speaker_matches(speaker, q.speaker):
                continue
            rows.append(
                {
                    "speaker": q.speaker,
                    "speaker_text": q.speaker_text,
                    "kind": q.kind,
                    "cue": q.cue,
                    "text": q.text,
                    "published": q.published.isoformat() if q.published else None,
                    "article": q.article_id,
                    "title": title,
                    "source": url or q.source,
                }
            )
    return rows


def _source_cell(row: dict[str, Any]) -> Text:
    """The article's title, with where it came from (URL or path) beneath it."""
    cell = Text(row["title"] or row["article"])
    if row["source"]:
        cell.append("\n" + row["source"], style="dim")
    return cell


@app.command()
def quotes(
    speaker: str = typer.Option(..., "--speaker", "-s", help="Canonical name, or part of it."),
    db: str | None = DbOption,
    since: str | None = typer.Option(None, help="Only articles published on/after (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Only articles published on/before."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """List what a speaker said across all stored articles, with dates and sources."""
    with open_store(db) as store:
        rows = ledger(store, speaker, parse_date(since), parse_date(until))
    if format == "json":
        out.file.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        err.print(f"no stored quotes by a speaker matching {escape(repr(speaker))}", soft_wrap=True)
        raise typer.Exit(1)
    table = Table("date", "speaker", "kind", "quote", "source", title=f"quotes: {speaker}")
    for r in rows:
        table.add_row(
            Text(r["published"] or "undated"),
            Text(r["speaker"] or ""),
            Text(r["kind"] or ""),
            Text(r["text"]),
            _source_cell(r),
        )
    out.print(table)


@app.command()
def conflicts(
    db: str | None = DbOption,
    since: str | None = typer.Option(None, help="Only articles published on/after (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Only articles published on/before."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Figures that disagree: within each stored report, and across reports."""
    with open_store(db) as store:
        records = [a.record for a in store.iter_articles(parse_date(since), parse_date(until))]
    within = [
        {**c, "article": r.get("id"), "published": r.get("published")}
        for r in records
        for c in r.get("conflicts") or []
    ]
    across = to_dict(cross_document_conflicts(records))
    if format == "json":
        out.file.write(json.dumps({"within": within, "across": across}, indent=2) + "\n")
        return
    table = Table("scope", "about", "values", "evidence", title="conflicting figures")
    for c in within:
        scope = f"{c['published'] or 'undated'} {c['article'][:10]}"
        table.add_row(
            Text(scope), Text(c["about"]), Text(str(c["values"])), Text("\n".join(c["evidence"]))
        )
    for c in across:
        table.add_row(
            Text("across reports"),
            Text(c["about"]),
            Text(str(c["values"])),
            Text("\n".join(c["evidence"])),
        )
    out.print(table)
