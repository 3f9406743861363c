"""Features of one line of a scraped body, and the patterns of scraping debris.

Extraction tools hand over the article with some of the page still stuck to
it: related-story links, photo captions with their credits, "subscribe to our
newsletter" prompts, bylines. None of that is told apart by what it is *about*,
only by how it is *shaped*: headlines have no full stop and come in runs,
captions end in a credit, prompts address the reader. This module measures
those shapes; :mod:`vigil.ingest.clean.cleaner` decides what to drop.

Patterns are written for English-language news, the language vigil extracts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

#: Characters that close a sentence (after trailing quotes/brackets are peeled off).
SENTENCE_END = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019\u00bb)]*"
#: Bracketed section tags news sites append to links: "[VIDEO]", "[INSIGHT]", "(PHOTOS)".
_TRAILING_TAGS = re.compile(
    r"(\s*(\[[A-Z][A-Z ]{1,20}\]|\([A-Z][A-Z ]{1,20}\)|[|\u2022\u00bb>]))+\s*$"
)
_BULLET = re.compile(r"^\s*([-\u2013\u2022*\u25aa\u25cf\u25ba>]|\d{1,2}[.)])\s+")

#: Longest caption (characters, words) the credit rule accepts.
MAX_CAPTION_CHARS = 400
MAX_CAPTION_WORDS = 40

# --- captions: a credit at the end of the line ---------------------------------------------
_AGENCY = (
    r"AP|AFP|Reuters|REUTERS|EPA|Getty(?: Images)?|Shutterstock|iStock|Alamy|Bloomberg|PA"
    r"|Xinhua|XINHUA|AAP|ANP|NurPhoto|Supplied|File|Pool|Handout|Twitter|Instagram|Facebook"
)
CREDIT_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "... (Getty Images)", "(AP Photo/Evan Vucci)", "(Photo: Reuters)"
    re.compile(
        r"\((?P<credit>[^()]{0,60}\b(?:" + _AGENCY + r"|Images|Photos?|Pictures?)\b[^()]{0,60})\)"
        r"\s*\.?\s*$"
    ),
    # "... Photo / Mark Mitchell", "Photo: AP", "Picture: Supplied", "photos © Studio, 2018"
    re.compile(
        r"(?:^|[\s.,;(])(?:file\s+)?(?:photo(?:graph)?s?|pictures?|pics?|images?|foto|video)"
        r"(?:\s+credit)?\s*(?:/|:|\||\u00a9|\(c\)|by)\s*(?P<credit>[^.!?]{2,80}?)\)?\s*$",
        re.IGNORECASE,
    ),
    # "... REUTERS/Ahmed Saad", "AFP via Getty Images", "Credit: Jane Doe"
    re.compile(
        r"(?:^|\s)(?P<credit>(?:REUTERS|AFP|AP|EPA|XINHUA|ANADOLU)\s*/\s*[A-Z][\w.' -]{1,40}"
        r"|AFP via Getty Images|[A-Z][\w.' -]{1,40}/(?:Getty Images|AFP|AP|Reuters|EPA))\s*$"
    ),
    re.compile(r"(?:^|\s)(?:image\s+)?credits?\s*:\s*(?P<credit>[^.!?]{2,80})\s*$", re.I),
)

# --- prompts: the page talking to the reader ---------------------------------------------------
PROMPT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*advert(isement|ising)?\W*$",
        r"^\W*(sponsored( content)?|promoted|paid (post|content))\W*$",
        r"^\W*(\S+\s+){0,5}newsletters?\W*$",
        r"(^|[.?!:,]\s+)\W*(sign up|subscribe|register)\b.{0,80}\b(newsletters?|alerts|updates|inbox|podcast)\b",
        r"\b(sign(ing)? up|subscrib\w*)\b.{0,60}\bour\b.{0,30}\bnewsletters?\b",
        r"\bour\b.{0,30}\bnewsletters?\b.{0,60}\b(sign(ing)? up|subscrib\w*)\b",
        r"\b(delivered|straight|right|direct(ly)?)\b.{0,20}\b(to|in|into) your (inbox|email)\b",
        r"^\W*(subscribe|sign up|register) (now|today|here|for free)\b",
        r"^\W*become a (member|subscriber|supporter)\b",
        r"^\W*support (our|independent|quality|local) journalism\b",
        r"^\W*(get|try|start|unlock)\b.{0,60}\bsubscri(ption|ber|be)s?\b",
        r"\bfollow (us|him|her|them|\w+(\s\w+)?) on (twitter|facebook|instagram|linkedin|youtube|tiktok)\b",
        r"\bfollow\b.{0,60}@\w{2,}",
        r"^\W*(share|tweet|email|print|pin)( this( article| story| page)?| on| via)\b",
        r"^\W*(click|tap) here\b|\b(click|tap) here (to|for)\b",
        r"^\W*(story|article) continues below\b|^\W*continue reading\b",
        r"^\W*(listen|watch)\b.{0,80}\b(live|here|now|podcast|on demand)\b",
        r"^\W*(follow|read|see|visit|find|check out|go to)\b.{0,120}(https?://|www\.)\S+",
        r"^\W*if you (enjoyed|liked|value|appreciate|found)\b",
        r"^\W*(have a (news )?tip|got a (news )?tip|tell us what you think)\b",
        r"^\W*\d*\s*comments?\W*$|^\W*(leave|post|add) a comment\b|^\W*(show|view|load) comments\b",
        r"^\W*(copyright\b|\u00a9|\(c\)).{0,60}\b(19|20)\d\d\b.{0,60}$|\ball rights reserved\b",
        r"^\W*(filed under|tags|tagged|topics|categories)\s*:",
        r"^\W*source\s*:\s*[^.]{1,60}$",
        r"^\W*(additional )?reporting by\b|^\W*(written|edited|compiled) by\b",
        r"^\W*with (additional )?reporting (by|from)\b",
        r"^\W*\[\w+[^\]]*\].*\[/\w+\]\s*$",  # unrendered WordPress shortcodes
        r"^\W*\d+\s+min(ute)?s?\s+read\W*$|^\W*reading time\b",
    )
)
#: Time stamps of the page, not of the story: "Updated at 1:23 p.m.", "Posted 19 Nov 2019".
UPDATED = re.compile(
    r"^\W*(updated|published|posted|last (updated|modified)|first published)\b.{0,40}\d", re.I
)
#: Longest line a prompt found mid-line may make up.
MAX_PROMPT_WORDS = 30
#: A byline: "By Jane Doe", "By Jane Doe and John Roe, Associated Press".
BYLINE = re.compile(
    r"^\W*by\s+[A-Z][\w.'-]+(\s+(and\s+)?[A-Z][\w.'-]+){0,5}(\s*[,|]\s*[^.]{0,50})?$"
)
#: A time-stamp line with a byline: "5:45 AM PST 11/19/2019 by Patrick Shanley".
STAMP = re.compile(
    r"^\W*\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)?.{0,20}(\d{1,2}/\d{1,2}/\d{2,4}|\bby [A-Z]).{0,30}$",
    re.IGNORECASE,
)

# --- labels that announce a list of other stories ----------------------------------------------
RELATED_LABEL = re.compile(
    r"^\W*(related( stories| articles| news| coverage| content| links| reading)?"
    r"|more( on this( story| topic)?| from [\w .'-]{1,30}| stories| news| coverage| like this)?"
    r"|see (also|more)|read (more|also|next|this)|also( read| see| on [\w .'-]{1,30})?"
    r"|don'?t miss|you (may|might) (also )?(like|be interested in)|recommended( for you| stories)?"
    r"|most (read|popular|viewed|shared)( in [\w .'-]{1,30}| stories| today)?|trending( now| stories)?"
    r"|top stories|further reading|what to read next|editor'?s picks|latest( news| stories)?"
    r"|in other news|elsewhere|popular( now)?|watch next|up next)\W*$",
    re.IGNORECASE,
)
#: A label and a headline on one line: "Related: Snapshots of our universe".
INLINE_RELATED = re.compile(
    r"^\W*(related|see more|read more|read also|also read|more|see also|watch|don'?t miss"
    r"|recommended|also on \w+)\s*[:|\u2013\u2014>-]+\s*(?P<headline>\S.{4,200})$",
    re.IGNORECASE,
)


@dataclass
class Line:
    """One candidate paragraph and the shape features the cleaner decides on."""

    text: str
    block: int  # index of the blank-line-separated block it came from

    @cached_property
    def core(self) -> str:
        """The line without list bullets and trailing section tags ("[VIDEO]", "|")."""
        return _TRAILING_TAGS.sub("", _BULLET.sub("", self.text)).strip()

    @cached_property
    def words(self) -> list[str]:
        return self.core.split()

    @cached_property
    def ends_sentence(self) -> bool:
        return self.core.rstrip(_CLOSERS).endswith(tuple(SENTENCE_END))

    @cached_property
    def ends_colon(self) -> bool:
        return self.core.rstrip(_CLOSERS).endswith((":", ";", ","))

    @cached_property
    def is_headline_like(self) -> bool:
        """Shaped like a headline: 4-25 words, capitalised start, no sentence end.

        A question mark counts as a sentence end here, so that a reader's question or
        a one-line quote never passes as a headline; several sentences in one line
        (". " followed by a capital) mean prose.
        """
        n = len(self.words)
        if not 4 <= n <= 25 or len(self.core) > 200 or self.ends_sentence or self.ends_colon:
            return False
        first = self.core[:1]
        if not (first.isupper() or first.isdigit() or first in "$\u00a3\u20ac'\"\u2018\u201c"):
            return False
        return not re.search(r"[.!?]\s+[A-Z]", self.core)

    @cached_property
    def norm(self) -> str:
        """Comparison key: case, punctuation and spacing folded."""
        return " ".join(re.findall(r"\w+", self.text.casefold()))


def find_credit(text: str) -> tuple[str, str] | None:
    """``(caption, credit)`` if the line ends in a photo credit; caption may be empty.

    A caption is a sentence or two; a long paragraph that happens to end in
    "(AP)" is a story, not a caption, and stays.
    """
    if len(text) > MAX_CAPTION_CHARS:
        return None
    for pat in CREDIT_PATTERNS:
        m = pat.search(text)
        if m:
            credit = m.group("credit").strip(" .,;:()")
            caption = text[: m.start()].strip(" \t|-\u2013\u2014,;:(")
            sentences = len(re.findall(r"[.!?](\s|$)", caption))
            if credit and len(caption.split()) <= MAX_CAPTION_WORDS and sentences <= 2:
                return caption, credit
    return None


def is_prompt(line: Line) -> bool:
    """The page addressing the reader (subscribe, share, follow, advert) or page furniture."""
    if len(line.words) > 60:
        return False
    text = line.core
    for pat in PROMPT_PATTERNS:
        m = pat.search(text)
        # A prompt is the whole line: it opens the line, or the line is short. A long
        # paragraph (an embedded tweet) that merely contains "sign up" is content.
        if m and (not re.search(r"\w", text[: m.start()]) or len(line.words) <= MAX_PROMPT_WORDS):
            return True
    if len(line.words) <= 12 and not line.ends_sentence:
        return bool(BYLINE.match(text) or STAMP.match(text) or UPDATED.match(text))
    return False
