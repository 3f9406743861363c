"""Where: offline gazetteer, toponym recognition and resolution in context, registered sites.

Public surface:

* :func:`make_place_resolver` - the ``places`` pipeline component (fills ``Document.places``);
* :func:`locate` - ``locate(doc, start, end) -> {name, lat, lon, country, precision} | None``
  for other stages (events) to place what a sentence reports;
* :func:`load_sites_file` / :class:`Site` - registered sites from a YAML file;
* :func:`load_gazetteer` - the shipped GeoNames-derived index.

The names are imported on first use (PEP 562): the sites registry and the
gazetteer are read by commands that parse no text, which must not pay for
importing spaCy (the resolver's modules need it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vigil.lazy import exports

if TYPE_CHECKING:
    from vigil.places.component import PlaceResolver, locate, make_place_resolver
    from vigil.places.gazetteer import Gazetteer, load_gazetteer
    from vigil.places.sites import (
        Presence,
        Site,
        SitesFileError,
        load_sites_file,
        read_sites_file,
    )

_HOME = {
    "PlaceResolver": "vigil.places.component",
    "locate": "vigil.places.component",
    "make_place_resolver": "vigil.places.component",
    "Gazetteer": "vigil.places.gazetteer",
    "load_gazetteer": "vigil.places.gazetteer",
    "Presence": "vigil.places.sites",
    "Site": "vigil.places.sites",
    "SitesFileError": "vigil.places.sites",
    "load_sites_file": "vigil.places.sites",
    "read_sites_file": "vigil.places.sites",
}

__all__ = [
    "Gazetteer",
    "PlaceResolver",
    "Presence",
    "Site",
    "SitesFileError",
    "load_gazetteer",
    "load_sites_file",
    "locate",
    "make_place_resolver",
    "read_sites_file",
]

__getattr__ = exports(__name__, _HOME)
