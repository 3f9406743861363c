"""Commands that bring reports in: ``extract``, ``ingest``, ``failures``, ``feeds`` and ``watch``."""
