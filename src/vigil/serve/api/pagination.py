"""Cursor pagination: every list answers ``{"items": [...], "cursor": str | null}``.

The cursor is the position after the last item (an opaque, URL-safe string);
pass it back as ``?cursor=`` for the next page. ``null`` means there is no more.
"""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Path, Query

from vigil.serve.errors import ApiError, not_found

DEFAULT_LIMIT = 50
#: Ids are 32-bit integers on every backend; a larger one is a bad request, not a crash.
MAX_ID = 2**31 - 1
MAX_LIMIT = 500


def LimitQuery():  # noqa: N802 - one Query object per parameter (FastAPI needs that)
    return Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def CursorQuery():  # noqa: N802
    return Query(None, max_length=500, description="From the previous page's `cursor`.")


def encode(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode(cursor: str | None, default: Any = None) -> Any:
    if not cursor:
        return default
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        raise ApiError(400, "bad cursor") from None


def after_id(cursor: str | None) -> int:
    value = decode(cursor, 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_ID:
        raise ApiError(400, "bad cursor")
    return value


IdPath = Annotated[int, Path(ge=0, le=MAX_ID)]


def org_page_stmt(
    table: sa.Table, organisation_id: int, cursor: str | None, limit: int
) -> sa.Select:
    """One page of an organisation's rows of ``table``, oldest id first (``limit + 1`` rows,
    for :func:`page`): the one query every per-organisation list starts from."""
    return (
        sa.select(table)
        .where(table.c.organisation_id == organisation_id, table.c.id > after_id(cursor))
        .order_by(table.c.id)
        .limit(limit + 1)
    )


def own_row(conn: sa.Connection, table: sa.Table, organisation_id: int, row_id: int) -> Any:
    """The organisation's row ``row_id`` of ``table``; another organisation's answers the
    same 404 as a row that does not exist (nothing says it is there)."""
    row = (
        conn.execute(
            sa.select(table).where(table.c.id == row_id, table.c.organisation_id == organisation_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise not_found()
    return row


def before(column: sa.ColumnElement, cursor: str | None) -> sa.ColumnElement:
    """For newest-first lists: rows older than the cursor's (all, without one)."""
    last = after_id(cursor)
    return column < last if cursor else sa.true()


def page(items: list[Any], limit: int, key) -> dict[str, Any]:
    """``items`` fetched with ``limit + 1`` rows: trim, and a cursor if there was more."""
    more = len(items) > limit
    items = items[:limit]
    return {"items": items, "cursor": encode(key(items[-1])) if more and items else None}
