"""Where: offline gazetteer, toponym recognition and resolution in context, registered sites.

Public surface:

* :func:`make_place_resolver` - the ``places`` pipeline component (fills ``Document.places``);
* :func:`locate` - ``locate(doc, start, end) -> {name, lat, lon, country, precision} | None``
  for other stages (events) to place what a sentence reports;
* :func:`load_sites_file` / :class:`Site` - registered sites from a YAML file;
* :func:`load_gazetteer` - the shipped GeoNames-derived index.
"""

from vigil.places.component import PlaceResolver, locate, make_place_resolver
from vigil.places.gazetteer import Gazetteer, load_gazetteer
from vigil.places.sites import Presence, Site, SitesFileError, load_sites_file, read_sites_file

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
