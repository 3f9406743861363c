"""Real local receivers for alert tests: an HTTP server that checks signatures, and SMTP."""

from __future__ import annotations

import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vigil.alert.webhook import SIGNATURE_HEADER, verify
from vigil.assess.config import load_weights
from vigil.assess.evidence import EventRecord
from vigil.assess.score.site import assess_site
from vigil.records import Event, Evidence
from vigil.registry.model import RegisteredSite

SECRET = "s3cret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """A webhook receiver on 127.0.0.1 in a thread; keeps bodies whose HMAC verifies."""

    def __init__(self, port: int, secret: str = SECRET):
        self.port, self.secret = port, secret
        self.received: list[bytes] = []
        self.rejected: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if verify(body, outer.secret, self.headers.get(SIGNATURE_HEADER)):
                    outer.received.append(body)
                    self.send_response(204)
                else:
                    outer.rejected.append(body)
                    self.send_response(401)
                self.end_headers()

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


SITE = RegisteredSite("Forward Post", 5.0, 5.0, radius_km=20, organisation="Org B", country="NGA")


def strike(eid="v1", day="2022-05-02", fatalities=4, article="a1", source="https://x.example/1"):
    ev = Event(
        id=eid,
        category="ASSAULT",
        mode="explosive",
        where={
            "name": "Checkpoint",
            "lat": 5.01,
            "lon": 5.01,
            "country": "NGA",
            "precision": "exact",
        },
        when={"value": day, "granularity": "day"},
        fatalities=fatalities,
        evidence=[Evidence("A bomb killed four at the checkpoint.", 0, 10)],
    )
    return EventRecord(ev, article, source, "t", date.fromisoformat(day), source)


def assessment(records, at="2022-05-03"):
    return assess_site(SITE, records, date.fromisoformat(at), load_weights())
