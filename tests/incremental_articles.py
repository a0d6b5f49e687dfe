"""Three small articles (a wire story, an edited one, a Markdown note) for the tests of incremental
rebuilds: tests/test_cache.py and tests/test_rebuilds.py."""

from __future__ import annotations

ARTICLES = {
    "wire/gallant.txt": (
        "date 2024-04-14\nGallant sees a chance for an alliance against Iran\n\n"
        "Defense Minister Yoav Gallant said on Sunday that Israel could form an alliance.\n\n"
        "He met Lloyd Austin on April 12, 2024 in Tel Aviv.\n"
    ),
    "wire/blinken.txt": (
        "date 2024-03-27\nBlinken in Cairo\n\n"
        "Antony Blinken visited Cairo on Tuesday for talks on Gaza.\n\n"
        "The talks were postponed on March 20, 2024, officials said.\n"
    ),
    "notes/lavrov.md": (
        "---\ntitle: Lavrov and Wang meet\ndate: 2024-04-09\n---\n"
        "Sergei Lavrov met Wang Yi in Beijing on Tuesday.\n\n"
        "Both said on April 9, 2024 that talks would go on.\n"
    ),
}
