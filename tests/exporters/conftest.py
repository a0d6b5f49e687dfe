"""Fixtures of the exporter tests; the sample timelines live in exporter_samples.py."""

from __future__ import annotations

import pytest
from exporter_samples import SAMPLE_EVENTS, make_timeline

from timeline.models import Timeline


@pytest.fixture
def sample() -> Timeline:
    return make_timeline(*SAMPLE_EVENTS)
