"""HTML pages: trafilatura for the main text, the page's meta tags (or htmldate) for the date.

Also the small HTML-to-text conversion that feed entries and JSONL fields holding HTML go through:
trafilatura is made for whole pages and is slow, a fragment only needs its blocks and captions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

from timeline.ingest.article import make_article
from timeline.ingest.encoding import decode, refuse_binary
from timeline.models import ArticleText, Problem
from timeline.published import parse_date_value

DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", re.IGNORECASE)
# Meta tags that state the publication date, most specific first.
DATE_META = [
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("name", "sailthru.date"),
    ("property", "og:published_time"),
]
BLOCK_TAGS = {
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
    "pre", "table", "tr", "ul", "ol", "figure", "header", "footer", "aside", "main", "dd", "dt",
}  # fmt: skip
CAPTION_XPATH = (
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    " | //*[contains(@class, 'wp-caption-text')]"
)


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """Text of an HTML file: UTF-8 when the bytes are UTF-8, else the declared charset when it
    decodes cleanly, else detection.

    Pages that declare ISO-8859-1 but are written in UTF-8 are common; valid UTF-8 with accents
    is never meant as Latin-1, so the bytes win over the declaration. As browsers do (WHATWG),
    a declared ISO-8859-1 or ASCII is read as windows-1252.
    """
    refuse_binary(data)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8").lstrip("\ufeff"), "utf-8", []
        except UnicodeDecodeError:
            pass
    if m := DECLARED_CHARSET.search(data[:4096]):
        declared = m[1].decode("ascii", "replace").lower()
        declared = WHATWG_ALIASES.get(declared, declared)
        try:
            return data.decode(declared).lstrip("\ufeff"), declared, []
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode(data)
    return decoded.text, decoded.encoding, decoded.warnings


WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
}


def _norm(text: str) -> str:
    return " ".join(text.split())


def date_from_meta(tree) -> tuple[dt.date, str] | None:
    """The publication date the page's meta tags or JSON-LD state, with the tag it came from."""
    for attr, name in DATE_META:
        for el in tree.xpath(f"//meta[@{attr}]"):
            if el.get(attr, "").lower() == name.lower():
                value = el.get("content") or el.get("datetime") or ""
                if day := parse_date_value(value):
                    return day, f'<meta {attr}="{name}" content="{value}">'
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            graph = item.get("@graph", [item]) if isinstance(item, dict) else []
            for node in graph:
                if isinstance(node, dict) and (day := parse_date_value(node.get("datePublished"))):
                    return day, f'JSON-LD datePublished "{node["datePublished"]}"'
    return None


def read_html(path: Path, rel: str, data: bytes) -> Iterator[ArticleText | Problem]:
    """One article per HTML page."""
    import lxml.html
    from htmldate import find_date

    text, encoding, warnings = decode_html(data)
    for warning in warnings:
        yield Problem(path=rel, error=warning)
    if not re.search(r"<\s*(?:html|body|head|p|div|article|title)\b", text, re.IGNORECASE):
        yield Problem(path=rel, error="no HTML markup found (is this a text file named .html?)")
        return
    lower = text[-2000:].lower()
    if re.search(r"<html\b", text[:4096], re.IGNORECASE) and "</html>" not in lower:
        yield Problem(
            path=rel, error="broken HTML: truncated, no closing </html>; read what is there"
        )
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=_parser())
    except Exception as exc:  # lxml raises several types for hopeless markup
        yield Problem(path=rel, error=f"broken HTML: {exc}")
        return
    captions = [c for el in tree.xpath(CAPTION_XPATH) if (c := _norm(el.text_content()))]
    doc = extract_main_text(text, tree)
    if doc is None or not (doc.text or "").strip():
        yield Problem(path=rel, error="broken HTML: no article text found in the page")
        return
    # One paragraph per block, so the cleaner never takes the page for one boilerplate box.
    lines = [ln.strip() for ln in doc.text.split("\n")]
    source = "\n\n".join(ln for ln in lines if ln and _norm(ln) not in captions)
    meta = {
        "title": doc.title,
        "url": doc.url,
        "publisher": doc.sitename,
        "author": doc.author,
    }
    html_meta, evidence = None, None
    if found := date_from_meta(tree):
        html_meta, evidence = found
    else:
        stated = find_date(tree, extensive_search=False, original_date=True, max_date="2099-12-31")
        if stated and (day := parse_date_value(stated)):
            html_meta, evidence = day, f"htmldate: {stated}"
    yield make_article(
        rel,
        source,
        meta={k: v for k, v in meta.items() if v},
        html_meta=html_meta,
        html_meta_evidence=evidence,
        captions=captions,
        encoding=encoding,
    )


TRAFILATURA_OPTIONS = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "date_extraction_params": {"extensive_search": False, "max_date": "2099-12-31"},
}
# trafilatura's own extractor is trusted alone when its text is this long and holds at least this
# share of the page's paragraph text; otherwise readability and justext are consulted too.
FAST_MIN_CHARS = 500
FAST_MIN_SHARE = 0.5


def extract_main_text(text: str, tree):
    """trafilatura's extraction of a page (text and metadata), cheapest first.

    The fast mode skips the comparison with readability and justext, which costs two thirds of
    the time; those fallbacks only win when trafilatura's own extractor found little or missed
    much (readability is preferred when its text is twice as long). So the fast result is kept
    when it is long and covers most of the page's <p> text, and the full cascade runs otherwise.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(text, fast=True, **TRAFILATURA_OPTIONS)
    if doc is not None and covers_page(doc.text or "", tree):
        return doc
    return trafilatura.bare_extraction(text, **TRAFILATURA_OPTIONS)


def covers_page(extracted: str, tree) -> bool:
    """extracted is long and holds at least FAST_MIN_SHARE of the text of the page's paragraphs."""
    if len(extracted) < FAST_MIN_CHARS:
        return False
    paragraphs = sum(len(_norm(p.text_content())) for p in tree.iter("p"))
    return len(extracted) >= FAST_MIN_SHARE * paragraphs


def _parser():
    import lxml.html

    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True)


def fragment_to_text(html: str) -> tuple[str, list[str]]:
    """(text, captions) of an HTML fragment: one paragraph per block, figure captions aside."""
    import lxml.html

    if "<" not in html:
        return html, []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div", parser=_parser())
    except Exception:  # not parseable as HTML: keep it as the text it is
        return re.sub(r"<[^>]+>", " ", html), []
    for el in root.xpath("//script | //style | //noscript | //iframe"):
        el.drop_tree()
    captions = []
    for el in root.xpath(CAPTION_XPATH):
        if caption := _norm(el.text_content()):
            captions.append(caption)
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    paragraphs = [
        "\n".join(norm for line in block.split("\n") if (norm := _norm(line)))
        for block in re.split(r"\n\s*\n", root.text_content())
    ]
    return "\n\n".join(p for p in paragraphs if p), captions
