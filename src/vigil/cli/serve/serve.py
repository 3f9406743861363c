"""``vigil serve``: the API and web watch floor (FastAPI on uvicorn), localhost by default."""

from __future__ import annotations

import typer

from vigil.cli.common import DbOption, err
from vigil.cli.main import app


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default loopback)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    db: str | None = DbOption,
    rate_limit: int = typer.Option(
        1200, "--rate-limit", min=0, help="Requests per minute per token (0: no limit)."
    ),
    session_hours: float | None = typer.Option(
        None,
        "--session-hours",
        envvar="VIGIL_SESSION_HOURS",
        min=0.01,
        max=24 * 90,
        help="How long a web sign-in lasts (default 12 hours).",
    ),
    proxy_headers: bool = typer.Option(
        False, "--proxy-headers", help="Trust X-Forwarded-Proto from a local TLS proxy."
    ),
) -> None:
    """Serve the API under /api/v1 and the web watch floor at /."""
    import uvicorn

    from vigil.serve.app import create_app

    application = create_app(db, rate_per_minute=rate_limit, session_hours=session_hours)
    err.print(f"vigil serving on http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(
        application,
        host=host,
        port=port,
        proxy_headers=proxy_headers,
        forwarded_allow_ips="127.0.0.1" if proxy_headers else None,
        log_level="warning",
    )
