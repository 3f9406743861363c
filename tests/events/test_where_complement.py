"""Where a request applies: the place of the people it is addressed to, not the
country in the requester's name."""

from __future__ import annotations

from vigil.document import Document
from vigil.pipeline import Pipeline


def test_advice_to_citizens_abroad_is_located_where_they_are():
    text = (
        "Australia's foreign ministry has strongly advised 20 Australians believed to be "
        "in Sudan to leave immediately."
    )
    doc = Pipeline()(Document(raw_text=text, source="t"))
    requests = [e for e in doc.events if e.category == "REQUEST"]
    assert requests, [(e.category, e.evidence[0].text) for e in doc.events]
    assert requests[0].where is not None
    assert requests[0].where["country"] == "SDN"
