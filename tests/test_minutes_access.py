"""Every workspace URL of minutes and actions: allowed roles, refused roles, the anonymous visitor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from minutes import services
from minutes.models import Action, Minutes

from .conftest import at_two_pm

OFFICE = ["author", "other_author", "reviewer", "secretary"]


@pytest.fixture
def world(meeting, secretary, board, users):
    from boards import services as board_services

    # The meeting was held forty days ago; the next one, held five days ago, approved its minutes.
    later = board_services.schedule_meeting(board=board, starts_at=at_two_pm(-5), user=secretary)
    Meeting.objects.filter(pk=later.pk).update(status=Meeting.Status.HELD)
    later.refresh_from_db()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, starts_at=at_two_pm(-40))
    meeting.refresh_from_db()
    other = board_services.schedule_meeting(board=board, starts_at=at_two_pm(-20), user=secretary)
    Meeting.objects.filter(pk=other.pk).update(status=Meeting.Status.HELD)
    minutes = services.start_minutes(meeting=meeting, user=secretary)
    action = Action.objects.create(
        board=board,
        reference="2026/01",
        raised_at=minutes,
        text="Report back",
        owner=users["member"].person,
        due_on=timezone.localdate() + timedelta(days=9),
    )
    return {"minutes": minutes, "later": later, "unminuted": other, "action": action}


STATE_FOR = {
    "staff_minutes_clear": Minutes.Status.SUBMITTED,
    "staff_minutes_return": Minutes.Status.CLEARED,
    "staff_minutes_circulate": Minutes.Status.CLEARED,
    "staff_minutes_approve": Minutes.Status.CIRCULATED,
    "staff_minutes_sign": Minutes.Status.APPROVED,
    "staff_minutes_publish": Minutes.Status.SIGNED,
    "staff_minutes_correct": Minutes.Status.SIGNED,
    "staff_minutes": Minutes.Status.CIRCULATED,
    "staff_minutes_pdf": Minutes.Status.CIRCULATED,
}


def put_in_state(minutes, state, later):
    Minutes.objects.filter(pk=minutes.pk).update(
        status=state, approved_at=later if state in ("approved", "signed") else None
    )
    minutes.refresh_from_db()


CASES = [
    ("staff_minutes_list", "get", {**dict.fromkeys(OFFICE + ["member", "chair"], 200), "no_role": 403}),
    ("staff_minutes_start", "post", {"secretary": 302, "author": 403, "reviewer": 403, "chair": 403}),
    ("staff_minutes", "get", {"author": 200, "member": 200, "chair": 200, "outside_member": 404, "no_role": 403}),
    ("staff_minutes_edit", "get", {"secretary": 200, "reviewer": 403, "author": 403, "member": 404}),
    ("staff_minutes_pdf", "get", {"reviewer": 200, "member": 200, "outside_member": 404}),
    ("staff_minutes_clear", "post", {"reviewer": 302, "secretary": 403, "author": 403, "member": 404}),
    ("staff_minutes_return", "post", {"reviewer": 302, "author": 403}),
    ("staff_minutes_circulate", "post", {"secretary": 302, "reviewer": 403}),
    ("staff_minutes_approve", "post", {"secretary": 302, "chair": 403, "reviewer": 403}),
    ("staff_minutes_sign", "post", {"chair": 302, "secretary": 403, "member": 403, "outside_member": 404}),
    ("staff_minutes_publish", "post", {"secretary": 302, "chair": 403}),
    ("staff_minutes_correct", "post", {"secretary": 302, "reviewer": 403, "chair": 403}),
    ("staff_actions", "get", {**dict.fromkeys(OFFICE + ["member", "chair"], 200), "no_role": 403}),
    ("staff_action_update", "post", {"member": 302, "secretary": 302, "chair": 403, "author": 403}),
]


def url_and_data(name, w):
    minutes = w["minutes"]
    if name == "staff_minutes_list" or name == "staff_actions":
        return reverse(f"minutes:{name}"), {}
    if name == "staff_minutes_start":
        return reverse("minutes:staff_minutes_start", args=[w["unminuted"].pk]), {}
    if name == "staff_action_update":
        return reverse("minutes:staff_action_update", args=[w["action"].pk]), {"status": "done", "note": "Done."}
    data = {
        "staff_minutes_return": {"comment": "Fix item 4."},
        "staff_minutes_approve": {"at_meeting": w["later"].pk},
        "staff_minutes_correct": {"text": "A correction."},
        "staff_minutes_sign": {"confirmed": "1"},
    }.get(name, {})
    return reverse(f"minutes:{name}", args=[minutes.pk]), data


def _expand():
    for name, method, expected in CASES:
        for role, code in expected.items():
            yield pytest.param(name, method, role, code, id=f"{name}-{role}")
        yield pytest.param(name, method, "anonymous", 302, id=f"{name}-anonymous")


@pytest.mark.parametrize(("name", "method", "role", "code"), list(_expand()))
def test_minutes_workspace_url_access(client, users, world, name, method, role, code):
    minutes = world["minutes"]
    if name in STATE_FOR:
        put_in_state(minutes, STATE_FOR[name], world["later"])
    if role != "anonymous":
        client.force_login(users[role])
    before = (Minutes.objects.get(pk=minutes.pk).status, minutes.events.count(), Minutes.objects.count())

    url, data = url_and_data(name, world)
    response = getattr(client, method)(url, data)

    assert response.status_code == code
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    after = (Minutes.objects.get(pk=minutes.pk).status, minutes.events.count(), Minutes.objects.count())
    if method == "post" and code != 302:
        assert after == before
    if method == "post" and code == 302 and role != "anonymous" and name != "staff_action_update":
        assert after != before  # the step was taken and recorded
