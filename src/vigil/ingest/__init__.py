"""Ingest: turn files, folders and feeds into :class:`~vigil.document.Document` objects.

Readers never raise on a bad input: they yield an :class:`IngestError` naming
the input and the reason, so one broken file never stops a batch.
"""

from vigil.ingest.errors import IngestError
from vigil.ingest.readers import read_paths

__all__ = ["IngestError", "read_paths"]
