"""A real HTTP server on loopback for the watch's tests: feeds, pages, and misbehaviour.

Each route is what a real server might do: answer with validators (and a 304 to
a conditional GET), trickle the body slowly, send far too much, redirect, fail.
Every request is logged with its headers so tests can check what vigil sent.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - socketserver's
        """A client hanging up (vigil giving up on an oversized or slow body, or closing a
        kept-alive connection) is what the tests provoke, not a server fault: only other
        errors are printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    #: seconds between chunks of 64 bytes (a slow server)
    trickle: float = 0.0
    #: send this many bytes of filler (an endless/oversized body), ignoring ``body``
    flood: int = 0


class Loopback:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", route.content_type, {"ETag": route.etag})
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                if route.flood:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(route.flood))
                    self.end_headers()
                    chunk = b"x" * 65536
                    sent = 0
                    try:
                        while sent < route.flood:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self._send(route.status, route.body, route.content_type, headers, route.trickle)

            def _send(self, status, body, ctype, headers=None, trickle=0.0) -> None:  # noqa: ANN001
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    if trickle:
                        for i in range(0, len(body), 64):
                            self.wfile.write(body[i : i + 64])
                            self.wfile.flush()
                            time.sleep(trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.hits if p == path]


def rss(items: list[dict], title: str = "Test wire") -> bytes:
    """An RSS 2.0 feed; each item: title, link, guid, summary, content (full text), date."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>http://example.org/</link>",
    ]
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it['title'])}</title>")
        if it.get("link"):
            parts.append(f"<link>{escape(it['link'])}</link>")
        parts.append(f"<guid>{escape(it.get('guid') or it.get('link') or it['title'])}</guid>")
        parts.append(f"<pubDate>{it.get('date', 'Mon, 06 Jan 2020 08:00:00 GMT')}</pubDate>")
        if it.get("summary"):
            parts.append(f"<description>{escape(it['summary'])}</description>")
        if it.get("content"):
            parts.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title>"
        '<meta property="article:published_time" content="2020-01-06">'
        f"</head><body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
    ).encode()


def http_date(ts: float | None = None) -> str:
    return formatdate(ts or time.time(), usegmt=True)
