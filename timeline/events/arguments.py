"""Who did what to whom, and where: the arguments of each trigger in a sentence.

Shallow rules over the clause a trigger sits in, cheap enough for hundreds of articles a second:
the agent is the actor group just before a verb (or the owner of a noun: "Iran's attack"), the
patient the group right after it; coordinated verbs share their subject ("criticized the US and
canceled the visit"), relative clauses take theirs from the noun they hang on ("Biden, who had
spoken with Netanyahu"), and plural references ("the two leaders") mean the latest group."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from timeline.events.actors import ActorMention, PlaceMention, state_actor
from timeline.events.lexicon import lexicon
from timeline.events.text import Caseless, Sentence, Span, split_clauses

# Two actors joined by these words act together: "Gallant and Blinken", "Austin, Gallant and ...".
JOINT = re.compile(r"\s*(?:(,)\s*(and\s+)?|\s+(and|with|&)\s+)(?:(?:his|her|their|the)\s+)?$")
# A trigger opening a coordinated predicate shares the subject: "X criticized Y and canceled Z",
# "and later that day sat down with", "and was met on the tarmac by".
COORDINATED_VERB = re.compile(
    r"\b(?:and|then|but)\s+(?:(?:also|later|then|that|day|was|were|had|has|have|been|is)\s+){0,4}$"
)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+(?:\w+ly\s+)?$")
NOMINAL_BEFORE = Caseless(
    r"(?:\b(?:a|an|the|its|their|his|her|this|that|last|first|planned|new|joint|direct|"
    r"mass|recent|latest|major|earlier|weekend)|['’]s)\s+(?:[\w-]+\s+){0,2}$"
)
# "held a video conference", "held talks": the noun is the verb's object, its holder the agent.
BACKGROUND_BEFORE = Caseless(
    r"\b(?:anniversary of|since|start of|beginning of|wake of|aftermath of|run-up to|"
    r"memory of|victims of|survivors of)\s+(?:[\w'’-]+\s+){0,4}$"
)
# "hours after the first Iranian attack": an attack the sentence only dates itself by.
AFTERMATH_BEFORE = Caseless(
    r"\b(?:after|following|in response to|in retaliation for|amid|condemning|"
    r"condemned|denouncing|denounced)\s+(?:[\w'’-]+\s+){0,5}$"
)
SAME_DAY_BEFORE = Caseless(r"\b(?:hours|minutes|moments|shortly|soon|just|right)\W*$")
WITH_BEFORE = re.compile(r"\bwith\b")
ATTRIBUTIVE_BEFORE = Caseless(r"\b(?:the|a|an|its|their|his|her|this|that|these)\s+$")
HELD_BEFORE = Caseless(
    r"\b(?:held|hold|holds|holding|had|convened|attended|hosted|chaired|opened|"
    r"carried out|conducted|completed|concluded|reached|struck|sealed)\s+"
    r"(?:a|an|the|their|its|his|her)\s+(?:[\w-]+\s+){0,2}$"
)
# Not (yet) an event: "would not travel", "is expected to visit", "plans to meet".
NEGATED_BEFORE = Caseless(r"\b(?:not|never|no longer)\s+(?:\w+\s+)?$")
MODAL_BEFORE = Caseless(
    r"\b(?:will|would|shall|may|might|could|should|must|to be|"
    r"(?:is|are|was|were|be)\s+(?:due|set|expected|scheduled|likely|going|to)|"
    r"plans?|planned|intends?|intended|hopes?|hoped|wants?|wanted|aims?|seeks?|sought|"
    r"ready|prepared|willing|threatened)"
    r"\s+(?:to\s+)?(?:\w+\s+){0,2}$"
)
POSSESSIVE_AFTER = re.compile(r"['’]s?\s")
QUOTE = re.compile(r"[“\"][^”\"]{12,}[”\"]")
# "The two leaders then sat down", "the pair", "both men": the people last named together.
PLURAL_REFERENCE = Caseless(
    r"\b(?:the|both|all)\s+(?:(?:two|three|four|three-way|visiting|allied)\s+)?"
    r"(?:leaders|men|women|ministers|sides|pair|presidents|officials|delegations|allies|"
    r"governments|countries|nations)\b"
)
RELATIVE_START = re.compile(r"(?i)^\W*(?:who|which|whose)\b")
RELATIVE_CLOSED = re.compile(r",\s*(?:[\w'’-]+\s+){0,2}$")
PARTICIPLE_JOIN = re.compile(r"(?:,|\band)\s*$")
FORCES_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,1}(?:missiles?|drones?|rockets?|warplanes|jets|aircraft|forces|troops|"
    r"artillery|warships|navy|army|military)\b"
)
BETWEEN_AFTER = re.compile(r"\bbetween\s")
PRONOUN_BEFORE = Caseless(r"\b(?:it|they|we|i)\s+$")
RELATIVE_PERFECT = Caseless(r"\b(?:who|which)\s+had\s+(?:\w+ly\s+)?$")
PARTNER_AFTER = re.compile(r"\b(?:with|for)\s")
REFLEXIVE_AFTER = re.compile(r"\s+(?:himself|herself|itself|themselves)\b")
# "urged Iran not to attack" warns rather than demands.
NOT_TO = re.compile(r"(?i)(?:\s+[\w.'’-]+){0,5}\s+not\s+to\b")
# Figurative uses of attack words: "struck a different note", "strike a balance".
FIGURATIVE = re.compile(r"(?i)\s+(?:a|an|the)?\s*(?:[\w-]+\s+)?(?:note|tone|chord|balance|deal)\b")
NEEDS_WEAPON = frozenset(["sent", "fired", "launched", "launches", "fires"])
WEAPON_AFTER = re.compile(
    r"(?i)(?:\s+[\w,.-]+){0,6}?\s+(?:drones?|missiles?|rockets?|projectiles?|shells?|"
    r"strikes?|airstrikes?|attacks?|barrages?|salvos?|bombs?|warheads?)\b"
)
# Drills are not attacks: "rehearsed long-range strikes".
REHEARSAL_BEFORE = re.compile(
    r"(?i)\b(?:rehears\w*|simulat\w*|practi[cs]\w*|mock|drills? for)\s+(?:[\w-]+\s+){0,2}$"
)
# A caption showing two leaders together is a meeting: "Gallant and Blinken at the Kirya".
CAPTION_TOGETHER = re.compile(
    r"(?i)\b(?:and|with|beside|alongside|greets?|welcomes?|shakes? hands|meets?|speak|listens?)\b"
)
VERB_ONLY = frozenset(
    ["met", "meets", "meet", "struck", "spoke", "spoken", "told", "flew", "sat", "hosts", "held"]
)
# What follows these in their clause is their content, not news of its own: "agreed to hold
# exercises", "urged Israel to weigh other options". Sanctions decided are news, though.
TAKES_CONTENT = frozenset({"agreement", "demand", "warning", "rejection"})
STRONG_STATEMENT = frozenset({"announced", "announces", "declared", "declares", "unveiled"})
TOPIC_VERBS = frozenset(["discussed", "discuss", "discusses", "talks", "conferred"])
SYMMETRIC = frozenset({"meeting", "call", "agreement", "cooperation"})
WELCOMING = frozenset({"welcomed", "welcomes"})
VERBAL_ATTACK = frozenset({"attack", "attacked", "attacks"})


@dataclass(slots=True, unsafe_hash=True)  # never changed; not frozen: see text.Span
class Found:
    """A trigger in a sentence with what the sentence says around it."""

    type: str
    trigger: Span
    actors: tuple[ActorMention, ...]
    agent: tuple[ActorMention, ...]
    patient: tuple[ActorMention, ...]
    location: str | None
    phrase: str = ""
    nominal: bool = False
    clause: Span | None = None
    # Future or hypothetical: an event only if it carries its own date. None: not read yet, see
    # hypothetical(); most events carry a date and never need it.
    modal: bool | None = False
    coordinated: bool = False  # "... and called off": shares the subject and date before it
    # Where to borrow a date when the clause has none: the announcing clause of an unsaid doer
    # ("Safadi announced on Tuesday that the summit had been called off"), or the main clause of
    # "only hours after he had met Blinken".
    date_from: Span | None = None
    before: tuple[str, str] = ("", "")  # the words before the trigger, as is and lowercased

    def hypothetical(self) -> bool:
        """Whether the event is future or hypothetical ("will travel", "plans to meet")."""
        return is_modal(*self.before) if self.modal is None else self.modal


def groups(mentions: Sequence[ActorMention], text: str) -> list[list[ActorMention]]:
    """Actors that stand together ("Gallant and Blinken", "A, B and C") as one group each.

    A comma alone does not join: "against Iran, Defense Minister Yoav Gallant said" is two."""
    result: list[list[ActorMention]] = []
    joints: list[list[str]] = []
    for mention in mentions:
        joint = JOINT.match(text[result[-1][-1].end : mention.start]) if result else None
        if joint:
            result[-1].append(mention)
            joints[-1].append("and" if (joint[2] or joint[3]) else ",")
        else:
            result.append([mention])
            joints.append([])
    split: list[list[ActorMention]] = []
    for group, kinds in zip(result, joints, strict=True):
        if kinds and kinds[-1] == ",":
            split.extend([m] for m in group)  # a list never ends on a bare comma
        else:
            split.append(group)
    return split


def first_group(mentions: Iterable[ActorMention], text: str) -> list[ActorMention]:
    """groups(mentions, text)[0] ([] for no mentions), reading mentions only as far as that
    group goes: a trigger's object is the group right after it, whatever follows."""
    group: list[ActorMention] = []
    last_joint = ""
    for mention in mentions:
        if group:
            joint = JOINT.match(text[group[-1].end : mention.start])
            if not joint:
                break
            last_joint = "and" if (joint[2] or joint[3]) else ","
        group.append(mention)
    return group[:1] if last_joint == "," else group


def final_group(mentions: Sequence[ActorMention], text: str) -> list[ActorMention]:
    """groups(mentions, text)[-1] ([] for no mentions), read backwards from the last mention:
    a verb's subject is the group right before it, whatever precedes."""
    if not mentions:
        return []
    group = [mentions[-1]]
    last_joint = ""
    for mention in reversed(mentions[:-1]):
        joint = JOINT.match(text[mention.end : group[-1].start])
        if not joint:
            break
        last_joint = last_joint or ("and" if (joint[2] or joint[3]) else ",")
        group.append(mention)
    if last_joint == ",":
        return group[:1]  # a list never ends on a bare comma
    group.reverse()
    return group


def distinct(mentions: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    if len(mentions) < 2:
        return tuple(mentions)
    seen: dict[str, ActorMention] = {}
    for mention in mentions:
        seen.setdefault(mention.key, mention)
    return tuple(seen.values())


def place_for(places: Sequence[PlaceMention], span: Span, type_: str, near: int) -> str | None:
    """Where: a place named with "in"/"at" (or "to" for a visit) in the clause, near the event."""
    if not places:
        return None  # most sentences name none
    inside = [p for p in places if span.start <= p.start < span.end and p.start < near + 70]
    if type_ == "visit":
        target = [
            p for p in inside if p.start > near - 70 and p.preposition in ("to", "in", "into")
        ]
        if target:
            return target[0].name
    for preposition in ("in", "at"):
        hits = [p for p in inside if p.preposition == preposition]
        if hits:
            return hits[-1].name if preposition == "in" else hits[0].name
    return None


def place_country(name: str) -> str | None:
    """The country a place is in: "Tel Aviv" -> "Israel"."""
    entry = lexicon().entries.get(name)
    return entry.country if entry is not None else None


def could_be_noun(phrase: str) -> bool:
    """ "the two leaders agreed": a past tense is a verb, whatever stands before it."""
    first = phrase.split(" ", 1)[0]
    return not (first.endswith("ed") or first in VERB_ONLY)


def owner_of(text: str, start: int, mentions: Sequence[ActorMention], clause: Span) -> tuple:
    """The actor a noun trigger belongs to: "Iran's attack", "the Iranian attack"."""
    for m in reversed(mentions):
        if m.end > start or m.start < clause.start:
            continue
        if start - m.end > 25:
            break
        if m.modifier or POSSESSIVE_AFTER.match(text, m.end):
            return (m,)
    return ()


def side_of(mention: ActorMention) -> str:
    """Which party an actor stands for: a person for their country, when known."""
    actor = mention.actor
    if actor.kind == "person" and actor.country:
        return "state:" + actor.country.lower()
    return mention.key


def without_own_countries(members: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    """Drop a state when one of its people stands for it: "Austin, Gallant", not "+ US, Israel"."""
    if len(members) < 2:
        return tuple(members)
    represented = {m.actor.country for m in members if m.actor.kind == "person"}
    kept = [m for m in members if not (m.actor.kind == "state" and m.actor.name in represented)]
    return tuple(kept)


def state_of(country: str | None, at: int) -> ActorMention | None:
    if not country:
        return None
    entry = lexicon().entries.get(country)
    if entry is None or entry.kind != "state":
        return None
    return ActorMention(at, at, entry.key, state_actor(entry.name))


def is_modal(before_text: str, before_lower: str) -> bool:
    """ "will travel", "plans to meet", "which had vetoed": not (yet) news of its own."""
    return bool(
        MODAL_BEFORE.search(before_text, before_lower)
        or RELATIVE_PERFECT.search(before_text, before_lower)
    )


@dataclass(slots=True)
class TextIndex:
    """A text's actor mentions, places and trigger matches in order of start, listed once for
    all its sentences: each sentence takes its share by bisection."""

    text: str
    lowered: str  # lowercase(text)
    mentions: list[ActorMention]  # every actor named, modifiers ("Iranian") too
    starts: list[int]
    # reach[i]: the furthest end of mentions[:i]; a trigger inside a name lies before it.
    reach: list[int]
    actors: list[ActorMention]  # the mentions that are not modifiers
    actor_starts: list[int]
    places: list[PlaceMention]
    place_starts: list[int]

    @classmethod
    def of(
        cls,
        text: str,
        lowered: str,
        mentions: list[ActorMention],
        places: list[PlaceMention],
    ) -> TextIndex:
        reach = [0]
        for mention in mentions:
            reach.append(max(reach[-1], mention.end))
        actors = [m for m in mentions if not m.modifier]
        return cls(
            text,
            lowered,
            mentions,
            [m.start for m in mentions],
            reach,
            actors,
            [a.start for a in actors],
            places,
            [p.start for p in places],
        )


def triggers_in(index: TextIndex, sentence: Sentence, triggers: Sequence[re.Match]) -> list:
    """The sentence's triggers (the lexicon's matches in the sentence) that are neither quoted
    words nor part of a name."""
    starts = index.starts
    lo = bisect.bisect_left(starts, sentence.start)
    if index.reach[lo] <= sentence.start:
        # No name before the sentence reaches into it: a trigger at `at` is inside a name when
        # the names that start at or before it reach past it.
        reach = index.reach
        kept = [
            m for m in triggers if reach[bisect.bisect_right(starts, m.start(), lo)] <= m.start()
        ]
    else:  # only the sentence's own names count
        hi = bisect.bisect_left(starts, sentence.end)
        kept = [
            m
            for m in triggers
            if not any(a.start <= m.start() < a.end for a in index.mentions[lo:hi])
        ]
    # Most sentences hold no quotation mark: skip the quote search there.
    if kept and ('"' in sentence.text or "“" in sentence.text):
        quotes = [m.span() for m in QUOTE.finditer(index.text, sentence.start, sentence.end)]
        kept = [m for m in kept if not any(a <= m.start() < b for a, b in quotes)]
    return kept


def find_in_sentence(
    index: TextIndex,
    sentence: Sentence,
    last_group: tuple[ActorMention, ...],
    triggers: Sequence[re.Match],
) -> list[Found]:
    """Every event a sentence states, with its actors and place (dates come later).

    triggers are the lexicon's matches in index.lowered that start inside the sentence."""
    text, lowered = index.text, index.lowered
    triggers = triggers_in(index, sentence, triggers)
    if not triggers:
        return []
    mentions = index.mentions[
        bisect.bisect_left(index.starts, sentence.start) : bisect.bisect_left(
            index.starts, sentence.end
        )
    ]
    # Only the sentence's places can be an event's place.
    places = index.places[
        bisect.bisect_left(index.place_starts, sentence.start) : bisect.bisect_left(
            index.place_starts, sentence.end
        )
    ]
    a_lo = bisect.bisect_left(index.actor_starts, sentence.start)
    a_hi = bisect.bisect_left(index.actor_starts, sentence.end)
    actors = index.actors[a_lo:a_hi]
    actor_starts = index.actor_starts[a_lo:a_hi]
    lex = lexicon()
    clauses = split_clauses(text, Span(sentence.start, sentence.end), lowered)
    found: list[Found] = []
    consumed_until = -1
    content_until = -1
    previous_agent: dict[int, tuple[ActorMention, ...]] = {}
    speaker: tuple[ActorMention, ...] = ()  # the latest agent in the sentence
    for match in triggers:
        phrase = match[0].lower()
        type_ = lex.triggers[phrase].type
        if match.start() < consumed_until:
            continue  # the object of the trigger before: "canceled a visit", "warned against an offensive"
        if phrase in NEEDS_WEAPON and not WEAPON_AFTER.match(text, match.end()):
            continue  # "sent" an envoy, "fired" a minister: only weapons make an attack
        if type_ == "attack" and (
            FIGURATIVE.match(text, match.end())
            or REHEARSAL_BEFORE.search(text, max(0, match.start() - 30), match.start())
        ):
            continue
        begin = max(sentence.start, match.start() - 40)
        before_text = text[begin : match.start()]
        before_lower = lowered[begin : match.start()]
        if NEGATED_BEFORE.search(before_text, before_lower):
            continue
        if phrase.endswith("ed") and ATTRIBUTIVE_BEFORE.search(before_text, before_lower):
            continue  # "the canceled consultations", "a planned visit": adjectives, not events
        # "The United States, which had vetoed three texts, abstained": a relative clause's
        # past perfect is background unless it carries its own date (then it is news).
        modal = None  # searched for only when needed: most triggers are dropped before
        if match.start() < content_until:
            modal = is_modal(before_text, before_lower)
            if type_ != "sanction" or modal:
                continue  # what was agreed, urged or warned of; a sanction decided is news
        if type_ == "demand" and NOT_TO.match(text, match.end(), sentence.end):
            type_ = "warning"
        at = match.start()
        if len(clauses) == 1 and clauses[0].start <= at < clauses[0].end + 1:
            clause = clauses[0]  # most sentences are one clause
        else:
            clause = next(c for c in clauses if c.start <= at < c.end + 1)
        in_clause = actors[
            bisect.bisect_left(actor_starts, clause.start) : bisect.bisect_left(
                actor_starts, clause.end
            )
        ]
        after = first_group(
            (
                a
                for a in in_clause
                if a.start >= match.end()
                # "Israel's plans" is not who was met; "condemned Iran's attack" is whom.
                and (
                    not POSSESSIVE_AFTER.match(text, a.end)
                    or not text[match.end() : a.start].strip()
                )
            ),
            text,
        )
        # The object stands right after the trigger ("met Blinken", "met with ... Blinken");
        # a visit's only when it is the very next word ("visited Netanyahu", not "to Israel, X").
        reach = 3 if type_ == "visit" else 45
        patient = tuple(after) if after and after[0].start - match.end() <= reach else ()
        if (
            phrase in TOPIC_VERBS
            and patient
            and not WITH_BEFORE.search(text, match.end(), patient[0].start)
        ):
            patient = ()  # "discussed support for Ukraine": a topic, not a participant
        if type_ == "statement" and REFLEXIVE_AFTER.match(text, match.end()):
            continue  # "declared himself head of a council": a self-appointment, not a statement
        if type_ in ("meeting", "call") and not patient:
            # "talks that ran for four days between X and Y": the two sides of the talks.
            between = BETWEEN_AFTER.search(text, match.end(), clause.end)
            if between:
                sides = groups([a for a in in_clause if a.start >= between.end()], text)
                if sides and sides[0][0].start - between.end() <= 30:
                    patient = tuple(sides[0])
        if phrase in WELCOMING and (not patient or patient[0].start - match.end() > 20):
            patient = ()
            type_ = "statement"  # "welcomed the decision": a reaction, not a guest received
        coordinated = False
        date_from = None
        if SAME_DAY_BEFORE.search(
            text, lowered, max(sentence.start, clause.start - 20), clause.start
        ):
            # "only hours after he had met Blinken": the day of the clause before.
            date_from = next((c for c in reversed(clauses) if c.end <= clause.start), None)
        nominal = (
            type_ != "statement"
            and could_be_noun(phrase)
            and bool(NOMINAL_BEFORE.search(before_text, before_lower))
            and not HELD_BEFORE.search(before_text, before_lower)
        )
        if type_ in TAKES_CONTENT and not nominal:
            content_until = clause.end  # what was agreed, urged or warned of ("the accord" is not)
        if type_ != "statement" and not nominal:
            # A verb's object is not news of its own: "canceled a visit", "warned against an
            # offensive"; a noun ("the talks had been delayed") takes nothing.
            consumed_until = (
                match.end() + 1 + len(" ".join(text[match.end() : match.end() + 60].split()[:4]))
            )
        if nominal and BACKGROUND_BEFORE.search(before_text, before_lower):
            continue  # "the anniversary of Russia's invasion": history, not news
        if nominal and type_ == "attack" and AFTERMATH_BEFORE.search(before_text, before_lower):
            continue  # "hours after the Iranian attack", "condemning Iran's attack": told elsewhere
        if nominal:
            agent = owner_of(text, match.start(), mentions, clause)
            if not agent and (type_ in ("meeting", "call") and patient or type_ == "sanction"):
                # "X announced, after a round of talks with Y": X took part; "EU leaders agreed
                # to widen the bloc's restrictive measures": the EU decided them.
                agent = speaker
        else:
            agent = tuple(final_group([a for a in in_clause if a.end <= match.start()], text))
            window = text[clause.start : match.start()]
            if phrase.split()[0].endswith("ing") and PARTICIPLE_JOIN.search(before_text):
                # "imposed sanctions on Niger, freezing assets and closing borders": the doer
                # is the main verb's, never the object just named; the same kind of act is
                # the main verb's detail, not news of its own.
                if found and found[-1].type == type_:
                    continue
                agent = speaker
            elif RELATIVE_START.match(window) and RELATIVE_CLOSED.search(window):
                # "Tinubu, who chairs ECOWAS, said": the head of the relative clause speaks.
                earlier = [a for a in actors if a.end <= clause.start]
                agent = tuple(groups(earlier, text)[-1]) if earlier else ()
            coordinated = bool(
                COORDINATED_VERB.search(text, max(clause.start, match.start() - 30), match.start())
            )
            if coordinated:
                agent = previous_agent.get(clause.start, agent)
                if not agent:
                    # "Wang Yi called the accord a victory and said ...": the sentence's subject.
                    earlier = [a for a in actors if sentence.start <= a.start < clause.start]
                    agent = tuple(groups(earlier, text)[0]) if earlier else ()
            elif PASSIVE_BEFORE.search(text, max(clause.start, match.start() - 20), match.start()):
                # "had been called off": the doer is "by X" or, unsaid, whoever announced it.
                by = re.match(r"\s+by\s", text[match.end() : match.end() + 5])
                if by:
                    agent = patient
                elif type_ == "cancellation":
                    agent = tuple(next(iter(groups(actors, text)), ()))
                    if agent:
                        date_from = next(
                            (c for c in clauses if c.start <= agent[0].start < c.end + 1), None
                        )
                else:
                    agent = ()
                patient = ()
            elif not agent and RELATIVE_START.match(window):
                # "Biden, who had spoken with Netanyahu": the clause hangs on the actor before it.
                earlier = [a for a in actors if a.end <= clause.start]
                agent = tuple(groups(earlier, text)[-1]) if earlier else ()
            if not agent and type_ == "attack":
                # "Russian missiles struck port facilities in Odesa": the state whose weapons
                # or forces struck, against the country of the place struck.
                armed = [
                    m
                    for m in mentions
                    if m.modifier
                    and clause.start <= m.start < match.start()
                    and m.actor.kind == "state"
                    and FORCES_AFTER.match(text, m.end)
                ]
                if armed:
                    agent = (armed[-1],)
                    target = next((p for p in places if match.end() <= p.start < clause.end), None)
                    struck = state_of(place_country(target.name), target.start) if target else None
                    if not patient and struck and struck.key != armed[-1].key:
                        patient = (struck,)
            if (
                not agent
                and PLURAL_REFERENCE.search(window, lowered[clause.start : match.start()])
                and last_group
            ):
                agent = last_group
            if agent:
                previous_agent[clause.start] = agent
        if type_ == "statement" and not agent:
            if PRONOUN_BEFORE.search(before_text, before_lower):
                continue  # "As a result, it said, X would not travel": X is what was said
            agent, patient = patient, ()
        if agent and not nominal and (not speaker or any(m.actor.kind == "person" for m in agent)):
            speaker = agent  # the latest person who did something in this sentence
        if (
            type_ == "meeting"
            and len(agent) >= 2
            and patient
            and patient[0].start - match.end() > 15
        ):
            patient = ()  # "the two leaders discussed the war and the NATO summit": a topic
        if (
            phrase in VERBAL_ATTACK
            and patient
            and all(m.actor.kind == "person" for m in (*agent, *patient))
            and not WEAPON_AFTER.match(text, match.end(), clause.end)
        ):
            type_ = "criticism"  # "used a rally to attack the prime minister": words, not arms
        if type_ == "statement":
            members = agent
        elif type_ == "cooperation":
            # Cooperation is told through adjectives: "American and Israeli personnel".
            states = [m for m in mentions if clause.start <= m.start < clause.end]
            members = tuple(sorted([*agent, *patient, *states], key=lambda m: m.start))
        else:
            members = agent + patient
        members = distinct(members)
        if type_ != "agreement":
            members = without_own_countries(members)
        near = patient[-1].end if patient else match.end()
        # "discussed the war in Gaza": a topic's place, not the meeting's.
        location = None if phrase in TOPIC_VERBS else place_for(places, clause, type_, near)
        if type_ == "visit":
            if location is None and patient and patient[0].actor.kind == "state":
                location = patient[0].actor.name
            host = state_of(place_country(location) if location else None, match.start())
            visitors = [m for m in members if m.actor.kind != "state"] or list(agent[:1])
            if location is None or host is None or not visitors:
                continue
            if all(v.actor.country == host.actor.name for v in visitors):
                continue  # going home is not a visit
            members = distinct([*visitors, host])
        if type_ == "agreement":
            if len(members) == 1 and speaker and speaker != agent:
                members = distinct([*members, *speaker])  # "He said Israel had agreed"
            countries = [state_of(m.actor.country, m.start) for m in members]
            members = distinct([*members, *(c for c in countries if c)])
            if len({side_of(m) for m in members}) < 2 and agent:
                # "EU leaders agreed to open negotiations with Ukraine and Moldova": the
                # parties the content names after "with" or "for".
                partner = PARTNER_AFTER.search(text, match.end(), clause.end)
                if partner:
                    later = [a for a in in_clause if a.start >= partner.end()]
                    joined = groups(later, text)
                    if joined and joined[0][0].start - partner.end() <= 30:
                        members = distinct([*members, *joined[0]])
            if len({side_of(m) for m in members}) < 2:
                continue  # "Peskov said the deal was finished": one side agrees with nobody
        if not agent and type_ not in SYMMETRIC:
            continue
        organisations = any(m.actor.kind == "organization" for m in members)
        if type_ == "call" and all(m.actor.kind == "organization" for m in agent or members):
            type_ = "meeting"  # "G7 leaders ... during a video call": a conference
        needed = lex.types[type_]["min_actors"]
        if len(members) < needed and not (type_ == "meeting" and organisations and members):
            continue
        found.append(
            Found(
                type_,
                Span(match.start(), match.end()),
                members,
                agent,
                patient,
                location,
                phrase,
                nominal,
                clause,
                modal,  # None unless read above: read when the date needs it
                coordinated,
                date_from,
                (before_text, before_lower),
            )
        )
    if len(found) < 2:
        return found  # the rules below choose between events of one sentence
    speakers: set[tuple[str, ...]] = set()
    for f in [f for f in found if f.type == "statement"]:
        # "thanked the leaders and said ...": one speaker's words in a sentence, one statement.
        who = tuple(m.key for m in f.actors)
        if who in speakers:
            found.remove(f)
        speakers.add(who)
    if any(f.type != "statement" for f in found):
        # "X said Y met Z" reports the meeting; the saying is not news of its own.
        found = [f for f in found if f.type != "statement"]
    if any(f.type != "meeting" for f in found):
        # "ECOWAS leaders meeting in Abuja imposed sanctions": the meeting is the setting of
        # what its members did there.
        found = [
            f
            for f in found
            if not (f.type == "meeting" and f.phrase == "meeting" and not f.nominal)
            or not any(g.type != "meeting" and g.agent == f.agent for g in found)
        ]
    if any(f.type == "meeting" and f.agent and person_in(f.actors) for f in found):
        # "met on the sidelines of the G7 summit": the summit is the meeting's setting.
        found = [f for f in found if f.type != "meeting" or person_in(f.actors)]
    return found


def person_in(mentions: Sequence[ActorMention]) -> bool:
    return any(m.actor.kind == "person" for m in mentions)


def caption_meeting(
    text: str, sentence: Sentence, actors: list[ActorMention], places: list[PlaceMention]
) -> Found | None:
    """Two people of different countries pictured together make a meeting."""
    people = distinct([a for a in actors if a.actor.kind == "person"])
    countries = {p.actor.country for p in people}
    if len(people) < 2 or len(countries) < 2:
        return None
    between = text[people[0].end : people[1].start]
    if not CAPTION_TOGETHER.search(between) and not JOINT.match(between):
        return None
    location = place_for(places, Span(sentence.start, sentence.end), "meeting", sentence.end)
    return Found(
        "meeting",
        Span(people[0].start, people[1].end),
        people,
        people[:1],
        people[1:],
        location,
        clause=Span(sentence.start, sentence.end),
    )
