"""Who chaired a meeting (confirms its decisions, signs its minutes) and posts kept as they were at the time."""

import importlib
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from boards import permissions as board_permissions
from boards import services as board_services
from boards.models import Decision, Meeting, Membership, Paper
from minutes import services
from minutes.models import Attendance, Minutes
from pcp_portal.pdf import pdf_text
from pcp_portal.roles import Role

from . import test_minutes as _minutes_tests
from .conftest import at_two_pm, meeting_has_begun, procedure_has_closed
from .factories import MembershipFactory, PersonFactory, UserFactory
from .test_minutes import cycle

# The minutes' fixtures: a held meeting with a decided paper, its draft minutes and the next meeting.
held_meeting = _minutes_tests.held_meeting
minutes = _minutes_tests.minutes
next_meeting = _minutes_tests.next_meeting

S = Minutes.Status


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def vice_chair(db, board):
    """A member of the board who takes the chair when the chair is away; only the Board member role."""
    user = UserFactory(username="vice-chair", roles=[Role.MEMBER])
    person = PersonFactory(user=user, name="Vic Ashworth", initials="VA", post_title="Independent Member")
    MembershipFactory(person=person, board=board, role=Membership.Role.MEMBER)
    return user


# Who chairs by default


def test_a_meeting_is_chaired_by_the_chair_whose_membership_is_current_on_its_date(board, secretary):
    old = PersonFactory(name="Former Chair")
    new = PersonFactory(name="New Chair")
    day = at_two_pm(40).date()
    MembershipFactory(person=old, board=board, role=Membership.Role.CHAIR, ends_on=day - timedelta(days=1))
    MembershipFactory(person=new, board=board, role=Membership.Role.CHAIR, starts_on=day)
    before = board_services.schedule_meeting(board=board, starts_at=at_two_pm(10), user=secretary)
    on_the_day = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    assert (before.chaired_by, on_the_day.chaired_by) == (old, new)


def test_a_meeting_scheduled_before_a_chair_was_appointed_takes_the_chair_once_appointed(board, secretary):
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    assert meeting.chaired_by is None
    chair = PersonFactory()
    MembershipFactory(person=chair, board=board, role=Membership.Role.CHAIR, starts_on=date(2020, 1, 1))
    meeting.refresh_from_db()
    assert meeting.chaired_by == chair


def test_moving_a_meeting_rederives_a_default_chair_but_keeps_one_the_secretary_recorded(
    board, secretary, chair, vice_chair
):
    Membership.objects.filter(person=chair.person).update(ends_on=at_two_pm(50).date())
    successor = PersonFactory(name="Next Chair")
    MembershipFactory(person=successor, board=board, role=Membership.Role.CHAIR, starts_on=at_two_pm(51).date())
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    other = board_services.schedule_meeting(board=board, starts_at=at_two_pm(41), user=secretary)
    board_services.record_chair(meeting=other, user=secretary, person=vice_chair.person)
    for m in (meeting, other):
        board_services.move_meeting(meeting=m, user=secretary, starts_at=m.starts_at + timedelta(days=30), reason="X")
        m.refresh_from_db()
    assert (meeting.chaired_by, other.chaired_by) == (successor, vice_chair.person)


# Recording who chaired


def test_the_secretary_records_a_vice_chair_on_the_meetings_page_with_history(
    client, meeting, secretary, chair, vice_chair
):
    meeting.refresh_from_db()
    assert meeting.chaired_by == chair.person
    client.force_login(secretary)
    page = client.get(meeting.get_staff_url()).content.decode()
    assert "Who chaired" in page and vice_chair.person.name in page
    response = client.post(
        reverse("boards:staff_meeting_chair", args=[meeting.pk]), {"chaired_by": vice_chair.person.pk}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.chaired_by == vice_chair.person
    latest = meeting.history.first()
    assert latest.chaired_by_id == vice_chair.person.pk and latest.history_user == secretary
    assert meeting.history.filter(chaired_by_id=chair.person.pk).exists()


@pytest.mark.parametrize("role", ["member", "chair", "reviewer"])
def test_only_the_secretary_records_who_chaired(client, users, meeting, vice_chair, role):
    client.force_login(users[role])
    response = client.post(
        reverse("boards:staff_meeting_chair", args=[meeting.pk]), {"chaired_by": vice_chair.person.pk}
    )
    assert response.status_code == 403
    with pytest.raises(board_services.TransitionError, match="secretary"):
        board_services.record_chair(meeting=meeting, user=users[role], person=vice_chair.person)
    meeting.refresh_from_db()
    assert meeting.chaired_by == users["chair"].person


def test_an_adviser_or_a_former_member_cannot_chair(meeting, secretary, chair, board):
    adviser = MembershipFactory(board=board, role=Membership.Role.IN_ATTENDANCE).person
    former = MembershipFactory(board=board, ends_on=date(2021, 1, 1)).person
    for person in (adviser, former):
        with pytest.raises(board_services.TransitionError, match="was not the chair or a member"):
            board_services.record_chair(meeting=meeting, user=secretary, person=person)
    meeting.refresh_from_db()
    assert meeting.chaired_by == chair.person


def test_a_person_recorded_as_giving_apologies_cannot_chair_and_the_refusal_is_beside_the_field(
    client, minutes, secretary, chair, member
):
    minutes.attendance.filter(person=member.person).update(state=Attendance.State.APOLOGIES)
    client.force_login(secretary)
    response = client.post(
        reverse("boards:staff_meeting_chair", args=[minutes.meeting_id]), {"chaired_by": member.person.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{member.person} is recorded in the minutes" in html
    # The message sits with the field, and the choice made is still selected.
    field = html[html.index('id="div_id_chaired_by"') :]
    field = field[: field.index("</select>") + 200]
    assert f'<option value="{member.person.pk}" selected>' in field and "apologies" in field
    assert Meeting.objects.get(pk=minutes.meeting_id).chaired_by == chair.person


def test_who_chaired_cannot_change_once_the_minutes_are_signed(minutes, users, next_meeting, vice_chair):
    cycle(minutes, users, next_meeting, to=S.SIGNED)
    with pytest.raises(board_services.TransitionError, match="signed"):
        board_services.record_chair(meeting=minutes.meeting, user=users["secretary"], person=vice_chair.person)


# Signing


def unconfirmed(meeting):
    """The meeting's decisions still await confirmation, so who chaired may still be corrected."""
    Decision.objects.filter(meeting=meeting).update(confirmed_at=None, confirmed_by=None)


def test_a_vice_chair_who_chaired_signs_and_the_minutes_name_them_as_chair(
    client, minutes, users, next_meeting, chair, vice_chair
):
    Attendance.objects.create(minutes=minutes, person=vice_chair.person, state=Attendance.State.MEMBER)
    minutes.attendance.filter(person=chair.person).update(state=Attendance.State.APOLOGIES)
    unconfirmed(minutes.meeting)
    board_services.record_chair(meeting=minutes.meeting, user=users["secretary"], person=vice_chair.person)
    cycle(minutes, users, next_meeting, to=S.APPROVED)

    with pytest.raises(services.TransitionError, match=f"Only {vice_chair.person}, who chaired"):
        services.sign_minutes(minutes=minutes, user=chair)
    client.force_login(vice_chair)
    assert "Sign as a correct record" in client.get(minutes.get_staff_url()).content.decode()
    assert client.post(reverse("minutes:staff_minutes_sign", args=[minutes.pk]), {"confirmed": "1"}).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == S.SIGNED and minutes.signed_by == vice_chair.person

    text = flat(pdf_text(minutes.pdf.open("rb").read()))
    assert "Vic Ashworth Independent Member, Office of the Police and Crime Commissioner (Chair)" in text
    assert f"Apologies were received from {chair.person.name}" in text and text.count("(Chair)") == 2
    assert "Signed: Vic Ashworth (Chair)" in text


def test_a_current_board_chair_who_did_not_chair_the_meeting_cannot_sign(
    client, minutes, users, next_meeting, chair, vice_chair
):
    unconfirmed(minutes.meeting)
    board_services.record_chair(meeting=minutes.meeting, user=users["secretary"], person=vice_chair.person)
    cycle(minutes, users, next_meeting, to=S.APPROVED)
    assert board_permissions.is_chair_of(chair, minutes.meeting.board)
    client.force_login(chair)
    page = client.get(minutes.get_staff_url()).content.decode()
    assert "Sign as a correct record" not in page and "who chaired the meeting, signs its minutes" in page
    client.post(reverse("minutes:staff_minutes_sign", args=[minutes.pk]), {"confirmed": "1"})
    minutes.refresh_from_db()
    assert minutes.status == S.APPROVED


def test_approval_and_signing_are_refused_until_someone_is_recorded_as_chairing(
    client, minutes, users, next_meeting, chair
):
    Meeting.objects.filter(pk=minutes.meeting_id).update(chaired_by=None)
    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    with pytest.raises(services.TransitionError, match="the secretary records who chaired"):
        services.approve_minutes(minutes=minutes, user=users["secretary"], at_meeting=next_meeting)
    client.force_login(users["secretary"])
    assert "Nobody is recorded as chairing this meeting" in client.get(minutes.get_staff_url()).content.decode()
    # Minutes approved before approval asked who chaired.
    Minutes.objects.filter(pk=minutes.pk).update(status=S.APPROVED, approved_at=next_meeting)
    with pytest.raises(services.TransitionError, match="the secretary records who chaired"):
        services.sign_minutes(minutes=Minutes.objects.get(pk=minutes.pk), user=chair)


def test_a_chair_marked_away_after_being_recorded_is_flagged_and_cannot_approve_or_sign(
    client, minutes, users, next_meeting, chair
):
    minutes.attendance.filter(person=chair.person).update(state=Attendance.State.ABSENT)
    client.force_login(users["secretary"])
    page = client.get(minutes.get_staff_url()).content.decode()
    assert "is recorded as chairing the meeting but the attendance says absent" in page
    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    with pytest.raises(services.TransitionError, match="attendance says absent"):
        services.approve_minutes(minutes=minutes, user=users["secretary"], at_meeting=next_meeting)
    Minutes.objects.filter(pk=minutes.pk).update(status=S.APPROVED, approved_at=next_meeting)
    with pytest.raises(services.TransitionError, match="attendance says absent"):
        services.sign_minutes(minutes=minutes, user=chair)
    minutes.refresh_from_db()
    assert minutes.status == S.APPROVED


# Confirming decisions


@pytest.fixture
def decided(make_paper, secretary, chair, vice_chair, board):
    """A decision recorded at a meeting the vice-chair chaired."""
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    paper = make_paper(Paper.Status.CLEARED)
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    board_services.record_chair(meeting=meeting, user=secretary, person=vice_chair.person)
    meeting_has_begun(meeting)
    rec = paper.recommendations.first()
    return board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")


def test_the_person_who_chaired_confirms_the_meetings_decisions_and_the_board_chair_does_not(
    decided, chair, vice_chair
):
    with pytest.raises(board_services.TransitionError, match="Only the chair of the meeting, Vic Ashworth"):
        board_services.confirm_decision(decision=decided, user=chair)
    board_services.confirm_decision(decision=decided, user=vice_chair)
    decided.refresh_from_db()
    assert decided.confirmed_by == vice_chair


def test_the_chairs_queue_lists_the_decisions_of_meetings_they_chaired(client, decided, chair, vice_chair):
    paper = decided.recommendation.paper
    client.force_login(vice_chair)
    home = client.get(reverse("boards:staff_home")).content.decode()
    queue = home[home.index("Decisions awaiting your confirmation") :]
    assert paper.title in queue[: queue.index("</section>")]
    client.force_login(chair)
    home = client.get(reverse("boards:staff_home")).content.decode()
    queue = home[home.index("Decisions awaiting your confirmation") :]
    assert paper.title not in queue[: queue.index("</section>")]
    assert list(board_permissions.decisions_to_confirm(vice_chair)) == [decided]


def _membership_ended_yesterday(user):
    Membership.objects.filter(person=user.person).update(ends_on=date.today() - timedelta(days=1))


def test_a_chair_whose_membership_ends_today_still_confirms_and_signs(
    decided, vice_chair, minutes, users, next_meeting
):
    """A membership gives access up to its end date inclusive: the edge of the refusals below."""
    Membership.objects.filter(person=vice_chair.person).update(ends_on=date.today())
    assert board_permissions.unconfirmable(decided) == ""
    board_services.confirm_decision(decision=decided, user=vice_chair)
    chair = users["chair"]
    Membership.objects.filter(person=chair.person).update(ends_on=date.today())
    cycle(minutes, users, next_meeting, to=S.SIGNED)
    assert Minutes.objects.get(pk=minutes.pk).signed_by == chair.person


def test_a_chair_whose_membership_ended_is_not_shown_the_decisions_and_cannot_confirm_them(client, decided, vice_chair):
    """A membership gives access only between its dates: the meeting's chair, once a former member, is not
    listed the papers (even their titles) and the confirmation is refused, not only its page."""
    paper = decided.recommendation.paper
    _membership_ended_yesterday(vice_chair)
    client.force_login(vice_chair)
    assert paper.title not in client.get(reverse("boards:staff_home")).content.decode()
    assert not board_permissions.decisions_to_confirm(vice_chair).exists()
    with pytest.raises(board_services.TransitionError, match="Only current members of the"):
        board_services.confirm_decision(decision=decided, user=vice_chair)
    assert not Decision.objects.get(pk=decided.pk).is_confirmed


@pytest.mark.parametrize("chair_state", ["current", "membership ended", "no login"])
def test_recording_a_decision_says_when_nobody_can_confirm_it(
    client, make_paper, secretary, board, vice_chair, chair_state
):
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    paper = make_paper(Paper.Status.CLEARED)
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    board_services.record_chair(meeting=meeting, user=secretary, person=vice_chair.person)
    meeting_has_begun(meeting)
    if chair_state == "membership ended":
        _membership_ended_yesterday(vice_chair)
    elif chair_state == "no login":
        person = vice_chair.person
        person.user = None
        person.save()
    rec = paper.recommendations.first()
    client.force_login(secretary)
    url = reverse("boards:staff_decision", args=[paper.pk, rec.pk])
    page = flat(client.post(url, {f"dec{rec.pk}-outcome": "noted"}, follow=True).content.decode())
    assert Decision.objects.filter(recommendation=rec).exists()
    warning = "Decision recorded, but nobody can confirm it yet: Vic Ashworth"
    if chair_state == "current":
        assert "Decision recorded; the chair confirms it." in page and warning not in page
    else:
        assert warning in page
        no_login = "has no login with the Board member or Chair role"
        why = "is no longer a member of the" if chair_state == "membership ended" else no_login
        assert why in page


def test_a_chair_whose_membership_ended_is_not_emailed_the_papers_title(
    monkeypatch, make_paper, secretary, board, vice_chair
):
    meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary)
    papers = []
    for title in ("Ibis Review", "Zephyr Disposal"):
        paper = make_paper(Paper.Status.CLEARED, title=title, marking=Paper.Marking.OFFICIAL_SENSITIVE)
        board_services.add_agenda_item(meeting=meeting, user=secretary, title=title, paper=paper)
        papers.append(paper)
    board_services.record_chair(meeting=meeting, user=secretary, person=vice_chair.person)
    meeting_has_begun(meeting)
    told = []
    monkeypatch.setattr(
        "boards.services.decisions.notifications.decisions_to_confirm",
        lambda paper, user: told.append((paper.title, user)),
    )
    for index, paper in enumerate(papers):
        if index:
            _membership_ended_yesterday(vice_chair)
        board_services.record_decision(recommendation=paper.recommendations.first(), user=secretary, outcome="noted")
    assert told == [("Ibis Review", vice_chair)]  # told while a member; the second title never sent


def test_a_meeting_with_decisions_or_minutes_recorded_cannot_be_moved(decided, secretary, minutes):
    for meeting in (decided.meeting, minutes.meeting):
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SCHEDULED)  # minuted from the room
        with pytest.raises(board_services.TransitionError, match="cannot be moved"):
            board_services.move_meeting(
                meeting=meeting, user=secretary, starts_at=at_two_pm(90), reason="The room was double-booked."
            )
        assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at


def test_a_chair_whose_membership_ended_is_not_asked_to_sign_and_cannot(client, minutes, users, next_meeting, chair):
    cycle(minutes, users, next_meeting, to=S.APPROVED)
    client.force_login(chair)
    assert "Minutes awaiting your signature" in client.get(reverse("boards:staff_home")).content.decode()
    _membership_ended_yesterday(chair)
    home = client.get(reverse("boards:staff_home")).content.decode()
    assert minutes.get_staff_url() not in home
    with pytest.raises(services.TransitionError, match="is no longer a member of the"):
        services.sign_minutes(minutes=minutes, user=chair)
    assert Minutes.objects.get(pk=minutes.pk).status == S.APPROVED


def test_who_chaired_cannot_change_once_the_meetings_decisions_are_confirmed(decided, secretary, chair, vice_chair):
    board_services.confirm_decision(decision=decided, user=vice_chair)
    with pytest.raises(board_services.TransitionError, match="can no longer change"):
        board_services.record_chair(meeting=decided.meeting, user=secretary, person=chair.person)
    assert Meeting.objects.get(pk=decided.meeting_id).chaired_by == vice_chair.person


def test_decisions_in_writing_are_confirmed_by_the_boards_current_chair(make_paper, secretary, chair, vice_chair):
    paper = make_paper(Paper.Status.CLEARED)
    procedure = board_services.circulate_written_procedure(paper=paper, user=secretary, closes_on=at_two_pm(7).date())
    procedure_has_closed(procedure)
    decision = board_services.record_decision(
        recommendation=paper.recommendations.first(), user=secretary, outcome="noted"
    )
    assert not board_permissions.can_confirm_decision(vice_chair, decision)
    assert list(board_permissions.decisions_to_confirm(chair)) == [decision]
    board_services.confirm_decision(decision=decision, user=chair)


def test_a_decision_in_writing_says_when_the_board_has_no_current_chair_to_confirm_it(make_paper, secretary, chair):
    paper = make_paper(Paper.Status.CLEARED)
    procedure = board_services.circulate_written_procedure(paper=paper, user=secretary, closes_on=at_two_pm(7).date())
    procedure_has_closed(procedure)
    decision = board_services.record_decision(
        recommendation=paper.recommendations.first(), user=secretary, outcome="noted"
    )
    assert board_permissions.unconfirmable(decision) == ""
    _membership_ended_yesterday(chair)
    assert board_permissions.unconfirmable(decision).startswith(
        f"the {paper.board} has no current chair with a login holding the Chair role"
    )


# Posts as they were at the time


def test_a_published_paper_keeps_its_contact_officers_post_as_it_was(client, make_paper, secretary):
    paper = make_paper(Paper.Status.PUBLISHED)
    officer = paper.contact_officer
    old = officer.description
    draft = make_paper(Paper.Status.DRAFT, contact_officer=officer)
    officer.post_title = "Director of Strategy"
    officer.save()

    assert paper.contact_officer_as_published == old and "Director of Strategy" not in old
    public = flat(client.get(paper.get_absolute_url()).content.decode())
    assert old in public and "Director of Strategy" not in public
    stored = flat(pdf_text(Paper.objects.get(pk=paper.pk).pdf.open("rb").read()))
    assert old in stored and "Director of Strategy" not in stored
    response = client.get(reverse("boards:paper_pdf", args=[paper.pk]))
    served = flat(pdf_text(b"".join(response.streaming_content)))
    assert old in served
    client.force_login(secretary)
    workspace = flat(client.get(paper.get_staff_url()).content.decode())
    assert old in workspace and "Director of Strategy" not in workspace
    # A draft still reads the person as they are now.
    assert "Director of Strategy" in flat(client.get(draft.get_staff_url()).content.decode())


def test_signed_minutes_keep_each_attendees_post_and_the_key_to_initials(client, minutes, users, next_meeting):
    presenter = minutes.items.get(position=4).introduced_by
    adviser = minutes.attendance.get(person__initials="TH").person
    old_post = f"{adviser.post_title}, {adviser.organisation}"
    cycle(minutes, users, next_meeting)
    for person in (presenter, adviser):
        person.post_title = "Chief Superintendent"
        person.save()
    minutes.refresh_from_db()
    assert minutes.attendance.get(person=adviser).post == old_post

    stored = flat(pdf_text(minutes.pdf.open("rb").read()))
    page = flat(client.get(minutes.get_absolute_url()).content.decode())
    client.force_login(users["secretary"])
    workspace = flat(client.get(minutes.get_staff_url()).content.decode())
    for text in (stored, page, workspace):
        assert "Tom Heathcote" in text and old_post in text
        assert "PL Priya Lindqvist, Head of Policy" in text or "Priya Lindqvist, Head of Policy" in text
        assert "Chief Superintendent" not in text


def test_draft_minutes_read_posts_as_they_are_now(client, minutes, users):
    adviser = minutes.attendance.get(person__initials="TH").person
    adviser.post_title = "Chief Superintendent"
    adviser.save()
    client.force_login(users["secretary"])
    assert "Chief Superintendent" in client.get(minutes.get_staff_url()).content.decode()


# Migrations and demo data


def test_the_migration_fills_who_chaired_from_the_chair_current_on_each_meetings_date(meeting, chair):
    Meeting.objects.filter(pk=meeting.pk).update(chaired_by=None)
    migration = importlib.import_module("boards.migrations.0006_fill_chairs_and_published_contacts")
    migration.fill(apps, None)
    meeting.refresh_from_db()
    assert meeting.chaired_by == chair.person
