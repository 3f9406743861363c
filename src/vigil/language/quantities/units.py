"""The security vocabulary of counts: which nouns and events give which unit.

Kept apart from :mod:`quantities` (the parse rules) so the word lists can grow
without touching the logic. Lemmas, lower case.
"""

from __future__ import annotations

#: lemma of the counted noun -> unit
NOUN_UNITS: dict[str, str] = {
    **dict.fromkeys("personnel staff member employee adviser advisor trainer".split(), "personnel"),
    **dict.fromkeys(
        "troop soldier serviceman servicemen marine sailor airman peacekeeper".split(), "troops"
    ),
    **dict.fromkeys(
        "militant fighter insurgent rebel gunman jihadist attacker assailant".split(), "fighters"
    ),
    **dict.fromkeys(
        "people person civilian man men woman women child children resident citizen villager "
        "student worker migrant pilgrim worshipper passenger national tourist other".split(),
        "people",
    ),
    **dict.fromkeys("protester protestor demonstrator marcher rioter".split(), "protesters"),
    **dict.fromkeys("death fatality dead".split(), "killed"),
    **dict.fromkeys("injury".split(), "injured"),
    **dict.fromkeys("casualty".split(), "casualties"),
    **dict.fromkeys("hostage captive".split(), "abducted"),
    **dict.fromkeys("arrest detainee".split(), "arrested"),
    **dict.fromkeys("refugee evacuee".split(), "displaced"),
    **dict.fromkeys("km kilometre kilometer mile metre meter".split(), "distance"),
}
#: lemma of a governing verb/noun -> the unit its patients get
EVENT_UNITS: dict[str, str] = {
    **dict.fromkeys(
        "kill die slay murder massacre execute behead assassinate killing death".split(),
        "killed",
    ),
    **dict.fromkeys("injure wound hurt maim injury".split(), "injured"),
    **dict.fromkeys("abduct kidnap abduction kidnapping".split(), "abducted"),
    **dict.fromkeys("arrest detain jail imprison arrest detention".split(), "arrested"),
    **dict.fromkeys("displace uproot displacement flee".split(), "displaced"),
}
#: Verbs whose *subject* is the victim (intransitive): "20 people died".
SUBJECT_VICTIM = {"die", "perish", "flee"}
PERSON_UNITS = {"people", "personnel", "troops", "fighters", "protesters"}
#: Units whose figures can be compared (personnel and troops count the same bodies).
UNIT_FAMILY = {"troops": "personnel"}
CURRENCY = {"$": "USD", "us$": "USD", "nz$": "NZD", "a$": "AUD", "£": "GBP", "€": "EUR",
             "dollar": "USD", "pound": "GBP", "euro": "EUR", "rupee": "INR", "yen": "JPY",
             "yuan": "CNY", "rial": "IRR", "dinar": "IQD"}  # fmt: skip
DISTANCE = {"km": "km", "kilometre": "km", "kilometer": "km", "mile": "mi", "metre": "m",
             "meter": "m"}  # fmt: skip


def family(unit: str) -> str:
    """The comparable unit: troops and personnel count the same bodies."""
    return UNIT_FAMILY.get(unit, unit)
