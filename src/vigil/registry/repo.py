"""Saving and loading the registry in the database, idempotently.

Import is an upsert keyed on (organisation, site ref), then (organisation, site
name), and (organisation, country, who): re-importing the same file changes
nothing, re-importing an edited file updates the sites it names without touching
others, and a site whose ref comes with a new name is renamed (its history too).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from vigil.registry import tables as t
from vigil.registry.geo import country_at
from vigil.registry.model import Organisation, Presence, RegisteredSite, Registry


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def _org_id(conn: sa.Connection, name: str) -> int:
    row = conn.execute(
        sa.select(t.organisations.c.id).where(t.organisations.c.name == name)
    ).first()
    if row:
        return row[0]
    return conn.execute(sa.insert(t.organisations).values(name=name)).inserted_primary_key[0]


def _site_values(s: RegisteredSite) -> dict:
    return {
        "lat": s.lat,
        "lon": s.lon,
        "kind": s.kind,
        "radius_km": s.radius_km,
        "people": s.people,
        "aliases": list(s.aliases),
        "tags": list(s.tags),
        "country": s.country or country_at(s.lat, s.lon),
    }


class ImportConflict(ValueError):
    """A registry file that cannot be applied as a whole; nothing of it was saved."""


def _check_unique(sites: list[RegisteredSite]) -> None:
    seen: set[tuple[str, str]] = set()
    for s in sites:
        for key in (("name", s.name), ("ref", s.ref)):
            if key[1] is None:
                continue
            if (s.organisation, *key) in seen:
                raise ImportConflict(f"{s.organisation}: {key[0]} {key[1]!r} is given twice")
            seen.add((s.organisation, *key))


def _save_sites(conn: sa.Connection, sites: list[RegisteredSite], result: ImportResult) -> None:
    """Match each site by ref, then by name; rename those whose ref now carries another
    name (through a temporary name, so a file may swap or shift names), then add or
    update."""
    _check_unique(sites)
    plan = []
    for s in sites:
        oid = _org_id(conn, s.organisation)
        row = None
        if s.ref:
            row = (
                conn.execute(
                    sa.select(t.sites).where(
                        t.sites.c.organisation_id == oid, t.sites.c.ref == s.ref
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            row = (
                conn.execute(
                    sa.select(t.sites).where(
                        t.sites.c.organisation_id == oid, t.sites.c.name == s.name
                    )
                )
                .mappings()
                .first()
            )
        if row is not None and any(r is not None and r["id"] == row["id"] for _, _, r in plan):
            raise ImportConflict(
                f"{s.organisation}: {s.name!r} and another entry of the file are the same "
                f"site (ref {row['ref']}, now {row['name']!r})"
            )
        plan.append((s, oid, row))
    moving = [(s, oid, row) for s, oid, row in plan if row is not None and row["name"] != s.name]
    for _s, oid, row in moving:
        rename_site(conn, oid, row["name"], f"~renaming~{row['id']}")
    for s, oid, row in moving:
        taken = conn.scalar(
            sa.select(t.sites.c.ref).where(
                t.sites.c.organisation_id == oid, t.sites.c.name == s.name
            )
        )
        if taken is not None:
            raise ImportConflict(
                f"{s.organisation}: cannot rename {row['name']!r} (ref {s.ref}) to {s.name!r}: "
                f"that is the name of another site (ref {taken}) not renamed in this file"
            )
        rename_site(conn, oid, f"~renaming~{row['id']}", s.name)
    for s, oid, row in plan:
        values = _site_values(s)
        if row is None:
            conn.execute(
                sa.insert(t.sites).values(
                    organisation_id=oid, name=s.name, **values, **({"ref": s.ref} if s.ref else {})
                )
            )
            result.added += 1
            continue
        if s.ref:  # a file giving a site its ref for the first time sets it
            values["ref"] = s.ref
        if row["name"] != s.name or any(row[k] != v for k, v in values.items()):
            conn.execute(sa.update(t.sites).where(t.sites.c.id == row["id"]).values(**values))
            result.updated += 1
        else:
            result.unchanged += 1


def save_registry(engine: sa.Engine, reg: Registry) -> ImportResult:
    """Upsert every site and presence of ``reg`` in one transaction; returns what changed.

    Raises :class:`ImportConflict` (saving nothing) when the file gives a name or a
    ref twice, or renames a site to the name of another that keeps it."""
    result = ImportResult()
    with engine.begin() as conn:
        for org in reg.organisations:
            _org_id(conn, org.name)
        _save_sites(conn, reg.sites, result)
        for p in reg.presence:
            oid = _org_id(conn, p.organisation)
            cond = (
                (t.presence.c.organisation_id == oid)
                & (t.presence.c.country == p.country)
                & (t.presence.c.who == p.who)
            )
            row = conn.execute(sa.select(t.presence).where(cond)).mappings().first()
            if row is None:
                conn.execute(
                    sa.insert(t.presence).values(
                        organisation_id=oid, country=p.country, people=p.people, who=p.who
                    )
                )
                result.added += 1
            elif row["people"] != p.people:
                conn.execute(sa.update(t.presence).where(cond).values(people=p.people))
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def load_registry_db(engine: sa.Engine, organisation: str | None = None) -> Registry:
    """The stored registry (optionally one organisation's), sites ordered by name."""
    with engine.connect() as conn:
        orgs = {
            r.id: r.name
            for r in conn.execute(sa.select(t.organisations).order_by(t.organisations.c.name))
        }
        if organisation is not None:
            orgs = {k: v for k, v in orgs.items() if v == organisation}
        site_rows = conn.execute(
            sa.select(t.sites).order_by(t.sites.c.name, t.sites.c.id)
        ).mappings()
        sites = [
            RegisteredSite(
                name=r["name"],
                lat=r["lat"],
                lon=r["lon"],
                kind=r["kind"],
                radius_km=r["radius_km"],
                people=r["people"],
                aliases=list(r["aliases"] or []),
                tags=list(r["tags"] or []),
                organisation=orgs[r["organisation_id"]],
                country=r["country"],
                ref=r["ref"],
            )
            for r in site_rows
            if r["organisation_id"] in orgs
        ]
        pres_rows = conn.execute(
            sa.select(t.presence).order_by(t.presence.c.country, t.presence.c.id)
        ).mappings()
        presence = [
            Presence(
                country=r["country"],
                people=r["people"],
                who=r["who"],
                organisation=orgs[r["organisation_id"]],
            )
            for r in pres_rows
            if r["organisation_id"] in orgs
        ]
    return Registry([Organisation(n) for n in orgs.values()], sites, presence)


def with_countries(reg: Registry) -> Registry:
    """Fill in each site's country from its coordinates where the file gave none."""
    for s in reg.sites:
        if not s.country:
            s.country = country_at(s.lat, s.lon)
    return reg


def gazetteer_sites(url_or_path: str | None = None) -> list:
    """The registered sites as :class:`vigil.places.sites.Site`, for the places stage.

    This is how sites registered with ``vigil sites import`` join the gazetteer
    when no ``--sites FILE`` is given.
    """
    from vigil.places.sites import Site
    from vigil.registry.db import open_db

    with open_db(url_or_path) as store:
        reg = load_registry_db(store.engine)
    return [
        Site(
            name=s.name,
            lat=s.lat,
            lon=s.lon,
            aliases=list(s.aliases),
            kind=s.kind,
            radius_km=s.radius_km,
            people=s.people,
            tags=list(s.tags),
            organisation=s.organisation,
        )
        for s in reg.sites
    ]


def rename_site(conn: sa.Connection, organisation_id: int, old: str, new: str) -> None:
    """Rename a site and carry its history along, in the caller's transaction.

    Assessments, alerts and subscriptions name their site (the name is what a
    reader sees and what alerts were sent under); renaming the site renames it
    there too, so the site's history, alerts and subscribers follow it. Alert
    dedupe keys and incident keys carry the name as well: they are rewritten so
    an incident alerted under the old name is still known under the new one.
    """
    if old == new:
        return
    from vigil.alert.detect import _fold

    org = conn.scalar(
        sa.select(t.organisations.c.name).where(t.organisations.c.id == organisation_id)
    )
    conn.execute(
        sa.update(t.sites)
        .where(t.sites.c.organisation_id == organisation_id, t.sites.c.name == old)
        .values(name=new)
    )
    a = t.assessments
    conn.execute(
        sa.update(a)
        .where(a.c.subject_type == "site", a.c.organisation == org, a.c.subject == old)
        .values(subject=new)
    )
    s = t.subscriptions
    conn.execute(
        sa.update(s).where(s.c.organisation_id == organisation_id, s.c.site == old).values(site=new)
    )
    al = t.alerts
    before, after = f"{_fold(org)}:{_fold(old)}:", f"{_fold(org)}:{_fold(new)}:"

    def moved(key: str) -> str:  # "level:<org>:<site>:..." and "event:<org>:<site>:..."
        kind, _, rest = key.partition(":")
        return f"{kind}:{after}{rest[len(before) :]}" if rest.startswith(before) else key

    rows = conn.execute(
        sa.select(al.c.id, al.c.dedupe_key, al.c.payload).where(
            al.c.organisation == org, al.c.site == old
        )
    ).all()
    for row in rows:
        payload = dict(row.payload or {})
        if payload.get("incident"):
            payload["incident"] = moved(payload["incident"])
        conn.execute(
            sa.update(al)
            .where(al.c.id == row.id)
            .values(site=new, dedupe_key=moved(row.dedupe_key)[:500], payload=payload)
        )


def delete_site(conn: sa.Connection, organisation_id: int, site_id: int) -> dict[str, int] | None:
    """Delete one of the organisation's sites and what exists only because of it, in
    the caller's transaction; None if the organisation has no such site.

    Assessments, alerts and subscriptions name their site rather than point at its
    row, so a site deleted without them would hand its history to the next site of
    the same name: its last level, its alerts (and their dedupe keys, which would
    silence the new site's first alerts) and its subscribers. They go with it: the
    site's assessments, its alerts with their deliveries and acknowledgements, and
    the subscriptions scoped to it with their deliveries. Only this organisation's
    rows are touched. Returns how many of each were removed (for the audit log).
    Acknowledgements are the watch floor's (they name its users): the schema's
    ``ON DELETE CASCADE`` on ``alert_acks.alert_id`` takes them with their alert, so
    the registry needs no knowledge of them.
    """
    site = conn.execute(
        sa.select(t.sites.c.name).where(
            t.sites.c.id == site_id, t.sites.c.organisation_id == organisation_id
        )
    ).first()
    if site is None:
        return None
    name = site.name
    org = conn.scalar(
        sa.select(t.organisations.c.name).where(t.organisations.c.id == organisation_id)
    )
    conn.execute(sa.delete(t.sites).where(t.sites.c.id == site_id))
    # alerts and subscriptions match their site case-blind; a remaining site whose
    # name differs only in case keeps them unless they name this one exactly
    twin = conn.scalar(
        sa.select(sa.func.count())
        .select_from(t.sites)
        .where(
            t.sites.c.organisation_id == organisation_id,
            sa.func.lower(t.sites.c.name) == name.lower(),
        )
    )

    def named(column: sa.Column) -> sa.ColumnElement[bool]:
        return column == name if twin else sa.func.lower(column) == name.lower()

    a, al, s, d = t.assessments, t.alerts, t.subscriptions, t.deliveries
    gone = {}
    gone["assessments"] = conn.execute(
        sa.delete(a).where(a.c.subject_type == "site", a.c.organisation == org, a.c.subject == name)
    ).rowcount
    alert_ids = sa.select(al.c.id).where(al.c.organisation == org, named(al.c.site))
    sub_ids = sa.select(s.c.id).where(s.c.organisation_id == organisation_id, named(s.c.site))
    conn.execute(sa.delete(d).where(d.c.alert_id.in_(alert_ids) | d.c.subscription_id.in_(sub_ids)))
    gone["alerts"] = conn.execute(
        sa.delete(al).where(al.c.organisation == org, named(al.c.site))
    ).rowcount
    gone["subscriptions"] = conn.execute(
        sa.delete(s).where(s.c.organisation_id == organisation_id, named(s.c.site))
    ).rowcount
    return gone
