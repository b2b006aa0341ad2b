"""What `minutes` puts in a meeting's pack under "Minutes of the Last Meeting and Action Log".

The board's previous meeting's minutes and the action log the meeting
considers, as ModernGov packs carry them. The public pack has only what the
public may read (published minutes' public version, actions of public items
of published minutes); the confidential pack what the board's members may
read (minutes circulated to them or later, in their confidential version).
"""

from __future__ import annotations

from django.conf import settings

from boards.models import Meeting
from pcp_portal.pdf import Part, render_pdf

from .models import Action, Minutes


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The board's meeting before this one; a cancelled meeting was never held and has no minutes."""
    return (
        Meeting.objects.filter(board=meeting.board, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def readable_minutes(*, confidential: bool):
    """The minutes this audience may read: the public's published minutes, or what members read."""
    return Minutes.objects.filter(status__in=Minutes.MEMBER_VISIBLE) if confidential else Minutes.objects.public()


def last_minutes(meeting: Meeting, *, confidential: bool) -> Minutes | None:
    """The minutes of the board's previous meeting, if this audience may read them. Never older minutes: the
    pack would put the wrong meeting's record before the board."""
    previous = previous_meeting(meeting)
    if previous is None:
        return None
    return readable_minutes(confidential=confidential).filter(meeting=previous).select_related("meeting__board").first()


def pack_parts(meeting: Meeting, *, confidential: bool) -> list[Part | str]:
    """The minutes of the previous meeting and the action log; or, when the previous meeting's minutes are not
    yet for this audience, a note that says so (the agenda prints it under the item)."""
    from .services import render_minutes_pdf

    parts: list[Part | str] = []
    minutes = last_minutes(meeting, confidential=confidential)
    previous = previous_meeting(meeting) if minutes is None else None
    if previous is not None:
        state = "circulated to members" if confidential else "published"
        day = f"{previous.date:%-d %B %Y}"
        note = f"The minutes of the meeting of {day} are not yet {state}, so they are not in this pack."
        parts.append(note if confidential else f"{note} They are published once approved and signed.")
    if minutes is not None:
        title = f"Minutes of the meeting of {minutes.meeting.date:%-d %B %Y}"
        if confidential or not minutes.pdf:
            content = render_minutes_pdf(minutes, confidential=confidential).content
        else:
            with minutes.pdf.open("rb") as handle:  # the public version, rendered once when signed
                content = handle.read()
        parts.append(Part(content, title, name=f"The {title[0].lower()}{title[1:]}"))
    actions = Action.objects.log_for(meeting)
    actions = actions.circulated() if confidential else actions.public()
    actions = list(actions.select_related("owner").order_by("reference"))
    if actions:
        context = {
            "meeting": meeting,
            "actions": actions,
            "confidential": confidential,
            "organisation": settings.ORGANISATION_NAME,
        }
        parts.append(Part(render_pdf("pdf/action_log.html", context).content, "Action log", name="The action log"))
    return parts
