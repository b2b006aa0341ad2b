"""Starting a paper from a Word file, and the note at the top of its editor of what could not be placed."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from boards.services import TransitionError
from boards.views.access import get_paper_for_user, workspace_required
from pcp_portal.access import signed_in_with

from .. import permissions
from ..forms_drafts import PaperFromWordForm
from ..models import WordDraft
from ..services.drafts import dismiss_unplaced, start_paper_from_word

word_draft_required = signed_in_with(
    permissions.can_start_paper_from_word, "Only authors and the board secretary draft papers."
)


@word_draft_required
def paper_from_word(request):
    initial = {"board": request.GET.get("board")} if request.GET.get("board", "").isdigit() else {}
    form = PaperFromWordForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            paper, notes = start_paper_from_word(
                user=request.user,
                board=form.cleaned_data["board"],
                agenda_item=form.cleaned_data["agenda_item"],
                reading=form.reading,
                file_name=form.cleaned_data["file"].name,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            placed = "Check every field against the file before you save."
            if notes.showing:
                placed = "Some of it could not be placed: it is listed at the top, for you to copy where it belongs."
            messages.success(request, f"Started “{paper.title}” from “{notes.file_name}”. {placed}")
            return redirect("boards:staff_paper_edit", paper.pk)
    return render(request, "archive/draft_upload.html", {"form": form})


@require_POST
@workspace_required
def dismiss(request, pk: int):
    paper = get_paper_for_user(request, pk, permissions.can_dismiss_unplaced)
    notes = get_object_or_404(WordDraft, paper=paper)
    dismiss_unplaced(notes=notes, user=request.user)
    messages.info(request, "The list of what could not be placed is dismissed.")
    return redirect("boards:staff_paper_edit", paper.pk)


def editor_panel(request, *, paper) -> str:
    """The paper editor's top: on the new-paper page, the way to start from a Word file; on a draft started
    from one, what the reader could not place, until the author dismisses it."""
    if paper is None:
        if not permissions.can_start_paper_from_word(request.user):
            return ""
        return render_to_string("archive/draft_start_link.html", request=request)
    notes = WordDraft.objects.filter(paper=paper, dismissed_at__isnull=True).first()
    if notes is None or not notes.showing:
        return ""
    return render_to_string(
        "archive/draft_unplaced.html",
        {"notes": notes, "paper": paper, "can_dismiss": permissions.can_dismiss_unplaced(request.user, paper)},
        request=request,
    )
