from datetime import date
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from pcp_portal.links import link
from pcp_portal.steps import Step
from pcp_portal.text import sentence

from .governance import Board, Person
from .meetings import AgendaItem


class PaperQuerySet(models.QuerySet):
    def public(self):
        """Papers the public may open: published once, OFFICIAL (or unmarked from before 2014), not exempt.

        Superseded revisions stay reachable; a paper withdrawn after
        publication shows its withdrawal notice. Nothing else is public.
        """
        return self.filter(self.public_rule())

    @staticmethod
    def public_rule(via: str = "") -> models.Q:
        """`public` as a condition: on the paper itself, or on the paper the forward relations `via` lead to
        from another model ("recommendation__paper__"). A row that reaches one paper is judged through a join
        on it, rather than `paper__in=Paper.objects.public()`, a nested query Django builds and PostgreSQL
        plans again on every request. Never `via` a reverse (many-valued) relation: a join on one would
        judge any one of the rows, not the row."""
        Status = Paper.Status
        return models.Q(
            **{
                f"{via}marking__in": Paper.PUBLIC_MARKINGS,
                f"{via}published_at__isnull": False,
                f"{via}status__in": [Status.PUBLISHED, Status.SUPERSEDED, Status.WITHDRAWN],
            }
        ) & ~models.Q(**{f"{via}agenda_item__part": AgendaItem.Part.EXEMPT})

    def public_text(self):
        """Public papers whose text the public may still read: all but those withdrawn."""
        return self.public().exclude(status=Paper.Status.WITHDRAWN)

    def current(self):
        return self.filter(status=Paper.Status.PUBLISHED)


#: The Government Security Classifications came in on this day; papers dated before it carry no marking.
CLASSIFICATIONS_BEGAN = date(2014, 4, 1)


@lru_cache(maxsize=4096)
def paper_slug(title: str) -> str:
    """The words of a paper's address after its number, made from its title. Remembered: `slugify` (Unicode
    normalisation and two regular expressions) is most of the cost of a paper's link, which lists, feeds and
    the API write by the hundred."""
    slug = slugify(title)[:80] or "paper"
    # "pdf" would be read as the paper's PDF URL.
    return f"{slug}-paper" if slug == "pdf" else slug


def paper_url(pk: int, title: str) -> str:
    """A paper's public address from its number and title alone, for lists read as plain values."""
    return link("boards:paper_detail", pk, paper_slug(title))


def office_address() -> str:
    return settings.OFFICE_ADDRESS


class Paper(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        CLEARED = "cleared", "Cleared"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Marking(models.TextChoices):
        OFFICIAL = "OFFICIAL", "OFFICIAL"
        OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"
        # Printed as nothing at all: papers written before the classifications existed were not marked.
        NONE = "", "No marking (dated before 1 April 2014)"

    #: What the public may read once published; OFFICIAL-SENSITIVE never.
    PUBLIC_MARKINGS = (Marking.OFFICIAL, Marking.NONE)

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="papers")
    # PROTECT: an item is taken off an agenda only through `remove_agenda_item`, which refuses to free a paper
    # that an exempt item kept from the public; deleting the item (or its meeting) in the admin is refused.
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        help_text="The meeting and item the paper goes to; its number heads every page.",
    )
    title = models.CharField(max_length=300)
    from_post = models.CharField("from", max_length=200, help_text='The post, for example "Chief Executive".')
    date = models.DateField()
    marking = models.CharField(
        "security marking", max_length=20, choices=Marking.choices, default=Marking.OFFICIAL, blank=True
    )
    purpose = models.TextField(blank=True, help_text="Section 1 of the paper.")
    contact_officer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers_as_contact"
    )
    contact_officer_as_published = models.TextField(
        blank=True,
        editable=False,
        help_text="The contact officers' names and posts, one a line, as they were when the paper was published.",
    )
    location = models.CharField(
        max_length=300,
        blank=True,
        default=office_address,
        help_text="Where the source documents may be inspected; printed in the bibliography.",
    )
    themes = models.ManyToManyField("plans.Theme", blank=True, related_name="papers")
    priority_actions = models.ManyToManyField("plans.PriorityAction", blank=True, related_name="papers")
    plan_variation = models.ForeignKey(
        "plans.Variation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="papers",
        help_text="The variation of the plan this paper proposes, if any.",
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Raised by every save of the editor; a save made from an older version
    # is refused, so two editors cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)
    revision = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="papers_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)  # the public lists, newest first
    withdrawal_reason = models.TextField(blank=True)
    pdf = models.FileField(upload_to="papers/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_page_count = models.PositiveIntegerField(null=True, blank=True)
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
        help_text='An imported paper\'s numbers as printed: {"sections": [{"number": "4.0", "paragraphs": '
        '["4.1", "4.3"]}, ...]}, one entry per numbered section in order (purpose, recommendations, further '
        "sections, closing recommendations). The portal numbers a paper of its own itself.",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        # The public list of papers pages through them in this order: PostgreSQL walks the index and stops
        # after the page, where it sorted every public paper (12 ms to 0.5 ms on the ten-year archive).
        indexes = [models.Index(models.F("date").desc(), models.F("id").desc(), name="paper_newest_first")]
        constraints = [
            models.CheckConstraint(
                # An imported paper is published at once; its PDF is built afterwards (the original file is
                # its document of record).
                condition=~models.Q(status="published")
                | ~models.Q(pdf_sha256="")
                | models.Q(imported_at__isnull=False),
                name="published_paper_has_pdf",
            ),
            models.CheckConstraint(
                condition=~models.Q(marking="") | models.Q(date__lt=CLASSIFICATIONS_BEGAN),
                name="unmarked_paper_predates_classifications",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return paper_url(self.pk, self.title)

    @property
    def slug(self) -> str:
        return paper_slug(self.title)

    def get_staff_url(self):
        return reverse("boards:staff_paper", args=[self.pk])

    def clean(self):
        super().clean()
        problem = marking_problem(self.marking, self.date)
        if problem:
            raise ValidationError({"marking": problem})

    @property
    def is_sensitive(self) -> bool:
        return self.marking == self.Marking.OFFICIAL_SENSITIVE

    @property
    def item_number(self) -> str:
        """The agenda item number the paper is headed with; an imported paper keeps the one it printed."""
        printed = (self.printed_numbers or {}).get("agenda_item") if self.imported_at else ""
        return printed or (self.agenda_item.number if self.agenda_item_id else "")

    @property
    def meeting(self):
        return self.agenda_item.meeting if self.agenda_item_id else None

    def live_contact_descriptions(self, further=None) -> list[str]:
        """The contact officers as they are today: the first, then the further ones in order.

        `further` defaults to the saved rows; the version comparison passes historical ones.
        """
        if further is None:
            further = self.further_contacts.select_related("person")
        people = [self.contact_officer] if self.contact_officer_id else []
        people += [row.person for row in sorted(further, key=lambda r: (r.position, r.pk)) if row.person_id]
        return [person.description for person in people]

    def contact_descriptions(self, further=None) -> list[str]:
        """The contact officers as the paper cites them: as they were when it was published, live until then."""
        if self.published_at and self.contact_officer_as_published:
            return self.contact_officer_as_published.splitlines()
        return self.live_contact_descriptions(further)


def marking_problem(marking: str, on: date | None) -> str:
    """Why `marking` cannot head a paper dated `on`, or "" if it can."""
    if marking == Paper.Marking.NONE and on is not None and on >= CLASSIFICATIONS_BEGAN:
        return (
            "Only papers dated before 1 April 2014, when the Government Security Classifications came in, "
            "can have no marking. Choose OFFICIAL or OFFICIAL-SENSITIVE, or correct the date."
        )
    return ""


class RecommendationVerb(models.Model):
    """A verb the Board can be recommended to act by ("note", "comment on"), offered in the editor."""

    verb = models.CharField(max_length=40, unique=True, help_text='As printed: "The Board is recommended to <verb> …".')
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the editor's list.")
    active = models.BooleanField(
        default=True,
        help_text="Offered for new recommendations. Recommendations already made keep a retired verb.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "verb"]

    def __str__(self):
        return self.verb


class SourceDocument(models.Model):
    """A document the paper draws on, listed in its bibliography; it may be a paper in the portal."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="source_documents")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300, help_text="As printed in the bibliography.")
    linked_paper = models.ForeignKey(
        Paper,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name="paper in the portal",
        help_text="Linked from the public page and PDF only while that paper is itself public.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper_id", "position", "pk"]

    def __str__(self):
        return self.title


class FurtherContact(models.Model):
    """A contact officer after the paper's first (`Paper.contact_officer`), in order."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="further_contacts")
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="papers_as_further_contact")

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper_id", "position", "pk"]

    def __str__(self):
        return str(self.person)


class Section(models.Model):
    """A further numbered section of a paper: background, options, implications."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    body = models.TextField(
        blank=True,
        help_text='Paragraphs separated by a blank line; start a line with "- " for a bullet.',
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper_id", "position", "pk"]

    def __str__(self):
        return self.heading


class Recommendation(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=0)
    # The verb as printed, kept as text so the record says what the paper said even once the verb is retired.
    verb = models.CharField(max_length=40, default="note")
    text = models.TextField(help_text='What the Board is asked to act on: "the progress made ...".')

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper_id", "position", "pk"]

    def __str__(self):
        return self.wording

    @property
    def wording(self) -> str:
        """The sentence printed in sections 2 and the closing section."""
        return self.wording_of(self.verb, self.text)

    @staticmethod
    def wording_of(verb: str, text: str) -> str:
        """`wording` from the columns alone, for exports that read plain rows."""
        return sentence(f"The Board is recommended to {verb} {text.strip()}")


class Appendix(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="appendices/%Y/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    page_count = models.PositiveIntegerField()
    tagged = models.BooleanField(
        default=False, help_text="Whether the PDF is tagged (a structure tree a screen reader follows); read on upload."
    )
    accessible_alternative = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where a reader finds this appendix in an accessible form, if the PDF is not tagged "
        "(for example “the tables as a spreadsheet on the paper's page”).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper_id", "position", "pk"]
        verbose_name_plural = "appendices"

    def __str__(self):
        return self.title

    @property
    def label(self) -> str:
        """ "A" or "1", in the office's house style (`APPENDIX_NAMING`), from the appendix's place in the paper."""
        return appendix_label(self.position)

    @property
    def name(self) -> str:
        return f"Appendix {self.label}"


def appendix_label(position: int) -> str:
    """The label of the appendix at `position` (from 0): numbers, or letters while there are letters left."""
    if settings.APPENDIX_NAMING == "numbers" or position >= 26:
        return str(position + 1)
    return chr(ord("A") + position)


def appendix_labels(paper: Paper) -> dict[str, Appendix]:
    """The paper's appendices by label ("A" or "1"), for checking references to them."""
    return {appendix.label: appendix for appendix in paper.appendices.all()}


class Figure(models.Model):
    """An image the paper's body shows where the author writes `![Figure 1]`.

    The file is checked by parsing it when uploaded (`pcp_portal.images`);
    the facts found then are stored with it. Alternative text is required in
    the editor; an imported figure may arrive without, which the checks
    before publication report.
    """

    class ContentType(models.TextChoices):
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"
        SVG = "image/svg+xml", "SVG"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="figures/%Y/")
    alt_text = models.TextField(
        "alternative text",
        blank=True,
        help_text="What the figure shows, for readers who cannot see it: the trend or the point it makes.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text='Printed under the figure: "Figure 1: …".')
    content_type = models.CharField(max_length=20, choices=ContentType.choices)
    width = models.PositiveIntegerField(null=True, blank=True, help_text="Pixels; for SVG, user units if given.")
    height = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper_id", "position", "pk"]

    def __str__(self):
        return f"Figure {self.label}" + (f": {self.caption}" if self.caption else "")

    def get_absolute_url(self) -> str:
        return reverse("boards:figure", args=[self.paper_id, self.pk])

    @property
    def label(self) -> str:
        """What the body writes to show it: "1" for `![Figure 1]`."""
        return str(self.position + 1)

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}.get(self.content_type, "bin")

    def get_staff_url(self) -> str:
        return reverse("boards:staff_figure", args=[self.paper_id, self.pk])


class PaperEvent(Step):
    """One step in a paper's life: a transition or a comment, with who and why."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned to the author"
        CLEARED = "cleared", "Cleared for publication"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REVISED = "revised", "New revision started"
        SUPERSEDED = "superseded", "Superseded by a new revision"
        COMMENTED = "commented", "Comment"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    history = HistoricalRecords()

    class Meta(Step.Meta):
        pass
