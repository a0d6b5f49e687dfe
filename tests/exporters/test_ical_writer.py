"""Our VEVENT writer must write what icalendar writes, byte for byte: same escaping, same folding."""

from __future__ import annotations

import random

import icalendar
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render
from icalendar.parser import Contentline

from timeline.exporters.ical import escape_text, fold_line

# Characters that stress escaping and folding: escapes, separators, 2-, 3- and 4-byte UTF-8.
ALPHABET = 'ab ,;:\\^"\n\r\tNé—“”€日本🙂'


def tricky_strings(count: int) -> list[str]:
    rng = random.Random(8)
    texts = ["", "x" * 74, "x" * 75, "x" * 73 + "\\n", "x" * 72 + "é" + "y" * 10, "\\N" * 60]
    texts += [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 400))) for _ in range(count)
    ]
    return texts


def test_escape_text_is_icalendars_vtext_escaping():
    for text in tricky_strings(300):
        assert escape_text(text) == icalendar.vText(text).to_ical().decode("utf-8")


def test_fold_line_is_icalendars_folding():
    for text in tricky_strings(300):
        line = "DESCRIPTION:" + escape_text(text)
        assert fold_line(line) == Contentline(line).to_ical()


def test_folded_lines_parse_back_to_the_text():
    for text in tricky_strings(50):
        event = icalendar.Event.from_ical(
            b"BEGIN:VEVENT\r\n" + fold_line("SUMMARY:" + escape_text(text)) + b"\r\nEND:VEVENT\r\n"
        )
        expected = text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")
        assert str(event["SUMMARY"]) == expected


def test_calendar_is_icalendars_canonical_form():
    """Parsed and written again by icalendar, our calendar comes back byte for byte: the property
    order, escaping and folding are icalendar's own, hostile texts included."""
    events = [*SAMPLE_EVENTS, *(hostile_event(text) for text in HOSTILE_TEXTS.values())]
    data = render("ics", make_timeline(*events), base_url="https://example.org/t")
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == len(events)
    assert icalendar.Calendar.from_ical(data).to_ical() == data
