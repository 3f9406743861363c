"""``vigil watch`` end to end on a real loopback server and real databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from loopback import Route, http_date, page, rss
from typer.testing import CliRunner

from vigil import pipeline as pipeline_mod
from vigil.cli.main import app
from vigil.document import Document
from vigil.registry.db import utcnow
from vigil.registry.tables import alerts
from vigil.settings import Settings
from vigil.store import open_store
from vigil.watch import queue
from vigil.watch.feeds import add_feed, get_feed, list_feeds
from vigil.watch.service import WatchOptions, watch
from vigil.watch.tables import feeds, jobs

runner = CliRunner()

SITES = """\
organisation: Test Force
sites:
- name: Camp Alpha
  lat: 35.4681
  lon: 44.3922
  aliases: [Alpha]
  people: 20
  kind: base
  radius_km: 25
"""
ATTACK = (
    "Rockets struck a military base in Kirkuk on Sunday, killing three soldiers and wounding "
    "five others, Iraqi security officials said. No group has claimed the attack."
)
PAGE_TEXT = [
    "Protesters gathered in central Baghdad on Monday to demand jobs and better services.",
    "Police used tear gas to disperse the crowd near Tahrir Square, witnesses said.",
]


def make_due(url: str) -> None:
    with open_store(url) as store, store.engine.begin() as conn:
        conn.execute(sa.update(feeds).values(next_poll_at=utcnow() - timedelta(seconds=1)))


def test_watch_once_fetches_processes_stores_and_alerts(db_url, server, tmp_path):
    now = http_date()
    server.routes["/a/2"] = Route(page("Baghdad protest", PAGE_TEXT), content_type="text/html")
    server.routes["/feed"] = Route(
        rss(
            [
                {
                    "title": "Rockets hit base",
                    "link": server.url("/a/1"),
                    "content": ATTACK,
                    "date": now,
                },
                {
                    "title": "Baghdad protest",
                    "link": server.url("/a/2"),
                    "summary": "Protest in Baghdad.",
                    "date": now,
                },
                {
                    "title": "Gone page",
                    "link": server.url("/a/3"),
                    "summary": "Gunmen attacked a checkpoint near Mosul, police said.",
                    "date": now,
                },
            ]
        ),
        etag='"feed-v1"',
    )
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES)
    assert runner.invoke(app, ["sites", "import", str(sites), "--db", db_url]).exit_code == 0
    added = runner.invoke(
        app,
        [
            "feeds",
            "add",
            server.url("/feed"),
            "--allow-private",
            "--every",
            "5m",
            "--name",
            "wire",
            "--db",
            db_url,
        ],
    )
    assert added.exit_code == 0, added.output

    result = runner.invoke(app, ["watch", "--once", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "3 items queued, 3 new articles" in result.stderr

    with open_store(db_url) as store:
        arts = {a.title: a for a in store.iter_articles()}
        assert set(arts) == {"Rockets hit base", "Baghdad protest", "Gone page"}
        # a summary-only item: its page was fetched and its article is the document
        assert "tear gas" in arts["Baghdad protest"].text
        # the page is gone (404): the summary is kept, and the reason with it
        gone = arts["Gone page"].record
        assert gone["text"].startswith("Gunmen attacked a checkpoint")
        assert queue.counts(store.engine) == {"queued": 0, "running": 0, "done": 3, "failed": 0}
        with store.engine.connect() as conn:
            raised = conn.execute(sa.select(alerts.c.site, alerts.c.level)).all()
        assert "Camp Alpha" in {site for site, _ in raised}, raised
        counts = store.counts()

    listed = json.loads(runner.invoke(app, ["feeds", "list", "-f", "json", "--db", db_url]).stdout)
    assert listed[0]["items"] == 3 and listed[0]["last_status"].startswith("200")

    # the next poll is a conditional GET: the server says 304 and nothing changes
    make_due(db_url)
    again = runner.invoke(app, ["watch", "--once", "--db", db_url])
    assert again.exit_code == 0, again.output
    assert server.requests_to("/feed")[-1]["if-none-match"] == '"feed-v1"'
    assert "0 new articles" in again.stderr
    with open_store(db_url) as store:
        assert store.counts() == counts


def _run_once(url: str, settings: Settings | None = None) -> object:
    return watch(url, settings or Settings(pipeline=("clean",)), WatchOptions(once=True))


def test_a_malformed_feed_backs_off_and_the_others_go_on(db_url, server):
    good = rss([{"title": "Good", "link": "http://example.org/g", "content": "A real report."}])
    server.routes["/good"] = Route(good)
    server.routes["/bad"] = Route(b"<html><body>Service unavailable</body></html>")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>'
    )
    server.routes["/bomb"] = Route(bomb)
    with open_store(db_url) as store:
        for path in ("/good", "/bad", "/bomb"):
            add_feed(store.engine, server.url(path), allow_private=True, every_s=300)
    report = _run_once(db_url)
    assert report.new == 1 and report.poll_errors == 2
    with open_store(db_url) as store:
        by_url = {f.url: f for f in list_feeds(store.engine)}
    bad, bomb_feed, ok = (
        by_url[server.url("/bad")],
        by_url[server.url("/bomb")],
        by_url[server.url("/good")],
    )
    assert ok.errors == 0 and ok.items == 1
    assert bad.errors == 1 and bad.last_status.startswith(server.url("/bad") + ": ")
    assert "unsafe XML refused" in bomb_feed.last_status
    # backoff: a failed feed is asked again after twice its interval, a good one after it
    assert bad.next_poll_at - bad.last_polled_at == timedelta(seconds=600)
    assert ok.next_poll_at - ok.last_polled_at == timedelta(seconds=300)

    # the good feed turns malformed: recorded on it, what it brought before stays
    server.routes["/good"] = Route(b"\x00\x01 garbage")
    make_due(db_url)
    _run_once(db_url)
    with open_store(db_url) as store:
        broken = get_feed(store.engine, ok.id)
        assert broken.errors == 1 and store.counts()["articles"] == 1


def test_a_duplicate_item_is_queued_once_and_stored_once(db_url, server):
    item = {
        "title": "Same",
        "guid": "urn:same:1",
        "link": "http://example.org/s",
        "content": "Same text.",
    }
    twin = {
        "title": "Copy",
        "guid": "urn:other:9",
        "link": "http://example.org/c",
        "content": "Same text.",
    }
    server.routes["/f1"] = Route(rss([item, item]))
    server.routes["/f2"] = Route(rss([item, twin]))
    with open_store(db_url) as store:
        add_feed(store.engine, server.url("/f1"), allow_private=True, organisation="A")
        add_feed(store.engine, server.url("/f2"), allow_private=True, organisation="B")
    report = _run_once(db_url)
    assert report.queued == 2  # urn:same:1 once, urn:other:9 once
    with open_store(db_url) as store:
        assert store.counts()["articles"] == 1  # the twin has the same content: one article
        with store.engine.connect() as conn:
            done = conn.execute(sa.select(jobs.c.status, jobs.c.article_id)).all()
    assert len(done) == 2 and {s for s, _ in done} == {"done"} and len({a for _, a in done}) == 1


class Flaky:
    """A stage with a bug on one kind of text, until it is fixed."""

    name = "flaky"
    broken = True

    def __call__(self, doc: Document) -> Document:
        if Flaky.broken and "poison" in doc.text:
            raise KeyError("THREATEN")
        return doc


def test_a_stage_failure_is_stored_and_retried_with_backoff(db_url, server, monkeypatch):
    monkeypatch.setitem(pipeline_mod._registry, "flaky", lambda settings: Flaky())
    server.routes["/f"] = Route(
        rss(
            [
                {"title": "Fine", "link": "http://example.org/1", "content": "A fine report."},
                {"title": "Bad", "link": "http://example.org/2", "content": "A poison report."},
            ]
        )
    )
    settings = Settings(pipeline=("clean", "flaky"))
    with open_store(db_url) as store:
        add_feed(store.engine, server.url("/f"), allow_private=True)
    report = _run_once(db_url, settings)
    assert (report.new, report.failed) == (1, 1)
    assert "http://example.org/2: stage flaky failed: KeyError: 'THREATEN'" in report.errors
    with open_store(db_url) as store:
        (failure,) = store.failures()
        assert failure.stage == "flaky" and failure.next_retry_at is not None
        with store.engine.connect() as conn:
            job = conn.execute(sa.select(jobs).where(jobs.c.status == "queued")).mappings().one()
        assert job["attempts"] == 1 and job["not_before"] > utcnow()  # backing off
        # the bug is fixed; when the job is due again, the watch retries it by itself
        with store.engine.begin() as conn:
            conn.execute(sa.update(jobs).values(not_before=utcnow() - timedelta(seconds=1)))
    Flaky.broken = False
    try:
        report = _run_once(db_url, settings)
    finally:
        Flaky.broken = True
    assert report.new == 1
    with open_store(db_url) as store:
        assert store.failures() == [] and store.counts()["articles"] == 2
        assert queue.counts(store.engine)["done"] == 2


def test_feeds_belong_to_their_organisation_and_private_urls_need_permission(db_url, server):
    url = server.url("/feed")
    refused = runner.invoke(app, ["feeds", "add", url, "--db", db_url])
    assert refused.exit_code == 1
    assert f"{url}: refused: 127.0.0.1 resolves to a loopback address" in refused.stderr
    for org in ("Ministry", "Agency"):
        r = runner.invoke(
            app, ["feeds", "add", url, "--allow-private", "--org", org, "--db", db_url]
        )
        assert r.exit_code == 0, r.output
    mine = json.loads(
        runner.invoke(
            app, ["feeds", "list", "--org", "Agency", "-f", "json", "--db", db_url]
        ).stdout
    )
    assert [f["organisation"] for f in mine] == ["Agency"]
    # one organisation cannot remove another's feed, even by its id
    args = ["feeds", "remove", str(mine[0]["id"]), "--org", "Ministry", "--db", db_url]
    assert runner.invoke(app, args).exit_code == 1
    args = ["feeds", "remove", url, "--org", "Ministry", "--db", db_url]  # its own, by URL
    assert runner.invoke(app, args).exit_code == 0
    left = json.loads(runner.invoke(app, ["feeds", "list", "-f", "json", "--db", db_url]).stdout)
    assert [f["organisation"] for f in left] == ["Agency"]
    gone = runner.invoke(app, ["feeds", "remove", url, "--org", "Nobody", "--db", db_url])
    assert gone.exit_code == 1


def test_other_schemes_are_refused_when_a_feed_is_added(db_url):
    r = runner.invoke(
        app, ["feeds", "add", "file:///etc/passwd", "--allow-private", "--db", db_url]
    )
    assert r.exit_code == 1 and "file:///etc/passwd: refused: not an http(s) URL" in r.stderr


@pytest.mark.parametrize("status", [500, 404])
def test_a_failing_feed_is_recorded_with_its_status(db_url, server, status):
    server.routes["/f"] = Route(b"nope", status=status, content_type="text/plain")
    with open_store(db_url) as store:
        add_feed(store.engine, server.url("/f"), allow_private=True)
    _run_once(db_url)
    with open_store(db_url) as store:
        (feed,) = list_feeds(store.engine)
    assert feed.last_status == f"{server.url('/f')}: HTTP {status}" and feed.errors == 1


def test_a_syndicated_copy_is_a_further_source_not_a_new_article(db_url, server):
    from vigil.stories.dedup import sources_of

    body = (
        "Gunmen attacked a police checkpoint on the outskirts of Kano on Sunday night, killing "
        "four officers and wounding two, a police spokesman said on Monday. The attackers fled "
        "on motorcycles towards the border, and a search of nearby villages was under way. "
        "Residents said the gunfire lasted for more than an hour before soldiers arrived."
    )
    copy = "KANO, Nigeria (Wire) - " + body + "\n\nCopyright Example Wire. All rights reserved."
    server.routes["/a"] = Route(
        rss([{"title": "Checkpoint attacked", "link": "http://a.example/1", "content": body}])
    )
    server.routes["/b"] = Route(
        rss([{"title": "Police killed in Kano", "link": "http://b.example/9", "content": copy}])
    )
    with open_store(db_url) as store:
        add_feed(store.engine, server.url("/a"), allow_private=True)
    _run_once(db_url)
    with open_store(db_url) as store:
        add_feed(store.engine, server.url("/b"), allow_private=True)
    report = _run_once(db_url)
    assert (report.new, report.unchanged) == (0, 1)
    with open_store(db_url) as store:
        (art,) = list(store.iter_articles())
        urls = {s["url"] for s in sources_of(store.engine, [art.id])[art.id]}
        assert "http://b.example/9" in urls
        with store.engine.connect() as conn:
            ids = set(conn.scalars(sa.select(jobs.c.article_id)))
        assert ids == {art.id}  # both jobs done, both pointing at the one article


def test_an_item_without_text_whose_page_fails_is_retried_only_if_that_can_help(db_url, server):
    server.routes["/busy"] = Route(b"try later", status=503, content_type="text/plain")
    server.routes["/empty"] = Route(
        b"<html><body><nav>Home</nav></body></html>", content_type="text/html"
    )
    server.routes["/f"] = Route(
        rss(
            [
                {"title": "Gone", "link": server.url("/gone")},  # 404: final
                {"title": "Empty", "link": server.url("/empty")},  # no article: final
                {"title": "Busy", "link": server.url("/busy")},  # 503: may pass, try again later
            ]
        )
    )
    with open_store(db_url) as store:
        add_feed(store.engine, server.url("/f"), allow_private=True)
    report = _run_once(db_url)
    assert report.failed == 3 and report.new == 0
    with open_store(db_url) as store, store.engine.connect() as conn:
        status = dict(conn.execute(sa.select(jobs.c.url, jobs.c.status)).all())
        refused = {r.source for r in store.rejections()}
    assert status == {
        server.url("/gone"): "failed",
        server.url("/empty"): "failed",
        server.url("/busy"): "queued",
    }
    assert refused == {server.url("/gone"), server.url("/empty")}
