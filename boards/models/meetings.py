from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pcp_portal.clear_days import publication_deadline
from pcp_portal.links import link

from .governance import Board, Membership, Person


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.ahead().exclude(status=Meeting.Status.CANCELLED)

    def past(self):
        return self.filter(starts_at__lt=timezone.now())

    def ahead(self):
        """Meetings still to come, cancelled ones too: the public lists show a cancelled meeting as cancelled
        rather than drop it, so a reader who saw it announced learns it will not take place."""
        return self.filter(starts_at__gte=timezone.now())

    def on_day(self, day):
        """Meetings starting on `day`, local time: a range on `starts_at`, so its index serves."""
        start, end = (timezone.make_aware(datetime.combine(d, time.min)) for d in (day, day + timedelta(days=1)))
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def with_public_agenda(self):
        """Meetings whose agenda the public may read: published once, whatever happened to the meeting since."""
        return self.filter(agenda_published_at__isnull=False)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    slug = models.SlugField(max_length=20, editable=False)
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
    chaired_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        help_text="Who chaired the meeting: the board's chair on the day unless the secretary records another "
        "member. They confirm the meeting's decisions and sign its minutes.",
    )
    notice = models.TextField(blank=True, help_text="The latest change (moved, cancelled), shown to the public.")
    # Raised on every change a calendar must pick up (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the record came in from the office's archive; it keeps its original dates and numbering.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "starts_at"],
                name="one_meeting_per_board_and_time",
                violation_error_message="This board already has a meeting at that date and time.",
            )
        ]

    def __str__(self):
        return f"{self.board.short_name} {timezone.localtime(self.starts_at):%-d %B %Y}"

    def save(self, *args, **kwargs):
        self.slug = self._make_slug()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "starts_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "slug"}
        derive = self.chaired_by_id is None
        if derive and update_fields is None:
            self.chaired_by = self.default_chair()
        super().save(*args, **kwargs)
        if derive and update_fields is not None:
            # A partial save must not overwrite a chair recorded meanwhile, so only an empty one is filled.
            chair = self.default_chair()
            if chair is not None and Meeting.objects.filter(pk=self.pk, chaired_by__isnull=True).update(
                chaired_by=chair
            ):
                self.chaired_by = chair
        previous, self._stored_slug = getattr(self, "_stored_slug", None), self.slug
        if previous and previous != self.slug:
            # Links to the old address were published and e-mailed: they must keep working.
            MeetingSlug.objects.update_or_create(board_id=self.board_id, slug=previous, defaults={"meeting": self})

    def get_absolute_url(self):
        return self.url_of(self.board.slug, self.slug)

    @staticmethod
    def url_of(board_slug: str, slug: str) -> str:
        """A meeting's public address from its board's slug and its own, for lists read as plain values."""
        return link("boards:meeting_detail", board_slug, slug)

    def get_staff_url(self):
        return reverse("boards:staff_meeting", args=[self.pk])

    def default_chair(self) -> Person | None:
        """The board's chair whose membership is current on the meeting's day."""
        return Membership.objects.chair_on(self.board_id, self.date)

    @classmethod
    def from_db(cls, db, field_names, values):
        meeting = super().from_db(db, field_names, values)
        meeting._stored_slug = meeting.__dict__.get("slug")
        return meeting

    def _make_slug(self) -> str:
        """The date, or the date and time when the board meets twice that day."""
        local = timezone.localtime(self.starts_at)
        same_day = Meeting.objects.filter(board_id=self.board_id, slug=f"{local:%Y-%m-%d}").exclude(pk=self.pk)
        return f"{local:%Y-%m-%d}-{local:%H%M}" if same_day.exists() else f"{local:%Y-%m-%d}"

    @property
    def date(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def publication_deadline(self) -> date:
        """The last day to publish the agenda: five clear days before the meeting."""
        return publication_deadline(self.date)

    @property
    def agenda_published_late(self) -> bool:
        """Whether the agenda went out after its deadline, by the day it was published here."""
        published = self.agenda_published_at
        return published is not None and timezone.localdate(published) > self.publication_deadline

    @property
    def deadline_passed(self) -> bool:
        """An imported meeting is history: no deadline ran for it in the portal, so no item of it is late."""
        if self.imported_at is not None:
            return False
        return timezone.localdate() > self.publication_deadline

    @property
    def agenda_in_circulation(self) -> bool:
        """Its agenda and packs are out, and the meeting is still to come: changes need new documents."""
        return self.status == self.Status.AGENDA_PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        """The record follows time: nothing is decided or held at a meeting before it begins."""
        return self.starts_at <= timezone.now()

    @property
    def agenda_is_public(self) -> bool:
        """The one test of `with_public_agenda`, for a meeting already in hand."""
        return self.agenda_published_at is not None


class AgendaItemQuerySet(models.QuerySet):
    def public(self):
        """Items the public may see listed: those of published agendas. An exempt item shows its
        title, category and reason only; what it carries is decided by `Paper.objects.public()`."""
        return self.filter(self.public_rule())

    @staticmethod
    def public_rule(via: str = "") -> models.Q:
        """`public` as a condition on the item, or on the item the forward relations `via` lead to from another
        model ("agenda_item__"): judged through a join, not a nested query (see `PaperQuerySet.public_rule`)."""
        return models.Q(**{f"{via}meeting__agenda_published_at__isnull": False})


class MeetingSlug(models.Model):
    """An address a meeting had before it moved; the public views redirect it to the meeting.

    A meeting that has the slug now wins: the old address is only followed
    when no meeting of the board answers to it.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=20)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="old_slugs")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "slug"], name="one_old_meeting_address_per_board")]

    def __str__(self):
        return f"{self.board_id}/{self.slug} -> {self.meeting}"


class AgendaItem(models.Model):
    class Part(models.TextChoices):
        PUBLIC = "public", "Public"
        EXEMPT = "exempt", "Exempt (private)"

    class Exemption(models.TextChoices):
        """The categories of exempt information, Local Government Act 1972, Schedule 12A, Part 1."""

        INDIVIDUAL = "1", "1. Information relating to any individual"
        IDENTITY = "2", "2. Information likely to reveal the identity of an individual"
        FINANCIAL = "3", "3. Information relating to the financial or business affairs of any particular person"
        LABOUR = "4", "4. Consultations or negotiations on a labour relations matter"
        LEGAL = "5", "5. Information subject to legal professional privilege"
        NOTICE = "6", "6. A proposal to give a notice or make an order or direction under an enactment"
        CRIME = "7", "7. Action in connection with the prevention, investigation or prosecution of crime"

    class Standard(models.TextChoices):
        APOLOGIES = "apologies", "Welcome and Apologies"
        DECLARATIONS = "declarations", "Declarations of Interest"
        MINUTES = "minutes", "Minutes of the Last Meeting and Action Log"
        AOB = "aob", "Any Other Business"
        NEXT_MEETING = "next_meeting", "Date of Next Meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    standard = models.CharField(max_length=20, choices=Standard.choices, blank=True)
    part = models.CharField(max_length=10, choices=Part.choices, default=Part.PUBLIC)
    exemption_category = models.CharField(max_length=2, choices=Exemption.choices, blank=True)
    public_interest_reason = models.TextField(
        blank=True, help_text="Why the public interest in keeping the information exempt outweighs disclosing it."
    )
    delivery_report = models.ForeignKey(
        "plans.ReportingPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="A published delivery report of the plan, put to the meeting as this item's paper.",
    )
    is_late = models.BooleanField(default=False, editable=False)
    late_reason = models.TextField("reason for urgency", blank=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique"),
            models.CheckConstraint(
                condition=models.Q(part="public") | ~models.Q(exemption_category=""),
                name="exempt_item_has_category",
            ),
            models.CheckConstraint(
                condition=models.Q(is_late=False) | ~models.Q(late_reason=""),
                name="late_item_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return self.number_of(self.position)

    @staticmethod
    def number_of(position: int) -> str:
        """Item numbers follow the order of the agenda: 1.0, 2.0 ..."""
        return f"{position}.0"

    @property
    def is_exempt(self) -> bool:
        return self.part == self.Part.EXEMPT
