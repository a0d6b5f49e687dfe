"""Turn whatever lands in the input folder into clean articles, one reader per format.

Each file is read on its own (`read_file`), so files can be cached or read in parallel; a file
that cannot be read yields a Problem naming what is wrong, and the others are still read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from timeline.errors import InputError
from timeline.ingest.article import article_id
from timeline.ingest.feed import read_feed
from timeline.ingest.html import read_html
from timeline.ingest.jsonl import read_json, read_jsonl
from timeline.ingest.text import read_text
from timeline.models import ArticleText, Problem

__all__ = [
    "READERS",
    "InputFile",
    "article_id",
    "iter_input_files",
    "printable_name",
    "read_corpus",
    "read_file",
    "relative_name",
    "scan_input_files",
]

# A reader takes the file's path, its path relative to the input folder and its bytes (None for a
# large file of a STREAMED type: the reader reads it from path, piece by piece), and yields one
# ArticleText per article in the file (feeds and JSONL hold several) or Problems.
Reader = Callable[[Path, str, bytes | None], Iterator[ArticleText | Problem]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}

MB = 1024 * 1024
# Files holding one article are refused above this size before being read into memory; files
# holding many (JSONL, feeds) may be large, each of their articles is limited on its own.
MAX_FILE_BYTES = {".txt": 2 * MB, ".text": 2 * MB, ".md": 2 * MB, ".markdown": 2 * MB}
MAX_FILE_BYTES_DEFAULT = 20 * MB
MAX_MANY_BYTES = 500 * MB
STREAMED = {".jsonl", ".ndjson"}
STREAM_ABOVE = 16 * MB
MANY_ARTICLES = {".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}


def size_limit(suffix: str) -> int:
    if suffix in MANY_ARTICLES:
        return MAX_MANY_BYTES
    return MAX_FILE_BYTES.get(suffix, MAX_FILE_BYTES_DEFAULT)


class InputFile(NamedTuple):
    """One input file as discovery found it: where it is, its name relative to the input folder
    (printable, '/'-separated) and its stat (None for a broken link or a symlink loop, which
    read_file reports). A tuple of strings: a Path per file was half the cost of listing."""

    location: str
    rel: str
    stat: os.stat_result | None

    @property
    def path(self) -> Path:
        return Path(self.location)


def scan_input_files(input_dir: Path, exclude: list[Path] | None = None) -> list[InputFile]:
    """Every file under input_dir in a stable order (path order: each folder's entries sorted by
    name, a folder's files right after its name), skipping hidden files and excluded folders.

    One os.scandir per folder and one stat per file: 10,000 files are listed in a few
    milliseconds, and the stats let the cache skip every unchanged file without opening it.
    Symlinked folders are not followed; a link to a file is read; a broken link or a loop is
    listed so that the build reports it instead of skipping it unseen."""
    excluded = [os.path.realpath(p) for p in exclude or []]
    found: list[InputFile] = []
    _scan_folder(os.fspath(input_dir), os.path.realpath(input_dir), "", excluded, found)
    return found


def _inside(real: str, folders: list[str]) -> bool:
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def _scan_folder(
    folder: str, real: str, prefix: str, excluded: list[str], found: list[InputFile]
) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return  # an unreadable folder: as rglob, nothing under it is listed
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = prefix + name
        real_path = real + os.sep + name
        try:
            if entry.is_symlink():
                try:
                    target = os.path.realpath(entry.path, strict=True)
                except OSError:  # broken, or a loop
                    found.append(InputFile(entry.path, printable_name(rel), None))
                    continue
                if _inside(target, excluded):
                    continue
                stat = entry.stat()
                if S_ISREG(stat.st_mode):
                    found.append(InputFile(entry.path, printable_name(rel), stat))
            elif entry.is_dir(follow_symlinks=False):
                if not _inside(real_path, excluded):
                    _scan_folder(entry.path, real_path, rel + "/", excluded, found)
            elif entry.is_file(follow_symlinks=False) and not _inside(real_path, excluded):
                stat = entry.stat(follow_symlinks=False)
                found.append(InputFile(entry.path, printable_name(rel), stat))
        except OSError:
            continue  # vanished while listed


def iter_input_files(input_dir: Path, exclude: list[Path] | None = None) -> Iterator[Path]:
    """Every file under input_dir in a stable order, skipping hidden files and excluded folders."""
    for item in scan_input_files(input_dir, exclude):
        yield item.path


def printable_name(rel: str) -> str:
    """A file name as it can go into JSON, SQLite and messages: bytes of the name that are not
    UTF-8 (os.fsdecode's lone surrogates) are shown as U+FFFD instead of crashing the build."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return rel


def relative_name(path: Path, input_dir: Path) -> str:
    """path under input_dir as 'folder/file.txt', printable."""
    return printable_name(path.relative_to(input_dir).as_posix())


def read_file(path: Path, input_dir: Path) -> Iterator[ArticleText | Problem]:
    """Read one file into articles; what cannot be read yields a Problem instead."""
    rel = relative_name(path, input_dir)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(READERS))
        yield Problem(
            path=rel, error=f"unsupported file type '{path.suffix or path.name}' (read: {known})"
        )
        return
    try:
        size = path.stat().st_size
        if size > size_limit(suffix):
            yield Problem(
                path=rel,
                error=f"file too large: {size / MB:.1f} MB, the limit for {suffix} files is "
                f"{size_limit(suffix) / MB:.0f} MB (not a news article?)",
            )
            return
        if suffix in STREAMED and size > STREAM_ABOVE:
            # A large export is read line by line: memory holds one article, not the file.
            yield from reader(path, rel, None)
            return
        data = path.read_bytes()
        yield from reader(path, rel, data)
    except InputError as exc:
        yield Problem(path=rel, error=str(exc))
    except OSError as exc:
        yield Problem(path=rel, error=f"cannot read file: {exc.strerror or exc}")
    except RecursionError:
        yield Problem(path=rel, error="cannot parse: structure nested too deeply")
    except Exception as exc:  # a parser's own bug must not stop the build; name it instead
        yield Problem(path=rel, error=f"cannot parse: {type(exc).__name__}: {exc}")


def read_corpus(
    input_dir: Path, exclude: list[Path] | None = None
) -> Iterator[ArticleText | Problem]:
    """Every article under input_dir, and a Problem for everything that could not be read."""
    for path in iter_input_files(input_dir, exclude):
        yield from read_file(path, input_dir)
