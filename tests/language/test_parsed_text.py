"""The parse stage keeps the string it parsed, and it is the Doc's text."""

from __future__ import annotations

import spacy

from vigil.document import Document
from vigil.language.embeddings import sentence_texts
from vigil.language.nlp import Parser
from vigil.language.parsed import TEXT_KEY, parsed_text
from vigil.settings import Settings

TEXTS = [
    "Troops LEFT Camp Taji.\n\n  Five more are based in Baghdad ,said  an official.\t\n",
    "“Quoted,” he said.Next sentence without a space. Ünïcödé names: Şalāḩ ad Dīn.",
    "   ",
]


def test_kept_text_is_the_docs_text() -> None:
    parser = Parser(Settings())
    docs = [Document(raw_text=t, source=f"t{i}") for i, t in enumerate(TEXTS)]
    for doc in list(parser.pipe(docs)) + [parser(Document(raw_text=TEXTS[0], source="one"))]:
        assert doc.spacy is not None
        assert doc.spacy.user_data[TEXT_KEY] == doc.text
        assert parsed_text(doc.spacy) == doc.spacy.text == doc.text
        assert sentence_texts(doc.spacy) == [s.text for s in doc.spacy.sents]


def test_a_doc_made_elsewhere_reads_its_own_text() -> None:
    sdoc = spacy.blank("en")("Made by hand.  Twice")
    assert parsed_text(sdoc) == "Made by hand.  Twice"
