"""The workspace: drafting, reviewing and publishing papers."""

from __future__ import annotations

import difflib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.audit import record_download
from accounts.models import DownloadRecord
from pcp_portal.access import pdf_response
from pcp_portal.confirm import confirmation_page, confirmed
from pcp_portal.formsets import lend_rows
from pcp_portal.paging import paginate
from pcp_portal.panels import render_panels
from pcp_portal.pdf import MissingResource
from pcp_portal.query import query_value
from pcp_portal.text import joined
from pcp_portal.versions import claim_version, last_saved

from .. import permissions, services, workday
from ..document import build_document
from ..forms import (
    AppendixFormSet,
    FigureFormSet,
    FurtherContactFormSet,
    PaperForm,
    ReasonForm,
    RecommendationFormSet,
    SectionFormSet,
    SourceDocumentFormSet,
    paper_choices,
)
from ..forms_meetings import CirculateForm
from ..models import Figure, FurtherContact, Paper, Recommendation, Section, SourceDocument
from ..models.papers import appendix_label
from ..prepublication import TYPED_NUMBER, paper_problems
from ..rendering import paper_context, pdf_filename, render_paper_pdf
from .access import figure_response, get_paper_for_user, workspace_required
from .decisions import decision_waits, recommendation_rows

S = Paper.Status


@workspace_required
def staff_home(request):
    """What needs me: each person's waiting work across boards, with counts; higher apps add theirs."""
    user = request.user
    return render(
        request,
        "boards/staff_home.html",
        {
            "queues": workday.queues(user),
            "panels": render_panels("workday", request),
            "can_create": permissions.can_create_paper(user),
            "links": render_panels("workspace_links", request),
        },
    )


@workspace_required
def paper_list(request):
    papers = permissions.visible_papers(request.user).select_related("board", "agenda_item__meeting")
    status = request.GET.get("status", "")
    if status in S.values:
        papers = papers.filter(status=status)
    page, query = paginate(request, papers, 25)
    return render(
        request,
        "boards/staff_paper_list.html",
        {
            "page": page,
            "query": query,
            "statuses": S.choices,
            "status": status,
            "can_create": permissions.can_create_paper(request.user),
        },
    )


FORMSETS = {
    "recommendations": RecommendationFormSet,
    "sections": SectionFormSet,
    "sources": SourceDocumentFormSet,
    "contacts": FurtherContactFormSet,
    "figures": FigureFormSet,
    "appendices": AppendixFormSet,
}


def _formsets(request, paper: Paper):
    """The editor's formsets; `?add=<prefix>` opens one with a blank row (the no-JavaScript way)."""
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    adding = request.GET.get("add")
    formsets = []
    for prefix, formset_class in FORMSETS.items():
        if data is None and (adding == prefix or not paper.pk):
            formset_class = type(formset_class.__name__, (formset_class,), {"extra": 1})
        formset = formset_class(data, files, instance=paper, prefix=prefix)
        if prefix == "appendices":
            formset.row_labels = settings.APPENDIX_NAMING
            for index, form in enumerate(formset.forms):
                form.row_label = appendix_label(index)
        formsets.append(formset)
    return formsets


def _save_ordered(formset, paper: Paper) -> None:
    """Save a formset's rows with positions following the order the user gave."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for position, form in enumerate(formset.ordered_forms):
        obj = form.save(commit=False)
        obj.paper = paper
        obj.position = position
        obj.save()


def _conflict_message(conflict: services.EditConflict) -> str:
    who, when = last_saved(conflict.current)
    return (
        f"Not saved: {who} saved a newer version of this paper ({when}) while you were editing. "
        "Your text is still in the form below. Open the paper in a new tab to see their changes, "
        "then copy yours across and save again. Files you chose to upload need to be chosen again."
    )


def _files_to_choose_again(request) -> str:
    """A browser never sends a chosen file twice: after a refused save, say which ones to choose again."""
    names = [upload.name for upload in request.FILES.values()]
    if not names:
        return ""
    listed = ", ".join(f"“{name}”" for name in names)
    return f" The files you chose were not kept and need to be chosen again: {listed}."


def _check_contacts(form, contacts) -> bool:
    """Each contact officer once, the first and then the further ones: a repeat is refused beside its row."""
    first = form.cleaned_data.get("contact_officer")
    named = {first.pk} if first else set()
    for row in contacts.forms:
        data = getattr(row, "cleaned_data", {})
        person = data.get("person")
        if person is None or data.get("DELETE"):
            continue
        if person.pk in named:
            row.add_error("person", f"{person} is already a contact officer of this paper: choose someone else.")
        named.add(person.pk)
    return not any(row.errors for row in contacts.forms)


def _paper_editor(request, paper: Paper | None):
    creating = paper is None
    instance = paper or Paper(created_by=request.user, date=timezone.localdate())
    formsets = _formsets(request, instance)
    contacts = next(formset for formset in formsets if formset.prefix == "contacts")
    form = PaperForm(request.POST or None, instance=instance, shared=contacts.shared_choices)
    valid = request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets)
    if valid and _check_contacts(form, contacts):
        try:
            with transaction.atomic():
                if not creating:
                    claim_version(instance, form.cleaned_data["expected_version"] or 0)
                saved = form.save()
                for formset in formsets:
                    _save_ordered(formset, saved)
                if creating:
                    services.record_creation(paper=saved, user=request.user)
        except services.EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        else:
            messages.success(request, f"Saved “{saved.title}”.")
            if "remove_numbers" in request.POST:
                _remove_numbers(request, saved, expected=Paper.objects.get(pk=saved.pk).version)
                return redirect("boards:staff_paper_edit", saved.pk)
            adding = next((prefix for prefix in FORMSETS if f"add_{prefix}" in request.POST), None)
            if adding:
                return redirect(reverse("boards:staff_paper_edit", args=[saved.pk]) + f"?add={adding}#{adding}-heading")
            if "save_and_continue" in request.POST:
                return redirect("boards:staff_paper_edit", saved.pk)
            return redirect(saved.get_staff_url())
    elif request.method == "POST":
        messages.error(
            request, "The paper was not saved. Correct the fields marked below." + _files_to_choose_again(request)
        )
    checked = paper
    if paper and request.method == "POST":
        # A refused save left what was typed in `paper`, unsaved: the checks are of the paper as it is saved.
        checked = Paper.objects.get(pk=paper.pk)
    elif paper:
        lend_rows(paper, formsets)
    problems = paper_problems(checked) if checked else []
    returned = services.returned_with(paper) if paper else None
    return render(
        request,
        "boards/paper_editor.html",
        {
            "form": form,
            "formsets": formsets,
            "paper": paper,
            "creating": creating,
            "problems": problems,
            "returned": returned,
            "offer_number_removal": any(problem.kind == TYPED_NUMBER for problem in problems),
            # The newest papers, suggested before anything is typed in a source's "paper in the portal".
            "paper_suggestions": paper_choices(exclude=paper.pk if paper else None),
            "editing": True,
            # Higher apps' notes at the top of the editor (the archive's "Start from a Word file", and what
            # it could not place in a draft started from one); `paper` is None on the new-paper page.
            "panels": render_panels("paper_editor", request, paper=paper),
            "figure_help": (
                f"PNG, JPEG or SVG images of at most {filesizeformat(settings.FIGURE_MAX_BYTES)}. "
                "Write ![Figure 1] on a line of its own where figure 1 belongs (a figure's number is its place "
                "in this list). The alternative text says what the figure shows, for readers who cannot see it."
            ),
        },
    )


@workspace_required
def paper_create(request):
    if not permissions.can_create_paper(request.user):
        raise PermissionDenied("Only authors and the board secretary draft papers.")
    return _paper_editor(request, None)


@workspace_required
def paper_choice_list(request):
    """The papers a source document may link to, as the editor's chooser suggests them while one types."""
    if not permissions.can_create_paper(request.user):
        raise PermissionDenied("Only authors and the board secretary draft papers.")
    exclude = request.GET.get("exclude", "")
    found = paper_choices(query_value(request.GET, "q"), exclude=int(exclude) if exclude.isdecimal() else None)
    return JsonResponse({"choices": found})


@workspace_required
def paper_edit(request, pk: int):
    paper = get_paper_for_user(request, pk, permissions.can_edit_paper)
    return _paper_editor(request, paper)


def _remove_numbers(request, paper: Paper, *, expected: int) -> None:
    """Remove every typed section and paragraph number in one save, and say what changed."""
    try:
        changed = services.remove_typed_numbers(paper=paper, user=request.user, expected_version=expected)
    except services.EditConflict as conflict:
        who, when = last_saved(conflict.current)
        messages.error(
            request,
            f"Nothing was changed: {who} saved a newer version of this paper ({when}) after you opened it. "
            "The editor now shows their version; look at the checks again before removing the numbers.",
        )
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        if changed:
            listed = joined(changed)
            messages.success(
                request,
                f"Removed the typed numbers from {listed}. The text as it was is kept in the paper's history.",
            )
        else:
            messages.info(request, "There were no typed numbers to remove.")


@require_POST
@workspace_required
def paper_remove_numbers(request, pk: int):
    """The editor's offer: remove every typed section and paragraph number in one save."""
    paper = get_paper_for_user(request, pk, permissions.can_edit_paper)
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        expected = -1
    _remove_numbers(request, paper, expected=expected)
    return redirect("boards:staff_paper_edit", paper.pk)


@workspace_required
def paper_detail(request, pk: int):
    paper = get_paper_for_user(request, pk)
    context = paper_context(paper, draft=paper.status not in (S.PUBLISHED, S.SUPERSEDED))
    problems = paper_problems(paper, document=context["document"]) if paper.status in (S.DRAFT, S.SUBMITTED) else []
    context.update(
        {
            "actions": permissions.paper_actions(request.user, paper),
            "problems": problems,
            "offer_number_removal": permissions.can_edit_paper(request.user, paper)
            and any(problem.kind == TYPED_NUMBER for problem in problems),
            "events": permissions.visible_paper_events(request.user, paper),
            "show_thread": permissions.can_comment_on_paper(request.user, paper),
            "revisions": _revision_chain(request.user, paper),
            "reason_form": ReasonForm(),
            "recommendation_rows": recommendation_rows(request.user, paper),
            "decision_waits": decision_waits(request.user, paper),
            "procedures": list(paper.written_procedures.all()),
            # Its public page, where the public may open it: not on an exempt item, whatever its marking.
            "public_text": Paper.objects.public_text().filter(pk=paper.pk).exists(),
            "circulate_form": CirculateForm()
            if permissions.can_circulate_paper(request.user, paper) and not permissions.circulation_problem(paper)
            else None,
            # An imported paper's original and the faults found in it, from `archive`.
            "panels": render_panels("staff_paper", request, paper=paper),
        }
    )
    return render(request, "boards/staff_paper.html", context)


def _revision_chain(user, paper: Paper) -> list[Paper]:
    """The paper's other revisions that `user` may open."""
    chain, current = [], paper
    while current.supersedes_id:
        current = current.supersedes
        chain.append(current)
    newer = Paper.objects.filter(supersedes=paper).first()
    while newer:
        chain.insert(0, newer)
        newer = Paper.objects.filter(supersedes=newer).first()
    visible = set(permissions.visible_papers(user).filter(pk__in=[p.pk for p in chain]).values_list("pk", flat=True))
    return [p for p in chain if p.pk in visible]


@workspace_required
def paper_pdf(request, pk: int):
    """The stored PDF once published; before that, a draft rendered now (for an imported paper whose PDF is
    still being built, the paper as it will be, not marked draft: it is published)."""
    paper = get_paper_for_user(request, pk)
    if paper.is_sensitive:
        record_download(request, DownloadRecord.Kind.SENSITIVE_PAPER, paper, etag=paper.pdf_sha256)
    if paper.pdf_sha256:
        return pdf_response(paper.pdf, pdf_filename(paper), request=request, sha256=paper.pdf_sha256)
    try:
        draft = paper.imported_at is None
        rendered = render_paper_pdf(paper, draft=draft)
    except MissingResource as exc:
        messages.error(request, f"The PDF cannot be made: {exc}. Upload the figure again.")
        return redirect(paper.get_staff_url())
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{"draft-" if draft else ""}{pdf_filename(paper)}"'
    return response


@workspace_required
def appendix_file(request, pk: int, appendix_pk: int):
    paper = get_paper_for_user(request, pk)
    appendix = get_object_or_404(paper.appendices, pk=appendix_pk)
    if paper.is_sensitive:
        record_download(
            request,
            DownloadRecord.Kind.SENSITIVE_APPENDIX,
            appendix,
            f"{appendix.name} ({appendix.title}) to {paper.title}",
            etag=appendix.sha256,
        )
    return pdf_response(
        appendix.file, f"appendix-{appendix.label}-{paper.slug}.pdf".lower(), request=request, sha256=appendix.sha256
    )


@workspace_required
def figure_file(request, pk: int, figure_pk: int):
    """A figure of a paper `request.user` may open, as the workspace preview and the editor show it."""
    return figure_response(request, get_paper_for_user(request, pk), figure_pk)


def _run_transition(request, pk: int, check, action, success: str, *, reason_label=None, reason_required=False):
    paper = get_paper_for_user(request, pk, check)
    form = ReasonForm(request.POST, label=reason_label or "Comment", required=reason_required)
    if not form.is_valid():
        messages.error(request, f"{reason_label}: this field is required.")
        return redirect(paper.get_staff_url())
    try:
        result = action(paper, form.cleaned_data["comment"])
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(paper.get_staff_url())
    messages.success(request, success)
    return redirect(result.get_staff_url() if isinstance(result, Paper) else paper.get_staff_url())


@require_POST
@workspace_required
def paper_submit(request, pk):
    return _run_transition(
        request,
        pk,
        permissions.can_submit_paper,
        lambda paper, _: services.submit_paper(paper=paper, user=request.user),
        "Submitted for review.",
    )


@require_POST
@workspace_required
def paper_return(request, pk):
    return _run_transition(
        request,
        pk,
        permissions.can_return_paper,
        lambda paper, comment: services.return_paper(paper=paper, user=request.user, comment=comment),
        "Returned to the author with your comments.",
        reason_label="What needs to change",
        reason_required=True,
    )


@require_POST
@workspace_required
def paper_clear(request, pk):
    return _run_transition(
        request,
        pk,
        permissions.can_clear_paper,
        lambda paper, comment: services.clear_paper(paper=paper, user=request.user, comment=comment),
        "Cleared for publication.",
    )


@require_POST
@workspace_required
def paper_publish(request, pk):
    if not confirmed(request):
        paper = get_paper_for_user(request, pk, permissions.can_publish_paper)
        return confirmation_page(
            request,
            title="Publish this paper?",
            subject=f"“{paper.title}”, to the {paper.board}, marked {paper.marking or 'with no marking'}.",
            consequences=[
                "Its PDF is made once and stored; the published text can never be edited, only replaced by a new "
                "revision that says it supersedes this one.",
                "The contact officers' posts are recorded as they are today.",
                "As OFFICIAL-SENSITIVE it reaches the board's members only, never the public."
                if paper.is_sensitive
                else "It appears on the public site, in search and in the feeds.",
            ],
            confirm_label="Publish the paper",
            cancel_url=paper.get_staff_url(),
            cancel_label="Cancel: leave it cleared and unpublished",
        )
    return _run_transition(
        request,
        pk,
        permissions.can_publish_paper,
        lambda paper, _: services.publish_paper(paper=paper, user=request.user),
        "Published. The PDF is stored and the paper is on the public site.",
    )


@require_POST
@workspace_required
def paper_withdraw(request, pk):
    return _run_transition(
        request,
        pk,
        permissions.can_withdraw_paper,
        lambda paper, reason: services.withdraw_paper(paper=paper, user=request.user, reason=reason),
        "Withdrawn.",
        reason_label="Reason for withdrawal",
        reason_required=True,
    )


@require_POST
@workspace_required
def paper_revise(request, pk):
    return _run_transition(
        request,
        pk,
        permissions.can_revise_paper,
        lambda paper, _: services.start_revision(paper=paper, user=request.user),
        "A new revision has been started as a draft. Publishing it supersedes the current one.",
    )


@require_POST
@workspace_required
def paper_comment(request, pk):
    return _run_transition(
        request,
        pk,
        permissions.can_comment_on_paper,
        lambda paper, comment: services.comment_on_paper(paper=paper, user=request.user, comment=comment),
        "Comment added.",
        reason_label="Comment",
        reason_required=True,
    )


def _versions(paper: Paper) -> list[dict]:
    """One entry per saved version of the paper's content, oldest first.

    A version's sections and recommendations are those in force just before
    the next version was saved (they are written after the paper's row).
    """
    records = list(paper.history.order_by("history_date", "history_id").select_related("history_user"))
    firsts: dict[int, object] = {}
    for record in records:
        firsts.setdefault(record.version, record)
    ordered = sorted(firsts.values(), key=lambda r: r.history_date)
    versions = []
    for index, record in enumerate(ordered):
        later = ordered[index + 1] if index + 1 < len(ordered) else None
        as_of = later.history_date - timedelta(microseconds=1) if later else timezone.now()
        versions.append({"number": record.version, "record": record, "as_of": as_of})
    return versions


def _document_as_of(paper: Paper, version: dict):
    as_of = version["as_of"]
    state = paper.history.as_of(as_of)
    sections = list(Section.history.as_of(as_of).filter(paper_id=paper.pk))
    recommendations = list(Recommendation.history.as_of(as_of).filter(paper_id=paper.pk))
    sources = list(SourceDocument.history.as_of(as_of).filter(paper_id=paper.pk))
    contacts = list(FurtherContact.history.as_of(as_of).filter(paper_id=paper.pk))
    figures = list(Figure.history.as_of(as_of).filter(paper_id=paper.pk))
    return build_document(
        state,
        sections=sections,
        recommendations=recommendations,
        sources=sources,
        further_contacts=contacts,
        figures=figures,
    )


@workspace_required
def paper_history(request, pk: int):
    paper = get_paper_for_user(request, pk, permissions.can_see_paper_history)
    versions = _versions(paper)
    by_number = {v["number"]: v for v in versions}
    numbers = sorted(by_number)
    diff = None

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except (TypeError, ValueError):
            return default
        return value if value in by_number else default

    if len(numbers) >= 2:
        old = pick("old", numbers[-2])
        new = pick("new", numbers[-1])
        old_text = _document_as_of(paper, by_number[old]).as_text().splitlines()
        new_text = _document_as_of(paper, by_number[new]).as_text().splitlines()
        diff = {
            "old": old,
            "new": new,
            "lines": [
                {"kind": {"+": "added", "-": "removed"}.get(line[0], "same"), "text": line[2:]}
                for line in difflib.ndiff(old_text, new_text)
                if not line.startswith("?")
            ],
        }
    return render(
        request,
        "boards/paper_history.html",
        {
            "paper": paper,
            "versions": versions,
            "diff": diff,
            "records": paper.history.order_by("-history_date").select_related("history_user")[:100],
        },
    )
