"""Scheduling, the standard items, numbering, exempt and late items."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import AgendaItem, Meeting, Paper

from .factories import BoardFactory

Standard = AgendaItem.Standard


def titles(meeting):
    return [(item.number, item.title) for item in meeting.agenda_items.all()]


def test_a_new_meeting_gets_the_standard_items(meeting):
    assert titles(meeting) == [
        ("1.0", "Welcome and Apologies"),
        ("2.0", "Declarations of Interest"),
        ("3.0", "Minutes of the Last Meeting and Action Log"),
        ("4.0", "Any Other Business"),
        ("5.0", "Date of Next Meeting"),
    ]


def test_items_go_before_the_closing_items_and_numbers_follow_the_order(meeting, secretary):
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Estates")
    assert [t for _, t in titles(meeting)][3:] == ["Outturn", "Estates", "Any Other Business", "Date of Next Meeting"]

    estates = meeting.agenda_items.get(title="Estates")
    services.move_agenda_item(item=estates, user=secretary, direction="up")
    assert titles(meeting)[3:5] == [("4.0", "Estates"), ("5.0", "Outturn")]

    services.remove_agenda_item(item=meeting.agenda_items.get(title="Declarations of Interest"), user=secretary)
    assert [n for n, _ in titles(meeting)] == ["1.0", "2.0", "3.0", "4.0", "5.0", "6.0"]
    assert titles(meeting)[2] == ("3.0", "Estates")


def test_a_paper_header_follows_its_item_number(meeting, secretary, make_paper):
    paper = make_paper()
    item = services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    paper.refresh_from_db()
    assert paper.item_number == "4.0"
    services.move_agenda_item(item=item, user=secretary, direction="up")
    paper.refresh_from_db()
    assert paper.item_number == "3.0"


def test_an_exempt_item_needs_a_category(meeting, secretary):
    with pytest.raises(services.TransitionError, match="category"):
        services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", part="exempt")
    assert meeting.agenda_items.count() == 5


def test_after_the_deadline_an_item_is_late_and_needs_the_reason_for_urgency(board, secretary):
    soon = services.schedule_meeting(board=board, starts_at=timezone.now() + timedelta(days=2), user=secretary)
    assert soon.deadline_passed
    with pytest.raises(services.TransitionError, match="reason for taking this item as urgent"):
        services.add_agenda_item(meeting=soon, user=secretary, title="Custody contract")
    assert soon.agenda_items.count() == 5
    item = services.add_agenda_item(
        meeting=soon, user=secretary, title="Custody contract", late_reason="The contract expires this month."
    )
    assert item.is_late and item.late_reason == "The contract expires this month."


def test_the_add_item_form_asks_for_the_reason_when_late_and_keeps_the_input(client, board, secretary):
    soon = services.schedule_meeting(board=board, starts_at=timezone.now() + timedelta(days=2), user=secretary)
    client.force_login(secretary)
    response = client.post(
        reverse("boards:staff_item_add", args=[soon.pk]),
        {"title": "Custody contract", "part": "public", "late_reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["late_reason"] == ["This field is required."]
    assert 'value="Custody contract"' in response.content.decode()
    assert soon.agenda_items.count() == 5


def test_the_form_refuses_an_exempt_item_without_a_category(client, meeting, secretary):
    client.force_login(secretary)
    response = client.post(reverse("boards:staff_item_add", args=[meeting.pk]), {"title": "Estates", "part": "exempt"})
    assert "needs its category" in response.context["form"].errors["exemption_category"][0]


def test_a_second_meeting_of_a_board_at_the_same_time_is_refused(client, meeting, secretary, board):
    with pytest.raises(services.TransitionError, match="already has a meeting"):
        services.schedule_meeting(board=board, starts_at=meeting.starts_at, user=secretary)
    local = timezone.localtime(meeting.starts_at)
    client.force_login(secretary)
    response = client.post(
        reverse("boards:staff_meeting_create"),
        {"board": board.pk, "date": local.date().isoformat(), "time": local.strftime("%H:%M"), "location": "X"},
    )
    assert response.status_code == 200
    assert "already meets at that date and time" in response.context["form"].errors["time"][0]
    assert Meeting.objects.filter(board=board).count() == 1
    # Another board may meet at the same time.
    services.schedule_meeting(board=BoardFactory(), starts_at=meeting.starts_at, user=secretary)


def test_a_dissolved_board_cannot_meet(board, secretary):
    board.dissolved_on, board.dissolution_reason = timezone.localdate(), "Merged."
    board.save()
    with pytest.raises(services.TransitionError, match="dissolved"):
        services.schedule_meeting(board=board, starts_at=timezone.now() + timedelta(days=9), user=secretary)


def test_a_paper_of_another_board_cannot_go_on_the_agenda(meeting, secretary, make_paper, other_board):
    paper = make_paper(board=other_board)
    with pytest.raises(services.TransitionError, match="paper for the"):
        services.add_agenda_item(meeting=meeting, user=secretary, title="X", paper=paper)
    assert not AgendaItem.objects.filter(title="X").exists()


def test_moving_and_cancelling_need_a_reason_and_raise_the_calendar_sequence(meeting, secretary):
    new_time = meeting.starts_at + timedelta(days=7)
    with pytest.raises(services.TransitionError):
        services.move_meeting(meeting=meeting, user=secretary, starts_at=new_time, reason="")
    services.move_meeting(meeting=meeting, user=secretary, starts_at=new_time, reason="The chair is unwell.")
    meeting.refresh_from_db()
    assert meeting.starts_at == new_time and meeting.sequence == 1
    assert meeting.notice.startswith("Moved from") and "The chair is unwell." in meeting.notice
    assert meeting.slug == f"{timezone.localtime(new_time):%Y-%m-%d}"

    services.cancel_meeting(meeting=meeting, user=secretary, reason="No business.")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (Meeting.Status.CANCELLED, 2)
    with pytest.raises(services.TransitionError):
        services.add_agenda_item(meeting=meeting, user=secretary, title="Too late")


def test_only_the_secretary_changes_agendas(meeting, users):
    for role in ("author", "reviewer", "member", "chair"):
        with pytest.raises(services.TransitionError):
            services.add_agenda_item(meeting=meeting, user=users[role], title="X")


def test_the_public_meeting_page_shows_an_exempt_item_title_and_category_but_never_its_paper(
    client, meeting, secretary, make_paper, django_capture_on_commit_callbacks
):
    public = make_paper(Paper.Status.CLEARED, title="Outturn Report")
    secret = make_paper(Paper.Status.CLEARED, title="Headquarters Disposal Offers")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=public)
    services.add_agenda_item(
        meeting=meeting,
        user=secretary,
        title="Estates Disposal",
        paper=secret,
        part="exempt",
        exemption_category="3",
        public_interest_reason="Commercial negotiations are continuing.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, user=secretary)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Estates Disposal" in html
    assert "3. Information relating to the financial or business affairs" in html
    assert "Headquarters Disposal Offers" not in html
    assert Paper.objects.get(pk=secret.pk).get_absolute_url() not in html
    assert public.get_absolute_url() in html
    assert client.get(Paper.objects.get(pk=secret.pk).get_absolute_url()).status_code == 404


def test_an_unpublished_agenda_is_not_shown_to_the_public(client, meeting, secretary):
    services.add_agenda_item(meeting=meeting, user=secretary, title="Secret plans")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "has not been published yet" in html and "Secret plans" not in html


def test_the_public_meeting_page_gives_the_day_the_agenda_was_published_and_says_when_it_was_late(
    client, meeting, secretary
):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Agenda due by" in page and f"{meeting.publication_deadline:%-d %B %Y}" in page
    # A meeting whose deadline passed with no agenda here does not promise one.
    past = services.schedule_meeting(
        board=meeting.board, starts_at=meeting.starts_at - timedelta(days=120), user=secretary
    )
    page = client.get(past.get_absolute_url()).content.decode()
    assert "Agenda due by" not in page and "Not published here (it was due by" in page
    services.publish_agenda(meeting=meeting, user=secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Agenda published" in page and "after the deadline" not in page
    late = meeting.publication_deadline + timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_published_at=timezone.make_aware(datetime.combine(late, time(9, 0)))
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'Agenda published</dt><dd class="col-sm-9">{late:%-d %B %Y} (after the deadline' in page


@pytest.mark.parametrize("days, clock, late", [(0, time(23, 30), False), (1, time(0, 15), True), (-1, time(9), False)])
def test_an_agenda_is_late_from_the_first_minute_after_its_deadline_day_in_local_time(meeting, days, clock, late):
    """Judged by the office's own calendar day, not by UTC: half past eleven at night on the deadline is in time."""
    published = timezone.make_aware(datetime.combine(meeting.publication_deadline + timedelta(days=days), clock))
    meeting.agenda_published_at = published
    assert meeting.agenda_published_late is late
