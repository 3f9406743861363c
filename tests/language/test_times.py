"""Time expressions: the gold of the founding article, then other sentences and dates."""

from __future__ import annotations

from datetime import date

import pytest

from vigil.language.nlp import load_nlp
from vigil.language.times.component import find_times
from vigil.settings import Settings


def test_gold_times_of_founding_article(taji_doc, gold):
    required = gold["times"]["required"]
    assert required, "gold has no times to check"
    got = {(t.text, t.value, t.granularity) for t in taji_doc.times}
    for item in required:
        assert (item["text"], item["value"], item["granularity"]) in got, item
    for t in taji_doc.times:  # offsets point at the text they claim
        assert taji_doc.text[t.start : t.end] == t.text


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings().model)


def times(nlp, sentence: str, published: date | None) -> list[tuple[str, str, str]]:
    return [
        (t.text, t.value, t.granularity) for t in find_times(sentence, published, nlp(sentence))
    ]


WED_2021_01_06 = date(2021, 1, 6)
MON_2020_01_06 = date(2020, 1, 6)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # weekday names: past tense -> on/before publication (across a year boundary)
        ("The attack happened on Friday.", WED_2021_01_06, ("on Friday", "2021-01-01", "day")),
        ("Talks were held on Wednesday.", WED_2021_01_06, ("on Wednesday", "2021-01-06", "day")),
        ("He resigned last Wednesday.", WED_2021_01_06, ("last Wednesday", "2020-12-30", "day")),
        # future tense -> the next one
        ("Talks will resume on Friday.", WED_2021_01_06, ("on Friday", "2021-01-08", "day")),
        (
            "The minister is due to visit on Monday.",
            WED_2021_01_06,
            ("on Monday", "2021-01-11", "day"),
        ),
        # deictic words
        ("He was arrested yesterday.", date(2020, 3, 1), ("yesterday", "2020-02-29", "day")),
        ("Parliament sits today.", WED_2021_01_06, ("today", "2021-01-06", "day")),
        (
            "The bodies were found two days ago.",
            MON_2020_01_06,
            ("two days ago", "2020-01-04", "day"),
        ),
        # weeks, months, years relative to publication
        ("Prices rose last week.", MON_2020_01_06, ("last week", "2019-12-30/2020-01-05", "range")),
        ("Sales fell this month.", MON_2020_01_06, ("this month", "2020-01", "month")),
        ("Sales fell last month.", MON_2020_01_06, ("last month", "2019-12", "month")),
        ("The plant closed last year.", WED_2021_01_06, ("last year", "2020", "year")),
        (
            "Earlier this year the company cut jobs.",
            date(2020, 5, 10),
            ("Earlier this year", "2020-01-01/2020-05-10", "range"),
        ),
        # dates without a year take the nearest one in the direction of the tense
        (
            "The deal was signed on January 3.",
            MON_2020_01_06,
            ("on January 3", "2020-01-03", "day"),
        ),
        (
            "The deal was signed on December 30.",
            MON_2020_01_06,
            ("on December 30", "2019-12-30", "day"),
        ),
        (
            "The law passed on 3 January 2020.",
            date(2020, 2, 1),
            ("on 3 January 2020", "2020-01-03", "day"),
        ),
        ("The vote was held in March.", date(2020, 6, 10), ("in March", "2020-03", "month")),
        ("The vote was held in March.", MON_2020_01_06, ("in March", "2019-03", "month")),
        ("The vote will be held in March.", MON_2020_01_06, ("in March", "2020-03", "month")),
        # years stay years; decades and spans are ranges
        ("The war began in 2015.", MON_2020_01_06, ("in 2015", "2015", "year")),
        ("Troops have been there since 2015.", MON_2020_01_06, ("since 2015", "2015", "year")),
        ("The work ends by June, 2020.", date(2019, 1, 1), ("by June, 2020", "2020-06", "month")),
        (
            "The city grew fast in the 1990s.",
            MON_2020_01_06,
            ("in the 1990s", "1990/1999", "range"),
        ),
        (
            "Output rose between 2015 and 2017.",
            MON_2020_01_06,
            ("between 2015 and 2017", "2015/2017", "range"),
        ),
        # weekends: the most recent one in the past tense, the next one in the future
        (
            "Clashes erupted over the weekend.",
            date(2020, 1, 7),
            ("over the weekend", "2020-01-04/2020-01-05", "range"),
        ),
        (
            "Crowds will gather this weekend.",
            date(2020, 1, 7),
            ("this weekend", "2020-01-11/2020-01-12", "range"),
        ),
    ],
)
def test_normalised_against_publication_date(nlp, sentence, published, expected):
    assert expected in times(nlp, sentence, published)


def test_absolute_dates_need_no_publication_date(nlp):
    got = times(nlp, "The embassy closed on 4 May 2019 and again in June 2019.", None)
    assert ("on 4 May 2019", "2019-05-04", "day") in got
    assert ("in June 2019", "2019-06", "month") in got


def test_relative_expressions_without_publication_date_are_left_out(nlp):
    assert times(nlp, "The attack happened on Saturday, two days ago.", None) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "In recent years violence has grown.",  # vague: no date invented
        "Some 2015 people attended the rally.",  # a number, not a year
        "Officials may march on the capital.",  # modal and verb, not months
        "He scored 12 goals in a few days.",
    ],
)
def test_no_made_up_dates(nlp, sentence):
    assert times(nlp, sentence, MON_2020_01_06) == []


def test_a_bare_year_never_gains_month_or_day(nlp):
    got = times(nlp, "Elections were held in 2014 and in May 2018.", MON_2020_01_06)
    assert ("in 2014", "2014", "year") in got
    assert ("in May 2018", "2018-05", "month") in got


WED_2019_11_20 = date(2019, 11, 20)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a weekday next to a date fixes the date's year
        ("Tickets go on sale Friday, Dec. 6.", ("Friday, Dec. 6", "2019-12-06", "day")),
        ("It happened on Saturday, May 18.", ("on Saturday, May 18", "2019-05-18", "day")),
        # "would" looks forward from a reported moment: the nearer occurrence
        ("He vowed Britain would leave on Oct. 31.", ("on Oct. 31", "2019-10-31", "day")),
        # a schedule in the simple present: the nearer weekday, a date ahead
        ("The show opens to the public on Friday.", ("on Friday", "2019-11-22", "day")),
        ("The tour kicks off June 9th in Miami.", ("June 9th", "2020-06-09", "day")),
        ("Sales fell at the end of September.", ("September", "2019-09", "month")),
        # a future "Wednesday night" written on a Wednesday is tonight
        ("The debate will air Wednesday night.", ("Wednesday night", "2019-11-20", "day")),
        # the preposition joins only where it belongs to the date
        ("They were not on last year's list.", ("last year", "2018", "year")),
        (
            "The interview aired at the weekend.",
            ("at the weekend", "2019-11-16/2019-11-17", "range"),
        ),
    ],
)
def test_context_decides(nlp, sentence, expected):
    assert expected in times(nlp, sentence, WED_2019_11_20)


@pytest.mark.parametrize(
    "sentence",
    [
        "Shoppers queued for Black Friday deals.",
        "Richardson, via USA Today, disagreed.",
        "It is as fast as the RTX 2060 card.",
        "The Sunday Times reported the story.",
    ],
)
def test_names_are_not_dates(nlp, sentence):
    assert times(nlp, sentence, WED_2019_11_20) == []
