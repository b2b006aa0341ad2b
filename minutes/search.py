"""Published minutes in the search index, in their public version."""

from django.db.models.signals import post_save

from boards.models import Board
from pcp_portal import search

from .document import build_minutes
from .models import Minutes


def minutes_title(board_name: str, day) -> str:
    return f"Minutes: {board_name}, {day:%-d %B %Y}"


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
        title=minutes_title(meeting.board.name, meeting.date),
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


def _board_saved(sender, instance: Board, created: bool, **kwargs) -> None:
    """A board renamed: its minutes' entries are titled with its new name (the index's board filter and links
    follow it in `pcp_portal.search.rename_board`)."""
    if created:
        return
    published = Minutes.objects.public().filter(meeting__board=instance).select_related("meeting")
    search.retitle(
        {
            f"minutes:{minutes.pk}": minutes_title(instance.name, minutes.meeting.date)
            for minutes in published.only("meeting__starts_at")
        }
    )


def connect() -> None:
    post_save.connect(_board_saved, sender=Board, dispatch_uid="search-minutes-board-renamed")
