"""One careful HTTP GET for feeds, article pages and robots.txt.

Servers are strangers: a body may be endless, an answer may trickle in forever,
a redirect may point into the private network, and a host that is polled too
hard will block us. So every fetch here

- goes through the SSRF guard (each redirect hop too, at most ``max_redirects``);
- reads at most ``max_bytes`` of the decoded body (a gzip bomb stops at the cap)
  and gives up after ``deadline_s`` in all, whatever the per-read timeouts say;
- sends ``If-None-Match`` / ``If-Modified-Since`` when given validators, so an
  unchanged feed costs a 304;
- honours robots.txt (RFC 9309: a missing file allows all, a server error
  disallows all for a while) and ``Crawl-delay``, and holds at most
  ``per_host`` requests to one host at a time (in this process).

Failures raise :class:`FetchError`, whose text names the URL and the reason.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

import vigil
from vigil.net.guard import UnsafeURL, check_scheme, check_url
from vigil.net.transport import guarded_client

USER_AGENT = f"vigil/{vigil.__version__} (news watch; +https://github.com/vigil)"
ROBOTS_AGENT = "vigil"
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A fetch that did not give a usable answer; ``str()`` is ``URL: reason``."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status = url, reason, status


@dataclass
class Response:
    url: str  # after redirects
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: everything disallowed (server error)
    until: float


class Fetcher:
    """A polite, capped, SSRF-guarded GET; one per process, shared by threads."""

    def __init__(
        self,
        *,
        timeout_s: float = 10.0,
        deadline_s: float = 30.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 5,
        per_host: int = 2,
        robots: bool = True,
        user_agent: str = USER_AGENT,
    ):
        self.timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))
        self.deadline_s = deadline_s
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.robots = robots
        self.user_agent = user_agent
        self._clients: dict[bool, httpx.Client] = {}
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(per_host)
        )
        self._last_hit: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one public verb ---------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        allow_private: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Response:
        """GET ``url`` following redirects hop by hop; a 304 comes back as a Response.

        ``allow_private`` lets ``url``'s own host be a private address (a feed added
        with ``--allow-private``); a redirect to any other host is checked as usual.
        """
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        trusted = _host(url) if allow_private else None
        target = url
        for _hop in range(self.max_redirects + 1):
            private = trusted is not None and _host(target) == trusted
            self._check(target, private, first=target == url)
            resp = self._get_once(target, headers, private, max_bytes or self.max_bytes)
            location = resp.headers.get("location")
            if resp.status in _REDIRECTS and location:
                target = urljoin(target, location)
                continue
            if resp.status == 304 or 200 <= resp.status < 300:
                return resp
            raise FetchError(target, f"HTTP {resp.status}", resp.status)
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    # -- steps ------------------------------------------------------------------------------
    def _check(self, url: str, allow_private: bool, first: bool) -> None:
        try:
            check_url(url, allow_private)
        except UnsafeURL as exc:
            where = "" if first else " (redirect target)"
            raise FetchError(
                url, f"refused{where}: {str(exc).split(': refused: ', 1)[-1]}"
            ) from exc
        if self.robots and not self.allowed(url, allow_private):
            raise FetchError(url, "disallowed by robots.txt")

    def _client(self, allow_private: bool) -> httpx.Client:
        with self._lock:
            if allow_private not in self._clients:
                self._clients[allow_private] = guarded_client(allow_private, timeout=self.timeout)
            return self._clients[allow_private]

    def _get_once(
        self, url: str, headers: dict[str, str], allow_private: bool, max_bytes: int
    ) -> Response:
        host = urlsplit(url).netloc.lower()
        with self._host_slots[host]:
            self._wait_crawl_delay(url, host)
            started = time.monotonic()
            try:
                with self._client(allow_private).stream("GET", url, headers=headers) as r:
                    declared = r.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(url, f"too large: {declared} bytes (limit {max_bytes})")
                    body = bytearray()
                    for chunk in r.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchError(url, f"too large: more than {max_bytes} bytes")
                        if time.monotonic() - started > self.deadline_s:
                            raise FetchError(
                                url, f"too slow: no full answer in {self.deadline_s:g} s"
                            )
                    return Response(
                        str(r.url),
                        r.status_code,
                        bytes(body),
                        {k.lower(): v for k, v in r.headers.items()},
                    )
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out ({type(exc).__name__})") from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
            finally:
                self._last_hit[host] = time.monotonic()

    # -- politeness ------------------------------------------------------------------------
    def allowed(self, url: str, allow_private: bool = False) -> bool:
        """Whether robots.txt of ``url``'s host lets vigil fetch it (cached an hour)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        entry = self._robots.get(root)
        if entry is None or entry.until < now:
            entry = self._load_robots(root, allow_private, now)
            self._robots[root] = entry
        return entry.parser is not None and entry.parser.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, root: str, allow_private: bool, now: float) -> _Robots:
        parser = RobotFileParser()
        robots_url = root + "/robots.txt"
        try:
            check_scheme(robots_url)
            resp = self._get_once(
                robots_url, {"User-Agent": self.user_agent}, allow_private, 512 * 1024
            )
        except (FetchError, UnsafeURL):
            return _Robots(None, now + 600)  # unreachable: assume disallow, ask again soon
        if resp.status >= 500:
            return _Robots(None, now + 600)
        if resp.status >= 400 or resp.status in _REDIRECTS:
            parser.parse([])  # no robots.txt: everything allowed
        else:
            parser.parse(resp.body.decode("utf-8", "replace").splitlines())
        return _Robots(parser, now + 3600)

    def _wait_crawl_delay(self, url: str, host: str) -> None:
        entry = self._robots.get(f"{urlsplit(url).scheme}://{host}")
        delay = entry.parser.crawl_delay(ROBOTS_AGENT) if entry and entry.parser else None
        last = self._last_hit.get(host)
        if delay and last is not None:
            wait = min(float(delay), 30.0) - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()
