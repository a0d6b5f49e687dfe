"""Extract diplomatic events from one article (walking-skeleton version)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from timeline.models import ArticleText, Event, EventDate, Mention, Source

TRIGGERS = {
    "meeting": re.compile(r"\b(met|meets|meeting|talks)\b", re.IGNORECASE),
    "visit": re.compile(r"\b(visit|visited|visits|arrived)\b", re.IGNORECASE),
    "cancellation": re.compile(r"\b(cancel(?:l?ed|s)?|called off|postponed)\b", re.IGNORECASE),
    "statement": re.compile(r"\b(said|says|stated)\b", re.IGNORECASE),
}
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def event_id(type_: str, start: dt.date, key: str) -> str:
    digest = hashlib.sha256(f"{type_}|{start.isoformat()}|{key}".encode()).hexdigest()
    return "e" + digest[:15]


def extract_events(doc: ArticleText, mentions: list[Mention]) -> list[Event]:
    """Events stated in the article body, each dated by a mention in its sentence."""
    events: list[Event] = []
    for sentence in SENTENCE.finditer(doc.body):
        type_ = next((t for t, rx in TRIGGERS.items() if rx.search(sentence[0])), None)
        if type_ is None:
            continue
        inside = [
            m for m in mentions if sentence.start() <= m.start < sentence.end() and m.date_start
        ]
        if not inside:
            continue
        m = inside[0]
        evidence = sentence[0].strip()
        events.append(
            Event(
                id=event_id(type_, m.date_start, evidence),
                type=type_,
                title=evidence[:80],
                summary=evidence,
                date=EventDate(
                    start=m.date_start,
                    end=m.date_end or m.date_start,
                    granularity=m.granularity or "day",
                    timex=m.value,
                    basis=m.basis,
                    expression=m.text,
                    anchor=m.anchor,
                ),
                sources=[Source(article=doc.article.id, evidence=evidence)],
            )
        )
    return events
