"""Build the watch floor's FastAPI app for one database."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

import vigil
from vigil.serve import errors
from vigil.serve import tables as _tables  # noqa: F401 - registers our tables
from vigil.serve.api.assessment_cache import AssessmentCache
from vigil.serve.auth.buckets import RateLimiter
from vigil.serve.auth.gate import Gate

#: Requests per minute per token (or per web user) unless told otherwise.
DEFAULT_RATE_PER_MINUTE = 1200


def create_app(
    db: str | None = None,
    *,
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
    poll_s: float = 1.0,
    warm: bool = True,
    session_hours: float | None = None,
    login_failures_per_minute: int | None = None,
) -> FastAPI:
    """The app serving ``db`` (a URL or SQLite path; migrated on open).

    The rate limit is kept in this process's memory: with several worker processes
    each counts on its own, so a token gets up to ``workers x rate_per_minute``
    (``vigil serve`` runs one process; put a proxy's limit in front of several)."""
    from vigil.registry.db import open_db
    from vigil.serve.api import (
        alerts,
        assessments,
        feeds,
        news,
        sites,
        stories,
        stream,
        users,
    )
    from vigil.serve.auth.accounts import SESSION_TTL
    from vigil.serve.auth.attempts import PER_ACCOUNT, PER_CLIENT, LoginGuard
    from vigil.serve.web import pages

    store = open_db(db)
    app = FastAPI(
        title="vigil watch floor",
        version=vigil.__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        description="Sites, assessments, alerts and the news behind them, per organisation. "
        "Authenticate with `Authorization: Bearer <token>` (`vigil tokens create EMAIL`).",
    )
    app.state.engine = store.engine
    app.state.assessments = AssessmentCache()
    app.state.poll_s = float(os.environ.get("VIGIL_SERVE_POLL_S", poll_s))
    if session_hours is None and os.environ.get("VIGIL_SESSION_HOURS"):
        session_hours = float(os.environ["VIGIL_SESSION_HOURS"])
    if session_hours is not None and not 0 < session_hours <= 24 * 90:
        raise ValueError("a web session lasts more than 0 and at most 2160 hours (90 days)")
    app.state.session_ttl = timedelta(hours=session_hours) if session_hours else SESSION_TTL
    if login_failures_per_minute is None:
        login_failures_per_minute = int(os.environ.get("VIGIL_LOGIN_FAILURES", PER_ACCOUNT))
    per_client = PER_CLIENT if login_failures_per_minute else 0
    app.state.login_guard = LoginGuard(login_failures_per_minute, per_client)
    errors.install(app)

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_who: Any = None) -> JSONResponse:
        if app.openapi_schema is None:
            app.openapi_schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
        return JSONResponse(app.openapi_schema)

    for module in (sites, assessments, alerts, feeds, users, news, stories, stream, pages):
        app.include_router(module.router)
    app.add_middleware(
        Gate,
        engine=store.engine,
        limiter=RateLimiter(rate_per_minute),
        # its own buckets: a flood of bad API tokens must not hold back sign-ins
        rejections=LoginGuard(login_failures_per_minute, per_client),
    )
    if warm and os.environ.get("VIGIL_SERVE_WARM", "1") != "0":
        from vigil.serve.web.countries import warm as warm_countries

        warm_countries()
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory vigil.serve.app:app_from_env``: the database from ``VIGIL_DB``,
    the rate limit from ``VIGIL_RATE_LIMIT``, the session lifetime from
    ``VIGIL_SESSION_HOURS`` (what ``vigil serve`` passes as options)."""
    return create_app(
        os.environ.get("VIGIL_DB"),
        rate_per_minute=int(os.environ.get("VIGIL_RATE_LIMIT", DEFAULT_RATE_PER_MINUTE)),
    )
