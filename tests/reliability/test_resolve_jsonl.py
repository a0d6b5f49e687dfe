"""`timeline resolve --jsonl`: every input line gets exactly one output line, in order; a bad line
gets {"id", "error"} naming its line and what is wrong, and the lines after it are still resolved.
Run as a real subprocess, so a crash anywhere (decoding, printing) shows as a traceback here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_cli

GOOD = {"id": "good", "text": "Gallant met Austin on Sunday.", "published": "2024-04-14"}

# (raw line, what the error must mention); None: the line is valid and must resolve.
LINES: list[tuple[bytes, str | None]] = [
    (json.dumps(GOOD).encode(), None),
    (b"not json", "not JSON"),
    (b"[1, 2]", "object"),
    (b'"just a string"', "object"),
    (b'{"id": "no-text"}', "text"),
    (b'{"id": "text-number", "text": 5}', "text"),
    (b'{"id": "text-list", "text": ["on Sunday"]}', "text"),
    (b'{"id": "bad-month", "text": "on Sunday", "published": "2024-13-45"}', "published"),
    (b'{"id": "published-number", "text": "on Sunday", "published": 20240414}', "published"),
    (b'{"id": "published-object", "text": "on Sunday", "published": {"y": 2024}}', "published"),
    (b'{"id": "not-utf8", "text": "on Sunday \xff\xfe"}', "UTF-8"),
    (b'{"id": "truncated", "text": "on Sun', "not JSON"),
    (b'{"id": "edge", "text": "12/31/9999, the next day", "published": "9999-12-31"}', None),
    (b'{"id": "lone-surrogate", "text": "on Sunday \\ud800", "published": "2024-04-14"}', None),
    (b'{"id": {"nested": [1]}, "text": "on Monday", "published": "2024-04-14"}', None),
    (b'{"id": "controls", "text": "\\u0000on\\u001bSunday\\u202e", "published": null}', None),
    (b"{" * 100_000, "not JSON"),  # nested too deeply for the parser
    (json.dumps({**GOOD, "id": "last"}).encode(), None),
]


def run_jsonl(tmp_path: Path, data: bytes, *, stdin: bool = False):
    source = tmp_path / "texts.jsonl"
    source.write_bytes(data)
    if stdin:
        return run_cli("resolve", "--jsonl", "-", input=data.decode("utf-8", "replace"))
    return run_cli("resolve", "--jsonl", str(source))


def test_every_bad_line_answered_and_the_rest_go_on(tmp_path: Path) -> None:
    data = b"\n".join(raw for raw, _ in LINES) + b"\n"
    run = run_jsonl(tmp_path, data)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.returncode == 1, run.stderr  # some lines had errors
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out) == len(LINES), run.stdout[-2000:]
    for number, ((raw, expected), result) in enumerate(zip(LINES, out, strict=True), start=1):
        if expected is None:
            assert "mentions" in result and "error" not in result, (number, result)
        else:
            assert "error" in result, (number, raw[:60], result)
            assert f"line {number}" in result["error"], result
            assert expected.lower() in result["error"].lower(), (number, result)
    assert out[0]["mentions"][0]["date_start"] == "2024-04-14"
    assert out[-1]["id"] == "last" and out[-1]["mentions"]


def test_blank_lines_and_a_bom_are_not_errors(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n\n   \n" + json.dumps(GOOD).encode()
    run = run_jsonl(tmp_path, data)
    assert run.returncode == 0, run.stdout + run.stderr
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["id"] for r in out] == ["good", "good"]


def test_from_standard_input(tmp_path: Path) -> None:
    data = json.dumps(GOOD).encode() + b"\nnot json\n" + json.dumps(GOOD).encode() + b"\n"
    run = run_jsonl(tmp_path, data, stdin=True)
    assert run.returncode == 1
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert ["error" in r for r in out] == [False, True, False]


@pytest.mark.parametrize("args", [["--jsonl", "missing.jsonl"], ["--jsonl", "."]])
def test_unreadable_file_is_exit_2_with_its_name(tmp_path: Path, args: list[str]) -> None:
    run = run_cli("resolve", *args, cwd=tmp_path)
    assert run.returncode == 2
    assert args[1] in run.stderr and "Traceback" not in run.stderr
