"""A decision notice's life: create, advise (finance, legal), return, sign, publish or hold, release.

Each function locks the notice, checks `permissions`, and writes a
`NoticeEvent` saying who, when and why. A view never sets a status itself.
Signing renders the PDF once, in the house style, and stores it with its
SHA-256; publication never renders again.
"""

from __future__ import annotations

from datetime import datetime

from boards.services.errors import EditConflict, TransitionError  # noqa: F401  (the shared refusals)

from ..models import DecisionNotice


def create_notice(*, user, **fields) -> DecisionNotice:
    """A new draft with the next reference of this year's series (`references.next_number`)."""
    raise NotImplementedError


def save_notice(*, notice: DecisionNotice, user, expected_version: int, **fields) -> DecisionNotice:
    """Save a draft's fields; refused (EditConflict) when it changed since `expected_version`."""
    raise NotImplementedError


def sign_off_finance(*, notice: DecisionNotice, user, comment: str = "") -> DecisionNotice:
    """Record the chief finance officer's sign-off; with legal advice also recorded, the notice is advised."""
    raise NotImplementedError


def sign_off_legal(*, notice: DecisionNotice, user, comment: str = "") -> DecisionNotice:
    raise NotImplementedError


def return_notice(*, notice: DecisionNotice, user, comment: str) -> DecisionNotice:
    """Back to draft with the reason; the advice recorded is cleared and must be given again."""
    raise NotImplementedError


def sign_notice(*, notice: DecisionNotice, user) -> DecisionNotice:
    """The decision-maker signs with their own login: the PDF is rendered once and stored with its SHA-256."""
    raise NotImplementedError


def publish_notice(
    *, notice: DecisionNotice, user, hold_until: datetime | None = None, hold_reason: str = ""
) -> DecisionNotice:
    """Publish now, or hold back until `hold_until` with the reason (then `publish_due_notices` publishes it)."""
    raise NotImplementedError


def release_notice(*, notice: DecisionNotice, user) -> DecisionNotice:
    """Publish a held notice before its date."""
    raise NotImplementedError


def publish_due_notices(*, now: datetime | None = None) -> list[DecisionNotice]:
    """Publish every held notice whose date has come; the scheduled task and `manage.py publish_due_notices`."""
    raise NotImplementedError
