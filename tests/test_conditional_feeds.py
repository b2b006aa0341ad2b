"""Feeds and calendars: bounded, and answering a conditional request with 304 before building anything.

A validator that stays put while the body changes would keep a reader on a withdrawn paper or a moved
meeting, so each test changes what a feed lists in one way (a publication, a withdrawal, a move, a
renamed board, a held notice whose day has come) and checks that the same request is answered in full.
"""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from boards import services
from boards.models import Paper
from pcp_portal.feeds import PublishedFeed
from transparency.feeds import NoticeFeed
from transparency.models import DecisionNotice, ForwardPlanEntry
from transparency.services import forward_plan as forward_plan_services
from transparency.views.forward_plan import ForwardPlanFeed

from .conftest import at_two_pm
from .factories import MeetingFactory, PersonFactory
from .test_transparency_forward_plan import make_notice

ATOM = "{http://www.w3.org/2005/Atom}"


def validator(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert not response.has_header("Last-Modified")  # a withdrawal would not move it: the ETag alone answers
    return response["ETag"]


def revalidate(client, url, tag, monkeypatch):
    """The answer to If-None-Match, with building forbidden for as long as it takes."""
    with monkeypatch.context() as patch:
        patch.setattr(Feed, "get_feed", lambda *a, **k: pytest.fail("built a feed for a conditional request"))
        patch.setattr("boards.views.public.meetings_calendar", lambda *a, **k: pytest.fail("built a calendar for one"))
        return client.get(url, HTTP_IF_NONE_MATCH=tag)


def test_the_site_and_board_feeds_answer_304_until_a_paper_is_published_or_withdrawn(
    client, make_paper, board, secretary, monkeypatch
):
    first = make_paper(Paper.Status.PUBLISHED, title="Outturn Report")
    for url in (reverse("feed"), reverse("board_feed", args=[board.slug])):
        tag = validator(client, url)
        unchanged = revalidate(client, url, tag, monkeypatch)
        assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == tag
    tags = {url: validator(client, url) for url in (reverse("feed"), reverse("board_feed", args=[board.slug]))}

    make_paper(Paper.Status.PUBLISHED, title="Audit Report")
    for url, tag in tags.items():
        answer = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert answer.status_code == 200 and b"Audit Report" in answer.content
        tags[url] = answer["ETag"]

    services.withdraw_paper(paper=first, user=secretary, reason="Figures were wrong.")
    for url, tag in tags.items():
        answer = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert answer.status_code == 200 and b"Outturn Report" not in answer.content


def test_renaming_a_board_changes_its_feed_and_the_site_feed(client, make_paper, board):
    make_paper(Paper.Status.PUBLISHED)
    urls = (reverse("feed"), reverse("board_feed", args=[board.slug]))
    tags = [validator(client, url) for url in urls]
    board.name = "Strategic Policing Board"
    board.save()
    for url, tag in zip(urls, tags, strict=True):
        answer = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert answer.status_code == 200 and b"Strategic Policing Board" in answer.content


def test_an_unknown_boards_feed_is_still_a_404(client, db):
    assert client.get(reverse("board_feed", args=["no-such-board"]), HTTP_IF_NONE_MATCH='"x"').status_code == 404


def test_the_notice_register_and_site_feed_follow_publication_and_a_held_notice_coming_out(client, db, monkeypatch):
    commissioner = PersonFactory(name="Morgan Hale")
    make_notice(commissioner, public=True, title="Victims' services contract")
    urls = (reverse("transparency:notice_feed"), reverse("feed"))
    tags = [validator(client, url) for url in urls]
    for url, tag in zip(urls, tags, strict=True):
        assert revalidate(client, url, tag, monkeypatch).status_code == 304

    # Held: published in the record, but not until tomorrow. Nothing public changes yet.
    held = make_notice(commissioner, public=True, title="Estates strategy")
    DecisionNotice.objects.filter(pk=held.pk).update(published_at=timezone.now() + timedelta(days=1))
    for url, tag in zip(urls, tags, strict=True):
        assert revalidate(client, url, tag, monkeypatch).status_code == 304

    # Its day comes: no row is saved, yet the feeds now list it.
    DecisionNotice.objects.filter(pk=held.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    for url, tag in zip(urls, tags, strict=True):
        answer = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert answer.status_code == 200 and b"Estates strategy" in answer.content


def test_the_forward_plan_feed_follows_publication_and_withdrawal(client, secretary, monkeypatch):
    officer = PersonFactory(name="Olive Officer")
    commissioner = PersonFactory(name="Morgan Hale", post_title="Police and Crime Commissioner")
    url = reverse("transparency:forward_plan_feed")

    def entry(subject):
        created = forward_plan_services.create_entry(
            user=secretary,
            subject=subject,
            description="Award of the contract.",
            contact_officer=officer,
            decision_maker=commissioner,
            expected_on=timezone.localdate() + timedelta(days=60),
        )
        forward_plan_services.publish_entry(entry=created, user=secretary)
        return ForwardPlanEntry.objects.get(pk=created.pk)

    first = entry("Victims' services contract award")
    tag = validator(client, url)
    assert revalidate(client, url, tag, monkeypatch).status_code == 304
    entry("Estates strategy")
    answer = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert answer.status_code == 200 and b"Estates strategy" in answer.content
    tag = answer["ETag"]
    forward_plan_services.withdraw_entry(entry=first, user=secretary, reason="The contract was extended.")
    answer = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert answer.status_code == 200 and b"The contract was extended." in answer.content


def test_calendars_answer_304_until_a_meeting_is_scheduled_moved_or_cancelled(client, meeting, secretary, monkeypatch):
    urls = (reverse("boards:calendar_all"), reverse("boards:calendar_board", args=[meeting.board.slug]))
    tags = [validator(client, url) for url in urls]
    for url, tag in zip(urls, tags, strict=True):
        unchanged = revalidate(client, url, tag, monkeypatch)
        assert unchanged.status_code == 304 and unchanged.content == b""

    def changed(tags):
        answers = [client.get(url, HTTP_IF_NONE_MATCH=tag) for url, tag in zip(urls, tags, strict=True)]
        assert [a.status_code for a in answers] == [200, 200]
        return [a["ETag"] for a in answers]

    services.schedule_meeting(board=meeting.board, starts_at=at_two_pm(80), user=secretary)
    tags = changed(tags)
    services.move_meeting(meeting=meeting, user=secretary, starts_at=at_two_pm(41), reason="Clash.")
    tags = changed(tags)
    services.cancel_meeting(meeting=meeting, user=secretary, reason="No business.")
    changed(tags)
    assert client.get(reverse("boards:calendar_board", args=["no-such-board"])).status_code == 404


def test_the_calendar_validator_carries_the_first_day_it_covers(client, meeting, monkeypatch):
    url = reverse("boards:calendar_all")
    tag = validator(client, url)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("boards.views.public.window_start", lambda: tomorrow.replace(year=tomorrow.year - 1))
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_calendar_holds_the_past_year_and_the_future_and_points_to_the_api_for_the_rest(client, board, meeting):
    now = timezone.now()
    recent = MeetingFactory(board=board, starts_at=now - timedelta(days=335))  # eleven months ago
    old = MeetingFactory(board=board, starts_at=now - timedelta(days=395))  # thirteen months ago
    for url in (reverse("boards:calendar_all"), reverse("boards:calendar_board", args=[board.slug])):
        calendar = Calendar.from_ical(client.get(url).content)
        uids = {str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT")}
        assert uids == {f"meeting-{recent.pk}", f"meeting-{meeting.pk}"}, uids
        assert f"meeting-{old.pk}" not in uids
        description = str(calendar["x-wr-caldesc"])
        assert reverse("api_events") in description and "Earlier meetings" in description
    api = client.get(reverse("api_events"), {"per_page": 10}).json()
    assert api["count"] == 3  # the older meeting is in the API


@pytest.mark.parametrize("feed_class", [PublishedFeed, NoticeFeed, ForwardPlanFeed])
def test_every_feed_carries_a_fixed_number_of_entries(client, make_paper, secretary, feed_class, monkeypatch):
    monkeypatch.setattr(feed_class, "limit", 2)
    if feed_class is PublishedFeed:
        for n in range(3):
            make_paper(Paper.Status.PUBLISHED, title=f"Paper {n}")
        url = reverse("feed")
    elif feed_class is NoticeFeed:
        decision_maker = PersonFactory()
        for n in range(3):
            make_notice(decision_maker, public=True, title=f"Notice {n}")
        url = reverse("transparency:notice_feed")
    else:
        officer, decision_maker = PersonFactory(), PersonFactory()
        for n in range(3):
            created = forward_plan_services.create_entry(
                user=secretary,
                subject=f"Entry {n}",
                description="A key decision.",
                contact_officer=officer,
                decision_maker=decision_maker,
                expected_on=timezone.localdate() + timedelta(days=60 + n),
            )
            forward_plan_services.publish_entry(entry=created, user=secretary)
        url = reverse("transparency:forward_plan_feed")
    root = ET.fromstring(client.get(url).content)
    assert len(root.findall(f"{ATOM}entry")) == 2
