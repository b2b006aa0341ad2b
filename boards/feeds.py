"""What `boards` publishes, as feed entries and home-page lists."""

from pcp_portal.feeds import Entry, Source

from .models import Decision, Meeting, PackBuild, Paper


def _papers(board_id=None):
    papers = Paper.objects.public().current()
    return papers if board_id is None else papers.filter(board_id=board_id)


def _packs(board_id=None):
    packs = PackBuild.objects.public()
    return packs if board_id is None else packs.filter(meeting__board_id=board_id)


def _decisions(board_id=None):
    decisions = Decision.objects.public()
    return decisions if board_id is None else decisions.filter(recommendation__paper__board_id=board_id)


def paper_heads(*, board_id=None, limit: int) -> list[tuple]:
    """A paper's entry shows its own fields (any change moves `updated_at`) and its board's name."""
    rows = _papers(board_id).order_by("-published_at", "-pk")
    return list(rows.values_list("published_at", "pk", "updated_at")[:limit])


def paper_entries(pks) -> list[Entry]:
    return [
        Entry(
            p.title,
            p.get_absolute_url(),
            p.published_at,
            f"{p.board.name}, {p.date:%-d %B %Y}",
            "Paper",
            key=f"paper/{p.pk}",
            author=p.from_post,
        )
        for p in _papers().filter(pk__in=pks).select_related("board")
    ]


def pack_heads(*, board_id=None, limit: int) -> list[tuple]:
    """A pack's entry shows its meeting's date (a moved meeting changes it) and its own fixed label."""
    rows = _packs(board_id).order_by("-finished_at", "-pk")
    return list(rows.values_list("finished_at", "pk", "meeting__updated_at")[:limit])


def pack_entries(pks) -> list[Entry]:
    return [
        Entry(
            f"{b.meeting.board.name}, {b.meeting.date:%-d %B %Y}",
            b.meeting.get_absolute_url(),
            b.finished_at,
            f"{b.label} ({b.page_count} pages)",
            b.label,
            key=f"pack/{b.pk}",
            author=b.meeting.board.name,
        )
        for b in _packs().filter(pk__in=pks).select_related("meeting__board")
    ]


def decision_heads(*, board_id=None, limit: int) -> list[tuple]:
    """A decision's entry shows its wording and its paper's title (a published paper's recommendations are
    fixed: a change is a new revision)."""
    rows = _decisions(board_id).order_by("-confirmed_at", "-pk")
    columns = ("confirmed_at", "pk", "outcome", "amended_text", "meeting_id", "recommendation__paper__updated_at")
    return list(rows.values_list(*columns)[:limit])


def decision_entries(pks) -> list[Entry]:
    decisions = _decisions().filter(pk__in=pks).select_related("recommendation__paper__board", "meeting__board")
    return [
        Entry(
            d.recommendation.paper.title,
            d.recommendation.paper.get_absolute_url(),
            d.confirmed_at,
            d.wording,
            "Decision",
            key=f"decision/{d.pk}",
            author=d.meeting.board.name if d.meeting_id else d.recommendation.paper.board.name,
        )
        for d in decisions
    ]


FEED_SOURCES = [
    Source(paper_heads, paper_entries),
    Source(pack_heads, pack_entries),
    Source(decision_heads, decision_entries),
]


def upcoming_meetings(limit: int = 5) -> list[Meeting]:
    return list(Meeting.objects.upcoming().select_related("board").order_by("starts_at")[:limit])
