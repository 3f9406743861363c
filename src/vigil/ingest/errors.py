"""The one shape a rejected input takes, whichever reader rejected it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestError:
    """An input that could not be read: where it came from and why, in words."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
