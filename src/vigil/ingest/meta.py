"""Document metadata from outside the body: ``NAME.meta.json`` sidecars and date strings.

A sidecar is what a person (or the scraper) *knows* about a file, so it wins
over anything vigil guesses from the content; the ``--published`` option is the
last resort for a date. Dates arrive as ISO dates, ISO datetimes, or the free
forms feeds and scrapers write; only the calendar day is kept.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateutil import parser as dateparser

from vigil.ingest.limits import MB, Rejected

#: Sidecar fields that map onto Document attributes.
SIDECAR_FIELDS = ("title", "published", "source", "language", "url", "id")


def sidecar_path(path: Path) -> Path | None:
    """``x.meta.json`` beside ``x.txt`` (or ``x.txt.meta.json``), if either exists."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    for cand in (path.with_name(stem + ".meta.json"), path.with_name(name + ".meta.json")):
        if cand != path and cand.is_file():
            return cand
    return None


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(".meta.json")


def load_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar of ``path`` as a dict ({} when there is none); bad sidecars are rejected."""
    side = sidecar_path(path)
    if side is None:
        return {}
    if side.stat().st_size > MB:
        raise Rejected(f"sidecar {side.name} is too large to be metadata")
    try:
        meta = json.loads(side.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Rejected(f"sidecar {side.name} is not valid JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise Rejected(f"sidecar {side.name} must hold a JSON object")
    if meta.get("published") not in (None, ""):
        try:
            parse_published(meta["published"])
        except ValueError as exc:
            raise Rejected(f"sidecar {side.name}: {exc}") from exc
    return meta


def parse_published(value: Any) -> date | None:
    """A calendar date from an ISO date/datetime or a free-form date string.

    Raises ``ValueError`` with a readable message for something that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(text).date()
    except (ValueError, OverflowError, TypeError) as exc:
        raise ValueError(f"published {text!r} is not a date") from exc


def pick_published(*candidates: date | None) -> date | None:
    """The first date given, in order of trust."""
    for cand in candidates:
        if cand is not None:
            return cand
    return None


def text_field(meta: dict[str, Any], key: str) -> str | None:
    """A non-empty string field of a metadata dict, else None."""
    value = meta.get(key)
    if value is None:
        return None
    value = " ".join(str(value).split())  # also folds no-break spaces and newlines
    return value or None
