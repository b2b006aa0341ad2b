"""The rows of the long public tables, written in Python from plain values rather than in a template loop.

A loop of 50 rows of seven cells, each cell a lookup through six joined model objects and each date through
the `date` filter's per-character formatter, was two thirds of the decisions list's calls. These functions
write the markup the template loop wrote (the page was the same, text for text, before and after), from the
rows as `values()` reads them. Every text is escaped by `format_html`; a date is written as the `date` filter
writes it in English (`short_date`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Decision, Meeting, Recommendation
from .models.papers import paper_url

#: The columns of a decision the list shows, read as plain values: a row of seven cells drawn from six joined
#: tables, made into six model objects, cost more than its markup.
DECISION_ROW = (
    "outcome",
    "amended_text",
    "meeting_id",
    "meeting__starts_at",
    "meeting__slug",
    "meeting__board__slug",
    "written_procedure__closes_on",
    "recommendation__verb",
    "recommendation__text",
    "recommendation__paper_id",
    "recommendation__paper__title",
    "recommendation__paper__board__short_name",
    "recommendation__paper__board__name",  # the short name's expansion
)

DECISION_ROW_HTML = (
    "<tr><td>{}</td>"
    '<td><abbr title="{}">{}</abbr></td>'
    "<td>{}</td>"
    '<td><a href="{}">{}</a></td>'
    "<td>{}</td>"
    "<td><strong>{}</strong></td>"
    "<td>{}</td></tr>\n"
)
OUTCOMES = dict(Decision.Outcome.choices)


def short_date(day) -> str:
    """ "3 Sep 2026", as the `date:"j M Y"` filter writes it in English, without its per-character formatter."""
    return f"{day:%-d %b %Y}"


def decision_rows(decisions: Iterable[dict]) -> SafeString:
    """The decisions list's rows (date, board, meeting, paper, recommendation, outcome and decision), from
    `DECISION_ROW`'s values of each decision."""
    rows = []
    for row in decisions:
        if row["meeting_id"] is None:
            day, meeting = row["written_procedure__closes_on"], "In writing"
        else:
            day = timezone.localdate(row["meeting__starts_at"])
            address = Meeting.url_of(row["meeting__board__slug"], row["meeting__slug"])
            meeting = format_html('<a href="{}">{}</a>', address, short_date(day))
        rows.append(
            format_html(
                DECISION_ROW_HTML,
                short_date(day),
                row["recommendation__paper__board__name"],
                row["recommendation__paper__board__short_name"],
                meeting,
                paper_url(row["recommendation__paper_id"], row["recommendation__paper__title"]),
                row["recommendation__paper__title"],
                Recommendation.wording_of(row["recommendation__verb"], row["recommendation__text"]),
                OUTCOMES.get(row["outcome"], row["outcome"]),
                Decision.wording_of(row["outcome"], row["recommendation__text"], row["amended_text"]),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - each row made by format_html
