"""Bad input reporting: every problem names the file (or entry) and the cause, the build goes on
with everything else, nothing is dropped unseen, and the exit codes are the documented ones:
0 built, no problem; 1 built, some inputs had problems; 2 nothing built.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import cli_command, run_cli

GOOD = (
    "date 2024-04-14\nGallant met Austin\n\nYoav Gallant met Lloyd Austin in Tel Aviv on Sunday.\n"
)

# file -> (bytes, words its problem must contain); the path of each problem must name the file.
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "empty.txt": (b"", "empty"),
    "zeros.md": (b"\x00" * 512, ""),  # "empty file": NULs are dropped before the check
    "image.png": (b"\x89PNG\r\n", "unsupported file type"),
    "notes.docx": (b"PK\x03\x04", "unsupported file type"),
    "not-a-feed.xml": (b"<html><body>hello</body></html>", "not an RSS or Atom feed"),
    "huge.txt": (b"Gallant met Austin. " * 120_000, "too large"),
    "open-front-matter.md": (b"---\ntitle: x\n\nGallant met Austin on Sunday.\n", "never closed"),
    "bad-yaml.md": (b"---\ntitle: [unclosed\n---\nGallant met Austin on Sunday.\n", "YAML"),
    "latin1-then-garbage.txt": (b"date 2024-04-14\n" + bytes(range(0x80, 0x100)) * 4, ""),
}
# Entries of multi-article files: path#N -> words.
BAD_ENTRIES = {
    "export.jsonl#2": "not JSON",
    "export.jsonl#3": "not a JSON object",
    "export.jsonl#4": "no text",
    "export.jsonl#6": "nested too deeply",
    "cut.rss": "not well-formed",
}
GOOD_ARTICLES = {"good.txt", "export.jsonl#1", "export.jsonl#5", "export.jsonl#7", "cut.rss#1"}


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    good_line = json.dumps(
        {"text": "Blinken met Gallant in Tel Aviv on Monday.", "date": "2024-04-15"}
    )
    (folder / "export.jsonl").write_text(
        "\n".join(
            [good_line, "not json {", "[1, 2]", '{"title": "no text"}', good_line, "[" * 100_000]
            + [good_line]
        )
        + "\n",
        encoding="utf-8",
    )
    (folder / "cut.rss").write_text(
        "<rss version='2.0'><channel><title>Wire</title><item><title>A</title>"
        "<pubDate>Mon, 15 Apr 2024 10:00:00 GMT</pubDate>"
        "<description>Blinken met Gallant in Tel Aviv on Monday.</description></item>"
        "<item><title>B</title><description>cut he",
        encoding="utf-8",
    )
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")  # never opened: reading it would block the build
    # A name that is not UTF-8 (a file copied from an old Windows share).
    (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"))).write_text(GOOD, encoding="utf-8")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bad-input")
    write_inputs(root / "input")
    run = run_cli("build", str(root / "input"), "--out", str(root / "out"), "--quiet")
    return root, run


def test_build_goes_on_and_exits_1(bad_build) -> None:
    root, run = bad_build
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    data = json.loads((root / "out" / "timeline.json").read_text(encoding="utf-8"))
    paths = {a["path"] for a in data["articles"]}
    assert paths >= GOOD_ARTICLES | {"caf\ufffd.txt"}, paths
    assert data["events"], "the good articles' events are missing"


def test_every_problem_names_its_file_and_cause(bad_build) -> None:
    root, run = bad_build
    data = json.loads((root / "out" / "timeline.json").read_text(encoding="utf-8"))
    problems = {(p["path"], p["error"]) for p in data["problems"]}
    lines = run.stderr.splitlines()
    # stderr has one line per problem, "path: cause", the same as timeline.json.
    assert sorted(lines) == sorted(f"{path}: {error}" for path, error in problems)
    for name, (_, words) in BAD_FILES.items():
        if not words:
            continue
        found = [e for p, e in problems if p == name]
        assert found, f"{name}: no problem reported"
        assert any(words.lower() in e.lower() for e in found), (name, found)
    for path, words in BAD_ENTRIES.items():
        found = [e for p, e in problems if p == path]
        assert any(words.lower() in e.lower() for e in found), (path, found, problems)
    for name in ("dangling.txt", "loop.txt"):
        assert any(p == name and "cannot read" in e for p, e in problems), (name, problems)
    for _, error in problems:
        assert "\n" not in error and "Traceback" not in error


def test_nothing_read_is_dropped_unseen(bad_build) -> None:
    """Every input file is an article, a problem, or both; only the FIFO is skipped."""
    root, _ = bad_build
    data = json.loads((root / "out" / "timeline.json").read_text(encoding="utf-8"))
    seen = {a["path"].split("#")[0] for a in data["articles"]}
    seen |= {p["path"].split("#")[0] for p in data["problems"]}
    on_disk = {os.fsdecode(n) for n in os.listdir(os.fsencode(root / "input"))}
    on_disk = {n.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for n in on_disk}
    assert on_disk - seen == {"pipe.txt"}


def test_strict_stops_at_the_first_problem_and_writes_nothing(tmp_path: Path) -> None:
    write_inputs(tmp_path / "input")
    run = run_cli("build", str(tmp_path / "input"), "--out", str(tmp_path / "out"), "--strict")
    assert run.returncode == 2, run.stderr
    [line] = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    named = line.removeprefix("error: ").split(":", 1)[0]
    assert (tmp_path / "input" / named.split("#")[0]).exists() or named in BAD_ENTRIES, line
    assert not (tmp_path / "out" / "timeline.json").exists()


def test_strict_keeps_the_previous_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    assert run_cli("build", str(folder), "--out", str(tmp_path / "out")).returncode == 0
    before = (tmp_path / "out" / "timeline.json").read_bytes()
    (folder / "empty.txt").write_bytes(b"")
    run = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--strict")
    assert run.returncode == 2 and "error: empty.txt: empty file" in run.stderr
    assert (tmp_path / "out" / "timeline.json").read_bytes() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "no-such-folder"], "no-such-folder"),
        (["build", "input", "--jobs", "-1"], "--jobs"),
        (["build", "input", "--engine", "spark"], "--engine"),
        (["build", "input", "--quiet", "--verbose"], "--quiet"),
        (["resolve", "--published", "14/04/2024"], "--published"),
    ],
)
def test_nothing_built_is_exit_2_with_a_one_line_reason(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "input").mkdir()
    run = run_cli(*args, cwd=tmp_path, input="")
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "feeds").exists()


def test_output_folder_that_is_a_file_is_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "out").write_text("I am a file")
    run = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--no-cache")
    assert run.returncode == 2, run.stderr
    assert "out" in run.stderr and "Traceback" not in run.stderr


def _rebuild_with_failing_exporter(
    tmp_path: Path, prelude: str
) -> tuple[subprocess.CompletedProcess[str], Path, dict[str, bytes]]:
    """Build one good article, add a second, and rebuild with `prelude` run first in the child
    (it makes an exporter fail halfway). Returns the rebuild, the output folder and its files as
    the first build left them."""
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", str(folder), "--out", str(out)).returncode == 0
    before = _visible_outputs(out)
    (folder / "more.txt").write_text(GOOD.replace("Sunday", "Monday"), encoding="utf-8")
    run = subprocess.run(
        cli_command("build", str(folder), "--out", str(out), prelude=prelude),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run, out, before


def _visible_outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def test_a_bug_is_exit_3_with_its_traceback_and_keeps_the_outputs(tmp_path: Path) -> None:
    """An exporter raising halfway (a bug, simulated) must not be mistaken for "built with
    problems" (1), and must leave the previous outputs as they were."""
    prelude = (
        "from timeline.exporters import EXPORTERS\n"
        "def _boom(self, timeline, stream):\n"
        "    stream.write(b'half an output')\n"
        "    raise ZeroDivisionError('simulated bug')\n"
        "EXPORTERS['rss'].export = _boom"
    )
    run, out, before = _rebuild_with_failing_exporter(tmp_path, prelude)
    assert run.returncode == 3, run.stderr
    assert "Traceback" in run.stderr and "ZeroDivisionError: simulated bug" in run.stderr
    assert _visible_outputs(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_disk_full_during_export_is_exit_2_and_keeps_the_outputs(tmp_path: Path) -> None:
    prelude = (
        "import errno\n"
        "from timeline.exporters import EXPORTERS\n"
        "def _full(self, timeline, stream):\n"
        "    stream.write(b'x' * 100)\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "EXPORTERS['ics'].export = _full"
    )
    run, out, before = _rebuild_with_failing_exporter(tmp_path, prelude)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip() == f"error: cannot write to {out}: No space left on device"
    assert _visible_outputs(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
