"""A decision notice as a document: the numbered sections the page and the PDF both print.

The document is the public notice. The confidential part is never in it: it
says only that a confidential part exists and why it is withheld. Links to a
board paper or decision name them only when the public may read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from boards.models import Decision, Paper, Person
from pcp_portal.pdf import RenderedPdf, render_pdf
from pcp_portal.text import Section, blocks, number_blocks, sentence, written

from .models import DecisionNotice

NOTICE_PDF_TEMPLATE = "pdf/decision_notice.html"


@dataclass(frozen=True)
class Link:
    label: str
    text: str
    url: str = ""


def _officers(user_ids) -> dict[int, str]:
    """Signed-in officers as a notice names them, by login: the person's name and post, or the login's name
    (the login is read only for an officer who is no person of the portal)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    named = {person.user_id: person.description for person in Person.objects.filter(user_id__in=ids)}
    for user in get_user_model().objects.filter(pk__in=ids - named.keys()):
        named[user.pk] = user.get_full_name() or user.username
    return named


def _implication(heading: str, text: str, adviser: Person | None, kind: str) -> tuple[str, str, list[str]]:
    written = [] if text.strip() else [f"No {kind} implications were identified."]
    if adviser is not None:
        written.append(f"Advice given by {adviser.description}.")
    return heading, text, written


def _sections(notice: DecisionNotice) -> list[Section]:
    parts: list[tuple[str, str, list[str]]] = [("Decision", notice.decision, [])]
    for heading, body in (
        ("Background and reasons", notice.background),
        ("Options considered", notice.options),
        ("Consultation undertaken", notice.consultation),
    ):
        if body.strip():
            parts.append((heading, body, []))
    parts += [
        _implication("Financial implications", notice.financial_implications, notice.financial_adviser, "financial"),
        _implication("Legal implications", notice.legal_implications, notice.legal_adviser, "legal"),
        _implication("Equality implications", notice.equality_implications, notice.equality_adviser, "equality"),
    ]
    interests = [] if notice.conflict_of_interest.strip() else ["The decision-maker declared no conflict of interest."]
    if notice.dispensation.strip():
        interests.append(f"Dispensation: {sentence(notice.dispensation)}")
    parts.append(("Declarations of interest", notice.conflict_of_interest, interests))
    if notice.has_confidential_part:
        withheld = ["A confidential part of this decision is not published."]
        if notice.confidential_reason.strip():
            withheld.append(f"The reason it is withheld: {sentence(notice.confidential_reason)}")
        parts.append(("Confidential part", "", withheld))
    parts.append(("Advice recorded", "", _advice_lines(notice)))
    return [
        Section(str(number), heading, tuple(number_blocks(str(number), [*blocks(body), *map(written, lines)])))
        for number, (heading, body, lines) in enumerate(parts, start=1)
    ]


def _advice_lines(notice: DecisionNotice) -> list[str]:
    lines = []
    advice = (
        ("Financial advice", notice.finance_signed_off_by_id, notice.finance_signed_off_at),
        ("Legal advice", notice.legal_signed_off_by_id, notice.legal_signed_off_at),
    )
    officers = _officers(user_id for _, user_id, at in advice if at is not None)
    for label, user_id, at in advice:
        if at is None:
            lines.append(f"{label} has not yet been signed off.")
        else:
            when = date_filter(timezone.localtime(at), "j F Y")
            lines.append(f"{label} signed off by {officers.get(user_id, '')} on {when}.")
    return lines


def _links(notice: DecisionNotice) -> list[Link]:
    """What the notice follows and concerns, as far as the public may read it."""
    links = []
    if notice.paper_id and Paper.objects.public().filter(pk=notice.paper_id).exists():
        links.append(Link("Board paper", str(notice.paper.title), notice.paper.get_absolute_url()))
    if notice.board_decision_id and Decision.objects.public().filter(pk=notice.board_decision_id).exists():
        decision = notice.board_decision
        links.append(Link("Board decision", decision.wording))
    themes = [theme.name for theme in notice.themes.all()]
    if themes:
        links.append(Link("Plan themes", "; ".join(themes)))
    actions = [f"{action.code} {action.text}" for action in notice.priority_actions.all()]
    if actions:
        links.append(Link("Priority actions", "; ".join(actions)))
    shown = getattr(notice, "public_documents", None)  # read already by `publicity.public_notices()`
    if shown is None:
        shown = [document for document in notice.documents.all() if not document.confidential]
    documents = [document.title for document in shown]
    if documents:
        links.append(Link("Supporting documents", "; ".join(documents)))
    return links


def notice_context(notice: DecisionNotice, *, draft: bool = False) -> dict:
    """What both the page and the PDF show of `notice` (never its confidential part)."""
    signer = notice.decision_maker
    return {
        "notice": notice,
        "sections": _sections(notice),
        "links": _links(notice),
        "decision_maker": signer.description,
        "capacity": notice.get_capacity_display(),
        "organisation": settings.ORGANISATION_NAME,
        "draft": draft,
    }


def render_notice_pdf(notice: DecisionNotice, *, draft: bool = False) -> RenderedPdf:
    return render_pdf(NOTICE_PDF_TEMPLATE, notice_context(notice, draft=draft))


def pdf_filename(notice: DecisionNotice) -> str:
    return f"decision-notice-{notice.slug}.pdf"
