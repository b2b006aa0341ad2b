"""The leak test's notices: every object in every state, a marker in every field (see leak_world).

The notices are made directly in each state (the way the workspace's
services leave them), with a stored PDF and its SHA-256 from the moment they
are signed. Of a public notice the public reads its public fields, the
reason its confidential part is withheld and its public supporting documents;
the confidential part's text and documents are for the office only, whatever
the notice's state. Every field of a notice the public may not read is the
office's.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from boards.models import Paper, Person
from pcp_portal.pdf import html_to_pdf
from transparency.models import DecisionNotice, Marking, ReferenceCounter, SupportingDocument
from transparency.services.references import next_number

if TYPE_CHECKING:
    from .leak_world import Builder

S = DecisionNotice.Status
SIGNED_STATES = (S.SIGNED, S.HELD, S.PUBLISHED)
#: The free-text fields of a notice that the public reads once the notice is public.
PUBLIC_FIELDS = (
    "title",
    "decision",
    "background",
    "options",
    "consultation",
    "financial_implications",
    "legal_implications",
    "equality_implications",
    "conflict_of_interest",
    "dispensation",
)


def pdf_with(text: str, title: str = "Decision notice") -> bytes:
    return html_to_pdf(f'<html lang="en"><head><title>{title}</title></head><body><p>{text}</p></body></html>')


def notice_in_state(
    status: str,
    *,
    decision_maker: Person,
    pdf_text: str = "Decision notice",
    pdf: bytes | None = None,
    published_at=None,
    **fields,
) -> DecisionNotice:
    """A notice in `status`, as the workspace leaves it: from signature on, with its stored PDF and SHA-256
    (`pdf`, or one rendered from `pdf_text`), signed yesterday; a published one published now (or at
    `published_at`)."""
    now = timezone.now()
    year = fields.pop("reference_year", timezone.localdate().year)
    fields.setdefault("title", "A decision")
    fields.setdefault("decision", "To approve the proposal.")
    notice = DecisionNotice(
        reference_year=year,
        reference_number=next_number(ReferenceCounter, year),
        status=status,
        decision_maker=decision_maker,
        **fields,
    )
    if status in SIGNED_STATES:
        content = pdf if pdf is not None else pdf_with(pdf_text)
        notice.pdf.save(f"decision-{notice.slug}.pdf", ContentFile(content), save=False)
        notice.pdf_sha256 = hashlib.sha256(content).hexdigest()
        notice.pdf_page_count = 1
        notice.signed_at = now - timedelta(days=1)
    if status == S.PUBLISHED:
        notice.published_at = published_at or now
    notice.save()
    return notice


def add_document(notice: DecisionNotice, title: str, text: str, *, confidential: bool = False, position: int = 0):
    content = pdf_with(text, title="Supporting document")
    document = SupportingDocument(
        notice=notice,
        title=title,
        original_name="document.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        confidential=confidential,
        position=position,
    )
    document.file.save("document.pdf", ContentFile(content), save=True)
    return document


def add(b: Builder) -> None:
    """Add this app's objects to the world, each marker registered with the audience that may read it."""
    from .leak_world import OFFICE, PUBLIC

    maker = Person.objects.create(name="Gwen Tremayne", initials="GT", post_title="Police and Crime Commissioner")
    readable_paper = Paper.objects.public_text().order_by("pk").first()
    hidden_paper = Paper.objects.exclude(pk__in=Paper.objects.public()).order_by("pk").first()
    now = timezone.now()

    def notice(label: str, status: str, *, public: bool, confidential: bool = True, **fields) -> DecisionNotice:
        audience = PUBLIC if public else OFFICE
        m = lambda what, aud=audience: b.m(aud, f"{what} of the {label} notice")  # noqa: E731
        text = {name: f"{name.replace('_', ' ').capitalize()} {m(name)}" for name in PUBLIC_FIELDS}
        if confidential:
            text["confidential_text"] = f"Tender prices {m('confidential part', OFFICE)}"
            text["confidential_reason"] = f"Commercially sensitive {m('reason the confidential part is withheld')}"
        created = notice_in_state(
            status,
            decision_maker=maker,
            financial_adviser=b.officer,
            legal_adviser=b.officer,
            pdf_text=f"{text['title']} {text['decision']}",
            **text,
            **fields,
        )
        add_document(created, f"Options appraisal {m('supporting document title')}", f"Costs {m('supporting PDF')}")
        add_document(
            created,
            f"Bids {m('confidential document title', OFFICE)}",
            f"Bid values {m('confidential document PDF', OFFICE)}",
            confidential=True,
            position=1,
        )
        return created

    with TestCase.captureOnCommitCallbacks(execute=True):  # the search entries, as after each commit
        notice("draft", S.DRAFT, public=False, paper=readable_paper)
        notice("advised", S.ADVISED, public=False)
        notice("signed", S.SIGNED, public=False)
        reason = lambda label, aud: f"Contract award pending {b.m(aud, f'hold reason of the {label} notice')}"  # noqa: E731
        notice(
            "held-until-a-future-date",
            S.HELD,
            public=False,
            hold_until=now + timedelta(days=10),
            hold_reason=reason("held-until-a-future-date", OFFICE),
        )
        notice(
            "held-past-its-date",  # the scheduled task has not run yet
            S.HELD,
            public=False,
            hold_until=now - timedelta(hours=1),
            hold_reason=reason("held-past-its-date", OFFICE),
        )
        notice(
            "published-after-a-hold",
            S.PUBLISHED,
            public=True,
            hold_until=now - timedelta(days=2),
            hold_reason=reason("published-after-a-hold", PUBLIC),
            paper=hidden_paper,
        )
        notice("published", S.PUBLISHED, public=True, confidential=False, paper=readable_paper)
        notice("sensitive", S.PUBLISHED, public=False, marking=Marking.OFFICIAL_SENSITIVE)
