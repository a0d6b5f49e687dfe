"""One test per input format, on fixtures written to look like what news sites publish."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.ingest.helpers import DATA, only, read
from timeline.ingest import read_corpus


def test_scraped_txt_with_header_line() -> None:
    doc = only(DATA / "header_line.txt")
    assert doc.article.published == dt.date(2024, 4, 14)
    assert doc.article.published_basis == "header"
    assert doc.article.title == "G7 leaders condemn Iranian attack on Israel"
    assert doc.body.startswith("Leaders of the Group of Seven condemned Iran’s attack")
    assert "Light" not in doc.body and "Other Sites" not in doc.body


def test_markdown_front_matter() -> None:
    doc = only(DATA / "front_matter.md")
    a = doc.article
    assert (a.published, a.published_basis) == (dt.date(2023, 6, 22), "metadata")
    assert a.title == "Modi and Biden expand defence ties during state visit"
    assert a.url == "https://example.org/2023/06/22/modi-biden"
    assert a.publisher == "Example Daily"
    assert doc.author == "Priya Raman"
    # Markdown syntax is gone, the heading repeating the title and the byline left the body.
    assert doc.body.startswith("President Joe Biden welcomed Indian Prime Minister Narendra Modi")
    assert "**" not in doc.body and "#" not in doc.body and "By Priya Raman" not in doc.body
    # Bullet points of the story stay; the image's alt text is set aside as a caption.
    assert "GE will build F414 engines" in doc.body
    assert "India will buy armed MQ-9B drones." in doc.body
    assert doc.captions == ["Image: Modi and Biden at the White House"]
    assert "Become a member" not in doc.body


def test_html_page_with_meta_tags() -> None:
    doc = only(DATA / "meta_tags.html")
    a = doc.article
    assert (a.published, a.published_basis) == (dt.date(2024, 3, 20), "html-meta")
    assert "article:published_time" in doc.published_evidence
    assert a.title == "Blinken meets Saudi crown prince in Riyadh"
    assert a.publisher == "The Gulf Observer"
    assert doc.author == "Layla Haddad"
    assert doc.body.startswith("U.S. Secretary of State Antony Blinken met Saudi Crown Prince")
    assert "normalisation of relations" in doc.body
    assert doc.captions == [
        "U.S. Secretary of State Antony Blinken meets Saudi Crown Prince Mohammed bin Salman in "
        "Riyadh, Wednesday, March 20, 2024. (Photo: Evelyn Hockstein/Pool)"
    ]
    for noise in ("cookies", "UN council to vote", "Hostage talks resume", "All rights reserved"):
        assert noise not in doc.body


def test_html_declared_cp1252_and_json_ld_date() -> None:
    doc = only(DATA / "json_ld.html")
    assert doc.article.title == "Macron receives Zelensky at the Élysée"
    assert (doc.article.published, doc.article.published_basis) == (
        dt.date(2024, 2, 16),
        "html-meta",
    )
    assert "JSON-LD" in doc.published_evidence
    assert "€3 billion" in doc.body and "“This is a historic moment,”" in doc.body
    assert doc.author == "Claire Dubois" or doc.author is None


def test_jsonl_export_reads_every_good_line_and_reports_the_others() -> None:
    articles, problems = read(DATA / "export.jsonl")
    assert [a.article.path for a in articles] == ["export.jsonl#1", "export.jsonl#3"]
    first, third = articles
    assert (first.article.published, first.article.published_basis) == (
        dt.date(2023, 7, 8),
        "metadata",
    )
    assert first.article.publisher == "Bosphorus Daily" and first.author == "Emre Kaya"
    assert "expires on July 17, 2023." in first.body
    # HTML content is turned into paragraphs; its figure caption is set aside, its links dropped.
    assert third.article.published == dt.date(2024, 2, 17)  # RFC 822 "date" field
    assert third.article.publisher == "Alpine Times"  # "source" field
    assert third.body.split("\n\n") == [
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi on the "
        "sidelines of the Munich Security Conference on Friday.",
        "The two sides agreed to keep lines of communication open.",
    ]
    assert third.captions == [
        "Blinken and Wang Yi shake hands in Munich, Feb. 16, 2024. (Photo: Tobias Keller/Pool)"
    ]
    assert {p.path: p.error for p in problems} == {
        "export.jsonl#2": "line 2 is not JSON: Unterminated string starting at (column 36)",
        "export.jsonl#4": "line 4 has no text (no text, content, body or other text field)",
        "export.jsonl#6": "line 6 is not a JSON object",
    }


def test_rss_feed_one_article_per_entry() -> None:
    articles, problems = read(DATA / "news.rss")
    assert [a.article.path for a in articles] == ["news.rss#1", "news.rss#2"]
    first = articles[0]
    # The publisher's own calendar day, not UTC (01:30 +0300 is still May 2 in UTC).
    assert (first.article.published, first.article.published_basis) == (
        dt.date(2023, 5, 3),
        "metadata",
    )
    assert first.article.title == "Nordic leaders meet Zelensky in Helsinki"
    assert first.article.publisher == "Baltic Ledger – World"
    assert first.article.url == "https://balticledger.example/world/2023/05/03/nordic-zelensky"
    assert first.author == "Anna Lind"
    # content:encoded wins over the one-line description.
    assert "issued a joint statement of support" in first.body
    assert first.captions == [
        "Zelensky arrives in Helsinki, May 3, 2023. (Photo: Mikko Salo/Lehtikuva)"
    ]
    assert [(p.path, p.error) for p in problems] == [
        ("news.rss#3", "feed entry has no text (no content or summary)")
    ]


def test_atom_feed_entry() -> None:
    doc = only(DATA / "news.atom")
    assert doc.article.path == "news.atom#1"
    assert doc.article.published == dt.date(2023, 12, 7)  # 22:30 -03:00, not Dec 8 UTC
    assert doc.article.publisher == "Andes Review – Diplomacy"
    assert doc.author == "Mateo Rojas"
    assert doc.body.startswith("Brazilian President Luiz Inacio Lula da Silva")


def test_corpus_reads_subfolders_skips_hidden_files_and_the_output_folder(tmp_path: Path) -> None:
    story = (DATA / "header_line.txt").read_bytes()
    (tmp_path / "2024" / "april").mkdir(parents=True)
    (tmp_path / "2024" / "april" / "g7.txt").write_bytes(story)
    (tmp_path / ".hidden.txt").write_bytes(story)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_bytes(story)
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "old.txt").write_bytes(story)
    paths = [
        item.article.path
        for item in read_corpus(tmp_path, exclude=[tmp_path / "feeds"])
        if hasattr(item, "article")
    ]
    assert paths == ["2024/april/g7.txt"]


def test_reading_is_deterministic_and_per_file() -> None:
    """The same file gives the same article, whichever files are read around it."""
    alone = only(DATA / "published_label.txt")
    in_corpus = next(
        i
        for i in read_corpus(DATA)
        if getattr(i, "article", None) and i.article.path == "published_label.txt"
    )
    assert alone.model_dump() == in_corpus.model_dump()


def test_json_export_with_a_list_of_articles() -> None:
    articles, problems = read(DATA / "export.json")
    (doc,) = articles
    assert doc.article.path == "export.json#1"
    assert doc.article.title == "Kishida and Yoon meet in Seoul"  # "headline"
    assert (doc.article.published, doc.article.published_basis) == (
        dt.date(2023, 5, 7),
        "metadata",
    )  # "datePublished"
    assert doc.article.publisher == "Han River Times"
    assert [(p.path, p.error) for p in problems] == [
        (
            "export.json#2",
            "item 2 has no text (no text, content, body or other text field)",
        )
    ]


def test_jsonl_text_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    text = (
        "Macron met Scholz in Paris on Monday.\u2028They agreed on a joint statement, aides said."
    )
    (tmp_path / "x.jsonl").write_text('{"text": "' + text + '", "date": "2024-01-08"}\n')
    articles, problems = read(tmp_path / "x.jsonl", tmp_path)
    assert problems == [] and "joint statement" in articles[0].body


def test_newsapi_style_record(tmp_path: Path) -> None:
    record = {
        "source": {"id": "reuters", "name": "Reuters"},
        "author": "Humeyra Pamuk",
        "title": "Blinken meets Wang Yi in Beijing",
        "url": "https://example.org/blinken-wang",
        "publishedAt": "2024-04-26T09:15:00Z",
        "content": "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi "
        "in Beijing on Friday for more than five hours of talks.",
    }
    (tmp_path / "newsapi.jsonl").write_text(json.dumps(record) + "\n")
    doc = only(tmp_path / "newsapi.jsonl", tmp_path)
    assert (doc.article.published, doc.article.publisher, doc.author) == (
        dt.date(2024, 4, 26),
        "Reuters",
        "Humeyra Pamuk",
    )


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes((DATA / "meta_tags.html").read_bytes())
    doc = only(tmp_path / "page.txt", tmp_path)
    assert doc.article.published_basis == "html-meta"
    assert "<" not in doc.body and doc.body.startswith("U.S. Secretary of State Antony Blinken")
