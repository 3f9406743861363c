"""prose_sentences reads the same sentences as the per-sentence headline test."""

from __future__ import annotations

from vigil.events.detect import is_headline_like, prose_sentences
from vigil.language.nlp import load_nlp
from vigil.language.parsed import keep_text
from vigil.settings import Settings

TEXT = (
    "DEFENCE FORCE PUTS IRAQ TRAINING MISSION ON HOLD\n\n"
    "Photo / Mark Mitchell: the minister at Camp Taji\n\n"
    "The New Zealand Defence Force has put its training mission in Iraq on hold. "
    "Five more personnel are based in Baghdad.\n\n"
    "Related: Iran vows revenge\n\n"
    "Officials said the troops would stay"
)


def test_same_sentences_as_the_headline_test() -> None:
    nlp = load_nlp(Settings().model)
    for sdoc in (nlp(TEXT), keep_text(nlp(TEXT), TEXT)):
        expected = [s for s in sdoc.sents if not is_headline_like(s, TEXT)]
        assert [(s.start, s.end) for s in prose_sentences(sdoc, TEXT)] == [
            (s.start, s.end) for s in expected
        ]
        assert 0 < len(expected) < len(list(sdoc.sents))
