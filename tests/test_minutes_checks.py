"""The checks draft minutes must pass before they are cleared, and what the editor asks to satisfy them."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from boards import services as board_services
from boards.models import AgendaItem, Decision, Meeting, Membership, Paper
from minutes import services
from minutes.checks import initials_clashes, minutes_problems, suggest_longer
from minutes.document import FOR_INFORMATION, build_minutes
from minutes.models import Action, Attendance, Minutes, MinutesInitials
from pcp_portal.pdf import pdf_text

from .conftest import at_two_pm
from .factories import MembershipFactory, PersonFactory
from .test_minutes import editor_post, held

S = Minutes.Status
C = Attendance.Capacity


@pytest.fixture
def held_meeting(meeting, secretary, chair, member, make_paper, board):
    """A held meeting whose one paper has its decisions recorded and confirmed: minutes ready to clear."""
    presenter = PersonFactory(name="Priya Lindqvist", initials="PL")
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    board_services.add_agenda_item(
        meeting=meeting, user=secretary, title="Provisional Outturn", paper=paper, presenter=presenter
    )
    held(meeting)
    for rec in paper.recommendations.all():
        decision = board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")
        board_services.confirm_decision(decision=decision, user=chair)
    return meeting


@pytest.fixture
def minutes(held_meeting, secretary):
    return services.start_minutes(meeting=held_meeting, user=secretary)


def add_item(minutes, secretary, title, body="", paper=None):
    """A business item that was on the agenda (added late, so written straight in), and its minute."""
    meeting = minutes.meeting
    position = max(meeting.agenda_items.values_list("position", flat=True)) + 1
    agenda_item = AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    if paper is not None:
        Paper.objects.filter(pk=paper.pk).update(agenda_item=agenda_item)
    return minutes.items.create(agenda_item=agenda_item, position=position, title=title, body=body)


def where_and_messages(minutes):
    return [(problem.where, problem.message) for problem in minutes_problems(minutes)]


def test_minutes_ready_to_clear_have_no_problems_and_are_cleared(minutes, secretary, reviewer):
    assert minutes_problems(minutes) == []
    services.submit_minutes(minutes=minutes, user=secretary)
    services.clear_minutes(minutes=minutes, user=reviewer)
    assert Minutes.objects.get(pk=minutes.pk).status == S.CLEARED


def test_start_records_the_members_as_members(minutes):
    assert set(minutes.attendance.values_list("capacity", flat=True)) == {C.MEMBER}


# 1. Attendance of people who are not members


def test_a_non_member_in_apologies_is_asked_about_until_recorded_as_officer_or_guest(minutes, board):
    visitor = PersonFactory(name="Hana Okafor", initials="HO")
    record = minutes.attendance.create(person=visitor, state=Attendance.State.APOLOGIES)
    [(where, message)] = where_and_messages(minutes)
    assert where == "Attendance"
    assert "Hana Okafor (apologies) is not a member of the" in message and "officer or as a guest" in message
    record.capacity = C.GUEST
    record.save()
    assert minutes_problems(minutes) == []


def test_a_former_member_present_is_not_silently_accepted(minutes, board):
    former = PersonFactory(name="Owen Marsh", initials="OM")
    MembershipFactory(
        person=former, board=board, starts_on=date(2020, 1, 1), ends_on=minutes.meeting.date - timedelta(1)
    )
    record = minutes.attendance.create(person=former, state=Attendance.State.IN_ATTENDANCE, capacity=C.MEMBER)
    assert [where for where, _ in where_and_messages(minutes)] == ["Attendance"]
    record.capacity = C.OFFICER
    record.save()
    assert minutes_problems(minutes) == []


def test_an_officer_recorded_as_present_as_a_member_is_a_problem(minutes):
    officer = PersonFactory(name="Ruth Ellery", initials="RE")
    minutes.attendance.create(person=officer, state=Attendance.State.MEMBER, capacity=C.OFFICER)
    [(where, message)] = where_and_messages(minutes)
    assert where == "Attendance" and "record them as in attendance" in message


def add_attendee(minutes, person, state, capacity=""):
    data = editor_post(minutes)
    n = int(data["attendance-TOTAL_FORMS"])
    data.update(
        {
            "attendance-TOTAL_FORMS": str(n + 1),
            f"attendance-{n}-person": str(person.pk),
            f"attendance-{n}-state": state,
            f"attendance-{n}-capacity": capacity,
        }
    )
    return data


def test_the_attendance_form_asks_in_what_capacity_a_non_member_attended(client, minutes, secretary):
    guest = PersonFactory(name="Dr Ada Quinn", initials="AQ")
    client.force_login(secretary)
    url = reverse("minutes:staff_minutes_edit", args=[minutes.pk])

    response = client.post(url, add_attendee(minutes, guest, "in_attendance"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Dr Ada Quinn was not a member of the {minutes.meeting.board.short_name} on" in html
    assert "say whether they attended as an officer or as a guest" in html
    assert f'<option value="{guest.pk}" selected>' in html  # what the secretary chose is kept
    assert not minutes.attendance.filter(person=guest).exists()

    response = client.post(url, add_attendee(minutes, guest, "in_attendance", C.MEMBER))
    assert "choose officer or guest, or record their membership of the board first" in response.content.decode()

    response = client.post(url, add_attendee(minutes, guest, "member", C.GUEST))
    assert "attended as guest, not as a member: choose “In attendance”" in response.content.decode()

    assert client.post(url, add_attendee(minutes, guest, "in_attendance", C.GUEST)).status_code == 302
    assert minutes.attendance.get(person=guest).capacity == C.GUEST
    assert minutes_problems(minutes) == []


def test_a_member_added_in_the_editor_is_recorded_as_a_member_without_being_asked(client, minutes, secretary, board):
    late = MembershipFactory(board=board, person=PersonFactory(name="Lena Brook", initials="LB")).person
    minutes.attendance.filter(person=late).delete()
    client.force_login(secretary)
    response = client.post(
        reverse("minutes:staff_minutes_edit", args=[minutes.pk]), add_attendee(minutes, late, "apologies")
    )
    assert response.status_code == 302
    assert minutes.attendance.get(person=late).capacity == C.MEMBER


def test_the_migration_fills_the_capacity_of_members_and_leaves_the_rest_asked(minutes, board):
    visitor = PersonFactory(name="Sam Idris", initials="SI")
    minutes.attendance.create(person=visitor, state=Attendance.State.IN_ATTENDANCE)
    Attendance.objects.update(capacity="")
    migration = importlib.import_module("minutes.migrations.0004_minutes_checks")
    migration.fill_capacity(apps, None)
    capacities = dict(minutes.attendance.values_list("person__name", "capacity"))
    assert capacities.pop("Sam Idris") == ""
    assert set(capacities.values()) == {C.MEMBER}


# 2. Initials that stand for two people


@pytest.fixture
def two_js(minutes, board):
    jane = PersonFactory(name="Jane Smith", initials="JS", post_title="Head of Finance")
    john = PersonFactory(name="John Stone", initials="JS", post_title="Head of Estates")
    minutes.attendance.create(person=jane, state=Attendance.State.IN_ATTENDANCE, capacity=C.OFFICER)
    minutes.attendance.create(person=john, state=Attendance.State.IN_ATTENDANCE, capacity=C.OFFICER)
    return jane, john


def test_two_people_with_the_same_initials_make_the_key_ambiguous(minutes, two_js):
    [(where, message)] = where_and_messages(minutes)
    assert where == "Attendance"
    assert "The initials JS stand for Jane Smith and John Stone" in message
    assert "JSm for Jane Smith and JSt for John Stone" in message


def test_longer_forms_tell_people_apart_even_with_the_same_surname():
    jane, julie = (
        PersonFactory.build(name="Jane Smith", initials="JS"),
        PersonFactory.build(name="Julie Smith", initials="JS"),
    )
    assert suggest_longer([jane, julie], {"JS"}) == ["JaS", "JuS"]
    anne, alan = (
        PersonFactory.build(name="Anne Mary Cole", initials="AC"),
        PersonFactory.build(name="Alan Cole", initials="AC"),
    )
    # The full initials would give Alan Cole "AC" again, so the first names are lengthened.
    assert suggest_longer([anne, alan], {"AC"}) == ["AnC", "AlC"]
    assert suggest_longer([anne, alan], {"AC", "ACo"}) == ["AnC", "AlC"]


def test_using_the_longer_forms_changes_these_minutes_only(minutes, two_js, secretary, users, board):
    jane, john = two_js
    # Earlier minutes naming Jane Smith, signed with her usual initials.
    earlier_meeting = board_services.schedule_meeting(board=board, starts_at=at_two_pm(-200), user=secretary)
    Meeting.objects.filter(pk=earlier_meeting.pk).update(status=Meeting.Status.HELD)
    earlier = services.start_minutes(meeting=Meeting.objects.get(pk=earlier_meeting.pk), user=secretary)
    earlier.attendance.create(person=jane, state=Attendance.State.IN_ATTENDANCE, capacity=C.OFFICER)
    services.submit_minutes(minutes=earlier, user=secretary)
    services.clear_minutes(minutes=earlier, user=users["reviewer"])
    services.circulate_minutes(minutes=earlier, user=secretary)
    services.approve_minutes(minutes=earlier, user=secretary, at_meeting=minutes.meeting)
    services.sign_minutes(minutes=earlier, user=users["chair"])
    earlier.refresh_from_db()
    frozen_key, frozen_pdf = earlier.initials_key, earlier.pdf_sha256
    assert ["JS", "Jane Smith, Head of Finance", jane.pk] in frozen_key

    Action.objects.create(
        board=board, reference="2026/07", raised_at=minutes, minute_item=minutes.items.get(position=4),
        text="Report the estates budget", owner=john, due_on=minutes.meeting.date + timedelta(days=30),
    )  # fmt: skip
    version = Minutes.objects.get(pk=minutes.pk).version
    services.use_longer_initials(minutes=minutes, user=secretary, initials="JS")

    assert dict(MinutesInitials.objects.filter(minutes=minutes).values_list("person__name", "initials")) == {
        "Jane Smith": "JSm",
        "John Stone": "JSt",
    }
    assert Minutes.objects.get(pk=minutes.pk).version == version + 1
    document = build_minutes(minutes, confidential=True)
    assert ("JSm", "Jane Smith, Head of Finance") in document.initials
    assert ("JSt", "John Stone, Head of Estates") in document.initials
    assert any("(JSt, by" in p.text for entry in document.items for p in entry.paragraphs)
    assert initials_clashes(minutes) == [] and minutes_problems(minutes) == []
    # The people keep their own initials; the signed minutes keep their key and their PDF.
    jane.refresh_from_db()
    assert jane.initials == "JS"
    earlier.refresh_from_db()
    assert earlier.initials_key == frozen_key and earlier.pdf_sha256 == frozen_pdf
    assert ("JS", "Jane Smith, Head of Finance") in build_minutes(earlier, confidential=True).initials


def test_the_secretary_uses_the_longer_forms_from_the_editor_after_saving_the_edits(client, minutes, two_js, secretary):
    client.force_login(secretary)
    url = reverse("minutes:staff_minutes_edit", args=[minutes.pk])
    page = client.get(url).content.decode()
    assert "Save, and use JSm for Jane Smith and JSt for John Stone" in page
    item = minutes.items.get(position=4)
    index = list(minutes.items.all()).index(item)
    data = editor_post(minutes, **{f"items-{index}-body": "PL introduced the report.\n\nJSm asked about reserves."})
    data["longer_initials"] = "JS"
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == url
    item.refresh_from_db()
    assert "JSm asked about reserves." in item.body
    assert MinutesInitials.objects.filter(minutes=minutes).count() == 2
    assert minutes_problems(minutes) == []


def test_the_longer_initials_button_on_the_minutes_page(client, minutes, two_js, secretary):
    client.force_login(secretary)
    page = client.get(minutes.get_staff_url()).content.decode()
    assert reverse("minutes:staff_minutes_longer_initials", args=[minutes.pk]) in page
    response = client.post(reverse("minutes:staff_minutes_longer_initials", args=[minutes.pk]), {"initials": "JS"})
    assert response.status_code == 302
    assert MinutesInitials.objects.filter(minutes=minutes).count() == 2
    response = client.post(
        reverse("minutes:staff_minutes_longer_initials", args=[minutes.pk]), {"initials": "JS"}, follow=True
    )
    assert "Nobody else shares the initials JS in these minutes now." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "code"),
    [("secretary", 302), ("reviewer", 403), ("author", 403), ("member", 404), ("no_role", 403), ("anonymous", 302)],
)
def test_longer_initials_url_access(client, users, minutes, two_js, role, code):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.post(reverse("minutes:staff_minutes_longer_initials", args=[minutes.pk]), {"initials": "JS"})
    assert response.status_code == code
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    assert MinutesInitials.objects.filter(minutes=minutes).exists() == (role == "secretary")


def test_longer_initials_are_refused_once_the_minutes_have_left_draft(client, users, minutes, two_js):
    Minutes.objects.filter(pk=minutes.pk).update(status=S.CLEARED)
    client.force_login(users["secretary"])
    response = client.post(reverse("minutes:staff_minutes_longer_initials", args=[minutes.pk]), {"initials": "JS"})
    assert response.status_code == 403
    with pytest.raises(services.TransitionError):
        services.use_longer_initials(minutes=minutes, user=users["secretary"], initials="JS")
    assert not MinutesInitials.objects.exists()


# 3. Initials in the text that match nobody


def set_body(minutes, position, body):
    minutes.items.filter(position=position).update(body=body)


def test_initials_in_the_text_that_match_nobody_are_shown_with_item_and_paragraph(minutes, board):
    set_body(
        minutes,
        4,
        f"PL introduced the report.\n\nQZ asked how the OPCC, the PCC and HMICFRS would see the {board.short_name} "
        "figures for V4.\n\n- QZ and XW to meet",
    )
    assert where_and_messages(minutes) == [
        (
            "Item 4, paragraph 4.2",
            "QZ matches nobody in the attendance: add the person to the attendance or correct the initials.",
        ),
        (
            "Item 4, paragraph 4.2",
            "XW matches nobody in the attendance: add the person to the attendance or correct the initials.",
        ),
    ]
    for name, initials in (("Quentin Zane", "QZ"), ("Xena Wilde", "XW")):
        minutes.attendance.create(
            person=PersonFactory(name=name, initials=initials), state=Attendance.State.IN_ATTENDANCE, capacity=C.GUEST
        )
    assert minutes_problems(minutes) == []


def test_initials_in_an_action_are_checked(minutes, member):
    Action.objects.create(
        board=minutes.meeting.board, reference="2026/01", raised_at=minutes, minute_item=minutes.items.get(position=4),
        text="Brief KT on the outturn", owner=member.person, due_on=minutes.meeting.date + timedelta(days=30),
    )  # fmt: skip
    [(where, message)] = where_and_messages(minutes)
    assert where.startswith("Item 4, paragraph 4.") and message.startswith("KT matches nobody")


def test_initials_replaced_by_a_longer_form_are_pointed_out(minutes, two_js, secretary):
    set_body(minutes, 4, "PL introduced the report. JS asked about reserves.")
    services.use_longer_initials(minutes=minutes, user=secretary, initials="JS")
    [(where, message)] = where_and_messages(minutes)
    assert where == "Item 4, paragraph 4.1"
    assert "JS matches nobody in the attendance (in these minutes Jane Smith is JSm and John Stone is JSt)" in message


def test_the_generated_text_and_the_action_log_are_not_read_as_initials(minutes, board, secretary, member):
    # An open action of an earlier meeting, owned by someone not at this one, shows in the action log.
    stranger = PersonFactory(name="Yusuf Vale", initials="YV")
    earlier = board_services.schedule_meeting(board=board, starts_at=at_two_pm(-300), user=secretary)
    Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.HELD)
    old = services.start_minutes(meeting=Meeting.objects.get(pk=earlier.pk), user=secretary)
    Action.objects.create(
        board=board, reference="2025/01", raised_at=old, text="Review the estate", owner=stranger,
        due_on=minutes.meeting.date + timedelta(days=3),
    )  # fmt: skip
    Minutes.objects.filter(pk=old.pk).update(status=S.CIRCULATED)
    document = build_minutes(minutes, confidential=True)
    assert any("YV" in p.text for entry in document.items for p in entry.paragraphs)
    assert minutes_problems(minutes) == []


# 4. Items with neither a decision nor a note that they were for information


def test_an_item_without_a_decision_or_a_note_is_a_problem_until_one_is_written(minutes, secretary):
    item = add_item(minutes, secretary, "Estates Update", "Members discussed the estate.")
    number = str(item.position)
    [(where, message)] = where_and_messages(minutes)
    assert where == f"Item {number}" and "records no decision" in message and "for information" in message
    set_body(minutes, item.position, "Members discussed the estate.\n\nThe Board agreed to sell the old station.")
    assert minutes_problems(minutes) == []


def test_an_item_for_information_says_so_on_the_page_and_in_the_pdf(minutes, secretary, client):
    item = add_item(minutes, secretary, "Estates Update", "Members discussed the estate.")
    item.for_information = True
    item.save()
    assert minutes_problems(minutes) == []
    entry = next(e for e in build_minutes(minutes, confidential=True).items if e.item.pk == item.pk)
    assert [(p.number, p.text) for p in entry.paragraphs] == [
        (f"{item.position}.1", "Members discussed the estate."),
        (f"{item.position}.2", FOR_INFORMATION),
    ]
    client.force_login(secretary)
    assert FOR_INFORMATION in client.get(minutes.get_staff_url()).content.decode()
    pdf = services.render_minutes_pdf(minutes, confidential=False)
    assert FOR_INFORMATION in " ".join(pdf_text(pdf.content).split())


def test_the_for_information_box_is_in_the_editor(client, minutes, secretary):
    item = add_item(minutes, secretary, "Estates Update", "Members discussed the estate.")
    index = list(minutes.items.all()).index(item)
    client.force_login(secretary)
    response = client.post(
        reverse("minutes:staff_minutes_edit", args=[minutes.pk]),
        editor_post(minutes, **{f"items-{index}-for_information": "on"}),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.for_information


def test_a_paper_with_recommendations_needs_recorded_decisions(minutes, secretary, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED, title="Custody Health Contract")
    item = add_item(minutes, secretary, "Custody", "The Board agreed the report.", paper=paper)
    [(where, message)] = where_and_messages(minutes)
    assert where == f"Item {item.position}"
    assert "“Custody Health Contract” makes recommendations but no decision on them is recorded" in message


def test_an_item_ticked_for_information_whose_paper_was_decided_is_a_problem(minutes):
    """The minutes would print "This item was for information." above the Board's decision."""
    decided = Decision.objects.filter(meeting=minutes.meeting).values("recommendation__paper__agenda_item")
    item = minutes.items.get(agenda_item__in=decided)
    assert minutes_problems(minutes) == []
    item.for_information = True
    item.save()
    [(where, message)] = where_and_messages(minutes)
    assert where == f"Item {item.position}" and "ticked “for information”, yet the Board's decisions" in message


def test_standard_items_need_no_decision(minutes):
    standard = minutes.items.exclude(standard="")
    assert standard.count() == 5 and not any(item.body for item in standard)
    assert minutes_problems(minutes) == []


# The clearance step


def test_clearing_is_refused_with_the_list_while_problems_remain(client, minutes, secretary, reviewer):
    item = add_item(minutes, secretary, "Estates Update", "QZ discussed the estate.")
    with pytest.raises(services.ProblemsRemain) as refused:
        services.submit_minutes(minutes=minutes, user=secretary)
    n = item.position
    assert [p.where for p in refused.value.problems] == [f"Item {n}, paragraph {n}.1", f"Item {n}"]
    assert Minutes.objects.get(pk=minutes.pk).status == S.DRAFT
    # Minutes submitted before a check found them wanting (a check added since, a register changed since):
    # the reviewer is refused too, with the same list.
    Minutes.objects.filter(pk=minutes.pk).update(status=S.SUBMITTED)
    minutes.refresh_from_db()
    with pytest.raises(services.ProblemsRemain) as refused:
        services.clear_minutes(minutes=minutes, user=reviewer)
    assert "QZ matches nobody" in str(refused.value)
    assert Minutes.objects.get(pk=minutes.pk).status == S.SUBMITTED

    client.force_login(reviewer)
    response = client.post(reverse("minutes:staff_minutes_clear", args=[minutes.pk]), follow=True)
    html = response.content.decode()
    assert "The minutes were not cleared: 2 to put right first, listed on this page." in html
    assert "Fix before these minutes can be cleared" in html
    assert "QZ matches nobody in the attendance" in html and "records no decision" in html
    assert Minutes.objects.get(pk=minutes.pk).status == S.SUBMITTED
    assert not minutes.events.filter(action="cleared").exists()


def test_a_reviewer_cannot_clear_minutes_that_were_never_submitted(client, minutes, reviewer):
    with pytest.raises(services.TransitionError, match="once the secretary has submitted them"):
        services.clear_minutes(minutes=minutes, user=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("minutes:staff_minutes", args=[minutes.pk])).content.decode()
    assert reverse("minutes:staff_minutes_clear", args=[minutes.pk]) not in page
    client.post(reverse("minutes:staff_minutes_clear", args=[minutes.pk]))
    assert Minutes.objects.get(pk=minutes.pk).status == S.DRAFT


def test_the_checks_are_shown_in_the_editor(client, minutes, secretary):
    add_item(minutes, secretary, "Estates Update", "Members discussed the estate.")
    client.force_login(secretary)
    html = client.get(reverse("minutes:staff_minutes_edit", args=[minutes.pk])).content.decode()
    assert "Fix before these minutes can be cleared" in html and "records no decision" in html


def test_the_checks_are_for_office_staff_only(client, minutes, secretary, member):
    add_item(minutes, secretary, "Estates Update", "Members discussed the estate.")
    client.force_login(member)
    assert client.get(minutes.get_staff_url()).status_code == 404
    Minutes.objects.filter(pk=minutes.pk).update(status=S.CIRCULATED)
    html = client.get(minutes.get_staff_url()).content.decode()
    assert "Estates Update" in html and "Fix before these minutes can be cleared" not in html


def test_membership_roles_in_attendance_count_as_members(minutes, board):
    adviser = PersonFactory(name="Tom Heathcote", initials="TH")
    MembershipFactory(person=adviser, board=board, role=Membership.Role.IN_ATTENDANCE)
    minutes.attendance.create(person=adviser, state=Attendance.State.IN_ATTENDANCE)
    assert minutes_problems(minutes) == []


@pytest.mark.parametrize(
    "decision",
    ["The Group noted the report.", "The Working Group noted the report.", "The Group AGREED the recommendations."],
)
def test_a_working_group_records_its_decisions_in_its_own_name(minutes, secretary, decision):
    add_item(minutes, secretary, "Estates Update", f"Members discussed the estate.\n\n{decision}")
    assert minutes_problems(minutes) == []


def test_words_written_in_capitals_are_not_read_as_initials(minutes, secretary):
    add_item(
        minutes,
        secretary,
        "Budget Update",
        "NB the ICT and HR budgets are NOT final. ACTION: ALL to review. The Board noted the report.",
    )
    assert [m for _, m in where_and_messages(minutes) if "matches nobody" in m] == []
    add_item(minutes, secretary, "Estates Update", "QZ reported. The Board noted the report.")
    assert [m for _, m in where_and_messages(minutes) if "matches nobody" in m] == [
        "QZ matches nobody in the attendance: add the person to the attendance or correct the initials."
    ]
