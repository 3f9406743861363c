"""Sending what the outbox owes: every due delivery, with retries and backoff.

``deliver`` sends every delivery that is due; a failure increments ``attempts``,
keeps ``last_error`` and schedules ``next_attempt_at`` with exponential backoff,
so an alert to a receiver that was down arrives once it is back. Each attempt is
audited in the subscription's organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from vigil.alert import mailer
from vigil.alert.model import Alert
from vigil.alert.outbox import Subscription, alert_from_row
from vigil.registry import audit
from vigil.registry import tables as t
from vigil.registry.db import utcnow

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    pending: int = 0  # still waiting after this run (failed now or not yet due)


Sender = Callable[[Subscription, Alert], None]


def default_sender(
    smtp: mailer.SmtpConfig | None = None, allow_private: bool = False, retries: int = 2
) -> Sender:
    def send(sub: Subscription, alert: Alert) -> None:
        if sub.channel == "webhook":
            from vigil.alert import webhook  # httpx only when a webhook is sent

            webhook.post(
                sub.target,
                alert.body(),
                sub.secret,
                allow_private=allow_private or sub.allow_private,
                retries=retries,
            )
        elif sub.channel == "email":
            mailer.send(alert, sub.target, smtp)
        else:
            raise ValueError(f"unknown channel {sub.channel!r}")

    return send


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, attempts - 1))


def deliver(
    engine: sa.Engine,
    sender: Sender | None = None,
    now: datetime | None = None,
    due_only: bool = True,
    component: str = "outbox",
) -> DeliveryReport:
    """Send every pending delivery that is due (all pending with ``due_only=False``).

    Each attempt, sent or failed, is audited in the subscription's organisation as
    made by ``system:<component>``, with the attempt's number and error."""
    send = sender or default_sender()
    now = now or utcnow()
    d, s, a = t.deliveries, t.subscriptions, t.alerts
    stmt = (
        sa.select(d.c.id.label("delivery_id"), d.c.attempts, s, a.c.id.label("aid"))
        .join(s, s.c.id == d.c.subscription_id)
        .join(a, a.c.id == d.c.alert_id)
        .where(d.c.delivered_at.is_(None))
        .order_by(d.c.id)
    )
    if due_only:
        stmt = stmt.where(d.c.next_attempt_at <= now)
    report = DeliveryReport()
    with engine.connect() as conn:
        due = list(conn.execute(stmt).mappings())
        alerts = {
            r["id"]: alert_from_row(r)
            for r in conn.execute(
                sa.select(a).where(a.c.id.in_({x["aid"] for x in due}))
            ).mappings()
        }
    for row in due:
        sub = Subscription(
            row["id"],
            row["channel"],
            row["target"],
            row["secret"],
            row["site"],
            row["allow_private"],
        )
        attempts = row["attempts"] + 1
        try:
            send(sub, alerts[row["aid"]])
        except Exception as exc:  # noqa: BLE001 - any failure is recorded, never lost
            values = dict(
                attempts=attempts,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=now + backoff(attempts),
            )
            report.failed += 1
        else:
            values = dict(attempts=attempts, delivered_at=utcnow(), last_error=None)
            report.delivered += 1
        with engine.begin() as conn:
            conn.execute(sa.update(d).where(d.c.id == row["delivery_id"]).values(**values))
            audit.record(
                conn,
                row["organisation_id"],
                f"system:{component}",
                "deliver" if "delivered_at" in values else "delivery_failed",
                "delivery",
                row["delivery_id"],
                alert=row["aid"],
                subscription=row["id"],
                channel=row["channel"],
                attempts=attempts,
                error=(values.get("last_error") or "")[:300] or None,
            )
    with engine.connect() as conn:
        report.pending = (
            conn.scalar(sa.select(sa.func.count()).select_from(d).where(d.c.delivered_at.is_(None)))
            or 0
        )
    return report


def deliveries(engine: sa.Engine) -> list[dict]:
    """Every delivery with its state, for ``vigil alerts list`` and tests."""
    d = t.deliveries
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(d).order_by(d.c.id)).mappings()]
