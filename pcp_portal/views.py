"""Site-wide pages. The apps' content reaches them through `urls.py`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render


def home(request, *, panels: dict[str, Callable[[], object]]):
    """The home page: each app contributes a panel, wired in `urls.py`."""
    return render(request, "pcp_portal/home.html", {name: build() for name, build in panels.items()})


def accessibility(request):
    return render(request, "pcp_portal/accessibility.html")


def health(request):
    return HttpResponse("ok", content_type="text/plain")
