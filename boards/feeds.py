"""What `boards` publishes, as feed entries and home-page lists."""

from pcp_portal.feeds import Entry, fingerprint

from .models import Decision, Meeting, PackBuild, Paper


def feed_entries(*, board=None, limit: int = 50) -> list[Entry]:
    papers = Paper.objects.public().current().select_related("board").order_by("-published_at")
    packs = PackBuild.objects.public().select_related("meeting__board").order_by("-finished_at")
    decisions = (
        Decision.objects.public()
        .select_related("recommendation__paper__board", "meeting__board")
        .order_by("-confirmed_at")
    )
    if board is not None:
        papers = papers.filter(board=board)
        packs = packs.filter(meeting__board=board)
        decisions = decisions.filter(recommendation__paper__board=board)
    entries = [
        Entry(
            p.title,
            p.get_absolute_url(),
            p.published_at,
            f"{p.board.name}, {p.date:%-d %B %Y}",
            "Paper",
            key=f"paper/{p.pk}",
            author=p.from_post,
        )
        for p in papers[:limit]
    ]
    entries += [
        Entry(
            f"{b.meeting.board.name}, {b.meeting.date:%-d %B %Y}",
            b.meeting.get_absolute_url(),
            b.finished_at,
            f"{b.label} ({b.page_count} pages)",
            b.label,
            key=f"pack/{b.pk}",
            author=b.meeting.board.name,
        )
        for b in packs[:limit]
    ]
    entries += [
        Entry(
            d.recommendation.paper.title,
            d.recommendation.paper.get_absolute_url(),
            d.confirmed_at,
            d.wording,
            "Decision",
            key=f"decision/{d.pk}",
            author=d.meeting.board.name if d.meeting_id else d.recommendation.paper.board.name,
        )
        for d in decisions[:limit]
    ]
    return entries


def feed_version(*, board_id: int | None = None) -> tuple:
    """Changes whenever `feed_entries` would: a paper published, superseded or withdrawn, a pack built or
    retracted, a decision confirmed, a meeting moved (its date is in a pack's title)."""
    papers = Paper.objects.public().current()
    packs = PackBuild.objects.public()
    decisions = Decision.objects.public()
    if board_id is not None:
        papers = papers.filter(board_id=board_id)
        packs = packs.filter(meeting__board_id=board_id)
        decisions = decisions.filter(recommendation__paper__board_id=board_id)
    return (
        fingerprint(papers, "updated_at"),
        fingerprint(packs, "finished_at", "meeting__updated_at"),
        fingerprint(decisions, "recorded_at", "confirmed_at"),
    )


def upcoming_meetings(limit: int = 5) -> list[Meeting]:
    return list(Meeting.objects.upcoming().select_related("board").order_by("starts_at")[:limit])
