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


def last_minutes(meeting: Meeting, *, confidential: bool) -> Minutes | None:
    """The minutes of the board's meeting before this one, if this audience may read them."""
    minutes = Minutes.objects.filter(meeting__board=meeting.board, meeting__starts_at__lt=meeting.starts_at)
    minutes = minutes.filter(status__in=Minutes.MEMBER_VISIBLE) if confidential else minutes.public()
    return minutes.select_related("meeting__board").order_by("-meeting__starts_at").first()


def pack_parts(meeting: Meeting, *, confidential: bool) -> list[Part]:
    from .services import render_minutes_pdf

    parts = []
    minutes = last_minutes(meeting, confidential=confidential)
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
