"""One reader per input format: plain ``text`` (with its ``.meta.json`` sidecar),
``html`` pages, ``jsonl`` (JSON Lines and JSON), RSS and Atom ``feed``s, news
``sitemap``s (pages to fetch, no text) and ``warc`` web archives. ``readers``
(beside this package) picks the one for each path."""
