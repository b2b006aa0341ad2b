"""The archive import's staff pages, and the public's copies of original files."""

from django.urls import path  # noqa: F401

app_name = "archive"

urlpatterns = [
    # Review screens (upload, progress, review, confirm)
    # Starting a paper from a Word file
    # Original files of confirmed records
]
