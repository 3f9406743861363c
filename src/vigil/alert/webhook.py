"""Webhook delivery: a JSON POST signed with HMAC-SHA256 of the exact body.

Receivers verify ``X-Vigil-Signature: sha256=<hex>`` with their subscription
secret before trusting the alert. Transient failures are retried a few times
with exponential backoff inside one attempt; anything still failing goes back
to the outbox for a later ``vigil alerts deliver``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from functools import lru_cache
from typing import Any

import httpx

from vigil.net.guard import check_url
from vigil.net.transport import guarded_client

SIGNATURE_HEADER = "X-Vigil-Signature"


@lru_cache(maxsize=2)
def _client(allow_private: bool) -> httpx.Client:
    """One client per process and policy: building TLS contexts per request costs ~0.15 s
    each. Redirects are not followed, so a receiver cannot bounce us to a private address,
    and every connection is checked again where it is made (DNS rebinding)."""
    return guarded_client(allow_private)


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str | None) -> bool:
    return bool(header) and hmac.compare_digest(sign(body, secret), header or "")


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")


def post(
    url: str,
    payload: dict[str, Any],
    secret: str | None,
    allow_private: bool = False,
    retries: int = 2,
    backoff_s: float = 0.25,
    timeout_s: float = 10.0,
) -> None:
    """POST the alert; raises on final failure (the outbox records the error)."""
    check_url(url, allow_private)
    body = encode(payload)
    headers = {"Content-Type": "application/json", "User-Agent": "vigil-alerts"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            resp = _client(allow_private).post(
                url, content=body, headers=headers, timeout=timeout_s
            )
            if resp.status_code < 300:
                return
            last = RuntimeError(f"HTTP {resp.status_code} from {url}")
            if resp.status_code < 500 and resp.status_code != 429:
                break  # the receiver refuses it: retrying now won't help
        except httpx.HTTPError as exc:
            last = RuntimeError(f"{type(exc).__name__}: {exc}")
        if attempt < retries:
            time.sleep(backoff_s * 2**attempt)
    raise last or RuntimeError("webhook failed")
