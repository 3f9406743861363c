"""Benchmark the watch: report-to-alert latency, and queue throughput with 1 and 2 workers.

Latency: a real HTTP server on loopback serves a feed; the watch runs (one
in-process worker, the default pipeline); one item at a time is added to the
feed and the feed made due, and the clock runs until that item's alert is in
the outbox. That is the time from the poll that finds an item to the alert;
in service, add the wait for that poll (up to the feed's interval; the watch
notices a due feed within its idle tick of 1 s, which is included here).

Throughput: the same jobs are worked off by 1 and then by 2 worker processes
(``vigil watch --no-poll --once --workers N``); docs/s is measured between the
first and the last job done, so model loading is not counted, and the ratio is
what a second worker adds on this machine.

    python bench/watch.py [--items N] [--jobs N] [--db URL] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests" / "watch"))  # the loopback server of the tests

from loopback import Loopback, Route, http_date, rss  # noqa: E402

from vigil.registry.db import utcnow  # noqa: E402
from vigil.registry.io import load_registry  # noqa: E402
from vigil.registry.repo import save_registry  # noqa: E402
from vigil.registry.tables import alerts  # noqa: E402
from vigil.settings import Settings  # noqa: E402
from vigil.store import open_store  # noqa: E402
from vigil.store.models import Article  # noqa: E402
from vigil.watch import queue  # noqa: E402
from vigil.watch.feeds import add_feed  # noqa: E402
from vigil.watch.service import WatchOptions, watch  # noqa: E402
from vigil.watch.tables import feeds, jobs  # noqa: E402

console = Console()
#: One registered site per item, so that every item is its own development with its own
#: alert (several reports of one development alert once, as they should).
CITIES = [
    ("Kirkuk", 35.4681, 44.3922),
    ("Mosul", 36.3400, 43.1300),
    ("Basra", 30.5085, 47.7804),
    ("Najaf", 32.0259, 44.3462),
    ("Karbala", 32.6160, 44.0249),
    ("Erbil", 36.1912, 44.0092),
    ("Sulaymaniyah", 35.5613, 45.4375),
    ("Ramadi", 33.4258, 43.2994),
    ("Fallujah", 33.3500, 43.7833),
    ("Tikrit", 34.6071, 43.6782),
    ("Samarra", 34.1959, 43.8857),
    ("Baqubah", 33.7466, 44.6437),
    ("Hillah", 32.4637, 44.4199),
    ("Nasiriyah", 31.0439, 46.2576),
]
SITES = "organisation: Bench Force\nsites:\n" + "".join(
    f"- {{name: Base {c}, lat: {lat}, lon: {lon}, people: 20, kind: base, radius_km: 25}}\n"
    for c, lat, lon in CITIES
)


def attack(i: int, day: datetime) -> dict:
    """Item ``i``: an attack on the base at one city (one development, one alert each)."""
    city = CITIES[i][0]
    text = (
        f"Rockets struck a military base in {city}, killing {i % 5 + 2} soldiers and "
        f"wounding {i + 3} others, Iraqi security officials said.\n\n"
        f"No group claimed the attack."
    )
    return {
        "title": f"Attack {i}",
        "guid": f"urn:bench:{i}",
        "link": f"http://example.org/{i}",
        "content": text,
        "date": http_date(day.timestamp()),
    }


def measure_latency(url: str, n: int) -> list[float]:
    server = Loopback()
    items: list[dict] = []
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
        fh.write(SITES)
    with open_store(url) as store:
        save_registry(store.engine, load_registry(Path(fh.name)))
        feed, _ = add_feed(store.engine, server.url("/feed"), allow_private=True, every_s=60)
    stop = threading.Event()
    runner = threading.Thread(target=watch, args=(url, Settings(), WatchOptions(), None, stop))
    runner.start()
    latencies: list[float] = []
    today = datetime.now(UTC)
    try:
        for i in range(n + 1):  # item 0 warms the pipeline up (models load): not counted
            items.append(attack(i, today))
            server.routes["/feed"] = Route(rss(items), etag=f'"v{i}"')
            with open_store(url) as store, store.engine.begin() as conn:
                conn.execute(sa.update(feeds).values(next_poll_at=utcnow()))
                t0 = time.monotonic()
            while True:
                with open_store(url) as store, store.session() as s:
                    art = s.scalar(sa.select(Article.id).where(Article.title == f"Attack {i}"))
                    alerted = (
                        art
                        and s.execute(
                            sa.select(alerts.c.id).where(alerts.c.event_id.startswith(art))
                        ).first()
                    )
                if alerted:
                    break
                if time.monotonic() - t0 > 120:
                    raise RuntimeError(f"no alert for item {i} within 120 s")
                time.sleep(0.02)
            if i:
                latencies.append(time.monotonic() - t0)
    finally:
        stop.set()
        runner.join()
        server.close()
    return latencies


def texts(n: int, skip: int) -> list[str]:
    """``n`` article bodies of the HTML benchmark after the first ``skip``: each run gets
    texts of its own (a text seen before would be a near-duplicate, not work)."""
    truth = json.loads((SHARED / "eval" / "html" / "ground-truth.json").read_text())
    bodies = [v["articleBody"] for _, v in sorted(truth.items()) if v.get("articleBody")]
    if skip + n > len(bodies):
        raise SystemExit(f"--jobs {n} x 2 runs needs {skip + n} texts; there are {len(bodies)}")
    return bodies[skip : skip + n]


def measure_throughput(url: str, workers: int, n: int, tag: str, skip: int) -> float:
    with open_store(url) as store:
        items = [
            (queue.job_key(f"urn:{tag}:{i}", None), None, {"text": t, "title": f"{tag} {i}"})
            for i, t in enumerate(texts(n, skip))
        ]
        queue.enqueue(store.engine, items, None)
    # one job at a time, so that each job's end is its own time stamp
    watch(url, Settings(), WatchOptions(once=True, poll=False, workers=workers, batch=1))
    with open_store(url) as store, store.engine.connect() as conn:
        stamps = sorted(
            conn.scalars(
                sa.select(jobs.c.updated_at).where(
                    jobs.c.status == "done", jobs.c.payload["title"].as_string().like(f"{tag} %")
                )
            )
        )
    assert len(stamps) == n, f"{len(stamps)} of {n} jobs done"
    # from the first job done to the last: model loading is not counted
    return (n - 1) / (stamps[-1] - stamps[0]).total_seconds()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--items", type=int, default=12, help="items for the latency run (<= 13)")
    ap.add_argument("--jobs", type=int, default=40, help="jobs per throughput run")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    url = args.db or f"sqlite:///{tmp}/latency.db"
    lat = measure_latency(url, args.items)
    url2 = args.db or f"sqlite:///{tmp}/throughput.db"
    one = measure_throughput(url2, 1, args.jobs, "w1", 0)
    two = measure_throughput(url2, 2, args.jobs, "w2", args.jobs)
    q = statistics.quantiles(lat, n=20, method="inclusive")
    result = {
        "backend": sa.make_url(url).get_backend_name(),
        "latency_items": len(lat),
        "latency_p50_s": round(statistics.median(lat), 2),
        "latency_p95_s": round(q[18], 2),
        "latency_max_s": round(max(lat), 2),
        "throughput_1_worker_docs_s": round(one, 2),
        "throughput_2_workers_docs_s": round(two, 2),
        "scaling_2_over_1": round(two / one, 2),
    }
    table = Table("measure", "value", title=f"vigil watch ({result['backend']})")
    for k, v in result.items():
        table.add_row(k, str(v))
    console.print(table)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
