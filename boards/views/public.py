"""What the public reads. Every query here starts from `Paper.objects.public()`."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from pcp_portal.access import pdf_response
from pcp_portal.feeds import conditional, fingerprint
from pcp_portal.paging import paginate, paginate_uncounted
from pcp_portal.panels import render_panels
from pcp_portal.query import query_value

from ..ical import in_window, meetings_calendar, window_start
from ..models import Board, Decision, Meeting, PackBuild, Paper
from ..packs import agenda_entries, newest_of_each
from ..rendering import paper_context, pdf_filename
from ..rows import DECISION_ROW, decision_rows
from .access import figure_response
from .moved import follow_moved_meeting


def _public_paper(pk: int) -> Paper:
    return get_object_or_404(
        Paper.objects.public().select_related("board", "agenda_item__meeting__board", "contact_officer", "supersedes"),
        pk=pk,
    )


def _by_board(request, items, lookup: str):
    """`items` of the board named by `?board=`, if any, the board, and the address asked for if no board has
    it (then there are no items: the page says so)."""
    slug = query_value(request.GET, "board", 100).strip()
    if not slug:
        return items, None, ""
    board = Board.objects.filter(slug=slug).first()
    return (items.filter(**{lookup: board}), board, "") if board else (items.none(), None, slug)


def paper_list(request):
    papers, board, unknown_board = _by_board(
        request, Paper.objects.public().current().select_related("board", "agenda_item__meeting"), "board"
    )
    year = _year(request)
    # The years offered and the number listed, from one grouped read of the public papers, not a scan for each.
    groups = (
        Paper.objects.public()
        .current()
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values_list("board_id", "year")
        .annotate(n=Count("pk"))
    )
    years = sorted({y for _, y, _ in groups if y is not None}, reverse=True)
    if year:
        papers = papers.filter(date__year=year)
    listed = 0
    if not unknown_board:
        listed = sum(n for b, y, n in groups if (board is None or b == board.pk) and (not year or y == year))
    page, query = paginate(request, papers, 20, count=listed)
    return render(
        request,
        "boards/public_paper_list.html",
        {
            "page": page,
            "query": query,
            "board": board,
            "unknown_board": unknown_board,
            "boards": Board.objects.all(),
            "year": year,
            "years": years,
        },
    )


def paper_detail(request, pk: int, slug: str):
    paper = _public_paper(pk)
    if slug != paper.slug:
        return redirect(paper, permanent=True)
    context = paper_context(paper, public=True)
    context["newer"] = Paper.objects.public().filter(supersedes=paper).first()
    # The board's decision on each recommendation, once the chair has confirmed it (`Decision.objects.public()`).
    decided = {
        decision.recommendation_id: decision
        for decision in Decision.objects.public()
        .filter(recommendation__paper=paper)
        .select_related("recommendation", "meeting", "written_procedure")
    }
    context["outcomes"] = [(rec, decided.get(rec.pk)) for rec in paper.recommendations.all()]
    # An imported paper's original file, from `archive`, which this app must not import.
    context["panels"] = render_panels("paper", request, paper=paper)
    return render(request, "boards/public_paper.html", context)


def paper_short(request, pk: int):
    """A paper's address without its title: to the full address, for a paper the public may open."""
    return redirect(_public_paper(pk), permanent=True)


def paper_pdf(request, pk: int):
    paper = _public_paper(pk)
    if paper.status == Paper.Status.WITHDRAWN:
        return render(request, "boards/public_withdrawn.html", {"paper": paper}, status=410)
    if not paper.pdf_sha256:  # an imported paper whose PDF is still being built
        raise Http404("The PDF of this paper is being prepared.")
    return pdf_response(paper.pdf, pdf_filename(paper), request=request, sha256=paper.pdf_sha256, public=True)


def appendix_file(request, pk: int, appendix_pk: int):
    paper = _public_paper(pk)
    if paper.status == Paper.Status.WITHDRAWN:
        return render(request, "boards/public_withdrawn.html", {"paper": paper}, status=410)
    appendix = get_object_or_404(paper.appendices, pk=appendix_pk)
    return pdf_response(
        appendix.file,
        f"appendix-{appendix.label}-{paper.slug}.pdf".lower(),
        request=request,
        sha256=appendix.sha256,
        public=True,
    )


def figure_file(request, pk: int, figure_pk: int):
    """A figure, while the public may read its paper's text: not of a withdrawn paper, nor of any other."""
    return figure_response(request, get_object_or_404(Paper.objects.public_text(), pk=pk), figure_pk, public=True)


def board_list(request):
    return render(request, "boards/public_board_list.html", {"boards": Board.objects.all()})


def board_detail(request, slug: str):
    board = get_object_or_404(Board, slug=slug)
    # A link and a date a paper: its title and date are all that is read (Django builds each column of a
    # query anew for every request, and a paper has 26).
    papers = Paper.objects.public().current().filter(board=board).only("title", "date")
    meetings = (
        Meeting.objects.with_public_agenda()
        .filter(board=board)
        .select_related("board")
        .only("starts_at", "slug", "status", "notice", "board__slug")
    )
    return render(
        request,
        "boards/public_board.html",
        {
            "board": board,
            "members": board.memberships.current()
            .by_role()
            .select_related("person")
            .only("board", "role", "person__name", "person__post_title"),
            "papers": papers[:20],
            "upcoming": list(meetings.ahead().order_by("starts_at")[:10]),
            "past": list(meetings.past().order_by("-starts_at", "-pk")[:20]),
            # The board's published minutes and its members' attendance, from `minutes` above.
            "panels": render_panels("board", request, board=board),
        },
    )


def _year(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 1900 < year < 2200 else None


def meeting_list(request):
    """Upcoming meetings, and past ones by year (and by board)."""
    meetings, board, unknown_board = _by_board(request, Meeting.objects.select_related("board"), "board")
    year = _year(request)
    past = meetings.past().order_by("-starts_at", "-pk")
    if year:
        past = past.filter(starts_at__year=year)
    page, query = paginate(request, past, 25)
    # The years of the chosen board's meetings (of every board's, if none is chosen).
    years = [d.year for d in meetings.past().dates("starts_at", "year", order="DESC")]
    return render(
        request,
        "boards/public_meeting_list.html",
        {
            # Shown above the first page of past meetings only.
            "upcoming": [] if year or page.number > 1 else list(meetings.ahead().order_by("starts_at")[:50]),
            "page": page,
            "query": query,
            "year": year,
            "years": years,
            "board": board,
            "unknown_board": unknown_board,
            "boards": Board.objects.all(),
        },
    )


def _public_meeting(board_slug: str, meeting_slug: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("board", "theme_in_depth"), board__slug=board_slug, slug=meeting_slug
    )


#: What the meeting page shows of each decision: four joined tables, read for these columns only (a paper alone
#: has 26, and Django builds each column of a query anew for every request).
MEETING_DECISION_ROW = (
    "outcome",
    "amended_text",
    "recommendation__text",
    "recommendation__paper__title",
    "recommendation__paper__agenda_item__position",
)


@follow_moved_meeting
def meeting_detail(request, board_slug: str, meeting_slug: str):
    meeting = _public_meeting(board_slug, meeting_slug)
    published = meeting.agenda_is_public
    entries = agenda_entries(meeting, papers=Paper.objects.public(), confidential=False) if published else []
    packs = newest_of_each(meeting.pack_builds.public())
    return render(
        request,
        "boards/public_meeting.html",
        {
            "meeting": meeting,
            "agenda_published": published,
            "entries": entries,
            "packs": sorted(packs, key=lambda b: (b.kind != PackBuild.Kind.AGENDA, b.label)),
            "decisions": Decision.objects.public()
            .filter(meeting=meeting)
            .select_related("recommendation__paper__agenda_item")
            .only(*MEETING_DECISION_ROW)
            .order_by("recommendation__paper__agenda_item__position", "recommendation__position"),
            # The minutes and actions, from `minutes`, which this app must not import.
            "panels": render_panels("meeting", request, meeting=meeting),
        },
    )


@follow_moved_meeting
def meeting_pack(request, board_slug: str, meeting_slug: str, build_pk: int):
    meeting = _public_meeting(board_slug, meeting_slug)
    build = get_object_or_404(meeting.pack_builds.public().select_related("meeting__board"), pk=build_pk)
    return pdf_response(build.file, build.filename, request=request, sha256=build.sha256, public=True)


def decision_list(request):
    decisions = (
        Decision.objects.public()
        # The key breaks ties (an imported meeting's decisions share one time), so that no decision is on two
        # pages, or on none.
        .order_by("-confirmed_at", "-pk")
        .values(*DECISION_ROW)
    )
    decisions, board, unknown_board = _by_board(request, decisions, "recommendation__paper__board")
    # Counting every public decision of the archive cost more than reading the page: previous and next only.
    page, query = paginate_uncounted(request, decisions, 50)
    return render(
        request,
        "boards/public_decision_list.html",
        {
            "page": page,
            "rows": decision_rows(page.object_list),
            "query": query,
            "board": board,
            "unknown_board": unknown_board,
            "boards": Board.objects.all(),
        },
    )


def _calendar_response(meetings, name: str, filename: str, start) -> HttpResponse:
    body = meetings_calendar(in_window(meetings, start), name=name, start=start)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _calendar_version(request, slug: str | None = None) -> tuple | None:
    """What a calendar's body depends on: the first day it covers, the boards' names and addresses, and the
    meetings from that day (a move, a cancellation or a new meeting changes `updated_at`, the count or the keys).
    None for a board that does not exist: the view answers 404."""
    start = window_start()
    boards = Board.objects.order_by("pk")
    meetings = Meeting.objects.all()
    if slug is not None:
        boards = boards.filter(slug=slug)
        meetings = meetings.filter(board__slug=slug)
    names = tuple(boards.values_list("pk", "slug", "name"))
    if slug is not None and not names:
        return None
    return (start, names, fingerprint(in_window(meetings, start), "updated_at"))


def _calendar_all(request):
    meetings = Meeting.objects.select_related("board").order_by("starts_at")
    return _calendar_response(meetings, "Board meetings", "meetings.ics", window_start())


def _calendar_board(request, slug: str):
    board = get_object_or_404(Board, slug=slug)
    meetings = board.meetings.select_related("board").order_by("starts_at")
    return _calendar_response(meetings, f"{board.name} meetings", f"{board.slug}-meetings.ics", window_start())


calendar_all = conditional(_calendar_all, _calendar_version)
calendar_board = conditional(_calendar_board, _calendar_version)
