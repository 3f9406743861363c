"""Refuse webhook URLs that point into private networks (SSRF guard).

A webhook is a URL a user types; without this check vigil could be told to POST
to the metadata service or an internal admin port. Loopback/private targets are
allowed only when explicitly enabled (``Settings.allow_private_urls`` or
``--allow-private``), as tests and single-host setups need.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlparse


class UnsafeURL(ValueError):
    """A URL vigil will not deliver to, with the reason."""


def check_url(url: str, allow_private: bool = False) -> str:
    """Return ``url`` if it is an http(s) URL to a public address, else raise UnsafeURL."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UnsafeURL(f"{url}: not an http(s) URL")
    if allow_private:
        return url
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise UnsafeURL(f"{url}: cannot resolve {parsed.hostname} ({exc})") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if not ip.is_global:
            raise UnsafeURL(
                f"{url}: {parsed.hostname} is a private/loopback address ({ip}); "
                "pass --allow-private (or set VIGIL_ALLOW_PRIVATE_URLS=1) to allow it"
            )
    return url
