"""The incremental cache: unchanged files are reused, changes and deletions show, and the outputs
are byte-identical to a build from scratch whatever state the cache is in."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from incremental_articles import ARTICLES as THREE_ARTICLES

from timeline import cache as cache_module
from timeline.cache import stage_code_hash
from timeline.errors import StrictModeError
from timeline.ingest import iter_input_files, scan_input_files
from timeline.pipeline import build
from timeline.settings import Settings

# Formats whose exporters are cheap and stable; identity of the bytes is what matters here.
FORMATS = ["json", "ics", "rss", "atom"]

ARTICLES = {**THREE_ARTICLES, "notes/empty.txt": ""}


def write_corpus(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    for rel, text in articles.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def run(input_dir: Path, out: Path, **options):
    return build(Settings(input_dir=input_dir, out_dir=out, formats=FORMATS, **options))


def cold_outputs(input_dir: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "cold"
    shutil.rmtree(out, ignore_errors=True)
    run(input_dir, out, use_cache=False)
    assert not (out / ".cache.sqlite").exists()
    return outputs(out)


def age(path: Path, seconds: float = 60) -> None:
    """Backdate a file, as if it had been written a while before the build looked at it."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = write_corpus(tmp_path / "in")
    for path in folder.rglob("*"):
        if path.is_file():
            age(path)
    return folder


def test_second_build_reads_everything_from_cache_with_identical_outputs(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run(corpus, out)
    assert (first.report.analysed, first.report.cached) == (4, 0)
    assert (out / ".cache.sqlite").exists()
    cold = outputs(out)
    second = run(corpus, out)
    assert (second.report.analysed, second.report.cached) == (0, 4)
    assert outputs(out) == cold == cold_outputs(corpus, tmp_path)
    # The problem of the empty file is replayed from the cache, not lost.
    assert [p.path for p in second.timeline.problems] == ["notes/empty.txt"]
    assert len(second.timeline.events) > 0


def test_a_changed_article_is_the_only_one_analysed_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    changed = corpus / "wire/blinken.txt"
    changed.write_text(ARTICLES["wire/blinken.txt"] + "\nBlinken met Sameh Shoukry on Monday.\n")
    result = run(corpus, out)
    assert (result.report.analysed, result.report.cached) == (1, 3)
    assert "Blinken met Sameh Shoukry on Monday." in {e.summary for e in result.timeline.events}
    assert outputs(out) == cold_outputs(corpus, tmp_path)


def test_a_deleted_article_takes_its_events_with_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = run(corpus, out)
    gone_id = next(a.id for a in before.timeline.articles if a.path == "notes/lavrov.md")
    assert any(s.article == gone_id for e in before.timeline.events for s in e.sources)
    (corpus / "notes/lavrov.md").unlink()
    after = run(corpus, out)
    assert after.report.forgotten == 1
    assert gone_id not in {a.id for a in after.timeline.articles}
    assert not any(s.article == gone_id for e in after.timeline.events for s in e.sources)
    assert outputs(out) == cold_outputs(corpus, tmp_path)
    rows = sqlite3.connect(out / ".cache.sqlite").execute("SELECT path FROM files").fetchall()
    assert ("notes/lavrov.md",) not in rows


def test_a_touched_but_unchanged_file_is_recognised_by_its_hash(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    touched = corpus / "wire/gallant.txt"
    os.utime(touched)
    age(touched, 30)
    result = run(corpus, out)
    assert (result.report.analysed, result.report.cached) == (0, 4)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path) -> None:
    """A file rewritten within the same timestamp tick as the cache looked at it ("racy clean")."""
    corpus = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    run(corpus, out)
    path = corpus / "wire/gallant.txt"
    before = path.stat()
    text = path.read_text().replace("Tel Aviv", "Jerusal.")  # same length
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    result = run(corpus, out)
    assert result.report.analysed == 1
    assert any("Jerusal." in e.summary for e in result.timeline.events)


def test_a_new_pipeline_version_discards_the_cache(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    monkeypatch.setattr(cache_module, "pipeline_version", lambda: "0.0.0+other")
    result = run(corpus, out)
    assert (result.report.analysed, result.report.cached) == (4, 0)


def test_stage_code_hash_follows_stage_code_but_not_exporters(tmp_path: Path) -> None:
    package = tmp_path / "timeline"
    shutil.copytree(Path(cache_module.__file__).parent, package)
    original = stage_code_hash(package)
    (package / "exporters" / "rss.py").write_text("# a new feed layout\n")
    (package / "cli.py").write_text("# new options\n")
    with (package / "events" / "merge.py").open("a") as stream:
        stream.write("\n# merges run on every build, cached results are from before them\n")
    assert stage_code_hash(package) == original
    with (package / "events" / "extract.py").open("a") as stream:
        stream.write("\n# a new trigger\n")
    assert stage_code_hash(package) != original


def test_a_corrupt_cache_file_is_rebuilt_with_a_warning(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    (out / ".cache.sqlite").write_bytes(b"this is not a database" * 200)
    result = run(corpus, out)
    assert any("rebuilding it from scratch" in w for w in result.report.warnings)
    assert result.report.analysed == 4
    assert outputs(out) == cold_outputs(corpus, tmp_path)
    again = run(corpus, out)
    assert (again.report.cached, again.report.warnings) == (4, [])


def test_a_corrupt_cached_row_is_detected_and_the_build_is_still_right(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    db = sqlite3.connect(out / ".cache.sqlite")
    db.execute("UPDATE files SET payload = ? WHERE path = ?", (b'{"path": 3', "wire/gallant.txt"))
    db.commit()
    db.close()
    # Another file's edit makes the build load the cached results (an unchanged folder would not).
    (corpus / "wire/blinken.txt").write_text(ARTICLES["wire/blinken.txt"] + "\nMore.\n")
    result = run(corpus, out)
    assert any("unreadable cached result" in w for w in result.report.warnings)
    assert result.report.analysed == 4
    assert outputs(out) == cold_outputs(corpus, tmp_path)
    assert run(corpus, out).report.cached == 4


def test_strict_build_fails_on_a_cached_problem_too(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    with pytest.raises(StrictModeError, match="notes/empty.txt"):
        run(corpus, out, strict=True)


def test_custom_cache_path_inside_the_input_folder_is_not_read_as_input(
    corpus: Path, tmp_path: Path
) -> None:
    cache_path = corpus / "build-cache.sqlite"
    out = tmp_path / "out"
    run(corpus, out, cache_path=cache_path)
    # What a killed build leaves beside the cache is not input either.
    Path(f"{cache_path}-wal").write_bytes(b"")
    result = run(corpus, out, cache_path=cache_path)
    assert cache_path.exists()
    assert not (out / ".cache.sqlite").exists()
    assert result.report.cached == 4
    assert [p.path for p in result.problems] == ["notes/empty.txt"]


def test_a_failing_exporter_leaves_the_previous_outputs_whole(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.exporters import EXPORTERS

    out = tmp_path / "out"
    run(corpus, out)
    before = outputs(out)
    (corpus / "wire/gallant.txt").unlink()

    def explode(self, timeline, stream) -> None:
        stream.write(b"<rss half")
        raise RuntimeError("killed mid-export")

    monkeypatch.setattr(EXPORTERS["rss"], "export", explode)
    with pytest.raises(RuntimeError, match="killed mid-export"):
        run(corpus, out)
    assert outputs(out) == before
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_a_rebuild_with_nothing_changed_leaves_the_outputs_alone(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run(corpus, out)
    assert not first.report.outputs_unchanged
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = run(corpus, out)
    assert again.report.outputs_unchanged and again.written == []
    assert "outputs already up to date" in again.summary()
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    assert len(again.timeline.events) == len(first.timeline.events)


@pytest.mark.parametrize("change", ["delete-output", "edit-output", "new-title"])
def test_outputs_are_written_again_when_they_or_the_settings_changed(
    corpus: Path, tmp_path: Path, change: str
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    options = {}
    if change == "delete-output":
        (out / "timeline.ics").unlink()
    elif change == "edit-output":
        (out / "timeline.json").write_text("{}")
    else:
        options["title"] = "Another title"
    result = run(corpus, out, **options)
    assert not result.report.outputs_unchanged
    assert len(result.written) == len(FORMATS)
    if change != "new-title":
        assert outputs(out) == cold_outputs(corpus, tmp_path)


def test_outputs_are_readable_by_others_like_any_file_the_user_writes(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    old_umask = os.umask(0o022)
    try:
        run(corpus, out)
    finally:
        os.umask(old_umask)
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir() if p.suffix != ".sqlite"}
    assert set(modes.values()) == {0o644}, modes
    (out / "timeline.json").chmod(0o640)
    (corpus / "wire/gallant.txt").unlink()
    run(corpus, out)
    assert (out / "timeline.json").stat().st_mode & 0o777 == 0o640


def test_a_cache_locked_by_another_build_is_left_alone(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    monkeypatch.setattr(cache_module.BuildCache, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(out / ".cache.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another build writing
    try:
        (corpus / "wire/blinken.txt").write_text(ARTICLES["wire/blinken.txt"] + "\nMore.\n")
        result = run(corpus, out)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert any("cache unavailable" in w and "locked" in w for w in result.report.warnings)
    assert outputs(out) == cold_outputs(corpus, tmp_path)
    again = run(corpus, out)
    assert again.report.warnings == []
    assert again.report.analysed == 1  # the edit the locked build could not record
    assert again.report.cached == 3


def test_a_rebuild_with_nothing_changed_loads_the_timeline_only_when_asked(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import pipeline

    out = tmp_path / "out"
    first = run(corpus, out)
    calls = []
    real_collect = pipeline.collect
    monkeypatch.setattr(
        pipeline, "collect", lambda *a, **k: calls.append(1) or real_collect(*a, **k)
    )
    again = run(corpus, out)
    assert again.report.outputs_unchanged and calls == []
    assert (again.articles, again.events) == (
        len(first.timeline.articles),
        len(first.timeline.events),
    )
    assert [p.path for p in again.problems] == ["notes/empty.txt"]
    assert "4 problems" not in again.summary() and "1 problems" in again.summary()
    assert again.timeline == first.timeline
    assert calls == [1]


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from timeline import cache, pipeline
from timeline.settings import Settings

cache.BuildCache.COMMIT_EVERY = 1
real = pipeline.analyse_file_for_cache
seen = []

def analyse_then_die(path, input_dir):
    seen.append(path)
    if len(seen) == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # no finally, no atexit: like a power cut
    return real(path, input_dir)

pipeline.analyse_file_for_cache = analyse_then_die
pipeline.build(Settings(input_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), formats=%r))
"""


def test_a_killed_build_leaves_outputs_whole_and_keeps_its_committed_work(
    corpus: Path, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys

    out = tmp_path / "out"
    run(corpus, out, use_cache=False)
    before = outputs(out)
    (corpus / "notes/lavrov.md").unlink()
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD % FORMATS, str(corpus), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert outputs(out) == before
    # The killed process hashed the code files as they are now: so must this one (several people
    # edit this working tree; a drift would rightly read as another pipeline version).
    cache_module.pipeline_version.cache_clear()
    result = run(corpus, out)
    assert (result.report.cached, result.report.analysed) == (2, 1)
    assert outputs(out) == cold_outputs(corpus, tmp_path)


def test_listing_follows_path_order_and_keeps_each_files_stat(tmp_path: Path) -> None:
    """One scandir per folder gives the order sorted(rglob) gave: a folder's files right after
    its name ('a/x' before 'a.txt' before 'a-b'... by code point per name), and the stat the
    cache compares, taken through a link to a file."""
    root = tmp_path / "in"
    for rel in ("a/x.txt", "a.txt", "a-b.txt", "B.txt", "b/c/d.md", "a/.hidden.txt", ".git/x.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel)
    (root / "out").mkdir()
    (root / "out" / "timeline.json").write_text("{}")
    (root / "linked.txt").symlink_to(root / "a" / "x.txt")
    (root / "folder-link").symlink_to(root / "b")  # not followed, as rglob did not
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    os.mkfifo(root / "pipe.txt")

    listed = scan_input_files(root, exclude=[root / "out"])
    names = [item.rel for item in listed]
    assert names == ["B.txt", "a/x.txt", "a-b.txt", "a.txt", "b/c/d.md", "gone.txt", "linked.txt"]
    assert [item.path for item in listed] == sorted(item.path for item in listed)
    by_name = {item.rel: item for item in listed}
    assert by_name["gone.txt"].stat is None  # read_file reports it
    assert by_name["linked.txt"].stat.st_ino == (root / "a" / "x.txt").stat().st_ino
    assert by_name["a.txt"].stat.st_size == len("a.txt")
    assert list(iter_input_files(root, exclude=[root / "out"])) == [i.path for i in listed]


def test_states_outlive_the_connection_and_go_with_the_pipeline_version(tmp_path: Path) -> None:
    path, inputs = tmp_path / "cache.sqlite", tmp_path
    cache = cache_module.BuildCache(path, inputs, version="1")
    cache.set_state("merge", b"\x00decisions")
    cache.set_state("gone", b"x")
    cache.set_state("gone", None)
    cache.close()
    again = cache_module.BuildCache(path, inputs, version="1")
    assert (again.get_state("merge"), again.get_state("gone")) == (b"\x00decisions", None)
    again.close()
    upgraded = cache_module.BuildCache(path, inputs, version="2")
    assert upgraded.get_state("merge") is None
    upgraded.close()


def test_a_cached_payload_reads_back_as_the_result_with_one_object_per_actor_and_date(
    corpus: Path,
) -> None:
    from timeline.pipeline import analyse_file

    shared = cache_module.SharedParts()
    results = [analyse_file(path, corpus) for path in sorted(corpus.rglob("*.*"))]
    assert sum(len(r.events) for r in results) >= 3
    for result in results:
        payload = cache_module.encode_result(result)
        read = shared.decode(payload)
        assert read == result
        assert read.model_dump_json() == result.model_dump_json()
        for old, new in zip(result.events, read.events, strict=True):
            assert new.model_fields_set == old.model_fields_set
    again = [shared.decode(cache_module.encode_result(r)) for r in results]
    actors = [a for r in again for e in r.events for a in e.actors]
    dates = [e.date for r in again for e in r.events]
    assert len({id(a) for a in actors}) == len(
        {(a.name, a.role, a.country, a.kind) for a in actors}
    )
    assert len({id(d) for d in dates}) == len({d.model_dump_json() for d in dates})


def _one_payload(out: Path, rel: str) -> bytes:
    with sqlite3.connect(out / ".cache.sqlite") as db:
        return bytes(db.execute("SELECT payload FROM files WHERE path = ?", (rel,)).fetchone()[0])


def _broken_payloads(payload: bytes) -> dict[str, bytes]:
    body, _, tail = payload.partition(b"\n")
    table_and_numbers = json.loads(tail)
    table, numbers = table_and_numbers
    past_the_table = [[len(table) + 5 for _ in row] for row in numbers]
    return {
        # A row of cache format 2 (the result's JSON alone), should its version not have moved.
        "format-2": body,
        "actor-beyond-table": body + b"\n" + json.dumps([table, past_the_table]).encode(),
        "negative-actor": body + b"\n" + json.dumps([table, [[-1] for _ in numbers]]).encode(),
        "fewer-rows-than-events": body + b"\n" + json.dumps([table, numbers[:-1]]).encode(),
        "bad-actor-kind": body
        + b"\n"
        + json.dumps([[[n, r, c, "alien"] for n, r, c, _ in table], numbers]).encode(),
        "torn-tail": payload[:-3],
    }


@pytest.mark.parametrize(
    "broken",
    [
        "format-2",
        "actor-beyond-table",
        "negative-actor",
        "fewer-rows-than-events",
        "bad-actor-kind",
        "torn-tail",
    ],
)
def test_a_cached_row_that_does_not_read_back_is_reported_and_analysed_again(
    broken: str, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    payload = _one_payload(out, "wire/gallant.txt")
    with sqlite3.connect(out / ".cache.sqlite") as db:
        db.execute(
            "UPDATE files SET payload = ? WHERE path = ?",
            (_broken_payloads(payload)[broken], "wire/gallant.txt"),
        )
    (corpus / "wire/blinken.txt").write_text(ARTICLES["wire/blinken.txt"] + "\nMore.\n")
    result = run(corpus, out)
    assert len(result.report.warnings) == 1, result.report.warnings
    assert "unreadable cached result" in result.report.warnings[0]
    assert "\n" not in result.report.warnings[0]
    assert result.report.analysed == 4
    assert outputs(out) == cold_outputs(corpus, tmp_path)
    assert run(corpus, out).report.cached == 4


def test_the_cache_format_is_part_of_the_pipeline_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written in another payload format is never read: its rows are dropped."""
    package = Path(cache_module.__file__).parent
    now = stage_code_hash(package)
    monkeypatch.setattr(cache_module, "CACHE_FORMAT", str(int(cache_module.CACHE_FORMAT) - 1))
    assert stage_code_hash(package) != now


def test_loaded_events_can_be_changed_and_copied_like_validated_ones(corpus: Path) -> None:
    from timeline.pipeline import analyse_file

    shared = cache_module.SharedParts()
    payload = cache_module.encode_result(analyse_file(corpus / "wire/gallant.txt", corpus))
    first, second = shared.decode(payload), shared.decode(payload)
    event, other = first.events[0], second.events[0]
    before = other.location
    assert event.model_fields_set == set(type(event).model_fields)
    copy = event.model_copy(update={"title": "Changed"})
    event.location = "Haifa"
    assert (copy.title, event.location) == ("Changed", "Haifa")
    assert (other.title, other.location) != ("Changed", "Haifa") and other.location == before
    assert event.model_fields_set == other.model_fields_set == copy.model_fields_set
    assert json.loads(event.model_dump_json(exclude_unset=True))["location"] == "Haifa"
