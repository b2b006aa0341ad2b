"""The meeting screen: who may use it, the register and the quorum, the tally, decisions, actions, the draft."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.forms_meetings import DecisionForm
from boards.models import Decision, Meeting, Membership, Paper, Recommendation
from boards.tally import Tally, tally, voting_member_ids
from minutes import room
from minutes.models import Action, Attendance, Minutes
from minutes.services import TransitionError

from .conftest import meeting_has_begun
from .factories import MembershipFactory, PersonFactory

State = Attendance.State


@pytest.fixture
def adviser(board):
    person = PersonFactory(name="Tom Heathcote", initials="TH")
    MembershipFactory(person=person, board=board, role=Membership.Role.IN_ATTENDANCE)
    return person


@pytest.fixture
def former(board):
    """A member whose membership ended before the meeting: not a member, not in the register."""
    person = PersonFactory(name="Fiona Former", initials="FF")
    MembershipFactory(person=person, board=board, starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    return person


@pytest.fixture
def paper(meeting, make_paper, secretary):
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Provisional Outturn", paper=paper)
    return paper


@pytest.fixture
def begun(meeting, paper, member, chair, adviser, former):
    return meeting_has_begun(meeting)


@pytest.fixture
def minutes(begun, secretary):
    return room.open_register(meeting=begun, user=secretary)


def screen_url(meeting, name="meeting_screen", *args):
    return reverse(f"minutes:{name}", args=[meeting.pk, *args])


def state_of(minutes, person):
    return minutes.attendance.get(person=person).state


# Who may use it


def post_urls(meeting, minutes):
    rec = Recommendation.objects.filter(paper__agenda_item__meeting=meeting).first()
    item = minutes.items.get(agenda_item__papers__isnull=False)
    person = minutes.attendance.first().person
    return [
        screen_url(meeting, "meeting_screen_open"),
        screen_url(meeting, "meeting_screen_attendance", person.pk),
        screen_url(meeting, "meeting_screen_guest"),
        screen_url(meeting, "meeting_screen_decision", rec.pk),
        screen_url(meeting, "meeting_screen_action", item.pk),
        screen_url(meeting, "meeting_screen_draft"),
    ]


@pytest.mark.parametrize("role", ["author", "other_author", "reviewer", "member", "chair", "outside_member", "no_role"])
def test_it_refuses_everyone_but_the_secretary(client, users, begun, minutes, role):
    client.force_login(users[role])
    assert client.get(screen_url(begun)).status_code == 403
    for url in post_urls(begun, minutes):
        assert client.post(url, {"state": State.MEMBER}).status_code == 403, url
    assert Minutes.objects.get().events.count() == 1
    assert not minutes.attendance.filter(state=State.MEMBER).exists()


def test_it_sends_the_anonymous_visitor_to_sign_in(client, begun, minutes):
    for url in [screen_url(begun), *post_urls(begun, minutes)]:
        response = client.post(url) if url != screen_url(begun) else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_the_secretary_reaches_it_from_the_meeting_page(client, secretary, member, begun):
    client.force_login(secretary)
    assert screen_url(begun) in client.get(begun.get_staff_url()).content.decode()
    assert client.get(screen_url(begun)).status_code == 200
    client.force_login(member)
    assert screen_url(begun) not in client.get(begun.get_staff_url()).content.decode()


# Time


def test_the_register_opens_only_once_the_meeting_has_begun(client, secretary, meeting, paper):
    with pytest.raises(TransitionError, match="once it has begun"):
        room.open_register(meeting=meeting, user=secretary)
    client.force_login(secretary)
    html = client.get(screen_url(meeting)).content.decode()
    assert "the register opens once it has begun" in html and "Open the register" not in html
    client.post(screen_url(meeting, "meeting_screen_open"))
    assert not Minutes.objects.exists()


def test_a_cancelled_meeting_has_no_register(secretary, begun):
    Meeting.objects.filter(pk=begun.pk).update(status=Meeting.Status.CANCELLED)
    begun.refresh_from_db()
    with pytest.raises(TransitionError, match="cancelled"):
        room.open_register(meeting=begun, user=secretary)


# The register and the quorum


def test_the_register_lists_the_board_on_the_day_everyone_absent(minutes, member, chair, adviser, former):
    states = {a.person_id: a.state for a in minutes.attendance.all()}
    assert states == {member.person.pk: State.ABSENT, chair.person.pk: State.ABSENT, adviser.pk: State.ABSENT}
    assert former.pk not in states


def test_one_click_records_each_state_and_the_quorum_follows(client, secretary, board, begun, minutes, member, chair):
    board.quorum = 2
    board.save()
    client.force_login(secretary)
    url = screen_url(begun, "meeting_screen_attendance", member.person.pk)
    client.post(url, {"state": State.MEMBER})
    assert state_of(minutes, member.person) == State.MEMBER
    html = client.get(screen_url(begun)).content.decode()
    assert "Not quorate: 1 of 2 voting members present, quorum 2 (1 more needed)." in html
    client.post(screen_url(begun, "meeting_screen_attendance", chair.person.pk), {"state": State.MEMBER})
    assert "Quorate: 2 of 2 voting members present, quorum 2." in client.get(screen_url(begun)).content.decode()
    for state in (State.APOLOGIES, State.ABSENT, State.IN_ATTENDANCE):
        client.post(url, {"state": state})
        assert state_of(minutes, member.person) == state
    assert not room.quorum(minutes).met


def test_quorum_edges(secretary, board, minutes, member, chair, adviser):
    assert str(room.quorum(minutes)) == "0 of 2 voting members present; no quorum is set for this board."
    assert not room.quorum(minutes).met
    board.quorum = 1
    board.save()
    minutes.meeting.board.refresh_from_db()
    room.record_attendance(minutes=minutes, user=secretary, person=adviser, state=State.IN_ATTENDANCE)
    assert not room.quorum(minutes).met, "an adviser does not count towards the quorum"
    room.record_attendance(minutes=minutes, user=secretary, person=member.person, state=State.MEMBER)
    assert room.quorum(minutes).met, "exactly the quorum is quorate"
    board.quorum = 3
    board.save()
    minutes.meeting.board.refresh_from_db()
    room.record_attendance(minutes=minutes, user=secretary, person=chair.person, state=State.MEMBER)
    quorum = room.quorum(minutes)
    assert (quorum.present, quorum.members, quorum.met) == (2, 2, False)


def test_a_member_whose_membership_has_ended_is_not_a_member(secretary, board, minutes, member):
    Membership.objects.filter(person=member.person, board=board).update(
        ends_on=timezone.localdate() - timedelta(days=2)
    )
    with pytest.raises(TransitionError, match="not a member"):
        room.record_attendance(minutes=minutes, user=secretary, person=member.person, state=State.MEMBER)
    assert member.person.pk not in voting_member_ids(board, minutes.meeting.date)


def test_only_a_member_is_present_as_a_member(client, secretary, begun, minutes, adviser):
    with pytest.raises(TransitionError, match="record them as in attendance"):
        room.record_attendance(minutes=minutes, user=secretary, person=adviser, state=State.MEMBER)
    client.force_login(secretary)
    html = client.get(screen_url(begun)).content.decode()
    assert 'aria-label="Present: Tom Heathcote"' not in html
    assert 'aria-label="In attendance: Tom Heathcote"' in html


def test_a_guest_is_added_by_name_and_post(client, secretary, begun, minutes):
    client.force_login(secretary)
    client.post(screen_url(begun, "meeting_screen_guest"), {"guest-name": "Ann-Marie Cole", "guest-post": "Auditor"})
    guest = minutes.attendance.get(capacity=Attendance.Capacity.GUEST)
    assert (guest.person.name, guest.person.post_title, guest.person.initials) == ("Ann-Marie Cole", "Auditor", "AC")
    assert guest.state == State.IN_ATTENDANCE


def test_a_guest_without_a_post_keeps_what_was_typed_and_is_told_why(client, secretary, begun, minutes):
    client.force_login(secretary)
    response = client.post(screen_url(begun, "meeting_screen_guest"), {"guest-name": "<b>Ann</b> Cole"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the guest&#x27;s post." in html or "Give the guest's post." in html
    assert 'value="&lt;b&gt;Ann&lt;/b&gt; Cole"' in html
    assert not minutes.attendance.filter(capacity=Attendance.Capacity.GUEST).exists()


def test_a_click_in_the_room_makes_an_open_minutes_editor_stale(secretary, minutes, member):
    version = minutes.version
    room.record_attendance(minutes=minutes, user=secretary, person=member.person, state=State.APOLOGIES)
    minutes.refresh_from_db()
    assert minutes.version == version + 1


# Positions, the tally, decisions


def test_the_tally_counts_the_boards_members_who_have_responded(board, paper, member, chair, former):
    rec = paper.recommendations.first()
    members = voting_member_ids(board, timezone.localdate())
    assert str(tally(rec.positions.all(), members)) == "0 of 2 members have responded"
    board_services.record_position(recommendation=rec, user=member, stance="support")
    board_services.record_position(recommendation=rec, user=chair, stance="abstain")
    # A former member's position (recorded while they sat) is not a member's position today.
    rec.positions.create(member=former, stance="object")
    assert str(tally(rec.positions.all(), members)) == "2 of 2 members have responded: 1 support, 1 abstain"
    assert str(Tally(members=6, support=3, abstain=1)) == "4 of 6 members have responded: 3 support, 1 abstain"
    assert str(Tally(members=1, object=1)) == "1 of 1 member has responded: 1 object"


def test_the_tally_waits_only_for_those_who_may_record_a_position(board, paper, member, chair, adviser, reviewer):
    """Advisers, an officer on the board with a reviewer's login and a member with no login cannot record a
    position (`can_record_position`), so the tally does not count them among those to respond."""
    from boards import permissions
    from boards.tally import position_holder_ids

    officer = PersonFactory(user=reviewer, name="Jo Pennington")
    MembershipFactory(person=officer, board=board)
    MembershipFactory(person=PersonFactory(name="Gwen Talbot"), board=board)
    rec = paper.recommendations.first()
    today = timezone.localdate()
    holders = position_holder_ids(board, today)
    assert holders == {member.person.pk, chair.person.pk}
    assert permissions.can_record_position(member, rec) and not permissions.can_record_position(reviewer, rec)
    board_services.record_position(recommendation=rec, user=member, stance="support")
    assert str(tally(rec.positions.all(), holders)) == "1 of 2 members have responded: 1 support"
    assert len(voting_member_ids(board, today)) == 4  # the quorum still counts every voting member


def test_the_screen_shows_positions_and_tally_item_by_item(client, secretary, begun, minutes, paper, member):
    board_services.record_position(recommendation=paper.recommendations.first(), user=member, stance="object")
    client.force_login(secretary)
    html = client.get(screen_url(begun)).content.decode()
    assert "1 of 2 members have responded: 1 object." in html
    assert f"{member.person.name}: object" in html
    assert "0 of 2 members have responded." in html


def test_the_decision_defaults_to_the_recommendations_own_verb(paper):
    note, approve = paper.recommendations.order_by("position", "pk")
    assert (note.verb, approve.verb) == ("note", "approve")
    assert DecisionForm(recommendation=note).fields["outcome"].initial == Decision.Outcome.NOTED
    assert DecisionForm(recommendation=approve).fields["outcome"].initial == Decision.Outcome.APPROVED
    for verb, outcome in [("endorse", "endorsed"), ("agree", "agreed"), ("comment on", "noted")]:
        assert Decision.outcome_for(Recommendation(verb=verb)) == outcome


def test_the_paper_page_offers_noted_for_a_recommendation_to_note(client, secretary, begun, paper):
    client.force_login(secretary)
    html = client.get(paper.get_staff_url()).content.decode()
    note = paper.recommendations.get(verb="note")
    start = html.index(f'name="dec{note.pk}-outcome"')
    assert '<option value="noted" selected>' in html[start : start + 600]


def test_decisions_are_recorded_on_the_screen(client, secretary, chair, begun, minutes, paper):
    client.force_login(secretary)
    note, approve = paper.recommendations.order_by("position", "pk")
    client.post(screen_url(begun, "meeting_screen_decision", note.pk), {f"dec{note.pk}-outcome": "noted"})
    client.post(
        screen_url(begun, "meeting_screen_decision", approve.pk),
        {f"dec{approve.pk}-outcome": "amended", f"dec{approve.pk}-amended_text": "the wording of V4 as read out"},
    )
    outcomes = dict(Decision.objects.values_list("recommendation__verb", "outcome"))
    assert outcomes == {"note": "noted", "approve": "amended"}
    assert Decision.objects.get(outcome="amended").meeting == begun


def test_an_amendment_without_wording_keeps_the_choice_and_says_why(client, secretary, begun, minutes, paper):
    client.force_login(secretary)
    rec = paper.recommendations.get(verb="approve")
    response = client.post(screen_url(begun, "meeting_screen_decision", rec.pk), {f"dec{rec.pk}-outcome": "amended"})
    assert response.status_code == 400
    assert "Give the wording the board agreed." in response.content.decode()
    assert '<option value="amended" selected>' in response.content.decode()
    assert not Decision.objects.exists()


def test_a_confirmed_decision_is_not_offered_again(client, secretary, chair, begun, minutes, paper):
    rec = paper.recommendations.get(verb="note")
    decision = board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    board_services.confirm_decision(decision=decision, user=chair)
    client.force_login(secretary)
    html = client.get(screen_url(begun)).content.decode()
    assert f'name="dec{rec.pk}-outcome"' not in html
    client.post(screen_url(begun, "meeting_screen_decision", rec.pk), {f"dec{rec.pk}-outcome": "rejected"})
    assert Decision.objects.get().outcome == "noted"


def test_a_recommendation_of_another_meeting_is_not_found(client, secretary, begun, minutes, make_paper):
    other = make_paper(Paper.Status.PUBLISHED, title="Elsewhere")
    rec = other.recommendations.first()
    client.force_login(secretary)
    response = client.post(screen_url(begun, "meeting_screen_decision", rec.pk), {f"dec{rec.pk}-outcome": "noted"})
    assert response.status_code == 404


# Actions and the draft


def test_an_action_is_agreed_under_its_item(client, secretary, begun, minutes, member):
    item = minutes.items.get(agenda_item__papers__isnull=False)
    client.force_login(secretary)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    client.post(
        screen_url(begun, "meeting_screen_action", item.pk),
        {
            f"act{item.pk}-text": "Report the outturn's risks",
            f"act{item.pk}-owner": member.person.pk,
            f"act{item.pk}-due_on": due,
        },
    )
    action = Action.objects.get()
    assert (action.minute_item, action.owner, action.raised_at) == (item, member.person, minutes)
    assert action.reference == f"{begun.date.year}/01"


def test_an_action_without_an_owner_keeps_its_text(client, secretary, begun, minutes):
    item = minutes.items.get(agenda_item__papers__isnull=False)
    client.force_login(secretary)
    response = client.post(
        screen_url(begun, "meeting_screen_action", item.pk),
        {f"act{item.pk}-text": "Report <script>x</script>", f"act{item.pk}-due_on": "2000-01-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Every action needs an owner." in html
    assert "An action falls due after the meeting that agreed it." in html
    assert "Report &lt;script&gt;x&lt;/script&gt;" in html
    assert not Action.objects.exists()


def test_draft_the_minutes_holds_the_meeting_and_keeps_what_was_recorded(
    client, secretary, chair, begun, minutes, paper, member
):
    room.record_attendance(minutes=minutes, user=secretary, person=member.person, state=State.MEMBER)
    room.record_attendance(minutes=minutes, user=secretary, person=chair.person, state=State.APOLOGIES)
    for rec in paper.recommendations.all():
        board_services.record_decision(recommendation=rec, user=secretary, outcome=Decision.outcome_for(rec))
    item = minutes.items.get(agenda_item__papers__isnull=False)
    room.agree_action(
        minutes=minutes,
        user=secretary,
        minute_item=item,
        text="Report back",
        owner=member.person,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    client.force_login(secretary)
    response = client.post(screen_url(begun, "meeting_screen_draft"))
    assert response.status_code == 302
    assert response["Location"] == reverse("minutes:staff_minutes_edit", args=[minutes.pk])
    begun.refresh_from_db()
    assert begun.status == Meeting.Status.HELD
    assert list(Minutes.objects.get().events.values_list("action", flat=True)) == ["register opened", "drafted"]
    # The minutes read what was recorded in the room: attendance, decisions, the action.
    html = client.get(minutes.get_staff_url()).content.decode()
    apologies = html[html.index("Apologies") :]
    assert chair.person.name in apologies
    assert member.person.name in html[: html.index("Apologies")]
    assert "The Board noted the progress made against the Victims theme." in html
    assert "Report back" in html


def test_draft_the_minutes_a_second_time_sends_to_the_draft_and_changes_nothing(client, secretary, begun, minutes):
    client.force_login(secretary)
    client.post(screen_url(begun, "meeting_screen_draft"), follow=True)
    edit = reverse("minutes:staff_minutes_edit", args=[minutes.pk])
    item = minutes.items.order_by("position").first()
    item.body = "Written in the editor since."
    item.save()
    version = Minutes.objects.get().version
    response = client.post(screen_url(begun, "meeting_screen_draft"), follow=True)
    html = response.content.decode()
    assert "already exists" in html and "redrafted" not in html and "are drafted from what was recorded" not in html
    assert f'<a href="{edit}">Open the draft minutes</a>' in html
    assert 'action="' + screen_url(begun, "meeting_screen_draft") + '"' not in html  # no button to press again
    minutes.refresh_from_db()
    assert list(minutes.events.values_list("action", flat=True)) == ["register opened", "drafted"]
    assert minutes.version == version and minutes.items.get(pk=item.pk).body == "Written in the editor since."


def test_the_register_labels_each_person_by_their_role_on_the_board(client, secretary, begun, minutes, adviser):
    room.add_guest(minutes=minutes, user=secretary, name="Gail Guest", post="Auditor")
    client.force_login(secretary)
    html = client.get(screen_url(begun)).content.decode()

    def badge(person_id):
        entry = html[html.index(f'id="person-{person_id}"') :]
        return entry[entry.index('<span class="badge') :].split(">", 1)[1].split("<", 1)[0]

    people = {a.person.name: a.person_id for a in minutes.attendance.select_related("person")}
    assert badge(adviser.pk) == "Adviser, in attendance"
    assert badge(people["Gail Guest"]) == "Guest"
    roles = sorted(badge(pid) for name, pid in people.items() if name not in {"Gail Guest", adviser.name})
    assert roles == ["Chair", "Member"]
    assert "Member of the board" not in html


def test_an_imported_meetings_register_labels_those_its_minutes_list(client, secretary, begun, minutes):
    """The archive's meetings predate the portal's memberships: the minutes' own lists say who sat."""
    sat, officer = PersonFactory(name="Dan Rose"), PersonFactory(name="Al Pen")
    minutes.attendance.create(person=sat, state=State.MEMBER)
    minutes.attendance.create(person=officer, state=State.IN_ATTENDANCE)
    Meeting.objects.filter(pk=begun.pk).update(imported_at=timezone.now())
    client.force_login(secretary)
    html = client.get(screen_url(begun)).content.decode()
    for person, label in ((sat, "Member"), (officer, "In attendance")):
        entry = html[html.index(f'id="person-{person.pk}"') :]
        assert entry[entry.index('<span class="badge') :].split(">", 1)[1].startswith(f"{label}<")


def test_draft_the_minutes_waits_for_the_register(client, secretary, begun):
    client.force_login(secretary)
    assert client.post(screen_url(begun, "meeting_screen_draft")).status_code == 404
    begun.refresh_from_db()
    assert begun.status != Meeting.Status.HELD


def test_nothing_is_recorded_once_the_minutes_have_left_draft(secretary, minutes, member):
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.CLEARED)
    minutes.refresh_from_db()
    with pytest.raises(TransitionError, match="draft"):
        room.record_attendance(minutes=minutes, user=secretary, person=member.person, state=State.MEMBER)


@pytest.mark.parametrize("chair_can_confirm", [True, False])
def test_recording_a_decision_in_the_room_says_when_nobody_can_confirm_it(
    client, secretary, begun, paper, chair, chair_can_confirm
):
    if not chair_can_confirm:
        chair.is_active = False
        chair.save()
    rec = paper.recommendations.first()
    client.force_login(secretary)
    url = screen_url(begun, "meeting_screen_decision", rec.pk)
    page = client.post(url, {f"dec{rec.pk}-outcome": "noted"}, follow=True).content.decode()
    assert rec.decision.outcome == "noted"
    if chair_can_confirm:
        assert "Recorded: Noted. The chair confirms it." in page and "nobody can confirm it" not in page
    else:
        assert "Recorded: Noted, but nobody can confirm it yet:" in page and "but it is deactivated" in page
