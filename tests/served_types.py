"""The Content-Type `timeline serve` must send for each output, written out by hand as the test
oracle (not read from timeline.serve); tests/exporters/test_serve.py and
tests/reliability/test_serve_load.py both check against it."""

from __future__ import annotations

TYPES = {
    "timeline.rss": "application/rss+xml; charset=utf-8",
    "timeline.atom": "application/atom+xml; charset=utf-8",
    "timeline.ics": "text/calendar; charset=utf-8",
    "timeline.json": "application/json",
    "timeline.timelinejs.json": "application/json",
    "index.html": "text/html; charset=utf-8",
}
