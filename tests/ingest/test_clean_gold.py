"""The founding article's scraping debris against the gold ``cleaning`` section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vigil.ingest import read_paths
from vigil.ingest.clean.cleaner import Cleaner

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def cleaned():
    (doc,) = list(read_paths([CORPUS / "nzdf-taji.txt"]))
    return Cleaner()(doc)


def test_every_related_headline_is_moved_out_of_the_body(cleaned, gold):
    heads = gold["cleaning"]["related_headlines"]
    assert len(heads) == 4
    for head in heads:
        assert head in cleaned.related
        assert head not in cleaned.text
        assert head in cleaned.raw_text  # it was there to begin with
    assert len(cleaned.related) == len(heads)


def test_caption_is_removed_and_kept_once(cleaned, gold):
    (cap,) = gold["cleaning"]["captions"]
    assert cleaned.raw_text.count(cap["text"]) == cap["occurrences"]
    assert cap["text"] not in cleaned.text
    assert cap["credit"] not in cleaned.text
    assert [(c.text, c.credit) for c in cleaned.captions] == [(cap["text"], cap["credit"])]


def test_every_other_paragraph_is_kept_in_order(cleaned, gold):
    debris = set(gold["cleaning"]["related_headlines"])
    cap = gold["cleaning"]["captions"][0]
    expected = [
        ln.strip()
        for ln in cleaned.raw_text.split("\n")
        if ln.strip() and ln.strip() not in debris and not ln.strip().startswith(cap["text"])
    ]
    assert len(expected) > 15
    assert cleaned.text.split("\n\n") == expected
    assert not re.search(r"\n{3,}", cleaned.text)


def test_paragraph_offsets_point_into_text(cleaned):
    paras = [cleaned.text[s:e] for s, e in cleaned.paragraphs]
    assert paras == cleaned.text.split("\n\n")
    assert cleaned.paragraphs[0][0] == 0 and cleaned.paragraphs[-1][1] == len(cleaned.text)


def test_pipeline_document_is_cleaned_the_same_way(taji_doc, gold):
    for head in gold["cleaning"]["related_headlines"]:
        assert head not in taji_doc.text
    assert taji_doc.spacy is None or taji_doc.spacy.text == taji_doc.text
