"""Reference numbers in a yearly series ("2026/015"): given once, in order, never reused.

The counter row is the lock: it is created if missing (a conflict with
another creator is ignored) and then locked, so two notices created at the
same moment on PostgreSQL wait for each other and take consecutive numbers.
Call it inside the transaction that creates the record: if that rolls back,
the counter does too and the number was never given. A record once created
is never deleted (PROTECT everywhere), so its number is never given again.
"""

from __future__ import annotations

from django.db import transaction

from ..models import ReferenceCounter


def next_number(series: str, year: int) -> int:
    """The next number of `year` in `series` (a `ReferenceCounter.Series`)."""
    with transaction.atomic():
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(series=series, year=year, last=0)], ignore_conflicts=True
        )
        counter = ReferenceCounter.objects.select_for_update().get(series=series, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
