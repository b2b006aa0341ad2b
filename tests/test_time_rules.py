"""The record follows time: membership dates, decisions after the meeting has begun, approval at a held meeting."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import Decision, Meeting, PackBuild, Paper, WrittenProcedure
from minutes import services as minutes_services
from minutes.models import Minutes
from pcp_portal.roles import Role

from .conftest import at_two_pm, meeting_has_begun
from .factories import MembershipFactory, PersonFactory, UserFactory
from .test_uploads import pdf_bytes

ONE_DAY = timedelta(days=1)


def _today():
    return timezone.localdate()


def _member_with(board, *periods):
    """A board member's login whose person holds one membership per (starts_on, ends_on)."""
    user = UserFactory(roles=[Role.MEMBER])
    person = PersonFactory(user=user)
    for starts_on, ends_on in periods:
        MembershipFactory(person=person, board=board, starts_on=starts_on, ends_on=ends_on)
    return user


def _held_in_the_past(meeting, days_ago: int):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, starts_at=at_two_pm(-days_ago))
    meeting.refresh_from_db()
    return meeting


# 1. Membership by date


@pytest.fixture
def confidential_world(meeting, board, secretary, make_paper):
    """A published agenda with a ready confidential pack, and circulated minutes of an earlier meeting.

    A colleague sits on the board throughout: another person's current membership must never lend access.
    """
    _member_with(board, (_today() - 100 * ONE_DAY, None))
    paper = make_paper(Paper.Status.CLEARED, title="Custody Health Contract")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Custody", paper=paper)
    services.publish_agenda(meeting=meeting, user=secretary)
    pack = meeting.pack_builds.get(kind=PackBuild.Kind.CONFIDENTIAL)
    pack.file.save("confidential.pdf", ContentFile(pdf_bytes()), save=False)
    pack.status = PackBuild.Status.READY
    pack.save()
    earlier = _held_in_the_past(services.schedule_meeting(board=board, starts_at=at_two_pm(30), user=secretary), 30)
    minutes = minutes_services.start_minutes(meeting=earlier, user=secretary)
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.CIRCULATED)
    return {
        "workspace paper page": reverse("boards:staff_paper", args=[paper.pk]),
        "confidential pack": reverse("boards:staff_pack", args=[meeting.pk, pack.pk]),
        "confidential minutes PDF": reverse("minutes:staff_minutes_pdf", args=[minutes.pk]),
        "meeting workspace page": reverse("boards:staff_meeting", args=[meeting.pk]),
    }


MEMBERSHIPS = {
    "ended yesterday": (lambda t: [(t - 900 * ONE_DAY, t - ONE_DAY)], 404),
    "ends today": (lambda t: [(t - 900 * ONE_DAY, t)], 200),
    "starts today": (lambda t: [(t, None)], 200),
    "starts tomorrow": (lambda t: [(t + ONE_DAY, None)], 404),
    "old ended membership, next one not begun": (
        lambda t: [(t - 3000 * ONE_DAY, t - 1500 * ONE_DAY), (t + 30 * ONE_DAY, None)],
        404,
    ),
    "old ended membership only": (lambda t: [(t - 3000 * ONE_DAY, t - 1500 * ONE_DAY)], 404),
}
SURFACES = ["workspace paper page", "confidential pack", "confidential minutes PDF", "meeting workspace page"]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("membership", list(MEMBERSHIPS))
def test_a_membership_gives_access_from_its_start_date_to_its_end_date_inclusive(
    client, board, confidential_world, membership, surface
):
    periods, expected = MEMBERSHIPS[membership]
    client.force_login(_member_with(board, *periods(_today())))

    response = client.get(confidential_world[surface])

    assert response.status_code == expected


def test_a_former_member_with_a_future_membership_is_not_a_current_member(board):
    from boards import permissions

    today = _today()
    user = _member_with(board, (today - 3000 * ONE_DAY, today - 1500 * ONE_DAY), (today + 30 * ONE_DAY, None))

    assert not permissions.member_boards(user).exists()
    assert permissions.member_person(user, board) is None


def test_membership_of_another_board_gives_no_access_to_this_one(client, board, other_board, confidential_world):
    today = _today()
    user = _member_with(board, (today - 3000 * ONE_DAY, today - 1500 * ONE_DAY))
    MembershipFactory(person=user.person, board=other_board, starts_on=today - ONE_DAY)
    client.force_login(user)

    assert client.get(confidential_world["meeting workspace page"]).status_code == 404


# 2. Decisions once the meeting has begun, or once the written procedure has closed


@pytest.fixture
def on_agenda(meeting, secretary, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    paper.refresh_from_db()
    return paper


def _starting_in(meeting, hours: int):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + timedelta(hours=hours))
    meeting.refresh_from_db()
    return meeting


def _rec(paper):
    return paper.recommendations.order_by("position").first()


def test_a_decision_cannot_be_recorded_an_hour_before_the_meeting_starts(on_agenda, meeting, secretary):
    _starting_in(meeting, 1)
    with pytest.raises(services.TransitionError, match="once the meeting has started"):
        services.record_decision(recommendation=_rec(on_agenda), user=secretary, outcome="noted")
    assert not Decision.objects.exists()


def test_a_decision_is_recorded_and_confirmed_an_hour_after_the_meeting_starts(on_agenda, meeting, secretary, chair):
    _starting_in(meeting, -1)
    decision = services.record_decision(recommendation=_rec(on_agenda), user=secretary, outcome="noted")
    services.confirm_decision(decision=decision, user=chair)
    decision.refresh_from_db()
    assert decision.meeting == meeting and decision.is_confirmed


def test_a_decision_recorded_for_a_meeting_an_hour_ahead_cannot_be_confirmed(on_agenda, meeting, secretary, chair):
    _starting_in(meeting, 1)
    decision = Decision.objects.create(
        recommendation=_rec(on_agenda), outcome="noted", meeting=meeting, recorded_by=secretary
    )
    with pytest.raises(services.TransitionError, match="once the meeting has started"):
        services.confirm_decision(decision=decision, user=chair)
    decision.refresh_from_db()
    assert not decision.is_confirmed


def test_the_chair_may_confirm_only_while_the_meeting_has_begun(on_agenda, meeting, secretary, chair):
    from boards import permissions

    _starting_in(meeting, -1)
    recorded = services.record_decision(recommendation=_rec(on_agenda), user=secretary, outcome="noted")
    _starting_in(meeting, 1)
    assert not permissions.can_confirm_decision(chair, Decision.objects.get(pk=recorded.pk))
    _starting_in(meeting, -1)
    assert permissions.can_confirm_decision(chair, Decision.objects.get(pk=recorded.pk))


@pytest.fixture
def in_writing(make_paper, secretary):
    paper = make_paper(Paper.Status.CLEARED, title="Estates Strategy")
    procedure = services.circulate_written_procedure(paper=paper, user=secretary, closes_on=_today() + ONE_DAY)
    return paper, procedure


def _closing(procedure, closes_on):
    WrittenProcedure.objects.filter(pk=procedure.pk).update(closes_on=closes_on)
    procedure.refresh_from_db()


def test_a_decision_in_writing_cannot_be_recorded_on_the_closing_date(in_writing, secretary):
    paper, procedure = in_writing
    _closing(procedure, _today())
    with pytest.raises(services.TransitionError, match="until the end of"):
        services.record_decision(recommendation=_rec(paper), user=secretary, outcome="approved")
    assert not Decision.objects.exists()


def test_a_member_may_still_record_a_position_on_the_closing_date(in_writing, member):
    paper, procedure = in_writing
    _closing(procedure, _today())
    position = services.record_position(recommendation=_rec(paper), user=member, stance="support")
    assert position.stance == "support"


def test_a_decision_in_writing_is_recorded_and_confirmed_the_day_after_the_closing_date(in_writing, secretary, chair):
    paper, procedure = in_writing
    _closing(procedure, _today() - ONE_DAY)
    decision = services.record_decision(recommendation=_rec(paper), user=secretary, outcome="approved")
    services.confirm_decision(decision=decision, user=chair)
    decision.refresh_from_db()
    assert decision.written_procedure == procedure and decision.is_confirmed


def test_a_decision_in_writing_cannot_be_confirmed_on_the_closing_date(in_writing, secretary, chair):
    paper, procedure = in_writing
    _closing(procedure, _today())
    decision = Decision.objects.create(
        recommendation=_rec(paper), outcome="approved", written_procedure=procedure, recorded_by=secretary
    )
    with pytest.raises(services.TransitionError, match="until the end of"):
        services.confirm_decision(decision=decision, user=chair)
    decision.refresh_from_db()
    assert not decision.is_confirmed


def test_the_paper_page_says_why_the_decision_waits_and_offers_no_form(client, on_agenda, meeting, secretary):
    _starting_in(meeting, 1)
    client.force_login(secretary)
    html = client.get(on_agenda.get_staff_url()).content.decode()
    assert 'id="decision-waits"' in html and "once the meeting has started" in html
    assert "Record the decision" not in html

    _starting_in(meeting, -1)
    html = client.get(on_agenda.get_staff_url()).content.decode()
    assert 'id="decision-waits"' not in html and "Record the decision" in html


def test_a_decision_posted_before_the_meeting_is_refused_with_a_message_at_the_top(
    client, on_agenda, meeting, secretary
):
    _starting_in(meeting, 1)
    rec = _rec(on_agenda)
    client.force_login(secretary)
    response = client.post(
        reverse("boards:staff_decision", args=[on_agenda.pk, rec.pk]), {f"dec{rec.pk}-outcome": "noted"}, follow=True
    )
    assert "the decision can be recorded and confirmed once the meeting has started" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_chair_is_told_why_a_confirmation_waits(client, on_agenda, meeting, secretary, chair):
    _starting_in(meeting, 1)
    rec = _rec(on_agenda)
    Decision.objects.create(recommendation=rec, outcome="noted", meeting=meeting, recorded_by=secretary)
    client.force_login(chair)
    html = client.get(on_agenda.get_staff_url()).content.decode()
    assert "once the meeting has started" in html and "Confirm the decision" not in html
    response = client.post(reverse("boards:staff_decision_confirm", args=[on_agenda.pk, rec.pk]), follow=True)
    assert "once the meeting has started" in response.content.decode()
    assert not Decision.objects.get().is_confirmed


# 3. Minutes approved at a later meeting that was held, or in writing


@pytest.fixture
def circulated(board, secretary, reviewer, chair):
    """Circulated minutes of a meeting held forty days ago, chaired by the board's chair, who can sign them."""
    recorded = _held_in_the_past(services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary), 40)
    minutes = minutes_services.start_minutes(meeting=recorded, user=secretary)
    minutes_services.submit_minutes(minutes=minutes, user=secretary)
    minutes_services.clear_minutes(minutes=minutes, user=reviewer)
    minutes_services.circulate_minutes(minutes=minutes, user=secretary)
    return minutes


def _approve(minutes, secretary, **where):
    return minutes_services.approve_minutes(minutes=minutes, user=secretary, **where)


def _assert_still_circulated(minutes):
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.approved_at is None and minutes.approved_in_writing_on is None


def test_minutes_are_approved_at_a_later_meeting_that_was_held(circulated, board, secretary):
    later = _held_in_the_past(services.schedule_meeting(board=board, starts_at=at_two_pm(5), user=secretary), 5)
    _approve(circulated, secretary, at_meeting=later)
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.APPROVED and circulated.approved_at == later


def test_approval_at_a_later_meeting_not_marked_held_is_refused(circulated, board, secretary):
    later = services.schedule_meeting(board=board, starts_at=at_two_pm(5), user=secretary)
    Meeting.objects.filter(pk=later.pk).update(starts_at=at_two_pm(-5))
    later.refresh_from_db()
    with pytest.raises(minutes_services.TransitionError, match="not recorded as held"):
        _approve(circulated, secretary, at_meeting=later)
    _assert_still_circulated(circulated)


def test_approval_at_a_meeting_that_has_not_started_is_refused(circulated, board, secretary):
    upcoming = services.schedule_meeting(board=board, starts_at=timezone.now() + timedelta(hours=1), user=secretary)
    with pytest.raises(minutes_services.TransitionError, match="has not taken place yet"):
        _approve(circulated, secretary, at_meeting=upcoming)
    # Even if it were marked held by mistake, an hour before it starts.
    Meeting.objects.filter(pk=upcoming.pk).update(status=Meeting.Status.HELD)
    upcoming.refresh_from_db()
    with pytest.raises(minutes_services.TransitionError, match="has not taken place yet"):
        _approve(circulated, secretary, at_meeting=upcoming)
    _assert_still_circulated(circulated)


def test_approval_at_an_earlier_meeting_or_the_same_meeting_is_refused(circulated, board, secretary):
    earlier = _held_in_the_past(services.schedule_meeting(board=board, starts_at=at_two_pm(70), user=secretary), 70)
    for meeting in (earlier, circulated.meeting):
        with pytest.raises(minutes_services.TransitionError, match="later meeting"):
            _approve(circulated, secretary, at_meeting=meeting)
    _assert_still_circulated(circulated)


def test_approval_at_a_held_meeting_of_another_board_is_refused(circulated, other_board, secretary):
    elsewhere = _held_in_the_past(
        services.schedule_meeting(board=other_board, starts_at=at_two_pm(5), user=secretary), 5
    )
    with pytest.raises(minutes_services.TransitionError, match="same board"):
        _approve(circulated, secretary, at_meeting=elsewhere)
    _assert_still_circulated(circulated)


def test_approval_in_writing_tomorrow_is_refused(circulated, secretary):
    with pytest.raises(minutes_services.TransitionError, match="cannot be in the future"):
        _approve(circulated, secretary, in_writing_on=_today() + ONE_DAY)
    _assert_still_circulated(circulated)


def test_approval_in_writing_before_the_meeting_is_refused(circulated, secretary):
    with pytest.raises(minutes_services.TransitionError, match="before the meeting they record"):
        _approve(circulated, secretary, in_writing_on=circulated.meeting.date - ONE_DAY)
    _assert_still_circulated(circulated)


@pytest.mark.parametrize("when", ["meeting day", "today"])
def test_approval_in_writing_on_the_meeting_day_or_today_is_recorded(circulated, secretary, when):
    on = circulated.meeting.date if when == "meeting day" else _today()
    _approve(circulated, secretary, in_writing_on=on)
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.APPROVED and circulated.approved_in_writing_on == on


def test_a_refused_approval_shows_the_reason_beside_the_field_and_keeps_the_date(client, circulated, secretary):
    tomorrow = (_today() + ONE_DAY).isoformat()
    client.force_login(secretary)
    response = client.post(reverse("minutes:staff_minutes_approve", args=[circulated.pk]), {"in_writing_on": tomorrow})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="in-writing-on-error"' in html and "cannot be in the future" in html
    assert f'value="{tomorrow}"' in html
    _assert_still_circulated(circulated)


def test_a_meeting_not_held_is_refused_beside_the_field_and_stays_selected(client, circulated, board, secretary):
    later = services.schedule_meeting(board=board, starts_at=at_two_pm(5), user=secretary)
    Meeting.objects.filter(pk=later.pk).update(starts_at=at_two_pm(-5))
    client.force_login(secretary)
    response = client.post(reverse("minutes:staff_minutes_approve", args=[circulated.pk]), {"at_meeting": later.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="at-meeting-error"' in html and "not recorded as held" in html
    assert f'<option value="{later.pk}" selected>' in html
    _assert_still_circulated(circulated)


# 4. A meeting is held once it has started


def test_a_meeting_cannot_be_marked_held_an_hour_before_it_starts(meeting, secretary):
    _starting_in(meeting, 1)
    with pytest.raises(services.TransitionError, match="once it has started"):
        services.mark_meeting_held(meeting=meeting, user=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_a_meeting_is_marked_held_an_hour_after_it_starts(meeting, secretary):
    _starting_in(meeting, -1)
    services.mark_meeting_held(meeting=meeting, user=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_the_meeting_page_says_when_it_can_be_marked_held(client, meeting, secretary):
    _starting_in(meeting, 1)
    client.force_login(secretary)
    html = client.get(meeting.get_staff_url()).content.decode()
    assert 'id="held-problem"' in html and "Mark as held" not in html
    response = client.post(reverse("boards:staff_meeting_held", args=[meeting.pk]), follow=True)
    assert "it can be marked as held once it has started" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED

    meeting_has_begun(meeting)
    assert "Mark as held" in client.get(meeting.get_staff_url()).content.decode()


def test_the_admin_cannot_set_a_meetings_status(client, meeting):
    admin = UserFactory(username="admin-user", is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(reverse("admin:boards_meeting_change", args=[meeting.pk])).content.decode()
    assert 'name="status"' not in html
