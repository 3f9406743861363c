"""``vigil feeds add|list|remove``: the feeds an organisation's watch follows."""

from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.markup import escape
from rich.table import Table

from vigil.assess.run import parse_duration
from vigil.cli.common import DbOption, err, out
from vigil.cli.main import app
from vigil.net.guard import UnsafeURL
from vigil.registry.audit import record_cli
from vigil.registry.db import open_db
from vigil.registry.model import DEFAULT_ORGANISATION
from vigil.watch.feeds import add_feed, list_feeds, remove_feed

feeds_app = typer.Typer(help="Feeds (RSS, Atom, news sitemaps) for `vigil watch` to poll.")
app.add_typer(feeds_app, name="feeds")

OrgOption = typer.Option(DEFAULT_ORGANISATION, "--org", help="Organisation the feed belongs to.")


class Format(StrEnum):
    text = "text"
    json = "json"


@feeds_app.command("add")
def add(
    url: str = typer.Argument(..., help="The feed's URL (RSS, Atom or a news sitemap)."),
    name: str | None = typer.Option(None, "--name", help="A name to show (default: the URL)."),
    every: str = typer.Option("5m", "--every", help="How often to poll: 90s, 5m, 1h ..."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow a feed on a loopback or private address."
    ),
    org: str = OrgOption,
    db: str | None = DbOption,
) -> None:
    """Follow a feed (re-adding it updates its name, interval and permission)."""
    try:
        every_s = int(parse_duration(every).total_seconds())
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from exc
    store = open_db(db)
    try:
        feed, new = add_feed(
            store.engine,
            url,
            organisation=org,
            name=name,
            every_s=every_s,
            allow_private=allow_private,
        )
        record_cli(store.engine, org, "create" if new else "update", "feed", feed.id, url=feed.url)
    except UnsafeURL as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    what = "added" if new else "updated"
    err.print(f"{what} feed {feed.id} {escape(feed.url)} for {escape(org)}, every {feed.every_s} s")


@feeds_app.command("list")
def list_(
    org: str | None = typer.Option(None, "--org", help="Only this organisation's feeds."),
    format: Format = typer.Option(Format.text, "--format", "-f"),
    db: str | None = DbOption,
) -> None:
    """The feeds followed, with when each was last polled and what it said."""
    store = open_db(db)
    try:
        feeds = list_feeds(store.engine, org)
    finally:
        store.close()
    if format is Format.json:
        rows = [
            {
                "id": f.id,
                "organisation": f.organisation,
                "url": f.url,
                "name": f.name,
                "every_s": f.every_s,
                "allow_private": f.allow_private,
                "last_polled_at": f.last_polled_at.isoformat() if f.last_polled_at else None,
                "next_poll_at": f.next_poll_at.isoformat(),
                "last_status": f.last_status,
                "errors": f.errors,
                "items": f.items,
            }
            for f in feeds
        ]
        out.file.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("id", "organisation", "name", "every", "items", "last poll", "status")
    for f in feeds:
        last = f.last_polled_at.strftime("%Y-%m-%d %H:%M") if f.last_polled_at else "never"
        status = (f.last_status or "") + (f" ({f.errors} failures)" if f.errors else "")
        table.add_row(
            str(f.id),
            escape(f.organisation),
            escape(f.name),
            f"{f.every_s}s",
            str(f.items),
            last,
            escape(status),
        )
    out.print(table)


@feeds_app.command("remove")
def remove(
    feed: str = typer.Argument(..., help="The feed's URL or id."),
    org: str = OrgOption,
    db: str | None = DbOption,
) -> None:
    """Stop following a feed (items already fetched stay queued)."""
    store = open_db(db)
    try:
        gone = remove_feed(store.engine, feed, org)
        if gone:
            record_cli(store.engine, org, "delete", "feed", feed)
    finally:
        store.close()
    if not gone:
        err.print(f"[red]error[/red]: {escape(org)} follows no feed {escape(feed)!r}")
        raise typer.Exit(1)
    err.print(f"removed {escape(feed)}")
