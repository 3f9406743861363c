"""The situation brief: per site, the level and why, key events with quotes and sources,
and a chart of the level over time; Markdown (chart beside it) or HTML (chart inlined).
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from vigil.assess.config import Weights
from vigil.assess.model import Assessment, Reason
from vigil.assess.replay import replay
from vigil.assess.report.chart import level_chart
from vigil.assess.report.explain import LEVEL_COUNT, SHOWN_MIN, cited, phrase, squash, trend_words
from vigil.assess.run import assess_registry
from vigil.assess.source import records_from_store
from vigil.registry.model import Registry
from vigil.registry.repo import with_countries
from vigil.store import Store

#: The chart reaches at least this far back, so a short --since still shows a trend.
CHART_MIN_DAYS = 14


@dataclass
class QuoteLine:
    text: str
    speaker: str | None
    source: str | None
    published: str | None


@dataclass
class SiteBrief:
    assessment: Assessment
    events: list[Reason]
    quotes: list[QuoteLine]
    timeline: list[tuple[date, int]] = field(default_factory=list)
    chart: bytes | None = None


@dataclass
class Brief:
    at: date
    since: date
    sites: list[SiteBrief]


def build_brief(
    store: Store,
    reg: Registry,
    at: date,
    since: timedelta,
    weights: Weights,
    site: str | None = None,
    chart_format: str = "png",
    quotes_per_site: int = 3,
) -> Brief:
    since_day = at - timedelta(days=max(1, round(since.total_seconds() / 86400)))
    chart_from = min(since_day, at - timedelta(days=CHART_MIN_DAYS))
    window = int(weights["window_days"])
    records = records_from_store(store, since=chart_from - timedelta(days=2 * window), until=at)
    run = replay(records, reg, chart_from, at, weights, window, site)

    out = []
    for a in assess_registry(with_countries(reg), records, at, weights, window, site):
        shown = [r for r in a.reasons if r.contribution >= SHOWN_MIN]
        key = [r for r in shown if r.date and r.date >= since_day.isoformat()] or shown[:3]
        titles = {r.article_id: r.title for r in key}
        quotes: list[QuoteLine] = []
        for article in dict.fromkeys(r.article_id for r in key):
            for q in store.quotes(article_id=article):
                if len(quotes) >= quotes_per_site:
                    break
                quotes.append(
                    QuoteLine(
                        q.text,
                        q.speaker or q.speaker_text,
                        titles.get(article) or q.source,
                        q.published.isoformat() if q.published else None,
                    )
                )
        timeline = run.timeline.get(a.subject, [])
        sb = SiteBrief(a, key[:8], quotes, timeline)
        if timeline:
            max_level = LEVEL_COUNT.get(a.subject_type, 5)
            sb.chart = level_chart(
                {a.subject: timeline}, chart_format, f"{a.subject}: level", max_level
            )
        out.append(sb)
    out.sort(
        key=lambda b: (
            b.assessment.subject_type != "site",
            -b.assessment.level,
            -b.assessment.score,
        )
    )
    return Brief(at, since_day, out)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def to_markdown(brief: Brief, out_path: Path | None, chart_format: str = "png") -> str:
    """Markdown; charts are written beside ``out_path`` (skipped when printing to stdout)."""
    lines = [f"# Situation brief, {brief.at}", "", f"Events since {brief.since}.", ""]
    for sb in brief.sites:
        a = sb.assessment
        of = LEVEL_COUNT.get(a.subject_type, 5)
        lines += [f"## {a.subject}: level {a.level} of {of}, {a.posture}", ""]
        lines.append(
            f"Score {a.score:.1f} over {a.window_days} days, trend {trend_words(a)}."
            + (f" {a.floor}." if a.floor else "")
        )
        lines.append("")
        if sb.events:
            lines += ["### Key events", ""]
            for r in sb.events:
                lines.append(f"- **{r.date}** {phrase(r, dated=False)}")
                if r.sentence:
                    src = r.title or r.source or r.article_id
                    src += f"; {cited(r)}" if r.citations else ""
                    lines.append(f'  > "{squash(r.sentence)}" ({src}, {r.published or "undated"})')
            lines.append("")
        else:
            lines += ["No threatening events.", ""]
        if sb.quotes:
            lines += ["### Quotes", ""]
            for q in sb.quotes:
                lines.append(
                    f'- "{q.text.strip()}": {q.speaker or "unattributed"} ({q.source or "unknown source"})'
                )
            lines.append("")
        if sb.chart and out_path is not None:
            name = f"{out_path.stem}-{_slug(a.subject)}.{chart_format}"
            (out_path.parent / name).write_bytes(sb.chart)
            lines += [f"![{a.subject} level over time]({name})", ""]
    return "\n".join(lines)


def to_html(brief: Brief, chart_format: str = "png") -> str:
    """A self-contained HTML page; charts are data URIs."""
    esc = html.escape
    mime = "image/svg+xml" if chart_format == "svg" else "image/png"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Situation brief {brief.at}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:auto}"
        "blockquote{color:#444;border-left:3px solid #ccc;margin:0 0 .5em 1em;padding-left:.5em}"
        ".lvl{font-weight:bold}</style></head><body>",
        f"<h1>Situation brief, {brief.at}</h1><p>Events since {brief.since}.</p>",
    ]
    for sb in brief.sites:
        a = sb.assessment
        of = LEVEL_COUNT.get(a.subject_type, 5)
        parts.append(
            f'<section><h2>{esc(a.subject)}: <span class="lvl">level {a.level} of {of}</span>, {esc(a.posture)}</h2>'
        )
        parts.append(
            f"<p>Score {a.score:.1f} over {a.window_days} days, trend {esc(trend_words(a))}.{' ' + esc(a.floor) + '.' if a.floor else ''}</p>"
        )
        if sb.events:
            parts.append("<h3>Key events</h3><ul>")
            for r in sb.events:
                src = esc(r.title or r.source or r.article_id)
                src += esc(f"; {cited(r)}") if r.citations else ""
                parts.append(
                    f"<li><b>{esc(r.date or '')}</b> {esc(phrase(r, dated=False))}"
                    f"<blockquote>{esc(squash(r.sentence))} ({src}, {esc(r.published or 'undated')})</blockquote></li>"
                )
            parts.append("</ul>")
        else:
            parts.append("<p>No threatening events.</p>")
        if sb.quotes:
            parts.append("<h3>Quotes</h3><ul>")
            for q in sb.quotes:
                parts.append(
                    f"<li>&ldquo;{esc(q.text.strip())}&rdquo;: {esc(q.speaker or 'unattributed')} ({esc(q.source or 'unknown source')})</li>"
                )
            parts.append("</ul>")
        if sb.chart:
            data = base64.b64encode(sb.chart).decode("ascii")
            parts.append(
                f'<img alt="{esc(a.subject)} level over time" src="data:{mime};base64,{data}">'
            )
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
