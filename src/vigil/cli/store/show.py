"""``vigil show``: one stored article in the terminal, facts highlighted in the text.

Reads only the stored record (no NLP), so it shows exactly what ``vigil ingest``
kept: entity mentions coloured by type, time expressions underlined, then compact
tables of entities, times, quotes and events. ``--list`` lists stored articles.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from vigil.cli.common import DbOption, err, out
from vigil.cli.main import app
from vigil.cli.store.stories import show_story
from vigil.store import AmbiguousId, open_store
from vigil.stories.read import story_number

#: Rich style per entity type; anything else gets the default.
ENTITY_STYLES = {
    "PERSON": "bold cyan",
    "ORG": "bold magenta",
    "GPE": "bold green",
    "LOC": "green",
    "FAC": "bold blue",
    "NORP": "yellow",
}
DEFAULT_STYLE = "bold"
TIME_STYLE = "underline"


def highlighted(record: dict[str, Any]) -> Text:
    """The article body with entity mentions styled by type and times underlined."""
    text = Text(record.get("text") or "")
    n = len(text.plain)
    for ent in record.get("entities") or []:
        style = ENTITY_STYLES.get(ent.get("type") or "", DEFAULT_STYLE)
        for m in ent.get("mentions") or []:
            if 0 <= m["start"] < m["end"] <= n:
                text.stylize(style, m["start"], m["end"])
    for t in record.get("times") or []:
        if 0 <= t["start"] < t["end"] <= n:
            text.stylize(TIME_STYLE, t["start"], t["end"])
    return text


def legend() -> Text:
    parts = Text("entities: ")
    for label, style in ENTITY_STYLES.items():
        parts.append(label, style=style)
        parts.append(" ")
    parts.append("time", style=TIME_STYLE)
    return parts


def _ref(ref: dict[str, Any] | None) -> str:
    return (ref or {}).get("name") or ""


def _row(table: Table, *cells: str | Text) -> None:
    """Add a row of plain text: scraped text like ``[the parliament's]`` is not markup."""
    table.add_row(*(c if isinstance(c, Text) else Text(c) for c in cells))


def fact_tables(record: dict[str, Any]) -> list[Table]:
    tables = []
    ents = Table("id", "entity", "type", "country", "sector", "role", "n", title="entities")
    for e in record.get("entities") or []:
        style = ENTITY_STYLES.get(e.get("type") or "", DEFAULT_STYLE)
        _row(
            ents,
            e["id"],
            Text(e["canonical"], style=style),
            e.get("type") or "",
            e.get("country") or "",
            e.get("sector") or "",
            e.get("role") or "",
            str(len(e.get("mentions") or [])),
        )
    tables.append(ents)
    times = Table("time", "value", "granularity", title="times")
    for t in record.get("times") or []:
        _row(times, t["text"], t.get("value") or "", t.get("granularity") or "")
    tables.append(times)
    quotes = Table("speaker", "kind", "cue", "quote", title="quotes")
    for q in record.get("quotes") or []:
        _row(quotes, _ref(q.get("speaker")), q.get("kind") or "", q.get("cue") or "", q["text"])
    tables.append(quotes)
    events = Table("id", "category", "actor", "recipient", "where", "when", "acled", title="events")
    for ev in record.get("events") or []:
        acled = ev.get("acled") or {}
        _row(
            events,
            ev["id"],
            ev["category"] + (f" ({ev['mode']})" if ev.get("mode") else ""),
            ", ".join(_ref(r) for r in ev.get("actor") or []),
            ", ".join(_ref(r) for r in ev.get("recipient") or []),
            (ev.get("where") or {}).get("name") or "",
            (ev.get("when") or {}).get("value") or "",
            acled.get("sub_event_type") or "",
        )
    tables.append(events)
    return tables


@app.command()
def show(
    article: str | None = typer.Argument(
        None, help="Article id (or a unique prefix), or a story id such as s12."
    ),
    db: str | None = DbOption,
    list_: bool = typer.Option(False, "--list", "-l", help="List stored articles instead."),
    limit: int = typer.Option(50, "--limit", help="How many articles --list shows."),
) -> None:
    """Show a stored article with its entities and times highlighted, and its facts.

    A story id (``s12``, see ``vigil stories``) shows that story instead."""
    if not list_ and not article:
        raise typer.BadParameter("give an article id (or prefix), or --list")
    number = story_number(article or "")
    if number is not None and not list_:
        with open_store(db) as store:
            exact = store.has(article or "")
        if not exact:
            if show_story(db, number):
                return
            err.print(f"[red]error[/red]: no story {escape(article or '')!r}")
            raise typer.Exit(1)
    with open_store(db) as store:
        if list_:
            table = Table("id", "published", "title", "source")
            for i, art in enumerate(store.iter_articles(newest_first=True)):
                if i >= limit:
                    break
                _row(table, art.id, str(art.published or ""), art.title or "", art.source)
            out.print(table)
            return
        try:
            art = store.get_article(article or "")
        except AmbiguousId as exc:
            err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(2) from None
    if art is None:
        err.print(f"[red]error[/red]: no stored article with id {escape(article or '')!r}")
        raise typer.Exit(1)
    record = art.record
    out.rule(Text(art.title or art.id, style="bold"))
    out.print(
        Text(f"{art.id} · {art.published or 'undated'} · {art.source} · {art.pipeline_version}")
    )
    out.print(legend())
    out.print()
    out.print(highlighted(record))
    out.print()
    for table in fact_tables(record):
        if table.row_count:
            out.print(table)
