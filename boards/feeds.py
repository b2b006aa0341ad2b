"""What `boards` publishes, as feed entries and home-page lists."""

from django.utils import timezone

from pcp_portal.feeds import Entry, Source

from .models import Decision, Meeting, PackBuild, Paper, paper_url


def paper_entry(p: dict) -> Entry:
    return Entry(
        p["title"],
        paper_url(p["pk"], p["title"]),
        p["published_at"],
        f"{p['board__name']}, {p['date']:%-d %B %Y}",
        "Paper",
        key=f"paper/{p['pk']}",
        author=p["from_post"],
    )


def pack_entry(b: dict) -> Entry:
    board = b["meeting__board__name"]
    return Entry(
        f"{board}, {timezone.localdate(b['meeting__starts_at']):%-d %B %Y}",
        Meeting.url_of(b["meeting__board__slug"], b["meeting__slug"]),
        b["finished_at"],
        f"{PackBuild.label_of(b['kind'], b['supplement_number'])} ({b['page_count']} pages)",
        PackBuild.label_of(b["kind"], b["supplement_number"]),
        key=f"pack/{b['pk']}",
        author=board,
    )


def decision_entry(d: dict) -> Entry:
    title = d["recommendation__paper__title"]
    return Entry(
        title,
        paper_url(d["recommendation__paper_id"], title),
        d["confirmed_at"],
        Decision.wording_of(d["outcome"], d["recommendation__text"], d["amended_text"]),
        "Decision",
        key=f"decision/{d['pk']}",
        # The board that decided: the paper's own (a paper goes only on its board's agendas and procedures).
        author=d["recommendation__paper__board__name"],
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
    fields=("title", "date", "from_post", "board__name"),
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
            "kind",
            "supplement_number",
            "page_count",
            "meeting__starts_at",
            "meeting__slug",
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
            "recommendation__text",
            "recommendation__paper_id",
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
