"""The cleaner's general rules on invented articles: debris goes, real content stays."""

from __future__ import annotations

from vigil.ingest.clean.cleaner import clean_text
from vigil.ingest.clean.lines import Line, find_credit

P1 = "Officials said the bridge would stay closed for at least a week while engineers inspect it."
P2 = "Residents were told to use the ferry, which will run every twenty minutes until Sunday."
P3 = "The council has set aside two million dollars for the repairs, a spokeswoman said."


def paras(text: str) -> list[str]:
    return text.split("\n\n")


def test_conservative_cases_survive():
    raw = "\n\n".join(
        [
            P1,
            '"We will not reopen it until it is safe," the mayor said.',
            "What Happens Next",  # a lone subheading
            P2,
            "Schedules for the ferry:",
            "Monday to Friday from six in the morning",
            "Saturday and Sunday from eight in the morning",
            "Public holidays on the weekend timetable",
            P3,
            "Repairs are expected to be finished by March",  # final sentence, no period
        ]
    )
    result = clean_text(raw, title="Bridge closed")
    assert paras(result.text) == paras(raw)
    assert result.related == [] and result.captions == []


def test_headline_run_between_prose_goes_to_related():
    heads = [
        "Storm batters coast as thousands lose power",
        "Ferry operator warns of delays over holiday weekend",
        "Council approves new budget after long debate",
    ]
    raw = P1 + "\n\n" + "\n".join(heads) + "\n\n" + P2
    result = clean_text(raw)
    assert result.related == heads
    assert paras(result.text) == [P1, P2]


def test_short_run_and_runs_that_are_most_of_the_text_stay():
    two = P1 + "\n\nStorm batters coast tonight\nFerry operator warns of delays\n\n" + P2
    assert clean_text(two).related == []
    listing = "\n".join(f"Item number {w} is on the list" for w in "ABCDEFGH")
    assert clean_text(P1 + "\n\n" + listing).related == []


def test_regular_lists_are_not_headlines():
    dates = "\n".join(
        f"June {d} -- Arena {n}, Springfield" for d, n in [(9, "One"), (12, "Two"), (15, "Three")]
    )
    raw = P1 + "\n\n" + dates + "\n\n" + P2
    assert clean_text(raw).related == []


def test_labelled_and_inline_related_stories():
    raw = "\n".join(
        [
            P1,
            "Related: Storm batters coast as thousands lose power",
            P2,
            "DON'T MISS",
            "Ferry operator warns of delays [VIDEO]",
            P3,
        ]
    )
    result = clean_text(raw)
    assert result.related == [
        "Storm batters coast as thousands lose power",
        "Ferry operator warns of delays",
    ]
    assert paras(result.text) == [P1, P2, P3]


def test_linked_lines_from_a_page_decide_runs():
    heads = ["Storm batters coast tonight", "Ferry operator warns of delays"]
    tour = ["Monday at the Town Hall, Springfield", "Tuesday at the Arena, Shelbyville"]
    raw = "\n".join([P1, *heads, P2, *tour, P3])
    links = {Line(h, 0).norm for h in heads}
    result = clean_text(raw, links=links)
    assert result.related == heads
    assert paras(result.text) == [P1, P2, *tour, P3]


def test_captions_with_credits_kept_once():
    cap = "The mayor inspects the damaged bridge on Tuesday."
    raw = "\n".join(
        [
            P1,
            f"{cap} Photo / Jane Smith",
            f"{cap} Photo / Jane Smith",
            P2,
            "Flooded streets (Getty Images)",
            P3,
        ]
    )
    result = clean_text(raw)
    assert [(c.text, c.credit) for c in result.captions] == [
        (cap, "Jane Smith"),
        ("Flooded streets", "Getty Images"),
    ]
    assert paras(result.text) == [P1, P2, P3]


def test_credit_patterns():
    assert find_credit("Crowds gather. Photo: AP") == ("Crowds gather.", "AP")
    assert find_credit("Soldiers on patrol. REUTERS/Ahmed Saad") == (
        "Soldiers on patrol.",
        "REUTERS/Ahmed Saad",
    )
    assert find_credit("A view of the port (AP Photo/Evan Vucci)") == (
        "A view of the port",
        "AP Photo/Evan Vucci",
    )
    assert find_credit(P1) is None
    assert find_credit("He said the photo was taken in 2019 by a passer-by.") is None


def test_prompts_and_duplicates_removed():
    raw = "\n".join(
        [
            P1,
            "Advertisement",
            P2,
            "Sign up for our morning newsletter and get the news in your inbox.",
            "Follow us on Twitter and Facebook",
            P2,
            "Share this article",
            P3,
            "Copyright 2021 Example News. All rights reserved.",
        ]
    )
    result = clean_text(raw)
    assert paras(result.text) == [P1, P2, P3]
    kinds = [k for k, _ in result.removed]
    assert kinds.count("prompt") == 5 and kinds.count("duplicate") == 1


def test_title_repeated_at_the_top_is_dropped():
    raw = "Bridge Closed After Storm\n" + P1 + "\n" + P2
    assert paras(clean_text(raw, title="Bridge closed after storm | Example News").text) == [P1, P2]
    assert paras(clean_text(raw, title="Something else").text)[0] == "Bridge Closed After Storm"


def test_hard_wrapped_prose_is_rejoined():
    wrapped = (
        "Officials said the bridge would stay closed for at least\n"
        "a week while engineers inspect it, and that the ferry\n"
        "would run instead."
    )
    result = clean_text(wrapped + "\n\n" + P2)
    assert paras(result.text) == [" ".join(wrapped.split("\n")), P2]


def test_long_paragraph_ending_in_agency_tag_is_not_a_caption():
    story = " ".join([P1, P2, P3]) + " (AP)"
    assert find_credit(story) is None
    result = clean_text(P1 + "\n\n" + story + "\n\nPhoto: Reuters")
    assert paras(result.text) == [P1, story]
    assert result.captions == []  # a bare credit is removed but is no caption


def test_prose_that_mentions_prompts_is_not_a_prompt():
    kept = [
        "She wanted men to sign up for updates from the senator's presidential campaign.",
        "11:45 a.m.:",  # a live-blog time heading is part of the story
        "The senator wrote: The media makes everything up, and the voters know it, and they "
        "will show it in November when they turn out in numbers nobody has predicted! "
        "SIGN UP FOR OUR NEWSLETTER \u2014 Senator (@senator) June 29, 2016",
    ]
    raw = "\n\n".join([P1, *kept, P2])
    assert paras(clean_text(raw).text) == [P1, *kept, P2]
    assert paras(clean_text(P1 + "\n\nSubscribe to our politics podcast here.").text) == [P1]
