"""General classes of names and events beyond the sample corpus: accented names, people a title
introduces without the gazetteer knowing them, organisations, titles and evidence sentences."""

from __future__ import annotations

from events_helpers import events_of, names, only

from timeline.events.actors import find_actors
from timeline.events.lexicon import ascii_fold


def people(text: str) -> list[tuple[str, str, str | None, str | None]]:
    actors, _ = find_actors(text)
    return [
        (text[m.start : m.end], m.actor.name, m.actor.role, m.actor.country)
        for m in actors
        if m.actor.kind == "person"
    ]


def test_ascii_fold_drops_diacritics_and_keeps_plain_text() -> None:
    assert ascii_fold("Erdoğan") == "Erdogan"
    assert ascii_fold("Łukasz Sánchez-Ørsted") == "Lukasz Sanchez-Orsted"
    assert ascii_fold("Gallant") == "Gallant"


def test_accented_names_are_whole_names_in_either_spelling() -> None:
    for surname in ("Orbán", "Orban"):
        found = people(f"Hungarian Prime Minister Viktor {surname} spoke to reporters in Budapest.")
        assert [name for _, name, _, _ in found] == ["Viktor Orbán"], found


def test_unknown_accented_name_after_a_title_is_kept_whole() -> None:
    found = people("Czech Foreign Minister Jiří Lipavský arrived in Vilnius on Monday.")
    assert found and found[0][1] == "Jiří Lipavský", found


def test_accented_people_meet() -> None:
    events = events_of(
        "Spanish Prime Minister Pedro Sánchez met Turkish President Recep Tayyip Erdoğan in "
        "Ankara on Tuesday, March 26, 2024."
    )
    meeting = only(events, "meeting")
    assert names(meeting) == {"Pedro Sánchez", "Recep Tayyip Erdoğan"}
    assert str(meeting.date.start) == "2024-03-26"


def test_regional_organisations_are_actors() -> None:
    events = events_of(
        "The Economic Community of West African States imposed sanctions on Mali on "
        "Sunday, March 24, 2024."
    )
    sanction = only(events, "sanction")
    assert {"ECOWAS", "Mali"} <= names(sanction)
