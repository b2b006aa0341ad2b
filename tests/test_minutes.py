"""Minutes: prefilled from the meeting, attendance rules, numbering, lifecycle, frozen PDF, public visibility."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.models import Meeting, Membership, Paper
from minutes import services
from minutes.document import build_minutes
from minutes.models import Action, Attendance, Minutes
from pcp_portal.pdf import pdf_text
from pcp_portal.roles import Role

from .conftest import at_two_pm
from .factories import MembershipFactory, PersonFactory

S = Minutes.Status


def held(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD, starts_at=meeting.starts_at - timedelta(days=80)
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def held_meeting(meeting, secretary, chair, member, make_paper, board):
    """A held meeting with a paper whose decisions are recorded, an adviser in attendance and a next meeting."""
    adviser = PersonFactory(name="Tom Heathcote", initials="TH")
    MembershipFactory(person=adviser, board=board, role=Membership.Role.IN_ATTENDANCE)
    presenter = PersonFactory(name="Priya Lindqvist", initials="PL")
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    item = board_services.add_agenda_item(
        meeting=meeting, user=secretary, title="Provisional Outturn", paper=paper, presenter=presenter
    )
    held(meeting)
    for rec in paper.recommendations.all():
        decision = board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")
        board_services.confirm_decision(decision=decision, user=chair)
    board_services.schedule_meeting(board=board, starts_at=at_two_pm(60), user=secretary, location="Room 2")
    item.refresh_from_db()
    return meeting


@pytest.fixture
def minutes(held_meeting, secretary):
    return services.start_minutes(meeting=held_meeting, user=secretary)


def test_minutes_start_from_the_meeting(minutes, member, chair):
    states = {a.person.initials: a.state for a in minutes.attendance.select_related("person")}
    assert states["TH"] == Attendance.State.IN_ATTENDANCE
    assert states[member.person.initials] == Attendance.State.MEMBER
    assert states[chair.person.initials] == Attendance.State.MEMBER
    assert [(i.position, i.title) for i in minutes.items.all()][3] == (4, "Provisional Outturn")
    assert minutes.items.get(position=4).body == "PL introduced the report."
    assert minutes.next_meeting.startswith("The next meeting will be held on")
    assert "Room 2" in minutes.next_meeting


def test_decisions_and_standard_texts_are_written_in_and_paragraphs_numbered(minutes):
    minutes.attendance.filter(person__initials="TH").update(state=Attendance.State.APOLOGIES)
    document = build_minutes(minutes, confidential=True)
    items = {entry.number: entry for entry in document.items}
    assert [(p.number, p.text) for p in items["1"].paragraphs] == [
        ("1.1", "Apologies were received from Tom Heathcote.")
    ]
    assert items["2"].paragraphs[0].text == "There were no declarations of interest."
    outturn = [(p.number, p.text) for p in items["4"].paragraphs]
    assert outturn == [
        ("4.1", "PL introduced the report."),
        ("4.2", "The Board noted the progress made against the Victims theme."),
        ("4.3", "The Board noted the revised wording of priority action V4."),
    ]
    assert ("PL", "Priya Lindqvist, Head of Policy") in document.initials


def test_only_one_set_of_minutes_per_held_meeting(minutes, held_meeting, secretary, meeting):
    with pytest.raises(services.TransitionError, match="already has minutes"):
        services.start_minutes(meeting=held_meeting, user=secretary)


def test_minutes_wait_for_the_meeting_to_be_held(board, secretary):
    upcoming = board_services.schedule_meeting(board=board, starts_at=at_two_pm(10), user=secretary)
    with pytest.raises(services.TransitionError, match="held"):
        services.start_minutes(meeting=upcoming, user=secretary)


def test_a_person_who_gave_apologies_cannot_introduce_a_report(minutes, secretary):
    minutes.attendance.filter(person__initials="TH").update(state=Attendance.State.APOLOGIES)
    minutes.items.filter(position=4).update(introduced_by=minutes.attendance.get(person__initials="TH").person)
    with pytest.raises(services.TransitionError, match="cannot introduce the report"):
        services.submit_minutes(minutes=minutes, user=secretary)
    minutes.refresh_from_db()
    assert minutes.status == S.DRAFT


def editor_post(minutes, **changes):
    """The editor's form as the browser sends it back."""
    data = {"next_meeting": minutes.next_meeting, "expected_version": str(minutes.version)}
    rows = {
        "attendance": [
            (a.pk, {"person": a.person_id, "state": a.state, "capacity": a.capacity}) for a in minutes.attendance.all()
        ],
        "items": [
            (
                i.pk,
                {
                    "introduced_by": i.introduced_by_id or "",
                    "body": i.body,
                    **({"for_information": "on"} if i.for_information else {}),
                },
            )
            for i in minutes.items.all()
        ],
        "declarations": [],
        "actions": [],
    }
    for prefix, existing in rows.items():
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(existing)),
                f"{prefix}-INITIAL_FORMS": str(len(existing)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, (pk, fields) in enumerate(existing):
            data[f"{prefix}-{index}-id"] = str(pk)
            data[f"{prefix}-{index}-minutes"] = str(minutes.pk)
            for name, value in fields.items():
                data[f"{prefix}-{index}-{name}"] = str(value)
    data.update(changes)
    return data


def test_the_same_person_cannot_have_two_attendance_states(client, minutes, secretary):
    first = minutes.attendance.first()
    data = editor_post(minutes)
    n = int(data["attendance-TOTAL_FORMS"])
    data.update(
        {
            "attendance-TOTAL_FORMS": str(n + 1),
            f"attendance-{n}-person": str(first.person_id),
            f"attendance-{n}-state": "apologies",
        }
    )
    client.force_login(secretary)
    response = client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), data)
    assert response.status_code == 200
    assert "one attendance state per meeting" in response.content.decode()
    assert minutes.attendance.filter(person=first.person).count() == 1


def test_an_action_needs_an_owner_and_a_due_date_and_gets_a_reference(client, minutes, secretary):
    data = editor_post(
        minutes,
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-text": "Report back on custody",
            "actions-0-owner": "",
            "actions-0-due_on": "",
            "actions-0-minute_item": "",
        },
    )
    client.force_login(secretary)
    response = client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), data)
    html = response.content.decode()
    assert "Every action needs an owner." in html and "Every action needs a due date." in html
    assert "Report back on custody" in html
    assert not Action.objects.exists()
    assert "Choose the item under which the action was agreed." in html
    owner = minutes.attendance.first().person
    item = minutes.items.get(position=4)
    data.update(
        {"actions-0-owner": str(owner.pk), "actions-0-due_on": "2030-01-31", "actions-0-minute_item": str(item.pk)}
    )
    assert client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), data).status_code == 302
    action = Action.objects.get()
    assert action.reference == f"{minutes.meeting.date.year}/01" and action.board == minutes.meeting.board


def test_an_action_cannot_fall_due_before_the_meeting_that_agreed_it(client, minutes, secretary):
    """A mistyped year (1900 for 2026) is refused beside the field, keeping what was typed; the meeting's own day
    is accepted, and a date saved before is left be when other fields change."""
    day = minutes.meeting.date
    data = editor_post(
        minutes,
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-text": "Report back on custody",
            "actions-0-owner": str(minutes.attendance.first().person_id),
            "actions-0-due_on": day.replace(year=1900).isoformat(),
            "actions-0-minute_item": str(minutes.items.get(position=4).pk),
        },
    )
    url = reverse("minutes:staff_minutes_edit", args=[minutes.pk])
    client.force_login(secretary)
    html = client.post(url, data).content.decode()
    assert f"agreed at the meeting of {day:%-d %B %Y}, so it cannot be due before then" in html
    assert "Report back on custody" in html and not Action.objects.exists()
    data["actions-0-due_on"] = (day - timedelta(days=1)).isoformat()  # the day before: still refused
    assert "so it cannot be due before then" in client.post(url, data).content.decode()
    assert not Action.objects.exists()
    data["actions-0-due_on"] = day.isoformat()
    assert client.post(url, data).status_code == 302
    action = Action.objects.get()
    earlier = day - timedelta(days=3)
    Action.objects.filter(pk=action.pk).update(due_on=earlier)  # as saved before the rule
    minutes.refresh_from_db()
    data = editor_post(
        minutes,
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "1",
            "actions-0-id": str(action.pk),
            "actions-0-raised_at": str(minutes.pk),
            "actions-0-reference": action.reference,
            "actions-0-text": "Report back on custody, with figures",
            "actions-0-owner": str(action.owner_id),
            "actions-0-due_on": earlier.isoformat(),
            "actions-0-minute_item": str(action.minute_item_id),
        },
    )
    assert client.post(url, data).status_code == 302
    assert Action.objects.get().text == "Report back on custody, with figures"


def test_an_introducer_who_gave_apologies_is_refused_beside_the_field(client, minutes, secretary):
    th = minutes.attendance.get(person__initials="TH")
    data = editor_post(minutes)
    index = [k for k, v in data.items() if k.startswith("attendance-") and k.endswith("-id") and v == str(th.pk)][0]
    data[index.replace("-id", "-state")] = "apologies"
    item_index = [i for i, item in enumerate(minutes.items.all()) if item.position == 4][0]
    data[f"items-{item_index}-introduced_by"] = str(th.person_id)
    client.force_login(secretary)
    response = client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), data)
    assert response.status_code == 200
    assert "is recorded as not present, so cannot introduce the report" in response.content.decode()


def cycle(minutes, users, next_meeting, *, to=S.PUBLISHED):
    services.submit_minutes(minutes=minutes, user=users["secretary"])
    if to == S.SUBMITTED:
        return minutes
    services.clear_minutes(minutes=minutes, user=users["reviewer"])
    if to == S.CLEARED:
        return minutes
    services.circulate_minutes(minutes=minutes, user=users["secretary"])
    if to == S.CIRCULATED:
        return minutes
    services.approve_minutes(minutes=minutes, user=users["secretary"], at_meeting=next_meeting)
    if to == S.APPROVED:
        return minutes
    services.sign_minutes(minutes=minutes, user=users["chair"])
    if to == S.SIGNED:
        return minutes
    services.publish_minutes(minutes=minutes, user=users["secretary"])
    return minutes


@pytest.fixture
def next_meeting(held_meeting):
    """The following meeting, which has since been held: minutes are approved at a meeting that took place."""
    following = Meeting.objects.filter(board=held_meeting.board, starts_at__gt=held_meeting.starts_at).first()
    Meeting.objects.filter(pk=following.pk).update(
        status=Meeting.Status.HELD, starts_at=held_meeting.starts_at + timedelta(days=30)
    )
    following.refresh_from_db()
    return following


def test_the_whole_lifecycle_is_recorded_step_by_step(minutes, users, next_meeting):
    cycle(minutes, users, next_meeting)
    minutes.refresh_from_db()
    assert minutes.status == S.PUBLISHED
    assert list(minutes.events.values_list("action", "actor__username")) == [
        ("started", "secretary"),
        ("submitted", "secretary"),
        ("cleared", "reviewer"),
        ("circulated", "secretary"),
        ("approved", "secretary"),
        ("signed", "chair"),
        ("published", "secretary"),
    ]
    assert minutes.signed_by == users["chair"].person and minutes.approved_at == next_meeting


@pytest.mark.parametrize(
    ("step", "role"),
    [
        ("clear", "secretary"),
        ("clear", "author"),
        ("circulate", "reviewer"),
        ("approve", "chair"),
        ("sign", "secretary"),
        ("sign", "member"),
        ("sign", "outside_member"),
        ("publish", "chair"),
    ],
)
def test_each_step_is_refused_to_the_wrong_role(minutes, users, next_meeting, step, role):
    before = {
        "clear": S.SUBMITTED,
        "circulate": S.CLEARED,
        "approve": S.CIRCULATED,
        "sign": S.APPROVED,
        "publish": S.SIGNED,
    }[step]
    if before != S.DRAFT:
        cycle(minutes, users, next_meeting, to=before)
    call = {
        "clear": lambda u: services.clear_minutes(minutes=minutes, user=u),
        "circulate": lambda u: services.circulate_minutes(minutes=minutes, user=u),
        "approve": lambda u: services.approve_minutes(minutes=minutes, user=u, at_meeting=next_meeting),
        "sign": lambda u: services.sign_minutes(minutes=minutes, user=u),
        "publish": lambda u: services.publish_minutes(minutes=minutes, user=u),
    }[step]
    with pytest.raises(services.TransitionError):
        call(users[role])
    minutes.refresh_from_db()
    assert minutes.status == before


def test_approval_at_a_meeting_of_another_board_is_refused(minutes, users, secretary, other_board):
    cycle(minutes, users, None, to=S.CIRCULATED)
    elsewhere = board_services.schedule_meeting(board=other_board, starts_at=at_two_pm(30), user=secretary)
    with pytest.raises(services.TransitionError, match="same board"):
        services.approve_minutes(minutes=minutes, user=secretary, at_meeting=elsewhere)
    minutes.refresh_from_db()
    assert minutes.status == S.CIRCULATED


def test_a_chair_who_gave_apologies_cannot_sign(minutes, users, next_meeting, chair):
    cycle(minutes, users, next_meeting, to=S.APPROVED)
    minutes.attendance.filter(person=chair.person).update(state=Attendance.State.APOLOGIES)
    with pytest.raises(services.TransitionError, match="apologies"):
        services.sign_minutes(minutes=minutes, user=chair)


def test_minutes_whose_chair_gave_apologies_are_not_approved(minutes, users, next_meeting, chair, secretary):
    """Approval fixes who chaired: minutes approved with a chair who cannot sign would never be signed."""
    minutes.attendance.filter(person=chair.person).update(state=Attendance.State.APOLOGIES)
    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    with pytest.raises(services.TransitionError, match="apologies"):
        services.approve_minutes(minutes=minutes, user=secretary, at_meeting=next_meeting)
    assert Minutes.objects.get(pk=minutes.pk).status == S.CIRCULATED


@pytest.mark.parametrize(
    "login, why",
    [
        ("none", "but has none"),
        ("reviewer", "but it has neither the Board member nor the Chair role"),
        ("inactive", "but it is deactivated"),
        ("former member", "is no longer a member of the"),
    ],
)
def test_minutes_whose_chair_has_no_login_that_signs_are_not_approved(
    client, minutes, users, next_meeting, chair, secretary, login, why
):
    """The chair signs with their own login, as a current board member or chair: without one the minutes would
    be approved and then never signed. The minutes' page says so before approval, and approval is refused."""
    person = chair.person
    if login == "none":
        person.user = None
        person.save()
    elif login == "reviewer":
        chair.groups.set([Group.objects.get(name=Role.REVIEWER.label)])
    elif login == "inactive":
        chair.is_active = False
        chair.save()
    else:  # their membership ended yesterday: from today they open none of the board's minutes
        Membership.objects.filter(person=person).update(ends_on=timezone.localdate() - timedelta(days=1))
    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    client.force_login(secretary)
    page = client.get(reverse("minutes:staff_minutes", args=[minutes.pk])).content.decode()
    assert f"{person} chaired the meeting" in page and why in page
    with pytest.raises(services.TransitionError, match=why):
        services.approve_minutes(minutes=minutes, user=secretary, at_meeting=next_meeting)
    assert Minutes.objects.get(pk=minutes.pk).status == S.CIRCULATED


def test_the_approving_meeting_minutes_record_the_approval(minutes, users, next_meeting, secretary):
    cycle(minutes, users, next_meeting)
    Meeting.objects.filter(pk=next_meeting.pk).update(status=Meeting.Status.HELD)
    later = services.start_minutes(meeting=Meeting.objects.get(pk=next_meeting.pk), user=secretary)
    document = build_minutes(later, confidential=False)
    standard = next(entry for entry in document.items if entry.item.standard == "minutes")
    assert standard.paragraphs[0].text.startswith(
        f"The Board approved the minutes of the meeting held on {minutes.meeting.date:%-d %B %Y} as a correct record"
    )


def test_signed_minutes_are_frozen_and_their_pdf_never_changes(client, minutes, users, next_meeting, secretary):
    cycle(minutes, users, next_meeting)
    minutes.refresh_from_db()
    original = minutes.pdf.open("rb").read()
    client.force_login(secretary)
    assert client.get(reverse("minutes:staff_minutes_edit", args=[minutes.pk])).status_code == 403
    # Later edits elsewhere (a person's post, the next meeting's minutes) leave the bytes alone.
    users["chair"].person.post_title = "Commissioner (re-elected)"
    users["chair"].person.save()
    services.add_correction(minutes=minutes, user=secretary, text="Item 4.2 should read 'noted'.")
    minutes.refresh_from_db()
    assert minutes.pdf.open("rb").read() == original
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert "Item 4.2 should read" in page


def test_the_pdf_has_the_house_style(minutes, users, next_meeting, chair):
    minutes.attendance.filter(person__initials="TH").update(state=Attendance.State.APOLOGIES)
    cycle(minutes, users, next_meeting)
    minutes.refresh_from_db()
    text = re.sub(r"\s+", " ", pdf_text(minutes.pdf.open("rb").read()))
    assert re.search(r"^OFFICIAL$", pdf_text(minutes.pdf.open("rb").read()), re.MULTILINE)
    assert "APPROVED MINUTES" in text and "Page 1 of" in text
    meeting = minutes.meeting
    foot = f"{meeting.board.name} {meeting.date:%-d %B %Y} Page 1 of"
    assert foot in text  # the board and date at the foot, beside the page number
    assert "Members:" in text and chair.person.name in text
    assert "1.1 Apologies were received from Tom Heathcote." in text
    assert "4.2 The Board noted the progress made against the Victims theme." in text
    assert f"Signed: {chair.person.name} (Chair)" in text
    assert "Key to initials" in text and "PL Priya Lindqvist, Head of Policy" in text


def test_circulated_minutes_say_draft_on_every_page(minutes, users, next_meeting):
    from io import BytesIO

    from pypdf import PdfReader

    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    content = services.render_minutes_pdf(minutes, confidential=True).content
    for page in PdfReader(BytesIO(content)).pages:
        assert "DRAFT – NOT YET APPROVED" in page.extract_text()


@pytest.mark.parametrize("status", [S.DRAFT, S.CLEARED, S.CIRCULATED, S.APPROVED, S.SIGNED])
def test_unpublished_minutes_answer_404_to_the_public(client, minutes, users, next_meeting, status):
    if status != S.DRAFT:
        cycle(minutes, users, next_meeting, to=status)
    assert client.get(minutes.get_absolute_url()).status_code == 404
    assert (
        client.get(
            reverse("minutes:public_minutes_pdf", args=[minutes.meeting.board.slug, minutes.meeting.slug])
        ).status_code
        == 404
    )
    assert minutes.get_absolute_url() not in client.get(minutes.meeting.get_absolute_url()).content.decode()


def test_published_minutes_are_reached_from_the_meeting_page_and_the_board(client, minutes, users, next_meeting):
    cycle(minutes, users, next_meeting)
    meeting_page = client.get(minutes.meeting.get_absolute_url()).content.decode()
    assert minutes.get_absolute_url() in meeting_page
    board_list = client.get(reverse("minutes:board_minutes", args=[minutes.meeting.board.slug])).content.decode()
    assert minutes.get_absolute_url() in board_list
    assert client.get(minutes.get_absolute_url()).status_code == 200


def test_exempt_items_are_minuted_in_private_and_the_public_sees_title_and_category(
    held_meeting, secretary, users, next_meeting
):
    from boards.models import AgendaItem

    AgendaItem.objects.create(
        meeting=held_meeting, position=20, title="Estates Disposal", part="exempt", exemption_category="3"
    )
    minutes = services.start_minutes(meeting=held_meeting, user=secretary)
    minutes.items.filter(title="Estates Disposal").update(body="The Board agreed the offer from Bidder B.")
    public = build_minutes(minutes, confidential=False)
    private = build_minutes(minutes, confidential=True)
    public_estates = next(e for e in public.items if e.title == "Estates Disposal")
    assert "exempt information, 3. Information relating to the financial" in public_estates.exempt_note
    assert public_estates.paragraphs == []
    assert "Bidder B" in next(e for e in private.items if e.title == "Estates Disposal").paragraphs[0].text
    cycle(minutes, users, next_meeting)
    minutes.refresh_from_db()
    assert "Bidder B" not in pdf_text(minutes.pdf.open("rb").read())


def test_the_public_pdf_frozen_at_signing_carries_the_public_actions_and_declarations(
    held_meeting, secretary, users, next_meeting
):
    """The chair's signature renders the public PDF before the secretary publishes the minutes: it must carry
    the actions agreed and the interests declared under public items already, and nothing of an exempt one."""
    from boards.models import AgendaItem
    from minutes.models import Declaration

    AgendaItem.objects.create(
        meeting=held_meeting, position=20, title="Estates Disposal", part="exempt", exemption_category="3"
    )
    minutes = services.start_minutes(meeting=held_meeting, user=secretary)
    minutes.items.filter(title="Estates Disposal").update(body="The Board agreed the offer from Bidder B.")
    public_item, exempt_item = minutes.items.get(position=4), minutes.items.get(title="Estates Disposal")
    owner = users["member"].person
    for item, reference, text in ((public_item, "2026/11", "Zqagreed"), (exempt_item, "2026/12", "Zqprivate")):
        Action.objects.create(
            board=held_meeting.board,
            reference=reference,
            raised_at=minutes,
            minute_item=item,
            text=f"{text} write to the contractor",
            owner=owner,
            due_on=timezone.localdate() + timedelta(days=30),
        )
    Declaration.objects.create(minutes=minutes, person=owner, item=public_item, nature="Zqdeclared a family link")
    Declaration.objects.create(minutes=minutes, person=owner, item=exempt_item, nature="Zqhidden a shareholding")
    cycle(minutes, users, next_meeting, to=S.SIGNED)
    minutes.refresh_from_db()
    signed = pdf_text(minutes.pdf.open("rb").read())
    assert "Zqagreed" in signed and "Zqdeclared" in signed
    assert "Zqprivate" not in signed and "Zqhidden" not in signed
    # Published, the page says what the frozen PDF says.
    services.publish_minutes(minutes=minutes, user=users["secretary"])
    page = build_minutes(minutes, confidential=False)
    assert [a.text[:8] for item in page.items for a in item.actions] == ["Zqagreed"]

    # Minutes signed before the fix have a public PDF without them: the command renders it again, once.
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    minutes.pdf.save("stale.pdf", ContentFile(b"a PDF rendered without them"), save=False)
    Minutes.objects.filter(pk=minutes.pk).update(pdf=minutes.pdf.name, pdf_sha256="stale")
    out = io.StringIO()
    call_command("refresh_minutes_pdfs", stdout=out)
    minutes.refresh_from_db()
    assert minutes.pdf_sha256 != "stale" and "Zqagreed" in pdf_text(minutes.pdf.open("rb").read())
    assert "1 public PDF(s) rendered again" in out.getvalue()
    call_command("refresh_minutes_pdfs", stdout=(out := io.StringIO()))
    assert "0 public PDF(s) rendered again" in out.getvalue()


def test_open_actions_carry_forward_across_three_meetings_until_closed(board, secretary, users):
    meetings = [
        board_services.schedule_meeting(board=board, starts_at=at_two_pm(-90 + 30 * n), user=secretary)
        for n in range(3)
    ]
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(status=Meeting.Status.HELD)
    first = services.start_minutes(meeting=Meeting.objects.get(pk=meetings[0].pk), user=secretary)
    owner = PersonFactory(name="Dana Greaves", initials="DG")
    a1 = Action.objects.create(
        board=board,
        reference="2026/01",
        raised_at=first,
        text="Review custody",
        owner=owner,
        due_on=timezone.localdate() - timedelta(days=5),
    )
    a2 = Action.objects.create(
        board=board,
        reference="2026/02",
        raised_at=first,
        text="Publish data",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=50),
    )
    second = services.start_minutes(meeting=Meeting.objects.get(pk=meetings[1].pk), user=secretary)
    # Members read the action log once the minutes that raised the actions have been circulated to them.
    assert build_minutes(second, confidential=True).action_log == []
    Minutes.objects.filter(pk=first.pk).update(status=Minutes.Status.CIRCULATED)
    document = build_minutes(second, confidential=True)
    assert [a.reference for a in document.action_log] == ["2026/01", "2026/02"]
    # The log names its owners by their initials, and the key to initials says who they are.
    assert ("DG", "Dana Greaves, Head of Policy") in document.initials
    assert ("DG", "Dana Greaves, Head of Policy") not in build_minutes(second, confidential=False).initials
    assert a1.is_overdue and not a2.is_overdue

    services.update_action(action=a2, user=secretary, status="done", note="Published.")
    third = services.start_minutes(meeting=Meeting.objects.get(pk=meetings[2].pk), user=secretary)
    log = build_minutes(third, confidential=True).action_log
    # Closed after the third meeting began, so that meeting still considered it; the open one carries on.
    assert {a.reference: a.status for a in log} == {"2026/01": "open", "2026/02": "done"}
    fourth = board_services.schedule_meeting(board=board, starts_at=at_two_pm(20), user=secretary)
    Meeting.objects.filter(pk=fourth.pk).update(status=Meeting.Status.HELD)
    later = services.start_minutes(meeting=Meeting.objects.get(pk=fourth.pk), user=secretary)
    assert [a.reference for a in build_minutes(later, confidential=True).action_log] == ["2026/01"]


def test_a_person_sees_the_actions_they_own_across_boards(client, users, minutes, other_board, secretary):
    member = users["member"]
    Action.objects.create(
        board=minutes.meeting.board,
        reference="2026/07",
        raised_at=minutes,
        text="Brief the panel",
        owner=member.person,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(member)
    html = client.get(reverse("minutes:staff_actions")).content.decode()
    assert "Brief the panel" in html and "Overdue" in html


def test_a_save_over_newer_minutes_is_refused_and_keeps_the_text(client, minutes, secretary):
    stale = editor_post(minutes, next_meeting="My stale text about the next meeting.")
    client.force_login(secretary)
    fresh = editor_post(minutes, next_meeting="The newer text.")
    assert client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), fresh).status_code == 302
    response = client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved" in html and "My stale text about the next meeting." in html
    minutes.refresh_from_db()
    assert minutes.next_meeting == "The newer text."


def test_the_public_meeting_and_minutes_pages_run_a_constant_number_of_queries(
    client, held_meeting, secretary, users, next_meeting, make_paper
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    minutes = services.start_minutes(meeting=held_meeting, user=secretary)
    cycle(minutes, users, next_meeting)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [held_meeting.get_absolute_url(), minutes.get_absolute_url()]
    from boards.models import AgendaItem, Person
    from minutes.models import Attendance, Declaration, MinuteItem

    def add(n):
        """An item with a declaration, a guest in attendance and an action."""
        item = AgendaItem.objects.create(meeting=held_meeting, position=30 + n, title=f"Extra {n}")
        extra = MinuteItem.objects.create(
            minutes=minutes, agenda_item=item, position=30 + n, title=f"Extra {n}", body="Text."
        )
        guest = Person.objects.create(name=f"Guest Number{n}", initials=f"G{n}", post_title="Adviser")
        Attendance.objects.create(minutes=minutes, person=guest, state="in_attendance", capacity="guest")
        Declaration.objects.create(minutes=minutes, person=guest, item=extra, nature=f"Zqdeclared {n}")
        Action.objects.create(
            board=held_meeting.board,
            reference=f"2026/{n + 10}",
            raised_at=minutes,
            minute_item=minutes.items.get(position=4),
            text=f"Zqmore {n}",
            owner=guest,
            due_on=timezone.localdate(),
        )

    add(0)
    small = [count(url) for url in urls]
    for n in range(1, 6):
        add(n)
    assert [count(url) for url in urls] == small
    # The public version reads only the columns it shows (`minutes.document.READINGS`), and shows them all.
    page = client.get(minutes.get_absolute_url()).content.decode()
    for n in range(6):
        assert f"G{n} declared an interest in item {30 + n} (Extra {n}): Zqdeclared {n}." in page
        assert f"Action 2026/{n + 10}: Zqmore {n} (G{n}, by {timezone.localdate():%-d %B %Y})." in page
        assert f'<li><span class="name">Guest Number{n}</span> <span class="post"></span></li>' in page  # signed before


def test_minute_paragraphs_take_the_body_syntax_in_the_page_and_the_pdf(minutes):
    minutes.items.filter(position=4).update(
        body="PL introduced the report. The Board **asked** about:\n"
        "(a) the vacancy factor;\n(b) overtime.\n\n"
        "| Area | Variance |\n|---|--:|\n| **Staff** | -0.3 |\n| **Estates** | 0.1 |\n\n"
        "<script>alert(1)</script>"
    )
    document = build_minutes(minutes, confidential=True)
    outturn = {entry.number: entry for entry in document.items}["4"]
    first, second = outturn.paragraphs[:2]
    assert first.number == "4.1" and '<ol type="a" class="list-parens para-cont">' in first.html
    assert "<strong>asked</strong>" in first.html
    assert '<th scope="row">Staff</th>' in first.html and '<td class="text-end">-0.3</td>' in first.html
    assert second.number == "4.2" and "&lt;script&gt;" in second.html
    # Decisions follow the author's paragraphs.
    assert outturn.paragraphs[2].text == "The Board noted the progress made against the Victims theme."
    text = pdf_text(services.render_minutes_pdf(minutes, confidential=True).content)
    assert "(a)" in text and "the vacancy factor;" in text and "Staff -0.3" in text


def test_a_minute_table_keeps_its_caption_in_the_pdf(minutes):
    minutes.items.filter(position=4).update(
        body="PL introduced the report.\n\nTable: Response times (minutes)\n| Area | Median |\n|---|--:|\n| North | 9 |"
    )
    content = services.render_minutes_pdf(minutes, confidential=True).content
    assert "Response times (minutes)" in " ".join(pdf_text(content).split())


def test_the_minutes_editor_reads_the_same_number_of_queries_however_many_rows_it_shows(client, minutes, secretary):
    """Every row's selects share one reading of the people, items and register entries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minutes.models import Declaration

    client.force_login(secretary)
    url = reverse("minutes:staff_minutes_edit", args=[minutes.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    item = minutes.items.first()
    declarant = PersonFactory(name="First Declarant", initials="FD")
    in_attendance = Attendance.State.IN_ATTENDANCE
    Attendance.objects.create(minutes=minutes, person=declarant, state=in_attendance, capacity="guest")
    Declaration.objects.create(minutes=minutes, person=declarant, item=item, nature="A first interest")
    before = queries()
    for n in range(6):
        person = PersonFactory(name=f"Guest Number{n}", initials=f"GN{n}")
        Attendance.objects.create(minutes=minutes, person=person, state=in_attendance, capacity="guest")
        Declaration.objects.create(minutes=minutes, person=person, item=item, nature=f"Interest {n}")
        Action.objects.create(
            board=minutes.meeting.board,
            reference=f"2025/{n + 50}",
            raised_at=minutes,
            minute_item=item,
            text=f"Action {n}",
            owner=person,
            due_on=timezone.localdate(),
        )
    assert queries() == before


def test_the_minutes_workspace_page_reads_the_minutes_once_for_the_page_and_its_checks(client, minutes, secretary):
    """The checks beside a draft run on the document the page shows, not on a second reading of it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretary)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("minutes:staff_minutes", args=[minutes.pk]))
    assert response.status_code == 200
    assert minutes.status == minutes.Status.DRAFT  # so the page shows the checks
    items_read = [query for query in captured.captured_queries if 'FROM "minutes_minuteitem"' in query["sql"]]
    assert len(items_read) == 1


def test_the_minutes_editor_reads_each_kind_of_row_once_for_its_forms_and_its_checks(client, minutes, secretary):
    """The checks beside the editor run on the rows its formsets read (`build_minutes(..., lent=)`), and the item
    selects of the declarations and actions offer the items the items' formset read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minutes.models import Declaration

    item = minutes.items.first()
    declarant = PersonFactory(name="First Declarant", initials="FD")
    Attendance.objects.create(minutes=minutes, person=declarant, state=Attendance.State.APOLOGIES, capacity="guest")
    Declaration.objects.create(minutes=minutes, person=declarant, item=item, nature="A first interest")
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("minutes:staff_minutes_edit", args=[minutes.pk]))
    assert response.status_code == 200
    # The checks still see the rows: the declarant sent apologies, so cannot declare an interest.
    assert "First Declarant is recorded as not present and cannot declare an interest" in response.content.decode()
    for table in ("minutes_attendance", "minutes_minuteitem", "minutes_declaration", "auth_group"):
        reads = [query for query in captured.captured_queries if f'FROM "{table}"' in query["sql"]]
        assert len(reads) == 1, table


def test_the_public_minutes_read_declarations_without_the_register_entries_only_the_checks_use(minutes):
    """The confidential version reads each declaration's register entry for the checks; the public version
    shows no such thing, so it does not join the entry and its register."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minutes.models import Declaration

    declarant = PersonFactory(name="Public Declarant", initials="PD")
    Declaration.objects.create(minutes=minutes, person=declarant, item=minutes.items.first(), nature="An interest")
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.PUBLISHED)
    minutes.refresh_from_db()
    for confidential, joined in ((True, True), (False, False)):
        with CaptureQueriesContext(connection) as captured:
            document = build_minutes(minutes, confidential=confidential)
        assert [d.person.name for d in document.declarations] == ["Public Declarant"]
        read = next(q["sql"] for q in captured.captured_queries if 'FROM "minutes_declaration"' in q["sql"])
        assert ('"transparency_interestregister"' in read) is joined


def test_only_the_confidential_minutes_take_rows_lent_by_an_editor(minutes):
    """Rows lent by an editor were read without the visibility layer, so the public version refuses them."""
    lent = {"actions": list(minutes.actions.all())}
    with pytest.raises(ValueError, match="visibility layer"):
        build_minutes(minutes, confidential=False, lent=lent)


def test_the_editors_attendance_rows_stay_in_name_order_when_a_state_changes(client, minutes, secretary):
    """The rows are listed by name, not grouped by state: recording someone's apologies does not move their row
    (the document still groups them by state)."""
    import re

    def listed():
        html = client.get(reverse("minutes:staff_minutes_edit", args=[minutes.pk])).content.decode()
        chosen = re.findall(r'name="attendance-(\d+)-person"[^>]*>.*?<option value="(\d+)" selected', html, re.S)
        return [int(person) for _, person in sorted(chosen, key=lambda pair: int(pair[0]))]

    client.force_login(secretary)
    rows = list(minutes.attendance.select_related("person"))
    assert len(rows) >= 3
    by_name = [a.person_id for a in sorted(rows, key=lambda a: (a.person.name, a.pk))]
    assert listed() == by_name
    # The last member by name: grouped by state, their apologies would have moved them up the list.
    moved = [a for a in sorted(rows, key=lambda a: (a.person.name, a.pk)) if a.state == Attendance.State.MEMBER][-1]
    minutes.refresh_from_db()
    data = editor_post(minutes)
    index = next(i for i in range(len(rows)) if data[f"attendance-{i}-id"] == str(moved.pk))
    data[f"attendance-{index}-state"] = Attendance.State.APOLOGIES
    response = client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert minutes.attendance.get(pk=moved.pk).state == Attendance.State.APOLOGIES
    assert listed() == by_name
    document = build_minutes(minutes, confidential=True)
    assert moved.person_id not in [line.person.pk for line in document.members]
    assert [line.person.name for line in document.members] == sorted(line.person.name for line in document.members)


def test_the_editor_of_minutes_past_drafting_tells_the_secretary_why_and_not_to_ask_themselves(
    client, minutes, users, next_meeting, secretary, member
):
    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    url = reverse("minutes:staff_minutes_edit", args=[minutes.pk])
    client.force_login(secretary)
    refused = client.get(url)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Minutes are edited only as a draft; these are now “Circulated to members (draft)”." in page
    assert "ask the board secretary" not in page
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "You do not have permission to do this. If you think you should, ask the board secretary." in page
    assert "Circulated" not in page


def test_a_second_tab_approving_or_signing_again_is_told_it_is_done(
    client, minutes, users, next_meeting, secretary, chair
):
    cycle(minutes, users, next_meeting, to=S.SIGNED)
    client.force_login(secretary)
    data = {"how": "meeting", "at_meeting": next_meeting.pk}
    page = client.post(reverse("minutes:staff_minutes_approve", args=[minutes.pk]), data, follow=True)
    assert "These minutes are already approved as a correct record." in page.content.decode()
    with pytest.raises(services.TransitionError, match="already signed"):
        services.sign_minutes(minutes=minutes, user=chair)


def test_a_renamed_boards_minutes_are_found_and_titled_under_its_new_name(
    client, minutes, users, next_meeting, board, django_capture_on_commit_callbacks
):
    from pcp_portal.models import SearchDocument

    with django_capture_on_commit_callbacks(execute=True):
        cycle(minutes, users, next_meeting)
    key = f"minutes:{minutes.pk}"
    day = f"{minutes.meeting.date:%-d %B %Y}"
    assert SearchDocument.objects.get(key=key).title == f"Minutes: Business Coordination Board, {day}"
    board.name = "Strategic Policing Board"
    board.save()
    entry = SearchDocument.objects.get(key=key)
    assert (entry.title, entry.board_name) == (f"Minutes: Strategic Policing Board, {day}", "Strategic Policing Board")
    # The new name's words are searched in the title: the index was written again, not only the column.
    response = client.get(reverse("search"), {"q": "strategic policing"})
    assert [result.document.key for result in response.context["page"].results] == [key]
    # Nor is the old name (the paper, printed under it, keeps it: its text is left as published).
    response = client.get(reverse("search"), {"q": "coordination"})
    assert key not in [result.document.key for result in response.context["page"].results]


@pytest.mark.parametrize("state", [S.SIGNED, S.PUBLISHED])
def test_minutes_are_not_approved_at_a_meeting_whose_own_minutes_are_signed(
    client, minutes, users, next_meeting, secretary, state
):
    """The approving meeting's minutes record the approval, and signed minutes never change: that meeting is not
    offered, and approval at it (posted all the same, or signed meanwhile) is refused with the reason beside the
    field; written approval still serves."""
    cycle(minutes, users, next_meeting, to=S.CIRCULATED)
    later = Minutes.objects.create(meeting=next_meeting, status=state, created_by=secretary)
    client.force_login(secretary)
    page = client.get(minutes.get_staff_url()).content.decode()
    assert f'<option value="{next_meeting.pk}"' not in page
    with pytest.raises(services.TransitionError, match="are signed, so they cannot record this approval"):
        services.approve_minutes(minutes=minutes, user=secretary, at_meeting=next_meeting)
    response = client.post(reverse("minutes:staff_minutes_approve", args=[minutes.pk]), {"at_meeting": next_meeting.pk})
    assert "are signed, so they cannot record this approval: record it at a later meeting" in response.content.decode()
    assert Minutes.objects.get(pk=minutes.pk).status == S.CIRCULATED
    assert not any(
        "approved the minutes" in p.text for e in build_minutes(later, confidential=True).items for p in e.paragraphs
    )

    # Before its minutes are signed the meeting is offered, named with its time (another may be held that day).
    Minutes.objects.filter(pk=later.pk).update(status=S.APPROVED)
    page = client.get(minutes.get_staff_url()).content.decode()
    label = f"{timezone.localtime(next_meeting.starts_at):%-d %B %Y, %H:%M}"
    assert f'<option value="{next_meeting.pk}">{label}</option>' in page


def test_minutes_of_two_meetings_of_one_day_approved_together_are_told_apart_by_their_time(
    minutes, users, next_meeting, secretary
):
    cycle(minutes, users, next_meeting, to=S.APPROVED)
    evening = board_services.schedule_meeting(
        board=minutes.meeting.board, starts_at=minutes.meeting.starts_at + timedelta(hours=4), user=secretary
    )
    Minutes.objects.create(meeting=evening, status=S.APPROVED, approved_at=next_meeting, created_by=secretary)
    Meeting.objects.filter(pk=next_meeting.pk).update(status=Meeting.Status.HELD)
    later = services.start_minutes(meeting=Meeting.objects.get(pk=next_meeting.pk), user=secretary)
    standard = next(e for e in build_minutes(later, confidential=False).items if e.item.standard == "minutes")
    day = f"{minutes.meeting.date:%-d %B %Y}"
    sentences = sorted(p.text for p in standard.paragraphs if p.text.startswith("The Board approved"))
    assert sentences == [
        f"The Board approved the minutes of the meeting held on {day} at 14:00 as a correct record.",
        f"The Board approved the minutes of the meeting held on {day} at 18:00 as a correct record.",
    ]
