"""Per-event fragments of an output, rendered once and kept by a hash of what they are made of.

An exporter that writes one self-contained piece per event (a VEVENT, a TimelineJS slide) renders
it through `rendered()`. Given a FragmentStore, only the events whose content, or whose sources'
articles, changed are rendered and the bytes of the others are copied; without one, every event
is rendered, with the same result.

`timeline build` hands no store. Until cache format 2 it kept every fragment in the SQLite cache;
measured at 10,000 articles (58,000 events, the fast renderers), filling it cost a cold build
13 s CPU and 300 MB of disk, and a rebuild saved 0.5 s by it (a rowid table: +5 s, -1.5 s):
rendering is about as fast as finding, reading and hashing the stored bytes. A rebuild that
writes only what changed has to splice the previous outputs instead (see benchmarks/build.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from timeline.models import Event, Timeline

# Events looked up in the store at once: bounds the bytes held, keeps queries few.
BLOCK = 512


class FragmentStore(Protocol):
    """Bytes by key. `salt` identifies the code that renders them: other code, other keys."""

    salt: bytes
    # The events' content digests, shared by the formats of one build (by id(): the timeline
    # holds its events for the whole build). Any dict; the store only keeps it.
    digests: dict[int, bytes]

    def get(self, keys: list[bytes]) -> dict[bytes, bytes]: ...

    def put(self, items: dict[bytes, bytes]) -> None: ...


class FragmentKeys:
    """The key of an event's fragment in one format: the format, the rendering code, the event's
    content and its sources' articles (the feeds show their names, dates and links)."""

    def __init__(self, kind: str, timeline: Timeline, store: FragmentStore) -> None:
        self.prefix = kind.encode() + b"\0" + store.salt + b"\0"
        self._articles = {a.id: a for a in timeline.articles}
        self._article_json: dict[str, bytes] = {}
        self._digests = store.digests

    def __call__(self, event: Event, extra: bytes = b"") -> bytes:
        content = self._digests.get(id(event))
        if content is None:
            digest = hashlib.blake2b(digest_size=20)
            digest.update(event.model_dump_json().encode("utf-8"))
            for source in event.sources:
                digest.update(b"\0" + self._article(source.article))
            content = self._digests[id(event)] = digest.digest()
        return hashlib.blake2b(self.prefix + extra + b"\0" + content, digest_size=20).digest()

    def _article(self, article_id: str) -> bytes:
        known = self._article_json.get(article_id)
        if known is None:
            article = self._articles.get(article_id)
            known = article.model_dump_json().encode("utf-8") if article else b"-"
            self._article_json[article_id] = known
        return known


def rendered(
    events: Iterable[Event],
    render: Callable[[Event], bytes],
    store: FragmentStore | None,
    key: Callable[[Event], bytes] | None,
) -> Iterator[bytes]:
    """Each event's fragment, in order: from the store when it has it, else rendered (and kept)."""
    if store is None or key is None:
        for event in events:
            yield render(event)
        return
    block: list[Event] = []
    for event in events:
        block.append(event)
        if len(block) == BLOCK:
            yield from _rendered_block(block, render, store, key)
            block = []
    yield from _rendered_block(block, render, store, key)


def _rendered_block(
    block: list[Event],
    render: Callable[[Event], bytes],
    store: FragmentStore,
    key: Callable[[Event], bytes],
) -> Iterator[bytes]:
    if not block:
        return
    keys = [key(event) for event in block]
    known = store.get(keys)
    new: dict[bytes, bytes] = {}
    for event, k in zip(block, keys, strict=True):
        data = known.get(k)
        if data is None:
            data = new.get(k)
        if data is None:
            data = new[k] = render(event)
        yield data
    if new:
        store.put(new)
