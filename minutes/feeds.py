from django.utils import timezone

from pcp_portal.feeds import Entry, Source

from .models import Minutes


def minutes_rows(board_id=None):
    minutes = Minutes.objects.public()
    if board_id is not None:
        minutes = minutes.filter(meeting__board_id=board_id)
    return minutes.order_by("-published_at", "-pk").select_related("meeting__board")


def minutes_entry(m: Minutes) -> Entry:
    return Entry(
        f"{m.meeting.board.name}, {m.meeting.date:%-d %B %Y}",
        m.get_absolute_url(),
        m.published_at,
        f"Signed {timezone.localtime(m.signed_at):%-d %B %Y}",
        "Minutes",
        key=f"minutes/{m.pk}",
        author=m.meeting.board.name,
    )


# Minutes' entry shows their own dates and their meeting's (a moved meeting changes it).
FEED_SOURCES = [Source(minutes_rows, ("published_at", "pk", "updated_at", "meeting__updated_at"), minutes_entry)]


def recent_minutes(limit: int = 5) -> list[Minutes]:
    return list(Minutes.objects.public().select_related("meeting__board").order_by("-published_at")[:limit])
