from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pcp_portal.links import link


class Person(models.Model):
    name = models.CharField(max_length=120)
    initials = models.CharField(max_length=6, help_text='Used in minutes: "DG introduced the report".')
    post_title = models.CharField("post", max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        """Name, post and organisation, as a contact officer is cited."""
        return ", ".join(part for part in (self.name, self.post_title, self.organisation) if part)


class BoardQuerySet(models.QuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)

    def of_member(self, user, on=None):
        """Boards on which `user`'s person holds a membership current `on` (today by default).

        One membership row must satisfy both dates: an old membership that has
        ended and a later one that has not begun never add up to access.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        memberships = Membership.objects.current(on).filter(board=models.OuterRef("pk"), person__user=user)
        return self.filter(models.Exists(memberships))


class Board(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, unique=True, help_text='For example "BCB".')
    slug = models.SlugField(unique=True)
    purpose = models.TextField("purpose and terms of reference", blank=True)
    meeting_frequency = models.CharField(max_length=100, blank=True)
    established_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)
    dissolution_reason = models.TextField(blank=True)
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How many voting members (the chair and members, not advisers) must be present for the board "
        "to decide. Left blank, the meeting screen shows who is present without a quorum check.",
    )

    history = HistoricalRecords()
    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True) | ~models.Q(dissolution_reason=""),
                name="dissolved_board_has_reason",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("boards:board_detail", self.slug)

    def clean(self):
        if self.dissolved_on and not self.dissolution_reason.strip():
            raise ValidationError({"dissolution_reason": "Say why the board was dissolved."})

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on `on` (today by default): from the start date to the end date inclusive."""
        on = on or timezone.localdate()
        return self.filter(models.Q(starts_on__lte=on) & (models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on)))

    def voting(self):
        """The chair and members, who record positions and count towards the quorum; advisers do not."""
        return self.filter(role__in=[Membership.Role.CHAIR, Membership.Role.MEMBER])

    def by_role(self):
        """The chair, then the members, then the advisers in attendance (the order the roles are declared in),
        each by name. The model's own ordering sorts the roles by their stored words, advisers first."""
        rank = models.Case(
            *(models.When(role=role, then=models.Value(i)) for i, role in enumerate(Membership.Role.values)),
            default=models.Value(len(Membership.Role.values)),
        )
        return self.order_by(rank, "person__name", "pk")

    def chair_on(self, board_id: int, on) -> Person | None:
        """The board's chair on the day `on`: who chairs a meeting unless the secretary records otherwise."""
        membership = (
            self.current(on=on)
            .filter(board_id=board_id, role=Membership.Role.CHAIR)
            .select_related("person")
            .order_by("-starts_on", "-pk")
            .first()
        )
        return membership.person if membership else None


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        IN_ATTENDANCE = "in_attendance", "In attendance (adviser)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board_id", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            )
        ]

    #: The role as a list of people prints it, in brackets or a badge: the choice's own label, "In attendance
    #: (adviser)", would nest brackets ("(In attendance (adviser))").
    TITLES = {Role.CHAIR: "Chair", Role.MEMBER: "Member", Role.IN_ATTENDANCE: "Adviser, in attendance"}

    def __str__(self):
        return f"{self.person} ({self.role_title}, {self.board.short_name})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.role == self.Role.CHAIR:
            self._fill_unchaired_meetings()

    @property
    def role_title(self) -> str:
        return self.TITLES.get(self.role, self.get_role_display())

    def _fill_unchaired_meetings(self) -> None:
        """Meetings in this chair's term that still have nobody recorded as chairing take this chair."""
        meetings = self.board.meetings.filter(chaired_by__isnull=True, starts_at__date__gte=self.starts_on)
        if self.ends_on:
            meetings = meetings.filter(starts_at__date__lte=self.ends_on)
        for meeting in meetings:
            meeting.chaired_by = self.person
            meeting.save(update_fields=["chaired_by", "updated_at"])
