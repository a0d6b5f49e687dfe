"""Titles a person can read in a feed: "Gallant meets Blinken in Tel Aviv"."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from timeline.events.lexicon import lexicon
from timeline.models import Actor

if TYPE_CHECKING:
    from timeline.events.extract import Found
    from timeline.events.text import Sentence

SHORT_NAMES = {
    "United States": "US",
    "United Kingdom": "UK",
    "United Arab Emirates": "UAE",
    "European Union": "EU",
    "United Nations": "UN",
}
PARTICLES = {"al", "bin", "ibn", "von", "van", "der", "de", "da", "el", "II", "III", "Jr."}
# Where the words after a trigger stop being its complement.
COMPLEMENT_END = re.compile(
    r"[,;:.!?()“”\"]|\s[—–]\s|\s(?:while|as|after|before|but|because)\s|"
    r"\sand\s+(?:also\s+)?(?:said|says|added|told|called|warned|urged|vowed|promised)\b"
)
TITLE_WORDS = 9
OBJECT_START = re.compile(r"(?i)(?:on|against|of|to|with|at)\s")
LEADING_TIME = re.compile(
    r"(?i)\s*(?:(?:on|last|this|late on|early on)\s+\w+day|today|yesterday|overnight|"
    r"on\s+\w+\.?\s+\d{1,2}(?:,\s*\d{4})?)\b"
)
# "rejected the demand on Monday": the date is shown apart from the title.
TRAILING_TIME = re.compile(
    r"(?i)\s+(?:(?:on|last|this|late on|early on)\s+\w+day|yesterday|today|overnight|"
    r"within (?:hours|days)|later that day|that evening)\s*$"
)
# "told reporters on Friday that ...": what was said starts after "that".
THAT = re.compile(r"\bthat\s")
PRESENT = {"launched": "launches", "fired": "fires", "sent": "sends", "shot down": "shoots down"}
# Statements that react to something rather than report words: titled with their own verb.
REACTIONS = {
    "welcomed": "welcomes",
    "welcomes": "welcomes",
    "congratulated": "congratulates",
    "congratulates": "congratulates",
    "thanked": "thanks",
    "thanks": "thanks",
    "praised": "praises",
    "praises": "praises",
    "hailed": "hails",
    "hails": "hails",
}
LOWERABLE = frozenset(
    {"The", "A", "An", "This", "That", "These", "Those", "It", "Its", "We", "Our", "They", "There"}
)


def display_name(actor: Actor) -> str:
    """How a title names an actor: surnames for people, short names for states."""
    return _display_name(actor.kind == "person", actor.name)


@lru_cache(maxsize=4096)  # the same few hundred names recur in the titles of every article
def _display_name(person: bool, name: str) -> str:
    if person:
        entry = lexicon().entries.get(name)
        if entry is not None and (entry.display or entry.surname):
            return entry.display or entry.surname
        parts = name.split()
        if len(parts) > 1 and not PARTICLES & set(parts) and parts[0] not in ("King", "Pope"):
            return parts[-1]
        return name
    return SHORT_NAMES.get(name, name)


def join_names(actors: list[Actor]) -> str:
    names = [display_name(a) for a in actors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def complement(text: str, end: int, limit: int) -> str:
    """The words after a trigger, up to the end of its phrase: "against a ground offensive in Gaza"."""
    lead = LEADING_TIME.match(text, end, limit)
    if lead:
        end = lead.end()  # "imposed sanctions on Thursday on a network": the date is shown apart
    stop = COMPLEMENT_END.search(text, end, limit)
    words = TRAILING_TIME.sub("", text[end : stop.start() if stop else limit]).split()
    if words and words[0].lower() in ("that", "to", "on") and len(words) > 1:
        words = words[1:] if words[0].lower() == "that" else words
    phrase = " ".join(words[:TITLE_WORDS])
    return phrase + ("…" if len(words) > TITLE_WORDS else "")


def reported_content(text: str, found: Found, sentence: Sentence) -> str:
    """What a statement said: the clause after "said", or the sentence before ", X said"."""
    start = found.trigger.end
    that = THAT.search(text, start, min(sentence.end, start + 60))
    after = complement(text, that.end() if that else start, sentence.end)
    if len(after.split()) >= 3 and not after.lower().startswith(("in a statement", "on ", "in ")):
        return after
    agent_start = found.agent[0].start if found.agent else found.trigger.start
    head = text[sentence.start : agent_start].strip(' ,“”"')
    words = head.split()
    if len(words) >= 3:
        phrase = " ".join(words[:TITLE_WORDS])
        return phrase + ("…" if len(words) > TITLE_WORDS else "")
    return ""


def conjugate(verb: str, subject: list[Actor]) -> str:
    """ "meets" for one actor, "meet" for several."""
    if len(subject) < 2:
        return verb
    first, _, rest = verb.partition(" ")
    first = first[:-2] if first.endswith(("ches", "shes", "sses")) else first.removesuffix("s")
    return " ".join(filter(None, [first, rest]))


def sentence_case(phrase: str) -> str:
    """Lower a capital that only began the reported sentence: "The attack" -> "the attack"."""
    first, _, rest = phrase.partition(" ")
    if first in LOWERABLE:
        return " ".join(filter(None, [first.lower(), rest]))
    return phrase


def event_title(text: str, found: Found, sentence: Sentence) -> str:
    """One line: who does what to whom (or about what), and where."""
    spec = lexicon().types[found.type]
    actors = [m.actor for m in found.actors]
    # Actors are equal when their fields are: pydantic's == without its checks on every call.
    fields = [a.__dict__ for a in actors]
    agent = [m.actor for m in found.agent if m.actor.__dict__ in fields] or actors[:1]
    agent_fields = [a.__dict__ for a in agent]
    others = [a for a in actors if a.__dict__ not in agent_fields]
    where = f" in {found.location}" if found.location else ""
    if found.type == "agreement":
        # States and organisations are the parties; people sign for them.
        bodies = [a for a in actors if a.kind != "person"]
        parties = bodies if len(bodies) >= 2 else actors
        return f"{join_names(parties)} {conjugate('reaches', parties)} an agreement{where}"
    verb = conjugate(spec["title_verb"], agent)
    if found.type in ("meeting", "call"):
        if not others and len(agent) > 1:
            agent, others = agent[:1], agent[1:]
            verb = spec["title_verb"]
        if not others:
            return f"{join_names(agent)} {conjugate('holds', agent)} a meeting{where}"
        if found.type == "meeting" and all(a.kind == "state" for a in others):
            # One meets people; with a state one holds talks.
            talks = f"{conjugate('holds', agent)} talks with"
            return f"{join_names(agent)} {talks} {join_names(others)}{where}"
        return f"{join_names(agent)} {verb} {join_names(others)}{where}"
    if found.type == "visit":
        target = found.location or join_names(others)
        hosts = [a for a in others if a.kind != "state"]  # the host country is the place
        extra = f" and meets {join_names(hosts)}" if hosts and found.location else ""
        return f"{join_names(agent)} {conjugate('visits', agent)} {target}{extra}"
    if found.type == "statement" and found.phrase in REACTIONS:
        # "welcomed the decision", "congratulated Lai": the reaction is the news.
        verb = conjugate(REACTIONS[found.phrase], agent)
        whom = [m.actor for m in found.patient]
        what = join_names(whom) or complement(text, found.trigger.end, sentence.end)
        return f"{join_names(agent)} {verb} {what}".strip()
    if found.type == "statement":
        said = reported_content(text, found, sentence)
        if found.phrase in ("announced", "announces", "unveiled"):
            verb = conjugate("announces", agent)
            said = complement(text, found.trigger.end, sentence.end)
        if said:
            return f"{join_names(agent)} {verb} {sentence_case(said)}"
        return f"{join_names(agent)} {conjugate('issues', agent)} a statement"
    if found.type == "cooperation" and found.nominal:
        # "Japanese and Philippine forces held joint naval drills": all take part.
        return f"{join_names(actors)} {conjugate('holds', actors)} {found.phrase}{where}"
    if others:
        return f"{join_names(agent)} {verb} {join_names(others)}{where}"
    rest = complement(text, found.trigger.end, sentence.end)
    if found.nominal and not OBJECT_START.match(rest):
        rest = (
            ""  # "Iran's attack in the firmest language": the words after a noun are not its object
        )
    if found.type == "sanction" and rest.lower().startswith(("on ", "against ")):
        return f"{join_names(agent)} {conjugate('imposes', agent)} sanctions {rest}"
    if not rest and found.type == "cancellation":
        return f"{join_names(agent)} {conjugate('announces', agent)} a cancellation{where}"
    verb = PRESENT.get(found.phrase, verb)  # "launched a barrage" -> "launches a barrage"
    return f"{join_names(agent)} {conjugate(verb.removesuffix(' with'), agent)} {rest}".strip()
