"""Demo minutes for the fictional Northshire office (see `boards.demo`)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from boards import services as board_services
from boards.demo import _meeting, published_in_time
from boards.models import Board, Meeting, Person

from . import services
from .models import Action, Attendance, Minutes


def _user(username):
    return get_user_model().objects.get(username=username)


def _person(name: str) -> Person:
    return Person.objects.filter(name=name).order_by("pk").first()


def _fill(minutes: Minutes, apologies: list[str], action_text: str, owner: Person, due_in_days: int) -> None:
    for initials in apologies:
        minutes.attendance.filter(person__initials=initials).update(state=Attendance.State.APOLOGIES)
    for item in minutes.items.filter(standard="", part="public"):
        if not item.body:
            item.body = (
                "The Board discussed the report and noted the progress made.\n\n"
                "Members asked about the risks and how they are managed."
            )
        else:
            item.body += "\n\nMembers asked about the risks and how they are managed."
        item.save()
    first = minutes.items.filter(standard="").first()
    Action.objects.create(
        board=minutes.meeting.board,
        reference=services.next_action_reference(minutes.meeting.board, minutes.meeting.date.year),
        raised_at=minutes,
        minute_item=first,
        text=action_text,
        owner=owner,
        due_on=minutes.meeting.date + timedelta(days=due_in_days),
    )


@transaction.atomic
def seed_minutes() -> None:
    secretary, reviewer, chair = _user("secretary"), _user("reviewer"), _user("chair")
    bcb = Board.objects.get(slug="bcb")
    held = Meeting.objects.filter(board=bcb, status=Meeting.Status.HELD).order_by("starts_at")
    latest = held.last()
    if latest is None or Minutes.objects.filter(meeting__board=bcb).exists():
        return
    # An earlier meeting whose minutes were approved at the latest one, signed and published.
    earlier, created = _meeting(bcb, latest.date - timedelta(days=63), ["Custody Health Contract Review"])
    if not created:
        return  # a meeting people have been using: its record is theirs to write
    board_services.publish_agenda(meeting=earlier, user=secretary)
    published_in_time(earlier)
    Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.HELD)
    earlier.refresh_from_db()
    first = services.start_minutes(meeting=earlier, user=secretary)
    # The chair was away: the vice-chair took the chair, so signs these minutes.
    vice_chair = _user("member")
    board_services.record_chair(meeting=earlier, user=secretary, person=vice_chair.person)
    _fill(
        first,
        ["RC", chair.person.initials],
        "Report the custody health contract's performance quarterly",
        _person("Tom Heathcote"),
        30,
    )
    services.submit_minutes(minutes=first, user=secretary)
    services.clear_minutes(minutes=first, user=reviewer)
    services.circulate_minutes(minutes=first, user=secretary)
    services.approve_minutes(minutes=first, user=secretary, at_meeting=latest)
    services.sign_minutes(minutes=first, user=vice_chair)
    services.publish_minutes(minutes=first, user=secretary)
    # The latest meeting's minutes: drafted, submitted for clearance, cleared and circulated to members as a draft.
    second = services.start_minutes(meeting=latest, user=secretary)
    _fill(second, ["TH"], "Circulate the revised victims service specification", _person("Priya Lindqvist"), 21)
    services.submit_minutes(minutes=second, user=secretary)
    services.clear_minutes(minutes=second, user=reviewer)
    services.circulate_minutes(minutes=second, user=secretary)
