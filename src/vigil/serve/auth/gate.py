"""The gate every request passes before any route: who is asking, may they, how often.

A pure ASGI middleware (so streaming responses pass untouched). In order:

1. Paths open to all: ``/health``, ``/login`` and the login page's assets. Everything
   else, unknown paths included, answers 401 without valid credentials, so nothing
   about the API's shape leaks to an anonymous client.
2. Credentials: ``Authorization: Bearer vgl_...`` or the ``vigil_session`` cookie.
   A bearer token refused is audited in its owner's organisation, throttled
   (:func:`vigil.serve.auth.attempts.record_rejection`).
3. CSRF: a cookie-authenticated request that changes state must carry the session's
   token in ``X-CSRF-Token`` and, if the browser sends ``Origin``, come from this
   host. Bearer requests carry no ambient credential and need neither.
4. Rate limit per token (or per web session's user): a token bucket; 429 with
   ``Retry-After`` when empty.

Every response gets a strict Content-Security-Policy (no inline scripts or styles)
and the usual hardening headers.
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import anyio
import sqlalchemy as sa

from vigil.serve.auth import accounts
from vigil.serve.auth.attempts import LoginGuard, record_rejection
from vigil.serve.auth.buckets import RateLimiter
from vigil.serve.errors import error_body

SESSION_COOKIE = "vigil_session"
PUBLIC_PATHS = {"/health", "/login", "/favicon.ico"}
PUBLIC_PREFIXES = ("/static/public/",)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def session_cookie(headers: dict[str, str]) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header is no credential
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


class Gate:
    def __init__(self, app, engine: sa.Engine, limiter: RateLimiter, rejections: LoginGuard):
        self.app = app
        self.engine = engine
        self.limiter = limiter
        #: the throttle of audit entries for refused bearer tokens
        self.rejections = rejections

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        path = scope["path"]
        if is_public(path):
            return await self.app(scope, receive, send_secured)
        headers = _headers(scope)
        principal = None
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            token = auth[7:].strip()
            principal = await anyio.to_thread.run_sync(accounts.check_token, self.engine, token)
            if principal is None:
                client = scope["client"][0] if scope.get("client") else "unknown"
                await anyio.to_thread.run_sync(
                    record_rejection, self.engine, self.rejections, token, client
                )
        elif cookie := session_cookie(headers):
            principal = await anyio.to_thread.run_sync(accounts.check_session, self.engine, cookie)
        if principal is None:
            if scope["method"] == "GET" and "text/html" in headers.get("accept", ""):
                return await _redirect(send_secured, "/login")
            return await _deny(send_secured, 401, "authentication required", www=True)
        if principal.via == "session" and scope["method"] not in SAFE_METHODS:
            sent = headers.get("x-csrf-token", "")
            if not (principal.csrf and hmac.compare_digest(sent.encode(), principal.csrf.encode())):
                return await _deny(send_secured, 403, "CSRF token missing or wrong")
            origin = headers.get("origin")
            if origin and urlsplit(origin).netloc != headers.get("host"):
                return await _deny(send_secured, 403, "cross-origin request refused")
        key = f"t{principal.token_id}" if principal.token_id else f"u{principal.user_id}"
        wait = self.limiter.take(key)
        if wait > 0:
            return await _deny(
                send_secured, 429, "rate limit exceeded", retry_after=max(1, round(wait))
            )
        scope.setdefault("state", {})["principal"] = principal
        return await self.app(scope, receive, send_secured)


async def _deny(send, status: int, message: str, www: bool = False, retry_after: int = 0):
    body = json.dumps(error_body(status, message)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if www:
        headers.append((b"www-authenticate", b'Bearer realm="vigil"'))
    if retry_after:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str):
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode()), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})
