"""The fetcher against a real server on loopback: validators, caps, deadlines, redirects, robots."""

from __future__ import annotations

import pytest
from loopback import Route, http_date, rss

from vigil.net.fetch import Fetcher, FetchError

FEED = rss([{"title": "One", "link": "http://example.org/1", "summary": "Text."}])


def test_a_conditional_get_of_an_unchanged_feed_is_a_304(server):
    server.routes["/feed"] = Route(FEED, etag='"v1"', last_modified=http_date(0))
    with Fetcher() as f:
        first = f.get(server.url("/feed"), allow_private=True)
        assert first.status == 200 and first.body == FEED and first.etag == '"v1"'
        again = f.get(server.url("/feed"), allow_private=True, etag=first.etag)
    assert again.not_modified and again.body == b""
    sent = server.requests_to("/feed")[-1]
    assert sent["if-none-match"] == '"v1"' and sent["user-agent"].startswith("vigil/")


def test_loopback_is_refused_unless_the_feed_allows_it(server):
    server.routes["/feed"] = Route(FEED)
    with Fetcher() as f, pytest.raises(FetchError) as exc:
        f.get(server.url("/feed"))
    assert str(exc.value).startswith(server.url("/feed") + ": refused")
    assert "loopback address (127.0.0.1)" in str(exc.value)
    assert server.requests_to("/feed") == []  # not even asked


def test_a_redirect_into_another_private_host_is_refused_naming_the_hop(server):
    # the feed's own host is allowed; a redirect to another private name is not
    port = server.server.server_address[1]
    server.routes["/moved"] = Route(status=302, headers={"Location": f"http://localhost:{port}/x"})
    server.routes["/metadata"] = Route(
        status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with Fetcher() as f:
        with pytest.raises(
            FetchError, match=r"^http://localhost:\d+/x: refused \(redirect target\)"
        ):
            f.get(server.url("/moved"), allow_private=True)
        with pytest.raises(FetchError, match="link-local address"):
            f.get(server.url("/metadata"), allow_private=True)
    assert server.requests_to("/x") == []


def test_a_redirect_on_the_same_host_is_followed(server):
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(FEED)
    with Fetcher() as f:
        resp = f.get(server.url("/old"), allow_private=True)
    assert resp.url == server.url("/new") and resp.body == FEED


def test_an_oversized_body_is_cut_off_at_the_cap(server):
    server.routes["/huge"] = Route(flood=50 * 1024 * 1024)
    server.routes["/liar"] = Route(b"y" * 300_000, headers={})
    with Fetcher(max_bytes=100_000) as f:
        with pytest.raises(FetchError, match="too large"):
            f.get(server.url("/huge"), allow_private=True)
        with pytest.raises(FetchError, match="too large"):
            f.get(server.url("/liar"), allow_private=True)


def test_a_trickling_server_is_given_up_on_at_the_deadline(server):
    server.routes["/slow"] = Route(b"z" * 6400, trickle=0.05)  # 100 chunks: ~5 s in all
    with Fetcher(timeout_s=2, deadline_s=1.0) as f, pytest.raises(FetchError, match="too slow"):
        f.get(server.url("/slow"), allow_private=True)


def test_robots_txt_is_honoured(server):
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    server.routes["/private/feed"] = Route(FEED)
    server.routes["/public/feed"] = Route(FEED)
    with Fetcher() as f:
        assert f.get(server.url("/public/feed"), allow_private=True).body == FEED
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            f.get(server.url("/private/feed"), allow_private=True)
    assert server.requests_to("/private/feed") == []
    assert len(server.requests_to("/robots.txt")) == 1  # asked once, then cached


def test_a_robots_server_error_means_keep_out(server):
    server.routes["/robots.txt"] = Route(b"oops", status=503, content_type="text/plain")
    server.routes["/feed"] = Route(FEED)
    with Fetcher() as f, pytest.raises(FetchError, match="robots"):
        f.get(server.url("/feed"), allow_private=True)


def test_other_schemes_are_refused():
    with Fetcher() as f:
        for url in ("file:///etc/passwd", "ftp://example.org/feed", "gopher://x/"):
            with pytest.raises(FetchError, match="not an http"):
                f.get(url, allow_private=True)
