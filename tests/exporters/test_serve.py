"""`timeline serve`: what feed readers and calendar apps rely on, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import email.utils
import gzip
import http.client
import inspect
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import icalendar
import pytest
from exporter_samples import SAMPLE_EVENTS, make_timeline, render
from served_types import TYPES
from typer.testing import CliRunner

from timeline.cli import app
from timeline.exporters import EXPORTERS
from timeline.serve import InputWatcher, TimelineServer, serve
from timeline.settings import Settings


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("serve")
    site = base / "site"
    site.mkdir()
    timeline = make_timeline(*SAMPLE_EVENTS)
    for name, exporter in EXPORTERS.items():
        (site / exporter.filename).write_bytes(render(name, timeline))
    (site / ".cache.sqlite").write_bytes(b"private")
    (site / "empty-folder").mkdir()
    (site / "sub").mkdir()
    (site / "sub" / "index.html").write_text("<p>sub</p>")
    (base / "secret.txt").write_text("outside the served folder")
    (site / "link-out.txt").symlink_to(base / "secret.txt")
    (site / "dir-out").symlink_to(base)
    (site / "link-in.json").symlink_to(site / "timeline.json")
    return site


@pytest.fixture(scope="module")
def server(root: Path) -> Iterator[TimelineServer]:
    with TimelineServer(root, "127.0.0.1", 0, quiet=True) as running:
        yield running


def get(server: TimelineServer, path: str, method: str = "GET", **headers: str):
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("name", sorted(TYPES))
def test_content_types_and_validators(server: TimelineServer, root: Path, name: str) -> None:
    status, headers, body = get(server, "/" + name)
    assert status == 200
    assert headers["Content-Type"] == TYPES[name]
    assert body == (root / name).read_bytes()
    assert int(headers["Content-Length"]) == len(body)
    etag = headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong: no W/
    modified = email.utils.parsedate_to_datetime(headers["Last-Modified"]).timestamp()
    assert modified == int((root / name).stat().st_mtime)


def test_root_serves_the_page(server: TimelineServer, root: Path) -> None:
    status, headers, body = get(server, "/")
    assert status == 200 and body == (root / "index.html").read_bytes()
    assert get(server, "/sub/")[2] == b"<p>sub</p>"
    assert get(server, "/index.html?actor=Iran#x")[0] == 200


def test_304_on_if_none_match_and_if_modified_since(server: TimelineServer) -> None:
    _, headers, _ = get(server, "/timeline.rss")
    status, again, body = get(server, "/timeline.rss", **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    assert again["ETag"] == headers["ETag"]
    assert (
        get(server, "/timeline.rss", **{"If-None-Match": '"other", ' + headers["ETag"]})[0] == 304
    )
    assert get(server, "/timeline.rss", **{"If-None-Match": '"other"'})[0] == 200
    assert get(server, "/timeline.rss", **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert (
        get(server, "/timeline.rss", **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0]
        == 200
    )
    assert get(server, "/timeline.rss", **{"If-Modified-Since": "not a date"})[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = {"If-None-Match": '"other"', "If-Modified-Since": headers["Last-Modified"]}
    assert get(server, "/timeline.rss", **both)[0] == 200


def test_etag_changes_when_the_file_changes(server: TimelineServer, root: Path) -> None:
    path = root / "sub" / "index.html"
    before = get(server, "/sub/")[1]["ETag"]
    path.write_text("<p>sub, rebuilt</p>")
    after = get(server, "/sub/")
    assert after[1]["ETag"] != before and after[2] == b"<p>sub, rebuilt</p>"
    assert get(server, "/sub/", **{"If-None-Match": before})[0] == 200


def test_gzip_only_when_asked(server: TimelineServer, root: Path) -> None:
    plain = get(server, "/timeline.ics")
    assert "Content-Encoding" not in plain[1]
    assert plain[1]["Vary"] == "Accept-Encoding"
    status, headers, body = get(server, "/timeline.ics", **{"Accept-Encoding": "br, gzip;q=0.8"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (root / "timeline.ics").read_bytes()
    assert headers["ETag"] != plain[1]["ETag"]  # a different representation
    assert (
        get(
            server, "/timeline.ics", **{"If-None-Match": headers["ETag"], "Accept-Encoding": "gzip"}
        )[0]
        == 304
    )
    refused = get(server, "/timeline.ics", **{"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused[1]


def test_head_has_headers_without_body(server: TimelineServer) -> None:
    status, headers, body = get(server, "/timeline.json", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/empty-folder/",
        "/empty-folder",
        "/missing.rss",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/%2fetc%2fpasswd",
        "/link-out.txt",
        "/dir-out/secret.txt",
        "/.cache.sqlite",
        "/%00index.html",
        "/..\\secret.txt",
        "/%ff%fe",
    ],
)
def test_no_listing_no_path_outside_the_folder(server: TimelineServer, path: str) -> None:
    status, _, body = get(server, path)
    assert status == 404, path
    assert b"outside" not in body and b"root:" not in body


def test_symlink_inside_the_folder_is_served(server: TimelineServer, root: Path) -> None:
    assert get(server, "/link-in.json")[2] == (root / "timeline.json").read_bytes()


def test_absolute_form_request_target_stays_inside(server: TimelineServer) -> None:
    with socket.create_connection(server.server_address[:2], timeout=10) as sock:
        sock.sendall(
            b"GET http://evil.example/../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 404") and b"outside" not in answer


def test_only_get_and_head(server: TimelineServer) -> None:
    status, headers, _ = get(server, "/timeline.rss", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_feed_reader_and_calendar_fetch_over_http(server: TimelineServer) -> None:
    feed = feedparser.parse(server.url + "timeline.rss")
    assert not feed.bozo and feed.status == 200 and len(feed.entries) == len(SAMPLE_EVENTS)
    # Built without --base-url, links are relative: the reader resolves them against the feed.
    assert feed.feed.link == server.url + "index.html"
    assert (
        feed.entries[0].link
        == server.url + "index.html#" + max(SAMPLE_EVENTS, key=lambda e: e.date.start).id
    )
    # A feed reader's next poll sends the validators back and gets 304: nothing re-downloaded.
    again = feedparser.parse(server.url + "timeline.rss", etag=feed.etag, modified=feed.modified)
    assert again.status == 304 and not again.entries
    atom = feedparser.parse(
        server.url + "timeline.atom", request_headers={"Accept-Encoding": "gzip"}
    )
    assert not atom.bozo and len(atom.entries) == len(SAMPLE_EVENTS)
    _, _, body = get(server, "/timeline.ics")
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == len(SAMPLE_EVENTS)


def test_binds_loopback_unless_told() -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(TimelineServer).parameters["host"].default == "127.0.0.1"
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "127.0.0.1" in result.output and "Example" in result.output


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "nope"), "--port", "0"])
    assert result.exit_code == 2
    assert "folder to serve not found" in result.output


def test_watcher_rebuilds_on_change_and_ignores_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "a.txt").write_text("one")
    calls = []
    watcher = InputWatcher(tmp_path, lambda: calls.append(1), exclude=[tmp_path / "out"])
    assert watcher.check() is False
    (tmp_path / "out" / "timeline.json").write_text("{}")
    assert watcher.check() is False
    (tmp_path / "b.txt").write_text("two")
    assert watcher.check() is True
    (tmp_path / "a.txt").write_text("one, edited")
    os.utime(tmp_path / "a.txt", ns=(1, 1))
    assert watcher.check() is True
    (tmp_path / "b.txt").unlink()
    assert watcher.check() is True
    assert len(calls) == 3


def test_watch_rebuilds_with_the_pipeline_while_serving(tmp_path: Path) -> None:
    inputs, out = tmp_path / "input", tmp_path / "feeds"
    inputs.mkdir()
    (inputs / "first.txt").write_text(
        "Gallant meets Austin\n\nIsraeli Defense Minister Yoav Gallant met Lloyd Austin on April 14, 2024.\n"
    )
    settings = Settings(input_dir=inputs, out_dir=out, use_cache=False)
    started: list[TimelineServer] = []
    logs: list[str] = []
    thread = threading.Thread(
        target=serve,
        args=(out, "127.0.0.1", 0),
        kwargs={"watch": settings, "interval": 0.1, "log": logs.append, "ready": started.append},
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 60
    while not started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started, logs
    running = started[0]
    try:
        import json

        first = json.loads(get(running, "/timeline.json")[2])
        assert len(first["articles"]) == 1
        (inputs / "second.txt").write_text(
            "Blinken visits Riyadh\n\nAntony Blinken visited Riyadh on April 29, 2024.\n"
        )
        while time.monotonic() < deadline:
            data = json.loads(get(running, "/timeline.json")[2])
            if len(data["articles"]) == 2:
                break
            time.sleep(0.1)
        assert len(data["articles"]) == 2, logs
        assert any(line.startswith("rebuilt:") for line in logs)
    finally:
        running.shutdown()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_failing_rebuild_is_reported_and_serving_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.pipeline
    from timeline.errors import ConfigError
    from timeline.serve import rebuild_with

    def broken(settings: Settings):
        raise KeyError("a bug in some stage")

    logs: list[str] = []
    monkeypatch.setattr(timeline.pipeline, "build", broken)
    rebuild_with(Settings(input_dir=tmp_path, out_dir=tmp_path / "out"), logs.append)()
    assert logs == ["rebuild failed: KeyError: 'a bug in some stage'"]

    def missing(settings: Settings):
        raise ConfigError("input folder not found: nowhere")

    monkeypatch.setattr(timeline.pipeline, "build", missing)
    rebuild_with(Settings(input_dir=tmp_path, out_dir=tmp_path / "out"), logs.append)()
    assert logs[-1] == "rebuild failed: input folder not found: nowhere"


@pytest.mark.skipif(not socket.has_ipv6, reason="this Python has no IPv6 support")
def test_ipv6_loopback(root: Path) -> None:
    try:
        server = TimelineServer(root, "::1", 0, quiet=True)
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    with server:
        assert server.url.startswith("http://[::1]:")
        feed = feedparser.parse(server.url + "timeline.atom")
        assert not feed.bozo and len(feed.entries) == len(SAMPLE_EVENTS)


def test_cli_serve_runs_until_interrupted(root: Path) -> None:
    """`timeline serve DIR --port 0` as a user runs it: prints its address, serves, stops on ^C."""
    import signal
    import subprocess
    import sys
    import urllib.request

    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from timeline.cli import app; app()",
            "serve",
            str(root),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell without job control starts background jobs with SIGINT ignored, and the child
        # would inherit that: ^C reaches a server started from a terminal, so give it the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        first = process.stdout.readline()
        assert first.startswith(f"Serving {root} at http://127.0.0.1:"), first
        url = first.split(" at ", 1)[1].split(" ", 1)[0]
        with urllib.request.urlopen(url + "timeline.ics", timeout=10) as response:
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert response.read() == (root / "timeline.ics").read_bytes()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert 'GET /timeline.ics HTTP/1.1" 200' in err


def test_port_in_use_is_a_clear_error(root: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", str(root), "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
