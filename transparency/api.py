"""Open data of the Commissioner's decisions, read-only: public notices only, their public fields only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from pcp_portal.api import csv_response, paginated
from pcp_portal.links import absolute

from .models import DecisionNotice
from .publicity import register, register_filters


def _notices(request):
    return register(**register_filters(request.GET))


def _advice(text: str, adviser) -> dict:
    return {"text": text, "adviser": adviser.name if adviser else None}


def serialize(request, notice: DecisionNotice) -> dict:
    return {
        "id": f"decision-notice/{notice.slug}",
        "reference": notice.reference,
        "title": notice.title,
        "decision": notice.decision,
        "background": notice.background,
        "options": notice.options,
        "consultation": notice.consultation,
        "implications": {
            "financial": _advice(notice.financial_implications, notice.financial_adviser),
            "legal": _advice(notice.legal_implications, notice.legal_adviser),
            "equality": _advice(notice.equality_implications, notice.equality_adviser),
        },
        "conflict_of_interest": notice.conflict_of_interest or None,
        "dispensation": notice.dispensation or None,
        "marking": notice.marking,
        "decision_maker": {"name": notice.decision_maker.name, "capacity": notice.get_capacity_display()},
        "signed_on": timezone.localdate(notice.signed_at).isoformat(),
        "published_at": notice.published_at.isoformat(),
        "held_back_reason": notice.hold_reason or None,
        "confidential_part": (
            {"exists": True, "reason": notice.confidential_reason} if notice.withholds_part else None
        ),
        "document": f"paper/{notice.paper_id}" if notice.paper_is_public else None,
        "vote": f"decision/{notice.board_decision_id}" if notice.board_decision_is_public else None,
        "themes": [theme.name for theme in notice.themes.all()],
        "priority_actions": [action.code for action in notice.priority_actions.all()],
        "links": [
            {
                "url": absolute(request, reverse("transparency:notice_pdf", args=[notice.slug])),
                "media_type": "application/pdf",
                "sha256": notice.pdf_sha256,
            }
        ]
        + [
            {
                "note": document.title,
                "url": absolute(request, reverse("transparency:notice_document", args=[notice.slug, document.pk])),
                "media_type": "application/pdf",
                "sha256": document.sha256,
            }
            for document in notice.public_documents
        ],
        "sources": [{"url": absolute(request, notice.get_absolute_url())}],
    }


def decision_notices(request):
    return paginated(request, _notices(request), lambda notice: serialize(request, notice))


CSV_HEADER = [
    "reference",
    "title",
    "decision_maker",
    "capacity",
    "signed_on",
    "published_on",
    "decision",
    "themes",
    "priority_actions",
    "confidential_part_withheld",
    "confidential_part_reason",
    "url",
    "pdf_sha256",
]


def decision_notices_csv(request):
    rows = (
        [
            n.reference,
            n.title,
            n.decision_maker.name,
            n.get_capacity_display(),
            timezone.localdate(n.signed_at).isoformat(),
            timezone.localdate(n.published_at).isoformat(),
            n.decision,
            "; ".join(theme.name for theme in n.themes.all()),
            "; ".join(action.code for action in n.priority_actions.all()),
            "yes" if n.withholds_part else "no",
            n.confidential_reason if n.withholds_part else "",
            absolute(request, n.get_absolute_url()),
            n.pdf_sha256,
        ]
        for n in _notices(request)
    )
    return csv_response("commissioners-decisions.csv", CSV_HEADER, rows)
