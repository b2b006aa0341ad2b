"""Optimistic locking, written once: a save made from an older version is refused, never written over.

Every record people edit in a form (a paper, minutes, a decision notice, a
register and its entries, a gift, a forward-plan entry, a row of the RAG
grid, an imported document under review) has a `version` column. The form
carries the version it was opened at; the save claims the next version with
one conditional UPDATE, which is the lock: of two saves made from the same
version exactly one matches a row, and the other is refused with
`EditConflict`, holding the record as it is now so the page can say who
saved it and when, while keeping everything the user typed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.template.defaultfilters import date as date_filter
from django.utils import timezone


class EditConflict(Exception):
    """The record changed since the form was opened; `current` is the record as it is saved now."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(
            f"Someone else saved a newer version of this {current._meta.verbose_name} while you were editing."
        )


def claim_version(obj: models.Model, expected_version: int, **also) -> int:
    """Take the next version of `obj`, or raise `EditConflict`.

    `also` narrows the claim further (for example `status=...`: the record must
    still be in that state); a record that no longer matches it raises too, and
    the caller may tell the two apart from `EditConflict.current`. A model with
    an `updated_at` column has it set, as the save it stands for would.
    """
    model = type(obj)
    if not model._base_manager.filter(pk=obj.pk, version=expected_version, **also).update(**_next_version(model)):
        raise EditConflict(model._base_manager.get(pk=obj.pk))
    obj.version = expected_version + 1
    return obj.version


def bump_version(obj: models.Model) -> None:
    """A change made outside the form (a step, a document added) still takes a version: a form opened
    before it cannot save over it."""
    model = type(obj)
    model._base_manager.filter(pk=obj.pk).update(**_next_version(model))
    obj.refresh_from_db(fields=[name for name in ("version", "updated_at") if name in _next_version(model)])


def check_version(current: models.Model, expected_version: int) -> None:
    """For a row already locked (`select_for_update`): refuse if it moved on from `expected_version`."""
    if current.version != expected_version:
        raise EditConflict(current)


def _next_version(model: type[models.Model]) -> dict:
    changes = {"version": F("version") + 1}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changes["updated_at"] = timezone.now()
    return changes


def last_saved(current: models.Model) -> tuple[str, str]:
    """Who saved `current` last and when ("Dana Price", "3 March 2026, 14:05"), from its history."""
    latest = current.history.order_by("-history_date").select_related("history_user").first()
    user = latest.history_user if latest else None
    person = getattr(user, "person", None) if user else None
    who = (person.name if person else user.get_full_name() or user.username) if user else "someone else"
    when = date_filter(timezone.localtime(latest.history_date), "j F Y, H:i") if latest else "meanwhile"
    return who, when
