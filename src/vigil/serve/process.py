"""Run the watch floor as a separate server process on a loopback port and stop it.

For what must talk to a real server over a socket: the serve tests and the load
benchmark (``bench/serve_load.py``). The process is uvicorn with the app factory
(:func:`vigil.serve.app.app_from_env`), configured through the environment the
same way ``vigil serve`` configures the app through its options.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uvicorn_command(port: int, host: str = "127.0.0.1") -> list[str]:
    """The command line of one server process (one worker, warnings only)."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "vigil.serve.app:app_from_env",
        "--host",
        host,
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]


def start(
    db: str,
    *,
    rate_limit: int = 0,
    env: Mapping[str, str] | None = None,
    command: Sequence[str] | None = None,
    port: int | None = None,
    timeout_s: float = 90.0,
    capture: bool = True,
) -> tuple[subprocess.Popen, str]:
    """Start a server over ``db`` and wait until ``/health`` answers: (process, base URL).

    ``command`` replaces the uvicorn command line (e.g. ``vigil serve ...``); it must
    listen on ``port``. The rate limit is off unless given; ``env`` adds settings.
    """
    port = port or free_port()
    proc = subprocess.Popen(
        list(command) if command else uvicorn_command(port),
        env={
            **os.environ,
            "VIGIL_DB": db,
            "VIGIL_RATE_LIMIT": str(rate_limit),
            "VIGIL_SERVE_WARM": "0",
            **(env or {}),
        },
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.STDOUT if capture else None,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stdout.read().decode()[-2000:] if proc.stdout else ""
            raise RuntimeError(f"the server exited: {said}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"the server did not start in {timeout_s:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Interrupt (a clean shutdown, as Ctrl-C), then kill if it lingers."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
