"""Hypothesis strategies for texts no evaluation set holds: odd Unicode, no sentences,
very long sentences, capitals, tables, markup, quote marks, name lists, and a mix of
news-like sentences (some spelled with characters that match a keyword only when case
is ignored: the long s in "baſe", the Kelvin sign)."""

from __future__ import annotations

import random

from hypothesis import strategies as st

# -- building blocks ----------------------------------------------------------------

ACTORS = [
    "Islamic State militants", "the army", "police", "protesters", "Taliban fighters",
    "the Ministry of Defence", "President Ruto", "a spokesman", "he", "they", "NATO",
    "Hamas", "government forces", "the rebels", "unknown gunmen", "the UN", "Iraqi troops",
    "Prime Minister Jacinda Ardern", "the coalition", "residents", "the Houthis", "ISIS",
]  # fmt: skip
VERBS = [
    "attacked", "threatened to kill", "shelled", "arrested", "protested against",
    "killed", "kidnapped", "bombed", "accused", "met", "withdrew from", "seized",
    "exploded near", "fired on", "warned", "rejected", "agreed with", "condemned",
    "deployed to", "burned", "destroyed", "injured", "clashed with", "threatened",
]  # fmt: skip
TARGETS = [
    "the village", "civilians", "a checkpoint", "the base", "the embassy", "students",
    "the camp", "soldiers", "journalists", "the city", "their base", "the capital",
    "Camp Taji", "the hospital", "the police station", "opposition leaders",
]  # fmt: skip
PLACES = [
    "Baghdad", "Kabul", "Mogadishu", "Nairobi", "Kyiv", "Gaza", "Taji", "Auckland",
    "northern Syria", "Borno State", "Sanaa", "Lagos", "Caracas", "Yangon", "Goz Beida",
    "Rio Grande do Sul", "Washington", "Mosul", "Kashmir", "the Sahel", "Tripoli",
]  # fmt: skip
WHEN = [
    "on Monday", "last week", "on 3 March 2021", "yesterday", "in 2019", "on Tuesday night",
    "earlier this month", "since January", "two days ago", "at dawn", "on Friday, May 8",
]  # fmt: skip
COUNTS = [
    "five", "12", "more than 200", "dozens of", "1,500", "at least 3", "two hundred",
    "10 to 20", "$3 million in", "hundreds of", "one", "0", "99999999999",
]  # fmt: skip
UNITS = ["people", "soldiers", "civilians", "protesters", "troops", "personnel", "km", "rockets"]
SPEECH = ["said", "told reporters", "warned", "claimed", "according to officials", "added"]
QUOTE_MARKS = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "``", "''", "«", "»", "„"]
MARKUP = [
    "<p>", "</p>", "<div class='x'>", "</div>", "<br/>", "<script>alert(1)</script>",
    "<![CDATA[", "]]>", "&amp;", "&nbsp;", "&#x27;", "<a href='http://x'>", "</a>",
    "**", "__", "# ", "## ", "- ", "* ", "1. ", "> ", "```", "`", "[link](http://e.com)",
    "| a | b |", "|---|---|", "<?xml version='1.0'?>", "<!-- c -->", "<table><tr><td>",
]  # fmt: skip
ODD = [
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad",  # zero-width, soft hyphen
    "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069",  # bidi controls
    "\u0301", "\u0308", "\u0336", "\u20dd",  # combining marks
    "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",  # controls
    "\U0001f600", "\U0001d400", "\U00010348", "\U0002a6d6",  # astral
    "مرحبا", "שלום", "北京", "Ελλάδα", "Москва", "ſ", "\u212a", "İ", "ß", "ﬁ", "١٢٣",
]  # fmt: skip
#: Characters that equal an ASCII letter when case is ignored, but not when lower-cased.
CASEFOLD_TWINS = {"s": "\u017f", "k": "\u212a"}


def news_sentence(r: random.Random) -> str:
    parts = [r.choice(ACTORS), r.choice(VERBS), r.choice(TARGETS)]
    if r.random() < 0.6:
        parts.append(("in " if r.random() < 0.7 else "near ") + r.choice(PLACES))
    if r.random() < 0.5:
        parts.append(r.choice(WHEN))
    if r.random() < 0.4:
        parts.append(f", killing {r.choice(COUNTS)} {r.choice(UNITS)}")
    s = " ".join(parts).replace(" ,", ",")
    s = s[0].upper() + s[1:]
    shape = r.random()
    if shape < 0.2:
        q = r.choice(QUOTE_MARKS)
        return f"{q}{s},{q} {r.choice(ACTORS)} {r.choice(SPEECH)}."
    if shape < 0.35:
        return f"{r.choice(ACTORS).capitalize()} {r.choice(SPEECH)} that {s[0].lower()}{s[1:]}."
    if shape < 0.45:
        return f"{s}, {r.choice(SPEECH)} {r.choice(ACTORS)}."
    return s + r.choice([".", ".", ".", "!", "?", ";", ""])


def news_text(seed: int, sentences: int) -> str:
    r = random.Random(seed)
    out = []
    for _ in range(sentences):
        out.append(news_sentence(r))
        out.append(r.choice([" ", " ", "\n", "\n\n"]))
    return "".join(out).strip()


# -- strategies -----------------------------------------------------------------------

seeds = st.integers(min_value=0, max_value=2**32 - 1)

#: Any Unicode scalar value but surrogates (they cannot be encoded).
any_unicode = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=0, max_size=300)

#: Words and the odd characters between them: RTL, combining, zero-width, controls.
odd_unicode = st.lists(
    st.one_of(st.sampled_from(ODD), st.sampled_from(ACTORS + PLACES + VERBS), st.just(" ")),
    min_size=1,
    max_size=60,
).map("".join)

#: Nothing that reads as a sentence: single tokens, whitespace, punctuation, word lists.
no_sentences = st.one_of(
    st.text(alphabet=" \t\n\r\f\v\u00a0\u3000", min_size=1, max_size=50),
    st.text(alphabet=".,;:!?-–—()[]{}\"'`/\\|*&^%$#@~<>…", min_size=1, max_size=80),
    st.sampled_from(ACTORS + PLACES + VERBS + TARGETS + COUNTS),
    st.lists(st.sampled_from(ACTORS + PLACES + VERBS + TARGETS + UNITS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PLACES + ACTORS), min_size=1, max_size=30).map("\n".join),
)

#: All capitals: a headline-shaped report.
all_caps = st.builds(news_text, seeds, st.integers(1, 4)).map(str.upper)


#: Tables of numbers, some with a header line and units.
@st.composite
def number_tables(draw: st.DrawFn) -> str:
    r = random.Random(draw(seeds))
    rows, cols = r.randint(1, 8), r.randint(1, 5)
    sep = r.choice(["\t", " | ", ",", "  ", " "])
    lines = []
    if r.random() < 0.6:
        lines.append(
            sep.join(r.choice(PLACES + UNITS + ["Killed", "2020", "%"]) for _ in range(cols))
        )
    for _ in range(rows):
        cells = [
            r.choice(
                [
                    str(r.randint(-10, 10**7)),
                    f"{r.uniform(-1e4, 1e4):.2f}",
                    f"{r.randint(1, 999)},{r.randint(0, 999):03d}",
                    f"{r.randint(0, 100)}%",
                    f"{r.randint(1, 28)} March {r.randint(1900, 2100)}",
                    "1e308",
                    "-",
                    "n/a",
                ]
            )
            for _ in range(cols)
        ]
        lines.append(sep.join(cells))
    return "\n".join(lines)


#: News sentences cut with markup: HTML/XML tags, entities, markdown.
@st.composite
def markup(draw: st.DrawFn) -> str:
    r = random.Random(draw(seeds))
    out = []
    for _ in range(r.randint(1, 6)):
        out.append(r.choice(MARKUP))
        if r.random() < 0.7:
            out.append(news_sentence(r))
    return "".join(out)


#: Many quote marks: nested, unbalanced, empty, across lines.
@st.composite
def many_quotes(draw: st.DrawFn) -> str:
    r = random.Random(draw(seeds))
    out = []
    for _ in range(r.randint(1, 16)):
        x = r.random()
        if x < 0.4:
            out.append(r.choice(QUOTE_MARKS))
        elif x < 0.7:
            out.append(news_sentence(r))
        elif x < 0.8:
            out.append(f", {r.choice(ACTORS)} {r.choice(SPEECH)}")
        else:
            out.append(r.choice([" ", "\n", "\n\n", ""]))
    return "".join(out)


#: Long lists of capitalised names: people, places, organisations.
@st.composite
def many_names(draw: st.DrawFn) -> str:
    r = random.Random(draw(seeds))
    pool = PLACES + [
        "John Smith", "Amina Mohammed", "Xi Jinping", "Al-Shabaab", "Médecins Sans Frontières",
        "the Red Cross", "Kim Jong Un", "Mr. O'Brien", "Dr. Ngozi Okonjo-Iweala", "A. B. Carter",
        "New Zealand Defence Force", "NZDF", "Ministry of Health", "U.S.", "UK", "EU", "IDF",
    ]  # fmt: skip
    names = [r.choice(pool) for _ in range(r.randint(5, 60))]
    joiner = r.choice([", ", " and ", "; ", "\n", " ", ", and "])
    lead = r.choice(["", "Those present: ", "Officials from ", "Attacks hit "])
    return lead + joiner.join(names) + r.choice([".", "", " were killed."])


#: News-like reports built from templates.
news = st.builds(news_text, seeds, st.integers(1, 6))


def _casefold_twins(text: str, r: random.Random) -> str:
    return "".join(
        CASEFOLD_TWINS[c] if c in CASEFOLD_TWINS and r.random() < 0.5 else c for c in text
    )


#: News with letters that only match their keyword case-insensitively ("baſe", "Tueſday").
casefold_news = st.builds(
    lambda seed, n: _casefold_twins(news_text(seed, n), random.Random(seed)),
    seeds,
    st.integers(1, 5),
)


NUMBER_WORDS = ["hundred", "thousand", "million", "billion", "dozens", "hundreds", "a", "one",
                "twenty-one", "9" * 400, "1,000,000", "3.5", "80m", "2bn", "to", "and", "-"]  # fmt: skip


#: Runs of number words and digit strings, some far past what a float holds.
@st.composite
def number_runs(draw: st.DrawFn) -> str:
    r = random.Random(draw(seeds))
    run = " ".join(r.choice(NUMBER_WORDS) for _ in range(r.randint(1, 120)))
    lead = r.choice(["Gunmen killed", "Police said", "More than", "About", "Officials counted"])
    return f"{lead} {run} {r.choice(UNITS)} {r.choice(['were killed', 'marched', 'in ' + r.choice(PLACES)])}."


def long_sentence(seed: int, words: int = 5000) -> str:
    """One sentence of ``words`` words: news vocabulary joined by commas and 'and'."""
    r = random.Random(seed)
    vocab = " ".join(ACTORS + VERBS + TARGETS + PLACES + WHEN + COUNTS + UNITS).split()
    out = []
    for i in range(words):
        out.append(r.choice(vocab))
        if i % 17 == 16:
            out.append(r.choice([",", "and", "who", "which"]))
    return " ".join(out).replace(" ,", ",") + "."
