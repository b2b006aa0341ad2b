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
