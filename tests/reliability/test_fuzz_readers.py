"""Fuzzing the article readers: any bytes in any supported file give articles or clear problems.

Whatever lands in the input folder, the per-file stage (read, date, extract events) must return
normally; every problem names the file (or its entry, "file.jsonl#3") and says what is wrong in
words, not as a parser's exception leaking through the catch-all ("cannot parse: KeyError: ...")
or as an analysis crash ("analysis failed (...)").
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from timeline.ingest import READERS
from timeline.models import Problem
from timeline.pipeline import analyse_file

from .conftest import FUZZ

SUFFIXES = sorted(READERS)
# What read_file's catch-all and analyse_file say when a stage raised something unexpected.
CRASH_MARKERS = ("cannot parse: ", "analysis failed (")


def analyse_bytes(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        input_dir = Path(folder)
        path = input_dir / "sub" / name
        path.parent.mkdir()
        path.write_bytes(data)
        return analyse_file(path, input_dir)


def check_result(name: str, result) -> None:
    rel = f"sub/{name}"
    assert result.path == rel
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.path == rel or problem.path.startswith(rel + "#"), problem
        assert problem.error.strip(), problem
        assert "Traceback" not in problem.error, problem
        assert not problem.error.startswith(CRASH_MARKERS), problem
    for article in result.articles:
        assert article.path == rel or article.path.startswith(rel + "#"), article
    ids = {a.id for a in result.articles}
    for event in result.events:
        assert {s.article for s in event.sources} <= ids, event
        assert event.date.start <= event.date.end, event


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2_000))
@example(suffix=".txt", data=b"")
@example(suffix=".txt", data=b"\x00\x01\x02\xff\xfe" * 50)
@example(suffix=".txt", data=b"\xff\xfeG\x00a\x00l\x00")
@example(suffix=".md", data=b"---\n")
@example(suffix=".md", data=b"---\n: : :\n---\nbody")
@example(suffix=".md", data=b"---\n!!python/object:os.system x\n---\nbody")
@example(suffix=".html", data=b"<html><head><meta charset='x-unknown'></head><body>\x00</body>")
@example(suffix=".html", data=b"<" * 1000)
@example(suffix=".xml", data=b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><rss>&a;")
@example(suffix=".jsonl", data=b'{"text": "x"}\n[1]\n{"text": 5}\nnot json\n\xff')
def test_fuzz_any_bytes(suffix: str, data: bytes) -> None:
    name = "fuzz" + suffix
    check_result(name, analyse_bytes(name, data))


# JSON values of every type, for fields the readers expect to be strings or dates.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
date_like = st.sampled_from(
    ["2024-04-14", "31/31/31", "2024-13-45", "0000-00-00", "9999-12-31T25:61:61Z", "", "Sunday",
     "99999999999999999999", "Tue, 31 Feb 2024 10:00:00 +9999", "1e400", "NaN"]
)  # fmt: skip
FIELDS = ["title", "url", "link", "publisher", "source", "author", "published", "date",
          "published_at", "captions", "text", "content"]  # fmt: skip


@FUZZ
@given(
    records=st.lists(
        st.dictionaries(st.sampled_from(FIELDS), json_values | date_like, max_size=8), max_size=5
    )
)
@example(records=[{"text": "Blinken met Gallant on Sunday.", "published": 1e308}])
@example(records=[{"text": "Blinken met Gallant on Sunday.", "captions": [1, None, {"a": 1}]}])
@example(records=[{"text": "<p>Blinken met Gallant on Sunday.</p>", "date": "9999-12-31"}])
@example(records=[{"text": "2024-04-14", "captions": True}])  # once dropped the whole file
def test_fuzz_jsonl_fields(records: list[dict]) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode()
    check_result("export.jsonl", analyse_bytes("export.jsonl", data))


@FUZZ
@given(
    meta=st.dictionaries(st.sampled_from(FIELDS), json_values | date_like, max_size=6),
    body=st.text(max_size=300),
)
@example(meta={"date": "9999-12-31"}, body="He will visit next year, on Monday.")
@example(meta={"date": "0001-01-01"}, body="Gallant met Austin last week.")
def test_fuzz_front_matter(meta: dict, body: str) -> None:
    head = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    data = f"---\n{head}---\n{body}".encode("utf-8", "surrogatepass")
    check_result("note.md", analyse_bytes("note.md", data))


@FUZZ
@given(
    title=st.text(max_size=50),
    date=date_like,
    body=st.text(max_size=200),
    kind=st.sampled_from(["rss", "atom"]),
)
def test_fuzz_feed_entries(title: str, date: str, body: str, kind: str) -> None:
    from xml.sax.saxutils import escape

    t, d, b = (escape("".join(c for c in s if c.isprintable())) for s in (title, date, body))
    if kind == "rss":
        xml = (
            f"<rss version='2.0'><channel><title>{t}</title><item><title>{t}</title>"
            f"<pubDate>{d}</pubDate><description>{b} Blinken met Gallant on Sunday.</description>"
            "</item></channel></rss>"
        )
    else:
        xml = (
            f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{t}</title><entry><title>{t}</title>"
            f"<updated>{d}</updated><content type='html'>{b} Gallant met Austin on Monday."
            "</content></entry></feed>"
        )
    check_result("news." + kind, analyse_bytes("news." + kind, xml.encode()))
