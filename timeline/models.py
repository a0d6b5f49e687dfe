"""Pydantic models: the JSON contract of `timeline.json` (schema_version "1") and the
values the pipeline stages hand each other."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

PublishedBasis = Literal[
    "metadata", "header", "byline", "dateline", "html-meta", "inferred", "file"
]
Granularity = Literal["day", "week", "month", "quarter", "year", "range"]
DateBasis = Literal["explicit", "relative", "publication", "inferred"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
ActorKind = Literal["person", "state", "organization"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_M = TypeVar("_M", bound=BaseModel)
_set_slot = object.__setattr__


def prevalidated(cls: type[_M], fields: dict[str, Any]) -> _M:
    """cls(**fields) without validation, for values already of their field's type: what
    model_construct makes, at a quarter of validation's cost (model_construct itself is no
    cheaper). fields holds every field of cls, in declaration order. The events stage makes
    three models per event, thousands a second; tests compare both ways field by field."""
    model = cls.__new__(cls)
    _set_slot(model, "__dict__", fields)
    _set_slot(model, "__pydantic_fields_set__", set(fields))
    _set_slot(model, "__pydantic_extra__", None)
    _set_slot(model, "__pydantic_private__", None)
    return model


class Article(_Model):
    """One input article as it appears in the output: metadata only, never the text."""

    id: str = Field(description="Stable id: a hash of the article's path and content.")
    path: str = Field(
        description="Path relative to the input folder; '#N' names an entry of a multi-article file."
    )
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD, or null.")
    published_basis: PublishedBasis = Field(description="Where the publication date came from.")
    warnings: list[str] = Field(default_factory=list)


class Mention(_Model):
    """A temporal expression found in a text and resolved against a reference date."""

    start: int = Field(description="Offset of the first character (str index into the text).")
    end: int = Field(description="Offset after the last character.")
    text: str
    type: TimexType
    value: str = Field(description="TIMEX3 value, e.g. 2024-04-14, 2024-W15, PAST_REF, P3D.")
    date_start: dt.date | None = Field(None, description="First day the expression can mean.")
    date_end: dt.date | None = Field(
        None, description="Last day the expression can mean (inclusive)."
    )
    granularity: Granularity | None = None
    basis: DateBasis
    anchor: dt.date | None = Field(None, description="The date it was resolved against.")
    mod: str | None = Field(
        None,
        description="TIMEX3 mod: START (early ...), MID, END (late ...), APPROX (about ...), "
        "LESS_THAN (nearly ...), MORE_THAN (more than ...), EQUAL_OR_MORE (at least ...), "
        "EQUAL_OR_LESS (up to ...).",
    )


class EventDate(_Model):
    start: dt.date
    end: dt.date = Field(description="Inclusive.")
    granularity: Granularity
    timex: str
    basis: DateBasis
    expression: str = Field(description="The words the date was read from.")
    anchor: dt.date | None = None


class Actor(_Model):
    name: str
    role: str | None = None
    country: str | None = None
    kind: ActorKind


class Source(_Model):
    article: str = Field(description="Article id.")
    evidence: str = Field(description="The sentence that states the event.")


class Event(_Model):
    id: str = Field(description="Stable, never random: a hash of what defines the event.")
    type: str
    title: str
    summary: str
    date: EventDate
    actors: list[Actor] = Field(default_factory=list)
    location: str | None = None
    sources: list[Source] = Field(default_factory=list)


class Problem(_Model):
    path: str
    error: str


class Timeline(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    articles: list[Article] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


class Paragraph(NamedTuple):
    """Where one body paragraph sits: in ArticleText.body and in the source text it was copied from.

    Tuples, not models: an article has dozens and reading thousands of articles a second matters.
    """

    start: int  # offset of the paragraph in ArticleText.body
    source_start: int  # offset of the same characters in the source text
    length: int


class RemovedText(NamedTuple):
    """A line the cleaner took out of the body, and why (nav, link, bio, donation...)."""

    kind: str
    start: int  # offset in the source text
    text: str


class ArticleText(BaseModel):
    """An ingested article: its output metadata plus the cleaned text the later stages read.

    Offsets (paragraphs, caption_offsets) point into the source text: the decoded file with
    newlines normalised to \\n for .txt and .md (front matter and Markdown markup included), the
    record's text field for .jsonl/.json, the extracted main text for HTML pages and feed entries.
    """

    article: Article
    body: str = Field(
        description="The article body, boilerplate removed, paragraphs separated by blank lines."
    )
    captions: list[str] = Field(
        default_factory=list, description="Photo captions set aside from the body, each whole."
    )
    caption_offsets: list[int] = Field(
        default_factory=list, description="Source offset of each caption, in the same order."
    )
    paragraphs: list[Paragraph] = Field(
        default_factory=list, description="Each body paragraph's place in body and in the source."
    )
    removed: list[RemovedText] = Field(
        default_factory=list, description="What the cleaner dropped, for inspection."
    )
    author: str | None = None
    encoding: str | None = Field(None, description="The encoding the file was decoded with.")
    published_evidence: str | None = Field(
        None, description="The words the publication date was read from."
    )

    def source_offset(self, body_offset: int) -> int | None:
        """Map an offset in body back into the source text; None between paragraphs.

        An offset just past a paragraph (the end of an evidence span) maps to just past it.
        """
        for para in self.paragraphs:
            if para.start <= body_offset < para.start + para.length:
                return para.source_start + body_offset - para.start
        for para in self.paragraphs:
            if body_offset == para.start + para.length:
                return para.source_start + para.length
        return None
