"""The HTTP client vigil fetches with: every connection checked by the SSRF guard.

:func:`guarded_client` gives an httpx client whose network layer
(:class:`GuardedBackend`) resolves each host itself, refuses private addresses
(:mod:`vigil.net.guard`) and connects to the address it checked, so a name that
answers public first and private next (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

from typing import Any

import httpcore
import httpx

from vigil.net.guard import UnsafeURL, safe_addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network layer, connecting only to addresses the guard has checked."""

    def __init__(self, allow_private: bool = False):
        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = safe_addresses(host, port, self.allow_private)
        except UnsafeURL as exc:
            raise httpcore.ConnectError(f"refused: {exc}") from exc
        last: Exception | None = None
        for ip in addresses:
            try:
                return self._inner.connect_tcp(
                    str(ip), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"cannot connect to {host}:{port}")

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("refused: unix sockets are not reachable from vigil")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_client(allow_private: bool = False, **kwargs: Any) -> httpx.Client:
    """An httpx client whose every connection goes through :class:`GuardedBackend`.

    Redirects are not followed here: callers follow them hop by hop, checking
    each target's scheme (the backend checks its address). Proxies from the
    environment are ignored, since a proxy would connect on our behalf unchecked.
    """
    transport = httpx.HTTPTransport()
    pool = transport._pool  # httpx offers no public hook for the network backend
    transport._pool = httpcore.ConnectionPool(
        ssl_context=pool._ssl_context,
        max_connections=pool._max_connections,
        max_keepalive_connections=pool._max_keepalive_connections,
        keepalive_expiry=pool._keepalive_expiry,
        network_backend=GuardedBackend(allow_private),
    )
    return httpx.Client(transport=transport, follow_redirects=False, trust_env=False, **kwargs)
