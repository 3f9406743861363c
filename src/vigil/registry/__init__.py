"""The registry: organisations, the sites they watch and their presence in countries.

Assessment and alerting read sites from here; the places stage reads the same
sites as gazetteer entries so that "Taji" in a report resolves to a site.
"""

from vigil.registry.model import Organisation, Presence, RegisteredSite, Registry

__all__ = ["Organisation", "Presence", "RegisteredSite", "Registry"]
