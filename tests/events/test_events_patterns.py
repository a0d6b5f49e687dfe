"""The lexicon's and the actor finder's regexes, written for speed, match where their plain forms do."""

from __future__ import annotations

import re

from timeline.events.actors import CAPITALISED, LOWER, PRONOUN, UPPER
from timeline.events.lexicon import lexicon, trie_regex

TEXTS = [
    "Israel and Iran traded fire. Netanyahu met Blinken in Tel Aviv; He said she would go.",
    "He met al-Sisi in Cairo. Sheikh Tamim, the Emir, hosted talks. His own aides, her fellow",
    "ex-Israel pre-Iran U.S.-Israeli Erdoğan met Erdogan.She left.\nHer visit. hers Hers She's",
    "10 Downing Street said Starmer would call Macron; Xi-Biden talks. X.Israel Israel.com",
    "Sánchez, Orbán and Łukasz Kowalski (Poland) spoke with Zelensky's aide Andriy Yermak.",
]


def spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_names_match_where_the_leading_lookbehind_form_does() -> None:
    lex = lexicon()
    plain = re.compile(r"(?<![\w.-])(?:" + trie_regex(list(lex.entries)) + r")(?![\w-]|\.\w)")
    for text in TEXTS:
        assert spans(lex.names, text) == spans(plain, text)
    found = [m[0] for m in lex.names.finditer(TEXTS[0])]
    assert found[:2] == ["Israel", "Iran"] and "Tel Aviv" in found


def test_trie_with_a_guard_is_the_trie_behind_a_lookbehind() -> None:
    words = ["met", "meeting", "met with", "talks", "x"]
    guarded = re.compile(trie_regex(words, not_after=r"[\w-]"))
    plain = re.compile(r"(?<![\w-])(?:" + trie_regex(words) + ")")
    text = "x met with talks; unmet xmet -met meeting, talks-x x"
    assert spans(guarded, text) == spans(plain, text)
    assert [m[0] for m in guarded.finditer(text)][:3] == ["x", "met with", "talks"]


def test_pronouns_and_capitalised_words_match_their_plain_forms() -> None:
    plain_pronoun = re.compile(r"\b(?:[Hh]e|[Ss]he|His|Her)\b(?!\s+(?:own|fellow)\b)")
    plain_capitalised = re.compile(rf"\b[{UPPER}][{LOWER}][\w'’-]*")
    for text in TEXTS:
        assert spans(PRONOUN, text) == spans(plain_pronoun, text)
        assert spans(CAPITALISED, text) == spans(plain_capitalised, text)
    assert [m[0] for m in PRONOUN.finditer(TEXTS[0])] == ["He", "she"]
