"""The words of English news dates, as data: names, numbers, units, fuzzy references.

detect.py builds its patterns from these tables and resolve.py reads their meanings, so adding a
word (a holiday, a unit, a vague reference) is one line here.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Full names always; short forms only with their period ("Wed.") so "sat", "sun", "wed" stay words.
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon.": 0, "tue.": 1, "tues.": 1, "wed.": 2, "thu.": 3, "thur.": 3,
    "thurs.": 3, "fri.": 4, "sat.": 5, "sun.": 6,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12, "half a": 0,
}  # fmt: skip

# Quantities with no number: "several years" is PXY in TIMEX3.
VAGUE_NUMBERS = ("a few", "few", "several", "many", "some", "more", "the next few", "numerous")

# "the nineties" (TIMEX3 199): the decade of the 1900s, the century news means by default.
SPELLED_DECADES: dict[str, int] = {
    "twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
    "seventies": 1970, "eighties": 1980, "nineties": 1990,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip

# unit -> (TIMEX3 duration letter, multiplier, granularity of a date in that unit)
UNITS: dict[str, tuple[str, int, str]] = {
    "second": ("S", 1, "time"),
    "minute": ("M", 1, "time"),
    "hour": ("H", 1, "time"),
    "day": ("D", 1, "day"),
    "night": ("D", 1, "day"),
    "week": ("W", 1, "week"),
    "weekend": ("D", 2, "week"),
    "fortnight": ("W", 2, "week"),
    "month": ("M", 1, "month"),
    "quarter": ("Q", 1, "quarter"),
    "year": ("Y", 1, "year"),
    "decade": ("Y", 10, "year"),
    "century": ("Y", 100, "year"),
}
UNIT_PLURALS: dict[str, str] = {"centuries": "century"}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
# First month of each season (northern meteorological seasons); winter runs into the next year.
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
}

# Vague references: value and the days they reach back (-) or forward (+) from the publication date.
REFERENCES: dict[str, tuple[str, int]] = {
    "now": ("PRESENT_REF", 0),
    "right now": ("PRESENT_REF", 0),
    "currently": ("PRESENT_REF", 0),
    "current": ("PRESENT_REF", 0),
    "at present": ("PRESENT_REF", 0),
    "presently": ("PRESENT_REF", 0),
    "nowadays": ("PRESENT_REF", 0),
    "these days": ("PRESENT_REF", 0),
    "at the moment": ("PRESENT_REF", 0),
    "this moment": ("PRESENT_REF", 0),
    "recently": ("PAST_REF", -60),
    "recent": ("PAST_REF", -60),
    "lately": ("PAST_REF", -60),
    "the past": ("PAST_REF", -3650),
    "recent days": ("PAST_REF", -10),
    "recent weeks": ("PAST_REF", -42),
    "recent months": ("PAST_REF", -180),
    "recent years": ("PAST_REF", -1825),
    "the future": ("FUTURE_REF", 3650),
    "soon": ("FUTURE_REF", 60),
    "as soon as possible": ("FUTURE_REF", 30),
    "the near future": ("FUTURE_REF", 180),
    "the near term": ("FUTURE_REF", 180),
    "the short term": ("FUTURE_REF", 180),
    "the long term": ("FUTURE_REF", 3650),
    "a later date": ("FUTURE_REF", 365),
    "coming days": ("FUTURE_REF", 10),
    "coming weeks": ("FUTURE_REF", 42),
    "coming months": ("FUTURE_REF", 180),
    "coming years": ("FUTURE_REF", 1825),
    "coming quarters": ("FUTURE_REF", 365),
    "future quarters": ("FUTURE_REF", 365),
    "future years": ("FUTURE_REF", 1825),
    "past years": ("PAST_REF", -1825),
    "past decades": ("PAST_REF", -7300),
    "the coming days": ("FUTURE_REF", 10),
    "the coming weeks": ("FUTURE_REF", 42),
    "the coming months": ("FUTURE_REF", 180),
    "the coming years": ("FUTURE_REF", 1825),
    "the days ahead": ("FUTURE_REF", 10),
    "the weeks ahead": ("FUTURE_REF", 42),
    "the months ahead": ("FUTURE_REF", 180),
    "the years ahead": ("FUTURE_REF", 1825),
}

# Fixed-date holidays: (month, day).
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "bastille day": (7, 14),
    "may day": (5, 1),
    "armistice day": (11, 11),
    "veterans day": (11, 11),
}

# Periodic words (TIMEX3 SET): value.
SETS: dict[str, str] = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}

# Words before a bare number that make it a count, not a year ("some 1500 troops").
COUNT_WORDS = (
    "about", "some", "than", "nearly", "almost", "approximately", "around", "over", "under",
    "least", "most", "only", "just", "roughly", "no.", "number", "flight", "route", "page",
    "resolution", "room", "channel", "highway", "interstate", "#", "top",
)  # fmt: skip

# Lowercase words ending in -ed that are not past-tense verbs.
NOT_PAST_ED = frozenset(
    str.split(
        "need speed proceed indeed seed feed bed red hundred exceed succeed breed bleed shed "
        "scheduled planned expected wed embed freed supposed"
    )
)

FUTURE_MARKERS = (
    "will", "won't", "'ll", "shall", "would", "is to", "are to", "to be held", "scheduled",
    "might", "could", "may", "must", "should", "can", "plans", "expects", "intends",
    "planned", "plans to", "plan to", "expected to", "expects to", "is due", "are due",
    "due to", "going to", "upcoming", "set to", "intends to", "hopes to", "to visit",
    "to travel", "to meet", "to hold", "will be", "ahead of", "supposed to", "agreed to", "agreement to", "to acquire", "to purchase",
    "to buy", "to complete", "to take effect",
)  # fmt: skip
PAST_MARKERS = (
    "said", "was", "were", "had", "did", "ago", "earlier", "told", "met", "came", "went",
    "began", "took", "gave", "made", "held", "spoke", "left", "won", "lost", "fell", "rose",
    "saw", "got", "sent", "struck", "hit", "put", "set off", "led", "became", "brought",
    "wrote", "paid", "sold", "bought", "thought", "found", "ran", "broke", "shot",
)  # fmt: skip
# Irregular simple-past forms that are not also present-tense or common nouns ("set", "cut",
# "read", "ground" are left out): "Zelensky flew to Vilnius on Tuesday, where he will meet..."
IRREGULAR_PAST = (
    "flew", "sought", "fought", "caught", "taught", "chose", "drove", "rode", "wore", "swore",
    "tore", "bore", "threw", "grew", "knew", "drew", "withdrew", "overthrew", "blew", "froze",
    "stole", "woke", "awoke", "forgot", "forgave", "overcame", "undertook", "overtook", "shook",
    "mistook", "oversaw", "foresaw", "understood", "stood", "withstood", "withheld", "upheld",
    "sat", "rang", "sang", "sank", "swam", "drank", "shrank", "sprang", "stuck", "swung", "hung",
    "clung", "dug", "fled", "kept", "slept", "swept", "wept", "crept", "felt", "dealt", "meant",
    "knelt", "built", "spent", "lent", "bent", "heard", "laid", "arose", "strode", "hid", "bit",
    "ate", "slid", "lit", "sped", "spat", "wound", "bound", "struck", "began", "became",
)  # fmt: skip

# Right before a date these point forward: "payable Dec. 14", "until Tuesday", "by May".
DEADLINE_WORDS = frozenset(
    str.split(
        "until till by through payable effective due expires expire starting beginning next soon"
    )
)

# Deadline words of contracts and filings: the date they govern is ahead even in a past-tense
# report ("the dividend, declared Monday, is payable Jan. 2"; "holders of record Dec. 15").
TERM_WORDS = frozenset(str.split("payable effective expires expire due record"))
DEADLINE_WORDS |= TERM_WORDS

# Words ending in a period that do not end a sentence.
ABBREVIATIONS = frozenset(
    str.split(
        "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. mon. tue. tues. wed. thu. "
        "thur. thurs. fri. sat. sun. a.m. p.m. mr. mrs. ms. dr. st. gen. gov. sen. rep. col. lt. "
        "sgt. capt. cmdr. adm. maj. no. inc. corp. co. ltd. jr. sr. vs. u.s. u.n. u.k. e.u. "
        "ft. mt. rev. prof. dept. est. approx. pres. msgr. fla. calif. mass. wash. ill. pa."
    )
)
