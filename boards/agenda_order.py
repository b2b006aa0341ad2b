"""The order in which an agenda prints its items, and so numbers them (`AGENDA_EXEMPT_ITEMS`).

With "last", every exempt item is taken after the public ones; with "in_place", the items keep the
secretary's order. The agenda builder stores the items in this order (`services.meetings._renumber`), so
an item's number (its position) is its place on the printed agenda, in the PDFs, the packs, the papers'
headers and the minutes that follow the agenda's numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")


def exempt_items_last() -> bool:
    return settings.AGENDA_EXEMPT_ITEMS == "last"


def printed_order(items: Iterable[T], *, is_exempt: Callable[[T], bool] = lambda item: item.is_exempt) -> list[T]:
    """`items` in the agenda's printed order: a stable sort, so each part keeps the secretary's order."""
    items = list(items)
    return sorted(items, key=is_exempt) if exempt_items_last() else items
