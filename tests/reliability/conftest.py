"""Shared helpers for the reliability tests: fuzz budgets, hostile corpora, subprocess builds.

The Hypothesis budget is modest so the suite stays fast; a long run is one environment variable:

    TIMELINE_FUZZ_EXAMPLES=20000 python -m pytest tests/reliability -k fuzz
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[2]
INPUT = REPO / "input"

FUZZ_EXAMPLES = int(os.environ.get("TIMELINE_FUZZ_EXAMPLES", "300"))

# deadline=None: the first examples pay for imports and lexicon compilation, which is not a bug.
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


# The `timeline` console script, run by this interpreter; PRELUDE may patch the process first.
CLI_MAIN = "import sys; sys.argv[0] = 'timeline'; {prelude}\nfrom timeline.cli import app; app()"


def cli_command(*args: str, prelude: str = "pass") -> list[str]:
    return [sys.executable, "-c", CLI_MAIN.format(prelude=prelude), *args]


def run_cli(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`timeline ARGS` in a subprocess, as a user runs it."""
    return subprocess.run(
        cli_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )
