"""An office's past papers and minutes, brought in file by file.

Each file is stored byte for byte (`ImportedDocument.original`, with its
SHA-256, which is unique: a file is imported once), read into fields and
faults, corrected and matched by staff, and confirmed into records: a
historic meeting, a paper or minutes published on their original dates.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Board, Meeting, Paper, Person
from minutes.models import Minutes


class ImportBatch(models.Model):
    """One upload (files or a zip) or one run of `import_archive`."""

    label = models.CharField(max_length=300, help_text='What was uploaded: "3 files", "archive-2018.zip".')
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Files of the upload that were not stored, each {"name", "reason", "document"}: "document" is the
    # pk of the earlier import holding the same bytes, or None. Shown on the batch's page.
    skipped = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return self.label


class ImportedDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READ = "read", "Read: awaiting review"
        FAILED = "failed", "Could not be read"
        CONFIRMED = "confirmed", "Confirmed into the record"

    class Kind(models.TextChoices):
        PAPER = "paper", "Paper"
        MINUTES = "minutes", "Minutes"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="documents")
    original = models.FileField(upload_to="archive/%Y/", help_text="The file as received, byte for byte.")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why the file could not be read.")
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The text as extracted, shown beside the fields.")
    reading = models.JSONField(default=dict, blank=True, help_text="What the reader made of the file; never changed.")
    fields = models.JSONField(default=dict, blank=True, help_text="The fields as staff corrected them.")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paper = models.OneToOneField(Paper, on_delete=models.PROTECT, null=True, blank=True, related_name="archive_source")
    minutes = models.OneToOneField(
        Minutes, on_delete=models.PROTECT, null=True, blank=True, related_name="archive_source"
    )
    # Raised by every save of the review form; a save from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["batch", "original_name", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_stalled(self) -> bool:
        """Queued to be read, and still waiting past `ARCHIVE_READ_TIMEOUT_SECONDS`: its worker died, or none runs."""
        if self.status != self.Status.QUEUED:
            return False
        queued = max(filter(None, (self.created_at, self.read_at)))
        return timezone.now() - queued > timedelta(seconds=settings.ARCHIVE_READ_TIMEOUT_SECONDS)


class PersonMatch(models.Model):
    """A person named in an imported document, and who they are in the portal.

    `person` empty at confirmation means: create them, with `name` and `post`.
    `post` is the post they held at the time, as printed.
    """

    class Role(models.TextChoices):
        CONTACT_OFFICER = "contact_officer", "Contact officer"
        MEMBER = "member", "Member"
        IN_ATTENDANCE = "in_attendance", "In attendance"
        APOLOGIES = "apologies", "Gave apologies"
        SIGNATORY = "signatory", "Signed the minutes"

    document = models.ForeignKey(ImportedDocument, on_delete=models.CASCADE, related_name="people")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=Role.choices)
    name = models.CharField(max_length=120)
    post = models.CharField(max_length=300, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["document", "role", "position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class WordDraft(models.Model):
    """A paper an author started from a Word file, and what the reader could not place in it.

    The list stays at the top of the paper's editor until the author
    dismisses it, so a reload or a later session still shows it. `unplaced`
    is a list of {"what": "Recommendation 2.3", "text": "..."}: where the
    text was in the file, and the text itself, for the author to copy.
    """

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="word_draft")
    file_name = models.CharField(max_length=255)
    unplaced = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.paper} (from {self.file_name})"

    @property
    def showing(self) -> bool:
        """Whether the editor still lists what could not be placed."""
        return bool(self.unplaced) and self.dismissed_at is None
