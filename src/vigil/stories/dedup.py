"""Near-duplicates: syndicated copies and re-scrapes become sources of one article.

Caught *before* the NLP, so a copy is never processed twice. Each text's MinHash
signature (datasketch, 128 permutations over 5-word shingles of the normalised
body) and its 32 LSH band hashes (4 rows each: candidates from a Jaccard of about
0.4) are kept in the database (``article_signatures``, ``minhash_bands``), so the
check is one indexed query that works from any worker and across restarts.

A candidate is a copy when its estimated Jaccard similarity is at least
:data:`THRESHOLD` and the newcomer states no number the original does not: a
re-scrape with a new casualty figure ("8 killed" where it said 6) changes the
facts and is processed as a report of its own.

Two workers never both process one text: :func:`claim` looks for the original and,
if there is none, writes the newcomer's signature in one transaction, under a lock
that any two near-copies share. On PostgreSQL that is a transaction-level advisory
lock per LSH band hash (taken in sorted order, so no deadlock): two texts that
could be found as copies of each other share a band, so the second waits for the
first to commit and then finds it. On SQLite the transaction takes the database's
single write lock before it looks. A claim whose article was never stored and is older
than :data:`STALE_AFTER` (its worker died between the claim and the save) no longer
holds copies back: the next copy is processed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from vigil.document import Document
from vigil.registry.db import utcnow
from vigil.store.models import Article
from vigil.stories import tables as t
from vigil.stories.sources import domain_of

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.7
#: A signature this old whose article was never stored belongs to a worker that died
#: between the claim and the save (a failure forgets its signature): a copy of it is
#: processed instead of being filed under an article that does not exist.
STALE_AFTER = timedelta(hours=1)
SEED = 7

_WORD = re.compile(r"\w+", re.UNICODE)
NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred "
    "hundreds thousand thousands dozen dozens million".split()
)

Connectable = sa.Engine | sa.Connection


def words(text: str) -> list[str]:
    norm = unicodedata.normalize("NFKC", text or "").casefold()
    return _WORD.findall(norm)


def numbers(text: str) -> set[str]:
    """The figures a text states (digits and number words): what a copy may not change."""
    return {w for w in words(text) if any(c.isdigit() for c in w) or w in NUMBER_WORDS}


def signature(text: str) -> np.ndarray:
    toks = words(text)
    if len(toks) >= SHINGLE:
        shingles = {" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)}
    else:
        shingles = set(toks)
    from datasketch import MinHash  # here, not at the top: it imports SciPy (slow start-up)

    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return mh.hashvalues.astype(np.uint64)


def band_hashes(sig: np.ndarray) -> list[str]:
    return [
        hashlib.sha1(sig[b * ROWS : (b + 1) * ROWS].tobytes()).hexdigest()[:16]
        for b in range(BANDS)
    ]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def _text(doc: Document) -> str:
    return doc.raw_text or doc.text or ""


def _run(bind: Connectable, fn):  # noqa: ANN001, ANN202 - small helper over engine/connection
    if isinstance(bind, sa.Engine):
        with bind.begin() as conn:
            return fn(conn)
    return fn(bind)


def _original(
    conn: sa.Connection, doc: Document, sig: np.ndarray, hashes: list[str], threshold: float
) -> str | None:
    known = conn.scalar(
        sa.select(t.article_sources.c.article_id).where(t.article_sources.c.copy_id == doc.id)
    )
    if known is not None and known != doc.id:
        return known  # this very copy was seen before
    b = t.minhash_bands
    cond = sa.or_(*(sa.and_(b.c.band == i, b.c.hash == h) for i, h in enumerate(hashes)))
    cands = sorted({r for r in conn.scalars(sa.select(b.c.article_id).where(cond)) if r != doc.id})
    if not cands:
        return None
    mine = numbers(_text(doc))
    found: list[tuple[float, str, datetime]] = []
    s = t.article_signatures
    for row in conn.execute(sa.select(s).where(s.c.article_id.in_(cands))).mappings():
        other = np.frombuffer(row["signature"], dtype=np.uint64)
        j = jaccard(sig, other)
        if j >= threshold and mine <= set(row["numbers"] or []):
            found.append((j, row["article_id"], row["created_at"]))
    if not found:
        return None
    a = Article.__table__
    stored = set(conn.scalars(sa.select(a.c.id).where(a.c.id.in_([f[1] for f in found]))))
    stale = utcnow() - STALE_AFTER
    live = [(j, aid) for j, aid, at in found if aid in stored or (at and at >= stale)]
    return max(live)[1] if live else None


def _write(conn: sa.Connection, doc: Document, sig: np.ndarray, hashes: list[str]) -> None:
    s = t.article_signatures
    if conn.scalar(sa.select(s.c.article_id).where(s.c.article_id == doc.id)) is not None:
        return
    conn.execute(
        sa.insert(s).values(
            article_id=doc.id,
            signature=sig.tobytes(),
            numbers=sorted(numbers(_text(doc))),
            created_at=utcnow(),
        )
    )
    conn.execute(
        sa.insert(t.minhash_bands),
        [{"article_id": doc.id, "band": i, "hash": h} for i, h in enumerate(hashes)],
    )


def lock_key(band: int, band_hash: str) -> int:
    """A signed 64-bit advisory-lock key for one LSH band bucket."""
    digest = hashlib.sha1(f"vigil-minhash:{band}:{band_hash}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock(conn: sa.Connection, doc: Document, hashes: list[str]) -> None:
    """Hold, until the transaction ends, what any near-copy of ``doc`` must also take."""
    if conn.dialect.name == "postgresql":
        for key in sorted({lock_key(i, h) for i, h in enumerate(hashes)}):
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
    else:
        # a deferred SQLite transaction takes the write lock at its first write, after
        # the look-up; a write first (it matches no row, or rewrites a value as it was)
        # makes it the only writer now, so no copy is checked in the meantime
        s = t.article_signatures
        conn.execute(sa.update(s).where(s.c.article_id == doc.id).values(created_at=s.c.created_at))


def claim(bind: Connectable, doc: Document, threshold: float = THRESHOLD) -> str | None:
    """The id of the article ``doc`` is a copy of (then record it as a source), or None:
    then ``doc`` is to be processed and its signature is already stored, in the same
    transaction as the look-up, so a near-copy checked by another worker at the same
    moment waits and is found as a copy of it."""
    sig = signature(_text(doc))
    hashes = band_hashes(sig)

    def check_in(conn: sa.Connection) -> str | None:
        _lock(conn, doc, hashes)
        original = _original(conn, doc, sig, hashes, threshold)
        if original is None:
            _write(conn, doc, sig, hashes)
        return original

    try:
        return _run(bind, check_in)
    except IntegrityError:  # the same text (same id) stored by another worker: process it
        return None


def find_duplicate(bind: Connectable, doc: Document, threshold: float = THRESHOLD) -> str | None:
    """The id of the article ``doc`` is a copy of, or None; stores nothing (read-only)."""
    sig = signature(_text(doc))
    return _run(bind, lambda conn: _original(conn, doc, sig, band_hashes(sig), threshold))


def forget(bind: Connectable, doc_id: str) -> None:
    """Drop the signature of a text whose processing failed: a later copy of it must not be
    taken for a copy of an article that was never stored (it is processed instead)."""

    def drop(conn: sa.Connection) -> None:
        conn.execute(sa.delete(t.minhash_bands).where(t.minhash_bands.c.article_id == doc_id))
        conn.execute(
            sa.delete(t.article_signatures).where(t.article_signatures.c.article_id == doc_id)
        )

    _run(bind, drop)


def record_source(
    bind: Connectable,
    article_id: str,
    doc: Document | None = None,
    *,
    copy_id: str | None = None,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: date | None = None,
    seen: datetime | None = None,
) -> bool:
    """Record a copy (or the original itself) as a source of ``article_id``; True if new.

    Idempotent by the copy's own id: the same copy ingested again changes nothing.
    """
    if doc is not None:
        copy_id = copy_id or doc.id
        url = url or doc.url
        source = source or doc.source
        title = title or doc.title
        published = published or doc.published
    if not copy_id:
        raise ValueError("record_source needs a document or a copy_id")

    def write(conn: sa.Connection) -> bool:
        a = t.article_sources
        if conn.scalar(sa.select(a.c.id).where(a.c.copy_id == copy_id)) is not None:
            return False
        conn.execute(
            sa.insert(a).values(
                article_id=article_id,
                copy_id=copy_id,
                url=url,
                source=source,
                domain=domain_of(url, source)[:255],
                title=title,
                published=published,
                first_seen=seen or utcnow(),
            )
        )
        return True

    try:
        return bool(_run(bind, write))
    except IntegrityError:
        return False


def sources_of(bind: Connectable, article_ids: list[str]) -> dict[str, list[dict]]:
    """Recorded copies per article (the original's own row included once stories ran)."""
    out: dict[str, list[dict]] = {a: [] for a in article_ids}
    if not article_ids:
        return out

    def read(conn: sa.Connection) -> None:
        a = t.article_sources
        stmt = sa.select(a).where(a.c.article_id.in_(article_ids)).order_by(a.c.id)
        for r in conn.execute(stmt).mappings():
            out[r["article_id"]].append(dict(r))

    _run(bind, read)
    return out
