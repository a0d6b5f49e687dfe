"""build(): ingest -> dates -> events -> merge -> export."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from timeline.dates import resolve_text
from timeline.errors import ConfigError, StrictModeError
from timeline.events import extract_events, merge_events
from timeline.exporters import EXPORTERS
from timeline.ingest import read_corpus
from timeline.models import Article, ArticleText, Event, Problem, Timeline
from timeline.settings import Settings


@dataclass
class BuildResult:
    timeline: Timeline
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.timeline.articles)} articles, {len(self.timeline.events)} events, "
            f"{len(self.written)} files written, {len(self.timeline.problems)} problems "
            f"in {self.seconds:.2f}s"
        )


def analyse_article(doc: ArticleText) -> list[Event]:
    """The per-article stages: resolve dates, extract events. Pure: same article, same events."""
    mentions = resolve_text(doc.body, doc.article.published)
    return extract_events(doc, mentions)


def collect(settings: Settings) -> Timeline:
    """Read and analyse every article; no files are written."""
    if not settings.input_dir.is_dir():
        raise ConfigError(f"input folder not found: {settings.input_dir}")
    articles: list[Article] = []
    events: list[Event] = []
    problems: list[Problem] = []
    for item in read_corpus(settings.input_dir, exclude=[settings.out_dir]):
        if isinstance(item, Problem):
            if settings.strict:
                raise StrictModeError(f"{item.path}: {item.error}")
            problems.append(item)
            continue
        articles.append(item.article)
        events.extend(analyse_article(item))
    articles.sort(key=lambda a: a.path)
    problems.sort(key=lambda p: p.path)
    return Timeline(articles=articles, events=merge_events(events), problems=problems)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file beside path and rename it into place, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(timeline: Timeline, settings: Settings) -> list[Path]:
    """Write every requested format into settings.out_dir."""
    import io

    settings.out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in settings.formats:
        if name not in EXPORTERS:
            raise ConfigError(f"unknown format '{name}' (known: {', '.join(EXPORTERS)})")
        exporter = EXPORTERS[name](settings)
        buffer = io.BytesIO()
        exporter.export(timeline, buffer)
        target = settings.out_dir / exporter.filename
        write_atomically(target, buffer.getvalue())
        written.append(target)
    return written


def build(settings: Settings) -> BuildResult:
    """Build the timeline from settings.input_dir and write every format to settings.out_dir."""
    started = time.perf_counter()
    timeline = collect(settings)
    written = export(timeline, settings)
    return BuildResult(timeline=timeline, written=written, seconds=time.perf_counter() - started)
