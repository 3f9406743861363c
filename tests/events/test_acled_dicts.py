"""``AcledClassifier.as_dicts`` (vectorised) gives what reading each row value by value did."""

from __future__ import annotations

import numpy as np

from vigil.events.acled.types import AcledClassifier, load_classifier


def _slow(clf: AcledClassifier, rows) -> list[dict[str | None, float]]:
    out = []
    for row in rows:
        d: dict[str | None, float] = {}
        for cls, p in zip(clf.classes, row, strict=True):
            d[cls] = max(d.get(cls, 0.0), float(p))
        out.append(d)
    return out


def test_as_dicts_equals_the_row_by_row_reading():
    clf = load_classifier()
    assert clf is not None
    assert clf.classes.count(None) >= 2  # several non-ACLED codes share the None key
    rng = np.random.default_rng(7)
    rows = rng.dirichlet(np.ones(len(clf.classes)), size=50)
    rows[3] = 0.0
    rows[4, :] = 1.0 / len(clf.classes)
    for given in (rows, rows.astype(np.float32), rows[:1], rows[:0]):
        fast, slow = clf.as_dicts(given), _slow(clf, given)
        assert fast == slow
        assert [list(d) for d in fast] == [list(d) for d in slow]
