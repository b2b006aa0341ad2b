"""What the public reads of a decision notice, and the search entry that follows it.

`DecisionNotice.objects.public()` decides which notices the public may read.
Of a public notice, the public reads the fields in `PUBLIC_TEXT_FIELDS` (the
reason a confidential part is withheld among them, never its text), its
supporting documents that are not confidential, and the board paper and
board decision it follows only while `boards` says the public may read them.
Every public surface (pages, feed, API, CSV, search) reads through
`public_notices()`.

The search entry of a notice is rewritten or removed right after the
transaction that changed the notice, its themes or its documents commits,
whichever code path made the change (a service, the scheduled task that
publishes held notices, the admin).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from boards.models import Decision, Paper
from pcp_portal.query import query_value

from .models import DecisionNotice, SupportingDocument

#: The free text of a public notice that the public reads. `confidential_text` is never among them, and
#: `confidential_reason` is read only where a confidential part is withheld (`withholds_part`).
PUBLIC_TEXT_FIELDS = (
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
    "confidential_reason",
    "hold_reason",
)

#: The most words a register search looks for, and the longest text it reads.
MAX_WORDS = 10
MAX_QUERY = 200


def public_text(notice: DecisionNotice) -> list[str]:
    """The public free text of a public notice, field by field, as the page shows it."""
    return [
        getattr(notice, name) for name in PUBLIC_TEXT_FIELDS if name != "confidential_reason" or notice.withholds_part
    ]


def public_documents() -> QuerySet[SupportingDocument]:
    return SupportingDocument.objects.filter(confidential=False)


def public_notices() -> QuerySet[DecisionNotice]:
    """Public notices with what every public surface shows of them, in a constant number of queries.

    `paper_is_public` and `board_decision_is_public` say whether the board paper and board decision a notice
    follows may be shown (and linked); `withholds_part` whether it has a confidential part (a text or a
    confidential document: `DecisionNotice.has_confidential_part`), which the public is told of, with the reason;
    `public_documents` holds its supporting documents that are not confidential.
    """
    return (
        DecisionNotice.objects.public()
        .with_confidential_part()
        .select_related("decision_maker", "financial_adviser", "legal_adviser", "equality_adviser")
        .annotate(
            paper_is_public=Exists(Paper.objects.public_text().filter(pk=OuterRef("paper_id"))),
            board_decision_is_public=Exists(Decision.objects.public().filter(pk=OuterRef("board_decision_id"))),
        )
        .prefetch_related(
            "themes__plan",
            "priority_actions",
            Prefetch("documents", queryset=public_documents(), to_attr="public_documents"),
        )
    )


def parse_reference(reference: str) -> tuple[int, int] | None:
    """(year, number) of "2026-015" or "2026/015"; None for anything else."""
    year, sep, number = reference.strip().replace("/", "-").partition("-")
    if not sep or not (year.isascii() and year.isdigit() and number.isascii() and number.isdigit()):
        return None
    if len(year) != 4 or not 0 < len(number) <= 6:
        return None
    return int(year), int(number)


def matching(text: str) -> Q:
    """A filter of `public_notices()`: notices whose public text holds every word of `text`; a reference
    such as 2026/015 matches that notice."""
    condition = Q()
    for word in text.split()[:MAX_WORDS]:
        either = Q()
        for name in PUBLIC_TEXT_FIELDS:
            found = Q(**{f"{name}__icontains": word})
            if name == "confidential_reason":  # public only beside a confidential part, as the page shows it
                found &= Q(withholds_part=True)
            either |= found
        if reference := parse_reference(word):
            either |= Q(reference_year=reference[0], reference_number=reference[1])
        condition &= either
    return condition


def register(*, year: int | None = None, theme_id: int | None = None, text: str = "") -> QuerySet[DecisionNotice]:
    """The register of public notices, latest reference first, narrowed to a year of the series, a plan theme
    and the words of `text`: the page, its CSV and the API list the same notices for the same filters."""
    notices = public_notices().order_by("-reference_year", "-reference_number")
    if year:
        notices = notices.filter(reference_year=year)
    if theme_id:
        notices = notices.filter(themes=theme_id)
    if text.strip():
        notices = notices.filter(matching(text))
    return notices


def register_filters(query) -> dict:
    """`register()`'s filters from a query string; anything malformed is ignored."""
    year, theme = query.get("year", ""), query.get("theme", "")
    return {
        "year": int(year) if year.isascii() and year.isdigit() and 1900 < int(year) < 2200 else None,
        "theme_id": int(theme) if theme.isascii() and theme.isdigit() and len(theme) < 10 else None,
        "text": query_value(query, "q", MAX_QUERY).strip(),
    }


# The search entry follows the notice


def _refresh_later(notice_id: int) -> None:
    from . import search

    transaction.on_commit(partial(search.refresh_notice, notice_id))


def _notice_saved(sender, instance: DecisionNotice, **kwargs) -> None:
    _refresh_later(instance.pk)


def _document_changed(sender, instance: SupportingDocument, **kwargs) -> None:
    _refresh_later(instance.notice_id)


def _themes_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        _refresh_later(instance.pk)
    else:  # a theme's notices changed (or the theme went): each of them
        for pk in pk_set or ():
            _refresh_later(pk)


def connect() -> None:
    post_save.connect(_notice_saved, sender=DecisionNotice, dispatch_uid="transparency-notice-saved")
    post_delete.connect(_notice_saved, sender=DecisionNotice, dispatch_uid="transparency-notice-deleted")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_document_changed, sender=SupportingDocument, dispatch_uid=f"transparency-document-{name}")
    m2m_changed.connect(
        _themes_changed, sender=DecisionNotice.themes.through, dispatch_uid="transparency-notice-themes"
    )
