"""A small read-only JSON API helper: pagination and CSV, shared by the apps' endpoints.

The open-data endpoints are few, read-only and public, so plain Django views
with this helper serve them; a framework would add more than it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse, JsonResponse

from . import exports
from .spreadsheet import write_csv

PER_PAGE = 50
MAX_PER_PAGE = 200


def _positive(value, default: int) -> int | None:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def paginated(
    request,
    queryset,
    serialize: Callable[[object], dict],
    prepare: Callable[[list], None] | None = None,
    *,
    stored_count: str = "",
) -> JsonResponse:
    """{"count", "next", "previous", "results"}; a bad page or size is a 400, a page past the end a 404.

    `prepare`, if given, is called with the page's objects before any is serialized, so that what they
    need beyond their own rows is read once for the page, not for the whole table nor for each object.
    `stored_count`, for a list of the whole public archive that no request narrows, names the count kept
    between public changes (`exports.stored_count`) instead of counting every row on each request."""
    page_number = _positive(request.GET.get("page"), 1)
    per_page = _positive(request.GET.get("per_page"), PER_PAGE)
    if page_number is None or per_page is None or per_page > MAX_PER_PAGE:
        return JsonResponse(
            {"error": f"page and per_page must be whole numbers above 0; per_page at most {MAX_PER_PAGE}."},
            status=400,
        )
    paginator = Paginator(queryset, per_page)
    if stored_count:
        paginator.count = exports.stored_count(stored_count, queryset.count)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        return JsonResponse({"error": "There is no such page."}, status=404)
    objects = list(page.object_list)
    if prepare:
        prepare(objects)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(item) for item in objects],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """A CSV download whose text cells a spreadsheet cannot run as formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows)
    return response
