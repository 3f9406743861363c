"""The ``/api/v1`` routers, one per kind of object, and what only they use.

An organisation's own objects: ``sites`` (sites and presence), ``assessments``
(with ``assessment_cache``, which computes them once per state of the data),
``alerts`` (and their subscriptions), ``feeds``, ``users`` (who is calling, the
users, the audit log) and ``stream`` (server-sent events). Public news shared by
all: ``news`` (articles, events, quotes, conflicts) and ``stories``.
``pagination`` is the one cursor scheme of every list.
"""
