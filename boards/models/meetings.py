from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .governance import Board, Person


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    theme_in_depth = models.ForeignKey(
        "plans.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_in_depth",
        help_text="The plan theme the meeting considers in depth.",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [models.UniqueConstraint(fields=["board", "starts_at"], name="one_meeting_per_board_and_time")]

    def __str__(self):
        return f"{self.board.short_name} {timezone.localtime(self.starts_at):%d %B %Y}"

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()


class AgendaItem(models.Model):
    class Part(models.TextChoices):
        PUBLIC = "public", "Public"
        EXEMPT = "exempt", "Exempt"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    part = models.CharField(max_length=10, choices=Part.choices, default=Part.PUBLIC)
    exemption_category = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """Item numbers follow the order of the agenda: 1.0, 2.0 ..."""
        return f"{self.position}.0"

    @property
    def is_exempt(self) -> bool:
        return self.part == self.Part.EXEMPT
