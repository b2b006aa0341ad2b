"""iCalendar feeds of meetings (RFC 5545), built with the `icalendar` package.

Each meeting keeps one UID; a move or a cancellation raises its SEQUENCE and
a cancelled meeting stays in the feed with STATUS:CANCELLED, which is how
calendar clients learn of the change.

A calendar carries the meetings of the past year and every future one
(`window_start`); earlier meetings are in the open-data API (`/api/events/`),
as the calendar's description says.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

DURATION = timedelta(hours=2)


def window_start(today: date | None = None) -> date:
    """The first day a calendar covers: the same day a year ago (28 February for 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def in_window(meetings, start: date):
    """The meetings starting on or after `start`, local time."""
    return meetings.filter(starts_at__gte=timezone.make_aware(datetime.combine(start, time.min)))


def meetings_calendar(meetings, *, name: str, start: date) -> bytes:
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://", 1)[-1].split("/", 1)[0] or "pcp-portal"
    description = (
        f"Meetings from {start:%-d %B %Y} onwards. Earlier meetings, with their agendas and papers, "
        f"are in the open-data API: {site}{reverse('api_events')}"
    )
    calendar = Calendar()
    calendar.add("prodid", "-//PCP Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", description)
    calendar.add("description", description)
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
