"""trafilatura's fast mode is trusted only when it found the page's story; else the full cascade."""

from __future__ import annotations

import lxml.html
import trafilatura

from tests.ingest.helpers import DATA
from timeline.ingest.html import TRAFILATURA_OPTIONS, covers_page, extract_main_text

STORY = " ".join(
    f"Paragraph {i}: the foreign ministers met in Vienna on Monday to discuss the ceasefire."
    for i in range(12)
)


def page(article: str, elsewhere: str = "") -> str:
    return (
        "<html><head><title>Talks in Vienna</title></head><body>"
        f"<article>{article}</article><div class='rail'>{elsewhere}</div></body></html>"
    )


def tree_of(html: str):
    return lxml.html.document_fromstring(html.encode("utf-8"))


def test_fast_extraction_is_kept_when_it_holds_the_pages_paragraphs() -> None:
    html = (DATA / "meta_tags.html").read_text(encoding="utf-8")
    fast = trafilatura.bare_extraction(html, fast=True, **TRAFILATURA_OPTIONS)
    assert covers_page(fast.text, tree_of(html))
    full = trafilatura.bare_extraction(html, **TRAFILATURA_OPTIONS)
    assert extract_main_text(html, tree_of(html)).text == full.text == fast.text


def test_short_or_partial_extraction_is_not_trusted() -> None:
    paragraphs = "".join(f"<p>{s}.</p>" for s in STORY.split(". "))
    html = page(paragraphs)
    assert covers_page(STORY, tree_of(html))
    # Too short to judge, or a third of the page's paragraph text: readability may do better.
    assert not covers_page("The ministers met.", tree_of(html))
    assert not covers_page(STORY, tree_of(page(paragraphs, paragraphs * 2)))


def test_garbage_page_falls_back_to_the_full_cascade() -> None:
    # Fast mode finds nothing in this markup; the full cascade's rescue is what the reader gets.
    html = (DATA / "bad" / "garbage.html").read_text(encoding="utf-8")
    assert trafilatura.bare_extraction(html, fast=True, **TRAFILATURA_OPTIONS) is None
    doc = extract_main_text(html, tree_of(html))
    assert doc is not None
    assert doc.text == trafilatura.bare_extraction(html, **TRAFILATURA_OPTIONS).text
