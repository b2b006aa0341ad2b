"""Inline formsets that answer an altered post with a message beside the rows, never a server error.

A browser only sends what the page gave it; a post with row counts that
cannot be, rows of another record, an existing row claimed as a new one, or
a new row where rows cannot be added was altered on its way here (by hand or
by a stale script). Django's formsets already refuse a missing management
form and more rows than `absolute_max`; these checks add the rest, so the
whole form is refused before anything is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.utils.functional import cached_property

ALTERED = "This part of the form was altered on its way here, so nothing was saved. Reload the page and try again."
MAX_ROWS = 200


class GuardedInlineFormSet(BaseInlineFormSet):
    """`can_add = False` for rows made elsewhere (minute items follow the agenda)."""

    can_add = True
    no_new_rows = "Rows cannot be added here, so nothing was saved. Reload the page and try again."

    def clean(self):
        self.check_rows()
        super().clean()

    def check_rows(self) -> None:
        """Raise if the post could not have come from the page; safe to call more than once."""
        counts = self.management_form.cleaned_data
        total, initial = counts.get("TOTAL_FORMS", 0), counts.get("INITIAL_FORMS", 0)
        if total < 0 or initial < 0 or initial > total:
            raise ValidationError(ALTERED, code="altered")
        hidden = {self.model._meta.pk.name, self.fk.name}
        existing = [form.instance.pk for form in self.forms if form.instance.pk is not None]
        if len(existing) != len(set(existing)):  # one row sent twice, as two rows
            raise ValidationError(ALTERED, code="altered")
        for form in self.forms:
            if hidden & set(form.errors):  # a row of another record, or of none
                raise ValidationError(ALTERED, code="altered")
            if form.instance.pk is None and form.has_changed():
                if getattr(form, "cleaned_data", {}).get(self.model._meta.pk.name) is not None:
                    raise ValidationError(ALTERED, code="altered")  # an existing row sent as a new one
                if not self.can_add:
                    raise ValidationError(self.no_new_rows, code="no_new_rows")


class SharedChoices(dict):
    """The options of an editor's selects, read once a page and shared by every row of every formset.

    A select over a queryset reads it each time it is drawn: the people of a
    set of minutes, offered in every attendance, item, declaration and action
    row, or a paper's further contact officers, would otherwise be read once a
    row. Checking a submitted choice still asks the field's queryset, so
    nothing outside it can be chosen.
    """

    def share(self, field, key, rows=None) -> None:
        """Give `field` the choices shared as `key`, made the first time from its queryset or, where the page
        has read them already, from `rows` (the same records, in the order they are offered)."""
        if key not in self:
            if rows is None:
                # iter(): list() of the choices themselves would ask their length first, a COUNT query of its own.
                self[key] = list(iter(field.choices))
            else:
                iterator = field.iterator(field)
                empty = [("", field.empty_label)] if field.empty_label is not None else []
                self[key] = [*empty, *(iterator.choice(row) for row in rows)]
        field.choices = self[key]


class SharedChoicesFormSet(GuardedInlineFormSet):
    """Gives every row, and the blank row, one `SharedChoices` (the form takes `shared=`)."""

    @cached_property
    def shared_choices(self) -> SharedChoices:
        return SharedChoices()

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "shared": self.shared_choices}


def lend_rows(instance, formsets) -> None:
    """Hand `instance` the rows its unbound inline formsets have read, as a prefetch would: what reads
    `instance.<rows>.all()` next on the same page (an editor's checks) uses them rather than reading the
    same rows again. A bound formset lends nothing: its rows hold what was typed, not what is saved."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    for formset in formsets:
        if not formset.is_bound:
            cache[formset.fk.remote_field.cache_name] = formset.get_queryset()


def guarded(**kwargs) -> dict:
    """Options for `inlineformset_factory`: the guarded base, and a small hard limit on rows built."""
    return {"formset": GuardedInlineFormSet, "max_num": MAX_ROWS, "absolute_max": MAX_ROWS, **kwargs}
