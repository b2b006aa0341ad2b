"""E-mail to board members, through Django's mail (console backend by default)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from pcp_portal.mail import subject_line

from .models import Board, Meeting, Membership, PackBuild, WrittenProcedure
from .permissions import position_holders


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
    subject = subject_line(subject)
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

    def body(positions: bool) -> str:
        also = ", and your positions on the recommendations" if positions else ""
        return (
            f"The {label.lower()} for the meeting of the {meeting.board} on {meeting.date:%-d %B %Y} "
            f"is published.\n\nPublic pack: {_absolute(build.get_absolute_url())}\n"
            f"Your papers, including the confidential pack{also}:\n"
            f"{_absolute(meeting.get_staff_url())}\n"
        )

    return _send_asking(meeting.board, subject, body)


def _send_asking(board: Board, subject: str, body) -> int:
    """`body(True)` to those who may record a position on `board` now (`permissions.position_holders`, the
    rule `record_position` applies), `body(False)` to the board's other members: an officer who sits on the
    board without a member's login is sent the papers, and not asked for what they cannot give."""
    asked = set(position_holders(board).values_list("person__user__email", flat=True))
    subject = subject_line(subject)
    messages = [(subject, body(email in asked), settings.DEFAULT_FROM_EMAIL, [email]) for email in member_emails(board)]
    return send_mass_mail(messages)


def written_procedure_circulated(procedure: WrittenProcedure) -> int:
    paper = procedure.paper
    closes = f"{procedure.closes_on:%-d %B %Y}"

    def body(positions: bool) -> str:
        ask = f"Read it and record your position on each recommendation by {closes}" if positions else "Read it"
        return (
            f"The {paper.board} is asked to decide on the paper “{paper.title}” in writing.\n\n"
            f"{ask}:\n{_absolute(reverse('boards:staff_paper', args=[paper.pk]))}\n"
        )

    return _send_asking(paper.board, f"For decision in writing by {closes}: {paper.title}", body)


# Hand-over e-mails: each goes to the person whose turn it now is, unless they turned that kind off, and goes
# out through the tasks API after the hand-over commits.


def wanted(kind: str, users) -> list:
    """Those of `users` who have an address, are active and have not turned `kind` off."""
    from accounts.models import EmailOptOut

    users = [user for user in users if user is not None and user.is_active and user.email]
    off = set(
        EmailOptOut.objects.filter(kind=kind, user__in=[user.pk for user in users]).values_list("user", flat=True)
    )
    return [user for user in users if user.pk not in off]


def handover(kind: str, users, subject: str, body: str) -> list[str]:
    """Queue `subject` to each of `users` who wants `kind`; the addresses it went to."""
    recipients = sorted({user.email for user in wanted(kind, users)})
    from .tasks import enqueue_emails

    enqueue_emails(
        subject, body + "\n\nTurn these e-mails off: " + _absolute(reverse("email_preferences")) + "\n", recipients
    )
    return recipients


def reviewers():
    from django.contrib.auth import get_user_model

    from pcp_portal.roles import Role

    return list(get_user_model().objects.filter(groups__name=Role.REVIEWER.label, is_active=True).distinct())


def paper_submitted(paper) -> list[str]:
    from accounts.models import EmailKind

    users = [user for user in reviewers() if user.pk != paper.created_by_id]
    body = f"“{paper.title}” for the {paper.board} is submitted for review.\n\n"
    body += f"Review it: {_absolute(paper.get_staff_url())}"
    return handover(EmailKind.SUBMITTED, users, f"For review: {paper.title}", body)


def paper_reviewed(paper, *, returned: bool, comment: str) -> list[str]:
    from accounts.models import EmailKind

    if returned:
        subject = f"Returned to you: {paper.title}"
        body = f"The reviewer returned “{paper.title}” to you with this comment:\n\n{comment}\n\n"
        body += f"Edit the paper: {_absolute(reverse('boards:staff_paper_edit', args=[paper.pk]))}"
    else:
        subject = f"Cleared: {paper.title}"
        body = f"“{paper.title}” is cleared for publication.\n\n{comment + chr(10) + chr(10) if comment else ''}"
        body += f"The paper: {_absolute(paper.get_staff_url())}"
    return handover(EmailKind.REVIEWED, [paper.created_by], subject, body)


def decisions_to_confirm(paper, chair_user) -> list[str]:
    """Once per paper and chair: the decisions recorded on `paper` wait for their confirmation."""
    from accounts.models import EmailKind, SentEmail

    if chair_user is None or SentEmail.objects.filter(user=chair_user, key=f"confirm-paper:{paper.pk}").exists():
        return []
    sent = handover(
        EmailKind.TO_CONFIRM,
        [chair_user],
        f"Decisions to confirm: {paper.title}",
        f"The board's decisions on “{paper.title}” are recorded and wait for your confirmation.\n\n"
        f"Confirm them: {_absolute(paper.get_staff_url())}",
    )
    SentEmail.objects.get_or_create(user=chair_user, key=f"confirm-paper:{paper.pk}")
    return sent
