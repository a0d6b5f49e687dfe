"""The scale options of `timeline build`: --cache, --no-cache, --jobs, --engine, --scheduler,
--quiet, --verbose, the progress bar and the summary line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.progress import progress_bar, wants_progress_bar

runner = CliRunner()
FORMATS = ["json", "ics", "rss", "atom"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (who, day) in enumerate(
        [("Blinken", "Sunday"), ("Lavrov", "Monday"), ("Wang", "Friday")]
    ):
        (folder / f"a{i}.txt").write_text(
            f"date 2024-04-1{i + 4}\n{who} in talks\n\n{who} met his counterpart on {day}.\n"
        )
    (folder / "broken.txt").write_bytes(b"")
    return folder


def build_cli(corpus: Path, out: Path, *options: str):
    return runner.invoke(app, ["build", str(corpus), "--out", str(out), *options])


def test_summary_line_counts_files_from_cache(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_cli(corpus, out)
    assert first.exit_code == 1, first.output
    assert "4 input files: 4 analysed, 0 from cache" in first.stdout.splitlines()[-1]
    second = build_cli(corpus, out)
    assert "4 input files: 0 analysed, 4 from cache" in second.stdout.splitlines()[-1]
    data = json.loads((out / "timeline.json").read_text())
    assert f"{len(data['articles'])} articles" in second.stdout
    assert "broken.txt: " in second.stderr


def test_no_cache_neither_reads_nor_writes_one(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_cli(corpus, out, "--no-cache")
    assert result.exit_code == 1
    assert not (out / ".cache.sqlite").exists()
    assert "4 analysed, 0 from cache" in result.stdout


def test_cache_option_puts_the_cache_where_asked(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere" / "timeline-cache.sqlite"
    build_cli(corpus, tmp_path / "out", "--cache", str(cache))
    assert cache.exists()
    result = build_cli(corpus, tmp_path / "out2", "--cache", str(cache))
    assert "0 analysed, 4 from cache" in result.stdout


def test_jobs_builds_the_same_json(corpus: Path, tmp_path: Path) -> None:
    build_cli(corpus, tmp_path / "serial", "--no-cache")
    result = build_cli(corpus, tmp_path / "jobs", "--no-cache", "--jobs", "2")
    assert result.exit_code == 1, result.output
    serial = (tmp_path / "serial" / "timeline.json").read_bytes()
    assert (tmp_path / "jobs" / "timeline.json").read_bytes() == serial


def test_quiet_prints_problems_but_no_summary(corpus: Path, tmp_path: Path) -> None:
    result = build_cli(corpus, tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "broken.txt: " in result.stderr


def test_verbose_prints_stage_timings(corpus: Path, tmp_path: Path) -> None:
    result = build_cli(corpus, tmp_path / "out", "--verbose")
    for stage in ("scan", "analyse", "merge", "export"):
        assert f"  {stage}" in result.stderr
    assert "articles" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "spark"], "--engine must be local or dask"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["--quiet", "--verbose"], "cannot be used together"),
    ],
)
def test_bad_scale_options_exit_2(
    corpus: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    result = build_cli(corpus, tmp_path / "out", *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_jobs_must_not_be_negative(corpus: Path, tmp_path: Path) -> None:
    result = build_cli(corpus, tmp_path / "out", "--jobs", "-1")
    assert result.exit_code == 2


def test_no_progress_bar_in_pipes_and_with_quiet() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_progress_bar(io.StringIO()) is False
    assert wants_progress_bar(Terminal()) is True
    assert wants_progress_bar(Terminal(), quiet=True) is False
    with progress_bar(False) as callback:
        assert callback is None


def test_progress_bar_callback_accepts_pipeline_updates() -> None:
    with progress_bar(True) as callback:
        assert callback is not None
        callback("analysing", 0, 3)
        callback("analysing", 3, 3)
