"""Commands of the watch floor: ``serve`` (the API and web app) and who may use it
(``orgs``, ``users``, ``tokens``)."""
