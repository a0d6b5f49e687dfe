"""first_group and final_group read only the group a trigger needs, and give what groups gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events.actors import ActorMention, find_actors, state_actor
from timeline.events.arguments import final_group, first_group, groups

# What stands between two actors: joints ("and", ", and", "with his"), a bare comma, words.
BETWEEN = [" and ", ", ", ", and ", " with ", " & ", " and his ", ", the ", " met ", " said ", ","]


def mentions_in(pieces: list[str]) -> tuple[str, list[ActorMention]]:
    """A text of actors "A0", "A1", ... with pieces between them, and their mentions."""
    text, mentions = "", []
    for index, between in enumerate(pieces):
        name = f"A{index}"
        mentions.append(ActorMention(len(text), len(text) + len(name), name, state_actor(name)))
        text += name + between
    return text, mentions


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BETWEEN) | st.text(max_size=4), max_size=8))
def test_first_and_final_group_are_the_ends_of_groups(pieces: list[str]) -> None:
    text, mentions = mentions_in(pieces)
    everyone = groups(mentions, text)
    assert first_group(iter(mentions), text) == (everyone[0] if everyone else [])
    assert final_group(mentions, text) == (everyone[-1] if everyone else [])


def test_groups_of_a_real_sentence() -> None:
    text = "Austin, Gallant and Blinken met Sullivan, Netanyahu said on Friday."
    actors, _ = find_actors(text)
    names = [[m.actor.name for m in group] for group in (first_group(actors, text),)]
    assert names == [["Lloyd Austin", "Yoav Gallant", "Antony Blinken"]]
    assert [m.actor.name for m in final_group(actors, text)] == ["Benjamin Netanyahu"]
    # "A, B": a list never ends on a bare comma, so the last group is B alone.
    assert [m.actor.name for m in final_group(actors[:4], text)][-1:] == [actors[3].actor.name]
