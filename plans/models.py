from django.db import models
from simple_history.models import HistoricalRecords


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


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)
    aim = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="theme_name_unique_in_plan")]

    def __str__(self):
        return self.name


class PriorityAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priority_actions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="priority_actions")
    code = models.CharField(max_length=10, help_text='Unique within the plan, for example "V8".')
    text = models.TextField()
    lead = models.CharField(max_length=200, blank=True)
    partners = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "theme__position", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="action_code_unique_in_plan")]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "The theme must belong to the same plan."})
