"""What the Specified Information Order asks an OPCC to publish beyond its boards.

- `DecisionNotice`: the Commissioner's (or the deputy's) own decision, with a
  reference in the office's series, the advice given, signature and
  publication (or a hold until a date), and an optional confidential part.
- `ForwardPlanEntry`: a key decision expected, published at least 28 days ahead.
- `InterestRegister` / `Interest`: the register of interests of the
  Commissioner, the deputy and the independent board members.
- `Gift`: the register of gifts and hospitality offered, accepted or declined.
- `TransparencyLink`: where the office publishes what the portal does not hold.

What the public may see of each is its manager's `public()`, and nothing else.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Board, Decision, Meeting, Paper, Person
from pcp_portal.links import link
from pcp_portal.steps import Step

#: A forward plan entry is due to be published at least this many days before the decision.
FORWARD_PLAN_NOTICE_DAYS = 28


class Marking(models.TextChoices):
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"


class DecisionMakerCapacity(models.TextChoices):
    COMMISSIONER = "commissioner", "Police and Crime Commissioner"
    DEPUTY = "deputy", "Deputy Police and Crime Commissioner, under delegation"


# Decision notices


class ReferenceCounter(models.Model):
    """The last sequence number given in a year of one of the office's series; numbers are never given twice."""

    class Series(models.TextChoices):
        NOTICE = "notice", "Decision notices (2026/015)"
        GIFT = "gift", "Gifts and hospitality (GH2026/004)"

    series = models.CharField(max_length=20, choices=Series.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="unique_reference_counter")]

    def __str__(self):
        return f"{self.get_series_display()} {self.year}: {self.last}"


def confidential_part() -> models.Expression:
    """Whether a notice has a confidential part, in SQL: the one definition, as `has_confidential_part` reads it."""
    documents = SupportingDocument.objects.filter(notice=models.OuterRef("pk"), confidential=True)
    return models.ExpressionWrapper(
        models.Q(confidential_text__regex=r"\S") | models.Exists(documents), output_field=models.BooleanField()
    )


class DecisionNoticeQuerySet(models.QuerySet):
    def public(self):
        """Notices the public may read: published (a held notice only once its task has published it), OFFICIAL.

        The confidential part is never public, whatever the notice's state:
        public surfaces read `public_fields` of a public notice, never
        `confidential_text`, and never a confidential supporting document.
        """
        return self.filter(
            status=DecisionNotice.Status.PUBLISHED,
            published_at__isnull=False,
            published_at__lte=timezone.now(),
            marking=Marking.OFFICIAL,
        )

    def with_confidential_part(self):
        """Annotated `withholds_part`: a confidential text or a confidential document (`has_confidential_part`)."""
        return self.annotate(withholds_part=confidential_part())

    def due_for_publication(self, now=None):
        """Held notices whose date has come: the scheduled task publishes these."""
        return self.filter(status=DecisionNotice.Status.HELD, hold_until__lte=now or timezone.now())


class DecisionNotice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ADVISED = "advised", "Advice recorded"
        SIGNED = "signed", "Signed"
        HELD = "held", "Signed, held back from publication"
        PUBLISHED = "published", "Published"

    reference_year = models.PositiveSmallIntegerField(editable=False)
    reference_number = models.PositiveIntegerField(editable=False)
    title = models.CharField(max_length=300)
    decision = models.TextField(help_text="What was decided, as the decision-maker signs it.")
    background = models.TextField("background and reasons", blank=True)
    options = models.TextField("options considered", blank=True)
    consultation = models.TextField("consultation undertaken", blank=True)
    financial_implications = models.TextField(blank=True)
    financial_adviser = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who gave the financial advice.",
    )
    legal_implications = models.TextField(blank=True)
    legal_adviser = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who gave the legal advice.",
    )
    equality_implications = models.TextField(blank=True)
    equality_adviser = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who gave the equality advice.",
    )
    conflict_of_interest = models.TextField(
        "conflict of interest declared",
        blank=True,
        help_text="Any interest the decision-maker declared; blank for none.",
    )
    dispensation = models.TextField(blank=True, help_text="Any dispensation granted, and by whom.")
    marking = models.CharField("security marking", max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    decision_maker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="decision_notices")
    capacity = models.CharField(
        max_length=20, choices=DecisionMakerCapacity.choices, default=DecisionMakerCapacity.COMMISSIONER
    )
    # The confidential part (as a part 2 report): never public.
    confidential_text = models.TextField(
        "confidential part", blank=True, help_text="What may not be published. Never shown to the public."
    )
    confidential_reason = models.TextField(
        "why the confidential part is withheld",
        blank=True,
        help_text="Shown to the public, with the fact that a confidential part exists.",
    )
    # Links
    paper = models.ForeignKey(
        Paper,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_notices",
        help_text="The board paper this decision follows, if any.",
    )
    board_decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_notices",
        help_text="The board decision this decision follows, if any.",
    )
    themes = models.ManyToManyField("plans.Theme", blank=True, related_name="decision_notices")
    priority_actions = models.ManyToManyField("plans.PriorityAction", blank=True, related_name="decision_notices")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    finance_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finance_signed_off_at = models.DateTimeField(null=True, blank=True)
    legal_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(null=True, blank=True, help_text="Published automatically at this time.")
    hold_reason = models.TextField(blank=True, help_text="Why publication is held back; shown once published.")
    published_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="decisions/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_page_count = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="decision_notices_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DecisionNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-reference_year", "-reference_number"]
        constraints = [
            models.UniqueConstraint(fields=["reference_year", "reference_number"], name="unique_notice_reference"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["signed", "held", "published"]) | ~models.Q(pdf_sha256=""),
                name="signed_notice_has_pdf",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return link("transparency:notice", self.slug)

    @property
    def reference(self) -> str:
        """As the office prints it: "2026/015"."""
        return f"{self.reference_year}/{self.reference_number:03d}"

    @property
    def slug(self) -> str:
        """The reference in a URL: "2026-015"."""
        return f"{self.reference_year}-{self.reference_number:03d}"

    @property
    def released_early(self) -> bool:
        """Held back, then published by the secretary before the date it was held until."""
        return self.hold_until is not None and self.published_at is not None and self.published_at < self.hold_until

    @property
    def has_confidential_part(self) -> bool:
        """A confidential text or a confidential supporting document: the public is told it exists, and why."""
        annotated = self.__dict__.get("withholds_part")
        if annotated is not None:
            return bool(annotated)
        return bool(self.confidential_text.strip()) or self.has_confidential_documents

    @property
    def has_confidential_documents(self) -> bool:
        return self.pk is not None and self.documents.filter(confidential=True).exists()

    def registered_capacity(self, on=None) -> str | None:
        """The capacity the decision-maker's register of interests gives them (Commissioner or deputy) on `on`."""
        if not self.decision_maker_id:
            return None
        register = InterestRegister.objects.filter(
            person_id=self.decision_maker_id,
            capacity__in=[DecisionMakerCapacity.COMMISSIONER, DecisionMakerCapacity.DEPUTY],
        ).first()
        return register.capacity if register is not None and register.is_current(on) else None

    def clean(self):
        errors = {}
        registered = self.registered_capacity()
        if registered and self.capacity != registered:
            errors["capacity"] = (
                f"{self.decision_maker.name} holds office as {DecisionMakerCapacity(registered).label}: "
                "the notice must say so."
            )
        if not self.confidential_reason.strip():
            if self.confidential_text.strip():
                errors["confidential_reason"] = "Say why the confidential part is withheld: the public notice says so."
            elif self.has_confidential_documents:
                errors["confidential_reason"] = (
                    "A confidential supporting document is attached, so the notice has a confidential part: "
                    "say why it is withheld (the public notice says so)."
                )
        if errors:
            raise ValidationError(errors)


class SupportingDocument(models.Model):
    """A PDF supporting a decision notice; a confidential one belongs to the confidential part."""

    notice = models.ForeignKey(DecisionNotice, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="decisions/documents/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    confidential = models.BooleanField(default=False, help_text="Part of the confidential part: never published.")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["notice_id", "position", "pk"]

    def __str__(self):
        return self.title


class NoticeEvent(Step):
    """One step in a notice's life, with who, when and why."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        FINANCE_ADVICE = "finance_advice", "Financial advice signed off"
        LEGAL_ADVICE = "legal_advice", "Legal advice signed off"
        RETURNED = "returned", "Returned to draft"
        ADVICE_ASKED_AGAIN = "advice_asked_again", "Advice asked for again after a change"
        SIGNED = "signed", "Signed"
        HELD = "held", "Held back from publication"
        PUBLISHED = "published", "Published"

    notice = models.ForeignKey(DecisionNotice, on_delete=models.CASCADE, related_name="events")

    class Meta(Step.Meta):
        pass


# The forward plan


def is_late_for(published_on, expected_on) -> bool:
    """Published fewer than `FORWARD_PLAN_NOTICE_DAYS` days before the decision is due.

    Counted in calendar days from the day of publication to the day of the decision: an entry published on
    3 February for a decision on 3 March has 28 days' notice in a common year (on time) and 29 in a leap year.
    """
    return expected_on - published_on < timedelta(days=FORWARD_PLAN_NOTICE_DAYS)


class ForwardPlanEntryQuerySet(models.QuerySet):
    def public(self):
        """Entries the public may see: every entry once published, including one withdrawn since.

        A withdrawn entry shows only its subject, its dates and the withdrawal notice (as a withdrawn paper
        does): its text is `public_text()`. Entries whose decision is published stay public (they link to it),
        but leave the plan itself: see `on_plan()` and `decided()`.
        """
        return self.filter(published_at__isnull=False)

    def public_text(self):
        """Public entries whose full text the public may read: published and not withdrawn."""
        return self.public().filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        """Public entries withdrawn after publication: the decision is no longer expected."""
        return self.public().filter(withdrawn_at__isnull=False)

    def _resolved(self) -> models.Q:
        """The decision is taken and published as far as it can be: its notice is published (an
        OFFICIAL-SENSITIVE one too, which the public never reads), or its board decision is public."""
        # Correlated EXISTS, one index look-up per entry: an IN over every public decision of the archive
        # made PostgreSQL hash them all for the handful of entries on the plan.
        published = DecisionNotice.objects.filter(
            pk=models.OuterRef("notice_id"),
            status=DecisionNotice.Status.PUBLISHED,
            published_at__isnull=False,
            published_at__lte=timezone.now(),
        )
        public_decision = Decision.objects.public().filter(pk=models.OuterRef("board_decision_id"))
        return models.Q(models.Exists(published)) | models.Q(models.Exists(public_decision))

    def on_plan(self):
        """Public entries still awaiting their decision."""
        return self.public_text().exclude(self._resolved())

    def decided(self):
        """Public entries whose decision is published: "Decisions taken". Only a notice in
        `DecisionNotice.objects.public()` is linked or shown; of any other, nothing."""
        return self.public_text().filter(self._resolved())

    def public_text_resolved(self):
        """`public_text()`, each entry marked `resolved`: True for those `decided()` gives, False for those
        `on_plan()` gives. For a page that lists both, from one query."""
        return self.public_text().annotate(
            resolved=models.ExpressionWrapper(self._resolved(), output_field=models.BooleanField())
        )


class ForwardPlanEntry(models.Model):
    subject = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="What the decision is about, for the public.")
    decision_maker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
        help_text="The Commissioner or deputy; leave blank where a board decides.",
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
        help_text="The board that decides, where a board decides.",
    )
    expected_on = models.DateField("expected date of the decision")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
        help_text="The meeting expected to take it, if any; its date is the expected date.",
    )
    private = models.BooleanField("expected to be taken in private", default=False)
    private_reason = models.TextField("why in private", blank=True)
    contact_officer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    late_reason = models.TextField(
        "reason for late entry",
        blank=True,
        help_text=f"Required when the entry is published fewer than {FORWARD_PLAN_NOTICE_DAYS} days before the "
        "decision.",
    )
    staff_note = models.TextField(blank=True, help_text="For the office only; never published.")
    notice = models.ForeignKey(
        DecisionNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="forward_plan_entries"
    )
    board_decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="forward_plan_entries"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ForwardPlanEntryQuerySet.as_manager()

    class Meta:
        ordering = ["expected_on", "pk"]
        verbose_name_plural = "forward plan entries"

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("transparency:forward_plan_entry", args=[self.pk])

    def get_staff_url(self):
        return reverse("transparency:staff_forward_plan_entry", args=[self.pk])

    def clean(self):
        """The rules every save keeps; the form shows each beside its field."""
        errors = {}
        if self.decision_maker_id and self.board_id:
            errors["board"] = "Name either the person who decides or the board, not both."
        elif not (self.decision_maker_id or self.board_id):
            errors["decision_maker"] = "Name who takes the decision: the Commissioner or deputy, or a board."
        if self.private and not self.private_reason.strip():
            errors["private_reason"] = "Say why the decision is expected to be taken in private; the public sees it."
        if self.meeting_id:
            if self.board_id and self.meeting.board_id != self.board_id:
                errors["meeting"] = f"That meeting is of the {self.meeting.board}, not of the board named."
            elif self.meeting.is_cancelled:
                errors["meeting"] = "That meeting is cancelled: choose another or give the expected date."
            elif self.expected_on and self.expected_on != self.meeting.date:
                errors["expected_on"] = (
                    f"The meeting is on {self.meeting.date:%-d %B %Y}: leave the date blank or give the meeting's."
                )
        if self.notice_id and self.notice.decision_maker_id != self.decision_maker_id:
            errors["notice"] = "That decision notice was taken by someone else: choose one of this decision-maker's."
        if self.board_decision_id and self.board_decision.recommendation.paper.board_id != self.board_id:
            errors["board_decision"] = "That decision is another board's: choose one of this board's."
        if (
            self.published_at
            and self.expected_on
            and not self.late_reason.strip()
            and is_late_for(self.published_on, self.expected_on)
        ):
            errors["late_reason"] = (
                f"The entry was published on {self.published_on:%-d %B %Y}, fewer than {FORWARD_PLAN_NOTICE_DAYS} "
                f"days before {self.expected_on:%-d %B %Y}: give the reason it is late; the public sees it."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def published_on(self):
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def is_late(self) -> bool:
        """Published fewer than 28 days before the decision is due (as it is expected now)."""
        if self.published_at is None:
            return False
        return is_late_for(self.published_on, self.expected_on)

    @property
    def publish_by(self):
        """The last day to publish the entry in time."""
        return self.expected_on - timedelta(days=FORWARD_PLAN_NOTICE_DAYS)

    @property
    def taken_by(self) -> str:
        """Who decides: the person, with their post, or the board."""
        if self.decision_maker is not None:
            return ", ".join(part for part in (self.decision_maker.name, self.decision_maker.post_title) if part)
        return str(self.board or "")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def status_label(self) -> str:
        """For the workspace: where the entry stands."""
        if self.withdrawn_at:
            return "Withdrawn" if self.published_at else "Withdrawn before publication"
        return "Published" if self.published_at else "Draft"


# Registers


def twelve_months_before(moment: datetime) -> datetime:
    """The same local date and time a year earlier; 29 February goes back to 28 February."""
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year - 1)
    except ValueError:
        return local.replace(year=local.year - 1, day=28)


class InterestRegisterQuerySet(models.QuerySet):
    def public(self):
        """Registers the public may read: every holder's, current and former (a former one is marked so).

        Nothing of a register is public before its holder's first day in office.
        """
        return self.filter(published=True, holds_office_from__lte=timezone.localdate())


class InterestRegister(models.Model):
    """One person's register of interests: the Commissioner, the deputy or an independent board member."""

    class Capacity(models.TextChoices):
        COMMISSIONER = "commissioner", "Police and Crime Commissioner"
        DEPUTY = "deputy", "Deputy Police and Crime Commissioner"
        INDEPENDENT_MEMBER = "independent", "Independent board member"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="interest_register")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    holds_office_from = models.DateField()
    holds_office_to = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=True)
    staff_note = models.TextField(blank=True, help_text="For the office only; never published.")
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = InterestRegisterQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]

    def __str__(self):
        return f"Register of interests: {self.person}"

    def get_absolute_url(self):
        return reverse("transparency:interest_register", args=[self.pk])

    def get_staff_url(self):
        return reverse("transparency:staff_register", args=[self.pk])

    def is_current(self, on=None) -> bool:
        """In office on `on` (today by default); a former holder's register stays public, marked so."""
        on = on or timezone.localdate()
        return self.holds_office_from <= on and (self.holds_office_to is None or self.holds_office_to >= on)


class InterestQuerySet(models.QuerySet):
    def public(self):
        return self.filter(register__in=InterestRegister.objects.public())

    def current(self, on=None):
        """Held on `on` (today by default): begun, and not ended. `to_date` is the day it ended, so an
        interest ended today is no longer current."""
        on = on or timezone.localdate()
        return self.filter(models.Q(to_date__isnull=True) | models.Q(to_date__gt=on), from_date__lte=on)

    def ended(self, on=None):
        """Ended by `on` (today by default)."""
        return self.filter(to_date__lte=on or timezone.localdate())

    def stale(self, now=None):
        """Entries not reviewed for more than twelve months, still current: each earns its holder a reminder.

        Twelve calendar months, not 365 days: an entry reviewed on 1 March 2023 is not stale on 29 February 2024.
        """
        now = now or timezone.now()
        return self.current(timezone.localdate(now)).filter(reviewed_at__lt=twelve_months_before(now))


class Interest(models.Model):
    class Category(models.TextChoices):
        EMPLOYMENT = "employment", "Employment, office, trade, profession or vocation"
        OFFICE = "office", "Office held (public or charitable)"
        BUSINESS = "business", "Business interests and shareholdings"
        LAND = "land", "Land and property"
        MEMBERSHIP = "membership", "Membership of organisations"
        GIFT = "gift", "Gifts and hospitality over the threshold"

    register = models.ForeignKey(InterestRegister, on_delete=models.CASCADE, related_name="interests")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField()
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    reviewed_at = models.DateTimeField(
        default=timezone.now, help_text="When the entry was last entered or confirmed as still true."
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True, help_text="Shown to the public as the entry's last update.")

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["register_id", "category", "-from_date", "pk"]

    def __str__(self):
        return f"{self.register.person}: {self.get_category_display()}"

    def has_ended(self, on=None) -> bool:
        """As `Interest.objects.ended()`, for one entry."""
        return self.to_date is not None and self.to_date <= (on or timezone.localdate())


class GiftQuerySet(models.QuerySet):
    def public(self):
        """Every recorded offer is public (accepted or declined): the register's point is that it is complete."""
        return self.all()


class Gift(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    reference_year = models.PositiveSmallIntegerField(editable=False)
    reference_number = models.PositiveIntegerField(editable=False)
    offered_on = models.DateField("date offered")
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gifts")
    recipient_post = models.CharField(
        "recipient's post", max_length=200, blank=True, help_text="As it was when the offer was made."
    )
    description = models.TextField("what was offered")
    offered_by = models.CharField("offered by", max_length=300)
    value = models.DecimalField("estimated value (£)", max_digits=9, decimal_places=2)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(help_text="Why it was accepted or declined.")
    staff_note = models.TextField(blank=True, help_text="For the office only; never published.")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = GiftQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-reference_year", "-reference_number"]
        constraints = [
            models.UniqueConstraint(fields=["reference_year", "reference_number"], name="unique_gift_reference"),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:40]}"

    @property
    def reference(self) -> str:
        """ "GH2026/004"."""
        return f"GH{self.reference_year}/{self.reference_number:03d}"


# The transparency page


class TransparencyLink(models.Model):
    """Where the office publishes an item of the Order that the portal does not hold (salaries, contracts ...)."""

    paragraph = models.CharField(max_length=20, help_text='The Order\'s paragraph, for example "3" or "4(a)".')
    title = models.CharField(max_length=200)
    url = models.URLField()
    updated_on = models.DateField("last updated", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "paragraph", "pk"]

    def __str__(self):
        return f"{self.paragraph} {self.title}"
