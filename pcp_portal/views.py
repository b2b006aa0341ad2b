"""Site-wide pages. The apps' content reaches them through `urls.py`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from .panels import render_panels
from .query import query_value


def home(request, *, panels: dict[str, Callable[[], object]]):
    """The home page: each app contributes a panel, wired in `urls.py`."""
    return render(request, "pcp_portal/home.html", {name: build() for name, build in panels.items()})


def favicon(request):
    """`/favicon.ico`, which browsers ask for where a page names no icon (a PDF opened in a tab): the portal's icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def accessibility(request):
    """The statement; the apps add what of theirs is not accessible (`boards`: untagged appendices)."""
    return render(request, "pcp_portal/accessibility.html", {"panels": render_panels("accessibility", request)})


def _int(value, default=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 < number < 100000 else default


def search(request):
    """Search what is published; every filter is optional, and one that matches nothing published says so."""
    from . import search as engine

    def param(name: str, length: int) -> str:
        # NUL cannot reach PostgreSQL, and nobody means to search for it.
        return query_value(request.GET, name, length)

    text = param("q", engine.MAX_QUERY)
    filters = {
        "board": param("board", 50),
        "year": _int(request.GET.get("year")),
        "kind": param("kind", 30),
        "theme": param("theme", 100),
    }
    # A filter value nothing indexed has (an old link, a typed address) finds nothing: the page says why, and its
    # select shows that value rather than "Any".
    facets = engine.facets()
    offered = {
        "board": {slug for slug, _ in facets["boards"]},
        "year": set(facets["years"]),
        "kind": set(facets["kinds"]),
        "theme": set(facets["themes"]),
    }
    unmatched = {name: value for name, value in filters.items() if value and value not in offered[name]}
    query = request.GET.copy()
    query.pop("page", None)
    # Nothing can match a value nothing has (a theme is matched within the themes' list, so "Vic" would have).
    results = engine.search("" if unmatched else text, page=_int(request.GET.get("page"), 1), **filters)
    return render(
        request,
        "pcp_portal/search.html",
        {
            "q": text,
            "filters": filters,
            "unmatched": unmatched,
            "page": results,
            "facets": facets,
            "query": query.urlencode(),
        },
    )


def api_docs(request):
    return render(request, "pcp_portal/api.html")
