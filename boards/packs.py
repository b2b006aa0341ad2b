"""Agenda packs: the agenda and the meeting's papers as one PDF, with bookmarks.

The public pack holds the public items' OFFICIAL papers; the confidential
pack for members adds exempt items and OFFICIAL-SENSITIVE papers and says so
on every page. Builds run as background tasks (`boards.tasks`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from pcp_portal import public_changes
from pcp_portal.pdf import Part, Stamp, UnreadablePdf, merge_pdfs, page_count, render_pdf

from . import notifications
from .agenda_order import printed_order
from .models import AgendaItem, Appendix, Meeting, PackBuild, Paper

logger = logging.getLogger(__name__)
K = PackBuild.Kind


class PackBuildError(Exception):
    """The pack cannot be built; the message tells the secretary what to fix."""


@dataclass
class Entry:
    """One agenda line, and the papers the pack carries for it."""

    item: AgendaItem
    paper: Paper | None
    included: bool = False
    withheld: str = ""  # why the paper is not in this pack, in words for the agenda
    listed: bool = False  # the audience may open the paper, though it is not in the pack yet
    start_page: int | None = None
    parts: list[Part] = field(default_factory=list)
    untagged: list[Appendix] = field(default_factory=list)  # appendices a screen reader cannot read in order
    heading: str = ""  # the part of the meeting that starts at this item, when it changes
    notes: list[str] = field(default_factory=list)  # what a standing item says in place of a document


#: What a higher app puts in the pack under a standing item: `provider(meeting, confidential=...)`
#: returns the parts (PDF, bookmark) the audience may read, and notes (plain strings) the agenda prints
#: under the item, such as why a document is not there. `minutes` fills the "minutes" item (the minutes
#: of the last meeting and the action log) from its AppConfig.ready().
_standing: dict[str, list[Callable[..., list[Part | str]]]] = {}


def register_standing_item(standard: str, provider: Callable[..., list[Part | str]]) -> None:
    if provider not in _standing.setdefault(standard, []):
        _standing[standard].append(provider)


def _load_standing(entry: Entry, meeting: Meeting, *, confidential: bool) -> int:
    """The parts a standing item carries in this pack, and its notes; the parts' pages."""
    if entry.item.is_exempt and not confidential:
        return 0
    providers = _standing.get(entry.item.standard, [])
    found = [part for provider in providers for part in provider(meeting, confidential=confidential)]
    entry.notes = [part for part in found if isinstance(part, str)]
    found = [part for part in found if not isinstance(part, str)]
    entry.parts = [Part(part.content, f"{entry.item.number} {part.title}", part.children, part.name) for part in found]
    return sum(page_count(part.content, part.name or part.title) for part in entry.parts)


CONFIDENTIAL_MARKING = "CONFIDENTIAL – FOR MEMBERS OF THE BOARD ONLY – NOT FOR PUBLICATION"
PRIVATE_PART = "Private part: items of exempt information (Local Government Act 1972, Schedule 12A)"
PUBLIC_PART = "Public part: the meeting returns to public session"


def in_agenda_order(entries: list[Entry]) -> list[Entry]:
    """The agenda's order, with the office's choice for exempt items (`AGENDA_EXEMPT_ITEMS`).

    "last" takes the exempt items after every public one; "in_place" keeps the
    items' own order, and each change of part is headed, so that an agenda
    which goes into private session and comes back says so both times.
    """
    entries = printed_order(entries, is_exempt=lambda entry: entry.item.is_exempt)
    previous = False
    for entry in entries:
        exempt = entry.item.is_exempt
        entry.heading = "" if exempt == previous else (PRIVATE_PART if exempt else PUBLIC_PART)
        previous = exempt
    return entries


#: What an agenda page (the public's, the workspace's) reads of each paper: a link, a title, a state and a
#: marking, of a paper's 26 columns. A pack reads them all, and the appendices.
LISTED_PAPER = ("agenda_item", "title", "status", "marking")


def agenda_entries(
    meeting: Meeting, *, papers: QuerySet[Paper], confidential: bool, for_pack: bool = False
) -> list[Entry]:
    """Every agenda item, with its paper if the audience may read it.

    `papers` is what the audience may read, from the visibility layer
    (`Paper.objects.public()`, `permissions.visible_papers(user)`, `pack_papers`);
    this builder never decides that itself. Of a paper the audience may not read,
    an entry says only what the public may know: that it is exempt, issued to
    members only, or to follow. `for_pack`: each paper whole, with its appendices
    (a pack prints them); otherwise the columns an agenda page lists (`LISTED_PAPER`).
    """
    readable = set(papers.filter(agenda_item__meeting=meeting).values_list("pk", flat=True))
    current = Paper.objects.exclude(status__in=[Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED])
    if for_pack:
        current = current.prefetch_related(Prefetch("appendices", queryset=Appendix.objects.order_by("position", "pk")))
    else:
        current = current.only(*LISTED_PAPER)
    items = (
        meeting.agenda_items.select_related("presenter", "delivery_report")
        # A delivery report's stored figures are the dashboard's, not an agenda's.
        .defer("delivery_report__figures")
        .prefetch_related(Prefetch("papers", queryset=current, to_attr="current_papers"))
    )
    entries = []
    for item in items:
        # The newest paper of the item the audience may read: while a revision of a published paper is drafted,
        # the public still reads the published one. Failing that, the newest, which the entry withholds.
        mine = [paper for paper in item.current_papers if paper.pk in readable]
        paper = (mine or item.current_papers or [None])[0]
        entry = Entry(item=item, paper=paper if paper is not None and paper.pk in readable else None)
        if paper is None:
            entry.included = item.delivery_report_id is not None and not (item.is_exempt and not confidential)
        elif entry.paper is None and item.is_exempt:
            entry.withheld = f"Exempt information, category {item.exemption_category}: not for publication"
        elif entry.paper is None and paper.is_sensitive and paper.status == Paper.Status.PUBLISHED:
            entry.withheld = "OFFICIAL-SENSITIVE: issued to members only"
        elif entry.paper is None or paper.status != Paper.Status.PUBLISHED:
            entry.withheld = "To follow"
            entry.listed = entry.paper is not None
        else:
            entry.included = True
        entries.append(entry)
    return in_agenda_order(entries)


def newest_of_each(builds) -> list[PackBuild]:
    """Of `builds`, newest first, the newest of each meeting's documents (its label): a pack built again (the
    meeting moved, a paper added) replaces the one before, wherever the public is offered its packs."""
    chosen: dict[tuple[int, str], PackBuild] = {}
    for build in builds.order_by("-finished_at", "-pk"):
        chosen.setdefault((build.meeting_id, build.label), build)
    return list(chosen.values())


def pack_papers(build: PackBuild) -> QuerySet[Paper]:
    """What a build may carry: the public's papers, or for the confidential packs every published paper."""
    if build.is_confidential:
        return Paper.objects.filter(status=Paper.Status.PUBLISHED)
    return Paper.objects.public().current()


def _read(file_field, name: str) -> bytes:
    try:
        with file_field.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError) as exc:
        raise PackBuildError(f"{name} is missing from storage.") from exc


def _load_report(entry: Entry) -> int:
    """A delivery report on the agenda: its published PDF."""
    period = entry.item.delivery_report
    name = f"The delivery report for {period.label}"
    content = _read(period.report_pdf, name)
    entry.parts = [Part(content, f"{entry.item.number} Delivery report {period.label}", name=name)]
    return page_count(content, name)


def _load_parts(entry: Entry) -> int:
    """Read the paper's PDF and appendices; return their pages, counted when they were stored."""
    if entry.paper is None:
        return _load_report(entry)
    paper = entry.paper
    appendices = list(paper.appendices.all())
    children = []
    entry.untagged = [appendix for appendix in appendices if not appendix.tagged]
    for appendix in appendices:
        name = f"{appendix.name} (“{appendix.title}”) of “{paper.title}”"
        children.append(Part(_read(appendix.file, name), f"{appendix.name}: {appendix.title}", name=name))
    name = f"The PDF of “{paper.title}”"
    content = _read(paper.pdf, name)
    entry.parts = [Part(content, f"{entry.item.number} {paper.title}", children, name=name)]
    pages = paper.pdf_page_count or page_count(content, name)
    return pages + sum(appendix.page_count for appendix in appendices)


@dataclass
class BuiltPack:
    content: bytes
    page_count: int
    paper_ids: list[int]


#: Agenda rows that fit on a page after the first (the cover has a page of its own).
ROWS_PER_PAGE = 22


def estimated_front_pages(entries: list[Entry]) -> int:
    """The cover and the agenda's pages, guessed from its rows; `compose` checks the guess by rendering."""
    rows = len(entries) + sum(1 for entry in entries if entry.heading) + sum(len(e.notes) for e in entries)
    return 1 + max(1, -(-rows // ROWS_PER_PAGE))


def compose(build: PackBuild) -> BuiltPack:
    meeting = build.meeting
    entries = agenda_entries(meeting, papers=pack_papers(build), confidential=build.is_confidential, for_pack=True)
    carries_papers = build.kind != K.AGENDA
    supplement = build.kind in (K.SUPPLEMENT, K.CONFIDENTIAL_SUPPLEMENT)
    lengths: dict[int, int] = {}
    for entry in entries:
        if supplement and entry.included and (entry.paper is None or entry.paper.pk not in build.paper_ids):
            entry.included = False
        if carries_papers and entry.included:
            lengths[entry.item.pk] = _load_parts(entry)
        elif carries_papers and not supplement and entry.paper is None and entry.item.standard in _standing:
            lengths[entry.item.pk] = _load_standing(entry, meeting, confidential=build.is_confidential)
    context = {
        "build": build,
        "meeting": meeting,
        "entries": in_agenda_order([e for e in entries if e.included]) if supplement else entries,
        "carries_papers": carries_papers,
        "organisation": settings.ORGANISATION_NAME,
    }
    # The front pages' own length sets where each paper starts: number the papers from a
    # first guess at that length, render, and render again only if the guess was wrong.
    front_pages = estimated_front_pages(entries)
    for _ in range(3):
        next_page = front_pages + 1
        for entry in entries:
            if entry.parts:
                entry.start_page = next_page
                next_page += lengths[entry.item.pk]
        front = render_pdf("pdf/agenda.html", context)
        if front.page_count == front_pages:
            break
        front_pages = front.page_count

    # The cover has a page of its own: in a pack, an "Agenda" bookmark under the pack's opens the next. The
    # agenda alone is bookmarked "Agenda" already.
    front_part = Part(front.content, build.label, marks=(("Agenda", 1),) if carries_papers else ())
    parts = [front_part, *(part for entry in entries for part in entry.parts)]
    total = front.page_count + sum(lengths[entry.item.pk] for entry in entries if entry.parts)

    # Every page says its place in the pack ("Pack page 37"), as the agenda and the page labels do.
    stamp = Stamp(number="Pack page {}", marking=CONFIDENTIAL_MARKING if build.is_confidential else "")
    title = f"{build.label}: {meeting.board.name}, {meeting.date:%-d %B %Y}"
    try:
        content = merge_pdfs(parts, stamp=stamp, title=title, lang="en-GB")
    except UnreadablePdf as exc:
        raise PackBuildError(str(exc)) from exc
    return BuiltPack(
        content=content,
        page_count=total,
        paper_ids=[entry.paper.pk for entry in entries if entry.parts and entry.paper],
    )


def run_build(build_id: int) -> str:
    """Build one queued pack. A failure is recorded on the build; nothing else changes.

    The last good pack of each kind stays in place whatever happens here: a
    failed build replaces nothing and leaves no file behind.
    """
    claimed = PackBuild.objects.filter(pk=build_id, status=PackBuild.Status.QUEUED).update(
        status=PackBuild.Status.BUILDING, started_at=timezone.now()
    )
    build = PackBuild.objects.select_related("meeting__board").get(pk=build_id)
    if not claimed:
        return build.status
    try:
        built = compose(build)
        name = _store(build, built.content)
    except Exception as exc:
        logger.exception("Pack build %s failed", build_id)
        message = str(exc) if isinstance(exc, PackBuildError) else f"Unexpected error: {type(exc).__name__}: {exc}"
        PackBuild.objects.filter(pk=build_id, status=PackBuild.Status.BUILDING).update(
            status=PackBuild.Status.FAILED, error=message, finished_at=timezone.now()
        )
        return PackBuild.Status.FAILED
    finished = PackBuild.objects.filter(pk=build_id, status=PackBuild.Status.BUILDING).update(
        status=PackBuild.Status.READY,
        file=name,
        sha256=hashlib.sha256(built.content).hexdigest(),
        page_count=built.page_count,
        paper_ids=built.paper_ids,
        error="",
        finished_at=timezone.now(),
    )
    if not finished:
        # Failed as stuck while it ran (see `services.builds`), and perhaps tried again since: it stays failed.
        remove_partial_file(build)
        return PackBuild.objects.values_list("status", flat=True).get(pk=build_id)
    public_changes.changed()  # the public meeting page now lists this pack
    if build.notify_members:
        build.refresh_from_db()
        notifications.pack_published(build)
    return PackBuild.Status.READY


def _store(build: PackBuild, content: bytes) -> str:
    """Save the PDF under the build's own name; on a storage error (a full disk) leave nothing behind."""
    storage = build.file.storage
    remove_partial_file(build)  # left by a worker killed while writing this build
    try:
        return storage.save(build.storage_name, ContentFile(content))
    except OSError as exc:
        remove_partial_file(build)
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise PackBuildError(
            f"The PDF could not be saved ({reason}); the last good pack is still in place. "
            "Free space in the media storage, then try again."
        ) from exc


def remove_partial_file(build: PackBuild) -> None:
    """Delete whatever is stored under the build's own name; no other build uses that name."""
    storage = build.file.storage
    try:
        if storage.exists(build.storage_name):
            storage.delete(build.storage_name)
    except OSError:
        logger.exception("Could not remove the partial file of pack build %s", build.pk)
