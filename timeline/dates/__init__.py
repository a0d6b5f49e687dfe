"""Find temporal expressions in news text and anchor them to the publication date."""

from timeline.dates.resolve import resolve_text

__all__ = ["resolve_text"]
