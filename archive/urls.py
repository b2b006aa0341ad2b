"""The archive import's staff pages, and the public's copies of original files."""

from django.urls import path

from .views import drafts

app_name = "archive"

urlpatterns = [
    # Review screens (upload, progress, review, confirm)
    # Starting a paper from a Word file
    path("workspace/papers/new/from-word/", drafts.paper_from_word, name="paper_from_word"),
    path("workspace/papers/<int:pk>/from-word/dismiss/", drafts.dismiss, name="dismiss_unplaced"),
    # Original files of confirmed records
]
