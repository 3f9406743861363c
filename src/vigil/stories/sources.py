"""The source registry: which outlet a report came from, who owns it, how reliable it is.

``data/sources.yaml`` (see ``data/README.md``) maps a web domain to the outlet's
name, country, owner and an Admiralty-style reliability grade A-F. Independence
is judged by owner: two outlets of one group are one source. Unknown domains
get the documented default grade (F: cannot be judged) and are their own owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

DATA = Path(__file__).with_name("data") / "sources.yaml"
GRADES = "ABCDEF"


@dataclass(frozen=True)
class Outlet:
    domain: str
    name: str
    owner: str
    grade: str
    country: str | None = None
    known: bool = False

    def citation(self) -> str:
        """How a citation names it: ``Reuters (A)``."""
        return f"{self.name} ({self.grade})"

    def as_dict(self) -> dict[str, str | bool | None]:
        return {
            "domain": self.domain,
            "name": self.name,
            "owner": self.owner,
            "grade": self.grade,
            "country": self.country,
        }


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, dict], str]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    default = str((raw.get("default") or {}).get("grade") or "F").upper()
    entries = {str(k).lower(): dict(v) for k, v in (raw.get("sources") or {}).items()}
    for dom, e in entries.items():
        if str(e.get("grade", "")).upper() not in GRADES:
            raise ValueError(f"{DATA}: {dom}: grade must be one of {GRADES}")
    return entries, default


def domain_of(url: str | None = None, source: str | None = None) -> str:
    """The outlet's domain from a URL (or a source that is one), without ``www.``;
    for a non-URL source (a local file) the source string itself."""
    for loc in (url, source):
        if loc and "://" in loc:
            host = (urlparse(loc).hostname or "").lower()
            if host and not loc.startswith("file:"):
                return host.removeprefix("www.")
    return (source or url or "").strip()


def outlet(domain: str) -> Outlet:
    """The registry entry for a domain (or its nearest listed parent), else the default."""
    entries, default = _registry()
    dom = (domain or "").lower().removeprefix("www.")
    parts = dom.split(".")
    for i in range(len(parts) - 1):
        cand = ".".join(parts[i:])
        e = entries.get(cand)
        if e:
            return Outlet(
                domain=cand,
                name=str(e.get("name") or cand),
                owner=str(e.get("owner") or e.get("name") or cand),
                grade=str(e.get("grade")).upper(),
                country=e.get("country"),
                known=True,
            )
    name = dom if len(dom) <= 60 else dom[:59] + "\u2026"  # a free-text source, not a domain
    return Outlet(domain=dom, name=name or "unknown source", owner=dom, grade=default)


def outlet_for(url: str | None = None, source: str | None = None) -> Outlet:
    return outlet(domain_of(url, source))


def independent_count(domains: list[str] | set[str]) -> int:
    """How many independent sources: distinct owners among the outlets."""
    return len({outlet(d).owner.casefold() for d in domains if d})
