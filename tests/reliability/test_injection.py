"""Injection through full builds: hostile article text reaches every output as text, never as markup.

One build of a small corpus whose articles carry `<script>`, `javascript:` and `data:` URLs, `]]>`,
iCal line breaks with `END:VEVENT`, control characters, bidi overrides and a 10,000-character title
in every field a reader takes (title, URL, publisher, body, captions). Each output is then read with
the real parser of its format and checked: well-formed, the same number of events everywhere, the
hostile words present as text and absent as structure.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import lxml.etree
import lxml.html
import pytest

from timeline.pipeline import build
from timeline.settings import Settings

SCRIPT = "<script>alert('x')</script>"
HOSTILE = (
    f"{SCRIPT} <img src=x onerror=alert(1)> ]]> javascript:alert(2) &amp; &lt;b&gt; "
    "\u202egnp.exe\u202c {{7*7}} ${7*7}"
)
ICAL_BREAK = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:pwned\r\nSUMMARY:pwned\r\nDTSTART:20240101"
CONTROLS = "\x00\x01\x08\x0b\x0c\x1b\x7f\ufffe"
LONG_TITLE = "Gallant " + "very long title " * 625  # 10,008 characters
TITLE = "Hostile <news> & views"


def write_corpus(folder: Path) -> None:
    (folder / "wire").mkdir(parents=True)
    (folder / "wire" / "gallant.txt").write_text(
        f"date 2024-04-14\nGallant sees a chance {HOSTILE}\n\n"
        f"Defense Minister Yoav Gallant said on Sunday that Israel could form an alliance {HOSTILE}.\n\n"
        f"He met Lloyd Austin on April 12, 2024 in Tel Aviv {HOSTILE}.\n",
        encoding="utf-8",
    )
    records = [
        {
            "title": f"Blinken in Cairo {ICAL_BREAK}{CONTROLS}",
            "url": "javascript:alert(3)",
            "publisher": f"Wire ]]> {SCRIPT}{ICAL_BREAK}{CONTROLS}",
            "published": "2024-03-27",
            "text": "Antony Blinken visited Cairo on Tuesday for talks on Gaza END:VEVENT "
            f"BEGIN:VEVENT UID:pwned {CONTROLS}.",
            "captions": [f"Photo: {SCRIPT}"],
        },
        {
            "title": LONG_TITLE,
            "url": "data:text/html,<script>alert(4)</script>",
            "published": "2024-04-09",
            "text": f"Sergei Lavrov met Wang Yi in Beijing on Tuesday. {LONG_TITLE}",
        },
    ]
    (folder / "export.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    (folder / "page.html").write_text(
        "<html><head><title>Austin &lt;script&gt;alert(5)&lt;/script&gt;</title>"
        '<meta property="article:published_time" content="2024-04-10">'
        "<script>alert('page script')</script></head><body><article><h1>Austin visits</h1>"
        "<p>Lloyd Austin met Yoav Gallant in Washington on Wednesday, officials said. "
        "They called it &lt;script&gt;alert(5)&lt;/script&gt; a frank exchange ]]&gt;.</p>"
        '<p><a href="javascript:alert(6)">More</a> about the talks that continued on April 10, 2024 '
        "in Washington, where Austin said the alliance would hold.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "feed.rss").write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Feed ]]&gt;</title>"
        "<item><title>&lt;script&gt;alert(7)&lt;/script&gt;</title>"
        "<link>javascript:alert(8)</link><pubDate>Mon, 08 Apr 2024 10:00:00 GMT</pubDate>"
        "<description><![CDATA[<p>Hakan Fidan met Sergei Lavrov in Ankara on Monday "
        "<script>alert(9)</script> to discuss the grain corridor ]]]]><![CDATA[> deal.</p>]]>"
        "</description></item></channel></rss>",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("injection")
    write_corpus(root / "input")
    settings = Settings(input_dir=root / "input", out_dir=root / "feeds", title=TITLE)
    result = build(settings)
    return result, root / "feeds"


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def test_every_article_read_and_hostile_text_reaches_events(hostile_build) -> None:
    result, out = hostile_build
    assert result.timeline.problems == []
    assert len(result.timeline.articles) == 5
    data = json.loads(read(out, "timeline.json"))
    assert len(data["events"]) >= 4
    evidence = " ".join(s["evidence"] for e in data["events"] for s in e["sources"])
    # The hostile words survive as data: nothing was silently dropped on the way.
    assert SCRIPT in evidence and "END:VEVENT" in evidence and "]]>" in evidence
    titles = [a["title"] for a in data["articles"]]
    assert any(t and len(t) >= 10_000 for t in titles), "the 10,000-character title was cut"


def test_no_control_characters_in_any_output(hostile_build) -> None:
    _, out = hostile_build
    for path in out.iterdir():
        if path.name.startswith("."):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            json.loads(text)  # strict: a raw control character in a string raises
            continue  # JSON may carry U+007F and U+FFFE: they are valid there
        bad = set(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", text))
        assert not bad, f"{path.name} holds control characters {bad}"


@pytest.mark.parametrize("name", ["timeline.rss", "timeline.atom"])
def test_feeds_parse_without_bozo_and_carry_no_markup(hostile_build, name: str) -> None:
    result, out = hostile_build
    raw = (out / name).read_bytes()
    lxml.etree.fromstring(raw)  # strictly well-formed XML, or this raises
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(result.timeline.events)
    assert parsed.feed.title == TITLE
    for entry in parsed.entries:
        assert "pwned" not in entry.get("id", "")
        for link in entry.get("links", []):
            assert (
                link["href"].startswith(("http://", "https://", "tag:", "#"))
                or "://" not in link["href"]
            ), link
            assert not link["href"].lower().startswith(("javascript:", "data:")), link
        for field in ("summary", "content"):
            values = (
                [entry.get("summary", "")]
                if field == "summary"
                else [c.value for c in entry.get("content", [])]
            )
            for value in values:
                assert_inert_html(value)
    # The description carries the hostile words as text: escaped once inside the HTML.
    texts = " ".join(lxml.html.fragment_fromstring(e.summary, create_parent="div").text_content()
                     for e in parsed.entries)  # fmt: skip
    assert SCRIPT in texts


def test_ical_parses_to_the_same_events_and_no_injected_event(hostile_build) -> None:
    result, out = hostile_build
    raw = (out / "timeline.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert len(events) == len(result.timeline.events)
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == len(events)
    assert raw.count(b"\r\nEND:VEVENT\r\n") == len(events)
    assert all(str(e["UID"]) != "pwned" for e in events)
    assert all(str(e["SUMMARY"]) != "pwned" for e in events)
    # RFC 5545 3.1: lines end in CRLF and are folded at 75 octets, a 10,000-character title too.
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)[:80]
    assert b"\n" not in raw.replace(b"\r\n", b"")
    descriptions = " ".join(str(e.get("DESCRIPTION", "")) for e in events)
    assert "END:VEVENT" in descriptions  # present as text inside a value


class _HtmlAudit(HTMLParser):
    """Collects what a browser would run or follow: scripts, event handlers, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        for key, value in attrs:
            if key.startswith("on"):
                self.handlers.append(f"{tag} {key}={value}")
            if key in ("href", "src", "action", "formaction") and value is not None:
                self.urls.append(value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def assert_inert_html(markup: str) -> _HtmlAudit:
    audit = _HtmlAudit()
    audit.feed(markup)
    audit.close()
    assert not audit.handlers, audit.handlers
    assert not any(re.search(r"alert\(", s) for s in audit.scripts), audit.scripts
    for url in audit.urls:
        assert not re.match(r"\s*(javascript|data|vbscript):", url, re.I), url
    return audit


def test_html_page_shows_hostile_text_as_text(hostile_build) -> None:
    result, out = hostile_build
    page = read(out, "index.html")
    audit = assert_inert_html(page)
    visible = "".join(audit.text)
    assert SCRIPT in visible  # shown to the reader, literally
    assert "alert(1)>" in visible  # the <img onerror> stayed text
    assert TITLE in visible
    tree = lxml.html.fromstring(page)
    shown = tree.xpath("//article[contains(@class, 'event')]/@id")
    assert sorted(shown) == sorted(e.id for e in result.timeline.events)


def test_timelinejs_text_is_escaped_html(hostile_build) -> None:
    result, out = hostile_build
    document = json.loads(read(out, "timeline.timelinejs.json"))
    assert len(document["events"]) == len(result.timeline.events)
    for slide in document["events"]:
        assert_inert_html(slide["text"]["headline"])
        audit = assert_inert_html(slide["text"]["text"])
        assert "<script" not in "".join(audit.text).replace(SCRIPT, "")
    assert_inert_html(document["title"]["text"]["headline"])


def test_xml_entities_are_neither_expanded_nor_fetched(tmp_path: Path) -> None:
    """Billion laughs and external entities (XXE) in a feed or page: no blow-up, no file read."""
    folder = tmp_path / "input"
    folder.mkdir()
    entities = '<!ENTITY lol "lol">'
    for level in range(1, 10):
        previous = f"lol{level - 1}" if level > 1 else "lol"
        entities += f'<!ENTITY lol{level} "{("&" + previous + ";") * 10}">'
    (folder / "laughs.rss").write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [{entities}]><rss version="2.0"><channel><title>x'
        "</title><item><title>&lol9;</title><description>Blinken met Gallant in Cairo on Monday "
        "&lol9;.</description></item></channel></rss>"
    )
    xxe = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    (folder / "xxe.xml").write_text(
        f'<?xml version="1.0"?>{xxe}<rss version="2.0"><channel><title>&xxe;</title><item>'
        "<title>t &xxe;</title><description>Blinken met Gallant in Cairo on Monday, officials "
        "said &xxe;.</description></item></channel></rss>"
    )
    (folder / "xxe.html").write_text(
        f"{xxe}<html><body><p>Blinken met Gallant in Cairo on Monday, officials said &xxe;.</p>"
        "</body></html>"
    )
    result = build(Settings(input_dir=folder, out_dir=tmp_path / "out"))
    assert len(result.timeline.articles) + len(result.timeline.problems) >= 3
    for path in (tmp_path / "out").iterdir():
        data = path.read_bytes()
        assert b"root:" not in data, path.name
        assert b"lollollollollollollollollol" not in data, path.name
        assert len(data) < 1_000_000, path.name
