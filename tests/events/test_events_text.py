"""Sentences and clauses: the fast forms of the patterns cut where the plain forms do."""

from __future__ import annotations

import re

from timeline.events.text import (
    ATTRIBUTION,
    BOILERPLATE,
    BOILERPLATE_WORDS,
    CLAUSE_BREAK,
    Span,
    lowercase,
    sentences,
    split_clauses,
)

# CLAUSE_BREAK as first written: one alternative per kind of break.
PLAIN_CLAUSE_BREAK = re.compile(
    r";\s*|\s[—–]\s+|\s--\s+"
    r"|,?\s(?=(?:after|before|since|following|until|ahead of|while|whereas|although|because)\s)"
    r"|,\s(?=(?:which|who|whose|where|but|as|and then)\s)"
    r"|\s(?=(?:which|who|whose)\s)",
)
SENTENCES = [
    "Blinken met Gallant in Tel Aviv on Monday, after Iran launched drones at Israel.",
    "The talks, which began in Doha, were suspended; Qatar said they would resume.",
    "Biden, who had spoken with Netanyahu, warned Iran — and Hezbollah — against escalation.",
    "Macron called Scholz before the summit, but the two leaders disagreed as talks stalled.",
    "Sanctions followed -- although Beijing, whose envoy left, protested while Moscow waited.",
    "Kishida, who spoke with Yoon ahead of the vote, said the alliance was ready, and then left.",
]


def test_clause_breaks_are_the_plain_patterns_breaks() -> None:
    for sentence in SENTENCES:
        lowered = lowercase(sentence)
        fast = [m.span() for m in CLAUSE_BREAK.finditer(lowered)]
        assert fast == [m.span() for m in PLAIN_CLAUSE_BREAK.finditer(lowered)]
        assert fast  # every sentence above has a break


def test_attribution_is_found_at_the_last_comma_only() -> None:
    text = "After the strike on Monday, Israel would respond, Defense Minister Yoav Gallant said."
    clauses = split_clauses(text, Span(0, len(text)))
    last_comma = text.rindex(",")
    assert ATTRIBUTION.search(text).start() == last_comma
    # The fronted phrase's comma is no break; the attribution's is.
    assert [text[c.start : c.end] for c in clauses] == [
        "After the strike on Monday, Israel would respond",
        "Defense Minister Yoav Gallant said.",
    ]
    assert clauses[-1].start == last_comma + 2
    # A comma after the speaker: no attribution closes the sentence.
    text = "Gallant said Israel would respond, adding that Iran had miscalculated."
    assert ATTRIBUTION.search(text) is None
    assert len(split_clauses(text, Span(0, len(text)))) == 1


def test_every_boilerplate_alternative_holds_a_listed_word() -> None:
    # sentences() skips the BOILERPLATE search when no listed word is in the text.
    body = BOILERPLATE.pattern.removeprefix(r"\b(?:").removesuffix(")")
    alternatives = re.split(r"\|(?![^()]*\))", body)
    assert len(alternatives) > 20
    for alternative in alternatives:
        assert any(word in alternative for word in BOILERPLATE_WORDS), alternative


def test_reader_addressing_sentences_are_skipped_others_kept() -> None:
    text = (
        "Blinken met Gallant in Tel Aviv on Monday. Sign up for our newsletter. "
        "The two men discussed Gaza.\nRead more: Iran warns Israel."
    )
    kept = [s.text for s in sentences(text)]
    assert kept == ["Blinken met Gallant in Tel Aviv on Monday.", "The two men discussed Gaza."]
    plain = "Blinken met Gallant in Tel Aviv on Monday. The two men discussed Gaza."
    assert [s.text for s in sentences(plain)] == [
        "Blinken met Gallant in Tel Aviv on Monday.",
        "The two men discussed Gaza.",
    ]


def test_last_word_is_last_words_group() -> None:
    from timeline.events.text import LAST_WORD, last_word

    cases = [
        'He met Dr. Smith.', 'said the U.S.', 'in Washington."', "(Reuters)", 'ended.")',
        "Gen.", "a b c J.", "…!", "'')", "Erdoğan’s.’", "x", "", 'the talks." ', "St. Louis.",
    ]  # fmt: skip
    for case in cases:
        for start in range(len(case) + 1):
            found = LAST_WORD.search(case, start, len(case))
            assert last_word(case, start, len(case)) == (found[1] if found else ""), (case, start)
    assert last_word("He met Dr.", 0, 10) == "Dr."


def test_caseless_finds_what_ignorecase_finds() -> None:
    import pytest

    from timeline.events.arguments import MODAL_BEFORE, NEGATED_BEFORE, PLURAL_REFERENCE
    from timeline.events.text import Caseless

    texts = [
        "Israel Will Not", "the Foreign Minister WOULD NOT ", "Both Leaders", "iran plans to ",
        # Non-ASCII: the Kelvin sign and the dotless i fold to k and i under IGNORECASE only.
        "Israel wıll ", "the two \u212aing leaders", "Erdoğan would ", "İsrael is Expected to ",
    ]  # fmt: skip
    for rx in (MODAL_BEFORE, NEGATED_BEFORE, PLURAL_REFERENCE):
        plain = re.compile(rx.pattern, re.IGNORECASE)
        for text in texts:
            for start in range(len(text)):
                found = rx.search(text, lowercase(text), start)
                expected = plain.search(text, start)
                assert (found and found.span()) == (expected and expected.span()), (text, start)
    assert MODAL_BEFORE.search("Israel wıll ", lowercase("Israel wıll "))  # folded, not lowered
    with pytest.raises(ValueError, match="lowercase"):
        Caseless(r"\bThe\s+$")
