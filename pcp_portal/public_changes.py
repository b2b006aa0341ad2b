"""Which changes the public can see: the one place that decides when the public page cache and the stored
downloads are dropped.

A save, a delete or a change of a many-to-many relation drops every cached
public page (`pcp_portal.cache.invalidate`) and marks every stored bulk
download stale (`pcp_portal.exports.raise_versions`) only when the row is on
a public surface before or after the change. Whether it is comes from the model's own
visibility rule, the one every public surface reads:

- a model with `objects.public()` (papers, decisions, agenda items, minutes,
  notices ...) is on a public surface when that queryset holds the row. A
  draft's edit changes nothing the public sees; a publication (draft to
  public) and a withdrawal or retraction (public to not) do.
- every other model is classified here by the app that owns it, from its
  `AppConfig.ready()` (this module imports no app):
  `reference()` - public reference data, on public pages whatever its state
  (boards, people's names and posts, meetings, the plan's structure);
  `private()` - never shown to the public (positions, e-mails, sign-in records);
  `follows()` - the parts of a parent (a paper's sections, a notice's
  documents, the attendance of minutes): public while their parent is;
  `public_rows()` - a queryset of its own (a reporting period whose report
  is published);
  `public_fields()` - only these fields reach the public (a login's name,
  never its `last_login`).

History rows (django-simple-history) are private. A model nobody classified
drops the cache on every change, and a test lists every installed model so
that none is left unclassified.

The cache is dropped after the transaction commits, once per transaction,
never before: a page rendered from the old rows while the change was not yet
committed cannot be stored under the new generation. A save costs at most two
`EXISTS` queries on the row's primary key (before and after; one if the row
was public before, and one for a part that stays with its parent), a login's
save one small `SELECT` unless it names its `update_fields`, and a reference
or private model none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from simple_history.models import HistoricalChanges

from .cache import invalidate
from .exports import raise_versions

REFERENCE = "reference"
PRIVATE = "private"


@dataclass(frozen=True)
class PublicRows:
    """The rows of a model on a public surface: a queryset, built afresh at each use (it may read the clock)."""

    rows: Callable[[], models.QuerySet]
    #: For a part of a parent: the foreign key to it. While it is unchanged, so is whether the part is public
    #: (saving a part does not change its parent), so one look-up before the save answers for after it too.
    parent_key: str | None = None


@dataclass(frozen=True)
class PublicFields:
    """Only these fields of the model reach the public."""

    fields: tuple[str, ...]


Rule = str | PublicRows | PublicFields

_rules: dict[str, Rule] = {}


def _classify(model: type[models.Model], rule: Rule) -> None:
    _rules[model._meta.label] = rule


def reference(*models_: type[models.Model] | str) -> None:
    """Public reference data: every change of these models shows on public pages."""
    for model in models_:
        _rules[_label(model)] = REFERENCE


def private(*models_: type[models.Model] | str) -> None:
    """Never shown to the public: no change of these models drops the cache."""
    for model in models_:
        _rules[_label(model)] = PRIVATE


def public_rows(model: type[models.Model], rows: Callable[[], models.QuerySet]) -> None:
    """The model's rows on a public surface are `rows()`."""
    _classify(model, PublicRows(rows))


def public_fields(model: type[models.Model] | str, *fields: str) -> None:
    """Only `fields` of the model reach the public: a save that changes none of them is private."""
    _rules[_label(model)] = PublicFields(tuple(fields))


def follows(parent: type[models.Model], *children: type[models.Model], via: str) -> None:
    """Each child is public while its parent (reached by the foreign key `via`) is public."""
    for child in children:
        _classify(child, PublicRows(_child_rows(parent, child, via), parent_key=child._meta.get_field(via).attname))


def _child_rows(parent, child, via: str) -> Callable[[], models.QuerySet]:
    return lambda: child._default_manager.filter(**{f"{via}__in": public_queryset(parent)})


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label


def rule_for(model: type[models.Model]) -> Rule | None:
    """How changes of `model` reach the public; None for a model nobody classified."""
    rule = _rules.get(model._meta.label)
    if rule is not None:
        return rule
    if issubclass(model, HistoricalChanges):
        return PRIVATE
    if hasattr(model._default_manager, "public"):
        return PublicRows(lambda: model._default_manager.public())
    return None


def public_queryset(model: type[models.Model]) -> models.QuerySet:
    """The rows of `model` on a public surface, for a model classified by rows (its own `public()` or not)."""
    rule = rule_for(model)
    if not isinstance(rule, PublicRows):
        raise ValueError(f"{model._meta.label} has no public rows of its own: it is {rule!r}.")
    return rule.rows()


def unclassified(all_models: Iterable[type[models.Model]]) -> list[str]:
    return [model._meta.label for model in all_models if rule_for(model) is None]


# Deciding each change --------------------------------------------------------------------------------------


def _is_public(rule: PublicRows, pk) -> bool:
    return pk is not None and rule.rows().filter(pk=pk).exists()


def _fields_changed(sender, instance, rule: PublicFields, update_fields) -> bool:
    if update_fields is not None:
        return bool(set(update_fields) & set(rule.fields))
    if instance._state.adding or instance.pk is None:
        return True
    attnames = [sender._meta.get_field(name).attname for name in rule.fields]
    before = sender._default_manager.filter(pk=instance.pk).values_list(*attnames).first()
    return before != tuple(getattr(instance, name) for name in attnames)


def _part_before(sender, instance, rule: PublicRows) -> tuple:
    """For a part of a parent: its parent in the database and whether it was public, in one query."""
    public = Exists(rule.rows().filter(pk=OuterRef("pk")))
    row = sender._default_manager.filter(pk=instance.pk).annotate(was_public=public)
    return row.values_list(rule.parent_key, "was_public").first() or (None, False)


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    rule = rule_for(sender)
    if isinstance(rule, PublicRows) and rule.parent_key and not instance._state.adding:
        instance._parent_before, instance._public_before = _part_before(sender, instance, rule)
    elif isinstance(rule, PublicRows):
        instance._public_before = not instance._state.adding and _is_public(rule, instance.pk)
    elif isinstance(rule, PublicFields):
        instance._public_before = _fields_changed(sender, instance, rule, update_fields)


def _after_save(sender, instance, **kwargs) -> None:
    rule = rule_for(sender)
    if rule == PRIVATE:
        return
    before = instance.__dict__.pop("_public_before", True)
    parent_before = instance.__dict__.pop("_parent_before", None)
    if isinstance(rule, PublicRows) and not before:
        if parent_before is not None and parent_before == getattr(instance, rule.parent_key):
            return  # a part of a parent that was not public, and still is not
        if not _is_public(rule, instance.pk):
            return
    elif isinstance(rule, PublicFields) and not before:
        return
    changed()


def _before_delete(sender, instance, **kwargs) -> None:
    rule = rule_for(sender)
    if isinstance(rule, PublicRows):
        instance._public_before = _is_public(rule, instance.pk)


def _after_delete(sender, instance, **kwargs) -> None:
    if rule_for(sender) == PRIVATE:
        return
    if instance.__dict__.pop("_public_before", True):
        changed()


def _relation_changed(sender, instance, action: str, **kwargs) -> None:
    """A many-to-many change is a change of the instance it was made from: public if that row is."""
    if not action.startswith("post_"):
        return
    rule = rule_for(type(instance))
    if rule == PRIVATE or isinstance(rule, PublicFields):
        return
    if isinstance(rule, PublicRows) and not _is_public(rule, instance.pk):
        return
    changed()


# Dropping once per transaction, after it commits -----------------------------------------------------------


class _Drops(threading.local):
    """Per thread (so per database connection): the last drop queued, and the last one covered by a drop sent."""

    queued = 0
    sent = 0


_drops = _Drops()


def changed() -> None:
    """Something the public sees changed: drop the page cache and the stored downloads (`exports`) once the
    current transaction commits (at once outside a transaction).

    The signals call this; code that changes public rows without them (a queryset's `update()`, a bulk
    write) calls it itself.

    Each public change queues its own callback, which costs nothing; the first to run after the commit
    raises the generation for every change queued before it, the others find themselves covered.
    """
    _drops.queued += 1
    transaction.on_commit(partial(_after_commit, _drops.queued))


def _after_commit(number: int) -> None:
    if number <= _drops.sent:
        return
    _drops.sent = _drops.queued
    invalidate()
    raise_versions()


def connect() -> None:
    for signal, receiver in (
        (pre_save, _before_save),
        (post_save, _after_save),
        (pre_delete, _before_delete),
        (post_delete, _after_delete),
        (m2m_changed, _relation_changed),
    ):
        signal.connect(receiver, dispatch_uid=f"pcp-public-changes-{receiver.__name__}")
