"""Demo data: a fictional office for a fictional county, Northshire.

Every name here is invented. `seed_demo` calls `seed()`; running it again
changes nothing. People use the demo between runs (they remove agenda items,
move meetings, move papers on, end memberships), so each object is found
before it is made, and what the seed does to an object (workflow steps,
links) happens only in the run that made it: a later run never undoes what a
person did.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pcp_portal.images import check_image
from pcp_portal.roles import Role
from plans.models import Plan, PriorityAction, Theme

from . import services
from .models import (
    AgendaItem,
    Board,
    Decision,
    Figure,
    Meeting,
    MeetingSlug,
    Membership,
    Paper,
    Person,
    Recommendation,
    Section,
    SourceDocument,
)
from .services.meetings import CLOSING, OPENING

DEMO_PASSWORD = "demo-portal-2025"

#: username -> (person name, initials, post, organisation, role)
DEMO_USERS = {
    "author": ("Priya Lindqvist", "PL", "Head of Policy", "Office of the Police and Crime Commissioner", Role.AUTHOR),
    "reviewer": (
        "Jo Pennington",
        "JP",
        "Chief Executive",
        "Office of the Police and Crime Commissioner",
        Role.REVIEWER,
    ),
    "secretary": (
        "Morgan Ellery",
        "ME",
        "Board Secretary",
        "Office of the Police and Crime Commissioner",
        Role.SECRETARY,
    ),
    "member": ("Sam Okafor", "SO", "Deputy Chief Constable", "Northshire Constabulary", Role.MEMBER),
    "chair": ("Alex Morgan", "AM", "Police and Crime Commissioner", "Northshire", Role.CHAIR),
}
OTHER_PEOPLE = [
    ("Ravi Chandra", "RC", "Chief Finance Officer", "Office of the Police and Crime Commissioner"),
    ("Tom Heathcote", "TH", "Head of Corporate Development", "Northshire Constabulary"),
    ("Dana Greaves", "DG", "Head of Commissioning", "Office of the Police and Crime Commissioner"),
]

THEMES = [
    ("Victims", "Victims and witnesses are supported to cope and recover, and are treated with dignity.", "V"),
    ("Offenders", "Offending and reoffending fall, with the most harmful offenders managed closely.", "O"),
    ("Communities", "Communities are safe, feel safe and have confidence in their police.", "C"),
    ("Transformation", "The police service is efficient, effective and ready for the future.", "T"),
]
ACTIONS = {
    "V": [
        "Commission an integrated victim and witness service across the criminal justice pathway",
        "Improve the timeliness of updates to victims under the Victims' Code",
        "Expand specialist support for victims of domestic abuse",
        "Develop a restorative justice offer open to every victim",
        "Review support for young victims of crime",
        "Ensure the impact on victims and witnesses is considered when criminal justice processes are reviewed",
    ],
    "O": [
        "Reduce reoffending by young adults through diversion schemes",
        "Manage the most dangerous offenders through integrated offender management",
        "Tackle drug-related offending with health partners",
        "Expand out-of-court resolutions with conditions that change behaviour",
        "Work with prisons to support resettlement",
        "Develop a perpetrator programme for domestic abuse",
    ],
    "C": [
        "Increase visible neighbourhood policing in market towns",
        "Reduce anti-social behaviour in hotspot areas",
        "Improve road safety on rural routes",
        "Strengthen community confidence through public engagement",
        "Tackle rural and wildlife crime with partners",
        "Improve the response to calls for service",
    ],
    "T": [
        "Deliver the estates strategy for the Constabulary and the office",
        "Improve the use of data and digital services",
        "Develop the workforce and its wellbeing",
        "Collaborate with neighbouring forces on specialist capabilities",
        "Achieve the efficiency savings in the medium-term financial plan",
        "Reduce the carbon footprint of the police estate",
    ],
}


def _aware(day: date, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _users_and_people() -> dict[str, Person]:
    User = get_user_model()
    people = {}
    for username, (name, initials, post, organisation, role) in DEMO_USERS.items():
        first, last = name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role.label))
        person = Person.objects.filter(user=user).first() or Person.objects.filter(name=name).first()
        if person is None:
            person = Person.objects.create(
                name=name, initials=initials, post_title=post, organisation=organisation, user=user
            )
        people[username] = person
    for name, initials, post, organisation in OTHER_PEOPLE:
        people[initials] = Person.objects.filter(name=name).order_by("pk").first() or Person.objects.create(
            name=name, initials=initials, post_title=post, organisation=organisation
        )
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return people


def _plan() -> Plan:
    plan, _ = Plan.objects.get_or_create(
        title="Police and Crime Plan 2024-28",
        defaults={
            "period_start": date(2024, 4, 1),
            "period_end": date(2028, 3, 31),
            "approved_on": date(2024, 2, 6),
            "status": Plan.Status.IN_FORCE,
        },
    )
    for position, (name, aim, prefix) in enumerate(THEMES):
        theme, _ = Theme.objects.get_or_create(plan=plan, name=name, defaults={"aim": aim, "position": position})
        for number, text in enumerate(ACTIONS[prefix], start=1):
            PriorityAction.objects.get_or_create(
                plan=plan,
                code=f"{prefix}{number}",
                defaults={
                    "theme": theme,
                    "text": text,
                    "lead": "Chief Executive",
                    "partners": "Northshire Constabulary",
                },
            )
    return plan


def _boards(people: dict[str, Person]) -> tuple[Board, Board]:
    bcb, _ = Board.objects.get_or_create(
        slug="bcb",
        defaults={
            "name": "Business Coordination Board",
            "short_name": "BCB",
            "purpose": "The Commissioner's principal forum for holding the Chief Constable to account "
            "and for taking decisions on the Police and Crime Plan, finance and commissioning.",
            "meeting_frequency": "Every two months",
            "established_on": date(2016, 6, 1),
        },
    )
    pwg, _ = Board.objects.get_or_create(
        slug="pwg",
        defaults={
            "name": "Performance Working Group",
            "short_name": "PWG",
            "purpose": "Scrutiny of performance data ahead of the Business Coordination Board.",
            "meeting_frequency": "Quarterly",
            "established_on": date(2018, 1, 15),
            "dissolved_on": date(2023, 3, 31),
            "dissolution_reason": (
                "Its work was taken into the Business Coordination Board's quarterly performance item."
            ),
        },
    )
    roles = [
        ("chair", Membership.Role.CHAIR),
        ("member", Membership.Role.MEMBER),
        ("reviewer", Membership.Role.MEMBER),
        ("RC", Membership.Role.MEMBER),
        ("author", Membership.Role.IN_ATTENDANCE),
        ("TH", Membership.Role.IN_ATTENDANCE),
    ]
    # Any membership of the person, ended or renewed, is theirs to keep as it is.
    for key, role in roles:
        if not Membership.objects.filter(person=people[key], board=bcb).exists():
            Membership.objects.create(person=people[key], board=bcb, role=role, starts_on=date(2024, 5, 1))
    pwg_roles = [
        ("reviewer", Membership.Role.CHAIR),
        ("member", Membership.Role.MEMBER),
        ("TH", Membership.Role.MEMBER),
    ]
    for key, role in pwg_roles:
        if not Membership.objects.filter(person=people[key], board=pwg).exists():
            Membership.objects.create(
                person=people[key],
                board=pwg,
                role=role,
                starts_on=date(2018, 1, 15),
                ends_on=date(2023, 3, 31),
            )
    return bcb, pwg


def _existing_meeting(board: Board, day: date, papers: list[str]) -> Meeting | None:
    """The demo's meeting of that day, wherever people have moved it since."""
    found = Meeting.objects.filter(board=board, starts_at=_aware(day)).first()
    if found is None:
        old = MeetingSlug.objects.filter(board=board, slug__startswith=f"{day:%Y-%m-%d}").first()
        found = old.meeting if old else None
    if found is None and papers:
        # The demo's dates follow today's; its papers, found by title, say which meeting it made before.
        on_agenda = Paper.objects.filter(board=board, title__in=papers, agenda_item__isnull=False)
        found = Meeting.objects.filter(agenda_items__papers__in=on_agenda).order_by("pk").first()
    return found


def _meeting(
    board: Board, day: date, topics: list[str], theme=None, exempt: dict | None = None, papers: list[str] = ()
) -> tuple[Meeting, bool]:
    """A meeting laid out as `schedule_meeting` lays it out, with its business items, and whether it is new.

    Seeded directly, so meetings in the past are not treated as late additions.
    """
    day += timedelta(days=(1 - day.weekday()) % 7)  # the board meets on Tuesdays
    existing = _existing_meeting(board, day, list(papers))
    if existing is not None:
        return existing, False
    meeting = Meeting.objects.create(
        board=board,
        starts_at=_aware(day),
        location="Meeting Room 1, Northshire Police Headquarters",
        theme_in_depth=theme,
    )
    exempt = exempt or {}
    rows = [(s.label, s) for s in OPENING] + [(t, "") for t in topics] + [(s.label, s) for s in CLOSING]
    for position, (title, standard) in enumerate(rows, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=title,
            standard=standard,
            part=AgendaItem.Part.EXEMPT if title in exempt else AgendaItem.Part.PUBLIC,
            exemption_category=exempt.get(title, ""),
            public_interest_reason="Disclosure would prejudice the office's negotiating position."
            if title in exempt
            else "",
        )
    return meeting, True


def _item(meeting: Meeting, title: str) -> AgendaItem | None:
    """The demo's item, unless someone has removed it from the agenda."""
    return meeting.agenda_items.filter(title=title).order_by("position").first()


def _paper(
    author,
    people,
    board,
    item,
    title,
    *,
    marking=Paper.Marking.OFFICIAL,
    purpose=None,
    recommendations=None,
    sections=None,
    contact="author",
) -> tuple[Paper, bool]:
    """The demo's paper, and whether this run made it (only then does the seed move it on)."""
    existing = Paper.objects.filter(title=title, board=board).order_by("revision").first()
    if existing:
        return existing, False
    paper = Paper.objects.create(
        board=board,
        agenda_item=item,
        title=title,
        from_post="Chief Executive",
        date=(item.meeting.date - timedelta(days=10)) if item else timezone.localdate(),
        marking=marking,
        created_by=author,
        purpose=purpose
        if purpose is not None
        else (
            f'The purpose of this report is to inform the {board.name} (the "Board") of the matters '
            f"set out below and to seek the decisions recommended in section 2."
        ),
        contact_officer=people.get(contact),
    )
    services.record_creation(paper=paper, user=author)
    for position, source in enumerate(["Police and Crime Plan 2024-28", "Northshire Constabulary performance report"]):
        SourceDocument.objects.create(paper=paper, position=position, title=source)
    for position, (verb, text) in enumerate(recommendations or [("note", "the report")]):
        Recommendation.objects.create(paper=paper, position=position, verb=verb, text=text)
    for position, (heading, body) in enumerate(sections or []):
        Section.objects.create(paper=paper, position=position, heading=heading, body=body)
    return paper, True


VICTIMS_SECTIONS = [
    (
        "Background",
        "The Plan became effective on 1 April 2024 and is structured around four themes: Victims, Offenders, "
        "Communities and Transformation. Each theme has an aim, shared outcomes and priority actions.\n\n"
        "Delivery of the Plan is reported to the Board quarterly, with each meeting considering one theme in depth.",
    ),
    (
        "Update",
        "Of the six Victims priority actions, four are rated **green**, one amber and one red.[^rag] Action V6 "
        "remains red while court backlogs persist.\n\n"
        "Table: Victims priority actions by status\n"
        "| Status | Q3 2024/25 | Q4 2024/25 |\n"
        "|---|--:|--:|\n"
        "| **Green** | 3 | 4 |\n"
        "| **Amber** | 2 | 1 |\n"
        "| **Red** | 1 | 1 |\n\n"
        "![Figure 1]\n\n"
        'It is proposed that V1 is revised to read: "Commission an integrated victim and witness service covering '
        'the whole criminal justice pathway."\n'
        "- the current contract ends on 31 March 2026;\n"
        "- the revised wording reflects:\n"
        "  (a) the merged Victims' Hub and Witness Care Team;\n"
        "  (b) the duties of the Victims' Code.\n\n"
        "[^rag]: Ratings as assessed at the end of each quarter: red, amber or green (RAG).",
    ),
    (
        "Implications",
        "Financial: the revised service is met from the existing Ministry of Justice victims grant.\n\n"
        "Legal: the commissioning follows the Procurement Act 2023.\n\n"
        "Equality: an equality impact assessment is appended to the commissioning plan.",
    ),
]


# Figure 1 of the Victims paper: a chart drawn as the office's tools export it, as plain SVG.
VICTIMS_CHART = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="230" viewBox="0 0 480 230" '
    b'font-family="DejaVu Sans, sans-serif" font-size="14">'
    b'<line x1="60" y1="190" x2="460" y2="190" stroke="#333"/>'
    b'<rect x="90" y="30" width="80" height="160" fill="#2e7d32"/>'
    b'<text x="130" y="22" text-anchor="middle">4</text><text x="130" y="210" text-anchor="middle">Green</text>'
    b'<rect x="210" y="150" width="80" height="40" fill="#f9a825"/>'
    b'<text x="250" y="142" text-anchor="middle">1</text><text x="250" y="210" text-anchor="middle">Amber</text>'
    b'<rect x="330" y="150" width="80" height="40" fill="#c62828"/>'
    b'<text x="370" y="142" text-anchor="middle">1</text><text x="370" y="210" text-anchor="middle">Red</text>'
    b"</svg>"
)


def _victims_figure(paper: Paper) -> None:
    facts = check_image(VICTIMS_CHART, max_bytes=settings.FIGURE_MAX_BYTES, max_pixels=settings.FIGURE_MAX_PIXELS)
    figure = Figure(
        paper=paper,
        position=0,
        alt_text="Bar chart: of the six Victims priority actions, four are green, one amber and one red.",
        caption="Victims priority actions by status",
        content_type=facts.content_type,
        width=facts.width,
        height=facts.height,
        size=facts.size,
        sha256=facts.sha256,
    )
    figure.file.save("victims-actions-by-status.svg", ContentFile(VICTIMS_CHART), save=True)


PAST_PAPERS = [
    "Police and Crime Plan – Victims Theme: Delivery Update",
    "Provisional Outturn 2024/25",
    "Estates Strategy: Northshire Headquarters Disposal",
]
UPCOMING_PAPERS = [
    "Medium-Term Financial Plan 2026/27 to 2029/30",
    "Police and Crime Plan – Offenders Theme: Delivery Update",
    "Commissioning Intentions 2026/27",
    "Road Safety Partnership Funding",
]


@transaction.atomic
def seed() -> dict[str, str]:
    people = _users_and_people()
    plan = _plan()
    bcb, pwg = _boards(people)
    User = get_user_model()
    author, reviewer, secretary = (User.objects.get(username=n) for n in ("author", "reviewer", "secretary"))
    today = timezone.localdate()
    victims = plan.themes.get(name="Victims")

    past, past_is_new = _meeting(
        bcb,
        today - timedelta(days=63),
        [
            "Provisional Outturn",
            "Police and Crime Plan – Victims Theme: Delivery Update",
            "Estates Strategy: Northshire Headquarters",
        ],
        theme=victims,
        exempt={"Estates Strategy: Northshire Headquarters": AgendaItem.Exemption.FINANCIAL},
        papers=PAST_PAPERS,
    )
    upcoming, _ = _meeting(
        bcb,
        today + timedelta(days=21),
        [
            "Medium-Term Financial Plan",
            "Police and Crime Plan – Offenders Theme",
            "Commissioning Intentions",
            "Road Safety Partnership",
            "Custody Health Contract",
        ],
        theme=plan.themes.get(name="Offenders"),
        papers=UPCOMING_PAPERS,
    )
    pwg_meeting, pwg_is_new = _meeting(pwg, date(2022, 11, 8), ["Quarterly Performance Report"])
    if pwg_is_new:
        Meeting.objects.filter(pk=pwg_meeting.pk).update(status=Meeting.Status.HELD)

    def publish(paper):
        if paper.status == Paper.Status.DRAFT:
            services.submit_paper(paper=paper, user=author)
        if paper.status == Paper.Status.SUBMITTED:
            services.clear_paper(paper=paper, user=reviewer)
        if paper.status == Paper.Status.CLEARED:
            services.publish_paper(paper=paper, user=secretary)
        return paper

    victims_paper, created = _paper(
        author,
        people,
        bcb,
        _item(past, "Police and Crime Plan – Victims Theme: Delivery Update"),
        "Police and Crime Plan – Victims Theme: Delivery Update",
        purpose='The purpose of this report is to update the Business Coordination Board (the "Board") on '
        'delivery of the Victims theme of the Police and Crime Plan 2024-28 (the "Plan") and to seek '
        "approval for a revised priority action.",
        recommendations=[
            ("note", "the progress made against the Victims theme"),
            ("approve", "the revised wording of priority action V1 set out at paragraph 4.2"),
        ],
        sections=VICTIMS_SECTIONS,
    )
    if created:
        _victims_figure(victims_paper)
        victims_paper.themes.add(victims)
        victims_paper.priority_actions.add(*plan.priority_actions.filter(code__in=["V1", "V6"]))
        publish(victims_paper)

    outturn, created = _paper(
        author,
        people,
        bcb,
        _item(past, "Provisional Outturn"),
        "Provisional Outturn 2024/25",
        recommendations=[("note", "the provisional outturn for 2024/25")],
        sections=[
            ("Background", "The revenue budget was underspent by £0.412m, largely because of police staff vacancies.")
        ],
        contact="RC",
    )
    if created:
        publish(outturn)
        # A corrected revision, so the demo shows a superseded paper too.
        corrected = services.start_revision(paper=outturn, user=author)
        corrected.sections.update(
            body="The revenue budget was underspent by £0.421m, largely because of police staff vacancies. "
            "This revision corrects the figure printed in the first revision."
        )
        publish(corrected)

    estates, created = _paper(
        author,
        people,
        bcb,
        _item(past, "Estates Strategy: Northshire Headquarters"),
        "Estates Strategy: Northshire Headquarters Disposal",
        marking=Paper.Marking.OFFICIAL_SENSITIVE,
        recommendations=[("approve", "the disposal of the former headquarters site")],
        sections=[("Options", "Three offers were received. Details are commercially sensitive.")],
        contact="TH",
    )
    if created:
        publish(estates)

    cleared, created = _paper(
        author,
        people,
        bcb,
        _item(upcoming, "Medium-Term Financial Plan"),
        "Medium-Term Financial Plan 2026/27 to 2029/30",
        recommendations=[("endorse", "the medium-term financial plan for consultation")],
        sections=[("Background", "The plan sets out the funding assumptions for the next four years.")],
        contact="RC",
    )
    if created:
        services.submit_paper(paper=cleared, user=author)
        services.clear_paper(paper=cleared, user=reviewer)

    submitted, created = _paper(
        author,
        people,
        bcb,
        _item(upcoming, "Police and Crime Plan – Offenders Theme"),
        "Police and Crime Plan – Offenders Theme: Delivery Update",
        recommendations=[("note", "the progress made against the Offenders theme")],
        sections=[
            (
                "Update",
                "Five of the six Offenders priority actions are on track.\n\n"
                "- diversion schemes have expanded to two more towns;\n"
                "- the perpetrator programme starts in the spring.",
            )
        ],
    )
    if created:
        services.submit_paper(paper=submitted, user=author)

    _paper(
        author,
        people,
        bcb,
        _item(upcoming, "Commissioning Intentions"),
        "Commissioning Intentions 2026/27",
        recommendations=[("agree", "the commissioning intentions for 2026/27")],
        sections=[
            ("Background", "The office commissions services for victims and to reduce reoffending."),
            ("Options", "Option costs are TBC pending the grant settlement."),
        ],
    )

    road, created = _paper(
        author,
        people,
        bcb,
        _item(upcoming, "Road Safety Partnership"),
        "Road Safety Partnership Funding",
        recommendations=[("approve", "a contribution of £40,000")],
        sections=[("Background", "The partnership funds speed awareness and education.")],
    )
    if created:
        services.withdraw_paper(paper=road, user=secretary, reason="The partnership has deferred its bid to next year.")

    if past_is_new:
        _hold_past_meeting(past, people, secretary)
    return {username: DEMO_PASSWORD for username in (*DEMO_USERS, "admin")}


def published_in_time(meeting: Meeting) -> None:
    """A past demo meeting's agenda, published as the seed runs, dated the morning of its deadline as an
    office would have published it; the public page would otherwise call it late."""
    on_time = timezone.make_aware(datetime.combine(meeting.publication_deadline, time(9, 0)))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=on_time)
    meeting.refresh_from_db()


def _hold_past_meeting(meeting: Meeting, people: dict[str, Person], secretary) -> None:
    """The past meeting's whole cycle: agenda and packs, positions, decisions, held."""
    if meeting.status == Meeting.Status.SCHEDULED:
        services.publish_agenda(meeting=meeting, user=secretary)
        published_in_time(meeting)
    member_user, chair_user = people["member"].user, people["chair"].user
    for paper in Paper.objects.filter(agenda_item__meeting=meeting, status=Paper.Status.PUBLISHED):
        for recommendation in paper.recommendations.all():
            if Decision.objects.filter(recommendation=recommendation).exists():
                continue
            for user in (member_user, chair_user):
                services.record_position(recommendation=recommendation, user=user, stance="support")
            decision = services.record_decision(
                recommendation=recommendation,
                user=secretary,
                outcome=Decision.outcome_for(recommendation),
            )
            services.confirm_decision(decision=decision, user=chair_user)
    if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        services.mark_meeting_held(meeting=meeting, user=secretary)
