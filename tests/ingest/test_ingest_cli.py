"""`timeline read`: how files are read, as JSON, with problems on stderr and in the exit code."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.ingest.helpers import DATA
from timeline.cli import app

runner = CliRunner()


def test_read_prints_date_basis_body_and_captions() -> None:
    result = runner.invoke(app, ["read", str(DATA / "inferred_no_date.txt")])
    assert result.exit_code == 0, result.output
    (article,) = json.loads(result.stdout)["articles"]
    assert article["article"]["published"] == "2024-02-13"
    assert article["article"]["published_basis"] == "inferred"
    assert article["published_evidence"] == "February 13, 2024"
    assert article["captions"] == [
        "Egyptian mediators meet delegations in Cairo, Feb. 20, 2024. (Photo: Ahmed Saleh/Regional Wire)"
    ]
    assert "removed" not in article


def test_read_details_lists_what_the_cleaner_dropped() -> None:
    result = runner.invoke(app, ["read", str(DATA / "published_label.txt"), "--details"])
    (article,) = json.loads(result.stdout)["articles"]
    kinds = {kind for kind, _, _ in article["removed"]}
    assert {"bio", "link", "copyright", "byline", "date-line"} <= kinds
    assert article["paragraphs"][0][0] == 0


def test_read_reports_problems_with_the_path_typed_and_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["read", str(DATA / "export.jsonl"), str(DATA / "bad" / "photo.txt")]
    )
    assert result.exit_code == 1
    assert f"{DATA / 'export.jsonl'}#2: line 2 is not JSON" in result.stderr
    assert f"{DATA / 'bad' / 'photo.txt'}: binary file (a PNG image), not text" in result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 2


def test_read_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["read", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt: no such file" in result.stderr


def test_read_help_has_an_example() -> None:
    result = runner.invoke(app, ["read", "--help"])
    assert result.exit_code == 0 and "Example" in result.output
