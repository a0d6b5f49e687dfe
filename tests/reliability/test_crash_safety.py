"""Crash safety: a real `timeline build` killed with SIGKILL at any point leaves the previous outputs
whole and the cache usable; a corrupt cache is detected, reported and rebuilt.

The scenario of every kill: build corpus A (outputs and cache exist), then change the input to
corpus B (files added, one edited, one deleted) and start a build of B that is SIGKILLed: from a
hook at a precise point of the pipeline (while files are analysed, right after a cache commit,
between staging two outputs, between two renames) or from outside when its first staged output
appears. Afterwards every output is byte for byte either A's or B's (never a torn file), and a
plain rebuild, with the cache the killed build left, gives exactly the outputs of a build of B from
scratch, with no cache warning, and leaves a cache that serves every file on the next build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import feedparser
import icalendar
import pytest

from timeline.pipeline import BuildResult, build
from timeline.settings import Settings

from .conftest import INPUT, cli_command, run_cli

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

KILL = "import os, signal; _kill = lambda: os.kill(os.getpid(), signal.SIGKILL)"


def kill_after_call(function: str, count: str, setup: str = "") -> str:
    """A prelude that wraps `function` (a dotted name) and kills the build right after its
    `count`-th call returns; `setup` runs first (imports, settings)."""
    return f"""{KILL}
{setup}_real = {function}
_count = [0]
def _hook(*a, **k):
    _real(*a, **k)
    _count[0] += 1
    if _count[0] == {count}:
        _kill()
{function} = _hook"""


# prelude run inside the build process before the CLI starts: each kills it at one point.
HOOKS = {
    "starting": f"{KILL}; _kill()",
    "second-article-analysed": f"""{KILL}
import timeline.pipeline as p
_real = p.analyse_article
_count = [0]
def _hook(*a, **k):
    _count[0] += 1
    if _count[0] == 2:
        _kill()
    return _real(*a, **k)
p.analyse_article = _hook""",
    "after-cache-commit": kill_after_call(
        "c.BuildCache._write",
        "5",
        setup="import timeline.cache as c\nc.BuildCache.COMMIT_EVERY = 2\n",
    ),
    "cache-closed-before-export": f"""{KILL}
import timeline.cache as c
_real = c.BuildCache.close
def _hook(self):
    _real(self)
    _kill()
c.BuildCache.close = _hook""",
    "first-output-staged": kill_after_call("os.fsync", "1"),
    "half-the-outputs-staged": kill_after_call("os.fsync", "3"),
    "between-two-renames": kill_after_call("os.replace", "2"),
    "after-the-last-rename": kill_after_call(
        "os.replace", "len(Settings().formats)", setup="from timeline.settings import Settings\n"
    ),
}

OUTPUTS = ("timeline.json", "timeline.ics", "timeline.rss", "timeline.atom", "index.html")


def corpus_a(folder: Path) -> None:
    """The sample corpus without two of its articles."""
    shutil.copytree(INPUT, folder)
    (folder / "scraped" / "levant_ledger_biden_trip.txt").unlink()
    (folder / "html" / "meridian_post_blinken_gallant_kirya.html").unlink()


def corpus_b(folder: Path) -> None:
    """A's successor: the two articles added, one edited, one deleted."""
    shutil.copy(INPUT / "scraped" / "levant_ledger_biden_trip.txt", folder / "scraped")
    shutil.copy(INPUT / "html" / "meridian_post_blinken_gallant_kirya.html", folder / "html")
    edited = folder / "scraped" / "harbor_street_wire_austin_gallant.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8")
        + "\nLloyd Austin met Yoav Gallant again in Washington on Friday, officials said.\n",
        encoding="utf-8",
    )
    (folder / "md" / "potomac_brief_camp_david.md").unlink()


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def assert_whole(files: dict[str, bytes]) -> None:
    """Each output parses completely with the reader of its format."""
    json.loads(files["timeline.json"])
    json.loads(files["timeline.timelinejs.json"])
    icalendar.Calendar.from_ical(files["timeline.ics"])
    for name in ("timeline.rss", "timeline.atom"):
        assert feedparser.parse(files[name]).bozo == 0, name
    assert files["index.html"].rstrip().endswith(b"</html>")


def build_here(input_dir: Path, out: Path, **options) -> BuildResult:
    """A build in this process: what the next `timeline build` finds on disk, checked cheaply."""
    return build(Settings(input_dir=input_dir, out_dir=out, **options))


def assert_cache_serves_everything(input_dir: Path, out: Path) -> None:
    again = build_here(input_dir, out)
    assert again.report.warnings == []
    assert again.report.analysed == 0 and again.report.cached == again.report.files > 0, (
        "the cache does not serve the next build"
    )


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Corpus A built with its cache; the outputs of A and of B, each built from scratch."""
    root = tmp_path_factory.mktemp("crash-ref")
    corpus_a(root / "a")
    build_here(root / "a", root / "out-a")
    shutil.copytree(root / "a", root / "b")
    corpus_b(root / "b")
    result_b = build_here(root / "b", root / "out-b", use_cache=False)
    old, new = outputs(root / "out-a"), outputs(root / "out-b")
    assert set(old) >= set(OUTPUTS) and set(old) == set(new)
    assert all(old[n] != new[n] for n in OUTPUTS), "A and B must differ to tell them apart"
    assert_whole(old)
    assert_whole(new)
    return {"root": root, "old": old, "new": new, "problems": result_b.timeline.problems}


def prepare(tmp_path: Path, references: dict) -> tuple[Path, Path]:
    """A copy of corpus A with its outputs and cache, then its input changed to B."""
    input_dir, out = tmp_path / "input", tmp_path / "out"
    shutil.copytree(references["root"] / "a", input_dir)
    shutil.copytree(references["root"] / "out-a", out)
    corpus_b(input_dir)
    return input_dir, out


def check_after_kill(input_dir: Path, out: Path, references: dict) -> None:
    files = outputs(out)
    assert set(files) == set(references["old"])
    torn = [
        n for n, data in files.items() if data not in (references["old"][n], references["new"][n])
    ]
    assert not torn, f"outputs neither the previous nor the new build's: {torn}"
    assert_whole(files)

    rebuild = build_here(input_dir, out)
    assert rebuild.report.warnings == [], "the killed build left a cache that needs repair"
    assert rebuild.timeline.problems == references["problems"]
    assert outputs(out) == references["new"]
    assert_cache_serves_everything(input_dir, out)


@pytest.mark.parametrize("point", list(HOOKS))
def test_sigkill_at_a_point_of_the_build(point: str, tmp_path: Path, references) -> None:
    input_dir, out = prepare(tmp_path, references)
    killed = subprocess.run(
        cli_command("build", str(input_dir), "--out", str(out), "--quiet", prelude=HOOKS[point]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    check_after_kill(input_dir, out, references)


def test_sigkill_from_outside_while_outputs_are_staged(tmp_path: Path, references) -> None:
    """No hook: the test watches the output folder and kills the build as soon as it stages."""
    input_dir, out = prepare(tmp_path, references)
    process = subprocess.Popen(
        cli_command("build", str(input_dir), "--out", str(out), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if any(p.name.endswith(".tmp") for p in out.iterdir()):
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
    finally:
        if process.poll() is None and time.monotonic() >= deadline:
            process.kill()
        process.wait(timeout=30)
    check_after_kill(input_dir, out, references)


@pytest.mark.parametrize("delay", [1.0, 2.5])
def test_sigkill_after_a_delay(delay: float, tmp_path: Path, references) -> None:
    """Kills at wall-clock points, wherever the build happens to be on this machine."""
    input_dir, out = prepare(tmp_path, references)
    process = subprocess.Popen(
        cli_command("build", str(input_dir), "--out", str(out), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    check_after_kill(input_dir, out, references)


# --- a corrupt cache ------------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database\n" * 200)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _zero_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[1024 : len(data) // 2] = bytes(len(data) // 2 - 1024)
    path.write_bytes(bytes(data))


def _bad_payload(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE files SET payload = X'7B6E6F74206A736F6E'")  # '{not json'


def _bad_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"SQLite format 9\x00"
    path.write_bytes(bytes(data))


CORRUPTIONS = {
    "garbage": _garbage,
    "truncated": _truncate,
    "zeroed-pages": _zero_pages,
    "bad-payload": _bad_payload,
    "bad-header": _bad_header,
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS))
def test_corrupt_cache_is_detected_and_rebuilt(corrupt: str, tmp_path: Path, references) -> None:
    input_dir, out = prepare(tmp_path, references)
    # A build of B leaves a full cache; WAL checkpointed so the corruption lands in the main file.
    build_here(input_dir, out)
    cache = out / ".cache.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    CORRUPTIONS[corrupt](cache)
    # A missing output makes the build read every cached row, not answer from its record.
    (out / "timeline.rss").unlink()

    rebuild = build_here(input_dir, out)
    assert len(rebuild.report.warnings) == 1, rebuild.report.warnings
    assert "\n" not in rebuild.report.warnings[0], "a warning is one line"
    assert re.match(r"cache .*\.cache\.sqlite.*rebuilding it", rebuild.report.warnings[0])
    assert rebuild.timeline.problems == references["problems"]
    assert outputs(out) == references["new"]
    assert_cache_serves_everything(input_dir, out)


def test_corrupt_cache_warning_on_the_command_line(tmp_path: Path, references) -> None:
    input_dir, out = prepare(tmp_path, references)
    _garbage(out / ".cache.sqlite")
    run = run_cli("build", str(input_dir), "--out", str(out), "--quiet")
    assert run.returncode == (1 if references["problems"] else 0), run.stderr
    assert re.search(r"^warning: cache .*\.cache\.sqlite: .*; rebuilding it", run.stderr, re.M), (
        run.stderr
    )
    assert "Traceback" not in run.stderr


def test_cache_path_that_cannot_be_a_database(tmp_path: Path, references) -> None:
    """--cache naming a folder: the build still succeeds, and says it ran without a cache."""
    input_dir, out = prepare(tmp_path, references)
    folder = tmp_path / "not-a-file"
    folder.mkdir()
    run = run_cli("build", str(input_dir), "--out", str(out), "--quiet", "--cache", str(folder))
    assert run.returncode == (1 if references["problems"] else 0), run.stderr
    assert "Traceback" not in run.stderr
    assert str(folder) in run.stderr and "cache" in run.stderr
    assert outputs(out) == references["new"]
    assert folder.is_dir()


def test_finished_build_leaves_no_temp_files_and_readable_outputs(
    tmp_path: Path, references
) -> None:
    input_dir, out = prepare(tmp_path, references)
    build_here(input_dir, out)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    umask = os.umask(0)
    os.umask(umask)
    for name in OUTPUTS:
        mode = (out / name).stat().st_mode & 0o777
        # Outputs are published by web servers running as another user: they get the umask's
        # usual permissions, not mkstemp's private 0600.
        assert mode == 0o666 & ~umask, f"{name} has mode {oct(mode)}"


def test_temp_files_of_a_killed_build_are_removed_later(tmp_path: Path, references) -> None:
    input_dir, out = prepare(tmp_path, references)
    killed = subprocess.run(
        cli_command(
            "build", str(input_dir), "--out", str(out), prelude=HOOKS["half-the-outputs-staged"]
        ),
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    leftovers = [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 3
    build_here(input_dir, out)  # too soon: they might belong to a build still writing
    assert all(p.exists() for p in leftovers)
    an_hour_ago = time.time() - 3700
    for path in leftovers:
        os.utime(path, (an_hour_ago, an_hour_ago))
    (input_dir / "scraped" / "levant_ledger_biden_trip.txt").unlink()  # so the outputs change
    build_here(input_dir, out)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_sigkill_of_a_parallel_build_ends_its_workers(tmp_path: Path, references) -> None:
    """--jobs 2: the killed build's worker processes must not live on as orphans."""
    input_dir, out = prepare(tmp_path, references)
    pids_file = tmp_path / "workers.txt"
    hook = f"""{KILL}
import glob
import timeline.cache as c
_real = c.BuildCache.store
def _hook(self, *a, **k):
    _real(self, *a, **k)
    children = " ".join(open(f).read() for f in glob.glob("/proc/self/task/*/children"))
    open({str(pids_file)!r}, "w").write(children)
    _kill()
c.BuildCache.store = _hook"""
    killed = subprocess.run(
        cli_command("build", str(input_dir), "--out", str(out), "--jobs", "2", prelude=hook),
        # Not pipes: orphaned workers would hold them open and the wait would never end.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in pids_file.read_text().split()]
    assert len(workers) >= 2, workers
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [pid for pid in workers if _alive(pid)]
    for pid in orphans:  # do not leave them running after a failure
        os.kill(pid, signal.SIGKILL)
    assert not orphans, f"worker processes {orphans} outlived the killed build"
    check_after_kill(input_dir, out, references)


def test_concurrent_builds_into_one_folder(tmp_path: Path, references) -> None:
    """Three builds racing on the same outputs and cache: all succeed, the outputs are whole."""
    input_dir, out = prepare(tmp_path, references)
    processes = [
        subprocess.Popen(
            cli_command("build", str(input_dir), "--out", str(out), "--quiet"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == (1 if references["problems"] else 0), stderr
        assert "Traceback" not in stderr
    assert outputs(out) == references["new"]
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    # Checked by the command too: a build in this process may run other code than the subprocesses
    # when the source changes while the suite runs, and a cache is only valid for its own code.
    again = run_cli("build", str(input_dir), "--out", str(out))
    assert "warning" not in again.stderr, again.stderr
    assert re.search(r"\(\d+ input files: 0 analysed, \d+ from cache\)", again.stdout), again.stdout
