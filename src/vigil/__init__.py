"""vigil: read news reports, extract who did what to whom where, assess threat to watched sites.

The package layout is the pipeline: ``ingest`` -> ``language`` -> ``events`` ->
``places`` -> ``store`` -> ``assess`` -> ``alert`` -> ``serve``. Every stage
enriches one :class:`vigil.document.Document`.
"""

from vigil.document import Document

__all__ = ["Document"]
__version__ = "0.1.0"
