"""Two days before a position deadline, remind each member who has not recorded a position on every recommendation.

For cron (daily). Each member is reminded once per meeting or written procedure, however often it runs.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailKind, SentEmail
from boards.models import Meeting, Paper, Position, Recommendation, WrittenProcedure
from boards.notifications import _absolute, handover
from boards.permissions import position_holders

PAPERS_FOR_POSITIONS = [Paper.Status.CLEARED, Paper.Status.PUBLISHED]


def _members_without_positions(board, recommendations):
    recommendation_ids = list(recommendations.values_list("pk", flat=True))
    if not recommendation_ids:
        return []
    # Who may record a position, by the rule that lets them record it: an adviser, or an officer on the board
    # without a member's login, is not asked for what they cannot give.
    holders = position_holders(board).select_related("person__user").order_by("person__name", "person_id")
    people = list({m.person_id: m.person for m in holders}.values())
    answered: dict[int, int] = {}
    for person_id in Position.objects.filter(recommendation__in=recommendation_ids).values_list("member", flat=True):
        answered[person_id] = answered.get(person_id, 0) + 1
    return [person for person in people if answered.get(person.pk, 0) < len(recommendation_ids)]


def _remind(person, key: str, subject: str, body: str) -> bool:
    with transaction.atomic():
        _, created = SentEmail.objects.get_or_create(user=person.user, key=key)
        if created:
            handover(EmailKind.POSITION_DEADLINE, [person.user], subject, body)
        return created


class Command(BaseCommand):
    help = "Remind members, two days ahead, of the recommendations still without their position (sent once)."

    def handle(self, *args, **options):
        day = timezone.localdate() + timedelta(days=2)
        sent = 0
        for meeting in Meeting.objects.upcoming().on_day(day).select_related("board"):
            recommendations = Recommendation.objects.filter(
                paper__agenda_item__meeting=meeting, paper__status__in=PAPERS_FOR_POSITIONS, decision__isnull=True
            )
            for person in _members_without_positions(meeting.board, recommendations):
                sent += _remind(
                    person,
                    f"positions-meeting:{meeting.pk}",
                    f"Your positions before {meeting.board} on {meeting.date:%-d %B %Y}",
                    f"The {meeting.board} meets on {meeting.date:%-d %B %Y}. Some recommendations on its agenda "
                    f"have no position from you yet.\n\nRecord them: {_absolute(meeting.get_staff_url())}",
                )
        for procedure in WrittenProcedure.objects.filter(closes_on=day).select_related("paper__board"):
            paper = procedure.paper
            recommendations = Recommendation.objects.filter(
                paper=paper, paper__status__in=PAPERS_FOR_POSITIONS, decision__isnull=True
            )
            for person in _members_without_positions(paper.board, recommendations):
                sent += _remind(
                    person,
                    f"positions-procedure:{procedure.pk}",
                    f"Your positions on “{paper.title}” by {procedure.closes_on:%-d %B %Y}",
                    f"The decision in writing on “{paper.title}” closes on {procedure.closes_on:%-d %B %Y}, and some "
                    f"recommendations have no position from you yet.\n\n"
                    f"Record them: {_absolute(reverse('boards:staff_paper', args=[paper.pk]))}",
                )
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
