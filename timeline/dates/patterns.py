"""The detection rules as data: regular-expression fragments built from the lexicon, and the
ordered list of named rules (at one position the first rule that matches wins, so longer forms
come first)."""

from __future__ import annotations

import re

from timeline.dates.lexicon import (
    HOLIDAYS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    REFERENCES,
    SEASONS,
    SETS,
    SPELLED_DECADES,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
)


def words_pattern(words) -> str:
    """A regex matching any of the words, written as a trie ("a(?:pr(?:il)?|ug(?:ust)?)") so the
    backtracking engine tests each letter once instead of every word in turn."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july", "march", "april")]
SHORT_MONTHS = [m for m in MONTHS if m not in FULL_MONTHS]
MONTH = rf"(?P<month>{words_pattern(FULL_MONTHS)}|(?:{words_pattern(SHORT_MONTHS)})\.?)(?![a-z])"
WEEKDAY = rf"(?P<weekday>{words_pattern(WEEKDAYS)})(?![a-z])"
DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)(?![\d%]|,\d|\.\d|-\w)"
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
ONES = "(?:one|two|three|four|five|six|seven|eight|nine)"
TEENS = "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# A year said in words after a month or season ("January nineteen ninety-seven"), as broadcast
# transcripts write it.
SPOKEN_YEAR = (
    rf"(?P<spoken>(?:nineteen|twenty)[\s-]+(?:(?:{TENS})(?:[\s-]+{ONES})?|ten|eleven|twelve|{TEENS}"
    rf"|oh[\s-]+{ONES})|two\s+thousand(?:\s+and)?(?:[\s-]+(?:{ONES}|ten|{TEENS}))?)(?![\w-])"
)
NUMBER = (
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{TENS})[\s-](?:one|two|three|four|five|six|"
    rf"seven|eight|nine)|{words_pattern(list(NUMBER_WORDS) + list(VAGUE_NUMBERS))})"
)
UNIT = rf"(?P<unit>{words_pattern(UNITS)}|centuries)(?:s)?(?![a-z])"
PART = rf"(?P<part>{words_pattern(PARTS_OF_DAY)})"
HALF = r"(?P<half>\s*(?:1/2|½)|\s+and\s+a\s+half)?"
APPROX = (
    r"(?:(?P<approx>almost|nearly|about|some|more\s+than|less\s+than|over|roughly|just|only|"
    r"at\s+least|up\s+to|around|fewer\s+than|under|approximately|no\s+more\s+than|not\s+more\s+than|"
    r"no\s+less\s+than|well\s+over)\s+)?"
)
# "end-March", "start-2024" (Reuters style) only hyphenated, so "the end March" stays a non-match.
LEAD = (
    r"early|mid|late|end(?=-)|start(?=-)|the\s+(?:end|beginning|start|middle|rest|remainder)\s+of"
)
PERIOD_MOD = rf"(?:(?P<mod>{LEAD}|earlier|later)[\s-]+)?"
CLOCK = (
    r"(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|(?P<named>noon|midnight|midday))"
)
QUARTER_ORD = words_pattern(ORDINALS)
# A capitalised word after a time zone that still belongs to the time ("5 p.m. EST Nov. 9").
CALENDAR_NAME = rf"(?:{words_pattern(list(MONTHS) + list(WEEKDAYS))})(?![a-z])"
# "a week or so ago", "the next two years or so": TIMEX3 keeps the hedge inside (mod APPROX).
OR_SO = r"(?P<or_so>\s+or\s+so(?![a-z]))?"

# Rule order matters: at one position the first rule that matches wins.
RULES: list[tuple[str, str]] = [
    ("iso", r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])"),
    # Numeric dates: US month/day/year; day-first when the first number cannot be a month.
    ("slash", r"(?P<month>[0-3]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d{2})(?![\d/])"),
    ("dotted", r"(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.]\d)"),
    (
        "md_range",
        rf"(?:{WEEKDAY},?\s*)?{MONTH}\s*{DAY}\s*(?:-|–|to|through|and)\s*"
        rf"(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|\s*(?:{words_pattern(MONTHS)})(?![a-z]))"
        rf"(?:,?\s+{YEAR})?",
    ),
    (
        "md_md_range",
        rf"{MONTH}\s*{DAY}\s*(?:-|–|to|through|until)\s*"
        rf"{MONTH.replace('<month>', '<month2>')}\s*{DAY.replace('<day>', '<day2>')}(?:,?\s+{YEAR})?",
    ),
    ("mdy", rf"(?:{WEEKDAY},?\s*)?{MONTH}\s*{DAY}(?:,\s*|\s+|,)(?:of\s+)?{YEAR}"),
    ("dmy", rf"(?:{WEEKDAY},?\s*)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}"),
    (
        "time24",
        r"(?P<hour>[01]?\d|2[0-3])(?:[:.h](?P<minute>[0-5]\d)|(?P<minute2>[0-5]\d))\s*"
        r"(?P<zone>(?-i:GMT|UTC|[ECMP][DS]T|CES?T|BST|IST|MSK)|local\s+time)(?![a-z])",
    ),
    (
        "time",
        rf"(?:(?P<approx>around|about|approximately)\s+)?{CLOCK}(?:\s+(?P<zone>local\s+time|(?-i:[A-Z]{{2,4}})\b(?!\s+(?!{CALENDAR_NAME})(?-i:[A-Z]))))?"
        rf"(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{MONTH}\s*{DAY})|\s+(?P<deictic>today|yesterday|tomorrow|tonight))?",
    ),
    (
        "week_of",
        rf"the\s+week\s+of\s+{MONTH}\s*{DAY}(?:,?\s+{YEAR})?"
        rf"|the\s+(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+{MONTH.replace('month>', 'month2>')}"
        rf"(?:,?\s+(?P<year2>(?:1[0-9]|20)\d\d)(?![\d%]))?",
    ),
    (
        "md",
        rf"(?:(?P<approx>around)\s+)?(?:{WEEKDAY},?\s*)?{MONTH}\s*{DAY}(?![\s,]*(?:1[0-9]|20)\d\d)",
    ),
    ("dm", rf"(?:{WEEKDAY},?\s*)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"),
    (
        "my",
        rf"(?:(?P<mod>{LEAD})[\s-]+)?{MONTH},?\s+(?:of\s+)?(?:{YEAR}|{SPOKEN_YEAR})",
    ),
    (
        "decade",
        r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<decade>1\d\d0|20\d0|['’]\d0)['’]?s(?![a-z])",
    ),
    # Only with "the": "a man in his fifties" is an age.
    (
        "spelled_decade",
        rf"the\s+(?:(?P<mod>early|mid|late)[\s-]+)?(?P<decade>{words_pattern(SPELLED_DECADES)})(?![a-z])",
    ),
    ("century", r"(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)[\s-]+century"),
    (
        "quarter",
        rf"(?:the\s+)?(?:(?P<owner>this\s+year|last\s+year|next\s+year|{YEAR})['’]s\s+"
        r"|(?<=the\s)(?P<year_adj>(?:19|20)\d\d)\s+)?"
        rf"(?:(?P<fiscal>fiscal|calendar)[\s-]+)?(?P<ord>{QUARTER_ORD})[\s-]+(?:fiscal[\s-]+)?"
        r"(?P<unit>quarter|half)(?![a-z])(?:\s+of\s+(?:fiscal\s+)?(?P<of_year>(?:19|20)\d\d)(?![\d%])"
        r"|\s+of\s+(?P<of_owner>the\s+year|this\s+year|last\s+year|next\s+year)(?![\w'’-]))?",
    ),
    (
        "quarter_code",
        r"(?:(?P<fy>FY)\s*)?(?P<code>Q[1-4]|[1-4]Q|H[12]|[12]H)(?:\s*(?:of\s+)?(?:FY\s*)?"
        r"(?P<year>(?:19|20)\d\d|['’]?\d\d))?(?![\w])",
    ),
    ("fiscal_year", r"FY\s*['’]?(?P<year>(?:19|20)\d\d|\d\d)(?![\w])"),
    (
        "quarter_ref",
        r"(?:the|(?P<that>that))\s+(?:(?P<which>latest|most\s+recent|year-ago|year-earlier|previous|prior|current|"
        r"same|comparable|recent|past|fiscal|first|last)\s+)?"
        # "the year-ago third quarter": that quarter of the year before.
        r"(?:(?<=year-ago\s)(?P<ord>first|second|third|fourth)[\s-]+|(?<=year-earlier\s)(?P<ord2>first|second|third|fourth)[\s-]+)?"
        # "the quarter-to-quarter comparison" is an adjective, not a quarter.
        r"(?P<unit>quarter|period)(?![a-z]|-to-)",
    ),
    # "the 1988 quarter", "the 1989 period": a report's quarter in the year it names.
    (
        "year_period",
        r"the\s+(?P<year>(?:19|20)\d\d)\s+(?:fiscal\s+)?(?P<unit>quarter|period)(?![a-z])",
    ),
    (
        "spelled_year",
        rf"(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+(?P<rest>(?:{TENS})(?:[\s-]+{ONES})?"
        rf"|ten|eleven|twelve|{TEENS}|oh[\s-]+{ONES})(?![\w-])"
        rf"|(?:(?<=in\s)|the\s+year\s+)two\s+thousand(?:\s+and)?(?:[\s-]+(?P<rest2>{ONES}|ten|{TEENS}))?(?![\w-])",
    ),
    ("year_end", r"(?:the\s+)?year(?:[\s-]|['’]s\s+)end(?![a-z])"),
    ("year_ago_adj", r"(?P<which>year-earlier|year-ago|year-before)(?![a-z])"),
    (
        "counted_rel",
        rf"{APPROX}{NUMBER}[\s-]+{UNIT}{OR_SO}\s+(?P<dir>ago|earlier|later|from\s+now|from\s+today|hence|previously|"
        # "two days after the election", "five days after gunmen attacked" count from an event,
        # not from a date: only a "before" / "after" that ends its phrase counts from the story's
        # last date ("Two days after, ...").
        r"(?:before|after)(?=\s*(?:[,.;:!?)\"”'’—–]|\Z)|\s+(?:and|but|or|when|while)\b))",
    ),
    (
        "end_of_the",
        rf"(?P<mod>{LEAD})[\s-]+the\s+(?P<unit>week|month|year|quarter|decade|century)(?![a-z])",
    ),
    ("in_the_unit", r"(?P<pre>earlier|later)\s+in\s+the\s+(?P<unit>day|week|month|year)(?![a-z])"),
    (
        "vague_rel",
        r"(?P<unit>hours|days|weeks|months|years|decades)\s+(?P<dir>later|earlier|ago|afterwards?)"
        r"(?![a-z])",
    ),
    (
        "anaphor",
        r"(?:(?P<pre>earlier|later|late|early)\s+)?(?:on\s+)?(?P<det>that\s+same|the\s+same|that|the\s+next|"
        r"the\s+following|the\s+previous|the\s+preceding|the\s+prior)\s+"
        r"(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year)(?![a-z])",
    ),
    (
        "day_before",
        r"(?:the\s+)?(?P<unit>day|night|week|month|year)\s+(?P<dir>before|after)"
        r"(?:\s+(?P<deictic>yesterday|last\s+night|tomorrow))?"
        r"(?!\s+(?:(?:the|a|an|his|her|their|its|that|this|he|she|they|it|we|I)\b|(?-i:[A-Z])|\d))",
    ),
    (
        "part_rel",
        rf"(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+last|late\s+this)\s+{PART}",
    ),
    (
        "deictic",
        rf"(?:(?P<mod>early|late)\s+)?(?P<word>yesterday|today|tomorrow|tonight)(?![a-z])(?:['’]s)?(?:\s+{PART})?",
    ),
    (
        "the_year",
        r"(?:(?<=for\s)|(?<=of\s)|(?<=during\s)|(?<=throughout\s)|(?<=in\s))the\s+"
        r"(?:(?P<kind>full|fiscal|calendar|current|whole|entire)\s+)?year(?![\w'’-])"
        r"(?=(?:\s+(?P<ended>ended|ending|that\s+ended|to)\b)?)",
    ),
    ("the_weekend", r"the\s+weekend(?![a-z])"),
    (
        "day_part",
        r"(?:(?<=\bin\s)|(?<=during\s)|(?<=through\s)|(?<=\bby\s))the\s+(?:(?P<mod>early|late)\s+)?"
        r"(?P<part>morning|afternoon|evening|night)(?![a-z])(?!\s+of\b)"
        r"|(?P<mid>mid)[\s-]?(?P<part2>morning|afternoon|evening)(?![a-z])"
        r"(?:\s+(?P<deictic>yesterday|today|tomorrow))?"
        r"|(?P<overnight>overnight)(?![a-z])",
    ),
    (
        "unit_rel",
        rf"{PERIOD_MOD}(?P<rel>this\s+past|this|last|next|the\s+past|the\s+last|the\s+next|the\s+coming|"
        r"the\s+previous|the\s+following|the\s+current|past|coming)\s+"
        rf"(?P<unit>week|weekend|month|year|quarter|decade|century|fiscal\s+year|{words_pattern(SEASONS)})(?![a-z]){OR_SO}",
    ),
    (
        "month",
        rf"(?:(?P<lead>last|next|this|{LEAD}|earlier|later)[\s-]+(?:in\s+)?)?{MONTH}"
        r"(?:\s+(?:of\s+)?(?P<rel>this|last|next)\s+year)?",
    ),
    # "on Mondays", "Tuesday nights": every such day (TIMEX3 SET).
    (
        "weekday_set",
        rf"(?P<weekday>{words_pattern([w for w in WEEKDAYS if not w.endswith('.')])})"
        r"(?:s|\s+(?P<part>morning|afternoon|evening|night)s)(?![a-z'’])",
    ),
    (
        "weekday_range",
        rf"(?:(?P<rel>early|late)\s+)?{WEEKDAY}(?:\s+{PART})?\s+(?:to|into|until|through|till|-|–)\s+"
        r"(?:(?:the\s+)?(?:early\s+hours|small\s+hours|morning|afternoon|evening|night)\s+of\s+)?"
        rf"(?:(?:early|late)\s+)?{WEEKDAY.replace('<weekday>', '<weekday2>')}",
    ),
    (
        "weekday",
        rf"(?:(?P<rel>this\s+past|last|next|this|coming|early|late|the\s+previous|the\s+following)\s+)?"
        rf"{WEEKDAY}(?:['’]s)?(?:\s+{PART})?",
    ),
    (
        "set_every",
        rf"(?:every|each)\s+(?:other\s+)?(?:{WEEKDAY}|{PART}|{MONTH}|(?P<unit>day|week|month|year|quarter|hour|minute))(?![a-z])",
    ),
    ("set_word", rf"(?P<word>{words_pattern(SETS)})(?![a-z])"),
    (
        "set_freq",
        rf"(?P<freq>once|twice|(?:\d+|{words_pattern(NUMBER_WORDS)}|several|many)\s+times)\s+(?:a|an|per)\s+(?P<unit>day|week|month|year|quarter|hour|minute)(?![a-z])",
    ),
    (
        "counted_span",
        rf"{APPROX}(?P<det>the\s+)?(?:(?P<rel>past|last|next|coming|first|previous|following|final|latest|initial|remaining|other)\s+)?"
        # "a year-earlier loss" is the year-ago adjective, read from "year".
        rf"{NUMBER}{HALF}[\s-]+(?:more\s+|(?:consecutive|straight|trading|business|working|additional|extra|further)\s+)?"
        rf"{UNIT}(?!-(?:earlier|ago|before|end)\b)(?P<adj>-long|-old)?"
        r"(?P<half2>\s+and\s+a\s+half(?![a-z]))?"
        rf"{OR_SO}",
    ),
    (
        "bare_units",
        r"(?:(?<=for\s)|(?<=in\s)|(?<=over\s)|(?<=within\s)|(?:(?<=over\s)|(?<=through\s))the\s+)"
        r"(?P<unit>years|months|weeks|days|decades|hours|minutes)"
        r"(?!\s+(?:of|ago|old|earlier|later|before|after)\b)",
    ),
    ("reference", rf"(?P<word>{words_pattern(REFERENCES)})(?![a-z])"),
    (
        "season",
        rf"(?P<det>the\s+)?(?:(?P<rel>last|this|next|early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?"
        rf"(?P<season>{words_pattern(SEASONS)})(?![a-z])(?:\s+(?:of\s+)?(?:{YEAR}|{SPOKEN_YEAR}))?",
    ),
    (
        "holiday",
        rf"(?:(?P<rel>last|this|next)\s+)?(?P<name>{words_pattern(list(HOLIDAYS) + ['thanksgiving day', 'thanksgiving', 'easter sunday', 'easter', 'labor day', 'memorial day', 'election day'])})(?![a-z])",
    ),
    (
        "year",
        rf"(?:(?P<mod>fiscal|FY|calendar|{LEAD}|pre|post)[\s-]+)?(?:the\s+year\s+)?{YEAR}"
        r"(?!\s*(?:%|percent|per\s*cent)|[\w$])",
    ),
    (
        "ordinal_day",
        r"the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?=\s*[,.;)]|\s+(?:and|when|at|in|to|until|after|before|of\s+this\s+month)\b)",
    ),
]
