"""A paper's life: submit, return, clear, publish, withdraw, revise.

Each function locks the paper and writes a `PaperEvent` saying who, when and why.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pcp_portal.pdf import MissingResource

from .. import notifications, permissions, search
from ..models import Paper, PaperEvent
from ..models.papers import marking_problem
from ..prepublication import paper_problems
from ..rendering import paper_context, pdf_filename, render_paper_pdf
from .errors import TransitionError

S = Paper.Status
A = PaperEvent.Action


def _locked(paper: Paper) -> Paper:
    return Paper.objects.select_for_update().get(pk=paper.pk)


def _transition(
    paper: Paper,
    user,
    *,
    allowed: Callable,
    to: str,
    action: str,
    comment: str = "",
    refusal: str,
    fields: dict | None = None,
) -> Paper:
    current = _locked(paper)
    if not allowed(user, current):
        raise TransitionError(refusal)
    from_status = current.status
    current.status = to
    for name, value in (fields or {}).items():
        setattr(current, name, value)
    current.save(update_fields=["status", "updated_at", *(fields or {})])
    PaperEvent.objects.create(
        paper=current, action=action, from_status=from_status, to_status=to, actor=user, comment=comment
    )
    paper.refresh_from_db()
    return current


def record_creation(*, paper: Paper, user, comment: str = "") -> None:
    PaperEvent.objects.create(paper=paper, action=A.CREATED, to_status=paper.status, actor=user, comment=comment)


def _require_no_problems(paper: Paper, step: str) -> None:
    problems = paper_problems(paper)
    if problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise TransitionError(f"The paper cannot be {step} until these are fixed: {listed}")


def returned_with(paper: Paper) -> PaperEvent | None:
    """The reviewer's return, while the draft it sent back has not been submitted again."""
    if paper.status != S.DRAFT:
        return None
    latest = paper.events.exclude(action=A.COMMENTED).select_related("actor").order_by("-at", "-pk").first()
    return latest if latest and latest.action == A.RETURNED else None


@transaction.atomic
def submit_paper(*, paper: Paper, user) -> Paper:
    _require_no_problems(paper, "submitted")
    submitted = _transition(
        paper,
        user,
        allowed=permissions.can_submit_paper,
        to=S.SUBMITTED,
        action=A.SUBMITTED,
        refusal="Only the paper's author or the board secretary can submit a draft.",
    )
    notifications.paper_submitted(submitted)
    return submitted


@transaction.atomic
def return_paper(*, paper: Paper, user, comment: str) -> Paper:
    if not comment.strip():
        raise TransitionError("Say what the author needs to change.")
    returned = _transition(
        paper,
        user,
        allowed=permissions.can_return_paper,
        to=S.DRAFT,
        action=A.RETURNED,
        comment=comment.strip(),
        refusal="Only a reviewer other than the author can return a submitted paper.",
    )
    notifications.paper_reviewed(returned, returned=True, comment=comment.strip())
    return returned


@transaction.atomic
def clear_paper(*, paper: Paper, user, comment: str = "") -> Paper:
    _require_no_problems(paper, "cleared")
    cleared = _transition(
        paper,
        user,
        allowed=permissions.can_clear_paper,
        to=S.CLEARED,
        action=A.CLEARED,
        comment=comment.strip(),
        refusal="Only a reviewer other than the author can clear a submitted paper.",
    )
    notifications.paper_reviewed(cleared, returned=False, comment=comment.strip())
    return cleared


@transaction.atomic
def publish_paper(*, paper: Paper, user) -> Paper:
    """Render the PDF once, store it with its SHA-256 and publish.

    If rendering fails nothing changes: the exception rolls the transaction
    back and the paper stays cleared.
    """
    current = _locked(paper)
    if not permissions.can_publish_paper(user, current):
        raise TransitionError("Only the board secretary can publish a cleared paper.")
    problem = marking_problem(current.marking, current.date)
    if problem:
        raise TransitionError(f"The paper cannot be published: {problem}")
    now = timezone.now()
    current.published_at = now  # printed in the PDF's metadata as the issue date
    # The contact officers as they are today are what the paper says from now on, whatever their posts become.
    current.contact_officer_as_published = "\n".join(current.live_contact_descriptions())
    context = paper_context(current)
    try:
        rendered = render_paper_pdf(current, context=context)
    except MissingResource as exc:
        raise TransitionError(f"The PDF cannot be made: {exc}. Upload the figure again.") from exc
    current.pdf.save(pdf_filename(current), ContentFile(rendered.content), save=False)
    # The search entry written as the paper becomes public is the text of the document just rendered.
    with search.text_as_built(current.pk, context["document"].as_text()):
        published = _transition(
            paper,
            user,
            allowed=permissions.can_publish_paper,
            to=S.PUBLISHED,
            action=A.PUBLISHED,
            refusal="Only the board secretary can publish a cleared paper.",
            fields={
                "published_at": now,
                "pdf": current.pdf.name,
                "pdf_sha256": rendered.sha256,
                "pdf_page_count": rendered.page_count,
                "contact_officer_as_published": current.contact_officer_as_published,
            },
        )
    if published.supersedes_id:
        previous = Paper.objects.select_for_update().get(pk=published.supersedes_id)
        if previous.status == S.PUBLISHED:
            previous.status = S.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            PaperEvent.objects.create(
                paper=previous,
                action=A.SUPERSEDED,
                from_status=S.PUBLISHED,
                to_status=S.SUPERSEDED,
                actor=user,
                comment=f"Replaced by revision {published.revision}.",
            )
    return published


@transaction.atomic
def withdraw_paper(*, paper: Paper, user, reason: str) -> Paper:
    if not reason.strip():
        raise TransitionError("Give the reason for withdrawing the paper; the public sees it.")
    withdrawn = _transition(
        paper,
        user,
        allowed=permissions.can_withdraw_paper,
        to=S.WITHDRAWN,
        action=A.WITHDRAWN,
        comment=reason.strip(),
        fields={"withdrawal_reason": reason.strip()},
        refusal="Only the board secretary can withdraw a paper that is not already withdrawn.",
    )
    return withdrawn


@transaction.atomic
def start_revision(*, paper: Paper, user) -> Paper:
    """A draft copy of a published paper; publishing it supersedes the original."""
    current = _locked(paper)
    if not permissions.can_revise_paper(user, current):
        raise TransitionError("A new revision can be started only from the current published paper.")
    themes = list(current.themes.all())
    actions = list(current.priority_actions.all())
    sections = list(current.sections.all())
    recommendations = list(current.recommendations.all())
    sources = list(current.source_documents.all())
    contacts = list(current.further_contacts.all())
    appendices = list(current.appendices.all())
    figures = list(current.figures.all())

    revision = Paper.objects.create(
        board=current.board,
        agenda_item=current.agenda_item,
        title=current.title,
        from_post=current.from_post,
        date=timezone.localdate(),
        # A revision is dated today, when an unmarked paper would be OFFICIAL: it is public like one.
        marking=current.marking or Paper.Marking.OFFICIAL,
        purpose=current.purpose,
        contact_officer=current.contact_officer,
        location=current.location,
        plan_variation=current.plan_variation,
        revision=current.revision + 1,
        supersedes=current,
        created_by=user,
    )
    revision.themes.set(themes)
    revision.priority_actions.set(actions)
    # The copies share the stored files, which are never changed: replacing a figure stores a new file.
    for related in (*sections, *recommendations, *sources, *contacts, *appendices, *figures):
        related.pk = None
        related.id = None
        related.paper = revision
        related._state.adding = True
        related.save()
    PaperEvent.objects.create(
        paper=current,
        action=A.REVISED,
        from_status=current.status,
        to_status=current.status,
        actor=user,
        comment=f"Revision {revision.revision} started.",
    )
    PaperEvent.objects.create(
        paper=revision,
        action=A.CREATED,
        to_status=S.DRAFT,
        actor=user,
        comment=f"Revision {revision.revision} of a published paper.",
    )
    return revision


def comment_on_paper(*, paper: Paper, user, comment: str) -> PaperEvent:
    if not permissions.can_comment_on_paper(user, paper):
        raise TransitionError("Only office staff can comment on a paper.")
    if not comment.strip():
        raise TransitionError("Write a comment first.")
    return PaperEvent.objects.create(
        paper=paper,
        action=A.COMMENTED,
        from_status=paper.status,
        to_status=paper.status,
        actor=user,
        comment=comment.strip(),
    )
