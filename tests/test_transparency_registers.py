"""Registers of interests and of gifts and hospitality: who keeps them, what is recorded, what the public reads,
the twelve-month reminder, and the link from declarations in minutes."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Person
from minutes import services as minutes_services
from minutes.checks import minutes_problems
from minutes.document import build_minutes
from minutes.forms import DeclarationForm
from minutes.models import Declaration
from pcp_portal.roles import Role
from transparency.models import Gift, Interest, InterestRegister
from transparency.services import gifts as gift_services
from transparency.services import registers as services

from .factories import PersonFactory, UserFactory
from .test_minutes_checks import held_meeting, minutes  # noqa: F401 - ready-to-clear minutes, as fixtures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
C = Interest.Category


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def holder(db):
    """The deputy, in office, with their own login."""
    user = UserFactory(username="deputy", roles=[Role.COMMISSIONER], email="deputy@example.org")
    PersonFactory(name="Nadia Farrow", initials="NF", user=user, post_title="Deputy Commissioner")
    return user


@pytest.fixture
def register(holder, secretary):
    return services.create_register(
        user=secretary,
        person=holder.person,
        capacity=InterestRegister.Capacity.DEPUTY,
        holds_office_from=date(2024, 5, 1),
        staff_note="Chased for the land entry. NOTE-NEVER-PUBLIC",
    )


@pytest.fixture
def interest(register, holder):
    return services.add_interest(
        user=holder,
        register=register,
        category=C.BUSINESS,
        description="Shares in Farrow Design Ltd",
        from_date=date(2020, 1, 1),
    )


@pytest.fixture
def other_holder(db, secretary):
    user = UserFactory(username="indep", roles=[Role.MEMBER], email="indep@example.org")
    person = PersonFactory(name="Gwen Talbot", initials="GT", user=user)
    services.create_register(
        user=secretary,
        person=person,
        capacity=InterestRegister.Capacity.INDEPENDENT_MEMBER,
        holds_office_from=date(2024, 5, 1),
    )
    return user


@pytest.fixture
def former_holder(db, secretary):
    user = UserFactory(username="former", roles=[Role.MEMBER], email="former@example.org")
    person = PersonFactory(name="Marcus Reid", initials="MR", user=user)
    register = services.create_register(
        user=secretary,
        person=person,
        capacity=InterestRegister.Capacity.INDEPENDENT_MEMBER,
        holds_office_from=date(2020, 5, 1),
        holds_office_to=timezone.localdate() - timedelta(days=1),
    )
    services.add_interest(
        user=secretary,
        register=register,
        category=C.OFFICE,
        description="Trustee of a charity",
        from_date=date(2020, 1, 1),
    )
    return user


# Who keeps a register


def test_a_holder_adds_an_interest_in_the_browser_and_the_history_names_them(client, register, holder):
    client.force_login(holder)
    url = reverse("transparency:staff_interest_create", args=[register.pk])
    response = client.post(
        url, {"category": C.LAND, "description": "Flat in Eastwick <b>let</b>", "from_date": "2019-03-01"}
    )
    assert response.status_code == 302
    interest = register.interests.get()
    record = interest.history.get()
    assert record.history_user == holder and record.history_change_reason == "Entry added"
    page = client.get(reverse("transparency:staff_interest_history", args=[interest.pk])).content.decode()
    assert "Entry added" in page and "&lt;b&gt;let&lt;/b&gt;" in page


def test_a_holder_cannot_change_another_holders_register(client, register, other_holder, interest):
    client.force_login(other_holder)
    assert client.get(register.get_staff_url()).status_code == 404
    assert client.get(reverse("transparency:staff_interest_edit", args=[interest.pk])).status_code == 404
    assert client.post(reverse("transparency:staff_interest_confirm", args=[interest.pk])).status_code == 404
    with pytest.raises(services.TransitionError):
        services.add_interest(
            user=other_holder, register=register, category=C.LAND, description="x", from_date=date(2020, 1, 1)
        )


def test_a_former_holder_reads_their_register_but_their_login_changes_nothing(client, former_holder, secretary):
    register = former_holder.person.interest_register
    interest = register.interests.get()
    client.force_login(former_holder)
    # The workspace's registers page leads straight to their one register.
    assert client.get(reverse("transparency:staff_registers")).url == register.get_staff_url()
    page = client.get(register.get_staff_url()).content.decode()
    assert "Trustee of a charity" in page and "no longer" in page and "Add an interest" not in page
    assert client.get(reverse("transparency:staff_interest_create", args=[register.pk])).status_code == 403
    assert client.get(reverse("transparency:staff_interest_edit", args=[interest.pk])).status_code == 403
    version = interest.version
    assert (
        client.post(
            reverse("transparency:staff_interest_confirm", args=[interest.pk]), {"expected_version": version}
        ).status_code
        == 403
    )
    assert Interest.objects.get(pk=interest.pk).version == version
    # The secretary still keeps it.
    services.confirm_interest(user=secretary, interest=interest, expected_version=version)


def _staff_urls(register, interest, gift):
    return {
        "registers": reverse("transparency:staff_registers"),
        "register_create": reverse("transparency:staff_register_create"),
        "register": reverse("transparency:staff_register", args=[register.pk]),
        "register_edit": reverse("transparency:staff_register_edit", args=[register.pk]),
        "interest_create": reverse("transparency:staff_interest_create", args=[register.pk]),
        "interest_edit": reverse("transparency:staff_interest_edit", args=[interest.pk]),
        "interest_end": reverse("transparency:staff_interest_end", args=[interest.pk]),
        "interest_history": reverse("transparency:staff_interest_history", args=[interest.pk]),
        "gifts": reverse("transparency:staff_gifts"),
        "gift_create": reverse("transparency:staff_gift_create"),
        "gift_edit": reverse("transparency:staff_gift_edit", args=[gift.pk]),
    }


@pytest.fixture
def gift(secretary, holder):
    return gift_services.record_gift(
        user=secretary,
        offered_on=date(2026, 3, 2),
        recipient=holder.person,
        description="Dinner",
        offered_by="A supplier",
        value=Decimal("45.00"),
        outcome=Gift.Outcome.DECLINED,
        reason="A bidder",
        staff_note="Returned by post",
    )


REGISTER_URLS = ["register", "register_edit", "interest_create", "interest_edit", "interest_end", "interest_history"]
GIFT_EDITING = {"gift_create": 403, "gift_edit": 403}
EXPECTED = {
    "secretary": {},  # everything opens
    "holder": {"registers": 302, "register_create": 403, "register_edit": 403, "gifts": 403, **GIFT_EDITING},
    "author": {**dict.fromkeys(["registers", "register_create", *REGISTER_URLS], 403), **GIFT_EDITING},
    "member": {**dict.fromkeys(["registers", "register_create", *REGISTER_URLS, "gifts"], 403), **GIFT_EDITING},
    # A former holder opens their own register only: the deputy's is not found for them.
    "former": {
        "registers": 302,
        "register_create": 403,
        **dict.fromkeys(REGISTER_URLS, 404),
        "gifts": 403,
        **GIFT_EDITING,
    },
}


@pytest.mark.parametrize("who", EXPECTED)
def test_each_staff_url_opens_for_its_roles_only(client, users, register, interest, gift, holder, former_holder, who):
    client.force_login({"holder": holder, "former": former_holder}.get(who) or users[who])
    statuses = {name: client.get(url).status_code for name, url in _staff_urls(register, interest, gift).items()}
    assert statuses == {name: EXPECTED[who].get(name, 200) for name in statuses}


def test_anonymous_visitors_are_sent_to_sign_in_for_every_staff_url(client, register, interest, gift):
    for url in _staff_urls(register, interest, gift).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


# Changes: versions, reviews, ends


def test_the_registers_and_gifts_histories_name_the_person_not_the_login(client, register, gift, secretary):
    type(secretary).objects.filter(pk=secretary.pk).update(first_name="Morgan", last_name="Ellery")
    client.force_login(secretary)
    for url in (register.get_staff_url(), reverse("transparency:staff_gift_edit", args=[gift.pk])):
        history = client.get(url).content.decode().split("<tbody>")[-1]
        assert "<td>Morgan Ellery</td>" in history and "<td>secretary</td>" not in history


def test_two_people_saving_the_same_entry_cannot_overwrite_each_other(client, interest, holder, secretary):
    url = reverse("transparency:staff_interest_edit", args=[interest.pk])
    stale = {"category": C.BUSINESS, "from_date": "2020-01-01", "expected_version": interest.version}
    client.force_login(secretary)
    assert client.post(url, {**stale, "description": "Secretary's wording"}).status_code == 302
    client.force_login(holder)
    response = client.post(url, {**stale, "description": "Holder's wording"})
    page = response.content.decode()
    assert response.status_code == 200 and "Not saved" in page and "Holder&#x27;s wording" in page
    assert Interest.objects.get(pk=interest.pk).description == "Secretary's wording"


def test_confirming_an_entry_reviews_it_now_and_records_who(client, interest, holder):
    Interest.objects.filter(pk=interest.pk).update(reviewed_at=timezone.now() - timedelta(days=500))
    interest.refresh_from_db()
    client.force_login(holder)
    client.post(
        reverse("transparency:staff_interest_confirm", args=[interest.pk]), {"expected_version": interest.version}
    )
    interest.refresh_from_db()
    assert timezone.now() - interest.reviewed_at < timedelta(minutes=1)
    latest = interest.history.first()
    assert latest.history_user == holder and latest.history_change_reason == "Confirmed as still true"


def test_bad_dates_are_refused_beside_the_field_and_the_text_kept(client, register, holder):
    client.force_login(holder)
    url = reverse("transparency:staff_interest_create", args=[register.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    page = client.post(
        url, {"category": C.LAND, "description": "Typed text kept", "from_date": future}
    ).content.decode()
    assert "cannot be in the future" in page and "Typed text kept" in page
    page = client.post(
        url, {"category": C.LAND, "description": "x", "from_date": "2020-01-02", "to_date": "2020-01-01"}
    ).content.decode()
    assert "cannot end before it began" in page
    assert not register.interests.exists()


def test_an_ended_interest_moves_to_the_ended_entries_with_its_dates(client, interest, holder):
    client.force_login(holder)
    yesterday = timezone.localdate() - timedelta(days=1)
    url = reverse("transparency:staff_interest_end", args=[interest.pk])
    page = client.post(url, {"expected_version": interest.version, "on": "2019-01-01"}).content.decode()
    assert "cannot end before that" in page
    client.post(url, {"expected_version": interest.version, "on": yesterday.isoformat()})
    public = client.get(interest.register.get_absolute_url()).content.decode()
    ended = public.split("<h2>Interests that have ended</h2>")[1]
    assert "Shares in Farrow Design Ltd" in ended and f"{yesterday:%-d %B %Y}" in ended
    assert "No current interests are registered." in public


def test_an_interest_ended_today_has_ended_and_one_ending_tomorrow_is_current(client, interest, holder):
    """*End* records the day it ended, today by default: from that day it is under the interests that have
    ended, on the public page and in the workspace. An end still to come is current, and the public reads it."""
    client.force_login(holder)
    today = timezone.localdate()
    url = reverse("transparency:staff_interest_end", args=[interest.pk])
    form = client.get(url).content.decode()
    assert f'value="{today.isoformat()}"' in form
    client.post(url, {"expected_version": interest.version, "on": today.isoformat()})
    public = client.get(interest.register.get_absolute_url()).content.decode()
    current, ended = public.split("<h2>Interests that have ended</h2>")
    assert "Shares in Farrow Design Ltd" in ended and "Shares in Farrow Design Ltd" not in current
    assert not Interest.objects.current().filter(pk=interest.pk).exists()
    staff = client.get(reverse("transparency:staff_register", args=[interest.register.pk])).content.decode()
    assert "Shares in Farrow Design Ltd" in staff.split("<h2>Interests that have ended</h2>")[1]

    tomorrow = today + timedelta(days=1)
    Interest.objects.filter(pk=interest.pk).update(to_date=tomorrow)
    public = client.get(interest.register.get_absolute_url()).content.decode()
    current = public.split("<h2>Interests that have ended</h2>")[0]
    assert "Shares in Farrow Design Ltd" in current and f"ending {tomorrow:%-d %B %Y}" in current


def test_after_one_interest_has_ended_the_others_can_still_be_confirmed_edited_and_ended(client, interest, holder):
    ended = services.add_interest(
        user=holder,
        register=interest.register,
        category=C.LAND,
        description="Plot at Eastwick",
        from_date=date(2019, 1, 1),
    )
    services.end_interest(
        user=holder, interest=ended, expected_version=ended.version, on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(holder)
    page = client.get(interest.register.get_staff_url()).content.decode()
    current, ended_rows = page.split("<h2>Interests that have ended</h2>")
    for name in ("staff_interest_confirm", "staff_interest_edit", "staff_interest_end"):
        assert reverse(f"transparency:{name}", args=[interest.pk]) in current
        assert reverse(f"transparency:{name}", args=[ended.pk]) not in ended_rows
    assert 'name="csrfmiddlewaretoken"' in current


# The public registers


def test_the_public_reads_current_and_former_registers_but_never_the_staff_note(
    client, register, interest, former_holder
):
    page = client.get(reverse("transparency:interest_registers")).content.decode()
    assert "Nadia Farrow" in page and "Marcus Reid" in page
    assert page.index("Marcus Reid") > page.index("Former holders")
    person = client.get(register.get_absolute_url()).content.decode()
    assert "Shares in Farrow Design Ltd" in person and "Last updated" in person
    assert "NOTE-NEVER-PUBLIC" not in person and "NOTE-NEVER-PUBLIC" not in page
    former = client.get(former_holder.person.interest_register.get_absolute_url()).content.decode()
    assert "former holder" in former and "Trustee of a charity" in former


def test_only_former_holders_are_labelled_former_on_the_public_list(client, register, former_holder):
    page = client.get(reverse("transparency:interest_registers")).content.decode()
    current, former = page.split("<h2>Former holders</h2>")
    assert "Nadia Farrow" in current and "Former holder</span>" not in current
    assert "Marcus Reid" in former and "Former holder</span>" in former


def test_a_register_is_public_from_its_holders_first_day_in_office_and_not_the_day_before(client, register, interest):
    today = timezone.localdate()
    index, csv_url = reverse("transparency:interest_registers"), reverse("transparency:interest_registers_csv")
    InterestRegister.objects.filter(pk=register.pk).update(holds_office_from=today + timedelta(days=1))
    assert client.get(register.get_absolute_url()).status_code == 404
    assert "Nadia Farrow" not in client.get(index).content.decode()
    assert "Farrow Design" not in client.get(csv_url).content.decode()
    assert not InterestRegister.objects.public().filter(pk=register.pk).exists()
    InterestRegister.objects.filter(pk=register.pk).update(holds_office_from=today)
    page = client.get(register.get_absolute_url()).content.decode()
    assert "Shares in Farrow Design Ltd" in page and "former holder" not in page
    assert "Nadia Farrow" in client.get(index).content.decode().split("<h2>Former holders</h2>")[0]
    rows = list(csv.DictReader(io.StringIO(client.get(csv_url).content.decode())))
    assert [(row["holder"], row["holder_status"]) for row in rows] == [("Nadia Farrow", "current")]


def test_an_unpublished_register_is_nowhere_public(client, register, interest):
    InterestRegister.objects.filter(pk=register.pk).update(published=False)
    assert client.get(register.get_absolute_url()).status_code == 404
    assert "Nadia Farrow" not in client.get(reverse("transparency:interest_registers")).content.decode()
    assert "Farrow Design" not in client.get(reverse("transparency:interest_registers_csv")).content.decode()


def test_the_interests_csv_cannot_run_formulas(client, register, holder):
    services.add_interest(
        user=holder, register=register, category=C.OFFICE, description='=HYPERLINK("x")', from_date=date(2021, 1, 1)
    )
    rows = list(csv.reader(io.StringIO(client.get(reverse("transparency:interest_registers_csv")).content.decode())))
    assert rows[0][:2] == ["holder", "capacity"]
    descriptions = [row[4] for row in rows[1:]]
    assert descriptions == ['\'=HYPERLINK("x")']
    assert "NOTE-NEVER-PUBLIC" not in str(rows)


def test_the_public_registers_list_does_not_query_per_register(client, secretary):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("transparency:interest_registers"))
        return len(queries)

    def add():
        services.create_register(
            user=secretary, person=PersonFactory(), capacity="independent", holds_office_from=date(2024, 1, 1)
        )

    add()
    before = count()
    for _ in range(4):
        add()
    assert count() == before


# The twelve-month reminder


def _reviewed(interest, moment):
    Interest.objects.filter(pk=interest.pk).update(reviewed_at=moment, reminded_at=None)


@pytest.mark.parametrize(
    "reviewed, now, stale",
    [
        (at(2023, 3, 1), at(2024, 2, 29, 13), False),  # 365 days in a leap year: not yet twelve months
        (at(2023, 3, 1), at(2024, 3, 1, 13), True),  # 366 days: twelve months have passed
        (at(2024, 6, 10), at(2025, 6, 10, 11), False),  # 365 days, an hour short of twelve months
        (at(2024, 6, 10), at(2025, 6, 10, 13), True),
        (at(2024, 2, 29), at(2025, 2, 28, 11), False),
        (at(2024, 2, 29), at(2025, 3, 1, 11), True),
    ],
)
def test_an_entry_is_stale_after_twelve_calendar_months(interest, reviewed, now, stale):
    _reviewed(interest, reviewed)
    assert Interest.objects.stale(now).filter(pk=interest.pk).exists() is stale


def test_the_reminder_is_sent_once_per_staleness_to_the_holder_with_a_link(interest, holder, secretary):
    _reviewed(interest, at(2024, 1, 10))
    now = at(2025, 3, 1)
    assert services.send_due_reminders(now) == 1
    assert services.send_due_reminders(now + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["deputy@example.org"]
    assert "Shares in Farrow Design Ltd" in message.body and interest.register.get_staff_url() in message.body
    # Reviewed, then stale again a year later: one more reminder.
    services.confirm_interest(user=holder, interest=interest, expected_version=interest.version)
    Interest.objects.filter(pk=interest.pk).update(reviewed_at=at(2025, 3, 2))
    assert services.send_due_reminders(at(2026, 3, 1)) == 0
    assert services.send_due_reminders(at(2026, 3, 3)) == 1
    assert len(mail.outbox) == 2


def test_without_a_login_address_the_reminder_goes_to_the_secretaries(interest, holder, secretary):
    secretary.email = "secretary@example.org"
    secretary.save()
    type(holder).objects.filter(pk=holder.pk).update(email="")
    _reviewed(interest, at(2024, 1, 10))
    assert services.send_due_reminders(at(2025, 3, 1)) == 1
    assert mail.outbox[0].to == ["secretary@example.org"] and "Nadia Farrow" in mail.outbox[0].subject


def test_former_holders_and_ended_entries_are_not_reminded(former_holder, interest):
    old = timezone.now() - timedelta(days=800)
    Interest.objects.update(reviewed_at=old)
    Interest.objects.filter(pk=interest.pk).update(to_date=timezone.localdate() - timedelta(days=1))
    assert services.send_due_reminders() == 0


def test_the_daily_command_sends_through_the_task_and_is_idempotent(interest):
    _reviewed(interest, timezone.now() - timedelta(days=400))
    out = io.StringIO()
    call_command("send_register_reminders", stdout=out)
    call_command("send_register_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder(s) sent.", "0 reminder(s) sent."]
    assert len(mail.outbox) == 1


# Gifts and hospitality


def _gift_post(recipient, **changes):
    return {
        "offered_on": "2026-03-05",
        "recipient": recipient.pk,
        "description": "Tickets to a concert",
        "offered_by": "Northshire Arts Trust",
        "value": "80.00",
        "outcome": Gift.Outcome.DECLINED,
        "reason": "No business purpose",
        "staff_note": "",
        **changes,
    }


def test_gifts_are_numbered_by_the_year_offered_and_keep_the_recipients_post(client, secretary, holder, gift):
    client.force_login(secretary)
    client.post(reverse("transparency:staff_gift_create"), _gift_post(holder.person))
    client.post(reverse("transparency:staff_gift_create"), _gift_post(holder.person, offered_on="2025-12-31"))
    assert sorted(Gift.objects.values_list("reference_year", "reference_number")) == [(2025, 1), (2026, 1), (2026, 2)]
    newest = Gift.objects.get(reference_year=2026, reference_number=2)
    assert newest.reference == "GH2026/002" and newest.recipient_post.startswith("Deputy Commissioner")
    assert newest.history.get().history_user == secretary
    Person.objects.filter(pk=holder.person.pk).update(post_title="Police and Crime Commissioner")
    newest.refresh_from_db()
    assert newest.recipient_post.startswith("Deputy Commissioner")


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "cannot be negative"),
        ("250000", "check the figure"),
        ("1e9", "check the figure"),
        ("1000000000", "check the figure"),
        ("12.345", "no more than 2 decimal places"),
        ("abc", "Enter a number"),
    ],
)
def test_a_bad_value_is_refused_beside_the_field_and_the_form_kept(client, secretary, holder, value, message):
    client.force_login(secretary)
    page = client.post(
        reverse("transparency:staff_gift_create"), _gift_post(holder.person, value=value, description="Kept text")
    ).content.decode()
    assert message in page and "Kept text" in page
    assert not Gift.objects.exists()


def test_the_public_gifts_register_filters_newest_first_and_never_shows_staff_notes(client, secretary, holder, gift):
    other = PersonFactory(name="Ravi Chandra")
    gift_services.record_gift(
        user=secretary, **{**_gift_fields(other), "offered_on": date(2025, 6, 1), "outcome": Gift.Outcome.ACCEPTED}
    )
    url = reverse("transparency:gifts")
    page = client.get(url).content.decode()
    assert page.index("GH2026/001") < page.index("GH2025/001")
    assert "Returned by post" not in page
    assert "GH2026/001" not in client.get(url, {"year": 2025}).content.decode()
    assert "GH2025/001" not in client.get(url, {"recipient": holder.person.pk}).content.decode()
    only_accepted = client.get(url, {"outcome": "accepted"}).content.decode()
    assert "GH2025/001" in only_accepted and "GH2026/001" not in only_accepted
    assert "GH2026/001" in client.get(url, {"year": "nonsense"}).content.decode()
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("transparency:gifts_csv"), {"year": 2025}).content.decode()))
    )
    assert [row["reference"] for row in rows] == ["GH2025/001"] and "staff_note" not in rows[0]


def _gift_fields(recipient):
    return {
        "offered_on": date(2026, 1, 5),
        "recipient": recipient,
        "description": "=cmd|' /C calc'!A0",
        "offered_by": "@supplier",
        "value": Decimal("10"),
        "outcome": Gift.Outcome.DECLINED,
        "reason": "+reason",
        "staff_note": "",
    }


def test_the_gifts_csv_cannot_run_formulas(client, secretary, holder):
    gift_services.record_gift(user=secretary, **_gift_fields(holder.person))
    row = next(csv.DictReader(io.StringIO(client.get(reverse("transparency:gifts_csv")).content.decode())))
    assert row["offered"].startswith("'=") and row["offered_by"] == "'@supplier" and row["reason"] == "'+reason"


def test_the_gifts_register_is_paged(client, secretary, holder):
    for day in range(1, 28):
        gift_services.record_gift(user=secretary, **{**_gift_fields(holder.person), "offered_on": date(2025, 1, day)})
    first = client.get(reverse("transparency:gifts")).content.decode()
    assert "Page 1 of 2" in first and "GH2025/027" in first and "GH2025/001" not in first
    assert "GH2025/001" in client.get(reverse("transparency:gifts"), {"page": 2}).content.decode()


def test_a_stale_gift_edit_is_refused(client, secretary, holder, gift):
    client.force_login(secretary)
    url = reverse("transparency:staff_gift_edit", args=[gift.pk])
    data = _gift_post(holder.person, offered_on="2026-03-02", expected_version=gift.version)
    assert client.post(url, {**data, "value": "50"}).status_code == 302
    page = client.post(url, {**data, "value": "60"}).content.decode()
    assert "Not saved" in page
    assert Gift.objects.get(pk=gift.pk).value == Decimal("50")
    page = client.post(url, {**data, "offered_on": "2025-03-02", "expected_version": gift.version + 1}).content.decode()
    assert "belongs to 2026" in page


# Declarations in minutes


def test_a_holders_declaration_linked_to_no_entry_blocks_clearance_until_linked(request, register, interest, secretary):
    draft = request.getfixturevalue("minutes")
    item = draft.items.filter(standard="").first()
    declaration = Declaration.objects.create(
        minutes=draft, person=register.person, item=item, nature="Shareholder in a bidder"
    )
    problems = [p.message for p in minutes_problems(draft)]
    assert any("keeps a register of interests" in message for message in problems)
    with pytest.raises(minutes_services.ProblemsRemain):
        minutes_services.submit_minutes(minutes=draft, user=secretary)
    Declaration.objects.filter(pk=declaration.pk).update(interest=interest)
    assert minutes_problems(draft) == []


def test_the_declarations_form_offers_the_persons_entries_and_refuses_anothers(
    request, register, interest, other_holder
):
    draft = request.getfixturevalue("minutes")
    item = draft.items.first()
    other_entry = services.add_interest(
        user=other_holder,
        register=other_holder.person.interest_register,
        category=C.EMPLOYMENT,
        description="Accountant",
        from_date=date(2020, 1, 1),
    )
    saved = Declaration.objects.create(minutes=draft, person=register.person, item=item, nature="Shares")
    form = DeclarationForm(instance=saved, minutes=draft)
    assert list(form.fields["interest"].queryset) == [interest]
    data = {"person": register.person.pk, "item": item.pk, "nature": "Shares", "interest": other_entry.pk}
    bound = DeclarationForm(data=data, instance=Declaration(minutes=draft), minutes=draft)
    assert not bound.is_valid() and "register of Gwen Talbot" in str(bound.errors["interest"])


def test_the_minutes_link_a_declaration_to_the_public_register(request, register, interest, member):
    draft = request.getfixturevalue("minutes")
    item = draft.items.first()
    Declaration.objects.create(minutes=draft, person=register.person, item=item, nature="Shares", interest=interest)
    Declaration.objects.create(minutes=draft, person=member.person, item=item, nature="Trustee")
    html = "".join(
        str(p.numbered_html) for entry in build_minutes(draft, confidential=True).items for p in entry.paragraphs
    )
    assert f'href="{register.get_absolute_url()}"' in html and html.count("Register of interests of") == 1
    InterestRegister.objects.filter(pk=register.pk).update(published=False)
    html = "".join(
        str(p.numbered_html) for entry in build_minutes(draft, confidential=True).items for p in entry.paragraphs
    )
    assert "Register of interests of" not in html


def test_confirming_is_a_post_for_the_holder_and_the_secretary_only(client, users, interest, holder):
    url = reverse("transparency:staff_interest_confirm", args=[interest.pk])
    response = client.post(url, {"expected_version": interest.version})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(users["author"])
    assert client.post(url, {"expected_version": interest.version}).status_code == 403
    client.force_login(holder)
    assert client.get(url).status_code == 405
    for who in (holder, users["secretary"]):
        client.force_login(who)
        version = Interest.objects.get(pk=interest.pk).version
        assert client.post(url, {"expected_version": version}).status_code == 302
        assert Interest.objects.get(pk=interest.pk).history.first().history_user == who


def test_the_secretary_opens_a_register_and_a_person_gets_one_only(client, secretary):
    person = PersonFactory(name="Gwen Talbot")
    client.force_login(secretary)
    url = reverse("transparency:staff_register_create")
    data = {"person": person.pk, "capacity": "independent", "holds_office_from": "2024-05-01", "published": "on"}
    page = client.post(url, {**data, "holds_office_to": "2024-04-01"}).content.decode()
    assert "cannot be before its start" in page
    assert client.post(url, data).status_code == 302
    register = InterestRegister.objects.get(person=person)
    assert register.history.get().history_user == secretary
    with pytest.raises(services.TransitionError):
        services.create_register(
            user=secretary, person=person, capacity="independent", holds_office_from=date(2024, 5, 1)
        )
    assert person.pk not in [
        choice[0] for choice in client.get(url).context["form"].fields["person"].choices if choice[0]
    ]
