"""iCalendar feeds of meetings (RFC 5545), built with the `icalendar` package.

Each meeting keeps one UID; a move or a cancellation raises its SEQUENCE and
a cancelled meeting stays in the feed with STATUS:CANCELLED, which is how
calendar clients learn of the change.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event

from .models import Meeting

DURATION = timedelta(hours=2)


def meetings_calendar(meetings, *, name: str) -> bytes:
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://", 1)[-1].split("/", 1)[0] or "pcp-portal"
    calendar = Calendar()
    calendar.add("prodid", "-//PCP Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", f"{meeting.board.name}{' (cancelled)' if meeting.is_cancelled else ''}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + DURATION)
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        event.add("sequence", meeting.sequence)
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        if meeting.location:
            event.add("location", meeting.location)
        url = site + meeting.get_absolute_url()
        event.add("url", url)
        event.add("description", "\n\n".join(filter(None, [meeting.notice, f"Agenda and papers: {url}"])))
        calendar.add_component(event)
    return calendar.to_ical()
