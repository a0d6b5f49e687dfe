"""Titles a person can read in a feed: "Gallant meets Blinken in Tel Aviv"."""

from __future__ import annotations

import re
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
COMPLEMENT_END = re.compile(r"[,;:.!?()“”\"]|\s[—–]\s|\s(?:while|as|after|before|but|because)\s")
TITLE_WORDS = 9


def display_name(actor: Actor) -> str:
    """How a title names an actor: surnames for people, short names for states."""
    if actor.kind == "person":
        parts = actor.name.split()
        if len(parts) > 1 and not PARTICLES & set(parts) and parts[0] not in ("King", "Pope"):
            return parts[-1]
        return actor.name
    return SHORT_NAMES.get(actor.name, actor.name)


def join_names(actors: list[Actor]) -> str:
    names = [display_name(a) for a in actors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def complement(text: str, end: int, limit: int) -> str:
    """The words after a trigger, up to the end of its phrase: "against a ground offensive in Gaza"."""
    stop = COMPLEMENT_END.search(text, end, limit)
    words = text[end : stop.start() if stop else limit].split()
    if words and words[0].lower() in ("that", "to", "on") and len(words) > 1:
        words = words[1:] if words[0].lower() == "that" else words
    phrase = " ".join(words[:TITLE_WORDS])
    return phrase + ("…" if len(words) > TITLE_WORDS else "")


def reported_content(text: str, found: Found, sentence: Sentence) -> str:
    """What a statement said: the clause after "said", or the sentence before ", X said"."""
    after = complement(text, found.trigger.end, sentence.end)
    if len(after.split()) >= 3 and not after.lower().startswith(("in a statement", "on ", "in ")):
        return after
    agent_start = found.agent[0].start if found.agent else found.trigger.start
    head = text[sentence.start : agent_start].strip(' ,“”"')
    words = head.split()
    if len(words) >= 3:
        phrase = " ".join(words[:TITLE_WORDS])
        return phrase + ("…" if len(words) > TITLE_WORDS else "")
    return ""


def event_title(text: str, found: Found, sentence: Sentence) -> str:
    """One line: who does what to whom (or about what), and where."""
    spec = lexicon().types[found.type]
    verb = spec["title_verb"]
    actors = [m.actor for m in found.actors]
    agent = [m.actor for m in found.agent] or actors[:1]
    others = [a for a in actors if a not in agent]
    where = f" in {found.location}" if found.location else ""
    if found.type in ("meeting", "call", "agreement"):
        if not others and len(agent) > 1:
            agent, others = agent[:1], agent[1:]
        return f"{join_names(agent)} {verb} {join_names(others)}{where}".strip()
    if found.type == "visit":
        target = found.location or join_names(others)
        extra = f" and meets {join_names(others)}" if others and found.location else ""
        return f"{join_names(agent)} visits {target}{extra}"
    if found.type == "statement":
        said = reported_content(text, found, sentence)
        if said:
            return f"{join_names(agent)} says {said}"
        return f"{join_names(agent)} issues a statement"
    if others:
        return f"{join_names(agent)} {verb} {join_names(others)}{where}"
    rest = complement(text, found.trigger.end, sentence.end)
    verb = verb.removesuffix(" with")
    return f"{join_names(agent)} {verb} {rest}".strip()
