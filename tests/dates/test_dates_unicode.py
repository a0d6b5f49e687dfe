"""Characters whose lower case is longer than themselves must not shift offsets."""

from __future__ import annotations

import datetime as dt

from timeline.dates import resolve_text


def test_dotted_capital_i_keeps_offsets() -> None:
    text = "İ0 İstanbul talks ended on Sunday, March 3, 2024, said İlham Aliyev."
    mentions = resolve_text(text, dt.date(2024, 3, 4))
    assert [(m.text, m.value) for m in mentions] == [("Sunday, March 3, 2024", "2024-03-03")]
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_text_of_only_expanding_characters_resolves_to_nothing() -> None:
    assert resolve_text("İ0", dt.date(2024, 1, 1)) == []
