"""Quote mechanisms on invented sentences: marks, nesting, continuation, speakers."""

from __future__ import annotations

from quotes_helpers import quote_with, run, speaker_name

from vigil.language.quotes.direct import find_all_marked


def test_curly_quotes_and_text_excludes_marks():
    doc = run("\u201cThe border will stay closed until further notice,\u201d Maria Lopez said.")
    q = quote_with(doc, "border will stay closed")
    assert q.kind == "direct"
    assert q.text.startswith("The border") and "\u201d" not in q.text and "\u201c" not in q.text
    assert doc.text[q.start : q.end] == q.text
    assert speaker_name(q) and "Lopez" in speaker_name(q)
    assert q.cue == "said"


def test_nested_single_quotes_stay_inside_the_outer_quote():
    text = "\"They told us 'leave now' and we left the village,\" farmer Ahmed Karim said."
    marked = find_all_marked(text)
    assert len(marked) == 1
    doc = run(text)
    q = quote_with(doc, "leave now")
    assert "we left the village" in q.text
    assert "Karim" in (speaker_name(q) or "")


def test_brackets_inside_quotes():
    doc = run(
        '"We must honour [the council\'s] decision and go home now," activist Jane Brook said.'
    )
    q = quote_with(doc, "[the council's] decision")
    assert q.text.endswith("go home now,")
    assert "Brook" in (speaker_name(q) or "")


def test_apostrophes_are_not_quote_marks():
    marked = find_all_marked("The army's convoy didn't stop at the town's gate.")
    assert marked == []


def test_multi_sentence_quote_and_unattributed_continuation_paragraph():
    text = (
        "Health Minister Paul Reddy spoke on Friday.\n\n"
        '"The clinics are full. We need more staff," Reddy said.\n\n'
        '"No patient will be turned away. That is our promise."\n\n'
        "The ministry did not give figures."
    )
    doc = run(text)
    first = quote_with(doc, "The clinics are full")
    assert "We need more staff" in first.text  # one quote over two sentences
    cont = quote_with(doc, "No patient will be turned away")
    assert cont.kind == "direct"
    assert speaker_name(cont) == speaker_name(first)
    assert speaker_name(first) is not None and "Paul Reddy" in speaker_name(first)


def test_pronoun_resolves_to_the_last_speaker_not_a_place():
    text = (
        "Governor Samuel Okafor said the roads to the north were closed.\n\n"
        '"Nobody should travel to Kano this week," he said.'
    )
    doc = run(text)
    q = quote_with(doc, "Nobody should travel")
    assert q.speaker_text == "he"
    assert speaker_name(q) and "Samuel Okafor" in speaker_name(q)


def test_unresolvable_pronoun_gives_no_speaker_entity():
    doc = run('"We will not move," he said.')
    q = quote_with(doc, "We will not move")
    assert q.speaker is None or q.speaker.entity is None


def test_spokesman_speaks_for_the_organisation_of_the_sentence_before():
    text = (
        "In a statement on Tuesday, the World Health Organization denied reports of a cover-up.\n\n"
        '"Our teams are working openly with local authorities," a spokesman said.'
    )
    doc = run(text)
    q = quote_with(doc, "Our teams are working")
    assert q.speaker_text == "a spokesman"
    assert q.speaker is not None and q.speaker.entity is not None
    assert "World Health Organization" in speaker_name(q)


def test_advice_recipient_is_never_the_speaker():
    doc = run('The Foreign Office has "strongly advised" 20 British nationals in Sudan to leave.')
    for q in doc.quotes:
        assert "British" not in (speaker_name(q) or "")
        assert "nationals" not in (q.speaker_text or "")


def test_partial_quote_goes_to_the_subject_of_the_describing_verb():
    doc = run('President Ana Silva described the raid as a "cowardly act" on Sunday.')
    q = quote_with(doc, "cowardly act")
    assert q.kind == "partial"
    assert q.text == "cowardly act"
    assert "Ana Silva" in (speaker_name(q) or "")


def test_indirect_speech_from_the_parse():
    doc = run("Police chief Tom Harris said the suspects had fled across the border.")
    q = quote_with(doc, "the suspects had fled")
    assert q.kind == "indirect"
    assert q.cue == "said"
    assert "Tom Harris" in (speaker_name(q) or "")


def test_participle_cue_takes_the_subject_of_its_head():
    doc = run(
        "Senator Laura Chen rejected the report, saying she believed the army had acted lawfully."
    )
    q = quote_with(doc, "the army had acted lawfully")
    assert q.kind == "indirect"
    assert "Laura Chen" in (speaker_name(q) or "")


def test_told_object_is_not_the_speaker():
    doc = run("General Omar Haddad told reporters that the town had been retaken.")
    q = quote_with(doc, "the town had been retaken")
    assert "Haddad" in (speaker_name(q) or "")
    assert "reporters" not in (q.speaker_text or "")


def test_pronoun_skips_a_person_of_the_other_gender():
    text = (
        "Ms Anna Berg said the talks would continue.\n\n"
        "Mr Tom Wills agreed with the plan.\n\n"
        '"We made real progress," she said.'
    )
    doc = run(text)
    q = quote_with(doc, "We made real progress")
    assert "Anna Berg" in (speaker_name(q) or "")


def test_beliefs_count_but_not_passive_believed_nor_nested_in_speech():
    doc = run("Commander Ali Musa believes the gunmen crossed the river at night.")
    q = quote_with(doc, "the gunmen crossed the river")
    assert q.kind == "indirect" and "Ali Musa" in (speaker_name(q) or "")
    passive = run("Ten hikers are believed to be trapped in the valley.")
    assert passive.quotes == []
    nested = run("Mayor Rita Gomez said she believed the dam would hold through the storm.")
    assert len([q for q in nested.quotes if "the dam would hold" in q.text]) == 1


def test_relative_who_resolves_to_the_noun_it_hangs_on():
    doc = run("The plan was backed by Senator Maria Vance, who said the vote would pass easily.")
    q = quote_with(doc, "the vote would pass")
    assert q.speaker_text == "who"
    assert "Maria Vance" in (speaker_name(q) or "")


def test_first_person_outside_quotes_is_the_transcript_speaker_or_nobody():
    doc = run(
        "HOLT: Governor, what is the plan?\n\nPERRY: I think the border must be secured first."
    )
    q = quote_with(doc, "the border must be secured")
    assert q.speaker_text == "I" and speaker_name(q) is not None
    assert "perry" in speaker_name(q).lower()
    essay = run("I think the council made a serious mistake last week.")
    for q in essay.quotes:
        assert q.speaker is None


def test_works_without_the_entity_stage():
    from vigil.document import Document
    from vigil.pipeline import Pipeline

    pipe = Pipeline(["parse", "quotes", "quantities", "conflicts"])
    doc = pipe(Document(raw_text='"We lost 12 soldiers," the army spokesman said.'))
    q = quote_with(doc, "We lost 12 soldiers")
    assert q.speaker is not None and q.speaker.entity is None
    assert q.speaker.name == "the army spokesman"
    assert [x.value for x in doc.quantities] == [12]


def test_quote_after_a_colon_goes_to_the_subject_before_it():
    doc = run('At the rally, Governor Ken Adams went further: "We will close the border tomorrow."')
    q = quote_with(doc, "We will close the border")
    assert q.kind == "direct" and "Ken Adams" in (speaker_name(q) or "")


def test_cue_parsed_as_a_modifier_still_finds_its_speaker():
    text = "\u201cWhat if the mayor had listened to us?\u201d the 52-year-old asked in the video."
    doc = run(text)
    assert any(t.lemma_ == "ask" and t.dep_ == "acl" for t in doc.spacy)  # the case under test
    q = quote_with(doc, "What if the mayor had listened")
    assert q.kind == "direct" and q.speaker_text == "the 52-year-old"
