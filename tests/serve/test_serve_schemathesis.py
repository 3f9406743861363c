"""schemathesis against the served OpenAPI schema, on a real server process: no 5xx.

Bounded (a few examples per operation, a time budget) so it stays fast. Left out:
the stream (it never ends), and the operations whose input is a URL the server
resolves (feeds, subscriptions: DNS must not leave this machine), and disabling
users (it would lock the fuzzing token out and stop the run testing anything).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from serve_helpers import start_server, stop

ST = Path(sys.executable).with_name("schemathesis")


def fuzzable(schema: dict) -> dict:
    """The served schema less what must not be fuzzed (see the module docstring); the
    token is sent as a plain header, so the auth scheme is not fuzzed into 401s."""
    paths = schema["paths"]
    paths.pop("/api/v1/stream")
    paths["/api/v1/feeds"].pop("post")
    paths["/api/v1/subscriptions"].pop("post")
    paths["/api/v1/users/{user_id}"].pop("delete")
    for ops in paths.values():
        for op in ops.values():
            op.pop("security", None)
    schema.get("components", {}).pop("securitySchemes", None)
    return schema


def test_schemathesis_no_server_errors(db_url, tmp_path):
    from serve_helpers import seed

    orgs = seed(db_url)
    proc, base = start_server(db_url, rate_limit=0)
    try:
        token = orgs["Alpha"].admin
        schema = httpx.get(base + "/openapi.json", headers={"authorization": f"Bearer {token}"})
        assert schema.status_code == 200
        path = tmp_path / "openapi.json"
        path.write_text(json.dumps(fuzzable(schema.json())))
        report = tmp_path / "report.json"
        run = subprocess.run(
            [
                str(ST),
                "run",
                str(path),
                "--url",
                base,
                "-H",
                f"Authorization: Bearer {token}",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                "6",
                "--max-time",
                "15",
                "--phases",
                "examples,coverage,fuzzing",
                "--workers",
                "1",  # threads: CPython 3.11's ast.parse is not thread-safe (schemathesis uses it)
                "--no-shrink",
                "--report",
                "ndjson",
                "--report-ndjson-path",
                str(report),
                "--suppress-health-check",
                "all",
                "--warnings",
                "off",
            ],
            capture_output=True,
            cwd=tmp_path,  # schemathesis keeps a cache folder in its working directory
            text=True,
            timeout=240,
        )
        out = run.stdout + run.stderr
        print(out[-3000:])
        assert run.returncode == 0, out[-6000:]
        assert "No issues found" in out
        # it really exercised the API: every operation answered requests (how many in the
        # time budget depends on the machine's load, so the count of calls is not the test)
        answered, calls = set(), 0
        for line in report.read_text().splitlines():
            scenario = json.loads(line).get("ScenarioFinished")
            if scenario and scenario["status"] != "skip" and '"status_code"' in line:
                answered.add(scenario["recorder"]["label"])
                calls += line.count('"status_code"')
        operations = sum(len(ops) for ops in fuzzable(schema.json())["paths"].values())
        assert len(answered) == operations and calls >= 3 * operations, (answered, calls)
        assert httpx.get(base + "/health").status_code == 200
    finally:
        stop(proc)
