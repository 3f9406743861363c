"""Stories: one development, many reports.

- :mod:`.dedup`: near-duplicate texts (MinHash/LSH) become further sources of one
  article, caught before the NLP (``claim``, ``record_source``; ``find_duplicate`` only looks);
- :mod:`.clustering`: the story clustering itself, pure (no database): online, in
  arrival order, each join decided by a learnt pairwise scorer; a story that took in
  two developments is split as it grows;
- :mod:`.merge`: those decisions on the store: a bridged splinter merged (its id kept
  as ``merged_into``, canonical events that are one event folded, their alerts
  re-pointed), a mixed story split (``split_from``);
- :mod:`.canonical`: events of different reports merged into canonical events with
  their reports, independent-source count, first-seen time and disputed figures;
- :mod:`.sources`: the source registry (outlet, owner, reliability grade);
- :mod:`.update`: ``update(store)`` assigns every stored article not yet in a story;
- :mod:`.read`: stories and canonical events for the CLI and the assessment;
- :mod:`.tables`: the tables (migrations ``0004_stories``, ``0009_story_merged_into``,
  ``0010_story_split_from``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vigil.lazy import exports

if TYPE_CHECKING:
    from vigil.stories.dedup import claim, find_duplicate, forget, record_source
    from vigil.stories.update import update

#: Names imported on first use (PEP 562): the assessment reads only the source
#: registry (:mod:`.sources`), and must not pay for MinHash, numpy and the clustering.
_HOME = {
    "claim": "vigil.stories.dedup",
    "find_duplicate": "vigil.stories.dedup",
    "forget": "vigil.stories.dedup",
    "record_source": "vigil.stories.dedup",
    "update": "vigil.stories.update",
}

__all__ = ["claim", "find_duplicate", "forget", "record_source", "update"]

__getattr__ = exports(__name__, _HOME)
