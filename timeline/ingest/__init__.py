"""Turn whatever lands in the input folder into clean articles, one reader per format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from timeline.errors import InputError
from timeline.ingest.text import read_text
from timeline.models import ArticleText, Problem

# A reader takes the file's path, its path relative to the input folder and its bytes,
# and yields one ArticleText per article in the file (feeds and JSONL hold several).
Reader = Callable[[Path, str, bytes], Iterator[ArticleText]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
}


def article_id(rel_path: str) -> str:
    """Stable article id: the path is what a user names an article by."""
    return "a" + hashlib.sha256(rel_path.encode("utf-8")).hexdigest()[:15]


def iter_input_files(input_dir: Path, exclude: list[Path] | None = None) -> Iterator[Path]:
    """Every file under input_dir in a stable order, skipping hidden files and excluded folders."""
    excluded = [p.resolve() for p in exclude or []]
    for path in sorted(input_dir.rglob("*")):
        rel = path.relative_to(input_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if any(path.resolve().is_relative_to(e) for e in excluded):
            continue
        if path.is_file():
            yield path


def read_file(path: Path, input_dir: Path) -> Iterator[ArticleText | Problem]:
    """Read one file into articles; a file that cannot be read yields a Problem instead."""
    rel = path.relative_to(input_dir).as_posix()
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield Problem(path=rel, error=f"unsupported file type '{path.suffix or path.name}'")
        return
    try:
        data = path.read_bytes()
        yield from reader(path, rel, data)
    except InputError as exc:
        yield Problem(path=rel, error=str(exc))
    except OSError as exc:
        yield Problem(path=rel, error=f"cannot read file: {exc.strerror or exc}")


def read_corpus(
    input_dir: Path, exclude: list[Path] | None = None
) -> Iterator[ArticleText | Problem]:
    """Every article under input_dir, and a Problem for every file that could not be read."""
    for path in iter_input_files(input_dir, exclude):
        yield from read_file(path, input_dir)
