"""The durable outbox: alerts and their deliveries live in the database until delivered.

``enqueue`` stores each new alert once (its dedupe key is unique) with one
delivery row per matching subscription, so nothing is ever dropped: an alert to
a receiver that was down waits in the database until it is back.

Sending lives in :mod:`vigil.alert.delivery`; this module decides what is owed to whom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from vigil.alert.model import Alert
from vigil.net.guard import check_url
from vigil.registry import audit
from vigil.registry import tables as t
from vigil.registry.db import utcnow
from vigil.registry.model import DEFAULT_ORGANISATION
from vigil.registry.repo import _org_id


@dataclass
class Subscription:
    id: int
    channel: str  # webhook | email
    target: str
    secret: str | None
    site: str | None
    allow_private: bool
    #: The organisation it belongs to: it receives that organisation's alerts only.
    organisation: str = DEFAULT_ORGANISATION


def subscribe(
    engine: sa.Engine,
    channel: str,
    target: str,
    secret: str | None = None,
    site: str | None = None,
    allow_private: bool = False,
    organisation: str = DEFAULT_ORGANISATION,
) -> int:
    """Add (or re-activate) ``organisation``'s subscription; returns its id.

    Webhook URLs are checked now. Subscriptions are unique per organisation: the
    same address subscribed by two organisations is two subscriptions, each
    receiving only its own organisation's alerts.
    """
    if channel == "webhook":
        check_url(target, allow_private)
    elif channel == "email":
        if "@" not in target:
            raise ValueError(f"{target}: not an email address")
    else:
        raise ValueError(f"unknown channel {channel!r} (webhook, email)")
    s = t.subscriptions
    with engine.begin() as conn:
        oid = _org_id(conn, organisation)
        cond = (s.c.organisation_id == oid) & (s.c.channel == channel) & (s.c.target == target)
        cond &= s.c.site.is_(None) if site is None else (s.c.site == site)
        row = conn.execute(sa.select(s.c.id).where(cond)).first()
        if row:
            conn.execute(
                sa.update(s)
                .where(s.c.id == row.id)
                .values(secret=secret, allow_private=allow_private, active=True)
            )
            return row.id
        return conn.execute(
            sa.insert(s).values(
                organisation_id=oid,
                channel=channel,
                target=target,
                secret=secret,
                site=site,
                allow_private=allow_private,
                active=True,
                created_at=utcnow(),
            )
        ).inserted_primary_key[0]


def subscriptions(engine: sa.Engine) -> list[Subscription]:
    """Every active subscription with its organisation's name."""
    s, o = t.subscriptions, t.organisations
    stmt = (
        sa.select(s, o.c.name.label("owner"))
        .join(o, o.c.id == s.c.organisation_id)
        .where(s.c.active.is_(True))
        .order_by(s.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings()
        return [
            Subscription(
                r["id"],
                r["channel"],
                r["target"],
                r["secret"],
                r["site"],
                r["allow_private"],
                r["owner"],
            )
            for r in rows
        ]


def _matches(sub: Subscription, alert: Alert) -> bool:
    if sub.organisation != alert.organisation:
        return False  # an organisation's subscription never carries another's alerts
    return sub.site is None or sub.site.casefold() == alert.site.casefold()


def as_update(conn: sa.Connection, alert: Alert) -> bool:
    """For an alert about an incident alerted before: make it a CAP ``Update`` that
    references the first alert, if it adds facts (more dead, an actor named);
    False if it adds nothing (then it is not sent at all)."""
    incident = alert.payload.get("incident")
    if not incident:
        return True
    a = t.alerts
    prior = list(
        conn.execute(
            sa.select(a.c.id, a.c.payload, a.c.created_at)
            .where(a.c.dedupe_key.startswith(f"{incident}:", autoescape=True))
            .order_by(a.c.id)
        ).mappings()
    )
    if not prior:
        return True
    known_dead = max(
        int((p["payload"] or {}).get("facts", {}).get("fatalities") or 0) for p in prior
    )
    known_actors = {
        x.casefold()
        for p in prior
        for x in (p["payload"] or {}).get("facts", {}).get("actors") or []
    }
    facts = alert.payload.get("facts") or {}
    dead = int(facts.get("fatalities") or 0)
    named = [x for x in facts.get("actors") or [] if x.casefold() not in known_actors]
    if dead <= known_dead and not named:
        return False
    first = prior[0]
    changes = []
    if dead > known_dead:
        changes.append(f"{dead} killed (was {known_dead})")
    if named:
        changes.append("named: " + ", ".join(named))
    alert.payload = {
        **alert.payload,
        "msg_type": "Update",
        "references": [
            {"identifier": f"vigil-{first['id']}", "sent": first["created_at"].isoformat()}
        ],
        "changes": changes,
    }
    alert.headline = f"Update: {alert.headline}"
    alert.description = f"Update ({'; '.join(changes)}). {alert.description}"
    return True


def repoint_incident(conn: sa.Connection, old: int, new: int) -> int:
    """Alerts about canonical event ``old`` become alerts about ``new``, in the caller's
    transaction, when stories found the two to be one event and folded ``old`` into
    ``new``: their incident (and the incident part of their dedupe keys, see
    :func:`vigil.alert.detect.incident_key`) names ``new``, so a later report of it is
    a CAP Update of the first alert (:func:`as_update`), not a new alert. Each change
    is audited in the alert's organisation as made by ``system:stories``. Returns how
    many alerts changed."""
    a = t.alerts
    tail = f":ce{old}"
    rows = conn.execute(
        sa.select(a.c.id, a.c.dedupe_key, a.c.payload, a.c.organisation)
        .where(a.c.dedupe_key.contains(tail, autoescape=True))
        .order_by(a.c.id)
    ).all()
    changed = 0
    for row in rows:
        payload = dict(row.payload or {})
        incident = str(payload.get("incident") or "")
        key = row.dedupe_key
        if not incident.endswith(tail) or not (key == incident or key.startswith(f"{incident}:")):
            continue
        moved = f"{incident[: -len(tail)]}:ce{new}"
        key = moved + key[len(incident) :]
        if conn.scalar(sa.select(a.c.id).where(a.c.dedupe_key == key)) is not None:
            key = f"{key}:from-ce{old}"  # both were alerted with the same facts: keep both
        conn.execute(
            sa.update(a)
            .where(a.c.id == row.id)
            .values(dedupe_key=key[:500], payload={**payload, "incident": moved})
        )
        org = conn.scalar(
            sa.select(t.organisations.c.id).where(t.organisations.c.name == row.organisation)
        )
        if org is not None:  # a system write, audited in the alert's organisation
            audit.record(
                conn, org, "system:stories", "update", "alert", row.id, incident=[incident, moved]
            )
        changed += 1
    return changed


def _org_ids(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(t.organisations.c.name, t.organisations.c.id)).all())


def enqueue(engine: sa.Engine, alerts: Sequence[Alert], component: str = "assess") -> list[Alert]:
    """Store the alerts not seen before (by dedupe key); returns those that are new.

    An event alert about an incident alerted before is stored only if it adds facts,
    as an update referencing the first (:func:`as_update`). Each stored alert is
    audited in its organisation, in the same transaction, as made by
    ``system:<component>``."""
    new: list[Alert] = []
    subs = subscriptions(engine)
    orgs = _org_ids(engine)
    for alert in alerts:
        now = utcnow()
        try:
            with engine.begin() as conn:
                exists = conn.execute(
                    sa.select(t.alerts.c.id).where(t.alerts.c.dedupe_key == alert.dedupe_key)
                ).first()
                if exists or not as_update(conn, alert):
                    continue
                alert.created_at = now
                alert.id = conn.execute(
                    sa.insert(t.alerts).values(
                        dedupe_key=alert.dedupe_key,
                        kind=alert.kind,
                        site=alert.site,
                        organisation=alert.organisation,
                        level=alert.level,
                        previous_level=alert.previous_level,
                        headline=alert.headline[:500],
                        description=alert.description,
                        lat=alert.lat,
                        lon=alert.lon,
                        radius_km=alert.radius_km,
                        event_id=alert.event_id,
                        payload=alert.payload,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
                to = [sub.id for sub in subs if _matches(sub, alert)]
                for sub_id in to:
                    conn.execute(
                        sa.insert(t.deliveries).values(
                            alert_id=alert.id,
                            subscription_id=sub_id,
                            attempts=0,
                            next_attempt_at=now,
                            created_at=now,
                        )
                    )
                if alert.organisation in orgs:
                    audit.record(
                        conn,
                        orgs[alert.organisation],
                        f"system:{component}",
                        "create",
                        "alert",
                        alert.id,
                        kind=alert.kind,
                        site=alert.site,
                        level=alert.level,
                        subscriptions=to,
                    )
        except IntegrityError:  # a concurrent run stored the same key first
            continue
        new.append(alert)
    return new


def alert_from_row(r: sa.RowMapping) -> Alert:
    return Alert(
        dedupe_key=r["dedupe_key"],
        kind=r["kind"],
        site=r["site"],
        organisation=r["organisation"],
        level=r["level"],
        headline=r["headline"],
        description=r["description"],
        previous_level=r["previous_level"],
        lat=r["lat"],
        lon=r["lon"],
        radius_km=r["radius_km"],
        event_id=r["event_id"],
        payload=dict(r["payload"] or {}),
        id=r["id"],
        created_at=r["created_at"],
    )


def list_alerts(
    engine: sa.Engine, limit: int | None = None, site: str | None = None
) -> list[Alert]:
    """Stored alerts, newest first."""
    stmt = sa.select(t.alerts).order_by(t.alerts.c.created_at.desc(), t.alerts.c.id.desc())
    if site:
        stmt = stmt.where(sa.func.lower(t.alerts.c.site) == site.lower())
    if limit:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        return [alert_from_row(r) for r in conn.execute(stmt).mappings()]
