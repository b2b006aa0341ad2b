"""Open data of `boards`, read-only, with Open Civic Data names where OCD has a term:
boards are organizations, meetings are events, papers are documents, decisions are votes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from pcp_portal.api import paginated
from pcp_portal.exports import stored_csv
from pcp_portal.links import absolute
from pcp_portal.query import query_value
from pcp_portal.spreadsheet import csv_text

from .models import AgendaItem, Board, Decision, Meeting, PackBuild, Paper, Recommendation, paper_url
from .models.meetings import AgendaItemQuerySet
from .packs import newest_of_each

OUTCOME_RESULT = {"rejected": "fail", "deferred": "deferred"}


def organizations(request):
    def serialize(board: Board) -> dict:
        return {
            "id": f"board/{board.slug}",
            "name": board.name,
            "abbreviation": board.short_name,
            "classification": "committee",
            "founding_date": board.established_on and board.established_on.isoformat(),
            "dissolution_date": board.dissolved_on and board.dissolved_on.isoformat(),
            "dissolution_reason": board.dissolution_reason or None,
            "purpose": board.purpose,
            "sources": [{"url": absolute(request, board.get_absolute_url())}],
        }

    return paginated(request, Board.objects.order_by("name"), serialize)


#: What the events API reads of a pack build: its label, address and age, not the ids of its papers (a JSON
#: list to decode) nor its error and retraction texts.
LISTED_BUILD = ("meeting", "kind", "supplement_number", "finished_at")


def events(request):
    meetings = (
        Meeting.objects.select_related("board")
        # What `serialize` writes of a meeting and its board, and no more: Django builds each column anew.
        .only("starts_at", "slug", "location", "status", "notice", "imported_at", "board__name", "board__slug")
        .order_by("-starts_at", "-pk")
    )
    board = query_value(request.GET, "organization", 100)
    if board:
        meetings = meetings.filter(board__slug=board.removeprefix("board/"))
    agendas: dict[int, list[dict]] = {}
    packs: dict[int, list[PackBuild]] = {}

    def prepare(page: list[Meeting]) -> None:
        """A page of meetings lists hundreds of agenda items and papers: they are read as plain values, in
        three queries for the page, since building a model object for each costs more than the rest."""
        exemptions = dict(AgendaItem.Exemption.choices)
        on_page = {meeting.pk: meeting for meeting in page}
        items = (
            AgendaItem.objects.public()
            .filter(meeting__in=on_page.keys())
            .order_by("meeting", "position")
            .values_list("pk", "meeting_id", "position", "title", "part", "exemption_category")
        )
        papers: dict[int, list[dict]] = {}
        public_papers = (
            Paper.objects.public()
            .current()
            .filter(AgendaItemQuerySet.public_rule("agenda_item__"), agenda_item__meeting__in=on_page.keys())
        )
        for pk, title, item_id in public_papers.values_list("pk", "title", "agenda_item_id"):
            papers.setdefault(item_id, []).append(
                {
                    "entity_type": "document",
                    "id": f"paper/{pk}",
                    "name": title,
                    "url": absolute(request, paper_url(pk, title)),
                }
            )
        for pk, meeting_id, position, title, part, category in items:
            exempt = part == AgendaItem.Part.EXEMPT
            agendas.setdefault(meeting_id, []).append(
                {
                    "order": position,
                    "number": AgendaItem.number_of(position),
                    "description": title,
                    "exempt": exempt,
                    "exemption_category": exemptions.get(category, category) if exempt else None,
                    "related_entities": papers.get(pk, []),
                }
            )
        builds = PackBuild.objects.public().filter(meeting__in=on_page.keys()).only(*LISTED_BUILD)
        for build in newest_of_each(builds):
            build.meeting = on_page[build.meeting_id]  # its address names the meeting and its board
            packs.setdefault(build.meeting_id, []).append(build)

    def serialize(meeting: Meeting) -> dict:
        return {
            "id": f"meeting/{meeting.pk}",
            "name": f"{meeting.board.name} meeting",
            "organization": f"board/{meeting.board.slug}",
            "start_date": meeting.starts_at.isoformat(),
            "location": {"name": meeting.location},
            "status": "cancelled" if meeting.is_cancelled else "confirmed",
            "imported_at": meeting.imported_at and meeting.imported_at.isoformat(),
            "notice": meeting.notice or None,
            "agenda": agendas.get(meeting.pk, []),
            "media": [
                {"note": b.label, "url": absolute(request, b.get_absolute_url()), "media_type": "application/pdf"}
                for b in packs.get(meeting.pk, [])
            ],
            "sources": [{"url": absolute(request, meeting.get_absolute_url())}],
        }

    return paginated(request, meetings, serialize, prepare)


def documents(request):
    papers = (
        Paper.objects.public()
        .select_related("board", "agenda_item__meeting")
        .prefetch_related("priority_actions", "themes")
        .order_by("-published_at", "-pk")
    )

    def serialize(paper: Paper) -> dict:
        withdrawn = paper.status == Paper.Status.WITHDRAWN
        return {
            "id": f"paper/{paper.pk}",
            "title": paper.title,
            "date": paper.date.isoformat(),
            "organization": f"board/{paper.board.slug}",
            "from": paper.from_post,
            "status": paper.status,
            "revision": paper.revision,
            "published_at": paper.published_at.isoformat(),
            "imported_at": paper.imported_at and paper.imported_at.isoformat(),
            "supersedes": f"paper/{paper.supersedes_id}" if paper.supersedes_id else None,
            "event": f"meeting/{paper.agenda_item.meeting_id}" if paper.agenda_item_id else None,
            "agenda_item": paper.item_number or None,
            "themes": [t.name for t in paper.themes.all()],
            "priority_actions": [a.code for a in paper.priority_actions.all()],
            "withdrawal_reason": paper.withdrawal_reason if withdrawn else None,
            # An imported paper's PDF is built after it is published: until then it has no link.
            "links": []
            if withdrawn or not paper.pdf_sha256
            else [
                {
                    "url": absolute(request, reverse("boards:paper_pdf", args=[paper.pk])),
                    "media_type": "application/pdf",
                    "sha256": paper.pdf_sha256,
                }
            ],
            "sources": [{"url": absolute(request, paper.get_absolute_url())}],
        }

    return paginated(request, papers, serialize, stored_count="count:papers")


def _decisions():
    return (
        Decision.objects.public()
        .select_related("meeting__board", "written_procedure", "recommendation__paper__board")
        .order_by("-confirmed_at", "-pk")
    )


def votes(request):
    def serialize(decision: Decision) -> dict:
        paper = decision.recommendation.paper
        return {
            "id": f"decision/{decision.pk}",
            "organization": f"board/{paper.board.slug}",
            "event": f"meeting/{decision.meeting_id}" if decision.meeting_id else None,
            "in_writing": decision.written_procedure_id is not None,
            "start_date": decision.date.isoformat(),
            "motion_text": decision.recommendation.wording,
            "outcome": decision.outcome,
            "result": OUTCOME_RESULT.get(decision.outcome, "pass"),
            "decision_text": decision.wording,
            "document": f"paper/{paper.pk}",
        }

    return paginated(request, _decisions(), serialize, stored_count="count:decisions")


def decisions_csv(request):
    """Every public decision: thousands of rows, kept written between public changes (`pcp_portal.exports`)."""
    return stored_csv(request, "decisions", "decisions.csv", _decisions_csv_text)


def _decisions_csv_text() -> str:
    """Read as plain values rather than as decisions."""
    outcomes = dict(Decision.Outcome.choices)
    columns = (
        "outcome",
        "amended_text",
        "recommendation__verb",
        "recommendation__text",
        "recommendation__paper__title",
        "recommendation__paper__board__name",
        "meeting__starts_at",
        "written_procedure__closes_on",
    )

    zone = timezone.get_current_timezone()

    def row(outcome, amended_text, verb, text, title, board, starts_at, closes_on) -> list:
        day = starts_at.astimezone(zone).date() if starts_at else closes_on
        return [
            day.isoformat(),
            board,
            day.isoformat() if starts_at else "in writing",
            title,
            Recommendation.wording_of(verb, text),
            outcomes[outcome],
            Decision.wording_of(outcome, text, amended_text),
        ]

    rows = (row(*values) for values in _decisions().values_list(*columns))
    return csv_text(["date", "board", "meeting", "paper", "recommendation", "outcome", "decision"], rows)
