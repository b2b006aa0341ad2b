"""The iCalendar feeds, parsed back with the same library."""

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from boards import services

from .conftest import at_two_pm
from .factories import BoardFactory


def events(client, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_feed_lists_meetings_and_follows_moves_and_cancellations(client, meeting, secretary):
    [(uid, event)] = events(client, reverse("boards:calendar_all")).items()
    assert event["summary"] == "Business Coordination Board"
    assert event.decoded("dtstart") == meeting.starts_at
    assert int(event["sequence"]) == 0 and str(event["status"]) == "CONFIRMED"
    assert meeting.get_absolute_url() in str(event["url"])

    later = meeting.starts_at + timedelta(days=1)
    services.move_meeting(meeting=meeting, user=secretary, starts_at=later, reason="Clash.")
    moved = events(client, reverse("boards:calendar_all"))[uid]
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == meeting.starts_at + timedelta(days=1)

    services.cancel_meeting(meeting=meeting, user=secretary, reason="No business.")
    cancelled = events(client, reverse("boards:calendar_all"))[uid]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 2
    assert "No business." in str(cancelled["description"])


def test_the_board_feed_has_only_that_boards_meetings(client, meeting, secretary):
    other = services.schedule_meeting(board=BoardFactory(), starts_at=at_two_pm(50), user=secretary)
    feed = events(client, reverse("boards:calendar_board", args=[meeting.board.slug]))
    assert len(feed) == 1
    assert len(events(client, reverse("boards:calendar_board", args=[other.board.slug]))) == 1
    assert len(events(client, reverse("boards:calendar_all"))) == 2


def test_the_public_meeting_page_links_to_the_feed(client, meeting):
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("boards:calendar_board", args=[meeting.board.slug]) in html
