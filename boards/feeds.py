"""What `boards` publishes, as feed entries and home-page lists."""

from pcp_portal.feeds import Entry, Source

from .models import Decision, Meeting, PackBuild, Paper


def paper_entry(p: Paper) -> Entry:
    return Entry(
        p.title,
        p.get_absolute_url(),
        p.published_at,
        f"{p.board.name}, {p.date:%-d %B %Y}",
        "Paper",
        key=f"paper/{p.pk}",
        author=p.from_post,
    )


def pack_entry(b: PackBuild) -> Entry:
    return Entry(
        f"{b.meeting.board.name}, {b.meeting.date:%-d %B %Y}",
        b.meeting.get_absolute_url(),
        b.finished_at,
        f"{b.label} ({b.page_count} pages)",
        b.label,
        key=f"pack/{b.pk}",
        author=b.meeting.board.name,
    )


def decision_entry(d: Decision) -> Entry:
    return Entry(
        d.recommendation.paper.title,
        d.recommendation.paper.get_absolute_url(),
        d.confirmed_at,
        d.wording,
        "Decision",
        key=f"decision/{d.pk}",
        # The board that decided: the paper's own (a paper goes only on its board's agendas and procedures).
        author=d.recommendation.paper.board.name,
    )


# A paper's entry shows its own fields (any change moves `updated_at`) and its board's name.
PAPERS = Source(
    public=lambda: Paper.objects.public().current(),
    board="board_id",
    published="published_at",
    related=("board",),
    changes=("updated_at",),
    entry=paper_entry,
    # The entry, and the home page's list of papers (made from the same rows), read these of a paper's 26
    # columns and its board's 10.
    fields=("title", "published_at", "date", "from_post", "updated_at", "board__name"),
)

FEED_SOURCES = [
    PAPERS,
    # A pack's entry shows its meeting's date (a moved meeting changes it) and its own fixed label.
    Source(
        public=PackBuild.objects.public,
        board="meeting__board_id",
        published="finished_at",
        related=("meeting__board",),
        changes=("meeting__updated_at",),
        entry=pack_entry,
        fields=(
            "finished_at",
            "kind",
            "supplement_number",
            "page_count",
            "meeting__starts_at",
            "meeting__slug",
            "meeting__updated_at",
            "meeting__board__name",
            "meeting__board__slug",
        ),
    ),
    # A decision's entry shows its wording and its paper's title (a published paper's recommendations are
    # fixed: a change is a new revision).
    Source(
        public=Decision.objects.public,
        board="recommendation__paper__board_id",
        published="confirmed_at",
        related=("recommendation__paper__board",),
        changes=("outcome", "amended_text", "meeting_id", "recommendation__paper__updated_at"),
        entry=decision_entry,
        # Four tables, of which the entry and its head read a few columns: their wording, times and names.
        fields=(
            "outcome",
            "amended_text",
            "confirmed_at",
            "meeting",
            "recommendation__paper__updated_at",
            "recommendation__text",
            "recommendation__paper__title",
            "recommendation__paper__board__name",
        ),
    ),
]


def upcoming_meetings(limit: int = 5) -> list[Meeting]:
    """For the home page: each a link, a time and a notice."""
    meetings = Meeting.objects.upcoming().select_related("board")
    return list(
        meetings.only("starts_at", "slug", "notice", "board__name", "board__slug").order_by("starts_at")[:limit]
    )
