"""Charts of levels over time (matplotlib, headless Agg backend): PNG or SVG bytes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

LEVEL_LABELS = {1: "1 normal", 2: "2 vigilance", 3: "3 protect", 4: "4 prepare", 5: "5 relocate"}


def level_chart(
    series: Mapping[str, Sequence[tuple[date | datetime, int]]],
    fmt: str = "png",
    title: str = "Threat level over time",
    max_level: int = 5,
) -> bytes:
    """A step chart of each subject's level; returns the image bytes in ``fmt``."""
    fig, ax = plt.subplots(figsize=(7, 2.6 + 0.15 * len(series)), dpi=100)
    try:
        for name, points in series.items():
            if not points:
                continue
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            if len(xs) == 1:
                ax.plot(xs, ys, marker="o", label=name)
            else:
                ax.step(xs, ys, where="post", marker="o", markersize=3, label=name)
        ax.set_ylim(0.5, max_level + 0.5)
        ax.set_yticks(range(1, max_level + 1))
        ax.set_yticklabels([LEVEL_LABELS.get(i, str(i)) for i in range(1, max_level + 1)])
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.grid(axis="y", alpha=0.3)
        ax.set_title(title)
        if series:
            ax.legend(loc="upper left", fontsize="small", frameon=False)
        fig.autofmt_xdate()
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        return buf.getvalue()
    finally:
        plt.close(fig)


def write_chart(
    series: Mapping[str, Sequence[tuple[date | datetime, int]]],
    path: Path,
    title: str = "Threat level over time",
) -> Path:
    """Write a level chart; the format follows the suffix (.png or .svg)."""
    fmt = path.suffix.lower().lstrip(".") or "png"
    if fmt not in ("png", "svg"):
        raise ValueError(f"{path}: chart must be .png or .svg")
    path.write_bytes(level_chart(series, fmt, title))
    return path
