"""The one call the CLI makes after assessing: record history, raise and queue alerts."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from vigil.alert.detect import alerts_for
from vigil.alert.model import Alert
from vigil.alert.outbox import enqueue
from vigil.assess import history
from vigil.assess.model import Assessment


def process(
    engine: sa.Engine, assessments: Sequence[Assessment], component: str = "assess"
) -> list[Alert]:
    """Compare with the last stored levels, store these assessments, queue new alerts.

    Returns only alerts not raised before: re-running the same assessment, or
    one more article about the same event, adds nothing to the outbox. Each new
    alert is audited in its organisation as made by ``system:<component>`` (the
    ``assess`` command, or the ``watch``).
    """
    if not assessments:
        return []
    at = min(a.at for a in assessments)
    previous = history.last_levels(engine, before=at)
    drafted = alerts_for(assessments, previous)
    history.record(engine, assessments)
    return enqueue(engine, drafted, component)
