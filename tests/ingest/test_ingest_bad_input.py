"""Bad input: every case is reported as `path: what is wrong`, the rest is still read."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.ingest.helpers import DATA, only, read
from timeline.cli import app
from timeline.ingest import read_corpus
from timeline.models import Problem

BAD = DATA / "bad"


def problems_of(name: str) -> list[str]:
    return [p.error for p in read(BAD / name, BAD)[1]]


def test_binary_file() -> None:
    assert problems_of("photo.txt") == ["binary file (a PNG image), not text"]


def test_binary_without_magic_number(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_bytes(bytes(range(1, 32)) * 50)
    assert (
        read(tmp_path / "dump.txt", tmp_path)[1][0].error == "binary file (control bytes), not text"
    )


def test_empty_and_blank_files() -> None:
    assert problems_of("empty.txt") == ["empty file"]
    assert problems_of("blank.md") == ["empty file"]


def test_five_megabyte_text(tmp_path: Path) -> None:
    line = "The ministers met again on Monday and agreed to keep talking. " * 16 + "\n"
    big = tmp_path / "dump.txt"
    big.write_text(line * (5 * 1024 * 1024 // len(line) + 1))
    (error,) = [p.error for p in read(big, tmp_path)[1]]
    assert error.startswith("file too large: 5.0 MB, the limit for .txt files is 2 MB")


def test_broken_html() -> None:
    assert problems_of("garbage.html") == [
        "broken HTML: truncated, no closing </html>; read what is there",
        "no article text found (only nav)",
    ]


def test_truncated_html_is_reported_and_what_is_there_is_read() -> None:
    articles, problems = read(BAD / "truncated.html", BAD)
    assert [p.error for p in problems] == [
        "broken HTML: truncated, no closing </html>; read what is there"
    ]
    assert "Lloyd Austin arrived in Kyiv on Monday" in articles[0].body


def test_undecodable_bytes() -> None:
    assert problems_of("undecodable.txt") == [
        "undecodable bytes: neither UTF-8, UTF-16 nor cp1252/Latin-1 (byte 0x81 at offset 32)"
    ]


def test_damaged_utf8_is_reported_and_read_without_mojibake() -> None:
    articles, problems = read(BAD / "damaged_utf8.txt", BAD)
    assert [p.error for p in problems] == [
        "undecodable bytes: 3 invalid UTF-8 sequence(s), first byte 0xff at offset 164; replaced"
    ]
    assert "Élysée" in articles[0].body and "EU’s" in articles[0].body


def test_jsonl_line_that_is_not_json_is_named_by_line() -> None:
    problems = read(DATA / "export.jsonl")[1]
    assert problems[0] == Problem(
        path="export.jsonl#2",
        error="line 2 is not JSON: Unterminated string starting at (column 36)",
    )


def test_feed_that_is_not_xml() -> None:
    assert problems_of("not_a_feed.xml") == [
        "not a valid RSS/Atom feed: <unknown>:2:0: syntax error"
    ]


def test_truncated_feed_is_reported() -> None:
    errors = problems_of("broken.rss")
    assert errors[0].startswith("feed is not well-formed XML")


def test_unsupported_file_type() -> None:
    (error,) = problems_of("notes.docx")
    assert error.startswith("unsupported file type '.docx'")


def test_every_bad_file_is_reported_and_nothing_readable_dropped() -> None:
    items = list(read_corpus(BAD))
    problem_paths = {i.path for i in items if isinstance(i, Problem)}
    article_paths = {i.article.path for i in items if not isinstance(i, Problem)}
    every_file = {p.name for p in BAD.iterdir()}
    # Each file gave an article, a problem, or both; none vanished.
    assert {p.split("#")[0] for p in problem_paths | article_paths} == every_file
    assert article_paths == {"damaged_utf8.txt", "truncated.html"}


def test_build_reports_problems_on_stderr_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("photo.txt", "empty.txt", "not_a_feed.xml"):
        (src / name).write_bytes((BAD / name).read_bytes())
    (src / "good.txt").write_bytes((DATA / "header_line.txt").read_bytes())
    result = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    for line in (
        "photo.txt: binary file (a PNG image), not text",
        "empty.txt: empty file",
        "not_a_feed.xml: not a valid RSS/Atom feed: <unknown>:2:0: syntax error",
    ):
        assert line in result.stderr
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert [a["path"] for a in data["articles"]] == ["good.txt"]
    assert len(data["problems"]) == 3


def test_strict_build_stops_with_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "photo.txt").write_bytes((BAD / "photo.txt").read_bytes())
    result = CliRunner().invoke(
        app, ["build", str(src), "--out", str(tmp_path / "out"), "--strict"]
    )
    assert result.exit_code == 2
    assert "photo.txt: binary file (a PNG image), not text" in result.stderr


def test_build_help_documents_exit_codes_and_strict() -> None:
    result = CliRunner().invoke(app, ["build", "--help"])
    assert "--strict" in result.output
    assert "Exit codes" in result.output


def test_only_helper_rejects_problems() -> None:
    # The helper the other tests rely on must itself fail on a problem file.
    try:
        only(BAD / "empty.txt", BAD)
    except AssertionError:
        return
    raise AssertionError("only() accepted a file with problems")


def test_one_oversized_jsonl_record_is_reported_alone(tmp_path: Path) -> None:
    story = "The envoys met in Geneva on Monday and agreed to meet again, officials said. "
    records = [
        {"title": "Dump", "text": story * 14_000, "date": "2024-01-02"},
        {"title": "Geneva talks", "text": story, "date": "2024-01-03"},
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    articles, problems = read(path, tmp_path)
    assert [a.article.path for a in articles] == ["export.jsonl#2"]
    assert [p.path for p in problems] == ["export.jsonl#1"]
    assert problems[0].error.startswith("text too large: 1.1 million characters")


def test_broken_front_matter_is_reported_and_the_text_still_read(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: [unclosed\ndate: 2024-01-02\n---\n\n"
        "The envoys met in Geneva on Monday, January 1, 2024, and agreed to meet again.\n"
    )
    articles, problems = read(path, tmp_path)
    assert [p.error for p in problems] == [
        "front matter is not valid YAML at line 3; read as plain text"
    ]
    assert "The envoys met in Geneva" in articles[0].body


def test_unclosed_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Talks\n\nThe envoys met in Geneva on Monday, officials said.\n")
    articles, problems = read(path, tmp_path)
    assert [p.error for p in problems] == [
        "front matter opened with '---' is never closed; read as plain text"
    ]
    assert len(articles) == 1


def test_a_bug_in_one_entry_costs_only_that_entry(tmp_path: Path, monkeypatch) -> None:
    import timeline.ingest.jsonl as jsonl

    real = jsonl.make_article

    def fragile(rel, text, **kwargs):
        if "explode" in text:
            raise KeyError("boom")
        return real(rel, text, **kwargs)

    monkeypatch.setattr(jsonl, "make_article", fragile)
    lines = [
        {"text": "The envoys met in Geneva on Monday, officials said.", "date": "2024-01-08"},
        {"text": "explode", "date": "2024-01-08"},
        {
            "text": "The envoys met again in Geneva on Tuesday, officials said.",
            "date": "2024-01-09",
        },
    ]
    (tmp_path / "x.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    articles, problems = read(tmp_path / "x.jsonl", tmp_path)
    assert [a.article.path for a in articles] == ["x.jsonl#1", "x.jsonl#3"]
    assert [(p.path, p.error) for p in problems] == [
        ("x.jsonl#2", "cannot parse: KeyError: 'boom'")
    ]


def test_a_file_name_that_is_not_utf8_is_still_named(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes in a Linux file name
    (tmp_path / name).write_bytes((DATA / "header_line.txt").read_bytes())
    (doc,) = [i for i in read_corpus(tmp_path)]
    assert doc.article.path == "caf\ufffd.txt"
    json.dumps(doc.article.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")


def test_a_large_jsonl_export_is_streamed_line_by_line(tmp_path: Path, monkeypatch) -> None:
    import timeline.ingest as ingest

    monkeypatch.setattr(ingest, "STREAM_ABOVE", 100)  # stream anything over 100 bytes
    story = "The envoys met in Geneva on Monday, officials said."
    path = tmp_path / "big.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"text": story, "date": "2024-01-08"}).encode()
        + b"\n\n"
        + b'{"text": "caf\xe9 talks"}\n'
        + b"not json\n"
        + json.dumps({"text": story, "date": "2024-01-09"}, ensure_ascii=False).encode()
        + b"\n"
    )
    articles, problems = read(path, tmp_path)
    assert [a.article.path for a in articles] == ["big.jsonl#1", "big.jsonl#5"]
    assert [(p.path, p.error) for p in problems] == [
        ("big.jsonl#3", "line 3 is not UTF-8 (byte 0xe9)"),
        ("big.jsonl#4", "line 4 is not JSON: Expecting value (column 1)"),
    ]
