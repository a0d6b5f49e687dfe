"""Who is named in an article: people (with role and country), states and organisations, with
coreference inside the article ("Israeli Defense Minister Yoav Gallant" ... "Gallant" ... "the
defense minister" ... "he"), and the places events happen in."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from timeline.events.lexicon import Entry, lexicon, person_key
from timeline.events.text import Caseless, lowercase
from timeline.models import Actor, prevalidated

# Latin letters with their diacritics ("Erdoğan", "Sánchez", "Orbán", "Łukasz"), built from
# Unicode's own case data: names are not ASCII.
UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
LOWER = "".join(c for c in map(chr, range(0x61, 0x250)) if c.islower() and c.isalpha())
NAME_TOKEN = (
    rf"(?:[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*|[{UPPER}]\.|"
    rf"(?:al|el|bin|ibn|von|van|der|de|da|dos|del)(?:-[{UPPER}][{LOWER}]+)?)"
)
# A name written after a title: "Yoav Gallant", "Lloyd J. Austin", "Mohammed bin Salman".
NAME_AFTER_TITLE = re.compile(r"\s+(" + NAME_TOKEN + r"(?:\s+" + NAME_TOKEN + r"){0,3})")
# What may stand between a determiner and a title: "his Israeli counterpart", "the U.S. top diplomat".
DETERMINER_BEFORE = Caseless(r"\b(the|his|her|their|its)\s+$")
MODIFIER_BEFORE = Caseless(
    r"(?:\b(?:former|then|acting|interim|top|senior|deputy|new|outgoing|incoming)[\s-]+)+$"
)
LOCATIVE_BEFORE = Caseless(
    r"\b(in|at|to|from|into|near|across|inside|outside|toward|towards)\s+(?:the\s+)?$"
)
# "the Ghanaian capital, Accra": the city named as a city, not its government.
CAPITAL_APPOSITION = Caseless(r"\bcapital,?\s+$")
# Rulers named by what they are, not by their state: "the junta", "the regime".
RULERS = re.compile(
    r"\b[Tt]he\s+(?:military\s+)?(?:junta|regime|coup leaders|putschists|military government)\b"
)
IN_AFTER = re.compile(r"\s+in\s+")
GOVERNMENT_AFTER = re.compile(r"\s+(?:administration|government|cabinet)\b")
# "\b(?:[Hh]e|[Ss]he|His|Her)\b" with the word boundary checked after the first letter
# ((?<!\w.) behind it), so the engine skips to an h or an s; same alternatives, same order.
_START = r"(?<!\w[\s\S])"
PRONOUN = re.compile(
    rf"(?:H{_START}e|h{_START}e|S{_START}he|s{_START}he|H{_START}is|H{_START}er)"
    r"\b(?!\s+(?:own|fellow)\b)"
)
# A title introducing a name after a comma: "Israel's defence minister, Yoav Gallant,".
NAME_AFTER_COMMA = re.compile(
    r",\s+(" + NAME_TOKEN + r"(?:\s+" + NAME_TOKEN + r"){1,6})(?=[,.;)]|\s+(?:and|who)\b)"
)
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+|\n")
CAPITALISED = re.compile(rf"[{UPPER}]{_START}[{LOWER}][\w'’-]*")  # \b checked after the capital
# A word after a country that makes it an adjective: "U.S. Secretary", "U.S.-Israeli", "US troops".
NOUN_AFTER = re.compile(
    r"[-–]|\s+(?:[A-Z][a-z]|officials?|troops|forces|military|army|navy|"
    r"government|administration|delegation|envoy|embassy|ambassador|"
    r"counterparts?|leaders?|ministers?|president|officials)\b"
)


@dataclass(slots=True, unsafe_hash=True)  # never changed; not frozen: see text.Span
class ActorMention:
    """An actor named at text[start:end], already resolved to who it is."""

    start: int
    end: int
    key: str
    actor: Actor
    modifier: bool = False  # "Iranian", "U.S." before a noun: an actor only for nominal events


@dataclass(slots=True, unsafe_hash=True)
class PlaceMention:
    start: int
    end: int
    name: str
    preposition: str | None


@dataclass
class Registry:
    """The people an article has introduced so far, for coreference."""

    by_key: dict[str, Actor] = field(default_factory=dict)
    by_surname: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # keys, most recent last

    def introduce(self, key: str, actor: Actor) -> None:
        known = self.by_key.get(key)
        if known is None or (actor.role and not known.role):
            self.by_key[key] = actor
        entries = lexicon().entries
        entry = entries.get(actor.name)
        surname = entry.surname if entry is not None and entry.surname else None
        surname = surname or actor.name.split()[-1]
        self.by_surname.setdefault(surname, key)
        if surname not in entries:
            self.unknown_surname = True
        self.order.append(key)

    subject: str | None = None  # the first person of the latest sentence naming one
    # Some surname above is no gazetteer name ("Sullivan"): only such a surname is looked for
    # in the text's capitalised words (resolve's surnames_before).
    unknown_surname: bool = False

    def by_role(self, role: str, country: str | None) -> str | None:
        """The latest person with this role: "the defense minister", "the secretary"."""
        wanted = role_key(role)
        for key in reversed(self.order):
            actor = self.by_key[key]
            if (
                actor.role
                and wanted in role_key(actor.role)
                and (country is None or actor.country == country)
            ):
                return key
        return None

    def last_person(self) -> str | None:
        return self.order[-1] if self.order else None


def role_key(role: str) -> str:
    return (
        role.lower()
        .replace("defence", "defense")
        .replace("secretary of defense", "defense secretary")
    )


@cache
def state_actor(name: str) -> Actor:
    """One shared Actor per state: they are built for every mention and never changed."""
    return Actor(name=name, country=name, kind="state")


@cache
def organization_actor(name: str, country: str | None) -> Actor:
    return Actor(name=name, country=country, kind="organization")


def person_actor(name: str, role: str | None, country: str | None) -> Actor:
    """Actor(name=..., role=..., country=..., kind="person"): every value is a str or None
    already, so it is made without validation (models.prevalidated), thousands per second."""
    return prevalidated(Actor, {"name": name, "role": role, "country": country, "kind": "person"})


def person_from_entry(entry: Entry, role: str | None, country: str | None) -> Actor:
    # "Secretary Austin": the gazetteer's "Secretary of Defense" says more than the text's title.
    if role and entry.role and role_key(role) in role_key(entry.role):
        role = entry.role
    return person_actor(entry.name, role or entry.role, country or entry.country)


@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    start: int
    end: int
    how: str  # titled | role | gazetteer | pronoun
    entry: Entry | None = None
    role: str | None = None
    country: str | None = None
    name: str = ""
    coref_role: str | None = None  # "the secretary": matched against known people's roles


def titled_candidates(
    text: str, lowered: str, ends_at: dict, at_start: dict, consumed: set
) -> list[Candidate]:
    """People written with a title: "Israeli Defense Minister Yoav Gallant", "Secretary Austin",
    "his Israeli counterpart Yoav Gallant", and bare roles "the defense minister"."""
    lex = lexicon()
    found = []
    for match in lex.title_rx.finditer(lowered):
        role = lex.titles[match[0].lower()] or None
        coref_role = role or match[0].title()
        start, end = match.start(), match.end()
        inside = at_start.get(start)
        if inside and inside[1].kind == "person":
            continue  # the title is part of a known name: "Sheikh Tamim", "King Abdullah II"
        modifier = MODIFIER_BEFORE.search(text, lowered, max(0, start - 40), start)
        if modifier:
            start = modifier.start()
        country = None
        before = ends_at.get(start - 1) if text[start - 1 : start] == " " else None
        if before is None and text[max(0, start - 3) : start] in ("'s ", "’s "):
            before = ends_at.get(start - 3)
        if before and before[1].kind in ("state", "organization"):
            # "Israeli Defense Minister", "Palestinian Authority President": whose official.
            country = before[1].country
            consumed.add(before[0])
            start = before[0]
        determiner = DETERMINER_BEFORE.search(text, lowered, max(0, start - 8), start)
        name = NAME_AFTER_TITLE.match(text, end)
        if not name:
            # "Israel's defence minister, Yoav Gallant": an appositive, when the title has an
            # owner or the name is a known person.
            name = NAME_AFTER_COMMA.match(text, end)
            if name and not (determiner or country):
                hit = at_start.get(name.start(1))
                name = name if hit and hit[1].kind == "person" else None
        if name:
            hit = at_start.get(name.start(1))
            if hit and hit[1].kind == "person":
                consumed.add(name.start(1))
                found.append(Candidate(start, hit[0], "titled", hit[1], role, country))
                continue
            if not hit and name[1][0].isupper():
                found.append(Candidate(start, name.end(1), "titled", None, role, country, name[1]))
                continue
        if determiner or country:
            begin = determiner.start() if determiner else start
            found.append(Candidate(begin, end, "role", None, role, country, "", coref_role))
    return found


def rulers_state(text: str, end: int, actors: list[ActorMention]) -> Entry | None:
    lex = lexicon()
    where = IN_AFTER.match(text, end)
    named = lex.names.match(text, where.end()) if where else None
    if named is not None:
        entry = lex.entries.get(lex.entries[named[0]].country or "")
        if entry is not None and entry.kind == "state":
            return entry
    counts: dict[str, int] = {}
    for mention in actors:
        if mention.actor.kind == "state":
            counts[mention.key] = counts.get(mention.key, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    key = next(m.key for m in reversed(actors) if counts.get(m.key) == best)
    return lex.entries.get(next(m.actor.name for m in actors if m.key == key))


def find_actors(
    text: str, lowered: str | None = None
) -> tuple[list[ActorMention], list[PlaceMention]]:
    """Every actor and place named in text, in order, people resolved across the whole text;
    lowered is lowercase(text) when the caller has it already."""
    lowered = lowercase(text) if lowered is None else lowered
    lex = lexicon()
    gazetteer = [(m.start(), m.end(), lex.entries[m[0]]) for m in lex.names.finditer(text)]
    at_start = {start: (end, entry) for start, end, entry in gazetteer}
    ends_at = {end: (start, entry) for start, end, entry in gazetteer}
    consumed: set[int] = set()  # gazetteer matches that are part of a titled name
    found = titled_candidates(text, lowered, ends_at, at_start, consumed)
    for start, end, entry in gazetteer:
        if start not in consumed:
            found.append(Candidate(start, end, "gazetteer", entry))
    for match in PRONOUN.finditer(text):
        found.append(Candidate(match.start(), match.end(), "pronoun"))
    if "junta" in text or "regime" in text or "military government" in text:
        for match in RULERS.finditer(text):
            found.append(Candidate(match.start(), match.end(), "rulers"))
    found.sort(key=lambda c: (c.start, -c.end))
    return resolve(text, lowered, found)


def titled_person(c: Candidate, registry: Registry) -> tuple[str, Actor] | None:
    lex = lexicon()
    if c.entry is not None:
        return c.entry.key, person_from_entry(c.entry, c.role, c.country)
    if " " not in c.name:  # "Secretary Austin": a surname the article or gazetteer knows
        key = registry.by_surname.get(c.name)
        if key:
            return key, registry.by_key[key]
        entry = lex.surnames.get(c.name)
        return (entry.key, person_from_entry(entry, c.role, c.country)) if entry else None
    return person_key(c.name), person_actor(c.name, c.role, c.country)


def resolve(
    text: str, lowered: str, found: list[Candidate]
) -> tuple[list[ActorMention], list[PlaceMention]]:
    lex = lexicon()
    registry = Registry()
    actors: list[ActorMention] = []
    places: list[PlaceMention] = []
    covered_until = -1
    capitalised: list[tuple[int, str]] | None = None  # read when a surname may be among them
    next_word = 0
    passed = 0  # the capitalised words before it were passed while none could be a surname
    sentence_starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
    subject_sentence = -1

    def emit(start: int, end: int, key: str, actor: Actor) -> None:
        nonlocal subject_sentence
        actors.append(ActorMention(start, end, key, actor))
        if actor.kind == "person":
            registry.introduce(key, actor)
            sentence = bisect.bisect_right(sentence_starts, start)
            if sentence != subject_sentence:
                registry.subject, subject_sentence = key, sentence

    def place(c: Candidate, entry: Entry, preposition: str | None) -> None:
        places.append(PlaceMention(c.start, c.end, entry.city or entry.name, preposition))

    def surnames_before(until: int) -> None:
        # Surnames of people introduced with a title but absent from the gazetteer ("Sullivan").
        nonlocal next_word, capitalised, passed
        if capitalised is None:
            if not registry.unknown_surname:
                passed = until  # no word could be emitted: every surname is a gazetteer name
                return
            capitalised = [(m.start(), m[0]) for m in CAPITALISED.finditer(text)]
            next_word = bisect.bisect_left(capitalised, (passed,))
        while next_word < len(capitalised) and capitalised[next_word][0] < until:
            pos, word = capitalised[next_word]
            next_word += 1
            key = registry.by_surname.get(word)
            if pos > covered_until and key and word not in lex.entries:
                emit(pos, pos + len(word), key, registry.by_key[key])

    for c in found:
        if c.start <= covered_until:
            continue
        surnames_before(c.start)
        if c.how == "titled":
            person = titled_person(c, registry)
            if person is None:
                continue
            emit(c.start, c.end, *person)
        elif c.how == "role":
            key = registry.by_role(c.coref_role, c.country) if c.coref_role else None
            if key is None:
                continue
            emit(c.start, c.end, key, registry.by_key[key])
        elif c.how == "rulers":
            # "the junta": the rulers of the state named "in" after it, else of the state the
            # article has named most so far (the country of the coup it reports).
            state = rulers_state(text, c.end, actors)
            if state is not None:
                emit(c.start, c.end, state.key, state_actor(state.name))
        elif c.how == "pronoun":
            # "he" is the person the sentence (or the one before) is about: its first person.
            key = registry.subject
            if key:
                actors.append(ActorMention(c.start, c.end, key, registry.by_key[key]))
                # "On Thursday, he attended a ceremony for X": he stays the subject, not X.
                sentence = bisect.bisect_right(sentence_starts, c.start)
                if sentence != subject_sentence:
                    subject_sentence = sentence
            continue
        else:
            entry = c.entry
            prep = LOCATIVE_BEFORE.search(text, lowered, max(0, c.start - 12), c.start)
            preposition = prep[1].lower() if prep else None
            if (
                entry.kind is None
                and entry.form == "capital"
                and not preposition
                and not CAPITAL_APPOSITION.search(text, lowered, max(0, c.start - 10), c.start)
            ):
                # "Washington and Israel had agreed": a capital standing for its government.
                if NOUN_AFTER.match(text, c.end):
                    continue
                state = lex.entries[entry.country]
                emit(
                    c.start,
                    c.end,
                    state.key,
                    state_actor(state.name),
                )
            elif entry.kind is None:
                place(c, entry, preposition)
            elif entry.kind == "organization" and preposition in ("at", "in", "to", "from"):
                place(c, entry, preposition)  # "at the Pentagon": where, not who
            elif entry.government_of:
                # "The White House said": the government speaking, the state acting.
                state = lex.entries[entry.government_of]
                emit(
                    c.start,
                    c.end,
                    state.key,
                    state_actor(state.name),
                )
            elif entry.kind == "person" and GOVERNMENT_AFTER.match(text, c.end):
                # "the Biden administration": the state he governs, not the man.
                state = lex.entries.get(entry.country or "")
                if state is not None:
                    emit(
                        c.start,
                        c.end,
                        state.key,
                        state_actor(state.name),
                    )
            elif entry.kind == "person":
                known = registry.by_key.get(entry.key)
                emit(c.start, c.end, entry.key, known or person_from_entry(entry, None, None))
            elif entry.kind == "state":
                if entry.form == "adjective" or NOUN_AFTER.match(text, c.end):
                    state = state_actor(entry.name)
                    actors.append(ActorMention(c.start, c.end, entry.key, state, modifier=True))
                    continue
                if preposition and text[c.end : c.end + 2] not in ("'s", "’s"):
                    place(c, entry, preposition)  # "to Israel", but not "at Israel's request"
                    continue
                emit(
                    c.start,
                    c.end,
                    entry.key,
                    state_actor(entry.name),
                )
            else:
                emit(
                    c.start,
                    c.end,
                    entry.key,
                    organization_actor(entry.name, entry.country),
                )
        covered_until = c.end - 1
    surnames_before(len(text) + 1)
    actors.sort(key=lambda a: a.start)
    return actors, places
