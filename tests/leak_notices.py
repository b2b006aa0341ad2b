"""The leak test's notices: every object in every state, a marker in every field (see leak_world).

The world's notices are moved into each state by the workspace's services,
so a signed notice's PDF is the one the portal renders; `notice_in_state`
makes one directly in a state, for the public pages' own tests. Of a public
notice the public reads its public fields, the reason its confidential part
is withheld and its public supporting documents;
the confidential part's text and documents are for the office only, whatever
the notice's state. Every field of a notice the public may not read is the
office's.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from boards.models import Paper, Person
from pcp_portal.pdf import html_to_pdf
from pcp_portal.roles import Role
from transparency.models import DecisionNotice, Marking, ReferenceCounter, SupportingDocument
from transparency.services import notices as services
from transparency.services.references import next_number

from .factories import PersonFactory, UserFactory

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
        reference_number=next_number(ReferenceCounter.Series.NOTICE, year),
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
    """Notices in every state, moved there by the workspace's own services, so each signed notice's PDF is the
    one the portal renders; each marker registered with the audience that may read it."""
    from .leak_world import OFFICE, PUBLIC

    maker = PersonFactory(
        name="Gwen Tremayne",
        initials="GT",
        post_title="Police and Crime Commissioner",
        user=UserFactory(username="leak-commissioner", roles=[Role.COMMISSIONER]),
    )
    finance = UserFactory(username="leak-finance", roles=[Role.FINANCE])
    legal = UserFactory(username="leak-legal", roles=[Role.LEGAL])
    readable_paper = Paper.objects.public_text().order_by("pk").first()
    hidden_paper = Paper.objects.exclude(pk__in=Paper.objects.public()).order_by("pk").first()

    def notice(label: str, *, public: bool, confidential: bool = True, **fields) -> DecisionNotice:
        """A draft with every field and two documents (one confidential), as an author makes it."""
        audience = PUBLIC if public else OFFICE
        m = lambda what, aud=audience: b.m(aud, f"{what} of the {label} notice")  # noqa: E731
        text = {name: f"{name.replace('_', ' ').capitalize()} {m(name)}" for name in PUBLIC_FIELDS}
        # Every notice has a confidential document, so a confidential part and its reason; some a confidential text.
        text["confidential_reason"] = f"Commercially sensitive {m('reason the confidential part is withheld')}"
        if confidential:
            text["confidential_text"] = f"Tender prices {m('confidential part', OFFICE)}"
        created = services.create_notice(
            user=b.author, decision_maker=maker, financial_adviser=b.officer, legal_adviser=b.officer, **text, **fields
        )
        for position, (title, body, secret) in enumerate(
            [
                (f"Options appraisal {m('supporting document title')}", f"Costs {m('supporting PDF')}", False),
                (f"Bids {m('confidential document title', OFFICE)}", f"Bids {m('confidential PDF', OFFICE)}", True),
            ]
        ):
            content = pdf_with(body, title="Supporting document")
            upload = SimpleUploadedFile(f"document-{position}.pdf", content, content_type="application/pdf")
            services.add_document(
                notice=created,
                user=b.author,
                title=title,
                upload=upload,
                sha256=hashlib.sha256(content).hexdigest(),
                confidential=secret,
            )
        return created

    def advise(created: DecisionNotice) -> DecisionNotice:
        advice = lambda who: f"Agreed. {b.m(OFFICE, f'{who} advice comment on notice {created.reference}')}"  # noqa: E731
        services.sign_off_finance(notice=created, user=finance, comment=advice("finance"))
        return services.sign_off_legal(notice=created, user=legal, comment=advice("legal"))

    def sign(created: DecisionNotice) -> DecisionNotice:
        return services.sign_notice(notice=advise(created), user=maker.user)

    def hold(created: DecisionNotice, *, days: int, audience: str = OFFICE) -> DecisionNotice:
        """Held back, until `days` from now (a day past: its date has come but the task has not run)."""
        reason = f"Contract award pending {b.m(audience, f'hold reason of notice {created.reference}')}"
        held = services.publish_notice(
            notice=sign(created), user=b.secretary, hold_until=timezone.now() + timedelta(days=10), hold_reason=reason
        )
        if days < 0:  # its date has come since: as if time had passed
            DecisionNotice.objects.filter(pk=held.pk).update(hold_until=timezone.now() + timedelta(days=days))
        return held

    with TestCase.captureOnCommitCallbacks(execute=True):  # the search entries, as after each commit
        notice("draft", public=False, paper=readable_paper)
        advise(notice("advised", public=False))
        returned = advise(notice("returned", public=False))
        services.return_notice(
            notice=returned, user=legal, comment=f"Redo the options. {b.m(OFFICE, 'reason a notice was returned')}"
        )
        sign(notice("signed", public=False))
        # Published on the date it was held until, by the scheduled task (before the next one is held).
        hold(notice("published-after-a-hold", public=True, paper=hidden_paper), days=-1, audience=PUBLIC)
        assert len(services.publish_due_notices()) == 1
        hold(notice("held-until-a-future-date", public=False), days=10)
        hold(notice("held-past-its-date", public=False), days=-1)  # the scheduled task has not run yet
        services.publish_notice(
            notice=sign(notice("published", public=True, confidential=False, paper=readable_paper)),
            user=b.secretary,
        )
        services.publish_notice(
            notice=sign(notice("sensitive", public=False, marking=Marking.OFFICIAL_SENSITIVE)), user=b.secretary
        )
