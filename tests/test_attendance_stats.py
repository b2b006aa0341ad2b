"""Each member's attendance at a board's meetings over a year, and the public board page's meetings and minutes."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.models import Meeting, Membership
from minutes import services
from minutes.models import Attendance, Minutes
from minutes.stats import attendance_stats

from .factories import MembershipFactory, PersonFactory

State = Attendance.State


def held_on(board, secretary, day):
    meeting = board_services.schedule_meeting(
        board=board, starts_at=timezone.make_aware(datetime.combine(day, time(14))), user=secretary
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    return meeting


def minuted(board, secretary, day, states: dict, status=Minutes.Status.DRAFT):
    meeting = held_on(board, secretary, day)
    minutes = services.start_minutes(meeting=meeting, user=secretary)
    for person, state in states.items():
        minutes.attendance.filter(person=person).update(state=state)
    Minutes.objects.filter(pk=minutes.pk).update(status=status)
    return minutes


@pytest.fixture
def year_of_meetings(board, secretary, member, chair):
    """Three meetings in 2025 (two minutes published, one a draft) and one in 2024 (published)."""
    guest = PersonFactory(name="Gwen Guest")
    m, c = member.person, chair.person
    P = Minutes.Status.PUBLISHED
    first = minuted(board, secretary, datetime(2025, 2, 3).date(), {m: State.MEMBER, c: State.APOLOGIES}, P)
    first.attendance.create(person=guest, state=State.IN_ATTENDANCE, capacity=Attendance.Capacity.GUEST)
    minuted(board, secretary, datetime(2025, 5, 6).date(), {m: State.ABSENT, c: State.MEMBER}, P)
    minuted(board, secretary, datetime(2025, 9, 9).date(), {m: State.APOLOGIES, c: State.MEMBER})
    minuted(board, secretary, datetime(2024, 9, 9).date(), {m: State.MEMBER, c: State.MEMBER}, P)
    return {"member": m, "chair": c, "guest": guest}


def counts(rows):
    return {row.person.pk: (row.present, row.apologies, row.absent, row.expected) for row in rows}


def test_each_member_is_counted_for_the_year_from_every_minutes(board, year_of_meetings):
    m, c = year_of_meetings["member"], year_of_meetings["chair"]
    rows = attendance_stats(board, 2025, Minutes.objects.all())
    assert counts(rows) == {m.pk: (1, 1, 1, 3), c.pk: (2, 1, 0, 3)}


def test_the_public_count_reads_published_minutes_only(board, year_of_meetings):
    m, c = year_of_meetings["member"], year_of_meetings["chair"]
    assert counts(attendance_stats(board, 2025, Minutes.objects.public())) == {m.pk: (1, 0, 1, 2), c.pk: (1, 1, 0, 2)}
    assert counts(attendance_stats(board, 2024, Minutes.objects.public())) == {m.pk: (1, 0, 0, 1), c.pk: (1, 0, 0, 1)}


def test_guests_and_other_boards_are_not_counted(board, other_board, secretary, year_of_meetings):
    assert year_of_meetings["guest"].pk not in counts(attendance_stats(board, 2025, Minutes.objects.all()))
    assert attendance_stats(other_board, 2025, Minutes.objects.all()) == []


def test_every_member_on_the_day_is_expected_and_no_record_is_absent(board, secretary, member, chair):
    """The minutes name only who they name: a member left out, or who joined or left during the year, is still
    counted for each held meeting of their term; an adviser is not a member; a meeting not held counts for nobody."""
    m, c = member.person, chair.person
    joiner = PersonFactory(name="Jess Joiner")
    MembershipFactory(person=joiner, board=board, starts_on=date(2025, 4, 1))
    leaver = PersonFactory(name="Lee Leaver")
    MembershipFactory(person=leaver, board=board, starts_on=date(2020, 1, 1), ends_on=date(2025, 3, 31))
    adviser = PersonFactory(name="Ada Adviser")
    MembershipFactory(person=adviser, board=board, role=Membership.Role.IN_ATTENDANCE)
    P = Minutes.Status.PUBLISHED
    first = minuted(board, secretary, date(2025, 2, 3), {m: State.MEMBER, leaver: State.APOLOGIES}, P)
    first.attendance.filter(person=c).delete()  # the minutes forgot the chair
    second = minuted(board, secretary, date(2025, 5, 6), {m: State.APOLOGIES}, P)
    second.attendance.filter(person=joiner).delete()
    # The register of a meeting under way: not held yet, so not counted.
    under_way = minuted(board, secretary, date(2025, 6, 7), {m: State.APOLOGIES}, P)
    Meeting.objects.filter(pk=under_way.meeting_id).update(status=Meeting.Status.SCHEDULED)
    rows = attendance_stats(board, 2025, Minutes.objects.public())
    assert counts(rows) == {
        m.pk: (1, 1, 0, 2),
        c.pk: (1, 0, 1, 2),
        joiner.pk: (0, 0, 1, 1),
        leaver.pk: (0, 1, 0, 1),
    }
    assert adviser.pk not in counts(rows)


def test_an_imported_meeting_counts_the_members_its_minutes_list(board, secretary):
    """The archive's meetings predate the portal's memberships: the minutes' list of members says who sat."""
    sat, sent_apologies, officer = (PersonFactory(name=name) for name in ("Dan Rose", "Mo Kitto", "Al Pen"))
    minutes = minuted(board, secretary, date(2018, 12, 13), {}, Minutes.Status.PUBLISHED)
    Meeting.objects.filter(pk=minutes.meeting_id).update(imported_at=timezone.now())
    minutes.attendance.create(person=sat, state=State.MEMBER)
    minutes.attendance.create(person=sent_apologies, state=State.APOLOGIES)
    minutes.attendance.create(person=officer, state=State.IN_ATTENDANCE)
    rows = counts(attendance_stats(board, 2018, Minutes.objects.public()))
    assert rows == {sat.pk: (1, 0, 0, 1), sent_apologies.pk: (0, 1, 0, 1)}


def test_the_count_takes_the_same_queries_however_many_meetings(board, secretary, member, chair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    minuted(board, secretary, date(2025, 2, 3), {}, Minutes.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as one:
        attendance_stats(board, 2025, Minutes.objects.public())
    for day in (date(2025, 3, 3), date(2025, 4, 3), date(2025, 5, 3)):
        minuted(board, secretary, day, {}, Minutes.Status.PUBLISHED)
        MembershipFactory(board=board, starts_on=day)
    with CaptureQueriesContext(connection) as four:
        rows = attendance_stats(board, 2025, Minutes.objects.public())
    assert len(four) == len(one) and len(rows) == 5


def test_the_public_board_page_shows_the_years_attendance_from_published_minutes(client, board, year_of_meetings):
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Attendance in 2025" in html
    member = year_of_meetings["member"]
    row = html[html.index(f'<th scope="row">{member.name}</th>') :][:300]
    assert '<td class="text-end">2</td><td class="text-end">1</td><td class="text-end">0</td>' in row
    html = client.get(board.get_absolute_url() + "?year=2024").content.decode()
    assert "Attendance in 2024" in html
    # A year with no published minutes, or nonsense, shows the latest year.
    for year in ("2023", "nonsense", "99999999999999999999"):
        assert "Attendance in 2025" in client.get(board.get_absolute_url() + f"?year={year}").content.decode()


def test_the_public_board_page_lists_public_meetings_and_published_minutes(client, board, secretary, year_of_meetings):
    unpublished_agenda = board_services.schedule_meeting(
        board=board, starts_at=timezone.make_aware(datetime(2030, 1, 8, 14)), user=secretary
    )
    published = Minutes.objects.public().filter(meeting__board=board)
    Meeting.objects.filter(minutes__in=published).update(agenda_published_at=timezone.now())
    html = client.get(board.get_absolute_url()).content.decode()
    assert "is published yet." not in html
    for minutes in published:
        assert minutes.meeting.get_absolute_url() in html
        assert minutes.get_absolute_url() in html
    draft = Minutes.objects.exclude(status=Minutes.Status.PUBLISHED).get()
    assert draft.get_absolute_url() not in html
    assert draft.meeting.get_absolute_url() not in html, "its agenda was never published"
    assert unpublished_agenda.get_absolute_url() not in html


def test_the_public_board_page_names_each_members_role_once(client, board, member, chair):
    adviser = PersonFactory(name="Tom Heathcote", post_title="Head of Corporate Development")
    MembershipFactory(person=adviser, board=board, role=Membership.Role.IN_ATTENDANCE)
    MembershipFactory(person=PersonFactory(name="Nora Nopost", post_title=""), board=board)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Tom Heathcote, Head of Corporate Development (Adviser, in attendance)" in html
    assert "Nora Nopost (Member)" in html
    assert "((" not in html and "))" not in html


def test_a_board_without_meetings_says_so(client, other_board):
    html = client.get(other_board.get_absolute_url()).content.decode()
    assert f"No agenda of the {other_board.name} is published yet." in html and "No minutes published yet." in html
    assert f"{reverse('boards:meeting_list')}?board={other_board.slug}" in html
    other_board.dissolved_on, other_board.dissolution_reason = date(2025, 3, 31), "Merged into the main board."
    other_board.save()
    html = client.get(other_board.get_absolute_url()).content.decode()
    assert f"No agenda of the {other_board.name} was published here." in html


URL = "minutes:staff_board_attendance"


@pytest.mark.parametrize("role", ["author", "other_author", "reviewer", "secretary"])
def test_office_staff_see_the_boards_attendance_drafts_included(client, users, board, year_of_meetings, role):
    client.force_login(users[role])
    response = client.get(reverse(URL, args=[board.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    member = year_of_meetings["member"]
    row = html[html.index(f'<th scope="row">{member.name}</th>') :][:300]
    assert '<td class="text-end">3</td><td class="text-end">1</td><td class="text-end">1</td>' in row


@pytest.mark.parametrize("role", ["member", "chair", "outside_member", "no_role"])
def test_others_are_refused_the_workspace_attendance(client, users, board, role):
    client.force_login(users[role])
    assert client.get(reverse(URL, args=[board.slug])).status_code == 403


def test_the_anonymous_visitor_signs_in_for_the_workspace_attendance(client, board):
    response = client.get(reverse(URL, args=[board.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
