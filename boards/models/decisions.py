from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .governance import Person
from .meetings import Meeting
from .papers import Paper, PaperQuerySet, Recommendation


class WrittenProcedure(models.Model):
    """A paper circulated to members for decision outside a meeting."""

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="written_procedures")
    closes_on = models.DateField(help_text="Members record their positions by the end of this day.")
    circulated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    circulated_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-circulated_at"]

    def __str__(self):
        return f"Written procedure on “{self.paper}”, closing {self.closes_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        """Positions may be recorded until the end of the closing date."""
        return timezone.localdate() <= self.closes_on

    @property
    def has_closed(self) -> bool:
        """The board decides in writing only once every member has had until the end of the closing date."""
        return not self.is_open


class Position(models.Model):
    """A board member's recorded position on one recommendation."""

    class Stance(models.TextChoices):
        SUPPORT = "support", "Support"
        OBJECT = "object", "Object"
        ABSTAIN = "abstain", "Abstain"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="positions")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    comment = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation_id", "member__name"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "member"], name="one_position_per_member")]

    def __str__(self):
        return f"{self.member}: {self.get_stance_display()}"


class DecisionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def public(self):
        """Confirmed decisions on papers the public may read.

        The paper is asked through a nested query: the lists of decisions join six or seven tables, and a
        join on the paper's agenda item as well costs PostgreSQL's planner more than the nested query does."""
        return self.confirmed().filter(recommendation__paper__in=Paper.objects.public())

    @staticmethod
    def public_rule(via: str = "") -> models.Q:
        """`public` as a condition on the decision, or on the one the forward relations `via` lead to, with the
        paper judged through a join (see `PaperQuerySet.public_rule`): for a query that joins few tables."""
        return models.Q(**{f"{via}confirmed_at__isnull": False}) & PaperQuerySet.public_rule(
            f"{via}recommendation__paper__"
        )


class Decision(models.Model):
    """The board's outcome on one recommendation, recorded by the secretary, confirmed by the chair."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        NOTED = "noted", "Noted"
        ENDORSED = "endorsed", "Endorsed"
        AGREED = "agreed", "Agreed"
        AMENDED = "amended", "Agreed as amended"
        DEFERRED = "deferred", "Deferred"
        REJECTED = "rejected", "Rejected"

    #: What the board does when it accepts a recommendation, by the recommendation's own verb. A verb that
    #: asks for no act of its own ("consider", "comment on") is noted.
    VERB_OUTCOMES = {
        "approve": Outcome.APPROVED,
        "note": Outcome.NOTED,
        "endorse": Outcome.ENDORSED,
        "agree": Outcome.AGREED,
    }
    # What the minutes say of each outcome: `text` is the recommendation's, `amended` the amended wording.
    WORDINGS = {
        Outcome.APPROVED: "The Board approved {text}.",
        Outcome.NOTED: "The Board noted {text}.",
        Outcome.ENDORSED: "The Board endorsed {text}.",
        Outcome.AGREED: "The Board agreed {text}.",
        Outcome.AMENDED: "The Board agreed, as amended: {amended}",
        Outcome.DEFERRED: "The Board deferred its decision on {text}.",
        Outcome.REJECTED: "The Board did not approve {text}.",
    }

    recommendation = models.OneToOneField(Recommendation, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    amended_text = models.TextField("amended wording", blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    written_procedure = models.ForeignKey(
        WrittenProcedure, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)  # the public lists, newest first

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="amended") | ~models.Q(amended_text=""),
                name="amended_decision_has_wording",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=True) ^ models.Q(written_procedure__isnull=True),
                name="decision_taken_at_a_meeting_or_in_writing",
            ),
        ]

    def __str__(self):
        return self.wording

    @classmethod
    def outcome_for(cls, recommendation: Recommendation) -> str:
        """The decision offered first for `recommendation`: the one its verb asks for."""
        return cls.VERB_OUTCOMES.get(recommendation.verb.strip().lower(), cls.Outcome.NOTED)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def date(self):
        if self.meeting_id:
            return self.meeting.date
        return self.written_procedure.closes_on

    @property
    def wording(self) -> str:
        """What the minutes and the decisions list say."""
        return self.wording_of(self.outcome, self.recommendation.text, self.amended_text)

    @classmethod
    def wording_of(cls, outcome: str, recommendation_text: str, amended_text: str) -> str:
        """`wording` from the columns alone, for exports that read plain rows rather than decisions."""
        return cls.WORDINGS[outcome].format(text=recommendation_text.strip().rstrip("."), amended=amended_text.strip())
