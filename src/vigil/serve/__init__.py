"""The watch floor: a multi-organisation HTTP API and web app (``vigil serve``).

Layout: ``app.py`` builds the FastAPI app; ``security.py`` is the one gate every
request passes (bearer token or session cookie, CSRF, per-token rate limit, 401
before any route is reached); ``errors.py`` the one JSON error shape;
``pagination.py`` cursors; ``api_*.py`` the ``/api/v1`` routers; ``stream.py``
the server-sent events; ``web.py`` the login page, the watch floor and /docs,
all served from this package and installed wheels (nothing from the network).

Isolation rule: every query for an organisation's object (site, presence,
assessment, alert, subscription, feed, audit entry) filters by the caller's
organisation in SQL, so another organisation's object is simply not found and
answers the same 404 as a missing one. Articles, events, quotes, conflicts and
stories are public news and shared.
"""
