"""Cleaning: the story kept, captions set aside whole, page furniture dropped, offsets exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ingest.helpers import DATA, only
from timeline.ingest.clean import classify, clean
from timeline.ingest.text import normalise_newlines


def source_of(path: Path) -> str:
    from timeline.ingest.encoding import decode

    return normalise_newlines(decode(path.read_bytes()).text)


def assert_offsets_point_into_source(source: str, doc) -> None:
    assert doc.paragraphs, "no paragraphs"
    for para in doc.paragraphs:
        in_body = doc.body[para.start : para.start + para.length]
        in_source = source[para.source_start : para.source_start + para.length]
        assert in_body == in_source
    for caption, offset in zip(doc.captions, doc.caption_offsets, strict=True):
        assert source[offset : offset + len(caption)] == caption


def test_seed_000_keeps_story_and_sets_the_kirya_caption_aside(seeds) -> None:
    path = seeds / "000_a7d7234df7c54015.txt"
    doc = only(path, seeds)
    assert doc.body.split("\n\n")[0].startswith("Israel has an opportunity to form a strategic")
    assert len(doc.body.split("\n\n")) == 3
    # The caption carries its own event and full date; kept whole, once.
    assert len(doc.captions) == 1
    assert (
        "The Kirya, Israel's Ministry of Defense, Monday, Oct. 16, 2023, in Tel Aviv."
        in (doc.captions[0])
    )
    for noise in ("Read more", "France helped", "Google News", "Miss Universe", "Font Size"):
        assert noise not in doc.body
    assert_offsets_point_into_source(source_of(path), doc)


def test_seed_001_drops_staff_bio_and_donation_box(seeds) -> None:
    path = seeds / "001_6cbc2ccd4311eca1.txt"
    doc = only(path, seeds)
    assert doc.body.endswith("killed Israelis and other civilians in recent days.")
    assert "$5" not in doc.body and "team of journalists" not in doc.body
    assert doc.captions == [
        "Israeli Defense Minister Gallant meets with US Secretary of State Antony Blinken, "
        "Jan 31, 2023 (Photo: Ariel Hermoni/IMoD)"
    ]
    kinds = {r.kind for r in doc.removed}
    assert {"bio", "donation"} <= kinds
    assert_offsets_point_into_source(source_of(path), doc)


def test_seed_004_drops_byline_author_bio_and_comment_box(seeds) -> None:
    path = seeds / "004_ea53efc7631f0a8e.txt"
    doc = only(path, seeds)
    assert "content writer" not in doc.body and "Leave a Reply" not in doc.body
    assert "By Eleanor Harrison" not in doc.body
    assert doc.body.count("\n\n") == 5  # the standfirst and five paragraphs of the story
    assert_offsets_point_into_source(source_of(path), doc)


@pytest.mark.parametrize(
    "name", ["published_label.txt", "wire_dateline.txt", "inferred_no_date.txt", "header_line.txt"]
)
def test_offsets_of_fixtures(name: str) -> None:
    assert_offsets_point_into_source(source_of(DATA / name), only(DATA / name))


def test_source_offset_maps_an_evidence_sentence_back() -> None:
    path = DATA / "published_label.txt"
    doc = only(path)
    sentence = "The deal builds on the Reciprocal Access Agreement"
    at = doc.source_offset(doc.body.index(sentence))
    assert source_of(path)[at : at + len(sentence)] == sentence


def test_published_label_page_furniture() -> None:
    doc = only(DATA / "published_label.txt")
    assert doc.body.split("\n\n") == [
        "Japanese Prime Minister Fumio Kishida and Australian Prime Minister Anthony Albanese "
        "signed an agreement on Tuesday that lets their armed forces share fuel, spare parts and "
        "maintenance in each other's ports.",
        "The deal builds on the Reciprocal Access Agreement the two countries concluded on "
        "6 January 2022.",
    ]
    assert doc.author == "Hana Mori"
    removed = {r.text: r.kind for r in doc.removed}
    assert removed["Hana Mori is the Herald's Tokyo correspondent. "
                   "She previously covered trade for a business weekly."] == "bio"  # fmt: skip
    assert removed["• Seoul and Tokyo restore intelligence-sharing pact – March 21, 2024"] == "link"
    assert removed["© 2024 The Capital Herald. All rights reserved."] == "copyright"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("For as little as $5, you can support ALL ISRAEL NEWS, a non-profit media organization.", "donation"),
        ("The meeting came as a $95 billion security package moved forward in Congress.", "body"),
        ("Advertisement", "ad"),
        ("Sponsored: Refinance before rates move again.", "ad"),
        ("© 2024 Harbor Street Wire. All rights reserved.", "copyright"),
        ("Read more:", "link-header"),
        ("Read more: Israel strikes targets in Syria", "link"),
        ("Sign up for our morning newsletter", "promo"),
        ("Home | Politics | Security | Region | Faith | Podcasts", "nav"),
        ("Reporting by Dana Kell; Editing by Tom Ardis", "credits"),
        ("Associated Press writer Matthew Lee contributed to this report.", "credits"),
        ("By Park Seo-yeon, Washington correspondent", "byline"),
        ("By Sunday, the troops had withdrawn from the town.", "body"),
        ("FILE – Gallant and Austin face reporters in Tel Aviv. (Compass photo/Ilan Dorfman)", "caption"),
        ("Blinken and Sisi in Cairo, March 21, 2024. REUTERS/Amr Abdallah Dalsh", "caption"),
        ("Lukas Brenner covers the Middle East for Eastbridge Times from Nicosia.", "bio"),
        ("Blinken is the top U.S. diplomat and met Netanyahu on Monday.", "body"),
        # Story sentences that share words with boilerplate stay in the story.
        ("Japan will donate $50 million to UNRWA, the foreign ministry said.", "body"),
        ("“We will support our partners,” Biden said.", "body"),
        ("Hungary refused to subscribe to the EU statement on Tuesday.", "body"),
        ("Biden sent a message from the White House to Netanyahu.", "body"),
        ("Congress must give to Ukraine what it promised, Scholz said.", "body"),
        ("Refugees will receive $100 a month from the fund, officials said.", "body"),
        ("Updated figures show 300 drones were launched.", "body"),
        ("March 27, 2024 was a turning point for the alliance.", "body"),
        ("Wednesday, March 27, 2024 10:15 AM ET", "date-line"),
        # Wire datelines say where the story was filed: they stay.
        ("NAIROBI, Kenya (AP) _", "body"),
        ("CAPE TOWN, South Africa (AP) --", "body"),
        ("WASHINGTON _", "body"),
        # Real news that shares words with boilerplate (found on TempEval-3 news).
        ("He never dreamed that his country would become a member of NATO.", "body"),
        ("Woodbridge will subscribe for all the shares at a price of C$31.25 a share.", "body"),
        ("Jerry Steinman, publisher of a trade newsletter, said the move was expected.", "body"),
    ],
)  # fmt: skip
def test_line_kinds(line: str, kind: str) -> None:
    assert classify(line) == kind


def test_a_real_paragraph_after_a_link_list_ends_the_list() -> None:
    text = (
        "Talks in Vienna\n\nThe envoys met on Monday to discuss the nuclear file, diplomats said.\n\n"
        "Related\nIran enrichment reaches new high\n\n"
        "The talks will resume on Thursday, when the European negotiators return from Brussels.\n"
    )
    assert clean(text).body.split("\n\n") == [
        "The envoys met on Monday to discuss the nuclear file, diplomats said.",
        "The talks will resume on Thursday, when the European negotiators return from Brussels.",
    ]


def test_a_journalist_in_the_news_is_not_an_author_bio() -> None:
    text = (
        "Prisoner swap\n\n"
        "Russia and the United States exchanged prisoners in Ankara on Thursday, Turkish officials "
        "said.\n\n"
        "Evan Gershkovich is a Wall Street Journal reporter who was detained in Yekaterinburg.\n\n"
        "The exchange was the largest between the two countries since the end of the Cold War.\n\n"
        "Jane Roe covers Russia for the Example Times. She previously reported from Kyiv.\n"
    )
    cleaned = clean(text)
    assert "Evan Gershkovich is a Wall Street Journal reporter" in cleaned.body
    assert cleaned.body.endswith("since the end of the Cold War.")
    assert [r.kind for r in cleaned.removed if r.text.startswith("Jane Roe")] == ["bio"]


def test_markdown_offsets_point_into_the_file_past_front_matter_and_markup() -> None:
    path = DATA / "front_matter.md"
    doc = only(path)
    source = source_of(path)  # the whole file: front matter, '#', '**' and all
    for para in doc.paragraphs:
        assert (
            doc.body[para.start : para.start + para.length]
            == (source[para.source_start : para.source_start + para.length])
        )
    # "**today**" was unwrapped in the body; the word still maps to its place in the file.
    at = doc.source_offset(doc.body.index("today for a state visit"))
    assert source[at : at + len("today")] == "today"
    assert source[at - 2 : at] == "**"


LINE_SAMPLES = [
    "The ministers met in Vienna on Monday, March 3, 2024, and agreed to talk again.",
    "Read more:",
    "By Jane Doe Mar27,2024",
    "Published: 17 October 2023",
    "Blinken and Wang in Munich, Feb. 16, 2024. (Photo: Tobias Keller/Pool)",
    "For as little as $5, you can support our newsroom.",
    "© 2024 Example News. All rights reserved.",
    "Home | World | Politics | Opinion",
    "WASHINGTON, March 27 (Reuters) - Officials said the talks would resume.",
    "Jane Doe covers diplomacy for Example News. She previously reported from Cairo.",
    "• Related headline – Jan 5, 2024",
    "date 2024-04-14 Theme",
    "",
]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(LINE_SAMPLES),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
        ),
        max_size=25,
    )
)
def test_clean_never_fails_and_body_is_copied_from_the_source(lines: list[str]) -> None:
    text = normalise_newlines("\n".join(lines))
    cleaned = clean(text)
    ends = 0
    for para in cleaned.paragraphs:
        assert para.start >= ends
        ends = para.start + para.length
        assert (
            cleaned.body[para.start : ends]
            == text[para.source_start : para.source_start + para.length]
        )
    assert ends == len(cleaned.body)
    for caption, offset in zip(cleaned.captions, cleaned.caption_offsets, strict=True):
        assert text[offset : offset + len(caption)] == caption


def test_a_credit_on_its_own_line_makes_the_line_above_a_caption() -> None:
    text = (
        "Blinken in Washington\n\n"
        "Secretary of State Antony Blinken speaks at the State Department on March 5, 2024.\n"
        "Chip Somodevilla/Getty Images\n\n"
        "Blinken said on Tuesday that talks on a ceasefire in Gaza were making progress.\n\n"
        "Gallant listens to Blinken at the Kirya, Monday, Oct. 16, 2023.\n"
        "(AP Photo/Jacquelyn Martin, Pool)\n\n"
        "Reuters\n\n"
        "The two men met again later that week, according to the ministry in Tel Aviv.\n"
    )
    cleaned = clean(text)
    assert cleaned.captions == [
        "Secretary of State Antony Blinken speaks at the State Department on March 5, 2024.\n"
        "Chip Somodevilla/Getty Images",
        "Gallant listens to Blinken at the Kirya, Monday, Oct. 16, 2023.\n"
        "(AP Photo/Jacquelyn Martin, Pool)",
    ]
    assert cleaned.body.split("\n\n") == [
        "Blinken said on Tuesday that talks on a ceasefire in Gaza were making progress.",
        "The two men met again later that week, according to the ministry in Tel Aviv.",
    ]
