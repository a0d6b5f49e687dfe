"""Helpers shared by the tests that compare builds: the outputs of a folder, a build from scratch,
and the benchmark's corpus generator."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

from timeline.pipeline import build
from timeline.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def corpus_generator() -> ModuleType:
    """benchmarks/corpus.py: articles from several outlets, formats and date styles."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file of folder by name (the cache and temp files are hidden)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def from_scratch(corpus: Path, tmp_path: Path, **options) -> dict[str, bytes]:
    """The outputs of a build of corpus without a cache (options: other settings)."""
    out = tmp_path / "scratch"
    shutil.rmtree(out, ignore_errors=True)
    build(Settings(input_dir=corpus, out_dir=out, use_cache=False, **options))
    return outputs(out)
