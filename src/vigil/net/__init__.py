"""Reaching out to the network safely: the SSRF guard and the one fetcher vigil uses.

Every URL vigil is given by a user or a stranger (a feed, an item's link, each
redirect hop, a webhook) is resolved and refused if it points into a private
network (:mod:`vigil.net.guard`); bodies are read with caps and deadlines and
hosts are treated politely (:mod:`vigil.net.fetch`).
"""

from vigil.net.guard import UnsafeURL, check_url

__all__ = ["UnsafeURL", "check_url"]
