# ruff: noqa: F811  (the minutes fixtures, imported, are parameters of the tests below)
"""Hand-over e-mails: each goes once, to the person whose turn it is, after the commit, and not when turned off."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailKind, EmailOptOut
from boards import services as board_services
from boards.models import Paper
from minutes import services as minutes_services
from minutes.models import Minutes

from .conftest import at_two_pm
from .test_minutes import cycle, held, held_meeting, minutes, next_meeting  # noqa: F401  (fixtures)

P = Paper.Status


@pytest.fixture(autouse=True)
def addresses(users):
    for name, user in users.items():
        user.email = f"{name}@opcc.example"
        user.save(update_fields=["email"])


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what each hand-over queues once its transaction commits, as in production."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_a_submitted_paper_goes_to_the_reviewers_once_with_a_link(make_paper, author, reviewer, on_commit):
    paper = make_paper(P.DRAFT, title="Estates strategy")
    mail.outbox.clear()
    on_commit(board_services.submit_paper, paper=paper, user=author)
    messages = sent_to("reviewer@opcc.example")
    assert len(messages) == 1
    assert messages[0].subject == "For review: Estates strategy"
    assert paper.get_staff_url() in messages[0].body and reverse("email_preferences") in messages[0].body
    assert not sent_to("author@opcc.example") and not sent_to("member@opcc.example")


def test_nothing_is_sent_before_the_hand_over_commits(make_paper, author, django_capture_on_commit_callbacks):
    paper = make_paper(P.DRAFT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        board_services.submit_paper(paper=paper, user=author)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_refused_hand_over_sends_nothing(make_paper, member, on_commit):
    paper = make_paper(P.DRAFT)
    mail.outbox.clear()
    with pytest.raises(board_services.TransitionError):
        on_commit(board_services.submit_paper, paper=paper, user=member)
    assert mail.outbox == []


def test_a_reviewer_who_turned_submissions_off_gets_none(make_paper, author, reviewer, on_commit):
    EmailOptOut.objects.create(user=reviewer, kind=EmailKind.SUBMITTED)
    paper = make_paper(P.DRAFT)
    mail.outbox.clear()
    on_commit(board_services.submit_paper, paper=paper, user=author)
    assert mail.outbox == []


def test_returned_and_cleared_papers_go_to_the_author(make_paper, author, reviewer, on_commit):
    paper = make_paper(P.SUBMITTED, title="Outturn")
    mail.outbox.clear()
    on_commit(board_services.return_paper, paper=paper, user=reviewer, comment="Cost option two.")
    (returned,) = sent_to("author@opcc.example")
    assert returned.subject == "Returned to you: Outturn" and "Cost option two." in returned.body
    assert reverse("boards:staff_paper_edit", args=[paper.pk]) in returned.body
    on_commit(board_services.submit_paper, paper=paper, user=author)
    mail.outbox.clear()
    on_commit(board_services.clear_paper, paper=paper, user=reviewer)
    (cleared,) = sent_to("author@opcc.example")
    assert cleared.subject == "Cleared: Outturn" and len(mail.outbox) == 1


def test_an_author_who_turned_reviews_off_gets_none(make_paper, author, reviewer, on_commit):
    EmailOptOut.objects.create(user=author, kind=EmailKind.REVIEWED)
    paper = make_paper(P.SUBMITTED)
    mail.outbox.clear()
    on_commit(board_services.clear_paper, paper=paper, user=reviewer)
    assert mail.outbox == []


def test_decisions_to_confirm_go_to_the_chair_once_per_paper(make_paper, secretary, chair, meeting, on_commit):
    paper = make_paper(P.PUBLISHED, title="Estates")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    held(meeting)
    mail.outbox.clear()
    for rec in paper.recommendations.all():
        on_commit(board_services.record_decision, recommendation=rec, user=secretary, outcome="noted")
    on_commit(
        board_services.record_decision, recommendation=paper.recommendations.first(), user=secretary, outcome="agreed"
    )
    (message,) = mail.outbox
    assert message.to == ["chair@opcc.example"] and message.subject == "Decisions to confirm: Estates"
    assert paper.get_staff_url() in message.body


def test_submitted_minutes_go_to_the_reviewers_and_approved_ones_to_the_chair_to_sign(
    minutes, users, next_meeting, on_commit
):
    mail.outbox.clear()
    on_commit(minutes_services.submit_minutes, minutes=minutes, user=users["secretary"])
    (submitted,) = mail.outbox
    assert submitted.to == ["reviewer@opcc.example"] and minutes.get_staff_url() in submitted.body
    mail.outbox.clear()
    on_commit(minutes_services.return_minutes, minutes=minutes, user=users["reviewer"], comment="Fix 6.2")
    on_commit(cycle, minutes, users, next_meeting, to=Minutes.Status.APPROVED)
    (to_sign,) = [message for message in mail.outbox if "chair@opcc.example" in message.to]
    assert to_sign.to == ["chair@opcc.example"] and to_sign.subject.startswith("Minutes to sign:")


def test_a_chair_who_turned_confirmations_off_is_not_asked_to_sign(minutes, users, next_meeting, on_commit):
    EmailOptOut.objects.create(user=users["chair"], kind=EmailKind.TO_CONFIRM)
    mail.outbox.clear()
    on_commit(cycle, minutes, users, next_meeting, to=Minutes.Status.APPROVED)
    assert [message.subject for message in mail.outbox if "chair@opcc.example" in message.to] == []
    assert mail.outbox, "the reviewers were still told the minutes were submitted"


@pytest.fixture
def meeting_in_two_days(board, secretary, make_paper, member, chair):
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    paper = make_paper(P.CLEARED, title="Estates")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    meeting.starts_at = at_two_pm(2)
    meeting.save(update_fields=["starts_at"])
    return meeting


def test_the_position_reminder_goes_two_days_ahead_once_to_members_who_have_not_responded(
    meeting_in_two_days, member, chair, django_capture_on_commit_callbacks
):
    paper = Paper.objects.get(title="Estates")
    for rec in paper.recommendations.all():
        board_services.record_position(recommendation=rec, user=chair, stance="support")
    board_services.record_position(recommendation=paper.recommendations.first(), user=member, stance="support")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_position_reminders", stdout=open("/dev/null", "w"))
    (reminder,) = mail.outbox
    assert reminder.to == ["member@opcc.example"] and meeting_in_two_days.get_staff_url() in reminder.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_position_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1


def test_the_reminder_goes_only_to_those_who_may_record_a_position(
    board, meeting_in_two_days, member, chair, reviewer, django_capture_on_commit_callbacks
):
    """An officer who sits on the board with a reviewer's login, and an adviser, cannot record a position."""
    from boards.models import Membership
    from pcp_portal.roles import Role

    from .factories import MembershipFactory, PersonFactory, UserFactory

    MembershipFactory(person=PersonFactory(user=reviewer), board=board)
    adviser = UserFactory(username="adviser", email="adviser@opcc.example", roles=[Role.MEMBER])
    MembershipFactory(person=PersonFactory(user=adviser), board=board, role=Membership.Role.IN_ATTENDANCE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_position_reminders", stdout=open("/dev/null", "w"))
    assert sorted(m.to[0] for m in mail.outbox) == ["chair@opcc.example", "member@opcc.example"]


def test_no_reminder_when_the_deadline_is_not_two_days_ahead_or_it_is_turned_off(
    meeting_in_two_days, member, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=member, kind=EmailKind.POSITION_DEADLINE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_position_reminders", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [["chair@opcc.example"]]
    meeting_in_two_days.starts_at = timezone.now() + timedelta(days=5)
    meeting_in_two_days.save(update_fields=["starts_at"])
    EmailOptOut.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_position_reminders", stdout=open("/dev/null", "w"))
    assert mail.outbox == []


def test_the_preferences_page_turns_a_kind_off_and_on(client, reviewer, no_role_user):
    url = reverse("email_preferences")
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(no_role_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    client.force_login(reviewer)
    assert "checked" in client.get(url).content.decode()
    on = {kind.value: "on" for kind in EmailKind if kind != EmailKind.SUBMITTED}
    assert client.post(url, on).status_code == 302
    assert list(EmailOptOut.objects.filter(user=reviewer).values_list("kind", flat=True)) == [EmailKind.SUBMITTED]
    client.post(url, {kind.value: "on" for kind in EmailKind})
    assert not EmailOptOut.objects.filter(user=reviewer).exists()
