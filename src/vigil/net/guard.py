"""Refuse URLs that point into private networks (SSRF guard).

A feed URL, an item's link, a redirect's ``Location`` and a webhook are all text
from someone else. Without this guard vigil could be made to fetch the cloud
metadata service or an internal admin port and store the answer as news. Refused:
schemes other than http(s), and hosts that resolve to loopback, private,
link-local, multicast, reserved or otherwise non-global addresses. The only
exception is a target explicitly allowed (``--allow-private`` on a feed or a
subscription, ``VIGIL_ALLOW_PRIVATE_URLS=1``).

Checking the name and then letting the HTTP library resolve it again would leave
a gap (DNS rebinding: a name that answers public first and private next). The
:class:`vigil.net.transport.GuardedBackend` closes it: it is the network layer
under vigil's HTTP client, it resolves each host itself, checks every address and
connects to the address it checked. The checks live here, apart from the HTTP
library, so that code which only validates a URL (the CLI, the alert outbox) does
not import httpx.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeURL(ValueError):
    """A URL vigil will not reach, with the reason in words (the URL comes first)."""


def address_problem(ip: IPAddress) -> str | None:
    """Why vigil must not connect to ``ip`` uninvited, or None if it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_problem(ip.ipv4_mapped)
    for attr, what in (
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_unspecified", "an unspecified"),
        ("is_private", "a private"),
        ("is_reserved", "a reserved"),
    ):
        if getattr(ip, attr):
            return f"{what} address ({ip})"
    if not ip.is_global:
        return f"not a public address ({ip})"
    return None


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(f"{url}: refused: not an http(s) URL")


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeURL(f"cannot resolve {host} ({exc})") from exc
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def safe_addresses(host: str, port: int, allow_private: bool) -> list[IPAddress]:
    """The addresses of ``host``; all of them must be public unless private ones are allowed."""
    addresses = resolve(host, port)
    if not allow_private:
        for ip in addresses:
            problem = address_problem(ip)
            if problem:
                raise UnsafeURL(
                    f"{host} resolves to {problem}; add the feed or subscription with "
                    "--allow-private (or set VIGIL_ALLOW_PRIVATE_URLS=1) to allow it"
                )
    return addresses


def check_url(url: str, allow_private: bool = False) -> str:
    """Return ``url`` if vigil may reach it, else raise :class:`UnsafeURL` naming it and why."""
    check_scheme(url)
    parts = urlsplit(url)
    default = 443 if parts.scheme.lower() == "https" else 80
    try:
        port = parts.port or default
    except ValueError as exc:
        raise UnsafeURL(f"{url}: refused: bad port ({exc})") from exc
    try:
        safe_addresses(parts.hostname or "", port, allow_private)
    except UnsafeURL as exc:
        raise UnsafeURL(f"{url}: refused: {exc}") from exc
    return url
