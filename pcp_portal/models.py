"""The search index (one row per published thing, written by the apps that publish them) and the stored bulk
downloads (`pcp_portal.exports`)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """Only what the public may read is ever written here (see `pcp_portal.search`)."""

    key = models.CharField(max_length=100, unique=True, help_text='For example "paper:12".')
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    board = models.CharField(max_length=50, blank=True, help_text="The board's slug, if any.")
    board_name = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    themes = models.CharField(max_length=300, blank=True, help_text="Plan theme names, separated by commas.")
    published_at = models.DateTimeField()
    # PostgreSQL only: the stored search vector, with a GIN index (see the migration).
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class StoredExport(models.Model):
    """A bulk public download as last written, gzip-compressed, and whether it is still current."""

    name = models.CharField(max_length=100, primary_key=True)
    #: Raised by every public change once it has committed (`pcp_portal.public_changes`).
    version = models.PositiveBigIntegerField(default=0)
    #: The version read before the data `content` was written from; current while it equals `version`.
    built_version = models.PositiveBigIntegerField(null=True)
    built_at = models.DateTimeField(null=True)
    content = models.BinaryField(default=b"")
    sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.name
