"""The forward plan of key decisions: the 28-day rule, the entry's steps, its public surfaces and who may do what."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.models import Paper
from boards.services.errors import TransitionError
from pcp_portal.roles import Role
from pcp_portal.versions import EditConflict
from transparency.models import DecisionNotice, ForwardPlanEntry, Marking, ReferenceCounter, is_late_for
from transparency.services import forward_plan as services
from transparency.services.references import next_number

from .conftest import meeting_has_begun
from .factories import PersonFactory, UserFactory

UTC = ZoneInfo("UTC")


def today_plus(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def commissioner(db):
    user = UserFactory(username="pcc", roles=[Role.COMMISSIONER], first_name="Morgan", last_name="Hale")
    return PersonFactory(user=user, name="Morgan Hale", post_title="Police and Crime Commissioner")


@pytest.fixture
def deputy(db):
    user = UserFactory(username="dpcc", roles=[Role.COMMISSIONER])
    return PersonFactory(user=user, name="Nadia Farrow", post_title="Deputy Police and Crime Commissioner")


@pytest.fixture
def officer(db):
    return PersonFactory(name="Olive Officer", post_title="Head of Commissioning")


@pytest.fixture
def make_entry(secretary, commissioner, officer):
    def make(*, publish: bool = False, late_reason: str = "", **fields) -> ForwardPlanEntry:
        fields.setdefault("subject", "Victims' services contract award")
        fields.setdefault("description", "Award of the victims' services contract.")
        fields.setdefault("contact_officer", officer)
        if "board" not in fields:
            fields.setdefault("decision_maker", commissioner)
        if "meeting" not in fields:
            fields.setdefault("expected_on", today_plus(60))
        entry = services.create_entry(user=secretary, **fields)
        if publish:
            services.publish_entry(entry=entry, user=secretary, late_reason=late_reason)
        return ForwardPlanEntry.objects.get(pk=entry.pk)

    return make


def make_notice(decision_maker, *, public: bool, title="Victims' services contract") -> DecisionNotice:
    year = timezone.localdate().year
    published = {"status": "published", "published_at": timezone.now(), "pdf_sha256": "0" * 64} if public else {}
    return DecisionNotice.objects.create(
        reference_year=year,
        reference_number=next_number(ReferenceCounter.Series.NOTICE, year),
        title=title,
        decision="To award the contract.",
        decision_maker=decision_maker,
        **published,
    )


# The 28-day rule


@pytest.mark.parametrize(
    "published, expected, late",
    [
        # Across the end of February in a common year: 3 February to 3 March is 28 days.
        (date(2027, 2, 3), date(2027, 3, 3), False),
        (date(2027, 2, 4), date(2027, 3, 3), True),
        # In a leap year the same dates are 29 days apart; 28 days before 3 March is 4 February.
        (date(2028, 2, 3), date(2028, 3, 3), False),
        (date(2028, 2, 4), date(2028, 3, 3), False),
        (date(2028, 2, 5), date(2028, 3, 3), True),
        # The first and last days of a month.
        (date(2027, 1, 31), date(2027, 2, 28), False),
        (date(2027, 2, 1), date(2027, 2, 28), True),
        (date(2026, 12, 1), date(2026, 12, 29), False),
        (date(2026, 12, 2), date(2026, 12, 29), True),
        # Published on the day of the decision, or the day before.
        (date(2027, 3, 3), date(2027, 3, 3), True),
    ],
)
def test_the_28_day_rule_counts_calendar_days_across_month_ends(published, expected, late):
    assert is_late_for(published, expected) is late
    assert (expected - published).days < 28 if late else (expected - published).days >= 28


def test_an_entry_published_28_days_ahead_is_in_time_and_27_days_ahead_is_late(make_entry, secretary):
    on_time = make_entry(expected_on=date(2027, 3, 3))
    now = datetime(2027, 2, 3, 9, 0, tzinfo=UTC)
    services.publish_entry(entry=on_time, user=secretary, now=now)
    on_time.refresh_from_db()
    assert on_time.published_at == now and not on_time.is_late and on_time.late_reason == ""

    late = make_entry(expected_on=date(2027, 3, 3))
    later = datetime(2027, 2, 4, 9, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as refusal:
        services.publish_entry(entry=late, user=secretary, now=later)
    assert "27 days' notice" in refusal.value.message_dict["late_reason"][0]
    late.refresh_from_db()
    assert late.published_at is None
    services.publish_entry(entry=late, user=secretary, now=later, late_reason="The grant offer came late.")
    late.refresh_from_db()
    assert late.is_late and late.late_reason == "The grant offer came late."


def test_the_day_of_publication_is_the_local_day(make_entry, secretary):
    """Late on 2 August in UTC is already 3 August in London (summer time): 28 days before 31 August."""
    entry = make_entry(expected_on=date(2027, 8, 31))
    services.publish_entry(entry=entry, user=secretary, now=datetime(2027, 8, 2, 23, 30, tzinfo=UTC))
    entry.refresh_from_db()
    assert entry.published_on == date(2027, 8, 3)
    assert not entry.is_late


def test_an_entry_whose_date_has_passed_cannot_be_published(make_entry, secretary):
    entry = make_entry(expected_on=today_plus(-1))
    with pytest.raises(ValidationError, match="expected date has passed"):
        services.publish_entry(entry=entry, user=secretary, late_reason="Too late anyway.")


def test_moving_a_published_decision_earlier_past_the_rule_needs_the_late_reason(make_entry, secretary):
    entry = make_entry(publish=True, expected_on=today_plus(60))
    fields = {"expected_on": today_plus(20)}
    with pytest.raises(ValidationError) as refusal:
        services.save_entry(entry=entry, user=secretary, expected_version=entry.version, **fields)
    assert "late_reason" in refusal.value.message_dict
    entry.refresh_from_db()
    assert entry.expected_on == today_plus(60) and not entry.is_late
    services.save_entry(
        entry=entry, user=secretary, expected_version=entry.version, late_reason="Brought forward.", **fields
    )
    entry.refresh_from_db()
    assert entry.is_late and entry.late_reason == "Brought forward."
    # Moved to a later date, which gives 28 days' notice again: no longer late.
    services.save_entry(entry=entry, user=secretary, expected_version=entry.version, expected_on=today_plus(28))
    entry.refresh_from_db()
    assert not entry.is_late


def test_moving_a_published_decision_earlier_within_the_rule_needs_no_reason(make_entry, secretary):
    entry = make_entry(publish=True, expected_on=today_plus(60))
    services.save_entry(entry=entry, user=secretary, expected_version=entry.version, expected_on=today_plus(28))
    entry.refresh_from_db()
    assert entry.expected_on == today_plus(28) and not entry.is_late


# The entry's rules


def test_a_private_decision_needs_its_reason(make_entry):
    with pytest.raises(ValidationError) as refusal:
        make_entry(private=True)
    assert "private_reason" in refusal.value.message_dict
    entry = make_entry(private=True, private_reason="Commercially sensitive terms.")
    assert entry.private_reason == "Commercially sensitive terms."


def test_an_entry_names_a_person_or_a_board_not_both_nor_neither(make_entry, board, commissioner):
    with pytest.raises(ValidationError) as both:
        make_entry(board=board, decision_maker=commissioner)
    assert "board" in both.value.message_dict
    with pytest.raises(ValidationError) as neither:
        make_entry(board=None, decision_maker=None)
    assert "decision_maker" in neither.value.message_dict


def test_a_meeting_gives_the_expected_date_and_must_be_the_boards(make_entry, board, other_board, meeting):
    entry = make_entry(board=board, decision_maker=None, meeting=meeting)
    assert entry.expected_on == meeting.date
    with pytest.raises(ValidationError) as other:
        make_entry(board=other_board, decision_maker=None, meeting=meeting)
    assert "meeting" in other.value.message_dict


def test_an_entrys_meeting_links_to_its_workspace_page_only_for_those_who_may_open_it(
    client, make_entry, board, meeting, secretary
):
    entry = make_entry(board=board, decision_maker=None, meeting=meeting)
    legal = UserFactory(username="monitoring", roles=[Role.LEGAL])
    for user, url in ((secretary, meeting.get_staff_url()), (legal, meeting.get_absolute_url())):
        client.force_login(user)
        page = client.get(entry.get_staff_url()).content.decode()
        assert f'at the meeting: <a href="{url}">' in page
        assert client.get(url).status_code == 200


def test_the_form_refuses_a_typed_date_that_is_not_the_meetings(client, secretary, board, meeting, officer):
    client.force_login(secretary)
    data = {
        "subject": "Estates strategy",
        "board": board.pk,
        "meeting": meeting.pk,
        "expected_on": (meeting.date + timedelta(days=2)).isoformat(),
        "contact_officer": officer.pk,
    }
    response = client.post(reverse("transparency:staff_forward_plan_create"), data)
    assert response.status_code == 200
    assert "leave the date blank" in response.content.decode()
    assert not ForwardPlanEntry.objects.exists()
    data["expected_on"] = ""
    response = client.post(reverse("transparency:staff_forward_plan_create"), data)
    entry = ForwardPlanEntry.objects.get()
    assert response.status_code == 302 and entry.expected_on == meeting.date


def test_a_bad_form_keeps_what_was_typed_and_says_so_beside_the_field(client, secretary, commissioner, officer):
    client.force_login(secretary)
    response = client.post(
        reverse("transparency:staff_forward_plan_create"),
        {
            "subject": "Custody <b>contract</b>",
            "decision_maker": commissioner.pk,
            "expected_on": today_plus(50).isoformat(),
            "private": "on",
            "contact_officer": officer.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_private_reason"' in page or "invalid-feedback" in page
    assert "Say why the decision is expected to be taken in private" in page
    assert 'value="Custody &lt;b&gt;contract&lt;/b&gt;"' in page
    assert not ForwardPlanEntry.objects.exists()


# Editing: versions and history


def test_a_stale_save_is_refused_and_keeps_the_typed_values(client, make_entry, secretary, author):
    entry = make_entry()
    services.save_entry(entry=entry, user=author, expected_version=entry.version, subject="Changed by the author")
    client.force_login(secretary)
    url = reverse("transparency:staff_forward_plan_edit", args=[entry.pk])
    response = client.post(
        url,
        {
            "expected_version": 1,
            "subject": "The secretary's wording",
            "decision_maker": entry.decision_maker_id,
            "expected_on": entry.expected_on.isoformat(),
            "contact_officer": entry.contact_officer_id,
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Not saved" in page and "The secretary&#x27;s wording" in page
    entry.refresh_from_db()
    assert entry.subject == "Changed by the author" and entry.version == 2


def test_the_service_refuses_a_stale_version(make_entry, secretary):
    entry = make_entry()
    services.save_entry(entry=entry, user=secretary, expected_version=1, subject="First")
    with pytest.raises(EditConflict):
        services.save_entry(entry=entry, user=secretary, expected_version=1, subject="Second")
    assert ForwardPlanEntry.objects.get().subject == "First"


def test_staff_see_the_history_with_who_and_what_changed(client, make_entry, secretary, author):
    entry = make_entry(subject="Old subject")
    services.save_entry(entry=entry, user=author, expected_version=1, subject="New subject")
    services.publish_entry(entry=entry, user=secretary)
    client.force_login(author)
    page = client.get(entry.get_staff_url()).content.decode()
    assert "Old subject → New subject" in page
    assert "Edited" in page and "Published" in page and "Created" in page
    records = list(entry.history.order_by("history_date"))
    assert [r.history_user for r in records] == [secretary, author, secretary]
    assert [r.history_change_reason for r in records] == ["Created", "Edited", "Published"]


# Withdrawal


def test_withdrawing_needs_a_reason_and_the_public_sees_only_the_subject_and_the_reason(client, make_entry, secretary):
    entry = make_entry(publish=True, description="The full description.", staff_note="Only for the office.")
    with pytest.raises(ValidationError):
        services.withdraw_entry(entry=entry, user=secretary, reason="  ")
    services.withdraw_entry(entry=entry, user=secretary, reason="The contract was extended instead.")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert entry.subject.replace("'", "&#x27;") in page and "The contract was extended instead." in page
    assert "The full description." not in page and "Only for the office." not in page
    plan = client.get(reverse("transparency:forward_plan")).content.decode()
    assert "No longer expected" in plan and "The full description." not in plan
    # Its dates stay public with it: when the decision was expected, first published and withdrawn.
    today, expected = timezone.localdate(), entry.expected_on
    assert f"{expected:%-d %B %Y}" in page and f"{today:%-d %B %Y}" in page
    withdrawn = plan.split("No longer expected")[1]
    assert f"was expected {expected:%-d %B %Y}, first published {today:%-d %B %Y}, withdrawn on" in withdrawn
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("transparency:forward_plan_csv")).content.decode())))
    assert rows == [
        {
            **{column: "" for column in rows[0]},
            "subject": entry.subject,
            "expected_on": expected.isoformat(),
            "first_published": today.isoformat(),
            "state": "withdrawn",
            "withdrawn_on": today.isoformat(),
            "withdrawal_reason": "The contract was extended instead.",
            "url": "http://testserver" + entry.get_absolute_url(),
        }
    ]
    with pytest.raises(TransitionError):
        services.withdraw_entry(entry=entry, user=secretary, reason="Again.")
    with pytest.raises(TransitionError):
        services.save_entry(entry=entry, user=secretary, expected_version=entry.version + 1, subject="x")


def test_a_draft_withdrawn_never_reaches_the_public(client, make_entry, secretary):
    entry = make_entry(subject="Never public")
    services.withdraw_entry(entry=entry, user=secretary, reason="Not needed.")
    assert client.get(entry.get_absolute_url()).status_code == 404
    assert "Never public" not in client.get(reverse("transparency:forward_plan")).content.decode()
    assert "Never public" not in client.get(reverse("transparency:forward_plan_csv")).content.decode()
    with pytest.raises(TransitionError):
        services.publish_entry(entry=entry, user=secretary)


# Linking to the decision


def lists_on_the_plan(client) -> tuple[list, list]:
    """The public plan's two lists, which it reads in one query: they must be `on_plan()` and `decided()`."""
    context = client.get(reverse("transparency:forward_plan")).context
    return list(context["entries"]), [entry for entry, _ in context["decided"]]


def test_an_entry_leaves_the_plan_only_when_its_notice_is_public(client, make_entry, secretary, commissioner):
    entry = make_entry(publish=True)
    other = make_entry(publish=True)
    notice = make_notice(commissioner, public=False, title="Hidden notice title")
    services.save_entry(entry=entry, user=secretary, expected_version=entry.version, notice=notice)
    assert list(ForwardPlanEntry.objects.on_plan()) == [entry, other]
    assert lists_on_the_plan(client) == ([entry, other], [])
    assert "Hidden notice title" not in client.get(entry.get_absolute_url()).content.decode()
    assert "Hidden notice title" not in client.get(reverse("transparency:forward_plan")).content.decode()

    DecisionNotice.objects.filter(pk=notice.pk).update(
        status="published", published_at=timezone.now(), pdf_sha256="0" * 64
    )
    assert list(ForwardPlanEntry.objects.on_plan()) == [other]
    assert list(ForwardPlanEntry.objects.decided()) == [entry]
    assert lists_on_the_plan(client) == ([other], [entry])
    plan = client.get(reverse("transparency:forward_plan")).content.decode()
    decided = plan.split("Decisions taken", 1)[1]
    assert "Hidden notice title" in decided and notice.reference in decided


def test_an_entry_whose_sensitive_notice_is_published_leaves_the_plan_showing_nothing_of_the_notice(
    client, make_entry, secretary, commissioner
):
    entry = make_entry(publish=True)
    notice = make_notice(commissioner, public=True, title="Sensitive notice title")
    DecisionNotice.objects.filter(pk=notice.pk).update(marking=Marking.OFFICIAL_SENSITIVE)
    services.save_entry(entry=entry, user=secretary, expected_version=entry.version, notice=notice)
    assert not ForwardPlanEntry.objects.on_plan().exists()
    assert list(ForwardPlanEntry.objects.decided()) == [entry]
    plan = client.get(reverse("transparency:forward_plan")).content.decode()
    expected, decided = plan.split("Decisions taken", 1)
    assert (
        "Victims&#x27; services contract award" not in expected and "Victims&#x27; services contract award" in decided
    )
    assert "The decision has been taken; it is not published on this site." in decided
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Decision taken" in page
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("transparency:forward_plan_csv")).content.decode())))
    assert [row["state"] for row in rows] == ["decided"]
    feed = client.get(reverse("transparency:forward_plan_feed")).content.decode()
    for text in (plan, page, feed, str(rows)):
        assert "Sensitive notice title" not in text and notice.reference not in text and notice.slug not in text


def test_another_decision_makers_notice_is_neither_offered_nor_accepted(make_entry, secretary, deputy, commissioner):
    from transparency.forms_forward_plan import EntryForm

    entry = make_entry()
    own, others = make_notice(commissioner, public=True), make_notice(deputy, public=True)
    assert list(EntryForm(instance=entry).fields["notice"].queryset) == [own]
    with pytest.raises(ValidationError) as refusal:
        services.save_entry(entry=entry, user=secretary, expected_version=entry.version, notice=others)
    assert "notice" in refusal.value.message_dict


def test_an_entry_leaves_the_plan_when_its_board_decision_is_confirmed(
    client, make_entry, secretary, chair, board, meeting, make_paper
):
    paper = make_paper(Paper.Status.PUBLISHED, title="Estates Strategy Report")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    board_services.publish_agenda(meeting=meeting, user=secretary)
    entry = make_entry(board=board, decision_maker=None, meeting=meeting, publish=True)
    meeting_has_begun(meeting)  # time passes by moving the meeting to today: the entry is now late
    decision = board_services.record_decision(
        recommendation=paper.recommendations.order_by("position").first(), user=secretary, outcome="approved"
    )
    with pytest.raises(ValidationError, match="late"):
        services.save_entry(entry=entry, user=secretary, expected_version=entry.version, board_decision=decision)
    services.save_entry(
        entry=entry, user=secretary, expected_version=entry.version, board_decision=decision, late_reason="Brought on."
    )
    assert list(ForwardPlanEntry.objects.on_plan()) == [entry]
    assert lists_on_the_plan(client) == ([entry], [])
    assert "Estates Strategy Report" not in client.get(entry.get_absolute_url()).content.decode()
    board_services.confirm_decision(decision=decision, user=chair)
    assert list(ForwardPlanEntry.objects.decided()) == [entry]
    assert lists_on_the_plan(client) == ([], [entry])
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Decision taken" in page and paper.get_absolute_url() in page


# Public surfaces


def test_the_public_sees_published_entries_with_the_late_flag_and_never_drafts_or_staff_notes(
    client, make_entry, board, meeting, officer
):
    draft = make_entry(subject="Draft subject", staff_note="Staff note text")
    late = make_entry(
        subject="Late subject",
        expected_on=today_plus(10),
        publish=True,
        late_reason="Urgent safeguarding need",
        staff_note="Another staff note",
    )
    private = make_entry(subject="Private subject", private=True, private_reason="Legal advice privilege", publish=True)
    on_meeting = make_entry(subject="Meeting subject", board=board, decision_maker=None, meeting=meeting, publish=True)
    plan = client.get(reverse("transparency:forward_plan")).content.decode()
    for text in ("Late subject", "Urgent safeguarding need", "Private subject", "Legal advice privilege"):
        assert text in plan
    assert "Draft subject" not in plan and "staff note" not in plan.lower()
    # The meeting's page is linked only once its agenda is public.
    assert meeting.get_absolute_url() not in plan and "at a meeting of the" in plan
    assert client.get(draft.get_absolute_url()).status_code == 404
    entry_page = client.get(late.get_absolute_url()).content.decode()
    assert "Late" in entry_page and "Urgent safeguarding need" in entry_page and "Another staff note" not in entry_page
    assert officer.post_title in entry_page
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("transparency:forward_plan_csv")).content.decode())))
    by_subject = {row["subject"]: row for row in rows}
    assert set(by_subject) == {"Late subject", "Private subject", "Meeting subject"}
    assert by_subject["Late subject"]["late"] == "yes" and by_subject["Late subject"]["late_reason"]
    assert by_subject["Private subject"]["reason_in_private"] == "Legal advice privilege"
    feed = client.get(reverse("transparency:forward_plan_feed")).content.decode()
    assert "Late: Late subject" in feed and "Draft subject" not in feed and "staff note" not in feed.lower()
    assert on_meeting.expected_on == meeting.date and private.published_at


def test_the_late_flag_and_reason_sit_beside_the_subject_on_the_public_plan_and_the_staff_list(
    client, make_entry, secretary
):
    make_entry(subject="Late subject", expected_on=today_plus(10), publish=True, late_reason="Urgent safeguarding need")
    client.force_login(secretary)
    for url in (reverse("transparency:forward_plan"), reverse("transparency:staff_forward_plan")):
        page = client.get(url).content.decode()
        subject_cell = page.split('<th scope="row">', 1)[1].split("</th>", 1)[0]
        assert "Late subject" in subject_cell and ">Late</span>" in subject_cell, url
        assert "Urgent safeguarding need" in subject_cell, url
        assert page.count(">Late</span>") == 1, url


def test_the_plan_is_in_order_of_expected_date_and_filters_by_board_or_decision_maker(
    client, make_entry, board, deputy
):
    make_entry(subject="Second", expected_on=today_plus(70), publish=True)
    make_entry(subject="First", expected_on=today_plus(40), publish=True)
    make_entry(subject="Board's", board=board, decision_maker=None, expected_on=today_plus(50), publish=True)
    make_entry(subject="Deputy's", decision_maker=deputy, expected_on=today_plus(45), publish=True)
    plan = client.get(reverse("transparency:forward_plan")).content.decode()
    assert plan.index(">First<") < plan.index(">Deputy&#x27;s<") < plan.index(">Board&#x27;s<") < plan.index(">Second<")
    by_board = client.get(reverse("transparency:forward_plan"), {"board": board.slug}).content.decode()
    assert ">Board&#x27;s<" in by_board and ">First<" not in by_board
    by_deputy = client.get(reverse("transparency:forward_plan"), {"maker": deputy.pk}).content.decode()
    assert ">Deputy&#x27;s<" in by_deputy and ">First<" not in by_deputy


def test_csv_cells_cannot_run_as_formulas_and_pages_escape_typed_text(client, make_entry):
    entry = make_entry(subject="=HYPERLINK(1)<script>x</script>", publish=True)
    rows = list(csv.reader(io.StringIO(client.get(reverse("transparency:forward_plan_csv")).content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)<script>x</script>"
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_the_public_plan_does_not_grow_its_queries_with_its_entries(client, make_entry, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("transparency:forward_plan")).status_code == 200
        return len(queries)

    make_entry(publish=True)
    few = count()
    for n in range(6):
        make_entry(subject=f"Entry {n}", publish=True, private=bool(n % 2), private_reason="Reason" if n % 2 else "")
    assert count() == few


# Who may do what


STAFF_GETS = ["staff_forward_plan", "staff_forward_plan_entry", "staff_forward_plan_create", "staff_forward_plan_edit"]


@pytest.fixture
def entry(make_entry):
    return make_entry()


def _url(name, entry):
    return reverse(f"transparency:{name}", args=[entry.pk] if name.endswith(("entry", "edit")) else [])


@pytest.mark.parametrize("name", STAFF_GETS)
def test_anonymous_visitors_are_sent_to_sign_in(client, entry, name):
    response = client.get(_url(name, entry))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", STAFF_GETS)
@pytest.mark.parametrize("role", ["member", "chair", "no_role"])
def test_people_without_an_office_role_are_refused(client, entry, users, name, role):
    client.force_login(users[role])
    assert client.get(_url(name, entry)).status_code == 403


@pytest.mark.parametrize("role", ["author", "secretary"])
def test_authors_and_the_secretary_create_and_edit(client, entry, users, role):
    client.force_login(users[role])
    for name in STAFF_GETS:
        assert client.get(_url(name, entry)).status_code == 200, name


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FINANCE, Role.LEGAL, Role.COMMISSIONER])
def test_other_office_roles_read_the_workspace_plan_but_cannot_change_it(client, entry, role):
    reviewer = UserFactory(username=f"reader-{role}", roles=[role])
    client.force_login(reviewer)
    assert client.get(_url("staff_forward_plan", entry)).status_code == 200
    assert client.get(_url("staff_forward_plan_entry", entry)).status_code == 200
    assert client.get(_url("staff_forward_plan_create", entry)).status_code == 403
    assert client.get(_url("staff_forward_plan_edit", entry)).status_code == 403
    with pytest.raises(TransitionError):
        services.save_entry(entry=entry, user=reviewer, expected_version=entry.version, subject="x")
    publish = reverse("transparency:staff_forward_plan_publish", args=[entry.pk])
    assert client.post(publish, {"late_reason": "x"}).status_code == 403


@pytest.mark.parametrize("role", ["author", "reviewer", "member", "no_role"])
def test_only_the_secretary_publishes_and_withdraws(client, entry, users, role):
    client.force_login(users[role])
    publish = reverse("transparency:staff_forward_plan_publish", args=[entry.pk])
    withdraw = reverse("transparency:staff_forward_plan_withdraw", args=[entry.pk])
    assert client.post(publish, {"late_reason": "x"}).status_code == 403
    assert client.post(withdraw, {"withdrawal_reason": "x"}).status_code == 403
    with pytest.raises(TransitionError):
        services.publish_entry(entry=entry, user=users[role])
    entry.refresh_from_db()
    assert entry.published_at is None and entry.withdrawn_at is None


def test_anonymous_posts_change_nothing(client, entry):
    for name in ("staff_forward_plan_publish", "staff_forward_plan_withdraw"):
        response = client.post(reverse(f"transparency:{name}", args=[entry.pk]), {"withdrawal_reason": "x"})
        assert response.status_code == 302 and reverse("login") in response["Location"]
    entry.refresh_from_db()
    assert entry.published_at is None and entry.withdrawn_at is None


def test_the_secretary_publishes_late_only_with_the_reason_beside_the_field(client, make_entry, secretary):
    entry = make_entry(expected_on=today_plus(12))
    client.force_login(secretary)
    url = reverse("transparency:staff_forward_plan_publish", args=[entry.pk])
    response = client.post(url, {"late_reason": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "12 days&#x27; notice" in page and "give the reason it is late" in page
    entry.refresh_from_db()
    assert entry.published_at is None
    response = client.post(url, {"late_reason": "The Home Office grant terms arrived on 1 December."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_late and entry.late_reason.startswith("The Home Office")
    assert client.post(url, {"late_reason": "again"}).status_code == 403  # published once


def test_the_secretary_withdraws_with_a_reason(client, make_entry, secretary):
    entry = make_entry(publish=True)
    client.force_login(secretary)
    url = reverse("transparency:staff_forward_plan_withdraw", args=[entry.pk])
    response = client.post(url, {"withdrawal_reason": ""})
    assert response.status_code == 400 and "Say why the decision is no longer expected." in response.content.decode()
    assert client.post(url, {"withdrawal_reason": "Superseded by the new estates plan."}).status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawal_reason == "Superseded by the new estates plan." and entry.withdrawn_at


def test_the_decision_maker_choices_are_the_commissioner_and_deputy(make_entry, commissioner, deputy, officer):
    from transparency.forms_forward_plan import EntryForm

    assert set(EntryForm().fields["decision_maker"].queryset) == {commissioner, deputy}
    Group.objects.get(name=Role.COMMISSIONER.label).user_set.remove(deputy.user)
    entry = make_entry(decision_maker=deputy)
    assert deputy in set(EntryForm(instance=entry).fields["decision_maker"].queryset)
    assert officer not in set(EntryForm(instance=entry).fields["decision_maker"].queryset)


def test_an_entry_follows_its_meeting_when_it_moves_and_can_still_be_withdrawn(make_entry, board, meeting, secretary):
    entry = make_entry(board=board, decision_maker=None, meeting=meeting, publish=True)
    assert not entry.is_late
    board_services.move_meeting(
        meeting=meeting, user=secretary, starts_at=meeting.starts_at - timedelta(days=30), reason="Quorum."
    )
    entry.refresh_from_db()
    assert entry.expected_on == meeting.date - timedelta(days=30) and entry.is_late
    assert entry.history.order_by("-history_date").first().history_change_reason.startswith("The meeting moved")
    board_services.cancel_meeting(meeting=meeting, user=secretary, reason="No business.")
    services.withdraw_entry(entry=entry, user=secretary, reason="The meeting was cancelled.")
    entry.refresh_from_db()
    assert entry.is_withdrawn


def test_the_meeting_page_shows_the_key_decisions_expected_at_it(client, make_entry, board, meeting, secretary):
    make_entry(subject="Estates disposal", board=board, decision_maker=None, meeting=meeting, publish=True)
    make_entry(subject="Draft only", board=board, decision_maker=None, meeting=meeting)
    board_services.publish_agenda(meeting=meeting, user=secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Key decisions expected at this meeting" in page and "Estates disposal" in page
    assert "Draft only" not in page


def test_choosing_another_meeting_takes_its_date_and_the_links_offered_suit_the_entry(
    client, make_entry, board, meeting, secretary
):
    later = board_services.schedule_meeting(
        board=board, starts_at=meeting.starts_at + timedelta(days=21), user=secretary
    )
    entry = make_entry(board=board, decision_maker=None, meeting=meeting)
    client.force_login(secretary)
    url = reverse("transparency:staff_forward_plan_edit", args=[entry.pk])
    form = client.get(url).context["form"]
    assert "notice" not in form.fields and "board_decision" in form.fields  # a board's entry: its decisions
    data = {
        "expected_version": entry.version,
        "subject": entry.subject,
        "board": board.pk,
        "meeting": later.pk,
        "expected_on": entry.expected_on.isoformat(),  # as the form showed it: the old meeting's date
        "contact_officer": entry.contact_officer_id,
    }
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert (entry.meeting, entry.expected_on) == (later, later.date)


def test_the_plans_feed_gives_each_entry_its_own_id_and_author_and_a_stable_empty_date(client, make_entry):
    atom = "{http://www.w3.org/2005/Atom}"
    empty = ET.fromstring(client.get(reverse("transparency:forward_plan_feed")).content)
    assert empty.findtext(f"{atom}updated").startswith("1970-01-01")
    make_entry(subject="Estates disposal", publish=True)
    make_entry(subject="Fleet renewal", publish=True)
    feed = ET.fromstring(client.get(reverse("transparency:forward_plan_feed")).content)
    entries = feed.findall(f"{atom}entry")
    ids = [e.findtext(f"{atom}id") for e in entries]
    assert len(ids) == len(set(ids)) == 2 and all(i.startswith("tag:") and "forward-plan/" in i for i in ids)
    assert all(e.findtext(f"{atom}author/{atom}name") for e in entries)
