"""The cheap guards in front of the cleaner's costly patterns never hide a match."""

from __future__ import annotations

from timeline.ingest.clean import classify, may_be_bio
from timeline.ingest.patterns import BIO, PROMO, PROMO_WORDS


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern written as \\b(?:a|b|...)\\b or ^(?:a|b|...)."""
    body = pattern[pattern.index("(?:") + 3 : pattern.rindex(")")]
    parts, depth, start = [], 0, 0
    for index, char in enumerate(body):
        if char == "(" and body[index - 1 : index] != "\\":
            depth += 1
        elif char == ")" and body[index - 1 : index] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    return [*parts, body[start:]]


def expand(pattern: str) -> list[str]:
    """Every string a small pattern of literals, (?:a|b), optional parts, s? and [- ] stands for;
    \\w+ reads as a word."""
    pattern = pattern.replace("\\b", "").replace("^", "").replace("\\w+", "word")
    if "(?:" in pattern:
        start = pattern.index("(?:")
        depth, end = 0, start
        for end in range(start, len(pattern)):
            depth += {"(": 1, ")": -1}.get(pattern[end], 0)
            if depth == 0:
                break
        optional = pattern[end + 1 : end + 2] == "?"
        rest = pattern[end + 2 if optional else end + 1 :]
        choices = alternatives("(?:" + pattern[start + 3 : end] + ")")
        choices += [""] if optional else []
        return [x for choice in choices for x in expand(pattern[:start] + choice + rest)]
    if "s?" in pattern:
        head, _, tail = pattern.partition("s?")
        return expand(head + tail) + expand(head + "s" + tail)
    if "[- ]" in pattern:
        return expand(pattern.replace("[- ]", "-", 1)) + expand(pattern.replace("[- ]", " ", 1))
    return [pattern]


def test_every_promo_alternative_holds_a_guard_word() -> None:
    found = alternatives(PROMO.pattern)
    assert len(found) > 30
    for alternative in found:
        for text in expand(alternative):
            assert PROMO.search(text), (alternative, text)  # the expansion is right
            assert any(word in text for word in PROMO_WORDS), (alternative, text)


def test_promo_lines_pass_the_guard() -> None:
    lines = [
        "Most viewed this week:", "Our most-viewed stories this week", "Browse more articles here",
        "Read the most popular stories here", "Join our WhatsApp channel for updates",
        "Sign up for our daily newsletter", "Click here to subscribe",
    ]  # fmt: skip
    for line in lines:
        assert PROMO.search(line.lower()), line
        assert classify(line) == "promo", line
    assert classify("The minister said most talks were held here in Vienna last week.") == "body"


def test_bio_guard() -> None:
    bios = [
        "About the author: Jane Doe", "As a reporter, she has covered the region",
        "Jane Doe is a reporter for the Example Daily", "John Smith has been the paper's editor",
        "Anna Weber covers diplomacy", "Tom Ardis reports on the Gulf",
    ]  # fmt: skip
    for line in bios:
        assert may_be_bio(line) and BIO.match(line), line
    story = "Blinken met Gallant in Tel Aviv on Monday to discuss the war in Gaza."
    assert not may_be_bio(story) and not BIO.match(story)
    # " is " far into the line: no name of eight words or fewer stands before it.
    story = "Blinken met Gallant in Tel Aviv on Monday to say the ceasefire is holding."
    assert not may_be_bio(story) and not BIO.match(story)
    longest = "The Example Daily Foreign Affairs Desk Team newsroom is staffed by reporters"
    assert may_be_bio(longest) and BIO.match(longest)
