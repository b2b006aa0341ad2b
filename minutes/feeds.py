from django.utils import timezone

from pcp_portal.feeds import Entry, Source

from .models import Minutes


def minutes_heads(*, board_id=None, limit: int) -> list[tuple]:
    """Minutes' entry shows their own dates and their meeting's (a moved meeting changes it)."""
    minutes = Minutes.objects.public()
    if board_id is not None:
        minutes = minutes.filter(meeting__board_id=board_id)
    rows = minutes.order_by("-published_at", "-pk")
    return list(rows.values_list("published_at", "pk", "updated_at", "meeting__updated_at")[:limit])


def minutes_entries(pks) -> list[Entry]:
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
        for m in Minutes.objects.public().filter(pk__in=pks).select_related("meeting__board")
    ]


FEED_SOURCES = [Source(minutes_heads, minutes_entries)]


def recent_minutes(limit: int = 5) -> list[Minutes]:
    return list(Minutes.objects.public().select_related("meeting__board").order_by("-published_at")[:limit])
