from django.conf import settings
from django.db import models


class DownloadRecord(models.Model):
    """One download of a document the public may not read: who, when, from where.

    The username and the document's description are copied, so the record
    still says who read what after the login or the document is gone.
    """

    class Kind(models.TextChoices):
        SENSITIVE_PAPER = "sensitive_paper", "OFFICIAL-SENSITIVE paper"
        SENSITIVE_APPENDIX = "sensitive_appendix", "Appendix of an OFFICIAL-SENSITIVE paper"
        CONFIDENTIAL_PACK = "confidential_pack", "Confidential pack"
        CONFIDENTIAL_MINUTES = "confidential_minutes", "Confidential minutes"
        ARCHIVE_ORIGINAL = "archive_original", "Original file of an archive record that is not public"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=255, blank=True)
    object_type = models.CharField(max_length=100, help_text="app_label.model of the document")
    object_id = models.CharField(max_length=64)
    description = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"{self.username} downloaded {self.description} at {self.at:%Y-%m-%d %H:%M}"


class EmailKind(models.TextChoices):
    """The hand-over e-mails a person may turn off, one kind each."""

    SUBMITTED = "submitted", "Papers and minutes submitted for review (reviewers)"
    REVIEWED = "reviewed", "Your paper returned to you or cleared (authors)"
    TO_CONFIRM = "to_confirm", "Decisions to confirm and minutes to sign (chairs)"
    POSITION_DEADLINE = "position_deadline", "Positions still to record two days before the deadline (members)"


class EmailOptOut(models.Model):
    """A kind of hand-over e-mail that `user` has turned off; every kind is on until a row says otherwise."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} off"


class SentEmail(models.Model):
    """A reminder sent once: the key names what it was about, so a second run of the command sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_email_per_key")]

    def __str__(self):
        return f"{self.key} to {self.user}"
