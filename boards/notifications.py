"""E-mail to board members, through Django's mail (console backend by default)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from .models import Board, Membership, PackBuild, WrittenProcedure


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


def pack_published(build: PackBuild) -> int:
    meeting = build.meeting
    subject = f"{build.label} published: {meeting.board} on {meeting.date:%-d %B %Y}"
    body = (
        f"The {build.label.lower()} for the meeting of the {meeting.board} on {meeting.date:%-d %B %Y} "
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
