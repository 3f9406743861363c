"""Load the assessment weights (``weights.yaml``, documented in place).

Kept as plain data plus a few accessors so that the YAML stays the single
place where a number lives; a user passes their own file with ``--weights``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_WEIGHTS = Path(__file__).with_name("weights.yaml")


@dataclass
class Rule:
    """A bearing rule: an event of this shape matters to sites/presence of these tags."""

    name: str
    categories: set[str]
    modes: set[str] = field(default_factory=set)
    terms: list[re.Pattern[str]] = field(default_factory=list)
    actor_types: set[str] = field(default_factory=set)
    site_tags: set[str] = field(default_factory=set)
    points: float | None = None
    floor: int | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Rule:
        return cls(
            name=str(raw["name"]),
            categories={c.upper() for c in raw.get("categories") or []},
            modes=set(raw.get("modes") or []),
            terms=[re.compile(t, re.I) for t in raw.get("terms") or []],
            actor_types=set(raw.get("actor_types") or []),
            site_tags={str(t).casefold() for t in raw.get("site_tags") or []},
            points=raw.get("points"),
            floor=raw.get("floor"),
        )


@dataclass
class Rung:
    level: int
    min_score: float
    posture: str


@dataclass
class Weights:
    raw: dict[str, Any]
    bearing: list[Rule]
    presence_rules: list[Rule]
    levels: list[Rung]
    advisory: list[Rung]
    source: str

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def get(self, *path: str, default: Any = None) -> Any:
        node: Any = self.raw
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def rung(self, score: float, ladder: str = "levels") -> Rung:
        rungs = self.levels if ladder == "levels" else self.advisory
        best = rungs[0]
        for r in rungs:
            if score >= r.min_score:
                best = r
        return best

    def rung_of_level(self, level: int, ladder: str = "levels") -> Rung:
        rungs = self.levels if ladder == "levels" else self.advisory
        return next(r for r in rungs if r.level == level)


def _rungs(raw: list[dict[str, Any]], what: str, source: str) -> list[Rung]:
    rungs = sorted(
        (Rung(int(r["level"]), float(r["min_score"]), str(r["posture"])) for r in raw),
        key=lambda r: r.level,
    )
    if not rungs or any(b.min_score < a.min_score for a, b in zip(rungs, rungs[1:], strict=False)):
        raise ValueError(f"{source}: {what} must be non-empty with rising min_score")
    return rungs


def load_weights(path: Path | str | None = None) -> Weights:
    """Read a weights file (default: the documented one shipped with vigil)."""
    p = Path(path) if path else DEFAULT_WEIGHTS
    return _load(str(p.resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> Weights:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read weights ({exc})") from exc
    try:
        return Weights(
            raw=raw,
            bearing=[Rule.from_dict(r) for r in raw.get("bearing") or []],
            presence_rules=[
                Rule.from_dict(r) for r in (raw.get("presence") or {}).get("rules") or []
            ],
            levels=_rungs(raw["levels"], "levels", path),
            advisory=_rungs(raw["advisory"], "advisory", path),
            source=path,
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{path}: malformed weights ({exc!r})") from exc
