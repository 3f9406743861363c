"""``vigil stories``: developments with their articles, sources and canonical events.

Also used by ``vigil show sN``. Stories are brought up to date first (articles
stored but not yet assigned are assigned), so the listing is never stale. A
story merged into another is listed under the one it joined (``merged from``),
and ``vigil show`` of its id shows that one; a story split off another says so
(``split from``), and the story it left names it (``split into``).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import typer
from rich.markup import escape
from rich.text import Text

from vigil.cli.common import DbOption, out, parse_date
from vigil.cli.main import app
from vigil.registry.db import open_db
from vigil.stories import update
from vigil.stories.read import public_id, resolve
from vigil.stories.read import stories as read_stories


class Format(StrEnum):
    text = "text"
    json = "json"


def _grade(c: dict[str, Any]) -> str:
    return f"{c.get('name') or c.get('domain') or '?'} ({c.get('grade') or 'F'})"


def render_story(s: dict[str, Any], full: bool = False) -> list[Text]:
    """A story as lines of plain text (scraped text is never read as markup)."""
    lines = [
        Text(
            f"{s['id']}  {s['title'] or '(untitled)'}",
            style="bold",
        ),
        Text(
            f"    first seen {s['first_seen']}"
            + (f", published {s['first_published']}" if s.get("first_published") else "")
            + (
                f"..{s['last_published']}"
                if s.get("last_published") and s["last_published"] != s.get("first_published")
                else ""
            )
            + f"; {len(s['articles'])} article(s), {s['source_count']} independent source(s)"
            + (f"; merged from {', '.join(s['merged'])}" if s.get("merged") else "")
            + (f"; split from {s['split_from']}" if s.get("split_from") else "")
            + (f"; split into {', '.join(s['split_into'])}" if s.get("split_into") else "")
        ),
    ]
    shown = s["articles"] if full else s["articles"][:5]
    for a in shown:
        extra = (
            f" +{len(a['copies'])} cop{'y' if len(a['copies']) == 1 else 'ies'}"
            if a["copies"]
            else ""
        )
        lines.append(
            Text(
                f"    - {a['id']}  {a['title'] or ''} · {_grade(a['outlet'])}"
                f" · {a['published'] or 'undated'}{extra}"
            )
        )
        if full:
            for c in a["copies"]:
                lines.append(
                    Text(f"        copy: {_grade(c['outlet'])} {c['url'] or c['source'] or ''}")
                )
    if len(s["articles"]) > len(shown):
        lines.append(Text(f"    ... {len(s['articles']) - len(shown)} more"))
    evs = sorted(s["events"], key=lambda e: (-(e["report_count"] or 0), int(e["id"][2:])))
    for e in evs if full else evs[:5]:
        line = f"    * {e['id']} {e['summary']}: {e['report_count']} report(s), {e['source_count']} source(s)"
        if e.get("fatalities"):
            line += f", {e['fatalities']} killed"
        lines.append(Text(line))
        if e.get("disputed"):
            for f in e["figures"]:
                who = "; ".join(
                    _grade(x["outlet"])
                    + (f" citing {x['claimed_by']}" if x.get("claimed_by") else "")
                    for x in f["sources"]
                )
                lines.append(Text(f"        disputed: {f['value']} {f['about']} per {who}"))
        if full:
            for r in e["reports"]:
                lines.append(Text(f"        reported by {_grade(r)} in {r['article_id']}"))
    return lines


@app.command("stories")
def stories_cmd(
    since: str | None = typer.Option(None, help="Only stories with reports since YYYY-MM-DD."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
    db: str | None = DbOption,
) -> None:
    """List stories: title, first seen, articles, sources and canonical events."""
    with open_db(db) as store:
        update(store)
        found = read_stories(store.engine, since=parse_date(since))
    if format is Format.json:
        out.file.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.print("no stories")
        return
    for s in found:
        for line in render_story(s):
            out.print(line, soft_wrap=True)
        out.print()


def show_story(db: str | None, number: int) -> bool:
    """``vigil show sN``: print story N in full; False if there is none. A story merged
    into another says so and shows the one that holds its articles now."""
    with open_db(db) as store:
        update(store)
        live = resolve(store.engine, number)
        found = [] if live is None else read_stories(store.engine, story_ids=[live])
    if not found:
        return False
    if live is not None and live != number:
        out.print(f"{public_id(number)} was merged into {public_id(live)}")
    out.rule(Text(found[0]["title"] or found[0]["id"], style="bold"))
    for line in render_story(found[0], full=True):
        out.print(line, soft_wrap=True)
    return True


__all__ = ["escape", "render_story", "show_story", "stories_cmd"]
