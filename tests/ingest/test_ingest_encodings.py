"""Encodings: UTF-8 with or without BOM, UTF-16 with or without BOM, cp1252/Latin-1, CRLF."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ingest.helpers import DATA, only
from timeline.errors import InputError
from timeline.ingest.encoding import decode

ENC = DATA / "encodings"
FIRST = (
    "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart Hakan Fidan at the Antalya "
    "Diplomacy Forum on Friday, March 1, 2024, and discussed the “grain corridor” and the war in "
    "Ukraine."
)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8_bom_crlf.txt", "utf-8"),
        ("utf16_bom.txt", "utf-16-le"),
        ("utf16be_no_bom.txt", "utf-16-be"),
        ("cp1252.txt", "cp1252"),
    ],
)
def test_each_encoding_reads_the_same_story(name: str, encoding: str) -> None:
    doc = only(ENC / name, ENC)
    assert doc.encoding == encoding
    assert doc.body.split("\n\n")[0] == FIRST
    assert "Fidan’s office" in doc.body and "\r" not in doc.body and "\ufffd" not in doc.body


def test_cp1252_accents_are_not_mojibake() -> None:
    doc = only(ENC / "cp1252.txt", ENC)
    assert doc.article.title == "Lavrov and Fidan meet in Antalya – café diplomacy"


def test_latin1_reads_as_cp1252_superset() -> None:
    doc = only(ENC / "latin1.txt", ENC)
    assert "Türkiye" in doc.body and "Ã" not in doc.body


def test_utf8_is_never_taken_for_cp1252() -> None:
    assert decode("Gallant’s office — Élysée".encode()).text == "Gallant’s office — Élysée"


WESTERN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-\néèêàâäöüñçßÉÀÖÜ’‘“”–—€…°£"


@given(st.text(alphabet=WESTERN, min_size=1).filter(lambda t: not re.search(r"[^\x00-\x7f]{2}", t)))
def test_cp1252_prose_round_trips(text: str) -> None:
    """Western prose in cp1252 (no two non-ASCII characters in a row) is never misread."""
    data = text.encode("cp1252")
    try:
        decoded = decode(data)
    except InputError:
        assert not text.strip()  # only blank text is refused
        return
    assert decoded.text == text
    assert decoded.encoding == ("utf-8" if text.isascii() else "cp1252")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Министр иностранных дел России Сергей Лавров встретился в пятницу с турецким "
            "коллегой Хаканом Фиданом в Анталье.\n\nСтороны обсудили зерновой коридор.",
            "cp1251",
        ),
        (
            "Ο υπουργός Εξωτερικών Γιώργος Γεραπετρίτης συναντήθηκε με τον Τούρκο ομόλογό του "
            "στην Αθήνα την Παρασκευή.",
            "cp1253",
        ),
        (
            "岸田文雄首相は金曜日、ワシントンでバイデン大統領と会談した。両首脳は防衛協力の強化で合意した。",
            "shift_jis",
        ),
    ],
)
def test_other_scripts_are_detected_not_read_as_cp1252(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding != "cp1252"


def test_html_declaring_latin1_but_written_in_utf8_is_read_as_utf8() -> None:
    from timeline.ingest.html import decode_html

    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>Macron à l’Élysée</p></body></html>'
    )
    text, encoding, warnings = decode_html(page.encode("utf-8"))
    assert "Macron à l’Élysée" in text and encoding == "utf-8" and warnings == []
    # Truly Latin-1 bytes follow the declaration, read as windows-1252 like browsers do.
    text, encoding, _ = decode_html(page.replace("’", "'").encode("latin-1"))
    assert "Macron à l'Élysée" in text and encoding == "cp1252"
