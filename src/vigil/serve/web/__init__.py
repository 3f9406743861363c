"""The browser's watch floor: ``pages`` (login, logout, the map page, /docs and the
files under ``static/``) and ``countries`` (the map's country outlines)."""
