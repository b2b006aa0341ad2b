"""Published minutes in the search index, in their public version."""

from pcp_portal import search

from .document import build_minutes
from .models import Minutes


def minutes_document(minutes: Minutes) -> search.Document:
    document = build_minutes(minutes, confidential=False)
    lines = []
    for item in document.items:
        lines.append(f"{item.number}. {item.title}")
        lines.extend(item.exempt_note and [item.exempt_note] or [])
        for paragraph in item.paragraphs:
            lines.append(paragraph.text)
    meeting = minutes.meeting
    return search.Document(
        key=f"minutes:{minutes.pk}",
        kind="Minutes",
        title=f"Minutes: {meeting.board.name}, {meeting.date:%-d %B %Y}",
        body="\n".join(lines),
        url=minutes.get_absolute_url(),
        published_at=minutes.published_at,
        board=meeting.board.slug,
        board_name=meeting.board.name,
        year=meeting.date.year,
        themes=(meeting.theme_in_depth.name,) if meeting.theme_in_depth_id else (),
    )


def update_minutes(minutes: Minutes) -> None:
    if Minutes.objects.public().filter(pk=minutes.pk).exists():
        search.index(minutes_document(minutes))
    else:
        search.remove(f"minutes:{minutes.pk}")


def documents():
    for minutes in Minutes.objects.public().select_related("meeting__board", "meeting__theme_in_depth"):
        yield minutes_document(minutes)
