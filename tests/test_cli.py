"""The CLI's wiring: help texts, exit codes, the summary line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

runner = CliRunner()


def test_help_lists_commands_with_an_example() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "resolve", "schema"):
        assert command in result.output
    assert "Example" in result.output


def test_each_subcommand_help_has_an_example() -> None:
    for command in ("build", "resolve", "schema"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Example" in result.output, command


def test_build_writes_five_files_and_prints_summary(tmp_path: Path, repo: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(repo / "input"), "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    for expected in (
        "index.html",
        "timeline.atom",
        "timeline.ics",
        "timeline.json",
        "timeline.rss",
    ):
        assert expected in names
    summary = result.stdout.strip().splitlines()[-1]
    data = json.loads((out / "timeline.json").read_text())
    assert f"{len(data['articles'])} articles" in summary
    assert f"{len(data['events'])} events" in summary
    assert f"{len(data['problems'])} problems" in summary


def test_build_missing_input_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "input folder not found" in result.stderr


def test_build_reports_problem_files_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("date 2024-04-14\nHeadline\n\nThe ministers met on Sunday.\n")
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty.txt:" in result.stderr
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert [p["path"] for p in data["problems"]] == ["empty.txt"]
    assert [a["path"] for a in data["articles"]] == ["good.txt"]


def test_strict_build_fails_on_first_problem(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr


def test_schema_command_prints_the_models_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {"schema_version", "articles", "events", "problems"}
