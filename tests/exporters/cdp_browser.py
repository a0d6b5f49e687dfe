"""A tiny Chrome DevTools Protocol client over --remote-debugging-pipe (no websocket library):
enough to load a page in headless Chromium, collect console errors and requests, evaluate
JavaScript and take a screenshot."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--remote-debugging-pipe",
]


def chromium_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page; every DevTools event is kept in self.events."""

    def __init__(self, width: int = 1100, height: int = 1400) -> None:
        self.profile = tempfile.mkdtemp(prefix="timeline-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Above 4, so that moving them onto 3 and 4 in the child never overwrites one another.
        child_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def wire_pipes() -> None:  # in the child: DevTools reads fd 3 and writes fd 4
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        command = [chromium_path(), *FLAGS, f"--user-data-dir={self.profile}"]
        self.process = subprocess.Popen(
            [*command, f"--window-size={width},{height}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes,  # runs before the fds outside pass_fds are closed
            pass_fds=(3, 4),
        )
        os.close(child_r)
        os.close(child_w)
        self.events: list[dict[str, Any]] = []
        self._replies: dict[int, dict[str, Any]] = {}
        self._next_id = 0
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    message = json.loads(raw)
                    with self._cond:
                        if "id" in message:
                            self._replies[message["id"]] = message
                        else:
                            self.events.append(message)
                        self._cond.notify_all()

    def call(self, method: str, session: bool = False, timeout: float = 20, **params: Any) -> dict:
        with self._cond:
            self._next_id += 1
            call_id = self._next_id
        message = {"id": call_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        with self._cond:
            if not self._cond.wait_for(lambda: call_id in self._replies, timeout):
                raise TimeoutError(f"no answer to {method}")
            reply = self._replies.pop(call_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_for_event(self, method: str, after: int, timeout: float = 20) -> dict:
        with self._cond:
            found = self._cond.wait_for(
                lambda: any(e["method"] == method for e in self.events[after:]), timeout
            )
        if not found:
            raise TimeoutError(f"no {method}")
        return next(e for e in self.events[after:] if e["method"] == method)

    def load(self, url: str, javascript: bool = True) -> None:
        """Navigate and wait for the load event plus a moment for scripts to settle."""
        self.call("Emulation.setScriptExecutionDisabled", session=True, value=not javascript)
        mark = len(self.events)
        self.call("Page.navigate", session=True, url=url)
        self.wait_for_event("Page.loadEventFired", mark)
        time.sleep(0.2)

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.call(
            "Page.captureScreenshot", session=True, format="png", captureBeyondViewport=False
        )
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def problems(self, since: int = 0) -> list[str]:
        """Console errors and warnings, uncaught exceptions, failed loads and CSP violations
        reported since event number `since` (len(self.events) before an action)."""
        found = []
        for event in list(self.events)[since:]:
            params = event.get("params", {})
            if event["method"] == "Runtime.consoleAPICalled" and params["type"] in (
                "error",
                "warning",
                "assert",
            ):
                found.append(
                    "console: "
                    + " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                )
            elif event["method"] == "Runtime.exceptionThrown":
                found.append("exception: " + json.dumps(params["exceptionDetails"])[:500])
            elif event["method"] == "Log.entryAdded" and params["entry"]["level"] in (
                "error",
                "warning",
            ):
                found.append(f"log: {params['entry']['text']}")
            elif event["method"] == "Network.loadingFailed":
                found.append(f"failed: {params.get('errorText')}")
            elif event["method"] == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('message')}")
        return found

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, RuntimeError):
            self.call("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        shutil.rmtree(self.profile, ignore_errors=True)
