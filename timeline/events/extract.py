"""Extract diplomatic events from one article: a trigger word ("met", "warned", "called off"), the
actors around it, the place, and the date of the temporal expression that governs its clause."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence

from timeline.events.actors import find_actors
from timeline.events.arguments import (
    PLURAL_REFERENCE,
    SYMMETRIC,
    TextIndex,
    caption_meeting,
    find_in_sentence,
)
from timeline.events.dating import event_date, sentence_dates, undated_saying
from timeline.events.lexicon import Lexicon, lexicon
from timeline.events.text import PHOTO_CREDIT, Sentence, lowercase, sentences
from timeline.events.titles import event_title
from timeline.models import Actor, ArticleText, Event, Mention, Source, prevalidated

PRECISION = {"explicit": 0, "relative": 1, "publication": 2, "inferred": 3}


def event_id(
    family: str, start: dt.date, actor_keys: Sequence[str], end: dt.date | None = None
) -> str:
    """Stable id: what defines the event, never the order articles were read in.

    A span's last day is part of it: "in the week of 8 April" and "on 8 April" with the same
    actors can stay two events, and two items with one guid are one item to a feed reader. A
    single day's id is the same as it always was."""
    when = start.isoformat() if end is None or end == start else f"{start}/{end}"
    key = "|".join([family, when, *sorted(set(actor_keys))])
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15]


KEY_PREFIX = {"person": "person:", "state": "state:", "organization": "org:"}


def actor_key(actor: Actor) -> str:
    """ "person:antony blinken": who an actor is, whatever role or country an article gives
    them (the merge reads it for every actor of every event)."""
    return KEY_PREFIX[actor.kind] + actor.name.lower()


def family_of(type_: str) -> str:
    return lexicon().types[type_]["family"]


def clean_evidence(sentence: str) -> str:
    return " ".join(PHOTO_CREDIT.sub("", sentence).split())


# The characters a trigger phrase may hold: never those around a sentence's start (a sentence
# begins after a newline, or after final punctuation and a space), so no match in the whole
# text runs into a sentence from before it.
TRIGGER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz -")


def trigger_scanner(lowered: str) -> Callable[[Sentence], list[re.Match]]:
    """A function giving a sentence's trigger matches: the matches of the lexicon's trigger_rx
    in lowered that start inside it, as a scan of the whole text finds them. Most sentences
    name nobody and need none, so only the sentences asked for are scanned (and a longest
    phrase beyond, where trigger_rx's lookahead and longer phrases may read)."""
    lex = lexicon()
    rx = lex.trigger_rx
    reach = _trigger_reach(lex)
    if reach is None:  # a lexicon this code does not know: one scan of the whole text
        matches = list(rx.finditer(lowered))
        starts = [m.start() for m in matches]
        return lambda s: matches[
            bisect.bisect_left(starts, s.start) : bisect.bisect_left(starts, s.end)
        ]

    def scan(sentence: Sentence) -> list[re.Match]:
        end = sentence.end
        return [m for m in rx.finditer(lowered, sentence.start, end + reach) if m.start() < end]

    return scan


_REACH: dict[int, tuple[Lexicon, int | None]] = {}


def _trigger_reach(lex: Lexicon) -> int | None:
    """How far past a sentence a scan for its triggers must read (the longest phrase and the
    lookahead's character), or None when a phrase holds a character outside TRIGGER_CHARS."""
    known = _REACH.get(id(lex))
    if known is None or known[0] is not lex:
        usable = set("".join(lex.triggers)) <= TRIGGER_CHARS
        known = _REACH[id(lex)] = (lex, max(map(len, lex.triggers)) + 1 if usable else None)
    return known[1]


def events_in_text(
    text: str,
    mentions: list[Mention],
    caption: bool,
    doc: ArticleText,
    last_group: tuple = (),
    sayings: set[str] | None = None,
) -> tuple[list[Event], tuple]:
    """The events of one text (a body or a caption) and the people it last named together;
    the ids of its undated sayings are added to sayings."""
    lowered = lowercase(text)
    actors, places = find_actors(text, lowered)  # places come in text order
    index = TextIndex.of(text, lowered, actors, places)
    starts = index.starts
    triggers_of = trigger_scanner(lowered)
    mention_starts: list[int] | None = [m.start for m in mentions]
    if mention_starts != sorted(mention_starts):
        mention_starts = None  # out of order: sentence_dates reads them all
    events: list[Event] = []
    for sentence in sentences(text, caption=caption, lowered=lowered):
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        if lo == hi and not (
            last_group and PLURAL_REFERENCE.search(text, lowered, sentence.start, sentence.end)
        ):
            continue  # nobody named, nobody referred to: no event
        found = []
        rivals: list[int] = []
        if sentence.caption:
            meeting = caption_meeting(text, sentence, actors[lo:hi], places)
            found = [meeting] if meeting else []
        if not found:
            triggers = triggers_of(sentence)
            if not triggers:
                continue
            found = find_in_sentence(index, sentence, last_group, triggers)
            rivals = [item.trigger.start for item in found]
        seen: set[tuple] = set()
        dated = sentence_dates(sentence, mentions, mention_starts) if found else []
        evidence = clean_evidence(sentence.text) if found else ""
        for item in found:
            people = tuple(m for m in item.actors if m.actor.kind == "person")
            if len(people) >= 2:
                last_group = people
            date = event_date(text, item, sentence, mentions, doc.article.published, rivals, dated)
            if date is None:
                continue
            keys = tuple(sorted({m.key for m in item.actors}))
            if (item.type, keys, date.start) in seen:
                continue
            seen.add((item.type, keys, date.start))
            id_ = event_id(family_of(item.type), date.start, keys, date.end)
            if sayings is not None and undated_saying(item, date):
                sayings.add(id_)
            # Every value below is of its field's type by construction: no validation.
            source = prevalidated(Source, {"article": doc.article.id, "evidence": evidence})
            events.append(
                prevalidated(
                    Event,
                    {
                        "id": id_,
                        "type": item.type,
                        "title": event_title(text, item, sentence),
                        "summary": evidence,
                        "date": date,
                        "actors": [m.actor for m in item.actors],
                        "location": item.location,
                        "sources": [source],
                    },
                )
            )
    return events, last_group


def extract_events(
    doc: ArticleText,
    mentions: list[Mention],
    caption_mentions: Sequence[list[Mention]] | None = None,
) -> list[Event]:
    """Every event the article states, in its body and its photo captions, unmerged."""
    events: list[Event] = []
    # Captions first: the people pictured together are "the leaders" of the opening paragraph.
    group: tuple = ()
    for index, caption in enumerate(doc.captions):
        found = (
            caption_mentions[index] if caption_mentions and index < len(caption_mentions) else []
        )
        told, group = events_in_text(caption, found, True, doc, group)
        events.extend(told)
    sayings: set[str] = set()
    told, _ = events_in_text(doc.body, mentions, False, doc, group, sayings)
    return without_commentary(told + events, sayings)


def without_commentary(events: list[Event], sayings: set[str]) -> list[Event]:
    """The events minus undated sayings that comment on the article's other events: a saying
    without a date is news only from a person the article shows doing nothing else ("Kirby
    said the United States welcomed the accord"), once per speaker; "X met Y. X said ..." is
    the meeting's commentary."""
    if not sayings:
        return events
    # Who did something: every party of a meeting or an agreement, the doer of anything else
    # (a man criticised by another is still news when he answers).
    busy = {
        actor_key(actor)
        for event in events
        if event.id not in sayings and event.type != "statement"
        for actor in (event.actors if event.type in SYMMETRIC else event.actors[:1])
    }
    heard: set[frozenset[str]] = set()
    kept = []
    for event in events:
        if event.id in sayings:
            speakers = frozenset(actor_key(actor) for actor in event.actors)
            if (
                speakers & busy
                or speakers in heard
                or not any(actor.kind == "person" for actor in event.actors)
            ):
                continue
            heard.add(speakers)
        kept.append(event)
    return kept
