"""One Settings object, read once by the CLI and passed down through the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input_dir: Path = Path("input")
    out_dir: Path = Path("feeds")
    base_url: str = Field(
        "", description="Absolute URL the output folder is served at; empty for relative links."
    )
    title: str = "Diplomatic timeline"
    formats: list[str] = Field(
        default_factory=lambda: ["json", "ics", "rss", "atom", "html", "timelinejs"]
    )
    strict: bool = False
    feed_limit: int = Field(
        200,
        ge=0,
        description="RSS and Atom carry the newest N events (0 = all); the page, JSON and "
        "calendar always carry every event.",
    )
    cache_path: Path | None = Field(
        None, description="SQLite cache; default <out_dir>/.cache.sqlite."
    )
    use_cache: bool = True
    jobs: int = 1
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = None
