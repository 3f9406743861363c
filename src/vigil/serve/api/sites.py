"""Sites and presence of the caller's organisation: CRUD, import and export, levels."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from vigil.registry import tables as rt
from vigil.registry.geo import alpha3, country_at
from vigil.registry.io import REF_PATTERN, RegistryFileError, dump_registry, load_registry
from vigil.registry.repo import (
    ImportConflict,
    load_registry_db,
    rename_site,
    save_registry,
)
from vigil.registry.repo import delete_site as remove_site
from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine, audit, require
from vigil.serve.errors import ApiError, not_found

router = APIRouter(prefix="/api/v1", tags=["sites"])
S, P, A = rt.sites, rt.presence, rt.assessments


REF = Field(
    None,
    pattern=f"^{REF_PATTERN}$",
    description="Stable key in the organisation (a random one when not given); "
    "an import matches it before the name.",
)


class SiteIn(BaseModel):
    ref: str | None = REF
    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: str = Field("site", max_length=50)
    radius_km: float = Field(10.0, gt=0, le=5000)
    people: int = Field(0, ge=0, le=10**9)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    tags: list[str] = Field(default_factory=list, max_length=50)
    country: str | None = Field(None, max_length=60)


class SitePatch(BaseModel):
    ref: str | None = REF
    name: str | None = Field(None, min_length=1, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    kind: str | None = Field(None, max_length=50)
    radius_km: float | None = Field(None, gt=0, le=5000)
    people: int | None = Field(None, ge=0, le=10**9)
    aliases: list[str] | None = Field(None, max_length=50)
    tags: list[str] | None = Field(None, max_length=50)
    country: str | None = Field(None, max_length=60)


class PresenceIn(BaseModel):
    country: str = Field(min_length=2, max_length=60)
    people: int = Field(0, ge=0, le=10**9)
    who: str = Field("", max_length=200)


class PresencePatch(BaseModel):
    people: int | None = Field(None, ge=0, le=10**9)
    who: str | None = Field(None, max_length=200)


def latest_assessments(
    conn: sa.Connection, organisation: str, names: list[str] | None = None
) -> dict[str, Any]:
    """site name -> its latest stored assessment row, for the caller's organisation."""
    latest = (
        sa.select(A.c.subject, sa.func.max(A.c.id).label("id"))
        .where(A.c.subject_type == "site", A.c.organisation == organisation)
        .group_by(A.c.subject)
    )
    if names is not None:
        latest = latest.where(A.c.subject.in_(names))
    latest = latest.subquery()
    rows = conn.execute(sa.select(A).join(latest, latest.c.id == A.c.id)).mappings()
    return {r["subject"]: r for r in rows}


def site_json(row: Any, assessment: Any = None, reasons: bool = False) -> dict[str, Any]:
    d = {
        "id": row["id"],
        "ref": row["ref"],
        "name": row["name"],
        "lat": row["lat"],
        "lon": row["lon"],
        "kind": row["kind"],
        "radius_km": row["radius_km"],
        "people": row["people"],
        "aliases": list(row["aliases"] or []),
        "tags": list(row["tags"] or []),
        "country": row["country"],
        "level": assessment["level"] if assessment else None,
        "posture": assessment["posture"] if assessment else None,
        "score": assessment["score"] if assessment else None,
        "assessed_at": assessment["at"].isoformat() if assessment else None,
    }
    if reasons:
        d["reasons"] = list(assessment["reasons"] or []) if assessment else []
    return d


def own_site(conn: sa.Connection, who, site_id: pg.IdPath) -> Any:
    return pg.own_row(conn, S, who.organisation_id, site_id)


@router.get("/sites", summary="The caller's sites with their current level and posture")
def list_sites(
    who: Caller,
    engine: Engine,
    q: str | None = Query(None, max_length=200, description="Name contains."),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    stmt = pg.org_page_stmt(S, who.organisation_id, cursor, limit)
    if q:
        stmt = stmt.where(sa.func.lower(S.c.name).contains(q.lower(), autoescape=True))
    with engine.connect() as conn:
        rows = list(conn.execute(stmt).mappings())
        levels = latest_assessments(conn, who.organisation, [r["name"] for r in rows])
    items = [site_json(r, levels.get(r["name"])) for r in rows]
    return pg.page(items, limit, lambda x: x["id"])


@router.get("/sites/export", summary="The caller's sites and presence as YAML, CSV or GeoJSON")
def export_sites(
    who: Caller, engine: Engine, format: Literal["yaml", "csv", "geojson"] = "yaml"
) -> Response:
    text = dump_registry(load_registry_db(engine, who.organisation), format)
    media = {"yaml": "application/yaml", "csv": "text/csv", "geojson": "application/geo+json"}
    return Response(text, media_type=media[format])


@router.post("/sites/import", summary="Add or update sites and presence from a file's text")
def import_sites(
    who: Caller,
    engine: Engine,
    format: Literal["yaml", "csv", "geojson"] = "yaml",
    body: str = Body(..., media_type="text/plain", max_length=5_000_000),
) -> dict[str, Any]:
    require(who, "admin")
    suffix = {"yaml": ".yaml", "csv": ".csv", "geojson": ".geojson"}[format]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"import{suffix}"
        path.write_text(body, encoding="utf-8")
        try:
            reg = load_registry(path, organisation=who.organisation)
        except RegistryFileError as exc:
            raise ApiError(422, str(exc).replace(str(path), "body")) from None
    # the file may not name another organisation: everything is the caller's
    for x in [*reg.sites, *reg.presence]:
        x.organisation = who.organisation
    reg.organisations = [o for o in reg.organisations if o.name == who.organisation]
    try:
        res = save_registry(engine, reg)
    except ImportConflict as exc:
        raise ApiError(409, str(exc)) from None
    with engine.begin() as conn:
        audit(conn, who, "import", "site", None, added=res.added, updated=res.updated)
    return {"added": res.added, "updated": res.updated, "unchanged": res.unchanged}


@router.post("/sites", status_code=201, summary="Register a site")
def create_site(who: Caller, engine: Engine, site: SiteIn) -> dict[str, Any]:
    require(who, "admin")
    values = _values(site.model_dump())
    if not values["ref"]:
        del values["ref"]  # one is made (registry.tables.new_site_ref)
    try:
        with engine.begin() as conn:
            new_id = conn.execute(
                sa.insert(S).values(organisation_id=who.organisation_id, **values)
            ).inserted_primary_key[0]
            audit(conn, who, "create", "site", new_id, name=site.name)
            row = own_site(conn, who, new_id)
    except IntegrityError:
        raise ApiError(
            409, f"a site called {site.name!r} or with that ref exists already"
        ) from None
    return site_json(row)


def _values(d: dict[str, Any]) -> dict[str, Any]:
    if "country" in d:
        if d["country"]:
            code = alpha3(d["country"])
            if not code:
                raise ApiError(422, f"unknown country {d['country']!r}")
            d["country"] = code
        elif "lat" in d and "lon" in d:
            d["country"] = country_at(d["lat"], d["lon"])
    for k in ("aliases", "tags"):
        if k in d:
            d[k] = [str(x).strip()[:200] for x in d[k] if str(x).strip()]
    return d


@router.get("/sites/{site_id}", summary="One site, with its latest assessment and reasons")
def get_site(who: Caller, engine: Engine, site_id: pg.IdPath) -> dict[str, Any]:
    with engine.connect() as conn:
        row = own_site(conn, who, site_id)
        latest = latest_assessments(conn, who.organisation, [row["name"]])
    return site_json(row, latest.get(row["name"]), reasons=True)


@router.patch("/sites/{site_id}", summary="Change a site")
def update_site(
    who: Caller, engine: Engine, site_id: pg.IdPath, patch: SitePatch
) -> dict[str, Any]:
    require(who, "admin")
    changes = _values(patch.model_dump(exclude_unset=True, exclude_none=True))
    try:
        with engine.begin() as conn:
            before = own_site(conn, who, site_id)
            if changes.get("name", before["name"]) != before["name"]:
                # its history, alerts and subscribers follow it (renamed there too)
                rename_site(conn, who.organisation_id, before["name"], changes["name"])
            rest = {k: v for k, v in changes.items() if k != "name"}
            if rest:
                conn.execute(sa.update(S).where(S.c.id == site_id).values(**rest))
            audit(conn, who, "update", "site", site_id, fields=sorted(changes))
            row = own_site(conn, who, site_id)
    except IntegrityError:
        raise ApiError(409, "a site with that name or ref exists already") from None
    return site_json(row)


@router.delete(
    "/sites/{site_id}",
    status_code=204,
    summary="Remove a site with its assessments, alerts and the subscriptions scoped to it",
)
def delete_site(who: Caller, engine: Engine, site_id: pg.IdPath) -> Response:
    require(who, "admin")
    with engine.begin() as conn:
        row = own_site(conn, who, site_id)
        # its assessments, alerts and scoped subscriptions go with it (see remove_site)
        gone = remove_site(conn, who.organisation_id, site_id)
        audit(conn, who, "delete", "site", site_id, name=row["name"], removed=gone)
    return Response(status_code=204)


@router.get("/sites/{site_id}/history", summary="A site's stored assessments, newest first")
def site_history(
    who: Caller,
    engine: Engine,
    site_id: pg.IdPath,
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    with engine.connect() as conn:
        row = own_site(conn, who, site_id)
        rows = conn.execute(
            sa.select(A.c.id, A.c.at, A.c.level, A.c.score, A.c.posture)
            .where(
                A.c.subject_type == "site",
                A.c.organisation == who.organisation,
                A.c.subject == row["name"],
                pg.before(A.c.id, cursor),
            )
            .order_by(A.c.id.desc())
            .limit(limit + 1)
        ).mappings()
        items = [{**r, "at": r["at"].isoformat()} for r in rows]
    return pg.page(items, limit, lambda x: x["id"])


def presence_json(r: Any) -> dict[str, Any]:
    return {"id": r["id"], "country": r["country"], "people": r["people"], "who": r["who"]}


@router.get("/presence", tags=["sites"], summary="The caller's presence in countries")
def list_presence(
    who: Caller, engine: Engine, limit: int = pg.LimitQuery(), cursor: str | None = pg.CursorQuery()
) -> dict[str, Any]:
    stmt = pg.org_page_stmt(P, who.organisation_id, cursor, limit)
    with engine.connect() as conn:
        items = [presence_json(r) for r in conn.execute(stmt).mappings()]
    return pg.page(items, limit, lambda x: x["id"])


@router.post("/presence", status_code=201, tags=["sites"], summary="Register presence")
def create_presence(who: Caller, engine: Engine, body: PresenceIn) -> dict[str, Any]:
    require(who, "admin")
    code = alpha3(body.country)
    if not code:
        raise ApiError(422, f"unknown country {body.country!r}")
    try:
        with engine.begin() as conn:
            new_id = conn.execute(
                sa.insert(P).values(
                    organisation_id=who.organisation_id,
                    country=code,
                    people=body.people,
                    who=body.who,
                )
            ).inserted_primary_key[0]
            audit(conn, who, "create", "presence", new_id, country=code)
    except IntegrityError:
        raise ApiError(409, "that presence exists already") from None
    return {"id": new_id, "country": code, "people": body.people, "who": body.who}


def _own_presence(conn: sa.Connection, who, presence_id: int) -> Any:
    return pg.own_row(conn, P, who.organisation_id, presence_id)


@router.get("/presence/{presence_id}", tags=["sites"], summary="One presence")
def get_presence(who: Caller, engine: Engine, presence_id: pg.IdPath) -> dict[str, Any]:
    with engine.connect() as conn:
        return presence_json(_own_presence(conn, who, presence_id))


@router.patch("/presence/{presence_id}", tags=["sites"], summary="Change how many people, or who")
def update_presence(
    who: Caller, engine: Engine, presence_id: pg.IdPath, patch: PresencePatch
) -> dict[str, Any]:
    changes = patch.model_dump(exclude_unset=True, exclude_none=True)
    try:
        with engine.begin() as conn:
            _own_presence(conn, who, presence_id)  # 404 before 403: nothing leaks
            require(who, "admin")
            if changes:
                conn.execute(sa.update(P).where(P.c.id == presence_id).values(**changes))
            audit(conn, who, "update", "presence", presence_id, changes=changes)
            row = _own_presence(conn, who, presence_id)
    except IntegrityError:
        raise ApiError(409, "that presence exists already") from None
    return presence_json(row)


@router.delete("/presence/{presence_id}", status_code=204, tags=["sites"])
def delete_presence(who: Caller, engine: Engine, presence_id: pg.IdPath) -> Response:
    require(who, "admin")
    with engine.begin() as conn:
        done = conn.execute(
            sa.delete(P).where(P.c.id == presence_id, P.c.organisation_id == who.organisation_id)
        )
        if done.rowcount == 0:
            raise not_found()
        audit(conn, who, "delete", "presence", presence_id)
    return Response(status_code=204)
