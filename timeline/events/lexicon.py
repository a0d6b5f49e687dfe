"""The event lexicons (gazetteer of people, states, organisations and places; trigger words),
loaded once from timeline/data/ and compiled into trie-shaped regexes.

A trie-shaped alternation lets the regex engine reject a position on its first character, so one
pass over an article costs about the same with ten names or ten thousand."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from timeline.models import ActorKind


@dataclass(frozen=True)
class Entry:
    """One gazetteer surface form and what it names."""

    kind: ActorKind | None  # None: a place, never an actor
    key: str  # stable identity across articles: "person:yoav gallant", "state:israel"
    name: str
    role: str | None = None
    country: str | None = None
    form: str = "name"  # name | alias | adjective | capital | place
    city: str | None = None  # for a site (the Kirya, the Pentagon): the city it is in
    display: str | None = None  # how a title names a person: "Xi", "Yoon", "Gallant"
    government_of: str | None = None  # "the White House said": the United States said
    surname: str | None = None  # the family name when it comes first: "Wang" of "Wang Yi"


@dataclass(frozen=True)
class Trigger:
    type: str
    phrase: str


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, Entry]
    names: re.Pattern[str]
    titles: dict[str, str]
    title_rx: re.Pattern[str]
    triggers: dict[str, Trigger]
    trigger_rx: re.Pattern[str]
    types: dict[str, dict]
    surnames: dict[str, Entry]


def trie_regex(words: list[str], not_after: str | None = None) -> str:
    """A regex matching any of words, longest first, shaped as a character trie.

    not_after: a character class that must not stand before the match ("[\\w-]"). It is checked
    after the first character, so the regex starts with a plain character set and the engine
    skips straight to positions holding one (a leading lookbehind is tried at every position);
    the same positions match, as a word's first character is never a newline."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    if not_after is None:
        return render(trie)
    assert "" not in trie and "\n" not in trie
    guard = f"(?<!{not_after}[\\s\\S])"
    return "(?:" + "|".join(re.escape(c) + guard + render(n) for c, n in sorted(trie.items())) + ")"


def ascii_fold(text: str) -> str:
    """text without its diacritics: "Erdoğan" -> "Erdogan", "Sánchez" -> "Sanchez"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Letters Unicode does not split into a base and a mark.
UNDECOMPOSABLE = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"}
)


def person_key(name: str) -> str:
    return "person:" + name.lower()


def _data(name: str) -> dict:
    return json.loads(
        resources.files("timeline").joinpath("data", name).read_text(encoding="utf-8")
    )


@cache
def lexicon() -> Lexicon:
    """The compiled lexicons, built once per process."""
    gaz = _data("gazetteer.json")
    entries: dict[str, Entry] = {}

    def add(surface: str, entry: Entry) -> None:
        # The first entry for a surface wins: people, then organisations, then places.
        entries.setdefault(surface, entry)

    surnames: dict[str, Entry] = {}
    for person in gaz["people"]:
        entry = Entry(
            "person",
            person_key(person["name"]),
            person["name"],
            person["role"],
            person["country"],
            display=person.get("display"),
            surname=person.get("surname"),
        )
        add(person["name"], entry)
        for alias in person["aliases"]:
            add(alias, Entry(**{**entry.__dict__, "form": "alias"}))
        surnames.setdefault(person.get("surname") or person["name"].split()[-1], entry)
    for country in gaz["countries"]:
        name = country["name"]
        entry = Entry("state", "state:" + name.lower(), name, country=name)
        add(name, entry)
        for alias in country["aliases"]:
            add(alias, Entry(**{**entry.__dict__, "form": "alias"}))
        for adjective in country["adjectives"]:
            add(adjective, Entry(**{**entry.__dict__, "form": "adjective"}))
        for capital in country["capitals"]:
            add(
                capital,
                Entry(None, "place:" + capital.lower(), capital, country=name, form="capital"),
            )
    cities = {place["name"]: place.get("city") for place in gaz["places"]}
    for org in gaz["organizations"]:
        entry = Entry(
            "organization",
            "org:" + org["name"].lower(),
            org["name"],
            country=org["country"],
            city=cities.get(org["name"]),
            government_of=org.get("government_of"),
        )
        add(org["name"], entry)
        for alias in org["aliases"]:
            add(alias, Entry(**{**entry.__dict__, "form": "alias"}))
    for place in gaz["places"]:
        add(
            place["name"],
            Entry(
                None,
                "place:" + place["name"].lower(),
                place["name"],
                country=place["country"],
                form="place",
                city=place.get("city"),
            ),
        )
    # "Erdoğan" is also written "Erdogan": every accented form stands for its plain one too.
    for surface, entry in list(entries.items()):
        add(ascii_fold(surface), entry)
    for surname, entry in list(surnames.items()):
        surnames.setdefault(ascii_fold(surname), entry)
    # Names start with a capital mostly: a first-character set lets the engine skip the rest.
    names = re.compile(trie_regex(list(entries), not_after=r"[\w.-]") + r"(?![\w-]|\.\w)")

    titles: dict[str, str] = gaz["titles"]
    # Matched against the lowercased text (see text.lowercase): faster than (?i).
    title_rx = re.compile(r"(?<![\w-])(?:" + trie_regex(list(titles)) + r")(?![\w-])")

    types = _data("triggers.json")
    triggers = {
        phrase: Trigger(type_, phrase)
        for type_, spec in types.items()
        for phrase in spec["phrases"]
    }
    trigger_rx = re.compile(r"(?<![\w-])(?:" + trie_regex(list(triggers)) + r")(?![\w-])")
    return Lexicon(entries, names, titles, title_rx, triggers, trigger_rx, types, surnames)
