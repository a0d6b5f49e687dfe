"""Command-line interface: parses options, calls the library, turns errors into exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sys
import traceback
from pathlib import Path

import typer

from timeline import __version__
from timeline.errors import TimelineError
from timeline.settings import Settings

app = typer.Typer(
    help="Turn news articles into a dated timeline of diplomatic events (JSON, iCal, RSS, Atom, HTML).\n\n"
    "Example:  timeline build input --out feeds",
    no_args_is_help=True,
    add_completion=False,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
EXIT_BUG = 3  # an unexpected error inside timeline: a bug to report


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"timeline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """timeline: news articles in, a dated timeline of diplomatic events out."""


@app.command()
def build(
    input_dir: Path = typer.Argument(Path("input"), help="Folder of articles (read recursively)."),
    out: Path = typer.Option(
        Path("feeds"), "--out", "-o", help="Folder the outputs are written to."
    ),
    base_url: str = typer.Option(
        "", help="Absolute URL the output folder is served at, for feed links."
    ),
    title: str = typer.Option("Diplomatic timeline", help="Title of the feeds, calendar and page."),
    strict: bool = typer.Option(
        False,
        help="Make input problems fatal: stop at the first unreadable file or entry, exit 2.",
    ),
    feed_limit: int = typer.Option(
        200,
        "--feed-limit",
        min=0,
        help="Newest events in the RSS and Atom feeds; 0 = all. "
        "The page, timeline.json and the calendar always have every event.",
    ),
    cache: Path = typer.Option(
        None,
        "--cache",
        help="SQLite cache of per-file results (default OUT/.cache.sqlite); "
        "unchanged files are not read again.",
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Build from scratch: neither read nor write the cache."
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=0, help="Worker processes for the per-file stages; 0 = one per core."
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="Where the per-file stages run: local (this machine) or dask (needs timeline[dask]).",
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default with --engine dask: a local cluster of --jobs processes).",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print only problems and errors: no progress, no summary."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also print the time of each stage and cache details."
    ),
) -> None:
    """Build timeline.json, .ics, .rss, .atom, index.html and timeline.timelinejs.json.

    Example:  timeline build input --out feeds --base-url https://example.org/timeline

    Exit codes: 0 built with no problem; 1 built, but some inputs had problems (listed on stderr
    and in timeline.json "problems"); 2 nothing built (bad options, missing folder, --strict).

    Large corpora:  timeline build input --out feeds --jobs 0   (rebuilds reuse OUT/.cache.sqlite)
    """
    from timeline.pipeline import build as run_build
    from timeline.progress import progress_bar, wants_progress_bar

    if engine not in ("local", "dask"):
        _fail(f"--engine must be local or dask, got '{engine}'")
    if scheduler and engine != "dask":
        _fail("--scheduler needs --engine dask")
    if quiet and verbose:
        _fail("--quiet and --verbose cannot be used together")
    settings = Settings(
        input_dir=input_dir,
        out_dir=out,
        base_url=base_url,
        title=title,
        strict=strict,
        feed_limit=feed_limit,
        cache_path=cache,
        use_cache=not no_cache,
        jobs=jobs,
        engine=engine,
        scheduler=scheduler,
    )
    try:
        with progress_bar(wants_progress_bar(quiet=quiet)) as progress:
            result = run_build(settings, progress=progress)
    except TimelineError as exc:
        _fail(str(exc))
    except OSError as exc:
        # The output folder (or the cache beside it) cannot be written: nothing was built.
        if out.exists() and not out.is_dir():
            _fail(f"{out}: is a file, not a folder (--out names the folder the outputs go to)")
        _fail(f"cannot write to {exc.filename or out}: {exc.strerror or exc}")
    except Exception:
        # A bug, not bad input: the traceback is for the bug report, and exit 3 keeps scripts
        # from taking Python's crash exit code (1) for "built with problems".
        traceback.print_exc()
        raise typer.Exit(EXIT_BUG) from None
    for warning in result.report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for problem in result.problems:
        typer.echo(f"{problem.path}: {problem.error}", err=True)
    if verbose:
        for stage, seconds in result.report.timings.items():
            typer.echo(f"  {stage:<8} {seconds:8.3f}s", err=True)
        if result.report.forgotten:
            typer.echo(
                f"  {result.report.forgotten} deleted files dropped from the cache", err=True
            )
    if not quiet:
        typer.echo(result.summary())
    raise typer.Exit(EXIT_PROBLEMS if result.problems else EXIT_OK)


@app.command()
def resolve(
    file: str = typer.Argument("-", help="Text file to read, or - for standard input."),
    published: str = typer.Option(
        None, help="Publication date YYYY-MM-DD the expressions are anchored to."
    ),
    jsonl: str = typer.Option(
        None,
        "--jsonl",
        help='Read JSON lines {"id","text","published"} from this file (- for stdin) and print '
        'one line {"id","mentions"} (or {"id","error"}) per input line.',
    ),
) -> None:
    """Find and resolve the temporal expressions of one text; print JSON {"mentions": [...]}.

    Example:  echo "Gallant said on Sunday." | timeline resolve --published 2024-04-14

    Example:  timeline resolve --jsonl articles.jsonl > mentions.jsonl

    Exit codes: 0 resolved; 1 some --jsonl lines had errors (reported on their line);
    2 unreadable input or a bad option.
    """
    from timeline.dates import resolve_text

    if jsonl is not None:
        from timeline.dates.batch import resolve_lines, result_line

        try:
            # Bytes: a line that is not UTF-8 is answered on its own line.
            stream = sys.stdin.buffer if jsonl == "-" else open(jsonl, "rb")  # noqa: SIM115
        except OSError as exc:
            _fail(f"{jsonl}: {exc.strerror or exc}")
        errors = 0
        with stream:
            for result in resolve_lines(stream):
                errors += "error" in result
                typer.echo(result_line(result))
        raise typer.Exit(EXIT_PROBLEMS if errors else EXIT_OK)
    try:
        anchor = dt.date.fromisoformat(published) if published else None
    except ValueError:
        _fail(f"--published must be YYYY-MM-DD, got '{published}'")
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"{file}: {exc.strerror or exc}")
    mentions = resolve_text(text, anchor)
    typer.echo(json.dumps({"mentions": [m.model_dump(mode="json") for m in mentions]}, indent=2))


@app.command("read")
def read_articles(
    files: list[Path] = typer.Argument(..., help="Article files, in any input format."),
    details: bool = typer.Option(
        False,
        "--details",
        help="Also list each line the cleaner dropped and why, and the offsets of paragraphs "
        "and captions in the file.",
    ),
) -> None:
    """Show how files are read: title, publication date with its basis and the words it was read
    from, warnings, the cleaned body and the captions; print JSON {"articles", "problems"}.

    Example:  timeline read input/scraped/capitol_compass_pentagon_talks.txt --details

    Exit codes: 0 every file read; 1 some had problems (also on stderr); 2 a file not found.
    """
    from timeline.ingest import read_file
    from timeline.models import Problem

    articles, problems = [], []
    for path in files:
        if not path.is_file():
            _fail(f"{path}: no such file")
        for item in read_file(path.resolve(), path.resolve().parent):
            if isinstance(item, Problem):
                # Name the file as the user typed it, keeping "#N" for an entry of a feed or export.
                where = f"{path}{item.path[len(path.name) :]}"
                typer.echo(f"{where}: {item.error}", err=True)
                problems.append({"path": where, "error": item.error})
                continue
            exclude = None if details else {"removed", "paragraphs", "caption_offsets"}
            articles.append(item.model_dump(mode="json", exclude=exclude))
    typer.echo(
        json.dumps({"articles": articles, "problems": problems}, indent=2, ensure_ascii=False)
    )
    raise typer.Exit(EXIT_PROBLEMS if problems else EXIT_OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of timeline.json, generated from the models.

    Example:  timeline schema > timeline.schema.json
    """
    from timeline.models import Timeline

    typer.echo(json.dumps(Timeline.model_json_schema(), indent=2))


@app.command()
def serve(
    directory: Path = typer.Argument(Path("feeds"), help="The built output folder to serve."),
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on; 0.0.0.0 makes it reachable from other machines."
    ),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on; 0 picks a free one."),
    watch: bool = typer.Option(
        False, help="Build now, then rebuild whenever a file under --input changes."
    ),
    input_dir: Path = typer.Option(
        Path("input"), "--input", "-i", help="Folder of articles that --watch builds from."
    ),
    base_url: str = typer.Option(
        "", help="With --watch: absolute URL the folder is served at, for feed links."
    ),
    title: str = typer.Option("Diplomatic timeline", help="With --watch: title of the outputs."),
) -> None:
    """Serve the built feeds, calendar and page over HTTP for feed readers and calendar apps.

    Example:  timeline serve feeds --port 8000 --watch --input input

    Feed readers get the right content types, ETag/Last-Modified (304 when unchanged) and gzip.
    Only files inside DIRECTORY are served, never a listing; Ctrl+C stops.
    """
    from timeline.serve import TimelineServer
    from timeline.serve import serve as run_server

    settings = None
    if watch:
        settings = Settings(input_dir=input_dir, out_dir=directory, base_url=base_url, title=title)

    def announce(server: TimelineServer) -> None:
        typer.echo(f"Serving {server.root} at {server.url} (Ctrl+C to stop)")
        for name in ("index.html", "timeline.rss", "timeline.atom", "timeline.ics"):
            typer.echo(f"  {server.url}{name}")
        webcal = server.url.replace("http://", "webcal://", 1)
        typer.echo(f"  {webcal}timeline.ics  (calendar subscription)")

    try:
        run_server(
            directory,
            host,
            port,
            watch=settings,
            log=lambda line: typer.echo(line, err=True),
            ready=announce,
        )
    except TimelineError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
