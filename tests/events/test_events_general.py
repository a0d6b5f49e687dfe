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


def test_unknown_person_introduced_by_a_role_gets_role_and_country() -> None:
    found = people("Estonian Foreign Minister Margus Tsahkna arrived in Warsaw on Monday.")
    assert found == [
        (
            "Estonian Foreign Minister Margus Tsahkna",
            "Margus Tsahkna",
            "Foreign Minister",
            "Estonia",
        )
    ]


def test_family_name_first_refers_back_to_the_person() -> None:
    text = "Chinese Foreign Minister Wang Yi met reporters. Later, Wang spoke again."
    assert [name for _, name, _, _ in people(text)] == ["Wang Yi", "Wang Yi"]


def test_one_side_alone_reaches_no_agreement() -> None:
    events = events_of(
        "Kremlin spokesman Dmitry Peskov said on Monday, March 25, 2024, that the deal was over."
    )
    assert not [e for e in events if e.type == "agreement"], [e.title for e in events]


def test_pronoun_keeps_the_subject_across_a_named_object() -> None:
    events = events_of(
        "Brazilian President Lula da Silva landed in Shanghai. On Thursday, March 21, 2024, he "
        "attended the inauguration of Dilma Rousseff as bank chief, where he condemned Japan."
    )
    criticism = only(events, "criticism")
    assert "Luiz Inácio Lula da Silva" in names(criticism)
    assert "Dilma Rousseff" not in names(criticism)


def test_relative_clause_head_is_the_speaker() -> None:
    events = events_of(
        "Kenyan President William Ruto, who chairs the East African Community, said on "
        "Monday, March 25, 2024, that the bloc would send observers."
    )
    assert names(only(events, "statement")) == {"William Ruto"}


def test_dateline_date_does_not_date_the_events_after_it() -> None:
    events = events_of(
        "ANKARA, March 26 (Wire) - Turkey withdrew from the naval pact on Monday, officials said.",
        published="2024-03-26",
    )
    cancellation = only(events, "cancellation")
    assert str(cancellation.date.start) == "2024-03-25"


def test_verbal_attack_on_a_person_is_criticism() -> None:
    events = events_of(
        "Argentine President Javier Milei used a speech on Sunday, March 24, 2024, to attack "
        "Colombian President Gustavo Petro."
    )
    assert {e.type for e in events} == {"criticism"}


def test_welcoming_a_decision_is_a_statement() -> None:
    events = events_of(
        "Moldovan President Maia Sandu welcomed the decision on Monday, March 25, 2024."
    )
    assert names(only(events, "statement")) == {"Maia Sandu"}


def test_self_proclamation_is_no_statement() -> None:
    events = events_of("General Omar Diallo declared himself president on Monday, March 25, 2024.")
    assert not [e for e in events if e.type == "statement"]


def test_bloc_agreement_takes_the_partners_named_after_with() -> None:
    events = events_of(
        "European Union leaders agreed on Monday, March 25, 2024, to open membership talks "
        "with Georgia and Armenia."
    )
    agreement = only(events, "agreement")
    assert names(agreement) == {"European Union", "Georgia", "Armenia"}
    assert agreement.title == "EU, Georgia and Armenia reach an agreement"


def test_reaction_titles_use_their_own_verb() -> None:
    events = events_of(
        "Canadian Prime Minister Justin Trudeau congratulated Keir Starmer on Friday, July 5, 2024."
    )
    assert only(events, "statement").title == "Trudeau congratulates Starmer"


def test_crossing_into_a_country_is_a_visit() -> None:
    events = events_of("Hungarian Prime Minister Viktor Orbán crossed into Serbia on Tuesday.")
    visit = only(events, "visit")
    assert names(visit) == {"Viktor Orbán", "Serbia"}


def test_the_two_governments_are_the_leaders_last_named_together() -> None:
    events = events_of(
        "Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida on "
        "Monday, March 25, 2024. The two governments signed nine agreements on trade."
    )
    agreement = only(events, "agreement")
    assert {"India", "Japan"} <= names(agreement)


def test_a_states_weapons_striking_a_place_attack_its_country() -> None:
    events = events_of(
        "Russian drones struck a power station in Kharkiv early on Tuesday, March 26, 2024."
    )
    attack = only(events, "attack")
    assert names(attack) == {"Russia", "Ukraine"}
    assert attack.title == "Russia attacks Ukraine in Kharkiv"


def test_an_attack_named_as_background_is_no_event_of_its_own() -> None:
    for text in (
        "Greek Prime Minister Kyriakos Mitsotakis spoke by phone with Cypriot President Nikos "
        "Christodoulides on Monday, March 25, 2024, hours after the first Turkish attack on the "
        "island.",
        "NATO leaders held a video conference on Monday, March 25, 2024, condemning Russia's "
        "missile attack in the firmest terms.",
    ):
        assert not [e for e in events_of(text) if e.type == "attack"], text


def test_titles_leave_the_date_out() -> None:
    events = events_of(
        "Polish Foreign Minister Radosław Sikorski rejected the proposal on Monday.",
        published="2024-03-26",
    )
    assert only(events, "rejection").title == "Sikorski rejects the proposal"


def test_a_capital_named_after_the_word_capital_is_a_place() -> None:
    actors, places = find_actors("The envoys were due to gather in the Kenyan capital, Nairobi.")
    assert not [m for m in actors if not m.modifier], actors
    assert [p.name for p in places] == ["Nairobi"]


def test_bloc_summit_sanctions_are_one_event_with_the_bloc_as_actor() -> None:
    events = events_of(
        "West African leaders meeting in Lomé on Sunday, March 24, 2024, imposed sanctions on "
        "Guinea, cutting off electricity and closing borders."
    )
    assert [e.type for e in events] == ["sanction"], [e.title for e in events]
    assert names(events[0]) == {"ECOWAS", "Guinea"}


def test_unknown_people_after_general_titles_and_appositions() -> None:
    found = people(
        "Mali's junta leader Ousmane Keita met reporters. Later, Chad's top security official, "
        "Idriss Mahamat, and Kenyan foreign ministry spokesman Peter Omondi spoke."
    )
    assert [(name, role, country) for _, name, role, country in found] == [
        ("Ousmane Keita", "Junta Leader", "Mali"),
        ("Idriss Mahamat", "Security Official", "Chad"),
        ("Peter Omondi", "Foreign Ministry Spokesman", "Kenya"),
    ]


def test_talks_between_two_officials_are_a_meeting() -> None:
    events = events_of(
        "From March 18 to March 22, talks in Jeddah between Chad's top security official, "
        "Idriss Mahamat, and Sudanese envoy Omar Bashir Ali prepared the truce.",
        published="2024-03-26",
    )
    meeting = only(events, "meeting")
    assert names(meeting) == {"Idriss Mahamat", "Omar Bashir Ali"}
    assert (str(meeting.date.start), str(meeting.date.end)) == ("2024-03-18", "2024-03-22")


def test_a_relative_clauses_past_perfect_is_background_unless_dated() -> None:
    undated = events_of(
        "France, which had vetoed two earlier drafts, abstained on Monday, March 25, 2024."
    )
    assert not [e for e in undated if e.type == "rejection"], [e.title for e in undated]
    dated = events_of(
        "Scholz, who had spoken with Macron on Sunday, March 24, 2024, flew to Rome.",
    )
    assert [str(e.date.start) for e in dated if e.type == "call"] == ["2024-03-24"]


def test_a_coordinated_saying_after_a_named_accord_has_the_sentence_subject() -> None:
    events = events_of(
        "India's top diplomat, Subrahmanyam Jaishankar, called the accord a milestone and said "
        "India would keep talking to both sides.",
        published="2024-03-26",
    )
    assert names(only(events, "statement")) == {"S. Jaishankar"}


def test_a_reaction_title_stops_before_the_next_verb() -> None:
    events = events_of(
        "Georgian President Salome Zourabichvili thanked the leaders on Monday, March 25, 2024, "
        "and said the decision was historic."
    )
    assert only(events, "statement").title == "Zourabichvili thanks the leaders"


def test_talks_with_a_state_are_titled_as_talks() -> None:
    events = events_of(
        "US Secretary of State Antony Blinken arrived in Cairo on Monday, March 25, 2024, for "
        "talks with Egypt."
    )
    assert only(events, "meeting").title == "Blinken holds talks with Egypt in Cairo"
    assert only(events, "visit").title == "Blinken visits Cairo"


def test_the_junta_is_the_state_it_rules() -> None:
    actors, _ = find_actors(
        "Soldiers seized power in Gabon on Monday. Gabon's neighbours met. The junta in "
        "Libreville rejected the plan, and later the junta freed a minister."
    )
    rulers = [m.actor.name for m in actors if m.actor.kind == "state" and not m.modifier]
    assert rulers[-2:] == ["Gabon", "Gabon"]
