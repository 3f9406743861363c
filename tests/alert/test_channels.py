"""Every alert channel end to end against real local receivers, on both databases."""

from __future__ import annotations

import json
import time

import defusedxml.ElementTree as DET
import pytest
from aiosmtpd.controller import Controller
from alert_helpers import SECRET, SITE, Receiver, assessment, free_port, strike

from vigil.alert import delivery, outbox
from vigil.alert.feeds import ATOM_NS, CAP_NS, atom_xml, cap_feed_xml, cap_xml
from vigil.alert.mailer import SmtpConfig
from vigil.alert.service import process
from vigil.net.guard import UnsafeURL, check_url
from vigil.registry.db import open_db

ORG = SITE.organisation  # subscriptions receive their own organisation's alerts only


@pytest.fixture
def engine(db_url):
    store = open_db(db_url)
    yield store.engine
    store.close()


def test_level_change_and_severe_event_alert_once(engine):
    first = process(engine, [assessment([strike()])])
    kinds = sorted(a.kind for a in first)
    assert kinds == ["level_change", "severe_event"]
    # the same situation again, and the same event reported by another outlet: no new alerts
    assert process(engine, [assessment([strike()])]) == []
    again = [strike(), strike(eid="v7", article="a2", source="https://y.example/2")]
    assert process(engine, [assessment(again, at="2022-05-04")]) == []
    assert len(outbox.list_alerts(engine)) == 2


def test_webhook_signed_and_redelivered_after_receiver_comes_back(engine):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    sub = outbox.subscribe(
        engine, "webhook", url, secret=SECRET, allow_private=True, organisation=ORG
    )
    assert sub
    new = process(engine, [assessment([strike()])])
    assert new
    sender = delivery.default_sender(retries=0)
    down = delivery.deliver(engine, sender)  # nobody listening
    assert (down.delivered, down.failed) == (0, len(new))
    rows = delivery.deliveries(engine)
    assert all(r["delivered_at"] is None and r["attempts"] == 1 and r["last_error"] for r in rows)
    assert all(r["next_attempt_at"] > r["created_at"] for r in rows)
    # not due yet: a plain run does nothing
    assert delivery.deliver(engine, sender).delivered == 0
    with Receiver(port) as rx:
        back = delivery.deliver(engine, sender, due_only=False)
        assert back.delivered == len(new) and back.pending == 0
        assert delivery.deliver(engine, sender, due_only=False).delivered == 0
        time.sleep(0.05)
    assert len(rx.received) == len(new) and rx.rejected == []
    bodies = [json.loads(b) for b in rx.received]
    assert {b["dedupe_key"] for b in bodies} == {a.dedupe_key for a in new}
    assert all(b["site"] == "Forward Post" for b in bodies)


def test_wrong_secret_is_rejected_by_receiver_and_kept_pending(engine):
    port = free_port()
    outbox.subscribe(
        engine,
        "webhook",
        f"http://127.0.0.1:{port}/",
        secret="wrong",
        allow_private=True,
        organisation=ORG,
    )
    process(engine, [assessment([strike()])])
    with Receiver(port) as rx:
        report = delivery.deliver(engine, delivery.default_sender(retries=0))
    assert report.delivered == 0 and report.failed > 0 and rx.received == []
    assert all("401" in r["last_error"] for r in delivery.deliveries(engine))


def test_private_urls_refused_unless_allowed(engine):
    for url in (
        "http://127.0.0.1:9/x",
        "http://10.1.2.3/x",
        "http://[::1]/x",
        "http://169.254.169.254/",
    ):
        with pytest.raises(UnsafeURL, match="private"):
            outbox.subscribe(engine, "webhook", url, secret="s")
    with pytest.raises(UnsafeURL, match="not an http"):
        check_url("file:///etc/passwd", allow_private=True)
    assert check_url("http://127.0.0.1:9/x", allow_private=True)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.messages.append(envelope)
        return "250 OK"


def test_email_over_real_smtp_with_retry(engine):
    port = free_port()
    outbox.subscribe(engine, "email", "ops@example.org", site="Forward Post", organisation=ORG)
    outbox.subscribe(engine, "email", "other@example.org", site="Somewhere Else", organisation=ORG)
    new = process(engine, [assessment([strike()])])
    sender = delivery.default_sender(
        smtp=SmtpConfig(host="127.0.0.1", port=port, sender="vigil@test")
    )
    assert delivery.deliver(engine, sender).failed == len(new)  # SMTP server down
    inbox = Inbox()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        report = delivery.deliver(engine, sender, due_only=False)
    finally:
        ctl.stop()
    assert report.delivered == len(new) and len(inbox.messages) == len(new)
    env = inbox.messages[0]
    assert env.rcpt_tos == ["ops@example.org"]
    text = env.content.decode()
    assert "Forward Post" in text and "A bomb killed four at the checkpoint." in text


def test_cap_and_atom_feeds_parse_with_required_elements(engine):
    process(engine, [assessment([strike()])])
    alerts = outbox.list_alerts(engine)
    c = f"{{{CAP_NS}}}"
    doc = DET.fromstring(cap_xml(alerts[0]))
    assert doc.tag == c + "alert"
    for tag in ("identifier", "sender", "sent", "status", "msgType", "scope"):
        assert doc.find(c + tag) is not None and doc.find(c + tag).text, tag
    assert doc.find(c + "sent").text.endswith("-00:00")
    info = doc.find(c + "info")
    for tag in ("category", "event", "urgency", "severity", "certainty", "headline", "description"):
        assert info.find(c + tag) is not None and info.find(c + tag).text, tag
    assert info.find(c + "category").text == "Security"
    assert info.find(c + "severity").text in {"Extreme", "Severe", "Moderate", "Minor", "Unknown"}
    circle = info.find(f"{c}area/{c}circle").text
    lat_lon, radius = circle.split(" ")
    assert [float(x) for x in lat_lon.split(",")] == [5.0, 5.0] and float(radius) == 20

    a = f"{{{ATOM_NS}}}"
    feed = DET.fromstring(cap_feed_xml(alerts))
    entries = feed.findall(a + "entry")
    assert len(entries) == len(alerts)
    assert all(e.find(f"{a}content/{c}alert") is not None for e in entries)
    atom = DET.fromstring(atom_xml(alerts))
    for tag in ("id", "title", "updated"):
        assert atom.find(a + tag).text
    titles = [e.find(a + "title").text for e in atom.findall(a + "entry")]
    assert sorted(titles) == sorted(x.headline for x in alerts)


def test_backoff_doubles_and_nothing_is_dropped(engine):
    from datetime import timedelta

    from vigil.registry.db import utcnow

    port = free_port()
    outbox.subscribe(
        engine,
        "webhook",
        f"http://127.0.0.1:{port}/",
        secret=SECRET,
        allow_private=True,
        organisation=ORG,
    )
    new = process(engine, [assessment([strike()])])
    sender = delivery.default_sender(retries=0)
    now = utcnow()
    gaps = []
    for _ in range(4):
        delivery.deliver(engine, sender, now=now)
        row = delivery.deliveries(engine)[0]
        gaps.append(row["next_attempt_at"] - now)
        now = row["next_attempt_at"]  # come back exactly when it is due
    assert gaps == [delivery.BACKOFF_BASE * 2**i for i in range(4)]
    assert gaps[1] == 2 * gaps[0] and gaps[-1] < timedelta(hours=1)
    rows = delivery.deliveries(engine)
    assert len(rows) == len(new) and all(
        r["attempts"] == 4 and r["delivered_at"] is None for r in rows
    )
    with Receiver(port) as rx:
        assert delivery.deliver(engine, sender, now=now).delivered == len(new)
    assert len(rx.received) == len(new)


def test_presence_alerts_when_advice_level_changes(engine):
    from datetime import date

    from vigil.assess.config import load_weights
    from vigil.assess.evidence import EventRecord
    from vigil.assess.score.presence import assess_presence
    from vigil.records import Event, Evidence
    from vigil.registry.model import Presence

    text = "The foreign ministry urged its nationals in Nigeria to leave immediately."
    advice = EventRecord(
        Event(
            id="v3",
            category="REQUEST",
            where={"name": "Nigeria", "country": "NGA", "precision": "country"},
            when={"value": "2022-05-02", "granularity": "day"},
            evidence=[Evidence(text, 0, len(text))],
        ),
        "a9",
        "https://z.example/9",
        "t",
        date(2022, 5, 2),
    )
    p = Presence("NGA", 7, "staff", "Org B")
    quiet = assess_presence(p, [], date(2022, 5, 1), load_weights())
    assert process(engine, [quiet]) == []  # level 1 from the start: nothing to say
    loud = assess_presence(p, [advice], date(2022, 5, 3), load_weights())
    (alert,) = process(engine, [loud])
    assert alert.kind == "advisory_change" and alert.previous_level == 1 and alert.level == 4
    assert "leave" in alert.description
    doc = DET.fromstring(cap_xml(outbox.list_alerts(engine)[0]))
    info = doc.find(f"{{{CAP_NS}}}info")
    assert info.find(f"{{{CAP_NS}}}severity").text == "Extreme"
    assert info.find(f"{{{CAP_NS}}}area/{{{CAP_NS}}}areaDesc").text == "staff in Nigeria"
