"""What `boards` publishes, as feed entries and home-page lists."""

from pcp_portal.feeds import Entry, Source

from .models import Decision, Meeting, PackBuild, Paper


def paper_rows(board_id=None):
    papers = Paper.objects.public().current()
    if board_id is not None:
        papers = papers.filter(board_id=board_id)
    return papers.order_by("-published_at", "-pk").select_related("board")


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


def pack_rows(board_id=None):
    packs = PackBuild.objects.public()
    if board_id is not None:
        packs = packs.filter(meeting__board_id=board_id)
    return packs.order_by("-finished_at", "-pk").select_related("meeting__board")


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


def decision_rows(board_id=None):
    decisions = Decision.objects.public()
    if board_id is not None:
        decisions = decisions.filter(recommendation__paper__board_id=board_id)
    return decisions.order_by("-confirmed_at", "-pk").select_related("recommendation__paper__board", "meeting__board")


def decision_entry(d: Decision) -> Entry:
    return Entry(
        d.recommendation.paper.title,
        d.recommendation.paper.get_absolute_url(),
        d.confirmed_at,
        d.wording,
        "Decision",
        key=f"decision/{d.pk}",
        author=d.meeting.board.name if d.meeting_id else d.recommendation.paper.board.name,
    )


FEED_SOURCES = [
    # A paper's entry shows its own fields (any change moves `updated_at`) and its board's name.
    Source(paper_rows, ("published_at", "pk", "updated_at"), paper_entry),
    # A pack's entry shows its meeting's date (a moved meeting changes it) and its own fixed label.
    Source(pack_rows, ("finished_at", "pk", "meeting__updated_at"), pack_entry),
    # A decision's entry shows its wording and its paper's title (a published paper's recommendations are
    # fixed: a change is a new revision).
    Source(
        decision_rows,
        ("confirmed_at", "pk", "outcome", "amended_text", "meeting_id", "recommendation__paper__updated_at"),
        decision_entry,
    ),
]


def upcoming_meetings(limit: int = 5) -> list[Meeting]:
    return list(Meeting.objects.upcoming().select_related("board").order_by("starts_at")[:limit])
