"""E-mail to board members, through Django's mail (console backend by default)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from .models import Board, Meeting, Membership, PackBuild, WrittenProcedure


def member_emails(board: Board) -> list[str]:
    """The addresses of the board's current members and chair who have a login."""
    return sorted(
        set(
            Membership.objects.current()
            .filter(board=board, role__in=[Membership.Role.CHAIR, Membership.Role.MEMBER], person__user__isnull=False)
            .exclude(person__user__email="")
            .values_list("person__user__email", flat=True)
        )
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(board: Board, subject: str, body: str) -> int:
    recipients = member_emails(board)
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients])


def _when(moment: datetime) -> str:
    return date_filter(timezone.localtime(moment), "l j F Y, H:i")


def meeting_moved(meeting: Meeting, *, moved_from: datetime) -> int:
    """Members hold the old date in their diaries and may have the old link: tell them both."""
    revised = (
        "The agenda and packs are being rebuilt with the new date; the meeting page links to them.\n"
        if meeting.agenda_in_circulation
        else ""
    )
    body = (
        f"The meeting of the {meeting.board} on {_when(moved_from)} has moved to {_when(meeting.starts_at)}"
        f"{f', at {meeting.location}' if meeting.location else ''}.\n\n{meeting.notice}\n\n{revised}"
        f"The meeting: {_absolute(meeting.get_absolute_url())}\n"
        f"Your papers and positions: {_absolute(meeting.get_staff_url())}\n"
    )
    return _send(meeting.board, f"Meeting moved: {meeting.board} now on {meeting.date:%-d %B %Y}", body)


def pack_published(build: PackBuild) -> int:
    meeting = build.meeting
    earlier = meeting.pack_builds.ready().filter(kind=build.kind, supplement_number=build.supplement_number)
    revised = earlier.exclude(pk=build.pk).exists()
    label = f"Revised {build.label.lower()}" if revised else build.label
    subject = f"{label} published: {meeting.board} on {meeting.date:%-d %B %Y}"
    body = (
        f"The {label.lower()} for the meeting of the {meeting.board} on {meeting.date:%-d %B %Y} "
        f"is published.\n\nPublic pack: {_absolute(build.get_absolute_url())}\n"
        f"Your papers, including the confidential pack, and your positions on the recommendations:\n"
        f"{_absolute(meeting.get_staff_url())}\n"
    )
    return _send(meeting.board, subject, body)


def written_procedure_circulated(procedure: WrittenProcedure) -> int:
    paper = procedure.paper
    closes = f"{procedure.closes_on:%-d %B %Y}"
    body = (
        f"The {paper.board} is asked to decide on the paper “{paper.title}” in writing.\n\n"
        f"Read it and record your position on each recommendation by {closes}:\n"
        f"{_absolute(reverse('boards:staff_paper', args=[paper.pk]))}\n"
    )
    return _send(paper.board, f"For decision in writing by {closes}: {paper.title}", body)
