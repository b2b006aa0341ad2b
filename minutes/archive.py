"""A realistic ten-year archive for measuring the public site: boards, meetings, papers,
decisions, minutes and the plan's delivery, written in bulk.

Every paper, minutes and report shares one rendered PDF: the archive measures
pages and queries, not PDF rendering. All names are fictional.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.models import AgendaItem, Board, Decision, Meeting, Paper, Person, Recommendation, Section
from boards.search import decision_document
from pcp_portal import public_changes, search
from pcp_portal.pdf import html_to_pdf
from plans.models import Assessment, Plan, PriorityAction, ReportingPeriod, Theme
from plans.reports import period_figures
from plans.services import _quarters

from .models import MinuteItem, Minutes

BOARDS = [
    ("bcb", "Business Coordination Board", "BCB", None),
    ("jac", "Joint Audit Committee", "JAC", None),
    ("estates", "Estates Board", "EB", None),
    ("ethics", "Ethics Panel", "EP", 0.6),  # dissolved 60% of the way through
]
TOPICS = [
    "Provisional Outturn",
    "Custody Health Contract",
    "Victims Service Commissioning",
    "Road Safety",
    "Estates Strategy",
    "Medium-Term Financial Plan",
    "Rural Crime",
    "Data and Digital Services",
    "Workforce Wellbeing",
    "Anti-Social Behaviour",
    "Domestic Abuse Perpetrators",
    "Fleet Replacement",
]
THEMES = ["Victims", "Offenders", "Communities", "Transformation"]
WORDS = (
    "budget service victims offenders partnership custody estates review contract performance risk "
    "commissioning delivery community confidence prevention outcomes court backlog funding"
).split()


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(sentences))


def _shared_pdf(name: str, title: str) -> tuple[str, str]:
    content = html_to_pdf(
        f"<html lang='en-GB'><head><title>{title}</title></head><body><h1>{title}</h1>"
        "<p>Archive copy.</p></body></html>"
    )
    stored = default_storage.save(f"archive/{name}.pdf", ContentFile(content))
    return stored, hashlib.sha256(content).hexdigest()


@transaction.atomic
def build_archive(years: int = 10, *, seed: int = 2025) -> dict[str, int]:
    rng = random.Random(seed)
    User = get_user_model()
    clerk, _ = User.objects.get_or_create(username="archivist", defaults={"first_name": "Archive"})
    now = timezone.now()
    end = timezone.localdate()
    start = date(end.year - years, 4, 1)
    paper_pdf, paper_sha = _shared_pdf("paper", "Archived paper")
    minutes_pdf, minutes_sha = _shared_pdf("minutes", "Archived minutes")
    report_pdf, report_sha = _shared_pdf("report", "Archived delivery report")
    chair = Person.objects.create(name="Robin Ashdown", initials="RA", post_title="Police and Crime Commissioner")

    boards = []
    for slug, name, short, dissolved_at in BOARDS:
        dissolved = start + timedelta(days=int((end - start).days * dissolved_at)) if dissolved_at else None
        board, _ = Board.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "established_on": start,
                "dissolved_on": dissolved,
                "dissolution_reason": "Its work passed to the Business Coordination Board." if dissolved else "",
            },
        )
        boards.append(board)

    # Meetings: ten a year for each board, every 36 days, at two in the afternoon.
    meetings = []
    for index, board in enumerate(boards):
        day = start + timedelta(days=3 * index)
        stop = board.dissolved_on or (end + timedelta(days=60))
        while day < stop:
            starts_at = timezone.make_aware(datetime.combine(day, time(14)))
            meetings.append(
                Meeting(
                    board=board,
                    starts_at=starts_at,
                    slug=day.isoformat(),
                    location="Meeting Room 1",
                    chaired_by=chair,
                    status=Meeting.Status.HELD if starts_at < now else Meeting.Status.SCHEDULED,
                    agenda_published_at=starts_at - timedelta(days=8) if starts_at < now else None,
                )
            )
            day += timedelta(days=36)
    first_meeting = (Meeting.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    Meeting.objects.bulk_create(meetings, batch_size=500)
    meetings = list(Meeting.objects.filter(pk__gte=first_meeting).select_related("board"))
    held = [m for m in meetings if m.status == Meeting.Status.HELD]

    # Agenda items and papers: the standard items and about seven papers a held meeting.
    items, papers = [], []
    standard = list(AgendaItem.Standard)
    for meeting in held:
        rows = [(s.label, s) for s in standard[:3]]
        rows += [(title, "") for title in rng.sample(TOPICS, rng.randint(6, 9))]
        rows += [(s.label, s) for s in standard[3:]]
        for position, (title, kind) in enumerate(rows, start=1):
            items.append(AgendaItem(meeting=meeting, position=position, title=title, standard=kind))
    AgendaItem.objects.bulk_create(items, batch_size=1000)
    business = AgendaItem.objects.filter(meeting__in=held, standard="").select_related("meeting__board")
    for item in business:
        meeting = item.meeting
        sensitive = rng.random() < 0.05
        papers.append(
            Paper(
                board=meeting.board,
                agenda_item=item,
                title=f"{item.title} {meeting.date:%B %Y}",
                from_post="Chief Executive",
                date=meeting.date - timedelta(days=10),
                status=Paper.Status.PUBLISHED,
                marking=Paper.Marking.OFFICIAL_SENSITIVE if sensitive else Paper.Marking.OFFICIAL,
                purpose=_text(rng, 1),
                published_at=meeting.starts_at - timedelta(days=8),
                pdf=paper_pdf,
                pdf_sha256=paper_sha,
                pdf_page_count=1,
                created_by=clerk,
            )
        )
    first_paper = (Paper.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    Paper.objects.bulk_create(papers, batch_size=1000)
    papers = list(Paper.objects.filter(pk__gte=first_paper).select_related("board", "agenda_item__meeting"))

    recommendations, sections = [], []
    for paper in papers:
        recommendations += [
            Recommendation(paper=paper, position=0, verb="note", text="the report"),
            Recommendation(paper=paper, position=1, verb="approve", text=f"the proposals on {paper.title.lower()}"),
        ]
        sections += [
            Section(paper=paper, position=0, heading="Background", body=_text(rng, 4)),
            Section(paper=paper, position=1, heading="Implications", body=_text(rng, 3)),
        ]
    Recommendation.objects.bulk_create(recommendations, batch_size=2000)
    Section.objects.bulk_create(sections, batch_size=2000)
    decisions = [
        Decision(
            recommendation=rec,
            outcome="noted" if rec.verb == "note" else rng.choice(["approved", "approved", "deferred"]),
            meeting_id=rec.paper.agenda_item.meeting_id,
            recorded_by=clerk,
            confirmed_by=clerk,
            confirmed_at=rec.paper.agenda_item.meeting.starts_at + timedelta(days=1),
        )
        for rec in Recommendation.objects.filter(paper__in=papers).select_related("paper__agenda_item__meeting")
    ]
    Decision.objects.bulk_create(decisions, batch_size=2000)

    # Minutes of every held meeting, published.
    minutes = [
        Minutes(
            meeting=m,
            status=Minutes.Status.PUBLISHED,
            created_by=clerk,
            signed_by=chair,
            signed_at=m.starts_at + timedelta(days=40),
            published_at=m.starts_at + timedelta(days=41),
            pdf=minutes_pdf,
            pdf_sha256=minutes_sha,
        )
        for m in held
    ]
    Minutes.objects.bulk_create(minutes, batch_size=500)
    minutes = list(Minutes.objects.filter(meeting__in=held).select_related("meeting__board"))
    by_meeting = {m.meeting_id: m for m in minutes}
    MinuteItem.objects.bulk_create(
        [
            MinuteItem(
                minutes=by_meeting[i.meeting_id],
                agenda_item=i,
                position=i.position,
                title=i.title,
                standard=i.standard,
                body=_text(rng, 2),
            )
            for i in AgendaItem.objects.filter(meeting__in=held)
        ],
        batch_size=2000,
    )

    # The plan: 60 priority actions assessed every quarter, every report published.
    Plan.objects.filter(status=Plan.Status.IN_FORCE).update(status=Plan.Status.SUPERSEDED)
    plan = Plan.objects.create(
        title=f"Police and Crime Plan {start.year}-{end.year + 1}",
        period_start=start,
        period_end=date(end.year + 1, 3, 31),
        status=Plan.Status.IN_FORCE,
    )
    themes = [Theme.objects.create(plan=plan, name=name, position=i) for i, name in enumerate(THEMES)]
    PriorityAction.objects.bulk_create(
        PriorityAction(
            plan=plan, theme=theme, code=f"{theme.name[0]}{n}", text=_text(rng, 1)[:200], lead="Chief Executive"
        )
        for theme in themes
        for n in range(1, 16)
    )
    actions = list(plan.priority_actions.all())
    periods = [
        ReportingPeriod(
            plan=plan,
            label=label,
            slug=label.lower().replace(" ", "-").replace("/", "-"),
            starts_on=s,
            ends_on=e,
            report_published_at=timezone.make_aware(datetime.combine(e + timedelta(days=30), time(9))),
            report_pdf=report_pdf,
            report_sha256=report_sha,
        )
        for label, s, e in _quarters(plan)
        if e + timedelta(days=30) < end
    ][-40:]
    ReportingPeriod.objects.bulk_create(periods)
    periods = list(plan.periods.order_by("starts_on"))
    Assessment.objects.bulk_create(
        [
            Assessment(
                period=p,
                action=a,
                status=rng.choice("RAAGGGGB"),
                commentary=_text(rng, 1),
                assessed_on=p.ends_on,
                entered_by=clerk,
            )
            for p in periods
            for a in actions
        ],
        batch_size=2000,
    )
    # Published, so with their figures, as `publish_report` stores them.
    for p in periods:
        p.figures = period_figures(p)
    ReportingPeriod.objects.bulk_update(periods, ["figures"])

    # The search index, in bulk.
    public = set(Paper.objects.public().filter(pk__gte=first_paper).values_list("pk", flat=True))
    docs = [
        search.Document(
            key=f"paper:{p.pk}",
            kind="Paper",
            title=p.title,
            body=p.purpose,
            url=p.get_absolute_url(),
            published_at=p.published_at,
            board=p.board.slug,
            board_name=p.board.name,
            year=p.date.year,
        )
        for p in papers
        if p.pk in public
    ]
    docs += [
        search.Document(
            key=f"minutes:{m.pk}",
            kind="Minutes",
            title=f"Minutes: {m.meeting.board.name}, {m.meeting.date}",
            body="",
            url=m.get_absolute_url(),
            published_at=m.published_at,
            board=m.meeting.board.slug,
            board_name=m.meeting.board.name,
            year=m.meeting.date.year,
        )
        for m in minutes
    ]
    decided = (
        Decision.objects.public()
        .filter(recommendation__paper__pk__gte=first_paper)
        .select_related("recommendation__paper__board", "meeting__board")
        .prefetch_related("recommendation__paper__themes")
    )
    docs += [decision_document(decision) for decision in decided]
    search.bulk_index(docs)
    public_changes.changed()  # bulk writes send no signals
    return {
        "boards": len(boards),
        "meetings": len(meetings),
        "papers": len(papers),
        "decisions": len(decisions),
        "minutes": len(minutes),
        "priority actions": len(actions),
        "periods": len(periods),
        "assessments": len(periods) * len(actions),
        "indexed": len(docs),
    }
