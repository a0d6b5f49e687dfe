"""People, states and organisations named in a text, with coreference inside the article."""

from __future__ import annotations

from timeline.events.actors import find_actors


def resolved(text: str) -> list[tuple[str, str, str | None, str | None]]:
    actors, _ = find_actors(text)
    return [
        (text[m.start : m.end], m.actor.name, m.actor.role, m.actor.country)
        for m in actors
        if not m.modifier
    ]


def test_title_and_country_adjective_make_a_person_with_role_and_country() -> None:
    text = "Israeli Defense Minister Yoav Gallant met U.S. Secretary of State Antony Blinken."
    assert resolved(text) == [
        ("Israeli Defense Minister Yoav Gallant", "Yoav Gallant", "Defense Minister", "Israel"),
        (
            "U.S. Secretary of State Antony Blinken",
            "Antony Blinken",
            "Secretary of State",
            "United States",
        ),
    ]


def test_surname_role_and_pronoun_refer_back_to_the_person() -> None:
    text = (
        "Israeli Defense Minister Yoav Gallant spoke on Sunday. Gallant said the attack failed. "
        "The defense minister added that talks would go on. He thanked the allies."
    )
    people = [(surface, name) for surface, name, _, _ in resolved(text)]
    assert people == [
        ("Israeli Defense Minister Yoav Gallant", "Yoav Gallant"),
        ("Gallant", "Yoav Gallant"),
        ("The defense minister", "Yoav Gallant"),
        ("He", "Yoav Gallant"),
    ]


def test_a_person_missing_from_the_gazetteer_is_read_from_title_and_name() -> None:
    text = "Moldovan Foreign Minister Mihai Popsoi met the envoy. Later, Popsoi flew home."
    assert resolved(text) == [
        ("Moldovan Foreign Minister Mihai Popsoi", "Mihai Popsoi", "Foreign Minister", "Moldova"),
        ("Popsoi", "Mihai Popsoi", "Foreign Minister", "Moldova"),
    ]


def test_appositive_title_and_possessive_country() -> None:
    text = "Austin spoke by phone with Israel's defence minister, Yoav Gallant, on Sunday."
    found = resolved(text)
    assert found[1][1:] == ("Yoav Gallant", "Defense Minister", "Israel")


def test_secretary_with_surname_takes_the_full_role_from_the_gazetteer() -> None:
    found = resolved("Secretary Austin arrived in Israel.")
    assert found[0][1:3] == ("Lloyd Austin", "Secretary of Defense")


def test_adjectives_are_not_actors_and_capitals_after_prepositions_are_places() -> None:
    actors, places = find_actors(
        "American and Israeli personnel trained together. Gallant travelled to Washington."
    )
    assert [m.actor.name for m in actors if not m.modifier] == ["Yoav Gallant"]
    assert {m.actor.name for m in actors if m.modifier} == {"United States", "Israel"}
    assert [(p.name, p.preposition) for p in places] == [("Washington", "to")]


def test_a_capital_without_preposition_stands_for_its_government() -> None:
    found = resolved("Blinken said Washington and Israel had agreed to work out a plan.")
    assert [name for _, name, _, _ in found] == ["Antony Blinken", "United States", "Israel"]


def test_a_site_is_reported_as_its_city() -> None:
    _, places = find_actors("Blinken met Gallant at the Kirya on Monday.")
    assert [p.name for p in places] == ["Tel Aviv"]
