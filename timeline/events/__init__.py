"""Diplomatic events: extraction from articles and merging across them."""

from timeline.events.extract import extract_events
from timeline.events.merge import merge_events

__all__ = ["extract_events", "merge_events"]
