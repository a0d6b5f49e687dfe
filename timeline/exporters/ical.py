"""iCalendar file, one all-day VEVENT per event, built with icalendar."""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

import icalendar

from timeline.exporters.base import Exporter, latest_input_date
from timeline.models import Timeline


class IcalExporter(Exporter):
    name = "ics"
    filename = "timeline.ics"
    media_type = "text/calendar; charset=utf-8"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//timeline//diplomatic events//EN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", self.settings.title)
        stamp = latest_input_date(timeline)
        for event in timeline.events:
            ve = icalendar.Event()
            ve.add("uid", f"{event.id}@timeline")
            ve.add("dtstamp", stamp)
            ve.add("dtstart", event.date.start)
            ve.add("dtend", event.date.end + dt.timedelta(days=1))
            ve.add("summary", event.title)
            ve.add("description", event.summary)
            cal.add_component(ve)
        stream.write(cal.to_ical())
