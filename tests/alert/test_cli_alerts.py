"""``vigil alerts``: subscribe (refusing private URLs unless allowed), deliver, feeds."""

from __future__ import annotations

import defusedxml.ElementTree as DET
from alert_helpers import SECRET, Receiver, assessment, free_port, strike
from typer.testing import CliRunner

from vigil.alert.feeds import ATOM_NS, CAP_NS
from vigil.alert.service import process
from vigil.cli.main import app
from vigil.registry.db import open_db


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_subscribe_deliver_and_feeds(db_url, tmp_path, monkeypatch):
    monkeypatch.delenv("VIGIL_ALLOW_PRIVATE_URLS", raising=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    refused = run("alerts", "subscribe", "--webhook", url, "--secret", SECRET, "--db", db_url)
    assert refused.exit_code == 1 and "private" in refused.output
    no_secret = run("alerts", "subscribe", "--webhook", url, "--db", db_url)
    assert no_secret.exit_code != 0
    ok = run(
        "alerts",
        "subscribe",
        "--webhook",
        url,
        "--secret",
        SECRET,
        "--allow-private",
        "--org",
        "Org B",  # the organisation of alert_helpers.SITE
        "--db",
        db_url,
    )
    assert ok.exit_code == 0, ok.output
    with open_db(db_url) as store:
        new = process(store.engine, [assessment([strike()])])
    assert new
    down = run("alerts", "deliver", "--db", db_url)
    assert down.exit_code == 1 and "0 delivered" in down.output and "attempts" in down.output
    with Receiver(port) as rx:
        up = run("alerts", "deliver", "--all", "--db", db_url)
    assert up.exit_code == 0 and f"{len(new)} delivered" in up.output
    assert len(rx.received) == len(new)
    listed = run("alerts", "list", "--db", db_url)
    assert "Forward Post" in listed.stdout

    cap = tmp_path / "alerts.cap.xml"
    atom = tmp_path / "alerts.atom"
    assert (
        run("alerts", "feed", "--format", "cap", "--out", str(cap), "--db", db_url).exit_code == 0
    )
    assert (
        run("alerts", "feed", "--format", "atom", "--out", str(atom), "--db", db_url).exit_code == 0
    )
    feed = DET.fromstring(cap.read_text())
    alerts = feed.findall(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}content/{{{CAP_NS}}}alert")
    assert len(alerts) == len(new)
    assert len(DET.fromstring(atom.read_text()).findall(f"{{{ATOM_NS}}}entry")) == len(new)
    first = run("alerts", "feed", "--format", "cap", "--id", str(new[0].id), "--db", db_url)
    assert first.exit_code == 0
    assert DET.fromstring(first.stdout).tag == f"{{{CAP_NS}}}alert"
    assert run("alerts", "feed", "--id", "999999", "--db", db_url).exit_code == 1
