"""A small but complete portal for the leak test, with a marker in every free-text field.

Every marker is registered with the audience that may read it: the public,
the members of board A, the members of board B, or office staff only. The
world is moved between states by the same services users go through, so the
test follows the paths that reach the public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from boards import services as board_services
from boards.forms import AppendixForm, FigureForm
from boards.models import AgendaItem, Appendix, Figure, Membership, Paper, SourceDocument, WrittenProcedure
from minutes import services as minutes_services
from minutes.models import Action, Declaration, MinuteItem, Minutes, MinutesInitials
from pcp_portal.pdf import html_to_pdf
from pcp_portal.roles import Role
from plans import services as plan_services
from plans.models import ReportingPeriod

from . import leak_forward_plan, leak_notices, leak_registers
from .conftest import at_two_pm
from .factories import (
    BoardFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
)
from .images import svg_bytes
from .plan_factories import make_plan

PUBLIC, BOARD_A, BOARD_B, OFFICE = "public", "members of A", "members of B", "office staff only"
PREFIX = {PUBLIC: "PUB", BOARD_A: "MBA", BOARD_B: "MBB", OFFICE: "SEC"}
MARKER = re.compile(r"MK(?:PUB|MBA|MBB|SEC)\d{4}", re.IGNORECASE)
S = Paper.Status
EXEMPT = AgendaItem.Part.EXEMPT


@dataclass
class Registry:
    """marker -> (audience, what it is)."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)

    def mark(self, audience: str, what: str) -> str:
        marker = f"MK{PREFIX[audience]}{len(self.entries) + 1:04d}"
        self.entries[marker] = (audience, what)
        return marker

    def of(self, audience: str) -> set[str]:
        return {marker for marker, (aud, _) in self.entries.items() if aud == audience}

    def describe(self, marker: str) -> str:
        audience, what = self.entries[marker]
        return f"{what} (for {audience})"


@dataclass
class World:
    registry: Registry
    users: dict
    boards: dict
    published_period: ReportingPeriod


def _pdf_with(text: str) -> bytes:
    return html_to_pdf(f'<html lang="en"><head><title>Appendix</title></head><body><p>{text}</p></body></html>')


class Builder:
    def __init__(self):
        self.registry = Registry()
        self.m = self.registry.mark
        today = timezone.localdate()
        self.author = UserFactory(username="leak-author", roles=[Role.AUTHOR])
        self.reviewer = UserFactory(username="leak-reviewer", roles=[Role.REVIEWER])
        self.secretary = UserFactory(username="leak-secretary", roles=[Role.SECRETARY])
        self.officer = PersonFactory(name="Olive Officer", initials="OO")
        self.board_a = BoardFactory(slug="board-a", purpose=f"Oversight. {self.m(PUBLIC, 'purpose of board A')}")
        self.board_b = BoardFactory(slug="board-b", purpose=f"Audit. {self.m(PUBLIC, 'purpose of board B')}")
        self.chair_a = self._member("leak-chair-a", self.board_a, Role.CHAIR, Membership.Role.CHAIR)
        self.member_a = self._member("leak-member-a", self.board_a, Role.MEMBER)
        self.member_a2 = self._member("leak-member-a2", self.board_a, Role.MEMBER)
        self.chair_b = self._member("leak-chair-b", self.board_b, Role.CHAIR, Membership.Role.CHAIR)
        self.member_b = self._member("leak-member-b", self.board_b, Role.MEMBER)
        self.former_a = self._member("leak-former-a", self.board_a, Role.MEMBER, ends_on=today - timedelta(days=1))
        # Two days ahead, not one: the world is built once for the module, and a run that crosses midnight
        # must not find the future member already serving. The day-by-day edges are in test_time_rules.
        self.future_a = self._member("leak-future-a", self.board_a, Role.MEMBER, starts_on=today + timedelta(days=2))

    def _member(self, username, board, role, board_role=Membership.Role.MEMBER, starts_on=date(2020, 1, 1), **dates):
        user = UserFactory(username=username, roles=[role])
        MembershipFactory(person=PersonFactory(user=user), board=board, role=board_role, starts_on=starts_on, **dates)
        return user

    # Papers

    def paper(
        self, board, audience: str, label: str, *, marking=Paper.Marking.OFFICIAL, heading_audience=None, **fields
    ):
        """A complete draft: every free-text field, the recommendations, a section, a figure (its alternative
        text, caption and the text drawn in it) and an appendix marked.

        `heading_audience` may read the title and the post it is from (a withdrawn paper's stay public).
        """
        m = lambda what: self.m(audience, f"{what} of the paper “{label}”")  # noqa: E731
        heading = lambda what: self.m(heading_audience or audience, f"{what} of the paper “{label}”")  # noqa: E731
        title = heading("title")
        paper = PaperFactory(
            board=board,
            created_by=self.author,
            title=f"{label} {title}",
            from_post=f"Chief Executive {heading('from')}",
            purpose=f"The purpose of this report is {m('purpose')}.",
            marking=marking,
            contact_officer=self.officer,
            location=f"Castle Street {m('location')}",
            source=None,
            **fields,
        )
        SourceDocument.objects.create(paper=paper, title=f"Police and Crime Plan {m('source document')}")
        board_services.record_creation(paper=paper, user=self.author)
        RecommendationFactory(paper=paper, position=0, verb="note", text=f"the report {m('recommendation 1')}")
        RecommendationFactory(paper=paper, position=1, verb="approve", text=f"the plan {m('recommendation 2')}")
        SectionFactory(
            paper=paper, heading=f"Background {m('section heading')}", body=f"Body {m('section body')}.\n\n![Figure 1]"
        )
        figure = FigureForm(
            data={"alt_text": f"Bars {m('figure alternative text')}", "caption": f"Spend {m('figure caption')}"},
            files={"file": SimpleUploadedFile("chart.svg", svg_bytes(text=m("text drawn in the figure")))},
            instance=Figure(paper=paper, position=0),
        )
        assert figure.is_valid(), figure.errors
        figure.save()
        form = AppendixForm(
            data={"title": f"Tables {m('appendix title')}"},
            files={"file": SimpleUploadedFile("a.pdf", _pdf_with(f"Figures {m('appendix PDF text')}"))},
            instance=Appendix(paper=paper, position=0),
        )
        assert form.is_valid(), form.errors
        form.save()
        return paper

    def advance(self, paper: Paper, to: str, *, returned_comment: str = "", clear_comment: str = "") -> Paper:
        """Drive `paper` forward through the real services; a return on the way if a comment is given."""
        board_services.submit_paper(paper=paper, user=self.author)
        if returned_comment:
            board_services.return_paper(paper=paper, user=self.reviewer, comment=returned_comment)
            if to == S.DRAFT:
                return paper
            board_services.submit_paper(paper=paper, user=self.author)
        if to == S.SUBMITTED:
            return paper
        board_services.clear_paper(paper=paper, user=self.reviewer, comment=clear_comment)
        if to == S.CLEARED:
            return paper
        board_services.publish_paper(paper=paper, user=self.secretary)
        return Paper.objects.get(pk=paper.pk)

    # Meetings

    def meeting(self, board, days: int, audience_of_location=PUBLIC):
        return board_services.schedule_meeting(
            board=board,
            starts_at=at_two_pm(days),
            user=self.secretary,
            location=f"Room {self.m(audience_of_location, f'location of the meeting {days} days from today')}",
        )

    def item(self, meeting, audience: str, *, paper=None, exempt=False, reason_audience=None, label="") -> AgendaItem:
        what = f"{'exempt' if exempt else 'public'} item {label} of {meeting}"
        fields = {}
        if exempt:
            reason = self.m(reason_audience or audience, f"exemption reason of the {what}")
            fields = {"part": EXEMPT, "exemption_category": "3", "public_interest_reason": f"Contracts. {reason}"}
        if meeting.deadline_passed:
            fields["late_reason"] = f"Urgent. {self.m(audience, f'reason for urgency of the {what}')}"
        return board_services.add_agenda_item(
            meeting=meeting,
            user=self.secretary,
            title=f"Item {self.m(audience, f'title of the {what}')}",
            paper=paper,
            **fields,
        )

    def publish_agenda(self, meeting, *, build_packs: bool):
        if build_packs:
            with TestCase.captureOnCommitCallbacks(execute=True):
                board_services.publish_agenda(meeting=meeting, user=self.secretary)
        else:  # the builds stay queued: nothing public comes of them
            board_services.publish_agenda(meeting=meeting, user=self.secretary)

    # Minutes

    def action(self, minutes, item, text: str) -> Action:
        """An action raised in `minutes` under `item`, owned by the officer, due in two months."""
        board = minutes.meeting.board
        return Action.objects.create(
            board=board,
            reference=minutes_services.next_action_reference(board, minutes.meeting.date.year),
            raised_at=minutes,
            minute_item=item,
            text=text,
            owner=self.officer,
            due_on=timezone.localdate() + timedelta(days=60),
        )

    def minutes(self, meeting, status: str, *, audience: str, exempt_audience: str, held=False) -> Minutes:
        """Minutes of the meeting, once held, in `status`; each item, declaration and action marked."""
        if not held:
            board_services.mark_meeting_held(meeting=meeting, user=self.secretary)
        meeting.refresh_from_db()
        minutes = minutes_services.start_minutes(meeting=meeting, user=self.secretary)
        business = minutes.items.filter(standard="").order_by("position")
        for item in business:
            exempt = item.part == EXEMPT
            aud = exempt_audience if exempt else audience
            where = f"{'exempt' if exempt else 'public'} minute item {item.position} of {minutes}"
            MinuteItem.objects.filter(pk=item.pk).update(
                body=f"The Board noted the report. {self.m(aud, f'body of the {where}')}"
            )
            self.action(minutes, item, f"Report back {self.m(aud, f'action under the {where}')}")
        public_item, exempt_item = business.exclude(part=EXEMPT).first(), business.filter(part=EXEMPT).first()
        if exempt_item is not None:
            # Whoever presented the exempt item is named only there: in the key to initials of the confidential
            # version, never of the public one.
            presenter = PersonFactory(
                name=f"Presenter {self.m(exempt_audience, f'presenter of the exempt item of {minutes}')}"
            )
            MinuteItem.objects.filter(pk=exempt_item.pk).update(introduced_by=presenter)
            # A minute written as public whose agenda item is exempt (made so after the meeting, say): private
            # all the same, by its agenda item.
            where = f"public minute item on an exempt agenda item of {minutes}"
            made_public = MinuteItem.objects.create(
                minutes=minutes,
                agenda_item=exempt_item.agenda_item,
                position=minutes.items.count() + 1,
                title=f"Item {self.m(audience, f'title of the {where}')}",
                part=AgendaItem.Part.PUBLIC,
                body=f"The Board agreed the terms. {self.m(exempt_audience, f'body of the {where}')}",
            )
            self.action(
                minutes, made_public, f"Sign the contract {self.m(exempt_audience, f'action under the {where}')}"
            )
        declarant = self.member_a2.person if meeting.board == self.board_a else self.member_b.person
        Declaration.objects.create(
            minutes=minutes,
            person=declarant,
            item=public_item,
            nature=f"Trustee of a charity {self.m(audience, f'declaration of interest in {minutes}')}",
        )
        if exempt_item is not None:
            Declaration.objects.create(
                minutes=minutes,
                person=declarant,
                item=exempt_item,
                nature=f"Director of a firm {self.m(exempt_audience, f'declaration on an exempt item of {minutes}')}",
            )
        MinutesInitials.objects.create(
            minutes=minutes, person=self.officer, initials=self.m(audience, f"longer initials in {minutes}")
        )
        steps = [
            Minutes.Status.SUBMITTED,
            Minutes.Status.CLEARED,
            Minutes.Status.CIRCULATED,
            Minutes.Status.APPROVED,
            Minutes.Status.SIGNED,
        ]
        order = [Minutes.Status.DRAFT, *steps, Minutes.Status.PUBLISHED]
        chair = self.chair_a if meeting.board == self.board_a else self.chair_b
        for step in order[1 : order.index(status) + 1]:
            if step == Minutes.Status.SUBMITTED:
                minutes_services.submit_minutes(minutes=minutes, user=self.secretary)
            elif step == Minutes.Status.CLEARED:
                minutes_services.clear_minutes(minutes=minutes, user=self.reviewer)
            elif step == Minutes.Status.CIRCULATED:
                minutes_services.circulate_minutes(minutes=minutes, user=self.secretary)
            elif step == Minutes.Status.APPROVED:
                minutes_services.approve_minutes(
                    minutes=minutes, user=self.secretary, in_writing_on=timezone.localdate()
                )
            elif step == Minutes.Status.SIGNED:
                minutes_services.sign_minutes(minutes=minutes, user=chair)
            else:
                minutes_services.publish_minutes(minutes=minutes, user=self.secretary)
        minutes.refresh_from_db()
        return minutes

    def decide(self, recommendation, *, audience: str, confirm: bool):
        decision = board_services.record_decision(
            recommendation=recommendation,
            user=self.secretary,
            outcome="amended",
            amended_text=f"the report as amended {self.m(audience, f'amended wording on “{recommendation}”')}",
        )
        if confirm:
            chair = self.chair_a if recommendation.paper.board == self.board_a else self.chair_b
            board_services.confirm_decision(decision=decision, user=chair)
        return decision


def build_world() -> World:
    b = Builder()
    m = b.m
    a, bb = b.board_a, b.board_b

    # Board A: minutes in every state, at meetings held one after another; the latest is published and
    # prints the action log of all the earlier ones.
    statuses = [
        ("published", PUBLIC, BOARD_A),
        ("circulated", BOARD_A, BOARD_A),
        ("approved", BOARD_A, BOARD_A),
        ("signed", BOARD_A, BOARD_A),
        ("draft", OFFICE, OFFICE),
        ("cleared", OFFICE, OFFICE),
        ("submitted", OFFICE, OFFICE),
    ]
    for index, (status, audience, exempt_audience) in enumerate(statuses):
        meeting = b.meeting(a, -100 + 10 * index)
        b.item(meeting, PUBLIC, label="1")
        b.item(meeting, PUBLIC, exempt=True, label="2")
        b.publish_agenda(meeting, build_packs=False)
        b.minutes(meeting, status, audience=audience, exempt_audience=exempt_audience)

    # The meeting whose papers are decided and whose minutes are published last.
    meeting = b.meeting(a, -10)
    public = b.advance(
        b.paper(a, PUBLIC, "Provisional Outturn"),
        S.CLEARED,
        returned_comment=f"Fix the table. {m(OFFICE, 'reviewer’s return comment on “Provisional Outturn”')}",
        clear_comment=f"Cleared. {m(OFFICE, 'reviewer’s clearing comment on “Provisional Outturn”')}",
    )
    sensitive = b.advance(b.paper(a, BOARD_A, "Custody Contract", marking=Paper.Marking.OFFICIAL_SENSITIVE), S.CLEARED)
    exempt = b.advance(b.paper(a, BOARD_A, "Estates Disposal"), S.CLEARED)
    later_exempt = b.advance(b.paper(a, BOARD_A, "Vehicle Fleet"), S.CLEARED)
    # The public paper cites papers the public may not read: only the titles typed for them may show.
    uncosted = b.paper(a, OFFICE, "Uncosted Options")
    cited = [(sensitive, "an OFFICIAL-SENSITIVE paper"), (exempt, "an exempt paper"), (uncosted, "a draft paper")]
    for position, (paper, what) in enumerate(cited, start=1):
        title = f"Cited {m(PUBLIC, f'title typed for a source document that is {what}')}"
        SourceDocument.objects.create(paper=public, position=position, title=title, linked_paper=paper)
    b.item(meeting, PUBLIC, paper=public, label="outturn")
    b.item(meeting, PUBLIC, paper=sensitive, label="custody")
    b.item(meeting, PUBLIC, paper=exempt, exempt=True, label="estates")
    fleet = b.item(meeting, PUBLIC, paper=later_exempt, label="fleet")
    b.publish_agenda(meeting, build_packs=True)
    with TestCase.captureOnCommitCallbacks(execute=True):  # what follows the change runs once it commits
        board_services.update_agenda_item(
            item=fleet,
            user=b.secretary,
            title=fleet.title,
            presenter=None,
            paper=Paper.objects.get(pk=later_exempt.pk),
            part=EXEMPT,
            exemption_category="3",
            public_interest_reason=f"Talks. {m(PUBLIC, 'exemption reason given after publication to “Vehicle Fleet”')}",
            late_reason=fleet.late_reason,
            confirmed=True,
        )
    board_services.mark_meeting_held(meeting=meeting, user=b.secretary)
    first, second = public.recommendations.order_by("position")
    b.decide(first, audience=PUBLIC, confirm=True)
    b.decide(second, audience=BOARD_A, confirm=False)
    for paper in (sensitive, exempt, later_exempt):
        b.decide(paper.recommendations.order_by("position").first(), audience=BOARD_A, confirm=True)
    b.minutes(meeting, "published", audience=PUBLIC, exempt_audience=BOARD_A, held=True)

    # A meeting chaired by a member of board A whose membership has since ended: the decision awaiting their
    # confirmation is on a sensitive paper, which (title included) they may no longer read.
    chaired_by_former = b.meeting(a, -25)
    awaiting = b.advance(b.paper(a, BOARD_A, "Firearms Licensing", marking=Paper.Marking.OFFICIAL_SENSITIVE), S.CLEARED)
    b.item(chaired_by_former, PUBLIC, paper=awaiting, label="firearms")
    b.publish_agenda(chaired_by_former, build_packs=False)
    board_services.record_chair(meeting=chaired_by_former, user=b.secretary, person=b.former_a.person)
    board_services.mark_meeting_held(meeting=chaired_by_former, user=b.secretary)
    b.decide(awaiting.recommendations.order_by("position").first(), audience=BOARD_A, confirm=False)

    # A paper decided in writing, off any agenda (the decisions list's "In writing" rows): one decision
    # confirmed, one awaiting the chair.
    in_writing = b.advance(b.paper(a, PUBLIC, "Custody Visiting"), S.PUBLISHED)
    procedure = board_services.circulate_written_procedure(
        paper=in_writing, user=b.secretary, closes_on=timezone.localdate() + timedelta(days=7)
    )
    WrittenProcedure.objects.filter(pk=procedure.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    confirmed_in_writing, awaiting_in_writing = in_writing.recommendations.order_by("position")
    b.decide(confirmed_in_writing, audience=PUBLIC, confirm=True)
    b.decide(awaiting_in_writing, audience=BOARD_A, confirm=False)

    # Papers off the agenda: withdrawn before and after publication, superseded by a revision.
    withdrawn = b.advance(b.paper(a, OFFICE, "Body Worn Video"), S.CLEARED)
    board_services.withdraw_paper(
        paper=withdrawn,
        user=b.secretary,
        reason=f"Not needed. {m(OFFICE, 'reason for withdrawing a paper never published')}",
    )
    pulled = b.advance(b.paper(a, BOARD_A, "Estates Strategy", heading_audience=PUBLIC), S.PUBLISHED)
    board_services.withdraw_paper(
        paper=pulled, user=b.secretary, reason=f"Figures wrong. {m(PUBLIC, 'reason for withdrawing a published paper')}"
    )
    old = b.advance(b.paper(a, PUBLIC, "Victims Services"), S.PUBLISHED)
    revision = board_services.start_revision(paper=old, user=b.author)
    Paper.objects.filter(pk=revision.pk).update(title=f"Victims Services {m(PUBLIC, 'title of revision 2')}")
    b.advance(revision, S.PUBLISHED)

    # A paper from before the security classifications, published with no marking: public like an OFFICIAL one.
    b.advance(b.paper(a, PUBLIC, "Estates Review", marking=Paper.Marking.NONE, date=date(2013, 6, 4)), S.PUBLISHED)

    # A meeting held without its agenda ever being published, and one cancelled likewise.
    held = b.meeting(a, -5)
    b.item(held, BOARD_A, label="held-unpublished")
    b.item(held, BOARD_A, exempt=True, reason_audience=OFFICE, label="held-unpublished-exempt")
    board_services.mark_meeting_held(meeting=held, user=b.secretary)
    cancelled = b.meeting(a, 20)
    b.item(cancelled, BOARD_A, label="cancelled")
    b.item(cancelled, BOARD_A, exempt=True, reason_audience=OFFICE, label="cancelled-exempt")
    board_services.cancel_meeting(
        meeting=cancelled, user=b.secretary, reason=f"Not quorate. {m(PUBLIC, 'reason for cancelling a meeting')}"
    )

    # A scheduled meeting whose agenda is being built: papers in every state before publication.
    upcoming = b.meeting(a, 40)
    b.item(upcoming, BOARD_A, paper=b.advance(b.paper(a, BOARD_A, "Cleared Report"), S.CLEARED), label="cleared")
    b.item(upcoming, BOARD_A, paper=b.paper(a, OFFICE, "Draft Report"), label="draft")
    b.item(upcoming, BOARD_A, paper=b.advance(b.paper(a, OFFICE, "Submitted Report"), S.SUBMITTED), label="submitted")
    returned = b.advance(
        b.paper(a, OFFICE, "Returned Report"),
        S.DRAFT,
        returned_comment=f"Rewrite. {m(OFFICE, 'reviewer’s return comment on “Returned Report”')}",
    )
    b.item(upcoming, BOARD_A, paper=returned, label="returned")
    b.item(upcoming, BOARD_A, exempt=True, reason_audience=OFFICE, label="upcoming-exempt")

    # Board B: circulated minutes, and a published agenda with its packs.
    earlier = b.meeting(bb, -30)
    b.item(earlier, PUBLIC, label="b1")
    b.item(earlier, PUBLIC, exempt=True, label="b2")
    b.publish_agenda(earlier, build_packs=False)
    b.minutes(earlier, "circulated", audience=BOARD_B, exempt_audience=BOARD_B)
    next_b = b.meeting(bb, 30)
    b.item(next_b, PUBLIC, paper=b.advance(b.paper(bb, PUBLIC, "Audit Plan"), S.CLEARED), label="audit")
    sensitive_b = b.advance(b.paper(bb, BOARD_B, "Fraud Case", marking=Paper.Marking.OFFICIAL_SENSITIVE), S.CLEARED)
    b.item(next_b, PUBLIC, paper=sensitive_b, label="fraud")
    b.item(next_b, PUBLIC, paper=b.advance(b.paper(bb, BOARD_B, "Legal Claim"), S.CLEARED), exempt=True, label="claim")
    b.publish_agenda(next_b, build_packs=True)
    b.advance(b.paper(bb, BOARD_B, "Internal Audit Charter"), S.CLEARED)

    _imported_records(b)
    leak_notices.add(b)
    leak_forward_plan.add(b)
    leak_registers.add(b)

    return World(
        registry=b.registry,
        users={
            "secretary": b.secretary,
            "member_a": b.member_a,
            "chair_a": b.chair_a,
            "former_a": b.former_a,
            "future_a": b.future_a,
        },
        boards={"a": a, "b": bb},
        published_period=_delivery(b),
    )


def _imported_records(b: Builder) -> None:
    """Imported documents in every state: read but unconfirmed, failed, and confirmed into a public paper, an
    OFFICIAL-SENSITIVE paper, a paper on an exempt item, published minutes and draft minutes. Each original
    file, each field and the text carry markers of the record's audience."""
    from archive.models import ImportedDocument
    from archive.services.records import confirm

    from .archive_helpers import minutes_fields, paper_fields, read_document

    def original(label: str, audience: str) -> bytes:
        return f"{label}\nThe original file {b.m(audience, f'original file of “{label}”')}\n".encode()

    def paper(label: str, audience: str, *, title_audience=None, **overrides) -> dict:
        m = lambda what: b.m(audience, f"{what} of the imported paper “{label}”")  # noqa: E731
        heading = b.m(title_audience or audience, f"title of the imported paper “{label}”")
        recommendation = f"the report {m('recommendation')}"  # printed in section 2 and the closing section
        return paper_fields(
            file=f"{label.lower().replace(' ', '-')}.txt",
            title=f"{label} {heading}",
            # The post a paper is from is printed on the public agenda only as part of the paper.
            **{"from": f"Chief Executive {m('from')}"},
            purpose=[{"number": "1.1", "text": f"To inform the Board {m('purpose')}."}],
            recommendations=[{"number": "2.1", "verb": "note", "text": recommendation}],
            closing_recommendations=[{"number": "5.1", "verb": "note", "text": recommendation}],
            sections=[
                {
                    "number": "3",
                    "heading": f"Background {m('section heading')}",
                    "paragraphs": [{"number": "3.2", "text": f"Body {m('paragraph')}."}],
                }
            ],
            contact_officers=[],
            source_documents=[f"Estates Plan {m('source document')}"],
            location=f"Castle Street {m('location')}",
            faults=[{"code": "placeholder", "where": "paragraph 3.2", "message": f"TBC {b.m(OFFICE, 'a fault')}"}],
            **overrides,
        )

    def confirmed(fields: dict, label: str, audience: str):
        document = read_document(fields, board=b.board_a, content=original(label, audience))
        return confirm(document, by=b.secretary)

    # Read, never confirmed; and a file that could not be read.
    unread = paper("Uncosted Estates", OFFICE)
    document = read_document(unread, board=b.board_a, content=original("Uncosted Estates", OFFICE))
    ImportedDocument.objects.filter(pk=document.pk).update(text=f"Text {b.m(OFFICE, 'text of an unconfirmed import')}")
    failed = read_document(paper("Scanned Letter", OFFICE), board=b.board_a, content=original("Scanned", OFFICE))
    ImportedDocument.objects.filter(pk=failed.pk).update(
        status=ImportedDocument.Status.FAILED, error=f"No text {b.m(OFFICE, 'reason an import failed')}"
    )

    confirmed(paper("Archived Outturn", PUBLIC, meeting_date="2018-12-13"), "Archived Outturn", PUBLIC)
    # On a historic meeting's public agenda: the item's title must not be the paper's.
    sensitive = paper(
        "Archived Custody",
        BOARD_A,
        marking=Paper.Marking.OFFICIAL_SENSITIVE,
        date="2018-11-01",
        meeting_date="2018-11-08",
        agenda_item="4.0",
    )
    confirmed(sensitive, "Archived Custody", BOARD_A)
    exempt = paper(
        "Archived Disposal",
        BOARD_A,
        agenda_item="6.0",
        meeting_date="2018-12-13",
        exemption_category="3",
    )
    confirmed(exempt, "Archived Disposal", BOARD_A)

    def minutes(label: str, audience: str, **overrides) -> dict:
        m = lambda what: b.m(audience, f"{what} of the imported minutes “{label}”")  # noqa: E731
        return minutes_fields(
            file=f"{label.lower().replace(' ', '-')}.txt",
            members=[{"name": "Gwen Tremayne", "post": "Police and Crime Commissioner"}],
            in_attendance=[],
            apologies=[],
            items=[
                {
                    "number": "3",
                    "heading": f"Estates {m('item heading')}",
                    "paragraphs": [{"number": "3.1", "text": f"The Board noted the report. {m('paragraph')}"}],
                }
            ],
            decisions=[],
            **overrides,
        )

    confirmed(minutes("Archived Minutes", PUBLIC, date="2018-12-13"), "Archived Minutes", PUBLIC)
    draft = minutes("Draft Archived Minutes", OFFICE, date="2018-10-11", status="draft", signed_by="", signed_on=None)
    confirmed(draft, "Draft Archived Minutes", OFFICE)
    # Approved and signed, but marked OFFICIAL-SENSITIVE: the confidential record, read by the board's members.
    sensitive_minutes = minutes(
        "Sensitive Archived Minutes", BOARD_A, date="2018-09-13", marking=Paper.Marking.OFFICIAL_SENSITIVE
    )
    confirmed(sensitive_minutes, "Sensitive Archived Minutes", BOARD_A)


def _delivery(b: Builder) -> ReportingPeriod:
    """A published period between two unpublished ones, every action's status different in each."""
    plan = make_plan(actions_per_theme=1, periods=0)
    periods = []
    for number, (start, end, audience) in enumerate(
        [
            (date(2024, 4, 1), date(2024, 6, 30), OFFICE),
            (date(2024, 7, 1), date(2024, 9, 30), PUBLIC),
            (date(2024, 10, 1), date(2024, 12, 31), OFFICE),
        ],
        start=1,
    ):
        label = f"Q{number} 2024-25 {b.m(audience, f'label of reporting period Q{number}')}"
        period = ReportingPeriod.objects.create(plan=plan, label=label, starts_on=start, ends_on=end)
        status = "RGB"[number - 1]
        plan_services.save_assessments(
            period=period,
            user=b.author,
            entries=[
                {
                    "action": action,
                    "status": status,
                    "commentary": f"Progress. {b.m(audience, f'commentary on {action.code} in Q{number}')}",
                    "assessed_by": f"Head {b.m(audience, f'assessor of {action.code} in Q{number}')}",
                }
                for action in plan.priority_actions.all()
            ],
        )
        periods.append(period)
    return plan_services.publish_report(period=periods[1], user=b.secretary)
