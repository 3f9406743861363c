"""``vigil alerts``: subscribe to alerts, deliver pending ones, list them, write feeds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from vigil.alert import delivery, outbox
from vigil.alert.feeds import atom_xml, cap_feed_xml, cap_xml
from vigil.cli.common import DbOption, err, out
from vigil.cli.main import app
from vigil.net.guard import UnsafeURL
from vigil.registry.audit import record_cli
from vigil.registry.db import open_db
from vigil.registry.model import DEFAULT_ORGANISATION
from vigil.settings import Settings

alerts_app = typer.Typer(help="Subscribe to, deliver and publish alerts.")
app.add_typer(alerts_app, name="alerts")

AllowPrivate = typer.Option(
    False,
    "--allow-private",
    help="Allow webhook URLs on private/loopback networks (also VIGIL_ALLOW_PRIVATE_URLS=1).",
)


class FeedFormat(StrEnum):
    cap = "cap"
    atom = "atom"


@alerts_app.command()
def subscribe(
    webhook: str | None = typer.Option(None, "--webhook", help="URL to POST alerts to (JSON)."),
    secret: str | None = typer.Option(
        None, "--secret", help="HMAC-SHA256 key for the webhook signature."
    ),
    email: str | None = typer.Option(None, "--email", help="Address to email alerts to."),
    site: str | None = typer.Option(
        None, "--site", help="Only alerts of this site (default all the organisation's)."
    ),
    org: str = typer.Option(
        DEFAULT_ORGANISATION,
        "--org",
        help="The organisation whose alerts it receives (only that one's).",
    ),
    allow_private: bool = AllowPrivate,
    db: str | None = DbOption,
) -> None:
    """Subscribe a webhook (with --secret) or an email address to one organisation's alerts."""
    if bool(webhook) == bool(email):
        raise typer.BadParameter("give exactly one of --webhook URL or --email ADDR")
    if webhook and not secret:
        raise typer.BadParameter("--webhook needs --secret (receivers verify X-Vigil-Signature)")
    allow = allow_private or Settings().allow_private_urls
    store = open_db(db)
    try:
        channel, target = ("webhook", webhook) if webhook else ("email", email)
        sub_id = outbox.subscribe(
            store.engine,
            channel,
            target,  # type: ignore[arg-type]
            secret,
            site,
            allow,
            organisation=org,
        )
        record_cli(store.engine, org, "create", "subscription", sub_id, channel=channel, site=site)
    except (UnsafeURL, ValueError) as exc:
        err.print(f"[red]refused[/red]: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    err.print(
        f"subscription {sub_id} of {escape(org)}: {channel} {escape(target or '')}"
        + (f" for {escape(site)}" if site else ""),
        soft_wrap=True,
    )


@alerts_app.command()
def deliver(
    all_pending: bool = typer.Option(
        False, "--all", help="Retry every pending delivery now, not only those due."
    ),
    allow_private: bool = AllowPrivate,
    db: str | None = DbOption,
) -> None:
    """Send pending alerts; failures stay in the outbox with their error, for next time."""
    store = open_db(db)
    try:
        sender = delivery.default_sender(
            allow_private=allow_private or Settings().allow_private_urls
        )
        report = delivery.deliver(store.engine, sender, due_only=not all_pending)
        failed = [
            r
            for r in delivery.deliveries(store.engine)
            if r["delivered_at"] is None and r["last_error"]
        ]
    finally:
        store.close()
    err.print(f"{report.delivered} delivered, {report.failed} failed, {report.pending} pending")
    for r in failed:
        err.print(
            f"  delivery {r['id']} (alert {r['alert_id']}): {r['attempts']} attempts, "
            f"next {r['next_attempt_at']:%Y-%m-%d %H:%M} UTC: {escape(r['last_error'])}",
            soft_wrap=True,
        )
    if report.failed:
        raise typer.Exit(1)


@alerts_app.command("list")
def list_(
    site: str | None = typer.Option(None, "--site"),
    limit: int = typer.Option(50, "--limit", min=1),
    db: str | None = DbOption,
) -> None:
    """Stored alerts, newest first, with their delivery state."""
    store = open_db(db)
    try:
        alerts = outbox.list_alerts(store.engine, limit, site)
        rows = delivery.deliveries(store.engine)
    finally:
        store.close()
    if not alerts:
        err.print("no alerts")
    for a in alerts:
        mine = [r for r in rows if r["alert_id"] == a.id]
        done = sum(1 for r in mine if r["delivered_at"])
        created = f"{a.created_at:%Y-%m-%d %H:%M}Z" if a.created_at else "?"
        out.file.write(
            f"#{a.id} {created} [{a.kind}] level {a.level} "
            f"delivered {done}/{len(mine)}: {a.headline}\n"
        )


@alerts_app.command()
def feed(
    format: FeedFormat = typer.Option(FeedFormat.atom, "--format", "-f"),
    out_file: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default stdout)."
    ),
    limit: int = typer.Option(100, "--limit", min=1),
    site: str | None = typer.Option(None, "--site"),
    alert_id: int | None = typer.Option(
        None, "--id", help="Only this alert; with --format cap, a bare CAP <alert> document."
    ),
    db: str | None = DbOption,
) -> None:
    """Write the alerts as a CAP 1.2 feed (Atom entries carrying CAP) or a plain Atom feed."""
    store = open_db(db)
    try:
        alerts = outbox.list_alerts(store.engine, None if alert_id else limit, site)
    finally:
        store.close()
    if alert_id is not None:
        alerts = [a for a in alerts if a.id == alert_id]
        if not alerts:
            err.print(f"[red]error[/red]: no alert {alert_id}")
            raise typer.Exit(1)
    if alert_id is not None and format is FeedFormat.cap:
        text = cap_xml(alerts[0])
    else:
        text = cap_feed_xml(alerts) if format is FeedFormat.cap else atom_xml(alerts)
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        err.print(f"{len(alerts)} alert(s) written to {escape(str(out_file))}", soft_wrap=True)
    else:
        out.file.write(text)
