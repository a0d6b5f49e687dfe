"""timeline.ics imported into a real CalDAV server (Radicale, started here on 127.0.0.1):
each event is stored, read back unchanged and found on its own days by a time-range query."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render

pytest.importorskip(
    "radicale", reason="radicale comes with the test extra: pip install -e '.[test]'"
)

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
AUTH = "Basic " + base64.b64encode(b"reader:secret").decode()


class CalDav:
    """The few CalDAV requests a calendar client makes, over http.client."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, method: str, path: str, body: bytes | str = b"", headers: dict | None = None
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(
                method,
                path,
                body.encode() if isinstance(body, str) else body,
                {"Authorization": AUTH, **(headers or {})},
            )
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def report(self, path: str, query: str) -> dict[str, bytes]:
        """href -> calendar-data of every item the calendar-query REPORT returns."""
        status, body = self.request(
            "REPORT", path, query, {"Depth": "1", "Content-Type": "application/xml"}
        )
        assert status == 207, body
        found = {}
        for response in ET.fromstring(body).iter(f"{DAV}response"):
            data = response.find(f".//{CALDAV}calendar-data")
            if data is not None and data.text:
                found[response.findtext(f"{DAV}href")] = data.text.encode()
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def caldav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalDav]:
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "radicale.log", "wb"),  # noqa: SIM115
    )
    client = CalDav(port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.request("OPTIONS", "/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("Radicale did not start:\n" + Path(folder / "radicale.log").read_text())
            time.sleep(0.1)
    yield client
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def mkcalendar(caldav: CalDav, path: str) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        "<D:set><D:prop><D:displayname>Diplomatic timeline</D:displayname></D:prop></D:set>"
        "</C:mkcalendar>"
    )
    status, answer = caldav.request("MKCALENDAR", path, body, {"Content-Type": "application/xml"})
    assert status == 201, answer


def day_query(first: dt.date, last: dt.date | None = None) -> str:
    """A calendar-query for the events shown on the days first..last, as a calendar view asks."""
    start = first.strftime("%Y%m%dT000000Z")
    end = ((last or first) + dt.timedelta(days=1)).strftime("%Y%m%dT000000Z")
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        "<D:prop><C:calendar-data/></D:prop>"
        '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
        f'<C:time-range start="{start}" end="{end}"/>'
        "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
    )


def uids(items: dict[str, bytes]) -> set[str]:
    return {
        str(v["UID"])
        for data in items.values()
        for v in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }


def test_each_vevent_put_and_read_back(caldav: CalDav) -> None:
    timeline = make_timeline(
        *SAMPLE_EVENTS,
        *(
            hostile_event(text).model_copy(update={"id": f"h{name}"})
            for name, text in HOSTILE_TEXTS.items()
        ),
    )
    source = icalendar.Calendar.from_ical(render("ics", timeline))
    mkcalendar(caldav, "/reader/per-event/")
    sent = {}
    for vevent in source.walk("VEVENT"):
        uid = str(vevent["UID"])
        single = icalendar.Calendar()
        for key in ("PRODID", "VERSION"):
            single.add(key, source[key])
        single.add_component(vevent)
        status, answer = caldav.request(
            "PUT",
            f"/reader/per-event/{uid.split('@')[0]}.ics",
            single.to_ical(),
            {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"},
        )
        assert status == 201, (uid, answer)
        sent[uid] = vevent
    assert len(sent) == len(timeline.events)

    for uid, original in sent.items():
        status, body = caldav.request("GET", f"/reader/per-event/{uid.split('@')[0]}.ics")
        assert status == 200
        (stored,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
        for key in ("UID", "SUMMARY", "DESCRIPTION", "LOCATION", "SEQUENCE"):
            assert str(stored.get(key)) == str(original.get(key)), (uid, key)
        assert stored["DTSTART"].dt == original["DTSTART"].dt
        assert stored["DTEND"].dt == original["DTEND"].dt
        assert stored["DTSTAMP"].dt == original["DTSTAMP"].dt


def test_whole_calendar_import_shows_each_event_on_its_days(caldav: CalDav, sample) -> None:
    data = render("ics", sample)
    # Importing the whole file: PUT on a collection path creates the calendar with every event.
    status, answer = caldav.request(
        "PUT", "/reader/imported/", data, {"Content-Type": "text/calendar; charset=utf-8"}
    )
    assert status == 201, answer
    everything = caldav.report(
        "/reader/imported/", day_query(dt.date(2000, 1, 1), dt.date(2030, 1, 1))
    )
    assert uids(everything) == {f"{e.id}@diplomatic-timeline" for e in SAMPLE_EVENTS}

    for day in (
        dt.date(2024, 4, 13),
        dt.date(2024, 4, 14),
        dt.date(2024, 4, 29),
        dt.date(2024, 5, 20),
    ):
        on_day = {e.id for e in SAMPLE_EVENTS if e.date.start <= day <= e.date.end}
        found = uids(caldav.report("/reader/imported/", day_query(day)))
        assert found == {f"{i}@diplomatic-timeline" for i in on_day}, day
    # The day after an event's last day: DTEND is exclusive, so it is not shown there.
    found = uids(caldav.report("/reader/imported/", day_query(dt.date(2024, 4, 30))))
    assert "e0000000000004@diplomatic-timeline" not in found
