"""Load test of ``vigil serve``: requests/s and latency with a real client on loopback.

Builds a database with 10,000 sites (one organisation, each with a stored
assessment) and 100,000 events (1,000 articles x 100), starts the server as a
real process (uvicorn, one worker, rate limit off), then an async httpx client
keeps ``--concurrency`` requests in flight for ``--seconds``, over a mix of the
watch floor's reads: the sites list (pages of 100), one site with its reasons,
events in a bounding box, events in a radius, alerts. Reports requests/s, p50 and
p95 per kind and overall, and the errors (any non-200 counts as one).

    python bench/serve_load.py [--sites 10000] [--events 100000] [--seconds 20]
                               [--concurrency 16] [--db URL] [--json FILE]

Only loopback is used; the run is bounded in time and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import sqlalchemy as sa

from vigil.serve.process import start, stop


def build(db: str, n_sites: int, n_events: int) -> str:
    """Fill the database; returns an admin token of the organisation."""
    from vigil.registry import tables as rt
    from vigil.registry.db import open_db
    from vigil.serve.auth import accounts
    from vigil.store.models import Article, EventRow

    rng = random.Random(7)
    with open_db(db) as store:
        eng = store.engine
        oid, _ = accounts.add_org(eng, "Load")
        accounts.add_user(eng, "admin@load.example", "Load", "admin")
        token = accounts.create_token(eng, "admin@load.example")
        now = datetime(2026, 12, 1)
        with eng.begin() as conn:
            sites, assessments = [], []
            for i in range(n_sites):
                lat, lon = rng.uniform(-50, 60), rng.uniform(-120, 150)
                sites.append(
                    {
                        "organisation_id": oid,
                        "name": f"Site {i:05d}",
                        "lat": lat,
                        "lon": lon,
                        "kind": "site",
                        "radius_km": 10.0,
                        "people": 10,
                        "aliases": [],
                        "tags": [],
                        "country": None,
                    }
                )
                level = rng.randint(1, 5)
                assessments.append(
                    {
                        "subject_type": "site",
                        "subject": f"Site {i:05d}",
                        "organisation": "Load",
                        "at": now,
                        "level": level,
                        "score": level * 10.0,
                        "posture": f"posture {level}",
                        "reasons": [
                            {
                                "sentence": "Shots were fired near the gate.",
                                "article_id": "a0000",
                                "category": "ASSAULT",
                            }
                        ],
                        "created_at": now,
                    }
                )
            conn.execute(sa.insert(rt.sites), sites)
            conn.execute(sa.insert(rt.assessments), assessments)
            per_article = 100
            n_articles = max(1, n_events // per_article)
            conn.execute(
                sa.insert(Article.__table__),
                [
                    {
                        "id": f"a{a:04d}",
                        "source": "bench",
                        "url": None,
                        "title": f"Report {a}",
                        "published": date(2026, 11, 1) + timedelta(days=a % 30),
                        "text": "bench text",
                        "record": {"id": f"a{a:04d}"},
                        "ingested_at": now,
                        "pipeline_version": "bench",
                    }
                    for a in range(n_articles)
                ],
            )
            rows = []
            for e in range(n_events):
                a = e // per_article
                rows.append(
                    {
                        "article_id": f"a{a:04d}",
                        "event_id": f"e{e % per_article}",
                        "category": rng.choice(["ASSAULT", "PROTEST", "COERCE", "MOBILIZE"]),
                        "mode": None,
                        "negated": False,
                        "hypothetical": False,
                        "actors": [],
                        "recipients": [],
                        "place": "somewhere",
                        "lat": rng.uniform(-50, 60),
                        "lon": rng.uniform(-120, 150),
                        "country": None,
                        "precision": "exact",
                        "when_value": None,
                        "when_granularity": None,
                        "day": date(2026, 11, 1) + timedelta(days=e % 30),
                        "fatalities": None,
                        "acled_type": None,
                        "acled_subtype": None,
                        "evidence": ["A bench sentence."],
                        "confidence": 0.5,
                        "published": date(2026, 11, 1),
                    }
                )
                if len(rows) == 5000:
                    conn.execute(sa.insert(EventRow.__table__), rows)
                    rows = []
            if rows:
                conn.execute(sa.insert(EventRow.__table__), rows)
            conn.execute(
                sa.insert(rt.alerts),
                [
                    {
                        "dedupe_key": f"k{i}",
                        "kind": "level_change",
                        "site": f"Site {i:05d}",
                        "organisation": "Load",
                        "level": 3,
                        "previous_level": 1,
                        "headline": f"Site {i:05d}: level 3",
                        "description": "bench",
                        "payload": {},
                        "created_at": now,
                    }
                    for i in range(200)
                ],
            )
    return token


def requests_mix(n_sites: int, rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["sites_page", "site", "events_bbox", "events_radius", "alerts"])
    if kind == "sites_page":
        return kind, "/api/v1/sites?limit=100"
    if kind == "site":
        return kind, f"/api/v1/sites/{rng.randint(1, n_sites)}"
    if kind == "events_bbox":
        x, y = rng.uniform(-120, 140), rng.uniform(-50, 50)
        return kind, f"/api/v1/events?limit=100&bbox={x},{y},{x + 10},{y + 10}"
    if kind == "events_radius":
        return kind, (
            f"/api/v1/events?limit=100&lat={rng.uniform(-40, 50):.3f}"
            f"&lon={rng.uniform(-110, 140):.3f}&radius_km=500"
        )
    return kind, "/api/v1/alerts?limit=50"


async def load(base: str, token: str, n_sites: int, seconds: float, concurrency: int) -> dict:
    rng = random.Random(11)
    times: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    headers = {"authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as c:

        async def worker():
            while time.monotonic() < deadline:
                kind, path = requests_mix(n_sites, rng)
                t0 = time.perf_counter()
                try:
                    r = await c.get(path)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                times.setdefault(kind, []).append(time.perf_counter() - t0)
                if not ok:
                    errors[kind] = errors.get(kind, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start

    def stats(xs: list[float]) -> dict:
        xs = sorted(xs)
        return {
            "n": len(xs),
            "p50_ms": round(1000 * statistics.median(xs), 1),
            "p95_ms": round(1000 * xs[min(len(xs) - 1, int(0.95 * len(xs)))], 1),
        }

    every = [x for xs in times.values() for x in xs]
    return {
        "seconds": round(elapsed, 1),
        "concurrency": concurrency,
        "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1),
        "errors": sum(errors.values()),
        "overall": stats(every),
        "by_kind": {k: {**stats(v), "errors": errors.get(k, 0)} for k, v in sorted(times.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--db", help="database URL (default: a new SQLite file)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or f"sqlite:///{tmp.name}/load.db"
    t0 = time.perf_counter()
    token = build(db, args.sites, args.events)
    print(f"built {args.sites} sites, {args.events} events in {time.perf_counter() - t0:.1f} s")
    # the same server process as the serve tests: uvicorn, one worker, rate limit off
    proc, base = start(db, rate_limit=0, capture=False, timeout_s=60)
    try:
        result = asyncio.run(load(base, token, args.sites, args.seconds, args.concurrency))
    finally:
        stop(proc)
        tmp.cleanup()
    result |= {
        "sites": args.sites,
        "events": args.events,
        "backend": sa.make_url(db).get_backend_name(),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
