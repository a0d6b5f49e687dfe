"""The incremental merge (timeline/events/merge_state.py) gives exactly what merge_events over all
events gives, after any sequence of edits; `unchanged` only names events equal to the last
build's; a state it cannot trust means a full merge; and a rebuild uses the state end to end."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from builds import corpus_generator, from_scratch, outputs

from timeline.events import merge_state
from timeline.events.merge import merge_events
from timeline.events.merge_state import merge_files
from timeline.ingest import scan_input_files
from timeline.models import Event
from timeline.pipeline import analyse_file, build
from timeline.settings import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated articles: many outlets telling the same meetings with days, weekdays, weeks,
    months and dates inferred from publication, in single and multi-article files."""
    folder = tmp_path_factory.mktemp("generated")
    list(corpus_generator().generate(160, folder, seed=5, formats=["txt", "md", "jsonl"]))
    return folder


@pytest.fixture(scope="module")
def extracted(generated: Path) -> dict[str, list[Event]]:
    """Each file's events, as the pipeline extracts them."""
    return {
        item.rel: analyse_file(Path(item.path), generated).events
        for item in scan_input_files(generated)
    }


class Corpus:
    """Files of events under random edits; each edit gives the file a new digest."""

    def __init__(self, files: dict[str, list[Event]], spare: list[list[Event]], seed: int):
        self.rng = random.Random(seed)
        self.files = {path: (f"d{i}", events) for i, (path, events) in enumerate(files.items())}
        self.spare = spare
        self.edits = 0

    def results(self) -> list[tuple[str, str, list[Event]]]:
        return [(path, *self.files[path]) for path in sorted(self.files)]

    def all_events(self) -> list[Event]:
        return [e for _, _, events in self.results() for e in events]

    def _put(self, path: str, events: list[Event]) -> None:
        self.edits += 1
        self.files[path] = (f"e{self.edits}", events)

    def edit(self) -> str:
        rng = self.rng
        paths = sorted(self.files)
        kind = rng.choice(
            ["add", "delete", "replace", "redate", "redate", "actor", "copy", "drop", "unname"]
        )
        path = rng.choice(paths)
        events = list(self.files[path][1])
        other = self.files[rng.choice(paths)][1]
        if kind == "add" and self.spare:
            self._put(f"new/{self.edits:04d}.txt", self.spare.pop())
        elif kind == "delete" and len(paths) > 3:
            del self.files[path]
        elif kind == "replace":
            self._put(path, list(other))  # the same tellings twice: equal content keys
        elif kind == "copy" and other:
            self._put(path, [*events, rng.choice(other)])
        elif kind == "drop" and events:
            events.pop(rng.randrange(len(events)))
            self._put(path, events)
        elif kind == "actor" and events and other:
            i = rng.randrange(len(events))
            extra = [a for a in rng.choice(other).actors if a not in events[i].actors][:1]
            events[i] = events[i].model_copy(update={"actors": [*events[i].actors, *extra]})
            self._put(path, events)
        elif kind == "unname" and events:  # an event naming no actor is never linked
            i = rng.randrange(len(events))
            events[i] = events[i].model_copy(update={"actors": []})
            self._put(path, events)
        elif kind == "redate" and events:
            i = rng.randrange(len(events))
            events[i] = events[i].model_copy(update={"date": self._new_date(events[i])})
            self._put(path, events)
        return kind

    def _new_date(self, event: Event):
        """Another day, a week, a month or an inferred span near the event's own date."""
        rng = self.rng
        start = event.date.start + dt.timedelta(days=rng.randint(-4, 4))
        shape = rng.choice(["day", "week", "month", "inferred"])
        if shape == "day":
            fields = {"end": start, "granularity": "day", "basis": "explicit"}
        elif shape == "week":
            fields = {"end": start + dt.timedelta(days=6), "granularity": "week"}
            fields["basis"] = "relative"
        elif shape == "month":
            start = start.replace(day=1)
            last = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            fields = {"end": last, "granularity": "month", "basis": "explicit"}
        else:
            start -= dt.timedelta(days=3)
            fields = {"end": start + dt.timedelta(days=6), "granularity": "range"}
            fields["basis"] = "inferred"
        return event.date.model_copy(update={"start": start, **fields})


@pytest.mark.parametrize("seed", range(5))
def test_the_incremental_merge_is_the_full_merge_after_any_edits(extracted, seed, monkeypatch):
    """Every fifth build merges from scratch with the previous state (as after a large
    change): its unchanged events are checked the same way."""
    rng = random.Random(seed)
    paths = sorted(extracted)
    spare = [extracted[p] for p in paths if rng.random() < 0.2]
    kept = {p: extracted[p] for p in paths if not any(extracted[p] is s for s in spare)}
    corpus = Corpus(kept, spare, seed)
    first = merge_files(corpus.results(), None)
    assert first.events == merge_events(corpus.all_events())
    assert not first.incremental and first.unchanged == frozenset()
    previous, state, incremental = first.events, first.state, 0
    for step in range(30):
        kind = corpus.edit()
        if step % 5 == 4:
            with monkeypatch.context() as patched:
                patched.setattr(merge_state, "MIN_CHANGED_FILES", 0)
                outcome = merge_files(corpus.results(), state, max_changed_share=0.0)
        else:
            outcome = merge_files(corpus.results(), state, max_changed_share=1.0)
        assert outcome.events == merge_events(corpus.all_events()), (seed, step, kind)
        before = {e.id: e for e in previous}
        now = {e.id: e for e in outcome.events}
        for event_id in outcome.unchanged:
            assert now[event_id] == before[event_id], (seed, step, kind, event_id)
        incremental += outcome.incremental
        previous, state = outcome.events, outcome.state
    assert incremental >= 20  # the edits were re-decided, not merged from scratch


def test_an_unchanged_rebuild_keeps_every_event(extracted):
    results = [(path, f"d{i}", events) for i, (path, events) in enumerate(extracted.items())]
    first = merge_files(results, None)
    again = merge_files(results, first.state)
    assert again.incremental
    assert again.events == first.events
    assert again.unchanged == {e.id for e in first.events}


def test_one_changed_file_leaves_the_other_events_unchanged(extracted):
    results = [(path, f"d{i}", events) for i, (path, events) in enumerate(extracted.items())]
    first = merge_files(results, None)
    path, _, events = results[7]
    results[7] = (path, "edited", events[:-1])
    outcome = merge_files(results, first.state)
    assert outcome.incremental
    assert outcome.events == merge_events([e for _, _, evs in results for e in evs])
    # Most merged events are untouched by one file; the ones it told are not in `unchanged`.
    assert len(outcome.unchanged) > 0.8 * len(outcome.events)
    told = {(s.article, s.evidence) for e in events for s in e.sources}
    for event in outcome.events:
        if event.id in outcome.unchanged:
            assert not told & {(s.article, s.evidence) for s in event.sources}


@pytest.mark.parametrize(
    "state",
    [b"", b"not a state", b"\x00\x01\x02", "truncated", "other format", "other code"],
)
def test_a_state_it_cannot_trust_means_a_full_merge(extracted, state, monkeypatch):
    results = [(path, f"d{i}", events) for i, (path, events) in enumerate(extracted.items())]
    good = merge_files(results, None).state
    if state == "truncated":
        state = good[: len(good) // 2]
    elif state == "other format":
        monkeypatch.setattr(merge_state, "STATE_FORMAT", merge_state.STATE_FORMAT + 1)
        state = merge_files(results, None).state
        monkeypatch.undo()
    elif state == "other code":
        monkeypatch.setattr(merge_state, "code_version", lambda: "another merge")
        state = merge_files(results, None).state
        monkeypatch.undo()
    outcome = merge_files(results, state)
    assert not outcome.incremental
    assert outcome.unchanged == frozenset()
    assert outcome.events == merge_events([e for _, _, evs in results for e in evs])
    assert merge_files(results, outcome.state).incremental  # and a fresh state is left


def test_a_large_change_is_merged_from_scratch_and_still_tells_what_is_unchanged(extracted):
    results = [(path, f"d{i}", events) for i, (path, events) in enumerate(extracted.items())]
    first = merge_files(results, None)
    edited = [
        (path, f"x{i}", evs[1:]) if i % 3 == 0 else (path, digest, evs)
        for i, (path, digest, evs) in enumerate(results)
    ]
    outcome = merge_files(edited, first.state)
    assert not outcome.incremental
    assert outcome.events == merge_events([e for _, _, evs in edited for e in evs])
    # Events of the untouched files, merged as before, are still named, and only those.
    before = {e.id: e for e in first.events}
    now = {e.id: e for e in outcome.events}
    touched = {
        s.article
        for i, (_, _, evs) in enumerate(results)
        if i % 3 == 0
        for e in evs
        for s in e.sources
    }
    assert len(outcome.unchanged) > len(outcome.events) / 3
    for event_id in outcome.unchanged:
        assert now[event_id] == before[event_id]
        assert not {s.article for s in now[event_id].sources} & touched


def test_a_file_without_digest_is_always_merged_again(extracted):
    results = [(path, f"d{i}", events) for i, (path, events) in enumerate(extracted.items())]
    path, _, events = results[3]
    results[3] = (path, None, events)
    state = merge_files(results, None).state
    results[3] = (path, None, events[1:])  # the same (unknown) digest, other events
    outcome = merge_files(results, state)
    assert outcome.incremental
    assert outcome.events == merge_events([e for _, _, evs in results for e in evs])


@pytest.fixture
def small(generated: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(generated, folder)
    return folder


def test_a_rebuild_after_edits_uses_the_state_and_equals_a_buildfrom_scratch(small, tmp_path):
    out = tmp_path / "out"
    first = build(Settings(input_dir=small, out_dir=out))
    assert not first.report.merged_incrementally  # nothing to start from
    files = sorted(p for p in small.rglob("*.txt"))
    edited = files[5]
    edited.write_text(
        edited.read_text(encoding="utf-8")
        + "\nUpdate: Antony Blinken met Sameh Shoukry in Cairo on Monday.\n",
        encoding="utf-8",
    )
    files[9].unlink()
    shutil.copy(files[11], files[11].with_name("copy-" + files[11].name))
    rebuilt = build(Settings(input_dir=small, out_dir=out))
    assert rebuilt.report.merged_incrementally
    assert rebuilt.report.analysed == 2
    assert outputs(out) == from_scratch(small, tmp_path)


def test_a_build_killed_before_its_merge_leaves_a_state_the_next_one_can_use(
    small, tmp_path, monkeypatch
):
    """Rows of the changed files are stored before the merge; the old state names the old
    digests, so the next build sees those files as changed."""
    out = tmp_path / "out"
    build(Settings(input_dir=small, out_dir=out))
    edited = sorted(small.rglob("*.md"))[2]
    edited.write_text(edited.read_text(encoding="utf-8").replace(" on ", " on Friday, on ", 1))

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("timeline.pipeline.merge_files", killed)
    with pytest.raises(KeyboardInterrupt):
        build(Settings(input_dir=small, out_dir=out))
    monkeypatch.undo()
    rebuilt = build(Settings(input_dir=small, out_dir=out))
    assert rebuilt.report.merged_incrementally
    assert rebuilt.report.analysed == 0  # the killed build had stored the edited file's row
    assert outputs(out) == from_scratch(small, tmp_path)


def test_no_cache_mergesfrom_scratch(small, tmp_path):
    result = build(Settings(input_dir=small, out_dir=tmp_path / "out", use_cache=False))
    assert not result.report.merged_incrementally
