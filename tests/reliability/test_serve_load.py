"""`timeline serve` under load and attack, on 127.0.0.1, stopping by itself.

500 connections opened at once by an asyncio client (stdlib only) ask for every output, with and
without If-None-Match and gzip, by GET and HEAD, and mixed among them path-traversal attempts;
every answer must be right. Afterwards the server holds no thread and no file descriptor more than
before, and during the load it never held a served file open per client. Idle and half-sent
connections (slowloris) must not stop it from answering others.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import shutil
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from served_types import TYPES

from timeline.serve import TimelineServer

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")

CONCURRENT = 500
REQUESTS_PER_CONNECTION = 2  # keep-alive: the second request reuses the connection
TIME_LIMIT = 120.0

# Each must be refused (404) and must not leak the secret next to the served folder.
HOSTILE_PATHS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt",  # double-encoded
    "/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 dots
    "/sub/../../secret.txt",
    "/./../secret.txt",
    "/..;/secret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    "/proc/self/environ",
    "/link-out.txt",  # symlink to a file outside
    "/dir-out/secret.txt",  # symlink to a folder outside
    "/.cache.sqlite",
    "/.timeline.json.x.tmp",
    "/timeline.json%00.html",
    "/%00",
    "/%zz",
    "/" + "a/" * 3000,
    "http://127.0.0.1/../secret.txt",  # absolute-form request target
    "http://evil.example/%2e%2e/secret.txt",
]
SECRET = b"outside the served folder"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class LoadStats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("serve-load")
    site = base / "site"
    shutil.copytree(sample_build, site)
    (site / "sub").mkdir()
    (base / "secret.txt").write_bytes(SECRET)
    (site / ".timeline.json.x.tmp").write_bytes(SECRET)
    (site / "link-out.txt").symlink_to(base / "secret.txt")
    (site / "dir-out").symlink_to(base)
    return site


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[TimelineServer]:
    with TimelineServer(site, "127.0.0.1", 0, quiet=True) as running:
        assert running.server_address[0] == "127.0.0.1"
        yield running


async def read_answer(reader: asyncio.StreamReader, method: str) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = b"" if method == "HEAD" or status == 304 else await reader.readexactly(length)
    return Answer(status, headers, body)


async def exchange(host: str, port: int, requests: list[tuple[str, str, dict]]) -> list[Answer]:
    """Send requests one after the other on one keep-alive connection."""
    reader, writer = await asyncio.open_connection(host, port)
    answers = []
    try:
        for number, (method, target, headers) in enumerate(requests):
            last = number == len(requests) - 1
            lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            lines.append(f"Connection: {'close' if last else 'keep-alive'}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            await writer.drain()
            answers.append(await read_answer(reader, method))
    finally:
        writer.close()
        await writer.wait_closed()
    return answers


def files_open_under(folder: Path) -> int:
    """How many of this process's descriptors are open on files inside folder."""
    count = 0
    prefix = str(folder.resolve())
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        count += target.startswith(prefix)
    return count


def descriptor_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def wait_for(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def plan_connection(number: int, site: Path, etags: dict[str, str]) -> list[tuple[str, str, dict]]:
    """The requests of connection number: a rotation over files, validators, gzip and attacks."""
    names = sorted(TYPES)
    name = names[number % len(names)]
    kind = number % 5
    if kind == 0:
        first = ("GET", f"/{name}", {})
    elif kind == 1:
        first = ("GET", f"/{name}", {"If-None-Match": etags[name]})
    elif kind == 2:
        first = ("GET", f"/{name}", {"Accept-Encoding": "gzip"})
    elif kind == 3:
        first = ("HEAD", f"/{name}", {})
    else:
        first = ("GET", HOSTILE_PATHS[number % len(HOSTILE_PATHS)], {})
    return [first, ("GET", f"/{names[(number + 1) % len(names)]}", {"If-None-Match": "*"})]


def check_answer(request: tuple[str, str, dict], answer: Answer, site: Path, etags: dict) -> None:
    method, target, headers = request
    name = target.lstrip("/")
    if target in HOSTILE_PATHS:
        assert answer.status in (400, 404), (target, answer.status)
        assert SECRET not in answer.body, target
        return
    if "If-None-Match" in headers:
        assert answer.status == 304, (target, answer.status)
        assert answer.headers["etag"] == etags[name] or headers["If-None-Match"] == "*"
        return
    assert answer.status == 200, (target, answer.status)
    assert answer.headers["content-type"] == TYPES[name]
    assert answer.headers["etag"].startswith('"') and answer.headers["etag"].endswith('"')
    assert "last-modified" in answer.headers
    body = (site / name).read_bytes()
    if method == "HEAD":
        assert answer.body == b""
    elif answer.headers.get("content-encoding") == "gzip":
        assert gzip.decompress(answer.body) == body
    else:
        assert answer.body == body
        assert answer.headers["etag"] == etags[name]


async def run_load(server: TimelineServer, site: Path, etags: dict, stats: LoadStats) -> None:
    host, port = server.server_address[:2]
    gate = asyncio.Event()

    async def one(number: int) -> None:
        requests = plan_connection(number, site, etags)
        await gate.wait()
        started = time.perf_counter()
        try:
            answers = await exchange(host, port, requests)
            for request, answer in zip(requests, answers, strict=True):
                stats.statuses[answer.status] = stats.statuses.get(answer.status, 0) + 1
                check_answer(request, answer, site, etags)
        except (AssertionError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            stats.errors.append(f"connection {number} {requests[0][:2]}: {exc!r}")
        stats.latencies.append(time.perf_counter() - started)

    tasks = [asyncio.ensure_future(one(n)) for n in range(CONCURRENT)]
    await asyncio.sleep(0)
    gate.set()
    await asyncio.wait_for(asyncio.gather(*tasks), TIME_LIMIT)


def current_etags(server: TimelineServer) -> dict[str, str]:
    async def fetch() -> dict[str, str]:
        host, port = server.server_address[:2]
        answers = await exchange(host, port, [("HEAD", f"/{n}", {}) for n in sorted(TYPES)])
        return {n: a.headers["etag"] for n, a in zip(sorted(TYPES), answers, strict=True)}

    return asyncio.run(fetch())


def test_500_concurrent_connections_no_error_no_leak(server: TimelineServer, site: Path) -> None:
    etags = current_etags(server)
    threads_before, fds_before = threading.active_count(), descriptor_count()

    peak_open_files = 0
    sampling = threading.Event()

    def sample() -> None:
        nonlocal peak_open_files
        while not sampling.is_set():
            peak_open_files = max(peak_open_files, files_open_under(site))
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stats = LoadStats()
    started = time.perf_counter()
    asyncio.run(run_load(server, site, etags, stats))
    wall = time.perf_counter() - started
    sampling.set()
    sampler.join()

    assert not stats.errors, f"{len(stats.errors)} errors, first: {stats.errors[:3]}"
    assert len(stats.latencies) == CONCURRENT
    assert sum(stats.statuses.values()) == CONCURRENT * REQUESTS_PER_CONNECTION
    # Files are read whole and closed at once: never one open file per client.
    assert peak_open_files <= 4, f"{peak_open_files} served files open at once"
    # Every handler thread ends and every socket is closed once the clients are gone.
    assert wait_for(lambda: threading.active_count() <= threads_before), threading.enumerate()
    assert wait_for(lambda: descriptor_count() <= fds_before), (fds_before, descriptor_count())
    latencies = sorted(stats.latencies)
    print(
        f"\nserve load: {CONCURRENT} concurrent connections, "
        f"{CONCURRENT * REQUESTS_PER_CONNECTION} requests in {wall:.2f}s "
        f"({CONCURRENT * REQUESTS_PER_CONNECTION / wall:.0f} req/s); per connection "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms; statuses {dict(sorted(stats.statuses.items()))}; "
        f"peak files open {peak_open_files}"
    )


@pytest.mark.parametrize("target", HOSTILE_PATHS)
def test_hostile_path_refused(server: TimelineServer, target: str) -> None:
    answer = asyncio.run(exchange(*server.server_address[:2], [("GET", target, {})]))[0]
    assert answer.status in (400, 404), answer.status
    assert SECRET not in answer.body


def test_idle_and_half_sent_connections_do_not_block_others(server: TimelineServer) -> None:
    """Slowloris: 100 connections that send nothing or half a request; others are still served,
    and closing them frees their threads."""
    threads_before = threading.active_count()
    fds_before = descriptor_count()

    async def attack_and_serve() -> list[Answer]:
        host, port = server.server_address[:2]
        idle = []
        for number in range(100):
            reader, writer = await asyncio.open_connection(host, port)
            if number % 2:
                writer.write(b"GET /timeline.rss HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                await writer.drain()
            idle.append(writer)
        started = time.perf_counter()
        answers = await asyncio.wait_for(
            asyncio.gather(*(exchange(host, port, [("GET", f"/{n}", {})]) for n in TYPES)), 10
        )
        assert time.perf_counter() - started < 10
        for writer in idle:
            writer.close()
        await asyncio.gather(*(w.wait_closed() for w in idle), return_exceptions=True)
        return [a[0] for a in answers]

    answers = asyncio.run(attack_and_serve())
    assert [a.status for a in answers] == [200] * len(TYPES)
    assert wait_for(lambda: threading.active_count() <= threads_before), threading.enumerate()
    assert wait_for(lambda: descriptor_count() <= fds_before)


# (raw bytes, acceptable status codes); the stdlib answers a request line it reads as HTTP/0.9
# with an error page and no status line, which is what HTTP/0.9 allows.
MALFORMED = {
    "garbage": (b"GARBAGE\r\n\r\n", {400}),
    "no-target": (b"GET\r\n\r\n", {400}),
    "bad-version": (b"GET / HTTP/9.9\r\n\r\n", {505}),
    "huge-header": (
        b"GET /index.html HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
        {400, 431},
    ),
    "many-headers": (b"GET /index.html HTTP/1.1\r\n" + b"X-H: v\r\n" * 200 + b"\r\n", {431}),
    "huge-target": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", {414}),
    # No line end: the server waits for one until its idle timeout, like for any slow client.
    "tls-hello": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64, None),
    "bad-validators": (
        b"GET /timeline.rss HTTP/1.1\r\nIf-Modified-Since: not a date\r\n"
        b"If-None-Match: \xff\xfe\r\nAccept-Encoding: gzip;q=banana\r\nConnection: close\r\n\r\n",
        {200},
    ),
    "bad-range": (
        b"GET /timeline.rss HTTP/1.1\r\nRange: bytes=99999999-1\r\nConnection: close\r\n\r\n",
        {200, 416},
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_requests_get_an_answer_and_the_server_goes_on(
    server: TimelineServer, case: str
) -> None:
    raw, codes = MALFORMED[case]

    async def send() -> bytes:
        reader, writer = await asyncio.open_connection(*server.server_address[:2])
        writer.write(raw)
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(400), 10 if codes else 1)
        except TimeoutError:
            assert codes is None, "no answer within 10 s"
            return b""
        finally:
            writer.close()
            await writer.wait_closed()

    answer = asyncio.run(send())
    if codes is None:
        assert answer == b""
    elif answer.startswith(b"HTTP/1."):
        status = int(answer[9:12])
    else:
        match = re.search(rb"Error code: (\d{3})", answer)
        assert match, answer[:200]
        status = int(match[1])
    if codes is not None:
        assert status in codes, answer[:200]
    follow = asyncio.run(exchange(*server.server_address[:2], [("GET", "/timeline.json", {})]))
    assert follow[0].status == 200


def test_client_hanging_up_mid_answer_is_not_a_server_error(
    server: TimelineServer, capfd: pytest.CaptureFixture
) -> None:
    """Feed readers cancel downloads: the server goes on without printing a traceback."""
    import socket
    import struct

    for _ in range(20):
        sock = socket.create_connection(server.server_address[:2], timeout=10)
        sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.recv(10)
        # SO_LINGER 0: close with a reset, as a cancelled download does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    follow = asyncio.run(exchange(*server.server_address[:2], [("GET", "/timeline.json", {})]))
    assert follow[0].status == 200
    time.sleep(0.2)
    assert "Traceback" not in capfd.readouterr().err


def test_rebuilds_during_load_never_serve_a_torn_or_mislabelled_file(
    server: TimelineServer, site: Path
) -> None:
    """While a rebuild renames new outputs into place again and again, every answer is one whole
    version of the file, with the ETag of exactly those bytes."""
    import hashlib

    target = site / "timeline.json"
    original = target.read_bytes()
    versions = [original, original.replace(b'"schema_version"', b'"schema_version" ', 1) + b"\n"]
    etag_of = {v: '"' + hashlib.sha256(v).hexdigest()[:32] + '"' for v in versions}
    stop = threading.Event()

    def rebuild() -> None:
        number = 0
        while not stop.is_set():
            staged = site / f".timeline.json.{number}.tmp"
            staged.write_bytes(versions[number % 2])
            os.replace(staged, target)
            number += 1

    async def fetch_many() -> list[Answer]:
        host, port = server.server_address[:2]
        calls = [exchange(host, port, [("GET", "/timeline.json", {})] * 3) for _ in range(100)]
        return [a for answers in await asyncio.gather(*calls) for a in answers]

    writer = threading.Thread(target=rebuild, daemon=True)
    writer.start()
    try:
        answers = asyncio.run(asyncio.wait_for(fetch_many(), TIME_LIMIT))
    finally:
        stop.set()
        writer.join()
        target.write_bytes(original)
    assert len(answers) == 300
    for answer in answers:
        assert answer.status == 200
        assert answer.body in versions, "a torn or unknown body"
        assert answer.headers["etag"] == etag_of[answer.body], "ETag of other bytes"
    assert len({a.body for a in answers}) == 2, (
        "the rebuilds were not seen: the test proves nothing"
    )
