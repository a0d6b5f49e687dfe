"""Random edits of a corpus, each followed by a rebuild from the cache and one from scratch: the
outputs must be the same bytes. A check of the incremental paths (merge state, copied pieces)
too slow and too random for the test suite, and the figures of what a rebuild costs.

    python benchmarks/rebuilds.py                        # 500 generated articles, 30 edits
    python benchmarks/rebuilds.py --articles 1000 --edits 60 --seed 7 --jobs 2

Each step makes one kind of edit a growing news folder sees: a correction appended to an
article (a sentence from another article, so it names people and dates the corpus knows), an
article deleted, one restored, one copied under a new name (the same story from a second outlet),
a date word changed ("Monday" to "Tuesday", "last week" to "on Friday"), a few files edited at
once, or a tenth of the folder edited (the incremental merge gives way to the full one there).
Every few steps the rebuild from the cache runs with --jobs. Exit status 1 at the first output
that differs, naming the step, the edit and the first differing line.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from build import load_corpus_module, outputs  # benchmarks/build.py, beside this script

from timeline.pipeline import build
from timeline.settings import Settings

DATE_WORDS = [
    ("Monday", "Tuesday"),
    ("Tuesday", "Sunday"),
    ("Wednesday", "Friday"),
    ("last week", "on Friday"),
    ("earlier this month", "last month"),
    ("yesterday", "on Saturday"),
    ("March", "April"),
]


def text_files(corpus: Path) -> list[Path]:
    # .txt and .md only: appending to an HTML page or a JSON line would break the format, which
    # is the reliability tests' business, not this check's.
    return sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())


def sentences_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 < len(s.strip()) < 300]


class Editor:
    """The edits, drawn from a seeded random generator (this is a benchmark, not the library)."""

    def __init__(self, corpus: Path, rng: random.Random) -> None:
        self.corpus = corpus
        self.rng = rng
        self.deleted: list[tuple[Path, bytes]] = []
        self.copies = 0

    def pick(self) -> Path:
        return self.rng.choice(text_files(self.corpus))

    def append_correction(self) -> str:
        target, source = self.pick(), self.pick()
        pool = sentences_of(source) or ["Antony Blinken met Sameh Shoukry in Cairo on Monday."]
        sentence = self.rng.choice(pool)
        with target.open("a", encoding="utf-8") as stream:
            stream.write(f"\n\nUpdate: {sentence}\n")
        return f"appended to {target.name}: {sentence[:60]!r}"

    def delete(self) -> str:
        target = self.pick()
        self.deleted.append((target, target.read_bytes()))
        target.unlink()
        return f"deleted {target.name}"

    def restore(self) -> str:
        if not self.deleted:
            return self.delete()
        target, data = self.deleted.pop(self.rng.randrange(len(self.deleted)))
        target.write_bytes(data)
        return f"restored {target.name}"

    def copy(self) -> str:
        source = self.pick()
        self.copies += 1
        target = source.with_name(f"copy{self.copies}-{source.name}")
        shutil.copyfile(source, target)
        return f"copied {source.name} to {target.name}"

    def change_date_word(self) -> str:
        for _ in range(20):
            target = self.pick()
            text = target.read_text(encoding="utf-8")
            old, new = self.rng.choice(DATE_WORDS)
            if old in text:
                target.write_text(text.replace(old, new, 1), encoding="utf-8")
                return f"{target.name}: {old!r} -> {new!r}"
        return self.append_correction()

    def several(self) -> str:
        edits = [self.one() for _ in range(self.rng.randint(2, 5))]
        return "; ".join(edits)

    def tenth(self) -> str:
        count = max(1, len(text_files(self.corpus)) // 10)
        for _ in range(count):
            self.append_correction()
        return f"a correction appended to {count} files"

    def one(self) -> str:
        edit = self.rng.choice(
            [self.append_correction, self.delete, self.restore, self.copy, self.change_date_word]
        )
        return edit()

    def step(self) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return self.several()
        if roll < 0.13:
            return self.tenth()
        return self.one()


def first_difference(a: bytes, b: bytes) -> str:
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return f"line {number}:\n  cache:   {x[:200]!r}\n  scratch: {y[:200]!r}"
    return f"lengths {len(a)} and {len(b)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="every 5th rebuild runs with N jobs")
    parser.add_argument("--input", type=Path, help="copy this folder instead of generating one")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="timeline-rebuilds-"))
    corpus, out, scratch = workdir / "corpus", workdir / "out", workdir / "scratch"
    for folder in (corpus, out, scratch):
        shutil.rmtree(folder, ignore_errors=True)
    if args.input:
        shutil.copytree(args.input, corpus)
    else:
        sum(1 for _ in load_corpus_module().generate(args.articles, corpus))
    cold = build(Settings(input_dir=corpus, out_dir=out))
    print(f"cold: {cold.summary()}", flush=True)

    editor = Editor(corpus, random.Random(args.seed))
    cpu = {"merge": 0.0, "export": 0.0}
    for step in range(1, args.edits + 1):
        edit = editor.step()
        jobs = args.jobs if step % 5 == 0 else 1
        started = time.process_time()
        rebuilt = build(Settings(input_dir=corpus, out_dir=out, jobs=jobs))
        seconds = time.process_time() - started
        for stage in cpu:
            cpu[stage] += rebuilt.report.cpu_timings.get(stage, 0.0)
        shutil.rmtree(scratch, ignore_errors=True)
        build(Settings(input_dir=corpus, out_dir=scratch, use_cache=False))
        mine, theirs = outputs(out), outputs(scratch)
        print(
            f"step {step:3} (jobs {jobs}): {edit}\n"
            f"         {rebuilt.summary()}; {seconds:.2f}s CPU",
            flush=True,
        )
        for name in sorted(set(mine) | set(theirs)):
            if mine.get(name) != theirs.get(name):
                print(f"DIFFERENT: {name} after step {step} ({edit})")
                print(first_difference(mine.get(name, b""), theirs.get(name, b"")))
                return 1
    print(
        f"{args.edits} edits, every rebuild the same bytes as a build from scratch; "
        f"CPU in merge {cpu['merge']:.2f}s, export {cpu['export']:.2f}s over all rebuilds"
    )
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
