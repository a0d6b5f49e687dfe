"""The events stage's fast paths extract what the plain code they replaced extracted.

Each fast path is checked against a reference written the plain way (the code as it was before
the speed work, kept here): model construction without validation against pydantic's
validation, and the whole stage with every reference swapped in against the stage as it runs,
on the real seed and input articles and on articles generated from names, triggers and dates.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from unittest import mock

from events_helpers import real_articles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.events import arguments, dating, extract
from timeline.events.actors import ActorMention
from timeline.events.arguments import TextIndex, triggers_in
from timeline.events.lexicon import lexicon
from timeline.events.text import Sentence, lowercase
from timeline.models import (
    Actor,
    Article,
    ArticleText,
    Event,
    EventDate,
    Mention,
    Source,
    prevalidated,
)
from timeline.pipeline import analyse_article

# --- references: the code as it was ------------------------------------------------------------


def reference_clause_mention(text, item, mentions, rivals):
    clause = item.clause
    if clause is None:
        return None
    start = item.trigger.start
    others = [r for r in rivals if clause.start <= r < clause.end and r != start]
    inside = [
        m
        for m in mentions
        if clause.start <= m.start < clause.end
        and not (m.start > start and dating.FUTURE_BETWEEN.search(text, item.trigger.end, m.start))
        and (
            item.coordinated
            or not any(min(m.start, start) < r < max(m.start, start) for r in others)
        )
    ]
    if item.type in dating.SPEECH_ACTS:
        inside = [
            m
            for m in inside
            if m.end <= start or m.start - item.trigger.end <= dating.SPEECH_DATE_REACH
        ]
    if not inside:
        return None
    return min(inside, key=lambda m: abs(m.start - start))


def reference_sentence_dates(sentence, mentions, starts=None):
    return [
        m
        for m in mentions
        if sentence.start <= m.start < sentence.end
        and m.date_start is not None
        and m.text.lower() not in dating.TIMELESS_NOW
        and not (
            m.start - sentence.start < 40
            and dating.DATELINE_BEFORE.match(sentence.text, 0, m.start - sentence.start)
            and dating.DATELINE_AFTER.match(sentence.text, m.end - sentence.start)
        )
    ]


def reference_triggers_in(index, sentence, triggers):
    text, mentions = (
        index.text,
        index.mentions[
            bisect.bisect_left(index.starts, sentence.start) : bisect.bisect_left(
                index.starts, sentence.end
            )
        ],
    )
    has_quote = '"' in sentence.text or "“" in sentence.text
    quotes = (
        [m.span() for m in arguments.QUOTE.finditer(text, sentence.start, sentence.end)]
        if has_quote
        else []
    )
    starts = [a.start for a in mentions]
    reach = [0]
    for a in mentions:
        reach.append(max(reach[-1], a.end))
    kept = []
    for m in triggers:
        at = m.start()
        if reach[bisect.bisect_right(starts, at)] > at:
            continue
        if quotes and any(a <= at < b for a, b in quotes):
            continue
        kept.append(m)
    return kept


def reference_trigger_scanner(lowered):
    """The matches of one scan of the whole text, each sentence taking those starting in it."""
    matches = list(lexicon().trigger_rx.finditer(lowered))
    return lambda s: [m for m in matches if s.start <= m.start() < s.end]


def reference_actor_key(actor):
    prefix = {"person": "person", "state": "state", "organization": "org"}[actor.kind]
    return f"{prefix}:{actor.name.lower()}"


def validated(cls, fields):
    return cls(**fields)


@contextlib.contextmanager
def reference_paths() -> Iterator[None]:
    """The events stage with every fast path replaced by its reference."""
    with contextlib.ExitStack() as stack:
        for target, replacement in (
            ("timeline.events.dating.clause_mention", reference_clause_mention),
            ("timeline.events.arguments.triggers_in", reference_triggers_in),
            ("timeline.events.extract.trigger_scanner", reference_trigger_scanner),
            ("timeline.events.extract.sentence_dates", reference_sentence_dates),
            ("timeline.events.dating.sentence_dates", reference_sentence_dates),
            ("timeline.events.extract.prevalidated", validated),
            ("timeline.events.dating.prevalidated", validated),
        ):
            stack.enter_context(mock.patch(target, replacement))
        yield


def dumped(events: Sequence[Event]) -> list[str]:
    return [event.model_dump_json() for event in events]


def assert_same_models(fast, slow) -> None:
    assert type(fast) is type(slow)
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_dump() == slow.model_dump()
    assert repr(fast) == repr(slow)


# --- model construction ------------------------------------------------------------------------

WORDS = st.text(alphabet=st.sampled_from(list("aZ é,“—\n😀")), max_size=30)
DATES = st.dates(min_value=dt.date(1, 1, 8))
KINDS = st.sampled_from(["person", "state", "organization"])


@st.composite
def event_dates(draw) -> dict:
    start = draw(DATES)
    return {
        "start": start,
        "end": draw(st.dates(min_value=start)),
        "granularity": draw(st.sampled_from(["day", "week", "month", "quarter", "year", "range"])),
        "timex": draw(WORDS),
        "basis": draw(st.sampled_from(["explicit", "relative", "publication", "inferred"])),
        "expression": draw(WORDS),
        "anchor": draw(st.none() | DATES),
    }


ACTORS = st.builds(Actor, name=WORDS, role=st.none() | WORDS, country=st.none() | WORDS, kind=KINDS)


@given(event_dates(), WORDS, WORDS, st.lists(ACTORS, max_size=4), st.none() | WORDS)
def test_prevalidated_models_are_validated_models(
    date_fields: dict, title: str, evidence: str, actors: list[Actor], location: str | None
) -> None:
    assert_same_models(prevalidated(EventDate, dict(date_fields)), EventDate(**dict(date_fields)))
    source = {"article": "a1", "evidence": evidence}
    assert_same_models(prevalidated(Source, dict(source)), Source(**source))
    fields = {
        "id": "e0123456789abcde",
        "type": "meeting",
        "title": title,
        "summary": evidence,
        "date": EventDate(**date_fields),
        "actors": actors,
        "location": location,
        "sources": [Source(**source)],
    }
    assert_same_models(prevalidated(Event, dict(fields)), Event(**fields))


@given(DATES)
def test_inferred_date_is_the_validated_range(published: dt.date) -> None:
    assert_same_models(
        dating.inferred_date(published),
        EventDate(
            start=published - dating.INFERRED_WINDOW,
            end=published,
            granularity="range",
            timex="PAST_REF",
            basis="inferred",
            expression="",
            anchor=published,
        ),
    )


# --- the whole stage ---------------------------------------------------------------------------


def test_real_articles_give_the_reference_events() -> None:
    docs = real_articles()
    fast = [dumped(analyse_article(doc)) for doc in docs]
    with reference_paths():
        slow = [dumped(analyse_article(doc)) for doc in docs]
    assert sum(map(len, fast)) > 50  # the articles do state events
    assert fast == slow


# Sentences assembled from what the rules look at: names (people, states, organisations, a
# modifier), triggers (verbs, nouns, modal and negated forms), dates, clause breaks, quotes.
PARTS = [
    "Antony Blinken", "Yoav Gallant", "Benjamin Netanyahu", "Sameh Shoukry", "Wang Yi",
    "Israel", "Iran", "the United States", "Egypt", "China", "NATO", "the European Union",
    "Iranian", "Russian missiles", "met", "met with", "visited", "traveled to", "warned",
    "said", "told reporters", "called off", "canceled", "agreed", "signed", "attacked",
    "struck", "sanctions on", "imposed sanctions on", "talks", "a meeting", "the visit",
    "will meet", "plans to visit", "did not meet", "welcomed", "urged", "criticized",
    "on Monday", "on March 3", "last week", "next week", "yesterday", "in 2023",
    "in Cairo", "in Tel Aviv", "at the Kirya", "to Beijing", "and", ",", ", who", ", which",
    "after", "before", "the two leaders", "hours after", "had", "was", "by", "“",
    "”", '"', "that", "the", "on the sidelines of the summit", "KYIV, July 18 (Reuters) -",
]  # fmt: skip
SENTENCE = st.lists(st.sampled_from(PARTS), min_size=2, max_size=14).map(
    lambda words: " ".join(words).replace(" ,", ",") + "."
)


@st.composite
def generated_articles(draw) -> ArticleText:
    paragraphs = draw(
        st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4)
    )
    captions = draw(st.lists(SENTENCE.map(lambda s: s + " (AP Photo/Jane Doe)"), max_size=2))
    published = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2026, 1, 1)))
    return ArticleText(
        article=Article(
            id="generated",
            path="generated.txt",
            published=published,
            published_basis="metadata" if published else "inferred",
        ),
        body="\n\n".join(paragraphs),
        captions=captions,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_articles())
def test_generated_articles_give_the_reference_events(doc: ArticleText) -> None:
    fast = dumped(analyse_article(doc))
    with reference_paths():
        slow = dumped(analyse_article(doc))
    assert fast == slow


def test_generated_articles_state_events() -> None:
    """The generator reaches the rules: its articles do yield events of several kinds."""
    types: set[str] = set()

    @settings(max_examples=60, deadline=None, database=None)
    @given(generated_articles())
    def collect(doc: ArticleText) -> None:
        types.update(event.type for event in analyse_article(doc))

    collect()
    assert len(types) >= 4, types


def test_sentence_dates_out_of_order_mentions_are_all_read() -> None:
    """Mentions not in order of start (a caller's own list) are read without bisection."""
    text = "Antony Blinken met Yoav Gallant on Monday. Yoav Gallant met Sameh Shoukry on Tuesday."
    published = dt.date(2024, 3, 26)

    def mention(word: str, day: int) -> Mention:
        at = text.index(word)
        when = dt.date(2024, 3, day)
        return Mention(
            start=at, end=at + len(word), text=word, type="DATE", value=when.isoformat(),
            date_start=when, date_end=when, granularity="day", basis="relative", anchor=published,
        )  # fmt: skip

    doc = ArticleText(
        article=Article(id="a", path="a.txt", published=published, published_basis="metadata"),
        body=text,
    )
    ordered = [mention("Monday", 25), mention("Tuesday", 26)]
    forward = extract.extract_events(doc, ordered)
    backward = extract.extract_events(doc, ordered[::-1])
    assert [e.date.start for e in forward] == [dt.date(2024, 3, 25), dt.date(2024, 3, 26)]
    assert dumped(forward) == dumped(backward)


def test_triggers_in_reads_only_the_sentences_names_when_one_reaches_into_it() -> None:
    """A name from before the sentence that runs into it (no real sentence split does this,
    but TextIndex does not rely on it) hides no trigger of the sentence."""
    text = "Talks ended. Gallant met Blinken and warned Iran."
    lowered = lowercase(text)
    person = Actor(name="X", kind="person")
    start = text.index("Gallant")
    sentence = Sentence(start, len(text), text[start:], False)
    triggers = extract.trigger_scanner(lowered)(sentence)
    for crossing_end in (start + 2, text.index("met") + 2, text.index("warned") + 1):
        names = [
            ActorMention(0, crossing_end, "person:x", person),
            ActorMention(text.index("Blinken"), text.index(" and"), "person:y", person),
        ]
        index = TextIndex.of(text, lowered, names, [])
        fast = [m.span() for m in triggers_in(index, sentence, triggers)]
        assert fast == [m.span() for m in reference_triggers_in(index, sentence, triggers)]
        assert [text[a:b] for a, b in fast] == ["met", "warned"]


SCANNED = st.text(alphabet=st.sampled_from(list("metwarnd sincalofvtk-\n.,“A")), max_size=120)


@given(SCANNED, st.data())
def test_trigger_scanner_finds_what_a_whole_text_scan_finds(text: str, data) -> None:
    """Sentence by sentence, the scan finds the whole text's matches that start inside it,
    for any span that begins where sentences begin (after a newline, or ". ")."""
    text += " met with. Talks\ncalled off"
    lowered = lowercase(text)
    starts = [0] + [i + 1 for i, c in enumerate(lowered) if c == "\n"]
    starts += [i + 2 for i in range(len(lowered) - 1) if lowered[i : i + 2] == ". "]
    start = data.draw(st.sampled_from(sorted(set(starts))))
    end = data.draw(st.integers(start, len(lowered)))
    sentence = Sentence(start, end, text[start:end], False)
    fast = [m.span() for m in extract.trigger_scanner(lowered)(sentence)]
    assert fast == [m.span() for m in reference_trigger_scanner(lowered)(sentence)]


def test_trigger_scanner_reads_whole_text_for_an_unknown_lexicon() -> None:
    """A lexicon phrase with a character a sentence may begin after ("u.s. sanctions"): the
    scanner falls back to one scan of the whole text."""
    lex = lexicon()
    odd = dataclasses.replace(lex, triggers={**lex.triggers, "u.s. talks": None})
    with mock.patch("timeline.events.extract.lexicon", return_value=odd):
        text = "it met. met him"
        sentence = Sentence(8, len(text), text[8:], False)
        assert [m.span() for m in extract.trigger_scanner(text)(sentence)] == [(8, 11)]
        assert extract._trigger_reach(odd) is None
    assert extract._trigger_reach(lex) == max(map(len, lex.triggers)) + 1


ACTOR_FIELDS = st.fixed_dictionaries(
    {"name": st.sampled_from(["A", "B"]), "kind": st.sampled_from(["person", "state"])}
)


@given(st.lists(ACTOR_FIELDS, max_size=5), st.lists(ACTOR_FIELDS, max_size=5))
def test_actor_fields_membership_is_model_equality(ours: list, theirs: list) -> None:
    """titles.event_title tells actors apart by their fields, as pydantic's == does."""
    mine = [Actor(**fields) for fields in ours]
    others = [Actor(**fields) for fields in theirs] + mine[:1]  # equal copies and one same
    fields = [a.__dict__ for a in others]
    assert [a for a in mine if a.__dict__ in fields] == [a for a in mine if a in others]


@given(ACTORS)
def test_actor_key_is_the_reference(actor: Actor) -> None:
    assert extract.actor_key(actor) == reference_actor_key(actor)
