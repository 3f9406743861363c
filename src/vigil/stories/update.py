"""Assign stored articles to stories and merge their events, online, in arrival order.

:func:`update` takes every stored article that has no story yet, oldest arrival
first (``ingested_at``, then id), and for each, in one transaction: chooses its
story (:mod:`vigil.stories.clustering.online`) or opens one, updates the story's profile
and the feature document frequencies, records the article as its own first
source, and merges its events into canonical events (:mod:`vigil.stories.canonical`);
a one-article story the article bridges into its own is merged there and then
(:mod:`vigil.stories.merge`), and a story that has grown to one of the checked sizes
is split when its reports fall into two developments (:mod:`vigil.stories.clustering.split`).
A crash loses at most the article in hand; the next call picks up where this
one stopped. Calling it again with nothing pending is one indexed query.

Several workers may call it at once: every assignment first locks the single
``story_state`` row (a row lock on PostgreSQL, the write lock on SQLite), so
assignments are serialised, and a worker whose cached profiles are stale (the
count moved) reloads them before deciding.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from vigil.registry.db import utcnow
from vigil.settings import Settings
from vigil.store.models import Article
from vigil.store.rows import parse_day
from vigil.stories import canonical as canon
from vigil.stories import tables as t
from vigil.stories.clustering.compare import DEFAULT, Params, absorb, new_profile
from vigil.stories.clustering.features import Features, features
from vigil.stories.clustering.online import combine, decide
from vigil.stories.clustering.split import due, seam
from vigil.stories.dedup import record_source
from vigil.stories.merge import merge_event, merge_stories, split_story
from vigil.stories.sources import domain_of

log = logging.getLogger(__name__)

MAX_TERM = 200
#: articles whose features an assigner keeps (a split check re-reads a story's members;
#: 64 at most, and recent ones)
FEATURES_KEPT = 2048


def _engine(store_or_engine: Any) -> sa.Engine:
    return store_or_engine if isinstance(store_or_engine, sa.Engine) else store_or_engine.engine


def pending_ids(engine: sa.Engine, limit: int | None = None) -> list[str]:
    """Stored articles without a story, in arrival order."""
    a, sa_ = Article.__table__, t.story_articles
    stmt = (
        sa.select(a.c.id)
        .where(~sa.exists().where(sa_.c.article_id == a.c.id))
        .order_by(a.c.ingested_at, a.c.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        return list(conn.scalars(stmt))


class Assigner:
    """Cached state of the stories (profiles, document frequencies) for one run.

    Only stories an article joined in the last ``idle_days`` (``Settings.story_idle_days``,
    default 90) are candidates. That is a bound on the work, deliberately longer than any
    follow-up: whether a report joins is decided by the clusterer's time veto (anchors
    more than ``Params.max_gap_days`` apart are two developments unless the newcomer names
    a day of the story), so a follow-up weeks later that recalls the day joins, and a
    same-kind event a year later opens its own story even inside the window.
    """

    def __init__(self, engine: sa.Engine, params: Params = DEFAULT, idle_days: int | None = None):
        self.engine = engine
        self.p = params
        self.idle_days = Settings().story_idle_days if idle_days is None else idle_days
        self.n = -1
        self.df: dict[str, int] = {}
        self.profiles: dict[int, dict[str, Any]] = {}
        self.cache: dict[int, Any] = {}
        self._feats: OrderedDict[str, Features] = OrderedDict()

    def _reload(self, conn: sa.Connection, assigned: int) -> None:
        self.df = {r.term: r.df for r in conn.execute(sa.select(t.story_terms))}
        since = utcnow() - timedelta(days=self.idle_days)
        rows = conn.execute(
            sa.select(t.stories.c.id, t.stories.c.profile).where(
                t.stories.c.updated_at >= since, t.stories.c.merged_into.is_(None)
            )
        )
        self.profiles = {r.id: dict(r.profile or {}) for r in rows}
        self.cache = {}
        self.n = assigned

    def assign(self, article_id: str) -> bool:
        """Assign one article (True), or nothing if another worker did it first."""
        with self.engine.begin() as conn:
            st = t.story_state
            conn.execute(sa.update(st).where(st.c.id == 1).values(assigned=st.c.assigned))
            assigned = conn.scalar(sa.select(st.c.assigned).where(st.c.id == 1)) or 0
            done = conn.scalar(
                sa.select(t.story_articles.c.story_id).where(
                    t.story_articles.c.article_id == article_id
                )
            )
            if done is not None:
                return False
            if assigned != self.n:
                self._reload(conn, assigned)
            art = (
                conn.execute(
                    sa.select(Article.__table__).where(Article.__table__.c.id == article_id)
                )
                .mappings()
                .first()
            )
            if art is None:
                return False
            record = dict(art["record"] or {})
            record.setdefault("id", article_id)
            feat = self._features(record)
            d = decide(feat, self.profiles, self.df, max(self.n, 0), self.p, self.cache)
            sid, sim = d.story, d.probability
            now = utcnow()
            seen = _naive(art["ingested_at"]) or now
            published = art["published"]
            before = max(int(self.profiles.get(x, {}).get("n") or 0) for x in [sid, *d.merged])
            if sid is None:
                sid = conn.execute(
                    sa.insert(t.stories).values(
                        title=art["title"] or _first_line(art["text"]),
                        first_seen=seen,
                        updated_at=now,
                        first_published=published,
                        last_published=published,
                        article_count=0,
                        profile=new_profile(),
                    )
                ).inserted_primary_key[0]
                self.profiles[sid] = new_profile()
                sim = None
            profile = absorb(self.profiles[sid], feat, self.p)
            self._save_story(conn, sid, profile, published, now)
            conn.execute(
                sa.insert(t.story_articles).values(
                    article_id=article_id,
                    story_id=sid,
                    seq=assigned + 1,
                    similarity=None if sim is None else round(float(sim), 4),
                    assigned_at=now,
                )
            )
            self._count_terms(conn, feat)
            record_source(
                conn,
                article_id,
                copy_id=article_id,
                url=art["url"],
                source=art["source"],
                title=art["title"],
                published=published,
                seen=seen,
            )
            domain = domain_of(art["url"], art["source"])
            for rep in canon.reports_of(record, sid, domain, published or parse_day(None)):
                merge_event(conn, rep, now)
            if d.merged:
                sid, profile = self._bridge(conn, sid, profile, d.merged, now)
            if due(before, int(profile.get("n") or 0), self.p):
                profile = self._checked_split(conn, sid, feat, assigned + 1, now) or profile
            conn.execute(sa.update(st).where(st.c.id == 1).values(assigned=assigned + 1))
        self.profiles[sid] = profile
        for k in feat.vec:
            self.df[k] = self.df.get(k, 0) + 1
        self.n = assigned + 1
        return True

    def _features(self, record: dict[str, Any]) -> Features:
        """An article's features, kept for the last :data:`FEATURES_KEPT` articles: a split
        check re-reads every member of the story, and a stored record never changes."""
        aid = str(record["id"])
        hit = self._feats.get(aid)
        if hit is not None:
            self._feats.move_to_end(aid)
            return hit
        feat = features(record)
        feat.vec = {k[:MAX_TERM]: v for k, v in feat.vec.items()}
        self._feats[aid] = feat
        if len(self._feats) > FEATURES_KEPT:
            self._feats.popitem(last=False)
        return feat

    def _bridge(
        self,
        conn: sa.Connection,
        sid: int,
        profile: dict[str, Any],
        splinters: list[int],
        now: datetime,
    ) -> tuple[int, dict[str, Any]]:
        """Merge the splinters the article bridged into its story, behind a savepoint; returns
        the story that holds the article now and its profile. Like a split, a merge is a
        repair: if it fails, it is undone and logged, and the article stays in ``sid``."""
        parts = {sid: profile} | {m: self.profiles[m] for m in splinters}
        keep, merged = combine(parts, self.p)
        try:
            with conn.begin_nested():
                merge_stories(conn, keep, merged, [m for m in parts if m != keep], now)
        except Exception as exc:  # noqa: BLE001 - the article is assigned all the same
            log.warning(
                "story %s: merging %s into it failed, they stay apart: %s: %s",
                keep,
                ", ".join(str(m) for m in parts if m != keep),
                type(exc).__name__,
                exc,
            )
            return sid, profile
        for m in parts:
            self.profiles.pop(m, None)
            self.cache.pop(m, None)
        return keep, merged

    def _checked_split(
        self, conn: sa.Connection, sid: int, feat: Features, n: int, now: datetime
    ) -> dict[str, Any] | None:
        """:meth:`_split` behind a savepoint: a split is a repair, and a failure in it must
        not fail the assignment. Otherwise the article that brings the story to a check
        size would fail on every retry, and so would every later article joining that
        story: one bad record would stop a development from growing."""
        try:
            with conn.begin_nested():
                return self._split(conn, sid, feat, n, now)
        except Exception as exc:  # noqa: BLE001 - the article is assigned all the same
            log.warning(
                "story %s: the split check failed, the story stays whole: %s: %s",
                sid,
                type(exc).__name__,
                exc,
            )
            self.cache.pop(sid, None)
            return None

    def _split(
        self, conn: sa.Connection, sid: int, feat: Features, n: int, now: datetime
    ) -> dict[str, Any] | None:
        """Split the story if it tells two developments (:mod:`vigil.stories.clustering.split`);
        returns the profile of the part that keeps ``sid``, or None when it stays whole."""
        a, sa_ = Article.__table__, t.story_articles
        rows = conn.execute(
            sa.select(a.c.id, a.c.record, a.c.url, a.c.source, a.c.published)
            .join(sa_, sa_.c.article_id == a.c.id)
            .where(sa_.c.story_id == sid)
            .order_by(sa_.c.seq)
        ).all()
        records = {}
        for r in rows:
            record = dict(r.record or {})
            record.setdefault("id", r.id)
            records[r.id] = record
        feats = [self._features(record) for record in records.values()]
        df = dict(self.df)
        for k in feat.vec:
            df[k] = df.get(k, 0) + 1
        leaving = seam(feats, df, n, self.p)
        if not leaving:
            return None
        reports = {}  # only now: most checks find one development
        for r in rows:
            domain = domain_of(r.url, r.source)
            for rep in canon.reports_of(records[r.id], sid, domain, r.published):
                reports[(rep.article_id, rep.event_id)] = rep
        out = set(leaving)
        staying, moving = new_profile(), new_profile()
        for i, f in enumerate(feats):
            if i in out:
                moving = absorb(moving, f, self.p)
            else:
                staying = absorb(staying, f, self.p)
        ids = [feats[i].article_id for i in leaving]
        new = split_story(conn, sid, ids, (staying, moving), reports, now)
        log.info("story %s split: %d of its articles are story %s", sid, len(ids), new)
        self.profiles[new] = moving
        self.cache.pop(sid, None)
        return staying

    def _save_story(
        self,
        conn: sa.Connection,
        sid: int,
        profile: dict[str, Any],
        published,
        now,  # noqa: ANN001
    ) -> None:
        s = t.stories
        row = conn.execute(
            sa.select(s.c.first_published, s.c.last_published).where(s.c.id == sid)
        ).first()
        first, last = row.first_published, row.last_published
        if published:
            first = min(first, published) if first else published
            last = max(last, published) if last else published
        conn.execute(
            sa.update(s)
            .where(s.c.id == sid)
            .values(
                profile=profile,
                article_count=s.c.article_count + 1,
                updated_at=now,
                first_published=first,
                last_published=last,
            )
        )

    def _count_terms(self, conn: sa.Connection, feat: Features) -> None:
        terms = sorted(feat.vec)
        old = [k for k in terms if k in self.df]
        new = [k for k in terms if k not in self.df]
        st = t.story_terms
        for i in range(0, len(old), 500):
            conn.execute(
                sa.update(st).where(st.c.term.in_(old[i : i + 500])).values(df=st.c.df + 1)
            )
        if new:
            conn.execute(sa.insert(st), [{"term": k, "df": 1} for k in new])


def _naive(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0][:200]


def update(store_or_engine: Any, params: Params = DEFAULT, limit: int | None = None) -> int:
    """Assign every pending article (oldest arrival first); returns how many were assigned."""
    engine = _engine(store_or_engine)
    ids = pending_ids(engine, limit)
    if not ids:
        return 0
    worker = Assigner(engine, params)
    done = 0
    for aid in ids:
        try:
            done += worker.assign(aid)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the others
            # it stays pending (tried again next time) and is named; the rest go on
            log.warning(
                "story assignment failed for article %s: %s: %s", aid, type(exc).__name__, exc
            )
            worker.n = -1  # reload the cached state: the failed transaction was rolled back
    return done
