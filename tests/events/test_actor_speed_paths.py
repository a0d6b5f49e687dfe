"""The fast paths of actors.py and text.py find what the plain code they replaced found.

Each fast path is checked against a reference written the plain way (the code as it was before
the speed work, kept here): Actor made without validation against pydantic's validation,
sentences against its plain loop, and find_actors with every reference swapped in against it as
it runs, on the real seed and input articles and on generated text.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
from collections.abc import Iterator
from unittest import mock

from events_helpers import real_articles
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events import actors, text
from timeline.events.text import lowercase
from timeline.models import Actor

# --- references: the code as it was ------------------------------------------------------------


def reference_person_actor(name, role, country):
    return Actor(name=name, role=role, country=country, kind="person")


def reference_sentences(text_: str, caption: bool = False) -> list[tuple]:
    """text.sentences as it was: Span objects, the paragraph's rest copied after each sentence."""
    result = []
    lowered = lowercase(text_)
    boilerplate = (
        [m.start() for m in text.BOILERPLATE.finditer(lowered)]
        if any(word in lowered for word in text.BOILERPLATE_WORDS)
        else []
    )
    for paragraph in text.PARAGRAPH.finditer(text_):
        line = paragraph[0]
        in_caption = caption or text.is_caption(line)
        if not in_caption and not text.is_prose(line):
            continue
        start = paragraph.start() + len(line) - len(line.lstrip())
        end = paragraph.end()
        units = []
        if in_caption:
            units = [(start, end)]
        else:
            begin = start
            for match in text.SENTENCE_END.finditer(text_, start, end):
                word = text.last_word(text_, max(begin, match.end() - 24), match.end())
                token = word.rstrip(".").lower()
                if token in text.ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
                units.append((begin, match.end()))
                begin = match.end()
                begin = end - len(text_[begin:end].lstrip())
            if begin < end and text_[begin:end].strip():
                units.append((begin, end))
        for begin, stop in units:
            sentence = text_[begin:stop].rstrip()
            hit = bisect.bisect_left(boilerplate, begin)
            if hit < len(boilerplate) and boilerplate[hit] < begin + len(sentence):
                continue
            result.append((begin, begin + len(sentence), sentence, in_caption))
    return result


def sentences(text_: str, caption: bool = False) -> list[tuple]:
    return [(s.start, s.end, s.text, s.caption) for s in text.sentences(text_, caption)]


@dataclasses.dataclass
class EagerRegistry(actors.Registry):
    """A registry as if a surname absent from the gazetteer were always known: resolve reads
    every capitalised word of the text from its start, as it did before the lazy read."""

    def __post_init__(self) -> None:
        self.unknown_surname = True


@contextlib.contextmanager
def reference_paths() -> Iterator[None]:
    """find_actors with every fast path replaced by its reference."""
    with contextlib.ExitStack() as stack:
        for target, replacement in (
            ("timeline.events.actors.person_actor", reference_person_actor),
            ("timeline.events.actors.Registry", EagerRegistry),
        ):
            stack.enter_context(mock.patch(target, replacement))
        yield


def assert_same_models(fast, slow) -> None:
    assert type(fast) is type(slow)
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json()
    assert repr(fast) == repr(slow)


def real_texts() -> list[str]:
    return [text for doc in real_articles() for text in [doc.body, *doc.captions]]


def spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m[0]) for m in matches]


def found(text: str) -> tuple[list, list]:
    mentions, places = actors.find_actors(text)
    return (
        [(m.start, m.end, m.key, m.actor.model_dump_json(), m.modifier) for m in mentions],
        [(p.start, p.end, p.name, p.preposition) for p in places],
    )


# --- real text ---------------------------------------------------------------------------------


def test_real_texts_give_the_reference_sentences() -> None:
    texts = real_texts()
    fast = [sentences(t) for t in texts]
    assert sum(map(len, fast)) > 200  # the texts do hold sentences
    assert fast == [reference_sentences(t) for t in texts]
    assert [sentences(t, True) for t in texts] == [reference_sentences(t, True) for t in texts]


def test_real_texts_give_the_reference_actors() -> None:
    texts = real_texts()
    fast = [found(text) for text in texts]
    with reference_paths():
        slow = [found(text) for text in texts]
    assert sum(len(mentions) for mentions, _ in fast) > 500  # the texts do name actors
    assert fast == slow


# --- generated text ----------------------------------------------------------------------------

PARTS = [
    "Defense Minister", "Secretary of State", "President", "Secretary", "Foreign Minister",
    "the defense minister", "his Israeli counterpart", "former", "Israeli", "U.S.", "Iran's",
    "Yoav Gallant", "Antony Blinken", "Gallant", "Austin", "Lloyd Austin", "Jake Sullivan",
    "Sullivan", "Wang Yi", "Xi", "Erdoğan", "Erdogan", "Recep Tayyip Erdoğan", "Israel",
    "Washington", "the White House", "the Biden administration", "NATO", "the junta",
    "in", "at the Pentagon", "to Cairo", "met", "said", "he", "she", "his", ",", ".", "and",
    "Prime Minister", "Mary Smith", "King", "Abdullah II", "the capital, Accra", "Smith",
    "National Security Adviser", "Sullivan's", "Smith.", "Mary",
]  # fmt: skip
PERSON_TEXT = st.lists(st.sampled_from(PARTS), min_size=1, max_size=24).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(PERSON_TEXT)
def test_generated_texts_give_the_reference_actors(text: str) -> None:
    fast = found(text)
    with reference_paths():
        assert fast == found(text)


# Paragraphs of sentence ends after words, abbreviations and initials, spaces of every kind,
# closing quotes and brackets, and the reader-addressing words sentences skips.
SENTENCE_PARTS = [
    "The minister", "met", "Dr.", "Mr.", "U.S.", "Gen.", "J.", "etc.", "Inc.", "said.", "said!",
    "said?", "talks.", 'talks."', "talks.”", "talks.)", "talks...", "1.5", "No.", "Jan.", "A.",
    "\u00a0", "  ", "\t", "Read more", "subscribe", "He", "In 2024", "(AP Photo/Jane Doe)",
    "\n", "\n\n", "“Quote", "[Update]", "x",
]  # fmt: skip
SENTENCE_TEXT = st.lists(st.sampled_from(SENTENCE_PARTS), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(SENTENCE_TEXT, st.booleans())
def test_generated_texts_give_the_reference_sentences(text_: str, caption: bool) -> None:
    assert sentences(text_, caption) == reference_sentences(text_, caption)


@given(
    st.text(max_size=20),
    st.none() | st.text(max_size=20),
    st.none() | st.text(max_size=20),
)
def test_person_actor_is_the_validated_actor(
    name: str, role: str | None, country: str | None
) -> None:
    assert_same_models(
        actors.person_actor(name, role, country), reference_person_actor(name, role, country)
    )
