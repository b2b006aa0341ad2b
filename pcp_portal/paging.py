from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

# No list is this long; a larger number would only ask the database for an offset past the end.
LAST_PAGE = 1_000_000


def paginate(request, items, per_page: int, *, count: int | None = None) -> tuple[Page, str]:
    """The requested page (any bad number gives the nearest page) and the query to keep.

    `count`, where the view has already counted `items` (with the figures it shows beside the list), spares
    the paginator counting them again."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page")
    if number is not None and number.lstrip("-").isdecimal() and int(number) < 1:
        number = 1  # Django's nearest page to 0 or -1 would be the last
    return paginator.get_page(number), _kept_query(request)


@dataclass(frozen=True)
class UncountedPage:
    """A page of a list read without counting the list: the page's rows and one more, which tells whether
    there is a next page. Shown as a `Page` is, without "of N" (it has no `paginator`)."""

    object_list: list
    number: int
    more: bool
    paginator = None

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_uncounted(request, items, per_page: int) -> tuple[UncountedPage, str]:
    """The requested page of `items` (a bad number gives the first) without counting them, for a list of the
    whole archive whose count would cost more than its page: a page past the end is empty."""
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), LAST_PAGE)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page + 1])
    return UncountedPage(rows[:per_page], number, more=len(rows) > per_page), _kept_query(request)


def _kept_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
