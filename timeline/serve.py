"""`timeline serve`: serve a built output folder over HTTP for feed readers and calendars.

Static files only, read fresh on every request (a rebuild replaces them atomically), with the
headers subscribers rely on: exact content types, a strong ETag and Last-Modified answered with
304, gzip when asked. No directory listing, and no path can leave the folder, symlinks included.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import os
import posixpath
import socket
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from timeline.errors import ConfigError, TimelineError
from timeline.settings import Settings

CONTENT_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
}
# Smaller bodies gain nothing from gzip.
GZIP_MIN_BYTES = 256


@dataclass
class Resource:
    body: bytes
    content_type: str
    etag: str
    mtime: float
    _gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        # mtime=0 keeps the gzip bytes identical for identical files.
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


def resolve_path(root: Path, url_path: str) -> Path | None:
    """The file url_path names inside root, or None when it is missing or would leave root.

    root must already be resolved. The URL is decoded first so `%2e%2e` is caught as `..`, and
    the result is resolved so a symlink pointing outside the folder is refused."""
    path = unquote(urlsplit(url_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
    if any(p in ("..", ".") or p.startswith(".") for p in parts):
        return None  # also hides dotfiles such as the build cache
    candidate = root.joinpath(*parts)
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


def load_resource(path: Path) -> Resource:
    body = path.read_bytes()
    content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    # Strong: a hash of the exact bytes, so it is the same across restarts and rebuilds.
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Resource(body, content_type, etag, path.stat().st_mtime)


class ResourceCache:
    """Files already read, hashed and gzipped, keyed by what changes when a file is replaced.

    A rebuild renames new files into place (new inode, new mtime), so a stale entry is never
    served; polling feed readers then cost a stat, not a read, a hash and a compression."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, Resource] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: Path) -> Resource:
        stat = path.stat()
        key = (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        resource = load_resource(path)
        with self._lock:
            self._entries[key] = resource
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return resource


def _etag_matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def make_handler(root: Path) -> type[BaseHTTPRequestHandler]:
    cache = ResourceCache()

    class TimelineRequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30  # idle keep-alive connections must not hold a thread forever

        def version_string(self) -> str:
            return "timeline"

        def do_GET(self) -> None:
            self._respond(send_body=True)

        def do_HEAD(self) -> None:
            self._respond(send_body=False)

        def _method_not_allowed(self) -> None:
            # The request body is never read, so the connection cannot be reused after it.
            self.close_connection = True
            self._send_error(
                HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD", "Connection": "close"}
            )

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _method_not_allowed

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            if not getattr(self.server, "quiet", False):
                super().log_message(format, *args)

        def _send_error(self, status: HTTPStatus, headers: dict[str, str] | None = None) -> None:
            body = f"{status.value} {status.phrase}\n".encode()
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _respond(self, send_body: bool) -> None:
            try:
                path = resolve_path(root, self.path)
            except UnicodeDecodeError:
                path = None
            if path is None:
                self._send_error(HTTPStatus.NOT_FOUND)
                return
            try:
                resource = cache.get(path)
            except OSError:
                self._send_error(HTTPStatus.NOT_FOUND)
                return
            last_modified = email.utils.formatdate(resource.mtime, usegmt=True)
            gzipped = self._accepts_gzip() and len(resource.body) >= GZIP_MIN_BYTES
            # Each encoding is its own representation, so it needs its own strong ETag.
            etag = resource.etag[:-1] + '-gz"' if gzipped else resource.etag
            headers = {
                "ETag": etag,
                "Last-Modified": last_modified,
                "Cache-Control": "no-cache",
                "Vary": "Accept-Encoding",
                "X-Content-Type-Options": "nosniff",
            }
            if self._not_modified(etag, resource.mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            body = resource.gzipped() if gzipped else resource.body
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(body)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def _accepts_gzip(self) -> bool:
            for coding in self.headers.get("Accept-Encoding", "").split(","):
                name, _, params = coding.strip().partition(";")
                if name.strip().lower() in ("gzip", "x-gzip", "*"):
                    q = params.strip().removeprefix("q=")
                    try:
                        return not params or float(q) > 0
                    except ValueError:
                        return False
            return False

        def _not_modified(self, etag: str, mtime: float) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:
                # RFC 9110: If-None-Match wins over If-Modified-Since.
                return _etag_matches(if_none_match, etag)
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    when = email.utils.parsedate_to_datetime(since).timestamp()
                except (TypeError, ValueError, IndexError, OverflowError):
                    return False
                return int(mtime) <= when
            return False

    return TimelineRequestHandler


class TimelineServer(ThreadingHTTPServer):
    """The HTTP server of `timeline serve`; port 0 picks a free port (see .url)."""

    daemon_threads = True
    # socketserver's listen backlog of 5 drops connections in a burst (500 at once: 1 in 5 timed
    # out after 30 s of SYN retries); the kernel caps this at net.core.somaxconn.
    request_queue_size = 1024

    def __init__(
        self, directory: Path, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False
    ) -> None:
        root = Path(directory).resolve()
        if not root.is_dir():
            raise ConfigError(f"folder to serve not found: {directory}")
        self.root = root
        self.quiet = quiet
        if ":" in host:  # an IPv6 address such as ::1 or ::
            self.address_family = socket.AF_INET6
        super().__init__((host, port), make_handler(root))

    def handle_error(self, request, client_address) -> None:
        # A client hanging up mid-answer (a feed reader cancelling) is not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def start(self) -> TimelineServer:
        """Serve from a background thread (for tests and --watch); stop() ends it."""
        self._thread = threading.Thread(
            target=self.serve_forever, name="timeline-serve", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> TimelineServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def input_snapshot(folder: Path, exclude: list[Path] = ()) -> tuple:
    """What --watch compares: every file under folder with its size and mtime."""
    skip = {Path(p).resolve() for p in exclude}
    entries = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and Path(dirpath, d).resolve() not in skip
        )
        for name in sorted(filenames):
            path = Path(dirpath, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class InputWatcher:
    """Calls rebuild() whenever the files under folder change (polling: portable, no deps)."""

    def __init__(
        self,
        folder: Path,
        rebuild: Callable[[], None],
        interval: float = 1.0,
        exclude: list[Path] = (),
    ) -> None:
        self.folder = folder
        self.exclude = list(exclude)
        self.rebuild = rebuild
        self.interval = interval
        self._stop = threading.Event()
        self._last = input_snapshot(folder, self.exclude)
        self._thread = threading.Thread(target=self._run, name="timeline-watch", daemon=True)

    def start(self) -> InputWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> bool:
        """Rebuild if something changed since the last check; True when it did."""
        current = input_snapshot(self.folder, self.exclude)
        if current == self._last:
            return False
        self._last = current
        self.rebuild()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            # Wait for a copy in progress to settle, so a half-written corpus is not built.
            current = input_snapshot(self.folder, self.exclude)
            while current != self._last and not self._stop.wait(self.interval):
                settled = input_snapshot(self.folder, self.exclude)
                if settled == current:
                    break
                current = settled
            if not self._stop.is_set():
                self.check()


def rebuild_with(settings: Settings, log: Callable[[str], None]) -> Callable[[], None]:
    """A rebuild for --watch: pipeline.build(), reporting instead of raising so serving goes on."""
    from timeline.pipeline import build

    def rebuild() -> None:
        try:
            result = build(settings)
        except TimelineError as exc:
            log(f"rebuild failed: {exc}")
            return
        except Exception as exc:  # a bug in a stage must not stop the server; the old files stay
            log(f"rebuild failed: {type(exc).__name__}: {exc}")
            return
        for problem in result.timeline.problems:
            log(f"{problem.path}: {problem.error}")
        log(f"rebuilt: {result.summary()}")

    return rebuild


def serve(
    directory: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    watch: Settings | None = None,
    interval: float = 1.0,
    log: Callable[[str], None] = print,
    ready: Callable[[TimelineServer], None] | None = None,
) -> None:
    """Serve directory until interrupted.

    With watch (the build's settings), build now and again whenever watch.input_dir changes."""
    watcher = None
    if watch is not None:
        rebuild = rebuild_with(watch, log)
        rebuild()
        # The output folder may sit inside the input folder: its writes must not trigger rebuilds.
        watcher = InputWatcher(watch.input_dir, rebuild, interval, exclude=[watch.out_dir]).start()
    server = TimelineServer(directory, host, port)
    if ready:
        ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if watcher:
            watcher.stop()
        server.server_close()
