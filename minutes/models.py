"""The record of a meeting: attendance, declarations, minute items, actions, approval and signature."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import AgendaItem, Board, Meeting, Person
from pcp_portal.links import link
from pcp_portal.steps import Step


class MinutesQuerySet(models.QuerySet):
    def public(self):
        """Only published minutes reach the public."""
        return self.filter(status=Minutes.Status.PUBLISHED)


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for clearance"
        CLEARED = "cleared", "Cleared"
        CIRCULATED = "circulated", "Circulated to members (draft)"
        APPROVED = "approved", "Approved as a correct record"
        SIGNED = "signed", "Signed"
        PUBLISHED = "published", "Published"

    #: What members read: minutes that have left the office.
    MEMBER_VISIBLE = (Status.CIRCULATED, Status.APPROVED, Status.SIGNED, Status.PUBLISHED)
    #: Signed: they never change again (`is_frozen`).
    FROZEN = (Status.SIGNED, Status.PUBLISHED)

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    next_meeting = models.TextField(
        "date of next meeting", blank=True, help_text="Printed under the item “Date of Next Meeting”."
    )
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        help_text="The later meeting of the same board that approved these minutes as a correct record.",
    )
    approved_in_writing_on = models.DateField(null=True, blank=True)
    signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="minutes/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the record came in from the office's archive; it keeps its original dates and numbering.",
    )
    printed_numbers = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text='Imported minutes\' numbers as printed, by item position: {"3": {"number": "3", "paragraphs": '
        '["3.1", "3.2"]}}. The portal numbers minutes of its own itself.',
    )
    initials_key = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The key to initials as it was when the minutes were signed: [initials, name and post, person "
        "id] for each person the confidential version names (imported minutes: [initials, name and post], as "
        "printed).",
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MinutesQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__starts_at", "-pk"]
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes of the {self.meeting.board} on {self.meeting.date:%-d %B %Y}"

    def get_absolute_url(self):
        return self.url_of(self.meeting.board.slug, self.meeting.slug)

    @staticmethod
    def url_of(board_slug: str, meeting_slug: str) -> str:
        """Minutes' public address from their board's slug and their meeting's, for lists read as plain values."""
        return link("minutes:public_minutes", board_slug, meeting_slug)

    def get_staff_url(self):
        return reverse("minutes:staff_minutes", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        """Approved as a correct record, and perhaps signed and published since: who chaired is fixed."""
        return self.status in (self.Status.APPROVED, self.Status.SIGNED, self.Status.PUBLISHED)

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    @property
    def is_draft_for_members(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SUBMITTED, self.Status.CLEARED, self.Status.CIRCULATED)


class MinutesEvent(Step):
    """One step in the minutes' life, with who, when and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="events")

    history = HistoricalRecords()

    class Meta(Step.Meta):
        pass


class Attendance(models.Model):
    class State(models.TextChoices):
        MEMBER = "member", "Present (member)"
        IN_ATTENDANCE = "in_attendance", "In attendance"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    class Capacity(models.TextChoices):
        MEMBER = "member", "Member of the board"
        OFFICER = "officer", "Officer"
        GUEST = "guest", "Guest"

    PRESENT = (State.MEMBER, State.IN_ATTENDANCE)

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    state = models.CharField(max_length=20, choices=State.choices)
    capacity = models.CharField(
        "attending as",
        max_length=10,
        choices=Capacity.choices,
        blank=True,
        help_text="Asked for anyone who is not a member of the board on the day of the meeting.",
    )
    post = models.CharField(
        max_length=400,
        blank=True,
        editable=False,
        help_text="The person's post and organisation as they were when the minutes were signed.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes_id", "state", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person"],
                name="one_attendance_state_per_person",
                violation_error_message="A person has one attendance state per meeting.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_state_display()}"

    @property
    def is_present(self) -> bool:
        return self.state in self.PRESENT

    @property
    def is_away(self) -> bool:
        return self.state in (self.State.APOLOGIES, self.State.ABSENT)


def post_of(person: Person) -> str:
    """A person's post and organisation, as the minutes list them."""
    return ", ".join(part for part in (person.post_title, person.organisation) if part)


class MinuteItemQuerySet(models.QuerySet):
    def public(self):
        """Items whose text the public may read: the public parts (`public_parts`) of published minutes."""
        return self.filter(self.public_rule())

    def public_parts(self):
        """Items the public version of their minutes carries, whatever the minutes' state: public items
        whose agenda item is not exempt either (an item made exempt later is private in the minutes too).
        The public version is rendered when the chair signs, before the minutes are published; who may
        read it is decided by the minutes' own visibility (`Minutes.objects.public()`)."""
        return self.filter(self.public_parts_rule())

    # The rules as conditions on the item, or on the item the forward relations `via` lead to from another
    # model ("minute_item__"): judged through a join, not a nested query (see `PaperQuerySet.public_rule`).

    @staticmethod
    def public_rule(via: str = "") -> models.Q:
        published = models.Q(**{f"{via}minutes__status": Minutes.Status.PUBLISHED})
        return MinuteItemQuerySet.public_parts_rule(via) & published

    @staticmethod
    def public_parts_rule(via: str = "") -> models.Q:
        return models.Q(**{f"{via}part": AgendaItem.Part.PUBLIC}) & ~models.Q(
            **{f"{via}agenda_item__part": AgendaItem.Part.EXEMPT}
        )


class MinuteItem(models.Model):
    """The minute of one agenda item; its paragraphs are numbered from the item number."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    standard = models.CharField(max_length=20, choices=AgendaItem.Standard.choices, blank=True)
    part = models.CharField(max_length=10, choices=AgendaItem.Part.choices, default=AgendaItem.Part.PUBLIC)
    exemption_category = models.CharField(max_length=2, choices=AgendaItem.Exemption.choices, blank=True)
    introduced_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField(
        blank=True, help_text='Paragraphs separated by a blank line; start a line with "- " for a bullet.'
    )
    for_information = models.BooleanField(
        "for information",
        default=False,
        help_text="The item asked for no decision; the minutes say “This item was for information.”",
    )

    history = HistoricalRecords()
    objects = MinuteItemQuerySet.as_manager()

    class Meta:
        ordering = ["minutes_id", "position"]
        constraints = [models.UniqueConstraint(fields=["minutes", "position"], name="minute_item_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def is_exempt(self) -> bool:
        """Minuted in private: the item, or the agenda item it follows, is exempt."""
        return self.part == AgendaItem.Part.EXEMPT or (
            self.agenda_item_id is not None and self.agenda_item.part == AgendaItem.Part.EXEMPT
        )

    @property
    def exemption(self) -> str:
        """The category of exempt information that makes the item private, as the minutes name it: its own, or
        that of the agenda item it follows (an agenda item made exempt after the meeting)."""
        code = self.exemption_category
        if not code and self.agenda_item_id is not None and self.agenda_item.part == AgendaItem.Part.EXEMPT:
            code = self.agenda_item.exemption_category
        return dict(AgendaItem.Exemption.choices).get(code, code)


class MinutesInitials(models.Model):
    """A longer form of a person's initials used in these minutes only (JSm beside JSt), so that the
    key to initials is unambiguous; the person's own initials, and other minutes, do not change."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="longer_initials")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    initials = models.CharField(max_length=10)

    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes_id", "initials"]
        verbose_name = "initials in these minutes"
        verbose_name_plural = "initials in these minutes"
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="one_longer_initials_per_person"),
            models.UniqueConstraint(fields=["minutes", "initials"], name="longer_initials_unique_in_minutes"),
        ]

    def __str__(self):
        return f"{self.initials}: {self.person}"


class DeclarationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(MinuteItemQuerySet.public_rule("item__"))

    def public_parts(self):
        """Declarations the public version of their minutes carries (`MinuteItem.objects.public_parts`)."""
        return self.filter(MinuteItemQuerySet.public_parts_rule("item__"))


class Declaration(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(MinuteItem, on_delete=models.CASCADE, related_name="declarations")
    nature = models.TextField()
    interest = models.ForeignKey(
        "transparency.Interest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name="entry in their register of interests",
        help_text="For someone who keeps a register of interests: the entry this declaration is about.",
    )

    history = HistoricalRecords()
    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["minutes_id", "item__position", "pk"]

    def __str__(self):
        return f"{self.person} on {self.item}: {self.nature}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Action.Status.OPEN)

    def overdue(self):
        return self.open().filter(due_on__lt=timezone.localdate())

    def public(self):
        """Actions the public may read: agreed under public items of published minutes. The item is asked
        through a nested query: the action log joins the minutes, their meeting and the owner besides, and a
        join on the item, its agenda item and its minutes as well costs PostgreSQL's planner more."""
        return self.filter(minute_item__in=MinuteItem.objects.public())

    def public_parts(self):
        """Actions the public version of the minutes that raised them carries (`MinuteItem.objects.public_parts`),
        the item judged through a join (`MinuteItemQuerySet.public_parts_rule`)."""
        return self.filter(MinuteItemQuerySet.public_parts_rule("minute_item__"))

    def circulated(self):
        """Actions members may read: from minutes that have been circulated to them, or later."""
        return self.filter(raised_at__status__in=Minutes.MEMBER_VISIBLE)

    def log_for(self, meeting: Meeting):
        """The action log a meeting considers: the board's actions raised at earlier meetings
        that were still open at the time, or are open now."""
        return self.filter(board=meeting.board, raised_at__meeting__starts_at__lt=meeting.starts_at).filter(
            models.Q(status=Action.Status.OPEN) | models.Q(closed_at__gte=meeting.starts_at)
        )


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, help_text="Year and number, for example 2025/05.")
    raised_at = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="actions")
    minute_item = models.ForeignKey(MinuteItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["board", "reference"]
        constraints = [models.UniqueConstraint(fields=["board", "reference"], name="action_reference_unique_per_board")]

    def __str__(self):
        return f"{self.reference} {self.text[:60]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class CorrectionNote(models.Model):
    """A correction to signed minutes, published beside them; the minutes never change."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Correction of {self.created_at:%-d %B %Y}"
