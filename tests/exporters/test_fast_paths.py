"""The exporters' fast paths write what the straightforward code they replaced wrote.

Each fast function is checked against a reference written the plain way (the library call, or
the code as it was), on arbitrary text: hostile characters, controls, non-ASCII, long lines.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
from exporter_samples import SAMPLE_EVENTS, make_timeline
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from timeline.exporters.base import clean_text, escape_html, newest_first, one_line
from timeline.exporters.ical import escape_text, fold_line, fold_text
from timeline.exporters.texts import EventTexts, summary_to_show
from timeline.models import Source

# Text that reaches every branch: HTML and iCal specials, controls, CR/LF, NBSP, astral characters.
TEXT = st.text(
    alphabet=st.sampled_from(
        list("abN ,;:\\^&<>'\"\r\n\t\x00\x0b\x1f\x7f\x85\x9f\u00a0\u2028é—😀\ufffe")
    ),
    max_size=300,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def reference_clean_text(text: str | None) -> str:
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@given(TEXT)
def test_escape_html_is_markupsafe_escape(text: str) -> None:
    assert escape_html(text) == str(escape(text))


@given(TEXT)
def test_clean_text_fast_path_changes_nothing(text: str) -> None:
    assert clean_text(text) == reference_clean_text(text)
    assert one_line(text) == " ".join(reference_clean_text(text).split())


@given(TEXT)
def test_escape_text_is_icalendars_vtext(text: str) -> None:
    assert escape_text(text) == icalendar.vText(text).to_ical().decode("utf-8")


@given(TEXT, st.sampled_from(["SUMMARY:", "DESCRIPTION:", "LOCATION:", ""]))
def test_fold_text_is_fold_line(text: str, name: str) -> None:
    line = name + text.replace("\r", "").replace("\n", "\\n")
    assert fold_text(line).encode("utf-8") == fold_line(line)


@given(st.integers(min_value=0, max_value=400), st.sampled_from(["a", "\\", "^", "é", "😀"]))
def test_fold_text_at_every_length(length: int, last: str) -> None:
    line = "x" * length + last + "y" * 80
    assert fold_text(line).encode("utf-8") == fold_line(line)


@given(TEXT, TEXT, st.lists(TEXT, max_size=3))
def test_summary_shown_as_before(summary: str, title: str, evidence: list[str]) -> None:
    """The summary is shown unless, made one line, it is the title or an evidence sentence."""
    timeline = make_timeline(*SAMPLE_EVENTS)
    event = timeline.events[0].model_copy(
        update={
            "summary": summary,
            "title": title,
            "sources": [Source(article="missing", evidence=e) for e in evidence],
        }
    )
    cleaned = reference_clean_text(summary).strip()
    repeats = {" ".join(reference_clean_text(t).split()) for t in [title, *evidence]}
    expected = "" if " ".join(cleaned.split()) in repeats else cleaned
    assert summary_to_show(event, EventTexts(timeline).sources(event)) == expected


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 3), st.booleans(), st.sampled_from(["a", "b"])),
        max_size=40,
    ),
    st.integers(1, 10),
)
def test_newest_few_are_the_first_of_all_sorted(specs, limit: int) -> None:
    """The feeds take the newest `limit` events with a heap: the same events, in the same order,
    ties included, as sorting all of them and cutting."""
    template = make_timeline(*SAMPLE_EVENTS).events[0]
    events = []
    for start, length, inferred, id_ in specs:
        day = dt.date(2024, 4, 1) + dt.timedelta(days=start)
        date = template.date.model_copy(
            update={
                "start": day,
                "end": day + dt.timedelta(days=length),
                "basis": "inferred" if inferred else "explicit",
            }
        )
        events.append(template.model_copy(update={"id": id_, "date": date}))
    newest = newest_first(events, limit)
    assert [id(e) for e in newest] == [id(e) for e in newest_first(events)[:limit]]
