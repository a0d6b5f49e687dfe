from __future__ import annotations

from tests.ingest.helpers import seeds  # noqa: F401  (the fixture)
