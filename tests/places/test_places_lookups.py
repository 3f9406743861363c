"""Place recognition never fails on a word its case-insensitive patterns match only
ignoring case: "the baſe" (long s) matches the reference pattern for "the base",
but no table lists it (was KeyError: 'baſe' in find_references)."""

from __future__ import annotations

import pytest

from vigil.document import Document
from vigil.pipeline import Pipeline
from vigil.places.mentions import find_references
from vigil.settings import Settings


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline(["parse", "places"], Settings())
    return lambda text: pipe(Document(raw_text=text))


def test_reference_with_a_long_s_is_no_reference():
    text = "Rockets hit the ba\u017fe and the city."
    refs = find_references(text, [], [], lambda s: 0)
    assert [(m.text, m.ref) for m in refs] == [("the city", "city")]


def test_long_s_report_runs(run):
    doc = run("Militants attacked the ba\u017fe near Mo\u017ful on Tue\u017fday.")
    for p in doc.places:
        assert 0 <= p.start <= p.end <= len(doc.text)
