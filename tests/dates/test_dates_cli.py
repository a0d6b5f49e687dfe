"""`timeline resolve`: one text, or JSON lines with a result line (or error line) per input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

runner = CliRunner()


def test_resolve_one_text_from_stdin() -> None:
    result = runner.invoke(
        app, ["resolve", "--published", "2024-04-14"], input="Gallant said on Sunday."
    )
    assert result.exit_code == 0, result.output
    mentions = json.loads(result.stdout)["mentions"]
    assert [(m["text"], m["value"], m["start"], m["end"]) for m in mentions] == [
        ("Sunday", "2024-04-14", 16, 22)
    ]


def test_resolve_bad_published_date_exits_2() -> None:
    result = runner.invoke(app, ["resolve", "--published", "14/04/2024"], input="on Sunday")
    assert result.exit_code == 2
    assert "--published must be YYYY-MM-DD" in result.stderr


def test_resolve_jsonl_gives_one_line_per_input_and_goes_on_after_errors(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "Gallant said on Sunday.", "published": "2024-04-14"},
        "not json",
        {"id": "b", "text": "It rained.", "published": "yesterday"},
        {"id": "c", "text": 42, "published": "2024-04-14"},
        {"id": "d", "text": "Signed on Oct. 16, 2023, a day earlier.", "published": None},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["resolve", "--jsonl", str(source)])
    assert result.exit_code == 1  # some lines had errors
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "b", "c", "d"]
    assert out[0]["mentions"][0]["value"] == "2024-04-14"
    assert "line 2" in out[1]["error"] and "not JSON" in out[1]["error"]
    assert "published" in out[2]["error"] and "line 3" in out[2]["error"]
    assert "text" in out[3]["error"]
    d = out[4]["mentions"]
    assert d[0]["value"] == "2023-10-16"
    assert (
        d[1]["value"] == "2023-10-15"
        and d[1]["basis"] == "relative"
        and d[1]["anchor"] == "2023-10-16"
    )


def test_resolve_jsonl_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["resolve", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "nope.jsonl" in result.stderr
