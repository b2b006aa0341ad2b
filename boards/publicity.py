"""Derived public copies follow the state they came from.

What the public may read of a paper is decided by `Paper.objects.public()`
from a few fields: the paper's status, marking and agenda item, the part
(public or exempt) of that item, and whether its meeting's agenda was
published; a decision's confirmation decides `Decision.objects.public()`.
This module watches exactly those fields, once, whichever code path changed
them (a service, the admin, a data fix). When one changes:

- at once, in the same transaction, the search entries of the papers and
  decisions concerned are rewritten (or removed) from the public querysets;
  the services do not index them again;
- right after the transaction commits, every public pack that holds a paper whose text the public may no longer
  read is retracted (staff still reach it) and the latest of its kind is
  rebuilt without it;
- `public_record_changed` tells higher apps (minutes) which meetings'
  public record changed, so they refresh what they derived from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone

from pcp_portal import public_changes

from . import search
from .models import AgendaItem, Decision, Meeting, PackBuild, Paper, SourceDocument

#: Sent after commit with `meeting_ids`: the public record of these meetings may have changed.
public_record_changed = Signal()

WATCHED = {
    Paper: ("status", "marking", "agenda_item_id", "published_at"),
    AgendaItem: ("part", "meeting_id"),
    Meeting: ("agenda_published_at",),
    Decision: ("confirmed_at", "outcome", "amended_text"),
}


def _remember(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a save of a row that exists: its watched fields as the database holds them.

    Read at the save (one small query) rather than kept from when each row was loaded: pages load thousands of
    these rows and save almost none, and a `post_init` receiver made every one of them pay for the watch. A save
    that names its fields and none of the watched ones (an agenda item's position) cannot change them."""
    watched = {sender._meta.get_field(name).name for name in WATCHED[sender]}
    if instance._state.adding or (update_fields is not None and watched.isdisjoint(update_fields)):
        instance._public_state = None
        return
    rows = sender._base_manager.filter(pk=instance.pk).values_list(*WATCHED[sender])
    instance._public_state = rows.first()


def _changed(sender, instance, created: bool, **kwargs) -> None:
    before = getattr(instance, "_public_state", None)
    instance._public_state = None
    if created or before is None:
        return
    # A field left deferred when the row was loaded was not changed by this save.
    after = tuple(instance.__dict__.get(name, old) for name, old in zip(WATCHED[sender], before, strict=True))
    if before == after:
        return
    paper_ids, meeting_ids, agendas = set(), set(), set()
    if isinstance(instance, Paper):
        paper_ids.add(instance.pk)
        old_item = before[WATCHED[Paper].index("agenda_item_id")]
        items = {i for i in (old_item, instance.agenda_item_id) if i}
        meeting_ids |= set(AgendaItem.objects.filter(pk__in=items).values_list("meeting_id", flat=True))
    elif isinstance(instance, AgendaItem):
        paper_ids |= set(instance.papers.values_list("pk", flat=True))
        meeting_ids |= {m for m in (before[1], instance.meeting_id) if m}
        agendas |= meeting_ids
    elif isinstance(instance, Meeting):
        meeting_ids.add(instance.pk)
        paper_ids |= set(Paper.objects.filter(agenda_item__meeting=instance).values_list("pk", flat=True))
    else:
        paper_ids.add(instance.recommendation.paper_id)
        if instance.meeting_id:
            meeting_ids.add(instance.meeting_id)
    reindex(paper_ids)
    transaction.on_commit(partial(refresh, meeting_ids=meeting_ids, agendas=agendas))


def reindex(paper_ids: Iterable[int]) -> None:
    """Rewrite the search entries of these papers and their decisions from the public querysets.

    This runs in the transaction that made the change, so the index commits
    (or rolls back) with it and is never behind what the public may read.
    """
    paper_ids = set(paper_ids)
    # A paper's search entry links the papers it cites only while they are public.
    paper_ids |= set(SourceDocument.objects.filter(linked_paper__in=paper_ids).values_list("paper_id", flat=True))
    for paper in Paper.objects.filter(pk__in=paper_ids).select_related("board"):
        search.update_paper(paper)
        for decision in Decision.objects.filter(recommendation__paper=paper).select_related(
            "recommendation__paper__board", "meeting"
        ):
            search.update_decision(decision)


def refresh(*, meeting_ids: Iterable[int] = (), agendas: Iterable[int] = ()) -> None:
    """After the commit, bring the public packs of these meetings and what higher apps derived into line."""
    meeting_ids = set(meeting_ids)
    retract_stale_packs(meeting_ids, rebuild_agenda=set(agendas))
    public_record_changed.send(sender=Meeting, meeting_ids=meeting_ids)
    # The public pages were dropped by the change itself if the public could see it (`pcp_portal.public_changes`),
    # and by the search entries rewritten above; a draft's status moving between draft and submitted drops nothing.


def retract_stale_packs(meeting_ids: set[int], *, rebuild_agenda: set[int] = frozenset()) -> list[PackBuild]:
    """Take out of the public's reach every public build holding a paper the public may no longer read,
    and rebuild the latest build of each such kind (and the agenda and the pack, where an item changed part)."""
    from .tasks import enqueue_pack_build

    if not meeting_ids:
        return []
    builds = list(PackBuild.objects.public().filter(meeting__in=meeting_ids).order_by("-finished_at", "-pk"))
    if not builds:
        return []  # no public pack of these meetings, so nothing to retract or rebuild
    readable = set(
        Paper.objects.public_text().values_list("pk", flat=True).filter(agenda_item__meeting__in=meeting_ids)
    )
    latest: dict[tuple, PackBuild] = {}
    stale: list[PackBuild] = []
    for build in builds:
        key = (build.meeting_id, build.kind, build.supplement_number)
        latest.setdefault(key, build)
        if set(build.paper_ids) - readable:
            stale.append(build)
    now = timezone.now()
    for build in stale:
        PackBuild.objects.filter(pk=build.pk).update(
            retracted_at=now, retraction_reason="It held a paper the public may no longer read."
        )
    if stale:
        public_changes.changed()  # an update sends no signal: the meeting pages listed these packs
    again = {b.pk: b for b in stale if latest[(b.meeting_id, b.kind, b.supplement_number)] is b}
    # An item that changed part changes the agenda, and the pack, whose agenda it prints, and which carries or
    # leaves out the item's paper: both are built again (a supplement carries only the papers it was built for).
    whole = (PackBuild.Kind.AGENDA, PackBuild.Kind.PACK)
    again |= {b.pk: b for key, b in latest.items() if b.kind in whole and key[0] in rebuild_agenda}
    # A build already queued since (a revised agenda, a moved meeting) is composed from the state now: enough.
    pending = set(
        PackBuild.objects.filter(
            meeting__in=meeting_ids, status__in=[PackBuild.Status.QUEUED, PackBuild.Status.BUILDING]
        ).values_list("meeting_id", "kind", "supplement_number")
    )
    again = {pk: b for pk, b in again.items() if (b.meeting_id, b.kind, b.supplement_number) not in pending}
    rebuilt = []
    for build in again.values():
        paper_ids = sorted(set(build.paper_ids) & readable) if build.supplement_number else []
        if build.supplement_number and not paper_ids:
            continue  # a supplement left with nothing to carry is not rebuilt
        rebuilt.append(
            PackBuild.objects.create(
                meeting_id=build.meeting_id,
                kind=build.kind,
                supplement_number=build.supplement_number,
                paper_ids=paper_ids,
                requested_by_id=build.requested_by_id,
            )
        )
    for build in rebuilt:
        enqueue_pack_build(build)
    return rebuilt


def connect() -> None:
    for model in WATCHED:
        pre_save.connect(_remember, sender=model, dispatch_uid=f"publicity-before-{model.__name__}")
        post_save.connect(_changed, sender=model, dispatch_uid=f"publicity-save-{model.__name__}")
