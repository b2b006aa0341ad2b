"""A decision notice's life: create, advise (finance, legal), return, sign, publish or hold, release.

Each function locks the notice, checks `permissions`, and writes a
`NoticeEvent` saying who, when and why. A view never sets a status itself.
Signing renders the PDF once, in the house style, and stores it with its
SHA-256; publication never renders again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from boards.services.errors import TransitionError
from pcp_portal.pdf import MissingResource
from pcp_portal.versions import bump_version, claim_version

from .. import permissions
from ..models import DecisionNotice, NoticeEvent, ReferenceCounter, SupportingDocument
from ..notice_document import pdf_filename, render_notice_pdf
from . import references

logger = logging.getLogger(__name__)

S = DecisionNotice.Status
A = NoticeEvent.Action

#: What a draft's editor may set; the rest is the workflow's.
EDITABLE_FIELDS = (
    "title",
    "decision",
    "background",
    "options",
    "consultation",
    "financial_implications",
    "financial_adviser",
    "legal_implications",
    "legal_adviser",
    "equality_implications",
    "equality_adviser",
    "conflict_of_interest",
    "dispensation",
    "marking",
    "decision_maker",
    "capacity",
    "confidential_text",
    "confidential_reason",
    "paper",
    "board_decision",
)
MANY_FIELDS = ("themes", "priority_actions")
#: A notice is held back from publication for at most this many days.
MAX_HOLD_DAYS = 366
ADVICE_FIELDS = ("finance_signed_off_by", "finance_signed_off_at", "legal_signed_off_by", "legal_signed_off_at")


def _locked(notice: DecisionNotice) -> DecisionNotice:
    return DecisionNotice.objects.select_for_update().get(pk=notice.pk)


def _record(notice: DecisionNotice, user, action: str, *, from_status: str, comment: str = "") -> NoticeEvent:
    return NoticeEvent.objects.create(
        notice=notice, action=action, from_status=from_status, to_status=notice.status, actor=user, comment=comment
    )


def _transition(
    notice: DecisionNotice,
    user,
    *,
    allowed: Callable,
    refusal: str,
    action: str,
    to: str | None = None,
    comment: str = "",
    fields: dict | None = None,
    reason: str = "",
) -> DecisionNotice:
    """Lock, check, change, record: the shape of every step (as `boards.services.papers._transition`)."""
    current = _locked(notice)
    if not allowed(user, current):
        raise TransitionError(refusal)
    from_status = current.status
    if to is not None:
        current.status = to
    for name, value in (fields or {}).items():
        setattr(current, name, value)
    current._history_user = user
    current._change_reason = reason or NoticeEvent.Action(action).label
    current.save(update_fields=["status", "updated_at", *(fields or {})])
    _record(current, user, action, from_status=from_status, comment=comment)
    notice.refresh_from_db()
    return current


def _assign(notice: DecisionNotice, fields: dict) -> tuple[dict, dict]:
    """Set the plain fields of `fields` on `notice`; return (plain, many-to-many) as given."""
    unknown = set(fields) - set(EDITABLE_FIELDS) - set(MANY_FIELDS)
    if unknown:
        raise TypeError(f"Not a field a notice's editor sets: {', '.join(sorted(unknown))}")
    plain = {name: value for name, value in fields.items() if name in EDITABLE_FIELDS}
    many = {name: value for name, value in fields.items() if name in MANY_FIELDS}
    for name, value in plain.items():
        setattr(notice, name, value)
    return plain, many


@transaction.atomic
def create_notice(*, user, **fields) -> DecisionNotice:
    """A new draft with the next reference of this year's series (`references.next_number`)."""
    if not permissions.can_create_notice(user):
        raise TransitionError("Only the office's authors and the board secretary draft decision notices.")
    year = timezone.localdate().year
    notice = DecisionNotice(created_by=user, reference_year=year)
    _, many = _assign(notice, fields)
    notice.full_clean(exclude=["reference_number", "reference_year"])
    notice.reference_number = references.next_number(ReferenceCounter.Series.NOTICE, year)
    notice._history_user = user
    notice._change_reason = "Created"
    notice.save()
    for name, values in many.items():
        getattr(notice, name).set(values)
    _record(notice, user, A.CREATED, from_status="")
    return notice


def _clear_advice_after_change(notice: DecisionNotice, user, what: str) -> list[str]:
    """Advice is given on the text as it was: a change to a draft after advice asks for the advice again."""
    if notice.finance_signed_off_at is None and notice.legal_signed_off_at is None:
        return []
    for name in ADVICE_FIELDS:
        setattr(notice, name, None)
    _record(
        notice,
        user,
        A.ADVICE_ASKED_AGAIN,
        from_status=notice.status,
        comment=f"{what}; the advice recorded before the change is to be given again.",
    )
    return list(ADVICE_FIELDS)


def _documents_changed(current: DecisionNotice, user, what: str, done: str) -> None:
    """A document added or removed is an edit: the notice takes a new version and any advice is asked again."""
    bump_version(current)
    current.refresh_from_db()
    cleared = _clear_advice_after_change(current, user, what)
    if cleared:
        current._history_user = user
        current._change_reason = f"Advice cleared: a supporting document was {done}"
        current.save(update_fields=[*cleared, "updated_at"])


@transaction.atomic
def save_notice(*, notice: DecisionNotice, user, expected_version: int, **fields) -> DecisionNotice:
    """Save a draft's fields; refused (EditConflict) when it changed since `expected_version`."""
    current = _locked(notice)
    if not permissions.can_edit_notice(user, current):
        raise TransitionError("Only the office's authors and the board secretary edit a draft notice.")
    claim_version(current, expected_version)
    plain, many = _assign(current, fields)
    current.full_clean(exclude=["reference_number", "reference_year"])
    cleared = _clear_advice_after_change(current, user, "The notice was edited")
    current._history_user = user
    current._change_reason = "Edited"
    current.save(update_fields=[*plain, *cleared, "version", "updated_at"])
    for name, values in many.items():
        getattr(current, name).set(values)
    notice.refresh_from_db()
    return current


@transaction.atomic
def add_document(
    *, notice: DecisionNotice, user, title: str, upload, sha256: str, confidential: bool
) -> SupportingDocument:
    """Attach a supporting PDF (checked by the form as an appendix is) to a draft; it counts as an edit."""
    current = _locked(notice)
    if not permissions.can_edit_notice(user, current):
        raise TransitionError("Supporting documents are added to a draft, by the office's authors and secretary.")
    position = current.documents.count()
    document = SupportingDocument(
        notice=current,
        title=title,
        original_name=upload.name[:255],
        size=upload.size,
        sha256=sha256,
        confidential=confidential,
        position=position,
    )
    document.file.save(upload.name, upload, save=False)
    document._history_user = user
    document.save()
    _documents_changed(current, user, f"Supporting document “{title}” added", "added")
    notice.refresh_from_db()
    return document


@transaction.atomic
def remove_document(*, notice: DecisionNotice, user, document: SupportingDocument) -> None:
    """Take a supporting document off a draft (a wrong file, or one marked public that is not); it counts as an edit."""
    current = _locked(notice)
    if not permissions.can_edit_notice(user, current) or document.notice_id != current.pk:
        raise TransitionError("Supporting documents are removed from a draft, by the office's authors and secretary.")
    title = document.title
    document._history_user = user
    document.delete()
    _documents_changed(current, user, f"Supporting document “{title}” removed", "removed")
    notice.refresh_from_db()


def _check_version(current: DecisionNotice, expected_version: int | None) -> None:
    """Advice and a signature are given on the text as read: refused if the notice changed since it was opened."""
    if expected_version is not None and current.version != expected_version:
        raise TransitionError(
            f"Nothing was recorded: the notice changed since you opened it (you read version {expected_version}; "
            f"it is now version {current.version}). Read it again before you take this step."
        )


def _sign_off(notice: DecisionNotice, user, *, kind: str, comment: str, expected_version: int | None) -> DecisionNotice:
    allowed = permissions.can_sign_off_finance if kind == "finance" else permissions.can_sign_off_legal
    current = _locked(notice)
    if not allowed(user, current):
        role = "the chief finance officer" if kind == "finance" else "the monitoring officer"
        raise TransitionError(
            f"Only {role}, on a draft awaiting that advice and not their own, can sign off this advice."
        )
    _check_version(current, expected_version)
    now = timezone.now()
    fields = {f"{kind}_signed_off_by": user, f"{kind}_signed_off_at": now}
    other = "legal" if kind == "finance" else "finance"
    both = getattr(current, f"{other}_signed_off_at") is not None
    return _transition(
        current,
        user,
        allowed=allowed,
        refusal="",
        action=A.FINANCE_ADVICE if kind == "finance" else A.LEGAL_ADVICE,
        to=S.ADVISED if both else S.DRAFT,
        comment=comment.strip(),
        fields=fields,
    )


@transaction.atomic
def sign_off_finance(
    *, notice: DecisionNotice, user, comment: str = "", expected_version: int | None = None
) -> DecisionNotice:
    """Record the chief finance officer's sign-off; with legal advice also recorded, the notice is advised."""
    signed = _sign_off(notice, user, kind="finance", comment=comment, expected_version=expected_version)
    notice.refresh_from_db()
    return signed


@transaction.atomic
def sign_off_legal(
    *, notice: DecisionNotice, user, comment: str = "", expected_version: int | None = None
) -> DecisionNotice:
    """Record the monitoring officer's sign-off; with financial advice also recorded, the notice is advised."""
    signed = _sign_off(notice, user, kind="legal", comment=comment, expected_version=expected_version)
    notice.refresh_from_db()
    return signed


@transaction.atomic
def return_notice(*, notice: DecisionNotice, user, comment: str) -> DecisionNotice:
    """Back to draft with the reason; the advice recorded is cleared and must be given again."""
    if not comment.strip():
        raise TransitionError("Say why the notice goes back to draft: the author reads it.")
    return _transition(
        notice,
        user,
        allowed=permissions.can_return_notice,
        refusal="Only an adviser or the decision-maker named can return a notice with advice recorded, "
        "before it is signed.",
        action=A.RETURNED,
        to=S.DRAFT,
        comment=comment.strip(),
        fields=dict.fromkeys(ADVICE_FIELDS),
    )


@transaction.atomic
def sign_notice(*, notice: DecisionNotice, user, expected_version: int | None = None) -> DecisionNotice:
    """The decision-maker signs with their own login: the PDF is rendered once and stored with its SHA-256.

    With `expected_version` (the version the decision-maker read), refused if the notice changed since.
    If rendering fails nothing changes: the transaction rolls back and the notice stays advised.
    """
    refusal = "Only the decision-maker named on the notice, signed in as themselves, can sign it once advised."
    current = _locked(notice)
    if not permissions.can_sign_notice(user, current):
        raise TransitionError(refusal)
    _check_version(current, expected_version)
    try:
        current.clean()  # what the editor checks, checked again on the day of signing
    except ValidationError as invalid:
        raise TransitionError(f"The notice cannot be signed: {' '.join(invalid.messages)}") from invalid
    current.signed_by = user
    current.signed_at = timezone.now()
    try:
        rendered = render_notice_pdf(current)
    except MissingResource as exc:
        raise TransitionError(f"The PDF cannot be made: {exc}.") from exc
    current.pdf.save(pdf_filename(current), ContentFile(rendered.content), save=False)
    return _transition(
        notice,
        user,
        allowed=permissions.can_sign_notice,
        refusal=refusal,
        action=A.SIGNED,
        to=S.SIGNED,
        fields={
            "signed_by": user,
            "signed_at": current.signed_at,
            "pdf": current.pdf.name,
            "pdf_sha256": rendered.sha256,
            "pdf_page_count": rendered.page_count,
        },
    )


@transaction.atomic
def publish_notice(
    *, notice: DecisionNotice, user, hold_until: datetime | None = None, hold_reason: str = ""
) -> DecisionNotice:
    """Publish now, or hold back until `hold_until` with the reason (then `publish_due_notices` publishes it)."""
    refusal = "Only the board secretary can publish a signed notice."
    now = timezone.now()
    if hold_until is None:
        return _transition(
            notice,
            user,
            allowed=permissions.can_publish_notice,
            refusal=refusal,
            action=A.PUBLISHED,
            to=S.PUBLISHED,
            fields={"published_at": now},
        )
    if not hold_reason.strip():
        raise TransitionError("Give the reason for holding the notice back; the public sees it once published.")
    if hold_until <= now:
        raise TransitionError("The date to publish on must be in the future; to publish now, do not hold it back.")
    if hold_until > now + timedelta(days=MAX_HOLD_DAYS):
        raise TransitionError(f"A notice is held back for at most {MAX_HOLD_DAYS} days; choose an earlier date.")
    held = _transition(
        notice,
        user,
        allowed=permissions.can_publish_notice,
        refusal=refusal,
        action=A.HELD,
        to=S.HELD,
        comment=f"Until {timezone.localtime(hold_until):%d %B %Y %H:%M}: {hold_reason.strip()}",
        fields={"hold_until": hold_until, "hold_reason": hold_reason.strip()},
    )
    from ..tasks import schedule_publication

    schedule_publication(hold_until)
    return held


@transaction.atomic
def release_notice(*, notice: DecisionNotice, user) -> DecisionNotice:
    """Publish a held notice before its date."""
    return _transition(
        notice,
        user,
        allowed=permissions.can_release_notice,
        refusal="Only the board secretary can release a notice held back from publication.",
        action=A.PUBLISHED,
        to=S.PUBLISHED,
        comment="Released before the date it was held until.",
        fields={"published_at": timezone.now()},
    )


def publish_due_notices(*, now: datetime | None = None) -> list[DecisionNotice]:
    """Publish every held notice whose date has come; the scheduled task and `manage.py publish_due_notices`.

    Safe to run at any time and more than once (cron and a deferred task may
    both run it): each notice is locked and checked again, so it is published
    once. The step is recorded as the act of whoever held the notice back.
    """
    now = now or timezone.now()
    published = []
    for pk in DecisionNotice.objects.due_for_publication(now).values_list("pk", flat=True):
        with transaction.atomic():
            current = DecisionNotice.objects.select_for_update().get(pk=pk)
            if current.status != S.HELD or current.hold_until is None or current.hold_until > now:
                continue
            held = current.events.filter(action=A.HELD).order_by("-at", "-pk").first()
            current.status = S.PUBLISHED
            current.published_at = now
            current._history_user = held.actor if held else None
            current._change_reason = "Published on the date it was held until"
            current.save(update_fields=["status", "published_at", "updated_at"])
            if held is not None:
                _record(
                    current,
                    held.actor,
                    A.PUBLISHED,
                    from_status=S.HELD,
                    comment="Published automatically on the date it was held until.",
                )
            published.append(current)
    if published:
        logger.info("Published %d held decision notice(s)", len(published))
    return published
