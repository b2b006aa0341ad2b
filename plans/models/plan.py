from django.db import models
from simple_history.models import HistoricalRecords

from pcp_portal.links import link


class PlanQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status=Plan.Status.IN_FORCE)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_FORCE = "in_force", "In force"
        SUPERSEDED = "superseded", "Superseded"

    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    approved_on = models.DateField(
        null=True, blank=True, help_text="Date the Police and Crime Panel approved the plan."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # What each status means, shown wherever statuses are (the legend).
    legend_red = models.TextField(default="Significant issues: delivery is at risk without intervention.")
    legend_amber = models.TextField(default="Some issues: delivery may slip but is being managed.")
    legend_green = models.TextField(default="On track: delivery as planned.")
    legend_blue = models.TextField(default="Complete: the action has been delivered.")

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="in_force"),
                name="one_plan_in_force",
            ),
        ]

    def __str__(self):
        return self.title

    def legend(self) -> list[tuple[str, str, str, str]]:
        """(value, word, symbol, meaning) for each status, in order."""
        from .delivery import RAG

        meanings = {"R": self.legend_red, "A": self.legend_amber, "G": self.legend_green, "B": self.legend_blue}
        return [(value, label, RAG.symbol(value), meanings[value]) for value, label in RAG.choices]


class Variation(models.Model):
    """A dated change to a plan in force (Police Reform and Social Responsibility Act 2011, s5)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="variations")
    made_on = models.DateField()
    summary = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "made_on", "pk"]

    def __str__(self):
        return f"Variation of {self.made_on:%-d %B %Y}"


class VariationChange(models.Model):
    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        REWORDED = "reworded", "Reworded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE, related_name="changes")
    action = models.ForeignKey("PriorityAction", on_delete=models.PROTECT, related_name="variation_changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["variation_id", "action__code"]

    def __str__(self):
        return f"{self.action.code} {self.get_kind_display().lower()}"


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)
    aim = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="theme_name_unique_in_plan")]

    def __str__(self):
        return self.name


class Objective(models.Model):
    """A shared outcome under a theme (an optional level between theme and action)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme_id", "position", "pk"]

    def __str__(self):
        return self.title


class PriorityActionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_on__isnull=True)


class PriorityAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priority_actions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="priority_actions")
    code = models.CharField(max_length=10, help_text='Unique within the plan, for example "V8".')
    text = models.TextField()
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="priority_actions"
    )
    lead = models.CharField(max_length=200, blank=True)
    partners = models.CharField(max_length=300, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = PriorityActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "theme__position", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="action_code_unique_in_plan")]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    def get_absolute_url(self):
        return link("plans:action", self.code)  # a delivery report links every action of the plan

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "The theme must belong to the same plan."})
