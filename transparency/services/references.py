"""Reference numbers in a yearly series ("2026/015"): given once, in order, never reused.

The counter row is the lock: it is created if missing (a conflict with
another creator is ignored) and then locked, so two notices created at the
same moment on PostgreSQL wait for each other and take consecutive numbers.
Call it inside the transaction that creates the record: if that rolls back,
the counter does too and the number was never given. A record once created
is never deleted (PROTECT everywhere), so its number is never given again.
"""

from __future__ import annotations

from django.db import models, transaction


def next_number(counter_model: type[models.Model], year: int) -> int:
    """The next number of `year` in the series counted by `counter_model` (a model with `year` and `last`)."""
    with transaction.atomic():
        counter_model.objects.bulk_create([counter_model(year=year, last=0)], ignore_conflicts=True)
        counter = counter_model.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
