from django.conf import settings
from django.db import models
from django.urls import reverse

from pcp_portal.links import link

from .meetings import Meeting


class PackBuildQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=PackBuild.Status.READY)

    def unfinished(self):
        return self.filter(status__in=[PackBuild.Status.QUEUED, PackBuild.Status.BUILDING])

    def stale(self, cutoff):
        """Queued before `cutoff` and never started, or started before it and never finished."""
        return self.filter(
            models.Q(status=PackBuild.Status.QUEUED, requested_at__lt=cutoff)
            | models.Q(status=PackBuild.Status.BUILDING, started_at__lt=cutoff)
        )

    def public(self):
        """Public builds of published agendas that still hold only what the public may read:
        a build is retracted when something in it stops being public (see `boards.publicity`)."""
        return self.ready().filter(
            kind__in=PackBuild.PUBLIC_KINDS, retracted_at__isnull=True, meeting__agenda_published_at__isnull=False
        )


class PackBuild(models.Model):
    """One build of a meeting document: queued, built in the background, kept.

    A failed build never replaces anything: the latest *ready* build of each
    kind is the one people read.
    """

    class Kind(models.TextChoices):
        AGENDA = "agenda", "Agenda"
        PACK = "pack", "Agenda pack"
        CONFIDENTIAL = "confidential", "Confidential pack for members"
        SUPPLEMENT = "supplement", "Supplementary pack"
        CONFIDENTIAL_SUPPLEMENT = "confidential_supplement", "Confidential supplementary pack"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    PUBLIC_KINDS = (Kind.AGENDA, Kind.PACK, Kind.SUPPLEMENT)
    CONFIDENTIAL_KINDS = (Kind.CONFIDENTIAL, Kind.CONFIDENTIAL_SUPPLEMENT)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_builds")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    supplement_number = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    # The papers a build includes, so a supplement can hold just what is new.
    paper_ids = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to="packs/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    notify_members = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # Taken out of the public's reach when something it holds stopped being public; staff still read it.
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.TextField(blank=True)

    objects = PackBuildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "-requested_at", "-pk"]

    def __str__(self):
        return f"{self.label} – {self.meeting} ({self.get_status_display()})"

    def get_absolute_url(self):
        if self.is_public:
            return link("boards:meeting_pack", self.meeting.board.slug, self.meeting.slug, self.pk)
        return reverse("boards:staff_pack", args=[self.meeting_id, self.pk])

    @property
    def label(self) -> str:
        return self.label_of(self.kind, self.supplement_number)

    @classmethod
    def label_of(cls, kind: str, supplement_number: int | None) -> str:
        """`label` from the columns alone, for lists read as plain values."""
        name = dict(cls.Kind.choices).get(kind, kind)
        return f"{name} {supplement_number}" if supplement_number else name

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS

    @property
    def is_confidential(self) -> bool:
        return self.kind in self.CONFIDENTIAL_KINDS

    @property
    def storage_name(self) -> str:
        """Where this build's PDF is stored: its own name, so a partial file can only ever be its own."""
        stem = self.filename.removesuffix(".pdf")
        return f"packs/{self.requested_at:%Y}/{stem}-{self.pk}.pdf"

    @property
    def filename(self) -> str:
        number = f"-{self.supplement_number}" if self.supplement_number else ""
        return f"{self.meeting.board.short_name}-{self.meeting.slug}-{self.kind}{number}.pdf".lower()
