from django.utils import timezone

from pcp_portal.feeds import Entry, Source

from .models import Minutes


def minutes_entry(m: dict) -> Entry:
    board = m["meeting__board__name"]
    return Entry(
        f"{board}, {timezone.localdate(m['meeting__starts_at']):%-d %B %Y}",
        Minutes.url_of(m["meeting__board__slug"], m["meeting__slug"]),
        m["published_at"],
        f"Signed {timezone.localtime(m['signed_at']):%-d %B %Y}",
        "Minutes",
        key=f"minutes/{m['pk']}",
        author=board,
    )


# Minutes' entry shows their own dates and their meeting's (a moved meeting changes it).
MINUTES = Source(
    public=Minutes.objects.public,
    board="meeting__board_id",
    published="published_at",
    related=("meeting__board",),
    changes=("updated_at", "meeting__updated_at"),
    entry=minutes_entry,
    # The entry's dates, its meeting's and its board's name and address: not the minutes' own texts.
    fields=("signed_at", "meeting__starts_at", "meeting__slug", "meeting__board__name", "meeting__board__slug"),
)

FEED_SOURCES = [MINUTES]


def recent_minutes(limit: int = 5) -> list[dict]:
    """The newest published minutes, as the feed reads them: plain values (`MINUTES.fields`)."""
    return MINUTES.newest_rows(limit=limit)
