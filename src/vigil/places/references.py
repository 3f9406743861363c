"""After resolution: registered sites and references tied to places named earlier.

A site's name or alias becomes the site when the text supports it ("Taji" in a
story about Iraq); a description becomes the place it describes: "the city" or
"the capital" an earlier city or the focus country's capital, "the camp" an
earlier base, "their base" a base of an organisation the text names.
"""

from __future__ import annotations

import re

from vigil.places.gazetteer import Gazetteer, haversine_km
from vigil.places.lexicon import SITE_KINDS
from vigil.places.mentions import Mention, Resolution
from vigil.places.sites import Site


def attach_sites(
    gaz: Gazetteer,
    site_country: dict[str, str | None],
    named: list[Mention],
    resolved: dict[int, Resolution],
    focus_countries: list[str],
) -> None:
    """A site name or alias resolves to the site when the text supports it."""
    mentioned_names = {m.text for m in named}
    for m in named:
        if m.source != "site":
            continue
        for site in m.sites:
            other_names = (set(site.names) - {m.text}) & mentioned_names
            supported = (
                m.text == site.name
                or not gaz.has_name(m.text)
                or site_country.get(site.name) in focus_countries[:2]
                or bool(other_names)
            )
            if supported:
                res = resolved[id(m)]
                res.site, res.coarse = site, False
                near = [
                    c
                    for c in gaz.lookup(m.text)
                    if haversine_km(c.lat, c.lon, site.lat, site.lon) <= max(site.radius_km, 5)
                ]
                res.cand = near[0] if near else None
                break


def resolve_reference(
    gaz: Gazetteer,
    sites: list[Site],
    site_country: dict[str, str | None],
    m: Mention,
    before: list[Resolution],
    focus: list[str],
    text: str,
) -> Resolution | None:
    """The place a description ("the city", "the camp", "their base") refers to."""
    kind = m.ref
    if kind in SITE_KINDS:
        kinds = SITE_KINDS[kind]
        for r in reversed(before):
            if r.site is not None and r.site.kind in kinds:
                return Resolution(m, cand=r.cand, site=r.site)
        if m.possessive:
            # "their base": a base of an organisation the text names, in its focus.
            for site in sites:
                if (
                    site.kind in kinds
                    and site_country.get(site.name) in focus[:2]
                    and organisation_named(site.organisation, text)
                ):
                    return Resolution(m, site=site)
        return None
    if kind == "capital":
        cap = gaz.capital(focus[0]) if focus else None
        return Resolution(m, cand=cap) if cap else None
    want = {"city": {"city"}, "country": {"country"}, "admin": {"admin1", "admin2"}}[kind]
    for r in reversed(before):
        if r.cand is not None and r.cand.level in want and not r.coarse:
            return Resolution(m, cand=r.cand, site=r.site if kind == "city" else None)
        if kind == "city" and r.site is not None and r.site.kind == "city":
            return Resolution(m, cand=r.cand, site=r.site)
    return None


def organisation_named(org: str | None, text: str) -> bool:
    """Does the text name the organisation: in full, by its acronym, or by its head words
    ("Defence Force" for "New Zealand Defence Force")? Sites without one always count."""
    if not org:
        return True
    words = [w for w in re.findall(r"[A-Za-z]+", org) if w[0].isupper()]
    forms = {org}
    if len(words) >= 2:
        forms.add("".join(w[0] for w in words))  # NZDF
        forms.add(" ".join(words[-2:]))  # Defence Force
    return any(re.search(r"\b" + re.escape(f) + r"\b", text) for f in forms if len(f) >= 3)
