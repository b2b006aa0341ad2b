"""What a change to a published agenda will do, in words, for the confirmation page.

The secretary reads this before the change is made: the renumbering, the
papers that will be published, the documents rebuilt and the e-mail sent.
"""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from .agenda_order import printed_order
from .models import AgendaItem, Meeting, Paper
from .services.meetings import CLOSING, next_supplement_number

NEW = object()  # the place of an item being added, in a simulated order


def _renumbering(before: list[AgendaItem], after: list) -> list[str]:
    """ "6.0 Any Other Business becomes 5.0" for each item whose number changes."""
    new_numbers = {item.pk: f"{position}.0" for position, item in enumerate(after, start=1) if item is not NEW}
    return [
        f"{item.number} {item.title} becomes {new_numbers[item.pk]}"
        for item in before
        if item.pk in new_numbers and new_numbers[item.pk] != item.number
    ]


def _frozen_papers(before: list[AgendaItem], after: list) -> list[str]:
    """Published papers print their item number on every page, and their PDF is never re-rendered."""
    new_numbers = {item.pk: f"{position}.0" for position, item in enumerate(after, start=1) if item is not NEW}
    lines = []
    for paper in Paper.objects.filter(agenda_item__in=before, status=Paper.Status.PUBLISHED).select_related(
        "agenda_item"
    ):
        item = paper.agenda_item
        if item.pk in new_numbers and new_numbers[item.pk] != item.number:
            lines.append(
                f"“{paper.title}” keeps “Agenda Item: {item.number}” printed in its published PDF; "
                f"the agenda will list it as {new_numbers[item.pk]}."
            )
    return lines


def _disclosure(item: AgendaItem, part: str) -> list[str]:
    """What the public gains or loses when an item changes part: its published papers and their decisions."""
    published = list(item.papers.filter(published_at__isnull=False).order_by("title"))
    if not published:
        return []
    titles = ", ".join(f"“{p.title}”" for p in published)
    if part == AgendaItem.Part.EXEMPT:
        return [
            f"The item becomes exempt: {titles} will be taken off the public site (its page, PDF, appendices, "
            "decisions and search entries), and the public packs that hold it are withdrawn and rebuilt without it. "
            "The public minutes of the meeting, if signed, are rendered again without the item."
        ]
    return [
        f"The item becomes public: {titles} and its confirmed decisions will be open to the public, "
        "unless the paper is OFFICIAL-SENSITIVE."
    ]


def describe(
    meeting: Meeting,
    *,
    action: str,
    item: AgendaItem | None = None,
    direction: str = "",
    title: str = "",
    paper: Paper | None = None,
    part: str = "",
) -> dict:
    """The change (`add`, `edit`, `move` or `remove`) and what follows from it."""
    before = list(meeting.agenda_items.all())
    after: list = list(before)
    if action == "remove":
        after = [other for other in before if other.pk != item.pk]
        change = f"Item {item.number} “{item.title}” will be removed from the agenda."
    elif action == "move":
        index = next(i for i, other in enumerate(before) if other.pk == item.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(after):
            after[index], after[target] = after[target], after[index]
        change = f"Item {item.number} “{item.title}” will move {direction}."
    elif action == "add":
        closing_at = next((i for i, other in enumerate(before) if other.standard in CLOSING), len(before))
        after = [*before[:closing_at], NEW, *before[closing_at:]]
        change = f"“{title}” will be added to the agenda as item {closing_at + 1}.0."
    else:
        change = f"Item {item.number} “{item.title}” will be changed as you entered it."

    def exempt(other) -> bool:
        if other is NEW or (action == "edit" and other.pk == item.pk and part):
            return part == AgendaItem.Part.EXEMPT
        return other.is_exempt

    after = printed_order(after, is_exempt=exempt)
    if action == "add":
        change = f"“{title}” will be added to the agenda as item {after.index(NEW) + 1}.0."
    cleared = set(Paper.objects.filter(agenda_item__meeting=meeting, status=Paper.Status.CLEARED))
    if paper is not None and paper.status == Paper.Status.CLEARED:
        cleared.add(paper)
    consequences = []
    if action == "edit" and part and part != item.part:
        consequences.extend(_disclosure(item, part))
    renumbered = _renumbering(before, after)
    if renumbered:
        consequences.append("The items will be renumbered: " + "; ".join(renumbered) + ".")
    if cleared:
        titles = ", ".join(f"“{p.title}”" for p in sorted(cleared, key=lambda p: p.title))
        consequences.append(
            f"Cleared papers will be published: {titles}. They go out in supplementary pack "
            f"{next_supplement_number(meeting)}."
        )
    consequences.append(
        "A revised agenda, agenda pack and confidential pack will be built; the published ones stay in place "
        "until the new ones are ready, and every earlier build stays listed on this meeting's page."
    )
    consequences.append("Members of the board will be e-mailed a link to the revised documents.")
    return {
        "published_on": date_filter(timezone.localtime(meeting.agenda_published_at), "j F Y"),
        "change": change,
        "consequences": consequences,
        "warnings": _frozen_papers(before, after),
    }
