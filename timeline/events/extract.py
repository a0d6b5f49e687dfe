"""Extract diplomatic events from one article: a trigger word ("met", "warned", "called off"), the
actors around it, the place, and the date of the temporal expression that governs its clause."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.events.actors import ActorMention, PlaceMention, find_actors
from timeline.events.lexicon import lexicon
from timeline.events.text import Sentence, Span, sentences
from timeline.events.titles import event_title
from timeline.models import Actor, ArticleText, Event, EventDate, Mention, Source

# An event with no date of its own happened on or before publication; news reports rarely
# reach back more than a week without saying when.
INFERRED_WINDOW = dt.timedelta(days=7)
# Two actors joined by these words act together: "Gallant and Blinken", "Austin, Gallant and ...".
COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+with\s+)\s*$")
# A trigger opening a coordinated predicate shares the subject: "X criticized Y and canceled Z".
COORDINATED_VERB = re.compile(r"\b(?:and|then|but)\s+(?:also\s+|later\s+|then\s+)?$")
# Clauses that carry a time of their own ("after X criticised Y") never borrow the sentence's.
TEMPORAL_CLAUSE = re.compile(r"(?i)^\W*(?:after|before|since|following|until|ahead of)\b")
QUOTE = re.compile(r"[“\"][^”\"]{12,}[”\"]")
# A caption showing two leaders together is a meeting: "Gallant and Blinken at the Kirya".
CAPTION_TOGETHER = re.compile(
    r"(?i)\b(?:and|with|beside|alongside|greets?|welcomes?|shakes? hands|meets?|speak|listens?)\b"
)
PRECISION = {"explicit": 0, "relative": 1, "publication": 2, "inferred": 3}


@dataclass(frozen=True)
class Found:
    """A trigger in a sentence with what the sentence says around it."""

    type: str
    trigger: Span
    actors: tuple[ActorMention, ...]
    agent: tuple[ActorMention, ...]
    patient: tuple[ActorMention, ...]
    location: str | None


def event_id(family: str, start: dt.date, actor_keys: Sequence[str]) -> str:
    """Stable id: what defines the event, never the order articles were read in."""
    key = "|".join([family, start.isoformat(), *sorted(set(actor_keys))])
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15]


def actor_key(actor: Actor) -> str:
    prefix = {"person": "person", "state": "state", "organization": "org"}[actor.kind]
    return f"{prefix}:{actor.name.lower()}"


def family_of(type_: str) -> str:
    return lexicon().types[type_]["family"]


def groups(mentions: Sequence[ActorMention], text: str) -> list[list[ActorMention]]:
    """Actors that stand together ("Gallant and Blinken") as one group each."""
    result: list[list[ActorMention]] = []
    for mention in mentions:
        if result and COORDINATION.match(text[result[-1][-1].end : mention.start]):
            result[-1].append(mention)
        else:
            result.append([mention])
    return result


def distinct(mentions: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    seen: dict[str, ActorMention] = {}
    for mention in mentions:
        seen.setdefault(mention.key, mention)
    return tuple(seen.values())


def place_for(places: Sequence[PlaceMention], span: Span, type_: str, after: int) -> str | None:
    inside = [p for p in places if span.start <= p.start < span.end]
    if type_ == "visit":
        target = [p for p in inside if p.start > after and p.preposition in ("to", "in", None)]
        if target:
            return target[0].name
    for preposition in ("in", "at"):
        hits = [p for p in inside if p.preposition == preposition]
        if hits:
            return hits[-1].name if preposition == "in" else hits[0].name
    return None


def find_in_sentence(
    text: str, sentence: Sentence, actors: list[ActorMention], places: list[PlaceMention]
) -> list[Found]:
    lex = lexicon()
    quotes = [m.span() for m in QUOTE.finditer(text, sentence.start, sentence.end)]
    triggers = [
        m
        for m in lex.trigger_rx.finditer(text, sentence.start, sentence.end)
        if not any(a <= m.start() < b for a, b in quotes)
        and not any(a.start <= m.start() < a.end for a in actors)
    ]
    found: list[Found] = []
    consumed_until = -1
    previous_agent: dict[int, tuple[ActorMention, ...]] = {}
    for match in triggers:
        type_ = lex.triggers[match[0].lower()].type
        if match.start() < consumed_until:
            continue  # the object of the trigger before: "canceled a visit", "warned against an offensive"
        if type_ != "statement":
            consumed_until = match.end() + 1 + len(" ".join(text[match.end() :].split()[:4]))
        clause = next(c for c in sentence.clauses if c.start <= match.start() < c.end + 1)
        in_clause = [a for a in actors if clause.start <= a.start < clause.end]
        before = groups([a for a in in_clause if a.end <= match.start()], text)
        after = groups([a for a in in_clause if a.start >= match.end()], text)
        agent = tuple(before[-1]) if before else ()
        if COORDINATED_VERB.search(text, max(clause.start, match.start() - 12), match.start()):
            agent = previous_agent.get(clause.start, agent)
        patient = tuple(after[0]) if after else ()
        if type_ == "statement" and not agent:
            agent, patient = patient, ()
        if agent:
            previous_agent[clause.start] = agent
        spec = lex.types[type_]
        if type_ == "statement":
            members = agent
        elif type_ == "visit":
            members = agent or patient[:1]
            if agent and patient and patient[0].actor.kind == "person":
                members = agent + patient
        else:
            members = agent + patient
        members = distinct(members)
        if not agent and type_ not in ("meeting", "phone call", "agreement"):
            continue
        if len(members) < spec["min_actors"]:
            continue
        location = place_for(places, clause, type_, match.end())
        if type_ == "visit" and location is None:
            states = [p for p in patient if p.actor.kind == "state"]
            if not states:
                continue
            location = states[0].actor.name
            members = distinct([m for m in members if m not in states] or members)
        if location is None:
            location = place_for(places, Span(sentence.start, sentence.end), type_, match.end())
        found.append(
            Found(type_, Span(match.start(), match.end()), members, agent, patient, location)
        )
    return found


def caption_meeting(
    text: str, sentence: Sentence, actors: list[ActorMention], places: list[PlaceMention]
) -> Found | None:
    """Two people of different countries pictured together make a meeting."""
    people = distinct([a for a in actors if a.actor.kind == "person"])
    countries = {p.actor.country for p in people}
    if len(people) < 2 or len(countries) < 2:
        return None
    between = text[people[0].end : people[1].start]
    if not CAPTION_TOGETHER.search(between) and not COORDINATION.match(between):
        return None
    location = place_for(places, Span(sentence.start, sentence.end), "meeting", sentence.start)
    return Found(
        "meeting", Span(people[0].start, people[1].end), people, people[:1], people[1:], location
    )


def governing_mention(
    trigger: Span, sentence: Sentence, mentions: list[Mention], found: list[Found]
) -> Mention | None:
    """The date of the clause the trigger is in; else a date standing in a clause of its own."""
    dated = [
        m for m in mentions if sentence.start <= m.start < sentence.end and m.date_start is not None
    ]
    if not dated:
        return None
    if sentence.caption:
        return dated[-1]
    clause = next(c for c in sentence.clauses if c.start <= trigger.start < c.end + 1)
    in_clause = [m for m in dated if clause.start <= m.start < clause.end]
    if in_clause:
        return min(in_clause, key=lambda m: abs(m.start - trigger.start))
    return None


def inferred_date(published: dt.date) -> EventDate:
    return EventDate(
        start=published - INFERRED_WINDOW,
        end=published,
        granularity="range",
        timex="PAST_REF",
        basis="inferred",
        expression="",
        anchor=published,
    )


def mention_date(mention: Mention) -> EventDate:
    return EventDate(
        start=mention.date_start,
        end=mention.date_end or mention.date_start,
        granularity=mention.granularity or "day",
        timex=mention.value,
        basis=mention.basis,
        expression=mention.text,
        anchor=mention.anchor,
    )


def clean_evidence(sentence: str) -> str:
    from timeline.events.text import PHOTO_CREDIT

    return " ".join(PHOTO_CREDIT.sub("", sentence).split())


def events_in_text(
    text: str, mentions: list[Mention], caption: bool, doc: ArticleText
) -> list[Event]:
    actors, places = find_actors(text)
    starts = [a.start for a in actors]
    events: list[Event] = []
    for sentence in sentences(text, caption=caption):
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        in_sentence = actors[lo:hi]
        found = []
        if sentence.caption:
            meeting = caption_meeting(text, sentence, in_sentence, places)
            found = [meeting] if meeting else []
        if not found:
            found = find_in_sentence(text, sentence, in_sentence, places)
        seen: set[tuple] = set()
        for item in found:
            mention = governing_mention(item.trigger, sentence, mentions, found)
            if mention is not None:
                date = mention_date(mention)
            elif doc.article.published is not None:
                date = inferred_date(doc.article.published)
            else:
                continue  # nothing to date it by: an undated article's undated event
            keys = tuple(sorted({m.key for m in item.actors}))
            if (item.type, keys, date.start) in seen:
                continue
            seen.add((item.type, keys, date.start))
            evidence = clean_evidence(sentence.text)
            events.append(
                Event(
                    id=event_id(family_of(item.type), date.start, keys),
                    type=item.type,
                    title=event_title(text, item, sentence),
                    summary=evidence,
                    date=date,
                    actors=[m.actor for m in item.actors],
                    location=item.location,
                    sources=[Source(article=doc.article.id, evidence=evidence)],
                )
            )
    return events


def extract_events(
    doc: ArticleText,
    mentions: list[Mention],
    caption_mentions: Sequence[list[Mention]] | None = None,
) -> list[Event]:
    """Every event the article states, in its body and its photo captions, unmerged."""
    events = events_in_text(doc.body, mentions, False, doc)
    for index, caption in enumerate(doc.captions):
        found = (
            caption_mentions[index] if caption_mentions and index < len(caption_mentions) else []
        )
        events.extend(events_in_text(caption, found, True, doc))
    return events
