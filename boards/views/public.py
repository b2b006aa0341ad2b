"""What the public reads. Every query here starts from `Paper.objects.public()`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render

from pcp_portal.paging import paginate

from ..models import Board, Paper
from ..rendering import paper_context, pdf_filename
from .access import pdf_response


def _public_paper(pk: int) -> Paper:
    return get_object_or_404(
        Paper.objects.public().select_related("board", "agenda_item__meeting__board", "contact_officer", "supersedes"),
        pk=pk,
    )


def paper_list(request):
    papers = Paper.objects.public().current().select_related("board", "agenda_item__meeting")
    board = None
    if request.GET.get("board"):
        board = Board.objects.filter(slug=request.GET["board"]).first()
        papers = papers.filter(board=board) if board else papers.none()
    page, query = paginate(request, papers, 20)
    return render(
        request,
        "boards/public_paper_list.html",
        {
            "page": page,
            "query": query,
            "board": board,
            "boards": Board.objects.all(),
        },
    )


def paper_detail(request, pk: int, slug: str):
    paper = _public_paper(pk)
    if slug != paper.slug:
        return redirect(paper, permanent=True)
    context = paper_context(paper)
    context["newer"] = Paper.objects.public().filter(supersedes=paper).first()
    return render(request, "boards/public_paper.html", context)


def paper_pdf(request, pk: int):
    paper = _public_paper(pk)
    if paper.status == Paper.Status.WITHDRAWN:
        return render(request, "boards/public_withdrawn.html", {"paper": paper}, status=410)
    return pdf_response(paper.pdf, pdf_filename(paper))


def appendix_file(request, pk: int, appendix_pk: int):
    paper = _public_paper(pk)
    if paper.status == Paper.Status.WITHDRAWN:
        return render(request, "boards/public_withdrawn.html", {"paper": paper}, status=410)
    appendix = get_object_or_404(paper.appendices, pk=appendix_pk)
    return pdf_response(appendix.file, f"appendix-{appendix.letter}-{paper.slug}.pdf".lower())


def board_list(request):
    return render(request, "boards/public_board_list.html", {"boards": Board.objects.all()})


def board_detail(request, slug: str):
    board = get_object_or_404(Board, slug=slug)
    papers = Paper.objects.public().current().filter(board=board).select_related("agenda_item__meeting")
    return render(
        request,
        "boards/public_board.html",
        {
            "board": board,
            "members": board.memberships.current().select_related("person"),
            "papers": papers[:20],
        },
    )


def recent_papers(limit: int = 6) -> list[Paper]:
    """For the home page: the latest published papers."""
    return list(Paper.objects.public().current().select_related("board").order_by("-published_at")[:limit])
