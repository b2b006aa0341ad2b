from django.utils import timezone

from pcp_portal.feeds import Entry, fingerprint

from .models import Minutes


def feed_entries(*, board=None, limit: int = 50) -> list[Entry]:
    minutes = Minutes.objects.public().select_related("meeting__board").order_by("-published_at")
    if board is not None:
        minutes = minutes.filter(meeting__board=board)
    return [
        Entry(
            f"{m.meeting.board.name}, {m.meeting.date:%-d %B %Y}",
            m.get_absolute_url(),
            m.published_at,
            f"Signed {timezone.localtime(m.signed_at):%-d %B %Y}",
            "Minutes",
            key=f"minutes/{m.pk}",
            author=m.meeting.board.name,
        )
        for m in minutes[:limit]
    ]


def feed_version(*, board_id: int | None = None) -> tuple:
    """Changes whenever `feed_entries` would: minutes published or changed, their meeting moved."""
    minutes = Minutes.objects.public()
    if board_id is not None:
        minutes = minutes.filter(meeting__board_id=board_id)
    return fingerprint(minutes, "updated_at", "meeting__updated_at")


def recent_minutes(limit: int = 5) -> list[Minutes]:
    return list(Minutes.objects.public().select_related("meeting__board").order_by("-published_at")[:limit])
