"""Irreversible steps ask first, without JavaScript.

The page's button posts as before; a POST without `confirmed=1` answers with a
page saying what will happen, whose button posts the same fields again with
`confirmed=1`. Only that second POST reaches the service.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SKIPPED = ("csrfmiddlewaretoken", "confirmed")


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "1"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    subject: str,
    consequences: list[str],
    confirm_label: str,
    cancel_url: str,
    cancel_label: str,
) -> HttpResponse:
    """The question, with what the step will do, and the fields the first POST carried."""
    carried = [(name, value) for name, values in request.POST.lists() if name not in SKIPPED for value in values]
    return render(
        request,
        "pcp_portal/confirm.html",
        {
            "title": title,
            "subject": subject,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "cancel_label": cancel_label,
            "carried": carried,
            "action": request.get_full_path(),
        },
    )
