"""``SpanIndex.overlaps`` answers as :func:`overlaps` over the same spans does."""

from __future__ import annotations

import random

from vigil.places.recognize.cues import SpanIndex, overlaps


def test_span_index_agrees_with_the_linear_scan():
    rng = random.Random(3)
    for _ in range(300):
        spans = []
        for _ in range(rng.randrange(0, 12)):
            s = rng.randrange(0, 60)
            spans.append((s, s + rng.randrange(0, 15)))  # empty spans too
        index = SpanIndex(spans)
        for _ in range(40):
            s = rng.randrange(-5, 80)
            a = (s, s + rng.randrange(0, 10))
            assert index.overlaps(a) == overlaps(a, spans), (a, spans)


def test_nested_and_touching_spans():
    spans = [(0, 100), (10, 20), (30, 31)]
    index = SpanIndex(spans)
    assert index.overlaps((50, 60))  # inside the long span that started first
    assert not index.overlaps((100, 105))  # touching is not overlapping
    assert not SpanIndex([]).overlaps((0, 5))
