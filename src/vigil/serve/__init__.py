"""The watch floor: a multi-organisation HTTP API and web app (``vigil serve``).

Layout: ``app.py`` builds the FastAPI app (``process.py`` runs it as a server
process for the tests and the load benchmark); ``auth/`` is the one gate every
request passes (bearer token or session cookie, CSRF, per-token rate limit, 401
before any route is reached), the accounts it checks and the audit log;
``api/`` the ``/api/v1`` routers and their cursors; ``web/`` the login page, the
watch floor and /docs, all served from this package and installed wheels
(nothing from the network). ``deps.py`` is what every route depends on,
``errors.py`` the one JSON error shape, ``tables.py`` the watch floor's tables.

Isolation rule: every query for an organisation's object (site, presence,
assessment, alert, subscription, feed, audit entry) filters by the caller's
organisation in SQL, so another organisation's object is simply not found and
answers the same 404 as a missing one. Articles, events, quotes, conflicts and
stories are public news and shared.
"""
