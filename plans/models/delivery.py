"""Delivery of the plan: reporting periods and one RAG assessment per action per period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from pcp_portal.links import link

from .plan import Plan, PriorityAction


class RAG(models.TextChoices):
    """A status always shows its word and its own symbol, never colour alone."""

    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"
    BLUE = "B", "Complete"

    @classmethod
    def symbol(cls, value: str) -> str:
        return {"R": "▼", "A": "◆", "G": "●", "B": "★"}[value]

    @classmethod
    def rank(cls, value: str) -> int:
        return {"R": 0, "A": 1, "G": 2, "B": 3}[value]


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    NO_CHANGE = "no_change", "No change"
    DETERIORATING = "deteriorating", "Deteriorating"

    @classmethod
    def between(cls, previous: str | None, current: str) -> str | None:
        """Derived from the previous assessment's status; never typed. None for the first."""
        if previous is None:
            return None
        change = RAG.rank(current) - RAG.rank(previous)
        return cls.IMPROVING if change > 0 else cls.DETERIORATING if change < 0 else cls.NO_CHANGE

    @classmethod
    def symbol(cls, value: str | None) -> str:
        return {"improving": "↑", "no_change": "→", "deteriorating": "↓", None: ""}[value]


class ReportingPeriodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(report_published_at__isnull=False)

    def comparable_with(self, period: ReportingPeriod):
        """The earlier periods `period`'s report may compare with: those already published when it was
        (or, for a report not yet published, those published now). An unpublished period's statuses
        never reach a public report, and the page keeps saying what the stored PDF says. The same rule, for
        periods read already, is `ReportingPeriod.compares_with`."""
        earlier = self.filter(plan_id=period.plan_id, starts_on__lt=period.starts_on, report_published_at__isnull=False)
        if period.report_published_at is not None:
            earlier = earlier.filter(report_published_at__lte=period.report_published_at)
        return earlier


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(max_length=50, help_text='For example "Q1 2025/26".')
    slug = models.SlugField(max_length=60)
    starts_on = models.DateField()
    ends_on = models.DateField()
    report_published_at = models.DateTimeField(null=True, blank=True)
    report_pdf = models.FileField(upload_to="delivery/%Y/", blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    # The position at publication, written with it (`plans.reports.period_figures`): per theme the number of
    # actions in each status, the totals, and each action's status. Read by the dashboard, the home page and
    # the theme pages instead of counting every assessment on each view. Empty until the report is published.
    figures = models.JSONField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="period_slug_unique_in_plan"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_in_order"),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.slug = slugify(self.label.replace("/", "-"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url_of(self.slug)

    @staticmethod
    def url_of(slug: str) -> str:
        """A report's public address from the period's slug alone, for lists read as plain values (`link`: a
        timeline links forty periods)."""
        return link("plans:report", slug)

    def compares_with(self, other: ReportingPeriod) -> bool:
        """Whether this period's report compares with `other`, as `ReportingPeriod.objects.comparable_with`
        decides in a query: an earlier period of the same plan, published, and (if this one is published)
        published no later than this one. So a period published after a later one is never what that later
        one's direction of travel is measured from, on its report or anywhere else."""
        return (
            other.plan_id == self.plan_id
            and other.starts_on < self.starts_on
            and other.report_published_at is not None
            and (self.report_published_at is None or other.report_published_at <= self.report_published_at)
        )

    @property
    def is_closed(self) -> bool:
        """A period closes when its delivery report is published."""
        return self.report_published_at is not None


class AssessmentQuerySet(models.QuerySet):
    def public(self):
        """Assessments the public may read: those of periods whose report is published."""
        return self.filter(period__report_published_at__isnull=False)


class Assessment(models.Model):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="assessments")
    action = models.ForeignKey(PriorityAction, on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(max_length=1, choices=RAG.choices)
    commentary = models.TextField(blank=True)
    assessed_by = models.CharField(max_length=200, blank=True, help_text="Who assessed it: name or post.")
    assessed_on = models.DateField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save, so a grid opened before it cannot overwrite it."
    )

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["period", "action"]
        constraints = [
            models.UniqueConstraint(fields=["period", "action"], name="one_assessment_per_action_and_period")
        ]

    def __str__(self):
        return f"{self.action.code} {self.period}: {self.get_status_display()}"
