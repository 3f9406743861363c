"""Charts of levels over time (matplotlib, headless Agg backend): PNG or SVG bytes.

matplotlib is imported when a chart is drawn, not with the module: the commands
that import the brief (assess, brief, serve) must start fast.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

LADDER_LABELS = {
    "site": {1: "1 normal", 2: "2 vigilance", 3: "3 protect", 4: "4 prepare", 5: "5 relocate"},
    "presence": {1: "1 normal", 2: "2 caution", 3: "3 reconsider", 4: "4 leave"},
}

Series = Mapping[str, Sequence[tuple[date | datetime, int]]]


def _pyplot():  # noqa: ANN202 - the matplotlib.pyplot module
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _panel(ax, series: Series, ladder: str, title: str) -> None:  # noqa: ANN001 - matplotlib Axes
    import matplotlib.dates as mdates

    labels = LADDER_LABELS[ladder]
    for name, points in series.items():
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if len(xs) == 1:
            ax.plot(xs, ys, marker="o", label=name)
        else:
            ax.step(xs, ys, where="post", marker="o", markersize=3, label=name)
    top = max(labels)
    ax.set_ylim(0.5, top + 0.5)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels([labels[i] for i in range(1, top + 1)])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title)
    if series:
        ax.legend(loc="upper left", fontsize="small", frameon=False)


def level_chart(
    series: Series,
    fmt: str = "png",
    title: str = "Threat level over time",
    max_level: int = 5,
    presence: Series | None = None,
) -> bytes:
    """Step charts of levels: sites on the five-rung ladder, presence (if any) on the
    four travel-advice levels in a panel below. Returns the image bytes in ``fmt``."""
    panels = [(series, "site" if max_level == 5 else "presence", title)] if series else []
    if presence:
        panels.append((presence, "presence", "Country presence: advisory level"))
    if not panels:
        panels = [({}, "site", title)]
    plt = _pyplot()
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(7, 2.8 * len(panels) + 0.15 * len(series)), dpi=100, squeeze=False
    )
    try:
        for ax, (data, ladder, name) in zip(axes[:, 0], panels, strict=True):
            _panel(ax, data, ladder, name)
        fig.autofmt_xdate()
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        return buf.getvalue()
    finally:
        plt.close(fig)


def write_chart(
    series: Series,
    path: Path,
    title: str = "Threat level over time",
    presence: Series | None = None,
) -> Path:
    """Write a level chart; the format follows the suffix (.png or .svg)."""
    fmt = path.suffix.lower().lstrip(".") or "png"
    if fmt not in ("png", "svg"):
        raise ValueError(f"{path}: chart must be .png or .svg")
    path.write_bytes(level_chart(series, fmt, title, presence=presence))
    return path
