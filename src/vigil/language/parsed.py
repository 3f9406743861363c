"""The text a spaCy ``Doc`` was parsed from, without rebuilding it.

``Doc.text`` joins every token's text anew on each access (a Python object per
token): for a news article that is about as slow as a stage's own work, and
several stages need the text. spaCy's tokenisation is non-destructive (the
tokens and their whitespace are the input verbatim), so the parse stage keeps
the string it parsed on the Doc and this returns it. A Doc made elsewhere
(tests, other callers) falls back to ``Doc.text``. No spaCy import: modules
that commands without NLP load may call this.
"""

from __future__ import annotations

from typing import Any

#: ``Doc.user_data`` key under which the parse stage keeps the parsed string.
TEXT_KEY = "vigil.parsed_text"


def keep_text(sdoc: Any, text: str) -> Any:
    """Remember on ``sdoc`` the string it was parsed from (returns ``sdoc``)."""
    sdoc.user_data[TEXT_KEY] = text
    return sdoc


def parsed_text(sdoc: Any) -> str:
    """``sdoc.text``, read from what the parse stage kept when it can be."""
    text = sdoc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else sdoc.text
